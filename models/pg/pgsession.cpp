#include "models/pg/pgsession_p.h"

#include "models/pg/pgparams.h"

#include <QCoreApplication>
#include <QFile>
#include <QHostInfo>
#include <QPointer>
#include <QSignalBlocker>
#include <QThreadPool>

#include <algorithm>
#include <chrono>
#include <condition_variable>

namespace sightline {

using namespace pg;

namespace pg {
Q_LOGGING_CATEGORY(lcPgSession, "sightline.pg.session", QtWarningMsg)
} // namespace pg

namespace {

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

// PQcancel opens a connection of its own and waits for the server, so cancel
// requests run on these threads, never on the session's. They must not be
// detached: one still inside libpq while exit() destroys libpq's and OpenSSL's
// globals can crash the exiting process, and one killed by exit() may never
// get its cancel out. So the QCoreApplication destructor waits for them (a
// post routine), or, without an application, the static's destructor does.
// Retry pauses end early once that wait has begun, so an exiting application
// is held up by PQcancel round trips only.
class CancelWorkers
{
public:
    static CancelWorkers &instance()
    {
        static CancelWorkers workers;
        workers.hookApplication();
        return workers;
    }

    ~CancelWorkers() { waitForAll(); }

    void start(std::function<void()> job) { m_pool.start(std::move(job)); }

    // Sleeps for `delay`; false when it was cut short because the application exits.
    bool pause(std::chrono::milliseconds delay)
    {
        std::unique_lock lock(m_mutex);
        return !m_wake.wait_for(lock, delay, [this] { return m_exiting; });
    }

private:
    CancelWorkers()
    {
        // Each job mostly waits on the network; a small pool would make one
        // session's cancel wait behind another session's retries.
        m_pool.setMaxThreadCount(16);
        m_pool.setObjectName(QStringLiteral("sightline-pg-cancel"));
    }

    void hookApplication()
    {
        std::lock_guard lock(m_mutex);
        if (m_hooked || !QCoreApplication::instance())
            return;
        m_hooked = true;
        // Post routines run once, at the start of ~QCoreApplication.
        qAddPostRoutine([] {
            CancelWorkers &workers = instance();
            workers.waitForAll();
            std::lock_guard relock(workers.m_mutex);
            workers.m_hooked = false; // a later application hooks in again
        });
    }

    void waitForAll()
    {
        {
            std::lock_guard lock(m_mutex);
            m_exiting = true;
        }
        m_wake.notify_all();
        m_pool.waitForDone();
        std::lock_guard lock(m_mutex);
        m_exiting = false;
    }

    QThreadPool m_pool;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    bool m_exiting = false;
    bool m_hooked = false;
};

} // namespace

PgSession::Private::EndingScope::EndingScope(Private *d, PgRequestId id)
    : m_alive(d->q)
    , m_d(d)
    , m_id(id)
{}

PgSession::Private::EndingScope::~EndingScope()
{
    if (m_alive)
        m_d->unmarkEnding(m_id);
}

bool PgSession::Private::EndingScope::dropped() const
{
    return !m_alive || !m_d->isEnding(m_id);
}

int PgQueryResult::columnIndex(const QString &name) const
{
    for (int i = 0; i < columns.size(); ++i) {
        if (columns.at(i).name == name)
            return i;
    }
    return -1;
}

// --- cancel ------------------------------------------------------------------

void PgSession::Private::sendCancel()
{
    // The cancelled request's end must be read, paused or not.
    endPause();
    if (!cancelHandle)
        return;
    ++cancelsInFlight;
    PgRequestId target = 0;
    if (current) {
        target = current->request.id;
        ++current->cancelsSent;
    }
    // The job owns a reference to the PGcancel and to the gate: both outlive
    // the session if it goes away meanwhile.
    CancelWorkers::instance().start([cancel = cancelHandle, gate = gate, gen = generation, target] {
        char buffer[256] = {};
        const bool ok = PQcancel(cancel.get(), buffer, int(sizeof buffer)) == 1;
        const QString problem = ok ? QString() : QString::fromLocal8Bit(buffer).trimmed();
        std::lock_guard lock(gate->mutex);
        if (PgSession *session = gate->session) {
            QMetaObject::invokeMethod(
                session,
                [session, gen, target, problem] { session->d->onCancelDone(gen, target, problem); },
                Qt::QueuedConnection);
        }
    });
}

// The session is dropping the connection while a request runs: nobody will
// see the outcome, and there is no later chance to notice that the server
// ignored the cancel (it does when the query was not read yet). So the worker
// asks again a little later; once the query has stopped, the backend reads our
// Terminate message and exits, and a late cancel finds nothing to cancel.
// When the application exits meanwhile, one last cancel goes out at once
// instead of keeping the process alive for the rest of the pauses.
void PgSession::Private::sendFinalCancel()
{
    if (!cancelHandle)
        return;
    CancelWorkers &workers = CancelWorkers::instance();
    workers.start([cancel = cancelHandle, &workers] {
        for (int delayMs : {0, 250, 1000}) {
            const bool exiting = delayMs > 0 && !workers.pause(std::chrono::milliseconds(delayMs));
            char buffer[256] = {};
            if (PQcancel(cancel.get(), buffer, int(sizeof buffer)) != 1)
                return; // the server is gone: nothing left to stop
            if (exiting)
                return;
        }
    });
}

void PgSession::Private::onCancelDone(quint64 gen, PgRequestId target, const QString &problem)
{
    if (gen != generation)
        return;
    cancelsInFlight = qMax(0, cancelsInFlight - 1);
    if (problem.isEmpty() && current && current->request.id == target &&
        current->cancelsSent < 10) {
        // The server ignores a cancel that arrives before the backend has read
        // the query (it is still "reading a command"). If the request is still
        // running a little later, that is what happened: ask again.
        QTimer::singleShot(200, q, [this, gen, target] {
            if (gen == generation && current && current->request.id == target &&
                cancelsInFlight == 0)
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
    return txStatus == PgTransactionStatus::InTransaction ||
           txStatus == PgTransactionStatus::InError;
}

void PgSession::Private::onBroken()
{
    if (phase != Phase::Connected) {
        PgError error =
            pg::connectionLost(lastServerFatal, fromPg(PQerrorMessage(conn.get())), false);
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
    std::optional<RunningRequest> running = std::move(current);
    current.reset();
    std::vector<PendingRequest> queued = takeAllRequests();
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
        sendFinalCancel();
    }
    current.reset();
    paused = false;
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

std::vector<PendingRequest> PgSession::Private::takeAllRequests()
{
    std::vector<PendingRequest> taken;
    for (PendingRequest &request : queue)
        taken.push_back(std::move(request));
    queue.clear();
    return taken;
}

void PgSession::Private::failRequests(std::optional<RunningRequest> running,
                                      std::vector<PendingRequest> queued, const PgError &error)
{
    QPointer<PgSession> alive(q);
    // The probe (internal) is reported through connectFailed by the caller.
    RunningRequest *run =
        running && !running->stale && !running->request.internal ? &*running : nullptr;
    // All are listed before the first signal: a slot may drop any of them
    // while an earlier one is being reported.
    if (run)
        markEnding(run->request.id, true);
    for (const PendingRequest &request : queued) {
        if (!request.internal)
            markEnding(request.id, false);
    }
    if (run) {
        const EndingScope ending(this, run->request.id);
        Q_EMIT q->requestFailed(run->request.id, error);
        if (!ending.dropped() && run->request.kind == RequestKind::Query && run->request.done) {
            run->collected.error = error;
            run->collected.elapsedMs = run->elapsed.elapsed();
            run->request.done(run->collected);
        }
        if (!ending.dropped())
            Q_EMIT q->requestFinished(run->request.id, false, run->elapsed.elapsed());
        if (!alive)
            return;
    }
    for (PendingRequest &request : queued) {
        if (request.internal || !isEnding(request.id))
            continue;
        failUnsent(std::move(request), error);
        if (!alive)
            return;
    }
}

void PgSession::Private::markEnding(PgRequestId id, bool started)
{
    if (id != 0 && !isEnding(id))
        ending.push_back({id, started});
}

bool PgSession::Private::isEnding(PgRequestId id) const
{
    return std::any_of(ending.cbegin(), ending.cend(),
                       [id](const Ending &entry) { return entry.id == id; });
}

void PgSession::Private::unmarkEnding(PgRequestId id)
{
    std::erase_if(ending, [id](const Ending &entry) { return entry.id == id; });
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
    // Dropped requests are the caller's own decision: they end silently,
    // including those whose end is being reported right now.
    d->ending.clear();
    if (d->state == State::Disconnected)
        return;
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
    PendingRequest request;
    request.id = d->nextId++;
    request.kind = RequestKind::Script;
    request.sql = sql.toUtf8();
    return d->enqueue(std::move(request));
}

PgRequestId PgSession::executeParams(const QString &sql, const QVariantList &params)
{
    PendingRequest request;
    request.id = d->nextId++;
    request.kind = RequestKind::Params;
    request.sql = sql.toUtf8();
    pg::encodeParams(params, request.values, request.nulls);
    return d->enqueue(std::move(request));
}

PgRequestId PgSession::query(const QString &sql, const QVariantList &params,
                             std::function<void(const PgQueryResult &)> done)
{
    PendingRequest request;
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
    std::erase_if(d->queue, [](const PendingRequest &request) { return !request.internal; });
    std::erase_if(d->ending, [](const Private::Ending &entry) { return !entry.started; });
    if (d->current && !d->current->request.internal && !d->current->stale &&
        !d->current->cancelRequested) {
        d->current->cancelRequested = true;
        d->sendCancel();
    }
}

void PgSession::pause()
{
    if (d->current && !d->current->request.internal && !d->current->stale &&
        !d->current->cancelRequested)
        d->paused = true;
}

void PgSession::resume()
{
    d->endPause();
}

bool PgSession::isPaused() const
{
    return d->paused;
}

void PgSession::cancelRequest(PgRequestId id)
{
    if (id == 0)
        return;
    std::erase_if(d->queue, [id](const PendingRequest &request) { return request.id == id; });
    d->unmarkEnding(id);
    if (d->current && d->current->request.id == id && !d->current->request.internal &&
        !d->current->stale) {
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

void PgSession::setQueryResultLimit(qsizetype bytes)
{
    // One PgRowBatch holds the result: its own limit is the hard ceiling.
    d->queryResultLimit = qBound<qsizetype>(0, bytes, PgRowBatch::kMaxDataBytes);
}

qsizetype PgSession::queryResultLimit() const
{
    return d->queryResultLimit;
}

QString PgSession::escapeIdentifier(const QString &name) const
{
    if (!d->conn || d->phase < Private::Phase::Probing)
        return {};
    // libpq stops at a NUL byte: the quoted text would name something else.
    if (name.contains(QChar(u'\0')))
        return {};
    const QByteArray utf8 = name.toUtf8();
    const pg::EscapedTextPtr quoted(
        PQescapeIdentifier(d->conn.get(), utf8.constData(), size_t(utf8.size())));
    return quoted ? QString::fromUtf8(quoted.get()) : QString();
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
