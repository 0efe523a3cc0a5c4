#pragma once

#include <QList>
#include <QString>
#include <QStringList>
#include <QStringView>

namespace sightline {

// What the cursor is at, as far as completion can tell.
enum class CompletionContext : quint8
{
    None,           // inside a string, comment or number: nothing to complete
    StatementStart, // the first word of a statement: key words
    Relation,       // after FROM, JOIN, UPDATE, INTO, TABLE, ...: relations and schemas
    AfterRelation,  // after a relation (its alias, JOIN, WHERE, ...): key words
    Expression,     // select list, WHERE, ON, GROUP/ORDER BY, SET, ...: columns first
    ColumnList,     // INSERT INTO t (|: the columns of t
    Qualified,      // after "x.": columns of alias/table x, or what schema x holds
    Routine,        // after CALL: procedures
    TypeName,       // after "::": type key words
    NewName,        // a name being made (CREATE TABLE |, AS |): nothing to offer
    General         // anywhere else: key words, relations, functions
};

// One table reference of a statement: FROM [ONLY] schema.name [AS] alias,
// JOIN, UPDATE, INSERT INTO, DELETE ... USING, TABLE, TRUNCATE.
struct SqlTableReference
{
    QStringList parts; // [schema,] name, as the server reads them (bare names folded to lower case)
    QString alias;
    bool isFunction = false; // FROM generate_series(...) g: no table behind the alias

    // What the statement calls it: the alias, else the name.
    QString qualifierName() const { return alias.isEmpty() ? parts.last() : alias; }
};

// Where completion stands in a text, read from its tokens alone (no catalog):
// the statement around the cursor (SqlSplitter), the word being typed, what
// qualifies it and what the words before it say is wanted (SqlLexer).
struct SqlCompletionSite
{
    CompletionContext context = CompletionContext::None;
    int start = 0;  // the word being typed starts here (its opening quote, if any)
    int end = 0;    // and ends here (past the cursor when the cursor is inside it)
    QString prefix; // what is typed of it before the cursor, without quotes
    // Qualified: ["o"] for "o.na|", ["sales", "orders"] for "sales.orders.na|",
    // and the context the qualified name stands in (Relation for "FROM sales.|").
    QStringList qualifier;
    CompletionContext unqualifiedContext = CompletionContext::None;
    QList<SqlTableReference> tables; // the statement's, at every depth
    QStringList columnListOf;        // ColumnList: [schema,] name of the table
    bool afterOperand = false;       // Expression: right after a complete operand ("SELECT a |")

    static SqlCompletionSite at(QStringView text, int cursor);
};

} // namespace sightline
