#include "models/pg/pgsession_p.h"

#include <QLocale>
#include <QPointer>

#include <thread>

namespace sightline {

using namespace pg;

namespace {

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

} // namespace

// --- requests ----------------------------------------------------------------

PgRequestId PgSession::Private::enqueue(PendingRequest request)
{
    const PgRequestId id = request.id;
    if (state == State::Disconnected) {
        // Reported from the event loop: the caller has not seen the id yet,
        // and may still drop it before then.
        markEnding(id, false);
        auto shared = std::make_shared<PendingRequest>(std::move(request));
        QTimer::singleShot(0, q, [this, shared] {
            if (!isEnding(shared->id))
                return;
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
        PendingRequest request = std::move(queue.front());
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

        RunningRequest running;
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

bool PgSession::Private::sendRequest(const PendingRequest &request)
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
    // Single-row mode with every libpq, also 17: its chunked mode hands rows over only when a
    // chunk is full, so the rows of a slow query would not show until the statement ends.
    if (!PQsetSingleRowMode(c))
        qCWarning(lcPgSession) << "single-row mode refused; rows arrive per statement";
    return true;
}

void PgSession::Private::failUnsent(PendingRequest request, const PgError &error)
{
    if (request.internal) {
        if (request.done)
            request.done(PgQueryResult{error, {}, {}, {}, 0});
        return;
    }
    markEnding(request.id, false);
    const EndingScope ending(this, request.id);
    Q_EMIT q->requestFailed(request.id, error);
    if (ending.dropped())
        return;
    if (request.done) {
        PgQueryResult result;
        result.error = error;
        request.done(result);
        if (ending.dropped())
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

// While paused the socket is not read (so the server blocks once the buffers
// are full) and nothing already buffered is parsed. True when the slice must stop.
bool PgSession::Private::holdWhilePaused()
{
    if (!paused)
        return false;
    if (!current) {
        paused = false;
        return false;
    }
    if (readNotifier)
        readNotifier->setEnabled(false);
    return true;
}

void PgSession::Private::endPause()
{
    if (!paused)
        return;
    paused = false;
    if (!conn)
        return;
    if (readNotifier)
        readNotifier->setEnabled(true);
    // libpq may hold unparsed rows already; the notifier would not fire for them.
    yieldSlice();
}

void PgSession::Private::processSlice()
{
    if (holdWhilePaused())
        return;
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
                    if (current && current->streams() && current->batch.rowCount() > 0 &&
                        !flushTimer.isActive())
                        flushTimer.start(
                            int(qMax<qint64>(1, kBatchLatencyMs - current->batchAge.elapsed())));
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
        if (holdWhilePaused())
            return;
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
    RunningRequest &run = *current;
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
    RunningRequest &run = *current;
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
    const int rows = PQntuples(result);
    if (rows == 0)
        return;
    current->statementRows += rows;
    if (!current->keepsRows())
        return;
    const int columns = qMin(current->columnCount, PQnfields(result));
    const bool collects = current->request.kind == RequestKind::Query;
    bool measure = false;
    {
        RunningRequest &run = *current;
        PgRowBatch &target = collects ? run.collected.rows : run.batch;
        if (!collects && target.rowCount() == 0 && run.lastBatchRows == batchRows) {
            // Rows are streaming steadily: size the next batch like the last
            // full one so it fills without reallocating.
            const qsizetype expected = run.lastBatchBytes + run.lastBatchBytes / 8;
            target.reserve(batchRows, qMin(expected, kMaxReserveBytes));
        }
        // The PGresult's memory bounds its cell bytes: when all of it fits,
        // rows need no measuring (the usual case: one small row per result).
        const qsizetype upperBytes = qsizetype(PQresultMemorySize(result));
        const qsizetype rowsAfter = qsizetype(target.rowCount()) + rows;
        bool fits = rowsAfter <= PgRowBatch::kMaxRows &&
                    upperBytes <= PgRowBatch::kMaxDataBytes - target.dataBytes();
        if (collects) {
            const qsizetype offsetBytes = qsizetype(sizeof(quint32)) * columns * rowsAfter;
            fits = fits && target.dataBytes() + upperBytes + offsetBytes <= queryResultLimit;
        } else {
            fits = fits && rowsAfter <= batchRows && run.batchBytes + upperBytes <= kMaxBatchBytes;
        }
        measure = !fits;
    }

    for (int row = 0; row < rows; ++row) {
        if (measure) {
            qsizetype rowBytes = 0;
            for (int column = 0; column < columns; ++column)
                rowBytes += PQgetlength(result, row, column); // 0 for NULL
            if (!roomForRow(rowBytes, columns))
                return;
        }
        // Looked up per row: roomForRow may have delivered the batch.
        RunningRequest &run = *current;
        PgRowBatch &target = collects ? run.collected.rows : run.batch;
        if (!collects && target.rowCount() == 0)
            run.batchAge.start();
        target.beginRow();
        qsizetype rowBytes = 0;
        for (int column = 0; column < columns; ++column) {
            if (PQgetisnull(result, row, column)) {
                target.appendNull();
            } else {
                const int length = PQgetlength(result, row, column);
                target.appendValue(PQgetvalue(result, row, column), length);
                rowBytes += length;
            }
        }
        run.batchBytes += rowBytes;
    }
    afterRowsAppended();
}

void PgSession::Private::appendCopyLine(const char *data, int length)
{
    ++current->statementRows;
    if (!current->keepsRows())
        return;
    if (length > 0 && data[length - 1] == '\n')
        --length;
    if (!roomForRow(length, 1))
        return;
    RunningRequest &run = *current;
    PgRowBatch &target = run.request.kind == RequestKind::Query ? run.collected.rows : run.batch;
    if (run.request.kind != RequestKind::Query && target.rowCount() == 0)
        run.batchAge.start();
    target.beginRow();
    target.appendValue(data, length);
    run.batchBytes += length;
    afterRowsAppended();
}

// Before a row of `bytes` cell data is appended: a streamed batch that it would
// take past its limits is delivered first; a collected result that would grow
// past queryResultLimit fails, as does a row no batch can hold. False when the
// row must not be appended (the request failed, or a slot dropped it or the
// connection meanwhile).
bool PgSession::Private::roomForRow(qsizetype bytes, int columns)
{
    const quint64 gen = generation;
    RunningRequest &run = *current;
    if (run.request.kind == RequestKind::Query) {
        // What the collected result holds: cell bytes plus an offset per cell.
        const PgRowBatch &rows = run.collected.rows;
        const qsizetype offsetBytes = qsizetype(sizeof(quint32)) * columns;
        const qsizetype held = rows.dataBytes() + offsetBytes * rows.rowCount();
        if (!rows.canAppendRow(bytes) || held + bytes + offsetBytes > queryResultLimit) {
            failOversized(PgError::client(
                PgSession::tr("The result is larger than %1, the most Sightline keeps in "
                              "memory for one query")
                    .arg(QLocale().formattedDataSize(queryResultLimit))));
            return false;
        }
        return true;
    }
    const PgRowBatch &batch = run.batch;
    const bool full = batch.rowCount() >= batchRows || !batch.canAppendRow(bytes) ||
                      run.batchBytes + bytes > kMaxBatchBytes;
    if (full && batch.rowCount() > 0) {
        emitBatch();
        if (gen != generation || !current || !current->keepsRows())
            return false;
    }
    if (!current->batch.canAppendRow(bytes)) {
        // Cannot come from PostgreSQL (a row is at most 1 GB), but the
        // offsets must never wrap.
        failOversized(
            PgError::client(PgSession::tr("A row of the result is larger than %1")
                                .arg(QLocale().formattedDataSize(PgRowBatch::kMaxDataBytes))));
        return false;
    }
    return true;
}

void PgSession::Private::failOversized(const PgError &error)
{
    const quint64 gen = generation;
    failCurrent(error); // delivers the rows that fit first
    if (gen != generation || !current)
        return;
    RunningRequest &run = *current;
    run.oversized = true;
    run.failed = true;
    run.batch = PgRowBatch(run.columnCount);
    run.batchBytes = 0;
    flushTimer.stop();
    // The caller gets the error, not a cut-off result; give the memory back now.
    run.collected.rows = PgRowBatch(run.columnCount);
    if (!run.cancelRequested) {
        // The rest would only be read and thrown away: stop the server's work.
        run.cancelRequested = true;
        sendCancel();
    }
}

void PgSession::Private::afterRowsAppended()
{
    RunningRequest &run = *current;
    if (run.request.kind == RequestKind::Query)
        return;
    if (run.batch.rowCount() >= batchRows || run.batchBytes >= kMaxBatchBytes)
        emitBatch();
}

void PgSession::Private::emitBatch()
{
    RunningRequest &run = *current;
    flushTimer.stop();
    if (run.batch.rowCount() == 0)
        return;
    run.lastBatchRows = run.batch.rowCount();
    run.lastBatchBytes = run.batchBytes;
    PgRowBatch out = std::move(run.batch);
    run.batch = PgRowBatch(run.columnCount);
    // Receivers may keep batches for the whole result: do not let them keep
    // much reserved-but-empty space as well.
    out.squeeze();
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
    RunningRequest &run = *current;
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
    RunningRequest &run = *current;
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
    RunningRequest run = std::move(*current);
    current.reset();
    paused = false;
    flushTimer.stop();
    const quint64 gen = generation;
    QPointer<PgSession> alive(q);
    // No longer current, so cancelRequest() cannot mark it stale any more;
    // listing it lets a slot below (done() included) still drop it.
    const bool reported = !run.stale && !run.request.internal;
    const PgRequestId id = reported ? run.request.id : 0;
    markEnding(id, true);
    const EndingScope ending(this, id);

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
        if (reported && ending.dropped())
            return;
        run.collected.elapsedMs = elapsedMs;
        run.request.done(run.collected);
        if (!alive)
            return;
    }
    // done() may have disconnected or dropped the request.
    if (reported && !ending.dropped() && gen == generation)
        Q_EMIT q->requestFinished(run.request.id, !run.failed, elapsedMs);
}

bool PgSession::Private::endCopyIn()
{
    // Sightline has no data to send; end the COPY so the server reports an
    // error for it and the rest of the session stays usable.
    const QByteArray reason =
        PgSession::tr("COPY FROM STDIN is not supported here; use psql's \\copy").toUtf8();
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

} // namespace sightline
