#include "models/pg/pgrowbatch.h"

#include <QtGlobal>

#include <cstdlib>
#include <cstring>
#include <limits>
#include <new>
#include <type_traits>

namespace sightline {

namespace {

// A growable array of plain values. The session appends millions of cells per
// second; this keeps each append a bounds check and a memcpy even in debug
// builds, where std::vector's layers of inline helpers are not inlined.
template<typename T>
class FlatBuffer
{
    static_assert(std::is_trivially_copyable_v<T>);

public:
    FlatBuffer() = default;
    FlatBuffer(const FlatBuffer &other) { append(other.m_data, other.m_size); }
    FlatBuffer &operator=(const FlatBuffer &) = delete;
    ~FlatBuffer() { std::free(m_data); }

    T *data() { return m_data; }
    const T *data() const { return m_data; }
    size_t size() const { return m_size; }
    size_t capacity() const { return m_capacity; }
    T &operator[](size_t i) { return m_data[i]; }
    const T &operator[](size_t i) const { return m_data[i]; }

    void reserve(size_t count)
    {
        if (count > m_capacity)
            reallocate(count);
    }
    void append(const T *values, size_t count)
    {
        if (m_size + count > m_capacity)
            grow(m_size + count);
        if (count > 0)
            std::memcpy(m_data + m_size, values, count * sizeof(T));
        m_size += count;
    }
    void push(T value)
    {
        if (m_size == m_capacity)
            grow(m_size + 1);
        m_data[m_size++] = value;
    }
    // Only where the waste is worth a copy.
    void squeeze()
    {
        const size_t spare = (m_capacity - m_size) * sizeof(T);
        if (spare > 16 * 1024 && spare > m_size * sizeof(T) / 4)
            reallocate(m_size);
    }

private:
    void grow(size_t needed) { reallocate(qMax(needed, qMax<size_t>(m_capacity * 2, 64))); }
    void reallocate(size_t capacity)
    {
        if (capacity == 0) {
            std::free(m_data);
            m_data = nullptr;
            m_capacity = 0;
            return;
        }
        void *grown = std::realloc(m_data, capacity * sizeof(T));
        if (!grown)
            throw std::bad_alloc();
        m_data = static_cast<T *>(grown);
        m_capacity = capacity;
    }

    T *m_data = nullptr;
    size_t m_size = 0;
    size_t m_capacity = 0;
};

} // namespace

// Cell i (row * columnCount + column) spans bytes [end(i - 1), end(i)). Offsets
// are 32-bit: the session checks canAppendRow() before every row and starts a
// new batch long before one nears 4 GiB (a single row from the server cannot
// exceed 1 GiB); appendValue() refuses to wrap even if a caller does not.
struct PgRowBatch::Data
{
    int columnCount = 0;
    int rowCount = 0;
    FlatBuffer<char> bytes;
    FlatBuffer<quint32> ends;
    FlatBuffer<quint64> nulls; // one bit per cell

    qsizetype cellStart(size_t cell) const { return cell == 0 ? 0 : ends[cell - 1]; }
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

qsizetype PgRowBatch::dataBytes() const
{
    return d ? qsizetype(d->bytes.size()) : 0;
}

bool PgRowBatch::canAppendRow(qsizetype bytes) const
{
    return bytes >= 0 && rowCount() < kMaxRows && bytes <= kMaxDataBytes - dataBytes();
}

// Accessors read d.get() once: viewers call them per cell, and in debug builds
// every shared_ptr dereference is a chain of calls.
bool PgRowBatch::isNull(int row, int column) const
{
    const Data *data = d.get();
    Q_ASSERT(data && row >= 0 && row < data->rowCount && column >= 0 && column < data->columnCount);
    const size_t cell = size_t(row) * size_t(data->columnCount) + size_t(column);
    return (data->nulls[cell / 64] >> (cell % 64)) & 1u;
}

QByteArrayView PgRowBatch::value(int row, int column) const
{
    const Data *data = d.get();
    Q_ASSERT(data && row >= 0 && row < data->rowCount && column >= 0 && column < data->columnCount);
    const size_t cell = size_t(row) * size_t(data->columnCount) + size_t(column);
    if ((data->nulls[cell / 64] >> (cell % 64)) & 1u)
        return {};
    const qsizetype start = data->cellStart(cell);
    return QByteArrayView(data->bytes.data() + start, qsizetype(data->ends[cell]) - start);
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
    Data &data = mutableData();
    data.bytes.squeeze();
    data.ends.squeeze();
    data.nulls.squeeze();
}

void PgRowBatch::beginRow()
{
    Data &data = mutableData();
    Q_ASSERT_X(data.ends.size() == size_t(data.rowCount) * size_t(data.columnCount),
               "PgRowBatch::beginRow", "the previous row is incomplete");
    if (data.rowCount == kMaxRows) [[unlikely]]
        qFatal("PgRowBatch: more than %d rows in one batch; check canAppendRow() first", kMaxRows);
    ++data.rowCount;
}

void PgRowBatch::appendValue(const char *value, int length)
{
    Data &data = mutableData();
    const size_t cell = data.ends.size();
    Q_ASSERT_X(cell < size_t(data.rowCount) * size_t(data.columnCount), "PgRowBatch::appendValue",
               "more values than columns; call beginRow() first");
    if (cell % 64 == 0)
        data.nulls.push(0);
    if (length < 0) {
        data.nulls[cell / 64] |= quint64(1) << (cell % 64);
    } else {
        // A wrapped offset would make value() read outside the buffer: stop
        // here, in release builds too. The session never gets this far.
        if (size_t(length) > size_t(kMaxDataBytes) - data.bytes.size()) [[unlikely]]
            qFatal("PgRowBatch: more than 4 GiB of cell data in one batch; check canAppendRow() "
                   "first");
        data.bytes.append(value, size_t(length));
    }
    data.ends.push(quint32(data.bytes.size()));
}

PgRowBatch::Data &PgRowBatch::mutableData()
{
    if (!d) {
        d = std::make_shared<Data>();
    } else if (d.use_count() > 1) {
        // Copy on write: a batch someone else holds stays as it was.
        d = std::make_shared<Data>(*d);
    }
    return *d.get();
}

} // namespace sightline
