// A run's timeline and its Chrome trace: built from traces whose every figure is known, then from real runs.

#include "canceltoken.h"
#include "strategy.h"
#include "testspecs.h"
#include "timeline.h"
#include "traceformat.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>
#include <unistd.h>

namespace {
constexpr qint64 Start = 1'000'000'000; // the run's start on CLOCK_MONOTONIC, in ns
constexpr qint64 Ms = 1'000'000;

TaskTrace trace(int task, int worker, qint64 pid, qint64 tid, qint64 startMs, qint64 endMs)
{
    return { task, worker, pid, tid, Start + startMs * Ms, Start + endMs * Ms };
}

// A run of `spec` on a 2-core machine that started at Start and took `seconds`, with these traces.
RunResult runOf(const RunSpec& spec, double seconds, const QList<TaskTrace>& traces)
{
    RunResult run;
    run.spec = resolvedRunSpec(spec, 2);
    run.startNs = Start;
    run.seconds = seconds;
    run.traces = traces;
    return run;
}

// A blended run of 6 tasks on two worker processes (pids 300 and 200), two threads each, that took 100 ms:
//   process 300 (worker 1): thread 31 runs task 0 over 10-40 and task 2 over 45-70; thread 32 task 1 over 12-42
//   process 200 (worker 2): thread 21 runs task 3 over 20-50 and task 5 over 50-90; thread 22 task 4 over 25-55
// The last task ends at 90 ms, the result is in hand at 100 ms.
RunResult knownBlendedRun()
{
    return runOf(specOf(StrategyKind::Blended).tasks(6).taskMs(30).processes(2).threads(2), 0.100,
        {
            trace(0, 0, 300, 31, 10, 40),
            trace(1, 0, 300, 32, 12, 42),
            trace(2, 0, 300, 31, 45, 70),
            trace(3, 1, 200, 21, 20, 50),
            trace(4, 1, 200, 22, 25, 55),
            trace(5, 1, 200, 21, 50, 90),
        });
}

// An async run of 4 waits on one event loop of the tool's process, all in flight at once over 5-30 ms.
RunResult knownAsyncRun()
{
    return runOf(specOf(StrategyKind::Async).tasks(4).taskMs(20), 0.032,
        {
            trace(0, 0, 77, 77, 5, 25),
            trace(1, 0, 77, 77, 6, 26),
            trace(2, 0, 77, 77, 7, 30),
            trace(3, 0, 77, 77, 8, 28),
        });
}

QJsonObject parsedTrace(const QByteArray& json)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(json, &error);
    if (error.error != QJsonParseError::NoError)
        qWarning("not JSON: %s", qPrintable(error.errorString()));
    return document.object();
}

QList<QJsonObject> eventsOfPhase(const QJsonObject& trace, const QString& phase)
{
    QList<QJsonObject> events;
    for (const QJsonValue& event : trace.value(u"traceEvents").toArray()) {
        if (event.toObject().value(u"ph").toString() == phase)
            events.append(event.toObject());
    }
    return events;
}
} // namespace

class TestTimeline : public QObject
{
    Q_OBJECT
private:
    // Checks the Chrome trace of `run` field by field against its traces.
    static void verifyTraceMatches(const RunResult& run, const QByteArray& json)
    {
        const QJsonObject trace = parsedTrace(json);
        QCOMPARE(trace.value(u"displayTimeUnit").toString(), u"ms"_qs);
        QCOMPARE(trace.value(u"otherData").toObject().value(u"format").toString(), u"conlab-trace"_qs);
        const QJsonObject described = trace.value(u"otherData").toObject().value(u"run").toObject();
        QCOMPARE(described.value(u"strategy").toString(), strategyName(run.spec.strategy));
        QCOMPARE(described.value(u"tasks").toInt(), run.spec.tasks);

        const RunTimeline timeline = buildTimeline(run);
        QHash<qint64, QString> processNames;
        for (const QJsonObject& event : eventsOfPhase(trace, u"M"_qs)) {
            if (event.value(u"name").toString() == u"process_name")
                processNames.insert(event.value(u"pid").toInteger(), event.value(u"args")[u"name"].toString());
        }
        QCOMPARE(processNames.size(), timeline.processes.size());
        for (const TimelineProcess& process : timeline.processes)
            QCOMPARE(processNames.value(process.pid), process.name);
        QSet<std::pair<qint64, qint64>> namedThreads;
        for (const QJsonObject& event : eventsOfPhase(trace, u"M"_qs)) {
            if (event.value(u"name").toString() == u"thread_name")
                namedThreads.insert({ event.value(u"pid").toInteger(), event.value(u"tid").toInteger() });
        }
        QCOMPARE(namedThreads.size(), timeline.lanes.size());

        // Each task once: a complete event, or a begin and an end with the task's number as id.
        QHash<int, TaskTrace> byTask;
        for (const TaskTrace& taskTrace : run.traces)
            byTask.insert(taskTrace.task, taskTrace);
        QSet<int> seen;
        const auto checkPlace = [&](const QJsonObject& event, const TaskTrace& expected) {
            QCOMPARE(event.value(u"pid").toInteger(), expected.pid);
            QCOMPARE(event.value(u"tid").toInteger(), expected.tid);
            QCOMPARE(event.value(u"cat").toString(), u"task"_qs);
            QCOMPARE(event.value(u"name").toString(), QStringLiteral("task %1").arg(expected.task));
        };
        for (const QJsonObject& event : eventsOfPhase(trace, u"X"_qs)) {
            const int task = event.value(u"args")[u"task"].toInt();
            QVERIFY2(byTask.contains(task) && !seen.contains(task), qPrintable(QString::number(task)));
            seen.insert(task);
            const TaskTrace& expected = byTask.value(task);
            checkPlace(event, expected);
            QCOMPARE(event.value(u"args")[u"status"].toString(), u"ok"_qs);
            QCOMPARE(event.value(u"ts").toDouble(), double(expected.startNs - run.startNs) / 1e3);
            QCOMPARE(event.value(u"dur").toDouble(), double(expected.endNs - expected.startNs) / 1e3);
        }
        QHash<int, QJsonObject> begins;
        for (const QJsonObject& event : eventsOfPhase(trace, u"b"_qs)) {
            const int task = event.value(u"id").toInt();
            QVERIFY(byTask.contains(task) && !seen.contains(task));
            seen.insert(task);
            begins.insert(task, event);
            checkPlace(event, byTask.value(task));
            QCOMPARE(event.value(u"args")[u"task"].toInt(), task);
            QCOMPARE(event.value(u"ts").toDouble(), double(byTask.value(task).startNs - run.startNs) / 1e3);
        }
        const QList<QJsonObject> ends = eventsOfPhase(trace, u"e"_qs);
        QCOMPARE(ends.size(), begins.size());
        for (const QJsonObject& event : ends) {
            const int task = event.value(u"id").toInt();
            QVERIFY(begins.contains(task));
            checkPlace(event, byTask.value(task));
            QCOMPARE(event.value(u"ts").toDouble(), double(byTask.value(task).endNs - run.startNs) / 1e3);
        }
        QCOMPARE(seen.size(), run.traces.size());

        // The counters of each process rise to its peak and come back to 0; together they peak at most at the run's.
        int peak = 0;
        QHash<qint64, int> lastOfProcess;
        for (const QJsonObject& event : eventsOfPhase(trace, u"C"_qs)) {
            const int tasks = event.value(u"args")[u"tasks"].toInt();
            QVERIFY(tasks >= 0);
            peak = std::max(peak, tasks);
            lastOfProcess.insert(event.value(u"pid").toInteger(), tasks);
        }
        QVERIFY(peak > 0 && peak <= timeline.peakInFlight);
        for (int last : std::as_const(lastOfProcess))
            QCOMPARE(last, 0);
        QStringList marks;
        for (const QJsonObject& event : eventsOfPhase(trace, u"i"_qs))
            marks.append(event.value(u"name").toString());
        QCOMPARE(marks,
            QStringList({ u"run started"_qs, u"first task started"_qs, u"last task ended"_qs, u"result in hand"_qs }));
    }

private slots:
    void lanesAndBarsOfKnownTraces()
    {
        const RunTimeline timeline = buildTimeline(knownBlendedRun());
        QVERIFY(timeline.note.isEmpty());
        // Processes and their threads in the order their first task started; worker processes numbered as the
        // strategy numbers them.
        QCOMPARE(timeline.processes.size(), 2);
        QCOMPARE(timeline.processes.at(0).pid, 300);
        QCOMPARE(timeline.processes.at(0).name, u"worker 1"_qs);
        QCOMPARE(timeline.processes.at(1).name, u"worker 2"_qs);
        QCOMPARE(timeline.processes.at(0).lanes, QList<int>({ 0, 1 }));
        QCOMPARE(timeline.processes.at(1).lanes, QList<int>({ 2, 3 }));
        QCOMPARE(timeline.lanes.size(), 4);
        const qint64 tids[] = { 31, 32, 21, 22 };
        const int tasks[] = { 2, 1, 2, 1 };
        for (int lane = 0; lane < 4; ++lane) {
            QCOMPARE(timeline.lanes.at(lane).tid, tids[lane]);
            QCOMPARE(timeline.lanes.at(lane).tasks, tasks[lane]);
            QCOMPARE(timeline.lanes.at(lane).name, QStringLiteral("thread %1").arg(lane % 2 + 1));
            QVERIFY(!timeline.lanes.at(lane).overlapping);
        }
        QCOMPARE(timeline.bars.size(), 6);
        QCOMPARE(timeline.bars.at(1).task, 2); // lane 0's second bar
        QCOMPARE(timeline.bars.at(1).lane, 0);
        QCOMPARE(timeline.bars.at(1).start, 0.045);
        QCOMPARE(timeline.bars.at(1).end, 0.070);
        QCOMPARE(timeline.firstStart, 0.010);
        QCOMPARE(timeline.lastEnd, 0.090);
        QCOMPARE(timeline.wallSeconds, 0.100);
        QCOMPARE(timeline.peakInFlight, 4); // 25-40 ms: tasks 0, 1, 3 and 4
        QCOMPARE(timeline.workersAtWork.constLast().value, 0);
    }

    void breakdownSumsToTheWallTime()
    {
        const RunTimeline timeline = buildTimeline(knownBlendedRun());
        const RunBreakdown& parts = timeline.breakdown;
        // Per lane (start-up, dispatch, work, waiting, hand-back), in ms:
        //   31: 10, 5, 55, 20, 10   32: 12, 0, 30, 48, 10   21: 20, 0, 70, 0, 10   22: 25, 0, 30, 35, 10
        QCOMPARE(qRound(parts.startup * 4e3), 67);
        QCOMPARE(qRound(parts.dispatch * 4e3), 5);
        QCOMPARE(qRound(parts.work * 4e3), 185);
        QCOMPARE(qRound(parts.waiting * 4e3), 103);
        QCOMPARE(qRound(parts.handBack * 4e3), 40);
        QVERIFY(qAbs(parts.total() - 0.100) < 1e-12);
        QCOMPARE(breakdownParts(parts).size(), breakdownPartNames().size());
    }

    void overlappingTasksAreAnEventLoop()
    {
        const RunTimeline timeline = buildTimeline(knownAsyncRun());
        QCOMPARE(timeline.processes.size(), 1);
        QCOMPARE(timeline.processes.at(0).name, u"conlab"_qs);
        QCOMPARE(timeline.lanes.size(), 1);
        QVERIFY(timeline.lanes.at(0).overlapping);
        QCOMPARE(timeline.lanes.at(0).name, u"event loop"_qs);
        QCOMPARE(timeline.peakInFlight, 4);
        QVERIFY(qAbs(timeline.lanes.at(0).busy - 0.025) < 1e-12); // 5-30 ms, counted once
        QVERIFY(qAbs(timeline.breakdown.work - 0.025) < 1e-12);
        QVERIFY(qAbs(timeline.breakdown.total() - 0.032) < 1e-12);
        const QList<double> occupancy = laneOccupancy(timeline, 0, 0.0, 0.040, 4);
        // 0-10 ms: 5+4+3+2 ms of tasks; 10-20: all four; 20-30: 5+6+10+8 ms; 30-40: none.
        QCOMPARE(occupancy.size(), 4);
        QVERIFY(qAbs(occupancy.at(0) - 1.4) < 1e-9);
        QVERIFY(qAbs(occupancy.at(1) - 4.0) < 1e-9);
        QVERIFY(qAbs(occupancy.at(2) - 2.9) < 1e-9);
        QCOMPARE(occupancy.at(3), 0.0);
    }

    void occupancyOfALaneOfOneTaskAfterAnother()
    {
        const RunTimeline timeline = buildTimeline(knownBlendedRun());
        // Lane 0: 10-40 and 45-70 ms, in slices of 20 ms from 0 to 80.
        const QList<double> occupancy = laneOccupancy(timeline, 0, 0.0, 0.080, 4);
        const double expected[] = { 0.5, 1.0, 0.75, 0.5 };
        for (int bin = 0; bin < 4; ++bin)
            QVERIFY2(qAbs(occupancy.at(bin) - expected[bin]) < 1e-9, qPrintable(QString::number(occupancy.at(bin))));
        // A window after the lane's tasks holds none of them.
        QCOMPARE(laneOccupancy(timeline, 0, 0.080, 0.100, 2), QList<double>({ 0.0, 0.0 }));
    }

    void chromeTraceOfKnownTraces()
    {
        verifyTraceMatches(knownBlendedRun(), runToChromeTrace(knownBlendedRun()));
        verifyTraceMatches(knownAsyncRun(), runToChromeTrace(knownAsyncRun()));
        // Times relative to the run's start, to the nanosecond: task 2 began 45 ms in.
        QVERIFY(runToChromeTrace(knownBlendedRun()).contains("\"ts\": 45000.000, \"dur\": 25000.000"));
    }

    void aRunWithoutTracesSaysWhy()
    {
        RunResult run = knownBlendedRun();
        run.traces.clear();
        const RunTimeline timeline = buildTimeline(run);
        QVERIFY(timeline.isEmpty());
        QVERIFY2(timeline.note.contains(u"CSV file keeps none"), qPrintable(timeline.note));
        QVERIFY(runToChromeTrace(run).isEmpty());
        QTemporaryDir dir;
        QString error;
        const QString path = dir.filePath(u"run.json"_qs);
        QVERIFY(!writeChromeTrace(path, run, &error));
        QVERIFY2(error.contains(u"run.json not written: the run has no task traces"), qPrintable(error));
        QVERIFY(!QFile::exists(path));
    }

    void timelineOfRealRuns_data()
    {
        QTest::addColumn<RunSpec>("spec");
        // At most: a thread or process that finished its task may take the next before another has started.
        QTest::addColumn<int>("processes");
        QTest::addColumn<int>("lanes");
        QTest::addRow("threads") << specOf(StrategyKind::Threads).tasks(8).taskMs(30) << 1 << 8;
        QTest::addRow("blended") << specOf(StrategyKind::Blended).tasks(8).taskMs(30).processes(2) << 2 << 8;
        QTest::addRow("processes") << specOf(StrategyKind::Processes).tasks(6).taskMs(30).processes(2) << 2 << 2;
        QTest::addRow("async") << specOf(StrategyKind::Async).tasks(50).taskMs(30) << 1 << 1;
    }

    void timelineOfRealRuns()
    {
        QFETCH(RunSpec, spec);
        QFETCH(int, processes);
        QFETCH(int, lanes);
        const bool inTheTool = processes == 1;
        CancelToken token;
        const RunResult run = runMeasured(spec, ExecutionContext::forThisMachine(spec.workload), token);
        QVERIFY2(run.isOk(), qPrintable(run.message));
        const RunTimeline timeline = buildTimeline(run);
        QVERIFY(timeline.processes.size() >= 1 && timeline.processes.size() <= processes);
        QVERIFY(timeline.lanes.size() >= timeline.processes.size() && timeline.lanes.size() <= lanes);
        QCOMPARE(timeline.bars.size(), spec.tasks);
        for (const TimelineProcess& process : timeline.processes) {
            QCOMPARE(process.pid == ::getpid(), inTheTool);
            QVERIFY2(
                inTheTool ? process.name == u"conlab" : process.name.startsWith(u"worker "), qPrintable(process.name));
        }
        QCOMPARE(timeline.lanes.at(0).overlapping, spec.strategy == StrategyKind::Async);
        // Every task's bar is as long as its task, within generous bounds for a loaded machine.
        for (const TimelineBar& bar : timeline.bars)
            QVERIFY2(bar.end - bar.start >= 0.029 && bar.end - bar.start < 2.0, qPrintable(QString::number(bar.task)));
        QVERIFY(qAbs(timeline.breakdown.total() - run.seconds) < 1e-9);
        QVERIFY(timeline.breakdown.work >= 0.029);
        QVERIFY(timeline.firstStart >= 0 && timeline.lastEnd <= run.seconds);
        verifyTraceMatches(run, runToChromeTrace(run));
    }
};

QTEST_GUILESS_MAIN(TestTimeline)
#include "tst_timeline.moc"
