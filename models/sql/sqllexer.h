#pragma once

#include <QList>
#include <QString>
#include <QStringList>
#include <QStringView>

namespace sightline {

enum class SqlTokenKind
{
    Whitespace,
    LineComment,      // -- to the end of the line
    BlockComment,     // /* ... */, nested
    Identifier,       // unquoted name or keyword (see SqlLexer::isKeyword)
    QuotedIdentifier, // "name", U&"name"
    String,           // 'text' (standard conforming: backslash is a plain character)
    EscapeString,     // E'text' with backslash escapes
    BitString,        // B'0101', X'1F'
    DollarString,     // $tag$ ... $tag$
    Number,           // 42, 1.5, .5e3, 0x1F, 1_000
    Parameter,        // $1
    PsqlVariable,     // :name, :'name', :"name"
    PsqlCommand,      // a backslash command line, e.g. \set x 1 (psql scripts)
    Cast,             // ::
    Operator,         // + - * / < > = ~ ! @ # % ^ & | ` ? and their runs
    Semicolon,
    Punctuation, // ( ) [ ] , . :
};

struct SqlToken
{
    SqlTokenKind kind = SqlTokenKind::Whitespace;
    int start = 0;
    int length = 0;
    bool unterminated = false; // a string, comment or quoted name that reached the end of input

    int end() const { return start + length; }
    bool isComment() const
    {
        return kind == SqlTokenKind::LineComment || kind == SqlTokenKind::BlockComment;
    }
    bool isTrivia() const { return kind == SqlTokenKind::Whitespace || isComment(); }
};

// A PostgreSQL lexer that follows the server's scanner rules closely enough
// to split scripts and colour an editor: dollar quotes with tags, E'' strings
// with escapes, quoted identifiers, nested block comments, :: casts, psql
// variables and backslash commands. It never fails: malformed input becomes
// tokens marked unterminated.
//
// It can also run line by line for a highlighter: the State carried from one
// line to the next says what was left open.
class SqlLexer final
{
public:
    struct State
    {
        enum class Mode : quint8
        {
            Normal,
            BlockComment,
            String,
            EscapeString,
            BitString,
            QuotedIdentifier,
            DollarString
        };
        Mode mode = Mode::Normal;
        int commentDepth = 0;
        QString dollarTag; // including the dollars: "$fn$"

        bool operator==(const State &other) const = default;
    };

    // All tokens of a text (whitespace and comments included).
    static QList<SqlToken> tokenize(QStringView text);
    // Tokens of one piece of a longer text that starts in `state`; `state` is
    // updated to what is open at the end of the piece.
    static QList<SqlToken> tokenize(QStringView text, State &state);

    static bool isKeyword(QStringView word);
    // The key words isKeyword() knows, lower case, sorted.
    static const QStringList &keywords();
    static bool isIdentifierStart(QChar c);
    static bool isIdentifierChar(QChar c);
};

} // namespace sightline
