#pragma once

#include "kinds.h"

#include <cstdint>
#include <memory>

class CancelToken;

// What one task does. Small on purpose: a file, network or async workload is one more subclass. runTask() is called
// concurrently from many threads and must not touch shared state.
class Workload
{
public:
    virtual ~Workload() = default;

    // Runs task number `task`; returns false if `cancel` stopped it before it finished.
    virtual bool runTask(int task, const CancelToken& cancel) const = 0;
};

// The range a calibration must fall in to be believed: the inner loop is a chain of seven dependent operations, so
// even a 5 GHz core runs under 1,000,000 iterations per ms; the upper bound leaves a factor of 50 above that, the lower
// one a factor of 80 below the 2-core VM this was measured on (79,000 to 209,000 by its load; `conlab calibrate`).
constexpr int64_t MinPlausibleCpuIterationsPerMs = 1'000;
constexpr int64_t MaxPlausibleCpuIterationsPerMs = 50'000'000;
constexpr bool isPlausibleCpuCalibration(int64_t iterationsPerMs)
{
    return iterationsPerMs >= MinPlausibleCpuIterationsPerMs && iterationsPerMs <= MaxPlausibleCpuIterationsPerMs;
}

// cpuIterationsPerMs comes from calibrateCpuIterationsPerMs(); the sleep workload ignores it. The CPU workload works
// in slices of a fixed number of iterations and looks at the cancel token between them, so it notices a cancel within
// a slice (under 0.5 ms measured here, under 50 ms on a machine a hundred times slower), whatever the calibration says
// (even one far outside the plausible range).
std::unique_ptr<Workload> makeWorkload(WorkloadKind kind, int taskMs, int64_t cpuIterationsPerMs);

// The CPU workload's inner loop: `iterations` rounds of a 64-bit mixing function the compiler cannot fold away.
uint64_t cpuSpin(uint64_t iterations, uint64_t seed);

// How many cpuSpin() iterations take one millisecond on one core of this machine (the fastest of several timed
// rounds, so a busy moment during calibration does not inflate every later task). Takes about 150 ms.
int64_t calibrateCpuIterationsPerMs();
