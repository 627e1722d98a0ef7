#pragma once

#include "runresult.h"
#include "workerprotocol.h"
#include "workload.h"

#include <QList>
#include <QString>
#include <sys/types.h>

class CancelToken;

struct WorkerPoolConfig
{
    QString workerPath; // the conlab-worker executable
    WorkloadKind workload = WorkloadKind::Sleep;
    WorkloadSettings settings; // passed to each worker as its arguments (workerArguments())
    int processes = 1;
};

// How long a worker may stay silent after it was started before the run fails, naming it: conlab-worker loads no Qt
// and answers its handshake at once (a whole one-task run on one worker took 13 to 52 ms on the 2-core VM at a load
// average of 10), so 5 s leaves a factor of about 100. The clock restarts whenever another worker of the run answers,
// so a slow start of many workers is progress, not a hang.
constexpr int WorkerHandshakeTimeoutMs = 5000;

enum class BatchAssignment
{
    WhicheverIsFree, // the processes strategy: no worker idles while batches remain
    OnePerWorker, // the blended strategy: batch i belongs to worker i, as the article splits the tasks
};

// Starts `config.processes` conlab-worker processes with posix_spawn (never fork(): this process has threads and may
// be large), feeds them the batches over pipes and collects one TaskTrace per finished task into result.traces.
// On return every worker has exited and been reaped, whatever happened: the run completed, was cancelled (workers
// are killed at once), a worker died (status Crashed, naming it), a worker never answered its start-up handshake
// (Failed, naming it, after WorkerHandshakeTimeoutMs) or the OS refused a process or thread (Refused,
// naming the resource and the count). Returns the CLOCK_MONOTONIC time at which the last task's result arrived, or 0
// if not every task finished.
qint64 runOnWorkerProcesses(const WorkerPoolConfig& config, const QList<WorkerProtocol::Batch>& batches,
    BatchAssignment assignment, CancelToken& cancel, RunResult& result);

// Starts `path` with posix_spawn (never fork(): this process has threads and may be large) in a process group of its
// own, with default signal dispositions and an empty mask, its stdin and stdout (and stderr, unless -1: this process's)
// on the descriptors given. Returns 0 or the errno that refused it.
int spawnInOwnGroup(const char* path, char* const argv[], int stdinFd, int stdoutFd, pid_t* pid, int stderrFd = -1);

// Where conlab-worker is: $CONLAB_WORKER if set, else next to the running executable.
QString defaultWorkerPath();
