#include "planedgeitem.h"

#include "models/plan/plannodefacts.h"

#include <QPainter>
#include <QStyleOptionGraphicsItem>

#include <algorithm>
#include <cmath>

namespace sightline {

namespace {

constexpr double minWidth = 1.5;
constexpr double maxExtraWidth = 10;
constexpr double lodLabel = 0.55;

} // namespace

PlanEdgeItem::PlanEdgeItem(const PlanSceneContext *context, int parentId, int childId)
    : m_context(context)
    , m_parent(parentId)
    , m_child(childId)
{
    setAcceptedMouseButtons(Qt::NoButton);
    setZValue(0);
    refresh();
}

void PlanEdgeItem::refresh()
{
    const PlanSceneContext &ctx = *m_context;
    const double rows = ctx.flowRows.value(m_child);
    m_width = minWidth;
    if (ctx.maxFlowRows > 0 && rows > 0)
        m_width += maxExtraWidth * std::log1p(rows) / std::log1p(ctx.maxFlowRows);
    const PlanAnalysis &a = *ctx.analysis;
    const NodeMetrics &m = a.metrics.at(m_child);
    m_label.clear();
    if (!ctx.inactive.value(m_child)) {
        if (m.actualRowsTotal)
            m_label = PlanNodeFacts::formatCompact(*m.actualRowsTotal);
        else if (m.estimatedRowsTotal)
            m_label = PlanNodeFacts::tr("est. %1").arg(
                PlanNodeFacts::formatCompact(*m.estimatedRowsTotal));
    }
    setEnds(m_from, m_to, m_busY);
}

void PlanEdgeItem::setEnds(const QPointF &from, const QPointF &to, double busY)
{
    prepareGeometryChange();
    m_from = from;
    m_to = to;
    m_busY = std::clamp(busY, std::min(from.y(), to.y()), std::max(from.y(), to.y()));
    m_path = QPainterPath(from);
    m_path.lineTo(from.x(), m_busY);
    m_path.lineTo(to.x(), m_busY);
    m_path.lineTo(to);
    // The pieces overlap by half a width at the corners, so the elbows have no notches.
    const double half = m_width / 2;
    m_pieces = {QRectF(QPointF(from.x() - half, from.y()), QPointF(from.x() + half, m_busY + half)),
                QRectF(QPointF(std::min(from.x(), to.x()) - half, m_busY - half),
                       QPointF(std::max(from.x(), to.x()) + half, m_busY + half)),
                QRectF(QPointF(to.x() - half, m_busY - half), QPointF(to.x() + half, to.y()))};

    const PlanSceneContext &ctx = *m_context;
    const QFontMetricsF &fm = ctx.metrics(PlanSceneContext::FontRole::Small);
    const double labelWidth = ctx.textWidth(PlanSceneContext::FontRole::Small, m_label);
    // Beside the last, vertical piece, on the side the bus does not come from.
    const bool left = from.x() > to.x() + 1;
    const double x = left ? to.x() - half - 5 - labelWidth : to.x() + half + 5;
    const double y = (m_busY + half + to.y()) / 2 - fm.height() / 2;
    m_labelRect = m_label.isEmpty() ? QRectF() : QRectF(x, y, labelWidth, fm.height());
    m_bounds = m_path.boundingRect().adjusted(-m_width, -m_width, m_width, m_width);
    if (!m_labelRect.isNull())
        m_bounds = m_bounds.united(m_labelRect);
}

QRectF PlanEdgeItem::boundingRect() const
{
    return m_bounds;
}

void PlanEdgeItem::paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *)
{
    const PlanSceneContext &ctx = *m_context;
    const double lod = option->levelOfDetailFromTransform(painter->worldTransform());
    const bool inactive = ctx.inactive.value(m_child);
    const QColor color = inactive ? ctx.palette.inactiveText : ctx.palette.edge;
    if (ctx.interactive && !inactive) {
        for (const QRectF &piece : m_pieces)
            painter->fillRect(piece, color);
    } else {
        QPen pen(color, m_width, inactive ? Qt::DashLine : Qt::SolidLine, Qt::FlatCap,
                 Qt::MiterJoin);
        painter->setPen(pen);
        painter->setBrush(Qt::NoBrush);
        painter->drawPath(m_path);
    }
    if (lod >= lodLabel && !m_label.isEmpty()) {
        painter->setFont(ctx.font(PlanSceneContext::FontRole::Small));
        painter->setPen(ctx.palette.mutedText);
        painter->drawText(m_labelRect, Qt::AlignCenter, m_label);
    }
}

} // namespace sightline
