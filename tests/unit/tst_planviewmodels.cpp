// The widget-free parts of the plan tab: PlanTableModel, PlanFlagsModel and PlanStatsModel
// (each under QAbstractItemModelTester), the colour scale, the node facts the cards and the
// details panel show, and the Markdown report. Over the shared corpus and hand-made plans.

#include "models/plan/plananalyzer.h"
#include "models/plan/plancolorscale.h"
#include "models/plan/planflagsmodel.h"
#include "models/plan/planitemroles.h"
#include "models/plan/plannodefacts.h"
#include "models/plan/planparser.h"
#include "models/plan/planreport.h"
#include "models/plan/planstatsmodel.h"
#include "models/plan/plantablemodel.h"

#include <QAbstractItemModelTester>
#include <QDir>
#include <QFile>
#include <QSet>
#include <QSignalSpy>
#include <QTest>

using namespace sightline;

namespace {

QString corpusDir()
{
    return qEnvironmentVariable("SIGHTLINE_CORPUS_DIR");
}

std::shared_ptr<const PlanAnalysis> analyzeText(const QString &text)
{
    const PlanParseResult parsed = PlanParser::parse(text);
    if (!parsed.ok())
        return {};
    return std::make_shared<const PlanAnalysis>(PlanAnalyzer::analyze(parsed.mainPlan()));
}

std::shared_ptr<const PlanAnalysis> analyzeCorpus(const QString &name)
{
    QFile file(QDir(corpusDir()).filePath(name));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    const PlanParseResult parsed = PlanParser::parse(file.readAll());
    if (!parsed.ok())
        return {};
    return std::make_shared<const PlanAnalysis>(PlanAnalyzer::analyze(parsed.mainPlan()));
}

const char *const oneTimeFalsePlan =
    "Result  (cost=0.00..35.50 rows=2550 width=4) (actual time=0.003..0.003 rows=0 loops=1)\n"
    "  One-Time Filter: false\n"
    "  ->  Seq Scan on t  (cost=0.00..35.50 rows=2550 width=4) (never executed)\n"
    "        ->  Index Scan using t_pkey on t t2  (cost=0.00..1.50 rows=1 width=4) (never "
    "executed)\n"
    "Planning Time: 0.050 ms\n"
    "Execution Time: 0.020 ms\n";

const char *const estimatedOnlyPlan =
    "Hash Join  (cost=10.00..200.00 rows=1000 width=8)\n"
    "  Hash Cond: (a.id = b.a_id)\n"
    "  ->  Seq Scan on a  (cost=0.00..100.00 rows=5000 width=4)\n"
    "  ->  Hash  (cost=5.00..5.00 rows=400 width=4)\n"
    "        ->  Seq Scan on b  (cost=0.00..5.00 rows=400 width=4)\n";

} // namespace

class TestPlanViewModels : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void modelsOverCorpus_data()
    {
        QTest::addColumn<QString>("file");
        const QDir dir(corpusDir());
        const QStringList files =
            dir.entryList({QStringLiteral("*.txt"), QStringLiteral("*.json")}, QDir::Files);
        QVERIFY2(!files.isEmpty(), "SIGHTLINE_CORPUS_DIR holds no plans");
        for (const QString &file : files)
            QTest::newRow(qPrintable(file)) << file;
    }

    void modelsOverCorpus()
    {
        QFETCH(QString, file);
        const auto analysis = analyzeCorpus(file);
        if (!analysis)
            QSKIP("not a plan (malformed on purpose)");
        const qsizetype n = analysis->plan.nodes.size();

        PlanTableModel table;
        QAbstractItemModelTester tableTester(
            &table, QAbstractItemModelTester::FailureReportingMode::QtTest);
        table.setAnalysis(analysis);
        QCOMPARE(table.rowCount(), int(n));
        for (int row = 0; row < table.rowCount(); ++row) {
            QCOMPARE(table.index(row, 0).data(PlanNodeIdRole).toInt(), row);
            const QString label =
                table.index(row, PlanTableModel::NodeColumn).data(Qt::DisplayRole).toString();
            QVERIFY2(label.contains(analysis->plan.nodes.at(row).label()), qPrintable(label));
            for (int column = 0; column < table.columnCount(); ++column) {
                const QVariant heat = table.index(row, column).data(PlanHeatRole);
                if (heat.isValid())
                    QVERIFY(heat.toDouble() >= 0 && heat.toDouble() <= 1);
            }
        }
        for (const PlanColorMetric metric : PlanColorScale::metrics())
            table.setColorMetric(metric);

        PlanFlagsModel flags;
        QAbstractItemModelTester flagsTester(
            &flags, QAbstractItemModelTester::FailureReportingMode::QtTest);
        flags.setAnalysis(analysis);
        QCOMPARE(flags.rowCount(), int(analysis->flags.size()));
        for (int row = 1; row < flags.rowCount(); ++row) {
            const int before = flags.index(row - 1, 0).data(PlanSeverityRole).toInt();
            const int after = flags.index(row, 0).data(PlanSeverityRole).toInt();
            QVERIFY2(before >= after, "flags are not sorted by severity");
            if (before == after) {
                const double timeBefore =
                    flags.index(row - 1, PlanFlagsModel::TimeColumn).data(PlanSortRole).toDouble();
                const double timeAfter =
                    flags.index(row, PlanFlagsModel::TimeColumn).data(PlanSortRole).toDouble();
                QVERIFY2(timeBefore >= timeAfter, "flags of one severity are not slowest first");
            }
        }
        for (int row = 0; row < flags.rowCount(); ++row) {
            const int node = flags.index(row, 0).data(PlanNodeIdRole).toInt();
            QCOMPARE(node, flags.flags().at(row).nodeId < n ? flags.flags().at(row).nodeId : -1);
            if (node >= 0)
                QVERIFY(flags.rowForNode(node) <= row);
        }

        PlanStatsModel stats;
        QAbstractItemModelTester statsTester(
            &stats, QAbstractItemModelTester::FailureReportingMode::QtTest);
        stats.setAnalysis(analysis);
        QCOMPARE(stats.rowCount(), int(PlanStatsModel::GroupCount));
        // Every node counts once under its node type; times add up to the plan's.
        qsizetype counted = 0;
        double exclusive = 0;
        for (const PlanStatsModel::Entry &entry : stats.entries(PlanStatsModel::NodeTypeGroup)) {
            counted += entry.nodes.size();
            exclusive += entry.exclusiveMs;
        }
        QCOMPARE(counted, n);
        double expected = 0;
        for (qsizetype i = 0; i < n; ++i) {
            if (analysis->metrics.at(i).hasTime && !analysis->plan.nodes.at(i).neverExecuted)
                expected += analysis->metrics.at(i).exclusiveMs;
        }
        QVERIFY(qAbs(exclusive - expected) <= 1e-6 * std::max(1.0, expected));
        const QModelIndex types = stats.index(PlanStatsModel::NodeTypeGroup, 0);
        for (int row = 0; row < stats.rowCount(types); ++row) {
            const QModelIndex entry = stats.index(row, 0, types);
            const QList<int> ids = entry.data(PlanNodeIdsRole).value<QList<int>>();
            QVERIFY(!ids.isEmpty());
            QCOMPARE(entry.data(PlanNodeIdRole).toInt(), ids.front());
            for (const int id : ids)
                QCOMPARE(analysis->plan.nodes.at(id).displayName(), entry.data().toString());
        }

        // Resetting to nothing is clean too.
        table.setAnalysis({});
        flags.setAnalysis({});
        stats.setAnalysis({});
        QCOMPARE(table.rowCount(), 0);
        QCOMPARE(stats.rowCount(), 0);
    }

    void statsGroupsRelationsAndIndexes()
    {
        const auto analysis = analyzeCorpus(QStringLiteral("001-pev2-simple-join.txt"));
        QVERIFY(analysis);
        PlanStatsModel stats;
        stats.setAnalysis(analysis);
        QStringList relations;
        for (const PlanStatsModel::Entry &entry : stats.entries(PlanStatsModel::RelationGroup))
            relations << entry.name;
        QStringList indexes;
        for (const PlanStatsModel::Entry &entry : stats.entries(PlanStatsModel::IndexGroup))
            indexes << entry.name;
        QVERIFY2(relations.contains(QStringLiteral("public.exam")),
                 qPrintable(relations.join(',')));
        QVERIFY2(indexes.contains(QStringLiteral("exam_pkey")), qPrintable(indexes.join(',')));
        // Slowest first within a group.
        const QList<PlanStatsModel::Entry> &types = stats.entries(PlanStatsModel::NodeTypeGroup);
        for (qsizetype i = 1; i < types.size(); ++i)
            QVERIFY(types.at(i - 1).exclusiveMs >= types.at(i).exclusiveMs);
    }

    void tableColourFollowsMetric()
    {
        const auto analysis =
            analyzeCorpus(QStringLiteral("003-pev2-three-joins-missing-index.json"));
        QVERIFY(analysis);
        PlanTableModel table;
        table.setAnalysis(analysis);
        QSignalSpy changed(&table, &QAbstractItemModel::dataChanged);
        table.setColorMetric(PlanColorMetric::Rows);
        QCOMPARE(changed.size(), 1);
        QCOMPARE(changed.at(0).at(0).toModelIndex().column(), int(PlanTableModel::NodeColumn));
        const PlanColorScale rows(*analysis, PlanColorMetric::Rows);
        for (int row = 0; row < table.rowCount(); ++row)
            QCOMPARE(table.index(row, PlanTableModel::NodeColumn).data(PlanHeatRole).toDouble(),
                     rows.intensity(row));
        table.setColorMetric(PlanColorMetric::None);
        QVERIFY(!table.index(0, PlanTableModel::NodeColumn).data(PlanHeatRole).isValid());
    }

    void colorScale()
    {
        const auto analysis =
            analyzeCorpus(QStringLiteral("003-pev2-three-joins-missing-index.json"));
        QVERIFY(analysis);
        const PlanColorScale time(*analysis, PlanColorMetric::ExclusiveTime);
        QVERIFY(time.isAvailable());
        const int slowest = analysis->summary.slowestNodes.front();
        for (int i = 0; i < analysis->plan.nodes.size(); ++i) {
            QVERIFY(time.intensity(i) >= 0 && time.intensity(i) <= 1);
            QVERIFY(time.intensity(i) <= time.intensity(slowest));
        }
        QCOMPARE(time.intensity(-1), 0.0);
        QCOMPARE(time.intensity(10000), 0.0);

        // Fixed scales: a factor of 1,000 is the top, half the time in one node is the top.
        QCOMPARE(PlanColorScale::heat(0, false), PlanColorScale::heat(-1, false));
        QVERIFY(!(PlanColorScale::heat(0, false) == PlanColorScale::heat(1, false)));
        for (const bool dark : {false, true}) {
            QSet<QString> colors;
            for (const PlanFlagSeverity s :
                 {PlanFlagSeverity::Info, PlanFlagSeverity::Warning, PlanFlagSeverity::Critical}) {
                const PlanRgb rgb = PlanColorScale::severity(s, dark);
                colors << QStringLiteral("%1,%2,%3").arg(rgb.red).arg(rgb.green).arg(rgb.blue);
            }
            QCOMPARE(colors.size(), 3);
        }

        // Without ANALYZE there is no time and no rows to misestimate, but there is cost.
        const auto estimated = analyzeText(QString::fromLatin1(estimatedOnlyPlan));
        QVERIFY(estimated);
        QVERIFY(!PlanColorScale(*estimated, PlanColorMetric::ExclusiveTime).isAvailable());
        QVERIFY(!PlanColorScale(*estimated, PlanColorMetric::Misestimate).isAvailable());
        QVERIFY(!PlanColorScale(*estimated, PlanColorMetric::BuffersRead).isAvailable());
        QCOMPARE(PlanColorScale::effectiveMetric(*estimated, PlanColorMetric::ExclusiveTime),
                 PlanColorMetric::Cost);
        QCOMPARE(PlanColorScale::effectiveMetric(*estimated, PlanColorMetric::Rows),
                 PlanColorMetric::Rows);
        QCOMPARE(PlanColorScale::effectiveMetric(*estimated, PlanColorMetric::None),
                 PlanColorMetric::None);
        QCOMPARE(PlanColorScale::effectiveMetric(*analysis, PlanColorMetric::Misestimate),
                 PlanColorMetric::Misestimate);
        const PlanColorScale cost(*estimated, PlanColorMetric::Cost);
        QVERIFY(cost.isAvailable());
        // Hash Join: 200 - 100 - 5 = 95 of its own; the Seq Scan on a: 100, the largest.
        QCOMPARE(*PlanColorScale::exclusiveCost(estimated->plan, 0), 95.0);
        QCOMPARE(cost.intensity(1), 1.0);

        for (const PlanColorMetric metric : PlanColorScale::metrics()) {
            QVERIFY(PlanColorScale::metricForKey(PlanColorScale::metricKey(metric)) == metric);
            QVERIFY(!PlanColorScale::metricName(metric).isEmpty());
        }
        QVERIFY(!PlanColorScale::metricForKey(QStringLiteral("colour")));
    }

    void inactiveNodes()
    {
        const auto underFalse = analyzeText(QString::fromLatin1(oneTimeFalsePlan));
        QVERIFY(underFalse);
        QCOMPARE(PlanNodeFacts::inactiveNodes(underFalse->plan), (QList<bool>{false, true, true}));

        const auto neverExecuted =
            analyzeCorpus(QStringLiteral("054-pev2-never-executed-hash-join.txt"));
        QVERIFY(neverExecuted);
        const QList<bool> inactive = PlanNodeFacts::inactiveNodes(neverExecuted->plan);
        bool any = false;
        for (const PlanNode &node : neverExecuted->plan.nodes) {
            if (node.neverExecuted) {
                any = true;
                // The whole subtree is greyed.
                for (int i = node.id; i < node.id + node.subtreeSize; ++i)
                    QVERIFY(inactive.at(i));
            }
        }
        QVERIFY(any);
        PlanTableModel table;
        table.setAnalysis(neverExecuted);
        for (int row = 0; row < table.rowCount(); ++row)
            QCOMPARE(table.index(row, 0).data(PlanInactiveRole).toBool(), inactive.at(row));
    }

    void details()
    {
        const auto memoize = analyzeCorpus(QStringLiteral("053-pev2-memoize.txt"));
        QVERIFY(memoize);
        int memoizeId = -1;
        for (const PlanNode &node : memoize->plan.nodes) {
            if (node.nodeType == QLatin1String("Memoize"))
                memoizeId = node.id;
        }
        QVERIFY(memoizeId >= 0);
        const QList<PlanDetailGroup> groups = PlanNodeFacts::details(*memoize, memoizeId);
        QStringList titles;
        QHash<QString, QString> all;
        for (const PlanDetailGroup &group : groups) {
            titles << group.title;
            QVERIFY2(!group.items.isEmpty(), qPrintable(group.title));
            for (const PlanDetail &detail : group.items)
                all.insert(detail.name, detail.value);
        }
        QCOMPARE(titles.front(), QStringLiteral("General"));
        QVERIFY(titles.contains(QStringLiteral("Rows")));
        QVERIFY(titles.contains(QStringLiteral("Time")));
        QVERIFY(titles.contains(QStringLiteral("Misc")));
        QCOMPARE(all.value(QStringLiteral("Node")), QStringLiteral("Memoize"));
        QVERIFY2(all.contains(QStringLiteral("Cache Key")), "typed condition missing");
        // Keys without a typed home are not lost: the cache's hits and misses are in Misc.
        const PlanNode &node = memoize->plan.nodes.at(memoizeId);
        for (const PlanProperty &property : node.properties) {
            if (property.key.contains(QLatin1String("Hits")))
                QCOMPARE(all.value(property.key), property.value);
        }

        const auto parallel = analyzeCorpus(QStringLiteral("012-pev2-parallel-verbose.json"));
        QVERIFY(parallel);
        bool workers = false;
        bool output = false;
        for (const PlanNode &n : parallel->plan.nodes) {
            for (const PlanDetailGroup &group : PlanNodeFacts::details(*parallel, n.id)) {
                workers = workers || group.title == QLatin1String("Workers");
                output = output || group.title == QLatin1String("Output");
            }
        }
        QVERIFY(workers);
        QVERIFY(output);
        QVERIFY(PlanNodeFacts::details(*parallel, -1).isEmpty());
        QVERIFY(PlanNodeFacts::details(*parallel, 100000).isEmpty());
    }

    void formatting()
    {
        QLocale::setDefault(QLocale::c());
        QCOMPARE(PlanNodeFacts::formatMs(0.0345), QStringLiteral("0.035 ms"));
        QCOMPARE(PlanNodeFacts::formatMs(123.45), QStringLiteral("123.5 ms"));
        QCOMPARE(PlanNodeFacts::formatMs(1234.5), QStringLiteral("1.23 s"));
        QCOMPARE(PlanNodeFacts::formatMs(192000), QStringLiteral("3 min 12 s"));
        QCOMPARE(PlanNodeFacts::formatCompact(950), QStringLiteral("950"));
        QCOMPARE(PlanNodeFacts::formatCompact(12345), QStringLiteral("12k"));
        QCOMPARE(PlanNodeFacts::formatCompact(4500000), QStringLiteral("4.5M"));
        QCOMPARE(PlanNodeFacts::formatPercent(0.4123), QStringLiteral("41.2 %"));
        QCOMPARE(PlanNodeFacts::formatKb(1536), QStringLiteral("1.5 MB"));
        QCOMPARE(PlanNodeFacts::formatRows(0.25), QStringLiteral("0.25"));
        NodeMetrics m;
        m.misestimateDirection = MisestimateDirection::Under;
        m.misestimateFactor = 103;
        QCOMPARE(PlanNodeFacts::formatMisestimate(m), QStringLiteral("×103 under"));
        m.misestimateFactor = 1.5;
        QVERIFY(PlanNodeFacts::formatMisestimate(m).isEmpty());
        QCOMPARE(PlanNodeFacts::flagShortName(QStringLiteral("sort-spill")),
                 QStringLiteral("sort spill"));
        QCOMPARE(PlanNodeFacts::flagShortName(QStringLiteral("future-rule")),
                 QStringLiteral("future-rule"));
        QLocale::setDefault(QLocale::system());
    }

    void target()
    {
        const auto analysis = analyzeCorpus(QStringLiteral("001-pev2-simple-join.txt"));
        QVERIFY(analysis);
        for (const PlanNode &node : analysis->plan.nodes) {
            const QString target = PlanNodeFacts::target(node);
            QCOMPARE(node.label(), target.isEmpty()
                                       ? node.displayName()
                                       : node.displayName() + QLatin1Char(' ') + target);
        }
    }

    void markdownReport_data()
    {
        QTest::addColumn<QString>("file");
        QTest::newRow("json with flags")
            << QStringLiteral("003-pev2-three-joins-missing-index.json");
        QTest::newRow("text with triggers") << QStringLiteral("010-pev2-delete-triggers-psql.txt");
        QTest::newRow("truncated") << QStringLiteral("099-derived-truncated-text-midline.txt");
        QTest::newRow("many ctes") << QStringLiteral("004-pev2-many-ctes.json");
    }

    void markdownReport()
    {
        QFETCH(QString, file);
        const auto analysis = analyzeCorpus(file);
        QVERIFY(analysis);
        const QString md = PlanReport::markdown(*analysis);
        QVERIFY(md.startsWith(QStringLiteral("# Query plan\n")));
        QVERIFY(md.contains(QStringLiteral("## Plan tree")));
        QVERIFY(md.contains(QStringLiteral("## Red flags")));
        // One table row per node, each with as many cells as the header.
        const QStringList lines = md.split(QLatin1Char('\n'));
        const qsizetype header = lines.indexOf(QStringLiteral(
            "| # | Exclusive | Share | Inclusive | Rows | Estimated | Misestimate | Loops | Node "
            "| Flags |"));
        QVERIFY(header > 0);
        const auto cells = [](const QString &line) {
            // Pipes escaped inside cells do not separate them.
            int count = 0;
            for (qsizetype i = 0; i < line.size(); ++i) {
                if (line.at(i) == QLatin1Char('|') &&
                    (i == 0 || line.at(i - 1) != QLatin1Char('\\')))
                    ++count;
            }
            return count;
        };
        for (int i = 0; i < analysis->plan.nodes.size(); ++i) {
            const QString row = lines.value(header + 2 + i);
            QVERIFY2(row.startsWith(QStringLiteral("| %1 |").arg(i)), qPrintable(row));
            QCOMPARE(cells(row), cells(lines.at(header)));
        }
        for (const PlanFlag &flag : analysis->flags)
            QVERIFY(md.contains(QStringLiteral("`%1`").arg(flag.ruleId)));
        if (!analysis->plan.warnings.isEmpty())
            QVERIFY(md.contains(QStringLiteral("## Warnings while reading the plan")));
    }

    void markdownEscapes()
    {
        Plan plan;
        plan.format = PlanFormat::Text;
        PlanNode node;
        node.id = 0;
        node.nodeType = QStringLiteral("Seq Scan");
        node.relationName = QStringLiteral("a|b_c*<d>");
        plan.nodes << node;
        const PlanAnalysis analysis = PlanAnalyzer::analyze(plan);
        const QString md = PlanReport::markdown(analysis, {{3, QStringLiteral("odd | line")}});
        QVERIFY2(md.contains(QStringLiteral("a\\|b\\_c\\*&lt;d&gt;")), qPrintable(md));
        QVERIFY(md.contains(QStringLiteral("- line 3: odd \\| line")));
    }
};

QTEST_GUILESS_MAIN(TestPlanViewModels)
#include "tst_planviewmodels.moc"
