#include "exec/threadteam.h"

#include "exec/canceltoken.h"
#include "exec/monotonicclock.h"
#include "exec/workload.h"

#include <atomic>
#include <pthread.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace {
// A task needs little stack; 256 KiB keeps the address space of 30,000 threads to about 8 GiB instead of 240 GiB.
constexpr size_t TaskThreadStackBytes = 256 * 1024;

struct TeamState
{
    int firstTask;
    int taskCount;
    const Workload* workload;
    const CancelToken* stop;
    TaskRecord* records;
    std::atomic<int> next { 0 };
};

void runOne(int index, int firstTask, const Workload& workload, const CancelToken& stop, TaskRecord& record,
            int64_t tid)
{
    const int task = firstTask + index;
    const int64_t start = monotonicNowNs();
    if (!workload.runTask(task, stop))
        return;
    record = TaskRecord { task, tid, start, monotonicNowNs() };
}

void* teamThreadMain(void* arg)
{
    auto& state = *static_cast<TeamState*>(arg);
    const int64_t tid = currentThreadId();
    for (;;) {
        const int index = state.next.fetch_add(1, std::memory_order_relaxed);
        if (index >= state.taskCount || state.stop->isCancelled())
            break;
        runOne(index, state.firstTask, *state.workload, *state.stop, state.records[index], tid);
    }
    return nullptr;
}
} // namespace

int64_t currentThreadId()
{
    return int64_t(syscall(SYS_gettid));
}

ThreadTeamOutcome runThreadTeam(int threads, int firstTask, int taskCount, const Workload& workload,
                                CancelToken& stop, TaskRecord* records)
{
    ThreadTeamOutcome outcome;
    outcome.threadsRequested = threads;
    TeamState state { firstTask, taskCount, &workload, &stop, records };

    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setstacksize(&attr, TaskThreadStackBytes);

    std::vector<pthread_t> handles;
    handles.reserve(size_t(threads));
    for (int i = 0; i < threads && !stop.isCancelled(); ++i) {
        pthread_t handle;
        const int rc = pthread_create(&handle, &attr, teamThreadMain, &state);
        if (rc != 0) {
            outcome.createError = rc;
            stop.cancel();
            break;
        }
        handles.push_back(handle);
    }
    pthread_attr_destroy(&attr);

    outcome.threadsStarted = int(handles.size());
    for (pthread_t handle : handles)
        pthread_join(handle, nullptr);
    return outcome;
}

void runTasksInline(int firstTask, int taskCount, const Workload& workload, const CancelToken& stop,
                    TaskRecord* records)
{
    const int64_t tid = currentThreadId();
    for (int index = 0; index < taskCount && !stop.isCancelled(); ++index)
        runOne(index, firstTask, workload, stop, records[index], tid);
}
