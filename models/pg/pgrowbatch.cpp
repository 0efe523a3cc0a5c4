#include "models/pg/pgrowbatch.h"

#include <QtGlobal>

#include <limits>

namespace sightline {

// Cell i (row * columnCount + column) spans bytes [end(i - 1), end(i)). Offsets
// are 32-bit: the session starts a new batch long before a batch nears 4 GiB,
// and a single protocol message (one row) cannot exceed 1 GiB.
struct PgRowBatch::Data
{
    int columnCount = 0;
    int rowCount = 0;
    std::vector<char> bytes;
    std::vector<quint32> ends;
    std::vector<quint64> nulls; // one bit per cell

    qsizetype cellStart(qsizetype cell) const { return cell == 0 ? 0 : ends[size_t(cell - 1)]; }
};

PgRowBatch::PgRowBatch() = default;

PgRowBatch::PgRowBatch(int columnCount)
    : d(std::make_shared<Data>())
{
    d->columnCount = qMax(0, columnCount);
}

int PgRowBatch::columnCount() const
{
    return d ? d->columnCount : 0;
}

int PgRowBatch::rowCount() const
{
    return d ? d->rowCount : 0;
}

qsizetype PgRowBatch::byteSize() const
{
    if (!d)
        return 0;
    return qsizetype(sizeof(Data) + d->bytes.capacity() + d->ends.capacity() * sizeof(quint32) +
                     d->nulls.capacity() * sizeof(quint64));
}

bool PgRowBatch::isNull(int row, int column) const
{
    Q_ASSERT(d && row >= 0 && row < d->rowCount && column >= 0 && column < d->columnCount);
    const size_t cell = size_t(row) * size_t(d->columnCount) + size_t(column);
    return (d->nulls[cell / 64] >> (cell % 64)) & 1u;
}

QByteArrayView PgRowBatch::value(int row, int column) const
{
    if (isNull(row, column))
        return {};
    const qsizetype cell = qsizetype(row) * d->columnCount + column;
    const qsizetype start = d->cellStart(cell);
    const qsizetype end = d->ends[size_t(cell)];
    return QByteArrayView(d->bytes.data() + start, end - start);
}

QString PgRowBatch::text(int row, int column) const
{
    if (isNull(row, column))
        return {};
    const QByteArrayView bytes = value(row, column);
    // fromUtf8 of an empty view gives a null string; '' must stay distinct from NULL.
    if (bytes.isEmpty())
        return QString(QLatin1String(""));
    return QString::fromUtf8(bytes);
}

void PgRowBatch::reserve(int rows, qsizetype bytes)
{
    Data &data = mutableData();
    const size_t cells = size_t(qMax(0, rows)) * size_t(data.columnCount);
    data.ends.reserve(cells);
    data.nulls.reserve(cells / 64 + 1);
    data.bytes.reserve(size_t(qMax<qsizetype>(0, bytes)));
}

void PgRowBatch::squeeze()
{
    if (!d)
        return;
    // Only where the waste is worth a copy.
    auto shrink = [](auto &vector) {
        const size_t spare = (vector.capacity() - vector.size()) * sizeof(vector[0]);
        if (spare > 16 * 1024 && spare > vector.size() * sizeof(vector[0]) / 4)
            vector.shrink_to_fit();
    };
    Data &data = mutableData();
    shrink(data.bytes);
    shrink(data.ends);
    shrink(data.nulls);
}

void PgRowBatch::beginRow()
{
    Data &data = mutableData();
    Q_ASSERT_X(data.ends.size() == size_t(data.rowCount) * size_t(data.columnCount),
               "PgRowBatch::beginRow", "the previous row is incomplete");
    ++data.rowCount;
}

void PgRowBatch::appendValue(const char *value, int length)
{
    Data &data = mutableData();
    const size_t cell = data.ends.size();
    Q_ASSERT_X(cell < size_t(data.rowCount) * size_t(data.columnCount), "PgRowBatch::appendValue",
               "more values than columns; call beginRow() first");
    if (cell / 64 >= data.nulls.size())
        data.nulls.push_back(0);
    if (length < 0) {
        data.nulls[cell / 64] |= quint64(1) << (cell % 64);
    } else if (length > 0) {
        data.bytes.insert(data.bytes.end(), value, value + length);
        Q_ASSERT(data.bytes.size() <= std::numeric_limits<quint32>::max());
    }
    data.ends.push_back(quint32(data.bytes.size()));
}

PgRowBatch::Data &PgRowBatch::mutableData()
{
    if (!d) {
        d = std::make_shared<Data>();
    } else if (d.use_count() > 1) {
        // Copy on write: a batch someone else holds stays as it was.
        d = std::make_shared<Data>(*d);
    }
    return *d;
}

} // namespace sightline
