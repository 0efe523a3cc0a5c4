#pragma once

#include "models/plan/plancolorscale.h"

#include <QColor>
#include <QPalette>

namespace sightline {

// The colours every plan view paints with, derived from the widget palette so light and dark
// desktops both read well. Severity and heat colours come from PlanColorScale, so the graph,
// the tables, the details panel and the exports agree.
struct PlanPalette
{
    QColor background;   // behind the graph
    QColor card;         // a card without heat
    QColor text;         // card text
    QColor mutedText;    // secondary lines
    QColor border;       // card outline
    QColor highlight;    // selection outline
    QColor edge;         // the lines between cards
    QColor inactiveCard; // never executed
    QColor inactiveText; // text on such cards
    QColor barTrack;     // the empty part of the time bar
    QColor bar;          // the filled part
    bool dark = false;

    static PlanPalette from(const QPalette &palette);

    QColor heat(double intensity) const;
    // The card's fill for an intensity: the plain card colour, tinted more the hotter it is.
    QColor heatFill(double intensity) const;
    QColor severity(PlanFlagSeverity severity) const;
    QColor onSeverity(PlanFlagSeverity severity) const; // text drawn on a severity badge

    static QColor toColor(const PlanRgb &rgb) { return QColor(rgb.red, rgb.green, rgb.blue); }
    static QColor mix(const QColor &a, const QColor &b, double amount); // amount of b, 0..1
};

} // namespace sightline
