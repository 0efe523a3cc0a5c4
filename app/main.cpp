#include "app/appsetup.h"
#include "app/plancommand.h"
#include "app/signalhandler.h"
#include "models/pg/demoenvironment.h"
#include "models/store/historystore.h"
#include "models/store/passwordstore.h"
#include "models/store/profilestore.h"
#include "widgets/mainwindow.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QIcon>

namespace {

void describeCommandLine(QCommandLineParser &parser, const QCommandLineOption &demoOption)
{
    parser.setApplicationDescription(QCoreApplication::translate(
        "main", "A PostgreSQL workbench for slow queries.\n\n"
                "Without a window:\n"
                "  sightline plan analyze FILE|- [--json]  Report on an EXPLAIN plan "
                "(sightline plan --help).\n"
                "  sightline plan render FILE|- -o OUT.svg|OUT.png  Draw an EXPLAIN plan."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addOption(demoOption);
}

// --help and --version only print: they must work without a display too.
bool onlyPrints(int argc, char *argv[])
{
    for (int i = 1; i < argc; ++i) {
        const QByteArray arg(argv[i]);
        if (arg == "-h" || arg == "--help" || arg == "-?" || arg == "--help-all" || arg == "-v" ||
            arg == "--version")
            return true;
    }
    return false;
}

} // namespace

int main(int argc, char *argv[])
{
    // `sightline plan ...` must work without a display, so it is decided before QApplication
    // tries to open one.
    if (sightline::PlanCommand::isPlanCommand(argc, argv))
        return sightline::PlanCommand::exec(argc, argv);

    const QCommandLineOption demoOption(
        QStringLiteral("demo"),
        QCoreApplication::translate("main", "Start a private demo database and open it."));
    if (onlyPrints(argc, argv)) {
        QCoreApplication app(argc, argv);
        const sightline::AppSetup setup;
        QCommandLineParser parser;
        describeCommandLine(parser, demoOption);
        parser.process(app); // prints and exits
        return 0;
    }

    QApplication app(argc, argv);
    const sightline::AppSetup setup;
    QApplication::setApplicationDisplayName(QStringLiteral("Sightline"));
    QApplication::setDesktopFileName(QStringLiteral("io.github.sightline.Sightline"));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/io.github.sightline.Sightline.svg")));

    QCommandLineParser parser;
    describeCommandLine(parser, demoOption);
    parser.process(app);

    sightline::ProfileStore profiles;
    const QStringList loadProblems = profiles.load().problems;
    sightline::PasswordStore passwords;
    sightline::HistoryStore history;
    QStringList problems = loadProblems;
    if (!history.openProblem().isEmpty())
        problems << history.openProblem();

    sightline::MainWindow window(&profiles, &passwords, &history);
    window.show();

    std::unique_ptr<sightline::DemoEnvironment> demo;
    if (parser.isSet(demoOption)) {
        demo = std::make_unique<sightline::DemoEnvironment>();
        window.attachDemo(demo.get());
        demo->start();
    } else {
        window.startUp(problems);
    }

    // A terminal's Ctrl+C or a session logout closes the window the normal way
    // (open transactions are asked about); the last window closing quits.
    sightline::SignalHandler unixSignals;
    QObject::connect(&unixSignals, &sightline::SignalHandler::quitRequested, &window,
                     &QWidget::close);

    const int status = QApplication::exec();
    if (demo)
        demo->stop(); // the demo cluster lives only as long as the app
    return status;
}
