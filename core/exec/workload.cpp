#include "workload.h"

#include "canceltoken.h"
#include "monotonicclock.h"

#include <algorithm>
#include <atomic>
#include <limits>

namespace {
// Keeps the result of cpuSpin() observable so the loop is not optimised out.
std::atomic<uint64_t> g_cpuSink { 0 };

class SleepWorkload final : public Workload
{
public:
    explicit SleepWorkload(int taskMs)
        : m_taskNs(int64_t(taskMs) * 1'000'000)
    { }

    bool runTask(int /*task*/, const CancelToken& cancel) const override
    {
        return cancel.sleepUntil(monotonicNowNs() + m_taskNs);
    }

private:
    int64_t m_taskNs;
};

// Iterations between two looks at the cancel token: a fixed count, not a share of the calibration, so that a wrong
// calibration cannot make the workload deaf to a cancel. 2^15 iterations take under 0.5 ms on the machine measured
// and stay under 50 ms even on one a hundred times slower.
constexpr uint64_t CpuSliceIterations = uint64_t(1) << 15;

class CpuWorkload final : public Workload
{
public:
    CpuWorkload(int taskMs, int64_t iterationsPerMs)
        : m_iterations(totalIterations(taskMs, iterationsPerMs))
    { }

    bool runTask(int task, const CancelToken& cancel) const override
    {
        uint64_t state = uint64_t(task) + 1;
        for (uint64_t done = 0; done < m_iterations;) {
            if (cancel.isCancelled())
                return false;
            const uint64_t slice = std::min(CpuSliceIterations, m_iterations - done);
            state = cpuSpin(slice, state);
            done += slice;
        }
        g_cpuSink.fetch_xor(state, std::memory_order_relaxed);
        return true;
    }

private:
    static uint64_t totalIterations(int taskMs, int64_t iterationsPerMs)
    {
        const uint64_t ms = uint64_t(std::max(0, taskMs));
        const uint64_t perMs = uint64_t(std::max<int64_t>(1, iterationsPerMs));
        // Saturates: 10^15 iterations per ms times a day of milliseconds does not fit in 64 bits.
        return ms != 0 && perMs > std::numeric_limits<uint64_t>::max() / ms ? std::numeric_limits<uint64_t>::max()
                                                                            : ms * perMs;
    }

    uint64_t m_iterations;
};
} // namespace

std::unique_ptr<Workload> makeWorkload(WorkloadKind kind, int taskMs, int64_t cpuIterationsPerMs)
{
    switch (kind) {
    case WorkloadKind::Sleep:
        return std::make_unique<SleepWorkload>(taskMs);
    case WorkloadKind::Cpu:
        return std::make_unique<CpuWorkload>(taskMs, cpuIterationsPerMs);
    case WorkloadKind::Unknown:
        break;
    }
    return nullptr;
}

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

int64_t calibrateCpuIterationsPerMs()
{
    // Grow the round until it takes at least 20 ms, then keep the fastest of five rounds of that size.
    uint64_t iterations = 100'000;
    int64_t elapsed = 0;
    for (;;) {
        const int64_t start = monotonicNowNs();
        g_cpuSink.fetch_xor(cpuSpin(iterations, 7), std::memory_order_relaxed);
        elapsed = monotonicNowNs() - start;
        if (elapsed >= 20'000'000)
            break;
        iterations *= 2;
    }
    for (int round = 0; round < 5; ++round) {
        const int64_t start = monotonicNowNs();
        g_cpuSink.fetch_xor(cpuSpin(iterations, uint64_t(round) + 11), std::memory_order_relaxed);
        elapsed = std::min(elapsed, monotonicNowNs() - start);
    }
    return std::max<int64_t>(1, int64_t(iterations * 1'000'000 / uint64_t(std::max<int64_t>(1, elapsed))));
}
