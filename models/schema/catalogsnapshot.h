#pragma once

#include <QHash>
#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>
#include <QStringView>

#include <memory>

namespace sightline {

enum class CatalogRelationKind : quint8
{
    Table,
    PartitionedTable,
    View,
    MaterializedView,
    ForeignTable
};

struct CatalogColumn
{
    QString name;
    QString type; // as format_type() writes it: "character varying(40)", "integer[]"
};

struct CatalogRelation
{
    QString schema;
    QString name;
    CatalogRelationKind kind = CatalogRelationKind::Table;
    bool isPartition = false;
    QList<CatalogColumn> columns; // in table order
};

enum class CatalogFunctionKind : quint8
{
    Function,
    Aggregate,
    Window,
    Procedure
};

// One overload.
struct CatalogFunction
{
    QString schema;
    QString name;
    QString arguments; // pg_get_function_arguments(): "integer, integer DEFAULT 1"
    QString result;    // pg_get_function_result(): "SETOF integer", "TABLE(a int)"
    CatalogFunctionKind kind = CatalogFunctionKind::Function;
    bool returnsSet = false;
};

// Everything completion needs to know about one database, as an immutable
// value: copies share the data, so a snapshot can be built on a worker thread,
// handed to the UI and kept by a completion while a newer one replaces it.
//
// Names are stored as the catalog spells them. Lookups by name are exact
// (identifier folding is the caller's business); prefix searches are
// case-insensitive.
class CatalogSnapshot final
{
public:
    CatalogSnapshot(); // empty: no schemas, relations or functions
    // `searchPath` is the server's current_schemas(true) in order (pg_catalog
    // included); `keywords` the server's key words that are not unreserved,
    // lower case, with pg_get_keywords()'s category: 'R' reserved, 'T' type or
    // function name, 'C' column name.
    CatalogSnapshot(QStringList schemas, QList<CatalogRelation> relations,
                    QList<CatalogFunction> functions, QStringList searchPath,
                    QHash<QString, QChar> keywords);

    bool isEmpty() const;

    // Sorted by name.
    const QStringList &schemas() const;
    // Sorted by (schema, name).
    const QList<CatalogRelation> &relations() const;
    // Sorted by (schema, name); overloads keep the order they came in.
    const QList<CatalogFunction> &functions() const;
    const QStringList &searchPath() const;

    bool hasSchema(const QString &name) const;
    // Position of `schema` in the search path (0 first), -1 when unqualified
    // names never reach it.
    int searchPathIndex(const QString &schema) const;
    // pg_catalog, information_schema.
    static bool isSystemSchema(const QString &schema);

    // Index into relations() of schema.name, -1 when there is none. With an
    // empty schema the search path decides, as the server would.
    int relationIndex(const QString &schema, const QString &name) const;
    // Same, but letter case is ignored when the exact name is not found.
    int findRelation(const QString &schema, const QString &name) const;
    // Whether an unqualified `relations()[index].name` reaches this relation.
    bool isReachableUnqualified(int index) const;

    // Indices into relations() whose names start with `prefix` (any case), in
    // name order; all schemas, or only `schema` when it is given.
    QList<int> relationsWithPrefix(QStringView prefix, const QString &schema = QString()) const;
    // Schemas starting with `prefix` (any case).
    QStringList schemasWithPrefix(QStringView prefix) const;

    // Functions grouped by (schema, name): each group lists its overloads.
    struct FunctionGroup
    {
        int first = 0; // index into functions()
        int count = 0;
    };
    const QList<FunctionGroup> &functionGroups() const;
    // Indices into functionGroups() whose names start with `prefix` (any case),
    // in name order; all schemas, or only `schema` when it is given.
    QList<int> functionGroupsWithPrefix(QStringView prefix,
                                        const QString &schema = QString()) const;

    // 'R', 'T' or 'C' for a key word that is not unreserved, a null QChar
    // for anything else (any case).
    QChar keywordCategory(QStringView word) const;
    // Whether the snapshot has the server's key words at all.
    bool knowsKeywords() const;

    int columnCount() const; // over all relations

private:
    struct Data;
    std::shared_ptr<const Data> d;
};

} // namespace sightline

Q_DECLARE_METATYPE(sightline::CatalogSnapshot)
