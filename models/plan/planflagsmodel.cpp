#include "planflagsmodel.h"

#include "planitemroles.h"
#include "plannodefacts.h"
#include "planreport.h"

namespace sightline {

namespace {

QString severityText(PlanFlagSeverity severity)
{
    switch (severity) {
    case PlanFlagSeverity::Info:
        return PlanFlagsModel::tr("Info");
    case PlanFlagSeverity::Warning:
        return PlanFlagsModel::tr("Warning");
    case PlanFlagSeverity::Critical:
        return PlanFlagsModel::tr("Critical");
    }
    return {};
}

} // namespace

PlanFlagsModel::PlanFlagsModel(QObject *parent)
    : QAbstractTableModel(parent)
{}

void PlanFlagsModel::setAnalysis(std::shared_ptr<const PlanAnalysis> analysis)
{
    beginResetModel();
    m_analysis = std::move(analysis);
    m_flags = m_analysis ? PlanReport::sortedFlags(*m_analysis) : QList<PlanFlag>();
    endResetModel();
}

int PlanFlagsModel::rowForNode(int nodeId) const
{
    for (qsizetype row = 0; row < m_flags.size(); ++row) {
        if (m_flags.at(row).nodeId == nodeId)
            return int(row);
    }
    return -1;
}

int PlanFlagsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_flags.size());
}

int PlanFlagsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant PlanFlagsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid) ||
        !m_analysis)
        return {};
    const PlanFlag &flag = m_flags.at(index.row());
    const Plan &plan = m_analysis->plan;
    const bool onNode = flag.nodeId >= 0 && flag.nodeId < plan.nodes.size();
    const NodeMetrics *metrics = onNode && flag.nodeId < m_analysis->metrics.size()
                                     ? &m_analysis->metrics.at(flag.nodeId)
                                     : nullptr;
    const bool timed = metrics && metrics->hasTime && !plan.nodes.at(flag.nodeId).neverExecuted;

    switch (role) {
    case PlanNodeIdRole:
        return onNode ? flag.nodeId : -1;
    case PlanSeverityRole:
        return int(flag.severity);
    case PlanSortRole:
        switch (index.column()) {
        case SeverityColumn:
            return int(flag.severity);
        case FlagColumn:
            return flag.ruleId;
        case NodeColumn:
            return onNode ? flag.nodeId : -1;
        case TimeColumn:
            return timed ? metrics->exclusiveMs : -1.0;
        case MessageColumn:
            return flag.message;
        default:
            return {};
        }
    case Qt::TextAlignmentRole:
        return index.column() == TimeColumn ? QVariant(Qt::AlignRight | Qt::AlignVCenter)
                                            : QVariant(Qt::AlignLeft | Qt::AlignVCenter);
    case Qt::ToolTipRole: {
        QStringList parts{flag.message};
        if (!flag.why.isEmpty())
            parts << tr("Why: %1").arg(flag.why);
        if (!flag.suggestion.isEmpty())
            parts << tr("Try: %1").arg(flag.suggestion);
        return parts.join(QLatin1Char('\n'));
    }
    case Qt::DisplayRole:
        switch (index.column()) {
        case SeverityColumn:
            return severityText(flag.severity);
        case FlagColumn:
            return PlanNodeFacts::flagShortName(flag.ruleId);
        case NodeColumn:
            return onNode ? QStringLiteral("#%1 %2")
                                .arg(flag.nodeId)
                                .arg(plan.nodes.at(flag.nodeId).label())
                          : tr("whole plan");
        case TimeColumn:
            return timed ? PlanNodeFacts::formatMs(metrics->exclusiveMs) : QString();
        case MessageColumn:
            return flag.message;
        default:
            return {};
        }
    default:
        return {};
    }
}

QVariant PlanFlagsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case SeverityColumn:
        return tr("Severity");
    case FlagColumn:
        return tr("Flag");
    case NodeColumn:
        return tr("Node");
    case TimeColumn:
        return tr("Exclusive");
    case MessageColumn:
        return tr("What was measured");
    default:
        return {};
    }
}

} // namespace sightline
