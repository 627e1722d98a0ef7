#pragma once

#include "analysis.h"
#include "resultfile.h"
#include "sweepplan.h"

#include <QElapsedTimer>
#include <QObject>
#include <QString>

class SweepRunner;

// The command line's face of a sweep: runs the plan with a SweepRunner, shows progress on stderr when it is a
// terminal, stops cleanly when interrupted (the runs finished so far are kept and exported), writes the exports and
// prints the report on stdout.
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
};

class ConsoleSweep : public QObject
{
    Q_OBJECT
public:
    explicit ConsoleSweep(ConsoleSweepOptions options, QObject* parent = nullptr);
    ~ConsoleSweep() override;

    // Runs the sweep to its end and returns the process exit code: 0 done, 1 the run (of `conlab run`) did not
    // succeed or an export failed, 128 + the signal when interrupted (after keeping what had finished).
    int exec();

    // Ctrl-C, SIGTERM or SIGHUP: cancels the current run and ends the sweep; what finished is still exported and
    // reported.
    void interrupt(int signal);

private:
    void onRunStarted(int index, const RunSpec& spec);
    void onRunFinished(int index, const RunResult& result);
    void onEnded();
    bool writeExports();
    void printProgress(const QString& line);

    ConsoleSweepOptions m_options;
    SweepRunner* m_runner = nullptr;
    ResultSet m_results;
    QList<RunSpec> m_runs;
    SweepEta m_eta;
    QElapsedTimer m_clock;
    bool m_progressOnTerminal = false;
    int m_interruptSignal = 0;
    int m_exitCode = 0;
};
