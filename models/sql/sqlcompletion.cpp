#include "models/sql/sqlcompletion.h"

#include "models/sql/sqllexer.h"

#include <QSet>

#include <algorithm>
#include <vector>

namespace sightline {

namespace {

using NameUse = SqlCompletion::NameUse;

QSet<QString> wordSet(std::initializer_list<const char *> words)
{
    QSet<QString> set;
    for (const char *word : words)
        set.insert(QString::fromLatin1(word));
    return set;
}

// Key words that usually come next, per context.
const QSet<QString> &statementStarters()
{
    static const QSet<QString> words =
        wordSet({"select",    "insert",  "update",     "delete",  "with",     "create",  "alter",
                 "drop",      "explain", "begin",      "commit",  "rollback", "set",     "show",
                 "truncate",  "grant",   "revoke",     "vacuum",  "analyze",  "copy",    "call",
                 "do",        "values",  "table",      "merge",   "comment",  "refresh", "reindex",
                 "cluster",   "lock",    "reset",      "prepare", "execute",  "listen",  "notify",
                 "savepoint", "release", "checkpoint", "discard"});
    return words;
}

const QSet<QString> &afterRelationWords()
{
    static const QSet<QString> words =
        wordSet({"where",     "join",    "left",        "right",   "inner",     "full",
                 "cross",     "natural", "outer",       "on",      "using",     "as",
                 "order",     "group",   "having",      "limit",   "offset",    "union",
                 "intersect", "except",  "set",         "values",  "returning", "window",
                 "for",       "fetch",   "tablesample", "default", "select",    "overriding",
                 "add",       "rename",  "owner",       "alter",   "drop",      "column"});
    return words;
}

const QSet<QString> &afterOperandWords()
{
    static const QSet<QString> words =
        wordSet({"from",      "as",      "and",     "or",     "is",      "in",        "not",
                 "like",      "ilike",   "between", "where",  "order",   "group",     "having",
                 "limit",     "offset",  "asc",     "desc",   "nulls",   "then",      "else",
                 "end",       "when",    "join",    "on",     "union",   "into",      "over",
                 "filter",    "collate", "similar", "isnull", "notnull", "escape",    "within",
                 "returning", "for",     "window",  "fetch",  "except",  "intersect", "at"});
    return words;
}

// A candidate with what ranks it.
struct Scored
{
    CompletionCandidate candidate;
    int group = 0;   // lower first
    int quality = 2; // 0 the whole name typed, 1 prefix in the same case, 2 any case
    int order = 0;   // within a group of equal quality (table order of columns)
    QString key;     // then by name, case-insensitively
};

class Builder
{
public:
    Builder(const CatalogSnapshot &catalog, const CompletionResult &result, QStringView text)
        : m_catalog(catalog)
        , m_prefix(result.prefix)
        , m_nextIsParen(result.end < text.size() && text.at(result.end) == u'(')
    {}

    void add(CompletionCandidate candidate, int group, const QString &matchName, int order = 0)
    {
        Scored s;
        s.group = group;
        s.order = order;
        s.key = matchName.toLower();
        if (!m_prefix.isEmpty()) {
            if (matchName.compare(m_prefix, Qt::CaseInsensitive) == 0)
                s.quality = 0;
            else if (matchName.startsWith(m_prefix))
                s.quality = 1;
        }
        s.candidate = std::move(candidate);
        m_items.push_back(std::move(s));
    }

    // Key words starting with the prefix: the ones `likely` names first (what
    // usually comes at this place), then those of everyday statements, then
    // the rest of the grammar.
    void addKeywords(int group, const QSet<QString> &likely = QSet<QString>())
    {
        // Key words follow the case the user types: upper unless all lower.
        bool lower = !m_prefix.isEmpty();
        for (const QChar c : m_prefix) {
            if (c.isUpper())
                lower = false;
        }
        static const QSet<QString> common = wordSet(
            {"all",       "and",    "as",       "asc",   "between", "by",    "case",   "create",
             "delete",    "desc",   "distinct", "drop",  "else",    "end",   "exists", "from",
             "group",     "having", "in",       "inner", "insert",  "into",  "is",     "join",
             "left",      "like",   "limit",    "not",   "null",    "on",    "or",     "order",
             "returning", "select", "set",      "table", "then",    "union", "update", "values",
             "when",      "where",  "with"});
        for (const QString &keyword : SqlLexer::keywords()) {
            if (!keyword.startsWith(m_prefix, Qt::CaseInsensitive))
                continue;
            const QString text = lower ? keyword : keyword.toUpper();
            const int order = likely.contains(keyword) ? 0 : common.contains(keyword) ? 1 : 2;
            add({text, text, CompletionKind::Keyword, QString(), -1}, group, keyword, order);
        }
    }

    void addSchemas(int userGroup, int systemGroup)
    {
        for (const QString &schema : m_catalog.schemasWithPrefix(m_prefix)) {
            add({SqlCompletion::quoteIdentifier(m_catalog, schema), schema, CompletionKind::Schema,
                 SqlCompletion::tr("schema"), -1},
                CatalogSnapshot::isSystemSchema(schema) ? systemGroup : userGroup, schema);
        }
    }

    // Relations whose names start with the prefix, at `group` when the search
    // path reaches them (written bare), else schema-qualified at `group + 2`;
    // partitions at `group + 3`, the system catalog at `group + 4`. `schema` limits to one schema
    // (after "schema."), and then names are written as after a dot.
    void addRelations(int group, const QString &schema = QString(), bool reachableOnly = false)
    {
        const QList<CatalogRelation> &relations = m_catalog.relations();
        for (const int i : m_catalog.relationsWithPrefix(m_prefix, schema)) {
            const CatalogRelation &relation = relations.at(i);
            CompletionCandidate c;
            c.kind = relation.kind == CatalogRelationKind::View ||
                             relation.kind == CatalogRelationKind::MaterializedView
                         ? CompletionKind::View
                         : CompletionKind::Table;
            c.detail =
                SqlCompletion::tr("%1 in %2").arg(relationKindName(relation), relation.schema);
            int rank = 0;
            if (!schema.isEmpty()) {
                c.text =
                    SqlCompletion::quoteIdentifier(m_catalog, relation.name, NameUse::AfterDot);
                c.label = relation.name;
            } else if (m_catalog.isReachableUnqualified(i)) {
                c.text = SqlCompletion::quoteIdentifier(m_catalog, relation.name);
                c.label = relation.name;
            } else {
                if (reachableOnly)
                    continue;
                c.text =
                    SqlCompletion::quoteIdentifier(m_catalog, relation.schema) + QLatin1Char('.') +
                    SqlCompletion::quoteIdentifier(m_catalog, relation.name, NameUse::AfterDot);
                c.label = relation.schema + QLatin1Char('.') + relation.name;
                rank = 2;
            }
            if (relation.isPartition)
                rank = 3;
            if (CatalogSnapshot::isSystemSchema(relation.schema))
                rank = 4;
            add(std::move(c), group + rank, relation.name);
        }
    }

    enum class FunctionFilter
    {
        Callable, // functions, aggregates, window functions (not procedures)
        SetReturning,
        Procedures
    };

    // Function names starting with the prefix: from the search path (user
    // schemas at `group`, pg_catalog at `group + 1`), or from `schema` only.
    void addFunctions(int group, FunctionFilter filter, const QString &schema = QString())
    {
        const QList<CatalogFunction> &functions = m_catalog.functions();
        const QList<CatalogSnapshot::FunctionGroup> &groups = m_catalog.functionGroups();
        for (const int g : m_catalog.functionGroupsWithPrefix(m_prefix, schema)) {
            const CatalogSnapshot::FunctionGroup &fg = groups.at(g);
            const CatalogFunction &first = functions.at(fg.first);
            if (schema.isEmpty() && m_catalog.searchPathIndex(first.schema) < 0)
                continue;
            bool wanted = false;
            bool hasArguments = false;
            const CatalogFunction *shown = nullptr;
            int shownCount = 0;
            for (int k = fg.first; k < fg.first + fg.count; ++k) {
                const CatalogFunction &f = functions.at(k);
                const bool procedure = f.kind == CatalogFunctionKind::Procedure;
                const bool match = filter == FunctionFilter::Procedures ? procedure
                                   : filter == FunctionFilter::SetReturning
                                       ? (!procedure && f.returnsSet)
                                       : !procedure;
                if (!match)
                    continue;
                wanted = true;
                hasArguments = hasArguments || !f.arguments.isEmpty();
                if (!shown)
                    shown = &f;
                ++shownCount;
            }
            if (!wanted)
                continue;
            CompletionCandidate c;
            c.kind = CompletionKind::Function;
            c.label = first.name;
            c.text = SqlCompletion::quoteIdentifier(
                m_catalog, first.name, schema.isEmpty() ? NameUse::Function : NameUse::AfterDot);
            if (!m_nextIsParen) {
                c.text += QLatin1String("()");
                if (hasArguments)
                    c.cursorOffset = int(c.text.size()) - 1;
            }
            c.detail = signature(*shown);
            if (shownCount > 1)
                c.detail =
                    SqlCompletion::tr("%1 (+%n more)", nullptr, shownCount - 1).arg(c.detail);
            const bool system = CatalogSnapshot::isSystemSchema(first.schema);
            add(std::move(c), group + (system ? 1 : 0), first.name);
        }
    }

    // Columns of one relation. Names in `shared` with a count above one (columns
    // several tables of the statement have) are written owner.column.
    void addColumns(int group, int relationIndex, int scopeIndex, const QString &owner, NameUse use,
                    const QHash<QString, int> *shared = nullptr)
    {
        const CatalogRelation &relation = m_catalog.relations().at(relationIndex);
        for (int k = 0; k < relation.columns.size(); ++k) {
            const CatalogColumn &column = relation.columns.at(k);
            if (!column.name.startsWith(m_prefix, Qt::CaseInsensitive))
                continue;
            CompletionCandidate c;
            c.kind = CompletionKind::Column;
            if (shared && shared->value(column.name) > 1) {
                c.text = SqlCompletion::quoteIdentifier(m_catalog, owner) + QLatin1Char('.') +
                         SqlCompletion::quoteIdentifier(m_catalog, column.name, NameUse::AfterDot);
                c.label = owner + QLatin1Char('.') + column.name;
            } else {
                c.text = SqlCompletion::quoteIdentifier(m_catalog, column.name, use);
                c.label = column.name;
            }
            c.detail = owner.isEmpty() ? column.type
                                       : SqlCompletion::tr("%1 · %2").arg(column.type, owner);
            add(std::move(c), group, column.name, scopeIndex * 100000 + k);
        }
    }

    QList<CompletionCandidate> take(int maxCandidates)
    {
        const auto less = [](const Scored &a, const Scored &b) {
            if (a.group != b.group)
                return a.group < b.group;
            if (a.quality != b.quality)
                return a.quality < b.quality;
            if (a.order != b.order)
                return a.order < b.order;
            if (const int c = QString::compare(a.key, b.key); c != 0)
                return c < 0;
            return a.candidate.text < b.candidate.text;
        };
        const size_t keep = std::min(m_items.size(), size_t(qMax(0, maxCandidates)));
        std::partial_sort(m_items.begin(), m_items.begin() + qsizetype(keep), m_items.end(), less);
        QList<CompletionCandidate> out;
        out.reserve(qsizetype(keep));
        for (size_t i = 0; i < keep; ++i)
            out << std::move(m_items[i].candidate);
        return out;
    }

private:
    static QString relationKindName(const CatalogRelation &relation)
    {
        if (relation.isPartition)
            return SqlCompletion::tr("partition");
        switch (relation.kind) {
        case CatalogRelationKind::Table:
            return SqlCompletion::tr("table");
        case CatalogRelationKind::PartitionedTable:
            return SqlCompletion::tr("partitioned table");
        case CatalogRelationKind::View:
            return SqlCompletion::tr("view");
        case CatalogRelationKind::MaterializedView:
            return SqlCompletion::tr("materialized view");
        case CatalogRelationKind::ForeignTable:
            return SqlCompletion::tr("foreign table");
        }
        return QString();
    }

    static QString signature(const CatalogFunction &f)
    {
        const QString call = QStringLiteral("%1(%2)").arg(f.name, f.arguments);
        switch (f.kind) {
        case CatalogFunctionKind::Procedure:
            return SqlCompletion::tr("procedure %1").arg(call);
        case CatalogFunctionKind::Aggregate:
            return SqlCompletion::tr("aggregate %1 → %2").arg(call, f.result);
        case CatalogFunctionKind::Window:
            return SqlCompletion::tr("window function %1 → %2").arg(call, f.result);
        case CatalogFunctionKind::Function:
            break;
        }
        return SqlCompletion::tr("%1 → %2").arg(call, f.result);
    }

    const CatalogSnapshot &m_catalog;
    QString m_prefix;
    bool m_nextIsParen = false;
    std::vector<Scored> m_items;
};

} // namespace

QString SqlCompletion::quoteIdentifier(const CatalogSnapshot &catalog, const QString &name,
                                       NameUse use)
{
    bool plain = !name.isEmpty();
    for (qsizetype i = 0; plain && i < name.size(); ++i) {
        const QChar c = name.at(i);
        const bool letter = (c >= u'a' && c <= u'z') || c == u'_';
        const bool digit = (c >= u'0' && c <= u'9') || c == u'$';
        plain = letter || (i > 0 && digit);
    }
    if (plain && use != NameUse::AfterDot) {
        if (catalog.knowsKeywords()) {
            const QChar category = catalog.keywordCategory(name);
            // Function names may be type/function-name key words (left(), right()).
            plain = category.isNull() || (use == NameUse::Function && category == u'T');
        } else {
            plain = !SqlLexer::isKeyword(name);
        }
    }
    if (plain)
        return name;
    QString out = name;
    out.replace(QLatin1Char('"'), QLatin1String("\"\""));
    return QLatin1Char('"') + out + QLatin1Char('"');
}

QString SqlCompletion::kindName(CompletionKind kind)
{
    switch (kind) {
    case CompletionKind::Keyword:
        return tr("keyword");
    case CompletionKind::Schema:
        return tr("schema");
    case CompletionKind::Table:
        return tr("table");
    case CompletionKind::View:
        return tr("view");
    case CompletionKind::Column:
        return tr("column");
    case CompletionKind::Function:
        return tr("function");
    }
    return QString();
}

CompletionResult SqlCompletion::complete(const CatalogSnapshot &catalog, QStringView text,
                                         int cursor, int maxCandidates)
{
    const SqlCompletionSite site = SqlCompletionSite::at(text, cursor);
    CompletionResult result;
    result.context = site.context;
    result.start = site.start;
    result.end = site.end;
    result.prefix = site.prefix;
    result.qualifier = site.qualifier.join(QLatin1Char('.'));
    if (site.context == CompletionContext::None)
        return result;

    // The statement's tables, found in the catalog.
    const QList<SqlTableReference> &refs = site.tables;
    QList<int> relationOf(refs.size(), -1);
    for (int r = 0; r < refs.size(); ++r) {
        const SqlTableReference &ref = refs.at(r);
        if (!ref.isFunction)
            relationOf[r] = ref.parts.size() == 1
                                ? catalog.findRelation(QString(), ref.parts.at(0))
                                : catalog.findRelation(ref.parts.at(0), ref.parts.at(1));
    }

    Builder builder(catalog, result, text);

    if (site.context == CompletionContext::Qualified) {
        const QStringList &qualifier = site.qualifier;
        int relation = -1;
        QString schema;
        if (qualifier.size() == 2) {
            relation = catalog.findRelation(qualifier.at(0), qualifier.at(1));
        } else {
            const QString &name = qualifier.at(0);
            int ref = -1;
            // An alias first, then a table named in the statement, in any case at last.
            for (const Qt::CaseSensitivity cs : {Qt::CaseSensitive, Qt::CaseInsensitive}) {
                for (int r = 0; ref < 0 && r < refs.size(); ++r) {
                    if (!refs.at(r).alias.isEmpty() && refs.at(r).alias.compare(name, cs) == 0)
                        ref = r;
                }
                for (int r = 0; ref < 0 && r < refs.size(); ++r) {
                    if (refs.at(r).parts.last().compare(name, cs) == 0)
                        ref = r;
                }
            }
            if (ref >= 0 && relationOf.at(ref) >= 0)
                relation = relationOf.at(ref);
            else if (catalog.hasSchema(name))
                schema = name;
            else if (ref < 0)
                relation = catalog.findRelation(QString(), name);
        }
        if (relation >= 0) {
            builder.addColumns(0, relation, 0, QString(), NameUse::AfterDot);
        } else if (!schema.isEmpty()) {
            builder.addRelations(0, schema);
            builder.addFunctions(10,
                                 site.unqualifiedContext == CompletionContext::Relation
                                     ? Builder::FunctionFilter::SetReturning
                                 : site.unqualifiedContext == CompletionContext::Routine
                                     ? Builder::FunctionFilter::Procedures
                                     : Builder::FunctionFilter::Callable,
                                 schema);
        }
        result.candidates = builder.take(maxCandidates);
        return result;
    }

    switch (site.context) {
    case CompletionContext::None:
    case CompletionContext::NewName:
        break;
    case CompletionContext::StatementStart:
        builder.addKeywords(0, statementStarters());
        break;
    case CompletionContext::AfterRelation:
        builder.addKeywords(0, afterRelationWords());
        break;
    case CompletionContext::TypeName:
        builder.addKeywords(0);
        break;
    case CompletionContext::Relation:
        // Reachable names, user schemas, schema-qualified names, partitions,
        // the system catalog, then set-returning functions.
        builder.addRelations(0); // 0, 2, 3, 4
        builder.addSchemas(1, 5);
        builder.addFunctions(6, Builder::FunctionFilter::SetReturning);
        break;
    case CompletionContext::Routine:
        builder.addFunctions(0, Builder::FunctionFilter::Procedures);
        break;
    case CompletionContext::ColumnList: {
        const QStringList &parts = site.columnListOf;
        const int relation = parts.size() == 1 ? catalog.findRelation(QString(), parts.at(0))
                                               : catalog.findRelation(parts.at(0), parts.at(1));
        if (relation >= 0)
            builder.addColumns(0, relation, 0, QString(), NameUse::Bare);
        break;
    }
    case CompletionContext::Expression: {
        // Columns of the statement's tables, then what qualifies them, then
        // functions and key words; after a complete operand key words lead
        // (SELECT a |FROM, WHERE x = 1 |AND).
        const int columns = site.afterOperand ? 10 : 0;
        const int keywords = site.afterOperand ? 0 : 30;
        QHash<QString, int> seen; // column name -> how many of the tables have it
        QList<int> scope;         // indices into refs with a known relation, once each
        for (int r = 0; r < refs.size(); ++r) {
            if (relationOf.at(r) < 0)
                continue;
            bool duplicate = false;
            for (const int s : std::as_const(scope)) {
                duplicate = duplicate || (relationOf.at(s) == relationOf.at(r) &&
                                          refs.at(s).qualifierName() == refs.at(r).qualifierName());
            }
            if (duplicate)
                continue;
            scope << r;
            for (const CatalogColumn &column : catalog.relations().at(relationOf.at(r)).columns)
                ++seen[column.name];
        }
        for (int s = 0; s < scope.size(); ++s) {
            builder.addColumns(columns, relationOf.at(scope.at(s)), s,
                               refs.at(scope.at(s)).qualifierName(), NameUse::Bare, &seen);
        }
        QSet<QString> qualifiers;
        for (const int r : std::as_const(scope)) {
            const SqlTableReference &ref = refs.at(r);
            const QString name = ref.qualifierName();
            if (qualifiers.contains(name) || !name.startsWith(result.prefix, Qt::CaseInsensitive))
                continue;
            qualifiers.insert(name);
            const QString target = ref.parts.join(QLatin1Char('.'));
            builder.add(
                {quoteIdentifier(catalog, name), name, CompletionKind::Table,
                 ref.alias.isEmpty() ? tr("in this statement") : tr("alias of %1").arg(target), -1},
                columns + 1, name);
        }
        builder.addFunctions(20, Builder::FunctionFilter::Callable);
        builder.addKeywords(keywords, site.afterOperand ? afterOperandWords() : QSet<QString>());
        break;
    }
    case CompletionContext::General:
        builder.addKeywords(0);
        builder.addRelations(10, QString(), true);
        builder.addFunctions(20, Builder::FunctionFilter::Callable);
        builder.addSchemas(30, 31);
        break;
    case CompletionContext::Qualified:
        break;
    }
    result.candidates = builder.take(maxCandidates);
    return result;
}

} // namespace sightline
