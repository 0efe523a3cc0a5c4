#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>
#include <QStringView>

namespace sightline {

// Type OIDs the result grid and its exports present specially, besides the
// ones in models/pg/pgtypes.h (fixed in the catalog, so constants are safe).
namespace resulttype {
constexpr quint32 Bytea = 17;
constexpr quint32 Json = 114;
constexpr quint32 Jsonb = 3802;
} // namespace resulttype

// How a column's values are shown, sorted and exported.
enum class ValueKind
{
    Text,    // anything else, including timestamps (shown as the server's text)
    Integer, // int2, int4, int8, oid: exact 64-bit values
    Decimal, // float4, float8, numeric: may be NaN or ±Infinity
    Bool,
    Json, // json, jsonb
    Bytea
};
ValueKind valueKind(quint32 typeOid);

// Appends one field the way `psql --csv` writes it: quoted when it holds a
// comma, a quote or a line break, or is exactly "\." (COPY's end-of-data
// marker); quotes doubled. NULL and the empty string both come out as nothing.
void appendCsvField(QByteArray &out, QByteArrayView value);

// Appends `utf8` as a JSON string literal.
void appendJsonString(QByteArray &out, QByteArrayView utf8);
// Appends a cell as a JSON value: NULL as null, finite numbers as numbers, bool
// as true/false, json/jsonb embedded as they are, everything else as a string.
void appendJsonValue(QByteArray &out, QByteArrayView raw, bool isNull, quint32 typeOid);
// Whether `text` is a number as JSON spells them (no NaN, no leading '+' or '.').
bool isJsonNumber(QByteArrayView text);

// JSON text re-indented (two spaces a level) without reading numbers or
// reordering keys, so it shows exactly the value the server sent. Returns a
// null QString when `json` is not valid JSON.
QString prettyJson(QStringView json);
// JSON text on one line: line breaks and tabs between tokens become spaces
// (strings are left alone). Meant for a grid cell; it does not validate.
QString jsonOneLine(QStringView json);

// The bytes of a bytea value in the server's text form (hex "\x…" or the
// older escape form). Returns false on text that is neither.
bool decodeBytea(QByteArrayView text, QByteArray *bytes);
// Number of bytes of a bytea value in text form without decoding it; -1 when
// the text is not a bytea value.
qint64 byteaSize(QByteArrayView text);

// Text for a grid cell: at most `limit` characters of `raw` (UTF-8), line
// breaks shown as "↵", "…" appended when cut. Sets *truncated when cut.
QString cellDisplayText(QByteArrayView raw, int limit, bool *truncated);

} // namespace sightline
