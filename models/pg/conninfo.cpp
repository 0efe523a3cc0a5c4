#include "models/pg/conninfo.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSet>
#include <QUrl>

#include <libpq-fe.h>

#include <memory>

// libpq has no call that returns its compiled-in sysconfdir; Debian builds it
// with /etc/postgresql-common (pg_config --sysconfdir). CMake may override it.
#ifndef SIGHTLINE_PG_SYSCONFDIR
#define SIGHTLINE_PG_SYSCONFDIR "/etc/postgresql-common"
#endif

namespace sightline {

namespace {

struct ConninfoOptionsDeleter
{
    void operator()(PQconninfoOption *options) const { PQconninfoFree(options); }
};
using ConninfoOptionsPtr = std::unique_ptr<PQconninfoOption, ConninfoOptionsDeleter>;

struct PqFreememDeleter
{
    void operator()(char *p) const { PQfreemem(p); }
};

const QString kHost = QStringLiteral("host");
const QString kPort = QStringLiteral("port");
const QString kDbname = QStringLiteral("dbname");
const QString kUser = QStringLiteral("user");
const QString kPassword = QStringLiteral("password");

// Keyword strings read best with the "where" part first, whatever libpq's order.
const QStringList &leadingKeywords()
{
    static const QStringList keys{QStringLiteral("service"),
                                  kHost,
                                  QStringLiteral("hostaddr"),
                                  kPort,
                                  kDbname,
                                  kUser,
                                  kPassword};
    return keys;
}

// Keywords in a stable, readable order: the leading ones, then libpq's order,
// then anything libpq does not know (alphabetically, so output is deterministic).
QStringList orderedKeys(const ConnInfoMap &params)
{
    QStringList order;
    QSet<QString> seen;
    auto take = [&](const QString &key) {
        if (params.contains(key) && !seen.contains(key)) {
            order << key;
            seen.insert(key);
        }
    };
    for (const QString &key : leadingKeywords())
        take(key);
    for (const ConnInfoKeyword &kw : ConnInfo::keywords())
        take(kw.keyword);
    for (auto it = params.cbegin(); it != params.cend(); ++it)
        take(it.key());
    return order;
}

bool needsQuoting(const QString &value)
{
    for (const QChar c : value) {
        if (c.isSpace() || c == QLatin1Char('\'') || c == QLatin1Char('\\'))
            return true;
    }
    return false;
}

// libpq's rules: inside single quotes, backslash escapes a quote or a backslash.
QString quoteValue(const QString &value)
{
    if (!needsQuoting(value))
        return value;
    QString out;
    out.reserve(value.size() + 4);
    out += QLatin1Char('\'');
    for (const QChar c : value) {
        if (c == QLatin1Char('\'') || c == QLatin1Char('\\'))
            out += QLatin1Char('\\');
        out += c;
    }
    out += QLatin1Char('\'');
    return out;
}

QString percentEncode(const QString &value, const QByteArray &keep = QByteArray())
{
    return QString::fromLatin1(QUrl::toPercentEncoding(value, keep));
}

// An IPv6 literal must be bracketed; only '%' (zone ids) needs escaping inside,
// because libpq percent-decodes the whole host list after reading it.
QString uriHost(const QString &host)
{
    if (host.contains(QLatin1Char(':'))) {
        QString escaped = host;
        escaped.replace(QLatin1Char('%'), QLatin1String("%25"));
        return QLatin1Char('[') + escaped + QLatin1Char(']');
    }
    return percentEncode(host);
}

// "a, b" -> {"a", "b"}; keeps empty elements because libpq gives them meaning
// (an empty host is the default socket, an empty port the default port).
QStringList splitList(const QString &value)
{
    QStringList parts = value.split(QLatin1Char(','));
    for (QString &part : parts)
        part = part.trimmed();
    return parts;
}

bool onlySeparators(const QString &value)
{
    for (const QChar c : value) {
        if (c != QLatin1Char(',') && !c.isSpace())
            return false;
    }
    return true;
}

QString homeServiceFile()
{
    return QDir::homePath() + QStringLiteral("/.pg_service.conf");
}

QString systemServiceFile()
{
    const QByteArray dir = qgetenv("PGSYSCONFDIR");
    const QString base =
        dir.isEmpty() ? QStringLiteral(SIGHTLINE_PG_SYSCONFDIR) : QString::fromLocal8Bit(dir);
    return base + QStringLiteral("/pg_service.conf");
}

QString userServiceFile()
{
    const QByteArray env = qgetenv("PGSERVICEFILE");
    return env.isEmpty() ? homeServiceFile() : QString::fromLocal8Bit(env);
}

QList<ConnInfoKeyword> readKeywords()
{
    // PQconndefaults also applies PGSERVICE and can fail on a bad service; the
    // keyword list itself does not depend on that, so fall back to a parse of "".
    ConninfoOptionsPtr options(PQconndefaults());
    if (!options) {
        char *err = nullptr;
        options.reset(PQconninfoParse("", &err));
        if (err)
            PQfreemem(err);
    }
    QList<ConnInfoKeyword> list;
    if (!options)
        return list;
    for (const PQconninfoOption *o = options.get(); o->keyword; ++o) {
        ConnInfoKeyword kw;
        kw.keyword = QString::fromUtf8(o->keyword);
        kw.label = QString::fromUtf8(o->label ? o->label : "");
        kw.envVar = QString::fromUtf8(o->envvar ? o->envvar : "");
        kw.builtInValue = QString::fromUtf8(o->compiled ? o->compiled : "");
        kw.secret = o->dispchar && o->dispchar[0] == '*';
        kw.debug = o->dispchar && o->dispchar[0] == 'D';
        list << kw;
    }
    return list;
}

} // namespace

bool ConnInfo::isUri(const QString &text)
{
    const QString t = text.trimmed();
    return t.startsWith(QLatin1String("postgresql://"), Qt::CaseInsensitive) ||
           t.startsWith(QLatin1String("postgres://"), Qt::CaseInsensitive);
}

ConnInfoParseResult ConnInfo::parse(const QString &text)
{
    ConnInfoParseResult result;
    const QByteArray utf8 = text.trimmed().toUtf8();
    char *rawError = nullptr;
    ConninfoOptionsPtr options(PQconninfoParse(utf8.constData(), &rawError));
    std::unique_ptr<char, PqFreememDeleter> error(rawError);
    if (!options) {
        result.error = error ? QString::fromUtf8(error.get()).trimmed()
                             : tr("The connection string could not be parsed (out of memory).");
        if (result.error.isEmpty())
            result.error = tr("The connection string could not be parsed.");
        return result;
    }
    for (const PQconninfoOption *o = options.get(); o->keyword; ++o) {
        if (!o->val || !*o->val)
            continue;
        result.params.insert(QString::fromUtf8(o->keyword), QString::fromUtf8(o->val));
    }
    // "postgresql://a,b/db" gives port "," (one empty port per host): the same
    // as no port at all, and nicer to show and compare.
    if (onlySeparators(result.params.value(kPort)))
        result.params.remove(kPort);
    return result;
}

QString ConnInfo::toKeywordString(const ConnInfoMap &params, SecretExport secrets)
{
    QStringList parts;
    for (const QString &key : orderedKeys(params)) {
        const QString value = params.value(key);
        if (value.isEmpty() || (secrets == SecretExport::Strip && isSecretKeyword(key)))
            continue;
        parts << key + QLatin1Char('=') + quoteValue(value);
    }
    return parts.join(QLatin1Char(' '));
}

QString ConnInfo::toUri(const ConnInfoMap &input, SecretExport secrets)
{
    ConnInfoMap params;
    for (auto it = input.cbegin(); it != input.cend(); ++it) {
        if (it.value().isEmpty() || (secrets == SecretExport::Strip && isSecretKeyword(it.key())))
            continue;
        params.insert(it.key(), it.value());
    }

    QString uri = QStringLiteral("postgresql://");

    const QString user = params.take(kUser);
    const QString password = params.take(kPassword);
    if (!user.isEmpty() || !password.isEmpty()) {
        uri += percentEncode(user);
        if (!password.isEmpty())
            uri += QLatin1Char(':') + percentEncode(password);
        uri += QLatin1Char('@');
    }

    // Hosts go into the authority when each is named; a list with empty
    // elements (meaning "the default") only survives as a query parameter.
    const QStringList hosts =
        params.contains(kHost) ? splitList(params.value(kHost)) : QStringList();
    const QStringList ports =
        params.contains(kPort) ? splitList(params.value(kPort)) : QStringList();
    const bool hostsInAuthority = !hosts.isEmpty() && !hosts.contains(QString());
    if (hostsInAuthority) {
        const bool portPerHost = ports.size() == hosts.size();
        QStringList authority;
        for (int i = 0; i < hosts.size(); ++i) {
            QString h = uriHost(hosts.at(i));
            if (portPerHost && !ports.at(i).isEmpty())
                h += QLatin1Char(':') + percentEncode(ports.at(i));
            authority << h;
        }
        uri += authority.join(QLatin1Char(','));
        params.remove(kHost);
        if (portPerHost)
            params.remove(kPort);
    }

    const QString dbname = params.take(kDbname);
    if (!dbname.isEmpty())
        uri += QLatin1Char('/') + percentEncode(dbname);

    QStringList query;
    for (const QString &key : orderedKeys(params))
        query << percentEncode(key) + QLatin1Char('=') + percentEncode(params.value(key));
    if (!query.isEmpty()) {
        if (dbname.isEmpty())
            uri += QLatin1Char('/');
        uri += QLatin1Char('?') + query.join(QLatin1Char('&'));
    }
    return uri;
}

const QList<ConnInfoKeyword> &ConnInfo::keywords()
{
    static const QList<ConnInfoKeyword> list = readKeywords();
    return list;
}

QStringList ConnInfo::validKeywords()
{
    QStringList names;
    for (const ConnInfoKeyword &kw : keywords())
        names << kw.keyword;
    return names;
}

bool ConnInfo::isValidKeyword(const QString &keyword)
{
    for (const ConnInfoKeyword &kw : keywords()) {
        if (kw.keyword == keyword)
            return true;
    }
    return false;
}

bool ConnInfo::isSecretKeyword(const QString &keyword)
{
    // Checked by name as well, so a libpq that reports no dispchar still never leaks.
    if (keyword == kPassword || keyword == QLatin1String("sslpassword"))
        return true;
    for (const ConnInfoKeyword &kw : keywords()) {
        if (kw.keyword == keyword)
            return kw.secret;
    }
    return false;
}

ConnInfoMap ConnInfo::withoutSecrets(ConnInfoMap params)
{
    for (auto it = params.begin(); it != params.end();) {
        if (isSecretKeyword(it.key()))
            it = params.erase(it);
        else
            ++it;
    }
    return params;
}

QStringList ConnInfo::serviceFiles()
{
    return {userServiceFile(), systemServiceFile()};
}

PgServiceList ConnInfo::servicesFromFile(const QString &path)
{
    PgServiceList list;
    QFile file(path);
    if (!file.exists())
        return list;
    if (!file.open(QIODevice::ReadOnly | QIODevice::Text)) {
        list.problems << tr("%1: cannot be read: %2").arg(path, file.errorString());
        return list;
    }

    // Same grammar as libpq's parseServiceFile: "#" comments, "[name]" groups,
    // "keyword=value" lines; whitespace around a line is ignored.
    int lineNumber = 0;
    PgService *current = nullptr;
    while (!file.atEnd()) {
        ++lineNumber;
        const QString line = QString::fromUtf8(file.readLine()).trimmed();
        if (line.isEmpty() || line.startsWith(QLatin1Char('#')))
            continue;
        if (line.startsWith(QLatin1Char('['))) {
            const qsizetype close = line.indexOf(QLatin1Char(']'));
            // Not trimmed: libpq compares the text between the brackets as is.
            const QString name = line.mid(1, close > 0 ? close - 1 : -1);
            if (close < 0 || name.isEmpty()) {
                list.problems
                    << tr("%1:%2: malformed service name “%3”").arg(path).arg(lineNumber).arg(line);
                current = nullptr;
                continue;
            }
            // libpq uses the first group of a name; later ones are dead text.
            current = nullptr;
            bool duplicate = false;
            for (const PgService &s : std::as_const(list.services))
                duplicate = duplicate || s.name == name;
            if (duplicate) {
                list.problems << tr("%1:%2: service “%3” is defined twice; libpq uses the first")
                                     .arg(path)
                                     .arg(lineNumber)
                                     .arg(name);
                continue;
            }
            list.services.append(PgService{name, {}, path});
            current = &list.services.last();
            continue;
        }
        if (!current)
            continue; // libpq ignores lines outside the group it looks for
        const qsizetype eq = line.indexOf(QLatin1Char('='));
        if (eq <= 0) {
            list.problems << tr("%1:%2: expected keyword=value, found “%3”")
                                 .arg(path)
                                 .arg(lineNumber)
                                 .arg(line);
            continue;
        }
        const QString key = line.left(eq).trimmed();
        const QString value = line.mid(eq + 1).trimmed();
        if (key == QLatin1String("service")) {
            list.problems << tr("%1:%2: nested service specifications are not supported")
                                 .arg(path)
                                 .arg(lineNumber);
            continue;
        }
        if (!isValidKeyword(key)) {
            list.problems << tr("%1:%2: “%3” is not a libpq connection keyword")
                                 .arg(path)
                                 .arg(lineNumber)
                                 .arg(key);
            continue;
        }
        // libpq keeps the first setting of a keyword within a service.
        if (!current->params.contains(key) && !value.isEmpty())
            current->params.insert(key, value);
    }
    return list;
}

PgServiceList ConnInfo::services()
{
    PgServiceList all;
    QSet<QString> names;
    const QStringList files = serviceFiles();
    for (const QString &path : files) {
        if (!QFileInfo(path).isFile())
            continue;
        PgServiceList fromFile = servicesFromFile(path);
        all.problems << fromFile.problems;
        for (const PgService &service : std::as_const(fromFile.services)) {
            if (names.contains(service.name))
                continue; // shadowed by the user's file, as libpq resolves it
            names.insert(service.name);
            all.services << service;
        }
    }
    return all;
}

} // namespace sightline
