#include "tests/testsupport/secretscan.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QStandardPaths>
#include <QUrl>

namespace sightline::test {

QList<QByteArray> secretEncodings(const QString &secret)
{
    const QByteArray utf8 = secret.toUtf8();
    const QByteArray utf16(reinterpret_cast<const char *>(secret.utf16()),
                           secret.size() * qsizetype(sizeof(char16_t)));
    return {utf8, utf16, utf8.toBase64(), utf8.toHex(), QUrl::toPercentEncoding(secret)};
}

QStringList appWriteLocations()
{
    QStringList roots;
    for (const char *var : {"XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME"}) {
        const QString dir = qEnvironmentVariable(var);
        if (!dir.isEmpty())
            roots << dir;
    }
    for (auto location : {QStandardPaths::AppConfigLocation, QStandardPaths::AppDataLocation,
                          QStandardPaths::CacheLocation, QStandardPaths::GenericConfigLocation})
        roots << QStandardPaths::writableLocation(location);
    roots.removeAll(QString());
    roots.removeDuplicates();
    return roots;
}

SecretScan scanForSecret(const QStringList &roots, const QString &secret)
{
    SecretScan scan;
    const QList<QByteArray> needles = secretEncodings(secret);
    for (const QString &root : roots) {
        QDirIterator it(root, QDir::Files | QDir::Hidden | QDir::System,
                        QDirIterator::Subdirectories);
        while (it.hasNext()) {
            const QString path = QFileInfo(it.next()).absoluteFilePath();
            if (scan.filesScanned.contains(path))
                continue;
            QFile file(path);
            if (!file.open(QIODevice::ReadOnly))
                continue; // sockets and the like
            const QByteArray bytes = file.readAll();
            scan.filesScanned << path;
            for (const QByteArray &needle : needles) {
                if (bytes.contains(needle)) {
                    scan.filesWithSecret << path;
                    break;
                }
            }
        }
    }
    return scan;
}

} // namespace sightline::test
