#pragma once

#include <QGraphicsView>
#include <QImage>

namespace sightline {

class PlanScene;
class PlanMinimap;

// Shows a PlanScene: Ctrl+wheel, Ctrl++ / Ctrl+- zoom (around the pointer for the wheel),
// Ctrl+0 fits the plan, Ctrl+1 is 100 %; drag the background or use the scroll bars to pan.
// Arrow keys move between nodes (Up: parent, Down: first child, Left/Right: neighbours on the
// same level), Space or Enter folds and unfolds the selected subtree, Home goes to the root.
// A minimap in the corner shows the whole plan when it does not fit; click or drag in it to
// move there.
class PlanGraphView final : public QGraphicsView
{
    Q_OBJECT

public:
    explicit PlanGraphView(QWidget *parent = nullptr);

    void setPlanScene(PlanScene *scene);
    PlanScene *planScene() const { return m_scene; }

    double zoom() const; // 1 = 100 %
    void setZoom(double zoom);
    static constexpr double minZoom = 0.02;
    static constexpr double maxZoom = 4.0;

    PlanMinimap *minimap() const { return m_minimap; }
    // Scrolls so the node's card is in view (with a margin), without changing the zoom.
    void showNode(int nodeId);
    // The node to go to from `from` for an arrow key; -1 when there is none.
    int neighbour(int from, int key) const;
    // The first look at a plan: all of it when it fits at a readable zoom, otherwise a readable
    // zoom centred on the node. Waits for the view's real size when it is not shown yet.
    void frameNode(int nodeId);
    static constexpr double readableZoom = 0.9;

public Q_SLOTS:
    void zoomIn();
    void zoomOut();
    void fitPlan();
    void resetZoom();

Q_SIGNALS:
    void zoomChanged(double zoom);

protected:
    void wheelEvent(QWheelEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void showEvent(QShowEvent *event) override;
    void scrollContentsBy(int dx, int dy) override;

private:
    void zoomBy(double factor);
    void applyFrame(int nodeId);
    void placeMinimap();
    void updateMinimap();

    PlanScene *m_scene = nullptr;
    PlanMinimap *m_minimap = nullptr;
    bool m_minimapDirty = true;
    int m_pendingFrame = -1;
    bool m_framePending = false;
};

// The whole plan in miniature, the visible part framed. A widget over the view's corner.
class PlanMinimap final : public QWidget
{
    Q_OBJECT

public:
    explicit PlanMinimap(PlanGraphView *view);

    // Redraws the miniature from the scene's layout and colours.
    void rebuild();
    void setViewportRect(const QRectF &sceneRect);
    QRectF viewportRect() const { return m_viewport; }
    QSize preferredSize(const QSize &available) const;

protected:
    void paintEvent(QPaintEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;

private:
    QPointF toScene(const QPointF &point) const;
    QRectF toMap(const QRectF &sceneRect) const;

    PlanGraphView *m_view;
    QImage m_image;
    QRectF m_viewport;
};

} // namespace sightline
