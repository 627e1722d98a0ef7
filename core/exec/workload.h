#pragma once

#include "kinds.h"

#include <cstdint>
#include <memory>
#include <span>
#include <string_view>

class CancelToken;

// What a task waits for next, as a resumable task (ResumableTask) returns it. A task that is not finished names one
// thing to wait for; its event loop calls resume() again once it happened (or at once, if it already has).
struct TaskWait
{
    enum class For
    {
        Done, // finished; resume() is not called again
        Cancelled, // stopped by the cancel token before it finished
        Failed, // could not finish (an error from the OS, a dead child)
        Deadline, // CLOCK_MONOTONIC reaching deadlineNs (monotonicNowNs())
        Readable, // fd becoming readable
        Writable, // fd becoming writable
        ChildExit, // a child process ending: fd is its pidfd, readable once it has exited
    };
    For what = For::Done;
    int64_t deadlineNs = 0; // Deadline: when to resume; with an fd: a timeout as well (0: none)
    int fd = -1; // Readable, Writable, ChildExit

    bool finished() const { return what == For::Done || what == For::Cancelled || what == For::Failed; }

    static TaskWait done() { return {}; }
    static TaskWait cancelled() { return { For::Cancelled }; }
    static TaskWait until(int64_t deadlineNs) { return { For::Deadline, deadlineNs }; }
};

// A task in the form an event loop (Asio, io_uring, epoll, poll) drives on one thread: a small state machine that never
// waits. resume() does what can be done now and returns what the task waits for next, or how it ended; the loop waits
// for that (with everything else it drives) and calls resume() again. The first resume() starts the task. resume()
// looks at `cancel` and returns Cancelled once it is set; the loop resumes every unfinished task after a cancel.
// Destroying an unfinished task releases what it holds (closes its descriptors, kills and reaps its child).
class ResumableTask
{
public:
    virtual ~ResumableTask() = default;
    virtual TaskWait resume(const CancelToken& cancel) = 0;
};

// What one task does. Small on purpose: a file, network or async workload is one more subclass. runTask() is called
// concurrently from many threads and must not touch shared state.
class Workload
{
public:
    virtual ~Workload() = default;

    // Runs task number `task`; returns false if `cancel` stopped it before it finished.
    virtual bool runTask(int task, const CancelToken& cancel) const = 0;

    // Task number `task` as a resumable task, for an event loop. This default runs the whole task in its first
    // resume(): correct, but it blocks the loop for the task's length. A workload that waits (a timer, a socket, a
    // child) overrides it so that the loop never blocks.
    virtual std::unique_ptr<ResumableTask> startTask(int task) const;
};

// What a workload reads beyond its kind: the task duration, and for a computing workload the calibration.
struct WorkloadSettings
{
    int taskMs = 0;
    int64_t cpuIterationsPerMs = 1; // from calibrateCpuIterationsPerMs(); ignored unless readsCpuCalibration
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
    bool readsCpuCalibration; // the run needs the CPU calibration, and fails if it is implausible
    bool computes; // a task occupies a core: no more than `cores` run at once (the ideal bound's floor)
    std::unique_ptr<Workload> (*make)(const WorkloadSettings& settings);
};

// Every workload, in the order lists show them.
std::span<const WorkloadDescription* const> allWorkloads();
// The description of `kind`, or nullptr for WorkloadKind::Unknown; the one named exactly `name`, or nullptr.
const WorkloadDescription* findWorkload(WorkloadKind kind);
const WorkloadDescription* findWorkload(std::string_view name);

// nullptr for WorkloadKind::Unknown. cpuIterationsPerMs comes from calibrateCpuIterationsPerMs().
std::unique_ptr<Workload> makeWorkload(WorkloadKind kind, int taskMs, int64_t cpuIterationsPerMs);

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

// How many cpuSpin() iterations take one millisecond on one core of this machine (the fastest of several timed
// rounds, so a busy moment during calibration does not inflate every later task). Takes about 150 ms.
int64_t calibrateCpuIterationsPerMs();
