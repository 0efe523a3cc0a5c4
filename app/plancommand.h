#pragma once

#include <QCoreApplication>
#include <QString>
#include <QStringList>

namespace sightline {

// `sightline plan analyze FILE|- [--json]` and `sightline plan render FILE|- -o OUT.svg|.png`:
// the plan engine from a shell or a script, without a window. main() checks isPlanCommand()
// before it creates a QApplication, because a QApplication needs a display and this must run
// where there is none (CI, ssh, cron); render gets one on the offscreen platform.
class PlanCommand final
{
    Q_DECLARE_TR_FUNCTIONS(sightline::PlanCommand)

public:
    // Exit statuses, part of the command's contract for scripts.
    enum Status
    {
        Ok = 0,        // a plan was read, perhaps partially (warnings on stderr)
        UsageOrIo = 1, // bad arguments, unreadable file, unwritable output
        NotAPlan = 2,  // the input was read but holds no plan
    };

    static bool isPlanCommand(int argc, char **argv);
    // `plan render` draws, so it needs a QApplication (on the offscreen platform).
    static bool needsGui(int argc, char **argv);
    // Creates the QCoreApplication, runs the command and returns the exit status.
    static int exec(int argc, char **argv);

    // Runs on already-made arguments ("sightline", "plan", ...); needs a QCoreApplication, and a
    // QApplication for render.
    static int run(const QStringList &arguments);
    static QString usage();
    // `plan diff BEFORE AFTER [--json]`: what changed between two plans.
    static int diff(const QStringList &paths, bool json);
};

} // namespace sightline
