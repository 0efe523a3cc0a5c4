#pragma once

#include "models/pg/pgsession.h"
#include "models/store/connectionprofile.h"

#include <QHash>
#include <QObject>
#include <QStringList>

namespace sightline {

class CatalogLoader;

// A connection the user opened: its profile, the password given for it (kept
// in memory only, so editor tabs can open sessions of their own), and a
// metadata session used for the database list and the status bar.
class OpenConnection final : public QObject
{
    Q_OBJECT
public:
    OpenConnection(const ConnectionProfile &profile, const QString &password,
                   QObject *parent = nullptr);

    const ConnectionProfile &profile() const { return m_profile; }
    PgSession *session() { return &m_session; }
    const PgSession *session() const { return &m_session; }

    void open();
    void close();
    bool isOpen() const { return m_session.isConnected(); }

    // A spec for another session to the same server, optionally to another database.
    PgConnectSpec specFor(const QString &database = QString()) const;
    QString currentDatabase() const;
    QStringList databases() const { return m_databases; }
    void refreshDatabases();
    // The catalog of `database` (empty: the current one) for completion, on a
    // metadata connection of its own. Made and loaded on the first call, then
    // shared by every tab on that database; the connection owns it.
    CatalogLoader *catalogFor(const QString &database = QString());

Q_SIGNALS:
    void opened();
    void openFailed(const sightline::PgError &error);
    void lost(const sightline::PgError &error, bool transactionLost);
    void databasesChanged();

private:
    ConnectionProfile m_profile;
    QString m_password;
    PgSession m_session;
    QStringList m_databases;
    QHash<QString, CatalogLoader *> m_catalogs;
};

} // namespace sightline
