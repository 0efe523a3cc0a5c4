#pragma once

#include "planmetrics.h"

#include <QCoreApplication>
#include <QList>
#include <QString>

namespace sightline {

struct PlanDetail
{
    QString name;
    QString value;
};

struct PlanDetailGroup
{
    QString title;
    QList<PlanDetail> items;
};

// What the plan views (cards, table, details, statistics) say about a node, worded once for
// all of them: numbers formatted for people (in the user's locale), the line that names what a
// node reads, which nodes did not run, and every property of a node sorted into groups.
class PlanNodeFacts final
{
    Q_DECLARE_TR_FUNCTIONS(sightline::PlanNodeFacts)

public:
    static QString formatMs(double ms);         // "0.034 ms", "12.35 ms", "1.24 s", "3 min 12 s"
    static QString formatRows(double rows);     // "1,234,567", "0.25"
    static QString formatCompact(double value); // "950", "12.3k", "4.5M", "1.2G"
    static QString formatPercent(double share); // "41.2 %"
    static QString formatKb(double kb);         // "512 kB", "1.5 MB"
    static QString formatBlocks(double blocks); // "1,234 (9.6 MB)"
    static QString formatCost(double cost);     // "1,234.56"
    // "×103 under", "×5.2 over"; empty when the estimate was right (factor below 2) or unknown.
    static QString formatMisestimate(const NodeMetrics &metrics);

    // What the node reads, as EXPLAIN words it after the node name: "using orders_pkey on
    // public.orders o", "on recent r"; empty for nodes that read their children.
    static QString target(const PlanNode &node);

    // Nodes that did not run: never executed, or below a never-executed node or a
    // "One-Time Filter: false". Views grey them.
    static QList<bool> inactiveNodes(const Plan &plan);

    // Every property of one node, grouped: General, Rows, Time, Buffers and I/O, Workers,
    // Output, Misc (input keys that have no typed home). Empty groups are left out.
    static QList<PlanDetailGroup> details(const PlanAnalysis &analysis, int nodeId);

    // A few words for a flag badge ("slow", "misestimate", "sort spill"); the rule id for rules
    // this version does not know.
    static QString flagShortName(const QString &ruleId);
};

} // namespace sightline
