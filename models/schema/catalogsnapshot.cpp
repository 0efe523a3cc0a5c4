#include "models/schema/catalogsnapshot.h"

#include <QHash>
#include <QSet>

#include <algorithm>
#include <climits>
#include <vector>

namespace sightline {

namespace {

// A lower-cased name and what it names, sorted for case-insensitive prefix search.
struct NameEntry
{
    QString lower;
    int index = 0;
};

void sortEntries(std::vector<NameEntry> &entries)
{
    std::sort(entries.begin(), entries.end(), [](const NameEntry &a, const NameEntry &b) {
        const int c = QString::compare(a.lower, b.lower);
        return c != 0 ? c < 0 : a.index < b.index;
    });
}

// Indices of the entries starting with `prefix` (already lower case), in order.
template<typename Accept>
QList<int> withPrefix(const std::vector<NameEntry> &entries, const QString &prefix, Accept accept)
{
    QList<int> out;
    auto it = std::lower_bound(entries.begin(), entries.end(), prefix,
                               [](const NameEntry &e, const QString &p) { return e.lower < p; });
    for (; it != entries.end() && it->lower.startsWith(prefix); ++it) {
        if (accept(it->index))
            out << it->index;
    }
    return out;
}

} // namespace

struct CatalogSnapshot::Data
{
    QStringList schemas;
    QList<CatalogRelation> relations;
    QList<CatalogFunction> functions;
    QStringList searchPath;

    QHash<QString, int> searchPathIndex;
    QSet<QString> schemaSet;
    QHash<QString, QChar> keywords; // lower case
    QHash<QString, QList<int>> relationsByName;
    std::vector<NameEntry> relationNames;
    std::vector<NameEntry> schemaNames;
    QList<FunctionGroup> groups;
    std::vector<NameEntry> groupNames;
    int columnCount = 0;
};

CatalogSnapshot::CatalogSnapshot()
{
    static const std::shared_ptr<const Data> empty = std::make_shared<const Data>();
    d = empty;
}

CatalogSnapshot::CatalogSnapshot(QStringList schemas, QList<CatalogRelation> relations,
                                 QList<CatalogFunction> functions, QStringList searchPath,
                                 QHash<QString, QChar> keywords)
{
    auto data = std::make_shared<Data>();
    std::sort(schemas.begin(), schemas.end());
    schemas.erase(std::unique(schemas.begin(), schemas.end()), schemas.end());
    std::stable_sort(relations.begin(), relations.end(),
                     [](const CatalogRelation &a, const CatalogRelation &b) {
                         const int c = QString::compare(a.schema, b.schema);
                         return c != 0 ? c < 0 : a.name < b.name;
                     });
    std::stable_sort(functions.begin(), functions.end(),
                     [](const CatalogFunction &a, const CatalogFunction &b) {
                         const int c = QString::compare(a.schema, b.schema);
                         return c != 0 ? c < 0 : a.name < b.name;
                     });
    data->schemas = std::move(schemas);
    data->relations = std::move(relations);
    data->functions = std::move(functions);
    data->searchPath = std::move(searchPath);

    for (int i = 0; i < data->searchPath.size(); ++i) {
        if (!data->searchPathIndex.contains(data->searchPath.at(i)))
            data->searchPathIndex.insert(data->searchPath.at(i), i);
    }
    data->schemaSet = QSet<QString>(data->schemas.begin(), data->schemas.end());
    for (auto it = keywords.cbegin(); it != keywords.cend(); ++it)
        data->keywords.insert(it.key().toLower(), it.value());

    data->schemaNames.reserve(size_t(data->schemas.size()));
    for (int i = 0; i < data->schemas.size(); ++i)
        data->schemaNames.push_back({data->schemas.at(i).toLower(), i});
    sortEntries(data->schemaNames);

    data->relationNames.reserve(size_t(data->relations.size()));
    for (int i = 0; i < data->relations.size(); ++i) {
        const CatalogRelation &relation = data->relations.at(i);
        data->relationsByName[relation.name].append(i);
        data->relationNames.push_back({relation.name.toLower(), i});
        data->columnCount += int(relation.columns.size());
    }
    sortEntries(data->relationNames);

    for (int i = 0; i < data->functions.size();) {
        const CatalogFunction &first = data->functions.at(i);
        int j = i + 1;
        while (j < data->functions.size() && data->functions.at(j).name == first.name &&
               data->functions.at(j).schema == first.schema)
            ++j;
        data->groupNames.push_back({first.name.toLower(), int(data->groups.size())});
        data->groups.append({i, j - i});
        i = j;
    }
    sortEntries(data->groupNames);
    d = std::move(data);
}

bool CatalogSnapshot::isEmpty() const
{
    return d->schemas.isEmpty() && d->relations.isEmpty() && d->functions.isEmpty();
}

const QStringList &CatalogSnapshot::schemas() const
{
    return d->schemas;
}

const QList<CatalogRelation> &CatalogSnapshot::relations() const
{
    return d->relations;
}

const QList<CatalogFunction> &CatalogSnapshot::functions() const
{
    return d->functions;
}

const QStringList &CatalogSnapshot::searchPath() const
{
    return d->searchPath;
}

bool CatalogSnapshot::hasSchema(const QString &name) const
{
    return d->schemaSet.contains(name);
}

int CatalogSnapshot::searchPathIndex(const QString &schema) const
{
    return d->searchPathIndex.value(schema, -1);
}

bool CatalogSnapshot::isSystemSchema(const QString &schema)
{
    return schema == QLatin1String("pg_catalog") || schema == QLatin1String("information_schema");
}

int CatalogSnapshot::relationIndex(const QString &schema, const QString &name) const
{
    const auto it = d->relationsByName.constFind(name);
    if (it == d->relationsByName.constEnd())
        return -1;
    if (!schema.isEmpty()) {
        for (const int i : *it) {
            if (d->relations.at(i).schema == schema)
                return i;
        }
        return -1;
    }
    int best = -1;
    int bestPosition = INT_MAX;
    for (const int i : *it) {
        const int position = searchPathIndex(d->relations.at(i).schema);
        if (position >= 0 && position < bestPosition) {
            best = i;
            bestPosition = position;
        }
    }
    return best;
}

int CatalogSnapshot::findRelation(const QString &schema, const QString &name) const
{
    const int exact = relationIndex(schema, name);
    if (exact >= 0 || name.isEmpty())
        return exact;
    const QString lower = name.toLower();
    int best = -1;
    int bestPosition = INT_MAX;
    const QList<int> candidates = withPrefix(d->relationNames, lower, [&](int i) {
        return d->relations.at(i).name.size() == name.size();
    });
    for (const int i : candidates) {
        const CatalogRelation &relation = d->relations.at(i);
        if (!schema.isEmpty()) {
            if (relation.schema.compare(schema, Qt::CaseInsensitive) == 0)
                return i;
            continue;
        }
        const int position = searchPathIndex(relation.schema);
        if (position >= 0 && position < bestPosition) {
            best = i;
            bestPosition = position;
        }
    }
    return best;
}

bool CatalogSnapshot::isReachableUnqualified(int index) const
{
    if (index < 0 || index >= d->relations.size())
        return false;
    return relationIndex(QString(), d->relations.at(index).name) == index;
}

QList<int> CatalogSnapshot::relationsWithPrefix(QStringView prefix, const QString &schema) const
{
    return withPrefix(d->relationNames, prefix.toString().toLower(), [&](int i) {
        return schema.isEmpty() || d->relations.at(i).schema == schema;
    });
}

QStringList CatalogSnapshot::schemasWithPrefix(QStringView prefix) const
{
    QStringList out;
    for (const int i :
         withPrefix(d->schemaNames, prefix.toString().toLower(), [](int) { return true; }))
        out << d->schemas.at(i);
    return out;
}

const QList<CatalogSnapshot::FunctionGroup> &CatalogSnapshot::functionGroups() const
{
    return d->groups;
}

QList<int> CatalogSnapshot::functionGroupsWithPrefix(QStringView prefix,
                                                     const QString &schema) const
{
    return withPrefix(d->groupNames, prefix.toString().toLower(), [&](int g) {
        return schema.isEmpty() || d->functions.at(d->groups.at(g).first).schema == schema;
    });
}

QChar CatalogSnapshot::keywordCategory(QStringView word) const
{
    return d->keywords.value(word.toString().toLower());
}

bool CatalogSnapshot::knowsKeywords() const
{
    return !d->keywords.isEmpty();
}

int CatalogSnapshot::columnCount() const
{
    return d->columnCount;
}

} // namespace sightline
