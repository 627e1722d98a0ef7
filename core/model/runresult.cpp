#include "runresult.h"

#include "strategies.h"
#include "wording.h"
#include "workload.h"

#include <QStringList>
#include <algorithm>
#include <cmath>
#include <limits>

namespace {
// The statuses and the names files and the command line use for them.
template<typename Enum> struct NamedValue
{
    Enum value;
    QStringView name;
};

constexpr NamedValue<RunStatus> statusTable[] = {
    { RunStatus::Ok, u"ok" },
    { RunStatus::Refused, u"refused" },
    { RunStatus::Crashed, u"crashed" },
    { RunStatus::Cancelled, u"cancelled" },
    { RunStatus::Failed, u"failed" },
};

constexpr NamedValue<RuntimeKind> runtimeTable[] = {
    { RuntimeKind::Native, u"native" },
    { RuntimeKind::Python, u"python" },
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
} // namespace

QString runtimeName(RuntimeKind runtime)
{
    return nameOf(runtimeTable, runtime);
}

std::optional<RuntimeKind> runtimeFromName(QStringView name)
{
    return lookup(runtimeTable, name);
}

QList<RuntimeKind> allRuntimes()
{
    QList<RuntimeKind> runtimes;
    for (const auto& entry : runtimeTable)
        runtimes.append(entry.value);
    return runtimes;
}

QString runtimeNamesText()
{
    QStringList names;
    for (const auto& entry : runtimeTable)
        names.append(entry.name.toString());
    return listText(names, u" or ");
}

QString withRuntime(const QString& name, RuntimeKind runtime)
{
    return runtime == RuntimeKind::Native ? name : QStringLiteral("%1 (%2)").arg(name, runtimeName(runtime));
}

QString workloadName(WorkloadKind kind)
{
    const WorkloadDescription* description = findWorkload(kind);
    return description ? QString::fromLatin1(description->name) : QString();
}

std::optional<WorkloadKind> workloadFromName(QStringView name)
{
    for (const WorkloadDescription* description : allWorkloads()) {
        if (name.compare(QLatin1String(description->name), Qt::CaseInsensitive) == 0)
            return description->kind;
    }
    return std::nullopt;
}

QList<WorkloadKind> allWorkloadKinds()
{
    QList<WorkloadKind> kinds;
    for (const WorkloadDescription* description : allWorkloads())
        kinds.append(description->kind);
    return kinds;
}

QStringList allWorkloadNames()
{
    QStringList names;
    for (WorkloadKind kind : allWorkloadKinds())
        names.append(workloadName(kind));
    return names;
}

QString workloadNamesText(QStringView lastSeparator)
{
    return listText(allWorkloadNames(), lastSeparator);
}

QString workloadLabel(WorkloadKind kind)
{
    const WorkloadDescription* description = findWorkload(kind);
    return description ? QStringLiteral("%1 (%2)").arg(workloadName(kind), QString::fromUtf8(description->label))
                       : QString();
}

QString workloadHelp(WorkloadKind kind)
{
    const WorkloadDescription* description = findWorkload(kind);
    return description ? QString::fromUtf8(description->help) : QString();
}

QString workloadGroupText(WorkloadKind workload, int taskMs)
{
    const QString kind = workload == WorkloadKind::Unknown ? QStringLiteral("unknown") : workloadName(workload);
    if (!readsTaskMs(workload))
        return QStringLiteral("%1 workload").arg(kind);
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

WorkloadOptions resolvedWorkloadOptions(WorkloadKind kind, const WorkloadOptions& options)
{
    const WorkloadDescription* workload = findWorkload(kind);
    if (!workload)
        return options; // a file's run of an unknown workload keeps what the file said
    WorkloadOptions resolved;
    if (workload->reads(WorkloadOption::CpuMs))
        resolved.cpuMs = options.cpuMs;
    if (workload->reads(WorkloadOption::Bytes))
        resolved.bytes = options.bytes > 0 ? options.bytes : DefaultFileBytes;
    if (workload->reads(WorkloadOption::Fsync))
        resolved.fsync = options.fsync;
    if (workload->reads(WorkloadOption::Dir))
        resolved.dir = options.dir;
    if (workload->reads(WorkloadOption::Command))
        resolved.command = options.command;
    if (workload->reads(WorkloadOption::Shell))
        resolved.shell = options.shell;
    if (workload->reads(WorkloadOption::InterpreterLock))
        resolved.interpreterLock = options.interpreterLock;
    return resolved;
}

bool readsTaskMs(WorkloadKind kind)
{
    const WorkloadDescription* workload = findWorkload(kind);
    return !workload || workload->readsTaskMs;
}

bool idealBoundKnown(const RunSpec& spec)
{
    return spec.taskMs != TaskMsUnknown && readsTaskMs(spec.workload) && workersKnown(spec)
        && !(strategyReads(spec.strategy, RunSetting::Chunksize) && spec.chunksize == ChunkUnknown);
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

double taskSeconds(const RunSpec& spec)
{
    const WorkloadDescription* workload = findWorkload(spec.workload);
    // A task that takes what it takes (a file, the user's command) has no set length.
    if (spec.taskMs < 0 || (workload && !workload->readsTaskMs))
        return 0;
    const double computing = (workload && workload->reads(WorkloadOption::CpuMs) ? spec.options.cpuMs : 0) / 1000.0;
    return spec.taskMs / 1000.0 + computing;
}

double idealSeconds(const RunSpec& resolved, int cores)
{
    const WorkloadDescription* workload = findWorkload(resolved.workload);
    const int n = resolved.tasks;
    // A task with no set length has none to bound the run by.
    const double h = taskSeconds(resolved);
    if (n <= 0 || h <= 0)
        return 0;
    const double computing = (workload && workload->reads(WorkloadOption::CpuMs) ? resolved.options.cpuMs : 0) / 1000.0;
    // The tasks on the busiest worker of the best schedule the engine's hand-out allows.
    const StrategyDescription& strategy = describeStrategy(resolved.strategy);
    const qint64 busiest = busiestWorkerTasks(resolved);
    double ideal = h * double(busiest);
    // No more than `cores` tasks compute at once; under an interpreter lock (CPython's own, or the engine's emulated
    // one), no more than one per process.
    const double computingPerTask = workload && workload->computes ? h : computing;
    if (computingPerTask > 0 && cores > 0) {
        const int processes = strategy.usesWorkerProcesses(resolved) ? std::max(1, resolved.processes) : 1;
        const bool locked = resolved.options.interpreterLock || resolved.runtime == RuntimeKind::Python;
        const int computeAtOnce = locked ? std::min(cores, processes) : cores;
        ideal = std::max(ideal, computingPerTask * n / computeAtOnce);
    }
    // A worker that computes one task at a time (an event loop) computes its share whole, one after another; the
    // last one's wait follows its computation.
    if (const int workers = strategy.computingWorkers(resolved); computingPerTask > 0 && workers > 0)
        ideal = std::max(ideal, computingPerTask * blendedChunkSize(n, workers) + (h - computingPerTask));
    return ideal;
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
