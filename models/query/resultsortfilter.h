#pragma once

#include "models/query/resultsetmodel.h"

#include <QAbstractProxyModel>
#include <QFutureWatcher>
#include <QPointer>
#include <QTimer>

#include <vector>

namespace sightline {

// Exact order of two numbers in PostgreSQL's text form (integers, numeric,
// float, with or without exponent): negative, zero or positive like strcmp.
// Text that is not such a number compares as equal.
int compareNumericText(QByteArrayView a, QByteArrayView b);

// Whether a row contains a text, ignoring case, in any column (or one): the
// filter of the grid, also applied to rows streamed into an export. Values
// are matched in their full text form, booleans as true/false; NULL matches
// nothing. An empty text matches every row.
class ResultRowFilter
{
public:
    ResultRowFilter(const QString &text, int column, const QList<PgColumn> &columns);

    bool isEmpty() const { return m_lower.isEmpty() && m_text.isEmpty(); }
    bool matches(const PgRowBatch &batch, int row) const;

private:
    bool contains(QByteArrayView value) const;

    QString m_text;     // when it has non-ASCII characters
    QByteArray m_lower; // lower-case ASCII text, matched on the UTF-8 bytes
    QList<int> m_columns;
    QList<bool> m_isBool;
};

// Client-side sort and filter of the rows a ResultSetModel holds.
//
// Order is by column type: integers, float and numeric by value (numeric
// exactly, however many digits; -Infinity < numbers < Infinity < NaN, as the
// server orders them), booleans false before true, text by the collation of
// the default QLocale (plain code-point order for the C locale), json and
// bytea by their text in code-point order. NULLs come last ascending and
// first descending, as ORDER BY puts them. Equal values keep their loaded
// order.
//
// The filter keeps rows where any column (or the chosen one) contains the
// filter text, ignoring case; values are matched in their full text form
// (booleans as true/false); NULL matches nothing.
//
// The work runs on a worker thread over the result's immutable batches; the
// view keeps showing the previous arrangement until the new one is swapped in
// with layoutChanged (persistent indexes, so the selection, follow). A newer
// request drops the older one's answer. Rows that arrive while a sort or
// filter is in effect join at the next re-run, a moment after they stop
// arriving or every rerunDelay() while they keep coming.
class ResultSortFilterModel final : public QAbstractProxyModel
{
    Q_OBJECT
public:
    explicit ResultSortFilterModel(QObject *parent = nullptr);
    ~ResultSortFilterModel() override;

    // The source must be a ResultSetModel (anything else is refused with a warning).
    void setSourceModel(QAbstractItemModel *model) override;
    ResultSetModel *resultModel() const { return m_source; }

    // column -1 shows the rows in the order they were loaded.
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;
    int sortColumn() const { return m_wanted.sortColumn; }
    Qt::SortOrder sortOrder() const { return m_wanted.order; }

    // An empty text shows every row; column -1 searches all columns.
    void setFilter(const QString &text, int column = -1);
    QString filterText() const { return m_wanted.filter; }
    int filterColumn() const { return m_wanted.filterColumn; }

    // Whether a sort or a filter is set.
    bool isActive() const { return !m_wanted.isIdentity(); }
    // Whether what is shown may not yet reflect the settings or all loaded rows.
    bool isBusy() const { return m_busy; }

    // The source row shown at `proxyRow` (-1 when out of range), and all of them in view order.
    int sourceRow(int proxyRow) const;
    std::vector<int> sourceRows() const;

    void setRerunDelay(int ms) { m_rerunTimer.setInterval(ms); }
    int rerunDelay() const { return m_rerunTimer.interval(); }

    QModelIndex mapToSource(const QModelIndex &proxyIndex) const override;
    QModelIndex mapFromSource(const QModelIndex &sourceIndex) const override;
    QModelIndex index(int row, int column,
                      const QModelIndex &parent = QModelIndex()) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    QModelIndex sibling(int row, int column, const QModelIndex &idx) const override;
    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    bool hasChildren(const QModelIndex &parent = QModelIndex()) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    struct Settings
    {
        int sortColumn = -1;
        Qt::SortOrder order = Qt::AscendingOrder;
        QString filter;
        int filterColumn = -1;

        bool isIdentity() const { return sortColumn < 0 && filter.isEmpty(); }
        bool sameFilter(const Settings &o) const
        {
            return filter == o.filter && (filter.isEmpty() || filterColumn == o.filterColumn);
        }
    };
    // What a worker hands back: the source rows to show, in order.
    struct Outcome
    {
        quint64 generation = 0;
        Settings settings;
        qint64 sourceRows = 0; // rows the work saw
        std::vector<int> map;  // view row -> source row
        std::vector<int> inverse;
    };

Q_SIGNALS:
    void busyChanged(bool busy);
    // The number of rows shown or loaded may have changed.
    void countsChanged();

private:
    void start();
    void finish();
    void applyIdentity();
    void apply(Outcome &&outcome);
    void setBusy(bool busy);
    void updateBusy();
    void sourceAboutToBeReset();
    void sourceReset();
    void sourceRowsAboutToBeInserted(const QModelIndex &parent, int first, int last);
    void sourceRowsInserted(const QModelIndex &parent, int first, int last);

    QPointer<ResultSetModel> m_source;
    Settings m_wanted;
    bool m_identity = true; // what is shown: the source rows as they are
    std::vector<int> m_map;
    std::vector<int> m_inverse;
    Settings m_applied;
    qint64 m_appliedSourceRows = 0;

    quint64 m_generation = 0;
    QFutureWatcher<Outcome> *m_watcher = nullptr;
    QTimer m_rerunTimer;
    bool m_pending = false; // the latest request's answer is not swapped in yet
    bool m_busy = false;
};

} // namespace sightline
