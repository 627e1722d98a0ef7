#pragma once

#include <atomic>
#include <cstdint>

// Stops a run. Waiting tasks sleep on the flag itself (a futex), so cancel() wakes every one of them at once and
// a sleep workload of any length ends within microseconds of a cancel.
class CancelToken
{
public:
    CancelToken() = default;
    CancelToken(const CancelToken&) = delete;
    CancelToken& operator=(const CancelToken&) = delete;

    void cancel();
    bool isCancelled() const { return m_cancelled.load(std::memory_order_acquire) != 0; }

    // Sleeps until the CLOCK_MONOTONIC deadline. Returns false if the token was cancelled first.
    bool sleepUntil(int64_t deadlineNs) const;

private:
    // An int, not a bool: the futex syscall waits on a 32-bit word.
    std::atomic<int32_t> m_cancelled { 0 };
    static_assert(sizeof(std::atomic<int32_t>) == sizeof(int32_t));
};
