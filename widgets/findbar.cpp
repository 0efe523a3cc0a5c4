#include "widgets/findbar.h"

#include <QGridLayout>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTextBlock>
#include <QTextCursor>
#include <QTextDocument>
#include <QToolButton>

#include <algorithm>

namespace sightline {

namespace {

QToolButton *makeToggle(const QString &text, const QString &toolTip, const QString &name,
                        QWidget *parent)
{
    auto *button = new QToolButton(parent);
    button->setText(text);
    button->setToolTip(toolTip);
    button->setCheckable(true);
    button->setObjectName(name);
    return button;
}

QPushButton *makeButton(const QString &text, const QString &name, QWidget *parent)
{
    auto *button = new QPushButton(text, parent);
    button->setObjectName(name);
    // The search field keeps the focus while the user clicks through matches.
    button->setFocusPolicy(Qt::NoFocus);
    button->setAutoDefault(false);
    return button;
}

} // namespace

FindBar::FindBar(QPlainTextEdit *editor, QWidget *parent)
    : QWidget(parent)
    , m_editor(editor)
{
    setObjectName(QStringLiteral("findBar"));
    // Opaque, since SqlEditor lays the bar over its own frame area.
    setAutoFillBackground(true);

    m_findEdit = new QLineEdit(this);
    m_findEdit->setObjectName(QStringLiteral("findEdit"));
    m_findEdit->setPlaceholderText(tr("Find"));
    m_findEdit->setClearButtonEnabled(true);

    m_replaceEdit = new QLineEdit(this);
    m_replaceEdit->setObjectName(QStringLiteral("replaceEdit"));
    m_replaceEdit->setPlaceholderText(tr("Replace with"));

    m_caseButton =
        makeToggle(tr("Aa"), tr("Match case"), QStringLiteral("caseSensitiveButton"), this);
    m_wholeWordsButton =
        makeToggle(tr("W"), tr("Whole words only"), QStringLiteral("wholeWordsButton"), this);
    m_previousButton = makeButton(tr("Previous"), QStringLiteral("findPreviousButton"), this);
    m_previousButton->setToolTip(tr("Previous match (Shift+F3)"));
    m_nextButton = makeButton(tr("Next"), QStringLiteral("findNextButton"), this);
    m_nextButton->setToolTip(tr("Next match (F3)"));
    m_replaceButton = makeButton(tr("Replace"), QStringLiteral("replaceButton"), this);
    m_replaceAllButton = makeButton(tr("Replace All"), QStringLiteral("replaceAllButton"), this);

    m_countLabel = new QLabel(this);
    m_countLabel->setObjectName(QStringLiteral("matchCountLabel"));
    m_countLabel->setMinimumWidth(
        m_countLabel->fontMetrics().horizontalAdvance(tr("%1 of %2").arg(99999).arg(99999)));

    m_closeButton = new QToolButton(this);
    m_closeButton->setObjectName(QStringLiteral("closeFindBarButton"));
    m_closeButton->setText(QStringLiteral("×"));
    m_closeButton->setToolTip(tr("Close (Escape)"));
    m_closeButton->setAutoRaise(true);

    auto *layout = new QGridLayout(this);
    layout->setContentsMargins(4, 2, 4, 2);
    layout->setVerticalSpacing(2);
    layout->addWidget(m_findEdit, 0, 0);
    layout->addWidget(m_caseButton, 0, 1);
    layout->addWidget(m_wholeWordsButton, 0, 2);
    layout->addWidget(m_previousButton, 0, 3);
    layout->addWidget(m_nextButton, 0, 4);
    layout->addWidget(m_countLabel, 0, 5);
    layout->addWidget(m_closeButton, 0, 6);
    layout->addWidget(m_replaceEdit, 1, 0);
    layout->addWidget(m_replaceButton, 1, 3);
    layout->addWidget(m_replaceAllButton, 1, 4);
    layout->setColumnStretch(0, 1);
    setReplaceVisible(false);

    connect(m_findEdit, &QLineEdit::textChanged, this, &FindBar::searchFromSelectionStart);
    connect(m_caseButton, &QToolButton::toggled, this, &FindBar::searchFromSelectionStart);
    connect(m_wholeWordsButton, &QToolButton::toggled, this, &FindBar::searchFromSelectionStart);
    connect(m_previousButton, &QPushButton::clicked, this, &FindBar::findPrevious);
    connect(m_nextButton, &QPushButton::clicked, this, &FindBar::findNext);
    connect(m_replaceButton, &QPushButton::clicked, this, &FindBar::replaceCurrent);
    connect(m_replaceAllButton, &QPushButton::clicked, this, &FindBar::replaceAll);
    connect(m_closeButton, &QToolButton::clicked, this, &FindBar::closeBar);
    connect(m_editor->document(), &QTextDocument::contentsChanged, this, [this] {
        if (isVisible())
            recountMatches();
    });
    connect(m_editor, &QPlainTextEdit::cursorPositionChanged, this, [this] {
        if (isVisible())
            updateCurrentMatch();
    });
}

void FindBar::openFind()
{
    const QString selected = m_editor->textCursor().selectedText();
    // A multi-line selection is a range to work on, not a search term.
    if (!selected.isEmpty() && !selected.contains(QChar::ParagraphSeparator)) {
        const QSignalBlocker blocker(m_findEdit);
        m_findEdit->setText(selected);
    }
    setReplaceVisible(false);
    show();
    m_findEdit->setFocus(Qt::ShortcutFocusReason);
    m_findEdit->selectAll();
    recountMatches();
}

void FindBar::openReplace()
{
    openFind();
    setReplaceVisible(true);
}

bool FindBar::isReplaceVisible() const
{
    return !m_replaceEdit->isHidden();
}

QString FindBar::searchText() const
{
    return m_findEdit->text();
}

void FindBar::setSearchText(const QString &text)
{
    m_findEdit->setText(text);
}

void FindBar::setReplaceText(const QString &text)
{
    m_replaceEdit->setText(text);
}

bool FindBar::isCaseSensitive() const
{
    return m_caseButton->isChecked();
}

void FindBar::setCaseSensitive(bool on)
{
    m_caseButton->setChecked(on);
}

bool FindBar::isWholeWords() const
{
    return m_wholeWordsButton->isChecked();
}

void FindBar::setWholeWords(bool on)
{
    m_wholeWordsButton->setChecked(on);
}

bool FindBar::findNext()
{
    return find(false);
}

bool FindBar::findPrevious()
{
    return find(true);
}

QRegularExpression FindBar::pattern() const
{
    const QString text = m_findEdit->text();
    if (text.isEmpty())
        return {};
    QString expression = QRegularExpression::escape(text);
    // Look-arounds rather than \b: \b fails when the term itself starts or
    // ends with a non-word character, e.g. "(id" or "x.".
    if (isWholeWords())
        expression = QStringLiteral("(?<!\\w)") + expression + QStringLiteral("(?!\\w)");
    QRegularExpression::PatternOptions options = QRegularExpression::UseUnicodePropertiesOption;
    if (!isCaseSensitive())
        options |= QRegularExpression::CaseInsensitiveOption;
    return QRegularExpression(expression, options);
}

namespace {

// QTextDocument::find overrides the expression's case option with its own
// flag, so the flag has to agree with the expression.
QTextDocument::FindFlags flagsFor(const QRegularExpression &expression, bool backward)
{
    QTextDocument::FindFlags flags;
    if (!(expression.patternOptions() & QRegularExpression::CaseInsensitiveOption))
        flags |= QTextDocument::FindCaseSensitively;
    if (backward)
        flags |= QTextDocument::FindBackward;
    return flags;
}

} // namespace

bool FindBar::find(bool backward)
{
    const QRegularExpression expression = pattern();
    if (expression.pattern().isEmpty() || !expression.isValid()) {
        recountMatches();
        return false;
    }
    QTextDocument *document = m_editor->document();
    const QTextDocument::FindFlags flags = flagsFor(expression, backward);
    QTextCursor found = document->find(expression, m_editor->textCursor(), flags);
    if (found.isNull()) {
        // Wrap around: search again from the other end of the document.
        QTextCursor edge(document);
        edge.movePosition(backward ? QTextCursor::End : QTextCursor::Start);
        found = document->find(expression, edge, flags);
    }
    if (!found.isNull()) {
        m_editor->setTextCursor(found);
        m_editor->ensureCursorVisible();
    }
    recountMatches();
    return !found.isNull();
}

bool FindBar::selectionIsMatch() const
{
    const QTextCursor cursor = m_editor->textCursor();
    if (!cursor.hasSelection())
        return false;
    const auto it =
        std::lower_bound(m_matches.begin(), m_matches.end(), std::pair(cursor.selectionStart(), 0));
    return it != m_matches.end() && it->first == cursor.selectionStart() &&
           it->second == cursor.selectionEnd();
}

bool FindBar::replaceCurrent()
{
    recountMatches();
    if (!selectionIsMatch())
        return findNext();
    QTextCursor cursor = m_editor->textCursor();
    cursor.insertText(m_replaceEdit->text());
    m_editor->setTextCursor(cursor);
    findNext();
    return true;
}

int FindBar::replaceAll()
{
    const QRegularExpression expression = pattern();
    if (expression.pattern().isEmpty() || !expression.isValid())
        return 0;
    QTextDocument *document = m_editor->document();
    const QTextDocument::FindFlags flags = flagsFor(expression, false);
    const QString replacement = m_replaceEdit->text();
    int replaced = 0;
    // The edit block belongs to the document, so every insertion below,
    // made through other cursors, becomes one undo step.
    QTextCursor block(document);
    block.beginEditBlock();
    QTextCursor found = document->find(expression, 0, flags);
    while (!found.isNull()) {
        found.insertText(replacement);
        ++replaced;
        // Continue after the inserted text, so a replacement that contains
        // the search term is not replaced again.
        found = document->find(expression, found, flags);
    }
    block.endEditBlock();
    recountMatches();
    return replaced;
}

void FindBar::searchFromSelectionStart()
{
    // Typing refines the search in place: the current match stays selected
    // while it still matches instead of jumping to the next one.
    QTextCursor cursor = m_editor->textCursor();
    cursor.setPosition(cursor.selectionStart());
    m_editor->setTextCursor(cursor);
    find(false);
}

void FindBar::recountMatches()
{
    m_matches.clear();
    const QRegularExpression expression = pattern();
    if (!expression.pattern().isEmpty() && expression.isValid()) {
        // Matches never span lines (a line edit holds no line breaks), so the
        // plain text gives the same positions as the document.
        const QString text = m_editor->document()->toPlainText();
        auto it = expression.globalMatch(text);
        while (it.hasNext()) {
            const QRegularExpressionMatch match = it.next();
            m_matches.emplace_back(int(match.capturedStart()), int(match.capturedEnd()));
        }
    }
    m_matchCount = int(m_matches.size());
    updateCurrentMatch();
}

void FindBar::updateCurrentMatch()
{
    const QTextCursor cursor = m_editor->textCursor();
    const auto it =
        std::lower_bound(m_matches.begin(), m_matches.end(), std::pair(cursor.selectionStart(), 0));
    const bool onMatch = cursor.hasSelection() && it != m_matches.end() &&
                         it->first == cursor.selectionStart() &&
                         it->second == cursor.selectionEnd();
    m_currentMatch = onMatch ? int(it - m_matches.begin()) + 1 : 0;

    if (m_findEdit->text().isEmpty())
        m_countLabel->clear();
    else if (m_matchCount == 0)
        m_countLabel->setText(tr("No matches"));
    else if (m_currentMatch > 0)
        m_countLabel->setText(tr("%1 of %2").arg(m_currentMatch).arg(m_matchCount));
    else
        m_countLabel->setText(tr("%n match(es)", nullptr, m_matchCount));
}

void FindBar::setReplaceVisible(bool visible)
{
    m_replaceEdit->setVisible(visible);
    m_replaceButton->setVisible(visible);
    m_replaceAllButton->setVisible(visible);
    // The owner sizes the bar from its hint, which just changed.
    adjustSize();
    updateGeometry();
}

void FindBar::closeBar()
{
    hide();
    m_editor->setFocus(Qt::OtherFocusReason);
    Q_EMIT closed();
}

void FindBar::keyPressEvent(QKeyEvent *event)
{
    const bool shift = event->modifiers() & Qt::ShiftModifier;
    const bool ctrl = event->modifiers() & Qt::ControlModifier;
    switch (event->key()) {
    case Qt::Key_Escape:
        closeBar();
        break;
    case Qt::Key_Return:
    case Qt::Key_Enter:
        if (m_replaceEdit->hasFocus())
            replaceCurrent();
        else if (shift)
            findPrevious();
        else
            findNext();
        break;
    case Qt::Key_F3:
        if (shift)
            findPrevious();
        else
            findNext();
        break;
    case Qt::Key_F:
        if (ctrl)
            openFind();
        break;
    case Qt::Key_H:
        if (ctrl)
            openReplace();
        break;
    default:
        break;
    }
    // Whatever the line edits left is swallowed: this bar is a child of the
    // editor, and an unhandled key must not fall through into the SQL text.
    event->accept();
}

} // namespace sightline
