#pragma once

#include "models/sql/sqlsplitter.h"

#include <QString>

namespace sightline {

// PostgreSQL's own statement splitter (libpg_query), trimmed to the same
// ranges SqlSplitter reports. Used to cross-check our splitter, and where a
// script must be split exactly as the server would.
struct PgQuerySplitResult
{
    QList<SqlStatementRange> statements;
    QString error; // the parser's message when the script does not parse
    int errorPosition = 0;

    bool ok() const { return error.isEmpty(); }
};

enum class PgQuerySplitMode
{
    Parser,
    Scanner
};

PgQuerySplitResult pgQuerySplit(const QString &script, PgQuerySplitMode mode);

} // namespace sightline
