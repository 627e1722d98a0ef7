#pragma once

// What several strategies share; private to engine/strategies/.

#include "processpool.h"
#include "runresult.h"
#include "threadteam.h"

#include <algorithm>
#include <vector>

struct ExecutionContext;

// The end of a run whose tasks ran in this process: its traces (`worker` numbering the threads in the order they
// started work; an in-process result is in hand the moment it is written), the threads it created, and its status:
// refused with `refusal` where the OS refused what its pool needed (empty if not), else failed or refused by its first
// failing task. Returns the end of the last task if every task finished and nothing went wrong, else 0.
qint64 finishInProcess(const std::vector<TaskRecord>& records, int threadsCreated, const std::string& refusal,
    const TaskFailure& failure, RunResult& result);

// The article's split of a spec's tasks over its worker processes: contiguous shares of ⌈n / C⌉ tasks, one per
// worker, each made into a batch by `batchOf(first, count)`.
template<typename BatchOf> QList<WorkerProtocol::Batch> contiguousShares(const RunSpec& spec, BatchOf batchOf)
{
    const int share = blendedChunkSize(spec.tasks, spec.processes);
    QList<WorkerProtocol::Batch> batches;
    for (int first = 0; first < spec.tasks; first += share)
        batches.append(batchOf(first, std::min(share, spec.tasks - first)));
    return batches;
}

// The worker processes a spec runs on.
WorkerPoolConfig poolConfig(const RunSpec& spec, const ExecutionContext& context);
