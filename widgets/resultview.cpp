#include "widgets/resultview.h"

#include "models/query/resultsetmodel.h"
#include "models/query/resultsortfilter.h"
#include "widgets/cellviewer.h"
#include "widgets/exportdialog.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMenu>
#include <QProgressBar>
#include <QPushButton>
#include <QStyle>
#include <QStyledItemDelegate>
#include <QTableView>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

#include <set>

namespace sightline {

namespace {

// Typing pauses this long before the filter runs, so a fast typist starts
// one pass over the rows, not one per key.
constexpr int kFilterDelayMs = 200;

// Shows NULL in a muted italic so it never reads as the text "NULL" or as an
// empty string.
class ResultDelegate final : public QStyledItemDelegate
{
public:
    using QStyledItemDelegate::QStyledItemDelegate;

protected:
    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const override
    {
        QStyledItemDelegate::initStyleOption(option, index);
        if (index.data(ResultSetModel::IsNullRole).toBool()) {
            option->font.setItalic(true);
            option->palette.setColor(QPalette::Text,
                                     option->palette.color(QPalette::PlaceholderText));
        }
    }
};

} // namespace

ResultView::ResultView(QWidget *parent)
    : QWidget(parent)
{
    m_proxy = new ResultSortFilterModel(this);
    m_proxy->setObjectName(QStringLiteral("resultSortFilter"));

    m_filterEdit = new QLineEdit(this);
    m_filterEdit->setObjectName(QStringLiteral("resultFilter"));
    m_filterEdit->setPlaceholderText(tr("Filter rows…"));
    m_filterEdit->setClearButtonEnabled(true);
    m_filterColumn = new QComboBox(this);
    m_filterColumn->setObjectName(QStringLiteral("resultFilterColumn"));
    m_filterColumn->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_count = new QLabel(this);
    m_count->setObjectName(QStringLiteral("resultCount"));
    m_count->setTextFormat(Qt::PlainText);
    m_filterDelay = new QTimer(this);
    m_filterDelay->setSingleShot(true);
    m_filterDelay->setInterval(kFilterDelayMs);
    connect(m_filterDelay, &QTimer::timeout, this, &ResultView::applyFilter);
    connect(m_filterEdit, &QLineEdit::textChanged, m_filterDelay, qOverload<>(&QTimer::start));
    connect(m_filterEdit, &QLineEdit::returnPressed, this, &ResultView::applyFilter);
    connect(m_filterColumn, &QComboBox::currentIndexChanged, this, &ResultView::applyFilter);

    auto *filterBar = new QHBoxLayout;
    filterBar->setContentsMargins(4, 2, 4, 2);
    filterBar->addWidget(m_filterEdit, 1);
    filterBar->addWidget(m_filterColumn);
    filterBar->addWidget(m_count);

    m_grid = new QTableView(this);
    m_grid->setObjectName(QStringLiteral("resultGrid"));
    m_grid->setContextMenuPolicy(Qt::CustomContextMenu);
    m_grid->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_grid->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_grid->setItemDelegate(new ResultDelegate(m_grid));
    m_grid->setModel(m_proxy);
    m_grid->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    m_grid->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 6);
    // Header clicks cycle ascending → descending → loaded order.
    m_grid->horizontalHeader()->setSortIndicatorClearable(true);
    m_grid->horizontalHeader()->setSortIndicator(-1, Qt::AscendingOrder);
    m_grid->setSortingEnabled(true);
    setFocusProxy(m_grid);

    m_exportBar = new QWidget(this);
    m_exportBar->setObjectName(QStringLiteral("exportBar"));
    m_exportLabel = new QLabel(m_exportBar);
    m_exportLabel->setObjectName(QStringLiteral("exportMessage"));
    m_exportLabel->setTextFormat(Qt::PlainText);
    m_exportLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_exportProgress = new QProgressBar(m_exportBar);
    m_exportProgress->setObjectName(QStringLiteral("exportProgress"));
    m_exportProgress->setTextVisible(false);
    m_exportProgress->setMaximumWidth(240);
    m_exportCancel = new QPushButton(tr("Cancel"), m_exportBar);
    m_exportCancel->setObjectName(QStringLiteral("exportCancel"));
    m_exportClose = new QToolButton(m_exportBar);
    m_exportClose->setObjectName(QStringLiteral("exportClose"));
    m_exportClose->setIcon(style()->standardIcon(QStyle::SP_TitleBarCloseButton));
    m_exportClose->setText(tr("Close"));
    m_exportClose->setToolTip(tr("Close"));
    m_exportClose->setAutoRaise(true);
    auto *exportLayout = new QHBoxLayout(m_exportBar);
    exportLayout->setContentsMargins(4, 2, 4, 2);
    exportLayout->addWidget(m_exportLabel, 1);
    exportLayout->addWidget(m_exportProgress);
    exportLayout->addWidget(m_exportCancel);
    exportLayout->addWidget(m_exportClose);
    m_exportBar->hide();

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addLayout(filterBar);
    layout->addWidget(m_grid, 1);
    layout->addWidget(m_exportBar);

    m_export = new ResultExport(this);
    connect(m_export, &ResultExport::progress, this, &ResultView::exportProgress);
    connect(m_export, &ResultExport::finished, this, &ResultView::exportDone);
    connect(m_exportCancel, &QPushButton::clicked, m_export, &ResultExport::cancel);
    connect(m_exportClose, &QToolButton::clicked, m_exportBar, &QWidget::hide);

    auto *copy = new QAction(tr("&Copy"), m_grid);
    copy->setObjectName(QStringLiteral("copyAction"));
    copy->setShortcut(QKeySequence::Copy);
    copy->setShortcutContext(Qt::WidgetShortcut);
    connect(copy, &QAction::triggered, this, [this] { copySelection(CopyFormat::Tsv); });
    m_grid->addAction(copy);
    auto *view = new QAction(tr("&View Value…"), m_grid);
    view->setObjectName(QStringLiteral("viewValueAction"));
    view->setShortcuts({QKeySequence(Qt::ShiftModifier | Qt::Key_Return),
                        QKeySequence(Qt::ShiftModifier | Qt::Key_Enter)});
    view->setShortcutContext(Qt::WidgetShortcut);
    connect(view, &QAction::triggered, this, &ResultView::viewCurrentValue);
    m_grid->addAction(view);
    connect(m_grid, &QAbstractItemView::doubleClicked, this, &ResultView::viewCurrentValue);
    connect(m_grid, &QWidget::customContextMenuRequested, this, &ResultView::showMenu);
    connect(m_grid->selectionModel(), &QItemSelectionModel::currentChanged, this, [this] {
        // An open viewer follows the current cell.
        if (m_viewer && m_viewer->isVisible())
            viewCurrentValue();
    });

    connect(m_proxy, &ResultSortFilterModel::countsChanged, this, &ResultView::updateCount);
    connect(m_proxy, &ResultSortFilterModel::busyChanged, this, &ResultView::updateCount);
    connect(m_proxy, &QAbstractItemModel::modelReset, this, [this] {
        resetSortIndicator();
        m_filterColumn->blockSignals(true);
        const int column = m_proxy->filterColumn();
        m_filterColumn->clear();
        m_filterColumn->addItem(tr("All columns"), -1);
        if (m_model) {
            const QList<PgColumn> &columns = m_model->columns();
            for (int c = 0; c < columns.size(); ++c)
                m_filterColumn->addItem(columns.at(c).name, c);
        }
        m_filterColumn->setCurrentIndex(qMax(0, m_filterColumn->findData(column)));
        m_filterColumn->blockSignals(false);
        updateCount();
    });
    updateCount();
}

ResultView::~ResultView() = default;

void ResultView::setResultModel(ResultSetModel *model)
{
    if (m_model == model)
        return;
    ResultSetModel *old = m_model;
    model->setParent(this);
    m_model = model;
    m_proxy->setSourceModel(model);
    if (old)
        old->deleteLater();
    applyFilter();
}

ResultSetModel *ResultView::resultModel() const
{
    return m_model;
}

QItemSelectionModel *ResultView::selectionModel() const
{
    return m_grid->selectionModel();
}

int ResultView::proxyRow(const QModelIndex &index) const
{
    // Indexes of the source model are accepted too, as callers that only know
    // resultModel() hand them in.
    if (index.model() == m_proxy)
        return index.row();
    if (index.model() == m_model)
        return m_proxy->mapFromSource(index).row();
    return -1;
}

QList<int> ResultView::visibleColumns() const
{
    QList<int> columns;
    const QHeaderView *header = m_grid->horizontalHeader();
    for (int visual = 0; visual < header->count(); ++visual) {
        const int logical = header->logicalIndex(visual);
        if (!header->isSectionHidden(logical))
            columns << logical;
    }
    return columns;
}

QList<int> ResultView::exportColumns() const
{
    const QList<int> columns = visibleColumns();
    for (int i = 0; i < columns.size(); ++i) {
        if (columns.at(i) != i)
            return columns;
    }
    if (m_model && columns.size() == m_model->columnCount())
        return {}; // all, in result order
    return columns;
}

QString ResultView::selectionAs(CopyFormat format) const
{
    if (!m_model)
        return {};
    std::set<int> rowSet;
    std::set<int> columnSet;
    for (const QModelIndex &index : m_grid->selectionModel()->selectedIndexes()) {
        const int row = proxyRow(index);
        if (row < 0)
            continue;
        rowSet.insert(row);
        columnSet.insert(index.column());
    }
    QList<int> rows;
    if (rowSet.empty()) {
        const std::vector<int> shown = m_proxy->sourceRows();
        rows = QList<int>(shown.begin(), shown.end());
    } else {
        rows.reserve(qsizetype(rowSet.size()));
        for (const int row : rowSet)
            rows << m_proxy->sourceRow(row);
    }
    QList<int> columns;
    // Columns in the order the user sees them (headers can be moved).
    for (const int logical : visibleColumns()) {
        if (columnSet.empty() || columnSet.count(logical))
            columns << logical;
    }
    return copyRows(*m_model, rows, columns, format);
}

void ResultView::copySelection(CopyFormat format)
{
    QApplication::clipboard()->setText(selectionAs(format));
}

void ResultView::setExportSource(const PgConnectSpec &spec, const QString &sql, bool canRerun)
{
    m_spec = spec;
    m_sql = sql;
    m_hasSource = !sql.trimmed().isEmpty();
    m_canRerun = canRerun && m_hasSource;
}

void ResultView::setLoading(bool loading)
{
    m_loading = loading;
}

void ResultView::viewCurrentValue()
{
    const QModelIndex current = m_grid->currentIndex();
    const QModelIndex source = m_proxy->mapToSource(current);
    if (!source.isValid() || !m_model)
        return;
    if (!m_viewer)
        m_viewer = new CellViewer(this);
    const PgColumn &column = m_model->columns().at(source.column());
    m_viewer->setValue(column.name, column.typeOid,
                       source.data(ResultSetModel::RawValueRole).toString(),
                       source.data(ResultSetModel::IsNullRole).toBool());
    m_viewer->show();
    m_viewer->raise();
    m_viewer->activateWindow();
}

void ResultView::showExportDialog()
{
    if (!m_model || isExporting())
        return;
    if (m_exportDialog) {
        m_exportDialog->raise();
        return;
    }
    ExportDialog::Context context;
    context.loadedRows = m_proxy->rowCount();
    context.capped = m_model->capReached();
    context.loading = m_loading;
    context.canRerun = m_canRerun;
    context.sorted = m_proxy->sortColumn() >= 0;
    context.filtered = !m_proxy->filterText().isEmpty();
    if (!m_export->path().isEmpty())
        context.directory = QFileInfo(m_export->path()).absolutePath();
    auto *dialog = new ExportDialog(context, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    m_exportDialog = dialog;
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        ExportOptions options;
        options.format = dialog->format();
        options.header = dialog->header();
        startExport(dialog->path(), options, dialog->rerun());
    });
    dialog->open();
}

bool ResultView::startExport(const QString &path, const ExportOptions &options, bool rerun)
{
    if (!m_model || isExporting())
        return false;
    if (rerun && !m_canRerun)
        return false;
    ExportOptions chosen = options;
    if (chosen.columns.isEmpty())
        chosen.columns = exportColumns();
    bool started = false;
    if (rerun) {
        // The server sends rows in the statement's order; the filter still applies.
        chosen.filterText = m_proxy->filterText();
        chosen.filterColumn = m_proxy->filterColumn();
        m_exportTotal = -1;
        started = m_export->startFromQuery(m_spec, m_sql, path, chosen);
    } else {
        std::optional<std::vector<int>> order;
        if (m_proxy->isActive())
            order = m_proxy->sourceRows();
        m_exportTotal = order ? qint64(order->size()) : m_model->rowCount();
        started = m_export->startFromRows(m_model->rows(), std::move(order), path, chosen);
    }
    if (!started)
        return false;
    m_exportProgress->setRange(0, m_exportTotal < 0 ? 0 : int(qMax<qint64>(1, m_exportTotal)));
    m_exportProgress->setValue(0);
    m_exportProgress->show();
    m_exportCancel->show();
    m_exportClose->hide();
    exportProgress(0);
    m_exportBar->show();
    return true;
}

bool ResultView::isExporting() const
{
    return m_export->isRunning();
}

QString ResultView::exportMessage() const
{
    return m_exportLabel->text();
}

void ResultView::exportProgress(qint64 rows)
{
    if (!m_export->isRunning())
        return;
    const QString file = QFileInfo(m_export->path()).fileName();
    if (m_exportTotal >= 0) {
        m_exportProgress->setValue(int(qMin(rows, m_exportTotal)));
        m_exportLabel->setText(
            tr("Exporting to %1… %2 of %3 rows")
                .arg(file, QLocale().toString(rows), QLocale().toString(m_exportTotal)));
    } else {
        m_exportLabel->setText(tr("Exporting to %1… %2 rows").arg(file, QLocale().toString(rows)));
    }
}

void ResultView::exportDone(ResultExport::Outcome outcome, qint64 rows, const QString &error)
{
    m_exportProgress->hide();
    m_exportCancel->hide();
    m_exportClose->show();
    const QString path = m_export->path();
    switch (outcome) {
    case ResultExport::Outcome::Written:
        m_exportLabel->setText(tr("Exported %1 rows to %2.").arg(QLocale().toString(rows), path));
        break;
    case ResultExport::Outcome::Cancelled:
        m_exportLabel->setText(tr("Export cancelled; nothing was written to %1.").arg(path));
        break;
    case ResultExport::Outcome::Failed:
        m_exportLabel->setText(tr("Export failed: %1").arg(error));
        break;
    }
    Q_EMIT exportFinished(outcome, rows, error);
}

void ResultView::applyFilter()
{
    m_filterDelay->stop();
    m_proxy->setFilter(m_filterEdit->text(), m_filterColumn->currentData().toInt());
    updateCount();
}

void ResultView::updateCount()
{
    const qint64 loaded = m_model ? m_model->rowCount() : 0;
    const qint64 shown = m_proxy->rowCount();
    QString text =
        m_proxy->filterText().isEmpty()
            ? tr("%1 rows").arg(QLocale().toString(loaded))
            : tr("%1 of %2 rows").arg(QLocale().toString(shown), QLocale().toString(loaded));
    if (m_proxy->isBusy())
        text += QLatin1Char(' ') + tr("(updating…)");
    m_count->setText(text);
}

void ResultView::resetSortIndicator()
{
    QHeaderView *header = m_grid->horizontalHeader();
    if (m_proxy->sortColumn() < 0 && header->sortIndicatorSection() >= 0) {
        const QSignalBlocker blocker(header);
        header->setSortIndicator(-1, Qt::AscendingOrder);
        header->viewport()->update();
    }
}

void ResultView::showMenu(const QPoint &pos)
{
    const QModelIndex clicked = m_grid->indexAt(pos);
    if (clicked.isValid())
        m_grid->selectionModel()->setCurrentIndex(clicked, QItemSelectionModel::NoUpdate);
    QMenu menu(this);
    menu.addAction(tr("&Copy"), this, [this] { copySelection(CopyFormat::Tsv); });
    menu.addAction(tr("Copy as C&SV"), this, [this] { copySelection(CopyFormat::Csv); });
    menu.addAction(tr("Copy as &Markdown"), this, [this] { copySelection(CopyFormat::Markdown); });
    menu.addAction(tr("Copy as SQL &INSERT"), this,
                   [this] { copySelection(CopyFormat::SqlInsert); });
    menu.addSeparator();
    QAction *view = menu.addAction(tr("&View Value…"), this, &ResultView::viewCurrentValue);
    view->setShortcut(QKeySequence(Qt::ShiftModifier | Qt::Key_Return));
    view->setEnabled(m_grid->currentIndex().isValid());
    menu.addSeparator();
    QAction *exportAction = menu.addAction(tr("&Export…"), this, &ResultView::showExportDialog);
    exportAction->setEnabled(m_model && !isExporting());
    menu.exec(m_grid->viewport()->mapToGlobal(pos));
}

} // namespace sightline
