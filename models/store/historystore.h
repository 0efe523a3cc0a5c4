#pragma once

#include <QDateTime>
#include <QList>
#include <QMetaType>
#include <QObject>
#include <QString>

#include <optional>

namespace sightline {

enum class HistoryStatus
{
    Ok,
    Error,
    Cancelled,
};

// One executed statement as the history keeps it.
struct HistoryEntry
{
    // Assigned by the store; 0 for an entry that was never recorded.
    qint64 id = 0;
    // The connection profile's id (text, so the store never depends on QUuid
    // formatting choices of the caller).
    QString profileId;
    // The profile's display name at the time of execution: a renamed or
    // deleted profile must not rewrite what the history says happened.
    QString connectionName;
    QString database;
    // Stored verbatim, whatever it contains.
    QString statement;
    // Kept as UTC milliseconds since the epoch; read back as UTC.
    QDateTime startedAt;
    qint64 durationMs = 0;
    // -1 when unknown (errors, cancelled before any row, commands).
    qint64 rows = -1;
    HistoryStatus status = HistoryStatus::Ok;
    QString errorSqlState;
    QString errorMessage;

    friend bool operator==(const HistoryEntry &, const HistoryEntry &) = default;
};

struct HistoryQuery
{
    // Substring of the statement text, case-insensitive (Unicode case
    // folding, not just ASCII); empty matches everything.
    QString text;
    // Empty means every profile.
    QString profileId;
    // Newest first; limit <= 0 means no limit.
    int limit = 500;
    int offset = 0;

    friend bool operator==(const HistoryQuery &, const HistoryQuery &) = default;
};

// The text of an editor tab, kept so it survives a crash or a restart.
struct TabDraft
{
    QString id; // chosen by the tab (a UUID); saving again replaces the text
    QString profileId;
    QString database;
    QString title;
    QString text;
    int cursor = 0;
    int position = 0; // order among the profile's tabs
    QDateTime updatedAt;

    friend bool operator==(const TabDraft &, const TabDraft &) = default;
};

// A plan the app produced or opened, with what it takes to understand it later.
struct PlanSnapshot
{
    qint64 id = 0;       // assigned by the store
    QString fingerprint; // queryFingerprint() of the query: groups runs of one query
    QString query;       // the statement (may be empty for a plan pasted without it)
    QString profileId;   // empty for a plan opened from a file
    QString connectionName;
    QString database;
    QString serverVersion;
    QString settings;    // "name = value" lines (EXPLAIN SETTINGS or the session's changes)
    QString label;       // "before", "after CREATE INDEX …", "work_mem = 256MB", a file name
    QDateTime createdAt; // UTC
    QString plan;        // the EXPLAIN output as read (JSON or TEXT)

    friend bool operator==(const PlanSnapshot &, const PlanSnapshot &) = default;
};

// Statement history (and the editor tabs' drafts, and plan snapshots) in a local SQLite file,
// through Qt Sql.
//
// Threading and cost: the store belongs to the thread that made it (a Qt Sql
// connection may only be used there), normally the UI thread. That is fine
// because every write is one small single-row INSERT/DELETE in WAL mode with
// synchronous=NORMAL: no fsync per commit, well under a millisecond on a local
// disk. Do not put bulk imports through it.
//
// Failure policy: the store never refuses to work. When the file cannot be
// opened, was written by a newer Sightline, or is not a usable SQLite
// database, openProblem() says so in words, and the store keeps this
// session's history in memory (isPersistent() is false) so running queries
// is never blocked by a history problem. A corrupt file (including its -wal
// sidecar) is renamed to "*.corrupt" (like ProfileStore does) and a fresh
// file takes its place; a newer version's file is left untouched.
class HistoryStore final : public QObject
{
    Q_OBJECT
public:
    // The schema this code writes; PRAGMA user_version holds it in the file.
    static constexpr int kSchemaVersion = 3;

    // Uses defaultPath().
    explicit HistoryStore(QObject *parent = nullptr);
    // For tests and portable setups. An empty path gives a memory-only store.
    explicit HistoryStore(const QString &path, QObject *parent = nullptr);
    ~HistoryStore() override;

    // QStandardPaths::AppDataLocation + "/history.sqlite".
    static QString defaultPath();

    QString path() const { return m_path; }
    // False when the history lives in memory only (see openProblem()).
    bool isPersistent() const { return m_persistent; }
    // Why the file at path() is not in use (or was replaced); empty when fine.
    QString openProblem() const { return m_openProblem; }
    // The message of the last failed operation; cleared by a successful one.
    QString lastError() const { return m_lastError; }

    // Ignores entry.id; the new id goes to *newId when given.
    bool record(const HistoryEntry &entry, qint64 *newId = nullptr);
    // Empty list on error (see lastError()).
    QList<HistoryEntry> search(const HistoryQuery &query);
    // False when no entry has this id or on error.
    bool remove(qint64 id);
    // Removes one profile's entries, or everything when profileId is empty.
    bool clear(const QString &profileId = QString());
    // Number of entries (of one profile when given); -1 on error.
    int count(const QString &profileId = QString());

    // Tab drafts: saved while the user types, removed when the tab is closed,
    // read back when the connection opens again.
    bool saveDraft(const TabDraft &draft);
    bool removeDraft(const QString &id);
    // Of one profile (all when empty), in tab order; empty on error.
    QList<TabDraft> drafts(const QString &profileId = QString());

    // Plan history. recordPlan() sets snapshot.id; plans() lists newest first,
    // of one query (fingerprint) or all when empty, at most `limit`.
    bool recordPlan(PlanSnapshot &snapshot);
    QList<PlanSnapshot> plans(const QString &fingerprint = QString(), int limit = 200);
    std::optional<PlanSnapshot> plan(qint64 id);
    bool removePlan(qint64 id);

Q_SIGNALS:
    // Plan history changed (a plan recorded or removed).
    void plansChanged();
    // After record/remove/clear changed something, for views that reload.
    void changed();

private:
    enum class OpenResult
    {
        Ok,
        Corrupt,
        Newer,
        Failed,
    };

    void open();
    OpenResult openFile(const QString &file, QString *problem);
    bool openMemory();
    OpenResult prepareSchema(QString *problem);
    void closeConnection();
    QString moveAside(QString *moveError);
    bool fail(const QString &what, const QString &detail);

    QString m_path;
    QString m_connectionName;
    bool m_persistent = false;
    QString m_openProblem;
    QString m_lastError;
};

} // namespace sightline

Q_DECLARE_METATYPE(sightline::PlanSnapshot)
