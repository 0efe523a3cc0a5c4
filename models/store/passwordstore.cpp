#include "models/store/passwordstore.h"

#include <QPointer>

#include <qt6keychain/keychain.h>

namespace sightline {

namespace {

QString keyFor(const QUuid &id)
{
    return id.toString(QUuid::WithoutBraces);
}

} // namespace

PasswordStore::PasswordStore(QObject *parent)
    : QObject(parent)
{}

// Jobs still running are children and die with the store; their callbacks never run.
PasswordStore::~PasswordStore() = default;

QString PasswordStore::serviceName()
{
    return QStringLiteral("Sightline");
}

QString PasswordStore::unavailableMessage()
{
    return tr("No keychain service is running; Sightline will ask for the password each time.");
}

void PasswordStore::readPassword(const QUuid &profileId, QObject *context, Callback done)
{
    if (const auto cached = sessionPassword(profileId)) {
        deliverLater({profileId, PasswordStatus::Found, *cached, {}}, context, std::move(done));
        return;
    }
    start(Operation::Read, profileId, {}, context, std::move(done));
}

void PasswordStore::writePassword(const QUuid &profileId, const QString &password, QObject *context,
                                  Callback done)
{
    // The new password supersedes whatever this session knew, good or refused;
    // whether it works is only known after the next connect.
    forgetForSession(profileId);
    clearRefused(profileId);
    start(Operation::Write, profileId, password, context, std::move(done));
}

void PasswordStore::deletePassword(const QUuid &profileId, QObject *context, Callback done)
{
    forgetForSession(profileId);
    clearRefused(profileId);
    start(Operation::Delete, profileId, {}, context, std::move(done));
}

void PasswordStore::rememberForSession(const QUuid &profileId, const QString &password)
{
    m_session.insert(profileId, password);
    m_refused.remove(profileId);
}

std::optional<QString> PasswordStore::sessionPassword(const QUuid &profileId) const
{
    const auto it = m_session.constFind(profileId);
    if (it == m_session.cend())
        return std::nullopt;
    return *it;
}

void PasswordStore::forgetForSession(const QUuid &profileId)
{
    m_session.remove(profileId);
}

void PasswordStore::markRefused(const QUuid &profileId)
{
    forgetForSession(profileId);
    m_refused.insert(profileId);
}

bool PasswordStore::wasRefused(const QUuid &profileId) const
{
    return m_refused.contains(profileId);
}

void PasswordStore::clearRefused(const QUuid &profileId)
{
    m_refused.remove(profileId);
}

bool PasswordStore::isPasswordRefusal(const PgError &error)
{
    if (error.sqlState == QLatin1String("28P01"))
        return true;
    // libpq reports a missing password itself, without a SQLSTATE; its words
    // are kept in the detail (see pg::connectFailure).
    for (const QString *text : {&error.message, &error.detail}) {
        if (text->contains(QLatin1String("password authentication failed")) ||
            text->contains(QLatin1String("no password supplied")))
            return true;
    }
    return false;
}

void PasswordStore::start(Operation op, const QUuid &profileId, const QString &password,
                          QObject *context, Callback done)
{
    if (profileId.isNull()) {
        deliverLater({profileId, PasswordStatus::Failed, {}, tr("The connection has no id yet.")},
                     context, std::move(done));
        return;
    }
    if (m_unavailable) {
        deliverLater({profileId, PasswordStatus::KeychainUnavailable, {}, m_unavailableReason},
                     context, std::move(done));
        return;
    }

    QKeychain::Job *job = nullptr;
    switch (op) {
    case Operation::Read:
        job = new QKeychain::ReadPasswordJob(serviceName(), this);
        break;
    case Operation::Write: {
        auto *write = new QKeychain::WritePasswordJob(serviceName(), this);
        write->setTextData(password);
        job = write;
        break;
    }
    case Operation::Delete:
        job = new QKeychain::DeletePasswordJob(serviceName(), this);
        break;
    }
    job->setKey(keyFor(profileId));
    // Never: the fallback writes the secret into a QSettings file.
    job->setInsecureFallback(false);
    job->setAutoDelete(true);

    const bool contextGiven = context != nullptr;
    QPointer<QObject> guard(context);
    connect(job, &QKeychain::Job::finished, this,
            [this, op, profileId, guard, contextGiven,
             done = std::move(done)](QKeychain::Job *finishedJob) {
                PasswordResult result;
                result.profileId = profileId;
                switch (finishedJob->error()) {
                case QKeychain::NoError:
                    if (op == Operation::Read) {
                        result.status = PasswordStatus::Found;
                        // Not cached: it may be wrong, and only a connection can tell.
                        result.password =
                            static_cast<QKeychain::ReadPasswordJob *>(finishedJob)->textData();
                    } else if (op == Operation::Write) {
                        result.status = PasswordStatus::Stored;
                    } else {
                        result.status = PasswordStatus::Deleted;
                    }
                    break;
                case QKeychain::EntryNotFound:
                    // Deleting what is not there is what the caller wanted anyway.
                    result.status = op == Operation::Delete ? PasswordStatus::Deleted
                                                            : PasswordStatus::NotFound;
                    break;
                case QKeychain::AccessDeniedByUser:
                case QKeychain::AccessDenied:
                    result.status = PasswordStatus::Failed;
                    result.message = tr("Access to the keychain was denied (%1); Sightline will "
                                        "ask for the password.")
                                         .arg(finishedJob->errorString());
                    break;
                case QKeychain::CouldNotDeleteEntry:
                    result.status = PasswordStatus::Failed;
                    result.message = tr("The password could not be removed from the keychain: %1")
                                         .arg(finishedJob->errorString());
                    break;
                case QKeychain::NoBackendAvailable:
                case QKeychain::NotImplemented:
                case QKeychain::OtherError:
                    // On Linux, a missing Secret Service / D-Bus session shows up
                    // as OtherError ("Unknown error") as often as NoBackendAvailable.
                    result.status = PasswordStatus::KeychainUnavailable;
                    result.message = unavailableMessage();
                    if (!finishedJob->errorString().isEmpty())
                        result.message +=
                            QLatin1Char(' ') + tr("(Keychain: %1)").arg(finishedJob->errorString());
                    m_unavailable = true;
                    m_unavailableReason = result.message;
                    break;
                }
                deliver(result, guard.data(), contextGiven, done);
            });
    job->start();
}

void PasswordStore::deliver(const PasswordResult &result, QObject *context, bool contextGiven,
                            const Callback &done)
{
    if (result.status == PasswordStatus::KeychainUnavailable)
        Q_EMIT keychainUnavailable(result.message);
    Q_EMIT finished(result);
    // A callback whose owner is gone must not run (it would touch a dead dialog).
    if (done && (!contextGiven || context))
        done(result);
}

void PasswordStore::deliverLater(const PasswordResult &result, QObject *context, Callback done)
{
    // Answers that need no keychain still arrive asynchronously, so callers
    // have one code path whatever the cache holds.
    const bool contextGiven = context != nullptr;
    QPointer<QObject> guard(context);
    QMetaObject::invokeMethod(
        this,
        [this, result, guard, contextGiven, done = std::move(done)] {
            deliver(result, guard.data(), contextGiven, done);
        },
        Qt::QueuedConnection);
}

} // namespace sightline
