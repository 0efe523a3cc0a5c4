#pragma once

#include "models/pg/pgrowbatch.h"

#include <QAbstractTableModel>
#include <QList>

#include <vector>

namespace sightline {

// One batch of a result and how many of its rows (from the first) belong to
// the result as shown.
struct ResultSlice
{
    PgRowBatch batch;
    int rows = 0;
};

// The rows of a result as shared, immutable batches. A copy is cheap (the
// batches are shared, not copied) and may be read on any thread, which is how
// sorting, filtering and export work off the UI thread.
struct ResultRows
{
    QList<PgColumn> columns;
    std::vector<ResultSlice> slices;
    std::vector<qint64> firstRow; // row number of each slice's first row
    qint64 rowCount = 0;

    // The slice holding `row` and the row's index in its batch; null when out of range.
    const ResultSlice *locate(qint64 row, int *rowInBatch) const;
};

// A read-only grid over streamed row batches. Rows are kept in the batches'
// compact form; a cell becomes a QString only when a view asks for it, and
// nothing per cell is cached.
//
// Display text depends on the column type: booleans read true/false, json and
// jsonb stay on one line, long values are cut (line breaks shown as "↵") and
// bytea shows the start of its hex with its size. RawValueRole always has the
// whole value as the server sent it; copy and export use that.
class ResultSetModel final : public QAbstractTableModel
{
    Q_OBJECT
public:
    // Extra roles for views that want more than text.
    enum Role
    {
        IsNullRole = Qt::UserRole + 1,
        TypeOidRole,
        RawValueRole,   // the whole value as text; a null QVariant for NULL
        IsTruncatedRole // whether DisplayRole shows only part of the value
    };

    // Characters of a value a cell shows before it is cut.
    static constexpr int kDisplayChars = 500;
    // Bytes of a bytea value a cell shows in hex before it is cut.
    static constexpr int kDisplayBytes = 16;

    explicit ResultSetModel(QObject *parent = nullptr);

    void setColumns(const QList<PgColumn> &columns);
    const QList<PgColumn> &columns() const { return m_rows.columns; }
    // Appends a batch; returns false once the row cap is reached. A batch that
    // crosses the cap is kept whole with its rows beyond the cap hidden (a
    // larger cap shows them); a batch that arrives when the cap is already
    // reached is not kept (droppedRows() counts its rows).
    bool appendBatch(const PgRowBatch &batch);
    void clear();

    // At most this many rows are shown. Raising the cap shows the hidden rows
    // of batches already appended (rowsInserted) and clears capReached();
    // lowering it never removes rows already shown, it only limits appends.
    void setRowCap(qint64 rows);
    qint64 rowCap() const { return m_rowCap; }
    // Whether rows arrived that are not shown (hidden or dropped at the cap).
    bool capReached() const { return m_capReached; }
    // Rows of appended batches that the cap hides.
    qint64 hiddenRows() const;
    // Rows of batches refused since the last reset or cap raise.
    qint64 droppedRows() const { return m_droppedRows; }

    // The rows shown, for work off the UI thread.
    const ResultRows &rows() const { return m_rows; }

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    static bool isNumericType(quint32 oid);

private:
    QString displayText(QByteArrayView raw, quint32 oid, bool *truncated) const;
    QString toolTip(QByteArrayView raw, quint32 oid) const;

    ResultRows m_rows;
    qint64 m_rowCap = 100000;
    qint64 m_droppedRows = 0;
    bool m_capReached = false;
};

} // namespace sightline
