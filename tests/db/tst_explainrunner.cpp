// ExplainRunner against the real test server: EXPLAIN ANALYZE of statements
// that write leaves nothing behind, in autocommit and inside a transaction.

#include "models/plan/planparser.h"
#include "models/query/explainrunner.h"
#include "tests/testsupport/testserver.h"

#include <QTest>

#include <optional>

using namespace sightline;

namespace {

struct Outcome
{
    std::optional<ExplainResult> result;
    std::optional<PgError> error;
    bool rolledBack = false;
    bool done() const { return result || error; }
};

void watch(ExplainRunner &runner, Outcome &out)
{
    QObject::connect(&runner, &ExplainRunner::finished, &runner,
                     [&out](const ExplainResult &result) { out.result = result; });
    QObject::connect(&runner, &ExplainRunner::failed, &runner,
                     [&out](const PgError &error, bool rolledBack) {
                         out.error = error;
                         out.rolledBack = rolledBack;
                     });
}

QString scalar(PgSession &session, const QString &sql)
{
    const PgQueryResult r = test::runAndWait(session, sql);
    return r.ok() ? r.rows.text(0, 0) : QStringLiteral("error: ") + r.error.message;
}

} // namespace

class TestExplainRunner : public QObject
{
    Q_OBJECT

    PgConnectSpec m_spec;

    Outcome explain(PgSession &session, const QString &sql, const ExplainOptions &options)
    {
        ExplainRunner runner(&session);
        Outcome out;
        watch(runner, out);
        runner.start(sql, options);
        if (!QTest::qWaitFor([&] { return out.done(); }, 30000))
            qWarning("explain did not finish");
        return out;
    }

private Q_SLOTS:
    void initTestCase()
    {
        SIGHTLINE_REQUIRE_SERVER();
        m_spec = test::freshDatabase(QStringLiteral("explainrunner"));
    }

    void init()
    {
        for (const QString &sql :
             {QStringLiteral("DROP TABLE IF EXISTS t"),
              QStringLiteral("CREATE TABLE t (id int PRIMARY KEY, v text)"),
              QStringLiteral("INSERT INTO t SELECT g, 'v' || g FROM generate_series(1, 500) g")}) {
            const PgQueryResult r = test::runOnce(m_spec, sql);
            QVERIFY2(r.ok(), qPrintable(r.error.fullText()));
        }
    }

    void statementText_data()
    {
        QTest::addColumn<bool>("analyze");
        QTest::addColumn<int>("version");
        QTest::addColumn<QString>("expected");
        QTest::newRow("plain 15") << false << 150000
                                  << QStringLiteral("EXPLAIN (FORMAT JSON, BUFFERS) SELECT 1");
        QTest::newRow("plain 12") << false << 120000
                                  << QStringLiteral("EXPLAIN (FORMAT JSON) SELECT 1");
        QTest::newRow("analyze 15")
            << true << 150000 << QStringLiteral("EXPLAIN (FORMAT JSON, ANALYZE, BUFFERS) SELECT 1");
    }

    void statementText()
    {
        QFETCH(bool, analyze);
        QFETCH(int, version);
        QFETCH(QString, expected);
        ExplainOptions options;
        options.analyze = analyze;
        QCOMPARE(ExplainRunner::explainStatement(QStringLiteral(" SELECT 1 ;; "), options, version),
                 expected);
    }

    void everyOptionWhereTheServerHasIt()
    {
        ExplainOptions all{true, true, true, true, true, false, true, true};
        QCOMPARE(ExplainRunner::explainStatement(QStringLiteral("SELECT 1"), all, 170000),
                 QStringLiteral("EXPLAIN (FORMAT JSON, ANALYZE, BUFFERS, VERBOSE, SETTINGS, WAL, "
                                "TIMING OFF, SERIALIZE, MEMORY) SELECT 1"));
        QCOMPARE(ExplainRunner::explainStatement(QStringLiteral("SELECT 1"), all, 150000),
                 QStringLiteral("EXPLAIN (FORMAT JSON, ANALYZE, BUFFERS, VERBOSE, SETTINGS, WAL, "
                                "TIMING OFF) SELECT 1"));
    }

    void plainExplainGivesAParsablePlan()
    {
        PgSession session;
        QVERIFY(test::connectAndWait(session, m_spec));
        ExplainOptions options;
        const Outcome out =
            explain(session, QStringLiteral("SELECT * FROM t WHERE id < 10;"), options);
        QVERIFY2(out.result, out.error ? qPrintable(out.error->fullText()) : "no result");
        QVERIFY(!out.result->rolledBack);
        const PlanParseResult parsed = PlanParser::parse(out.result->planJson);
        QVERIFY2(parsed.ok(), qPrintable(parsed.error));
        QVERIFY(!parsed.mainPlan().isEmpty());
    }

    void analyzeDeleteLeavesEveryRowInAutocommit()
    {
        PgSession session;
        QVERIFY(test::connectAndWait(session, m_spec));
        QCOMPARE(scalar(session, QStringLiteral("SELECT count(*) FROM t")), QStringLiteral("500"));
        ExplainOptions options;
        options.analyze = true;
        const Outcome out = explain(session, QStringLiteral("DELETE FROM t"), options);
        QVERIFY2(out.result, out.error ? qPrintable(out.error->fullText()) : "no result");
        QVERIFY(out.result->rolledBack);
        QVERIFY(out.result->planJson.contains(QStringLiteral("\"Actual Rows\": 500")));
        QCOMPARE(session.transactionStatus(), PgTransactionStatus::Idle);
        QCOMPARE(scalar(session, QStringLiteral("SELECT count(*) FROM t")), QStringLiteral("500"));
        // Seen from another connection too.
        QCOMPARE(test::runOnce(m_spec, QStringLiteral("SELECT count(*) FROM t")).rows.text(0, 0),
                 QStringLiteral("500"));
    }

    void analyzeDeleteInsideAnOpenTransactionKeepsItOpen()
    {
        PgSession session;
        QVERIFY(test::connectAndWait(session, m_spec));
        QVERIFY(test::runAndWait(session, QStringLiteral("BEGIN")).ok());
        QVERIFY(
            test::runAndWait(session, QStringLiteral("INSERT INTO t VALUES (1000, 'mine')")).ok());
        ExplainOptions options;
        options.analyze = true;
        const Outcome out = explain(session, QStringLiteral("DELETE FROM t"), options);
        QVERIFY2(out.result, out.error ? qPrintable(out.error->fullText()) : "no result");
        QVERIFY(out.result->rolledBack);
        // The transaction is still open, with its own insert, and usable.
        QCOMPARE(session.transactionStatus(), PgTransactionStatus::InTransaction);
        QCOMPARE(scalar(session, QStringLiteral("SELECT count(*) FROM t")), QStringLiteral("501"));
        QVERIFY(test::runAndWait(session, QStringLiteral("COMMIT")).ok());
        QCOMPARE(test::runOnce(m_spec, QStringLiteral("SELECT count(*) FROM t")).rows.text(0, 0),
                 QStringLiteral("501"));
    }

    void failingStatementInsideATransactionLeavesItUsable()
    {
        PgSession session;
        QVERIFY(test::connectAndWait(session, m_spec));
        QVERIFY(test::runAndWait(session, QStringLiteral("BEGIN")).ok());
        ExplainOptions options;
        options.analyze = true;
        const Outcome out = explain(session, QStringLiteral("UPDATE t SET id = id / 0"), options);
        QVERIFY(out.error);
        QCOMPARE(out.error->sqlState, QStringLiteral("22012"));
        QVERIFY(out.rolledBack);
        QCOMPARE(session.transactionStatus(), PgTransactionStatus::InTransaction);
        QCOMPARE(scalar(session, QStringLiteral("SELECT count(*) FROM t")), QStringLiteral("500"));
        QVERIFY(test::runAndWait(session, QStringLiteral("ROLLBACK")).ok());
    }

    void refusesInAFailedTransaction()
    {
        PgSession session;
        QVERIFY(test::connectAndWait(session, m_spec));
        QVERIFY(test::runAndWait(session, QStringLiteral("BEGIN")).ok());
        QVERIFY(!test::runAndWait(session, QStringLiteral("SELECT 1 / 0")).ok());
        QCOMPARE(session.transactionStatus(), PgTransactionStatus::InError);
        ExplainOptions options;
        options.analyze = true;
        const Outcome out = explain(session, QStringLiteral("DELETE FROM t"), options);
        QVERIFY(out.error);
        QVERIFY(out.error->message.contains(QStringLiteral("rolled back")));
        QCOMPARE(session.transactionStatus(), PgTransactionStatus::InError);
        QVERIFY(test::runAndWait(session, QStringLiteral("ROLLBACK")).ok());
        QCOMPARE(scalar(session, QStringLiteral("SELECT count(*) FROM t")), QStringLiteral("500"));
    }

    void dataChangingCteIsRolledBack()
    {
        PgSession session;
        QVERIFY(test::connectAndWait(session, m_spec));
        ExplainOptions options;
        options.analyze = true;
        const Outcome out = explain(
            session, QStringLiteral("WITH d AS (DELETE FROM t RETURNING *) SELECT count(*) FROM d"),
            options);
        QVERIFY2(out.result, out.error ? qPrintable(out.error->fullText()) : "no result");
        QVERIFY(out.result->rolledBack);
        QCOMPARE(scalar(session, QStringLiteral("SELECT count(*) FROM t")), QStringLiteral("500"));
    }

    void readOnlyAnalyzeIsNotWrapped()
    {
        PgSession session;
        QVERIFY(test::connectAndWait(session, m_spec));
        ExplainOptions options;
        options.analyze = true;
        const Outcome out = explain(session, QStringLiteral("SELECT count(*) FROM t"), options);
        QVERIFY2(out.result, out.error ? qPrintable(out.error->fullText()) : "no result");
        QVERIFY(!out.result->rolledBack);
        QVERIFY(!ExplainRunner::needsRollback(QStringLiteral("SELECT 1")));
        QVERIFY(ExplainRunner::needsRollback(QStringLiteral("insert into t values (1)")));
    }

    void refusesWhatItCannotExplain()
    {
        PgSession session;
        QVERIFY(test::connectAndWait(session, m_spec));
        ExplainOptions options;
        Outcome out = explain(session, QStringLiteral("EXPLAIN SELECT 1"), options);
        QVERIFY(out.error);
        out = explain(session, QStringLiteral("  ;  "), options);
        QVERIFY(out.error);
        PgSession offline;
        out = explain(offline, QStringLiteral("SELECT 1"), options);
        QVERIFY(out.error);
        QCOMPARE(out.error->kind, PgError::Kind::Client);
    }
};

QTEST_GUILESS_MAIN(TestExplainRunner)
#include "tst_explainrunner.moc"
