#pragma once

#include <QDockWidget>

class QAbstractProxyModel;
class QTreeView;

namespace sightline {

class ConnectionTreeModel;
class OpenConnection;
struct ConnectionProfile;

// The dock listing saved connections and, for open ones, their databases.
class ConnectionsDock final : public QDockWidget
{
    Q_OBJECT
public:
    ConnectionsDock(ConnectionTreeModel *model, QWidget *parent = nullptr);

    QTreeView *view() const { return m_view; }

Q_SIGNALS:
    void connectRequested(const sightline::ConnectionProfile &profile);
    void disconnectRequested(sightline::OpenConnection *connection);
    void openDatabaseRequested(sightline::OpenConnection *connection, const QString &database);
    void manageRequested();

private:
    void activate(const QModelIndex &index);
    void showMenu(const QPoint &pos);

    ConnectionTreeModel *m_model;
    QAbstractProxyModel *m_proxy;
    QTreeView *m_view;
};

} // namespace sightline
