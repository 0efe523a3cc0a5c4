// Connection errors on a German desktop. libpq is built with NLS on Debian and
// would answer in the user's language; PgSession keeps libpq's own words
// English (they are only the detail) so that the first line, our own, can
// still say what went wrong. The C library's part (strerror) stays German.
//
// The process runs with LANGUAGE=de under de_DE.UTF-8 where that locale is
// installed, else under C.UTF-8, set in main() before QCoreApplication calls
// setlocale(): C.UTF-8 exists everywhere, and with glibc up to Debian 12's
// (unlike "C") it lets LANGUAGE pick the messages.

#include "models/pg/pgconnecterror.h"
#include "models/pg/pgsession.h"
#include "tests/testsupport/testserver.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#include <cerrno>
#include <clocale>
#include <cstring>
#include <libintl.h>

using namespace sightline;

namespace {

quint16 freePort()
{
    QTcpServer probe;
    if (!probe.listen(QHostAddress::LocalHost, 0))
        return 0;
    const quint16 port = probe.serverPort();
    probe.close();
    return port;
}

} // namespace

class TestPgConnectLocale : public QObject
{
    Q_OBJECT

private:
    PgError connectError(const PgConnectSpec &spec)
    {
        PgSession session;
        PgError error;
        if (test::connectAndWait(session, spec, &error))
            return PgError::client(QStringLiteral("connected, but should not have"));
        return error;
    }

private Q_SLOTS:
    void initTestCase()
    {
        SIGHTLINE_REQUIRE_SERVER();
        QCOMPARE(qgetenv("LANGUAGE"), QByteArray("de"));
        // The premise: this process would get German text from libpq and the
        // C library. libpq's catalog is read through a link of our own, so
        // libpq's binding (the thing under test) stays untouched.
        const QByteArray domain = pg::libpqTextDomain();
        const QString catalog =
            QStringLiteral("/usr/share/locale/de/LC_MESSAGES/%1.mo").arg(QLatin1String(domain));
        if (!QFile::exists(catalog))
            QSKIP(qPrintable(QStringLiteral("no German libpq catalog (%1)").arg(catalog)));
        QVERIFY(m_catalogs.isValid());
        QVERIFY(QDir(m_catalogs.path()).mkpath(QStringLiteral("de/LC_MESSAGES")));
        QVERIFY(QFile::link(
            catalog, m_catalogs.filePath(QStringLiteral("de/LC_MESSAGES/sightline-probe.mo"))));
        bindtextdomain("sightline-probe", QFile::encodeName(m_catalogs.path()).constData());
        // libpq 17 dropped the trailing newline from its messages.
        QString translated = QString::fromUtf8(dgettext("sightline-probe", "timeout expired"));
        if (translated == QLatin1String("timeout expired"))
            translated = QString::fromUtf8(dgettext("sightline-probe", "timeout expired\n"));
        QCOMPARE(translated.trimmed(), QStringLiteral("Timeout abgelaufen"));
        m_refused = QString::fromLocal8Bit(std::strerror(ECONNREFUSED));
        m_missing = QString::fromLocal8Bit(std::strerror(ENOENT));
        if (m_refused == QLatin1String("Connection refused"))
            QSKIP("the C library has no German messages here (libc-l10n)");
    }

    void refusedPortIsStillRecognised()
    {
        const quint16 port = freePort();
        QVERIFY(port != 0);
        PgConnectSpec spec;
        spec.params.insert(QStringLiteral("host"), QStringLiteral("127.0.0.1"));
        spec.params.insert(QStringLiteral("port"), QString::number(port));
        spec.params.insert(QStringLiteral("user"), QStringLiteral("nobody"));
        spec.connectTimeoutSeconds = 5;
        const PgError error = connectError(spec);
        QCOMPARE(error.kind, PgError::Kind::Connection);
        QCOMPARE(error.message,
                 QStringLiteral("Nothing is listening on 127.0.0.1 port %1").arg(port));
        // libpq's own words are English, the C library's stay the user's.
        QVERIFY2(error.detail.startsWith(QLatin1String("connection to server at")),
                 qPrintable(error.detail));
        QVERIFY2(error.detail.contains(m_refused), qPrintable(error.detail));
    }

    void missingSocketIsStillRecognised()
    {
        QTemporaryDir empty;
        QVERIFY(empty.isValid());
        PgConnectSpec spec;
        spec.params.insert(QStringLiteral("host"), empty.path());
        spec.params.insert(QStringLiteral("port"), QStringLiteral("5999"));
        spec.params.insert(QStringLiteral("user"), QStringLiteral("nobody"));
        const PgError error = connectError(spec);
        QCOMPARE(error.kind, PgError::Kind::Connection);
        QCOMPARE(
            error.message,
            QStringLiteral("Nothing is listening on socket %1/.s.PGSQL.5999").arg(empty.path()));
        QVERIFY2(error.detail.contains(m_missing), qPrintable(error.detail));
    }

    void passwordErrorsAreStillRecognised_data()
    {
        QTest::addColumn<QString>("password");
        QTest::addColumn<QString>("message");
        QTest::newRow("wrong") << QStringLiteral("not-the-password")
                               << QStringLiteral("Wrong password for user \"sightline_pw\"");
        QTest::newRow("missing")
            << QString()
            << QStringLiteral(
                   "The server asks for a password for user \"sightline_pw\", and none was given");
    }

    void passwordErrorsAreStillRecognised()
    {
        QFETCH(QString, password);
        QFETCH(QString, message);
        PgConnectSpec spec = test::serverSpec();
        spec.params.insert(QStringLiteral("user"), QStringLiteral("sightline_pw"));
        spec.params.insert(QStringLiteral("password"), password);
        const PgError error = connectError(spec);
        QCOMPARE(error.kind, PgError::Kind::Connection);
        QCOMPARE(error.message, message);
        QVERIFY2(error.detail.startsWith(QLatin1String("connection to server on socket")),
                 qPrintable(error.detail));
        // Verbose mode's source lines are recognised (and dropped) in English only.
        QVERIFY2(!error.detail.contains(QLatin1String("ORT:")), qPrintable(error.detail));
    }

    void onlyLibpqsCatalogIsSwitchedOff()
    {
        const QByteArray domain = pg::libpqTextDomain();
        QCOMPARE(QByteArray(bindtextdomain(domain.constData(), nullptr)),
                 QByteArray("/nonexistent"));
        // Everything else in the process keeps the user's language.
        QVERIFY(QString::fromLocal8Bit(std::strerror(ECONNREFUSED)) !=
                QLatin1String("Connection refused"));
    }

private:
    QTemporaryDir m_catalogs;
    QString m_refused;
    QString m_missing;
};

int main(int argc, char **argv)
{
    // Before QCoreApplication, whose setlocale(LC_ALL, "") reads these. A German locale
    // where one is installed: newer C libraries (Debian 13's glibc 2.41) ignore LANGUAGE
    // under C.UTF-8 as they do under C.
    const QByteArray locale =
        std::setlocale(LC_ALL, "de_DE.UTF-8") ? QByteArray("de_DE.UTF-8") : QByteArray("C.UTF-8");
    qputenv("LANGUAGE", "de");
    qputenv("LC_ALL", locale);
    QCoreApplication app(argc, argv);
    if (!std::setlocale(LC_ALL, nullptr) || QByteArray(std::setlocale(LC_ALL, nullptr)) != locale)
        qWarning("%s is not in effect: %s", locale.constData(), std::setlocale(LC_ALL, nullptr));
    TestPgConnectLocale test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_pgconnectlocale.moc"
