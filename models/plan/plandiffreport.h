#pragma once

#include "plandiff.h"

#include <QByteArray>
#include <QString>

namespace sightline {

// A plan comparison for people (text) and for scripts (JSON). The JSON has
// "matched", "added", "removed", "changes" (kind, before, after, text),
// "execution_ms" {before, after, ratio} and "verdict"; nodes are objects with
// their id and label, null where a side has none.
class PlanDiffReport final
{
public:
    static QString text(const PlanDiff &diff);
    static QByteArray json(const PlanDiff &diff);
};

} // namespace sightline
