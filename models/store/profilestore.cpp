#include "models/store/profilestore.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <QStandardPaths>

#include <algorithm>

namespace sightline {

namespace {

void setError(QString *error, const QString &message)
{
    if (error)
        *error = message;
}

QString fileNameFor(const QUuid &id)
{
    return id.toString(QUuid::WithoutBraces) + QStringLiteral(".json");
}

} // namespace

ProfileStore::ProfileStore(QObject *parent)
    : ProfileStore(defaultDirectory(), parent)
{}

ProfileStore::ProfileStore(const QString &directory, QObject *parent)
    : QObject(parent)
    , m_directory(QDir::cleanPath(directory))
{}

QString ProfileStore::defaultDirectory()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppConfigLocation) +
           QStringLiteral("/connections");
}

ProfileLoadResult ProfileStore::load()
{
    ProfileLoadResult result;
    QHash<QUuid, Entry> entries;

    const QDir dir(m_directory);
    const QFileInfoList files =
        dir.exists()
            ? dir.entryInfoList({QStringLiteral("*.json")}, QDir::Files | QDir::Hidden, QDir::Name)
            : QFileInfoList();
    for (const QFileInfo &info : files) {
        const QString path = info.absoluteFilePath();
        // Reports a file that cannot be used and moves it out of the way, so
        // the next start is clean and the user still has the bytes.
        auto reject = [&](const QString &what) {
            QString moveError;
            const QString aside = moveAside(path, &moveError);
            if (aside.isEmpty()) {
                result.problems << tr("The connection file “%1” could not be loaded: %2 It could "
                                      "not be moved aside either (%3). The other connections "
                                      "were loaded.")
                                       .arg(QDir::toNativeSeparators(path), what, moveError);
            } else {
                result.problems << tr("The connection file “%1” could not be loaded: %2 It was "
                                      "moved aside to “%3”. The other connections were loaded.")
                                       .arg(QDir::toNativeSeparators(path), what,
                                            QDir::toNativeSeparators(aside));
            }
        };

        QFile file(path);
        if (!file.open(QIODevice::ReadOnly)) {
            reject(tr("it cannot be read (%1).").arg(file.errorString()));
            continue;
        }
        const QByteArray bytes = file.readAll();
        file.close();

        QJsonParseError parseError;
        const QJsonDocument doc = QJsonDocument::fromJson(bytes, &parseError);
        if (parseError.error != QJsonParseError::NoError) {
            reject(tr("it is not valid JSON (%1 at byte %2).")
                       .arg(parseError.errorString())
                       .arg(parseError.offset));
            continue;
        }
        if (!doc.isObject()) {
            reject(tr("it does not contain a JSON object."));
            continue;
        }
        const QJsonObject obj = doc.object();
        // A newer Sightline's file is fine, just not for us: leave it in place
        // so going back to the newer version loses nothing.
        if (obj.value(QLatin1String("format")).toInt(0) > ConnectionProfile::kFormatVersion) {
            result.problems << tr("The connection file “%1” was written by a newer version of "
                                  "Sightline and was skipped (left unchanged).")
                                   .arg(QDir::toNativeSeparators(path));
            continue;
        }
        QString error;
        const std::optional<ConnectionProfile> profile = ConnectionProfile::fromJson(obj, &error);
        if (!profile) {
            reject(error);
            continue;
        }
        if (entries.contains(profile->id)) {
            reject(tr("it has the same id as “%1”.")
                       .arg(QDir::toNativeSeparators(entries.value(profile->id).path)));
            continue;
        }
        entries.insert(profile->id, Entry{*profile, path});
    }

    m_entries = entries;
    m_lastProblems = result.problems;
    result.profiles = profiles();
    Q_EMIT profilesReloaded();
    Q_EMIT profilesChanged();
    return result;
}

QList<ConnectionProfile> ProfileStore::profiles() const
{
    QList<ConnectionProfile> list;
    list.reserve(m_entries.size());
    for (const Entry &e : m_entries)
        list << e.profile;
    std::sort(list.begin(), list.end(), [](const ConnectionProfile &a, const ConnectionProfile &b) {
        const int byName = QString::compare(a.name, b.name, Qt::CaseInsensitive);
        if (byName != 0)
            return byName < 0;
        return a.id.toString() < b.id.toString();
    });
    return list;
}

std::optional<ConnectionProfile> ProfileStore::profile(const QUuid &id) const
{
    const auto it = m_entries.constFind(id);
    if (it == m_entries.cend())
        return std::nullopt;
    return it->profile;
}

QString ProfileStore::filePath(const QUuid &id) const
{
    const auto it = m_entries.constFind(id);
    if (it != m_entries.cend())
        return it->path;
    return QDir(m_directory).filePath(fileNameFor(id));
}

QUuid ProfileStore::add(ConnectionProfile profile, QString *error)
{
    if (profile.id.isNull())
        profile.id = QUuid::createUuid();
    if (m_entries.contains(profile.id)) {
        setError(error, tr("A connection with this id exists already."));
        return {};
    }
    const QList<ProfileProblem> problems = profile.validate();
    if (!problems.isEmpty()) {
        setError(error, problems.constFirst().message);
        return {};
    }
    const QString path = QDir(m_directory).filePath(fileNameFor(profile.id));
    if (!write(profile, path, error))
        return {};
    m_entries.insert(profile.id, Entry{profile, path});
    Q_EMIT profileAdded(profile.id);
    Q_EMIT profilesChanged();
    return profile.id;
}

bool ProfileStore::update(const ConnectionProfile &profile, QString *error)
{
    const auto it = m_entries.find(profile.id);
    if (it == m_entries.end()) {
        setError(error, tr("The connection “%1” is not saved yet.").arg(profile.name));
        return false;
    }
    const QList<ProfileProblem> problems = profile.validate();
    if (!problems.isEmpty()) {
        setError(error, problems.constFirst().message);
        return false;
    }
    if (it->profile == profile)
        return true;
    if (!write(profile, it->path, error))
        return false;
    it->profile = profile;
    Q_EMIT profileUpdated(profile.id);
    Q_EMIT profilesChanged();
    return true;
}

bool ProfileStore::remove(const QUuid &id, QString *error)
{
    const auto it = m_entries.find(id);
    if (it == m_entries.end()) {
        setError(error, tr("There is no such connection."));
        return false;
    }
    QFile file(it->path);
    if (file.exists() && !file.remove()) {
        setError(error, tr("The connection file “%1” could not be removed: %2")
                            .arg(QDir::toNativeSeparators(it->path), file.errorString()));
        return false;
    }
    m_entries.erase(it);
    Q_EMIT profileRemoved(id);
    Q_EMIT profilesChanged();
    return true;
}

std::optional<ConnectionProfile> ProfileStore::duplicate(const QUuid &id, QString *error)
{
    const auto original = profile(id);
    if (!original) {
        setError(error, tr("There is no such connection."));
        return std::nullopt;
    }
    ConnectionProfile copy = *original;
    copy.id = QUuid::createUuid();
    copy.name = uniqueCopyName(original->name);
    if (add(copy, error).isNull())
        return std::nullopt;
    return copy;
}

QString ProfileStore::uniqueCopyName(const QString &name) const
{
    auto taken = [this](const QString &candidate) {
        for (const Entry &e : m_entries) {
            if (e.profile.name == candidate)
                return true;
        }
        return false;
    };
    QString candidate = tr("%1 (copy)").arg(name);
    for (int n = 2; taken(candidate); ++n)
        candidate = tr("%1 (copy %2)").arg(name).arg(n);
    return candidate;
}

bool ProfileStore::write(const ConnectionProfile &profile, const QString &path, QString *error)
{
    if (!QDir().mkpath(m_directory)) {
        setError(
            error,
            tr("The folder “%1” could not be created.").arg(QDir::toNativeSeparators(m_directory)));
        return false;
    }
    // Host names and user names are nobody else's business.
    QFile::setPermissions(m_directory, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);

    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        setError(error, tr("The connection file “%1” could not be written: %2")
                            .arg(QDir::toNativeSeparators(path), file.errorString()));
        return false;
    }
    file.setPermissions(QFile::ReadOwner | QFile::WriteOwner);
    file.write(QJsonDocument(profile.toJson()).toJson(QJsonDocument::Indented));
    if (!file.commit()) {
        setError(error, tr("The connection file “%1” could not be written: %2")
                            .arg(QDir::toNativeSeparators(path), file.errorString()));
        return false;
    }
    return true;
}

QString ProfileStore::moveAside(const QString &path, QString *moveError)
{
    QString target = path + QStringLiteral(".corrupt");
    for (int n = 2; QFileInfo::exists(target); ++n)
        target = path + QStringLiteral(".%1.corrupt").arg(n);
    QFile file(path);
    if (!file.rename(target)) {
        if (moveError)
            *moveError = file.errorString();
        return QString();
    }
    return target;
}

} // namespace sightline
