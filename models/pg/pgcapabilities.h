#pragma once

#include <QMap>
#include <QMetaType>
#include <QString>

namespace sightline {

// What the connected server and role can do, probed once on connect
// (resources/sql/capabilities.sql). Later panels read it to decide what to show.
struct PgCapabilities
{
    int serverVersionNum = 0; // e.g. 150008
    QString serverVersion;    // e.g. "15.8 (Debian 15.8-0+deb12u1)"
    QString fullVersion;      // version(): also platform and compiler
    QString currentUser;
    QString sessionUser;
    QString database;
    bool superuser = false;
    bool pgMonitor = false;       // member of pg_monitor
    bool pgSignalBackend = false; // member of pg_signal_backend
    bool pgReadAllStats = false;  // member of pg_read_all_stats
    bool trackIoTiming = false;
    bool inRecovery = false;           // a standby
    bool defaultReadOnly = false;      // default_transaction_read_only
    QMap<QString, QString> extensions; // installed extension name -> version

    bool isValid() const { return serverVersionNum > 0; }
    bool hasExtension(const QString &name) const { return extensions.contains(name); }
    // "PostgreSQL 15.8"
    QString versionLabel() const;
};

} // namespace sightline

Q_DECLARE_METATYPE(sightline::PgCapabilities)
