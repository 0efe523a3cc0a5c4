#pragma once

#include "models/plan/plancolorscale.h"
#include "models/plan/planmetrics.h"
#include "widgets/plan/planexport.h"

#include <QWidget>

#include <functional>
#include <memory>

class QComboBox;
class QLabel;
class QSortFilterProxyModel;
class QSplitter;
class QStackedWidget;
class QTabWidget;
class QTableView;
class QToolBar;
class QTreeView;
class QMimeData;

namespace sightline {

class PlanDetailsPanel;
class PlanFlagsModel;
class PlanGraphView;
class PlanScene;
class PlanStatsModel;
class PlanTableModel;
struct PlanLoadResult;

// A plan workbench tab: the summary (planning, execution, JIT, triggers, settings, buffers) on
// top; the plan as a graphical tree, as a table, as a flags list and as statistics; the
// selected node's details beside them. Every view selects the same node. No connection is
// needed: plans come from a file, a drop, the clipboard (Ctrl+V) or the query tab's EXPLAIN.
//
// Loading is asynchronous (reading and parsing run on a worker thread): loadText(), openFile()
// and setPlan() return at once; planLoaded() or loadFailed() follows. A newer load supersedes
// an older one still running. A plan that cannot be read leaves the previous one in place and
// shows why; parse warnings stay visible above the views.
class PlanTab final : public QWidget
{
    Q_OBJECT

public:
    explicit PlanTab(QWidget *parent = nullptr);
    ~PlanTab() override;

    // A new tab that starts loading `text` (EXPLAIN output, TEXT or JSON).
    static PlanTab *fromText(const QString &text, const QString &title = {},
                             QWidget *parent = nullptr);
    static PlanTab *fromFile(const QString &path, QWidget *parent = nullptr);

    void loadText(const QString &text, const QString &title = {});
    void openFile(const QString &path);
    void setPlan(const Plan &plan, const QString &title = {},
                 const QList<PlanWarning> &extraWarnings = {});
    // What produced the plan, shown in the header: the statement the query tab explained and
    // the connection it ran on. Either may be empty.
    void setExplainContext(const QString &statement, const QString &connectionName);

    bool isLoading() const { return m_loading; }
    bool hasPlan() const { return m_analysis != nullptr; }
    std::shared_ptr<const PlanAnalysis> analysis() const { return m_analysis; }
    QString title() const { return m_title; }
    QString errorText() const { return m_error; }
    QStringList warningTexts() const;

    int selectedNode() const { return m_selected; }
    void selectNode(int nodeId);

    void setColorMetric(PlanColorMetric metric);
    PlanColorMetric colorMetric() const; // the one in effect for this plan

    // The whole plan, as drawn (colour metric and folded subtrees included).
    bool exportSvg(const QString &path, QString *error = nullptr);
    bool exportPng(const QString &path, QString *error = nullptr);
    bool exportMarkdown(const QString &path, QString *error = nullptr);

    // "Try an Index…" for the selected node: offered when the plan came from a
    // connection that can still run things (the main window says so) and the
    // node reads a table by columns an index could serve.
    void setIndexTrialsEnabled(bool enabled);
    QString statement() const { return m_statement; }
    // The EXPLAIN output the shown plan was read from (empty for setPlan()).
    QString sourceText() const { return m_sourceText; }
    QAction *tryIndexAction() const { return m_tryIndex; }
    // "Re-run with a Setting…" (same condition: the plan came from a connection).
    QAction *rerunAction() const { return m_rerun; }

    PlanGraphView *graphView() const { return m_graph; }
    PlanScene *scene() const { return m_scene; }
    QTableView *tableView() const { return m_table; }
    QTableView *flagsView() const { return m_flagsView; }
    QTreeView *statsView() const { return m_statsView; }
    PlanDetailsPanel *detailsPanel() const { return m_details; }
    QTabWidget *views() const { return m_views; }
    QLabel *summaryLabel() const { return m_summary; }

public Q_SLOTS:
    void openFileDialog();
    void pasteFromClipboard();
    void exportSvgDialog();
    void exportPngDialog();
    void exportMarkdownDialog();
    void copyReport(); // the Markdown report to the clipboard

Q_SIGNALS:
    void titleChanged(const QString &title);
    void planLoaded();
    void loadFailed(const QString &message);
    void selectedNodeChanged(int nodeId);
    void statusMessage(const QString &message);
    // The user wants to try an index for this node (see setIndexTrialsEnabled).
    void tryIndexRequested(int nodeId);
    void rerunWithSettingRequested(); // a line for the status bar (export written...)

protected:
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dragMoveEvent(QDragMoveEvent *event) override;
    void dropEvent(QDropEvent *event) override;
    void changeEvent(QEvent *event) override;
    void showEvent(QShowEvent *event) override;

private:
    enum class Source
    {
        Api,
        Graph,
        Table,
        Flags,
        Stats,
    };

    void buildToolBar(QToolBar *toolBar);
    void updateTryIndex();
    PlanExport::Settings exportSettings() const;
    void startLoad(std::function<PlanLoadResult()> job, const QString &title);
    void applyLoad(const PlanLoadResult &result);
    void showError(const QString &message);
    void updateHeader();
    void updateWarnings();
    void updateMetricChoices();
    void onNodeSelected(int nodeId, Source source);
    void setTitle(const QString &title);
    QString exportDialog(const QString &caption, const QString &filter, const QString &suffix);
    // Asks where, writes with `write`, reports the outcome.
    void runExportDialog(const QString &caption, const QString &filter, const QString &suffix,
                         bool (PlanTab::*write)(const QString &, QString *));
    bool acceptsDrop(const QMimeData *mime) const;

    std::shared_ptr<const PlanAnalysis> m_analysis;
    QList<PlanWarning> m_extraWarnings;
    QString m_title;
    QString m_sourceText;
    QAction *m_tryIndex = nullptr;
    QAction *m_rerun = nullptr;
    bool m_indexTrials = false;
    QString m_statement;
    QString m_connection;
    QString m_error;
    quint64 m_generation = 0;
    bool m_loading = false;
    int m_selected = -1;
    bool m_syncing = false;
    PlanColorMetric m_preferredMetric = PlanColorMetric::ExclusiveTime;

    QComboBox *m_metricBox;
    QLabel *m_summary;
    QLabel *m_errorLabel;
    QLabel *m_warningsLabel;
    QStackedWidget *m_stack;
    QSplitter *m_splitter = nullptr;
    bool m_sized = false;
    QLabel *m_placeholder;
    QTabWidget *m_views;
    PlanGraphView *m_graph;
    PlanScene *m_scene;
    QTableView *m_table;
    QTableView *m_flagsView;
    QTreeView *m_statsView;
    PlanDetailsPanel *m_details;
    PlanTableModel *m_tableModel;
    PlanFlagsModel *m_flagsModel;
    PlanStatsModel *m_statsModel;
    QSortFilterProxyModel *m_tableProxy;
    QSortFilterProxyModel *m_statsProxy;
};

} // namespace sightline
