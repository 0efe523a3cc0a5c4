#include "app/plancommand.h"

#include "app/appsetup.h"

#include "models/plan/plananalyzer.h"
#include "models/plan/plandiffreport.h"
#include "models/plan/planparser.h"
#include "models/plan/planreport.h"
#include "widgets/plan/planexport.h"
#include "widgets/plan/planscene.h"

#include <QApplication>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QStringDecoder>

#include <cstdio>
#include <utility>

namespace sightline {

namespace {

void writeTo(FILE *stream, const QByteArray &bytes, bool *ok = nullptr)
{
    const bool written =
        std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stream) == size_t(bytes.size()) &&
        std::fflush(stream) == 0;
    if (ok)
        *ok = written;
}

void printError(const QString &message)
{
    writeTo(stderr, (QStringLiteral("sightline: ") + message + QLatin1Char('\n')).toUtf8());
}

// Plans come from files saved by editors and shells: honour a BOM (PowerShell writes UTF-16),
// otherwise UTF-8, which is what psql and auto_explain write.
QString decode(const QByteArray &data)
{
    const std::optional<QStringConverter::Encoding> encoding =
        QStringConverter::encodingForData(data);
    QStringDecoder decoder(encoding.value_or(QStringConverter::Utf8),
                           QStringConverter::Flag::Stateless);
    // Without Flag::ConvertInitialBom the decoder drops the BOM, so the parser never sees it.
    return decoder.decode(data);
}

// The parser's sentences start with "Line N: " so a view can show them alone; here the line
// goes into the file:line: prefix that editors and terminals turn into a link, so the
// repetition is dropped. Only a prefix naming that same line is taken off.
QString withoutLinePrefix(const QString &message, int line)
{
    static const QRegularExpression prefix(QStringLiteral("^\\S+ (\\d+): "));
    const QRegularExpressionMatch match = prefix.match(message);
    if (match.hasMatch() && match.captured(1).toInt() == line)
        return message.mid(match.capturedLength());
    return message;
}

// The report on standard output; a failed write is an error for scripts.
int writeReport(const QByteArray &report)
{
    bool written = false;
    writeTo(stdout, report, &written);
    if (!written) {
        printError(PlanCommand::tr("cannot write the report to standard output"));
        return PlanCommand::UsageOrIo;
    }
    return PlanCommand::Ok;
}

// "FILE:LINE: warning: ..." on standard error, one line per warning.
void printWarnings(const QString &inputName, const QList<PlanWarning> &warnings)
{
    for (const PlanWarning &warning : warnings) {
        printError(warning.line > 0
                       ? PlanCommand::tr("%1:%2: warning: %3")
                             .arg(inputName, QString::number(warning.line),
                                  withoutLinePrefix(warning.message, warning.line))
                       : PlanCommand::tr("%1: warning: %2").arg(inputName, warning.message));
    }
}

// Reads one input (a file, or standard input for "-") and parses it. On
// failure the error is printed, *status says why and nullopt comes back.
std::optional<PlanParseResult> readPlan(const QString &path, QString *inputName, int *status)
{
    const bool fromStdin = path == QLatin1String("-");
    *inputName = fromStdin ? PlanCommand::tr("<stdin>") : path;
    QByteArray data;
    {
        QFile file;
        bool opened = false;
        if (fromStdin) {
            opened = file.open(stdin, QIODevice::ReadOnly);
        } else if (QFileInfo(path).isDir()) {
            printError(PlanCommand::tr("%1: is a directory, not a plan file").arg(path));
            *status = PlanCommand::UsageOrIo;
            return std::nullopt;
        } else {
            file.setFileName(path);
            opened = file.open(QIODevice::ReadOnly);
        }
        if (!opened) {
            printError(PlanCommand::tr("%1: cannot read: %2").arg(*inputName, file.errorString()));
            *status = PlanCommand::UsageOrIo;
            return std::nullopt;
        }
        data = file.readAll();
        if (file.error() != QFileDevice::NoError) {
            printError(PlanCommand::tr("%1: cannot read: %2").arg(*inputName, file.errorString()));
            *status = PlanCommand::UsageOrIo;
            return std::nullopt;
        }
    }

    // UTF-8 (the usual case) goes to the parser as bytes so large JSON is read in place.
    const std::optional<QStringConverter::Encoding> encoding =
        QStringConverter::encodingForData(data);
    const PlanParseResult parsed = !encoding || *encoding == QStringConverter::Utf8
                                       ? PlanParser::parse(data)
                                       : PlanParser::parse(decode(data));
    if (!parsed.ok()) {
        const QString reason = parsed.error.isEmpty()
                                   ? PlanCommand::tr("no EXPLAIN plan found")
                                   : withoutLinePrefix(parsed.error, parsed.errorLine);
        printError(parsed.errorLine > 0
                       ? PlanCommand::tr("%1:%2: not a plan: %3")
                             .arg(*inputName, QString::number(parsed.errorLine), reason)
                       : PlanCommand::tr("%1: not a plan: %2").arg(*inputName, reason));
        *status = PlanCommand::NotAPlan;
        return std::nullopt;
    }

    return parsed;
}

} // namespace

bool PlanCommand::isPlanCommand(int argc, char **argv)
{
    return argc > 1 && qstrcmp(argv[1], "plan") == 0;
}

bool PlanCommand::needsGui(int argc, char **argv)
{
    // The first argument after "plan" that is not an option (or an option's value) names the
    // command.
    for (int i = 2; i < argc; ++i) {
        if (qstrcmp(argv[i], "-o") == 0 || qstrcmp(argv[i], "--output") == 0 ||
            qstrcmp(argv[i], "--color-by") == 0) {
            ++i;
            continue;
        }
        if (argv[i][0] == '-' && argv[i][1] != '\0')
            continue;
        return qstrcmp(argv[i], "render") == 0;
    }
    return false;
}

int PlanCommand::exec(int argc, char **argv)
{
    if (needsGui(argc, argv)) {
        // Drawing needs fonts and a QApplication, but never a screen: the offscreen platform
        // works without a display (ssh, CI, cron) and does not take the desktop's colours, so
        // a file looks the same wherever it is made.
        if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
            qputenv("QT_QPA_PLATFORM", "offscreen");
        QApplication app(argc, argv);
        const AppSetup setup;
        return run(QCoreApplication::arguments());
    }
    QCoreApplication app(argc, argv);
    // The report speaks the user's language like the window does.
    const AppSetup setup;

    return run(QCoreApplication::arguments());
}

QString PlanCommand::usage()
{
    return tr("Usage: sightline plan analyze FILE|- [--json]\n"
              "       sightline plan diff BEFORE AFTER [--json]\n"
              "       sightline plan render FILE|- -o OUT.svg|OUT.png [--color-by METRIC]\n"
              "\n"
              "Reads EXPLAIN output (FORMAT TEXT or FORMAT JSON, as psql, pgAdmin or\n"
              "auto_explain print it) from FILE, or from standard input when FILE is -,\n"
              "and reports where the time went and what is wrong: a summary, the plan tree\n"
              "with each node's own time, and the red flags with what to try.\n"
              "\n"
              "diff compares two plans of a query (before and after an index, a rewrite,\n"
              "a setting): nodes are matched by what they do, and it says what changed\n"
              "and whether the second is really faster.\n"
              "\n"
              "render draws the plan tree, every node of it, as an SVG or PNG image\n"
              "(chosen by the output's extension), without a display.\n"
              "\n"
              "Options:\n"
              "  --json              Print one JSON object instead of the readable report.\n"
              "  -o, --output FILE   render: the image to write (.svg or .png).\n"
              "  --color-by METRIC   render: colour nodes by time (default), rows,\n"
              "                      misestimate, cost, buffers or none.\n"
              "  -h, --help          Show this help.\n"
              "\n"
              "Exit status: 0 when a plan was read (even partially; warnings go to standard\n"
              "error), 2 when the input is not a plan, 1 for usage or input/output errors.\n");
}

int PlanCommand::run(const QStringList &arguments)
{
    // arguments: program, "plan", then the subcommand and its arguments.
    QStringList positional;
    bool json = false;
    bool help = false;
    bool optionsEnded = false;
    QString output;
    QString colorBy;
    // "-o FILE", "--output FILE", "--output=FILE" (and the same for --color-by).
    const auto valueOf = [&](qsizetype &i, const QString &arg, QLatin1String longName,
                             QLatin1String shortName, QString *value) {
        if (arg == longName || (!shortName.isEmpty() && arg == shortName)) {
            if (i + 1 >= arguments.size())
                return false;
            *value = arguments.at(++i);
            return true;
        }
        if (arg.startsWith(longName + QLatin1Char('='))) {
            *value = arg.mid(longName.size() + 1);
            return true;
        }
        return false;
    };
    for (qsizetype i = 2; i < arguments.size(); ++i) {
        const QString &arg = arguments.at(i);
        if (optionsEnded || arg == QLatin1String("-") || !arg.startsWith(QLatin1Char('-'))) {
            positional << arg;
        } else if (arg == QLatin1String("--")) {
            optionsEnded = true;
        } else if (arg == QLatin1String("--json")) {
            json = true;
        } else if (arg == QLatin1String("-h") || arg == QLatin1String("--help")) {
            help = true;
        } else if (valueOf(i, arg, QLatin1String("--output"), QLatin1String("-o"), &output) ||
                   valueOf(i, arg, QLatin1String("--color-by"), QLatin1String(), &colorBy)) {
            continue;
        } else if (arg == QLatin1String("-o") || arg == QLatin1String("--output") ||
                   arg == QLatin1String("--color-by")) {
            printError(tr("plan: %1 needs a value").arg(arg));
            writeTo(stderr, usage().toUtf8());
            return UsageOrIo;
        } else {
            printError(tr("plan: unknown option %1").arg(arg));
            writeTo(stderr, usage().toUtf8());
            return UsageOrIo;
        }
    }
    if (help) {
        bool ok = false;
        writeTo(stdout, usage().toUtf8(), &ok);
        return ok ? Ok : UsageOrIo;
    }
    const QString command = positional.value(0);
    const bool render = command == QLatin1String("render");
    const bool isDiff = command == QLatin1String("diff");
    const qsizetype inputs = isDiff ? 3 : 2;
    if (positional.isEmpty() || (command != QLatin1String("analyze") && !render && !isDiff) ||
        positional.size() != inputs) {
        if (positional.isEmpty())
            printError(tr("plan: say what to do with the plan"));
        else if (command != QLatin1String("analyze") && !render && !isDiff)
            printError(tr("plan: unknown command %1").arg(command));
        else if (isDiff)
            printError(tr("plan diff: name two plans, BEFORE and AFTER (- for standard input)"));
        else if (positional.size() < 2)
            printError(tr("plan %1: name a file, or - for standard input").arg(command));
        else
            printError(tr("plan %1: one input at a time (got %2)")
                           .arg(command, positional.mid(1).join(QLatin1Char(' '))));
        writeTo(stderr, usage().toUtf8());
        return UsageOrIo;
    }
    PlanColorMetric metric = PlanColorMetric::ExclusiveTime;
    if (render) {
        const QString suffix = QFileInfo(output).suffix().toLower();
        QString problem;
        if (output.isEmpty())
            problem = tr("plan render: name the image to write with -o FILE.svg or -o FILE.png");
        else if (suffix != QLatin1String("svg") && suffix != QLatin1String("png"))
            problem = tr("plan render: %1: the image must end in .svg or .png").arg(output);
        else if (json)
            problem = tr("plan render: --json is for plan analyze");
        if (!colorBy.isEmpty()) {
            const std::optional<PlanColorMetric> chosen = PlanColorScale::metricForKey(colorBy);
            if (chosen)
                metric = *chosen;
            else
                problem = tr("plan render: unknown --color-by %1 (time, rows, misestimate, cost, "
                             "buffers or none)")
                              .arg(colorBy);
        }
        if (!problem.isEmpty()) {
            printError(problem);
            writeTo(stderr, usage().toUtf8());
            return UsageOrIo;
        }
        if (!qobject_cast<QApplication *>(QCoreApplication::instance())) {
            printError(tr("plan render: drawing needs the application's graphics set up"));
            return UsageOrIo;
        }
    } else if (!output.isEmpty() || !colorBy.isEmpty()) {
        printError(tr("plan %1: -o and --color-by are for plan render").arg(command));
        writeTo(stderr, usage().toUtf8());
        return UsageOrIo;
    }

    if (command == QLatin1String("diff"))
        return diff(positional.mid(1), json);

    const QString path = positional.at(1);
    const bool fromStdin = path == QLatin1String("-");
    QString inputName;
    int status = Ok;
    const std::optional<PlanParseResult> read = readPlan(path, &inputName, &status);
    if (!read)
        return status;
    const PlanParseResult &parsed = *read;

    const PlanAnalysis analysis = PlanAnalyzer::analyze(parsed.mainPlan());
    QList<PlanWarning> extraWarnings;
    if (parsed.plans.size() > 1) {
        extraWarnings.append({0, tr("The input holds %n plans; this report covers the first.",
                                    nullptr, int(parsed.plans.size()))});
    }
    printWarnings(inputName, analysis.plan.warnings);
    printWarnings(inputName, extraWarnings);

    if (render) {
        PlanExport::Settings settings;
        // Without ANALYZE there is no time to colour by: the next best the plan has.
        settings.metric =
            colorBy.isEmpty() ? PlanColorScale::effectiveMetric(analysis, metric) : metric;
        const std::unique_ptr<PlanScene> scene =
            PlanExport::makeScene(std::make_shared<const PlanAnalysis>(analysis), settings);
        QString error;
        QString warning;
        const bool svg =
            QFileInfo(output).suffix().compare(QLatin1String("svg"), Qt::CaseInsensitive) == 0;
        const bool ok =
            svg ? PlanExport::writeSvg(*scene, output,
                                       fromStdin ? tr("EXPLAIN plan") : QFileInfo(path).fileName(),
                                       &error)
                : PlanExport::writePng(*scene, output, &error, &warning);
        if (!ok) {
            printError(error);
            return UsageOrIo;
        }
        if (!warning.isEmpty())
            printError(tr("%1: warning: %2").arg(output, warning));
        return Ok;
    }

    QByteArray report;
    if (json) {
        report = PlanReport::json(analysis, PlanReport::JsonStyle::Indented, extraWarnings);
    } else {
        PlanReport::TextOptions options;
        options.includeWarnings = false; // already on stderr
        report = PlanReport::text(analysis, options).toUtf8();
    }
    return writeReport(report);
}

int PlanCommand::diff(const QStringList &paths, bool json)
{
    if (paths.at(0) == QLatin1String("-") && paths.at(1) == QLatin1String("-")) {
        printError(tr("plan diff: only one of the plans can come from standard input"));
        return UsageOrIo;
    }
    QList<Plan> plans;
    for (const QString &path : paths) {
        QString inputName;
        int status = Ok;
        const std::optional<PlanParseResult> read = readPlan(path, &inputName, &status);
        if (!read)
            return status;
        printWarnings(inputName, read->mainPlan().warnings);
        plans << read->mainPlan();
    }
    const PlanDiff result = PlanDiffer::compare(plans.at(0), plans.at(1));
    const QByteArray report =
        json ? PlanDiffReport::json(result) : PlanDiffReport::text(result).toUtf8();
    return writeReport(report);
}

} // namespace sightline
