#include "models/workspace/connectiontreemodel.h"

#include "models/workspace/openconnection.h"

namespace sightline {

namespace {
// Child rows carry their parent's row + 1 as internal id; top-level rows carry 0.
constexpr quintptr kTopLevel = 0;
} // namespace

ConnectionTreeModel::ConnectionTreeModel(QObject *parent)
    : QAbstractItemModel(parent)
{}

void ConnectionTreeModel::setProfiles(const QList<ConnectionProfile> &profiles)
{
    m_profiles = profiles;
    rebuild();
}

void ConnectionTreeModel::addConnection(OpenConnection *connection)
{
    if (m_connections.contains(connection))
        return;
    m_connections.append(connection);
    connect(connection, &OpenConnection::databasesChanged, this, &ConnectionTreeModel::rebuild);
    connect(connection, &OpenConnection::opened, this, &ConnectionTreeModel::rebuild);
    connect(connection, &OpenConnection::lost, this, &ConnectionTreeModel::rebuild);
    // By the time destroyed() is emitted the QPointer is already null;
    // rebuild() drops such entries.
    connect(connection, &QObject::destroyed, this, &ConnectionTreeModel::rebuild);
    rebuild();
}

void ConnectionTreeModel::removeConnection(OpenConnection *connection)
{
    disconnect(connection, nullptr, this, nullptr);
    m_connections.removeAll(connection);
    rebuild();
}

void ConnectionTreeModel::rebuild()
{
    m_connections.removeIf([](const QPointer<OpenConnection> &c) { return c.isNull(); });
    QList<Entry> entries;
    QList<OpenConnection *> unmatched;
    for (const auto &c : std::as_const(m_connections))
        if (c)
            unmatched.append(c.data());
    auto take = [&unmatched](const QUuid &id) -> OpenConnection * {
        for (int i = 0; i < unmatched.size(); ++i)
            if (unmatched.at(i)->profile().id == id)
                return unmatched.takeAt(i);
        return nullptr;
    };
    for (const auto &profile : std::as_const(m_profiles))
        entries.append({profile, take(profile.id), {}});
    // Connections without a saved profile (the demo) follow the saved ones.
    for (OpenConnection *c : std::as_const(unmatched))
        entries.append({c->profile(), c, {}});
    for (auto &entry : entries)
        if (entry.connection && entry.connection->isOpen())
            entry.databases = entry.connection->databases();

    beginResetModel();
    m_entries = entries;
    endResetModel();
}

OpenConnection *ConnectionTreeModel::connectionAt(const QModelIndex &index) const
{
    if (!index.isValid())
        return nullptr;
    const int row = index.internalId() == kTopLevel ? index.row() : int(index.internalId() - 1);
    return m_entries.value(row).connection.data();
}

ConnectionProfile ConnectionTreeModel::profileAt(const QModelIndex &index) const
{
    if (!index.isValid())
        return {};
    const int row = index.internalId() == kTopLevel ? index.row() : int(index.internalId() - 1);
    return m_entries.value(row).profile;
}

QModelIndex ConnectionTreeModel::indexOfProfile(const QString &profileId) const
{
    for (int row = 0; row < m_entries.size(); ++row)
        if (m_entries.at(row).profile.id.toString(QUuid::WithoutBraces) == profileId)
            return index(row, 0);
    return {};
}

QModelIndex ConnectionTreeModel::index(int row, int column, const QModelIndex &parent) const
{
    if (!hasIndex(row, column, parent))
        return {};
    if (!parent.isValid())
        return createIndex(row, column, kTopLevel);
    return createIndex(row, column, quintptr(parent.row()) + 1);
}

QModelIndex ConnectionTreeModel::parent(const QModelIndex &child) const
{
    if (!child.isValid() || child.internalId() == kTopLevel)
        return {};
    return createIndex(int(child.internalId() - 1), 0, kTopLevel);
}

int ConnectionTreeModel::rowCount(const QModelIndex &parent) const
{
    if (!parent.isValid())
        return int(m_entries.size());
    if (parent.internalId() != kTopLevel || parent.column() != 0)
        return 0;
    return int(m_entries.at(parent.row()).databases.size());
}

int ConnectionTreeModel::columnCount(const QModelIndex &) const
{
    return 1;
}

QVariant ConnectionTreeModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const bool isDatabase = index.internalId() != kTopLevel;
    const Entry &entry = m_entries.at(isDatabase ? int(index.internalId() - 1) : index.row());
    switch (role) {
    case Qt::DisplayRole:
        return isDatabase ? entry.databases.at(index.row()) : entry.profile.name;
    case Qt::ToolTipRole:
        if (isDatabase)
            return tr("Double-click to open a query tab on %1")
                .arg(entry.databases.at(index.row()));
        return entry.connection && entry.connection->isOpen()
                   ? tr("Connected as %1").arg(entry.connection->session()->user())
                   : tr("Double-click to connect");
    case ColorRole:
        return entry.profile.color;
    case TagRole:
        return int(entry.profile.tag);
    case ProfileIdRole:
        return entry.profile.id.toString(QUuid::WithoutBraces);
    case DatabaseRole:
        return isDatabase ? entry.databases.at(index.row()) : QVariant();
    case IsOpenRole:
        return bool(entry.connection && entry.connection->isOpen());
    case IsDatabaseRole:
        return isDatabase;
    default:
        return {};
    }
}

} // namespace sightline
