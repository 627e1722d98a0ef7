#include "exec/threadteam.h"

#include "exec/canceltoken.h"
#include "exec/monotonicclock.h"
#include "exec/workload.h"

#include <atomic>
#include <cerrno>
#include <sys/mman.h>
#include <pthread.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace {
// A task needs little stack; 256 KiB keeps the address space of 30,000 threads to about 8 GiB instead of 240 GiB.
constexpr size_t TaskThreadStackBytes = 256 * 1024;

// The stacks of a team, carved out of one mapping with a guard page below each. glibc would otherwise mmap a stack
// per thread and munmap it at exit (its stack cache holds only 40 MB); on this 2-core machine that per-thread
// mapping work doubled the time to start and join 1,000 threads (see the README's benchmark).
class StackRegion
{
public:
    explicit StackRegion(int threads)
        : m_page(size_t(sysconf(_SC_PAGESIZE)))
        , m_slot(TaskThreadStackBytes + m_page)
        , m_size(m_slot * size_t(threads))
    {
        void* base = mmap(nullptr, m_size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
        m_base = base == MAP_FAILED ? nullptr : static_cast<char*>(base);
        m_error = m_base ? 0 : errno;
    }
    ~StackRegion()
    {
        if (m_base)
            munmap(m_base, m_size);
    }
    StackRegion(const StackRegion&) = delete;
    StackRegion& operator=(const StackRegion&) = delete;

    int error() const { return m_error; }

    // Points attr at the stack of thread `index`, above its guard page. Returns 0 or an errno.
    int prepare(pthread_attr_t& attr, int index) const
    {
        char* slot = m_base + m_slot * size_t(index);
        if (mprotect(slot, m_page, PROT_NONE) != 0)
            return errno;
        return pthread_attr_setstack(&attr, slot + m_page, TaskThreadStackBytes);
    }

private:
    size_t m_page;
    size_t m_slot;
    size_t m_size;
    char* m_base = nullptr;
    int m_error = 0;
};

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

    const StackRegion stacks(threads);
    if (stacks.error() != 0) {
        outcome.createError = stacks.error();
        return outcome;
    }
    pthread_attr_t attr;
    pthread_attr_init(&attr);

    std::vector<pthread_t> handles;
    handles.reserve(size_t(threads));
    for (int i = 0; i < threads && !stop.isCancelled(); ++i) {
        pthread_t handle;
        int rc = stacks.prepare(attr, i);
        if (rc == 0)
            rc = pthread_create(&handle, &attr, teamThreadMain, &state);
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
