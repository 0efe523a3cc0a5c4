#include "models/query/settingchange.h"

#include <QCoreApplication>
#include <QRegularExpression>

namespace sightline {

std::optional<SettingChange> parseSettingChange(const QString &text, QString *error)
{
    static const QRegularExpression form(
        QStringLiteral("^\\s*(?:set\\s+(?:session\\s+)?)?([a-z_][a-z0-9_]*(?:\\.[a-z_][a-z0-9_]*)?)"
                       "\\s*(?:=|\\s+to\\s+|\\s+)\\s*(.*?)\\s*;?\\s*$"),
        QRegularExpression::CaseInsensitiveOption);
    const QRegularExpressionMatch match = form.match(text);
    if (!match.hasMatch() || match.captured(2).isEmpty()) {
        *error = QCoreApplication::translate("SettingChange",
                                             "Write a setting and its value, e.g. work_mem = "
                                             "256MB or enable_seqscan = off.");
        return std::nullopt;
    }
    QString value = match.captured(2);
    // 'quoted' values lose their quotes: set_config takes the value itself.
    if (value.size() >= 2 && value.startsWith(QLatin1Char('\'')) &&
        value.endsWith(QLatin1Char('\'')))
        value = value.mid(1, value.size() - 2).replace(QStringLiteral("''"), QStringLiteral("'"));
    return SettingChange{match.captured(1).toLower(), value};
}

PgRequestId applySettingChange(PgSession &session, const SettingChange &change,
                               std::function<void(const PgQueryResult &)> done)
{
    return session.query(PgSession::sqlResource(QStringLiteral("set_session_setting")),
                         {change.name, change.value}, std::move(done));
}

} // namespace sightline
