#pragma once

#include "models/pg/pgsession.h"

#include <QObject>
#include <QPointer>

namespace sightline {

// What EXPLAIN is asked for. Options the server does not know are left out
// (SETTINGS from 12, WAL from 13, SERIALIZE and MEMORY from 17); WAL,
// TIMING and SERIALIZE only mean something with ANALYZE.
struct ExplainOptions
{
    bool analyze = false;
    bool buffers = true;
    bool verbose = false;
    bool settings = false;
    bool wal = false;
    bool timing = true;
    bool serialize = false;
    bool memory = false;
};

struct ExplainResult
{
    QString statement;  // what the user asked to explain
    QString explainSql; // what was sent
    QString planJson;   // EXPLAIN (FORMAT JSON) output
    ExplainOptions options;
    bool rolledBack = false; // ran inside BEGIN … ROLLBACK or a savepoint
    qint64 elapsedMs = 0;
};

// Runs EXPLAIN [ANALYZE] of one statement on a session. EXPLAIN ANALYZE
// executes the statement, so one that may write (libpg_query's classification:
// INSERT/UPDATE/DELETE/MERGE, data-changing CTEs, DDL, opaque code) runs
// inside BEGIN … ROLLBACK, or inside a SAVEPOINT that is rolled back when a
// transaction is already open (which stays open and usable, also when the
// statement fails). In a failed transaction nothing runs.
class ExplainRunner final : public QObject
{
    Q_OBJECT
public:
    explicit ExplainRunner(PgSession *session, QObject *parent = nullptr);

    // The EXPLAIN statement for `sql` (one statement, a trailing ';' is fine).
    static QString explainStatement(const QString &sql, const ExplainOptions &options,
                                    int serverVersionNum);
    // Whether running `sql` under EXPLAIN ANALYZE gets rolled back.
    static bool needsRollback(const QString &sql);

    // False, with failed() emitted from the event loop, when it cannot start.
    bool start(const QString &sql, const ExplainOptions &options);
    void cancel();
    bool isRunning() const { return m_running; }
    // Of the last start(): the statement and the EXPLAIN text sent for it.
    QString lastStatement() const { return m_result.statement; }
    QString lastExplainSql() const { return m_result.explainSql; }

Q_SIGNALS:
    void finished(const sightline::ExplainResult &result);
    // `rolledBack`: the statement's effects were undone although it failed.
    void failed(const sightline::PgError &error, bool rolledBack);

private:
    enum class Wrap
    {
        None,
        Transaction,
        Savepoint
    };
    void step(const QString &sql, std::function<void(const PgQueryResult &)> next);
    void runExplain();
    void undo(const PgError &explainError);
    void fail(const PgError &error);

    QPointer<PgSession> m_session;
    bool m_running = false;
    Wrap m_wrap = Wrap::None;
    ExplainResult m_result;
    PgRequestId m_request = 0;
};

} // namespace sightline

Q_DECLARE_METATYPE(sightline::ExplainResult)
