#pragma once

#include "models/pg/pgerror.h"

#include <QByteArray>
#include <QString>

// Private to models/pg (used by PgSession; tests read it too): turns libpq's
// connection failure text into a first line a person understands. libpq's own
// text is kept as the detail, so nothing it said is lost.

namespace sightline::pg {

// What the user asked to connect to, as they wrote it (host names, not the
// addresses the session resolved them to).
struct ConnectTarget
{
    QString host; // name, address or socket directory; may be a comma-separated list
    QString port;
    QString user;
    QString database;
};

// libpq's error text (PQerrorMessage, ideally with PQERRORS_VERBOSE so SQLSTATEs
// are in it) -> PgError of kind Connection.
PgError connectFailure(const QString &libpqMessage, const ConnectTarget &target);

// Our own connect timeout expired. `where` is "HOST:PORT" or a socket path.
PgError connectTimeout(const QString &where, int seconds);

// No host name of the target could be resolved.
PgError unknownHost(const QString &host, const QString &detail);

// "HOST:PORT", or the socket path for a socket directory.
QString describeEndpoint(const QString &host, const QString &port);

// An open connection broke. `serverError` is what the server said last (for
// example 57P01 from pg_terminate_backend), if anything; `libpqMessage` is
// libpq's description of the broken socket. `transactionLost` picks the hint.
PgError connectionLost(const PgError &serverError, const QString &libpqMessage,
                       bool transactionLost);

// Removes the LOCATION lines verbose mode adds and trailing white space.
QString cleanLibpqMessage(const QString &message);

// connectFailure() reads libpq's own words, which are English only while libpq
// leaves them untranslated; with NLS (Debian builds it so) libpq follows the
// user's LANGUAGE/LC_MESSAGES. The session calls this once before its first
// connection: libpq's messages stay English in this process (they are shown
// only as detail, under our own translated first line). Thread-safe.
void useUntranslatedLibpqMessages();

// libpq's gettext domain, e.g. "libpq5-15".
QByteArray libpqTextDomain();

} // namespace sightline::pg
