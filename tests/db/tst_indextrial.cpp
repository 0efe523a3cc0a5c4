// Before and after an index, against the real test server: hypothetically with
// HypoPG (nothing left behind) and for real (the diff sees the speed-up).

#include "models/plan/plandiff.h"
#include "models/plan/planparser.h"
#include "models/query/explainrunner.h"
#include "models/query/hypotheticalindex.h"
#include "models/query/realindextrial.h"
#include "tests/testsupport/testserver.h"

#include <QTest>

#include <optional>

using namespace sightline;

namespace {

Plan parsePlan(const QString &text)
{
    const PlanParseResult parsed = PlanParser::parse(text);
    return parsed.ok() ? parsed.mainPlan() : Plan();
}

QString changesOf(const PlanDiff &diff)
{
    QStringList texts;
    for (const PlanChange &change : diff.changes)
        texts << change.text;
    return texts.join(QLatin1Char('\n'));
}

bool scanChangeNamed(const PlanDiff &diff, const QString &relation)
{
    for (const PlanChange &change : diff.changes) {
        if (change.kind == PlanChangeKind::NodeChanged &&
            change.text.section(QStringLiteral(" → "), 0, 0)
                .contains(QStringLiteral("Seq Scan on ")) &&
            change.text.contains(relation) &&
            (change.text.contains(QStringLiteral("→ Index Scan")) ||
             change.text.contains(QStringLiteral("→ Bitmap Heap Scan")) ||
             change.text.contains(QStringLiteral("→ Index Only Scan"))))
            return true;
    }
    return false;
}

} // namespace

class TestIndexTrial : public QObject
{
    Q_OBJECT

    PgConnectSpec m_spec;

    std::optional<ExplainResult> explainAnalyze(PgSession &session, const QString &sql)
    {
        ExplainRunner runner(&session);
        std::optional<ExplainResult> result;
        bool failed = false;
        connect(&runner, &ExplainRunner::finished, this,
                [&](const ExplainResult &r) { result = r; });
        connect(&runner, &ExplainRunner::failed, this, [&] { failed = true; });
        ExplainOptions options;
        options.analyze = true;
        runner.start(sql, options);
        if (!QTest::qWaitFor([&] { return result || failed; }, 60000))
            qWarning("explain did not finish");
        return result;
    }

private Q_SLOTS:
    void initTestCase()
    {
        SIGHTLINE_REQUIRE_SERVER();
        m_spec = test::freshDatabase(QStringLiteral("indextrial"));
        for (const QString &sql :
             {QStringLiteral("CREATE EXTENSION hypopg"),
              QStringLiteral(
                  "CREATE TABLE orders (id int PRIMARY KEY, customer_id int, note text)"),
              QStringLiteral("INSERT INTO orders SELECT g, g % 20000, md5(g::text) FROM "
                             "generate_series(1, 300000) g"),
              QStringLiteral("ANALYZE orders")}) {
            const PgQueryResult r = test::runOnce(m_spec, sql);
            QVERIFY2(r.ok(), qPrintable(r.error.fullText()));
        }
    }

    void hypotheticalIndexChangesThePlanAndLeavesNothing()
    {
        PgSession session;
        QVERIFY(test::connectAndWait(session, m_spec));
        QVERIFY(HypotheticalIndexTrial::available(session));
        HypotheticalIndexTrial trial(&session);
        std::optional<HypotheticalIndexResult> result;
        std::optional<PgError> error;
        connect(&trial, &HypotheticalIndexTrial::finished, this,
                [&](const HypotheticalIndexResult &r) { result = r; });
        connect(&trial, &HypotheticalIndexTrial::failed, this,
                [&](const PgError &e) { error = e; });
        QVERIFY(trial.start(QStringLiteral("SELECT * FROM orders WHERE customer_id = 42"),
                            QStringLiteral("CREATE INDEX ON orders (customer_id)")));
        QTRY_VERIFY_WITH_TIMEOUT(result || error, 30000);
        QVERIFY2(result, error ? qPrintable(error->fullText()) : "");
        QVERIFY(!result->indexName.isEmpty());
        // The hypothetical index is in the after-plan, not in the before-plan.
        QVERIFY(result->planAfter.contains(result->indexName));
        QVERIFY(!result->planBefore.contains(result->indexName));
        const PlanDiff diff =
            PlanDiffer::compare(parsePlan(result->planBefore), parsePlan(result->planAfter));
        QVERIFY2(scanChangeNamed(diff, QStringLiteral("orders")), qPrintable(changesOf(diff)));
        // Nothing left behind: no hypothetical index in the session, no real one.
        QCOMPARE(
            test::runAndWait(session, QStringLiteral("SELECT count(*) FROM hypopg_list_indexes"))
                .rows.text(0, 0),
            QStringLiteral("0"));
        QCOMPARE(test::runOnce(m_spec, QStringLiteral("SELECT count(*) FROM pg_indexes WHERE "
                                                      "tablename = 'orders'"))
                     .rows.text(0, 0),
                 QStringLiteral("1")); // the primary key only
    }

    void realIndexGivesASpeedUpAndCanBeDropped()
    {
        PgSession session;
        QVERIFY(test::connectAndWait(session, m_spec));
        const QString query = QStringLiteral("SELECT * FROM orders WHERE customer_id = 42");
        const auto before = explainAnalyze(session, query);
        QVERIFY(before);
        QVERIFY(test::runAndWait(session, QStringLiteral("CREATE INDEX orders_customer_idx ON "
                                                         "orders (customer_id)"))
                    .ok());
        const auto after = explainAnalyze(session, query);
        QVERIFY(after);
        const PlanDiff diff =
            PlanDiffer::compare(parsePlan(before->planJson), parsePlan(after->planJson));
        QVERIFY2(scanChangeNamed(diff, QStringLiteral("orders")), qPrintable(changesOf(diff)));
        QCOMPARE(diff.verdict.kind, PlanVerdictKind::Faster);
        QVERIFY(diff.verdict.ratio && *diff.verdict.ratio < 0.9);
        QVERIFY(test::runAndWait(session, QStringLiteral("DROP INDEX orders_customer_idx")).ok());
        QCOMPARE(test::runOnce(m_spec, QStringLiteral("SELECT count(*) FROM pg_indexes WHERE "
                                                      "tablename = 'orders'"))
                     .rows.text(0, 0),
                 QStringLiteral("1"));
    }

    void concurrentStatement_data()
    {
        QTest::addColumn<QString>("input");
        QTest::addColumn<QString>("expected");
        QTest::newRow("unnamed") << QStringLiteral("CREATE INDEX ON orders (customer_id);")
                                 << QStringLiteral(
                                        "CREATE INDEX CONCURRENTLY n ON orders (customer_id)");
        QTest::newRow("named")
            << QStringLiteral("create unique index old_name on t using btree (a)")
            << QStringLiteral("CREATE UNIQUE INDEX CONCURRENTLY n ON t using btree (a)");
        QTest::newRow("already concurrently")
            << QStringLiteral("CREATE INDEX CONCURRENTLY IF NOT EXISTS x ON t (a)")
            << QStringLiteral("CREATE INDEX CONCURRENTLY n ON t (a)");
        QTest::newRow("not an index") << QStringLiteral("DROP TABLE t") << QString();
    }

    void concurrentStatement()
    {
        QFETCH(QString, input);
        QFETCH(QString, expected);
        QString error;
        QCOMPARE(RealIndexTrial::concurrentStatement(input, QStringLiteral("n"), &error), expected);
        QCOMPARE(error.isEmpty(), !expected.isEmpty());
    }

    void realTrialMeasuresMediansAndDropsTheIndex()
    {
        PgSession session;
        QVERIFY(test::connectAndWait(session, m_spec));
        RealIndexTrial trial(&session, m_spec);
        std::optional<RealIndexResult> result;
        std::optional<PgError> error;
        QStringList stages;
        connect(&trial, &RealIndexTrial::finished, this,
                [&](const RealIndexResult &r) { result = r; });
        connect(&trial, &RealIndexTrial::failed, this, [&](const PgError &e) { error = e; });
        connect(&trial, &RealIndexTrial::stageChanged, this,
                [&](const QString &stage) { stages << stage; });
        QVERIFY(trial.start(QStringLiteral("SELECT * FROM orders WHERE customer_id = 42"),
                            QStringLiteral("CREATE INDEX ON orders (customer_id)"), 3));
        QTRY_VERIFY_WITH_TIMEOUT(result || error, 60000);
        QVERIFY2(result, error ? qPrintable(error->fullText()) : "");
        QCOMPARE(result->plansBefore.size(), 3);
        QCOMPARE(result->plansAfter.size(), 3);
        QCOMPARE(stages.size(), 7); // 3 runs, the build, 3 runs
        QVERIFY(result->medianBefore >= 0 && result->medianAfter >= 0);
        const PlanDiff diff =
            PlanDiffer::compare(parsePlan(result->plansBefore.at(result->medianBefore)),
                                parsePlan(result->plansAfter.at(result->medianAfter)));
        QVERIFY2(scanChangeNamed(diff, QStringLiteral("orders")), qPrintable(changesOf(diff)));
        QCOMPARE(diff.verdict.kind, PlanVerdictKind::Faster);
        const QString count = QStringLiteral("SELECT count(*) FROM pg_indexes WHERE tablename = "
                                             "'orders'");
        QCOMPARE(test::runOnce(m_spec, count).rows.text(0, 0), QStringLiteral("2"));
        // The user drops it: nothing is left behind.
        std::optional<bool> dropped;
        connect(&trial, &RealIndexTrial::dropped, this, [&](bool ok) { dropped = ok; });
        trial.dropIndex();
        QTRY_VERIFY_WITH_TIMEOUT(dropped, 20000);
        QVERIFY(*dropped);
        QCOMPARE(test::runOnce(m_spec, count).rows.text(0, 0), QStringLiteral("1"));
    }

    void realTrialRefusesInsideATransaction()
    {
        PgSession session;
        QVERIFY(test::connectAndWait(session, m_spec));
        QVERIFY(test::runAndWait(session, QStringLiteral("BEGIN")).ok());
        RealIndexTrial trial(&session, m_spec);
        std::optional<PgError> error;
        connect(&trial, &RealIndexTrial::failed, this, [&](const PgError &e) { error = e; });
        QVERIFY(!trial.start(QStringLiteral("SELECT 1"),
                             QStringLiteral("CREATE INDEX ON orders (id)")));
        QTRY_VERIFY(error);
        QVERIFY(error->message.contains(QStringLiteral("transaction")));
        QVERIFY(test::runAndWait(session, QStringLiteral("ROLLBACK")).ok());
    }

    void withoutHypopgItSaysSo()
    {
        const PgConnectSpec plain = test::freshDatabase(QStringLiteral("indextrial_plain"));
        PgSession session;
        QVERIFY(test::connectAndWait(session, plain));
        QVERIFY(!HypotheticalIndexTrial::available(session));
        HypotheticalIndexTrial trial(&session);
        std::optional<PgError> error;
        connect(&trial, &HypotheticalIndexTrial::failed, this,
                [&](const PgError &e) { error = e; });
        QVERIFY(!trial.start(QStringLiteral("SELECT 1"), QStringLiteral("CREATE INDEX ON t (x)")));
        QTRY_VERIFY(error);
        QVERIFY(error->message.contains(QStringLiteral("HypoPG")));
    }
};

QTEST_GUILESS_MAIN(TestIndexTrial)
#include "tst_indextrial.moc"
