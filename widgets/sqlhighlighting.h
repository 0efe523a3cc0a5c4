#pragma once

#include <QString>

class QPalette;
class QSyntaxHighlighter;
class QTextDocument;

namespace sightline {

// The editor's highlighter: KSyntaxHighlighting's "SQL (PostgreSQL)" when the
// build has KF6 SyntaxHighlighting, else our own SqlHighlighter on the
// project's lexer. Either way the colours follow `palette` (light or dark).
QSyntaxHighlighter *createSqlHighlighter(QTextDocument *document, const QPalette &palette);
// Re-applies the colours after a palette change.
void updateHighlighterPalette(QSyntaxHighlighter *highlighter, const QPalette &palette);
// Which implementation `highlighter` is: "ksyntaxhighlighting" or "sightline".
QString highlighterBackend(const QSyntaxHighlighter *highlighter);

} // namespace sightline
