#include "models/pg/pgerror.h"

#include <QCoreApplication>
#include <QStringList>

namespace sightline {

QString PgError::summary() const
{
    if (message.isEmpty() && !isError())
        return {};
    // Connection-level errors carry a sentence written for people; the server's
    // severity and SQLSTATE would only be noise in front of it.
    const bool fromServer = kind == Kind::Server || kind == Kind::Cancelled || kind == Kind::None;
    if (!fromServer || severity.isEmpty())
        return message;
    if (sqlState.isEmpty())
        return QStringLiteral("%1: %2").arg(severity, message);
    return QStringLiteral("%1 %2: %3").arg(severity, sqlState, message);
}

// PgError is a plain aggregate (no Q_OBJECT, no tr()): its texts name their
// context at each call, the form lupdate extracts without guessing.
QString PgError::fullText() const
{
    QStringList lines;
    lines << summary();
    const bool fromServer = kind == Kind::Server || kind == Kind::Cancelled || kind == Kind::None;
    if (!fromServer && !sqlState.isEmpty())
        lines << QCoreApplication::translate("sightline::PgError", "SQLSTATE: %1").arg(sqlState);
    if (!detail.isEmpty())
        lines << QCoreApplication::translate("sightline::PgError", "Detail: %1").arg(detail);
    if (!hint.isEmpty())
        lines << QCoreApplication::translate("sightline::PgError", "Hint: %1").arg(hint);
    if (position > 0)
        lines << QCoreApplication::translate("sightline::PgError", "Position: %1").arg(position);
    if (!internalQuery.isEmpty()) {
        lines << QCoreApplication::translate("sightline::PgError", "Internal query: %1")
                     .arg(internalQuery);
        if (internalPosition > 0)
            lines << QCoreApplication::translate("sightline::PgError", "Internal position: %1")
                         .arg(internalPosition);
    }
    if (!context.isEmpty())
        lines << QCoreApplication::translate("sightline::PgError", "Context: %1").arg(context);
    return lines.join(QLatin1Char('\n'));
}

PgError PgError::client(const QString &message)
{
    PgError error;
    error.kind = Kind::Client;
    error.severity = QStringLiteral("ERROR");
    error.message = message;
    return error;
}

} // namespace sightline
