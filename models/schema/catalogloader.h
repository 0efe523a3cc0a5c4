#pragma once

#include "models/pg/pgsession.h"
#include "models/schema/catalogsnapshot.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFutureWatcher>
#include <QObject>

namespace sightline {

// Loads the CatalogSnapshot of one database over a connection of its own
// (application_name sightline-metadata, short statement_timeout, read-only),
// so catalog queries never wait behind a user's long statement.
//
// load() loads once; refresh() loads again (after DDL, say) and drops a load
// that is still under way. The previous snapshot stays available meanwhile.
// The connection is made on the first load and kept for refreshes; when it
// breaks, the next refresh() connects again.
class CatalogLoader final : public QObject
{
    Q_OBJECT
public:
    enum class State
    {
        Empty,   // nothing loaded yet, nothing under way
        Loading, // a load is under way (snapshot() may hold an older one)
        Ready,   // snapshot() is the last load
        Failed   // the last load failed: see lastError(); snapshot() may hold an older one
    };
    Q_ENUM(State)

    static constexpr int kStatementTimeoutSeconds = 30;

    explicit CatalogLoader(const PgConnectSpec &spec, QObject *parent = nullptr);
    ~CatalogLoader() override;

    // What the metadata connection uses for `spec`: the same server and
    // database, its own application_name, statement_timeout and read-only
    // transactions added to the options the profile already has.
    static PgConnectSpec metadataSpec(const PgConnectSpec &spec);

    // Starts loading unless a snapshot is there or a load is under way.
    void load();
    // Loads again now; a load under way is dropped (its result never shows).
    void refresh();

    State state() const { return m_state; }
    bool isLoading() const { return m_state == State::Loading; }
    // Whether snapshot() holds a loaded catalog (possibly older than a refresh under way).
    bool hasSnapshot() const { return m_hasSnapshot; }
    CatalogSnapshot snapshot() const { return m_snapshot; }
    PgError lastError() const { return m_error; }
    // Milliseconds the last successful load took: queries, then building.
    qint64 lastLoadMs() const { return m_lastLoadMs; }
    qint64 lastBuildMs() const { return m_lastBuildMs; }
    const PgSession *session() const { return &m_session; }

Q_SIGNALS:
    void stateChanged(sightline::CatalogLoader::State state);
    // snapshot() has a new catalog.
    void loaded();
    void failed(const sightline::PgError &error);

private:
    struct Results;
    void startQueries();
    void onQueryDone(quint64 generation, int part, const PgQueryResult &result);
    void fail(const PgError &error);
    void setState(State state);
    void dropRequests();

    PgConnectSpec m_spec;
    PgSession m_session;
    State m_state = State::Empty;
    CatalogSnapshot m_snapshot;
    bool m_hasSnapshot = false;
    PgError m_error;
    quint64 m_generation = 0; // bumped by every load; older answers are dropped
    QList<PgRequestId> m_requests;
    std::shared_ptr<Results> m_results;
    QFutureWatcher<CatalogSnapshot> *m_build = nullptr;
    QElapsedTimer m_clock;
    qint64 m_lastLoadMs = 0;
    qint64 m_lastBuildMs = 0;
};

} // namespace sightline
