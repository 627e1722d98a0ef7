#pragma once

#include "analysis.h"
#include "resultfile.h"
#include "sweepplan.h"

#include <QObject>
#include <QString>

// The command line's standard output, where its reports go. A report nobody received is a failure, not a success: every
// write is checked, the first failure (a full disk, a reader that went away, a closed descriptor) is kept, later
// writes are skipped, and finishStandardOutput() says so on stderr and turns exit code 0 into 1.
bool writeStandardOutput(const QString& text);
// Why standard output failed, as one line without the program's name ("cannot write to standard output: No space
// left on device"); empty while every write succeeded.
QString standardOutputError();
// Ends the output: closes standard output (where a file system reports a deferred write error), and if a write failed,
// prints the error on stderr as "PROGRAM: ERROR". Returns `exitCode`, or 1 in its place where it was 0.
int finishStandardOutput(int exitCode, const char* program);
// Call first thing in main(): a standard descriptor the caller closed (`conlab limits >&-`) would be handed to the next
// file opened (a journal, a worker's pipe), and the report would land in it. /dev/null opened the other way round
// holds its place, so every read or write on it still fails with EBADF as on the closed descriptor.
void guardStandardDescriptors();

class SweepSession;

// The command line's face of a sweep (a SweepSession runs it): shows progress on stderr when it is a terminal, turns
// Ctrl-C into the session's cancel (the runs finished so far are kept and exported), writes the exports and prints
// the report on stdout, and picks the exit code.
struct ConsoleSweepOptions
{
    SweepPlan plan;
    QString csvPath;
    QString jsonPath;
    QString commandLine;
    AnalysisOptions analysis;
    bool singleRun = false; // `conlab run`: print the run itself rather than the sweep's analysis
    bool jsonToStdout = false; // `conlab run --json`
    bool withTraces = false; // include per-task traces in --json output
    QString tracePath; // `conlab run --trace-out`: the run as a Chrome trace (traceformat.h)
    bool journal = false; // keep a journal of the runs as they finish (runjournal.h)
    QString journalPath; // empty: a new file in RunJournal::defaultDirectory()
};

class ConsoleSweep : public QObject
{
    Q_OBJECT
public:
    explicit ConsoleSweep(ConsoleSweepOptions options, QObject* parent = nullptr);
    ~ConsoleSweep() override;

    // Runs the sweep to its end and returns the process exit code: 0 done, 1 the run (of `conlab run`) did not
    // succeed or an export failed, 2 the journal named by journalPath cannot be created (nothing ran), 128 + the
    // signal when interrupted (after keeping what had finished). A journal in the default place that cannot be
    // created, or a journal write that fails, is reported on stderr once and the sweep goes on.
    int exec();

    // The runs that finished, and the machine they ran on: complete once exec() has returned.
    const ResultSet& results() const;
    // The sweep could not start (no conlab-worker for a strategy that needs it): exec() returned 1 and ran nothing.
    bool failedToStart() const { return m_failedToStart; }

    // Ctrl-C, SIGTERM or SIGHUP: cancels the current run and ends the sweep; what finished is still exported and
    // reported.
    void interrupt(int signal);

private:
    void onRunStarted(int index, const RunSpec& spec, double secondsLeft);
    void onRunFinished(int index, const RunResult& result);
    void onEnded();
    bool writeExports();
    void printProgress(const QString& line);

    ConsoleSweepOptions m_options;
    SweepSession* m_session = nullptr;
    bool m_failedToStart = false;
    bool m_progressOnTerminal = false;
    int m_interruptSignal = 0;
    int m_exitCode = 0;
};
