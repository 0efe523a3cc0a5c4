#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QMetaType>
#include <QString>

#include <limits>
#include <memory>
#include <vector>

namespace sightline {

// Description of one result column.
struct PgColumn
{
    QString name;
    quint32 typeOid = 0;
    int typeModifier = -1;
    quint32 tableOid = 0; // 0 when the column is not a simple table column
    int tableColumn = 0;

    friend bool operator==(const PgColumn &, const PgColumn &) = default;
};

// A batch of rows in text format, stored compactly: all cell bytes in one
// buffer, one offset per cell, one bit per cell for NULL. No QVariant per cell.
// Copies share the data (the batch is immutable once emitted).
class PgRowBatch
{
public:
    // What one batch can hold: cell offsets are 32-bit and rows are counted
    // in an int. Builders ask canAppendRow() before each row and start a new
    // batch (or give up) when it says no; appending past these limits aborts
    // the process rather than wrap an offset into out-of-bounds reads.
    static constexpr qsizetype kMaxDataBytes = std::numeric_limits<quint32>::max();
    static constexpr int kMaxRows = std::numeric_limits<int>::max();

    PgRowBatch();
    explicit PgRowBatch(int columnCount);

    int columnCount() const;
    int rowCount() const;
    bool isEmpty() const { return rowCount() == 0; }
    qsizetype byteSize() const;  // memory held by the batch, roughly
    qsizetype dataBytes() const; // bytes of cell data (the part the offsets address)

    bool isNull(int row, int column) const;
    QByteArrayView value(int row, int column) const; // empty view for NULL
    QString text(int row, int column) const;         // null QString for NULL

    // Building (used by the session while it is the only owner).
    // Whether one more row with `bytes` of cell data stays within the limits.
    bool canAppendRow(qsizetype bytes) const;
    void reserve(int rows, qsizetype bytes);
    void squeeze(); // gives back reserved memory when much of it is unused
    void beginRow();
    void appendValue(const char *data, int length); // length < 0 means NULL
    void appendNull() { appendValue(nullptr, -1); }

private:
    struct Data;
    std::shared_ptr<Data> d;
    Data &mutableData();
};

} // namespace sightline

Q_DECLARE_METATYPE(sightline::PgColumn)
Q_DECLARE_METATYPE(sightline::PgRowBatch)
