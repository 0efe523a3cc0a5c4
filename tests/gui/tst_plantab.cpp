// The plan tab, offscreen, driven like a person would: real plans of every kind from the shared
// corpus open with their slowest node selected; clicks on a flag, a table row or a card select
// the same node everywhere; folding hides a subtree; Ctrl+V and drops open plans; a plan that
// cannot be read shows why without losing what was shown; exports write the whole plan.

#include "models/plan/planflagsmodel.h"
#include "models/plan/planitemroles.h"
#include "models/plan/plantablemodel.h"
#include "widgets/plan/plandetailspanel.h"
#include "widgets/plan/planedgeitem.h"
#include "widgets/plan/plangraphview.h"
#include "widgets/plan/plannodeitem.h"
#include "widgets/plan/planscene.h"
#include "widgets/plan/plantab.h"

#include <QAbstractProxyModel>
#include <QApplication>
#include <QClipboard>
#include <QDir>
#include <QFile>
#include <QImageReader>
#include <QLabel>
#include <QMimeData>
#include <QSignalSpy>
#include <QStackedWidget>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBrowser>
#include <QTreeView>
#include <QTreeWidget>
#include <QXmlStreamReader>

using namespace sightline;

namespace {

QString corpusFile(const QString &name)
{
    return QDir(qEnvironmentVariable("SIGHTLINE_CORPUS_DIR")).filePath(name);
}

QString readCorpus(const QString &name)
{
    QFile file(corpusFile(name));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QString::fromUtf8(file.readAll());
}

// The node a person would start from: the slowest by exclusive time, or the root.
int expectedFirstNode(const PlanAnalysis &analysis)
{
    if (analysis.summary.analyzed && !analysis.summary.slowestNodes.isEmpty() &&
        analysis.metrics.at(analysis.summary.slowestNodes.front()).hasTime)
        return analysis.summary.slowestNodes.front();
    return 0;
}

int tableSelectedNode(const PlanTab &tab)
{
    const QModelIndex current = tab.tableView()->currentIndex();
    return current.isValid() ? current.data(PlanNodeIdRole).toInt() : -1;
}

int graphSelectedNode(const PlanTab &tab)
{
    const QList<QGraphicsItem *> selected = tab.scene()->selectedItems();
    if (selected.size() != 1 || selected.front()->type() != PlanNodeItem::Type)
        return -1;
    return static_cast<PlanNodeItem *>(selected.front())->nodeId();
}

// Every view agrees on the node.
bool allSelect(const PlanTab &tab, int node)
{
    return tab.selectedNode() == node && graphSelectedNode(tab) == node &&
           tableSelectedNode(tab) == node && tab.detailsPanel()->node() == node;
}

QPoint viewPoint(PlanTab &tab, const QPointF &scenePoint)
{
    return tab.graphView()->mapFromScene(scenePoint);
}

void clickCard(PlanTab &tab, int node)
{
    tab.views()->setCurrentWidget(tab.graphView());
    PlanNodeItem *item = tab.scene()->nodeItem(node);
    tab.graphView()->showNode(node);
    const QPointF center = item->mapToScene(QPointF(item->cardRect().center().x(), 12));
    QTest::mouseClick(tab.graphView()->viewport(), Qt::LeftButton, {}, viewPoint(tab, center));
}

// All <text> contents of an SVG; empty with `error` set when it is not well-formed XML.
QStringList svgTexts(const QString &path, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = file.errorString();
        return {};
    }
    QXmlStreamReader xml(&file);
    QStringList texts;
    bool sawSvg = false;
    while (!xml.atEnd()) {
        xml.readNext();
        if (xml.isStartElement() && xml.name() == QLatin1String("svg"))
            sawSvg = true;
        if (xml.isStartElement() && xml.name() == QLatin1String("text"))
            texts << xml.readElementText(QXmlStreamReader::IncludeChildElements).trimmed();
    }
    if (xml.hasError())
        *error = xml.errorString();
    else if (!sawSvg)
        *error = QStringLiteral("no <svg> element");
    return texts;
}

} // namespace

class TestPlanTab : public QObject
{
    Q_OBJECT

private:
    // A shown tab with a plan from the corpus, fully loaded.
    bool open(PlanTab &tab, const QString &name)
    {
        tab.resize(1400, 900);
        tab.show();
        if (!QTest::qWaitForWindowExposed(&tab))
            return false;
        QSignalSpy loaded(&tab, &PlanTab::planLoaded);
        tab.openFile(corpusFile(name));
        return loaded.wait(10000) || loaded.size() == 1;
    }

private Q_SLOTS:
    void opensEveryKindOfPlan_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("kind");
        QTest::newRow("parallel json") << "012-pev2-parallel-verbose.json"
                                       << "parallel";
        QTest::newRow("parallel text") << "013-pev2-parallel-4-workers-tpch.txt"
                                       << "parallel";
        QTest::newRow("ctes json") << "004-pev2-many-ctes.json"
                                   << "cte";
        QTest::newRow("ctes text") << "075-depesz-ctes-text.txt"
                                   << "cte";
        QTest::newRow("initplan subplan text") << "069-depesz-initplan-subplan.txt"
                                               << "subplan";
        QTest::newRow("initplan subplan json") << "077-depesz-json-initplan-subplan-psql.json"
                                               << "subplan";
        QTest::newRow("partitions") << "014-pev2-partitions-io-timings.txt"
                                    << "partitions";
        QTest::newRow("async partitions") << "043-pev2-append-partitions.txt"
                                          << "partitions";
        QTest::newRow("triggers text") << "010-pev2-delete-triggers-psql.txt"
                                       << "triggers";
        QTest::newRow("triggers json") << "033-pev2-insert-modifytable.json"
                                       << "triggers";
        QTest::newRow("never executed") << "054-pev2-never-executed-hash-join.txt"
                                        << "never";
        QTest::newRow("never executed subplan") << "071-depesz-subplan-never-executed.txt"
                                                << "never";
        QTest::newRow("one-time filter") << "095-flameexplain-twoonetimefilter.json"
                                         << "subplan";
        QTest::newRow("no analyze") << "024-pev2-costs-off-no-analyze.txt"
                                    << "estimate";
        QTest::newRow("very large") << "009-pev2-very-large-plan.json"
                                    << "large";
    }

    void opensEveryKindOfPlan()
    {
        QFETCH(QString, file);
        QFETCH(QString, kind);
        PlanTab tab;
        QSignalSpy titles(&tab, &PlanTab::titleChanged);
        QVERIFY(open(tab, file));
        QVERIFY(tab.hasPlan());
        QVERIFY(tab.errorText().isEmpty());
        QCOMPARE(tab.title(), file);
        QCOMPARE(titles.size(), 1);
        const PlanAnalysis &analysis = *tab.analysis();
        const int nodes = int(analysis.plan.nodes.size());
        QCOMPARE(tab.scene()->nodeCount(), nodes);
        QCOMPARE(tab.tableView()->model()->rowCount(), nodes);
        QCOMPARE(tab.flagsView()->model()->rowCount(), int(analysis.flags.size()));
        QCOMPARE(tab.findChild<QStackedWidget *>()->currentIndex(), 1);

        // The slowest node is selected everywhere and in view.
        const int first = expectedFirstNode(analysis);
        QVERIFY(allSelect(tab, first));
        QVERIFY(tab.detailsPanel()->heading().startsWith(QStringLiteral("#%1 ").arg(first)));
        const QRectF visible =
            tab.graphView()->mapToScene(tab.graphView()->viewport()->rect()).boundingRect();
        QVERIFY(visible.intersects(tab.scene()->nodeRect(first)));

        // Every card is laid out; each link runs from a parent's bottom to its child's top.
        for (int i = 0; i < nodes; ++i)
            QVERIFY(!tab.scene()->nodeRect(i).isNull());
        for (const PlanEdgeItem *edge : tab.scene()->edgeItems()) {
            QVERIFY(edge->isVisible());
            QVERIFY(tab.scene()->nodeRect(edge->parentId()).bottom() <
                    tab.scene()->nodeRect(edge->childId()).top());
        }

        const QString summary = tab.summaryLabel()->text();
        if (kind == QLatin1String("triggers"))
            QVERIFY2(summary.contains(QStringLiteral("Triggers")), qPrintable(summary));
        if (kind == QLatin1String("estimate")) {
            QVERIFY(summary.contains(QStringLiteral("EXPLAIN without ANALYZE")));
            QCOMPARE(tab.colorMetric(), PlanColorMetric::None); // COSTS OFF: nothing to colour
        }
        if (analysis.plan.executionTimeMs)
            QVERIFY2(summary.contains(QStringLiteral("Execution")), qPrintable(summary));
        if (kind == QLatin1String("never")) {
            bool greyed = false;
            for (int row = 0; row < nodes; ++row)
                greyed = greyed ||
                         tab.tableView()->model()->index(row, 0).data(PlanInactiveRole).toBool();
            QVERIFY(greyed);
        }
        if (kind == QLatin1String("subplan")) {
            bool subplan = false;
            for (const PlanNode &node : analysis.plan.nodes)
                subplan = subplan || node.isSubplanRoot();
            QVERIFY(subplan);
        }
        if (kind == QLatin1String("large"))
            QTRY_VERIFY(tab.graphView()->minimap()->isVisible());
    }

    void clickingAFlagSelectsItsNode()
    {
        PlanTab tab;
        QVERIFY(open(tab, QStringLiteral("022-pev2-workers-planned-24-launched-7.txt")));
        tab.views()->setCurrentWidget(tab.flagsView());
        QTableView *flags = tab.flagsView();
        QVERIFY(flags->model()->rowCount() >= 3);
        QSignalSpy selected(&tab, &PlanTab::selectedNodeChanged);
        for (int row = flags->model()->rowCount() - 1; row >= 0; --row) {
            const QModelIndex index = flags->model()->index(row, PlanFlagsModel::MessageColumn);
            const int node = index.data(PlanNodeIdRole).toInt();
            QTest::mouseClick(flags->viewport(), Qt::LeftButton, {},
                              flags->visualRect(index).center());
            QTRY_VERIFY(allSelect(tab, node));
            QCOMPARE(flags->currentIndex().row(), row);
        }
        QVERIFY(!selected.isEmpty());
    }

    void tableAndTreeStayInSync()
    {
        PlanTab tab;
        QVERIFY(open(tab, QStringLiteral("004-pev2-many-ctes.json")));
        QTableView *table = tab.tableView();
        const int nodes = tab.scene()->nodeCount();

        // Table row -> card.
        tab.views()->setCurrentWidget(table);
        for (const int node : {3, 17, nodes - 1}) {
            const QModelIndex index =
                table->model()->index(node, PlanTableModel::NodeColumn); // plan order
            table->scrollTo(index);
            QTest::mouseClick(table->viewport(), Qt::LeftButton, {},
                              table->visualRect(index).center());
            QTRY_VERIFY(allSelect(tab, node));
        }

        // Card -> table row.
        for (const int node : {0, 5, 31}) {
            clickCard(tab, node);
            QTRY_VERIFY(allSelect(tab, node));
        }

        // Keyboard in the tree: Up goes to the parent, Down to the first child.
        tab.graphView()->setFocus();
        const int parent = tab.analysis()->plan.nodes.at(31).parent;
        QTest::keyClick(tab.graphView(), Qt::Key_Up);
        QTRY_VERIFY(allSelect(tab, parent));
        QTest::keyClick(tab.graphView(), Qt::Key_Down);
        QTRY_VERIFY(allSelect(tab, tab.analysis()->plan.nodes.at(parent).children.front()));
        QTest::keyClick(tab.graphView(), Qt::Key_Home);
        QTRY_VERIFY(allSelect(tab, 0));

        // A sorted table still maps rows to the right nodes.
        table->sortByColumn(PlanTableModel::ExclusiveColumn, Qt::DescendingOrder);
        const QModelIndex top = table->model()->index(0, PlanTableModel::NodeColumn);
        const int slowest = top.data(PlanNodeIdRole).toInt();
        QCOMPARE(slowest, tab.analysis()->summary.slowestNodes.front());
        QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, table->visualRect(top).center());
        QTRY_VERIFY(allSelect(tab, slowest));
    }

    void statisticsSelectTheSlowestNodeOfAGroup()
    {
        PlanTab tab;
        QVERIFY(open(tab, QStringLiteral("013-pev2-parallel-4-workers-tpch.txt")));
        tab.views()->setCurrentWidget(tab.statsView());
        QTreeView *stats = tab.statsView();
        const QModelIndex types = stats->model()->index(0, 0);
        QVERIFY(stats->model()->rowCount(types) > 0);
        const QModelIndex entry = stats->model()->index(0, 0, types);
        const int node = entry.data(PlanNodeIdRole).toInt();
        tab.selectNode(0);
        QTest::mouseClick(stats->viewport(), Qt::LeftButton, {}, stats->visualRect(entry).center());
        QTRY_VERIFY(allSelect(tab, node));
    }

    void detailsPanelShowsTheSelectedNode()
    {
        PlanTab tab;
        QVERIFY(open(tab, QStringLiteral("022-pev2-workers-planned-24-launched-7.txt")));
        PlanDetailsPanel *details = tab.detailsPanel();
        // The slowest node carries flags: their explanations and suggestions are shown.
        QVERIFY(details->flagsBrowser()->isVisible());
        const QString flagsText = details->flagsBrowser()->toPlainText();
        for (const PlanFlag &flag : tab.analysis()->flags) {
            if (flag.nodeId == tab.selectedNode()) {
                QVERIFY2(flagsText.contains(flag.message), qPrintable(flagsText));
                QVERIFY(flagsText.contains(flag.suggestion.left(40)));
            }
        }
        QTreeWidget *tree = details->propertyTree();
        QStringList groups;
        for (int i = 0; i < tree->topLevelItemCount(); ++i)
            groups << tree->topLevelItem(i)->text(0);
        QCOMPARE(groups.mid(0, 3), (QStringList{QStringLiteral("General"), QStringLiteral("Rows"),
                                                QStringLiteral("Time")}));

        // Ctrl+C copies the selected properties as "name: value" lines.
        QTreeWidgetItem *general = tree->topLevelItem(0);
        tree->clearSelection();
        general->child(0)->setSelected(true);
        general->child(1)->setSelected(true);
        tree->setFocus();
        QTest::keyClick(tree, Qt::Key_C, Qt::ControlModifier);
        const QString copied = QApplication::clipboard()->text();
        QVERIFY2(
            copied.startsWith(QStringLiteral("%1: %2\n")
                                  .arg(general->child(0)->text(0), general->child(0)->text(1))),
            qPrintable(copied));
        QCOMPARE(copied.count(QLatin1Char('\n')), 1);

        // A node without flags hides the flags part.
        int plain = -1;
        for (int i = 0; i < tab.scene()->nodeCount() && plain < 0; ++i) {
            bool flagged = false;
            for (const PlanFlag &flag : tab.analysis()->flags)
                flagged = flagged || flag.nodeId == i;
            if (!flagged)
                plain = i;
        }
        QVERIFY(plain >= 0);
        tab.selectNode(plain);
        QVERIFY(!details->flagsBrowser()->isVisible());
        QVERIFY(details->heading().startsWith(QStringLiteral("#%1 ").arg(plain)));
    }

    void collapseHidesTheSubtree()
    {
        PlanTab tab;
        QVERIFY(open(tab, QStringLiteral("003-pev2-three-joins-missing-index.json")));
        const Plan &plan = tab.analysis()->plan;
        // A node with a subtree below it, not the root.
        int folded = -1;
        for (const PlanNode &node : plan.nodes) {
            if (node.id > 0 && node.subtreeSize > 2) {
                folded = node.id;
                break;
            }
        }
        QVERIFY(folded > 0);
        const int inside = folded + 1;
        tab.selectNode(inside + 1);

        // Click the fold button under the card.
        PlanNodeItem *item = tab.scene()->nodeItem(folded);
        const QRectF toggle = item->mapToScene(item->toggleRect()).boundingRect();
        QVERIFY(!toggle.isEmpty());
        tab.graphView()->ensureVisible(toggle, 20, 20);
        const QRectF before = tab.scene()->planBounds();
        QTest::mouseClick(tab.graphView()->viewport(), Qt::LeftButton, {},
                          viewPoint(tab, toggle.center()));
        QTRY_VERIFY(tab.scene()->isCollapsed(folded));
        for (int i = folded + 1; i < folded + plan.nodes.at(folded).subtreeSize; ++i) {
            QVERIFY(!tab.scene()->nodeItem(i)->isVisible());
            QVERIFY(tab.scene()->nodeRect(i).isNull());
        }
        for (const PlanEdgeItem *edge : tab.scene()->edgeItems())
            QCOMPARE(edge->isVisible(), tab.scene()->isNodeVisible(edge->childId()));
        QVERIFY(tab.scene()->planBounds() != before);
        // The selection inside the folded part moved to the folded node.
        QTRY_VERIFY(allSelect(tab, folded));

        // Selecting a hidden node from the table unfolds what hides it.
        tab.views()->setCurrentWidget(tab.tableView());
        const QModelIndex row = tab.tableView()->model()->index(inside, PlanTableModel::NodeColumn);
        QTest::mouseClick(tab.tableView()->viewport(), Qt::LeftButton, {},
                          tab.tableView()->visualRect(row).center());
        QTRY_VERIFY(allSelect(tab, inside));
        QVERIFY(!tab.scene()->isCollapsed(folded));
        QVERIFY(tab.scene()->nodeItem(inside)->isVisible());

        // Space on the selected card folds it again, Enter unfolds.
        tab.views()->setCurrentWidget(tab.graphView());
        tab.selectNode(folded);
        tab.graphView()->setFocus();
        QTest::keyClick(tab.graphView(), Qt::Key_Space);
        QVERIFY(tab.scene()->isCollapsed(folded));
        QTest::keyClick(tab.graphView(), Qt::Key_Return);
        QVERIFY(!tab.scene()->isCollapsed(folded));
    }

    void pasteATextPlan()
    {
        PlanTab tab;
        tab.resize(1200, 800);
        tab.show();
        QVERIFY(QTest::qWaitForWindowActive(&tab));
        const QString text = readCorpus(QStringLiteral("001-pev2-simple-join.txt"));
        QVERIFY(!text.isEmpty());
        QApplication::clipboard()->setText(text);
        QSignalSpy loaded(&tab, &PlanTab::planLoaded);
        tab.graphView()->setFocus();
        QTest::keyClick(tab.graphView(), Qt::Key_V, Qt::ControlModifier);
        QVERIFY(loaded.wait(10000));
        QCOMPARE(tab.title(), QStringLiteral("Pasted plan"));
        QCOMPARE(tab.analysis()->plan.format, PlanFormat::Text);
        QCOMPARE(tab.scene()->nodeCount(), 5);
        QVERIFY(allSelect(tab, expectedFirstNode(*tab.analysis())));

        // JSON from the clipboard works the same way, replacing the plan.
        QApplication::clipboard()->setText(readCorpus(QStringLiteral("002-pev2-simple-join.json")));
        QTest::keyClick(tab.graphView(), Qt::Key_V, Qt::ControlModifier);
        QVERIFY(loaded.wait(10000));
        QCOMPARE(tab.analysis()->plan.format, PlanFormat::Json);
    }

    void dropAFile()
    {
        PlanTab tab;
        tab.resize(1000, 700);
        tab.show();
        QVERIFY(QTest::qWaitForWindowExposed(&tab));
        QMimeData mime;
        mime.setUrls(
            {QUrl::fromLocalFile(corpusFile(QStringLiteral("080-pgdocs-sort-hash-join.txt")))});
        const QPoint where = tab.rect().center();
        QDragEnterEvent enter(where, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(&tab, &enter);
        QVERIFY(enter.isAccepted());
        QSignalSpy loaded(&tab, &PlanTab::planLoaded);
        QDropEvent drop(QPointF(where), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(&tab, &drop);
        QVERIFY(loaded.wait(10000));
        QCOMPARE(tab.title(), QStringLiteral("080-pgdocs-sort-hash-join.txt"));

        QMimeData image;
        image.setImageData(QImage(4, 4, QImage::Format_RGB32));
        QDragEnterEvent refused(where, Qt::CopyAction, &image, Qt::LeftButton, Qt::NoModifier);
        refused.setAccepted(false);
        QApplication::sendEvent(&tab, &refused);
        QVERIFY(!refused.isAccepted());
    }

    void malformedPlanShowsAnError_data()
    {
        QTest::addColumn<QString>("text");
        QTest::newRow("psql error")
            << "ERROR:  relation \"orders\" does not exist\nLINE 1: SELECT * FROM orders;\n";
        QTest::newRow("cut inside a node")
            << readCorpus(QStringLiteral("039-malformed-linebreak-inside-node.txt"));
        QTest::newRow("json without a plan") << QStringLiteral("[{\"Query Text\": \"SELECT 1\"}]");
        QTest::newRow("empty") << QString();
        QTest::newRow("binary") << QString::fromLatin1(QByteArray(300, '\x01'));
    }

    void malformedPlanShowsAnError()
    {
        QFETCH(QString, text);
        PlanTab tab;
        tab.resize(1000, 700);
        tab.show();
        QVERIFY(QTest::qWaitForWindowExposed(&tab));
        QSignalSpy failed(&tab, &PlanTab::loadFailed);
        tab.loadText(text);
        QVERIFY(failed.wait(10000));
        QVERIFY(!tab.hasPlan());
        QVERIFY(!tab.errorText().isEmpty());
        auto *error = tab.findChild<QLabel *>(QStringLiteral("planError"));
        QVERIFY(error && error->isVisible());
        QCOMPARE(error->text(), tab.errorText());
        QCOMPARE(tab.findChild<QStackedWidget *>()->currentIndex(), 0);

        // A good plan clears the error; a bad one after it keeps the good one on screen.
        QSignalSpy loaded(&tab, &PlanTab::planLoaded);
        tab.openFile(corpusFile(QStringLiteral("001-pev2-simple-join.txt")));
        QVERIFY(loaded.wait(10000));
        QVERIFY(!error->isVisible());
        tab.loadText(text);
        QVERIFY(failed.wait(10000));
        QVERIFY(tab.hasPlan());
        QCOMPARE(tab.scene()->nodeCount(), 5);
        QVERIFY(error->isVisible());
        QCOMPARE(tab.findChild<QStackedWidget *>()->currentIndex(), 1);
    }

    void missingFileShowsAnError()
    {
        PlanTab tab;
        QSignalSpy failed(&tab, &PlanTab::loadFailed);
        tab.openFile(QDir::temp().filePath(QStringLiteral("sightline-no-such-plan.txt")));
        QVERIFY(failed.wait(10000));
        QVERIFY(tab.errorText().contains(QStringLiteral("sightline-no-such-plan.txt")));
    }

    void parseWarningsAreShown()
    {
        PlanTab tab;
        QVERIFY(open(tab, QStringLiteral("099-derived-truncated-text-midline.txt")));
        QVERIFY(!tab.analysis()->plan.warnings.isEmpty());
        auto *warnings = tab.findChild<QLabel *>(QStringLiteral("planWarnings"));
        QVERIFY(warnings && warnings->isVisible());
        QVERIFY(warnings->text().contains(tab.warningTexts().front()));

        QSignalSpy loaded(&tab, &PlanTab::planLoaded);
        tab.openFile(corpusFile(QStringLiteral("001-pev2-simple-join.txt")));
        QVERIFY(loaded.wait(10000));
        QVERIFY(!warnings->isVisible());
    }

    void newerLoadWins()
    {
        PlanTab tab;
        QSignalSpy loaded(&tab, &PlanTab::planLoaded);
        tab.openFile(corpusFile(QStringLiteral("009-pev2-very-large-plan.json")));
        tab.openFile(corpusFile(QStringLiteral("001-pev2-simple-join.txt")));
        QVERIFY(loaded.wait(10000));
        QTest::qWait(200); // the first job may finish later; it must be dropped
        QCOMPARE(loaded.size(), 1);
        QCOMPARE(tab.title(), QStringLiteral("001-pev2-simple-join.txt"));
        QCOMPARE(tab.scene()->nodeCount(), 5);
    }

    void colourMetric()
    {
        PlanTab tab;
        QVERIFY(open(tab, QStringLiteral("003-pev2-three-joins-missing-index.json")));
        QCOMPARE(tab.colorMetric(), PlanColorMetric::ExclusiveTime);
        tab.setColorMetric(PlanColorMetric::Rows);
        QCOMPARE(tab.scene()->colorMetric(), PlanColorMetric::Rows);
        auto *table = qobject_cast<QAbstractProxyModel *>(tab.tableView()->model());
        QVERIFY(table);
        QCOMPARE(static_cast<PlanTableModel *>(table->sourceModel())->colorMetric(),
                 PlanColorMetric::Rows);
        // A plan without that metric falls back; the preference comes back with the next plan.
        QSignalSpy loaded(&tab, &PlanTab::planLoaded);
        tab.openFile(corpusFile(QStringLiteral("027-pev2-mixed-tabs-spaces.txt")));
        QVERIFY(loaded.wait(10000));
        QVERIFY(!tab.analysis()->summary.analyzed);
        QCOMPARE(tab.colorMetric(), PlanColorMetric::Rows); // estimated rows exist
        tab.setColorMetric(PlanColorMetric::ExclusiveTime);
        QCOMPARE(tab.colorMetric(), PlanColorMetric::Cost);
        tab.openFile(corpusFile(QStringLiteral("003-pev2-three-joins-missing-index.json")));
        QVERIFY(loaded.wait(10000));
        QCOMPARE(tab.colorMetric(), PlanColorMetric::ExclusiveTime);
    }

    void exportWritesTheWholePlan_data()
    {
        QTest::addColumn<QString>("file");
        QTest::newRow("small") << "001-pev2-simple-join.txt";
        QTest::newRow("ctes") << "004-pev2-many-ctes.json";
        QTest::newRow("large") << "009-pev2-very-large-plan.json";
    }

    void exportWritesTheWholePlan()
    {
        QFETCH(QString, file);
        PlanTab tab;
        QVERIFY(open(tab, file));
        // Zoomed in on one card: the export must still hold every node.
        tab.graphView()->setZoom(2.0);
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString svg = dir.filePath(QStringLiteral("plan.svg"));
        QString error;
        QVERIFY2(tab.exportSvg(svg, &error), qPrintable(error));
        const QStringList texts = svgTexts(svg, &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        for (const PlanNode &node : tab.analysis()->plan.nodes) {
            QVERIFY2(texts.contains(node.displayName()), qPrintable(node.displayName()));
            QVERIFY2(texts.contains(QStringLiteral("#%1").arg(node.id)), qPrintable(node.label()));
        }

        const QString png = dir.filePath(QStringLiteral("plan.png"));
        QVERIFY2(tab.exportPng(png, &error), qPrintable(error));
        QImageReader reader(png);
        const QSize size = reader.size();
        QVERIFY(reader.canRead());
        QVERIFY(size.width() >= std::min(tab.scene()->sceneRect().width(), 20000.0) * 0.5);

        const QString md = dir.filePath(QStringLiteral("plan.md"));
        QVERIFY2(tab.exportMarkdown(md, &error), qPrintable(error));
        QFile report(md);
        QVERIFY(report.open(QIODevice::ReadOnly));
        const QString markdown = QString::fromUtf8(report.readAll());
        QVERIFY(markdown.startsWith(QStringLiteral("# Query plan")));

        // An unwritable place is an error message, not a crash.
        QVERIFY(!tab.exportSvg(dir.filePath(QStringLiteral("missing/plan.svg")), &error));
        QVERIFY(error.contains(QStringLiteral("missing")));
    }

    void exportFollowsFolding()
    {
        PlanTab tab;
        QVERIFY(open(tab, QStringLiteral("003-pev2-three-joins-missing-index.json")));
        tab.scene()->setCollapsed(1, true);
        QTemporaryDir dir;
        const QString svg = dir.filePath(QStringLiteral("folded.svg"));
        QString error;
        QVERIFY2(tab.exportSvg(svg, &error), qPrintable(error));
        const QStringList texts = svgTexts(svg, &error);
        QVERIFY(error.isEmpty());
        QVERIFY(texts.contains(QStringLiteral("#1")));
        QVERIFY(!texts.contains(QStringLiteral("#2")));
        const int hidden = tab.analysis()->plan.nodes.at(1).subtreeSize - 1;
        QVERIFY(texts.contains(QStringLiteral("+%1").arg(hidden)));
    }

    void zoomAndFit()
    {
        PlanTab tab;
        QVERIFY(open(tab, QStringLiteral("009-pev2-very-large-plan.json")));
        PlanGraphView *view = tab.graphView();
        view->setFocus();
        const double start = view->zoom();
        QTest::keyClick(view, Qt::Key_Plus, Qt::ControlModifier);
        QVERIFY(view->zoom() > start);
        QTest::keyClick(view, Qt::Key_Minus, Qt::ControlModifier);
        QVERIFY(qAbs(view->zoom() - start) < 1e-9);
        QTest::keyClick(view, Qt::Key_0, Qt::ControlModifier);
        const QRectF visible = view->mapToScene(view->viewport()->rect()).boundingRect();
        QVERIFY(visible.adjusted(-2, -2, 2, 2).contains(tab.scene()->planBounds()));
        QVERIFY(!view->minimap()->isVisible());
        view->setZoom(1.0);
        QTRY_VERIFY(view->minimap()->isVisible());
        // Clicking the minimap moves the view there.
        const QRectF before = view->mapToScene(view->viewport()->rect()).boundingRect();
        QTest::mouseClick(view->minimap(), Qt::LeftButton, {},
                          QPoint(view->minimap()->width() - 6, view->minimap()->height() - 6));
        const QRectF after = view->mapToScene(view->viewport()->rect()).boundingRect();
        QVERIFY(after != before);
        QVERIFY(view->minimap()->viewportRect().intersects(after));
    }
};

QTEST_MAIN(TestPlanTab)
#include "tst_plantab.moc"
