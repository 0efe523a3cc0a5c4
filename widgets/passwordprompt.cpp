#include "widgets/passwordprompt.h"

#include "models/store/passwordstore.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QPushButton>
#include <QVBoxLayout>

namespace sightline {

PasswordPrompt::PasswordPrompt(const ConnectionProfile &profile, QWidget *parent)
    : QDialog(parent)
    , m_note(new QLabel(this))
    , m_password(new QLineEdit(this))
    , m_save(new QCheckBox(tr("&Save in keychain"), this))
{
    setObjectName(QStringLiteral("passwordPrompt"));
    setWindowTitle(tr("Password for %1").arg(profile.name));
    setWindowModality(Qt::WindowModal);
    m_note->setObjectName(QStringLiteral("promptNote"));
    m_password->setObjectName(QStringLiteral("promptPasswordEdit"));
    m_save->setObjectName(QStringLiteral("savePasswordCheck"));

    auto *intro = new QLabel(this);
    intro->setObjectName(QStringLiteral("promptIntro"));
    intro->setWordWrap(true);
    intro->setTextFormat(Qt::PlainText);
    intro->setText(tr("Password for %1").arg(profile.target()));
    m_note->setWordWrap(true);
    m_note->setVisible(false);
    m_password->setEchoMode(QLineEdit::Password);
    m_password->setPlaceholderText(tr("Leave empty if the server needs none"));
    m_save->setChecked(true);
    m_save->setVisible(false);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->setObjectName(QStringLiteral("promptButtons"));
    buttons->button(QDialogButtonBox::Ok)->setObjectName(QStringLiteral("promptOkButton"));
    buttons->button(QDialogButtonBox::Ok)->setText(tr("&Connect"));
    buttons->button(QDialogButtonBox::Cancel)->setObjectName(QStringLiteral("promptCancelButton"));
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *form = new QFormLayout;
    auto *label = new QLabel(tr("Pass&word:"), this);
    label->setBuddy(m_password);
    form->addRow(label, m_password);
    form->addRow(QString(), m_save);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addWidget(m_note);
    layout->addLayout(form);
    layout->addWidget(buttons);
    m_password->setFocus();
}

void PasswordPrompt::setOfferSave(bool offer)
{
    m_offerSave = offer;
    m_save->setVisible(offer);
    m_save->setChecked(offer);
}

void PasswordPrompt::setNote(const QString &note)
{
    m_note->setText(note);
    m_note->setVisible(!note.isEmpty());
}

QString PasswordPrompt::password() const
{
    return m_password->text();
}

bool PasswordPrompt::saveRequested() const
{
    // Not m_save->isVisible(): once the dialog has closed (when `finished`
    // arrives) no child of it is visible, and the tick would be lost.
    return m_offerSave && m_save->isChecked() && !m_password->text().isEmpty();
}

QString PasswordPrompt::refusedNote()
{
    return tr("The server refused the last password. Please enter it again.");
}

void PasswordPrompt::obtain(const ConnectionProfile &profile, PasswordStore *store, QWidget *parent,
                            Purpose purpose, Done done, std::function<void()> cancelled)
{
    QPointer<QWidget> guard(parent);
    auto ask = [profile, store, guard, purpose, done, cancelled](bool offerSave,
                                                                 const QString &note) {
        if (!guard)
            return;
        auto *prompt = new PasswordPrompt(profile, guard);
        prompt->setAttribute(Qt::WA_DeleteOnClose);
        prompt->setOfferSave(offerSave && purpose == Purpose::Connect && store);
        prompt->setNote(note);
        QObject::connect(prompt, &QDialog::finished, guard, [prompt, done, cancelled](int result) {
            if (result != QDialog::Accepted) {
                if (cancelled)
                    cancelled();
                return;
            }
            done(prompt->password(), prompt->saveRequested());
        });
        prompt->open();
    };

    // After a refusal, neither the session's password nor the keychain's may
    // be tried again: the user types one, and learns why they are asked.
    const bool refused = store && store->wasRefused(profile.id);
    switch (profile.passwordMode) {
    case PasswordMode::PgPass:
        done(QString(), false);
        return;
    case PasswordMode::AskEveryTime:
        ask(false, refused ? refusedNote() : QString());
        return;
    case PasswordMode::Keychain:
        break;
    }
    if (!store) {
        ask(false, QString());
        return;
    }
    if (refused) {
        // Saving is offered again (checked), so a right password replaces the
        // keychain's wrong one once it has worked.
        ask(!store->isKnownUnavailable(), refusedNote());
        return;
    }
    store->readPassword(profile.id, parent, [ask, done](const PasswordResult &result) {
        switch (result.status) {
        case PasswordStatus::Found:
            done(result.password, false); // already in the keychain (or the session)
            return;
        case PasswordStatus::NotFound:
            ask(true, QString());
            return;
        case PasswordStatus::KeychainUnavailable:
            ask(false, PasswordStore::unavailableMessage());
            return;
        case PasswordStatus::Failed:
        case PasswordStatus::Stored:
        case PasswordStatus::Deleted:
            ask(false, result.message);
            return;
        }
    });
}

void PasswordPrompt::connectionSucceeded(const ConnectionProfile &profile, PasswordStore *store,
                                         const QString &password, bool save, QObject *context,
                                         PasswordStore::Callback written)
{
    if (!store)
        return;
    if (profile.passwordMode != PasswordMode::Keychain) {
        // Ask-every-time keeps nothing, and .pgpass is libpq's business.
        store->clearRefused(profile.id);
        return;
    }
    // Written first: a write makes the store forget its session password,
    // which the line after puts back, now known to work.
    if (save && !password.isEmpty())
        store->writePassword(profile.id, password, context, std::move(written));
    store->rememberForSession(profile.id, password);
}

bool PasswordPrompt::connectionFailed(const ConnectionProfile &profile, PasswordStore *store,
                                      const PgError &error)
{
    // A .pgpass password is not ours to forget, nor to ask for.
    if (!store || profile.passwordMode == PasswordMode::PgPass ||
        !PasswordStore::isPasswordRefusal(error))
        return false;
    store->markRefused(profile.id);
    return true;
}

} // namespace sightline
