#include "planstatsmodel.h"

#include "plancolorscale.h"
#include "planitemroles.h"
#include "plannodefacts.h"

#include <QHash>

#include <algorithm>
#include <cmath>

namespace sightline {

namespace {

// Child rows carry their group + 1 as internal id; top-level rows carry 0.
constexpr quintptr topLevel = 0;

} // namespace

PlanStatsModel::PlanStatsModel(QObject *parent)
    : QAbstractItemModel(parent)
{}

QString PlanStatsModel::groupName(Group group)
{
    switch (group) {
    case NodeTypeGroup:
        return tr("Node types");
    case RelationGroup:
        return tr("Relations");
    case IndexGroup:
        return tr("Indexes");
    case GroupCount:
        break;
    }
    return {};
}

void PlanStatsModel::setAnalysis(std::shared_ptr<const PlanAnalysis> analysis)
{
    beginResetModel();
    m_analysis = std::move(analysis);
    for (QList<Entry> &entries : m_groups)
        entries.clear();
    if (m_analysis) {
        const PlanAnalysis &a = *m_analysis;
        QHash<QString, int> positions[GroupCount];
        const auto add = [&](Group group, const QString &name, int id) {
            if (name.isEmpty())
                return;
            auto it = positions[group].find(name);
            if (it == positions[group].end()) {
                it = positions[group].insert(name, int(m_groups[group].size()));
                Entry entry;
                entry.name = name;
                m_groups[group].append(entry);
            }
            Entry &entry = m_groups[group][it.value()];
            entry.nodes.append(id);
            const PlanNode &node = a.plan.nodes.at(id);
            const NodeMetrics &m = a.metrics.at(id);
            if (m.hasTime && !node.neverExecuted) {
                entry.hasTime = true;
                entry.exclusiveMs += m.exclusiveMs;
                entry.share += m.executionShare;
            }
            if (m.actualRowsTotal) {
                entry.hasRows = true;
                entry.rows += *m.actualRowsTotal;
            }
            if (node.buffers.hasBuffers) {
                entry.hasBuffers = true;
                entry.blocksRead +=
                    double(m.exclusiveBuffers.sharedRead + m.exclusiveBuffers.localRead +
                           m.exclusiveBuffers.tempRead);
            }
        };
        for (const PlanNode &node : a.plan.nodes) {
            add(NodeTypeGroup, node.displayName(), node.id);
            if (!node.relationName.isEmpty()) {
                add(RelationGroup,
                    node.schema.isEmpty() ? node.relationName
                                          : node.schema + QLatin1Char('.') + node.relationName,
                    node.id);
            }
            add(IndexGroup, node.indexName, node.id);
        }
        for (QList<Entry> &entries : m_groups) {
            std::stable_sort(entries.begin(), entries.end(), [](const Entry &x, const Entry &y) {
                if (x.exclusiveMs != y.exclusiveMs)
                    return x.exclusiveMs > y.exclusiveMs;
                if (x.nodes.size() != y.nodes.size())
                    return x.nodes.size() > y.nodes.size();
                return x.name < y.name;
            });
            // The slowest node first, so PlanNodeIdRole can hand it out.
            for (Entry &entry : entries) {
                std::stable_sort(entry.nodes.begin(), entry.nodes.end(), [&](int x, int y) {
                    return a.metrics.at(x).exclusiveMs > a.metrics.at(y).exclusiveMs;
                });
            }
        }
    }
    endResetModel();
}

QModelIndex PlanStatsModel::index(int row, int column, const QModelIndex &parent) const
{
    if (!hasIndex(row, column, parent))
        return {};
    if (!parent.isValid())
        return createIndex(row, column, topLevel);
    return createIndex(row, column, quintptr(parent.row()) + 1);
}

QModelIndex PlanStatsModel::parent(const QModelIndex &child) const
{
    if (!child.isValid() || child.internalId() == topLevel)
        return {};
    return createIndex(int(child.internalId() - 1), 0, topLevel);
}

int PlanStatsModel::rowCount(const QModelIndex &parent) const
{
    if (!m_analysis)
        return 0;
    if (!parent.isValid())
        return GroupCount;
    if (parent.internalId() != topLevel || parent.column() != 0)
        return 0;
    return int(m_groups[parent.row()].size());
}

int PlanStatsModel::columnCount(const QModelIndex &) const
{
    return ColumnCount;
}

QVariant PlanStatsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid) || !m_analysis)
        return {};
    if (index.internalId() == topLevel) {
        const auto group = Group(index.row());
        if (role == Qt::DisplayRole) {
            if (index.column() == NameColumn)
                return groupName(group);
            if (index.column() == CountColumn)
                return QString::number(m_groups[group].size());
        } else if (role == PlanSortRole) {
            return index.row();
        } else if (role == PlanNodeIdRole) {
            return -1;
        }
        return {};
    }

    const auto group = Group(index.internalId() - 1);
    const Entry &entry = m_groups[group].at(index.row());
    switch (role) {
    case PlanNodeIdRole:
        return entry.nodes.isEmpty() ? -1 : entry.nodes.front();
    case PlanNodeIdsRole:
        return QVariant::fromValue(entry.nodes);
    case PlanHeatRole:
        if (index.column() == TimeColumn || index.column() == ShareColumn)
            return entry.hasTime ? QVariant(PlanColorScale::timeIntensity(entry.share))
                                 : QVariant();
        return {};
    case Qt::TextAlignmentRole:
        return index.column() == NameColumn ? QVariant(Qt::AlignLeft | Qt::AlignVCenter)
                                            : QVariant(Qt::AlignRight | Qt::AlignVCenter);
    case PlanSortRole:
        switch (index.column()) {
        case NameColumn:
            return entry.name;
        case CountColumn:
            return int(entry.nodes.size());
        case TimeColumn:
        case ShareColumn:
            return entry.hasTime ? entry.exclusiveMs : -1.0;
        case RowsColumn:
            return entry.hasRows ? entry.rows : -1.0;
        case BlocksReadColumn:
            return entry.hasBuffers ? entry.blocksRead : -1.0;
        default:
            return {};
        }
    case Qt::DisplayRole:
        switch (index.column()) {
        case NameColumn:
            return entry.name;
        case CountColumn:
            return QString::number(entry.nodes.size());
        case TimeColumn:
            return entry.hasTime ? PlanNodeFacts::formatMs(entry.exclusiveMs) : QString();
        case ShareColumn:
            return entry.hasTime ? PlanNodeFacts::formatPercent(entry.share) : QString();
        case RowsColumn:
            return entry.hasRows ? PlanNodeFacts::formatRows(entry.rows) : QString();
        case BlocksReadColumn:
            return entry.hasBuffers ? PlanNodeFacts::formatBlocks(entry.blocksRead) : QString();
        default:
            return {};
        }
    default:
        return {};
    }
}

QVariant PlanStatsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case NameColumn:
        return tr("Name");
    case CountColumn:
        return tr("Nodes");
    case TimeColumn:
        return tr("Exclusive");
    case ShareColumn:
        return tr("%");
    case RowsColumn:
        return tr("Rows, all loops");
    case BlocksReadColumn:
        return tr("Blocks read");
    default:
        return {};
    }
}

} // namespace sightline
