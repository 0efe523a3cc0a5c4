#pragma once

#include "plan.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QString>

namespace sightline {

// What PlanParser read from one input.
struct PlanParseResult
{
    PlanFormat format = PlanFormat::Unknown;
    // Every plan in the input (a JSON array can hold several, e.g. a rule-rewritten INSERT);
    // plans.front() is the main plan. Empty when the input is not a plan.
    QList<Plan> plans;
    // Set when no plan could be read: a sentence for a person, and the 1-based line it is
    // about (0 when it concerns the whole input).
    QString error;
    int errorLine = 0;

    bool ok() const { return !plans.isEmpty(); }
    const Plan &mainPlan() const { return plans.front(); }
};

// Reads EXPLAIN output in JSON or TEXT format as people paste it: psql frames, headers and
// footers, "+" continuations, pgAdmin quoting, auto_explain prefixes, hard-wrapped lines,
// partial subtrees. Never throws, never recurses on input nesting, linear in the input size.
// Truncated input yields the part that was read plus a PlanWarning naming the line.
class PlanParser final
{
public:
    static PlanParseResult parse(const QString &input);
    static PlanParseResult parse(const QByteArray &utf8);

    // Force one format (detect() is what parse() uses).
    static PlanParseResult parseJson(const QString &input);
    static PlanParseResult parseText(const QString &input);

    static PlanFormat detect(const QString &input);

    // Where plain JSON starts in UTF-8 input (after a byte-order mark and white space), or -1
    // when the first thing is not '[' or '{'. parse(QByteArray) tries its fast path from there.
    static qsizetype plainJsonStart(QByteArrayView utf8);
};

} // namespace sightline
