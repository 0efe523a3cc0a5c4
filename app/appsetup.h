#pragma once

#include <QTranslator>

namespace sightline {

// What every entry point (the window, `plan analyze`, --help) sets up the
// same way: the application's identity for QSettings/QStandardPaths, and the
// translators for Qt's own strings and ours. Keep the object alive as long as
// the application runs.
class AppSetup final
{
public:
    AppSetup();

private:
    QTranslator m_qtTranslator;
    QTranslator m_translator;
};

} // namespace sightline
