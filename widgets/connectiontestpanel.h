#pragma once

#include "models/pg/pgerror.h"
#include "models/store/connectionprofile.h"

#include <QElapsedTimer>
#include <QPointer>
#include <QTimer>
#include <QWidget>

class QLabel;
class QProgressBar;
class QToolButton;

namespace sightline {

class PasswordStore;
class PgSession;

// Tries a connection and says how it went: "Testing…" with a busy bar while
// it runs (the window stays usable), then the server version, or the
// session's explanation of what failed (wrong password, unknown host, refused,
// SSL, timeout). Only the latest test counts; cancel() drops it at once.
class ConnectionTestPanel final : public QWidget
{
    Q_OBJECT
public:
    enum class State
    {
        Idle,
        AskingPassword,
        Testing,
        Succeeded,
        Failed
    };
    Q_ENUM(State)

    explicit ConnectionTestPanel(PasswordStore *passwords, QWidget *parent = nullptr);
    ~ConnectionTestPanel() override;

    // Tests `profile`. A non-empty `typedPassword` wins over the profile's
    // password mode; otherwise the password is obtained as for connecting.
    void test(const ConnectionProfile &profile, const QString &typedPassword = QString());
    void cancel();

    State state() const { return m_state; }
    bool isBusy() const { return m_state == State::AskingPassword || m_state == State::Testing; }
    QString text() const;

    // Other news for the same line (an export copied, a keychain problem).
    void showMessage(const QString &text, bool isError = false);

    // How long a test waits for any answer before giving up on the session:
    // its connect timeout plus a margin, since the session enforces the
    // timeout itself and this only catches one that never answers.
    static int guardSeconds(const ConnectionProfile &profile);

Q_SIGNALS:
    void stateChanged(sightline::ConnectionTestPanel::State state);
    void finished(bool ok);

private:
    // `obtained`: the password came from PasswordPrompt::obtain(), so a
    // refusal is reported back to the password store.
    void startSession(const ConnectionProfile &profile, const QString &password, bool obtained);
    void onConnected();
    void onFailed(const PgError &error);
    void dropSession();
    void setState(State state, const QString &text, bool isError = false);

    PasswordStore *m_passwords;
    QProgressBar *m_busy;
    QLabel *m_status;
    QToolButton *m_cancel;
    QPointer<PgSession> m_session;
    QTimer *m_guard;
    QElapsedTimer m_elapsed;
    ConnectionProfile m_profile;
    bool m_passwordObtained = false;
    quint64 m_generation = 0; // answers for an older test are dropped
    State m_state = State::Idle;
};

} // namespace sightline
