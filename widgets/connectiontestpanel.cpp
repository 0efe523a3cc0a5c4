#include "widgets/connectiontestpanel.h"

#include "models/pg/pgsession.h"
#include "widgets/passwordprompt.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QToolButton>

#include <utility>

namespace sightline {

namespace {
// The session enforces the connect timeout; this only catches a session that
// never answers at all, so the panel cannot spin forever.
constexpr int kGuardSlackSeconds = 5;
} // namespace

ConnectionTestPanel::ConnectionTestPanel(PasswordStore *passwords, QWidget *parent)
    : QWidget(parent)
    , m_passwords(passwords)
    , m_busy(new QProgressBar(this))
    , m_status(new QLabel(this))
    , m_cancel(new QToolButton(this))
    , m_guard(new QTimer(this))
{
    setObjectName(QStringLiteral("testPanel"));
    m_busy->setObjectName(QStringLiteral("testBusy"));
    m_status->setObjectName(QStringLiteral("testStatus"));
    m_cancel->setObjectName(QStringLiteral("cancelTestButton"));

    m_busy->setRange(0, 0); // indeterminate: a spinner that needs no timer of ours
    m_busy->setTextVisible(false);
    m_busy->setMaximumWidth(80);
    m_busy->setVisible(false);
    m_status->setWordWrap(true);
    m_status->setTextFormat(Qt::PlainText);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    m_status->setMinimumHeight(m_status->fontMetrics().lineSpacing() * 3);
    m_status->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    m_cancel->setText(tr("Cancel Test"));
    m_cancel->setToolTip(tr("Stop waiting for the server"));
    m_cancel->setVisible(false);

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_busy, 0, Qt::AlignTop);
    layout->addWidget(m_status, 1);
    layout->addWidget(m_cancel, 0, Qt::AlignTop);

    m_guard->setObjectName(QStringLiteral("testGuard"));
    m_guard->setSingleShot(true);
    connect(m_guard, &QTimer::timeout, this, [this] {
        PgError error;
        error.kind = PgError::Kind::Timeout;
        // The time really waited, not the connect timeout it includes.
        error.message =
            tr("No answer from the server within %n second(s)", "", guardSeconds(m_profile));
        onFailed(error);
    });
    connect(m_cancel, &QToolButton::clicked, this, [this] {
        cancel();
        setState(State::Idle, tr("Test cancelled."));
    });
}

ConnectionTestPanel::~ConnectionTestPanel()
{
    ++m_generation;
    delete m_session.data();
}

QString ConnectionTestPanel::text() const
{
    return m_status->text();
}

void ConnectionTestPanel::test(const ConnectionProfile &profile, const QString &typedPassword)
{
    cancel();
    const quint64 generation = ++m_generation;
    m_profile = profile;
    if (!typedPassword.isEmpty() || profile.passwordMode == PasswordMode::PgPass) {
        startSession(profile, typedPassword, false);
        return;
    }
    setState(State::AskingPassword, tr("Waiting for the password…"));
    PasswordPrompt::obtain(
        profile, m_passwords, this, PasswordPrompt::Purpose::Test,
        [this, generation, profile](const QString &password, bool) {
            if (generation == m_generation)
                startSession(profile, password, true);
        },
        [this, generation] {
            if (generation == m_generation)
                setState(State::Idle, tr("Test cancelled: no password was given."));
        });
}

void ConnectionTestPanel::cancel()
{
    ++m_generation;
    m_guard->stop();
    dropSession();
    m_passwordObtained = false;
    // A password prompt for the cancelled test has nobody left to answer to.
    for (PasswordPrompt *prompt : findChildren<PasswordPrompt *>()) {
        if (prompt->isVisible())
            prompt->reject();
    }
    if (isBusy())
        setState(State::Idle, QString());
}

void ConnectionTestPanel::showMessage(const QString &text, bool isError)
{
    if (isBusy())
        return; // the running test owns the line
    setState(m_state, text, isError);
}

int ConnectionTestPanel::guardSeconds(const ConnectionProfile &profile)
{
    return profile.connectTimeout > 0 ? profile.connectTimeout + kGuardSlackSeconds : 0;
}

void ConnectionTestPanel::startSession(const ConnectionProfile &profile, const QString &password,
                                       bool obtained)
{
    dropSession();
    m_passwordObtained = obtained;
    m_session = new PgSession(this);
    connect(m_session, &PgSession::connected, this, &ConnectionTestPanel::onConnected);
    connect(m_session, &PgSession::connectFailed, this, &ConnectionTestPanel::onFailed);
    setState(State::Testing, tr("Testing connection to %1…").arg(profile.target()));
    m_elapsed.start();
    if (const int guard = guardSeconds(profile); guard > 0)
        m_guard->start(guard * 1000);
    m_session->connectToServer(profile.toConnectSpec(password));
}

void ConnectionTestPanel::onConnected()
{
    if (!m_session)
        return;
    m_guard->stop();
    const PgCapabilities &caps = m_session->capabilities();
    QString version = caps.serverVersion;
    if (version.isEmpty())
        version = m_session->serverParameter(QStringLiteral("server_version"));
    const QString ssl = m_session->usesSsl() ? tr("encrypted (%1)").arg(m_session->sslDescription())
                                             : tr("not encrypted");
    QString text = tr("Connected: PostgreSQL %1, as %2 on database %3, %4, in %5 ms.")
                       .arg(version, m_session->user(), m_session->database(), ssl)
                       .arg(m_elapsed.elapsed());
    if (caps.defaultReadOnly)
        text += QLatin1Char('\n') + tr("Sessions are read-only (default_transaction_read_only).");
    dropSession();
    // A test is a trial: a password that worked is neither saved nor
    // remembered (Connect asks for it as before), and a refusal stays until a
    // real connect succeeds, since the keychain may still hold the wrong one.
    m_passwordObtained = false;
    setState(State::Succeeded, text);
    Q_EMIT finished(true);
}

void ConnectionTestPanel::onFailed(const PgError &error)
{
    m_guard->stop();
    dropSession();
    // A refused password is forgotten, so the next test or connect asks again
    // instead of trying it once more. One typed into the editor says nothing
    // about the saved profile's.
    if (std::exchange(m_passwordObtained, false))
        PasswordPrompt::connectionFailed(m_profile, m_passwords, error);
    // The session's first line explains; libpq's own words follow for the curious.
    QStringList lines{error.message};
    if (!error.detail.isEmpty() && error.detail != error.message)
        lines << error.detail;
    if (!error.hint.isEmpty())
        lines << error.hint;
    if (lines.join(QString()).trimmed().isEmpty())
        lines = QStringList{tr("The connection failed for an unknown reason.")};
    setState(State::Failed, lines.join(QLatin1Char('\n')), true);
    Q_EMIT finished(false);
}

void ConnectionTestPanel::dropSession()
{
    if (!m_session)
        return;
    PgSession *session = m_session.data();
    m_session.clear();
    session->disconnect(this);
    // deleteLater: this may run inside one of the session's own signals.
    session->deleteLater();
}

void ConnectionTestPanel::setState(State state, const QString &text, bool isError)
{
    const bool busy = state == State::AskingPassword || state == State::Testing;
    m_busy->setVisible(busy);
    m_cancel->setVisible(state == State::Testing);
    m_status->setText(text);
    QString style;
    if (isError)
        style = QStringLiteral("color: #b71c1c;");
    else if (state == State::Succeeded)
        style = QStringLiteral("color: #1b5e20;");
    m_status->setStyleSheet(style);
    m_status->setAccessibleName(text);
    const bool changed = state != m_state;
    m_state = state;
    if (changed)
        Q_EMIT stateChanged(state);
}

} // namespace sightline
