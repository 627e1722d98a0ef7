// conlab-bench-gui: how responsive the desktop app stays while it measures, in a real MainWindow, timing a 5 ms
// heartbeat timer on the GUI thread: the longest gap between two ticks is the longest the window could not react to
// input or repaint.
//
//   QT_QPA_PLATFORM=offscreen build/bin/conlab-bench-gui [--repeat N]   the Quick look preset, N times (default 3)
//   QT_QPA_PLATFORM=offscreen build/bin/conlab-bench-gui --long         one sweep of 2,000 short runs, with the
//                                                                      window's peak memory after 100 and 2,000 runs
//   QT_QPA_PLATFORM=offscreen build/bin/conlab-bench-gui --redraw N     what showing a data set of N runs costs:
//                                                                      the chart alone, then in the window opening
//                                                                      its file, its analysis landing and drawn, and
//                                                                      choosing it again, each as the longest
//                                                                      GUI-thread stall
//        [--file RUNS.csv]   the runs of that file (tests/bench/synthetic_runs.py N > RUNS.csv) rather than N written
//                            here
//   QT_QPA_PLATFORM=offscreen build/bin/conlab-bench-gui --timeline N   real runs of N tasks (threads on 1,000
//                                                                      threads, blended, processes, async), each
//                                                                      opened in a timeline window, zoomed in and
//                                                                      panned step by step: the longest stall of each

#include "canceltoken.h"
#include "controlpanel.h"
#include "datasetanalysis.h"
#include "mainwindow.h"
#include "resultfile.h"
#include "runtimechart.h"
#include "sliderspinbox.h"
#include "strategy.h"
#include "timelinedialog.h"
#include "timelineview.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QFile>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTimer>
#include <algorithm>
#include <cstdio>
#include <functional>

namespace {
// The peak resident memory of this process so far (VmHWM), in MiB.
double peakRssMiB()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (status.open(QIODevice::ReadOnly)) {
        for (const QByteArray& line : status.readAll().split('\n')) {
            if (line.startsWith("VmHWM:"))
                return line.mid(6).trimmed().split(' ').value(0).toDouble() / 1024;
        }
    }
    return 0;
}

struct SweepTiming
{
    qsizetype runs = 0;
    double wallSeconds = 0;
    QList<qint64> gapsNs; // between heartbeat ticks, sorted

    double percentileMs(double p) const
    {
        return gapsNs.isEmpty() ? 0.0 : gapsNs.at(qsizetype(p * double(gapsNs.size() - 1))) / 1e6;
    }
};

// Runs the control panel's plan to its end with the heartbeat ticking; `afterRun` is called with each run's count.
SweepTiming timeSweep(MainWindow& window, const std::function<void(qsizetype)>& afterRun = {})
{
    SweepTiming timing;
    QElapsedTimer sinceTick;
    QTimer heartbeat;
    heartbeat.setTimerType(Qt::PreciseTimer);
    heartbeat.setInterval(5);
    QObject::connect(&heartbeat, &QTimer::timeout, [&] {
        timing.gapsNs.append(sinceTick.nsecsElapsed());
        sinceTick.restart();
    });
    QElapsedTimer wall;
    wall.start();
    sinceTick.start();
    heartbeat.start();
    window.startSweep();
    const int sweepSet = window.currentDataSet();
    qsizetype seen = 0;
    while (window.isSweepRunning()) {
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents);
        const qsizetype runs = window.store()->at(sweepSet).results.runs.size();
        if (afterRun && runs != seen)
            afterRun(runs);
        seen = runs;
    }
    heartbeat.stop();
    timing.wallSeconds = wall.elapsed() / 1000.0;
    timing.runs = window.store()->at(sweepSet).results.runs.size();
    std::sort(timing.gapsNs.begin(), timing.gapsNs.end());
    return timing;
}

void printHeader()
{
    std::printf("%-6s %8s %10s %10s %10s %12s\n", "sweep", "runs", "wall s", "p50 gap", "p99 gap", "longest gap");
}

void printTiming(int sweep, const SweepTiming& timing)
{
    std::printf("%-6d %8lld %10.1f %8.1f ms %8.1f ms %9.1f ms\n", sweep, static_cast<long long>(timing.runs),
        timing.wallSeconds, timing.percentileMs(0.5), timing.percentileMs(0.99), timing.percentileMs(1.0));
    std::fflush(stdout);
}

int benchQuickLook(MainWindow& window, int sweeps)
{
    window.controlPanel()->applyPreset(SweepPreset::QuickLook);
    std::printf("conlab-bench-gui: Quick look preset (%s), %d sweep(s), 5 ms heartbeat on the GUI thread\n",
        qPrintable(sweepCommand(window.controlPanel()->plan())), sweeps);
    printHeader();
    for (int sweep = 1; sweep <= sweeps; ++sweep)
        printTiming(sweep, timeSweep(window));
    return 0;
}

// A sweep of many short runs: every new run means new points, a new fit and a redraw, as fast as runs can come.
int benchLongSweep(MainWindow& window)
{
    SweepPlan plan;
    plan.strategies = { StrategyKind::Threads, StrategyKind::Processes };
    plan.taskCounts = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 };
    plan.repeats = 100;
    plan.base.taskMs = 0;
    plan.base.processes = 2;
    window.controlPanel()->setPlan(plan);
    std::printf(
        "conlab-bench-gui: a long sweep (%s), 5 ms heartbeat on the GUI thread\n", qPrintable(sweepCommand(plan)));
    const double before = peakRssMiB();
    double at100 = 0;
    const SweepTiming timing = timeSweep(window, [&at100](qsizetype runs) {
        if (runs >= 100 && at100 == 0)
            at100 = peakRssMiB();
    });
    printHeader();
    printTiming(1, timing);
    std::printf(
        "\npeak RSS of the window: %.1f MiB before the sweep, %.1f MiB after 100 runs, %.1f MiB after %lld runs "
        "(%.1f KiB per run from 100 on)\n",
        before, at100, peakRssMiB(), static_cast<long long>(timing.runs),
        (peakRssMiB() - at100) * 1024 / double(std::max<qsizetype>(1, timing.runs - 100)));
    return 0;
}

// Runs of two strategies over 40 task counts with plausible times, as many as asked for: what a long sweep leaves.
ResultSet syntheticRuns(int count)
{
    ResultSet set;
    for (int i = 0; i < count; ++i) {
        RunResult run;
        run.spec.strategy = i % 2 ? StrategyKind::Blended : StrategyKind::Threads;
        run.spec.tasks = 10 * (1 + (i / 2) % 40);
        run.spec.taskMs = 100;
        run.spec.processes = 2;
        run.spec.repeat = 1 + i / 80;
        run.seconds = 0.1 + run.spec.tasks * 1e-4 * (i % 2 ? 1.5 : 1.0) + 0.002 * ((i * 7919) % 11);
        run.status = RunStatus::Ok;
        set.runs.append(run);
    }
    return set;
}

// The longest gap between two ticks of the 5 ms heartbeat while `action` runs on the GUI thread, the event loop runs
// until `done` (the work it started in the background has landed), and then 300 ms more (the repaints it asked for),
// in ms.
double longestStallMs(const std::function<void()>& action, const std::function<bool()>& done = {})
{
    qint64 longest = 0;
    QElapsedTimer sinceTick;
    QTimer heartbeat;
    heartbeat.setTimerType(Qt::PreciseTimer);
    heartbeat.setInterval(5);
    QObject::connect(&heartbeat, &QTimer::timeout, [&] {
        longest = std::max(longest, sinceTick.nsecsElapsed());
        sinceTick.restart();
    });
    heartbeat.start();
    sinceTick.start();
    QCoreApplication::processEvents();
    action();
    while (done && !done())
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 50);
    QElapsedTimer after;
    after.start();
    while (after.elapsed() < 300)
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 50);
    heartbeat.stop();
    return std::max(longest, sinceTick.nsecsElapsed()) / 1e6;
}

// The chart alone at N runs, in a window of its own: setInput() with the analysis done, and the repaint.
void benchChartAlone(const ResultSet& set)
{
    ChartInput input;
    input.runs = set.runs;
    QElapsedTimer analysisClock;
    analysisClock.start();
    input.report = analyzeRuns(input.runs).value(0);
    std::printf("analyzeRuns(): %.1f ms (the window runs it on a worker thread)\n", analysisClock.nsecsElapsed() / 1e6);
    RuntimeChartView view;
    view.resize(1200, 750);
    view.show();
    QCoreApplication::processEvents();
    QElapsedTimer clock;
    clock.start();
    const QStringList names = seriesNamesOfRuns(input.runs);
    const double namesMs = clock.nsecsElapsed() / 1e6;
    clock.restart();
    view.runtimeChart()->setInput(input);
    const double setInputMs = clock.nsecsElapsed() / 1e6;
    clock.restart();
    const QImage image = view.grab().toImage();
    std::printf("chart alone: setInput() %.1f ms (of which seriesNamesOfRuns() %.1f ms), a paint %.1f ms\n", setInputMs,
        namesMs, clock.nsecsElapsed() / 1e6);
    view.runtimeChart()->setInput({});
    const double first = longestStallMs([&] { view.runtimeChart()->setInput(input); });
    const double again = longestStallMs([&] { view.runtimeChart()->setInput(input); });
    const double resize = longestStallMs([&] { view.resize(1000, 700); });
    std::printf("chart alone: setInput() and repaint %.1f ms, again %.1f ms, a resize %.1f ms (longest stall; %lld "
                "markers drawn)\n",
        first, again, resize, static_cast<long long>(view.runtimeChart()->drawnRunMarkers()));
}

// A data set of `count` runs (or those of `file`) in the window: opening its file (read, parsed and named in the
// background), its analysis (on the analysis thread) landing and drawn, and choosing it again after another.
int benchRedraw(MainWindow& window, int count, const QString& file, bool chartOnly)
{
    QTemporaryDir dir;
    QString path = file;
    QString error;
    std::optional<ResultSet> set;
    if (path.isEmpty()) {
        path = dir.filePath(QStringLiteral("runs.csv"));
        set = syntheticRuns(count);
        if (!writeResultFile(path, *set, &error)) {
            std::fprintf(stderr, "conlab-bench-gui: %s\n", qPrintable(error));
            return 1;
        }
    } else {
        set = readResultFile(path, &error);
        if (!set) {
            std::fprintf(stderr, "conlab-bench-gui: %s\n", qPrintable(error));
            return 1;
        }
    }
    std::printf("conlab-bench-gui: a data set of %lld runs (%s), 5 ms heartbeat on the GUI thread\n",
        static_cast<long long>(set->runs.size()), qPrintable(file.isEmpty() ? QStringLiteral("written here") : file));
    std::fflush(stdout);
    benchChartAlone(*set);
    std::fflush(stdout);
    if (chartOnly)
        return 0;
    set.reset(); // the window holds its own, read from the file

    const DataSetAnalysis* analysis = window.analysis();
    const auto landed = [analysis] { return !analysis->isAnalysing(); };
    bool opened = false;
    QElapsedTimer clock;
    qint64 readMs = 0;
    qint64 landedMs = 0;
    clock.start();
    const double openStall = longestStallMs(
        [&] {
            opened = window.openFile(path, &error);
            readMs = clock.elapsed();
        },
        [&] {
            if (!landed())
                return false;
            landedMs = clock.elapsed();
            return true;
        });
    if (!opened) {
        std::fprintf(stderr, "conlab-bench-gui: %s\n", qPrintable(error));
        return 1;
    }
    std::printf("opening its file in the window: %.1f ms longest stall (read in %.1f s, analysed and drawn %.1f s "
                "later; the stall spans both), peak RSS %.0f MiB\n",
        openStall, readMs / 1000.0, (landedMs - readMs) / 1000.0, peakRssMiB());
    std::fflush(stdout);

    const int runs = window.currentDataSet();
    QList<double> stalls;
    QList<double> analysed;
    QList<double> chosen; // what setCurrentDataSet() itself keeps the GUI thread
    for (int i = 0; i < 3; ++i) {
        window.setCurrentDataSet(0); // the article's 180 runs
        while (!landed())
            QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 50);
        QCoreApplication::processEvents();
        QElapsedTimer switchClock;
        switchClock.start();
        qint64 landedMs = 0;
        stalls.append(longestStallMs(
            [&] {
                switchClock.restart();
                window.setCurrentDataSet(runs);
                chosen.append(switchClock.nsecsElapsed() / 1e6);
            },
            [&] {
                if (!landed())
                    return false;
                landedMs = switchClock.elapsed();
                return true;
            }));
        analysed.append(landedMs / 1000.0);
    }
    std::sort(stalls.begin(), stalls.end());
    std::sort(analysed.begin(), analysed.end());
    std::sort(chosen.begin(), chosen.end());
    std::printf("choosing it again, until its analysis is drawn: %.1f–%.1f ms longest stall (3 times; the choice "
                "itself %.1f–%.1f ms, analysed and drawn in %.1f–%.1f s)\n",
        stalls.first(), stalls.last(), chosen.first(), chosen.last(), analysed.first(), analysed.last());
    std::printf("peak RSS %.0f MiB\n", peakRssMiB());
    return 0;
}
} // namespace

// Real runs of `tasks` tasks, each opened in a timeline window, then zoomed in twelve times and panned twelve times,
// one step per 40 ms as a user's key presses come, each step repainted at once.
int benchTimeline(MainWindow& window, int tasks)
{
    struct Shape
    {
        const char* name;
        RunSpec spec;
    };
    const auto spec = [tasks](StrategyKind strategy, int taskMs, int threads, int processes, int chunksize) {
        RunSpec made;
        made.strategy = strategy;
        made.tasks = tasks;
        made.taskMs = taskMs;
        made.threads = threads;
        made.processes = processes;
        made.chunksize = chunksize;
        return made;
    };
    const Shape shapes[] = {
        { "threads, 1,000 threads, 1 ms", spec(StrategyKind::Threads, 1, 1000, 0, ChunkOneAtATime) },
        { "blended, 2 x 500 threads, 1 ms", spec(StrategyKind::Blended, 1, 500, 2, ChunkOneAtATime) },
        { "processes, 2, python chunks, 0 ms", spec(StrategyKind::Processes, 0, 0, 2, ChunkPythonRule) },
        { "async, one loop, 100 ms", spec(StrategyKind::Async, 100, 0, 0, ChunkOneAtATime) },
    };
    std::printf("%-36s %8s %7s %14s %16s\n", "run", "tasks", "lanes", "open: stall", "zoom/pan: stall");
    int failed = 0;
    for (const Shape& shape : shapes) {
        CancelToken token;
        const RunResult run = runMeasured(shape.spec, ExecutionContext::forThisMachine(shape.spec.workload), token);
        if (!run.isOk()) {
            std::printf("%-36s not ok: %s\n", shape.name, qPrintable(run.message));
            ++failed;
            continue;
        }
        TimelineDialog* dialog = nullptr;
        const double open = longestStallMs([&] { dialog = window.showTimeline(run, QStringLiteral("bench")); });
        TimelineView* view = dialog->view();
        int steps = 0;
        const double zoom = longestStallMs(
            [&] {
                for (int step = 0; step < 24; ++step) {
                    QTimer::singleShot(40 * (step + 1), view, [view, step, &steps] {
                        const double middle = (view->viewFrom() + view->viewTo()) / 2;
                        if (step < 12)
                            view->zoom(1.5, middle);
                        else
                            view->setView(view->viewFrom() + 0.3 * (view->viewTo() - view->viewFrom()),
                                view->viewTo() + 0.3 * (view->viewTo() - view->viewFrom()));
                        view->repaint();
                        ++steps;
                    });
                }
            },
            [&steps] { return steps == 24; });
        std::printf("%-36s %8d %7lld %11.1f ms %13.1f ms\n", shape.name, int(run.traces.size()),
            qlonglong(view->timeline().lanes.size()), open, zoom);
        std::fflush(stdout);
        dialog->close();
        QCoreApplication::processEvents();
    }
    return failed == 0 ? 0 : 1;
}

int main(int argc, char* argv[])
{
    QApplication app(argc, argv);
    QStandardPaths::setTestModeEnabled(true); // leave the user's settings alone
    QCommandLineParser parser;
    parser.addHelpOption();
    const QCommandLineOption repeatOption(QStringLiteral("repeat"),
        QStringLiteral("Quick look sweeps to time (default 3)."), QStringLiteral("N"), QStringLiteral("3"));
    const QCommandLineOption longOption(
        QStringLiteral("long"), QStringLiteral("Time one sweep of 2,000 short runs and the window's peak memory."));
    const QCommandLineOption redrawOption(
        QStringLiteral("redraw"), QStringLiteral("Time choosing a data set of N runs."), QStringLiteral("N"));
    const QCommandLineOption chartOnlyOption(
        QStringLiteral("chart-only"), QStringLiteral("With --redraw: time the chart alone, not the window."));
    const QCommandLineOption fileOption(QStringLiteral("file"),
        QStringLiteral("With --redraw: the runs of this file (tests/bench/synthetic_runs.py writes one)."),
        QStringLiteral("RUNS"));
    const QCommandLineOption timelineOption(QStringLiteral("timeline"),
        QStringLiteral("Time opening, zooming and panning the timelines of real runs of N tasks."),
        QStringLiteral("N"));
    parser.addOptions({ repeatOption, longOption, redrawOption, chartOnlyOption, fileOption, timelineOption });
    parser.process(app);

    MainWindow window;
    window.show();
    if (parser.isSet(redrawOption))
        return benchRedraw(window, std::max(1, parser.value(redrawOption).toInt()), parser.value(fileOption),
            parser.isSet(chartOnlyOption));
    if (parser.isSet(longOption))
        return benchLongSweep(window);
    if (parser.isSet(timelineOption))
        return benchTimeline(window, std::max(1, parser.value(timelineOption).toInt()));
    return benchQuickLook(window, std::max(1, parser.value(repeatOption).toInt()));
}
