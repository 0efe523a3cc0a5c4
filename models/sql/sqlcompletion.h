#pragma once

#include "models/schema/catalogsnapshot.h"
#include "models/sql/sqlcompletionsite.h"

#include <QCoreApplication>
#include <QList>
#include <QString>
#include <QStringView>

namespace sightline {

enum class CompletionKind : quint8
{
    Keyword,
    Schema,
    Table, // tables, partitioned and foreign tables, and the statement's aliases
    View,  // views and materialized views
    Column,
    Function // functions, aggregates, window functions, procedures
};

struct CompletionCandidate
{
    QString text;  // replaces [CompletionResult::start, end): quoted, qualified, "now()"
    QString label; // what the list shows: the name as the catalog spells it
    CompletionKind kind = CompletionKind::Keyword;
    QString detail;        // "integer · o", "table in public", "count(\"any\") → bigint"
    int cursorOffset = -1; // where the cursor goes inside `text` ("round(|)"); -1: after it
};

struct CompletionResult
{
    CompletionContext context = CompletionContext::None;
    int start = 0;     // the word being typed starts here (its opening quote, if any)
    int end = 0;       // and ends here (past the cursor when the cursor is inside it)
    QString prefix;    // what is typed of it before the cursor, without quotes
    QString qualifier; // "o" for "o.na|", "sales.orders" for "sales.orders.na|"
    QList<CompletionCandidate> candidates; // best first

    bool isEmpty() const { return candidates.isEmpty(); }
};

// Catalog-driven completion for the SQL editor, as a pure function of a
// catalog snapshot, the text and the cursor: no I/O, no state, safe on any
// thread. SqlCompletionSite reads the statement at the cursor; its table
// references (FROM orders o, JOIN public.customers AS c, UPDATE t, INSERT
// INTO t, quoted and schema-qualified names) resolve aliases and give the
// columns offered in expressions.
class SqlCompletion final
{
    Q_DECLARE_TR_FUNCTIONS(sightline::SqlCompletion)
public:
    static constexpr int kMaxCandidates = 500;

    SqlCompletion() = delete;

    static CompletionResult complete(const CatalogSnapshot &catalog, QStringView text, int cursor,
                                     int maxCandidates = kMaxCandidates);

    // Where a name goes, for quoting: key words that may stand bare differ.
    enum class NameUse
    {
        Bare,     // a relation, column or schema name on its own
        Function, // a function name before "("
        AfterDot  // after "x.", where any key word may stand bare
    };
    // `name` as it must be written to mean exactly that name: bare when it is
    // lower case ASCII letters, digits, '_' and '$' (not first) and no key word
    // stands in the way, else double-quoted. The catalog's key words decide
    // when it has them; else every key word the lexer knows is quoted, to be safe.
    static QString quoteIdentifier(const CatalogSnapshot &catalog, const QString &name,
                                   NameUse use = NameUse::Bare);
    // The user-visible name of a kind ("table", "column", ...).
    static QString kindName(CompletionKind kind);
};

} // namespace sightline
