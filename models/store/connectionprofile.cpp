#include "models/store/connectionprofile.h"

#include <QJsonValue>
#include <QRegularExpression>

namespace sightline {

namespace {

const QString kReadOnlySwitch = QStringLiteral("-c default_transaction_read_only=on");

// Keywords that have a field of their own; everything else may go to extraParams.
const QStringList &dedicatedKeywords()
{
    static const QStringList keys{QStringLiteral("host"),     QStringLiteral("port"),
                                  QStringLiteral("dbname"),   QStringLiteral("user"),
                                  QStringLiteral("sslmode"),  QStringLiteral("sslcert"),
                                  QStringLiteral("sslkey"),   QStringLiteral("sslrootcert"),
                                  QStringLiteral("sslcrl"),   QStringLiteral("service"),
                                  QStringLiteral("options"),  QStringLiteral("connect_timeout"),
                                  QStringLiteral("password"), QStringLiteral("sslpassword")};
    return keys;
}

// The string fields, by their JSON key, so reading and writing cannot drift apart.
struct StringField
{
    const char *key;
    QString ConnectionProfile::*member;
};

const StringField kStringFields[] = {
    {"hosts", &ConnectionProfile::hosts},       {"ports", &ConnectionProfile::ports},
    {"database", &ConnectionProfile::database}, {"user", &ConnectionProfile::user},
    {"sslMode", &ConnectionProfile::sslMode},   {"sslCert", &ConnectionProfile::sslCert},
    {"sslKey", &ConnectionProfile::sslKey},     {"sslRootCert", &ConnectionProfile::sslRootCert},
    {"sslCrl", &ConnectionProfile::sslCrl},     {"service", &ConnectionProfile::service},
    {"options", &ConnectionProfile::options},   {"color", &ConnectionProfile::color},
};

// Matches the read-only switch however it was written, so an exported and
// re-imported profile comes back as "read-only" rather than as raw options.
const QRegularExpression &readOnlyPattern()
{
    static const QRegularExpression re(
        QStringLiteral(
            R"((?:^|\s)(?:-c\s*|--)default_transaction_read_only\s*=\s*(?:on|true|yes|1)(?=\s|$))"),
        QRegularExpression::CaseInsensitiveOption);
    return re;
}

QString typeName(const QJsonValue &value)
{
    const char *context = "sightline::ConnectionProfile";
    switch (value.type()) {
    case QJsonValue::Null:
        return QCoreApplication::translate(context, "null");
    case QJsonValue::Bool:
        return QCoreApplication::translate(context, "a boolean");
    case QJsonValue::Double:
        return QCoreApplication::translate(context, "a number");
    case QJsonValue::String:
        return QCoreApplication::translate(context, "a string");
    case QJsonValue::Array:
        return QCoreApplication::translate(context, "an array");
    case QJsonValue::Object:
        return QCoreApplication::translate(context, "an object");
    case QJsonValue::Undefined:
        break;
    }
    return QCoreApplication::translate(context, "nothing");
}

void setError(QString *error, const QString &message)
{
    if (error)
        *error = message;
}

} // namespace

ConnectionProfile ConnectionProfile::create(const QString &name, ConnectionTag tag)
{
    ConnectionProfile profile;
    profile.id = QUuid::createUuid();
    profile.name = name;
    profile.applyTag(tag);
    return profile;
}

void ConnectionProfile::applyTag(ConnectionTag newTag)
{
    tag = newTag;
    readOnly = defaultReadOnly(newTag);
    keepHistory = defaultKeepHistory(newTag);
}

QStringList ConnectionProfile::sslModes()
{
    return {QStringLiteral("disable"), QStringLiteral("allow"),     QStringLiteral("prefer"),
            QStringLiteral("require"), QStringLiteral("verify-ca"), QStringLiteral("verify-full")};
}

QList<ProfileProblem> ConnectionProfile::validate() const
{
    QList<ProfileProblem> problems;
    if (name.trimmed().isEmpty())
        problems.append({ProfileField::Name, tr("Give the connection a name.")});

    const QStringList hostList = hosts.trimmed().isEmpty() ? QStringList() : hosts.split(u',');
    for (const QString &h : hostList) {
        if (h.trimmed().contains(QRegularExpression(QStringLiteral("\\s")))) {
            problems.append({ProfileField::Hosts, tr("“%1” is not a host name: host names cannot "
                                                     "contain spaces. Separate hosts with commas.")
                                                      .arg(h.trimmed())});
            break;
        }
    }

    const QStringList portList = ports.trimmed().isEmpty() ? QStringList() : ports.split(u',');
    for (const QString &p : portList) {
        bool ok = false;
        const int port = p.trimmed().toInt(&ok);
        if (!p.trimmed().isEmpty() && (!ok || port < 1 || port > 65535)) {
            problems.append(
                {ProfileField::Ports, tr("“%1” is not a port number (1–65535).").arg(p.trimmed())});
            break;
        }
    }
    if (portList.size() > 1 && portList.size() != qMax<qsizetype>(1, hostList.size())) {
        problems.append({ProfileField::Ports,
                         tr("Give one port for all hosts, or one port per host (%n host(s)).", "",
                            int(hostList.size()))});
    }

    if (!sslMode.isEmpty() && !sslModes().contains(sslMode)) {
        problems.append(
            {ProfileField::SslMode,
             tr("“%1” is not an SSL mode; use one of %2.").arg(sslMode, sslModes().join(u", "))});
    }
    if (connectTimeout < 0 || connectTimeout > 3600) {
        problems.append({ProfileField::ConnectTimeout,
                         tr("The connect timeout must be between 0 (wait forever) and 3600 "
                            "seconds.")});
    }
    static const QRegularExpression colorRe(QStringLiteral("^#[0-9a-fA-F]{6}$"));
    if (!color.isEmpty() && !colorRe.match(color).hasMatch()) {
        problems.append({ProfileField::Color, tr("“%1” is not a colour; use #rrggbb.").arg(color)});
    }
    for (auto it = extraParams.cbegin(); it != extraParams.cend(); ++it) {
        if (ConnInfo::isSecretKeyword(it.key())) {
            problems.append(
                {ProfileField::ExtraParams,
                 tr("Passwords are never stored with a profile (“%1”).").arg(it.key())});
        } else if (hasDedicatedField(it.key())) {
            problems.append(
                {ProfileField::ExtraParams, tr("“%1” has a field of its own.").arg(it.key())});
        } else if (!ConnInfo::isValidKeyword(it.key())) {
            problems.append({ProfileField::ExtraParams,
                             tr("“%1” is not a libpq connection keyword.").arg(it.key())});
        }
    }
    return problems;
}

QString ConnectionProfile::effectiveOptions() const
{
    const QString own = options.trimmed();
    if (!readOnly)
        return own;
    // Appended last so it wins over a contrary setting in the user's options.
    return own.isEmpty() ? kReadOnlySwitch : own + QLatin1Char(' ') + kReadOnlySwitch;
}

PgConnectSpec ConnectionProfile::toConnectSpec(const QString &password) const
{
    PgConnectSpec spec;
    auto put = [&spec](const QString &key, const QString &value) {
        if (!value.trimmed().isEmpty())
            spec.params.insert(key, value.trimmed());
    };
    for (auto it = extraParams.cbegin(); it != extraParams.cend(); ++it) {
        if (!ConnInfo::isSecretKeyword(it.key()))
            put(it.key(), it.value());
    }
    put(QStringLiteral("service"), service);
    put(QStringLiteral("host"), hosts);
    put(QStringLiteral("port"), ports);
    put(QStringLiteral("dbname"), database);
    put(QStringLiteral("user"), user);
    put(QStringLiteral("sslmode"), sslMode);
    put(QStringLiteral("sslcert"), sslCert);
    put(QStringLiteral("sslkey"), sslKey);
    put(QStringLiteral("sslrootcert"), sslRootCert);
    put(QStringLiteral("sslcrl"), sslCrl);
    put(QStringLiteral("options"), effectiveOptions());
    // PgPass: libpq finds the password itself (.pgpass, PGPASSWORD) or uses none.
    // A password is never trimmed: spaces can be part of it.
    if (passwordMode != PasswordMode::PgPass && !password.isEmpty())
        spec.params.insert(QStringLiteral("password"), password);
    spec.connectTimeoutSeconds = connectTimeout;
    return spec;
}

ConnInfoMap ConnectionProfile::toConnInfo() const
{
    ConnInfoMap map = toConnectSpec().params;
    map.remove(QStringLiteral("password"));
    map.insert(QStringLiteral("connect_timeout"), QString::number(connectTimeout));
    return map;
}

ConnectionProfile ConnectionProfile::fromConnInfo(const ConnInfoMap &params, const QString &name)
{
    ConnectionProfile p = create(name);
    for (auto it = params.cbegin(); it != params.cend(); ++it) {
        const QString &key = it.key();
        const QString &value = it.value();
        if (key == QLatin1String("host"))
            p.hosts = value;
        else if (key == QLatin1String("port"))
            p.ports = value;
        else if (key == QLatin1String("dbname"))
            p.database = value;
        else if (key == QLatin1String("user"))
            p.user = value;
        else if (key == QLatin1String("sslmode"))
            p.sslMode = value;
        else if (key == QLatin1String("sslcert"))
            p.sslCert = value;
        else if (key == QLatin1String("sslkey"))
            p.sslKey = value;
        else if (key == QLatin1String("sslrootcert"))
            p.sslRootCert = value;
        else if (key == QLatin1String("sslcrl"))
            p.sslCrl = value;
        else if (key == QLatin1String("service"))
            p.service = value;
        else if (key == QLatin1String("options"))
            p.options = value;
        else if (key == QLatin1String("connect_timeout")) {
            bool ok = false;
            const int seconds = value.trimmed().toInt(&ok);
            if (ok && seconds >= 0)
                p.connectTimeout = seconds;
        } else if (!ConnInfo::isSecretKeyword(key) && !value.isEmpty()) {
            p.extraParams.insert(key, value);
        }
    }
    const QRegularExpressionMatch m = readOnlyPattern().match(p.options);
    if (m.hasMatch()) {
        p.options.remove(m.capturedStart(), m.capturedLength());
        p.options = p.options.simplified();
        p.readOnly = true;
    }
    if (p.name.trimmed().isEmpty()) {
        if (!p.service.isEmpty() && p.hosts.isEmpty())
            p.name = p.service;
        else {
            const QString host = p.hosts.section(u',', 0, 0).trimmed();
            const QString where = host.isEmpty() || host.startsWith(u'/') ? tr("local") : host;
            p.name = p.database.isEmpty() ? where : tr("%1 on %2").arg(p.database, where);
        }
    }
    return p;
}

QString ConnectionProfile::target() const
{
    QString where = hosts.trimmed();
    if (where.isEmpty() && !service.isEmpty())
        where = QStringLiteral("service=%1").arg(service);
    if (where.isEmpty())
        where = tr("default host");
    QString text;
    if (!user.isEmpty())
        text += user + QLatin1Char('@');
    text += where;
    if (!ports.trimmed().isEmpty())
        text += QLatin1Char(':') + ports.trimmed();
    if (!database.isEmpty())
        text += QLatin1Char('/') + database;
    return text;
}

QString ConnectionProfile::tagKey(ConnectionTag tag)
{
    switch (tag) {
    case ConnectionTag::Development:
        return QStringLiteral("development");
    case ConnectionTag::Staging:
        return QStringLiteral("staging");
    case ConnectionTag::Production:
        return QStringLiteral("production");
    case ConnectionTag::None:
        break;
    }
    return QStringLiteral("none");
}

std::optional<ConnectionTag> ConnectionProfile::tagFromKey(const QString &key)
{
    for (ConnectionTag t : {ConnectionTag::None, ConnectionTag::Development, ConnectionTag::Staging,
                            ConnectionTag::Production}) {
        if (tagKey(t) == key)
            return t;
    }
    return std::nullopt;
}

QString ConnectionProfile::tagName(ConnectionTag tag)
{
    switch (tag) {
    case ConnectionTag::Development:
        return tr("Development");
    case ConnectionTag::Staging:
        return tr("Staging");
    case ConnectionTag::Production:
        return tr("Production");
    case ConnectionTag::None:
        break;
    }
    return tr("No tag");
}

QString ConnectionProfile::passwordModeKey(PasswordMode mode)
{
    switch (mode) {
    case PasswordMode::AskEveryTime:
        return QStringLiteral("ask");
    case PasswordMode::PgPass:
        return QStringLiteral("pgpass");
    case PasswordMode::Keychain:
        break;
    }
    return QStringLiteral("keychain");
}

std::optional<PasswordMode> ConnectionProfile::passwordModeFromKey(const QString &key)
{
    for (PasswordMode m :
         {PasswordMode::Keychain, PasswordMode::AskEveryTime, PasswordMode::PgPass}) {
        if (passwordModeKey(m) == key)
            return m;
    }
    return std::nullopt;
}

QString ConnectionProfile::passwordModeName(PasswordMode mode)
{
    switch (mode) {
    case PasswordMode::AskEveryTime:
        return tr("Ask every time");
    case PasswordMode::PgPass:
        return tr(".pgpass, PGPASSWORD or none");
    case PasswordMode::Keychain:
        break;
    }
    return tr("Keychain");
}

bool ConnectionProfile::hasDedicatedField(const QString &keyword)
{
    return dedicatedKeywords().contains(keyword);
}

QJsonObject ConnectionProfile::toJson() const
{
    QJsonObject o;
    o.insert(QStringLiteral("format"), kFormatVersion);
    o.insert(QStringLiteral("id"), id.toString(QUuid::WithoutBraces));
    o.insert(QStringLiteral("name"), name);
    for (const StringField &f : kStringFields) {
        const QString &value = this->*f.member;
        if (!value.isEmpty())
            o.insert(QLatin1String(f.key), value);
    }
    o.insert(QStringLiteral("connectTimeout"), connectTimeout);
    o.insert(QStringLiteral("tag"), tagKey(tag));
    o.insert(QStringLiteral("passwordMode"), passwordModeKey(passwordMode));
    o.insert(QStringLiteral("readOnly"), readOnly);
    o.insert(QStringLiteral("keepHistory"), keepHistory);
    QJsonObject extra;
    for (auto it = extraParams.cbegin(); it != extraParams.cend(); ++it) {
        if (!ConnInfo::isSecretKeyword(it.key()))
            extra.insert(it.key(), it.value());
    }
    if (!extra.isEmpty())
        o.insert(QStringLiteral("extraParams"), extra);
    return o;
}

std::optional<ConnectionProfile> ConnectionProfile::fromJson(const QJsonObject &json,
                                                             QString *error)
{
    const QJsonValue format = json.value(QLatin1String("format"));
    if (!format.isUndefined()) {
        if (!format.isDouble()) {
            setError(error, tr("“format” must be a number, found %1.").arg(typeName(format)));
            return std::nullopt;
        }
        if (format.toInt() > kFormatVersion) {
            setError(error, tr("It was written by a newer Sightline (format %1; this version reads "
                               "up to %2).")
                                .arg(format.toInt())
                                .arg(kFormatVersion));
            return std::nullopt;
        }
    }

    ConnectionProfile p;
    const QJsonValue id = json.value(QLatin1String("id"));
    p.id = QUuid::fromString(id.toString());
    if (!id.isString() || p.id.isNull()) {
        setError(error, tr("“id” must be a UUID string, found %1.")
                            .arg(id.isString() ? QStringLiteral("“%1”").arg(id.toString())
                                               : typeName(id)));
        return std::nullopt;
    }
    const QJsonValue name = json.value(QLatin1String("name"));
    if (!name.isString() || name.toString().trimmed().isEmpty()) {
        setError(error, tr("“name” must be a non-empty string, found %1.")
                            .arg(name.isString() ? tr("an empty one") : typeName(name)));
        return std::nullopt;
    }
    p.name = name.toString();

    for (const StringField &f : kStringFields) {
        const QJsonValue v = json.value(QLatin1String(f.key));
        if (v.isUndefined() || v.isNull())
            continue;
        if (!v.isString()) {
            setError(error,
                     tr("“%1” must be a string, found %2.").arg(QLatin1String(f.key), typeName(v)));
            return std::nullopt;
        }
        p.*f.member = v.toString();
    }

    const QJsonValue timeout = json.value(QLatin1String("connectTimeout"));
    if (!timeout.isUndefined()) {
        const double seconds = timeout.toDouble(-1);
        if (!timeout.isDouble() || seconds < 0 || seconds != double(qint64(seconds))) {
            setError(error,
                     tr("“connectTimeout” must be a whole number of seconds, found %1.")
                         .arg(timeout.isDouble() ? QString::number(seconds) : typeName(timeout)));
            return std::nullopt;
        }
        p.connectTimeout = int(qMin(seconds, 1e9));
    }

    const QJsonValue tag = json.value(QLatin1String("tag"));
    if (!tag.isUndefined()) {
        const auto t = tagFromKey(tag.toString());
        if (!tag.isString() || !t) {
            setError(error, tr("“tag” must be one of none, development, staging, production; "
                               "found %1.")
                                .arg(tag.isString() ? QStringLiteral("“%1”").arg(tag.toString())
                                                    : typeName(tag)));
            return std::nullopt;
        }
        p.tag = *t;
    }
    p.readOnly = defaultReadOnly(p.tag);
    p.keepHistory = defaultKeepHistory(p.tag);

    const QJsonValue mode = json.value(QLatin1String("passwordMode"));
    if (!mode.isUndefined()) {
        const auto m = passwordModeFromKey(mode.toString());
        if (!mode.isString() || !m) {
            setError(error, tr("“passwordMode” must be one of keychain, ask, pgpass; found %1.")
                                .arg(mode.isString() ? QStringLiteral("“%1”").arg(mode.toString())
                                                     : typeName(mode)));
            return std::nullopt;
        }
        p.passwordMode = *m;
    }

    for (auto [key, member] : {std::pair{"readOnly", &ConnectionProfile::readOnly},
                               std::pair{"keepHistory", &ConnectionProfile::keepHistory}}) {
        const QJsonValue v = json.value(QLatin1String(key));
        if (v.isUndefined())
            continue; // the tag's default
        if (!v.isBool()) {
            setError(
                error,
                tr("“%1” must be true or false, found %2.").arg(QLatin1String(key), typeName(v)));
            return std::nullopt;
        }
        p.*member = v.toBool();
    }

    const QJsonValue extra = json.value(QLatin1String("extraParams"));
    if (!extra.isUndefined()) {
        if (!extra.isObject()) {
            setError(error, tr("“extraParams” must be an object, found %1.").arg(typeName(extra)));
            return std::nullopt;
        }
        const QJsonObject obj = extra.toObject();
        for (auto it = obj.begin(); it != obj.end(); ++it) {
            // A hand-edited secret is dropped rather than rejected: rejecting
            // would move the file aside and keep the password on disk.
            if (ConnInfo::isSecretKeyword(it.key()))
                continue;
            if (!it.value().isString()) {
                setError(error, tr("“extraParams.%1” must be a string, found %2.")
                                    .arg(it.key(), typeName(it.value())));
                return std::nullopt;
            }
            p.extraParams.insert(it.key(), it.value().toString());
        }
    }

    const QList<ProfileProblem> problems = p.validate();
    if (!problems.isEmpty()) {
        setError(error, problems.constFirst().message);
        return std::nullopt;
    }
    return p;
}

} // namespace sightline
