// bench_planview: how fast the plan tab's tree opens and moves, for 100, 1,000 and 5,000 nodes.
//
// Generates a plan of each size (joins, appends, sorts, aggregates and scans with actual times
// and estimates that are sometimes far off, so cards carry flags), writes it as EXPLAIN
// (ANALYZE) FORMAT TEXT would, and measures on the offscreen platform, several runs each (min
// and median):
//   parse_ms, analyze_ms   PlanParser::parse and PlanAnalyzer::analyze
//   scene_ms               PlanScene::setAnalysis: measuring every card, the layout, the items
//   layout_ms              PlanTreeLayout alone (what every fold and unfold costs)
//   first_paint_ms         painting a full 1600x1000 viewport at the opening zoom
//   open_ms                parse + analyze + scene + first paint (target: < 500 ms at 5,000)
//   fit_paint_ms           painting the whole plan fitted into the viewport
//   pan_frame_ms           one frame of panning by 120 px (mean and worst of 40)
//   zoom_frame_ms          one frame of Ctrl+wheel zooming (mean and worst of 20)
// A frame budget is 16.7 ms at 60 Hz. Prints plain key=value lines.
//
//   bench_planview [--runs N] [--sizes 100,1000,5000]   (other arguments are ignored)

#include "models/plan/plananalyzer.h"
#include "models/plan/planparser.h"
#include "models/plan/plantreelayout.h"
#include "widgets/plan/plangraphview.h"
#include "widgets/plan/plannodeitem.h"
#include "widgets/plan/planscene.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QRandomGenerator>
#include <QScrollBar>
#include <QTextStream>

#include <algorithm>
#include <memory>

using namespace sightline;

namespace {

QTextStream &out()
{
    static QTextStream stream(stdout);
    return stream;
}

struct Node
{
    QString name;
    int parent = -1;
    QList<int> children;
    double ownMs = 0;
    double totalMs = 0;
    double rows = 0;
    double estimate = 0;
};

// A random plan of exactly `count` nodes, grown breadth first so it is both wide and deep.
QList<Node> generate(int count, quint32 seed)
{
    QRandomGenerator rng(seed);
    QList<Node> nodes;
    nodes.reserve(count);
    nodes.append(Node());
    QList<int> open{0};
    qsizetype next = 0;
    int table = 0;
    while (next < open.size()) {
        const int id = open.at(next++);
        const int room = count - int(nodes.size());
        int children = 0;
        const quint32 draw = rng.bounded(100u);
        if (room > 0) {
            if (draw < 12 && room >= 3)
                children = std::min(room, 3 + int(rng.bounded(6u))); // Append
            else if (draw < 55)
                children = std::min(room, 2); // a join
            else if (draw < 75)
                children = 1; // sort, hash, aggregate...
        }
        Node &node = nodes[id];
        if (children == 0) {
            ++table;
            node.name = draw % 3 == 0
                            ? QStringLiteral("Index Scan using t%1_pkey on t%1 x%1").arg(table)
                            : QStringLiteral("Seq Scan on t%1 x%1").arg(table);
        } else if (children >= 3) {
            node.name = QStringLiteral("Append");
        } else if (children == 2) {
            static const char *const joins[] = {"Hash Join", "Nested Loop", "Merge Join",
                                                "Hash Left Join"};
            node.name = QLatin1String(joins[rng.bounded(4u)]);
        } else {
            static const char *const unary[] = {"Sort",        "Hash",   "HashAggregate",
                                                "Materialize", "Gather", "Limit"};
            node.name = QLatin1String(unary[rng.bounded(6u)]);
        }
        for (int c = 0; c < children; ++c) {
            Node child;
            child.parent = id;
            nodes.append(child);
            const int childId = int(nodes.size() - 1);
            nodes[id].children.append(childId);
            open.append(childId);
        }
    }
    // Numbers from the leaves up: a parent's time includes its children's.
    for (qsizetype i = nodes.size() - 1; i >= 0; --i) {
        Node &node = nodes[i];
        node.ownMs = 0.01 + rng.generateDouble() * rng.generateDouble() * 20;
        node.totalMs = node.ownMs;
        node.rows = node.children.isEmpty() ? double(rng.bounded(100000u)) : 0;
        for (const int child : node.children) {
            node.totalMs += nodes.at(child).totalMs;
            node.rows = std::max(node.rows, nodes.at(child).rows);
        }
        const double off = rng.bounded(10u) == 0 ? 50.0 + rng.bounded(500u) : 1.0;
        node.estimate = std::max(1.0, std::round(node.rows * (rng.bounded(2u) ? off : 1 / off)));
    }
    return nodes;
}

QString toText(const QList<Node> &nodes)
{
    QString text;
    text.reserve(nodes.size() * 160);
    // Pre-order with an explicit stack: (node, depth).
    QList<std::pair<int, int>> stack{{0, 0}};
    while (!stack.isEmpty()) {
        const auto [id, depth] = stack.takeLast();
        const Node &node = nodes.at(id);
        if (depth > 0)
            text += QString(6 * depth - 4, QLatin1Char(' ')) + QLatin1String("->  ");
        text +=
            QStringLiteral("%1  (cost=0.00..%2 rows=%3 width=16) (actual time=0.010..%4 rows=%5 "
                           "loops=1)\n")
                .arg(node.name)
                .arg(node.totalMs * 10, 0, 'f', 2)
                .arg(qint64(node.estimate))
                .arg(node.totalMs, 0, 'f', 3)
                .arg(qint64(node.rows));
        if (node.name.startsWith(QLatin1String("Seq Scan")))
            text +=
                QString(6 * depth + 2, QLatin1Char(' ')) + QLatin1String("Filter: (flag = 3)\n");
        for (qsizetype c = node.children.size() - 1; c >= 0; --c)
            stack.append({node.children.at(c), depth + 1});
    }
    text += QStringLiteral("Planning Time: 1.234 ms\nExecution Time: %1 ms\n")
                .arg(nodes.front().totalMs * 1.01, 0, 'f', 3);
    return text;
}

struct Stats
{
    QList<double> values;
    void add(double v) { values.append(v); }
    double min() const { return *std::min_element(values.begin(), values.end()); }
    double max() const { return *std::max_element(values.begin(), values.end()); }
    double median() const
    {
        QList<double> sorted = values;
        std::sort(sorted.begin(), sorted.end());
        return sorted.at(sorted.size() / 2);
    }
    double mean() const
    {
        double sum = 0;
        for (const double v : values)
            sum += v;
        return sum / double(values.size());
    }
};

double msSince(const QElapsedTimer &timer)
{
    return double(timer.nsecsElapsed()) / 1e6;
}

QString num(double value)
{
    return QString::number(value, 'f', 2);
}

void report(int nodes, const char *key, const Stats &stats)
{
    out() << "n" << nodes << "." << key << "_min=" << num(stats.min()) << " n" << nodes << "."
          << key << "_median=" << num(stats.median()) << Qt::endl;
}

void bench(int count, int runs)
{
    const QList<Node> generated = generate(count, 20240601u + quint32(count));
    const QString text = toText(generated);
    Stats parse, analyze, scene, layout, firstPaint, open, fitPaint, pan, zoom;
    for (int run = 0; run < runs; ++run) {
        QElapsedTimer timer;
        timer.start();
        const PlanParseResult parsed = PlanParser::parse(text);
        parse.add(msSince(timer));
        if (!parsed.ok() || parsed.mainPlan().nodes.size() != count) {
            out() << "error=the generated plan did not parse to " << count << " nodes" << Qt::endl;
            return;
        }
        timer.restart();
        auto analysis =
            std::make_shared<const PlanAnalysis>(PlanAnalyzer::analyze(parsed.mainPlan()));
        analyze.add(msSince(timer));

        PlanScene planScene;
        PlanGraphView view;
        view.resize(1600, 1000);
        view.setPlanScene(&planScene);
        view.show();
        QCoreApplication::processEvents();

        timer.restart();
        planScene.setAnalysis(analysis);
        scene.add(msSince(timer));

        const int first = analysis->summary.slowestNodes.value(0, 0);
        planScene.selectNode(first);
        view.frameNode(first);
        timer.restart();
        view.viewport()->repaint();
        firstPaint.add(msSince(timer));
        open.add(parse.values.last() + analyze.values.last() + scene.values.last() +
                 firstPaint.values.last());

        QList<QSizeF> sizes;
        for (int i = 0; i < planScene.nodeCount(); ++i)
            sizes.append(planScene.nodeItem(i)->cardSize());
        timer.restart();
        const PlanTreeLayoutResult result = PlanTreeLayout::layout(analysis->plan, sizes, {});
        layout.add(msSince(timer));
        if (result.visible.count(true) != count)
            out() << "error=layout lost nodes" << Qt::endl;

        // Panning: the way a drag or the scroll bars move the view.
        QScrollBar *bar = view.horizontalScrollBar();
        const int start = bar->value();
        for (int step = 0; step < 40; ++step) {
            bar->setValue(start + ((step / 10) % 2 == 0 ? 1 : -1) * 120 * (step % 10));
            timer.restart();
            view.viewport()->repaint();
            pan.add(msSince(timer));
        }
        // Zooming out and back in, one wheel notch at a time.
        for (int step = 0; step < 20; ++step) {
            view.setZoom(view.zoom() * (step < 10 ? 0.8 : 1.25));
            timer.restart();
            view.viewport()->repaint();
            zoom.add(msSince(timer));
        }
        view.fitPlan();
        timer.restart();
        view.viewport()->repaint();
        fitPaint.add(msSince(timer));
    }
    out() << "n" << count << ".nodes=" << count << Qt::endl;
    report(count, "parse_ms", parse);
    report(count, "analyze_ms", analyze);
    report(count, "scene_ms", scene);
    report(count, "layout_ms", layout);
    report(count, "first_paint_ms", firstPaint);
    report(count, "open_ms", open);
    report(count, "fit_paint_ms", fitPaint);
    out() << "n" << count << ".pan_frame_ms_mean=" << num(pan.mean()) << " n" << count
          << ".pan_frame_ms_max=" << num(pan.max()) << Qt::endl;
    out() << "n" << count << ".zoom_frame_ms_mean=" << num(zoom.mean()) << " n" << count
          << ".zoom_frame_ms_max=" << num(zoom.max()) << Qt::endl;
}

} // namespace

int main(int argc, char *argv[])
{
    // Painting needs a platform, not a screen: offscreen unless the caller chose one.
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    int runs = 5;
    QList<int> sizes{100, 1000, 5000};
    const QStringList args = QCoreApplication::arguments();
    for (qsizetype i = 1; i + 1 < args.size(); ++i) {
        if (args.at(i) == QLatin1String("--runs")) {
            runs = std::max(1, args.at(i + 1).toInt());
        } else if (args.at(i) == QLatin1String("--sizes")) {
            QList<int> chosen;
            for (const QString &size : args.at(i + 1).split(QLatin1Char(','))) {
                if (size.toInt() > 0)
                    chosen.append(size.toInt());
            }
            if (!chosen.isEmpty())
                sizes = chosen;
        }
    }
    out() << "runs=" << runs << Qt::endl;
    out() << "viewport=1600x1000" << Qt::endl;
    for (const int size : sizes)
        bench(size, runs);
    return 0;
}
