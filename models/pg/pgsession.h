#pragma once

#include "models/pg/pgcapabilities.h"
#include "models/pg/pgerror.h"
#include "models/pg/pgrowbatch.h"

#include <QByteArray>
#include <QElapsedTimer>
#include <QList>
#include <QMap>
#include <QObject>
#include <QVariant>

#include <functional>
#include <memory>

namespace sightline {

using PgRequestId = quint64;

// Connection parameters as libpq keywords (host, port, dbname, user, password,
// sslmode, service, options, ...). Empty values are not passed, so libpq's own
// defaults (PG* environment, pg_service.conf, .pgpass) apply. The session adds
// fallback_application_name=sightline and always uses client_encoding UTF8.
// dbname is a database name, never expanded as a connection string.
struct PgConnectSpec
{
    QMap<QString, QString> params;
    int connectTimeoutSeconds = 10; // enforced by the session, 0 = none
};

enum class PgTransactionStatus
{
    Unknown, // not connected
    Idle,    // no transaction open
    Active,  // a command is running
    InTransaction,
    InError // a transaction is open and failed: only ROLLBACK helps
};

// Completion of one statement of a request (a script yields one per statement).
struct PgStatementResult
{
    int statementIndex = 0;
    QString commandTag;       // PQcmdStatus: "SELECT 5", "INSERT 0 1", "CREATE TABLE"
    qint64 rowsAffected = -1; // from the command tag, -1 when it has none
    qint64 rowCount = 0;      // rows streamed for this statement
    bool returnsRows = false;
    QList<PgColumn> columns;
};

// A whole small result, collected in memory (for catalog and monitoring queries).
struct PgQueryResult
{
    PgError error; // error.isError() when the request failed
    QList<PgColumn> columns;
    PgRowBatch rows;
    QString commandTag;
    qint64 elapsedMs = 0;

    bool ok() const { return !error.isError(); }
    int columnIndex(const QString &name) const; // -1 when absent
};

// One PostgreSQL connection, fully asynchronous on the Qt event loop of the
// thread it lives in. Requests are queued and run one at a time; each gets an
// id that every signal about it carries. Rows stream in batches.
//
// Signals about a request never come from inside the call that returned its id.
// A request made while disconnected fails with PgError::Kind::Client. When the
// connection breaks, the running and the queued requests fail with
// Kind::ConnectionLost (requestFailed, then requestFinished) before
// connectionLost(); nothing is run again. Requests dropped by the caller
// (cancel(), cancelRequest(), disconnectFromServer()) end silently, also when
// they are dropped from a slot or a query() callback while their end is being
// reported: no signal about them follows the call that dropped them.
// Do not delete a session from a slot connected to it; use deleteLater().
class PgSession final : public QObject
{
    Q_OBJECT
public:
    enum class State
    {
        Disconnected,
        Connecting,
        Ready,
        Busy
    };
    Q_ENUM(State)

    explicit PgSession(QObject *parent = nullptr);
    ~PgSession() override;

    // Starts connecting; emits connected() (after the capability probe) or connectFailed().
    void connectToServer(const PgConnectSpec &spec);
    // Connects again with the last spec. Nothing that was running is re-run.
    void reconnect();
    void disconnectFromServer();

    State state() const;
    bool isConnected() const; // Ready or Busy
    PgTransactionStatus transactionStatus() const;
    const PgCapabilities &capabilities() const;
    int backendPid() const;
    QString serverParameter(const QString &name) const; // PQparameterStatus
    QString host() const;
    QString port() const;
    QString user() const;
    QString database() const;
    bool usesSsl() const;
    QString sslDescription() const; // "TLSv1.3 TLS_AES_256_GCM_SHA384" or empty

    // Runs a script (one or more statements, simple query protocol).
    PgRequestId execute(const QString &sql);
    // Runs one statement with $1..$n parameters (text format; a null QVariant is SQL NULL).
    PgRequestId executeParams(const QString &sql, const QVariantList &params);
    // Runs one statement and delivers the whole result to `done` (on this thread).
    // Emits requestStarted/requestFailed/requestFinished but no column, row or
    // statement signals. `done` is not called when the caller drops the request.
    // It is meant for catalog and monitoring queries: a result that would hold
    // more than queryResultLimit() bytes fails with PgError::Kind::Client (the
    // server is asked to stop); stream big results with execute() instead.
    PgRequestId query(const QString &sql, const QVariantList &params,
                      std::function<void(const PgQueryResult &)> done);

    // Asks the server to cancel the running request (off the UI thread) and drops
    // queued ones. Signals for a dropped request stop at once; a running request
    // ends with requestFailed (57014) unless it finishes first.
    void cancel();
    // Drops one request: queued ones never run, a running one is cancelled and its
    // remaining results are ignored (stale).
    void cancelRequest(PgRequestId id);

    PgRequestId currentRequest() const; // 0 when idle

    // Stops reading the running request's rows: once the socket's buffers are
    // full the server waits, so a receiver that has enough rows for now holds
    // no more (a grid at its row cap, say). The request stays running and the
    // session Busy; resume() reads on, cancel()/cancelRequest() end it (and
    // resume reading to see it end). Ignored when nothing runs. Rows already
    // parsed into a batch may still arrive after the call.
    void pause();
    void resume();
    bool isPaused() const;

    // Rows are delivered in batches of at most this many rows, or whatever arrived
    // within the time slice, whichever is first.
    void setBatchRows(int rows);
    int batchRows() const;

    // How much memory one query() result may take (cell bytes plus four bytes
    // of bookkeeping per cell): 256 MiB unless set, at most 4 GiB - 1.
    void setQueryResultLimit(qsizetype bytes);
    qsizetype queryResultLimit() const;

    // `name` quoted as an SQL identifier for this connection (PQescapeIdentifier),
    // for the statements that cannot take it as a $n parameter (CREATE DATABASE
    // "…", say). Empty when not connected, or when the name cannot be an
    // identifier (it contains a NUL character).
    QString escapeIdentifier(const QString &name) const;

    // Reads a query text from the resources (":/sql/NAME.sql").
    static QString sqlResource(const QString &name);

Q_SIGNALS:
    void stateChanged(sightline::PgSession::State state);
    void connected();
    void connectFailed(const sightline::PgError &error);
    // The connection broke while open. `transactionLost` is true when a
    // transaction was open: its work is gone and the user must be told.
    void connectionLost(const sightline::PgError &error, bool transactionLost);
    void disconnected();

    void requestStarted(sightline::PgRequestId id);
    void columnsReceived(sightline::PgRequestId id, int statementIndex,
                         const QList<sightline::PgColumn> &columns);
    void rowsReceived(sightline::PgRequestId id, int statementIndex,
                      const sightline::PgRowBatch &rows);
    void statementFinished(sightline::PgRequestId id, const sightline::PgStatementResult &result);
    void requestFailed(sightline::PgRequestId id, const sightline::PgError &error);
    // Always the last signal for a request that started (also after a failure).
    void requestFinished(sightline::PgRequestId id, bool ok, qint64 elapsedMs);

    // A notice or warning from the server; `id` is the request running at the time (or 0).
    void noticeReceived(sightline::PgRequestId id, const sightline::PgNotice &notice);
    void transactionStatusChanged(sightline::PgTransactionStatus status);

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace sightline

Q_DECLARE_METATYPE(sightline::PgTransactionStatus)
Q_DECLARE_METATYPE(sightline::PgStatementResult)
