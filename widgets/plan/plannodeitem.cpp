#include "plannodeitem.h"

#include "models/plan/plannodefacts.h"
#include "models/plan/planthresholds.h"
#include "widgets/plan/planscene.h"

#include <QGraphicsSceneMouseEvent>
#include <QPainter>
#include <QStyleOptionGraphicsItem>

#include <cmath>

namespace sightline {

namespace {

using FontRole = PlanSceneContext::FontRole;

constexpr double columnGap = 14; // between a line's left and right parts
constexpr double badgeGap = 5;
constexpr double badgePadding = 6;
constexpr double selectionMargin = 4;

// Below these zoom levels less is drawn: text cannot be read there anyway, and a fit-to-window
// view of a 5,000-node plan must still paint within a frame.
constexpr double lodTitleOnly = 0.55;
constexpr double lodBoxOnly = 0.4;

QStaticText staticText(const QString &text)
{
    QStaticText layout(text);
    layout.setTextFormat(Qt::PlainText);
    return layout;
}

// The top strip of a rounded card, exactly as tall as the corner radius.
QPainterPath heatBandPath(double width, double radius)
{
    QPainterPath path;
    path.moveTo(0, radius);
    path.arcTo(QRectF(0, 0, 2 * radius, 2 * radius), 180, -90);
    path.lineTo(width - radius, 0);
    path.arcTo(QRectF(width - 2 * radius, 0, 2 * radius, 2 * radius), 90, -90);
    path.closeSubpath();
    return path;
}

} // namespace

PlanNodeItem::PlanNodeItem(const PlanSceneContext *context, int nodeId)
    : m_context(context)
    , m_id(nodeId)
{
    if (context->interactive) {
        setFlag(ItemIsSelectable);
        setAcceptedMouseButtons(Qt::LeftButton);
    } else {
        setAcceptedMouseButtons(Qt::NoButton);
    }
    setZValue(1);
    prepare();
}

bool PlanNodeItem::hasChildren() const
{
    return !m_context->analysis->plan.nodes.at(m_id).children.isEmpty();
}

void PlanNodeItem::prepare()
{
    prepareGeometryChange();
    const PlanSceneContext &ctx = *m_context;
    const PlanAnalysis &a = *ctx.analysis;
    const PlanNode &node = a.plan.nodes.at(m_id);
    const NodeMetrics &m = a.metrics.at(m_id);
    const bool inactive = ctx.inactive.value(m_id);

    struct Line
    {
        QString left;
        FontRole leftFont;
        Text::Tone leftTone;
        QString right;
        FontRole rightFont;
        Text::Tone rightTone;
        bool elide = false; // may be cut to the card's width
        bool bar = false;   // the time bar, not text
    };
    QList<Line> lines;
    using Tone = Text::Tone;

    if (node.isSubplanRoot())
        lines.append({node.subplanName,
                      FontRole::SmallItalic,
                      Tone::Muted,
                      {},
                      FontRole::Small,
                      Tone::Muted,
                      true});
    m_title = node.displayName();
    lines.append({m_title, FontRole::Title, Tone::Normal, QStringLiteral("#%1").arg(m_id),
                  FontRole::Small, Tone::Muted});
    const QString target = PlanNodeFacts::target(node);
    if (!target.isEmpty())
        lines.append({target, FontRole::Body, Tone::Muted, {}, FontRole::Body, Tone::Muted, true});

    m_barShare = 0;
    if (node.neverExecuted) {
        lines.append({PlanNodeFacts::tr("never executed"),
                      FontRole::SmallItalic,
                      Tone::Muted,
                      {},
                      FontRole::Small,
                      Tone::Muted});
    } else if (inactive) {
        lines.append({PlanNodeFacts::tr("not executed"),
                      FontRole::SmallItalic,
                      Tone::Muted,
                      {},
                      FontRole::Small,
                      Tone::Muted});
    } else if (m.hasTime) {
        lines.append({PlanNodeFacts::formatMs(m.exclusiveMs), FontRole::BodyBold, Tone::Normal,
                      PlanNodeFacts::formatPercent(m.executionShare), FontRole::Body,
                      Tone::Normal});
        lines.append(
            {{}, FontRole::Body, Tone::Normal, {}, FontRole::Body, Tone::Normal, false, true});
        m_barShare = std::clamp(m.executionShare, 0.0, 1.0);
    } else if (node.totalCost && !a.plan.isAnalyzed()) {
        const std::optional<double> own = PlanColorScale::exclusiveCost(a.plan, m_id);
        lines.append(
            {PlanNodeFacts::tr("cost %1").arg(PlanNodeFacts::formatCost(*node.totalCost)),
             FontRole::Body, Tone::Normal,
             own ? PlanNodeFacts::tr("own %1").arg(PlanNodeFacts::formatCost(*own)) : QString(),
             FontRole::Small, Tone::Muted});
    }

    if (!node.neverExecuted && !inactive) {
        QString rows;
        if (node.actualRows) {
            const QString actual =
                *node.actualRows == 1
                    ? PlanNodeFacts::tr("1 row")
                    : PlanNodeFacts::tr("%1 rows").arg(PlanNodeFacts::formatRows(*node.actualRows));
            rows = node.planRows ? PlanNodeFacts::tr("%1 · est. %2")
                                       .arg(actual, PlanNodeFacts::formatRows(*node.planRows))
                                 : actual;
        } else if (node.planRows) {
            rows = *node.planRows == 1 ? PlanNodeFacts::tr("est. 1 row")
                                       : PlanNodeFacts::tr("est. %1 rows")
                                             .arg(PlanNodeFacts::formatRows(*node.planRows));
        }
        const QString misestimate = PlanNodeFacts::formatMisestimate(m);
        const Tone misTone =
            m.misestimateFactor >= planthresholds::misestimateCriticalFactor  ? Tone::Critical
            : m.misestimateFactor >= planthresholds::misestimateWarningFactor ? Tone::Warning
                                                                              : Tone::Muted;
        if (!rows.isEmpty() || !misestimate.isEmpty())
            lines.append(
                {rows, FontRole::Body, Tone::Normal, misestimate, FontRole::BodyBold, misTone});
        if (node.actualLoops && *node.actualLoops != 1)
            lines.append(
                {PlanNodeFacts::tr("%1 loops").arg(PlanNodeFacts::formatRows(*node.actualLoops)),
                 FontRole::Small,
                 Tone::Muted,
                 {},
                 FontRole::Small,
                 Tone::Muted});
    }

    // Width: the widest line, within limits; the title may make the card wider than the rest.
    double needed = 0;
    double titleNeeded = 0;
    for (const Line &line : lines) {
        if (line.bar || line.elide)
            continue;
        double w = ctx.textWidth(line.leftFont, line.left);
        if (!line.right.isEmpty())
            w += columnGap + ctx.textWidth(line.rightFont, line.right);
        if (line.leftFont == FontRole::Title)
            titleNeeded = w;
        else
            needed = std::max(needed, w);
    }
    for (const Line &line : lines) {
        if (line.elide)
            needed = std::max(needed, std::min(ctx.textWidth(line.leftFont, line.left),
                                               PlanSceneContext::maxCardWidth));
    }
    const double pad = PlanSceneContext::padding;
    double width = std::clamp(needed + 2 * pad, PlanSceneContext::minCardWidth,
                              PlanSceneContext::maxCardWidth);
    width = std::max(width, std::min(titleNeeded + 2 * pad, PlanSceneContext::maxTitleWidth));
    const double inner = width - 2 * pad;

    // Placement.
    const auto makeText = [&ctx](const QString &text, const QPointF &baseline, FontRole font,
                                 Text::Tone tone) {
        const QPointF topLeft(baseline.x(), baseline.y() - ctx.metrics(font).ascent());
        return Text{text, baseline, topLeft, staticText(text), font, tone};
    };
    m_texts.clear();
    m_badges.clear();
    m_barRect = QRectF();
    double y = pad + 2;
    for (const Line &line : lines) {
        if (line.bar) {
            m_barRect = QRectF(pad, y, inner, PlanSceneContext::barHeight);
            y += PlanSceneContext::barHeight + PlanSceneContext::lineGap + 3;
            continue;
        }
        const QFontMetricsF &fm = ctx.metrics(line.leftFont);
        const QFontMetricsF &rm = ctx.metrics(line.rightFont);
        const double ascent = std::max(fm.ascent(), line.right.isEmpty() ? 0 : rm.ascent());
        const double height = std::max(fm.height(), line.right.isEmpty() ? 0 : rm.height());
        QString left = line.left;
        double rightWidth = line.right.isEmpty() ? 0 : ctx.textWidth(line.rightFont, line.right);
        const double leftRoom = inner - (rightWidth > 0 ? rightWidth + columnGap : 0);
        if (ctx.textWidth(line.leftFont, left) > leftRoom)
            left = fm.elidedText(left, Qt::ElideRight, std::max(leftRoom, 0.0));
        if (!left.isEmpty())
            m_texts.append(makeText(left, QPointF(pad, y + ascent), line.leftFont, line.leftTone));
        if (line.leftFont == FontRole::Title)
            m_titleRect = QRectF(pad, y, ctx.textWidth(line.leftFont, left), height);
        if (!line.right.isEmpty())
            m_texts.append(makeText(line.right, QPointF(width - pad - rightWidth, y + ascent),
                                    line.rightFont, line.rightTone));
        y += height + PlanSceneContext::lineGap;
        if (line.leftFont == FontRole::Title || line.bar)
            y += 1;
    }

    // Badges, wrapped to the card's width.
    const QList<PlanFlag> &flags = ctx.flagsByNode.value(m_id);
    if (!flags.isEmpty()) {
        y += 3;
        const QFontMetricsF &bm = ctx.metrics(FontRole::Small);
        const double badgeHeight = bm.height() + 4;
        double x = pad;
        QStringList seen;
        for (const PlanFlag &flag : flags) {
            if (seen.contains(flag.ruleId))
                continue;
            seen << flag.ruleId;
            const QString text = PlanNodeFacts::flagShortName(flag.ruleId);
            const double w = ctx.textWidth(FontRole::Small, text) + 2 * badgePadding;
            if (x > pad && x + w > width - pad) {
                x = pad;
                y += badgeHeight + badgeGap;
            }
            m_badges.append({text, QRectF(x, y, std::min(w, inner), badgeHeight), flag.severity,
                             staticText(text)});
            x += w + badgeGap;
        }
        y += badgeHeight;
    }
    y += pad;
    if (hasChildren())
        y += 4; // room above the collapse button
    m_size = QSizeF(std::ceil(width), std::ceil(y));

    if (ctx.interactive) {
        QStringList tip{node.label()};
        for (const PlanFlag &flag : flags)
            tip << QStringLiteral("• %1").arg(flag.message);
        setToolTip(tip.join(QLatin1Char('\n')));
    }
    setCollapsed(m_collapsed, m_hiddenCount);
}

void PlanNodeItem::setCollapsed(bool collapsed, int hiddenCount)
{
    prepareGeometryChange();
    m_collapsed = collapsed;
    m_hiddenCount = hiddenCount;
    m_toggleText = collapsed ? QStringLiteral("+%1").arg(hiddenCount) : QStringLiteral("−");
    update();
}

QRectF PlanNodeItem::toggleRect() const
{
    if (!hasChildren() || (!m_context->interactive && !m_collapsed))
        return {};
    const double r = PlanSceneContext::toggleRadius;
    const double w =
        std::max(2 * r, m_context->textWidth(FontRole::Small, m_toggleText) + 2 * badgePadding);
    return QRectF(m_size.width() / 2 - w / 2, m_size.height() - r, w, 2 * r);
}

QList<QRectF> PlanNodeItem::badgeRects() const
{
    QList<QRectF> rects;
    for (const Badge &badge : m_badges)
        rects << badge.rect;
    return rects;
}

QList<PlanFlagSeverity> PlanNodeItem::badgeSeverities() const
{
    QList<PlanFlagSeverity> severities;
    for (const Badge &badge : m_badges)
        severities << badge.severity;
    return severities;
}

QRectF PlanNodeItem::boundingRect() const
{
    QRectF rect =
        cardRect().adjusted(-selectionMargin, -selectionMargin, selectionMargin, selectionMargin);
    const QRectF toggle = toggleRect();
    if (!toggle.isNull())
        rect = rect.united(toggle.adjusted(-1, -1, 1, 1));
    return rect;
}

QPainterPath PlanNodeItem::shape() const
{
    QPainterPath path;
    path.addRect(cardRect());
    const QRectF toggle = toggleRect();
    if (!toggle.isNull())
        path.addRect(toggle);
    return path;
}

QColor PlanNodeItem::toneColor(Text::Tone tone, bool inactive) const
{
    const PlanPalette &p = m_context->palette;
    if (inactive)
        return p.inactiveText;
    switch (tone) {
    case Text::Tone::Normal:
        return p.text;
    case Text::Tone::Muted:
        return p.mutedText;
    case Text::Tone::Warning:
        return p.severity(PlanFlagSeverity::Warning);
    case Text::Tone::Critical:
        return p.severity(PlanFlagSeverity::Critical);
    }
    return p.text;
}

void PlanNodeItem::paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *)
{
    const double lod = option->levelOfDetailFromTransform(painter->worldTransform());
    paintCard(painter, lod);
}

void PlanNodeItem::paintCard(QPainter *painter, double lod) const
{
    const PlanSceneContext &ctx = *m_context;
    const PlanPalette &p = ctx.palette;
    const bool inactive = ctx.inactive.value(m_id);
    const double intensity = inactive ? 0 : ctx.scale.intensity(m_id);
    const bool hot = intensity >= PlanColorScale::visibleIntensity;
    const QColor fill = inactive ? p.inactiveCard : p.heatFill(intensity);
    const bool selected = ctx.interactive && isSelected();
    const QRectF card = cardRect();

    if (lod < lodBoxOnly) {
        // Far away a card is a coloured box: the heat is what one looks for at this distance.
        painter->setPen(QPen(selected ? p.highlight : p.border, selected ? 3 : 0));
        painter->setBrush(hot ? p.heat(intensity) : fill);
        painter->drawRect(card);
        return;
    }

    const double r = PlanSceneContext::radius;
    if (selected) {
        painter->setPen(QPen(p.highlight, 3));
        painter->setBrush(Qt::NoBrush);
        painter->drawRoundedRect(card.adjusted(-2.5, -2.5, 2.5, 2.5), r + 2, r + 2);
    }
    QPen outline(inactive ? p.inactiveText : p.border, 1);
    if (inactive)
        outline.setStyle(Qt::DashLine);
    painter->setPen(outline);
    painter->setBrush(fill);
    painter->drawRoundedRect(card.adjusted(0.5, 0.5, -0.5, -0.5), r, r);
    if (hot) {
        painter->setPen(Qt::NoPen);
        painter->setBrush(p.heat(intensity));
        painter->drawPath(heatBandPath(card.width(), r));
    }

    for (const Text &text : m_texts) {
        if (lod < lodTitleOnly && text.font != FontRole::Title)
            continue;
        painter->setFont(ctx.font(text.font));
        painter->setPen(toneColor(text.tone, inactive));
        drawText(painter, text.baseline, text.topLeft, text.text, text.layout);
    }
    if (lod >= lodTitleOnly) {
        if (!m_barRect.isNull()) {
            painter->setPen(Qt::NoPen);
            painter->setBrush(p.barTrack);
            painter->drawRoundedRect(m_barRect, 2, 2);
            if (m_barShare > 0) {
                QRectF filled = m_barRect;
                filled.setWidth(std::max(2.0, m_barRect.width() * m_barShare));
                painter->setBrush(hot ? p.heat(std::max(intensity, 0.35)) : p.bar);
                painter->drawRoundedRect(filled, 2, 2);
            }
        }
        if (!m_badges.isEmpty()) {
            painter->setFont(ctx.font(FontRole::Small));
            const double ascent = ctx.metrics(FontRole::Small).ascent();
            for (const Badge &badge : m_badges) {
                QColor color = p.severity(badge.severity);
                QColor textColor = p.onSeverity(badge.severity);
                if (inactive) {
                    color = PlanPalette::mix(color, p.inactiveCard, 0.5);
                    textColor = PlanPalette::mix(textColor, color, 0.3);
                }
                painter->setPen(Qt::NoPen);
                painter->setBrush(color);
                painter->drawRoundedRect(badge.rect, badge.rect.height() / 2,
                                         badge.rect.height() / 2);
                painter->setPen(textColor);
                const QPointF topLeft(badge.rect.left() + badgePadding, badge.rect.top() + 2);
                drawText(painter, topLeft + QPointF(0, ascent), topLeft, badge.text, badge.layout);
            }
        }
    }

    const QRectF toggle = toggleRect();
    if (!toggle.isNull()) {
        painter->setPen(QPen(m_collapsed ? p.highlight : p.border, m_collapsed ? 1.5 : 1));
        painter->setBrush(p.card);
        painter->drawRoundedRect(toggle, toggle.height() / 2, toggle.height() / 2);
        if (lod >= lodTitleOnly) {
            painter->setFont(ctx.font(FontRole::Small));
            painter->setPen(m_collapsed ? p.text : p.mutedText);
            painter->drawText(toggle, Qt::AlignCenter, m_toggleText);
        }
    }
}

void PlanNodeItem::drawText(QPainter *painter, const QPointF &baseline, const QPointF &topLeft,
                            const QString &text, const QStaticText &layout) const
{
    if (m_context->interactive)
        painter->drawStaticText(topLeft, layout);
    else
        painter->drawText(baseline, text);
}

void PlanNodeItem::mousePressEvent(QGraphicsSceneMouseEvent *event)
{
    const QRectF toggle = toggleRect();
    if (!toggle.isNull() && toggle.contains(event->pos()) && event->button() == Qt::LeftButton) {
        if (auto *planScene = qobject_cast<PlanScene *>(scene()))
            planScene->setCollapsed(m_id, !m_collapsed);
        event->accept();
        return;
    }
    QGraphicsItem::mousePressEvent(event);
}

void PlanNodeItem::mouseDoubleClickEvent(QGraphicsSceneMouseEvent *event)
{
    if (hasChildren() && event->button() == Qt::LeftButton) {
        if (auto *planScene = qobject_cast<PlanScene *>(scene()))
            planScene->setCollapsed(m_id, !m_collapsed);
        event->accept();
        return;
    }
    QGraphicsItem::mouseDoubleClickEvent(event);
}

} // namespace sightline
