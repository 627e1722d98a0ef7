#pragma once

#include "exec/kinds.h"

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

// cpuIterationsPerMs comes from calibrateCpuIterationsPerMs(); the sleep workload ignores it.
std::unique_ptr<Workload> makeWorkload(WorkloadKind kind, int taskMs, int64_t cpuIterationsPerMs);

// The CPU workload's inner loop: `iterations` rounds of a 64-bit mixing function the compiler cannot fold away.
uint64_t cpuSpin(uint64_t iterations, uint64_t seed);

// How many cpuSpin() iterations take one millisecond on one core of this machine (the fastest of several timed
// rounds, so a busy moment during calibration does not inflate every later task). Takes about 150 ms.
int64_t calibrateCpuIterationsPerMs();
