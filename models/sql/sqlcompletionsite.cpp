#include "models/sql/sqlcompletionsite.h"

#include "models/sql/sqllexer.h"
#include "models/sql/sqlsplitter.h"

#include <QSet>

#include <vector>

namespace sightline {

namespace {

// A token that is not whitespace or a comment, with the text that matters:
// identifiers folded to lower case as the server folds them (ASCII only),
// quoted identifiers without their quotes, everything else as written.
struct Word
{
    SqlTokenKind kind = SqlTokenKind::Whitespace;
    int start = 0;
    int end = 0;
    QString text;
};

QString foldIdentifier(QStringView s)
{
    QString out = s.toString();
    for (QChar &c : out) {
        if (c >= u'A' && c <= u'Z')
            c = QChar(c.unicode() + ('a' - 'A'));
    }
    return out;
}

// The name inside a quoted identifier token (or the typed part of one):
// "a""b" -> a"b, U&"x" -> x (its escapes are left as they are).
QString unquote(QStringView token, bool closed)
{
    if (token.startsWith(u"U&", Qt::CaseInsensitive))
        token = token.mid(2);
    if (token.startsWith(u'"'))
        token = token.mid(1);
    if (closed && token.endsWith(u'"'))
        token.chop(1);
    QString out = token.toString();
    out.replace(QLatin1String("\"\""), QLatin1String("\""));
    return out;
}

Word makeWord(QStringView text, const SqlToken &t)
{
    Word w;
    w.kind = t.kind;
    w.start = t.start;
    w.end = t.end();
    const QStringView raw = text.mid(t.start, t.length);
    if (t.kind == SqlTokenKind::Identifier)
        w.text = foldIdentifier(raw);
    else if (t.kind == SqlTokenKind::QuotedIdentifier)
        w.text = unquote(raw, !t.unterminated);
    else
        w.text = raw.toString();
    return w;
}

bool isName(const Word &w)
{
    return w.kind == SqlTokenKind::Identifier || w.kind == SqlTokenKind::QuotedIdentifier;
}

bool isKeyword(const Word &w, QLatin1String keyword)
{
    return w.kind == SqlTokenKind::Identifier && w.text == keyword;
}

bool isKeywordIn(const Word &w, const QSet<QString> &keywords)
{
    return w.kind == SqlTokenKind::Identifier && keywords.contains(w.text);
}

bool isPunct(const Word &w, char c)
{
    return w.kind == SqlTokenKind::Punctuation && w.text.size() == 1 &&
           w.text.at(0) == QLatin1Char(c);
}

QSet<QString> wordSet(std::initializer_list<const char *> words)
{
    QSet<QString> set;
    for (const char *word : words)
        set.insert(QString::fromLatin1(word));
    return set;
}

// Words after which a table reference's alias cannot be: the clause or join
// that follows the reference instead.
const QSet<QString> &notAnAlias()
{
    static const QSet<QString> words =
        wordSet({"where",   "join",        "inner",     "left",   "right",  "full",  "cross",
                 "natural", "outer",       "on",        "using",  "group",  "order", "having",
                 "limit",   "offset",      "fetch",     "for",    "window", "union", "intersect",
                 "except",  "set",         "returning", "values", "select", "from",  "as",
                 "default", "tablesample", "lateral",   "when",   "do",     "and",   "or",
                 "into",    "then",        "else",      "end",    "with",   "only",  "overriding",
                 "on",      "not",         "partition"});
    return words;
}

// Clause words that a backwards walk from the cursor stops at.
const QSet<QString> &relationClauses()
{
    static const QSet<QString> words =
        wordSet({"from", "join", "update", "into", "using", "table", "truncate", "view"});
    return words;
}

const QSet<QString> &expressionClauses()
{
    static const QSet<QString> words =
        wordSet({"select", "where", "on",  "by",   "having", "set",     "returning", "when",
                 "then",   "else",  "and", "or",   "not",    "case",    "values",    "limit",
                 "offset", "in",    "is",  "like", "ilike",  "between", "distinct",  "filter",
                 "over",   "check", "any", "some", "all",    "default", "array"});
    return words;
}

const QSet<QString> &otherClauses()
{
    static const QSet<QString> words =
        wordSet({"with", "union", "intersect", "except", "insert", "delete", "merge", "create",
                 "alter", "drop", "grant", "revoke", "comment", "explain", "call", "do"});
    return words;
}

// Reads one reference at `i`; returns the index after it.
int parseRef(const QList<Word> &w, int i, bool allowFunction, QList<SqlTableReference> &refs)
{
    const int n = int(w.size());
    if (i < n && isKeyword(w.at(i), QLatin1String("only")))
        ++i;
    if (i >= n || !isName(w.at(i)) || isKeywordIn(w.at(i), notAnAlias()))
        return i;
    SqlTableReference ref;
    ref.parts << w.at(i).text;
    ++i;
    while (i + 1 < n && isPunct(w.at(i), '.') && isName(w.at(i + 1))) {
        ref.parts << w.at(i + 1).text;
        i += 2;
    }
    if (ref.parts.size() > 2)
        ref.parts = ref.parts.mid(ref.parts.size() - 2); // database.schema.name
    if (allowFunction && i < n && isPunct(w.at(i), '(')) {
        ref.isFunction = true;
        int depth = 0;
        for (; i < n; ++i) {
            if (isPunct(w.at(i), '('))
                ++depth;
            else if (isPunct(w.at(i), ')') && --depth == 0) {
                ++i;
                break;
            }
        }
    }
    if (i < n && w.at(i).kind == SqlTokenKind::Operator && w.at(i).text == QLatin1String("*"))
        ++i; // FROM ONLY-less inheritance marker: FROM t *
    if (i < n && isKeyword(w.at(i), QLatin1String("as")))
        ++i;
    if (i < n && isName(w.at(i)) && !isKeywordIn(w.at(i), notAnAlias())) {
        ref.alias = w.at(i).text;
        ++i;
    }
    refs << ref;
    return i;
}

// Every table reference of the statement, at any depth (subqueries included:
// their columns are as likely to be wanted as the outer ones).
QList<SqlTableReference> tableRefs(const QList<Word> &w)
{
    static const QSet<QString> listEnders =
        wordSet({"where", "group", "order", "having", "limit", "offset", "set", "returning",
                 "window", "union", "intersect", "except", "select", "values", "fetch", "for"});
    QList<SqlTableReference> refs;
    std::vector<bool> inList{false}; // per parenthesis depth: inside a FROM list
    const int n = int(w.size());
    for (int i = 0; i < n;) {
        const Word &word = w.at(i);
        if (isPunct(word, '(')) {
            inList.push_back(false);
            ++i;
        } else if (isPunct(word, ')')) {
            if (inList.size() > 1)
                inList.pop_back();
            ++i;
        } else if (isKeyword(word, QLatin1String("from")) ||
                   isKeyword(word, QLatin1String("join"))) {
            inList.back() = true;
            i = parseRef(w, i + 1, true, refs);
        } else if (isKeyword(word, QLatin1String("using"))) {
            // DELETE ... USING a, b and MERGE ... USING a; JOIN ... USING (cols) is no list.
            const bool list = i + 1 < n && !isPunct(w.at(i + 1), '(');
            inList.back() = list;
            i = list ? parseRef(w, i + 1, true, refs) : i + 1;
        } else if (isKeyword(word, QLatin1String("update")) ||
                   isKeyword(word, QLatin1String("into")) ||
                   isKeyword(word, QLatin1String("table")) ||
                   isKeyword(word, QLatin1String("truncate"))) {
            inList.back() = false;
            i = parseRef(w, i + 1, false, refs);
        } else if (isPunct(word, ',') && inList.back()) {
            i = parseRef(w, i + 1, true, refs);
        } else {
            if (isKeywordIn(word, listEnders))
                inList.back() = false;
            ++i;
        }
    }
    return refs;
}

struct Classified
{
    CompletionContext context = CompletionContext::General;
    QStringList columnListOf; // ColumnList: [schema,] name
    bool afterOperand = false;
};

// Names ending at `end` (inclusive) written as a.b.c, walking back; returns
// the index of the first word of the name, or -1 when `end` is no name.
int qualifiedNameStart(const QList<Word> &w, int end, QStringList *parts)
{
    if (end < 0 || !isName(w.at(end)))
        return -1;
    int i = end;
    parts->prepend(w.at(i).text);
    while (i >= 2 && isPunct(w.at(i - 1), '.') && isName(w.at(i - 2))) {
        parts->prepend(w.at(i - 2).text);
        i -= 2;
    }
    return i;
}

bool endsOperand(const QList<Word> &b)
{
    const Word &prev = b.last();
    switch (prev.kind) {
    case SqlTokenKind::QuotedIdentifier:
    case SqlTokenKind::Number:
    case SqlTokenKind::String:
    case SqlTokenKind::EscapeString:
    case SqlTokenKind::BitString:
    case SqlTokenKind::DollarString:
    case SqlTokenKind::Parameter:
        return true;
    case SqlTokenKind::Identifier:
        return !SqlLexer::isKeyword(prev.text) || prev.text == QLatin1String("null") ||
               prev.text == QLatin1String("true") || prev.text == QLatin1String("false");
    case SqlTokenKind::Punctuation:
        return isPunct(prev, ')');
    case SqlTokenKind::Operator:
        // SELECT * | and SELECT a, * |: a star that is a whole select item.
        if (prev.text == QLatin1String("*") && b.size() >= 2) {
            const Word &before = b.at(b.size() - 2);
            return isKeyword(before, QLatin1String("select")) || isPunct(before, ',') ||
                   isPunct(before, '.') || isKeyword(before, QLatin1String("distinct"));
        }
        return false;
    default:
        return false;
    }
}

// What the words before the cursor say it is at (a qualifier "x." already removed).
Classified classify(const QList<Word> &b)
{
    Classified out;
    if (b.isEmpty()) {
        out.context = CompletionContext::StatementStart;
        return out;
    }
    const Word &prev = b.last();
    const QString first = b.first().kind == SqlTokenKind::Identifier ? b.first().text : QString();
    const bool creating = first == QLatin1String("create");
    const int n = int(b.size());

    // The innermost parenthesis the cursor is in, and the clause word nearest
    // before the cursor at that depth.
    int opener = -1;
    int clause = -1;
    for (int j = n - 1, depth = 0; j >= 0; --j) {
        const Word &w = b.at(j);
        if (isPunct(w, ')')) {
            ++depth;
        } else if (isPunct(w, '(')) {
            if (depth == 0) {
                opener = j;
                break;
            }
            --depth;
        } else if (depth == 0 &&
                   (isKeywordIn(w, relationClauses()) || isKeywordIn(w, expressionClauses()) ||
                    isKeywordIn(w, otherClauses()))) {
            clause = j;
            break;
        }
    }

    if (prev.kind == SqlTokenKind::Cast) {
        out.context = CompletionContext::TypeName;
        return out;
    }
    if (isKeyword(prev, QLatin1String("as"))) {
        // CAST(x AS |) wants a type; anywhere else AS introduces a new name.
        const bool cast = opener > 0 && isKeyword(b.at(opener - 1), QLatin1String("cast"));
        out.context = cast ? CompletionContext::TypeName : CompletionContext::NewName;
        return out;
    }
    if (isKeyword(prev, QLatin1String("call"))) {
        out.context = CompletionContext::Routine;
        return out;
    }
    if (prev.kind == SqlTokenKind::Identifier) {
        static const QSet<QString> relationNext =
            wordSet({"from", "join", "update", "into", "only", "lateral", "references", "truncate",
                     "using"});
        const QString &w = prev.text;
        if (relationNext.contains(w)) {
            out.context = CompletionContext::Relation;
            return out;
        }
        if (w == QLatin1String("table") || w == QLatin1String("view")) {
            out.context = creating ? CompletionContext::NewName : CompletionContext::Relation;
            return out;
        }
        if (w == QLatin1String("exists") && n >= 2 && isKeyword(b.at(n - 2), QLatin1String("if"))) {
            out.context = creating ? CompletionContext::NewName : CompletionContext::Relation;
            return out;
        }
        if (n == 1 && (w == QLatin1String("vacuum") || w == QLatin1String("analyze") ||
                       w == QLatin1String("analyse") || w == QLatin1String("copy") ||
                       w == QLatin1String("lock"))) {
            out.context = CompletionContext::Relation;
            return out;
        }
        if (w == QLatin1String("on")) {
            // CREATE INDEX ... ON t, GRANT ... ON t: a relation; JOIN ... ON: a condition.
            static const QSet<QString> owners =
                wordSet({"join", "from", "create", "grant", "revoke"});
            for (int j = n - 2; j >= 0; --j) {
                if (!isKeywordIn(b.at(j), owners))
                    continue;
                if (!isKeyword(b.at(j), QLatin1String("join")) &&
                    !isKeyword(b.at(j), QLatin1String("from"))) {
                    out.context = CompletionContext::Relation;
                    return out;
                }
                break;
            }
        }
    }

    if (opener >= 0) {
        // Directly inside a parenthesis, with no clause word in between.
        const Word *before = opener > 0 ? &b.at(opener - 1) : nullptr;
        static const QSet<QString> subqueryOpeners =
            wordSet({"from", "join", "as", "lateral", "exists", "union", "intersect", "except"});
        if (!before || isKeywordIn(*before, subqueryOpeners)) {
            out.context =
                isPunct(prev, '(') ? CompletionContext::StatementStart : CompletionContext::General;
            return out;
        }
        QStringList parts;
        const int nameStart = qualifiedNameStart(b, opener - 1, &parts);
        if (nameStart > 0) {
            const Word &owner = b.at(nameStart - 1);
            if (isKeyword(owner, QLatin1String("into")) ||
                isKeyword(owner, QLatin1String("copy")) ||
                (isKeyword(owner, QLatin1String("on")) && creating)) {
                out.context = CompletionContext::ColumnList;
                out.columnListOf = parts.mid(qMax(0, int(parts.size()) - 2));
                return out;
            }
            if (creating && (isKeyword(owner, QLatin1String("table")) ||
                             isKeyword(owner, QLatin1String("exists")))) {
                out.context = CompletionContext::NewName;
                return out;
            }
        }
        out.context = CompletionContext::Expression;
        out.afterOperand = endsOperand(b);
        return out;
    }

    if (clause < 0) {
        out.context = CompletionContext::General;
        return out;
    }
    const Word &c = b.at(clause);
    if (isKeywordIn(c, relationClauses())) {
        const bool list =
            isKeyword(c, QLatin1String("from")) || isKeyword(c, QLatin1String("using")) ||
            isKeyword(c, QLatin1String("truncate")) || isKeyword(c, QLatin1String("table"));
        out.context = list && isPunct(prev, ',') ? CompletionContext::Relation
                                                 : CompletionContext::AfterRelation;
        return out;
    }
    if (isKeywordIn(c, expressionClauses())) {
        out.context = CompletionContext::Expression;
        out.afterOperand = endsOperand(b);
        return out;
    }
    out.context = CompletionContext::StatementStart; // WITH x AS (...) |, UNION |, INSERT |
    return out;
}

bool isInert(const SqlToken &t)
{
    switch (t.kind) {
    case SqlTokenKind::LineComment:
    case SqlTokenKind::BlockComment:
    case SqlTokenKind::String:
    case SqlTokenKind::EscapeString:
    case SqlTokenKind::BitString:
    case SqlTokenKind::DollarString:
    case SqlTokenKind::PsqlCommand:
    case SqlTokenKind::PsqlVariable:
    case SqlTokenKind::Number:
    case SqlTokenKind::Parameter:
        return true;
    default:
        return false;
    }
}

// Whether the cursor is inside token `t` (or typing at its end, for tokens
// that go on until something closes them).
bool cursorInside(const SqlToken &t, int cursor)
{
    if (t.start >= cursor)
        return false;
    if (cursor < t.end())
        return true;
    if (cursor > t.end())
        return false;
    return t.unterminated || t.kind == SqlTokenKind::LineComment ||
           t.kind == SqlTokenKind::PsqlCommand || t.kind == SqlTokenKind::Number ||
           t.kind == SqlTokenKind::Parameter || t.kind == SqlTokenKind::PsqlVariable;
}

QList<SqlToken> tokensAt(QStringView text, int from, int to)
{
    QList<SqlToken> tokens = SqlLexer::tokenize(text.mid(from, to - from));
    for (SqlToken &t : tokens)
        t.start += from;
    return tokens;
}

} // namespace

SqlCompletionSite SqlCompletionSite::at(QStringView text, int cursor)
{
    SqlCompletionSite result;
    cursor = qBound(0, cursor, int(text.size()));
    result.start = result.end = cursor;

    // The statement around the cursor: from its start to the next statement's.
    const QList<SqlStatementRange> ranges = SqlSplitter::split(text);
    int index = -1;
    for (int i = 0; i < ranges.size() && ranges.at(i).start <= cursor; ++i)
        index = i;
    const int regionStart = index >= 0 ? ranges.at(index).start : 0;
    const int regionEnd = index + 1 < ranges.size() ? ranges.at(index + 1).start : int(text.size());
    const QList<SqlToken> tokens = tokensAt(text, regionStart, regionEnd);

    for (const SqlToken &t : tokens) {
        if (isInert(t) && cursorInside(t, cursor))
            return result; // None: strings, comments, numbers
    }

    // Tokens from the statement's terminator on belong to no statement; a
    // cursor past it starts a new one.
    int first = 0;
    int last = int(tokens.size());
    if (index >= 0) {
        for (int k = 0; k < tokens.size(); ++k) {
            const SqlToken &t = tokens.at(k);
            if ((t.kind == SqlTokenKind::Semicolon || t.kind == SqlTokenKind::PsqlCommand) &&
                t.start >= ranges.at(index).end) {
                if (cursor >= t.end())
                    first = k + 1;
                else
                    last = k;
                break;
            }
        }
    }

    // The word being typed.
    int wordIndex = -1;
    bool swallowed = false; // an unclosed quoted name took the rest of the text
    for (int k = first; k < last; ++k) {
        const SqlToken &t = tokens.at(k);
        if ((t.kind == SqlTokenKind::Identifier || t.kind == SqlTokenKind::QuotedIdentifier) &&
            t.start < cursor && cursor <= t.end()) {
            wordIndex = k;
            break;
        }
    }
    if (wordIndex >= 0) {
        const SqlToken &t = tokens.at(wordIndex);
        result.start = t.start;
        const QStringView typed = text.mid(t.start, cursor - t.start);
        if (t.kind == SqlTokenKind::QuotedIdentifier) {
            swallowed = t.unterminated;
            result.end = t.unterminated ? cursor : t.end();
            result.prefix = unquote(typed, !t.unterminated && cursor == t.end());
        } else {
            result.end = t.end();
            result.prefix = typed.toString();
        }
    }

    QList<Word> before;
    QList<Word> after;
    for (int k = first; k < last; ++k) {
        const SqlToken &t = tokens.at(k);
        if (k == wordIndex || t.isTrivia())
            continue;
        if (t.end() <= result.start || (wordIndex < 0 && t.start < cursor))
            before << makeWord(text, t);
        else
            after << makeWord(text, t);
    }
    if (swallowed) {
        for (const SqlToken &t : tokensAt(text, cursor, regionEnd)) {
            if (t.kind == SqlTokenKind::Semicolon || t.kind == SqlTokenKind::PsqlCommand)
                break;
            if (!t.isTrivia())
                after << makeWord(text, t);
        }
    }

    // "x." or "a.b." right before the word.
    QStringList qualifier;
    if (!before.isEmpty() && isPunct(before.last(), '.') && before.last().end == result.start) {
        int k = int(before.size()) - 1;
        int firstWord = -1;
        while (k >= 1 && isPunct(before.at(k), '.') && isName(before.at(k - 1)) &&
               before.at(k - 1).end == before.at(k).start) {
            qualifier.prepend(before.at(k - 1).text);
            firstWord = k - 1;
            if (k < 2 || !isPunct(before.at(k - 2), '.') ||
                before.at(k - 2).end != before.at(k - 1).start)
                break;
            k -= 2;
        }
        if (qualifier.isEmpty())
            return result; // (expression).field, 1.5: nothing known to offer
        before = before.mid(0, firstWord);
        if (qualifier.size() > 2)
            qualifier = qualifier.mid(qualifier.size() - 2);
    }

    QList<Word> statement = before;
    statement += after;
    result.tables = tableRefs(statement);
    const Classified where = classify(before);
    result.afterOperand = where.afterOperand;
    result.columnListOf = where.columnListOf;
    if (qualifier.isEmpty()) {
        result.context = where.context;
    } else {
        result.context = CompletionContext::Qualified;
        result.qualifier = qualifier;
        result.unqualifiedContext = where.context;
    }
    return result;
}

} // namespace sightline
