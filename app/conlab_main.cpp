// conlab: the command line of Concurrency Lab. Parses the arguments of each subcommand and hands them to the engine.

#include "analysisreport.h"
#include "calibration.h"
#include "chartexport.h"
#include "comparison.h"
#include "consolesweep.h"
#include "fileio.h"
#include "inputquote.h"
#include "machineinfo.h"
#include "resultfile.h"
#include "strategies.h"
#include "timeline.h"
#include "traceformat.h"
#include "wording.h"
#include "workload.h"
#include "workloadoptions.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSocketNotifier>
#include <climits>
#include <csignal>
#include <cstdio>
#include <memory>
#include <sys/socket.h>
#include <unistd.h>

namespace {
// Bad arguments or input: one line on stderr, exit code 2, nothing written.
constexpr int ExitUsage = 2;

int usageError(const QString& message)
{
    std::fprintf(stderr, "conlab: %s (see conlab --help)\n", qPrintable(message));
    return ExitUsage;
}

// Every write to stdout is checked (consolesweep.h); main() reports a failed one and exits with code 1.
void print(const QString& text)
{
    writeStandardOutput(text);
}

const QString mainHelp = QStringLiteral(
    "Usage: conlab COMMAND [OPTIONS]\n"
    "\n"
    "Runs a batch of tasks sequentially, on a pool of processes, on a pool of threads, or on processes that each run\n"
    "a thread pool, and measures how long each takes on this machine.\n"
    "\n"
    "Commands:\n"
    "  run        one run:     conlab run --strategy threads --tasks 100 --task-ms 100\n"
    "  sweep      many runs:   conlab sweep --strategies threads,blended --tasks 100:900:100 --repeat 10 --csv r.csv\n"
    "  analyze    statistics, trendlines, cost model, crossovers and decision table of a result file\n"
    "  compare    two sets of runs, point by point:  conlab compare before.json after.json\n"
    "  trace      one run's timeline for Perfetto UI:   conlab trace runs.json --run 3 -o run3.json\n"
    "  limits     this machine's thread and process ceilings and core count\n"
    "  calibrate  measure the CPU workload's calibration again\n"
    "\n"
    "Charts: sweep and analyze draw runtime against task count with the trendlines and R² when given\n"
    "  --plot FILE.png|FILE.svg (and optionally --plot-size WxH): conlab analyze runs.csv --plot chart.svg\n"
    "\n"
    "'conlab COMMAND --help' describes a command's options. Exit codes: 0 done; 1 a run, an export, the journal\n"
    "or standard output failed; 2 bad arguments or input; 130, 143, 129 interrupted by SIGINT, SIGTERM, SIGHUP\n"
    "(finished runs are kept and exported).\n");

// The main help, with every strategy and workload as its description says.
QString mainHelpText()
{
    QString text = mainHelp + QStringLiteral("\nStrategies (--strategy, --strategies):\n");
    for (StrategyKind kind : allStrategies())
        text += QStringLiteral("  %1%2\n").arg(strategyName(kind), -12).arg(strategyDescription(kind));
    text += QStringLiteral("\nWorkloads (--workload):\n");
    for (const WorkloadDescription* workload : allWorkloads()) {
        text += QStringLiteral("  %1%2: %3\n")
                    .arg(QString::fromUtf8(workload->name), -12)
                    .arg(QString::fromUtf8(workload->label), QString::fromUtf8(workload->help));
    }
    return text;
}

// "sleep (simulated I/O) or cpu (calibrated computation). Default: sleep."
QString workloadOptionHelp()
{
    QStringList labels;
    for (WorkloadKind kind : allWorkloadKinds())
        labels.append(workloadLabel(kind));
    return QStringLiteral("%1. Default: %2.").arg(listText(labels, u" or "), workloadName(RunSpec().workload));
}

QCommandLineOption option(
    const QString& name, const QString& description, const QString& value = {}, const QString& defaultValue = {})
{
    QCommandLineOption result(name, description, value);
    if (!defaultValue.isEmpty())
        result.setDefaultValue(defaultValue);
    return result;
}

// Parses the arguments of subcommand `command`; on error prints it and returns false with *exitCode set.
bool parseCommand(QCommandLineParser& parser, const QStringList& arguments, const QString& command,
    const QString& description, int* exitCode)
{
    parser.setApplicationDescription(description);
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    const QCommandLineOption help({ QStringLiteral("h"), QStringLiteral("help") }, QStringLiteral("Show this help."));
    parser.addOption(help);
    if (!parser.parse(arguments)) {
        *exitCode = usageError(quotedParseError(parser));
        return false;
    }
    if (parser.isSet(help)) {
        // Qt names the program by the path it was started with; the usage line names the command instead.
        QString help = parser.helpText();
        const qsizetype endOfProgram = help.indexOf(QStringLiteral(" [options]"));
        help.replace(0, endOfProgram, QStringLiteral("Usage: conlab ") + command);
        print(help);
        *exitCode = 0;
        return false;
    }
    // Given twice, an option's first value would be dropped without a word.
    const QStringList names = parser.optionNames();
    for (const QString& name : names) {
        if (names.count(name) > 1) {
            *exitCode = usageError(QStringLiteral("--%1 is given more than once").arg(name));
            return false;
        }
    }
    return true;
}

// Every option must take effect: one that the chosen strategies would ignore is refused, not dropped in silence.
bool checkWorkloadOptionsApply(const QCommandLineParser& parser, const QList<StrategyKind>& strategies, QString* error)
{
    const std::pair<QString, RunSetting> settings[] = {
        { QStringLiteral("threads"), RunSetting::Threads },
        { QStringLiteral("processes"), RunSetting::Processes },
        { QStringLiteral("chunksize"), RunSetting::Chunksize },
    };
    for (const auto& [option, setting] : settings) {
        if (!parser.isSet(option) || anyReads(strategies, setting))
            continue;
        QStringList chosen;
        for (StrategyKind kind : strategies)
            chosen << strategyName(kind);
        QStringList readers;
        for (StrategyKind kind : strategiesReading(setting))
            readers << strategyName(kind);
        *error = QStringLiteral("--%1 applies only to %2, not to %3")
                     .arg(option, listText(readers, u" and "), listText(chosen, u" or "));
        return false;
    }
    return true;
}

bool parseInt(
    const QCommandLineParser& parser, const QString& name, int minimum, int maximum, int* value, QString* error)
{
    if (!parser.isSet(name))
        return true;
    bool ok = false;
    const qlonglong parsed = parser.value(name).toLongLong(&ok);
    if (!ok) {
        *error = QStringLiteral("--%1 '%2' is not a whole number").arg(name, quotedInput(parser.value(name)));
        return false;
    }
    if (parsed < minimum || parsed > maximum) {
        *error = QStringLiteral("--%1 %2 is out of range (%3 to %4)").arg(name).arg(parsed).arg(minimum).arg(maximum);
        return false;
    }
    *value = int(parsed);
    return true;
}

void addWorkloadOptions(QCommandLineParser& parser)
{
    parser.addOptions({
        option(QStringLiteral("workload"), workloadOptionHelp(), allWorkloadNames().join(u'|'),
            workloadName(RunSpec().workload)),
        option(QStringLiteral("task-ms"), QStringLiteral("How long one task takes, in milliseconds. Default: 100."),
            QStringLiteral("H"), QStringLiteral("100")),
        option(QStringLiteral("threads"), settingHelpText(RunSetting::Threads) + u'.', QStringLiteral("T")),
        option(QStringLiteral("processes"), settingHelpText(RunSetting::Processes) + u'.', QStringLiteral("C")),
        option(QStringLiteral("chunksize"), settingHelpText(RunSetting::Chunksize) + u'.', QStringLiteral("K|python")),
        option(QStringLiteral("runtime"),
            QStringLiteral("Where the strategies run: native (this engine's C++ threads and processes) or python "
                           "(CPython on this machine, running the same plan with ThreadPool, Pool and asyncio through "
                           "the harness conlab ships); native,python runs each strategy in both. Default: native."),
            QStringLiteral("LIST"), QStringLiteral("native")),
    });
    for (const WorkloadOptionDescription& described : allWorkloadOptions()) {
        const WorkloadOption workloadOption = described.option;
        parser.addOption(option(workloadOptionName(workloadOption), workloadOptionHelp(workloadOption),
            workloadOptionIsFlag(workloadOption) ? QString() : workloadOptionName(workloadOption).toUpper()));
    }
}

// Reads the workload options (--bytes, --command, ...) into `options`, refusing one that none of `workloads` reads.
bool readOptionsOfWorkloads(
    const QCommandLineParser& parser, const QList<WorkloadKind>& workloads, WorkloadOptions* options, QString* error)
{
    for (const WorkloadOptionDescription& described : allWorkloadOptions()) {
        const QString name = workloadOptionName(described.option);
        if (!parser.isSet(name))
            continue;
        const QList<WorkloadKind> readers = workloadsReading(described.option);
        if (std::none_of(
                workloads.begin(), workloads.end(), [&](WorkloadKind kind) { return readers.contains(kind); })) {
            QStringList readerNames;
            for (WorkloadKind kind : readers)
                readerNames.append(workloadName(kind));
            QStringList chosen;
            for (WorkloadKind kind : workloads)
                chosen.append(workloadName(kind));
            *error = QStringLiteral("--%1 applies only to the %2 workload%3, not to %4")
                         .arg(name, readerNames.join(QStringLiteral(" and ")),
                             readerNames.size() > 1 ? QStringLiteral("s") : QString(),
                             chosen.join(QStringLiteral(" or ")));
            return false;
        }
        *error = setWorkloadOption(*options, described.option, parser.value(name));
        if (!error->isEmpty())
            return false;
    }
    for (WorkloadKind kind : workloads) {
        *error = missingWorkloadOption(kind, *options);
        if (!error->isEmpty())
            return false;
    }
    return true;
}

// Reads the options addWorkloadOptions() declared into `spec`; with `workloads` (a sweep), --workloads as well.
bool readRuntimes(const QCommandLineParser& parser, QList<RuntimeKind>* runtimes, QString* error)
{
    *runtimes = parseRuntimes(parser.value(QStringLiteral("runtime")), error);
    if (runtimes->isEmpty())
        *error = QStringLiteral("--runtime: ") + *error;
    return !runtimes->isEmpty();
}

bool readWorkloadOptions(
    const QCommandLineParser& parser, RunSpec* spec, QString* error, QList<WorkloadKind>* workloads = nullptr)
{
    const auto workload = workloadFromName(parser.value(QStringLiteral("workload")));
    if (!workload) {
        *error = QStringLiteral("--workload '%1' is not %2")
                     .arg(quotedInput(parser.value(QStringLiteral("workload"))), workloadNamesText());
        return false;
    }
    QList<WorkloadKind> chosen { *workload };
    if (workloads && parser.isSet(QStringLiteral("workloads"))) {
        if (parser.isSet(QStringLiteral("workload"))) {
            *error = QStringLiteral("choose one of --workload and --workloads");
            return false;
        }
        chosen = parseWorkloads(parser.value(QStringLiteral("workloads")), error);
        if (chosen.isEmpty()) {
            *error = QStringLiteral("--workloads: ") + *error;
            return false;
        }
        *workloads = chosen;
    }
    spec->workload = chosen.first();
    if (!parseInt(parser, QStringLiteral("task-ms"), 0, PlanLimits::MaxTaskMs, &spec->taskMs, error)
        || !parseInt(parser, QStringLiteral("threads"), 1, PlanLimits::MaxThreads, &spec->threads, error)
        || !parseInt(parser, QStringLiteral("processes"), 1, PlanLimits::MaxProcesses, &spec->processes, error))
        return false;
    if (parser.isSet(QStringLiteral("chunksize"))) {
        const auto chunk = chunksizeFromName(parser.value(QStringLiteral("chunksize")));
        if (!chunk) {
            *error = QStringLiteral("--chunksize '%1' is not a positive whole number or 'python'")
                         .arg(quotedInput(parser.value(QStringLiteral("chunksize"))));
            return false;
        }
        spec->chunksize = *chunk;
    }
    return readOptionsOfWorkloads(parser, chosen, &spec->options, error);
}

void addAnalysisOptions(QCommandLineParser& parser)
{
    parser.addOptions({
        option(QStringLiteral("fit"),
            QStringLiteral("Fit trendlines to the mean or the median per task count. Default: mean."),
            QStringLiteral("mean|median"), QStringLiteral("mean")),
        option(QStringLiteral("drop-outliers"), QStringLiteral("Leave flagged outliers out of statistics and fits.")),
        option(QStringLiteral("resamples"),
            QStringLiteral("Bootstrap resamples behind each crossover's 95% interval, at least %1; 0 computes no "
                           "interval. Default: %1.")
                .arg(DefaultBootstrapResamples),
            QStringLiteral("N")),
        option(QStringLiteral("seed"),
            QStringLiteral("Seed of the bootstrap's generator, so that a report is the same every time. Default: %1.")
                .arg(DefaultBootstrapSeed),
            QStringLiteral("S")),
    });
}

bool readAnalysisOptions(const QCommandLineParser& parser, AnalysisOptions* options, QString* error)
{
    const QString fit = parser.value(QStringLiteral("fit"));
    if (fit != QLatin1String("mean") && fit != QLatin1String("median")) {
        *error = QStringLiteral("--fit '%1' is not mean or median").arg(quotedInput(fit));
        return false;
    }
    options->fitTo = fit == QLatin1String("median") ? FitTarget::Median : FitTarget::Mean;
    options->dropOutliers = parser.isSet(QStringLiteral("drop-outliers"));
    if (!parseInt(parser, QStringLiteral("resamples"), 0, 1'000'000, &options->bootstrapResamples, error))
        return false;
    if (options->bootstrapResamples > 0 && options->bootstrapResamples < DefaultBootstrapResamples) {
        *error = QStringLiteral("--resamples %1 is too few for a 95% interval: at least %2, or 0 for none")
                     .arg(options->bootstrapResamples)
                     .arg(DefaultBootstrapResamples);
        return false;
    }
    if (parser.isSet(QStringLiteral("seed"))) {
        // Up to 2^53, which a JSON report holds exactly.
        bool ok = false;
        const qulonglong seed = parser.value(QStringLiteral("seed")).toULongLong(&ok);
        if (!ok || seed > (1ULL << 53)) {
            *error = QStringLiteral("--seed '%1' is not a whole number from 0 to 9007199254740992")
                         .arg(quotedInput(parser.value(QStringLiteral("seed"))));
            return false;
        }
        options->bootstrapSeed = seed;
    }
    return true;
}

std::optional<ResultSet> readInputFile(const QString& path)
{
    QString error;
    QStringList notes;
    auto set = readResultFile(path, &error, &notes);
    if (!set) {
        std::fprintf(stderr, "conlab: %s\n", qPrintable(error));
        return std::nullopt;
    }
    for (const QString& note : std::as_const(notes))
        std::fprintf(stderr, "conlab: %s\n", qPrintable(note));
    return set;
}

// --plot: the runtime chart of the analysis, drawn headless by the code that draws the desktop app's chart.
struct PlotRequest
{
    QString path; // empty: no chart asked for
    QSize size = defaultChartExportSize;
    int predictTo = 0;
    bool normalised = false;
    // --plot-overlay: each set's name in the legend (its file's name, or "the article") and its runs, read before
    // anything runs.
    QList<std::pair<QString, QList<RunResult>>> overlays;
};

void addPlotOptions(QCommandLineParser& parser, const QString& severalGroups)
{
    parser.addOptions({
        option(QStringLiteral("plot"),
            QStringLiteral("Draw runtime against task count (runs, means, trendlines with R², crossovers) to FILE, "
                           ".png or .svg.")
                + severalGroups,
            QStringLiteral("FILE")),
        option(QStringLiteral("plot-size"),
            QStringLiteral("Size of the --plot chart in pixels. Default: %1x%2.")
                .arg(defaultChartExportSize.width())
                .arg(defaultChartExportSize.height()),
            QStringLiteral("WxH")),
        option(QStringLiteral("plot-predict"),
            QStringLiteral("Extend the --plot chart's trendlines, dotted, up to N tasks."), QStringLiteral("N")),
        option(QStringLiteral("plot-overlay"),
            QStringLiteral("Draw another result file's means and trendlines over the --plot chart, named in its legend "
                           "(repeatable); 'article' is the article's table. Where the tasks differ in duration the "
                           "axis is runtime ÷ task duration."),
            QStringLiteral("FILE")),
        option(QStringLiteral("plot-normalised"),
            QStringLiteral("Draw the --plot chart's runtime divided by the task duration, on which the ideal bound is "
                           "ceil(n/w) for every set.")),
    });
}

// Checks the chart's path as --csv and --json are checked: before anything runs, so a chart is never lost at the end.
bool readPlotOptions(const QCommandLineParser& parser, PlotRequest* plot, QString* error)
{
    const bool wanted = parser.isSet(QStringLiteral("plot"));
    for (const QString& name : { QStringLiteral("plot-size"), QStringLiteral("plot-predict"),
             QStringLiteral("plot-overlay"), QStringLiteral("plot-normalised") }) {
        if (parser.isSet(name) && !wanted) {
            *error = QStringLiteral("--%1 needs --plot FILE").arg(name);
            return false;
        }
    }
    if (!wanted)
        return true;
    if (parser.isSet(QStringLiteral("plot-size"))) {
        static const QRegularExpression pattern(QStringLiteral("^(\\d{1,5})[xX](\\d{1,5})$"));
        const QString value = parser.value(QStringLiteral("plot-size"));
        const QRegularExpressionMatch match = pattern.match(value);
        const QSize size = match.hasMatch() ? QSize(match.captured(1).toInt(), match.captured(2).toInt()) : QSize();
        if (size.width() < 200 || size.height() < 150 || size.width() > 10000 || size.height() > 10000) {
            *error = QStringLiteral("--plot-size '%1' is not WIDTHxHEIGHT from 200x150 to 10000x10000 pixels, e.g. "
                                    "1200x750")
                         .arg(quotedInput(value));
            return false;
        }
        plot->size = size;
    }
    if (!parseInt(parser, QStringLiteral("plot-predict"), 1, PlanLimits::MaxTasks, &plot->predictTo, error))
        return false;
    if (!canExportChart(parser.value(QStringLiteral("plot")), error)) {
        *error = QStringLiteral("--plot: ") + *error;
        return false;
    }
    plot->normalised = parser.isSet(QStringLiteral("plot-normalised"));
    for (const QString& file : parser.values(QStringLiteral("plot-overlay"))) {
        const bool article = file == u"article";
        const auto set = readInputFile(article ? QStringLiteral(":/data/article-runs.csv") : file);
        if (!set) {
            *error = QStringLiteral("--plot-overlay %1 could not be read").arg(quotedPath(file));
            return false;
        }
        QString name = article ? QStringLiteral("the article")
            : file == u"-"     ? QStringLiteral("standard input")
                               : QFileInfo(file).fileName();
        // Two files of one name (runs.csv of two directories) are named by the paths given.
        const auto taken = [&plot](const QString& candidate) {
            return std::any_of(plot->overlays.cbegin(), plot->overlays.cend(),
                [&candidate](const auto& overlay) { return overlay.first == candidate; });
        };
        if (taken(name))
            name = file;
        for (int k = 2; taken(name); ++k)
            name = QStringLiteral("%1 (%2)").arg(file).arg(k);
        plot->overlays.append({ name, set->runs });
    }
    plot->path = parser.value(QStringLiteral("plot"));
    return true;
}

// Draws the chart of the runs' first (workload, task_ms) group; returns 0, or 1 when nothing could be written.
int writePlot(const PlotRequest& plot, const QList<RunResult>& runs, const AnalysisOptions& analysis,
    const QString& source, const SweepCoverage& coverage = {})
{
    const QList<AnalysisReport> reports = analyzeRuns(runs, analysis, coverage);
    if (reports.isEmpty()) {
        std::fprintf(stderr, "conlab: no runs to plot; %s not written\n", qPrintable(quotedPath(plot.path)));
        return 1;
    }
    const AnalysisReport& report = reports.first();
    if (reports.size() > 1)
        std::fprintf(stderr, "conlab: the runs hold %d workload and task time groups; --plot draws the first (%s)\n",
            int(reports.size()), qPrintable(reportGroupText(report)));
    ChartInput input;
    input.runs = runs;
    input.report = report;
    input.title = QStringLiteral("Runtime against task count: %1").arg(reportHeadline(report));
    if (!source.isEmpty())
        input.title += QStringLiteral(" (%1)").arg(quotedPath(source));
    input.options.predictTo = plot.predictTo;
    input.options.hideOutliers = analysis.dropOutliers;
    input.options.normalised = plot.normalised;
    AnalysisOptions overlayAnalysis = analysis;
    overlayAnalysis.bootstrapResamples = 0; // only the runs' own crossovers are drawn
    QStringList overlaid;
    for (const auto& [name, overlayRuns] : plot.overlays) {
        const QList<AnalysisReport> overlayReports = analyzeRuns(overlayRuns, overlayAnalysis);
        const AnalysisReport* match = matchingReport(overlayReports, report);
        if (!match) {
            std::fprintf(stderr, "conlab: %s has no runs of the %s workload; not overlaid\n", qPrintable(name),
                qPrintable(workloadName(report.workload)));
            continue;
        }
        // A file over itself (before a change, against after it under the same name) is told apart in the legend.
        const QString legendName = name == source ? name + QStringLiteral(" (overlaid)") : name;
        input.overlays.append({ legendName, *match });
        overlaid << legendName;
    }
    if (!input.overlays.isEmpty()) {
        input.name = source.isEmpty() ? QStringLiteral("this machine") : source;
        input.title += QStringLiteral(", beside ") + overlaid.join(QStringLiteral(" and "));
    }
    if (input.durationsDiffer() && input.normalisedAxis() && !plot.normalised)
        std::fprintf(stderr,
            "conlab: the overlaid tasks differ in duration; the chart's axis is runtime ÷ task "
            "duration\n");
    QString error;
    if (!exportChart(input, plot.path, plot.size, 1.0, &error)) {
        std::fprintf(stderr, "conlab: %s\n", qPrintable(error));
        return 1;
    }
    std::fprintf(stderr, "conlab: drew the chart to %s\n", qPrintable(quotedPath(plot.path)));
    return 0;
}

// Ctrl-C (SIGINT), SIGTERM and SIGHUP reach the event loop through a socket pair (a signal handler may only write()),
// and the sweep stops cleanly, keeping what finished. Each handler resets itself, so the same signal a second time
// ends the program the ordinary way.
class InterruptWatcher
{
public:
    explicit InterruptWatcher(ConsoleSweep& sweep)
    {
        if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, m_fds) != 0)
            return;
        s_writeFd = m_fds[0];
        m_notifier = std::make_unique<QSocketNotifier>(m_fds[1], QSocketNotifier::Read);
        QObject::connect(m_notifier.get(), &QSocketNotifier::activated, &sweep, [this, &sweep] {
            char signal = 0;
            if (::read(m_fds[1], &signal, 1) == 1)
                sweep.interrupt(signal);
        });
        struct sigaction action = {};
        action.sa_handler = [](int signal) {
            const char byte = char(signal);
            [[maybe_unused]] const auto ignored = ::write(s_writeFd, &byte, 1);
        };
        action.sa_flags = SA_RESETHAND;
        sigemptyset(&action.sa_mask);
        for (size_t i = 0; i < std::size(Signals); ++i)
            sigaction(Signals[i], &action, &m_previous[i]);
    }

    ~InterruptWatcher()
    {
        if (m_fds[0] < 0)
            return;
        for (size_t i = 0; i < std::size(Signals); ++i)
            sigaction(Signals[i], &m_previous[i], nullptr);
        m_notifier.reset();
        s_writeFd = -1;
        ::close(m_fds[0]);
        ::close(m_fds[1]);
    }

    InterruptWatcher(const InterruptWatcher&) = delete;
    InterruptWatcher& operator=(const InterruptWatcher&) = delete;

private:
    static constexpr int Signals[] = { SIGINT, SIGTERM, SIGHUP };
    static inline int s_writeFd = -1;
    int m_fds[2] = { -1, -1 };
    std::unique_ptr<QSocketNotifier> m_notifier;
    struct sigaction m_previous[std::size(Signals)] = {};
};

// Runs the sweep to its end. With a chart asked for, draws the runs that finished, interrupted or not, as they are
// exported; a sweep that never started draws nothing.
int runSweep(ConsoleSweepOptions options, const QStringList& arguments, const PlotRequest& plot = {})
{
    options.commandLine = arguments.join(u' ');
    const QString problem = options.plan.problem();
    if (!problem.isEmpty())
        return usageError(problem);
    const MachineInfo machine = currentMachine();
    if (const QString impossible = planBeyondMachine(options.plan, machine); !impossible.isEmpty())
        return usageError(impossible);
    // Runs the OS will probably refuse still run (finding the limit is an experiment), but not by surprise.
    for (const QString& risk : planRisks(options.plan, machine, currentThreadCount()))
        std::fprintf(stderr, "conlab: warning: %s\n", qPrintable(risk));
    const AnalysisOptions analysis = options.analysis;
    ConsoleSweep sweep(std::move(options));
    const InterruptWatcher watcher(sweep);
    const int code = sweep.exec();
    if (plot.path.isEmpty() || code == ExitUsage || sweep.failedToStart())
        return code;
    const int plotCode = writePlot(plot, sweep.results().runs, analysis, {});
    return code != 0 ? code : plotCode;
}

int commandRun(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.addOptions({
        option(QStringLiteral("strategy"), strategyNamesText() + u'.', QStringLiteral("S")),
        option(QStringLiteral("tasks"), QStringLiteral("Number of tasks."), QStringLiteral("N")),
        option(QStringLiteral("json"), QStringLiteral("Print the run as one JSON object.")),
        option(QStringLiteral("traces"), QStringLiteral("With --json: include every task's trace.")),
        option(QStringLiteral("trace-out"),
            QStringLiteral("Write the run's timeline to FILE (.json) in the Chrome Trace Event Format, which Perfetto "
                           "UI and chrome://tracing open."),
            QStringLiteral("FILE")),
    });
    addWorkloadOptions(parser);
    int exitCode = 0;
    if (!parseCommand(parser, arguments, QStringLiteral("run"),
            QStringLiteral("Runs the tasks once with one strategy and prints the time against the ideal."), &exitCode))
        return exitCode;
    if (!parser.positionalArguments().isEmpty())
        return usageError(
            QStringLiteral("run takes no argument '%1'").arg(quotedInput(parser.positionalArguments().first())));
    if (!parser.isSet(QStringLiteral("strategy")) || !parser.isSet(QStringLiteral("tasks")))
        return usageError(QStringLiteral("run needs --strategy and --tasks"));

    ConsoleSweepOptions options;
    QString error;
    const auto strategy = strategyFromName(parser.value(QStringLiteral("strategy")));
    if (!strategy)
        return usageError(QStringLiteral("--strategy '%1' is not %2")
                              .arg(quotedInput(parser.value(QStringLiteral("strategy"))), strategyNamesText()));
    int tasks = 0;
    if (!parseInt(parser, QStringLiteral("tasks"), 1, PlanLimits::MaxTasks, &tasks, &error)
        || !readWorkloadOptions(parser, &options.plan.base, &error)
        || !readRuntimes(parser, &options.plan.runtimes, &error))
        return usageError(error);
    if (options.plan.runtimes.size() > 1)
        return usageError(QStringLiteral("run takes one --runtime; conlab sweep runs several"));
    if (!checkWorkloadOptionsApply(parser, { *strategy }, &error))
        return usageError(error);
    if (parser.isSet(QStringLiteral("traces")) && !parser.isSet(QStringLiteral("json")))
        return usageError(QStringLiteral("--traces needs --json: the traces are part of its JSON object"));
    if (parser.isSet(QStringLiteral("trace-out"))) {
        const QString path = parser.value(QStringLiteral("trace-out"));
        if (!path.endsWith(QStringLiteral(".json"), Qt::CaseInsensitive))
            return usageError(QStringLiteral("--trace-out '%1' must end in .json").arg(quotedPath(path)));
        if (!canWriteFile(path, &error))
            return usageError(QStringLiteral("--trace-out: ") + error);
        options.tracePath = path;
    }
    options.plan.strategies = { *strategy };
    options.plan.taskCounts = { tasks };
    options.singleRun = true;
    options.jsonToStdout = parser.isSet(QStringLiteral("json"));
    options.withTraces = parser.isSet(QStringLiteral("traces"));
    return runSweep(std::move(options), QCoreApplication::arguments());
}

int commandSweep(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.addOptions({
        option(QStringLiteral("strategies"),
            QStringLiteral("Comma-separated strategies (%1), or all. Default: all.").arg(strategyNamesText(u", ")),
            QStringLiteral("LIST"), QStringLiteral("all")),
        option(QStringLiteral("tasks"), QStringLiteral("Task counts: FROM:TO:STEP, a list A,B,C, or N."),
            QStringLiteral("RANGE")),
        option(QStringLiteral("repeat"), QStringLiteral("Runs per strategy and task count. Default: 1."),
            QStringLiteral("K"), QStringLiteral("1")),
        option(QStringLiteral("csv"), QStringLiteral("Write the runs as CSV to FILE."), QStringLiteral("FILE")),
        option(QStringLiteral("json"), QStringLiteral("Write the runs, traces and machine as JSON to FILE."),
            QStringLiteral("FILE")),
        option(QStringLiteral("journal"),
            QStringLiteral("Append each run to FILE (.jsonl) the moment it ends, so a killed sweep loses nothing "
                           "that finished. Default: a new file in $XDG_STATE_HOME/conlab/journal "
                           "(~/.local/state/conlab/journal), of which the last 20 finished are kept."),
            QStringLiteral("FILE")),
        option(QStringLiteral("no-journal"), QStringLiteral("Keep no journal.")),
        option(QStringLiteral("workloads"),
            QStringLiteral("Several workloads, comma-separated (%1), or all: each runs the whole plan, and the "
                           "decision table has a row per workload.")
                .arg(workloadNamesText(u", ")),
            QStringLiteral("LIST")),
    });
    addWorkloadOptions(parser);
    addAnalysisOptions(parser);
    addPlotOptions(parser, {});
    int exitCode = 0;
    if (!parseCommand(parser, arguments, QStringLiteral("sweep"),
            QStringLiteral("Runs strategies x task counts x repeats, interleaving the strategies, and "
                           "prints statistics, trendlines, crossovers and a decision table."),
            &exitCode))
        return exitCode;
    if (!parser.positionalArguments().isEmpty())
        return usageError(
            QStringLiteral("sweep takes no argument '%1'").arg(quotedInput(parser.positionalArguments().first())));
    if (!parser.isSet(QStringLiteral("tasks")))
        return usageError(QStringLiteral("sweep needs --tasks FROM:TO:STEP"));

    ConsoleSweepOptions options;
    QString error;
    options.plan.strategies = parseStrategies(parser.value(QStringLiteral("strategies")), &error);
    if (options.plan.strategies.isEmpty())
        return usageError(QStringLiteral("--strategies: ") + error);
    options.plan.taskCounts = parseTaskCounts(parser.value(QStringLiteral("tasks")), &error);
    if (options.plan.taskCounts.isEmpty())
        return usageError(QStringLiteral("--tasks: ") + error);
    if (!parseInt(parser, QStringLiteral("repeat"), 1, PlanLimits::MaxRepeats, &options.plan.repeats, &error)
        || !readWorkloadOptions(parser, &options.plan.base, &error, &options.plan.workloads)
        || !readRuntimes(parser, &options.plan.runtimes, &error)
        || !checkWorkloadOptionsApply(parser, options.plan.strategies, &error))
        return usageError(error);
    for (const QString& name : { QStringLiteral("csv"), QStringLiteral("json") }) {
        const QString path = parser.value(name);
        if (!parser.isSet(name))
            continue;
        if (!path.endsWith(u'.' + name, Qt::CaseInsensitive))
            return usageError(QStringLiteral("--%1 '%2' must end in .%1").arg(name, quotedPath(path)));
        if (!canWriteResultFile(path, &error))
            return usageError(QStringLiteral("--%1: ").arg(name) + error);
    }
    options.csvPath = parser.value(QStringLiteral("csv"));
    options.jsonPath = parser.value(QStringLiteral("json"));
    if (parser.isSet(QStringLiteral("journal"))) {
        const QString journal = parser.value(QStringLiteral("journal"));
        if (parser.isSet(QStringLiteral("no-journal")))
            return usageError(QStringLiteral("choose one of --journal and --no-journal"));
        if (!journal.endsWith(QStringLiteral(".jsonl"), Qt::CaseInsensitive))
            return usageError(QStringLiteral("--journal '%1' must end in .jsonl").arg(quotedPath(journal)));
        options.journalPath = journal;
    }
    options.journal = !parser.isSet(QStringLiteral("no-journal"));
    if (!readAnalysisOptions(parser, &options.analysis, &error))
        return usageError(error);
    PlotRequest plot;
    if (!readPlotOptions(parser, &plot, &error))
        return usageError(error);
    return runSweep(std::move(options), QCoreApplication::arguments(), plot);
}

// Reads a result file or journal a command was given; on failure says why on stderr and returns nullopt (exit code 2).
// A journal's notes (its incomplete last line, left out) go to stderr too.
int commandAnalyze(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("FILE"),
        QStringLiteral("A result file (.csv or .json) or a sweep's journal (.jsonl); - reads standard input."));
    parser.addOptions({
        option(QStringLiteral("json"), QStringLiteral("Print the analysis as JSON (see the README for its keys).")),
        option(QStringLiteral("markdown"), QStringLiteral("Print the statistics and decision tables as Markdown.")),
    });
    addAnalysisOptions(parser);
    addPlotOptions(parser, QStringLiteral(" With several workloads or task times in FILE, the first is drawn."));
    int exitCode = 0;
    if (!parseCommand(parser, arguments, QStringLiteral("analyze"),
            QStringLiteral("Statistics, trendlines with R², the article's cost model, crossovers and a "
                           "decision table for a saved result file (CSV or JSON)."),
            &exitCode))
        return exitCode;
    if (parser.positionalArguments().size() != 1)
        return usageError(QStringLiteral("analyze needs exactly one FILE"));
    if (parser.isSet(QStringLiteral("json")) && parser.isSet(QStringLiteral("markdown")))
        return usageError(QStringLiteral("choose one of --json and --markdown"));
    AnalysisOptions options;
    QString error;
    if (!readAnalysisOptions(parser, &options, &error))
        return usageError(error);
    PlotRequest plot;
    if (!readPlotOptions(parser, &plot, &error))
        return usageError(error);
    const auto set = readInputFile(parser.positionalArguments().constFirst());
    if (!set)
        return ExitUsage;
    const auto reports = analyzeRuns(set->runs, options, coverageOf(*set));
    if (reports.isEmpty()) {
        std::fprintf(stderr, "conlab: %s has no runs to analyze\n",
            qPrintable(quotedPath(parser.positionalArguments().first())));
        return ExitUsage;
    }
    if (parser.isSet(QStringLiteral("json"))) {
        // One workload per file is the usual case and gets the documented object; several get an array of them.
        if (reports.size() == 1) {
            print(QString::fromUtf8(QJsonDocument(analysisToJson(reports.first())).toJson()));
        } else {
            QJsonArray array;
            for (const AnalysisReport& report : reports)
                array.append(analysisToJson(report));
            print(QString::fromUtf8(QJsonDocument(array).toJson()));
        }
    } else {
        const bool markdown = parser.isSet(QStringLiteral("markdown"));
        for (const AnalysisReport& report : reports)
            print(markdown ? analysisToMarkdown(report) : analysisToText(report));
        if (reports.size() > 1)
            print(u'\n' + (markdown ? workloadDecisionToMarkdown(reports) : workloadDecisionToText(reports)) + u'\n');
    }
    if (plot.path.isEmpty())
        return 0;
    const QString file = parser.positionalArguments().constFirst();
    return writePlot(plot, set->runs, options,
        file == u"-" ? QStringLiteral("standard input") : QFileInfo(file).fileName(), coverageOf(*set));
}

int commandCompare(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("A"), QStringLiteral("The baseline: a result file or a journal."));
    parser.addPositionalArgument(QStringLiteral("B"), QStringLiteral("The contender, compared with A."));
    parser.addOptions({
        option(QStringLiteral("json"), QStringLiteral("Print the comparison as JSON (see the README for its keys).")),
        option(QStringLiteral("markdown"), QStringLiteral("Print the comparison as a Markdown table.")),
    });
    int exitCode = 0;
    if (!parseCommand(parser, arguments, QStringLiteral("compare"),
            QStringLiteral("Compares two sets of runs at every strategy and task count both measured: B's mean time "
                           "over A's with its 95% interval, and a two-sided Mann-Whitney U test of their runs "
                           "(faster, slower, or no significant difference at alpha = 0.05)."),
            &exitCode))
        return exitCode;
    if (parser.positionalArguments().size() != 2)
        return usageError(QStringLiteral("compare needs two files, A and B"));
    if (parser.isSet(QStringLiteral("json")) && parser.isSet(QStringLiteral("markdown")))
        return usageError(QStringLiteral("choose one of --json and --markdown"));
    const QStringList files = parser.positionalArguments();
    if (files.at(0) == u"-" && files.at(1) == u"-")
        return usageError(QStringLiteral("only one of A and B can be standard input"));
    QList<RunResult> sides[2];
    QStringList names;
    for (int side = 0; side < 2; ++side) {
        const auto set = readInputFile(files.at(side));
        if (!set)
            return ExitUsage;
        sides[side] = set->runs;
        names.append(files.at(side) == u"-" ? QStringLiteral("standard input") : quotedPath(files.at(side)));
    }
    const QList<ComparisonRow> rows = compareRuns(sides[0], sides[1]);
    if (rows.isEmpty()) {
        std::fprintf(stderr,
            "conlab: %s and %s have no strategy and task count in common (of the same workload and task duration)\n",
            qPrintable(names.at(0)), qPrintable(names.at(1)));
        return ExitUsage;
    }
    if (parser.isSet(QStringLiteral("json")))
        print(QString::fromUtf8(QJsonDocument(comparisonToJson(rows, names.at(0), names.at(1))).toJson()));
    else if (parser.isSet(QStringLiteral("markdown")))
        print(comparisonToMarkdown(rows, names.at(0), names.at(1)));
    else
        print(comparisonToText(rows, names.at(0), names.at(1)));
    return 0;
}

int commandTrace(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("FILE"),
        QStringLiteral("A result file (.json) or a sweep's journal (.jsonl) that keeps the runs' task traces; - reads "
                       "standard input."));
    parser.addOptions({
        option(QStringLiteral("run"),
            QStringLiteral("The run, by its position in FILE from 1 (the Run column of the app's runs table). "
                           "Needed when FILE holds more than one run."),
            QStringLiteral("K")),
        QCommandLineOption({ QStringLiteral("o"), QStringLiteral("output") },
            QStringLiteral("Where to write the trace (.json); - writes it to standard output."), QStringLiteral("OUT")),
    });
    int exitCode = 0;
    if (!parseCommand(parser, arguments, QStringLiteral("trace"),
            QStringLiteral("Writes one run of a result file as a Chrome Trace Event Format file, which Perfetto UI "
                           "(ui.perfetto.dev) and chrome://tracing open: a track per process and thread, a slice per "
                           "task, the tasks in flight as a counter."),
            &exitCode))
        return exitCode;
    if (parser.positionalArguments().size() != 1)
        return usageError(QStringLiteral("trace needs exactly one FILE"));
    if (!parser.isSet(QStringLiteral("output")))
        return usageError(QStringLiteral("trace needs -o OUT.json (or -o - for standard output)"));
    const QString output = parser.value(QStringLiteral("output"));
    QString error;
    if (output != u"-") {
        if (!output.endsWith(QStringLiteral(".json"), Qt::CaseInsensitive))
            return usageError(QStringLiteral("-o '%1' must end in .json").arg(quotedPath(output)));
        if (!canWriteFile(output, &error))
            return usageError(QStringLiteral("-o: ") + error);
    }
    int run = 0;
    if (!parseInt(parser, QStringLiteral("run"), 1, INT_MAX, &run, &error))
        return usageError(error);
    const QString file = parser.positionalArguments().constFirst();
    const auto set = readInputFile(file);
    if (!set)
        return ExitUsage;
    const QString source = file == u"-" ? QStringLiteral("standard input") : quotedPath(file);
    const QString held = countOf(set->runs.size(), QStringLiteral("run"), QStringLiteral("runs"));
    if (run == 0) {
        if (set->runs.size() != 1)
            return usageError(QStringLiteral("%1 holds %2; choose one with --run K").arg(source, held));
        run = 1;
    }
    if (run > set->runs.size())
        return usageError(QStringLiteral("--run %1 is out of range: %2 holds %3").arg(run).arg(source, held));
    const RunResult& chosen = set->runs.at(run - 1);
    const QByteArray trace = runToChromeTrace(chosen);
    if (trace.isEmpty()) {
        std::fprintf(
            stderr, "conlab: run %d of %s: %s\n", run, qPrintable(source), qPrintable(buildTimeline(chosen).note));
        return ExitUsage;
    }
    if (output == u"-") {
        print(QString::fromUtf8(trace));
        return 0;
    }
    if (!writeFileAtomically(output, trace, &error)) {
        std::fprintf(stderr, "conlab: %s\n", qPrintable(error));
        return 1;
    }
    std::fprintf(stderr, "conlab: wrote the trace of run %d (%s, %s) to %s\n", run,
        qPrintable(withRuntime(strategyName(chosen.spec.strategy), chosen.spec.runtime)),
        qPrintable(countOf(chosen.traces.size(), QStringLiteral("task"), QStringLiteral("tasks"))),
        qPrintable(quotedPath(output)));
    return 0;
}

int commandLimits(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.addOption(option(QStringLiteral("json"), QStringLiteral("Print the limits as JSON.")));
    int exitCode = 0;
    if (!parseCommand(parser, arguments, QStringLiteral("limits"),
            QStringLiteral("This machine's core count and its ceilings on threads and processes."), &exitCode))
        return exitCode;
    if (!parser.positionalArguments().isEmpty())
        return usageError(
            QStringLiteral("limits takes no argument '%1'").arg(quotedInput(parser.positionalArguments().first())));
    const MachineInfo machine = currentMachine();
    if (parser.isSet(QStringLiteral("json")))
        print(QString::fromUtf8(QJsonDocument(machineToJson(machine)).toJson()));
    else
        print(limitsToText(machine));
    return 0;
}

int commandCalibrate(const QStringList& arguments)
{
    QCommandLineParser parser;
    int exitCode = 0;
    if (!parseCommand(parser, arguments, QStringLiteral("calibrate"),
            QStringLiteral("Measures again how fast one core runs the cpu workload, and stores it."), &exitCode))
        return exitCode;
    if (!parser.positionalArguments().isEmpty())
        return usageError(
            QStringLiteral("calibrate takes no argument '%1'").arg(quotedInput(parser.positionalArguments().first())));
    const CpuCalibration calibration = cpuCalibration(true);
    if (calibration.cacheFile.isEmpty()) {
        // Measured but not kept: the next cpu run measures again, and may get another figure.
        print(QStringLiteral("cpu workload: %1 iterations per millisecond on one core (not stored)\n")
                  .arg(calibration.iterationsPerMs));
        std::fprintf(stderr, "conlab: the calibration was not stored: %s\n", qPrintable(calibration.storeError));
        return 1;
    }
    print(QStringLiteral("cpu workload: %1 iterations per millisecond on one core (stored in %2)\n")
              .arg(calibration.iterationsPerMs)
              .arg(quotedPath(calibration.cacheFile)));
    return 0;
}
// Whether the arguments ask for a chart: drawing one needs a QApplication, which the other commands do without.
bool wantsPlot(int argc, char** argv)
{
    for (int i = 1; i < argc; ++i) {
        const QByteArray argument(argv[i]);
        if (argument == "--plot" || argument == "-plot" || argument.startsWith("--plot=")
            || argument.startsWith("-plot="))
            return true;
    }
    return false;
}

// A QGuiApplication started outside a login session (ssh, CI, a container) warns that XDG_RUNTIME_DIR is not set.
// An offscreen chart has no use for it, and the warning would turn conlab's one-line errors into two lines.
QtMessageHandler s_defaultMessageHandler = nullptr;

void withoutRuntimeDirWarning(QtMsgType type, const QMessageLogContext& context, const QString& message)
{
    if (type == QtWarningMsg && message.startsWith(u"QStandardPaths: XDG_RUNTIME_DIR not set"))
        return;
    s_defaultMessageHandler(type, context, message);
}

// Runs the command the arguments name and returns its exit code.
int runCommand()
{
    static const QStringList commands = { QStringLiteral("run"), QStringLiteral("sweep"), QStringLiteral("analyze"),
        QStringLiteral("compare"), QStringLiteral("trace"), QStringLiteral("limits"), QStringLiteral("calibrate") };
    QStringList arguments = QCoreApplication::arguments();
    const QString command = arguments.value(1);
    if (command.isEmpty())
        return usageError(QStringLiteral("no command given; the commands are %1").arg(commands.join(u", ")));
    if (command == QLatin1String("--help") || command == QLatin1String("-h") || command == QLatin1String("help")) {
        if (arguments.size() == 2) {
            print(mainHelpText());
            return 0;
        }
        // "conlab help sweep" is "conlab sweep --help"; anything else after it would be ignored.
        if (arguments.size() > 3 || !commands.contains(arguments.at(2)))
            return usageError(QStringLiteral("%1 takes one command name at most, not '%2'")
                                  .arg(quotedInput(command), quotedInput(arguments.mid(2).join(u' '))));
        arguments = { arguments.at(0), arguments.at(2), QStringLiteral("--help") };
    } else if (command == QLatin1String("--version") || command == QLatin1String("-v")) {
        if (arguments.size() > 2)
            return usageError(
                QStringLiteral("%1 takes no argument '%2'").arg(quotedInput(command), quotedInput(arguments.at(2))));
        print(QStringLiteral("conlab %1\n").arg(QCoreApplication::applicationVersion()));
        return 0;
    }
    const QString name = arguments.at(1);
    // The subcommand's own parser sees "conlab OPTIONS...".
    arguments.removeAt(1);
    if (name == QLatin1String("run"))
        return commandRun(arguments);
    if (name == QLatin1String("sweep"))
        return commandSweep(arguments);
    if (name == QLatin1String("analyze"))
        return commandAnalyze(arguments);
    if (name == QLatin1String("compare"))
        return commandCompare(arguments);
    if (name == QLatin1String("trace"))
        return commandTrace(arguments);
    if (name == QLatin1String("limits"))
        return commandLimits(arguments);
    if (name == QLatin1String("calibrate"))
        return commandCalibrate(arguments);
    return usageError(QStringLiteral("unknown command '%1'").arg(quotedInput(name)));
}
} // namespace

int main(int argc, char** argv)
{
    guardStandardDescriptors();
    // A reader that goes away (conlab analyze runs.csv | head -1) would kill us silently with SIGPIPE, mid-sweep
    // even, before the exports are written. Ignored, the write fails with EPIPE, and it is reported like any other
    // failed write: one line on stderr and exit code 1, once everything else is done.
    std::signal(SIGPIPE, SIG_IGN);
    // Past a file size limit (ulimit -f) the kernel would kill us; ignored, the write fails with EFBIG instead, and
    // the journal and the exports say so and keep what they can, as on a full disk.
    std::signal(SIGXFSZ, SIG_IGN);
    // Charts are drawn headless, so --plot works over ssh and in CI; an explicit QT_QPA_PLATFORM still wins.
    const bool plot = wantsPlot(argc, argv);
    std::unique_ptr<QCoreApplication> app;
    if (plot) {
        if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
            qputenv("QT_QPA_PLATFORM", "offscreen");
        s_defaultMessageHandler = qInstallMessageHandler(withoutRuntimeDirWarning);
        app = std::make_unique<QApplication>(argc, argv);
        qInstallMessageHandler(s_defaultMessageHandler);
    } else {
        app = std::make_unique<QCoreApplication>(argc, argv);
    }
    QCoreApplication::setApplicationName(QStringLiteral("conlab"));
    QCoreApplication::setApplicationVersion(QStringLiteral(CONLAB_VERSION));
    return finishStandardOutput(runCommand(), "conlab");
}
