#include "widgets/resultpage.h"

#include "models/query/resultsetmodel.h"
#include "widgets/resultview.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QVBoxLayout>

#include <limits>

namespace sightline {

ResultPage::ResultPage(int statementIndex, const QList<PgColumn> &columns, qint64 rowCap,
                       QWidget *parent)
    : QWidget(parent)
    , m_statement(statementIndex)
    , m_step(std::max<qint64>(1, rowCap))
    , m_view(new ResultView(this))
    , m_summary(new QLabel(this))
    , m_more(new QPushButton(tr("Fetch &More"), this))
    , m_all(new QPushButton(tr("Fetch &All"), this))
{
    auto *model = new ResultSetModel;
    model->setRowCap(m_step);
    model->setColumns(columns);
    m_view->setResultModel(model);
    m_view->setObjectName(QStringLiteral("resultView%1").arg(statementIndex));

    m_summary->setObjectName(QStringLiteral("resultSummary"));
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_more->setObjectName(QStringLiteral("fetchMoreButton"));
    m_more->setToolTip(tr("Read the next %L1 rows").arg(m_step));
    m_all->setObjectName(QStringLiteral("fetchAllButton"));
    m_all->setToolTip(tr("Read every remaining row (they are all kept in memory)"));
    connect(m_more, &QPushButton::clicked, this, [this] {
        if (fetchMore())
            Q_EMIT fetchRequested();
    });
    connect(m_all, &QPushButton::clicked, this, [this] {
        if (fetchAll())
            Q_EMIT fetchRequested();
    });

    auto *bar = new QHBoxLayout;
    bar->setContentsMargins(6, 2, 6, 2);
    bar->addWidget(m_summary, 1);
    bar->addWidget(m_more);
    bar->addWidget(m_all);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addLayout(bar);
    layout->addWidget(m_view, 1);
    updateBar();
}

ResultSetModel *ResultPage::model() const
{
    return m_view->resultModel();
}

bool ResultPage::appendRows(const PgRowBatch &rows)
{
    if (!m_pending.isEmpty() || model()->capReached()) {
        m_pending << rows;
        m_waiting = true;
        updateBar();
        return false;
    }
    const bool more = model()->appendBatch(rows);
    m_waiting = !more;
    updateBar();
    return more;
}

void ResultPage::showProgress()
{
    updateBar();
}

void ResultPage::finish(const QString &commandTag, qint64 rows, qint64 elapsedMs, int notices)
{
    m_done = true;
    m_waiting = false;
    QStringList parts;
    parts << commandTag;
    parts << tr("%L1 rows").arg(rows);
    parts << tr("%L1 ms").arg(elapsedMs);
    if (notices > 0)
        parts << tr("%n notice(s) in Messages", nullptr, notices);
    m_text = parts.join(QStringLiteral(" · "));
    updateBar();
}

void ResultPage::stop(const QString &reason, qint64 elapsedMs)
{
    m_done = true;
    m_waiting = false;
    m_pending.clear();
    m_text = tr("%1 after %L2 ms · %L3 rows received are shown")
                 .arg(reason)
                 .arg(elapsedMs)
                 .arg(model()->rowCount());
    updateBar();
}

bool ResultPage::feedPending()
{
    while (!m_pending.isEmpty()) {
        const PgRowBatch batch = m_pending.takeFirst();
        if (!model()->appendBatch(batch))
            return false; // the new cap is reached again by rows already here
    }
    return true;
}

bool ResultPage::fetchMore()
{
    if (!m_waiting)
        return false;
    model()->setRowCap(model()->rowCap() + m_step);
    m_waiting = !feedPending() || model()->capReached();
    updateBar();
    return !m_waiting;
}

bool ResultPage::fetchAll()
{
    if (!m_waiting)
        return false;
    model()->setRowCap(std::numeric_limits<qint64>::max());
    feedPending();
    m_waiting = false;
    updateBar();
    return true;
}

QString ResultPage::summary() const
{
    return m_summary->text();
}

void ResultPage::updateBar()
{
    const qint64 shown = model()->rowCount();
    if (m_done)
        m_summary->setText(m_text);
    else if (m_waiting)
        m_summary->setText(
            tr("Showing the first %L1 rows; the server has more (the query is paused)").arg(shown));
    else
        m_summary->setText(tr("%L1 rows so far…").arg(shown));
    m_more->setVisible(m_waiting);
    m_all->setVisible(m_waiting);
}

} // namespace sightline
