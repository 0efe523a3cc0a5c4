#pragma once

#include <QByteArray>
#include <QSettings>
#include <QString>

namespace sightline {

// The one typed front to QSettings: every key is spelled here and nowhere else.
// Passwords never pass through this class.
class AppSettings final
{
public:
    AppSettings();
    // For tests: settings in a file of their own.
    explicit AppSettings(const QString &iniFile);

    QByteArray mainWindowGeometry() const;
    void setMainWindowGeometry(const QByteArray &geometry);
    QByteArray mainWindowState() const;
    void setMainWindowState(const QByteArray &state);

    QString editorFontFamily() const;
    void setEditorFontFamily(const QString &family);
    int editorFontSize() const;
    void setEditorFontSize(int points);

    // Rows kept per result before "fetch more" is needed.
    int resultRowCap() const;
    void setResultRowCap(int rows);

    // Explain Analyze runs before and after a real index ("Try an Index…"); the
    // median run of each side is compared.
    int indexTrialRuns() const;
    void setIndexTrialRuns(int runs);

    void sync();

private:
    QSettings m_settings;
};

} // namespace sightline
