#include "eventloop.h"

#include "canceltoken.h"
#include "monotonicclock.h"
#include "oserror.h"
#include "workload.h"

#include <algorithm>
#include <asio/io_context.hpp>
#include <asio/posix/stream_descriptor.hpp>
#include <asio/steady_timer.hpp>
#include <cerrno>
#include <chrono>
#include <deque>
#include <limits>
#include <new>
#include <sys/resource.h>
#include <system_error>
#include <unordered_map>
#include <vector>

namespace {
constexpr int64_t NoDeadline = std::numeric_limits<int64_t>::max();
// While it starts a large batch, the loop handles what became ready every so many starts: the first tasks' connections
// are answered and their requests sent while the last ones still start, rather than after.
constexpr uint32_t StartsBetweenPolls = 64;
// Where the OS gives the loop no cancel descriptor (CancelToken::eventFd()), how often it looks at the token instead.
constexpr auto CancelPollInterval = std::chrono::milliseconds(10);

// A task's deadline as the loop holds it. `generation` is the task's when the deadline was set: a task resumed for
// another reason since (its descriptor, with a deadline as its timeout) has moved on, and the entry is stale.
struct PendingDeadline
{
    int64_t deadlineNs;
    uint32_t task;
    uint32_t generation;
};

// The earliest of many deadlines. Tasks of one duration started one after another set their deadlines in order, so a
// deadline no earlier than the latest one joins the end of a FIFO in O(1), as Node.js's timer lists; any other goes to
// a binary heap. The earliest is at the front of one or the other.
class DeadlineQueue
{
public:
    bool empty() const { return m_inOrder.empty() && m_heap.empty(); }

    void push(const PendingDeadline& entry)
    {
        if (m_inOrder.empty() || entry.deadlineNs >= m_inOrder.back().deadlineNs) {
            m_inOrder.push_back(entry);
        } else {
            m_heap.push_back(entry);
            std::push_heap(m_heap.begin(), m_heap.end(), later);
        }
    }

    const PendingDeadline& top() const { return fromHeap() ? m_heap.front() : m_inOrder.front(); }

    void pop()
    {
        if (fromHeap()) {
            std::pop_heap(m_heap.begin(), m_heap.end(), later);
            m_heap.pop_back();
        } else {
            m_inOrder.pop_front();
        }
    }

private:
    static bool later(const PendingDeadline& a, const PendingDeadline& b) { return a.deadlineNs > b.deadlineNs; }
    bool fromHeap() const
    {
        return m_inOrder.empty() || (!m_heap.empty() && m_heap.front().deadlineNs < m_inOrder.front().deadlineNs);
    }

    std::deque<PendingDeadline> m_inOrder;
    std::vector<PendingDeadline> m_heap;
};

std::string loopRefusal(const std::system_error& error)
{
    const int code = error.code().value();
    if (code == EMFILE) {
        return "open-file limit: the OS refused the event loop a descriptor (EMFILE, "
            + softLimitText(RLIMIT_NOFILE, "ulimit -n") + ")";
    }
    return std::string("the OS refused the event loop: ") + errnoDescription(code);
}

class EventLoop
{
public:
    EventLoop(int firstTask, int taskCount, const Workload& workload, CancelToken& stop, TaskRecord* records,
        const TaskDoneHook& onTaskDone)
        : m_firstTask(firstTask)
        , m_workload(workload)
        , m_stop(stop)
        , m_records(records)
        , m_onTaskDone(onTaskDone)
        , m_tasks(size_t(taskCount))
        , m_generation(size_t(taskCount), 0)
    { }

    ~EventLoop()
    {
        // The descriptors belong to the tasks and the cancel token: the loop stops watching them but never closes
        // them (an asio descriptor closes what it holds when destroyed).
        for (auto& watch : m_watches)
            watch.second.release();
        m_cancelWatch.release();
    }

    EventLoop(const EventLoop&) = delete;
    EventLoop& operator=(const EventLoop&) = delete;

    void run(EventLoopOutcome& outcome)
    {
        m_tid = currentThreadId();
        watchCancel();
        startAll();
        while (m_unfinished > 0) {
            if (m_stop.isCancelled()) {
                cancelAll();
                break;
            }
            // Every unfinished task waits for a deadline (the timer is set) or a descriptor, and the cancel watch is
            // always there: run_one() returns after one handler.
            if (m_io.run_one() == 0 && m_unfinished > 0 && !m_failure.happened()) {
                // Cannot happen while every wait has its handler pending; should it, the run ends rather than hangs.
                m_failure = { m_firstTask, false, "the event loop lost track of a task's wait" };
                m_stop.cancel();
            }
        }
        outcome.taskFailure = m_failure;
        outcome.peakPending = m_peakPending;
    }

private:
    void watchCancel()
    {
        const int fd = m_stop.eventFd();
        asio::error_code error;
        if (fd >= 0)
            m_cancelWatch.assign(fd, error);
        if (fd >= 0 && !error) {
            // The handler has nothing to do: run_one() returns, and run() sees the token.
            m_cancelWatch.async_wait(asio::posix::descriptor_base::wait_read, [](const asio::error_code&) {});
            return;
        }
        pollCancel();
    }

    void pollCancel()
    {
        m_cancelPoll.expires_after(CancelPollInterval);
        // Again and again for as long as the loop runs, even when no task is pending for a moment (between starts):
        // the poll is then the work that keeps the io_context from stopping.
        m_cancelPoll.async_wait([this](const asio::error_code& error) {
            if (!error)
                pollCancel();
        });
    }

    void startAll()
    {
        for (uint32_t i = 0; i < m_tasks.size(); ++i) {
            if (m_stop.isCancelled())
                return;
            m_records[i].startNs = monotonicNowNs();
            m_tasks[i] = m_workload.startTask(m_firstTask + int(i));
            ++m_unfinished;
            m_peakPending = std::max(m_peakPending, m_unfinished);
            follow(i, m_tasks[i]->resume(m_stop));
            if (i % StartsBetweenPolls == StartsBetweenPolls - 1)
                m_io.poll();
        }
    }

    void resumeTask(uint32_t task)
    {
        // The other half of a wait with a timeout (its deadline, or its descriptor) is stale from here on.
        ++m_generation[task];
        unwatch(task);
        follow(task, m_tasks[task]->resume(m_stop));
    }

    void follow(uint32_t task, const TaskWait& wait)
    {
        switch (wait.what) {
        case TaskWait::For::Deadline:
            pushDeadline(task, wait.deadlineNs);
            return;
        case TaskWait::For::Readable:
        case TaskWait::For::Writable:
        case TaskWait::For::ChildExit:
            watch(task, wait);
            return;
        case TaskWait::For::Done:
        case TaskWait::For::Cancelled:
        case TaskWait::For::Failed:
        case TaskWait::For::Refused:
            finish(task, wait);
            return;
        }
    }

    void finish(uint32_t task, const TaskWait& wait)
    {
        TaskRecord& record = m_records[task];
        if (wait.what == TaskWait::For::Done) {
            record.endNs = monotonicNowNs();
            m_lastEndNs = record.endNs;
            record.task = m_firstTask + int(task);
            record.tid = m_tid;
            if (m_onTaskDone)
                m_onTaskDone(record);
        } else if ((wait.what == TaskWait::For::Failed || wait.what == TaskWait::For::Refused)
            && !m_failure.happened()) {
            m_failure = { m_firstTask + int(task), wait.what == TaskWait::For::Refused, wait.message };
            m_stop.cancel(); // the batch stops here, as a thread team's does
        }
        ++m_generation[task];
        m_tasks[task].reset();
        --m_unfinished;
    }

    void watch(uint32_t task, const TaskWait& wait)
    {
        auto& descriptor = m_watches.try_emplace(task, m_io).first->second;
        asio::error_code error;
        descriptor.assign(wait.fd, error);
        if (error) {
            // epoll refused the descriptor: out of memory, or fs.epoll.max_user_watches reached.
            m_watches.erase(task);
            finish(task,
                TaskWait::refused("the event loop could not watch descriptor " + std::to_string(wait.fd) + ": "
                    + errnoDescription(error.value())));
            return;
        }
        const uint32_t generation = m_generation[task];
        const auto kind = wait.what == TaskWait::For::Writable ? asio::posix::descriptor_base::wait_write
                                                               : asio::posix::descriptor_base::wait_read;
        descriptor.async_wait(kind, [this, task, generation](const asio::error_code& waitError) {
            if (waitError == asio::error::operation_aborted || m_generation[task] != generation)
                return;
            if (!waitError) {
                resumeTask(task);
                return;
            }
            // epoll cannot wait for this descriptor (a regular file, EPERM): resuming would only be asked to wait again.
            ++m_generation[task];
            unwatch(task);
            finish(task, TaskWait::failed("the event loop cannot wait for this descriptor: " + waitError.message()));
        });
        if (wait.deadlineNs > 0)
            pushDeadline(task, wait.deadlineNs);
    }

    void unwatch(uint32_t task)
    {
        if (m_watches.empty())
            return;
        const auto found = m_watches.find(task);
        if (found == m_watches.end())
            return;
        found->second.release(); // its wait's handler runs with operation_aborted, and finds nothing to do
        m_watches.erase(found);
    }

    void pushDeadline(uint32_t task, int64_t deadlineNs)
    {
        m_deadlines.push({ deadlineNs, task, m_generation[task] });
        if (deadlineNs < m_armedNs)
            armTimer(deadlineNs);
    }

    bool stale(const PendingDeadline& entry) const { return m_generation[entry.task] != entry.generation; }

    // One timer, set to the earliest deadline. Setting it again cancels its pending wait, whose handler then sees
    // another arming.
    void armTimer(int64_t deadlineNs)
    {
        m_armedNs = deadlineNs;
        const uint64_t arming = ++m_arming;
        m_timer.expires_at(std::chrono::steady_clock::time_point(std::chrono::nanoseconds(deadlineNs)));
        m_timer.async_wait([this, arming](const asio::error_code& error) {
            if (error || arming != m_arming)
                return;
            m_armedNs = NoDeadline;
            expireDeadlines();
        });
    }

    void expireDeadlines()
    {
        int64_t now = monotonicNowNs();
        while (!m_deadlines.empty() && !m_stop.isCancelled()) {
            const PendingDeadline next = m_deadlines.top();
            if (next.deadlineNs > now) {
                // Resuming many tasks takes a while: deadlines that passed meanwhile are due too. The last task's end
                // is a recent reading of the clock; only when it is not late enough is the clock read again (a
                // million readings cost about 50 ms here).
                now = std::max(now, m_lastEndNs);
                if (next.deadlineNs > now)
                    now = monotonicNowNs();
                if (next.deadlineNs > now)
                    break;
            }
            m_deadlines.pop();
            if (!stale(next))
                resumeTask(next.task);
        }
        while (!m_deadlines.empty() && stale(m_deadlines.top()))
            m_deadlines.pop();
        if (!m_deadlines.empty() && m_deadlines.top().deadlineNs < m_armedNs)
            armTimer(m_deadlines.top().deadlineNs);
    }

    // Every unfinished task sees the cancel in a last resume() and is destroyed, releasing what it holds.
    void cancelAll()
    {
        for (uint32_t task = 0; task < m_tasks.size() && m_unfinished > 0; ++task) {
            if (!m_tasks[task])
                continue;
            unwatch(task);
            const TaskWait wait = m_tasks[task]->resume(m_stop);
            finish(task, wait.finished() ? wait : TaskWait::cancelled());
        }
    }

    const int m_firstTask;
    const Workload& m_workload;
    CancelToken& m_stop;
    TaskRecord* const m_records;
    const TaskDoneHook& m_onTaskDone;

    // Only the loop's thread ever touches the io_context (a cancel from another thread writes the token's eventfd,
    // which the loop watches like any descriptor): Asio may leave out the locking of its scheduler and reactor.
    asio::io_context m_io { ASIO_CONCURRENCY_HINT_UNSAFE };
    asio::steady_timer m_timer { m_io };
    asio::steady_timer m_cancelPoll { m_io };
    asio::posix::stream_descriptor m_cancelWatch { m_io };
    int64_t m_armedNs = NoDeadline;
    uint64_t m_arming = 0;
    DeadlineQueue m_deadlines;
    std::vector<std::unique_ptr<ResumableTask>> m_tasks; // null once finished
    std::vector<uint32_t> m_generation;
    std::unordered_map<uint32_t, asio::posix::stream_descriptor> m_watches; // the tasks waiting for a descriptor
    int64_t m_unfinished = 0;
    int64_t m_peakPending = 0;
    int64_t m_lastEndNs = 0;
    int64_t m_tid = 0;
    TaskFailure m_failure;
};
} // namespace

int eventLoopIoThreads(WorkloadKind workload, int taskCount)
{
    const WorkloadDescription* description = findWorkload(workload);
    if (!description || !description->blocksInSystemCalls)
        return 0;
    return std::clamp(taskCount, 1, EventLoopIoThreads);
}

std::string EventLoopOutcome::describeRefusal() const
{
    return !refusal.empty() ? refusal : ioPool.describeRefusal();
}

EventLoopOutcome runEventLoop(int firstTask, int taskCount, const Workload& workload, int ioThreads, CancelToken& stop,
    TaskRecord* records, const TaskDoneHook& onTaskDone)
{
    EventLoopOutcome outcome;
    if (taskCount <= 0)
        return outcome;
    if (ioThreads > 0) {
        // The tasks have nothing a loop could wait for: the calling thread only waits for the pool, which runs them
        // a few at a time.
        outcome.ioPool = runThreadTeam(ioThreads, firstTask, taskCount, workload, stop, records, onTaskDone);
        outcome.taskFailure = outcome.ioPool.taskFailure;
        outcome.peakPending = outcome.ioPool.threadsStarted;
        return outcome;
    }
    // Creating the loop asks the OS for its epoll, timer and wake-up descriptors: an exception there is a refusal.
    std::unique_ptr<EventLoop> loop;
    try {
        loop = std::make_unique<EventLoop>(firstTask, taskCount, workload, stop, records, onTaskDone);
    } catch (const std::system_error& error) {
        outcome.refusal = loopRefusal(error);
        return outcome;
    } catch (const std::bad_alloc&) {
        outcome.refusal = "memory limit: the event loop could not hold " + std::to_string(taskCount) + " tasks";
        return outcome;
    }
    // Anything thrown while it runs (out of memory in a task, a failed epoll_wait) ends the run as failed; destroying
    // the loop releases every task it still holds.
    try {
        loop->run(outcome);
    } catch (const std::exception& error) {
        stop.cancel();
        outcome.taskFailure = { firstTask, false, std::string("the event loop failed: ") + error.what() };
    }
    return outcome;
}
