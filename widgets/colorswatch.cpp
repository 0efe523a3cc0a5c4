#include "widgets/colorswatch.h"

#include <QPainter>
#include <QPixmap>

namespace sightline {

QIcon colorSwatch(const QString &color, ColorSwatchShape shape, int size)
{
    QPixmap pixmap(size, size);
    pixmap.fill(Qt::transparent);
    const QColor fill(color);
    if (fill.isValid()) {
        QPainter painter(&pixmap);
        painter.setRenderHint(QPainter::Antialiasing);
        painter.setPen(fill.darker(140));
        painter.setBrush(fill);
        const QRectF box(1.5, 1.5, size - 3, size - 3);
        if (shape == ColorSwatchShape::Round)
            painter.drawEllipse(box);
        else
            painter.drawRoundedRect(box, 3, 3);
    }
    return QIcon(pixmap);
}

} // namespace sightline
