// conlab-bench: how close the engine comes to the ideal bound h*ceil(n/w), and how much it adds over bare OS threads;
// then each workload against its ideal. Not a test: it prints figures for the README. Each case runs --repeat times
// (default 5); the median is reported, and the first run beside it: the first threads run of a process also pays for
// faulting in its thread stacks.
//
//   conlab-bench [--repeat K]
//   conlab-bench --workloads [--repeat K]   the workloads' table only
//   conlab-bench --rss      peak memory of `conlab sweep` at 100 and 2,000 quick runs, with and without its journal
//   conlab-bench --async [--repeat K]       the async strategy against its targets (issue 11), threads on the same
//                                           plans, a cancel, and Node.js and Python asyncio on the same sleeps (K: 3)
//   conlab-bench --python [--repeat K]      the python runtime's harness against the same pools in a plain script
//                                           (issue 12: it adds at most 10 %), and the cancel of a python run

#include "canceltoken.h"
#include "latencyserverprocess.h"
#include "monotonicclock.h"
#include "statistics.h"
#include "strategy.h"
#include "workload.h"

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QProcess>
#include <QStandardPaths>
#include <QStringList>
#include <QTemporaryDir>
#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <limits>
#include <malloc.h>
#include <optional>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <thread>
#include <vector>

extern char** environ;

namespace {
struct BenchCase
{
    const char* name;
    StrategyKind strategy;
    int tasks;
    int taskMs;
    int processes;
    double target; // measured / ideal must not exceed this
};

// The floor for the threads case: 1,000 std::threads that each sleep 100 ms, created and joined in a plain loop.
double bareThreadsSeconds(int threads, int taskMs)
{
    const int64_t start = monotonicNowNs();
    std::vector<std::thread> pool;
    pool.reserve(size_t(threads));
    for (int i = 0; i < threads; ++i)
        pool.emplace_back([taskMs] { std::this_thread::sleep_for(std::chrono::milliseconds(taskMs)); });
    for (auto& thread : pool)
        thread.join();
    return double(monotonicNowNs() - start) / 1e9;
}
struct ChildUsage
{
    int exitCode = -1;
    double seconds = 0;
    long peakRssKiB = 0; // ru_maxrss of the child: its own peak, or a reaped worker's if larger
};

// Runs `program` with stdout and stderr on /dev/null and returns its exit code, wall time and peak RSS.
ChildUsage runChild(const QString& program, const QStringList& arguments)
{
    std::vector<QByteArray> storage { QFile::encodeName(program) };
    for (const QString& argument : arguments)
        storage.push_back(argument.toLocal8Bit());
    std::vector<char*> argv;
    for (QByteArray& item : storage)
        argv.push_back(item.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
    ChildUsage usage;
    const int64_t start = monotonicNowNs();
    pid_t pid = -1;
    const int rc = posix_spawn(&pid, argv.front(), &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0) {
        std::fprintf(stderr, "conlab-bench: cannot start %s: %s\n", argv.front(), std::strerror(rc));
        return usage;
    }
    int status = 0;
    rusage resources {};
    while (wait4(pid, &status, 0, &resources) < 0 && errno == EINTR) { }
    usage.seconds = double(monotonicNowNs() - start) / 1e9;
    usage.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    usage.peakRssKiB = resources.ru_maxrss;
    return usage;
}

// Peak RSS of the real command line over many quick runs: what a long sweep costs in memory beyond its results.
int measurePeakRss()
{
    const QString conlab = QCoreApplication::applicationDirPath() + QStringLiteral("/conlab");
    if (!QFileInfo(conlab).isExecutable()) {
        std::fprintf(stderr, "conlab-bench: %s is missing; build the conlab target\n", qPrintable(conlab));
        return 1;
    }
    QTemporaryDir dir;
    std::printf("peak RSS of conlab sweep --strategies threads,processes --tasks 1:10:1 --task-ms 0 --processes 2 "
                "--repeat K\n\n");
    std::printf(
        "%8s %10s %14s %10s %14s %16s\n", "runs", "journal", "peak RSS MiB", "wall s", "journal KiB", "ms per run");
    QList<long> withJournal;
    for (const int runs : { 100, 2000 }) {
        for (const bool journal : { true, false }) {
            QStringList arguments = { QStringLiteral("sweep"), QStringLiteral("--strategies"),
                QStringLiteral("threads,processes"), QStringLiteral("--tasks"), QStringLiteral("1:10:1"),
                QStringLiteral("--task-ms"), QStringLiteral("0"), QStringLiteral("--processes"), QStringLiteral("2"),
                QStringLiteral("--repeat"), QString::number(runs / 20) };
            const QString journalPath = dir.filePath(QStringLiteral("runs-%1.jsonl").arg(runs));
            arguments << (journal ? QStringList { QStringLiteral("--journal"), journalPath }
                                  : QStringList { QStringLiteral("--no-journal") });
            const ChildUsage usage = runChild(conlab, arguments);
            if (usage.exitCode != 0) {
                std::fprintf(stderr, "conlab-bench: conlab %s exited with %d\n", qPrintable(arguments.join(u' ')),
                    usage.exitCode);
                return 1;
            }
            if (journal)
                withJournal.append(usage.peakRssKiB);
            std::printf("%8d %10s %14.1f %10.2f %14s %16.2f\n", runs, journal ? "on" : "off",
                double(usage.peakRssKiB) / 1024, usage.seconds,
                journal ? qPrintable(QString::number(QFileInfo(journalPath).size() / 1024)) : "-",
                usage.seconds * 1000 / runs);
        }
    }
    std::printf("\ngrowth from 100 to 2000 runs, journal on: %.1f KiB per run\n",
        double(withJournal.last() - withJournal.first()) / 1900);
    return 0;
}

// Other programs' load changes every figure here: the load average over the last minute says how busy the machine was.
QByteArray loadAverage()
{
    QFile file(QStringLiteral("/proc/loadavg"));
    return file.open(QIODevice::ReadOnly) ? file.readAll().split(' ').value(0) : QByteArrayLiteral("?");
}

struct WorkloadCase
{
    const char* name;
    RunSpec spec;
};

WorkloadCase workloadCase(const char* name, StrategyKind strategy, WorkloadKind workload, int tasks, int taskMs,
    const WorkloadOptions& options = {}, int threads = 0)
{
    RunSpec spec;
    spec.strategy = strategy;
    spec.workload = workload;
    spec.tasks = tasks;
    spec.taskMs = taskMs;
    spec.threads = threads;
    spec.options = options;
    return { name, spec };
}

struct WorkloadFigures
{
    double seconds = 0; // median
    double fastest = 0;
    double slowest = 0;
    double idealSeconds = 0;
    double peakRssMiB = 0; // the tool's process, its peak during the run (median)
    double lastStartSeconds = 0; // how long after the run began its last task started (median)
    double serverCpuMs = -1; // the latency server's CPU time over the run (median), net only
};

// A run's peak RSS starts from the process's RSS when the run starts (runMeasured() resets VmHWM to it), which holds
// what earlier runs freed and glibc kept: 162 MiB after a million cancelled async tasks, far more than a small run's
// own. Giving it back to the OS before each run makes each run's peak what it would be in a fresh process.
void returnFreedMemory()
{
    malloc_trim(0);
}

// The median wall time and peak RSS of a case's runs, and the spread of the time.
void summariseRuns(const QList<double>& seconds, const QList<double>& peakRssMiB, WorkloadFigures& figures)
{
    figures.seconds = medianOf(seconds);
    figures.fastest = *std::min_element(seconds.cbegin(), seconds.cend());
    figures.slowest = *std::max_element(seconds.cbegin(), seconds.cend());
    figures.peakRssMiB = medianOf(peakRssMiB);
}

// Runs a case `repeats` times; the median time, its spread, its ideal bound, the peak RSS, the last task's start and
// (for net) the latency server's CPU time. False after saying why when a run did not end ok.
bool measureWorkloadCase(const WorkloadCase& benchCase, const ExecutionContext& context, LatencyServerProcess* server,
    int repeats, WorkloadFigures& figures)
{
    QList<double> seconds;
    QList<double> peakRssMiB;
    QList<double> lastStartSeconds;
    QList<double> serverCpuMs;
    for (int i = 0; i < repeats; ++i) {
        if (server)
            server->takeStats(); // what it did between runs is no run's
        returnFreedMemory();
        CancelToken token;
        const RunResult result = runMeasured(benchCase.spec, context, token);
        if (!result.isOk()) {
            std::fprintf(stderr, "conlab-bench: %s: %s: %s\n", benchCase.name, qPrintable(statusName(result.status)),
                qPrintable(result.message));
            return false;
        }
        seconds.push_back(result.seconds);
        peakRssMiB.push_back(double(result.resources.peakRssKiB) / 1024);
        qint64 lastStartNs = result.startNs;
        for (const TaskTrace& trace : result.traces)
            lastStartNs = std::max(lastStartNs, trace.startNs);
        lastStartSeconds.push_back(double(lastStartNs - result.startNs) / 1e9);
        figures.idealSeconds = result.idealSeconds;
        if (server) {
            if (const auto stats = server->takeStats())
                serverCpuMs.push_back(double(stats->cpuNs) / 1e6);
        }
    }
    summariseRuns(seconds, peakRssMiB, figures);
    figures.lastStartSeconds = medianOf(lastStartSeconds);
    if (!serverCpuMs.isEmpty())
        figures.serverCpuMs = medianOf(serverCpuMs);
    return true;
}

// Each workload against its ideal bound; for file and command, whose tasks take what they take, the time per task
// and the throughput instead. Net beside sleep on the same plans (what the loopback connection and the latency
// server add), and cpu with and without the interpreter lock.
int measureWorkloads(int repeats)
{
    const ExecutionContext calibrated = ExecutionContext::forThisMachine(WorkloadKind::Cpu);
    ExecutionContext context = calibrated;
    LatencyServerProcess server;
    if (!server.start(context.workerPath)) {
        std::fprintf(stderr, "conlab-bench: the latency server did not start: %s\n", qPrintable(server.error()));
        return 1;
    }
    context.latencyServerPort = server.port();

    constexpr qint64 fileBytes = 1 << 20;
    WorkloadOptions file;
    file.bytes = fileBytes;
    WorkloadOptions command;
    command.command = QStringLiteral("true");
    WorkloadOptions mixed;
    mixed.cpuMs = 5;
    WorkloadOptions locked;
    locked.interpreterLock = true;
    const WorkloadCase cases[] = {
        workloadCase("sleep   threads  n=2000 h=50ms", StrategyKind::Threads, WorkloadKind::Sleep, 2000, 50),
        workloadCase("net     threads  n=2000 h=50ms", StrategyKind::Threads, WorkloadKind::Net, 2000, 50),
        workloadCase("sleep   blended  n=2000 h=50ms", StrategyKind::Blended, WorkloadKind::Sleep, 2000, 50),
        workloadCase("net     blended  n=2000 h=50ms", StrategyKind::Blended, WorkloadKind::Net, 2000, 50),
        workloadCase("mixed   threads  n=100 5ms cpu+50ms", StrategyKind::Threads, WorkloadKind::Mixed, 100, 50, mixed),
        workloadCase("cpu     threads  n=4 h=100ms T=4", StrategyKind::Threads, WorkloadKind::Cpu, 4, 100, {}, 4),
        workloadCase("cpu+lock threads n=4 h=100ms T=4", StrategyKind::Threads, WorkloadKind::Cpu, 4, 100, locked, 4),
        workloadCase("file    threads  n=100 1 MiB", StrategyKind::Threads, WorkloadKind::File, 100, 0, file),
        workloadCase("command threads  n=100 true", StrategyKind::Threads, WorkloadKind::Command, 100, 0, command),
    };

    std::printf("workloads: %d cores, %lld CPU iterations per ms, load average %s, median of %d runs per case\n\n",
        context.cores, qlonglong(context.cpuIterationsPerMs), loadAverage().constData(), repeats);
    std::printf("%-36s %12s %10s %8s  %s\n", "case", "measured s", "ideal s", "ratio", "per task, throughput");
    double cpuFree = 0;
    double cpuLocked = 0;
    QHash<StrategyKind, double> sleepSeconds; // the sleep case of each plan that a net case repeats
    QStringList netOverSleep;
    for (const WorkloadCase& benchCase : cases) {
        const WorkloadDescription* workload = findWorkload(benchCase.spec.workload);
        WorkloadFigures figures;
        if (!measureWorkloadCase(
                benchCase, context, workload->needsLatencyServer ? &server : nullptr, repeats, figures))
            return 1;
        const double perTaskMs = figures.seconds * 1000 / benchCase.spec.tasks;
        QString note;
        if (figures.idealSeconds > 0) {
            std::printf("%-36s %12.4f %10.4f %8.3f ", benchCase.name, figures.seconds, figures.idealSeconds,
                figures.seconds / figures.idealSeconds);
        } else {
            std::printf("%-36s %12.4f %10s %8s ", benchCase.name, figures.seconds, "-", "-");
            note = QStringLiteral("%1 ms per task, %2 tasks/s")
                       .arg(perTaskMs, 0, 'f', 3)
                       .arg(benchCase.spec.tasks / figures.seconds, 0, 'f', 0);
            if (workload->reads(WorkloadOption::Bytes))
                note += QStringLiteral(", %1 MiB/s written and read back")
                            .arg(double(benchCase.spec.tasks) * double(fileBytes) / (1 << 20) / figures.seconds, 0, 'f',
                                0);
        }
        if (figures.serverCpuMs >= 0)
            note = QStringLiteral("latency server: %1 ms of CPU").arg(figures.serverCpuMs, 0, 'f', 1);
        std::printf(" %s\n", qPrintable(note));
        if (benchCase.spec.workload == WorkloadKind::Cpu)
            (benchCase.spec.options.interpreterLock ? cpuLocked : cpuFree) = figures.seconds;
        if (benchCase.spec.workload == WorkloadKind::Sleep)
            sleepSeconds.insert(benchCase.spec.strategy, figures.seconds);
        if (benchCase.spec.workload == WorkloadKind::Net && sleepSeconds.contains(benchCase.spec.strategy)) {
            netOverSleep.append(QStringLiteral("%1 %2").arg(strategyName(benchCase.spec.strategy),
                QString::number(figures.seconds / sleepSeconds.value(benchCase.spec.strategy), 'f', 2)));
        }
    }
    std::printf("\nnet / sleep on the same plan (what the connection and the latency server add): %s\n",
        qPrintable(netOverSleep.join(QStringLiteral(", "))));
    // Without the lock the 4 tasks compute on every core; with it one at a time: min(cores, 4) times as long.
    std::printf("cpu on 4 threads, with the interpreter lock / without: %.2f (about %d expected on %d cores)\n",
        cpuLocked / cpuFree, std::min(context.cores, 4), context.cores);
    return 0;
}

// A row of the async table: a run, and the targets for it (0: none, the row is there to compare).
struct AsyncCase
{
    WorkloadCase run;
    double targetSeconds = 0;
    double targetRssMiB = 0;
    bool comparedWithPeers = false; // Node.js and Python run the same sleeps
    // Above 0: the run is cancelled this long after its start, and timed from the cancel to runMeasured()'s return.
    std::chrono::milliseconds cancelAfter { 0 };
};

bool meetsTargets(double seconds, double peakRssMiB, double targetSeconds, double targetRssMiB)
{
    return (targetSeconds <= 0 || seconds <= targetSeconds) && (targetRssMiB <= 0 || peakRssMiB <= targetRssMiB);
}

// "<= 0.15 s, <= 48 MiB PASS"; "-" without targets.
QString targetsText(double seconds, double peakRssMiB, double targetSeconds, double targetRssMiB)
{
    QStringList targets;
    if (targetSeconds > 0)
        targets.append(QStringLiteral("<= %1 s").arg(targetSeconds));
    if (targetRssMiB > 0)
        targets.append(QStringLiteral("<= %1 MiB").arg(targetRssMiB));
    if (targets.isEmpty())
        return QStringLiteral("-");
    const bool met = meetsTargets(seconds, peakRssMiB, targetSeconds, targetRssMiB);
    return targets.join(QStringLiteral(", ")) + (met ? QStringLiteral(" PASS") : QStringLiteral(" MISS"));
}

void printAsyncRow(const char* name, const WorkloadFigures& figures, const QString& targets)
{
    const QString ideal
        = figures.idealSeconds > 0 ? QString::number(figures.idealSeconds, 'f', 4) : QStringLiteral("-");
    const QString ratio = figures.idealSeconds > 0 ? QString::number(figures.seconds / figures.idealSeconds, 'f', 3)
                                                   : QStringLiteral("-");
    const QString lastStart
        = figures.lastStartSeconds > 0 ? QString::number(figures.lastStartSeconds, 'f', 4) : QStringLiteral("-");
    std::printf("%-42s %8.4f %15s %8s %7s %8.1f %10s  %s\n", name, figures.seconds,
        qPrintable(QStringLiteral("%1-%2").arg(figures.fastest, 0, 'f', 4).arg(figures.slowest, 0, 'f', 4)),
        qPrintable(ideal), qPrintable(ratio), figures.peakRssMiB, qPrintable(lastStart), qPrintable(targets));
}

// Starts async tasks that would wait far longer than the bench, cancels them after `delay` and measures how long
// runMeasured() takes to return after the cancel: what ending a million pending waits costs. False after saying why
// when the run was not cancelled.
bool measureCancel(const WorkloadCase& benchCase, const ExecutionContext& context, std::chrono::milliseconds delay,
    int repeats, WorkloadFigures& figures)
{
    QList<double> seconds;
    QList<double> peakRssMiB;
    for (int i = 0; i < repeats; ++i) {
        returnFreedMemory();
        CancelToken token;
        int64_t cancelNs = 0;
        // The run stays on this thread, as every other case's: its memory then comes from the main arena, which
        // malloc_trim() empties. Run on a thread of its own, it left 47 MiB in that thread's arena that no trim gave
        // back, and the next case's peak RSS counted them.
        std::thread canceller([&] {
            std::this_thread::sleep_for(delay);
            cancelNs = monotonicNowNs();
            token.cancel();
        });
        const RunResult result = runMeasured(benchCase.spec, context, token);
        const int64_t returnedNs = monotonicNowNs();
        canceller.join();
        if (result.status != RunStatus::Cancelled) {
            std::fprintf(stderr, "conlab-bench: %s: %s, not cancelled: %s\n", benchCase.name,
                qPrintable(statusName(result.status)), qPrintable(result.message));
            return false;
        }
        seconds.push_back(double(returnedNs - cancelNs) / 1e9);
        peakRssMiB.push_back(double(result.resources.peakRssKiB) / 1024);
    }
    summariseRuns(seconds, peakRssMiB, figures);
    return true;
}

// A program the async strategy is compared with. Its script, copied next to conlab-bench, takes the number of tasks
// and their milliseconds, awaits that many sleeps at once, and prints "seconds peak_rss_kib": its own timing and its
// own peak, so neither counts the interpreter's start-up.
struct Peer
{
    const char* name;
    const char* program;
    const char* script;
    int tasksRunOnce; // a run of this many tasks or more runs once rather than K times, and says so: it takes too long
};

// One run of a peer: its wall time in seconds and its peak RSS in MiB; nullopt after saying why when it failed.
std::optional<std::pair<double, double>> runPeer(const QString& program, const QString& script, int tasks, int taskMs)
{
    // The peer is forked by a shell rather than by the bench. A process's ru_maxrss includes the peak of the memory it
    // was forked with (Linux's exec keeps the old address space's peak), and a copy of the bench, holding what its
    // million-task runs left, would report that as the peer's peak: 173 MiB for Node's 100,000 timers instead of 120.
    // The shell's small copy does not count; `exit` keeps the shell from exec'ing the peer in its own place.
    QProcess process;
    process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    process.start(QStringLiteral("/bin/sh"),
        { QStringLiteral("-c"), QStringLiteral("\"$@\"; exit $?"), QStringLiteral("sh"), program, script,
            QString::number(tasks), QString::number(taskMs) });
    if (!process.waitForFinished(-1) || process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0) {
        std::fprintf(stderr, "conlab-bench: %s %s %d %d failed: %s (exit code %d)\n", qPrintable(program),
            qPrintable(script), tasks, taskMs, qPrintable(process.errorString()), process.exitCode());
        return std::nullopt;
    }
    const QByteArray output = process.readAllStandardOutput().trimmed();
    const QList<QByteArray> fields = output.split(' ');
    bool secondsRead = false;
    bool peakRead = false;
    const double seconds = fields.value(0).toDouble(&secondsRead);
    const double peakKiB = fields.value(1).toDouble(&peakRead);
    if (fields.size() != 2 || !secondsRead || !peakRead) {
        std::fprintf(stderr, "conlab-bench: %s %s printed \"%s\", not \"seconds peak_rss_kib\"\n", qPrintable(program),
            qPrintable(script), output.constData());
        return std::nullopt;
    }
    return std::make_pair(seconds, peakKiB / 1024);
}

// The async strategy against the targets of issue 11; threads on the same plans; a cancel of a million waits; and
// Node.js and Python asyncio awaiting the same sleeps. Exit code 3 when a target is missed, 1 when a run failed.
int measureAsync(int repeats)
{
    // glibc raises its mmap threshold (up to 32 MiB) when a large block is freed, so after a first million-task run
    // the next ones get their arrays from the heap, where growing one copies it: case 2's peak RSS was 137 MiB from
    // the second run on, against 98 MiB in the first. Holding the threshold at its starting value (128 KiB) makes
    // every run allocate as the first, and as a single `conlab run`, does.
    mallopt(M_MMAP_THRESHOLD, 128 * 1024);
    ExecutionContext context = ExecutionContext::forThisMachine(WorkloadKind::Sleep);
    LatencyServerProcess server;
    if (!server.start(context.workerPath)) {
        std::fprintf(stderr, "conlab-bench: the latency server did not start: %s\n", qPrintable(server.error()));
        return 1;
    }
    context.latencyServerPort = server.port();

    // The async rows run first: the thread stacks a threads run keeps for the next would count in their peak RSS.
    using namespace std::chrono_literals;
    const AsyncCase cases[] = {
        { .run
            = workloadCase("1 async   sleep n=100000  h=100ms", StrategyKind::Async, WorkloadKind::Sleep, 100000, 100),
            .targetSeconds = 0.15,
            .targetRssMiB = 48,
            .comparedWithPeers = true },
        { .run = workloadCase(
              "2 async   sleep n=1000000 h=1000ms", StrategyKind::Async, WorkloadKind::Sleep, 1000000, 1000),
            .targetSeconds = 1.35,
            .targetRssMiB = 200,
            .comparedWithPeers = true },
        // Cancelled well after every task started: case 2's last start says how long starting a million takes.
        { .run = workloadCase(
              "5 async   sleep n=1000000 h=10000ms cancel", StrategyKind::Async, WorkloadKind::Sleep, 1000000, 10000),
            .targetSeconds = 0.5,
            .cancelAfter = 1s },
        { .run = workloadCase("3 async   net   n=2000    h=50ms", StrategyKind::Async, WorkloadKind::Net, 2000, 50),
            .targetSeconds = 0.2 },
        { .run
            = workloadCase("4 async   sleep n=1000    h=100ms", StrategyKind::Async, WorkloadKind::Sleep, 1000, 100) },
        { .run
            = workloadCase("4 async   sleep n=10000   h=100ms", StrategyKind::Async, WorkloadKind::Sleep, 10000, 100) },
        { .run = workloadCase("3 threads net   n=2000    h=50ms", StrategyKind::Threads, WorkloadKind::Net, 2000, 50) },
        { .run = workloadCase(
              "4 threads sleep n=1000    h=100ms", StrategyKind::Threads, WorkloadKind::Sleep, 1000, 100) },
        { .run = workloadCase(
              "4 threads sleep n=10000   h=100ms", StrategyKind::Threads, WorkloadKind::Sleep, 10000, 100) },
    };
    const Peer peers[] = {
        { "node", "node", "peer_node.mjs", std::numeric_limits<int>::max() },
        { "python", "python3", "peer_asyncio.py", 1000000 },
    };

    std::printf("async: %d cores, load average %s, median of %d runs per case\n\n", context.cores,
        loadAverage().constData(), repeats);
    std::printf("%-42s %8s %15s %8s %7s %8s %10s  %s\n", "case", "wall s", "fastest-slowest", "ideal s", "ratio",
        "RSS MiB", "last start", "target");
    bool allMet = true;
    QList<std::pair<RunSpec, WorkloadFigures>> measured;
    for (const AsyncCase& benchCase : cases) {
        const WorkloadDescription* workload = findWorkload(benchCase.run.spec.workload);
        WorkloadFigures figures;
        const bool ran = benchCase.cancelAfter.count() > 0
            ? measureCancel(benchCase.run, context, benchCase.cancelAfter, repeats, figures)
            : measureWorkloadCase(
                benchCase.run, context, workload->needsLatencyServer ? &server : nullptr, repeats, figures);
        if (!ran)
            return 1;
        allMet = allMet
            && meetsTargets(figures.seconds, figures.peakRssMiB, benchCase.targetSeconds, benchCase.targetRssMiB);
        printAsyncRow(benchCase.run.name, figures,
            targetsText(figures.seconds, figures.peakRssMiB, benchCase.targetSeconds, benchCase.targetRssMiB));
        measured.append({ benchCase.run.spec, figures });
    }

    std::printf("\nwall s: from the run's start to its last task's end (case 5: from the cancel to runMeasured()'s "
                "return).\nRSS MiB: the bench's process, its peak during the run (the bench's own baseline included).\n"
                "last start: how long after the run's start its last task started.\n");

    QStringList threadsOverAsync;
    for (const auto& [threads, threadsFigures] : measured) {
        if (threads.strategy != StrategyKind::Threads)
            continue;
        for (const auto& [async, asyncFigures] : measured) {
            if (async.strategy == StrategyKind::Async && async.workload == threads.workload
                && async.tasks == threads.tasks && async.taskMs == threads.taskMs) {
                threadsOverAsync.append(QStringLiteral("%1 n=%2: %3")
                                            .arg(workloadName(threads.workload))
                                            .arg(threads.tasks)
                                            .arg(threadsFigures.seconds / asyncFigures.seconds, 0, 'f', 2));
            }
        }
    }
    std::printf(
        "threads / async, wall time on the same plan: %s\n", qPrintable(threadsOverAsync.join(QStringLiteral(", "))));

    std::printf("\npeers awaiting the same sleeps at once, each timing its own await and reporting its own peak RSS\n");
    std::printf("%-42s %8s %15s %8s  %s\n", "case", "wall s", "fastest-slowest", "RSS MiB", "ratios");
    bool peersRan = true;
    for (const Peer& peer : peers) {
        const QString program = QStandardPaths::findExecutable(QString::fromLatin1(peer.program));
        const QString script = QCoreApplication::applicationDirPath() + u'/' + QString::fromLatin1(peer.script);
        if (program.isEmpty()) {
            std::printf("%s is not on PATH: the %s peer is skipped\n", peer.program, peer.name);
            continue;
        }
        if (!QFileInfo::exists(script)) {
            std::printf("%s is missing (tests/bench/CMakeLists.txt copies it): the %s peer is skipped\n",
                qPrintable(script), peer.name);
            peersRan = false;
            continue;
        }
        for (qsizetype row = 0; row < measured.size(); ++row) {
            if (!cases[row].comparedWithPeers)
                continue;
            const auto& [async, asyncFigures] = measured.at(row);
            QList<double> seconds;
            QList<double> peakRssMiB;
            const int runs = async.tasks >= peer.tasksRunOnce ? 1 : repeats;
            for (int i = 0; i < runs; ++i) {
                const auto figures = runPeer(program, script, async.tasks, async.taskMs);
                if (!figures)
                    break;
                seconds.push_back(figures->first);
                peakRssMiB.push_back(figures->second);
            }
            if (seconds.size() < runs) {
                peersRan = false;
                continue;
            }
            WorkloadFigures figures;
            summariseRuns(seconds, peakRssMiB, figures);
            const QString name = QStringLiteral("%1 sleep n=%2 h=%3ms%4")
                                     .arg(QString::fromLatin1(peer.name), -7)
                                     .arg(async.tasks, -7)
                                     .arg(async.taskMs)
                                     .arg(runs < repeats ? QStringLiteral(" (1 run)") : QString());
            std::printf("%-42s %8.4f %15s %8.1f  async / %s: wall %.3f, RSS %.3f\n", qPrintable(name), figures.seconds,
                qPrintable(QStringLiteral("%1-%2").arg(figures.fastest, 0, 'f', 4).arg(figures.slowest, 0, 'f', 4)),
                figures.peakRssMiB, peer.name, asyncFigures.seconds / figures.seconds,
                asyncFigures.peakRssMiB / figures.peakRssMiB);
        }
    }
    return !peersRan ? 1 : allMet ? 0 : 3;
}
// One run of the plain-Python peer (peer_pool.py): the seconds it printed, or nothing when it failed.
std::optional<double> runPoolPeer(const QString& python, const QString& script, const QStringList& arguments)
{
    QProcess process;
    process.start(python, QStringList { QStringLiteral("-I"), script } + arguments);
    if (!process.waitForFinished(600'000) || process.exitCode() != 0) {
        std::fprintf(stderr, "conlab-bench: %s %s failed: %s\n", qPrintable(script), qPrintable(arguments.join(u' ')),
            process.readAllStandardError().constData());
        return std::nullopt;
    }
    bool ok = false;
    const double seconds = process.readAllStandardOutput().trimmed().toDouble(&ok);
    return ok ? std::optional(seconds) : std::nullopt;
}

// The python runtime against plain CPython: the harness's runs of the article's pools beside a script that runs the
// same pools with nothing around them, alternately, in the same bench run; and a cancel. Exit code 3 when the harness
// adds more than 10 % or the cancel takes more than 0.5 s, 1 when a run failed.
int measurePython(int repeats)
{
    QString error;
    ExecutionContext context = ExecutionContext::forThisMachine(WorkloadKind::Sleep);
    context.python = findPython(&error);
    if (!error.isEmpty()) {
        std::printf("the python runtime cannot run here: %s\n", qPrintable(error));
        return 1;
    }
    const QString script = QCoreApplication::applicationDirPath() + QStringLiteral("/peer_pool.py");
    if (!QFileInfo::exists(script)) {
        std::fprintf(
            stderr, "conlab-bench: %s is missing (tests/bench/CMakeLists.txt copies it)\n", qPrintable(script));
        return 1;
    }
    struct PythonCase
    {
        const char* name;
        RunSpec spec;
        QStringList peerArguments;
    };
    RunSpec threads;
    threads.strategy = StrategyKind::Threads;
    threads.runtime = RuntimeKind::Python;
    threads.tasks = 1000;
    threads.taskMs = 100;
    RunSpec processes = threads;
    processes.strategy = StrategyKind::Processes;
    processes.tasks = 20;
    processes.processes = 2;
    processes.chunksize = ChunkPythonRule; // what Pool.map does when not told
    const PythonCase cases[] = {
        { "ThreadPool(1000).map, 1000 sleeps of 100 ms", threads,
            { QStringLiteral("threads"), QStringLiteral("1000"), QStringLiteral("100") } },
        { "Pool(2).map, 20 sleeps of 100 ms", processes,
            { QStringLiteral("processes"), QStringLiteral("2"), QStringLiteral("20"), QStringLiteral("100") } },
    };
    std::printf("python: CPython %s (%s), %d cores, load average %s, median of %d runs per case, harness and plain "
                "script alternating\n\n",
        qPrintable(context.python.version), qPrintable(context.python.interpreter), context.cores,
        loadAverage().constData(), repeats);
    std::printf("%-46s %10s %10s %8s %10s  %s\n", "case", "harness s", "plain s", "ratio", "start-up s", "target");
    bool allMet = true;
    for (const PythonCase& benchCase : cases) {
        QList<double> harness;
        QList<double> plain;
        QList<double> startup;
        for (int i = 0; i < repeats; ++i) {
            CancelToken token;
            const RunResult result = runMeasured(benchCase.spec, context, token);
            if (!result.isOk()) {
                std::fprintf(stderr, "conlab-bench: %s: %s: %s\n", benchCase.name,
                    qPrintable(statusName(result.status)), qPrintable(result.message));
                return 1;
            }
            harness.push_back(result.seconds);
            startup.push_back(double(result.resources.runtimeStartupUs) / 1e6);
            const auto peer = runPoolPeer(context.python.interpreter, script, benchCase.peerArguments);
            if (!peer)
                return 1;
            plain.push_back(*peer);
        }
        const double ratio = medianOf(harness) / medianOf(plain);
        allMet = allMet && ratio <= 1.10;
        std::printf("%-46s %10.4f %10.4f %8.3f %10.3f  <= 1.10 %s\n", benchCase.name, medianOf(harness),
            medianOf(plain), ratio, medianOf(startup), ratio <= 1.10 ? "met" : "MISSED");
    }

    // A cancel of ThreadPool(1000) sleeping 10 s, 1 s into the run: how long until runMeasured() returned with
    // every process of the harness gone.
    RunSpec longThreads = threads;
    longThreads.taskMs = 10'000;
    QList<double> cancelSeconds;
    for (int i = 0; i < repeats; ++i) {
        CancelToken token;
        std::atomic<qint64> cancelNs { 0 };
        std::thread canceller([&token, &cancelNs] {
            std::this_thread::sleep_for(std::chrono::seconds(1));
            cancelNs = monotonicNowNs();
            token.cancel();
        });
        const RunResult result = runMeasured(longThreads, context, token);
        const qint64 returnedNs = monotonicNowNs();
        canceller.join();
        if (result.status != RunStatus::Cancelled) {
            std::fprintf(stderr, "conlab-bench: the cancelled python run ended %s: %s\n",
                qPrintable(statusName(result.status)), qPrintable(result.message));
            return 1;
        }
        cancelSeconds.push_back(double(returnedNs - cancelNs) / 1e9);
    }
    const double cancel = medianOf(cancelSeconds);
    allMet = allMet && cancel <= 0.5;
    std::printf("%-46s %10.4f %10s %8s %10s  <= 0.5 s %s\n", "cancel of ThreadPool(1000) sleeping 10 s", cancel, "", "",
        "", cancel <= 0.5 ? "met" : "MISSED");
    std::printf("\nharness s: conlab's python runtime, from the harness's B line (before the pool's creation) to its E "
                "line (map() returned).\nplain s: peer_pool.py, the same pool and map in a script of its own, timed "
                "the same way.\nstart-up s: the interpreter's start until the harness began the strategy (not in "
                "either time).\ncancel: from the cancel to runMeasured()'s return, the harness's process group "
                "killed and reaped.\n");
    return allMet ? 0 : 3;
}
} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = QCoreApplication::arguments();
    if (args.contains(QStringLiteral("--rss")))
        return measurePeakRss();
    // The async table's million-task runs take seconds each: fewer repeats by default.
    const bool async = args.contains(QStringLiteral("--async"));
    int repeats = async ? 3 : 5;
    const qsizetype repeatAt = args.indexOf(QStringLiteral("--repeat"));
    if (repeatAt > 0 && repeatAt + 1 < args.size())
        repeats = std::max(1, args.at(repeatAt + 1).toInt());
    if (async)
        return measureAsync(repeats);
    if (args.contains(QStringLiteral("--python")))
        return measurePython(repeats);
    if (args.contains(QStringLiteral("--workloads")))
        return measureWorkloads(repeats);

    const BenchCase cases[] = {
        { "threads    n=1000 h=100ms", StrategyKind::Threads, 1000, 100, 0, 1.6 },
        { "processes  n=20   h=100ms C=2", StrategyKind::Processes, 20, 100, 2, 1.02 },
        { "blended    n=2000 h=100ms C=2", StrategyKind::Blended, 2000, 100, 2, 2.0 },
        { "sequential n=20   h=10ms", StrategyKind::Sequential, 20, 10, 0, 1.03 },
    };

    const ExecutionContext context = ExecutionContext::forThisMachine(WorkloadKind::Sleep);
    std::printf("conlab-bench: %d cores, median of %d runs per case\n\n", context.cores, repeats);
    std::printf("%-32s %12s %10s %8s %12s %11s\n", "case", "measured s", "ideal s", "ratio", "target", "first run");
    double threadsWithTeardown = 0;
    bool allMet = true;
    for (const BenchCase& benchCase : cases) {
        RunSpec spec;
        spec.strategy = benchCase.strategy;
        spec.tasks = benchCase.tasks;
        spec.taskMs = benchCase.taskMs;
        spec.processes = benchCase.processes;
        QList<double> seconds;
        QList<double> withTeardown; // until runMeasured returned: threads joined, processes reaped
        double ideal = 0;
        for (int i = 0; i < repeats; ++i) {
            CancelToken token;
            const int64_t start = monotonicNowNs();
            const RunResult result = runMeasured(spec, context, token);
            withTeardown.push_back(double(monotonicNowNs() - start) / 1e9);
            if (!result.isOk()) {
                std::fprintf(stderr, "conlab-bench: %s: %s: %s\n", benchCase.name,
                    qPrintable(statusName(result.status)), qPrintable(result.message));
                return 1;
            }
            seconds.push_back(result.seconds);
            ideal = result.idealSeconds;
        }
        const double measured = medianOf(seconds);
        const double ratio = measured / ideal;
        allMet = allMet && ratio <= benchCase.target;
        if (benchCase.strategy == StrategyKind::Threads)
            threadsWithTeardown = medianOf(withTeardown);
        std::printf("%-32s %12.4f %10.4f %8.3f  <= %.2f %-6s %11.3f\n", benchCase.name, measured, ideal, ratio,
            benchCase.target, ratio <= benchCase.target ? "met" : "MISSED", seconds.front() / ideal);
    }

    QList<double> bare;
    for (int i = 0; i < repeats; ++i)
        bare.push_back(bareThreadsSeconds(1000, 100));
    const double bareMedian = medianOf(bare);
    // Like for like: the bare loop joins its threads, so the engine's time here includes joining them too.
    const double overBare = threadsWithTeardown / bareMedian;
    allMet = allMet && overBare <= 1.10;
    std::printf("\nbare loop: 1000 std::thread sleeping 100 ms, created and joined: %.4f s\n", bareMedian);
    std::printf("engine threads n=1000, joins included:                      %.4f s\n", threadsWithTeardown);
    std::printf("engine / bare loop: %.3f (target <= 1.10) %s\n", overBare, overBare <= 1.10 ? "met" : "MISSED");
    std::printf("\n");
    if (const int failed = measureWorkloads(repeats); failed != 0)
        return failed;
    return allMet ? 0 : 3;
}
