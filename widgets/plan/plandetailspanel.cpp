#include "plandetailspanel.h"

#include "models/plan/plannodefacts.h"
#include "models/plan/planreport.h"
#include "widgets/plan/planpalette.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QEvent>
#include <QHeaderView>
#include <QLabel>
#include <QSplitter>
#include <QTextBrowser>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <algorithm>

namespace sightline {

PlanDetailsPanel::PlanDetailsPanel(QWidget *parent)
    : QWidget(parent)
    , m_title(new QLabel(this))
    , m_subtitle(new QLabel(this))
    , m_flags(new QTextBrowser(this))
    , m_tree(new QTreeWidget(this))
{
    m_title->setObjectName(QStringLiteral("planDetailsTitle"));
    m_title->setWordWrap(true);
    m_title->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QFont titleFont = m_title->font();
    titleFont.setBold(true);
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.2);
    m_title->setFont(titleFont);
    m_subtitle->setWordWrap(true);
    m_subtitle->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_flags->setObjectName(QStringLiteral("planDetailsFlags"));
    m_flags->setOpenLinks(false);
    m_flags->setFrameShape(QFrame::NoFrame);

    m_tree->setObjectName(QStringLiteral("planDetailsProperties"));
    m_tree->setColumnCount(2);
    m_tree->setHeaderLabels({tr("Property"), tr("Value")});
    m_tree->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_tree->setWordWrap(true);
    m_tree->setUniformRowHeights(false);
    m_tree->setAlternatingRowColors(true);
    m_tree->header()->setSectionResizeMode(0, QHeaderView::Interactive);
    m_tree->header()->setStretchLastSection(true);
    m_tree->setTextElideMode(Qt::ElideMiddle);
    setMinimumWidth(320);
    // The view's own Ctrl+C copies one cell; this copies every selected property.
    auto *copy = new QAction(tr("Copy"), m_tree);
    copy->setShortcut(QKeySequence::Copy);
    copy->setShortcutContext(Qt::WidgetShortcut);
    connect(copy, &QAction::triggered, this, &PlanDetailsPanel::copySelection);
    m_tree->addAction(copy);
    m_tree->setContextMenuPolicy(Qt::ActionsContextMenu);

    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(m_flags);
    splitter->addWidget(m_tree);
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 2);
    splitter->setChildrenCollapsible(false);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addWidget(m_title);
    layout->addWidget(m_subtitle);
    layout->addWidget(splitter, 1);
    refresh();
}

void PlanDetailsPanel::setAnalysis(std::shared_ptr<const PlanAnalysis> analysis)
{
    m_analysis = std::move(analysis);
    m_node = -1;
    refresh();
}

void PlanDetailsPanel::showNode(int nodeId)
{
    if (nodeId == m_node)
        return;
    m_node = nodeId;
    refresh();
}

QString PlanDetailsPanel::heading() const
{
    return m_title->text();
}

void PlanDetailsPanel::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        refresh(); // the flag colours are written into the HTML
}

void PlanDetailsPanel::copySelection() const
{
    QStringList lines;
    for (const QTreeWidgetItem *item : m_tree->selectedItems()) {
        if (item->parent())
            lines << QStringLiteral("%1: %2").arg(item->text(0), item->text(1));
        else
            lines << item->text(0);
    }
    if (!lines.isEmpty())
        QApplication::clipboard()->setText(lines.join(QLatin1Char('\n')));
}

void PlanDetailsPanel::refresh()
{
    m_tree->clear();
    m_flags->clear();
    const bool valid = m_analysis && m_node >= 0 && m_node < m_analysis->plan.nodes.size();
    if (!valid) {
        m_title->setText(tr("No node selected"));
        m_subtitle->setText(tr("Select a node in the tree, the table or the flags list."));
        m_flags->hide();
        return;
    }
    const PlanAnalysis &a = *m_analysis;
    const PlanNode &node = a.plan.nodes.at(m_node);
    const PlanPalette palette = PlanPalette::from(this->palette());
    QPalette muted = m_subtitle->palette();
    muted.setColor(QPalette::WindowText, palette.mutedText);
    m_subtitle->setPalette(muted);
    m_title->setText(QStringLiteral("#%1  %2").arg(m_node).arg(node.displayName()));
    QString subtitle = PlanNodeFacts::target(node);
    if (node.isSubplanRoot())
        subtitle = subtitle.isEmpty() ? node.subplanName
                                      : node.subplanName + QStringLiteral(" · ") + subtitle;
    m_subtitle->setText(subtitle);
    m_subtitle->setVisible(!subtitle.isEmpty());

    // Flags of this node, most severe first, each with its explanation and suggestion.
    QString html;
    for (const PlanFlag &flag : PlanReport::sortedFlags(a)) {
        if (flag.nodeId != m_node)
            continue;
        const QColor color = palette.severity(flag.severity);
        const QColor on = palette.onSeverity(flag.severity);
        html += QStringLiteral("<p style='margin:0 0 2px 0'><span style='background-color:%1; "
                               "color:%2'>&nbsp;%3&nbsp;</span>&nbsp; %4</p>")
                    .arg(color.name(), on.name(),
                         PlanNodeFacts::flagShortName(flag.ruleId).toHtmlEscaped(),
                         flag.message.toHtmlEscaped());
        if (!flag.why.isEmpty())
            html += QStringLiteral("<p style='margin:2px 0 2px 12px'><i>%1</i> %2</p>")
                        .arg(tr("Why:").toHtmlEscaped(), flag.why.toHtmlEscaped());
        if (!flag.suggestion.isEmpty())
            html += QStringLiteral("<p style='margin:2px 0 10px 12px'><i>%1</i> %2</p>")
                        .arg(tr("Try:").toHtmlEscaped(), flag.suggestion.toHtmlEscaped());
    }
    m_flags->setHtml(html);
    m_flags->setVisible(!html.isEmpty());
    // As tall as its text, up to half the panel: the properties below keep their room.
    m_flags->document()->setTextWidth(m_flags->viewport()->width());
    const int wanted = int(m_flags->document()->size().height()) + 2 * m_flags->frameWidth() + 6;
    m_flags->setMaximumHeight(std::max(60, std::min(wanted, height() / 2)));

    for (const PlanDetailGroup &group : PlanNodeFacts::details(a, m_node)) {
        auto *top = new QTreeWidgetItem(m_tree, {group.title});
        QFont bold = top->font(0);
        bold.setBold(true);
        top->setFont(0, bold);
        top->setFirstColumnSpanned(true);
        for (const PlanDetail &detail : group.items) {
            auto *item = new QTreeWidgetItem(top, {detail.name, detail.value});
            item->setToolTip(1, detail.value);
        }
    }
    m_tree->expandAll();
    // Names as wide as they need, but never so wide that the values go out of sight.
    m_tree->resizeColumnToContents(0);
    const int cap = std::max(140, m_tree->viewport()->width() / 2);
    if (m_tree->columnWidth(0) > cap)
        m_tree->setColumnWidth(0, cap);
}

} // namespace sightline
