// sightline-testcluster start|stop DIR PORT
//
// The CTest fixture around the db tests: `start` makes one throwaway cluster per
// ctest run (clearing whatever an aborted earlier run left in DIR), `stop`
// removes it again. It runs before and after the tests, whatever they did.

#include "models/pg/localcluster.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QTextStream>

namespace {

QTextStream &out()
{
    static QTextStream stream(stdout);
    return stream;
}

int fail(const QString &message)
{
    QTextStream err(stderr);
    err << "sightline-testcluster: " << message << Qt::endl;
    return 1;
}

// What the db tests may rely on besides the superuser: a role that must give a
// password, and pg_stat_statements ready to query. The password travels as a
// psql variable, quoted by psql.
constexpr auto SetupSql = R"sql(
CREATE ROLE sightline_pw LOGIN PASSWORD :'password';
CREATE EXTENSION IF NOT EXISTS pg_stat_statements;
)sql";

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList args = QCoreApplication::arguments();
    bool portOk = false;
    const int port = args.size() == 4 ? args.at(3).toInt(&portOk) : 0;
    if (args.size() != 4 || !portOk ||
        (args.at(1) != QLatin1String("start") && args.at(1) != QLatin1String("stop")))
        return fail(QStringLiteral("usage: sightline-testcluster start|stop DIR PORT"));
    const bool starting = args.at(1) == QLatin1String("start");

    QElapsedTimer timer;
    timer.start();
    sightline::LocalCluster cluster(args.at(2), port);
    cluster.setLogger(
        [](const QString &line) { out() << "sightline-testcluster: " << line << Qt::endl; });

    QString error;
    // A cluster left by an aborted run is never reused: each run starts clean.
    if (!cluster.remove(&error))
        return fail(error);
    if (starting) {
        if (!cluster.init(&error) || !cluster.start(&error))
            return fail(error);
        if (!cluster.runSql(QStringLiteral("postgres"), QString::fromUtf8(SetupSql), &error,
                            {QStringLiteral("password=sightline-test-password")}))
            return fail(error);
        out() << "sightline-testcluster: ready: host=" << cluster.socketDir() << " port=" << port
              << " user=" << sightline::LocalCluster::superuser() << " (" << timer.elapsed()
              << " ms)" << Qt::endl;
    } else {
        out() << "sightline-testcluster: done (" << timer.elapsed() << " ms)" << Qt::endl;
    }
    return 0;
}
