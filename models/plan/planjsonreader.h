#pragma once

#include "planparser.h"

#include <QByteArrayView>
#include <QCoreApplication>
#include <QString>

#include <optional>

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
    // The fast path for input that is plain JSON already (a FORMAT JSON export or paste): reads
    // the UTF-8 bytes in place from begin, the first '[' or '{'. nullopt unless it read at
    // least one plan with no error; then read() on the decoded text gives the full treatment.
    static std::optional<PlanParseResult> readPlain(QByteArrayView utf8, qsizetype begin);
};

} // namespace sightline
