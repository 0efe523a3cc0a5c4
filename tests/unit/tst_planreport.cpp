// PlanReport: the JSON object and the text report of `sightline plan analyze`, over the real
// plans of the shared corpus (SIGHTLINE_CORPUS_DIR) and over hand-made plans for the edges
// (escaping, unknown values, deep trees, flag order).

#include "models/plan/plananalyzer.h"
#include "models/plan/planparser.h"
#include "models/plan/planreport.h"
#include "models/plan/planrules.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace sightline;

namespace {

QString corpusDir()
{
    return qEnvironmentVariable("SIGHTLINE_CORPUS_DIR");
}

PlanParseResult parseCorpusFile(const QString &name)
{
    QFile file(QDir(corpusDir()).filePath(name));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return PlanParser::parse(file.readAll());
}

QJsonObject parseJson(const QByteArray &bytes, QString *error)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(bytes, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        *error = parseError.errorString() + QStringLiteral(" at %1").arg(parseError.offset);
    else if (!doc.isObject())
        *error = QStringLiteral("not an object");
    return doc.object();
}

// Every node object of the "plan" tree, parents before children (no recursion).
QList<QJsonObject> treeNodes(const QJsonValue &root)
{
    QList<QJsonObject> nodes;
    if (!root.isObject())
        return nodes;
    QList<QJsonObject> pending{root.toObject()};
    while (!pending.isEmpty()) {
        const QJsonObject node = pending.takeLast();
        nodes.append(node);
        const QJsonArray children = node.value(QLatin1String("children")).toArray();
        for (qsizetype i = children.size() - 1; i >= 0; --i)
            pending.append(children.at(i).toObject());
    }
    return nodes;
}

bool isNumberOrNull(const QJsonValue &value)
{
    return value.isDouble() || value.isNull();
}

bool isStringOrNull(const QJsonValue &value)
{
    return value.isString() || value.isNull();
}

PlanNode makeNode(int id, int parent, int depth, const QString &type)
{
    PlanNode node;
    node.id = id;
    node.parent = parent;
    node.depth = depth;
    node.nodeType = type;
    return node;
}

} // namespace

class TestPlanReport : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        if (corpusDir().isEmpty() || !QDir(corpusDir()).exists())
            QFAIL("SIGHTLINE_CORPUS_DIR must point at the shared plan corpus "
                  "(../shared/corpus/plans); ctest sets it.");
    }

    void jsonShapeOnCorpus_data()
    {
        QTest::addColumn<QString>("file");
        const QStringList files =
            QDir(corpusDir())
                .entryList({QStringLiteral("*.json"), QStringLiteral("*.txt")}, QDir::Files,
                           QDir::Name);
        QVERIFY(files.size() >= 100);
        for (const QString &file : files)
            QTest::newRow(qPrintable(file)) << file;
    }

    // Whatever the plan, the object has the documented keys with the documented types, and
    // its numbers are the plan's own.
    void jsonShapeOnCorpus()
    {
        QFETCH(QString, file);
        const PlanParseResult parsed = parseCorpusFile(file);
        if (!parsed.ok()) {
            // Rejected inputs never reach the report; the parser's tests check the reason.
            QVERIFY(!parsed.error.isEmpty());
            return;
        }
        const PlanAnalysis analysis = PlanAnalyzer::analyze(parsed.mainPlan());
        const Plan &plan = analysis.plan;
        QString error;
        const QJsonObject json = parseJson(PlanReport::json(analysis), &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));

        const QStringList keys = {QStringLiteral("execution_ms"), QStringLiteral("flags"),
                                  QStringLiteral("format"),       QStringLiteral("nodes"),
                                  QStringLiteral("plan"),         QStringLiteral("planning_ms"),
                                  QStringLiteral("warnings")};
        QCOMPARE(json.keys(), keys);
        QCOMPARE(json.value(QLatin1String("format")).toString(), planFormatName(plan.format));
        QCOMPARE(json.value(QLatin1String("nodes")).toInteger(), plan.nodes.size());

        const QJsonValue execution = json.value(QLatin1String("execution_ms"));
        if (plan.executionTimeMs)
            QCOMPARE(execution.toDouble(), *plan.executionTimeMs);
        else
            QVERIFY(execution.isNull());
        const QJsonValue planning = json.value(QLatin1String("planning_ms"));
        if (plan.planningTimeMs)
            QCOMPARE(planning.toDouble(), *plan.planningTimeMs);
        else
            QVERIFY(planning.isNull());

        const QJsonArray warnings = json.value(QLatin1String("warnings")).toArray();
        QCOMPARE(warnings.size(), plan.warnings.size());
        for (const QJsonValue &warning : warnings) {
            QVERIFY(warning.toObject().value(QLatin1String("message")).isString());
            QVERIFY(isNumberOrNull(warning.toObject().value(QLatin1String("line"))));
        }

        const QJsonArray flags = json.value(QLatin1String("flags")).toArray();
        QCOMPARE(flags.size(), analysis.flags.size());
        for (const QJsonValue &value : flags) {
            const QJsonObject flag = value.toObject();
            for (const char *key : {"rule", "severity", "node", "node_type", "relation", "message"})
                QVERIFY2(flag.contains(QLatin1String(key)), key);
            QVERIFY(PlanRules::ruleIds().contains(flag.value(QLatin1String("rule")).toString()));
            QVERIFY(QStringList({QStringLiteral("info"), QStringLiteral("warning"),
                                 QStringLiteral("critical")})
                        .contains(flag.value(QLatin1String("severity")).toString()));
            QVERIFY(!flag.value(QLatin1String("message")).toString().isEmpty());
            QVERIFY(isStringOrNull(flag.value(QLatin1String("relation"))));
            const QJsonValue node = flag.value(QLatin1String("node"));
            if (node.isNull())
                continue;
            const int id = node.toInt(-1);
            QVERIFY(id >= 0 && id < plan.nodes.size());
            QCOMPARE(flag.value(QLatin1String("node_type")).toString(), plan.nodes.at(id).nodeType);
            if (plan.nodes.at(id).relationName.isEmpty())
                QVERIFY(flag.value(QLatin1String("relation")).isNull());
            else
                QCOMPARE(flag.value(QLatin1String("relation")).toString(),
                         plan.nodes.at(id).relationName);
        }

        // The tree holds every node once, in pre-order, with numbers or nulls.
        const QList<QJsonObject> nodes = treeNodes(json.value(QLatin1String("plan")));
        QCOMPARE(nodes.size(), plan.nodes.size());
        for (int i = 0; i < nodes.size(); ++i) {
            const QJsonObject &node = nodes.at(i);
            QCOMPARE(node.value(QLatin1String("id")).toInt(-1), i);
            QCOMPARE(node.value(QLatin1String("node_type")).toString(), plan.nodes.at(i).nodeType);
            for (const char *key : {"exclusive_ms", "inclusive_ms", "execution_share",
                                    "actual_rows", "plan_rows", "loops", "misestimate_factor"})
                QVERIFY2(isNumberOrNull(node.value(QLatin1String(key))), key);
            QVERIFY(node.value(QLatin1String("flags")).isArray());
            const NodeMetrics &m = analysis.metrics.at(i);
            if (m.hasTime)
                QCOMPARE(node.value(QLatin1String("exclusive_ms")).toDouble(),
                         std::round(m.exclusiveMs * 1e6) / 1e6);
            else
                QVERIFY(node.value(QLatin1String("exclusive_ms")).isNull());
        }

        // Compact output is the same object.
        QString compactError;
        const QJsonObject compact =
            parseJson(PlanReport::json(analysis, PlanReport::JsonStyle::Compact), &compactError);
        QVERIFY2(compactError.isEmpty(), qPrintable(compactError));
        QCOMPARE(compact, json);
    }

    void textReportOnCorpus_data() { jsonShapeOnCorpus_data(); }

    // The readable report names every node and every flag.
    void textReportOnCorpus()
    {
        QFETCH(QString, file);
        const PlanParseResult parsed = parseCorpusFile(file);
        if (!parsed.ok())
            return;
        const PlanAnalysis analysis = PlanAnalyzer::analyze(parsed.mainPlan());
        const QString text = PlanReport::text(analysis);
        QVERIFY(text.contains(QLatin1String("Execution time:")));
        for (const PlanNode &node : analysis.plan.nodes)
            QVERIFY2(text.contains(node.label()), qPrintable(node.label()));
        for (const PlanFlag &flag : analysis.flags) {
            QVERIFY2(text.contains(flag.ruleId), qPrintable(flag.ruleId));
            QVERIFY2(text.contains(flag.message), qPrintable(flag.message));
        }
    }

    // The 001/002 pair: the same query in both formats, with the numbers the files print.
    void simpleJoinPair_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("format");
        QTest::addColumn<double>("planning");
        QTest::addColumn<double>("execution");
        QTest::newRow("json") << QStringLiteral("002-pev2-simple-join.json")
                              << QStringLiteral("json") << 0.905 << 0.134;
        QTest::newRow("text") << QStringLiteral("001-pev2-simple-join.txt")
                              << QStringLiteral("text") << 1.110 << 0.170;
    }

    void simpleJoinPair()
    {
        QFETCH(QString, file);
        QFETCH(QString, format);
        QFETCH(double, planning);
        QFETCH(double, execution);
        const PlanParseResult parsed = parseCorpusFile(file);
        QVERIFY2(parsed.ok(), qPrintable(parsed.error));
        const PlanAnalysis analysis = PlanAnalyzer::analyze(parsed.mainPlan());
        QString error;
        const QJsonObject json = parseJson(PlanReport::json(analysis), &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QCOMPARE(json.value(QLatin1String("format")).toString(), format);
        QCOMPARE(json.value(QLatin1String("nodes")).toInt(), 5);
        QCOMPARE(json.value(QLatin1String("execution_ms")).toDouble(), execution);
        QCOMPARE(json.value(QLatin1String("planning_ms")).toDouble(), planning);

        const QJsonObject root = json.value(QLatin1String("plan")).toObject();
        QCOMPARE(root.value(QLatin1String("node_type")).toString(), QStringLiteral("Nested Loop"));
        QCOMPARE(root.value(QLatin1String("name")).toString(),
                 QStringLiteral("Nested Loop Left Join"));
        QCOMPARE(root.value(QLatin1String("join_type")).toString(), QStringLiteral("Left"));
        QCOMPARE(root.value(QLatin1String("loops")).toDouble(), 1.0);
        const QJsonArray children = root.value(QLatin1String("children")).toArray();
        QCOMPARE(children.size(), 2);
        const QJsonObject heap = children.at(0).toObject();
        QCOMPARE(heap.value(QLatin1String("node_type")).toString(),
                 QStringLiteral("Bitmap Heap Scan"));
        QCOMPARE(heap.value(QLatin1String("relation")).toString(),
                 QStringLiteral("rel_users_exams"));
        QCOMPARE(heap.value(QLatin1String("plan_rows")).toDouble(), 5.0);
        QCOMPARE(heap.value(QLatin1String("actual_rows")).toDouble(), 0.0);
        QVERIFY(heap.value(QLatin1String("buffers")).isObject());
        const QJsonObject materialize = children.at(1).toObject();
        QCOMPARE(materialize.value(QLatin1String("node_type")).toString(),
                 QStringLiteral("Materialize"));
        QCOMPARE(materialize.value(QLatin1String("never_executed")).toBool(), true);
        const QJsonObject index =
            materialize.value(QLatin1String("children")).toArray().at(0).toObject();
        QCOMPARE(index.value(QLatin1String("index")).toString(), QStringLiteral("exam_pkey"));
        QCOMPARE(index.value(QLatin1String("alias")).toString(), QStringLiteral("exam_1"));

        const QString text = PlanReport::text(analysis);
        QVERIFY(text.contains(QStringLiteral("%1 ms").arg(execution, 0, 'f', 3)));
        QVERIFY(text.contains(QStringLiteral("%1 ms").arg(planning, 0, 'f', 3)));
        QVERIFY(text.contains(QLatin1String("Nested Loop Left Join")));
        QVERIFY(
            text.contains(QLatin1String("-> Index Scan using exam_pkey on public.exam exam_1")));
        QVERIFY(text.contains(QLatin1String("never executed")));
    }

    // A plan with flags: every flag of the analysis is in both outputs, in report order.
    void flagsOnCorpusPlan_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("rule");
        QTest::newRow("workers") << QStringLiteral("022-pev2-workers-planned-24-launched-7.txt")
                                 << QStringLiteral("workers-not-launched");
        QTest::newRow("hash batches")
            << QStringLiteral("050-pev2-hash-batches-16.txt") << QStringLiteral("hash-spill");
        QTest::newRow("external sort") << QStringLiteral("044-pev2-external-merge-io-timings.txt")
                                       << QStringLiteral("sort-spill");
    }

    void flagsOnCorpusPlan()
    {
        QFETCH(QString, file);
        QFETCH(QString, rule);
        const PlanParseResult parsed = parseCorpusFile(file);
        QVERIFY2(parsed.ok(), qPrintable(parsed.error));
        const PlanAnalysis analysis = PlanAnalyzer::analyze(parsed.mainPlan());
        QString error;
        const QJsonObject json = parseJson(PlanReport::json(analysis), &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        const QJsonArray flags = json.value(QLatin1String("flags")).toArray();
        QStringList rules;
        int lastSeverity = 3;
        for (const QJsonValue &value : flags) {
            const QJsonObject flag = value.toObject();
            rules << flag.value(QLatin1String("rule")).toString();
            const QString severity = flag.value(QLatin1String("severity")).toString();
            const int rank = severity == QLatin1String("critical")  ? 2
                             : severity == QLatin1String("warning") ? 1
                                                                    : 0;
            QVERIFY2(rank <= lastSeverity, "flags are ordered by severity");
            lastSeverity = rank;
        }
        QVERIFY2(rules.contains(rule), qPrintable(rules.join(QLatin1Char(' '))));

        // The flagged node lists the rule too.
        for (const QJsonObject &node : treeNodes(json.value(QLatin1String("plan")))) {
            for (const QJsonValue &value : flags) {
                const QJsonObject flag = value.toObject();
                if (flag.value(QLatin1String("node")).toInt(-1) ==
                    node.value(QLatin1String("id")).toInt())
                    QVERIFY(node.value(QLatin1String("flags"))
                                .toArray()
                                .contains(flag.value(QLatin1String("rule"))));
            }
        }
        const QString text = PlanReport::text(analysis);
        QVERIFY(text.contains(rule));
        QVERIFY(text.contains(QLatin1String("Why: ")));
        QVERIFY(text.contains(QLatin1String("Try: ")));
    }

    // EXPLAIN without ANALYZE: times are unknown, so null, never 0.
    void unknownValuesAreNull()
    {
        const PlanParseResult parsed =
            parseCorpusFile(QStringLiteral("023-pev2-explain-only-workers.txt"));
        QVERIFY2(parsed.ok(), qPrintable(parsed.error));
        const PlanAnalysis analysis = PlanAnalyzer::analyze(parsed.mainPlan());
        QString error;
        const QJsonObject json = parseJson(PlanReport::json(analysis), &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QVERIFY(json.value(QLatin1String("execution_ms")).isNull());
        QVERIFY(json.value(QLatin1String("planning_ms")).isNull());
        const QJsonObject root = json.value(QLatin1String("plan")).toObject();
        QVERIFY(root.value(QLatin1String("exclusive_ms")).isNull());
        QVERIFY(root.value(QLatin1String("actual_rows")).isNull());
        QVERIFY(root.value(QLatin1String("loops")).isNull());
        QVERIFY(root.value(QLatin1String("buffers")).isNull());
        QVERIFY(root.value(QLatin1String("plan_rows")).isDouble());
        const QString text = PlanReport::text(analysis);
        QVERIFY(text.contains(QLatin1String("not executed")));
    }

    // Names come from the user's schema: quotes, backslashes, control characters and
    // non-ASCII must survive the trip through JSON.
    void stringsAreEscaped()
    {
        Plan plan;
        plan.format = PlanFormat::Json;
        PlanNode node = makeNode(0, -1, 0, QStringLiteral("Seq Scan"));
        node.relationName = QStringLiteral("we\"ird\\na\tme\nü€\x01");
        node.planRows = 10;
        plan.nodes.append(node);
        plan.warnings.append({3, QStringLiteral("a \"quoted\" warning")});
        const PlanAnalysis analysis = PlanAnalyzer::analyze(plan);
        QString error;
        const QJsonObject json = parseJson(PlanReport::json(analysis), &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QCOMPARE(json.value(QLatin1String("plan")).toObject().value(QLatin1String("relation")),
                 QJsonValue(node.relationName));
        const QJsonObject warning =
            json.value(QLatin1String("warnings")).toArray().at(0).toObject();
        QCOMPARE(warning.value(QLatin1String("line")).toInt(), 3);
        QCOMPARE(warning.value(QLatin1String("message")).toString(),
                 QStringLiteral("a \"quoted\" warning"));
        QVERIFY(PlanReport::text(analysis).contains(QLatin1String("a \"quoted\" warning")));
        PlanReport::TextOptions quiet;
        quiet.includeWarnings = false;
        QVERIFY(!PlanReport::text(analysis, quiet).contains(QLatin1String("quoted")));
    }

    // Extra warnings (the command line's "several plans") follow the parser's, line null.
    void extraWarnings()
    {
        Plan plan;
        plan.nodes.append(makeNode(0, -1, 0, QStringLiteral("Result")));
        const PlanAnalysis analysis = PlanAnalyzer::analyze(plan);
        QString error;
        const QJsonObject json = parseJson(
            PlanReport::json(analysis, PlanReport::JsonStyle::Compact, {{0, QStringLiteral("x")}}),
            &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        const QJsonObject warning =
            json.value(QLatin1String("warnings")).toArray().at(0).toObject();
        QVERIFY(warning.value(QLatin1String("line")).isNull());
        QCOMPARE(warning.value(QLatin1String("message")).toString(), QStringLiteral("x"));
    }

    // A plan deeper than any JSON reader's nesting limit is still written, completely, and
    // neither output grows with the square of the depth (indentation stops growing).
    void deepPlanIsWrittenWithoutRecursion()
    {
        const int depth = 20000;
        Plan plan;
        plan.format = PlanFormat::Text;
        plan.nodes.reserve(depth);
        for (int i = 0; i < depth; ++i) {
            PlanNode node = makeNode(i, i - 1, i, QStringLiteral("Nested Loop"));
            node.subtreeSize = depth - i;
            if (i + 1 < depth)
                node.children = {i + 1};
            plan.nodes.append(node);
        }
        const PlanAnalysis analysis = PlanAnalyzer::analyze(plan);
        const QByteArray compact = PlanReport::json(analysis, PlanReport::JsonStyle::Compact);
        QCOMPARE(compact.count("\"node_type\":\"Nested Loop\""), qsizetype(depth));
        QCOMPARE(compact.count('{'), compact.count('}'));
        QCOMPARE(compact.count('['), compact.count(']'));
        QVERIFY(compact.endsWith("]}]}]}}\n"));

        const QByteArray indented = PlanReport::json(analysis);
        QCOMPARE(indented.count("\"node_type\": \"Nested Loop\""), qsizetype(depth));
        QVERIFY2(indented.size() < qsizetype(depth) * 2000,
                 qPrintable(QString::number(indented.size())));

        const QString text = PlanReport::text(analysis);
        QVERIFY(text.contains(QStringLiteral("[depth %1] -> Nested Loop").arg(depth - 1)));
        QVERIFY2(text.size() < qsizetype(depth) * 400, qPrintable(QString::number(text.size())));
    }

    // Report order: severity first, then the slowest node, then the node id; plan-level flags
    // after node flags of the same severity.
    void flagOrder()
    {
        PlanAnalysis analysis;
        for (int i = 0; i < 4; ++i)
            analysis.plan.nodes.append(makeNode(i, i - 1, i, QStringLiteral("Result")));
        analysis.metrics.resize(4);
        analysis.metrics[1].exclusiveMs = 5;
        analysis.metrics[2].exclusiveMs = 50;
        analysis.metrics[3].exclusiveMs = 5;
        const auto flag = [](const char *id, PlanFlagSeverity severity, int node) {
            PlanFlag f;
            f.ruleId = QString::fromLatin1(id);
            f.severity = severity;
            f.nodeId = node;
            f.message = f.ruleId;
            return f;
        };
        analysis.flags = {
            flag("a", PlanFlagSeverity::Info, 2),    flag("b", PlanFlagSeverity::Warning, -1),
            flag("c", PlanFlagSeverity::Warning, 3), flag("d", PlanFlagSeverity::Warning, 1),
            flag("e", PlanFlagSeverity::Warning, 2), flag("f", PlanFlagSeverity::Critical, 0)};
        QStringList order;
        for (const PlanFlag &f : PlanReport::sortedFlags(analysis))
            order << f.ruleId;
        QCOMPARE(order.join(QString()), QStringLiteral("fedcba"));

        QString error;
        const QJsonObject json = parseJson(PlanReport::json(analysis), &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        const QJsonArray flags = json.value(QLatin1String("flags")).toArray();
        QCOMPARE(flags.at(0).toObject().value(QLatin1String("rule")).toString(),
                 QStringLiteral("f"));
        QVERIFY(flags.at(4).toObject().value(QLatin1String("node")).isNull());
        QVERIFY(flags.at(4).toObject().value(QLatin1String("node_type")).isNull());
        const QString text = PlanReport::text(analysis);
        QVERIFY(text.indexOf(QLatin1String("CRITICAL  f")) <
                text.indexOf(QLatin1String("WARNING  e")));
        QVERIFY(text.contains(QLatin1String("WARNING  b  whole plan")));
    }
};

QTEST_GUILESS_MAIN(TestPlanReport)
#include "tst_planreport.moc"
