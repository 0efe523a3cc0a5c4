#include "tests/testsupport/plangenerator.h"

#include <QRandomGenerator>

#include <algorithm>
#include <functional>

namespace sightline::test {

namespace {

// ---------------------------------------------------------------------------------------------
// The generated plan: one struct per node, written out in both formats.

struct GenNode
{
    QString nodeType; // JSON "Node Type"
    QString textName; // what TEXT prints before "on"/"using"
    QString strategy; // Aggregate
    QString joinType; // joins
    QString parentRelationship;
    QString relation;
    QString alias;
    QString index;
    double startupCost = 0;
    double totalCost = 0;
    double planRows = 0;
    int width = 0;
    double actualStartup = 0;
    double actualTotal = 0; // per loop
    double actualRows = 0;  // per loop
    double loops = 1;
    // Cumulative buffers (the node and its children), as EXPLAIN prints them.
    qint64 hit = 0;
    qint64 read = 0;
    qint64 dirtied = 0;
    qint64 tempRead = 0;
    qint64 tempWritten = 0;
    QString filter;
    double rowsRemovedByFilter = -1;
    QString indexCond;
    QString recheckCond;
    QString hashCond;
    QString mergeCond;
    QString sortKey;
    QString groupKey;
    QString sortMethod;
    qint64 sortSpaceKb = 0;
    QString sortSpaceType;
    qint64 hashBuckets = 0;
    qint64 hashBatches = 0;
    qint64 hashMemoryKb = 0;
    qint64 heapExact = -1;
    double heapFetches = -1;
    int workersPlanned = -1;
    int workersLaunched = -1;
    QList<int> children;
};

class PlanGenerator
{
public:
    explicit PlanGenerator(quint32 seed)
        : m_rng(seed)
    {}

    QList<GenNode> generate(int nodeCount)
    {
        m_nodes.clear();
        m_nodes.reserve(nodeCount);
        build(nodeCount, 0, 1, QString());
        return m_nodes;
    }

private:
    double uniform(double low, double high) { return low + m_rng.generateDouble() * (high - low); }
    int between(int low, int high) { return low + int(m_rng.bounded(quint32(high - low + 1))); }
    bool chance(double p) { return m_rng.generateDouble() < p; }

    int add(const QString &type, const QString &textName, double loops,
            const QString &parentRelationship)
    {
        GenNode node;
        node.nodeType = type;
        node.textName = textName;
        node.loops = loops;
        node.parentRelationship = parentRelationship;
        node.width = between(4, 200);
        m_nodes.append(node);
        return int(m_nodes.size() - 1);
    }

    // Fills the numbers of `id` from its children (already built) plus its own work.
    void finish(int id, double ownMsPerLoop, double rowsPerLoop, qint64 ownHit, qint64 ownRead)
    {
        GenNode &node = m_nodes[id];
        double childrenMs = 0;
        double childrenCost = 0;
        for (const int child : std::as_const(node.children)) {
            const GenNode &c = m_nodes.at(child);
            childrenMs += c.actualTotal * c.loops;
            childrenCost += c.totalCost;
            node.hit += c.hit;
            node.read += c.read;
            node.dirtied += c.dirtied;
            node.tempRead += c.tempRead;
            node.tempWritten += c.tempWritten;
        }
        node.hit += ownHit;
        node.read += ownRead;
        node.actualTotal = childrenMs / node.loops + ownMsPerLoop;
        node.actualStartup =
            node.children.isEmpty() ? ownMsPerLoop * 0.05 : node.actualTotal * uniform(0.0, 0.6);
        node.actualRows = std::round(rowsPerLoop);
        // Estimates are usually near the truth, sometimes far off (as in life).
        const double error = chance(0.1) ? uniform(0.001, 1000) : uniform(0.5, 2);
        node.planRows = std::max(1.0, std::round(rowsPerLoop * error));
        node.startupCost = childrenCost * uniform(0, 0.5);
        node.totalCost = childrenCost + node.planRows * uniform(0.01, 2) + 0.5;
    }

    void scanRelation(GenNode &node)
    {
        const int table = between(1, 400);
        node.relation = QStringLiteral("table_%1").arg(table);
        node.alias = QStringLiteral("t%1").arg(table);
    }

    int leaf(double loops, const QString &rel)
    {
        // The inner side of a nested loop is nearly always an index lookup.
        const double p = loops > 1 && !chance(0.05) ? uniform(0.45, 1) : m_rng.generateDouble();
        if (p < 0.45) {
            const int id = add(QStringLiteral("Seq Scan"), QStringLiteral("Seq Scan"), loops, rel);
            GenNode &node = m_nodes[id];
            scanRelation(node);
            node.filter = QStringLiteral("(%1.status = 'open'::text)").arg(node.alias);
            const double rows = std::round(uniform(10, 50000));
            node.rowsRemovedByFilter = std::round(rows * uniform(0, 20));
            finish(id, uniform(0.05, 20), rows, between(1, 2000), between(0, 500));
            return id;
        }
        const bool indexOnly = p > 0.8;
        const int id =
            add(indexOnly ? QStringLiteral("Index Only Scan") : QStringLiteral("Index Scan"),
                indexOnly ? QStringLiteral("Index Only Scan") : QStringLiteral("Index Scan"), loops,
                rel);
        GenNode &node = m_nodes[id];
        scanRelation(node);
        node.index = node.relation + QStringLiteral("_pkey");
        node.indexCond = QStringLiteral("(%1.id = o.ref_id)").arg(node.alias);
        if (indexOnly)
            node.heapFetches = between(0, 20);
        finish(id, uniform(0.002, 0.05), between(0, 5), between(2, 6), between(0, 2));
        return id;
    }

    int bitmap(double loops, const QString &rel)
    {
        const int id =
            add(QStringLiteral("Bitmap Heap Scan"), QStringLiteral("Bitmap Heap Scan"), loops, rel);
        scanRelation(m_nodes[id]);
        m_nodes[id].recheckCond = QStringLiteral("(%1.created_at > now())").arg(m_nodes[id].alias);
        m_nodes[id].heapExact = between(1, 5000);
        const int child = add(QStringLiteral("Bitmap Index Scan"),
                              QStringLiteral("Bitmap Index Scan"), loops, QStringLiteral("Outer"));
        m_nodes[child].index = m_nodes[id].relation + QStringLiteral("_created_idx");
        m_nodes[child].indexCond = m_nodes[id].recheckCond;
        const double rows = std::round(uniform(10, 20000));
        finish(child, uniform(0.01, 2), rows, between(1, 50), between(0, 10));
        m_nodes[id].children = {child};
        finish(id, uniform(0.1, 10), rows, between(1, 3000), between(0, 800));
        return id;
    }

    // A node with one child (Sort, Aggregate, Limit, Gather, Materialize) over budget - 1 nodes.
    int wrapper(int budget, int depth, double loops, const QString &rel)
    {
        const double p = m_rng.generateDouble();
        int id = 0;
        if (p < 0.35) {
            id = add(QStringLiteral("Sort"), QStringLiteral("Sort"), loops, rel);
            m_nodes[id].sortKey = QStringLiteral("created_at DESC");
            const bool disk = chance(0.1);
            m_nodes[id].sortMethod =
                disk ? QStringLiteral("external merge") : QStringLiteral("quicksort");
            m_nodes[id].sortSpaceType = disk ? QStringLiteral("Disk") : QStringLiteral("Memory");
            m_nodes[id].sortSpaceKb = between(25, 90000);
            if (disk) {
                m_nodes[id].tempRead = between(100, 10000);
                m_nodes[id].tempWritten = m_nodes[id].tempRead;
            }
        } else if (p < 0.65) {
            const bool hashed = chance(0.6);
            id = add(QStringLiteral("Aggregate"),
                     hashed ? QStringLiteral("HashAggregate") : QStringLiteral("GroupAggregate"),
                     loops, rel);
            m_nodes[id].strategy = hashed ? QStringLiteral("Hashed") : QStringLiteral("Sorted");
            m_nodes[id].groupKey = QStringLiteral("customer_id");
        } else if (p < 0.75) {
            id = add(QStringLiteral("Limit"), QStringLiteral("Limit"), loops, rel);
        } else if (p < 0.85 && loops == 1) {
            id = add(QStringLiteral("Gather"), QStringLiteral("Gather"), loops, rel);
            m_nodes[id].workersPlanned = 2;
            m_nodes[id].workersLaunched = chance(0.9) ? 2 : 1;
        } else {
            id = add(QStringLiteral("Materialize"), QStringLiteral("Materialize"), loops, rel);
        }
        const int child = build(budget - 1, depth + 1, loops, QStringLiteral("Outer"));
        m_nodes[id].children = {child};
        const double childRows = m_nodes.at(child).actualRows;
        const double rows = m_nodes.at(id).nodeType == QLatin1String("Aggregate")
                                ? std::max(1.0, std::round(childRows / uniform(1, 50)))
                            : m_nodes.at(id).nodeType == QLatin1String("Limit")
                                ? std::min(childRows, 100.0)
                                : childRows;
        finish(id, uniform(0.01, 5), rows, 0, 0);
        return id;
    }

    int join(int budget, int depth, double loops, const QString &rel)
    {
        const double p = m_rng.generateDouble();
        if (p < 0.5 && budget >= 4) {
            // Hash Join: outer subtree, Hash over the inner subtree.
            const int id =
                add(QStringLiteral("Hash Join"), QStringLiteral("Hash Join"), loops, rel);
            m_nodes[id].joinType = QStringLiteral("Inner");
            m_nodes[id].hashCond = QStringLiteral("(o.customer_id = c.id)");
            const int outerBudget = std::max(1, int((budget - 2) * uniform(0.3, 0.7)));
            const int outer = build(outerBudget, depth + 1, loops, QStringLiteral("Outer"));
            const int hash =
                add(QStringLiteral("Hash"), QStringLiteral("Hash"), loops, QStringLiteral("Inner"));
            const int inner =
                build(budget - 2 - outerBudget, depth + 2, loops, QStringLiteral("Outer"));
            m_nodes[hash].children = {inner};
            m_nodes[hash].hashBuckets = 1024 << between(0, 8);
            m_nodes[hash].hashBatches = chance(0.05) ? 4 : 1;
            m_nodes[hash].hashMemoryKb = between(9, 60000);
            finish(hash, uniform(0.01, 3), m_nodes.at(inner).actualRows, 0, 0);
            m_nodes[id].children = {outer, hash};
            finish(id, uniform(0.1, 20), m_nodes.at(outer).actualRows * uniform(0.2, 1.5), 0, 0);
            return id;
        }
        if (p < 0.8 || budget < 5) {
            // Nested Loop: the inner side runs once per outer row.
            const int id =
                add(QStringLiteral("Nested Loop"), QStringLiteral("Nested Loop"), loops, rel);
            m_nodes[id].joinType = QStringLiteral("Inner");
            const int outer = build(budget - 2, depth + 1, loops, QStringLiteral("Outer"));
            const double innerLoops = std::clamp(m_nodes.at(outer).actualRows, 1.0, 5000.0);
            const int inner = leaf(loops * innerLoops, QStringLiteral("Inner"));
            m_nodes[id].children = {outer, inner};
            finish(id, uniform(0.01, 5), innerLoops * uniform(0.3, 1), 0, 0);
            return id;
        }
        // Merge Join over two sorted inputs.
        const int id = add(QStringLiteral("Merge Join"), QStringLiteral("Merge Join"), loops, rel);
        m_nodes[id].joinType = QStringLiteral("Inner");
        m_nodes[id].mergeCond = QStringLiteral("(o.id = l.order_id)");
        const int outerBudget = std::max(1, int((budget - 1) * uniform(0.3, 0.7)));
        const int outer = build(outerBudget, depth + 1, loops, QStringLiteral("Outer"));
        const int inner =
            build(budget - 1 - outerBudget, depth + 1, loops, QStringLiteral("Inner"));
        m_nodes[id].children = {outer, inner};
        finish(id, uniform(0.1, 10),
               std::max(m_nodes.at(outer).actualRows, m_nodes.at(inner).actualRows), 0, 0);
        return id;
    }

    // Builds a subtree of exactly `budget` nodes and returns its root (pre-order ids).
    int build(int budget, int depth, double loops, const QString &rel)
    {
        if (budget <= 1)
            return leaf(loops, rel);
        if (budget == 2)
            return chance(0.6) ? bitmap(loops, rel) : wrapper(budget, depth, loops, rel);
        // Partitioned tables are where real 10,000-node plans come from; they also keep the
        // tree from growing deeper than real plans do.
        if (budget > 60 && (chance(0.25) || depth > 30)) {
            const int id = add(QStringLiteral("Append"), QStringLiteral("Append"), loops, rel);
            const int parts = std::min(budget - 1, between(8, 60));
            QList<int> children;
            int left = budget - 1;
            for (int i = 0; i < parts; ++i) {
                const int share = i == parts - 1 ? left : std::max(1, left / (parts - i));
                children << build(share, depth + 1, loops, QStringLiteral("Member"));
                left -= share;
            }
            m_nodes[id].children = children;
            double rows = 0;
            for (const int child : std::as_const(children))
                rows += m_nodes.at(child).actualRows;
            finish(id, uniform(0.01, 2), rows, 0, 0);
            return id;
        }
        if (chance(0.25))
            return wrapper(budget, depth, loops, rel);
        return join(budget, depth, loops, rel);
    }

    QRandomGenerator m_rng;
    QList<GenNode> m_nodes;
};

// --- FORMAT JSON

void writeJsonNode(const QList<GenNode> &nodes, int id, int indent, QString &s)
{
    const GenNode &n = nodes.at(id);
    const QString pad(indent, QLatin1Char(' '));
    QStringList fields;
    const auto str = [&fields](const char *key, const QString &value) {
        if (!value.isEmpty())
            fields << QStringLiteral("\"%1\": \"%2\"").arg(QLatin1String(key), value);
    };
    const auto number = [&fields](const char *key, const QString &value) {
        fields << QStringLiteral("\"%1\": %2").arg(QLatin1String(key), value);
    };
    str("Node Type", n.nodeType);
    str("Strategy", n.strategy);
    if (n.nodeType == QLatin1String("Aggregate"))
        str("Partial Mode", QStringLiteral("Simple"));
    str("Parent Relationship", n.parentRelationship);
    fields << QStringLiteral("\"Parallel Aware\": false")
           << QStringLiteral("\"Async Capable\": false");
    str("Join Type", n.joinType);
    str("Index Name", n.index);
    str("Relation Name", n.relation);
    if (!n.relation.isEmpty())
        str("Schema", QStringLiteral("public"));
    str("Alias", n.alias);
    number("Startup Cost", num(n.startupCost, 2));
    number("Total Cost", num(n.totalCost, 2));
    number("Plan Rows", num(n.planRows, 0));
    number("Plan Width", QString::number(n.width));
    number("Actual Startup Time", num(n.actualStartup, 3));
    number("Actual Total Time", num(n.actualTotal, 3));
    number("Actual Rows", num(n.actualRows, 0));
    number("Actual Loops", num(n.loops, 0));
    if (!n.sortKey.isEmpty())
        fields << QStringLiteral("\"Sort Key\": [\"%1\"]").arg(n.sortKey);
    if (!n.groupKey.isEmpty())
        fields << QStringLiteral("\"Group Key\": [\"%1\"]").arg(n.groupKey);
    str("Hash Cond", n.hashCond);
    str("Merge Cond", n.mergeCond);
    str("Index Cond", n.indexCond);
    str("Recheck Cond", n.recheckCond);
    str("Filter", n.filter);
    if (n.rowsRemovedByFilter >= 0)
        number("Rows Removed by Filter", num(n.rowsRemovedByFilter, 0));
    if (!n.sortMethod.isEmpty()) {
        str("Sort Method", n.sortMethod);
        str("Sort Space Type", n.sortSpaceType);
        number("Sort Space Used", QString::number(n.sortSpaceKb));
    }
    if (n.heapFetches >= 0)
        number("Heap Fetches", num(n.heapFetches, 0));
    if (n.heapExact >= 0) {
        number("Exact Heap Blocks", QString::number(n.heapExact));
        number("Lossy Heap Blocks", QStringLiteral("0"));
    }
    if (n.hashBuckets > 0) {
        number("Hash Buckets", QString::number(n.hashBuckets));
        number("Original Hash Buckets", QString::number(n.hashBuckets));
        number("Hash Batches", QString::number(n.hashBatches));
        number("Original Hash Batches", QString::number(n.hashBatches));
        number("Peak Memory Usage", QString::number(n.hashMemoryKb));
    }
    if (n.workersPlanned >= 0) {
        number("Workers Planned", QString::number(n.workersPlanned));
        number("Workers Launched", QString::number(n.workersLaunched));
    }
    number("Shared Hit Blocks", QString::number(n.hit));
    number("Shared Read Blocks", QString::number(n.read));
    number("Shared Dirtied Blocks", QString::number(n.dirtied));
    number("Shared Written Blocks", QStringLiteral("0"));
    number("Local Hit Blocks", QStringLiteral("0"));
    number("Local Read Blocks", QStringLiteral("0"));
    number("Local Dirtied Blocks", QStringLiteral("0"));
    number("Local Written Blocks", QStringLiteral("0"));
    number("Temp Read Blocks", QString::number(n.tempRead));
    number("Temp Written Blocks", QString::number(n.tempWritten));

    s += pad + QLatin1String("{\n");
    s += pad + QLatin1String("  ") + fields.join(QLatin1String(",\n") + pad + QLatin1String("  "));
    if (!n.children.isEmpty()) {
        s += QLatin1String(",\n") + pad + QLatin1String("  \"Plans\": [\n");
        for (int i = 0; i < n.children.size(); ++i) {
            writeJsonNode(nodes, n.children.at(i), indent + 4, s);
            s += i + 1 < n.children.size() ? QLatin1String(",\n") : QLatin1String("\n");
        }
        s += pad + QLatin1String("  ]");
    }
    s += QLatin1Char('\n') + pad + QLatin1Char('}');
}

QByteArray toJson(const QList<GenNode> &nodes, double planningMs, double executionMs)
{
    QString s = QStringLiteral("[\n  {\n    \"Plan\": \n");
    writeJsonNode(nodes, 0, 4, s);
    s += QStringLiteral(",\n    \"Planning Time\": %1,\n    \"Triggers\": [\n    ],\n"
                        "    \"Execution Time\": %2\n  }\n]\n")
             .arg(num(planningMs, 3), num(executionMs, 3));
    return s.toUtf8();
}

// --- FORMAT TEXT

void writeTextNode(const QList<GenNode> &nodes, int id, int column, QString &s)
{
    const GenNode &n = nodes.at(id);
    QString label = n.textName;
    if (n.nodeType == QLatin1String("Index Scan") || n.nodeType == QLatin1String("Index Only Scan"))
        label += QStringLiteral(" using %1 on %2 %3").arg(n.index, n.relation, n.alias);
    else if (n.nodeType == QLatin1String("Bitmap Index Scan"))
        label += QStringLiteral(" on %1").arg(n.index);
    else if (!n.relation.isEmpty())
        label += QStringLiteral(" on %1 %2").arg(n.relation, n.alias);
    const QString head =
        id == 0 ? QString() : QString(column - 4, QLatin1Char(' ')) + QLatin1String("->  ");
    s += head + label +
         QStringLiteral("  (cost=%1..%2 rows=%3 width=%4) (actual time=%5..%6 rows=%7 loops=%8)\n")
             .arg(num(n.startupCost, 2), num(n.totalCost, 2), num(n.planRows, 0),
                  QString::number(n.width), num(n.actualStartup, 3), num(n.actualTotal, 3),
                  num(n.actualRows, 0), num(n.loops, 0));
    const QString detail = QString(column + 2, QLatin1Char(' '));
    const auto line = [&](const QString &text) { s += detail + text + QLatin1Char('\n'); };
    if (!n.sortKey.isEmpty())
        line(QStringLiteral("Sort Key: ") + n.sortKey);
    if (!n.groupKey.isEmpty())
        line(QStringLiteral("Group Key: ") + n.groupKey);
    if (!n.hashCond.isEmpty())
        line(QStringLiteral("Hash Cond: ") + n.hashCond);
    if (!n.mergeCond.isEmpty())
        line(QStringLiteral("Merge Cond: ") + n.mergeCond);
    if (!n.indexCond.isEmpty())
        line(QStringLiteral("Index Cond: ") + n.indexCond);
    if (!n.recheckCond.isEmpty())
        line(QStringLiteral("Recheck Cond: ") + n.recheckCond);
    if (!n.filter.isEmpty())
        line(QStringLiteral("Filter: ") + n.filter);
    if (n.rowsRemovedByFilter >= 0)
        line(QStringLiteral("Rows Removed by Filter: ") + num(n.rowsRemovedByFilter, 0));
    if (!n.sortMethod.isEmpty())
        line(QStringLiteral("Sort Method: %1  %2: %3kB")
                 .arg(n.sortMethod, n.sortSpaceType)
                 .arg(n.sortSpaceKb));
    if (n.heapFetches >= 0)
        line(QStringLiteral("Heap Fetches: ") + num(n.heapFetches, 0));
    if (n.heapExact >= 0)
        line(QStringLiteral("Heap Blocks: exact=%1").arg(n.heapExact));
    if (n.hashBuckets > 0)
        line(QStringLiteral("Buckets: %1  Batches: %2  Memory Usage: %3kB")
                 .arg(n.hashBuckets)
                 .arg(n.hashBatches)
                 .arg(n.hashMemoryKb));
    if (n.workersPlanned >= 0) {
        line(QStringLiteral("Workers Planned: %1").arg(n.workersPlanned));
        line(QStringLiteral("Workers Launched: %1").arg(n.workersLaunched));
    }
    QStringList shared;
    if (n.hit)
        shared << QStringLiteral("hit=%1").arg(n.hit);
    if (n.read)
        shared << QStringLiteral("read=%1").arg(n.read);
    if (n.dirtied)
        shared << QStringLiteral("dirtied=%1").arg(n.dirtied);
    QStringList groups;
    if (!shared.isEmpty())
        groups << QStringLiteral("shared ") + shared.join(QLatin1Char(' '));
    if (n.tempRead || n.tempWritten)
        groups << QStringLiteral("temp read=%1 written=%2").arg(n.tempRead).arg(n.tempWritten);
    if (!groups.isEmpty())
        line(QStringLiteral("Buffers: ") + groups.join(QLatin1String(", ")));
    for (const int child : n.children)
        writeTextNode(nodes, child, id == 0 ? 6 : column + 6, s);
}

QByteArray toText(const QList<GenNode> &nodes, double planningMs, double executionMs)
{
    QString s;
    writeTextNode(nodes, 0, 0, s);
    s += QStringLiteral("Planning Time: %1 ms\nExecution Time: %2 ms\n")
             .arg(num(planningMs, 3), num(executionMs, 3));
    return s.toUtf8();
}

} // namespace

QString num(double value, int decimals)
{
    return QString::number(value, 'f', decimals);
}

GeneratedPlan generatePlan(int nodeCount, quint32 seed)
{
    PlanGenerator generator(seed);
    const QList<GenNode> nodes = generator.generate(nodeCount);
    GeneratedPlan plan;
    plan.executionMs = nodes.front().actualTotal * 1.02;
    plan.json = toJson(nodes, 12.5, plan.executionMs);
    plan.text = toText(nodes, 12.5, plan.executionMs);
    plan.nodes = int(nodes.size());
    QList<std::pair<int, int>> stack{{0, 0}};
    while (!stack.isEmpty()) {
        const auto [id, depth] = stack.takeLast();
        plan.maxDepth = std::max(plan.maxDepth, depth);
        for (const int child : nodes.at(id).children)
            stack.append({child, depth + 1});
    }
    return plan;
}

} // namespace sightline::test
