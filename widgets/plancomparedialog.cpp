#include "widgets/plancomparedialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace sightline {

PlanCompareDialog::PlanCompareDialog(const QList<PlanSource> &sources, QWidget *parent)
    : QDialog(parent)
    , m_sources(sources)
    , m_before(new QComboBox(this))
    , m_after(new QComboBox(this))
{
    setWindowTitle(tr("Compare Plans"));
    m_before->setObjectName(QStringLiteral("beforePlan"));
    m_after->setObjectName(QStringLiteral("afterPlan"));
    for (QComboBox *box : {m_before, m_after}) {
        box->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
        box->setMinimumContentsLength(60);
        for (const PlanSource &source : sources)
            box->addItem(source.title);
    }
    // The usual case: the plan before and the newest one after.
    if (sources.size() > 1) {
        m_before->setCurrentIndex(1);
        m_after->setCurrentIndex(0);
    }
    auto *form = new QFormLayout;
    form->addRow(tr("&Before:"), m_before);
    form->addRow(tr("&After:"), m_after);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("&Compare"));
    buttons->button(QDialogButtonBox::Ok)->setEnabled(sources.size() >= 2);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    if (sources.size() < 2)
        layout->addWidget(new QLabel(tr("Open or explain at least two plans first: every plan "
                                        "shown is kept in the plan history."),
                                     this));
    layout->addLayout(form);
    layout->addWidget(buttons);
}

PlanSource PlanCompareDialog::before() const
{
    return m_sources.value(m_before->currentIndex());
}

PlanSource PlanCompareDialog::after() const
{
    return m_sources.value(m_after->currentIndex());
}

} // namespace sightline
