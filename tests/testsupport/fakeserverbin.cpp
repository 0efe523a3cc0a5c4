#include "tests/testsupport/fakeserverbin.h"

#include <QDir>
#include <QFile>

namespace sightline::test {

QString makeHangingBinDir(const QString &dir, int seconds)
{
    const QFile::Permissions open = QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner |
                                    QFile::ReadGroup | QFile::ExeGroup | QFile::ReadOther |
                                    QFile::ExeOther;
    if (!QDir().mkpath(dir + QStringLiteral("/bin")) ||
        !QDir().mkpath(dir + QStringLiteral("/pids")))
        return {};
    QFile::setPermissions(dir, open);
    QFile::setPermissions(dir + QStringLiteral("/bin"), open);
    QFile::setPermissions(dir + QStringLiteral("/pids"),
                          open | QFile::WriteGroup | QFile::WriteOther);
    for (const QString &name : {QStringLiteral("initdb"), QStringLiteral("pg_ctl")}) {
        QFile script(dir + QStringLiteral("/bin/") + name);
        if (!script.open(QIODevice::WriteOnly | QIODevice::Truncate))
            return {};
        script.write(QStringLiteral("#!/bin/sh\necho $$ > '%1/pids/%2'\nexec sleep %3\n")
                         .arg(dir, name)
                         .arg(seconds)
                         .toUtf8());
        script.close();
        QFile::setPermissions(script.fileName(), open);
    }
    return dir + QStringLiteral("/bin");
}

} // namespace sightline::test
