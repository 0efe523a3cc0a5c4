#include "models/query/resultsortfilter.h"

#include "models/query/resultvalueformat.h"

#include <QCollator>
#include <QLocale>
#include <QPromise>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>
#include <bit>
#include <charconv>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <numeric>
#include <optional>
#include <string>

namespace sightline {

namespace {

using Outcome = ResultSortFilterModel::Outcome;
using Settings = ResultSortFilterModel::Settings;

// How often (in rows) a worker looks whether its answer is still wanted.
constexpr int kCancelCheckRows = 4096;

// Calls f(index, batch, rowInBatch) for each of `rows` (ascending source rows).
template<typename F>
bool forRows(const ResultRows &data, const std::vector<int> &rows, QPromise<Outcome> &promise, F f)
{
    std::size_t slice = 0;
    for (std::size_t i = 0; i < rows.size(); ++i) {
        if (i % kCancelCheckRows == 0 && promise.isCanceled())
            return false;
        const qint64 row = rows[i];
        while (slice + 1 < data.firstRow.size() && data.firstRow[slice + 1] <= row)
            ++slice;
        f(i, data.slices[slice].batch, int(row - data.firstRow[slice]));
    }
    return true;
}

int compareBytes(QByteArrayView a, QByteArrayView b)
{
    const qsizetype common = std::min(a.size(), b.size());
    if (common > 0) {
        if (const int c = std::memcmp(a.data(), b.data(), std::size_t(common)))
            return c < 0 ? -1 : 1;
    }
    return a.size() < b.size() ? -1 : (a.size() > b.size() ? 1 : 0);
}

char asciiLower(char c)
{
    return c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : c;
}

// Whether `hay` contains `needle` (lower-case ASCII) ignoring ASCII case. UTF-8
// multi-byte sequences never contain ASCII bytes, so this is exact on UTF-8.
bool containsAsciiNoCase(QByteArrayView hay, QByteArrayView needle)
{
    const qsizetype n = needle.size();
    if (n == 0)
        return true;
    const char first = needle[0];
    for (qsizetype i = 0; i + n <= hay.size(); ++i) {
        if (asciiLower(hay[i]) != first)
            continue;
        qsizetype k = 1;
        while (k < n && asciiLower(hay[i + k]) == needle[k])
            ++k;
        if (k == n)
            return true;
    }
    return false;
}

std::vector<int> filterRows(const ResultRows &data, const Settings &settings,
                            QPromise<Outcome> &promise)
{
    std::vector<int> all(std::size_t(data.rowCount));
    std::iota(all.begin(), all.end(), 0);
    const ResultRowFilter filter(settings.filter, settings.filterColumn, data.columns);
    if (filter.isEmpty())
        return all;
    std::vector<int> kept;
    const bool finished =
        forRows(data, all, promise, [&](std::size_t i, const PgRowBatch &batch, int row) {
            if (filter.matches(batch, row))
                kept.push_back(all[i]);
        });
    if (!finished)
        return {};
    return kept;
}

// One value to sort: a 64-bit key whose unsigned order is the value's order
// (as far as 64 bits tell), and its position among the values. Sorting these
// small records keeps comparisons cheap and memory access local.
struct Entry
{
    quint64 key;
    int pos;
};

// Sorts by key, then by tie(a, b) (a three-way comparison of positions with
// equal keys; null when equal keys mean equal values), descending when asked.
// Equal values keep their order: positions are ascending source rows.
template<typename Tie>
void sortEntries(std::vector<Entry> &entries, bool descending, const Tie &tie)
{
    std::sort(entries.begin(), entries.end(), [&](const Entry &x, const Entry &y) {
        if (x.key != y.key)
            return descending ? x.key > y.key : x.key < y.key;
        int c = tie(x.pos, y.pos);
        if (descending)
            c = -c;
        return c < 0 || (c == 0 && x.pos < y.pos);
    });
}

constexpr quint64 kSignBit = quint64(1) << 63;

// The first eight bytes, big-endian: unsigned order of the keys is the
// byte order of the values' starts.
quint64 prefixKey(QByteArrayView raw)
{
    quint64 key = 0;
    const qsizetype n = std::min<qsizetype>(raw.size(), 8);
    for (qsizetype i = 0; i < 8; ++i)
        key = key << 8 | (i < n ? static_cast<unsigned char>(raw[i]) : 0u);
    return key;
}

// A double as a key: negative values reversed below positive ones.
quint64 doubleKey(double value)
{
    if (value == 0)
        value = 0; // -0 and 0 are equal
    const auto bits = std::bit_cast<quint64>(value);
    return bits & kSignBit ? ~bits : bits | kSignBit;
}

// Ranks of decimal values, in the server's order.
enum DecimalRank : quint8
{
    MinusInfinity,
    Finite,
    PlusInfinity,
    NotANumber,
    Unreadable // not a number at all (never from the server)
};

quint8 decimalRank(QByteArrayView raw, double *value)
{
    *value = 0;
    if (raw == QByteArrayView("NaN"))
        return NotANumber;
    if (raw == QByteArrayView("Infinity")) {
        *value = std::numeric_limits<double>::infinity();
        return PlusInfinity;
    }
    if (raw == QByteArrayView("-Infinity")) {
        *value = -std::numeric_limits<double>::infinity();
        return MinusInfinity;
    }
    const char *end = raw.data() + raw.size();
    const auto [ptr, ec] = std::from_chars(raw.data(), end, *value);
    if (ec == std::errc::result_out_of_range) {
        // numeric goes far beyond double's range; strtod saturates to
        // ±HUGE_VAL or 0, which keeps the order, and ties are exact.
        const std::string copy(raw.data(), std::size_t(raw.size()));
        *value = std::strtod(copy.c_str(), nullptr);
        return Finite;
    }
    return ec == std::errc() && ptr == end ? Finite : Unreadable;
}

void sortRows(std::vector<int> &rows, const ResultRows &data, const Settings &settings,
              const QLocale &locale, QPromise<Outcome> &promise)
{
    const int column = settings.sortColumn;
    const bool descending = settings.order == Qt::DescendingOrder;
    const ValueKind kind = valueKind(data.columns.at(column).typeOid);
    const bool collate = kind == ValueKind::Text && locale.language() != QLocale::C;
    std::optional<QCollator> collator;
    if (collate)
        collator.emplace(locale);

    std::vector<int> nulls;
    std::vector<int> values;
    std::vector<Entry> entries;
    std::vector<QByteArrayView> raws; // for ties
    std::vector<quint8> ranks;        // for ties
    std::vector<QCollatorSortKey> collated;
    values.reserve(rows.size());
    entries.reserve(rows.size());
    raws.reserve(rows.size());
    if (kind == ValueKind::Decimal || kind == ValueKind::Integer)
        ranks.reserve(rows.size());

    const bool read =
        forRows(data, rows, promise, [&](std::size_t i, const PgRowBatch &batch, int row) {
            if (batch.isNull(row, column)) {
                nulls.push_back(rows[i]);
                return;
            }
            const QByteArrayView raw = batch.value(row, column);
            const int pos = int(values.size());
            values.push_back(rows[i]);
            raws.push_back(raw);
            quint64 key = 0;
            switch (kind) {
            case ValueKind::Integer: {
                qint64 value = 0;
                const char *end = raw.data() + raw.size();
                const auto [ptr, ec] = std::from_chars(raw.data(), end, value);
                const bool bad = ec != std::errc() || ptr != end;
                ranks.push_back(bad ? 1 : 0);
                key = bad ? ~quint64(0) : quint64(value) ^ kSignBit;
                break;
            }
            case ValueKind::Decimal: {
                double value = 0;
                const quint8 rank = decimalRank(raw, &value);
                ranks.push_back(rank);
                key = rank >= NotANumber ? ~quint64(0) : doubleKey(value);
                break;
            }
            case ValueKind::Bool:
                // false before true; anything else after both
                key = raw == QByteArrayView("f") ? 0 : (raw == QByteArrayView("t") ? 1 : 2);
                break;
            case ValueKind::Text:
                if (collate) {
                    collated.push_back(collator->sortKey(QString::fromUtf8(raw)));
                    break;
                }
                [[fallthrough]];
            case ValueKind::Json:
            case ValueKind::Bytea:
                // UTF-8 bytes compare in code-point order; bytea's hex in byte order.
                key = prefixKey(raw);
                break;
            }
            entries.push_back({key, pos});
        });
    if (!read)
        return;

    switch (kind) {
    case ValueKind::Integer:
        sortEntries(entries, descending, [&](int a, int b) {
            // Equal keys are equal values, or the largest int8 and unreadable text.
            const auto x = std::size_t(a);
            const auto y = std::size_t(b);
            if (ranks[x] != ranks[y])
                return ranks[x] < ranks[y] ? -1 : 1;
            return ranks[x] ? compareBytes(raws[x], raws[y]) : 0;
        });
        break;
    case ValueKind::Decimal:
        sortEntries(entries, descending, [&](int a, int b) {
            const auto x = std::size_t(a);
            const auto y = std::size_t(b);
            if (ranks[x] != ranks[y])
                return ranks[x] < ranks[y] ? -1 : 1;
            // Rounding to double never reverses an order, so unequal keys
            // decide; equal ones may hide digits beyond double's precision.
            if (ranks[x] == Finite)
                return compareNumericText(raws[x], raws[y]);
            return ranks[x] == Unreadable ? compareBytes(raws[x], raws[y]) : 0;
        });
        break;
    case ValueKind::Bool:
        sortEntries(entries, descending, [&](int a, int b) {
            return compareBytes(raws[std::size_t(a)], raws[std::size_t(b)]);
        });
        break;
    case ValueKind::Text:
        if (collate) {
            sortEntries(entries, descending, [&](int a, int b) {
                const int c = collated[std::size_t(a)].compare(collated[std::size_t(b)]);
                return (c > 0) - (c < 0);
            });
            break;
        }
        [[fallthrough]];
    case ValueKind::Json:
    case ValueKind::Bytea:
        sortEntries(entries, descending, [&](int a, int b) {
            return compareBytes(raws[std::size_t(a)], raws[std::size_t(b)]);
        });
        break;
    }
    if (promise.isCanceled())
        return;

    rows.clear();
    if (descending)
        rows.insert(rows.end(), nulls.begin(), nulls.end());
    for (const Entry &entry : entries)
        rows.push_back(values[std::size_t(entry.pos)]);
    if (!descending)
        rows.insert(rows.end(), nulls.begin(), nulls.end());
}

void compute(QPromise<Outcome> &promise, const ResultRows &data, const Settings &settings,
             const QLocale &locale, quint64 generation)
{
    Outcome outcome;
    outcome.generation = generation;
    outcome.settings = settings;
    outcome.sourceRows = data.rowCount;
    outcome.map = filterRows(data, settings, promise);
    if (promise.isCanceled())
        return;
    if (settings.sortColumn >= 0 && settings.sortColumn < data.columns.size())
        sortRows(outcome.map, data, settings, locale, promise);
    if (promise.isCanceled())
        return;
    outcome.inverse.assign(std::size_t(data.rowCount), -1);
    for (std::size_t i = 0; i < outcome.map.size(); ++i)
        outcome.inverse[std::size_t(outcome.map[i])] = int(i);
    promise.addResult(std::move(outcome));
}

// A number in text form as sign, significant digits and exponent:
// value = 0.d1d2d3... × 10^exponent, digits without leading or trailing zeros.
struct Decimal
{
    bool negative = false;
    std::string digits; // empty for zero
    qint64 exponent = 0;
};

std::optional<Decimal> parseDecimal(QByteArrayView text)
{
    Decimal d;
    qsizetype i = 0;
    const qsizetype n = text.size();
    if (i < n && (text[i] == '-' || text[i] == '+')) {
        d.negative = text[i] == '-';
        ++i;
    }
    qint64 integerDigits = 0;
    bool any = false;
    while (i < n && text[i] >= '0' && text[i] <= '9') {
        d.digits.push_back(text[i++]);
        ++integerDigits;
        any = true;
    }
    if (i < n && text[i] == '.') {
        ++i;
        while (i < n && text[i] >= '0' && text[i] <= '9') {
            d.digits.push_back(text[i++]);
            any = true;
        }
    }
    if (!any)
        return std::nullopt;
    qint64 exponent = 0;
    if (i < n && (text[i] == 'e' || text[i] == 'E')) {
        ++i;
        const char *end = text.data() + n;
        const char *start = text.data() + i;
        if (start < end && *start == '+')
            ++start;
        const auto [ptr, ec] = std::from_chars(start, end, exponent);
        if (ec != std::errc() || ptr != end)
            return std::nullopt;
        i = n;
    }
    if (i != n)
        return std::nullopt;
    const std::size_t lead = d.digits.find_first_not_of('0');
    if (lead == std::string::npos) {
        d.digits.clear();
        d.negative = false; // -0 is 0
        return d;
    }
    d.digits.erase(0, lead);
    d.digits.erase(d.digits.find_last_not_of('0') + 1);
    d.exponent = integerDigits - qint64(lead) + exponent;
    return d;
}

} // namespace

ResultRowFilter::ResultRowFilter(const QString &text, int column, const QList<PgColumn> &columns)
{
    bool ascii = true;
    for (const QChar c : text)
        ascii = ascii && c.unicode() < 0x80;
    if (ascii)
        m_lower = text.toLower().toLatin1();
    else
        m_text = text;
    for (int c = 0; c < columns.size(); ++c) {
        if (column < 0 || column == c) {
            m_columns << c;
            m_isBool << (valueKind(columns.at(c).typeOid) == ValueKind::Bool);
        }
    }
}

bool ResultRowFilter::contains(QByteArrayView value) const
{
    if (m_text.isEmpty())
        return containsAsciiNoCase(value, m_lower);
    return QString::fromUtf8(value).contains(m_text, Qt::CaseInsensitive);
}

bool ResultRowFilter::matches(const PgRowBatch &batch, int row) const
{
    if (isEmpty())
        return true;
    for (qsizetype k = 0; k < m_columns.size(); ++k) {
        const int c = m_columns.at(k);
        if (c >= batch.columnCount() || batch.isNull(row, c))
            continue;
        QByteArrayView value = batch.value(row, c);
        if (m_isBool.at(k)) {
            if (value == QByteArrayView("t"))
                value = "true";
            else if (value == QByteArrayView("f"))
                value = "false";
        }
        if (contains(value))
            return true;
    }
    return false;
}

int compareNumericText(QByteArrayView a, QByteArrayView b)
{
    const std::optional<Decimal> x = parseDecimal(a);
    const std::optional<Decimal> y = parseDecimal(b);
    if (!x || !y)
        return 0;
    const bool xZero = x->digits.empty();
    const bool yZero = y->digits.empty();
    if (xZero || yZero) {
        if (xZero && yZero)
            return 0;
        if (xZero)
            return y->negative ? 1 : -1;
        return x->negative ? -1 : 1;
    }
    if (x->negative != y->negative)
        return x->negative ? -1 : 1;
    int magnitude = 0;
    if (x->exponent != y->exponent)
        magnitude = x->exponent < y->exponent ? -1 : 1;
    else if (const int c = x->digits.compare(y->digits))
        magnitude = c < 0 ? -1 : 1;
    return x->negative ? -magnitude : magnitude;
}

ResultSortFilterModel::ResultSortFilterModel(QObject *parent)
    : QAbstractProxyModel(parent)
    , m_watcher(new QFutureWatcher<Outcome>(this))
{
    m_rerunTimer.setSingleShot(true);
    m_rerunTimer.setInterval(300);
    connect(&m_rerunTimer, &QTimer::timeout, this, &ResultSortFilterModel::start);
    connect(m_watcher, &QFutureWatcher<Outcome>::finished, this, &ResultSortFilterModel::finish);
}

ResultSortFilterModel::~ResultSortFilterModel()
{
    // The worker holds its own copy of the batches; it only needs to stop.
    m_watcher->future().cancel();
}

void ResultSortFilterModel::setSourceModel(QAbstractItemModel *model)
{
    auto *results = qobject_cast<ResultSetModel *>(model);
    if (model && !results) {
        qWarning("ResultSortFilterModel: the source must be a ResultSetModel");
        return;
    }
    beginResetModel();
    if (m_source)
        disconnect(m_source, nullptr, this, nullptr);
    ++m_generation;
    m_watcher->future().cancel();
    m_pending = false;
    m_rerunTimer.stop();
    m_wanted = {};
    m_applied = {};
    m_identity = true;
    m_map.clear();
    m_inverse.clear();
    QAbstractProxyModel::setSourceModel(model);
    m_source = results;
    m_appliedSourceRows = m_source ? m_source->rowCount() : 0;
    if (m_source) {
        connect(m_source, &QAbstractItemModel::modelAboutToBeReset, this,
                &ResultSortFilterModel::sourceAboutToBeReset);
        connect(m_source, &QAbstractItemModel::modelReset, this,
                &ResultSortFilterModel::sourceReset);
        connect(m_source, &QAbstractItemModel::rowsAboutToBeInserted, this,
                &ResultSortFilterModel::sourceRowsAboutToBeInserted);
        connect(m_source, &QAbstractItemModel::rowsInserted, this,
                &ResultSortFilterModel::sourceRowsInserted);
    }
    endResetModel();
    updateBusy();
    Q_EMIT countsChanged();
}

void ResultSortFilterModel::sort(int column, Qt::SortOrder order)
{
    Settings next = m_wanted;
    next.sortColumn = column >= 0 && column < columnCount() ? column : -1;
    next.order = order;
    if (next.sortColumn == m_wanted.sortColumn &&
        (next.sortColumn < 0 || next.order == m_wanted.order))
        return;
    m_wanted = next;
    start();
}

void ResultSortFilterModel::setFilter(const QString &text, int column)
{
    Settings next = m_wanted;
    next.filter = text;
    next.filterColumn = column >= 0 && column < columnCount() ? column : -1;
    if (next.sameFilter(m_wanted))
        return;
    m_wanted = next;
    start();
}

void ResultSortFilterModel::start()
{
    m_rerunTimer.stop();
    ++m_generation;
    m_watcher->future().cancel();
    m_pending = false;
    if (!m_source || m_wanted.isIdentity()) {
        applyIdentity();
        updateBusy();
        return;
    }
    m_pending = true;
    // The batches are immutable and shared, so the worker reads a copy of
    // the list while more rows keep arriving here.
    m_watcher->setFuture(
        QtConcurrent::run(compute, m_source->rows(), m_wanted, QLocale(), m_generation));
    updateBusy();
}

void ResultSortFilterModel::finish()
{
    // The watcher only reports the latest request's future.
    m_pending = false;
    QFuture<Outcome> future = m_watcher->future();
    if (!future.isCanceled() && future.resultCount() > 0) {
        Outcome outcome = future.takeResult();
        if (outcome.generation == m_generation && m_source) {
            apply(std::move(outcome));
            // Rows that arrived meanwhile join at the next run.
            if (m_source->rowCount() > m_appliedSourceRows)
                m_rerunTimer.start();
        }
    }
    updateBusy();
}

void ResultSortFilterModel::applyIdentity()
{
    if (m_identity)
        return;
    const qint64 sourceRows = m_source ? m_source->rowCount() : 0;
    Q_EMIT layoutAboutToBeChanged({}, QAbstractItemModel::VerticalSortHint);
    const QModelIndexList from = persistentIndexList();
    QModelIndexList to;
    to.reserve(from.size());
    for (const QModelIndex &index : from) {
        const int source = sourceRow(index.row());
        to << (source >= 0 && source < sourceRows ? createIndex(source, index.column())
                                                  : QModelIndex());
    }
    m_identity = true;
    m_map.clear();
    m_map.shrink_to_fit();
    m_inverse.clear();
    m_inverse.shrink_to_fit();
    m_applied = Settings();
    m_appliedSourceRows = sourceRows;
    changePersistentIndexList(from, to);
    Q_EMIT layoutChanged({}, QAbstractItemModel::VerticalSortHint);
    Q_EMIT countsChanged();
}

void ResultSortFilterModel::apply(Outcome &&outcome)
{
    // One layout change whether the order, the row set or both changed:
    // persistent indexes (selection, current cell) follow their rows, and the
    // ones of rows no longer shown become invalid.
    Q_EMIT layoutAboutToBeChanged({}, QAbstractItemModel::VerticalSortHint);
    const QModelIndexList from = persistentIndexList();
    QModelIndexList to;
    to.reserve(from.size());
    for (const QModelIndex &index : from) {
        const int source = sourceRow(index.row());
        const int row = source >= 0 && std::size_t(source) < outcome.inverse.size()
                            ? outcome.inverse[std::size_t(source)]
                            : -1;
        to << (row >= 0 ? createIndex(row, index.column()) : QModelIndex());
    }
    m_identity = false;
    m_map = std::move(outcome.map);
    m_inverse = std::move(outcome.inverse);
    m_applied = outcome.settings;
    m_appliedSourceRows = outcome.sourceRows;
    changePersistentIndexList(from, to);
    Q_EMIT layoutChanged({}, QAbstractItemModel::VerticalSortHint);
    Q_EMIT countsChanged();
}

void ResultSortFilterModel::updateBusy()
{
    const bool busy = m_pending || m_rerunTimer.isActive();
    if (busy == m_busy)
        return;
    m_busy = busy;
    Q_EMIT busyChanged(busy);
}

void ResultSortFilterModel::sourceAboutToBeReset()
{
    beginResetModel();
    ++m_generation;
    m_watcher->future().cancel();
    m_pending = false;
    m_rerunTimer.stop();
}

void ResultSortFilterModel::sourceReset()
{
    m_identity = true;
    m_map.clear();
    m_inverse.clear();
    m_applied = {};
    m_appliedSourceRows = m_source ? m_source->rowCount() : 0;
    // The columns may be other columns now: a sort by position would be a
    // sort by something else.
    m_wanted.sortColumn = -1;
    if (m_wanted.filterColumn >= columnCount())
        m_wanted.filterColumn = -1;
    endResetModel();
    if (!m_wanted.isIdentity())
        start();
    updateBusy();
    Q_EMIT countsChanged();
}

void ResultSortFilterModel::sourceRowsAboutToBeInserted(const QModelIndex &parent, int first,
                                                        int last)
{
    if (m_identity && !parent.isValid())
        beginInsertRows(QModelIndex(), first, last);
}

void ResultSortFilterModel::sourceRowsInserted(const QModelIndex &parent, int, int)
{
    if (parent.isValid())
        return;
    if (m_identity) {
        endInsertRows();
        m_appliedSourceRows = m_source ? m_source->rowCount() : 0;
    }
    if (!m_wanted.isIdentity() && !m_pending && !m_rerunTimer.isActive())
        m_rerunTimer.start();
    updateBusy();
    Q_EMIT countsChanged();
}

int ResultSortFilterModel::sourceRow(int proxyRow) const
{
    if (proxyRow < 0 || proxyRow >= rowCount())
        return -1;
    return m_identity ? proxyRow : m_map[std::size_t(proxyRow)];
}

std::vector<int> ResultSortFilterModel::sourceRows() const
{
    if (!m_identity)
        return m_map;
    std::vector<int> rows(static_cast<std::size_t>(rowCount()));
    std::iota(rows.begin(), rows.end(), 0);
    return rows;
}

QModelIndex ResultSortFilterModel::mapToSource(const QModelIndex &proxyIndex) const
{
    if (!proxyIndex.isValid() || !m_source || proxyIndex.model() != this)
        return {};
    const int row = sourceRow(proxyIndex.row());
    return row < 0 ? QModelIndex() : m_source->index(row, proxyIndex.column());
}

QModelIndex ResultSortFilterModel::mapFromSource(const QModelIndex &sourceIndex) const
{
    if (!sourceIndex.isValid() || !m_source || sourceIndex.model() != m_source)
        return {};
    if (m_identity)
        return index(sourceIndex.row(), sourceIndex.column());
    const auto source = std::size_t(sourceIndex.row());
    if (source >= m_inverse.size() || m_inverse[source] < 0)
        return {};
    return createIndex(m_inverse[source], sourceIndex.column());
}

QModelIndex ResultSortFilterModel::index(int row, int column, const QModelIndex &parent) const
{
    if (parent.isValid() || row < 0 || column < 0 || row >= rowCount() || column >= columnCount())
        return {};
    return createIndex(row, column);
}

QModelIndex ResultSortFilterModel::parent(const QModelIndex &) const
{
    return {};
}

QModelIndex ResultSortFilterModel::sibling(int row, int column, const QModelIndex &idx) const
{
    return idx.isValid() ? index(row, column) : QModelIndex();
}

int ResultSortFilterModel::rowCount(const QModelIndex &parent) const
{
    if (parent.isValid() || !m_source)
        return 0;
    return m_identity ? m_source->rowCount() : int(m_map.size());
}

int ResultSortFilterModel::columnCount(const QModelIndex &parent) const
{
    if (parent.isValid() || !m_source)
        return 0;
    return m_source->columnCount();
}

bool ResultSortFilterModel::hasChildren(const QModelIndex &parent) const
{
    return !parent.isValid() && rowCount() > 0 && columnCount() > 0;
}

QVariant ResultSortFilterModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (!m_source)
        return {};
    // Rows are numbered as they are shown; columns are never rearranged here.
    if (orientation == Qt::Vertical)
        return role == Qt::DisplayRole && section >= 0 && section < rowCount()
                   ? QVariant(section + 1)
                   : QVariant();
    // Header clicks start every column ascending (QHeaderView asks this).
    if (role == Qt::InitialSortOrderRole)
        return int(Qt::AscendingOrder);
    return m_source->headerData(section, orientation, role);
}

} // namespace sightline
