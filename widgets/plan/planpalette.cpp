#include "planpalette.h"

#include <algorithm>

namespace sightline {

QColor PlanPalette::mix(const QColor &a, const QColor &b, double amount)
{
    const double t = std::clamp(amount, 0.0, 1.0);
    const auto channel = [t](double x, double y) { return x + (y - x) * t; };
    return QColor::fromRgbF(float(channel(a.redF(), b.redF())),
                            float(channel(a.greenF(), b.greenF())),
                            float(channel(a.blueF(), b.blueF())));
}

PlanPalette PlanPalette::from(const QPalette &palette)
{
    PlanPalette p;
    const QColor base = palette.color(QPalette::Base);
    const QColor window = palette.color(QPalette::Window);
    const QColor text = palette.color(QPalette::Text);
    p.dark = base.lightnessF() < 0.5;
    p.background = mix(window, base, 0.35);
    p.card = base;
    p.text = text;
    p.mutedText = mix(text, base, 0.38);
    p.border = mix(text, base, 0.62);
    p.highlight = palette.color(QPalette::Highlight);
    p.edge = mix(text, base, 0.5);
    p.inactiveCard = mix(base, window, 0.6);
    p.inactiveText = mix(text, base, 0.55);
    p.barTrack = mix(text, base, 0.88);
    p.bar = p.dark ? QColor(235, 120, 80) : QColor(205, 70, 40);
    return p;
}

QColor PlanPalette::heat(double intensity) const
{
    return toColor(PlanColorScale::heat(intensity, dark));
}

QColor PlanPalette::heatFill(double intensity) const
{
    if (intensity < PlanColorScale::visibleIntensity)
        return card;
    // Light text on dark cards and dark text on light ones both stay readable up to here.
    const double strength = dark ? 0.16 + 0.3 * intensity : 0.1 + 0.32 * intensity;
    return mix(card, heat(intensity), strength);
}

QColor PlanPalette::severity(PlanFlagSeverity severity) const
{
    return toColor(PlanColorScale::severity(severity, dark));
}

QColor PlanPalette::onSeverity(PlanFlagSeverity severity) const
{
    const QColor fill = this->severity(severity);
    return fill.lightnessF() > 0.6 ? QColor(20, 20, 20) : QColor(255, 255, 255);
}

} // namespace sightline
