#pragma once

#include "models/pg/pgsession.h"

#include <QWidget>

class QLabel;
class QToolButton;

namespace sightline {

// Where the tab's session stands: idle, in a transaction, or in a failed one.
// While a transaction is open it offers Commit and Roll Back; a failed one can
// only be rolled back.
class TransactionBadge final : public QWidget
{
    Q_OBJECT
public:
    explicit TransactionBadge(QWidget *parent = nullptr);

    void setStatus(PgTransactionStatus status);
    PgTransactionStatus status() const { return m_status; }
    QString text() const;

Q_SIGNALS:
    void commitRequested();
    void rollbackRequested();

protected:
    void changeEvent(QEvent *event) override;

private:
    void update();

    PgTransactionStatus m_status = PgTransactionStatus::Unknown;
    QLabel *m_label;
    QToolButton *m_commit;
    QToolButton *m_rollback;
};

} // namespace sightline
