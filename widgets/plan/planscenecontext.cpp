#include "planscenecontext.h"

#include "models/plan/plannodefacts.h"
#include "models/plan/planreport.h"

#include <QFontInfo>

#include <cmath>

namespace sightline {

PlanSceneContext::PlanSceneContext()
    : m_metrics{QFontMetricsF(QFont()), QFontMetricsF(QFont()), QFontMetricsF(QFont()),
                QFontMetricsF(QFont()), QFontMetricsF(QFont())}
{
    setBaseFont(QFont());
}

void PlanSceneContext::setBaseFont(const QFont &font)
{
    // A projector in a meeting room is the reference: never smaller than 13 px body text.
    const int pixels = std::max(13, QFontInfo(font).pixelSize());
    QFont body = font;
    // The family that is really drawn, by name: an SVG that says "Sans Serif" would be shown
    // in whatever a viewer picks for an unknown family.
    body.setFamilies({QFontInfo(font).family()});
    body.setPixelSize(pixels);
    body.setKerning(false); // matches the per-character widths of textWidth()
    QFont bold = body;
    bold.setBold(true);
    QFont title = bold;
    title.setPixelSize(int(std::lround(pixels * 1.2)));
    QFont small = body;
    small.setPixelSize(std::max(11, int(std::lround(pixels * 0.85))));
    QFont italic = small;
    italic.setItalic(true);
    m_fonts = {title, body, bold, small, italic};
    for (size_t i = 0; i < fontCount; ++i) {
        m_metrics[i] = QFontMetricsF(m_fonts[i]);
        for (int c = 0; c < 256; ++c)
            m_latinAdvance[i][size_t(c)] =
                c < 32 ? 0.0 : m_metrics[i].horizontalAdvance(QChar(char16_t(c)));
        m_otherAdvance[i].clear();
    }
}

double PlanSceneContext::textWidth(FontRole role, const QString &text) const
{
    const auto &latin = m_latinAdvance[size_t(role)];
    auto &other = m_otherAdvance[size_t(role)];
    double width = 0;
    for (const QChar c : text) {
        const char16_t u = c.unicode();
        if (u < 256) {
            width += latin[u];
            continue;
        }
        if (c.isSurrogate() || c.isMark())
            return m_metrics[size_t(role)].horizontalAdvance(text);
        auto it = other.constFind(u);
        if (it == other.constEnd())
            it = other.insert(u, m_metrics[size_t(role)].horizontalAdvance(c));
        width += it.value();
    }
    return width;
}

void PlanSceneContext::setAnalysis(std::shared_ptr<const PlanAnalysis> a)
{
    analysis = std::move(a);
    inactive.clear();
    flagsByNode.clear();
    flowRows.clear();
    maxFlowRows = 0;
    if (!analysis)
        return;
    const qsizetype n = analysis->plan.nodes.size();
    inactive = PlanNodeFacts::inactiveNodes(analysis->plan);
    flagsByNode.resize(n);
    for (const PlanFlag &flag : PlanReport::sortedFlags(*analysis)) {
        if (flag.nodeId >= 0 && flag.nodeId < n)
            flagsByNode[flag.nodeId].append(flag);
    }
    flowRows.fill(0.0, n);
    for (qsizetype i = 0; i < n && i < analysis->metrics.size(); ++i) {
        const NodeMetrics &m = analysis->metrics.at(i);
        const double rows =
            m.actualRowsTotal ? *m.actualRowsTotal : m.estimatedRowsTotal.value_or(0.0);
        flowRows[i] = std::isfinite(rows) ? std::max(0.0, rows) : 0.0;
        maxFlowRows = std::max(maxFlowRows, flowRows[i]);
    }
}

} // namespace sightline
