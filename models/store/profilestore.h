#pragma once

#include "models/store/connectionprofile.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QStringList>
#include <QUuid>

#include <optional>

namespace sightline {

// What load() found: the profiles that could be read, and one clear message
// per file that could not (naming the file, what is wrong and where it went).
struct ProfileLoadResult
{
    QList<ConnectionProfile> profiles;
    QStringList problems;
};

// Connection profiles on disk, one JSON file per profile ("<id>.json") in one
// directory, each written atomically (QSaveFile) and readable by the owner
// only. One broken file never costs the others: it is reported, renamed to
// "*.corrupt" and left for the user to inspect. Passwords are never written.
class ProfileStore final : public QObject
{
    Q_OBJECT
public:
    // Uses defaultDirectory().
    explicit ProfileStore(QObject *parent = nullptr);
    // For tests and portable setups.
    explicit ProfileStore(const QString &directory, QObject *parent = nullptr);

    // QStandardPaths::AppConfigLocation + "/connections".
    static QString defaultDirectory();
    QString directory() const { return m_directory; }

    // Reads every profile file, replacing what is in memory.
    ProfileLoadResult load();
    QStringList lastLoadProblems() const { return m_lastProblems; }

    // Sorted by name (case-insensitive).
    QList<ConnectionProfile> profiles() const;
    std::optional<ConnectionProfile> profile(const QUuid &id) const;
    bool contains(const QUuid &id) const { return m_entries.contains(id); }
    int count() const { return int(m_entries.size()); }

    // Validates and writes a new profile (an id is made when it has none).
    // Returns its id, or a null id with the reason in `error`.
    QUuid add(ConnectionProfile profile, QString *error = nullptr);
    bool update(const ConnectionProfile &profile, QString *error = nullptr);
    bool remove(const QUuid &id, QString *error = nullptr);
    // A copy named "NAME (copy)" with a new id, saved. Passwords are not copied.
    std::optional<ConnectionProfile> duplicate(const QUuid &id, QString *error = nullptr);

    // The file a profile lives in (for messages and tests).
    QString filePath(const QUuid &id) const;

Q_SIGNALS:
    void profileAdded(const QUuid &id);
    void profileUpdated(const QUuid &id);
    void profileRemoved(const QUuid &id);
    void profilesReloaded();
    // After any of the above: for views that simply re-read profiles().
    void profilesChanged();

private:
    struct Entry
    {
        ConnectionProfile profile;
        QString path;
    };

    bool write(const ConnectionProfile &profile, const QString &path, QString *error);
    QString moveAside(const QString &path, QString *moveError);
    QString uniqueCopyName(const QString &name) const;

    QString m_directory;
    QHash<QUuid, Entry> m_entries;
    QStringList m_lastProblems;
};

} // namespace sightline
