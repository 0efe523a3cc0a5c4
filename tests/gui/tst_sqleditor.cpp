#include "widgets/findbar.h"
#include "widgets/sqleditor.h"

#include <QLabel>
#include <QLineEdit>
#include <QSignalSpy>
#include <QTest>
#include <QTextBlock>

using namespace sightline;

namespace {

// Selects from the start of line `first` to the end of line `last`.
void selectLines(SqlEditor &editor, int first, int last)
{
    QTextCursor cursor = editor.textCursor();
    const QTextBlock from = editor.document()->findBlockByNumber(first);
    const QTextBlock to = editor.document()->findBlockByNumber(last);
    cursor.setPosition(from.position());
    cursor.setPosition(to.position() + to.length() - 1, QTextCursor::KeepAnchor);
    editor.setTextCursor(cursor);
}

void placeCursor(SqlEditor &editor, int position)
{
    QTextCursor cursor = editor.textCursor();
    cursor.setPosition(position);
    editor.setTextCursor(cursor);
}

} // namespace

class TestSqlEditor : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void gutterGrowsWithLineCount()
    {
        SqlEditor editor;
        editor.resize(600, 400);
        editor.show();
        QVERIFY(QTest::qWaitForWindowExposed(&editor));
        editor.setPlainText(QStringLiteral("SELECT 1;\nSELECT 2;"));
        const int small = editor.gutterWidth();
        QCOMPARE(editor.gutter()->width(), small);
        QCOMPARE(editor.viewport()->geometry().left() - editor.contentsRect().left(), small);

        editor.setPlainText(QStringLiteral("SELECT 1;\n").repeated(10000));
        QVERIFY(editor.gutterWidth() > small);
        QCOMPARE(editor.gutter()->width(), editor.gutterWidth());
        QCOMPARE(editor.viewport()->geometry().left() - editor.contentsRect().left(),
                 editor.gutterWidth());
    }

    void bracketMatchAcrossLines()
    {
        SqlEditor editor;
        const QString text = QStringLiteral("SELECT f(a,\n  g(b)[1],\n  c)");
        editor.setPlainText(text);
        const int open = int(text.indexOf(u'('));
        const int close = int(text.lastIndexOf(u')'));
        QCOMPARE(editor.matchingBracket(open), close);
        QCOMPARE(editor.matchingBracket(close), open);
        const int openSquare = int(text.indexOf(u'['));
        QCOMPARE(editor.matchingBracket(openSquare), openSquare + 2);
        QCOMPARE(editor.matchingBracket(int(text.indexOf(u'S'))), -1);

        // The cursor next to a bracket marks both ends of the pair.
        placeCursor(editor, open);
        const QList<QTextEdit::ExtraSelection> selections = editor.extraSelections();
        QList<int> marked;
        for (const QTextEdit::ExtraSelection &selection : selections) {
            if (selection.cursor.hasSelection())
                marked.append(selection.cursor.selectionStart());
        }
        QCOMPARE(marked, (QList<int>{open, close}));
    }

    void bracketsInStringsAndCommentsDoNotMatch_data()
    {
        QTest::addColumn<QString>("text");
        QTest::newRow("string") << QStringLiteral("SELECT f(')', x)");
        QTest::newRow("line comment") << QStringLiteral("SELECT f( -- )\n x)");
        QTest::newRow("block comment") << QStringLiteral("SELECT f(/* ) */ x)");
        QTest::newRow("dollar quote") << QStringLiteral("SELECT f($q$ ) $q$, x)");
        QTest::newRow("quoted identifier") << QStringLiteral("SELECT f(\")\", x)");
    }

    void bracketsInStringsAndCommentsDoNotMatch()
    {
        QFETCH(QString, text);
        SqlEditor editor;
        editor.setPlainText(text);
        const int open = int(text.indexOf(u'('));
        const int close = int(text.lastIndexOf(u')'));
        const int decoy = int(text.indexOf(u')'));
        QVERIFY(decoy < close);
        QCOMPARE(editor.matchingBracket(open), close);
        QCOMPARE(editor.matchingBracket(close), open);
        // The decoy itself is text, not a bracket of code.
        QCOMPARE(editor.matchingBracket(decoy), -1);

        // The cache follows edits: closing the string early changes pairs.
        if (QTest::currentDataTag() == QByteArray("string")) {
            QTextCursor cursor(editor.document());
            cursor.setPosition(decoy + 2);
            cursor.deleteChar(); // drop the closing quote of ')'
            cursor.setPosition(decoy - 1);
            cursor.deleteChar(); // and the opening one: "f(), x)"
            QCOMPARE(editor.matchingBracket(open), open + 1);
        }
    }

    void commentToggleMultiLine()
    {
        SqlEditor editor;
        const QString original = QStringLiteral("SELECT a,\n    b\n\nFROM t;\nSELECT 2;");
        editor.setPlainText(original);
        selectLines(editor, 0, 3);
        QTest::keyClick(&editor, Qt::Key_Slash, Qt::ControlModifier);
        QCOMPARE(editor.toPlainText(),
                 QStringLiteral("-- SELECT a,\n--     b\n\n-- FROM t;\nSELECT 2;"));
        // The same lines stay selected, so the shortcut toggles them back.
        QTest::keyClick(&editor, Qt::Key_Slash, Qt::ControlModifier);
        QCOMPARE(editor.toPlainText(), original);

        QTest::keyClick(&editor, Qt::Key_Slash, Qt::ControlModifier);
        QVERIFY(editor.toPlainText() != original);
        editor.undo(); // one step for the whole block
        QCOMPARE(editor.toPlainText(), original);

        // A mix of commented and plain lines gets commented, like DataGrip.
        editor.setPlainText(QStringLiteral("-- a\nb"));
        selectLines(editor, 0, 1);
        QTest::keyClick(&editor, Qt::Key_Slash, Qt::ControlModifier);
        QCOMPARE(editor.toPlainText(), QStringLiteral("-- -- a\n-- b"));

        // No selection: the current line only.
        editor.setPlainText(QStringLiteral("x\n  y"));
        placeCursor(editor, 4);
        QTest::keyClick(&editor, Qt::Key_Slash, Qt::ControlModifier);
        QCOMPARE(editor.toPlainText(), QStringLiteral("x\n  -- y"));
    }

    void tabIndentsSelection()
    {
        SqlEditor editor;
        editor.setPlainText(QStringLiteral("a\n\n  b\nc"));
        selectLines(editor, 0, 2);
        QTest::keyClick(&editor, Qt::Key_Tab);
        QCOMPARE(editor.toPlainText(), QStringLiteral("    a\n\n      b\nc"));
        QTest::keyClick(&editor, Qt::Key_Backtab, Qt::ShiftModifier);
        QCOMPARE(editor.toPlainText(), QStringLiteral("a\n\n  b\nc"));
        QTest::keyClick(&editor, Qt::Key_Backtab, Qt::ShiftModifier);
        QCOMPARE(editor.toPlainText(), QStringLiteral("a\n\nb\nc"));
        editor.undo();
        QCOMPARE(editor.toPlainText(), QStringLiteral("a\n\n  b\nc"));

        // Without a selection Tab pads to the next multiple of four.
        editor.setPlainText(QStringLiteral("ab"));
        placeCursor(editor, 1);
        QTest::keyClick(&editor, Qt::Key_Tab);
        QCOMPARE(editor.toPlainText(), QStringLiteral("a   b"));
        QCOMPARE(editor.textCursor().position(), 4);
    }

    void enterKeepsIndentation()
    {
        SqlEditor editor;
        editor.setPlainText(QStringLiteral("SELECT\n    a,"));
        editor.moveCursor(QTextCursor::End);
        QTest::keyClick(&editor, Qt::Key_Return);
        QTest::keyClicks(&editor, QStringLiteral("b"));
        QCOMPARE(editor.toPlainText(), QStringLiteral("SELECT\n    a,\n    b"));
        editor.undo();
        editor.undo();
        QCOMPARE(editor.toPlainText(), QStringLiteral("SELECT\n    a,"));
    }

    void zoomChangesFontSize()
    {
        SqlEditor editor;
        QFont font(QStringLiteral("DejaVu Sans Mono"));
        font.setPointSize(11);
        editor.setEditorFont(font);
        QCOMPARE(editor.fontPointSize(), 11);
        QSignalSpy spy(&editor, &SqlEditor::fontPointSizeChanged);
        const int gutterBefore = editor.gutterWidth();

        QTest::keyClick(&editor, Qt::Key_Plus, Qt::ControlModifier);
        QCOMPARE(editor.fontPointSize(), 12);
        QTest::keyClick(&editor, Qt::Key_Equal, Qt::ControlModifier);
        QCOMPARE(editor.fontPointSize(), 13);
        QVERIFY(editor.gutterWidth() > gutterBefore);
        QTest::keyClick(&editor, Qt::Key_Minus, Qt::ControlModifier);
        QCOMPARE(editor.fontPointSize(), 12);
        QTest::keyClick(&editor, Qt::Key_0, Qt::ControlModifier);
        QCOMPARE(editor.fontPointSize(), 11);
        QCOMPARE(spy.count(), 4);
        QCOMPARE(spy.last().at(0).toInt(), 11);

        QWheelEvent wheel(QPointF(10, 10), QPointF(10, 10), QPoint(), QPoint(0, 240), Qt::NoButton,
                          Qt::ControlModifier, Qt::NoScrollPhase, false);
        QCoreApplication::sendEvent(editor.viewport(), &wheel);
        QCOMPARE(editor.fontPointSize(), 13);
        // The find bar keeps the application's font.
        QVERIFY(editor.findBar()->font().pointSize() != 13);
    }

    void findNextPreviousWrapsAndCounts()
    {
        SqlEditor editor;
        editor.resize(600, 400);
        editor.show();
        QVERIFY(QTest::qWaitForWindowExposed(&editor));
        editor.setPlainText(QStringLiteral("select id from t;\nSELECT idx from u;\nselect id;"));
        placeCursor(editor, 0);
        QTest::keyClick(&editor, Qt::Key_F, Qt::ControlModifier);
        FindBar *bar = editor.findBar();
        QVERIFY(bar->isVisible());
        // The bar sits under the viewport, not over the text.
        QVERIFY(bar->geometry().top() > editor.viewport()->geometry().bottom());
        auto *findEdit = bar->findChild<QLineEdit *>(QStringLiteral("findEdit"));
        QVERIFY(findEdit);
        QTest::keyClicks(findEdit, QStringLiteral("select"));
        QCOMPARE(bar->matchCount(), 3);
        QCOMPARE(bar->currentMatch(), 1);
        auto *label = bar->findChild<QLabel *>(QStringLiteral("matchCountLabel"));
        QVERIFY(label->text().contains(u'3'));

        QTest::keyClick(findEdit, Qt::Key_F3);
        QCOMPARE(bar->currentMatch(), 2);
        QTest::keyClick(&editor, Qt::Key_F3);
        QCOMPARE(bar->currentMatch(), 3);
        QTest::keyClick(&editor, Qt::Key_F3); // wraps to the first
        QCOMPARE(bar->currentMatch(), 1);
        QCOMPARE(editor.textCursor().selectionStart(), 0);
        QTest::keyClick(&editor, Qt::Key_F3, Qt::ShiftModifier); // and back to the last
        QCOMPARE(bar->currentMatch(), 3);
        QTest::keyClick(findEdit, Qt::Key_Return, Qt::ShiftModifier);
        QCOMPARE(bar->currentMatch(), 2);

        bar->setCaseSensitive(true);
        QCOMPARE(bar->matchCount(), 2);
        bar->setCaseSensitive(false);
        findEdit->setText(QStringLiteral("id"));
        QCOMPARE(bar->matchCount(), 3);
        bar->setWholeWords(true);
        QCOMPARE(bar->matchCount(), 2); // not "idx"
        findEdit->setText(QStringLiteral("nothing"));
        QCOMPARE(bar->matchCount(), 0);
        QVERIFY(!bar->findNext());
    }

    void replaceAllIsOneUndoStep()
    {
        SqlEditor editor;
        editor.resize(600, 400);
        editor.show();
        QVERIFY(QTest::qWaitForWindowExposed(&editor));
        const QString original = QStringLiteral("a.id, b.ID,\nc.id2, id");
        editor.setPlainText(original);
        QTest::keyClick(&editor, Qt::Key_H, Qt::ControlModifier);
        FindBar *bar = editor.findBar();
        QVERIFY(bar->isReplaceVisible());
        auto *findEdit = bar->findChild<QLineEdit *>(QStringLiteral("findEdit"));
        auto *replaceEdit = bar->findChild<QLineEdit *>(QStringLiteral("replaceEdit"));
        QVERIFY(findEdit && replaceEdit);
        QTest::keyClicks(findEdit, QStringLiteral("id"));
        QCOMPARE(bar->matchCount(), 4);
        // A replacement that contains the term must not loop or re-replace.
        QTest::keyClicks(replaceEdit, QStringLiteral("id_old"));
        QCOMPARE(bar->replaceAll(), 4);
        QCOMPARE(editor.toPlainText(), QStringLiteral("a.id_old, b.id_old,\nc.id_old2, id_old"));
        editor.undo();
        QCOMPARE(editor.toPlainText(), original);

        // Replace one at a time: the selected match, then the next.
        bar->setCaseSensitive(true);
        placeCursor(editor, 0);
        bar->findNext();
        QVERIFY(bar->replaceCurrent());
        QCOMPARE(editor.toPlainText(), QStringLiteral("a.id_old, b.ID,\nc.id2, id"));
        // Match 1 is now the "id" inside "id_old"; the search went on past it.
        QCOMPARE(bar->currentMatch(), 2);
        QCOMPARE(editor.textCursor().selectedText(), QStringLiteral("id"));
        QCOMPARE(editor.textCursor().selectionStart(),
                 int(QStringLiteral("a.id_old, b.ID,\nc.").size()));
    }

    void escapeClosesBar()
    {
        SqlEditor editor;
        editor.resize(600, 400);
        editor.show();
        QVERIFY(QTest::qWaitForWindowExposed(&editor));
        editor.setPlainText(QStringLiteral("select 1"));
        const int viewportHeight = editor.viewport()->height();
        QTest::keyClick(&editor, Qt::Key_F, Qt::ControlModifier);
        FindBar *bar = editor.findBar();
        QVERIFY(bar->isVisible());
        QTRY_VERIFY(editor.viewport()->height() < viewportHeight);
        auto *findEdit = bar->findChild<QLineEdit *>(QStringLiteral("findEdit"));
        QTest::keyClick(findEdit, Qt::Key_Escape);
        QVERIFY(!bar->isVisible());
        QTRY_COMPARE(editor.viewport()->height(), viewportHeight);
        QCOMPARE(editor.toPlainText(), QStringLiteral("select 1")); // nothing typed

        // Escape in the editor closes it too.
        QTest::keyClick(&editor, Qt::Key_F, Qt::ControlModifier);
        QVERIFY(bar->isVisible());
        QTest::keyClick(&editor, Qt::Key_Escape);
        QVERIFY(!bar->isVisible());
    }
};

QTEST_MAIN(TestSqlEditor)
#include "tst_sqleditor.moc"
