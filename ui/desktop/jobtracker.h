#pragma once

#include <QMetaObject>
#include <QObject>
#include <QThreadPool>
#include <atomic>
#include <utility>

// One worker thread for one kind of job (the analysis of the data set on show, the file being opened), after hotspot's
// jobtracker.h: a job runs off the GUI thread and hands its value back on the context's thread, unless a newer job
// was started or cancel() was called meanwhile. A stale result is dropped, never shown over a newer one, and a stale
// job that has not begun does not run at all.
class JobTracker
{
public:
    explicit JobTracker(QObject* context)
        : m_context(context)
    {
        m_pool.setMaxThreadCount(1);
    }

    // The job in flight finishes (its result dropped) before the context goes; the ones waiting never start.
    ~JobTracker()
    {
        cancel();
        m_pool.waitForDone();
    }

    JobTracker(const JobTracker&) = delete;
    JobTracker& operator=(const JobTracker&) = delete;

    // Runs `job(id)` on the worker thread, then `land(value)` on the context's thread if `id` is still the latest.
    // Both are copied, as QThreadPool takes a std::function.
    template<typename Job, typename Land> quint64 start(Job job, Land land)
    {
        const quint64 id = ++m_latest;
        m_active = id;
        m_pool.start([this, id, job, land] {
            if (!isCurrent(id))
                return;
            auto value = job(id);
            QMetaObject::invokeMethod(
                m_context,
                [this, id, land, value = std::move(value)] {
                    if (!isCurrent(id))
                        return;
                    m_active = 0;
                    land(value);
                },
                Qt::QueuedConnection);
        });
        return id;
    }

    // Makes every job stale: whatever they find is dropped.
    void cancel()
    {
        ++m_latest;
        m_active = 0;
    }

    // Whether a job started and neither landed nor was cancelled (read on the context's thread).
    bool isRunning() const { return m_active != 0; }

    // Whether `id` is the latest job: a job may ask while it runs, and stop early when it is not.
    bool isCurrent(quint64 id) const { return m_latest.load() == id; }

private:
    QObject* m_context;
    QThreadPool m_pool;
    std::atomic<quint64> m_latest { 0 };
    quint64 m_active = 0; // the job in flight; 0 none
};
