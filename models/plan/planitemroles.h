#pragma once

#include <Qt>

namespace sightline {

// Data roles shared by the plan item models (PlanTableModel, PlanFlagsModel, PlanStatsModel).
// Colours are not data here (models do not link Qt GUI): a view turns PlanHeatRole and
// PlanSeverityRole into colours with PlanColorScale.
enum PlanItemRole : int
{
    PlanNodeIdRole = Qt::UserRole + 1, // int: the plan node a row stands for, -1 for none
    PlanNodeIdsRole,                   // QList<int>: every node a statistics row counts
    PlanHeatRole,     // double 0..1: how hot the cell is on its metric; invalid when uncoloured
    PlanSeverityRole, // int (PlanFlagSeverity) of the row's most severe flag; invalid for none
    PlanDepthRole,    // int: indentation level of the node column
    PlanInactiveRole, // bool: the node did not run (greyed)
    PlanSortRole,     // a number or text to sort by
};

} // namespace sightline
