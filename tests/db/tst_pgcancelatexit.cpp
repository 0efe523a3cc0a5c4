// A session destroyed while its request runs cancels it on the server from a
// worker thread. Those threads must be finished when QCoreApplication is gone:
// one still inside libpq while exit() destroys libpq's and OpenSSL's globals
// crashes, and a detached one may never get its cancel out. This test runs a
// child copy of itself that does exactly that and reports which threads are
// left once its QCoreApplication has been destroyed.

#include "models/pg/pgsession.h"
#include "tests/testsupport/testserver.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QProcess>
#include <QTest>
#include <QThread>

#include <cstdio>
#include <memory>

using namespace sightline;

namespace {

const char *const kChildVariable = "SIGHTLINE_CANCEL_AT_EXIT_CHILD";

bool isRunningOnServer(const QString &applicationName)
{
    const PgQueryResult result = test::runOnce(
        test::serverSpec(),
        QStringLiteral("SELECT count(*) FROM pg_stat_activity WHERE application_name = $1 "
                       "AND state = 'active'"),
        {applicationName});
    return result.ok() && result.rows.text(0, 0) != QLatin1String("0");
}

// Names of this process's threads other than the main one.
QStringList otherThreads()
{
    QStringList names;
    const QString self = QString::number(QCoreApplication::applicationPid());
    const QDir tasks(QStringLiteral("/proc/self/task"));
    for (const QString &task : tasks.entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        if (task == self)
            continue;
        QFile comm(tasks.filePath(task + QStringLiteral("/comm")));
        names << (comm.open(QIODevice::ReadOnly) ? QString::fromUtf8(comm.readAll()).trimmed()
                                                 : task);
    }
    return names;
}

// The child: start a long query, destroy the session while it runs, and let
// QCoreApplication go. Prints the threads left afterwards ("threads:" line).
int childMain(int argc, char **argv)
{
    const QString applicationName = qEnvironmentVariable(kChildVariable);
    {
        QCoreApplication app(argc, argv);
        PgConnectSpec spec = test::serverSpec();
        spec.params.insert(QStringLiteral("application_name"), applicationName);
        auto session = std::make_unique<PgSession>();
        PgError error;
        if (!test::connectAndWait(*session, spec, &error)) {
            std::fprintf(stderr, "child: %s\n", qPrintable(error.fullText()));
            return 2;
        }
        session->execute(QStringLiteral("SELECT pg_sleep(60)"));
        // Only once the server runs it: a cancel that arrives earlier is ignored.
        QElapsedTimer waited;
        waited.start();
        while (!isRunningOnServer(applicationName)) {
            if (waited.elapsed() > 10000) {
                std::fprintf(stderr, "child: the query never started\n");
                return 3;
            }
            QTest::qWait(20);
        }
        session.reset(); // starts the final cancel, with its retries
    }
    // A pool thread whose job is done may take a moment to leave the task
    // list (QThread::wait() returns before the OS thread is gone); a cancel
    // thread left running would still be in its 1.25 s of retries.
    QStringList threads = otherThreads();
    for (int i = 0; i < 20 && !threads.isEmpty(); ++i) {
        QThread::msleep(10);
        threads = otherThreads();
    }
    std::printf("threads:%s\n", qPrintable(threads.join(QLatin1Char(','))));
    std::fflush(stdout);
    return 0;
}

} // namespace

class TestPgCancelAtExit : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { SIGHTLINE_REQUIRE_SERVER(); }

    void cancelThreadsAreDoneWhenTheApplicationIsGone()
    {
        const QString applicationName = QStringLiteral("sightline-cancel-at-exit");
        QProcess child;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QString::fromLatin1(kChildVariable), applicationName);
        child.setProcessEnvironment(env);
        child.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        child.start(QCoreApplication::applicationFilePath(), {});
        QVERIFY(child.waitForFinished(30000));
        const QString output = QString::fromUtf8(child.readAllStandardOutput());
        QCOMPARE(child.exitStatus(), QProcess::NormalExit);
        QCOMPARE(child.exitCode(), 0);

        // Nothing of the cancel machinery outlives QCoreApplication...
        const QString threads = output.section(QStringLiteral("threads:"), 1).trimmed();
        QVERIFY2(output.contains(QLatin1String("threads:")), qPrintable(output));
        QVERIFY2(threads.isEmpty(), qPrintable(QStringLiteral("left running: ") + threads));
        // ...and it did its work: the server is not sleeping on for a minute.
        QTRY_VERIFY_WITH_TIMEOUT(!isRunningOnServer(applicationName), 3000);
    }
};

int main(int argc, char **argv)
{
    if (qEnvironmentVariableIsSet(kChildVariable))
        return childMain(argc, argv);
    QCoreApplication app(argc, argv);
    TestPgCancelAtExit test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_pgcancelatexit.moc"
