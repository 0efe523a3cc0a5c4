#pragma once

#include "models/store/connectionprofile.h"

#include <QDialog>

#include <functional>

class QCheckBox;
class QLabel;
class QLineEdit;

namespace sightline {

class PasswordStore;

// Asks for the password of one connection. Window-modal and opened with
// open(), never exec(), so the caller's event loop keeps running.
class PasswordPrompt final : public QDialog
{
    Q_OBJECT
public:
    enum class Purpose
    {
        Test,   // a trial connection: nothing is offered for saving
        Connect // may offer to save the password in the keychain
    };

    explicit PasswordPrompt(const ConnectionProfile &profile, QWidget *parent = nullptr);

    // Shows the "Save in keychain" box (checked).
    void setOfferSave(bool offer);
    // A line above the field, e.g. why the keychain could not help.
    void setNote(const QString &note);

    QString password() const;
    bool saveRequested() const;

    // Gets the password the profile's mode calls for: none for PgPass; the
    // keychain, else a prompt, for Keychain; a prompt for AskEveryTime.
    // Asynchronous: `done` gets the password, or `cancelled` runs when the
    // user cancels. Neither runs once `parent` is gone. A password entered
    // for Connect with "Save in keychain" checked is written to the keychain.
    static void obtain(const ConnectionProfile &profile, PasswordStore *store, QWidget *parent,
                       Purpose purpose, std::function<void(const QString &password)> done,
                       std::function<void()> cancelled = {});

private:
    QLabel *m_note;
    QLineEdit *m_password;
    QCheckBox *m_save;
};

} // namespace sightline
