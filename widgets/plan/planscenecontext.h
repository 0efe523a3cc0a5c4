#pragma once

#include "models/plan/plancolorscale.h"
#include "models/plan/planmetrics.h"
#include "widgets/plan/planpalette.h"

#include <QFont>
#include <QFontMetricsF>
#include <QHash>
#include <QList>

#include <array>
#include <memory>

namespace sightline {

// What every card and edge of one PlanScene reads while it measures and paints: the plan, the
// colours, the fonts, and numbers derived once for all items (greyed nodes, flags per node,
// rows flowing along each edge). Owned by the scene; items keep a pointer to it.
struct PlanSceneContext
{
    enum class FontRole
    {
        Title,
        Body,
        BodyBold,
        Small,
        SmallItalic,
    };

    std::shared_ptr<const PlanAnalysis> analysis;
    PlanPalette palette;
    PlanColorScale scale;
    QList<bool> inactive;
    QList<QList<PlanFlag>> flagsByNode; // most severe first
    QList<double> flowRows;             // rows a node hands to its parent, over all loops
    double maxFlowRows = 0;
    bool interactive = true; // selection outline and collapse buttons are drawn

    // Card geometry, in scene units (pixels at 100 %).
    static constexpr double padding = 10;
    static constexpr double lineGap = 2;
    static constexpr double minCardWidth = 200;
    static constexpr double maxCardWidth = 340;
    static constexpr double maxTitleWidth = 560;
    static constexpr double radius = 7;
    static constexpr double barHeight = 6;
    static constexpr double heatBand = 5;
    static constexpr double toggleRadius = 9;

    PlanSceneContext();

    // Derives the card fonts from the scene's font (sizes in pixels, so exports to SVG and PNG
    // lay out exactly like the screen).
    void setBaseFont(const QFont &font);
    const QFont &font(FontRole role) const { return m_fonts[size_t(role)]; }
    const QFontMetricsF &metrics(FontRole role) const { return m_metrics[size_t(role)]; }
    // Width of a text in one of the card fonts. Thousands of cards are measured when a plan
    // opens, so widths are summed from per-character advances (cached; kerning is off in the
    // card fonts) instead of shaping every string. Text that needs shaping (surrogate pairs,
    // combining marks) is measured in full.
    double textWidth(FontRole role, const QString &text) const;

    void setAnalysis(std::shared_ptr<const PlanAnalysis> analysis);

private:
    static constexpr size_t fontCount = 5;
    std::array<QFont, fontCount> m_fonts;
    std::array<QFontMetricsF, fontCount> m_metrics;
    std::array<std::array<double, 256>, fontCount> m_latinAdvance{};
    mutable std::array<QHash<char16_t, double>, fontCount> m_otherAdvance;
};

} // namespace sightline
