#include "models/workspace/openconnection.h"

#include "models/schema/catalogloader.h"

namespace sightline {

OpenConnection::OpenConnection(const ConnectionProfile &profile, const QString &password,
                               QObject *parent)
    : QObject(parent)
    , m_profile(profile)
    , m_password(password)
{
    connect(&m_session, &PgSession::connected, this, [this] {
        refreshDatabases();
        Q_EMIT opened();
    });
    connect(&m_session, &PgSession::connectFailed, this, &OpenConnection::openFailed);
    connect(&m_session, &PgSession::connectionLost, this, &OpenConnection::lost);
}

void OpenConnection::open()
{
    m_session.connectToServer(specFor());
}

void OpenConnection::close()
{
    m_session.disconnectFromServer();
}

PgConnectSpec OpenConnection::specFor(const QString &database) const
{
    PgConnectSpec spec = m_profile.toConnectSpec(m_password);
    if (!database.isEmpty())
        spec.params.insert(QStringLiteral("dbname"), database);
    return spec;
}

QString OpenConnection::currentDatabase() const
{
    return m_session.isConnected() ? m_session.database() : m_profile.database;
}

void OpenConnection::refreshDatabases()
{
    m_session.query(PgSession::sqlResource(QStringLiteral("databases")), {},
                    [this](const PgQueryResult &result) {
                        if (!result.ok())
                            return;
                        QStringList names;
                        for (int row = 0; row < result.rows.rowCount(); ++row)
                            names << result.rows.text(row, 0);
                        if (names != m_databases) {
                            m_databases = names;
                            Q_EMIT databasesChanged();
                        }
                    });
}

CatalogLoader *OpenConnection::catalogFor(const QString &database)
{
    const QString name = database.isEmpty() ? currentDatabase() : database;
    CatalogLoader *&loader = m_catalogs[name];
    if (!loader) {
        loader = new CatalogLoader(name.isEmpty() ? specFor() : specFor(name), this);
        loader->load();
    }
    return loader;
}

} // namespace sightline
