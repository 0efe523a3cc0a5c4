// Query fingerprints for the plan history, and plan files shared with colleagues.

#include "models/plan/planparser.h"
#include "models/sql/queryfingerprint.h"
#include "models/store/plansnapshotfile.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace sightline;

class TestPlanSnapshot : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void fingerprintIgnoresConstantsAndLayout()
    {
        const QString a = queryFingerprint(QStringLiteral("SELECT * FROM t WHERE id = 1"));
        const QString b = queryFingerprint(QStringLiteral("select *\n  from t where id=42; "));
        const QString c = queryFingerprint(QStringLiteral("SELECT * FROM u WHERE id = 1"));
        QVERIFY(a.startsWith(QStringLiteral("pg:")));
        QCOMPARE(a, b);
        QVERIFY(a != c);
        QVERIFY(queryFingerprint(QStringLiteral("   ")).isEmpty());
        // Text that does not parse still groups with itself.
        const QString broken = queryFingerprint(QStringLiteral("SELEC oops FROM"));
        QVERIFY(broken.startsWith(QStringLiteral("text:")));
        QCOMPARE(queryFingerprint(QStringLiteral("selec   OOPS from;")), broken);
    }

    void exportAndImportKeepEverything_data()
    {
        QTest::addColumn<QString>("plan");
        QTest::addColumn<bool>("embeddedAsJson");
        QTest::newRow("json")
            << QStringLiteral("[{\"Plan\": {\"Node Type\": \"Seq Scan\", \"Relation Name\": \"t\", "
                              "\"Alias\": \"t\", \"Total Cost\": 1.5}}]")
            << true;
        QTest::newRow("text") << QStringLiteral("Seq Scan on t  (cost=0.00..1.50 rows=1 width=4)")
                              << false;
    }

    void exportAndImportKeepEverything()
    {
        QFETCH(QString, plan);
        QFETCH(bool, embeddedAsJson);
        PlanSnapshot snapshot;
        snapshot.id = 7;
        snapshot.query = QStringLiteral("SELECT * FROM t WHERE id = 1");
        snapshot.fingerprint = queryFingerprint(snapshot.query);
        snapshot.connectionName = QStringLiteral("shop (staging)");
        snapshot.database = QStringLiteral("shop");
        snapshot.serverVersion = QStringLiteral("15.8");
        snapshot.settings = QStringLiteral("work_mem = 64MB");
        snapshot.label = QStringLiteral("before CREATE INDEX");
        snapshot.createdAt = QDateTime::fromMSecsSinceEpoch(1700000000123).toUTC();
        snapshot.plan = plan;
        const QByteArray file = exportPlanSnapshot(snapshot);
        const QJsonObject root = QJsonDocument::fromJson(file).object();
        QCOMPARE(root.value(QStringLiteral("plan")).isString(), !embeddedAsJson);

        QString error;
        const std::optional<PlanSnapshot> back = importPlanSnapshot(file, &error);
        QVERIFY2(back, qPrintable(error));
        QCOMPARE(back->id, 0);
        QCOMPARE(back->query, snapshot.query);
        QCOMPARE(back->fingerprint, snapshot.fingerprint);
        QCOMPARE(back->connectionName, snapshot.connectionName);
        QCOMPARE(back->settings, snapshot.settings);
        QCOMPARE(back->label, snapshot.label);
        QCOMPARE(back->createdAt, snapshot.createdAt);
        const PlanParseResult parsed = PlanParser::parse(back->plan);
        QVERIFY(parsed.ok());
        QCOMPARE(parsed.mainPlan().root().relationName, QStringLiteral("t"));
    }

    void importRefusesWhatIsNotAPlanFile_data()
    {
        QTest::addColumn<QByteArray>("data");
        QTest::newRow("not json") << QByteArray("Seq Scan on t");
        QTest::newRow("other json") << QByteArray("{\"format\": \"other\"}");
        QTest::newRow("newer") << QByteArray(
            "{\"format\": \"sightline-plan\", \"version\": 99, \"plan\": \"x\"}");
        QTest::newRow("no plan") << QByteArray("{\"format\": \"sightline-plan\", \"version\": 1}");
    }

    void importRefusesWhatIsNotAPlanFile()
    {
        QFETCH(QByteArray, data);
        QString error;
        QVERIFY(!importPlanSnapshot(data, &error));
        QVERIFY(!error.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestPlanSnapshot)
#include "tst_plansnapshot.moc"
