#pragma once

#include <QByteArray>
#include <QFile>

namespace sightline::test {

// A "Key:   N kB" value of /proc/self/status (VmRSS, VmHWM, ...), -1 when
// unavailable. Benchmarks use it for memory numbers.
inline qint64 procStatusKb(const char *key)
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    const QByteArray prefix = QByteArray(key) + ':';
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith(prefix))
            return line.mid(prefix.size()).trimmed().split(' ').value(0).toLongLong();
    }
    return -1;
}

} // namespace sightline::test
