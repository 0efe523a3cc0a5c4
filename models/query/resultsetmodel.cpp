#include "models/query/resultsetmodel.h"

#include "models/pg/pgtypes.h"

#include <algorithm>

namespace sightline {

namespace {
// Cells longer than this are cut in the grid; the full value stays available
// through RawValueRole.
constexpr int kDisplayLimit = 1000;
} // namespace

ResultSetModel::ResultSetModel(QObject *parent)
    : QAbstractTableModel(parent)
{}

void ResultSetModel::setColumns(const QList<PgColumn> &columns)
{
    beginResetModel();
    m_columns = columns;
    m_slices.clear();
    m_firstRow.clear();
    m_rows = 0;
    m_capReached = false;
    endResetModel();
}

bool ResultSetModel::appendBatch(const PgRowBatch &batch)
{
    if (batch.isEmpty())
        return !m_capReached;
    const qint64 room = m_rowCap - m_rows;
    const int take = int(std::min<qint64>(room, batch.rowCount()));
    if (take <= 0) {
        m_capReached = true;
        return false;
    }
    beginInsertRows(QModelIndex(), int(m_rows), int(m_rows + take - 1));
    m_firstRow.push_back(m_rows);
    m_slices.push_back({batch, take});
    m_rows += take;
    endInsertRows();
    m_capReached = take < batch.rowCount();
    return !m_capReached;
}

void ResultSetModel::clear()
{
    setColumns({});
}

void ResultSetModel::setRowCap(qint64 rows)
{
    m_rowCap = std::max<qint64>(1, rows);
}

int ResultSetModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows);
}

int ResultSetModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_columns.size());
}

const ResultSetModel::Slice *ResultSetModel::locate(int row, int *rowInBatch) const
{
    auto it = std::upper_bound(m_firstRow.begin(), m_firstRow.end(), qint64(row));
    if (it == m_firstRow.begin())
        return nullptr;
    const auto slice = std::size_t(std::distance(m_firstRow.begin(), it) - 1);
    *rowInBatch = int(row - m_firstRow[slice]);
    return &m_slices[slice];
}

QVariant ResultSetModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    int rowInBatch = 0;
    const Slice *slice = locate(index.row(), &rowInBatch);
    if (!slice)
        return {};
    const int column = index.column();
    const bool null = slice->batch.isNull(rowInBatch, column);
    const quint32 oid = m_columns.at(column).typeOid;

    switch (role) {
    case Qt::DisplayRole: {
        if (null)
            return QStringLiteral("NULL");
        const QByteArrayView raw = slice->batch.value(rowInBatch, column);
        if (oid == pgtype::Bool)
            return raw == "t" ? QStringLiteral("true") : QStringLiteral("false");
        if (raw.size() > kDisplayLimit)
            return QString::fromUtf8(raw.first(kDisplayLimit)) + QChar(0x2026);
        return QString::fromUtf8(raw);
    }
    case Qt::ToolTipRole:
        if (null)
            return tr("SQL NULL");
        return {};
    case Qt::TextAlignmentRole:
        return QVariant::fromValue(isNumericType(oid) ? Qt::AlignRight | Qt::AlignVCenter
                                                      : Qt::AlignLeft | Qt::AlignVCenter);
    case IsNullRole:
        return null;
    case TypeOidRole:
        return oid;
    case RawValueRole:
        return null ? QVariant() : QVariant(slice->batch.text(rowInBatch, column));
    default:
        return {};
    }
}

QVariant ResultSetModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (role != Qt::DisplayRole)
        return {};
    if (orientation == Qt::Vertical)
        return section + 1;
    if (section < 0 || section >= m_columns.size())
        return {};
    return m_columns.at(section).name;
}

bool ResultSetModel::isNumericType(quint32 oid)
{
    return pgtype::isNumber(oid) || oid == pgtype::Money;
}

} // namespace sightline
