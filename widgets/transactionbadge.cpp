#include "widgets/transactionbadge.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QToolButton>

namespace sightline {

TransactionBadge::TransactionBadge(QWidget *parent)
    : QWidget(parent)
    , m_label(new QLabel(this))
    , m_commit(new QToolButton(this))
    , m_rollback(new QToolButton(this))
{
    m_label->setObjectName(QStringLiteral("transactionLabel"));
    m_label->setMargin(3);
    m_commit->setObjectName(QStringLiteral("commitButton"));
    m_commit->setText(tr("Commit"));
    m_commit->setToolTip(tr("Commit the open transaction"));
    m_rollback->setObjectName(QStringLiteral("rollbackButton"));
    m_rollback->setText(tr("Roll Back"));
    m_rollback->setToolTip(tr("Roll back the open transaction"));
    connect(m_commit, &QToolButton::clicked, this, &TransactionBadge::commitRequested);
    connect(m_rollback, &QToolButton::clicked, this, &TransactionBadge::rollbackRequested);
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);
    layout->addWidget(m_label);
    layout->addWidget(m_commit);
    layout->addWidget(m_rollback);
    update();
}

void TransactionBadge::setStatus(PgTransactionStatus status)
{
    if (status == m_status)
        return;
    m_status = status;
    update();
}

QString TransactionBadge::text() const
{
    return m_label->text();
}

void TransactionBadge::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        update();
}

void TransactionBadge::update()
{
    QString text;
    QColor colour;
    switch (m_status) {
    case PgTransactionStatus::Unknown:
        text = tr("not connected");
        break;
    case PgTransactionStatus::Idle:
        text = tr("idle");
        break;
    case PgTransactionStatus::Active:
        text = tr("running");
        colour = QColor(40, 110, 200);
        break;
    case PgTransactionStatus::InTransaction:
        text = tr("in transaction");
        colour = QColor(200, 130, 0);
        break;
    case PgTransactionStatus::InError:
        text = tr("transaction failed");
        colour = QColor(200, 40, 40);
        break;
    }
    m_label->setText(text);
    if (colour.isValid()) {
        // White on a saturated colour reads in light and dark themes alike.
        m_label->setStyleSheet(
            QStringLiteral("QLabel { color: white; background: %1; border-radius: 3px; }")
                .arg(colour.name()));
    } else {
        m_label->setStyleSheet(QString());
    }
    m_commit->setVisible(m_status == PgTransactionStatus::InTransaction);
    m_rollback->setVisible(m_status == PgTransactionStatus::InTransaction ||
                           m_status == PgTransactionStatus::InError);
    m_label->setToolTip(m_status == PgTransactionStatus::InError
                            ? tr("The transaction failed: every statement is refused until it "
                                 "is rolled back")
                            : QString());
}

} // namespace sightline
