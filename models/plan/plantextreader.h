#pragma once

#include "planparser.h"

#include <QString>

namespace sightline {

// Reads EXPLAIN text output as people paste it: psql frames, headers and localized footers,
// quote-wrapped and hard-wrapped lines, auto_explain prefixes, partial subtrees, tabs, CRLF.
// The tree comes from indentation with an explicit stack, so depth costs no recursion.
// Internal to PlanParser.
class PlanTextReader final
{
public:
    static PlanParseResult read(const QString &input);
};

} // namespace sightline
