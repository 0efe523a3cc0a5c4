#pragma once

#include "models/pg/pgsession.h"
#include "models/query/resultsetmodel.h"

#include <QObject>
#include <QString>

#include <atomic>
#include <memory>
#include <optional>
#include <vector>

class QThread;
class QTimer;

namespace sightline {

enum class ExportFormat
{
    Csv, // byte for byte what `psql --csv` writes
    Json // an array of objects keyed by column name
};

struct ExportOptions
{
    ExportFormat format = ExportFormat::Csv;
    bool header = true; // CSV: a first line of column names
    // Columns to write, in this order; empty means all, in result order.
    QList<int> columns;
    // Rows streamed from a re-run are kept only when they match this filter
    // (see ResultRowFilter); empty keeps all.
    QString filterText;
    int filterColumn = -1;
};

// Writes a whole result to a file on a worker thread, never holding more
// than one batch of it: CSV as `psql --csv` writes it, or JSON (NULL as null,
// finite numbers as numbers, booleans as true/false, json/jsonb embedded,
// everything else as strings; a repeated column name gets "_2", "_3"...).
//
// The file is written through QSaveFile: it appears only when everything was
// written, and an existing file is replaced only then; on cancel or failure
// nothing is left behind and an existing file keeps its content.
class ResultExport final : public QObject
{
    Q_OBJECT
public:
    enum class Outcome
    {
        Written,
        Cancelled,
        Failed
    };
    Q_ENUM(Outcome)

    explicit ResultExport(QObject *parent = nullptr);
    // Cancels a running export and waits for its thread, which stops within
    // one batch.
    ~ResultExport() override;

    // Writes loaded rows: `order` lists the rows of `rows` to write (the
    // order a sorted or filtered view shows); without it, all rows as loaded.
    // options.filterText does not apply here (`order` is what is shown).
    // False when an export is already running.
    bool startFromRows(const ResultRows &rows, std::optional<std::vector<int>> order,
                       const QString &path, const ExportOptions &options);
    // Runs `sql` (one statement) on a connection of its own, read-only, and
    // streams the rows of its result to the file as they arrive.
    bool startFromQuery(const PgConnectSpec &spec, const QString &sql, const QString &path,
                        const ExportOptions &options);
    void cancel();

    bool isRunning() const { return m_thread != nullptr; }
    qint64 rowsWritten() const;
    QString path() const { return m_path; }

    // Shared by the worker and this object; the worker only reads `cancel`
    // and writes `rows`.
    struct State
    {
        std::atomic<bool> cancel = false;
        std::atomic<qint64> rows = 0;
    };

Q_SIGNALS:
    // Rows written so far, a few times a second.
    void progress(qint64 rows);
    // The end of an export; `error` says what went wrong when it failed.
    void finished(sightline::ResultExport::Outcome outcome, qint64 rows, const QString &error);

private:
    void launch(QThread *thread, const std::shared_ptr<void> &result);

    QThread *m_thread = nullptr;
    QTimer *m_ticker = nullptr;
    qint64 m_reported = -1;
    std::shared_ptr<State> m_state;
    QString m_path;
};

} // namespace sightline
