#pragma once

#include "models/pg/pgsession.h"
#include "models/query/explainrunner.h"

#include <QObject>
#include <QPointer>
#include <QTimer>

#include <memory>

namespace sightline {

struct RealIndexResult
{
    QString statement;
    QString createIndex; // as run (CONCURRENTLY, with the index's name)
    QString indexName;
    QStringList plansBefore; // EXPLAIN (ANALYZE, FORMAT JSON) of each run
    QStringList plansAfter;
    QList<double> msBefore; // their execution times
    QList<double> msAfter;
    int medianBefore = -1; // index of the run with the median time
    int medianAfter = -1;
};

// "Try an index" for real: Explain Analyze the statement several times, build
// the index with CREATE INDEX CONCURRENTLY (progress from
// pg_stat_progress_create_index on a second connection, cancel drops what was
// built), Explain Analyze again, and report the median runs. The index stays
// until dropIndex(); the caller asks the user. Only for an idle session (no
// open transaction: CONCURRENTLY refuses one).
class RealIndexTrial final : public QObject
{
    Q_OBJECT
public:
    RealIndexTrial(PgSession *session, const PgConnectSpec &monitorSpec, QObject *parent = nullptr);
    ~RealIndexTrial() override;

    // "CREATE INDEX ON t (a)" -> "CREATE INDEX CONCURRENTLY name ON t (a)";
    // empty with *error when it is not a CREATE INDEX.
    static QString concurrentStatement(const QString &createIndex, const QString &name,
                                       QString *error);

    bool start(const QString &statement, const QString &createIndex, int runs = 3);
    void cancel();
    // DROP INDEX CONCURRENTLY IF EXISTS the index; emits dropped().
    void dropIndex();
    bool isRunning() const { return m_running; }
    QString indexName() const { return m_result.indexName; }

Q_SIGNALS:
    void stageChanged(const QString &text);
    // fraction 0..1, or -1 while the phase has no count.
    void progress(const QString &phase, double fraction);
    void finished(const sightline::RealIndexResult &result);
    void failed(const sightline::PgError &error);
    void dropped(bool ok, const QString &message);

private:
    void explainRuns(bool after, int remaining);
    void build();
    void poll();
    void fail(const PgError &error, bool dropFirst);
    static int medianRun(const QList<double> &ms);

    QPointer<PgSession> m_session;
    PgConnectSpec m_monitorSpec;
    std::unique_ptr<PgSession> m_monitor;
    std::unique_ptr<ExplainRunner> m_explainer;
    QTimer m_pollTimer;
    RealIndexResult m_result;
    int m_runs = 3;
    bool m_running = false;
    bool m_cancelled = false;
    bool m_building = false;
};

} // namespace sightline

Q_DECLARE_METATYPE(sightline::RealIndexResult)
