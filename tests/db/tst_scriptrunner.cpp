// ScriptRunner against the real test server: statements one by one, stop at
// the first error, autocommit off, cancel.

#include "models/query/scriptrunner.h"
#include "tests/testsupport/testserver.h"

#include <QSignalSpy>
#include <QTest>

using namespace sightline;

namespace {

struct Outcome
{
    QList<int> started;
    QMap<int, PgStatementResult> results;
    QMap<int, qint64> elapsed;
    QMap<int, PgError> errors;
    QMap<int, qint64> rows;
    QList<QPair<int, QString>> notices;
    bool done = false;
    bool ok = false;
    int executed = -1;
    int skipped = -1;
};

void record(ScriptRunner &runner, Outcome &out)
{
    QObject::connect(&runner, &ScriptRunner::statementStarted, &runner,
                     [&out](int index) { out.started << index; });
    QObject::connect(
        &runner, &ScriptRunner::rowsReceived, &runner,
        [&out](int index, const PgRowBatch &rows) { out.rows[index] += rows.rowCount(); });
    QObject::connect(&runner, &ScriptRunner::statementFinished, &runner,
                     [&out](int index, const PgStatementResult &result, qint64 elapsedMs) {
                         out.results[index] = result;
                         out.elapsed[index] = elapsedMs;
                     });
    QObject::connect(
        &runner, &ScriptRunner::statementFailed, &runner,
        [&out](int index, const PgError &error, qint64) { out.errors[index] = error; });
    QObject::connect(&runner, &ScriptRunner::noticeReceived, &runner,
                     [&out](int index, const PgNotice &notice) {
                         out.notices << qMakePair(index, notice.message);
                     });
    QObject::connect(&runner, &ScriptRunner::finished, &runner,
                     [&out](bool ok, int executed, int skipped) {
                         out.done = true;
                         out.ok = ok;
                         out.executed = executed;
                         out.skipped = skipped;
                     });
}

QList<ScriptStatement> statements(const QStringList &sql)
{
    QList<ScriptStatement> list;
    int offset = 0;
    for (const QString &s : sql) {
        list << ScriptStatement{s, offset};
        offset += int(s.size()) + 1;
    }
    return list;
}

} // namespace

class TestScriptRunner : public QObject
{
    Q_OBJECT

    PgConnectSpec m_spec;

private Q_SLOTS:
    void initTestCase()
    {
        SIGHTLINE_REQUIRE_SERVER();
        m_spec = test::freshDatabase(QStringLiteral("scriptrunner"));
    }

    void init()
    {
        for (const QString &sql : {QStringLiteral("DROP TABLE IF EXISTS t"),
                                   QStringLiteral("CREATE TABLE t (id int PRIMARY KEY)")}) {
            const PgQueryResult reset = test::runOnce(m_spec, sql);
            QVERIFY2(reset.ok(), qPrintable(reset.error.fullText()));
        }
    }

    void runsEachStatementOnItsOwn()
    {
        PgSession session;
        QVERIFY(test::connectAndWait(session, m_spec));
        ScriptRunner runner(&session);
        Outcome out;
        record(runner, out);
        QVERIFY(runner.start(statements({QStringLiteral("INSERT INTO t VALUES (1), (2)"),
                                         QStringLiteral("SELECT pg_sleep(0.2), id FROM t"),
                                         QStringLiteral("DO $$ BEGIN RAISE NOTICE 'hi'; END $$")}),
                             true));
        QVERIFY(runner.isRunning());
        QTRY_VERIFY_WITH_TIMEOUT(out.done, 20000);
        QVERIFY(out.ok);
        QCOMPARE(out.executed, 3);
        QCOMPARE(out.skipped, 0);
        QCOMPARE(out.started, (QList<int>{0, 1, 2}));
        QCOMPARE(out.results.value(0).commandTag, QStringLiteral("INSERT 0 2"));
        QCOMPARE(out.results.value(1).commandTag, QStringLiteral("SELECT 2"));
        QCOMPARE(out.rows.value(1), 2);
        // Each statement has its own duration: the sleep is the second one's.
        QVERIFY2(out.elapsed.value(1) >= 190, qPrintable(QString::number(out.elapsed.value(1))));
        QVERIFY(out.elapsed.value(0) < out.elapsed.value(1));
        QCOMPARE(out.notices.size(), 1);
        QCOMPARE(out.notices.first().first, 2);
        QCOMPARE(out.notices.first().second, QStringLiteral("hi"));
        QVERIFY(!runner.isRunning());
    }

    void stopsAtTheFirstError()
    {
        PgSession session;
        QVERIFY(test::connectAndWait(session, m_spec));
        ScriptRunner runner(&session);
        Outcome out;
        record(runner, out);
        QVERIFY(runner.start(statements({QStringLiteral("INSERT INTO t VALUES (1)"),
                                         QStringLiteral("SELECT nosuchcolumn FROM t"),
                                         QStringLiteral("INSERT INTO t VALUES (2)")}),
                             true));
        QTRY_VERIFY_WITH_TIMEOUT(out.done, 20000);
        QVERIFY(!out.ok);
        QCOMPARE(out.executed, 1);
        QCOMPARE(out.skipped, 1);
        QCOMPARE(out.errors.value(1).sqlState, QStringLiteral("42703"));
        QCOMPARE(out.errors.value(1).position, 8); // relative to the statement
        const PgQueryResult count = test::runOnce(m_spec, QStringLiteral("SELECT count(*) FROM t"));
        QCOMPARE(count.rows.text(0, 0),
                 QStringLiteral("1")); // the first committed, the third never ran
    }

    void manualCommitOpensATransaction()
    {
        PgSession session;
        QVERIFY(test::connectAndWait(session, m_spec));
        ScriptRunner runner(&session);
        Outcome out;
        record(runner, out);
        QVERIFY(runner.start(statements({QStringLiteral("INSERT INTO t VALUES (5)"),
                                         QStringLiteral("INSERT INTO t VALUES (6)")}),
                             false));
        QTRY_VERIFY_WITH_TIMEOUT(out.done, 20000);
        QVERIFY(out.ok);
        QCOMPARE(session.transactionStatus(), PgTransactionStatus::InTransaction);
        // Another connection sees nothing yet.
        PgQueryResult count = test::runOnce(m_spec, QStringLiteral("SELECT count(*) FROM t"));
        QCOMPARE(count.rows.text(0, 0), QStringLiteral("0"));
        const PgQueryResult rollback = test::runAndWait(session, QStringLiteral("ROLLBACK"));
        QVERIFY(rollback.ok());
        QCOMPARE(session.transactionStatus(), PgTransactionStatus::Idle);
        count = test::runOnce(m_spec, QStringLiteral("SELECT count(*) FROM t"));
        QCOMPARE(count.rows.text(0, 0), QStringLiteral("0"));
    }

    void manualCommitLeavesVacuumAndTransactionControlAlone()
    {
        PgSession session;
        QVERIFY(test::connectAndWait(session, m_spec));
        ScriptRunner runner(&session);
        Outcome out;
        record(runner, out);
        QVERIFY(runner.start(
            statements({QStringLiteral("VACUUM t"), QStringLiteral("BEGIN"),
                        QStringLiteral("INSERT INTO t VALUES (7)"), QStringLiteral("COMMIT")}),
            false));
        QTRY_VERIFY_WITH_TIMEOUT(out.done, 20000);
        QVERIFY2(out.ok, qPrintable(out.errors.value(out.started.last()).fullText()));
        QCOMPARE(session.transactionStatus(), PgTransactionStatus::Idle);
        const PgQueryResult count = test::runOnce(m_spec, QStringLiteral("SELECT count(*) FROM t"));
        QCOMPARE(count.rows.text(0, 0), QStringLiteral("1"));
    }

    void runsOutsideTransaction_data()
    {
        QTest::addColumn<QString>("sql");
        QTest::addColumn<bool>("outside");
        QTest::newRow("select") << QStringLiteral("SELECT 1") << false;
        QTest::newRow("insert") << QStringLiteral("INSERT INTO t VALUES (1)") << false;
        QTest::newRow("begin") << QStringLiteral("begin") << true;
        QTest::newRow("commit") << QStringLiteral("COMMIT") << true;
        QTest::newRow("vacuum") << QStringLiteral("vacuum analyze t") << true;
        QTest::newRow("create database") << QStringLiteral("CREATE DATABASE x") << true;
        QTest::newRow("index concurrently")
            << QStringLiteral("create index concurrently on t (id)") << true;
        QTest::newRow("plain index") << QStringLiteral("create index on t (id)") << false;
    }

    void runsOutsideTransaction()
    {
        QFETCH(QString, sql);
        QFETCH(bool, outside);
        QCOMPARE(ScriptRunner::runsOutsideTransaction(sql), outside);
    }

    void cancelStopsTheScript()
    {
        PgSession session;
        QVERIFY(test::connectAndWait(session, m_spec));
        ScriptRunner runner(&session);
        Outcome out;
        record(runner, out);
        QVERIFY(runner.start(statements({QStringLiteral("SELECT pg_sleep(30)"),
                                         QStringLiteral("INSERT INTO t VALUES (9)")}),
                             true));
        QTest::qWait(300);
        runner.cancel();
        QTRY_VERIFY_WITH_TIMEOUT(out.done, 10000);
        QVERIFY(!out.ok);
        QCOMPARE(out.errors.value(0).kind, PgError::Kind::Cancelled);
        QCOMPARE(out.skipped, 1);
        const PgQueryResult count = test::runOnce(m_spec, QStringLiteral("SELECT count(*) FROM t"));
        QCOMPARE(count.rows.text(0, 0), QStringLiteral("0"));
    }

    void refusesWhileRunningOrDisconnected()
    {
        PgSession idle;
        ScriptRunner offline(&idle);
        QVERIFY(!offline.start(statements({QStringLiteral("SELECT 1")}), true));

        PgSession session;
        QVERIFY(test::connectAndWait(session, m_spec));
        ScriptRunner runner(&session);
        Outcome out;
        record(runner, out);
        QVERIFY(runner.start(statements({QStringLiteral("SELECT pg_sleep(0.3)")}), true));
        QVERIFY(!runner.start(statements({QStringLiteral("SELECT 2")}), true));
        QTRY_VERIFY_WITH_TIMEOUT(out.done, 10000);
        QVERIFY(out.ok);
        QCOMPARE(out.executed, 1);
    }
};

QTEST_GUILESS_MAIN(TestScriptRunner)
#include "tst_scriptrunner.moc"
