#include "widgets/sqleditor.h"

#include "models/store/appsettings.h"
#include "widgets/findbar.h"

#include <QApplication>
#include <QHelpEvent>
#include <QKeyEvent>
#include <QPainter>
#include <QTextBlock>
#include <QTextDocument>
#include <QToolTip>
#include <QWheelEvent>

#include <algorithm>
#include <climits>

namespace sightline {

// The line-number strip left of the viewport; the editor paints it, since
// only the editor knows where its blocks are.
class SqlEditorGutter final : public QWidget
{
public:
    explicit SqlEditorGutter(SqlEditor *editor)
        : QWidget(editor)
        , m_editor(editor)
    {
        setObjectName(QStringLiteral("sqlEditorGutter"));
    }

    QSize sizeHint() const override { return {m_editor->gutterWidth(), 0}; }

protected:
    void paintEvent(QPaintEvent *event) override { m_editor->paintGutter(event); }

private:
    SqlEditor *m_editor;
};

namespace {

int leadingWhitespace(QStringView text)
{
    int i = 0;
    while (i < text.size() && (text[i] == u' ' || text[i] == u'\t'))
        ++i;
    return i;
}

struct LineRange
{
    QTextBlock first;
    QTextBlock last;
};

LineRange selectedLines(const QTextCursor &cursor)
{
    const QTextDocument *document = cursor.document();
    const QTextBlock first = document->findBlock(cursor.selectionStart());
    QTextBlock last = document->findBlock(cursor.selectionEnd());
    // A selection that ends at the start of a line (dragged or Shift+Down to
    // the line below) does not take that line in.
    if (cursor.hasSelection() && last != first && cursor.selectionEnd() == last.position())
        last = last.previous();
    return {first, last};
}

template<typename Edit>
void forEachLine(const LineRange &lines, Edit edit)
{
    for (QTextBlock block = lines.first; block.isValid(); block = block.next()) {
        edit(block);
        if (block == lines.last)
            break;
    }
}

// After editing whole lines the selection covers exactly those lines, so the
// next Tab or Ctrl+/ works on the same lines again.
void selectLines(QTextCursor &cursor, const LineRange &lines)
{
    cursor.setPosition(lines.first.position());
    cursor.setPosition(lines.last.position() + lines.last.length() - 1, QTextCursor::KeepAnchor);
}

} // namespace

SqlEditor::SqlEditor(QWidget *parent)
    : QPlainTextEdit(parent)
{
    setObjectName(QStringLiteral("sqlEditor"));
    m_gutter = new SqlEditorGutter(this);
    m_findBar = new FindBar(this, this);
    m_findBar->hide();
    // The bar is a child of the editor and would inherit the zoomed
    // monospace font; it keeps the application's font instead.
    QFont uiFont = QApplication::font(m_findBar);
    uiFont.setResolveMask(QFont::AllPropertiesResolved);
    m_findBar->setFont(uiFont);
    m_findBar->installEventFilter(this);

    connect(document(), &QTextDocument::contentsChange, this,
            [this](int position, int removed, int added) {
                ++m_textGeneration;
                // Editing the marked text (or right next to it) means the user
                // is fixing it: the marker would only be in the way.
                if (hasErrorMarker() && position <= m_errorCursor.selectionEnd() &&
                    position + std::max(removed, added) >= m_errorCursor.selectionStart())
                    clearErrorMarker();
            });
    connect(this, &QPlainTextEdit::blockCountChanged, this, &SqlEditor::updateMargins);
    connect(this, &QPlainTextEdit::updateRequest, this, [this](const QRect &rect, int dy) {
        if (dy != 0)
            m_gutter->scroll(0, dy);
        else
            m_gutter->update(0, rect.y(), m_gutter->width(), rect.height());
    });
    connect(this, &QPlainTextEdit::cursorPositionChanged, this, [this] {
        updateExtraSelections();
        m_gutter->update();
    });
    // Deleting forward changes the text without moving the cursor.
    connect(this, &QPlainTextEdit::textChanged, this, &SqlEditor::updateExtraSelections);

    setEditorFont(font());
    updateMargins();
    updateExtraSelections();
}

void SqlEditor::setEditorFont(const QFont &font)
{
    QFont editorFont = font;
    if (editorFont.pointSize() <= 0)
        editorFont.setPointSize(m_baseFontSize);
    editorFont.setPointSize(std::clamp(editorFont.pointSize(), kMinFontSize, kMaxFontSize));
    m_baseFontSize = editorFont.pointSize();
    setFont(editorFont);
}

void SqlEditor::applySettings(const AppSettings &settings)
{
    QFont font(settings.editorFontFamily());
    // Falls back to some monospace face when the chosen family is missing.
    font.setStyleHint(QFont::Monospace);
    font.setFixedPitch(true);
    font.setPointSize(settings.editorFontSize());
    setEditorFont(font);
}

int SqlEditor::fontPointSize() const
{
    return font().pointSize();
}

void SqlEditor::zoomBy(int steps)
{
    setFontPointSize(fontPointSize() + steps);
}

void SqlEditor::resetZoom()
{
    setFontPointSize(m_baseFontSize);
}

void SqlEditor::setFontPointSize(int points)
{
    points = std::clamp(points, kMinFontSize, kMaxFontSize);
    if (points == fontPointSize())
        return;
    QFont zoomed = font();
    zoomed.setPointSize(points);
    setFont(zoomed);
    Q_EMIT fontPointSizeChanged(points);
}

void SqlEditor::toggleComment()
{
    QTextCursor cursor = textCursor();
    const bool hadSelection = cursor.hasSelection();
    const LineRange lines = selectedLines(cursor);

    // Like DataGrip: when every non-blank line is already a comment the
    // command removes them, otherwise it comments all lines, with the "--"
    // in one column (the smallest indentation) so the block stays aligned.
    bool allCommented = true;
    bool anyText = false;
    int column = INT_MAX;
    forEachLine(lines, [&](const QTextBlock &block) {
        const QString text = block.text();
        const int indent = leadingWhitespace(text);
        if (indent == text.size())
            return;
        anyText = true;
        column = std::min(column, indent);
        if (!QStringView(text).mid(indent).startsWith(u"--"))
            allCommented = false;
    });
    if (!anyText) {
        allCommented = false;
        column = 0;
    }

    QTextCursor edit(document());
    edit.beginEditBlock();
    forEachLine(lines, [&](const QTextBlock &block) {
        const QString text = block.text();
        const int indent = leadingWhitespace(text);
        if (anyText && indent == text.size())
            return; // blank lines are left alone
        if (allCommented) {
            int length = 2;
            if (indent + 2 < text.size() && text[indent + 2] == u' ')
                ++length;
            edit.setPosition(block.position() + indent);
            edit.setPosition(block.position() + indent + length, QTextCursor::KeepAnchor);
            edit.removeSelectedText();
        } else {
            edit.setPosition(block.position() + column);
            edit.insertText(QStringLiteral("-- "));
        }
    });
    edit.endEditBlock();

    if (hadSelection) {
        selectLines(cursor, lines);
        setTextCursor(cursor);
    }
}

void SqlEditor::indentSelection()
{
    QTextCursor cursor = textCursor();
    if (!cursor.hasSelection()) {
        insertIndentAtCursor();
        return;
    }
    const LineRange lines = selectedLines(cursor);
    const QString indent(kIndentWidth, u' ');
    QTextCursor edit(document());
    edit.beginEditBlock();
    forEachLine(lines, [&](const QTextBlock &block) {
        // No trailing whitespace on empty lines.
        if (block.length() <= 1)
            return;
        edit.setPosition(block.position());
        edit.insertText(indent);
    });
    edit.endEditBlock();
    selectLines(cursor, lines);
    setTextCursor(cursor);
}

void SqlEditor::unindentSelection()
{
    QTextCursor cursor = textCursor();
    const bool hadSelection = cursor.hasSelection();
    const LineRange lines = selectedLines(cursor);
    QTextCursor edit(document());
    edit.beginEditBlock();
    forEachLine(lines, [&](const QTextBlock &block) {
        const QString text = block.text();
        int remove = 0;
        if (!text.isEmpty() && text[0] == u'\t')
            remove = 1;
        else
            while (remove < kIndentWidth && remove < text.size() && text[remove] == u' ')
                ++remove;
        if (remove == 0)
            return;
        edit.setPosition(block.position());
        edit.setPosition(block.position() + remove, QTextCursor::KeepAnchor);
        edit.removeSelectedText();
    });
    edit.endEditBlock();
    if (hadSelection) {
        selectLines(cursor, lines);
        setTextCursor(cursor);
    }
}

void SqlEditor::insertIndentAtCursor()
{
    QTextCursor cursor = textCursor();
    const int column = cursor.positionInBlock();
    cursor.insertText(QString(kIndentWidth - column % kIndentWidth, u' '));
    setTextCursor(cursor);
}

void SqlEditor::insertNewlineKeepingIndent()
{
    QTextCursor cursor = textCursor();
    cursor.beginEditBlock();
    cursor.removeSelectedText();
    const QString text = cursor.block().text();
    // Enter inside the indentation must not add more than what is left of
    // the cursor.
    const int indent = std::min(leadingWhitespace(text), cursor.positionInBlock());
    cursor.insertBlock();
    cursor.insertText(text.left(indent));
    cursor.endEditBlock();
    setTextCursor(cursor);
    ensureCursorVisible();
}

const QList<SqlToken> &SqlEditor::tokens() const
{
    if (m_tokensGeneration != m_textGeneration) {
        m_tokensText = document()->toPlainText();
        m_tokens = SqlLexer::tokenize(m_tokensText);
        m_tokensGeneration = m_textGeneration;
    }
    return m_tokens;
}

int SqlEditor::matchingBracket(int position) const
{
    // Cheap check first: the whole text is lexed only for a real bracket.
    const QChar at = document()->characterAt(position);
    QChar open;
    QChar close;
    if (at == u'(' || at == u')') {
        open = u'(';
        close = u')';
    } else if (at == u'[' || at == u']') {
        open = u'[';
        close = u']';
    } else {
        return -1;
    }
    const bool forward = at == open;

    const QList<SqlToken> &all = tokens();
    auto it = std::upper_bound(all.cbegin(), all.cend(), position,
                               [](int pos, const SqlToken &token) { return pos < token.start; });
    if (it == all.cbegin())
        return -1;
    --it;
    // A bracket inside a string, comment or dollar quote is not code.
    if (it->kind != SqlTokenKind::Punctuation || position >= it->end())
        return -1;

    int depth = 0;
    auto visit = [&](int pos) {
        const QChar c = m_tokensText.at(pos);
        if (c == (forward ? open : close))
            ++depth;
        else if (c == (forward ? close : open))
            --depth;
        return depth == 0;
    };
    if (forward) {
        for (; it != all.cend(); ++it) {
            if (it->kind != SqlTokenKind::Punctuation)
                continue;
            for (int pos = std::max(it->start, position); pos < it->end(); ++pos)
                if (visit(pos))
                    return pos;
        }
    } else {
        for (;; --it) {
            if (it->kind == SqlTokenKind::Punctuation) {
                for (int pos = std::min(it->end() - 1, position); pos >= it->start; --pos)
                    if (visit(pos))
                        return pos;
            }
            if (it == all.cbegin())
                break;
        }
    }
    return -1;
}

void SqlEditor::updateExtraSelections()
{
    QList<QTextEdit::ExtraSelection> selections;
    const QPalette pal = palette();

    // Translucent highlight colour: readable over light and dark bases.
    QColor lineColor = pal.color(QPalette::Highlight);
    lineColor.setAlpha(32);
    QTextEdit::ExtraSelection line;
    line.format.setBackground(lineColor);
    line.format.setProperty(QTextFormat::FullWidthSelection, true);
    line.cursor = textCursor();
    line.cursor.clearSelection();
    selections.append(line);

    const QTextCursor cursor = textCursor();
    if (!cursor.hasSelection()) {
        // The bracket right of the cursor wins, as in most editors.
        for (const int candidate : {cursor.position(), cursor.position() - 1}) {
            if (candidate < 0)
                continue;
            const int match = matchingBracket(candidate);
            if (match < 0)
                continue;
            QColor bracketColor = pal.color(QPalette::Highlight);
            bracketColor.setAlpha(110);
            for (const int pos : {candidate, match}) {
                QTextEdit::ExtraSelection bracket;
                bracket.format.setBackground(bracketColor);
                bracket.cursor = QTextCursor(document());
                bracket.cursor.setPosition(pos);
                bracket.cursor.setPosition(pos + 1, QTextCursor::KeepAnchor);
                selections.append(bracket);
            }
            break;
        }
    }
    if (hasErrorMarker()) {
        QTextEdit::ExtraSelection error;
        QColor background(220, 40, 40);
        background.setAlpha(40);
        error.format.setBackground(background);
        error.format.setUnderlineStyle(QTextCharFormat::WaveUnderline);
        error.format.setUnderlineColor(QColor(220, 40, 40));
        error.format.setToolTip(m_errorMessage);
        error.cursor = m_errorCursor;
        selections.append(error);
    }
    setExtraSelections(selections);
}

void SqlEditor::setErrorMarker(int position, const QString &message)
{
    const QString text = toPlainText();
    if (text.isEmpty())
        return;
    position = std::clamp(position, 0, int(text.size()) - 1);
    auto isWord = [&](int i) {
        const QChar c = text.at(i);
        return c.isLetterOrNumber() || c == u'_' || c == u'$';
    };
    // The server points at the start of a token; mark the whole word, or the
    // one character when it is punctuation, or the character before the end.
    if (text.at(position).isSpace() && position > 0)
        --position;
    int end = position + 1;
    if (isWord(position)) {
        while (end < text.size() && isWord(end))
            ++end;
    }
    m_errorCursor = QTextCursor(document());
    m_errorCursor.setPosition(position);
    m_errorCursor.setPosition(end, QTextCursor::KeepAnchor);
    m_errorMessage = message;
    updateExtraSelections();
    m_gutter->update();
}

void SqlEditor::clearErrorMarker()
{
    if (!hasErrorMarker())
        return;
    m_errorCursor = QTextCursor();
    m_errorMessage.clear();
    updateExtraSelections();
    m_gutter->update();
}

int SqlEditor::errorMarkerStart() const
{
    return hasErrorMarker() ? m_errorCursor.selectionStart() : -1;
}

int SqlEditor::errorMarkerEnd() const
{
    return hasErrorMarker() ? m_errorCursor.selectionEnd() : -1;
}

int SqlEditor::gutterWidth() const
{
    int digits = 1;
    for (int lines = std::max(1, blockCount()); lines >= 10; lines /= 10)
        ++digits;
    // Two digits at least, so the text does not shift at line 10.
    digits = std::max(digits, 2);
    return 12 + fontMetrics().horizontalAdvance(u'9') * digits;
}

void SqlEditor::paintGutter(QPaintEvent *event)
{
    QPainter painter(m_gutter);
    const QPalette pal = palette();
    painter.fillRect(event->rect(), pal.color(QPalette::Window));

    QFont normal = font();
    QFont current = font();
    current.setBold(true);
    const int currentLine = textCursor().blockNumber();
    const int textWidth = m_gutter->width() - 6;
    const int lineHeight = fontMetrics().height();

    QTextBlock block = firstVisibleBlock();
    int top = qRound(blockBoundingGeometry(block).translated(contentOffset()).top());
    int bottom = top + qRound(blockBoundingRect(block).height());
    while (block.isValid() && top <= event->rect().bottom()) {
        if (block.isVisible() && bottom >= event->rect().top()) {
            const bool isCurrent = block.blockNumber() == currentLine;
            if (hasErrorMarker() && block.contains(m_errorCursor.selectionStart())) {
                // A red bar in front of the line number: visible at a glance.
                painter.fillRect(0, top + 1, 4, lineHeight - 2, QColor(220, 40, 40));
            }
            painter.setFont(isCurrent ? current : normal);
            painter.setPen(pal.color(isCurrent ? QPalette::Text : QPalette::PlaceholderText));
            painter.drawText(0, top, textWidth, lineHeight, Qt::AlignRight | Qt::AlignVCenter,
                             QString::number(block.blockNumber() + 1));
        }
        block = block.next();
        top = bottom;
        bottom = top + qRound(blockBoundingRect(block).height());
    }
}

void SqlEditor::updateMargins()
{
    const int barHeight = m_findBar->isVisibleTo(this) ? m_findBar->sizeHint().height() : 0;
    setViewportMargins(gutterWidth(), 0, 0, barHeight);
    placeChildren();
}

void SqlEditor::placeChildren()
{
    const QRect view = viewport()->geometry();
    const QRect content = contentsRect();
    m_gutter->setGeometry(content.left(), view.top(), gutterWidth(), view.height());
    if (m_findBar->isVisibleTo(this))
        m_findBar->setGeometry(content.left(), view.bottom() + 1, view.right() - content.left() + 1,
                               m_findBar->sizeHint().height());
}

bool SqlEditor::handlesShortcut(const QKeyEvent *event) const
{
    const Qt::KeyboardModifiers modifiers =
        event->modifiers() & ~(Qt::ShiftModifier | Qt::KeypadModifier);
    const int key = event->key();
    if (modifiers == Qt::ControlModifier) {
        return key == Qt::Key_Slash || key == Qt::Key_F || key == Qt::Key_H ||
               key == Qt::Key_Plus || key == Qt::Key_Equal || key == Qt::Key_Minus ||
               key == Qt::Key_0;
    }
    if (modifiers == Qt::NoModifier) {
        return key == Qt::Key_F3 || key == Qt::Key_Tab || key == Qt::Key_Backtab ||
               (key == Qt::Key_Escape && m_findBar->isVisible());
    }
    return false;
}

bool SqlEditor::event(QEvent *event)
{
    // Claim our keys before window-wide shortcuts (a main window's Find or
    // zoom actions) take them away from the editor.
    if (event->type() == QEvent::ShortcutOverride &&
        handlesShortcut(static_cast<QKeyEvent *>(event))) {
        event->accept();
        return true;
    }
    return QPlainTextEdit::event(event);
}

void SqlEditor::keyPressEvent(QKeyEvent *event)
{
    const Qt::KeyboardModifiers modifiers =
        event->modifiers() & ~(Qt::ShiftModifier | Qt::KeypadModifier);
    const bool shift = event->modifiers() & Qt::ShiftModifier;
    const int key = event->key();

    if (modifiers == Qt::ControlModifier) {
        switch (key) {
        case Qt::Key_Slash:
            toggleComment();
            return;
        case Qt::Key_F:
            m_findBar->openFind();
            updateMargins();
            return;
        case Qt::Key_H:
            m_findBar->openReplace();
            updateMargins();
            return;
        case Qt::Key_Plus:
        case Qt::Key_Equal:
            zoomBy(1);
            return;
        case Qt::Key_Minus:
            zoomBy(-1);
            return;
        case Qt::Key_0:
            resetZoom();
            return;
        default:
            break;
        }
    } else if (modifiers == Qt::NoModifier) {
        switch (key) {
        case Qt::Key_F3:
            if (m_findBar->searchText().isEmpty()) {
                m_findBar->openFind();
                updateMargins();
            } else if (shift) {
                m_findBar->findPrevious();
            } else {
                m_findBar->findNext();
            }
            return;
        case Qt::Key_Escape:
            if (m_findBar->isVisible()) {
                m_findBar->hide();
                return;
            }
            break;
        case Qt::Key_Tab:
            if (shift)
                unindentSelection();
            else
                indentSelection();
            return;
        case Qt::Key_Backtab:
            unindentSelection();
            return;
        case Qt::Key_Return:
        case Qt::Key_Enter:
            insertNewlineKeepingIndent();
            return;
        default:
            break;
        }
    }
    QPlainTextEdit::keyPressEvent(event);
}

void SqlEditor::wheelEvent(QWheelEvent *event)
{
    if (!(event->modifiers() & Qt::ControlModifier)) {
        QPlainTextEdit::wheelEvent(event);
        return;
    }
    // Our own zoom rather than QPlainTextEdit's, so the size change is
    // announced; high-resolution wheels send fractions of a notch.
    m_wheelRemainder += event->angleDelta().y();
    const int steps = m_wheelRemainder / QWheelEvent::DefaultDeltasPerStep;
    m_wheelRemainder %= QWheelEvent::DefaultDeltasPerStep;
    if (steps != 0)
        zoomBy(steps);
    event->accept();
}

void SqlEditor::resizeEvent(QResizeEvent *event)
{
    QPlainTextEdit::resizeEvent(event);
    placeChildren();
}

bool SqlEditor::viewportEvent(QEvent *event)
{
    // A scroll bar appearing resizes the viewport but not the editor.
    if (event->type() == QEvent::Resize)
        placeChildren();
    if (event->type() == QEvent::ToolTip && hasErrorMarker()) {
        const auto *help = static_cast<QHelpEvent *>(event);
        const int position = cursorForPosition(help->pos()).position();
        if (position >= errorMarkerStart() && position <= errorMarkerEnd()) {
            QToolTip::showText(help->globalPos(), m_errorMessage, viewport());
            return true;
        }
    }
    return QPlainTextEdit::viewportEvent(event);
}

void SqlEditor::changeEvent(QEvent *event)
{
    QPlainTextEdit::changeEvent(event);
    if (event->type() == QEvent::FontChange) {
        setTabStopDistance(fontMetrics().horizontalAdvance(u' ') * kIndentWidth);
        updateMargins();
        m_gutter->update();
    } else if (event->type() == QEvent::PaletteChange) {
        updateExtraSelections();
        m_gutter->update();
    }
}

bool SqlEditor::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_findBar) {
        switch (event->type()) {
        case QEvent::Show:
        case QEvent::Hide:
        case QEvent::LayoutRequest:
            // After the bar has handled the event, so its hint is current.
            QMetaObject::invokeMethod(this, &SqlEditor::updateMargins, Qt::QueuedConnection);
            // Closed on its own (not hidden along with us): typing goes on here.
            if (event->type() == QEvent::Hide && m_findBar->isHidden() && isVisible())
                setFocus(Qt::OtherFocusReason);
            break;
        default:
            break;
        }
    }
    return QPlainTextEdit::eventFilter(watched, event);
}

} // namespace sightline
