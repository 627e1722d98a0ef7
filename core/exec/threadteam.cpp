#include "threadteam.h"

#include "canceltoken.h"
#include "monotonicclock.h"
#include "workload.h"

#include <atomic>
#include <cerrno>
#include <cstring>
#include <mutex>
#include <pthread.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <vector>

namespace {
// A task needs little stack; 256 KiB keeps the address space of 30,000 threads to about 8 GiB instead of 240 GiB.
// ThreadSanitizer keeps its own per-thread state on the stack and needs about 1 MiB.
#if defined(__SANITIZE_THREAD__)
constexpr size_t TaskThreadStackBytes = 4 * 1024 * 1024;
#else
constexpr size_t TaskThreadStackBytes = 256 * 1024;
#endif

// Stacks for task threads, carved out of one mapping with a guard page below each. glibc would mmap a stack per thread
// and munmap it when the thread ends (its stack cache holds 40 MB, five default stacks), and every first touch of a
// fresh stack page is a page fault; on the 2-core VM this was measured on, that work added about 40 % to the time to
// start and join 1,000 threads. A region grows to the largest team it has served and stays mapped, as a thread pool's
// stacks would: later runs start their threads on stacks that are already there.
class StackRegion
{
public:
    StackRegion()
        : m_page(size_t(sysconf(_SC_PAGESIZE)))
        , m_slot(TaskThreadStackBytes + m_page)
    { }
    ~StackRegion() { release(); }
    StackRegion(const StackRegion&) = delete;
    StackRegion& operator=(const StackRegion&) = delete;

    // Makes room for `threads` stacks. Returns 0 or the errno of the failed mapping.
    int reserve(int threads)
    {
        if (threads <= m_capacity)
            return 0;
        release();
        const size_t size = m_slot * size_t(threads);
        void* base = mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
        if (base == MAP_FAILED)
            return errno;
        m_base = static_cast<char*>(base);
        m_capacity = threads;
        return 0;
    }

    // Points attr at the stack of thread `index`, above its guard page. Returns 0 or an errno.
    int prepare(pthread_attr_t& attr, int index)
    {
        char* slot = m_base + m_slot * size_t(index);
        if (index >= m_guarded) {
            if (mprotect(slot, m_page, PROT_NONE) != 0)
                return errno;
            // The top two pages hold the thread's descriptor and first frames: fill them in one call rather than
            // two page faults (about 4 % off a 2,000-task blended run here). Merely an optimisation if refused.
            madvise(slot + m_slot - 2 * m_page, 2 * m_page, MADV_POPULATE_WRITE);
            m_guarded = index + 1;
        }
        return pthread_attr_setstack(&attr, slot + m_page, TaskThreadStackBytes);
    }

private:
    void release()
    {
        if (m_base)
            munmap(m_base, m_slot * size_t(m_capacity));
        m_base = nullptr;
        m_capacity = 0;
        m_guarded = 0;
    }

    size_t m_page;
    size_t m_slot;
    char* m_base = nullptr;
    int m_capacity = 0;
    int m_guarded = 0; // slots [0, m_guarded) have their guard page in place
};

// Teams up to this size keep their stacks for the next run (at most about 1 GiB of address space, and only the pages
// threads touched, a few KiB each, in memory); larger ones map and unmap their own.
constexpr int MaxKeptStacks = 4096;
std::mutex g_keptStacksMutex;
StackRegion g_keptStacks;

struct TeamState
{
    int firstTask;
    int taskCount;
    const Workload* workload;
    CancelToken* stop; // cancelled by the team itself when a task fails
    TaskRecord* records;
    const TaskDoneHook* onTaskDone;
    std::atomic<int> next { 0 };
    std::mutex failureMutex;
    TaskFailure failure;
};

// Runs one task; returns how it ended, recording it if it finished.
TaskOutcome runOne(int index, int firstTask, const Workload& workload, const CancelToken& stop, TaskRecord& record,
    int64_t tid, const TaskDoneHook* onTaskDone)
{
    const int task = firstTask + index;
    const int64_t start = monotonicNowNs();
    TaskOutcome outcome = workload.runTask(task, stop);
    if (!outcome.isDone())
        return outcome;
    record = TaskRecord { task, tid, start, monotonicNowNs() };
    if (onTaskDone && *onTaskDone)
        (*onTaskDone)(record);
    return outcome;
}

TaskFailure failureOf(int task, TaskOutcome&& outcome)
{
    return TaskFailure { task, outcome.end == TaskEnd::Refused, std::move(outcome.message) };
}

void* teamThreadMain(void* arg)
{
    auto& state = *static_cast<TeamState*>(arg);
    const int64_t tid = currentThreadId();
    for (;;) {
        const int index = state.next.fetch_add(1, std::memory_order_relaxed);
        if (index >= state.taskCount || state.stop->isCancelled())
            break;
        TaskOutcome outcome
            = runOne(index, state.firstTask, *state.workload, *state.stop, state.records[index], tid, state.onTaskDone);
        if (outcome.end == TaskEnd::Failed || outcome.end == TaskEnd::Refused) {
            {
                // The first failure is the one the run names; the tasks it cancels end as cancelled, not failed.
                std::lock_guard lock(state.failureMutex);
                if (!state.failure.happened())
                    state.failure = failureOf(state.firstTask + index, std::move(outcome));
            }
            state.stop->cancel();
            break;
        }
    }
    return nullptr;
}
} // namespace

int64_t currentThreadId()
{
    return int64_t(syscall(SYS_gettid));
}

ThreadTeamOutcome runThreadTeam(int threads, int firstTask, int taskCount, const Workload& workload, CancelToken& stop,
    TaskRecord* records, const TaskDoneHook& onTaskDone)
{
    ThreadTeamOutcome outcome;
    outcome.threadsRequested = threads;
    TeamState state { firstTask, taskCount, &workload, &stop, records, &onTaskDone, {}, {}, {} };

    // The kept stacks serve one team at a time; a concurrent or very large team brings its own.
    std::unique_lock keptLock(g_keptStacksMutex, std::defer_lock);
    StackRegion ownStacks;
    StackRegion* stacks = &ownStacks;
    if (threads <= MaxKeptStacks && keptLock.try_lock())
        stacks = &g_keptStacks;
    if (const int error = stacks->reserve(threads)) {
        outcome.createError = error;
        outcome.failedStep = ThreadTeamOutcome::Step::MapStacks;
        return outcome;
    }
    pthread_attr_t attr;
    pthread_attr_init(&attr);

    std::vector<pthread_t> handles;
    handles.reserve(size_t(threads));
    for (int i = 0; i < threads && !stop.isCancelled(); ++i) {
        pthread_t handle;
        int rc = stacks->prepare(attr, i);
        if (rc != 0)
            outcome.failedStep = ThreadTeamOutcome::Step::GuardStack;
        if (rc == 0) {
            rc = pthread_create(&handle, &attr, teamThreadMain, &state);
            outcome.failedStep = ThreadTeamOutcome::Step::CreateThread;
        }
        if (rc != 0) {
            outcome.createError = rc;
            stop.cancel();
            break;
        }
        handles.push_back(handle);
    }
    pthread_attr_destroy(&attr);

    outcome.threadsStarted = int(handles.size());
    outcome.poolReadyNs = monotonicNowNs();
    for (pthread_t handle : handles)
        pthread_join(handle, nullptr);
    outcome.taskFailure = std::move(state.failure);
    return outcome;
}

TaskFailure runTasksInline(
    int firstTask, int taskCount, const Workload& workload, const CancelToken& stop, TaskRecord* records)
{
    const int64_t tid = currentThreadId();
    for (int index = 0; index < taskCount && !stop.isCancelled(); ++index) {
        TaskOutcome outcome = runOne(index, firstTask, workload, stop, records[index], tid, nullptr);
        if (outcome.end == TaskEnd::Failed || outcome.end == TaskEnd::Refused)
            return failureOf(firstTask + index, std::move(outcome));
    }
    return {};
}

std::string TaskFailure::describe() const
{
    return "task " + std::to_string(task) + (refused ? " was refused: " : " failed: ") + message;
}

std::string ThreadTeamOutcome::describeRefusal() const
{
    const std::string which = std::to_string(threadsStarted + 1) + " of " + std::to_string(threadsRequested);
    const std::string reason = std::string(" (") + strerror(createError) + ")";
    switch (failedStep) {
    case Step::MapStacks:
        return "memory limit: could not map the stacks of " + std::to_string(threadsRequested) + " threads" + reason;
    case Step::GuardStack:
        return "memory map limit (vm.max_map_count): could not set up the stack of thread " + which + reason;
    case Step::CreateThread:
        break;
    }
    return "thread limit: the OS refused thread " + which + reason;
}
