#pragma once

#include <cstdint>

// The peak resident memory of this process over a span of time, as the kernel keeps it (VmHWM in /proc/self/status).
// The kernel keeps one peak per process for its lifetime; writing 5 to /proc/self/clear_refs (Linux 4.0) resets it to
// the current resident size, so the peak after a reset is the peak of that span: a run's, not the process's.

// Resets the peak to the current resident size. False if the kernel refused (an older kernel, a locked-down /proc):
// the peak read afterwards would be the lifetime's, and a caller must not present it as the span's.
bool resetPeakResidentMemory();

// The peak resident memory since the last reset (or the process's start), in KiB; -1 if /proc cannot be read.
int64_t peakResidentMemoryKiB();
// The same of another process of ours (a worker, before it is reaped): the peak of its own program since its exec().
// (wait4()'s ru_maxrss is no substitute: the kernel carries the peak of the memory a child was started from, with
// posix_spawn the parent's, across the exec.)
int64_t peakResidentMemoryKiBOf(int pid);
