#include "planexport.h"

#include "models/plan/planreport.h"
#include "widgets/plan/planscene.h"

#include <QApplication>
#include <QPainter>
#include <QSaveFile>
#include <QSvgGenerator>

#include <cmath>

namespace sightline {

namespace {

// Beyond these a PNG costs more memory than a desktop should spend on it, and image viewers
// refuse sides longer than 32k pixels.
constexpr double maxPngPixels = 40e6;
constexpr double maxPngSide = 30000;
// Below this scale text on the cards is too small to read.
constexpr double minReadableScale = 0.6;

bool commit(QSaveFile &file, const QString &path, QString *error)
{
    if (file.commit())
        return true;
    if (error)
        *error = PlanExport::tr("Could not write %1: %2").arg(path, file.errorString());
    return false;
}

bool openFor(QSaveFile &file, const QString &path, QString *error)
{
    file.setFileName(path);
    if (file.open(QIODevice::WriteOnly))
        return true;
    if (error)
        *error = PlanExport::tr("Could not write %1: %2").arg(path, file.errorString());
    return false;
}

} // namespace

std::unique_ptr<PlanScene> PlanExport::makeScene(std::shared_ptr<const PlanAnalysis> analysis,
                                                 const Settings &settings)
{
    PlanScene::Options options;
    options.interactive = false;
    options.metric = settings.metric;
    auto scene = std::make_unique<PlanScene>(options);
    if (settings.palette)
        scene->setPalette(*settings.palette);
    if (settings.font)
        scene->setFont(*settings.font);
    scene->setAnalysis(std::move(analysis));
    if (!settings.collapsed.isEmpty())
        scene->setCollapsedNodes(settings.collapsed);
    return scene;
}

bool PlanExport::writeSvg(PlanScene &scene, const QString &path, const QString &title,
                          QString *error)
{
    QSaveFile file;
    if (!openFor(file, path, error))
        return false;
    const QRectF source = scene.sceneRect();
    QSvgGenerator generator;
    generator.setOutputDevice(&file);
    generator.setSize(source.size().toSize());
    generator.setViewBox(QRectF(QPointF(0, 0), source.size()));
    generator.setTitle(title);
    generator.setDescription(tr("EXPLAIN plan drawn by Sightline"));
    {
        QPainter painter;
        if (!painter.begin(&generator)) {
            if (error)
                *error = tr("Could not write %1: the SVG could not be started").arg(path);
            file.cancelWriting();
            return false;
        }
        painter.setRenderHint(QPainter::Antialiasing);
        painter.setRenderHint(QPainter::TextAntialiasing);
        scene.renderPlan(&painter, QRectF(QPointF(0, 0), source.size()));
    }
    return commit(file, path, error);
}

QImage PlanExport::renderImage(PlanScene &scene, double scale, QString *warning)
{
    const QRectF source = scene.sceneRect();
    double s = scale;
    const double pixels = source.width() * source.height();
    if (pixels * s * s > maxPngPixels)
        s = std::sqrt(maxPngPixels / pixels);
    s = std::min({s, maxPngSide / source.width(), maxPngSide / source.height()});
    if (warning) {
        warning->clear();
        if (s < minReadableScale)
            *warning = tr("The plan is too large for a readable PNG (drawn at %1 %); SVG keeps "
                          "every label sharp.")
                           .arg(int(std::lround(s * 100)));
    }
    const QSize size(std::max(1, int(std::ceil(source.width() * s))),
                     std::max(1, int(std::ceil(source.height() * s))));
    QImage image(size, QImage::Format_ARGB32_Premultiplied);
    image.fill(scene.planPalette().background);
    QPainter painter(&image);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setRenderHint(QPainter::TextAntialiasing);
    scene.renderPlan(&painter, QRectF(QPointF(0, 0), QSizeF(size)));
    painter.end();
    return image;
}

bool PlanExport::writePng(PlanScene &scene, const QString &path, QString *error, QString *warning,
                          double scale)
{
    const QImage image = renderImage(scene, scale, warning);
    QSaveFile file;
    if (!openFor(file, path, error))
        return false;
    if (!image.save(&file, "PNG")) {
        if (error)
            *error = tr("Could not write %1: the PNG could not be encoded").arg(path);
        file.cancelWriting();
        return false;
    }
    return commit(file, path, error);
}

bool PlanExport::writeMarkdown(const PlanAnalysis &analysis, const QString &path, QString *error,
                               const QList<PlanWarning> &extraWarnings)
{
    QSaveFile file;
    if (!openFor(file, path, error))
        return false;
    const QByteArray bytes = PlanReport::markdown(analysis, extraWarnings).toUtf8();
    if (file.write(bytes) != bytes.size()) {
        if (error)
            *error = tr("Could not write %1: %2").arg(path, file.errorString());
        file.cancelWriting();
        return false;
    }
    return commit(file, path, error);
}

} // namespace sightline
