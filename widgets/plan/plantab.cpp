#include "plantab.h"

#include "models/plan/indexproposal.h"
#include "models/plan/plananalyzer.h"
#include "models/plan/planflagsmodel.h"
#include "models/plan/planitemroles.h"
#include "models/plan/plannodefacts.h"
#include "models/plan/planparser.h"
#include "models/plan/planreport.h"
#include "models/plan/planstatsmodel.h"
#include "models/plan/plantablemodel.h"
#include "widgets/plan/plandetailspanel.h"
#include "widgets/plan/planexport.h"
#include "widgets/plan/plangraphview.h"
#include "widgets/plan/planitemdelegate.h"
#include "widgets/plan/planscene.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QDir>
#include <QDragEnterEvent>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QHeaderView>
#include <QLabel>
#include <QMenu>
#include <QMessageBox>
#include <QMimeData>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QStackedWidget>
#include <QStandardItemModel>
#include <QStringDecoder>
#include <QTabWidget>
#include <QTableView>
#include <QToolBar>
#include <QToolButton>
#include <QTreeView>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

namespace sightline {

// What a load job hands back to the tab.
struct PlanLoadResult
{
    quint64 generation = 0;
    QString title;
    std::shared_ptr<const PlanAnalysis> analysis;
    QList<PlanWarning> extraWarnings;
    QString error; // set when nothing could be shown
    QString text;  // the EXPLAIN output as read (for the plan history)
};

namespace {

enum Page
{
    PlaceholderPage,
    PlanPage,
};

// Runs on a worker thread: everything here is plain values.
PlanLoadResult analyzeParsed(const PlanParseResult &parsed)
{
    PlanLoadResult result;
    if (parsed.ok() && parsed.mainPlan().isEmpty()) {
        result.error = PlanTab::tr("This is not an EXPLAIN plan: it holds no plan nodes.");
        return result;
    }
    if (!parsed.ok()) {
        result.error = parsed.error.isEmpty()
                           ? PlanTab::tr("This is not an EXPLAIN plan: no plan was found in it.")
                           : PlanTab::tr("This is not an EXPLAIN plan: %1").arg(parsed.error);
        return result;
    }
    result.analysis =
        std::make_shared<const PlanAnalysis>(PlanAnalyzer::analyze(parsed.mainPlan()));
    if (parsed.plans.size() > 1) {
        result.extraWarnings.append(
            {0, PlanTab::tr("The input holds %n plans; this tab shows the first.", nullptr,
                            int(parsed.plans.size()))});
    }
    return result;
}

PlanLoadResult loadFile(const QString &path)
{
    QFile file(path);
    if (QFileInfo(path).isDir() || !file.open(QIODevice::ReadOnly)) {
        PlanLoadResult result;
        result.error = QFileInfo(path).isDir()
                           ? PlanTab::tr("%1 is a folder, not a plan file.").arg(path)
                           : PlanTab::tr("Could not read %1: %2").arg(path, file.errorString());
        return result;
    }
    const QByteArray data = file.readAll();
    // Plans saved by editors and shells: honour a byte-order mark (PowerShell writes UTF-16),
    // otherwise UTF-8, which psql and auto_explain write; UTF-8 goes to the parser as bytes.
    const std::optional<QStringConverter::Encoding> encoding =
        QStringConverter::encodingForData(data);
    if (!encoding || *encoding == QStringConverter::Utf8) {
        PlanLoadResult result = analyzeParsed(PlanParser::parse(data));
        result.text = QString::fromUtf8(data);
        return result;
    }
    QStringDecoder decoder(*encoding, QStringConverter::Flag::Stateless);
    const QString text = decoder.decode(data);
    PlanLoadResult result = analyzeParsed(PlanParser::parse(text));
    result.text = text;
    return result;
}

QString chip(const QString &name, const QString &value)
{
    return QStringLiteral("%1 <b>%2</b>").arg(name.toHtmlEscaped(), value.toHtmlEscaped());
}

} // namespace

PlanTab::PlanTab(QWidget *parent)
    : QWidget(parent)
    , m_metricBox(new QComboBox(this))
    , m_summary(new QLabel(this))
    , m_errorLabel(new QLabel(this))
    , m_warningsLabel(new QLabel(this))
    , m_stack(new QStackedWidget(this))
    , m_placeholder(new QLabel(this))
    , m_views(new QTabWidget(this))
    , m_graph(new PlanGraphView(this))
    , m_scene(new PlanScene(this))
    , m_table(new QTableView(this))
    , m_flagsView(new QTableView(this))
    , m_statsView(new QTreeView(this))
    , m_details(new PlanDetailsPanel(this))
    , m_tableModel(new PlanTableModel(this))
    , m_flagsModel(new PlanFlagsModel(this))
    , m_statsModel(new PlanStatsModel(this))
    , m_tableProxy(new QSortFilterProxyModel(this))
    , m_statsProxy(new QSortFilterProxyModel(this))
{
    setAcceptDrops(true);
    m_scene->setPalette(palette());
    m_graph->setObjectName(QStringLiteral("planGraph"));
    m_graph->setPlanScene(m_scene);
    m_graph->viewport()->setAcceptDrops(false); // drops are the tab's: open the plan

    auto *toolBar = new QToolBar(this);
    toolBar->setObjectName(QStringLiteral("planToolBar"));
    toolBar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    buildToolBar(toolBar);

    m_summary->setObjectName(QStringLiteral("planSummary"));
    m_summary->setWordWrap(true);
    m_summary->setTextFormat(Qt::RichText);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_summary->setContentsMargins(8, 4, 8, 4);

    for (QLabel *label : {m_errorLabel, m_warningsLabel}) {
        label->setWordWrap(true);
        label->setTextFormat(Qt::PlainText);
        label->setTextInteractionFlags(Qt::TextSelectableByMouse);
        label->setContentsMargins(10, 6, 10, 6);
        label->setAutoFillBackground(true);
        label->hide();
    }
    m_errorLabel->setObjectName(QStringLiteral("planError"));
    m_warningsLabel->setObjectName(QStringLiteral("planWarnings"));

    m_placeholder->setObjectName(QStringLiteral("planPlaceholder"));
    m_placeholder->setAlignment(Qt::AlignCenter);
    m_placeholder->setWordWrap(true);
    m_placeholder->setText(
        tr("Open an EXPLAIN plan (Ctrl+O), drop a file here, or paste one (Ctrl+V).\n"
           "TEXT and JSON output both work, as psql, pgAdmin or auto_explain print them."));

    // Table: depesz-style, one row per node.
    m_tableProxy->setSourceModel(m_tableModel);
    m_tableProxy->setSortRole(PlanSortRole);
    m_table->setObjectName(QStringLiteral("planTable"));
    m_table->setModel(m_tableProxy);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(-1, Qt::AscendingOrder);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->verticalHeader()->hide();
    m_table->setWordWrap(false);
    m_table->setShowGrid(false);
    // Columns fit their contents (sampling a few hundred rows of a large plan); the node
    // column takes the room that is left.
    m_table->horizontalHeader()->setResizeContentsPrecision(200);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(PlanTableModel::NodeColumn,
                                                      QHeaderView::Stretch);
    auto *tableDelegate = new PlanItemDelegate(m_table);
    tableDelegate->setIndentColumn(PlanTableModel::NodeColumn);
    tableDelegate->setSeverityColumn(PlanTableModel::FlagsColumn);
    m_table->setItemDelegate(tableDelegate);

    m_flagsView->setObjectName(QStringLiteral("planFlags"));
    m_flagsView->setModel(m_flagsModel);
    m_flagsView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_flagsView->setSelectionMode(QAbstractItemView::SingleSelection);
    m_flagsView->verticalHeader()->hide();
    m_flagsView->setShowGrid(false);
    m_flagsView->setWordWrap(false);
    m_flagsView->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_flagsView->horizontalHeader()->setSectionResizeMode(PlanFlagsModel::MessageColumn,
                                                          QHeaderView::Stretch);
    auto *flagsDelegate = new PlanItemDelegate(m_flagsView);
    flagsDelegate->setSeverityColumn(PlanFlagsModel::SeverityColumn);
    m_flagsView->setItemDelegate(flagsDelegate);

    m_statsProxy->setSourceModel(m_statsModel);
    m_statsProxy->setSortRole(PlanSortRole);
    m_statsView->setObjectName(QStringLiteral("planStatistics"));
    m_statsView->setModel(m_statsProxy);
    m_statsView->setSortingEnabled(true);
    m_statsView->sortByColumn(-1, Qt::AscendingOrder);
    m_statsView->setAlternatingRowColors(true);
    m_statsView->setItemDelegate(new PlanItemDelegate(m_statsView));
    m_statsView->header()->setSectionResizeMode(QHeaderView::ResizeToContents);

    m_views->setObjectName(QStringLiteral("planViews"));
    m_views->setDocumentMode(true);
    m_views->addTab(m_graph, tr("Tree"));
    m_views->addTab(m_table, tr("Table"));
    m_views->addTab(m_flagsView, tr("Flags"));
    m_views->addTab(m_statsView, tr("Statistics"));

    m_details->setObjectName(QStringLiteral("planDetails"));
    auto *splitter = new QSplitter(Qt::Horizontal, this);
    splitter->addWidget(m_views);
    splitter->addWidget(m_details);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 1);
    splitter->setChildrenCollapsible(false);
    m_splitter = splitter;

    m_stack->addWidget(m_placeholder);
    m_stack->addWidget(splitter);
    m_stack->setCurrentIndex(PlaceholderPage);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(toolBar);
    layout->addWidget(m_summary);
    layout->addWidget(m_errorLabel);
    layout->addWidget(m_warningsLabel);
    layout->addWidget(m_stack, 1);

    connect(m_scene, &PlanScene::selectedNodeChanged, this,
            [this](int id) { onNodeSelected(id, Source::Graph); });
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &current) {
                if (current.isValid())
                    onNodeSelected(current.data(PlanNodeIdRole).toInt(), Source::Table);
            });
    connect(m_flagsView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &current) {
                const int id = current.isValid() ? current.data(PlanNodeIdRole).toInt() : -1;
                if (id >= 0)
                    onNodeSelected(id, Source::Flags);
            });
    // A click on the row that is already current still goes to its node.
    connect(m_flagsView, &QAbstractItemView::clicked, this, [this](const QModelIndex &index) {
        const int id = index.data(PlanNodeIdRole).toInt();
        if (id >= 0)
            onNodeSelected(id, Source::Flags);
    });
    connect(m_statsView, &QAbstractItemView::clicked, this, [this](const QModelIndex &index) {
        const int id = index.data(PlanNodeIdRole).toInt();
        if (id >= 0)
            onNodeSelected(id, Source::Stats);
    });
    updateHeader();
}

PlanTab::~PlanTab() = default;

PlanTab *PlanTab::fromText(const QString &text, const QString &title, QWidget *parent)
{
    auto *tab = new PlanTab(parent);
    tab->loadText(text, title);
    return tab;
}

PlanTab *PlanTab::fromFile(const QString &path, QWidget *parent)
{
    auto *tab = new PlanTab(parent);
    tab->openFile(path);
    return tab;
}

void PlanTab::buildToolBar(QToolBar *toolBar)
{
    QAction *open = toolBar->addAction(QIcon::fromTheme(QStringLiteral("document-open")),
                                       tr("Open…"), this, &PlanTab::openFileDialog);
    open->setShortcut(QKeySequence::Open);
    open->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    open->setToolTip(tr("Open a plan file (Ctrl+O)"));
    addAction(open);

    QAction *paste = toolBar->addAction(QIcon::fromTheme(QStringLiteral("edit-paste")), tr("Paste"),
                                        this, &PlanTab::pasteFromClipboard);
    paste->setObjectName(QStringLiteral("planPasteAction"));
    paste->setShortcut(QKeySequence::Paste);
    paste->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    paste->setToolTip(tr("Read a plan from the clipboard (Ctrl+V)"));
    addAction(paste);

    m_tryIndex = toolBar->addAction(tr("Try an Index…"), this, [this] {
        if (m_selected >= 0)
            Q_EMIT tryIndexRequested(m_selected);
    });
    m_tryIndex->setObjectName(QStringLiteral("tryIndexAction"));
    m_tryIndex->setVisible(false);
    m_rerun =
        toolBar->addAction(tr("Re-run with a Setting…"), this, &PlanTab::rerunWithSettingRequested);
    m_rerun->setObjectName(QStringLiteral("rerunWithSettingAction"));
    m_rerun->setToolTip(tr("Change a planner setting (work_mem, enable_*, random_page_cost…) "
                           "for this session, explain again and compare"));
    m_rerun->setVisible(false);

    toolBar->addSeparator();
    auto *colorLabel = new QLabel(tr("Colour by "), toolBar);
    toolBar->addWidget(colorLabel);
    m_metricBox->setObjectName(QStringLiteral("planColorMetric"));
    for (const PlanColorMetric metric : PlanColorScale::metrics())
        m_metricBox->addItem(PlanColorScale::metricName(metric), int(metric));
    m_metricBox->addItem(PlanColorScale::metricName(PlanColorMetric::None),
                         int(PlanColorMetric::None));
    colorLabel->setBuddy(m_metricBox);
    toolBar->addWidget(m_metricBox);
    connect(m_metricBox, &QComboBox::activated, this, [this](int index) {
        setColorMetric(PlanColorMetric(m_metricBox->itemData(index).toInt()));
    });

    toolBar->addSeparator();
    QAction *zoomOut = toolBar->addAction(QIcon::fromTheme(QStringLiteral("zoom-out")),
                                          tr("Zoom out"), m_graph, &PlanGraphView::zoomOut);
    zoomOut->setToolTip(tr("Zoom out (Ctrl+-, Ctrl+wheel)"));
    QAction *zoomIn = toolBar->addAction(QIcon::fromTheme(QStringLiteral("zoom-in")), tr("Zoom in"),
                                         m_graph, &PlanGraphView::zoomIn);
    zoomIn->setToolTip(tr("Zoom in (Ctrl++, Ctrl+wheel)"));
    QAction *fit = toolBar->addAction(QIcon::fromTheme(QStringLiteral("zoom-fit-best")), tr("Fit"),
                                      m_graph, &PlanGraphView::fitPlan);
    fit->setToolTip(tr("Show the whole plan (Ctrl+0)"));
    QAction *expand = toolBar->addAction(tr("Expand all"), m_scene, &PlanScene::expandAll);
    expand->setToolTip(tr("Unfold every folded subtree"));

    toolBar->addSeparator();
    auto *exportMenu = new QMenu(this);
    exportMenu->addAction(tr("Tree as SVG…"), this, &PlanTab::exportSvgDialog);
    exportMenu->addAction(tr("Tree as PNG…"), this, &PlanTab::exportPngDialog);
    exportMenu->addAction(tr("Report as Markdown…"), this, &PlanTab::exportMarkdownDialog);
    exportMenu->addSeparator();
    exportMenu->addAction(tr("Copy report as Markdown"), this, &PlanTab::copyReport);
    auto *exportButton = new QToolButton(toolBar);
    exportButton->setText(tr("Export"));
    exportButton->setIcon(QIcon::fromTheme(QStringLiteral("document-export")));
    exportButton->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    exportButton->setPopupMode(QToolButton::InstantPopup);
    exportButton->setMenu(exportMenu);
    toolBar->addWidget(exportButton);
}

void PlanTab::loadText(const QString &text, const QString &title)
{
    const QString name = title.isEmpty() ? tr("Pasted plan") : title;
    startLoad(
        [text] {
            PlanLoadResult result = analyzeParsed(PlanParser::parse(text));
            result.text = text;
            return result;
        },
        name);
}

void PlanTab::openFile(const QString &path)
{
    startLoad([path] { return loadFile(path); }, QFileInfo(path).fileName());
}

void PlanTab::setPlan(const Plan &plan, const QString &title, const QList<PlanWarning> &extra)
{
    startLoad(
        [plan, extra] {
            PlanLoadResult result;
            if (plan.isEmpty()) {
                result.error = tr("The plan is empty.");
                return result;
            }
            result.analysis = std::make_shared<const PlanAnalysis>(PlanAnalyzer::analyze(plan));
            result.extraWarnings = extra;
            return result;
        },
        title.isEmpty() ? tr("Plan") : title);
}

void PlanTab::setExplainContext(const QString &statement, const QString &connectionName)
{
    m_statement = statement.trimmed();
    m_connection = connectionName;
    updateHeader();
}

void PlanTab::startLoad(std::function<PlanLoadResult()> job, const QString &title)
{
    const quint64 generation = ++m_generation;
    m_loading = true;
    if (!hasPlan()) {
        // An empty tab is named at once, so a tab bar can show it while the plan is read.
        setTitle(title);
        m_placeholder->setText(tr("Reading the plan…"));
        m_stack->setCurrentIndex(PlaceholderPage);
    }
    auto *watcher = new QFutureWatcher<PlanLoadResult>(this);
    connect(watcher, &QFutureWatcher<PlanLoadResult>::finished, this, [this, watcher] {
        watcher->deleteLater();
        applyLoad(watcher->result());
    });
    watcher->setFuture(QtConcurrent::run([job = std::move(job), generation, title] {
        PlanLoadResult result = job();
        result.generation = generation;
        result.title = title;
        return result;
    }));
}

void PlanTab::applyLoad(const PlanLoadResult &result)
{
    if (result.generation != m_generation)
        return; // a newer load superseded this one
    m_loading = false;
    if (!result.analysis) {
        showError(result.error);
        Q_EMIT loadFailed(result.error);
        return;
    }
    m_error.clear();
    m_errorLabel->hide();
    m_analysis = result.analysis;
    m_extraWarnings = result.extraWarnings;
    m_sourceText = result.text;
    m_selected = -1;
    setTitle(result.title);

    m_syncing = true;
    updateMetricChoices();
    m_tableModel->setColorMetric(colorMetric());
    m_tableModel->setAnalysis(m_analysis);
    m_flagsModel->setAnalysis(m_analysis);
    m_statsModel->setAnalysis(m_analysis);
    m_details->setAnalysis(m_analysis);
    m_scene->setColorMetric(colorMetric());
    m_scene->setAnalysis(m_analysis);
    m_syncing = false;

    m_statsView->expandAll();
    const qsizetype flagCount = m_flagsModel->flags().size();
    m_views->setTabText(m_views->indexOf(m_flagsView),
                        flagCount > 0 ? tr("Flags (%1)").arg(flagCount) : tr("Flags"));
    updateHeader();
    updateWarnings();
    m_stack->setCurrentIndex(PlanPage);

    // The slowest node is where a reader starts; without timing, the root.
    int first = 0;
    if (m_analysis->summary.analyzed && !m_analysis->summary.slowestNodes.isEmpty() &&
        m_analysis->metrics.value(m_analysis->summary.slowestNodes.front()).hasTime)
        first = m_analysis->summary.slowestNodes.front();
    selectNode(first);
    m_graph->frameNode(first);
    Q_EMIT planLoaded();
}

void PlanTab::showError(const QString &message)
{
    m_error = message;
    m_errorLabel->setText(message);
    m_errorLabel->show();
    QPalette palette = m_errorLabel->palette();
    const PlanPalette colors = PlanPalette::from(this->palette());
    palette.setColor(
        QPalette::Window,
        PlanPalette::mix(colors.card, colors.severity(PlanFlagSeverity::Critical), 0.18));
    palette.setColor(QPalette::WindowText, colors.text);
    m_errorLabel->setPalette(palette);
    if (!hasPlan()) {
        m_placeholder->setText(
            tr("Open an EXPLAIN plan (Ctrl+O), drop a file here, or paste one (Ctrl+V)."));
        m_stack->setCurrentIndex(PlaceholderPage);
    }
}

QStringList PlanTab::warningTexts() const
{
    QStringList texts;
    if (!m_analysis)
        return texts;
    for (const QList<PlanWarning> *list : {&m_analysis->plan.warnings, &m_extraWarnings}) {
        for (const PlanWarning &warning : *list) {
            texts << (warning.line > 0 && !warning.message.contains(QString::number(warning.line))
                          ? tr("line %1: %2").arg(warning.line).arg(warning.message)
                          : warning.message);
        }
    }
    return texts;
}

void PlanTab::updateWarnings()
{
    const QStringList texts = warningTexts();
    if (texts.isEmpty()) {
        m_warningsLabel->hide();
        return;
    }
    // The first few in full, the rest in the tooltip: never hidden, never a wall of text.
    constexpr int shown = 4;
    QStringList lines{tr("The plan was read with %n warning(s):", nullptr, int(texts.size()))};
    for (int i = 0; i < std::min<int>(shown, int(texts.size())); ++i)
        lines << QStringLiteral("• ") + texts.at(i);
    if (texts.size() > shown)
        lines << tr("… and %n more (hover to see them all)", nullptr, int(texts.size()) - shown);
    m_warningsLabel->setText(lines.join(QLatin1Char('\n')));
    m_warningsLabel->setToolTip(texts.join(QLatin1Char('\n')));
    QPalette palette = m_warningsLabel->palette();
    const PlanPalette colors = PlanPalette::from(this->palette());
    palette.setColor(
        QPalette::Window,
        PlanPalette::mix(colors.card, colors.severity(PlanFlagSeverity::Warning), 0.18));
    palette.setColor(QPalette::WindowText, colors.text);
    m_warningsLabel->setPalette(palette);
    m_warningsLabel->show();
}

void PlanTab::updateHeader()
{
    QStringList lines;
    QString heading = QStringLiteral("<b>%1</b>")
                          .arg((m_title.isEmpty() ? tr("No plan") : m_title).toHtmlEscaped());
    if (!m_connection.isEmpty())
        heading += QStringLiteral(" · ") + tr("on %1").arg(m_connection).toHtmlEscaped();
    const QString statement = !m_statement.isEmpty() ? m_statement
                              : m_analysis           ? m_analysis->plan.queryText.trimmed()
                                                     : QString();
    if (!statement.isEmpty()) {
        QString first = statement.section(QLatin1Char('\n'), 0, 0).simplified();
        if (first.size() > 120 || statement.contains(QLatin1Char('\n')))
            first = first.left(120) + QStringLiteral(" …");
        heading += QStringLiteral(" · <code>%1</code>").arg(first.toHtmlEscaped());
    }
    lines << heading;
    QStringList tooltip;
    if (!statement.isEmpty())
        tooltip << statement;

    if (m_analysis) {
        const PlanAnalysis &a = *m_analysis;
        const Plan &plan = a.plan;
        const PlanSummary &s = a.summary;
        QStringList chips;
        chips << chip(tr("Nodes"), QString::number(plan.nodes.size()));
        if (plan.executionTimeMs)
            chips << chip(tr("Execution"), PlanNodeFacts::formatMs(*plan.executionTimeMs));
        else if (s.analyzed && s.totalMs > 0)
            chips << chip(tr("Execution (root)"), PlanNodeFacts::formatMs(s.totalMs));
        if (plan.planningTimeMs)
            chips << chip(tr("Planning"), PlanNodeFacts::formatMs(*plan.planningTimeMs));
        if (!s.analyzed) {
            QString text = tr("estimated only (EXPLAIN without ANALYZE)");
            if (!plan.nodes.isEmpty() && plan.root().totalCost)
                text += QStringLiteral(", ") +
                        tr("total cost %1").arg(PlanNodeFacts::formatCost(*plan.root().totalCost));
            chips << text.toHtmlEscaped();
        }
        if (s.jit.present || s.jitTotalMs > 0) {
            QString value = PlanNodeFacts::formatMs(s.jitTotalMs);
            if (s.jit.functions)
                value += QStringLiteral(" (") +
                         tr("%n function(s)", nullptr, int(*s.jit.functions)) + QLatin1Char(')');
            chips << chip(tr("JIT"), value);
        }
        if (!s.triggers.isEmpty()) {
            chips << chip(tr("Triggers"), tr("%1 in %n trigger(s)", nullptr, int(s.triggers.size()))
                                              .arg(PlanNodeFacts::formatMs(s.triggerMs)));
            for (const PlanTrigger &t : s.triggers) {
                const QString name = !t.name.isEmpty() ? t.name
                                     : !t.constraintName.isEmpty()
                                         ? tr("for constraint %1").arg(t.constraintName)
                                         : tr("(unnamed)");
                tooltip << tr("Trigger %1%2: %3, %4 calls")
                               .arg(name,
                                    t.relation.isEmpty() ? QString() : tr(" on %1").arg(t.relation),
                                    t.timeMs ? PlanNodeFacts::formatMs(*t.timeMs) : tr("no time"),
                                    t.calls ? QString::number(*t.calls) : tr("unknown"));
            }
        }
        if (s.totalBuffers.hasBuffers) {
            const PlanBuffers &b = s.totalBuffers;
            QString value = tr("hit %1 · read %2")
                                .arg(PlanNodeFacts::formatKb(double(b.sharedHit) * 8),
                                     PlanNodeFacts::formatKb(double(b.sharedRead) * 8));
            if (b.tempRead || b.tempWritten)
                value += QStringLiteral(" · ") + tr("temp %1").arg(PlanNodeFacts::formatKb(
                                                     double(b.tempRead + b.tempWritten) * 8));
            chips << chip(tr("Buffers"), value);
            tooltip << tr("Shared buffers: hit %1, read %2, dirtied %3, written %4 blocks; temp "
                          "read %5, written %6 blocks")
                           .arg(b.sharedHit)
                           .arg(b.sharedRead)
                           .arg(b.sharedDirtied)
                           .arg(b.sharedWritten)
                           .arg(b.tempRead)
                           .arg(b.tempWritten);
        }
        if (!s.settings.isEmpty()) {
            QStringList settings;
            for (const PlanSetting &setting : s.settings)
                settings << QStringLiteral("%1 = %2").arg(setting.name, setting.value);
            QString shown = settings.join(QLatin1String(", "));
            if (shown.size() > 80)
                shown = shown.left(80) + QStringLiteral(" …");
            chips << chip(tr("Settings"), shown);
            tooltip << tr("Settings: %1").arg(settings.join(QLatin1String(", ")));
        }
        const int flagCount = int(a.flags.size());
        if (flagCount > 0) {
            int critical = 0;
            for (const PlanFlag &flag : a.flags)
                critical += flag.severity == PlanFlagSeverity::Critical ? 1 : 0;
            const PlanPalette colors = PlanPalette::from(palette());
            const QColor color = colors.severity(critical > 0 ? PlanFlagSeverity::Critical
                                                              : PlanFlagSeverity::Warning);
            chips << QStringLiteral("<span style='color:%1'><b>%2</b></span>")
                         .arg(color.name(),
                              tr("%n red flag(s)", nullptr, flagCount).toHtmlEscaped());
        }
        lines << chips.join(QStringLiteral(" &nbsp;·&nbsp; "));
    }
    m_summary->setText(lines.join(QStringLiteral("<br>")));
    m_summary->setToolTip(tooltip.join(QLatin1Char('\n')));
}

void PlanTab::updateMetricChoices()
{
    auto *model = qobject_cast<QStandardItemModel *>(m_metricBox->model());
    for (int i = 0; i < m_metricBox->count(); ++i) {
        const auto metric = PlanColorMetric(m_metricBox->itemData(i).toInt());
        const bool available = metric == PlanColorMetric::None || !m_analysis ||
                               PlanColorScale(*m_analysis, metric).isAvailable();
        if (model && model->item(i))
            model->item(i)->setEnabled(available);
    }
    const int index = m_metricBox->findData(int(colorMetric()));
    if (index >= 0)
        m_metricBox->setCurrentIndex(index);
}

PlanColorMetric PlanTab::colorMetric() const
{
    // A plan without the preferred numbers (no ANALYZE, no BUFFERS) gets the next best it has;
    // the preference stays for the next plan.
    return m_analysis ? PlanColorScale::effectiveMetric(*m_analysis, m_preferredMetric)
                      : m_preferredMetric;
}

void PlanTab::setColorMetric(PlanColorMetric metric)
{
    m_preferredMetric = metric;
    const PlanColorMetric effective = colorMetric();
    m_scene->setColorMetric(effective);
    m_tableModel->setColorMetric(effective);
    const int index = m_metricBox->findData(int(effective));
    if (index >= 0)
        m_metricBox->setCurrentIndex(index);
}

void PlanTab::selectNode(int nodeId)
{
    onNodeSelected(nodeId, Source::Api);
}

void PlanTab::onNodeSelected(int nodeId, Source source)
{
    if (m_syncing || !m_analysis)
        return;
    if (nodeId < 0 || nodeId >= m_analysis->plan.nodes.size())
        return;
    m_syncing = true;
    const bool changed = nodeId != m_selected;
    m_selected = nodeId;
    if (source != Source::Graph)
        m_scene->selectNode(nodeId);
    m_graph->showNode(nodeId);
    if (source != Source::Table) {
        const QModelIndex index = m_tableProxy->mapFromSource(m_tableModel->index(nodeId, 0));
        m_table->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect |
                                                              QItemSelectionModel::Rows);
        m_table->scrollTo(index);
    }
    if (source != Source::Flags) {
        const QModelIndex current = m_flagsView->currentIndex();
        if (!current.isValid() || current.data(PlanNodeIdRole).toInt() != nodeId) {
            const int row = m_flagsModel->rowForNode(nodeId);
            if (row >= 0) {
                m_flagsView->selectionModel()->setCurrentIndex(m_flagsModel->index(row, 0),
                                                               QItemSelectionModel::ClearAndSelect |
                                                                   QItemSelectionModel::Rows);
            } else {
                m_flagsView->selectionModel()->clear();
            }
        }
    }
    m_details->showNode(nodeId);
    m_syncing = false;
    updateTryIndex();
    if (changed)
        Q_EMIT selectedNodeChanged(nodeId);
}

void PlanTab::setIndexTrialsEnabled(bool enabled)
{
    m_indexTrials = enabled;
    m_tryIndex->setVisible(enabled);
    m_rerun->setVisible(enabled);
    updateTryIndex();
}

void PlanTab::updateTryIndex()
{
    const bool possible = m_indexTrials && m_analysis && m_selected >= 0 &&
                          proposeIndex(m_analysis->plan, m_selected).has_value();
    m_tryIndex->setEnabled(possible);
    m_tryIndex->setToolTip(possible ? tr("Propose an index for the selected node and compare "
                                         "the plan with it")
                                    : tr("Select a node that reads a table by some columns"));
}

void PlanTab::setTitle(const QString &title)
{
    if (title == m_title)
        return;
    m_title = title;
    updateHeader();
    Q_EMIT titleChanged(title);
}

PlanExport::Settings PlanTab::exportSettings() const
{
    // The file shows the plan as the tab does: same colours, same folds.
    PlanExport::Settings settings;
    settings.metric = colorMetric();
    settings.collapsed = m_scene->collapsedNodes();
    settings.palette = palette();
    settings.font = font();
    return settings;
}

bool PlanTab::exportSvg(const QString &path, QString *error)
{
    if (!m_analysis) {
        if (error)
            *error = tr("There is no plan to export.");
        return false;
    }
    const auto scene = PlanExport::makeScene(m_analysis, exportSettings());
    return PlanExport::writeSvg(*scene, path, m_title, error);
}

bool PlanTab::exportPng(const QString &path, QString *error)
{
    if (!m_analysis) {
        if (error)
            *error = tr("There is no plan to export.");
        return false;
    }
    const auto scene = PlanExport::makeScene(m_analysis, exportSettings());
    QString warning;
    const bool ok = PlanExport::writePng(*scene, path, error, &warning);
    if (ok && !warning.isEmpty())
        Q_EMIT statusMessage(warning);
    return ok;
}

bool PlanTab::exportMarkdown(const QString &path, QString *error)
{
    if (!m_analysis) {
        if (error)
            *error = tr("There is no plan to export.");
        return false;
    }
    return PlanExport::writeMarkdown(*m_analysis, path, error, m_extraWarnings);
}

QString PlanTab::exportDialog(const QString &caption, const QString &filter, const QString &suffix)
{
    if (!m_analysis) {
        QMessageBox::information(this, caption, tr("Open a plan first."));
        return {};
    }
    QString base = QFileInfo(m_title).completeBaseName();
    if (base.isEmpty())
        base = QStringLiteral("plan");
    QString path = QFileDialog::getSaveFileName(this, caption, base + suffix, filter);
    if (!path.isEmpty() && QFileInfo(path).suffix().isEmpty())
        path += suffix;
    return path;
}

void PlanTab::runExportDialog(const QString &caption, const QString &filter, const QString &suffix,
                              bool (PlanTab::*write)(const QString &, QString *))
{
    const QString path = exportDialog(caption, filter, suffix);
    if (path.isEmpty())
        return;
    QString error;
    if ((this->*write)(path, &error))
        Q_EMIT statusMessage(tr("Saved %1").arg(QDir::toNativeSeparators(path)));
    else
        QMessageBox::warning(this, caption, error);
}

void PlanTab::exportSvgDialog()
{
    runExportDialog(tr("Export the plan as SVG"), tr("SVG images (*.svg)"), QStringLiteral(".svg"),
                    &PlanTab::exportSvg);
}

void PlanTab::exportPngDialog()
{
    runExportDialog(tr("Export the plan as PNG"), tr("PNG images (*.png)"), QStringLiteral(".png"),
                    &PlanTab::exportPng);
}

void PlanTab::exportMarkdownDialog()
{
    runExportDialog(tr("Export the report as Markdown"), tr("Markdown (*.md)"),
                    QStringLiteral(".md"), &PlanTab::exportMarkdown);
}

void PlanTab::copyReport()
{
    if (!m_analysis)
        return;
    QApplication::clipboard()->setText(PlanReport::markdown(*m_analysis, m_extraWarnings));
    Q_EMIT statusMessage(tr("The report is on the clipboard as Markdown."));
}

void PlanTab::openFileDialog()
{
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Open an EXPLAIN plan"), QString(),
        tr("EXPLAIN plans (*.txt *.json *.log *.plan *.sql);;All files (*)"));
    if (!path.isEmpty())
        openFile(path);
}

void PlanTab::pasteFromClipboard()
{
    const QMimeData *mime = QApplication::clipboard()->mimeData();
    if (mime && mime->hasUrls()) {
        for (const QUrl &url : mime->urls()) {
            if (url.isLocalFile()) {
                openFile(url.toLocalFile());
                return;
            }
        }
    }
    const QString text = QApplication::clipboard()->text();
    if (text.trimmed().isEmpty()) {
        showError(tr("The clipboard holds no text to read a plan from."));
        Q_EMIT loadFailed(m_error);
        return;
    }
    loadText(text, tr("Pasted plan"));
}

bool PlanTab::acceptsDrop(const QMimeData *mime) const
{
    if (!mime)
        return false;
    if (mime->hasUrls()) {
        for (const QUrl &url : mime->urls()) {
            if (url.isLocalFile())
                return true;
        }
    }
    return mime->hasText();
}

void PlanTab::dragEnterEvent(QDragEnterEvent *event)
{
    if (acceptsDrop(event->mimeData()))
        event->acceptProposedAction();
}

void PlanTab::dragMoveEvent(QDragMoveEvent *event)
{
    if (acceptsDrop(event->mimeData()))
        event->acceptProposedAction();
}

void PlanTab::dropEvent(QDropEvent *event)
{
    const QMimeData *mime = event->mimeData();
    if (!acceptsDrop(mime))
        return;
    event->acceptProposedAction();
    if (mime->hasUrls()) {
        for (const QUrl &url : mime->urls()) {
            if (url.isLocalFile()) {
                openFile(url.toLocalFile());
                return;
            }
        }
    }
    loadText(mime->text(), tr("Dropped plan"));
}

void PlanTab::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    if (!m_sized && width() > 0) {
        // The details want about a third of a wide window: property names and values side by
        // side. The user's own split stays once they move it.
        m_sized = true;
        const int details = std::clamp(width() * 3 / 10, 360, 560);
        m_splitter->setSizes({std::max(width() - details, 200), details});
    }
}

void PlanTab::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange) {
        m_scene->setPalette(palette());
        updateHeader();
        updateWarnings();
        if (!m_error.isEmpty())
            showError(m_error);
    }
}

} // namespace sightline
