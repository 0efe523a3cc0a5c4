#include "planscene.h"

#include "widgets/plan/planedgeitem.h"
#include "widgets/plan/plannodeitem.h"

#include <QEvent>
#include <QPainter>

namespace sightline {

PlanScene::PlanScene(QObject *parent)
    : PlanScene(Options(), parent)
{}

PlanScene::PlanScene(const Options &options, QObject *parent)
    : QGraphicsScene(parent)
    , m_options(options)
{
    m_context.interactive = options.interactive;
    m_context.palette = PlanPalette::from(palette());
    m_context.setBaseFont(font());
    connect(this, &QGraphicsScene::selectionChanged, this, &PlanScene::onSelectionChanged);
}

PlanScene::~PlanScene()
{
    // The items read m_context while they are removed; remove them while it still exists.
    blockSignals(true);
    clear();
}

void PlanScene::setAnalysis(std::shared_ptr<const PlanAnalysis> analysis)
{
    m_changingSelection = true;
    clear();
    m_nodes.clear();
    m_edges.clear();
    m_selected = -1;
    m_context.setAnalysis(std::move(analysis));
    const qsizetype n = m_context.analysis ? m_context.analysis->plan.nodes.size() : 0;
    m_collapsed.fill(false, n);
    m_layout = {};
    if (n > 0) {
        const Plan &plan = m_context.analysis->plan;
        m_context.scale = PlanColorScale(*m_context.analysis, m_options.metric);
        m_nodes.reserve(n);
        for (qsizetype i = 0; i < n; ++i) {
            auto *item = new PlanNodeItem(&m_context, int(i));
            addItem(item);
            m_nodes.append(item);
        }
        for (qsizetype i = 0; i < n; ++i) {
            const int parent = plan.nodes.at(i).parent;
            if (parent < 0 || parent >= i)
                continue;
            auto *edge = new PlanEdgeItem(&m_context, parent, int(i));
            addItem(edge);
            m_edges.append(edge);
        }
    } else {
        m_context.scale = {};
    }
    m_changingSelection = false;
    relayout();
}

void PlanScene::setColorMetric(PlanColorMetric metric)
{
    m_options.metric = metric;
    if (m_context.analysis)
        m_context.scale = PlanColorScale(*m_context.analysis, metric);
    update();
    Q_EMIT appearanceChanged();
}

void PlanScene::setCollapsed(int nodeId, bool collapsed)
{
    if (nodeId < 0 || nodeId >= m_nodes.size() || !m_nodes.at(nodeId)->hasChildren() ||
        m_collapsed.at(nodeId) == collapsed)
        return;
    m_collapsed[nodeId] = collapsed;
    relayout();
    // A selection inside the folded subtree moves to the node that hides it.
    if (m_selected >= 0 && !isNodeVisible(m_selected))
        selectNode(nodeId);
}

bool PlanScene::isCollapsed(int nodeId) const
{
    return m_collapsed.value(nodeId, false);
}

void PlanScene::setCollapsedNodes(const QList<bool> &collapsed)
{
    for (qsizetype i = 0; i < m_collapsed.size(); ++i)
        m_collapsed[i] = collapsed.value(i, false) && m_nodes.at(i)->hasChildren();
    relayout();
    if (m_selected >= 0 && !isNodeVisible(m_selected))
        reveal(m_selected);
    if (m_selected >= 0)
        selectNode(m_selected);
}

void PlanScene::expandAll()
{
    if (!m_collapsed.contains(true))
        return;
    m_collapsed.fill(false);
    relayout();
}

void PlanScene::reveal(int nodeId)
{
    if (!m_context.analysis || nodeId < 0 || nodeId >= m_nodes.size())
        return;
    const Plan &plan = m_context.analysis->plan;
    bool changed = false;
    for (int p = plan.nodes.at(nodeId).parent; p >= 0 && p < nodeId; p = plan.nodes.at(p).parent) {
        if (m_collapsed.at(p)) {
            m_collapsed[p] = false;
            changed = true;
        }
    }
    if (changed)
        relayout();
}

bool PlanScene::isNodeVisible(int nodeId) const
{
    return m_layout.visible.value(nodeId, false);
}

void PlanScene::selectNode(int nodeId)
{
    if (nodeId >= m_nodes.size())
        nodeId = -1;
    if (nodeId >= 0)
        reveal(nodeId);
    m_changingSelection = true;
    clearSelection();
    if (nodeId >= 0)
        m_nodes.at(nodeId)->setSelected(true);
    m_changingSelection = false;
    if (m_selected != nodeId) {
        m_selected = nodeId;
        Q_EMIT selectedNodeChanged(nodeId);
    }
}

PlanNodeItem *PlanScene::nodeItem(int nodeId) const
{
    return nodeId >= 0 && nodeId < m_nodes.size() ? m_nodes.at(nodeId) : nullptr;
}

QRectF PlanScene::nodeRect(int nodeId) const
{
    return m_layout.rects.value(nodeId);
}

void PlanScene::renderPlan(QPainter *painter, const QRectF &target)
{
    render(painter, target, sceneRect(), Qt::KeepAspectRatio);
}

bool PlanScene::event(QEvent *event)
{
    const bool result = QGraphicsScene::event(event);
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::FontChange)
        restyle();
    return result;
}

void PlanScene::drawBackground(QPainter *painter, const QRectF &rect)
{
    painter->fillRect(rect, m_context.palette.background);
}

void PlanScene::restyle()
{
    m_context.palette = PlanPalette::from(palette());
    m_context.setBaseFont(font());
    for (PlanNodeItem *item : std::as_const(m_nodes))
        item->prepare();
    for (PlanEdgeItem *edge : std::as_const(m_edges))
        edge->refresh();
    relayout();
    update();
    Q_EMIT appearanceChanged();
}

int PlanScene::hiddenDescendants(int nodeId) const
{
    return m_context.analysis->plan.nodes.at(nodeId).subtreeSize - 1;
}

void PlanScene::relayout()
{
    if (m_nodes.isEmpty()) {
        setSceneRect(QRectF(0, 0, 1, 1));
        Q_EMIT layoutChanged();
        return;
    }
    QList<QSizeF> sizes;
    sizes.reserve(m_nodes.size());
    for (const PlanNodeItem *item : std::as_const(m_nodes))
        sizes.append(item->cardSize());
    m_layout =
        PlanTreeLayout::layout(m_context.analysis->plan, sizes, m_collapsed, m_layoutOptions);
    // Hiding a selected card deselects it; the scene, not Qt, decides where the selection goes.
    const bool wasChanging = m_changingSelection;
    m_changingSelection = true;
    for (qsizetype i = 0; i < m_nodes.size(); ++i) {
        PlanNodeItem *item = m_nodes.at(i);
        const bool visible = m_layout.visible.at(i);
        item->setVisible(visible);
        if (!visible)
            continue;
        item->setPos(m_layout.rects.at(i).topLeft());
        const bool collapsed = m_collapsed.at(i);
        if (collapsed != item->isCollapsed())
            item->setCollapsed(collapsed, collapsed ? hiddenDescendants(int(i)) : 0);
    }
    for (PlanEdgeItem *edge : std::as_const(m_edges)) {
        const bool visible = m_layout.visible.at(edge->childId());
        edge->setVisible(visible);
        if (!visible)
            continue;
        const QRectF from = m_layout.rects.at(edge->parentId());
        const QRectF to = m_layout.rects.at(edge->childId());
        // Siblings share one horizontal run, halfway between the rows.
        edge->setEnds(QPointF(from.center().x(), from.bottom()), QPointF(to.center().x(), to.top()),
                      to.top() - m_layoutOptions.levelGap / 2);
    }
    if (m_selected >= 0 && isNodeVisible(m_selected))
        m_nodes.at(m_selected)->setSelected(true);
    m_changingSelection = wasChanging;
    setSceneRect(m_layout.bounds.adjusted(-margin, -margin, margin, margin));
    Q_EMIT layoutChanged();
}

void PlanScene::onSelectionChanged()
{
    if (m_changingSelection)
        return;
    int id = -1;
    const QList<QGraphicsItem *> selected = selectedItems();
    for (QGraphicsItem *item : selected) {
        if (item->type() == PlanNodeItem::Type) {
            id = static_cast<PlanNodeItem *>(item)->nodeId();
            break;
        }
    }
    if (id < 0 && m_selected >= 0 && isNodeVisible(m_selected)) {
        // A click on the background keeps the node selected: the details stay meaningful.
        m_changingSelection = true;
        m_nodes.at(m_selected)->setSelected(true);
        m_changingSelection = false;
        return;
    }
    if (id != m_selected) {
        m_selected = id;
        Q_EMIT selectedNodeChanged(id);
    }
}

} // namespace sightline
