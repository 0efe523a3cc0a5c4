#include "models/sql/sqlsplitter.h"

#include "models/sql/sqllexer.h"

namespace sightline {

namespace {

bool wordIs(QStringView script, const SqlToken &token, QLatin1StringView word)
{
    return token.kind == SqlTokenKind::Identifier &&
           script.sliced(token.start, token.length).compare(word, Qt::CaseInsensitive) == 0;
}

// Tracks what keeps a ';' from ending the statement.
class StatementState
{
public:
    void reset()
    {
        m_words = 0;
        m_routine = false;
        m_atomicDepth = 0;
        m_parens = 0;
        m_pendingBegin = false;
    }

    void see(QStringView script, const SqlToken &token)
    {
        if (token.kind == SqlTokenKind::Punctuation) {
            const QChar c = script[token.start];
            if (c == u'(')
                ++m_parens;
            else if (c == u')' && m_parens > 0)
                --m_parens;
        }
        if (token.kind != SqlTokenKind::Identifier) {
            m_pendingBegin = false;
            return;
        }
        // CREATE [OR REPLACE] FUNCTION|PROCEDURE may have a BEGIN ATOMIC body.
        if (m_words == 0 && !wordIs(script, token, QLatin1StringView("create")))
            m_words = 100; // not a CREATE: nothing to watch
        if (m_words < 5 && (wordIs(script, token, QLatin1StringView("function")) ||
                            wordIs(script, token, QLatin1StringView("procedure"))))
            m_routine = true;
        ++m_words;
        if (!m_routine)
            return;
        if (m_pendingBegin && wordIs(script, token, QLatin1StringView("atomic")))
            ++m_atomicDepth;
        m_pendingBegin = wordIs(script, token, QLatin1StringView("begin"));
        if (m_atomicDepth > 0) {
            if (wordIs(script, token, QLatin1StringView("case")))
                ++m_atomicDepth;
            else if (wordIs(script, token, QLatin1StringView("end")))
                --m_atomicDepth;
        }
    }

    bool semicolonEnds() const { return m_parens == 0 && m_atomicDepth == 0; }

private:
    int m_words = 0;
    bool m_routine = false;
    int m_atomicDepth = 0;
    int m_parens = 0;
    bool m_pendingBegin = false;
};

} // namespace

QList<SqlStatementRange> SqlSplitter::split(QStringView script)
{
    QList<SqlStatementRange> statements;
    StatementState state;
    int start = -1;
    int end = -1;
    const auto finish = [&](bool terminated) {
        if (start >= 0)
            statements.append({start, end, terminated});
        start = end = -1;
        state.reset();
    };

    for (const SqlToken &token : SqlLexer::tokenize(script)) {
        if (token.isTrivia())
            continue;
        if (token.kind == SqlTokenKind::PsqlCommand) {
            finish(false);
            continue;
        }
        if (token.kind == SqlTokenKind::Semicolon && state.semicolonEnds()) {
            finish(true);
            continue;
        }
        if (start < 0)
            start = token.start;
        end = token.end();
        state.see(script, token);
    }
    finish(false);
    return statements;
}

int SqlSplitter::statementAt(const QList<SqlStatementRange> &statements, int cursor)
{
    if (statements.isEmpty())
        return -1;
    int best = -1;
    for (int i = 0; i < statements.size(); ++i) {
        const SqlStatementRange &s = statements.at(i);
        // The terminator and the spot right after it still belong to the statement.
        if (cursor >= s.start && cursor <= s.end + (s.terminated ? 1 : 0))
            return i;
        if (s.start <= cursor)
            best = i;
    }
    return best >= 0 ? best : 0;
}

} // namespace sightline
