#pragma once

#include "kinds.h"

#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>
#include <QStringView>
#include <optional>

enum class RunStatus
{
    Ok,
    Refused, // the OS refused a thread or a process; message says which and at which count
    Crashed, // a worker process died
    Cancelled,
    Failed, // anything else that stopped the run (missing worker executable, broken pipe, ...)
};

// Chunk size values that are not a plain positive number of tasks.
constexpr int ChunkOneAtATime = 0;
constexpr int ChunkPythonRule = -1;
constexpr int ChunkUnknown = -2; // a result file's processes run that does not say; never run

// A result file that does not say how long a task takes: the duration is unknown, never assumed. Never run.
constexpr int TaskMsUnknown = -1;

// What a workload reads beyond its task duration, one field per WorkloadOption (exec/workload.h). A resolved spec keeps
// only what its workload reads (resolvedRunSpec()), so two runs of a workload differ only in what matters to it.
struct WorkloadOptions
{
    int cpuMs = 0; // mixed: the computing part
    qint64 bytes = 0; // file: 0 resolves to DefaultFileBytes
    bool fsync = false; // file
    bool shell = false; // command
    bool interpreterLock = false; // a workload that computes
    QString dir; // file: empty is the system's temporary directory
    QString command; // command

    bool operator==(const WorkloadOptions&) const = default;
};

// What to run. Zero means "the strategy's default" for threads, processes and chunksize; resolvedRunSpec() fills
// them in, and every RunResult carries the resolved values.
struct RunSpec
{
    StrategyKind strategy = StrategyKind::Threads;
    RuntimeKind runtime = RuntimeKind::Native;
    WorkloadKind workload = WorkloadKind::Sleep; // Unknown only in runs read from a file that does not say
    int taskMs = 100; // TaskMsUnknown only in runs read from a file that does not say
    int tasks = 1;
    int threads = 0; // threads per process
    int processes = 0; // worker processes
    int chunksize = ChunkOneAtATime; // processes strategy only
    int repeat = 1; // 1-based repeat number within a sweep
    WorkloadOptions options;

    bool operator==(const RunSpec&) const = default;
};

// What a run cost the machine beyond its time. -1: not measured (a result file that does not say).
struct RunResources
{
    qint64 peakRssKiB = -1; // the tool's process: its peak resident memory during this run (VmHWM reset at its start)
    qint64 workersPeakRssKiB = -1; // the sum of the worker processes' peaks; 0 for a run without workers
    int threadsCreated = -1; // threads the strategy created, in every process
    int processesCreated = -1; // worker processes (and a command workload's children) it started
    // The net workload's latency server during this run, so that its share can be told from the strategy's: its CPU
    // time, and how late its answers went out (the latest, and on average), in microseconds.
    qint64 serverCpuUs = -1;
    qint64 serverLateMaxUs = -1;
    qint64 serverLateMeanUs = -1;
    // The python runtime: how long the interpreter took to start and read the spec, before the strategy started (so
    // not in the run's time), in microseconds. 0 for a native run.
    qint64 runtimeStartupUs = -1;

    bool operator==(const RunResources&) const = default;
};

// One task as it ran: which worker ran it and when, on the CLOCK_MONOTONIC clock all processes share.
struct TaskTrace
{
    int task = 0;
    int worker = 0; // thread index (sequential, threads) or process index (processes, blended)
    qint64 pid = 0;
    qint64 tid = 0;
    qint64 startNs = 0;
    qint64 endNs = 0;

    bool operator==(const TaskTrace&) const = default;
};

struct RunResult
{
    RunSpec spec; // resolved: threads, processes and chunksize are the values used
    RunStatus status = RunStatus::Ok;
    QString message; // why a run that is not Ok ended as it did
    double seconds = 0; // wall time from strategy start (pool creation included) to the last task's end
    double idealSeconds = 0; // the best possible schedule of the run's tasks, see idealSeconds()
    qint64 startNs = 0; // CLOCK_MONOTONIC at strategy start
    RunResources resources;
    QList<TaskTrace> traces; // one per task that finished

    bool isOk() const { return status == RunStatus::Ok; }
};

// Whether a set of runs holds every run its sweep planned. Only some files can tell: a journal always does (without
// its end line the sweep was interrupted), a JSON result file when a sweep wrote it. A CSV file never does, and a file
// that does not say is taken as it is, complete.
struct SweepCoverage
{
    QString ending; // "finished", "cancelled", "failed", "interrupted"; empty when the file does not say
    int plannedRuns = 0; // 0: unknown
    int presentRuns = 0; // the runs the file holds, whatever their status

    bool isComplete() const;
    // "interrupted: 22 of 50 planned runs", "cancelled: 3 runs, of an unknown number planned"; empty when complete.
    QString text() const;

    bool operator==(const SweepCoverage&) const = default;
};

Q_DECLARE_METATYPE(RunSpec)
Q_DECLARE_METATYPE(RunResult)
// A list of a million runs grows by realloc() rather than by moving every run into a new block at twice the memory.
Q_DECLARE_TYPEINFO(WorkloadOptions, Q_RELOCATABLE_TYPE);
Q_DECLARE_TYPEINFO(RunSpec, Q_RELOCATABLE_TYPE);
Q_DECLARE_TYPEINFO(TaskTrace, Q_RELOCATABLE_TYPE);
Q_DECLARE_TYPEINFO(RunResult, Q_RELOCATABLE_TYPE);

// Read from each strategy's description (strategies.h, where the rest of it is).
QString strategyName(StrategyKind kind);
std::optional<StrategyKind> strategyFromName(QStringView name);
QList<StrategyKind> allStrategies(); // every registered strategy, in the order lists show them
QStringList allStrategyNames(); // their names, in that order
QString strategyDescription(StrategyKind kind); // its one-sentence help

// Read from each workload's description (exec/workload.h).
QString workloadName(WorkloadKind kind); // empty for Unknown, which no name parses to
std::optional<WorkloadKind> workloadFromName(QStringView name);
QList<WorkloadKind> allWorkloadKinds(); // every registered workload, in the order lists show them
QStringList allWorkloadNames(); // their names, in that order
// "sleep or cpu": every workload's name, for help and error messages.
QString workloadNamesText(QStringView lastSeparator = u" or ");
QString workloadLabel(WorkloadKind kind); // "sleep (simulated I/O)"; empty for Unknown
QString workloadHelp(WorkloadKind kind); // "each task waits, like a download or an API call"; empty for Unknown
// What a report or a chart says of a group of runs, whatever it knows: "sleep workload, 100 ms per task",
// "unknown workload, 20 ms per task", "cpu workload, unknown task duration".
QString workloadGroupText(WorkloadKind workload, int taskMs);

QString runtimeName(RuntimeKind runtime); // "native", "python"
std::optional<RuntimeKind> runtimeFromName(QStringView name);
QList<RuntimeKind> allRuntimes();
QString runtimeNamesText(); // "native or python"
// A series' name with its runtime: "threads" for native, "threads (python)".
QString withRuntime(const QString& name, RuntimeKind runtime);

QString statusName(RunStatus status);
std::optional<RunStatus> statusFromName(QStringView name);

// "1" (one task at a time), "8" or "python", for the chunksize column and the command line; empty for ChunkUnknown.
QString chunksizeName(int chunksize);
std::optional<int> chunksizeFromName(QStringView name);

// Fills in the defaults: processes default to `cores`; threads default to one per task (threads) or one per task of
// a process's share (blended, where --threads caps it); sequential and processes use one thread per process. A
// chunk size of ChunkPythonRule stays as it is, so files say "python"; effectiveChunkSize() gives the number.
RunSpec resolvedRunSpec(const RunSpec& spec, int cores);

// The options `kind` reads, as given; the others at their defaults. A file's bytes of 0 resolve to DefaultFileBytes.
WorkloadOptions resolvedWorkloadOptions(WorkloadKind kind, const WorkloadOptions& options);
// Whether the workload's tasks take the task duration (sleep, cpu, net, mixed) or what they take (file, command).
bool readsTaskMs(WorkloadKind kind);

// Whether a spec says how many workers it ran on (a result file may leave threads or processes out).
bool workersKnown(const RunSpec& spec);

// Whether a spec says all that its ideal bound needs: the task duration, the workers and, for processes, the chunk
// size. A bound from assumed values would be invented.
bool idealBoundKnown(const RunSpec& spec);

// How many tasks can run at once under a resolved spec: the w of the article's T = h*ceil(n/w) + (n/w)*y + o.
int parallelWorkers(const RunSpec& resolved);

// The number of tasks the processes strategy hands a worker at once for this spec's task count: 1, the stated chunk
// size, or Python's rule (pythonChunkSize()); never more than the tasks there are. 1 for the other strategies. The
// engine and idealSeconds() both use it.
int effectiveChunkSize(const RunSpec& resolved);

// The length h of one of the spec's tasks, in seconds: what it waits (or computes, for a computing workload) and, for a
// workload that computes first (mixed), what it computes. 0 when its tasks take what they take (file, command) or the
// task duration is unknown. The unit of the chart's axis of runtime ÷ task duration, and of every ideal bound.
double taskSeconds(const RunSpec& spec);

// The shortest time the run's tasks can take, given how the engine hands them out, in seconds: h times the number of
// tasks on the busiest worker of the best possible schedule (its strategy's busiestWorkerTasks(): sequential: n;
// threads: ceil(n / T); processes: chunks of K tasks on C workers; blended: a share of ceil(n / C) tasks on its
// threads), and for a workload that computes at least h * n / cores, as no more than `cores` tasks compute at once.
// `cores` <= 0: unknown, no such floor.
double idealSeconds(const RunSpec& resolved, int cores);

// The contiguous share of tasks each worker process gets in the blended strategy, as the article splits them:
// chunks of ceil(n / C) tasks. Returns the chunk size.
int blendedChunkSize(int tasks, int processes);

// Python's Pool.map rule: chunksize = ceil(n / (4 * C)), at least 1.
int pythonChunkSize(int tasks, int processes);

// Whether a time is below an ideal bound by more than rounding: files keep times to a few digits, so within a
// millionth (and a nanosecond) a time is not below. The one rule of the engine, the analysis and the chart.
bool fasterThanIdeal(double seconds, double idealSeconds);

// A run that finished faster than its ideal bound cannot be right; the sentence that says so, or an empty string.
// Only a complete run can be compared with its bound.
QString belowIdealBoundNote(const RunResult& result);
