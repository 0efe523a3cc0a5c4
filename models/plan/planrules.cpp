#include "planrules.h"

#include "planthresholds.h"

#include <QCoreApplication>
#include <QHash>

#include <algorithm>
#include <cmath>
#include <vector>

namespace sightline {

namespace {

namespace th = planthresholds;

// Numbers in messages: stable across locales, so logs and tests read the same everywhere.
QString ms(double value)
{
    const int decimals = value >= 100 ? 0 : value >= 1 ? 1 : 3;
    return QString::number(value, 'f', decimals) + QLatin1String(" ms");
}

QString count(double value)
{
    if (std::abs(value - std::round(value)) < 1e-9)
        return QString::number(qint64(std::llround(value)));
    return QString::number(value, 'f', 2);
}

QString percent(double share)
{
    const double p = share * 100.0;
    return QString::number(p, 'f', p < 10 && p > 0 ? 1 : 0) + QLatin1Char('%');
}

QString factor(double value)
{
    return QString::number(value, 'f', value < 100 ? 1 : 0) + QStringLiteral("\u00d7");
}

QString kilobytes(double kb)
{
    if (kb >= 1024.0 * 1024.0)
        return QString::number(kb / (1024.0 * 1024.0), 'f', 1) + QLatin1String(" GB");
    if (kb >= 1024.0)
        return QString::number(kb / 1024.0, 'f', 1) + QLatin1String(" MB");
    return QString::number(kb, 'f', 0) + QLatin1String(" kB");
}

bool isScan(const PlanNode &n, const char *type)
{
    return n.nodeType == QLatin1String(type);
}

bool isIndexAccess(const PlanNode &n)
{
    return isScan(n, "Index Scan") || isScan(n, "Index Only Scan") ||
           isScan(n, "Bitmap Heap Scan") || isScan(n, "Bitmap Index Scan");
}

bool isJoin(const PlanNode &n)
{
    return isScan(n, "Nested Loop") || isScan(n, "Hash Join") || isScan(n, "Merge Join");
}

// Nodes that read all of their input before returning anything: below them a LIMIT cannot
// stop the scan early.
bool isBlocking(const PlanNode &n)
{
    if (isScan(n, "Sort") || isScan(n, "Hash"))
        return true;
    if (isScan(n, "Aggregate"))
        return n.strategy != QLatin1String("Sorted");
    if (isScan(n, "SetOp"))
        return n.strategy == QLatin1String("Hashed");
    return false;
}

bool isSubplanChild(const PlanNode &n)
{
    return n.parentRelationship == QLatin1String("InitPlan") ||
           n.parentRelationship == QLatin1String("SubPlan");
}

class RuleRunner final
{
    Q_DECLARE_TR_FUNCTIONS(PlanRules)

public:
    explicit RuleRunner(const PlanAnalysis &analysis)
        : m_analysis(analysis)
        , m_nodes(analysis.plan.nodes)
        , m_metrics(analysis.metrics)
    {}

    QList<PlanFlag> run()
    {
        if (m_metrics.size() != m_nodes.size())
            return {};
        computeEarlyStop();
        computeSubtreeIndex();
        for (const PlanNode &node : m_nodes) {
            slowNode(node);
            rowMisestimate(node);
            indexPotential(node);
            sortSpill(node);
            hashSpill(node);
            nestedLoopLarge(node);
            lossyBitmap(node);
            recheckWaste(node);
            inefficientIndex(node);
            subplanPerRow(node);
            heapFetches(node);
            workersNotLaunched(node);
            largeOffset(node);
            cacheMisses(node);
        }
        jitOverhead();
        planningDominates();
        std::stable_sort(m_flags.begin(), m_flags.end(), [](const PlanFlag &a, const PlanFlag &b) {
            if (a.severity != b.severity)
                return a.severity > b.severity;
            return a.nodeId < b.nodeId;
        });
        return m_flags;
    }

private:
    const NodeMetrics &metrics(const PlanNode &n) const { return m_metrics[n.id]; }
    bool ran(const PlanNode &n) const { return n.actualLoops.value_or(0) > 0; }

    void raise(const char *rule, PlanFlagSeverity severity, int node, QString message, QString why,
               QString suggestion)
    {
        m_flags.append({QString::fromLatin1(rule), severity, node, std::move(message),
                        std::move(why), std::move(suggestion)});
    }

    std::vector<int> ordinaryChildren(const PlanNode &n) const
    {
        std::vector<int> out;
        for (int c : n.children) {
            if (!isSubplanChild(m_nodes[c]))
                out.push_back(c);
        }
        return out;
    }

    // Where execution may stop before the planner's row count: under a LIMIT, on the inner
    // side of a semi or anti join, under a Merge Join, in an EXISTS-style subplan. A node
    // there returning fewer rows than estimated is not a misestimate.
    // A hash join whose hash came out empty stops after its first outer row.
    bool emptyHashStops(const PlanNode &join) const
    {
        if (!isScan(join, "Hash Join") || join.joinType.startsWith(QLatin1String("Left")) ||
            join.joinType == QLatin1String("Full") || join.joinType == QLatin1String("Anti"))
            return false;
        for (int c : join.children) {
            const PlanNode &child = m_nodes[c];
            if (isScan(child, "Hash") && ran(child) && child.actualRows.value_or(1) == 0)
                return true;
        }
        return false;
    }

    void computeEarlyStop()
    {
        m_earlyStop.assign(size_t(m_nodes.size()), false);
        std::vector<bool> cteEarly(size_t(m_nodes.size()), false);
        QHash<QString, QList<int>> scansOf;
        QHash<QString, bool> earlyByName;
        for (const PlanNode &scan : m_nodes) {
            if (isScan(scan, "CTE Scan"))
                scansOf[scan.cteName].append(scan.id);
        }
        // Twice: a CTE is read on demand, so it stops early when every scan of it does, and
        // its definition comes before its scans in the tree.
        for (int pass = 0; pass < 2; ++pass) {
            for (const PlanNode &n : m_nodes) {
                if (n.parent < 0)
                    continue;
                const PlanNode &p = m_nodes[n.parent];
                bool early = false;
                if (isSubplanChild(n))
                    early = n.subplanName.startsWith(QLatin1String("CTE ")) ? cteEarly[size_t(n.id)]
                                                                            : true;
                else if (isScan(p, "Limit") || isScan(p, "Merge Join"))
                    early = true;
                else if (isScan(p, "Nested Loop") &&
                         n.parentRelationship == QLatin1String("Inner") &&
                         (p.joinType.contains(QLatin1String("Semi")) ||
                          p.joinType.contains(QLatin1String("Anti"))))
                    early = true;
                else if (n.parentRelationship == QLatin1String("Outer") && emptyHashStops(p))
                    early = true;
                else if (m_earlyStop[size_t(p.id)] && !isBlocking(p))
                    early = true;
                m_earlyStop[size_t(n.id)] = early;
            }
            if (pass > 0)
                break;
            for (const PlanNode &n : m_nodes) {
                if (!isSubplanChild(n) || !n.subplanName.startsWith(QLatin1String("CTE ")))
                    continue;
                const QString name = n.subplanName.mid(4).trimmed();
                auto known = earlyByName.constFind(name);
                if (known == earlyByName.constEnd()) {
                    const QList<int> scans = scansOf.value(name);
                    known = earlyByName.insert(
                        name,
                        !scans.isEmpty() && std::all_of(scans.begin(), scans.end(), [&](int scan) {
                            return bool(m_earlyStop[size_t(scan)]);
                        }));
                }
                cteEarly[size_t(n.id)] = *known;
            }
        }
    }

    void slowNode(const PlanNode &n)
    {
        const NodeMetrics &m = metrics(n);
        if (!m.hasTime || !ran(n) || m.exclusiveMs <= 0)
            return;
        PlanFlagSeverity severity;
        if (m.executionShare >= th::slowNodeCriticalShare)
            severity = PlanFlagSeverity::Critical;
        else if (m.executionShare >= th::slowNodeWarningShare)
            severity = PlanFlagSeverity::Warning;
        else
            return;
        const QString total = ms(m_analysis.summary.totalMs);
        QString suggestion;
        if (isScan(n, "Seq Scan"))
            suggestion = tr("Check the other flags on this node: an index on the filtered or "
                            "joined columns, or reading fewer rows, usually helps a scan.");
        else if (isScan(n, "Sort") || isScan(n, "Hash") || isScan(n, "Aggregate"))
            suggestion = tr("Check whether it spills to disk (more work_mem), and whether fewer "
                            "or narrower rows could reach it.");
        else if (isJoin(n))
            suggestion = tr("Check the row estimates of its inputs: a join method chosen for "
                            "few rows is slow for many.");
        else
            suggestion = tr("Look at the other flags on this node and on its inputs.");
        raise("slow-node", severity, n.id,
              tr("%1 takes %2 by itself, %3 of the %4 execution time%5.")
                  .arg(n.label(), ms(m.exclusiveMs), percent(m.executionShare), total,
                       m.approximate ? tr(" (approximate)") : QString()),
              tr("Time spent in this node alone, without its inputs, is where this query is slow."),
              suggestion);
    }

    void rowMisestimate(const PlanNode &n)
    {
        const NodeMetrics &m = metrics(n);
        // A ModifyTable returns no rows without RETURNING; its estimate is rows affected.
        if (isScan(n, "ModifyTable"))
            return;
        if (m.misestimateDirection == MisestimateDirection::None ||
            m.misestimateFactor < th::misestimateWarningFactor)
            return;
        const double estimated = m.estimatedRowsPerLoop.value_or(0);
        const double actual = m.actualRowsPerLoop.value_or(0);
        if (std::max(estimated, actual) < th::misestimateMinRows)
            return;
        if (m.misestimateDirection == MisestimateDirection::Over && m_earlyStop[size_t(n.id)])
            return;
        // Flag where the error appears, not on every node above that inherits it.
        double inherited = 1.0;
        for (int c : ordinaryChildren(n)) {
            const NodeMetrics &cm = m_metrics[c];
            if (cm.misestimateDirection == m.misestimateDirection)
                inherited = std::max(inherited, cm.misestimateFactor);
        }
        if (m.misestimateFactor / inherited < th::misestimateWarningFactor)
            return;
        const bool under = m.misestimateDirection == MisestimateDirection::Under;
        const PlanFlagSeverity severity = m.misestimateFactor >= th::misestimateCriticalFactor
                                              ? PlanFlagSeverity::Critical
                                              : PlanFlagSeverity::Warning;
        raise(
            "row-misestimate", severity, n.id,
            (under ? tr("%1: estimated %2 rows, got %3 (%4 more than planned%5).")
                   : tr("%1: estimated %2 rows, got %3 (%4 fewer than planned%5)."))
                .arg(n.label(), count(estimated), count(actual), factor(m.misestimateFactor),
                     m.loops > 1 ? tr(", per loop over %1 loops").arg(count(m.loops)) : QString()),
            tr("The planner chooses join methods, join order and memory from row estimates; "
               "a wrong estimate here turns every choice above it into a guess."),
            tr("Run ANALYZE on the tables involved; for correlated columns create extended "
               "statistics (CREATE STATISTICS ... (dependencies, ndistinct, mcv)); raise the "
               "column's statistics target; make sure conditions compare columns with "
               "values of the same type."));
    }

    void indexPotential(const PlanNode &n)
    {
        if (!isScan(n, "Seq Scan") || !ran(n))
            return;
        const NodeMetrics &m = metrics(n);
        const double returned = m.actualRowsTotal.value_or(0);
        const double read = returned + m.rowsRemovedByFilterTotal;
        if (read < th::indexPotentialMinRowsRead)
            return;
        const QString where = n.filter.isEmpty() ? QString() : tr(" (%1)").arg(n.filter);
        if (m.filterRemovedShare >= th::indexPotentialMinFilteredShare) {
            raise("index-potential", PlanFlagSeverity::Warning, n.id,
                  tr("%1 reads %2 rows and its filter discards %3 of them.")
                      .arg(n.label(), count(read), percent(m.filterRemovedShare)),
                  tr("Reading a whole table to keep a few rows costs time in proportion to the "
                     "table, not to the result."),
                  tr("An index on the filtered columns%1 lets PostgreSQL read only the "
                     "matching rows; a partial index fits a constant condition.")
                      .arg(where));
            return;
        }
        // Feeding a join whose other side is tiny: an index on the join key would let a
        // nested loop fetch just the matching rows.
        int child = n.id;
        int join = n.parent;
        if (join >= 0 && (isScan(m_nodes[join], "Hash") || isScan(m_nodes[join], "Sort") ||
                          isScan(m_nodes[join], "Materialize"))) {
            child = join;
            join = m_nodes[join].parent;
        }
        if (join < 0 || !isJoin(m_nodes[join]))
            return;
        for (int other : ordinaryChildren(m_nodes[join])) {
            if (other == child)
                continue;
            const double otherRows = m_metrics[other].actualRowsTotal.value_or(-1);
            if (otherRows < 0 || m_nodes[other].neverExecuted)
                continue;
            if (otherRows <= th::indexPotentialJoinOtherSideMaxShare * returned) {
                raise("index-potential", PlanFlagSeverity::Warning, n.id,
                      tr("%1 reads %2 rows to join them with %3 rows from the other side.")
                          .arg(n.label(), count(read), count(otherRows)),
                      tr("Reading a whole table to match a handful of rows costs time in "
                         "proportion to the table, not to the result."),
                      tr("An index on the join key of %1 lets a nested loop look up only the "
                         "rows it needs.")
                          .arg(n.relationName.isEmpty() ? n.label() : n.relationName));
                return;
            }
        }
    }

    void sortSpill(const PlanNode &n)
    {
        if (!isScan(n, "Sort") && !isScan(n, "Incremental Sort"))
            return;
        double diskKb = n.sort.isDisk() ? double(n.sort.spaceUsedKb.value_or(0)) : 0.0;
        bool spilled = n.sort.isDisk();
        for (const PlanWorker &w : n.workers) {
            if (w.sort.isDisk()) {
                spilled = true;
                diskKb += double(w.sort.spaceUsedKb.value_or(0));
            }
        }
        if (!spilled)
            return;
        raise("sort-spill", PlanFlagSeverity::Warning, n.id,
              tr("%1 spilled %2 to disk (%3).")
                  .arg(n.label(), kilobytes(diskKb),
                       n.sort.method.isEmpty() ? tr("external sort") : n.sort.method),
              tr("A sort that does not fit in work_mem writes temporary files and merges them, "
                 "which is many times slower than sorting in memory."),
              tr("Raise work_mem for this query (SET LOCAL work_mem = '%1MB' is a start), sort "
                 "fewer or narrower rows, or let an index provide the order.")
                  .arg(std::max<qint64>(4, qint64(std::ceil(diskKb * 2 / 1024.0)))));
    }

    void hashSpill(const PlanNode &n)
    {
        const qint64 batches = n.hashBatches.value_or(0);
        if (isScan(n, "Hash")) {
            if (batches <= 1)
                return;
            raise("hash-spill", PlanFlagSeverity::Warning, n.id,
                  tr("%1 used %2 batches (planned %3), %4 in memory.")
                      .arg(n.label(), count(double(batches)),
                           count(double(n.originalHashBatches.value_or(batches))),
                           kilobytes(double(n.peakMemoryKb.value_or(0)))),
                  tr("A hash table that does not fit in work_mem is split into batches written "
                     "to temporary files and read back, multiplying the I/O of the join."),
                  tr("Raise work_mem (or hash_mem_multiplier), or hash the smaller input; if "
                     "batches grew far beyond the plan, the row estimate of the hashed input "
                     "is wrong."));
            return;
        }
        const bool hashAggregate =
            isScan(n, "Aggregate") &&
            (n.strategy == QLatin1String("Hashed") || n.strategy == QLatin1String("Mixed"));
        if (!hashAggregate)
            return;
        const qint64 disk = n.diskUsageKb.value_or(0);
        if (disk <= 0 && batches <= 1)
            return;
        raise("hash-spill", PlanFlagSeverity::Warning, n.id,
              tr("%1 spilled to disk: %2 batches, %3 written.")
                  .arg(n.label(), count(double(std::max<qint64>(batches, 1))),
                       kilobytes(double(disk))),
              tr("A hash aggregate that outgrows work_mem writes groups to temporary files and "
                 "aggregates them again later."),
              tr("Raise work_mem (or hash_mem_multiplier) for this query, or aggregate fewer "
                 "groups (filter earlier)."));
    }

    // Whether anything in the inner side reads through an index.
    bool innerUsesIndex(int inner) const { return m_subtreeHasIndex[size_t(inner)]; }

    void computeSubtreeIndex()
    {
        m_subtreeHasIndex.assign(size_t(m_nodes.size()), false);
        for (qsizetype i = m_nodes.size() - 1; i >= 0; --i) {
            const PlanNode &n = m_nodes[i];
            if (isIndexAccess(n))
                m_subtreeHasIndex[size_t(i)] = true;
            if (n.parent >= 0 && m_subtreeHasIndex[size_t(i)])
                m_subtreeHasIndex[size_t(n.parent)] = true;
        }
    }

    void nestedLoopLarge(const PlanNode &n)
    {
        if (!isScan(n, "Nested Loop") || !ran(n))
            return;
        int inner = -1;
        for (int c : n.children) {
            if (m_nodes[c].parentRelationship == QLatin1String("Inner"))
                inner = c;
        }
        if (inner < 0)
            return;
        const PlanNode &innerNode = m_nodes[inner];
        const NodeMetrics &im = m_metrics[inner];
        double loops = im.loops;
        // A Memoize only runs its input on cache misses.
        if (isScan(innerNode, "Memoize") && !innerNode.children.isEmpty())
            loops = m_metrics[innerNode.children.front()].loops;
        const double innerRows = im.actualRowsTotal.value_or(0);
        const bool noIndex = !innerUsesIndex(inner);
        if (loops >= th::nestedLoopMinInnerLoops && noIndex) {
            raise("nested-loop-large", PlanFlagSeverity::Warning, n.id,
                  tr("%1 ran its inner side (%2) %3 times without an index, producing %4 "
                     "rows.")
                      .arg(n.label(), innerNode.label(), count(loops), count(innerRows)),
                  tr("Each outer row repeats the whole inner scan, so the cost grows with the "
                     "product of both sides."),
                  tr("Give the inner side an index on the join columns, or check the outer "
                     "row estimate: for many rows a hash or merge join is usually faster."));
        } else if (innerRows >= th::nestedLoopMinInnerRows) {
            raise("nested-loop-large", PlanFlagSeverity::Warning, n.id,
                  tr("%1 processed %2 inner rows over %3 loops.")
                      .arg(n.label(), count(innerRows), count(loops)),
                  tr("Each outer row repeats the inner side, so the cost grows with the product "
                     "of both sides."),
                  tr("Check the outer row estimate: for this many rows a hash or merge join "
                     "is usually faster; a more selective index on the inner side helps too."));
        }
    }

    void lossyBitmap(const PlanNode &n)
    {
        if (!isScan(n, "Bitmap Heap Scan") || n.lossyHeapBlocks.value_or(0) <= 0)
            return;
        raise("lossy-bitmap", PlanFlagSeverity::Warning, n.id,
              tr("%1 had %2 lossy heap blocks (exact: %3).")
                  .arg(n.label(), count(double(*n.lossyHeapBlocks)),
                       count(double(n.exactHeapBlocks.value_or(0)))),
              tr("When the bitmap outgrows work_mem it remembers whole pages instead of rows, and "
                 "every row on those pages has to be checked again."),
              tr("Raise work_mem so the bitmap stays exact, or make the index condition more "
                 "selective."));
    }

    void recheckWaste(const PlanNode &n)
    {
        const NodeMetrics &m = metrics(n);
        if (m.rowsRemovedByIndexRecheckTotal < th::recheckWasteMinRows ||
            m.recheckRemovedShare < th::recheckWasteMinShare)
            return;
        raise("recheck-waste", PlanFlagSeverity::Warning, n.id,
              tr("%1: the index recheck removed %2 rows, %3 of the rows fetched.")
                  .arg(n.label(), count(m.rowsRemovedByIndexRecheckTotal),
                       percent(m.recheckRemovedShare)),
              tr("Rows fetched from the table only to fail the recheck are wasted reads; they "
                 "come from lossy bitmap pages or a lossy index (GiST, BRIN, trigram)."),
              tr("Raise work_mem if the bitmap went lossy; otherwise use a more precise index "
                 "or operator class, or a smaller BRIN pages_per_range."));
    }

    void inefficientIndex(const PlanNode &n)
    {
        if (!isScan(n, "Index Scan") && !isScan(n, "Index Only Scan") &&
            !isScan(n, "Bitmap Heap Scan"))
            return;
        const NodeMetrics &m = metrics(n);
        if (m.rowsRemovedByFilterTotal < th::inefficientIndexMinRows ||
            m.filterRemovedShare < th::inefficientIndexMinShare)
            return;
        raise("inefficient-index", PlanFlagSeverity::Warning, n.id,
              tr("%1: the filter removed %2 of the rows the index returned (%3 rows).")
                  .arg(n.label(), percent(m.filterRemovedShare), count(m.rowsRemovedByFilterTotal)),
              tr("The index finds rows that the filter then throws away: each of them cost a "
                 "table read for nothing."),
              tr("Put the filtered columns%1 into the index (or a partial index) so the index "
                 "condition does the work.")
                  .arg(n.filter.isEmpty() ? QString() : tr(" (%1)").arg(n.filter)));
    }

    void subplanPerRow(const PlanNode &n)
    {
        if (n.parentRelationship != QLatin1String("SubPlan"))
            return;
        const NodeMetrics &m = metrics(n);
        if (m.loops < th::subplanMinLoops)
            return;
        raise("subplan-per-row", PlanFlagSeverity::Warning, n.id,
              tr("%1 ran %2 times, once per row of its parent%3.")
                  .arg(n.subplanName.isEmpty() ? n.label() : n.subplanName, count(m.loops),
                       m.hasTime ? tr(", %1 in total").arg(ms(m.inclusiveMs)) : QString()),
              tr("A correlated subquery is executed again for every row that needs it; its cost "
                 "multiplies with the row count."),
              tr("Rewrite it as a join (or LATERAL join) so it runs once, or make it "
                 "uncorrelated so PostgreSQL can hash it."));
    }

    void heapFetches(const PlanNode &n)
    {
        if (!isScan(n, "Index Only Scan") || !n.heapFetches)
            return;
        const double fetches = *n.heapFetches;
        const double rows = metrics(n).actualRowsTotal.value_or(0);
        if (fetches < th::heapFetchesMinCount ||
            (rows > 0 && fetches < th::heapFetchesMinShare * rows))
            return;
        raise("heap-fetches", PlanFlagSeverity::Warning, n.id,
              tr("%1 had to visit the table %2 times for %3 rows.")
                  .arg(n.label(), count(fetches), count(rows)),
              tr("An index-only scan reads the table for every page not marked all-visible; then "
                 "it is an ordinary index scan with extra steps."),
              tr("VACUUM the table so its visibility map is current, and tune autovacuum for "
                 "it if this comes back."));
    }

    void workersNotLaunched(const PlanNode &n)
    {
        if (!n.workersPlanned || !n.workersLaunched || *n.workersLaunched >= *n.workersPlanned)
            return;
        raise("workers-not-launched", PlanFlagSeverity::Warning, n.id,
              tr("%1 planned %2 workers but launched %3.")
                  .arg(n.label())
                  .arg(*n.workersPlanned)
                  .arg(*n.workersLaunched),
              tr("The plan was costed for more parallel workers than ran, so the query ran with "
                 "less parallelism than the planner assumed."),
              tr("Check max_parallel_workers and max_worker_processes against the other "
                 "parallel queries running at the same time."));
    }

    void largeOffset(const PlanNode &n)
    {
        if (!isScan(n, "Limit") || !ran(n))
            return;
        const std::vector<int> children = ordinaryChildren(n);
        if (children.empty())
            return;
        const double input = m_metrics[children.front()].actualRowsTotal.value_or(0);
        const double output = metrics(n).actualRowsTotal.value_or(0);
        const double discarded = input - output;
        if (input <= 0 || output >= th::largeOffsetMaxKeptShare * input ||
            discarded < th::largeOffsetMinDiscardedRows)
            return;
        raise("large-offset", PlanFlagSeverity::Warning, n.id,
              tr("%1 returned %2 rows and threw away %3 that its input produced.")
                  .arg(n.label(), count(output), count(discarded)),
              tr("OFFSET still produces every skipped row; deep pages cost as much as reading "
                 "everything before them."),
              tr("Page with a keyset condition (WHERE key > last seen key ORDER BY key LIMIT "
                 "n) instead of OFFSET."));
    }

    void cacheMisses(const PlanNode &n)
    {
        const NodeMetrics &m = metrics(n);
        const double read = double(m.exclusiveBuffers.sharedRead);
        if (read < th::cacheMissesMinReadBlocks || m.sharedHitRatio >= th::cacheMissesMaxHitRatio)
            return;
        const double readMs = m.exclusiveBuffers.sharedIoReadMs;
        raise("cache-misses", PlanFlagSeverity::Warning, n.id,
              tr("%1 read %2 blocks (%3) from outside the buffer cache; hit ratio %4%5.")
                  .arg(n.label(), count(read), kilobytes(read * 8), percent(m.sharedHitRatio),
                       readMs > 0 ? tr(", %1 waiting for reads").arg(ms(readMs)) : QString()),
              tr("Blocks not in shared buffers come from the OS cache or the disk, which is far "
                 "slower than memory."),
              tr("Read fewer blocks (an index, a narrower table, fewer dead rows), or give the "
                 "server more shared_buffers if the working set should fit."));
    }

    void jitOverhead()
    {
        const PlanSummary &s = m_analysis.summary;
        const double jit = s.jitTotalMs;
        const double exec = s.executionMs.value_or(s.totalMs);
        if (jit < th::jitOverheadMinMs || exec <= 0 || jit < th::jitOverheadMinShare * exec)
            return;
        raise("jit-overhead", PlanFlagSeverity::Warning, -1,
              tr("JIT compilation took %1, %2 of the %3 execution time%4.")
                  .arg(ms(jit), percent(jit / exec), ms(exec),
                       s.jit.functions ? tr(" (%1 functions)").arg(*s.jit.functions) : QString()),
              tr("JIT pays off for long analytical queries; for shorter ones compiling costs more "
                 "than it saves."),
              tr("Raise jit_above_cost (and jit_inline_above_cost, jit_optimize_above_cost), or "
                 "SET jit = off for this query."));
    }

    void planningDominates()
    {
        const PlanSummary &s = m_analysis.summary;
        if (!s.planningMs || !s.executionMs)
            return;
        if (*s.planningMs <= *s.executionMs || *s.planningMs < th::planningDominatesMinMs)
            return;
        raise("planning-dominates", PlanFlagSeverity::Warning, -1,
              tr("Planning took %1, longer than the %2 execution.")
                  .arg(ms(*s.planningMs), ms(*s.executionMs)),
              tr("When planning costs more than running, the query is paying for its plan every "
                 "time it is sent."),
              tr("Use a prepared statement so the plan is reused; reduce the partitions or "
                 "joins the planner has to consider (partition pruning, join_collapse_limit)."));
    }

    const PlanAnalysis &m_analysis;
    const QList<PlanNode> &m_nodes;
    const QList<NodeMetrics> &m_metrics;
    std::vector<bool> m_earlyStop;
    std::vector<bool> m_subtreeHasIndex;
    QList<PlanFlag> m_flags;
};

} // namespace

QStringList PlanRules::ruleIds()
{
    return {QStringLiteral("slow-node"),         QStringLiteral("row-misestimate"),
            QStringLiteral("index-potential"),   QStringLiteral("sort-spill"),
            QStringLiteral("hash-spill"),        QStringLiteral("nested-loop-large"),
            QStringLiteral("lossy-bitmap"),      QStringLiteral("recheck-waste"),
            QStringLiteral("inefficient-index"), QStringLiteral("subplan-per-row"),
            QStringLiteral("heap-fetches"),      QStringLiteral("workers-not-launched"),
            QStringLiteral("large-offset"),      QStringLiteral("cache-misses"),
            QStringLiteral("jit-overhead"),      QStringLiteral("planning-dominates")};
}

QList<PlanFlag> PlanRules::evaluate(const PlanAnalysis &analysis)
{
    return RuleRunner(analysis).run();
}

} // namespace sightline
