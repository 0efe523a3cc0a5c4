// bench_fetch: how fast rows stream through PgSession compared with psql's
// COPY, and how long the event loop is kept waiting meanwhile.
//
// Fetches SELECT g, md5(g::text) FROM generate_series(1, N) g through PgSession
// into the result grid's model (ResultSetModel, no row cap) on a
// QCoreApplication event loop while a heartbeat timer measures the largest gap
// between its ticks (the worst stall a UI would see), then times
//   psql -X ... -c "COPY (same query) TO STDOUT" > /dev/null
// in the same run. Reports the time to the first batch in the model, to the
// last row, the peak RSS the rows cost against their raw text size, and the
// stall. Prints plain key=value lines. Targets: first_batch_ms < 100,
// ratio <= 1.5, rss_per_raw <= 2.5, max_stall_ms <= 50.
//
// Connection: SIGHTLINE_TEST_PG* (as the db tests), or --conn "host=... port=...".
//
// With --sort it also loads the rows into a ResultSetModel and times the
// grid's client-side sort (by the int and by the text column) and filter,
// which run off the UI thread: sort_int_ms, sort_text_ms, filter_ms, and the
// event loop's worst stall meanwhile (sort_max_stall_ms).

#include "models/pg/pgsession.h"
#include "models/query/resultsetmodel.h"
#include "models/query/resultsortfilter.h"
#include "tests/testsupport/procstatus.h"
#include "tests/testsupport/testserver.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QLocale>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTextStream>
#include <QTimer>

#include <sys/resource.h>

#include <algorithm>
#include <functional>
#include <limits>

using namespace sightline;

namespace {

QTextStream &out()
{
    static QTextStream stream(stdout);
    return stream;
}

// CPU time this process used (user + system), in milliseconds.
double cpuMs()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    auto ms = [](const timeval &tv) { return double(tv.tv_sec) * 1e3 + double(tv.tv_usec) / 1e3; };
    return ms(usage.ru_utime) + ms(usage.ru_stime);
}

// "key=value key='quoted value'" -> params (enough for a benchmark's --conn).
QMap<QString, QString> parseConn(const QString &text)
{
    QMap<QString, QString> params;
    static const QRegularExpression re(
        QStringLiteral(R"((\w+)\s*=\s*(?:'((?:[^'\\]|\\.)*)'|(\S+)))"));
    for (auto it = re.globalMatch(text); it.hasNext();) {
        const auto m = it.next();
        params.insert(m.captured(1), m.hasCaptured(2) ? m.captured(2) : m.captured(3));
    }
    return params;
}

// The largest gap between ticks of a fast timer while it runs.
class Heartbeat
{
public:
    explicit Heartbeat(int intervalMs)
    {
        m_timer.setTimerType(Qt::PreciseTimer);
        m_timer.setInterval(intervalMs);
        QObject::connect(&m_timer, &QTimer::timeout, [this] {
            const qint64 now = m_clock.nsecsElapsed();
            m_maxGapNs = std::max(m_maxGapNs, now - m_lastNs);
            m_lastNs = now;
        });
    }
    void start()
    {
        m_maxGapNs = 0;
        m_clock.start();
        m_lastNs = 0;
        m_timer.start();
    }
    double stop()
    {
        // The time since the last tick counts as well.
        m_maxGapNs = std::max(m_maxGapNs, m_clock.nsecsElapsed() - m_lastNs);
        m_timer.stop();
        return double(m_maxGapNs) / 1e6;
    }

private:
    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_lastNs = 0;
    qint64 m_maxGapNs = 0;
};

struct FetchResult
{
    bool ok = false;
    double firstBatchMs = -1;
    double ms = 0;
    qint64 rssGrowthKb = -1; // peak RSS during the fetch minus RSS before it
    double maxStallMs = 0;
    double cpuMs = 0;
    qint64 rows = 0;
    qint64 bytes = 0;
    int batches = 0;
    QString error;
};

// Linux resets VmHWM (the peak) to the current RSS when "5" is written here.
bool resetPeak()
{
    QFile refs(QStringLiteral("/proc/self/clear_refs"));
    return refs.open(QIODevice::WriteOnly) && refs.write("5") == 1;
}

FetchResult fetchThroughSession(PgSession &session, const QString &sql, Heartbeat &heartbeat,
                                bool keep, QList<PgRowBatch> &kept)
{
    FetchResult result;
    QEventLoop loop;
    PgRequestId id = 0;
    QObject context;
    QElapsedTimer timer;
    // The grid's model, as a query tab fills it (no cap: every row is kept).
    ResultSetModel model;
    model.setRowCap(std::numeric_limits<qint64>::max());
    QObject::connect(&session, &PgSession::columnsReceived, &context,
                     [&](PgRequestId rid, int, const QList<PgColumn> &columns) {
                         if (rid == id)
                             model.setColumns(columns);
                     });
    QObject::connect(&session, &PgSession::rowsReceived, &context,
                     [&](PgRequestId rid, int, const PgRowBatch &batch) {
                         if (rid != id)
                             return;
                         ++result.batches;
                         result.rows += batch.rowCount();
                         // Touch every value, as a consumer would.
                         for (int row = 0; row < batch.rowCount(); ++row) {
                             for (int column = 0; column < batch.columnCount(); ++column)
                                 result.bytes += batch.value(row, column).size();
                         }
                         if (keep)
                             kept << batch;
                         model.appendBatch(batch);
                         if (result.firstBatchMs < 0)
                             result.firstBatchMs = double(timer.nsecsElapsed()) / 1e6;
                     });
    QObject::connect(&session, &PgSession::requestFailed, &context,
                     [&](PgRequestId rid, const PgError &error) {
                         if (rid == id)
                             result.error = error.fullText();
                     });
    QObject::connect(&session, &PgSession::requestFinished, &context,
                     [&](PgRequestId rid, bool ok, qint64) {
                         if (rid != id)
                             return;
                         result.ok = ok;
                         loop.quit();
                     });
    const qint64 rssBefore = test::procStatusKb("VmRSS");
    const bool peakReset = resetPeak();
    heartbeat.start();
    const double cpuBefore = cpuMs();
    timer.start();
    id = session.execute(sql);
    loop.exec();
    result.ms = double(timer.nsecsElapsed()) / 1e6;
    if (peakReset && rssBefore > 0)
        result.rssGrowthKb = test::procStatusKb("VmHWM") - rssBefore;
    if (model.rowCount() != result.rows)
        result.error =
            QStringLiteral("the model holds %1 of %2 rows").arg(model.rowCount()).arg(result.rows);
    result.cpuMs = cpuMs() - cpuBefore;
    result.maxStallMs = heartbeat.stop();
    return result;
}

double timePsqlCopy(const QString &psql, const QMap<QString, QString> &params, const QString &sql,
                    QString *error)
{
    QStringList args{QStringLiteral("-X"), QStringLiteral("-q")};
    const QList<QPair<QString, QString>> flags{{QStringLiteral("host"), QStringLiteral("-h")},
                                               {QStringLiteral("port"), QStringLiteral("-p")},
                                               {QStringLiteral("user"), QStringLiteral("-U")},
                                               {QStringLiteral("dbname"), QStringLiteral("-d")}};
    for (const auto &[key, flag] : flags) {
        if (!params.value(key).isEmpty())
            args << flag << params.value(key);
    }
    args << QStringLiteral("-c") << QStringLiteral("COPY (%1) TO STDOUT").arg(sql);
    QProcess process;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    if (!params.value(QStringLiteral("password")).isEmpty())
        env.insert(QStringLiteral("PGPASSWORD"), params.value(QStringLiteral("password")));
    process.setProcessEnvironment(env);
    process.setStandardOutputFile(QProcess::nullDevice());
    QElapsedTimer timer;
    timer.start();
    process.start(psql, args);
    if (!process.waitForFinished(300000) || process.exitCode() != 0) {
        *error = QString::fromLocal8Bit(process.readAllStandardError()).trimmed();
        if (error->isEmpty())
            *error = process.errorString();
        return -1;
    }
    return double(timer.nsecsElapsed()) / 1e6;
}

// Time from a request to the sort/filter model until its answer is swapped in.
double timeProxy(ResultSortFilterModel &proxy, Heartbeat &heartbeat, double *stallMs,
                 const std::function<void()> &request)
{
    QEventLoop loop;
    QObject context;
    QObject::connect(&proxy, &ResultSortFilterModel::busyChanged, &context, [&](bool busy) {
        if (!busy)
            loop.quit();
    });
    QElapsedTimer timer;
    heartbeat.start();
    timer.start();
    request();
    if (proxy.isBusy())
        loop.exec();
    const double ms = double(timer.nsecsElapsed()) / 1e6;
    *stallMs = std::max(*stallMs, heartbeat.stop());
    return ms;
}

double median(QList<double> values)
{
    std::sort(values.begin(), values.end());
    return values.isEmpty() ? 0 : values.at(values.size() / 2);
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Streams rows through PgSession and compares with psql COPY."));
    parser.addHelpOption();
    const QCommandLineOption connOption(
        QStringLiteral("conn"),
        QStringLiteral("libpq keyword string (default: SIGHTLINE_TEST_PG*)"),
        QStringLiteral("conninfo"));
    const QCommandLineOption rowsOption(QStringLiteral("rows"), QStringLiteral("rows to fetch"),
                                        QStringLiteral("n"), QStringLiteral("1000000"));
    const QCommandLineOption runsOption(QStringLiteral("runs"), QStringLiteral("repetitions"),
                                        QStringLiteral("n"), QStringLiteral("3"));
    const QCommandLineOption batchOption(QStringLiteral("batch-rows"),
                                         QStringLiteral("PgSession::setBatchRows"),
                                         QStringLiteral("n"));
    const QCommandLineOption keepOption(
        QStringLiteral("keep"),
        QStringLiteral("keep every batch in memory (shows what holding the result costs)"));
    const QCommandLineOption heartbeatOption(QStringLiteral("heartbeat-ms"),
                                             QStringLiteral("heartbeat interval"),
                                             QStringLiteral("ms"), QStringLiteral("5"));
    const QCommandLineOption sortOption(
        QStringLiteral("sort"),
        QStringLiteral("also time the result grid's sort and filter of the loaded rows"));
    parser.addOptions(
        {connOption, rowsOption, runsOption, batchOption, keepOption, heartbeatOption, sortOption});
    parser.process(app);

    PgConnectSpec spec;
    if (parser.isSet(connOption)) {
        spec.params = parseConn(parser.value(connOption));
    } else {
        QString why;
        if (!test::serverConfigured(&why)) {
            QTextStream(stderr) << "bench_fetch: " << why << " Or pass --conn.\n";
            return 2;
        }
        spec = test::serverSpec();
    }
    const int rows = parser.value(rowsOption).toInt();
    const int runs = std::max(1, parser.value(runsOption).toInt());
    const QString sql =
        QStringLiteral("SELECT g, md5(g::text) FROM generate_series(1,%1) g").arg(rows);
    const QString psql = QStandardPaths::findExecutable(QStringLiteral("psql"));
    if (psql.isEmpty()) {
        QTextStream(stderr) << "bench_fetch: psql not found (package postgresql-client)\n";
        return 2;
    }

    PgSession session;
    if (parser.isSet(batchOption))
        session.setBatchRows(parser.value(batchOption).toInt());
    PgError error;
    if (!test::connectAndWait(session, spec, &error)) {
        QTextStream(stderr) << "bench_fetch: " << error.fullText() << "\n";
        return 1;
    }
    // Values passed to psql as the session saw them (libpq's defaults applied).
    QMap<QString, QString> psqlParams = spec.params;
    psqlParams.insert(QStringLiteral("host"), session.host());
    psqlParams.insert(QStringLiteral("port"), session.port());
    psqlParams.insert(QStringLiteral("user"), session.user());
    psqlParams.insert(QStringLiteral("dbname"), session.database());

    out() << "server=" << session.capabilities().versionLabel() << "\n"
          << "rows=" << rows << "\n"
          << "batch_rows=" << session.batchRows() << "\n"
          << "heartbeat_ms=" << parser.value(heartbeatOption) << Qt::endl;

    Heartbeat heartbeat(parser.value(heartbeatOption).toInt());
    QList<double> sessionMs, psqlMs, stalls, firstBatch, rssPerRaw;
    qint64 rawBytes = 0;
    qint64 rssGrowth = 0;
    QList<PgRowBatch> kept;
    for (int run = 1; run <= runs; ++run) {
        kept.clear();
        const FetchResult fetched =
            fetchThroughSession(session, sql, heartbeat, parser.isSet(keepOption), kept);
        if (!fetched.ok || fetched.rows != rows || !fetched.error.isEmpty()) {
            QTextStream(stderr) << "bench_fetch: fetch failed (" << fetched.rows
                                << " rows): " << fetched.error << "\n";
            return 1;
        }
        QString psqlError;
        const double copyMs = timePsqlCopy(psql, psqlParams, sql, &psqlError);
        if (copyMs < 0) {
            QTextStream(stderr) << "bench_fetch: psql failed: " << psqlError << "\n";
            return 1;
        }
        sessionMs << fetched.ms;
        psqlMs << copyMs;
        stalls << fetched.maxStallMs;
        firstBatch << fetched.firstBatchMs;
        // What COPY writes: the values, a tab between them, a newline per row.
        rawBytes = fetched.bytes + fetched.rows * 2;
        rssGrowth = std::max(rssGrowth, fetched.rssGrowthKb);
        // The first run counts most (later ones reuse memory the allocator kept).
        if (fetched.rssGrowthKb > 0)
            rssPerRaw << double(fetched.rssGrowthKb) * 1024.0 / double(rawBytes);
        out() << QStringLiteral("run=%1 session_ms=%2 psql_copy_ms=%3 max_stall_ms=%4 "
                                "session_cpu_ms=%5 batches=%6 bytes=%7")
                     .arg(run)
                     .arg(fetched.ms, 0, 'f', 1)
                     .arg(copyMs, 0, 'f', 1)
                     .arg(fetched.maxStallMs, 0, 'f', 1)
                     .arg(fetched.cpuMs, 0, 'f', 1)
                     .arg(fetched.batches)
                     .arg(fetched.bytes)
              << Qt::endl;
    }

    const double sessionMedian = median(sessionMs);
    const double psqlMedian = median(psqlMs);
    const double worstStall = *std::max_element(stalls.cbegin(), stalls.cend());
    out() << "first_batch_ms=" << QString::number(median(firstBatch), 'f', 1) << "\n"
          << "session_ms=" << QString::number(sessionMedian, 'f', 1) << "\n"
          << "psql_copy_ms=" << QString::number(psqlMedian, 'f', 1) << "\n"
          << "ratio=" << QString::number(sessionMedian / psqlMedian, 'f', 3) << "\n"
          << "max_stall_ms=" << QString::number(worstStall, 'f', 1) << "\n"
          << "raw_text_bytes=" << rawBytes << "\n"
          << "rows_rss_growth_kb=" << rssGrowth << "\n"
          << "rss_per_raw="
          << QString::number(
                 rssPerRaw.isEmpty() ? -1 : *std::max_element(rssPerRaw.cbegin(), rssPerRaw.cend()),
                 'f', 2)
          << "\n"
          << "peak_rss_kb=" << test::procStatusKb("VmHWM") << "\n"
          << "target_first_batch_ms=100 target_ratio=1.5 target_rss_per_raw=2.5 "
             "target_stall_ms=50"
          << Qt::endl;

    if (parser.isSet(sortOption)) {
        kept.clear();
        const FetchResult fetched = fetchThroughSession(session, sql, heartbeat, true, kept);
        if (!fetched.ok) {
            QTextStream(stderr) << "bench_fetch: fetch failed: " << fetched.error << "\n";
            return 1;
        }
        ResultSetModel model;
        model.setRowCap(rows);
        model.setColumns({{QStringLiteral("g"), 23}, {QStringLiteral("md5"), 25}});
        for (const PgRowBatch &batch : std::as_const(kept))
            model.appendBatch(batch);
        ResultSortFilterModel proxy;
        proxy.setSourceModel(&model);
        double stall = 0;
        const double sortInt =
            timeProxy(proxy, heartbeat, &stall, [&] { proxy.sort(0, Qt::DescendingOrder); });
        const double sortText =
            timeProxy(proxy, heartbeat, &stall, [&] { proxy.sort(1, Qt::AscendingOrder); });
        timeProxy(proxy, heartbeat, &stall, [&] { proxy.sort(-1); });
        const double filter =
            timeProxy(proxy, heartbeat, &stall, [&] { proxy.setFilter(QStringLiteral("ABC")); });
        out() << "sort_rows=" << model.rowCount() << "\n"
              << "sort_locale=" << QLocale().name() << "\n"
              << "sort_int_ms=" << QString::number(sortInt, 'f', 1) << "\n"
              << "sort_text_ms=" << QString::number(sortText, 'f', 1) << "\n"
              << "filter_ms=" << QString::number(filter, 'f', 1)
              << " filter_rows=" << proxy.rowCount() << "\n"
              << "sort_max_stall_ms=" << QString::number(stall, 'f', 1) << Qt::endl;
    }
    return 0;
}
