#include "planjsonreader.h"

#include "planfields.h"

#include <QCoreApplication>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>
#include <unordered_map>
#include <vector>

namespace sightline {

namespace {

using planfields::FieldValue;

bool isFrameChar(QChar c)
{
    return c == u'|' || c == u'\u2502' || c == u'\u2551' || c == u'\u2503';
}

QStringView trimmedLeft(QStringView v)
{
    qsizetype i = 0;
    while (i < v.size() && v[i].isSpace())
        ++i;
    return v.mid(i);
}

QStringView trimmedRight(QStringView v)
{
    qsizetype n = v.size();
    while (n > 0 && v[n - 1].isSpace())
        --n;
    return v.first(n);
}

// Where an offset in the text being parsed lies in the input, for node lines and messages.
class LineMap
{
public:
    virtual ~LineMap() = default;
    virtual int lineAt(qsizetype offset) const = 0;
};

// The JSON text with everything that is not JSON taken away, and where each of its lines came
// from in the input.
struct CleanText final : LineMap
{
    QString text;                       // shares the input when nothing had to be taken away
    qsizetype begin = 0;                // where the JSON starts in text
    std::vector<qsizetype> lineOffsets; // start of each clean line in text
    std::vector<int> lineNumbers;       // its 1-based line in the input

    int lineAt(qsizetype offset) const override
    {
        if (lineOffsets.empty())
            return 0;
        const auto it = std::upper_bound(lineOffsets.begin(), lineOffsets.end(), offset);
        const size_t index = it == lineOffsets.begin() ? 0 : size_t(it - lineOffsets.begin()) - 1;
        return lineNumbers[index];
    }
};

// Whether a line (frame already removed) opens a JSON document: "[" or "{" followed by what
// JSON allows there, so a psql prompt like "[123](456)db=#" is not taken for one.
bool opensJson(QStringView v)
{
    if (v.isEmpty() || (v[0] != u'[' && v[0] != u'{'))
        return false;
    const QStringView rest = trimmedLeft(v.mid(1));
    if (rest.isEmpty())
        return true;
    const QChar next = rest[0];
    if (v[0] == u'{')
        return next == u'"' || next == u'}';
    return next == u'{' || next == u'[' || next == u']' || next == u'"';
}

bool prepare(const QString &input, CleanText &out)
{
    const QList<QStringView> lines = planfields::splitLines(input);
    qsizetype start = -1;
    bool doubledQuotes = false;
    for (qsizetype i = 0; i < lines.size(); ++i) {
        QStringView v = trimmedRight(trimmedLeft(lines[i]));
        if (!v.isEmpty() && isFrameChar(v[0]))
            v = trimmedLeft(v.mid(1));
        if (!v.isEmpty() && isFrameChar(v.back()))
            v = trimmedRight(v.chopped(1));
        if (!v.isEmpty() && (v.back() == u'+' || v.back() == u'\u21b5'))
            v = trimmedRight(v.chopped(1));
        if (opensJson(v)) {
            start = i;
            break;
        }
        // pgAdmin copies the whole cell in quotes and doubles the quotes inside.
        if (v.size() >= 2 && v[0] == u'"' && opensJson(v.mid(1))) {
            start = i;
            doubledQuotes = true;
            break;
        }
    }
    if (start < 0)
        return false;

    // Decide once for the whole document which decorations it carries, so a '+' or '|' that
    // belongs to the data is not stripped from a plain document.
    qsizetype nonEmpty = 0;
    qsizetype leadingFrames = 0;
    qsizetype trailingFrames = 0;
    qsizetype continuations = 0;
    for (qsizetype i = start; i < lines.size(); ++i) {
        QStringView v = trimmedRight(lines[i]);
        const QStringView left = trimmedLeft(v);
        if (left.isEmpty())
            continue;
        ++nonEmpty;
        if (isFrameChar(left[0]))
            ++leadingFrames;
        if (isFrameChar(v.back())) {
            ++trailingFrames;
            v = trimmedRight(v.chopped(1));
        }
        if (!v.isEmpty() && (v.back() == u'+' || v.back() == u'\u21b5'))
            ++continuations;
    }
    const bool stripLeading = leadingFrames * 2 > nonEmpty;
    const bool stripTrailing = trailingFrames * 2 > nonEmpty;
    const bool stripContinuation = continuations * 3 > nonEmpty;

    out.lineOffsets.reserve(size_t(lines.size() - start));
    out.lineNumbers.reserve(size_t(lines.size() - start));
    if (!stripLeading && !stripTrailing && !stripContinuation && !doubledQuotes) {
        // Plain JSON (the usual case): read the input itself, no copy.
        out.text = input;
        out.begin = lines[start].data() - input.constData();
        for (qsizetype i = start; i < lines.size(); ++i) {
            out.lineOffsets.push_back(lines[i].data() - input.constData());
            out.lineNumbers.push_back(int(i + 1));
        }
        return true;
    }

    out.text.reserve(input.size() - (lines[start].data() - input.constData()));
    for (qsizetype i = start; i < lines.size(); ++i) {
        QStringView v = trimmedRight(lines[i]);
        if (stripLeading) {
            const QStringView left = trimmedLeft(v);
            if (!left.isEmpty() && isFrameChar(left[0]))
                v = left.mid(1);
        }
        if (stripTrailing && !v.isEmpty() && isFrameChar(v.back()))
            v = trimmedRight(v.chopped(1));
        if (stripContinuation && !v.isEmpty() && (v.back() == u'+' || v.back() == u'\u21b5'))
            v.chop(1);
        if (i == start && doubledQuotes) {
            v = trimmedLeft(v);
            v = v.mid(1);
        }
        out.lineOffsets.push_back(out.text.size());
        out.lineNumbers.push_back(int(i + 1));
        out.text.append(v);
        out.text.append(u'\n');
    }
    if (doubledQuotes) {
        // Drop the closing quote of the cell, then undo the doubling.
        qsizetype end = out.text.size();
        while (end > 0 && out.text[end - 1].isSpace())
            --end;
        if (end > 0 && out.text[end - 1] == u'"')
            out.text[end - 1] = u' ';
        // Offsets shift as "" becomes "; rebuild the line table while replacing.
        QString unquoted;
        unquoted.reserve(out.text.size());
        std::vector<qsizetype> offsets;
        size_t line = 0;
        for (qsizetype i = 0; i < out.text.size(); ++i) {
            while (line < out.lineOffsets.size() && out.lineOffsets[line] == i) {
                offsets.push_back(unquoted.size());
                ++line;
            }
            const QChar c = out.text[i];
            unquoted.append(c);
            if (c == u'"' && i + 1 < out.text.size() && out.text[i + 1] == u'"')
                ++i;
        }
        while (offsets.size() < out.lineOffsets.size())
            offsets.push_back(unquoted.size());
        out.text = std::move(unquoted);
        out.lineOffsets = std::move(offsets);
    }
    return true;
}

// Lines of an input read in place as UTF-8. Counted on demand and forward from the last
// question, because nodes are asked for in input order: no table of 10^5 line starts.
class ByteLines final : public LineMap
{
public:
    ByteLines(const char *data, qsizetype size)
        : m_data(data)
        , m_size(size)
        , m_loneCarriageReturns(std::memchr(data, '\r', size_t(size)) != nullptr)
    {}

    int lineAt(qsizetype offset) const override
    {
        offset = std::clamp(offset, qsizetype(0), m_size);
        if (offset < m_pos) {
            m_pos = 0;
            m_line = 1;
        }
        if (!m_loneCarriageReturns) {
            // memchr skips whole lines at a time; a byte loop over 19 MB showed in profiles.
            const char *p = m_data + m_pos;
            const char *end = m_data + offset;
            while (p < end) {
                p = static_cast<const char *>(std::memchr(p, '\n', size_t(end - p)));
                if (!p)
                    break;
                ++m_line;
                ++p;
            }
            m_pos = offset;
            return m_line;
        }
        for (; m_pos < offset; ++m_pos) {
            const char c = m_data[m_pos];
            if (c == '\n' || (c == '\r' && (m_pos + 1 >= m_size || m_data[m_pos + 1] != '\n')))
                ++m_line;
        }
        return m_line;
    }

private:
    const char *m_data;
    qsizetype m_size;
    bool m_loneCarriageReturns; // a '\r' anywhere: count \r\n, \r and \n as splitLines does
    mutable qsizetype m_pos = 0;
    mutable int m_line = 1;
};

// The readers below run on the cleaned UTF-16 text or, for input that is plain JSON already,
// on the UTF-8 bytes themselves (no 2x copy of a large document).
inline char16_t unit(QChar c)
{
    return c.unicode();
}
inline char16_t unit(char c)
{
    return char16_t(uchar(c));
}

template<typename Char>
struct TextOf;
template<>
struct TextOf<QChar>
{
    using View = QStringView;
    static QString toString(View v) { return v.toString(); }
    static std::optional<double> number(View v) { return planfields::parseNumber(v); }
};
template<>
struct TextOf<char>
{
    using View = QByteArrayView;
    static QString toString(View v) { return QString::fromUtf8(v); }
    static std::optional<double> number(View v)
    {
        // Same rules as planfields::parseNumber, without a UTF-16 detour; tokens hold no spaces.
        if (!v.isEmpty() && v.front() == '+')
            v = v.sliced(1);
        if (v.isEmpty() || v.size() > 64)
            return std::nullopt;
        double value = 0;
        const auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), value);
        if (ec != std::errc() || end != v.data() + v.size() || !std::isfinite(value))
            return std::nullopt;
        return value;
    }
};

// 28 bytes per value: offsets into the text instead of copies; numbers are parsed again from
// their token when read (cheaper than storing one double per value of a large plan).
struct JValue
{
    enum Kind : quint8
    {
        Null,
        False,
        True,
        Number,
        String,
        Array,
        Object,
    };
    qint32 keyStart = -1;
    qint32 valueStart = 0; // string contents, number token, or where a container opens
    qint32 keyLength = 0;
    qint32 valueLength = 0;
    qint32 firstChild = -1;
    qint32 next = -1;
    Kind kind = Null;
    bool keyEscaped = false;
    bool valueEscaped = false;
};

// An iterative JSON parser into a flat value table. Tolerates trailing commas and hard line
// breaks inside strings; stops at the first error and keeps what it read.
template<typename Char>
class JsonParser final
{
    Q_DECLARE_TR_FUNCTIONS(PlanParser)
    using View = typename TextOf<Char>::View;

public:
    JsonParser(const Char *data, qsizetype size, qsizetype begin)
        : m_data(data)
        , m_size(size)
        , m_pos(begin)
    {
        // About one value per 24 characters of typical EXPLAIN JSON.
        values.reserve(size_t((size - begin) / 24 + 16));
    }

    void parse()
    {
        while (true) {
            skipSpace();
            if (m_pos >= m_size || (unit(m_data[m_pos]) != u'[' && unit(m_data[m_pos]) != u'{'))
                return; // what follows the JSON (psql footer, notes) is not ours
            if (!parseDocument())
                return;
        }
    }

    std::vector<JValue> values;
    std::vector<int> roots;
    QString error;
    qsizetype errorOffset = -1;
    bool truncated = false;

private:
    enum class State
    {
        Value,
        ValueOrEnd,
        KeyOrEnd,
        Colon,
        CommaOrEnd,
    };

    void skipSpace()
    {
        while (m_pos < m_size) {
            const char16_t c = unit(m_data[m_pos]);
            if (c != u' ' && c != u'\n' && c != u'\r' && c != u'\t')
                break;
            ++m_pos;
        }
    }

    void fail(const char *message)
    {
        error = tr(message);
        errorOffset = m_pos;
    }

    void failTruncated()
    {
        truncated = true;
        error = tr("The JSON ends before it is complete; the input looks truncated.");
        errorOffset = m_size;
    }

    int add(JValue value)
    {
        const int index = int(values.size());
        if (m_stack.empty()) {
            roots.push_back(index);
        } else {
            Open &open = m_stack.back();
            JValue &parent = values[size_t(open.index)];
            if (parent.kind == JValue::Object) {
                value.keyStart = qint32(m_keyStart);
                value.keyLength = m_keyLength;
                value.keyEscaped = m_keyEscaped;
            }
            if (open.lastChild >= 0)
                values[size_t(open.lastChild)].next = index;
            else
                parent.firstChild = index;
            open.lastChild = index;
        }
        values.push_back(value);
        return index;
    }

    // Reads a string starting at the quote; false when the input ends inside it.
    bool readString(qsizetype &start, int &length, bool &escaped)
    {
        qsizetype i = m_pos + 1;
        start = i;
        escaped = false;
        while (i < m_size) {
            const char16_t c = unit(m_data[i]);
            if (c == u'\\') {
                escaped = true;
                i += 2;
                continue;
            }
            if (c == u'"')
                break;
            if (c == u'\n' || c == u'\r')
                escaped = true; // a hard line break from a terminal or an editor
            ++i;
        }
        if (i >= m_size) {
            m_pos = m_size;
            return false;
        }
        length = int(i - start);
        m_pos = i + 1;
        return true;
    }

    bool parseScalar()
    {
        const char16_t c = unit(m_data[m_pos]);
        JValue value;
        value.valueStart = qint32(m_pos);
        if (c == u'"') {
            qsizetype start = 0;
            int length = 0;
            bool escaped = false;
            if (!readString(start, length, escaped)) {
                failTruncated();
                return false;
            }
            value.kind = JValue::String;
            value.valueStart = qint32(start);
            value.valueLength = length;
            value.valueEscaped = escaped;
            add(value);
            return true;
        }
        if (c == u'-' || c == u'+' || (c >= u'0' && c <= u'9')) {
            qsizetype i = m_pos;
            while (i < m_size) {
                const char16_t d = unit(m_data[i]);
                if (!((d >= u'0' && d <= u'9') || d == u'.' || d == u'-' || d == u'+' ||
                      d == u'e' || d == u'E'))
                    break;
                ++i;
            }
            const auto number = TextOf<Char>::number(View(m_data + m_pos, i - m_pos));
            if (!number) {
                if (i >= m_size) {
                    failTruncated();
                    return false;
                }
                fail(QT_TRANSLATE_NOOP("PlanParser", "Not a valid number in the JSON."));
                return false;
            }
            value.kind = JValue::Number;
            value.valueLength = int(i - m_pos);
            m_pos = i;
            add(value);
            return true;
        }
        static const struct
        {
            QLatin1StringView word;
            JValue::Kind kind;
        } literals[] = {{QLatin1StringView("true"), JValue::True},
                        {QLatin1StringView("false"), JValue::False},
                        {QLatin1StringView("null"), JValue::Null}};
        for (const auto &literal : literals) {
            const qsizetype available = std::min(m_size - m_pos, literal.word.size());
            qsizetype matched = 0;
            while (matched < available && unit(m_data[m_pos + matched]) ==
                                              char16_t(uchar(literal.word[matched].toLatin1())))
                ++matched;
            if (matched < available)
                continue;
            if (available == literal.word.size()) {
                value.kind = literal.kind;
                value.valueLength = int(literal.word.size());
                m_pos += literal.word.size();
                add(value);
                return true;
            }
            if (m_pos + available >= m_size) {
                failTruncated();
                return false;
            }
        }
        fail(QT_TRANSLATE_NOOP("PlanParser", "Unexpected character in the JSON."));
        return false;
    }

    // One top-level value; false when parsing must stop (error or truncation).
    bool parseDocument()
    {
        m_stack.clear();
        State state = State::Value;
        while (true) {
            skipSpace();
            if (m_pos >= m_size) {
                failTruncated();
                return false;
            }
            const char16_t c = unit(m_data[m_pos]);
            switch (state) {
            case State::ValueOrEnd:
                if (c == u']') {
                    if (!close())
                        return true;
                    state = State::CommaOrEnd;
                    break;
                }
                [[fallthrough]];
            case State::Value:
                if (c == u'{' || c == u'[') {
                    JValue value;
                    value.kind = c == u'{' ? JValue::Object : JValue::Array;
                    value.valueStart = qint32(m_pos);
                    m_stack.push_back({add(value), -1});
                    ++m_pos;
                    state = c == u'{' ? State::KeyOrEnd : State::ValueOrEnd;
                    break;
                }
                if (!parseScalar())
                    return false;
                if (m_stack.empty())
                    return true;
                state = State::CommaOrEnd;
                break;
            case State::KeyOrEnd:
                if (c == u'}') {
                    if (!close())
                        return true;
                    state = State::CommaOrEnd;
                    break;
                }
                if (c != u'"') {
                    fail(QT_TRANSLATE_NOOP("PlanParser", "Expected a quoted key in the JSON."));
                    return false;
                }
                if (!readString(m_keyStart, m_keyLength, m_keyEscaped)) {
                    failTruncated();
                    return false;
                }
                state = State::Colon;
                break;
            case State::Colon:
                if (c != u':') {
                    fail(QT_TRANSLATE_NOOP("PlanParser", "Expected ':' after a key in the JSON."));
                    return false;
                }
                ++m_pos;
                state = State::Value;
                break;
            case State::CommaOrEnd: {
                const bool inObject = values[size_t(m_stack.back().index)].kind == JValue::Object;
                if (c == u',') {
                    ++m_pos;
                    state = inObject ? State::KeyOrEnd : State::ValueOrEnd;
                } else if ((c == u'}' && inObject) || (c == u']' && !inObject)) {
                    if (!close())
                        return true;
                } else {
                    fail(inObject
                             ? QT_TRANSLATE_NOOP("PlanParser", "Expected ',' or '}' in the JSON.")
                             : QT_TRANSLATE_NOOP("PlanParser", "Expected ',' or ']' in the JSON."));
                    return false;
                }
                break;
            }
            }
        }
    }

    // Closes the innermost container; false when that finished the document.
    bool close()
    {
        ++m_pos;
        m_stack.pop_back();
        return !m_stack.empty();
    }

    const Char *m_data;
    qsizetype m_size;
    qsizetype m_pos;
    struct Open
    {
        int index;
        int lastChild;
    };
    std::vector<Open> m_stack;
    qsizetype m_keyStart = -1;
    int m_keyLength = 0;
    bool m_keyEscaped = false;
};

template<typename Char>
QString decodeString(const Char *data, qsizetype length)
{
    QString out;
    out.reserve(length);
    // Plain stretches go in whole, so UTF-8 sequences are decoded together.
    qsizetype run = 0;
    const auto flush = [&](qsizetype end) {
        if (end > run)
            out.append(TextOf<Char>::toString(typename TextOf<Char>::View(data + run, end - run)));
    };
    for (qsizetype i = 0; i < length; ++i) {
        const char16_t c = unit(data[i]);
        if (c == u'\n' || c == u'\r') {
            flush(i);
            run = i + 1;
            continue;
        }
        if (c != u'\\' || i + 1 >= length)
            continue;
        flush(i);
        const char16_t e = unit(data[++i]);
        run = i + 1;
        switch (e) {
        case u'n':
            out.append(u'\n');
            break;
        case u't':
            out.append(u'\t');
            break;
        case u'r':
            out.append(u'\r');
            break;
        case u'b':
            out.append(u'\b');
            break;
        case u'f':
            out.append(u'\f');
            break;
        case u'u':
            if (i + 4 < length) {
                char hex[4];
                bool ascii = true;
                for (int k = 0; k < 4; ++k) {
                    const char16_t h = unit(data[i + 1 + k]);
                    ascii = ascii && h < 128;
                    hex[k] = char(h);
                }
                ushort code = 0;
                const auto [end, ec] = std::from_chars(hex, hex + 4, code, 16);
                if (ascii && ec == std::errc() && end == hex + 4) {
                    out.append(QChar(code));
                    i += 4;
                    run = i + 1;
                    break;
                }
            }
            out.append(QChar(e));
            break;
        default: // \" \\ \/ and anything unknown: the character itself
            if (e < 128) {
                out.append(QChar(e));
            } else {
                run = i; // a non-ASCII character after '\\' stays with the text that follows
            }
            break;
        }
    }
    flush(length);
    return out;
}

// FNV-1a: keys and short values are a few bytes long, where qHash's set-up costs more than
// the hashing; these tables see hundreds of thousands of lookups on a large plan.
struct ViewHash
{
    template<typename View>
    size_t operator()(View v) const noexcept
    {
        size_t h = 14695981039346656037ull;
        for (qsizetype i = 0; i < v.size(); ++i)
            h = (h ^ unit(v.data()[i])) * 1099511628211ull;
        return h;
    }
};

// Turns the value table into Plans.
template<typename Char>
class PlanBuilder final
{
    Q_DECLARE_TR_FUNCTIONS(PlanParser)
    using View = typename TextOf<Char>::View;

public:
    PlanBuilder(const LineMap &lines, const Char *data, const JsonParser<Char> &parser)
        : m_clean(lines)
        , m_data(data)
        , m_values(parser.values)
        , m_truncated(parser.truncated || !parser.error.isEmpty())
    {}

    QList<Plan> build(const std::vector<int> &roots)
    {
        for (int root : roots)
            addDocument(root);
        return m_plans;
    }

    QList<PlanWarning> warnings;

private:
    const JValue &at(int index) const { return m_values[size_t(index)]; }

    double number(const JValue &v) const
    {
        return TextOf<Char>::number(View(m_data + v.valueStart, v.valueLength)).value_or(0.0);
    }

    template<typename F>
    void forEachChild(int index, F &&f) const
    {
        for (int c = at(index).firstChild; c >= 0; c = at(c).next)
            f(c);
    }

    // A key read once per distinct spelling: its text (shared by every property that uses it)
    // and the node field it sets.
    struct Key
    {
        QString name;
        planfields::NodeField field = planfields::NodeField::Unknown;
    };

    const Key &keyEntry(const JValue &v)
    {
        if (v.keyStart < 0 || v.keyEscaped) {
            m_scratch.name =
                v.keyStart < 0 ? QString() : decodeString(m_data + v.keyStart, v.keyLength);
            m_scratch.field = planfields::nodeFieldForKey(m_scratch.name);
            return m_scratch;
        }
        const View view(m_data + v.keyStart, v.keyLength);
        auto it = m_keys.find(view);
        if (it == m_keys.end()) {
            const QString name = TextOf<Char>::toString(view);
            Key entry{name, planfields::nodeFieldForKey(name)};
            it = m_keys.emplace(view, std::move(entry)).first;
        }
        return it->second;
    }

    QString key(const JValue &v) { return keyEntry(v).name; }

    QString stringOf(const JValue &v)
    {
        if (v.valueEscaped)
            return decodeString(m_data + v.valueStart, v.valueLength);
        return shortValue(View(m_data + v.valueStart, v.valueLength));
    }

    // Short values repeat all over a plan ("0", "Outer", "Forward", "0.00"): one shared copy
    // each instead of one allocation per property keeps large plans small.
    QString shortValue(View view, bool number = false)
    {
        // Numbers longer than a few digits ("1234.567") rarely repeat: a table lookup that
        // misses costs more than the copy it would save.
        if (view.size() > (number ? 4 : 24) || m_shortValues.size() >= 65536)
            return TextOf<Char>::toString(view);
        auto it = m_shortValues.find(view);
        if (it == m_shortValues.end())
            it = m_shortValues.emplace(view, TextOf<Char>::toString(view)).first;
        return it->second;
    }

    // The value as text, the way the TEXT format would show it; nested containers become
    // compact JSON, bounded in depth so hostile input cannot recurse without end.
    QString display(int index, int depth = 0)
    {
        const JValue &v = at(index);
        switch (v.kind) {
        case JValue::Null:
            return QStringLiteral("null");
        case JValue::True:
            return QStringLiteral("true");
        case JValue::False:
            return QStringLiteral("false");
        case JValue::Number:
            return shortValue(View(m_data + v.valueStart, v.valueLength), true);
        case JValue::String:
            return depth == 0 ? stringOf(v) : QLatin1Char('"') + stringOf(v) + QLatin1Char('"');
        case JValue::Array:
        case JValue::Object:
            break;
        }
        if (depth > 16)
            return QStringLiteral("\u2026");
        QString out;
        const bool object = v.kind == JValue::Object;
        out += object ? u'{' : u'[';
        bool first = true;
        forEachChild(index, [&](int c) {
            if (!first)
                out += QLatin1String(", ");
            first = false;
            if (object)
                out += QLatin1Char('"') + key(at(c)) + QLatin1String("\": ");
            out += display(c, depth + 1);
        });
        out += object ? u'}' : u']';
        return out;
    }

    FieldValue fieldValue(int index)
    {
        const JValue &v = at(index);
        FieldValue fv;
        if (v.kind == JValue::Number)
            fv.number = number(v);
        if (v.kind == JValue::Array) {
            fv.isList = true;
            forEachChild(index, [&](int c) { fv.list.append(display(c)); });
            fv.text = fv.list.join(QLatin1String(", "));
        } else {
            fv.text = display(index);
        }
        return fv;
    }

    int findKey(int object, QStringView name)
    {
        int found = -1;
        forEachChild(object, [&](int c) {
            if (found < 0 && at(c).keyStart >= 0 && key(at(c)) == name)
                found = c;
        });
        return found;
    }

    void addDocument(int root)
    {
        const JValue &v = at(root);
        if (v.kind == JValue::Array) {
            forEachChild(root, [&](int c) {
                if (at(c).kind == JValue::Object)
                    addPlanObject(c, 0);
                else if (at(c).kind == JValue::Array)
                    forEachChild(c, [&](int cc) {
                        if (at(cc).kind == JValue::Object)
                            addPlanObject(cc, 0);
                    });
            });
        } else if (v.kind == JValue::Object) {
            addPlanObject(root, 0);
        }
    }

    void addPlanObject(int object, int depth)
    {
        const int planKey = findKey(object, u"Plan");
        if (planKey >= 0 && at(planKey).kind == JValue::Object) {
            Plan plan;
            plan.format = PlanFormat::Json;
            readTree(plan, planKey);
            readSummary(plan, object);
            if (!plan.nodes.isEmpty())
                m_plans.append(std::move(plan));
            return;
        }
        if (findKey(object, u"Node Type") >= 0) {
            Plan plan;
            plan.format = PlanFormat::Json;
            readTree(plan, object);
            if (!plan.nodes.isEmpty())
                m_plans.append(std::move(plan));
            return;
        }
        // Tools that export result grids as JSON wrap the plan in {"QUERY PLAN": [...]}.
        const int wrapped = findKey(object, u"QUERY PLAN");
        if (wrapped >= 0 && depth < 2) {
            const JValue &w = at(wrapped);
            if (w.kind == JValue::Object)
                addPlanObject(wrapped, depth + 1);
            else if (w.kind == JValue::Array)
                forEachChild(wrapped, [&](int c) {
                    if (at(c).kind == JValue::Object)
                        addPlanObject(c, depth + 1);
                });
        }
    }

    void readTree(Plan &plan, int rootObject)
    {
        struct Item
        {
            int value;
            int parent;
        };
        std::vector<Item> stack{{rootObject, -1}};
        std::vector<int> children;
        while (!stack.empty()) {
            const Item item = stack.back();
            stack.pop_back();
            if (at(item.value).kind != JValue::Object)
                continue;
            PlanNode node;
            node.parent = item.parent;
            node.sourceLine = m_clean.lineAt(at(item.value).valueStart);
            int plans = -1;
            int keys = 0;
            forEachChild(item.value, [&](int) { ++keys; });
            node.properties.reserve(keys);
            forEachChild(item.value, [&](int c) {
                const JValue &v = at(c);
                const Key &entry = keyEntry(v);
                const QString name = entry.name;
                const planfields::NodeField field = entry.field;
                if (field == planfields::NodeField::Unknown && name == QLatin1String("Plans")) {
                    plans = c;
                    return;
                }
                if (field == planfields::NodeField::Unknown && v.kind == JValue::Array &&
                    name == QLatin1String("Workers")) {
                    forEachChild(c, [&](int w) {
                        if (at(w).kind == JValue::Object)
                            node.workers.append(readWorker(w));
                    });
                    return;
                }
                const FieldValue fv = fieldValue(c);
                node.properties.append({name, fv.text});
                if (field != planfields::NodeField::Unknown) {
                    planfields::applyNodeField(node, field, fv);
                } else if (fv.number) {
                    if (!planfields::applyBufferKey(node.buffers, name, *fv.number))
                        planfields::applyWalKey(node.wal, name, *fv.number);
                }
            });
            if (node.nodeType.isEmpty()) {
                // An object cut off before its "Node Type" (truncated input) or one that is
                // not a plan node: nothing under it can be placed either.
                if (!m_truncated)
                    warnings.append(
                        {node.sourceLine, tr("A plan node without \"Node Type\" was skipped.")});
                continue;
            }
            const int id = int(plan.nodes.size());
            node.id = id;
            plan.nodes.append(std::move(node));
            if (item.parent >= 0)
                plan.nodes[item.parent].children.append(id);
            if (plans >= 0 && at(plans).kind == JValue::Array) {
                children.clear();
                forEachChild(plans, [&](int c) { children.push_back(c); });
                for (auto it = children.rbegin(); it != children.rend(); ++it)
                    stack.push_back({*it, id});
            }
        }
        planfields::finalizeTree(plan);
    }

    PlanWorker readWorker(int object)
    {
        PlanWorker worker;
        forEachChild(object, [&](int c) {
            const JValue &v = at(c);
            const QString name = key(v);
            if (name == QLatin1String("JIT") && v.kind == JValue::Object) {
                worker.jit = readJit(c);
                return;
            }
            const FieldValue fv = fieldValue(c);
            const double number = fv.number.value_or(0);
            if (name == QLatin1String("Worker Number") && fv.number)
                worker.number = int(planfields::toInt64(number));
            else if (name == QLatin1String("Actual Startup Time") && fv.number)
                worker.actualStartupMs = number;
            else if (name == QLatin1String("Actual Total Time") && fv.number)
                worker.actualTotalMs = number;
            else if (name == QLatin1String("Actual Rows") && fv.number)
                worker.actualRows = number;
            else if (name == QLatin1String("Actual Loops") && fv.number)
                worker.actualLoops = number;
            else if (name == QLatin1String("Sort Method"))
                worker.sort.method = fv.text;
            else if (name == QLatin1String("Sort Space Type"))
                worker.sort.spaceType = fv.text;
            else if (name == QLatin1String("Sort Space Used") && fv.number)
                worker.sort.spaceUsedKb = planfields::toInt64(number);
            else if (!fv.number || (!planfields::applyBufferKey(worker.buffers, name, number) &&
                                    !planfields::applyWalKey(worker.wal, name, number)))
                worker.properties.append({name, fv.text});
        });
        return worker;
    }

    PlanJit readJit(int object)
    {
        PlanJit jit;
        jit.present = true;
        forEachChild(object, [&](int c) {
            const JValue &v = at(c);
            const QString name = key(v);
            if (name == QLatin1String("Functions") && v.kind == JValue::Number) {
                jit.functions = planfields::toInt64(number(v));
            } else if (name == QLatin1String("Options") && v.kind == JValue::Object) {
                forEachChild(c, [&](int o) { jit.options.append({key(at(o)), display(o)}); });
            } else if (name == QLatin1String("Timing") && v.kind == JValue::Object) {
                forEachChild(c, [&](int t) {
                    const JValue &tv = at(t);
                    const QString phase = key(tv);
                    std::optional<double> value;
                    if (tv.kind == JValue::Number) {
                        value = number(tv);
                    } else if (tv.kind == JValue::Object) {
                        // PostgreSQL 17: "Generation": {"Deform": x, "Total": y}
                        forEachChild(t, [&](int g) {
                            const JValue &gv = at(g);
                            if (gv.kind != JValue::Number)
                                return;
                            if (key(gv) == QLatin1String("Total"))
                                value = number(gv);
                            else if (key(gv) == QLatin1String("Deform"))
                                jit.deformMs = number(gv);
                        });
                    }
                    if (phase == QLatin1String("Generation"))
                        jit.generationMs = value;
                    else if (phase == QLatin1String("Inlining"))
                        jit.inliningMs = value;
                    else if (phase == QLatin1String("Optimization"))
                        jit.optimizationMs = value;
                    else if (phase == QLatin1String("Emission"))
                        jit.emissionMs = value;
                    else if (phase == QLatin1String("Total"))
                        jit.totalMs = value;
                });
            }
        });
        return jit;
    }

    void readSummary(Plan &plan, int object)
    {
        forEachChild(object, [&](int c) {
            const JValue &v = at(c);
            const QString name = key(v);
            if (name == QLatin1String("Plan"))
                return;
            const FieldValue fv = fieldValue(c);
            plan.properties.append({name, fv.text});
            if (name == QLatin1String("Planning Time") && fv.number) {
                plan.planningTimeMs = fv.number;
            } else if ((name == QLatin1String("Execution Time") ||
                        name == QLatin1String("Total Runtime")) &&
                       fv.number) {
                plan.executionTimeMs = fv.number;
            } else if (name == QLatin1String("Query Text")) {
                plan.queryText = fv.text;
            } else if (name == QLatin1String("JIT") && v.kind == JValue::Object) {
                plan.jit = readJit(c);
            } else if (name == QLatin1String("Settings") && v.kind == JValue::Object) {
                forEachChild(c, [&](int s) { plan.settings.append({key(at(s)), display(s)}); });
            } else if (name == QLatin1String("Triggers") && v.kind == JValue::Array) {
                forEachChild(c, [&](int t) {
                    if (at(t).kind == JValue::Object)
                        plan.triggers.append(readTrigger(t));
                });
            } else if (name == QLatin1String("Planning") && v.kind == JValue::Object) {
                forEachChild(c, [&](int p) {
                    const JValue &pv = at(p);
                    if (pv.kind != JValue::Number)
                        return;
                    const QString k = key(pv);
                    if (k == QLatin1String("Memory Used"))
                        plan.planningMemoryUsedKb = planfields::toInt64(number(pv));
                    else if (k == QLatin1String("Memory Allocated"))
                        plan.planningMemoryAllocatedKb = planfields::toInt64(number(pv));
                    else
                        planfields::applyBufferKey(plan.planningBuffers, k, number(pv));
                });
            } else if (name == QLatin1String("Serialization") && v.kind == JValue::Object) {
                plan.serialization.present = true;
                forEachChild(c, [&](int s) {
                    const JValue &sv = at(s);
                    const QString k = key(sv);
                    if (k == QLatin1String("Format"))
                        plan.serialization.format = display(s);
                    if (sv.kind != JValue::Number)
                        return;
                    if (k == QLatin1String("Time"))
                        plan.serialization.timeMs = number(sv);
                    else if (k == QLatin1String("Output Volume"))
                        plan.serialization.outputKb = planfields::toInt64(number(sv));
                    else
                        planfields::applyBufferKey(plan.serialization.buffers, k, number(sv));
                });
            }
        });
    }

    PlanTrigger readTrigger(int object)
    {
        PlanTrigger trigger;
        forEachChild(object, [&](int c) {
            const JValue &v = at(c);
            const QString k = key(v);
            if (k == QLatin1String("Trigger Name"))
                trigger.name = display(c);
            else if (k == QLatin1String("Constraint Name"))
                trigger.constraintName = display(c);
            else if (k == QLatin1String("Relation"))
                trigger.relation = display(c);
            else if (k == QLatin1String("Time") && v.kind == JValue::Number)
                trigger.timeMs = number(v);
            else if (k == QLatin1String("Calls") && v.kind == JValue::Number)
                trigger.calls = planfields::toInt64(number(v));
        });
        return trigger;
    }

    const LineMap &m_clean;
    const Char *m_data;
    const std::vector<JValue> &m_values;
    bool m_truncated;
    QList<Plan> m_plans;
    std::unordered_map<View, Key, ViewHash> m_keys;
    std::unordered_map<View, QString, ViewHash> m_shortValues;
    Key m_scratch;
};

} // namespace

namespace {

// Parses the JSON in data[begin, size) and builds the plans; lines maps offsets to input lines.
template<typename Char>
PlanParseResult readJson(const Char *data, qsizetype size, qsizetype begin, const LineMap &lines,
                         int firstLine, bool *clean = nullptr)
{
    PlanParseResult result;
    result.format = PlanFormat::Json;
    JsonParser<Char> parser(data, size, begin);
    parser.parse();
    PlanBuilder<Char> builder(lines, data, parser);
    result.plans = builder.build(parser.roots);
    if (clean)
        *clean = parser.error.isEmpty() && !result.plans.isEmpty();

    const int problemLine = parser.errorOffset >= 0 ? lines.lineAt(parser.errorOffset) : 0;
    if (result.plans.isEmpty()) {
        if (!parser.error.isEmpty()) {
            result.errorLine = problemLine;
            result.error = PlanJsonReader::tr("Line %1: %2 No plan node could be read before "
                                              "that point.")
                               .arg(problemLine)
                               .arg(parser.error);
        } else {
            result.errorLine = firstLine;
            result.error = PlanJsonReader::tr("Line %1: this JSON holds no EXPLAIN plan (no "
                                              "\"Plan\" or \"Node Type\" key).")
                               .arg(result.errorLine);
        }
        return result;
    }
    Plan &first = result.plans.first();
    first.warnings += builder.warnings;
    if (!parser.error.isEmpty()) {
        const QString message =
            parser.truncated
                ? PlanJsonReader::tr("Line %1: the JSON ends before it is complete; the input "
                                     "looks truncated. Showing the part that was read.")
                      .arg(problemLine)
                : PlanJsonReader::tr("Line %1: %2 Showing the part read before it.")
                      .arg(problemLine)
                      .arg(parser.error);
        first.warnings.append({problemLine, message});
    }
    return result;
}

} // namespace

PlanParseResult PlanJsonReader::read(const QString &input)
{
    // Offsets are 32-bit; a plan this large (over a gigabyte of text) is not a paste anyway.
    if (input.size() >= (qsizetype(1) << 30)) {
        PlanParseResult result;
        result.format = PlanFormat::Json;
        result.error = tr("The input is too large to be read as a plan.");
        return result;
    }
    CleanText clean;
    if (!prepare(input, clean)) {
        PlanParseResult result;
        result.format = PlanFormat::Json;
        result.error = tr("No JSON plan found: expected EXPLAIN (FORMAT JSON) output starting "
                          "with '[' or '{'.");
        result.errorLine = 0;
        return result;
    }
    return readJson(clean.text.constData(), clean.text.size(), clean.begin, clean,
                    clean.lineNumbers.empty() ? 0 : clean.lineNumbers.front());
}

std::optional<PlanParseResult> PlanJsonReader::readPlain(QByteArrayView utf8, qsizetype begin)
{
    if (utf8.size() >= (qsizetype(1) << 30) || begin < 0 || begin >= utf8.size())
        return std::nullopt;
    const ByteLines lines(utf8.data(), utf8.size());
    bool clean = false;
    PlanParseResult result =
        readJson(utf8.data(), utf8.size(), begin, lines, lines.lineAt(begin), &clean);
    // Anything short of a complete plan (psql "+" and "|", doubled quotes, truncation, a
    // TEXT plan that starts with '[') is left to the cleaning reader, which knows those cases.
    if (!clean)
        return std::nullopt;
    return result;
}

} // namespace sightline
