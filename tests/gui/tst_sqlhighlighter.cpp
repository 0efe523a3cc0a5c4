#include "widgets/sqlhighlighter.h"

#include <QPlainTextDocumentLayout>
#include <QTest>
#include <QTextBlock>
#include <QTextDocument>
#include <QTextLayout>

using namespace sightline;

namespace {

// The format the highlighter gave the character at `column` of line `line`.
QTextCharFormat formatAt(QTextDocument &document, int line, int column)
{
    const QTextBlock block = document.findBlockByNumber(line);
    for (const QTextLayout::FormatRange &range : block.layout()->formats()) {
        if (column >= range.start && column < range.start + range.length)
            return range.format;
    }
    return {};
}

} // namespace

class TestSqlHighlighter : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void openConstructsCarryAcrossLines()
    {
        // As in the editor: a plain-text layout (without one the document
        // announces no changes and nothing is highlighted).
        QTextDocument document;
        document.setDocumentLayout(new QPlainTextDocumentLayout(&document));
        SqlHighlighter highlighter(&document);
        document.setPlainText(QStringLiteral("SELECT 1 -- note\n"
                                             "CREATE FUNCTION f() AS $fn$\n"
                                             "  SELECT 'x'; -- inside the body\n"
                                             "$fn$ LANGUAGE sql;\n"
                                             "/* open /* nested */\n"
                                             "still comment */ SELECT 2"));
        const QTextCharFormat keyword = highlighter.formatFor(SqlTokenKind::Identifier, true);
        const QTextCharFormat string = highlighter.formatFor(SqlTokenKind::DollarString, false);
        const QTextCharFormat comment = highlighter.formatFor(SqlTokenKind::LineComment, false);
        QCOMPARE(formatAt(document, 0, 0).foreground(), keyword.foreground());
        QCOMPARE(formatAt(document, 0, 0).fontWeight(), int(QFont::Bold));
        QVERIFY(formatAt(document, 0, 12).fontItalic()); // the line comment
        // The whole dollar-quoted body is a string, even what looks like SQL.
        QCOMPARE(formatAt(document, 2, 2).foreground(), string.foreground());
        QCOMPARE(formatAt(document, 2, 20).foreground(), string.foreground());
        QCOMPARE(formatAt(document, 3, 0).foreground(), string.foreground());
        QCOMPARE(formatAt(document, 3, 5).foreground(), keyword.foreground()); // LANGUAGE
        // A nested comment still open at the end of line 5 carries on.
        QCOMPARE(formatAt(document, 5, 0).foreground(), comment.foreground());
        QCOMPARE(formatAt(document, 5, 17).foreground(), keyword.foreground()); // SELECT

        // Closing the dollar quote early re-colours the lines after it.
        QTextCursor cursor(document.findBlockByNumber(2));
        cursor.insertText(QStringLiteral("$fn$"));
        QCOMPARE(formatAt(document, 2, 6).foreground(), keyword.foreground()); // SELECT
    }

    void darkPaletteGivesLightColours()
    {
        QTextDocument document;
        SqlHighlighter highlighter(&document);
        QPalette dark;
        dark.setColor(QPalette::Base, QColor(0x20, 0x20, 0x20));
        dark.setColor(QPalette::Text, QColor(0xee, 0xee, 0xee));
        highlighter.setPalette(dark);
        const QColor keyword =
            highlighter.formatFor(SqlTokenKind::Identifier, true).foreground().color();
        QVERIFY(keyword.lightness() > 128);
        QPalette light;
        light.setColor(QPalette::Base, Qt::white);
        light.setColor(QPalette::Text, Qt::black);
        highlighter.setPalette(light);
        QVERIFY(
            highlighter.formatFor(SqlTokenKind::Identifier, true).foreground().color().lightness() <
            128);
    }
};

QTEST_MAIN(TestSqlHighlighter)
#include "tst_sqlhighlighter.moc"
