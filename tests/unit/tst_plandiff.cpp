// PlanDiffer: matching nodes by what they do, the "what changed" sentences and
// the verdict.

#include "models/plan/plandiff.h"
#include "models/plan/planparser.h"

#include <QDir>
#include <QFile>
#include <QTest>

using namespace sightline;

namespace {

QString corpusDir()
{
    return qEnvironmentVariable("SIGHTLINE_CORPUS_DIR");
}

Plan parseFile(const QString &name)
{
    QFile file(QDir(corpusDir()).filePath(name));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    const PlanParseResult parsed = PlanParser::parse(file.readAll());
    return parsed.ok() ? parsed.mainPlan() : Plan();
}

Plan parse(const QString &text)
{
    const PlanParseResult parsed = PlanParser::parse(text);
    return parsed.ok() ? parsed.mainPlan() : Plan();
}

// A scan node in EXPLAIN (FORMAT JSON, ANALYZE) form.
QString scan(const QString &type, const QString &relation, double ms, int rows,
             const QString &extra = QString())
{
    return QStringLiteral(
               "{\"Node Type\": \"%1\", \"Relation Name\": \"%2\", \"Schema\": \"public\", "
               "\"Alias\": \"%2\", \"Startup Cost\": 0.0, \"Total Cost\": 100.0, \"Plan Rows\": "
               "%4, \"Plan Width\": 8, \"Actual Startup Time\": 0.01, \"Actual Total Time\": %3, "
               "\"Actual Rows\": %4, \"Actual Loops\": 1 %5}")
        .arg(type, relation)
        .arg(ms)
        .arg(rows)
        .arg(extra);
}

QString node(const QString &type, double ms, int rows, const QStringList &children,
             const QString &extra = QString())
{
    return QStringLiteral(
               "{\"Node Type\": \"%1\", \"Startup Cost\": 0.0, \"Total Cost\": 200.0, \"Plan "
               "Rows\": %3, \"Plan Width\": 8, \"Actual Startup Time\": 0.01, \"Actual Total "
               "Time\": %2, \"Actual Rows\": %3, \"Actual Loops\": 1 %4, \"Plans\": [%5]}")
        .arg(type)
        .arg(ms)
        .arg(rows)
        .arg(extra, children.join(QLatin1Char(',')));
}

QString plan(const QString &root, double executionMs)
{
    return QStringLiteral("[{\"Plan\": %1, \"Planning Time\": 0.1, \"Execution Time\": %2}]")
        .arg(root)
        .arg(executionMs);
}

QString hashJoin(const QString &outer, const QString &hashed, bool swapped, double ms = 50)
{
    const QString hash = node(QStringLiteral("Hash"), 5, 10, {hashed});
    return node(QStringLiteral("Hash Join"), ms, 10,
                swapped ? QStringList{hash, outer} : QStringList{outer, hash},
                QStringLiteral(", \"Join Type\": \"Inner\", \"Hash Cond\": \"(a.id = b.a_id)\""));
}

QStringList changeTexts(const PlanDiff &diff)
{
    QStringList texts;
    for (const PlanChange &change : diff.changes)
        texts << change.text;
    return texts;
}

} // namespace

class TestPlanDiff : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void planComparedWithItselfHasNoChanges_data()
    {
        QTest::addColumn<QString>("file");
        const QDir dir(corpusDir());
        const QStringList files = dir.entryList(QDir::Files, QDir::Name);
        QVERIFY(files.size() > 50);
        for (const QString &file : files)
            QTest::newRow(qPrintable(file)) << file;
    }

    void planComparedWithItselfHasNoChanges()
    {
        QFETCH(QString, file);
        const Plan p = parseFile(file);
        if (p.isEmpty())
            QSKIP("not a plan the parser reads (a malformed-input sample)");
        const PlanDiff diff = PlanDiffer::compare(p, p);
        QCOMPARE(diff.matched.size(), p.nodes.size());
        QVERIFY(diff.added.isEmpty());
        QVERIFY(diff.removed.isEmpty());
        QVERIFY2(diff.changes.isEmpty(), qPrintable(changeTexts(diff).join(QLatin1Char('\n'))));
        QVERIFY(diff.identicalShape);
        for (const PlanNodeMatch &m : diff.matched)
            QCOMPARE(m.before, m.after);
        QVERIFY(diff.verdict.kind == PlanVerdictKind::NoSignificantChange ||
                diff.verdict.kind == PlanVerdictKind::NotComparable);
    }

    void swappedJoinChildrenStillMatch()
    {
        const QString a = scan(QStringLiteral("Seq Scan"), QStringLiteral("a"), 10, 100);
        const QString b = scan(QStringLiteral("Seq Scan"), QStringLiteral("b"), 4, 10);
        const Plan before = parse(plan(hashJoin(a, b, false), 51));
        const Plan after = parse(plan(hashJoin(a, b, true), 50));
        QCOMPARE(before.nodes.size(), 4);
        const PlanDiff diff = PlanDiffer::compare(before, after);
        QCOMPARE(diff.matched.size(), 4);
        QVERIFY2(diff.changes.isEmpty(), qPrintable(changeTexts(diff).join(QLatin1Char('\n'))));
        // The scan of a is the first child before and the last after.
        QCOMPARE(after.nodes.at(diff.afterFor(1)).relationName, QStringLiteral("a"));
        QCOMPARE(diff.verdict.kind, PlanVerdictKind::NoSignificantChange);
    }

    void sameQueryInJsonAndTextMatchesCompletely()
    {
        const Plan text = parseFile(QStringLiteral("001-pev2-simple-join.txt"));
        const Plan json = parseFile(QStringLiteral("002-pev2-simple-join.json"));
        QVERIFY(!text.isEmpty());
        QCOMPARE(text.nodes.size(), json.nodes.size());
        const PlanDiff diff = PlanDiffer::compare(text, json);
        QCOMPARE(diff.matched.size(), json.nodes.size());
        QVERIFY(diff.added.isEmpty());
        QVERIFY(diff.removed.isEmpty());
        for (const PlanNodeMatch &m : diff.matched)
            QCOMPARE(m.before, m.after);
        QVERIFY(diff.identicalShape);
    }

    void seqScanBecomesIndexScanAndTheSpillGoes()
    {
        const QString seq =
            scan(QStringLiteral("Seq Scan"), QStringLiteral("orders"), 900, 50,
                 QStringLiteral(", \"Filter\": \"(customer_id = 42)\", \"Rows Removed by Filter\": "
                                "999950, \"Shared Read Blocks\": 12000"));
        const QString sort = node(
            QStringLiteral("Sort"), 1200, 50, {seq},
            QStringLiteral(
                ", \"Sort Key\": [\"created\"], \"Sort Method\": \"external merge\", \"Sort Space "
                "Used\": 29696, \"Sort Space Type\": \"Disk\", \"Shared Read Blocks\": 12000"));
        const QString idx =
            scan(QStringLiteral("Index Scan"), QStringLiteral("orders"), 0.5, 50,
                 QStringLiteral(", \"Index Name\": \"orders_customer_idx\", \"Index Cond\": "
                                "\"(customer_id = 42)\", \"Shared Read Blocks\": 4"));
        const QString limit = QStringLiteral("Limit");
        const Plan before = parse(
            plan(node(limit, 1201, 50, {sort}, QStringLiteral(", \"Shared Read Blocks\": 12000")),
                 1201.5));
        const Plan after = parse(
            plan(node(limit, 0.6, 50, {idx}, QStringLiteral(", \"Shared Read Blocks\": 4")), 0.7));
        QVERIFY(!before.isEmpty() && !after.isEmpty());
        const PlanDiff diff = PlanDiffer::compare(before, after);
        const QStringList texts = changeTexts(diff);
        QVERIFY2(texts.contains(QStringLiteral(
                     "Seq Scan on public.orders → Index Scan using orders_customer_idx on "
                     "public.orders")),
                 qPrintable(texts.join(QLatin1Char('\n'))));
        QVERIFY2(texts.contains(QStringLiteral("Sort (external merge, 29 MB) removed")),
                 qPrintable(texts.join(QLatin1Char('\n'))));
        QCOMPARE(diff.removed.size(), 1);
        QVERIFY(diff.added.isEmpty());
        QCOMPARE(diff.verdict.kind, PlanVerdictKind::Faster);
        QVERIFY(diff.verdict.ratio && *diff.verdict.ratio < 0.01);
        QVERIFY(diff.verdict.text.contains(QStringLiteral("faster")));
        QCOMPARE(diff.verdict.buffersReadBefore, 12000);
        QCOMPARE(diff.verdict.buffersReadAfter, 4);
        QVERIFY(!diff.identicalShape);
        // The scan pair carries its numbers.
        const int scanAfter = 1;
        const int scanBefore = diff.beforeFor(scanAfter);
        QCOMPARE(before.nodes.at(scanBefore).nodeType, QStringLiteral("Seq Scan"));
    }

    void joinMethodChange()
    {
        const QString a = scan(QStringLiteral("Seq Scan"), QStringLiteral("a"), 10, 100);
        const QString b = scan(QStringLiteral("Seq Scan"), QStringLiteral("b"), 4, 10);
        const Plan before = parse(plan(hashJoin(a, b, false, 100), 100));
        const QString nl = node(QStringLiteral("Nested Loop"), 30, 10,
                                {a, scan(QStringLiteral("Index Scan"), QStringLiteral("b"), 0.1, 1,
                                         QStringLiteral(", \"Index Name\": \"b_a_id_idx\""))},
                                QStringLiteral(", \"Join Type\": \"Inner\""));
        const Plan after = parse(plan(nl, 30));
        const PlanDiff diff = PlanDiffer::compare(before, after);
        const QStringList texts = changeTexts(diff);
        QVERIFY2(texts.contains(QStringLiteral("Hash Join → Nested Loop")),
                 qPrintable(texts.join(QLatin1Char('\n'))));
        QVERIFY(texts.contains(QStringLiteral("Hash removed")));
        QCOMPARE(diff.verdict.kind, PlanVerdictKind::Faster);
    }

    void insertedSortStillMatchesTheRest()
    {
        const QString a = scan(QStringLiteral("Seq Scan"), QStringLiteral("a"), 10, 100);
        const QString b = scan(QStringLiteral("Seq Scan"), QStringLiteral("b"), 4, 10);
        const Plan before = parse(plan(hashJoin(a, b, false), 50));
        const Plan after = parse(plan(node(QStringLiteral("Sort"), 60, 10, {hashJoin(a, b, false)},
                                           QStringLiteral(", \"Sort Key\": [\"a.id\"]")),
                                      60));
        const PlanDiff diff = PlanDiffer::compare(before, after);
        QCOMPARE(diff.matched.size(), 4);
        QCOMPARE(diff.added, QList<int>{0});
        QVERIFY(diff.removed.isEmpty());
        // The only change to the tree is the new node (flags may follow it).
        QCOMPARE(diff.changes.first().kind, PlanChangeKind::NodeAdded);
        QCOMPARE(diff.changes.first().text, QStringLiteral("Sort added"));
        for (int i = 1; i < diff.changes.size(); ++i)
            QVERIFY(diff.changes.at(i).kind == PlanChangeKind::FlagRaised ||
                    diff.changes.at(i).kind == PlanChangeKind::FlagCleared);
    }

    void noiseIsNotAVerdict_data()
    {
        QTest::addColumn<double>("afterMs");
        QTest::addColumn<bool>("sameShape");
        QTest::addColumn<int>("kind");
        QTest::newRow("same shape, 30 % slower")
            << 65.0 << true << int(PlanVerdictKind::NoSignificantChange);
        QTest::newRow("other shape, 5 % slower")
            << 52.5 << false << int(PlanVerdictKind::NoSignificantChange);
        QTest::newRow("other shape, 40 % slower") << 70.0 << false << int(PlanVerdictKind::Slower);
        QTest::newRow("other shape, 2x faster") << 25.0 << false << int(PlanVerdictKind::Faster);
    }

    void noiseIsNotAVerdict()
    {
        QFETCH(double, afterMs);
        QFETCH(bool, sameShape);
        QFETCH(int, kind);
        const QString a = scan(QStringLiteral("Seq Scan"), QStringLiteral("a"), 10, 100);
        const QString b = scan(QStringLiteral("Seq Scan"), QStringLiteral("b"), 4, 10);
        const QString bIndexed = scan(QStringLiteral("Index Scan"), QStringLiteral("b"), 4, 10,
                                      QStringLiteral(", \"Index Name\": \"b_idx\""));
        const Plan before = parse(plan(hashJoin(a, b, false), 50));
        const Plan after = parse(plan(hashJoin(a, sameShape ? b : bIndexed, false), afterMs));
        const PlanDiff diff = PlanDiffer::compare(before, after);
        QCOMPARE(int(diff.verdict.kind), kind);
        QVERIFY(diff.verdict.ratio);
        QCOMPARE(*diff.verdict.ratio, afterMs / 50);
    }

    void plainExplainIsNotComparableButShowsCost()
    {
        const Plan p =
            parse(QStringLiteral("Seq Scan on t  (cost=0.00..35.50 rows=2550 width=4)\n"));
        QVERIFY(!p.isEmpty());
        const PlanDiff diff = PlanDiffer::compare(p, p);
        QCOMPARE(diff.verdict.kind, PlanVerdictKind::NotComparable);
        QVERIFY(diff.verdict.text.contains(QStringLiteral("35")));
    }
};

QTEST_GUILESS_MAIN(TestPlanDiff)
#include "tst_plandiff.moc"
