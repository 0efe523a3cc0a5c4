#include "models/sql/queryfingerprint.h"

#include "models/sql/pgquerysupport.h"

#include <pg_query.h>

#include <QCryptographicHash>
#include <QMutexLocker>
#include <QRegularExpression>

namespace sightline {

QString queryFingerprint(const QString &sql)
{
    const QString trimmed = sql.trimmed();
    if (trimmed.isEmpty())
        return {};
    {
        const QByteArray utf8 = trimmed.toUtf8();
        const QMutexLocker lock(&pgQueryMutex());
        PgQueryFingerprintResult result = pg_query_fingerprint(utf8.constData());
        QString fingerprint;
        if (!result.error && result.fingerprint_str)
            fingerprint = QStringLiteral("pg:") + QString::fromLatin1(result.fingerprint_str);
        pg_query_free_fingerprint_result(result);
        if (!fingerprint.isEmpty())
            return fingerprint;
    }
    static const QRegularExpression spaces(QStringLiteral("\\s+"));
    QString normalised = trimmed.toLower();
    normalised.replace(spaces, QStringLiteral(" "));
    while (normalised.endsWith(QLatin1Char(';')))
        normalised.chop(1);
    return QStringLiteral("text:") +
           QString::fromLatin1(
               QCryptographicHash::hash(normalised.toUtf8(), QCryptographicHash::Sha1).toHex());
}

} // namespace sightline
