// The plan history dialog: grouped by query, compare two, export and import, delete.

#include "models/sql/queryfingerprint.h"
#include "models/store/historystore.h"
#include "widgets/planhistorydialog.h"

#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>

using namespace sightline;

namespace {

PlanSnapshot snapshot(const QString &query, const QString &label, qint64 ms)
{
    PlanSnapshot s;
    s.query = query;
    s.fingerprint = queryFingerprint(query);
    s.label = label;
    s.connectionName = QStringLiteral("shop");
    s.createdAt = QDateTime::fromMSecsSinceEpoch(ms).toUTC();
    s.plan = QStringLiteral("Seq Scan on t  (cost=0.00..1.00 rows=1 width=4)");
    return s;
}

} // namespace

class TestPlanHistoryDialog : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void groupsCompareExportImportDelete()
    {
        QTemporaryDir dir;
        HistoryStore store(dir.filePath(QStringLiteral("h.sqlite")));
        PlanSnapshot first = snapshot(QStringLiteral("select * from t where id = 1"),
                                      QStringLiteral("before"), 1000000);
        PlanSnapshot second = snapshot(QStringLiteral("SELECT * FROM t WHERE id = 2"),
                                       QStringLiteral("after"), 2000000);
        PlanSnapshot other = snapshot(QStringLiteral("select 1"), QStringLiteral("x"), 3000000);
        QVERIFY(store.recordPlan(first));
        QVERIFY(store.recordPlan(second));
        QVERIFY(store.recordPlan(other));

        PlanHistoryDialog dialog(&store);
        QTreeWidget *tree = dialog.tree();
        QCOMPARE(tree->topLevelItemCount(), 2); // two queries
        QTreeWidgetItem *group = nullptr;
        for (int i = 0; i < tree->topLevelItemCount(); ++i) {
            if (tree->topLevelItem(i)->childCount() == 2)
                group = tree->topLevelItem(i);
        }
        QVERIFY(group);
        auto *compare = dialog.findChild<QPushButton *>(QStringLiteral("comparePlansButton"));
        QVERIFY(compare && !compare->isEnabled());
        group->child(0)->setSelected(true);
        group->child(1)->setSelected(true);
        QVERIFY(compare->isEnabled());
        QSignalSpy compared(&dialog, &PlanHistoryDialog::compareRequested);
        compare->click();
        QCOMPARE(compared.size(), 1);
        QCOMPARE(compared.first().at(0).value<PlanSnapshot>().label, QStringLiteral("before"));
        QCOMPARE(compared.first().at(1).value<PlanSnapshot>().label, QStringLiteral("after"));

        // Export one, import it back: a fourth plan with the same metadata.
        tree->clearSelection();
        group->child(0)->setSelected(true);
        const QString file = dir.filePath(QStringLiteral("shared.json"));
        QString error;
        QVERIFY2(dialog.exportSelected(file, &error), qPrintable(error));
        QVERIFY2(dialog.importFile(file, &error), qPrintable(error));
        QCOMPARE(store.plans().size(), 4);
        QCOMPARE(store.plans(first.fingerprint).size(), 3);
        QVERIFY(!dialog.importFile(dir.filePath(QStringLiteral("missing.json")), &error));

        // Delete the imported copy again.
        tree->clearSelection();
        tree->topLevelItem(0)->child(0)->setSelected(true);
        dialog.findChild<QPushButton *>(QStringLiteral("openPlanButton"));
        const int before = int(store.plans().size());
        for (QPushButton *button : dialog.findChildren<QPushButton *>()) {
            if (button->text() == QStringLiteral("&Delete"))
                button->click();
        }
        QCOMPARE(int(store.plans().size()), before - 1);
    }
};

QTEST_MAIN(TestPlanHistoryDialog)
#include "tst_planhistorydialog.moc"
