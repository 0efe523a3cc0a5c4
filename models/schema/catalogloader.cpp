#include "models/schema/catalogloader.h"

#include <QHash>
#include <QtConcurrent/QtConcurrentRun>

#include <array>
#include <map>
#include <utility>

namespace sightline {

namespace {

enum Part
{
    SchemasPart,
    RelationsPart,
    ColumnsPart,
    FunctionsPart,
    KeywordsPart,
    PartCount
};

QString partResource(Part part, int serverVersionNum)
{
    switch (part) {
    case SchemasPart:
        return QStringLiteral("catalog_schemas");
    case RelationsPart:
        return QStringLiteral("catalog_relations");
    case ColumnsPart:
        return QStringLiteral("catalog_columns");
    case FunctionsPart:
        // pg_proc.prokind replaced proisagg/proiswindow in PostgreSQL 11.
        return serverVersionNum > 0 && serverVersionNum < 110000
                   ? QStringLiteral("catalog_functions_pre11")
                   : QStringLiteral("catalog_functions");
    case KeywordsPart:
        return QStringLiteral("catalog_keywords");
    case PartCount:
        break;
    }
    return {};
}

bool isTrue(const PgRowBatch &rows, int row, int column)
{
    return column >= 0 && rows.value(row, column) == QByteArrayView("t");
}

QString textAt(const PgRowBatch &rows, int row, int column)
{
    return column >= 0 ? rows.text(row, column) : QString();
}

CatalogRelationKind relationKind(const QString &relkind)
{
    if (relkind == QLatin1String("p"))
        return CatalogRelationKind::PartitionedTable;
    if (relkind == QLatin1String("v"))
        return CatalogRelationKind::View;
    if (relkind == QLatin1String("m"))
        return CatalogRelationKind::MaterializedView;
    if (relkind == QLatin1String("f"))
        return CatalogRelationKind::ForeignTable;
    return CatalogRelationKind::Table;
}

CatalogFunctionKind functionKind(const QString &prokind)
{
    if (prokind == QLatin1String("a"))
        return CatalogFunctionKind::Aggregate;
    if (prokind == QLatin1String("w"))
        return CatalogFunctionKind::Window;
    if (prokind == QLatin1String("p"))
        return CatalogFunctionKind::Procedure;
    return CatalogFunctionKind::Function;
}

} // namespace

struct CatalogLoader::Results
{
    std::array<PgQueryResult, PartCount> parts;
    std::array<bool, PartCount> received{};
};

namespace {

// Runs on a worker thread: the results are shared, read-only values.
CatalogSnapshot buildSnapshot(const std::array<PgQueryResult, PartCount> &parts)
{
    QStringList schemas;
    std::map<int, QString> searchPath;
    {
        const PgQueryResult &r = parts[SchemasPart];
        const int name = r.columnIndex(QStringLiteral("name"));
        const int position = r.columnIndex(QStringLiteral("search_path_position"));
        for (int row = 0; row < r.rows.rowCount(); ++row) {
            schemas << textAt(r.rows, row, name);
            if (position >= 0 && !r.rows.isNull(row, position))
                searchPath.emplace(r.rows.text(row, position).toInt(), schemas.last());
        }
    }

    QList<CatalogRelation> relations;
    QHash<quint32, int> relationByOid;
    {
        const PgQueryResult &r = parts[RelationsPart];
        const int oid = r.columnIndex(QStringLiteral("oid"));
        const int schema = r.columnIndex(QStringLiteral("schema"));
        const int name = r.columnIndex(QStringLiteral("name"));
        const int kind = r.columnIndex(QStringLiteral("kind"));
        const int partition = r.columnIndex(QStringLiteral("is_partition"));
        relations.reserve(r.rows.rowCount());
        relationByOid.reserve(r.rows.rowCount());
        for (int row = 0; row < r.rows.rowCount(); ++row) {
            CatalogRelation relation;
            relation.schema = textAt(r.rows, row, schema);
            relation.name = textAt(r.rows, row, name);
            relation.kind = relationKind(textAt(r.rows, row, kind));
            relation.isPartition = isTrue(r.rows, row, partition);
            relationByOid.insert(textAt(r.rows, row, oid).toUInt(), int(relations.size()));
            relations << relation;
        }
    }
    {
        const PgQueryResult &r = parts[ColumnsPart];
        const int relation = r.columnIndex(QStringLiteral("relation"));
        const int name = r.columnIndex(QStringLiteral("name"));
        const int type = r.columnIndex(QStringLiteral("type"));
        for (int row = 0; row < r.rows.rowCount(); ++row) {
            // A relation created between the two queries has columns but no
            // row of its own; the next refresh picks it up whole.
            const auto it = relationByOid.constFind(textAt(r.rows, row, relation).toUInt());
            if (it == relationByOid.constEnd())
                continue;
            relations[*it].columns.append({textAt(r.rows, row, name), textAt(r.rows, row, type)});
        }
    }

    QList<CatalogFunction> functions;
    {
        const PgQueryResult &r = parts[FunctionsPart];
        const int schema = r.columnIndex(QStringLiteral("schema"));
        const int name = r.columnIndex(QStringLiteral("name"));
        const int arguments = r.columnIndex(QStringLiteral("arguments"));
        const int result = r.columnIndex(QStringLiteral("result"));
        const int kind = r.columnIndex(QStringLiteral("kind"));
        const int returnsSet = r.columnIndex(QStringLiteral("returns_set"));
        functions.reserve(r.rows.rowCount());
        for (int row = 0; row < r.rows.rowCount(); ++row) {
            CatalogFunction function;
            function.schema = textAt(r.rows, row, schema);
            function.name = textAt(r.rows, row, name);
            function.arguments = textAt(r.rows, row, arguments);
            function.result = textAt(r.rows, row, result);
            function.kind = functionKind(textAt(r.rows, row, kind));
            function.returnsSet = isTrue(r.rows, row, returnsSet);
            functions << function;
        }
    }

    QHash<QString, QChar> keywords;
    {
        const PgQueryResult &r = parts[KeywordsPart];
        const int word = r.columnIndex(QStringLiteral("word"));
        const int category = r.columnIndex(QStringLiteral("catcode"));
        for (int row = 0; row < r.rows.rowCount(); ++row) {
            const QString code = textAt(r.rows, row, category);
            if (!code.isEmpty())
                keywords.insert(textAt(r.rows, row, word), code.at(0));
        }
    }

    QStringList path;
    for (const auto &entry : searchPath)
        path << entry.second;
    return CatalogSnapshot(std::move(schemas), std::move(relations), std::move(functions),
                           std::move(path), std::move(keywords));
}

} // namespace

CatalogLoader::CatalogLoader(const PgConnectSpec &spec, QObject *parent)
    : QObject(parent)
    , m_spec(metadataSpec(spec))
{
    connect(&m_session, &PgSession::connected, this, [this] {
        if (m_state == State::Loading)
            startQueries();
    });
    connect(&m_session, &PgSession::connectFailed, this, [this](const PgError &error) {
        if (m_state == State::Loading)
            fail(error);
    });
    connect(&m_session, &PgSession::connectionLost, this, [this](const PgError &error, bool) {
        if (m_state == State::Loading)
            fail(error);
    });
}

CatalogLoader::~CatalogLoader()
{
    ++m_generation;
    if (m_build)
        m_build->disconnect(this);
    // Drops whatever is queued without calling back into a half-destroyed loader.
    m_session.disconnectFromServer();
}

PgConnectSpec CatalogLoader::metadataSpec(const PgConnectSpec &spec)
{
    PgConnectSpec out = spec;
    out.params.insert(QStringLiteral("application_name"), QStringLiteral("sightline-metadata"));
    // Appended, so these win over the same settings in the profile's options.
    const QString ours =
        QStringLiteral("-c statement_timeout=%1s -c default_transaction_read_only=on")
            .arg(kStatementTimeoutSeconds);
    const QString existing = out.params.value(QStringLiteral("options")).trimmed();
    out.params.insert(QStringLiteral("options"),
                      existing.isEmpty() ? ours : existing + QLatin1Char(' ') + ours);
    return out;
}

void CatalogLoader::load()
{
    if (m_state == State::Empty || m_state == State::Failed)
        refresh();
}

void CatalogLoader::refresh()
{
    ++m_generation;
    dropRequests();
    if (m_build) {
        m_build->disconnect(this);
        m_build->deleteLater();
        m_build = nullptr;
    }
    m_results.reset();
    m_error = PgError();
    m_clock.start();
    setState(State::Loading);
    switch (m_session.state()) {
    case PgSession::State::Ready:
    case PgSession::State::Busy:
        startQueries();
        break;
    case PgSession::State::Connecting:
        break; // connected() starts the queries
    case PgSession::State::Disconnected:
        m_session.connectToServer(m_spec);
        break;
    }
}

void CatalogLoader::startQueries()
{
    const quint64 generation = m_generation;
    m_results = std::make_shared<Results>();
    const int version = m_session.capabilities().serverVersionNum;
    for (int part = 0; part < PartCount; ++part) {
        const QString name = partResource(Part(part), version);
        const QString sql = PgSession::sqlResource(name);
        if (sql.isEmpty()) {
            fail(PgError::client(
                tr("The catalog query %1 is missing from the resources").arg(name)));
            return;
        }
        m_requests << m_session.query(sql, {}, [this, generation, part](const PgQueryResult &r) {
            onQueryDone(generation, part, r);
        });
    }
}

void CatalogLoader::onQueryDone(quint64 generation, int part, const PgQueryResult &result)
{
    if (generation != m_generation || !m_results)
        return;
    if (!result.ok()) {
        fail(result.error);
        return;
    }
    m_results->parts[size_t(part)] = result;
    m_results->received[size_t(part)] = true;
    for (const bool received : m_results->received) {
        if (!received)
            return;
    }
    m_requests.clear();

    const std::shared_ptr<const Results> results = m_results;
    m_results.reset();
    const qint64 queriesDoneMs = m_clock.elapsed();
    m_build = new QFutureWatcher<CatalogSnapshot>(this);
    auto *watcher = m_build;
    connect(watcher, &QFutureWatcher<CatalogSnapshot>::finished, this,
            [this, watcher, generation, queriesDoneMs] {
                watcher->deleteLater();
                if (watcher != m_build || generation != m_generation)
                    return;
                m_build = nullptr;
                m_snapshot = watcher->result();
                m_hasSnapshot = true;
                m_lastLoadMs = m_clock.elapsed();
                m_lastBuildMs = m_lastLoadMs - queriesDoneMs;
                setState(State::Ready);
                Q_EMIT loaded();
            });
    watcher->setFuture(QtConcurrent::run([results] { return buildSnapshot(results->parts); }));
}

void CatalogLoader::fail(const PgError &error)
{
    ++m_generation;
    dropRequests();
    m_results.reset();
    m_error = error;
    setState(State::Failed);
    Q_EMIT failed(error);
}

void CatalogLoader::setState(State state)
{
    if (state == m_state)
        return;
    m_state = state;
    Q_EMIT stateChanged(state);
}

void CatalogLoader::dropRequests()
{
    const QList<PgRequestId> requests = std::exchange(m_requests, {});
    for (const PgRequestId id : requests)
        m_session.cancelRequest(id);
}

} // namespace sightline
