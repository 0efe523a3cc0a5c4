#include "widgets/connectionstatus.h"

#include "models/pg/pgsession.h"
#include "models/store/connectionprofile.h"

#include <QHBoxLayout>
#include <QLabel>

namespace sightline {

ConnectionStatus::ConnectionStatus(QWidget *parent)
    : QWidget(parent)
    , m_server(new QLabel(this))
    , m_where(new QLabel(this))
    , m_ssl(new QLabel(this))
    , m_transaction(new QLabel(this))
{
    m_server->setObjectName(QStringLiteral("statusServer"));
    m_where->setObjectName(QStringLiteral("statusWhere"));
    m_ssl->setObjectName(QStringLiteral("statusSsl"));
    m_transaction->setObjectName(QStringLiteral("statusTransaction"));
    setAttribute(Qt::WA_StyledBackground);
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(4, 0, 4, 0);
    layout->setSpacing(12);
    for (QLabel *label : {m_server, m_where, m_ssl, m_transaction})
        layout->addWidget(label);
    clear();
}

void ConnectionStatus::setSession(PgSession *session, const ConnectionProfile &profile)
{
    if (m_session)
        disconnect(m_session, nullptr, this, nullptr);
    m_session = session;
    m_color = profile.color;
    m_production = profile.tag == ConnectionTag::Production;
    if (session) {
        connect(session, &PgSession::stateChanged, this, &ConnectionStatus::refresh);
        connect(session, &PgSession::transactionStatusChanged, this, &ConnectionStatus::refresh);
        connect(session, &QObject::destroyed, this, &ConnectionStatus::clear);
    }
    refresh();
}

void ConnectionStatus::clear()
{
    m_session = nullptr;
    m_color.clear();
    m_production = false;
    refresh();
}

QString ConnectionStatus::serverText() const
{
    return m_server->text();
}

QString ConnectionStatus::transactionText() const
{
    return m_transaction->text();
}

void ConnectionStatus::refresh()
{
    if (!m_session || !m_session->isConnected()) {
        m_server->setText(m_session ? tr("Not connected") : QString());
        m_where->clear();
        m_ssl->clear();
        m_transaction->clear();
        setStyleSheet(QString());
        return;
    }
    const PgCapabilities &caps = m_session->capabilities();
    m_server->setText(caps.versionLabel());
    const QString host =
        m_session->host().startsWith(QLatin1Char('/')) ? tr("local socket") : m_session->host();
    m_where->setText(QStringLiteral("%1@%2:%3/%4")
                         .arg(m_session->user(), host, m_session->port(), m_session->database()));
    m_ssl->setText(m_session->usesSsl() ? tr("SSL: %1").arg(m_session->sslDescription())
                                        : tr("no SSL"));
    m_ssl->setToolTip(m_session->usesSsl() ? tr("The connection is encrypted")
                                           : tr("The connection is not encrypted"));
    QString tx;
    switch (m_session->transactionStatus()) {
    case PgTransactionStatus::Idle:
        tx = tr("idle");
        break;
    case PgTransactionStatus::Active:
        tx = tr("running");
        break;
    case PgTransactionStatus::InTransaction:
        tx = tr("in transaction");
        break;
    case PgTransactionStatus::InError:
        tx = tr("transaction failed");
        break;
    case PgTransactionStatus::Unknown:
        break;
    }
    if (m_production)
        tx = tr("PRODUCTION · %1").arg(tx);
    m_transaction->setText(tx);
    // The connection's colour on every window that uses it.
    setStyleSheet(m_color.isEmpty() ? QString()
                                    : QStringLiteral("sightline--ConnectionStatus { border-left: "
                                                     "6px solid %1; }")
                                          .arg(m_color));
}

} // namespace sightline
