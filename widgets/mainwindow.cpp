#include "widgets/mainwindow.h"

#include "models/pg/demoenvironment.h"
#include "models/plan/indexproposal.h"
#include "models/plan/plananalyzer.h"
#include "models/plan/planparser.h"
#include "models/query/hypotheticalindex.h"
#include "models/query/realindextrial.h"
#include "models/query/settingchange.h"
#include "models/sql/queryfingerprint.h"
#include "models/store/passwordstore.h"
#include "models/store/profilestore.h"
#include "models/workspace/connectiontreemodel.h"
#include "models/workspace/openconnection.h"
#include "widgets/colorswatch.h"
#include "widgets/connectionmanagerdialog.h"
#include "widgets/connectionsdock.h"
#include "widgets/connectionstatus.h"
#include "widgets/historydock.h"
#include "widgets/passwordprompt.h"
#include "widgets/plan/plancompareview.h"
#include "widgets/plan/plantab.h"
#include "widgets/plancomparedialog.h"
#include "widgets/planhistorydialog.h"
#include "widgets/preferencesdialog.h"
#include "widgets/querytab.h"
#include "widgets/sqleditor.h"
#include "widgets/welcomepage.h"

#include <QApplication>
#include <QCloseEvent>
#include <QFile>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QInputDialog>
#include <QLineEdit>
#include <QLocale>
#include <QMenuBar>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPointer>
#include <QProgressDialog>
#include <QPushButton>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTabBar>
#include <QTabWidget>
#include <QtConcurrent>

namespace sightline {

MainWindow::MainWindow(ProfileStore *profiles, PasswordStore *passwords, HistoryStore *history,
                       QWidget *parent)
    : QMainWindow(parent)
    , m_profiles(profiles)
    , m_passwords(passwords)
    , m_history(history)
    , m_tree(new ConnectionTreeModel(this))
    , m_dock(new ConnectionsDock(m_tree, this))
    , m_center(new QStackedWidget(this))
    , m_welcome(new WelcomePage(this))
    , m_tabs(new QTabWidget(this))
    , m_status(new ConnectionStatus(this))
{
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(tr("Sightline"));
    m_tabs->setObjectName(QStringLiteral("documentTabs"));
    m_tabs->setTabsClosable(true);
    m_tabs->setMovable(true);
    m_tabs->setDocumentMode(true);
    m_center->addWidget(m_welcome);
    m_center->addWidget(m_tabs);
    setCentralWidget(m_center);
    addDockWidget(Qt::LeftDockWidgetArea, m_dock);
    if (m_history) {
        m_historyDock = new HistoryDock(m_history, this);
        addDockWidget(Qt::BottomDockWidgetArea, m_historyDock);
        connect(m_historyDock, &HistoryDock::statementChosen, this, [this](const QString &sql) {
            if (QueryTab *tab = currentQueryTab())
                tab->insertStatement(sql);
        });
    }
    statusBar()->addPermanentWidget(m_status, 1);

    createActions();

    connect(m_tabs, &QTabWidget::tabCloseRequested, this, &MainWindow::closeTab);
    connect(m_tabs, &QTabWidget::currentChanged, this, &MainWindow::updateCurrent);
    connect(m_welcome, &WelcomePage::createConnectionRequested, this,
            &MainWindow::showConnectionManager);
    connect(m_welcome, &WelcomePage::manageConnectionsRequested, this,
            &MainWindow::showConnectionManager);
    connect(m_dock, &ConnectionsDock::connectRequested, this, &MainWindow::connectProfile);
    connect(m_dock, &ConnectionsDock::disconnectRequested, this, &MainWindow::closeConnection);
    connect(m_dock, &ConnectionsDock::manageRequested, this, &MainWindow::showConnectionManager);
    connect(m_dock, &ConnectionsDock::openDatabaseRequested, this,
            [this](OpenConnection *connection, const QString &database) {
                openQueryTab(connection, database);
            });
    connect(m_profiles, &ProfileStore::profilesChanged, this, &MainWindow::reloadProfiles);

    resize(1280, 800);
    // History is a strip under the editor by default; restoreState() keeps the user's layout.
    if (m_historyDock)
        resizeDocks({m_historyDock}, {150}, Qt::Vertical);
    restoreGeometry(m_settings.mainWindowGeometry());
    restoreState(m_settings.mainWindowState());
    reloadProfiles();
    showEmptyState();
}

MainWindow::~MainWindow() = default;

void MainWindow::createActions()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    QAction *manage =
        file->addAction(tr("&Connections…"), this, &MainWindow::showConnectionManager);
    manage->setObjectName(QStringLiteral("manageConnectionsAction"));
    manage->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O));
    QAction *newTab = file->addAction(tr("&New Query Tab"), this, [this] {
        if (QueryTab *tab = currentQueryTab())
            openQueryTab(m_tabConnection.value(tab), tab->session()->database());
        else if (!m_connections.isEmpty())
            openQueryTab(m_connections.constLast());
    });
    newTab->setShortcut(QKeySequence::AddTab);
    QAction *openPlan = file->addAction(tr("&Open Plan…"), this, [this] {
        PlanTab *tab = openPlanTab();
        tab->openFileDialog();
    });
    openPlan->setObjectName(QStringLiteral("openPlanAction"));
    openPlan->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_P));
    QAction *newPlan = file->addAction(tr("New &Plan Tab (paste or drop a plan)"), this,
                                       [this] { openPlanTab(); });
    newPlan->setObjectName(QStringLiteral("newPlanTabAction"));
    QAction *compare = file->addAction(tr("Co&mpare Plans…"), this, &MainWindow::comparePlans);
    compare->setObjectName(QStringLiteral("comparePlansAction"));
    QAction *close =
        file->addAction(tr("&Close Tab"), this, [this] { closeTab(m_tabs->currentIndex()); });
    close->setShortcut(QKeySequence::Close);
    file->addSeparator();
    QAction *quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);
    quit->setMenuRole(QAction::QuitRole);

    QMenu *edit = menuBar()->addMenu(tr("&Edit"));
    QAction *preferences = edit->addAction(tr("&Preferences…"), this, [this] {
        PreferencesDialog dialog(this);
        if (dialog.exec() != QDialog::Accepted)
            return;
        // Open editors take the new font at once.
        const AppSettings settings;
        for (QueryTab *tab : tabsOf(nullptr))
            tab->editor()->applySettings(settings);
    });
    preferences->setObjectName(QStringLiteral("preferencesAction"));
    preferences->setShortcut(QKeySequence::Preferences);
    preferences->setMenuRole(QAction::PreferencesRole);

    QMenu *view = menuBar()->addMenu(tr("&View"));
    view->addAction(m_dock->toggleViewAction());
    if (m_historyDock)
        view->addAction(m_historyDock->toggleViewAction());
    if (m_history) {
        QAction *plans = view->addAction(tr("&Plan History…"), this, [this] {
            auto *dialog = new PlanHistoryDialog(m_history, this);
            dialog->setAttribute(Qt::WA_DeleteOnClose);
            connect(dialog, &PlanHistoryDialog::openRequested, this,
                    [this](const PlanSnapshot &snapshot) {
                        PlanTab *tab = openPlanTab();
                        m_planOrigin.insert(tab, snapshot);
                        tab->setExplainContext(snapshot.query, snapshot.connectionName);
                        tab->loadText(snapshot.plan, snapshot.label);
                    });
            connect(dialog, &PlanHistoryDialog::compareRequested, this,
                    [this](const PlanSnapshot &before, const PlanSnapshot &after) {
                        compareInBackground({before.label, nullptr, before.plan},
                                            {after.label, nullptr, after.plan});
                    });
            dialog->show();
        });
        plans->setObjectName(QStringLiteral("planHistoryAction"));
    }

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About Sightline"), this, [this] {
        QMessageBox::about(this, tr("About Sightline"),
                           tr("<h3>Sightline %1</h3><p>A PostgreSQL workbench for slow "
                              "queries.</p><p>Licensed under the GNU GPL, version 3 or later.</p>")
                               .arg(QApplication::applicationVersion()));
    });
}

void MainWindow::reloadProfiles()
{
    m_tree->setProfiles(m_profiles->profiles());
    m_welcome->setHasProfiles(!m_profiles->profiles().isEmpty());
}

void MainWindow::showEmptyState()
{
    m_center->setCurrentWidget(m_tabs->count() > 0 ? static_cast<QWidget *>(m_tabs) : m_welcome);
}

void MainWindow::showConnectionManager()
{
    auto *dialog = new ConnectionManagerDialog(m_profiles, m_passwords, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &ConnectionManagerDialog::connectRequested, this,
            [this, dialog](const ConnectionProfile &profile, const QString &password,
                           bool savePassword) {
                dialog->accept();
                openConnection(profile, password, savePassword);
            });
    // First start: lead the user straight to a new profile.
    if (m_profiles->profiles().isEmpty())
        dialog->addProfile();
    dialog->open();
}

void MainWindow::startUp(const QStringList &profileProblems)
{
    if (!profileProblems.isEmpty()) {
        // A damaged profile file is reported; the others are already loaded.
        auto *box =
            new QMessageBox(QMessageBox::Warning, tr("Stored data"),
                            profileProblems.join(QStringLiteral("\n\n")), QMessageBox::Ok, this);
        box->setObjectName(QStringLiteral("profileProblemsBox"));
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->open();
    }
    if (m_profiles->profiles().isEmpty())
        showConnectionManager();
}

void MainWindow::connectProfile(const ConnectionProfile &profile)
{
    for (OpenConnection *open : std::as_const(m_connections)) {
        if (open->profile().id != profile.id)
            continue;
        switch (open->session()->state()) {
        case PgSession::State::Ready:
        case PgSession::State::Busy:
            openQueryTab(open);
            break;
        case PgSession::State::Connecting:
            statusBar()->showMessage(tr("Still connecting to %1…").arg(profile.name), 5000);
            break;
        case PgSession::State::Disconnected:
            // Lost earlier (server restart, terminated backend): open it again.
            statusBar()->showMessage(tr("Reconnecting to %1…").arg(profile.name));
            open->open();
            break;
        }
        return;
    }
    PasswordPrompt::obtain(profile, m_passwords, this, PasswordPrompt::Purpose::Connect,
                           [this, profile](const QString &password, bool save) {
                               openConnection(profile, password, save);
                           });
}

OpenConnection *MainWindow::openConnection(const ConnectionProfile &profile,
                                           const QString &password, bool savePassword)
{
    auto *connection = new OpenConnection(profile, password, this);
    m_connections.append(connection);
    m_tree->addConnection(connection);
    statusBar()->showMessage(tr("Connecting to %1…").arg(profile.name));
    // The password is kept (keychain, session) only once it has opened a
    // connection, and only on the first open: a reconnect must not rewrite it.
    connect(
        connection, &OpenConnection::opened, this,
        [this, connection, password, savePassword] {
            PasswordPrompt::connectionSucceeded(connection->profile(), m_passwords, password,
                                                savePassword);
        },
        Qt::SingleShotConnection);
    connect(connection, &OpenConnection::opened, this, [this, connection] {
        statusBar()->showMessage(tr("Connected to %1").arg(connection->profile().name), 5000);
        m_welcome->hideProgress();
        // A reconnect keeps the tabs it has; a first connect gets last time's
        // tabs back, or a new one.
        if (tabsOf(connection).isEmpty())
            restoreTabs(connection);
    });
    connect(connection, &OpenConnection::openFailed, this,
            [this, connection, profile](const PgError &error) {
                statusBar()->clearMessage();
                m_connections.removeAll(connection);
                connection->deleteLater();
                const bool refused = PasswordPrompt::connectionFailed(profile, m_passwords, error);
                // Not exec(): this runs inside the session's signal.
                auto *box = new QMessageBox(QMessageBox::Warning, tr("Could not connect"),
                                            tr("Could not connect to %1.").arg(profile.name),
                                            QMessageBox::Ok, this);
                box->setObjectName(QStringLiteral("connectFailedBox"));
                box->setAttribute(Qt::WA_DeleteOnClose);
                box->setInformativeText(error.message);
                box->setDetailedText(error.fullText());
                // A refused password is asked again right away (with a note).
                if (refused)
                    connect(box, &QMessageBox::finished, this,
                            [this, profile] { connectProfile(profile); });
                box->open();
            });
    connect(connection, &OpenConnection::lost, this,
            [this, connection](const PgError &error, bool) {
                statusBar()->showMessage(
                    tr("%1: %2").arg(connection->profile().name, error.message), 10000);
            });
    connection->open();
    return connection;
}

void MainWindow::restoreTabs(OpenConnection *connection)
{
    const QList<TabDraft> drafts =
        m_history ? m_history->drafts(connection->profile().id.toString(QUuid::WithoutBraces))
                  : QList<TabDraft>();
    if (drafts.isEmpty()) {
        openQueryTab(connection);
        return;
    }
    for (const TabDraft &draft : drafts)
        openQueryTab(connection, draft.database, QString(), &draft);
    statusBar()->showMessage(
        tr("%n tab(s) of %1 restored", nullptr, int(drafts.size())).arg(connection->profile().name),
        5000);
}

QueryTab *MainWindow::openQueryTab(OpenConnection *connection, const QString &database,
                                   const QString &text, const TabDraft *draft)
{
    if (!connection)
        return nullptr;
    const QString db = database.isEmpty() ? connection->currentDatabase() : database;
    const QString title = QStringLiteral("%1 · %2").arg(connection->profile().name, db);
    auto *tab = new QueryTab(connection->specFor(database), title, m_tabs);
    if (!text.isEmpty())
        tab->setText(text);
    m_tabConnection.insert(tab, connection);
    const ConnectionProfile &profile = connection->profile();
    const QString profileId = profile.id.toString(QUuid::WithoutBraces);
    tab->setHistory(m_history, profileId, profile.name, profile.keepHistory);
    tab->setProduction(profile.isProduction());
    tab->setCatalog(connection->catalogFor(database));
    // Only saved profiles keep drafts: a one-off connection (the demo's) has
    // nothing to come back to.
    if (m_history && m_profiles->contains(profile.id)) {
        TabDraft saved = draft ? *draft : TabDraft{};
        if (!draft)
            saved.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
        saved.profileId = profileId;
        saved.database = db;
        saved.title = title;
        saved.position = m_tabs->count();
        tab->setDraft(m_history, saved);
    }
    connect(tab, &QueryTab::statusChanged, this, &MainWindow::updateCurrent);
    connect(tab, &QueryTab::planReady, this,
            [this, tab](const ExplainResult &result) { showExplainResult(tab, result); });
    connect(connection, &QObject::destroyed, tab, [this, tab] { m_tabConnection.remove(tab); });
    const int index = m_tabs->addTab(
        tab, colorSwatch(connection->profile().color, ColorSwatchShape::Square), title);
    m_tabs->setTabToolTip(index, title);
    m_tabs->setCurrentIndex(index);
    showEmptyState();
    tab->editor()->setFocus();
    return tab;
}

QueryTab *MainWindow::currentQueryTab() const
{
    return qobject_cast<QueryTab *>(m_tabs->currentWidget());
}

QList<QueryTab *> MainWindow::tabsOf(const OpenConnection *connection) const
{
    QList<QueryTab *> tabs;
    for (int i = 0; i < m_tabs->count(); ++i) {
        auto *tab = qobject_cast<QueryTab *>(m_tabs->widget(i));
        if (tab && (!connection || m_tabConnection.value(tab) == connection))
            tabs.append(tab);
    }
    return tabs;
}

void MainWindow::removeTab(QueryTab *tab, bool discardDraft)
{
    const int index = m_tabs->indexOf(tab);
    if (index < 0)
        return;
    if (discardDraft)
        tab->discardDraft();
    m_tabs->removeTab(index);
    m_tabConnection.remove(tab);
    tab->deleteLater();
    showEmptyState();
}

bool MainWindow::closeTabs(const QList<QueryTab *> &tabs, const std::function<void()> &retry,
                           bool discardDrafts)
{
    for (QueryTab *tab : tabs) {
        switch (tab->requestClose()) {
        case QueryTab::CloseDecision::Cancelled:
            return false;
        case QueryTab::CloseDecision::CloseNow:
            removeTab(tab, discardDrafts);
            break;
        case QueryTab::CloseDecision::Pending:
            // The tab goes once its COMMIT/ROLLBACK succeeded; then the whole
            // close is tried again. A failed end keeps the tab and stops there.
            connect(
                tab, &QueryTab::closeRequestFinished, this,
                [this, tab, retry, discardDrafts](bool ok) {
                    if (!ok)
                        return;
                    removeTab(tab, discardDrafts);
                    if (retry)
                        retry();
                },
                Qt::SingleShotConnection);
            return false;
        }
    }
    return true;
}

void MainWindow::closeTab(int index)
{
    QWidget *page = m_tabs->widget(index);
    if (auto *tab = qobject_cast<QueryTab *>(page)) {
        closeTabs({tab}, {}, true);
    } else if (page) {
        // A plan tab holds nothing that could be lost: its plan is in the history.
        m_planOrigin.remove(qobject_cast<PlanTab *>(page));
        m_tabs->removeTab(index);
        page->deleteLater();
        showEmptyState();
    }
}

PlanTab *MainWindow::addPlanTab(PlanTab *tab)
{
    const int index = m_tabs->addTab(tab, tr("Plan"));
    m_tabs->setCurrentIndex(index);
    connect(tab, &PlanTab::titleChanged, this, [this, tab](const QString &title) {
        const int at = m_tabs->indexOf(tab);
        if (at >= 0) {
            m_tabs->setTabText(at, title.isEmpty() ? tr("Plan") : title);
            m_tabs->setTabToolTip(at, title);
        }
    });
    connect(tab, &PlanTab::statusMessage, this,
            [this](const QString &message) { statusBar()->showMessage(message, 5000); });
    // Every plan shown (Explain, file, paste, drop) goes to the plan history,
    // with the settings EXPLAIN (SETTINGS) reported.
    connect(tab, &PlanTab::planLoaded, this, [this, tab] {
        PlanSnapshot snapshot = m_planOrigin.value(tab);
        m_planOrigin.remove(tab); // a later paste into the tab is a plan of its own
        if (snapshot.id > 0)
            return; // opened from the plan history: it is there already
        if (snapshot.label.isEmpty())
            snapshot.label = tab->title();
        snapshot.plan = tab->sourceText();
        if (snapshot.plan.isEmpty())
            return;
        QStringList settings;
        for (const PlanSetting &setting : tab->analysis()->plan.settings)
            settings << QStringLiteral("%1 = %2").arg(setting.name, setting.value);
        snapshot.settings = settings.join(QLatin1Char('\n'));
        recordPlan(snapshot);
    });
    showEmptyState();
    return tab;
}

PlanTab *MainWindow::openPlanTab()
{
    return addPlanTab(new PlanTab(m_tabs));
}

PlanTab *MainWindow::openPlanFile(const QString &path)
{
    return addPlanTab(PlanTab::fromFile(path, m_tabs));
}

PlanTab *MainWindow::showExplainResult(QueryTab *from, const ExplainResult &result)
{
    OpenConnection *connection = m_tabConnection.value(from);
    const QString connectionName = connection ? connection->profile().name : from->title();
    auto *tab = new PlanTab(m_tabs);
    tab->setExplainContext(result.statement, connectionName);
    tab->setIndexTrialsEnabled(true);
    const QPointer<QueryTab> origin(from);
    connect(tab, &PlanTab::tryIndexRequested, this, [this, origin, tab](int nodeId) {
        if (!origin) {
            QMessageBox::information(this, tr("Try an Index"),
                                     tr("The query tab this plan came from is closed."));
            return;
        }
        tryIndex(origin, tab, nodeId);
    });
    const ExplainOptions options = result.options;
    connect(tab, &PlanTab::rerunWithSettingRequested, this, [this, origin, tab, options] {
        if (!origin) {
            QMessageBox::information(this, tr("Re-run with a Setting"),
                                     tr("The query tab this plan came from is closed."));
            return;
        }
        rerunWithSetting(origin, tab, options);
    });
    const QString title = result.options.analyze ? tr("Explain Analyze") : tr("Explain");
    addPlanTab(tab);
    tab->loadText(result.planJson, title);

    PlanSnapshot snapshot;
    snapshot.query = result.statement;
    snapshot.fingerprint = queryFingerprint(result.statement);
    snapshot.connectionName = connectionName;
    if (connection)
        snapshot.profileId = connection->profile().id.toString(QUuid::WithoutBraces);
    snapshot.database = from->session()->database();
    snapshot.serverVersion = from->session()->capabilities().serverVersion;
    snapshot.label = title;
    snapshot.plan = result.planJson;
    m_planOrigin.insert(tab, snapshot);
    return tab;
}

void MainWindow::comparePlans()
{
    QList<PlanSource> sources;
    for (int i = m_tabs->count() - 1; i >= 0; --i) {
        auto *tab = qobject_cast<PlanTab *>(m_tabs->widget(i));
        if (tab && tab->hasPlan())
            sources << PlanSource{tr("Tab: %1").arg(tab->title()), tab->analysis(), QString()};
    }
    if (m_history) {
        for (const PlanSnapshot &snapshot : m_history->plans(QString(), 100)) {
            const QString query = snapshot.query.simplified().left(70);
            sources << PlanSource{
                tr("%1 · %2 · %3")
                    .arg(QLocale().toString(snapshot.createdAt.toLocalTime(), QLocale::ShortFormat),
                         snapshot.label, query.isEmpty() ? snapshot.connectionName : query),
                nullptr, snapshot.plan};
        }
    }
    PlanCompareDialog dialog(sources, this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    compareInBackground(dialog.before(), dialog.after());
}

void MainWindow::compareInBackground(const PlanSource &before, const PlanSource &after)
{
    statusBar()->showMessage(tr("Comparing…"));
    // Plans from the history are parsed and analysed off the UI thread.
    auto analyse = [](const PlanSource &source) {
        if (source.analysis)
            return *source.analysis;
        const PlanParseResult parsed = PlanParser::parse(source.text);
        return parsed.ok() ? PlanAnalyzer::analyze(parsed.mainPlan()) : PlanAnalysis();
    };
    auto *watcher = new QFutureWatcher<std::pair<PlanAnalysis, PlanAnalysis>>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, before, after] {
        const auto [b, a] = watcher->result();
        watcher->deleteLater();
        statusBar()->clearMessage();
        if (b.plan.isEmpty() || a.plan.isEmpty()) {
            QMessageBox::warning(this, tr("Compare Plans"),
                                 tr("One of the plans could not be read."));
            return;
        }
        openComparison(b, a, before.title, after.title);
    });
    watcher->setFuture(QtConcurrent::run([analyse, before, after] {
        return std::pair{analyse(before), analyse(after)};
    }));
}

PlanCompareView *MainWindow::openComparison(const PlanAnalysis &before, const PlanAnalysis &after,
                                            const QString &beforeTitle, const QString &afterTitle)
{
    auto *view = new PlanCompareView(m_tabs);
    view->setPlans(before, after, beforeTitle, afterTitle);
    const int index = m_tabs->addTab(view, tr("Compare"));
    m_tabs->setTabToolTip(index, tr("%1 → %2").arg(beforeTitle, afterTitle));
    m_tabs->setCurrentIndex(index);
    showEmptyState();
    return view;
}

void MainWindow::tryIndex(QueryTab *origin, PlanTab *planTab, int nodeId)
{
    if (!planTab->hasPlan())
        return;
    const std::optional<IndexProposal> proposal = proposeIndex(planTab->analysis()->plan, nodeId);
    if (!proposal)
        return;
    PgSession *session = origin->session();
    OpenConnection *connection = m_tabConnection.value(origin);
    const bool production = connection && connection->profile().isProduction();
    const bool hypothetical = HypotheticalIndexTrial::available(*session);
    if (!hypothetical && production) {
        QMessageBox::information(
            this, tr("Try an Index"),
            tr("HypoPG is not installed in this database, and indexes are not built for trial "
               "on production connections. Create the extension (CREATE EXTENSION hypopg), or "
               "build the index elsewhere and compare the plans with File → Compare "
               "Plans.\n\n%1")
                .arg(proposal->statement()));
        return;
    }
    if (origin->isRunning()) {
        QMessageBox::information(this, tr("Try an Index"),
                                 tr("A statement is still running in the query tab."));
        return;
    }
    QMessageBox how(QMessageBox::Question, tr("Try an Index"),
                    tr("%1.\n\nProposed: %2").arg(proposal->reason, proposal->statement()),
                    QMessageBox::Cancel, this);
    how.setObjectName(QStringLiteral("tryIndexHowBox"));
    QPushButton *hypo = nullptr;
    if (hypothetical) {
        hypo = how.addButton(tr("&Hypothetically (HypoPG)"), QMessageBox::AcceptRole);
        hypo->setObjectName(QStringLiteral("hypotheticalButton"));
    }
    QPushButton *real = nullptr;
    if (!production) {
        real = how.addButton(tr("Build It for &Real"), QMessageBox::ActionRole);
        real->setObjectName(QStringLiteral("realIndexButton"));
        how.setInformativeText(
            tr("For real: Explain Analyze runs %1 times, CREATE INDEX CONCURRENTLY builds the "
               "index (this takes time and I/O on a big table), Explain Analyze runs again; "
               "afterwards you keep or drop the index.")
                .arg(AppSettings().indexTrialRuns()));
    }
    how.setDefaultButton(hypo ? hypo : real);
    how.exec();
    if (how.clickedButton() != hypo && how.clickedButton() != real)
        return;
    if (how.clickedButton() == real) {
        bool edited = false;
        const QString createIndex = QInputDialog::getMultiLineText(
            this, tr("Try an Index"), tr("The index to build (edit it if you like):"),
            proposal->statement(), &edited);
        if (edited && !createIndex.trimmed().isEmpty())
            buildTrialIndex(origin, planTab->statement(), createIndex);
        return;
    }
    bool ok = false;
    const QString createIndex = QInputDialog::getMultiLineText(
        this, tr("Try an Index"),
        tr("%1.\nThe index to try hypothetically (nothing is built; edit it if you like):")
            .arg(proposal->reason),
        proposal->statement(), &ok);
    if (!ok || createIndex.trimmed().isEmpty())
        return;
    auto *trial = new HypotheticalIndexTrial(session, this);
    const QString statement = planTab->statement();
    const QString connectionName = m_tabConnection.value(origin)
                                       ? m_tabConnection.value(origin)->profile().name
                                       : origin->title();
    statusBar()->showMessage(tr("Trying the index…"));
    connect(trial, &HypotheticalIndexTrial::finished, this,
            [this, trial, connectionName](const HypotheticalIndexResult &result) {
                trial->deleteLater();
                statusBar()->clearMessage();
                const PlanParseResult before = PlanParser::parse(result.planBefore);
                const PlanParseResult after = PlanParser::parse(result.planAfter);
                if (!before.ok() || !after.ok())
                    return;
                for (const auto &[label, plan] :
                     {std::pair{tr("without the index"), result.planBefore},
                      std::pair{tr("with %1").arg(result.createIndex), result.planAfter}}) {
                    PlanSnapshot snapshot;
                    snapshot.query = result.statement;
                    snapshot.fingerprint = queryFingerprint(result.statement);
                    snapshot.connectionName = connectionName;
                    snapshot.label = label;
                    snapshot.plan = plan;
                    recordPlan(snapshot);
                }
                openComparison(PlanAnalyzer::analyze(before.mainPlan()),
                               PlanAnalyzer::analyze(after.mainPlan()), tr("without the index"),
                               tr("with %1 (hypothetical)").arg(result.createIndex));
            });
    connect(trial, &HypotheticalIndexTrial::failed, this, [this, trial](const PgError &error) {
        trial->deleteLater();
        statusBar()->clearMessage();
        QMessageBox::warning(this, tr("Try an Index"), error.fullText());
    });
    trial->start(statement, createIndex);
}

void MainWindow::rerunWithSetting(QueryTab *origin, PlanTab *planTab, const ExplainOptions &options)
{
    if (!planTab->hasPlan() || planTab->statement().isEmpty())
        return;
    if (origin->isRunning()) {
        QMessageBox::information(this, tr("Re-run with a Setting"),
                                 tr("A statement is still running in the query tab."));
        return;
    }
    bool ok = false;
    const QString text = QInputDialog::getText(
        this, tr("Re-run with a Setting"),
        tr("Setting for this session only (e.g. work_mem = 256MB, enable_nestloop = off):"),
        QLineEdit::Normal, QStringLiteral("work_mem = 256MB"), &ok);
    if (!ok)
        return;
    QString error;
    const std::optional<SettingChange> change = parseSettingChange(text, &error);
    if (!change) {
        QMessageBox::warning(this, tr("Re-run with a Setting"), error);
        return;
    }
    const std::shared_ptr<const PlanAnalysis> before = planTab->analysis();
    const QString statement = planTab->statement();
    const QString afterTitle = QStringLiteral("%1 = %2").arg(change->name, change->value);
    const QPointer<QueryTab> guard(origin);
    applySettingChange(
        *origin->session(), *change,
        [this, guard, before, statement, options, afterTitle](const PgQueryResult &set) {
            if (!set.ok()) {
                QMessageBox::warning(this, tr("Re-run with a Setting"), set.error.fullText());
                return;
            }
            if (!guard)
                return;
            guard->appendNote(tr("%1 for this session (Re-run with a Setting).").arg(afterTitle));
            auto *runner = new ExplainRunner(guard->session(), this);
            connect(runner, &ExplainRunner::finished, this,
                    [this, runner, before, afterTitle](const ExplainResult &result) {
                        runner->deleteLater();
                        const PlanParseResult parsed = PlanParser::parse(result.planJson);
                        if (!parsed.ok())
                            return;
                        openComparison(*before, PlanAnalyzer::analyze(parsed.mainPlan()),
                                       tr("as it was"), afterTitle);
                    });
            connect(runner, &ExplainRunner::failed, this,
                    [this, runner](const PgError &failure, bool) {
                        runner->deleteLater();
                        QMessageBox::warning(this, tr("Re-run with a Setting"), failure.fullText());
                    });
            runner->start(statement, options);
        });
}

void MainWindow::buildTrialIndex(QueryTab *origin, const QString &statement,
                                 const QString &createIndex)
{
    OpenConnection *connection = m_tabConnection.value(origin);
    const PgConnectSpec monitor =
        connection ? connection->specFor(origin->session()->database()) : PgConnectSpec();
    auto *trial = new RealIndexTrial(origin->session(), monitor, this);
    auto *progress = new QProgressDialog(tr("Starting…"), tr("Cancel"), 0, 100, this);
    progress->setObjectName(QStringLiteral("indexTrialProgress"));
    progress->setWindowTitle(tr("Try an Index"));
    progress->setAttribute(Qt::WA_DeleteOnClose);
    progress->setMinimumDuration(0);
    progress->setValue(0);
    connect(progress, &QProgressDialog::canceled, trial, &RealIndexTrial::cancel);
    connect(trial, &RealIndexTrial::stageChanged, progress, &QProgressDialog::setLabelText);
    connect(trial, &RealIndexTrial::progress, progress,
            [progress](const QString &phase, double fraction) {
                progress->setLabelText(tr("Building the index: %1").arg(phase));
                if (fraction < 0)
                    progress->setRange(0, 0);
                else {
                    progress->setRange(0, 100);
                    progress->setValue(int(fraction * 100));
                }
            });
    connect(trial, &RealIndexTrial::failed, this, [this, trial, progress](const PgError &error) {
        progress->close();
        trial->deleteLater();
        QMessageBox::warning(this, tr("Try an Index"),
                             tr("%1\n\nNothing was left behind.").arg(error.fullText()));
    });
    connect(trial, &RealIndexTrial::finished, this,
            [this, trial, progress](const RealIndexResult &result) {
                progress->close();
                const PlanParseResult before =
                    PlanParser::parse(result.plansBefore.at(result.medianBefore));
                const PlanParseResult after =
                    PlanParser::parse(result.plansAfter.at(result.medianAfter));
                if (before.ok() && after.ok())
                    openComparison(
                        PlanAnalyzer::analyze(before.mainPlan()),
                        PlanAnalyzer::analyze(after.mainPlan()),
                        tr("without the index (median of %1 runs)").arg(result.plansBefore.size()),
                        tr("with %1 (median of %2 runs)")
                            .arg(result.indexName)
                            .arg(result.plansAfter.size()));
                const auto answer = QMessageBox::question(
                    this, tr("Try an Index"),
                    tr("Keep the index %1?\n\n%2").arg(result.indexName, result.createIndex),
                    QMessageBox::Yes | QMessageBox::No, QMessageBox::No);
                if (answer == QMessageBox::Yes) {
                    trial->deleteLater();
                    statusBar()->showMessage(tr("%1 kept").arg(result.indexName), 10000);
                    return;
                }
                connect(trial, &RealIndexTrial::dropped, this,
                        [this, trial](bool, const QString &message) {
                            trial->deleteLater();
                            statusBar()->showMessage(message, 10000);
                        });
                trial->dropIndex();
            });
    trial->start(statement, createIndex, AppSettings().indexTrialRuns());
}

void MainWindow::recordPlan(const PlanSnapshot &snapshot)
{
    if (!m_history)
        return;
    PlanSnapshot copy = snapshot;
    if (!m_history->recordPlan(copy))
        statusBar()->showMessage(m_history->lastError(), 10000);
}

void MainWindow::closeConnection(OpenConnection *connection)
{
    const QPointer<OpenConnection> guard(connection);
    const bool closed = closeTabs(tabsOf(connection), [this, guard] {
        if (guard)
            closeConnection(guard);
    });
    if (!closed)
        return;
    m_connections.removeAll(connection);
    connection->close();
    connection->deleteLater();
    showEmptyState();
}

void MainWindow::updateCurrent()
{
    QueryTab *tab = currentQueryTab();
    OpenConnection *connection = tab ? m_tabConnection.value(tab) : nullptr;
    if (tab && connection)
        m_status->setSession(tab->session(), connection->profile());
    else
        m_status->clear();
    setWindowTitle(tab ? tr("%1 — Sightline").arg(tab->title()) : tr("Sightline"));
}

void MainWindow::attachDemo(DemoEnvironment *demo)
{
    m_welcome->showProgress(tr("Starting the demo database…"), 0);
    connect(demo, &DemoEnvironment::progress, m_welcome, &WelcomePage::showProgress);
    connect(demo, &DemoEnvironment::failed, this, [this](const QString &message) {
        m_welcome->showError(message);
        statusBar()->showMessage(tr("The demo could not start"));
    });
    connect(demo, &DemoEnvironment::ready, this, [this](const PgConnectSpec &spec) {
        ConnectionProfile profile = ConnectionProfile::fromConnInfo(spec.params);
        profile.name = tr("Sightline demo");
        profile.tag = ConnectionTag::Development;
        profile.color = QStringLiteral("#2e7d32");
        profile.passwordMode = PasswordMode::PgPass;
        OpenConnection *connection = openConnection(profile, QString());
        connect(connection, &OpenConnection::opened, this, [this, connection] {
            // openConnection() opened a plain tab; the demo's gets the examples.
            if (QueryTab *tab = currentQueryTab())
                tab->setText(DemoEnvironment::exampleQueries());
            Q_UNUSED(connection);
        });
    });
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    if (!closeTabs(tabsOf(nullptr), [this] { close(); })) {
        event->ignore();
        return;
    }
    m_settings.setMainWindowGeometry(saveGeometry());
    m_settings.setMainWindowState(saveState());
    m_settings.sync();
    event->accept();
}

} // namespace sightline
