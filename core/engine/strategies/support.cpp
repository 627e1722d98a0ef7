#include "support.h"

#include "strategy.h"

#include <QHash>
#include <algorithm>
#include <unistd.h>

namespace {
// Turns what in-process workers recorded into traces, `worker` numbering the threads in the order they started work.
// Returns the end of the last task if every task finished (an in-process result is in hand the moment it is written),
// else 0.
qint64 collectTraces(const std::vector<TaskRecord>& records, RunResult& result)
{
    const qint64 pid = ::getpid();
    QHash<qint64, int> workerOfThread;
    // The traces grow instead of being sized up front: growing, they reuse the memory the finished tasks gave back (a
    // million sleep tasks peaked at 107 MiB, and at 133 MiB with the traces reserved at once).
    std::vector<const TaskRecord*> done;
    done.reserve(records.size());
    for (const TaskRecord& record : records) {
        if (record.task >= 0)
            done.push_back(&record);
    }
    // Often in order already (an event loop starts its tasks in order): checking costs one pass, sorting several.
    const auto byStart = [](const TaskRecord* a, const TaskRecord* b) { return a->startNs < b->startNs; };
    if (!std::is_sorted(done.begin(), done.end(), byStart))
        std::sort(done.begin(), done.end(), byStart);
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

// Ends the run with the task's failure or refusal, naming the task, if one happened; returns whether it did.
bool failOnTask(const TaskFailure& failure, RunResult& result)
{
    if (!failure.happened())
        return false;
    result.status = failure.refused ? RunStatus::Refused : RunStatus::Failed;
    result.message = QString::fromStdString(failure.describe());
    return true;
}

} // namespace

qint64 finishInProcess(const std::vector<TaskRecord>& records, int threadsCreated, const std::string& refusal,
    const TaskFailure& failure, RunResult& result)
{
    const qint64 lastResult = collectTraces(records, result);
    result.resources.threadsCreated = threadsCreated;
    if (!refusal.empty()) {
        result.status = RunStatus::Refused;
        result.message = QString::fromStdString(refusal);
        return 0;
    }
    return failOnTask(failure, result) ? 0 : lastResult;
}

WorkerPoolConfig poolConfig(const RunSpec& spec, const ExecutionContext& context)
{
    return WorkerPoolConfig { context.workerPath, spec.workload, workloadSettingsOf(spec, context), spec.processes };
}
