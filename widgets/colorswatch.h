#pragma once

#include <QIcon>
#include <QString>

namespace sightline {

enum class ColorSwatchShape
{
    Round,
    Square
};

// A small icon in a connection's colour (lists, tabs, buttons); an empty or
// invalid colour gives an empty icon of the same size, so rows stay aligned.
QIcon colorSwatch(const QString &color, ColorSwatchShape shape = ColorSwatchShape::Round,
                  int size = 16);

} // namespace sightline
