#pragma once

#include "planmetrics.h"

#include <QAbstractTableModel>

#include <memory>

namespace sightline {

// The red flags of a plan, most severe first and then slowest node first (PlanReport's
// order). PlanNodeIdRole gives the flagged node (-1 for a plan-level flag), PlanSeverityRole
// its severity; the tooltip says why it matters and what to try.
class PlanFlagsModel final : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        SeverityColumn,
        FlagColumn,
        NodeColumn,
        TimeColumn,
        MessageColumn,
        ColumnCount
    };

    explicit PlanFlagsModel(QObject *parent = nullptr);

    void setAnalysis(std::shared_ptr<const PlanAnalysis> analysis);
    const QList<PlanFlag> &flags() const { return m_flags; }
    // The row of the first flag on a node, or -1.
    int rowForNode(int nodeId) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    std::shared_ptr<const PlanAnalysis> m_analysis;
    QList<PlanFlag> m_flags;
};

} // namespace sightline
