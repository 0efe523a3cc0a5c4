#include "models/pg/localcluster.h"

#include "models/pg/pgsession.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QProcessEnvironment>
#include <QRegularExpression>
#include <QStandardPaths>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <grp.h>
#include <pwd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>
#include <vector>

namespace sightline {

namespace {

constexpr int InitdbTimeoutMs = 120 * 1000;
// pg_ctl itself waits up to 60 s (-t 60); the margin covers its own start-up.
constexpr int PgCtlTimeoutMs = 90 * 1000;
constexpr int PsqlTimeoutMs = 120 * 1000;
constexpr int ProbeTimeoutMs = 10 * 1000;
// How often a waiting run() looks at the cancel flag: short enough that a
// cancel feels immediate, long enough to cost nothing.
constexpr int CancelPollMs = 50;
// After SIGTERM: initdb cleans up its directory, runuser passes the signal on
// to its child and waits for it. Past this, SIGKILL.
constexpr int TerminateGraceMs = 3000;

bool runningAsRoot()
{
    return ::geteuid() == 0;
}

struct PostgresUser
{
    bool found = false;
    uid_t uid = 0;
    gid_t gid = 0;
    std::vector<gid_t> groups;
};

PostgresUser postgresUser()
{
    PostgresUser user;
    const passwd *pw = ::getpwnam("postgres");
    if (!pw)
        return user;
    user.found = true;
    user.uid = pw->pw_uid;
    user.gid = pw->pw_gid;
    int count = 64;
    user.groups.resize(count);
    if (::getgrouplist("postgres", pw->pw_gid, user.groups.data(), &count) < 0) {
        user.groups.resize(count);
        ::getgrouplist("postgres", pw->pw_gid, user.groups.data(), &count);
    }
    user.groups.resize(std::max(count, 0));
    return user;
}

// Whether `user` may enter `dir` by the plain permission bits (ACLs aside).
bool traversableBy(const PostgresUser &user, const QString &dir)
{
    struct stat st
    {};
    if (::stat(QFile::encodeName(dir).constData(), &st) != 0)
        return false;
    if (st.st_uid == user.uid)
        return st.st_mode & S_IXUSR;
    if (std::find(user.groups.begin(), user.groups.end(), st.st_gid) != user.groups.end())
        return st.st_mode & S_IXGRP;
    return st.st_mode & S_IXOTH;
}

bool chownTo(const PostgresUser &user, const QString &path)
{
    return ::chown(QFile::encodeName(path).constData(), user.uid, user.gid) == 0;
}

// postgresql.conf string literal.
QString confQuote(const QString &value)
{
    QString quoted = value;
    quoted.replace(QLatin1Char('\''), QLatin1String("''"));
    return QLatin1Char('\'') + quoted + QLatin1Char('\'');
}

bool isExecutable(const QString &path)
{
    const QFileInfo info(path);
    return info.isFile() && info.isExecutable();
}

bool hasServerPrograms(const QString &dir)
{
    return !dir.isEmpty() && isExecutable(dir + QLatin1String("/initdb")) &&
           isExecutable(dir + QLatin1String("/pg_ctl"));
}

QString readTrimmed(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QString::fromUtf8(file.readAll()).trimmed();
}

// The server's own programs must not pick up a connection or data directory the
// user's shell happens to export, and their messages should be untranslated so
// that errors quoted in bug reports are searchable.
QProcessEnvironment serverEnvironment()
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    const QStringList keys = env.keys();
    for (const QString &key : keys) {
        if (key.startsWith(QLatin1String("PG")) || key.startsWith(QLatin1String("LC_")) ||
            key == QLatin1String("LANGUAGE"))
            env.remove(key);
    }
    env.insert(QStringLiteral("LANG"), QStringLiteral("C.UTF-8"));
    return env;
}

constexpr qsizetype maxSocketPath()
{
    return qsizetype(sizeof(sockaddr_un::sun_path)) - 1;
}

} // namespace

LocalCluster::LocalCluster(const QString &baseDir, int port)
    : m_baseDir(QDir::cleanPath(QFileInfo(baseDir).absoluteFilePath()))
    , m_port(port)
{}

QString LocalCluster::findServerBinDir(QString *error)
{
    const QString fromEnv = qEnvironmentVariable("SIGHTLINE_PG_BINDIR");
    if (!fromEnv.isEmpty()) {
        if (hasServerPrograms(fromEnv))
            return fromEnv;
        if (error)
            *error =
                tr("SIGHTLINE_PG_BINDIR is %1, but initdb and pg_ctl are not there.").arg(fromEnv);
        return {};
    }

    // Debian installs each major version side by side; the newest one wins.
    const QDir debianRoot(QStringLiteral("/usr/lib/postgresql"));
    QList<int> versions;
    const QStringList entries = debianRoot.entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    for (const QString &entry : entries) {
        bool ok = false;
        const int version = entry.toInt(&ok);
        if (ok)
            versions.append(version);
    }
    std::sort(versions.begin(), versions.end(), std::greater<>());
    for (int version : std::as_const(versions)) {
        const QString dir = debianRoot.filePath(QString::number(version) + QLatin1String("/bin"));
        if (hasServerPrograms(dir))
            return dir;
    }

    const QString pgConfig = QStandardPaths::findExecutable(QStringLiteral("pg_config"));
    if (!pgConfig.isEmpty()) {
        QProcess process;
        process.start(pgConfig, {QStringLiteral("--bindir")});
        if (process.waitForFinished(ProbeTimeoutMs) && process.exitCode() == 0) {
            const QString dir = QString::fromLocal8Bit(process.readAllStandardOutput()).trimmed();
            if (hasServerPrograms(dir))
                return dir;
        }
    }

    if (error)
        *error = tr("The PostgreSQL server programs (initdb, pg_ctl) were not found. %1")
                     .arg(tr("Install the PostgreSQL server: sudo apt-get install postgresql"));
    return {};
}

void LocalCluster::setBinDir(const QString &dir)
{
    m_binDir = dir;
}

void LocalCluster::setCancelFlag(std::shared_ptr<const std::atomic_bool> flag)
{
    m_cancel = std::move(flag);
}

bool LocalCluster::isCancelled() const
{
    return m_cancel && m_cancel->load(std::memory_order_acquire);
}

void LocalCluster::setLogger(std::function<void(const QString &)> logger)
{
    m_logger = std::move(logger);
}

QString LocalCluster::dataDir() const
{
    return m_baseDir + QLatin1String("/data");
}

QString LocalCluster::socketDir() const
{
    const QString remembered = readTrimmed(m_baseDir + QLatin1String("/socket-dir"));
    return remembered.isEmpty() ? m_baseDir + QLatin1String("/sock") : remembered;
}

QString LocalCluster::logFile() const
{
    return m_baseDir + QLatin1String("/server.log");
}

PgConnectSpec LocalCluster::connectSpec(const QString &database) const
{
    PgConnectSpec spec;
    spec.params.insert(QStringLiteral("host"), socketDir());
    spec.params.insert(QStringLiteral("port"), QString::number(m_port));
    spec.params.insert(QStringLiteral("user"), QString::fromLatin1(superuser()));
    spec.params.insert(QStringLiteral("dbname"), database);
    return spec;
}

bool LocalCluster::isInitialized() const
{
    return QFileInfo::exists(dataDir() + QLatin1String("/PG_VERSION"));
}

int LocalCluster::dataMajorVersion() const
{
    return readTrimmed(dataDir() + QLatin1String("/PG_VERSION")).toInt();
}

int LocalCluster::binMajorVersion(QString *error)
{
    if (!ensureBinDir(error))
        return 0;
    const ProcessResult result =
        run(binary(QStringLiteral("pg_ctl")), {QStringLiteral("--version")}, ProbeTimeoutMs);
    static const QRegularExpression pattern(QStringLiteral("\\(PostgreSQL\\)\\s+(\\d+)"));
    const QRegularExpressionMatch match = pattern.match(result.output);
    if (!result.ok || !match.hasMatch()) {
        if (error)
            *error = tr("Could not read the version of %1: %2")
                         .arg(binary(QStringLiteral("pg_ctl")),
                              result.error.isEmpty() ? result.output : result.error);
        return 0;
    }
    return match.captured(1).toInt();
}

bool LocalCluster::ensureBinDir(QString *error)
{
    if (m_binDir.isEmpty()) {
        m_binDir = findServerBinDir(error);
        return !m_binDir.isEmpty();
    }
    if (hasServerPrograms(m_binDir))
        return true;
    if (error)
        *error = tr("The PostgreSQL server programs (initdb, pg_ctl) are not in %1. %2")
                     .arg(m_binDir,
                          tr("Install the PostgreSQL server: sudo apt-get install postgresql"));
    return false;
}

QString LocalCluster::binary(const QString &name) const
{
    const QString path = m_binDir + QLatin1Char('/') + name;
    if (isExecutable(path))
        return path;
    // Debian ships psql in the client package; its wrapper in /usr/bin works too.
    const QString onPath = QStandardPaths::findExecutable(name);
    return onPath.isEmpty() ? path : onPath;
}

LocalCluster::ProcessResult LocalCluster::run(const QString &program, const QStringList &args,
                                              int timeoutMs, const QByteArray &input) const
{
    ProcessResult result;
    const auto cancelled = [&result, &program] {
        result.cancelled = true;
        result.error = tr("%1 was cancelled.").arg(QFileInfo(program).fileName());
        return result;
    };
    if (isCancelled())
        return cancelled();
    QString realProgram = program;
    QStringList realArgs = args;
    if (runningAsRoot()) {
        const QString runuser = QStandardPaths::findExecutable(
            QStringLiteral("runuser"), {QStringLiteral("/usr/sbin"), QStringLiteral("/sbin"),
                                        QStringLiteral("/usr/bin"), QStringLiteral("/bin")});
        if (runuser.isEmpty()) {
            result.error = tr("runuser was not found; it is needed to run PostgreSQL as the "
                              "postgres user when Sightline runs as root.");
            return result;
        }
        realArgs = QStringList{QStringLiteral("-u"), QStringLiteral("postgres"),
                               QStringLiteral("--"), program} +
                   args;
        realProgram = runuser;
    }

    QProcess process;
    process.setProcessEnvironment(serverEnvironment());
    // The postgres user cannot necessarily enter our current directory.
    process.setWorkingDirectory(QStringLiteral("/"));
    process.setProcessChannelMode(QProcess::MergedChannels);
    // pg_ctl's server inherits no pipe, so waiting for our end does not hang on it.
    process.start(realProgram, realArgs);
    if (!process.waitForStarted(ProbeTimeoutMs)) {
        result.error = tr("Could not run %1: %2").arg(program, process.errorString());
        return result;
    }
    if (!input.isEmpty())
        process.write(input);
    process.closeWriteChannel();
    // Waited for in slices, so a cancel from another thread is seen while the
    // program runs; the QProcess itself is only ever touched on this thread.
    QElapsedTimer clock;
    clock.start();
    while (!process.waitForFinished(CancelPollMs) && process.state() != QProcess::NotRunning) {
        if (isCancelled()) {
            process.terminate();
            if (!process.waitForFinished(TerminateGraceMs)) {
                process.kill();
                process.waitForFinished(ProbeTimeoutMs);
            }
            result.output = QString::fromLocal8Bit(process.readAll());
            return cancelled();
        }
        if (clock.hasExpired(timeoutMs)) {
            process.kill();
            process.waitForFinished(ProbeTimeoutMs);
            result.output = QString::fromLocal8Bit(process.readAll());
            result.error = tr("%1 did not finish within %2 seconds.")
                               .arg(QFileInfo(program).fileName())
                               .arg(timeoutMs / 1000);
            return result;
        }
    }
    result.output = QString::fromLocal8Bit(process.readAll());
    result.exitCode = process.exitCode();
    result.ok = process.exitStatus() == QProcess::NormalExit && result.exitCode == 0;
    return result;
}

bool LocalCluster::prepareBaseDir(QString *error)
{
    QDir base(m_baseDir);
    if (!base.exists()) {
        if (!base.mkpath(QStringLiteral("."))) {
            *error = tr("Could not create the directory %1.").arg(m_baseDir);
            return false;
        }
        // Other users (postgres, when we are root) must be able to enter it. A
        // directory that already existed is never re-permissioned: it may be shared.
        QFile::setPermissions(m_baseDir, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner |
                                             QFile::ReadGroup | QFile::ExeGroup | QFile::ReadOther |
                                             QFile::ExeOther);
    }

    PostgresUser pgUser;
    if (runningAsRoot()) {
        pgUser = postgresUser();
        if (!pgUser.found) {
            *error = tr("There is no user named postgres to run the server as. %1")
                         .arg(tr("Install the PostgreSQL server: sudo apt-get install postgresql"));
            return false;
        }
        for (QString dir = m_baseDir; !dir.isEmpty() && dir != QLatin1String("/");
             dir = QFileInfo(dir).path()) {
            if (!traversableBy(pgUser, dir)) {
                *error = tr("The PostgreSQL server runs as the user postgres, which cannot enter "
                            "%1. Use a directory elsewhere or allow it: chmod o+x %1")
                             .arg(dir);
                return false;
            }
        }
    }

    // A data directory without PG_VERSION is the remains of a failed initdb.
    const QString data = dataDir();
    if (QFileInfo::exists(data) && !isInitialized())
        QDir(data).removeRecursively();
    if (!base.mkpath(QStringLiteral("data")) ||
        !QFile::setPermissions(data, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner)) {
        *error = tr("Could not create the directory %1.").arg(data);
        return false;
    }

    if (runningAsRoot() && !chownTo(pgUser, data)) {
        *error = tr("Could not hand %1 to the postgres user: %2")
                     .arg(data, QString::fromLocal8Bit(std::strerror(errno)));
        return false;
    }
    return prepareLogFile(error);
}

bool LocalCluster::prepareLogFile(QString *error)
{
    // pg_ctl opens the log as the server's user, who cannot create files in a
    // base directory owned by root.
    QFile log(logFile());
    if (!log.open(QIODevice::Append)) {
        *error = tr("Could not create %1: %2").arg(logFile(), log.errorString());
        return false;
    }
    log.close();
    if (runningAsRoot()) {
        const PostgresUser pgUser = postgresUser();
        if (!pgUser.found || !chownTo(pgUser, logFile())) {
            *error = tr("Could not hand %1 to the postgres user.").arg(logFile());
            return false;
        }
    }
    return true;
}

bool LocalCluster::prepareSocketDir(QString *error)
{
    QString dir = socketDir();
    const QString socketName = QStringLiteral("/.s.PGSQL.%1").arg(m_port);
    const bool tooLong = QFile::encodeName(dir + socketName).size() > maxSocketPath();
    // unix_socket_directories is a comma-separated list.
    if ((tooLong || dir.contains(QLatin1Char(','))) &&
        !QFileInfo::exists(m_baseDir + QLatin1String("/socket-dir"))) {
        QByteArray pattern = QByteArrayLiteral("/tmp/sightline-XXXXXX");
        if (!::mkdtemp(pattern.data())) {
            *error = tr("Could not create a socket directory under /tmp: %1")
                         .arg(QString::fromLocal8Bit(std::strerror(errno)));
            return false;
        }
        dir = QFile::decodeName(pattern);
        QFile remember(m_baseDir + QLatin1String("/socket-dir"));
        if (!remember.open(QIODevice::WriteOnly | QIODevice::Truncate) ||
            remember.write(QFile::encodeName(dir) + '\n') < 0) {
            *error = tr("Could not write %1: %2").arg(remember.fileName(), remember.errorString());
            return false;
        }
        log(tr("socket path too long, using %1").arg(dir));
    }

    // A /tmp directory may have been cleaned since the cluster was made.
    if (!QDir().mkpath(dir)) {
        *error = tr("Could not create the socket directory %1.").arg(dir);
        return false;
    }
    QFile::setPermissions(dir, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner |
                                   QFile::ReadGroup | QFile::ExeGroup | QFile::ReadOther |
                                   QFile::ExeOther);
    if (runningAsRoot()) {
        const PostgresUser pgUser = postgresUser();
        if (!pgUser.found || !chownTo(pgUser, dir)) {
            *error = tr("Could not hand the socket directory %1 to the postgres user.").arg(dir);
            return false;
        }
    }
    return true;
}

bool LocalCluster::writeConfiguration(QString *error)
{
    // Only the socket is reachable; the password role exists so tests can see a
    // real authentication failure.
    QFile hba(dataDir() + QLatin1String("/pg_hba.conf"));
    if (!hba.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
        *error = tr("Could not write %1: %2").arg(hba.fileName(), hba.errorString());
        return false;
    }
    hba.write("# Written by Sightline: a private cluster reachable only through its socket.\n"
              "local all ");
    hba.write(passwordRole());
    hba.write(" scram-sha-256\n"
              "local all all trust\n");
    hba.close();

    QFile conf(dataDir() + QLatin1String("/postgresql.conf"));
    if (!conf.open(QIODevice::Append)) {
        *error = tr("Could not write %1: %2").arg(conf.fileName(), conf.errorString());
        return false;
    }
    const QString settings =
        QStringLiteral("\n# Added by Sightline: a private, throwaway cluster. Durability is\n"
                       "# traded for speed because the data can always be made again.\n"
                       "listen_addresses = ''\n"
                       "port = %1\n"
                       "unix_socket_directories = %2\n"
                       "max_connections = 100\n"
                       "fsync = off\n"
                       "synchronous_commit = off\n"
                       "full_page_writes = off\n"
                       "wal_level = minimal\n"
                       "max_wal_senders = 0\n"
                       "max_wal_size = '2GB'\n"
                       "shared_preload_libraries = 'pg_stat_statements'\n"
                       "track_io_timing = on\n"
                       "logging_collector = off\n"
                       "log_line_prefix = '%m [%p] '\n")
            .arg(m_port)
            .arg(confQuote(socketDir()));
    if (conf.write(settings.toUtf8()) < 0) {
        *error = tr("Could not write %1: %2").arg(conf.fileName(), conf.errorString());
        return false;
    }
    return true;
}

bool LocalCluster::init(QString *error)
{
    QString ignored;
    if (!error)
        error = &ignored;
    if (!ensureBinDir(error))
        return false;
    if (isInitialized()) {
        *error = tr("A cluster already exists in %1.").arg(dataDir());
        return false;
    }
    // Without it the server refuses to start, with a less helpful message.
    const QString libDir = QDir::cleanPath(m_binDir + QLatin1String("/../lib"));
    if (QFileInfo(libDir).isDir() &&
        !QFileInfo::exists(libDir + QLatin1String("/pg_stat_statements.so"))) {
        *error = tr("pg_stat_statements is missing from %1. Install it: sudo apt-get install "
                    "postgresql-contrib")
                     .arg(libDir);
        return false;
    }
    if (!prepareBaseDir(error) || !prepareSocketDir(error))
        return false;

    log(tr("initdb %1").arg(dataDir()));
    const ProcessResult result = run(
        binary(QStringLiteral("initdb")),
        {QStringLiteral("-D"), dataDir(), QStringLiteral("-U"), QString::fromLatin1(superuser()),
         QStringLiteral("-A"), QStringLiteral("trust"), QStringLiteral("-E"),
         QStringLiteral("UTF8"), QStringLiteral("--locale=C.UTF-8"), QStringLiteral("--no-sync")},
        InitdbTimeoutMs);
    if (!result.ok) {
        *error = tr("initdb failed: %1")
                     .arg((result.error + QLatin1Char('\n') + result.output).trimmed());
        return false;
    }
    return writeConfiguration(error);
}

bool LocalCluster::clearStalePid()
{
    const QString pidFile = dataDir() + QLatin1String("/postmaster.pid");
    QFile file(pidFile);
    if (!file.open(QIODevice::ReadOnly))
        return false;
    const qint64 pid = file.readLine().trimmed().toLongLong();
    file.close();

    // The pid may have been reused since a crash: only a postgres process whose
    // working directory is our data directory is our postmaster.
    if (pid > 0) {
        const QString proc = QStringLiteral("/proc/%1").arg(pid);
        const bool isPostgres =
            readTrimmed(proc + QLatin1String("/comm")) == QLatin1String("postgres");
        const QString cwd = QFileInfo(proc + QLatin1String("/cwd")).symLinkTarget();
        if (isPostgres && cwd == QFileInfo(dataDir()).canonicalFilePath())
            return false;
    }
    log(tr("removing stale %1 (pid %2 is not running)").arg(pidFile).arg(pid));
    QFile::remove(pidFile);
    QFile::remove(socketDir() + QStringLiteral("/.s.PGSQL.%1.lock").arg(m_port));
    QFile::remove(socketDir() + QStringLiteral("/.s.PGSQL.%1").arg(m_port));
    return true;
}

bool LocalCluster::isRunning()
{
    if (!isInitialized() || !ensureBinDir(nullptr))
        return false;
    clearStalePid();
    const ProcessResult result =
        run(binary(QStringLiteral("pg_ctl")),
            {QStringLiteral("status"), QStringLiteral("-D"), dataDir()}, ProbeTimeoutMs);
    return result.ok;
}

bool LocalCluster::start(QString *error)
{
    QString ignored;
    if (!error)
        error = &ignored;
    if (!ensureBinDir(error))
        return false;
    if (!isInitialized()) {
        *error = tr("There is no cluster in %1 to start.").arg(dataDir());
        return false;
    }
    if (isRunning()) {
        log(tr("server already running (socket %1, port %2)").arg(socketDir()).arg(m_port));
        return true;
    }
    if (!prepareSocketDir(error) || !prepareLogFile(error))
        return false;

    log(tr("starting server (socket %1, port %2)").arg(socketDir()).arg(m_port));
    const ProcessResult result =
        run(binary(QStringLiteral("pg_ctl")),
            {QStringLiteral("-w"), QStringLiteral("-t"), QStringLiteral("60"), QStringLiteral("-D"),
             dataDir(), QStringLiteral("-l"), logFile(), QStringLiteral("start")},
            PgCtlTimeoutMs);
    if (!result.ok) {
        *error = tr("The PostgreSQL server did not start: %1\n\nEnd of %2:\n%3")
                     .arg((result.error + QLatin1Char('\n') + result.output).trimmed(), logFile(),
                          serverLogTail());
        return false;
    }
    log(tr("server started"));
    return true;
}

bool LocalCluster::stop(QString *error)
{
    QString ignored;
    if (!error)
        error = &ignored;
    if (!isInitialized())
        return true;
    if (!ensureBinDir(error))
        return false;
    if (!isRunning()) {
        log(tr("server not running"));
        return true;
    }
    log(tr("stopping server"));
    const ProcessResult result = run(
        binary(QStringLiteral("pg_ctl")),
        {QStringLiteral("-D"), dataDir(), QStringLiteral("-m"), QStringLiteral("fast"),
         QStringLiteral("-w"), QStringLiteral("-t"), QStringLiteral("60"), QStringLiteral("stop")},
        PgCtlTimeoutMs);
    if (!result.ok && isRunning()) {
        *error = tr("The PostgreSQL server did not stop: %1")
                     .arg((result.error + QLatin1Char('\n') + result.output).trimmed());
        return false;
    }
    log(tr("server stopped"));
    return true;
}

bool LocalCluster::remove(QString *error)
{
    QString ignored;
    if (!error)
        error = &ignored;
    const QFileInfo baseInfo(m_baseDir);
    if (!baseInfo.exists())
        return true;

    // Deleting recursively is only safe for a directory that is visibly ours.
    static const QStringList ours = {QStringLiteral("data"), QStringLiteral("sock"),
                                     QStringLiteral("server.log"), QStringLiteral("socket-dir")};
    const QStringList entries =
        QDir(m_baseDir).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot);
    for (const QString &entry : entries) {
        if (!ours.contains(entry)) {
            *error =
                tr("%1 contains %2, which is not part of a Sightline cluster; not deleting it.")
                    .arg(m_baseDir, entry);
            return false;
        }
    }

    if (!stop(error))
        return false;
    const QString socket = socketDir();
    const bool privateSocketDir = !socket.startsWith(m_baseDir + QLatin1Char('/'));
    log(tr("removing %1").arg(m_baseDir));
    if (!QDir(m_baseDir).removeRecursively()) {
        *error = tr("Could not delete %1.").arg(m_baseDir);
        return false;
    }
    if (privateSocketDir)
        QDir(socket).removeRecursively();
    return true;
}

bool LocalCluster::runSql(const QString &database, const QString &script, QString *error,
                          const QStringList &variables, QString *output)
{
    QString ignored;
    if (!error)
        error = &ignored;
    if (!ensureBinDir(error))
        return false;
    QStringList args = {QStringLiteral("-X"), QStringLiteral("-q"),
                        QStringLiteral("-v"), QStringLiteral("ON_ERROR_STOP=1"),
                        QStringLiteral("-h"), socketDir(),
                        QStringLiteral("-p"), QString::number(m_port),
                        QStringLiteral("-U"), QString::fromLatin1(superuser()),
                        QStringLiteral("-d"), database,
                        QStringLiteral("-f"), QStringLiteral("-")};
    for (const QString &variable : variables)
        args << QStringLiteral("-v") << variable;
    const ProcessResult result =
        run(binary(QStringLiteral("psql")), args, PsqlTimeoutMs, script.toUtf8());
    if (output)
        *output = result.output;
    if (!result.ok) {
        *error =
            tr("psql failed: %1").arg((result.error + QLatin1Char('\n') + result.output).trimmed());
        return false;
    }
    return true;
}

QString LocalCluster::serverLogTail(int lines) const
{
    QFile file(logFile());
    if (!file.open(QIODevice::ReadOnly))
        return tr("(no server log)");
    constexpr qint64 window = 64 * 1024;
    if (file.size() > window)
        file.seek(file.size() - window);
    QStringList all = QString::fromUtf8(file.readAll()).split(QLatin1Char('\n'));
    while (!all.isEmpty() && all.last().trimmed().isEmpty())
        all.removeLast();
    return all.mid(std::max<qsizetype>(0, all.size() - lines)).join(QLatin1Char('\n'));
}

void LocalCluster::log(const QString &line) const
{
    if (m_logger)
        m_logger(line);
}

} // namespace sightline
