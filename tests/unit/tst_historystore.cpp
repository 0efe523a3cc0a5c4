#include "models/store/historymodel.h"
#include "models/store/historystore.h"

#include <QAbstractItemModelTester>
#include <QDir>
#include <QFile>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>

using namespace sightline;

namespace {

const QDateTime kBase = QDateTime(QDate(2024, 3, 1), QTime(12, 0), QTimeZone::utc());

HistoryEntry makeEntry(const QString &profile, const QString &statement, int minute,
                       HistoryStatus status = HistoryStatus::Ok)
{
    HistoryEntry e;
    e.profileId = profile;
    e.connectionName = QStringLiteral("conn-%1").arg(profile);
    e.database = QStringLiteral("db-%1").arg(profile);
    e.statement = statement;
    e.startedAt = kBase.addSecs(60 * minute);
    e.durationMs = 10 * minute + 3;
    e.rows = minute;
    e.status = status;
    if (status == HistoryStatus::Error) {
        e.rows = -1;
        e.errorSqlState = QStringLiteral("42P01");
        e.errorMessage = QStringLiteral("relation \"nope\" does not exist");
    }
    return e;
}

QStringList statements(const QList<HistoryEntry> &entries)
{
    QStringList list;
    for (const HistoryEntry &e : entries)
        list << e.statement;
    return list;
}

QByteArray readAll(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return file.readAll();
}

bool writeFile(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) &&
           file.write(bytes) == bytes.size();
}

// Reads a PRAGMA through a connection of the test's own, to check what is
// really in the file rather than what the store believes.
QVariant pragma(const QString &path, const QString &name)
{
    const QString connection = QStringLiteral("tst-pragma");
    QVariant value;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), connection);
        db.setDatabaseName(path);
        if (db.open()) {
            QSqlQuery q(db);
            if (q.exec(QStringLiteral("PRAGMA ") + name) && q.next())
                value = q.value(0);
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(connection);
    return value;
}

void execOn(const QString &path, const QString &sql)
{
    const QString connection = QStringLiteral("tst-exec");
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), connection);
        db.setDatabaseName(path);
        QVERIFY(db.open());
        QSqlQuery q(db);
        QVERIFY2(q.exec(sql), qPrintable(q.lastError().text()));
        db.close();
    }
    QSqlDatabase::removeDatabase(connection);
}

} // namespace

class TestHistoryStore : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();

    void recordAndSearch();
    void searchIsCaseInsensitiveBeyondAscii();
    void limitAndOffset();
    void persistsAcrossRestart();
    void fileUsesWalAndSchemaVersion();
    void storedVerbatim_data();
    void storedVerbatim();
    void removeAndClear();
    void idsAreNotReused();
    void corruptFileIsMovedAsideAndReplaced();
    void secondCorruptionKeepsFirstCopy();
    void corruptFileTakesItsWalAlong();
    void damagedSqliteFileIsMovedAside();
    void foreignDatabaseIsMovedAside();
    void unopenablePathFallsBackToMemory();
    void newerSchemaIsLeftUntouched();
    void storesAreIndependent();
    void changedSignal();
    void draftsSaveReplaceAndRemove();
    void draftsSurviveRestart();
    void versionOneFileGainsDrafts();
    void planSnapshotsByQuery();

    void modelUnderTester();
    void modelDisplayAndRoles();
    void modelOutlivesStore();
    void statementSummary_data();
    void statementSummary();
    void formatDuration();

private:
    QString dbPath() const { return m_dir->filePath(QStringLiteral("history.sqlite")); }

    std::unique_ptr<QTemporaryDir> m_dir;
};

void TestHistoryStore::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void TestHistoryStore::recordAndSearch()
{
    HistoryStore store(dbPath());
    QVERIFY2(store.openProblem().isEmpty(), qPrintable(store.openProblem()));
    QVERIFY(store.isPersistent());
    QCOMPARE(store.count(), 0);

    // Recorded out of time order: the order must come from started_at.
    QVERIFY(store.record(makeEntry(QStringLiteral("a"), QStringLiteral("select 2"), 2)));
    QVERIFY(store.record(makeEntry(QStringLiteral("b"), QStringLiteral("SELECT 3 FROM t"), 3)));
    QVERIFY(store.record(makeEntry(QStringLiteral("a"), QStringLiteral("select 1"), 1)));
    QVERIFY(store.record(makeEntry(QStringLiteral("a"), QStringLiteral("update t set x = 4"), 4,
                                   HistoryStatus::Error)));
    QCOMPARE(store.count(), 4);
    QCOMPARE(store.count(QStringLiteral("a")), 3);
    QCOMPARE(store.count(QStringLiteral("none")), 0);

    QCOMPARE(statements(store.search({})),
             QStringList({QStringLiteral("update t set x = 4"), QStringLiteral("SELECT 3 FROM t"),
                          QStringLiteral("select 2"), QStringLiteral("select 1")}));

    HistoryQuery text;
    text.text = QStringLiteral("Select");
    QCOMPARE(statements(store.search(text)),
             QStringList({QStringLiteral("SELECT 3 FROM t"), QStringLiteral("select 2"),
                          QStringLiteral("select 1")}));

    HistoryQuery profile;
    profile.profileId = QStringLiteral("a");
    QCOMPARE(statements(store.search(profile)),
             QStringList({QStringLiteral("update t set x = 4"), QStringLiteral("select 2"),
                          QStringLiteral("select 1")}));

    HistoryQuery both = profile;
    both.text = QStringLiteral("SELECT");
    QCOMPARE(statements(store.search(both)),
             QStringList({QStringLiteral("select 2"), QStringLiteral("select 1")}));

    HistoryQuery nothing;
    nothing.text = QStringLiteral("delete");
    QVERIFY(store.search(nothing).isEmpty());
    QVERIFY(store.lastError().isEmpty());

    // Every field comes back as it went in.
    const QList<HistoryEntry> failed = store.search(profile);
    HistoryEntry expected = makeEntry(QStringLiteral("a"), QStringLiteral("update t set x = 4"), 4,
                                      HistoryStatus::Error);
    expected.id = failed.constFirst().id;
    QCOMPARE(failed.constFirst(), expected);
    QCOMPARE(failed.constFirst().startedAt.timeSpec(), Qt::UTC);
}

void TestHistoryStore::searchIsCaseInsensitiveBeyondAscii()
{
    HistoryStore store(dbPath());
    QVERIFY(
        store.record(makeEntry(QStringLiteral("p"), QStringLiteral("SELECT 'ÄRGER Ωmega'"), 1)));
    QVERIFY(store.record(makeEntry(QStringLiteral("p"), QStringLiteral("select 100%"), 2)));
    QVERIFY(store.record(makeEntry(QStringLiteral("p"), QStringLiteral("select 1000"), 3)));

    HistoryQuery q;
    q.text = QStringLiteral("ärger ωMEGA");
    QCOMPARE(statements(store.search(q)), QStringList({QStringLiteral("SELECT 'ÄRGER Ωmega'")}));
    // LIKE wildcards in the search text are just characters.
    q.text = QStringLiteral("100%");
    QCOMPARE(statements(store.search(q)), QStringList({QStringLiteral("select 100%")}));
    q.text = QStringLiteral("_");
    QVERIFY(store.search(q).isEmpty());
}

void TestHistoryStore::limitAndOffset()
{
    HistoryStore store(dbPath());
    for (int i = 0; i < 10; ++i)
        QVERIFY(
            store.record(makeEntry(QStringLiteral("p"), QStringLiteral("select %1").arg(i), i)));

    HistoryQuery q;
    q.limit = 3;
    QCOMPARE(statements(store.search(q)),
             QStringList({QStringLiteral("select 9"), QStringLiteral("select 8"),
                          QStringLiteral("select 7")}));
    q.offset = 8;
    QCOMPARE(statements(store.search(q)),
             QStringList({QStringLiteral("select 1"), QStringLiteral("select 0")}));
    q.limit = 0;
    q.offset = 0;
    QCOMPARE(store.search(q).size(), 10);

    // Same start time: the later insert is newer.
    QVERIFY(store.record(makeEntry(QStringLiteral("p"), QStringLiteral("tie first"), 20)));
    QVERIFY(store.record(makeEntry(QStringLiteral("p"), QStringLiteral("tie second"), 20)));
    q.limit = 2;
    QCOMPARE(statements(store.search(q)),
             QStringList({QStringLiteral("tie second"), QStringLiteral("tie first")}));
}

void TestHistoryStore::persistsAcrossRestart()
{
    QList<HistoryEntry> before;
    {
        HistoryStore store(dbPath());
        QVERIFY(store.record(makeEntry(QStringLiteral("a"), QStringLiteral("select 1"), 1)));
        QVERIFY(store.record(makeEntry(QStringLiteral("b"), QStringLiteral("select 2"), 2,
                                       HistoryStatus::Cancelled)));
        QVERIFY(store.record(
            makeEntry(QStringLiteral("a"), QStringLiteral("select x"), 3, HistoryStatus::Error)));
        before = store.search({});
        QCOMPARE(before.size(), 3);
    }
    HistoryStore reopened(dbPath());
    QVERIFY2(reopened.openProblem().isEmpty(), qPrintable(reopened.openProblem()));
    QVERIFY(reopened.isPersistent());
    QCOMPARE(reopened.search({}), before);
    QVERIFY(reopened.record(makeEntry(QStringLiteral("a"), QStringLiteral("select 4"), 4)));
    QCOMPARE(reopened.count(), 4);
}

void TestHistoryStore::fileUsesWalAndSchemaVersion()
{
    {
        HistoryStore store(dbPath());
        QVERIFY(store.record(makeEntry(QStringLiteral("a"), QStringLiteral("select 1"), 1)));
    }
    QCOMPARE(pragma(dbPath(), QStringLiteral("user_version")).toInt(),
             HistoryStore::kSchemaVersion);
    QCOMPARE(pragma(dbPath(), QStringLiteral("journal_mode")).toString(), QStringLiteral("wal"));
    const QFile::Permissions perms = QFile::permissions(dbPath());
    QVERIFY(!(perms & (QFile::ReadGroup | QFile::ReadOther)));
}

void TestHistoryStore::storedVerbatim_data()
{
    QTest::addColumn<QString>("text");
    QTest::newRow("quotes") << QStringLiteral("select 'it''s', \"Quoted Id\", E'\\'' from t");
    QTest::newRow("injection") << QStringLiteral("x'); DROP TABLE history; --");
    QTest::newRow("semicolons") << QStringLiteral("select 1; select 2;; ;");
    QTest::newRow("placeholders") << QStringLiteral("select :id, ?, $1, @x, %s, ?1");
    QTest::newRow("dollar") << QStringLiteral("do $f$ begin raise notice ';'; end $f$;");
    QTest::newRow("unicode") << QStringLiteral("select 'ünïcødé ☃ 🐘 中文 עברית'");
    QTest::newRow("whitespace") << QStringLiteral("\r\n\tselect\r\n  1\t\n\n");
    QTest::newRow("nul") << QStringLiteral("select 'a") + QChar(0) + QStringLiteral("b'");
    QTest::newRow("long") << QStringLiteral("select '%1'").arg(QString(1 << 20, QLatin1Char('x')));
    QTest::newRow("empty") << QString();
}

void TestHistoryStore::storedVerbatim()
{
    QFETCH(QString, text);
    {
        HistoryStore store(dbPath());
        HistoryEntry e = makeEntry(text, text, 1, HistoryStatus::Error);
        e.connectionName = text;
        e.database = text;
        e.errorSqlState = text.left(5);
        e.errorMessage = text;
        qint64 id = 0;
        QVERIFY2(store.record(e, &id), qPrintable(store.lastError()));
        QVERIFY(id > 0);
        e.id = id;
        const QList<HistoryEntry> found = store.search({});
        QCOMPARE(found.size(), 1);
        QCOMPARE(found.constFirst(), e);
        QCOMPARE(found.constFirst().statement.size(), text.size());
    }
    // The table is still there and holds exactly one row after a restart.
    HistoryStore reopened(dbPath());
    QVERIFY(reopened.openProblem().isEmpty());
    QCOMPARE(reopened.count(), 1);
    QCOMPARE(reopened.search({}).constFirst().statement, text);
    if (!text.isEmpty()) {
        HistoryQuery q;
        q.text = text;
        QCOMPARE(reopened.search(q).size(), 1);
        q.profileId = text;
        QCOMPARE(reopened.search(q).size(), 1);
        QVERIFY(reopened.clear(text));
        QCOMPARE(reopened.count(), 0);
    }
}

void TestHistoryStore::removeAndClear()
{
    HistoryStore store(dbPath());
    qint64 idA1 = 0;
    QVERIFY(store.record(makeEntry(QStringLiteral("a"), QStringLiteral("a1"), 1), &idA1));
    QVERIFY(store.record(makeEntry(QStringLiteral("a"), QStringLiteral("a2"), 2)));
    QVERIFY(store.record(makeEntry(QStringLiteral("b"), QStringLiteral("b1"), 3)));
    QVERIFY(store.record(makeEntry(QStringLiteral("b"), QStringLiteral("b2"), 4)));

    QVERIFY(store.remove(idA1));
    QCOMPARE(statements(store.search({})),
             QStringList({QStringLiteral("b2"), QStringLiteral("b1"), QStringLiteral("a2")}));
    QVERIFY(!store.remove(idA1));
    QVERIFY(!store.lastError().isEmpty());
    QVERIFY(!store.remove(-5));

    QVERIFY(store.clear(QStringLiteral("b")));
    QVERIFY(store.lastError().isEmpty());
    QCOMPARE(statements(store.search({})), QStringList({QStringLiteral("a2")}));
    QVERIFY(store.clear(QStringLiteral("no such profile")));
    QCOMPARE(store.count(), 1);

    QVERIFY(store.record(makeEntry(QStringLiteral("c"), QStringLiteral("c1"), 5)));
    QVERIFY(store.clear());
    QCOMPARE(store.count(), 0);
    QVERIFY(store.search({}).isEmpty());
}

void TestHistoryStore::idsAreNotReused()
{
    HistoryStore store(dbPath());
    qint64 first = 0;
    qint64 second = 0;
    QVERIFY(store.record(makeEntry(QStringLiteral("a"), QStringLiteral("one"), 1), &first));
    QVERIFY(store.remove(first));
    QVERIFY(store.record(makeEntry(QStringLiteral("a"), QStringLiteral("two"), 2), &second));
    QVERIFY(second > first);
}

void TestHistoryStore::corruptFileIsMovedAsideAndReplaced()
{
    QByteArray garbage;
    for (int i = 0; i < 4096; ++i)
        garbage.append(char((i * 7919) % 251));
    QVERIFY(writeFile(dbPath(), garbage));

    {
        HistoryStore store(dbPath());
        const QString problem = store.openProblem();
        QVERIFY(!problem.isEmpty());
        QVERIFY2(problem.contains(QDir::toNativeSeparators(dbPath())), qPrintable(problem));
        QVERIFY2(problem.contains(QStringLiteral(".corrupt")), qPrintable(problem));
        QCOMPARE(store.lastError(), problem);
        // A fresh file took its place: the history keeps persisting.
        QVERIFY(store.isPersistent());
        QCOMPARE(readAll(dbPath() + QStringLiteral(".corrupt")), garbage);

        QCOMPARE(store.count(), 0);
        QVERIFY(store.record(makeEntry(QStringLiteral("a"), QStringLiteral("select 1"), 1)));
        QCOMPARE(statements(store.search({})), QStringList({QStringLiteral("select 1")}));
        QVERIFY(store.lastError().isEmpty());
    }
    HistoryStore reopened(dbPath());
    QVERIFY(reopened.openProblem().isEmpty());
    QCOMPARE(reopened.count(), 1);
}

void TestHistoryStore::secondCorruptionKeepsFirstCopy()
{
    QVERIFY(writeFile(dbPath(), QByteArray(2048, 'A')));
    {
        HistoryStore store(dbPath());
    }
    QVERIFY(writeFile(dbPath(), QByteArray(2048, 'B')));
    HistoryStore store(dbPath());
    QVERIFY(store.isPersistent());
    QCOMPARE(readAll(dbPath() + QStringLiteral(".corrupt")), QByteArray(2048, 'A'));
    QCOMPARE(readAll(dbPath() + QStringLiteral(".2.corrupt")), QByteArray(2048, 'B'));
    QVERIFY(store.openProblem().contains(QStringLiteral(".2.corrupt")));
}

void TestHistoryStore::corruptFileTakesItsWalAlong()
{
    QVERIFY(writeFile(dbPath(), QByteArray(2048, 'C')));
    QVERIFY(writeFile(dbPath() + QStringLiteral("-wal"), QByteArray(100, 'W')));
    HistoryStore store(dbPath());
    QVERIFY(store.isPersistent());
    QCOMPARE(readAll(dbPath() + QStringLiteral(".corrupt-wal")), QByteArray(100, 'W'));
    QVERIFY(store.record(makeEntry(QStringLiteral("a"), QStringLiteral("select 1"), 1)));
    QCOMPARE(store.count(), 1);
}

void TestHistoryStore::damagedSqliteFileIsMovedAside()
{
    // The right magic string, then nonsense: SQLite itself must reject it.
    QByteArray bytes = QByteArray("SQLite format 3", 16);
    bytes.append(QByteArray(4080, char(0xA5)));
    QVERIFY(writeFile(dbPath(), bytes));
    HistoryStore store(dbPath());
    QVERIFY2(!store.openProblem().isEmpty(), "damage went unnoticed");
    QVERIFY(store.isPersistent());
    QCOMPARE(readAll(dbPath() + QStringLiteral(".corrupt")), bytes);
    QVERIFY(store.record(makeEntry(QStringLiteral("a"), QStringLiteral("select 1"), 1)));
    QCOMPARE(store.count(), 1);
}

void TestHistoryStore::foreignDatabaseIsMovedAside()
{
    // A real SQLite file claiming our version but without our table.
    execOn(dbPath(), QStringLiteral("CREATE TABLE other (x)"));
    execOn(dbPath(), QStringLiteral("PRAGMA user_version = %1").arg(HistoryStore::kSchemaVersion));
    HistoryStore store(dbPath());
    QVERIFY(!store.openProblem().isEmpty());
    QVERIFY(store.isPersistent());
    QVERIFY(QFile::exists(dbPath() + QStringLiteral(".corrupt")));
    QVERIFY(store.record(makeEntry(QStringLiteral("a"), QStringLiteral("select 1"), 1)));
}

void TestHistoryStore::unopenablePathFallsBackToMemory()
{
    // A directory where the file should be: cannot be opened, must not be
    // "moved aside" either.
    QVERIFY(QDir().mkpath(dbPath()));
    HistoryStore store(dbPath());
    const QString problem = store.openProblem();
    QVERIFY(!problem.isEmpty());
    QVERIFY2(problem.contains(QDir::toNativeSeparators(dbPath())), qPrintable(problem));
    QVERIFY(!store.isPersistent());
    QVERIFY(QFileInfo(dbPath()).isDir());
    QVERIFY(!QFile::exists(dbPath() + QStringLiteral(".corrupt")));

    // This session's history still works.
    QVERIFY(store.record(makeEntry(QStringLiteral("a"), QStringLiteral("select 1"), 1)));
    QCOMPARE(statements(store.search({})), QStringList({QStringLiteral("select 1")}));

    // So does one under a folder that cannot be created (a file is in the way).
    const QString blocked = m_dir->filePath(QStringLiteral("plain-file"));
    QVERIFY(writeFile(blocked, "x"));
    HistoryStore nested(blocked + QStringLiteral("/sub/history.sqlite"));
    QVERIFY(!nested.isPersistent());
    QVERIFY(!nested.openProblem().isEmpty());
    QVERIFY(nested.record(makeEntry(QStringLiteral("a"), QStringLiteral("select 1"), 1)));
    QCOMPARE(nested.count(), 1);
}

void TestHistoryStore::newerSchemaIsLeftUntouched()
{
    {
        HistoryStore store(dbPath());
        QVERIFY(store.record(makeEntry(QStringLiteral("a"), QStringLiteral("select 1"), 1)));
    }
    execOn(dbPath(), QStringLiteral("PRAGMA user_version = 99"));
    execOn(dbPath(), QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)"));
    const QByteArray bytes = readAll(dbPath());

    {
        HistoryStore store(dbPath());
        QVERIFY(!store.isPersistent());
        QVERIFY(store.openProblem().contains(QStringLiteral("newer")));
        QCOMPARE(store.count(), 0);
        QVERIFY(store.record(makeEntry(QStringLiteral("a"), QStringLiteral("select 2"), 2)));
    }
    QCOMPARE(readAll(dbPath()), bytes);
    QVERIFY(!QFile::exists(dbPath() + QStringLiteral(".corrupt")));
    QCOMPARE(pragma(dbPath(), QStringLiteral("user_version")).toInt(), 99);
}

void TestHistoryStore::storesAreIndependent()
{
    auto first = std::make_unique<HistoryStore>(dbPath());
    HistoryStore second(m_dir->filePath(QStringLiteral("other.sqlite")));
    HistoryStore sameFile(dbPath());
    QVERIFY(first->record(makeEntry(QStringLiteral("a"), QStringLiteral("one"), 1)));
    QVERIFY(second.record(makeEntry(QStringLiteral("a"), QStringLiteral("two"), 2)));
    QCOMPARE(sameFile.count(), 1);
    first.reset();
    // Destroying one store closed only its own connection.
    QVERIFY(second.record(makeEntry(QStringLiteral("a"), QStringLiteral("three"), 3)));
    QCOMPARE(second.count(), 2);
    QCOMPARE(sameFile.count(), 1);

    HistoryStore memory{QString()};
    QVERIFY(!memory.isPersistent());
    QVERIFY(memory.openProblem().isEmpty());
    QVERIFY(memory.record(makeEntry(QStringLiteral("a"), QStringLiteral("m"), 1)));
    QCOMPARE(memory.count(), 1);
}

void TestHistoryStore::changedSignal()
{
    HistoryStore store(dbPath());
    QSignalSpy spy(&store, &HistoryStore::changed);
    qint64 id = 0;
    QVERIFY(store.record(makeEntry(QStringLiteral("a"), QStringLiteral("one"), 1), &id));
    QCOMPARE(spy.size(), 1);
    QVERIFY(store.remove(id));
    QCOMPARE(spy.size(), 2);
    QVERIFY(!store.remove(id));
    QVERIFY(store.clear());
    QCOMPARE(spy.size(), 2);
}

void TestHistoryStore::draftsSaveReplaceAndRemove()
{
    HistoryStore store(dbPath());
    TabDraft first{QStringLiteral("t1"),
                   QStringLiteral("p1"),
                   QStringLiteral("shop"),
                   QStringLiteral("shop 1"),
                   QStringLiteral("select 1;"),
                   9,
                   1,
                   {}};
    TabDraft second{QStringLiteral("t2"),
                    QStringLiteral("p1"),
                    QStringLiteral("shop"),
                    QStringLiteral("shop 2"),
                    QStringLiteral("select 'ü' -- note"),
                    3,
                    0,
                    {}};
    TabDraft other{QStringLiteral("t3"),
                   QStringLiteral("p2"),
                   QStringLiteral("crm"),
                   QStringLiteral("crm"),
                   QString(),
                   0,
                   0,
                   {}};
    QVERIFY(store.saveDraft(first));
    QVERIFY(store.saveDraft(second));
    QVERIFY(store.saveDraft(other));
    QList<TabDraft> drafts = store.drafts(QStringLiteral("p1"));
    QCOMPARE(drafts.size(), 2);
    QCOMPARE(drafts.at(0).id, QStringLiteral("t2")); // tab order
    QCOMPARE(drafts.at(0).text, second.text);
    QCOMPARE(drafts.at(1).cursor, 9);
    QCOMPARE(store.drafts().size(), 3);

    first.text = QStringLiteral("select 2;");
    QVERIFY(store.saveDraft(first));
    drafts = store.drafts(QStringLiteral("p1"));
    QCOMPARE(drafts.size(), 2);
    QCOMPARE(drafts.at(1).text, QStringLiteral("select 2;"));

    QVERIFY(store.removeDraft(QStringLiteral("t2")));
    drafts = store.drafts(QStringLiteral("p1"));
    QCOMPARE(drafts.size(), 1);
    QCOMPARE(drafts.at(0).id, QStringLiteral("t1"));
    QCOMPARE(store.drafts(QStringLiteral("p2")).size(), 1);
}

void TestHistoryStore::draftsSurviveRestart()
{
    {
        HistoryStore store(dbPath());
        QVERIFY(store.saveDraft({QStringLiteral("t1"),
                                 QStringLiteral("p1"),
                                 QStringLiteral("db"),
                                 QStringLiteral("db"),
                                 QStringLiteral("select now();"),
                                 4,
                                 0,
                                 {}}));
    }
    HistoryStore reopened(dbPath());
    const QList<TabDraft> drafts = reopened.drafts(QStringLiteral("p1"));
    QCOMPARE(drafts.size(), 1);
    QCOMPARE(drafts.at(0).text, QStringLiteral("select now();"));
    QCOMPARE(drafts.at(0).cursor, 4);
    QVERIFY(drafts.at(0).updatedAt.isValid());
}

void TestHistoryStore::versionOneFileGainsDrafts()
{
    // A file written by the first release: history only, user_version 1.
    {
        HistoryStore store(dbPath());
        QVERIFY(store.record(makeEntry(QStringLiteral("a"), QStringLiteral("select 1"), 1)));
    }
    execOn(dbPath(), QStringLiteral("DROP TABLE tab_draft"));
    execOn(dbPath(), QStringLiteral("DROP TABLE plan_snapshot"));
    execOn(dbPath(), QStringLiteral("PRAGMA user_version = 1"));
    HistoryStore store(dbPath());
    QVERIFY2(store.openProblem().isEmpty(), qPrintable(store.openProblem()));
    QCOMPARE(store.count(), 1);
    QVERIFY(store.saveDraft({QStringLiteral("t1"),
                             QStringLiteral("a"),
                             QStringLiteral("db"),
                             QStringLiteral("db"),
                             QStringLiteral("select 1"),
                             0,
                             0,
                             {}}));
    QCOMPARE(store.drafts().size(), 1);
    QCOMPARE(pragma(dbPath(), QStringLiteral("user_version")).toInt(),
             HistoryStore::kSchemaVersion);
}

void TestHistoryStore::planSnapshotsByQuery()
{
    HistoryStore store(dbPath());
    QSignalSpy changed(&store, &HistoryStore::plansChanged);
    PlanSnapshot first;
    first.fingerprint = QStringLiteral("pg:abc");
    first.query = QStringLiteral("select * from t where id = 1");
    first.database = QStringLiteral("shop");
    first.serverVersion = QStringLiteral("15.8");
    first.settings = QStringLiteral("work_mem = 64MB");
    first.label = QStringLiteral("before");
    first.createdAt = QDateTime::fromMSecsSinceEpoch(1000000).toUTC();
    first.plan = QStringLiteral("Seq Scan on t  (cost=0.00..1.00 rows=1 width=4)");
    QVERIFY(store.recordPlan(first));
    QVERIFY(first.id > 0);
    PlanSnapshot second = first;
    second.label = QStringLiteral("after");
    second.createdAt = QDateTime::fromMSecsSinceEpoch(2000000).toUTC();
    QVERIFY(store.recordPlan(second));
    PlanSnapshot other = first;
    other.fingerprint = QStringLiteral("pg:def");
    QVERIFY(store.recordPlan(other));
    QCOMPARE(changed.size(), 3);

    const QList<PlanSnapshot> ofQuery = store.plans(QStringLiteral("pg:abc"));
    QCOMPARE(ofQuery.size(), 2);
    QCOMPARE(ofQuery.at(0).label, QStringLiteral("after")); // newest first
    QCOMPARE(ofQuery.at(1), first);
    QCOMPARE(store.plans().size(), 3);
    QCOMPARE(store.plan(second.id)->label, QStringLiteral("after"));
    QVERIFY(store.removePlan(second.id));
    QVERIFY(!store.plan(second.id));
    QVERIFY(!store.removePlan(second.id));
    QCOMPARE(store.plans(QStringLiteral("pg:abc")).size(), 1);
}

void TestHistoryStore::modelUnderTester()
{
    HistoryStore store(dbPath());
    for (int i = 0; i < 20; ++i) {
        const auto status = HistoryStatus(i % 3);
        QVERIFY(store.record(makeEntry(i % 2 ? QStringLiteral("a") : QStringLiteral("b"),
                                       QStringLiteral("select %1\nfrom t").arg(i), i, status)));
    }

    HistoryModel model(&store);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
    QCOMPARE(model.rowCount(), 0);

    model.setQuery({});
    QCOMPARE(model.rowCount(), 20);
    QCOMPARE(model.columnCount(), int(HistoryModel::ColumnCount));
    QCOMPARE(resets.size(), 1);

    HistoryQuery q;
    q.profileId = QStringLiteral("a");
    model.setQuery(q);
    QCOMPARE(model.query(), q);
    QCOMPARE(model.rowCount(), 10);
    QCOMPARE(model.entry(0).statement, QStringLiteral("select 19\nfrom t"));

    q.text = QStringLiteral("SELECT 1");
    q.limit = 3;
    model.setQuery(q);
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(model.entry(0).statement, QStringLiteral("select 19\nfrom t"));
    QCOMPARE(model.entry(2).statement, QStringLiteral("select 15\nfrom t"));

    q.text = QStringLiteral("no such text");
    model.setQuery(q);
    QCOMPARE(model.rowCount(), 0);

    QVERIFY(store.record(makeEntry(QStringLiteral("a"), QStringLiteral("no such text"), 30)));
    model.reload();
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(resets.size(), 5);

    // Views walk every cell in every role: none may misbehave.
    model.setQuery({});
    for (int row = 0; row < model.rowCount(); ++row) {
        for (int column = 0; column < model.columnCount(); ++column) {
            const QModelIndex index = model.index(row, column);
            for (int role : {int(Qt::DisplayRole), int(Qt::ToolTipRole), int(Qt::TextAlignmentRole),
                             int(HistoryModel::StatusRole)}) {
                model.data(index, role);
            }
        }
    }
}

void TestHistoryStore::modelDisplayAndRoles()
{
    HistoryStore store(dbPath());
    const QString text = QStringLiteral("\n  select *\n  from orders\n where id = 1");
    HistoryEntry failed = makeEntry(QStringLiteral("a"), text, 2, HistoryStatus::Error);
    failed.durationMs = 2400;
    QVERIFY(store.record(failed));
    HistoryEntry ok = makeEntry(QStringLiteral("a"), QStringLiteral("select 1"), 1);
    ok.rows = 1234;
    QVERIFY(store.record(ok));

    HistoryModel model(&store);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setQuery({});
    QCOMPARE(model.rowCount(), 2);

    const HistoryEntry full = model.entry(0);
    QCOMPARE(full.statement, text);
    QVERIFY(full.id > 0);
    QCOMPARE(model.entry(5), HistoryEntry());
    QCOMPARE(model.entry(-1), HistoryEntry());

    auto cell = [&](int row, int column, int role = Qt::DisplayRole) {
        return model.data(model.index(row, column), role);
    };
    QCOMPARE(cell(0, HistoryModel::StatementColumn).toString(),
             QStringLiteral("select *") + QChar(0x2026));
    QCOMPARE(cell(0, HistoryModel::StatementColumn, Qt::ToolTipRole).toString(), text);
    QCOMPARE(cell(0, HistoryModel::StatementColumn, HistoryModel::StatementRole).toString(), text);
    QCOMPARE(cell(0, HistoryModel::ConnectionColumn).toString(), QStringLiteral("conn-a / db-a"));
    QCOMPARE(cell(0, HistoryModel::DurationColumn).toString(), HistoryModel::formatDuration(2400));
    QCOMPARE(cell(0, HistoryModel::RowsColumn).toString(), QString());
    QCOMPARE(cell(0, HistoryModel::StatusColumn).toString(),
             HistoryModel::statusText(HistoryStatus::Error));
    QCOMPARE(cell(0, HistoryModel::StatusColumn, HistoryModel::StatusRole).toInt(),
             int(HistoryStatus::Error));
    QCOMPARE(cell(0, HistoryModel::StatusColumn, HistoryModel::StatusKeyRole).toString(),
             QStringLiteral("error"));
    const QString errorTip = cell(0, HistoryModel::StatusColumn, Qt::ToolTipRole).toString();
    QVERIFY2(errorTip.contains(QStringLiteral("42P01")), qPrintable(errorTip));
    QCOMPARE(cell(0, HistoryModel::StartedColumn, HistoryModel::StartedAtRole).toDateTime(),
             failed.startedAt);
    QCOMPARE(cell(0, 0, HistoryModel::EntryIdRole).toLongLong(), full.id);

    QCOMPARE(cell(1, HistoryModel::StatementColumn).toString(), QStringLiteral("select 1"));
    QCOMPARE(cell(1, HistoryModel::RowsColumn).toString(), QLocale().toString(1234));
    QCOMPARE(cell(1, HistoryModel::StatusColumn, HistoryModel::StatusKeyRole).toString(),
             QStringLiteral("ok"));
    QCOMPARE(cell(1, HistoryModel::StatusColumn, Qt::ToolTipRole).toString(),
             QStringLiteral("select 1"));

    QVERIFY(!model.headerData(HistoryModel::StatementColumn, Qt::Horizontal).toString().isEmpty());
    QVERIFY(model.roleNames().contains(HistoryModel::StatusRole));
}

void TestHistoryStore::modelOutlivesStore()
{
    auto store = std::make_unique<HistoryStore>(dbPath());
    QVERIFY(store->record(makeEntry(QStringLiteral("a"), QStringLiteral("select 1"), 1)));
    HistoryModel model(store.get());
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setQuery({});
    QCOMPARE(model.rowCount(), 1);
    store.reset();
    QCOMPARE(model.rowCount(), 1);
    model.reload();
    QCOMPARE(model.rowCount(), 0);
}

void TestHistoryStore::statementSummary_data()
{
    QTest::addColumn<QString>("statement");
    QTest::addColumn<int>("maxChars");
    QTest::addColumn<QString>("expected");
    const QString ell(QChar(0x2026));
    QTest::newRow("one line") << QStringLiteral("select 1") << 120 << QStringLiteral("select 1");
    QTest::newRow("trailing blank lines")
        << QStringLiteral("select 1\n\n  \n") << 120 << QStringLiteral("select 1");
    QTest::newRow("leading blank lines")
        << QStringLiteral("\n\n  select 1\r\nfrom t") << 120 << QStringLiteral("select 1") + ell;
    QTest::newRow("cut") << QStringLiteral("abcdefghij") << 5 << QStringLiteral("abcd") + ell;
    QTest::newRow("exact") << QStringLiteral("abcde") << 5 << QStringLiteral("abcde");
    QTest::newRow("surrogate") << QStringLiteral("abc🐘def") << 5 << QStringLiteral("abc") + ell;
    QTest::newRow("empty") << QString() << 120 << QString();
}

void TestHistoryStore::statementSummary()
{
    QFETCH(QString, statement);
    QFETCH(int, maxChars);
    QFETCH(QString, expected);
    QCOMPARE(HistoryModel::statementSummary(statement, maxChars), expected);
}

void TestHistoryStore::formatDuration()
{
    QCOMPARE(HistoryModel::formatDuration(0), QStringLiteral("0 ms"));
    QCOMPARE(HistoryModel::formatDuration(850), QStringLiteral("850 ms"));
    QVERIFY(HistoryModel::formatDuration(2400).endsWith(QStringLiteral(" s")));
    QCOMPARE(HistoryModel::formatDuration(185000), QStringLiteral("3 min 05 s"));
}

QTEST_GUILESS_MAIN(TestHistoryStore)
#include "tst_historystore.moc"
