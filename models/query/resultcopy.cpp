#include "models/query/resultcopy.h"

#include "models/pg/pgtypes.h"
#include "models/query/resultsetmodel.h"
#include "models/query/resultvalueformat.h"
#include "models/sql/sqllexer.h"

#include <QRegularExpression>

namespace sightline {

namespace {

struct Cell
{
    QString value; // raw text form as the server sent it
    bool null = false;
};

Cell cellAt(const ResultSetModel &model, int row, int column)
{
    const QModelIndex index = model.index(row, column);
    if (index.data(ResultSetModel::IsNullRole).toBool())
        return {QString(), true};
    // RawValueRole, not DisplayRole: the grid cuts long values and spells
    // booleans as words.
    QString value = index.data(ResultSetModel::RawValueRole).toString();
    // An empty value may arrive as a null QString; keep it apart from NULL.
    if (value.isNull())
        value = QStringLiteral("");
    return {value, false};
}

// What a spreadsheet shows for a boolean; t/f would paste as plain letters.
QString spreadsheetText(const Cell &cell, quint32 typeOid)
{
    if (typeOid == pgtype::Bool)
        return cell.value == QLatin1String("t") ? QStringLiteral("true") : QStringLiteral("false");
    return cell.value;
}

QString quoted(QString text)
{
    text.replace(QLatin1Char('"'), QLatin1String("\"\""));
    return QLatin1Char('"') + text + QLatin1Char('"');
}

// Calc and Excel both read pasted text as tab-separated with '"' as the
// quote character, so a value with a tab, a line break or a quote survives
// only when quoted the CSV way.
QString tsvField(const QString &text)
{
    for (const QChar c : text) {
        if (c == QLatin1Char('\t') || c == QLatin1Char('\n') || c == QLatin1Char('\r') ||
            c == QLatin1Char('"'))
            return quoted(text);
    }
    return text;
}

// The same field `psql --csv` writes (shared with the file export).
QString csvField(const QString &text)
{
    QByteArray out;
    appendCsvField(out, text.toUtf8());
    return QString::fromUtf8(out);
}

// GFM table cells: a pipe ends the cell unless escaped, and a backslash is
// escaped too so that a value ending in one cannot swallow the next pipe. A
// line break would end the row, so it becomes <br>, which renderers show.
QString markdownCell(const QString &text)
{
    QString out;
    out.reserve(text.size());
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (c == QLatin1Char('\\')) {
            out += QLatin1String("\\\\");
        } else if (c == QLatin1Char('|')) {
            out += QLatin1String("\\|");
        } else if (c == QLatin1Char('\r')) {
            out += QLatin1String("<br>");
            if (i + 1 < text.size() && text.at(i + 1) == QLatin1Char('\n'))
                ++i;
        } else if (c == QLatin1Char('\n')) {
            out += QLatin1String("<br>");
        } else {
            out += c;
        }
    }
    return out;
}

QString joinLine(const QStringList &fields, QLatin1Char separator)
{
    return fields.join(separator) + QLatin1Char('\n');
}

} // namespace

QString quoteSqlIdentifier(const QString &name)
{
    bool plain = !name.isEmpty() && !name.at(0).isDigit();
    for (const QChar c : name) {
        const bool ok = (c >= QLatin1Char('a') && c <= QLatin1Char('z')) ||
                        (c >= QLatin1Char('0') && c <= QLatin1Char('9')) || c == QLatin1Char('_');
        if (!ok) {
            plain = false;
            break;
        }
    }
    // The lexer's list is wider than the reserved words; quoting a
    // non-reserved key word is harmless, leaving a reserved one bare is not.
    if (plain && !SqlLexer::isKeyword(name))
        return name;
    QString out = name;
    out.replace(QLatin1Char('"'), QLatin1String("\"\""));
    return QLatin1Char('"') + out + QLatin1Char('"');
}

QString sqlLiteral(const QString &value, quint32 typeOid)
{
    if (value.isNull())
        return QStringLiteral("NULL");
    if (typeOid == pgtype::Bool)
        return value == QLatin1String("t") ? QStringLiteral("true") : QStringLiteral("false");
    if (pgtype::isNumber(typeOid)) {
        // NaN and the infinities are numbers to the type but not as bare
        // tokens; they read back only as strings.
        static const QRegularExpression number(
            QStringLiteral("^[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]+)?$"));
        if (number.match(value).hasMatch())
            return value;
    }
    // standard_conforming_strings is on in every supported server, so doubling
    // the quote is the whole escape; backslashes (bytea's \x...) stay as they are.
    QString out = value;
    out.replace(QLatin1Char('\''), QLatin1String("''"));
    return QLatin1Char('\'') + out + QLatin1Char('\'');
}

QString copyRows(const ResultSetModel &model, const QList<int> &rows, const QList<int> &columns,
                 CopyFormat format, const CopyOptions &options)
{
    const QList<PgColumn> &modelColumns = model.columns();
    QList<int> cols;
    if (columns.isEmpty()) {
        for (int c = 0; c < modelColumns.size(); ++c)
            cols << c;
    } else {
        for (const int c : columns) {
            if (c >= 0 && c < modelColumns.size())
                cols << c;
        }
    }
    QList<int> validRows;
    validRows.reserve(rows.size());
    for (const int r : rows) {
        if (r >= 0 && r < model.rowCount())
            validRows << r;
    }

    QString out;
    QStringList fields;
    fields.reserve(cols.size());

    switch (format) {
    case CopyFormat::Tsv:
    case CopyFormat::Csv: {
        const bool csv = format == CopyFormat::Csv;
        const QLatin1Char separator(csv ? ',' : '\t');
        if (options.header) {
            for (const int c : cols) {
                const QString &name = modelColumns.at(c).name;
                fields << (csv ? csvField(name) : tsvField(name));
            }
            out += joinLine(fields, separator);
        }
        for (const int r : validRows) {
            fields.clear();
            for (const int c : cols) {
                const Cell cell = cellAt(model, r, c);
                if (cell.null)
                    fields << QString();
                else if (csv)
                    fields << csvField(cell.value);
                else
                    fields << tsvField(spreadsheetText(cell, modelColumns.at(c).typeOid));
            }
            out += joinLine(fields, separator);
        }
        break;
    }
    case CopyFormat::Markdown: {
        for (const int c : cols)
            fields << markdownCell(modelColumns.at(c).name);
        out += QLatin1String("| ") + fields.join(QLatin1String(" | ")) + QLatin1String(" |\n");
        fields.clear();
        for (const int c : cols) {
            fields << (ResultSetModel::isNumericType(modelColumns.at(c).typeOid)
                           ? QStringLiteral("---:")
                           : QStringLiteral("---"));
        }
        out += QLatin1String("| ") + fields.join(QLatin1String(" | ")) + QLatin1String(" |\n");
        for (const int r : validRows) {
            fields.clear();
            for (const int c : cols) {
                const Cell cell = cellAt(model, r, c);
                // Shown as the grid shows it: NULL must not look like an
                // empty string.
                fields << (cell.null
                               ? QStringLiteral("NULL")
                               : markdownCell(spreadsheetText(cell, modelColumns.at(c).typeOid)));
            }
            out += QLatin1String("| ") + fields.join(QLatin1String(" | ")) + QLatin1String(" |\n");
        }
        break;
    }
    case CopyFormat::SqlInsert: {
        QString prefix = QStringLiteral("INSERT INTO ");
        if (!options.schemaName.isEmpty())
            prefix += quoteSqlIdentifier(options.schemaName) + QLatin1Char('.');
        prefix += quoteSqlIdentifier(options.tableName) + QLatin1String(" (");
        for (const int c : cols)
            fields << quoteSqlIdentifier(modelColumns.at(c).name);
        prefix += fields.join(QLatin1String(", ")) + QLatin1String(") VALUES (");
        for (const int r : validRows) {
            fields.clear();
            for (const int c : cols) {
                const Cell cell = cellAt(model, r, c);
                fields << sqlLiteral(cell.null ? QString() : cell.value,
                                     modelColumns.at(c).typeOid);
            }
            out += prefix + fields.join(QLatin1String(", ")) + QLatin1String(");\n");
        }
        break;
    }
    }
    return out;
}

} // namespace sightline
