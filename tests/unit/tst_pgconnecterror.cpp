// libpq's connection failure texts -> the first line a person reads. The inputs
// are what libpq 15 prints (verbose mode, as PgSession sets it while connecting).

#include "models/pg/pgconnecterror.h"

#include <QFile>
#include <QScopeGuard>
#include <QTest>

#include <cerrno>
#include <clocale>
#include <cstring>
#include <libintl.h>

using namespace sightline;

class TestPgConnectError : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void mapsLibpqText_data()
    {
        QTest::addColumn<QString>("libpq");
        QTest::addColumn<QString>("host");
        QTest::addColumn<QString>("message");
        QTest::addColumn<QString>("sqlState");

        const QString socket =
            QStringLiteral("connection to server on socket \"/run/pg/.s.PGSQL.5432\" failed: ");
        QTest::newRow("wrong password")
            << socket + QStringLiteral("FATAL:  28P01: password authentication failed for user "
                                       "\"alice\"\nLOCATION:  auth_failed, auth.c:334\n")
            << QString() << QStringLiteral("Wrong password for user \"alice\"")
            << QStringLiteral("28P01");
        QTest::newRow("wrong password, not verbose")
            << socket +
                   QStringLiteral("FATAL:  password authentication failed for user \"alice\"\n")
            << QString() << QStringLiteral("Wrong password for user \"alice\"")
            << QStringLiteral("28P01");
        QTest::newRow("no password")
            << socket + QStringLiteral("fe_sendauth: no password supplied\n") << QString()
            << QStringLiteral("The server asks for a password for user \"bob\", and none was given")
            << QString();
        QTest::newRow("database")
            << socket + QStringLiteral("FATAL:  3D000: database \"shop\" does not exist\n"
                                       "LOCATION:  InitPostgres, postinit.c:948\n")
            << QString() << QStringLiteral("Database \"shop\" does not exist on the server")
            << QStringLiteral("3D000");
        QTest::newRow("role") << socket + QStringLiteral(
                                              "FATAL:  28000: role \"carol\" does not exist\n")
                              << QString()
                              << QStringLiteral("Role \"carol\" does not exist on the server")
                              << QStringLiteral("28000");
        QTest::newRow("pg_hba")
            << QStringLiteral(
                   "connection to server at \"db\" (10.0.0.5), port 5432 failed: FATAL:  "
                   "28000: no pg_hba.conf entry for host \"10.0.0.9\", user \"bob\", "
                   "database \"shop\", no encryption\n")
            << QStringLiteral("db")
            << QStringLiteral(
                   "The server does not accept user \"bob\" for database \"shop\" from this "
                   "client (pg_hba.conf)")
            << QStringLiteral("28000");
        QTest::newRow("refused by address")
            << QStringLiteral(
                   "connection to server at \"127.0.0.1\", port 54999 failed: Connection "
                   "refused\n\tIs the server running on that host and accepting TCP/IP "
                   "connections?\n")
            << QStringLiteral("127.0.0.1")
            << QStringLiteral("Nothing is listening on 127.0.0.1 port 54999") << QString();
        QTest::newRow("refused by name")
            << QStringLiteral("connection to server at \"127.0.0.1\", port 5433 failed: Connection "
                              "refused\n")
            << QStringLiteral("db.example")
            << QStringLiteral("Nothing is listening on db.example port 5433") << QString();
        QTest::newRow("no socket")
            << socket + QStringLiteral("No such file or directory\n\tIs the server running locally "
                                       "and accepting connections on that socket?\n")
            << QString() << QStringLiteral("Nothing is listening on socket /run/pg/.s.PGSQL.5432")
            << QString();
        QTest::newRow("unknown host")
            << QStringLiteral("could not translate host name \"nope.invalid\" to address: Name or "
                              "service not known\n")
            << QStringLiteral("nope.invalid")
            << QStringLiteral("Unknown host \"nope.invalid\": the name could not be resolved")
            << QString();
        QTest::newRow("ssl required")
            << QStringLiteral("connection to server at \"db\" (10.0.0.5), port 5432 failed: server "
                              "does not support SSL, but SSL was required\n")
            << QStringLiteral("db")
            << QStringLiteral(
                   "The secure (SSL) connection failed: server does not support SSL, but "
                   "SSL was required")
            << QString();
        QTest::newRow("certificate")
            << QStringLiteral(
                   "connection to server at \"db\" (10.0.0.5), port 5432 failed: SSL error: "
                   "certificate verify failed\n")
            << QStringLiteral("db")
            << QStringLiteral(
                   "The secure (SSL) connection failed: SSL error: certificate verify failed")
            << QString();
        QTest::newRow("too many clients")
            << socket + QStringLiteral("FATAL:  53300: sorry, too many clients already\n")
            << QString() << QStringLiteral("The server has no free connection slots")
            << QStringLiteral("53300");
        QTest::newRow("starting up")
            << socket + QStringLiteral("FATAL:  57P03: the database system is starting up\n")
            << QString()
            << QStringLiteral("The server is starting up, shutting down or recovering and does not "
                              "accept connections right now")
            << QStringLiteral("57P03");
        QTest::newRow("unreachable")
            << QStringLiteral("connection to server at \"10.9.9.9\", port 5432 failed: Network is "
                              "unreachable\n")
            << QStringLiteral("10.9.9.9")
            << QStringLiteral("Cannot reach 10.9.9.9:5432: Network is unreachable") << QString();
        QTest::newRow("bad option")
            << QStringLiteral("invalid sslmode value: \"bogus\"\n") << QString()
            << QStringLiteral("Could not connect to the server: invalid sslmode value: \"bogus\"")
            << QString();
    }

    void mapsLibpqText()
    {
        QFETCH(QString, libpq);
        QFETCH(QString, host);
        QFETCH(QString, message);
        QFETCH(QString, sqlState);
        pg::ConnectTarget target;
        target.host = host;
        target.port = QStringLiteral("5432");
        target.user = QStringLiteral("bob");
        target.database = QStringLiteral("shop");
        const PgError error = pg::connectFailure(libpq, target);
        QCOMPARE(error.kind, PgError::Kind::Connection);
        QCOMPARE(error.message, message);
        QCOMPARE(error.sqlState, sqlState);
        // libpq's words stay available, without verbose mode's source locations.
        QVERIFY(!error.detail.isEmpty());
        QVERIFY(!error.detail.contains(QLatin1String("LOCATION:")));
        QCOMPARE(error.summary(), message);
    }

    // libpq puts strerror()'s text after its own, and the C library translates
    // it whatever libpq does: "Connection refused" reads "Verbindungsaufbau
    // abgelehnt" on a German desktop.
    void systemErrorsInTheUsersLanguage()
    {
        const QByteArray oldLanguage = qgetenv("LANGUAGE");
        const QByteArray oldLocale = std::setlocale(LC_ALL, nullptr);
        const auto restore = qScopeGuard([&] {
            if (oldLanguage.isNull())
                qunsetenv("LANGUAGE");
            else
                qputenv("LANGUAGE", oldLanguage);
            std::setlocale(LC_ALL, oldLocale.constData());
        });
        // C.UTF-8 rather than de_DE: it always exists, and unlike "C" it
        // lets LANGUAGE choose the messages.
        qputenv("LANGUAGE", "de");
        if (!std::setlocale(LC_ALL, "C.UTF-8"))
            QSKIP("no C.UTF-8 locale");
        const QString refused = QString::fromLocal8Bit(std::strerror(ECONNREFUSED));
        const QString missing = QString::fromLocal8Bit(std::strerror(ENOENT));
        if (refused == QLatin1String("Connection refused"))
            QSKIP("the C library has no German messages here (libc-l10n)");

        pg::ConnectTarget target;
        target.host = QStringLiteral("127.0.0.1");
        target.port = QStringLiteral("54999");
        PgError error = pg::connectFailure(
            QStringLiteral("connection to server at \"127.0.0.1\", port 54999 failed: %1\n")
                .arg(refused),
            target);
        QCOMPARE(error.message, QStringLiteral("Nothing is listening on 127.0.0.1 port 54999"));
        QVERIFY(error.detail.contains(refused)); // the detail stays in the user's language

        target.host.clear();
        error = pg::connectFailure(
            QStringLiteral("connection to server on socket \"/run/pg/.s.PGSQL.5432\" failed: %1\n")
                .arg(missing),
            target);
        QCOMPARE(error.message,
                 QStringLiteral("Nothing is listening on socket /run/pg/.s.PGSQL.5432"));
    }

    void libpqMessagesStayUntranslated()
    {
        const QByteArray domain = pg::libpqTextDomain();
        QVERIFY2(domain.startsWith("libpq5-"), domain.constData());
        // The name has to match libpq's catalogs, where they are installed.
        const QString german =
            QStringLiteral("/usr/share/locale/de/LC_MESSAGES/%1.mo").arg(QLatin1String(domain));
        if (QFile::exists(QStringLiteral("/usr/share/locale/de/LC_MESSAGES")) &&
            !QFile::exists(german))
            qWarning("no German libpq catalog at %s", qPrintable(german));

        pg::useUntranslatedLibpqMessages();
        pg::useUntranslatedLibpqMessages(); // once is enough; twice does no harm
        // libpq has bound its domain by now (it does so lazily, at its first
        // message), so ours is the binding that stays.
        const char *bound = bindtextdomain(domain.constData(), nullptr);
        QVERIFY(bound);
        QCOMPARE(QByteArray(bound), QByteArray("/nonexistent"));
    }

    void timeoutNamesTheEndpoint()
    {
        QCOMPARE(pg::connectTimeout(QStringLiteral("10.0.0.5:5432"), 10).message,
                 QStringLiteral("No answer from 10.0.0.5:5432 within 10 seconds"));
        QCOMPARE(pg::connectTimeout(QStringLiteral("db:5432"), 1).message,
                 QStringLiteral("No answer from db:5432 within one second"));
        QCOMPARE(pg::connectTimeout(QStringLiteral("x"), 3).kind, PgError::Kind::Timeout);
        QCOMPARE(pg::describeEndpoint(QStringLiteral("/run/pg"), QStringLiteral("5433")),
                 QStringLiteral("/run/pg/.s.PGSQL.5433"));
        QCOMPARE(pg::describeEndpoint(QStringLiteral("::1"), QStringLiteral("5432")),
                 QStringLiteral("[::1]:5432"));
        QCOMPARE(pg::describeEndpoint(QStringLiteral("db"), QStringLiteral("5432")),
                 QStringLiteral("db:5432"));
    }

    void lostConnectionKeepsTheServersReason()
    {
        PgError server;
        server.kind = PgError::Kind::Server;
        server.severity = QStringLiteral("FATAL");
        server.sqlState = QStringLiteral("57P01");
        server.message = QStringLiteral("terminating connection due to administrator command");
        const PgError lost = pg::connectionLost(
            server, QStringLiteral("FATAL:  terminating connection due to administrator command\n"),
            true);
        QCOMPARE(lost.kind, PgError::Kind::ConnectionLost);
        QCOMPARE(lost.message, QStringLiteral("The connection to the server was lost"));
        QCOMPARE(lost.sqlState, QStringLiteral("57P01"));
        QCOMPARE(lost.detail, server.message); // not twice
        QVERIFY(lost.hint.contains(QLatin1String("transaction")));

        const PgError eof = pg::connectionLost(
            PgError(), QStringLiteral("server closed the connection unexpectedly\n"), false);
        QVERIFY(eof.sqlState.isEmpty());
        QCOMPARE(eof.detail, QStringLiteral("server closed the connection unexpectedly"));
        QVERIFY(!eof.hint.contains(QLatin1String("transaction")));
    }
};

QTEST_GUILESS_MAIN(TestPgConnectError)
#include "tst_pgconnecterror.moc"
