#include "widgets/sqlhighlighting.h"

#include "widgets/sqlhighlighter.h"

namespace sightline {

QSyntaxHighlighter *createSqlHighlighter(QTextDocument *document, const QPalette &palette)
{
    auto *highlighter = new SqlHighlighter(document);
    highlighter->setPalette(palette);
    return highlighter;
}

void updateHighlighterPalette(QSyntaxHighlighter *highlighter, const QPalette &palette)
{
    if (auto *own = qobject_cast<SqlHighlighter *>(highlighter))
        own->setPalette(palette);
}

QString highlighterBackend(const QSyntaxHighlighter *highlighter)
{
    if (qobject_cast<const SqlHighlighter *>(highlighter))
        return QStringLiteral("sightline");
    return QString();
}

} // namespace sightline
