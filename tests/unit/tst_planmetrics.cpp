// PlanAnalyzer's numbers: inclusive and exclusive time (loops, workers, InitPlans, CTEs),
// rows, exclusive buffers and the summary; the same in TEXT and JSON.

#include "tst_plantestplans.h"

#include "models/plan/plananalyzer.h"
#include "models/plan/planparser.h"

#include <QTest>

using namespace sightline;
using namespace sightline::testplans;

namespace {

QList<PlanAnalysis> analyzeBoth(const TestPlan &plan)
{
    QList<PlanAnalysis> out;
    for (const QString &input : {plan.text(), plan.json()}) {
        const PlanParseResult r = PlanParser::parse(input);
        if (r.ok())
            out.append(PlanAnalyzer::analyze(r.mainPlan()));
    }
    return out;
}

bool near(double a, double b)
{
    return std::abs(a - b) < 1e-6;
}

} // namespace

class TestPlanMetrics : public QObject
{
    Q_OBJECT

private slots:
    void loopsMultiplyTime()
    {
        TestNode inner = indexScan(QStringLiteral("i"), QStringLiteral("t"));
        inner.cost(0, 1, 2, 4).actual(0.01, 0.02, 2, 500);
        TestNode outer = seqScan(QStringLiteral("o"));
        outer.cost(0, 10, 500, 4).actual(0.01, 3, 500);
        TestNode nl = join(QStringLiteral("Nested Loop"));
        nl.cost(0, 600, 1000, 8)
            .actual(0.05, 20, 1000)
            .child(outer)
            .child(inner, QStringLiteral("Inner"));
        TestPlan plan;
        plan.root = nl;
        plan.execution = 21;
        const QList<PlanAnalysis> both = analyzeBoth(plan);
        QCOMPARE(both.size(), 2);
        for (const PlanAnalysis &a : both) {
            QVERIFY(near(a.metrics[2].inclusiveMs, 10.0)); // 0.02 ms x 500 loops
            QVERIFY(near(a.metrics[0].exclusiveMs, 20 - 3 - 10));
            QVERIFY(near(*a.metrics[2].actualRowsTotal, 1000));
            QVERIFY(near(*a.metrics[2].estimatedRowsTotal, 1000));
            QVERIFY(!a.metrics[0].approximate);
            QVERIFY(near(a.metrics[0].executionShare, 7.0 / 21.0));
            QCOMPARE(a.summary.slowestNodes.first(), 2);
            QCOMPARE(a.summary.totalMs, 21.0);
        }
    }

    void parallelWorkersAreNotAdded()
    {
        TestNode scan = seqScan(QStringLiteral("t"));
        scan.label = QStringLiteral("Parallel Seq Scan on t");
        scan.identity.insert(QStringLiteral("Parallel Aware"), true);
        scan.cost(0, 100, 300, 4).actual(0.1, 90, 333, 3);
        TestNode gather = simple(QStringLiteral("Gather"));
        gather.cost(0, 200, 1000, 4).actual(1, 100, 1000).workers(2, 2).child(scan);
        TestPlan plan;
        plan.root = gather;
        plan.execution = 101;
        for (const PlanAnalysis &a : analyzeBoth(plan)) {
            // Three processes (leader and two workers) ran side by side for ~90 ms.
            QVERIFY(near(a.metrics[1].inclusiveMs, 90.0));
            QVERIFY(a.metrics[1].approximate);
            QVERIFY(near(a.metrics[0].exclusiveMs, 10.0));
            QVERIFY(near(*a.metrics[1].actualRowsTotal, 999));
        }
    }

    void initPlanChargedToItsUser()
    {
        // The InitPlan's 5 ms run inside the Index Scan that uses $0, not in the Limit.
        TestNode init = simple(QStringLiteral("Result"));
        init.cost(0, 1, 1, 4).actual(5, 5, 1);
        TestNode user = indexScan(QStringLiteral("t_x"), QStringLiteral("t"));
        user.cost(0, 9, 10, 4).actual(5.1, 6, 10);
        user.detail(QStringLiteral("Index Cond"), QStringLiteral("(x = $0)"),
                    QStringLiteral("(x = $0)"));
        TestNode sort = simple(QStringLiteral("Sort"));
        sort.cost(9, 10, 10, 4).actual(6.5, 6.5, 10).child(user);
        TestNode limit = simple(QStringLiteral("Limit"));
        limit.cost(9, 10, 10, 4).actual(6.6, 6.7, 10);
        limit.subplan(QStringLiteral("InitPlan 1 (returns $0)"), init).child(sort);
        TestPlan plan;
        plan.root = limit;
        plan.execution = 6.8;
        for (const PlanAnalysis &a : analyzeBoth(plan)) {
            QVERIFY(near(a.metrics[0].exclusiveMs, 0.2)); // 6.7 - 6.5
            QVERIFY(near(a.metrics[3].exclusiveMs, 1.0)); // 6 - 5
            QVERIFY(near(a.metrics[1].exclusiveMs, 5.0));
        }
    }

    void cteChargedOnceToItsScans()
    {
        TestNode body = seqScan(QStringLiteral("big"));
        body.cost(0, 100, 100, 4).actual(0.1, 40, 100);
        TestNode first = cteScan(QStringLiteral("c"));
        first.cost(0, 2, 100, 4).actual(0.2, 42, 100);
        TestNode second = cteScan(QStringLiteral("c"), QStringLiteral("c2"));
        second.cost(0, 2, 100, 4).actual(0.01, 1, 100);
        TestNode append = simple(QStringLiteral("Append"));
        append.cost(0, 5, 200, 4).actual(0.2, 44, 200);
        append.subplan(QStringLiteral("CTE c"), body);
        append.child(first, QStringLiteral("Member")).child(second, QStringLiteral("Member"));
        TestPlan plan;
        plan.root = append;
        plan.execution = 45;
        for (const PlanAnalysis &a : analyzeBoth(plan)) {
            QVERIFY(near(a.metrics[1].exclusiveMs, 40));
            QVERIFY(near(a.metrics[2].exclusiveMs, 2)); // 42 - 40 of the CTE
            QVERIFY(near(a.metrics[3].exclusiveMs, 1));
            QVERIFY(near(a.metrics[0].exclusiveMs, 1)); // 44 - 42 - 1; the CTE is not subtracted
            double sum = 0;
            for (const NodeMetrics &m : a.metrics)
                sum += m.exclusiveMs;
            QVERIFY(near(sum, 44));
        }
    }

    void rowsAndBuffers()
    {
        TestNode scan = seqScan(QStringLiteral("t"));
        scan.cost(0, 10, 5, 4).actual(0.01, 0.5, 40, 5).filter(QStringLiteral("(a > 1)"), 160);
        scan.buffers(30, 50);
        TestNode nl = join(QStringLiteral("Nested Loop"));
        nl.cost(0, 60, 5, 4).actual(0.1, 3, 200).buffers(100, 50);
        TestNode outer = seqScan(QStringLiteral("o"));
        outer.cost(0, 1, 5, 4).actual(0.01, 0.1, 5).buffers(1, 0);
        nl.child(outer).child(scan, QStringLiteral("Inner"));
        TestPlan plan;
        plan.root = nl;
        plan.execution = 3.1;
        for (const PlanAnalysis &a : analyzeBoth(plan)) {
            const NodeMetrics &m = a.metrics[2];
            QVERIFY(near(m.rowsRemovedByFilterTotal, 800));
            QVERIFY(near(m.filterRemovedShare, 0.8));
            QVERIFY(near(m.misestimateFactor, 8));
            QCOMPARE(m.misestimateDirection, MisestimateDirection::Under);
            QCOMPARE(a.metrics[0].misestimateDirection, MisestimateDirection::Under);
            // Buffers are inclusive; the join's own share is what its children did not use.
            QCOMPARE(a.metrics[0].exclusiveBuffers.sharedHit, 69);
            QCOMPARE(a.metrics[0].exclusiveBuffers.sharedRead, 0);
            QCOMPARE(m.exclusiveBuffers.sharedRead, 50);
            QVERIFY(near(m.sharedHitRatio, 30.0 / 80.0));
            QCOMPARE(a.summary.totalBuffers.sharedHit, 100);
        }
    }

    void withoutAnalyze()
    {
        TestNode scan = seqScan(QStringLiteral("t"));
        scan.cost(0, 10, 5, 4).noAnalyze();
        TestPlan plan;
        plan.root = scan;
        plan.planning.reset();
        for (const PlanAnalysis &a : analyzeBoth(plan)) {
            QVERIFY(!a.summary.analyzed);
            QVERIFY(!a.metrics[0].hasTime);
            QCOMPARE(a.metrics[0].misestimateDirection, MisestimateDirection::None);
            QVERIFY(a.flags.isEmpty());
            QVERIFY(a.summary.slowestNodes.isEmpty());
        }
    }

    void summary()
    {
        const QString text =
            QStringLiteral("Insert on t  (cost=0.00..0.01 rows=1 width=4) (actual "
                           "time=0.100..0.100 rows=0 loops=1)\n"
                           "  ->  Result  (cost=0.00..0.01 rows=1 width=4) (actual "
                           "time=0.001..0.002 rows=1 loops=1)\n"
                           "Planning Time: 0.050 ms\n"
                           "Trigger for constraint t_fk: time=3.000 calls=1\n"
                           "Trigger audit on t: time=1.500 calls=1\n"
                           "JIT:\n"
                           "  Functions: 4\n"
                           "  Timing: Generation 0.100 ms, Inlining 0.000 ms, Optimization 0.200 "
                           "ms, Emission 0.300 ms, Total 0.600 ms\n"
                           "Execution Time: 4.800 ms\n");
        const PlanParseResult r = PlanParser::parse(text);
        QVERIFY(r.ok());
        const PlanAnalysis a = PlanAnalyzer::analyze(r.mainPlan());
        QCOMPARE(*a.summary.planningMs, 0.05);
        QCOMPARE(*a.summary.executionMs, 4.8);
        QCOMPARE(a.summary.triggers.size(), 2);
        QVERIFY(near(a.summary.triggerMs, 4.5));
        QCOMPARE(a.summary.triggers[1].relation, QStringLiteral("t"));
        QVERIFY(near(a.summary.jitTotalMs, 0.6));
        QCOMPARE(*a.summary.jit.functions, 4);
        QCOMPARE(a.summary.nodeCount, 2);
        QCOMPARE(a.summary.slowestNodes.first(), 0);
        QCOMPARE(r.mainPlan().nodes[0].displayName(), QStringLiteral("Insert"));
        QCOMPARE(r.mainPlan().nodes[0].label(), QStringLiteral("Insert on t"));
    }
};

QTEST_GUILESS_MAIN(TestPlanMetrics)
#include "tst_planmetrics.moc"
