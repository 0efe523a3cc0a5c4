#include "models/workspace/connectiontreemodel.h"
#include "models/workspace/openconnection.h"

#include <QAbstractItemModelTester>
#include <QTest>

using namespace sightline;

class TestConnectionTreeModel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void profilesAndTransientConnections()
    {
        ConnectionTreeModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        ConnectionProfile a = ConnectionProfile::create(QStringLiteral("alpha"));
        ConnectionProfile b =
            ConnectionProfile::create(QStringLiteral("prod"), ConnectionTag::Production);
        b.color = QStringLiteral("#cc0000");
        model.setProfiles({a, b});
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.index(1, 0).data().toString(), QStringLiteral("prod"));
        QCOMPARE(model.index(1, 0).data(ConnectionTreeModel::ColorRole).toString(),
                 QStringLiteral("#cc0000"));
        QCOMPARE(model.index(1, 0).data(ConnectionTreeModel::TagRole).toInt(),
                 int(ConnectionTag::Production));
        QCOMPARE(model.index(0, 0).data(ConnectionTreeModel::IsOpenRole).toBool(), false);
        QCOMPARE(model.rowCount(model.index(0, 0)), 0);

        // A connection of a saved profile attaches to its row; one without a
        // saved profile (the demo) gets a row of its own.
        auto *saved = new OpenConnection(a, QString(), &model);
        model.addConnection(saved);
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.connectionAt(model.index(0, 0)), saved);
        ConnectionProfile demo = ConnectionProfile::create(QStringLiteral("demo"));
        auto *transient = new OpenConnection(demo, QString(), &model);
        model.addConnection(transient);
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(model.index(2, 0).data().toString(), QStringLiteral("demo"));
        QCOMPARE(model.connectionAt(model.index(2, 0)), transient);
        QCOMPARE(model.indexOfProfile(b.id.toString(QUuid::WithoutBraces)).row(), 1);

        delete transient;
        QCOMPARE(model.rowCount(), 2);
        model.removeConnection(saved);
        QCOMPARE(model.connectionAt(model.index(0, 0)), nullptr);
        model.setProfiles({});
        QCOMPARE(model.rowCount(), 0);
    }
};

QTEST_GUILESS_MAIN(TestConnectionTreeModel)
#include "tst_connectiontreemodel.moc"
