#pragma once

#include <QCoreApplication>
#include <QString>
#include <QStringList>

#include <atomic>
#include <functional>
#include <memory>

namespace sightline {

struct PgConnectSpec;

// A private PostgreSQL cluster under one base directory, reachable only through
// a unix socket: the throwaway server of the test fixture and the demo server.
//
// Layout: BASE/data (the cluster), BASE/sock (the socket, unless that path is too
// long for a unix socket; then a short directory under /tmp named in
// BASE/socket-dir), BASE/server.log.
//
// Every operation blocks (QProcess with timeouts), so call it from a worker
// thread or a command-line tool, never from the UI thread; setCancelFlag()
// lets another thread cut a running operation short. As root, the server
// programs run as the `postgres` user (initdb refuses root) through runuser.
// Errors come back as translated, self-explanatory text.
class LocalCluster final
{
    Q_DECLARE_TR_FUNCTIONS(sightline::LocalCluster)
public:
    // The superuser initdb creates, so nothing depends on who runs the cluster.
    static constexpr const char *superuser() { return "sightline"; }
    // A role that must authenticate with a password (scram-sha-256); the test
    // fixture creates it to exercise wrong-password paths.
    static constexpr const char *passwordRole() { return "sightline_pw"; }

    LocalCluster(const QString &baseDir, int port);

    // Server binaries: SIGHTLINE_PG_BINDIR, else the highest
    // /usr/lib/postgresql/<N>/bin with initdb and pg_ctl, else `pg_config --bindir`.
    // Empty with `error` set (naming the package to install) when none is found.
    static QString findServerBinDir(QString *error = nullptr);
    // Uses `dir` instead of searching (tests, unusual installations).
    void setBinDir(const QString &dir);
    QString binDir() const { return m_binDir; }

    // Once `*flag` becomes true (set from any thread), the running program is
    // terminated (killed if it lingers) within a fraction of a second, and
    // every operation fails with an error saying it was cancelled instead of
    // running anything more. initdb removes what it had made when terminated;
    // a server that pg_ctl was starting may come up anyway, so a caller that
    // cancels a start stops the cluster afterwards.
    void setCancelFlag(std::shared_ptr<const std::atomic_bool> flag);
    bool isCancelled() const;

    // Receives one line per step ("initdb ...", "server started"), for a CLI or a
    // progress display. Called on the thread that runs the operation.
    void setLogger(std::function<void(const QString &)> logger);

    QString baseDir() const { return m_baseDir; }
    QString dataDir() const;
    QString socketDir() const; // where the server puts .s.PGSQL.<port>
    QString logFile() const;
    int port() const { return m_port; }

    // Connection parameters for `database` as the superuser over the socket.
    PgConnectSpec connectSpec(const QString &database = QStringLiteral("postgres")) const;

    bool isInitialized() const;
    // Major version of the data directory (PG_VERSION) and of the binaries; 0 when unknown.
    int dataMajorVersion() const;
    int binMajorVersion(QString *error = nullptr);

    // initdb plus configuration. Fails if a cluster already exists.
    bool init(QString *error);
    // Starts the server, or reuses it when it is already running. A postmaster.pid
    // left behind by a crash is cleared first.
    bool start(QString *error);
    // Fast shutdown; succeeds when the server was not running.
    bool stop(QString *error);
    // Asks pg_ctl; clears a stale postmaster.pid on the way.
    bool isRunning();
    // Stops the server and deletes the base directory (and a /tmp socket directory).
    // Refuses a base directory holding anything that is not part of a cluster.
    bool remove(QString *error);

    // Runs an SQL script with psql as the superuser (ON_ERROR_STOP, no psqlrc).
    // `variables` become psql variables, so values reach SQL as :'name' literals
    // quoted by psql, never pasted by us. `output` receives stdout.
    bool runSql(const QString &database, const QString &script, QString *error,
                const QStringList &variables = {}, QString *output = nullptr);

    // The last lines of the server log, for error messages.
    QString serverLogTail(int lines = 20) const;

private:
    struct ProcessResult
    {
        bool ok = false;
        int exitCode = -1;
        QString output; // stdout and stderr, merged
        QString error;  // why it did not run, timed out or was cancelled
        bool cancelled = false;
    };

    bool ensureBinDir(QString *error);
    QString binary(const QString &name) const;
    ProcessResult run(const QString &program, const QStringList &args, int timeoutMs,
                      const QByteArray &input = {}) const;
    bool prepareBaseDir(QString *error);
    bool prepareSocketDir(QString *error);
    bool prepareLogFile(QString *error);
    bool writeConfiguration(QString *error);
    bool clearStalePid();
    void log(const QString &line) const;

    QString m_baseDir;
    int m_port = 0;
    QString m_binDir;
    std::function<void(const QString &)> m_logger;
    std::shared_ptr<const std::atomic_bool> m_cancel;
};

} // namespace sightline
