#include "models/pg/conninfo.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace sightline;

namespace {

// "k=v;k=v" keeps the data tables readable; values in these tables have no ';'.
ConnInfoMap mapOf(const QString &spec)
{
    ConnInfoMap map;
    if (spec.isEmpty())
        return map;
    for (const QString &pair : spec.split(u';')) {
        const qsizetype eq = pair.indexOf(u'=');
        map.insert(pair.left(eq), pair.mid(eq + 1));
    }
    return map;
}

void writeFile(const QString &path, const QByteArray &text)
{
    QFile file(path);
    QVERIFY2(file.open(QIODevice::WriteOnly | QIODevice::Truncate), qPrintable(file.errorString()));
    file.write(text);
}

// Sets (or, for a null value, unsets) an environment variable and restores
// it when the test function ends, whatever happens.
class EnvGuard
{
public:
    EnvGuard(const char *name, const QString &value)
        : m_name(name)
        , m_had(qEnvironmentVariableIsSet(name))
        , m_old(qgetenv(name))
    {
        if (value.isNull())
            qunsetenv(name);
        else
            qputenv(name, value.toLocal8Bit());
    }
    ~EnvGuard()
    {
        if (m_had)
            qputenv(m_name, m_old);
        else
            qunsetenv(m_name);
    }
    EnvGuard(const EnvGuard &) = delete;
    EnvGuard &operator=(const EnvGuard &) = delete;

private:
    const char *m_name;
    bool m_had;
    QByteArray m_old;
};

} // namespace

class TestConnInfo : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void parse_data();
    void parse();
    void parseErrors_data();
    void parseErrors();
    void isUri();
    void uriRoundTrip_data();
    void uriRoundTrip();
    void keywordRoundTrip_data();
    void keywordRoundTrip();
    void keywordQuoting();
    void uriShape();
    void passwordsStrippedByDefault();
    void keywords();
    void services();
    void serviceFilesDefaultToHome();
};

void TestConnInfo::parse_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("expected");

    QTest::newRow("keywords") << "host=localhost port=5432 dbname=app user=alice"
                              << "dbname=app;host=localhost;port=5432;user=alice";
    QTest::newRow("keywords, spaces around =") << "host = db1  dbname =app"
                                               << "dbname=app;host=db1";
    QTest::newRow("uri") << "postgresql://alice@db.example.com:5433/sales?sslmode=require"
                         << "dbname=sales;host=db.example.com;port=5433;sslmode=require;user=alice";
    QTest::newRow("postgres scheme") << "postgres://db/x"
                                     << "dbname=x;host=db";
    QTest::newRow("multi-host uri") << "postgresql://h1:5432,h2:5433/db"
                                    << "dbname=db;host=h1,h2;port=5432,5433";
    QTest::newRow("multi-host uri, no ports") << "postgresql://h1,h2/db"
                                              << "dbname=db;host=h1,h2";
    QTest::newRow("multi-host keywords") << "host=h1,h2,h3 port=5432,5433,5434"
                                         << "host=h1,h2,h3;port=5432,5433,5434";
    QTest::newRow("ipv6") << "postgresql://[::1]:5433/db"
                          << "dbname=db;host=::1;port=5433";
    QTest::newRow("ipv6 and name") << "postgresql://[2001:db8::7],db2:6000/x"
                                   << "dbname=x;host=2001:db8::7,db2;port=,6000";
    QTest::newRow("percent-encoded")
        << "postgresql://us%40er:p%20w@host/my%20db?application_name=a%26b%3Dc"
        << "application_name=a&b=c;dbname=my db;host=host;password=p w;user=us@er";
    QTest::newRow("socket dir in uri") << "postgresql://%2Fvar%2Frun%2Fpostgresql/db"
                                       << "dbname=db;host=/var/run/postgresql";
    QTest::newRow("host as query parameter") << "postgresql:///db?host=/tmp/s&port=6543"
                                             << "dbname=db;host=/tmp/s;port=6543";
    QTest::newRow("sslmode and certs")
        << "host=db sslmode=verify-full sslrootcert=/etc/ca.pem sslcert=c.pem sslkey=k.pem"
        << "host=db;sslcert=c.pem;sslkey=k.pem;sslmode=verify-full;sslrootcert=/etc/ca.pem";
    QTest::newRow("ssl=true means require") << "postgresql://db?ssl=true"
                                            << "host=db;sslmode=require";
    QTest::newRow("quoted value") << R"(host=h options='-c search_path=a\'b' user='x y')"
                                  << "host=h;options=-c search_path=a'b;user=x y";
    QTest::newRow("backslash outside quotes") << R"(user=a\ b)"
                                              << "user=a b";
    QTest::newRow("unicode") << "dbname=bücher user=jürgen"
                             << "dbname=bücher;user=jürgen";
    QTest::newRow("service only") << "service=reporting"
                                  << "service=reporting";
    QTest::newRow("empty values dropped") << "host='' dbname=x"
                                          << "dbname=x";
    QTest::newRow("empty") << ""
                           << "";
    QTest::newRow("bare uri") << "postgresql://"
                              << "";
}

void TestConnInfo::parse()
{
    QFETCH(QString, text);
    QFETCH(QString, expected);
    const ConnInfoParseResult result = ConnInfo::parse(text);
    QVERIFY2(result.ok(), qPrintable(result.error));
    QCOMPARE(result.params, mapOf(expected));
}

void TestConnInfo::parseErrors_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("expectedFragment");

    QTest::newRow("missing =") << "host=localhost port"
                               << "missing \"=\" after \"port\"";
    QTest::newRow("unknown keyword") << "host=x nosuchkey=1"
                                     << "invalid connection option \"nosuchkey\"";
    QTest::newRow("unterminated quote") << "host='abc"
                                        << "unterminated quoted string";
    QTest::newRow("unknown uri parameter") << "postgresql://h/db?nosuch=1"
                                           << "invalid URI query parameter: \"nosuch\"";
    QTest::newRow("unclosed ipv6") << "postgresql://[::1/db"
                                   << "\"]\"";
    QTest::newRow("bad percent-encoding") << "postgresql://h/db%zz"
                                          << "percent-encoded";
}

void TestConnInfo::parseErrors()
{
    QFETCH(QString, text);
    QFETCH(QString, expectedFragment);
    const ConnInfoParseResult result = ConnInfo::parse(text);
    QVERIFY(!result.ok());
    QVERIFY(result.params.isEmpty());
    QVERIFY2(result.error.contains(expectedFragment), qPrintable(result.error));
    // libpq's messages end with a newline; ours do not.
    QCOMPARE(result.error, result.error.trimmed());
}

void TestConnInfo::isUri()
{
    QVERIFY(ConnInfo::isUri(QStringLiteral("postgresql://x")));
    QVERIFY(ConnInfo::isUri(QStringLiteral("  postgres://x")));
    QVERIFY(ConnInfo::isUri(QStringLiteral("PostgreSQL://x")));
    QVERIFY(!ConnInfo::isUri(QStringLiteral("host=x")));
    QVERIFY(!ConnInfo::isUri(QStringLiteral("mysql://x")));
}

namespace {

// Values that break naive quoting or encoding.
void addAwkwardRows()
{
    QTest::addColumn<QString>("spec");
    QTest::newRow("plain") << "dbname=app;host=db;port=5432;user=alice";
    QTest::newRow("spaces and quotes")
        << "application_name=it's a \"test\";dbname=my db;host=db;options=-c search_path='a b'"
           ";user=o'brien";
    QTest::newRow("backslashes") << R"(dbname=c:\data\;host=db;password=pa\ss'wo rd;user=\\x)";
    QTest::newRow("unicode") << "application_name=☃ snow ünïcødé;dbname=bücher;host=db;user=jürgen";
    QTest::newRow("uri delimiters")
        << "application_name=a&b=c?d#e/f%g+h;dbname=x/y?z;host=db;password=p@ss:w/rd;user=u@v:w";
    QTest::newRow("multi-host with ports") << "dbname=d;host=h1,h2,h3;port=5432,5433,5434";
    QTest::newRow("multi-host, one port") << "dbname=d;host=h1,h2;port=6432";
    QTest::newRow("ipv6 hosts") << "dbname=d;host=::1,db.example.com,fe80::1%eth0;port=1,2,3";
    QTest::newRow("socket dir with space") << "dbname=d;host=/tmp/sock dir;port=54329";
    QTest::newRow("default host in list") << "host=h1,,h3;port=5432";
    QTest::newRow("port only") << "port=6000;user=me";
    QTest::newRow("everything else")
        << "connect_timeout=7;keepalives=0;sslmode=verify-ca"
           ";sslrootcert=/etc/ssl/my ca.pem;target_session_attrs=read-write";
    QTest::newRow("service") << "dbname=override;service=my service";
}

} // namespace

void TestConnInfo::uriRoundTrip_data()
{
    addAwkwardRows();
}

void TestConnInfo::uriRoundTrip()
{
    QFETCH(QString, spec);
    const ConnInfoMap map = mapOf(spec);
    const QString uri = ConnInfo::toUri(map, SecretExport::Include);
    QVERIFY2(uri.startsWith(QLatin1String("postgresql://")), qPrintable(uri));
    // A URI is one token: nothing a shell or a URL bar would split or mangle.
    for (const QChar c : uri)
        QVERIFY2(c.unicode() > 32 && c.unicode() < 127 && c != u'\'' && c != u'"', qPrintable(uri));
    const ConnInfoParseResult back = ConnInfo::parse(uri);
    QVERIFY2(back.ok(), qPrintable(back.error + QLatin1String(" in ") + uri));
    QCOMPARE(back.params, map);
}

void TestConnInfo::keywordRoundTrip_data()
{
    addAwkwardRows();
}

void TestConnInfo::keywordRoundTrip()
{
    QFETCH(QString, spec);
    const ConnInfoMap map = mapOf(spec);
    const QString text = ConnInfo::toKeywordString(map, SecretExport::Include);
    const ConnInfoParseResult back = ConnInfo::parse(text);
    QVERIFY2(back.ok(), qPrintable(back.error + QLatin1String(" in ") + text));
    QCOMPARE(back.params, map);
}

void TestConnInfo::keywordQuoting()
{
    ConnInfoMap map;
    map.insert(QStringLiteral("host"), QStringLiteral("db"));
    map.insert(QStringLiteral("dbname"), QStringLiteral("my db"));
    map.insert(QStringLiteral("user"), QStringLiteral(R"(o'b\x)"));
    map.insert(QStringLiteral("port"), QStringLiteral("5432"));
    // "Where" first, then the rest: the order people write by hand.
    QCOMPARE(ConnInfo::toKeywordString(map),
             QStringLiteral(R"(host=db port=5432 dbname='my db' user='o\'b\\x')"));
}

void TestConnInfo::uriShape()
{
    ConnInfoMap map;
    map.insert(QStringLiteral("host"), QStringLiteral("h1,h2"));
    map.insert(QStringLiteral("port"), QStringLiteral("5432,5433"));
    map.insert(QStringLiteral("dbname"), QStringLiteral("sales db"));
    map.insert(QStringLiteral("user"), QStringLiteral("alice"));
    map.insert(QStringLiteral("sslmode"), QStringLiteral("require"));
    map.insert(QStringLiteral("application_name"), QStringLiteral("a b"));
    QCOMPARE(ConnInfo::toUri(map), QStringLiteral("postgresql://alice@h1:5432,h2:5433/sales%20db"
                                                  "?application_name=a%20b&sslmode=require"));

    ConnInfoMap v6;
    v6.insert(QStringLiteral("host"), QStringLiteral("::1"));
    v6.insert(QStringLiteral("port"), QStringLiteral("5433"));
    QCOMPARE(ConnInfo::toUri(v6), QStringLiteral("postgresql://[::1]:5433"));

    ConnInfoMap socket;
    socket.insert(QStringLiteral("host"), QStringLiteral("/run/postgresql"));
    QCOMPARE(ConnInfo::toUri(socket), QStringLiteral("postgresql://%2Frun%2Fpostgresql"));

    QCOMPARE(ConnInfo::toUri({}), QStringLiteral("postgresql://"));
}

void TestConnInfo::passwordsStrippedByDefault()
{
    const QString secret = QStringLiteral("s3cr3t-pässword");
    const QString keyPass = QStringLiteral("key-pass-phrase");
    ConnInfoMap map;
    map.insert(QStringLiteral("host"), QStringLiteral("db"));
    map.insert(QStringLiteral("user"), QStringLiteral("alice"));
    map.insert(QStringLiteral("password"), secret);
    map.insert(QStringLiteral("sslpassword"), keyPass);

    const QString uri = ConnInfo::toUri(map);
    const QString keywords = ConnInfo::toKeywordString(map);
    for (const QString &exported : {uri, keywords}) {
        QVERIFY2(!exported.contains(QLatin1String("password")), qPrintable(exported));
        QVERIFY2(!exported.contains(QLatin1String("s3cr3t")), qPrintable(exported));
        QVERIFY2(!exported.contains(keyPass), qPrintable(exported));
    }
    QCOMPARE(uri, QStringLiteral("postgresql://alice@db"));
    QCOMPARE(keywords, QStringLiteral("host=db user=alice"));

    // Only when asked for explicitly.
    const ConnInfoParseResult withSecret =
        ConnInfo::parse(ConnInfo::toUri(map, SecretExport::Include));
    QVERIFY2(withSecret.ok(), qPrintable(withSecret.error));
    QCOMPARE(withSecret.params.value(QStringLiteral("password")), secret);
    QVERIFY(ConnInfo::toKeywordString(map, SecretExport::Include).contains(secret));

    const ConnInfoMap stripped = ConnInfo::withoutSecrets(map);
    QCOMPARE(stripped.size(), 2);
    QVERIFY(!stripped.contains(QStringLiteral("password")));
    QVERIFY(!stripped.contains(QStringLiteral("sslpassword")));
}

void TestConnInfo::keywords()
{
    const QStringList valid = ConnInfo::validKeywords();
    for (const char *kw :
         {"host", "hostaddr", "port", "dbname", "user", "password", "sslmode", "sslrootcert",
          "options", "service", "connect_timeout", "target_session_attrs", "application_name"})
        QVERIFY2(valid.contains(QLatin1String(kw)), kw);
    QVERIFY(!ConnInfo::isValidKeyword(QStringLiteral("nosuchkey")));
    QVERIFY(ConnInfo::isSecretKeyword(QStringLiteral("password")));
    QVERIFY(ConnInfo::isSecretKeyword(QStringLiteral("sslpassword")));
    QVERIFY(!ConnInfo::isSecretKeyword(QStringLiteral("user")));

    bool sawSslmodeDefault = false;
    for (const ConnInfoKeyword &kw : ConnInfo::keywords()) {
        if (kw.keyword == QLatin1String("sslmode")) {
            QCOMPARE(kw.envVar, QStringLiteral("PGSSLMODE"));
            QCOMPARE(kw.builtInValue, QStringLiteral("prefer"));
            sawSslmodeDefault = true;
        }
        if (kw.keyword == QLatin1String("password"))
            QVERIFY(kw.secret);
    }
    QVERIFY(sawSslmodeDefault);
}

void TestConnInfo::services()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString userFile = dir.filePath(QStringLiteral("my services.conf"));
    const QString sysDir = dir.filePath(QStringLiteral("sysconf"));
    QVERIFY(QDir().mkpath(sysDir));
    const QString sysFile = sysDir + QStringLiteral("/pg_service.conf");

    writeFile(userFile, "# my services\n"
                        "\n"
                        "[alpha]\n"
                        "host=a.example.com\n"
                        "  port=5433  \n"
                        "dbname=sales db\n"
                        "user=alice\n"
                        "host=ignored-second-host\n"
                        "[shared]\n"
                        "host=from-user-file\n"
                        "garbage line\n"
                        "nonsense=1\n");
    writeFile(sysFile, "[shared]\n"
                       "host=from-system-file\n"
                       "[beta]\n"
                       "host=b.example.com\n"
                       "options=-c statement_timeout=5s\n");

    const EnvGuard serviceFile("PGSERVICEFILE", userFile);
    const EnvGuard sysconf("PGSYSCONFDIR", sysDir);

    QCOMPARE(ConnInfo::serviceFiles(), QStringList({userFile, sysFile}));

    const PgServiceList list = ConnInfo::services();
    QStringList names;
    for (const PgService &s : list.services)
        names << s.name;
    // libpq's order: the user's file first; its "shared" hides the system one.
    QCOMPARE(names, QStringList({QStringLiteral("alpha"), QStringLiteral("shared"),
                                 QStringLiteral("beta")}));

    const PgService &alpha = list.services.at(0);
    QCOMPARE(alpha.sourceFile, userFile);
    QCOMPARE(alpha.params,
             mapOf(QStringLiteral("dbname=sales db;host=a.example.com;port=5433;user=alice")));
    QCOMPARE(list.services.at(1).params.value(QStringLiteral("host")),
             QStringLiteral("from-user-file"));
    QCOMPARE(list.services.at(1).sourceFile, userFile);
    QCOMPARE(list.services.at(2).sourceFile, sysFile);
    QCOMPARE(list.services.at(2).params.value(QStringLiteral("options")),
             QStringLiteral("-c statement_timeout=5s"));

    // The two lines libpq would reject, with file and line number.
    QCOMPARE(list.problems.size(), 2);
    QVERIFY2(list.problems.at(0).contains(userFile + QStringLiteral(":11")),
             qPrintable(list.problems.at(0)));
    QVERIFY2(list.problems.at(1).contains(userFile + QStringLiteral(":12")),
             qPrintable(list.problems.at(1)));
    QVERIFY(list.problems.at(1).contains(QLatin1String("nonsense")));
}

void TestConnInfo::serviceFilesDefaultToHome()
{
    QTemporaryDir home;
    QVERIFY(home.isValid());
    const EnvGuard homeGuard("HOME", home.path());
    const EnvGuard sysconf("PGSYSCONFDIR", home.filePath(QStringLiteral("none")));
    const EnvGuard noServiceFile("PGSERVICEFILE", QString()); // the ctest environment sets one
    const QStringList files = ConnInfo::serviceFiles();
    QCOMPARE(files.value(0), home.path() + QStringLiteral("/.pg_service.conf"));

    writeFile(home.filePath(QStringLiteral(".pg_service.conf")), "[homesvc]\nhost=h\n");
    const PgServiceList list = ConnInfo::services();
    QCOMPARE(list.services.size(), 1);
    QCOMPARE(list.services.at(0).name, QStringLiteral("homesvc"));
    QVERIFY(list.problems.isEmpty());
}

QTEST_GUILESS_MAIN(TestConnInfo)
#include "tst_conninfo.moc"
