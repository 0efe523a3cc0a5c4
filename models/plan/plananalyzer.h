#pragma once

#include "planmetrics.h"

namespace sightline {

// Computes per-node metrics and the summary, then runs PlanRules. Linear in the node count.
class PlanAnalyzer final
{
public:
    static PlanAnalysis analyze(const Plan &plan);
    // Metrics and summary only, without the rules (used by PlanRules' tests and the diff).
    static PlanAnalysis measure(const Plan &plan);
};

} // namespace sightline
