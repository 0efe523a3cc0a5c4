#pragma once

#include "models/pg/pgsession.h"
#include "models/query/explainrunner.h"
#include "models/query/scriptrunner.h"
#include "models/store/historystore.h"
#include "widgets/sqleditor.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QHash>
#include <QPointer>
#include <QTimer>
#include <QWidget>

#include <optional>

class QAction;
class QLabel;
class QPlainTextEdit;
class QSyntaxHighlighter;
class QTabWidget;

namespace sightline {

class CatalogLoader;
class ResultPage;
class SqlCompleter;
class ResultSetModel;
class TransactionBadge;

// A console on one database: an editor, Run/Cancel, one result tab per
// statement that returned rows, and a message log. It owns its own session,
// so a long query here never blocks another tab. Statements run one at a time
// (ScriptRunner); each result shows its rows, time and notices, and the grid
// stops reading at its row cap until the user fetches more.
class QueryTab final : public QWidget
{
    Q_OBJECT
public:
    QueryTab(const PgConnectSpec &spec, const QString &title, QWidget *parent = nullptr);
    ~QueryTab() override;

    QString title() const { return m_title; }
    // Every run is recorded in `store` (when `keep`), under this profile.
    void setHistory(HistoryStore *store, const QString &profileId, const QString &connectionName,
                    bool keep);
    // Production tabs ask before running anything that may write (DML, DDL,
    // DO/CALL), naming the commands.
    void setProduction(bool production);
    // The tab's text is saved to `store` as `draft` while the user types (and
    // when the tab goes), so a crash or a restart loses nothing.
    void setDraft(HistoryStore *store, const TabDraft &draft);
    // The user closed the tab: its saved text goes too.
    void discardDraft();
    // Completion in the editor from this catalog (the connection's, for the
    // tab's database); it is refreshed after DDL once that is committed.
    void setCatalog(CatalogLoader *catalog);
    SqlCompleter *completer() const { return m_completer; }
    QString draftId() const { return m_draft.id; }
    // Puts a statement at the cursor on a line of its own (from the history).
    void insertStatement(const QString &sql);
    PgSession *session() { return &m_session; }
    SqlEditor *editor() const { return m_editor; }
    void setText(const QString &sql);

    // Runs the selection, or the whole text when nothing is selected (F5).
    void run();
    // Runs the selection, or the statement at the cursor (Ctrl+Enter).
    void runStatement();
    // EXPLAIN (F7) or EXPLAIN ANALYZE (Shift+F7) of the selection or the
    // statement at the cursor; the plan arrives with planReady().
    void explain(bool analyze);
    ExplainOptions explainOptions() const;
    void setExplainOptions(const ExplainOptions &options);
    void cancel();
    bool isRunning() const;
    // With autocommit off, statements run inside a transaction the user ends
    // (the badge's Commit / Roll Back).
    void setAutocommit(bool on);
    bool autocommit() const;
    // Number of result tabs showing rows (tests and status).
    int resultCount() const;
    ResultSetModel *resultModel(int index) const;
    ResultPage *resultPage(int index) const;
    QString messages() const;
    // A line in Messages from outside (a setting changed for this session, say).
    void appendNote(const QString &text) { appendMessage(text); }
    TransactionBadge *transactionBadge() const { return m_badge; }

    enum class CloseDecision
    {
        CloseNow, // nothing open, or the user accepted losing a running statement
        Pending,  // a COMMIT or ROLLBACK is on its way: wait for closeRequestFinished()
        Cancelled // the user keeps the tab
    };
    // Asks about an open transaction or a running statement before the tab goes.
    // Choosing commit or roll back ends the transaction first; the tab may only
    // go once closeRequestFinished(true) arrives, so a failed COMMIT is seen.
    CloseDecision requestClose();

Q_SIGNALS:
    void statusChanged();
    void closeRequestFinished(bool ok);
    // A statement that changes the schema ran (catalog caches should reload).
    void schemaChanged();
    // An Explain finished: open the plan.
    void planReady(const sightline::ExplainResult &result);

protected:
    void changeEvent(QEvent *event) override;

private:
    void runSelection();
    void execute(const QList<ScriptStatement> &statements);
    // The statements of `text`, which starts at `offset` in the editor.
    static QList<ScriptStatement> split(const QString &text, int offset);
    void clearResults();
    void appendMessage(const QString &text);
    void updateActions();
    void endTransaction(bool commit);
    void saveDraft();

    void onStatementStarted(int index);
    void onColumns(int index, const QList<PgColumn> &columns);
    void onRows(int index, const PgRowBatch &rows);
    void onNotice(int index, const PgNotice &notice);
    void onStatementFinished(int index, const PgStatementResult &result, qint64 elapsedMs);
    void onStatementFailed(int index, const PgError &error, qint64 elapsedMs);
    void onScriptFinished(bool ok, int executed, int skipped);
    void recordStatement(int index, HistoryStatus status, qint64 elapsedMs, qint64 rows,
                         const PgError &error);
    bool confirmOnProduction(const QString &sql);
    // The statement Ctrl+Enter would run (or the selection), with its offset.
    std::optional<ScriptStatement> statementAtCursor(bool select);
    void onExplainFailed(const PgError &error, bool rolledBack);
    QString statementLabel(int index) const;

    QString m_title;
    PgConnectSpec m_spec; // for exports that run the statement again on their own connection
    PgSession m_session;
    ScriptRunner m_runner;
    ExplainRunner m_explainer;
    int m_explainOffset = 0;        // where the explained statement starts in the editor
    PgRequestId m_closeRequest = 0; // COMMIT/ROLLBACK before closing
    PgRequestId m_endRequest = 0;   // COMMIT/ROLLBACK from the badge
    SqlEditor *m_editor = nullptr;
    QSyntaxHighlighter *m_highlighter = nullptr;
    QTabWidget *m_results = nullptr;
    QPlainTextEdit *m_log = nullptr;
    QLabel *m_status = nullptr;
    TransactionBadge *m_badge = nullptr;
    QAction *m_runAction = nullptr;
    QAction *m_runStatementAction = nullptr;
    QAction *m_cancelAction = nullptr;
    QAction *m_reconnectAction = nullptr;
    QAction *m_autocommitAction = nullptr;
    QAction *m_explainAction = nullptr;
    QAction *m_explainAnalyzeAction = nullptr;
    QList<QAction *>
        m_explainOptionActions;       // buffers, verbose, settings, wal, timing, serialize, memory
    QHash<int, ResultPage *> m_pages; // by statement index, for the running script
    QHash<int, int> m_notices;        // notices per statement of the running script
    QHash<int, QDateTime> m_started;  // start time per statement
    QElapsedTimer m_scriptClock;
    std::optional<QList<ScriptStatement>> m_queued; // runs once the paused fetch has stopped

    bool m_production = false;
    QPointer<HistoryStore> m_history;
    QString m_profileId;
    QString m_connectionName;
    bool m_keepHistory = false;

    SqlCompleter *m_completer = nullptr;
    QPointer<CatalogLoader> m_catalog;
    bool m_schemaDirty = false; // DDL ran; refresh the catalog once it is committed

    QPointer<HistoryStore> m_drafts;
    TabDraft m_draft;
    QTimer m_draftTimer;
};

} // namespace sightline
