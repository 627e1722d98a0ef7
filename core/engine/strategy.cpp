#include "strategy.h"

#include "calibration.h"
#include "canceltoken.h"
#include "monotonicclock.h"
#include "threadteam.h"
#include "workload.h"
#include "processpool.h"
#include "wording.h"

#include <QHash>
#include <QThread>
#include <algorithm>
#include <unistd.h>
#include <vector>

namespace {
// Turns what in-process workers recorded into traces, `worker` numbering the threads in the order they started work.
// Returns the end of the last task if every task finished (an in-process result is in hand the moment it is written),
// else 0.
qint64 collectTraces(const std::vector<TaskRecord>& records, RunResult& result)
{
    const qint64 pid = ::getpid();
    QHash<qint64, int> workerOfThread;
    std::vector<const TaskRecord*> done;
    for (const TaskRecord& record : records) {
        if (record.task >= 0)
            done.push_back(&record);
    }
    std::sort(done.begin(), done.end(), [](auto* a, auto* b) { return a->startNs < b->startNs; });
    for (const TaskRecord* record : done) {
        if (!workerOfThread.contains(record->tid))
            workerOfThread.insert(record->tid, int(workerOfThread.size()));
        const int index = workerOfThread.value(record->tid);
        result.traces.append(TaskTrace { record->task, index, pid, record->tid, record->startNs, record->endNs });
    }
    if (done.size() != records.size())
        return 0;
    qint64 lastEnd = 0;
    for (const TaskRecord* record : done)
        lastEnd = std::max<qint64>(lastEnd, record->endNs);
    return lastEnd;
}

class SequentialStrategy final : public Strategy
{
public:
    StrategyKind kind() const override { return StrategyKind::Sequential; }
    qint64 execute(const RunSpec& spec, const ExecutionContext&, const Workload& workload, CancelToken& cancel,
        RunResult& result) const override
    {
        std::vector<TaskRecord> records(size_t(spec.tasks));
        runTasksInline(0, spec.tasks, workload, cancel, records.data());
        return collectTraces(records, result);
    }
};

class ThreadPoolStrategy final : public Strategy
{
public:
    StrategyKind kind() const override { return StrategyKind::Threads; }
    qint64 execute(const RunSpec& spec, const ExecutionContext&, const Workload& workload, CancelToken& cancel,
        RunResult& result) const override
    {
        std::vector<TaskRecord> records(size_t(spec.tasks));
        const ThreadTeamOutcome outcome = runThreadTeam(spec.threads, 0, spec.tasks, workload, cancel, records.data());
        const qint64 lastResult = collectTraces(records, result);
        if (outcome.refused()) {
            result.status = RunStatus::Refused;
            result.message = QString::fromStdString(outcome.describeRefusal());
            return 0;
        }
        // With more threads than tasks, creating the pool can outlast the tasks; Python's ThreadPool(T) creates all T
        // threads first, and so the run is not over before the pool exists.
        return lastResult > 0 ? std::max<qint64>(lastResult, outcome.poolReadyNs) : 0;
    }
};

WorkerPoolConfig poolConfig(const RunSpec& spec, const ExecutionContext& context)
{
    return WorkerPoolConfig { context.workerPath, spec.workload, spec.taskMs, context.cpuIterationsPerMs,
        spec.processes };
}

class ProcessPoolStrategy final : public Strategy
{
public:
    StrategyKind kind() const override { return StrategyKind::Processes; }
    qint64 execute(const RunSpec& spec, const ExecutionContext& context, const Workload&, CancelToken& cancel,
        RunResult& result) const override
    {
        // One task at a time by default; or chunks, as Python's Pool.map hands them out.
        const int chunk = effectiveChunkSize(spec);
        QList<WorkerProtocol::Batch> batches;
        for (int first = 0; first < spec.tasks; first += chunk)
            batches.append({ first, std::min(chunk, spec.tasks - first), 1 });
        return runOnWorkerProcesses(
            poolConfig(spec, context), batches, BatchAssignment::WhicheverIsFree, cancel, result);
    }
};

class BlendedStrategy final : public Strategy
{
public:
    StrategyKind kind() const override { return StrategyKind::Blended; }
    qint64 execute(const RunSpec& spec, const ExecutionContext& context, const Workload&, CancelToken& cancel,
        RunResult& result) const override
    {
        // The article's split: contiguous shares of ceil(n / C) tasks, one per process, each on its own threads.
        const int share = blendedChunkSize(spec.tasks, spec.processes);
        QList<WorkerProtocol::Batch> batches;
        for (int first = 0; first < spec.tasks; first += share) {
            const int count = std::min(share, spec.tasks - first);
            batches.append({ first, count, std::min(spec.threads, count) });
        }
        return runOnWorkerProcesses(poolConfig(spec, context), batches, BatchAssignment::OnePerWorker, cancel, result);
    }
};
} // namespace

ExecutionContext ExecutionContext::forThisMachine(WorkloadKind workload)
{
    ExecutionContext context;
    context.cores = std::max(1, QThread::idealThreadCount());
    context.workerPath = defaultWorkerPath();
    if (workload == WorkloadKind::Cpu) {
        const CpuCalibration calibration = cpuCalibration();
        context.cpuIterationsPerMs = calibration.iterationsPerMs;
        context.calibrationNote = calibration.note;
    }
    return context;
}

std::unique_ptr<Strategy> makeStrategy(StrategyKind kind)
{
    switch (kind) {
    case StrategyKind::Sequential:
        return std::make_unique<SequentialStrategy>();
    case StrategyKind::Threads:
        return std::make_unique<ThreadPoolStrategy>();
    case StrategyKind::Processes:
        return std::make_unique<ProcessPoolStrategy>();
    case StrategyKind::Blended:
        return std::make_unique<BlendedStrategy>();
    }
    return nullptr;
}

RunResult runMeasured(const RunSpec& spec, const ExecutionContext& context, CancelToken& cancel)
{
    RunResult result;
    result.spec = resolvedRunSpec(spec, context.cores);
    result.idealSeconds = idealSeconds(result.spec, context.cores);
    if (result.spec.workload == WorkloadKind::Cpu && !isPlausibleCpuCalibration(context.cpuIterationsPerMs)) {
        result.status = RunStatus::Failed;
        result.message = QStringLiteral("the CPU calibration of %1 iterations per ms is outside the plausible range of "
                                        "%2 to %3; measure it again with conlab calibrate")
                             .arg(context.cpuIterationsPerMs)
                             .arg(MinPlausibleCpuIterationsPerMs)
                             .arg(MaxPlausibleCpuIterationsPerMs);
        return result;
    }
    const auto workload = makeWorkload(result.spec.workload, result.spec.taskMs, context.cpuIterationsPerMs);
    const auto strategy = makeStrategy(result.spec.strategy);

    result.startNs = monotonicNowNs();
    const qint64 lastResultNs = strategy->execute(result.spec, context, *workload, cancel, result);
    // A run that did not finish every task is timed until the strategy gave up.
    result.seconds = double((lastResultNs > 0 ? lastResultNs : monotonicNowNs()) - result.startNs) / 1e9;

    std::sort(result.traces.begin(), result.traces.end(),
        [](const TaskTrace& a, const TaskTrace& b) { return a.task < b.task; });
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
    const QString below = belowIdealBoundNote(result);
    if (!below.isEmpty())
        result.message = result.message.isEmpty() ? below : result.message + QStringLiteral("; ") + below;
    return result;
}
