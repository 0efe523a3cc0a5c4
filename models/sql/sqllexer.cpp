#include "models/sql/sqllexer.h"

#include <QSet>

namespace sightline {

namespace {

using Mode = SqlLexer::State::Mode;

bool isOperatorChar(QChar c)
{
    switch (c.unicode()) {
    case '+':
    case '-':
    case '*':
    case '/':
    case '<':
    case '>':
    case '=':
    case '~':
    case '!':
    case '@':
    case '#':
    case '%':
    case '^':
    case '&':
    case '|':
    case '`':
    case '?':
        return true;
    default:
        return false;
    }
}

bool isDigit(QChar c)
{
    return c >= u'0' && c <= u'9';
}

class Scanner
{
public:
    Scanner(QStringView text, SqlLexer::State &state)
        : m_text(text)
        , m_state(state)
    {}

    QList<SqlToken> run()
    {
        if (m_state.mode != Mode::Normal)
            resumeOpenConstruct();
        while (m_pos < m_text.size())
            scanOne();
        return std::move(m_tokens);
    }

private:
    QChar at(qsizetype i) const { return i < m_text.size() ? m_text[i] : QChar(); }

    void push(SqlTokenKind kind, qsizetype start, qsizetype end, bool unterminated = false)
    {
        m_tokens.append({kind, int(start), int(end - start), unterminated});
        m_pos = end;
    }

    // Continues a string, comment or quoted name left open by the previous piece.
    void resumeOpenConstruct()
    {
        switch (m_state.mode) {
        case Mode::BlockComment:
            blockComment(0, m_state.commentDepth);
            break;
        case Mode::String:
            quoted(0, SqlTokenKind::String, u'\'', false, Mode::String);
            break;
        case Mode::EscapeString:
            quoted(0, SqlTokenKind::EscapeString, u'\'', true, Mode::EscapeString);
            break;
        case Mode::BitString:
            quoted(0, SqlTokenKind::BitString, u'\'', false, Mode::BitString);
            break;
        case Mode::QuotedIdentifier:
            quoted(0, SqlTokenKind::QuotedIdentifier, u'"', false, Mode::QuotedIdentifier);
            break;
        case Mode::DollarString:
            dollarBody(0, m_state.dollarTag);
            break;
        case Mode::Normal:
            break;
        }
    }

    void scanOne()
    {
        const qsizetype start = m_pos;
        const QChar c = m_text[start];
        const QChar next = at(start + 1);

        if (c.isSpace()) {
            qsizetype end = start + 1;
            while (end < m_text.size() && m_text[end].isSpace())
                ++end;
            push(SqlTokenKind::Whitespace, start, end);
            return;
        }
        if (c == u'-' && next == u'-') {
            qsizetype end = start + 2;
            while (end < m_text.size() && m_text[end] != u'\n')
                ++end;
            push(SqlTokenKind::LineComment, start, end);
            return;
        }
        if (c == u'/' && next == u'*') {
            blockComment(start + 2, 1, start);
            return;
        }
        if (c == u'\'') {
            quoted(start + 1, SqlTokenKind::String, u'\'', false, Mode::String, start);
            return;
        }
        if (c == u'"') {
            quoted(start + 1, SqlTokenKind::QuotedIdentifier, u'"', false, Mode::QuotedIdentifier,
                   start);
            return;
        }
        if (next == u'\'') {
            switch (c.unicode()) {
            case 'E':
            case 'e':
                quoted(start + 2, SqlTokenKind::EscapeString, u'\'', true, Mode::EscapeString,
                       start);
                return;
            case 'B':
            case 'b':
            case 'X':
            case 'x':
                quoted(start + 2, SqlTokenKind::BitString, u'\'', false, Mode::BitString, start);
                return;
            case 'N':
            case 'n':
                quoted(start + 2, SqlTokenKind::String, u'\'', false, Mode::String, start);
                return;
            default:
                break;
            }
        }
        if ((c == u'U' || c == u'u') && next == u'&') {
            if (at(start + 2) == u'\'') {
                quoted(start + 3, SqlTokenKind::String, u'\'', false, Mode::String, start);
                return;
            }
            if (at(start + 2) == u'"') {
                quoted(start + 3, SqlTokenKind::QuotedIdentifier, u'"', false,
                       Mode::QuotedIdentifier, start);
                return;
            }
        }
        if (c == u'$') {
            dollar(start);
            return;
        }
        if (isDigit(c) || (c == u'.' && isDigit(next))) {
            number(start);
            return;
        }
        if (SqlLexer::isIdentifierStart(c)) {
            qsizetype end = start + 1;
            while (end < m_text.size() && SqlLexer::isIdentifierChar(m_text[end]))
                ++end;
            push(SqlTokenKind::Identifier, start, end);
            return;
        }
        if (c == u':') {
            colon(start);
            return;
        }
        if (c == u'\\') {
            // psql backslash command: runs to the end of the line.
            qsizetype end = start + 1;
            while (end < m_text.size() && m_text[end] != u'\n')
                ++end;
            push(SqlTokenKind::PsqlCommand, start, end);
            return;
        }
        if (c == u';') {
            push(SqlTokenKind::Semicolon, start, start + 1);
            return;
        }
        if (isOperatorChar(c)) {
            // An operator never contains "--" or "/*": those start comments.
            qsizetype end = start + 1;
            while (end < m_text.size() && isOperatorChar(m_text[end])) {
                const QChar prev = m_text[end - 1];
                if ((prev == u'-' && m_text[end] == u'-') ||
                    (prev == u'/' && m_text[end] == u'*')) {
                    --end;
                    break;
                }
                ++end;
            }
            if (end == start)
                end = start + 1;
            push(SqlTokenKind::Operator, start, end);
            return;
        }
        push(SqlTokenKind::Punctuation, start, start + 1);
    }

    void blockComment(qsizetype from, int depth, qsizetype tokenStart = 0)
    {
        qsizetype i = from;
        while (i < m_text.size()) {
            if (m_text[i] == u'/' && at(i + 1) == u'*') {
                ++depth;
                i += 2;
            } else if (m_text[i] == u'*' && at(i + 1) == u'/') {
                i += 2;
                if (--depth == 0) {
                    m_state = {};
                    push(SqlTokenKind::BlockComment, tokenStart, i);
                    return;
                }
            } else {
                ++i;
            }
        }
        m_state = {};
        m_state.mode = Mode::BlockComment;
        m_state.commentDepth = depth;
        push(SqlTokenKind::BlockComment, tokenStart, m_text.size(), true);
    }

    void quoted(qsizetype from, SqlTokenKind kind, QChar quote, bool backslashEscapes,
                Mode openMode, qsizetype tokenStart = 0)
    {
        qsizetype i = from;
        while (i < m_text.size()) {
            const QChar ch = m_text[i];
            if (backslashEscapes && ch == u'\\') {
                i += 2;
                continue;
            }
            if (ch == quote) {
                if (at(i + 1) == quote) { // doubled quote stands for itself
                    i += 2;
                    continue;
                }
                m_state = {};
                push(kind, tokenStart, i + 1);
                return;
            }
            ++i;
        }
        m_state = {};
        m_state.mode = openMode;
        push(kind, tokenStart, m_text.size(), true);
    }

    void dollar(qsizetype start)
    {
        const QChar next = at(start + 1);
        if (isDigit(next)) {
            qsizetype end = start + 1;
            while (end < m_text.size() && isDigit(m_text[end]))
                ++end;
            push(SqlTokenKind::Parameter, start, end);
            return;
        }
        // $tag$ where the tag is empty or an identifier without '$'.
        qsizetype i = start + 1;
        if (i < m_text.size() && m_text[i] != u'$') {
            if (!SqlLexer::isIdentifierStart(m_text[i])) {
                push(SqlTokenKind::Punctuation, start, start + 1);
                return;
            }
            while (i < m_text.size() && m_text[i] != u'$' && SqlLexer::isIdentifierChar(m_text[i]))
                ++i;
        }
        if (at(i) != u'$') {
            push(SqlTokenKind::Punctuation, start, start + 1);
            return;
        }
        const QString tag = m_text.sliced(start, i - start + 1).toString();
        m_tokenStart = start;
        dollarBody(i + 1, tag);
    }

    void dollarBody(qsizetype from, QString tag) // by value: m_state.dollarTag is reset below
    {
        const qsizetype close = m_text.indexOf(tag, from);
        const qsizetype tokenStart =
            m_state.mode == Mode::DollarString && from == 0 ? 0 : m_tokenStart;
        if (close >= 0) {
            m_state = {};
            push(SqlTokenKind::DollarString, tokenStart, close + tag.size());
            return;
        }
        m_state = {};
        m_state.mode = Mode::DollarString;
        m_state.dollarTag = tag;
        push(SqlTokenKind::DollarString, tokenStart, m_text.size(), true);
    }

    void number(qsizetype start)
    {
        qsizetype i = start;
        const auto digits = [&](auto accept) {
            while (i < m_text.size() && (accept(m_text[i]) || m_text[i] == u'_'))
                ++i;
        };
        if (m_text[i] == u'0' && i + 1 < m_text.size()) {
            const QChar base = m_text[i + 1].toLower();
            if (base == u'x' || base == u'o' || base == u'b') {
                i += 2;
                digits([](QChar c) { return c.isLetterOrNumber() && c.unicode() < 128; });
                push(SqlTokenKind::Number, start, i);
                return;
            }
        }
        digits(isDigit);
        // "1..2" is a range in some grammars: only take the dot when no second dot follows.
        if (at(i) == u'.' && at(i + 1) != u'.') {
            ++i;
            digits(isDigit);
        }
        if ((at(i) == u'e' || at(i) == u'E') &&
            (isDigit(at(i + 1)) ||
             ((at(i + 1) == u'+' || at(i + 1) == u'-') && isDigit(at(i + 2))))) {
            i += 2;
            digits(isDigit);
        }
        push(SqlTokenKind::Number, start, i);
    }

    void colon(qsizetype start)
    {
        const QChar next = at(start + 1);
        if (next == u':') {
            push(SqlTokenKind::Cast, start, start + 2);
            return;
        }
        if (SqlLexer::isIdentifierStart(next)) {
            qsizetype end = start + 2;
            while (end < m_text.size() && SqlLexer::isIdentifierChar(m_text[end]) &&
                   m_text[end] != u'$')
                ++end;
            push(SqlTokenKind::PsqlVariable, start, end);
            return;
        }
        if (next == u'\'' || next == u'"') {
            // :'name' and :"name" (psql quotes the variable's value)
            const qsizetype close = m_text.indexOf(next, start + 2);
            const qsizetype newline = m_text.indexOf(u'\n', start + 2);
            if (close > start + 2 && (newline < 0 || close < newline)) {
                push(SqlTokenKind::PsqlVariable, start, close + 1);
                return;
            }
        }
        push(SqlTokenKind::Punctuation, start, start + 1);
    }

    QStringView m_text;
    SqlLexer::State &m_state;
    qsizetype m_pos = 0;
    qsizetype m_tokenStart = 0;
    QList<SqlToken> m_tokens;
};

} // namespace

QList<SqlToken> SqlLexer::tokenize(QStringView text)
{
    State state;
    return tokenize(text, state);
}

QList<SqlToken> SqlLexer::tokenize(QStringView text, State &state)
{
    return Scanner(text, state).run();
}

bool SqlLexer::isIdentifierStart(QChar c)
{
    return c.isLetter() || c == u'_' || c.unicode() >= 0x80;
}

bool SqlLexer::isIdentifierChar(QChar c)
{
    return isIdentifierStart(c) || isDigit(c) || c == u'$';
}

// PostgreSQL's reserved and commonly used non-reserved key words (for
// highlighting and completion; the server's grammar has the last word).
static const QSet<QString> &keywordSet()
{
    static const QSet<QString> keywords = [] {
        const char *const list[] = {"abort",
                                    "absolute",
                                    "access",
                                    "action",
                                    "add",
                                    "admin",
                                    "after",
                                    "aggregate",
                                    "all",
                                    "also",
                                    "alter",
                                    "always",
                                    "analyse",
                                    "analyze",
                                    "and",
                                    "any",
                                    "array",
                                    "as",
                                    "asc",
                                    "asymmetric",
                                    "at",
                                    "atomic",
                                    "attach",
                                    "authorization",
                                    "backward",
                                    "before",
                                    "begin",
                                    "between",
                                    "bigint",
                                    "binary",
                                    "boolean",
                                    "both",
                                    "breadth",
                                    "buffers",
                                    "by",
                                    "cache",
                                    "call",
                                    "called",
                                    "cascade",
                                    "cascaded",
                                    "case",
                                    "cast",
                                    "chain",
                                    "char",
                                    "character",
                                    "check",
                                    "checkpoint",
                                    "class",
                                    "close",
                                    "cluster",
                                    "coalesce",
                                    "collate",
                                    "collation",
                                    "column",
                                    "columns",
                                    "comment",
                                    "comments",
                                    "commit",
                                    "committed",
                                    "concurrently",
                                    "configuration",
                                    "conflict",
                                    "connection",
                                    "constraint",
                                    "constraints",
                                    "content",
                                    "continue",
                                    "conversion",
                                    "copy",
                                    "cost",
                                    "costs",
                                    "create",
                                    "cross",
                                    "csv",
                                    "cube",
                                    "current",
                                    "current_catalog",
                                    "current_date",
                                    "current_role",
                                    "current_schema",
                                    "current_time",
                                    "current_timestamp",
                                    "current_user",
                                    "cursor",
                                    "cycle",
                                    "data",
                                    "database",
                                    "day",
                                    "deallocate",
                                    "dec",
                                    "decimal",
                                    "declare",
                                    "default",
                                    "defaults",
                                    "deferrable",
                                    "deferred",
                                    "definer",
                                    "delete",
                                    "delimiter",
                                    "depth",
                                    "desc",
                                    "detach",
                                    "dictionary",
                                    "disable",
                                    "discard",
                                    "distinct",
                                    "do",
                                    "domain",
                                    "double",
                                    "drop",
                                    "each",
                                    "else",
                                    "enable",
                                    "encoding",
                                    "encrypted",
                                    "end",
                                    "enum",
                                    "escape",
                                    "event",
                                    "except",
                                    "exclude",
                                    "excluding",
                                    "exclusive",
                                    "execute",
                                    "exists",
                                    "explain",
                                    "expression",
                                    "extension",
                                    "external",
                                    "extract",
                                    "false",
                                    "family",
                                    "fetch",
                                    "filter",
                                    "first",
                                    "float",
                                    "following",
                                    "for",
                                    "force",
                                    "foreign",
                                    "format",
                                    "forward",
                                    "freeze",
                                    "from",
                                    "full",
                                    "function",
                                    "functions",
                                    "generated",
                                    "global",
                                    "grant",
                                    "granted",
                                    "greatest",
                                    "group",
                                    "grouping",
                                    "groups",
                                    "handler",
                                    "having",
                                    "header",
                                    "hold",
                                    "hour",
                                    "identity",
                                    "if",
                                    "ilike",
                                    "immediate",
                                    "immutable",
                                    "implicit",
                                    "import",
                                    "in",
                                    "include",
                                    "including",
                                    "increment",
                                    "index",
                                    "indexes",
                                    "inherit",
                                    "inherits",
                                    "initially",
                                    "inline",
                                    "inner",
                                    "inout",
                                    "input",
                                    "insensitive",
                                    "insert",
                                    "instead",
                                    "int",
                                    "integer",
                                    "intersect",
                                    "interval",
                                    "into",
                                    "invoker",
                                    "is",
                                    "isnull",
                                    "isolation",
                                    "join",
                                    "json",
                                    "key",
                                    "language",
                                    "large",
                                    "last",
                                    "lateral",
                                    "leading",
                                    "leakproof",
                                    "least",
                                    "left",
                                    "level",
                                    "like",
                                    "limit",
                                    "listen",
                                    "load",
                                    "local",
                                    "localtime",
                                    "localtimestamp",
                                    "location",
                                    "lock",
                                    "locked",
                                    "logged",
                                    "mapping",
                                    "match",
                                    "materialized",
                                    "maxvalue",
                                    "merge",
                                    "method",
                                    "minute",
                                    "minvalue",
                                    "mode",
                                    "month",
                                    "move",
                                    "name",
                                    "names",
                                    "national",
                                    "natural",
                                    "nchar",
                                    "new",
                                    "next",
                                    "no",
                                    "none",
                                    "normalize",
                                    "not",
                                    "nothing",
                                    "notify",
                                    "notnull",
                                    "nowait",
                                    "null",
                                    "nullif",
                                    "nulls",
                                    "numeric",
                                    "object",
                                    "of",
                                    "off",
                                    "offset",
                                    "oids",
                                    "old",
                                    "on",
                                    "only",
                                    "operator",
                                    "option",
                                    "options",
                                    "or",
                                    "order",
                                    "ordinality",
                                    "others",
                                    "out",
                                    "outer",
                                    "over",
                                    "overlaps",
                                    "overlay",
                                    "overriding",
                                    "owned",
                                    "owner",
                                    "parallel",
                                    "parser",
                                    "partial",
                                    "partition",
                                    "passing",
                                    "password",
                                    "placing",
                                    "plans",
                                    "policy",
                                    "position",
                                    "preceding",
                                    "precision",
                                    "prepare",
                                    "prepared",
                                    "preserve",
                                    "primary",
                                    "prior",
                                    "privileges",
                                    "procedural",
                                    "procedure",
                                    "procedures",
                                    "program",
                                    "publication",
                                    "quote",
                                    "range",
                                    "read",
                                    "real",
                                    "reassign",
                                    "recheck",
                                    "recursive",
                                    "ref",
                                    "references",
                                    "referencing",
                                    "refresh",
                                    "reindex",
                                    "relative",
                                    "release",
                                    "rename",
                                    "repeatable",
                                    "replace",
                                    "replica",
                                    "reset",
                                    "restart",
                                    "restrict",
                                    "return",
                                    "returning",
                                    "returns",
                                    "revoke",
                                    "right",
                                    "role",
                                    "rollback",
                                    "rollup",
                                    "routine",
                                    "routines",
                                    "row",
                                    "rows",
                                    "rule",
                                    "savepoint",
                                    "schema",
                                    "schemas",
                                    "scroll",
                                    "search",
                                    "second",
                                    "security",
                                    "select",
                                    "sequence",
                                    "sequences",
                                    "serializable",
                                    "server",
                                    "session",
                                    "session_user",
                                    "set",
                                    "setof",
                                    "sets",
                                    "settings",
                                    "share",
                                    "show",
                                    "similar",
                                    "simple",
                                    "skip",
                                    "smallint",
                                    "snapshot",
                                    "some",
                                    "stable",
                                    "standalone",
                                    "start",
                                    "statement",
                                    "statistics",
                                    "stdin",
                                    "stdout",
                                    "storage",
                                    "stored",
                                    "strict",
                                    "strip",
                                    "subscription",
                                    "substring",
                                    "summary",
                                    "support",
                                    "symmetric",
                                    "sysid",
                                    "system",
                                    "table",
                                    "tables",
                                    "tablesample",
                                    "tablespace",
                                    "temp",
                                    "template",
                                    "temporary",
                                    "text",
                                    "then",
                                    "ties",
                                    "time",
                                    "timestamp",
                                    "timing",
                                    "to",
                                    "trailing",
                                    "transaction",
                                    "transform",
                                    "treat",
                                    "trigger",
                                    "trim",
                                    "true",
                                    "truncate",
                                    "trusted",
                                    "type",
                                    "types",
                                    "unbounded",
                                    "uncommitted",
                                    "unencrypted",
                                    "union",
                                    "unique",
                                    "unknown",
                                    "unlisten",
                                    "unlogged",
                                    "until",
                                    "update",
                                    "user",
                                    "using",
                                    "vacuum",
                                    "valid",
                                    "validate",
                                    "validator",
                                    "value",
                                    "values",
                                    "varchar",
                                    "variadic",
                                    "varying",
                                    "verbose",
                                    "version",
                                    "view",
                                    "views",
                                    "volatile",
                                    "wal",
                                    "when",
                                    "where",
                                    "whitespace",
                                    "window",
                                    "with",
                                    "within",
                                    "without",
                                    "work",
                                    "wrapper",
                                    "write",
                                    "xml",
                                    "year",
                                    "yes",
                                    "zone"};
        QSet<QString> set;
        for (const char *entry : list)
            set.insert(QString::fromLatin1(entry));
        return set;
    }();
    return keywords;
}

bool SqlLexer::isKeyword(QStringView word)
{
    if (word.isEmpty() || word.size() > 20)
        return false;
    return keywordSet().contains(word.toString().toLower());
}

const QStringList &SqlLexer::keywords()
{
    static const QStringList list = [] {
        QStringList words(keywordSet().cbegin(), keywordSet().cend());
        words.sort();
        return words;
    }();
    return list;
}

} // namespace sightline
