#include "canceltoken.h"

#include "monotonicclock.h"

#include <cerrno>
#include <climits>
#include <ctime>
#include <linux/futex.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace {
int32_t* futexWord(const std::atomic<int32_t>& flag)
{
    return reinterpret_cast<int32_t*>(const_cast<std::atomic<int32_t>*>(&flag));
}
} // namespace

void CancelToken::cancel()
{
    m_cancelled.store(1, std::memory_order_release);
    syscall(SYS_futex, futexWord(m_cancelled), FUTEX_WAKE_PRIVATE, INT_MAX, nullptr, nullptr, 0);
}

bool CancelToken::sleepUntil(int64_t deadlineNs) const
{
    const timespec deadline { time_t(deadlineNs / 1'000'000'000), long(deadlineNs % 1'000'000'000) };
    // An expired deadline (a 0 ms task) must not cost a trip through the timer, which overshoots by the timer slack.
    while (!isCancelled() && monotonicNowNs() < deadlineNs) {
        // FUTEX_WAIT_BITSET takes an absolute CLOCK_MONOTONIC deadline, so spurious wake-ups do not stretch the sleep.
        const long rc = syscall(SYS_futex, futexWord(m_cancelled), FUTEX_WAIT_BITSET_PRIVATE, 0, &deadline, nullptr,
            FUTEX_BITSET_MATCH_ANY);
        if (rc == -1 && errno == ETIMEDOUT)
            break;
    }
    return !isCancelled();
}
