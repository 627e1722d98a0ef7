#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <thread>

// An emulation of CPython's global interpreter lock (Python/ceval_gil.c, take_gil() and drop_gil()), so that threads
// computing in C++ scale as Python threads do: one of them computes at a time. It models the lock, not Python's speed.
//
// The holder computes in small slices and calls yieldIfRequested() between them, as CPython's eval loop checks its
// eval breaker between bytecodes. A thread that waits for the lock waits on a condition variable with a timeout of the
// switch interval; when the interval passes without the lock changing hands, it sets the drop request. The holder
// sees the request at its next yieldIfRequested(), releases the lock and waits until another thread has taken it
// (CPython's FORCE_SWITCHING, without which the releasing thread would usually win the lock straight back), then
// queues for it again. A thread releases the lock around a wait (sleep, I/O), as CPython does around blocking calls.
//
// Not recursive: a thread that holds the lock must not acquire it again.
class InterpreterLock
{
public:
    // CPython's default, sys.getswitchinterval().
    static constexpr std::chrono::microseconds defaultSwitchInterval { 5000 };

    explicit InterpreterLock(std::chrono::microseconds switchInterval = defaultSwitchInterval);
    InterpreterLock(const InterpreterLock&) = delete;
    InterpreterLock& operator=(const InterpreterLock&) = delete;

    // The one lock of this process, as a Python process has one: its threads share it, other processes have their own.
    static InterpreterLock& instance();

    void acquire();
    void release();

    // Called by the holder between slices of computation. If another thread has waited a switch interval, hands the
    // lock over, takes it back in turn and returns true; otherwise returns false at the cost of one relaxed atomic
    // load, so it may be called every few microseconds.
    bool yieldIfRequested()
    {
        if (!m_dropRequested.load(std::memory_order_relaxed))
            return false;
        release();
        acquire();
        return true;
    }

    struct Stats
    {
        int64_t switches = 0; // times the lock went to a thread other than its previous holder
        int64_t forcedSwitches
            = 0; // releases made while a waiter's drop request stood: the holder waited for the switch
    };
    Stats stats() const;

    std::chrono::microseconds switchInterval() const { return m_switchInterval; }

private:
    const std::chrono::microseconds m_switchInterval;
    mutable std::mutex m_mutex;
    std::condition_variable m_released; // waiters for the lock
    std::condition_variable m_taken; // a holder that released on request, waiting for the switch
    bool m_locked = false;
    std::thread::id m_lastHolder;
    Stats m_stats;
    // Set by a waiter, cleared by the thread that takes the lock; the holder reads it without the mutex.
    std::atomic<bool> m_dropRequested { false };
};

// Holds the lock for its lifetime.
class InterpreterLockScope
{
public:
    explicit InterpreterLockScope(InterpreterLock& lock = InterpreterLock::instance())
        : m_lock(lock)
    {
        m_lock.acquire();
    }
    ~InterpreterLockScope() { m_lock.release(); }
    InterpreterLockScope(const InterpreterLockScope&) = delete;
    InterpreterLockScope& operator=(const InterpreterLockScope&) = delete;

private:
    InterpreterLock& m_lock;
};

// Releases a held lock for its lifetime, around a wait: CPython's Py_BEGIN_ALLOW_THREADS ... Py_END_ALLOW_THREADS.
class InterpreterLockReleased
{
public:
    explicit InterpreterLockReleased(InterpreterLock& lock = InterpreterLock::instance())
        : m_lock(lock)
    {
        m_lock.release();
    }
    ~InterpreterLockReleased() { m_lock.acquire(); }
    InterpreterLockReleased(const InterpreterLockReleased&) = delete;
    InterpreterLockReleased& operator=(const InterpreterLockReleased&) = delete;

private:
    InterpreterLock& m_lock;
};
