#include "planfields.h"

#include <charconv>
#include <cmath>
#include <limits>
#include <unordered_map>

namespace sightline::planfields {

namespace {

struct ViewHash
{
    size_t operator()(QStringView v) const noexcept { return qHash(v); }
};

using FieldMap = std::unordered_map<QStringView, NodeField, ViewHash>;

const FieldMap &fieldMap()
{
    // Keys are PostgreSQL's JSON property names; the TEXT reader uses the same names for
    // detail lines that print them verbatim ("Filter: ...", "Heap Fetches: 3").
    static const FieldMap map = {
        {u"Node Type", NodeField::NodeType},
        {u"Parent Relationship", NodeField::ParentRelationship},
        {u"Subplan Name", NodeField::SubplanName},
        {u"Parallel Aware", NodeField::ParallelAware},
        {u"Async Capable", NodeField::AsyncCapable},
        {u"Join Type", NodeField::JoinType},
        {u"Strategy", NodeField::Strategy},
        {u"Partial Mode", NodeField::PartialMode},
        {u"Operation", NodeField::Operation},
        {u"Command", NodeField::Command},
        {u"Scan Direction", NodeField::ScanDirection},
        {u"Custom Plan Provider", NodeField::CustomPlanProvider},
        {u"Inner Unique", NodeField::InnerUnique},
        {u"Relation Name", NodeField::RelationName},
        {u"Schema", NodeField::Schema},
        {u"Alias", NodeField::Alias},
        {u"Index Name", NodeField::IndexName},
        {u"Function Name", NodeField::FunctionName},
        {u"CTE Name", NodeField::CteName},
        {u"Table Function Name", NodeField::TableFunctionName},
        {u"Tuplestore Name", NodeField::TuplestoreName},
        {u"Startup Cost", NodeField::StartupCost},
        {u"Total Cost", NodeField::TotalCost},
        {u"Plan Rows", NodeField::PlanRows},
        {u"Plan Width", NodeField::PlanWidth},
        {u"Disabled", NodeField::Disabled},
        {u"Disabled Nodes", NodeField::DisabledNodes},
        {u"Actual Startup Time", NodeField::ActualStartupTime},
        {u"Actual Total Time", NodeField::ActualTotalTime},
        {u"Actual Rows", NodeField::ActualRows},
        {u"Actual Loops", NodeField::ActualLoops},
        {u"Workers Planned", NodeField::WorkersPlanned},
        {u"Workers Launched", NodeField::WorkersLaunched},
        {u"Filter", NodeField::Filter},
        {u"Index Cond", NodeField::IndexCond},
        {u"Recheck Cond", NodeField::RecheckCond},
        {u"Join Filter", NodeField::JoinFilter},
        {u"Hash Cond", NodeField::HashCond},
        {u"Merge Cond", NodeField::MergeCond},
        {u"One-Time Filter", NodeField::OneTimeFilter},
        {u"TID Cond", NodeField::TidCond},
        {u"Sort Key", NodeField::SortKey},
        {u"Presorted Key", NodeField::PresortedKey},
        {u"Group Key", NodeField::GroupKey},
        {u"Output", NodeField::Output},
        {u"Cache Key", NodeField::CacheKey},
        {u"Rows Removed by Filter", NodeField::RowsRemovedByFilter},
        {u"Rows Removed by Join Filter", NodeField::RowsRemovedByJoinFilter},
        {u"Rows Removed by Index Recheck", NodeField::RowsRemovedByIndexRecheck},
        {u"Heap Fetches", NodeField::HeapFetches},
        {u"Exact Heap Blocks", NodeField::ExactHeapBlocks},
        {u"Lossy Heap Blocks", NodeField::LossyHeapBlocks},
        {u"Index Searches", NodeField::IndexSearches},
        {u"Sort Method", NodeField::SortMethod},
        {u"Sort Space Used", NodeField::SortSpaceUsed},
        {u"Sort Space Type", NodeField::SortSpaceType},
        {u"Hash Buckets", NodeField::HashBuckets},
        {u"Original Hash Buckets", NodeField::OriginalHashBuckets},
        {u"Hash Batches", NodeField::HashBatches},
        {u"Original Hash Batches", NodeField::OriginalHashBatches},
        {u"Peak Memory Usage", NodeField::PeakMemoryUsage},
        {u"HashAgg Batches", NodeField::HashAggBatches},
        {u"Planned Partitions", NodeField::PlannedPartitions},
        {u"Disk Usage", NodeField::DiskUsage},
    };
    return map;
}

bool isTrue(const FieldValue &v)
{
    if (v.number)
        return *v.number != 0;
    return v.text.compare(QLatin1String("true"), Qt::CaseInsensitive) == 0 ||
           v.text.compare(QLatin1String("on"), Qt::CaseInsensitive) == 0;
}

QStringList listOf(const FieldValue &v)
{
    if (v.isList)
        return v.list;
    return splitTopLevel(v.text);
}

} // namespace

NodeField nodeFieldForKey(QStringView key)
{
    const FieldMap &map = fieldMap();
    const auto it = map.find(key);
    return it == map.end() ? NodeField::Unknown : it->second;
}

bool applyNodeField(PlanNode &node, NodeField field, const FieldValue &v)
{
    auto setNumber = [&](std::optional<double> &target) {
        if (!v.number)
            return false;
        target = *v.number;
        return true;
    };
    auto setInt = [&](std::optional<qint64> &target) {
        if (!v.number)
            return false;
        target = toInt64(*v.number);
        return true;
    };
    switch (field) {
    case NodeField::Unknown:
        return false;
    case NodeField::NodeType:
        node.nodeType = v.text;
        return true;
    case NodeField::ParentRelationship:
        node.parentRelationship = v.text;
        return true;
    case NodeField::SubplanName:
        node.subplanName = v.text;
        return true;
    case NodeField::ParallelAware:
        node.parallelAware = isTrue(v);
        return true;
    case NodeField::AsyncCapable:
        node.asyncCapable = isTrue(v);
        return true;
    case NodeField::JoinType:
        node.joinType = v.text;
        return true;
    case NodeField::Strategy:
        node.strategy = v.text;
        return true;
    case NodeField::PartialMode:
        node.partialMode = v.text;
        return true;
    case NodeField::Operation:
        node.operation = v.text;
        return true;
    case NodeField::Command:
        node.setOpCommand = v.text;
        return true;
    case NodeField::ScanDirection:
        node.scanDirection = v.text;
        return true;
    case NodeField::CustomPlanProvider:
        node.customPlanProvider = v.text;
        return true;
    case NodeField::InnerUnique:
        node.innerUnique = isTrue(v);
        return true;
    case NodeField::RelationName:
        node.relationName = v.text;
        return true;
    case NodeField::Schema:
        node.schema = v.text;
        return true;
    case NodeField::Alias:
        node.alias = v.text;
        return true;
    case NodeField::IndexName:
        node.indexName = v.text;
        return true;
    case NodeField::FunctionName:
        node.functionName = v.text;
        return true;
    case NodeField::CteName:
        node.cteName = v.text;
        return true;
    case NodeField::TableFunctionName:
        node.tableFunction = v.text;
        return true;
    case NodeField::TuplestoreName:
        node.tuplestoreName = v.text;
        return true;
    case NodeField::StartupCost:
        return setNumber(node.startupCost);
    case NodeField::TotalCost:
        return setNumber(node.totalCost);
    case NodeField::PlanRows:
        return setNumber(node.planRows);
    case NodeField::PlanWidth:
        return setInt(node.planWidth);
    case NodeField::Disabled:
        node.disabled = isTrue(v);
        return true;
    case NodeField::DisabledNodes:
        return setInt(node.disabledNodes);
    case NodeField::ActualStartupTime:
        return setNumber(node.actualStartupMs);
    case NodeField::ActualTotalTime:
        return setNumber(node.actualTotalMs);
    case NodeField::ActualRows:
        return setNumber(node.actualRows);
    case NodeField::ActualLoops:
        if (!setNumber(node.actualLoops))
            return false;
        // JSON says "Actual Loops": 0 for a node that never ran; TEXT says (never executed).
        node.neverExecuted = *node.actualLoops == 0;
        return true;
    case NodeField::WorkersPlanned:
        if (!v.number)
            return false;
        node.workersPlanned = int(toInt64(*v.number));
        return true;
    case NodeField::WorkersLaunched:
        if (!v.number)
            return false;
        node.workersLaunched = int(toInt64(*v.number));
        return true;
    case NodeField::Filter:
        node.filter = v.text;
        return true;
    case NodeField::IndexCond:
        node.indexCond = v.text;
        return true;
    case NodeField::RecheckCond:
        node.recheckCond = v.text;
        return true;
    case NodeField::JoinFilter:
        node.joinFilter = v.text;
        return true;
    case NodeField::HashCond:
        node.hashCond = v.text;
        return true;
    case NodeField::MergeCond:
        node.mergeCond = v.text;
        return true;
    case NodeField::OneTimeFilter:
        node.oneTimeFilter = v.text;
        return true;
    case NodeField::TidCond:
        node.tidCond = v.text;
        return true;
    case NodeField::SortKey:
        node.sortKey += listOf(v);
        return true;
    case NodeField::PresortedKey:
        node.presortedKey += listOf(v);
        return true;
    case NodeField::GroupKey:
        node.groupKey += listOf(v);
        return true;
    case NodeField::Output:
        node.output += listOf(v);
        return true;
    case NodeField::CacheKey:
        node.cacheKey = v.text;
        return true;
    case NodeField::RowsRemovedByFilter:
        return setNumber(node.rowsRemovedByFilter);
    case NodeField::RowsRemovedByJoinFilter:
        return setNumber(node.rowsRemovedByJoinFilter);
    case NodeField::RowsRemovedByIndexRecheck:
        return setNumber(node.rowsRemovedByIndexRecheck);
    case NodeField::HeapFetches:
        return setNumber(node.heapFetches);
    case NodeField::ExactHeapBlocks:
        return setInt(node.exactHeapBlocks);
    case NodeField::LossyHeapBlocks:
        return setInt(node.lossyHeapBlocks);
    case NodeField::IndexSearches:
        return setNumber(node.indexSearches);
    case NodeField::SortMethod:
        node.sort.method = v.text;
        return true;
    case NodeField::SortSpaceUsed:
        return setInt(node.sort.spaceUsedKb);
    case NodeField::SortSpaceType:
        node.sort.spaceType = v.text;
        return true;
    case NodeField::HashBuckets:
        return setInt(node.hashBuckets);
    case NodeField::OriginalHashBuckets:
        return setInt(node.originalHashBuckets);
    case NodeField::HashBatches:
    case NodeField::HashAggBatches:
        return setInt(node.hashBatches);
    case NodeField::OriginalHashBatches:
        return setInt(node.originalHashBatches);
    case NodeField::PeakMemoryUsage:
        return setInt(node.peakMemoryKb);
    case NodeField::PlannedPartitions:
        return setInt(node.plannedPartitions);
    case NodeField::DiskUsage:
        return setInt(node.diskUsageKb);
    }
    return false;
}

bool applyBufferKey(PlanBuffers &b, QStringView key, double value)
{
    const qint64 blocks = toInt64(value);
    if (key.endsWith(u" Blocks")) {
        const QStringView what = key.chopped(7);
        qint64 *target = nullptr;
        if (what == u"Shared Hit")
            target = &b.sharedHit;
        else if (what == u"Shared Read")
            target = &b.sharedRead;
        else if (what == u"Shared Dirtied")
            target = &b.sharedDirtied;
        else if (what == u"Shared Written")
            target = &b.sharedWritten;
        else if (what == u"Local Hit")
            target = &b.localHit;
        else if (what == u"Local Read")
            target = &b.localRead;
        else if (what == u"Local Dirtied")
            target = &b.localDirtied;
        else if (what == u"Local Written")
            target = &b.localWritten;
        else if (what == u"Temp Read")
            target = &b.tempRead;
        else if (what == u"Temp Written")
            target = &b.tempWritten;
        if (!target)
            return false;
        *target = blocks;
        b.hasBuffers = true;
        return true;
    }
    double *time = nullptr;
    // Before PostgreSQL 16 the unscoped keys covered shared and local blocks together.
    if (key == u"I/O Read Time" || key == u"Shared I/O Read Time")
        time = &b.sharedIoReadMs;
    else if (key == u"I/O Write Time" || key == u"Shared I/O Write Time")
        time = &b.sharedIoWriteMs;
    else if (key == u"Local I/O Read Time")
        time = &b.localIoReadMs;
    else if (key == u"Local I/O Write Time")
        time = &b.localIoWriteMs;
    else if (key == u"Temp I/O Read Time")
        time = &b.tempIoReadMs;
    else if (key == u"Temp I/O Write Time")
        time = &b.tempIoWriteMs;
    if (!time)
        return false;
    *time = value;
    b.hasIoTiming = true;
    return true;
}

bool applyWalKey(PlanWal &wal, QStringView key, double value)
{
    qint64 *target = nullptr;
    if (key == u"WAL Records")
        target = &wal.records;
    else if (key == u"WAL FPI")
        target = &wal.fullPageImages;
    else if (key == u"WAL Bytes")
        target = &wal.bytes;
    else if (key == u"WAL Buffers Full")
        target = &wal.buffersFull;
    if (!target)
        return false;
    *target = toInt64(value);
    wal.present = true;
    return true;
}

std::optional<double> parseNumber(QStringView text)
{
    text = text.trimmed();
    if (text.isEmpty() || text.size() > 64)
        return std::nullopt;
    char buffer[65];
    qsizetype n = 0;
    qsizetype start = 0;
    if (text.front() == u'+')
        start = 1; // from_chars does not accept a leading '+'
    for (qsizetype i = start; i < text.size(); ++i) {
        const char16_t c = text[i].unicode();
        if (c > 127)
            return std::nullopt;
        buffer[n++] = char(c);
    }
    double value = 0;
    const auto [end, ec] = std::from_chars(buffer, buffer + n, value);
    if (ec != std::errc() || end != buffer + n || !std::isfinite(value))
        return std::nullopt;
    return value;
}

qint64 toInt64(double value)
{
    if (!std::isfinite(value))
        return 0;
    constexpr double limit = 9.0e18;
    if (value > limit)
        return qint64(limit);
    if (value < -limit)
        return -qint64(limit);
    return qint64(std::llround(value));
}

QStringList splitTopLevel(QStringView text, QChar separator)
{
    QStringList parts;
    int depth = 0;
    QChar quote;
    qsizetype start = 0;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text[i];
        if (!quote.isNull()) {
            if (c == quote)
                quote = QChar();
            continue;
        }
        if (c == u'\'' || c == u'"') {
            quote = c;
        } else if (c == u'(' || c == u'[' || c == u'{') {
            ++depth;
        } else if (c == u')' || c == u']' || c == u'}') {
            if (depth > 0)
                --depth;
        } else if (c == separator && depth == 0) {
            parts.append(text.mid(start, i - start).trimmed().toString());
            start = i + 1;
        }
    }
    const QStringView last = text.mid(start).trimmed();
    if (!last.isEmpty() || !parts.isEmpty())
        parts.append(last.toString());
    return parts;
}

QList<QStringView> splitLines(const QString &text)
{
    QList<QStringView> lines;
    const QChar *data = text.constData();
    const qsizetype size = text.size();
    qsizetype start = 0;
    for (qsizetype i = 0; i < size; ++i) {
        const char16_t c = data[i].unicode();
        if (c == u'\n' || c == u'\r') {
            lines.append(QStringView(data + start, i - start));
            if (c == u'\r' && i + 1 < size && data[i + 1] == u'\n')
                ++i;
            start = i + 1;
        }
    }
    if (start < size)
        lines.append(QStringView(data + start, size - start));
    return lines;
}

void finalizeTree(Plan &plan)
{
    QList<PlanNode> &nodes = plan.nodes;
    for (qsizetype i = 0; i < nodes.size(); ++i) {
        PlanNode &node = nodes[i];
        node.id = int(i);
        node.subtreeSize = 1;
        node.depth = node.parent >= 0 ? nodes[node.parent].depth + 1 : 0;
    }
    for (qsizetype i = nodes.size() - 1; i > 0; --i) {
        const int parent = nodes[i].parent;
        if (parent >= 0)
            nodes[parent].subtreeSize += nodes[i].subtreeSize;
    }
}

} // namespace sightline::planfields
