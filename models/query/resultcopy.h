#pragma once

#include <QList>
#include <QString>

namespace sightline {

class ResultSetModel;

// The text formats "Copy as" offers for a selection of a result grid.
enum class CopyFormat
{
    Tsv,      // for pasting into spreadsheets (LibreOffice Calc, Excel)
    Csv,      // byte for byte what `psql --csv` writes for the same rows
    Markdown, // a GitHub-flavoured Markdown table
    SqlInsert // one INSERT statement per row
};

struct CopyOptions
{
    // Whether TSV and CSV start with a row of column names. Markdown tables
    // always have one (the format needs it) and INSERTs always name their
    // columns (a column subset would otherwise be wrong).
    bool header = true;
    // Target of the INSERT statements; a result does not know its table, so
    // the caller says which. Quoted only when needed.
    QString tableName = QStringLiteral("table_name");
    QString schemaName; // empty: unqualified
};

// Renders `rows` × `columns` of `model` (in the order given; an empty
// `columns` means every column in model order). Values are the full raw
// values, never the grid's truncated display text. Every row, the header
// included, ends with "\n".
QString copyRows(const ResultSetModel &model, const QList<int> &rows, const QList<int> &columns,
                 CopyFormat format, const CopyOptions &options = {});

// An identifier as PostgreSQL reads it back unchanged: bare when it is
// lower-case letters, digits and underscores (not first a digit) and not a
// key word, else in double quotes with embedded quotes doubled.
QString quoteSqlIdentifier(const QString &name);

// A value as an SQL literal for a column of type `typeOid`, in the text form
// the server sent it; a null QString is NULL.
QString sqlLiteral(const QString &value, quint32 typeOid);

} // namespace sightline
