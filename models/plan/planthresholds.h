#pragma once

// Every number the red-flag rules compare against, in one place. The README's plan engine
// section documents the same table; change both together.

namespace sightline::planthresholds {

// slow-node: a node's exclusive time as a share of the execution time.
inline constexpr double slowNodeWarningShare = 0.10;
inline constexpr double slowNodeCriticalShare = 0.50;

// row-misestimate: max(actual/estimated, estimated/actual), compared per loop.
inline constexpr double misestimateWarningFactor = 10.0;
inline constexpr double misestimateCriticalFactor = 1000.0;
// Below this many rows on the larger side the factor is noise (1 vs 20 rows does not matter).
inline constexpr double misestimateMinRows = 100.0;

// index-potential: a Seq Scan that reads many rows and keeps few of them...
inline constexpr double indexPotentialMinRowsRead = 10000.0;
inline constexpr double indexPotentialMinFilteredShare = 0.90;
// ...or that feeds a join whose other input is tiny in comparison.
inline constexpr double indexPotentialJoinOtherSideMaxShare = 0.01;

// nested-loop-large: the inner side re-runs often over something that is not an index, or
// the inner side produces a lot of rows in total.
inline constexpr double nestedLoopMinInnerLoops = 1000.0;
inline constexpr double nestedLoopMinInnerRows = 1000000.0;

// recheck-waste: rows fetched by a bitmap heap scan and then thrown away by the recheck.
inline constexpr double recheckWasteMinShare = 0.50;
inline constexpr double recheckWasteMinRows = 1000.0;

// inefficient-index: rows an index/bitmap scan read and then discarded by its filter.
inline constexpr double inefficientIndexMinShare = 0.50;
inline constexpr double inefficientIndexMinRows = 1000.0;

// subplan-per-row: a SubPlan executed once per outer row this many times.
inline constexpr double subplanMinLoops = 1000.0;

// heap-fetches: an Index Only Scan that had to visit the heap (visibility map not current).
inline constexpr double heapFetchesMinShare = 0.10;
inline constexpr double heapFetchesMinCount = 1000.0;

// large-offset: a Limit that keeps a small share of what its input produced.
inline constexpr double largeOffsetMaxKeptShare = 0.10;
inline constexpr double largeOffsetMinDiscardedRows = 10000.0;

// cache-misses: shared blocks read from outside the buffer cache by a node itself.
inline constexpr double cacheMissesMinReadBlocks = 10000.0;
inline constexpr double cacheMissesMaxHitRatio = 0.90;

// jit-overhead: JIT compile time against execution time.
inline constexpr double jitOverheadMinShare = 0.10;
inline constexpr double jitOverheadMinMs = 50.0;

// planning-dominates: planning took longer than executing, and long enough to notice.
inline constexpr double planningDominatesMinMs = 10.0;

// Reporting, not a rule: how many nodes the summary lists as the slowest.
inline constexpr int summarySlowestNodes = 5;

// Parser safety: nesting deeper than this is reported and flattened instead of followed,
// so hostile input cannot exhaust memory or time.
inline constexpr int parserMaxDepth = 100000;

} // namespace sightline::planthresholds
