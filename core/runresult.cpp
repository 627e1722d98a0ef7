#include "runresult.h"

#include <algorithm>
#include <cmath>

namespace {
struct StrategyInfo
{
    StrategyKind kind;
    QStringView name;
    QStringView description;
};

constexpr StrategyInfo strategyTable[] = {
    { StrategyKind::Sequential, u"sequential", u"Runs the tasks one after another on a single worker thread." },
    { StrategyKind::Processes, u"processes",
        u"Hands the tasks to a pool of worker processes, each running one task at a time, like Python's Pool.map." },
    { StrategyKind::Threads, u"threads",
        u"Runs the tasks on a pool of threads inside one process, by default one thread per task." },
    { StrategyKind::Blended, u"blended",
        u"Splits the tasks evenly across worker processes, each of which runs its share on a thread pool." },
};

template<typename Enum, size_t N>
std::optional<Enum> lookup(const std::pair<Enum, QStringView> (&table)[N], QStringView name)
{
    for (const auto& [value, text] : table) {
        if (name.compare(text, Qt::CaseInsensitive) == 0)
            return value;
    }
    return std::nullopt;
}

template<typename Enum, size_t N> QString nameOf(const std::pair<Enum, QStringView> (&table)[N], Enum value)
{
    for (const auto& [candidate, text] : table) {
        if (candidate == value)
            return text.toString();
    }
    return {};
}

constexpr std::pair<WorkloadKind, QStringView> workloadTable[] = {
    { WorkloadKind::Sleep, u"sleep" },
    { WorkloadKind::Cpu, u"cpu" },
};

constexpr std::pair<RunStatus, QStringView> statusTable[] = {
    { RunStatus::Ok, u"ok" },
    { RunStatus::Refused, u"refused" },
    { RunStatus::Crashed, u"crashed" },
    { RunStatus::Cancelled, u"cancelled" },
    { RunStatus::Failed, u"failed" },
};

int ceilDiv(int a, int b)
{
    return b > 0 ? (a + b - 1) / b : 0;
}
} // namespace

QString strategyName(StrategyKind kind)
{
    for (const auto& info : strategyTable) {
        if (info.kind == kind)
            return info.name.toString();
    }
    return {};
}

std::optional<StrategyKind> strategyFromName(QStringView name)
{
    for (const auto& info : strategyTable) {
        if (name.compare(info.name, Qt::CaseInsensitive) == 0)
            return info.kind;
    }
    return std::nullopt;
}

QList<StrategyKind> allStrategies()
{
    QList<StrategyKind> kinds;
    for (const auto& info : strategyTable)
        kinds.append(info.kind);
    return kinds;
}

QString strategyDescription(StrategyKind kind)
{
    for (const auto& info : strategyTable) {
        if (info.kind == kind)
            return info.description.toString();
    }
    return {};
}

QString workloadName(WorkloadKind kind)
{
    return nameOf(workloadTable, kind);
}

std::optional<WorkloadKind> workloadFromName(QStringView name)
{
    return lookup(workloadTable, name);
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
        if (spec.chunksize == ChunkPythonRule)
            resolved.chunksize = pythonChunkSize(spec.tasks, resolved.processes);
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

int parallelWorkers(const RunSpec& resolved)
{
    switch (resolved.strategy) {
    case StrategyKind::Sequential:
        return 1;
    case StrategyKind::Threads:
        return std::max(1, resolved.threads);
    case StrategyKind::Processes:
        return std::max(1, resolved.processes);
    case StrategyKind::Blended:
        return std::max(1, resolved.processes) * std::max(1, resolved.threads);
    }
    return 1;
}

double idealSeconds(const RunSpec& resolved, int cores)
{
    const double h = resolved.taskMs / 1000.0;
    const int n = resolved.tasks;
    double rounds = ceilDiv(n, parallelWorkers(resolved));
    if (resolved.strategy == StrategyKind::Blended) {
        // Each process works through its own share; the largest share decides.
        const int share = blendedChunkSize(n, resolved.processes);
        rounds = ceilDiv(share, std::max(1, resolved.threads));
    }
    double ideal = h * rounds;
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
    return std::max(1, ceilDiv(tasks, 4 * std::max(1, processes)));
}
