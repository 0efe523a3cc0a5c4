#include "planreport.h"

#include "planthresholds.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>

namespace sightline {

namespace {

// Nesting beyond which the JSON (containers) and the text tree (plan levels) stop indenting.
constexpr int maxIndentLevels = 64;

// ---------------------------------------------------------------------------------------------
// JSON

// QByteArray::append is out of line (it goes through insert()); the writer appends a few bytes
// at a time, millions of times for a large plan, so it fills a buffer of its own.
class ByteSink final
{
public:
    explicit ByteSink(qsizetype expectedSize)
    {
        m_data.resize(std::max(expectedSize, qsizetype(256)));
        m_ptr = m_data.data();
    }

    void put(char c)
    {
        if (m_size == m_data.size())
            grow(1);
        m_ptr[m_size++] = c;
    }
    void put(const char *bytes, qsizetype count)
    {
        if (m_size + count > m_data.size())
            grow(count);
        std::memcpy(m_ptr + m_size, bytes, size_t(count));
        m_size += count;
    }
    void put(const char *text) { put(text, qsizetype(std::strlen(text))); }

    QByteArray take()
    {
        m_data.truncate(m_size);
        return std::move(m_data);
    }

private:
    void grow(qsizetype count)
    {
        m_data.resize(std::max(2 * m_data.size(), m_size + count));
        m_ptr = m_data.data();
    }

    QByteArray m_data; // its size is the capacity; m_size is what is written
    char *m_ptr = nullptr;
    qsizetype m_size = 0;
};

// A streaming JSON writer. QJsonDocument would do, but it serialises (and destroys) nested
// objects recursively; a plan is a tree of arbitrary depth, so the report writes its own JSON
// with an explicit stack.
class JsonWriter final
{
public:
    JsonWriter(bool indented, qsizetype expectedSize)
        : m_out(expectedSize)
        , m_indented(indented)
    {}

    QByteArray take() { return m_out.take(); }

    void beginObject()
    {
        beforeValue();
        m_out.put('{');
        m_open.append(false);
    }
    void endObject() { close('}'); }
    void beginArray()
    {
        beforeValue();
        m_out.put('[');
        m_open.append(false);
    }
    void endArray() { close(']'); }

    void key(const char *name)
    {
        beforeMember();
        m_out.put('"');
        m_out.put(name); // keys are ASCII literals chosen here
        m_out.put(m_indented ? "\": " : "\":");
        m_afterKey = true;
    }

    void null()
    {
        beforeValue();
        m_out.put("null");
    }
    void boolean(bool value)
    {
        beforeValue();
        m_out.put(value ? "true" : "false");
    }
    void number(double value)
    {
        beforeValue();
        if (!std::isfinite(value)) {
            m_out.put("null"); // JSON has no NaN or infinity
            return;
        }
        // Whole numbers (rows, blocks, loops) print without a fraction; the rest as the
        // shortest text that reads back as the same double. to_chars: no allocation, no
        // locale, and this runs a hundred times per node.
        char buffer[32];
        const auto [end, error] = value == std::trunc(value) && std::fabs(value) < 1e15
                                      ? std::to_chars(buffer, buffer + sizeof buffer, qint64(value))
                                      : std::to_chars(buffer, buffer + sizeof buffer, value);
        if (error == std::errc())
            m_out.put(buffer, end - buffer);
        else
            m_out.put("null");
    }
    void string(const QString &value)
    {
        beforeValue();
        m_out.put('"');
        const QByteArray utf8 = value.toUtf8();
        const char *begin = utf8.constData();
        const char *const end = begin + utf8.size();
        // Copy runs that need no escaping in one go; names and conditions rarely need any.
        for (const char *p = begin; p != end; ++p) {
            const auto u = static_cast<unsigned char>(*p);
            if (u >= 0x20 && u != '"' && u != '\\')
                continue;
            m_out.put(begin, p - begin);
            begin = p + 1;
            switch (u) {
            case '"':
                m_out.put("\\\"");
                break;
            case '\\':
                m_out.put("\\\\");
                break;
            case '\n':
                m_out.put("\\n");
                break;
            case '\r':
                m_out.put("\\r");
                break;
            case '\t':
                m_out.put("\\t");
                break;
            default: {
                static const char hex[] = "0123456789abcdef";
                const char escaped[] = {'\\', 'u', '0', '0', hex[u >> 4], hex[u & 0xf]};
                m_out.put(escaped, sizeof escaped);
            }
            }
        }
        m_out.put(begin, end - begin);
        m_out.put('"');
    }

    // Conveniences for "key": value pairs.
    void member(const char *name, double value)
    {
        key(name);
        number(value);
    }
    void member(const char *name, const std::optional<double> &value)
    {
        key(name);
        value ? number(*value) : null();
    }
    void member(const char *name, const std::optional<qint64> &value)
    {
        key(name);
        value ? number(double(*value)) : null();
    }
    void member(const char *name, const std::optional<int> &value)
    {
        key(name);
        value ? number(double(*value)) : null();
    }
    // Empty means "not in the plan": null rather than "".
    void member(const char *name, const QString &value)
    {
        key(name);
        value.isEmpty() ? null() : string(value);
    }
    void flag(const char *name, bool value)
    {
        key(name);
        boolean(value);
    }

private:
    void newline()
    {
        if (!m_indented)
            return;
        // Deeper than maxIndentLevels the output continues compactly, on one line: a plan
        // thousands of levels deep (generated, or hostile) would otherwise make the output
        // grow with the square of its depth. JSON does not care; people do not read that deep.
        if (m_open.size() > maxIndentLevels)
            return;
        static const QByteArray spaces(2 * maxIndentLevels, ' ');
        m_out.put('\n');
        m_out.put(spaces.constData(), 2 * m_open.size());
    }
    void beforeMember()
    {
        if (!m_open.isEmpty()) {
            if (m_open.last())
                m_out.put(',');
            m_open.last() = true;
        }
        newline();
    }
    void beforeValue()
    {
        if (m_afterKey) {
            m_afterKey = false;
            return;
        }
        if (!m_open.isEmpty())
            beforeMember();
    }
    void close(char bracket)
    {
        const bool hadMembers = m_open.takeLast();
        if (hadMembers)
            newline();
        m_out.put(bracket);
    }

    ByteSink m_out;
    QList<bool> m_open; // one entry per open object/array: has it members yet?
    bool m_indented = true;
    bool m_afterKey = false;
};

// Derived numbers carry floating-point noise (0.1 - 0.05); a microsecond / a millionth is far
// below what EXPLAIN measures, so round there before printing.
double derived(double value)
{
    return std::round(value * 1e6) / 1e6;
}

std::optional<double> optionalDerived(const std::optional<double> &value)
{
    if (!value)
        return std::nullopt;
    return derived(*value);
}

QString directionName(MisestimateDirection direction)
{
    switch (direction) {
    case MisestimateDirection::Under:
        return QStringLiteral("under");
    case MisestimateDirection::Over:
        return QStringLiteral("over");
    case MisestimateDirection::None:
        break;
    }
    return {};
}

// Totals of a per-loop "Rows Removed by ..." counter are only meaningful when it was printed.
std::optional<double> removedTotal(const std::optional<double> &printed, double total)
{
    if (!printed)
        return std::nullopt;
    return derived(total);
}

std::optional<double> removedShare(const std::optional<double> &printed, double share)
{
    if (!printed)
        return std::nullopt;
    return derived(share);
}

void writeBuffers(JsonWriter &w, const PlanBuffers &b, double hitRatio)
{
    w.beginObject();
    w.member("shared_hit", double(b.sharedHit));
    w.member("shared_read", double(b.sharedRead));
    w.member("shared_dirtied", double(b.sharedDirtied));
    w.member("shared_written", double(b.sharedWritten));
    w.member("local_hit", double(b.localHit));
    w.member("local_read", double(b.localRead));
    w.member("local_dirtied", double(b.localDirtied));
    w.member("local_written", double(b.localWritten));
    w.member("temp_read", double(b.tempRead));
    w.member("temp_written", double(b.tempWritten));
    w.member("shared_hit_ratio", derived(hitRatio));
    if (b.hasIoTiming) {
        w.member("io_read_ms", derived(b.ioReadMs()));
        w.member("io_write_ms", derived(b.ioWriteMs()));
    } else {
        w.member("io_read_ms", std::optional<double>());
        w.member("io_write_ms", std::optional<double>());
    }
    w.endObject();
}

// Everything about one node except its children; the caller opens the object and closes it
// after the "children" array.
void writeNodeFields(JsonWriter &w, const PlanNode &node, const NodeMetrics &m,
                     const QStringList &flagIds)
{
    w.member("id", double(node.id));
    w.member("node_type", node.nodeType);
    w.member("name", node.displayName());
    w.member("relation", node.relationName);
    w.member("schema", node.schema);
    w.member("alias", node.alias);
    w.member("index", node.indexName);
    w.member("cte", node.cteName);
    w.member("function", node.functionName);
    w.member("parent_relationship", node.parentRelationship);
    w.member("subplan", node.subplanName);
    w.member("join_type", node.joinType);
    w.member("strategy", node.strategy);
    w.flag("parallel_aware", node.parallelAware);

    w.member("startup_cost", node.startupCost);
    w.member("total_cost", node.totalCost);
    w.member("plan_rows", node.planRows);
    w.member("plan_width", node.planWidth);

    w.member("actual_startup_ms", node.actualStartupMs);
    w.member("actual_total_ms", node.actualTotalMs);
    w.member("actual_rows", node.actualRows);
    w.member("loops", node.actualLoops);
    w.flag("never_executed", node.neverExecuted);
    w.member("workers_planned", node.workersPlanned);
    w.member("workers_launched", node.workersLaunched);

    // Times only mean something with ANALYZE and TIMING; null says "not measured", 0 would lie.
    const auto timed = [&](double value) {
        return m.hasTime ? std::optional<double>(derived(value)) : std::nullopt;
    };
    w.member("inclusive_ms", timed(m.inclusiveMs));
    w.member("exclusive_ms", timed(m.exclusiveMs));
    w.member("execution_share", timed(m.executionShare));
    w.flag("time_approximate", m.approximate);

    w.member("estimated_rows_per_loop", optionalDerived(m.estimatedRowsPerLoop));
    w.member("actual_rows_per_loop", optionalDerived(m.actualRowsPerLoop));
    w.member("estimated_rows_total", optionalDerived(m.estimatedRowsTotal));
    w.member("actual_rows_total", optionalDerived(m.actualRowsTotal));
    const bool compared = m.misestimateDirection != MisestimateDirection::None;
    w.member("misestimate_factor",
             compared ? std::optional<double>(derived(m.misestimateFactor)) : std::nullopt);
    w.member("misestimate_direction", directionName(m.misestimateDirection));

    w.member("rows_removed_by_filter",
             removedTotal(node.rowsRemovedByFilter, m.rowsRemovedByFilterTotal));
    w.member("rows_removed_by_join_filter",
             removedTotal(node.rowsRemovedByJoinFilter, m.rowsRemovedByJoinFilterTotal));
    w.member("rows_removed_by_index_recheck",
             removedTotal(node.rowsRemovedByIndexRecheck, m.rowsRemovedByIndexRecheckTotal));
    w.member("filter_removed_share", removedShare(node.rowsRemovedByFilter, m.filterRemovedShare));
    w.member("join_filter_removed_share",
             removedShare(node.rowsRemovedByJoinFilter, m.joinFilterRemovedShare));
    w.member("recheck_removed_share",
             removedShare(node.rowsRemovedByIndexRecheck, m.recheckRemovedShare));
    w.member("heap_fetches", node.heapFetches);
    w.member("exact_heap_blocks", node.exactHeapBlocks);
    w.member("lossy_heap_blocks", node.lossyHeapBlocks);

    w.member("sort_method", node.sort.method);
    w.member("sort_space_type", node.sort.spaceType);
    w.member("sort_space_kb", node.sort.spaceUsedKb);
    w.member("hash_batches", node.hashBatches);
    w.member("original_hash_batches", node.originalHashBatches);
    w.member("peak_memory_kb", node.peakMemoryKb);
    w.member("disk_usage_kb", node.diskUsageKb);

    w.key("buffers"); // the node's own share, not the cumulative numbers EXPLAIN prints
    if (node.buffers.isEmpty())
        w.null();
    else
        writeBuffers(w, m.exclusiveBuffers, m.sharedHitRatio);

    w.key("flags");
    w.beginArray();
    for (const QString &id : flagIds)
        w.string(id);
    w.endArray();
}

// ---------------------------------------------------------------------------------------------
// Text

QString ms(double value)
{
    return QString::number(value, 'f', 3) + QLatin1String(" ms");
}

QString rows(double value)
{
    // PostgreSQL 18 prints fractional rows; older versions whole numbers.
    if (value == std::trunc(value) && std::fabs(value) < 1e15)
        return QString::number(qint64(value));
    return QString::number(value, 'f', 2);
}

QString percent(double share)
{
    return QString::number(share * 100.0, 'f', 1) + QLatin1String(" %");
}

QString pad(const QString &text, qsizetype width, bool right)
{
    return right ? text.rightJustified(width) : text.leftJustified(width);
}

QString nodeHeading(const PlanNode &node)
{
    return QStringLiteral("#%1 %2").arg(node.id).arg(node.label());
}

// The summary as label/value pairs: what the text report aligns and the Markdown report puts
// in a table.
QList<std::pair<QString, QString>> summaryFacts(const PlanAnalysis &analysis, int slowestWanted)
{
    const Plan &plan = analysis.plan;
    const PlanSummary &summary = analysis.summary;
    const auto metricsOf = [&](int id) -> const NodeMetrics * {
        return id >= 0 && id < analysis.metrics.size() ? &analysis.metrics.at(id) : nullptr;
    };
    QList<std::pair<QString, QString>> facts;
    const QString formatName = plan.format == PlanFormat::Json   ? PlanReport::tr("JSON")
                               : plan.format == PlanFormat::Text ? PlanReport::tr("TEXT")
                                                                 : PlanReport::tr("unknown");
    facts.append(
        {PlanReport::tr("Plan"),
         PlanReport::tr("%n node(s), %1 format, %2", nullptr, int(plan.nodes.size()))
             .arg(formatName, plan.isAnalyzed()
                                  ? PlanReport::tr("executed (EXPLAIN ANALYZE)")
                                  : PlanReport::tr("not executed (EXPLAIN without ANALYZE)"))});
    facts.append({PlanReport::tr("Planning time"),
                  plan.planningTimeMs ? ms(*plan.planningTimeMs) : PlanReport::tr("not shown")});
    facts.append({PlanReport::tr("Execution time"),
                  plan.executionTimeMs ? ms(*plan.executionTimeMs) : PlanReport::tr("not shown")});
    if (summary.jit.present || summary.jitTotalMs > 0) {
        QStringList parts;
        const PlanJit &jit = summary.jit;
        const auto part = [&parts](const QString &name, const std::optional<double> &value) {
            if (value)
                parts << name.arg(QString::number(*value, 'f', 3));
        };
        part(PlanReport::tr("generation %1 ms"), jit.generationMs);
        part(PlanReport::tr("inlining %1 ms"), jit.inliningMs);
        part(PlanReport::tr("optimization %1 ms"), jit.optimizationMs);
        part(PlanReport::tr("emission %1 ms"), jit.emissionMs);
        QString value = PlanReport::tr("%1 total").arg(ms(summary.jitTotalMs));
        if (jit.functions)
            value = PlanReport::tr("%n function(s), ", nullptr, int(*jit.functions)) + value;
        if (!parts.isEmpty())
            value += QLatin1String(" (") + parts.join(QLatin1String(", ")) + QLatin1Char(')');
        facts.append({PlanReport::tr("JIT"), value});
    }
    for (const PlanTrigger &trigger : summary.triggers) {
        QString name = !trigger.name.isEmpty() ? trigger.name
                       : !trigger.constraintName.isEmpty()
                           ? PlanReport::tr("for constraint %1").arg(trigger.constraintName)
                           : PlanReport::tr("(unnamed)");
        if (!trigger.relation.isEmpty())
            name = PlanReport::tr("%1 on %2").arg(name, trigger.relation);
        QStringList numbers;
        if (trigger.timeMs)
            numbers << ms(*trigger.timeMs);
        if (trigger.calls)
            numbers << PlanReport::tr("%n call(s)", nullptr, int(*trigger.calls));
        if (!numbers.isEmpty())
            name += QLatin1String(": ") + numbers.join(QLatin1String(", "));
        facts.append({PlanReport::tr("Trigger"), name});
    }
    if (!summary.settings.isEmpty()) {
        QStringList settings;
        for (const PlanSetting &setting : summary.settings)
            settings << QStringLiteral("%1 = '%2'").arg(setting.name, setting.value);
        facts.append({PlanReport::tr("Settings"), settings.join(QLatin1String(", "))});
    }
    if (summary.totalBuffers.hasBuffers) {
        const PlanBuffers &b = summary.totalBuffers;
        facts.append({PlanReport::tr("Buffers"),
                      PlanReport::tr("shared hit %1, read %2, dirtied %3, written %4; "
                                     "temp read %5, written %6")
                          .arg(b.sharedHit)
                          .arg(b.sharedRead)
                          .arg(b.sharedDirtied)
                          .arg(b.sharedWritten)
                          .arg(b.tempRead)
                          .arg(b.tempWritten)});
    }
    int slowestShown = 0;
    for (const int id : summary.slowestNodes) {
        const NodeMetrics *m = metricsOf(id);
        if (slowestShown >= slowestWanted || !m || !m->hasTime || id >= plan.nodes.size())
            break;
        facts.append({slowestShown == 0 ? PlanReport::tr("Slowest nodes") : QString(),
                      PlanReport::tr("%1: %2 (%3)")
                          .arg(nodeHeading(plan.nodes.at(id)), ms(m->exclusiveMs),
                               percent(m->executionShare))});
        ++slowestShown;
    }
    return facts;
}

// Text for a Markdown table cell or paragraph: characters Markdown would read as markup are
// escaped, line breaks become spaces.
QString markdownText(const QString &text)
{
    QString out;
    out.reserve(text.size() + 8);
    for (const QChar c : text) {
        switch (c.unicode()) {
        case '\\':
        case '|':
        case '*':
        case '_':
        case '`':
        case '[':
        case ']':
        case '#':
            out += QLatin1Char('\\');
            out += c;
            break;
        case '<':
            out += QLatin1String("&lt;");
            break;
        case '>':
            out += QLatin1String("&gt;");
            break;
        case '&':
            out += QLatin1String("&amp;");
            break;
        case '\n':
        case '\r':
            out += QLatin1Char(' ');
            break;
        default:
            out += c;
        }
    }
    return out;
}

} // namespace

QList<PlanFlag> PlanReport::sortedFlags(const PlanAnalysis &analysis)
{
    QList<PlanFlag> flags = analysis.flags;
    const auto exclusive = [&](const PlanFlag &flag) {
        if (flag.nodeId < 0 || flag.nodeId >= analysis.metrics.size())
            return -1.0;
        return analysis.metrics.at(flag.nodeId).exclusiveMs;
    };
    std::stable_sort(flags.begin(), flags.end(), [&](const PlanFlag &a, const PlanFlag &b) {
        if (a.severity != b.severity)
            return a.severity > b.severity;
        const double ta = exclusive(a);
        const double tb = exclusive(b);
        if (ta != tb)
            return ta > tb;
        return a.nodeId < b.nodeId;
    });
    return flags;
}

QByteArray PlanReport::json(const PlanAnalysis &analysis, JsonStyle style,
                            const QList<PlanWarning> &extraWarnings)
{
    const Plan &plan = analysis.plan;
    // About 2 kB per node (more when indented deep), so the buffer seldom has to grow.
    JsonWriter w(style == JsonStyle::Indented, 2048 * (plan.nodes.size() + 1));
    w.beginObject();
    w.member("format", planFormatName(plan.format));
    w.member("nodes", double(plan.nodes.size()));
    w.member("planning_ms", plan.planningTimeMs);
    w.member("execution_ms", plan.executionTimeMs);

    w.key("warnings");
    w.beginArray();
    for (const QList<PlanWarning> *list : {&plan.warnings, &extraWarnings}) {
        for (const PlanWarning &warning : *list) {
            w.beginObject();
            w.member("line", warning.line > 0 ? std::optional<int>(warning.line) : std::nullopt);
            w.key("message");
            w.string(warning.message);
            w.endObject();
        }
    }
    w.endArray();

    const QList<PlanFlag> flags = sortedFlags(analysis);
    QList<QStringList> flagsByNode(plan.nodes.size());
    w.key("flags");
    w.beginArray();
    for (const PlanFlag &flag : flags) {
        const bool onNode = flag.nodeId >= 0 && flag.nodeId < plan.nodes.size();
        w.beginObject();
        w.member("rule", flag.ruleId);
        w.member("severity", planFlagSeverityName(flag.severity));
        w.member("node", onNode ? std::optional<int>(flag.nodeId) : std::nullopt);
        w.member("node_type", onNode ? plan.nodes.at(flag.nodeId).nodeType : QString());
        w.member("relation", onNode ? plan.nodes.at(flag.nodeId).relationName : QString());
        w.member("message", flag.message);
        w.member("why", flag.why);
        w.member("suggestion", flag.suggestion);
        w.endObject();
        if (onNode && !flagsByNode[flag.nodeId].contains(flag.ruleId))
            flagsByNode[flag.nodeId].append(flag.ruleId);
    }
    w.endArray();

    w.key("plan");
    if (plan.nodes.isEmpty()) {
        w.null();
    } else {
        const NodeMetrics none;
        const auto metricsOf = [&](int id) -> const NodeMetrics & {
            return id < analysis.metrics.size() ? analysis.metrics.at(id) : none;
        };
        const auto open = [&](int id) {
            w.beginObject();
            writeNodeFields(w, plan.nodes.at(id), metricsOf(id), flagsByNode.at(id));
            w.key("children");
            w.beginArray();
        };
        // Depth-first over the children lists with an explicit stack: (node, next child).
        // Children always have larger ids than their parent (pre-order), which also keeps a
        // malformed tree from looping.
        QList<std::pair<int, int>> stack;
        open(0);
        stack.append({0, 0});
        while (!stack.isEmpty()) {
            auto &[id, next] = stack.last();
            const QList<int> &children = plan.nodes.at(id).children;
            if (next < children.size()) {
                const int child = children.at(next++);
                if (child > id && child < plan.nodes.size()) {
                    open(child);
                    stack.append({child, 0});
                }
                continue;
            }
            w.endArray();
            w.endObject();
            stack.removeLast();
        }
    }
    w.endObject();
    QByteArray out = w.take();
    out += '\n';
    return out;
}

QString PlanReport::text(const PlanAnalysis &analysis, const TextOptions &options)
{
    const Plan &plan = analysis.plan;
    QString out;
    const auto line = [&out](const QString &text = QString()) {
        out += text;
        out += QLatin1Char('\n');
    };
    const auto metricsOf = [&](int id) -> const NodeMetrics * {
        return id >= 0 && id < analysis.metrics.size() ? &analysis.metrics.at(id) : nullptr;
    };

    // --- Summary: label/value pairs, labels padded to the widest (translated) one.
    const QList<std::pair<QString, QString>> facts =
        summaryFacts(analysis, options.slowestNodes >= 0 ? options.slowestNodes
                                                         : planthresholds::summarySlowestNodes);
    qsizetype labelWidth = 0;
    for (const auto &fact : facts)
        labelWidth = std::max(labelWidth, fact.first.size() + 1);
    for (const auto &fact : facts) {
        const QString label = fact.first.isEmpty() ? QString() : fact.first + QLatin1Char(':');
        line(pad(label, labelWidth, false) + QLatin1String("  ") + fact.second);
    }

    // --- Tree: one row per node, numbers in aligned columns, the label indented by depth.
    QList<QStringList> flagsByNode(plan.nodes.size());
    const QList<PlanFlag> flags = sortedFlags(analysis);
    for (const PlanFlag &flag : flags) {
        if (flag.nodeId >= 0 && flag.nodeId < plan.nodes.size() &&
            !flagsByNode[flag.nodeId].contains(flag.ruleId))
            flagsByNode[flag.nodeId].append(flag.ruleId);
    }
    if (!plan.nodes.isEmpty()) {
        const QStringList headers = {tr("node"),        tr("exclusive"), tr("share"),
                                     tr("actual rows"), tr("estimated"), tr("misestimate"),
                                     tr("loops")};
        QList<QStringList> table;
        table.reserve(plan.nodes.size());
        const QString dash = QStringLiteral("-");
        for (const PlanNode &node : plan.nodes) {
            const NodeMetrics *m = metricsOf(node.id);
            QStringList row;
            row << QStringLiteral("#%1").arg(node.id);
            if (node.neverExecuted) {
                row << tr("never executed") << QString() << QString();
            } else {
                const bool timed = m && m->hasTime;
                row << (timed ? ms(m->exclusiveMs) : dash)
                    << (timed ? percent(m->executionShare) : dash)
                    << (node.actualRows ? rows(*node.actualRows) : dash);
            }
            row << (node.planRows ? rows(*node.planRows) : dash);
            QString misestimate;
            if (m && m->misestimateDirection != MisestimateDirection::None &&
                m->misestimateFactor >= 2) {
                misestimate =
                    m->misestimateDirection == MisestimateDirection::Under
                        ? tr("%1x under").arg(QString::number(m->misestimateFactor, 'f', 1))
                        : tr("%1x over").arg(QString::number(m->misestimateFactor, 'f', 1));
            }
            row << misestimate << (node.actualLoops ? rows(*node.actualLoops) : dash);
            table.append(row);
        }
        QList<qsizetype> widths;
        for (const QString &header : headers)
            widths.append(header.size());
        for (const QStringList &row : table) {
            for (int c = 0; c < row.size(); ++c)
                widths[c] = std::max(widths[c], row.at(c).size());
        }
        const auto columns = [&](const QStringList &cells) {
            QString text;
            for (int c = 0; c < cells.size(); ++c) {
                text += pad(cells.at(c), widths.at(c), c != 0 && c != 5);
                text += QLatin1String("  ");
            }
            return text;
        };

        line();
        line(tr("Plan tree (exclusive time, share of the execution time, rows per loop):"));
        line(columns(headers) + tr("plan"));
        const int rootDepth = plan.nodes.front().depth;
        for (const PlanNode &node : plan.nodes) {
            // Beyond maxIndentLevels the tree would grow with the square of its depth; the
            // depth is printed instead.
            const int level = std::max(0, node.depth - rootDepth);
            QString label(2 * std::min(level, maxIndentLevels), QLatin1Char(' '));
            if (level > maxIndentLevels)
                label += tr("[depth %1] ").arg(level);
            if (node.id != 0)
                label += QLatin1String("-> ");
            if (node.isSubplanRoot())
                label += QLatin1Char('[') + node.subplanName + QLatin1String("] ");
            label += node.label();
            if (!flagsByNode.at(node.id).isEmpty())
                label += QLatin1String("  ! ") + flagsByNode.at(node.id).join(QLatin1String(", "));
            line(columns(table.at(node.id)) + label);
        }
    }

    // --- Flags, most severe and slowest first.
    line();
    if (flags.isEmpty()) {
        line(plan.isAnalyzed() ? tr("No red flags.")
                               : tr("No red flags (without ANALYZE only estimates can be "
                                    "checked)."));
    } else {
        line(tr("Red flags (%n), most severe and slowest first:", nullptr, int(flags.size())));
        for (const PlanFlag &flag : flags) {
            const bool onNode = flag.nodeId >= 0 && flag.nodeId < plan.nodes.size();
            line();
            line(QStringLiteral("  %1  %2  %3")
                     .arg(planFlagSeverityName(flag.severity).toUpper(), flag.ruleId,
                          onNode ? nodeHeading(plan.nodes.at(flag.nodeId)) : tr("whole plan")));
            line(QLatin1String("      ") + flag.message);
            if (!flag.why.isEmpty())
                line(QLatin1String("      ") + tr("Why: %1").arg(flag.why));
            if (!flag.suggestion.isEmpty())
                line(QLatin1String("      ") + tr("Try: %1").arg(flag.suggestion));
        }
    }

    if (options.includeWarnings && !plan.warnings.isEmpty()) {
        line();
        line(tr("Warnings while reading the plan:"));
        for (const PlanWarning &warning : plan.warnings) {
            line(warning.line > 0
                     ? QLatin1String("  ") +
                           tr("line %1: %2").arg(QString::number(warning.line), warning.message)
                     : QLatin1String("  ") + warning.message);
        }
    }
    return out;
}

QString PlanReport::markdown(const PlanAnalysis &analysis, const QList<PlanWarning> &extraWarnings)
{
    const Plan &plan = analysis.plan;
    QString out;
    const auto line = [&out](const QString &text = QString()) {
        out += text;
        out += QLatin1Char('\n');
    };
    const auto metricsOf = [&](int id) -> const NodeMetrics * {
        return id >= 0 && id < analysis.metrics.size() ? &analysis.metrics.at(id) : nullptr;
    };

    line(tr("# Query plan"));
    line();
    line(tr("| | |"));
    line(QStringLiteral("|---|---|"));
    for (const auto &[label, value] : summaryFacts(analysis, planthresholds::summarySlowestNodes)) {
        line(QStringLiteral("| %1 | %2 |")
                 .arg(label.isEmpty() ? QString()
                                      : QStringLiteral("**%1**").arg(markdownText(label)),
                      markdownText(value)));
    }

    const QList<PlanFlag> flags = sortedFlags(analysis);
    QList<QStringList> flagsByNode(plan.nodes.size());
    for (const PlanFlag &flag : flags) {
        if (flag.nodeId >= 0 && flag.nodeId < plan.nodes.size() &&
            !flagsByNode[flag.nodeId].contains(flag.ruleId))
            flagsByNode[flag.nodeId].append(flag.ruleId);
    }

    if (!plan.nodes.isEmpty()) {
        line();
        line(tr("## Plan tree"));
        line();
        line(tr("| # | Exclusive | Share | Inclusive | Rows | Estimated | Misestimate | Loops | "
                "Node | Flags |"));
        line(QStringLiteral("|--:|--:|--:|--:|--:|--:|---|--:|---|---|"));
        const int rootDepth = plan.nodes.front().depth;
        for (const PlanNode &node : plan.nodes) {
            const NodeMetrics *m = metricsOf(node.id);
            const bool timed = m && m->hasTime && !node.neverExecuted;
            QStringList cells;
            cells << QString::number(node.id);
            if (node.neverExecuted) {
                cells << tr("never executed") << QString() << QString();
            } else {
                cells << (timed ? ms(m->exclusiveMs) : QString())
                      << (timed ? percent(m->executionShare) : QString())
                      << (timed ? ms(m->inclusiveMs) : QString());
            }
            cells << (node.actualRows ? rows(*node.actualRows) : QString())
                  << (node.planRows ? rows(*node.planRows) : QString());
            QString misestimate;
            if (m && m->misestimateDirection != MisestimateDirection::None &&
                m->misestimateFactor >= 2) {
                misestimate =
                    m->misestimateDirection == MisestimateDirection::Under
                        ? tr("%1x under").arg(QString::number(m->misestimateFactor, 'f', 1))
                        : tr("%1x over").arg(QString::number(m->misestimateFactor, 'f', 1));
            }
            cells << misestimate << (node.actualLoops ? rows(*node.actualLoops) : QString());
            // Markdown tables drop leading spaces; non-breaking ones keep the indentation.
            const int level = std::max(0, node.depth - rootDepth);
            QString label = QString(std::min(level, maxIndentLevels) * 2, QChar(0x00a0));
            if (level > maxIndentLevels)
                label += tr("[depth %1] ").arg(level);
            if (node.id != 0)
                label += QStringLiteral("→ ");
            if (node.isSubplanRoot())
                label += QStringLiteral("*%1* ").arg(markdownText(node.subplanName));
            label += markdownText(node.label());
            cells << label << markdownText(flagsByNode.at(node.id).join(QLatin1String(", ")));
            line(QStringLiteral("| ") + cells.join(QLatin1String(" | ")) + QStringLiteral(" |"));
        }
    }

    line();
    line(tr("## Red flags"));
    line();
    if (flags.isEmpty()) {
        line(plan.isAnalyzed() ? tr("No red flags.")
                               : tr("No red flags (without ANALYZE only estimates can be "
                                    "checked)."));
    }
    for (const PlanFlag &flag : flags) {
        const bool onNode = flag.nodeId >= 0 && flag.nodeId < plan.nodes.size();
        line(QStringLiteral("### %1 `%2` — %3")
                 .arg(planFlagSeverityName(flag.severity).toUpper(), flag.ruleId,
                      onNode ? markdownText(nodeHeading(plan.nodes.at(flag.nodeId)))
                             : tr("whole plan")));
        line();
        line(markdownText(flag.message));
        line();
        if (!flag.why.isEmpty())
            line(tr("- **Why:** %1").arg(markdownText(flag.why)));
        if (!flag.suggestion.isEmpty())
            line(tr("- **Try:** %1").arg(markdownText(flag.suggestion)));
        if (!flag.why.isEmpty() || !flag.suggestion.isEmpty())
            line();
    }

    if (!plan.warnings.isEmpty() || !extraWarnings.isEmpty()) {
        line();
        line(tr("## Warnings while reading the plan"));
        line();
        for (const QList<PlanWarning> *list : {&plan.warnings, &extraWarnings}) {
            for (const PlanWarning &warning : *list) {
                line(warning.line > 0
                         ? tr("- line %1: %2")
                               .arg(QString::number(warning.line), markdownText(warning.message))
                         : QStringLiteral("- ") + markdownText(warning.message));
            }
        }
    }
    return out;
}

} // namespace sightline
