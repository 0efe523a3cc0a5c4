#include "widgets/connectionsdock.h"

#include "models/workspace/connectiontreemodel.h"
#include "models/workspace/openconnection.h"
#include "widgets/colorswatch.h"

#include <QAbstractProxyModel>
#include <QIdentityProxyModel>
#include <QMenu>
#include <QPersistentModelIndex>
#include <QPointer>
#include <QTreeView>

namespace sightline {

namespace {
// Turns the model's colour strings into swatches and marks open connections in bold.
class DecoratedConnections final : public QIdentityProxyModel
{
public:
    using QIdentityProxyModel::QIdentityProxyModel;

    QVariant data(const QModelIndex &index, int role) const override
    {
        const QModelIndex source = mapToSource(index);
        const bool isDatabase = source.data(ConnectionTreeModel::IsDatabaseRole).toBool();
        if (role == Qt::DecorationRole && !isDatabase) {
            // Connections without a colour still get a neutral dot.
            const QString color = source.data(ConnectionTreeModel::ColorRole).toString();
            return colorSwatch(color.isEmpty() ? QStringLiteral("#9e9e9e") : color);
        }
        if (role == Qt::FontRole && !isDatabase &&
            source.data(ConnectionTreeModel::IsOpenRole).toBool()) {
            QFont font;
            font.setBold(true);
            return font;
        }
        return QIdentityProxyModel::data(index, role);
    }
};
} // namespace

ConnectionsDock::ConnectionsDock(ConnectionTreeModel *model, QWidget *parent)
    : QDockWidget(tr("Connections"), parent)
    , m_model(model)
    , m_view(new QTreeView(this))
{
    setObjectName(QStringLiteral("connectionsDock"));
    m_proxy = new DecoratedConnections(this);
    m_proxy->setSourceModel(model);
    m_view->setObjectName(QStringLiteral("connectionsView"));
    m_view->setModel(m_proxy);
    m_view->setHeaderHidden(true);
    m_view->setContextMenuPolicy(Qt::CustomContextMenu);
    m_view->setExpandsOnDoubleClick(false);
    setWidget(m_view);

    connect(m_view, &QTreeView::activated, this, &ConnectionsDock::activate);
    connect(m_view, &QTreeView::customContextMenuRequested, this, &ConnectionsDock::showMenu);
    // Open connections show their databases without an extra click.
    connect(model, &QAbstractItemModel::modelReset, m_view, &QTreeView::expandAll);
}

void ConnectionsDock::activate(const QModelIndex &proxyIndex)
{
    const QModelIndex index = m_proxy->mapToSource(proxyIndex);
    if (!index.isValid())
        return;
    OpenConnection *connection = m_model->connectionAt(index);
    if (index.data(ConnectionTreeModel::IsDatabaseRole).toBool()) {
        if (connection)
            Q_EMIT openDatabaseRequested(connection,
                                         index.data(ConnectionTreeModel::DatabaseRole).toString());
        return;
    }
    if (connection && connection->isOpen())
        Q_EMIT openDatabaseRequested(connection, connection->currentDatabase());
    else
        Q_EMIT connectRequested(m_model->profileAt(index));
}

void ConnectionsDock::showMenu(const QPoint &pos)
{
    const QModelIndex index = m_view->indexAt(pos);
    QMenu menu(this);
    if (index.isValid()) {
        OpenConnection *connection = m_model->connectionAt(m_proxy->mapToSource(index));
        const bool open = connection && connection->isOpen();
        if (open) {
            menu.addAction(tr("New &Query Tab"), this, [this, index] { activate(index); });
            menu.addAction(tr("&Refresh Databases"), connection, &OpenConnection::refreshDatabases);
            menu.addAction(tr("&Disconnect"), this,
                           [this, connection] { Q_EMIT disconnectRequested(connection); });
        } else {
            menu.addAction(tr("&Connect"), this, [this, index] { activate(index); });
        }
        menu.addSeparator();
    }
    menu.addAction(tr("&Manage Connections…"), this, &ConnectionsDock::manageRequested);
    menu.exec(m_view->viewport()->mapToGlobal(pos));
}

} // namespace sightline
