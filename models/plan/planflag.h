#pragma once

#include <QString>

namespace sightline {

enum class PlanFlagSeverity
{
    Info,
    Warning,
    Critical,
};

// One red flag raised by PlanRules. The text is already translated (QCoreApplication::translate
// in context "PlanRules"); ruleId is stable and never translated, so scripts and tests can match
// on it.
struct PlanFlag
{
    QString ruleId; // "slow-node", "row-misestimate", ... (see planrules.h)
    PlanFlagSeverity severity = PlanFlagSeverity::Info;
    int nodeId = -1;    // Plan::nodes index, -1 for a plan-level flag
    QString message;    // one line with the numbers
    QString why;        // why it matters
    QString suggestion; // what to try
};

QString planFlagSeverityName(PlanFlagSeverity severity); // "info", "warning", "critical"

} // namespace sightline
