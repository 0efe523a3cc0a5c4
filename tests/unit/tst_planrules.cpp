// Each red-flag rule on a small plan that provokes it and on one just below its threshold, in
// TEXT and in JSON; healthy plans raise nothing but slow-node.

#include "tst_plantestplans.h"

#include "models/plan/plananalyzer.h"
#include "models/plan/planparser.h"
#include "models/plan/planrules.h"
#include "models/plan/planthresholds.h"

#include <QTest>

using namespace sightline;
using namespace sightline::testplans;

Q_DECLARE_METATYPE(sightline::testplans::TestPlan)

namespace {

TestPlan planOf(TestNode root, double execution, double planning = 0.1)
{
    TestPlan plan;
    plan.root = std::move(root);
    plan.execution = execution;
    plan.planning = planning;
    return plan;
}

TestNode hashOver(TestNode input, double ms, double rows)
{
    TestNode hash = simple(QStringLiteral("Hash"));
    hash.cost(10, 10, rows, 8).actual(ms, ms, rows).hashInfo(1024, 1, 1, 64);
    hash.child(std::move(input));
    return hash;
}

TestNode scan(const QString &table, double ms, double rows, double estimate = -1)
{
    TestNode s = seqScan(table);
    s.cost(0, 100, estimate < 0 ? rows : estimate, 8).actual(0.01, ms, rows);
    return s;
}

TestPlan slowNode()
{
    TestNode join_ = join(QStringLiteral("Hash Join"));
    join_.cost(10, 200, 1000, 8).actual(1, 100, 1000);
    join_.child(scan(QStringLiteral("a"), 60, 1000))
        .child(hashOver(scan(QStringLiteral("b"), 4, 100), 5, 100), QStringLiteral("Inner"));
    return planOf(join_, 100);
}

TestPlan misestimate(double estimate, double actual)
{
    TestNode join_ = join(QStringLiteral("Hash Join"));
    join_.cost(10, 200, estimate, 8).actual(1, 50, actual);
    join_.child(scan(QStringLiteral("a"), 10, 5000))
        .child(hashOver(scan(QStringLiteral("b"), 4, 100), 5, 100), QStringLiteral("Inner"));
    TestNode sort = simple(QStringLiteral("Sort"));
    sort.cost(300, 310, estimate, 8).actual(55, 60, actual);
    sort.detail(QStringLiteral("Sort Key"), QStringLiteral("a.id"),
                QJsonArray{QStringLiteral("a.id")});
    sort.sortMethod(QStringLiteral("quicksort"), QStringLiteral("Memory"), 100);
    sort.child(join_);
    return planOf(sort, 61);
}

TestPlan filteredScan(double returned, double removed)
{
    TestNode s = seqScan(QStringLiteral("events"));
    s.cost(0, 2000, returned, 8)
        .actual(0.01, 30, returned)
        .filter(QStringLiteral("(kind = 7)"), removed);
    return planOf(s, 31);
}

TestPlan scanFeedingJoin(double bigRows, double smallRows)
{
    TestNode join_ = join(QStringLiteral("Hash Join"));
    join_.cost(10, 5000, smallRows, 8).actual(1, 80, smallRows);
    join_.child(scan(QStringLiteral("big"), 60, bigRows))
        .child(hashOver(scan(QStringLiteral("small"), 0.5, smallRows), 0.6, smallRows),
               QStringLiteral("Inner"));
    return planOf(join_, 81);
}

TestPlan sortSpill(bool disk)
{
    TestNode sort = simple(QStringLiteral("Sort"));
    sort.cost(100, 110, 50000, 8).actual(40, 50, 50000);
    sort.detail(QStringLiteral("Sort Key"), QStringLiteral("t.x"),
                QJsonArray{QStringLiteral("t.x")});
    if (disk)
        sort.sortMethod(QStringLiteral("external merge"), QStringLiteral("Disk"), 5000);
    else
        sort.sortMethod(QStringLiteral("quicksort"), QStringLiteral("Memory"), 5000);
    sort.child(scan(QStringLiteral("t"), 10, 50000));
    return planOf(sort, 51);
}

TestPlan hashSpill(qint64 batches)
{
    TestNode hash = simple(QStringLiteral("Hash"));
    hash.cost(10, 10, 100000, 8).actual(30, 30, 100000).hashInfo(65536, batches, 1, 4000);
    hash.child(scan(QStringLiteral("b"), 10, 100000));
    TestNode join_ = join(QStringLiteral("Hash Join"));
    join_.cost(10, 200, 100000, 8).actual(31, 90, 100000);
    join_.child(scan(QStringLiteral("a"), 20, 100000)).child(hash, QStringLiteral("Inner"));
    return planOf(join_, 91);
}

TestPlan hashAggregateSpill(qint64 diskKb)
{
    TestNode agg = aggregate(QStringLiteral("Hashed"));
    agg.cost(100, 200, 50000, 8).actual(50, 70, 50000);
    agg.detail(QStringLiteral("Group Key"), QStringLiteral("t.x"),
               QJsonArray{QStringLiteral("t.x")});
    if (diskKb > 0)
        agg.hashAggSpill(5, 4096, diskKb);
    agg.child(scan(QStringLiteral("t"), 10, 100000));
    return planOf(agg, 71);
}

TestPlan nestedLoop(double outerRows, bool indexed, double innerRowsPerLoop)
{
    TestNode nl = join(QStringLiteral("Nested Loop"));
    nl.cost(0, 9000, outerRows, 8).actual(0.1, 500, outerRows);
    TestNode inner = indexed ? indexScan(QStringLiteral("items_idx"), QStringLiteral("items"))
                             : seqScan(QStringLiteral("items"));
    inner.cost(0, 5, innerRowsPerLoop, 8).actual(0.01, 0.2, innerRowsPerLoop, outerRows);
    nl.child(scan(QStringLiteral("orders"), 5, outerRows)).child(inner, QStringLiteral("Inner"));
    return planOf(nl, 501);
}

TestPlan bitmap(qint64 lossy, double rows, double recheckRemoved)
{
    TestNode index = bitmapIndexScan(QStringLiteral("t_x_idx"));
    index.cost(0, 10, rows, 0).actual(1, 1, rows + recheckRemoved);
    TestNode heap = bitmapHeapScan(QStringLiteral("t"));
    heap.cost(10, 500, rows, 8).actual(1.1, 20, rows);
    heap.detail(QStringLiteral("Recheck Cond"), QStringLiteral("(x < 10)"),
                QStringLiteral("(x < 10)"));
    if (recheckRemoved > 0)
        heap.number(QStringLiteral("Rows Removed by Index Recheck"), recheckRemoved);
    heap.heapBlocks(100, lossy);
    heap.child(index);
    return planOf(heap, 21);
}

TestPlan indexWithFilter(double returned, double removed)
{
    TestNode s = indexScan(QStringLiteral("t_a_idx"), QStringLiteral("t"));
    s.cost(0.4, 300, returned, 8).actual(0.02, 15, returned);
    s.detail(QStringLiteral("Index Cond"), QStringLiteral("(a = 1)"), QStringLiteral("(a = 1)"));
    s.filter(QStringLiteral("(b = 2)"), removed);
    return planOf(s, 16);
}

TestPlan subplanLoops(double loops)
{
    TestNode inner = indexScan(QStringLiteral("items_idx"), QStringLiteral("items"));
    inner.cost(0.4, 8, 1, 8).actual(0.001, 0.002, 1, loops);
    TestNode sub = aggregate(QStringLiteral("Plain"));
    sub.cost(8, 8.1, 1, 8).actual(0.003, 0.003, 1, loops).child(inner);
    TestNode s = seqScan(QStringLiteral("orders"));
    s.cost(0, 9000, loops, 8).actual(0.01, 40, loops);
    s.filter(QStringLiteral("(total > (SubPlan 1))"), 0);
    s.subplan(QStringLiteral("SubPlan 1"), sub);
    return planOf(s, 41);
}

TestPlan heapFetches(double rows, double fetches)
{
    TestNode s = indexScan(QStringLiteral("t_pkey"), QStringLiteral("t"), true);
    s.cost(0.4, 500, rows, 4).actual(0.02, 12, rows);
    s.number(QStringLiteral("Heap Fetches"), fetches);
    return planOf(s, 13);
}

TestPlan gatherWorkers(int planned, int launched)
{
    TestNode g = simple(QStringLiteral("Gather"));
    g.cost(1000, 5000, 1000, 8).actual(5, 50, 1000).workers(planned, launched);
    TestNode p = seqScan(QStringLiteral("t"));
    p.label = QStringLiteral("Parallel ") + p.label;
    p.identity.insert(QStringLiteral("Parallel Aware"), true);
    p.cost(0, 4000, 250, 8).actual(0.1, 45, 1000.0 / (launched + 1), launched + 1);
    g.child(p);
    return planOf(g, 51);
}

TestPlan offset(double kept, double produced)
{
    TestNode limit = simple(QStringLiteral("Limit"));
    limit.cost(100, 101, kept, 8).actual(40, 41, kept);
    TestNode sort = simple(QStringLiteral("Sort"));
    sort.cost(90, 95, produced, 8).actual(30, 39, produced);
    sort.detail(QStringLiteral("Sort Key"), QStringLiteral("t.id"),
                QJsonArray{QStringLiteral("t.id")});
    sort.sortMethod(QStringLiteral("top-N heapsort"), QStringLiteral("Memory"), 100);
    sort.child(scan(QStringLiteral("t"), 10, produced));
    limit.child(sort);
    return planOf(limit, 42);
}

TestPlan coldScan(qint64 hit, qint64 read)
{
    TestNode s = seqScan(QStringLiteral("t"));
    s.cost(0, 9000, 100000, 8).actual(0.01, 300, 100000).buffers(hit, read);
    return planOf(s, 301);
}

TestPlan jit(double jitMs, double execution)
{
    TestPlan plan = planOf(scan(QStringLiteral("t"), execution - 1, 100), execution);
    plan.jitTotal = jitMs;
    return plan;
}

TestPlan planning(double planningMs, double execution)
{
    return planOf(scan(QStringLiteral("t"), execution * 0.9, 100), execution, planningMs);
}

// A primary-key lookup and a small indexed join: nothing to fix.
TestPlan primaryKeyLookup()
{
    TestNode s = indexScan(QStringLiteral("users_pkey"), QStringLiteral("users"));
    s.cost(0.29, 8.31, 1, 64).actual(0.015, 0.016, 1).buffers(3, 0);
    s.detail(QStringLiteral("Index Cond"), QStringLiteral("(id = 42)"),
             QStringLiteral("(id = 42)"));
    return planOf(s, 0.031, 0.08);
}

TestPlan smallIndexedJoin()
{
    TestNode order = indexScan(QStringLiteral("orders_pkey"), QStringLiteral("orders"));
    order.cost(0.29, 8.31, 1, 32).actual(0.01, 0.011, 1).buffers(3, 0);
    order.detail(QStringLiteral("Index Cond"), QStringLiteral("(id = 7)"),
                 QStringLiteral("(id = 7)"));
    TestNode items = indexScan(QStringLiteral("items_order_idx"), QStringLiteral("items"));
    items.cost(0.29, 12.4, 5, 24).actual(0.005, 0.012, 6).buffers(4, 0);
    items.detail(QStringLiteral("Index Cond"), QStringLiteral("(order_id = 7)"),
                 QStringLiteral("(order_id = 7)"));
    TestNode nl = join(QStringLiteral("Nested Loop"));
    nl.cost(0.58, 20.8, 5, 56).actual(0.02, 0.03, 6).buffers(7, 0);
    nl.child(order).child(items, QStringLiteral("Inner"));
    return planOf(nl, 0.045, 0.2);
}

QList<PlanFlag> flagsFor(const QString &input)
{
    const PlanParseResult r = PlanParser::parse(input);
    if (!r.ok())
        return {};
    return PlanAnalyzer::analyze(r.mainPlan()).flags;
}

const PlanFlag *findFlag(const QList<PlanFlag> &flags, const QString &rule, int node)
{
    for (const PlanFlag &f : flags) {
        if (f.ruleId == rule && f.nodeId == node)
            return &f;
    }
    return nullptr;
}

int countRule(const QList<PlanFlag> &flags, const QString &rule)
{
    return int(std::count_if(flags.begin(), flags.end(),
                             [&](const PlanFlag &f) { return f.ruleId == rule; }));
}

} // namespace

class TestPlanRules : public QObject
{
    Q_OBJECT

private slots:
    void raises_data()
    {
        QTest::addColumn<TestPlan>("plan");
        QTest::addColumn<QString>("rule");
        QTest::addColumn<int>("node");
        QTest::addColumn<int>("severity");
        QTest::addColumn<QString>("mentions"); // a number the message must quote
        const int warning = int(PlanFlagSeverity::Warning);
        const int critical = int(PlanFlagSeverity::Critical);

        QTest::newRow("slow-node critical") << slowNode() << "slow-node" << 1 << critical << "60%";
        QTest::newRow("slow-node warning") << slowNode() << "slow-node" << 0 << warning << "35%";
        QTest::newRow("misestimate critical")
            << misestimate(10, 50000) << "row-misestimate" << 1 << critical << "50000";
        QTest::newRow("misestimate warning")
            << misestimate(100, 1500) << "row-misestimate" << 1 << warning << "15.0\u00d7";
        QTest::newRow("index-potential filter")
            << filteredScan(100, 99900) << "index-potential" << 0 << warning << "100000";
        QTest::newRow("index-potential join")
            << scanFeedingJoin(200000, 100) << "index-potential" << 1 << warning << "200000";
        QTest::newRow("sort-spill") << sortSpill(true) << "sort-spill" << 0 << warning << "4.9 MB";
        QTest::newRow("hash-spill hash") << hashSpill(4) << "hash-spill" << 2 << warning << "4";
        QTest::newRow("hash-spill aggregate")
            << hashAggregateSpill(9000) << "hash-spill" << 0 << warning << "8.8 MB";
        QTest::newRow("nested-loop loops")
            << nestedLoop(2000, false, 3) << "nested-loop-large" << 0 << warning << "2000";
        QTest::newRow("nested-loop rows")
            << nestedLoop(1000, true, 2000) << "nested-loop-large" << 0 << warning << "2000000";
        QTest::newRow("lossy-bitmap")
            << bitmap(500, 1000, 0) << "lossy-bitmap" << 0 << warning << "500";
        QTest::newRow("recheck-waste")
            << bitmap(0, 1000, 5000) << "recheck-waste" << 0 << warning << "5000";
        QTest::newRow("inefficient-index")
            << indexWithFilter(100, 5000) << "inefficient-index" << 0 << warning << "98%";
        QTest::newRow("subplan-per-row")
            << subplanLoops(5000) << "subplan-per-row" << 1 << warning << "5000";
        QTest::newRow("heap-fetches")
            << heapFetches(10000, 5000) << "heap-fetches" << 0 << warning << "5000";
        QTest::newRow("workers-not-launched")
            << gatherWorkers(4, 1) << "workers-not-launched" << 0 << warning << "4";
        QTest::newRow("large-offset")
            << offset(10, 50010) << "large-offset" << 0 << warning << "50000";
        QTest::newRow("cache-misses")
            << coldScan(100, 50000) << "cache-misses" << 0 << warning << "50000";
        QTest::newRow("jit-overhead")
            << jit(80, 200) << "jit-overhead" << -1 << warning << "80.0 ms";
        QTest::newRow("planning-dominates")
            << planning(50, 20) << "planning-dominates" << -1 << warning << "50.0 ms";
    }

    void raises()
    {
        QFETCH(TestPlan, plan);
        QFETCH(QString, rule);
        QFETCH(int, node);
        QFETCH(int, severity);
        QFETCH(QString, mentions);
        QVERIFY(PlanRules::ruleIds().contains(rule));
        for (const QString &input : {plan.text(), plan.json()}) {
            const QList<PlanFlag> flags = flagsFor(input);
            const PlanFlag *flag = findFlag(flags, rule, node);
            QVERIFY2(flag, qPrintable(input));
            QCOMPARE(int(flag->severity), severity);
            QVERIFY2(flag->message.contains(mentions), qPrintable(flag->message));
            QVERIFY(!flag->why.isEmpty());
            QVERIFY(!flag->suggestion.isEmpty());
        }
    }

    // Just below each threshold: quiet.
    void quiet_data()
    {
        QTest::addColumn<TestPlan>("plan");
        QTest::addColumn<QString>("rule");
        QTest::newRow("misestimate 9x") << misestimate(1000, 9000) << "row-misestimate";
        QTest::newRow("misestimate few rows") << misestimate(1, 90) << "row-misestimate";
        QTest::newRow("index-potential small table") << filteredScan(10, 9989) << "index-potential";
        QTest::newRow("index-potential keeps 11%")
            << filteredScan(2200, 17800) << "index-potential";
        QTest::newRow("index-potential join 2%")
            << scanFeedingJoin(200000, 4000) << "index-potential";
        QTest::newRow("sort in memory") << sortSpill(false) << "sort-spill";
        QTest::newRow("hash one batch") << hashSpill(1) << "hash-spill";
        QTest::newRow("hash aggregate in memory") << hashAggregateSpill(0) << "hash-spill";
        QTest::newRow("nested loop 999 loops") << nestedLoop(999, false, 3) << "nested-loop-large";
        QTest::newRow("nested loop indexed") << nestedLoop(5000, true, 3) << "nested-loop-large";
        QTest::newRow("bitmap exact") << bitmap(0, 1000, 0) << "lossy-bitmap";
        QTest::newRow("recheck 999") << bitmap(0, 100, 999) << "recheck-waste";
        QTest::newRow("recheck 49%") << bitmap(0, 5200, 5000) << "recheck-waste";
        QTest::newRow("index filter 999") << indexWithFilter(10, 999) << "inefficient-index";
        QTest::newRow("index filter 49%") << indexWithFilter(5200, 5000) << "inefficient-index";
        QTest::newRow("subplan 999 loops") << subplanLoops(999) << "subplan-per-row";
        QTest::newRow("heap fetches 999") << heapFetches(1000, 999) << "heap-fetches";
        QTest::newRow("heap fetches 9%") << heapFetches(100000, 9000) << "heap-fetches";
        QTest::newRow("all workers") << gatherWorkers(2, 2) << "workers-not-launched";
        QTest::newRow("offset keeps 11%") << offset(11000, 100000) << "large-offset";
        QTest::newRow("offset 9999") << offset(1, 10000) << "large-offset";
        QTest::newRow("cache warm") << coldScan(100000, 11000) << "cache-misses";
        QTest::newRow("cache 9999 reads") << coldScan(0, 9999) << "cache-misses";
        QTest::newRow("jit 49 ms") << jit(49, 200) << "jit-overhead";
        QTest::newRow("jit 9%") << jit(90, 1000) << "jit-overhead";
        QTest::newRow("planning 9 ms") << planning(9, 1) << "planning-dominates";
        QTest::newRow("planning shorter") << planning(50, 60) << "planning-dominates";
    }

    void quiet()
    {
        QFETCH(TestPlan, plan);
        QFETCH(QString, rule);
        for (const QString &input : {plan.text(), plan.json()}) {
            const PlanParseResult r = PlanParser::parse(input);
            QVERIFY2(r.ok(), qPrintable(r.error));
            const QList<PlanFlag> flags = PlanAnalyzer::analyze(r.mainPlan()).flags;
            for (const PlanFlag &f : flags)
                QVERIFY2(f.ruleId != rule, qPrintable(f.message));
        }
    }

    void misestimateOnlyWhereItStarts()
    {
        // The join is 5000x off; the Sort above it inherits the same error and stays quiet.
        const TestPlan plan = misestimate(10, 50000);
        for (const QString &input : {plan.text(), plan.json()}) {
            const QList<PlanFlag> flags = flagsFor(input);
            QCOMPARE(countRule(flags, QStringLiteral("row-misestimate")), 1);
            QVERIFY(findFlag(flags, QStringLiteral("row-misestimate"), 1));
        }
    }

    void limitStopsEarlyIsNotAMisestimate()
    {
        TestNode limit = simple(QStringLiteral("Limit"));
        limit.cost(0, 1, 10, 8).actual(0.01, 0.1, 10);
        limit.child(scan(QStringLiteral("t"), 0.09, 10, 1000000));
        const TestPlan plan = planOf(limit, 0.2);
        for (const QString &input : {plan.text(), plan.json()})
            QCOMPARE(countRule(flagsFor(input), QStringLiteral("row-misestimate")), 0);
    }

    void healthyPlansOnlyRaiseSlowNode_data()
    {
        QTest::addColumn<TestPlan>("plan");
        QTest::newRow("primary key lookup") << primaryKeyLookup();
        QTest::newRow("small indexed join") << smallIndexedJoin();
    }

    void healthyPlansOnlyRaiseSlowNode()
    {
        QFETCH(TestPlan, plan);
        for (const QString &input : {plan.text(), plan.json()}) {
            const QList<PlanFlag> flags = flagsFor(input);
            QVERIFY(!flags.isEmpty()); // one node holds all the time
            for (const PlanFlag &f : flags)
                QVERIFY2(f.ruleId == QLatin1String("slow-node"), qPrintable(f.message));
        }
    }

    void ruleIdsAreStable()
    {
        QCOMPARE(PlanRules::ruleIds().size(), 16);
        QCOMPARE(PlanRules::ruleIds().first(), QStringLiteral("slow-node"));
        QCOMPARE(PlanRules::ruleIds().last(), QStringLiteral("planning-dominates"));
        QCOMPARE(planFlagSeverityName(PlanFlagSeverity::Critical), QStringLiteral("critical"));
    }

    void flagsSortedBySeverity()
    {
        const QList<PlanFlag> flags = flagsFor(slowNode().text());
        QVERIFY(flags.size() >= 2);
        for (qsizetype i = 1; i < flags.size(); ++i)
            QVERIFY(flags[i - 1].severity >= flags[i].severity);
    }
};

QTEST_GUILESS_MAIN(TestPlanRules)
#include "tst_planrules.moc"
