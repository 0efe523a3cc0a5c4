#pragma once

#include <QPointer>
#include <QWidget>

class QLabel;

namespace sightline {

class PgSession;
struct ConnectionProfile;

// The status bar part that says where the current tab is connected:
// server version, user@host:port/db, SSL, transaction state, and the
// connection's colour (production connections stand out).
class ConnectionStatus final : public QWidget
{
    Q_OBJECT
public:
    explicit ConnectionStatus(QWidget *parent = nullptr);

    void setSession(PgSession *session, const ConnectionProfile &profile);
    void clear();

    QString serverText() const;
    QString transactionText() const;

private:
    void refresh();

    QPointer<PgSession> m_session;
    QString m_color;
    bool m_production = false;
    QLabel *m_server;
    QLabel *m_where;
    QLabel *m_ssl;
    QLabel *m_transaction;
};

} // namespace sightline
