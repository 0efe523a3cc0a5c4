#include "tests/testsupport/testserver.h"

#include <QEventLoop>
#include <QPointer>
#include <QRegularExpression>
#include <QTimer>

namespace sightline::test {

namespace {

QString env(const char *name)
{
    return qEnvironmentVariable(name);
}

// Runs the event loop until `done` is true or the time is up.
bool waitFor(const std::function<bool()> &done, int timeoutMs)
{
    if (done())
        return true;
    QEventLoop loop;
    QTimer deadline;
    deadline.setSingleShot(true);
    QObject::connect(&deadline, &QTimer::timeout, &loop, &QEventLoop::quit);
    QTimer poll; // cheap: the flag is set by our own callbacks
    QObject::connect(&poll, &QTimer::timeout, &loop, [&] {
        if (done())
            loop.quit();
    });
    deadline.start(timeoutMs);
    poll.start(1);
    loop.exec();
    return done();
}

} // namespace

bool serverConfigured(QString *why)
{
    const char *required[] = {"SIGHTLINE_TEST_PGHOST", "SIGHTLINE_TEST_PGPORT",
                              "SIGHTLINE_TEST_PGUSER"};
    QStringList missing;
    for (const char *name : required) {
        if (env(name).isEmpty())
            missing << QString::fromLatin1(name);
    }
    if (missing.isEmpty())
        return true;
    if (why) {
        *why = QStringLiteral(
                   "The throwaway PostgreSQL server is not configured (%1 unset). Run db tests "
                   "through ctest, whose 'pg' fixture starts the server, or export "
                   "SIGHTLINE_TEST_PGHOST (socket directory), SIGHTLINE_TEST_PGPORT, "
                   "SIGHTLINE_TEST_PGUSER and SIGHTLINE_TEST_PGDATABASE for a running "
                   "throwaway cluster (never the machine's own).")
                   .arg(missing.join(QStringLiteral(", ")));
    }
    return false;
}

PgConnectSpec serverSpec(const QString &database)
{
    PgConnectSpec spec;
    spec.params.insert(QStringLiteral("host"), env("SIGHTLINE_TEST_PGHOST"));
    spec.params.insert(QStringLiteral("port"), env("SIGHTLINE_TEST_PGPORT"));
    spec.params.insert(QStringLiteral("user"), env("SIGHTLINE_TEST_PGUSER"));
    QString db = database;
    if (db.isEmpty())
        db = env("SIGHTLINE_TEST_PGDATABASE");
    if (db.isEmpty())
        db = QStringLiteral("postgres");
    spec.params.insert(QStringLiteral("dbname"), db);
    spec.params.insert(QStringLiteral("application_name"), QStringLiteral("sightline-tests"));
    spec.connectTimeoutSeconds = 10;
    return spec;
}

PgConnectSpec freshDatabase(const QString &name)
{
    // Database names from test names: lower case, nothing that needs quoting.
    QString db = name.toLower();
    db.replace(QRegularExpression(QStringLiteral("[^a-z0-9_]")), QStringLiteral("_"));
    db = QStringLiteral("sltest_") + db.left(50);

    const PgConnectSpec admin = serverSpec();
    // DDL takes no parameters; format() quotes the identifier server-side.
    const char *statements[] = {
        "SELECT format('DROP DATABASE IF EXISTS %I WITH (FORCE)', $1::text)",
        "SELECT format('CREATE DATABASE %I', $1::text)"};
    PgSession session;
    PgError error;
    if (!connectAndWait(session, admin, &error)) {
        qWarning("freshDatabase: cannot connect: %s", qPrintable(error.fullText()));
        return serverSpec(db);
    }
    for (const char *statement : statements) {
        const PgQueryResult text = runAndWait(session, QString::fromLatin1(statement), {db});
        if (!text.ok() || text.rows.rowCount() != 1) {
            qWarning("freshDatabase: %s", qPrintable(text.error.fullText()));
            break;
        }
        const PgQueryResult done = runAndWait(session, text.rows.text(0, 0));
        if (!done.ok())
            qWarning("freshDatabase: %s", qPrintable(done.error.fullText()));
    }
    return serverSpec(db);
}

bool connectAndWait(PgSession &session, const PgConnectSpec &spec, PgError *error, int timeoutMs)
{
    bool finished = false;
    bool ok = false;
    PgError failure;
    QObject context;
    QObject::connect(&session, &PgSession::connected, &context, [&] {
        finished = true;
        ok = true;
    });
    QObject::connect(&session, &PgSession::connectFailed, &context, [&](const PgError &e) {
        finished = true;
        failure = e;
    });
    session.connectToServer(spec);
    if (!waitFor([&] { return finished; }, timeoutMs))
        failure = PgError::client(
            QStringLiteral("connectAndWait: no answer within %1 ms").arg(timeoutMs));
    if (error)
        *error = failure;
    return ok;
}

PgQueryResult runAndWait(PgSession &session, const QString &sql, const QVariantList &params,
                         int timeoutMs)
{
    // The callback may outlive this frame when we time out: share the state.
    struct State
    {
        bool done = false;
        PgQueryResult result;
    };
    auto state = std::make_shared<State>();
    const PgRequestId id = session.query(sql, params, [state](const PgQueryResult &result) {
        state->done = true;
        state->result = result;
    });
    if (!waitFor([&] { return state->done; }, timeoutMs)) {
        session.cancelRequest(id);
        PgQueryResult timedOut;
        timedOut.error =
            PgError::client(QStringLiteral("runAndWait: no result within %1 ms").arg(timeoutMs));
        return timedOut;
    }
    return state->result;
}

PgQueryResult runOnce(const PgConnectSpec &spec, const QString &sql, const QVariantList &params)
{
    PgSession session;
    PgError error;
    if (!connectAndWait(session, spec, &error)) {
        PgQueryResult failed;
        failed.error = error;
        return failed;
    }
    return runAndWait(session, sql, params);
}

} // namespace sightline::test
