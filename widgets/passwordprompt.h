#pragma once

#include "models/pg/pgerror.h"
#include "models/store/connectionprofile.h"
#include "models/store/passwordstore.h"

#include <QDialog>

#include <functional>

class QCheckBox;
class QLabel;
class QLineEdit;

namespace sightline {

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

    // What obtain() hands over: the password and whether the user ticked
    // "Save in keychain". Nothing is saved yet: the caller connects first.
    using Done = std::function<void(const QString &password, bool save)>;

    // Shows the "Save in keychain" box (checked).
    void setOfferSave(bool offer);
    // A line above the field, e.g. why the keychain could not help.
    void setNote(const QString &note);

    QString password() const;
    // The box was offered and is ticked, and there is a password to save.
    bool saveRequested() const;

    // Gets the password the profile's mode calls for: none for PgPass; the
    // session's or the keychain's, else a prompt, for Keychain; a prompt for
    // AskEveryTime. After the server refused the last password (see
    // connectionFailed) it always prompts, saying so. Asynchronous: `done`
    // gets the password and `save`, or `cancelled` runs when the user cancels.
    // Neither runs once `parent` is gone. Nothing is written to the keychain
    // here: a password is only known to be right once a connection worked, so
    // the caller reports the outcome with connectionSucceeded() (which saves
    // when `save` is true) or connectionFailed().
    static void obtain(const ConnectionProfile &profile, PasswordStore *store, QWidget *parent,
                       Purpose purpose, Done done, std::function<void()> cancelled = {});

    // After a connection made with a password from obtain() opened: the
    // password is remembered for the session (Keychain mode), a refusal is
    // cleared, and with `save` it is written to the keychain. `written`, if
    // given, gets the keychain's answer while `context` lives.
    static void connectionSucceeded(const ConnectionProfile &profile, PasswordStore *store,
                                    const QString &password, bool save, QObject *context = nullptr,
                                    PasswordStore::Callback written = {});
    // After such a connection failed. When the server refused the password
    // (SQLSTATE 28P01, or none given) it is forgotten for the session, so the
    // next obtain() asks again instead of reusing it. True for a refusal.
    static bool connectionFailed(const ConnectionProfile &profile, PasswordStore *store,
                                 const PgError &error);

    // The note a prompt shows after a refusal.
    static QString refusedNote();

private:
    QLabel *m_note;
    QLineEdit *m_password;
    QCheckBox *m_save;
    bool m_offerSave = false;
};

} // namespace sightline
