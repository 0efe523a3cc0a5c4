#include "models/pg/pgparams.h"

#include <QDate>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <QTime>
#include <QUuid>

#include <cmath>

namespace sightline::pg {

namespace {

QByteArray encodeDouble(double value)
{
    if (std::isnan(value))
        return QByteArrayLiteral("NaN");
    if (std::isinf(value))
        return value > 0 ? QByteArrayLiteral("Infinity") : QByteArrayLiteral("-Infinity");
    // Shortest text that reads back as the same double.
    return QString::number(value, 'g', QLocale::FloatingPointShortest).toLatin1();
}

// Array element syntax: quoted, with backslash and double quote escaped.
void appendArrayElement(QByteArray &out, const QVariant &element)
{
    QByteArray text;
    if (!encodeParam(element, text)) {
        out += "NULL";
        return;
    }
    const int type = element.typeId();
    if (type == QMetaType::QVariantList || type == QMetaType::QStringList) {
        out += text; // a nested array literal stays unquoted
        return;
    }
    out += '"';
    for (char c : std::as_const(text)) {
        if (c == '"' || c == '\\')
            out += '\\';
        out += c;
    }
    out += '"';
}

} // namespace

bool encodeParam(const QVariant &value, QByteArray &text)
{
    text.clear();
    if (!value.isValid() || value.isNull())
        return false;
    switch (value.typeId()) {
    case QMetaType::Bool:
        text = value.toBool() ? QByteArrayLiteral("true") : QByteArrayLiteral("false");
        return true;
    case QMetaType::Int:
    case QMetaType::Short:
    case QMetaType::Long:
    case QMetaType::LongLong:
        text = QByteArray::number(value.toLongLong());
        return true;
    case QMetaType::UInt:
    case QMetaType::UShort:
    case QMetaType::ULong:
    case QMetaType::ULongLong:
        text = QByteArray::number(value.toULongLong());
        return true;
    case QMetaType::Double:
    case QMetaType::Float:
        text = encodeDouble(value.toDouble());
        return true;
    case QMetaType::QByteArray:
        text = value.toByteArray(); // passed through as it is
        return true;
    case QMetaType::QDate:
        text = value.toDate().toString(Qt::ISODate).toLatin1();
        return true;
    case QMetaType::QTime:
        text = value.toTime().toString(Qt::ISODateWithMs).toLatin1();
        return true;
    case QMetaType::QDateTime: {
        // Always with an explicit offset, so the session's TimeZone cannot
        // shift the instant.
        const QDateTime dt = value.toDateTime();
        text = dt.toOffsetFromUtc(dt.offsetFromUtc()).toString(Qt::ISODateWithMs).toLatin1();
        return true;
    }
    case QMetaType::QUuid:
        text = value.toUuid().toByteArray(QUuid::WithoutBraces);
        return true;
    case QMetaType::QJsonDocument:
        text = value.toJsonDocument().toJson(QJsonDocument::Compact);
        return true;
    case QMetaType::QJsonObject:
        text = QJsonDocument(value.toJsonObject()).toJson(QJsonDocument::Compact);
        return true;
    case QMetaType::QJsonArray:
        text = QJsonDocument(value.toJsonArray()).toJson(QJsonDocument::Compact);
        return true;
    case QMetaType::QStringList:
    case QMetaType::QVariantList: {
        const QVariantList list = value.toList();
        text = "{";
        for (qsizetype i = 0; i < list.size(); ++i) {
            if (i > 0)
                text += ',';
            appendArrayElement(text, list.at(i));
        }
        text += '}';
        return true;
    }
    default:
        text = value.toString().toUtf8();
        return true;
    }
}

void encodeParams(const QVariantList &params, std::vector<QByteArray> &values,
                  std::vector<bool> &nulls)
{
    values.resize(size_t(params.size()));
    nulls.resize(size_t(params.size()));
    for (qsizetype i = 0; i < params.size(); ++i)
        nulls[size_t(i)] = !encodeParam(params.at(i), values[size_t(i)]);
}

} // namespace sightline::pg
