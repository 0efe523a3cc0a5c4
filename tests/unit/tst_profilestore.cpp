#include "models/store/connectionprofile.h"
#include "models/store/profilestore.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace sightline;

namespace {

ConnectionProfile sampleProfile(const QString &name, ConnectionTag tag = ConnectionTag::None)
{
    ConnectionProfile p = ConnectionProfile::create(name, tag);
    p.hosts = QStringLiteral("db1.example.com,db2.example.com");
    p.ports = QStringLiteral("5432,5433");
    p.database = QStringLiteral("sales db");
    p.user = QStringLiteral("o'brien");
    p.sslMode = QStringLiteral("verify-full");
    p.sslRootCert = QStringLiteral("/etc/ssl/my ca.pem");
    p.sslCert = QStringLiteral("/home/me/.postgresql/client.crt");
    p.sslKey = QStringLiteral("/home/me/.postgresql/client.key");
    p.sslCrl = QStringLiteral("/etc/ssl/crl.pem");
    p.options = QStringLiteral("-c search_path=app,public");
    p.connectTimeout = 7;
    p.color = QStringLiteral("#a1b2c3");
    p.passwordMode = PasswordMode::AskEveryTime;
    p.extraParams.insert(QStringLiteral("application_name"), QStringLiteral("ünïcødé ☃"));
    return p;
}

QByteArray readAll(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return file.readAll();
}

QStringList filesIn(const QString &dir)
{
    QStringList names = QDir(dir).entryList(QDir::Files | QDir::Hidden, QDir::Name);
    return names;
}

} // namespace

class TestProfileStore : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void persistsAcrossRestart();
    void corruptFileIsReportedAndKeptAside_data();
    void corruptFileIsReportedAndKeptAside();
    void secondCorruptionDoesNotOverwriteFirst();
    void jsonNeverHoldsPasswords();
    void duplicateAndRemove();
    void updateAndSignals();
    void rejectsInvalidProfiles();
    void productionDefaults();
    void readOnlyOptionsMerged();
    void passwordModes();
    void connInfoRoundTrip();
    void jsonValidation_data();
    void jsonValidation();
    void missingDirectoryIsEmpty();
};

void TestProfileStore::persistsAcrossRestart()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("connections"));

    QList<ConnectionProfile> saved;
    {
        ProfileStore store(path);
        QVERIFY(store.load().problems.isEmpty());
        saved << sampleProfile(QStringLiteral("Sales"));
        saved << sampleProfile(QStringLiteral("Billing"), ConnectionTag::Production);
        ConnectionProfile minimal = ConnectionProfile::create(QStringLiteral("minimal"));
        saved << minimal;
        ConnectionProfile staging =
            sampleProfile(QStringLiteral("Staging"), ConnectionTag::Staging);
        staging.readOnly = true; // differs from the tag's default: must survive as set
        staging.passwordMode = PasswordMode::PgPass;
        saved << staging;
        for (const ConnectionProfile &p : std::as_const(saved)) {
            QString error;
            QCOMPARE(store.add(p, &error), p.id);
            QVERIFY2(error.isEmpty(), qPrintable(error));
        }
        QCOMPARE(store.count(), 4);
    }
    // One file per profile, nothing else (no temporary files left behind).
    QCOMPARE(filesIn(path).size(), 4);
    for (const QString &name : filesIn(path))
        QVERIFY2(name.endsWith(QLatin1String(".json")), qPrintable(name));
    // Readable by the owner only.
    const QFileDevice::Permissions perms =
        QFile::permissions(QDir(path).filePath(filesIn(path).first()));
    QVERIFY(!(perms & (QFileDevice::ReadOther | QFileDevice::ReadGroup)));

    ProfileStore restarted(path);
    const ProfileLoadResult loaded = restarted.load();
    QVERIFY2(loaded.problems.isEmpty(), qPrintable(loaded.problems.join(u'\n')));
    QCOMPARE(loaded.profiles.size(), saved.size());
    for (const ConnectionProfile &p : std::as_const(saved)) {
        const auto back = restarted.profile(p.id);
        QVERIFY(back.has_value());
        QCOMPARE(back->toJson(), p.toJson());
        QVERIFY(*back == p);
    }
    // Sorted by name, case-insensitively.
    QStringList names;
    for (const ConnectionProfile &p : loaded.profiles)
        names << p.name;
    QCOMPARE(names, QStringList({QStringLiteral("Billing"), QStringLiteral("minimal"),
                                 QStringLiteral("Sales"), QStringLiteral("Staging")}));
}

void TestProfileStore::corruptFileIsReportedAndKeptAside_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QString>("expectedReason");

    QTest::newRow("truncated json") << QByteArray(R"({"id": "6f1c0a1e-9f6)") << "not valid JSON";
    QTest::newRow("binary garbage") << QByteArray("\x00\x01\x02garbage", 10) << "not valid JSON";
    QTest::newRow("empty file") << QByteArray() << "not valid JSON";
    QTest::newRow("array") << QByteArray("[1, 2]") << "does not contain a JSON object";
    QTest::newRow("no id") << QByteArray(R"({"name": "x"})") << "“id”";
    QTest::newRow("bad tag")
        << QByteArray(
               R"({"id": "6f1c0a1e-9f62-4a57-bb6c-2b3c4d5e6f70", "name": "x", "tag": "prod"})")
        << "“tag”";
    QTest::newRow("wrong type")
        << QByteArray(
               R"({"id": "6f1c0a1e-9f62-4a57-bb6c-2b3c4d5e6f70", "name": "x", "ports": 5432})")
        << "“ports” must be a string";
    QTest::newRow("invalid port")
        << QByteArray(
               R"({"id": "6f1c0a1e-9f62-4a57-bb6c-2b3c4d5e6f70", "name": "x", "ports": "99999"})")
        << "99999";
}

void TestProfileStore::corruptFileIsReportedAndKeptAside()
{
    QFETCH(QByteArray, content);
    QFETCH(QString, expectedReason);

    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QList<QUuid> good;
    {
        ProfileStore store(dir.path());
        store.load();
        for (const char *name : {"first", "second", "third"})
            good << store.add(sampleProfile(QString::fromLatin1(name)));
    }
    const QString corruptPath = dir.filePath(QStringLiteral("broken.json"));
    {
        QFile file(corruptPath);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(content);
    }

    ProfileStore store(dir.path());
    QSignalSpy reloaded(&store, &ProfileStore::profilesReloaded);
    const ProfileLoadResult result = store.load();
    QCOMPARE(reloaded.count(), 1);

    // Every other profile is still there.
    QCOMPARE(result.profiles.size(), 3);
    for (const QUuid &id : std::as_const(good))
        QVERIFY(store.contains(id));

    // One message, naming the file and what is wrong with it.
    QCOMPARE(result.problems.size(), 1);
    const QString message = result.problems.first();
    QVERIFY2(message.contains(corruptPath), qPrintable(message));
    QVERIFY2(message.contains(expectedReason), qPrintable(message));
    QCOMPARE(store.lastLoadProblems(), result.problems);

    // Kept aside, byte for byte, not deleted; the next start is clean.
    QVERIFY(!QFile::exists(corruptPath));
    const QString aside = corruptPath + QStringLiteral(".corrupt");
    QVERIFY(QFile::exists(aside));
    QVERIFY2(message.contains(aside), qPrintable(message));
    QCOMPARE(readAll(aside), content);

    ProfileStore again(dir.path());
    const ProfileLoadResult second = again.load();
    QVERIFY(second.problems.isEmpty());
    QCOMPARE(second.profiles.size(), 3);
}

void TestProfileStore::secondCorruptionDoesNotOverwriteFirst()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("x.json"));
    for (const QByteArray &content : {QByteArray("{first"), QByteArray("{second")}) {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(content);
        file.close();
        ProfileStore store(dir.path());
        QCOMPARE(store.load().problems.size(), 1);
    }
    QCOMPARE(readAll(path + QStringLiteral(".corrupt")), QByteArray("{first"));
    QCOMPARE(readAll(path + QStringLiteral(".2.corrupt")), QByteArray("{second"));
}

void TestProfileStore::jsonNeverHoldsPasswords()
{
    const QString password = QStringLiteral("hunter2-Pässwörd");
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    ProfileStore store(dir.path());
    store.load();

    ConnectionProfile p = sampleProfile(QStringLiteral("secretive"));
    p.passwordMode = PasswordMode::Keychain;
    // Secrets smuggled into the free-form keywords must not reach the file either.
    p.extraParams.insert(QStringLiteral("password"), password);
    p.extraParams.insert(QStringLiteral("sslpassword"), password);
    QVERIFY(!p.validate().isEmpty()); // the store refuses such a profile...
    QString error;
    QVERIFY(store.add(p, &error).isNull());
    QVERIFY(error.contains(QLatin1String("password")));

    const QJsonObject json = p.toJson(); // ...and the JSON drops them anyway
    const QByteArray bytes = QJsonDocument(json).toJson();
    QVERIFY(!bytes.contains(password.toUtf8()));
    QVERIFY(!bytes.contains("password\""));

    p.extraParams.remove(QStringLiteral("password"));
    p.extraParams.remove(QStringLiteral("sslpassword"));
    QVERIFY(!store.add(p).isNull());
    // The password is handed to toConnectSpec at connect time, never kept.
    const PgConnectSpec spec = p.toConnectSpec(password);
    QCOMPARE(spec.params.value(QStringLiteral("password")), password);
    QCOMPARE(p.toConnInfo().value(QStringLiteral("password")), QString());

    const QByteArray onDisk = readAll(store.filePath(p.id));
    QVERIFY(!onDisk.isEmpty());
    QVERIFY(!onDisk.contains(password.toUtf8()));
    QVERIFY(!onDisk.contains("\"password\""));

    // A hand-edited password in the file is dropped on load, not kept or moved aside.
    QJsonObject edited = p.toJson();
    QJsonObject extra;
    extra.insert(QStringLiteral("password"), password);
    edited.insert(QStringLiteral("extraParams"), extra);
    QString loadError;
    const auto loaded = ConnectionProfile::fromJson(edited, &loadError);
    QVERIFY2(loaded.has_value(), qPrintable(loadError));
    QVERIFY(!loaded->extraParams.contains(QStringLiteral("password")));
}

void TestProfileStore::duplicateAndRemove()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    ProfileStore store(dir.path());
    store.load();
    const ConnectionProfile original =
        sampleProfile(QStringLiteral("Reporting"), ConnectionTag::Production);
    QVERIFY(!store.add(original).isNull());

    QSignalSpy added(&store, &ProfileStore::profileAdded);
    const auto copy = store.duplicate(original.id);
    QVERIFY(copy.has_value());
    QVERIFY(copy->id != original.id);
    QCOMPARE(copy->name, QStringLiteral("Reporting (copy)"));
    QCOMPARE(added.count(), 1);
    QCOMPARE(added.first().first().toUuid(), copy->id);
    // Everything else is the same.
    ConnectionProfile expected = original;
    expected.id = copy->id;
    expected.name = copy->name;
    QVERIFY(*copy == expected);

    const auto copy2 = store.duplicate(original.id);
    QVERIFY(copy2.has_value());
    QCOMPARE(copy2->name, QStringLiteral("Reporting (copy 2)"));
    QCOMPARE(filesIn(dir.path()).size(), 3);

    QSignalSpy removed(&store, &ProfileStore::profileRemoved);
    QString error;
    QVERIFY2(store.remove(copy->id, &error), qPrintable(error));
    QCOMPARE(removed.count(), 1);
    QVERIFY(!store.contains(copy->id));
    QVERIFY(!QFile::exists(store.filePath(copy->id)));
    QVERIFY(!store.remove(copy->id, &error));
    QVERIFY(!error.isEmpty());
    QVERIFY(!store.duplicate(QUuid::createUuid()).has_value());

    ProfileStore reloaded(dir.path());
    const ProfileLoadResult result = reloaded.load();
    QCOMPARE(result.profiles.size(), 2);
    QVERIFY(reloaded.contains(original.id));
    QVERIFY(reloaded.contains(copy2->id));
}

void TestProfileStore::updateAndSignals()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    ProfileStore store(dir.path());
    store.load();
    ConnectionProfile p = sampleProfile(QStringLiteral("one"));
    QVERIFY(!store.add(p).isNull());

    QSignalSpy updated(&store, &ProfileStore::profileUpdated);
    QSignalSpy changed(&store, &ProfileStore::profilesChanged);
    p.name = QStringLiteral("renamed");
    p.applyTag(ConnectionTag::Production);
    QString error;
    QVERIFY2(store.update(p, &error), qPrintable(error));
    QCOMPARE(updated.count(), 1);
    QCOMPARE(changed.count(), 1);
    QVERIFY(store.update(p)); // no change: no write, no signal
    QCOMPARE(updated.count(), 1);

    ProfileStore reloaded(dir.path());
    reloaded.load();
    QCOMPARE(reloaded.profile(p.id)->name, QStringLiteral("renamed"));
    QCOMPARE(reloaded.profile(p.id)->tag, ConnectionTag::Production);

    ConnectionProfile unknown = ConnectionProfile::create(QStringLiteral("never added"));
    QVERIFY(!store.update(unknown, &error));
    QVERIFY(error.contains(QLatin1String("never added")));
    QVERIFY(store.add(p).isNull()); // same id twice
}

void TestProfileStore::rejectsInvalidProfiles()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    ProfileStore store(dir.path());
    store.load();
    QString error;

    ConnectionProfile unnamed = ConnectionProfile::create(QStringLiteral("  "));
    QVERIFY(store.add(unnamed, &error).isNull());
    QVERIFY2(error.contains(QLatin1String("name")), qPrintable(error));

    ConnectionProfile badPort = ConnectionProfile::create(QStringLiteral("x"));
    badPort.ports = QStringLiteral("54x2");
    QVERIFY(store.add(badPort, &error).isNull());
    QVERIFY2(error.contains(QLatin1String("54x2")), qPrintable(error));

    ConnectionProfile ports = ConnectionProfile::create(QStringLiteral("x"));
    ports.hosts = QStringLiteral("a,b,c");
    ports.ports = QStringLiteral("1,2");
    const QList<ProfileProblem> problems = ports.validate();
    QCOMPARE(problems.size(), 1);
    QCOMPARE(problems.first().field, ProfileField::Ports);
    ports.ports = QStringLiteral("6432"); // one port for all hosts is fine
    QVERIFY(ports.validate().isEmpty());

    ConnectionProfile other = ConnectionProfile::create(QStringLiteral("x"));
    other.sslMode = QStringLiteral("always");
    other.color = QStringLiteral("red");
    other.hosts = QStringLiteral("my host");
    QList<ProfileField> fields;
    for (const ProfileProblem &problem : other.validate())
        fields << problem.field;
    QCOMPARE(fields, QList<ProfileField>(
                         {ProfileField::Hosts, ProfileField::SslMode, ProfileField::Color}));
    QCOMPARE(filesIn(dir.path()).size(), 0);
}

void TestProfileStore::productionDefaults()
{
    const ConnectionProfile prod =
        ConnectionProfile::create(QStringLiteral("p"), ConnectionTag::Production);
    QVERIFY(prod.readOnly);
    QVERIFY(!prod.keepHistory);
    QVERIFY(prod.isProduction());

    const ConnectionProfile dev =
        ConnectionProfile::create(QStringLiteral("d"), ConnectionTag::Development);
    QVERIFY(!dev.readOnly);
    QVERIFY(dev.keepHistory);

    ConnectionProfile p = ConnectionProfile::create(QStringLiteral("x"));
    QVERIFY(!p.readOnly);
    QCOMPARE(p.connectTimeout, 10);
    QCOMPARE(p.passwordMode, PasswordMode::Keychain);
    p.applyTag(ConnectionTag::Production);
    QVERIFY(p.readOnly);
    QVERIFY(!p.keepHistory);
    p.applyTag(ConnectionTag::Staging);
    QVERIFY(!p.readOnly);
    QVERIFY(p.keepHistory);

    // A file that names only the tag gets the tag's defaults.
    QJsonObject json;
    json.insert(QStringLiteral("id"), QUuid::createUuid().toString());
    json.insert(QStringLiteral("name"), QStringLiteral("live"));
    json.insert(QStringLiteral("tag"), QStringLiteral("production"));
    QString error;
    const auto loaded = ConnectionProfile::fromJson(json, &error);
    QVERIFY2(loaded.has_value(), qPrintable(error));
    QVERIFY(loaded->readOnly);
    QVERIFY(!loaded->keepHistory);

    // The user may still turn read-only off explicitly.
    json.insert(QStringLiteral("readOnly"), false);
    QVERIFY(!ConnectionProfile::fromJson(json, &error)->readOnly);
}

void TestProfileStore::readOnlyOptionsMerged()
{
    ConnectionProfile prod =
        ConnectionProfile::create(QStringLiteral("p"), ConnectionTag::Production);
    prod.hosts = QStringLiteral("db");
    PgConnectSpec spec = prod.toConnectSpec();
    QCOMPARE(spec.params.value(QStringLiteral("options")),
             QStringLiteral("-c default_transaction_read_only=on"));

    prod.options = QStringLiteral("-c search_path=app -c default_transaction_read_only=off");
    spec = prod.toConnectSpec();
    // Appended after the user's options so it wins.
    QCOMPARE(spec.params.value(QStringLiteral("options")),
             QStringLiteral("-c search_path=app -c default_transaction_read_only=off "
                            "-c default_transaction_read_only=on"));

    prod.readOnly = false;
    QCOMPARE(prod.toConnectSpec().params.value(QStringLiteral("options")), prod.options);

    ConnectionProfile dev =
        ConnectionProfile::create(QStringLiteral("d"), ConnectionTag::Development);
    QVERIFY(!dev.toConnectSpec().params.contains(QStringLiteral("options")));
    dev.readOnly = true;
    QCOMPARE(dev.toConnectSpec().params.value(QStringLiteral("options")),
             QStringLiteral("-c default_transaction_read_only=on"));

    // The switch is a profile setting, so an import of an exported string restores it.
    const ConnectionProfile back = ConnectionProfile::fromConnInfo(prod.toConnInfo());
    QVERIFY(!back.readOnly);
    ConnectionProfile ro = ConnectionProfile::create(QStringLiteral("ro"));
    ro.readOnly = true;
    ro.options = QStringLiteral("-c work_mem=64MB");
    const ConnectionProfile roBack = ConnectionProfile::fromConnInfo(ro.toConnInfo());
    QVERIFY(roBack.readOnly);
    QCOMPARE(roBack.options, QStringLiteral("-c work_mem=64MB"));
}

void TestProfileStore::passwordModes()
{
    ConnectionProfile p = ConnectionProfile::create(QStringLiteral("x"));
    p.hosts = QStringLiteral("db");
    p.user = QStringLiteral("alice");
    p.database = QStringLiteral("app");
    p.ports = QStringLiteral("6432");
    p.connectTimeout = 3;

    p.passwordMode = PasswordMode::Keychain;
    PgConnectSpec spec = p.toConnectSpec(QStringLiteral(" pw with spaces "));
    QCOMPARE(spec.params.value(QStringLiteral("password")), QStringLiteral(" pw with spaces "));
    QCOMPARE(spec.params.value(QStringLiteral("host")), QStringLiteral("db"));
    QCOMPARE(spec.params.value(QStringLiteral("port")), QStringLiteral("6432"));
    QCOMPARE(spec.params.value(QStringLiteral("dbname")), QStringLiteral("app"));
    QCOMPARE(spec.params.value(QStringLiteral("user")), QStringLiteral("alice"));
    QCOMPARE(spec.connectTimeoutSeconds, 3);
    // Empty fields are left out so libpq's defaults (PG*, services) apply.
    QVERIFY(!spec.params.contains(QStringLiteral("sslmode")));
    QVERIFY(!spec.params.contains(QStringLiteral("service")));

    p.passwordMode = PasswordMode::AskEveryTime;
    QCOMPARE(p.toConnectSpec(QStringLiteral("pw")).params.value(QStringLiteral("password")),
             QStringLiteral("pw"));

    // .pgpass mode: nothing is passed, whatever the caller has.
    p.passwordMode = PasswordMode::PgPass;
    QVERIFY(!p.toConnectSpec(QStringLiteral("pw")).params.contains(QStringLiteral("password")));
    QVERIFY(!p.toConnectSpec().params.contains(QStringLiteral("password")));
}

void TestProfileStore::connInfoRoundTrip()
{
    const ConnectionProfile p = sampleProfile(QStringLiteral("x"));
    const ConnInfoMap map = p.toConnInfo();
    QCOMPARE(map.value(QStringLiteral("host")), p.hosts);
    QCOMPARE(map.value(QStringLiteral("connect_timeout")), QStringLiteral("7"));
    QCOMPARE(map.value(QStringLiteral("sslcrl")), p.sslCrl);

    // Through an exported URI and back, as a user copying between machines would.
    const ConnInfoParseResult parsed = ConnInfo::parse(ConnInfo::toUri(map));
    QVERIFY2(parsed.ok(), qPrintable(parsed.error));
    ConnectionProfile back = ConnectionProfile::fromConnInfo(parsed.params, p.name);
    QVERIFY(back.id != p.id);
    back.id = p.id;
    back.color = p.color;               // not part of a connection string
    back.passwordMode = p.passwordMode; // neither
    QCOMPARE(back.toJson(), p.toJson());

    // A pasted password is not taken into the profile.
    ConnInfoMap withPassword = map;
    withPassword.insert(QStringLiteral("password"), QStringLiteral("pw"));
    const ConnectionProfile imported = ConnectionProfile::fromConnInfo(withPassword);
    QVERIFY(!imported.extraParams.contains(QStringLiteral("password")));
    QVERIFY(!QJsonDocument(imported.toJson()).toJson().contains("\"pw\""));

    // Names derived from what was imported.
    ConnInfoMap svc;
    svc.insert(QStringLiteral("service"), QStringLiteral("reporting"));
    QCOMPARE(ConnectionProfile::fromConnInfo(svc).name, QStringLiteral("reporting"));
    ConnInfoMap hostDb;
    hostDb.insert(QStringLiteral("host"), QStringLiteral("db1,db2"));
    hostDb.insert(QStringLiteral("dbname"), QStringLiteral("sales"));
    QCOMPARE(ConnectionProfile::fromConnInfo(hostDb).name, QStringLiteral("sales on db1"));
}

void TestProfileStore::jsonValidation_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("expectedError"); // empty: valid

    const QByteArray id = R"("id": "6f1c0a1e-9f62-4a57-bb6c-2b3c4d5e6f70")";
    QTest::newRow("minimal") << QByteArray("{" + id + R"(, "name": "n"})") << QString();
    QTest::newRow("bad uuid") << QByteArray(R"({"id": "nope", "name": "n"})")
                              << "“id” must be a UUID";
    QTest::newRow("empty name") << QByteArray("{" + id + R"(, "name": " "})") << "“name”";
    QTest::newRow("timeout text") << QByteArray("{" + id +
                                                R"(, "name": "n", "connectTimeout": "10"})")
                                  << "“connectTimeout”";
    QTest::newRow("timeout negative")
        << QByteArray("{" + id + R"(, "name": "n", "connectTimeout": -1})") << "“connectTimeout”";
    QTest::newRow("timeout fraction")
        << QByteArray("{" + id + R"(, "name": "n", "connectTimeout": 1.5})") << "“connectTimeout”";
    QTest::newRow("password mode")
        << QByteArray("{" + id + R"(, "name": "n", "passwordMode": "file"})") << "“passwordMode”";
    QTest::newRow("readOnly string")
        << QByteArray("{" + id + R"(, "name": "n", "readOnly": "yes"})")
        << "“readOnly” must be true or false";
    QTest::newRow("extra not object")
        << QByteArray("{" + id + R"(, "name": "n", "extraParams": []})") << "“extraParams”";
    QTest::newRow("unknown keyword")
        << QByteArray("{" + id + R"(, "name": "n", "extraParams": {"nosuch": "1"}})") << "nosuch";
    QTest::newRow("newer format") << QByteArray("{" + id + R"(, "name": "n", "format": 99})")
                                  << "newer";
}

void TestProfileStore::jsonValidation()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, expectedError);
    const QJsonDocument doc = QJsonDocument::fromJson(json);
    QVERIFY(doc.isObject());
    QString error;
    const auto profile = ConnectionProfile::fromJson(doc.object(), &error);
    if (expectedError.isEmpty()) {
        QVERIFY2(profile.has_value(), qPrintable(error));
        QCOMPARE(profile->connectTimeout, 10);
        QCOMPARE(profile->passwordMode, PasswordMode::Keychain);
    } else {
        QVERIFY(!profile.has_value());
        QVERIFY2(error.contains(expectedError), qPrintable(error));
    }
}

void TestProfileStore::missingDirectoryIsEmpty()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("not/yet/there"));
    ProfileStore store(path);
    const ProfileLoadResult result = store.load();
    QVERIFY(result.profiles.isEmpty());
    QVERIFY(result.problems.isEmpty());
    QVERIFY(!store.add(ConnectionProfile::create(QStringLiteral("first"))).isNull());
    QVERIFY(QDir(path).exists());
    QCOMPARE(ProfileStore::defaultDirectory().endsWith(QLatin1String("/connections")), true);
}

QTEST_GUILESS_MAIN(TestProfileStore)
#include "tst_profilestore.moc"
