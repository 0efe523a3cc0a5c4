// bench_plan: how long the plan engine takes on a very large plan, and how much memory.
//
// Generates one 10,000-node plan (a realistic mix: partitioned Appends, hash, merge and
// nested-loop joins, sorts, aggregates, Gathers, bitmap and index scans, with actual times,
// loops, filters and buffers), writes it as EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) and as
// FORMAT TEXT would, then times PlanParser::parse + PlanAnalyzer::analyze on each (several
// runs; min and median) and measures the peak resident memory of one parse + analyse.
// Prints plain key=value lines. Targets: under 100 ms and under 50 MB for each format.
//
//   bench_plan [--nodes N] [--runs N]     (other arguments, e.g. scripts/bench's, are ignored)

#include "models/plan/plananalyzer.h"
#include "models/plan/planparser.h"
#include "models/plan/planreport.h"
#include "tests/testsupport/plangenerator.h"
#include "tests/testsupport/procstatus.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QRandomGenerator>
#include <QTextStream>

#include <malloc.h>

#include <algorithm>
#include <functional>

using namespace sightline;
using sightline::test::num;

namespace {

QTextStream &out()
{
    static QTextStream stream(stdout);
    return stream;
}

// ---------------------------------------------------------------------------------------------
// Measuring

// Linux resets VmHWM (the peak) to the current RSS when "5" is written here.
bool resetPeak()
{
    QFile refs(QStringLiteral("/proc/self/clear_refs"));
    return refs.open(QIODevice::WriteOnly) && refs.write("5") == 1;
}

double median(QList<double> values)
{
    std::sort(values.begin(), values.end());
    const qsizetype n = values.size();
    return n % 2 ? values.at(n / 2) : (values.at(n / 2 - 1) + values.at(n / 2)) / 2;
}

double minimum(const QList<double> &values)
{
    return *std::min_element(values.begin(), values.end());
}

void bench(const char *name, const QByteArray &input, int runs)
{
    const QString prefix = QString::fromLatin1(name);
    out() << prefix << "_bytes=" << input.size() << Qt::endl;

    // Memory first, on a trimmed heap, so freed pages from earlier work do not hide the cost.
    malloc_trim(0);
    const qint64 before = test::procStatusKb("VmRSS");
    const bool peakReset = resetPeak();
    qint64 peak = -1;
    int nodes = 0;
    int flags = 0;
    {
        const PlanParseResult parsed = PlanParser::parse(input);
        if (!parsed.ok()) {
            out() << prefix << "_error=" << parsed.error << Qt::endl;
            return;
        }
        const PlanAnalysis analysis = PlanAnalyzer::analyze(parsed.mainPlan());
        peak = test::procStatusKb("VmHWM");
        nodes = int(analysis.plan.nodes.size());
        flags = int(analysis.flags.size());
    }
    out() << prefix << "_nodes_parsed=" << nodes << Qt::endl;
    out() << prefix << "_flags=" << flags << Qt::endl;
    if (peakReset && before > 0 && peak > 0) {
        out() << prefix << "_rss_before_mb=" << num(before / 1024.0, 1) << Qt::endl;
        out() << prefix << "_peak_rss_mb=" << num(peak / 1024.0, 1) << Qt::endl;
        out() << prefix << "_parse_analyze_rss_growth_mb=" << num((peak - before) / 1024.0, 1)
              << Qt::endl;
    }

    QList<double> parseMs;
    QList<double> analyzeMs;
    QList<double> totalMs;
    QList<double> reportMs;
    for (int run = 0; run < runs; ++run) {
        QElapsedTimer timer;
        timer.start();
        const PlanParseResult parsed = PlanParser::parse(input);
        const double parsedAt = timer.nsecsElapsed() / 1e6;
        const PlanAnalysis analysis = PlanAnalyzer::analyze(parsed.mainPlan());
        const double analysedAt = timer.nsecsElapsed() / 1e6;
        const QByteArray json = PlanReport::json(analysis);
        const double reportedAt = timer.nsecsElapsed() / 1e6;
        parseMs << parsedAt;
        analyzeMs << analysedAt - parsedAt;
        totalMs << analysedAt;
        reportMs << reportedAt - analysedAt;
        Q_UNUSED(json);
    }
    const auto print = [&](const char *what, const QList<double> &values) {
        out() << prefix << '_' << what << "_ms_min=" << num(minimum(values), 2) << Qt::endl;
        out() << prefix << '_' << what << "_ms_median=" << num(median(values), 2) << Qt::endl;
    };
    print("parse", parseMs);
    print("analyze", analyzeMs);
    print("parse_analyze", totalMs);
    print("json_report", reportMs);
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    int nodeCount = 10000;
    int runs = 7;
    const QStringList args = QCoreApplication::arguments();
    for (qsizetype i = 1; i + 1 < args.size(); ++i) {
        if (args.at(i) == QLatin1String("--nodes"))
            nodeCount = std::max(1, args.at(i + 1).toInt());
        else if (args.at(i) == QLatin1String("--runs"))
            runs = std::max(1, args.at(i + 1).toInt());
    }

    QElapsedTimer timer;
    timer.start();
    const test::GeneratedPlan generated = test::generatePlan(nodeCount);
    const QByteArray &json = generated.json;
    const QByteArray &text = generated.text;
    out() << "nodes=" << generated.nodes << Qt::endl;
    out() << "max_depth=" << generated.maxDepth << Qt::endl;
    out() << "runs=" << runs << Qt::endl;
    out() << "generate_ms=" << timer.elapsed() << Qt::endl;
    if (qEnvironmentVariableIsSet("BENCH_PLAN_DUMP")) {
        // For a look at what is measured: BENCH_PLAN_DUMP=/tmp/plan writes .json and .txt.
        const QString base = qEnvironmentVariable("BENCH_PLAN_DUMP");
        for (const auto &[suffix, bytes] : {std::pair{".json", &json}, std::pair{".txt", &text}}) {
            QFile file(base + QLatin1String(suffix));
            if (file.open(QIODevice::WriteOnly))
                file.write(*bytes);
        }
    }

    bench("json", json, runs);
    bench("text", text, runs);
    out() << "process_peak_rss_mb=" << num(test::procStatusKb("VmHWM") / 1024.0, 1) << Qt::endl;
    return 0;
}
