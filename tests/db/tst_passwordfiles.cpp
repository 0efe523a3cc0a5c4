// Passwords never reach a file the app writes: a profile for a password role
// is saved, its password handed to the keychain layer, a real connection made
// with it, and then every file under the test's XDG directories is read.

#include "models/pg/pgsession.h"
#include "models/store/connectionprofile.h"
#include "models/store/passwordstore.h"
#include "models/store/profilestore.h"
#include "tests/testsupport/secretscan.h"
#include "tests/testsupport/testserver.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSettings>
#include <QStandardPaths>
#include <QTest>

#include <optional>

using namespace sightline;

namespace {

const QString kPassword = QStringLiteral("sightline-test-password");
const QString kRole = QStringLiteral("sightline_pw");

std::optional<PasswordResult> waitForResult(const std::function<void(PasswordStore::Callback)> &op)
{
    std::optional<PasswordResult> result;
    op([&result](const PasswordResult &r) { result = r; });
    // The keychain answers over D-Bus (or at once, when there is none).
    if (!QTest::qWaitFor([&result] { return result.has_value(); }, 30000))
        return std::nullopt;
    return result;
}

} // namespace

class TestPasswordFiles : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void passwordNeverWrittenToFiles();
    void refusalsAreRecognised();
    void refusalIsForgotten();
    void cleanupTestCase();

private:
    QStringList m_roots;
    QUuid m_storedInKeychain;
};

void TestPasswordFiles::initTestCase()
{
    SIGHTLINE_REQUIRE_SERVER();
    // Scanning only makes sense (and is only harmless) in the test's own
    // directories, which tests/CMakeLists.txt points into the build tree.
    for (const char *name : {"XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME"}) {
        const QString dir = qEnvironmentVariable(name);
        if (dir.isEmpty())
            QFAIL(qPrintable(QStringLiteral("%1 is not set; run this test through ctest.")
                                 .arg(QLatin1String(name))));
        QVERIFY2(QDir().mkpath(dir), qPrintable(dir));
        m_roots << QDir(dir).absolutePath();
    }
    // Same names as the app, so the default locations are the app's.
    QCoreApplication::setOrganizationName(QStringLiteral("sightline"));
    QCoreApplication::setApplicationName(QStringLiteral("sightline"));
    for (QStandardPaths::StandardLocation location :
         {QStandardPaths::AppConfigLocation, QStandardPaths::AppDataLocation,
          QStandardPaths::AppLocalDataLocation, QStandardPaths::CacheLocation,
          QStandardPaths::GenericConfigLocation, QStandardPaths::GenericDataLocation,
          QStandardPaths::GenericCacheLocation}) {
        const QString dir = QStandardPaths::writableLocation(location);
        bool inside = false;
        for (const QString &root : std::as_const(m_roots))
            inside = inside || dir.startsWith(root);
        QVERIFY2(inside,
                 qPrintable(QStringLiteral("%1 is outside the test's XDG directories").arg(dir)));
        m_roots << dir;
    }
    m_roots.removeDuplicates();
}

void TestPasswordFiles::passwordNeverWrittenToFiles()
{
    const PgConnectSpec server = test::serverSpec();

    // 1. A profile for the password role, saved where the app saves it.
    ProfileStore store;
    QVERIFY(store.directory().startsWith(qEnvironmentVariable("XDG_CONFIG_HOME")));
    store.load();
    ConnectionProfile profile = ConnectionProfile::create(QStringLiteral("password files"));
    profile.hosts = server.params.value(QStringLiteral("host"));
    profile.ports = server.params.value(QStringLiteral("port"));
    profile.database = server.params.value(QStringLiteral("dbname"));
    profile.user = kRole;
    profile.passwordMode = PasswordMode::Keychain;
    QString error;
    QVERIFY2(!store.add(profile, &error).isNull(), qPrintable(error));

    // 2. Its password to the keychain layer. Without a keychain service (the
    // usual case on a build machine) that must say so and store nothing.
    PasswordStore passwords;
    const auto written = waitForResult([&](PasswordStore::Callback done) {
        passwords.writePassword(profile.id, kPassword, this, done);
    });
    QVERIFY2(written.has_value(), "the keychain never answered");
    QCOMPARE(written->profileId, profile.id);
    const auto readBack = waitForResult(
        [&](PasswordStore::Callback done) { passwords.readPassword(profile.id, this, done); });
    QVERIFY(readBack.has_value());
    if (written->status == PasswordStatus::KeychainUnavailable) {
        QVERIFY2(written->message.contains(
                     QLatin1String("No keychain service is running; Sightline will ask for the "
                                   "password each time")),
                 qPrintable(written->message));
        QVERIFY(passwords.isKnownUnavailable());
        QCOMPARE(readBack->status, PasswordStatus::KeychainUnavailable);
        QVERIFY(readBack->password.isEmpty());
        qInfo("No keychain service here: the fallback path was tested");
    } else {
        // A developer machine with a real keychain: the password lives there.
        QCOMPARE(written->status, PasswordStatus::Stored);
        m_storedInKeychain = profile.id;
        QCOMPARE(readBack->status, PasswordStatus::Found);
        QCOMPARE(readBack->password, kPassword);
    }

    // 3. A real connection with the password (as the user typed it), and proof
    // that the password matters: without it the server refuses.
    PgSession session;
    PgError connectError;
    QVERIFY2(test::connectAndWait(session, profile.toConnectSpec(kPassword), &connectError),
             qPrintable(connectError.fullText()));
    const PgQueryResult who = test::runAndWait(session, QStringLiteral("SELECT current_user"));
    QVERIFY2(who.ok(), qPrintable(who.error.fullText()));
    QCOMPARE(who.rows.text(0, 0), kRole);

    PgSession withoutPassword;
    QVERIFY(!test::connectAndWait(withoutPassword, profile.toConnectSpec(), &connectError));
    QVERIFY2(connectError.fullText().contains(QLatin1String("password"), Qt::CaseInsensitive),
             qPrintable(connectError.fullText()));

    // Whatever QSettings users might hold in memory goes to disk before we look.
    QSettings().sync();
    session.disconnectFromServer();

    // 4. Every file in every place the app may write.
    const QString profileFile = QFileInfo(store.filePath(profile.id)).absoluteFilePath();
    const test::SecretScan scan = test::scanForSecret(m_roots, kPassword);
    QVERIFY2(scan.filesWithSecret.isEmpty(),
             qPrintable(QStringLiteral("the password is in %1")
                            .arg(scan.filesWithSecret.join(QStringLiteral(", ")))));
    // The scan reads what was written: the profile file is among the files.
    QVERIFY2(scan.filesScanned.contains(profileFile),
             qPrintable(QStringLiteral("%1 was not among the %2 files scanned")
                            .arg(profileFile)
                            .arg(scan.filesScanned.size())));
    QFile profileData(profileFile);
    QVERIFY(profileData.open(QIODevice::ReadOnly));
    QVERIFY(profileData.readAll().contains(kRole.toUtf8()));

    QVERIFY(store.remove(profile.id));
}

void TestPasswordFiles::refusalsAreRecognised()
{
    // Real answers of the server and of libpq, not hand-made errors.
    const PgConnectSpec server = test::serverSpec();
    ConnectionProfile profile = ConnectionProfile::create(QStringLiteral("refusals"));
    profile.hosts = server.params.value(QStringLiteral("host"));
    profile.ports = server.params.value(QStringLiteral("port"));
    profile.database = server.params.value(QStringLiteral("dbname"));
    profile.user = kRole;

    PgError error;
    PgSession wrong;
    QVERIFY(!test::connectAndWait(wrong, profile.toConnectSpec(QStringLiteral("wrong")), &error));
    QVERIFY2(PasswordStore::isPasswordRefusal(error), qPrintable(error.fullText()));

    PgSession none;
    QVERIFY(!test::connectAndWait(none, profile.toConnectSpec(), &error));
    QVERIFY2(PasswordStore::isPasswordRefusal(error), qPrintable(error.fullText()));

    // The right password to a database that is not there: not about the password.
    profile.database = QStringLiteral("no_such_database_here");
    PgSession missing;
    QVERIFY(!test::connectAndWait(missing, profile.toConnectSpec(kPassword), &error));
    QVERIFY2(!PasswordStore::isPasswordRefusal(error), qPrintable(error.fullText()));
}

void TestPasswordFiles::refusalIsForgotten()
{
    PasswordStore passwords;
    const QUuid id = QUuid::createUuid();
    passwords.rememberForSession(id, QStringLiteral("wrong"));
    QCOMPARE(passwords.sessionPassword(id).value_or(QString()), QStringLiteral("wrong"));

    // Refused: the session's password is gone, and a read no longer answers with it.
    passwords.markRefused(id);
    QVERIFY(passwords.wasRefused(id));
    QVERIFY(!passwords.sessionPassword(id).has_value());
    const auto read = waitForResult(
        [&](PasswordStore::Callback done) { passwords.readPassword(id, this, done); });
    QVERIFY(read.has_value());
    QVERIFY(read->password != QLatin1String("wrong"));

    // A keychain read is never cached, whatever it found: only a connection
    // proves a password right.
    QVERIFY(!passwords.sessionPassword(id).has_value());

    // A new password (written, or one that worked) ends the refusal.
    const auto written = waitForResult(
        [&](PasswordStore::Callback done) { passwords.writePassword(id, kPassword, this, done); });
    QVERIFY(written.has_value());
    QVERIFY(!passwords.wasRefused(id));
    QVERIFY(!passwords.sessionPassword(id).has_value());
    passwords.markRefused(id);
    passwords.rememberForSession(id, kPassword);
    QVERIFY(!passwords.wasRefused(id));
    QCOMPARE(passwords.sessionPassword(id).value_or(QString()), kPassword);
    passwords.markRefused(id);
    passwords.clearRefused(id);
    QVERIFY(!passwords.wasRefused(id));

    const auto removed = waitForResult(
        [&](PasswordStore::Callback done) { passwords.deletePassword(id, this, done); });
    QVERIFY(removed.has_value());
}

void TestPasswordFiles::cleanupTestCase()
{
    if (m_storedInKeychain.isNull())
        return;
    PasswordStore passwords;
    waitForResult([&](PasswordStore::Callback done) {
        passwords.deletePassword(m_storedInKeychain, this, done);
    });
}

QTEST_GUILESS_MAIN(TestPasswordFiles)
#include "tst_passwordfiles.moc"
