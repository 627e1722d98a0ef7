// The sleep workload: simulated I/O. A task waits task_ms milliseconds, as a download or an API call would.

#include "canceltoken.h"
#include "monotonicclock.h"
#include "workload.h"

namespace {
// Waits for its deadline in an event loop, without a thread of its own: the deadline is set by the first resume().
class SleepTask final : public ResumableTask
{
public:
    explicit SleepTask(int64_t taskNs)
        : m_taskNs(taskNs)
    { }

    TaskWait resume(const CancelToken& cancel) override
    {
        if (cancel.isCancelled())
            return TaskWait::cancelled();
        const int64_t now = monotonicNowNs();
        if (m_deadlineNs < 0)
            m_deadlineNs = now + m_taskNs;
        return now >= m_deadlineNs ? TaskWait::done() : TaskWait::until(m_deadlineNs);
    }

private:
    int64_t m_taskNs;
    int64_t m_deadlineNs = -1;
};

class SleepWorkload final : public Workload
{
public:
    explicit SleepWorkload(int taskMs)
        : m_taskNs(int64_t(taskMs) * 1'000'000)
    { }

    TaskOutcome runTask(int /*task*/, const CancelToken& cancel) const override
    {
        return cancel.sleepUntil(monotonicNowNs() + m_taskNs) ? TaskOutcome::done() : TaskOutcome::cancelled();
    }

    std::unique_ptr<ResumableTask> startTask(int /*task*/) const override
    {
        return std::make_unique<SleepTask>(m_taskNs);
    }

private:
    int64_t m_taskNs;
};
} // namespace

extern const WorkloadDescription sleepWorkload {
    .kind = WorkloadKind::Sleep,
    .name = "sleep",
    .label = "simulated I/O",
    .help = "each task waits, like a download or an API call",
    .readsTaskMs = true,
    .readsCpuCalibration = false,
    .computes = false,
    .needsLatencyServer = false,
    .descriptorsPerTask = 0,
    .blocksInSystemCalls = false,
    .articleBottleneck = "IO",
    .options = 0,
    .make = [](const WorkloadSettings& settings) -> std::unique_ptr<Workload> {
        return std::make_unique<SleepWorkload>(settings.taskMs);
    },
};
