#include "models/pg/pgerror.h"

#include <QCoreApplication>
#include <QStringList>

namespace sightline {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("sightline::PgError", text);
}

} // namespace

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

QString PgError::fullText() const
{
    QStringList lines;
    lines << summary();
    const bool fromServer = kind == Kind::Server || kind == Kind::Cancelled || kind == Kind::None;
    if (!fromServer && !sqlState.isEmpty())
        lines << tr("SQLSTATE: %1").arg(sqlState);
    if (!detail.isEmpty())
        lines << tr("Detail: %1").arg(detail);
    if (!hint.isEmpty())
        lines << tr("Hint: %1").arg(hint);
    if (position > 0)
        lines << tr("Position: %1").arg(position);
    if (!internalQuery.isEmpty()) {
        lines << tr("Internal query: %1").arg(internalQuery);
        if (internalPosition > 0)
            lines << tr("Internal position: %1").arg(internalPosition);
    }
    if (!context.isEmpty())
        lines << tr("Context: %1").arg(context);
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
