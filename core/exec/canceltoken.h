#pragma once

#include <atomic>
#include <cstdint>

// Stops a run. Waiting tasks sleep on the flag itself (a futex), so cancel() wakes every one of them at once and
// a sleep workload of any length ends within microseconds of a cancel. A task that waits in poll() for a descriptor
// polls the token's eventFd() beside it, which becomes readable on cancel.
class CancelToken
{
public:
    CancelToken() = default;
    ~CancelToken();
    CancelToken(const CancelToken&) = delete;
    CancelToken& operator=(const CancelToken&) = delete;

    void cancel();
    bool isCancelled() const { return m_cancelled.load(std::memory_order_acquire) != 0; }

    // Sleeps until the CLOCK_MONOTONIC deadline. Returns false if the token was cancelled first.
    bool sleepUntil(int64_t deadlineNs) const;

    // An eventfd that is readable once the token is cancelled, created on first use (one per token, whatever the
    // number of tasks polling it); -1 if the OS refused it, and the caller then looks at the token between short polls.
    int eventFd() const;

private:
    // An int, not a bool: the futex syscall waits on a 32-bit word.
    std::atomic<int32_t> m_cancelled { 0 };
    static_assert(sizeof(std::atomic<int32_t>) == sizeof(int32_t));
    mutable std::atomic<int> m_eventFd { -1 };
};
