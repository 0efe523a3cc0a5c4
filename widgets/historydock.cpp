#include "widgets/historydock.h"

#include "models/store/historymodel.h"
#include "models/store/historystore.h"

#include <QHeaderView>
#include <QLineEdit>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

namespace sightline {

HistoryDock::HistoryDock(HistoryStore *store, QWidget *parent)
    : QDockWidget(tr("History"), parent)
    , m_model(new HistoryModel(store, this))
    , m_search(new QLineEdit(this))
    , m_view(new QTableView(this))
{
    setObjectName(QStringLiteral("historyDock"));
    m_search->setObjectName(QStringLiteral("historySearch"));
    m_search->setPlaceholderText(tr("Search statements…"));
    m_search->setClearButtonEnabled(true);
    m_view->setObjectName(QStringLiteral("historyView"));
    m_view->setModel(m_model);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->verticalHeader()->hide();
    // The statement gets the room; the other columns fit their contents.
    m_view->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_view->horizontalHeader()->setSectionResizeMode(HistoryModel::StatementColumn,
                                                     QHeaderView::Stretch);
    m_view->setWordWrap(false);

    auto *content = new QWidget(this);
    auto *layout = new QVBoxLayout(content);
    layout->setContentsMargins(2, 2, 2, 2);
    layout->addWidget(m_search);
    layout->addWidget(m_view);
    setWidget(content);

    // Search as the user types, without a query per keystroke.
    auto *debounce = new QTimer(this);
    debounce->setSingleShot(true);
    debounce->setInterval(200);
    connect(m_search, &QLineEdit::textChanged, debounce, qOverload<>(&QTimer::start));
    connect(debounce, &QTimer::timeout, this, [this] {
        HistoryQuery query = m_model->query();
        query.text = m_search->text().trimmed();
        m_model->setQuery(query);
    });
    connect(m_view, &QTableView::activated, this, [this](const QModelIndex &index) {
        if (index.isValid())
            Q_EMIT statementChosen(m_model->entry(index.row()).statement);
    });
    connect(store, &HistoryStore::changed, m_model, &HistoryModel::reload);
    m_model->reload();
}

} // namespace sightline
