// The compare view: two plans side by side, selections follow each other.

#include "models/plan/plananalyzer.h"
#include "models/plan/planparser.h"
#include "widgets/plan/plancompareview.h"
#include "widgets/plan/planscene.h"

#include <QDir>
#include <QFile>
#include <QLabel>
#include <QListWidget>
#include <QTest>
#include <QTreeWidget>

using namespace sightline;

namespace {

PlanAnalysis analyze(const QString &text)
{
    const PlanParseResult parsed = PlanParser::parse(text);
    return parsed.ok() ? PlanAnalyzer::analyze(parsed.mainPlan()) : PlanAnalysis();
}

QString corpusFile(const QString &name)
{
    QFile file(QDir(qEnvironmentVariable("SIGHTLINE_CORPUS_DIR")).filePath(name));
    return file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()) : QString();
}

const char *kBefore =
    "Limit  (cost=0.00..2000.00 rows=10 width=8) (actual time=0.1..120.0 rows=10 loops=1)\n"
    "  ->  Sort  (cost=0.00..1900.00 rows=10 width=8) (actual time=0.1..119.0 rows=10 loops=1)\n"
    "        Sort Key: o.created\n"
    "        Sort Method: external merge  Disk: 29696kB\n"
    "        ->  Seq Scan on orders o  (cost=0.00..1800.00 rows=50 width=8) (actual "
    "time=0.1..100.0 rows=50 loops=1)\n"
    "              Filter: (customer_id = 42)\n"
    "              Rows Removed by Filter: 99950\n"
    "Execution Time: 120.5 ms\n";

const char *kAfter =
    "Limit  (cost=0.00..20.00 rows=10 width=8) (actual time=0.1..0.5 rows=10 loops=1)\n"
    "  ->  Index Scan using orders_customer_idx on orders o  (cost=0.00..19.00 rows=50 width=8) "
    "(actual time=0.1..0.4 rows=10 loops=1)\n"
    "        Index Cond: (customer_id = 42)\n"
    "Execution Time: 0.6 ms\n";

} // namespace

class TestPlanCompare : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void selectingOnOneSideSelectsTheMatchOnTheOther()
    {
        PlanCompareView view;
        view.resize(1200, 800);
        view.setPlans(analyze(QString::fromLatin1(kBefore)), analyze(QString::fromLatin1(kAfter)),
                      QStringLiteral("before"), QStringLiteral("after"));
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QVERIFY(view.verdictLabel()->text().contains(QStringLiteral("faster")));
        QStringList changes;
        for (int i = 0; i < view.changesList()->count(); ++i)
            changes << view.changesList()->item(i)->text();
        QVERIFY2(changes.contains(QStringLiteral(
                     "Seq Scan on orders o → Index Scan using orders_customer_idx on orders o")),
                 qPrintable(changes.join(QLatin1Char('\n'))));

        // The scan is node 2 before and node 1 after.
        view.beforeScene()->selectNode(2);
        QCOMPARE(view.afterScene()->selectedNode(), 1);
        view.afterScene()->selectNode(0);
        QCOMPARE(view.beforeScene()->selectedNode(), 0);
        // The removed Sort has no partner: the other side clears.
        view.beforeScene()->selectNode(1);
        QCOMPARE(view.afterScene()->selectedNode(), -1);

        // The property grid shows both values, differences marked.
        view.beforeScene()->selectNode(2);
        QTreeWidget *grid = view.propertyGrid();
        QVERIFY(grid->topLevelItemCount() > 3);
        QTreeWidgetItem *node = grid->topLevelItem(0);
        QCOMPARE(node->text(1), QStringLiteral("Seq Scan on orders o"));
        QVERIFY(node->font(0).bold());
        // A change in the list selects its node.
        for (int i = 0; i < view.changesList()->count(); ++i) {
            if (view.changesList()->item(i)->text().startsWith(QStringLiteral("Sort"))) {
                view.changesList()->setCurrentRow(i);
                QCOMPARE(view.beforeScene()->selectedNode(), 1);
            }
        }
    }

    void samePlanTwiceIsNoSignificantChange()
    {
        const QString text = corpusFile(QStringLiteral("002-pev2-simple-join.json"));
        QVERIFY(!text.isEmpty());
        PlanCompareView view;
        view.setPlans(analyze(text),
                      analyze(corpusFile(QStringLiteral("001-pev2-simple-join.txt"))),
                      QStringLiteral("json"), QStringLiteral("text"));
        QVERIFY(view.verdictLabel()->text().startsWith(QStringLiteral("No significant change")));
        QCOMPARE(view.diff().matched.size(), 5);
        for (int id = 0; id < 5; ++id) {
            view.afterScene()->selectNode(id);
            QCOMPARE(view.beforeScene()->selectedNode(), id);
        }
        // Loading other plans replaces everything without leaving marks behind.
        view.setPlans(analyze(QString::fromLatin1(kBefore)), analyze(QString::fromLatin1(kAfter)),
                      QStringLiteral("b"), QStringLiteral("a"));
        QCOMPARE(view.diff().removed.size(), 1);
    }
};

QTEST_MAIN(TestPlanCompare)
#include "tst_plancompare.moc"
