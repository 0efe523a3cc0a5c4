// What a person sees of a known plan, checked on pixels with a tolerance rather than against a
// golden image: the plan is drawn offscreen at a fixed size with DejaVu Sans, then each card's
// title area must hold text-coloured pixels in a readable size, each flag badge must be filled
// with its severity colour, the hottest card must carry the heat colour, and the space between
// cards must stay background. In a light and in a dark palette.

#include "models/plan/plananalyzer.h"
#include "models/plan/planparser.h"
#include "widgets/plan/planedgeitem.h"
#include "widgets/plan/planexport.h"
#include "widgets/plan/plannodeitem.h"
#include "widgets/plan/planscene.h"

#include <QDir>
#include <QFile>
#include <QFontDatabase>
#include <QPainter>
#include <QTest>

using namespace sightline;

namespace {

// Channel-wise distance between two colours.
int distance(QRgb a, const QColor &b)
{
    return std::max({std::abs(qRed(a) - b.red()), std::abs(qGreen(a) - b.green()),
                     std::abs(qBlue(a) - b.blue())});
}

QPalette palette(bool dark)
{
    QPalette p;
    const QColor base = dark ? QColor(30, 30, 34) : QColor(255, 255, 255);
    const QColor window = dark ? QColor(45, 45, 50) : QColor(239, 239, 239);
    const QColor text = dark ? QColor(235, 235, 235) : QColor(20, 20, 20);
    for (const QPalette::ColorGroup group : {QPalette::Active, QPalette::Inactive}) {
        p.setColor(group, QPalette::Base, base);
        p.setColor(group, QPalette::Window, window);
        p.setColor(group, QPalette::Text, text);
        p.setColor(group, QPalette::WindowText, text);
        p.setColor(group, QPalette::Highlight, QColor(40, 110, 220));
    }
    return p;
}

struct Drawing
{
    std::unique_ptr<PlanScene> scene;
    QImage image;
    QPointF origin; // scene point drawn at the image's (0, 0)
};

} // namespace

class TestPlanScreenshot : public QObject
{
    Q_OBJECT

private:
    std::shared_ptr<const PlanAnalysis> m_analysis;

    Drawing draw(bool dark)
    {
        PlanExport::Settings settings;
        settings.metric = PlanColorMetric::ExclusiveTime;
        settings.palette = palette(dark);
        QFont font(QStringLiteral("DejaVu Sans"));
        font.setPixelSize(14);
        settings.font = font;
        Drawing d;
        d.scene = PlanExport::makeScene(m_analysis, settings);
        const QRectF source = d.scene->sceneRect();
        d.origin = source.topLeft();
        // A fixed size: the plan's own, at 100 %.
        d.image = QImage(source.size().toSize(), QImage::Format_RGB32);
        d.image.fill(Qt::magenta);
        QPainter painter(&d.image);
        painter.setRenderHint(QPainter::Antialiasing);
        painter.setRenderHint(QPainter::TextAntialiasing);
        d.scene->renderPlan(&painter, QRectF(QPointF(0, 0), source.size()));
        return d;
    }

    static QRect toImage(const Drawing &d, const PlanNodeItem *item, const QRectF &itemRect)
    {
        return item->mapToScene(itemRect).boundingRect().translated(-d.origin).toAlignedRect();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(QFontDatabase::families().contains(QStringLiteral("DejaVu Sans")),
                 "fonts-dejavu-core is needed: without a font offscreen text renders as boxes");
        QFile file(QDir(qEnvironmentVariable("SIGHTLINE_CORPUS_DIR"))
                       .filePath(QStringLiteral("022-pev2-workers-planned-24-launched-7.txt")));
        QVERIFY(file.open(QIODevice::ReadOnly));
        const PlanParseResult parsed = PlanParser::parse(file.readAll());
        QVERIFY(parsed.ok());
        m_analysis = std::make_shared<const PlanAnalysis>(PlanAnalyzer::analyze(parsed.mainPlan()));
        QCOMPARE(m_analysis->plan.nodes.size(), 6);
        QVERIFY(m_analysis->flags.size() >= 3);
    }

    void whatAPersonSees_data()
    {
        QTest::addColumn<bool>("dark");
        QTest::newRow("light") << false;
        QTest::newRow("dark") << true;
    }

    void whatAPersonSees()
    {
        QFETCH(bool, dark);
        const Drawing d = draw(dark);
        const PlanPalette colors = d.scene->planPalette();
        QCOMPARE(colors.dark, dark);
        QCOMPARE(d.image.size(), d.scene->sceneRect().size().toSize());

        // Nothing is left undrawn: the background covers the whole image.
        int unpainted = 0;
        for (int y = 0; y < d.image.height(); y += 3) {
            for (int x = 0; x < d.image.width(); x += 3)
                unpainted += distance(d.image.pixel(x, y), Qt::magenta) < 10 ? 1 : 0;
        }
        QCOMPARE(unpainted, 0);

        int badgesChecked = 0;
        for (int id = 0; id < d.scene->nodeCount(); ++id) {
            const PlanNodeItem *item = d.scene->nodeItem(id);
            QVERIFY(item->isVisible());

            // The title: text-coloured pixels, spread over at least 9 rows of pixels (a
            // readable cap height at 14 px) and over most of the title's measured width.
            const QRect title = toImage(d, item, item->titleRect()).intersected(d.image.rect());
            QVERIFY(!title.isEmpty());
            int textPixels = 0;
            int top = title.bottom();
            int bottom = title.top();
            int left = title.right();
            int right = title.left();
            for (int y = title.top(); y <= title.bottom(); ++y) {
                for (int x = title.left(); x <= title.right(); ++x) {
                    if (distance(d.image.pixel(x, y), colors.text) < 60) {
                        ++textPixels;
                        top = std::min(top, y);
                        bottom = std::max(bottom, y);
                        left = std::min(left, x);
                        right = std::max(right, x);
                    }
                }
            }
            const QString what = QStringLiteral("node %1 (%2)").arg(id).arg(item->titleText());
            QVERIFY2(textPixels >= 4 * item->titleText().size(), qPrintable(what));
            QVERIFY2(bottom - top + 1 >= 9, qPrintable(what + QStringLiteral(": text too small")));
            QVERIFY2(right - left + 1 >= title.width() * 0.7,
                     qPrintable(what + QStringLiteral(": title cut short")));

            // Badges: mostly their severity's colour (the text inside takes the rest).
            const QList<QRectF> badges = item->badgeRects();
            const QList<PlanFlagSeverity> severities = item->badgeSeverities();
            QCOMPARE(badges.size(), severities.size());
            for (qsizetype b = 0; b < badges.size(); ++b) {
                const QRect r = toImage(d, item, badges.at(b)).adjusted(2, 2, -2, -2);
                const QColor expected = colors.severity(severities.at(b));
                int matching = 0;
                for (int y = r.top(); y <= r.bottom(); ++y) {
                    for (int x = r.left(); x <= r.right(); ++x)
                        matching += distance(d.image.pixel(x, y), expected) < 30 ? 1 : 0;
                }
                const int area = r.width() * r.height();
                QVERIFY2(matching >= area / 2,
                         qPrintable(QStringLiteral("%1: badge %2 has %3 of %4 pixels in its colour")
                                        .arg(what)
                                        .arg(b)
                                        .arg(matching)
                                        .arg(area)));
                ++badgesChecked;
            }
        }
        // Every flag of the plan is on a card (one badge per rule and node).
        QSet<QString> flagged;
        for (const PlanFlag &flag : m_analysis->flags)
            flagged.insert(QStringLiteral("%1/%2").arg(flag.nodeId).arg(flag.ruleId));
        QCOMPARE(badgesChecked, int(flagged.size()));
        bool critical = false;
        for (const PlanFlag &flag : m_analysis->flags)
            critical = critical || flag.severity == PlanFlagSeverity::Critical;
        QVERIFY(critical); // both severities are on the picture

        // The slowest card carries the heat colour in its top band.
        const int slowest = m_analysis->summary.slowestNodes.front();
        const PlanNodeItem *hot = d.scene->nodeItem(slowest);
        const QColor heat = colors.heat(d.scene->colorScale().intensity(slowest));
        const QRect band = toImage(d, hot, QRectF(10, 1, hot->cardSize().width() - 20, 4))
                               .intersected(d.image.rect());
        int heated = 0;
        for (int y = band.top(); y <= band.bottom(); ++y) {
            for (int x = band.left(); x <= band.right(); ++x)
                heated += distance(d.image.pixel(x, y), heat) < 30 ? 1 : 0;
        }
        QVERIFY2(heated >= band.width() * band.height() * 0.8, "the hottest card is not marked");

        // Between two rows of cards, away from the links, there is only background.
        const QRectF root = d.scene->nodeRect(0);
        const double y = root.bottom() + 20;
        int background = 0;
        for (double x = d.origin.x() + 2; x < d.origin.x() + d.image.width() - 2; x += 7) {
            bool nearLink = false;
            for (const PlanEdgeItem *edge : d.scene->edgeItems())
                nearLink = nearLink || edge->boundingRect().adjusted(-3, -3, 3, 3).contains(x, y);
            if (nearLink)
                continue;
            const QPoint p = QPointF(x, y).toPoint() - d.origin.toPoint();
            QVERIFY2(distance(d.image.pixel(p), colors.background) < 8,
                     qPrintable(QStringLiteral("ink at %1,%2").arg(p.x()).arg(p.y())));
            ++background;
        }
        QVERIFY(background > 10);
    }
};

QTEST_MAIN(TestPlanScreenshot)
#include "tst_planscreenshot.moc"
