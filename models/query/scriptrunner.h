#pragma once

#include "models/pg/pgsession.h"

#include <QList>
#include <QObject>
#include <QPointer>

namespace sightline {

// One statement of a script, and where it starts in the editor's text (error
// positions and markers are relative to the statement).
struct ScriptStatement
{
    QString sql;
    int offset = 0;
};

// Runs statements one request at a time, as psql does with a script: each gets
// its own result, duration and notices, and the script stops at the first
// failure. With autocommit off, a BEGIN is sent first whenever no transaction
// is open (not for transaction control, nor for the commands PostgreSQL refuses
// inside a transaction block), so nothing commits until the user says so.
class ScriptRunner final : public QObject
{
    Q_OBJECT
public:
    explicit ScriptRunner(PgSession *session, QObject *parent = nullptr);

    // False (and nothing runs) when the session is not connected or a script runs.
    bool start(const QList<ScriptStatement> &statements, bool autocommit);
    // Cancels the running statement on the server; the rest never runs.
    void cancel();
    bool isRunning() const { return m_index >= 0; }
    int currentIndex() const { return m_index; }
    PgRequestId currentRequest() const { return m_request; }
    const QList<ScriptStatement> &statements() const { return m_statements; }

    // Whether `sql` must not get an implicit BEGIN (transaction control, or a
    // command PostgreSQL refuses inside a transaction block).
    static bool runsOutsideTransaction(const QString &sql);

Q_SIGNALS:
    void statementStarted(int index);
    void columnsReceived(int index, const QList<sightline::PgColumn> &columns);
    void rowsReceived(int index, const sightline::PgRowBatch &rows);
    void noticeReceived(int index, const sightline::PgNotice &notice);
    // `result` has the command tag and row counts; a statement that was only a
    // comment has an empty tag.
    void statementFinished(int index, const sightline::PgStatementResult &result, qint64 elapsedMs);
    void statementFailed(int index, const sightline::PgError &error, qint64 elapsedMs);
    // The last signal of a script: `executed` statements ran to the end, the
    // remaining `skipped` never ran.
    void finished(bool ok, int executed, int skipped);

private:
    void runCurrent();
    void onRequestFinished(PgRequestId id, bool ok, qint64 elapsedMs);
    void finish(bool ok);

    QPointer<PgSession> m_session;
    QList<ScriptStatement> m_statements;
    bool m_autocommit = true;
    int m_index = -1;
    int m_executed = 0;
    PgRequestId m_request = 0;
    PgRequestId m_beginRequest = 0;
    bool m_cancelled = false;
    PgStatementResult m_result;
    bool m_hasResult = false;
    PgError m_error;
};

} // namespace sightline
