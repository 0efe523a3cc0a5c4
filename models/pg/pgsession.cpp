#include "models/pg/pgsession.h"

#include "models/pg/pgconnecterror.h"
#include "models/pg/pghandles.h"
#include "models/pg/pgparams.h"

#include <QCoreApplication>
#include <QFile>
#include <QHostAddress>
#include <QHostInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QPointer>
#include <QSignalBlocker>
#include <QSocketNotifier>
#include <QTimer>

#include <deque>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

namespace sightline {

namespace {

Q_LOGGING_CATEGORY(lcPgSession, "sightline.pg.session", QtWarningMsg)

// The event loop must never wait on us for long: result processing stops after
// this many milliseconds and continues in a queued call, so timers, input and
// painting get their turn (the heartbeat in bench_fetch measures this).
constexpr int kSliceMs = 12;
// A partly filled batch waits at most this long for more rows before it is
// delivered anyway, so rows of a slow query show up promptly.
constexpr int kBatchLatencyMs = 40;
// A batch is also delivered once its cell bytes reach this size, which keeps
// PgRowBatch's 32-bit offsets far from overflowing.
constexpr qsizetype kMaxBatchBytes = 32 * 1024 * 1024;
constexpr int kDefaultBatchRows = 5000;
#ifdef LIBPQ_HAS_CHUNK_MODE
// libpq 17: rows per PGresult in chunked mode. Small enough that rows of a
// slow query still trickle in, large enough to amortise the PGresult per chunk.
constexpr int kChunkRows = 256;
#endif

enum class RequestKind { Script, Params, Query };

struct Request
{
    PgRequestId id = 0;
    RequestKind kind = RequestKind::Script;
    bool internal = false; // the capability probe: no signals at all
    QByteArray sql;
    std::vector<QByteArray> values;
    std::vector<bool> nulls;
    std::function<void(const PgQueryResult &)> done;
};

// A request that has been sent to the server.
struct Running
{
    Request request;
    bool stale = false; // dropped by cancelRequest(): results are drained, never emitted
    bool cancelRequested = false;
    int cancelsSent = 0;
    bool txOpenAtStart = false;
    bool openedTransaction = false; // the script ran BEGIN and no COMMIT/ROLLBACK yet
    QElapsedTimer elapsed;

    int statementIndex = 0;
    bool columnsSent = false; // columns of the current statement are known
    QList<PgColumn> columns;
    int columnCount = 0;
    qint64 statementRows = 0;
    bool inCopyOut = false;

    PgRowBatch batch;
    QElapsedTimer batchAge;
    qsizetype batchBytes = 0;
    qsizetype lastBatchBytes = 0;
    int lastBatchRows = 0;

    bool failed = false;
    PgQueryResult collected; // RequestKind::Query gathers everything here

    bool emits() const { return !stale && !request.internal; }
    bool streams() const { return emits() && request.kind != RequestKind::Query; }
};

// Lets a cancel worker thread post its outcome back while the session may be
// going away: the session clears `session` (under the mutex) in its destructor.
struct CancelGate
{
    std::mutex mutex;
    PgSession *session = nullptr;
};

QString fromPg(const char *text)
{
    return text ? QString::fromUtf8(text) : QString();
}

PgTransactionStatus toStatus(PGTransactionStatusType status)
{
    switch (status) {
    case PQTRANS_IDLE:
        return PgTransactionStatus::Idle;
    case PQTRANS_ACTIVE:
        return PgTransactionStatus::Active;
    case PQTRANS_INTRANS:
        return PgTransactionStatus::InTransaction;
    case PQTRANS_INERROR:
        return PgTransactionStatus::InError;
    case PQTRANS_UNKNOWN:
        break;
    }
    return PgTransactionStatus::Unknown;
}

// Errors and notices share PGresult's diagnostic fields.
PgError diagnosticFrom(const PGresult *result)
{
    PgError error;
    error.kind = PgError::Kind::Server;
    auto field = [result](int code) { return fromPg(PQresultErrorField(result, code)); };
    error.severity = field(PG_DIAG_SEVERITY_NONLOCALIZED);
    if (error.severity.isEmpty())
        error.severity = field(PG_DIAG_SEVERITY);
    error.sqlState = field(PG_DIAG_SQLSTATE);
    error.message = field(PG_DIAG_MESSAGE_PRIMARY);
    if (error.message.isEmpty()) // errors libpq made up itself carry only the text
        error.message = fromPg(PQresultErrorMessage(result)).trimmed();
    error.detail = field(PG_DIAG_MESSAGE_DETAIL);
    error.hint = field(PG_DIAG_MESSAGE_HINT);
    error.context = field(PG_DIAG_CONTEXT);
    error.position = field(PG_DIAG_STATEMENT_POSITION).toInt();
    error.internalPosition = field(PG_DIAG_INTERNAL_POSITION).toInt();
    error.internalQuery = field(PG_DIAG_INTERNAL_QUERY);
    if (error.severity.isEmpty())
        error.severity = QStringLiteral("ERROR");
    return error;
}

bool isFatal(const PgError &error)
{
    return error.severity == QLatin1String("FATAL") || error.severity == QLatin1String("PANIC");
}

QList<PgColumn> describeColumns(const PGresult *result)
{
    QList<PgColumn> columns;
    const int count = PQnfields(result);
    columns.reserve(count);
    for (int i = 0; i < count; ++i) {
        PgColumn column;
        column.name = fromPg(PQfname(result, i));
        column.typeOid = PQftype(result, i);
        column.typeModifier = PQfmod(result, i);
        column.tableOid = PQftable(result, i);
        column.tableColumn = PQftablecol(result, i);
        columns.append(column);
    }
    return columns;
}

bool isSocketDirectory(const QString &host)
{
    return host.startsWith(QLatin1Char('/')) || host.startsWith(QLatin1Char('@'));
}

bool needsLookup(const QString &host)
{
    return !host.isEmpty() && !isSocketDirectory(host) && QHostAddress(host).isNull();
}

void registerMetaTypes()
{
    static std::once_flag once;
    std::call_once(once, [] {
        qRegisterMetaType<PgRequestId>("sightline::PgRequestId");
        qRegisterMetaType<PgRequestId>("PgRequestId");
        qRegisterMetaType<PgError>();
        qRegisterMetaType<PgError>("sightline::PgNotice");
        qRegisterMetaType<PgError>("PgNotice");
        qRegisterMetaType<PgColumn>();
        qRegisterMetaType<QList<PgColumn>>();
        qRegisterMetaType<PgRowBatch>();
        qRegisterMetaType<PgStatementResult>();
        qRegisterMetaType<PgTransactionStatus>();
        qRegisterMetaType<PgCapabilities>();
        qRegisterMetaType<PgSession::State>();
    });
}

} // namespace

int PgQueryResult::columnIndex(const QString &name) const
{
    for (int i = 0; i < columns.size(); ++i) {
        if (columns.at(i).name == name)
            return i;
    }
    return -1;
}

struct PgSession::Private
{
    enum class Phase { None, Resolving, Polling, Probing, Connected };

    explicit Private(PgSession *session);

    PgSession *const q;

    // Declared before the notifiers: they must go before the socket closes.
    pg::ConnPtr conn;
    std::unique_ptr<QSocketNotifier> readNotifier;
    std::unique_ptr<QSocketNotifier> writeNotifier;
    int socket = -1;

    Phase phase = Phase::None;
    State state = State::Disconnected;
    PgTransactionStatus txStatus = PgTransactionStatus::Unknown;
    PgCapabilities capabilities;
    PgConnectSpec spec;
    bool hasSpec = false;
    pg::ConnectTarget target;
    QList<int> hostLookups;
    QTimer connectTimer;
    QTimer flushTimer;

    pg::CancelPtr cancelHandle;
    std::shared_ptr<CancelGate> gate = std::make_shared<CancelGate>();
    int cancelsInFlight = 0;

    std::deque<Request> queue;
    std::optional<Running> current;
    PgRequestId nextId = 1;
    int batchRows = kDefaultBatchRows;

    // Bumped whenever the connection goes away. Queued calls, host lookups and
    // cancel outcomes from an older connection compare it and do nothing.
    quint64 generation = 0;
    bool continuationPending = false;
    bool startPending = false;

    struct PendingNotice
    {
        PgRequestId id;
        PgNotice notice;
    };
    std::vector<PendingNotice> pendingNotices;
    PgError lastServerFatal; // what the server said before it closed the connection

    // connecting
    void startConnect();
    void resolveHosts();
    void startLibpq(const QMap<QString, QString> &params);
    void watchSocket(bool forWrite);
    void pollConnect();
    void onLibpqConnected();
    void onProbeDone(const PgQueryResult &result);
    void onConnectTimeout();
    void failConnect(const PgError &error);
    void failLater(const PgError &error);

    // requests
    PgRequestId enqueue(Request request);
    void scheduleStart();
    void startNext();
    bool sendRequest(const Request &request);
    void failUnsent(Request request, const PgError &error);

    // results
    void onReadable();
    void onWritable();
    void processSlice();
    void yieldSlice();
    bool handleResult(PGresult *result);
    void ensureColumns(const PGresult *result);
    void ensureCopyColumns();
    void appendRows(const PGresult *result);
    void appendCopyLine(const char *data, int length);
    void afterRowsAppended();
    void emitBatch();
    void finishStatement(PGresult *result);
    void failCurrent(PgError error);
    void finishCurrent();
    bool flushOutput();
    bool endCopyIn();
    bool emitPendingNotices(quint64 gen);
    void drainNotifies();

    // cancel
    void sendCancel();
    void onCancelDone(quint64 gen, PgRequestId target, const QString &problem);

    // state
    void setState(State newState);
    void updateTransactionStatus();
    bool transactionOpen() const;
    void onBroken();
    void teardown(bool cancelRunning);
    std::vector<Request> takeAllRequests();
    void failRequests(std::optional<Running> running, std::vector<Request> queued,
                      const PgError &error);

    static void noticeReceiver(void *arg, const PGresult *result);
};

PgSession::Private::Private(PgSession *session)
    : q(session)
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
        connectTimer.start(spec.connectTimeoutSeconds * 1000);

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
    const bool libpqDecides = !given.value(QStringLiteral("hostaddr")).isEmpty()
                              || !given.value(QStringLiteral("service")).isEmpty()
                              || qEnvironmentVariableIsSet("PGSERVICE")
                              || qEnvironmentVariableIsSet("PGHOSTADDR");
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
                const QStringList ports =
                    params.value(QStringLiteral("port")).split(QLatin1Char(','));
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
    if (!params.contains(QStringLiteral("fallback_application_name"))) {
        keys.push_back("fallback_application_name");
        values.push_back("sightline");
    }
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

    phase = Phase::Polling;
    conn.reset(PQconnectStartParams(keywordPtrs.data(), valuePtrs.data(), 0));
    if (!conn) {
        failLater(pg::connectFailure(QStringLiteral("out of memory"), target));
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
            readNotifier = std::make_unique<QSocketNotifier>(fd, QSocketNotifier::Read);
            writeNotifier = std::make_unique<QSocketNotifier>(fd, QSocketNotifier::Write);
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

    Request probe;
    probe.id = nextId++;
    probe.kind = RequestKind::Query;
    probe.internal = true;
    probe.sql = sqlResource(QStringLiteral("capabilities")).toUtf8();
    probe.done = [this](const PgQueryResult &result) { onProbeDone(result); };
    if (probe.sql.isEmpty()) {
        failConnect(PgError::client(PgSession::tr("The capability query is missing from the resources")));
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
        error.message = PgSession::tr("Connected, but the capability check failed: %1").arg(error.message);
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
        where = pg::describeEndpoint(target.host, target.port.isEmpty() ? QStringLiteral("5432") : target.port);
    failConnect(pg::connectTimeout(where, spec.connectTimeoutSeconds));
}

void PgSession::Private::failConnect(const PgError &error)
{
    qCDebug(lcPgSession) << "connect failed:" << error.summary();
    std::optional<Running> running = std::move(current);
    current.reset();
    std::vector<Request> queued = takeAllRequests();
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

// --- requests ----------------------------------------------------------------

PgRequestId PgSession::Private::enqueue(Request request)
{
    const PgRequestId id = request.id;
    if (state == State::Disconnected) {
        // Reported from the event loop: the caller has not seen the id yet.
        auto shared = std::make_shared<Request>(std::move(request));
        QTimer::singleShot(0, q, [this, shared] {
            failUnsent(std::move(*shared),
                       PgError::client(PgSession::tr("Not connected to a server")));
        });
        return id;
    }
    queue.push_back(std::move(request));
    scheduleStart();
    return id;
}

// Starting from a queued call keeps every signal about a request after the
// call that returned its id.
void PgSession::Private::scheduleStart()
{
    if (startPending)
        return;
    startPending = true;
    QTimer::singleShot(0, q, [this] {
        startPending = false;
        startNext();
    });
}

void PgSession::Private::startNext()
{
    while (conn && !current && cancelsInFlight == 0 && !queue.empty()) {
        if (phase == Phase::Probing) {
            if (!queue.front().internal)
                return;
        } else if (phase != Phase::Connected) {
            return;
        }
        Request request = std::move(queue.front());
        queue.pop_front();
        if (!sendRequest(request)) {
            if (PQstatus(conn.get()) == CONNECTION_BAD) {
                queue.push_front(std::move(request)); // failed with the others
                onBroken();
                return;
            }
            const quint64 gen = generation;
            failUnsent(std::move(request),
                       PgError::client(fromPg(PQerrorMessage(conn.get())).trimmed()));
            if (gen != generation)
                return;
            continue;
        }

        Running running;
        running.txOpenAtStart = transactionOpen();
        running.request = std::move(request);
        running.elapsed.start();
        current.emplace(std::move(running));
        if (!flushOutput())
            return;
        if (!current->request.internal) {
            const quint64 gen = generation;
            QPointer<PgSession> alive(q);
            setState(State::Busy);
            if (alive && gen == generation)
                updateTransactionStatus();
            if (alive && gen == generation && current)
                Q_EMIT q->requestStarted(current->request.id);
        }
        return;
    }
}

bool PgSession::Private::sendRequest(const Request &request)
{
    PGconn *c = conn.get();
    int sent = 0;
    if (request.kind == RequestKind::Script) {
        sent = PQsendQuery(c, request.sql.constData());
    } else {
        std::vector<const char *> values(request.values.size());
        for (size_t i = 0; i < values.size(); ++i)
            values[i] = request.nulls[i] ? nullptr : request.values[i].constData();
        sent = PQsendQueryParams(c, request.sql.constData(), int(values.size()), nullptr,
                                 values.empty() ? nullptr : values.data(), nullptr, nullptr, 0);
    }
    if (!sent)
        return false;
#ifdef LIBPQ_HAS_CHUNK_MODE
    if (!PQsetChunkedRowsMode(c, kChunkRows))
        qCWarning(lcPgSession) << "chunked rows mode refused; rows arrive per statement";
#else
    if (!PQsetSingleRowMode(c))
        qCWarning(lcPgSession) << "single-row mode refused; rows arrive per statement";
#endif
    return true;
}

void PgSession::Private::failUnsent(Request request, const PgError &error)
{
    if (request.internal) {
        if (request.done)
            request.done(PgQueryResult{error, {}, {}, {}, 0});
        return;
    }
    QPointer<PgSession> alive(q);
    Q_EMIT q->requestFailed(request.id, error);
    if (!alive)
        return;
    if (request.done) {
        PgQueryResult result;
        result.error = error;
        request.done(result);
        if (!alive)
            return;
    }
    Q_EMIT q->requestFinished(request.id, false, 0);
}

// --- results -----------------------------------------------------------------

void PgSession::Private::onReadable()
{
    if (!conn)
        return;
    if (phase == Phase::Polling) {
        pollConnect();
        return;
    }
    // A queued slice is about to consume whatever is there; running one now as
    // well would double the time the event loop waits for us.
    if (continuationPending)
        return;
    processSlice();
}

void PgSession::Private::onWritable()
{
    if (!conn)
        return;
    if (phase == Phase::Polling) {
        pollConnect();
        return;
    }
    flushOutput();
}

bool PgSession::Private::flushOutput()
{
    const int result = PQflush(conn.get());
    if (result < 0) {
        onBroken();
        return false;
    }
    if (writeNotifier)
        writeNotifier->setEnabled(result == 1);
    return true;
}

void PgSession::Private::processSlice()
{
    QElapsedTimer slice;
    slice.start();
    const quint64 gen = generation;
    PGconn *c = conn.get();

    if (!PQconsumeInput(c)) {
        onBroken();
        return;
    }
    if (!current) {
        // Idle: parse what came in (notices, a FATAL before the server hangs
        // up, NOTIFY), then see whether the socket is still good.
        drainNotifies();
        if (!emitPendingNotices(gen))
            return;
        if (PQstatus(c) == CONNECTION_BAD)
            onBroken();
        return;
    }

    int handled = 0;
    for (;;) {
        if (current->inCopyOut) {
            char *raw = nullptr;
            int length = PQgetCopyData(c, &raw, 1);
            if (length == 0) {
                if (!PQconsumeInput(c)) {
                    onBroken();
                    return;
                }
                length = PQgetCopyData(c, &raw, 1);
            }
            pg::CopyBufferPtr line(raw);
            if (length == 0) {
                if (current->streams() && current->batch.rowCount() > 0 && !flushTimer.isActive())
                    flushTimer.start(kBatchLatencyMs);
                return;
            }
            if (length > 0) {
                appendCopyLine(line.get(), length);
                if (gen != generation || !current)
                    return;
            } else {
                // -1: the COPY is complete and its result follows; -2: an error,
                // which PQgetResult reports as well.
                current->inCopyOut = false;
            }
        } else {
            if (PQisBusy(c)) {
                if (!PQconsumeInput(c)) {
                    onBroken();
                    return;
                }
                if (PQisBusy(c)) {
                    // Wait for the socket; deliver what we have if it takes a while.
                    if (!emitPendingNotices(gen))
                        return;
                    if (current && current->streams() && current->batch.rowCount() > 0
                        && !flushTimer.isActive())
                        flushTimer.start(qMax<qint64>(1, kBatchLatencyMs - current->batchAge.elapsed()));
                    return;
                }
            }
            pg::ResultPtr result(PQgetResult(c));
            if (!pendingNotices.empty() && !emitPendingNotices(gen))
                return;
            if (!result) {
                finishCurrent();
                if (gen != generation)
                    return;
                startNext();
                if (gen != generation || !current)
                    return;
                continue;
            }
            if (!handleResult(result.get()) || gen != generation || !current)
                return;
        }
        if ((++handled & 15) == 0 && slice.elapsed() >= kSliceMs) {
            yieldSlice();
            return;
        }
    }
}

void PgSession::Private::yieldSlice()
{
    // libpq may hold complete results in its buffer already; the socket
    // notifier will not fire for those, so continue from a queued call.
    if (current && current->streams() && current->batch.rowCount() > 0)
        emitBatch();
    if (continuationPending)
        return;
    continuationPending = true;
    QMetaObject::invokeMethod(
        q,
        [this, gen = generation] {
            if (gen != generation)
                return;
            continuationPending = false;
            if (conn && phase != Phase::Polling)
                processSlice();
        },
        Qt::QueuedConnection);
}

// Returns false when the session went away or broke while handling it.
bool PgSession::Private::handleResult(PGresult *result)
{
    const quint64 gen = generation;
    switch (PQresultStatus(result)) {
    case PGRES_SINGLE_TUPLE:
#ifdef LIBPQ_HAS_CHUNK_MODE
    case PGRES_TUPLES_CHUNK:
#endif
        ensureColumns(result);
        if (gen != generation || !current)
            return false;
        appendRows(result);
        break;
    case PGRES_TUPLES_OK:
        ensureColumns(result);
        if (gen != generation || !current)
            return false;
        appendRows(result); // rows only when single-row mode was refused
        if (gen != generation || !current)
            return false;
        finishStatement(result);
        break;
    case PGRES_COMMAND_OK:
        finishStatement(result);
        break;
    case PGRES_EMPTY_QUERY:
        break; // nothing ran: no statement to report
    case PGRES_COPY_OUT:
        ensureCopyColumns();
        if (current)
            current->inCopyOut = true;
        break;
    case PGRES_COPY_IN:
    case PGRES_COPY_BOTH:
        return endCopyIn();
    case PGRES_BAD_RESPONSE:
    case PGRES_NONFATAL_ERROR:
    case PGRES_FATAL_ERROR: {
        PgError error = diagnosticFrom(result);
        if (isFatal(error) || PQstatus(conn.get()) == CONNECTION_BAD) {
            // The server ends the session after a FATAL error.
            lastServerFatal = error;
            onBroken();
            return false;
        }
        failCurrent(error);
        break;
    }
    default:
        break;
    }
    return gen == generation && current.has_value();
}

void PgSession::Private::ensureColumns(const PGresult *result)
{
    Running &run = *current;
    if (run.columnsSent)
        return;
    run.columnsSent = true;
    run.columns = describeColumns(result);
    run.columnCount = int(run.columns.size());
    run.statementRows = 0;
    if (run.request.kind == RequestKind::Query) {
        run.collected.columns = run.columns;
        run.collected.rows = PgRowBatch(run.columnCount);
        return;
    }
    run.batch = PgRowBatch(run.columnCount);
    run.batchBytes = 0;
    if (run.streams())
        Q_EMIT q->columnsReceived(run.request.id, run.statementIndex, run.columns);
}

void PgSession::Private::ensureCopyColumns()
{
    if (!current || current->columnsSent)
        return;
    // COPY TO STDOUT: each line is one row of one text column.
    Running &run = *current;
    run.columnsSent = true;
    PgColumn column;
    column.name = QStringLiteral("COPY");
    column.typeOid = 25; // text
    run.columns = {column};
    run.columnCount = 1;
    run.statementRows = 0;
    if (run.request.kind == RequestKind::Query) {
        run.collected.columns = run.columns;
        run.collected.rows = PgRowBatch(1);
        return;
    }
    run.batch = PgRowBatch(1);
    run.batchBytes = 0;
    if (run.streams())
        Q_EMIT q->columnsReceived(run.request.id, run.statementIndex, run.columns);
}

void PgSession::Private::appendRows(const PGresult *result)
{
    Running &run = *current;
    const int rows = PQntuples(result);
    if (rows == 0)
        return;
    run.statementRows += rows;
    if (run.stale)
        return;
    const int columns = qMin(run.columnCount, PQnfields(result));
    PgRowBatch &target = run.request.kind == RequestKind::Query ? run.collected.rows : run.batch;
    if (run.request.kind != RequestKind::Query && target.rowCount() == 0) {
        run.batchAge.start();
        if (run.lastBatchRows > 0) {
            // Size the next batch like the last one so it grows without copying.
            const qsizetype expected = run.lastBatchBytes / run.lastBatchRows * batchRows;
            target.reserve(batchRows, qMin(expected + expected / 8, kMaxBatchBytes));
        }
    }
    qsizetype bytes = 0;
    for (int row = 0; row < rows; ++row) {
        target.beginRow();
        for (int column = 0; column < columns; ++column) {
            if (PQgetisnull(result, row, column)) {
                target.appendNull();
            } else {
                const int length = PQgetlength(result, row, column);
                target.appendValue(PQgetvalue(result, row, column), length);
                bytes += length;
            }
        }
    }
    run.batchBytes += bytes;
    afterRowsAppended();
}

void PgSession::Private::appendCopyLine(const char *data, int length)
{
    Running &run = *current;
    ++run.statementRows;
    if (run.stale)
        return;
    if (length > 0 && data[length - 1] == '\n')
        --length;
    PgRowBatch &target = run.request.kind == RequestKind::Query ? run.collected.rows : run.batch;
    if (run.request.kind != RequestKind::Query && target.rowCount() == 0)
        run.batchAge.start();
    target.beginRow();
    target.appendValue(data, length);
    run.batchBytes += length;
    afterRowsAppended();
}

void PgSession::Private::afterRowsAppended()
{
    Running &run = *current;
    if (run.request.kind == RequestKind::Query)
        return;
    if (run.batch.rowCount() >= batchRows || run.batchBytes >= kMaxBatchBytes)
        emitBatch();
}

void PgSession::Private::emitBatch()
{
    Running &run = *current;
    flushTimer.stop();
    if (run.batch.rowCount() == 0)
        return;
    run.lastBatchRows = run.batch.rowCount();
    run.lastBatchBytes = run.batchBytes;
    PgRowBatch out = std::move(run.batch);
    run.batch = PgRowBatch(run.columnCount);
    run.batchBytes = 0;
    if (run.streams())
        Q_EMIT q->rowsReceived(run.request.id, run.statementIndex, out);
}

void PgSession::Private::finishStatement(PGresult *result)
{
    const quint64 gen = generation;
    if (current->batch.rowCount() > 0) {
        emitBatch();
        if (gen != generation || !current)
            return;
    }
    Running &run = *current;
    PgStatementResult statement;
    statement.statementIndex = run.statementIndex;
    statement.commandTag = fromPg(PQcmdStatus(result));
    bool ok = false;
    const qint64 affected = QByteArray(PQcmdTuples(result)).toLongLong(&ok);
    statement.rowsAffected = ok ? affected : -1;
    statement.rowCount = run.statementRows;
    statement.returnsRows = run.columnsSent;
    statement.columns = run.columns;

    // Whether the script itself opened a transaction (PQtransactionStatus says
    // "active" until the whole script is done): needed to warn when it is lost.
    const QString verb = statement.commandTag.section(QLatin1Char(' '), 0, 0);
    if (verb == QLatin1String("BEGIN") || verb == QLatin1String("START"))
        run.openedTransaction = true;
    else if (verb == QLatin1String("COMMIT") || verb == QLatin1String("ROLLBACK"))
        run.openedTransaction = false;

    if (run.request.kind == RequestKind::Query)
        run.collected.commandTag = statement.commandTag;

    ++run.statementIndex;
    run.columnsSent = false;
    run.columns.clear();
    run.columnCount = 0;
    run.statementRows = 0;
    run.lastBatchRows = 0;
    run.lastBatchBytes = 0;
    if (run.streams())
        Q_EMIT q->statementFinished(run.request.id, statement);
}

void PgSession::Private::failCurrent(PgError error)
{
    const quint64 gen = generation;
    if (current->failed)
        return; // the first error is the one that matters
    if (current->batch.rowCount() > 0) {
        // Rows that arrived before the error are real rows: deliver them.
        emitBatch();
        if (gen != generation || !current)
            return;
    }
    Running &run = *current;
    run.failed = true;
    if (run.cancelRequested && error.sqlState == QLatin1String("57014"))
        error.kind = PgError::Kind::Cancelled;
    if (run.request.kind == RequestKind::Query)
        run.collected.error = error;
    if (run.emits())
        Q_EMIT q->requestFailed(run.request.id, error);
}

void PgSession::Private::finishCurrent()
{
    Running run = std::move(*current);
    current.reset();
    flushTimer.stop();
    const quint64 gen = generation;
    QPointer<PgSession> alive(q);

    if (!run.request.internal && phase == Phase::Connected) {
        setState(State::Ready);
        if (!alive || gen != generation)
            return;
        updateTransactionStatus();
        if (!alive || gen != generation)
            return;
    }
    if (run.stale)
        return;
    const qint64 elapsedMs = run.elapsed.elapsed();
    if (run.request.kind == RequestKind::Query && run.request.done) {
        run.collected.elapsedMs = elapsedMs;
        run.request.done(run.collected);
        if (!alive)
            return;
    }
    if (!run.request.internal)
        Q_EMIT q->requestFinished(run.request.id, !run.failed, elapsedMs);
}

bool PgSession::Private::endCopyIn()
{
    // Sightline has no data to send; end the COPY so the server reports an
    // error for it and the rest of the session stays usable.
    const QByteArray reason = PgSession::tr("COPY FROM STDIN is not supported here; use psql's \\copy")
                                  .toUtf8();
    for (int attempt = 0; attempt < 100; ++attempt) {
        const int result = PQputCopyEnd(conn.get(), reason.constData());
        if (result == 1)
            return flushOutput();
        if (result < 0)
            break;
        if (PQflush(conn.get()) < 0)
            break;
        std::this_thread::yield();
    }
    onBroken();
    return false;
}

bool PgSession::Private::emitPendingNotices(quint64 gen)
{
    if (pendingNotices.empty())
        return true;
    std::vector<PendingNotice> notices;
    notices.swap(pendingNotices);
    QPointer<PgSession> alive(q);
    for (const PendingNotice &pending : notices) {
        Q_EMIT q->noticeReceived(pending.id, pending.notice);
        if (!alive || gen != generation)
            return false;
    }
    return true;
}

void PgSession::Private::drainNotifies()
{
    // Sightline does not LISTEN itself; a script may. Free them so they do not
    // pile up (this call also makes libpq parse idle-time messages).
    while (pg::NotifyPtr notify{PQnotifies(conn.get())}) {
    }
}

void PgSession::Private::noticeReceiver(void *arg, const PGresult *result)
{
    // Called from inside libpq: only record here, emit at a safe point.
    auto *self = static_cast<Private *>(arg);
    PgNotice notice = diagnosticFrom(result);
    if (isFatal(notice)) {
        // The reason the server is about to close the connection.
        self->lastServerFatal = notice;
        return;
    }
    PgRequestId id = 0;
    if (self->current) {
        if (self->current->stale)
            return;
        if (!self->current->request.internal)
            id = self->current->request.id;
    }
    self->pendingNotices.push_back({id, notice});
}

// --- cancel ------------------------------------------------------------------

void PgSession::Private::sendCancel()
{
    if (!cancelHandle)
        return;
    ++cancelsInFlight;
    PgRequestId target = 0;
    if (current) {
        target = current->request.id;
        ++current->cancelsSent;
    }
    // PQcancel opens a new connection and waits for the server: never on the
    // UI thread. The worker owns a reference to the PGcancel and to the gate.
    std::thread([cancel = cancelHandle, gate = gate, gen = generation, target] {
        char buffer[256] = {};
        const bool ok = PQcancel(cancel.get(), buffer, int(sizeof buffer)) == 1;
        const QString problem = ok ? QString() : QString::fromLocal8Bit(buffer).trimmed();
        std::lock_guard lock(gate->mutex);
        if (PgSession *session = gate->session) {
            QMetaObject::invokeMethod(
                session,
                [session, gen, target, problem] {
                    session->d->onCancelDone(gen, target, problem);
                },
                Qt::QueuedConnection);
        }
    }).detach();
}

void PgSession::Private::onCancelDone(quint64 gen, PgRequestId target, const QString &problem)
{
    if (gen != generation)
        return;
    cancelsInFlight = qMax(0, cancelsInFlight - 1);
    if (problem.isEmpty() && current && current->request.id == target && current->cancelsSent < 10) {
        // The server ignores a cancel that arrives before the backend has read
        // the query (it is still "reading a command"). If the request is still
        // running a little later, that is what happened: ask again.
        QTimer::singleShot(200, q, [this, gen, target] {
            if (gen == generation && current && current->request.id == target
                && cancelsInFlight == 0)
                sendCancel();
        });
    }
    if (!problem.isEmpty()) {
        PgNotice notice;
        notice.kind = PgError::Kind::Client;
        notice.severity = QStringLiteral("WARNING");
        notice.message = PgSession::tr("The cancel request could not be sent: %1").arg(problem);
        const PgRequestId id = current && current->emits() ? current->request.id : 0;
        QPointer<PgSession> alive(q);
        Q_EMIT q->noticeReceived(id, notice);
        if (!alive || gen != generation)
            return;
    }
    // Requests wait for the cancel to be delivered, so that it cannot hit the
    // request after the one it was meant for.
    startNext();
}

// --- state -------------------------------------------------------------------

void PgSession::Private::setState(State newState)
{
    if (state == newState)
        return;
    state = newState;
    Q_EMIT q->stateChanged(newState);
}

void PgSession::Private::updateTransactionStatus()
{
    PgTransactionStatus status = PgTransactionStatus::Unknown;
    if (conn && phase == Phase::Connected)
        status = toStatus(PQtransactionStatus(conn.get()));
    if (status == txStatus)
        return;
    txStatus = status;
    Q_EMIT q->transactionStatusChanged(status);
}

bool PgSession::Private::transactionOpen() const
{
    return txStatus == PgTransactionStatus::InTransaction
           || txStatus == PgTransactionStatus::InError;
}

void PgSession::Private::onBroken()
{
    if (phase != Phase::Connected) {
        PgError error = pg::connectionLost(lastServerFatal, fromPg(PQerrorMessage(conn.get())), false);
        error.kind = PgError::Kind::Connection;
        failConnect(error);
        return;
    }
    bool transactionLost = transactionOpen();
    if (current)
        transactionLost = current->txOpenAtStart || current->openedTransaction;
    const PgError error =
        pg::connectionLost(lastServerFatal, fromPg(PQerrorMessage(conn.get())), transactionLost);
    qCDebug(lcPgSession) << "connection lost:" << error.fullText();

    // Take everything out before any signal: slots may reconnect right away.
    std::optional<Running> running = std::move(current);
    current.reset();
    std::vector<Request> queued = takeAllRequests();
    teardown(false);
    QPointer<PgSession> alive(q);
    const quint64 gen = generation;
    setState(State::Disconnected);
    if (!alive || gen != generation)
        return;
    updateTransactionStatus();
    if (!alive || gen != generation)
        return;
    failRequests(std::move(running), std::move(queued), error);
    if (!alive)
        return;
    Q_EMIT q->connectionLost(error, transactionLost);
}

void PgSession::Private::teardown(bool cancelRunning)
{
    ++generation;
    connectTimer.stop();
    flushTimer.stop();
    for (int id : std::as_const(hostLookups))
        QHostInfo::abortHostLookup(id);
    hostLookups.clear();
    if (cancelRunning && conn && phase >= Phase::Probing) {
        // The server would otherwise keep running it until it next writes to us.
        sendCancel();
    }
    current.reset();
    readNotifier.reset();
    writeNotifier.reset();
    socket = -1;
    conn.reset();
    cancelHandle.reset();
    cancelsInFlight = 0;
    continuationPending = false;
    pendingNotices.clear();
    phase = Phase::None;
    capabilities = {};
}

std::vector<Request> PgSession::Private::takeAllRequests()
{
    std::vector<Request> taken;
    for (Request &request : queue)
        taken.push_back(std::move(request));
    queue.clear();
    return taken;
}

void PgSession::Private::failRequests(std::optional<Running> running, std::vector<Request> queued,
                                      const PgError &error)
{
    QPointer<PgSession> alive(q);
    if (running && !running->stale) {
        Running &run = *running;
        if (run.request.internal) {
            // The probe: reported through connectFailed by the caller.
        } else {
            Q_EMIT q->requestFailed(run.request.id, error);
            if (!alive)
                return;
            if (run.request.kind == RequestKind::Query && run.request.done) {
                run.collected.error = error;
                run.collected.elapsedMs = run.elapsed.elapsed();
                run.request.done(run.collected);
                if (!alive)
                    return;
            }
            Q_EMIT q->requestFinished(run.request.id, false, run.elapsed.elapsed());
            if (!alive)
                return;
        }
    }
    for (Request &request : queued) {
        if (request.internal)
            continue;
        failUnsent(std::move(request), error);
        if (!alive)
            return;
    }
}

// --- PgSession -----------------------------------------------------------------

PgSession::PgSession(QObject *parent)
    : QObject(parent)
    , d(std::make_unique<Private>(this))
{
    registerMetaTypes();
}

PgSession::~PgSession()
{
    {
        std::lock_guard lock(d->gate->mutex);
        d->gate->session = nullptr;
    }
    // No signals from a destructor: just stop the server's work and close.
    QSignalBlocker blocker(this);
    d->queue.clear();
    d->teardown(d->current.has_value());
}

void PgSession::connectToServer(const PgConnectSpec &spec)
{
    if (d->state != State::Disconnected)
        disconnectFromServer();
    d->spec = spec;
    d->hasSpec = true;
    d->startConnect();
}

void PgSession::reconnect()
{
    if (!d->hasSpec) {
        d->failLater(PgError::client(tr("There is no earlier connection to reconnect")));
        return;
    }
    const PgConnectSpec spec = d->spec;
    connectToServer(spec);
}

void PgSession::disconnectFromServer()
{
    if (d->state == State::Disconnected)
        return;
    // Dropped requests are the caller's own decision: they end silently.
    d->queue.clear();
    d->teardown(d->current.has_value());
    QPointer<PgSession> alive(this);
    d->setState(State::Disconnected);
    if (!alive)
        return;
    d->updateTransactionStatus();
    if (!alive)
        return;
    Q_EMIT disconnected();
}

PgSession::State PgSession::state() const
{
    return d->state;
}

bool PgSession::isConnected() const
{
    return d->state == State::Ready || d->state == State::Busy;
}

PgTransactionStatus PgSession::transactionStatus() const
{
    return d->txStatus;
}

const PgCapabilities &PgSession::capabilities() const
{
    return d->capabilities;
}

int PgSession::backendPid() const
{
    return d->conn && d->phase >= Private::Phase::Probing ? PQbackendPID(d->conn.get()) : 0;
}

QString PgSession::serverParameter(const QString &name) const
{
    if (!d->conn || d->phase < Private::Phase::Probing)
        return {};
    return fromPg(PQparameterStatus(d->conn.get(), name.toUtf8().constData()));
}

QString PgSession::host() const
{
    if (d->conn)
        return fromPg(PQhost(d->conn.get()));
    return d->target.host;
}

QString PgSession::port() const
{
    if (d->conn)
        return fromPg(PQport(d->conn.get()));
    return d->target.port;
}

QString PgSession::user() const
{
    if (d->conn)
        return fromPg(PQuser(d->conn.get()));
    return d->target.user;
}

QString PgSession::database() const
{
    if (d->conn)
        return fromPg(PQdb(d->conn.get()));
    return d->target.database;
}

bool PgSession::usesSsl() const
{
    return d->conn && d->phase >= Private::Phase::Probing && PQsslInUse(d->conn.get()) == 1;
}

QString PgSession::sslDescription() const
{
    if (!usesSsl())
        return {};
    const QString protocol = fromPg(PQsslAttribute(d->conn.get(), "protocol"));
    const QString cipher = fromPg(PQsslAttribute(d->conn.get(), "cipher"));
    return QStringLiteral("%1 %2").arg(protocol, cipher).trimmed();
}

PgRequestId PgSession::execute(const QString &sql)
{
    Request request;
    request.id = d->nextId++;
    request.kind = RequestKind::Script;
    request.sql = sql.toUtf8();
    return d->enqueue(std::move(request));
}

PgRequestId PgSession::executeParams(const QString &sql, const QVariantList &params)
{
    Request request;
    request.id = d->nextId++;
    request.kind = RequestKind::Params;
    request.sql = sql.toUtf8();
    pg::encodeParams(params, request.values, request.nulls);
    return d->enqueue(std::move(request));
}

PgRequestId PgSession::query(const QString &sql, const QVariantList &params,
                             std::function<void(const PgQueryResult &)> done)
{
    Request request;
    request.id = d->nextId++;
    request.kind = RequestKind::Query;
    request.sql = sql.toUtf8();
    pg::encodeParams(params, request.values, request.nulls);
    request.done = std::move(done);
    return d->enqueue(std::move(request));
}

void PgSession::cancel()
{
    // Queued requests are dropped silently; the probe stays (it belongs to connecting).
    std::erase_if(d->queue, [](const Request &request) { return !request.internal; });
    if (d->current && !d->current->request.internal && !d->current->stale
        && !d->current->cancelRequested) {
        d->current->cancelRequested = true;
        d->sendCancel();
    }
}

void PgSession::cancelRequest(PgRequestId id)
{
    if (id == 0)
        return;
    std::erase_if(d->queue, [id](const Request &request) { return request.id == id; });
    if (d->current && d->current->request.id == id && !d->current->request.internal
        && !d->current->stale) {
        d->current->stale = true;
        d->current->batch = PgRowBatch();
        d->flushTimer.stop();
        if (!d->current->cancelRequested) {
            d->current->cancelRequested = true;
            d->sendCancel();
        }
    }
}

PgRequestId PgSession::currentRequest() const
{
    if (!d->current || d->current->stale || d->current->request.internal)
        return 0;
    return d->current->request.id;
}

void PgSession::setBatchRows(int rows)
{
    d->batchRows = qMax(1, rows);
}

int PgSession::batchRows() const
{
    return d->batchRows;
}

QString PgSession::sqlResource(const QString &name)
{
    QFile file(QStringLiteral(":/sql/%1.sql").arg(name));
    if (!file.open(QIODevice::ReadOnly)) {
        qCWarning(lcPgSession) << "missing SQL resource" << file.fileName();
        return {};
    }
    return QString::fromUtf8(file.readAll());
}

} // namespace sightline
