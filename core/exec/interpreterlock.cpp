#include "interpreterlock.h"

InterpreterLock::InterpreterLock(std::chrono::microseconds switchInterval)
    : m_switchInterval(switchInterval)
{ }

InterpreterLock& InterpreterLock::instance()
{
    static InterpreterLock lock;
    return lock;
}

void InterpreterLock::acquire()
{
    std::unique_lock guard(m_mutex);
    while (m_locked) {
        // Only a whole interval without any switch asks the holder to drop: a waiter that saw the lock change hands
        // (to another waiter) starts its interval again, so the lock passes about once per interval, not once per
        // waiter and interval.
        const int64_t switchesSeen = m_stats.switches;
        const bool timedOut = m_released.wait_for(guard, m_switchInterval) == std::cv_status::timeout;
        if (timedOut && m_locked && m_stats.switches == switchesSeen)
            m_dropRequested.store(true, std::memory_order_relaxed);
    }
    m_locked = true;
    const std::thread::id self = std::this_thread::get_id();
    if (m_lastHolder != self) {
        m_lastHolder = self;
        ++m_stats.switches;
        // A holder that released on request waits for exactly this.
        m_taken.notify_all();
    }
    // The request was for the previous holder; the other waiters ask this one again after an interval of their own.
    m_dropRequested.store(false, std::memory_order_relaxed);
}

void InterpreterLock::release()
{
    std::unique_lock guard(m_mutex);
    m_locked = false;
    m_released.notify_one();
    // A waiter asked for the lock: it must get it before this thread can queue again, or a thread that computes
    // without pause would win it straight back while the woken waiter is still being scheduled. A request seen here
    // was set while the lock was held and not yet cleared by a taker, so its waiter is still waiting and will take
    // the lock: this wait ends.
    if (m_dropRequested.load(std::memory_order_relaxed)) {
        ++m_stats.forcedSwitches;
        const std::thread::id self = std::this_thread::get_id();
        m_taken.wait(guard, [&] { return m_lastHolder != self; });
    }
}

InterpreterLock::Stats InterpreterLock::stats() const
{
    std::lock_guard guard(m_mutex);
    return m_stats;
}
