#pragma once

#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace sightline {

// The plan model every other part of the plan engine (parsers, analyzer, rules, diff, views,
// command line) works on. Plain values, no QObject: a Plan is cheap to copy (implicitly shared
// containers) and safe to hand to another thread.
//
// Units: times in milliseconds, memory and disk sizes in kB (as EXPLAIN prints them), block
// counts in 8 kB blocks. A field is std::nullopt when EXPLAIN did not print it (COSTS OFF,
// no ANALYZE, TIMING OFF, no BUFFERS ...), which is different from a printed zero.

enum class PlanFormat
{
    Unknown,
    Json,
    Text,
};

// One key/value as it appeared in the input, in input order. JSON arrays are joined with ", "
// (as the text format shows them); nested objects that have no typed home are kept as compact
// JSON. Structural keys ("Plans", "Workers", "Plan") are not repeated here.
struct PlanProperty
{
    QString key;
    QString value;
};

// Buffer usage as EXPLAIN (BUFFERS) prints it: totals over all loops of the node including its
// children. PlanAnalyzer derives the node's own (exclusive) share.
struct PlanBuffers
{
    qint64 sharedHit = 0;
    qint64 sharedRead = 0;
    qint64 sharedDirtied = 0;
    qint64 sharedWritten = 0;
    qint64 localHit = 0;
    qint64 localRead = 0;
    qint64 localDirtied = 0;
    qint64 localWritten = 0;
    qint64 tempRead = 0;
    qint64 tempWritten = 0;
    // track_io_timing. Before PostgreSQL 16 "I/O Read/Write Time" covered shared and local
    // blocks together; 16 split them into shared/local and added temp. Pre-16 values go to the
    // shared fields.
    double sharedIoReadMs = 0;
    double sharedIoWriteMs = 0;
    double localIoReadMs = 0;
    double localIoWriteMs = 0;
    double tempIoReadMs = 0;
    double tempIoWriteMs = 0;
    bool hasBuffers = false;  // a Buffers line / any block key was present
    bool hasIoTiming = false; // an I/O Timings line / any I/O time key was present

    double ioReadMs() const { return sharedIoReadMs + localIoReadMs + tempIoReadMs; }
    double ioWriteMs() const { return sharedIoWriteMs + localIoWriteMs + tempIoWriteMs; }
    bool isEmpty() const { return !hasBuffers && !hasIoTiming; }
};

// Write-ahead log usage (EXPLAIN (WAL)).
struct PlanWal
{
    qint64 records = 0;
    qint64 fullPageImages = 0;
    qint64 bytes = 0;
    qint64 buffersFull = 0; // PostgreSQL 18
    bool present = false;
};

// Sort and hash details that also appear per worker.
struct PlanSortInfo
{
    QString method;    // "quicksort", "top-N heapsort", "external merge", ...
    QString spaceType; // "Memory" or "Disk"
    std::optional<qint64> spaceUsedKb;
    bool isDisk() const
    {
        return spaceType.compare(QLatin1String("Disk"), Qt::CaseInsensitive) == 0 ||
               method.startsWith(QLatin1String("external"), Qt::CaseInsensitive);
    }
};

// JIT compilation summary, for the whole query or one worker.
struct PlanJit
{
    std::optional<qint64> functions;
    QList<PlanProperty> options; // Inlining, Optimization, Expressions, Deforming
    std::optional<double> generationMs;
    std::optional<double> deformMs; // PostgreSQL 17: part of generation
    std::optional<double> inliningMs;
    std::optional<double> optimizationMs;
    std::optional<double> emissionMs;
    std::optional<double> totalMs;
    bool present = false;
};

// What one parallel worker reported for a node ("Worker N:" lines / the "Workers" array).
struct PlanWorker
{
    int number = -1;
    std::optional<double> actualStartupMs;
    std::optional<double> actualTotalMs;
    std::optional<double> actualRows;
    std::optional<double> actualLoops;
    PlanSortInfo sort;
    PlanBuffers buffers;
    PlanWal wal;
    PlanJit jit;
    QList<PlanProperty> properties; // everything else the worker line/object carried
};

struct PlanNode
{
    // Tree. Ids are the pre-order index into Plan::nodes, so nodes[0] is the root and a node's
    // subtree is the contiguous range [id, id + subtreeSize).
    int id = -1;
    int parent = -1;
    int depth = 0;
    int subtreeSize = 1;
    QList<int> children; // in input order
    int sourceLine = 0;  // 1-based line of the node in the input (0 when unknown)

    // Identity. nodeType is PostgreSQL's JSON "Node Type" ("Seq Scan", "Aggregate",
    // "ModifyTable", "Hash Join"); the text parser maps text labels ("Parallel Seq Scan",
    // "HashAggregate", "Insert on", "Hash Left Join") to it and the fields below, so both
    // formats give the same node. displayName() rebuilds the label a person expects.
    QString nodeType;
    QString operation;          // ModifyTable / Foreign Scan: Insert, Update, Delete, Merge, Select
    QString strategy;           // Aggregate / SetOp: Plain, Sorted, Hashed, Mixed
    QString partialMode;        // Aggregate: Simple, Partial, Finalize
    QString joinType;           // Inner, Left, Full, Right, Semi, Anti, Right Semi, Right Anti
    QString setOpCommand;       // SetOp: Intersect, Intersect All, Except, Except All
    QString scanDirection;      // Index scans: Forward, Backward, NoMovement
    QString customPlanProvider; // Custom Scan (provider)
    bool parallelAware = false;
    bool asyncCapable = false;
    std::optional<bool> innerUnique;

    // What it reads.
    QString relationName;
    QString schema;
    QString alias;
    QString indexName;
    QString functionName;
    QString cteName;       // CTE Scan: the CTE it reads
    QString tableFunction; // Table Function Scan: XMLTABLE / JSON_TABLE
    QString tuplestoreName;

    // Where it hangs: "Outer", "Inner", "Member", "Subquery", "InitPlan", "SubPlan", "Child".
    QString parentRelationship;
    // "InitPlan 1 (returns $0)", "SubPlan 2", "CTE name" (PostgreSQL < 12 style InitPlan)...
    // as printed; empty for ordinary children.
    QString subplanName;

    // Planner estimates (COSTS).
    std::optional<double> startupCost;
    std::optional<double> totalCost;
    std::optional<double> planRows; // per loop
    std::optional<qint64> planWidth;
    bool disabled = false;               // PostgreSQL 18 "Disabled: true"
    std::optional<qint64> disabledNodes; // PostgreSQL 18 JSON "Disabled Nodes" (count in subtree)

    // Execution (ANALYZE). Times and rows are per-loop averages, as EXPLAIN prints them; under
    // a Gather they are averaged over the leader and the workers. Rows are fractional since
    // PostgreSQL 18.
    std::optional<double> actualStartupMs;
    std::optional<double> actualTotalMs;
    std::optional<double> actualRows;
    std::optional<double> actualLoops;
    bool neverExecuted = false;

    // Parallelism.
    std::optional<int> workersPlanned;
    std::optional<int> workersLaunched;
    QList<PlanWorker> workers;

    // Conditions, as printed. List-valued ones keep their items.
    QString filter;
    QString indexCond;
    QString recheckCond;
    QString joinFilter;
    QString hashCond;
    QString mergeCond;
    QString oneTimeFilter;
    QString tidCond;
    QStringList sortKey;
    QStringList presortedKey;
    QStringList groupKey;
    QStringList output;
    QString cacheKey; // Memoize

    // Row counters. "Rows Removed by ..." are per-loop averages (as EXPLAIN prints them);
    // heap fetches and heap blocks are totals over all loops.
    std::optional<double> rowsRemovedByFilter;
    std::optional<double> rowsRemovedByJoinFilter;
    std::optional<double> rowsRemovedByIndexRecheck;
    std::optional<double> heapFetches;
    std::optional<qint64> exactHeapBlocks;
    std::optional<qint64> lossyHeapBlocks;
    std::optional<double> indexSearches; // PostgreSQL 18

    // Sort.
    PlanSortInfo sort;

    // Hash / HashAggregate / Memoize memory.
    std::optional<qint64> hashBuckets;
    std::optional<qint64> originalHashBuckets;
    std::optional<qint64> hashBatches; // Hash "Batches", HashAggregate "HashAgg Batches"
    std::optional<qint64> originalHashBatches;
    std::optional<qint64> plannedPartitions; // HashAggregate
    std::optional<qint64> peakMemoryKb;      // "Memory Usage" / "Peak Memory Usage"
    std::optional<qint64> diskUsageKb;

    PlanBuffers buffers;
    PlanWal wal;

    // Every key/detail line of the node in input order, including the ones above, so unknown
    // keys (and future PostgreSQL versions) are never lost.
    QList<PlanProperty> properties;

    bool isAnalyzed() const { return actualLoops.has_value() || neverExecuted; }
    bool isSubplanRoot() const { return !subplanName.isEmpty(); }
    // "Parallel Seq Scan", "Hash Left Join", "HashAggregate", "Insert", "Index Scan Backward".
    QString displayName() const;
    // "Index Scan using orders_pkey on public.orders o", "CTE Scan on recent r": one line for
    // reports and flag messages.
    QString label() const;
    QString property(const QString &key) const; // first raw property with that key, or empty
};

struct PlanTrigger
{
    // Text output omits the trigger name of a constraint trigger without VERBOSE, and the
    // relation when only one table has triggers; JSON always has both.
    QString name;
    QString constraintName; // set for "Trigger for constraint ..." (foreign keys)
    QString relation;
    std::optional<double> timeMs;
    std::optional<qint64> calls;
};

struct PlanSetting
{
    QString name;
    QString value;
};

struct PlanWarning
{
    int line = 0; // 1-based input line, 0 when it concerns the whole input
    QString message;
};

struct PlanSerialization
{
    std::optional<double> timeMs;
    std::optional<qint64> outputKb; // "Output Volume"
    QString format;                 // text / binary
    PlanBuffers buffers;
    bool present = false;
};

struct Plan
{
    PlanFormat format = PlanFormat::Unknown;
    QList<PlanNode> nodes; // pre-order; nodes[0] is the root when not empty

    QString queryText; // auto_explain "Query Text:" or the JSON "Query Text" key

    std::optional<double> planningTimeMs;
    std::optional<double> executionTimeMs;           // "Execution Time", or pre-9.4 "Total runtime"
    PlanBuffers planningBuffers;                     // PostgreSQL 13 "Planning:" block
    std::optional<qint64> planningMemoryUsedKb;      // PostgreSQL 17 MEMORY
    std::optional<qint64> planningMemoryAllocatedKb; // PostgreSQL 17 MEMORY

    PlanJit jit; // the query's JIT; a worker's own block is on PlanWorker::jit
    QList<PlanTrigger> triggers;
    QList<PlanSetting> settings;
    PlanSerialization serialization;

    // Top-level keys/lines outside the node tree, in input order (unknown ones included).
    QList<PlanProperty> properties;
    // Things the parser skipped or guessed (truncated input, unparsable lines...).
    QList<PlanWarning> warnings;

    bool isEmpty() const { return nodes.isEmpty(); }
    bool isAnalyzed() const; // at least one node carries ANALYZE numbers
    const PlanNode &root() const { return nodes.front(); }
};

QString planFormatName(PlanFormat format); // "json", "text", "unknown"

} // namespace sightline
