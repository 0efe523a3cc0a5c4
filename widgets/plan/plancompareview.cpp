#include "widgets/plan/plancompareview.h"

#include "widgets/plan/plangraphview.h"
#include "widgets/plan/planscene.h"

#include <QGraphicsRectItem>
#include <QHeaderView>
#include <QLabel>
#include <QListWidget>
#include <QLocale>
#include <QPen>
#include <QSplitter>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace sightline {

namespace {

constexpr int kNodeRole = Qt::UserRole + 1; // changes list: {before id, after id}

// Bands cycle through hues far enough apart to tell neighbours apart.
QColor bandColor(int index)
{
    QColor color = QColor::fromHsv((index * 47) % 360, 90, 235);
    color.setAlpha(110);
    return color;
}

QString number(double value, int decimals = 2)
{
    return QLocale().toString(value, 'f', decimals);
}

QString optionalRows(const std::optional<double> &rows)
{
    return rows ? QLocale().toString(*rows, 'f', 0) : QStringLiteral("–");
}

} // namespace

PlanCompareView::PlanCompareView(QWidget *parent)
    : QWidget(parent)
    , m_verdict(new QLabel(this))
    , m_changes(new QListWidget(this))
    , m_beforeScene(new PlanScene(this))
    , m_afterScene(new PlanScene(this))
    , m_beforeView(new PlanGraphView(this))
    , m_afterView(new PlanGraphView(this))
    , m_beforeTitle(new QLabel(this))
    , m_afterTitle(new QLabel(this))
    , m_properties(new QTreeWidget(this))
{
    m_verdict->setObjectName(QStringLiteral("compareVerdict"));
    m_verdict->setWordWrap(true);
    m_verdict->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QFont bold = m_verdict->font();
    bold.setBold(true);
    bold.setPointSizeF(bold.pointSizeF() * 1.15);
    m_verdict->setFont(bold);
    m_changes->setObjectName(QStringLiteral("compareChanges"));
    m_changes->setMaximumHeight(140);
    m_beforeView->setObjectName(QStringLiteral("compareBeforeView"));
    m_afterView->setObjectName(QStringLiteral("compareAfterView"));
    m_beforeView->setPlanScene(m_beforeScene);
    m_afterView->setPlanScene(m_afterScene);
    m_properties->setObjectName(QStringLiteral("compareProperties"));
    m_properties->setColumnCount(3);
    m_properties->setHeaderLabels({tr("Property"), tr("Before"), tr("After")});
    m_properties->setRootIsDecorated(false);
    m_properties->header()->setSectionResizeMode(QHeaderView::ResizeToContents);

    auto side = [this](QLabel *title, PlanGraphView *view) {
        auto *box = new QWidget(this);
        auto *layout = new QVBoxLayout(box);
        layout->setContentsMargins(0, 0, 0, 0);
        layout->addWidget(title);
        layout->addWidget(view, 1);
        return box;
    };
    auto *trees = new QSplitter(Qt::Horizontal, this);
    trees->addWidget(side(m_beforeTitle, m_beforeView));
    trees->addWidget(side(m_afterTitle, m_afterView));
    auto *lower = new QSplitter(Qt::Vertical, this);
    lower->addWidget(trees);
    lower->addWidget(m_properties);
    lower->setStretchFactor(0, 4);
    lower->setStretchFactor(1, 1);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_verdict);
    layout->addWidget(m_changes);
    layout->addWidget(lower, 1);

    connect(m_beforeScene, &PlanScene::selectedNodeChanged, this,
            [this](int id) { onSelected(true, id); });
    connect(m_afterScene, &PlanScene::selectedNodeChanged, this,
            [this](int id) { onSelected(false, id); });
    connect(m_beforeScene, &PlanScene::layoutChanged, this, &PlanCompareView::decorate);
    connect(m_afterScene, &PlanScene::layoutChanged, this, &PlanCompareView::decorate);
    connect(m_changes, &QListWidget::currentItemChanged, this, [this](QListWidgetItem *item) {
        if (!item)
            return;
        const QList<QVariant> ids = item->data(kNodeRole).toList();
        const int before = ids.value(0).toInt();
        const int after = ids.value(1).toInt();
        if (after >= 0) {
            m_afterScene->selectNode(after);
        } else if (before >= 0) {
            m_beforeScene->selectNode(before);
        }
    });
}

PlanCompareView::~PlanCompareView() = default;

void PlanCompareView::setPlans(const PlanAnalysis &before, const PlanAnalysis &after,
                               const QString &beforeTitle, const QString &afterTitle)
{
    // The scenes delete every item (our marks too) when they get a new plan:
    // take the marks off first and add none until both plans are in.
    for (QGraphicsItem *mark : std::as_const(m_marks))
        delete mark;
    m_marks.clear();
    m_settingPlans = true;
    m_diff = PlanDiffer::compare(before, after);
    m_beforeTitle->setText(tr("<b>Before</b>: %1").arg(beforeTitle.toHtmlEscaped()));
    m_afterTitle->setText(tr("<b>After</b>: %1").arg(afterTitle.toHtmlEscaped()));
    m_verdict->setText(m_diff.verdict.text);
    m_changes->clear();
    for (const PlanChange &change : m_diff.changes) {
        auto *item = new QListWidgetItem(change.text, m_changes);
        item->setData(kNodeRole, QVariantList{change.before, change.after});
    }
    if (m_diff.changes.isEmpty())
        new QListWidgetItem(tr("Nothing changed in the plan."), m_changes);
    m_beforeScene->setAnalysis(std::make_shared<const PlanAnalysis>(m_diff.before));
    m_afterScene->setAnalysis(std::make_shared<const PlanAnalysis>(m_diff.after));
    m_settingPlans = false;
    decorate();
    m_beforeView->fitPlan();
    m_afterView->fitPlan();
    // Start where the time went: the slowest node after the change.
    if (!m_diff.after.summary.slowestNodes.isEmpty())
        m_afterScene->selectNode(m_diff.after.summary.slowestNodes.first());
}

void PlanCompareView::decorate()
{
    if (m_settingPlans)
        return;
    for (QGraphicsItem *mark : std::as_const(m_marks))
        delete mark;
    m_marks.clear();
    auto band = [this](PlanScene *scene, int id, const QBrush &brush, const QPen &pen) {
        const QRectF rect = scene->nodeRect(id);
        if (rect.isNull())
            return;
        auto *item = scene->addRect(rect.adjusted(-6, -6, 6, 6), pen, brush);
        item->setZValue(-10); // behind cards and edges
        item->setAcceptedMouseButtons(Qt::NoButton);
        m_marks << item;
    };
    int index = 0;
    for (const PlanNodeMatch &m : std::as_const(m_diff.matched)) {
        const QColor color = bandColor(index++);
        band(m_beforeScene, m.before, color, Qt::NoPen);
        band(m_afterScene, m.after, color, Qt::NoPen);
    }
    QPen removed(QColor(200, 40, 40), 3, Qt::DashLine);
    QPen added(QColor(30, 140, 60), 3, Qt::DashLine);
    for (int id : std::as_const(m_diff.removed))
        band(m_beforeScene, id, Qt::NoBrush, removed);
    for (int id : std::as_const(m_diff.added))
        band(m_afterScene, id, Qt::NoBrush, added);
}

void PlanCompareView::onSelected(bool fromBefore, int nodeId)
{
    if (m_syncing)
        return;
    m_syncing = true;
    const int other = nodeId < 0   ? -1
                      : fromBefore ? m_diff.afterFor(nodeId)
                                   : m_diff.beforeFor(nodeId);
    PlanScene *otherScene = fromBefore ? m_afterScene : m_beforeScene;
    PlanGraphView *otherView = fromBefore ? m_afterView : m_beforeView;
    otherScene->selectNode(other);
    if (other >= 0)
        otherView->showNode(other);
    m_syncing = false;
    showProperties(fromBefore ? nodeId : other, fromBefore ? other : nodeId);
}

void PlanCompareView::showProperties(int beforeId, int afterId)
{
    m_properties->clear();
    const PlanNodeMatch *match = nullptr;
    for (const PlanNodeMatch &m : std::as_const(m_diff.matched)) {
        if (m.before == beforeId && m.after == afterId)
            match = &m;
    }
    auto row = [this](const QString &name, const QString &before, const QString &after) {
        auto *item = new QTreeWidgetItem(m_properties, {name, before, after});
        if (before != after) {
            // What differs stands out: bold, with a soft highlight.
            QFont font = item->font(0);
            font.setBold(true);
            QColor tint = palette().color(QPalette::Highlight);
            tint.setAlpha(50);
            for (int column = 0; column < 3; ++column) {
                item->setFont(column, font);
                item->setBackground(column, tint);
            }
        }
    };
    const QString none = tr("(no such node)");
    const QString beforeLabel =
        beforeId >= 0 ? m_diff.before.plan.nodes.at(beforeId).label() : none;
    const QString afterLabel = afterId >= 0 ? m_diff.after.plan.nodes.at(afterId).label() : none;
    row(tr("Node"), beforeLabel, afterLabel);
    if (!match)
        return;
    row(tr("Own time (ms)"), number(match->exclusiveMsBefore), number(match->exclusiveMsAfter));
    row(tr("With children (ms)"), number(match->inclusiveMsBefore),
        number(match->inclusiveMsAfter));
    row(tr("Rows"), optionalRows(match->rowsBefore), optionalRows(match->rowsAfter));
    row(tr("Loops"), number(match->loopsBefore, 0), number(match->loopsAfter, 0));
    row(tr("Shared hit"), QLocale().toString(match->buffersBefore.sharedHit),
        QLocale().toString(match->buffersAfter.sharedHit));
    row(tr("Shared read"), QLocale().toString(match->buffersBefore.sharedRead),
        QLocale().toString(match->buffersAfter.sharedRead));
    row(tr("Temp read / written"),
        QStringLiteral("%1 / %2")
            .arg(match->buffersBefore.tempRead)
            .arg(match->buffersBefore.tempWritten),
        QStringLiteral("%1 / %2")
            .arg(match->buffersAfter.tempRead)
            .arg(match->buffersAfter.tempWritten));
    row(tr("Flags raised"), QString(), match->flagsRaised.join(QStringLiteral(", ")));
    row(tr("Flags cleared"), match->flagsCleared.join(QStringLiteral(", ")), QString());
}

} // namespace sightline
