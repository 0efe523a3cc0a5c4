#include "models/query/resultexport.h"

#include "models/query/resultsortfilter.h"
#include "models/query/resultvalueformat.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QHash>
#include <QSaveFile>
#include <QThread>
#include <QTimer>

namespace sightline {

namespace {

// Bytes gathered before they go to the file.
constexpr qsizetype kFlushBytes = 1 << 20;
// How often the progress signal may fire, and how often a re-run looks for a cancel.
constexpr int kProgressMs = 100;
constexpr int kCancelPollMs = 50;

QString trExport(const char *text)
{
    return QCoreApplication::translate("ResultExport", text);
}

// The file side of an export: formats rows into a buffer and writes it out
// through QSaveFile, which only replaces the target on commit().
class Writer
{
public:
    Writer(const QString &path, const ExportOptions &options)
        : m_file(path)
        , m_options(options)
    {}

    bool open(QString *error)
    {
        if (m_file.open(QIODevice::WriteOnly))
            return true;
        *error = trExport("Cannot write “%1”: %2").arg(m_file.fileName(), m_file.errorString());
        return false;
    }

    bool begin(const QList<PgColumn> &columns, QString *error)
    {
        m_types.clear();
        m_columns.clear();
        if (m_options.columns.isEmpty()) {
            for (int c = 0; c < columns.size(); ++c)
                m_columns << c;
        } else {
            for (const int c : m_options.columns) {
                if (c < 0 || c >= columns.size()) {
                    *error = trExport("The result has other columns than the grid: it has %1, "
                                      "the grid asked for column %2.")
                                 .arg(columns.size())
                                 .arg(c + 1);
                    return false;
                }
                m_columns << c;
            }
        }
        for (const int c : m_columns)
            m_types << columns.at(c).typeOid;

        if (m_options.format == ExportFormat::Csv) {
            if (m_options.header) {
                for (qsizetype i = 0; i < m_columns.size(); ++i) {
                    if (i > 0)
                        m_buffer.append(',');
                    appendCsvField(m_buffer, columns.at(m_columns.at(i)).name.toUtf8());
                }
                m_buffer.append('\n');
            }
        } else {
            // Keys are written once here; a repeated name gets a suffix so
            // that no value is lost to a duplicate key.
            QHash<QString, int> used;
            for (const int c : m_columns)
                used.insert(columns.at(c).name, 0);
            QHash<QString, int> seen;
            m_keys.clear();
            for (qsizetype i = 0; i < m_columns.size(); ++i) {
                const QString name = columns.at(m_columns.at(i)).name;
                QString key = name;
                int &count = seen[name];
                if (count++ > 0) {
                    int n = count;
                    do {
                        key = name + QLatin1Char('_') + QString::number(n++);
                    } while (used.contains(key));
                    used.insert(key, 0);
                }
                QByteArray prefix(i == 0 ? "{" : ",");
                appendJsonString(prefix, key.toUtf8());
                prefix.append(':');
                m_keys << prefix;
            }
            m_buffer.append('[');
        }
        return flushIfFull(error);
    }

    bool writeRow(const PgRowBatch &batch, int row, QString *error)
    {
        if (m_options.format == ExportFormat::Csv) {
            for (qsizetype i = 0; i < m_columns.size(); ++i) {
                if (i > 0)
                    m_buffer.append(',');
                const int c = m_columns.at(i);
                if (!batch.isNull(row, c))
                    appendCsvField(m_buffer, batch.value(row, c));
            }
            m_buffer.append('\n');
        } else {
            m_buffer.append(m_rows == 0 ? "\n" : ",\n");
            if (m_columns.isEmpty())
                m_buffer.append('{');
            for (qsizetype i = 0; i < m_columns.size(); ++i) {
                const int c = m_columns.at(i);
                m_buffer.append(m_keys.at(i));
                appendJsonValue(m_buffer, batch.value(row, c), batch.isNull(row, c), m_types.at(i));
            }
            m_buffer.append('}');
        }
        ++m_rows;
        return flushIfFull(error);
    }

    bool finish(QString *error)
    {
        if (m_options.format == ExportFormat::Json)
            m_buffer.append("\n]\n");
        if (!flush(error))
            return false;
        if (!m_file.commit()) {
            *error = trExport("Cannot write “%1”: %2").arg(m_file.fileName(), m_file.errorString());
            return false;
        }
        return true;
    }

    // Leaves no file behind and an existing target as it was.
    void discard()
    {
        if (m_file.isOpen())
            m_file.cancelWriting();
    }

    qint64 rows() const { return m_rows; }

private:
    bool flushIfFull(QString *error) { return m_buffer.size() < kFlushBytes || flush(error); }
    bool flush(QString *error)
    {
        if (m_buffer.isEmpty())
            return true;
        if (m_file.write(m_buffer) != m_buffer.size()) {
            *error = trExport("Cannot write “%1”: %2").arg(m_file.fileName(), m_file.errorString());
            return false;
        }
        m_buffer.clear();
        return true;
    }

    QSaveFile m_file;
    ExportOptions m_options;
    QList<int> m_columns;
    QList<quint32> m_types;
    QList<QByteArray> m_keys;
    QByteArray m_buffer;
    qint64 m_rows = 0;
};

// What a worker leaves for the UI side, read once its thread has finished.
struct Result
{
    ResultExport::Outcome outcome = ResultExport::Outcome::Failed;
    QString error;
};

void exportRows(ResultExport::State &state, Result &result, const ResultRows &data,
                const std::optional<std::vector<int>> &order, const QString &path,
                const ExportOptions &options)
{
    Writer writer(path, options);
    QString error;
    if (!writer.open(&error) || !writer.begin(data.columns, &error)) {
        writer.discard();
        result = {ResultExport::Outcome::Failed, error};
        return;
    }
    const qint64 count = order ? qint64(order->size()) : data.rowCount;
    for (qint64 i = 0; i < count; ++i) {
        if (i % 1024 == 0 && state.cancel.load()) {
            writer.discard();
            result = {ResultExport::Outcome::Cancelled, {}};
            return;
        }
        int rowInBatch = 0;
        const ResultSlice *slice =
            data.locate(order ? qint64((*order)[std::size_t(i)]) : i, &rowInBatch);
        if (!slice)
            continue;
        if (!writer.writeRow(slice->batch, rowInBatch, &error)) {
            writer.discard();
            result = {ResultExport::Outcome::Failed, error};
            return;
        }
        state.rows.store(writer.rows(), std::memory_order_relaxed);
    }
    if (!writer.finish(&error)) {
        writer.discard();
        result = {ResultExport::Outcome::Failed, error};
        return;
    }
    result = {ResultExport::Outcome::Written, {}};
}

void exportQuery(ResultExport::State &state, Result &result, const PgConnectSpec &spec,
                 const QString &sql, const QString &path, const ExportOptions &options)
{
    Writer writer(path, options);
    QString error;
    if (!writer.open(&error)) {
        result = {ResultExport::Outcome::Failed, error};
        return;
    }

    // Everything below runs on this thread's own event loop; the session
    // lives and dies here.
    PgSession session;
    QEventLoop loop;
    QTimer poll;
    bool done = false;
    PgRequestId setup = 0;
    PgRequestId request = 0;
    int statement = -1;
    std::optional<ResultRowFilter> filter;

    auto end = [&](ResultExport::Outcome outcome, const QString &message) {
        if (done)
            return;
        done = true;
        result = {outcome, message};
        if (outcome != ResultExport::Outcome::Written)
            session.cancel();
        loop.quit();
    };

    QObject::connect(&session, &PgSession::connected, &loop, [&] {
        // The statement runs again without the user watching: a read-only
        // transaction makes sure it cannot change anything a second time.
        setup = session.execute(QStringLiteral("SET default_transaction_read_only = on"));
        request = session.execute(sql);
    });
    QObject::connect(&session, &PgSession::connectFailed, &loop, [&](const PgError &e) {
        end(ResultExport::Outcome::Failed, trExport("Cannot connect: %1").arg(e.message));
    });
    QObject::connect(&session, &PgSession::connectionLost, &loop, [&](const PgError &e, bool) {
        end(ResultExport::Outcome::Failed, trExport("The connection broke: %1").arg(e.message));
    });
    QObject::connect(&session, &PgSession::columnsReceived, &loop,
                     [&](PgRequestId id, int index, const QList<PgColumn> &columns) {
                         // A statement that yields several results: the first one with rows is
                         // written.
                         if (id != request || statement >= 0 || done)
                             return;
                         statement = index;
                         filter.emplace(options.filterText, options.filterColumn, columns);
                         QString message;
                         if (!writer.begin(columns, &message))
                             end(ResultExport::Outcome::Failed, message);
                     });
    QObject::connect(&session, &PgSession::rowsReceived, &loop,
                     [&](PgRequestId id, int index, const PgRowBatch &rows) {
                         if (id != request || index != statement || done)
                             return;
                         QString message;
                         for (int r = 0; r < rows.rowCount(); ++r) {
                             if (!filter->matches(rows, r))
                                 continue;
                             if (!writer.writeRow(rows, r, &message)) {
                                 end(ResultExport::Outcome::Failed, message);
                                 return;
                             }
                         }
                         state.rows.store(writer.rows(), std::memory_order_relaxed);
                     });
    QObject::connect(&session, &PgSession::requestFailed, &loop,
                     [&](PgRequestId id, const PgError &e) {
                         if (id == request || id == setup)
                             end(ResultExport::Outcome::Failed, e.summary());
                     });
    QObject::connect(&session, &PgSession::requestFinished, &loop,
                     [&](PgRequestId id, bool ok, qint64) {
                         if (id != request || !ok || done)
                             return;
                         if (statement < 0) {
                             end(ResultExport::Outcome::Failed,
                                 trExport("The statement returned no rows to export."));
                             return;
                         }
                         QString message;
                         if (writer.finish(&message))
                             end(ResultExport::Outcome::Written, {});
                         else
                             end(ResultExport::Outcome::Failed, message);
                     });
    poll.setInterval(kCancelPollMs);
    QObject::connect(&poll, &QTimer::timeout, &loop, [&] {
        if (state.cancel.load())
            end(ResultExport::Outcome::Cancelled, {});
    });
    poll.start();
    session.connectToServer(spec);
    loop.exec();
    if (result.outcome != ResultExport::Outcome::Written)
        writer.discard();
}

} // namespace

ResultExport::ResultExport(QObject *parent)
    : QObject(parent)
    , m_ticker(new QTimer(this))
{
    m_ticker->setInterval(kProgressMs);
    connect(m_ticker, &QTimer::timeout, this, [this] {
        const qint64 rows = rowsWritten();
        if (rows != m_reported) {
            m_reported = rows;
            Q_EMIT progress(rows);
        }
    });
}

ResultExport::~ResultExport()
{
    if (m_thread) {
        m_state->cancel.store(true);
        m_thread->wait();
        delete m_thread;
    }
}

bool ResultExport::startFromRows(const ResultRows &rows, std::optional<std::vector<int>> order,
                                 const QString &path, const ExportOptions &options)
{
    if (m_thread)
        return false;
    m_state = std::make_shared<State>();
    m_path = path;
    auto result = std::make_shared<Result>();
    launch(QThread::create([state = m_state, result, rows, order = std::move(order), path,
                            options] { exportRows(*state, *result, rows, order, path, options); }),
           result);
    return true;
}

bool ResultExport::startFromQuery(const PgConnectSpec &spec, const QString &sql,
                                  const QString &path, const ExportOptions &options)
{
    if (m_thread)
        return false;
    m_state = std::make_shared<State>();
    m_path = path;
    auto result = std::make_shared<Result>();
    launch(QThread::create([state = m_state, result, spec, sql, path, options] {
               exportQuery(*state, *result, spec, sql, path, options);
           }),
           result);
    return true;
}

void ResultExport::launch(QThread *thread, const std::shared_ptr<void> &result)
{
    m_thread = thread;
    m_thread->setObjectName(QStringLiteral("sightline-export"));
    m_reported = -1;
    connect(m_thread, &QThread::finished, this, [this, result] {
        // The worker is done with the result: its thread has ended.
        const auto *outcome = static_cast<const Result *>(result.get());
        m_ticker->stop();
        m_thread->deleteLater();
        m_thread = nullptr;
        const qint64 rows = rowsWritten();
        if (rows != m_reported)
            Q_EMIT progress(rows);
        Q_EMIT finished(outcome->outcome, rows, outcome->error);
    });
    m_ticker->start();
    m_thread->start();
}

void ResultExport::cancel()
{
    if (m_state)
        m_state->cancel.store(true);
}

qint64 ResultExport::rowsWritten() const
{
    return m_state ? m_state->rows.load(std::memory_order_relaxed) : 0;
}

} // namespace sightline
