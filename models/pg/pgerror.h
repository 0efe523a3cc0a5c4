#pragma once

#include <QMetaType>
#include <QString>

namespace sightline {

// A diagnostic from the server or from libpq, as a value. Errors, notices and
// warnings share the shape; `kind` tells where it came from.
struct PgError
{
    enum class Kind
    {
        None,           // no error
        Server,         // an ErrorResponse/NoticeResponse from the server
        Connection,     // could not connect (refused, unknown host, auth, SSL)
        Timeout,        // connect timeout expired
        ConnectionLost, // the connection broke while in use
        Cancelled,      // the request was cancelled by the user (57014 from the server)
        Client          // a misuse detected before anything was sent
    };

    Kind kind = Kind::None;
    QString severity; // non-localised: ERROR, FATAL, PANIC, WARNING, NOTICE, DEBUG, INFO, LOG
    QString sqlState; // five characters, e.g. 57014
    QString message;
    QString detail;
    QString hint;
    QString context;
    int position = 0; // 1-based character position in the statement text, 0 when none
    int internalPosition = 0;
    QString internalQuery;

    bool isError() const { return kind != Kind::None; }
    // One line for a status bar: "ERROR 42P01: relation "x" does not exist".
    QString summary() const;
    // Everything, on several lines, for a details box.
    QString fullText() const;

    static PgError client(const QString &message);
};

// Notices use the same fields (severity NOTICE/WARNING/INFO/...).
using PgNotice = PgError;

} // namespace sightline

Q_DECLARE_METATYPE(sightline::PgError)
