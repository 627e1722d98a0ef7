#pragma once

#include "analysis.h"
#include "runresult.h"

#include <QList>
#include <QString>

// Where the time of one run went, built from its per-task traces: which worker ran which task and when (the lanes
// and bars of a timeline), how many tasks were in flight and how many workers were at work over time, and the run's
// wall time split into start-up, dispatch, work, waiting for the slowest worker and hand-back. The app's timeline
// view and the Chrome trace export (traceformat.h) both read it, so they name and group the workers alike.
//
// Times are seconds from the run's start (RunResult::startNs, where the strategy started); traces sit on the same
// CLOCK_MONOTONIC clock in every process. A run keeps a trace for each task that finished, so a cancelled or failed
// run shows the tasks that finished and nothing of those that did not.

// A thread that ran tasks: a lane of the timeline.
struct TimelineLane
{
    qint64 pid = 0;
    qint64 tid = 0;
    int process = 0; // index into RunTimeline::processes
    QString name; // "thread 2": numbered in its process by its first task's start; "event loop" where tasks overlap
    // Tasks overlap on it: an event loop holding many waits, drawn as a count and exported as async events.
    bool overlapping = false;
    int tasks = 0;
    double firstStart = 0; // its first task's start
    double lastEnd = 0; // its last task's end
    double busy = 0; // the time at least one of its tasks ran (the union of their intervals)
    int firstBar = 0; // its bars are RunTimeline::bars[firstBar, firstBar + tasks)
};

// A process whose threads ran tasks.
struct TimelineProcess
{
    qint64 pid = 0;
    // "conlab" (the tool itself), "python" (the harness's interpreter), or "worker 3" (a worker process, numbered as
    // the strategy numbers them, from 1).
    QString name;
    QList<int> lanes; // indices into RunTimeline::lanes, in the order of their first task's start
};

// One task from its start to its end.
struct TimelineBar
{
    int task = 0; // the task's number in the run, from 0
    int lane = 0; // index into RunTimeline::lanes
    double start = 0;
    double end = 0;
};

// A value that holds from `time` until the next point's time.
struct StepPoint
{
    double time = 0;
    int value = 0;
};

// The run's wall time, split. Each lane's time from the run's start to the result in hand is split into the five
// parts, which sum to the wall time; the breakdown is their mean over the lanes, so it sums to the wall time too.
struct RunBreakdown
{
    double startup = 0; // until the lane's first task started: pool or process creation, a worker's start-up
    double dispatch = 0; // between the lane's tasks: handing out the next task or chunk
    double work = 0; // at least one of the lane's tasks running
    double waiting = 0; // from the lane's last task's end until the run's last task ended: waiting for the slowest
    double handBack = 0; // from the run's last task's end until its result was in the engine's hands

    double total() const { return startup + dispatch + work + waiting + handBack; }
};

struct RunTimeline
{
    QList<TimelineProcess> processes; // in the order of their first task's start
    QList<TimelineLane> lanes; // grouped by process, then by first task's start
    QList<TimelineBar> bars; // by lane, then by start
    double wallSeconds = 0; // from the run's start until its result was in hand (RunResult::seconds)
    double firstStart = 0; // the first task's start: the pool was ready
    double lastEnd = 0; // the last task's end
    QList<StepPoint> inFlight; // tasks running, from (0, 0), after each change
    // Lanes at work: from their first task's start to their last task's end, which is all the traces tell of a
    // thread's life.
    QList<StepPoint> workersAtWork;
    int peakInFlight = 0;
    RunBreakdown breakdown;
    // Why there is nothing to show ("run 3 has no task traces: a CSV file keeps none"); empty when there are bars.
    QString note;

    bool isEmpty() const { return bars.isEmpty(); }
};

// The timeline of one run. Traces outside the run's time (a file's, say) are clipped to it for the breakdown and
// kept as they are for the bars.
RunTimeline buildTimeline(const RunResult& run);

// The breakdown's parts with their names, in the order of RunBreakdown: "start-up", "dispatch", "work", "waiting for
// the slowest worker", "hand-back".
QStringList breakdownPartNames();
QList<double> breakdownParts(const RunBreakdown& breakdown);

// The tasks running in one process of the timeline over time, from (0, 0), after each change.
QList<StepPoint> processInFlight(const RunTimeline& timeline, int process);

// How many of the lane's tasks ran in each of `bins` equal slices of [from, to): the share of the slice they covered,
// summed over its tasks (1.0: one task all through it). What a view draws where tasks are narrower than a pixel.
QList<double> laneOccupancy(const RunTimeline& timeline, int lane, double from, double to, int bins);

// The split of one series' runs at one task count: the mean of each part over its OK runs that have traces.
struct SeriesBreakdown
{
    int series = 0; // index into AnalysisReport::strategies
    RunBreakdown breakdown;
    int runs = 0; // the runs it is the mean of
};
// Per series of `report` that has such runs at `tasks`, in the report's order. `runs` are those the report was
// analysed from (any others are left out: a run joins a series by its name in seriesNamesOfRuns(runs) and by the
// report's workload, task duration and workload options).
QList<SeriesBreakdown> seriesBreakdowns(const AnalysisReport& report, const QList<RunResult>& runs, int tasks);
