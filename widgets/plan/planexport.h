#pragma once

#include "models/plan/plancolorscale.h"
#include "models/plan/planmetrics.h"

#include <QCoreApplication>
#include <QFont>
#include <QImage>
#include <QPalette>

#include <memory>
#include <optional>

namespace sightline {

class PlanScene;

// Writes the whole plan (every visible card, not the part a view shows) as SVG or PNG, and the
// report as Markdown. The plan tab and `sightline plan render` share this, so a file looks the
// same whichever made it. Needs a QApplication (fonts); no window.
class PlanExport final
{
    Q_DECLARE_TR_FUNCTIONS(sightline::PlanExport)

public:
    struct Settings
    {
        PlanColorMetric metric = PlanColorMetric::ExclusiveTime;
        QList<bool> collapsed;           // as in the tab; empty means everything expanded
        std::optional<QPalette> palette; // the application's when unset
        std::optional<QFont> font;       // the application's when unset
    };

    // A scene made for export: no selection, no collapse buttons, the given look.
    static std::unique_ptr<PlanScene> makeScene(std::shared_ptr<const PlanAnalysis> analysis,
                                                const Settings &settings);

    static bool writeSvg(PlanScene &scene, const QString &path, const QString &title,
                         QString *error);
    // scale 2 draws a 300 px card 600 px wide: sharp on high-density screens and in slides.
    // Plans too large for that are scaled down to fit a memory budget; `warning` says so when
    // text may no longer be readable.
    static QImage renderImage(PlanScene &scene, double scale, QString *warning = nullptr);
    static bool writePng(PlanScene &scene, const QString &path, QString *error,
                         QString *warning = nullptr, double scale = 2.0);
    static bool writeMarkdown(const PlanAnalysis &analysis, const QString &path, QString *error,
                              const QList<PlanWarning> &extraWarnings = {});
};

} // namespace sightline
