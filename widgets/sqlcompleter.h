#pragma once

#include "models/schema/catalogsnapshot.h"
#include "models/sql/sqlcompletion.h"

#include <QObject>
#include <QPointer>
#include <QTreeView>

class QAbstractItemModel;
class QKeyEvent;
class QPlainTextEdit;

namespace sightline {

class CatalogLoader;
class CompletionListModel;

// Catalog-driven completion for an SQL editor (our SqlEditor, or any
// QPlainTextEdit). A list pops up under the word being typed on Ctrl+Space,
// after a "." and after two identifier characters; typing goes on filtering
// it. Up/Down/PageUp/PageDown move, Enter or Tab (or a click) insert, Esc
// closes. An event filter on the editor takes those keys before the editor's
// own Tab and Enter handling, and only while the list is open.
//
// Completion never waits: it runs on the loader's snapshot in memory. Without
// a loader, or before its first load, it offers key words only.
//
// Wiring: `auto *c = new SqlCompleter(editor, editor); c->setCatalog(loader);`
// (loader from OpenConnection::catalogFor(database)), and loader->refresh()
// after DDL ran.
class SqlCompleter final : public QObject
{
    Q_OBJECT
public:
    static constexpr int kAutoPopupChars = 2;
    static constexpr int kVisibleRows = 10;

    explicit SqlCompleter(QPlainTextEdit *editor, QObject *parent = nullptr);
    ~SqlCompleter() override;

    // The catalog to complete from; nullptr for key words only. Loads it when
    // nothing was loaded yet. The loader is not owned.
    void setCatalog(CatalogLoader *catalog);
    CatalogLoader *catalog() const;
    // What completion uses now: the loader's snapshot, or an empty one.
    CatalogSnapshot snapshot() const;

    // Whether the list opens by itself while typing (after "." and two identifier characters).
    void setAutoPopup(bool enabled) { m_autoPopup = enabled; }
    bool autoPopup() const { return m_autoPopup; }

    // Shows the completions for the cursor now, as Ctrl+Space does.
    void complete();
    // Inserts the selected candidate; false when the list is closed or empty.
    bool acceptCurrent();
    void hidePopup();
    bool isPopupVisible() const;

    QPlainTextEdit *editor() const { return m_editorGuard ? m_editor : nullptr; }
    QTreeView *popup() const { return m_popup; }
    QAbstractItemModel *model() const;
    // The completion the list shows (or showed last).
    const CompletionResult &result() const { return m_result; }

Q_SIGNALS:
    // A candidate was inserted.
    void accepted(const sightline::CompletionCandidate &candidate);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    enum class Trigger
    {
        Explicit, // Ctrl+Space
        Dot,      // "." typed
        Typing,   // an identifier character typed while the list is closed
        Refilter  // the list is open and the word changed
    };

    bool handleKey(QKeyEvent *event);
    void afterEdit(const QString &typed, int key);
    void update(Trigger trigger);
    void showPopup();
    void moveSelection(int rows);
    bool wordBeforeCursorIsLongEnough() const;

    // The editor, and whether it is still there: a QPointer<QPlainTextEdit>
    // would cast down to a type the editor no longer has while it is being
    // destroyed (events such as FocusOut still arrive then).
    QPlainTextEdit *m_editor = nullptr;
    QPointer<QWidget> m_editorGuard;
    QPointer<CatalogLoader> m_catalog;
    QPointer<QTreeView> m_popup;
    QPointer<QWidget> m_window; // the editor's window, watched while the list is open
    CompletionListModel *m_model = nullptr;
    CompletionResult m_result;
    bool m_autoPopup = true;
    bool m_inKey = false; // the editor is handling a key we forwarded
    int m_waitingAt = -1; // Ctrl+Space while loading: the cursor position it was for
};

} // namespace sightline
