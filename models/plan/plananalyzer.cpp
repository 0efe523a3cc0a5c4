#include "plananalyzer.h"

#include "planrules.h"
#include "planthresholds.h"

#include <QSet>

#include <algorithm>
#include <array>
#include <unordered_map>
#include <vector>

namespace sightline {

namespace {

// Buffer counters as doubles so deductions can go below zero before clamping.
struct BufferSums
{
    std::array<double, 16> v{};

    static BufferSums of(const PlanBuffers &b)
    {
        BufferSums s;
        s.v = {double(b.sharedHit),     double(b.sharedRead),   double(b.sharedDirtied),
               double(b.sharedWritten), double(b.localHit),     double(b.localRead),
               double(b.localDirtied),  double(b.localWritten), double(b.tempRead),
               double(b.tempWritten),   b.sharedIoReadMs,       b.sharedIoWriteMs,
               b.localIoReadMs,         b.localIoWriteMs,       b.tempIoReadMs,
               b.tempIoWriteMs};
        return s;
    }

    void subtract(const BufferSums &other)
    {
        for (size_t i = 0; i < v.size(); ++i)
            v[i] -= other.v[i];
    }

    // Takes up to `other` from this (never below zero) and returns what was taken.
    BufferSums take(const BufferSums &other)
    {
        BufferSums taken;
        for (size_t i = 0; i < v.size(); ++i) {
            taken.v[i] = std::clamp(other.v[i], 0.0, std::max(v[i], 0.0));
            v[i] -= taken.v[i];
        }
        return taken;
    }

    PlanBuffers toBuffers(const PlanBuffers &like) const
    {
        auto blocks = [&](size_t i) { return qint64(std::max(v[i], 0.0) + 0.5); };
        auto ms = [&](size_t i) { return std::max(v[i], 0.0); };
        PlanBuffers b;
        b.sharedHit = blocks(0);
        b.sharedRead = blocks(1);
        b.sharedDirtied = blocks(2);
        b.sharedWritten = blocks(3);
        b.localHit = blocks(4);
        b.localRead = blocks(5);
        b.localDirtied = blocks(6);
        b.localWritten = blocks(7);
        b.tempRead = blocks(8);
        b.tempWritten = blocks(9);
        b.sharedIoReadMs = ms(10);
        b.sharedIoWriteMs = ms(11);
        b.localIoReadMs = ms(12);
        b.localIoWriteMs = ms(13);
        b.tempIoReadMs = ms(14);
        b.tempIoWriteMs = ms(15);
        b.hasBuffers = like.hasBuffers;
        b.hasIoTiming = like.hasIoTiming;
        return b;
    }
};

bool isGather(const PlanNode &node)
{
    return node.nodeType == QLatin1String("Gather") ||
           node.nodeType == QLatin1String("Gather Merge");
}

// Worker lines with their own numbers (VERBOSE); sort details alone do not count.
bool hasTimedWorkers(const PlanNode &node)
{
    return std::any_of(node.workers.begin(), node.workers.end(),
                       [](const PlanWorker &w) { return w.actualLoops.has_value(); });
}

bool isCteDefinition(const PlanNode &node)
{
    return node.parentRelationship == QLatin1String("InitPlan") &&
           node.subplanName.startsWith(QLatin1String("CTE "));
}

bool isInitPlan(const PlanNode &node)
{
    return node.parentRelationship == QLatin1String("InitPlan") && !isCteDefinition(node);
}

// Parameter keys: "$3" -> 3; "InitPlan 2" -> initPlanKeyBase + 2.
constexpr qint64 initPlanKeyBase = qint64(1) << 40;

void collectParamRefs(QStringView text, std::vector<qint64> &out)
{
    for (qsizetype i = text.indexOf(u'$'); i >= 0 && i + 1 < text.size();
         i = text.indexOf(u'$', i + 1)) {
        qsizetype j = i + 1;
        qint64 n = 0;
        while (j < text.size() && text[j].isDigit() && j - i < 10)
            n = n * 10 + (text[j++].unicode() - u'0');
        if (j > i + 1)
            out.push_back(n);
    }
    static constexpr QStringView tag = u"InitPlan ";
    for (qsizetype i = text.indexOf(tag); i >= 0; i = text.indexOf(tag, i + 1)) {
        qsizetype j = i + tag.size();
        qint64 n = 0;
        const qsizetype start = j;
        while (j < text.size() && text[j].isDigit() && j - start < 10)
            n = n * 10 + (text[j++].unicode() - u'0');
        if (j > start)
            out.push_back(initPlanKeyBase + n);
    }
}

// What an InitPlan provides: "InitPlan 1 (returns $0,$1)" -> {$0, $1, InitPlan 1}.
std::vector<qint64> providedParams(const QString &subplanName)
{
    std::vector<qint64> keys;
    collectParamRefs(subplanName, keys);
    return keys;
}

std::vector<qint64> referencedParams(const PlanNode &node)
{
    std::vector<qint64> keys;
    for (const QString *text :
         {&node.filter, &node.indexCond, &node.recheckCond, &node.joinFilter, &node.hashCond,
          &node.mergeCond, &node.oneTimeFilter, &node.tidCond, &node.cacheKey}) {
        if (!text->isEmpty())
            collectParamRefs(*text, keys);
    }
    for (const QStringList *list : {&node.sortKey, &node.groupKey, &node.output}) {
        for (const QString &item : *list)
            collectParamRefs(item, keys);
    }
    // "Function Call", "Index Cond" of odd nodes and other raw properties can refer to params
    // too; the typed fields above cover what decides where an InitPlan runs in practice.
    std::sort(keys.begin(), keys.end());
    keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
    return keys;
}

class Measurer final
{
public:
    explicit Measurer(const Plan &plan)
        : m_plan(plan)
        , m_nodes(plan.nodes)
        , m_count(plan.nodes.size())
    {}

    void run(PlanAnalysis &analysis)
    {
        QList<NodeMetrics> &metrics = analysis.metrics;
        metrics.resize(m_count);
        bool anyTime = false;
        for (const PlanNode &node : m_nodes)
            anyTime = anyTime || node.actualTotalMs.has_value();

        std::vector<double> processes(size_t(m_count), 1.0);
        std::vector<bool> approximate(size_t(m_count), false);
        parallelism(processes);

        std::vector<double> inclusive(size_t(m_count), 0.0);
        std::vector<BufferSums> buffers{size_t(m_count)};
        for (qsizetype i = 0; i < m_count; ++i) {
            const PlanNode &node = m_nodes[i];
            NodeMetrics &m = metrics[i];
            m.loops = node.actualLoops.value_or(0);
            m.hasTime = anyTime;
            if (node.actualTotalMs && m.loops > 0) {
                inclusive[size_t(i)] = *node.actualTotalMs * m.loops / processes[size_t(i)];
                approximate[size_t(i)] = processes[size_t(i)] > 1.0;
            }
            buffers[size_t(i)] = BufferSums::of(node.buffers);
            rows(node, m);
        }

        std::vector<double> exclusive = inclusive;
        std::vector<BufferSums> ownBuffers = buffers;
        deductChildren(inclusive, buffers, exclusive, ownBuffers, approximate);

        const double total =
            m_plan.executionTimeMs.value_or(m_count > 0 && anyTime ? inclusive[0] : 0.0);
        for (qsizetype i = 0; i < m_count; ++i) {
            NodeMetrics &m = metrics[i];
            double excl = exclusive[size_t(i)];
            // Times are printed to the microsecond; a difference below that is rounding.
            if (excl < -0.0015)
                approximate[size_t(i)] = true;
            excl = std::max(excl, 0.0);
            m.inclusiveMs = inclusive[size_t(i)];
            m.exclusiveMs = excl;
            m.approximate = approximate[size_t(i)];
            // Partial pastes and averaged parallel times can make a node look longer than
            // the whole; the share stays a share.
            m.executionShare = total > 0 ? std::min(excl / total, 1.0) : 0.0;
            if (total > 0 && excl > total * 1.001)
                m.approximate = true;
            m.exclusiveBuffers = ownBuffers[size_t(i)].toBuffers(m_nodes[i].buffers);
            const double hit = double(m.exclusiveBuffers.sharedHit);
            const double read = double(m.exclusiveBuffers.sharedRead);
            m.sharedHitRatio = hit + read > 0 ? hit / (hit + read) : 1.0;
        }
        summary(analysis, total, anyTime);
    }

private:
    // How many processes a node's per-loop average was taken over: under a Gather the
    // leader and each launched worker run their own copy, side by side.
    void parallelism(std::vector<double> &processes) const
    {
        std::vector<int> gatherOf(size_t(m_count), -1);
        std::vector<bool> ancestorWorkers(size_t(m_count), false);
        for (qsizetype i = 0; i < m_count; ++i) {
            const PlanNode &node = m_nodes[i];
            const int parent = node.parent;
            if (parent < 0)
                continue;
            const PlanNode &p = m_nodes[parent];
            gatherOf[size_t(i)] = isGather(p) ? parent : gatherOf[size_t(parent)];
            ancestorWorkers[size_t(i)] =
                !isGather(p) && (hasTimedWorkers(p) || ancestorWorkers[size_t(parent)]);
            const int gather = gatherOf[size_t(i)];
            if (gather < 0)
                continue;
            const PlanNode &g = m_nodes[gather];
            double count = double(g.workersLaunched.value_or(0)) + 1.0;
            if (!node.workers.isEmpty()) {
                double workerLoops = 0;
                bool known = true;
                for (const PlanWorker &w : node.workers) {
                    known = known && w.actualLoops.has_value();
                    workerLoops += w.actualLoops.value_or(0);
                }
                if (known) {
                    const bool leader = node.actualLoops.value_or(0) > workerLoops + 0.5;
                    count = double(node.workers.size()) + (leader ? 1.0 : 0.0);
                }
            } else if (ancestorWorkers[size_t(i)] && !hasTimedWorkers(node)) {
                // VERBOSE shows per-worker lines where workers ran; a node without them under
                // one with them ran in the leader alone (the Bitmap Index Scan under a
                // Parallel Bitmap Heap Scan).
                count = 1.0;
            }
            processes[size_t(i)] = std::max(count, 1.0);
        }
    }

    static void rows(const PlanNode &node, NodeMetrics &m)
    {
        m.estimatedRowsPerLoop = node.planRows;
        m.actualRowsPerLoop = node.actualRows;
        const double loops = m.loops;
        if (node.planRows)
            m.estimatedRowsTotal = *node.planRows * std::max(loops, 1.0);
        if (node.actualRows)
            m.actualRowsTotal = *node.actualRows * loops;
        if (node.planRows && node.actualRows && loops > 0 && !node.neverExecuted) {
            const double estimated = std::max(*node.planRows, 1.0);
            const double actual = std::max(*node.actualRows, 1.0);
            m.misestimateFactor = std::max(estimated / actual, actual / estimated);
            if (actual > estimated)
                m.misestimateDirection = MisestimateDirection::Under;
            else if (actual < estimated)
                m.misestimateDirection = MisestimateDirection::Over;
        }
        const double returned = node.actualRows.value_or(0);
        const double filter = node.rowsRemovedByFilter.value_or(0);
        const double join = node.rowsRemovedByJoinFilter.value_or(0);
        const double recheck = node.rowsRemovedByIndexRecheck.value_or(0);
        m.rowsRemovedByFilterTotal = filter * loops;
        m.rowsRemovedByJoinFilterTotal = join * loops;
        m.rowsRemovedByIndexRecheckTotal = recheck * loops;
        m.filterRemovedShare = filter > 0 ? filter / (filter + returned) : 0.0;
        m.joinFilterRemovedShare = join > 0 ? join / (join + returned) : 0.0;
        m.recheckRemovedShare = recheck > 0 ? recheck / (recheck + filter + returned) : 0.0;
    }

    // Who pays for what: ordinary children are inside their parent's time; an InitPlan is
    // inside the node that first uses its result; a CTE is inside the CTE Scans that read
    // it. Each is taken out exactly once.
    void deductChildren(const std::vector<double> &inclusive,
                        const std::vector<BufferSums> &buffers, std::vector<double> &exclusive,
                        std::vector<BufferSums> &own, std::vector<bool> &approximate) const
    {
        // Who refers to which parameter, in pre-order.
        std::unordered_map<qint64, std::vector<int>> users;
        for (qsizetype i = 0; i < m_count; ++i) {
            for (qint64 key : referencedParams(m_nodes[i]))
                users[key].push_back(int(i));
        }
        std::unordered_map<QString, std::vector<int>> cteScans;
        for (qsizetype i = 0; i < m_count; ++i) {
            const PlanNode &node = m_nodes[i];
            if (node.nodeType == QLatin1String("CTE Scan") && !node.cteName.isEmpty())
                cteScans[node.cteName].push_back(int(i));
        }

        std::vector<int> ctes;
        for (qsizetype i = 1; i < m_count; ++i) {
            const PlanNode &child = m_nodes[i];
            const int parent = child.parent;
            if (parent < 0)
                continue;
            if (isCteDefinition(child)) {
                ctes.push_back(int(i));
                continue;
            }
            int payer = parent;
            if (isInitPlan(child))
                payer = initPlanConsumer(int(i), parent, users);
            exclusive[size_t(payer)] -= inclusive[size_t(i)];
            own[size_t(payer)].subtract(buffers[size_t(i)]);
        }

        QSet<QString> charged;
        for (int cte : ctes) {
            const PlanNode &definition = m_nodes[cte];
            const QString name = definition.subplanName.mid(4).trimmed();
            // Scans name their CTE only by name; a second definition of the same name (another
            // query level) cannot be told apart, so the first one is charged.
            if (charged.contains(name))
                continue;
            charged.insert(name);
            double remaining = inclusive[size_t(cte)];
            BufferSums remainingBuffers = buffers[size_t(cte)];
            const auto it = cteScans.find(name);
            if (it == cteScans.end())
                continue; // never read, or run to completion after the plan (data-modifying)
            for (int scan : it->second) {
                const double taken =
                    std::clamp(remaining, 0.0, std::max(exclusive[size_t(scan)], 0.0));
                exclusive[size_t(scan)] -= taken;
                remaining -= taken;
                const BufferSums takenBuffers = own[size_t(scan)].take(remainingBuffers);
                remainingBuffers.subtract(takenBuffers);
                // Which scan ran the CTE is not printed; the split is a reading of the numbers.
                if (it->second.size() > 1)
                    approximate[size_t(scan)] = true;
            }
        }
    }

    int initPlanConsumer(int initPlan, int owner,
                         const std::unordered_map<qint64, std::vector<int>> &users) const
    {
        const PlanNode &ownerNode = m_nodes[owner];
        const int first = owner;
        const int last = owner + ownerNode.subtreeSize; // exclusive
        const int skipFirst = initPlan;
        const int skipLast = initPlan + m_nodes[initPlan].subtreeSize;
        int best = -1;
        for (qint64 key : providedParams(m_nodes[initPlan].subplanName)) {
            const auto it = users.find(key);
            if (it == users.end())
                continue;
            const std::vector<int> &list = it->second;
            // Looking at the first few users is enough in real plans and keeps hostile ones
            // (thousands of InitPlans sharing "$0") linear.
            int looked = 0;
            for (auto u = std::lower_bound(list.begin(), list.end(), first);
                 u != list.end() && *u < last && looked < 256; ++u, ++looked) {
                if (*u >= skipFirst && *u < skipLast)
                    continue;
                // The deepest user evaluates the parameter first (scans start before the
                // nodes above them project).
                if (best < 0 || m_nodes[*u].depth > m_nodes[best].depth)
                    best = *u;
            }
        }
        return best >= 0 ? best : owner;
    }

    void summary(PlanAnalysis &analysis, double total, bool anyTime) const
    {
        PlanSummary &s = analysis.summary;
        s.planningMs = m_plan.planningTimeMs;
        s.executionMs = m_plan.executionTimeMs;
        s.totalMs = total;
        s.nodeCount = int(m_count);
        s.analyzed = m_plan.isAnalyzed();
        s.jit = m_plan.jit;
        if (m_plan.jit.totalMs) {
            s.jitTotalMs = *m_plan.jit.totalMs;
        } else {
            // Only per-worker blocks printed (no summary block): their sum.
            for (const PlanNode &node : m_nodes) {
                for (const PlanWorker &w : node.workers)
                    s.jitTotalMs += w.jit.totalMs.value_or(0);
            }
        }
        s.triggers = m_plan.triggers;
        for (const PlanTrigger &t : m_plan.triggers)
            s.triggerMs += t.timeMs.value_or(0);
        s.settings = m_plan.settings;
        if (m_count > 0)
            s.totalBuffers = m_nodes[0].buffers;
        for (const PlanNode &node : m_nodes)
            s.maxDepth = std::max(s.maxDepth, node.depth);
        if (!anyTime)
            return;
        std::vector<int> order(static_cast<size_t>(m_count));
        for (qsizetype i = 0; i < m_count; ++i)
            order[size_t(i)] = int(i);
        const size_t keep = std::min<size_t>(order.size(), planthresholds::summarySlowestNodes);
        const QList<NodeMetrics> &metrics = analysis.metrics;
        std::partial_sort(order.begin(), order.begin() + qsizetype(keep), order.end(),
                          [&](int a, int b) {
                              if (metrics[a].exclusiveMs != metrics[b].exclusiveMs)
                                  return metrics[a].exclusiveMs > metrics[b].exclusiveMs;
                              return a < b;
                          });
        for (size_t i = 0; i < keep; ++i) {
            if (metrics[order[i]].exclusiveMs > 0)
                s.slowestNodes.append(order[i]);
        }
    }

    const Plan &m_plan;
    const QList<PlanNode> &m_nodes;
    qsizetype m_count;
};

} // namespace

PlanAnalysis PlanAnalyzer::measure(const Plan &plan)
{
    PlanAnalysis analysis;
    analysis.plan = plan;
    Measurer(plan).run(analysis);
    return analysis;
}

PlanAnalysis PlanAnalyzer::analyze(const Plan &plan)
{
    PlanAnalysis analysis = measure(plan);
    analysis.flags = PlanRules::evaluate(analysis);
    return analysis;
}

} // namespace sightline
