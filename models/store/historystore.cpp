#include "models/store/historystore.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTimeZone>
#include <QVariant>

#include <atomic>
#include <optional>

namespace sightline {

namespace {

std::atomic<quint64> s_nextConnection{1};

QString statusKey(HistoryStatus status)
{
    switch (status) {
    case HistoryStatus::Ok:
        return QStringLiteral("ok");
    case HistoryStatus::Error:
        return QStringLiteral("error");
    case HistoryStatus::Cancelled:
        return QStringLiteral("cancelled");
    }
    return QStringLiteral("error");
}

std::optional<HistoryStatus> statusFromKey(const QString &key)
{
    if (key == QLatin1String("ok"))
        return HistoryStatus::Ok;
    if (key == QLatin1String("error"))
        return HistoryStatus::Error;
    if (key == QLatin1String("cancelled"))
        return HistoryStatus::Cancelled;
    return std::nullopt;
}

// Qt Sql binds a null QString as SQL NULL; the columns are NOT NULL so that
// readers never have to tell NULL from empty.
QString notNull(const QString &s)
{
    return s.isNull() ? QStringLiteral("") : s;
}

// SQLITE_CORRUPT (11) and SQLITE_NOTADB (26): the bytes are not a database we
// can read, as opposed to a file we cannot reach (permissions, a directory).
bool isCorruption(const QSqlError &error)
{
    const QString code = error.nativeErrorCode();
    return code == QLatin1String("11") || code == QLatin1String("26");
}

// An absent or empty file is fine (SQLite starts a new database in it); any
// other regular file must start with SQLite's 16-byte magic string.
bool hasSqliteHeader(const QString &path)
{
    const QFileInfo info(path);
    if (!info.exists() || !info.isFile() || info.size() == 0)
        return true;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return true; // Not readable: let SQLite report why.
    return file.read(16) == QByteArrayView("SQLite format 3\0", 16);
}

QString describe(const QSqlError &error)
{
    const QString text = error.databaseText().isEmpty() ? error.text() : error.databaseText();
    return text.isEmpty() ? HistoryStore::tr("unknown SQLite error") : text;
}

// Schema steps, one list per version; PRAGMA user_version says how many ran.
// Only ever append a step: a file in the wild may be at any earlier version.
const QList<QList<QLatin1String>> &migrations()
{
    static const QList<QList<QLatin1String>> steps = {
        // 1: the history table. AUTOINCREMENT so the id of a removed entry is
        // never reused: a view holding an id must not find another statement.
        // statement_folded is the case-folded text, so search is
        // case-insensitive beyond ASCII (SQLite's LIKE folds ASCII only) and
        // user text never meets LIKE wildcards.
        {
            QLatin1String("CREATE TABLE history ("
                          " id INTEGER PRIMARY KEY AUTOINCREMENT,"
                          " profile_id TEXT NOT NULL,"
                          " connection_name TEXT NOT NULL,"
                          " database_name TEXT NOT NULL,"
                          " statement TEXT NOT NULL,"
                          " statement_folded TEXT NOT NULL,"
                          " started_at_ms INTEGER NOT NULL,"
                          " duration_ms INTEGER NOT NULL,"
                          " row_count INTEGER NOT NULL,"
                          " status TEXT NOT NULL CHECK (status IN ('ok', 'error', 'cancelled')),"
                          " error_sqlstate TEXT NOT NULL,"
                          " error_message TEXT NOT NULL)"),
            // The panel lists newest first, for all profiles or one; these
            // keep that ordered walk (and LIMIT) off a full sort.
            QLatin1String("CREATE INDEX history_by_time ON history (started_at_ms DESC, id DESC)"),
            QLatin1String("CREATE INDEX history_by_profile ON history"
                          " (profile_id, started_at_ms DESC, id DESC)"),
        },
        // 2: editor tab drafts (text autosaved while typing).
        {
            QLatin1String("CREATE TABLE tab_draft ("
                          " id TEXT PRIMARY KEY,"
                          " profile_id TEXT NOT NULL,"
                          " database_name TEXT NOT NULL,"
                          " title TEXT NOT NULL,"
                          " body TEXT NOT NULL,"
                          " cursor_position INTEGER NOT NULL,"
                          " tab_position INTEGER NOT NULL,"
                          " updated_at_ms INTEGER NOT NULL)"),
        },
        // 3: plan history (every plan produced or opened), by query fingerprint.
        {
            QLatin1String("CREATE TABLE plan_snapshot ("
                          " id INTEGER PRIMARY KEY AUTOINCREMENT,"
                          " fingerprint TEXT NOT NULL,"
                          " query TEXT NOT NULL,"
                          " profile_id TEXT NOT NULL,"
                          " connection_name TEXT NOT NULL,"
                          " database_name TEXT NOT NULL,"
                          " server_version TEXT NOT NULL,"
                          " settings TEXT NOT NULL,"
                          " label TEXT NOT NULL,"
                          " created_at_ms INTEGER NOT NULL,"
                          " plan TEXT NOT NULL)"),
            QLatin1String("CREATE INDEX plan_snapshot_by_query ON plan_snapshot"
                          " (fingerprint, created_at_ms DESC, id DESC)"),
        },
    };
    return steps;
}

} // namespace

HistoryStore::HistoryStore(QObject *parent)
    : HistoryStore(defaultPath(), parent)
{}

HistoryStore::HistoryStore(const QString &path, QObject *parent)
    : QObject(parent)
    , m_path(path.isEmpty() ? QString() : QDir::cleanPath(path))
    , m_connectionName(QStringLiteral("sightline-history-%1").arg(s_nextConnection.fetch_add(1)))
{
    static_assert(kSchemaVersion == 3, "add a migration step for the new schema version");
    // A named connection per store: two stores (tests, two windows) never share
    // or close each other's connection.
    QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connectionName);
    open();
}

HistoryStore::~HistoryStore()
{
    closeConnection();
    QSqlDatabase::removeDatabase(m_connectionName);
}

QString HistoryStore::defaultPath()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) +
           QStringLiteral("/history.sqlite");
}

void HistoryStore::open()
{
    if (m_path.isEmpty()) {
        if (!openMemory()) {
            m_openProblem = tr("The history could not be started: %1").arg(m_openProblem);
            m_lastError = m_openProblem;
        }
        return;
    }

    const QString file = QDir::toNativeSeparators(m_path);
    QString problem;
    const OpenResult result = openFile(m_path, &problem);
    if (result == OpenResult::Ok) {
        m_persistent = true;
        return;
    }
    closeConnection();

    if (result == OpenResult::Corrupt) {
        QString moveError;
        const QString aside = moveAside(&moveError);
        if (aside.isEmpty()) {
            m_openProblem = tr("The history file “%1” is damaged (%2) and could not be moved aside "
                               "(%3). History is kept in memory for this session only.")
                                .arg(file, problem, moveError);
        } else {
            QString again;
            if (openFile(m_path, &again) == OpenResult::Ok) {
                m_persistent = true;
                m_openProblem = tr("The history file “%1” was damaged (%2). It was moved aside "
                                   "to “%3” and a new, empty history was started.")
                                    .arg(file, problem, QDir::toNativeSeparators(aside));
                m_lastError = m_openProblem;
                return;
            }
            closeConnection();
            m_openProblem = tr("The history file “%1” was damaged (%2) and was moved aside to "
                               "“%3”, but a new one could not be created (%4). History is kept "
                               "in memory for this session only.")
                                .arg(file, problem, QDir::toNativeSeparators(aside), again);
        }
    } else if (result == OpenResult::Newer) {
        // Like ProfileStore: going back to the newer version must lose nothing.
        m_openProblem = tr("The history file “%1” was written by a newer version of Sightline "
                           "and was left unchanged. History is kept in memory for this session "
                           "only.")
                            .arg(file);
    } else {
        m_openProblem = tr("The history file “%1” could not be opened (%2). History is kept in "
                           "memory for this session only.")
                            .arg(file, problem);
    }

    const QString fileProblem = m_openProblem;
    if (!openMemory())
        m_openProblem =
            tr("%1 Keeping it in memory failed too (%2).").arg(fileProblem, m_openProblem);
    m_lastError = m_openProblem;
}

HistoryStore::OpenResult HistoryStore::openFile(const QString &file, QString *problem)
{
    QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
    if (!db.isValid()) {
        *problem = tr("the Qt SQLite driver (QSQLITE) is not installed");
        return OpenResult::Failed;
    }
    const QString folder = QFileInfo(file).absolutePath();
    if (!QDir().mkpath(folder)) {
        *problem = tr("the folder “%1” could not be created").arg(QDir::toNativeSeparators(folder));
        return OpenResult::Failed;
    }
    // Checked before SQLite sees the file: SQLite would otherwise open (and on
    // close reset) a -wal sidecar next to garbage, and the user would lose
    // bytes we promise to keep aside.
    if (!hasSqliteHeader(file)) {
        *problem = tr("it is not an SQLite database");
        return OpenResult::Corrupt;
    }
    db.setDatabaseName(file);
    // A second Sightline process may hold the write lock for a moment; waiting
    // briefly beats failing a record().
    db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=2000"));
    if (!db.open()) {
        *problem = describe(db.lastError());
        return isCorruption(db.lastError()) ? OpenResult::Corrupt : OpenResult::Failed;
    }
    // Statement text can hold secrets (ALTER ROLE ... PASSWORD): owner only.
    // SQLite gives the -wal and -shm files the same permissions.
    QFile::setPermissions(file, QFile::ReadOwner | QFile::WriteOwner);
    return prepareSchema(problem);
}

bool HistoryStore::openMemory()
{
    m_persistent = false;
    QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
    if (!db.isValid()) {
        m_openProblem = tr("the Qt SQLite driver (QSQLITE) is not installed");
        return false;
    }
    db.setDatabaseName(QStringLiteral(":memory:"));
    db.setConnectOptions(QString());
    if (!db.open()) {
        m_openProblem = describe(db.lastError());
        return false;
    }
    QString problem;
    if (prepareSchema(&problem) != OpenResult::Ok) {
        m_openProblem = problem;
        return false;
    }
    return true;
}

HistoryStore::OpenResult HistoryStore::prepareSchema(QString *problem)
{
    QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
    QSqlQuery q(db);
    auto failed = [&](const QSqlError &error) {
        *problem = describe(error);
        return isCorruption(error) ? OpenResult::Corrupt : OpenResult::Failed;
    };

    // Reading the header is the first real read: garbage fails here.
    if (!q.exec(QStringLiteral("PRAGMA user_version")) || !q.next())
        return failed(q.lastError());
    const int version = q.value(0).toInt();
    q.finish();
    if (version > kSchemaVersion)
        return OpenResult::Newer;

    // WAL: readers never block the writer and a commit is one append, which
    // is what keeps record() cheap enough for the UI thread. NORMAL is still
    // crash-safe in WAL mode; at worst the last statement of a power cut is
    // lost, which history can afford.
    if (!q.exec(QStringLiteral("PRAGMA journal_mode = WAL")))
        return failed(q.lastError());
    q.finish();
    if (!q.exec(QStringLiteral("PRAGMA synchronous = NORMAL")))
        return failed(q.lastError());
    q.finish();

    if (version < kSchemaVersion) {
        if (!db.transaction())
            return failed(db.lastError());
        const auto &steps = migrations();
        for (int step = version; step < kSchemaVersion; ++step) {
            for (const QLatin1String &sql : steps.at(step)) {
                if (!q.exec(sql)) {
                    const OpenResult result = failed(q.lastError());
                    db.rollback();
                    return result;
                }
            }
        }
        // PRAGMA takes no parameters; the number is our own constant.
        if (!q.exec(QStringLiteral("PRAGMA user_version = %1").arg(kSchemaVersion))) {
            const OpenResult result = failed(q.lastError());
            db.rollback();
            return result;
        }
        if (!db.commit()) {
            const OpenResult result = failed(db.lastError());
            db.rollback();
            return result;
        }
        return OpenResult::Ok;
    }

    // A file that claims our version but has no history table is not ours
    // (or lost its schema): treat it like any other unreadable file.
    if (!q.exec(QStringLiteral("SELECT count(*) FROM sqlite_master"
                               " WHERE type = 'table' AND name = 'history'")) ||
        !q.next()) {
        return failed(q.lastError());
    }
    if (q.value(0).toInt() != 1) {
        *problem = tr("it has no history table");
        return OpenResult::Corrupt;
    }
    return OpenResult::Ok;
}

void HistoryStore::closeConnection()
{
    // The handle must be gone before removeDatabase(), hence the scope.
    QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
    if (db.isValid())
        db.close();
}

QString HistoryStore::moveAside(QString *moveError)
{
    if (!QFileInfo(m_path).isFile()) {
        *moveError = tr("it is not a regular file");
        return QString();
    }
    QString target = m_path + QStringLiteral(".corrupt");
    for (int n = 2; QFileInfo::exists(target) || QFileInfo::exists(target + QStringLiteral("-wal"));
         ++n) {
        target = m_path + QStringLiteral(".%1.corrupt").arg(n);
    }
    QFile file(m_path);
    if (!file.rename(target)) {
        *moveError = file.errorString();
        return QString();
    }
    // A journal left next to the new file would be replayed into it; it
    // belongs to the damaged copy, so it travels with it. The -shm file is
    // only an index of the WAL and is rebuilt.
    for (const QLatin1String suffix : {QLatin1String("-wal"), QLatin1String("-journal")}) {
        if (QFileInfo::exists(m_path + suffix))
            QFile::rename(m_path + suffix, target + suffix);
    }
    QFile::remove(m_path + QStringLiteral("-shm"));
    return target;
}

bool HistoryStore::fail(const QString &what, const QString &detail)
{
    m_lastError = tr("%1: %2").arg(what, detail);
    return false;
}

bool HistoryStore::record(const HistoryEntry &entry, qint64 *newId)
{
    QSqlQuery q(QSqlDatabase::database(m_connectionName, false));
    const QString what = tr("The statement could not be saved to the history");
    if (!q.prepare(QStringLiteral(
            "INSERT INTO history (profile_id, connection_name, database_name, statement,"
            " statement_folded, started_at_ms, duration_ms, row_count, status, error_sqlstate,"
            " error_message) VALUES (:profile_id, :connection_name, :database_name, :statement,"
            " :statement_folded, :started_at_ms, :duration_ms, :row_count, :status,"
            " :error_sqlstate, :error_message)"))) {
        return fail(what, describe(q.lastError()));
    }
    // A caller that forgot the start time still gets its statement kept;
    // "now" is the closest honest answer.
    const QDateTime started =
        entry.startedAt.isValid() ? entry.startedAt : QDateTime::currentDateTimeUtc();
    q.bindValue(QStringLiteral(":profile_id"), notNull(entry.profileId));
    q.bindValue(QStringLiteral(":connection_name"), notNull(entry.connectionName));
    q.bindValue(QStringLiteral(":database_name"), notNull(entry.database));
    q.bindValue(QStringLiteral(":statement"), notNull(entry.statement));
    q.bindValue(QStringLiteral(":statement_folded"), notNull(entry.statement.toCaseFolded()));
    q.bindValue(QStringLiteral(":started_at_ms"), started.toMSecsSinceEpoch());
    q.bindValue(QStringLiteral(":duration_ms"), qMax<qint64>(0, entry.durationMs));
    q.bindValue(QStringLiteral(":row_count"), qMax<qint64>(-1, entry.rows));
    q.bindValue(QStringLiteral(":status"), statusKey(entry.status));
    q.bindValue(QStringLiteral(":error_sqlstate"), notNull(entry.errorSqlState));
    q.bindValue(QStringLiteral(":error_message"), notNull(entry.errorMessage));
    if (!q.exec())
        return fail(what, describe(q.lastError()));
    if (newId)
        *newId = q.lastInsertId().toLongLong();
    m_lastError.clear();
    Q_EMIT changed();
    return true;
}

bool HistoryStore::recordPlan(PlanSnapshot &snapshot)
{
    QSqlQuery q(QSqlDatabase::database(m_connectionName, false));
    const QString what = tr("The plan could not be saved to the plan history");
    if (!q.prepare(QStringLiteral(
            "INSERT INTO plan_snapshot (fingerprint, query, profile_id, connection_name,"
            " database_name, server_version, settings, label, created_at_ms, plan) VALUES"
            " (:fingerprint, :query, :profile_id, :connection_name, :database_name,"
            " :server_version, :settings, :label, :created_at_ms, :plan)")))
        return fail(what, describe(q.lastError()));
    if (!snapshot.createdAt.isValid())
        snapshot.createdAt = QDateTime::currentDateTimeUtc();
    q.bindValue(QStringLiteral(":fingerprint"), notNull(snapshot.fingerprint));
    q.bindValue(QStringLiteral(":query"), notNull(snapshot.query));
    q.bindValue(QStringLiteral(":profile_id"), notNull(snapshot.profileId));
    q.bindValue(QStringLiteral(":connection_name"), notNull(snapshot.connectionName));
    q.bindValue(QStringLiteral(":database_name"), notNull(snapshot.database));
    q.bindValue(QStringLiteral(":server_version"), notNull(snapshot.serverVersion));
    q.bindValue(QStringLiteral(":settings"), notNull(snapshot.settings));
    q.bindValue(QStringLiteral(":label"), notNull(snapshot.label));
    q.bindValue(QStringLiteral(":created_at_ms"), snapshot.createdAt.toMSecsSinceEpoch());
    q.bindValue(QStringLiteral(":plan"), notNull(snapshot.plan));
    if (!q.exec())
        return fail(what, describe(q.lastError()));
    snapshot.id = q.lastInsertId().toLongLong();
    m_lastError.clear();
    Q_EMIT plansChanged();
    return true;
}

static PlanSnapshot snapshotFrom(const QSqlQuery &q)
{
    PlanSnapshot s;
    s.id = q.value(0).toLongLong();
    s.fingerprint = q.value(1).toString();
    s.query = q.value(2).toString();
    s.profileId = q.value(3).toString();
    s.connectionName = q.value(4).toString();
    s.database = q.value(5).toString();
    s.serverVersion = q.value(6).toString();
    s.settings = q.value(7).toString();
    s.label = q.value(8).toString();
    s.createdAt = QDateTime::fromMSecsSinceEpoch(q.value(9).toLongLong()).toUTC();
    s.plan = q.value(10).toString();
    return s;
}

QList<PlanSnapshot> HistoryStore::plans(const QString &fingerprint, int limit)
{
    QList<PlanSnapshot> result;
    QSqlQuery q(QSqlDatabase::database(m_connectionName, false));
    q.setForwardOnly(true);
    const QString what = tr("The plan history could not be read");
    QString sql =
        QStringLiteral("SELECT id, fingerprint, query, profile_id, connection_name, database_name,"
                       " server_version, settings, label, created_at_ms, plan FROM plan_snapshot");
    if (!fingerprint.isEmpty())
        sql += QStringLiteral(" WHERE fingerprint = :fingerprint");
    sql += QStringLiteral(" ORDER BY created_at_ms DESC, id DESC LIMIT :limit");
    if (!q.prepare(sql)) {
        fail(what, describe(q.lastError()));
        return result;
    }
    if (!fingerprint.isEmpty())
        q.bindValue(QStringLiteral(":fingerprint"), fingerprint);
    q.bindValue(QStringLiteral(":limit"), limit > 0 ? limit : -1);
    if (!q.exec()) {
        fail(what, describe(q.lastError()));
        return result;
    }
    while (q.next())
        result << snapshotFrom(q);
    m_lastError.clear();
    return result;
}

std::optional<PlanSnapshot> HistoryStore::plan(qint64 id)
{
    QSqlQuery q(QSqlDatabase::database(m_connectionName, false));
    const QString what = tr("The plan could not be read");
    if (!q.prepare(QStringLiteral(
            "SELECT id, fingerprint, query, profile_id, connection_name, database_name,"
            " server_version, settings, label, created_at_ms, plan FROM plan_snapshot"
            " WHERE id = :id"))) {
        fail(what, describe(q.lastError()));
        return std::nullopt;
    }
    q.bindValue(QStringLiteral(":id"), id);
    if (!q.exec()) {
        fail(what, describe(q.lastError()));
        return std::nullopt;
    }
    m_lastError.clear();
    if (!q.next())
        return std::nullopt;
    return snapshotFrom(q);
}

bool HistoryStore::removePlan(qint64 id)
{
    QSqlQuery q(QSqlDatabase::database(m_connectionName, false));
    const QString what = tr("The plan could not be removed");
    if (!q.prepare(QStringLiteral("DELETE FROM plan_snapshot WHERE id = :id")))
        return fail(what, describe(q.lastError()));
    q.bindValue(QStringLiteral(":id"), id);
    if (!q.exec())
        return fail(what, describe(q.lastError()));
    m_lastError.clear();
    const bool removed = q.numRowsAffected() > 0;
    if (removed)
        Q_EMIT plansChanged();
    return removed;
}

bool HistoryStore::saveDraft(const TabDraft &draft)
{
    QSqlQuery q(QSqlDatabase::database(m_connectionName, false));
    const QString what = tr("The tab's text could not be saved");
    if (!q.prepare(QStringLiteral(
            "INSERT OR REPLACE INTO tab_draft (id, profile_id, database_name, title, body,"
            " cursor_position, tab_position, updated_at_ms) VALUES (:id, :profile_id,"
            " :database_name, :title, :body, :cursor_position, :tab_position, :updated_at_ms)")))
        return fail(what, describe(q.lastError()));
    const QDateTime updated =
        draft.updatedAt.isValid() ? draft.updatedAt : QDateTime::currentDateTimeUtc();
    q.bindValue(QStringLiteral(":id"), notNull(draft.id));
    q.bindValue(QStringLiteral(":profile_id"), notNull(draft.profileId));
    q.bindValue(QStringLiteral(":database_name"), notNull(draft.database));
    q.bindValue(QStringLiteral(":title"), notNull(draft.title));
    q.bindValue(QStringLiteral(":body"), notNull(draft.text));
    q.bindValue(QStringLiteral(":cursor_position"), qMax(0, draft.cursor));
    q.bindValue(QStringLiteral(":tab_position"), draft.position);
    q.bindValue(QStringLiteral(":updated_at_ms"), updated.toMSecsSinceEpoch());
    if (!q.exec())
        return fail(what, describe(q.lastError()));
    m_lastError.clear();
    return true;
}

bool HistoryStore::removeDraft(const QString &id)
{
    QSqlQuery q(QSqlDatabase::database(m_connectionName, false));
    const QString what = tr("The tab's saved text could not be removed");
    if (!q.prepare(QStringLiteral("DELETE FROM tab_draft WHERE id = :id")))
        return fail(what, describe(q.lastError()));
    q.bindValue(QStringLiteral(":id"), id);
    if (!q.exec())
        return fail(what, describe(q.lastError()));
    m_lastError.clear();
    return true;
}

QList<TabDraft> HistoryStore::drafts(const QString &profileId)
{
    QList<TabDraft> result;
    QSqlQuery q(QSqlDatabase::database(m_connectionName, false));
    q.setForwardOnly(true);
    const QString what = tr("The saved tabs could not be read");
    QString sql = QStringLiteral("SELECT id, profile_id, database_name, title, body,"
                                 " cursor_position, tab_position, updated_at_ms FROM tab_draft");
    if (!profileId.isEmpty())
        sql += QStringLiteral(" WHERE profile_id = :profile_id");
    sql += QStringLiteral(" ORDER BY tab_position, updated_at_ms");
    if (!q.prepare(sql)) {
        fail(what, describe(q.lastError()));
        return result;
    }
    if (!profileId.isEmpty())
        q.bindValue(QStringLiteral(":profile_id"), profileId);
    if (!q.exec()) {
        fail(what, describe(q.lastError()));
        return result;
    }
    while (q.next()) {
        TabDraft draft;
        draft.id = q.value(0).toString();
        draft.profileId = q.value(1).toString();
        draft.database = q.value(2).toString();
        draft.title = q.value(3).toString();
        draft.text = q.value(4).toString();
        draft.cursor = q.value(5).toInt();
        draft.position = q.value(6).toInt();
        draft.updatedAt = QDateTime::fromMSecsSinceEpoch(q.value(7).toLongLong()).toUTC();
        result << draft;
    }
    m_lastError.clear();
    return result;
}

QList<HistoryEntry> HistoryStore::search(const HistoryQuery &query)
{
    QList<HistoryEntry> entries;
    const QString what = tr("The history could not be searched");

    // Only fixed fragments are chosen here; every value is bound. Leaving a
    // filter out entirely (rather than "? = '' OR ...") lets SQLite use the
    // matching index.
    QStringList where;
    if (!query.profileId.isEmpty())
        where << QStringLiteral("profile_id = :profile_id");
    if (!query.text.isEmpty())
        where << QStringLiteral("instr(statement_folded, :needle) > 0");
    QString sql = QStringLiteral(
        "SELECT id, profile_id, connection_name, database_name, statement, started_at_ms,"
        " duration_ms, row_count, status, error_sqlstate, error_message FROM history");
    if (!where.isEmpty())
        sql += QStringLiteral(" WHERE ") + where.join(QStringLiteral(" AND "));
    sql += QStringLiteral(" ORDER BY started_at_ms DESC, id DESC LIMIT :limit OFFSET :offset");

    QSqlQuery q(QSqlDatabase::database(m_connectionName, false));
    q.setForwardOnly(true);
    if (!q.prepare(sql)) {
        fail(what, describe(q.lastError()));
        return entries;
    }
    if (!query.profileId.isEmpty())
        q.bindValue(QStringLiteral(":profile_id"), query.profileId);
    if (!query.text.isEmpty())
        q.bindValue(QStringLiteral(":needle"), query.text.toCaseFolded());
    // SQLite reads a negative LIMIT as "no limit".
    q.bindValue(QStringLiteral(":limit"), query.limit > 0 ? query.limit : -1);
    q.bindValue(QStringLiteral(":offset"), qMax(0, query.offset));
    if (!q.exec()) {
        fail(what, describe(q.lastError()));
        return entries;
    }
    while (q.next()) {
        HistoryEntry e;
        e.id = q.value(0).toLongLong();
        e.profileId = q.value(1).toString();
        e.connectionName = q.value(2).toString();
        e.database = q.value(3).toString();
        e.statement = q.value(4).toString();
        // toUTC() gives Qt::UTC on every Qt 6; the QTimeZone overload reports
        // Qt::TimeZone before 6.5.
        e.startedAt = QDateTime::fromMSecsSinceEpoch(q.value(5).toLongLong()).toUTC();
        e.durationMs = q.value(6).toLongLong();
        e.rows = q.value(7).toLongLong();
        // The CHECK constraint makes an unknown key impossible in our own
        // files; should one appear anyway, showing it as an error is safest.
        e.status = statusFromKey(q.value(8).toString()).value_or(HistoryStatus::Error);
        e.errorSqlState = q.value(9).toString();
        e.errorMessage = q.value(10).toString();
        entries << e;
    }
    if (q.lastError().isValid()) {
        fail(what, describe(q.lastError()));
        return {};
    }
    m_lastError.clear();
    return entries;
}

bool HistoryStore::remove(qint64 id)
{
    QSqlQuery q(QSqlDatabase::database(m_connectionName, false));
    const QString what = tr("The history entry could not be removed");
    if (!q.prepare(QStringLiteral("DELETE FROM history WHERE id = :id")))
        return fail(what, describe(q.lastError()));
    q.bindValue(QStringLiteral(":id"), id);
    if (!q.exec())
        return fail(what, describe(q.lastError()));
    if (q.numRowsAffected() < 1)
        return fail(what, tr("there is no entry with id %1").arg(id));
    m_lastError.clear();
    Q_EMIT changed();
    return true;
}

bool HistoryStore::clear(const QString &profileId)
{
    QSqlQuery q(QSqlDatabase::database(m_connectionName, false));
    const QString what = tr("The history could not be cleared");
    const bool all = profileId.isEmpty();
    if (!q.prepare(all ? QStringLiteral("DELETE FROM history")
                       : QStringLiteral("DELETE FROM history WHERE profile_id = :profile_id"))) {
        return fail(what, describe(q.lastError()));
    }
    if (!all)
        q.bindValue(QStringLiteral(":profile_id"), profileId);
    if (!q.exec())
        return fail(what, describe(q.lastError()));
    m_lastError.clear();
    if (q.numRowsAffected() > 0)
        Q_EMIT changed();
    return true;
}

int HistoryStore::count(const QString &profileId)
{
    QSqlQuery q(QSqlDatabase::database(m_connectionName, false));
    const QString what = tr("The history entries could not be counted");
    const bool all = profileId.isEmpty();
    if (!q.prepare(all ? QStringLiteral("SELECT count(*) FROM history")
                       : QStringLiteral("SELECT count(*) FROM history"
                                        " WHERE profile_id = :profile_id"))) {
        fail(what, describe(q.lastError()));
        return -1;
    }
    if (!all)
        q.bindValue(QStringLiteral(":profile_id"), profileId);
    if (!q.exec() || !q.next()) {
        fail(what, describe(q.lastError()));
        return -1;
    }
    m_lastError.clear();
    return q.value(0).toInt();
}

} // namespace sightline
