#pragma once

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

namespace sightline::test {

// The encodings a careless writer might use for the same secret.
QList<QByteArray> secretEncodings(const QString &secret);

// Every place Sightline may write to: the XDG config, data and cache homes
// and the app's standard locations.
QStringList appWriteLocations();

struct SecretScan
{
    QStringList filesScanned;    // absolute paths
    QStringList filesWithSecret; // absolute paths holding any encoding of the secret
};

// Reads every regular file below `roots` (hidden ones too) and reports those
// holding the secret in any of secretEncodings().
SecretScan scanForSecret(const QStringList &roots, const QString &secret);

} // namespace sightline::test
