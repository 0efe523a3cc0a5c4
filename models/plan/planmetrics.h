#pragma once

#include "plan.h"
#include "planflag.h"

#include <QList>

#include <optional>

namespace sightline {

enum class MisestimateDirection
{
    None,  // no estimate or no actual rows to compare
    Under, // the planner expected fewer rows than came out
    Over,  // the planner expected more rows than came out
};

// Derived numbers for one node; PlanAnalysis::metrics[i] belongs to Plan::nodes[i].
struct NodeMetrics
{
    // Wall-clock time spent in the node and everything under it, over all its loops, ms.
    // Under a Gather the per-process average is not multiplied by the process count (they ran
    // side by side), so the number is comparable with the Gather's own time.
    double inclusiveMs = 0;
    // inclusiveMs minus the children's inclusive time, InitPlans/SubPlans/CTEs charged once
    // to the node that runs them; never negative.
    double exclusiveMs = 0;
    // exclusiveMs / the plan's total time (0..1).
    double executionShare = 0;
    bool hasTime = false;     // ANALYZE with TIMING: the two times above mean something
    bool approximate = false; // derived from averages (parallel workers, clamped rounding,
                              // CTE sharing) rather than read directly

    // Rows. Per loop is what EXPLAIN prints; totals multiply by loops.
    std::optional<double> estimatedRowsPerLoop;
    std::optional<double> actualRowsPerLoop;
    std::optional<double> estimatedRowsTotal;
    std::optional<double> actualRowsTotal;
    double loops = 0;
    // max(actual/estimated, estimated/actual) per loop, 1 when they agree or when either side
    // is missing; zeros count as one row so the factor stays finite.
    double misestimateFactor = 1;
    MisestimateDirection misestimateDirection = MisestimateDirection::None;

    // Rows a node read and then threw away, over all loops, and their share of what it read
    // (rows removed / (rows removed + rows returned)).
    double rowsRemovedByFilterTotal = 0;
    double rowsRemovedByJoinFilterTotal = 0;
    double rowsRemovedByIndexRecheckTotal = 0;
    double filterRemovedShare = 0;
    double joinFilterRemovedShare = 0;
    double recheckRemovedShare = 0;

    // Buffers and I/O time of the node itself (node minus its children, clamped at 0).
    PlanBuffers exclusiveBuffers;
    // exclusive shared hit / (hit + read), 1 when nothing was read.
    double sharedHitRatio = 1;
};

struct PlanSummary
{
    std::optional<double> planningMs;
    std::optional<double> executionMs;
    // What shares are measured against: Execution Time when printed, else the root's
    // inclusive time.
    double totalMs = 0;
    int nodeCount = 0;
    int maxDepth = 0;
    bool analyzed = false;
    PlanJit jit;
    double jitTotalMs = 0; // the query's JIT total, workers' blocks added when only those exist
    QList<PlanTrigger> triggers;
    double triggerMs = 0;
    QList<PlanSetting> settings;
    PlanBuffers totalBuffers; // the root's buffers (the whole tree's)
    QList<int> slowestNodes;  // node ids by exclusive time, slowest first
};

// A parsed plan with its metrics and flags: what views, reports and the command line show.
struct PlanAnalysis
{
    Plan plan;
    QList<NodeMetrics> metrics;
    PlanSummary summary;
    QList<PlanFlag> flags; // ordered by severity (critical first), then node id
};

} // namespace sightline
