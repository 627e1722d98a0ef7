#include "strategies.h"

#include "eventloop.h"
#include "wording.h"

#include <QStringList>
#include <algorithm>
#include <limits>

namespace {
int ceilDiv(int a, int b)
{
    return b > 0 ? int((qint64(a) + b - 1) / b) : 0; // in 64 bits: a + b - 1 may not fit in an int
}

// m chunks of K tasks, the last one r <= K, each run whole by one of C workers that take the next chunk when free.
// Some worker gets q = ceil(m / C) chunks; unless that worker is the only one with q, it has q full ones. If it is the
// only one, it gets the short chunk (the last one handed out, which is the short one).
qint64 chunkedBusiestTasks(int n, int k, int c)
{
    k = std::max(1, k);
    c = std::max(1, c);
    const int m = ceilDiv(n, k);
    const qint64 r = n - qint64(m - 1) * k;
    const int q = ceilDiv(m, c);
    const qint64 withQ = m - qint64(q - 1) * c;
    return withQ == 1 ? qint64(q - 1) * k + r : qint64(q) * k;
}

QString threadsTimesProcesses(const RunSpec& resolved)
{
    return QStringLiteral("%1 x %2").arg(countOf(resolved.threads, QStringLiteral("thread"), QStringLiteral("threads")),
        countOf(resolved.processes, QStringLiteral("process"), QStringLiteral("processes")));
}

constexpr StrategyDescription sequential {
    .kind = StrategyKind::Sequential,
    .name = u"sequential",
    .help = u"Runs the tasks one after another on a single worker thread.",
    .styleKey = u"baseline",
    .threadsHelp = {},
    .processesHelp = {},
    .chunksizeHelp = {},
    .threadsAreCap = false,
    .usesWorkerProcesses = [](const RunSpec&) { return false; },
    .resolve =
        [](const RunSpec& spec, int) {
            RunSpec resolved = spec;
            resolved.threads = 1;
            resolved.processes = 1;
            resolved.chunksize = ChunkOneAtATime;
            return resolved;
        },
    .workersKnown = [](const RunSpec&) { return true; },
    .parallelWorkers = [](const RunSpec&) { return 1; },
    .busiestWorkerTasks = [](const RunSpec& resolved) { return qint64(resolved.tasks); },
    .pythonBusiestWorkerTasks = nullptr,
    .computingWorkers = [](const RunSpec&) { return 0; },
    // Runs on the sweep's own thread.
    .resources =
        [](const RunSpec&) {
            return StrategyResources { 0, 1 };
        },
    .workersText = threadsTimesProcesses,
};

constexpr StrategyDescription processes {
    .kind = StrategyKind::Processes,
    .name = u"processes",
    .help = u"Hands the tasks to a pool of worker processes, each running one task at a time, like Python's Pool.map.",
    .styleKey = u"process-pool",
    .threadsHelp = {},
    .processesHelp = u"worker processes, by default one per core",
    .chunksizeHelp = u"tasks handed to a worker at a time, by default one; 'python' for Pool.map's rule, ⌈n / 4C⌉",
    .threadsAreCap = false,
    .usesWorkerProcesses = [](const RunSpec&) { return true; },
    .resolve =
        [](const RunSpec& spec, int cores) {
            RunSpec resolved = spec;
            resolved.threads = 1;
            resolved.processes = spec.processes > 0 ? spec.processes : std::max(1, cores);
            if (resolved.chunksize == 1)
                resolved.chunksize = ChunkOneAtATime;
            return resolved;
        },
    .workersKnown = [](const RunSpec& spec) { return spec.processes > 0; },
    .parallelWorkers = [](const RunSpec& resolved) { return std::max(1, resolved.processes); },
    .busiestWorkerTasks =
        [](const RunSpec& resolved) {
            return chunkedBusiestTasks(resolved.tasks, effectiveChunkSize(resolved), resolved.processes);
        },
    // Pool.map hands chunks to free workers as the engine does.
    .pythonBusiestWorkerTasks = nullptr,
    .computingWorkers = [](const RunSpec&) { return 0; },
    // Each worker runs its tasks on its main thread.
    .resources =
        [](const RunSpec& resolved) {
            return StrategyResources { resolved.processes, 0 };
        },
    .workersText = threadsTimesProcesses,
};

constexpr StrategyDescription threads {
    .kind = StrategyKind::Threads,
    .name = u"threads",
    .help = u"Runs the tasks on a pool of threads inside one process, by default one thread per task.",
    .styleKey = u"thread-pool",
    .threadsHelp = u"the pool's size, by default one thread per task",
    .processesHelp = {},
    .chunksizeHelp = {},
    .threadsAreCap = false,
    .usesWorkerProcesses = [](const RunSpec&) { return false; },
    .resolve =
        [](const RunSpec& spec, int) {
            RunSpec resolved = spec;
            resolved.processes = 1;
            resolved.threads = spec.threads > 0 ? spec.threads : std::max(1, spec.tasks);
            resolved.chunksize = ChunkOneAtATime;
            return resolved;
        },
    .workersKnown = [](const RunSpec& spec) { return spec.threads > 0; },
    .parallelWorkers = [](const RunSpec& resolved) { return std::max(1, resolved.threads); },
    // Threads take the next task from a shared counter, one at a time.
    .busiestWorkerTasks
    = [](const RunSpec& resolved) { return qint64(ceilDiv(resolved.tasks, std::max(1, resolved.threads))); },
    // ThreadPool(T).map sends chunks of ⌈n / 4T⌉ tasks (the article's 100 tasks on 8 threads: chunks of 4, so 16
    // tasks on the busiest thread, not 13).
    .pythonBusiestWorkerTasks =
        [](const RunSpec& resolved) {
            const int threads = std::max(1, resolved.threads);
            return chunkedBusiestTasks(resolved.tasks, pythonChunkSize(resolved.tasks, threads), threads);
        },
    .computingWorkers = [](const RunSpec&) { return 0; },
    .resources =
        [](const RunSpec& resolved) {
            return StrategyResources { resolved.threads, resolved.threads };
        },
    .workersText = threadsTimesProcesses,
};

constexpr StrategyDescription blended {
    .kind = StrategyKind::Blended,
    .name = u"blended",
    .help = u"Splits the tasks evenly across worker processes, each of which runs its share on a thread pool.",
    .styleKey = u"process-thread-blend",
    .threadsHelp
    = u"threads in each worker process, at most its share of the tasks, by default one per task of its share",
    .processesHelp = u"worker processes, by default one per core",
    .chunksizeHelp = {},
    .threadsAreCap = true,
    .usesWorkerProcesses = [](const RunSpec&) { return true; },
    .resolve =
        [](const RunSpec& spec, int cores) {
            RunSpec resolved = spec;
            resolved.processes = spec.processes > 0 ? spec.processes : std::max(1, cores);
            const int share = std::max(1, blendedChunkSize(spec.tasks, resolved.processes));
            resolved.threads = spec.threads > 0 ? std::min(spec.threads, share) : share;
            resolved.chunksize = ChunkOneAtATime;
            return resolved;
        },
    .workersKnown = [](const RunSpec& spec) { return spec.threads > 0 && spec.processes > 0; },
    .parallelWorkers =
        [](const RunSpec& resolved) {
            // In 64 bits: a result file may name processes and threads whose product does not fit in an int. More
            // workers than an int holds run any task count in one round, so the cap changes no bound.
            const qint64 workers = qint64(std::max(1, resolved.processes)) * std::max(1, resolved.threads);
            return int(std::min<qint64>(workers, std::numeric_limits<int>::max()));
        },
    .busiestWorkerTasks =
        [](const RunSpec& resolved) {
            // Each process works through its own contiguous share on min(T, share) threads; the largest share decides.
            const int share = blendedChunkSize(resolved.tasks, resolved.processes);
            return qint64(ceilDiv(share, std::max(1, std::min(resolved.threads, share))));
        },
    // Each share goes to a ThreadPool(min(T, share)).map, in chunks of ⌈share / 4T⌉.
    .pythonBusiestWorkerTasks =
        [](const RunSpec& resolved) {
            const int share = blendedChunkSize(resolved.tasks, resolved.processes);
            const int threads = std::max(1, std::min(resolved.threads, share));
            return chunkedBusiestTasks(share, pythonChunkSize(share, threads), threads);
        },
    .computingWorkers = [](const RunSpec&) { return 0; },
    // Each worker's main thread and its team.
    .resources =
        [](const RunSpec& resolved) {
            return StrategyResources { qint64(resolved.processes) * (1 + qint64(resolved.threads)), resolved.threads };
        },
    .workersText = threadsTimesProcesses,
};

// Whether the tasks of a resolved spec occupy a core while they run (the cpu workload).
bool tasksCompute(const RunSpec& resolved)
{
    const WorkloadDescription* workload = findWorkload(resolved.workload);
    return workload && workload->computes;
}

constexpr StrategyDescription async {
    .kind = StrategyKind::Async,
    .name = u"async",
    .help = u"Holds every task's wait at once on one event loop, with no thread per task, like asyncio.gather or "
            u"Node.js's Promise.all; a task that computes blocks the loop while it does.",
    .styleKey = u"event-loop",
    .threadsHelp = {},
    .processesHelp = u"event loops, each in a worker process of its own with its share of the tasks; by default "
                     u"one loop in the tool's process",
    .chunksizeHelp = {},
    .threadsAreCap = false,
    .usesWorkerProcesses = [](const RunSpec& resolved) { return resolved.processes > 0; },
    .resolve =
        [](const RunSpec& spec, int) {
            // processes 0 (the default) stays 0: the loop runs in the tool's process.
            RunSpec resolved = spec;
            resolved.threads = 1;
            resolved.processes = std::max(0, spec.processes);
            resolved.chunksize = ChunkOneAtATime;
            return resolved;
        },
    .workersKnown = [](const RunSpec& spec) { return spec.processes >= 0; },
    // Every task waits at once; tasks that compute take turns on each loop, and file tasks on each loop's I/O pool.
    .parallelWorkers =
        [](const RunSpec& resolved) {
            const int loops = std::max(1, resolved.processes);
            if (tasksCompute(resolved))
                return loops;
            if (const WorkloadDescription* workload = findWorkload(resolved.workload);
                workload && workload->blocksInSystemCalls)
                return int(std::min<qint64>(qint64(loops) * EventLoopIoThreads, std::max(1, resolved.tasks)));
            return std::max(1, resolved.tasks);
        },
    // Every task waits at once; computingWorkers() adds that the tasks that compute take turns.
    .busiestWorkerTasks = [](const RunSpec&) { return qint64(1); },
    .pythonBusiestWorkerTasks = nullptr,
    .computingWorkers = [](const RunSpec& resolved) { return std::max(1, resolved.processes); },
    // The worker processes (none by default); the loop runs on a thread that is there anyway, and a file workload's
    // I/O pool of four threads is not counted.
    .resources =
        [](const RunSpec& resolved) {
            return StrategyResources { std::max(0, resolved.processes), 0 };
        },
    .workersText =
        [](const RunSpec& resolved) {
            return resolved.processes > 0
                ? QStringLiteral("%1, one per worker process")
                      .arg(countOf(resolved.processes, QStringLiteral("event loop"), QStringLiteral("event loops")))
                : QStringLiteral("one event loop in this process");
        },
};

// The registry: one line per strategy. The compiler reports a StrategyKind without its line.
const StrategyDescription* describedOrNull(StrategyKind kind)
{
    switch (kind) {
    case StrategyKind::Sequential:
        return &sequential;
    case StrategyKind::Processes:
        return &processes;
    case StrategyKind::Threads:
        return &threads;
    case StrategyKind::Blended:
        return &blended;
    case StrategyKind::Async:
        return &async;
    }
    return nullptr; // past the last StrategyKind
}
} // namespace

QStringView StrategyDescription::settingHelp(RunSetting setting) const
{
    switch (setting) {
    case RunSetting::Threads:
        return threadsHelp;
    case RunSetting::Processes:
        return processesHelp;
    case RunSetting::Chunksize:
        return chunksizeHelp;
    }
    return {};
}

const StrategyDescription& describeStrategy(StrategyKind kind)
{
    const StrategyDescription* description = describedOrNull(kind);
    Q_ASSERT(description);
    return description ? *description : sequential;
}

QList<StrategyKind> allStrategies()
{
    // Kinds are numbered from 0 without gaps (kinds.h).
    QList<StrategyKind> kinds;
    for (int i = 0; describedOrNull(StrategyKind(i)); ++i)
        kinds.append(StrategyKind(i));
    return kinds;
}

QString strategyName(StrategyKind kind)
{
    const StrategyDescription* description = describedOrNull(kind);
    return description ? description->name.toString() : QString();
}

std::optional<StrategyKind> strategyFromName(QStringView name)
{
    for (StrategyKind kind : allStrategies()) {
        if (name.compare(describeStrategy(kind).name, Qt::CaseInsensitive) == 0)
            return kind;
    }
    return std::nullopt;
}

QString strategyDescription(StrategyKind kind)
{
    const StrategyDescription* description = describedOrNull(kind);
    return description ? description->help.toString() : QString();
}

QStringList allStrategyNames()
{
    QStringList names;
    for (StrategyKind kind : allStrategies())
        names.append(strategyName(kind));
    return names;
}

QString strategyNamesText(QStringView lastSeparator)
{
    return listText(allStrategyNames(), lastSeparator);
}

qint64 busiestWorkerTasks(const RunSpec& resolved)
{
    const StrategyDescription& strategy = describeStrategy(resolved.strategy);
    if (resolved.runtime == RuntimeKind::Python && strategy.pythonBusiestWorkerTasks)
        return strategy.pythonBusiestWorkerTasks(resolved);
    return strategy.busiestWorkerTasks(resolved);
}

QList<StrategyKind> strategiesReading(RunSetting setting)
{
    QList<StrategyKind> readers;
    for (StrategyKind kind : allStrategies()) {
        if (describeStrategy(kind).reads(setting))
            readers.append(kind);
    }
    return readers;
}

bool anyReads(const QList<StrategyKind>& strategies, RunSetting setting)
{
    return std::any_of(
        strategies.begin(), strategies.end(), [setting](StrategyKind kind) { return strategyReads(kind, setting); });
}

bool strategyReads(StrategyKind strategy, RunSetting setting)
{
    return describeStrategy(strategy).reads(setting);
}

QString settingHelpText(RunSetting setting)
{
    QStringList clauses;
    for (StrategyKind kind : strategiesReading(setting)) {
        const StrategyDescription& description = describeStrategy(kind);
        clauses << QStringLiteral("%1: %2").arg(description.name, description.settingHelp(setting));
    }
    return clauses.join(QStringLiteral("; "));
}

RunSpec resolvedRunSpec(const RunSpec& spec, int cores)
{
    RunSpec resolved = describeStrategy(spec.strategy).resolve(spec, cores);
    resolved.options = resolvedWorkloadOptions(spec.workload, spec.options);
    // A task that takes what it takes has no duration to keep, whatever was asked.
    if (!readsTaskMs(spec.workload))
        resolved.taskMs = 0;
    return resolved;
}

bool workersKnown(const RunSpec& spec)
{
    return describeStrategy(spec.strategy).workersKnown(spec);
}

int parallelWorkers(const RunSpec& resolved)
{
    return describeStrategy(resolved.strategy).parallelWorkers(resolved);
}

int effectiveChunkSize(const RunSpec& resolved)
{
    if (!strategyReads(resolved.strategy, RunSetting::Chunksize))
        return 1;
    const int chunk = resolved.chunksize == ChunkPythonRule ? pythonChunkSize(resolved.tasks, resolved.processes)
                                                            : std::max(1, resolved.chunksize);
    return std::max(1, std::min(chunk, resolved.tasks));
}

int blendedChunkSize(int tasks, int processes)
{
    return ceilDiv(tasks, std::max(1, processes));
}

int pythonChunkSize(int tasks, int processes)
{
    // 4 * C in 64 bits; capped, as ceil(n / 4C) is 1 for every larger C.
    return std::max(
        1, ceilDiv(tasks, int(std::min<qint64>(4 * qint64(std::max(1, processes)), std::numeric_limits<int>::max()))));
}
