#pragma once

#include <QObject>

class QSocketNotifier;

namespace sightline {

// Turns SIGTERM, SIGINT and SIGHUP into a normal application quit, so what
// runs at exit (closing sessions, stopping the demo cluster) still runs.
// The handler only writes a byte to a socket pair; the event loop does the rest.
class SignalHandler final : public QObject
{
    Q_OBJECT
public:
    explicit SignalHandler(QObject *parent = nullptr);
    ~SignalHandler() override;

Q_SIGNALS:
    void quitRequested();

private:
    QSocketNotifier *m_notifier = nullptr;
};

} // namespace sightline
