#pragma once

#include <cstdint>
#include <functional>
#include <string>

class CancelToken;
class Workload;

// One task as a worker saw it. The parent turns these into TaskTrace values.
struct TaskRecord
{
    int task = -1; // -1: the task never ran (cancelled or refused before it started)
    int64_t tid = 0;
    int64_t startNs = 0;
    int64_t endNs = 0;
};

// The first task of a batch that failed or was refused: the batch stops there (the other tasks are cancelled) and the
// run ends with its status, naming the task.
struct TaskFailure
{
    int task = -1; // -1: no task failed
    bool refused = false; // the OS refused what the task needed (TaskEnd::Refused); otherwise it failed
    std::string message; // TaskOutcome::message

    bool happened() const { return task >= 0; }
    // "task 7: exit code 3; last line of stderr: \"...\"".
    std::string describe() const;
};

struct ThreadTeamOutcome
{
    enum class Step
    {
        MapStacks,
        GuardStack,
        CreateThread
    };

    int threadsStarted = 0;
    int threadsRequested = 0;
    int createError = 0; // errno of the step that failed, 0 if every thread started
    Step failedStep = Step::CreateThread;
    int64_t poolReadyNs = 0; // when the last thread had been created: with more threads than tasks, after the last task
    TaskFailure taskFailure; // the first task that failed or was refused, which stopped the team
    bool refused() const { return createError != 0; }
    // What was refused, in words: "the OS refused thread 98 of 400" and the like.
    std::string describeRefusal() const;
};

// Called on the task's own thread as each task finishes; must be thread-safe.
using TaskDoneHook = std::function<void(const TaskRecord&)>;

// Runs tasks [firstTask, firstTask + taskCount) on `threads` OS threads that each take the next task from a shared
// counter, and joins them all before returning. Thread creation is part of the work, as it is for a Python
// ThreadPool. If the OS refuses a thread, or a task fails or is refused, `stop` is cancelled so the threads already
// running end at once, they are joined, and the outcome says at which count the refusal came, or which task failed; no
// thread is ever left behind.
// records must hold taskCount entries; entry i belongs to task firstTask + i.
// Threads get 256 KiB stacks with a guard page; teams of up to 4,096 threads reuse the stacks of the previous team.
ThreadTeamOutcome runThreadTeam(int threads, int firstTask, int taskCount, const Workload& workload, CancelToken& stop,
    TaskRecord* records, const TaskDoneHook& onTaskDone = {});

// Runs the tasks one after another on the calling thread, up to the first that fails or is refused.
TaskFailure runTasksInline(
    int firstTask, int taskCount, const Workload& workload, const CancelToken& stop, TaskRecord* records);

int64_t currentThreadId();
