#pragma once

#include "plan.h"

#include <QString>
#include <QStringList>
#include <QStringView>

#include <optional>

// Helpers shared by the JSON and TEXT readers so both formats fill PlanNode the same way.
// Internal to models/plan.
namespace sightline::planfields {

enum class NodeField
{
    Unknown,
    NodeType,
    ParentRelationship,
    SubplanName,
    ParallelAware,
    AsyncCapable,
    JoinType,
    Strategy,
    PartialMode,
    Operation,
    Command,
    ScanDirection,
    CustomPlanProvider,
    InnerUnique,
    RelationName,
    Schema,
    Alias,
    IndexName,
    FunctionName,
    CteName,
    TableFunctionName,
    TuplestoreName,
    StartupCost,
    TotalCost,
    PlanRows,
    PlanWidth,
    Disabled,
    DisabledNodes,
    ActualStartupTime,
    ActualTotalTime,
    ActualRows,
    ActualLoops,
    WorkersPlanned,
    WorkersLaunched,
    Filter,
    IndexCond,
    RecheckCond,
    JoinFilter,
    HashCond,
    MergeCond,
    OneTimeFilter,
    TidCond,
    SortKey,
    PresortedKey,
    GroupKey,
    Output,
    CacheKey,
    RowsRemovedByFilter,
    RowsRemovedByJoinFilter,
    RowsRemovedByIndexRecheck,
    HeapFetches,
    ExactHeapBlocks,
    LossyHeapBlocks,
    IndexSearches,
    SortMethod,
    SortSpaceUsed,
    SortSpaceType,
    HashBuckets,
    OriginalHashBuckets,
    HashBatches,
    OriginalHashBatches,
    PeakMemoryUsage,
    HashAggBatches,
    PlannedPartitions,
    DiskUsage,
};

// The field a JSON key (or a TEXT detail key spelled the same way) sets.
NodeField nodeFieldForKey(QStringView key);

// A value as the readers see it: the text as printed, plus the number when it is one.
struct FieldValue
{
    QString text;
    std::optional<double> number;
    QStringList list; // JSON arrays; TEXT lists are split from text
    bool isList = false;
};

// Sets the typed field; returns false when the value does not fit (kept as a property only).
bool applyNodeField(PlanNode &node, NodeField field, const FieldValue &value);

// "Shared Hit Blocks", "I/O Read Time", "Temp I/O Write Time"...: JSON buffer keys.
bool applyBufferKey(PlanBuffers &buffers, QStringView key, double value);
// "WAL Records", "WAL FPI", "WAL Bytes", "WAL Buffers Full".
bool applyWalKey(PlanWal &wal, QStringView key, double value);

// Locale-independent number parsing ("1.5", "-3", "1e+10"); nullopt when not a number.
std::optional<double> parseNumber(QStringView text);
qint64 toInt64(double value);

// Splits "a, f(b, c), 'x,y'" at commas outside brackets and quotes.
QStringList splitTopLevel(QStringView text, QChar separator = QLatin1Char(','));

// The input split at \n, \r\n or \r; views into text.
QList<QStringView> splitLines(const QString &text);

// Fills depth, subtreeSize and children from parent links; nodes must be in pre-order.
void finalizeTree(Plan &plan);

} // namespace sightline::planfields
