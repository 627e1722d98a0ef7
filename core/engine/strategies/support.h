#pragma once

// What several strategies share; private to engine/strategies/.

#include "processpool.h"
#include "runresult.h"
#include "threadteam.h"

#include <vector>

struct ExecutionContext;

// Turns what in-process workers recorded into traces, `worker` numbering the threads in the order they started work.
// Returns the end of the last task if every task finished (an in-process result is in hand the moment it is written),
// else 0.
qint64 collectTraces(const std::vector<TaskRecord>& records, RunResult& result);

// Ends the run with the task's failure or refusal, naming the task, if one happened; returns whether it did.
bool failOnTask(const TaskFailure& failure, RunResult& result);

// The worker processes a spec runs on.
WorkerPoolConfig poolConfig(const RunSpec& spec, const ExecutionContext& context);
