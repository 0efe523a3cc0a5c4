#include "models/sql/pgquerysplit.h"

#include "models/sql/pgquerysupport.h"
#include "models/sql/sqllexer.h"

#include <pg_query.h>

#include <QMutexLocker>

namespace sightline {

namespace {

// libpg_query counts in UTF-8 bytes; QString in UTF-16 code units.
int toCharOffset(const QByteArray &utf8, int byteOffset)
{
    byteOffset = std::clamp(byteOffset, 0, int(utf8.size()));
    return int(QString::fromUtf8(utf8.constData(), byteOffset).size());
}

// The statement without leading/trailing whitespace and comments.
std::optional<SqlStatementRange> trimmed(const QString &script, int from, int to)
{
    const QStringView piece = QStringView(script).sliced(from, to - from);
    int first = -1;
    int last = -1;
    for (const SqlToken &token : SqlLexer::tokenize(piece)) {
        if (token.isTrivia() || token.kind == SqlTokenKind::Semicolon)
            continue;
        if (first < 0)
            first = token.start;
        last = token.end();
    }
    if (first < 0)
        return std::nullopt;
    return SqlStatementRange{from + first, from + last, false};
}

} // namespace

PgQuerySplitResult pgQuerySplit(const QString &script, PgQuerySplitMode mode)
{
    QMutexLocker lock(&pgQueryMutex());

    const QByteArray utf8 = script.toUtf8();
    ::PgQuerySplitResult raw = mode == PgQuerySplitMode::Parser
                                   ? pg_query_split_with_parser(utf8.constData())
                                   : pg_query_split_with_scanner(utf8.constData());
    PgQuerySplitResult result;
    if (raw.error) {
        result.error = QString::fromUtf8(raw.error->message);
        result.errorPosition = raw.error->cursorpos;
    } else {
        for (int i = 0; i < raw.n_stmts; ++i) {
            const int byteStart = raw.stmts[i]->stmt_location;
            const int byteLength = raw.stmts[i]->stmt_len;
            const int from = toCharOffset(utf8, byteStart);
            const int to =
                byteLength == 0 ? int(script.size()) : toCharOffset(utf8, byteStart + byteLength);
            if (auto range = trimmed(script, from, to)) {
                // A ';' right after the statement (ignoring trivia) terminates it.
                const qsizetype tailEnd = std::min<qsizetype>(script.size(), to + 1);
                const auto tail = SqlLexer::tokenize(
                    QStringView(script).sliced(range->end, tailEnd - range->end));
                for (const SqlToken &token : tail) {
                    if (token.isTrivia())
                        continue;
                    range->terminated = token.kind == SqlTokenKind::Semicolon;
                    break;
                }
                result.statements.append(*range);
            }
        }
    }
    pg_query_free_split_result(raw);
    return result;
}

} // namespace sightline
