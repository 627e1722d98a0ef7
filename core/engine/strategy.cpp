#include "strategy.h"

#include "calibration.h"
#include "canceltoken.h"
#include "fdlimit.h"
#include "monotonicclock.h"
#include "processpool.h"
#include "resourceusage.h"
#include "strategies.h"
#include "wording.h"
#include "workload.h"

#include <QFile>
#include <QThread>
#include <algorithm>
#include <climits>

ExecutionContext ExecutionContext::forThisMachine(WorkloadKind workload)
{
    ExecutionContext context;
    context.cores = std::max(1, QThread::idealThreadCount());
    context.workerPath = defaultWorkerPath();
    const WorkloadDescription* description = findWorkload(workload);
    if (description && description->readsCpuCalibration) {
        const CpuCalibration calibration = cpuCalibration();
        context.cpuIterationsPerMs = calibration.iterationsPerMs;
        context.calibrationNote = calibration.note;
    }
    return context;
}

WorkloadSettings workloadSettingsOf(const RunSpec& resolved, const ExecutionContext& context)
{
    WorkloadSettings settings;
    settings.taskMs = std::max(0, resolved.taskMs);
    settings.cpuIterationsPerMs = context.cpuIterationsPerMs;
    settings.cpuMs = resolved.options.cpuMs;
    settings.bytes = resolved.options.bytes > 0 ? resolved.options.bytes : DefaultFileBytes;
    settings.fsync = resolved.options.fsync;
    settings.dir = QFile::encodeName(resolved.options.dir).toStdString();
    settings.command = resolved.options.command.toStdString();
    settings.shell = resolved.options.shell;
    settings.interpreterLock = resolved.options.interpreterLock;
    settings.serverPort = context.latencyServerPort;
    return settings;
}

// Each strategy's file defines its specialisation; the language asks for each to be declared before a call names it.
template<> std::unique_ptr<Strategy> makeStrategyOf<StrategyKind::Sequential>();
template<> std::unique_ptr<Strategy> makeStrategyOf<StrategyKind::Processes>();
template<> std::unique_ptr<Strategy> makeStrategyOf<StrategyKind::Threads>();
template<> std::unique_ptr<Strategy> makeStrategyOf<StrategyKind::Blended>();
template<> std::unique_ptr<Strategy> makeStrategyOf<StrategyKind::Async>();

std::unique_ptr<Strategy> makeStrategy(StrategyKind kind)
{
    switch (kind) {
    case StrategyKind::Sequential:
        return makeStrategyOf<StrategyKind::Sequential>();
    case StrategyKind::Processes:
        return makeStrategyOf<StrategyKind::Processes>();
    case StrategyKind::Threads:
        return makeStrategyOf<StrategyKind::Threads>();
    case StrategyKind::Blended:
        return makeStrategyOf<StrategyKind::Blended>();
    case StrategyKind::Async:
        return makeStrategyOf<StrategyKind::Async>();
    }
    return nullptr;
}

RunResult runMeasured(const RunSpec& spec, const ExecutionContext& context, CancelToken& cancel)
{
    RunResult result;
    result.spec = resolvedRunSpec(spec, context.cores);
    result.idealSeconds = idealSeconds(result.spec, context.cores);
    const WorkloadDescription* workloadDescription = findWorkload(result.spec.workload);
    const bool python = result.spec.runtime == RuntimeKind::Python;
    if (python && workloadDescription && workloadDescription->readsCpuCalibration
        && context.python.cpuIterationsPerMs <= 0) {
        result.status = RunStatus::Failed;
        result.message = QStringLiteral("the python runtime's CPU calibration was not measured");
        return result;
    }
    if (!python && workloadDescription && workloadDescription->readsCpuCalibration
        && !isPlausibleCpuCalibration(context.cpuIterationsPerMs)) {
        result.status = RunStatus::Failed;
        result.message = QStringLiteral("the CPU calibration of %1 iterations per ms is outside the plausible range of "
                                        "%2 to %3; measure it again with conlab calibrate")
                             .arg(context.cpuIterationsPerMs)
                             .arg(MinPlausibleCpuIterationsPerMs)
                             .arg(MaxPlausibleCpuIterationsPerMs);
        return result;
    }
    // Tasks that hold descriptors (files, sockets, a child's pipes) in this process need the open-file limit to allow
    // them all at once: the soft limit is raised to the hard one when it does not, and a run beyond the hard limit is
    // refused before it starts, naming it. Worker processes raise their own (conlab-worker).
    QString limitNote;
    // The harness's processes inherit this process's limit: its in-process strategies need it as the engine's do.
    if (workloadDescription && workloadDescription->descriptorsPerTask > 0
        && (python || !describeStrategy(result.spec.strategy).usesWorkerProcesses(result.spec))) {
        const size_t needed = size_t(parallelWorkers(result.spec)) * size_t(workloadDescription->descriptorsPerTask);
        const FdLimitChange change = raiseFdLimitFor(needed);
        if (!change.enough) {
            result.status = RunStatus::Refused;
            result.message = QString::fromStdString(change.text);
            return result;
        }
        limitNote = QString::fromStdString(change.text);
    }
    const auto workload
        = python ? nullptr : makeWorkload(result.spec.workload, workloadSettingsOf(result.spec, context));
    const auto strategy = python ? nullptr : makeStrategy(result.spec.strategy);

    // The run's own peak of the tool's process: reset before it starts, read after its teardown. Where the kernel
    // refuses the reset the lifetime peak would pass for the run's, so the run says it was not measured.
    const bool peakReset = resetPeakResidentMemory();
    result.resources.workersPeakRssKiB = 0;
    result.resources.threadsCreated = 0;
    result.resources.processesCreated = 0;
    result.resources.runtimeStartupUs = 0;
    result.startNs = monotonicNowNs();
    const qint64 lastResultNs = python ? runInPython(result.spec, context, cancel, result)
                                       : strategy->execute(result.spec, context, *workload, cancel, result);
    result.resources.peakRssKiB = peakReset ? peakResidentMemoryKiB() : -1;
    // The processes the tasks started here (the user's commands); a worker process counts its own (WorkerProtocol).
    if (workload)
        result.resources.processesCreated += int(std::min<int64_t>(workload->processesStarted(), INT_MAX));
    // A run that did not finish every task is timed until the strategy gave up.
    result.seconds = double((lastResultNs > 0 ? lastResultNs : monotonicNowNs()) - result.startNs) / 1e9;

    const auto byTask = [](const TaskTrace& a, const TaskTrace& b) { return a.task < b.task; };
    if (!std::is_sorted(result.traces.begin(), result.traces.end(), byTask))
        std::sort(result.traces.begin(), result.traces.end(), byTask);
    // A strategy that stopped short without saying why was cancelled; a cancel after the last task changes nothing.
    const qsizetype finished = result.traces.size();
    if (result.status == RunStatus::Ok && lastResultNs == 0) {
        const QString tasks = countOf(result.spec.tasks, QStringLiteral("task"), QStringLiteral("tasks"));
        result.status = cancel.isCancelled() ? RunStatus::Cancelled : RunStatus::Failed;
        result.message = cancel.isCancelled() ? QStringLiteral("cancelled after %1 of %2").arg(finished).arg(tasks)
                                              : QStringLiteral("only %1 of %2 reported back").arg(finished).arg(tasks);
    }
    // Kept ok: the wall time is a true measurement, and what is wrong (the calibration behind h, or the clock) is wrong
    // for every run that used it, not only the ones that crossed the bound; failing just those would bias what is left.
    if (!limitNote.isEmpty())
        result.message = result.message.isEmpty() ? limitNote : result.message + QStringLiteral("; ") + limitNote;
    const QString below = belowIdealBoundNote(result);
    if (!below.isEmpty())
        result.message = result.message.isEmpty() ? below : result.message + QStringLiteral("; ") + below;
    return result;
}
