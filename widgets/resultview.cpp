#include "widgets/resultview.h"

#include "models/query/resultsetmodel.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QHeaderView>
#include <QMenu>

#include <set>

namespace sightline {

ResultView::ResultView(QWidget *parent)
    : QTableView(parent)
{
    setContextMenuPolicy(Qt::CustomContextMenu);
    setSelectionMode(QAbstractItemView::ExtendedSelection);
    horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 6);

    auto *copy = new QAction(tr("&Copy"), this);
    copy->setObjectName(QStringLiteral("copyAction"));
    copy->setShortcut(QKeySequence::Copy);
    copy->setShortcutContext(Qt::WidgetShortcut);
    connect(copy, &QAction::triggered, this, [this] { copySelection(CopyFormat::Tsv); });
    addAction(copy);
    connect(this, &QWidget::customContextMenuRequested, this, &ResultView::showMenu);
}

void ResultView::setResultModel(ResultSetModel *model)
{
    model->setParent(this);
    m_model = model;
    setModel(model);
}

ResultSetModel *ResultView::resultModel() const
{
    return m_model;
}

QString ResultView::selectionAs(CopyFormat format) const
{
    const ResultSetModel *results = resultModel();
    if (!results)
        return {};
    std::set<int> rowSet;
    std::set<int> columnSet;
    for (const QModelIndex &index : selectionModel()->selectedIndexes()) {
        rowSet.insert(index.row());
        columnSet.insert(index.column());
    }
    QList<int> rows(rowSet.begin(), rowSet.end());
    QList<int> columns;
    // Columns in the order the user sees them (headers can be moved).
    for (int visual = 0; visual < horizontalHeader()->count(); ++visual) {
        const int logical = horizontalHeader()->logicalIndex(visual);
        if (columnSet.empty() || columnSet.count(logical))
            columns << logical;
    }
    if (rows.isEmpty()) {
        for (int row = 0; row < results->rowCount(); ++row)
            rows << row;
    }
    return copyRows(*results, rows, columns, format);
}

void ResultView::copySelection(CopyFormat format)
{
    QApplication::clipboard()->setText(selectionAs(format));
}

void ResultView::showMenu(const QPoint &pos)
{
    QMenu menu(this);
    menu.addAction(tr("&Copy"), this, [this] { copySelection(CopyFormat::Tsv); });
    menu.addAction(tr("Copy as C&SV"), this, [this] { copySelection(CopyFormat::Csv); });
    menu.addAction(tr("Copy as &Markdown"), this, [this] { copySelection(CopyFormat::Markdown); });
    menu.addAction(tr("Copy as SQL &INSERT"), this,
                   [this] { copySelection(CopyFormat::SqlInsert); });
    menu.exec(viewport()->mapToGlobal(pos));
}

} // namespace sightline
