#pragma once

#include "runresult.h"
#include "runsink.h"

#include <QList>
#include <QObject>
#include <atomic>
#include <mutex>
#include <thread>

class CancelToken;

// Runs a list of runs on a background thread, one after another, hands each finished run to its sinks there, and
// reports each as a signal in the thread that owns the runner. The faces drive it through a SweepSession
// (sweepsession.h), which adds the journal, the results and how a sweep ends.
//
// Signals arrive in this order: for each run runStarted, runFinished, progress; then exactly one of finished()
// (every run done) or cancelled() (cancel() stopped it before every run had finished). By the time either arrives, the
// background thread has been joined and every thread and process a run started is gone. failed() reports a problem that
// stops the sweep before it starts.
class SweepRunner : public QObject
{
    Q_OBJECT
public:
    explicit SweepRunner(QObject* parent = nullptr);
    ~SweepRunner() override; // cancels a running sweep and waits for it

    bool isRunning() const { return m_worker.joinable(); }

    // Hands every finished run to each of `sinks` in turn (see runsink.h) on the background thread, before
    // runFinished() is emitted: with a journal among them, a run anyone has heard of is on disk. Takes effect at the
    // next start(); an empty list turns it off. Not owned: the sinks must stay alive until finished() or cancelled().
    // A start() that replaces a running sweep may still let the old sweep hand its last (cancelled) run to the old
    // sinks: give each sweep sinks of its own (SweepSession does).
    void setSinks(const QList<RunSink*>& sinks) { m_sinks = sinks; }

public slots:
    // Starts the runs; a sweep still running is cancelled and waited for first, and its late results are dropped.
    void start(const QList<RunSpec>& runs);
    // Stops the sweep: the current run ends within milliseconds (status cancelled) and no further run starts.
    void cancel();

signals:
    void runStarted(int index, const RunSpec& spec);
    void runFinished(int index, const RunResult& result);
    void progress(int done, int total);
    void finished();
    void cancelled();
    void failed(const QString& message);
    // Something the user should know that does not stop the sweep (a CPU calibration measured again, and why).
    void notice(const QString& message);

private:
    // Runs on the background thread; true if every run ran and none was cancelled.
    bool runAll(const QList<RunSpec>& runs, quint64 generation, const QList<RunSink*>& sinks);
    void stopAndWait();
    template<typename Function> void post(quint64 generation, Function&& function);

    std::thread m_worker; // joined before finished() or cancelled() is emitted: no thread outlives a sweep
    std::atomic<quint64> m_generation { 0 }; // results of an older sweep than this are stale
    std::atomic<bool> m_cancelRequested { false };
    bool m_failed = false; // failed() was emitted for this sweep; touched only in our thread
    QList<RunSink*> m_sinks;
    std::mutex m_tokenMutex;
    CancelToken* m_currentToken = nullptr; // the running run's token, guarded by m_tokenMutex
};
