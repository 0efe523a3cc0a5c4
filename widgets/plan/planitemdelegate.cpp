#include "planitemdelegate.h"

#include "models/plan/planitemroles.h"
#include "widgets/plan/planpalette.h"

#include <QApplication>
#include <QPainter>

namespace sightline {

PlanItemDelegate::PlanItemDelegate(QObject *parent)
    : QStyledItemDelegate(parent)
{}

void PlanItemDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option,
                             const QModelIndex &index) const
{
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    const PlanPalette palette = PlanPalette::from(opt.palette);
    const bool selected = opt.state & QStyle::State_Selected;

    const QVariant heat = index.data(PlanHeatRole);
    if (heat.isValid() && heat.toDouble() >= PlanColorScale::visibleIntensity && !selected)
        opt.backgroundBrush = palette.heatFill(heat.toDouble());
    if (index.data(PlanInactiveRole).toBool() && !selected)
        opt.palette.setColor(QPalette::Text, palette.inactiveText);

    if (index.column() == m_indentColumn) {
        const int depth = index.data(PlanDepthRole).toInt();
        // The background still covers the whole cell; only the text moves right.
        if (opt.backgroundBrush.style() != Qt::NoBrush && !selected)
            painter->fillRect(opt.rect, opt.backgroundBrush);
        opt.backgroundBrush = Qt::NoBrush;
        opt.rect.adjust(std::min(depth, 40) * indentStep, 0, 0, 0);
    }

    const QVariant severity = index.data(PlanSeverityRole);
    if (index.column() == m_severityColumn && severity.isValid() && !opt.text.isEmpty()) {
        // The cell as usual but without text, then the text on a pill of the severity colour.
        const QString text = opt.text;
        opt.text.clear();
        const QWidget *widget = opt.widget;
        QStyle *style = widget ? widget->style() : QApplication::style();
        style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, widget);
        const auto level = PlanFlagSeverity(severity.toInt());
        const QFontMetrics fm(opt.font);
        const int height = fm.height() + 2;
        const int width = std::min(fm.horizontalAdvance(text) + 18, opt.rect.width() - 6);
        const QRect pill(opt.rect.left() + 4, opt.rect.center().y() - height / 2 + 1, width,
                         height);
        painter->save();
        painter->setRenderHint(QPainter::Antialiasing);
        painter->setPen(Qt::NoPen);
        painter->setBrush(palette.severity(level));
        painter->drawRoundedRect(pill, height / 2.0, height / 2.0);
        painter->setPen(palette.onSeverity(level));
        painter->setFont(opt.font);
        painter->drawText(pill.adjusted(8, 0, -6, 0), Qt::AlignVCenter | Qt::AlignLeft,
                          fm.elidedText(text, Qt::ElideRight, pill.width() - 12));
        painter->restore();
        return;
    }

    const QWidget *widget = opt.widget;
    QStyle *style = widget ? widget->style() : QApplication::style();
    style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, widget);
}

QSize PlanItemDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    QSize size = QStyledItemDelegate::sizeHint(option, index);
    if (index.column() == m_indentColumn)
        size.rwidth() += std::min(index.data(PlanDepthRole).toInt(), 40) * indentStep;
    if (index.column() == m_severityColumn)
        size.rwidth() += 28;
    return size;
}

} // namespace sightline
