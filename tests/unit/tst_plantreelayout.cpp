// PlanTreeLayout: the tidy tree under the plan view. Over hand-made trees (chains, stars,
// forests, random shapes with cards of random sizes) and over every plan of the shared corpus:
// no two cards overlap, parents sit above their children and centred over them, rows follow
// each other, hidden subtrees take no room, and the same input always gives the same drawing.

#include "models/plan/planparser.h"
#include "models/plan/plantreelayout.h"

#include <QDir>
#include <QFile>
#include <QRandomGenerator>
#include <QTest>

#include <algorithm>
#include <map>

using namespace sightline;

namespace {

constexpr double eps = 1e-6;

struct Tree
{
    QList<int> parents;
    QList<QSizeF> sizes;
};

Tree randomTree(int nodes, quint32 seed, bool variableSizes)
{
    QRandomGenerator rng(seed);
    Tree tree;
    // Pre-order: a new node hangs under one of the nodes on the current path from the root,
    // which yields every kind of shape (deep chains, wide fans) depending on the draw.
    QList<int> path;
    for (int i = 0; i < nodes; ++i) {
        if (i == 0) {
            tree.parents << -1;
        } else {
            const int keep = 1 + int(rng.bounded(quint32(path.size())));
            path.resize(keep);
            tree.parents << path.last();
        }
        path << i;
        tree.sizes << (variableSizes ? QSizeF(120 + rng.bounded(240), 60 + rng.bounded(90))
                                     : QSizeF(200, 100));
    }
    return tree;
}

Tree chain(int nodes)
{
    Tree tree;
    for (int i = 0; i < nodes; ++i) {
        tree.parents << i - 1;
        tree.sizes << QSizeF(200, 80);
    }
    return tree;
}

Tree star(int children)
{
    Tree tree;
    tree.parents << -1;
    tree.sizes << QSizeF(300, 100);
    for (int i = 0; i < children; ++i) {
        tree.parents << 0;
        tree.sizes << QSizeF(150 + (i % 7) * 20, 60 + (i % 3) * 20);
    }
    return tree;
}

QList<QList<int>> childrenOf(const QList<int> &parents)
{
    QList<QList<int>> children(parents.size());
    for (int i = 0; i < parents.size(); ++i) {
        if (parents.at(i) >= 0 && parents.at(i) < i)
            children[parents.at(i)] << i;
    }
    return children;
}

// Every property a tidy drawing must have; returns a description of the first violation.
QString checkLayout(const Tree &tree, const QList<bool> &collapsed,
                    const PlanTreeLayoutResult &result, const PlanTreeLayoutOptions &options)
{
    const qsizetype n = tree.parents.size();
    if (result.rects.size() != n || result.visible.size() != n)
        return QStringLiteral("result sizes %1/%2 for %3 nodes")
            .arg(result.rects.size())
            .arg(result.visible.size())
            .arg(n);
    const QList<QList<int>> children = childrenOf(tree.parents);

    // Rows: one per top, in order, cards never taller than the gap to the next row.
    std::map<double, QList<int>> rows;
    for (int i = 0; i < n; ++i) {
        const int p = tree.parents.at(i);
        const bool shouldShow =
            p < 0 || (result.visible.at(p) && !(p < collapsed.size() && collapsed.at(p)));
        if (shouldShow != result.visible.at(i))
            return QStringLiteral("node %1 visible=%2, expected %3")
                .arg(i)
                .arg(result.visible.at(i))
                .arg(shouldShow);
        if (!result.visible.at(i)) {
            if (!result.rects.at(i).isNull())
                return QStringLiteral("hidden node %1 has a rectangle").arg(i);
            continue;
        }
        const QRectF r = result.rects.at(i);
        if (std::abs(r.width() - tree.sizes.at(i).width()) > eps ||
            std::abs(r.height() - tree.sizes.at(i).height()) > eps)
            return QStringLiteral("node %1 was resized").arg(i);
        if (r.left() < -eps || r.top() < -eps || r.right() > result.bounds.right() + eps ||
            r.bottom() > result.bounds.bottom() + eps)
            return QStringLiteral("node %1 lies outside the bounds").arg(i);
        rows[r.top()] << i;
        if (p >= 0) {
            const QRectF parent = result.rects.at(p);
            if (!(parent.bottom() + options.levelGap <= r.top() + eps))
                return QStringLiteral("node %1 is not below its parent %2").arg(i).arg(p);
        }
    }
    double previousBottom = -1e300;
    for (const auto &[top, ids] : rows) {
        if (top < previousBottom - eps)
            return QStringLiteral("row at %1 overlaps the row above").arg(top);
        double rowBottom = top;
        QList<int> sorted = ids;
        std::sort(sorted.begin(), sorted.end(), [&](int a, int b) {
            return result.rects.at(a).left() < result.rects.at(b).left();
        });
        for (qsizetype k = 0; k < sorted.size(); ++k) {
            const QRectF r = result.rects.at(sorted.at(k));
            rowBottom = std::max(rowBottom, r.bottom());
            if (k > 0) {
                const QRectF left = result.rects.at(sorted.at(k - 1));
                if (left.right() + options.siblingGap > r.left() + eps)
                    return QStringLiteral("nodes %1 and %2 overlap or touch")
                        .arg(sorted.at(k - 1))
                        .arg(sorted.at(k));
            }
        }
        previousBottom = rowBottom;
    }

    // Parents centred over their first and last visible child, children in input order.
    for (int i = 0; i < n; ++i) {
        if (!result.visible.at(i))
            continue;
        QList<int> shown;
        for (const int c : children.at(i)) {
            if (result.visible.at(c))
                shown << c;
        }
        if (shown.isEmpty())
            continue;
        const double mid = (result.rects.at(shown.first()).center().x() +
                            result.rects.at(shown.last()).center().x()) /
                           2;
        if (std::abs(result.rects.at(i).center().x() - mid) > 1e-3)
            return QStringLiteral("node %1 is not centred over its children").arg(i);
        for (qsizetype k = 1; k < shown.size(); ++k) {
            if (result.rects.at(shown.at(k - 1)).left() >= result.rects.at(shown.at(k)).left())
                return QStringLiteral("children of %1 are out of order").arg(i);
        }
    }
    if (n > 0 && result.visible.contains(true)) {
        double minLeft = 1e300;
        double minTop = 1e300;
        for (int i = 0; i < n; ++i) {
            if (result.visible.at(i)) {
                minLeft = std::min(minLeft, result.rects.at(i).left());
                minTop = std::min(minTop, result.rects.at(i).top());
            }
        }
        if (std::abs(minLeft) > eps || std::abs(minTop) > eps)
            return QStringLiteral("the drawing does not start at (0, 0)");
    }
    return {};
}

QString corpusDir()
{
    return qEnvironmentVariable("SIGHTLINE_CORPUS_DIR");
}

} // namespace

class TestPlanTreeLayout : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void tidy_data()
    {
        QTest::addColumn<int>("kind");
        QTest::addColumn<int>("nodes");
        QTest::addColumn<quint32>("seed");
        QTest::addColumn<bool>("collapseSome");
        QTest::newRow("single") << 0 << 1 << 1u << false;
        QTest::newRow("chain 5000") << 1 << 5000 << 1u << false;
        QTest::newRow("star 800") << 2 << 800 << 1u << false;
        QTest::newRow("random 50") << 0 << 50 << 7u << false;
        QTest::newRow("random 500") << 0 << 500 << 11u << false;
        QTest::newRow("random 5000") << 0 << 5000 << 13u << false;
        QTest::newRow("random 500 collapsed") << 0 << 500 << 17u << true;
        QTest::newRow("random 3000 collapsed") << 0 << 3000 << 19u << true;
        QTest::newRow("uniform 1000") << 3 << 1000 << 23u << false;
    }

    void tidy()
    {
        QFETCH(int, kind);
        QFETCH(int, nodes);
        QFETCH(quint32, seed);
        QFETCH(bool, collapseSome);
        const Tree tree = kind == 1   ? chain(nodes)
                          : kind == 2 ? star(nodes)
                                      : randomTree(nodes, seed, kind != 3);
        QList<bool> collapsed;
        if (collapseSome) {
            QRandomGenerator rng(seed);
            collapsed.fill(false, tree.parents.size());
            for (bool &c : collapsed)
                c = rng.bounded(10) == 0;
        }
        const PlanTreeLayoutOptions options;
        const PlanTreeLayoutResult result =
            PlanTreeLayout::layout(tree.parents, tree.sizes, collapsed, options);
        const QString problem = checkLayout(tree, collapsed, result, options);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));

        // Deterministic: the same input, the same drawing.
        const PlanTreeLayoutResult again =
            PlanTreeLayout::layout(tree.parents, tree.sizes, collapsed, options);
        QCOMPARE(again.rects, result.rects);
        QCOMPARE(again.bounds, result.bounds);
    }

    void chainIsStraight()
    {
        const Tree tree = chain(100);
        const PlanTreeLayoutResult result = PlanTreeLayout::layout(tree.parents, tree.sizes, {});
        for (const QRectF &r : result.rects)
            QCOMPARE(r.center().x(), result.rects.front().center().x());
        QCOMPARE(result.bounds.width(), 200.0);
    }

    void mirroredSubtreesAreMirrored()
    {
        // 0 with children 1 (children 2, 3) and 4 (children 5, 6): symmetric, so the root sits
        // in the middle and the drawing is its own mirror image.
        const QList<int> parents = {-1, 0, 1, 1, 0, 4, 4};
        const QList<QSizeF> sizes(7, QSizeF(100, 50));
        const PlanTreeLayoutResult r = PlanTreeLayout::layout(parents, sizes, {});
        const double width = r.bounds.width();
        QCOMPARE(r.rects.at(0).center().x(), width / 2);
        QCOMPARE(r.rects.at(1).center().x(), width - r.rects.at(4).center().x());
        QCOMPARE(r.rects.at(2).center().x(), width - r.rects.at(6).center().x());
    }

    void smallSubtreesBetweenLargeOnesAreSpread()
    {
        // Two wide subtrees with two leaves between them: the leaves share the room evenly
        // instead of piling up on the left (Walker's apportioning).
        QList<int> parents = {-1, 0};
        for (int i = 0; i < 6; ++i)
            parents << 1;  // 2..7 under 1
        parents << 0 << 0; // 8, 9: leaves
        parents << 0;      // 10
        for (int i = 0; i < 6; ++i)
            parents << 10; // 11..16 under 10
        const QList<QSizeF> sizes(parents.size(), QSizeF(100, 50));
        const PlanTreeLayoutResult r = PlanTreeLayout::layout(parents, sizes, {});
        const double gapA = r.rects.at(8).center().x() - r.rects.at(1).center().x();
        const double gapB = r.rects.at(9).center().x() - r.rects.at(8).center().x();
        const double gapC = r.rects.at(10).center().x() - r.rects.at(9).center().x();
        QVERIFY2(std::abs(gapA - gapB) < 1e-6 && std::abs(gapB - gapC) < 1e-6,
                 qPrintable(QStringLiteral("%1 %2 %3").arg(gapA).arg(gapB).arg(gapC)));
    }

    void forestSideBySide()
    {
        const QList<int> parents = {-1, 0, -1, 2, 2};
        const QList<QSizeF> sizes(5, QSizeF(100, 40));
        const PlanTreeLayoutOptions options;
        const PlanTreeLayoutResult r = PlanTreeLayout::layout(parents, sizes, {}, options);
        const Tree tree{parents, sizes};
        const QString problem = checkLayout(tree, {}, r, options);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        QCOMPARE(r.rects.at(0).top(), r.rects.at(2).top());
        QVERIFY(r.rects.at(0).right() < r.rects.at(2).left());
    }

    void collapsedSubtreeTakesNoRoom()
    {
        const Tree tree = randomTree(300, 5, true);
        const PlanTreeLayoutResult open = PlanTreeLayout::layout(tree.parents, tree.sizes, {});
        QList<bool> collapsed(tree.parents.size(), false);
        collapsed[0] = true;
        const PlanTreeLayoutResult folded =
            PlanTreeLayout::layout(tree.parents, tree.sizes, collapsed);
        QCOMPARE(folded.visible.count(true), 1);
        QCOMPARE(folded.bounds.size(), tree.sizes.front());
        QVERIFY(open.bounds.width() > folded.bounds.width());
    }

    void badInput()
    {
        QVERIFY(PlanTreeLayout::layout(QList<int>(), {}, {}).rects.isEmpty());
        // Parents that point forward or out of range are roots; missing sizes are empty cards.
        const QList<int> parents = {-1, 5, 0, 99};
        const PlanTreeLayoutResult r = PlanTreeLayout::layout(parents, {QSizeF(10, 10)}, {});
        QCOMPARE(r.rects.size(), 4);
        QCOMPARE(r.visible.count(true), 4);
    }

    void corpus_data()
    {
        QTest::addColumn<QString>("file");
        const QDir dir(corpusDir());
        const QStringList files =
            dir.entryList({QStringLiteral("*.txt"), QStringLiteral("*.json")}, QDir::Files);
        QVERIFY2(!files.isEmpty(), "SIGHTLINE_CORPUS_DIR holds no plans");
        for (const QString &file : files)
            QTest::newRow(qPrintable(file)) << dir.filePath(file);
    }

    void corpus()
    {
        QFETCH(QString, file);
        QFile f(file);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const PlanParseResult parsed = PlanParser::parse(f.readAll());
        if (!parsed.ok())
            QSKIP("not a plan (malformed on purpose)");
        const Plan &plan = parsed.mainPlan();
        Tree tree;
        for (const PlanNode &node : plan.nodes) {
            tree.parents << node.parent;
            // Card-like sizes that depend on the node, so rows have cards of several heights.
            tree.sizes << QSizeF(160 + node.displayName().size() * 6, 70 + (node.id % 4) * 18);
        }
        const PlanTreeLayoutOptions options;
        const PlanTreeLayoutResult result = PlanTreeLayout::layout(plan, tree.sizes, {}, options);
        const QString problem = checkLayout(tree, {}, result, options);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        QCOMPARE(result.visible.count(true), plan.nodes.size());
    }
};

QTEST_GUILESS_MAIN(TestPlanTreeLayout)
#include "tst_plantreelayout.moc"
