#include "models/sql/statementclassifier.h"

#include "models/sql/pgquerysupport.h"
#include "models/sql/sqllexer.h"

#include <pg_query.h>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMutexLocker>
#include <QScopeGuard>

namespace sightline {

bool StatementClass::changesData() const
{
    if (isExplain && !explainAnalyze)
        return false;
    return kind == StatementKind::DataChanging || hasDataChangingCte;
}

bool StatementClass::mayWrite() const
{
    return changesData() || mayChangeData || kind == StatementKind::Ddl;
}

namespace {

bool isDml(QStringView type)
{
    return type == u"InsertStmt" || type == u"UpdateStmt" || type == u"DeleteStmt" ||
           type == u"MergeStmt";
}

// A node is {"TypeName": {fields}}.
QString nodeType(const QJsonObject &node)
{
    return node.isEmpty() ? QString() : node.constBegin().key();
}

QJsonObject nodeBody(const QJsonObject &node)
{
    return node.isEmpty() ? QJsonObject() : node.constBegin().value().toObject();
}

struct TreeFacts
{
    bool dataChangingCte = false;
    bool locksRows = false;
};

void scan(const QJsonValue &value, TreeFacts &facts)
{
    if (value.isArray()) {
        for (const QJsonValue &item : value.toArray())
            scan(item, facts);
        return;
    }
    if (!value.isObject())
        return;
    const QJsonObject object = value.toObject();
    for (auto it = object.constBegin(); it != object.constEnd(); ++it) {
        if (it.key() == u"CommonTableExpr") {
            const QJsonObject query = it.value().toObject().value(u"ctequery").toObject();
            if (isDml(nodeType(query)))
                facts.dataChangingCte = true;
        } else if (it.key() == u"LockingClause") {
            facts.locksRows = true;
        }
        scan(it.value(), facts);
    }
}

// "OBJECT_MATVIEW" -> "MATERIALIZED VIEW", "OBJECT_FOREIGN_TABLE" -> "FOREIGN TABLE".
QString objectName(const QString &objectType)
{
    QString name = objectType;
    name.remove(QLatin1String("OBJECT_"));
    if (name == u"MATVIEW")
        return QStringLiteral("MATERIALIZED VIEW");
    if (name == u"FDW")
        return QStringLiteral("FOREIGN DATA WRAPPER");
    if (name == u"TABCONSTRAINT")
        return QStringLiteral("CONSTRAINT");
    return name.replace(u'_', u' ');
}

// "AlterDefaultPrivilegesStmt" -> "ALTER DEFAULT PRIVILEGES": a readable
// name for node types without a more specific rule below.
QString commandFromType(const QString &type)
{
    QString words;
    const QString stem = type.endsWith(u"Stmt") ? type.chopped(4) : type;
    for (qsizetype i = 0; i < stem.size(); ++i) {
        if (i > 0 && stem.at(i).isUpper() && !stem.at(i - 1).isUpper())
            words += u' ';
        words += stem.at(i);
    }
    return words.toUpper();
}

// The value of an EXPLAIN option as PostgreSQL's parse_bool reads it. An
// option without a value is on; a value it would reject counts as on, the
// cautious answer.
bool optionIsOn(const QJsonObject &defElem)
{
    const QJsonObject arg = defElem.value(u"arg").toObject();
    if (arg.isEmpty())
        return true;
    const QString type = nodeType(arg);
    const QJsonObject body = nodeBody(arg);
    if (type == u"Integer")
        return body.value(u"ival").toInteger() != 0;
    if (type == u"Boolean")
        return body.value(u"boolval").toBool();
    const QString text = body.value(u"sval").toString().toLower();
    if (text.isEmpty())
        return true;
    const auto prefixOf = [&](QLatin1String word, qsizetype minimum) {
        return text.size() >= minimum && word.startsWith(text);
    };
    if (prefixOf(QLatin1String("false"), 1) || prefixOf(QLatin1String("no"), 1) ||
        prefixOf(QLatin1String("off"), 2) || text == u"0")
        return false;
    return true;
}

bool isTableCommand(const QJsonObject &select)
{
    // gram.y turns TABLE name into SELECT * FROM name with a star that has
    // no location (-1); a star the user typed always has one.
    const QJsonArray targets = select.value(u"targetList").toArray();
    if (targets.size() != 1)
        return false;
    const QJsonObject target = targets.first().toObject().value(u"ResTarget").toObject();
    const QJsonObject column = target.value(u"val").toObject().value(u"ColumnRef").toObject();
    return !column.isEmpty() && column.value(u"location").toInt() == -1 &&
           !select.contains(u"withClause");
}

QString transactionCommand(const QString &kind)
{
    static const QList<std::pair<QLatin1String, QLatin1String>> names = {
        {QLatin1String("TRANS_STMT_BEGIN"), QLatin1String("BEGIN")},
        {QLatin1String("TRANS_STMT_START"), QLatin1String("START TRANSACTION")},
        {QLatin1String("TRANS_STMT_COMMIT"), QLatin1String("COMMIT")},
        {QLatin1String("TRANS_STMT_ROLLBACK"), QLatin1String("ROLLBACK")},
        {QLatin1String("TRANS_STMT_SAVEPOINT"), QLatin1String("SAVEPOINT")},
        {QLatin1String("TRANS_STMT_RELEASE"), QLatin1String("RELEASE")},
        {QLatin1String("TRANS_STMT_ROLLBACK_TO"), QLatin1String("ROLLBACK TO SAVEPOINT")},
        {QLatin1String("TRANS_STMT_PREPARE"), QLatin1String("PREPARE TRANSACTION")},
        {QLatin1String("TRANS_STMT_COMMIT_PREPARED"), QLatin1String("COMMIT PREPARED")},
        {QLatin1String("TRANS_STMT_ROLLBACK_PREPARED"), QLatin1String("ROLLBACK PREPARED")},
    };
    for (const auto &[key, name] : names) {
        if (kind == key)
            return name;
    }
    return QStringLiteral("TRANSACTION");
}

StatementClass make(StatementKind kind, const QString &command)
{
    StatementClass result;
    result.kind = kind;
    result.command = command;
    return result;
}

// Statements whose query runs when they run: only their trees are scanned
// for data-changing CTEs and row locks. A CTE inside CREATE FUNCTION, CREATE
// VIEW, CREATE RULE or PREPARE is only stored, not run.
StatementClass withTreeFacts(StatementClass result, const QJsonValue &executed)
{
    TreeFacts facts;
    scan(executed, facts);
    result.hasDataChangingCte = facts.dataChangingCte;
    result.locksRows = facts.locksRows;
    return result;
}

StatementClass classifyNode(const QJsonObject &node)
{
    using K = StatementKind;
    const QString type = nodeType(node);
    const QJsonObject body = nodeBody(node);

    if (type == u"SelectStmt") {
        if (body.contains(u"intoClause"))
            return withTreeFacts(make(K::Ddl, QStringLiteral("SELECT INTO")), body);
        QString command = QStringLiteral("SELECT");
        if (!body.value(u"valuesLists").toArray().isEmpty())
            command = QStringLiteral("VALUES");
        else if (isTableCommand(body))
            command = QStringLiteral("TABLE");
        return withTreeFacts(make(K::ReadOnly, command), body);
    }
    if (isDml(type)) {
        QString command = type.chopped(4).toUpper();
        return withTreeFacts(make(K::DataChanging, command), body);
    }
    if (type == u"ExplainStmt") {
        const StatementClass inner = classifyNode(body.value(u"query").toObject());
        bool analyze = false;
        for (const QJsonValue &option : body.value(u"options").toArray()) {
            const QJsonObject defElem = option.toObject().value(u"DefElem").toObject();
            if (defElem.value(u"defname").toString() == u"analyze")
                analyze = optionIsOn(defElem); // the last one wins, as in the server
        }
        StatementClass result =
            make(analyze ? inner.kind : K::ReadOnly,
                 analyze ? QStringLiteral("EXPLAIN ANALYZE") : QStringLiteral("EXPLAIN"));
        result.isExplain = true;
        result.explainAnalyze = analyze;
        result.explainedKind = inner.kind;
        result.explainedCommand = inner.command;
        result.hasDataChangingCte = inner.hasDataChangingCte;
        // Without ANALYZE nothing runs: no locks, no opaque code.
        result.locksRows = analyze && inner.locksRows;
        result.mayChangeData = analyze && inner.mayChangeData;
        return result;
    }
    if (type == u"CopyStmt") {
        const bool from = body.value(u"is_from").toBool();
        const QJsonObject query = body.value(u"query").toObject();
        // COPY (INSERT ... RETURNING) TO writes although it is a COPY TO.
        const bool dmlQuery = isDml(nodeType(query));
        StatementClass result =
            withTreeFacts(make(from || dmlQuery ? K::DataChanging : K::ReadOnly,
                               from ? QStringLiteral("COPY FROM") : QStringLiteral("COPY TO")),
                          query);
        // A server-side program can do anything.
        result.mayChangeData = body.value(u"is_program").toBool();
        return result;
    }
    if (type == u"TruncateStmt")
        return make(K::DataChanging, QStringLiteral("TRUNCATE"));
    if (type == u"TransactionStmt")
        return make(K::TransactionControl, transactionCommand(body.value(u"kind").toString()));

    if (type == u"VariableShowStmt")
        return make(K::ReadOnly, QStringLiteral("SHOW"));
    if (type == u"FetchStmt")
        return make(K::ReadOnly, body.value(u"ismove").toBool() ? QStringLiteral("MOVE")
                                                                : QStringLiteral("FETCH"));
    if (type == u"DeclareCursorStmt")
        return withTreeFacts(make(K::ReadOnly, QStringLiteral("DECLARE CURSOR")),
                             body.value(u"query"));

    if (type == u"DoStmt" || type == u"CallStmt" || type == u"ExecuteStmt") {
        // The body (a DO block, a procedure, a prepared statement) is not in
        // this tree, so it may well write.
        StatementClass result = make(K::Other, commandFromType(type));
        result.mayChangeData = true;
        return result;
    }
    if (type == u"VariableSetStmt") {
        const bool reset = body.value(u"kind").toString().startsWith(u"VAR_RESET");
        return make(K::Other, reset ? QStringLiteral("RESET") : QStringLiteral("SET"));
    }
    if (type == u"VacuumStmt")
        return make(K::Other, body.value(u"is_vacuumcmd").toBool() ? QStringLiteral("VACUUM")
                                                                   : QStringLiteral("ANALYZE"));
    if (type == u"LockStmt")
        return make(K::Other, QStringLiteral("LOCK TABLE"));
    if (type == u"CheckPointStmt")
        return make(K::Other, QStringLiteral("CHECKPOINT"));
    if (type == u"ConstraintsSetStmt")
        return make(K::Other, QStringLiteral("SET CONSTRAINTS"));
    if (type == u"ClosePortalStmt")
        return make(K::Other, QStringLiteral("CLOSE"));

    // DDL. REINDEX and CLUSTER rebuild storage under an exclusive lock, which
    // PostgreSQL logs as DDL too (CLUSTER) and which deserves the same
    // confirmation; VACUUM and ANALYZE above stay maintenance (Other).
    if (type == u"CreateTableAsStmt") {
        const bool view = body.value(u"objtype").toString() == u"OBJECT_MATVIEW";
        return withTreeFacts(make(K::Ddl, view ? QStringLiteral("CREATE MATERIALIZED VIEW")
                                               : QStringLiteral("CREATE TABLE AS")),
                             body.value(u"query"));
    }
    if (type == u"DropStmt")
        return make(K::Ddl,
                    QStringLiteral("DROP ") + objectName(body.value(u"removeType").toString()));
    if (type == u"AlterTableStmt")
        return make(K::Ddl,
                    QStringLiteral("ALTER ") + objectName(body.value(u"objtype").toString()));
    if (type == u"RenameStmt")
        return make(K::Ddl,
                    QStringLiteral("ALTER ") + objectName(body.value(u"renameType").toString()));
    if (type == u"DefineStmt")
        return make(K::Ddl, QStringLiteral("CREATE ") + objectName(body.value(u"kind").toString()));
    if (type == u"GrantStmt" || type == u"GrantRoleStmt")
        return make(K::Ddl, body.value(u"is_grant").toBool() ? QStringLiteral("GRANT")
                                                             : QStringLiteral("REVOKE"));
    if (type == u"CreateFunctionStmt")
        return make(K::Ddl, body.value(u"is_procedure").toBool()
                                ? QStringLiteral("CREATE PROCEDURE")
                                : QStringLiteral("CREATE FUNCTION"));
    static const QList<std::pair<QLatin1String, QLatin1String>> ddl = {
        {QLatin1String("CreateStmt"), QLatin1String("CREATE TABLE")},
        {QLatin1String("IndexStmt"), QLatin1String("CREATE INDEX")},
        {QLatin1String("ViewStmt"), QLatin1String("CREATE VIEW")},
        {QLatin1String("RuleStmt"), QLatin1String("CREATE RULE")},
        {QLatin1String("CreateTrigStmt"), QLatin1String("CREATE TRIGGER")},
        {QLatin1String("CreateSeqStmt"), QLatin1String("CREATE SEQUENCE")},
        {QLatin1String("AlterSeqStmt"), QLatin1String("ALTER SEQUENCE")},
        {QLatin1String("CreateSchemaStmt"), QLatin1String("CREATE SCHEMA")},
        {QLatin1String("CreatedbStmt"), QLatin1String("CREATE DATABASE")},
        {QLatin1String("DropdbStmt"), QLatin1String("DROP DATABASE")},
        {QLatin1String("CompositeTypeStmt"), QLatin1String("CREATE TYPE")},
        {QLatin1String("CreateEnumStmt"), QLatin1String("CREATE TYPE")},
        {QLatin1String("CreateRangeStmt"), QLatin1String("CREATE TYPE")},
        {QLatin1String("CommentStmt"), QLatin1String("COMMENT")},
        {QLatin1String("SecLabelStmt"), QLatin1String("SECURITY LABEL")},
        {QLatin1String("ReindexStmt"), QLatin1String("REINDEX")},
        {QLatin1String("ClusterStmt"), QLatin1String("CLUSTER")},
        {QLatin1String("RefreshMatViewStmt"), QLatin1String("REFRESH MATERIALIZED VIEW")},
        {QLatin1String("ReassignOwnedStmt"), QLatin1String("REASSIGN OWNED")},
        {QLatin1String("DropOwnedStmt"), QLatin1String("DROP OWNED")},
        {QLatin1String("ImportForeignSchemaStmt"), QLatin1String("IMPORT FOREIGN SCHEMA")},
        {QLatin1String("AlterObjectSchemaStmt"), QLatin1String("ALTER SET SCHEMA")},
        {QLatin1String("AlterOwnerStmt"), QLatin1String("ALTER OWNER")},
    };
    for (const auto &[key, name] : ddl) {
        if (type == key)
            return make(K::Ddl, name);
    }
    // Every other CREATE/ALTER/DROP node (CreateExtensionStmt,
    // AlterSystemStmt, DropRoleStmt, ...) changes the catalog.
    if (type.startsWith(u"Create") || type.startsWith(u"Alter") || type.startsWith(u"Drop"))
        return make(K::Ddl, commandFromType(type));

    // PREPARE, DEALLOCATE, DISCARD, LISTEN, UNLISTEN, NOTIFY, LOAD, ...
    return make(K::Other, commandFromType(type));
}

// libpg_query reports error positions as 1-based character (code point)
// positions; the editor wants UTF-16 offsets.
int utf16Offset(const QString &text, int codePoints)
{
    int offset = 0;
    for (int seen = 0; seen < codePoints && offset < text.size(); ++seen)
        offset += text.at(offset).isHighSurrogate() && offset + 1 < text.size() ? 2 : 1;
    return offset;
}

} // namespace

StatementClass StatementClassifier::classify(const QString &sql)
{
    StatementClass invalid;
    invalid.range = {0, int(sql.size()), false};

    const QByteArray utf8 = sql.toUtf8();
    QByteArray tree;
    {
        QMutexLocker lock(&pgQueryMutex());
        PgQueryParseResult raw = pg_query_parse(utf8.constData());
        const auto freeRaw = qScopeGuard([&raw] { pg_query_free_parse_result(raw); });
        if (raw.error) {
            invalid.error = QString::fromUtf8(raw.error->message);
            if (raw.error->cursorpos > 0)
                invalid.errorPosition = utf16Offset(sql, raw.error->cursorpos - 1);
            return invalid;
        }
        tree = QByteArray(raw.parse_tree);
    }

    QJsonParseError jsonError;
    const QJsonDocument document = QJsonDocument::fromJson(tree, &jsonError);
    if (document.isNull()) {
        // Qt's JSON reader limits nesting depth; the parser allowed more.
        invalid.error = tr("The statement is nested too deeply to classify.");
        return invalid;
    }
    const QJsonArray statements = document.object().value(u"stmts").toArray();
    if (statements.size() > 1) {
        invalid.error = tr("Expected one statement, found %n.", nullptr, int(statements.size()));
        // stmt_location counts UTF-8 bytes and includes the whitespace and
        // comments before the statement; point at its first token.
        const int byteOffset = statements.at(1).toObject().value(u"stmt_location").toInt();
        const int from = int(QString::fromUtf8(utf8.constData(), byteOffset).size());
        invalid.errorPosition = from;
        for (const SqlToken &token : SqlLexer::tokenize(QStringView(sql).sliced(from))) {
            if (!token.isTrivia()) {
                invalid.errorPosition = from + token.start;
                break;
            }
        }
        return invalid;
    }

    StatementClass result =
        statements.isEmpty()
            ? make(StatementKind::Other, QString())
            : classifyNode(statements.first().toObject().value(u"stmt").toObject());
    result.range = invalid.range;
    return result;
}

QList<StatementClass> StatementClassifier::classifyScript(const QString &script)
{
    QList<StatementClass> results;
    for (const SqlStatementRange &range : SqlSplitter::split(script)) {
        StatementClass result = classify(script.mid(range.start, range.length()));
        result.range = range;
        if (result.errorPosition >= 0)
            result.errorPosition += range.start;
        results.append(result);
    }
    return results;
}

} // namespace sightline
