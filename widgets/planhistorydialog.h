#pragma once

#include "models/store/historystore.h"

#include <QDialog>
#include <QPointer>

class QPushButton;
class QTreeWidget;

namespace sightline {

// The plan history, grouped by query (libpg_query fingerprint), newest first:
// open a plan, compare any two, export one with its metadata to share, import
// a colleague's, delete.
class PlanHistoryDialog final : public QDialog
{
    Q_OBJECT
public:
    explicit PlanHistoryDialog(HistoryStore *store, QWidget *parent = nullptr);

    QTreeWidget *tree() const { return m_tree; }
    void reload();
    // The snapshots selected (plans, not query groups), in list order.
    QList<PlanSnapshot> selectedSnapshots() const;
    bool exportSelected(const QString &path, QString *error);
    bool importFile(const QString &path, QString *error);

Q_SIGNALS:
    void openRequested(const sightline::PlanSnapshot &snapshot);
    void compareRequested(const sightline::PlanSnapshot &before,
                          const sightline::PlanSnapshot &after);

private:
    void updateButtons();

    QPointer<HistoryStore> m_store;
    QTreeWidget *m_tree;
    QPushButton *m_open;
    QPushButton *m_compare;
    QPushButton *m_export;
    QPushButton *m_delete;
};

} // namespace sightline
