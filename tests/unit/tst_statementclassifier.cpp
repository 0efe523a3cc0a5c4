// Statement classification from libpg_query's parse tree: the basis for the
// production confirmations (issue 3) and for running EXPLAIN ANALYZE of
// data-changing statements inside BEGIN ... ROLLBACK (issue 5).

#include "models/sql/statementclassifier.h"

#include <QTest>

#include <thread>

using namespace sightline;

namespace {

QString kindName(StatementKind kind)
{
    switch (kind) {
    case StatementKind::ReadOnly:
        return QStringLiteral("ReadOnly");
    case StatementKind::DataChanging:
        return QStringLiteral("DataChanging");
    case StatementKind::Ddl:
        return QStringLiteral("Ddl");
    case StatementKind::TransactionControl:
        return QStringLiteral("TransactionControl");
    case StatementKind::Other:
        return QStringLiteral("Other");
    case StatementKind::Invalid:
        return QStringLiteral("Invalid");
    }
    return QStringLiteral("?");
}

// Every boolean answer as one list, so a failing row shows all of them.
QStringList facts(const StatementClass &c)
{
    QStringList out;
    if (c.changesData())
        out << QStringLiteral("changesData");
    if (c.mayWrite())
        out << QStringLiteral("mayWrite");
    if (c.hasDataChangingCte)
        out << QStringLiteral("cte");
    if (c.locksRows)
        out << QStringLiteral("locksRows");
    if (c.mayChangeData)
        out << QStringLiteral("mayChangeData");
    return out;
}

const QStringList none;
const QStringList writes{QStringLiteral("changesData"), QStringLiteral("mayWrite")};
const QStringList writesByCte{QStringLiteral("changesData"), QStringLiteral("mayWrite"),
                              QStringLiteral("cte")};
const QStringList ddl{QStringLiteral("mayWrite")};
const QStringList opaque{QStringLiteral("mayWrite"), QStringLiteral("mayChangeData")};
const QStringList locks{QStringLiteral("locksRows")};

} // namespace

class TestStatementClassifier : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void classify_data()
    {
        QTest::addColumn<QString>("sql");
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("command");
        QTest::addColumn<QStringList>("facts");

        const auto row = [](const char *name, const char *sql, const char *kind,
                            const char *command, const QStringList &expected) {
            QTest::newRow(name) << QString::fromUtf8(sql) << QString::fromLatin1(kind)
                                << QString::fromLatin1(command) << expected;
        };

        // Read-only
        row("select", "SELECT 1", "ReadOnly", "SELECT", none);
        row("select trailing semicolon", "SELECT * FROM t;", "ReadOnly", "SELECT", none);
        row("values", "VALUES (1), (2)", "ReadOnly", "VALUES", none);
        row("table", "TABLE t", "ReadOnly", "TABLE", none);
        row("select star is not table", "SELECT * FROM t", "ReadOnly", "SELECT", none);
        row("show", "SHOW work_mem", "ReadOnly", "SHOW", none);
        row("union", "SELECT 1 UNION ALL SELECT 2", "ReadOnly", "SELECT", none);
        row("read-only cte", "WITH a AS (SELECT 1) SELECT * FROM a", "ReadOnly", "SELECT", none);
        row("recursive cte", "WITH RECURSIVE r(n) AS (SELECT 1 UNION SELECT n + 1 FROM r) TABLE r",
            "ReadOnly", "SELECT", none);
        row("comments around", "/* lead /* nested */ */ -- line\nSELECT 1 -- tail", "ReadOnly",
            "SELECT", none);
        row("unicode", "SELECT 'żółw 🐢' AS \"naïve\"", "ReadOnly", "SELECT", none);
        row("copy to", "COPY t TO STDOUT", "ReadOnly", "COPY TO", none);
        row("copy query to", "COPY (SELECT * FROM t) TO STDOUT WITH (FORMAT csv)", "ReadOnly",
            "COPY TO", none);
        row("fetch", "FETCH 10 FROM c", "ReadOnly", "FETCH", none);
        row("declare cursor", "DECLARE c CURSOR FOR SELECT * FROM t", "ReadOnly", "DECLARE CURSOR",
            none);
        // A volatile function may write; the tree cannot know (documented).
        row("volatile function", "SELECT nextval('s')", "ReadOnly", "SELECT", none);

        // Data-changing
        row("insert", "INSERT INTO t VALUES (1)", "DataChanging", "INSERT", writes);
        row("update", "UPDATE t SET a = 1", "DataChanging", "UPDATE", writes);
        row("delete", "DELETE FROM t WHERE a = 1", "DataChanging", "DELETE", writes);
        row("merge",
            "MERGE INTO t USING s ON t.a = s.a WHEN MATCHED THEN UPDATE SET b = s.b "
            "WHEN NOT MATCHED THEN INSERT VALUES (s.a, s.b)",
            "DataChanging", "MERGE", writes);
        row("truncate", "TRUNCATE t, u RESTART IDENTITY", "DataChanging", "TRUNCATE", writes);
        row("copy from", "COPY t FROM STDIN", "DataChanging", "COPY FROM", writes);
        row("copy dml to", "COPY (DELETE FROM t RETURNING *) TO STDOUT", "DataChanging", "COPY TO",
            writes);
        row("copy to program", "COPY t TO PROGRAM 'gzip > /tmp/t.gz'", "ReadOnly", "COPY TO",
            opaque);
        row("insert with read-only cte", "WITH a AS (SELECT 1) INSERT INTO t SELECT * FROM a",
            "DataChanging", "INSERT", writes);
        row("delete with data-changing cte",
            "WITH m AS (UPDATE u SET x = 1 RETURNING id) DELETE FROM t USING m WHERE t.id = m.id",
            "DataChanging", "DELETE", writesByCte);
        row("update with subquery for update",
            "UPDATE t SET a = 1 WHERE id IN (SELECT id FROM t FOR UPDATE SKIP LOCKED)",
            "DataChanging", "UPDATE", writes + locks);

        // Data-changing CTEs in read-only looking statements
        row("cte delete", "WITH d AS (DELETE FROM t RETURNING *) SELECT count(*) FROM d",
            "ReadOnly", "SELECT", writesByCte);
        row("cte insert", "WITH i AS (INSERT INTO t VALUES (1) RETURNING id) SELECT id FROM i",
            "ReadOnly", "SELECT", writesByCte);
        row("cte merge",
            "WITH m AS (MERGE INTO t USING s ON t.a = s.a WHEN MATCHED THEN DELETE) SELECT 1",
            "ReadOnly", "SELECT", writesByCte);
        row("cte in from subquery",
            "SELECT * FROM (WITH d AS (DELETE FROM t RETURNING *) SELECT * FROM d) s", "ReadOnly",
            "SELECT", writesByCte);
        row("cte inside cte",
            "WITH a AS (WITH u AS (UPDATE t SET x = 1 RETURNING x) SELECT * FROM u) "
            "SELECT * FROM a",
            "ReadOnly", "SELECT", writesByCte);
        row("cte in where subquery",
            "SELECT 1 WHERE EXISTS (WITH d AS (DELETE FROM t RETURNING 1) SELECT * FROM d)",
            "ReadOnly", "SELECT", writesByCte);
        row("cte read-only after comment",
            "-- WITH d AS (DELETE FROM t)\nWITH a AS (SELECT 1) SELECT 1", "ReadOnly", "SELECT",
            none);

        // SELECT INTO, locking
        row("select into", "SELECT * INTO new_t FROM t", "Ddl", "SELECT INTO", ddl);
        row("create table as", "CREATE TABLE n AS SELECT * FROM t", "Ddl", "CREATE TABLE AS", ddl);
        row("create materialized view", "CREATE MATERIALIZED VIEW mv AS SELECT 1", "Ddl",
            "CREATE MATERIALIZED VIEW", ddl);
        row("select for update", "SELECT * FROM t WHERE id = 1 FOR UPDATE", "ReadOnly", "SELECT",
            locks);
        row("for share in subquery", "SELECT * FROM (SELECT * FROM t FOR SHARE) s", "ReadOnly",
            "SELECT", locks);

        // DDL
        row("create table", "CREATE TABLE t (id int PRIMARY KEY)", "Ddl", "CREATE TABLE", ddl);
        row("create index", "CREATE INDEX CONCURRENTLY i ON t (a)", "Ddl", "CREATE INDEX", ddl);
        row("create view", "CREATE VIEW v AS SELECT 1", "Ddl", "CREATE VIEW", ddl);
        row("alter table", "ALTER TABLE t ADD COLUMN c int", "Ddl", "ALTER TABLE", ddl);
        row("alter index rename", "ALTER INDEX i RENAME TO j", "Ddl", "ALTER INDEX", ddl);
        row("drop table", "DROP TABLE IF EXISTS t CASCADE", "Ddl", "DROP TABLE", ddl);
        row("drop materialized view", "DROP MATERIALIZED VIEW mv", "Ddl", "DROP MATERIALIZED VIEW",
            ddl);
        row("comment", "COMMENT ON TABLE t IS 'x'", "Ddl", "COMMENT", ddl);
        row("grant", "GRANT SELECT ON t TO alice", "Ddl", "GRANT", ddl);
        row("revoke", "REVOKE ALL ON t FROM bob", "Ddl", "REVOKE", ddl);
        row("grant role", "GRANT admin TO alice", "Ddl", "GRANT", ddl);
        row("reindex", "REINDEX TABLE t", "Ddl", "REINDEX", ddl);
        row("cluster", "CLUSTER t USING i", "Ddl", "CLUSTER", ddl);
        row("refresh", "REFRESH MATERIALIZED VIEW CONCURRENTLY mv", "Ddl",
            "REFRESH MATERIALIZED VIEW", ddl);
        row("create extension", "CREATE EXTENSION IF NOT EXISTS hypopg", "Ddl", "CREATE EXTENSION",
            ddl);
        // The body is stored, not run: its CTE changes nothing now.
        row("function body with cte",
            "CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC "
            "WITH d AS (DELETE FROM t RETURNING 1) SELECT 1; END",
            "Ddl", "CREATE FUNCTION", ddl);
        row("create procedure", "CREATE PROCEDURE p() LANGUAGE sql AS $$ DELETE FROM t $$", "Ddl",
            "CREATE PROCEDURE", ddl);

        // Transaction control
        row("begin", "BEGIN", "TransactionControl", "BEGIN", none);
        row("begin isolation", "BEGIN ISOLATION LEVEL SERIALIZABLE", "TransactionControl", "BEGIN",
            none);
        row("start transaction", "START TRANSACTION READ ONLY", "TransactionControl",
            "START TRANSACTION", none);
        row("commit", "COMMIT", "TransactionControl", "COMMIT", none);
        row("end", "END", "TransactionControl", "COMMIT", none);
        row("rollback", "ROLLBACK", "TransactionControl", "ROLLBACK", none);
        row("abort", "ABORT", "TransactionControl", "ROLLBACK", none);
        row("savepoint", "SAVEPOINT s1", "TransactionControl", "SAVEPOINT", none);
        row("release", "RELEASE SAVEPOINT s1", "TransactionControl", "RELEASE", none);
        row("rollback to", "ROLLBACK TO SAVEPOINT s1", "TransactionControl",
            "ROLLBACK TO SAVEPOINT", none);
        row("prepare transaction", "PREPARE TRANSACTION 'tx1'", "TransactionControl",
            "PREPARE TRANSACTION", none);
        row("commit prepared", "COMMIT PREPARED 'tx1'", "TransactionControl", "COMMIT PREPARED",
            none);

        // Other
        row("set", "SET statement_timeout = '5s'", "Other", "SET", none);
        row("set local", "SET LOCAL work_mem TO '64MB'", "Other", "SET", none);
        row("reset", "RESET work_mem", "Other", "RESET", none);
        row("reset all", "RESET ALL", "Other", "RESET", none);
        row("discard", "DISCARD ALL", "Other", "DISCARD", none);
        row("listen", "LISTEN ch", "Other", "LISTEN", none);
        row("notify", "NOTIFY ch, 'payload'", "Other", "NOTIFY", none);
        row("do", "DO $$ BEGIN DELETE FROM t; END $$", "Other", "DO", opaque);
        row("call", "CALL purge_old_rows(30)", "Other", "CALL", opaque);
        row("execute", "EXECUTE stmt(1)", "Other", "EXECUTE", opaque);
        // PREPARE only stores the statement.
        row("prepare", "PREPARE d AS WITH x AS (DELETE FROM t RETURNING 1) SELECT * FROM x",
            "Other", "PREPARE", none);
        row("vacuum", "VACUUM (ANALYZE) t", "Other", "VACUUM", none);
        row("analyze", "ANALYZE t", "Other", "ANALYZE", none);
        row("checkpoint", "CHECKPOINT", "Other", "CHECKPOINT", none);
        row("lock", "LOCK TABLE t IN ACCESS EXCLUSIVE MODE", "Other", "LOCK TABLE", none);
        row("empty", "", "Other", "", none);
        row("only comments", "-- nothing\n/* here */", "Other", "", none);
    }

    void classify()
    {
        QFETCH(QString, sql);
        QFETCH(QString, kind);
        QFETCH(QString, command);
        QFETCH(QStringList, facts);

        const StatementClass c = StatementClassifier::classify(sql);
        QVERIFY2(c.error.isEmpty(), qPrintable(c.error));
        QCOMPARE(kindName(c.kind), kind);
        QCOMPARE(c.command, command);
        QCOMPARE(::facts(c), facts);
        QVERIFY(!c.isExplain);
        QCOMPARE(c.range, (SqlStatementRange{0, int(sql.size()), false}));
    }

    void explain_data()
    {
        QTest::addColumn<QString>("sql");
        QTest::addColumn<bool>("analyze");
        QTest::addColumn<QString>("explainedKind");
        QTest::addColumn<QString>("explainedCommand");
        QTest::addColumn<QStringList>("facts");

        const auto row = [](const char *name, const char *sql, bool analyze, const char *kind,
                            const char *command, const QStringList &expected) {
            QTest::newRow(name) << QString::fromUtf8(sql) << analyze << QString::fromLatin1(kind)
                                << QString::fromLatin1(command) << expected;
        };
        row("select", "EXPLAIN SELECT 1", false, "ReadOnly", "SELECT", none);
        row("analyze select", "EXPLAIN ANALYZE SELECT 1", true, "ReadOnly", "SELECT", none);
        row("analyze verbose", "EXPLAIN ANALYZE VERBOSE SELECT * FROM t", true, "ReadOnly",
            "SELECT", none);
        row("delete", "EXPLAIN DELETE FROM t", false, "DataChanging", "DELETE", none);
        row("analyze delete", "EXPLAIN ANALYZE DELETE FROM t", true, "DataChanging", "DELETE",
            writes);
        row("options analyze update", "EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) UPDATE t SET a = 1",
            true, "DataChanging", "UPDATE", writes);
        row("analyze insert", "explain analyze insert into t values (1)", true, "DataChanging",
            "INSERT", writes);
        row("analyze merge",
            "EXPLAIN ANALYZE MERGE INTO t USING s ON t.a = s.a WHEN MATCHED THEN DELETE", true,
            "DataChanging", "MERGE", writes);
        row("analyze false", "EXPLAIN (ANALYZE false) DELETE FROM t", false, "DataChanging",
            "DELETE", none);
        row("analyze off", "EXPLAIN (ANALYZE off, COSTS off) DELETE FROM t", false, "DataChanging",
            "DELETE", none);
        row("analyze 0", "EXPLAIN (ANALYZE 0) DELETE FROM t", false, "DataChanging", "DELETE",
            none);
        row("analyze 1", "EXPLAIN (ANALYZE 1) DELETE FROM t", true, "DataChanging", "DELETE",
            writes);
        row("analyze on", "EXPLAIN (ANALYZE on) DELETE FROM t", true, "DataChanging", "DELETE",
            writes);
        row("last analyze wins", "EXPLAIN (ANALYZE true, ANALYZE false) DELETE FROM t", false,
            "DataChanging", "DELETE", none);
        // Not run without ANALYZE: the CTE is reported, but nothing changes.
        row("cte delete", "EXPLAIN WITH d AS (DELETE FROM t RETURNING *) SELECT * FROM d", false,
            "ReadOnly", "SELECT", QStringList{QStringLiteral("cte")});
        row("analyze cte delete",
            "EXPLAIN ANALYZE WITH d AS (DELETE FROM t RETURNING *) SELECT * FROM d", true,
            "ReadOnly", "SELECT", writesByCte);
        row("analyze nested cte",
            "EXPLAIN (ANALYZE) SELECT * FROM (WITH u AS (UPDATE t SET a = 2 RETURNING a) "
            "SELECT * FROM u) s",
            true, "ReadOnly", "SELECT", writesByCte);
        row("analyze for update", "EXPLAIN ANALYZE SELECT * FROM t FOR UPDATE", true, "ReadOnly",
            "SELECT", locks);
        row("for update without analyze", "EXPLAIN SELECT * FROM t FOR UPDATE", false, "ReadOnly",
            "SELECT", none);
        row("analyze create table as", "EXPLAIN ANALYZE CREATE TABLE n AS SELECT 1", true, "Ddl",
            "CREATE TABLE AS", ddl);
        row("analyze select into", "EXPLAIN ANALYZE SELECT 1 INTO n", true, "Ddl", "SELECT INTO",
            ddl);
        row("create table as", "EXPLAIN CREATE TABLE n AS SELECT 1", false, "Ddl",
            "CREATE TABLE AS", none);
        row("analyze execute", "EXPLAIN ANALYZE EXECUTE s(1)", true, "Other", "EXECUTE", opaque);
        row("execute", "EXPLAIN EXECUTE s(1)", false, "Other", "EXECUTE", none);
        row("analyze values", "EXPLAIN ANALYZE VALUES (1)", true, "ReadOnly", "VALUES", none);
        row("analyze table", "EXPLAIN ANALYZE TABLE t", true, "ReadOnly", "TABLE", none);
    }

    void explain()
    {
        QFETCH(QString, sql);
        QFETCH(bool, analyze);
        QFETCH(QString, explainedKind);
        QFETCH(QString, explainedCommand);
        QFETCH(QStringList, facts);

        const StatementClass c = StatementClassifier::classify(sql);
        QVERIFY2(c.error.isEmpty(), qPrintable(c.error));
        QVERIFY(c.isExplain);
        QCOMPARE(c.explainAnalyze, analyze);
        QCOMPARE(c.command,
                 analyze ? QStringLiteral("EXPLAIN ANALYZE") : QStringLiteral("EXPLAIN"));
        QCOMPARE(kindName(c.explainedKind), explainedKind);
        QCOMPARE(c.explainedCommand, explainedCommand);
        // ANALYZE runs the statement, so it takes the statement's kind.
        QCOMPARE(kindName(c.kind), analyze ? explainedKind : QStringLiteral("ReadOnly"));
        QCOMPARE(::facts(c), facts);
    }

    void invalid_data()
    {
        QTest::addColumn<QString>("sql");
        QTest::addColumn<int>("errorPosition");
        QTest::addColumn<QString>("errorContains");

        QTest::newRow("typo") << QStringLiteral("SELEC 1") << 0 << QStringLiteral("syntax error");
        QTest::newRow("missing from target")
            << QStringLiteral("SELECT * FROM") << -1 << QStringLiteral("syntax error");
        const QString unicode = QStringLiteral("SELECT 'é€😀' frm t");
        QTest::newRow("position after non-ascii")
            << unicode << int(unicode.lastIndexOf(u't')) << QStringLiteral("syntax error");
        QTest::newRow("unterminated string")
            << QStringLiteral("SELECT 'abc") << 7 << QStringLiteral("unterminated quoted string");
        const QString two = QStringLiteral("SELECT 'ü'; /* next */ DELETE FROM t");
        QTest::newRow("two statements") << two << int(two.indexOf(u'D')) << QStringLiteral("2");
    }

    void invalid()
    {
        QFETCH(QString, sql);
        QFETCH(int, errorPosition);
        QFETCH(QString, errorContains);

        const StatementClass c = StatementClassifier::classify(sql);
        QCOMPARE(kindName(c.kind), QStringLiteral("Invalid"));
        QVERIFY(!c.isValid());
        QVERIFY2(c.error.contains(errorContains), qPrintable(c.error));
        if (errorPosition >= 0)
            QCOMPARE(c.errorPosition, errorPosition);
        else // at the end of the input
            QCOMPARE(c.errorPosition, int(sql.size()));
        QVERIFY(!c.changesData());
    }

    void script()
    {
        const QString script = QStringLiteral("BEGIN;\n"
                                              "-- clean up 🧹\n"
                                              "WITH d AS (DELETE FROM t RETURNING *) SELECT 1;\n"
                                              "SELEC 2;\n"
                                              "\\set x 1\n"
                                              "CREATE INDEX ON t (a);\n"
                                              "DO $$ BEGIN PERFORM 1; END $$;\n"
                                              "ROLLBACK");
        const QList<StatementClass> classes = StatementClassifier::classifyScript(script);
        QStringList kinds;
        QStringList texts;
        for (const StatementClass &c : classes) {
            kinds << kindName(c.kind) + u':' + c.command;
            texts << script.mid(c.range.start, c.range.length());
        }
        QCOMPARE(kinds, (QStringList{"TransactionControl:BEGIN", "ReadOnly:SELECT",
                                     "Invalid:", "Ddl:CREATE INDEX", "Other:DO",
                                     "TransactionControl:ROLLBACK"}));
        QCOMPARE(texts.at(1), QStringLiteral("WITH d AS (DELETE FROM t RETURNING *) SELECT 1"));
        QVERIFY(classes.at(1).changesData());
        // Error positions are relative to the script, past the emoji.
        QCOMPARE(classes.at(2).errorPosition, int(script.indexOf(QStringLiteral("SELEC 2"))));
        QVERIFY(classes.at(4).mayChangeData);
        QVERIFY(!classes.last().range.terminated);
        QVERIFY(classes.first().range.terminated);
    }

    void emptyScript()
    {
        QVERIFY(StatementClassifier::classifyScript(QString()).isEmpty());
        QVERIFY(StatementClassifier::classifyScript(QStringLiteral(" -- only\n;;")).isEmpty());
    }

    void deepNesting()
    {
        const auto nested = [](int depth) {
            return QStringLiteral("SELECT ") + QStringLiteral("NOT (").repeated(depth) +
                   QStringLiteral("true") + QString(depth, u')');
        };
        QCOMPARE(StatementClassifier::classify(nested(100)).kind, StatementKind::ReadOnly);
        // The server's parser takes it, but the tree is deeper than Qt's JSON
        // reader goes: an error, never a guessed class.
        const StatementClass deep = StatementClassifier::classify(nested(1000));
        QCOMPARE(deep.kind, StatementKind::Invalid);
        QVERIFY(!deep.error.isEmpty());
    }

    void threads()
    {
        // libpg_query calls from several threads at once must not interfere.
        std::vector<std::thread> workers;
        std::atomic<int> wrong = 0;
        for (int t = 0; t < 4; ++t) {
            workers.emplace_back([&wrong, t] {
                const QString sql = t % 2 ? QStringLiteral("DELETE FROM t")
                                          : QStringLiteral("SELECT * FROM t FOR UPDATE");
                const auto expected = t % 2 ? StatementKind::DataChanging : StatementKind::ReadOnly;
                for (int i = 0; i < 200; ++i) {
                    if (StatementClassifier::classify(sql).kind != expected)
                        ++wrong;
                }
            });
        }
        for (auto &worker : workers)
            worker.join();
        QCOMPARE(wrong.load(), 0);
    }
};

QTEST_GUILESS_MAIN(TestStatementClassifier)
#include "tst_statementclassifier.moc"
