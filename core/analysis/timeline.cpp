#include "timeline.h"

#include "strategies.h"

#include <QHash>
#include <algorithm>
#include <cmath>
#include <numeric>

namespace {
struct LaneKey
{
    qint64 pid = 0;
    qint64 tid = 0;
    bool operator==(const LaneKey&) const = default;
};

size_t qHash(const LaneKey& key, size_t seed = 0)
{
    return qHashMulti(seed, key.pid, key.tid);
}

// Steps of a count that goes up at each start and down at each end; ends come first at the same time, so that a task
// handed over at the instant another ends is not counted twice.
QList<StepPoint> countOverTime(QList<std::pair<double, int>> changes)
{
    std::sort(changes.begin(), changes.end(),
        [](const auto& a, const auto& b) { return a.first < b.first || (a.first == b.first && a.second < b.second); });
    QList<StepPoint> steps { { 0, 0 } };
    int value = 0;
    for (const auto& [time, change] : std::as_const(changes)) {
        value += change;
        if (steps.constLast().time == time)
            steps.last().value = value;
        else
            steps.append({ time, value });
    }
    return steps;
}
} // namespace

RunTimeline buildTimeline(const RunResult& run)
{
    RunTimeline timeline;
    timeline.wallSeconds = run.seconds;
    if (run.traces.isEmpty()) {
        timeline.note = run.isOk()
            ? QStringLiteral("the run has no task traces: a CSV file keeps none, a JSON file or a journal does")
            : QStringLiteral("the run (%1) has no task traces: none of its tasks finished, or its file keeps none")
                  .arg(statusName(run.status));
        return timeline;
    }

    const auto seconds = [&run](qint64 ns) { return double(ns - run.startNs) / 1e9; };
    // Workers are threads of processes; the process that ran the strategy is the tool itself (or, in the python
    // runtime, the harness), unless the strategy's tasks ran in worker processes.
    const bool workerProcesses = describeStrategy(run.spec.strategy).usesWorkerProcesses(run.spec);
    const QString hostName
        = run.spec.runtime == RuntimeKind::Python ? QStringLiteral("python") : QStringLiteral("conlab");

    QHash<LaneKey, int> laneOf;
    QHash<qint64, int> processOf;
    QList<QList<int>> tracesOfLane; // indices into run.traces
    // Lanes and processes first in the order of their first task's start.
    QList<int> byStart(run.traces.size());
    std::iota(byStart.begin(), byStart.end(), 0);
    std::stable_sort(byStart.begin(), byStart.end(),
        [&run](int a, int b) { return run.traces.at(a).startNs < run.traces.at(b).startNs; });
    for (int index : std::as_const(byStart)) {
        const TaskTrace& trace = run.traces.at(index);
        const LaneKey key { trace.pid, trace.tid };
        auto lane = laneOf.constFind(key);
        if (lane == laneOf.constEnd()) {
            auto process = processOf.constFind(trace.pid);
            if (process == processOf.constEnd()) {
                TimelineProcess added;
                added.pid = trace.pid;
                added.name = workerProcesses ? QStringLiteral("worker %1").arg(trace.worker + 1) : hostName;
                process = processOf.insert(trace.pid, int(timeline.processes.size()));
                timeline.processes.append(added);
            }
            TimelineLane added;
            added.pid = trace.pid;
            added.tid = trace.tid;
            added.process = *process;
            lane = laneOf.insert(key, int(timeline.lanes.size()));
            timeline.processes[*process].lanes.append(*lane);
            timeline.lanes.append(added);
            tracesOfLane.append(QList<int>());
        }
        tracesOfLane[*lane].append(index);
    }

    // Lanes grouped by process, each group in the order of its first task's start.
    QList<TimelineLane> lanes;
    QList<QList<int>> tracesOfLanes;
    for (TimelineProcess& process : timeline.processes) {
        QList<int> renumbered;
        int thread = 0;
        for (int lane : std::as_const(process.lanes)) {
            renumbered.append(int(lanes.size()));
            lanes.append(timeline.lanes.at(lane));
            lanes.last().name = QStringLiteral("thread %1").arg(++thread);
            tracesOfLanes.append(tracesOfLane.at(lane));
        }
        process.lanes = renumbered;
    }
    timeline.lanes = lanes;

    timeline.firstStart = seconds(run.traces.at(byStart.constFirst()).startNs);
    timeline.lastEnd = timeline.firstStart;
    QList<std::pair<double, int>> taskChanges;
    QList<std::pair<double, int>> laneChanges;
    taskChanges.reserve(run.traces.size() * 2);
    timeline.bars.reserve(run.traces.size());
    for (qsizetype laneIndex = 0; laneIndex < timeline.lanes.size(); ++laneIndex) {
        TimelineLane& lane = timeline.lanes[laneIndex];
        lane.firstBar = int(timeline.bars.size());
        lane.tasks = int(tracesOfLanes.at(laneIndex).size());
        double coveredUntil = -INFINITY;
        for (int index : tracesOfLanes.at(laneIndex)) {
            const TaskTrace& trace = run.traces.at(index);
            const TimelineBar bar { trace.task, int(laneIndex), seconds(trace.startNs), seconds(trace.endNs) };
            timeline.bars.append(bar);
            taskChanges.append({ bar.start, +1 });
            taskChanges.append({ bar.end, -1 });
            timeline.lastEnd = std::max(timeline.lastEnd, bar.end);
            if (bar.start < coveredUntil)
                lane.overlapping = true;
            if (bar.end > coveredUntil) {
                lane.busy += bar.end - std::max(bar.start, coveredUntil);
                coveredUntil = bar.end;
            }
        }
        lane.firstStart = timeline.bars.at(lane.firstBar).start;
        lane.lastEnd = coveredUntil;
        if (lane.overlapping)
            lane.name = QStringLiteral("event loop");
        laneChanges.append({ lane.firstStart, +1 });
        laneChanges.append({ lane.lastEnd, -1 });
    }
    timeline.inFlight = countOverTime(taskChanges);
    timeline.workersAtWork = countOverTime(laneChanges);
    for (const StepPoint& step : std::as_const(timeline.inFlight))
        timeline.peakInFlight = std::max(timeline.peakInFlight, step.value);

    // Each lane's span [0, wall] in five parts, with its times clipped to the span; then the mean over the lanes.
    const double wall = std::max(0.0, run.seconds);
    const double lastEnd = std::clamp(timeline.lastEnd, 0.0, wall);
    RunBreakdown sum;
    for (const TimelineLane& lane : std::as_const(timeline.lanes)) {
        const double first = std::clamp(lane.firstStart, 0.0, lastEnd);
        const double last = std::clamp(lane.lastEnd, first, lastEnd);
        const double work = std::min(lane.busy, last - first);
        sum.startup += first;
        sum.work += work;
        sum.dispatch += last - first - work;
        sum.waiting += lastEnd - last;
        sum.handBack += wall - lastEnd;
    }
    const double lanesCount = double(timeline.lanes.size());
    timeline.breakdown = { sum.startup / lanesCount, sum.dispatch / lanesCount, sum.work / lanesCount,
        sum.waiting / lanesCount, sum.handBack / lanesCount };
    return timeline;
}

QList<StepPoint> processInFlight(const RunTimeline& timeline, int process)
{
    QList<std::pair<double, int>> changes;
    for (int lane : timeline.processes.value(process).lanes) {
        const TimelineLane& described = timeline.lanes.at(lane);
        for (int bar = described.firstBar; bar < described.firstBar + described.tasks; ++bar) {
            changes.append({ timeline.bars.at(bar).start, +1 });
            changes.append({ timeline.bars.at(bar).end, -1 });
        }
    }
    return countOverTime(changes);
}

QStringList breakdownPartNames()
{
    return { QStringLiteral("start-up"), QStringLiteral("dispatch"), QStringLiteral("work"),
        QStringLiteral("waiting for the slowest worker"), QStringLiteral("hand-back") };
}

QList<double> breakdownParts(const RunBreakdown& breakdown)
{
    return { breakdown.startup, breakdown.dispatch, breakdown.work, breakdown.waiting, breakdown.handBack };
}

QList<double> laneOccupancy(const RunTimeline& timeline, int lane, double from, double to, int bins)
{
    QList<double> occupancy(std::max(0, bins), 0.0);
    if (bins <= 0 || !(to > from) || lane < 0 || lane >= timeline.lanes.size())
        return occupancy;
    const TimelineLane& described = timeline.lanes.at(lane);
    const double width = (to - from) / bins;
    const auto first = timeline.bars.cbegin() + described.firstBar;
    const auto last = first + described.tasks;
    // A lane without overlaps has its ends in order too: the bars that reach into the window start at the first whose
    // end is past `from`.
    auto bar = described.overlapping
        ? first
        : std::partition_point(first, last, [from](const TimelineBar& b) { return b.end <= from; });
    // Whole slices a bar covers go into a difference array, its partly covered first and last slices straight in:
    // O(bars + bins) however long the bars, which an event loop's thousands of overlapping waits need.
    QList<double> whole(bins + 1, 0.0);
    for (; bar != last && bar->start < to; ++bar) {
        const double start = std::max(bar->start, from);
        const double end = std::min(bar->end, to);
        if (!(end > start))
            continue;
        const int firstBin = std::clamp(int((start - from) / width), 0, bins - 1);
        const int lastBin = std::clamp(int((end - from) / width), 0, bins - 1);
        if (firstBin == lastBin) {
            occupancy[firstBin] += (end - start) / width;
            continue;
        }
        occupancy[firstBin] += (from + (firstBin + 1) * width - start) / width;
        occupancy[lastBin] += (end - (from + lastBin * width)) / width;
        whole[firstBin + 1] += 1;
        whole[lastBin] -= 1;
    }
    double covering = 0;
    for (int bin = 0; bin < bins; ++bin) {
        covering += whole[bin];
        occupancy[bin] += covering;
    }
    return occupancy;
}

QList<SeriesBreakdown> seriesBreakdowns(const AnalysisReport& report, const QList<RunResult>& runs, int tasks)
{
    const QStringList names = seriesNamesOfRuns(runs);
    QList<SeriesBreakdown> result;
    for (qsizetype series = 0; series < report.strategies.size(); ++series) {
        SeriesBreakdown found;
        found.series = int(series);
        for (qsizetype i = 0; i < runs.size(); ++i) {
            const RunResult& run = runs.at(i);
            if (run.spec.tasks != tasks || !run.isOk() || run.traces.isEmpty() || run.spec.workload != report.workload
                || run.spec.taskMs != report.taskMs || run.spec.options != report.workloadOptions
                || names.at(i) != report.strategies.at(series).name)
                continue;
            const RunBreakdown parts = buildTimeline(run).breakdown;
            found.breakdown.startup += parts.startup;
            found.breakdown.dispatch += parts.dispatch;
            found.breakdown.work += parts.work;
            found.breakdown.waiting += parts.waiting;
            found.breakdown.handBack += parts.handBack;
            ++found.runs;
        }
        if (found.runs == 0)
            continue;
        const double count = found.runs;
        found.breakdown = { found.breakdown.startup / count, found.breakdown.dispatch / count,
            found.breakdown.work / count, found.breakdown.waiting / count, found.breakdown.handBack / count };
        result.append(found);
    }
    return result;
}
