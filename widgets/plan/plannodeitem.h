#pragma once

#include "widgets/plan/planscenecontext.h"

#include <QGraphicsItem>
#include <QStaticText>

namespace sightline {

// One plan node drawn as a card: node type, what it reads, exclusive time as a bar and a share,
// rows actual vs estimated with the misestimate factor, loops, and one badge per flag coloured
// by severity. Text is measured and elided once (prepare()); paint() only draws, and draws less
// the further the view is zoomed out, so thousands of cards stay smooth.
class PlanNodeItem final : public QGraphicsItem
{
public:
    enum
    {
        Type = UserType + 701
    };

    PlanNodeItem(const PlanSceneContext *context, int nodeId);

    int type() const override { return Type; }
    int nodeId() const { return m_id; }

    // Measures the card again (after a font, palette or metric change).
    void prepare();
    QSizeF cardSize() const { return m_size; }
    QRectF cardRect() const { return QRectF(QPointF(0, 0), m_size); }

    void setCollapsed(bool collapsed, int hiddenCount);
    bool isCollapsed() const { return m_collapsed; }
    bool hasChildren() const;
    // The collapse/expand button at the bottom edge (item coordinates); null without children
    // or when the scene is not interactive and nothing is collapsed.
    QRectF toggleRect() const;

    // Where the title text and the flag badges are, in item coordinates (tests look there).
    QRectF titleRect() const { return m_titleRect; }
    QString titleText() const { return m_title; }
    QList<QRectF> badgeRects() const;
    QList<PlanFlagSeverity> badgeSeverities() const;

    QRectF boundingRect() const override;
    QPainterPath shape() const override;
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

protected:
    void mousePressEvent(QGraphicsSceneMouseEvent *event) override;
    void mouseDoubleClickEvent(QGraphicsSceneMouseEvent *event) override;

private:
    // Text is drawn as QStaticText on screen (laid out once, so panning does not shape it
    // again) and as plain text in exports (an SVG keeps it as searchable text).
    struct Text
    {
        QString text;
        QPointF baseline;
        QPointF topLeft;
        QStaticText layout;
        PlanSceneContext::FontRole font;
        enum class Tone
        {
            Normal,
            Muted,
            Warning,
            Critical,
        } tone;
    };
    struct Badge
    {
        QString text;
        QRectF rect;
        PlanFlagSeverity severity;
        QStaticText layout;
    };
    void drawText(QPainter *painter, const QPointF &baseline, const QPointF &topLeft,
                  const QString &text, const QStaticText &layout) const;

    void paintCard(QPainter *painter, double lod) const;
    QColor toneColor(Text::Tone tone, bool inactive) const;

    const PlanSceneContext *m_context;
    int m_id;
    QSizeF m_size;
    QString m_title;
    QRectF m_titleRect;
    QList<Text> m_texts;
    QList<Badge> m_badges;
    QRectF m_barRect; // empty without timing
    double m_barShare = 0;
    bool m_collapsed = false;
    int m_hiddenCount = 0;
    QString m_toggleText;
};

} // namespace sightline
