#include "models/query/resultsetmodel.h"

#include "models/pg/pgtypes.h"
#include "models/query/resultvalueformat.h"

#include <QLocale>

#include <algorithm>
#include <limits>

namespace sightline {

namespace {
// Characters of a long value a tooltip shows.
constexpr int kToolTipChars = 1000;
} // namespace

const ResultSlice *ResultRows::locate(qint64 row, int *rowInBatch) const
{
    if (row < 0 || row >= rowCount)
        return nullptr;
    // Rows are never removed, so a prefix sum and a binary search are enough.
    auto it = std::upper_bound(firstRow.begin(), firstRow.end(), row);
    if (it == firstRow.begin())
        return nullptr;
    const auto slice = std::size_t(std::distance(firstRow.begin(), it) - 1);
    *rowInBatch = int(row - firstRow[slice]);
    return &slices[slice];
}

ResultSetModel::ResultSetModel(QObject *parent)
    : QAbstractTableModel(parent)
{}

void ResultSetModel::setColumns(const QList<PgColumn> &columns)
{
    beginResetModel();
    m_rows = ResultRows();
    m_rows.columns = columns;
    m_capReached = false;
    m_droppedRows = 0;
    endResetModel();
}

bool ResultSetModel::appendBatch(const PgRowBatch &batch)
{
    if (batch.isEmpty())
        return !m_capReached;
    const qint64 room = m_rowCap - m_rows.rowCount;
    const int take = int(std::min<qint64>(room, batch.rowCount()));
    if (take <= 0) {
        m_droppedRows += batch.rowCount();
        m_capReached = true;
        return false;
    }
    const qint64 first = m_rows.rowCount;
    beginInsertRows(QModelIndex(), int(first), int(first + take - 1));
    m_rows.firstRow.push_back(first);
    m_rows.slices.push_back({batch, take});
    m_rows.rowCount += take;
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
    const qint64 cap = std::clamp<qint64>(rows, 1, std::numeric_limits<int>::max());
    const bool raised = cap > m_rowCap;
    m_rowCap = cap;
    if (!raised)
        return;
    // Only the last batch can have hidden rows: a batch arriving at the cap is
    // refused, so nothing follows one that was cut.
    if (!m_rows.slices.empty()) {
        ResultSlice &last = m_rows.slices.back();
        const qint64 reveal =
            std::min<qint64>(last.batch.rowCount() - last.rows, m_rowCap - m_rows.rowCount);
        if (reveal > 0) {
            const qint64 first = m_rows.rowCount;
            beginInsertRows(QModelIndex(), int(first), int(first + reveal - 1));
            last.rows += int(reveal);
            m_rows.rowCount += reveal;
            endInsertRows();
        }
    }
    m_droppedRows = 0;
    m_capReached = hiddenRows() > 0;
}

qint64 ResultSetModel::hiddenRows() const
{
    if (m_rows.slices.empty())
        return 0;
    const ResultSlice &last = m_rows.slices.back();
    return last.batch.rowCount() - last.rows;
}

int ResultSetModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.rowCount);
}

int ResultSetModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.columns.size());
}

QString ResultSetModel::displayText(QByteArrayView raw, quint32 oid, bool *truncated) const
{
    *truncated = false;
    switch (valueKind(oid)) {
    case ValueKind::Bool:
        if (raw == QByteArrayView("t"))
            return QStringLiteral("true");
        if (raw == QByteArrayView("f"))
            return QStringLiteral("false");
        break;
    case ValueKind::Integer:
    case ValueKind::Decimal:
        break;
    case ValueKind::Bytea: {
        const qint64 size = byteaSize(raw);
        if (size > kDisplayBytes && raw.startsWith("\\x")) {
            *truncated = true;
            return tr("%1… (%2 bytes)")
                .arg(QString::fromLatin1(raw.first(2 + 2 * kDisplayBytes)),
                     QLocale().toString(size));
        }
        break;
    }
    case ValueKind::Json: {
        // json keeps the line breaks it was written with; a cell shows one line.
        const qsizetype window = qsizetype(kDisplayChars) * 4 + 4;
        const QString line =
            jsonOneLine(QString::fromUtf8(raw.size() > window ? raw.first(window) : raw));
        if (raw.size() <= window && line.size() <= kDisplayChars)
            return line;
        *truncated = true;
        qsizetype keep = std::min<qsizetype>(line.size(), kDisplayChars);
        if (keep > 0 && line.at(keep - 1).isHighSurrogate())
            --keep;
        return line.first(keep) + QChar(0x2026);
    }
    case ValueKind::Text:
        break;
    }
    return cellDisplayText(raw, kDisplayChars, truncated);
}

QString ResultSetModel::toolTip(QByteArrayView raw, quint32 oid) const
{
    if (valueKind(oid) == ValueKind::Bytea) {
        const qint64 size = byteaSize(raw);
        if (size >= 0)
            return tr("bytea, %1 bytes — double-click to see the whole value")
                .arg(QLocale().toString(size));
    }
    const qsizetype window = qsizetype(kToolTipChars) * 4;
    QString start = QString::fromUtf8(raw.size() > window ? raw.first(window) : raw);
    const bool more = raw.size() > window || start.size() > kToolTipChars;
    if (start.size() > kToolTipChars)
        start.truncate(kToolTipChars);
    if (!start.isEmpty() && start.back().isHighSurrogate())
        start.chop(1);
    // Rich text, escaped: a value that looks like HTML must show as written.
    QString html = start.toHtmlEscaped().replace(QLatin1Char('\n'), QLatin1String("<br>"));
    if (more)
        html += QChar(0x2026);
    return QLatin1String("<qt>") + html + QLatin1String("<br><br><i>") +
           tr("Double-click to see the whole value.").toHtmlEscaped() + QLatin1String("</i></qt>");
}

QVariant ResultSetModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    int rowInBatch = 0;
    const ResultSlice *slice = m_rows.locate(index.row(), &rowInBatch);
    if (!slice)
        return {};
    const int column = index.column();
    const bool null = slice->batch.isNull(rowInBatch, column);
    const quint32 oid = m_rows.columns.at(column).typeOid;

    switch (role) {
    case Qt::DisplayRole: {
        if (null)
            return QStringLiteral("NULL");
        bool truncated = false;
        return displayText(slice->batch.value(rowInBatch, column), oid, &truncated);
    }
    case Qt::ToolTipRole: {
        if (null)
            return tr("SQL NULL");
        const QByteArrayView raw = slice->batch.value(rowInBatch, column);
        bool truncated = false;
        (void)displayText(raw, oid, &truncated);
        return truncated ? QVariant(toolTip(raw, oid)) : QVariant();
    }
    case Qt::TextAlignmentRole:
        return QVariant::fromValue(isNumericType(oid) ? Qt::AlignRight | Qt::AlignVCenter
                                                      : Qt::AlignLeft | Qt::AlignVCenter);
    case IsNullRole:
        return null;
    case TypeOidRole:
        return oid;
    case RawValueRole:
        return null ? QVariant() : QVariant(slice->batch.text(rowInBatch, column));
    case IsTruncatedRole: {
        if (null)
            return false;
        bool truncated = false;
        (void)displayText(slice->batch.value(rowInBatch, column), oid, &truncated);
        return truncated;
    }
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
    if (section < 0 || section >= m_rows.columns.size())
        return {};
    return m_rows.columns.at(section).name;
}

bool ResultSetModel::isNumericType(quint32 oid)
{
    return pgtype::isNumber(oid) || oid == pgtype::Money;
}

} // namespace sightline
