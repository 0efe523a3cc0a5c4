// The throwaway server the fixture starts is what later features rely on:
// pg_stat_statements preloaded, pgstattuple and hypopg installable, a
// password-authenticated role, and never the machine's own cluster.

#include "tests/testsupport/testserver.h"

#include <QTest>

using namespace sightline;

class TestFixture : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { SIGHTLINE_REQUIRE_SERVER(); }

    void notTheSystemCluster()
    {
        const PgConnectSpec spec = test::serverSpec();
        QVERIFY(spec.params.value(QStringLiteral("host")).startsWith(u'/'));
        QVERIFY(spec.params.value(QStringLiteral("port")) != QStringLiteral("5432"));
        const PgQueryResult dir = test::runOnce(spec, QStringLiteral("SHOW data_directory"));
        QVERIFY2(dir.ok(), qPrintable(dir.error.fullText()));
        QVERIFY2(dir.rows.text(0, 0).startsWith(qEnvironmentVariable("SIGHTLINE_TEST_PGDIR")),
                 qPrintable(dir.rows.text(0, 0)));
        const PgQueryResult listen = test::runOnce(spec, QStringLiteral("SHOW listen_addresses"));
        QCOMPARE(listen.rows.text(0, 0), QString());
    }

    void statStatementsPreloaded()
    {
        const PgConnectSpec spec = test::serverSpec();
        const PgQueryResult preload =
            test::runOnce(spec, QStringLiteral("SHOW shared_preload_libraries"));
        QVERIFY(preload.rows.text(0, 0).contains(QStringLiteral("pg_stat_statements")));
        const PgQueryResult calls =
            test::runOnce(spec, QStringLiteral("SELECT count(*) >= 0 FROM pg_stat_statements"));
        QVERIFY2(calls.ok(), qPrintable(calls.error.fullText()));
        QCOMPARE(calls.rows.text(0, 0), QStringLiteral("t"));
    }

    void extensionsInstallable_data()
    {
        QTest::addColumn<QString>("extension");
        QTest::addColumn<QString>("check");
        QTest::newRow("pgstattuple")
            << QStringLiteral("pgstattuple")
            << QStringLiteral("SELECT tuple_count >= 0 FROM pgstattuple('pg_class')");
        QTest::newRow("hypopg") << QStringLiteral("hypopg")
                                << QStringLiteral("SELECT count(*) >= 0 FROM hypopg_list_indexes");
    }

    void extensionsInstallable()
    {
        QFETCH(QString, extension);
        QFETCH(QString, check);
        const PgConnectSpec spec =
            test::freshDatabase(QStringLiteral("fixture_") + QTest::currentDataTag());
        PgSession session;
        PgError error;
        QVERIFY2(test::connectAndWait(session, spec, &error), qPrintable(error.fullText()));
        const PgQueryResult available = test::runAndWait(
            session, QStringLiteral("SELECT count(*) FROM pg_available_extensions WHERE name = $1"),
            {extension});
        QCOMPARE(available.rows.text(0, 0), QStringLiteral("1"));
        const PgQueryResult name = test::runAndWait(
            session, QStringLiteral("SELECT format('CREATE EXTENSION %I', $1::text)"), {extension});
        QVERIFY2(name.ok(), qPrintable(name.error.fullText()));
        const PgQueryResult created = test::runAndWait(session, name.rows.text(0, 0));
        QVERIFY2(created.ok(), qPrintable(created.error.fullText()));
        const PgQueryResult used = test::runAndWait(session, check);
        QVERIFY2(used.ok(), qPrintable(used.error.fullText()));
        QCOMPARE(used.rows.text(0, 0), QStringLiteral("t"));
    }
};

QTEST_GUILESS_MAIN(TestFixture)
#include "tst_fixture.moc"
