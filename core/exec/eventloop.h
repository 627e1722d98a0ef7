#pragma once

#include "kinds.h"
#include "threadteam.h"

#include <cstdint>
#include <string>

class CancelToken;
class Workload;

// The threads of an event loop's I/O pool, which runs the tasks that block in system calls no readiness event
// announces (regular files: epoll reports them always ready, so a loop cannot wait for them). Four, as libuv's default
// (UV_THREADPOOL_SIZE), which Node.js runs its file system calls on.
constexpr int EventLoopIoThreads = 4;

struct EventLoopOutcome
{
    TaskFailure taskFailure; // the first task that failed or was refused, which stopped the loop
    ThreadTeamOutcome ioPool; // the I/O pool, when the tasks ran on it: its threads, and a refused thread
    std::string refusal; // the OS refused the loop itself a descriptor (its epoll, timer or wake-up descriptor)
    int64_t peakPending = 0; // the most tasks started and unfinished at once (with an I/O pool: its threads)

    bool refused() const { return !refusal.empty() || ioPool.refused(); }
    // "open-file limit: ...", "the OS refused thread 3 of 4 ...".
    std::string describeRefusal() const;
};

// Runs tasks [firstTask, firstTask + taskCount) on one event loop on the calling thread, with no thread per task:
// every task is started at once (as asyncio.gather or Promise.all would), each as the workload's ResumableTask, and
// the loop waits for all their deadlines and descriptors together. Asio drives the waits: its reactor (epoll) watches
// the descriptors the tasks name, and one of its timers (a timerfd) is set to the earliest deadline. The deadlines
// themselves are held in a queue of the loop's own, which takes a deadline later than every other in O(1), as Node.js
// keeps the timers of one duration in one list: a timer object per task would cost a million allocations at a million
// tasks.
//
// A task that computes blocks the loop for as long as it computes, as it would block any event loop. With `ioThreads`
// above 0 the tasks run instead on a pool of that many threads (EventLoopIoThreads at most, eventLoopIoThreads()), as
// libuv runs file system calls; the calling thread then only waits for the pool, and a cancel or a failing task
// stops it as it stops a thread team.
//
// records must hold taskCount entries, entry i belonging to task firstTask + i; a task that finished gets its start
// (its first resume()), its end (the resume() that returned done) and the thread that ran it. A cancel of `stop`, or a
// task that fails or is refused (which cancels `stop`), ends every unfinished task at once: each is resumed to see the
// cancel and destroyed, which releases what it holds. onTaskDone is called on the loop's thread (the I/O pool's
// threads, with an I/O pool) as each task finishes. Never throws.
EventLoopOutcome runEventLoop(int firstTask, int taskCount, const Workload& workload, int ioThreads, CancelToken& stop,
    TaskRecord* records, const TaskDoneHook& onTaskDone = {});

// The I/O pool a loop of `taskCount` tasks of `workload` runs them on: none (0) unless its tasks block in system calls
// (WorkloadDescription::blocksInSystemCalls), else EventLoopIoThreads threads, or one per task if there are fewer.
int eventLoopIoThreads(WorkloadKind workload, int taskCount);
