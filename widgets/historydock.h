#pragma once

#include <QDockWidget>

class QLineEdit;
class QTableView;

namespace sightline {

class HistoryModel;
class HistoryStore;

// Every statement run, searchable; double-click puts one back in the editor.
class HistoryDock final : public QDockWidget
{
    Q_OBJECT
public:
    HistoryDock(HistoryStore *store, QWidget *parent = nullptr);

    HistoryModel *model() const { return m_model; }
    QTableView *view() const { return m_view; }
    QLineEdit *searchField() const { return m_search; }

Q_SIGNALS:
    void statementChosen(const QString &statement);

private:
    HistoryModel *m_model;
    QLineEdit *m_search;
    QTableView *m_view;
};

} // namespace sightline
