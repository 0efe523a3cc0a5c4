#pragma once

#include "widgets/plan/planscenecontext.h"

#include <QGraphicsItem>
#include <QPainterPath>

#include <array>

namespace sightline {

// The link from a parent card down to one child, drawn as an elbow (down from the parent, along
// a bus shared with the siblings, down into the child) as thick as the rows flowing up it (log
// scale), labelled with the row count when zoomed in; dashed under nodes that did not run.
// Axis-aligned segments fill as plain rectangles, so thousands of links pan and zoom at frame
// rate where stroked curves would not.
class PlanEdgeItem final : public QGraphicsItem
{
public:
    enum
    {
        Type = UserType + 702
    };

    PlanEdgeItem(const PlanSceneContext *context, int parentId, int childId);

    int type() const override { return Type; }
    int parentId() const { return m_parent; }
    int childId() const { return m_child; }
    double penWidth() const { return m_width; }

    // From the bottom centre of the parent to the top centre of the child, the horizontal run
    // at busY; scene coordinates (the item itself stays at the origin).
    void setEnds(const QPointF &from, const QPointF &to, double busY);
    void refresh(); // after a palette or font change

    QRectF boundingRect() const override;
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

private:
    const PlanSceneContext *m_context;
    int m_parent;
    int m_child;
    double m_width = 1;
    QPointF m_from;
    QPointF m_to;
    double m_busY = 0;
    QPainterPath m_path;            // the centre line, stroked for exports and dashed links
    std::array<QRectF, 3> m_pieces; // the same as three filled rectangles, for the screen
    QString m_label;
    QRectF m_labelRect;
    QRectF m_bounds;
};

} // namespace sightline
