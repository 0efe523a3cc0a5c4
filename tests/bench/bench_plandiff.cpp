// bench_plandiff: how long comparing two large plans takes.
//
// Two cases on generated 5,000-node plans (sizes can be changed with --nodes):
//   same:      the plan in FORMAT JSON against the same plan in FORMAT TEXT (every node matches)
//   different: two unrelated plans of that size (few nodes match: the matcher's worst case)
// For each: the time of PlanDiffer::compare on analysed plans (the diff alone) and with the
// analysis of both plans included; min and median over several runs. Target: < 200 ms.
//
//   bench_plandiff [--nodes N] [--runs N]

#include "models/plan/plananalyzer.h"
#include "models/plan/plandiff.h"
#include "models/plan/planparser.h"
#include "tests/testsupport/plangenerator.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QTextStream>

#include <algorithm>

using namespace sightline;
using sightline::test::num;

namespace {

QTextStream &out()
{
    static QTextStream stream(stdout);
    return stream;
}

double median(QList<double> values)
{
    std::sort(values.begin(), values.end());
    const qsizetype n = values.size();
    return n % 2 ? values.at(n / 2) : (values.at(n / 2 - 1) + values.at(n / 2)) / 2;
}

void bench(const char *name, const Plan &before, const Plan &after, int runs)
{
    const PlanAnalysis a = PlanAnalyzer::analyze(before);
    const PlanAnalysis b = PlanAnalyzer::analyze(after);
    QList<double> diffOnly;
    QList<double> withAnalysis;
    int matched = 0;
    int changes = 0;
    for (int run = 0; run < runs; ++run) {
        QElapsedTimer timer;
        timer.start();
        const PlanDiff diff = PlanDiffer::compare(a, b);
        diffOnly << timer.nsecsElapsed() / 1e6;
        matched = int(diff.matched.size());
        changes = int(diff.changes.size());
        timer.restart();
        const PlanDiff full = PlanDiffer::compare(before, after);
        withAnalysis << timer.nsecsElapsed() / 1e6;
        Q_UNUSED(full);
    }
    const QString prefix = QString::fromLatin1(name);
    out() << prefix << "_nodes_before=" << before.nodes.size() << Qt::endl;
    out() << prefix << "_nodes_after=" << after.nodes.size() << Qt::endl;
    out() << prefix << "_matched=" << matched << Qt::endl;
    out() << prefix << "_changes=" << changes << Qt::endl;
    out() << prefix
          << "_diff_ms_min=" << num(*std::min_element(diffOnly.begin(), diffOnly.end()), 2)
          << Qt::endl;
    out() << prefix << "_diff_ms_median=" << num(median(diffOnly), 2) << Qt::endl;
    out() << prefix << "_analyze_and_diff_ms_median=" << num(median(withAnalysis), 2) << Qt::endl;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    int nodeCount = 5000;
    int runs = 7;
    const QStringList args = QCoreApplication::arguments();
    for (qsizetype i = 1; i + 1 < args.size(); ++i) {
        if (args.at(i) == QLatin1String("--nodes"))
            nodeCount = std::max(1, args.at(i + 1).toInt());
        else if (args.at(i) == QLatin1String("--runs"))
            runs = std::max(1, args.at(i + 1).toInt());
    }
    const test::GeneratedPlan first = test::generatePlan(nodeCount, 20240601);
    const test::GeneratedPlan second = test::generatePlan(nodeCount, 777);
    const Plan json = PlanParser::parse(first.json).mainPlan();
    const Plan text = PlanParser::parse(first.text).mainPlan();
    const Plan other = PlanParser::parse(second.json).mainPlan();
    out() << "runs=" << runs << Qt::endl;
    bench("same", json, text, runs);
    bench("different", json, other, runs);
    return 0;
}
