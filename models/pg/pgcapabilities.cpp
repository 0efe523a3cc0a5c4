#include "models/pg/pgcapabilities.h"

#include <QCoreApplication>

namespace sightline {

QString PgCapabilities::versionLabel() const
{
    if (!isValid())
        return {};
    // server_version_num is exact and locale-free; server_version may carry a
    // distribution suffix ("15.8 (Debian 15.8-0+deb12u1)").
    QString number;
    if (serverVersionNum >= 100000) {
        number =
            QStringLiteral("%1.%2").arg(serverVersionNum / 10000).arg(serverVersionNum % 10000);
    } else {
        number = QStringLiteral("%1.%2.%3")
                     .arg(serverVersionNum / 10000)
                     .arg((serverVersionNum / 100) % 100)
                     .arg(serverVersionNum % 100);
    }
    return QCoreApplication::translate("sightline::PgCapabilities", "PostgreSQL %1").arg(number);
}

} // namespace sightline
