// The mixed workload: each task computes for --cpu-ms, then waits --task-ms, as a download that is then parsed, or
// a request whose answer is computed on.

#include "canceltoken.h"
#include "monotonicclock.h"
#include "workload.h"

namespace {
// The computing part runs in the first resume(), blocking the loop that long as any computation on an event loop
// does; the wait is a deadline the loop holds without a thread.
class MixedTask final : public ResumableTask
{
public:
    MixedTask(uint64_t iterations, int64_t waitNs, uint64_t seed, bool interpreterLock)
        : m_iterations(iterations)
        , m_waitNs(waitNs)
        , m_seed(seed)
        , m_interpreterLock(interpreterLock)
    { }

    TaskWait resume(const CancelToken& cancel) override
    {
        if (cancel.isCancelled())
            return TaskWait::cancelled();
        if (m_deadlineNs < 0) {
            if (!computeIterations(m_iterations, m_seed, cancel, m_interpreterLock))
                return TaskWait::cancelled();
            m_deadlineNs = monotonicNowNs() + m_waitNs;
        }
        return monotonicNowNs() >= m_deadlineNs ? TaskWait::done() : TaskWait::until(m_deadlineNs);
    }

private:
    uint64_t m_iterations;
    int64_t m_waitNs;
    uint64_t m_seed;
    bool m_interpreterLock;
    int64_t m_deadlineNs = -1;
};

class MixedWorkload final : public Workload
{
public:
    explicit MixedWorkload(const WorkloadSettings& settings)
        : m_iterations(cpuIterationsFor(settings.cpuMs, settings.cpuIterationsPerMs))
        , m_waitNs(int64_t(settings.taskMs) * 1'000'000)
        , m_interpreterLock(settings.interpreterLock)
    { }

    TaskOutcome runTask(int task, const CancelToken& cancel) const override
    {
        // The lock is released before the wait, as CPython releases the GIL around a blocking call.
        if (!computeIterations(m_iterations, uint64_t(task) + 1, cancel, m_interpreterLock))
            return TaskOutcome::cancelled();
        return cancel.sleepUntil(monotonicNowNs() + m_waitNs) ? TaskOutcome::done() : TaskOutcome::cancelled();
    }

    std::unique_ptr<ResumableTask> startTask(int task) const override
    {
        return std::make_unique<MixedTask>(m_iterations, m_waitNs, uint64_t(task) + 1, m_interpreterLock);
    }

private:
    uint64_t m_iterations;
    int64_t m_waitNs;
    bool m_interpreterLock;
};
} // namespace

extern const WorkloadDescription mixedWorkload {
    .kind = WorkloadKind::Mixed,
    .name = "mixed",
    .label = "computation, then a wait",
    .help = "each task computes for --cpu-ms, then waits the task duration (a download, then parsed)",
    .readsTaskMs = true,
    .readsCpuCalibration = true,
    .computes = false, // only its --cpu-ms part occupies a core; idealSeconds() counts that part alone
    .needsLatencyServer = false,
    .descriptorsPerTask = 0,
    .blocksInSystemCalls = false,
    .articleBottleneck = "",
    .options = WorkloadOption::CpuMs | WorkloadOption::InterpreterLock,
    .make = [](const WorkloadSettings& settings) -> std::unique_ptr<Workload> {
        return std::make_unique<MixedWorkload>(settings);
    },
};
