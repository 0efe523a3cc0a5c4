#include "models/pg/pgconnecterror.h"

#include "models/pg/pghandles.h"

#include <QCoreApplication>
#include <QRegularExpression>
#include <QStringList>

#include <cerrno>
#include <cstring>
#include <mutex>

#if __has_include(<libintl.h>)
#include <libintl.h>
#define SIGHTLINE_HAVE_LIBINTL 1
#endif

namespace sightline::pg {

namespace {

// A server error as libpq prints it in verbose mode: "FATAL:  28P01: message".
struct ServerLine
{
    QString severity;
    QString sqlState;
    QString message;
};

QList<ServerLine> serverLines(const QString &text)
{
    static const QRegularExpression re(
        QStringLiteral(R"re((FATAL|ERROR|PANIC):\s+(?:([0-9A-Z]{5}):\s+)?([^\n]*))re"));
    QList<ServerLine> lines;
    for (auto it = re.globalMatch(text); it.hasNext();) {
        const auto m = it.next();
        lines.append({m.captured(1), m.captured(2), m.captured(3).trimmed()});
    }
    return lines;
}

QString firstQuoted(const QString &text, const QString &pattern)
{
    const QRegularExpression re(pattern);
    const auto m = re.match(text);
    return m.hasMatch() ? m.captured(1) : QString();
}

// strerror_r comes in two flavours (XSI returns int, GNU returns the text).
[[maybe_unused]] const char *errorText(int result, const char *buffer)
{
    return result == 0 ? buffer : "";
}
[[maybe_unused]] const char *errorText(const char *result, const char *)
{
    return result;
}

// libpq appends strerror()'s text to its own, and the C library translates
// that text (LC_MESSAGES) whatever libpq does: look for the English words and
// for the ones this process's C library would use.
bool mentionsSystemError(const QString &text, int errorNumber, QLatin1StringView english)
{
    if (text.contains(english))
        return true;
    char buffer[256] = {};
    const QString local =
        QString::fromLocal8Bit(errorText(strerror_r(errorNumber, buffer, sizeof buffer), buffer));
    return !local.isEmpty() && text.contains(local);
}

bool isSocketDirectory(const QString &host)
{
    return host.startsWith(QLatin1Char('/')) || host.startsWith(QLatin1Char('@'));
}

// libpq's reason after "connection to server ... failed: ", first line only.
QString libpqReason(const QString &text)
{
    QString line = text.section(QLatin1Char('\n'), 0, 0);
    static const QRegularExpression prefix(QStringLiteral(
        R"re(^connection to server (?:at "[^"]*"(?: \([^)]*\))?, port \d+|on socket "[^"]*") failed:\s*)re"));
    line.remove(prefix);
    return line.trimmed();
}

PgError make(const QString &message, const QString &detail, const QString &sqlState = {},
             const QString &severity = {})
{
    PgError error;
    error.kind = PgError::Kind::Connection;
    error.message = message;
    error.detail = detail;
    error.sqlState = sqlState;
    error.severity = severity.isEmpty() ? QStringLiteral("FATAL") : severity;
    return error;
}

} // namespace

QByteArray libpqTextDomain()
{
    // libpq's build names it PG_TEXTDOMAIN("libpq"): "libpq", the soname's
    // major version, "-", and the major version of the libpq actually loaded.
    const int version = PQlibVersion();
    if (version >= 100000)
        return "libpq5-" + QByteArray::number(version / 10000);
    return "libpq5-" + QByteArray::number(version / 10000) + '.' +
           QByteArray::number(version / 100 % 100);
}

void useUntranslatedLibpqMessages()
{
    static std::once_flag once;
    std::call_once(once, [] {
#ifdef SIGHTLINE_HAVE_LIBINTL
        // libpq binds its catalog itself, at its first translated message,
        // and would undo a binding made before that. So have it translate one
        // (a connection string without "="), then point its domain at a
        // directory that holds no catalogs. Only libpq's domain changes: the
        // rest of the process keeps the user's language.
        char *error = nullptr;
        const ConnInfoOptionsPtr options(PQconninfoParse("sightline", &error));
        PQfreemem(error);
        bindtextdomain(libpqTextDomain().constData(), "/nonexistent");
#endif
    });
}

QString cleanLibpqMessage(const QString &message)
{
    QStringList kept;
    const QStringList lines = message.split(QLatin1Char('\n'));
    for (const QString &line : lines) {
        if (line.startsWith(QLatin1String("LOCATION:")))
            continue;
        kept << line;
    }
    return kept.join(QLatin1Char('\n')).trimmed();
}

QString describeEndpoint(const QString &host, const QString &port)
{
    if (isSocketDirectory(host))
        return QStringLiteral("%1/.s.PGSQL.%2")
            .arg(host, port.isEmpty() ? QStringLiteral("5432") : port);
    if (port.isEmpty())
        return host;
    // IPv6 literals need brackets to keep the port readable.
    if (host.contains(QLatin1Char(':')))
        return QStringLiteral("[%1]:%2").arg(host, port);
    return QStringLiteral("%1:%2").arg(host, port);
}

PgError connectFailure(const QString &libpqMessage, const ConnectTarget &target)
{
    const QString detail = cleanLibpqMessage(libpqMessage);
    const QList<ServerLine> server = serverLines(libpqMessage);

    auto serverWith = [&](const QString &state, const QString &textNeedle) -> const ServerLine * {
        for (const ServerLine &line : server) {
            if ((!state.isEmpty() && line.sqlState == state) ||
                (!textNeedle.isEmpty() && line.message.contains(textNeedle)))
                return &line;
        }
        return nullptr;
    };

    if (const ServerLine *line =
            serverWith(QStringLiteral("28P01"), QStringLiteral("password authentication failed"))) {
        QString user = firstQuoted(line->message, QStringLiteral(R"re(for user "([^"]*)")re"));
        if (user.isEmpty())
            user = target.user;
        return make(
            QCoreApplication::translate("sightline::PgSession", "Wrong password for user \"%1\"")
                .arg(user),
            detail, QStringLiteral("28P01"), line->severity);
    }
    if (libpqMessage.contains(QLatin1String("no password supplied"))) {
        return make(QCoreApplication::translate(
                        "sightline::PgSession",
                        "The server asks for a password for user \"%1\", and none was given")
                        .arg(target.user),
                    detail);
    }
    for (const ServerLine &line : server) {
        if (line.sqlState == QLatin1String("3D000") ||
            (line.message.startsWith(QLatin1String("database \"")) &&
             line.message.endsWith(QLatin1String("does not exist")))) {
            QString db = firstQuoted(line.message, QStringLiteral(R"re(database "([^"]*)")re"));
            if (db.isEmpty())
                db = target.database;
            return make(QCoreApplication::translate("sightline::PgSession",
                                                    "Database \"%1\" does not exist on the server")
                            .arg(db),
                        detail, QStringLiteral("3D000"), line.severity);
        }
    }
    for (const ServerLine &line : server) {
        if (line.message.startsWith(QLatin1String("role \"")) &&
            line.message.endsWith(QLatin1String("does not exist"))) {
            const QString role = firstQuoted(line.message, QStringLiteral(R"re(role "([^"]*)")re"));
            return make(QCoreApplication::translate("sightline::PgSession",
                                                    "Role \"%1\" does not exist on the server")
                            .arg(role),
                        detail, line.sqlState.isEmpty() ? QStringLiteral("28000") : line.sqlState,
                        line.severity);
        }
    }
    if (const ServerLine *line = serverWith(QString(), QStringLiteral("pg_hba.conf"))) {
        return make(QCoreApplication::translate(
                        "sightline::PgSession",
                        "The server does not accept user \"%1\" for database \"%2\" from this "
                        "client (pg_hba.conf)")
                        .arg(target.user, target.database),
                    detail, line->sqlState, line->severity);
    }
    if (const ServerLine *line = serverWith(QStringLiteral("53300"), QString())) {
        return make(QCoreApplication::translate("sightline::PgSession",
                                                "The server has no free connection slots"),
                    detail, line->sqlState, line->severity);
    }
    if (const ServerLine *line = serverWith(QStringLiteral("57P03"), QString())) {
        return make(
            QCoreApplication::translate(
                "sightline::PgSession",
                "The server is starting up, shutting down or recovering and does not accept "
                "connections right now"),
            detail, line->sqlState, line->severity);
    }
    if (!server.isEmpty() && server.first().sqlState.startsWith(QLatin1String("28"))) {
        return make(
            QCoreApplication::translate("sightline::PgSession", "The server refused the login: %1")
                .arg(server.first().message),
            detail, server.first().sqlState, server.first().severity);
    }
    if (libpqMessage.contains(QLatin1String("SSL")) ||
        libpqMessage.contains(QLatin1String("certificate"))) {
        return make(QCoreApplication::translate("sightline::PgSession",
                                                "The secure (SSL) connection failed: %1")
                        .arg(libpqReason(libpqMessage)),
                    detail);
    }
    {
        const QString host = firstQuoted(
            libpqMessage, QStringLiteral(R"re(could not translate host name "([^"]*)")re"));
        if (!host.isEmpty())
            return make(
                QCoreApplication::translate("sightline::PgSession",
                                            "Unknown host \"%1\": the name could not be resolved")
                    .arg(host),
                detail);
    }
    if (mentionsSystemError(libpqMessage, ECONNREFUSED, QLatin1StringView("Connection refused")) ||
        mentionsSystemError(libpqMessage, ENOENT, QLatin1StringView("No such file or directory"))) {
        static const QRegularExpression tcp(QStringLiteral(
            R"re(connection to server at "([^"]*)"(?: \([^)]*\))?, port (\d+) failed)re"));
        static const QRegularExpression unix(
            QStringLiteral(R"re(connection to server on socket "([^"]*)" failed)re"));
        const auto socketMatch = unix.match(libpqMessage);
        const auto tcpMatch = tcp.match(libpqMessage);
        if (tcpMatch.hasMatch() &&
            (!socketMatch.hasMatch() || tcpMatch.capturedStart() < socketMatch.capturedStart())) {
            // Prefer the host the user typed over the address it resolved to.
            QString host = tcpMatch.captured(1);
            if (!target.host.isEmpty() && !target.host.contains(QLatin1Char(',')) &&
                !isSocketDirectory(target.host))
                host = target.host;
            return make(QCoreApplication::translate("sightline::PgSession",
                                                    "Nothing is listening on %1 port %2")
                            .arg(host, tcpMatch.captured(2)),
                        detail);
        }
        if (socketMatch.hasMatch())
            return make(QCoreApplication::translate("sightline::PgSession",
                                                    "Nothing is listening on socket %1")
                            .arg(socketMatch.captured(1)),
                        detail);
    }
    if (libpqMessage.contains(QLatin1String("timeout expired")))
        return make(QCoreApplication::translate("sightline::PgSession",
                                                "No answer from the server in time"),
                    detail);
    if (mentionsSystemError(libpqMessage, ENETUNREACH,
                            QLatin1StringView("Network is unreachable")) ||
        mentionsSystemError(libpqMessage, EHOSTUNREACH, QLatin1StringView("No route to host"))) {
        return make(QCoreApplication::translate("sightline::PgSession", "Cannot reach %1: %2")
                        .arg(describeEndpoint(target.host, target.port), libpqReason(libpqMessage)),
                    detail);
    }
    if (!server.isEmpty()) {
        return make(QCoreApplication::translate("sightline::PgSession",
                                                "The server refused the connection: %1")
                        .arg(server.first().message),
                    detail, server.first().sqlState, server.first().severity);
    }
    const QString reason = libpqReason(libpqMessage);
    return make(
        reason.isEmpty()
            ? QCoreApplication::translate("sightline::PgSession", "Could not connect to the server")
            : QCoreApplication::translate("sightline::PgSession",
                                          "Could not connect to the server: %1")
                  .arg(reason),
        detail);
}

PgError connectTimeout(const QString &where, int seconds)
{
    PgError error;
    error.kind = PgError::Kind::Timeout;
    error.severity = QStringLiteral("FATAL");
    // English has no "(s)": one and many are separate sources; %n keeps the
    // numerus form for languages that need more than two.
    error.message =
        (seconds == 1
             ? QCoreApplication::translate("sightline::PgSession",
                                           "No answer from %1 within one second")
             : QCoreApplication::translate("sightline::PgSession",
                                           "No answer from %1 within %n seconds", nullptr, seconds))
            .arg(where);
    error.detail = QCoreApplication::translate(
        "sightline::PgSession",
        "The server did not complete the connection handshake before the connect "
        "timeout; it may be overloaded, or a firewall may be dropping packets.");
    return error;
}

PgError unknownHost(const QString &host, const QString &detail)
{
    PgError error =
        make(QCoreApplication::translate("sightline::PgSession",
                                         "Unknown host \"%1\": the name could not be resolved")
                 .arg(host),
             detail);
    return error;
}

PgError connectionLost(const PgError &serverError, const QString &libpqMessage,
                       bool transactionLost)
{
    PgError error;
    error.kind = PgError::Kind::ConnectionLost;
    error.severity = QStringLiteral("FATAL");
    error.message = QCoreApplication::translate("sightline::PgSession",
                                                "The connection to the server was lost");
    QStringList detail;
    if (serverError.isError() || !serverError.message.isEmpty()) {
        error.sqlState = serverError.sqlState;
        detail << serverError.message;
    }
    // libpq repeats the server's last words; keep its own part (the socket) only.
    const QString libpq = cleanLibpqMessage(libpqMessage);
    if (!libpq.isEmpty() && (serverError.message.isEmpty() || !libpq.contains(serverError.message)))
        detail << libpq;
    error.detail = detail.join(QLatin1Char('\n'));
    error.hint = transactionLost
                     ? QCoreApplication::translate(
                           "sightline::PgSession",
                           "A transaction was open: its changes are gone. Nothing was run again; "
                           "reconnect and repeat the transaction if needed.")
                     : QCoreApplication::translate("sightline::PgSession",
                                                   "Nothing was run again; reconnect to continue.");
    return error;
}

} // namespace sightline::pg
