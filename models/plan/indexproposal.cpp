#include "models/plan/indexproposal.h"

#include "models/query/resultcopy.h"
#include "models/sql/sqllexer.h"

#include <QCoreApplication>

namespace sightline {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("IndexProposal", text);
}

bool isScanOfTable(const PlanNode &node)
{
    return !node.relationName.isEmpty() && (node.nodeType.endsWith(QLatin1String("Scan")) ||
                                            node.nodeType == QLatin1String("Bitmap Heap Scan"));
}

QString unquote(const QString &name)
{
    if (name.size() >= 2 && name.startsWith(QLatin1Char('"')) && name.endsWith(QLatin1Char('"')))
        return name.mid(1, name.size() - 2).replace(QStringLiteral("\"\""), QStringLiteral("\""));
    return name;
}

// The scan a Sort (through Incremental Sort, Gather Merge, ...) reads from,
// when there is exactly one table underneath.
int scanBelow(const Plan &plan, int nodeId)
{
    int found = -1;
    const PlanNode &node = plan.nodes.at(nodeId);
    for (int i = nodeId + 1; i < nodeId + node.subtreeSize; ++i) {
        if (isScanOfTable(plan.nodes.at(i))) {
            if (found >= 0 && plan.nodes.at(found).relationName != plan.nodes.at(i).relationName)
                return -1;
            if (found < 0)
                found = i;
        }
    }
    return found;
}

void addUnique(QStringList &list, const QStringList &more)
{
    for (const QString &column : more) {
        if (!list.contains(column))
            list << column;
    }
}

} // namespace

QString IndexProposal::qualifiedTable() const
{
    return schema.isEmpty()
               ? quoteSqlIdentifier(table)
               : quoteSqlIdentifier(schema) + QLatin1Char('.') + quoteSqlIdentifier(table);
}

QString IndexProposal::statement() const
{
    QStringList quoted;
    for (const QString &column : columns)
        quoted << quoteSqlIdentifier(column);
    return QStringLiteral("CREATE INDEX ON %1 (%2)")
        .arg(qualifiedTable(), quoted.join(QStringLiteral(", ")));
}

QStringList conditionColumns(const QString &condition, const QString &alias,
                             const QString &relation, bool qualifiedOnly)
{
    const QList<SqlToken> all = SqlLexer::tokenize(condition);
    QList<SqlToken> tokens;
    for (const SqlToken &token : all) {
        if (!token.isTrivia())
            tokens << token;
    }
    auto text = [&](int i) { return condition.mid(tokens.at(i).start, tokens.at(i).length); };
    auto kindAt = [&](int i) {
        return i >= 0 && i < tokens.size() ? tokens.at(i).kind : SqlTokenKind::Whitespace;
    };
    QStringList equality;
    QStringList other;
    for (int i = 0; i < tokens.size(); ++i) {
        const SqlTokenKind kind = tokens.at(i).kind;
        if (kind != SqlTokenKind::Identifier && kind != SqlTokenKind::QuotedIdentifier)
            continue;
        // Type names after a cast and function names are not columns.
        if (kindAt(i - 1) == SqlTokenKind::Cast)
            continue;
        if (kindAt(i + 1) == SqlTokenKind::Punctuation && text(i + 1) == QLatin1String("("))
            continue;
        QString name = unquote(text(i));
        const bool qualified = kindAt(i + 1) == SqlTokenKind::Punctuation &&
                               text(i + 1) == QLatin1String(".") && i + 2 < tokens.size();
        if (qualified) {
            const QString qualifier = name;
            const QString column = unquote(text(i + 2));
            i += 2;
            if (qualifier != alias && qualifier != relation)
                continue;
            name = column;
        } else {
            if (qualifiedOnly)
                continue;
            if (kind == SqlTokenKind::Identifier && SqlLexer::isKeyword(name))
                continue;
            if (kindAt(i - 1) == SqlTokenKind::Punctuation && text(i - 1) == QLatin1String("."))
                continue;
        }
        // What it is compared with decides its place: equality first.
        const QString next = i + 1 < tokens.size() ? text(i + 1) : QString();
        const QString before = i - 1 >= 0 ? text(i - 1) : QString();
        const bool equals = next == QLatin1String("=") || before == QLatin1String("=") ||
                            next.compare(QLatin1String("IN"), Qt::CaseInsensitive) == 0 ||
                            next.compare(QLatin1String("IS"), Qt::CaseInsensitive) == 0;
        QStringList &target = equals ? equality : other;
        if (!equality.contains(name) && !other.contains(name))
            target << name;
    }
    return equality + other;
}

std::optional<IndexProposal> proposeIndex(const Plan &plan, int nodeId)
{
    if (nodeId < 0 || nodeId >= plan.nodes.size())
        return std::nullopt;
    const PlanNode &node = plan.nodes.at(nodeId);
    int scanId = nodeId;
    QStringList sortColumns;
    if (!isScanOfTable(node)) {
        if (node.sortKey.isEmpty())
            return std::nullopt;
        scanId = scanBelow(plan, nodeId);
        if (scanId < 0)
            return std::nullopt;
        const PlanNode &scan = plan.nodes.at(scanId);
        for (const QString &key : node.sortKey) {
            // "o.created DESC" -> created; expressions give nothing usable.
            QString column = key.section(QLatin1Char(' '), 0, 0);
            const QStringList found = conditionColumns(column, scan.alias, scan.relationName);
            if (found.size() == 1)
                sortColumns << found.first();
        }
    }
    const PlanNode &scan = plan.nodes.at(scanId);
    IndexProposal proposal;
    proposal.schema = scan.schema;
    proposal.table = scan.relationName;
    const QString alias = scan.alias.isEmpty() ? scan.relationName : scan.alias;
    for (const QString &condition :
         {scan.filter, scan.indexCond, scan.recheckCond, scan.joinFilter})
        addUnique(proposal.columns, conditionColumns(condition, alias, scan.relationName));
    // A join condition one level up (a Nested Loop's inner scan) names the
    // join column of this table too.
    if (scan.parent >= 0) {
        const PlanNode &parent = plan.nodes.at(scan.parent);
        for (const QString &condition : {parent.joinFilter, parent.hashCond, parent.mergeCond})
            addUnique(proposal.columns, conditionColumns(condition, alias, QString(), true));
    }
    addUnique(proposal.columns, sortColumns);
    if (proposal.columns.size() > 3)
        proposal.columns = proposal.columns.mid(0, 3);
    if (proposal.columns.isEmpty())
        return std::nullopt;
    if (!sortColumns.isEmpty() && node.id != scan.id)
        proposal.reason =
            tr("%1 sorts by %2").arg(node.label(), sortColumns.join(QStringLiteral(", ")));
    else if (!scan.filter.isEmpty())
        proposal.reason = tr("%1 filters on %2").arg(scan.label(), scan.filter);
    else
        proposal.reason =
            tr("%1 looks up %2").arg(scan.label(), proposal.columns.join(QStringLiteral(", ")));
    return proposal;
}

} // namespace sightline
