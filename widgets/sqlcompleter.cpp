#include "widgets/sqlcompleter.h"

#include "models/schema/catalogloader.h"

#include <QAbstractTableModel>
#include <QApplication>
#include <QHeaderView>
#include <QKeyEvent>
#include <QPlainTextEdit>
#include <QScreen>
#include <QScrollBar>
#include <QTextBlock>
#include <QTreeView>

#include <algorithm>
#include <utility>

namespace sightline {

// The candidates as a three-column list: name, kind, detail.
class CompletionListModel final : public QAbstractTableModel
{
public:
    enum Column
    {
        NameColumn,
        KindColumn,
        DetailColumn,
        ColumnCount
    };

    using QAbstractTableModel::QAbstractTableModel;

    void setCandidates(const QList<CompletionCandidate> &candidates)
    {
        beginResetModel();
        m_candidates = candidates;
        endResetModel();
    }

    const QList<CompletionCandidate> &candidates() const { return m_candidates; }

    int rowCount(const QModelIndex &parent = QModelIndex()) const override
    {
        return parent.isValid() ? 0 : int(m_candidates.size());
    }

    int columnCount(const QModelIndex &parent = QModelIndex()) const override
    {
        return parent.isValid() ? 0 : ColumnCount;
    }

    QVariant data(const QModelIndex &index, int role) const override
    {
        if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
            return {};
        const CompletionCandidate &c = m_candidates.at(index.row());
        switch (role) {
        case Qt::DisplayRole:
            switch (index.column()) {
            case NameColumn:
                return c.label;
            case KindColumn:
                return SqlCompletion::kindName(c.kind);
            case DetailColumn:
                return c.detail;
            default:
                return {};
            }
        case Qt::ToolTipRole:
            return c.detail.isEmpty() ? c.label : c.label + QLatin1Char('\n') + c.detail;
        case Qt::ForegroundRole:
            if (index.column() != NameColumn)
                return QApplication::palette().color(QPalette::PlaceholderText);
            return {};
        default:
            return {};
        }
    }

    QVariant headerData(int section, Qt::Orientation orientation, int role) const override
    {
        if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
            return {};
        switch (section) {
        case NameColumn:
            return SqlCompleter::tr("Name");
        case KindColumn:
            return SqlCompleter::tr("Kind");
        case DetailColumn:
            return SqlCompleter::tr("Detail");
        default:
            return {};
        }
    }

private:
    QList<CompletionCandidate> m_candidates;
};

namespace {

bool isIdentifierChar(QChar c)
{
    return c.isLetterOrNumber() || c == u'_' || c == u'$';
}

} // namespace

SqlCompleter::SqlCompleter(QPlainTextEdit *editor, QObject *parent)
    : QObject(parent)
    , m_editor(editor)
    , m_editorGuard(editor)
    , m_model(new CompletionListModel(this))
{
    Q_ASSERT(editor);
    auto *popup = new QTreeView(editor);
    m_popup = popup;
    // A tool tip window takes no focus: the editor keeps the keyboard and the
    // event filter below steers the list.
    popup->setWindowFlags(Qt::ToolTip);
    popup->setAttribute(Qt::WA_ShowWithoutActivating);
    popup->setObjectName(QStringLiteral("completionPopup"));
    popup->setFocusPolicy(Qt::NoFocus);
    popup->setModel(m_model);
    popup->setHeaderHidden(true);
    popup->setRootIsDecorated(false);
    popup->setUniformRowHeights(true);
    popup->setItemsExpandable(false);
    popup->setAllColumnsShowFocus(true);
    popup->setSelectionBehavior(QAbstractItemView::SelectRows);
    popup->setSelectionMode(QAbstractItemView::SingleSelection);
    popup->setEditTriggers(QAbstractItemView::NoEditTriggers);
    popup->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    popup->setTextElideMode(Qt::ElideRight);
    popup->hide();
    connect(popup, &QTreeView::clicked, this, [this](const QModelIndex &index) {
        if (!m_popup || !index.isValid())
            return;
        m_popup->setCurrentIndex(index);
        acceptCurrent();
    });

    editor->installEventFilter(this);
    // Anything that moves the cursor or changes the text behind our back (a
    // click, undo, a search) ends the completion.
    connect(editor, &QPlainTextEdit::cursorPositionChanged, this, [this] {
        if (!m_inKey) {
            m_waitingAt = -1;
            hidePopup();
        }
    });
    connect(editor, &QPlainTextEdit::textChanged, this, [this] {
        if (!m_inKey) {
            m_waitingAt = -1;
            hidePopup();
        }
    });
}

SqlCompleter::~SqlCompleter()
{
    // Parented to the editor, we go while it is half destroyed: touch it only as a QWidget.
    if (m_editorGuard)
        m_editorGuard->removeEventFilter(this);
    if (m_window)
        m_window->removeEventFilter(this);
    delete m_popup; // a child of the editor, which may outlive us
}

void SqlCompleter::setCatalog(CatalogLoader *catalog)
{
    if (m_catalog == catalog)
        return;
    if (m_catalog)
        m_catalog->disconnect(this);
    m_catalog = catalog;
    if (!catalog)
        return;
    // A list opened on key words alone fills in once the catalog is there.
    connect(catalog, &CatalogLoader::loaded, this, [this] {
        const int waiting = std::exchange(m_waitingAt, -1);
        if (isPopupVisible())
            update(Trigger::Refilter);
        else if (waiting >= 0 && m_editorGuard && m_editor->textCursor().position() == waiting)
            update(Trigger::Explicit); // asked for while the catalog was loading
    });
    catalog->load();
}

CatalogLoader *SqlCompleter::catalog() const
{
    return m_catalog;
}

CatalogSnapshot SqlCompleter::snapshot() const
{
    return m_catalog && m_catalog->hasSnapshot() ? m_catalog->snapshot() : CatalogSnapshot();
}

QAbstractItemModel *SqlCompleter::model() const
{
    return m_model;
}

bool SqlCompleter::isPopupVisible() const
{
    return m_popup && m_popup->isVisible();
}

void SqlCompleter::complete()
{
    update(Trigger::Explicit);
}

void SqlCompleter::hidePopup()
{
    if (m_popup)
        m_popup->hide();
}

bool SqlCompleter::acceptCurrent()
{
    if (!isPopupVisible() || !m_editorGuard)
        return false;
    const int row = m_popup->currentIndex().row();
    const QList<CompletionCandidate> &candidates = m_model->candidates();
    if (row < 0 || row >= candidates.size())
        return false;
    const CompletionCandidate candidate = candidates.at(row);
    hidePopup();
    m_inKey = true;
    QTextCursor cursor = m_editor->textCursor();
    cursor.beginEditBlock();
    cursor.setPosition(m_result.start);
    cursor.setPosition(m_result.end, QTextCursor::KeepAnchor);
    cursor.insertText(candidate.text);
    cursor.endEditBlock();
    if (candidate.cursorOffset >= 0)
        cursor.setPosition(m_result.start + candidate.cursorOffset);
    m_editor->setTextCursor(cursor);
    m_inKey = false;
    Q_EMIT accepted(candidate);
    return true;
}

bool SqlCompleter::eventFilter(QObject *watched, QEvent *event)
{
    if (watched != m_editorGuard.data()) {
        // The editor's window moved, lost the focus or went away: the list
        // would float where nothing is.
        switch (event->type()) {
        case QEvent::Move:
        case QEvent::Resize:
        case QEvent::Hide:
        case QEvent::WindowDeactivate:
            hidePopup();
            break;
        default:
            break;
        }
        return QObject::eventFilter(watched, event);
    }
    switch (event->type()) {
    case QEvent::ShortcutOverride: {
        // Claim our keys before window-wide shortcuts see them.
        auto *key = static_cast<QKeyEvent *>(event);
        const Qt::KeyboardModifiers modifiers = key->modifiers() & ~Qt::KeypadModifier;
        const bool space = key->key() == Qt::Key_Space && modifiers == Qt::ControlModifier;
        bool ours = space;
        if (isPopupVisible() && modifiers == Qt::NoModifier) {
            switch (key->key()) {
            case Qt::Key_Up:
            case Qt::Key_Down:
            case Qt::Key_PageUp:
            case Qt::Key_PageDown:
            case Qt::Key_Return:
            case Qt::Key_Enter:
            case Qt::Key_Tab:
            case Qt::Key_Escape:
                ours = true;
                break;
            default:
                break;
            }
        }
        if (ours) {
            event->accept();
            return true;
        }
        break;
    }
    case QEvent::KeyPress:
        return handleKey(static_cast<QKeyEvent *>(event));
    case QEvent::FocusOut:
    case QEvent::Hide:
        hidePopup();
        break;
    default:
        break;
    }
    return QObject::eventFilter(watched, event);
}

bool SqlCompleter::handleKey(QKeyEvent *event)
{
    if (m_inKey)
        return false; // our own forwarded key, on its way to the editor
    const Qt::KeyboardModifiers modifiers = event->modifiers() & ~Qt::KeypadModifier;
    const int key = event->key();
    if (key == Qt::Key_Space && modifiers == Qt::ControlModifier) {
        complete();
        return true;
    }
    if (isPopupVisible() && modifiers == Qt::NoModifier) {
        switch (key) {
        case Qt::Key_Up:
            moveSelection(-1);
            return true;
        case Qt::Key_Down:
            moveSelection(1);
            return true;
        case Qt::Key_PageUp:
            moveSelection(-(kVisibleRows - 1));
            return true;
        case Qt::Key_PageDown:
            moveSelection(kVisibleRows - 1);
            return true;
        case Qt::Key_Escape:
            hidePopup();
            return true;
        case Qt::Key_Tab:
            acceptCurrent();
            return true;
        case Qt::Key_Return:
        case Qt::Key_Enter: {
            // When the word is already what the list would insert, Enter is a
            // new line, as if the list had not been there.
            const int row = m_popup->currentIndex().row();
            const QString current =
                m_editor->toPlainText().mid(m_result.start, m_result.end - m_result.start);
            if (row >= 0 && row < m_model->candidates().size() &&
                m_model->candidates().at(row).text == current) {
                hidePopup();
                return false;
            }
            acceptCurrent();
            return true;
        }
        default:
            break;
        }
    }

    const bool editing = key == Qt::Key_Backspace || key == Qt::Key_Delete;
    const QString typed = event->text();
    const bool printable = !typed.isEmpty() && typed.at(0).isPrint();
    const bool plain = (modifiers & ~Qt::ShiftModifier) == Qt::NoModifier;
    if (!plain || (!printable && !editing)) {
        // Cursor keys, shortcuts: the list has no business there.
        hidePopup();
        return false;
    }
    // Let the editor have the key first, then look at what it made.
    m_inKey = true;
    static_cast<QObject *>(m_editor)->event(event);
    m_inKey = false;
    afterEdit(typed, key);
    return true;
}

void SqlCompleter::afterEdit(const QString &typed, int key)
{
    if (!m_editorGuard)
        return;
    if (key == Qt::Key_Backspace || key == Qt::Key_Delete) {
        if (isPopupVisible())
            update(Trigger::Refilter);
        return;
    }
    if (typed == QLatin1String(".")) {
        if (m_autoPopup || isPopupVisible())
            update(Trigger::Dot);
        return;
    }
    const QChar last = typed.at(typed.size() - 1);
    if (!isIdentifierChar(last) && last != u'"') {
        hidePopup();
        return;
    }
    if (isPopupVisible())
        update(Trigger::Refilter);
    else if (m_autoPopup && wordBeforeCursorIsLongEnough())
        update(Trigger::Typing);
}

bool SqlCompleter::wordBeforeCursorIsLongEnough() const
{
    const QTextCursor cursor = m_editor->textCursor();
    const QString block = cursor.block().text();
    int count = 0;
    for (int i = cursor.positionInBlock() - 1; i >= 0 && isIdentifierChar(block.at(i)); --i)
        ++count;
    return count >= kAutoPopupChars;
}

void SqlCompleter::update(Trigger trigger)
{
    if (!m_editorGuard)
        return;
    const QTextCursor cursor = m_editor->textCursor();
    const QString text = m_editor->toPlainText();
    const int previousStart = m_result.start;
    const bool wasVisible = isPopupVisible();
    m_result = SqlCompletion::complete(snapshot(), text, cursor.position());

    bool show = !m_result.candidates.isEmpty();
    switch (trigger) {
    case Trigger::Explicit:
    case Trigger::Dot:
        break;
    case Trigger::Typing:
        // Nothing to offer beyond what is typed: stay out of the way.
        show = show && !(m_result.candidates.size() == 1 &&
                         m_result.candidates.first().text ==
                             text.mid(m_result.start, m_result.end - m_result.start));
        break;
    case Trigger::Refilter:
        // The word the list was for is gone (deleted, or the cursor left it).
        show = show && wasVisible && m_result.start == previousStart &&
               (!m_result.prefix.isEmpty() || !m_result.qualifier.isEmpty() ||
                cursor.position() == m_result.start);
        break;
    }
    if (!show) {
        // Asked for while the catalog is still loading: answer when it is there.
        if (trigger == Trigger::Explicit && m_result.context != CompletionContext::None &&
            m_catalog && m_catalog->isLoading())
            m_waitingAt = cursor.position();
        hidePopup();
        return;
    }
    m_model->setCandidates(m_result.candidates);
    m_popup->setCurrentIndex(m_model->index(0, 0));
    showPopup();
}

void SqlCompleter::showPopup()
{
    QTreeView *popup = m_popup;
    const QFontMetrics metrics(popup->font());
    // Column widths from the first rows: measuring hundreds of rows would cost
    // more than the completion itself.
    int widths[CompletionListModel::ColumnCount] = {0, 0, 0};
    const QList<CompletionCandidate> &candidates = m_model->candidates();
    const int sample = int(std::min<qsizetype>(candidates.size(), 60));
    for (int i = 0; i < sample; ++i) {
        const CompletionCandidate &c = candidates.at(i);
        widths[0] = std::max(widths[0], metrics.horizontalAdvance(c.label));
        widths[1] = std::max(widths[1], metrics.horizontalAdvance(SqlCompletion::kindName(c.kind)));
        widths[2] = std::max(widths[2], metrics.horizontalAdvance(c.detail));
    }
    const int pad = metrics.horizontalAdvance(QLatin1Char('M')) * 2;
    const int maxColumn = metrics.averageCharWidth() * 48;
    for (int column = 0; column < CompletionListModel::ColumnCount; ++column)
        widths[column] = std::min(widths[column] + pad, maxColumn);
    for (int column = 0; column < CompletionListModel::ColumnCount; ++column)
        popup->header()->resizeSection(column, widths[column]);

    const int rows = std::min(int(candidates.size()), kVisibleRows);
    const int rowHeight = std::max(popup->sizeHintForRow(0), metrics.height());
    const int frame = popup->frameWidth() * 2;
    const int scroll =
        int(candidates.size()) > kVisibleRows ? popup->verticalScrollBar()->sizeHint().width() : 0;
    QSize size(widths[0] + widths[1] + widths[2] + frame + scroll, rows * rowHeight + frame);

    QTextCursor at = m_editor->textCursor();
    at.setPosition(m_result.start);
    const QRect word = m_editor->cursorRect(at);
    QPoint pos = m_editor->viewport()->mapToGlobal(word.bottomLeft());
    if (const QScreen *screen = m_editor->screen()) {
        const QRect available = screen->availableGeometry();
        size.setWidth(std::min(size.width(), available.width()));
        if (pos.y() + size.height() > available.bottom()) // no room below: above the line
            pos.setY(m_editor->viewport()->mapToGlobal(word.topLeft()).y() - size.height());
        pos.setX(std::clamp(pos.x(), available.left(),
                            std::max(available.left(), available.right() - size.width())));
    }
    // The editor may have moved to another window since the last time (tabs
    // are reparented): watch the one it is in now.
    if (QWidget *window = m_editor->window(); window != m_window) {
        if (m_window)
            m_window->removeEventFilter(this);
        m_window = window;
        if (window != m_editorGuard)
            window->installEventFilter(this);
    }
    popup->setGeometry(QRect(pos, size));
    popup->scrollToTop();
    if (!popup->isVisible())
        popup->show();
}

void SqlCompleter::moveSelection(int rows)
{
    const int count = m_model->rowCount();
    if (count == 0)
        return;
    const int current = m_popup->currentIndex().row();
    int next = current + rows;
    if (rows == 1 || rows == -1)
        next = (next + count) % count; // single steps wrap around
    next = std::clamp(next, 0, count - 1);
    m_popup->setCurrentIndex(m_model->index(next, 0));
    m_popup->scrollTo(m_model->index(next, 0));
}

} // namespace sightline
