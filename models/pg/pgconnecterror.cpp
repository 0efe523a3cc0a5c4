#include "models/pg/pgconnecterror.h"

#include <QCoreApplication>
#include <QRegularExpression>
#include <QStringList>

namespace sightline::pg {

namespace {

QString tr(const char *text, int n = -1)
{
    return QCoreApplication::translate("sightline::PgSession", text, nullptr, n);
}

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
        return make(tr("Wrong password for user \"%1\"").arg(user), detail, QStringLiteral("28P01"),
                    line->severity);
    }
    if (libpqMessage.contains(QLatin1String("no password supplied"))) {
        return make(tr("The server asks for a password for user \"%1\", and none was given")
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
            return make(tr("Database \"%1\" does not exist on the server").arg(db), detail,
                        QStringLiteral("3D000"), line.severity);
        }
    }
    for (const ServerLine &line : server) {
        if (line.message.startsWith(QLatin1String("role \"")) &&
            line.message.endsWith(QLatin1String("does not exist"))) {
            const QString role = firstQuoted(line.message, QStringLiteral(R"re(role "([^"]*)")re"));
            return make(tr("Role \"%1\" does not exist on the server").arg(role), detail,
                        line.sqlState.isEmpty() ? QStringLiteral("28000") : line.sqlState,
                        line.severity);
        }
    }
    if (const ServerLine *line = serverWith(QString(), QStringLiteral("pg_hba.conf"))) {
        return make(tr("The server does not accept user \"%1\" for database \"%2\" from this "
                       "client (pg_hba.conf)")
                        .arg(target.user, target.database),
                    detail, line->sqlState, line->severity);
    }
    if (const ServerLine *line = serverWith(QStringLiteral("53300"), QString())) {
        return make(tr("The server has no free connection slots"), detail, line->sqlState,
                    line->severity);
    }
    if (const ServerLine *line = serverWith(QStringLiteral("57P03"), QString())) {
        return make(tr("The server is starting up, shutting down or recovering and does not accept "
                       "connections right now"),
                    detail, line->sqlState, line->severity);
    }
    if (!server.isEmpty() && server.first().sqlState.startsWith(QLatin1String("28"))) {
        return make(tr("The server refused the login: %1").arg(server.first().message), detail,
                    server.first().sqlState, server.first().severity);
    }
    if (libpqMessage.contains(QLatin1String("SSL")) ||
        libpqMessage.contains(QLatin1String("certificate"))) {
        return make(tr("The secure (SSL) connection failed: %1").arg(libpqReason(libpqMessage)),
                    detail);
    }
    {
        const QString host = firstQuoted(
            libpqMessage, QStringLiteral(R"re(could not translate host name "([^"]*)")re"));
        if (!host.isEmpty())
            return make(tr("Unknown host \"%1\": the name could not be resolved").arg(host),
                        detail);
    }
    if (libpqMessage.contains(QLatin1String("Connection refused")) ||
        libpqMessage.contains(QLatin1String("No such file or directory"))) {
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
            return make(tr("Nothing is listening on %1 port %2").arg(host, tcpMatch.captured(2)),
                        detail);
        }
        if (socketMatch.hasMatch())
            return make(tr("Nothing is listening on socket %1").arg(socketMatch.captured(1)),
                        detail);
    }
    if (libpqMessage.contains(QLatin1String("timeout expired")))
        return make(tr("No answer from the server in time"), detail);
    if (libpqMessage.contains(QLatin1String("Network is unreachable")) ||
        libpqMessage.contains(QLatin1String("No route to host"))) {
        return make(tr("Cannot reach %1: %2")
                        .arg(describeEndpoint(target.host, target.port), libpqReason(libpqMessage)),
                    detail);
    }
    if (!server.isEmpty()) {
        return make(tr("The server refused the connection: %1").arg(server.first().message), detail,
                    server.first().sqlState, server.first().severity);
    }
    const QString reason = libpqReason(libpqMessage);
    return make(reason.isEmpty() ? tr("Could not connect to the server")
                                 : tr("Could not connect to the server: %1").arg(reason),
                detail);
}

PgError connectTimeout(const QString &where, int seconds)
{
    PgError error;
    error.kind = PgError::Kind::Timeout;
    error.severity = QStringLiteral("FATAL");
    // English has no "(s)": one and many are separate sources; %n keeps the
    // numerus form for languages that need more than two.
    error.message = (seconds == 1 ? tr("No answer from %1 within one second")
                                  : tr("No answer from %1 within %n seconds", seconds))
                        .arg(where);
    error.detail = tr("The server did not complete the connection handshake before the connect "
                      "timeout; it may be overloaded, or a firewall may be dropping packets.");
    return error;
}

PgError unknownHost(const QString &host, const QString &detail)
{
    PgError error =
        make(tr("Unknown host \"%1\": the name could not be resolved").arg(host), detail);
    return error;
}

PgError connectionLost(const PgError &serverError, const QString &libpqMessage,
                       bool transactionLost)
{
    PgError error;
    error.kind = PgError::Kind::ConnectionLost;
    error.severity = QStringLiteral("FATAL");
    error.message = tr("The connection to the server was lost");
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
                     ? tr("A transaction was open: its changes are gone. Nothing was run again; "
                          "reconnect and repeat the transaction if needed.")
                     : tr("Nothing was run again; reconnect to continue.");
    return error;
}

} // namespace sightline::pg
