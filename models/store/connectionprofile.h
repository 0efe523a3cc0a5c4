#pragma once

#include "models/pg/conninfo.h"
#include "models/pg/pgsession.h"

#include <QCoreApplication>
#include <QJsonObject>
#include <QList>
#include <QMetaType>
#include <QString>
#include <QUuid>

#include <optional>

namespace sightline {

// How careful to be with a server. Production changes the safety defaults.
enum class ConnectionTag
{
    None,
    Development,
    Staging,
    Production
};

// Where the password comes from. Never from a file Sightline writes.
enum class PasswordMode
{
    Keychain,     // the OS keychain (QtKeychain), keyed by profile id; asked when absent
    AskEveryTime, // asked on every connect, kept in memory only while connected
    PgPass        // nothing is passed: libpq uses ~/.pgpass, PGPASSWORD or no password
};

// A field of a profile, so validation problems can be shown next to their input.
enum class ProfileField
{
    Name,
    Hosts,
    Ports,
    Database,
    User,
    SslMode,
    SslCert,
    SslKey,
    SslRootCert,
    SslCrl,
    Service,
    Options,
    ConnectTimeout,
    Color,
    ExtraParams
};

struct ProfileProblem
{
    ProfileField field;
    QString message;
};

// A saved connection: everything needed to reach a server except the password.
struct ConnectionProfile
{
    Q_DECLARE_TR_FUNCTIONS(sightline::ConnectionProfile)
public:
    static constexpr int kFormatVersion = 1;
    static constexpr int kDefaultConnectTimeout = 10;

    QUuid id;
    QString name;
    QString hosts; // libpq's host: "db1,db2" for several, or a socket directory
    QString ports; // "5432" or one per host: "5432,5433"
    QString database;
    QString user;
    QString sslMode; // empty = libpq's default (prefer)
    QString sslCert;
    QString sslKey;
    QString sslRootCert;
    QString sslCrl;
    QString service; // a pg_service.conf entry; explicit fields override it
    QString options; // libpq "options", e.g. "-c search_path=app"
    int connectTimeout = kDefaultConnectTimeout; // seconds, 0 = wait forever
    QString color;                               // "#rrggbb" or empty
    ConnectionTag tag = ConnectionTag::None;
    PasswordMode passwordMode = PasswordMode::Keychain;
    bool readOnly = false;   // default_transaction_read_only on connect
    bool keepHistory = true; // record statements in the local history
    // Other libpq keywords kept from an import (application_name, keepalives...).
    // Never password or sslpassword.
    ConnInfoMap extraParams;

    // A new profile with a fresh id and the defaults for `tag`.
    static ConnectionProfile create(const QString &name = QString(),
                                    ConnectionTag tag = ConnectionTag::None);
    bool isValid() const { return !id.isNull() && !name.trimmed().isEmpty(); }

    // Sets the tag and the safety defaults that go with it: production is
    // read-only and keeps no statement history, the others are neither.
    void applyTag(ConnectionTag newTag);
    static bool defaultReadOnly(ConnectionTag tag) { return tag == ConnectionTag::Production; }
    static bool defaultKeepHistory(ConnectionTag tag) { return tag != ConnectionTag::Production; }
    bool isProduction() const { return tag == ConnectionTag::Production; }

    // Everything wrong with the profile; empty when it can be saved.
    QList<ProfileProblem> validate() const;

    // Parameters for PgSession. `password` is passed only when the mode lets
    // Sightline supply one (not PgPass). A read-only profile adds
    // "-c default_transaction_read_only=on" after the user's own options.
    PgConnectSpec toConnectSpec(const QString &password = QString()) const;
    // The options string actually sent (user options plus the read-only switch).
    QString effectiveOptions() const;

    // libpq keywords of this profile, for export; never a password.
    ConnInfoMap toConnInfo() const;
    // A profile (with a fresh id) from imported keywords; the name is derived
    // from the service, host and database. A password in `params` is ignored:
    // the caller decides where it goes.
    static ConnectionProfile fromConnInfo(const ConnInfoMap &params,
                                          const QString &name = QString());

    // "user@host:port/db" (or the service), for lists, prompts and tooltips.
    QString target() const;

    QJsonObject toJson() const;
    // Validates types and values; on failure returns nothing and a message
    // saying which field is wrong and why.
    static std::optional<ConnectionProfile> fromJson(const QJsonObject &json, QString *error);

    static QString tagKey(ConnectionTag tag); // "production": the JSON spelling
    static std::optional<ConnectionTag> tagFromKey(const QString &key);
    static QString tagName(ConnectionTag tag); // translated, for the UI
    static QString passwordModeKey(PasswordMode mode);
    static std::optional<PasswordMode> passwordModeFromKey(const QString &key);
    static QString passwordModeName(PasswordMode mode); // translated
    static QStringList sslModes();                      // libpq's sslmode values, weakest first
    // True for keywords a profile has a field of its own for (and secrets),
    // which therefore never belong in extraParams.
    static bool hasDedicatedField(const QString &keyword);

    friend bool operator==(const ConnectionProfile &, const ConnectionProfile &) = default;
};

} // namespace sightline

Q_DECLARE_METATYPE(sightline::ConnectionProfile)
