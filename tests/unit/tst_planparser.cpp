// PlanParser on hand-made input: the same plan in TEXT and JSON gives the same tree and numbers,
// the ways people paste plans are all read, bad input is reported with its line, deep input
// does not overflow the stack.

#include "tst_plantestplans.h"

#include "models/plan/plananalyzer.h"
#include "models/plan/planparser.h"

#include <QTest>

using namespace sightline;
using namespace sightline::testplans;

namespace {

// One plan that touches most node kinds and details the engine reads.
TestPlan richPlan()
{
    TestNode scanOrders = seqScan(QStringLiteral("orders"), QStringLiteral("o"));
    scanOrders.cost(0, 1500.5, 50000, 16)
        .actual(0.012, 40.5, 48000)
        .filter(QStringLiteral("(o.status = 'open'::text)"), 2000);
    scanOrders.buffers(120, 4000);

    TestNode hashCustomers = simple(QStringLiteral("Hash"));
    hashCustomers.cost(20, 20, 900, 8).actual(1.5, 1.5, 1000).hashInfo(1024, 4, 1, 640);
    TestNode scanCustomers = seqScan(QStringLiteral("customers"), QStringLiteral("c"));
    scanCustomers.cost(0, 18, 900, 8).actual(0.005, 1.2, 1000);
    hashCustomers.child(scanCustomers);

    TestNode hashJoin = join(QStringLiteral("Hash Join"), QStringLiteral("Left"));
    hashJoin.cost(25, 2100, 49000, 24).actual(1.7, 60.25, 48000);
    hashJoin.detail(QStringLiteral("Hash Cond"), QStringLiteral("(o.customer_id = c.id)"),
                    QStringLiteral("(o.customer_id = c.id)"));
    hashJoin.child(scanOrders).child(hashCustomers, QStringLiteral("Inner"));

    TestNode sort = simple(QStringLiteral("Sort"));
    sort.cost(5000, 5100, 49000, 24).actual(70.1, 75.9, 48000);
    sort.detail(QStringLiteral("Sort Key"), QStringLiteral("o.created_at DESC, c.name"),
                QJsonArray{QStringLiteral("o.created_at DESC"), QStringLiteral("c.name")});
    sort.sortMethod(QStringLiteral("external merge"), QStringLiteral("Disk"), 4200);
    sort.child(hashJoin);

    TestNode agg = aggregate(QStringLiteral("Hashed"));
    agg.cost(5200, 5300, 200, 12).actual(80.0, 82.5, 150);
    agg.detail(QStringLiteral("Group Key"), QStringLiteral("c.region"),
               QJsonArray{QStringLiteral("c.region")});
    agg.hashAggSpill(5, 4096, 9000);
    agg.child(sort);

    // A correlated SubPlan and an InitPlan under a Result.
    TestNode lookup = indexScan(QStringLiteral("items_order_idx"), QStringLiteral("items"));
    lookup.cost(0.42, 8.44, 3, 8).actual(0.002, 0.004, 2.5, 150);
    lookup.detail(QStringLiteral("Index Cond"), QStringLiteral("(items.order_id = $0)"),
                  QStringLiteral("(items.order_id = $0)"));
    TestNode subAgg = aggregate(QStringLiteral("Plain"));
    subAgg.cost(8.45, 8.46, 1, 8).actual(0.005, 0.005, 1, 150).child(lookup);

    TestNode maxId = indexScan(QStringLiteral("orders_pkey"), QStringLiteral("orders"), true);
    maxId.cost(0.29, 0.31, 1, 4).actual(0.02, 0.021, 1);
    maxId.number(QStringLiteral("Heap Fetches"), 0);
    TestNode initResult = simple(QStringLiteral("Result"));
    initResult.cost(0.31, 0.32, 1, 4).actual(0.023, 0.024, 1).child(maxId);

    TestNode result = simple(QStringLiteral("Result"));
    result.cost(5300, 6600, 150, 40).actual(80.1, 84.0, 150);
    result.detail(QStringLiteral("One-Time Filter"), QStringLiteral("($1 > 0)"),
                  QStringLiteral("($1 > 0)"));
    result.subplan(QStringLiteral("InitPlan 2 (returns $1)"), initResult);
    result.child(agg);
    result.subplan(QStringLiteral("SubPlan 1"), subAgg);

    // A CTE read by a CTE Scan, a bitmap scan and a never-executed branch under a Gather.
    TestNode bitmapIndex = bitmapIndexScan(QStringLiteral("events_kind_idx"));
    bitmapIndex.cost(0, 40, 5000, 0).actual(1.0, 1.0, 5200);
    bitmapIndex.detail(QStringLiteral("Index Cond"), QStringLiteral("(kind = 3)"),
                       QStringLiteral("(kind = 3)"));
    TestNode bitmapHeap = bitmapHeapScan(QStringLiteral("events"));
    bitmapHeap.cost(41, 900, 5000, 8).actual(1.2, 9.5, 5100);
    bitmapHeap.detail(QStringLiteral("Recheck Cond"), QStringLiteral("(kind = 3)"),
                      QStringLiteral("(kind = 3)"));
    bitmapHeap.number(QStringLiteral("Rows Removed by Index Recheck"), 100);
    bitmapHeap.heapBlocks(300, 20);
    bitmapHeap.child(bitmapIndex);
    TestNode cte = simple(QStringLiteral("Limit"));
    cte.cost(41, 100, 500, 8).actual(1.3, 5.0, 500).child(bitmapHeap);

    TestNode cteRead = cteScan(QStringLiteral("recent"), QStringLiteral("r"));
    cteRead.cost(0, 10, 500, 8).actual(1.31, 5.6, 500);
    TestNode never = seqScan(QStringLiteral("archive"));
    never.cost(0, 35, 2550, 8).neverExecuted();
    TestNode append = simple(QStringLiteral("Append"));
    append.cost(0, 45, 3050, 8).actual(1.31, 5.7, 500);
    append.child(cteRead, QStringLiteral("Member")).child(never, QStringLiteral("Member"));

    TestNode nested = join(QStringLiteral("Nested Loop"));
    nested.cost(41, 7000, 150, 48).actual(81.5, 92.0, 150);
    nested.detail(QStringLiteral("Join Filter"), QStringLiteral("(r.id > 0)"),
                  QStringLiteral("(r.id > 0)"));
    nested.number(QStringLiteral("Rows Removed by Join Filter"), 12);
    nested.subplan(QStringLiteral("CTE recent"), cte);
    nested.child(result).child(append, QStringLiteral("Inner"));

    TestNode gather = simple(QStringLiteral("Gather"));
    gather.cost(1041, 8000, 150, 48).actual(81.0, 95.5, 150).workers(4, 2);
    gather.child(nested);

    TestNode limit = simple(QStringLiteral("Limit"));
    limit.cost(1041, 1100, 10, 48).actual(81.0, 95.8, 10).child(gather);

    TestPlan plan;
    plan.root = limit;
    plan.planning = 1.234;
    plan.execution = 96.5;
    plan.jitTotal = 12.5;
    return plan;
}

void compareNodes(const Plan &text, const Plan &json)
{
    QCOMPARE(text.nodes.size(), json.nodes.size());
    for (qsizetype i = 0; i < text.nodes.size(); ++i) {
        const PlanNode &t = text.nodes[i];
        const PlanNode &j = json.nodes[i];
        const QByteArray where = QByteArray::number(i) + ' ' + j.nodeType.toUtf8();
        QVERIFY2(t.parent == j.parent, where);
        QVERIFY2(t.children == j.children, where);
        QCOMPARE(t.depth, j.depth);
        QCOMPARE(t.nodeType, j.nodeType);
        QCOMPARE(t.displayName(), j.displayName());
        QCOMPARE(t.joinType, j.joinType);
        QCOMPARE(t.strategy, j.strategy);
        QCOMPARE(t.partialMode, j.partialMode);
        QCOMPARE(t.scanDirection, j.scanDirection);
        QCOMPARE(t.relationName, j.relationName);
        QCOMPARE(t.alias, j.alias);
        QCOMPARE(t.indexName, j.indexName);
        QCOMPARE(t.cteName, j.cteName);
        QCOMPARE(t.parentRelationship, j.parentRelationship);
        QCOMPARE(t.subplanName, j.subplanName);
        QCOMPARE(t.startupCost, j.startupCost);
        QCOMPARE(t.totalCost, j.totalCost);
        QCOMPARE(t.planRows, j.planRows);
        QCOMPARE(t.planWidth, j.planWidth);
        QCOMPARE(t.actualStartupMs, j.actualStartupMs);
        QCOMPARE(t.actualTotalMs, j.actualTotalMs);
        QCOMPARE(t.actualRows, j.actualRows);
        QCOMPARE(t.actualLoops, j.actualLoops);
        QCOMPARE(t.neverExecuted, j.neverExecuted);
        QCOMPARE(t.filter, j.filter);
        QCOMPARE(t.indexCond, j.indexCond);
        QCOMPARE(t.recheckCond, j.recheckCond);
        QCOMPARE(t.joinFilter, j.joinFilter);
        QCOMPARE(t.hashCond, j.hashCond);
        QCOMPARE(t.oneTimeFilter, j.oneTimeFilter);
        QCOMPARE(t.sortKey, j.sortKey);
        QCOMPARE(t.groupKey, j.groupKey);
        QCOMPARE(t.rowsRemovedByFilter, j.rowsRemovedByFilter);
        QCOMPARE(t.rowsRemovedByJoinFilter, j.rowsRemovedByJoinFilter);
        QCOMPARE(t.rowsRemovedByIndexRecheck, j.rowsRemovedByIndexRecheck);
        QCOMPARE(t.heapFetches, j.heapFetches);
        QCOMPARE(t.exactHeapBlocks, j.exactHeapBlocks);
        QCOMPARE(t.lossyHeapBlocks, j.lossyHeapBlocks);
        QCOMPARE(t.sort.method, j.sort.method);
        QCOMPARE(t.sort.spaceType, j.sort.spaceType);
        QCOMPARE(t.sort.spaceUsedKb, j.sort.spaceUsedKb);
        QCOMPARE(t.hashBuckets, j.hashBuckets);
        QCOMPARE(t.originalHashBuckets, j.originalHashBuckets);
        QCOMPARE(t.hashBatches, j.hashBatches);
        QCOMPARE(t.originalHashBatches, j.originalHashBatches);
        QCOMPARE(t.peakMemoryKb, j.peakMemoryKb);
        QCOMPARE(t.diskUsageKb, j.diskUsageKb);
        QCOMPARE(t.workersPlanned, j.workersPlanned);
        QCOMPARE(t.workersLaunched, j.workersLaunched);
        QCOMPARE(t.buffers.sharedHit, j.buffers.sharedHit);
        QCOMPARE(t.buffers.sharedRead, j.buffers.sharedRead);
    }
    QCOMPARE(text.planningTimeMs, json.planningTimeMs);
    QCOMPARE(text.executionTimeMs, json.executionTimeMs);
    QCOMPARE(text.jit.totalMs, json.jit.totalMs);
    QCOMPARE(text.jit.functions, json.jit.functions);
}

Plan parseOk(const QString &input)
{
    const PlanParseResult r = PlanParser::parse(input);
    if (!r.ok())
        qWarning("parse failed: %s", qPrintable(r.error));
    return r.ok() ? r.mainPlan() : Plan();
}

QString withPrefix(const QString &text, const QString &prefix, const QString &suffix = {})
{
    QStringList lines = text.split(u'\n');
    if (lines.last().isEmpty())
        lines.removeLast();
    for (QString &line : lines)
        line = prefix + line + suffix;
    return lines.join(u'\n') + u'\n';
}

} // namespace

class TestPlanParser : public QObject
{
    Q_OBJECT

private slots:
    void detectsFormat()
    {
        QCOMPARE(PlanParser::detect(QStringLiteral("[{\"Plan\": {}}]")), PlanFormat::Json);
        QCOMPARE(PlanParser::detect(QStringLiteral("  {\"Plan\": {}}")), PlanFormat::Json);
        QCOMPARE(PlanParser::detect(QStringLiteral("QUERY PLAN\n---\n [ {\"Node Type\": \"x\"}")),
                 PlanFormat::Json);
        QCOMPARE(
            PlanParser::detect(QStringLiteral("Seq Scan on t  (cost=0.00..1.00 rows=1 width=4)")),
            PlanFormat::Text);
    }

    void textAndJsonAgree()
    {
        const TestPlan plan = richPlan();
        const PlanParseResult text = PlanParser::parse(plan.text());
        const PlanParseResult json = PlanParser::parse(plan.json());
        QVERIFY2(text.ok(), qPrintable(text.error));
        QVERIFY2(json.ok(), qPrintable(json.error));
        QCOMPARE(text.format, PlanFormat::Text);
        QCOMPARE(json.format, PlanFormat::Json);
        QCOMPARE(text.mainPlan().nodes.size(), 20);
        QVERIFY(text.mainPlan().warnings.isEmpty());
        QVERIFY(json.mainPlan().warnings.isEmpty());
        compareNodes(text.mainPlan(), json.mainPlan());

        // And so do the metrics derived from them.
        const PlanAnalysis a = PlanAnalyzer::analyze(text.mainPlan());
        const PlanAnalysis b = PlanAnalyzer::analyze(json.mainPlan());
        for (qsizetype i = 0; i < a.metrics.size(); ++i) {
            QCOMPARE(a.metrics[i].inclusiveMs, b.metrics[i].inclusiveMs);
            QCOMPARE(a.metrics[i].exclusiveMs, b.metrics[i].exclusiveMs);
            QCOMPARE(a.metrics[i].misestimateFactor, b.metrics[i].misestimateFactor);
        }
        QCOMPARE(a.flags.size(), b.flags.size());
        for (qsizetype i = 0; i < a.flags.size(); ++i) {
            QCOMPARE(a.flags[i].ruleId, b.flags[i].ruleId);
            QCOMPARE(a.flags[i].nodeId, b.flags[i].nodeId);
            QCOMPARE(a.flags[i].message, b.flags[i].message);
        }
    }

    void textPastes_data()
    {
        QTest::addColumn<QString>("input");
        const QString text = richPlan().text();
        QString header =
            QStringLiteral("                 QUERY PLAN\n") + QString(60, u'-') + u'\n';
        QTest::newRow("plain") << text;
        QTest::newRow("psql header and french footer")
            << header + withPrefix(text, QStringLiteral(" ")) + QStringLiteral("(31 lignes)\n");
        QTest::newRow("german footer and timing")
            << withPrefix(text, QStringLiteral(" ")) +
                   QStringLiteral("(31 Zeilen)\n\nZeit: 97,001 ms\n");
        QTest::newRow("ascii frame")
            << QStringLiteral("+----------+\n|  QUERY PLAN  |\n+----------+\n") +
                   withPrefix(text, QStringLiteral("| "), QStringLiteral(" |")) +
                   QStringLiteral("+----------+\n(31 rows)\n");
        QTest::newRow("unicode frame")
            << QStringLiteral("\u2502 QUERY PLAN \u2502\n\u255e\u2550\u2550\u2550\u2550\u2561\n") +
                   withPrefix(text, QStringLiteral("\u2502 "), QStringLiteral(" \u2502"));
        QTest::newRow("dbeaver") << QStringLiteral("QUERY PLAN   |\n-------------+\n") +
                                        withPrefix(text, QString(), QStringLiteral("   |"));
        QTest::newRow("double quoted")
            << withPrefix(QString(text).replace(u'"', QStringLiteral("\"\"")), QStringLiteral("\""),
                          QStringLiteral("\""));
        QTest::newRow("single quoted")
            << withPrefix(text, QStringLiteral("'"), QStringLiteral("'"));
        QTest::newRow("crlf") << QString(text).replace(u'\n', QStringLiteral("\r\n"));
        QTest::newRow("cr only") << QString(text).replace(u'\n', u'\r');
        QTest::newRow("byte order mark") << QChar(0xfeff) + text;
        QTest::newRow("tabs") << QString(text).replace(QStringLiteral("      ->"),
                                                       QStringLiteral("\t  ->"));
        QTest::newRow("session before")
            << QStringLiteral(
                   "db=# SET work_mem = '4MB';\nSET\ndb=# EXPLAIN (ANALYZE) SELECT 1;\n") +
                   header + withPrefix(text, QStringLiteral(" "));
        QTest::newRow("comment before")
            << QStringLiteral("-- from the staging box\n# slow report\n\n") + text;
        QTest::newRow("auto_explain")
            << QStringLiteral("2024-05-01 10:00:00 UTC [42] LOG:  duration: 96.500 ms  plan:\n"
                              "\tQuery Text: SELECT *\n\t  FROM orders\n") +
                   withPrefix(text, QStringLiteral("\t"));
    }

    void textPastes()
    {
        QFETCH(QString, input);
        const TestPlan plan = richPlan();
        const PlanParseResult reference = PlanParser::parse(plan.json());
        const PlanParseResult result = PlanParser::parse(input);
        QVERIFY2(result.ok(), qPrintable(result.error));
        QCOMPARE(result.format, PlanFormat::Text);
        QVERIFY(result.mainPlan().warnings.isEmpty());
        Plan parsed = result.mainPlan();
        if (QByteArray(QTest::currentDataTag()) == "auto_explain") {
            QCOMPARE(parsed.queryText, QStringLiteral("SELECT *\nFROM orders"));
            QCOMPARE(parsed.executionTimeMs, reference.mainPlan().executionTimeMs);
        }
        compareNodes(parsed, reference.mainPlan());
    }

    void hardWrappedText()
    {
        // A terminal 70 columns wide broke every longer line, psql padding included.
        const QString text = withPrefix(richPlan().text(), QStringLiteral(" "));
        QString wrapped;
        for (const QString &line : text.split(u'\n', Qt::SkipEmptyParts)) {
            for (qsizetype i = 0; i < line.size(); i += 70)
                wrapped += line.mid(i, 70) + u'\n';
        }
        const PlanParseResult reference = PlanParser::parse(richPlan().json());
        const PlanParseResult result = PlanParser::parse(wrapped);
        QVERIFY2(result.ok(), qPrintable(result.error));
        compareNodes(result.mainPlan(), reference.mainPlan());
    }

    void partialPaste()
    {
        // A subtree copied from the middle of a plan, starting at its arrow.
        const QString input =
            QStringLiteral("      ->  Hash Join  (cost=1.00..20.00 rows=10 width=8) (actual "
                           "time=0.1..0.5 rows=12 loops=1)\n"
                           "            Hash Cond: (a.id = b.id)\n"
                           "            ->  Seq Scan on a  (cost=0.00..10.00 rows=100 width=4) "
                           "(actual time=0.01..0.2 rows=100 loops=1)\n"
                           "            ->  Hash  (cost=1.00..1.00 rows=5 width=4) (actual "
                           "time=0.05..0.05 rows=5 loops=1)\n"
                           "                  Buckets: 1024  Batches: 1  Memory Usage: 9kB\n"
                           "                  ->  Seq Scan on b  (cost=0.00..1.00 rows=5 width=4) "
                           "(actual time=0.01..0.02 rows=5 loops=1)\n");
        const Plan plan = parseOk(input);
        QCOMPARE(plan.nodes.size(), 4);
        QCOMPARE(plan.nodes[0].nodeType, QStringLiteral("Hash Join"));
        QCOMPARE(plan.nodes[3].parent, 2);
        QCOMPARE(*plan.nodes[2].hashBuckets, 1024);
    }

    void jsonPastes_data()
    {
        QTest::addColumn<QString>("input");
        const QString json = richPlan().json();
        QTest::newRow("plain") << json;
        QString plus;
        for (const QString &line : json.split(u'\n', Qt::SkipEmptyParts))
            plus += u' ' + line.leftJustified(60) + QStringLiteral("+\n");
        plus.chop(2);
        plus += u'\n';
        QTest::newRow("psql +") << QStringLiteral("   QUERY PLAN\n") + QString(62, u'-') + u'\n' +
                                       plus + QStringLiteral("(1 row)\n");
        QString arrows = plus;
        arrows.replace(QStringLiteral("+\n"), QStringLiteral("\u21b5\n"));
        QTest::newRow("psql unicode")
            << QStringLiteral(" QUERY PLAN\n\u2550\u2550\u2550\u2550\n") + arrows;
        QTest::newRow("pgadmin doubled quotes")
            << u'"' + QString(json).replace(u'"', QStringLiteral("\"\"")) + u'"';
        QTest::newRow("echo and notes")
            << QStringLiteral("EXPLAIN (ANALYZE, FORMAT JSON) SELECT ...;\n") + json +
                   QStringLiteral("\nTime: 99.1 ms\n");
        QTest::newRow("single object") << json.trimmed().mid(1).chopped(1);
        QTest::newRow("crlf") << QString(json).replace(u'\n', QStringLiteral("\r\n"));
        QTest::newRow("byte order mark") << QChar(0xfeff) + json;
    }

    void jsonPastes()
    {
        QFETCH(QString, input);
        const PlanParseResult reference = PlanParser::parse(richPlan().text());
        const PlanParseResult result = PlanParser::parse(input);
        QVERIFY2(result.ok(), qPrintable(result.error));
        QCOMPARE(result.format, PlanFormat::Json);
        QVERIFY(result.mainPlan().warnings.isEmpty());
        compareNodes(reference.mainPlan(), result.mainPlan());
    }

    // parse(QByteArray) reads plain JSON in place and leaves everything else to the cleaning
    // reader on the decoded text; either way the bytes must give what the text gives.
    void jsonPastesAsBytes_data() { jsonPastes_data(); }

    void jsonPastesAsBytes()
    {
        QFETCH(QString, input);
        const PlanParseResult fromText = PlanParser::parse(input);
        const PlanParseResult fromBytes = PlanParser::parse(input.toUtf8());
        QVERIFY2(fromBytes.ok(), qPrintable(fromBytes.error));
        compareNodes(fromText.mainPlan(), fromBytes.mainPlan());
        const Plan &a = fromText.mainPlan();
        const Plan &b = fromBytes.mainPlan();
        QCOMPARE(b.properties.size(), a.properties.size());
        for (qsizetype i = 0; i < a.nodes.size(); ++i) {
            QCOMPARE(b.nodes[i].sourceLine, a.nodes[i].sourceLine);
            QCOMPARE(b.nodes[i].properties.size(), a.nodes[i].properties.size());
            for (qsizetype k = 0; k < a.nodes[i].properties.size(); ++k) {
                QCOMPARE(b.nodes[i].properties[k].key, a.nodes[i].properties[k].key);
                QCOMPARE(b.nodes[i].properties[k].value, a.nodes[i].properties[k].value);
            }
        }
    }

    void plainJsonStart()
    {
        QCOMPARE(PlanParser::plainJsonStart("[{\"Plan\": {}}]"), 0);
        QCOMPARE(PlanParser::plainJsonStart(" \r\n\t{"), 4);
        QCOMPARE(PlanParser::plainJsonStart("\xef\xbb\xbf["), 3);
        QCOMPARE(PlanParser::plainJsonStart("   QUERY PLAN\n---\n [ +"), -1);
        QCOMPARE(PlanParser::plainJsonStart("\"[{\"\"Plan\"\""), -1);
        QCOMPARE(PlanParser::plainJsonStart("Seq Scan on t"), -1);
        QCOMPARE(PlanParser::plainJsonStart(""), -1);
    }

    void bytesWithEscapesAndUtf8()
    {
        // Non-ASCII text and escapes decode the same from bytes as from the text.
        const QString json = QStringLiteral(
            "[{\"Plan\": {\"Node Type\": \"Seq Scan\", \"Relation Name\": \"b\u00e4ume\",\n"
            "  \"Filter\": \"(name = 'Zo\u00eb \\\"\\u00e9\\\" \\\\ x\\n\u4e2d')\",\n"
            "  \"Unknown Key \u00e9\": \"\u00e9t\u00e9\"}}]");
        const PlanParseResult fromText = PlanParser::parse(json);
        const PlanParseResult fromBytes = PlanParser::parse(json.toUtf8());
        QVERIFY(fromBytes.ok());
        const PlanNode &node = fromBytes.mainPlan().nodes[0];
        QCOMPARE(node.relationName, QStringLiteral("b\u00e4ume"));
        QCOMPARE(node.filter, QStringLiteral("(name = 'Zo\u00eb \"\u00e9\" \\ x\n\u4e2d')"));
        QCOMPARE(node.filter, fromText.mainPlan().nodes[0].filter);
        QCOMPARE(node.property(QStringLiteral("Unknown Key \u00e9")),
                 QStringLiteral("\u00e9t\u00e9"));
        QCOMPARE(node.sourceLine, 1);
    }

    void truncatedJsonBytesTakeTheSlowPath()
    {
        const QString json = richPlan().json();
        const QString head = json.left(json.indexOf(QStringLiteral("\"Bitmap Heap Scan\"")) + 5);
        const PlanParseResult fromText = PlanParser::parse(head);
        const PlanParseResult fromBytes = PlanParser::parse(head.toUtf8());
        QVERIFY(fromBytes.ok());
        QCOMPARE(fromBytes.mainPlan().nodes.size(), fromText.mainPlan().nodes.size());
        QCOMPARE(fromBytes.mainPlan().warnings.size(), 1);
        QCOMPARE(fromBytes.mainPlan().warnings[0].line, fromText.mainPlan().warnings[0].line);
    }

    void severalJsonPlans()
    {
        TestPlan second;
        second.root = seqScan(QStringLiteral("t"));
        second.execution = 1.0;
        QString both = richPlan().json().trimmed();
        both.chop(1); // drop "]"
        both += u',' + second.json().trimmed().mid(1);
        const PlanParseResult result = PlanParser::parse(both);
        QVERIFY2(result.ok(), qPrintable(result.error));
        QCOMPARE(result.plans.size(), 2);
        QCOMPARE(result.plans[1].nodes.size(), 1);
        QCOMPARE(result.mainPlan().nodes.size(), 20);
    }

    void unknownKeysAreKept()
    {
        const QString json = QStringLiteral(
            "[{\"Plan\": {\"Node Type\": \"Future Scan\", \"Startup Cost\": 0, \"Total Cost\": 1,"
            " \"Plan Rows\": 1, \"Plan Width\": 4, \"Shiny New Key\": 42,"
            " \"Grouping Sets\": [{\"Group Keys\": [\"a\", \"b\"]}]}, \"Brand New Summary\": "
            "\"x\"}]");
        const Plan j = parseOk(json);
        QCOMPARE(j.nodes.size(), 1);
        QCOMPARE(j.nodes[0].nodeType, QStringLiteral("Future Scan"));
        QCOMPARE(j.nodes[0].property(QStringLiteral("Shiny New Key")), QStringLiteral("42"));
        QCOMPARE(j.nodes[0].property(QStringLiteral("Grouping Sets")),
                 QStringLiteral("{\"Group Keys\": [\"a\", \"b\"]}"));
        bool summaryKept = false;
        for (const PlanProperty &p : j.properties)
            summaryKept = summaryKept || p.key == QLatin1String("Brand New Summary");
        QVERIFY(summaryKept);

        const QString text = QStringLiteral("Future Scan on t  (cost=0.00..1.00 rows=1 width=4)\n"
                                            "  Shiny New Key: 42\n"
                                            "  something printed without a key\n"
                                            "  Disabled: true\n"
                                            "  Index Searches: 3\n");
        const Plan t = parseOk(text);
        QCOMPARE(t.nodes.size(), 1);
        QCOMPARE(t.nodes[0].property(QStringLiteral("Shiny New Key")), QStringLiteral("42"));
        QVERIFY(t.nodes[0].disabled);
        QCOMPARE(*t.nodes[0].indexSearches, 3.0);
        bool bareLine = false;
        for (const PlanProperty &p : t.nodes[0].properties)
            bareLine = bareLine || p.value.contains(QLatin1String("without a key"));
        QVERIFY(bareLine);
    }

    void textSections()
    {
        const QString input = QStringLiteral(
            " Gather  (cost=1000.00..2000.00 rows=100 width=4) (actual time=10.000..50.000 "
            "rows=90.50 loops=1)\n"
            "   Workers Planned: 2\n"
            "   Workers Launched: 2\n"
            "   ->  Parallel Seq Scan on t  (cost=0.00..900.00 rows=40 width=4) (actual "
            "time=0.010..40.000 rows=30.17 loops=3)\n"
            "         Worker 0:  actual time=0.020..41.000 rows=31 loops=1\n"
            "           JIT:\n"
            "             Functions: 3\n"
            "             Timing: Generation 0.200 ms (Deform 0.050 ms), Inlining 0.000 ms, "
            "Optimization 0.300 ms, Emission 2.000 ms, Total 2.500 ms\n"
            "           Buffers: shared hit=7\n"
            "         Worker 1:  actual time=0.030..39.000 rows=29 loops=1\n"
            " Settings: work_mem = '64MB', search_path = 'a, b'\n"
            " Planning:\n"
            "   Buffers: shared hit=12 read=3\n"
            "   Memory: used=20kB  allocated=32kB\n"
            " Planning Time: 0.500 ms\n"
            " Trigger RI_ConstraintTrigger_a_1 for constraint fk_t on t: time=1.500 calls=3\n"
            " Trigger audit: time=0.500 calls=3\n"
            " Serialization: time=1.250 ms  output=12kB  format=text\n"
            " Execution Time: 55.000 ms\n"
            "(18 rows)\n");
        const Plan p = parseOk(input);
        QCOMPARE(p.nodes.size(), 2);
        const PlanNode &scan = p.nodes[1];
        QVERIFY(scan.parallelAware);
        QCOMPARE(*scan.actualRows, 30.17);
        QCOMPARE(scan.workers.size(), 2);
        QCOMPARE(*scan.workers[0].actualTotalMs, 41.0);
        QCOMPARE(*scan.workers[0].jit.totalMs, 2.5);
        QCOMPARE(*scan.workers[0].jit.deformMs, 0.05);
        QCOMPARE(scan.workers[0].buffers.sharedHit, 7);
        QCOMPARE(*scan.workers[1].actualRows, 29.0);
        QCOMPARE(p.settings.size(), 2);
        QCOMPARE(p.settings[1].value, QStringLiteral("a, b"));
        QCOMPARE(p.planningBuffers.sharedRead, 3);
        QCOMPARE(*p.planningMemoryAllocatedKb, 32);
        QCOMPARE(*p.planningTimeMs, 0.5);
        QCOMPARE(p.triggers.size(), 2);
        QCOMPARE(p.triggers[0].name, QStringLiteral("RI_ConstraintTrigger_a_1"));
        QCOMPARE(p.triggers[0].constraintName, QStringLiteral("fk_t"));
        QCOMPARE(p.triggers[0].relation, QStringLiteral("t"));
        QCOMPARE(p.triggers[1].name, QStringLiteral("audit"));
        QCOMPARE(*p.triggers[1].calls, 3);
        QCOMPARE(*p.serialization.timeMs, 1.25);
        QCOMPARE(*p.serialization.outputKb, 12);
        QCOMPARE(*p.executionTimeMs, 55.0);
        // Workers 0 and 1 ran one loop each, the leader the third: three processes side by side.
        const PlanAnalysis a = PlanAnalyzer::analyze(p);
        QCOMPARE(a.metrics[1].inclusiveMs, 40.0);
        QVERIFY(a.metrics[1].approximate);
    }

    void truncatedJsonKeepsWhatWasRead()
    {
        const QString json = richPlan().json();
        const qsizetype cut = json.indexOf(QStringLiteral("\"Bitmap Heap Scan\""));
        QVERIFY(cut > 0);
        const QString head = json.left(cut + 5);
        const int lastLine = int(head.count(u'\n')) + 1;
        const PlanParseResult r = PlanParser::parse(head);
        QVERIFY(r.ok());
        QVERIFY(!r.mainPlan().nodes.isEmpty());
        QVERIFY(r.mainPlan().nodes.size() < 20);
        QCOMPARE(r.mainPlan().warnings.size(), 1);
        QCOMPARE(r.mainPlan().warnings[0].line, lastLine);
        QVERIFY(r.mainPlan().warnings[0].message.contains(QLatin1String("truncated")));
    }

    void truncatedTextKeepsWhatWasRead()
    {
        const QString text = richPlan().text();
        const qsizetype cut = text.indexOf(QStringLiteral("Hash Cond: (o.cus"));
        const QString head = text.left(cut + 17);
        const int lastLine = int(head.count(u'\n')) + 1;
        const PlanParseResult r = PlanParser::parse(head);
        QVERIFY(r.ok());
        QCOMPARE(r.mainPlan().warnings.size(), 1);
        QCOMPARE(r.mainPlan().warnings[0].line, lastLine);

        // Cut inside the numbers of a node line: that node is left out, with a warning.
        const qsizetype nodeCut = text.indexOf(QStringLiteral("rows=48000 loops=1)"));
        const PlanParseResult r2 = PlanParser::parse(text.left(nodeCut + 5));
        QVERIFY(r2.ok());
        QCOMPARE(r2.mainPlan().warnings.size(), 1);
        QVERIFY(r2.mainPlan().warnings[0].line > 0);
    }

    void notAPlan_data()
    {
        QTest::addColumn<QString>("input");
        QTest::addColumn<int>("line");
        QTest::newRow("empty") << QString() << 0;
        QTest::newRow("prose") << QStringLiteral("\n\nhello world\nthis is not a plan\n") << 3;
        QTest::newRow("sql only") << QStringLiteral("SELECT * FROM t;\n") << 1;
        QTest::newRow("json without plan") << QStringLiteral("\n{\"foo\": 1}") << 2;
        QTest::newRow("json array of numbers") << QStringLiteral("[1, 2, 3]") << 1;
        QTest::newRow("broken json") << QStringLiteral("[{\"Plan\": {\"Node Type\" 12}}]") << 1;
        QTest::newRow("cut node line")
            << QStringLiteral(" Seq Scan on t  (cost=0.00..1.00 rows=1 width=4) (actual") << 1;
        QTest::newRow("xml") << QStringLiteral(
                                    "<explain xmlns=\"http://www.postgresql.org/2009/explain\">")
                             << 1;
        QTest::newRow("binary") << QString::fromLatin1("\x01\x02\xff\xfe\x00\x10 garbage", 12) << 1;
    }

    void notAPlan()
    {
        QFETCH(QString, input);
        QFETCH(int, line);
        const PlanParseResult r = PlanParser::parse(input);
        QVERIFY(!r.ok());
        QVERIFY(!r.error.isEmpty());
        QCOMPARE(r.errorLine, line);
        if (line > 0)
            QVERIFY2(r.error.contains(QStringLiteral("Line %1").arg(line)), qPrintable(r.error));
    }

    void deepTextNesting()
    {
        const int depth = 5000;
        const PlanParseResult r = PlanParser::parse(deepText(depth));
        QVERIFY2(r.ok(), qPrintable(r.error));
        const Plan &p = r.mainPlan();
        QCOMPARE(p.nodes.size(), depth);
        QCOMPARE(p.nodes.last().depth, depth - 1);
        QCOMPARE(p.nodes.first().subtreeSize, depth);
        const PlanAnalysis a = PlanAnalyzer::analyze(p);
        QCOMPARE(a.summary.maxDepth, depth - 1);
    }

    void deepJsonNesting()
    {
        const int depth = 20000;
        const PlanParseResult r = PlanParser::parse(deepJson(depth));
        QVERIFY2(r.ok(), qPrintable(r.error));
        const Plan &p = r.mainPlan();
        QCOMPARE(p.nodes.size(), depth);
        QCOMPARE(p.nodes.last().depth, depth - 1);
        const PlanAnalysis a = PlanAnalyzer::analyze(p);
        QCOMPARE(a.metrics.size(), depth);
        // Hostile nesting without plan nodes is just an error, not a crash.
        const QString brackets = QString(200000, u'[');
        QVERIFY(!PlanParser::parse(brackets).ok());
    }
};

QTEST_GUILESS_MAIN(TestPlanParser)
#include "tst_planparser.moc"
