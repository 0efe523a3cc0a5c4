#include "app/appsetup.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLocale>

namespace sightline {

AppSetup::AppSetup()
{
    QCoreApplication::setApplicationName(QStringLiteral("sightline"));
    QCoreApplication::setOrganizationName(QStringLiteral("sightline"));
    QCoreApplication::setApplicationVersion(QStringLiteral(SIGHTLINE_VERSION));

    if (m_qtTranslator.load(QLocale(), QStringLiteral("qtbase"), QStringLiteral("_"),
                            QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QCoreApplication::installTranslator(&m_qtTranslator);
    if (m_translator.load(QLocale(), QStringLiteral("sightline"), QStringLiteral("_"),
                          QStringLiteral(":/i18n")))
        QCoreApplication::installTranslator(&m_translator);
}

} // namespace sightline
