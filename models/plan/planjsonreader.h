#pragma once

#include "planparser.h"

#include <QCoreApplication>
#include <QString>

namespace sightline {

// Reads EXPLAIN (FORMAT JSON) as people paste it (psql frames and "+" continuations, pgAdmin's
// doubled quotes, text around the JSON, hard line breaks, truncation). Uses its own iterative
// JSON parser: QJsonDocument stops at 1024 levels and gives nothing back for a cut-off
// document, and a half-read plan is still worth showing. Internal to PlanParser.
class PlanJsonReader final
{
    Q_DECLARE_TR_FUNCTIONS(PlanParser)

public:
    static PlanParseResult read(const QString &input);
};

} // namespace sightline
