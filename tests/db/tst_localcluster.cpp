// LocalCluster against the real server binaries: a cluster of its own in a
// fresh directory (not the fixture's), made, started, used, stopped, reused.

#include "models/pg/localcluster.h"
#include "models/pg/pgsession.h"
#include "tests/testsupport/fakeserverbin.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QScopeGuard>
#include <QTest>
#include <QThread>

#include <atomic>
#include <csignal>
#include <memory>
#include <sys/un.h>
#include <unistd.h>

using sightline::LocalCluster;
namespace test = sightline::test;

namespace {

// Not the fixture's port; the socket directory is private anyway, so a clash
// with another cluster on the same port cannot happen.
constexpr int TestPort = 54371;

QString readFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QString::fromUtf8(file.readAll());
}

qint64 readPid(const QString &file)
{
    return readFile(file).trimmed().toLongLong();
}

bool processExists(qint64 pid)
{
    return pid > 0 && QFileInfo::exists(QStringLiteral("/proc/%1").arg(pid));
}

} // namespace

class TestLocalCluster : public QObject
{
    Q_OBJECT

private:
    QString m_base;
    QStringList m_log;
    std::unique_ptr<LocalCluster> m_cluster;

    QString query(const QString &sql)
    {
        QString output;
        QString error;
        if (!m_cluster->runSql(QStringLiteral("postgres"), sql, &error, {}, &output))
            qWarning("%s", qPrintable(error));
        return output.trimmed();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QString why;
        QVERIFY2(!LocalCluster::findServerBinDir(&why).isEmpty(), qPrintable(why));
        // Under /tmp rather than a 0700 temporary directory: the server runs as
        // postgres when the tests run as root.
        m_base = QStringLiteral("/tmp/sightline-tlc-%1").arg(::getpid());
        LocalCluster(m_base, TestPort).remove(nullptr);
        m_cluster = std::make_unique<LocalCluster>(m_base, TestPort);
        m_cluster->setLogger([this](const QString &line) { m_log.append(line); });
    }

    void cleanupTestCase()
    {
        if (m_cluster) {
            QString error;
            QVERIFY2(m_cluster->remove(&error), qPrintable(error));
            QVERIFY(!QFileInfo::exists(m_base));
        }
    }

    void initCreatesConfiguredCluster()
    {
        QVERIFY(!m_cluster->isInitialized());
        QString error;
        QVERIFY2(m_cluster->init(&error), qPrintable(error));
        QVERIFY(m_cluster->isInitialized());

        QString versionError;
        const int binVersion = m_cluster->binMajorVersion(&versionError);
        QVERIFY2(binVersion >= 13, qPrintable(versionError));
        QCOMPARE(m_cluster->dataMajorVersion(), binVersion);

        // Others must be able to enter the base; only the owner the data directory.
        const QFileInfo base(m_base);
        QVERIFY(base.permission(QFile::ExeOther));
        const QFileInfo data(m_cluster->dataDir());
        QVERIFY(!data.permission(QFile::ReadOther));
        if (::geteuid() == 0)
            QCOMPARE(data.owner(), QStringLiteral("postgres"));

        const QStringList hba = readFile(m_cluster->dataDir() + QStringLiteral("/pg_hba.conf"))
                                    .split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        const auto firstRule = std::find_if(hba.cbegin(), hba.cend(), [](const QString &line) {
            return !line.startsWith(QLatin1Char('#'));
        });
        QVERIFY(firstRule != hba.cend());
        QCOMPARE(firstRule->simplified(), QStringLiteral("local all sightline_pw scram-sha-256"));
        for (const QString &line : hba)
            QVERIFY2(!line.startsWith(QLatin1String("host")), qPrintable(line));

        // A second init must not touch an existing cluster.
        QVERIFY(!m_cluster->init(&error));
        QVERIFY(error.contains(m_cluster->dataDir()));
    }

    void startAndQuery()
    {
        QString error;
        QVERIFY2(m_cluster->start(&error), qPrintable(error));
        QVERIFY(m_cluster->isRunning());
        QVERIFY(QFileInfo::exists(m_cluster->socketDir() +
                                  QStringLiteral("/.s.PGSQL.%1").arg(TestPort)));

        QCOMPARE(query(QStringLiteral("\\pset tuples_only on\nSELECT current_user;")),
                 QStringLiteral("sightline"));
        QCOMPARE(query(QStringLiteral("\\pset tuples_only on\nSHOW listen_addresses;")), QString());
        QCOMPARE(query(QStringLiteral("\\pset tuples_only on\nSHOW shared_preload_libraries;")),
                 QStringLiteral("pg_stat_statements"));
        QCOMPARE(query(QStringLiteral("\\pset tuples_only on\nSHOW fsync;")),
                 QStringLiteral("off"));
        QCOMPARE(query(QStringLiteral("\\pset tuples_only on\nSHOW port;")),
                 QString::number(TestPort));
        QCOMPARE(query(QStringLiteral("\\pset tuples_only on\nSELECT "
                                      "current_setting('max_connections')::int >= 50;")),
                 QStringLiteral("t"));

        // Values reach SQL as psql variables, quoted by psql.
        QVERIFY2(m_cluster->runSql(QStringLiteral("postgres"),
                                   QStringLiteral("CREATE TABLE kept (note text);\n"
                                                  "INSERT INTO kept VALUES (:'note');"),
                                   &error, {QStringLiteral("note=it's kept")}),
                 qPrintable(error));

        const auto spec = m_cluster->connectSpec(QStringLiteral("postgres"));
        QCOMPARE(spec.params.value(QStringLiteral("host")), m_cluster->socketDir());
        QCOMPARE(spec.params.value(QStringLiteral("port")), QString::number(TestPort));
        QCOMPARE(spec.params.value(QStringLiteral("user")), QStringLiteral("sightline"));
    }

    void sqlErrorsAreReported()
    {
        QString error;
        QVERIFY(!m_cluster->runSql(QStringLiteral("postgres"),
                                   QStringLiteral("SELECT * FROM no_such_table;"), &error));
        QVERIFY2(error.contains(QLatin1String("no_such_table")), qPrintable(error));
    }

    void startWhileRunningReuses()
    {
        m_log.clear();
        QString error;
        QVERIFY2(m_cluster->start(&error), qPrintable(error));
        QVERIFY(m_log.join(QLatin1Char('\n')).contains(QLatin1String("already running")));
    }

    void stopIsTolerant()
    {
        QString error;
        QVERIFY2(m_cluster->stop(&error), qPrintable(error));
        QVERIFY(!m_cluster->isRunning());
        QVERIFY(!QFileInfo::exists(m_cluster->dataDir() + QStringLiteral("/postmaster.pid")));
        // Stopping a stopped server is fine.
        QVERIFY2(m_cluster->stop(&error), qPrintable(error));
    }

    void restartKeepsData()
    {
        // A new object on the same directory, as after an application restart.
        LocalCluster again(m_base, TestPort);
        QString error;
        QVERIFY2(again.start(&error), qPrintable(error));
        QCOMPARE(query(QStringLiteral("\\pset tuples_only on\nSELECT note FROM kept;")),
                 QStringLiteral("it's kept"));
        QVERIFY2(again.stop(&error), qPrintable(error));
    }

    void stalePidFileIsCleared()
    {
        // What a crash leaves, at its worst: a postmaster.pid whose pid now
        // belongs to another live process of the server's user. Neither pg_ctl nor
        // the server can tell that apart from a running postmaster.
        QProcess impostor;
        if (::geteuid() == 0)
            impostor.start(QStringLiteral("setpriv"),
                           {QStringLiteral("--reuid=postgres"), QStringLiteral("--regid=postgres"),
                            QStringLiteral("--clear-groups"), QStringLiteral("sleep"),
                            QStringLiteral("60")});
        else
            impostor.start(QStringLiteral("sleep"), {QStringLiteral("60")});
        QVERIFY(impostor.waitForStarted());
        const auto stopImpostor = qScopeGuard([&impostor] {
            impostor.kill();
            impostor.waitForFinished();
        });
        const qint64 stalePid = impostor.processId();
        QFile pidFile(m_cluster->dataDir() + QStringLiteral("/postmaster.pid"));
        QVERIFY(pidFile.open(QIODevice::WriteOnly));
        pidFile.write(QByteArray::number(stalePid) + '\n' +
                      QFile::encodeName(m_cluster->dataDir()) + "\n0\n" +
                      QByteArray::number(TestPort) + "\n");
        pidFile.close();

        QVERIFY(!m_cluster->isRunning());
        QString error;
        QVERIFY2(m_cluster->start(&error), qPrintable(error));
        QCOMPARE(query(QStringLiteral("\\pset tuples_only on\nSELECT 1;")), QStringLiteral("1"));
        QVERIFY2(m_cluster->stop(&error), qPrintable(error));
    }

    void startFailureQuotesServerLog()
    {
        // Break the configuration: the error must carry the server's own words.
        const QString conf = m_cluster->dataDir() + QStringLiteral("/postgresql.conf");
        const QString original = readFile(conf);
        {
            QFile file(conf);
            QVERIFY(file.open(QIODevice::Append));
            file.write("shared_buffers = 'not a size'\n");
        }
        QString error;
        const bool started = m_cluster->start(&error);
        {
            QFile file(conf);
            QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
            file.write(original.toUtf8());
        }
        QVERIFY(!started);
        QVERIFY2(error.contains(QLatin1String("shared_buffers")), qPrintable(error));
        QVERIFY2(m_cluster->start(&error), qPrintable(error));
        QVERIFY2(m_cluster->stop(&error), qPrintable(error));
    }

    void missingBinariesGiveInstallHint()
    {
        const QString base = m_base + QStringLiteral("-nobin");
        LocalCluster cluster(base, TestPort);
        cluster.setBinDir(QStringLiteral("/nonexistent/postgresql/bin"));
        QString error;
        QVERIFY(!cluster.init(&error));
        QVERIFY2(error.contains(QLatin1String("apt-get install postgresql")), qPrintable(error));
        QVERIFY2(error.contains(QLatin1String("/nonexistent/postgresql/bin")), qPrintable(error));
        QVERIFY(!cluster.start(&error));
        // Nothing is created on the way to the error.
        QVERIFY(!QFileInfo::exists(base));
    }

    void longBasePathUsesShortSocketDir()
    {
        const QString base = m_base + QStringLiteral("-") + QString(90, QLatin1Char('x'));
        LocalCluster cluster(base, TestPort);
        QString error;
        QVERIFY2(cluster.init(&error), qPrintable(error));
        const QString socketDir = cluster.socketDir();
        QVERIFY(!socketDir.startsWith(base));
        QVERIFY(QFile::encodeName(socketDir + QStringLiteral("/.s.PGSQL.%1").arg(TestPort)).size() <
                qsizetype(sizeof(sockaddr_un::sun_path)));
        QVERIFY2(cluster.start(&error), qPrintable(error));
        QVERIFY(cluster.isRunning());
        QVERIFY2(cluster.remove(&error), qPrintable(error));
        QVERIFY(!QFileInfo::exists(base));
        QVERIFY(!QFileInfo::exists(socketDir));
    }

    void existingBaseKeepsItsPermissions()
    {
        // A base that exists already may be shared: its mode is not ours to change.
        const QString base = m_base + QStringLiteral("-existing");
        QVERIFY(QDir().mkpath(base));
        const QFile::Permissions mode = QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner |
                                        QFile::WriteGroup | QFile::ExeGroup | QFile::ExeOther;
        QVERIFY(QFile::setPermissions(base, mode));
        const QFile::Permissions before = QFileInfo(base).permissions();
        LocalCluster cluster(base, TestPort);
        QString error;
        QVERIFY2(cluster.init(&error), qPrintable(error));
        QCOMPARE(QFileInfo(base).permissions(), before);
        QVERIFY2(cluster.remove(&error), qPrintable(error));
    }

    void removeRefusesForeignDirectory()
    {
        const QString base = m_base + QStringLiteral("-foreign");
        QVERIFY(QDir().mkpath(base));
        QFile precious(base + QStringLiteral("/precious.txt"));
        QVERIFY(precious.open(QIODevice::WriteOnly));
        precious.close();
        QString error;
        QVERIFY(!LocalCluster(base, TestPort).remove(&error));
        QVERIFY2(error.contains(QLatin1String("precious.txt")), qPrintable(error));
        QVERIFY(QFileInfo::exists(precious.fileName()));
        QVERIFY(QDir(base).removeRecursively());
    }

    void cancelStopsRunningProgram()
    {
        // initdb "hangs" for two minutes; another thread cancels it.
        const QString fake = m_base + QStringLiteral("-hang");
        const QString binDir = test::makeHangingBinDir(fake, 120);
        QVERIFY(!binDir.isEmpty());
        const QString base = m_base + QStringLiteral("-cancelled");
        const auto cleanup = qScopeGuard([&] {
            const qint64 pid = readPid(fake + QStringLiteral("/pids/initdb"));
            if (processExists(pid))
                ::kill(pid_t(pid), SIGKILL);
            QDir(base).removeRecursively();
            QDir(fake).removeRecursively();
        });

        auto cancel = std::make_shared<std::atomic_bool>(false);
        bool ok = true;
        QString error;
        std::unique_ptr<QThread> worker(QThread::create([&] {
            LocalCluster cluster(base, TestPort);
            cluster.setBinDir(binDir);
            cluster.setCancelFlag(cancel);
            ok = cluster.init(&error);
        }));
        worker->start();
        QTRY_VERIFY_WITH_TIMEOUT(readPid(fake + QStringLiteral("/pids/initdb")) > 0, 20000);
        const qint64 pid = readPid(fake + QStringLiteral("/pids/initdb"));
        QVERIFY(processExists(pid));

        cancel->store(true);
        // Without the cancel this would wait out the whole sleep.
        if (!worker->wait(30000)) {
            ::kill(pid_t(pid), SIGKILL);
            worker->wait();
            QFAIL("the cancelled initdb was still waited for after 30 s");
        }
        QVERIFY(!ok);
        QVERIFY2(error.contains(QLatin1String("cancelled")), qPrintable(error));
        // The program itself is gone too, not just our wait for it.
        QTRY_VERIFY_WITH_TIMEOUT(!processExists(pid), 10000);

        // Once cancelled, nothing more runs.
        LocalCluster cluster(base, TestPort);
        cluster.setBinDir(binDir);
        cluster.setCancelFlag(cancel);
        QVERIFY(cluster.isCancelled());
        QVERIFY(QFile::remove(fake + QStringLiteral("/pids/initdb")));
        QVERIFY(!cluster.init(&error));
        QVERIFY2(error.contains(QLatin1String("cancelled")), qPrintable(error));
        QVERIFY(!QFileInfo::exists(fake + QStringLiteral("/pids/initdb")));
    }

    void unreachableBaseDirIsExplained()
    {
        if (::geteuid() != 0)
            QSKIP("Only a root run hands the cluster to the postgres user.");
        const QString parent = m_base + QStringLiteral("-private");
        QVERIFY(QDir().mkpath(parent));
        QVERIFY(
            QFile::setPermissions(parent, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner));
        LocalCluster cluster(parent + QStringLiteral("/cluster"), TestPort);
        QString error;
        QVERIFY(!cluster.init(&error));
        QVERIFY2(error.contains(parent) && error.contains(QLatin1String("postgres")),
                 qPrintable(error));
        QVERIFY(QDir(parent).removeRecursively());
    }
};

QTEST_GUILESS_MAIN(TestLocalCluster)
#include "tst_localcluster.moc"
