// The first start of the workbench, as a person goes through it: no profile,
// so the manager opens on a new profile; fill it in, test it, connect, and see
// the server in the status bar and its databases in the dock.

#include "models/sql/queryfingerprint.h"
#include "models/store/historystore.h"
#include "models/store/passwordstore.h"
#include "models/store/profilestore.h"
#include "tests/testsupport/secretscan.h"
#include "tests/testsupport/testserver.h"
#include "tests/testsupport/widgettest.h"
#include "widgets/connectionmanagerdialog.h"
#include "widgets/connectionstatus.h"
#include "widgets/mainwindow.h"
#include "widgets/passwordprompt.h"
#include "widgets/plan/plancompareview.h"
#include "widgets/plan/plantab.h"
#include "widgets/plancomparedialog.h"
#include "widgets/profileeditordialog.h"
#include "widgets/querytab.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QComboBox>
#include <QFileInfo>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QTreeView>

using namespace sightline;

namespace {

// Fills the profile editor the way a person would and saves.
void fillAndSave(ProfileEditorDialog *editor, const QString &name, const PgConnectSpec &spec,
                 const QString &user, const QString &password = QString())
{
    const auto field = [editor](const char *objectName) {
        return editor->findChild<QLineEdit *>(QString::fromLatin1(objectName));
    };
    test::typeInto(field("nameEdit"), name);
    test::typeInto(field("hostsEdit"), spec.params.value(QStringLiteral("host")));
    test::typeInto(field("portsEdit"), spec.params.value(QStringLiteral("port")));
    test::typeInto(field("userEdit"), user);
    test::typeInto(field("databaseEdit"), spec.params.value(QStringLiteral("dbname")));
    if (!password.isEmpty())
        test::typeInto(field("passwordEdit"), password);
    QTest::mouseClick(editor->findChild<QPushButton *>(QStringLiteral("saveButton")),
                      Qt::LeftButton);
    QTRY_VERIFY(!editor->isVisible());
}

void answerPrompt(QObject *root)
{
    auto *prompt = test::waitForVisible<PasswordPrompt>(root);
    QVERIFY(prompt);
    // The test server trusts this user: an empty password will do.
    QTest::keyClick(prompt->findChild<QLineEdit *>(QStringLiteral("promptPasswordEdit")),
                    Qt::Key_Return);
}

} // namespace

class TestMainWindow : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { SIGHTLINE_REQUIRE_SERVER(); }

    void passwordTypedInTheUiIsNeverWritten();
    void closingTabAsksAboutOpenTransaction_data();
    void closingTabAsksAboutOpenTransaction();
    void tabTextSurvivesACrashAndIsGoneWhenClosed();
    void explainOpensAPlanTabAndKeepsThePlan();
    void tryAnIndexComparesWithAHypotheticalIndex();

    void firstStartCreateTestConnect()
    {
        const PgConnectSpec spec = test::serverSpec();
        const PgQueryResult version = test::runOnce(spec, QStringLiteral("SHOW server_version"));
        QVERIFY2(version.ok(), qPrintable(version.error.fullText()));
        const QString serverVersion = version.rows.text(0, 0).section(QLatin1Char(' '), 0, 0);

        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        ProfileStore store(dir.filePath(QStringLiteral("connections")));
        store.load();
        PasswordStore passwords;
        MainWindow window(&store, &passwords);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));

        // The dock's model (through the view's proxy) stays consistent throughout.
        auto *dock = window.findChild<QTreeView *>(QStringLiteral("connectionsView"));
        QVERIFY(dock);
        QAbstractItemModelTester dockTester(dock->model(),
                                            QAbstractItemModelTester::FailureReportingMode::QtTest);

        // No profile yet: starting up opens the manager straight on a new one.
        window.startUp();
        auto *manager = test::waitForVisible<ConnectionManagerDialog>(&window);
        QVERIFY(manager);
        auto *editor = test::waitForVisible<ProfileEditorDialog>(manager);
        QVERIFY(editor);
        fillAndSave(editor, QStringLiteral("Local test"), spec,
                    spec.params.value(QStringLiteral("user")));
        QCOMPARE(store.count(), 1);

        // Test it.
        QTest::mouseClick(manager->findChild<QPushButton *>(QStringLiteral("testButton")),
                          Qt::LeftButton);
        answerPrompt(manager);
        auto *testStatus = manager->findChild<QLabel *>(QStringLiteral("testStatus"));
        QVERIFY(testStatus);
        QTRY_VERIFY_WITH_TIMEOUT(testStatus->text().contains(serverVersion), 20000);

        // Connect: the manager closes, a query tab opens, the status bar says where.
        QTest::mouseClick(manager->findChild<QPushButton *>(QStringLiteral("connectButton")),
                          Qt::LeftButton);
        answerPrompt(manager);
        QTRY_COMPARE_WITH_TIMEOUT(window.tabs()->count(), 1, 20000);
        auto *tab = qobject_cast<QueryTab *>(window.tabs()->widget(0));
        QVERIFY(tab);
        QTRY_VERIFY_WITH_TIMEOUT(tab->session()->isConnected(), 20000);
        QTRY_VERIFY_WITH_TIMEOUT(window.connectionStatus()->serverText().contains(
                                     QStringLiteral("PostgreSQL %1").arg(serverVersion)),
                                 10000);
        const auto *where =
            window.connectionStatus()->findChild<QLabel *>(QStringLiteral("statusWhere"));
        QVERIFY(where->text().startsWith(spec.params.value(QStringLiteral("user")) + u'@'));
        QVERIFY(where->text().endsWith(u'/' + spec.params.value(QStringLiteral("dbname"))));
        QCOMPARE(window.connectionStatus()->transactionText(), QStringLiteral("idle"));
        QCOMPARE(window.openConnections().size(), 1);

        // The dock lists the profile, open, with the server's databases below it.
        const QModelIndex profileRow = dock->model()->index(0, 0);
        QCOMPARE(profileRow.data().toString(), QStringLiteral("Local test"));
        QTRY_VERIFY_WITH_TIMEOUT(dock->model()->rowCount(profileRow) >= 1, 10000);
        QStringList databases;
        for (int row = 0; row < dock->model()->rowCount(profileRow); ++row)
            databases << dock->model()->index(row, 0, profileRow).data().toString();
        QVERIFY2(databases.contains(QStringLiteral("postgres")), qPrintable(databases.join(u',')));

        // The transaction state follows the tab's session.
        tab->setText(QStringLiteral("BEGIN"));
        tab->run();
        QTRY_COMPARE_WITH_TIMEOUT(window.connectionStatus()->transactionText(),
                                  QStringLiteral("in transaction"), 10000);
        tab->setText(QStringLiteral("ROLLBACK"));
        tab->run();
        QTRY_COMPARE_WITH_TIMEOUT(window.connectionStatus()->transactionText(),
                                  QStringLiteral("idle"), 10000);
    }
};

// A main window with its own stores in `dir`, connected to `spec` with one
// query tab ready (tab is null when that did not happen in time).
struct Workbench
{
    Workbench(const QTemporaryDir &dir, const PgConnectSpec &spec, const QString &name)
        : store(dir.filePath(QStringLiteral("connections")))
        , history(dir.filePath(QStringLiteral("history.sqlite")))
    {
        store.load();
        window = std::make_unique<MainWindow>(&store, &passwords, &history);
        window->show();
        ConnectionProfile profile = ConnectionProfile::fromConnInfo(spec.params);
        profile.name = name;
        profile.passwordMode = PasswordMode::PgPass;
        window->openConnection(profile, QString());
        if (!QTest::qWaitFor([this] { return window->tabs()->count() == 1; }, 20000))
            return;
        auto *first = qobject_cast<QueryTab *>(window->tabs()->widget(0));
        if (first && QTest::qWaitFor([first] { return first->session()->isConnected(); }, 20000))
            tab = first;
    }

    ProfileStore store;
    PasswordStore passwords;
    HistoryStore history;
    std::unique_ptr<MainWindow> window;
    QueryTab *tab = nullptr;
};

// Clicks a button of the next modal message box once it shows.
void clickInNextMessageBox(const QString &buttonName)
{
    QTimer::singleShot(0, [buttonName] {
        QMessageBox *box = nullptr;
        (void)QTest::qWaitFor(
            [&] {
                box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
                return box != nullptr;
            },
            5000);
        if (!box)
            return;
        if (auto *button = box->findChild<QPushButton *>(buttonName))
            button->click();
        else
            box->reject();
    });
}

void TestMainWindow::passwordTypedInTheUiIsNeverWritten()
{
    // A password role, its password typed into the profile editor and into
    // the prompt, a real connection made with it, the window closed (so
    // settings are written): no file the app writes may hold it.
    const QString password = QStringLiteral("sightline-test-password");
    const PgConnectSpec spec = test::serverSpec();
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    ProfileStore store(dir.filePath(QStringLiteral("connections")));
    store.load();
    PasswordStore passwords;
    {
        MainWindow window(&store, &passwords);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.startUp();
        auto *manager = test::waitForVisible<ConnectionManagerDialog>(&window);
        QVERIFY(manager);
        auto *editor = test::waitForVisible<ProfileEditorDialog>(manager);
        QVERIFY(editor);
        fillAndSave(editor, QStringLiteral("Password role"), spec, QStringLiteral("sightline_pw"),
                    password);
        QCOMPARE(store.count(), 1);

        QTest::mouseClick(manager->findChild<QPushButton *>(QStringLiteral("connectButton")),
                          Qt::LeftButton);
        // Without a keychain service the password is asked for; with one it is not.
        auto *prompt = test::waitForVisible<PasswordPrompt>(manager, QString(), 3000);
        if (prompt) {
            test::typeInto(prompt->findChild<QLineEdit *>(QStringLiteral("promptPasswordEdit")),
                           password);
            QTest::keyClick(prompt->findChild<QLineEdit *>(QStringLiteral("promptPasswordEdit")),
                            Qt::Key_Return);
        }
        QTRY_COMPARE_WITH_TIMEOUT(window.tabs()->count(), 1, 20000);
        auto *tab = qobject_cast<QueryTab *>(window.tabs()->widget(0));
        QTRY_VERIFY_WITH_TIMEOUT(tab->session()->isConnected(), 20000);
        QCOMPARE(tab->session()->user(), QStringLiteral("sightline_pw"));
        window.close();
    }
    const test::SecretScan scan =
        test::scanForSecret(test::appWriteLocations() << dir.path(), password);
    QVERIFY2(scan.filesWithSecret.isEmpty(), qPrintable(scan.filesWithSecret.join(u',')));
    // The scan did read what the app wrote: the profile and the settings.
    const QString profileFile =
        QFileInfo(store.filePath(store.profiles().first().id)).absoluteFilePath();
    QVERIFY2(scan.filesScanned.contains(profileFile), qPrintable(scan.filesScanned.join(u',')));
    QVERIFY(
        std::any_of(scan.filesScanned.cbegin(), scan.filesScanned.cend(),
                    [](const QString &path) { return path.endsWith(QStringLiteral(".conf")); }));
}

void TestMainWindow::closingTabAsksAboutOpenTransaction_data()
{
    QTest::addColumn<QString>("button");
    QTest::addColumn<bool>("tabCloses");
    QTest::addColumn<bool>("tableKept");
    QTest::newRow("commit") << QStringLiteral("commitButton") << true << true;
    QTest::newRow("roll back") << QStringLiteral("rollbackButton") << true << false;
    QTest::newRow("cancel") << QStringLiteral("cancelCloseButton") << false << false;
}

void TestMainWindow::closingTabAsksAboutOpenTransaction()
{
    QFETCH(QString, button);
    QFETCH(bool, tabCloses);
    QFETCH(bool, tableKept);

    const PgConnectSpec admin = test::serverSpec();
    QVERIFY(test::runOnce(admin, QStringLiteral("DROP TABLE IF EXISTS public.close_tx")).ok());

    QTemporaryDir dir;
    ProfileStore store(dir.filePath(QStringLiteral("connections")));
    store.load();
    PasswordStore passwords;
    MainWindow window(&store, &passwords);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));

    ConnectionProfile profile = ConnectionProfile::fromConnInfo(admin.params);
    profile.name = QStringLiteral("tx test");
    profile.passwordMode = PasswordMode::PgPass;
    window.openConnection(profile, QString());
    QTRY_COMPARE_WITH_TIMEOUT(window.tabs()->count(), 1, 20000);
    auto *tab = qobject_cast<QueryTab *>(window.tabs()->widget(0));
    QTRY_VERIFY_WITH_TIMEOUT(tab->session()->isConnected(), 20000);

    tab->setText(QStringLiteral("BEGIN; CREATE TABLE public.close_tx (id int)"));
    tab->run();
    QTRY_COMPARE_WITH_TIMEOUT(tab->session()->transactionStatus(),
                              PgTransactionStatus::InTransaction, 10000);
    QTRY_VERIFY(!tab->isRunning());

    clickInNextMessageBox(button);
    QMetaObject::invokeMethod(window.tabs(), "tabCloseRequested", Q_ARG(int, 0));
    if (tabCloses) {
        QTRY_COMPARE_WITH_TIMEOUT(window.tabs()->count(), 0, 10000);
    } else {
        QTest::qWait(300);
        QCOMPARE(window.tabs()->count(), 1);
        QCOMPARE(tab->session()->transactionStatus(), PgTransactionStatus::InTransaction);
    }
    const PgQueryResult exists =
        test::runOnce(admin, QStringLiteral("SELECT to_regclass('public.close_tx') IS NOT NULL"));
    QVERIFY2(exists.ok(), qPrintable(exists.error.fullText()));
    QCOMPARE(exists.rows.text(0, 0), tableKept ? QStringLiteral("t") : QStringLiteral("f"));
    if (!tabCloses) {
        // Leave nothing open for the next row: roll back and close.
        clickInNextMessageBox(QStringLiteral("rollbackButton"));
        QMetaObject::invokeMethod(window.tabs(), "tabCloseRequested", Q_ARG(int, 0));
        QTRY_COMPARE_WITH_TIMEOUT(window.tabs()->count(), 0, 10000);
    }
}

void TestMainWindow::tabTextSurvivesACrashAndIsGoneWhenClosed()
{
    const PgConnectSpec admin = test::serverSpec();
    QTemporaryDir dir;
    const QString historyPath = dir.filePath(QStringLiteral("history.sqlite"));
    ProfileStore store(dir.filePath(QStringLiteral("connections")));
    store.load();
    ConnectionProfile profile = ConnectionProfile::fromConnInfo(admin.params);
    profile.name = QStringLiteral("drafts");
    profile.passwordMode = PasswordMode::PgPass;
    profile.id = store.add(profile);
    QVERIFY(!profile.id.isNull());
    PasswordStore passwords;
    const QString typed = QStringLiteral("SELECT 'kept after a crash' AS note;");
    {
        HistoryStore history(historyPath);
        auto *window = new MainWindow(&store, &passwords, &history);
        window->show();
        window->openConnection(profile, QString());
        QTRY_COMPARE_WITH_TIMEOUT(window->tabs()->count(), 1, 20000);
        auto *tab = qobject_cast<QueryTab *>(window->tabs()->widget(0));
        QTest::keyClicks(tab->editor(), typed);
        // Saved while typing, not only on a clean exit.
        QTRY_VERIFY_WITH_TIMEOUT(
            !history.drafts().isEmpty() && history.drafts().first().text == typed, 5000);
        // Like a crash: the window is never closed (no closeEvent, no
        // question about tabs); only what was saved while typing counts.
        delete window;
    }
    HistoryStore history(historyPath);
    MainWindow window(&store, &passwords, &history);
    window.show();
    window.openConnection(profile, QString());
    QTRY_COMPARE_WITH_TIMEOUT(window.tabs()->count(), 1, 20000);
    auto *tab = qobject_cast<QueryTab *>(window.tabs()->widget(0));
    QCOMPARE(tab->editor()->toPlainText(), typed);

    // Closing the tab on purpose discards its text.
    QMetaObject::invokeMethod(window.tabs(), "tabCloseRequested", Q_ARG(int, 0));
    QTRY_COMPARE_WITH_TIMEOUT(window.tabs()->count(), 0, 10000);
    QVERIFY(history.drafts().isEmpty());
}

void TestMainWindow::explainOpensAPlanTabAndKeepsThePlan()
{
    const PgConnectSpec admin = test::serverSpec();
    QTemporaryDir dir;
    Workbench bench(dir, admin, QStringLiteral("plans"));
    QVERIFY(bench.tab);
    MainWindow &window = *bench.window;
    HistoryStore &history = bench.history;
    QueryTab *tab = bench.tab;
    const QString query = QStringLiteral("SELECT count(*) FROM pg_class WHERE relpages > 1");
    tab->setText(query);
    tab->explain(true);
    QTRY_COMPARE_WITH_TIMEOUT(window.tabs()->count(), 2, 20000);
    auto *plan = qobject_cast<PlanTab *>(window.tabs()->currentWidget());
    QVERIFY(plan);
    QTRY_VERIFY_WITH_TIMEOUT(plan->hasPlan(), 20000);
    QCOMPARE(window.tabs()->tabText(1), QStringLiteral("Explain Analyze"));
    // Kept in the plan history under the query's fingerprint.
    const QList<PlanSnapshot> kept = history.plans(queryFingerprint(query));
    QCOMPARE(kept.size(), 1);
    QCOMPARE(kept.first().query, query);
    QCOMPARE(kept.first().connectionName, QStringLiteral("plans"));
    QVERIFY(kept.first().plan.contains(QStringLiteral("\"Actual Rows\"")));
    // A plan tab closes without questions.
    QMetaObject::invokeMethod(window.tabs(), "tabCloseRequested", Q_ARG(int, 1));
    QTRY_COMPARE(window.tabs()->count(), 1);

    // A second run; then compare the two from the plan history.
    tab->explain(true);
    QTRY_COMPARE_WITH_TIMEOUT(window.tabs()->count(), 2, 20000);
    QTRY_COMPARE(history.plans(queryFingerprint(query)).size(), 2);
    QTimer::singleShot(0, &window, [] {
        auto *dialog = qobject_cast<PlanCompareDialog *>(QApplication::activeModalWidget());
        if (!dialog)
            return;
        // Newest (the open tab) after, the history's older run before.
        dialog->beforeBox()->setCurrentIndex(dialog->beforeBox()->count() - 1);
        dialog->accept();
    });
    window.comparePlans();
    QTRY_COMPARE_WITH_TIMEOUT(window.tabs()->count(), 3, 20000);
    auto *compare = qobject_cast<PlanCompareView *>(window.tabs()->currentWidget());
    QVERIFY(compare);
    QVERIFY(compare->diff().identicalShape);
    QCOMPARE(compare->diff().added.size(), 0);

    // A plan pasted into a plan tab is kept too (without a query).
    const int plansBefore = int(history.plans().size());
    PlanTab *pasted = window.openPlanTab();
    pasted->loadText(QStringLiteral("Seq Scan on t  (cost=0.00..35.50 rows=2550 width=4)"),
                     QStringLiteral("pasted"));
    QTRY_COMPARE_WITH_TIMEOUT(int(history.plans().size()), plansBefore + 1, 10000);
    QCOMPARE(history.plans().first().label, QStringLiteral("pasted"));
    QVERIFY(history.plans().first().query.isEmpty());
}

void TestMainWindow::tryAnIndexComparesWithAHypotheticalIndex()
{
    const PgConnectSpec spec = test::freshDatabase(QStringLiteral("tryindex"));
    for (const QString &sql :
         {QStringLiteral("CREATE EXTENSION hypopg"),
          QStringLiteral("CREATE TABLE orders (id int PRIMARY KEY, customer_id int)"),
          QStringLiteral(
              "INSERT INTO orders SELECT g, g % 20000 FROM generate_series(1, 200000) g"),
          QStringLiteral("ANALYZE orders")})
        QVERIFY(test::runOnce(spec, sql).ok());
    QTemporaryDir dir;
    Workbench bench(dir, spec, QStringLiteral("hypo"));
    QVERIFY(bench.tab);
    MainWindow &window = *bench.window;
    QueryTab *tab = bench.tab;
    tab->setText(QStringLiteral("SELECT * FROM orders WHERE customer_id = 42"));
    tab->explain(false);
    QTRY_COMPARE_WITH_TIMEOUT(window.tabs()->count(), 2, 20000);
    auto *plan = qobject_cast<PlanTab *>(window.tabs()->currentWidget());
    QVERIFY(plan);
    QTRY_VERIFY_WITH_TIMEOUT(plan->hasPlan(), 20000);
    int scan = -1;
    for (const PlanNode &node : plan->analysis()->plan.nodes) {
        if (node.relationName == QLatin1String("orders"))
            scan = node.id;
    }
    QVERIFY(scan >= 0);
    plan->selectNode(scan);
    QVERIFY(plan->tryIndexAction()->isEnabled());
    // Answers the dialogs as they come: how (hypothetical or real), the
    // statement, and whether to keep a real index.
    QString proposed;
    QString how = QStringLiteral("hypotheticalButton");
    QTimer answer;
    answer.setInterval(50);
    connect(&answer, &QTimer::timeout, &window, [&] {
        QWidget *modal = QApplication::activeModalWidget();
        if (auto *box = qobject_cast<QMessageBox *>(modal)) {
            if (box->objectName() == QLatin1String("tryIndexHowBox"))
                box->findChild<QPushButton *>(how)->click();
            else if (auto *no = box->button(QMessageBox::No))
                no->click(); // do not keep the real index
        } else if (auto *input = qobject_cast<QInputDialog *>(modal)) {
            proposed = input->textValue();
            input->accept();
        }
    });
    answer.start();
    plan->tryIndexAction()->trigger();
    QCOMPARE(proposed, QStringLiteral("CREATE INDEX ON orders (customer_id)"));
    QTRY_COMPARE_WITH_TIMEOUT(window.tabs()->count(), 3, 20000);
    auto *compare = qobject_cast<PlanCompareView *>(window.tabs()->currentWidget());
    QVERIFY(compare);
    bool scanChanged = false;
    for (const PlanChange &change : compare->diff().changes)
        scanChanged = scanChanged || (change.kind == PlanChangeKind::NodeChanged &&
                                      change.text.contains(QStringLiteral("Seq Scan on")));
    QVERIFY(scanChanged);
    // Nothing was built.
    QCOMPARE(test::runOnce(spec, QStringLiteral("SELECT count(*) FROM pg_indexes WHERE tablename "
                                                "= 'orders'"))
                 .rows.text(0, 0),
             QStringLiteral("1"));

    // For real: built, compared (median runs), then dropped as answered.
    how = QStringLiteral("realIndexButton");
    window.tabs()->setCurrentWidget(plan);
    plan->tryIndexAction()->trigger();
    QTRY_COMPARE_WITH_TIMEOUT(window.tabs()->count(), 4, 60000);
    auto *real = qobject_cast<PlanCompareView *>(window.tabs()->currentWidget());
    QVERIFY(real);
    QVERIFY(real->diff().verdict.text.contains(QStringLiteral("faster")) ||
            real->diff().verdict.kind != PlanVerdictKind::NotComparable);
    QTRY_COMPARE_WITH_TIMEOUT(
        test::runOnce(spec, QStringLiteral("SELECT count(*) FROM pg_indexes WHERE tablename = "
                                           "'orders'"))
            .rows.text(0, 0),
        QStringLiteral("1"), 20000);
    answer.stop();

    // Re-run with a setting: it applies to the query tab's session and the
    // comparison opens.
    window.tabs()->setCurrentWidget(plan);
    QTimer::singleShot(0, &window, [] {
        if (auto *input = qobject_cast<QInputDialog *>(QApplication::activeModalWidget())) {
            input->setTextValue(QStringLiteral("enable_seqscan = off"));
            input->accept();
        }
    });
    plan->rerunAction()->trigger();
    QTRY_COMPARE_WITH_TIMEOUT(window.tabs()->count(), 5, 20000);
    auto *rerun = qobject_cast<PlanCompareView *>(window.tabs()->currentWidget());
    QVERIFY(rerun);
    QTRY_VERIFY(tab->messages().contains(QStringLiteral("enable_seqscan = off")));
    const PgQueryResult shown =
        test::runAndWait(*tab->session(), QStringLiteral("SHOW enable_seqscan"));
    QCOMPARE(shown.rows.text(0, 0), QStringLiteral("off"));
}

QTEST_MAIN(TestMainWindow)
#include "tst_db_mainwindow.moc"
