#pragma once

#include "models/pg/pgrowbatch.h"
#include "models/pg/pgsession.h"

#include <QWidget>

class QLabel;
class QPushButton;

namespace sightline {

class ResultSetModel;
class ResultView;

// One statement's result tab: a line saying what ran (command, rows, time,
// notices) with "Fetch more" / "Fetch all" while the grid holds only the first
// rows, above the grid itself.
class ResultPage final : public QWidget
{
    Q_OBJECT
public:
    ResultPage(int statementIndex, const QList<PgColumn> &columns, qint64 rowCap,
               QWidget *parent = nullptr);

    ResultView *view() const { return m_view; }
    ResultSetModel *model() const;
    int statementIndex() const { return m_statement; }

    // Appends streamed rows; false once the cap is reached (the caller pauses
    // the session and the page offers to fetch more).
    bool appendRows(const PgRowBatch &rows);
    // While the statement runs: rows so far.
    void showProgress();
    // The statement ended: its command tag, rows sent, duration and notices.
    void finish(const QString &commandTag, qint64 rows, qint64 elapsedMs, int notices);
    // The statement failed or was cancelled after `rows` arrived: they stay.
    void stop(const QString &reason, qint64 elapsedMs);
    bool isWaitingForFetch() const { return m_waiting; }
    QString summary() const;

    // Raise the cap by one more helping, or lift it; true when the session
    // must read on (the rows already received do not cover the request).
    bool fetchMore();
    bool fetchAll();

Q_SIGNALS:
    void fetchRequested(); // after fetchMore()/fetchAll() said the session must resume

private:
    void updateBar();
    bool feedPending();

    int m_statement;
    qint64 m_step;
    ResultView *m_view;
    QLabel *m_summary;
    QPushButton *m_more;
    QPushButton *m_all;
    // Batches that came after the cap was reached (rows the session had
    // already read when it paused): kept for the next fetch, never dropped.
    QList<PgRowBatch> m_pending;
    bool m_waiting = false;
    bool m_done = false;
    QString m_text;
};

} // namespace sightline
