// conlab-bench: how close the engine comes to the ideal bound h*ceil(n/w), and how much it adds over bare OS threads;
// then each workload against its ideal. Not a test: it prints figures for the README. Each case runs --repeat times
// (default 5); the median is reported, and the first run beside it: the first threads run of a process also pays for
// faulting in its thread stacks.
//
//   conlab-bench [--repeat K]
//   conlab-bench --workloads [--repeat K]   the workloads' table only
//   conlab-bench --rss      peak memory of `conlab sweep` at 100 and 2,000 quick runs, with and without its journal

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
#include <QStringList>
#include <QTemporaryDir>
#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
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
    double idealSeconds = 0;
    double serverCpuMs = -1; // the latency server's CPU time over the run (median), net only
};

// Runs a case `repeats` times; the median time, its ideal bound and (for net) the latency server's CPU time. False
// after saying why when a run did not end ok.
bool measureWorkloadCase(const WorkloadCase& benchCase, const ExecutionContext& context, LatencyServerProcess* server,
    int repeats, WorkloadFigures& figures)
{
    QList<double> seconds;
    QList<double> serverCpuMs;
    for (int i = 0; i < repeats; ++i) {
        if (server)
            server->takeStats(); // what it did between runs is no run's
        CancelToken token;
        const RunResult result = runMeasured(benchCase.spec, context, token);
        if (!result.isOk()) {
            std::fprintf(stderr, "conlab-bench: %s: %s: %s\n", benchCase.name, qPrintable(statusName(result.status)),
                qPrintable(result.message));
            return false;
        }
        seconds.push_back(result.seconds);
        figures.idealSeconds = result.idealSeconds;
        if (server) {
            if (const auto stats = server->takeStats())
                serverCpuMs.push_back(double(stats->cpuNs) / 1e6);
        }
    }
    figures.seconds = medianOf(seconds);
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

    // Other programs' load changes every figure here: the load average says how busy the machine was.
    QFile loadAverage(QStringLiteral("/proc/loadavg"));
    const QByteArray load
        = loadAverage.open(QIODevice::ReadOnly) ? loadAverage.readAll().split(' ').value(0) : QByteArrayLiteral("?");
    std::printf("workloads: %d cores, %lld CPU iterations per ms, load average %s, median of %d runs per case\n\n",
        context.cores, qlonglong(context.cpuIterationsPerMs), load.constData(), repeats);
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
} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    int repeats = 5;
    const QStringList args = QCoreApplication::arguments();
    if (args.contains(QStringLiteral("--rss")))
        return measurePeakRss();
    const qsizetype repeatAt = args.indexOf(QStringLiteral("--repeat"));
    if (repeatAt > 0 && repeatAt + 1 < args.size())
        repeats = std::max(1, args.at(repeatAt + 1).toInt());
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
