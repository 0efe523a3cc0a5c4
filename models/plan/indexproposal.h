#pragma once

#include "plan.h"

#include <QString>
#include <QStringList>

#include <optional>

namespace sightline {

// A CREATE INDEX worth trying for a node of a plan, derived from what the
// node filters, joins or sorts on: equality columns first, then ranges, then
// sort keys (at most three). The user edits the statement before anything runs.
struct IndexProposal
{
    QString schema; // empty when the plan does not say (TEXT without VERBOSE)
    QString table;
    QStringList columns;
    QString reason; // "filter (status = 'open') removes 99 % of the rows it reads"

    QString qualifiedTable() const;
    QString statement() const; // "CREATE INDEX ON public.orders (customer_id, created)"
};

// nullopt when the node reads no table (or nothing it uses names a column),
// e.g. a Hash or an Aggregate. A Sort gets the table of the scan beneath it.
std::optional<IndexProposal> proposeIndex(const Plan &plan, int nodeId);

// The column names a condition compares, in the order they appear, equality
// comparisons first: "((o.status = 'open'::text) AND (o.created > now()))"
// for alias "o" gives {"status", "created"}. Names qualified with another
// alias are skipped; unqualified ones are kept unless `qualifiedOnly` (join
// conditions, where an unqualified name could be either side's).
QStringList conditionColumns(const QString &condition, const QString &alias,
                             const QString &relation, bool qualifiedOnly = false);

} // namespace sightline
