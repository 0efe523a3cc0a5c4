#pragma once

#include "models/plan/plancolorscale.h"
#include "models/plan/planmetrics.h"
#include "models/plan/plantreelayout.h"
#include "widgets/plan/planscenecontext.h"

#include <QGraphicsScene>

#include <memory>

namespace sightline {

class PlanEdgeItem;
class PlanNodeItem;

// The plan tree as painted items: one PlanNodeItem card per node and one PlanEdgeItem per
// parent-child link, placed by PlanTreeLayout. Owns the collapse state and the selected node.
// Not interactive (exports, the command line): no selection outline, no collapse buttons.
class PlanScene final : public QGraphicsScene
{
    Q_OBJECT

public:
    struct Options
    {
        bool interactive = true;
        PlanColorMetric metric = PlanColorMetric::ExclusiveTime;
    };

    explicit PlanScene(QObject *parent = nullptr);
    PlanScene(const Options &options, QObject *parent = nullptr);
    ~PlanScene() override;

    // Builds the items (and drops the old ones). Colours and fonts come from the scene's
    // palette() and font(); set those first for an export that must not follow the desktop.
    void setAnalysis(std::shared_ptr<const PlanAnalysis> analysis);
    std::shared_ptr<const PlanAnalysis> analysis() const { return m_context.analysis; }
    int nodeCount() const { return int(m_nodes.size()); }

    void setColorMetric(PlanColorMetric metric);
    PlanColorMetric colorMetric() const { return m_options.metric; }
    const PlanColorScale &colorScale() const { return m_context.scale; }
    const PlanPalette &planPalette() const { return m_context.palette; }

    // Collapsing hides a node's descendants; the node shows how many are hidden.
    void setCollapsed(int nodeId, bool collapsed);
    bool isCollapsed(int nodeId) const;
    QList<bool> collapsedNodes() const { return m_collapsed; }
    void setCollapsedNodes(const QList<bool> &collapsed);
    void expandAll();
    // Expands the collapsed ancestors of a node so it can be seen.
    void reveal(int nodeId);
    bool isNodeVisible(int nodeId) const;

    int selectedNode() const { return m_selected; }
    void selectNode(int nodeId); // -1 clears

    PlanNodeItem *nodeItem(int nodeId) const;
    QList<PlanEdgeItem *> edgeItems() const { return m_edges; }
    QRectF nodeRect(int nodeId) const; // scene coordinates; null when hidden
    QRectF planBounds() const { return m_layout.bounds; }
    const PlanTreeLayoutResult &layoutResult() const { return m_layout; }

    // Paints the whole plan (not a viewport) into target: exports and the command line.
    void renderPlan(QPainter *painter, const QRectF &target);
    static constexpr double margin = 24; // around the plan, in the scene rectangle

Q_SIGNALS:
    void selectedNodeChanged(int nodeId);
    void layoutChanged();     // cards moved (collapse, expand, new plan)
    void appearanceChanged(); // colours changed (metric, palette)

protected:
    bool event(QEvent *event) override;
    void drawBackground(QPainter *painter, const QRectF &rect) override;

private:
    void restyle();
    void relayout();
    void onSelectionChanged();
    int hiddenDescendants(int nodeId) const;

    Options m_options;
    PlanSceneContext m_context;
    QList<PlanNodeItem *> m_nodes;
    QList<PlanEdgeItem *> m_edges; // one per node with a parent, in node order
    QList<bool> m_collapsed;
    PlanTreeLayoutOptions m_layoutOptions;
    PlanTreeLayoutResult m_layout;
    int m_selected = -1;
    bool m_changingSelection = false;
};

} // namespace sightline
