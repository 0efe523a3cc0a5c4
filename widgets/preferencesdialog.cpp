#include "widgets/preferencesdialog.h"

#include "models/store/appsettings.h"
#include "widgets/sqleditor.h"

#include <QDialogButtonBox>
#include <QFontComboBox>
#include <QFormLayout>
#include <QSpinBox>

namespace sightline {

PreferencesDialog::PreferencesDialog(QWidget *parent)
    : QDialog(parent)
    , m_family(new QFontComboBox(this))
    , m_size(new QSpinBox(this))
    , m_rowCap(new QSpinBox(this))
    , m_trialRuns(new QSpinBox(this))
{
    setWindowTitle(tr("Preferences"));
    const AppSettings settings;
    m_family->setObjectName(QStringLiteral("fontFamily"));
    m_family->setFontFilters(QFontComboBox::MonospacedFonts);
    m_family->setCurrentFont(QFont(settings.editorFontFamily()));
    m_size->setObjectName(QStringLiteral("fontSize"));
    m_size->setRange(SqlEditor::kMinFontSize, SqlEditor::kMaxFontSize);
    m_size->setSuffix(tr(" pt"));
    m_size->setValue(settings.editorFontSize());
    m_rowCap->setObjectName(QStringLiteral("rowCap"));
    m_rowCap->setRange(100, 100000000);
    m_rowCap->setSingleStep(10000);
    m_rowCap->setGroupSeparatorShown(true);
    m_rowCap->setValue(settings.resultRowCap());
    m_rowCap->setToolTip(tr("A result reads this many rows, then waits for Fetch More or "
                            "Fetch All; the query stays open on the server meanwhile."));

    m_trialRuns->setObjectName(QStringLiteral("indexTrialRuns"));
    m_trialRuns->setRange(1, 50);
    m_trialRuns->setValue(settings.indexTrialRuns());
    m_trialRuns->setToolTip(tr("Try an Index… for real runs Explain Analyze this many times "
                               "before and after building the index and compares the medians."));

    auto *form = new QFormLayout;
    form->addRow(tr("Editor &font:"), m_family);
    form->addRow(tr("Font &size:"), m_size);
    form->addRow(tr("&Rows per result:"), m_rowCap);
    form->addRow(tr("Runs per side when trying a &real index:"), m_trialRuns);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(buttons);
}

void PreferencesDialog::accept()
{
    AppSettings settings;
    settings.setEditorFontFamily(m_family->currentFont().family());
    settings.setEditorFontSize(m_size->value());
    settings.setResultRowCap(m_rowCap->value());
    settings.setIndexTrialRuns(m_trialRuns->value());
    settings.sync();
    QDialog::accept();
}

} // namespace sightline
