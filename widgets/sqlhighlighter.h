#pragma once

#include "models/sql/sqllexer.h"

#include <QSyntaxHighlighter>
#include <QTextCharFormat>

namespace sightline {

// Colours SQL with the project's own lexer, line by line: what a line leaves
// open (a dollar quote, a nested comment, a string) is carried to the next.
// The colours follow the palette, so dark themes stay readable.
class SqlHighlighter final : public QSyntaxHighlighter
{
    Q_OBJECT
public:
    explicit SqlHighlighter(QTextDocument *document);

    // Re-reads the palette (call on QEvent::PaletteChange).
    void setPalette(const QPalette &palette);

    QTextCharFormat formatFor(SqlTokenKind kind, bool keyword) const;

protected:
    void highlightBlock(const QString &text) override;

private:
    struct Formats
    {
        QTextCharFormat keyword, identifier, quoted, string, number, comment, parameter, psql, op,
            error;
    } m_formats;
};

} // namespace sightline
