#include "plantablemodel.h"

#include "planitemroles.h"
#include "plannodefacts.h"
#include "planreport.h"

#include <cmath>

namespace sightline {

namespace {

// The inclusive share is coloured on the same scale as the exclusive one.
double inclusiveIntensity(const PlanAnalysis &analysis, int id)
{
    const NodeMetrics &m = analysis.metrics.at(id);
    if (!m.hasTime || analysis.summary.totalMs <= 0)
        return 0;
    return PlanColorScale::timeIntensity(m.inclusiveMs / analysis.summary.totalMs);
}

} // namespace

PlanTableModel::PlanTableModel(QObject *parent)
    : QAbstractTableModel(parent)
{}

void PlanTableModel::setAnalysis(std::shared_ptr<const PlanAnalysis> analysis)
{
    beginResetModel();
    m_analysis = std::move(analysis);
    m_inactive.clear();
    m_worstSeverity.clear();
    m_flagNames.clear();
    m_flagMessages.clear();
    if (m_analysis) {
        const PlanAnalysis &a = *m_analysis;
        const qsizetype n = a.plan.nodes.size();
        m_nodeScale = PlanColorScale(a, m_metric);
        m_timeScale = PlanColorScale(a, PlanColorMetric::ExclusiveTime);
        m_misestimateScale = PlanColorScale(a, PlanColorMetric::Misestimate);
        m_inactive = PlanNodeFacts::inactiveNodes(a.plan);
        m_worstSeverity.fill(-1, n);
        m_flagNames.resize(n);
        m_flagMessages.resize(n);
        for (const PlanFlag &flag : PlanReport::sortedFlags(a)) {
            if (flag.nodeId < 0 || flag.nodeId >= n)
                continue;
            m_worstSeverity[flag.nodeId] =
                std::max(m_worstSeverity[flag.nodeId], int(flag.severity));
            const QString name = PlanNodeFacts::flagShortName(flag.ruleId);
            if (!m_flagNames[flag.nodeId].contains(name))
                m_flagNames[flag.nodeId].append(name);
            m_flagMessages[flag.nodeId].append(flag.message);
        }
    } else {
        m_nodeScale = {};
        m_timeScale = {};
        m_misestimateScale = {};
    }
    endResetModel();
}

void PlanTableModel::setColorMetric(PlanColorMetric metric)
{
    if (metric == m_metric)
        return;
    m_metric = metric;
    if (!m_analysis)
        return;
    m_nodeScale = PlanColorScale(*m_analysis, metric);
    if (rowCount() > 0)
        Q_EMIT dataChanged(index(0, NodeColumn), index(rowCount() - 1, NodeColumn), {PlanHeatRole});
}

int PlanTableModel::rowCount(const QModelIndex &parent) const
{
    if (parent.isValid() || !m_analysis)
        return 0;
    return int(m_analysis->plan.nodes.size());
}

int PlanTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant PlanTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid) ||
        !m_analysis)
        return {};
    const PlanAnalysis &a = *m_analysis;
    const int id = index.row();
    const PlanNode &node = a.plan.nodes.at(id);
    const NodeMetrics &m = a.metrics.at(id);
    const bool timed = m.hasTime && !node.neverExecuted;
    const int column = index.column();

    switch (role) {
    case PlanNodeIdRole:
        return id;
    case PlanInactiveRole:
        return m_inactive.value(id);
    case PlanDepthRole:
        return node.depth - a.plan.nodes.front().depth;
    case PlanSeverityRole:
        if (column == NodeColumn || column == FlagsColumn) {
            const int severity = m_worstSeverity.value(id, -1);
            return severity >= 0 ? QVariant(severity) : QVariant();
        }
        return {};
    case PlanHeatRole:
        switch (column) {
        case ExclusiveColumn:
        case ShareColumn:
            return timed ? QVariant(m_timeScale.intensity(id)) : QVariant();
        case InclusiveColumn:
            return timed ? QVariant(inclusiveIntensity(a, id)) : QVariant();
        case MisestimateColumn:
            return m.misestimateDirection != MisestimateDirection::None
                       ? QVariant(m_misestimateScale.intensity(id))
                       : QVariant();
        case NodeColumn:
            return m_metric != PlanColorMetric::None ? QVariant(m_nodeScale.intensity(id))
                                                     : QVariant();
        default:
            return {};
        }
    case Qt::TextAlignmentRole:
        if (column == NodeColumn || column == FlagsColumn)
            return QVariant(Qt::AlignLeft | Qt::AlignVCenter);
        return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    case Qt::ToolTipRole:
        if (column == NodeColumn || column == FlagsColumn) {
            QString tip = node.label();
            if (!m_flagMessages.value(id).isEmpty())
                tip += QLatin1Char('\n') + m_flagMessages.at(id).join(QLatin1Char('\n'));
            return tip;
        }
        return {};
    case PlanSortRole:
        switch (column) {
        case ExclusiveColumn:
        case ShareColumn:
            return timed ? m.exclusiveMs : -1.0;
        case InclusiveColumn:
            return timed ? m.inclusiveMs : -1.0;
        case MisestimateColumn:
            return m.misestimateDirection != MisestimateDirection::None ? m.misestimateFactor : 0.0;
        case RowsColumn:
            return node.actualRows.value_or(-1);
        case EstimatedColumn:
            return node.planRows.value_or(-1);
        case LoopsColumn:
            return node.actualLoops.value_or(-1);
        case NodeColumn:
            return id;
        case FlagsColumn:
            return m_worstSeverity.value(id, -1);
        default:
            return {};
        }
    case Qt::DisplayRole:
        switch (column) {
        case ExclusiveColumn:
            if (node.neverExecuted)
                return tr("never executed");
            return timed ? PlanNodeFacts::formatMs(m.exclusiveMs) : QString();
        case ShareColumn:
            return timed ? PlanNodeFacts::formatPercent(m.executionShare) : QString();
        case InclusiveColumn:
            return timed ? PlanNodeFacts::formatMs(m.inclusiveMs) : QString();
        case MisestimateColumn:
            return PlanNodeFacts::formatMisestimate(m);
        case RowsColumn:
            return node.actualRows ? PlanNodeFacts::formatRows(*node.actualRows) : QString();
        case EstimatedColumn:
            return node.planRows ? PlanNodeFacts::formatRows(*node.planRows) : QString();
        case LoopsColumn:
            return node.actualLoops ? PlanNodeFacts::formatRows(*node.actualLoops) : QString();
        case NodeColumn: {
            QString text = QStringLiteral("#%1  ").arg(id);
            if (node.isSubplanRoot())
                text += QLatin1Char('[') + node.subplanName + QLatin1String("]  ");
            return text + node.label();
        }
        case FlagsColumn:
            return m_flagNames.value(id).join(QLatin1String(", "));
        default:
            return {};
        }
    default:
        return {};
    }
}

QVariant PlanTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return {};
    if (role == Qt::DisplayRole) {
        switch (section) {
        case ExclusiveColumn:
            return tr("Exclusive");
        case ShareColumn:
            return tr("%");
        case InclusiveColumn:
            return tr("Inclusive");
        case MisestimateColumn:
            return tr("Rows ×");
        case RowsColumn:
            return tr("Rows");
        case EstimatedColumn:
            return tr("Estimated");
        case LoopsColumn:
            return tr("Loops");
        case NodeColumn:
            return tr("Node");
        case FlagsColumn:
            return tr("Flags");
        default:
            return {};
        }
    }
    if (role == Qt::ToolTipRole) {
        switch (section) {
        case ExclusiveColumn:
            return tr("Time spent in the node itself over all its loops, without its children");
        case ShareColumn:
            return tr("Exclusive time as a share of the execution time");
        case InclusiveColumn:
            return tr("Time spent in the node and everything below it, over all its loops");
        case MisestimateColumn:
            return tr("How far the planner's row estimate was off, per loop");
        case RowsColumn:
            return tr("Actual rows per loop");
        case EstimatedColumn:
            return tr("Estimated rows per loop");
        case LoopsColumn:
            return tr("How many times the node ran");
        default:
            return {};
        }
    }
    return {};
}

} // namespace sightline
