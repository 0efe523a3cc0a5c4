#pragma once

#include <QString>

namespace sightline::test {

// Server programs that hang: initdb and pg_ctl that write their pid into
// DIR/pids and then sleep for `seconds`, so a test can cancel them mid-run.
// Readable and enterable by everyone: as root they run as postgres.
// Returns the bin directory, or an empty string when it could not be made.
QString makeHangingBinDir(const QString &dir, int seconds);

} // namespace sightline::test
