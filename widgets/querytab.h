#pragma once

#include "models/pg/pgsession.h"

#include <QDateTime>
#include <QPointer>
#include <QWidget>

class QAction;
class QLabel;
class QPlainTextEdit;
class QSyntaxHighlighter;
class QTabWidget;
class QTableView;

namespace sightline {

class HistoryStore;
class ResultSetModel;

// A console on one database: an editor, Run/Cancel, one result tab per
// statement that returned rows, and a message log. It owns its own session,
// so a long query here never blocks another tab.
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
    // Puts a statement at the cursor on a line of its own (from the history).
    void insertStatement(const QString &sql);
    PgSession *session() { return &m_session; }
    QPlainTextEdit *editor() const { return m_editor; }
    void setText(const QString &sql);

    // Runs the selection, or the whole text when nothing is selected (F5).
    void run();
    // Runs the selection, or the statement at the cursor (Ctrl+Enter).
    void runStatement();
    void cancel();
    bool isRunning() const;
    // Number of result tabs showing rows (tests and status).
    int resultCount() const;
    ResultSetModel *resultModel(int index) const;
    QString messages() const;

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

protected:
    void changeEvent(QEvent *event) override;

private:
    void runSelection();
    // `offset` is where `sql` starts in the editor, for error positions.
    void execute(const QString &sql, int offset);
    void appendMessage(const QString &text);
    void updateActions();
    void onColumns(PgRequestId id, int statement, const QList<PgColumn> &columns);
    void onRows(PgRequestId id, int statement, const PgRowBatch &rows);
    void onStatementFinished(PgRequestId id, const PgStatementResult &result);

    QString m_title;
    PgSession m_session;
    PgRequestId m_request = 0;
    PgRequestId m_closeRequest = 0; // COMMIT/ROLLBACK before closing
    QPlainTextEdit *m_editor = nullptr;
    QSyntaxHighlighter *m_highlighter = nullptr;
    QTabWidget *m_results = nullptr;
    QPlainTextEdit *m_log = nullptr;
    QLabel *m_status = nullptr;
    QAction *m_runAction = nullptr;
    QAction *m_runStatementAction = nullptr;
    QAction *m_cancelAction = nullptr;
    QAction *m_reconnectAction = nullptr;
    ResultSetModel *m_currentModel = nullptr;
    int m_selectionOffset = 0; // where the run text starts in the editor (for error positions)

    void recordRun(bool ok, qint64 elapsedMs);
    bool confirmOnProduction(const QString &sql);
    bool m_production = false;
    QPointer<HistoryStore> m_history;
    QString m_profileId;
    QString m_connectionName;
    bool m_keepHistory = false;
    QString m_runText;
    QDateTime m_runStarted;
    qint64 m_runRows = 0;
    PgError m_runError;
};

} // namespace sightline
