#pragma once

#include "planflag.h"
#include "planmetrics.h"

#include <QList>
#include <QStringList>

namespace sightline {

// The red-flag rules. Each rule looks at a measured plan and raises PlanFlags; the numbers it
// compares against live in planthresholds.h.
class PlanRules final
{
public:
    // Every rule id, in the order the rules run.
    static QStringList ruleIds();
    static QList<PlanFlag> evaluate(const PlanAnalysis &analysis);
};

} // namespace sightline
