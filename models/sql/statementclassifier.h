#pragma once

#include "models/sql/sqlsplitter.h"

#include <QCoreApplication>
#include <QList>
#include <QString>

namespace sightline {

// What running a statement does, as far as its text can tell. The groups
// follow PostgreSQL's own log_statement levels (GetCommandLogLevel): "mod" is
// DataChanging, "ddl" is Ddl; "all" splits into ReadOnly, TransactionControl
// and Other.
enum class StatementKind
{
    ReadOnly,           // SELECT, VALUES, TABLE, SHOW, FETCH, COPY ... TO, EXPLAIN (no ANALYZE)
    DataChanging,       // INSERT, UPDATE, DELETE, MERGE, TRUNCATE, COPY ... FROM
    Ddl,                // CREATE, ALTER, DROP, COMMENT, GRANT, REVOKE, REINDEX, CLUSTER,
                        // REFRESH MATERIALIZED VIEW, SELECT ... INTO (it creates a table)
    TransactionControl, // BEGIN, START TRANSACTION, COMMIT, ROLLBACK, SAVEPOINT, RELEASE, ...
    Other,              // SET, RESET, DISCARD, LISTEN, NOTIFY, DO, CALL, EXECUTE, PREPARE,
                        // VACUUM, ANALYZE, CHECKPOINT, LOCK; an empty statement
    Invalid             // does not parse, or is not exactly one statement
};

// The classification of one statement. The parse tree cannot see inside
// functions: a SELECT calling a volatile function that writes (SELECT
// nextval(...), SELECT my_purge()) is still ReadOnly here. Callers that must
// be certain (production connections) should run such statements in a
// read-only transaction rather than trust the text.
struct StatementClass
{
    StatementKind kind = StatementKind::Invalid;
    QString command; // "SELECT", "INSERT", "CREATE INDEX", "BEGIN", "EXPLAIN ANALYZE", ...

    // WITH x AS (INSERT|UPDATE|DELETE|MERGE ...) somewhere in the part of the
    // statement that runs, nested subqueries and EXPLAIN included. It
    // describes the text; changesData() says whether running it writes.
    bool hasDataChangingCte = false;
    // SELECT ... FOR UPDATE/SHARE: reads only, but holds row locks until the
    // transaction ends.
    bool locksRows = false;
    // The statement runs code the tree does not show (DO, CALL, EXECUTE,
    // COPY ... PROGRAM), so it may change data although its kind is Other.
    bool mayChangeData = false;

    bool isExplain = false;
    bool explainAnalyze = false; // EXPLAIN ANALYZE executes the inner statement
    // The statement inside EXPLAIN; `kind` equals it under ANALYZE and is
    // ReadOnly without.
    StatementKind explainedKind = StatementKind::Invalid;
    QString explainedCommand;

    // Where the statement is: the whole text for classify(), the statement's
    // range in the script for classifyScript().
    SqlStatementRange range;

    QString error;          // the parser's message, for Invalid
    int errorPosition = -1; // 0-based UTF-16 offset into the classified text, -1 when none

    bool isValid() const { return kind != StatementKind::Invalid; }
    // Running it writes rows: a data-changing statement, or a data-changing
    // CTE, unless only a plain EXPLAIN of them.
    bool changesData() const;
    // Running it could leave anything behind if committed: rows, schema
    // (DDL, SELECT INTO) or effects of opaque code. This is what EXPLAIN
    // ANALYZE wraps in BEGIN ... ROLLBACK.
    bool mayWrite() const;
};

class StatementClassifier final
{
    Q_DECLARE_TR_FUNCTIONS(StatementClassifier)

public:
    // Exactly one statement (a trailing ';' and comments are fine). Empty
    // text is Other with an empty command; several statements are Invalid.
    static StatementClass classify(const QString &sql);
    // Every statement of a script, split by SqlSplitter so that one broken
    // statement does not hide the classes of the others; ranges and error
    // positions are relative to the script.
    static QList<StatementClass> classifyScript(const QString &script);
};

} // namespace sightline
