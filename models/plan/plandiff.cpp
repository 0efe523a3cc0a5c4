#include "models/plan/plandiff.h"

#include "models/plan/plananalyzer.h"

#include <QCoreApplication>
#include <QHash>
#include <QLocale>

#include <algorithm>
#include <cmath>

namespace sightline {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("PlanDiff", text);
}

// What a node does, coarsely: a Seq Scan and an Index Scan of the same table
// are both "scan", a Hash Join and a Nested Loop both "join".
QString family(const PlanNode &node)
{
    static const QHash<QString, QString> families = {
        {QStringLiteral("Seq Scan"), QStringLiteral("scan")},
        {QStringLiteral("Index Scan"), QStringLiteral("scan")},
        {QStringLiteral("Index Only Scan"), QStringLiteral("scan")},
        {QStringLiteral("Bitmap Heap Scan"), QStringLiteral("scan")},
        {QStringLiteral("Tid Scan"), QStringLiteral("scan")},
        {QStringLiteral("Tid Range Scan"), QStringLiteral("scan")},
        {QStringLiteral("Sample Scan"), QStringLiteral("scan")},
        {QStringLiteral("Foreign Scan"), QStringLiteral("scan")},
        {QStringLiteral("Custom Scan"), QStringLiteral("scan")},
        {QStringLiteral("Bitmap Index Scan"), QStringLiteral("bitmap-index")},
        {QStringLiteral("BitmapAnd"), QStringLiteral("bitmap-op")},
        {QStringLiteral("BitmapOr"), QStringLiteral("bitmap-op")},
        {QStringLiteral("Nested Loop"), QStringLiteral("join")},
        {QStringLiteral("Hash Join"), QStringLiteral("join")},
        {QStringLiteral("Merge Join"), QStringLiteral("join")},
        {QStringLiteral("Aggregate"), QStringLiteral("aggregate")},
        {QStringLiteral("Group"), QStringLiteral("aggregate")},
        {QStringLiteral("Sort"), QStringLiteral("sort")},
        {QStringLiteral("Incremental Sort"), QStringLiteral("sort")},
        {QStringLiteral("Gather"), QStringLiteral("gather")},
        {QStringLiteral("Gather Merge"), QStringLiteral("gather")},
        {QStringLiteral("Materialize"), QStringLiteral("cache")},
        {QStringLiteral("Memoize"), QStringLiteral("cache")},
        {QStringLiteral("Append"), QStringLiteral("append")},
        {QStringLiteral("Merge Append"), QStringLiteral("append")},
    };
    return families.value(node.nodeType, node.nodeType);
}

// For nodes that read something: what they read, with the alias (two scans of
// one table in a self-join differ by alias). Empty for the others.
QString leafKey(const PlanNode &node, bool withAlias)
{
    QString target;
    if (!node.relationName.isEmpty())
        // Without the schema: TEXT output names it only with VERBOSE.
        target = QStringLiteral("rel:") + node.relationName;
    else if (!node.cteName.isEmpty())
        target = QStringLiteral("cte:") + node.cteName;
    else if (!node.functionName.isEmpty())
        target = QStringLiteral("fn:") + node.functionName;
    else if (node.nodeType == QLatin1String("Bitmap Index Scan") && !node.indexName.isEmpty())
        target = QStringLiteral("idx:") + node.indexName;
    else if (node.nodeType == QLatin1String("Subquery Scan") && !node.alias.isEmpty())
        target = QStringLiteral("subq:");
    else if (node.nodeType == QLatin1String("Values Scan"))
        target = QStringLiteral("values:");
    if (target.isEmpty())
        return {};
    if (withAlias)
        target += QLatin1Char('/') + node.alias;
    return target;
}

// Per-plan facts used for matching.
struct Facts
{
    QList<QString> family;
    QList<QString> leaf;    // leafKey with alias
    QList<QString> leafRel; // leafKey without alias
    QList<quint64> relSet;  // order-independent hash of the leaves under a node
    QList<QString> context; // name of the subplan the node belongs to
};

Facts factsOf(const Plan &plan)
{
    Facts f;
    const qsizetype n = plan.nodes.size();
    f.family.resize(n);
    f.leaf.resize(n);
    f.leafRel.resize(n);
    f.relSet.resize(n);
    f.context.resize(n);
    for (qsizetype i = 0; i < n; ++i) {
        const PlanNode &node = plan.nodes.at(i);
        f.family[i] = family(node);
        f.leaf[i] = leafKey(node, true);
        f.leafRel[i] = leafKey(node, false);
        if (node.isSubplanRoot())
            f.context[i] = node.subplanName;
        else if (node.parent >= 0)
            f.context[i] = f.context.at(node.parent);
    }
    // Children come after parents in pre-order: walking backwards sums the
    // leaves bottom-up. A subplan's leaves stay inside the subplan.
    for (qsizetype i = n - 1; i >= 0; --i) {
        const PlanNode &node = plan.nodes.at(i);
        if (!f.leaf.at(i).isEmpty())
            f.relSet[i] += qHash(f.leaf.at(i), size_t(0x51e7)) | 1u;
        if (node.parent >= 0 && !node.isSubplanRoot())
            f.relSet[node.parent] += f.relSet.at(i);
    }
    return f;
}

QString sizeText(qint64 kb)
{
    // "29 MB" as people say it about EXPLAIN's kB, not "29 MiB".
    return QLocale().formattedDataSize(kb * 1024, 0, QLocale::DataSizeTraditionalFormat);
}

// "Sort (external merge, 29 MB)", "Hash (8 batches)": the detail that made
// the node matter, for sentences about it.
QString nodeWithDetail(const PlanNode &node)
{
    QStringList details;
    if (!node.sort.method.isEmpty())
        details << node.sort.method;
    if (node.sort.spaceUsedKb && node.sort.isDisk())
        details << sizeText(*node.sort.spaceUsedKb);
    if (node.hashBatches && *node.hashBatches > 1)
        details << tr("%1 batches").arg(*node.hashBatches);
    if (node.diskUsageKb && *node.diskUsageKb > 0 && !node.sort.isDisk())
        details << tr("%1 on disk").arg(sizeText(*node.diskUsageKb));
    const QString label = node.label();
    return details.isEmpty()
               ? label
               : QStringLiteral("%1 (%2)").arg(label, details.join(QStringLiteral(", ")));
}

// What a node does, for "did it change": the label without the schema (which
// TEXT output prints only with VERBOSE, so the same plan in two formats would
// differ).
QString operationKey(const PlanNode &node)
{
    return QStringList{node.displayName(), node.indexName,    node.relationName,
                       node.cteName,       node.functionName, node.alias}
        .join(QLatin1Char('|'));
}

// "orders", "corr", "Sort": how a flag sentence names its node.
QString shortName(const PlanNode &node)
{
    if (!node.alias.isEmpty())
        return node.alias;
    if (!node.relationName.isEmpty())
        return node.relationName;
    return node.label();
}

qint64 blocksRead(const PlanBuffers &b)
{
    return b.sharedRead + b.localRead + b.tempRead;
}

class Matcher
{
public:
    Matcher(const Plan &before, const Plan &after)
        : m_b(before)
        , m_a(after)
        , m_fb(factsOf(before))
        , m_fa(factsOf(after))
        , m_toAfter(before.nodes.size(), -1)
        , m_toBefore(after.nodes.size(), -1)
    {}

    void run()
    {
        // 1. Nodes that read something, by what they read.
        byKey([this](const Facts &f, int i) {
            return f.leaf.at(i).isEmpty() ? QString()
                                          : f.context.at(i) + QLatin1Char('|') + f.leaf.at(i);
        });
        // 2. Everything else by kind and the relations it combines (sorts by key too).
        byKey([this](const Facts &f, int i) {
            const Plan &plan = &f == &m_fb ? m_b : m_a;
            const PlanNode &node = plan.nodes.at(i);
            QString key = f.context.at(i) + QLatin1Char('|') + f.family.at(i) + QLatin1Char('|') +
                          QString::number(f.relSet.at(i));
            if (f.family.at(i) == QLatin1String("sort"))
                key += QLatin1Char('|') + node.sortKey.join(QLatin1Char(','));
            return key;
        });
        // 3. Leftovers under partners: the same kind of node in the same place.
        structural();
        // 4. Scans whose alias changed, anywhere.
        byKey([this](const Facts &f, int i) { return f.leafRel.at(i); });
        structural();
    }

    int toAfter(int b) const { return m_toAfter.at(b); }
    int toBefore(int a) const { return m_toBefore.at(a); }

private:
    template<typename KeyFn>
    void byKey(KeyFn key)
    {
        QHash<QString, QList<int>> waiting; // key -> unmatched before nodes, in order
        for (int i = 0; i < m_b.nodes.size(); ++i) {
            if (m_toAfter.at(i) >= 0)
                continue;
            const QString k = key(m_fb, i);
            if (!k.isEmpty())
                waiting[k].append(i);
        }
        for (int j = 0; j < m_a.nodes.size(); ++j) {
            if (m_toBefore.at(j) >= 0)
                continue;
            const QString k = key(m_fa, j);
            if (k.isEmpty())
                continue;
            auto it = waiting.find(k);
            if (it == waiting.end() || it->isEmpty())
                continue;
            // Among equals, the one doing exactly the same, else the first.
            int pick = 0;
            for (int c = 0; c < it->size(); ++c) {
                if (operationKey(m_b.nodes.at(it->at(c))) == operationKey(m_a.nodes.at(j))) {
                    pick = c;
                    break;
                }
            }
            pair(it->takeAt(pick), j);
        }
    }

    void structural()
    {
        for (int j = 0; j < m_a.nodes.size(); ++j) {
            if (m_toBefore.at(j) >= 0)
                continue;
            const PlanNode &node = m_a.nodes.at(j);
            QList<int> candidates;
            if (node.parent < 0) {
                if (!m_b.nodes.isEmpty())
                    candidates << 0;
            } else {
                const int parent = m_toBefore.at(node.parent);
                if (parent < 0)
                    continue;
                candidates = m_b.nodes.at(parent).children;
            }
            int best = -1;
            for (int c : std::as_const(candidates)) {
                if (m_toAfter.at(c) >= 0 || m_fb.family.at(c) != m_fa.family.at(j))
                    continue;
                if (best < 0 || m_b.nodes.at(c).nodeType == node.nodeType) {
                    best = c;
                    if (m_b.nodes.at(c).nodeType == node.nodeType)
                        break;
                }
            }
            if (best >= 0)
                pair(best, j);
        }
    }

    void pair(int b, int a)
    {
        m_toAfter[b] = a;
        m_toBefore[a] = b;
    }

    const Plan &m_b;
    const Plan &m_a;
    Facts m_fb;
    Facts m_fa;
    QList<int> m_toAfter;
    QList<int> m_toBefore;
};

QHash<int, QStringList> flagsByNode(const PlanAnalysis &analysis)
{
    QHash<int, QStringList> flags;
    for (const PlanFlag &flag : analysis.flags) {
        if (!flags[flag.nodeId].contains(flag.ruleId))
            flags[flag.nodeId] << flag.ruleId;
    }
    return flags;
}

QString ms(double value)
{
    return QLocale().toString(value, 'f', value < 10 ? 2 : 1) + QStringLiteral(" ms");
}

PlanVerdict verdictFor(const PlanDiff &diff)
{
    PlanVerdict v;
    const PlanSummary &b = diff.before.summary;
    const PlanSummary &a = diff.after.summary;
    if (b.analyzed && b.totalMs > 0)
        v.executionMsBefore = b.executionMs.value_or(b.totalMs);
    if (a.analyzed && a.totalMs > 0)
        v.executionMsAfter = a.executionMs.value_or(a.totalMs);
    if (!diff.before.plan.isEmpty())
        v.totalCostBefore = diff.before.plan.root().totalCost;
    if (!diff.after.plan.isEmpty())
        v.totalCostAfter = diff.after.plan.root().totalCost;
    v.hasBuffers = b.totalBuffers.hasBuffers || a.totalBuffers.hasBuffers;
    v.buffersReadBefore = blocksRead(b.totalBuffers);
    v.buffersReadAfter = blocksRead(a.totalBuffers);

    QString buffers;
    if (v.hasBuffers)
        buffers = tr("; blocks read %1 → %2")
                      .arg(QLocale().toString(v.buffersReadBefore),
                           QLocale().toString(v.buffersReadAfter));
    if (!v.executionMsBefore || !v.executionMsAfter || *v.executionMsBefore <= 0) {
        v.kind = PlanVerdictKind::NotComparable;
        if (v.totalCostBefore && v.totalCostAfter)
            v.text = tr("No execution times to compare (EXPLAIN without ANALYZE); estimated "
                        "cost %1 → %2")
                         .arg(QLocale().toString(*v.totalCostBefore, 'f', 2),
                              QLocale().toString(*v.totalCostAfter, 'f', 2)) +
                     buffers;
        else
            v.text = tr("No execution times to compare (EXPLAIN without ANALYZE)") + buffers;
        return v;
    }
    const double before = *v.executionMsBefore;
    const double after = *v.executionMsAfter;
    v.ratio = after / before;
    const QString times = tr("execution %1 → %2").arg(ms(before), ms(after));
    if (diff.identicalShape || std::abs(*v.ratio - 1.0) < PlanDiffer::kNoiseRatio) {
        v.kind = PlanVerdictKind::NoSignificantChange;
        v.text = (diff.identicalShape
                      ? tr("No significant change: the plans are the same node for node (%1)")
                      : tr("No significant change (%1, within the noise of about 10 %)"))
                     .arg(times) +
                 buffers;
    } else if (after < before) {
        v.kind = PlanVerdictKind::Faster;
        v.text = tr("%1× faster: %2")
                     .arg(QLocale().toString(before / std::max(after, 0.001), 'f', 1), times) +
                 buffers;
    } else {
        v.kind = PlanVerdictKind::Slower;
        v.text =
            tr("%1× slower: %2").arg(QLocale().toString(after / before, 'f', 1), times) + buffers;
    }
    return v;
}

} // namespace

PlanDiff PlanDiffer::compare(const Plan &before, const Plan &after)
{
    return compare(PlanAnalyzer::analyze(before), PlanAnalyzer::analyze(after));
}

PlanDiff PlanDiffer::compare(const PlanAnalysis &before, const PlanAnalysis &after)
{
    PlanDiff diff;
    diff.before = before;
    diff.after = after;
    Matcher matcher(before.plan, after.plan);
    matcher.run();

    const QHash<int, QStringList> flagsBefore = flagsByNode(before);
    const QHash<int, QStringList> flagsAfter = flagsByNode(after);
    QList<PlanChange> nodeChanges;
    QList<PlanChange> removals;
    QList<PlanChange> additions;
    QList<PlanChange> flagChanges;
    bool sameEverywhere = true;

    for (int j = 0; j < after.plan.nodes.size(); ++j) {
        const PlanNode &an = after.plan.nodes.at(j);
        const int i = matcher.toBefore(j);
        const QStringList raisedHere = flagsAfter.value(j);
        if (i < 0) {
            diff.added << j;
            sameEverywhere = false;
            additions << PlanChange{PlanChangeKind::NodeAdded, -1, j, QString(),
                                    tr("%1 added").arg(nodeWithDetail(an))};
            for (const QString &rule : raisedHere)
                flagChanges << PlanChange{PlanChangeKind::FlagRaised, -1, j, rule,
                                          tr("%1 on %2 raised").arg(rule, shortName(an))};
            continue;
        }
        const PlanNode &bn = before.plan.nodes.at(i);
        const NodeMetrics &bm = before.metrics.at(i);
        const NodeMetrics &am = after.metrics.at(j);
        PlanNodeMatch m;
        m.before = i;
        m.after = j;
        m.exclusiveMsBefore = bm.exclusiveMs;
        m.exclusiveMsAfter = am.exclusiveMs;
        m.inclusiveMsBefore = bm.inclusiveMs;
        m.inclusiveMsAfter = am.inclusiveMs;
        m.rowsBefore = bm.actualRowsTotal;
        m.rowsAfter = am.actualRowsTotal;
        m.loopsBefore = bm.loops;
        m.loopsAfter = am.loops;
        m.buffersBefore = bm.exclusiveBuffers;
        m.buffersAfter = am.exclusiveBuffers;
        const QStringList raisedBefore = flagsBefore.value(i);
        for (const QString &rule : raisedHere) {
            if (!raisedBefore.contains(rule))
                m.flagsRaised << rule;
        }
        for (const QString &rule : raisedBefore) {
            if (!raisedHere.contains(rule))
                m.flagsCleared << rule;
        }
        m.sameOperation = operationKey(bn) == operationKey(an);
        if (!m.sameOperation) {
            sameEverywhere = false;
            nodeChanges << PlanChange{PlanChangeKind::NodeChanged, i, j, QString(),
                                      QStringLiteral("%1 → %2").arg(bn.label(), an.label())};
        }
        for (const QString &rule : std::as_const(m.flagsRaised))
            flagChanges << PlanChange{PlanChangeKind::FlagRaised, i, j, rule,
                                      tr("%1 on %2 raised").arg(rule, shortName(an))};
        for (const QString &rule : std::as_const(m.flagsCleared))
            flagChanges << PlanChange{PlanChangeKind::FlagCleared, i, j, rule,
                                      tr("%1 on %2 cleared").arg(rule, shortName(bn))};
        diff.matched << m;
    }
    for (int i = 0; i < before.plan.nodes.size(); ++i) {
        if (matcher.toAfter(i) >= 0)
            continue;
        diff.removed << i;
        sameEverywhere = false;
        const PlanNode &bn = before.plan.nodes.at(i);
        removals << PlanChange{PlanChangeKind::NodeRemoved, i, -1, QString(),
                               tr("%1 removed").arg(nodeWithDetail(bn))};
        for (const QString &rule : flagsBefore.value(i))
            flagChanges << PlanChange{PlanChangeKind::FlagCleared, i, -1, rule,
                                      tr("%1 on %2 cleared").arg(rule, shortName(bn))};
    }
    // Plan-level flags (no node).
    for (const QString &rule : flagsAfter.value(-1)) {
        if (!flagsBefore.value(-1).contains(rule))
            flagChanges << PlanChange{PlanChangeKind::FlagRaised, -1, -1, rule,
                                      tr("%1 raised").arg(rule)};
    }
    for (const QString &rule : flagsBefore.value(-1)) {
        if (!flagsAfter.value(-1).contains(rule))
            flagChanges << PlanChange{PlanChangeKind::FlagCleared, -1, -1, rule,
                                      tr("%1 cleared").arg(rule)};
    }
    // Where the time went matters most: removals and additions by their time.
    auto byTime = [](const PlanAnalysis &analysis, bool useBefore) {
        return [&analysis, useBefore](const PlanChange &x, const PlanChange &y) {
            const int xi = useBefore ? x.before : x.after;
            const int yi = useBefore ? y.before : y.after;
            return analysis.metrics.at(xi).inclusiveMs > analysis.metrics.at(yi).inclusiveMs;
        };
    };
    std::stable_sort(removals.begin(), removals.end(), byTime(before, true));
    std::stable_sort(additions.begin(), additions.end(), byTime(after, false));
    diff.changes << nodeChanges << removals << additions << flagChanges;
    diff.identicalShape = sameEverywhere && !after.plan.isEmpty();
    diff.beforeToAfter.resize(before.plan.nodes.size());
    for (int i = 0; i < before.plan.nodes.size(); ++i)
        diff.beforeToAfter[i] = matcher.toAfter(i);
    diff.afterToBefore.resize(after.plan.nodes.size());
    for (int j = 0; j < after.plan.nodes.size(); ++j)
        diff.afterToBefore[j] = matcher.toBefore(j);
    diff.verdict = verdictFor(diff);
    return diff;
}

QString planChangeKindName(PlanChangeKind kind)
{
    switch (kind) {
    case PlanChangeKind::NodeChanged:
        return QStringLiteral("node-changed");
    case PlanChangeKind::NodeAdded:
        return QStringLiteral("node-added");
    case PlanChangeKind::NodeRemoved:
        return QStringLiteral("node-removed");
    case PlanChangeKind::FlagRaised:
        return QStringLiteral("flag-raised");
    case PlanChangeKind::FlagCleared:
        return QStringLiteral("flag-cleared");
    }
    return {};
}

QString planVerdictKindName(PlanVerdictKind kind)
{
    switch (kind) {
    case PlanVerdictKind::Faster:
        return QStringLiteral("faster");
    case PlanVerdictKind::Slower:
        return QStringLiteral("slower");
    case PlanVerdictKind::NoSignificantChange:
        return QStringLiteral("no-significant-change");
    case PlanVerdictKind::NotComparable:
        return QStringLiteral("not-comparable");
    }
    return {};
}

} // namespace sightline
