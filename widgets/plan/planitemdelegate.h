#pragma once

#include <QStyledItemDelegate>

namespace sightline {

// Paints the plan item models' cells the way the graph paints cards: a heat-tinted background
// from PlanHeatRole, greyed text for nodes that did not run (PlanInactiveRole), the node column
// indented by PlanDepthRole, and a severity column drawn as coloured pills (PlanSeverityRole).
class PlanItemDelegate final : public QStyledItemDelegate
{
    Q_OBJECT

public:
    explicit PlanItemDelegate(QObject *parent = nullptr);

    void setIndentColumn(int column) { m_indentColumn = column; }
    void setSeverityColumn(int column) { m_severityColumn = column; }
    static constexpr int indentStep = 16;

    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;

private:
    int m_indentColumn = -1;
    int m_severityColumn = -1;
};

} // namespace sightline
