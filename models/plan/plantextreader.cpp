#include "plantextreader.h"

#include "planfields.h"

#include <QCoreApplication>

#include <deque>
#include <unordered_map>
#include <vector>

namespace sightline {

namespace {

using planfields::FieldValue;
using planfields::NodeField;

struct Line
{
    QStringView text;
    int number = 0;         // 1-based line in the input
    bool separator = false; // a header rule such as "-----" or "═════"
    bool consumed = false;  // joined into the line before (hard wrap)
};

QStringView trimmed(QStringView v)
{
    return v.trimmed();
}

int indentOf(QStringView v)
{
    int column = 0;
    for (const QChar c : v) {
        if (c == u' ')
            ++column;
        else if (c == u'\t')
            column += 4; // what people see in most editors that mixed them
        else
            break;
    }
    return column;
}

bool isFrameChar(QChar c)
{
    return c == u'|' || c == u'\u2502' || c == u'\u2551' || c == u'\u2503';
}

bool isRuleChar(QChar c)
{
    const char16_t u = c.unicode();
    return u == u'-' || u == u'=' || u == u'+' || u == u' ' || isFrameChar(c) ||
           (u >= 0x2500 && u <= 0x257f); // box drawing
}

bool isSeparator(QStringView v)
{
    v = trimmed(v);
    if (v.size() < 3)
        return false;
    int dashes = 0;
    for (const QChar c : v) {
        if (!isRuleChar(c))
            return false;
        if (c == u'-' || c == u'=' || c == u'\u2500' || c == u'\u2550' || c == u'\u2501')
            ++dashes;
    }
    return dashes >= 3;
}

// psql's "(12 rows)" in any language: "(23 lignes)", "(1 Zeile)", "(5 строк)".
bool isFooter(QStringView c)
{
    if (c.size() < 4 || c.front() != u'(' || c.back() != u')')
        return false;
    const QStringView inner = c.sliced(1, c.size() - 2);
    qsizetype i = 0;
    while (i < inner.size() && inner[i].isDigit())
        ++i;
    if (i == 0 || i >= inner.size() || inner[i] != u' ')
        return false;
    const QStringView word = inner.mid(i + 1);
    if (word.isEmpty() || word.size() > 20)
        return false;
    for (const QChar ch : word) {
        if (!ch.isLetter() && ch != u' ')
            return false;
    }
    return true;
}

// Parentheses (and quotes) left open: the line was cut. Fed piece by piece, so rejoining many
// pieces stays linear.
struct Balance
{
    int depth = 0;
    QChar quote;

    void feed(QStringView v)
    {
        for (const QChar c : v) {
            if (!quote.isNull()) {
                if (c == quote)
                    quote = QChar();
                continue;
            }
            if (c == u'\'' || c == u'"')
                quote = c;
            else if (c == u'(')
                ++depth;
            else if (c == u')' && depth > 0)
                --depth;
        }
    }
    bool open() const { return depth > 0 || quote == u'\''; }
};

bool isUnbalanced(QStringView v)
{
    Balance balance;
    balance.feed(v);
    return balance.open();
}

// A line is not rejoined from more pieces than this; beyond it the input is not a wrapped plan.
constexpr int maxJoinedPieces = 256;

// Where the "(cost=", "(actual ..." or "(never executed)" groups of a node line start.
qsizetype findGroups(QStringView c)
{
    for (qsizetype i = c.indexOf(u'('); i >= 0; i = c.indexOf(u'(', i + 1)) {
        const QStringView rest = c.mid(i + 1);
        if (rest.startsWith(u"cost=") || rest.startsWith(u"actual ") ||
            rest.startsWith(u"actual)") || rest.startsWith(u"never executed") ||
            rest == u"actual" || rest == u"cost" || rest.startsWith(u"actual time="))
            return i;
    }
    return -1;
}

// "Key: value" with a key PostgreSQL would print: starts upper-case, plain characters.
qsizetype keyLength(QStringView c)
{
    if (c.isEmpty() || !c[0].isUpper())
        return -1;
    const qsizetype limit = std::min<qsizetype>(c.size(), 80);
    for (qsizetype i = 1; i < limit; ++i) {
        const QChar ch = c[i];
        if (ch == u':') {
            if (i + 1 == c.size() || c[i + 1] == u' ' || c[i + 1] == u'\t')
                return i;
            return -1;
        }
        if (!(ch.isLetterOrNumber() || ch == u' ' || ch == u'/' || ch == u'_' || ch == u'-' ||
              ch == u'.' || ch == u'"' || ch == u'$'))
            return -1;
    }
    return -1;
}

bool isSubplanHeader(QStringView c)
{
    auto numbered = [](QStringView rest) {
        // "", " 2", " 2 (returns $1)", " (returns $0)"
        rest = rest.trimmed();
        qsizetype i = 0;
        while (i < rest.size() && rest[i].isDigit())
            ++i;
        rest = rest.mid(i).trimmed();
        return rest.isEmpty() || (rest.startsWith(u"(returns ") && rest.endsWith(u')'));
    };
    if (c.startsWith(u"InitPlan") && (c.size() == 8 || c[8] == u' '))
        return numbered(c.mid(8));
    if (c.startsWith(u"SubPlan") && (c.size() == 7 || c[7] == u' '))
        return numbered(c.mid(7));
    if (c.startsWith(u"CTE ") && c.size() > 4 && keyLength(c) < 0 && findGroups(c) < 0)
        return true;
    return false;
}

bool isPreambleLine(QStringView c)
{
    if (c.startsWith(u'#') || c.startsWith(u"--") || c.startsWith(u'\\') || c.endsWith(u';'))
        return true;
    if (c.contains(u"=#") || c.contains(u"=>"))
        return true;
    static const char16_t *const keywords[] = {u"EXPLAIN ", u"SELECT ",  u"SET ",    u"BEGIN",
                                               u"COMMIT",   u"ROLLBACK", u"CREATE ", u"INSERT ",
                                               u"UPDATE ",  u"DELETE ",  u"WITH ",   u"ANALYZE",
                                               u"DROP ",    u"ALTER ",   u"Time: ",  u"Temps "};
    for (const char16_t *k : keywords) {
        if (c.startsWith(QStringView(k), Qt::CaseInsensitive))
            return true;
    }
    return false;
}

bool startsWithNodeType(QStringView c)
{
    static const char16_t *const prefixes[] = {
        u"Seq Scan",
        u"Index ",
        u"Bitmap ",
        u"Result",
        u"Sort",
        u"Limit",
        u"Aggregate",
        u"HashAggregate",
        u"GroupAggregate",
        u"MixedAggregate",
        u"Hash",
        u"Nested Loop",
        u"Merge ",
        u"Gather",
        u"Append",
        u"Materialize",
        u"Unique",
        u"Insert on ",
        u"Update on ",
        u"Delete on ",
        u"WindowAgg",
        u"Subquery Scan",
        u"CTE Scan",
        u"Function Scan",
        u"Values Scan",
        u"ProjectSet",
        u"LockRows",
        u"SetOp",
        u"HashSetOp",
        u"Incremental Sort",
        u"Memoize",
        u"Group",
        u"Recursive Union",
        u"Parallel ",
        u"Finalize ",
        u"Partial ",
        u"Foreign ",
        u"Custom Scan",
        u"Tid ",
        u"Sample Scan",
        u"Named Tuplestore Scan",
        u"WorkTable Scan",
        u"Table Function Scan",
        u"Async ",
    };
    for (const char16_t *p : prefixes) {
        if (c.startsWith(QStringView(p)))
            return true;
    }
    return false;
}

std::optional<double> numberPrefix(QStringView v)
{
    // "9068kB", "0.948 ms", "4"
    qsizetype i = 0;
    while (i < v.size() && (v[i].isDigit() || v[i] == u'.' || v[i] == u'-' || v[i] == u'+' ||
                            v[i] == u'e' || v[i] == u'E'))
        ++i;
    // "e"/"E" may belong to a unit; back off to a parsable prefix.
    while (i > 0) {
        if (const auto n = planfields::parseNumber(v.first(i)))
            return n;
        --i;
    }
    return std::nullopt;
}

// Splits "Buckets: 1024  Batches: 1  Memory Usage: 9kB" at runs of two or more spaces; a piece
// without a colon ("external merge") belongs to the piece before it.
QList<std::pair<QString, QString>> splitPairs(QStringView c)
{
    QList<QStringView> pieces;
    qsizetype start = 0;
    for (qsizetype i = 0; i + 1 < c.size(); ++i) {
        if (c[i] == u' ' && c[i + 1] == u' ') {
            if (i > start)
                pieces.append(c.sliced(start, i - start));
            while (i < c.size() && c[i] == u' ')
                ++i;
            start = i;
        }
    }
    if (start < c.size())
        pieces.append(c.mid(start));
    QList<std::pair<QString, QString>> pairs;
    for (QStringView piece : pieces) {
        piece = piece.trimmed();
        const qsizetype k = keyLength(piece);
        if (k < 0 && !pairs.isEmpty()) {
            QString &value = pairs.last().second;
            if (!value.isEmpty())
                value += u' ';
            value += piece;
            continue;
        }
        if (k < 0) {
            pairs.append({QString(), piece.toString()});
            continue;
        }
        pairs.append({piece.first(k).toString(), piece.mid(k + 1).trimmed().toString()});
    }
    return pairs;
}

// "a=1 b=2.5 buffers full=3" -> pairs; keys may hold spaces ("buffers full").
QList<std::pair<QStringView, double>> keyNumbers(QStringView v)
{
    QList<std::pair<QStringView, double>> out;
    qsizetype i = 0;
    while (i < v.size()) {
        const qsizetype eq = v.indexOf(u'=', i);
        if (eq < 0)
            break;
        QStringView key = v.sliced(i, eq - i).trimmed();
        // "time=1.2 ms  output=3kB": the unit of the previous value is not part of the key.
        if (const qsizetype gap = key.lastIndexOf(u"  "); gap >= 0)
            key = key.mid(gap + 2).trimmed();
        qsizetype end = eq + 1;
        while (end < v.size() && v[end] != u' ')
            ++end;
        if (const auto n = numberPrefix(v.sliced(eq + 1, end - eq - 1)))
            out.append({key, *n});
        i = end + 1;
    }
    return out;
}

// "shared hit=1 read=2, local written=3, temp read=4 written=5"
void parseBuffers(QStringView v, PlanBuffers &b)
{
    b.hasBuffers = true;
    for (QStringView part : v.split(u',')) {
        part = part.trimmed();
        const qsizetype space = part.indexOf(u' ');
        if (space < 0)
            continue;
        const QStringView scope = part.first(space);
        for (const auto &[key, value] : keyNumbers(part.mid(space + 1))) {
            const qint64 n = planfields::toInt64(value);
            if (scope == u"shared") {
                if (key == u"hit")
                    b.sharedHit = n;
                else if (key == u"read")
                    b.sharedRead = n;
                else if (key == u"dirtied")
                    b.sharedDirtied = n;
                else if (key == u"written")
                    b.sharedWritten = n;
            } else if (scope == u"local") {
                if (key == u"hit")
                    b.localHit = n;
                else if (key == u"read")
                    b.localRead = n;
                else if (key == u"dirtied")
                    b.localDirtied = n;
                else if (key == u"written")
                    b.localWritten = n;
            } else if (scope == u"temp") {
                if (key == u"read")
                    b.tempRead = n;
                else if (key == u"written")
                    b.tempWritten = n;
            }
        }
    }
}

// "read=1.2 write=3.4" (before 16: shared and local), "shared read=1 write=2, temp read=3",
// "shared/local read=1" (15).
void parseIoTimings(QStringView v, PlanBuffers &b)
{
    b.hasIoTiming = true;
    for (QStringView part : v.split(u',')) {
        part = part.trimmed();
        QStringView scope = u"shared";
        if (!part.startsWith(u"read=") && !part.startsWith(u"write=")) {
            const qsizetype space = part.indexOf(u' ');
            if (space < 0)
                continue;
            scope = part.first(space);
            part = part.mid(space + 1);
        }
        for (const auto &[key, value] : keyNumbers(part)) {
            const bool read = key == u"read";
            if (!read && key != u"write")
                continue;
            if (scope == u"local")
                (read ? b.localIoReadMs : b.localIoWriteMs) = value;
            else if (scope == u"temp")
                (read ? b.tempIoReadMs : b.tempIoWriteMs) = value;
            else
                (read ? b.sharedIoReadMs : b.sharedIoWriteMs) = value;
        }
    }
}

void parseWal(QStringView v, PlanWal &wal)
{
    wal.present = true;
    for (const auto &[key, value] : keyNumbers(v)) {
        const qint64 n = planfields::toInt64(value);
        if (key == u"records")
            wal.records = n;
        else if (key == u"fpi")
            wal.fullPageImages = n;
        else if (key == u"bytes")
            wal.bytes = n;
        else if (key == u"buffers full")
            wal.buffersFull = n;
    }
}

// "quicksort  Memory: 25kB" or the pieces already split by splitPairs.
void applySortPair(PlanSortInfo &sort, const QString &key, const QString &value)
{
    if (key == QLatin1String("Sort Method")) {
        QStringView method = value;
        for (QStringView type : {QStringView(u"Memory:"), QStringView(u"Disk:")}) {
            const qsizetype at = method.lastIndexOf(type);
            if (at > 0) {
                sort.spaceType = type.chopped(1).toString();
                if (const auto n = numberPrefix(method.mid(at + type.size()).trimmed()))
                    sort.spaceUsedKb = planfields::toInt64(*n);
                method = method.first(at);
            }
        }
        sort.method = method.trimmed().toString();
    } else if (key == QLatin1String("Memory") || key == QLatin1String("Disk")) {
        sort.spaceType = key;
        if (const auto n = numberPrefix(value))
            sort.spaceUsedKb = planfields::toInt64(*n);
    }
}

bool isSortPair(const QString &key)
{
    return key == QLatin1String("Sort Method") || key == QLatin1String("Memory") ||
           key == QLatin1String("Disk");
}

// "time=1.2..3.4 rows=5 loops=6" (after "actual") into the four numbers.
struct Actuals
{
    std::optional<double> startup;
    std::optional<double> total;
    std::optional<double> rows;
    std::optional<double> loops;
};

Actuals parseActuals(QStringView v)
{
    Actuals a;
    for (QStringView token : v.split(u' ', Qt::SkipEmptyParts)) {
        if (token.startsWith(u"time=")) {
            const QStringView range = token.mid(5);
            const qsizetype dots = range.indexOf(u"..");
            if (dots >= 0) {
                a.startup = planfields::parseNumber(range.first(dots));
                a.total = planfields::parseNumber(range.mid(dots + 2));
            }
        } else if (token.startsWith(u"rows=")) {
            a.rows = planfields::parseNumber(token.mid(5));
        } else if (token.startsWith(u"loops=")) {
            a.loops = planfields::parseNumber(token.mid(6));
        }
    }
    return a;
}

// A node line split into its label and its parenthesised numbers.
struct NodeLine
{
    QStringView label;
    std::optional<double> startupCost;
    std::optional<double> totalCost;
    std::optional<double> planRows;
    std::optional<double> planWidth;
    Actuals actual;
    bool neverExecuted = false;
    bool cut = false; // a group was left open: the line is incomplete
};

NodeLine parseNodeLine(QStringView c)
{
    NodeLine line;
    const qsizetype groups = findGroups(c);
    if (groups < 0) {
        line.label = c.trimmed();
        return line;
    }
    line.label = c.first(groups).trimmed();
    QStringView rest = c.mid(groups);
    while (!rest.isEmpty()) {
        rest = rest.trimmed();
        if (!rest.startsWith(u'('))
            break;
        const qsizetype close = rest.indexOf(u')');
        if (close < 0) {
            line.cut = true;
            break;
        }
        const QStringView group = rest.sliced(1, close - 1);
        rest = rest.mid(close + 1);
        if (group.startsWith(u"cost=")) {
            for (QStringView token : group.split(u' ', Qt::SkipEmptyParts)) {
                if (token.startsWith(u"cost=")) {
                    const QStringView range = token.mid(5);
                    const qsizetype dots = range.indexOf(u"..");
                    if (dots >= 0) {
                        line.startupCost = planfields::parseNumber(range.first(dots));
                        line.totalCost = planfields::parseNumber(range.mid(dots + 2));
                    }
                } else if (token.startsWith(u"rows=")) {
                    line.planRows = planfields::parseNumber(token.mid(5));
                } else if (token.startsWith(u"width=")) {
                    line.planWidth = planfields::parseNumber(token.mid(6));
                }
            }
        } else if (group.startsWith(u"actual")) {
            line.actual = parseActuals(group.mid(6));
            if (!line.actual.loops)
                line.cut = true; // "(actual time=1..2 rows=3" is handled above; this is "(actual)"
        } else if (group.startsWith(u"never executed")) {
            line.neverExecuted = true;
        }
    }
    return line;
}

// One identifier as EXPLAIN prints it (quote_identifier), possibly schema-qualified.
struct QualifiedName
{
    QString schema;
    QString name;
};

QString readIdentifier(QStringView s, qsizetype &pos)
{
    QString out;
    if (pos < s.size() && s[pos] == u'"') {
        ++pos;
        while (pos < s.size()) {
            if (s[pos] == u'"') {
                if (pos + 1 < s.size() && s[pos + 1] == u'"') {
                    out += u'"';
                    pos += 2;
                    continue;
                }
                ++pos;
                break;
            }
            out += s[pos++];
        }
        return out;
    }
    const qsizetype start = pos;
    while (pos < s.size() && s[pos] != u' ' && s[pos] != u'.')
        ++pos;
    return s.sliced(start, pos - start).toString();
}

QualifiedName readQualified(QStringView s, qsizetype &pos)
{
    QualifiedName q;
    q.name = readIdentifier(s, pos);
    while (pos < s.size() && s[pos] == u'.') {
        ++pos;
        q.schema = q.schema.isEmpty() ? q.name : q.schema + u'.' + q.name;
        q.name = readIdentifier(s, pos);
    }
    return q;
}

enum class Target
{
    Relation,
    Function,
    Cte,
    Tuplestore,
    TableFunction,
    AliasOnly,
    Index,
};

// "public.orders o" -> schema, name, alias, as the JSON keys would hold them.
void applyTarget(PlanNode &node, QStringView s, Target kind)
{
    qsizetype pos = 0;
    const QualifiedName q = readQualified(s, pos);
    while (pos < s.size() && s[pos] == u' ')
        ++pos;
    QString alias;
    if (pos < s.size())
        alias = readIdentifier(s, pos);
    switch (kind) {
    case Target::Relation:
        node.relationName = q.name;
        break;
    case Target::Function:
        node.functionName = q.name;
        break;
    case Target::Cte:
        node.cteName = q.name;
        break;
    case Target::Tuplestore:
        node.tuplestoreName = q.name;
        break;
    case Target::TableFunction:
        node.tableFunction = q.name;
        break;
    case Target::Index:
        node.indexName = q.name;
        return;
    case Target::AliasOnly:
        node.alias = q.name;
        return;
    }
    node.schema = q.schema;
    // Text prints the alias only when it differs; JSON always has it.
    node.alias = alias.isEmpty() ? q.name : alias;
}

bool parseScan(QStringView s, PlanNode &node)
{
    struct Scan
    {
        QStringView prefix;
        Target target;
        bool index;
    };
    static const Scan scans[] = {
        {u"Index Only Scan", Target::Relation, true},
        {u"Index Scan", Target::Relation, true},
        {u"Bitmap Heap Scan", Target::Relation, false},
        {u"Bitmap Index Scan", Target::Index, false},
        {u"Seq Scan", Target::Relation, false},
        {u"Sample Scan", Target::Relation, false},
        {u"Tid Range Scan", Target::Relation, false},
        {u"Tid Scan", Target::Relation, false},
        {u"Foreign Scan", Target::Relation, false},
        {u"Custom Scan", Target::Relation, false},
        {u"Subquery Scan", Target::AliasOnly, false},
        {u"Function Scan", Target::Function, false},
        {u"Table Function Scan", Target::TableFunction, false},
        {u"Values Scan", Target::AliasOnly, false},
        {u"CTE Scan", Target::Cte, false},
        {u"WorkTable Scan", Target::Cte, false},
        {u"Named Tuplestore Scan", Target::Tuplestore, false},
    };
    for (const Scan &scan : scans) {
        if (!s.startsWith(scan.prefix))
            continue;
        QStringView rest = s.mid(scan.prefix.size());
        if (!rest.isEmpty() && rest[0] != u' ')
            continue;
        node.nodeType = scan.prefix.toString();
        if (scan.index) {
            node.scanDirection = QStringLiteral("Forward");
            if (rest.startsWith(u" Backward")) {
                node.scanDirection = QStringLiteral("Backward");
                rest = rest.mid(9);
            }
            if (rest.startsWith(u" using ")) {
                rest = rest.mid(7);
                qsizetype pos = 0;
                node.indexName = readQualified(rest, pos).name;
                rest = rest.mid(pos);
            }
        }
        if (scan.prefix == u"Custom Scan" && rest.startsWith(u" (")) {
            const qsizetype close = rest.indexOf(u')');
            if (close > 0) {
                node.customPlanProvider = rest.sliced(2, close - 2).toString();
                rest = rest.mid(close + 1);
            }
        }
        if (rest.startsWith(u" on "))
            applyTarget(node, rest.mid(4), scan.target);
        else if (scan.target == Target::AliasOnly && rest.size() > 1)
            applyTarget(node, rest.mid(1), scan.target); // "Subquery Scan alias" (old)
        return true;
    }
    return false;
}

bool parseJoin(QStringView s, PlanNode &node)
{
    QStringView base;
    QStringView rest;
    if (s.startsWith(u"Nested Loop")) {
        base = u"Nested Loop";
        rest = s.mid(11);
    } else if (s.startsWith(u"Hash ")) {
        base = u"Hash Join";
        rest = s.mid(4);
    } else if (s.startsWith(u"Merge ")) {
        base = u"Merge Join";
        rest = s.mid(5);
    } else {
        return false;
    }
    rest = rest.trimmed();
    if (base == u"Nested Loop" && rest.isEmpty()) {
        node.nodeType = base.toString();
        node.joinType = QStringLiteral("Inner");
        return true;
    }
    if (!rest.endsWith(u"Join"))
        return false;
    QStringView type = rest.chopped(4).trimmed();
    static const QStringView types[] = {u"Left", u"Right",      u"Full",      u"Semi",
                                        u"Anti", u"Right Semi", u"Right Anti"};
    if (type.isEmpty()) {
        node.nodeType = base.toString();
        node.joinType = QStringLiteral("Inner");
        return true;
    }
    for (QStringView t : types) {
        if (type == t) {
            node.nodeType = base.toString();
            node.joinType = t.toString();
            return true;
        }
    }
    return false;
}

// The text label of a node into the JSON-shaped fields.
void parseLabel(QStringView s, PlanNode &node)
{
    if (s.startsWith(u"Parallel ")) {
        node.parallelAware = true;
        s = s.mid(9);
    }
    if (s.startsWith(u"Async ")) {
        node.asyncCapable = true;
        s = s.mid(6);
    }
    static const QStringView operations[] = {u"Insert", u"Update", u"Delete", u"Merge"};
    for (QStringView op : operations) {
        if (s.startsWith(op) && s.mid(op.size()).startsWith(u" on ")) {
            node.nodeType = QStringLiteral("ModifyTable");
            node.operation = op.toString();
            applyTarget(node, s.mid(op.size() + 4), Target::Relation);
            return;
        }
        if (s.startsWith(u"Foreign ") && s.mid(8).startsWith(op) &&
            s.mid(8 + op.size()).startsWith(u" on ")) {
            node.nodeType = QStringLiteral("Foreign Scan");
            node.operation = op.toString();
            applyTarget(node, s.mid(8 + op.size() + 4), Target::Relation);
            return;
        }
    }
    QString partial;
    QStringView agg = s;
    if (agg.startsWith(u"Partial ")) {
        partial = QStringLiteral("Partial");
        agg = agg.mid(8);
    } else if (agg.startsWith(u"Finalize ")) {
        partial = QStringLiteral("Finalize");
        agg = agg.mid(9);
    }
    static const struct
    {
        QStringView label;
        QStringView strategy;
    } aggregates[] = {{u"HashAggregate", u"Hashed"},
                      {u"GroupAggregate", u"Sorted"},
                      {u"MixedAggregate", u"Mixed"},
                      {u"Aggregate", u"Plain"}};
    for (const auto &a : aggregates) {
        if (agg == a.label) {
            node.nodeType = QStringLiteral("Aggregate");
            node.strategy = a.strategy.toString();
            node.partialMode = partial.isEmpty() ? QStringLiteral("Simple") : partial;
            return;
        }
    }
    if (s.startsWith(u"HashSetOp") || s.startsWith(u"SetOp")) {
        const bool hashed = s.startsWith(u"HashSetOp");
        node.nodeType = QStringLiteral("SetOp");
        node.strategy = hashed ? QStringLiteral("Hashed") : QStringLiteral("Sorted");
        node.setOpCommand = s.mid(hashed ? 9 : 5).trimmed().toString();
        return;
    }
    if (parseJoin(s, node) || parseScan(s, node))
        return;
    node.nodeType = s.toString();
}

QString unquoteSetting(QStringView v)
{
    v = v.trimmed();
    if (v.size() >= 2 && v.front() == u'\'' && v.back() == u'\'')
        v = v.sliced(1, v.size() - 2);
    return v.toString().replace(QLatin1String("''"), QLatin1String("'"));
}

// "Timing: Generation 1.3 ms (Deform 0.3 ms), Inlining 9.1 ms, ..., Total 149.5 ms"
void parseJitLine(const QString &key, QStringView value, PlanJit &jit)
{
    jit.present = true;
    if (key == QLatin1String("Functions")) {
        if (const auto n = numberPrefix(value))
            jit.functions = planfields::toInt64(*n);
    } else if (key == QLatin1String("Options")) {
        for (QStringView option : value.split(u',')) {
            option = option.trimmed();
            const qsizetype space = option.lastIndexOf(u' ');
            if (space > 0)
                jit.options.append(
                    {option.first(space).toString(), option.mid(space + 1).toString()});
        }
    } else if (key == QLatin1String("Timing")) {
        for (QStringView phase : planfields::splitTopLevel(value)) {
            phase = phase.trimmed();
            const qsizetype space = phase.indexOf(u' ');
            if (space < 0)
                continue;
            const QStringView name = phase.first(space);
            QStringView amount = phase.mid(space + 1);
            const qsizetype deform = amount.indexOf(u"(Deform ");
            if (deform >= 0) {
                jit.deformMs = numberPrefix(amount.mid(deform + 8));
                amount = amount.first(deform);
            }
            const auto ms = numberPrefix(amount.trimmed());
            if (name == u"Generation")
                jit.generationMs = ms;
            else if (name == u"Inlining")
                jit.inliningMs = ms;
            else if (name == u"Optimization")
                jit.optimizationMs = ms;
            else if (name == u"Emission")
                jit.emissionMs = ms;
            else if (name == u"Total")
                jit.totalMs = ms;
        }
    }
}

// "Trigger name for constraint fk on rel: time=1.2 calls=3" and the shorter forms.
bool parseTrigger(QStringView c, PlanTrigger &trigger)
{
    qsizetype colon = c.lastIndexOf(u": time=");
    if (colon < 0)
        colon = c.lastIndexOf(u": calls=");
    if (colon < 0 || !c.startsWith(u"Trigger"))
        return false;
    for (const auto &[key, value] : keyNumbers(c.mid(colon + 2))) {
        if (key == u"time")
            trigger.timeMs = value;
        else if (key == u"calls")
            trigger.calls = planfields::toInt64(value);
    }
    QStringView head = c.sliced(7, colon - 7).trimmed();
    qsizetype pos = 0;
    if (!head.startsWith(u"for constraint ") && !head.startsWith(u"on ")) {
        trigger.name = readIdentifier(head, pos);
        head = head.mid(pos).trimmed();
    }
    if (head.startsWith(u"for constraint ")) {
        head = head.mid(15);
        pos = 0;
        trigger.constraintName = readIdentifier(head, pos);
        head = head.mid(pos).trimmed();
    }
    if (head.startsWith(u"on ")) {
        head = head.mid(3);
        pos = 0;
        trigger.relation = readQualified(head, pos).name;
    }
    return true;
}

class TextParser final
{
    Q_DECLARE_TR_FUNCTIONS(PlanParser)

public:
    explicit TextParser(const QString &input)
    {
        const QList<QStringView> lines = planfields::splitLines(input);
        m_lines.reserve(size_t(lines.size()));
        int number = 0;
        for (QStringView line : lines)
            m_lines.push_back({line, ++number});
    }

    PlanParseResult run()
    {
        PlanParseResult result;
        result.format = PlanFormat::Text;
        unquote();
        unframe();
        // Each psql result ends with its "(N rows)" footer; a pasted session may hold several.
        size_t begin = 0;
        for (size_t i = 0; i <= m_lines.size(); ++i) {
            const bool end = i == m_lines.size();
            if (!end && !isFooter(trimmed(m_lines[i].text)))
                continue;
            if (i > begin)
                parseSegment(begin, i, result);
            begin = i + 1;
        }
        if (result.plans.isEmpty() && result.error.isEmpty()) {
            result.error = tr("The input is empty.");
            result.errorLine = 0;
        }
        if (!result.plans.isEmpty()) {
            result.error.clear();
            result.errorLine = 0;
        }
        return result;
    }

private:
    QStringView own(QString text)
    {
        m_storage.push_back(std::move(text));
        return m_storage.back();
    }

    // pgAdmin and CSV exports wrap every line in quotes ("..." with "" inside, or '...');
    // some copies only carry a stray closing quote.
    void unquote()
    {
        qsizetype nonEmpty = 0, doubleBoth = 0, singleBoth = 0, doubleEnd = 0;
        for (const Line &line : m_lines) {
            const QStringView t = trimmed(line.text);
            if (t.isEmpty())
                continue;
            ++nonEmpty;
            if (t.size() >= 2 && t.front() == u'"' && t.back() == u'"')
                ++doubleBoth;
            else if (t.size() >= 2 && t.front() == u'\'' && t.back() == u'\'')
                ++singleBoth;
            else if (t.back() == u'"' && t.front() != u'"')
                ++doubleEnd;
        }
        if (nonEmpty == 0)
            return;
        for (Line &line : m_lines) {
            const QStringView t = trimmed(line.text);
            if (t.size() < 2)
                continue;
            if (doubleBoth * 2 > nonEmpty && t.front() == u'"' && t.back() == u'"') {
                QString s = t.sliced(1, t.size() - 2).toString();
                s.replace(QLatin1String("\"\""), QLatin1String("\""));
                line.text = own(std::move(s));
            } else if (singleBoth * 2 > nonEmpty && t.front() == u'\'' && t.back() == u'\'') {
                line.text = t.sliced(1, t.size() - 2);
            } else if (doubleEnd * 2 > nonEmpty && t.back() == u'"') {
                line.text = QStringView(line.text).first(line.text.lastIndexOf(u'"'));
            }
        }
    }

    // psql borders ("| ... |", "│ ... │"), DBeaver's trailing "|", "+"/"↵" continuation marks.
    void unframe()
    {
        qsizetype nonEmpty = 0, leading = 0, trailing = 0, marks = 0;
        for (Line &line : m_lines) {
            line.separator = isSeparator(line.text);
            const QStringView t = trimmed(line.text);
            if (t.isEmpty() || line.separator)
                continue;
            ++nonEmpty;
            if (isFrameChar(t.front()))
                ++leading;
            QStringView r = t;
            if (isFrameChar(r.back())) {
                ++trailing;
                r = r.chopped(1).trimmed();
            }
            if (r.endsWith(u" +") || r.endsWith(u'\u21b5'))
                ++marks;
        }
        const bool stripLeading = leading * 2 > nonEmpty;
        const bool stripTrailing = trailing * 2 > nonEmpty;
        const bool stripMarks = marks * 2 > nonEmpty;
        if (!stripLeading && !stripTrailing && !stripMarks)
            return;
        for (Line &line : m_lines) {
            if (line.separator)
                continue;
            QStringView v = line.text;
            if (stripLeading) {
                qsizetype i = 0;
                while (i < v.size() && v[i].isSpace())
                    ++i;
                if (i < v.size() && isFrameChar(v[i])) {
                    v = v.mid(i + 1);
                    if (v.startsWith(u' '))
                        v = v.mid(1); // the padding psql puts after the border
                }
            }
            while (!v.isEmpty() && v.back().isSpace())
                v.chop(1);
            if (stripTrailing && !v.isEmpty() && isFrameChar(v.back())) {
                v.chop(1);
            }
            if (stripMarks) {
                QStringView r = v;
                while (!r.isEmpty() && r.back().isSpace())
                    r.chop(1);
                if (r.endsWith(u" +") || r.endsWith(u'\u21b5'))
                    v = r.chopped(1);
            }
            line.text = v;
        }
    }

    bool isNodeLike(QStringView c) const { return c.startsWith(u"->") || findGroups(c) >= 0; }

    void parseSegment(size_t begin, size_t end, PlanParseResult &result)
    {
        // The first line that is certainly a node.
        size_t firstNode = end;
        for (size_t i = begin; i < end; ++i) {
            if (!m_lines[i].separator && isNodeLike(trimmed(m_lines[i].text))) {
                firstNode = i;
                break;
            }
        }
        // psql's header: everything up to the rule above the plan is the echoed session.
        size_t dataStart = begin;
        for (size_t i = begin; i < firstNode; ++i) {
            if (m_lines[i].separator)
                dataStart = i + 1;
        }
        const bool hasHeader = dataStart > begin;
        size_t root = end;
        if (firstNode < end && !trimmed(m_lines[firstNode].text).startsWith(u"->")) {
            root = firstNode;
        } else if (firstNode < end) {
            // COSTS OFF without ANALYZE: the root is the label line above the first arrow.
            const int arrowIndent = indentOf(m_lines[firstNode].text);
            for (size_t i = firstNode; i-- > dataStart;) {
                const Line &line = m_lines[i];
                const QStringView c = trimmed(line.text);
                if (line.separator)
                    break;
                if (c.isEmpty() || keyLength(c) >= 0 || isSubplanHeader(c))
                    continue;
                if (indentOf(line.text) < arrowIndent && !isPreambleLine(c))
                    root = i;
                break;
            }
            if (root == end)
                root = firstNode; // a partial paste that starts at "->"
        } else {
            for (size_t i = dataStart; i < end; ++i) {
                const QStringView c = trimmed(m_lines[i].text);
                if (c.isEmpty() || m_lines[i].separator)
                    continue;
                if (hasHeader || startsWithNodeType(c))
                    root = i;
                break;
            }
        }
        if (root == end) {
            if (result.plans.isEmpty() && result.error.isEmpty()) {
                int line = 0;
                for (size_t i = begin; i < end && line == 0; ++i) {
                    if (!trimmed(m_lines[i].text).isEmpty())
                        line = m_lines[i].number;
                }
                if (line > 0) {
                    result.errorLine = line;
                    result.error =
                        tr("Line %1: this does not look like an EXPLAIN plan: no node line "
                           "(one with \"(cost=\" or \"(actual\", or starting with \"->\") was "
                           "found.")
                            .arg(line);
                }
            }
            return;
        }

        Plan plan;
        plan.format = PlanFormat::Text;
        readPreamble(begin, root, plan);
        unwrap(dataStart, root, end);
        parseBody(root, end, plan, result);
        if (plan.nodes.isEmpty())
            return;
        planfields::finalizeTree(plan);
        result.plans.append(std::move(plan));
    }

    // auto_explain: "Query Text: ..." (possibly over several lines) and "duration: 1.2 ms".
    void readPreamble(size_t begin, size_t root, Plan &plan)
    {
        bool inQuery = false;
        for (size_t i = begin; i < root; ++i) {
            const QStringView t = trimmed(m_lines[i].text);
            const qsizetype duration = t.indexOf(u"duration: ");
            if (duration >= 0 && !plan.executionTimeMs) {
                plan.executionTimeMs = numberPrefix(t.mid(duration + 10));
                if (plan.executionTimeMs)
                    plan.properties.append(
                        {QStringLiteral("duration"), t.mid(duration + 10).toString()});
            }
            const qsizetype query = t.indexOf(u"Query Text:");
            if (query >= 0) {
                plan.queryText = t.mid(query + 11).trimmed().toString();
                inQuery = true;
                continue;
            }
            if (inQuery && !t.isEmpty() && !m_lines[i].separator)
                plan.queryText += u'\n' + t.toString();
        }
    }

    // Rejoins lines a terminal or a mail client broke: a node or detail line whose
    // parentheses are still open, or a line exactly as wide as the wrap width, continues on
    // the next line unless that line is a plan line of its own.
    void unwrap(size_t dataStart, size_t root, size_t end)
    {
        qsizetype width = 0;
        qsizetype atWidth = 0;
        for (size_t i = dataStart; i < end; ++i) {
            if (m_lines[i].separator)
                continue;
            const qsizetype size = m_lines[i].text.size();
            if (size > width) {
                width = size;
                atWidth = 1;
            } else if (size == width) {
                ++atWidth;
            }
        }
        const bool wrapped = atWidth >= 2 && width >= 60;
        for (size_t i = root; i < end; ++i) {
            Line &line = m_lines[i];
            if (line.consumed || line.separator)
                continue;
            QString joined;
            qsizetype lastSize = line.text.size();
            Balance balance;
            balance.feed(line.text);
            size_t j = i + 1;
            while (j < end && j - i < maxJoinedPieces) {
                const Line &next = m_lines[j];
                const QStringView nc = trimmed(next.text);
                if (next.separator || nc.isEmpty() || isStructured(nc))
                    break;
                if (!balance.open() && !(wrapped && lastSize == width))
                    break;
                if (joined.isNull())
                    joined = line.text.toString();
                joined += next.text;
                balance.feed(next.text);
                lastSize = next.text.size();
                m_lines[j].consumed = true;
                ++j;
            }
            if (!joined.isNull())
                line.text = own(std::move(joined));
        }
    }

    static bool isStructured(QStringView c)
    {
        return c.startsWith(u"->") || isFooter(c) || keyLength(c) >= 0 || isSubplanHeader(c);
    }

    enum class PlanLine
    {
        None,
        PlanningTime,
        ExecutionTime,
        Planning,
        Jit,
        Settings,
        Trigger,
        Serialization,
        QueryIdentifier,
        QueryText,
    };

    static PlanLine planLineKind(QStringView c, qsizetype key)
    {
        if (key < 0)
            return PlanLine::None;
        const QStringView k = c.first(key);
        if (k.compare(u"Planning Time", Qt::CaseInsensitive) == 0)
            return PlanLine::PlanningTime;
        if (k.compare(u"Execution Time", Qt::CaseInsensitive) == 0 ||
            k.compare(u"Total runtime", Qt::CaseInsensitive) == 0)
            return PlanLine::ExecutionTime;
        if (k == u"Planning")
            return PlanLine::Planning;
        if (k == u"JIT")
            return PlanLine::Jit;
        if (k == u"Settings")
            return PlanLine::Settings;
        if (k == u"Serialization")
            return PlanLine::Serialization;
        if (k == u"Query Identifier")
            return PlanLine::QueryIdentifier;
        if (k == u"Query Text")
            return PlanLine::QueryText;
        if (k.startsWith(u"Trigger"))
            return PlanLine::Trigger;
        return PlanLine::None;
    }

    enum class BlockKind
    {
        Worker,
        Jit,
        Planning,
        Serialization,
    };

    struct Block
    {
        BlockKind kind;
        int indent;
        int worker = -1; // index into the current node's workers
        PlanJit *jit = nullptr;
    };

    struct Entry
    {
        int column;
        int node; // -1 for a subplan header
        QString header;
        QString relationship;
        int owner = -1;
    };

    struct LastDetail
    {
        int node = -1;
        qsizetype property = -1;
        NodeField field = NodeField::Unknown;
        qsizetype listSize = 0;
        int indent = 0;
        int continuations = 0;
    };

    // A detail is not continued over more lines than this (each continuation re-reads it).
    static constexpr int maxContinuations = 64;

    void parseBody(size_t root, size_t end, Plan &plan, PlanParseResult &result)
    {
        m_workersOf = -1;
        std::vector<Entry> stack;
        std::vector<Block> blocks;
        int current = -1;
        bool skipDetails = false; // after a node line we could not read
        LastDetail last;
        int lastLine = 0;
        QStringView lastText;

        for (size_t i = root; i < end; ++i) {
            const Line &line = m_lines[i];
            if (line.consumed || line.separator)
                continue;
            const QStringView c = trimmed(line.text);
            if (c.isEmpty())
                continue;
            lastLine = line.number;
            lastText = c;
            const int indent = indentOf(line.text);
            while (!blocks.empty() && indent <= blocks.back().indent)
                blocks.pop_back();

            if (i == root || c.startsWith(u"->")) {
                blocks.clear();
                last = {};
                const QStringView label = c.startsWith(u"->") ? c.mid(2).trimmed() : c;
                const NodeLine parsed = parseNodeLine(label);
                if (parsed.cut) {
                    plan.warnings.append(
                        {line.number, tr("Line %1: the node line is cut off; the node was left "
                                         "out. The input looks truncated.")
                                          .arg(line.number)});
                    if (plan.nodes.isEmpty() && result.error.isEmpty() && result.plans.isEmpty()) {
                        result.errorLine = line.number;
                        result.error = tr("Line %1: the only node line is cut off before its "
                                          "numbers end; no plan could be read.")
                                           .arg(line.number);
                    }
                    skipDetails = true;
                    continue;
                }
                skipDetails = false;
                current = addNode(plan, stack, parsed, indent, line.number);
                continue;
            }

            const qsizetype key = keyLength(c);
            if (!blocks.empty()) {
                blockLine(plan, blocks, current, c, key, indent);
                continue;
            }
            const PlanLine kind = planLineKind(c, key);
            if (kind != PlanLine::None) {
                planLine(plan, blocks, kind, c, key, indent);
                last = {};
                continue;
            }
            if (isSubplanHeader(c)) {
                while (stack.size() > 1 && stack.back().column >= indent)
                    stack.pop_back();
                if (stack.empty())
                    continue;
                const Entry &top = stack.back();
                Entry header;
                header.column = indent;
                header.node = -1;
                header.header = c.toString();
                header.relationship = c.startsWith(u"SubPlan") ? QStringLiteral("SubPlan")
                                                               : QStringLiteral("InitPlan");
                header.owner = top.node >= 0 ? top.node : top.owner;
                stack.push_back(header);
                last = {};
                continue;
            }
            if (current < 0 || skipDetails)
                continue;
            PlanNode &node = plan.nodes[current];
            if (c.startsWith(u"Worker ") && key > 7) {
                workerLine(node, blocks, c, key, indent);
                last = {};
                continue;
            }
            detailLine(node, current, c, key, indent, last);
        }

        const bool warned = !plan.warnings.isEmpty() && plan.warnings.last().line == lastLine;
        if (!plan.nodes.isEmpty() && !warned && isUnbalanced(lastText)) {
            plan.warnings.append({lastLine, tr("Line %1: the plan ends in the middle of a line; "
                                               "the input looks truncated.")
                                                .arg(lastLine)});
        }
    }

    int addNode(Plan &plan, std::vector<Entry> &stack, const NodeLine &parsed, int indent,
                int lineNumber)
    {
        PlanNode node;
        parseLabel(parsed.label, node);
        node.sourceLine = lineNumber;
        node.startupCost = parsed.startupCost;
        node.totalCost = parsed.totalCost;
        node.planRows = parsed.planRows;
        if (parsed.planWidth)
            node.planWidth = planfields::toInt64(*parsed.planWidth);
        if (parsed.neverExecuted) {
            // What JSON says for the same node.
            node.neverExecuted = true;
            node.actualStartupMs = 0;
            node.actualTotalMs = 0;
            node.actualLoops = 0;
            node.actualRows = 0;
        } else if (parsed.actual.loops) {
            node.actualStartupMs = parsed.actual.startup;
            node.actualTotalMs = parsed.actual.total;
            node.actualRows = parsed.actual.rows;
            node.actualLoops = parsed.actual.loops;
            node.neverExecuted = *parsed.actual.loops == 0;
        }
        const int id = int(plan.nodes.size());
        node.id = id;
        if (stack.empty()) {
            stack.push_back({indent, id, {}, {}, -1});
            plan.nodes.append(std::move(node));
            m_ordinaryChildren.assign(1, 0);
            return id;
        }
        // The root stays: a child printed left of its parent (odd indentation) is still a child.
        while (stack.size() > 1 && stack.back().column >= indent)
            stack.pop_back();
        const Entry &top = stack.back();
        if (top.node < 0) {
            node.parent = top.owner;
            node.parentRelationship = top.relationship;
            node.subplanName = top.header;
        } else {
            node.parent = top.node;
            node.parentRelationship = relationshipFor(plan, top.node);
            ++m_ordinaryChildren[size_t(top.node)];
        }
        stack.push_back({indent, id, {}, {}, -1});
        plan.nodes.append(std::move(node));
        m_ordinaryChildren.push_back(0);
        plan.nodes[plan.nodes[id].parent].children.append(id);
        return id;
    }

    // What JSON's "Parent Relationship" would say; TEXT only shows it by position.
    QString relationshipFor(const Plan &plan, int parentId) const
    {
        const PlanNode &parent = plan.nodes[parentId];
        const QString &type = parent.nodeType;
        if (type == QLatin1String("Append") || type == QLatin1String("Merge Append") ||
            type == QLatin1String("BitmapAnd") || type == QLatin1String("BitmapOr"))
            return QStringLiteral("Member");
        if (type == QLatin1String("Subquery Scan"))
            return QStringLiteral("Subquery");
        const int ordinary = m_ordinaryChildren[size_t(parentId)];
        if (ordinary == 0)
            return QStringLiteral("Outer");
        if (ordinary == 1)
            return QStringLiteral("Inner");
        return QStringLiteral("Member");
    }

    void planLine(Plan &plan, std::vector<Block> &blocks, PlanLine kind, QStringView c,
                  qsizetype key, int indent)
    {
        const QStringView value = c.mid(key + 1).trimmed();
        plan.properties.append({c.first(key).toString(), value.toString()});
        switch (kind) {
        case PlanLine::None:
            break;
        case PlanLine::PlanningTime:
            plan.planningTimeMs = numberPrefix(value);
            break;
        case PlanLine::ExecutionTime:
            plan.executionTimeMs = numberPrefix(value);
            break;
        case PlanLine::Planning:
            blocks.push_back({BlockKind::Planning, indent});
            break;
        case PlanLine::Jit:
            plan.jit.present = true;
            blocks.push_back({BlockKind::Jit, indent, -1, &plan.jit});
            break;
        case PlanLine::Settings:
            for (const QString &setting : planfields::splitTopLevel(value)) {
                const qsizetype eq = setting.indexOf(u'=');
                if (eq > 0)
                    plan.settings.append({setting.first(eq).trimmed(),
                                          unquoteSetting(QStringView(setting).mid(eq + 1))});
            }
            break;
        case PlanLine::Trigger: {
            PlanTrigger trigger;
            if (parseTrigger(c, trigger))
                plan.triggers.append(trigger);
            break;
        }
        case PlanLine::Serialization:
            plan.serialization.present = true;
            for (const auto &[k, v] : keyNumbers(value)) {
                if (k == u"time")
                    plan.serialization.timeMs = v;
                else if (k == u"output")
                    plan.serialization.outputKb = planfields::toInt64(v);
            }
            if (const qsizetype format = value.indexOf(u"format="); format >= 0)
                plan.serialization.format = value.mid(format + 7).trimmed().toString();
            blocks.push_back({BlockKind::Serialization, indent});
            break;
        case PlanLine::QueryIdentifier:
            break;
        case PlanLine::QueryText:
            plan.queryText = value.toString();
            break;
        }
    }

    void blockLine(Plan &plan, std::vector<Block> &blocks, int current, QStringView c,
                   qsizetype key, int indent)
    {
        const Block block = blocks.back();
        const QString k = key >= 0 ? c.first(key).toString() : QString();
        const QStringView value = key >= 0 ? c.mid(key + 1).trimmed() : c;
        switch (block.kind) {
        case BlockKind::Planning:
            plan.properties.append({QStringLiteral("Planning ") + k, value.toString()});
            if (k == QLatin1String("Buffers")) {
                parseBuffers(value, plan.planningBuffers);
            } else if (k == QLatin1String("I/O Timings")) {
                parseIoTimings(value, plan.planningBuffers);
            } else if (k == QLatin1String("Memory")) {
                for (const auto &[mk, mv] : keyNumbers(value)) {
                    if (mk == u"used")
                        plan.planningMemoryUsedKb = planfields::toInt64(mv);
                    else if (mk == u"allocated")
                        plan.planningMemoryAllocatedKb = planfields::toInt64(mv);
                }
            }
            return;
        case BlockKind::Serialization:
            if (k == QLatin1String("Buffers"))
                parseBuffers(value, plan.serialization.buffers);
            else if (k == QLatin1String("I/O Timings"))
                parseIoTimings(value, plan.serialization.buffers);
            return;
        case BlockKind::Jit:
            if (block.jit)
                parseJitLine(k, value, *block.jit);
            return;
        case BlockKind::Worker:
            break;
        }
        if (current < 0 || block.worker < 0 || block.worker >= plan.nodes[current].workers.size())
            return;
        PlanWorker &worker = plan.nodes[current].workers[block.worker];
        if (k == QLatin1String("JIT")) {
            worker.jit.present = true;
            blocks.push_back({BlockKind::Jit, indent, block.worker, &worker.jit});
            return;
        }
        workerDetail(worker, c);
    }

    static void workerDetail(PlanWorker &worker, QStringView c)
    {
        for (const auto &[k, v] : splitPairs(c)) {
            if (isSortPair(k))
                applySortPair(worker.sort, k, v);
            else if (k == QLatin1String("Buffers"))
                parseBuffers(v, worker.buffers);
            else if (k == QLatin1String("I/O Timings"))
                parseIoTimings(v, worker.buffers);
            else if (k == QLatin1String("WAL"))
                parseWal(v, worker.wal);
            else
                worker.properties.append({k, v});
        }
    }

    void workerLine(PlanNode &node, std::vector<Block> &blocks, QStringView c, qsizetype key,
                    int indent)
    {
        const auto number = planfields::parseNumber(c.sliced(7, key - 7));
        const int n = number ? int(planfields::toInt64(*number)) : -1;
        // "Worker 0:  Sort Method ..." and "Worker 0:  actual time=..." are the same worker.
        if (m_workersOf != node.id) {
            m_workersOf = node.id;
            m_workerIndex.clear();
        }
        const auto [it, added] = m_workerIndex.try_emplace(n, int(node.workers.size()));
        if (added) {
            PlanWorker worker;
            worker.number = n;
            node.workers.append(worker);
        }
        const int index = it->second;
        PlanWorker &worker = node.workers[index];
        const QStringView rest = c.mid(key + 1).trimmed();
        if (rest.startsWith(u"actual")) {
            const Actuals a = parseActuals(rest.mid(6));
            worker.actualStartupMs = a.startup;
            worker.actualTotalMs = a.total;
            worker.actualRows = a.rows;
            worker.actualLoops = a.loops;
        } else if (rest.startsWith(u"never executed")) {
            worker.actualLoops = 0;
        } else if (!rest.isEmpty()) {
            workerDetail(worker, rest);
        }
        blocks.push_back({BlockKind::Worker, indent, index, nullptr});
    }

    void detailLine(PlanNode &node, int nodeId, QStringView c, qsizetype key, int indent,
                    LastDetail &last)
    {
        if (key < 0) {
            if (node.nodeType == QLatin1String("ModifyTable") ||
                node.nodeType == QLatin1String("Foreign Scan")) {
                // "Update on public.ta1 ta_1": one partition or child table being modified.
                node.properties.append({QStringLiteral("Target"), c.toString()});
                last = {};
                return;
            }
            const bool continues =
                last.node == nodeId && last.property >= 0 &&
                last.continuations < maxContinuations &&
                (indent < last.indent || node.properties[last.property].value.endsWith(u',') ||
                 isUnbalanced(node.properties[last.property].value));
            if (continues) {
                // A detail broken over lines by hand: it continues the previous one.
                PlanProperty &property = node.properties[last.property];
                property.value += u' ' + c.toString();
                ++last.continuations;
                reapply(node, last, property.value);
                return;
            }
            node.properties.append({QString(), c.toString()});
            return;
        }
        const QStringView keyView = c.first(key);
        const QStringView value = c.mid(key + 1).trimmed();
        if (keyView == u"Buffers") {
            parseBuffers(value, node.buffers);
        } else if (keyView == u"I/O Timings") {
            parseIoTimings(value, node.buffers);
        } else if (keyView == u"WAL") {
            parseWal(value, node.wal);
        } else if (keyView == u"Heap Blocks") {
            for (const auto &[k, v] : keyNumbers(value)) {
                if (k == u"exact")
                    node.exactHeapBlocks = planfields::toInt64(v);
                else if (k == u"lossy")
                    node.lossyHeapBlocks = planfields::toInt64(v);
            }
        } else {
            const auto pairs = splitPairs(c);
            if (pairs.size() > 1 || keyView == u"Sort Method") {
                pairsLine(node, pairs);
                last = {};
                return;
            }
            const QString k = keyView.toString();
            node.properties.append({k, value.toString()});
            last = {nodeId, node.properties.size() - 1, planfields::nodeFieldForKey(k), 0, indent,
                    0};
            last.listSize = listSize(node, last.field);
            applyText(node, last.field, value.toString());
            return;
        }
        node.properties.append({keyView.toString(), value.toString()});
        last = {};
    }

    static QStringList *listField(PlanNode &node, NodeField field)
    {
        switch (field) {
        case NodeField::SortKey:
            return &node.sortKey;
        case NodeField::PresortedKey:
            return &node.presortedKey;
        case NodeField::GroupKey:
            return &node.groupKey;
        case NodeField::Output:
            return &node.output;
        default:
            return nullptr;
        }
    }

    static qsizetype listSize(PlanNode &node, NodeField field)
    {
        const QStringList *list = listField(node, field);
        return list ? list->size() : 0;
    }

    static void applyText(PlanNode &node, NodeField field, const QString &value)
    {
        if (field == NodeField::Unknown)
            return;
        FieldValue fv;
        fv.text = value;
        fv.number = numberPrefix(value);
        planfields::applyNodeField(node, field, fv);
    }

    static void reapply(PlanNode &node, const LastDetail &last, const QString &value)
    {
        if (QStringList *list = listField(node, last.field))
            list->resize(last.listSize);
        applyText(node, last.field, value);
    }

    static void pairsLine(PlanNode &node, const QList<std::pair<QString, QString>> &pairs)
    {
        bool buckets = false;
        for (const auto &[k, v] : pairs) {
            node.properties.append({k, v});
            const auto n = numberPrefix(v);
            const qsizetype originally = v.indexOf(QLatin1String("(originally "));
            const auto original =
                originally >= 0 ? numberPrefix(QStringView(v).mid(originally + 12)) : n;
            if (isSortPair(k)) {
                applySortPair(node.sort, k, v);
            } else if (k == QLatin1String("Buckets") && n) {
                buckets = true;
                node.hashBuckets = planfields::toInt64(*n);
                if (original)
                    node.originalHashBuckets = planfields::toInt64(*original);
            } else if (k == QLatin1String("Batches") && n) {
                node.hashBatches = planfields::toInt64(*n);
                // Only Hash prints "originally"; HashAggregate's batches have no original.
                if (buckets && original)
                    node.originalHashBatches = planfields::toInt64(*original);
            } else if (k == QLatin1String("Memory Usage") && n) {
                node.peakMemoryKb = planfields::toInt64(*n);
            } else if (k == QLatin1String("Disk Usage") && n) {
                node.diskUsageKb = planfields::toInt64(*n);
            } else if (k == QLatin1String("Planned Partitions") && n) {
                node.plannedPartitions = planfields::toInt64(*n);
            } else {
                applyText(node, planfields::nodeFieldForKey(k), v);
            }
        }
    }

    std::vector<Line> m_lines;
    std::deque<QString> m_storage;
    std::vector<int> m_ordinaryChildren;        // per node of the plan being read
    std::unordered_map<int, int> m_workerIndex; // worker number -> index, for m_workersOf
    int m_workersOf = -1;
};

} // namespace

PlanParseResult PlanTextReader::read(const QString &input)
{
    TextParser parser(input);
    return parser.run();
}

} // namespace sightline
