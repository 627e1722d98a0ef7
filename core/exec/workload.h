#pragma once

#include "kinds.h"

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

class CancelToken;

// How a task ended.
enum class TaskEnd : uint8_t
{
    Done,
    Cancelled, // stopped by the cancel token before it finished
    Failed, // could not finish: an error from the OS, the user's command exiting non-zero, data read back wrong
    Refused, // the OS refused a resource the task needs (a file descriptor, a process); the message names the limit
};

// A task's end as runTask() returns it. The message says what went wrong (Failed, Refused) in words a user can act on:
// "exit code 3; last line of stderr: \"no such host\"", "open-file limit: the OS refused a descriptor (EMFILE, ulimit
// -n 1024)". It names neither the task nor the worker: the engine adds those.
struct TaskOutcome
{
    TaskEnd end = TaskEnd::Done;
    std::string message;

    bool isDone() const { return end == TaskEnd::Done; }
    static TaskOutcome done() { return {}; }
    static TaskOutcome cancelled() { return { TaskEnd::Cancelled, {} }; }
    static TaskOutcome failed(std::string message) { return { TaskEnd::Failed, std::move(message) }; }
    static TaskOutcome refused(std::string message) { return { TaskEnd::Refused, std::move(message) }; }
};

// What a task waits for next, as a resumable task (ResumableTask) returns it. A task that is not finished names one
// thing to wait for; its event loop calls resume() again once it happened (or at once, if it already has).
struct TaskWait
{
    enum class For
    {
        Done, // finished; resume() is not called again
        Cancelled, // stopped by the cancel token before it finished
        Failed, // could not finish (an error from the OS, a command that failed); message says why
        Refused, // the OS refused what the task needs (a descriptor, a process); message names the limit
        Deadline, // CLOCK_MONOTONIC reaching deadlineNs (monotonicNowNs())
        Readable, // fd becoming readable
        Writable, // fd becoming writable
        ChildExit, // a child process ending: fd is its pidfd, readable once it has exited
    };
    For what = For::Done;
    int64_t deadlineNs = 0; // Deadline: when to resume; with an fd: a timeout as well (0: none)
    int fd = -1; // Readable, Writable, ChildExit
    std::string message; // Failed, Refused

    bool finished() const
    {
        return what == For::Done || what == For::Cancelled || what == For::Failed || what == For::Refused;
    }

    static TaskWait done() { return {}; }
    static TaskWait cancelled() { return { For::Cancelled, 0, -1, {} }; }
    static TaskWait failed(std::string message) { return { For::Failed, 0, -1, std::move(message) }; }
    static TaskWait refused(std::string message) { return { For::Refused, 0, -1, std::move(message) }; }
    static TaskWait until(int64_t deadlineNs) { return { For::Deadline, deadlineNs, -1, {} }; }
    static TaskWait readable(int fd, int64_t deadlineNs = 0) { return { For::Readable, deadlineNs, fd, {} }; }
    static TaskWait writable(int fd, int64_t deadlineNs = 0) { return { For::Writable, deadlineNs, fd, {} }; }
    static TaskWait childExit(int pidfd, int64_t deadlineNs = 0) { return { For::ChildExit, deadlineNs, pidfd, {} }; }
    // The end a finished wait stands for.
    TaskOutcome outcome() const;
};

// A task in the form an event loop (Asio, io_uring, epoll, poll) drives on one thread: a small state machine that never
// waits. resume() does what can be done now and returns what the task waits for next, or how it ended; the loop waits
// for that (with everything else it drives) and calls resume() again. The first resume() starts the task. resume() may
// be called when nothing happened (a wake-up for another reason, a deadline reached early): it then returns the same
// wait again. resume() looks at `cancel` and returns Cancelled once it is set; the loop resumes every unfinished task
// after a cancel. Destroying an unfinished task releases what it holds (closes its descriptors, kills and reaps its
// child, removes its file).
class ResumableTask
{
public:
    virtual ~ResumableTask() = default;
    virtual TaskWait resume(const CancelToken& cancel) = 0;
};

// Drives a resumable task to its end on the calling thread, blocking in poll() (descriptors) or on the cancel token
// (deadlines) between its steps: the blocking form of every workload that has a resumable one. A cancel wakes it at
// once (the token's eventfd is among the polled descriptors).
TaskOutcome runToEnd(ResumableTask& task, const CancelToken& cancel);

// What one task does. Small on purpose: a new workload is one more subclass. runTask() and startTask() are called
// concurrently from many threads and must not touch shared state.
class Workload
{
public:
    virtual ~Workload() = default;

    // Runs task number `task` on the calling thread. The default drives startTask() with runToEnd(); a workload whose
    // blocking form is simpler or cheaper (a futex sleep, a computation) overrides it.
    virtual TaskOutcome runTask(int task, const CancelToken& cancel) const;

    // Task number `task` as a resumable task, for an event loop. This default runs the whole task in its first
    // resume(): correct, but it blocks the loop for the task's length. A workload that waits (a timer, a socket, a
    // child) overrides it so that the loop never blocks. A workload overrides at least one of the two.
    virtual std::unique_ptr<ResumableTask> startTask(int task) const;

    // The processes its tasks have started so far in this process (the command workload's children), for the run's
    // count of processes created.
    virtual int64_t processesStarted() const { return 0; }
};

// The settings a workload may read beyond the task duration. Each is one command-line option, one conlab-worker
// argument and one result-file field, all of the name workloadOptionName() gives; a workload's description says which
// it reads, and a run keeps only those.
enum class WorkloadOption : uint32_t
{
    CpuMs = 1u << 0, // --cpu-ms: the computing part of a task that computes, then waits
    Bytes = 1u << 1, // --bytes: what a file task writes and reads back
    Fsync = 1u << 2, // --fsync: a file task flushes its file to the disk before reading it back
    Dir = 1u << 3, // --dir: where file tasks put their files
    Command = 1u << 4, // --command: the user's command, {} standing for the task number
    Shell = 1u << 5, // --shell: the command runs through /bin/sh -c
    InterpreterLock = 1u << 6, // --interpreter-lock: the computing part holds a process-wide lock, as CPython's GIL
};
constexpr uint32_t operator|(WorkloadOption a, WorkloadOption b)
{
    return uint32_t(a) | uint32_t(b);
}
constexpr uint32_t operator|(uint32_t a, WorkloadOption b)
{
    return a | uint32_t(b);
}

struct WorkloadOptionDescription
{
    WorkloadOption option;
    std::string_view name; // "cpu-ms": --cpu-ms on the command line and to conlab-worker, cpu_ms in result files
    bool isFlag; // takes no value
    std::string_view help; // one sentence, without the final full stop
};
std::span<const WorkloadOptionDescription> allWorkloadOptions();

constexpr int64_t DefaultFileBytes = int64_t(1) << 20;
constexpr int64_t MaxFileBytes = int64_t(1) << 32; // 4 GiB per task: beyond that a typo, not a measurement

// What a workload reads: the task duration, the CPU calibration and the options its description names.
struct WorkloadSettings
{
    int taskMs = 0;
    int64_t cpuIterationsPerMs = 1; // from calibrateCpuIterationsPerMs(); ignored unless readsCpuCalibration
    int cpuMs = 0;
    int64_t bytes = DefaultFileBytes;
    bool fsync = false;
    std::string dir; // empty: the system's temporary directory ($TMPDIR or /tmp)
    std::string command;
    bool shell = false;
    bool interpreterLock = false;
    int serverPort = 0; // net: the latency server the engine started for the sweep, on 127.0.0.1
    bool inWorkerProcess = false; // runs in conlab-worker, whose process group the engine kills on a cancel

    bool operator==(const WorkloadSettings&) const = default;
};

// A workload, described once: every list of workloads (the command line's help and validation, the app's choices,
// result-file names, conlab-worker's arguments) reads these. One file per workload under workloads/ defines its
// description; allWorkloads() in workload.cpp registers it.
struct WorkloadDescription
{
    WorkloadKind kind;
    std::string_view name; // in result files, on the command line and to conlab-worker
    std::string_view label; // a few words: "sleep (simulated I/O)"
    std::string_view help; // one sentence fragment: "each task waits, like a download or an API call"
    bool readsTaskMs; // the task duration is what a task waits or computes; otherwise the task takes what it takes
    bool readsCpuCalibration; // the run needs the CPU calibration, and fails if it is implausible
    bool computes; // a task occupies a core: no more than `cores` run at once (the ideal bound's floor)
    bool needsLatencyServer; // the engine starts the latency server for a sweep of it
    int descriptorsPerTask; // file descriptors a running task holds: the open-file limit must allow them all
    // Its tasks block in system calls that no readiness event announces (regular files, which epoll reports always
    // ready): an event loop runs them on its small I/O pool (eventloop.h), as libuv does, rather than on its thread.
    bool blocksInSystemCalls;
    // The row of the article's decision table its tasks belong to: "CPU", "IO", or empty for neither (a mix).
    std::string_view articleBottleneck;
    uint32_t options; // the WorkloadOption bits it reads
    std::unique_ptr<Workload> (*make)(const WorkloadSettings& settings);

    bool reads(WorkloadOption option) const { return (options & uint32_t(option)) != 0; }
};

// Every workload, in the order lists show them.
std::span<const WorkloadDescription* const> allWorkloads();
// The description of `kind`, or nullptr for WorkloadKind::Unknown; the one named exactly `name`, or nullptr.
const WorkloadDescription* findWorkload(WorkloadKind kind);
const WorkloadDescription* findWorkload(std::string_view name);

// nullptr for WorkloadKind::Unknown. settings.cpuIterationsPerMs comes from calibrateCpuIterationsPerMs().
std::unique_ptr<Workload> makeWorkload(WorkloadKind kind, const WorkloadSettings& settings);

// The settings as conlab-worker's arguments after the workload's name: "--task-ms 100 --cpu-iterations 120000
// --bytes 1048576 ..." (only what the workload reads), and back. parseWorkerArguments() returns an error naming the
// argument that is wrong, or an empty string.
std::vector<std::string> workerArguments(const WorkloadDescription& workload, const WorkloadSettings& settings);
std::string parseWorkerArguments(
    const WorkloadDescription& workload, std::span<const char* const> arguments, WorkloadSettings& settings);

// The range a calibration must fall in to be believed: the inner loop is a chain of seven dependent operations, so
// even a 5 GHz core runs under 1,000,000 iterations per ms; the upper bound leaves a factor of 50 above that, the lower
// one a factor of 80 below the 2-core VM this was measured on (79,000 to 209,000 by its load; `conlab calibrate`).
constexpr int64_t MinPlausibleCpuIterationsPerMs = 1'000;
constexpr int64_t MaxPlausibleCpuIterationsPerMs = 50'000'000;
constexpr bool isPlausibleCpuCalibration(int64_t iterationsPerMs)
{
    return iterationsPerMs >= MinPlausibleCpuIterationsPerMs && iterationsPerMs <= MaxPlausibleCpuIterationsPerMs;
}

// The CPU workload's inner loop: `iterations` rounds of a 64-bit mixing function the compiler cannot fold away.
uint64_t cpuSpin(uint64_t iterations, uint64_t seed);

// The iterations of `ms` milliseconds at `iterationsPerMs` (saturating).
uint64_t cpuIterationsFor(int ms, int64_t iterationsPerMs);

// Computes `iterations` of cpuSpin() in slices, looking at `cancel` between them; under the interpreter lock
// (InterpreterLock) when `interpreterLock`, handing it over when another thread has waited a switch interval. Returns
// false if cancelled first. The computing part of the cpu and mixed workloads.
bool computeIterations(uint64_t iterations, uint64_t seed, const CancelToken& cancel, bool interpreterLock);

// How many cpuSpin() iterations take one millisecond of one core's time on this machine: the slowest of several rounds
// timed by the thread's CPU clock, so that neither a busy moment nor a machine busy throughout (which stretches every
// wall-clock round) makes a task shorter than it claims. Takes about 150 ms of CPU.
int64_t calibrateCpuIterationsPerMs();
