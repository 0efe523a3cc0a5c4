#include "models/store/plansnapshotfile.h"

#include "models/sql/queryfingerprint.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace sightline {

namespace {

const QString kFormat = QStringLiteral("sightline-plan");
constexpr int kVersion = 1;

QString tr(const char *text)
{
    return QCoreApplication::translate("PlanSnapshotFile", text);
}

} // namespace

QByteArray exportPlanSnapshot(const PlanSnapshot &snapshot)
{
    QJsonObject root{
        {QStringLiteral("format"), kFormat},
        {QStringLiteral("version"), kVersion},
        {QStringLiteral("query"), snapshot.query},
        {QStringLiteral("connection"), snapshot.connectionName},
        {QStringLiteral("database"), snapshot.database},
        {QStringLiteral("server_version"), snapshot.serverVersion},
        {QStringLiteral("settings"), snapshot.settings},
        {QStringLiteral("label"), snapshot.label},
        {QStringLiteral("created_at"), snapshot.createdAt.toUTC().toString(Qt::ISODateWithMs)}};
    // A JSON plan stays JSON, so the file is readable and tools can dig in.
    QJsonParseError parseError;
    const QJsonDocument plan = QJsonDocument::fromJson(snapshot.plan.toUtf8(), &parseError);
    if (parseError.error == QJsonParseError::NoError && !plan.isNull())
        root.insert(QStringLiteral("plan"),
                    plan.isArray() ? QJsonValue(plan.array()) : QJsonValue(plan.object()));
    else
        root.insert(QStringLiteral("plan"), snapshot.plan);
    return QJsonDocument(root).toJson(QJsonDocument::Indented);
}

std::optional<PlanSnapshot> importPlanSnapshot(const QByteArray &data, QString *error)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(data, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        *error = tr("The file is not JSON (%1 at byte %2).")
                     .arg(parseError.errorString())
                     .arg(parseError.offset);
        return std::nullopt;
    }
    const QJsonObject root = document.object();
    if (root.value(QStringLiteral("format")).toString() != kFormat) {
        *error = tr("The file is not a plan exported by Sightline.");
        return std::nullopt;
    }
    if (root.value(QStringLiteral("version")).toInt() > kVersion) {
        *error = tr("The file was written by a newer Sightline (format version %1).")
                     .arg(root.value(QStringLiteral("version")).toInt());
        return std::nullopt;
    }
    const QJsonValue plan = root.value(QStringLiteral("plan"));
    PlanSnapshot snapshot;
    if (plan.isString())
        snapshot.plan = plan.toString();
    else if (plan.isArray())
        snapshot.plan = QString::fromUtf8(QJsonDocument(plan.toArray()).toJson());
    else if (plan.isObject())
        snapshot.plan = QString::fromUtf8(QJsonDocument(plan.toObject()).toJson());
    if (snapshot.plan.trimmed().isEmpty()) {
        *error = tr("The file holds no plan.");
        return std::nullopt;
    }
    snapshot.query = root.value(QStringLiteral("query")).toString();
    snapshot.fingerprint = queryFingerprint(snapshot.query);
    snapshot.connectionName = root.value(QStringLiteral("connection")).toString();
    snapshot.database = root.value(QStringLiteral("database")).toString();
    snapshot.serverVersion = root.value(QStringLiteral("server_version")).toString();
    snapshot.settings = root.value(QStringLiteral("settings")).toString();
    snapshot.label = root.value(QStringLiteral("label")).toString();
    snapshot.createdAt = QDateTime::fromString(root.value(QStringLiteral("created_at")).toString(),
                                               Qt::ISODateWithMs)
                             .toUTC();
    return snapshot;
}

} // namespace sightline
