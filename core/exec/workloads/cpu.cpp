// The cpu workload: a computation calibrated to take about task_ms milliseconds on one core.

#include "canceltoken.h"
#include "interpreterlock.h"
#include "workload.h"

#include <algorithm>
#include <atomic>
#include <ctime>
#include <limits>
#include <optional>

namespace {
// Keeps the result of cpuSpin() observable so the loop is not optimised out.
std::atomic<uint64_t> g_cpuSink { 0 };

// Iterations between two looks at the cancel token: a fixed count, not a share of the calibration, so that a wrong
// calibration cannot make the workload deaf to a cancel. 2^15 iterations take under 0.5 ms on the machine measured
// and stay under 50 ms even on one a hundred times slower.
constexpr uint64_t CpuSliceIterations = uint64_t(1) << 15;

// Its resumable form is the default one: it computes the whole task in one resume(), and blocks the event loop that
// long, as computing on an event loop does.
class CpuWorkload final : public Workload
{
public:
    CpuWorkload(int taskMs, int64_t iterationsPerMs, bool interpreterLock)
        : m_iterations(cpuIterationsFor(taskMs, iterationsPerMs))
        , m_interpreterLock(interpreterLock)
    { }

    TaskOutcome runTask(int task, const CancelToken& cancel) const override
    {
        return computeIterations(m_iterations, uint64_t(task) + 1, cancel, m_interpreterLock)
            ? TaskOutcome::done()
            : TaskOutcome::cancelled();
    }

private:
    uint64_t m_iterations;
    bool m_interpreterLock;
};
} // namespace

uint64_t cpuIterationsFor(int ms, int64_t iterationsPerMs)
{
    const uint64_t wanted = uint64_t(std::max(0, ms));
    const uint64_t perMs = uint64_t(std::max<int64_t>(1, iterationsPerMs));
    // Saturates: 10^15 iterations per ms times a day of milliseconds does not fit in 64 bits.
    return wanted != 0 && perMs > std::numeric_limits<uint64_t>::max() / wanted ? std::numeric_limits<uint64_t>::max()
                                                                                : wanted * perMs;
}

// Works in slices of a fixed number of iterations and looks at the cancel token between them, so it notices a cancel
// within a slice (under 0.5 ms measured here, under 50 ms on a machine a hundred times slower), whatever the
// calibration says (even one far outside the plausible range).
bool computeIterations(uint64_t iterations, uint64_t seed, const CancelToken& cancel, bool interpreterLock)
{
    // Under the lock the whole computation holds it, handing it over between slices when a waiter asks, as CPython's
    // eval loop does between bytecodes; released when the computation ends, before any wait.
    std::optional<InterpreterLockScope> held;
    if (interpreterLock)
        held.emplace();
    uint64_t state = seed;
    for (uint64_t done = 0; done < iterations;) {
        if (cancel.isCancelled())
            return false;
        if (held)
            InterpreterLock::instance().yieldIfRequested();
        const uint64_t slice = std::min(CpuSliceIterations, iterations - done);
        state = cpuSpin(slice, state);
        done += slice;
    }
    g_cpuSink.fetch_xor(state, std::memory_order_relaxed);
    return true;
}

extern const WorkloadDescription cpuWorkload {
    .kind = WorkloadKind::Cpu,
    .name = "cpu",
    .label = "calibrated computation",
    .help = "each task computes for about the task duration on one core",
    .readsTaskMs = true,
    .readsCpuCalibration = true,
    .computes = true,
    .needsLatencyServer = false,
    .descriptorsPerTask = 0,
    .blocksInSystemCalls = false,
    .articleBottleneck = "CPU",
    .options = uint32_t(WorkloadOption::InterpreterLock),
    .make = [](const WorkloadSettings& settings) -> std::unique_ptr<Workload> {
        return std::make_unique<CpuWorkload>(settings.taskMs, settings.cpuIterationsPerMs, settings.interpreterLock);
    },
};

uint64_t cpuSpin(uint64_t iterations, uint64_t seed)
{
    // xorshift64* : a dependent chain of multiply and shifts, one core's worth of work per iteration.
    uint64_t x = seed | 1;
    for (uint64_t i = 0; i < iterations; ++i) {
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        x *= 0x2545F4914F6CDD1DULL;
    }
    return x;
}

namespace {
// The CPU time of the calling thread: what a round of the calibration cost this core, however often the scheduler gave
// the core to others meanwhile (on a loaded machine every wall-clock round is stretched by waiting, and the tasks made
// from such a calibration would be shorter than they claim).
int64_t threadCpuNowNs()
{
    timespec now {};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return int64_t(now.tv_sec) * 1'000'000'000 + now.tv_nsec;
}
} // namespace

int64_t calibrateCpuIterationsPerMs()
{
    // Grow the round until it takes at least 20 ms of CPU, then keep the fastest of five rounds of that size: timed by
    // the thread's CPU clock no round waits for the core, so they differ only by what the core itself did (its clock
    // speed, its caches). The fastest rate makes a task of h ms at least h ms long whenever the core runs no faster
    // than it did then; the slowest, kept before, made tasks 2 to 3 % short and runs crossed their ideal bound. A task
    // still ran up to 0.5 % faster than the fastest round (100 ms tasks took 99.5 ms at the least on the 2-core VM):
    // 0.5 % more iterations cover that.
    uint64_t iterations = 100'000;
    int64_t elapsed = 0;
    for (;;) {
        const int64_t start = threadCpuNowNs();
        g_cpuSink.fetch_xor(cpuSpin(iterations, 7), std::memory_order_relaxed);
        elapsed = threadCpuNowNs() - start;
        if (elapsed >= 20'000'000)
            break;
        iterations *= 2;
    }
    for (int round = 0; round < 5; ++round) {
        const int64_t start = threadCpuNowNs();
        g_cpuSink.fetch_xor(cpuSpin(iterations, uint64_t(round) + 11), std::memory_order_relaxed);
        elapsed = std::min(elapsed, threadCpuNowNs() - start);
    }
    constexpr uint64_t marginPerMille = 5; // the 0.5 % above
    return std::max<int64_t>(
        1, int64_t(iterations * (1'000'000 + marginPerMille * 1'000) / uint64_t(std::max<int64_t>(1, elapsed))));
}
