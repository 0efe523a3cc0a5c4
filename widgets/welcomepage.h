#pragma once

#include <QWidget>

class QLabel;
class QProgressBar;
class QPushButton;

namespace sightline {

// What the tab area shows when no tab is open: a way to create or open a
// connection, and the progress of the demo while it starts.
class WelcomePage final : public QWidget
{
    Q_OBJECT
public:
    explicit WelcomePage(QWidget *parent = nullptr);

    void setHasProfiles(bool hasProfiles);
    void showProgress(const QString &message, int percent);
    void showError(const QString &message);
    void hideProgress();

Q_SIGNALS:
    void createConnectionRequested();
    void manageConnectionsRequested();

private:
    QLabel *m_intro;
    QPushButton *m_create;
    QPushButton *m_manage;
    QLabel *m_progressText;
    QProgressBar *m_progress;
};

} // namespace sightline
