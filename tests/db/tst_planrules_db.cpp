// The red-flag rules against plans the real PostgreSQL server writes: for every rule a query
// and settings that provoke it, run as EXPLAIN (ANALYZE, BUFFERS) in FORMAT JSON and in FORMAT
// TEXT (both must raise it), and healthy queries that must raise nothing but slow-node.

#include "models/plan/plananalyzer.h"
#include "models/plan/planparser.h"
#include "models/plan/planreport.h"
#include "models/plan/planrules.h"
#include "tests/testsupport/testserver.h"

#include <QDebug>
#include <QElapsedTimer>
#include <QTest>

using namespace sightline;

namespace {

struct Explained
{
    QString output; // what the server printed, for failure messages
    PlanParseResult parsed;
    PlanAnalysis analysis;
    QString error;
};

QString describeFlags(const PlanAnalysis &analysis)
{
    QStringList lines;
    for (const PlanFlag &flag : analysis.flags) {
        const QString node = flag.nodeId >= 0 && flag.nodeId < analysis.plan.nodes.size()
                                 ? analysis.plan.nodes.at(flag.nodeId).label()
                                 : QStringLiteral("plan");
        lines << QStringLiteral("  %1 (%2) on #%3 %4: %5")
                     .arg(flag.ruleId, planFlagSeverityName(flag.severity))
                     .arg(flag.nodeId)
                     .arg(node, flag.message);
    }
    return lines.isEmpty() ? QStringLiteral("  (no flags)") : lines.join(QLatin1Char('\n'));
}

} // namespace

class TestPlanRulesDb : public QObject
{
    Q_OBJECT

private:
    PgSession m_session;
    bool m_jitAvailable = false;

    bool run(const QString &sql, QString *error = nullptr)
    {
        const PgQueryResult result = test::runAndWait(m_session, sql);
        if (!result.ok() && error)
            *error = sql + QStringLiteral(": ") + result.error.fullText();
        return result.ok();
    }

    // The session's settings back to the test's baseline: stable plans, no JIT, no workers.
    bool baseline(QString *error)
    {
        return run(QStringLiteral("RESET ALL"), error) &&
               run(QStringLiteral("SET jit = off"), error) &&
               run(QStringLiteral("SET max_parallel_workers_per_gather = 0"), error);
    }

    Explained explain(const QString &sql, PlanFormat format)
    {
        Explained e;
        const QString options = format == PlanFormat::Json
                                    ? QStringLiteral("ANALYZE, BUFFERS, FORMAT JSON")
                                    : QStringLiteral("ANALYZE, BUFFERS, FORMAT TEXT");
        const PgQueryResult result =
            test::runAndWait(m_session, QStringLiteral("EXPLAIN (%1) %2").arg(options, sql));
        if (!result.ok()) {
            e.error = result.error.fullText();
            return e;
        }
        // JSON is one value in one row; TEXT is one row per line, as psql shows them.
        QStringList lines;
        for (int row = 0; row < result.rows.rowCount(); ++row)
            lines << result.rows.text(row, 0);
        e.output = lines.join(QLatin1Char('\n'));
        e.parsed = PlanParser::parse(e.output);
        if (!e.parsed.ok()) {
            e.error = QStringLiteral("not parsed: %1 (line %2)")
                          .arg(e.parsed.error)
                          .arg(e.parsed.errorLine);
            return e;
        }
        e.analysis = PlanAnalyzer::analyze(e.parsed.mainPlan());
        return e;
    }

    static void addFormats(const char *name, const QString &rule, const QStringList &settings,
                           const QString &sql, const QString &nodeType)
    {
        for (const PlanFormat format : {PlanFormat::Json, PlanFormat::Text}) {
            QTest::addRow("%s %s", name, qPrintable(planFormatName(format)))
                << rule << settings << sql << nodeType << int(format);
        }
    }

private Q_SLOTS:
    void initTestCase()
    {
        SIGHTLINE_REQUIRE_SERVER();
        QElapsedTimer timer;
        timer.start();
        PgError error;
        QVERIFY2(test::connectAndWait(m_session, test::freshDatabase(QStringLiteral("planrules")),
                                      &error),
                 qPrintable(error.fullText()));

        // Autovacuum stays off so what a test relies on (a table never vacuumed, statistics
        // as ANALYZE left them) cannot change under it.
        const char *setup[] = {
            // t: 100,000 rows; a and b always equal (the planner multiplies their
            // selectivities), k has 10 values, pad is unindexed text.
            "CREATE TABLE t (id int PRIMARY KEY, a int, b int, k int, pad text) "
            "WITH (autovacuum_enabled = off)",
            "INSERT INTO t SELECT g, g % 100, g % 100, g % 10, md5(g::text) "
            "FROM generate_series(1, 100000) g",
            "CREATE INDEX t_k ON t (k)",
            "VACUUM ANALYZE t",
            "CREATE TABLE small (k int PRIMARY KEY, v int) WITH (autovacuum_enabled = off)",
            "INSERT INTO small SELECT g, g * 10 FROM generate_series(1, 20) g",
            "VACUUM ANALYZE small",
            // hf: never vacuumed, so the visibility map is empty and every index-only scan
            // visits the heap.
            "CREATE TABLE hf (id int, v int) WITH (autovacuum_enabled = off)",
            "INSERT INTO hf SELECT g, g FROM generate_series(1, 20000) g",
            "CREATE INDEX hf_id ON hf (id)",
            "ANALYZE hf",
            // cm: ~16,000 blocks (125 MB) at fillfactor 10, more than a quarter of
            // shared_buffers, so sequential scans use a small ring buffer and read nearly every
            // block from outside the cache, every time. CREATE TABLE AS writes through a ring
            // too, so the cache does not start warm.
            "CREATE TABLE cm WITH (fillfactor = 10, autovacuum_enabled = off) AS "
            "SELECT g AS id FROM generate_series(1, 350000) g",
            "ANALYZE cm",
            // j: something for JIT to compile.
            "CREATE TABLE j WITH (autovacuum_enabled = off) AS "
            "SELECT g AS a, g * 2 AS b, g % 7 AS c, g::float8 AS d "
            "FROM generate_series(1, 20000) g",
            "ANALYZE j",
        };
        for (const char *statement : setup) {
            QString why;
            QVERIFY2(run(QString::fromLatin1(statement), &why), qPrintable(why));
        }
        // Empty tables for the planning-heavy join.
        for (int i = 1; i <= 10; ++i) {
            QString why;
            QVERIFY2(
                run(QStringLiteral("CREATE TABLE e%1 (id int PRIMARY KEY, v int)").arg(i), &why),
                qPrintable(why));
        }
        // cache-misses relies on cm being scanned through a ring buffer, which PostgreSQL does
        // only for tables larger than a quarter of shared_buffers (the fixture keeps the 128 MB
        // default).
        const PgQueryResult ring = test::runAndWait(
            m_session, QStringLiteral("SELECT pg_relation_size('cm') / 8192 > setting::bigint / 4 "
                                      "FROM pg_settings WHERE name = 'shared_buffers'"));
        QVERIFY2(ring.ok() && ring.rows.text(0, 0) == QLatin1String("t"),
                 "table cm must exceed a quarter of shared_buffers for the cache-misses scenario");
        const PgQueryResult jit =
            test::runAndWait(m_session, QStringLiteral("SELECT pg_jit_available()"));
        QVERIFY2(jit.ok(), qPrintable(jit.error.fullText()));
        m_jitAvailable = jit.rows.text(0, 0) == QLatin1String("t");
        qInfo("setup took %lld ms", timer.elapsed());
    }

    void cleanupTestCase()
    {
        m_session.disconnectFromServer();
        test::runOnce(test::serverSpec(),
                      QStringLiteral("DROP DATABASE IF EXISTS sltest_planrules WITH (FORCE)"));
    }

    void ruleFires_data()
    {
        QTest::addColumn<QString>("rule");
        QTest::addColumn<QStringList>("settings");
        QTest::addColumn<QString>("sql");
        QTest::addColumn<QString>("nodeType"); // of the flagged node; empty: a plan-level flag
        QTest::addColumn<int>("format");

        const QString smallWorkMem = QStringLiteral("SET work_mem = '64kB'");
        addFormats("sort-spill", QStringLiteral("sort-spill"), {smallWorkMem},
                   QStringLiteral("SELECT * FROM t ORDER BY pad"), QStringLiteral("Sort"));
        addFormats("hash-spill join", QStringLiteral("hash-spill"),
                   {smallWorkMem, QStringLiteral("SET enable_mergejoin = off"),
                    QStringLiteral("SET enable_nestloop = off")},
                   QStringLiteral("SELECT count(*) FROM t t1 JOIN t t2 ON t2.id = t1.id"),
                   QStringLiteral("Hash"));
        addFormats("hash-spill aggregate", QStringLiteral("hash-spill"),
                   {smallWorkMem, QStringLiteral("SET enable_sort = off")},
                   QStringLiteral("SELECT pad, count(*) FROM t GROUP BY pad"),
                   QStringLiteral("Aggregate"));
        // a = b on every row: the planner expects 1 % of 1 % (10 rows), 1,000 come out.
        addFormats("row-misestimate", QStringLiteral("row-misestimate"), {},
                   QStringLiteral("SELECT * FROM t WHERE a = 1 AND b = 1"),
                   QStringLiteral("Seq Scan"));
        addFormats("subplan-per-row", QStringLiteral("subplan-per-row"), {},
                   QStringLiteral("SELECT id, (SELECT max(v) FROM small s WHERE s.k = t.k) "
                                  "FROM t WHERE id <= 2000"),
                   QStringLiteral("Aggregate"));
        addFormats("index-potential", QStringLiteral("index-potential"), {},
                   QStringLiteral("SELECT * FROM t WHERE pad = md5('42')"),
                   QStringLiteral("Seq Scan"));
        // 1,031 heap blocks do not fit a 64 kB bitmap: part of it goes lossy, and on lossy
        // blocks the recheck throws away the nine rows in ten that have another k.
        const QStringList bitmapOnly = {smallWorkMem, QStringLiteral("SET enable_seqscan = off"),
                                        QStringLiteral("SET enable_indexscan = off")};
        addFormats("lossy-bitmap", QStringLiteral("lossy-bitmap"), bitmapOnly,
                   QStringLiteral("SELECT count(*) FROM t WHERE k = 3"),
                   QStringLiteral("Bitmap Heap Scan"));
        addFormats("recheck-waste", QStringLiteral("recheck-waste"), bitmapOnly,
                   QStringLiteral("SELECT count(*) FROM t WHERE k = 3"),
                   QStringLiteral("Bitmap Heap Scan"));
        const QStringList indexOnly = {QStringLiteral("SET enable_seqscan = off"),
                                       QStringLiteral("SET enable_bitmapscan = off")};
        addFormats("heap-fetches", QStringLiteral("heap-fetches"), indexOnly,
                   QStringLiteral("SELECT id FROM hf WHERE id <= 10000"),
                   QStringLiteral("Index Only Scan"));
        addFormats("inefficient-index", QStringLiteral("inefficient-index"), indexOnly,
                   QStringLiteral("SELECT * FROM hf WHERE id <= 10000 AND v % 10 = 0"),
                   QStringLiteral("Index Scan"));
        addFormats("large-offset", QStringLiteral("large-offset"), {},
                   QStringLiteral("SELECT id FROM t ORDER BY id OFFSET 50000 LIMIT 10"),
                   QStringLiteral("Limit"));
        addFormats("workers-not-launched", QStringLiteral("workers-not-launched"),
                   {QStringLiteral("SET parallel_setup_cost = 0"),
                    QStringLiteral("SET parallel_tuple_cost = 0"),
                    QStringLiteral("SET min_parallel_table_scan_size = 0"),
                    QStringLiteral("SET max_parallel_workers_per_gather = 2"),
                    QStringLiteral("SET max_parallel_workers = 0")},
                   QStringLiteral("SELECT count(*) FROM t WHERE pad LIKE 'a%'"),
                   QStringLiteral("Gather"));
        // A left join keeps t outside; the inner Seq Scan on small (v has no index) runs once
        // per t row.
        addFormats("nested-loop-large", QStringLiteral("nested-loop-large"),
                   {QStringLiteral("SET enable_hashjoin = off"),
                    QStringLiteral("SET enable_mergejoin = off"),
                    QStringLiteral("SET enable_material = off"),
                    QStringLiteral("SET enable_memoize = off")},
                   QStringLiteral("SELECT count(s.k) FROM t LEFT JOIN small s ON s.v = t.k "
                                  "WHERE t.id <= 2000"),
                   QStringLiteral("Nested Loop"));
        addFormats("cache-misses", QStringLiteral("cache-misses"), {},
                   QStringLiteral("SELECT count(*) FROM cm"), QStringLiteral("Seq Scan"));
        addFormats("jit-overhead", QStringLiteral("jit-overhead"),
                   {QStringLiteral("SET jit = on"), QStringLiteral("SET jit_above_cost = 0"),
                    QStringLiteral("SET jit_optimize_above_cost = 0"),
                    QStringLiteral("SET jit_inline_above_cost = 0")},
                   QStringLiteral("SELECT c, sum(a + b), sum(a * b), avg(d * 2), max(a - b), "
                                  "min(b + c), sum(d / (c + 1)), count(*) FILTER (WHERE a > b), "
                                  "sum(a % 3), avg(a + b + c), sum(d + a) FROM j "
                                  "WHERE a > 10 AND b < 100000 GROUP BY c ORDER BY c"),
                   QString());
        // Ten joined tables, every join order searched: tens to hundreds of milliseconds of
        // planning (eight tables come close to the 10 ms threshold on a fast machine) for
        // nothing to execute.
        QString joins = QStringLiteral("SELECT * FROM e1");
        for (int i = 2; i <= 10; ++i)
            joins += QStringLiteral(" JOIN e%1 ON e%1.id = e%2.id").arg(i).arg(i - 1);
        addFormats("planning-dominates", QStringLiteral("planning-dominates"),
                   {QStringLiteral("SET join_collapse_limit = 20"),
                    QStringLiteral("SET from_collapse_limit = 20"),
                    QStringLiteral("SET geqo_threshold = 20")},
                   joins, QString());
    }

    void ruleFires()
    {
        QFETCH(QString, rule);
        QFETCH(QStringList, settings);
        QFETCH(QString, sql);
        QFETCH(QString, nodeType);
        QFETCH(int, format);

        QVERIFY2(PlanRules::ruleIds().contains(rule), qPrintable(rule));
        if (rule == QLatin1String("jit-overhead") && !m_jitAvailable)
            QSKIP("The server has no JIT provider (llvmjit.so is not installed).");
        QString why;
        QVERIFY2(baseline(&why), qPrintable(why));
        for (const QString &setting : settings)
            QVERIFY2(run(setting, &why), qPrintable(why));

        const Explained e = explain(sql, PlanFormat(format));
        QVERIFY2(e.error.isEmpty(), qPrintable(e.error + QLatin1Char('\n') + e.output));
        QCOMPARE(e.parsed.format, PlanFormat(format));

        const PlanFlag *found = nullptr;
        for (const PlanFlag &flag : e.analysis.flags) {
            if (flag.ruleId == rule) {
                found = &flag;
                break;
            }
        }
        // QTest cuts long messages; the whole plan goes to the log when something is wrong.
        const QString context =
            QStringLiteral("\nflags:\n%1\n%2\nreport:\n%3")
                .arg(describeFlags(e.analysis), e.output, PlanReport::text(e.analysis));
        if (!found)
            qWarning().noquote() << context;
        QVERIFY2(found, qPrintable(QStringLiteral("%1 not raised").arg(rule)));
        QVERIFY2(!found->message.isEmpty() && !found->why.isEmpty() && !found->suggestion.isEmpty(),
                 qPrintable(rule));
        if (nodeType.isEmpty()) {
            QVERIFY2(found->nodeId == -1, qPrintable(QStringLiteral("plan-level flag") + context));
        } else {
            QVERIFY2(found->nodeId >= 0 && found->nodeId < e.analysis.plan.nodes.size(),
                     qPrintable(context));
            QVERIFY2(e.analysis.plan.nodes.at(found->nodeId).nodeType == nodeType,
                     qPrintable(
                         QStringLiteral("%1 raised on %2, expected a %3")
                             .arg(rule, e.analysis.plan.nodes.at(found->nodeId).label(), nodeType) +
                         context));
        }
    }

    void healthyQueries_data()
    {
        QTest::addColumn<QString>("sql");
        QTest::addColumn<int>("format");
        const auto add = [](const char *name, const QString &sql) {
            for (const PlanFormat format : {PlanFormat::Json, PlanFormat::Text})
                QTest::addRow("%s %s", name, qPrintable(planFormatName(format)))
                    << sql << int(format);
        };
        add("primary-key lookup", QStringLiteral("SELECT * FROM t WHERE id = 42"));
        add("small indexed join",
            QStringLiteral("SELECT t.id, t.pad, s.v FROM t JOIN small s ON s.k = t.k "
                           "WHERE t.id BETWEEN 40 AND 49"));
        add("small indexed join by key",
            QStringLiteral("SELECT s.k, t.pad FROM small s JOIN t ON t.id = s.v "
                           "WHERE s.k <= 5"));
    }

    void healthyQueries()
    {
        QFETCH(QString, sql);
        QFETCH(int, format);
        QString why;
        QVERIFY2(baseline(&why), qPrintable(why));
        const Explained e = explain(sql, PlanFormat(format));
        QVERIFY2(e.error.isEmpty(), qPrintable(e.error + QLatin1Char('\n') + e.output));
        QCOMPARE(e.parsed.format, PlanFormat(format));
        QVERIFY(e.analysis.plan.isAnalyzed());
        for (const PlanFlag &flag : e.analysis.flags) {
            QVERIFY2(flag.ruleId == QLatin1String("slow-node"),
                     qPrintable(QStringLiteral("a healthy plan raised %1\n%2\nflags:\n%3")
                                    .arg(flag.ruleId, e.output, describeFlags(e.analysis))));
        }
    }

    // The same query in both formats gives the same flags (ids and nodes).
    void formatsAgree()
    {
        QString why;
        QVERIFY2(baseline(&why), qPrintable(why));
        QVERIFY2(run(QStringLiteral("SET work_mem = '64kB'"), &why), qPrintable(why));
        const QString sql = QStringLiteral("SELECT * FROM t WHERE a = 1 AND b = 1 ORDER BY pad");
        const Explained json = explain(sql, PlanFormat::Json);
        const Explained text = explain(sql, PlanFormat::Text);
        QVERIFY2(json.error.isEmpty(), qPrintable(json.error));
        QVERIFY2(text.error.isEmpty(), qPrintable(text.error));
        QCOMPARE(json.analysis.plan.nodes.size(), text.analysis.plan.nodes.size());
        const auto ids = [](const PlanAnalysis &analysis) {
            QStringList list;
            for (const PlanFlag &flag : analysis.flags) {
                if (flag.ruleId != QLatin1String("slow-node")) // timing-dependent
                    list << QStringLiteral("%1@%2").arg(flag.ruleId).arg(flag.nodeId);
            }
            list.sort();
            return list;
        };
        QCOMPARE(ids(text.analysis), ids(json.analysis));
    }
};

QTEST_GUILESS_MAIN(TestPlanRulesDb)
#include "tst_planrules_db.moc"
