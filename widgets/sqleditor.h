#pragma once

#include "models/sql/sqllexer.h"

#include <QFont>
#include <QList>
#include <QPlainTextEdit>
#include <QTextCursor>

namespace sightline {

class AppSettings;
class FindBar;

// The SQL text editor: line numbers, current-line and bracket highlight,
// comment toggle, block indentation, zoom and a find/replace bar. It holds
// no highlighter; whoever embeds it attaches one to document().
class SqlEditor final : public QPlainTextEdit
{
    Q_OBJECT
public:
    static constexpr int kIndentWidth = 4;
    static constexpr int kMinFontSize = 4;
    static constexpr int kMaxFontSize = 96;

    explicit SqlEditor(QWidget *parent = nullptr);

    // The font zoom starts from and Ctrl+0 returns to.
    void setEditorFont(const QFont &font);
    // setEditorFont() with the family and size the user chose.
    void applySettings(const AppSettings &settings);
    int fontPointSize() const;

    // Grow (steps > 0) or shrink the font by whole points.
    void zoomBy(int steps);
    void resetZoom();

    void toggleComment();
    void indentSelection();
    void unindentSelection();

    // Position of the bracket matching the one at `position`, -1 when the
    // character there is not a bracket of code or has no partner.
    int matchingBracket(int position) const;

    // Marks where the server says an error is (0-based offset into the text):
    // a wavy underline under the word there, a mark in the gutter and the
    // message as its tooltip. It goes when that text is edited or on clear.
    void setErrorMarker(int position, const QString &message);
    void clearErrorMarker();
    bool hasErrorMarker() const { return !m_errorCursor.isNull(); }
    int errorMarkerStart() const;
    int errorMarkerEnd() const;
    QString errorMarkerMessage() const { return m_errorMessage; }

    int gutterWidth() const;
    QWidget *gutter() const { return m_gutter; }
    FindBar *findBar() const { return m_findBar; }

Q_SIGNALS:
    // After zooming, so the app can remember the size the user settled on.
    void fontPointSizeChanged(int pointSize);

protected:
    bool event(QEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    void wheelEvent(QWheelEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void changeEvent(QEvent *event) override;
    bool eventFilter(QObject *watched, QEvent *event) override;
    bool viewportEvent(QEvent *event) override;

private:
    friend class SqlEditorGutter;

    bool handlesShortcut(const QKeyEvent *event) const;
    void paintGutter(QPaintEvent *event);
    void updateMargins();
    void placeChildren();
    void updateExtraSelections();
    void insertNewlineKeepingIndent();
    void insertIndentAtCursor();
    void setFontPointSize(int points);
    const QList<SqlToken> &tokens() const;

    QTextCursor m_errorCursor; // selects the marked text; moves with edits
    QString m_errorMessage;

    QWidget *m_gutter = nullptr;
    FindBar *m_findBar = nullptr;
    int m_baseFontSize = 10;
    int m_wheelRemainder = 0;

    // Tokens of the whole text, made only when the cursor touches a bracket
    // and kept until the text changes. Our own counter instead of
    // QTextDocument::revision(), which undo can move backwards.
    quint64 m_textGeneration = 0;
    mutable quint64 m_tokensGeneration = ~quint64(0);
    mutable QString m_tokensText;
    mutable QList<SqlToken> m_tokens;
};

} // namespace sightline
