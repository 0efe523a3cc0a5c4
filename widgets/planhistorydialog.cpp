#include "widgets/planhistorydialog.h"

#include "models/store/plansnapshotfile.h"

#include <QDialogButtonBox>
#include <QFile>
#include <QFileDialog>
#include <QHash>
#include <QHeaderView>
#include <QLocale>
#include <QMessageBox>
#include <QPushButton>
#include <QSaveFile>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace sightline {

namespace {

constexpr int kIdRole = Qt::UserRole + 1; // snapshot id on plan rows, 0 on query rows

} // namespace

PlanHistoryDialog::PlanHistoryDialog(HistoryStore *store, QWidget *parent)
    : QDialog(parent)
    , m_store(store)
    , m_tree(new QTreeWidget(this))
    , m_open(new QPushButton(tr("&Open"), this))
    , m_compare(new QPushButton(tr("&Compare"), this))
    , m_export(new QPushButton(tr("&Export…"), this))
    , m_delete(new QPushButton(tr("&Delete"), this))
{
    setWindowTitle(tr("Plan History"));
    resize(900, 500);
    m_tree->setObjectName(QStringLiteral("planHistoryTree"));
    m_tree->setColumnCount(4);
    m_tree->setHeaderLabels({tr("Query / when"), tr("Label"), tr("Connection"), tr("Server")});
    m_tree->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_tree->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    auto *import = new QPushButton(tr("&Import…"), this);
    m_open->setObjectName(QStringLiteral("openPlanButton"));
    m_compare->setObjectName(QStringLiteral("comparePlansButton"));
    m_compare->setToolTip(tr("Select two plans to compare"));
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    for (QPushButton *button : {m_open, m_compare, m_export, m_delete, import})
        buttons->addButton(button, QDialogButtonBox::ActionRole);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_tree);
    layout->addWidget(buttons);

    connect(m_tree, &QTreeWidget::itemSelectionChanged, this, &PlanHistoryDialog::updateButtons);
    connect(m_tree, &QTreeWidget::itemDoubleClicked, this, [this](QTreeWidgetItem *item) {
        if (item->data(0, kIdRole).toLongLong() > 0)
            m_open->click();
    });
    connect(m_open, &QPushButton::clicked, this, [this] {
        for (const PlanSnapshot &snapshot : selectedSnapshots())
            Q_EMIT openRequested(snapshot);
    });
    connect(m_compare, &QPushButton::clicked, this, [this] {
        const QList<PlanSnapshot> two = selectedSnapshots();
        if (two.size() != 2)
            return;
        // Older before, newer after.
        const bool ordered = two.at(0).createdAt <= two.at(1).createdAt;
        Q_EMIT compareRequested(ordered ? two.at(0) : two.at(1), ordered ? two.at(1) : two.at(0));
    });
    connect(m_export, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getSaveFileName(this, tr("Export Plan"),
                                                          QStringLiteral("plan.sightline.json"),
                                                          tr("Sightline plans (*.json)"));
        QString error;
        if (!path.isEmpty() && !exportSelected(path, &error))
            QMessageBox::warning(this, tr("Export Plan"), error);
    });
    connect(import, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, tr("Import Plan"), QString(),
                                                          tr("Sightline plans (*.json)"));
        QString error;
        if (!path.isEmpty() && !importFile(path, &error))
            QMessageBox::warning(this, tr("Import Plan"), error);
    });
    connect(m_delete, &QPushButton::clicked, this, [this] {
        for (const PlanSnapshot &snapshot : selectedSnapshots())
            m_store->removePlan(snapshot.id);
        reload();
    });
    reload();
}

void PlanHistoryDialog::reload()
{
    m_tree->clear();
    if (!m_store)
        return;
    QHash<QString, QTreeWidgetItem *> groups;
    for (const PlanSnapshot &snapshot : m_store->plans(QString(), 1000)) {
        const QString key =
            snapshot.fingerprint.isEmpty() ? QStringLiteral("-") : snapshot.fingerprint;
        QTreeWidgetItem *group = groups.value(key);
        if (!group) {
            const QString query = snapshot.query.simplified();
            group = new QTreeWidgetItem(
                m_tree, {query.isEmpty() ? tr("(plans without a query)") : query.left(200)});
            group->setToolTip(0, snapshot.query);
            group->setFirstColumnSpanned(true);
            groups.insert(key, group);
        }
        auto *item = new QTreeWidgetItem(
            group, {QLocale().toString(snapshot.createdAt.toLocalTime(), QLocale::ShortFormat),
                    snapshot.label, snapshot.connectionName, snapshot.serverVersion});
        item->setData(0, kIdRole, snapshot.id);
    }
    m_tree->expandAll();
    updateButtons();
}

QList<PlanSnapshot> PlanHistoryDialog::selectedSnapshots() const
{
    QList<PlanSnapshot> result;
    if (!m_store)
        return result;
    for (QTreeWidgetItem *item : m_tree->selectedItems()) {
        const qint64 id = item->data(0, kIdRole).toLongLong();
        if (id <= 0)
            continue;
        if (const std::optional<PlanSnapshot> snapshot = m_store->plan(id))
            result << *snapshot;
    }
    return result;
}

bool PlanHistoryDialog::exportSelected(const QString &path, QString *error)
{
    const QList<PlanSnapshot> selected = selectedSnapshots();
    if (selected.size() != 1) {
        *error = tr("Select one plan to export.");
        return false;
    }
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(exportPlanSnapshot(selected.first())) < 0 ||
        !file.commit()) {
        *error = tr("%1: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}

bool PlanHistoryDialog::importFile(const QString &path, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = tr("%1: %2").arg(path, file.errorString());
        return false;
    }
    std::optional<PlanSnapshot> snapshot = importPlanSnapshot(file.readAll(), error);
    if (!snapshot)
        return false;
    if (!m_store || !m_store->recordPlan(*snapshot)) {
        *error = m_store ? m_store->lastError() : tr("There is no plan history to import into.");
        return false;
    }
    reload();
    return true;
}

void PlanHistoryDialog::updateButtons()
{
    int plans = 0;
    for (QTreeWidgetItem *item : m_tree->selectedItems())
        plans += item->data(0, kIdRole).toLongLong() > 0 ? 1 : 0;
    m_open->setEnabled(plans >= 1);
    m_compare->setEnabled(plans == 2);
    m_export->setEnabled(plans == 1);
    m_delete->setEnabled(plans >= 1);
}

} // namespace sightline
