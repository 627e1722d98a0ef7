#include "canceltoken.h"

#include "monotonicclock.h"

#include <cerrno>
#include <climits>
#include <ctime>
#include <linux/futex.h>
#include <sys/eventfd.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace {
int32_t* futexWord(const std::atomic<int32_t>& flag)
{
    return reinterpret_cast<int32_t*>(const_cast<std::atomic<int32_t>*>(&flag));
}

void signalEventFd(int fd)
{
    const uint64_t one = 1;
    // Only readability matters; a full counter (never reached) would still be readable.
    [[maybe_unused]] const ssize_t written = ::write(fd, &one, sizeof one);
}
} // namespace

CancelToken::~CancelToken()
{
    if (const int fd = m_eventFd.load(); fd >= 0)
        ::close(fd);
}

void CancelToken::cancel()
{
    // Sequentially consistent with eventFd(): either it sees the flag after publishing its descriptor, or this sees
    // the descriptor after setting the flag (or both, and the counter is written twice).
    m_cancelled.store(1, std::memory_order_seq_cst);
    syscall(SYS_futex, futexWord(m_cancelled), FUTEX_WAKE_PRIVATE, INT_MAX, nullptr, nullptr, 0);
    if (const int fd = m_eventFd.load(std::memory_order_seq_cst); fd >= 0)
        signalEventFd(fd);
}

int CancelToken::eventFd() const
{
    int fd = m_eventFd.load(std::memory_order_acquire);
    if (fd >= 0)
        return fd;
    const int created = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    if (created < 0)
        return -1;
    if (!m_eventFd.compare_exchange_strong(fd, created, std::memory_order_seq_cst)) {
        ::close(created); // another thread's is in place
        return fd;
    }
    if (m_cancelled.load(std::memory_order_seq_cst) != 0)
        signalEventFd(created);
    return created;
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
