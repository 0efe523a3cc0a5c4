#pragma once

// Test plans written once and rendered both as EXPLAIN text and as EXPLAIN (FORMAT JSON), with
// the same numbers, the way PostgreSQL lays them out. Rule and parity tests run on both.

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <cmath>
#include <optional>
#include <vector>

namespace sightline::testplans {

inline QString num(double value, int decimals)
{
    return QString::number(value, 'f', decimals);
}

// Rows as EXPLAIN prints them: whole numbers without decimals (PostgreSQL 18 prints two).
inline QString rowsText(double value)
{
    if (std::abs(value - std::round(value)) < 1e-9)
        return QString::number(qint64(std::llround(value)));
    return num(value, 2);
}

struct TestNode
{
    QString label;
    QJsonObject identity; // "Node Type" and friends
    double startupCost = 0;
    double totalCost = 10;
    double planRows = 1;
    int width = 4;
    bool analyzed = true;
    bool never = false;
    double startup = 0.01;
    double total = 0.1;
    double rows = 1;
    double loops = 1;
    QStringList textLines;   // detail lines as the text format prints them
    QJsonObject jsonDetails; // the same details as JSON keys
    QString header;          // "SubPlan 1", "InitPlan 1 (returns $0)", "CTE name"
    QString relationship = QStringLiteral("Outer");
    std::vector<TestNode> children;

    TestNode &cost(double s, double t, double r, int w = 4)
    {
        startupCost = s;
        totalCost = t;
        planRows = r;
        width = w;
        return *this;
    }
    TestNode &actual(double s, double t, double r, double l = 1)
    {
        startup = s;
        total = t;
        rows = r;
        loops = l;
        return *this;
    }
    TestNode &neverExecuted()
    {
        never = true;
        return *this;
    }
    TestNode &noAnalyze()
    {
        analyzed = false;
        return *this;
    }
    // A detail printed as "Key: text" and stored as "Key": json.
    TestNode &detail(const QString &key, const QString &text, const QJsonValue &json)
    {
        textLines.append(key + QLatin1String(": ") + text);
        jsonDetails.insert(key, json);
        return *this;
    }
    TestNode &number(const QString &key, double value)
    {
        return detail(key, rowsText(value), value);
    }
    TestNode &filter(const QString &condition, double removed)
    {
        detail(QStringLiteral("Filter"), condition, condition);
        return number(QStringLiteral("Rows Removed by Filter"), removed);
    }
    TestNode &buffers(qint64 hit, qint64 read)
    {
        QString line = QStringLiteral("Buffers: shared");
        if (hit > 0)
            line += QStringLiteral(" hit=%1").arg(hit);
        if (read > 0)
            line += QStringLiteral(" read=%1").arg(read);
        textLines.append(line);
        jsonDetails.insert(QStringLiteral("Shared Hit Blocks"), double(hit));
        jsonDetails.insert(QStringLiteral("Shared Read Blocks"), double(read));
        jsonDetails.insert(QStringLiteral("Shared Dirtied Blocks"), 0);
        jsonDetails.insert(QStringLiteral("Shared Written Blocks"), 0);
        return *this;
    }
    TestNode &sortMethod(const QString &method, const QString &type, qint64 kb)
    {
        textLines.append(QStringLiteral("Sort Method: %1  %2: %3kB").arg(method, type).arg(kb));
        jsonDetails.insert(QStringLiteral("Sort Method"), method);
        jsonDetails.insert(QStringLiteral("Sort Space Used"), double(kb));
        jsonDetails.insert(QStringLiteral("Sort Space Type"), type);
        return *this;
    }
    TestNode &hashInfo(qint64 buckets, qint64 batches, qint64 originalBatches, qint64 memoryKb)
    {
        QString line = QStringLiteral("Buckets: %1  Batches: %2").arg(buckets).arg(batches);
        if (originalBatches != batches)
            line += QStringLiteral(" (originally %1)").arg(originalBatches);
        line += QStringLiteral("  Memory Usage: %1kB").arg(memoryKb);
        textLines.append(line);
        jsonDetails.insert(QStringLiteral("Hash Buckets"), double(buckets));
        jsonDetails.insert(QStringLiteral("Original Hash Buckets"), double(buckets));
        jsonDetails.insert(QStringLiteral("Hash Batches"), double(batches));
        jsonDetails.insert(QStringLiteral("Original Hash Batches"), double(originalBatches));
        jsonDetails.insert(QStringLiteral("Peak Memory Usage"), double(memoryKb));
        return *this;
    }
    TestNode &hashAggSpill(qint64 batches, qint64 memoryKb, qint64 diskKb)
    {
        textLines.append(QStringLiteral("Batches: %1  Memory Usage: %2kB  Disk Usage: %3kB")
                             .arg(batches)
                             .arg(memoryKb)
                             .arg(diskKb));
        jsonDetails.insert(QStringLiteral("HashAgg Batches"), double(batches));
        jsonDetails.insert(QStringLiteral("Peak Memory Usage"), double(memoryKb));
        jsonDetails.insert(QStringLiteral("Disk Usage"), double(diskKb));
        return *this;
    }
    TestNode &heapBlocks(qint64 exact, qint64 lossy)
    {
        QString line = QStringLiteral("Heap Blocks: exact=%1").arg(exact);
        if (lossy > 0)
            line += QStringLiteral(" lossy=%1").arg(lossy);
        textLines.append(line);
        jsonDetails.insert(QStringLiteral("Exact Heap Blocks"), double(exact));
        jsonDetails.insert(QStringLiteral("Lossy Heap Blocks"), double(lossy));
        return *this;
    }
    TestNode &workers(int planned, int launched)
    {
        number(QStringLiteral("Workers Planned"), planned);
        return number(QStringLiteral("Workers Launched"), launched);
    }
    TestNode &child(TestNode c, const QString &rel = QStringLiteral("Outer"))
    {
        c.relationship = rel;
        children.push_back(std::move(c));
        return *this;
    }
    TestNode &subplan(const QString &headerText, TestNode c)
    {
        c.header = headerText;
        c.relationship = headerText.startsWith(QLatin1String("SubPlan"))
                             ? QStringLiteral("SubPlan")
                             : QStringLiteral("InitPlan");
        children.push_back(std::move(c));
        return *this;
    }
};

inline TestNode node(const QString &label, const QString &type, QJsonObject identity = {})
{
    TestNode n;
    n.label = label;
    identity.insert(QStringLiteral("Node Type"), type);
    n.identity = identity;
    return n;
}

inline TestNode seqScan(const QString &relation, const QString &alias = {})
{
    const QString a = alias.isEmpty() ? relation : alias;
    return node(QStringLiteral("Seq Scan on ") + relation +
                    (alias.isEmpty() ? QString() : u' ' + alias),
                QStringLiteral("Seq Scan"),
                {{QStringLiteral("Relation Name"), relation}, {QStringLiteral("Alias"), a}});
}

inline TestNode indexScan(const QString &index, const QString &relation, bool only = false)
{
    const QString type = only ? QStringLiteral("Index Only Scan") : QStringLiteral("Index Scan");
    return node(type + QStringLiteral(" using ") + index + QStringLiteral(" on ") + relation, type,
                {{QStringLiteral("Scan Direction"), QStringLiteral("Forward")},
                 {QStringLiteral("Index Name"), index},
                 {QStringLiteral("Relation Name"), relation},
                 {QStringLiteral("Alias"), relation}});
}

inline TestNode bitmapHeapScan(const QString &relation)
{
    return node(QStringLiteral("Bitmap Heap Scan on ") + relation,
                QStringLiteral("Bitmap Heap Scan"),
                {{QStringLiteral("Relation Name"), relation}, {QStringLiteral("Alias"), relation}});
}

inline TestNode bitmapIndexScan(const QString &index)
{
    return node(QStringLiteral("Bitmap Index Scan on ") + index,
                QStringLiteral("Bitmap Index Scan"), {{QStringLiteral("Index Name"), index}});
}

// "Hash Join" / "Nested Loop" / "Merge Join" with a join type ("Inner", "Left", "Semi"...).
inline TestNode join(const QString &type, const QString &joinType = QStringLiteral("Inner"))
{
    QString label;
    if (joinType == QLatin1String("Inner"))
        label = type;
    else if (type == QLatin1String("Nested Loop"))
        label = QStringLiteral("Nested Loop ") + joinType + QStringLiteral(" Join");
    else
        label = type.section(u' ', 0, 0) + u' ' + joinType + QStringLiteral(" Join");
    return node(label, type, {{QStringLiteral("Join Type"), joinType}});
}

inline TestNode simple(const QString &type)
{
    return node(type, type);
}

inline TestNode aggregate(const QString &strategy)
{
    const QString label = strategy == QLatin1String("Hashed")   ? QStringLiteral("HashAggregate")
                          : strategy == QLatin1String("Sorted") ? QStringLiteral("GroupAggregate")
                                                                : QStringLiteral("Aggregate");
    return node(label, QStringLiteral("Aggregate"),
                {{QStringLiteral("Strategy"), strategy},
                 {QStringLiteral("Partial Mode"), QStringLiteral("Simple")}});
}

inline TestNode cteScan(const QString &cte, const QString &alias = {})
{
    const QString a = alias.isEmpty() ? cte : alias;
    return node(QStringLiteral("CTE Scan on ") + cte + (alias.isEmpty() ? QString() : u' ' + alias),
                QStringLiteral("CTE Scan"),
                {{QStringLiteral("CTE Name"), cte}, {QStringLiteral("Alias"), a}});
}

struct TestPlan
{
    TestNode root;
    std::optional<double> planning = 0.1;
    std::optional<double> execution;
    std::optional<double> jitTotal; // adds a JIT block

    QString text() const
    {
        QStringList lines;
        struct Item
        {
            const TestNode *node;
            int column; // where "->" (or the root label) starts
            bool root;
        };
        // Explicit stack: the same writer renders very deep plans.
        std::vector<Item> stack{{&root, 0, true}};
        while (!stack.empty()) {
            const Item item = stack.back();
            stack.pop_back();
            const TestNode &n = *item.node;
            int column = item.column;
            if (!n.header.isEmpty()) {
                lines.append(QString(column, u' ') + n.header);
                column += 2;
            }
            QString line =
                QString(column, u' ') + (item.root ? QString() : QStringLiteral("->  ")) + n.label +
                QStringLiteral("  (cost=%1..%2 rows=%3 width=%4)")
                    .arg(num(n.startupCost, 2), num(n.totalCost, 2), rowsText(n.planRows))
                    .arg(n.width);
            if (n.analyzed) {
                if (n.never)
                    line += QStringLiteral(" (never executed)");
                else
                    line += QStringLiteral(" (actual time=%1..%2 rows=%3 loops=%4)")
                                .arg(num(n.startup, 3), num(n.total, 3), rowsText(n.rows),
                                     rowsText(n.loops));
            }
            lines.append(line);
            const int inner = column + (item.root ? 2 : 6);
            for (const QString &detail : n.textLines)
                lines.append(QString(inner, u' ') + detail);
            for (auto it = n.children.rbegin(); it != n.children.rend(); ++it)
                stack.push_back({&*it, inner, false});
        }
        if (planning)
            lines.append(QStringLiteral("Planning Time: %1 ms").arg(num(*planning, 3)));
        if (jitTotal) {
            lines.append(QStringLiteral("JIT:"));
            lines.append(QStringLiteral("  Functions: 12"));
            lines.append(QStringLiteral("  Options: Inlining true, Optimization true, Expressions "
                                        "true, Deforming true"));
            lines.append(QStringLiteral("  Timing: Generation 1.000 ms, Inlining 2.000 ms, "
                                        "Optimization 3.000 ms, Emission 4.000 ms, Total %1 ms")
                             .arg(num(*jitTotal, 3)));
        }
        if (execution)
            lines.append(QStringLiteral("Execution Time: %1 ms").arg(num(*execution, 3)));
        return lines.join(u'\n') + u'\n';
    }

    static QJsonObject jsonNode(const TestNode &n)
    {
        QJsonObject o = n.identity;
        if (!n.header.isEmpty())
            o.insert(QStringLiteral("Subplan Name"), n.header);
        o.insert(QStringLiteral("Parent Relationship"), n.relationship);
        o.insert(QStringLiteral("Startup Cost"), n.startupCost);
        o.insert(QStringLiteral("Total Cost"), n.totalCost);
        o.insert(QStringLiteral("Plan Rows"), n.planRows);
        o.insert(QStringLiteral("Plan Width"), n.width);
        if (n.analyzed) {
            o.insert(QStringLiteral("Actual Startup Time"), n.never ? 0.0 : n.startup);
            o.insert(QStringLiteral("Actual Total Time"), n.never ? 0.0 : n.total);
            o.insert(QStringLiteral("Actual Rows"), n.never ? 0.0 : n.rows);
            o.insert(QStringLiteral("Actual Loops"), n.never ? 0.0 : n.loops);
        }
        for (auto it = n.jsonDetails.begin(); it != n.jsonDetails.end(); ++it)
            o.insert(it.key(), it.value());
        if (!n.children.empty()) {
            QJsonArray plans;
            for (const TestNode &c : n.children)
                plans.append(jsonNode(c));
            o.insert(QStringLiteral("Plans"), plans);
        }
        return o;
    }

    QString json() const
    {
        QJsonObject rootNode = jsonNode(root);
        rootNode.remove(QStringLiteral("Parent Relationship"));
        QJsonObject top{{QStringLiteral("Plan"), rootNode}};
        if (planning)
            top.insert(QStringLiteral("Planning Time"), *planning);
        if (jitTotal) {
            top.insert(QStringLiteral("JIT"),
                       QJsonObject{{QStringLiteral("Functions"), 12},
                                   {QStringLiteral("Timing"),
                                    QJsonObject{{QStringLiteral("Generation"), 1.0},
                                                {QStringLiteral("Inlining"), 2.0},
                                                {QStringLiteral("Optimization"), 3.0},
                                                {QStringLiteral("Emission"), 4.0},
                                                {QStringLiteral("Total"), *jitTotal}}}});
        }
        top.insert(QStringLiteral("Triggers"), QJsonArray());
        if (execution)
            top.insert(QStringLiteral("Execution Time"), *execution);
        return QString::fromUtf8(QJsonDocument(QJsonArray{top}).toJson(QJsonDocument::Indented));
    }
};

// A chain of `depth` nested nodes (each Limit over the next), written without recursion: the
// text with one column of indentation per level, the JSON compact.
inline QString deepText(int depth)
{
    QString out;
    out.reserve(qsizetype(depth) * (depth / 2 + 80));
    for (int i = 0; i < depth; ++i) {
        out += QString(i, u' ');
        if (i > 0)
            out += QStringLiteral("->  ");
        out += i + 1 < depth ? QStringLiteral("Limit") : QStringLiteral("Seq Scan on t");
        out += QStringLiteral("  (cost=0.00..1.00 rows=1 width=4) (actual time=0.001..0.002 rows=1 "
                              "loops=1)\n");
    }
    out += QStringLiteral("Execution Time: 0.010 ms\n");
    return out;
}

inline QString deepJson(int depth)
{
    QString out = QStringLiteral("[{\"Plan\": ");
    for (int i = 0; i < depth; ++i) {
        out +=
            QStringLiteral("{\"Node Type\": \"%1\", \"Startup Cost\": 0.00, \"Total Cost\": 1.00, "
                           "\"Plan Rows\": 1, \"Plan Width\": 4, \"Actual Startup Time\": 0.001, "
                           "\"Actual Total Time\": 0.002, \"Actual Rows\": 1, \"Actual Loops\": 1")
                .arg(i + 1 < depth ? QStringLiteral("Limit") : QStringLiteral("Seq Scan"));
        if (i + 1 < depth)
            out += QStringLiteral(", \"Plans\": [");
    }
    for (int i = 0; i + 1 < depth; ++i)
        out += QStringLiteral("}]");
    out += QStringLiteral("}, \"Execution Time\": 0.010}]");
    return out;
}

} // namespace sightline::testplans
