#pragma once

#include "models/pg/pgsession.h"

#include <QObject>
#include <QString>
#include <QStringList>

#include <memory>

namespace sightline {

// The demo behind `sightline --demo`: a private PostgreSQL cluster under the
// user's data directory with an e-commerce database (customers, products,
// orders, order_items) built server-side, sized for slow-query demonstrations.
//
// start() returns at once. The cluster is made and started on a worker thread;
// connecting and loading run through PgSession on the thread that owns this
// object. The first start loads a few million rows (seconds); later starts find
// the loaded data and only start the server.
class DemoEnvironment final : public QObject
{
    Q_OBJECT
public:
    static constexpr int DefaultPort = 54330;
    // Bump when the demo scripts change: a database loaded by an older version is
    // loaded again.
    static constexpr int DataVersion = 1;

    explicit DemoEnvironment(QObject *parent = nullptr);
    // Cancels a running cluster step (its program is terminated) and waits a
    // few seconds at most for it. It does not stop the cluster: call stop().
    ~DemoEnvironment() override;

    // AppDataLocation/demo-cluster; as root /var/lib/sightline/demo-cluster unless
    // XDG_DATA_HOME points outside /root (the postgres user cannot enter /root).
    static QString defaultBaseDir();
    void setBaseDir(const QString &dir);
    QString baseDir() const;
    void setPort(int port);
    int port() const;
    // Server binaries to use instead of searching for them (see LocalCluster).
    void setServerBinDir(const QString &dir);

    // Data size relative to the full demo (1 = 100k customers, 1M orders, 2.5M
    // order items). Defaults to SIGHTLINE_DEMO_SCALE when set, else 1.
    void setScale(double scale);
    double scale() const;
    void setDatabaseName(const QString &name); // default "sightline_demo"
    QString databaseName() const;

    // Loads the demo into an existing server instead of the private cluster
    // (tests, or a server the user already has). `serverSpec` names a database
    // to connect to first; its role must be allowed to create databases.
    void setServer(const PgConnectSpec &serverSpec);

    void start();
    bool isBusy() const;

    // Stops the private cluster. A start-up still running is cancelled first:
    // the step stops between steps, and initdb or pg_ctl, if running, is
    // terminated, so this waits seconds at most, never initdb's full run.
    // Then it blocks until the server has shut down (a fast shutdown, well
    // under a second here), which is acceptable only at application exit,
    // when there is no UI left to keep responsive. Another Sightline still
    // using the same demo cluster loses its server too.
    void stop();

    // The example slow queries (resources/demo/examples.sql), one per comment block.
    static QString exampleQueries();
    // The load scripts, in the order they run (resource paths).
    static QStringList loadScripts();

Q_SIGNALS:
    void progress(const QString &message, int percent);
    void ready(const sightline::PgConnectSpec &spec);
    void failed(const QString &message);

private:
    struct Private;
    std::unique_ptr<Private> d;

    void startCluster();
    void clusterStepFinished();
    // Cancels the cluster step and waits for it, within a bound; false when
    // it was still running at the bound and has been left to finish alone.
    bool stopWorker();
    void createDatabase();
    void connectTo(const PgConnectSpec &spec, int stage);
    void onConnected();
    void onConnectFailed(const PgError &error);
    void onRequestFailed(PgRequestId id, const PgError &error);
    void onRequestFinished(PgRequestId id, bool ok);
    void ensureDatabase();
    void checkMarker();
    void beginLoad();
    void runNextScript();
    void finish();
    void fail(const QString &message);
    PgConnectSpec demoSpec() const;
};

} // namespace sightline
