#include "models/pg/demoenvironment.h"

#include "models/pg/localcluster.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QLoggingCategory>
#include <QMutex>
#include <QStandardPaths>
#include <QThread>

#include <atomic>
#include <optional>
#include <unistd.h>

namespace sightline {

namespace {

Q_LOGGING_CATEGORY(lcDemo, "sightline.demo")

enum class Stage
{
    Idle,
    Cluster,        // worker thread: init/start the private cluster
    ConnectServer,  // connecting to the maintenance database
    CreateDatabase, // CREATE DATABASE running
    ConnectDemo,    // connecting to the demo database
    Configure,      // passing scale and version to the load session
    Loading,        // running the load scripts
    Ready
};

struct LoadStep
{
    const char *resource;
    const char *message;
    int weight; // share of the load time, measured at scale 1
};

// Weights follow a measured load (16 s at scale 1 on two busy cores): the orders and
// their items are most of it.
constexpr LoadStep LoadSteps[] = {
    {":/demo/reset.sql",
     QT_TRANSLATE_NOOP("sightline::DemoEnvironment", "Preparing the demo database…"), 1},
    {":/demo/customers.sql", QT_TRANSLATE_NOOP("sightline::DemoEnvironment", "Creating customers…"),
     2},
    {":/demo/products.sql", QT_TRANSLATE_NOOP("sightline::DemoEnvironment", "Creating products…"),
     1},
    {":/demo/orders.sql", QT_TRANSLATE_NOOP("sightline::DemoEnvironment", "Creating orders…"), 28},
    {":/demo/order_items.sql",
     QT_TRANSLATE_NOOP("sightline::DemoEnvironment", "Creating order items…"), 45},
    {":/demo/constraints.sql",
     QT_TRANSLATE_NOOP("sightline::DemoEnvironment", "Checking foreign keys…"), 14},
    {":/demo/vacuum.sql", QT_TRANSLATE_NOOP("sightline::DemoEnvironment", "Gathering statistics…"),
     7},
    {":/demo/meta.sql", QT_TRANSLATE_NOOP("sightline::DemoEnvironment", "Finishing…"), 1},
};

// Percent ranges of the whole start-up.
constexpr int ClusterDonePercent = 10;
constexpr int DatabaseDonePercent = 14;
constexpr int LoadDonePercent = 99;

QString readResource(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QString::fromUtf8(file.readAll());
}

double defaultScale()
{
    bool ok = false;
    const double scale = qEnvironmentVariable("SIGHTLINE_DEMO_SCALE").toDouble(&ok);
    return ok && scale > 0 ? scale : 1.0;
}

// How long stop() and the destructor wait for a cancelled cluster step. The
// step notices the cancel within a tenth of a second and its program gets a
// few seconds to exit (see LocalCluster); this is only a backstop.
constexpr int WorkerStopWaitMs = 8000;

// Shared by the owner and its worker thread, which may outlive the owner (a
// step that would not end in time is left running rather than waited for).
struct ClusterWork : std::enable_shared_from_this<ClusterWork>
{
    std::shared_ptr<std::atomic_bool> cancel = std::make_shared<std::atomic_bool>(false);

    // Written by the worker before it finishes, read once it has.
    bool ok = false;
    QString error;
    PgConnectSpec spec;

    // Where progress lines go; cleared (under the mutex) when the owner goes,
    // so the worker never posts to a destroyed object.
    QMutex mutex;
    DemoEnvironment *owner = nullptr;

    bool cancelled() const { return cancel->load(std::memory_order_acquire); }

    bool isOwnedBy(const DemoEnvironment *environment)
    {
        const QMutexLocker lock(&mutex);
        return owner == environment;
    }

    void report(const QString &line)
    {
        const QMutexLocker lock(&mutex);
        if (!owner)
            return;
        // Queued, so receivers never run on the worker thread. A line still
        // queued when the owner stops listening is dropped on arrival.
        QMetaObject::invokeMethod(
            owner,
            [self = shared_from_this(), target = owner, line] {
                if (self->isOwnedBy(target))
                    Q_EMIT target->progress(line, 5);
            },
            Qt::QueuedConnection);
    }

    void detach()
    {
        cancel->store(true, std::memory_order_release);
        const QMutexLocker lock(&mutex);
        owner = nullptr;
    }
};

// Sets up the private cluster; runs on the worker thread. Stops between steps
// once cancelled; a running program is cut short by LocalCluster itself.
void prepareCluster(ClusterWork &work, const QString &baseDir, int port, const QString &binDir)
{
    const auto cancelled = [&work] {
        if (!work.cancelled())
            return false;
        work.error = DemoEnvironment::tr("Starting the demo database server was cancelled.");
        return true;
    };
    // As root the base lives under /var/lib/sightline, which postgres must be
    // able to enter. Only a directory made here gets its mode set; an existing
    // one is left alone (the traversal check explains a problem with it).
    if (::geteuid() == 0) {
        const QString parent = QFileInfo(baseDir).path();
        if (!QFileInfo::exists(parent) && QDir().mkpath(parent))
            QFile::setPermissions(parent, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner |
                                              QFile::ReadGroup | QFile::ExeGroup |
                                              QFile::ReadOther | QFile::ExeOther);
    }

    LocalCluster cluster(baseDir, port);
    if (!binDir.isEmpty())
        cluster.setBinDir(binDir);
    cluster.setLogger([&work](const QString &line) { work.report(line); });
    cluster.setCancelFlag(work.cancel);
    QString error;
    if (cluster.isInitialized()) {
        const int binVersion = cluster.binMajorVersion(&error);
        if (cancelled())
            return;
        if (binVersion == 0) {
            work.error = error;
            return;
        }
        // Data files of another major version cannot be opened; the demo can be made again.
        if (cluster.dataMajorVersion() != binVersion) {
            work.report(DemoEnvironment::tr(
                            "The demo cluster was made by PostgreSQL %1; making it again for %2")
                            .arg(cluster.dataMajorVersion())
                            .arg(binVersion));
            if (!cluster.remove(&error)) {
                if (!cancelled())
                    work.error = error;
                return;
            }
        }
    }
    if (cancelled())
        return;
    if (!cluster.isInitialized() && !cluster.init(&error)) {
        if (!cancelled())
            work.error = error;
        return;
    }
    if (cancelled())
        return;
    if (!cluster.start(&error)) {
        if (!cancelled())
            work.error = error;
        return;
    }
    work.spec = cluster.connectSpec(QStringLiteral("postgres"));
    work.ok = true;
}

} // namespace

struct DemoEnvironment::Private
{
    QString baseDir = DemoEnvironment::defaultBaseDir();
    int port = DemoEnvironment::DefaultPort;
    QString binDir;
    double scale = defaultScale();
    QString databaseName = QStringLiteral("sightline_demo");
    std::optional<PgConnectSpec> externalServer;

    Stage stage = Stage::Idle;
    QThread *worker = nullptr;
    std::shared_ptr<ClusterWork> work;
    bool usedPrivateCluster = false;

    PgConnectSpec serverSpec; // the maintenance database we connect to first
    PgSession *session = nullptr;
    PgRequestId pending = 0;
    PgError requestError;
    int nextStep = 0;
    int loadedWeight = 0;
    QElapsedTimer loadTimer;
};

DemoEnvironment::DemoEnvironment(QObject *parent)
    : QObject(parent)
    , d(std::make_unique<Private>())
{}

DemoEnvironment::~DemoEnvironment()
{
    // A cluster step still running is cancelled, not waited out (initdb alone
    // may take minutes on a slow disk).
    stopWorker();
}

QString DemoEnvironment::defaultBaseDir()
{
    // The postgres user cannot enter /root. An XDG_DATA_HOME elsewhere (tests set
    // one) is still honoured, so a test run never touches the shared location.
    const QString dataHome = qEnvironmentVariable("XDG_DATA_HOME");
    if (::geteuid() == 0 && (dataHome.isEmpty() || dataHome == QLatin1String("/root") ||
                             dataHome.startsWith(QLatin1String("/root/"))))
        return QStringLiteral("/var/lib/sightline/demo-cluster");
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) +
           QLatin1String("/demo-cluster");
}

void DemoEnvironment::setBaseDir(const QString &dir)
{
    d->baseDir = dir;
}

QString DemoEnvironment::baseDir() const
{
    return d->baseDir;
}

void DemoEnvironment::setPort(int port)
{
    d->port = port;
}

int DemoEnvironment::port() const
{
    return d->port;
}

void DemoEnvironment::setServerBinDir(const QString &dir)
{
    d->binDir = dir;
}

void DemoEnvironment::setScale(double scale)
{
    d->scale = scale > 0 ? scale : 1.0;
}

double DemoEnvironment::scale() const
{
    return d->scale;
}

void DemoEnvironment::setDatabaseName(const QString &name)
{
    d->databaseName = name;
}

QString DemoEnvironment::databaseName() const
{
    return d->databaseName;
}

void DemoEnvironment::setServer(const PgConnectSpec &serverSpec)
{
    d->externalServer = serverSpec;
}

bool DemoEnvironment::isBusy() const
{
    return d->stage != Stage::Idle && d->stage != Stage::Ready;
}

QString DemoEnvironment::exampleQueries()
{
    return readResource(QStringLiteral(":/demo/examples.sql"));
}

QStringList DemoEnvironment::loadScripts()
{
    QStringList scripts;
    for (const LoadStep &step : LoadSteps)
        scripts.append(QString::fromLatin1(step.resource));
    return scripts;
}

void DemoEnvironment::start()
{
    if (isBusy())
        return;
    if (d->externalServer) {
        d->serverSpec = *d->externalServer;
        Q_EMIT progress(tr("Connecting to the server…"), ClusterDonePercent);
        connectTo(d->serverSpec, int(Stage::ConnectServer));
        return;
    }
    startCluster();
}

void DemoEnvironment::startCluster()
{
    d->stage = Stage::Cluster;
    d->usedPrivateCluster = true;
    Q_EMIT progress(tr("Starting the demo database server…"), 1);

    auto work = std::make_shared<ClusterWork>();
    work->owner = this;
    d->work = work;
    const QString baseDir = d->baseDir;
    const int port = d->port;
    const QString binDir = d->binDir;
    // Captures no `this`: the thread may outlive this object (see stopWorker).
    d->worker = QThread::create(
        [work, baseDir, port, binDir] { prepareCluster(*work, baseDir, port, binDir); });
    connect(d->worker, &QThread::finished, this, &DemoEnvironment::clusterStepFinished);
    d->worker->start();
}

void DemoEnvironment::clusterStepFinished()
{
    if (!d->worker)
        return;
    d->worker->deleteLater();
    d->worker = nullptr;
    const std::shared_ptr<ClusterWork> work = std::move(d->work);
    if (work)
        work->detach();
    if (!work || !work->ok) {
        fail(work ? work->error : tr("The demo database server did not start."));
        return;
    }
    d->serverSpec = work->spec;
    Q_EMIT progress(tr("Demo database server running"), ClusterDonePercent);
    connectTo(d->serverSpec, int(Stage::ConnectServer));
}

void DemoEnvironment::connectTo(const PgConnectSpec &spec, int stage)
{
    // A fresh session per database: nothing of the previous connection carries over.
    if (d->session) {
        d->session->disconnect(this);
        d->session->deleteLater();
    }
    d->session = new PgSession(this);
    d->pending = 0;
    connect(d->session, &PgSession::connected, this, &DemoEnvironment::onConnected);
    connect(d->session, &PgSession::connectFailed, this, &DemoEnvironment::onConnectFailed);
    connect(d->session, &PgSession::requestFailed, this, &DemoEnvironment::onRequestFailed);
    connect(d->session, &PgSession::requestFinished, this,
            [this](PgRequestId id, bool ok, qint64) { onRequestFinished(id, ok); });
    connect(d->session, &PgSession::connectionLost, this, [this](const PgError &error, bool) {
        fail(tr("The connection to the demo database was lost: %1").arg(error.summary()));
    });
    d->stage = Stage(stage);
    d->session->connectToServer(spec);
}

void DemoEnvironment::onConnected()
{
    if (d->stage == Stage::ConnectServer)
        ensureDatabase();
    else if (d->stage == Stage::ConnectDemo)
        checkMarker();
}

void DemoEnvironment::onConnectFailed(const PgError &error)
{
    fail(tr("Could not connect to the demo database server: %1").arg(error.summary()));
}

void DemoEnvironment::onRequestFailed(PgRequestId id, const PgError &error)
{
    if (id == d->pending)
        d->requestError = error;
}

void DemoEnvironment::onRequestFinished(PgRequestId id, bool ok)
{
    if (id == 0 || id != d->pending)
        return;
    d->pending = 0;
    const PgError error = std::exchange(d->requestError, PgError());
    switch (d->stage) {
    case Stage::CreateDatabase:
        // Another Sightline may have created it a moment ago (duplicate_database).
        if (!ok && error.sqlState != QLatin1String("42P04")) {
            fail(tr("Could not create the demo database: %1").arg(error.summary()));
            return;
        }
        connectTo(demoSpec(), int(Stage::ConnectDemo));
        return;
    case Stage::Configure:
        if (!ok) {
            fail(tr("Could not prepare the demo load: %1").arg(error.summary()));
            return;
        }
        runNextScript();
        return;
    case Stage::Loading:
        if (!ok) {
            fail(tr("Loading the demo data failed (%1): %2")
                     .arg(QString::fromLatin1(LoadSteps[d->nextStep - 1].resource),
                          error.summary()));
            return;
        }
        d->loadedWeight += LoadSteps[d->nextStep - 1].weight;
        runNextScript();
        return;
    default:
        return;
    }
}

void DemoEnvironment::ensureDatabase()
{
    d->session->query(
        PgSession::sqlResource(QStringLiteral("demo_database_exists")), {d->databaseName},
        [this](const PgQueryResult &result) {
            if (!result.ok()) {
                fail(tr("Could not look for the demo database: %1").arg(result.error.summary()));
                return;
            }
            if (result.rows.rowCount() > 0) {
                connectTo(demoSpec(), int(Stage::ConnectDemo));
                return;
            }
            createDatabase();
        });
}

void DemoEnvironment::createDatabase()
{
    Q_EMIT progress(tr("Creating the demo database…"), ClusterDonePercent + 2);
    d->stage = Stage::CreateDatabase;
    // An identifier cannot be a parameter: the server quotes the name (%I) and
    // hands back the statement, which runs on its own because CREATE DATABASE
    // cannot run inside a function or a DO block.
    d->session->query(
        PgSession::sqlResource(QStringLiteral("demo_create_database")), {d->databaseName},
        [this](const PgQueryResult &result) {
            if (!result.ok() || result.rows.rowCount() != 1) {
                fail(tr("Could not create the demo database: %1").arg(result.error.summary()));
                return;
            }
            d->pending = d->session->execute(result.rows.text(0, 0));
        });
}

void DemoEnvironment::checkMarker()
{
    Q_EMIT progress(tr("Checking the demo data…"), DatabaseDonePercent);
    d->session->query(
        PgSession::sqlResource(QStringLiteral("demo_marker_exists")), {},
        [this](const PgQueryResult &exists) {
            if (!exists.ok()) {
                fail(tr("Could not check the demo data: %1").arg(exists.error.summary()));
                return;
            }
            if (exists.rows.rowCount() == 0 || exists.rows.text(0, 0) != QLatin1String("t")) {
                beginLoad();
                return;
            }
            d->session->query(PgSession::sqlResource(QStringLiteral("demo_marker")), {},
                              [this](const PgQueryResult &meta) {
                                  const bool current =
                                      meta.ok() && meta.rows.rowCount() == 1 &&
                                      meta.rows.text(0, 0).toInt() == DataVersion &&
                                      qAbs(meta.rows.text(0, 1).toDouble() - d->scale) < 1e-9;
                                  if (current)
                                      finish();
                                  else
                                      beginLoad();
                              });
        });
}

void DemoEnvironment::beginLoad()
{
    Q_EMIT progress(tr("Loading the demo data (a few million rows)…"), DatabaseDonePercent);
    d->loadTimer.start();
    d->nextStep = 0;
    d->loadedWeight = 0;
    d->stage = Stage::Configure;
    // The scripts read their size and the version they record from settings, so
    // no value is pasted into their text.
    d->pending = d->session->executeParams(
        PgSession::sqlResource(QStringLiteral("demo_configure")),
        {QString::number(d->scale, 'g', 10), QString::number(DataVersion)});
}

void DemoEnvironment::runNextScript()
{
    constexpr int stepCount = int(std::size(LoadSteps));
    if (d->nextStep >= stepCount) {
        qCInfo(lcDemo) << "demo data loaded in" << d->loadTimer.elapsed() << "ms";
        finish();
        return;
    }
    int totalWeight = 0;
    for (const LoadStep &step : LoadSteps)
        totalWeight += step.weight;
    const LoadStep &step = LoadSteps[d->nextStep++];
    const QString script = readResource(QString::fromLatin1(step.resource));
    if (script.isEmpty()) {
        fail(tr("The demo script %1 is missing from this build.")
                 .arg(QString::fromLatin1(step.resource)));
        return;
    }
    const int percent = DatabaseDonePercent +
                        (LoadDonePercent - DatabaseDonePercent) * d->loadedWeight / totalWeight;
    Q_EMIT progress(tr(step.message), percent);
    d->stage = Stage::Loading;
    // One script is one implicit transaction: each table is created and filled
    // together, which lets the server skip the WAL for its rows.
    d->pending = d->session->execute(script);
}

void DemoEnvironment::finish()
{
    d->stage = Stage::Ready;
    if (d->session) {
        d->session->disconnect(this);
        d->session->disconnectFromServer();
        d->session->deleteLater();
        d->session = nullptr;
    }
    Q_EMIT progress(tr("Demo database ready"), 100);
    Q_EMIT ready(demoSpec());
}

void DemoEnvironment::fail(const QString &message)
{
    d->stage = Stage::Idle;
    d->pending = 0;
    if (d->session) {
        d->session->disconnect(this);
        d->session->deleteLater();
        d->session = nullptr;
    }
    Q_EMIT failed(message);
}

PgConnectSpec DemoEnvironment::demoSpec() const
{
    PgConnectSpec spec = d->serverSpec;
    spec.params.insert(QStringLiteral("dbname"), d->databaseName);
    return spec;
}

bool DemoEnvironment::stopWorker()
{
    QThread *worker = std::exchange(d->worker, nullptr);
    const std::shared_ptr<ClusterWork> work = std::move(d->work);
    if (!worker)
        return true;
    // Cancel first: the step gives up and its program is terminated, so the
    // wait below is short instead of initdb's or pg_ctl's full run.
    if (work)
        work->detach();
    // Its queued finished() must not go on to connect after the stop.
    worker->disconnect(this);
    if (worker->wait(QDeadlineTimer(WorkerStopWaitMs))) {
        delete worker;
        return true;
    }
    // Left to finish on its own: it holds nothing of ours (see ClusterWork),
    // and deleting a running QThread would abort the application.
    qCWarning(lcDemo) << "the demo cluster step did not stop within" << WorkerStopWaitMs
                      << "ms; leaving it to finish";
    connect(worker, &QThread::finished, worker, &QObject::deleteLater);
    if (worker->isFinished())
        delete worker;
    return false;
}

void DemoEnvironment::stop()
{
    const bool stepEnded = stopWorker();
    if (d->session) {
        d->session->disconnect(this);
        d->session->disconnectFromServer();
        d->session->deleteLater();
        d->session = nullptr;
    }
    d->stage = Stage::Idle;
    if (!d->usedPrivateCluster)
        return;
    LocalCluster cluster(d->baseDir, d->port);
    if (!d->binDir.isEmpty())
        cluster.setBinDir(d->binDir);
    if (!stepEnded)
        qCWarning(lcDemo) << "stopping the demo cluster while its start-up step still runs";
    // A cancelled start may still have brought the server up (pg_ctl had
    // launched it), so it is stopped whatever the step got to.
    QString error;
    if (!cluster.stop(&error))
        qCWarning(lcDemo) << "could not stop the demo cluster:" << error;
}

} // namespace sightline
