#include "plancolorscale.h"

#include "planthresholds.h"

#include <algorithm>
#include <array>
#include <cmath>

namespace sightline {

namespace {

// Time: half of the execution time in one node is as hot as it gets (the slow-node rule's
// critical share); the gentle curve lifts the shares that still matter (a tenth of the time is
// a third of the way up) while a node with 1 % stays nearly cold.
} // namespace

double PlanColorScale::timeIntensity(double share)
{
    return std::pow(std::clamp(share / planthresholds::slowNodeCriticalShare, 0.0, 1.0), 0.7);
}

namespace {

// Misestimates: the critical factor of the row-misestimate rule is the top of the scale.
double misestimateIntensity(double factor)
{
    if (factor <= 1)
        return 0;
    return std::clamp(std::log10(factor) / std::log10(planthresholds::misestimateCriticalFactor),
                      0.0, 1.0);
}

struct Stop
{
    double at;
    PlanRgb rgb;
};

PlanRgb interpolate(const std::array<Stop, 3> &stops, double t)
{
    t = std::clamp(t, 0.0, 1.0);
    for (size_t i = 1; i < stops.size(); ++i) {
        if (t <= stops[i].at) {
            const Stop &a = stops[i - 1];
            const Stop &b = stops[i];
            const double f = (t - a.at) / (b.at - a.at);
            const auto mix = [f](int x, int y) { return int(std::lround(x + (y - x) * f)); };
            return {mix(a.rgb.red, b.rgb.red), mix(a.rgb.green, b.rgb.green),
                    mix(a.rgb.blue, b.rgb.blue)};
        }
    }
    return stops.back().rgb;
}

} // namespace

PlanColorScale::PlanColorScale(const PlanAnalysis &analysis, PlanColorMetric metric)
    : m_metric(metric)
{
    const qsizetype n = analysis.plan.nodes.size();
    m_intensity.fill(0.0, n);
    if (metric == PlanColorMetric::None)
        return;
    QList<std::optional<double>> values(n);
    double maxValue = 0;
    for (qsizetype i = 0; i < n; ++i) {
        values[i] = value(analysis, int(i), metric);
        if (values[i]) {
            m_available = true;
            maxValue = std::max(maxValue, *values[i]);
        }
    }
    for (qsizetype i = 0; i < n; ++i) {
        if (!values[i])
            continue;
        const double v = std::max(0.0, *values[i]);
        double t = 0;
        switch (metric) {
        case PlanColorMetric::ExclusiveTime:
            t = i < analysis.metrics.size() ? timeIntensity(analysis.metrics.at(i).executionShare)
                                            : 0;
            break;
        case PlanColorMetric::Misestimate:
            t = misestimateIntensity(v);
            break;
        case PlanColorMetric::Rows:
        case PlanColorMetric::BuffersRead:
            t = maxValue > 0 ? std::log1p(v) / std::log1p(maxValue) : 0;
            break;
        case PlanColorMetric::Cost:
            t = maxValue > 0 ? std::sqrt(v / maxValue) : 0;
            break;
        case PlanColorMetric::None:
            break;
        }
        m_intensity[i] = std::isfinite(t) ? std::clamp(t, 0.0, 1.0) : 0.0;
    }
}

double PlanColorScale::intensity(int nodeId) const
{
    return nodeId >= 0 && nodeId < m_intensity.size() ? m_intensity.at(nodeId) : 0.0;
}

QList<PlanColorMetric> PlanColorScale::metrics()
{
    return {PlanColorMetric::ExclusiveTime, PlanColorMetric::Rows, PlanColorMetric::Misestimate,
            PlanColorMetric::Cost, PlanColorMetric::BuffersRead};
}

PlanColorMetric PlanColorScale::effectiveMetric(const PlanAnalysis &analysis,
                                                PlanColorMetric preferred)
{
    if (preferred == PlanColorMetric::None || PlanColorScale(analysis, preferred).isAvailable())
        return preferred;
    for (const PlanColorMetric metric :
         {PlanColorMetric::ExclusiveTime, PlanColorMetric::Cost, PlanColorMetric::Rows}) {
        if (PlanColorScale(analysis, metric).isAvailable())
            return metric;
    }
    return PlanColorMetric::None;
}

QString PlanColorScale::metricName(PlanColorMetric metric)
{
    switch (metric) {
    case PlanColorMetric::None:
        return tr("Nothing");
    case PlanColorMetric::ExclusiveTime:
        return tr("Exclusive time");
    case PlanColorMetric::Rows:
        return tr("Rows");
    case PlanColorMetric::Misestimate:
        return tr("Misestimate");
    case PlanColorMetric::Cost:
        return tr("Cost");
    case PlanColorMetric::BuffersRead:
        return tr("Buffers read");
    }
    return {};
}

QString PlanColorScale::metricKey(PlanColorMetric metric)
{
    switch (metric) {
    case PlanColorMetric::None:
        return QStringLiteral("none");
    case PlanColorMetric::ExclusiveTime:
        return QStringLiteral("time");
    case PlanColorMetric::Rows:
        return QStringLiteral("rows");
    case PlanColorMetric::Misestimate:
        return QStringLiteral("misestimate");
    case PlanColorMetric::Cost:
        return QStringLiteral("cost");
    case PlanColorMetric::BuffersRead:
        return QStringLiteral("buffers");
    }
    return {};
}

std::optional<PlanColorMetric> PlanColorScale::metricForKey(const QString &key)
{
    for (const PlanColorMetric metric :
         {PlanColorMetric::None, PlanColorMetric::ExclusiveTime, PlanColorMetric::Rows,
          PlanColorMetric::Misestimate, PlanColorMetric::Cost, PlanColorMetric::BuffersRead}) {
        if (metricKey(metric) == key)
            return metric;
    }
    return std::nullopt;
}

std::optional<double> PlanColorScale::exclusiveCost(const Plan &plan, int nodeId)
{
    if (nodeId < 0 || nodeId >= plan.nodes.size())
        return std::nullopt;
    const PlanNode &node = plan.nodes.at(nodeId);
    if (!node.totalCost)
        return std::nullopt;
    double cost = *node.totalCost;
    for (const int child : node.children) {
        if (child > nodeId && child < plan.nodes.size() && plan.nodes.at(child).totalCost)
            cost -= *plan.nodes.at(child).totalCost;
    }
    return std::max(0.0, cost);
}

std::optional<double> PlanColorScale::value(const PlanAnalysis &analysis, int nodeId,
                                            PlanColorMetric metric)
{
    const Plan &plan = analysis.plan;
    if (nodeId < 0 || nodeId >= plan.nodes.size() || nodeId >= analysis.metrics.size())
        return std::nullopt;
    const PlanNode &node = plan.nodes.at(nodeId);
    const NodeMetrics &m = analysis.metrics.at(nodeId);
    switch (metric) {
    case PlanColorMetric::None:
        return std::nullopt;
    case PlanColorMetric::ExclusiveTime:
        if (!m.hasTime || node.neverExecuted)
            return std::nullopt;
        return m.exclusiveMs;
    case PlanColorMetric::Rows:
        return m.actualRowsTotal ? m.actualRowsTotal : m.estimatedRowsTotal;
    case PlanColorMetric::Misestimate:
        if (m.misestimateDirection == MisestimateDirection::None)
            return std::nullopt;
        return m.misestimateFactor;
    case PlanColorMetric::Cost:
        return exclusiveCost(plan, nodeId);
    case PlanColorMetric::BuffersRead:
        if (!node.buffers.hasBuffers)
            return std::nullopt;
        return double(m.exclusiveBuffers.sharedRead + m.exclusiveBuffers.localRead +
                      m.exclusiveBuffers.tempRead);
    }
    return std::nullopt;
}

PlanRgb PlanColorScale::heat(double intensity, bool dark)
{
    static constexpr std::array<Stop, 3> light = {
        Stop{0.0, {250, 204, 21}}, Stop{0.5, {245, 124, 0}}, Stop{1.0, {211, 47, 47}}};
    static constexpr std::array<Stop, 3> night = {
        Stop{0.0, {214, 178, 46}}, Stop{0.5, {230, 126, 34}}, Stop{1.0, {235, 87, 87}}};
    return interpolate(dark ? night : light, intensity);
}

PlanRgb PlanColorScale::severity(PlanFlagSeverity severity, bool dark)
{
    switch (severity) {
    case PlanFlagSeverity::Info:
        return dark ? PlanRgb{110, 168, 254} : PlanRgb{25, 103, 210};
    case PlanFlagSeverity::Warning:
        return dark ? PlanRgb{255, 183, 77} : PlanRgb{191, 110, 0};
    case PlanFlagSeverity::Critical:
        return dark ? PlanRgb{255, 110, 110} : PlanRgb{198, 40, 40};
    }
    return {};
}

} // namespace sightline
