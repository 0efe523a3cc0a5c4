#pragma once

#include "planmetrics.h"

#include <QList>
#include <QString>

#include <optional>

namespace sightline {

// One node of the "before" plan paired with one of the "after" plan, and how
// its numbers moved. Times are over all loops (NodeMetrics), rows are totals.
struct PlanNodeMatch
{
    int before = -1;
    int after = -1;
    double exclusiveMsBefore = 0;
    double exclusiveMsAfter = 0;
    double inclusiveMsBefore = 0;
    double inclusiveMsAfter = 0;
    std::optional<double> rowsBefore;
    std::optional<double> rowsAfter;
    double loopsBefore = 0;
    double loopsAfter = 0;
    PlanBuffers buffersBefore; // the node's own (exclusive) buffers
    PlanBuffers buffersAfter;
    QStringList flagsRaised;   // rule ids on the after node only
    QStringList flagsCleared;  // rule ids on the before node only
    bool sameOperation = true; // same node label (type, index, relation)
};

enum class PlanChangeKind
{
    NodeChanged, // a matched node does it differently: "Seq Scan on t → Index Scan using i on t"
    NodeAdded,
    NodeRemoved,
    FlagRaised,
    FlagCleared,
};

struct PlanChange
{
    PlanChangeKind kind = PlanChangeKind::NodeChanged;
    int before = -1; // node ids, -1 when the side has none
    int after = -1;
    QString ruleId; // for flag changes
    QString text;   // one line in words, translated
};

enum class PlanVerdictKind
{
    Faster,
    Slower,
    NoSignificantChange,
    NotComparable, // one side has no execution time (plain EXPLAIN)
};

struct PlanVerdict
{
    PlanVerdictKind kind = PlanVerdictKind::NotComparable;
    std::optional<double> executionMsBefore;
    std::optional<double> executionMsAfter;
    std::optional<double> ratio; // after / before
    std::optional<double> totalCostBefore;
    std::optional<double> totalCostAfter;
    qint64 buffersReadBefore = 0; // shared + local + temp read of the whole plan
    qint64 buffersReadAfter = 0;
    bool hasBuffers = false;
    QString text; // one line with the numbers, translated
};

struct PlanDiff
{
    PlanAnalysis before;
    PlanAnalysis after;
    QList<PlanNodeMatch> matched; // in the after plan's order
    QList<int> added;             // after-node ids with no partner
    QList<int> removed;           // before-node ids with no partner
    QList<PlanChange> changes;    // most telling first: node changes, removals, additions, flags
    PlanVerdict verdict;
    // Every node has a partner doing the same thing: the same plan.
    bool identicalShape = false;

    // The partner of a node, -1 when it has none.
    int afterFor(int beforeId) const { return beforeToAfter.value(beforeId, -1); }
    int beforeFor(int afterId) const { return afterToBefore.value(afterId, -1); }
    QList<int> beforeToAfter; // by before-node id
    QList<int> afterToBefore; // by after-node id
};

// Compares two plans of (usually) the same query. Nodes are paired by what
// they do, not where they are: scans by relation and alias, joins and the
// nodes above them by the set of relations they combine, sorts by their keys,
// subplans by name; what is left is paired with an unmatched node of the same
// kind under matched parents. So a re-ordered join or an inserted Sort still
// matches the rest. Linear-ish: hash lookups per node, no quadratic search
// except among nodes sharing a key.
class PlanDiffer final
{
public:
    static PlanDiff compare(const PlanAnalysis &before, const PlanAnalysis &after);
    static PlanDiff compare(const Plan &before, const Plan &after);

    // Below this relative change execution times count as noise.
    static constexpr double kNoiseRatio = 0.10;
};

QString planChangeKindName(PlanChangeKind kind);   // "node-changed", "node-added", ...
QString planVerdictKindName(PlanVerdictKind kind); // "faster", "slower", ...

} // namespace sightline
