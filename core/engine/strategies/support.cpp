#include "support.h"

#include "strategy.h"

#include <QHash>
#include <algorithm>
#include <unistd.h>

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

bool failOnTask(const TaskFailure& failure, RunResult& result)
{
    if (!failure.happened())
        return false;
    result.status = failure.refused ? RunStatus::Refused : RunStatus::Failed;
    result.message = QString::fromStdString(failure.describe());
    return true;
}

WorkerPoolConfig poolConfig(const RunSpec& spec, const ExecutionContext& context)
{
    return WorkerPoolConfig { context.workerPath, spec.workload, workloadSettingsOf(spec, context), spec.processes };
}
