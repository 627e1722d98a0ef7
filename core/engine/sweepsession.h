#pragma once

#include "machineinfo.h"
#include "resultfile.h"
#include "runjournal.h"
#include "runsink.h"
#include "sweepplan.h"
#include "sweeprunner.h"

#include <QElapsedTimer>
#include <QObject>
#include <optional>

// The journal as a sink of a sweep's runs: each run is appended and synced before any face hears of it. A write that
// fails is the journal's to report (RunJournal::writeFailed); the sweep goes on.
class JournalSink final : public RunSink
{
public:
    explicit JournalSink(RunJournal& journal)
        : m_journal(journal)
    { }
    void runFinished(int, const RunResult& result) override { m_journal.append(result); }

private:
    RunJournal& m_journal;
};

struct SweepSessionOptions
{
    QString command; // what reproduces the sweep from a terminal, kept in the results' metadata and the journal
    std::optional<MachineInfo> machine; // the machine it runs on; empty: currentMachine()
    bool journal = false; // journal the runs as they finish (runjournal.h)
    QString journalPath; // empty: a new file in journalDirectory
    QString journalDirectory; // empty: RunJournal::defaultDirectory()
};

// One sweep from start to end, the same for every face (the command line's ConsoleSweep, the window's MainWindow):
// the plan's runs on a SweepRunner, the journal, the finished runs collected with the metadata a result file keeps,
// the progress with its estimate of the time left, and how the sweep ends. A face shows what the signals say and asks
// for cancel(); it decides nothing about the runs, the journal or the results.
//
// How a sweep ends is decided here, once:
//   finished()   every run ran;
//   cancelled()  cancel() (or a run that ended cancelled) stopped it: the runs that finished are kept, the journal
//                ends "cancelled", and the results say so (metadata.sweepEnd);
//   failed()     it could not start (no conlab-worker for a strategy that needs one): nothing ran, the journal ends
//                "failed".
// Exactly one of them follows a successful start(); by then every run's runFinished() has arrived, results() is
// complete with sweepEnd and plannedRuns set, the journal is finished, and no thread or process of the sweep is left.
//
// One session runs one sweep: start() it once. Deleting a session whose sweep still runs stops the sweep and waits for
// it; its journal is then closed without an end line, so it reads as interrupted and the app offers to restore it.
class SweepSession : public QObject
{
    Q_OBJECT
public:
    explicit SweepSession(const SweepPlan& plan, SweepSessionOptions options = {}, QObject* parent = nullptr);
    ~SweepSession() override;

    // Hands every finished run to `sink` as well, on the sweep's thread, after the journal and before runFinished()
    // (see runsink.h). Not owned: it must outlive the session, which may still hand it a run while it is deleted.
    // Call before start().
    void addSink(RunSink* sink);

    // Opens the journal if one was asked for, then starts the runs. False, with *error naming the path and the reason,
    // if the journal at options.journalPath cannot be created: that is an output the user asked for, so nothing runs
    // and no signal follows. A new journal in journalDirectory that cannot be created is a safety net gone, not a
    // reason to stop: the sweep runs without it, and journalProblem() says why.
    bool start(QString* error = nullptr);
    // Stops the sweep: the current run ends within milliseconds (status cancelled), no further run starts, and
    // cancelled() follows (or finished(), if the last run ended just before).
    void cancel();

    bool isRunning() const { return m_running; }
    bool isCancelling() const { return m_running && m_cancelRequested; }

    const QList<RunSpec>& runs() const { return m_runs; }
    int plannedRuns() const { return int(m_runs.size()); }
    // The runs that finished so far, with the metadata a result file keeps (created, command, machine; at the end
    // sweepEnd and plannedRuns).
    const ResultSet& results() const { return m_results; }
    // How the sweep ended: None while it runs.
    JournalEnd end() const { return m_end; }

    // The journal: open while the sweep runs if one was asked for and could be created; path() and runsWritten()
    // stay readable after the end.
    const RunJournal& journal() const { return m_journal; }
    bool isJournaled() const { return !m_journal.path().isEmpty(); }
    // Why the journal asked for could not be created; empty if it was, or none was asked for.
    QString journalProblem() const { return m_journalProblem; }
    // The journal's end line was written: every run it holds is on disk and it reads as ended, not interrupted.
    bool journalEnded() const { return m_journalEnded; }

    // Time since start(), and the estimate of the time left once `done` runs have finished (negative while unknown).
    double elapsedSeconds() const;
    double secondsLeft(int done) const;

    // Writes results() to `path` as the result file its extension names (.csv or .json; an atomic save, see
    // resultfile.h). False with *error naming the path and the reason.
    bool exportTo(const QString& path, QString* error) const;

signals:
    // `secondsLeft` is secondsLeft() at that moment: before the run at `index`, after `done` runs.
    void runStarted(int index, const RunSpec& spec, double secondsLeft);
    void runFinished(int index, const RunResult& result); // already in results(), the journal and every sink
    void progress(int done, int total, double secondsLeft);
    // Something the user should know that does not stop the sweep (a CPU calibration measured again, and why).
    void notice(const QString& message);
    // The journal could not write a run, once per sweep: the runs after it are not on disk; the sweep goes on.
    void journalFailed(const QString& message);
    void finished();
    void cancelled();
    void failed(const QString& message);

private:
    bool openJournal(QString* error);
    void onRunFinished(int index, const RunResult& result);
    void finish(JournalEnd end);

    QList<RunSpec> m_runs;
    SweepSessionOptions m_options;
    ResultSet m_results;
    SweepEta m_eta;
    QElapsedTimer m_clock;
    JournalEnd m_end = JournalEnd::None;
    bool m_running = false;
    bool m_cancelRequested = false;
    bool m_journalEnded = false;
    QString m_journalProblem;
    // Declared in this order so that they go in the other: the runner (joining the sweep's thread) before the sinks
    // and the journal it writes to.
    RunJournal m_journal;
    JournalSink m_journalSink { m_journal };
    QList<RunSink*> m_sinks;
    SweepRunner m_runner;
};
