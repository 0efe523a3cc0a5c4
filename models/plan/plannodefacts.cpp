#include "plannodefacts.h"

#include "plancolorscale.h"
#include "planfields.h"

#include <QLocale>
#include <QSet>

#include <cmath>

namespace sightline {

namespace {

QString number(double value, int decimals)
{
    return QLocale().toString(value, 'f', decimals);
}

QString yesNo(bool value)
{
    return value ? PlanNodeFacts::tr("yes") : PlanNodeFacts::tr("no");
}

bool isFalseFilter(const PlanNode &node)
{
    QString filter = node.oneTimeFilter.trimmed();
    while (filter.startsWith(QLatin1Char('(')) && filter.endsWith(QLatin1Char(')')))
        filter = filter.mid(1, filter.size() - 2).trimmed();
    return filter.compare(QLatin1String("false"), Qt::CaseInsensitive) == 0;
}

// Detail groups are filled through this: empty values are left out, so a group lists only what
// the plan printed.
class GroupBuilder final
{
public:
    explicit GroupBuilder(const QString &title) { m_group.title = title; }

    void add(const QString &name, const QString &value)
    {
        if (!value.isEmpty())
            m_group.items.append({name, value});
    }
    void add(const QString &name, const std::optional<double> &value,
             QString (*format)(double) = &PlanNodeFacts::formatRows)
    {
        if (value)
            add(name, format(*value));
    }
    void add(const QString &name, const std::optional<qint64> &value,
             QString (*format)(double) = &PlanNodeFacts::formatRows)
    {
        if (value)
            add(name, format(double(*value)));
    }
    void addList(const QString &name, const QStringList &values)
    {
        add(name, values.join(QLatin1String(", ")));
    }

    void appendTo(QList<PlanDetailGroup> &groups) const
    {
        if (!m_group.items.isEmpty())
            groups.append(m_group);
    }

private:
    PlanDetailGroup m_group;
};

QString blocksLine(qint64 hit, qint64 read, qint64 dirtied, qint64 written)
{
    return PlanNodeFacts::tr("hit %1 · read %2 · dirtied %3 · written %4")
        .arg(PlanNodeFacts::formatBlocks(double(hit)), PlanNodeFacts::formatBlocks(double(read)),
             PlanNodeFacts::formatBlocks(double(dirtied)),
             PlanNodeFacts::formatBlocks(double(written)));
}

void addBuffers(GroupBuilder &group, const QString &scope, const PlanBuffers &b)
{
    if (b.sharedHit || b.sharedRead || b.sharedDirtied || b.sharedWritten)
        group.add(PlanNodeFacts::tr("Shared (%1)").arg(scope),
                  blocksLine(b.sharedHit, b.sharedRead, b.sharedDirtied, b.sharedWritten));
    if (b.localHit || b.localRead || b.localDirtied || b.localWritten)
        group.add(PlanNodeFacts::tr("Local (%1)").arg(scope),
                  blocksLine(b.localHit, b.localRead, b.localDirtied, b.localWritten));
    if (b.tempRead || b.tempWritten)
        group.add(PlanNodeFacts::tr("Temp (%1)").arg(scope),
                  PlanNodeFacts::tr("read %1 · written %2")
                      .arg(PlanNodeFacts::formatBlocks(double(b.tempRead)),
                           PlanNodeFacts::formatBlocks(double(b.tempWritten))));
    if (b.hasIoTiming)
        group.add(PlanNodeFacts::tr("I/O time (%1)").arg(scope),
                  PlanNodeFacts::tr("read %1 · write %2")
                      .arg(PlanNodeFacts::formatMs(b.ioReadMs()),
                           PlanNodeFacts::formatMs(b.ioWriteMs())));
}

QString sortLine(const PlanSortInfo &sort)
{
    if (sort.method.isEmpty() && !sort.spaceUsedKb)
        return {};
    QString text = sort.method;
    if (sort.spaceUsedKb) {
        const QString space = PlanNodeFacts::formatKb(double(*sort.spaceUsedKb));
        text += text.isEmpty() ? space : QStringLiteral(", ") + space;
        if (!sort.spaceType.isEmpty())
            text += QStringLiteral(" (%1)").arg(sort.spaceType);
    }
    return text;
}

// Keys the typed groups already show (besides those planfields maps to a node field), so the
// Misc group only lists what would otherwise be lost.
bool shownTyped(const QString &key)
{
    static const QSet<QString> keys = {
        QStringLiteral("Buffers"),      QStringLiteral("I/O Timings"),
        QStringLiteral("WAL"),          QStringLiteral("Heap Blocks"),
        QStringLiteral("Buckets"),      QStringLiteral("Batches"),
        QStringLiteral("Memory Usage"), QStringLiteral("Disk Usage"),
        QStringLiteral("Memory"),       QStringLiteral("Disk"),
        QStringLiteral("Workers"),      QStringLiteral("Planned Partitions"),
        QStringLiteral("Plans"),        QStringLiteral("Worker")};
    if (keys.contains(key) || planfields::nodeFieldForKey(key) != planfields::NodeField::Unknown)
        return true;
    PlanBuffers buffers;
    PlanWal wal;
    return planfields::applyBufferKey(buffers, key, 0) || planfields::applyWalKey(wal, key, 0);
}

} // namespace

QString PlanNodeFacts::formatMs(double ms)
{
    if (!std::isfinite(ms))
        return QStringLiteral("?");
    const double magnitude = std::fabs(ms);
    if (magnitude < 10)
        return tr("%1 ms").arg(number(ms, 3));
    if (magnitude < 1000)
        return tr("%1 ms").arg(number(ms, 1));
    if (magnitude < 60000)
        return tr("%1 s").arg(number(ms / 1000, 2));
    const qint64 seconds = qint64(std::llround(ms / 1000));
    if (seconds < 3600)
        return tr("%1 min %2 s").arg(seconds / 60).arg(seconds % 60);
    return tr("%1 h %2 min").arg(seconds / 3600).arg((seconds % 3600) / 60);
}

QString PlanNodeFacts::formatRows(double rows)
{
    if (!std::isfinite(rows))
        return QStringLiteral("?");
    if (rows == std::trunc(rows) && std::fabs(rows) < 1e15)
        return QLocale().toString(qint64(rows));
    return number(rows, 2);
}

QString PlanNodeFacts::formatCompact(double value)
{
    if (!std::isfinite(value))
        return QStringLiteral("?");
    const double magnitude = std::fabs(value);
    if (magnitude < 1000)
        return formatRows(std::round(value * 100) / 100);
    static const char *const suffixes[] = {"k", "M", "G", "T", "P"};
    double scaled = value;
    int index = -1;
    while (std::fabs(scaled) >= 1000 && index < 4) {
        scaled /= 1000;
        ++index;
    }
    return number(scaled, std::fabs(scaled) < 10 ? 1 : 0) + QLatin1String(suffixes[index]);
}

QString PlanNodeFacts::formatPercent(double share)
{
    if (!std::isfinite(share))
        return QStringLiteral("?");
    return tr("%1 %").arg(number(share * 100, 1));
}

QString PlanNodeFacts::formatKb(double kb)
{
    if (kb < 1024)
        return tr("%1 kB").arg(QLocale().toString(qint64(std::llround(kb))));
    if (kb < 1024 * 1024)
        return tr("%1 MB").arg(number(kb / 1024, 1));
    return tr("%1 GB").arg(number(kb / (1024 * 1024), 2));
}

QString PlanNodeFacts::formatBlocks(double blocks)
{
    if (blocks <= 0)
        return QStringLiteral("0");
    return tr("%1 (%2)").arg(formatRows(blocks), formatKb(blocks * 8));
}

QString PlanNodeFacts::formatCost(double cost)
{
    return number(cost, 2);
}

QString PlanNodeFacts::formatMisestimate(const NodeMetrics &metrics)
{
    if (metrics.misestimateDirection == MisestimateDirection::None || metrics.misestimateFactor < 2)
        return {};
    const double f = metrics.misestimateFactor;
    const QString factor = f < 10 ? number(f, 1) : formatCompact(std::round(f));
    return metrics.misestimateDirection == MisestimateDirection::Under ? tr("×%1 under").arg(factor)
                                                                       : tr("×%1 over").arg(factor);
}

QString PlanNodeFacts::target(const PlanNode &node)
{
    const QString name = node.displayName();
    const QString label = node.label();
    if (label.startsWith(name))
        return label.mid(name.size()).trimmed();
    return label;
}

QList<bool> PlanNodeFacts::inactiveNodes(const Plan &plan)
{
    QList<bool> inactive(plan.nodes.size(), false);
    for (qsizetype i = 0; i < plan.nodes.size(); ++i) {
        const PlanNode &node = plan.nodes.at(i);
        bool off = node.neverExecuted;
        const int p = node.parent;
        if (p >= 0 && p < i)
            off = off || inactive.at(p) || isFalseFilter(plan.nodes.at(p));
        inactive[i] = off;
    }
    return inactive;
}

QList<PlanDetailGroup> PlanNodeFacts::details(const PlanAnalysis &analysis, int nodeId)
{
    QList<PlanDetailGroup> groups;
    const Plan &plan = analysis.plan;
    if (nodeId < 0 || nodeId >= plan.nodes.size())
        return groups;
    const PlanNode &node = plan.nodes.at(nodeId);
    const NodeMetrics m =
        nodeId < analysis.metrics.size() ? analysis.metrics.at(nodeId) : NodeMetrics();

    GroupBuilder general(tr("General"));
    general.add(tr("Node"), node.displayName());
    if (node.nodeType != node.displayName())
        general.add(tr("Node type"), node.nodeType);
    general.add(tr("Node id"), QString::number(node.id));
    general.add(tr("Subplan"), node.subplanName);
    general.add(tr("Relationship"), node.parentRelationship);
    general.add(tr("Relation"), node.schema.isEmpty() || node.relationName.isEmpty()
                                    ? node.relationName
                                    : node.schema + QLatin1Char('.') + node.relationName);
    general.add(tr("Alias"), node.alias);
    general.add(tr("Index"), node.indexName);
    general.add(tr("CTE"), node.cteName);
    general.add(tr("Function"), node.functionName);
    general.add(tr("Table function"), node.tableFunction);
    general.add(tr("Tuplestore"), node.tuplestoreName);
    general.add(tr("Operation"), node.operation);
    general.add(tr("Strategy"), node.strategy);
    general.add(tr("Partial mode"), node.partialMode);
    general.add(tr("Join type"), node.joinType);
    general.add(tr("Set operation"), node.setOpCommand);
    general.add(tr("Scan direction"), node.scanDirection);
    general.add(tr("Provider"), node.customPlanProvider);
    if (node.parallelAware)
        general.add(tr("Parallel aware"), yesNo(true));
    if (node.asyncCapable)
        general.add(tr("Async capable"), yesNo(true));
    if (node.innerUnique)
        general.add(tr("Inner unique"), yesNo(*node.innerUnique));
    if (node.neverExecuted)
        general.add(tr("Status"), tr("never executed"));
    else if (PlanNodeFacts::inactiveNodes(plan).value(nodeId))
        general.add(tr("Status"), tr("not executed (a node above did not run it)"));
    general.add(tr("Startup cost"), node.startupCost, &PlanNodeFacts::formatCost);
    general.add(tr("Total cost"), node.totalCost, &PlanNodeFacts::formatCost);
    general.add(tr("Own cost"), PlanColorScale::exclusiveCost(plan, nodeId),
                &PlanNodeFacts::formatCost);
    if (node.planWidth)
        general.add(tr("Row width"), tr("%1 bytes").arg(*node.planWidth));
    if (node.disabled)
        general.add(tr("Disabled"), yesNo(true));
    general.add(tr("Disabled nodes"), node.disabledNodes);
    general.add(tr("Index Cond"), node.indexCond);
    general.add(tr("Recheck Cond"), node.recheckCond);
    general.add(tr("TID Cond"), node.tidCond);
    general.add(tr("Filter"), node.filter);
    general.add(tr("Join Filter"), node.joinFilter);
    general.add(tr("Hash Cond"), node.hashCond);
    general.add(tr("Merge Cond"), node.mergeCond);
    general.add(tr("One-Time Filter"), node.oneTimeFilter);
    general.addList(tr("Sort Key"), node.sortKey);
    general.addList(tr("Presorted Key"), node.presortedKey);
    general.addList(tr("Group Key"), node.groupKey);
    general.add(tr("Cache Key"), node.cacheKey);
    general.appendTo(groups);

    GroupBuilder rows(tr("Rows"));
    rows.add(tr("Est. rows / loop"), node.planRows);
    rows.add(tr("Rows / loop"), node.actualRows);
    rows.add(tr("Loops"), node.actualLoops);
    rows.add(tr("Est. rows, total"), m.estimatedRowsTotal);
    rows.add(tr("Rows, total"), m.actualRowsTotal);
    if (m.misestimateDirection != MisestimateDirection::None) {
        rows.add(tr("Misestimate"),
                 m.misestimateFactor < 2
                     ? tr("×%1 (about right)").arg(number(m.misestimateFactor, 1))
                     : formatMisestimate(m));
    }
    const auto removed = [&](const QString &name, const std::optional<double> &printed,
                             double total, double share) {
        if (printed)
            rows.add(name,
                     tr("%1 (%2 of the rows read)").arg(formatRows(total), formatPercent(share)));
    };
    removed(tr("Removed by filter"), node.rowsRemovedByFilter, m.rowsRemovedByFilterTotal,
            m.filterRemovedShare);
    removed(tr("Removed by join"), node.rowsRemovedByJoinFilter, m.rowsRemovedByJoinFilterTotal,
            m.joinFilterRemovedShare);
    removed(tr("Removed by recheck"), node.rowsRemovedByIndexRecheck,
            m.rowsRemovedByIndexRecheckTotal, m.recheckRemovedShare);
    rows.add(tr("Heap fetches"), node.heapFetches);
    rows.add(tr("Exact heap blocks"), node.exactHeapBlocks);
    rows.add(tr("Lossy heap blocks"), node.lossyHeapBlocks);
    rows.add(tr("Index searches"), node.indexSearches);
    rows.appendTo(groups);

    GroupBuilder time(tr("Time"));
    time.add(tr("Startup / loop"), node.actualStartupMs, &PlanNodeFacts::formatMs);
    time.add(tr("Total / loop"), node.actualTotalMs, &PlanNodeFacts::formatMs);
    if (m.hasTime && !node.neverExecuted) {
        time.add(tr("Inclusive"), formatMs(m.inclusiveMs));
        time.add(tr("Exclusive"), formatMs(m.exclusiveMs));
        time.add(tr("Share"), formatPercent(m.executionShare));
        if (m.approximate)
            time.add(tr("Accuracy"), tr("approximate (derived from averages over loops or "
                                        "workers)"));
    }
    time.appendTo(groups);

    GroupBuilder io(tr("Buffers and I/O"));
    if (!node.buffers.isEmpty()) {
        addBuffers(io, tr("own"), m.exclusiveBuffers);
        if (node.buffers.sharedHit + node.buffers.sharedRead > 0)
            io.add(tr("Hit ratio (own)"), formatPercent(m.sharedHitRatio));
        if (!node.children.isEmpty())
            addBuffers(io, tr("total"), node.buffers);
    }
    if (node.wal.present) {
        io.add(tr("WAL"), tr("%1 records · %2 full page images · %3 bytes")
                              .arg(formatRows(double(node.wal.records)),
                                   formatRows(double(node.wal.fullPageImages)),
                                   formatRows(double(node.wal.bytes))));
    }
    io.appendTo(groups);

    GroupBuilder workers(tr("Workers"));
    if (node.workersPlanned)
        workers.add(tr("Planned"), QString::number(*node.workersPlanned));
    if (node.workersLaunched)
        workers.add(tr("Launched"), QString::number(*node.workersLaunched));
    for (const PlanWorker &worker : node.workers) {
        QStringList parts;
        if (worker.actualTotalMs)
            parts << tr("%1 per loop").arg(formatMs(*worker.actualTotalMs));
        if (worker.actualRows)
            parts << tr("%1 rows").arg(formatRows(*worker.actualRows));
        if (worker.actualLoops)
            parts << (*worker.actualLoops == 0
                          ? tr("never executed")
                          : tr("%1 loops").arg(formatRows(*worker.actualLoops)));
        const QString sort = sortLine(worker.sort);
        if (!sort.isEmpty())
            parts << tr("sort %1").arg(sort);
        if (worker.buffers.hasBuffers)
            parts << tr("shared hit %1, read %2")
                         .arg(formatRows(double(worker.buffers.sharedHit)),
                              formatRows(double(worker.buffers.sharedRead)));
        for (const PlanProperty &property : worker.properties)
            parts << (property.key.isEmpty() ? property.value
                                             : property.key + QLatin1String(": ") + property.value);
        workers.add(tr("Worker %1").arg(worker.number), parts.join(QLatin1String("; ")));
    }
    workers.appendTo(groups);

    GroupBuilder output(tr("Output"));
    for (qsizetype i = 0; i < node.output.size(); ++i)
        output.add(QString::number(i + 1), node.output.at(i));
    output.appendTo(groups);

    GroupBuilder misc(tr("Misc"));
    misc.add(tr("Sort"), sortLine(node.sort));
    misc.add(tr("Hash buckets"), node.hashBuckets);
    misc.add(tr("Original hash buckets"), node.originalHashBuckets);
    misc.add(tr("Batches"), node.hashBatches);
    misc.add(tr("Original batches"), node.originalHashBatches);
    misc.add(tr("Planned partitions"), node.plannedPartitions);
    misc.add(tr("Peak memory"), node.peakMemoryKb, &PlanNodeFacts::formatKb);
    misc.add(tr("Disk usage"), node.diskUsageKb, &PlanNodeFacts::formatKb);
    for (const PlanProperty &property : node.properties) {
        if (property.key.isEmpty())
            misc.add(tr("Detail"), property.value);
        else if (!shownTyped(property.key))
            misc.add(property.key, property.value);
    }
    misc.appendTo(groups);
    return groups;
}

QString PlanNodeFacts::flagShortName(const QString &ruleId)
{
    static const QHash<QString, const char *> names = {
        {QStringLiteral("slow-node"), QT_TR_NOOP("slow")},
        {QStringLiteral("row-misestimate"), QT_TR_NOOP("misestimate")},
        {QStringLiteral("index-potential"), QT_TR_NOOP("index?")},
        {QStringLiteral("sort-spill"), QT_TR_NOOP("sort spill")},
        {QStringLiteral("hash-spill"), QT_TR_NOOP("hash spill")},
        {QStringLiteral("nested-loop-large"), QT_TR_NOOP("big loop")},
        {QStringLiteral("lossy-bitmap"), QT_TR_NOOP("lossy")},
        {QStringLiteral("recheck-waste"), QT_TR_NOOP("recheck")},
        {QStringLiteral("inefficient-index"), QT_TR_NOOP("index filter")},
        {QStringLiteral("subplan-per-row"), QT_TR_NOOP("subplan/row")},
        {QStringLiteral("heap-fetches"), QT_TR_NOOP("heap fetches")},
        {QStringLiteral("workers-not-launched"), QT_TR_NOOP("workers")},
        {QStringLiteral("large-offset"), QT_TR_NOOP("offset")},
        {QStringLiteral("cache-misses"), QT_TR_NOOP("cache misses")},
        {QStringLiteral("jit-overhead"), QT_TR_NOOP("JIT")},
        {QStringLiteral("planning-dominates"), QT_TR_NOOP("planning")},
    };
    const auto it = names.constFind(ruleId);
    return it == names.constEnd() ? ruleId : tr(it.value());
}

} // namespace sightline
