#pragma once

#include "plancolorscale.h"
#include "planmetrics.h"

#include <QAbstractTableModel>

#include <memory>

namespace sightline {

// The plan as a table in the spirit of depesz's explain: one row per node in plan order (row
// == node id), the node column indented by depth (PlanDepthRole), exclusive and inclusive time
// with their share, the misestimate factor, rows and loops. Time and misestimate cells carry
// PlanHeatRole on their own scales; the node column carries the chosen colour metric.
class PlanTableModel final : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        ExclusiveColumn,
        ShareColumn,
        InclusiveColumn,
        MisestimateColumn,
        RowsColumn,
        EstimatedColumn,
        LoopsColumn,
        NodeColumn,
        FlagsColumn,
        ColumnCount
    };

    explicit PlanTableModel(QObject *parent = nullptr);

    void setAnalysis(std::shared_ptr<const PlanAnalysis> analysis);
    const PlanAnalysis *analysis() const { return m_analysis.get(); }
    void setColorMetric(PlanColorMetric metric);
    PlanColorMetric colorMetric() const { return m_nodeScale.metric(); }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    std::shared_ptr<const PlanAnalysis> m_analysis;
    PlanColorScale m_nodeScale;
    PlanColorScale m_timeScale;
    PlanColorScale m_misestimateScale;
    QList<bool> m_inactive;
    QList<int> m_worstSeverity; // per node, -1 without flags
    QList<QStringList> m_flagNames;
    QList<QStringList> m_flagMessages;
    PlanColorMetric m_metric = PlanColorMetric::ExclusiveTime;
};

} // namespace sightline
