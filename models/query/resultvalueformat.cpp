#include "models/query/resultvalueformat.h"

#include "models/pg/pgtypes.h"

#include <algorithm>
#include <vector>

namespace sightline {

namespace {

constexpr QChar kLineBreakSymbol(0x21B5); // ↵
constexpr QChar kEllipsis(0x2026);        // …

bool isDigit(char16_t c)
{
    return c >= u'0' && c <= u'9';
}

int hexValue(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

char16_t unit(char c)
{
    return char16_t(static_cast<unsigned char>(c));
}

char16_t unit(QChar c)
{
    return c.unicode();
}

bool isOctal(char c)
{
    return c >= '0' && c <= '7';
}

// Length of a JSON number at `at` (0 when there is none); works on bytes or
// UTF-16 alike.
template<typename Text>
qsizetype jsonNumberLength(const Text &text, qsizetype at)
{
    const qsizetype n = text.size();
    qsizetype i = at;
    auto digitAt = [&](qsizetype k) { return k < n && isDigit(unit(text[k])); };
    if (i < n && unit(text[i]) == u'-')
        ++i;
    if (!digitAt(i))
        return 0;
    if (unit(text[i]) == u'0') {
        ++i;
    } else {
        while (digitAt(i))
            ++i;
    }
    if (i < n && unit(text[i]) == u'.') {
        ++i;
        if (!digitAt(i))
            return 0;
        while (digitAt(i))
            ++i;
    }
    if (i < n && (unit(text[i]) == u'e' || unit(text[i]) == u'E')) {
        ++i;
        if (i < n && (unit(text[i]) == u'+' || unit(text[i]) == u'-'))
            ++i;
        if (!digitAt(i))
            return 0;
        while (digitAt(i))
            ++i;
    }
    return i - at;
}

// Length of the JSON string literal starting with the quote at `at`; 0 when
// it is not a valid one.
qsizetype jsonStringLength(QStringView text, qsizetype at)
{
    const qsizetype n = text.size();
    qsizetype i = at + 1;
    while (i < n) {
        const char16_t c = text[i].unicode();
        if (c == u'"')
            return i + 1 - at;
        if (c < 0x20)
            return 0;
        if (c == u'\\') {
            if (i + 1 >= n)
                return 0;
            const char16_t e = text[i + 1].unicode();
            if (e == u'u') {
                if (i + 5 >= n)
                    return 0;
                for (qsizetype k = i + 2; k < i + 6; ++k) {
                    const char16_t h = text[k].unicode();
                    if (h > 0x7f || hexValue(char(h)) < 0)
                        return 0;
                }
                i += 6;
                continue;
            }
            if (e != u'"' && e != u'\\' && e != u'/' && e != u'b' && e != u'f' && e != u'n' &&
                e != u'r' && e != u't')
                return 0;
            i += 2;
            continue;
        }
        ++i;
    }
    return 0;
}

bool isJsonSpace(char16_t c)
{
    return c == u' ' || c == u'\t' || c == u'\n' || c == u'\r';
}

} // namespace

ValueKind valueKind(quint32 typeOid)
{
    switch (typeOid) {
    case pgtype::Int2:
    case pgtype::Int4:
    case pgtype::Int8:
    case pgtype::Oid:
        return ValueKind::Integer;
    case pgtype::Float4:
    case pgtype::Float8:
    case pgtype::Numeric:
        return ValueKind::Decimal;
    case pgtype::Bool:
        return ValueKind::Bool;
    case resulttype::Json:
    case resulttype::Jsonb:
        return ValueKind::Json;
    case resulttype::Bytea:
        return ValueKind::Bytea;
    default:
        return ValueKind::Text;
    }
}

void appendCsvField(QByteArray &out, QByteArrayView value)
{
    bool quote = value == QByteArrayView("\\.");
    for (qsizetype i = 0; !quote && i < value.size(); ++i) {
        const char c = value[i];
        quote = c == ',' || c == '"' || c == '\n' || c == '\r';
    }
    if (!quote) {
        out.append(value);
        return;
    }
    out.append('"');
    qsizetype start = 0;
    for (qsizetype i = 0; i < value.size(); ++i) {
        if (value[i] == '"') {
            out.append(value.sliced(start, i + 1 - start));
            out.append('"');
            start = i + 1;
        }
    }
    out.append(value.sliced(start));
    out.append('"');
}

void appendJsonString(QByteArray &out, QByteArrayView utf8)
{
    static const char hex[] = "0123456789abcdef";
    out.append('"');
    qsizetype start = 0;
    for (qsizetype i = 0; i < utf8.size(); ++i) {
        const auto c = static_cast<unsigned char>(utf8[i]);
        if (c >= 0x20 && c != '"' && c != '\\')
            continue;
        out.append(utf8.sliced(start, i - start));
        start = i + 1;
        switch (c) {
        case '"':
            out.append("\\\"");
            break;
        case '\\':
            out.append("\\\\");
            break;
        case '\n':
            out.append("\\n");
            break;
        case '\r':
            out.append("\\r");
            break;
        case '\t':
            out.append("\\t");
            break;
        case '\b':
            out.append("\\b");
            break;
        case '\f':
            out.append("\\f");
            break;
        default: {
            const char escaped[] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 0xf]};
            out.append(escaped, sizeof escaped);
            break;
        }
        }
    }
    out.append(utf8.sliced(start));
    out.append('"');
}

bool isJsonNumber(QByteArrayView text)
{
    return !text.isEmpty() && jsonNumberLength(text, 0) == text.size();
}

void appendJsonValue(QByteArray &out, QByteArrayView raw, bool isNull, quint32 typeOid)
{
    if (isNull) {
        out.append("null");
        return;
    }
    switch (valueKind(typeOid)) {
    case ValueKind::Integer:
    case ValueKind::Decimal:
        // NaN and the infinities have no JSON number; they stay strings.
        if (isJsonNumber(raw)) {
            out.append(raw);
            return;
        }
        break;
    case ValueKind::Bool:
        if (raw == QByteArrayView("t")) {
            out.append("true");
            return;
        }
        if (raw == QByteArrayView("f")) {
            out.append("false");
            return;
        }
        break;
    case ValueKind::Json:
        // The server only hands out valid JSON for these types.
        out.append(raw);
        return;
    case ValueKind::Text:
    case ValueKind::Bytea:
        break;
    }
    appendJsonString(out, raw);
}

QString prettyJson(QStringView json)
{
    enum class Want
    {
        Value,
        ValueOrEnd, // just after '['
        Key,
        KeyOrEnd, // just after '{'
        Colon,
        CommaOrEnd
    };
    QString out;
    out.reserve(json.size() + json.size() / 2);
    std::vector<char16_t> open; // '{' or '[' per nesting level; no recursion, any depth
    Want want = Want::Value;
    bool complete = false;
    const qsizetype n = json.size();
    qsizetype i = 0;

    // Indentation stops growing at some depth: deeply nested input would
    // otherwise grow quadratically.
    constexpr qsizetype kMaxIndentLevels = 40;
    auto newLine = [&] {
        out.append(QLatin1Char('\n'));
        const qsizetype levels = std::min(qsizetype(open.size()), kMaxIndentLevels);
        out.resize(out.size() + levels * 2, QLatin1Char(' '));
    };
    auto valueDone = [&] {
        if (open.empty())
            complete = true;
        else
            want = Want::CommaOrEnd;
    };

    while (true) {
        while (i < n && isJsonSpace(json[i].unicode()))
            ++i;
        if (i == n)
            break;
        if (complete)
            return {};
        const char16_t c = json[i].unicode();
        switch (want) {
        case Want::Colon:
            if (c != u':')
                return {};
            out.append(QLatin1String(": "));
            ++i;
            want = Want::Value;
            continue;
        case Want::CommaOrEnd: {
            const char16_t close = open.back() == u'{' ? u'}' : u']';
            if (c == u',') {
                out.append(QLatin1Char(','));
                ++i;
                newLine();
                want = open.back() == u'{' ? Want::Key : Want::Value;
                continue;
            }
            if (c != close)
                return {};
            open.pop_back();
            newLine();
            out.append(QChar(close));
            ++i;
            valueDone();
            continue;
        }
        case Want::ValueOrEnd:
        case Want::KeyOrEnd: {
            const char16_t close = want == Want::KeyOrEnd ? u'}' : u']';
            if (c == close) {
                // An empty container stays on one line: {} and [].
                open.pop_back();
                out.append(QChar(close));
                ++i;
                valueDone();
                continue;
            }
            newLine();
            want = want == Want::KeyOrEnd ? Want::Key : Want::Value;
            continue;
        }
        case Want::Key: {
            const qsizetype length = c == u'"' ? jsonStringLength(json, i) : 0;
            if (length == 0)
                return {};
            out.append(json.sliced(i, length));
            i += length;
            want = Want::Colon;
            continue;
        }
        case Want::Value:
            break;
        }

        // A value.
        if (c == u'{' || c == u'[') {
            out.append(QChar(c));
            open.push_back(c);
            ++i;
            want = c == u'{' ? Want::KeyOrEnd : Want::ValueOrEnd;
            continue;
        }
        qsizetype length = 0;
        if (c == u'"') {
            length = jsonStringLength(json, i);
        } else if (c == u'-' || isDigit(c)) {
            length = jsonNumberLength(json, i);
        } else {
            for (const QLatin1String word :
                 {QLatin1String("true"), QLatin1String("false"), QLatin1String("null")}) {
                if (json.sliced(i).startsWith(word)) {
                    length = word.size();
                    break;
                }
            }
        }
        if (length == 0)
            return {};
        out.append(json.sliced(i, length));
        i += length;
        valueDone();
    }
    if (!complete)
        return {};
    return out;
}

QString jsonOneLine(QStringView json)
{
    QString out;
    out.reserve(json.size());
    bool inString = false;
    const qsizetype n = json.size();
    for (qsizetype i = 0; i < n; ++i) {
        const QChar c = json[i];
        if (inString) {
            out.append(c);
            if (c == QLatin1Char('\\') && i + 1 < n) {
                out.append(json[++i]);
            } else if (c == QLatin1Char('"')) {
                inString = false;
            }
            continue;
        }
        if (c == QLatin1Char('"')) {
            inString = true;
            out.append(c);
            continue;
        }
        if (!isJsonSpace(c.unicode())) {
            out.append(c);
            continue;
        }
        // A run of white space: kept when it is plain spaces, else one space.
        qsizetype end = i;
        bool plain = true;
        while (end < n && isJsonSpace(json[end].unicode())) {
            plain = plain && json[end] == QLatin1Char(' ');
            ++end;
        }
        if (plain)
            out.append(json.sliced(i, end - i));
        else
            out.append(QLatin1Char(' '));
        i = end - 1;
    }
    return out;
}

bool decodeBytea(QByteArrayView text, QByteArray *bytes)
{
    bytes->clear();
    if (text.startsWith("\\x")) {
        const QByteArrayView digits = text.sliced(2);
        if (digits.size() % 2 != 0)
            return false;
        bytes->resize(digits.size() / 2);
        char *out = bytes->data();
        for (qsizetype i = 0; i < digits.size(); i += 2) {
            const int high = hexValue(digits[i]);
            const int low = hexValue(digits[i + 1]);
            if (high < 0 || low < 0) {
                bytes->clear();
                return false;
            }
            *out++ = char(high << 4 | low);
        }
        return true;
    }
    // bytea_output = escape: "\\" is a backslash, "\ooo" an octal byte.
    bytes->reserve(text.size());
    for (qsizetype i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c != '\\') {
            bytes->append(c);
            continue;
        }
        if (i + 1 < text.size() && text[i + 1] == '\\') {
            bytes->append('\\');
            ++i;
        } else if (i + 3 < text.size() && isOctal(text[i + 1]) && isOctal(text[i + 2]) &&
                   isOctal(text[i + 3])) {
            bytes->append(
                char((text[i + 1] - '0') << 6 | (text[i + 2] - '0') << 3 | (text[i + 3] - '0')));
            i += 3;
        } else {
            bytes->clear();
            return false;
        }
    }
    return true;
}

qint64 byteaSize(QByteArrayView text)
{
    if (text.startsWith("\\x"))
        return text.size() % 2 == 0 ? (text.size() - 2) / 2 : -1;
    qint64 size = 0;
    for (qsizetype i = 0; i < text.size(); ++i) {
        if (text[i] == '\\') {
            if (i + 1 < text.size() && text[i + 1] == '\\')
                i += 1;
            else if (i + 3 < text.size() && isOctal(text[i + 1]))
                i += 3;
            else
                return -1;
        }
        ++size;
    }
    return size;
}

QString cellDisplayText(QByteArrayView raw, int limit, bool *truncated)
{
    // Every character takes at most four bytes, so this many bytes hold at
    // least `limit` characters; a sequence cut at the end lies beyond them.
    const qsizetype window = qsizetype(limit) * 4 + 4;
    const bool cutBytes = raw.size() > window;
    const QString text = QString::fromUtf8(cutBytes ? raw.first(window) : raw);
    QString out;
    out.reserve(qMin<qsizetype>(text.size(), limit) + 1);
    bool cut = false;
    for (qsizetype i = 0; i < text.size(); ++i) {
        if (out.size() >= limit) {
            cut = true;
            break;
        }
        const QChar c = text[i];
        if (c == QLatin1Char('\r')) {
            out.append(kLineBreakSymbol);
            if (i + 1 < text.size() && text[i + 1] == QLatin1Char('\n'))
                ++i;
        } else if (c == QLatin1Char('\n')) {
            out.append(kLineBreakSymbol);
        } else {
            out.append(c);
        }
    }
    if (!cut && cutBytes)
        cut = true;
    if (cut) {
        if (!out.isEmpty() && out.back().isHighSurrogate())
            out.chop(1);
        out.append(kEllipsis);
    }
    if (truncated)
        *truncated = cut;
    return out;
}

} // namespace sightline
