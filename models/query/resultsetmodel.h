#pragma once

#include "models/pg/pgrowbatch.h"

#include <QAbstractTableModel>
#include <QList>

#include <vector>

namespace sightline {

// A read-only grid over streamed row batches. Rows are kept in the batches'
// compact form; a cell becomes a QString only when a view asks for it.
class ResultSetModel final : public QAbstractTableModel
{
    Q_OBJECT
public:
    // Extra roles for views that want more than text.
    enum Role
    {
        IsNullRole = Qt::UserRole + 1,
        TypeOidRole,
        RawValueRole
    };

    explicit ResultSetModel(QObject *parent = nullptr);

    void setColumns(const QList<PgColumn> &columns);
    const QList<PgColumn> &columns() const { return m_columns; }
    // Appends the rows of a batch; returns false (and appends only what fits)
    // once the row cap is reached.
    bool appendBatch(const PgRowBatch &batch);
    void clear();

    void setRowCap(qint64 rows);
    qint64 rowCap() const { return m_rowCap; }
    bool capReached() const { return m_capReached; }

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    static bool isNumericType(quint32 oid);

private:
    struct Slice
    {
        PgRowBatch batch;
        int rows = 0; // rows of the batch that are part of the model (cap)
    };
    // Finds the batch holding a model row; rows are never removed, so a prefix
    // sum and a binary search are enough.
    const Slice *locate(int row, int *rowInBatch) const;

    QList<PgColumn> m_columns;
    std::vector<Slice> m_slices;
    std::vector<qint64> m_firstRow; // model row of each slice's first row
    qint64 m_rows = 0;
    qint64 m_rowCap = 100000;
    bool m_capReached = false;
};

} // namespace sightline
