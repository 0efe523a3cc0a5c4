// Reading "work_mem = 256MB" and friends for "Re-run with a Setting…".

#include "models/query/settingchange.h"

#include <QTest>

using namespace sightline;

class TestSettingChange : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parses_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("value");
        QTest::newRow("equals") << QStringLiteral("work_mem = 256MB") << QStringLiteral("work_mem")
                                << QStringLiteral("256MB");
        QTest::newRow("set to") << QStringLiteral("SET random_page_cost TO 1.1;")
                                << QStringLiteral("random_page_cost") << QStringLiteral("1.1");
        QTest::newRow("space") << QStringLiteral("enable_seqscan off")
                               << QStringLiteral("enable_seqscan") << QStringLiteral("off");
        QTest::newRow("quoted") << QStringLiteral("search_path = 'a, b'")
                                << QStringLiteral("search_path") << QStringLiteral("a, b");
        QTest::newRow("custom") << QStringLiteral("Plan.Thing=1") << QStringLiteral("plan.thing")
                                << QStringLiteral("1");
    }

    void parses()
    {
        QFETCH(QString, text);
        QFETCH(QString, name);
        QFETCH(QString, value);
        QString error;
        const auto change = parseSettingChange(text, &error);
        QVERIFY2(change, qPrintable(error));
        QCOMPARE(change->name, name);
        QCOMPARE(change->value, value);
    }

    void refuses_data()
    {
        QTest::addColumn<QString>("text");
        QTest::newRow("empty") << QString();
        QTest::newRow("no value") << QStringLiteral("work_mem");
        QTest::newRow("injection") << QStringLiteral("x; DROP TABLE t = 1");
        QTest::newRow("number name") << QStringLiteral("1abc = 2");
    }

    void refuses()
    {
        QFETCH(QString, text);
        QString error;
        QVERIFY(!parseSettingChange(text, &error));
        QVERIFY(!error.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestSettingChange)
#include "tst_settingchange.moc"
