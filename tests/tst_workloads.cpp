// The registries of strategies and workloads, and the resumable form of a workload's tasks (exec/workload.h).

#include "canceltoken.h"
#include "monotonicclock.h"
#include "strategies.h"
#include "strategy.h"
#include "testspecs.h"
#include "workload.h"

#include <QSet>
#include <QTest>
#include <ctime>
#include <poll.h>
#include <vector>

namespace {
// The least an event loop does: waits for the earliest deadline of the tasks it drives with ppoll() on one thread,
// then resumes every task whose deadline passed. Descriptors are not needed by the workloads here. Returns the number
// of resume() calls; `doneAtNs` receives when each task was seen done (0 if it did not finish).
struct LoopOutcome
{
    qint64 resumes = 0;
    std::vector<int64_t> doneAtNs;
    std::vector<int64_t> startedAtNs;
    std::vector<TaskWait::For> endings;
};

LoopOutcome driveOnOneThread(std::vector<std::unique_ptr<ResumableTask>>& tasks, const CancelToken& cancel)
{
    LoopOutcome outcome;
    const size_t n = tasks.size();
    outcome.doneAtNs.assign(n, 0);
    outcome.startedAtNs.assign(n, 0);
    outcome.endings.assign(n, TaskWait::For::Done);
    std::vector<TaskWait> waits(n);
    std::vector<bool> started(n, false);
    size_t unfinished = n;
    while (unfinished > 0) {
        const int64_t now = monotonicNowNs();
        int64_t earliest = -1;
        for (size_t i = 0; i < n; ++i) {
            if (started[i] && waits[i].finished())
                continue;
            const bool due = !started[i] || waits[i].deadlineNs <= now || cancel.isCancelled();
            if (due) {
                if (!started[i])
                    outcome.startedAtNs[i] = now;
                started[i] = true;
                waits[i] = tasks[i]->resume(cancel);
                ++outcome.resumes;
                if (waits[i].finished()) {
                    outcome.doneAtNs[i] = monotonicNowNs();
                    outcome.endings[i] = waits[i].what;
                    --unfinished;
                    continue;
                }
                // This loop waits for time only.
                if (waits[i].what != TaskWait::For::Deadline)
                    qFatal("a task waits for something other than a deadline");
            }
            if (earliest < 0 || waits[i].deadlineNs < earliest)
                earliest = waits[i].deadlineNs;
        }
        if (unfinished == 0 || earliest < 0)
            continue;
        const int64_t wait = std::max<int64_t>(0, earliest - monotonicNowNs());
        const timespec timeout { time_t(wait / 1'000'000'000), long(wait % 1'000'000'000) };
        ppoll(nullptr, 0, &timeout, nullptr);
    }
    return outcome;
}
} // namespace

class TestWorkloads : public QObject
{
    Q_OBJECT

private slots:
    // Every workload is found by its kind and its name, makes its tasks, and its name reads back.
    void everyWorkloadIsRegisteredOnce()
    {
        QSet<QString> names;
        QVERIFY(!allWorkloads().empty());
        for (const WorkloadDescription* description : allWorkloads()) {
            const QString name = QString::fromLatin1(description->name);
            QVERIFY2(!name.isEmpty() && !names.contains(name), qPrintable(name));
            names.insert(name);
            QCOMPARE(findWorkload(description->kind), description);
            QCOMPARE(findWorkload(description->name), description);
            QCOMPARE(workloadFromName(name.toUpper()), description->kind);
            QCOMPARE(workloadName(description->kind), name);
            QVERIFY(!description->label.empty() && !description->help.empty());
            QVERIFY(description->make(workloadSettings(1, 1000)) != nullptr);
        }
        QCOMPARE(findWorkload(WorkloadKind::Unknown), nullptr);
        QCOMPARE(findWorkload(std::string_view("nap")), nullptr);
        QCOMPARE(allWorkloadKinds().size(), qsizetype(allWorkloads().size()));
    }

    // Every strategy has a name that reads back, help, an implementation, and a resolved spec it can bound.
    void everyStrategyIsRegisteredOnce()
    {
        QSet<QString> names;
        const QList<StrategyKind> strategies = allStrategies();
        QVERIFY(strategies.size() >= 4);
        for (StrategyKind kind : strategies) {
            const StrategyDescription& description = describeStrategy(kind);
            QCOMPARE(description.kind, kind);
            const QString name = strategyName(kind);
            QVERIFY2(!name.isEmpty() && !names.contains(name), qPrintable(name));
            names.insert(name);
            QCOMPARE(strategyFromName(name.toUpper()), kind);
            QVERIFY(!strategyDescription(kind).isEmpty());
            QVERIFY(!description.styleKey.isEmpty());
            QVERIFY(makeStrategy(kind) != nullptr);
            const RunSpec resolved = resolvedRunSpec(specOf(kind).taskMs(100).tasks(10), 2);
            QVERIFY(resolved.threads > 0 && resolved.processes >= 0 && workersKnown(resolved));
            QVERIFY(idealSeconds(resolved, 2) >= 0.1);
            for (RunSetting setting : { RunSetting::Threads, RunSetting::Processes, RunSetting::Chunksize })
                QCOMPARE(strategiesReading(setting).contains(kind), description.reads(setting));
        }
        QVERIFY(!strategyFromName(u"fibers"));
    }

    // A few hundred sleep tasks driven through their resumable form on one thread: they wait together, so the whole
    // batch takes about one task's time, not n times it; none ends before its own duration.
    void resumableSleepTasksShareOneThread()
    {
        constexpr int tasks = 300;
        constexpr int taskMs = 100;
        const auto workload = makeWorkload(WorkloadKind::Sleep, workloadSettings(taskMs, 1));
        std::vector<std::unique_ptr<ResumableTask>> resumables;
        for (int i = 0; i < tasks; ++i)
            resumables.push_back(workload->startTask(i));
        CancelToken never;
        const int64_t start = monotonicNowNs();
        const LoopOutcome outcome = driveOnOneThread(resumables, never);
        const double seconds = double(monotonicNowNs() - start) / 1e9;
        // n x task_ms is 30 s; waiting together takes 0.1 s and a loaded machine a few times that.
        qInfo("%d sleep tasks of %d ms on one thread: %.3f s, %lld resumes", tasks, taskMs, seconds, outcome.resumes);
        QVERIFY2(seconds < 3.0, qPrintable(QString::number(seconds)));
        for (int i = 0; i < tasks; ++i) {
            QCOMPARE(outcome.endings[size_t(i)], TaskWait::For::Done);
            QVERIFY(outcome.doneAtNs[size_t(i)] - outcome.startedAtNs[size_t(i)] >= int64_t(taskMs) * 1'000'000);
        }
        // Woken at deadlines, not polled in a spin: a handful of resumes per task.
        QVERIFY2(outcome.resumes < qint64(tasks) * 10, qPrintable(QString::number(outcome.resumes)));
    }

    void resumableSleepTaskStopsOnCancel()
    {
        const auto workload = makeWorkload(WorkloadKind::Sleep, workloadSettings(60'000, 1));
        const auto task = workload->startTask(0);
        CancelToken cancel;
        const TaskWait first = task->resume(cancel);
        QCOMPARE(first.what, TaskWait::For::Deadline);
        QVERIFY(first.deadlineNs > monotonicNowNs() + 50'000'000'000);
        cancel.cancel();
        QCOMPARE(task->resume(cancel).what, TaskWait::For::Cancelled);
    }

    // The cpu workload has no wait to give back: its resumable form computes the whole task in its first resume(),
    // blocking the loop that long.
    void resumableCpuTaskComputesInOneStep()
    {
        const int64_t perMs = calibrateCpuIterationsPerMs();
        const auto workload = makeWorkload(WorkloadKind::Cpu, workloadSettings(20, perMs));
        const auto task = workload->startTask(0);
        CancelToken never;
        const int64_t start = monotonicNowNs();
        QCOMPARE(task->resume(never).what, TaskWait::For::Done);
        // About 20 ms of computing; a loaded machine only makes it longer.
        QVERIFY2(monotonicNowNs() - start >= 10'000'000, qPrintable(QString::number(monotonicNowNs() - start)));
    }
};

QTEST_GUILESS_MAIN(TestWorkloads)
#include "tst_workloads.moc"
