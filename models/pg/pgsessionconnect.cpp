#include "models/pg/pgsession_p.h"

#include <QHostAddress>
#include <QHostInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPointer>

namespace sightline {

using namespace pg;

namespace {

bool isSocketDirectory(const QString &host)
{
    return host.startsWith(QLatin1Char('/')) || host.startsWith(QLatin1Char('@'));
}

bool needsLookup(const QString &host)
{
    return !host.isEmpty() && !isSocketDirectory(host) && QHostAddress(host).isNull();
}

} // namespace

PgSession::Private::Private(PgSession *session)
    : q(session)
    , connectTimer(session)
    , flushTimer(session)
{
    gate->session = session;
    connectTimer.setSingleShot(true);
    // A coarse timer may fire up to 5 % early; the user was promised N seconds.
    connectTimer.setTimerType(Qt::PreciseTimer);
    flushTimer.setSingleShot(true);
    QObject::connect(&connectTimer, &QTimer::timeout, q, [this] { onConnectTimeout(); });
    QObject::connect(&flushTimer, &QTimer::timeout, q, [this] {
        if (current && current->streams() && current->batch.rowCount() > 0)
            emitBatch();
    });
}

// --- connecting --------------------------------------------------------------

void PgSession::Private::startConnect()
{
    ++generation;
    lastServerFatal = {};
    capabilities = {};
    setState(State::Connecting);
    if (spec.connectTimeoutSeconds > 0)
        connectTimer.start(qMin(spec.connectTimeoutSeconds, 24 * 3600) * 1000);

    const QMap<QString, QString> &params = spec.params;
    target.host = params.value(QStringLiteral("host"));
    if (target.host.isEmpty())
        target.host = qEnvironmentVariable("PGHOST");
    target.port = params.value(QStringLiteral("port"));
    target.user = params.value(QStringLiteral("user"));
    target.database = params.value(QStringLiteral("dbname"));
    resolveHosts();
}

// libpq resolves host names with a blocking getaddrinfo() inside PQconnectPoll,
// which would freeze the UI (and our own timeout) for as long as DNS takes. So
// names are resolved here, off the UI thread, and handed to libpq as hostaddr
// next to the original host (which libpq still uses for SSL, GSSAPI and .pgpass).
void PgSession::Private::resolveHosts()
{
    const QMap<QString, QString> &given = spec.params;
    const bool libpqDecides = !given.value(QStringLiteral("hostaddr")).isEmpty() ||
                              !given.value(QStringLiteral("service")).isEmpty() ||
                              qEnvironmentVariableIsSet("PGSERVICE") ||
                              qEnvironmentVariableIsSet("PGHOSTADDR");
    const QStringList hosts = target.host.split(QLatin1Char(','));
    QStringList names;
    if (!libpqDecides) {
        for (const QString &host : hosts) {
            if (needsLookup(host) && !names.contains(host))
                names << host;
        }
    }
    if (names.isEmpty()) {
        startLibpq(given);
        return;
    }

    phase = Phase::Resolving;
    auto resolved = std::make_shared<QMap<QString, QHostInfo>>();
    const quint64 gen = generation;
    for (const QString &name : std::as_const(names)) {
        const int lookupId = QHostInfo::lookupHost(
            name, q, [this, gen, resolved, names, hosts, name](const QHostInfo &info) {
                if (gen != generation)
                    return;
                hostLookups.removeAll(info.lookupId());
                resolved->insert(name, info);
                if (resolved->size() < names.size())
                    return;

                // All names are known: one host/hostaddr pair per address, so
                // libpq still tries every address of a name in turn.
                QMap<QString, QString> params = spec.params;
                QString portList = params.value(QStringLiteral("port"));
                if (portList.isEmpty())
                    portList = qEnvironmentVariable("PGPORT");
                const QStringList ports = portList.split(QLatin1Char(','));
                const bool portPerHost = hosts.size() > 1 && ports.size() == hosts.size();
                QStringList outHosts, outAddrs, outPorts;
                QString failedName, failedReason;
                for (int i = 0; i < hosts.size(); ++i) {
                    const QString &host = hosts.at(i);
                    if (!names.contains(host)) {
                        outHosts << host;
                        outAddrs << QString();
                        if (portPerHost)
                            outPorts << ports.at(i);
                        continue;
                    }
                    const QHostInfo &hostInfo = (*resolved)[host];
                    if (hostInfo.error() != QHostInfo::NoError || hostInfo.addresses().isEmpty()) {
                        if (failedName.isEmpty()) {
                            failedName = host;
                            failedReason = hostInfo.errorString();
                        }
                        continue;
                    }
                    for (const QHostAddress &address : hostInfo.addresses()) {
                        outHosts << host;
                        outAddrs << address.toString();
                        if (portPerHost)
                            outPorts << ports.at(i);
                    }
                }
                if (outHosts.isEmpty()) {
                    failConnect(pg::unknownHost(failedName, failedReason));
                    return;
                }
                params.insert(QStringLiteral("host"), outHosts.join(QLatin1Char(',')));
                params.insert(QStringLiteral("hostaddr"), outAddrs.join(QLatin1Char(',')));
                if (portPerHost)
                    params.insert(QStringLiteral("port"), outPorts.join(QLatin1Char(',')));
                startLibpq(params);
            });
        // The lookup may have completed (cached) before returning its id.
        if (gen == generation && phase == Phase::Resolving && !resolved->contains(name))
            hostLookups << lookupId;
    }
}

void PgSession::Private::startLibpq(const QMap<QString, QString> &params)
{
    std::vector<QByteArray> keys;
    std::vector<QByteArray> values;
    for (auto it = params.cbegin(); it != params.cend(); ++it) {
        // Empty values are left out so that libpq's own defaults (PG* variables,
        // pg_service.conf, .pgpass) apply; the encoding is ours to choose.
        if (it.value().isEmpty() || it.key() == QLatin1String("client_encoding"))
            continue;
        keys.push_back(it.key().toUtf8());
        values.push_back(it.value().toUtf8());
    }
    auto addDefault = [&](const char *key, const char *value) {
        if (params.value(QLatin1String(key)).isEmpty()) {
            keys.push_back(key);
            values.push_back(value);
        }
    };
    addDefault("fallback_application_name", "sightline");
    // TCP keepalives after 30 s of silence, so a vanished network is noticed
    // within about a minute instead of the system's two hours (libpq ignores
    // these for unix sockets).
    addDefault("keepalives_idle", "30");
    addDefault("keepalives_interval", "10");
    addDefault("keepalives_count", "3");
    // Every text we hand to QString is decoded as UTF-8.
    keys.push_back("client_encoding");
    values.push_back("UTF8");

    std::vector<const char *> keywordPtrs;
    std::vector<const char *> valuePtrs;
    for (size_t i = 0; i < keys.size(); ++i) {
        keywordPtrs.push_back(keys[i].constData());
        valuePtrs.push_back(values[i].constData());
    }
    keywordPtrs.push_back(nullptr);
    valuePtrs.push_back(nullptr);

    pg::useUntranslatedLibpqMessages();
    phase = Phase::Polling;
    conn.reset(PQconnectStartParams(keywordPtrs.data(), valuePtrs.data(), 0));
    if (!conn) {
        PgError error = PgError::client(
            PgSession::tr("Could not connect to the server: not enough memory for the connection"));
        error.kind = PgError::Kind::Connection;
        error.severity = QStringLiteral("FATAL");
        failLater(error);
        return;
    }
    // Verbose errors put the SQLSTATE into the connection failure text, the only
    // place libpq reports it during connection set-up.
    PQsetErrorVerbosity(conn.get(), PQERRORS_VERBOSE);
    PQsetNoticeReceiver(conn.get(), &Private::noticeReceiver, this);
    target.user = fromPg(PQuser(conn.get()));
    target.database = fromPg(PQdb(conn.get()));
    if (target.port.isEmpty())
        target.port = fromPg(PQport(conn.get()));
    if (target.host.isEmpty())
        target.host = fromPg(PQhost(conn.get()));

    if (PQstatus(conn.get()) == CONNECTION_BAD) {
        failLater(pg::connectFailure(fromPg(PQerrorMessage(conn.get())), target));
        return;
    }
    // libpq's state after PQconnectStart is "PGRES_POLLING_WRITING".
    watchSocket(true);
}

void PgSession::Private::watchSocket(bool forWrite)
{
    const int fd = PQsocket(conn.get());
    if (fd != socket) {
        // libpq opens a new socket for each address it tries.
        readNotifier.reset();
        writeNotifier.reset();
        socket = fd;
        if (fd >= 0) {
            readNotifier = std::make_unique<QSocketNotifier>(fd, QSocketNotifier::Read, q);
            writeNotifier = std::make_unique<QSocketNotifier>(fd, QSocketNotifier::Write, q);
            QObject::connect(readNotifier.get(), &QSocketNotifier::activated, q,
                             [this] { onReadable(); });
            QObject::connect(writeNotifier.get(), &QSocketNotifier::activated, q,
                             [this] { onWritable(); });
        }
    }
    if (!readNotifier)
        return;
    // Once connected the read side stays armed: that is how an idle session
    // learns that the server went away.
    readNotifier->setEnabled(!forWrite || phase == Phase::Probing || phase == Phase::Connected);
    writeNotifier->setEnabled(forWrite);
}

void PgSession::Private::pollConnect()
{
    switch (PQconnectPoll(conn.get())) {
    case PGRES_POLLING_READING:
        watchSocket(false);
        return;
    case PGRES_POLLING_WRITING:
        watchSocket(true);
        return;
    case PGRES_POLLING_OK:
        onLibpqConnected();
        return;
    case PGRES_POLLING_FAILED:
    default:
        failConnect(pg::connectFailure(fromPg(PQerrorMessage(conn.get())), target));
        return;
    }
}

void PgSession::Private::onLibpqConnected()
{
    PQsetErrorVerbosity(conn.get(), PQERRORS_DEFAULT);
    if (PQsetnonblocking(conn.get(), 1) != 0) {
        failConnect(pg::connectFailure(fromPg(PQerrorMessage(conn.get())), target));
        return;
    }
    cancelHandle = pg::makeCancel(conn.get());
    phase = Phase::Probing;
    watchSocket(false);

    PendingRequest probe;
    probe.id = nextId++;
    probe.kind = RequestKind::Query;
    probe.internal = true;
    probe.sql = sqlResource(QStringLiteral("capabilities")).toUtf8();
    probe.done = [this](const PgQueryResult &result) { onProbeDone(result); };
    if (probe.sql.isEmpty()) {
        failConnect(
            PgError::client(PgSession::tr("The capability query is missing from the resources")));
        return;
    }
    queue.push_front(std::move(probe));
    startNext();
}

void PgSession::Private::onProbeDone(const PgQueryResult &result)
{
    if (!result.ok() || result.rows.rowCount() != 1) {
        PgError error = result.error;
        if (!error.isError())
            error = PgError::client(PgSession::tr("The capability query returned no row"));
        // A failed probe fails the connection: panels would otherwise guess.
        error.message =
            PgSession::tr("Connected, but the capability check failed: %1").arg(error.message);
        error.kind = PgError::Kind::Connection;
        QTimer::singleShot(0, q, [this, gen = generation, error] {
            if (gen == generation)
                failConnect(error);
        });
        return;
    }
    auto text = [&result](const char *name) {
        const int column = result.columnIndex(QLatin1String(name));
        return column < 0 ? QString() : result.rows.text(0, column);
    };
    auto flag = [&text](const char *name) { return text(name) == QLatin1String("t"); };
    PgCapabilities caps;
    caps.serverVersionNum = text("server_version_num").toInt();
    caps.serverVersion = text("server_version");
    caps.fullVersion = text("full_version");
    caps.currentUser = text("current_user");
    caps.sessionUser = text("session_user");
    caps.database = text("database");
    caps.superuser = flag("superuser");
    caps.pgMonitor = flag("pg_monitor");
    caps.pgSignalBackend = flag("pg_signal_backend");
    caps.pgReadAllStats = flag("pg_read_all_stats");
    caps.trackIoTiming = flag("track_io_timing");
    caps.inRecovery = flag("in_recovery");
    caps.defaultReadOnly = flag("default_read_only");
    const QJsonObject extensions = QJsonDocument::fromJson(text("extensions").toUtf8()).object();
    for (auto it = extensions.begin(); it != extensions.end(); ++it)
        caps.extensions.insert(it.key(), it.value().toString());
    capabilities = caps;

    connectTimer.stop();
    // The rest happens in a queued call: we are inside result processing, and
    // user requests queued meanwhile must not start before connected().
    QTimer::singleShot(0, q, [this, gen = generation] {
        if (gen != generation)
            return;
        phase = Phase::Connected;
        QPointer<PgSession> alive(q);
        setState(State::Ready);
        updateTransactionStatus();
        if (!alive || gen != generation)
            return;
        Q_EMIT q->connected();
        if (alive && gen == generation)
            startNext();
    });
}

void PgSession::Private::onConnectTimeout()
{
    if (phase == Phase::None || phase == Phase::Connected)
        return;
    QString where;
    if (conn && phase != Phase::Resolving)
        where = pg::describeEndpoint(fromPg(PQhost(conn.get())), fromPg(PQport(conn.get())));
    else
        where = pg::describeEndpoint(target.host,
                                     target.port.isEmpty() ? QStringLiteral("5432") : target.port);
    failConnect(pg::connectTimeout(where, spec.connectTimeoutSeconds));
}

void PgSession::Private::failConnect(const PgError &error)
{
    qCDebug(lcPgSession) << "connect failed:" << error.summary();
    std::optional<RunningRequest> running = std::move(current);
    current.reset();
    std::vector<PendingRequest> queued = takeAllRequests();
    teardown(running.has_value());
    QPointer<PgSession> alive(q);
    setState(State::Disconnected);
    if (!alive)
        return;
    const quint64 gen = generation;
    failRequests(std::move(running), std::move(queued), error);
    if (alive && gen == generation)
        Q_EMIT q->connectFailed(error);
}

void PgSession::Private::failLater(const PgError &error)
{
    QTimer::singleShot(0, q, [this, gen = generation, error] {
        if (gen == generation)
            failConnect(error);
    });
}

} // namespace sightline
