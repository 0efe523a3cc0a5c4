// The demo database, loaded at a tiny scale into the fixture server through
// DemoEnvironment itself (the same path `sightline --demo` takes, minus the
// private cluster), then checked for the properties the demo relies on.

#include "models/pg/demoenvironment.h"
#include "models/pg/localcluster.h"
#include "tests/testsupport/fakeserverbin.h"
#include "tests/testsupport/testserver.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QTest>

#include <algorithm>
#include <csignal>
#include <memory>

using sightline::DemoEnvironment;
using sightline::PgConnectSpec;
using sightline::PgQueryResult;
using sightline::PgSession;
namespace test = sightline::test;

namespace {

const QString DemoDatabase = QStringLiteral("tst_demodata");
// 1,000 customers, 200 products, 10,000 orders, about 25,000 order items.
constexpr double TinyScale = 0.01;

struct StartOutcome
{
    bool ready = false;
    QString failure;
    PgConnectSpec spec;
    QList<int> percents;
};

StartOutcome startAndWait(DemoEnvironment &env)
{
    StartOutcome outcome;
    bool done = false;
    QMetaObject::Connection readyConnection =
        QObject::connect(&env, &DemoEnvironment::ready, [&](const PgConnectSpec &spec) {
            outcome.ready = true;
            outcome.spec = spec;
            done = true;
        });
    QMetaObject::Connection failedConnection =
        QObject::connect(&env, &DemoEnvironment::failed, [&](const QString &message) {
            outcome.failure = message;
            done = true;
        });
    QMetaObject::Connection progressConnection =
        QObject::connect(&env, &DemoEnvironment::progress,
                         [&](const QString &, int percent) { outcome.percents.append(percent); });
    env.start();
    const bool finished = QTest::qWaitFor([&] { return done; }, 120000);
    QObject::disconnect(readyConnection);
    QObject::disconnect(failedConnection);
    QObject::disconnect(progressConnection);
    if (!finished)
        outcome.failure = QStringLiteral("neither ready() nor failed() within 120 s");
    return outcome;
}

QString readText(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()) : QString();
}

qint64 hangingPid(const QString &dir)
{
    return readText(dir + QStringLiteral("/pids/initdb")).trimmed().toLongLong();
}

bool processExists(qint64 pid)
{
    return pid > 0 && QFileInfo::exists(QStringLiteral("/proc/%1").arg(pid));
}

// How the private-cluster start is cut short: stop() or the destructor.
enum class Interrupt
{
    Stop,
    Destroy
};

} // namespace

Q_DECLARE_METATYPE(Interrupt)

class TestDemoData : public QObject
{
    Q_OBJECT

private:
    PgConnectSpec m_demo;

    // The single value of a one-row, one-column query on the demo database.
    QString value(const QString &sql, const QVariantList &params = {})
    {
        const PgQueryResult result = test::runOnce(m_demo, sql, params);
        if (!result.ok()) {
            qWarning("%s: %s", qPrintable(sql), qPrintable(result.error.summary()));
            return QStringLiteral("<error>");
        }
        if (result.rows.rowCount() != 1 || result.rows.columnCount() < 1)
            return QStringLiteral("<%1 rows>").arg(result.rows.rowCount());
        return result.rows.text(0, 0);
    }

private Q_SLOTS:
    void initTestCase()
    {
        SIGHTLINE_REQUIRE_SERVER();
        const PgQueryResult dropped =
            test::runOnce(test::serverSpec(),
                          QStringLiteral("DROP DATABASE IF EXISTS tst_demodata WITH (FORCE)"));
        QVERIFY2(dropped.ok(), qPrintable(dropped.error.summary()));
    }

    void cleanupTestCase()
    {
        test::runOnce(test::serverSpec(),
                      QStringLiteral("DROP DATABASE IF EXISTS tst_demodata WITH (FORCE)"));
    }

    void scriptsAreCompiledIn()
    {
        const QStringList scripts = DemoEnvironment::loadScripts();
        QVERIFY(scripts.size() >= 5);
        for (const QString &path : scripts) {
            QFile file(path);
            QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(path));
            QVERIFY2(file.size() > 0, qPrintable(path));
        }
    }

    void queriesAreResources()
    {
        // The demo's own queries live in resources/sql, not in C++.
        for (const char *name :
             {"demo_database_exists", "demo_create_database", "demo_marker_exists", "demo_marker",
              "demo_configure", "commit", "rollback"})
            QVERIFY2(!PgSession::sqlResource(QString::fromLatin1(name)).trimmed().isEmpty(), name);
    }

    void loadCreatesDatabase()
    {
        DemoEnvironment env;
        env.setServer(test::serverSpec());
        env.setDatabaseName(DemoDatabase);
        env.setScale(TinyScale);
        const StartOutcome outcome = startAndWait(env);
        QVERIFY2(outcome.ready, qPrintable(outcome.failure));
        QCOMPARE(outcome.spec.params.value(QStringLiteral("dbname")), DemoDatabase);
        QVERIFY(!outcome.percents.isEmpty());
        QVERIFY(std::is_sorted(outcome.percents.cbegin(), outcome.percents.cend()));
        QCOMPARE(outcome.percents.last(), 100);
        m_demo = outcome.spec;
    }

    void allTablesHaveRows_data()
    {
        QTest::addColumn<QString>("table");
        QTest::addColumn<int>("expectedAtTinyScale");
        QTest::newRow("customers") << QStringLiteral("customers") << 1000;
        QTest::newRow("products") << QStringLiteral("products") << 200;
        QTest::newRow("orders") << QStringLiteral("orders") << 10000;
        QTest::newRow("order_items") << QStringLiteral("order_items") << 0;
    }

    void allTablesHaveRows()
    {
        QVERIFY(!m_demo.params.isEmpty());
        QFETCH(QString, table);
        QFETCH(int, expectedAtTinyScale);
        // The table name travels as a parameter; the server quotes it (%I).
        const qint64 rows =
            value(QStringLiteral("SELECT (xpath('/row/n/text()', query_to_xml("
                                 "format('SELECT count(*) AS n FROM %I', $1::text), false, true, "
                                 "'')))[1]::text"),
                  {table})
                .toLongLong();
        QVERIFY2(rows > 0, qPrintable(table));
        if (expectedAtTinyScale > 0)
            QCOMPARE(rows, qint64(expectedAtTinyScale));
    }

    void orderItemsPerOrder()
    {
        // One to four lines per order, 2.5 on average.
        const double perOrder =
            value(QStringLiteral("SELECT (SELECT count(*) FROM order_items)::float8 / "
                                 "(SELECT count(*) FROM orders)"))
                .toDouble();
        QVERIFY2(perOrder > 2.0 && perOrder < 3.0, qPrintable(QString::number(perOrder)));
        QCOMPARE(value(QStringLiteral("SELECT count(*) FROM orders o WHERE NOT EXISTS "
                                      "(SELECT FROM order_items i WHERE i.order_id = o.id)")),
                 QStringLiteral("0"));
    }

    void oneCustomerOwnsAThirdOfOrders()
    {
        const PgQueryResult top = test::runOnce(
            m_demo, QStringLiteral("SELECT customer_id, count(*)::float8 / sum(count(*)) OVER () "
                                   "FROM orders GROUP BY customer_id ORDER BY count(*) DESC "
                                   "LIMIT 2"));
        QVERIFY2(top.ok(), qPrintable(top.error.summary()));
        QCOMPARE(top.rows.rowCount(), 2);
        const double share = top.rows.text(0, 1).toDouble();
        QVERIFY2(share >= 0.30 && share <= 0.37, qPrintable(QString::number(share)));
        // The runner-up is an ordinary customer.
        QVERIFY(top.rows.text(1, 1).toDouble() < 0.01);
        QCOMPARE(value(QStringLiteral("SELECT segment FROM customers WHERE id = $1"),
                       {top.rows.text(0, 0)}),
                 QStringLiteral("wholesale"));
    }

    void noIndexLeadsWithOrderId()
    {
        QCOMPARE(value(QStringLiteral(
                     "SELECT count(*) FROM pg_index AS i "
                     "JOIN pg_attribute AS a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0] "
                     "WHERE i.indrelid = 'order_items'::regclass AND a.attname = 'order_id'")),
                 QStringLiteral("0"));
        // The demo still has indexes elsewhere, so the check above is not vacuous.
        QVERIFY(value(QStringLiteral("SELECT count(*) FROM pg_index "
                                     "WHERE indrelid = 'order_items'::regclass"))
                    .toInt() >= 1);
    }

    void foreignKeysAreValid()
    {
        const PgQueryResult keys = test::runOnce(
            m_demo, QStringLiteral("SELECT conrelid::regclass::text, confrelid::regclass::text, "
                                   "convalidated FROM pg_constraint WHERE contype = 'f' "
                                   "ORDER BY 1, 2"));
        QVERIFY2(keys.ok(), qPrintable(keys.error.summary()));
        QStringList found;
        for (int row = 0; row < keys.rows.rowCount(); ++row) {
            found.append(keys.rows.text(row, 0) + QStringLiteral("->") + keys.rows.text(row, 1));
            QCOMPARE(keys.rows.text(row, 2), QStringLiteral("t"));
        }
        QCOMPARE(found, (QStringList{QStringLiteral("order_items->orders"),
                                     QStringLiteral("order_items->products"),
                                     QStringLiteral("orders->customers")}));
        QCOMPARE(value(QStringLiteral("SELECT count(*) FROM pg_constraint WHERE contype = 'p' AND "
                                      "conrelid = ANY ('{customers,products,orders,order_items}'"
                                      "::regclass[])")),
                 QStringLiteral("4"));
    }

    void statisticsAndMarkerAreWritten()
    {
        QVERIFY(value(QStringLiteral("SELECT count(*) FROM pg_stats WHERE schemaname = 'public' "
                                     "AND tablename = 'orders'"))
                    .toInt() > 0);
        QCOMPARE(value(QStringLiteral("SELECT version FROM sightline_demo_meta")),
                 QString::number(DemoEnvironment::DataVersion));
        QCOMPARE(value(QStringLiteral("SELECT scale FROM sightline_demo_meta")).toDouble(),
                 TinyScale);
        // New rows get ids after the generated ones.
        QCOMPARE(value(QStringLiteral("INSERT INTO customers (name, email, country, segment, "
                                      "created_at) VALUES ($1, $2, 'DE', 'consumer', now()) "
                                      "RETURNING id > 1000"),
                       {QStringLiteral("New Customer"), QStringLiteral("new@example.com")}),
                 QStringLiteral("t"));
    }

    void secondStartReusesData()
    {
        const QString loadedAt = value(QStringLiteral("SELECT loaded_at FROM sightline_demo_meta"));
        DemoEnvironment env;
        env.setServer(test::serverSpec());
        env.setDatabaseName(DemoDatabase);
        env.setScale(TinyScale);
        const StartOutcome outcome = startAndWait(env);
        QVERIFY2(outcome.ready, qPrintable(outcome.failure));
        QCOMPARE(value(QStringLiteral("SELECT loaded_at FROM sightline_demo_meta")), loadedAt);
    }

    void outdatedDataIsLoadedAgain()
    {
        QCOMPARE(value(QStringLiteral("UPDATE sightline_demo_meta SET version = version - 1 "
                                      "RETURNING version")),
                 QString::number(DemoEnvironment::DataVersion - 1));
        DemoEnvironment env;
        env.setServer(test::serverSpec());
        env.setDatabaseName(DemoDatabase);
        env.setScale(TinyScale);
        const StartOutcome outcome = startAndWait(env);
        QVERIFY2(outcome.ready, qPrintable(outcome.failure));
        QCOMPARE(value(QStringLiteral("SELECT version FROM sightline_demo_meta")),
                 QString::number(DemoEnvironment::DataVersion));
        QCOMPARE(value(QStringLiteral("SELECT count(*) FROM customers")), QStringLiteral("1000"));
    }

    void privateClusterStartsLoadsAndStops()
    {
        // What `sightline --demo` does, at a tiny scale and in a directory of its own.
        const QString base =
            QStringLiteral("/tmp/sightline-tdc-%1").arg(QCoreApplication::applicationPid());
        constexpr int port = 54372;
        sightline::LocalCluster(base, port).remove(nullptr);
        const auto cleanup =
            qScopeGuard([&] { sightline::LocalCluster(base, port).remove(nullptr); });

        QString loadedAt;
        for (int run = 0; run < 2; ++run) {
            DemoEnvironment env;
            env.setBaseDir(base);
            env.setPort(port);
            env.setScale(TinyScale);
            const StartOutcome outcome = startAndWait(env);
            QVERIFY2(outcome.ready, qPrintable(outcome.failure));
            sightline::LocalCluster cluster(base, port);
            QCOMPARE(outcome.spec.params.value(QStringLiteral("host")), cluster.socketDir());
            QCOMPARE(outcome.spec.params.value(QStringLiteral("dbname")),
                     QStringLiteral("sightline_demo"));
            const PgQueryResult meta = test::runOnce(
                outcome.spec, QStringLiteral("SELECT loaded_at, (SELECT count(*) FROM orders) "
                                             "FROM sightline_demo_meta"));
            QVERIFY2(meta.ok(), qPrintable(meta.error.summary()));
            QCOMPARE(meta.rows.text(0, 1), QStringLiteral("10000"));
            // The second start finds the data of the first and does not load again.
            if (run == 0)
                loadedAt = meta.rows.text(0, 0);
            else
                QCOMPARE(meta.rows.text(0, 0), loadedAt);

            env.stop();
            QVERIFY(!cluster.isRunning());
        }
    }

    void databaseNameIsQuotedByServer()
    {
        // Quotes, a space and capitals: the name reaches CREATE DATABASE only
        // through the server's format('%I').
        const QString name = QStringLiteral("tst demo \"Odd\" name");
        const QString drop =
            QStringLiteral("DROP DATABASE IF EXISTS \"tst demo \"\"Odd\"\" name\" WITH (FORCE)");
        QVERIFY(test::runOnce(test::serverSpec(), drop).ok());
        const auto cleanup = qScopeGuard([&] { test::runOnce(test::serverSpec(), drop); });
        DemoEnvironment env;
        env.setServer(test::serverSpec());
        env.setDatabaseName(name);
        env.setScale(TinyScale);
        const StartOutcome outcome = startAndWait(env);
        QVERIFY2(outcome.ready, qPrintable(outcome.failure));
        QCOMPARE(outcome.spec.params.value(QStringLiteral("dbname")), name);
        const PgQueryResult found = test::runOnce(
            test::serverSpec(),
            QStringLiteral("SELECT count(*) FROM pg_database WHERE datname = $1"), {name});
        QVERIFY2(found.ok(), qPrintable(found.error.summary()));
        QCOMPARE(found.rows.text(0, 0), QStringLiteral("1"));
    }

    void interruptCancelsClusterStart_data()
    {
        QTest::addColumn<Interrupt>("interrupt");
        QTest::newRow("stop") << Interrupt::Stop;
        QTest::newRow("destructor") << Interrupt::Destroy;
    }

    void interruptCancelsClusterStart()
    {
        // initdb "hangs" for two minutes; closing the app must not wait for it.
        QFETCH(Interrupt, interrupt);
        const QString root = QStringLiteral("/tmp/sightline-tdh-%1-%2")
                                 .arg(QCoreApplication::applicationPid())
                                 .arg(int(interrupt));
        const QString fake = root + QStringLiteral("-bin");
        const QString binDir = test::makeHangingBinDir(fake, 120);
        QVERIFY(!binDir.isEmpty());
        const auto cleanup = qScopeGuard([&] {
            if (const qint64 pid = hangingPid(fake); processExists(pid))
                ::kill(pid_t(pid), SIGKILL);
            QDir(root).removeRecursively();
            QDir(fake).removeRecursively();
        });

        auto env = std::make_unique<DemoEnvironment>();
        env->setBaseDir(root);
        env->setPort(54373);
        env->setServerBinDir(binDir);
        QSignalSpy ready(env.get(), &DemoEnvironment::ready);
        QSignalSpy failed(env.get(), &DemoEnvironment::failed);
        env->start();
        QTRY_VERIFY_WITH_TIMEOUT(hangingPid(fake) > 0, 20000);
        const qint64 pid = hangingPid(fake);
        QVERIFY(processExists(pid));
        QVERIFY(env->isBusy());

        QElapsedTimer clock;
        clock.start();
        if (interrupt == Interrupt::Stop) {
            env->stop();
            QVERIFY(!env->isBusy());
        } else {
            env.reset();
        }
        // Without the cancel this waits out the two minutes of the "initdb".
        QVERIFY2(clock.elapsed() < 60000, qPrintable(QString::number(clock.elapsed())));
        // initdb itself is gone, not only our wait for it.
        QTRY_VERIFY_WITH_TIMEOUT(!processExists(pid), 10000);
        // A stopped start reports nothing more.
        QTest::qWait(100);
        QCOMPARE(ready.count(), 0);
        QCOMPARE(failed.count(), 0);
    }

    void defaultBaseDirFollowsDataHome()
    {
        // ctest points XDG_DATA_HOME into the build tree; the demo cluster must follow
        // it even for root, so tests never reach the real /var/lib/sightline.
        const QString dataHome = qEnvironmentVariable("XDG_DATA_HOME");
        if (dataHome.isEmpty())
            QSKIP("XDG_DATA_HOME is not set (run through ctest)");
        const QString base = DemoEnvironment::defaultBaseDir();
        QVERIFY2(base.startsWith(dataHome + QLatin1Char('/')), qPrintable(base));
        QVERIFY(base.endsWith(QLatin1String("/demo-cluster")));
    }

    void missingServerBinariesFail()
    {
        // The private-cluster path, with the server programs "not installed".
        const QString base =
            QStringLiteral("/tmp/sightline-tdd-%1").arg(QCoreApplication::applicationPid());
        const QFileInfo parent(QFileInfo(base).path());
        const QFile::Permissions parentPermissions = parent.permissions();
        DemoEnvironment env;
        env.setBaseDir(base);
        env.setServerBinDir(QStringLiteral("/nonexistent/postgresql/bin"));
        const StartOutcome outcome = startAndWait(env);
        // An existing parent directory (here /tmp, sticky and world-writable) is left as it was.
        QCOMPARE(QFileInfo(parent.filePath()).permissions(), parentPermissions);
        QVERIFY(!outcome.ready);
        QVERIFY2(outcome.failure.contains(QLatin1String("sudo apt-get install postgresql")),
                 qPrintable(outcome.failure));
        QVERIFY(!env.isBusy());
        QDir(base).removeRecursively();
    }

    void exampleQueriesRun()
    {
        const QString examples = DemoEnvironment::exampleQueries();
        QVERIFY(!examples.isEmpty());
        // Statements end at a semicolon closing a line; each has a comment above it.
        const QStringList chunks =
            examples.split(QRegularExpression(QStringLiteral(";[ \\t]*\\n")), Qt::SkipEmptyParts);
        int statements = 0;
        for (const QString &chunk : chunks) {
            QString code;
            bool commented = false;
            for (const QString &line : chunk.split(QLatin1Char('\n'))) {
                if (line.trimmed().startsWith(QLatin1String("--")))
                    commented = true;
                else
                    code += line + QLatin1Char('\n');
            }
            if (code.trimmed().isEmpty())
                continue;
            ++statements;
            QVERIFY2(commented, qPrintable(code));
            const PgQueryResult result = test::runOnce(m_demo, code);
            QVERIFY2(result.ok(), qPrintable(code + result.error.summary()));
        }
        QVERIFY2(statements >= 5 && statements <= 8, qPrintable(QString::number(statements)));
    }
};

QTEST_GUILESS_MAIN(TestDemoData)
#include "tst_demodata.moc"
