#include "widgets/welcomepage.h"

#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QVBoxLayout>

namespace sightline {

WelcomePage::WelcomePage(QWidget *parent)
    : QWidget(parent)
    , m_intro(new QLabel(this))
    , m_create(new QPushButton(tr("&Create a Connection…"), this))
    , m_manage(new QPushButton(tr("&Open a Saved Connection…"), this))
    , m_progressText(new QLabel(this))
    , m_progress(new QProgressBar(this))
{
    setObjectName(QStringLiteral("welcomePage"));
    m_create->setObjectName(QStringLiteral("createConnectionButton"));
    m_manage->setObjectName(QStringLiteral("manageConnectionsButton"));
    m_progressText->setObjectName(QStringLiteral("welcomeProgressText"));
    m_progress->setObjectName(QStringLiteral("welcomeProgress"));

    auto *title = new QLabel(tr("<h1>Sightline</h1>"), this);
    title->setAlignment(Qt::AlignCenter);
    m_intro->setAlignment(Qt::AlignCenter);
    m_intro->setWordWrap(true);
    m_progressText->setAlignment(Qt::AlignCenter);
    m_progressText->setWordWrap(true);
    m_progressText->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_progress->setRange(0, 100);

    auto *layout = new QVBoxLayout(this);
    layout->addStretch(2);
    layout->addWidget(title);
    layout->addWidget(m_intro);
    auto *buttons = new QHBoxLayout;
    buttons->addStretch();
    buttons->addWidget(m_create);
    buttons->addWidget(m_manage);
    buttons->addStretch();
    layout->addLayout(buttons);
    layout->addSpacing(24);
    layout->addWidget(m_progressText);
    layout->addWidget(m_progress);
    layout->addStretch(3);
    layout->setContentsMargins(80, 20, 80, 20);

    connect(m_create, &QPushButton::clicked, this, &WelcomePage::createConnectionRequested);
    connect(m_manage, &QPushButton::clicked, this, &WelcomePage::manageConnectionsRequested);
    setHasProfiles(false);
    hideProgress();
}

void WelcomePage::setHasProfiles(bool hasProfiles)
{
    m_intro->setText(hasProfiles
                         ? tr("Open a connection from the Connections dock, or create a new one.")
                         : tr("No connections yet. Create one to get started: Sightline reads "
                              "your pg_service.conf, .pgpass and PG* variables too."));
    m_manage->setVisible(hasProfiles);
    m_create->setDefault(!hasProfiles);
}

void WelcomePage::showProgress(const QString &message, int percent)
{
    m_progressText->setStyleSheet(QString());
    m_progressText->setText(message);
    m_progressText->show();
    m_progress->setValue(percent);
    m_progress->show();
}

void WelcomePage::showError(const QString &message)
{
    m_progressText->setStyleSheet(QStringLiteral("color: #b00020;"));
    m_progressText->setText(message);
    m_progressText->show();
    m_progress->hide();
}

void WelcomePage::hideProgress()
{
    m_progressText->hide();
    m_progress->hide();
}

} // namespace sightline
