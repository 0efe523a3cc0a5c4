#pragma once

#include "models/pg/pgerror.h"

#include <QHash>
#include <QMetaType>
#include <QObject>
#include <QSet>
#include <QString>
#include <QUuid>

#include <functional>
#include <optional>

namespace sightline {

enum class PasswordStatus
{
    Found,               // read: `password` holds it
    Stored,              // write succeeded
    Deleted,             // delete succeeded (or there was nothing to delete)
    NotFound,            // read: the keychain has nothing for this profile
    KeychainUnavailable, // no keychain service: the caller asks the user instead
    Failed               // access denied or another keychain error; `message` says which
};

struct PasswordResult
{
    QUuid profileId;
    PasswordStatus status = PasswordStatus::Failed;
    QString password; // only for Found
    QString message;  // for KeychainUnavailable and Failed: a sentence for the user

    bool ok() const
    {
        return status == PasswordStatus::Found || status == PasswordStatus::Stored ||
               status == PasswordStatus::Deleted;
    }
};

// Passwords in the OS keychain (QtKeychain: Secret Service, KWallet, macOS
// Keychain, Windows Credential Store), service "Sightline", keyed by profile
// id. Every operation is asynchronous and reports through the callback (run
// only while `context` lives) and the signals. QtKeychain's plain-text
// fallback is always off: without a keychain service nothing is stored and
// the result is KeychainUnavailable, so the caller asks for the password.
//
// Only a password that opened a connection is kept in memory for the rest of
// the process (rememberForSession), never on disk. A keychain read or write is
// not cached: a wrong password must never stick where no prompt can replace it.
class PasswordStore final : public QObject
{
    Q_OBJECT
public:
    using Callback = std::function<void(const sightline::PasswordResult &)>;

    explicit PasswordStore(QObject *parent = nullptr);
    ~PasswordStore() override;

    static QString serviceName(); // "Sightline"
    // "No keychain service is running; Sightline will ask for the password each time"
    static QString unavailableMessage();

    void readPassword(const QUuid &profileId, QObject *context = nullptr, Callback done = {});
    void writePassword(const QUuid &profileId, const QString &password, QObject *context = nullptr,
                       Callback done = {});
    void deletePassword(const QUuid &profileId, QObject *context = nullptr, Callback done = {});

    // Once the keychain was found missing, later calls answer at once rather
    // than waiting on D-Bus again.
    bool isKnownUnavailable() const { return m_unavailable; }
    QString unavailableReason() const { return m_unavailableReason; }

    // Memory only: a password that worked, so it is not asked again while the
    // app runs (also used when the keychain is unavailable). readPassword()
    // answers with it before asking the keychain. Remembering clears a refusal.
    void rememberForSession(const QUuid &profileId, const QString &password);
    std::optional<QString> sessionPassword(const QUuid &profileId) const;
    void forgetForSession(const QUuid &profileId);

    // The server refused the password last used for the profile (wrong, or
    // none given). The session password is forgotten, and until the refusal is
    // cleared (rememberForSession, writePassword, deletePassword, clearRefused)
    // callers should ask the user rather than reuse what the keychain holds.
    void markRefused(const QUuid &profileId);
    bool wasRefused(const QUuid &profileId) const;
    void clearRefused(const QUuid &profileId);

    // Whether a failed connect means the password was wrong or missing:
    // SQLSTATE 28P01, or libpq's "password authentication failed" / "no
    // password supplied" (which carries no SQLSTATE).
    static bool isPasswordRefusal(const PgError &error);

Q_SIGNALS:
    void finished(const sightline::PasswordResult &result);
    void keychainUnavailable(const QString &message);

private:
    enum class Operation
    {
        Read,
        Write,
        Delete
    };
    void start(Operation op, const QUuid &profileId, const QString &password, QObject *context,
               Callback done);
    void deliver(const PasswordResult &result, QObject *context, bool contextGiven,
                 const Callback &done);
    void deliverLater(const PasswordResult &result, QObject *context, Callback done);

    QHash<QUuid, QString> m_session;
    QSet<QUuid> m_refused;
    bool m_unavailable = false;
    QString m_unavailableReason;
};

} // namespace sightline

Q_DECLARE_METATYPE(sightline::PasswordResult)
