#pragma once

#include <QList>
#include <QStringView>

namespace sightline {

// Where one statement of a script is: [start, end) covers its first to its
// last token, without leading comments, whitespace or the terminating ';'.
struct SqlStatementRange
{
    int start = 0;
    int end = 0;
    bool terminated = false; // ended by ';' (the last statement may not be)

    int length() const { return end - start; }
    bool operator==(const SqlStatementRange &) const = default;
};

// Splits a script into statements the way psql does: semicolons inside
// strings, dollar quotes, comments, parentheses (rule actions) and
// SQL-standard function bodies (BEGIN ATOMIC ... END) do not split; psql
// backslash commands end a statement and are not part of any.
class SqlSplitter final
{
public:
    static QList<SqlStatementRange> split(QStringView script);
    // The statement for "run statement at cursor": the one containing the
    // cursor, else the last one before it, else the first after it. -1 when
    // the script has none.
    static int statementAt(const QList<SqlStatementRange> &statements, int cursor);
};

} // namespace sightline
