#pragma once

#include "planmetrics.h"

#include <QAbstractItemModel>

#include <memory>

namespace sightline {

// Where the time went, summed up: one group per node type, per relation and per index, each
// with its node count, exclusive time, share of the execution time, rows and blocks read.
// A tree: three top-level rows ("Node types", "Relations", "Indexes") with one child per
// entry, slowest first. PlanNodeIdRole on an entry is its slowest node, PlanNodeIdsRole all of
// its nodes.
class PlanStatsModel final : public QAbstractItemModel
{
    Q_OBJECT

public:
    enum Column
    {
        NameColumn,
        CountColumn,
        TimeColumn,
        ShareColumn,
        RowsColumn,
        BlocksReadColumn,
        ColumnCount
    };

    enum Group
    {
        NodeTypeGroup,
        RelationGroup,
        IndexGroup,
        GroupCount
    };

    struct Entry
    {
        QString name;
        QList<int> nodes;
        double exclusiveMs = 0;
        double share = 0;
        double rows = 0;
        double blocksRead = 0;
        bool hasTime = false;
        bool hasRows = false;
        bool hasBuffers = false;
    };

    explicit PlanStatsModel(QObject *parent = nullptr);

    void setAnalysis(std::shared_ptr<const PlanAnalysis> analysis);
    const QList<Entry> &entries(Group group) const { return m_groups[group]; }
    static QString groupName(Group group);

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    std::shared_ptr<const PlanAnalysis> m_analysis;
    QList<Entry> m_groups[GroupCount];
};

} // namespace sightline
