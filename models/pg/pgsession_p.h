#pragma once

// Private to models/pg: the inside of PgSession, shared by its three sources:
//   pgsession.cpp         public API, state, lost connections, cancel
//   pgsessionconnect.cpp  connecting: host lookup, PQconnectPoll, capability probe
//   pgsessionresults.cpp  sending requests, streaming results in time slices

#include "models/pg/pgconnecterror.h"
#include "models/pg/pghandles.h"
#include "models/pg/pgsession.h"

#include <QElapsedTimer>
#include <QLoggingCategory>
#include <QPointer>
#include <QSocketNotifier>
#include <QTimer>

#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

namespace sightline {

namespace pg {

Q_DECLARE_LOGGING_CATEGORY(lcPgSession)

// The event loop must never wait on us for long: result processing stops after
// this many milliseconds and continues in a queued call, so timers, input and
// painting get their turn (the heartbeat in bench_fetch measures this).
inline constexpr int kSliceMs = 12;
// A partly filled batch waits at most this long for more rows before it is
// delivered anyway, so rows of a slow query show up promptly.
inline constexpr int kBatchLatencyMs = 40;
// A batch is delivered before a row would take its cell bytes past this size
// (and once they reach it), which bounds what a receiver holds per signal and
// keeps PgRowBatch's 32-bit offsets far from overflowing. A single larger row
// still gets a batch of its own.
inline constexpr qsizetype kMaxBatchBytes = 32 * 1024 * 1024;
// query() keeps the whole result in memory: beyond this it fails (see pgsession.h).
inline constexpr qsizetype kDefaultQueryResultLimit = 256 * 1024 * 1024;
// Reserving ahead pays for steady streams; beyond this size growing is cheap
// compared with the data itself, and over-reserving would waste memory.
inline constexpr qsizetype kMaxReserveBytes = 4 * 1024 * 1024;
inline constexpr int kDefaultBatchRows = 5000;

enum class RequestKind
{
    Script,
    Params,
    Query
};

struct PendingRequest
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
struct RunningRequest
{
    PendingRequest request;
    bool stale = false; // dropped by cancelRequest(): results are drained, never emitted
    bool cancelRequested = false;
    int cancelsSent = 0;
    bool txOpenAtStart = false;
    qint64 statementStartMs = 0;    // elapsed time when the current statement began
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
    // The result outgrew what the session holds for it: the request has failed,
    // the server was asked to stop, and rows still arriving are thrown away.
    bool oversized = false;
    PgQueryResult collected; // RequestKind::Query gathers everything here

    bool emits() const { return !stale && !request.internal; }
    bool streams() const { return emits() && !oversized && request.kind != RequestKind::Query; }
    bool keepsRows() const { return !stale && !oversized; }
};

// Lets a cancel worker thread post its outcome back while the session may be
// going away: the session clears `session` (under the mutex) in its destructor.
struct CancelGate
{
    std::mutex mutex;
    PgSession *session = nullptr;
};

inline QString fromPg(const char *text)
{
    return text ? QString::fromUtf8(text) : QString();
}

} // namespace pg

struct PgSession::Private
{
    using PendingRequest = pg::PendingRequest;
    using RunningRequest = pg::RunningRequest;
    using CancelGate = pg::CancelGate;

    enum class Phase
    {
        None,
        Resolving,
        Polling,
        Probing,
        Connected
    };

    explicit Private(PgSession *session);

    PgSession *const q;

    // Declared before the notifiers, so they are destroyed first: a notifier
    // must never outlive the socket it watches.
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
    // Timers and notifiers are children of the session so that they follow it
    // to another thread (moveToThread); they are deleted before it.
    QTimer connectTimer;
    QTimer flushTimer;

    pg::CancelPtr cancelHandle;
    std::shared_ptr<CancelGate> gate = std::make_shared<CancelGate>();
    int cancelsInFlight = 0;

    std::deque<PendingRequest> queue;
    std::optional<RunningRequest> current;
    PgRequestId nextId = 1;
    int batchRows = pg::kDefaultBatchRows;
    qsizetype queryResultLimit = pg::kDefaultQueryResultLimit;

    // Requests that are out of the queue and no longer current, whose last
    // signals are still to come: the one being finished, the ones failing
    // with a lost connection, one failing before it was sent. Slots called on
    // the way may drop them (cancelRequest(), cancel(), disconnectFromServer()
    // remove them here), and dropped requests end silently, so whoever reports
    // one checks it is still listed before each further signal.
    struct Ending
    {
        PgRequestId id;
        bool started; // cancel() drops only the ones that never started
    };
    std::vector<Ending> ending;

    // Bumped whenever the connection goes away. Queued calls, host lookups and
    // cancel outcomes from an older connection compare it and do nothing.
    quint64 generation = 0;
    bool continuationPending = false;
    bool startPending = false;
    bool paused = false; // pause(): the socket is not read until resume()

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
    PgRequestId enqueue(PendingRequest request);
    void scheduleStart();
    void startNext();
    bool sendRequest(const PendingRequest &request);
    void failUnsent(PendingRequest request, const PgError &error);

    // results
    void onReadable();
    void onWritable();
    void processSlice();
    void yieldSlice();
    bool holdWhilePaused();
    void endPause();
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
    bool roomForRow(qsizetype bytes, int columns);
    void failOversized(const PgError &error);

    // dropping requests whose end is being reported
    void markEnding(PgRequestId id, bool started);
    bool isEnding(PgRequestId id) const;
    void unmarkEnding(PgRequestId id);

    // Keeps a request listed in `ending` while its last signals go out (the
    // caller lists it first) and takes it off again at the end.
    class EndingScope
    {
    public:
        EndingScope(Private *d, PgRequestId id);
        ~EndingScope();
        EndingScope(const EndingScope &) = delete;
        EndingScope &operator=(const EndingScope &) = delete;

        // True once the session is gone or a slot dropped the request: no more signals.
        bool dropped() const;

    private:
        QPointer<PgSession> m_alive;
        Private *m_d;
        PgRequestId m_id;
    };

    // cancel
    void sendCancel();
    void sendFinalCancel();
    void onCancelDone(quint64 gen, PgRequestId target, const QString &problem);

    // state
    void setState(State newState);
    void updateTransactionStatus();
    bool transactionOpen() const;
    void onBroken();
    void teardown(bool cancelRunning);
    std::vector<PendingRequest> takeAllRequests();
    void failRequests(std::optional<RunningRequest> running, std::vector<PendingRequest> queued,
                      const PgError &error);

    static void noticeReceiver(void *arg, const PGresult *result);
};

} // namespace sightline
