#include "runresult.h"

#include "wording.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace {
// One table per enum: its values, the names files and the command line use, and for strategies a sentence to explain.
template<typename Enum> struct NamedValue
{
    Enum value;
    QStringView name;
    QStringView description = {};
};

constexpr NamedValue<StrategyKind> strategyTable[] = {
    { StrategyKind::Sequential, u"sequential", u"Runs the tasks one after another on a single worker thread." },
    { StrategyKind::Processes, u"processes",
        u"Hands the tasks to a pool of worker processes, each running one task at a time, like Python's Pool.map." },
    { StrategyKind::Threads, u"threads",
        u"Runs the tasks on a pool of threads inside one process, by default one thread per task." },
    { StrategyKind::Blended, u"blended",
        u"Splits the tasks evenly across worker processes, each of which runs its share on a thread pool." },
};

constexpr NamedValue<WorkloadKind> workloadTable[] = {
    { WorkloadKind::Sleep, u"sleep" },
    { WorkloadKind::Cpu, u"cpu" },
};

constexpr NamedValue<RunStatus> statusTable[] = {
    { RunStatus::Ok, u"ok" },
    { RunStatus::Refused, u"refused" },
    { RunStatus::Crashed, u"crashed" },
    { RunStatus::Cancelled, u"cancelled" },
    { RunStatus::Failed, u"failed" },
};

template<typename Enum, size_t N> const NamedValue<Enum>* find(const NamedValue<Enum> (&table)[N], Enum value)
{
    const auto it
        = std::find_if(std::begin(table), std::end(table), [value](const auto& e) { return e.value == value; });
    return it == std::end(table) ? nullptr : it;
}

template<typename Enum, size_t N> std::optional<Enum> lookup(const NamedValue<Enum> (&table)[N], QStringView name)
{
    for (const auto& entry : table) {
        if (name.compare(entry.name, Qt::CaseInsensitive) == 0)
            return entry.value;
    }
    return std::nullopt;
}

template<typename Enum, size_t N> QString nameOf(const NamedValue<Enum> (&table)[N], Enum value)
{
    const auto* entry = find(table, value);
    return entry ? entry->name.toString() : QString();
}

int ceilDiv(int a, int b)
{
    return b > 0 ? int((qint64(a) + b - 1) / b) : 0; // in 64 bits: a + b - 1 may not fit in an int
}
} // namespace

QString strategyName(StrategyKind kind)
{
    return nameOf(strategyTable, kind);
}

std::optional<StrategyKind> strategyFromName(QStringView name)
{
    return lookup(strategyTable, name);
}

QList<StrategyKind> allStrategies()
{
    QList<StrategyKind> kinds;
    for (const auto& entry : strategyTable)
        kinds.append(entry.value);
    return kinds;
}

QString strategyDescription(StrategyKind kind)
{
    const auto* entry = find(strategyTable, kind);
    return entry ? entry->description.toString() : QString();
}

QString workloadName(WorkloadKind kind)
{
    return nameOf(workloadTable, kind);
}

std::optional<WorkloadKind> workloadFromName(QStringView name)
{
    return lookup(workloadTable, name);
}

QString workloadGroupText(WorkloadKind workload, int taskMs)
{
    const QString kind = workload == WorkloadKind::Unknown ? QStringLiteral("unknown") : workloadName(workload);
    const QString duration = taskMs == TaskMsUnknown ? QStringLiteral("unknown task duration")
                                                     : QStringLiteral("%1 ms per task").arg(taskMs);
    return QStringLiteral("%1 workload, %2").arg(kind, duration);
}

QString statusName(RunStatus status)
{
    return nameOf(statusTable, status);
}

std::optional<RunStatus> statusFromName(QStringView name)
{
    return lookup(statusTable, name);
}

QString chunksizeName(int chunksize)
{
    if (chunksize == ChunkUnknown)
        return QString();
    if (chunksize == ChunkPythonRule)
        return QStringLiteral("python");
    if (chunksize == ChunkOneAtATime)
        return QStringLiteral("1");
    return QString::number(chunksize);
}

std::optional<int> chunksizeFromName(QStringView name)
{
    if (name.compare(u"python", Qt::CaseInsensitive) == 0)
        return ChunkPythonRule;
    bool ok = false;
    const int value = name.toInt(&ok);
    if (!ok || value < 1)
        return std::nullopt;
    return value == 1 ? ChunkOneAtATime : value;
}

RunSpec resolvedRunSpec(const RunSpec& spec, int cores)
{
    RunSpec resolved = spec;
    const int defaultProcesses = std::max(1, cores);
    switch (spec.strategy) {
    case StrategyKind::Sequential:
        resolved.threads = 1;
        resolved.processes = 1;
        resolved.chunksize = ChunkOneAtATime;
        break;
    case StrategyKind::Threads:
        resolved.processes = 1;
        resolved.threads = spec.threads > 0 ? spec.threads : std::max(1, spec.tasks);
        resolved.chunksize = ChunkOneAtATime;
        break;
    case StrategyKind::Processes:
        resolved.threads = 1;
        resolved.processes = spec.processes > 0 ? spec.processes : defaultProcesses;
        if (resolved.chunksize == 1)
            resolved.chunksize = ChunkOneAtATime;
        break;
    case StrategyKind::Blended: {
        resolved.processes = spec.processes > 0 ? spec.processes : defaultProcesses;
        const int share = std::max(1, blendedChunkSize(spec.tasks, resolved.processes));
        resolved.threads = spec.threads > 0 ? std::min(spec.threads, share) : share;
        resolved.chunksize = ChunkOneAtATime;
        break;
    }
    }
    return resolved;
}

bool workersKnown(const RunSpec& spec)
{
    switch (spec.strategy) {
    case StrategyKind::Sequential:
        return true;
    case StrategyKind::Threads:
        return spec.threads > 0;
    case StrategyKind::Processes:
        return spec.processes > 0;
    case StrategyKind::Blended:
        return spec.threads > 0 && spec.processes > 0;
    }
    return false;
}

bool idealBoundKnown(const RunSpec& spec)
{
    return spec.taskMs != TaskMsUnknown && workersKnown(spec)
        && !(spec.strategy == StrategyKind::Processes && spec.chunksize == ChunkUnknown);
}

bool SweepCoverage::isComplete() const
{
    const bool ended = ending.isEmpty() || ending == u"finished";
    return ended && (plannedRuns == 0 || presentRuns >= plannedRuns);
}

QString SweepCoverage::text() const
{
    if (isComplete())
        return QString();
    const QString how = ending.isEmpty() || ending == u"finished" ? QStringLiteral("incomplete") : ending;
    if (plannedRuns == 0) {
        return QStringLiteral("%1: %2, of an unknown number planned")
            .arg(how, countOf(presentRuns, QStringLiteral("run"), QStringLiteral("runs")));
    }
    return QStringLiteral("%1: %2 of %3 planned runs").arg(how).arg(presentRuns).arg(plannedRuns);
}

int parallelWorkers(const RunSpec& resolved)
{
    switch (resolved.strategy) {
    case StrategyKind::Sequential:
        return 1;
    case StrategyKind::Threads:
        return std::max(1, resolved.threads);
    case StrategyKind::Processes:
        return std::max(1, resolved.processes);
    case StrategyKind::Blended: {
        // In 64 bits: a result file may name processes and threads whose product does not fit in an int. More
        // workers than an int holds run any task count in one round, so the cap changes no bound.
        const qint64 workers = qint64(std::max(1, resolved.processes)) * std::max(1, resolved.threads);
        return int(std::min<qint64>(workers, std::numeric_limits<int>::max()));
    }
    }
    return 1;
}

int effectiveChunkSize(const RunSpec& resolved)
{
    if (resolved.strategy != StrategyKind::Processes)
        return 1;
    const int chunk = resolved.chunksize == ChunkPythonRule ? pythonChunkSize(resolved.tasks, resolved.processes)
                                                            : std::max(1, resolved.chunksize);
    return std::max(1, std::min(chunk, resolved.tasks));
}

double idealSeconds(const RunSpec& resolved, int cores)
{
    const double h = resolved.taskMs / 1000.0;
    const int n = resolved.tasks;
    if (n <= 0)
        return 0;
    // The tasks on the busiest worker of the best schedule the engine's hand-out allows.
    qint64 busiest = n;
    switch (resolved.strategy) {
    case StrategyKind::Sequential:
        break;
    case StrategyKind::Threads:
        // Threads take the next task from a shared counter, one at a time.
        busiest = ceilDiv(n, std::max(1, resolved.threads));
        break;
    case StrategyKind::Processes: {
        // m chunks of K tasks, the last one r <= K, each run whole by one of C workers. Some worker gets
        // q = ceil(m / C) chunks; unless that worker is the only one with q, it has q full ones. If it is the only one,
        // it gets the short chunk (the engine's free-worker hand-out gives it the last chunk, which is the short one).
        const int k = effectiveChunkSize(resolved);
        const int c = std::max(1, resolved.processes);
        const int m = ceilDiv(n, k);
        const qint64 r = n - qint64(m - 1) * k;
        const int q = ceilDiv(m, c);
        const qint64 withQ = m - qint64(q - 1) * c;
        busiest = withQ == 1 ? qint64(q - 1) * k + r : qint64(q) * k;
        break;
    }
    case StrategyKind::Blended: {
        // Each process works through its own contiguous share on min(T, share) threads; the largest share decides.
        const int share = blendedChunkSize(n, resolved.processes);
        busiest = ceilDiv(share, std::max(1, std::min(resolved.threads, share)));
        break;
    }
    }
    double ideal = h * double(busiest);
    if (resolved.workload == WorkloadKind::Cpu && cores > 0)
        ideal = std::max(ideal, h * n / cores);
    return ideal;
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

bool fasterThanIdeal(double seconds, double idealSeconds)
{
    return idealSeconds > 0 && seconds < idealSeconds * (1 - 1e-6) - 1e-9;
}

QString belowIdealBoundNote(const RunResult& result)
{
    // Only a run that finished every task ran the work the bound counts.
    if (result.status != RunStatus::Ok || !fasterThanIdeal(result.seconds, result.idealSeconds))
        return {};
    // Three decimals, or as many as it takes to show the two apart.
    int decimals = 3;
    while (decimals < 9
        && QString::number(result.seconds, 'f', decimals) == QString::number(result.idealSeconds, 'f', decimals))
        ++decimals;
    return QStringLiteral("finished in %1 s, below its ideal bound of %2 s: the CPU calibration or the clock is wrong")
        .arg(QString::number(result.seconds, 'f', decimals), QString::number(result.idealSeconds, 'f', decimals));
}
