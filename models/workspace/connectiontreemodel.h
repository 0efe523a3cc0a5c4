#pragma once

#include "models/store/connectionprofile.h"

#include <QAbstractItemModel>
#include <QList>
#include <QPointer>

namespace sightline {

class OpenConnection;

// The connections dock: saved profiles (and transient connections such as the
// demo) at the top level, the databases of open connections below them.
class ConnectionTreeModel final : public QAbstractItemModel
{
    Q_OBJECT
public:
    enum Role
    {
        ColorRole = Qt::UserRole + 1, // "#rrggbb" or empty
        TagRole,                      // ConnectionTag as int
        ProfileIdRole,                // QString
        DatabaseRole,                 // database name on child rows
        IsOpenRole,                   // bool on top-level rows
        IsDatabaseRole
    };

    explicit ConnectionTreeModel(QObject *parent = nullptr);

    void setProfiles(const QList<ConnectionProfile> &profiles);
    void addConnection(OpenConnection *connection);
    void removeConnection(OpenConnection *connection);

    // The open connection behind a row (a profile row or one of its databases).
    OpenConnection *connectionAt(const QModelIndex &index) const;
    ConnectionProfile profileAt(const QModelIndex &index) const;
    QModelIndex indexOfProfile(const QString &profileId) const;

    QModelIndex index(int row, int column,
                      const QModelIndex &parent = QModelIndex()) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;

private:
    struct Entry
    {
        ConnectionProfile profile;
        QPointer<OpenConnection> connection;
        QStringList databases;
    };
    void rebuild();

    QList<ConnectionProfile> m_profiles;
    QList<QPointer<OpenConnection>> m_connections;
    QList<Entry> m_entries;
};

} // namespace sightline
