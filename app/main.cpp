#include "app/plancommand.h"
#include "app/signalhandler.h"
#include "models/pg/demoenvironment.h"
#include "models/store/passwordstore.h"
#include "models/store/profilestore.h"
#include "widgets/mainwindow.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QIcon>
#include <QLibraryInfo>
#include <QLocale>
#include <QTranslator>

int main(int argc, char *argv[])
{
    // `sightline plan ...` must work without a display, so it is decided before QApplication
    // tries to open one.
    if (sightline::PlanCommand::isPlanCommand(argc, argv))
        return sightline::PlanCommand::exec(argc, argv);

    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("sightline"));
    QApplication::setApplicationDisplayName(QStringLiteral("Sightline"));
    QApplication::setOrganizationName(QStringLiteral("sightline"));
    QApplication::setApplicationVersion(QStringLiteral(SIGHTLINE_VERSION));
    QApplication::setDesktopFileName(QStringLiteral("io.github.sightline.Sightline"));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/io.github.sightline.Sightline.svg")));

    QTranslator qtTranslator;
    if (qtTranslator.load(QLocale(), QStringLiteral("qtbase"), QStringLiteral("_"),
                          QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QApplication::installTranslator(&qtTranslator);
    QTranslator translator;
    if (translator.load(QLocale(), QStringLiteral("sightline"), QStringLiteral("_"),
                        QStringLiteral(":/i18n")))
        QApplication::installTranslator(&translator);

    QCommandLineParser parser;
    parser.setApplicationDescription(QApplication::translate(
        "main", "A PostgreSQL workbench for slow queries.\n\n"
                "Without a window:\n"
                "  sightline plan analyze FILE|- [--json]  Report on an EXPLAIN plan "
                "(sightline plan --help)."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption demoOption(
        QStringLiteral("demo"),
        QApplication::translate("main", "Start a private demo database and open it."));
    parser.addOption(demoOption);
    parser.process(app);

    sightline::ProfileStore profiles;
    const QStringList problems = profiles.load().problems;
    sightline::PasswordStore passwords;

    sightline::MainWindow window(&profiles, &passwords);
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
