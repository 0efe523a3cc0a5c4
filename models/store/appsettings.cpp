#include "models/store/appsettings.h"

namespace sightline {

namespace {
constexpr auto kGeometry = "mainWindow/geometry";
constexpr auto kState = "mainWindow/state";
constexpr auto kFontFamily = "editor/fontFamily";
constexpr auto kFontSize = "editor/fontSize";
constexpr auto kRowCap = "results/rowCap";
constexpr auto kIndexTrialRuns = "plans/indexTrialRuns";
constexpr int kDefaultRowCap = 100000;
constexpr int kDefaultFontSize = 11;
} // namespace

AppSettings::AppSettings() = default;

AppSettings::AppSettings(const QString &iniFile)
    : m_settings(iniFile, QSettings::IniFormat)
{}

QByteArray AppSettings::mainWindowGeometry() const
{
    return m_settings.value(kGeometry).toByteArray();
}

void AppSettings::setMainWindowGeometry(const QByteArray &geometry)
{
    m_settings.setValue(kGeometry, geometry);
}

QByteArray AppSettings::mainWindowState() const
{
    return m_settings.value(kState).toByteArray();
}

void AppSettings::setMainWindowState(const QByteArray &state)
{
    m_settings.setValue(kState, state);
}

QString AppSettings::editorFontFamily() const
{
    return m_settings.value(kFontFamily, QStringLiteral("DejaVu Sans Mono")).toString();
}

void AppSettings::setEditorFontFamily(const QString &family)
{
    m_settings.setValue(kFontFamily, family);
}

int AppSettings::editorFontSize() const
{
    const int size = m_settings.value(kFontSize, kDefaultFontSize).toInt();
    return size > 3 && size < 200 ? size : kDefaultFontSize;
}

void AppSettings::setEditorFontSize(int points)
{
    m_settings.setValue(kFontSize, points);
}

int AppSettings::resultRowCap() const
{
    const int rows = m_settings.value(kRowCap, kDefaultRowCap).toInt();
    return rows > 0 ? rows : kDefaultRowCap;
}

void AppSettings::setResultRowCap(int rows)
{
    m_settings.setValue(kRowCap, rows);
}

int AppSettings::indexTrialRuns() const
{
    const int runs = m_settings.value(kIndexTrialRuns, 3).toInt();
    return runs >= 1 && runs <= 50 ? runs : 3;
}

void AppSettings::setIndexTrialRuns(int runs)
{
    m_settings.setValue(kIndexTrialRuns, runs);
}

void AppSettings::sync()
{
    m_settings.sync();
}

} // namespace sightline
