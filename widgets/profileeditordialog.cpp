#include "widgets/profileeditordialog.h"

#include "models/store/profilestore.h"
#include "widgets/connectiontestpanel.h"
#include "widgets/profileeditor.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace sightline {

ProfileEditorDialog::ProfileEditorDialog(Mode mode, const ConnectionProfile &profile,
                                         ProfileStore *store, PasswordStore *passwords,
                                         QWidget *parent)
    : QDialog(parent)
    , m_mode(mode)
    , m_store(store)
    , m_editor(new ProfileEditor(this))
    , m_testPanel(new ConnectionTestPanel(passwords, this))
    , m_test(new QPushButton(tr("&Test"), this))
    , m_save(new QPushButton(tr("&Save"), this))
    , m_originalMode(profile.passwordMode)
{
    setObjectName(QStringLiteral("profileEditorDialog"));
    setWindowTitle(mode == Mode::Add ? tr("New Connection")
                                     : tr("Edit Connection “%1”").arg(profile.name));
    m_test->setObjectName(QStringLiteral("editorTestButton"));
    m_save->setObjectName(QStringLiteral("saveButton"));
    m_testPanel->setObjectName(QStringLiteral("editorTestPanel"));
    m_test->setToolTip(tr("Try these settings (also before saving)"));

    auto *buttons = new QDialogButtonBox(this);
    buttons->setObjectName(QStringLiteral("editorButtons"));
    buttons->addButton(m_test, QDialogButtonBox::ActionRole);
    buttons->addButton(m_save, QDialogButtonBox::AcceptRole);
    QPushButton *cancel = buttons->addButton(QDialogButtonBox::Cancel);
    cancel->setObjectName(QStringLiteral("cancelButton"));
    m_save->setDefault(true); // Enter in any field saves

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_editor, 1);
    layout->addWidget(m_testPanel);
    layout->addWidget(buttons);

    m_editor->setProfile(profile);
    connect(m_save, &QPushButton::clicked, this, &ProfileEditorDialog::save);
    connect(cancel, &QPushButton::clicked, this, &QDialog::reject);
    connect(m_test, &QPushButton::clicked, this, [this] {
        if (m_editor->validate())
            m_testPanel->test(m_editor->profile(), m_editor->password());
    });
    connect(m_testPanel, &ConnectionTestPanel::stateChanged, this,
            [this] { m_test->setEnabled(!m_testPanel->isBusy()); });
    resize(sizeHint().expandedTo(QSize(560, 520)));
    m_editor->focusFirstField();
}

void ProfileEditorDialog::save()
{
    if (!m_editor->validate())
        return;
    const ConnectionProfile profile = m_editor->profile();
    QString error;
    const bool ok = m_mode == Mode::Add ? !m_store->add(profile, &error).isNull()
                                        : m_store->update(profile, &error);
    if (!ok) {
        m_testPanel->showMessage(tr("Not saved: %1").arg(error), true);
        return;
    }
    m_saved = profile;
    m_password = m_editor->password();
    accept();
}

void ProfileEditorDialog::done(int result)
{
    // Closing stops a running test: nobody is left to read its answer.
    m_testPanel->cancel();
    QDialog::done(result);
}

} // namespace sightline
