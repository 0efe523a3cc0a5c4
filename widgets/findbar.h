#pragma once

#include <QRegularExpression>
#include <QWidget>

#include <utility>
#include <vector>

class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QToolButton;

namespace sightline {

// Find and replace over a QPlainTextEdit. The bar only reads and edits the
// editor's document and cursor, so it works for any plain-text editor; who
// places it on screen (SqlEditor puts it under its viewport) is up to them.
class FindBar final : public QWidget
{
    Q_OBJECT
public:
    explicit FindBar(QPlainTextEdit *editor, QWidget *parent = nullptr);

    // Show the bar with the search field focused; a selection inside one line
    // becomes the search text, as in most editors.
    void openFind();
    void openReplace();
    bool isReplaceVisible() const;

    QString searchText() const;
    void setSearchText(const QString &text);
    void setReplaceText(const QString &text);
    bool isCaseSensitive() const;
    void setCaseSensitive(bool on);
    bool isWholeWords() const;
    void setWholeWords(bool on);

    // Select the next/previous match, wrapping around the document ends.
    bool findNext();
    bool findPrevious();
    // Replace the selected match (when the selection is one) and go to the next.
    bool replaceCurrent();
    // Replace every match as one undo step; returns how many were replaced.
    int replaceAll();

    int matchCount() const { return m_matchCount; }
    // 1-based index of the selected match, 0 when the selection is not one.
    int currentMatch() const { return m_currentMatch; }

Q_SIGNALS:
    void closed();

protected:
    void keyPressEvent(QKeyEvent *event) override;

private:
    QRegularExpression pattern() const;
    bool find(bool backward);
    bool selectionIsMatch() const;
    void searchFromSelectionStart();
    void recountMatches();
    void updateCurrentMatch();
    void setReplaceVisible(bool visible);
    void closeBar();

    QPlainTextEdit *m_editor = nullptr;
    QLineEdit *m_findEdit = nullptr;
    QLineEdit *m_replaceEdit = nullptr;
    QToolButton *m_caseButton = nullptr;
    QToolButton *m_wholeWordsButton = nullptr;
    QPushButton *m_previousButton = nullptr;
    QPushButton *m_nextButton = nullptr;
    QPushButton *m_replaceButton = nullptr;
    QPushButton *m_replaceAllButton = nullptr;
    QToolButton *m_closeButton = nullptr;
    QLabel *m_countLabel = nullptr;
    // Start and end of every match, recounted when the text or the pattern
    // changes; a cursor move only looks up where it is.
    std::vector<std::pair<int, int>> m_matches;
    int m_matchCount = 0;
    int m_currentMatch = 0;
};

} // namespace sightline
