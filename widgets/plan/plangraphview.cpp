#include "plangraphview.h"

#include "widgets/plan/planedgeitem.h"
#include "widgets/plan/plannodeitem.h"
#include "widgets/plan/planscene.h"

#include <QKeyEvent>
#include <QPainter>
#include <QScrollBar>
#include <QWheelEvent>

#include <cmath>

namespace sightline {

namespace {

constexpr double zoomStep = 1.25;
constexpr int minimapMargin = 10;
constexpr int minimapMaxWidth = 240;
constexpr int minimapMaxHeight = 170;

} // namespace

PlanGraphView::PlanGraphView(QWidget *parent)
    : QGraphicsView(parent)
{
    setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing);
    setDragMode(ScrollHandDrag);
    setTransformationAnchor(AnchorUnderMouse);
    setResizeAnchor(AnchorViewCenter);
    setOptimizationFlag(DontAdjustForAntialiasing, true);
    setFocusPolicy(Qt::StrongFocus);
    setFrameShape(QFrame::NoFrame);
    m_minimap = new PlanMinimap(this);
    m_minimap->hide();
}

void PlanGraphView::setPlanScene(PlanScene *scene)
{
    if (m_scene)
        disconnect(m_scene, nullptr, this, nullptr);
    m_scene = scene;
    setScene(scene);
    if (scene) {
        const auto redraw = [this] {
            m_minimapDirty = true;
            updateMinimap();
        };
        connect(scene, &PlanScene::layoutChanged, this, redraw);
        connect(scene, &PlanScene::appearanceChanged, this, redraw);
    }
    m_minimapDirty = true;
    updateMinimap();
}

double PlanGraphView::zoom() const
{
    return transform().m11();
}

void PlanGraphView::setZoom(double zoom)
{
    const double target = std::clamp(zoom, minZoom, maxZoom);
    const double current = this->zoom();
    if (current <= 0 || std::fabs(target - current) < 1e-9)
        return;
    const ViewportAnchor anchor = transformationAnchor();
    setTransformationAnchor(AnchorViewCenter);
    scale(target / current, target / current);
    setTransformationAnchor(anchor);
    Q_EMIT zoomChanged(target);
    updateMinimap();
}

void PlanGraphView::zoomBy(double factor)
{
    const double current = zoom();
    const double target = std::clamp(current * factor, minZoom, maxZoom);
    if (current <= 0 || std::fabs(target - current) < 1e-9)
        return;
    scale(target / current, target / current);
    Q_EMIT zoomChanged(target);
    updateMinimap();
}

void PlanGraphView::zoomIn()
{
    setZoom(zoom() * zoomStep);
}

void PlanGraphView::zoomOut()
{
    setZoom(zoom() / zoomStep);
}

void PlanGraphView::resetZoom()
{
    setZoom(1.0);
}

void PlanGraphView::fitPlan()
{
    if (!m_scene)
        return;
    fitInView(m_scene->sceneRect(), Qt::KeepAspectRatio);
    // A small plan is not blown up past 100 %: cards would look clumsy, not clearer.
    const double fitted = std::clamp(zoom(), minZoom, 1.0);
    resetTransform();
    scale(fitted, fitted);
    centerOn(m_scene->sceneRect().center());
    Q_EMIT zoomChanged(fitted);
    updateMinimap();
}

void PlanGraphView::frameNode(int nodeId)
{
    m_pendingFrame = nodeId;
    m_framePending = true;
    if (isVisible() && viewport()->width() > 50 && viewport()->height() > 50)
        applyFrame(nodeId);
}

void PlanGraphView::applyFrame(int nodeId)
{
    m_framePending = false;
    if (!m_scene)
        return;
    const QRectF all = m_scene->sceneRect();
    const QSizeF room = viewport()->size();
    const double fit = std::min(room.width() / std::max(all.width(), 1.0),
                                room.height() / std::max(all.height(), 1.0));
    const double target = std::clamp(fit, readableZoom, 1.0);
    resetTransform();
    scale(target, target);
    if (fit >= readableZoom || m_scene->nodeRect(nodeId).isNull())
        centerOn(all.center());
    else
        centerOn(m_scene->nodeRect(nodeId).center());
    Q_EMIT zoomChanged(target);
    updateMinimap();
}

void PlanGraphView::showNode(int nodeId)
{
    if (!m_scene)
        return;
    const QRectF rect = m_scene->nodeRect(nodeId);
    if (!rect.isNull())
        ensureVisible(rect, 40, 40);
}

int PlanGraphView::neighbour(int from, int key) const
{
    if (!m_scene || !m_scene->analysis() || !m_scene->isNodeVisible(from))
        return -1;
    const Plan &plan = m_scene->analysis()->plan;
    const PlanNode &node = plan.nodes.at(from);
    switch (key) {
    case Qt::Key_Up:
        return node.parent >= 0 && node.parent < from ? node.parent : -1;
    case Qt::Key_Down:
        for (const int child : node.children) {
            if (m_scene->isNodeVisible(child))
                return child;
        }
        return -1;
    case Qt::Key_Left:
    case Qt::Key_Right: {
        // The nearest card on the same row, in the direction asked.
        const QRectF here = m_scene->nodeRect(from);
        int best = -1;
        double bestDistance = 0;
        for (int i = 0; i < plan.nodes.size(); ++i) {
            const QRectF rect = m_scene->nodeRect(i);
            if (i == from || rect.isNull() || !qFuzzyCompare(rect.top() + 1, here.top() + 1))
                continue;
            const double dx = rect.center().x() - here.center().x();
            if ((key == Qt::Key_Left && dx >= 0) || (key == Qt::Key_Right && dx <= 0))
                continue;
            if (best < 0 || std::fabs(dx) < bestDistance) {
                best = i;
                bestDistance = std::fabs(dx);
            }
        }
        return best;
    }
    default:
        return -1;
    }
}

void PlanGraphView::wheelEvent(QWheelEvent *event)
{
    if (event->modifiers() & Qt::ControlModifier) {
        const int delta = event->angleDelta().y();
        if (delta != 0)
            zoomBy(std::pow(1.0015, delta));
        event->accept();
        return;
    }
    QGraphicsView::wheelEvent(event);
}

void PlanGraphView::keyPressEvent(QKeyEvent *event)
{
    const bool ctrl = event->modifiers() & Qt::ControlModifier;
    switch (event->key()) {
    case Qt::Key_Plus:
    case Qt::Key_Equal:
        zoomIn();
        event->accept();
        return;
    case Qt::Key_Minus:
        zoomOut();
        event->accept();
        return;
    case Qt::Key_0:
        if (ctrl) {
            fitPlan();
            event->accept();
            return;
        }
        break;
    case Qt::Key_1:
        if (ctrl) {
            resetZoom();
            event->accept();
            return;
        }
        break;
    default:
        break;
    }
    if (m_scene && !ctrl) {
        const int selected = m_scene->selectedNode();
        switch (event->key()) {
        case Qt::Key_Up:
        case Qt::Key_Down:
        case Qt::Key_Left:
        case Qt::Key_Right: {
            const int next = neighbour(selected, event->key());
            if (next >= 0) {
                m_scene->selectNode(next);
                showNode(next);
            }
            event->accept();
            return;
        }
        case Qt::Key_Home:
            if (m_scene->nodeCount() > 0) {
                m_scene->selectNode(0);
                showNode(0);
            }
            event->accept();
            return;
        case Qt::Key_Space:
        case Qt::Key_Return:
        case Qt::Key_Enter:
            if (selected >= 0) {
                m_scene->setCollapsed(selected, !m_scene->isCollapsed(selected));
                showNode(selected);
            }
            event->accept();
            return;
        default:
            break;
        }
    }
    QGraphicsView::keyPressEvent(event);
}

void PlanGraphView::resizeEvent(QResizeEvent *event)
{
    QGraphicsView::resizeEvent(event);
    if (m_framePending && isVisible() && viewport()->width() > 50 && viewport()->height() > 50)
        applyFrame(m_pendingFrame);
    updateMinimap();
}

void PlanGraphView::showEvent(QShowEvent *event)
{
    QGraphicsView::showEvent(event);
    if (m_framePending && viewport()->width() > 50 && viewport()->height() > 50)
        applyFrame(m_pendingFrame);
}

void PlanGraphView::scrollContentsBy(int dx, int dy)
{
    QGraphicsView::scrollContentsBy(dx, dy);
    if (m_minimap->isVisible())
        m_minimap->setViewportRect(mapToScene(viewport()->rect()).boundingRect());
}

void PlanGraphView::placeMinimap()
{
    const QRect area = viewport()->geometry();
    const QSize size = m_minimap->preferredSize(area.size());
    m_minimap->setGeometry(area.right() - size.width() - minimapMargin + 1,
                           area.bottom() - size.height() - minimapMargin + 1, size.width(),
                           size.height());
}

void PlanGraphView::updateMinimap()
{
    if (!m_scene || m_scene->nodeCount() < 2) {
        m_minimap->hide();
        return;
    }
    const QRectF visible = mapToScene(viewport()->rect()).boundingRect();
    const QRectF all = m_scene->sceneRect();
    // Only worth the space when a good part of the plan is out of view.
    const bool needed =
        visible.width() < all.width() * 0.9 || visible.height() < all.height() * 0.9;
    const bool roomy = viewport()->width() > 3 * minimapMaxWidth / 2 &&
                       viewport()->height() > 3 * minimapMaxHeight / 2;
    if (!needed || !roomy) {
        m_minimap->hide();
        return;
    }
    const QSize before = m_minimap->size();
    placeMinimap();
    // A new size redraws the miniature on its own (resizeEvent).
    if (m_minimapDirty && m_minimap->size() == before)
        m_minimap->rebuild();
    m_minimapDirty = false;
    m_minimap->setViewportRect(visible);
    m_minimap->show();
    m_minimap->raise();
}

// ---------------------------------------------------------------------------------------------

PlanMinimap::PlanMinimap(PlanGraphView *view)
    : QWidget(view)
    , m_view(view)
{
    setCursor(Qt::PointingHandCursor);
    setToolTip(tr("The whole plan: click or drag to move there"));
}

QSize PlanMinimap::preferredSize(const QSize &) const
{
    const PlanScene *scene = m_view->planScene();
    if (!scene)
        return {minimapMaxWidth, minimapMaxHeight};
    const QRectF all = scene->sceneRect();
    const double scale = std::min(minimapMaxWidth / std::max(all.width(), 1.0),
                                  minimapMaxHeight / std::max(all.height(), 1.0));
    return {std::max(48, int(std::ceil(all.width() * scale))) + 4,
            std::max(36, int(std::ceil(all.height() * scale))) + 4};
}

QRectF PlanMinimap::toMap(const QRectF &sceneRect) const
{
    const PlanScene *scene = m_view->planScene();
    const QRectF all = scene->sceneRect();
    const QRectF inner = QRectF(rect()).adjusted(2, 2, -2, -2);
    const double scale = std::min(inner.width() / std::max(all.width(), 1.0),
                                  inner.height() / std::max(all.height(), 1.0));
    return QRectF(inner.left() + (sceneRect.left() - all.left()) * scale,
                  inner.top() + (sceneRect.top() - all.top()) * scale, sceneRect.width() * scale,
                  sceneRect.height() * scale);
}

QPointF PlanMinimap::toScene(const QPointF &point) const
{
    const PlanScene *scene = m_view->planScene();
    const QRectF all = scene->sceneRect();
    const QRectF inner = QRectF(rect()).adjusted(2, 2, -2, -2);
    const double scale = std::min(inner.width() / std::max(all.width(), 1.0),
                                  inner.height() / std::max(all.height(), 1.0));
    return QPointF(all.left() + (point.x() - inner.left()) / scale,
                   all.top() + (point.y() - inner.top()) / scale);
}

void PlanMinimap::rebuild()
{
    const PlanScene *scene = m_view->planScene();
    if (!scene || size().isEmpty())
        return;
    const PlanPalette &p = scene->planPalette();
    const qreal dpr = devicePixelRatioF();
    m_image = QImage(size() * dpr, QImage::Format_ARGB32_Premultiplied);
    m_image.setDevicePixelRatio(dpr);
    QColor backdrop = p.background;
    backdrop.setAlphaF(0.92f);
    m_image.fill(Qt::transparent);
    QPainter painter(&m_image);
    painter.setPen(QPen(p.border, 1));
    painter.setBrush(backdrop);
    painter.drawRect(QRectF(rect()).adjusted(0.5, 0.5, -0.5, -0.5));
    painter.setPen(QPen(p.edge, 0));
    for (const PlanEdgeItem *edge : scene->edgeItems()) {
        if (!edge->isVisible())
            continue;
        const QRectF from = toMap(scene->nodeRect(edge->parentId()));
        const QRectF to = toMap(scene->nodeRect(edge->childId()));
        painter.drawLine(QPointF(from.center().x(), from.bottom()),
                         QPointF(to.center().x(), to.top()));
    }
    painter.setPen(Qt::NoPen);
    const PlanColorScale &scale = scene->colorScale();
    for (int i = 0; i < scene->nodeCount(); ++i) {
        const QRectF r = scene->nodeRect(i);
        if (r.isNull())
            continue;
        const double t = scale.intensity(i);
        painter.setBrush(t >= PlanColorScale::visibleIntensity ? p.heat(t) : p.border);
        QRectF mapped = toMap(r);
        if (mapped.width() < 1)
            mapped.setWidth(1);
        if (mapped.height() < 1)
            mapped.setHeight(1);
        painter.drawRect(mapped);
    }
    update();
}

void PlanMinimap::setViewportRect(const QRectF &sceneRect)
{
    m_viewport = sceneRect;
    update();
}

void PlanMinimap::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    painter.drawImage(QPointF(0, 0), m_image);
    if (!m_view->planScene())
        return;
    const PlanPalette &p = m_view->planScene()->planPalette();
    QColor fill = p.highlight;
    fill.setAlphaF(0.15f);
    painter.setPen(QPen(p.highlight, 2));
    painter.setBrush(fill);
    painter.drawRect(toMap(m_viewport).intersected(QRectF(rect()).adjusted(1, 1, -1, -1)));
}

void PlanMinimap::mousePressEvent(QMouseEvent *event)
{
    if (m_view->planScene())
        m_view->centerOn(toScene(event->position()));
    event->accept();
}

void PlanMinimap::mouseMoveEvent(QMouseEvent *event)
{
    if ((event->buttons() & Qt::LeftButton) && m_view->planScene())
        m_view->centerOn(toScene(event->position()));
    event->accept();
}

void PlanMinimap::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    rebuild();
}

} // namespace sightline
