#pragma once

#include "runresult.h"

#include <QStringView>

// The settings of RunSpec that only some strategies read; a strategy's resolve() sets them for the others.
enum class RunSetting
{
    Threads,
    Processes,
    Chunksize,
};

// What one resolved run holds at its peak, as the kernel counts it.
struct StrategyResources
{
    qint64 kernelTasks = 0; // threads and processes it starts, all at once
    qint64 threadsInOneProcess = 0; // the most threads it starts in one process (0: it starts none in any)
};

// A strategy, described once. Every list of strategies (the command line's help and validation, plan checks, the
// app's check boxes and tooltips, result-file names, the chart's styles) reads these; how it runs is its Strategy in
// engine/strategies/<name>.cpp, found through makeStrategy(). A new strategy is one description in strategies.cpp,
// registered in describeStrategy()'s switch.
struct StrategyDescription
{
    StrategyKind kind;
    QStringView name; // in result files and on the command line
    QStringView help; // one sentence: the command line's help, the app's tooltips
    QStringView styleKey; // how the chart draws it: ui/desktop/strategystyle.cpp maps it to a colour
    // What each setting means for it, with its default: one clause each, which the command line's help and the app's
    // tooltips join over the strategies. Empty where it does not read the setting (resolve() fixes it).
    QStringView threadsHelp;
    QStringView processesHelp;
    QStringView chunksizeHelp;
    bool threadsAreCap; // its --threads is an upper bound per worker process (named "T≤8"), not an exact count
    // Whether a resolved spec of it runs on conlab-worker processes (which need the executable, and count their own
    // resources) rather than in the tool's process.
    bool (*usesWorkerProcesses)(const RunSpec& resolved);
    // Fills in the defaults of the settings it reads from `cores`, and fixes those it does not.
    RunSpec (*resolve)(const RunSpec& spec, int cores);
    // Whether a spec read from a file says how many workers it ran on.
    bool (*workersKnown)(const RunSpec& spec);
    // How many tasks can run at once: the w of the article's T = h*ceil(n/w) + (n/w)*y + o.
    int (*parallelWorkers)(const RunSpec& resolved);
    // The tasks on the busiest worker of the best schedule its hand-out allows: its ideal bound is h times this.
    qint64 (*busiestWorkerTasks)(const RunSpec& resolved);
    // The same in the python runtime, where CPython hands tasks out differently (ThreadPool.map sends chunks of
    // ⌈n / 4T⌉); null where it hands them out as the engine does. Read through busiestWorkerTasks().
    qint64 (*pythonBusiestWorkerTasks)(const RunSpec& resolved);
    // The most tasks that compute at once whatever the machine's cores, because each of its workers computes one task
    // at a time while the others' waits overlap (async: one per event loop); 0 where only the cores limit them.
    int (*computingWorkers)(const RunSpec& resolved);
    // What it holds at once, for the plan's checks against the machine's limits.
    StrategyResources (*resources)(const RunSpec& resolved);
    // What a resolved spec ran on, in words: "4 threads x 2 processes", "one event loop in this process".
    QString (*workersText)(const RunSpec& resolved);

    QStringView settingHelp(RunSetting setting) const;
    bool reads(RunSetting setting) const { return !settingHelp(setting).isEmpty(); }
};

// The description of `kind`.
const StrategyDescription& describeStrategy(StrategyKind kind);

// The tasks on the busiest worker of the best schedule a resolved spec's strategy allows in its runtime.
qint64 busiestWorkerTasks(const RunSpec& resolved);

QList<StrategyKind> strategiesReading(RunSetting setting);
// Whether any of `strategies` reads `setting`: the command line refuses an option that none of them would.
bool anyReads(const QList<StrategyKind>& strategies, RunSetting setting);
// Whether `strategy` reads `setting`.
bool strategyReads(StrategyKind strategy, RunSetting setting);
// What `setting` means for each strategy that reads it, from its description: "threads: the pool's size, by default one
// thread per task; blended: …", for the command line's help and the app's tooltips.
QString settingHelpText(RunSetting setting);

// "sequential, processes, threads or blended": every strategy's name, for help and error messages.
QString strategyNamesText(QStringView lastSeparator = u" or ");
