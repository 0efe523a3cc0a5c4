#pragma once

#include <QCoreApplication>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

namespace sightline {

using ConnInfoMap = QMap<QString, QString>;

// The outcome of parsing a connection string. Errors are values: `error` holds
// libpq's own explanation ("missing "=" after "foo" in connection info string").
struct ConnInfoParseResult
{
    ConnInfoMap params; // only the keywords the text sets, with non-empty values
    QString error;

    bool ok() const { return error.isEmpty(); }
};

// One keyword libpq understands (from PQconndefaults).
struct ConnInfoKeyword
{
    QString keyword;      // "sslmode"
    QString label;        // libpq's label, "SSL-Mode"
    QString envVar;       // "PGSSLMODE", empty when there is none
    QString builtInValue; // compiled-in default, e.g. "prefer"
    bool secret = false;  // password, sslpassword: never exported or stored in files
    bool debug = false;   // options libpq hides by default
};

// A service from a pg_service.conf file.
struct PgService
{
    QString name;
    ConnInfoMap params;
    QString sourceFile; // the file that defines it (the one libpq would read it from)
};

// Services found in pg_service.conf files, and what was wrong with them.
struct PgServiceList
{
    QList<PgService> services;
    QStringList problems; // "file:line: ..." for lines libpq would reject
};

// Whether an exported connection string may carry a password.
enum class SecretExport
{
    Strip,
    Include
};

// libpq connection strings, in both notations: keyword/value ("host=db port=5432")
// and URI ("postgresql://db:5432"). Parsing goes through PQconninfoParse so that
// Sightline accepts exactly what psql accepts.
class ConnInfo final
{
    Q_DECLARE_TR_FUNCTIONS(sightline::ConnInfo)
public:
    ConnInfo() = delete;

    // True when the text uses the URI notation (postgresql:// or postgres://).
    static bool isUri(const QString &text);
    static ConnInfoParseResult parse(const QString &text);

    // Keyword/value notation, quoted where libpq needs it. Empty values are left out.
    static QString toKeywordString(const ConnInfoMap &params,
                                   SecretExport secrets = SecretExport::Strip);
    // URI notation: user, hosts and ports, database in the URI's parts, the rest
    // as query parameters; everything percent-encoded.
    static QString toUri(const ConnInfoMap &params, SecretExport secrets = SecretExport::Strip);

    // Every keyword libpq knows, in libpq's order.
    static const QList<ConnInfoKeyword> &keywords();
    static QStringList validKeywords();
    static bool isValidKeyword(const QString &keyword);
    static bool isSecretKeyword(const QString &keyword);
    // Drops password and sslpassword.
    static ConnInfoMap withoutSecrets(ConnInfoMap params);

    // The service files libpq reads, in its order: the user's file
    // (PGSERVICEFILE, else ~/.pg_service.conf), then the system file
    // (PGSYSCONFDIR/pg_service.conf, else the compiled-in sysconfdir).
    static QStringList serviceFiles();
    // Services from those files. A name defined in the user's file hides the
    // same name in the system file, as it does for libpq.
    static PgServiceList services();
    // Parses one service file (also for tests and diagnostics).
    static PgServiceList servicesFromFile(const QString &path);
};

} // namespace sightline
