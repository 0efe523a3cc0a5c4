#pragma once

#include "planflag.h"
#include "planmetrics.h"

#include <QCoreApplication>
#include <QList>
#include <QString>

#include <optional>

namespace sightline {

// What the plan views colour nodes by.
enum class PlanColorMetric
{
    None,
    ExclusiveTime, // the node's own time, as a share of the execution time
    Rows,          // rows the node produced over all its loops
    Misestimate,   // actual vs estimated rows per loop
    Cost,          // the node's own planner cost (its total cost minus its children's)
    BuffersRead,   // blocks the node itself read from outside shared buffers (shared, local, temp)
};

// A colour as numbers, so models (which do not link Qt GUI) can say which colour they mean;
// widgets turn it into a QColor.
struct PlanRgb
{
    int red = 0;
    int green = 0;
    int blue = 0;

    friend bool operator==(const PlanRgb &, const PlanRgb &) = default;
};

// Places every node of a plan on a 0..1 scale for one metric. Time and misestimates use fixed
// scales (half of the execution time, a factor of 1,000 are the top) so a plan where nothing
// is slow does not turn red; rows, cost and blocks are relative to the plan's largest value,
// rows and blocks on a log scale because they span many orders of magnitude.
class PlanColorScale final
{
    Q_DECLARE_TR_FUNCTIONS(sightline::PlanColorScale)

public:
    PlanColorScale() = default;
    PlanColorScale(const PlanAnalysis &analysis, PlanColorMetric metric);

    PlanColorMetric metric() const { return m_metric; }
    // The plan has the numbers this metric needs (ANALYZE for time and rows, COSTS for cost,
    // BUFFERS for blocks).
    bool isAvailable() const { return m_available; }
    // 0 (nothing to see) .. 1 (the worst); 0 for nodes without a value.
    double intensity(int nodeId) const;

    static QList<PlanColorMetric> metrics(); // every metric except None, in menu order
    // The metric to colour a plan by when `preferred` is wanted: itself when the plan has its
    // numbers, else the next best it has (time, then cost, then rows), else None.
    static PlanColorMetric effectiveMetric(const PlanAnalysis &analysis, PlanColorMetric preferred);
    static QString metricName(PlanColorMetric metric);
    static QString metricKey(PlanColorMetric metric); // "time", "rows", ... (command line)
    static std::optional<PlanColorMetric> metricForKey(const QString &key);

    // The metric's raw number for one node (ms, rows, factor, cost units, blocks), nullopt when
    // the plan does not carry it for that node.
    static std::optional<double> value(const PlanAnalysis &analysis, int nodeId,
                                       PlanColorMetric metric);
    // The node's own cost: its total cost minus its direct children's total costs, never
    // negative; nullopt without COSTS.
    static std::optional<double> exclusiveCost(const Plan &plan, int nodeId);

    // Heat from cool to hot for an intensity; `dark` picks the variant for dark palettes.
    static PlanRgb heat(double intensity, bool dark);
    // Intensities below this are not worth a colour: views leave such nodes plain.
    static constexpr double visibleIntensity = 0.1;
    // The time scale on its own, for shares that are not a node's (inclusive time, groups).
    static double timeIntensity(double share);
    // One colour per severity, used by every plan view and export.
    static PlanRgb severity(PlanFlagSeverity severity, bool dark);

private:
    PlanColorMetric m_metric = PlanColorMetric::None;
    QList<double> m_intensity;
    bool m_available = false;
};

} // namespace sightline
