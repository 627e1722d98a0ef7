// The run types: names, defaults and the article's ideal bound.

#include "runresult.h"
#include "testspecs.h"

#include <QTest>
#include <algorithm>
#include <functional>
#include <limits>

namespace {
// A piece of work handed out whole (a task, or a chunk of tasks), its length in tasks and the workers that may run it.
struct Unit
{
    int tasks = 1;
    QList<int> workers;
};

// The fewest tasks on the busiest worker over every way of assigning the units: a brute force, for small cases.
int bestBusiest(const QList<Unit>& units, int workerCount)
{
    QList<int> load(workerCount, 0);
    int best = std::numeric_limits<int>::max();
    std::function<void(int)> assign = [&](int unit) {
        const int busiest = *std::max_element(load.begin(), load.end());
        if (busiest >= best)
            return;
        if (unit == units.size()) {
            best = busiest;
            return;
        }
        for (int worker : units.at(unit).workers) {
            load[worker] += units.at(unit).tasks;
            assign(unit + 1);
            load[worker] -= units.at(unit).tasks;
        }
    };
    assign(0);
    return best;
}

QList<int> range(int first, int count)
{
    QList<int> values;
    for (int i = 0; i < count; ++i)
        values.append(first + i);
    return values;
}

// How the engine hands out n tasks, restated from the strategies' own descriptions, as units for bestBusiest().
// chunk: the processes strategy's chunk size, 0 for Python's rule (divmod(n, 4 * C), plus one if there is a rest).
QList<Unit> handOut(StrategyKind strategy, int n, int threads, int processes, int chunk, int* workerCount)
{
    QList<Unit> units;
    switch (strategy) {
    case StrategyKind::Sequential:
        *workerCount = 1;
        for (int i = 0; i < n; ++i)
            units.append(Unit { 1, { 0 } });
        break;
    case StrategyKind::Threads:
        *workerCount = threads;
        for (int i = 0; i < n; ++i)
            units.append(Unit { 1, range(0, threads) });
        break;
    case StrategyKind::Processes: {
        if (chunk == 0)
            chunk = n / (4 * processes) + (n % (4 * processes) ? 1 : 0);
        *workerCount = processes;
        for (int first = 0; first < n; first += chunk)
            units.append(Unit { std::min(chunk, n - first), range(0, processes) });
        break;
    }
    case StrategyKind::Blended: {
        // Process i gets tasks [i * share, (i + 1) * share) and runs them on min(T, its count) threads of its own.
        const int share = (n + processes - 1) / processes;
        *workerCount = processes * threads;
        for (int p = 0; p * share < n; ++p) {
            const int count = std::min(share, n - p * share);
            for (int i = 0; i < count; ++i)
                units.append(Unit { 1, range(p * threads, std::min(threads, count)) });
        }
        break;
    }
    case StrategyKind::Async:
        // Every task waits on the loop at once: each is a worker of its own.
        *workerCount = n;
        for (int i = 0; i < n; ++i)
            units.append(Unit { 1, { i } });
        break;
    }
    return units;
}
} // namespace

class TestRunResult : public QObject
{
    Q_OBJECT
private slots:
    void namesRoundTrip()
    {
        for (StrategyKind kind : allStrategies()) {
            QCOMPARE(strategyFromName(strategyName(kind)), kind);
            QVERIFY(!strategyDescription(kind).isEmpty());
        }
        QCOMPARE(strategyFromName(u"THREADS"), StrategyKind::Threads);
        QCOMPARE(strategyFromName(u"fibers"), std::nullopt);
        for (RunStatus status :
            { RunStatus::Ok, RunStatus::Refused, RunStatus::Crashed, RunStatus::Cancelled, RunStatus::Failed })
            QCOMPARE(statusFromName(statusName(status)), status);
        QCOMPARE(workloadFromName(u"cpu"), WorkloadKind::Cpu);
        QCOMPARE(chunksizeFromName(u"python"), ChunkPythonRule);
        QCOMPARE(chunksizeFromName(u"1"), ChunkOneAtATime);
        QCOMPARE(chunksizeFromName(u"8"), 8);
        QCOMPARE(chunksizeFromName(u"0"), std::nullopt);
        QCOMPARE(chunksizeName(ChunkPythonRule), u"python"_qs);
    }

    void defaultsResolve_data()
    {
        QTest::addColumn<RunSpec>("requested");
        QTest::addColumn<int>("threads");
        QTest::addColumn<int>("processes");
        QTest::addColumn<int>("workers");
        // On a machine with 8 cores, like the article's.
        QTest::addRow("sequential") << specOf(StrategyKind::Sequential).tasks(100).threads(50).processes(4) << 1 << 1
                                    << 1;
        QTest::addRow("threads: one per task") << specOf(StrategyKind::Threads).tasks(100) << 100 << 1 << 100;
        QTest::addRow("threads: a pool of 16") << specOf(StrategyKind::Threads).tasks(100).threads(16) << 16 << 1 << 16;
        QTest::addRow("processes: the cores") << specOf(StrategyKind::Processes).tasks(100) << 1 << 8 << 8;
        // The article's blended runs: 8 processes, ceil(100 / 8) = 13 threads each.
        QTest::addRow("blended: article") << specOf(StrategyKind::Blended).tasks(100) << 13 << 8 << 104;
        QTest::addRow("blended: capped threads") << specOf(StrategyKind::Blended).tasks(100).threads(5) << 5 << 8 << 40;
        QTest::addRow("blended: cap above share")
            << specOf(StrategyKind::Blended).tasks(100).threads(50).processes(2) << 50 << 2 << 100;
    }

    void defaultsResolve()
    {
        QFETCH(RunSpec, requested);
        QFETCH(int, threads);
        QFETCH(int, processes);
        QFETCH(int, workers);
        const RunSpec resolved = resolvedRunSpec(requested, 8);
        QCOMPARE(resolved.threads, threads);
        QCOMPARE(resolved.processes, processes);
        QCOMPARE(parallelWorkers(resolved), workers);
    }

    void idealBound_data()
    {
        QTest::addColumn<RunSpec>("requested");
        QTest::addColumn<double>("ideal");
        // The article's own numbers: 100 tasks of 2 s.
        QTest::addRow("sequential 100 x 2 s") << specOf(StrategyKind::Sequential).tasks(100).taskMs(2000) << 200.0;
        QTest::addRow("8 processes") << specOf(StrategyKind::Processes).tasks(100).taskMs(2000).processes(8)
                                     << 26.0; // ceil(100/8) = 13
        QTest::addRow("8 threads") << specOf(StrategyKind::Threads).tasks(100).taskMs(2000).threads(8) << 26.0;
        QTest::addRow("16 threads") << specOf(StrategyKind::Threads).tasks(100).taskMs(2000).threads(16) << 14.0;
        QTest::addRow("100 threads") << specOf(StrategyKind::Threads).tasks(100).taskMs(2000) << 2.0;
        QTest::addRow("blended 8 x 13") << specOf(StrategyKind::Blended).tasks(100).taskMs(2000).processes(8) << 2.0;
        QTest::addRow("blended capped at 5")
            << specOf(StrategyKind::Blended).tasks(100).taskMs(2000).threads(5).processes(8) << 6.0; // ceil(13/5)
    }

    void idealBound()
    {
        QFETCH(RunSpec, requested);
        QFETCH(double, ideal);
        QCOMPARE(idealSeconds(resolvedRunSpec(requested, 8), 8), ideal);
    }

    void cpuWorkIsBoundByCores()
    {
        RunSpec cpu = specOf(StrategyKind::Threads).tasks(100).taskMs(10);
        cpu.workload = WorkloadKind::Cpu;
        // 100 threads, but 2 cores: 100 x 10 ms / 2 = 0.5 s at best.
        QCOMPARE(idealSeconds(resolvedRunSpec(cpu, 2), 2), 0.5);
    }

    // An event loop computes one task at a time while the others' waits overlap: a mixed task's computing part is
    // serialised over each loop's share, and the last one's wait follows it; the cores do not help.
    void asyncComputesOneTaskAtATime()
    {
        WorkloadOptions computing;
        computing.cpuMs = 10;
        RunSpec mixed = specOf(StrategyKind::Async).tasks(4).taskMs(50).options(computing);
        mixed.workload = WorkloadKind::Mixed;
        QCOMPARE(idealSeconds(resolvedRunSpec(mixed, 8), 8), 4 * 0.010 + 0.050);
        mixed.processes = 2; // two loops, two tasks each
        QCOMPARE(idealSeconds(resolvedRunSpec(mixed, 8), 8), 2 * 0.010 + 0.050);
        RunSpec threads = specOf(StrategyKind::Threads).tasks(4).taskMs(50).options(computing);
        threads.workload = WorkloadKind::Mixed;
        QCOMPARE(idealSeconds(resolvedRunSpec(threads, 8), 8), 0.010 + 0.050); // four threads compute side by side
    }

    // In CPython, ThreadPool(T).map hands out chunks of ceil(n / 4T): the article's 100 tasks of 2 s on 8 threads
    // go in chunks of 4, 16 tasks on the busiest thread, 32 s at best (the article measured 32.08 s); the engine's
    // one-at-a-time hand-out needs 13 rounds, 26 s. Under CPython's lock, threads compute one at a time.
    void pythonRuntimeBoundsFollowCPython()
    {
        const SpecBuilder article = specOf(StrategyKind::Threads).tasks(100).taskMs(2000).threads(8);
        QCOMPARE(idealSeconds(resolvedRunSpec(article, 8), 8), 26.0);
        QCOMPARE(idealSeconds(resolvedRunSpec(article.runtime(RuntimeKind::Python), 8), 8), 32.0);
        // One thread per task: chunks of one, as the engine's.
        const RunSpec perTask = specOf(StrategyKind::Threads).tasks(100).taskMs(2000).runtime(RuntimeKind::Python);
        QCOMPARE(idealSeconds(resolvedRunSpec(perTask, 8), 8), 2.0);
        // Blended's shares of 13 on ThreadPool(5): chunks of ceil(13 / 20) = 1, so 3 rounds, as the engine's.
        const RunSpec capped = specOf(StrategyKind::Blended)
                                   .tasks(100)
                                   .taskMs(2000)
                                   .threads(5)
                                   .processes(8)
                                   .runtime(RuntimeKind::Python);
        QCOMPARE(idealSeconds(resolvedRunSpec(capped, 8), 8), 6.0);
        // Blended's shares of 250 on ThreadPool(10): chunks of 7, so 35 chunks on 10 threads: 4 rounds of 7 tasks.
        const RunSpec chunked = specOf(StrategyKind::Blended)
                                    .tasks(1000)
                                    .taskMs(100)
                                    .threads(10)
                                    .processes(4)
                                    .runtime(RuntimeKind::Python);
        QCOMPARE(idealSeconds(resolvedRunSpec(chunked, 8), 8), 2.8);
        RunSpec cpu = specOf(StrategyKind::Threads).tasks(10).taskMs(10).runtime(RuntimeKind::Python);
        cpu.workload = WorkloadKind::Cpu;
        QCOMPARE(idealSeconds(resolvedRunSpec(cpu, 8), 8), 0.1); // one at a time, whatever the cores
        cpu.strategy = StrategyKind::Processes; // a lock per process: the cores are the limit again
        QCOMPARE(idealSeconds(resolvedRunSpec(cpu, 2), 2), 0.05);
    }

    void pythonChunkSize()
    {
        QCOMPARE(::pythonChunkSize(100, 8), 4); // ceil(100 / 32)
        QCOMPARE(::pythonChunkSize(1000, 2), 125);
        QCOMPARE(::pythonChunkSize(3, 8), 1);
    }

    void idealBoundIsTheBestScheduleOfTheHandOut_data()
    {
        QTest::addColumn<RunSpec>("requested");
        QTest::addColumn<int>("cores");
        QTest::addColumn<double>("ideal");
        const int taskMs = 10;
        const double h = taskMs / 1000.0;
        auto add = [&](const RunSpec& requested, int threads, int processes, int chunk) {
            int workers = 0;
            const QList<Unit> units = handOut(requested.strategy, requested.tasks, threads, processes, chunk, &workers);
            const int best = bestBusiest(units, workers);
            const QString name = QStringLiteral("%1 n=%2 T=%3 C=%4 K=%5")
                                     .arg(strategyName(requested.strategy))
                                     .arg(requested.tasks)
                                     .arg(threads)
                                     .arg(processes)
                                     .arg(chunksizeName(requested.chunksize));
            QTest::addRow("%s sleep", qPrintable(name)) << requested << 2 << h * best;
            // A CPU workload on P cores: McNaughton's bound for preemptive scheduling, max(busiest, total / P). An
            // event loop computes one task at a time, so each of its C loops (one by default) computes its share of
            // ⌈n / C⌉ tasks whole.
            RunSpec cpu = requested;
            cpu.workload = WorkloadKind::Cpu;
            const int loops = std::max(1, processes);
            const double oneAtATime
                = requested.strategy == StrategyKind::Async ? h * ((requested.tasks + loops - 1) / loops) : 0;
            for (int cores = 1; cores <= 3; ++cores)
                QTest::addRow("%s cpu on %d cores", qPrintable(name), cores)
                    << cpu << cores << std::max({ h * best, h * requested.tasks / cores, oneAtATime });
        };
        for (int n = 1; n <= 7; ++n) {
            add(specOf(StrategyKind::Sequential).tasks(n).taskMs(taskMs), 1, 1, 1);
            for (int t = 1; t <= 3; ++t)
                add(specOf(StrategyKind::Threads).tasks(n).taskMs(taskMs).threads(t), t, 1, 1);
            for (int c = 1; c <= 3; ++c) {
                for (int k : { 1, 2, 3, 5, 100, ChunkPythonRule }) {
                    RunSpec processes = specOf(StrategyKind::Processes).tasks(n).taskMs(taskMs).processes(c);
                    processes.chunksize = k == 1 ? ChunkOneAtATime : k;
                    add(processes, 1, c, k == ChunkPythonRule ? 0 : k);
                }
                for (int t = 1; t <= 3; ++t) {
                    // The thread cap is min(T, share): resolvedRunSpec() applies it, the hand-out restates it.
                    add(specOf(StrategyKind::Blended).tasks(n).taskMs(taskMs).threads(t).processes(c), t, c, 1);
                }
                add(specOf(StrategyKind::Async).tasks(n).taskMs(taskMs).processes(c), 1, c, 1);
            }
            add(specOf(StrategyKind::Async).tasks(n).taskMs(taskMs), 1, 0, 1);
        }
        // The example: 4 tasks in one chunk of 100 run on one worker, 4 x 20 ms.
        RunSpec example = specOf(StrategyKind::Processes).tasks(4).taskMs(20).processes(2);
        example.chunksize = 100;
        QTest::addRow("issue 8: 4 tasks, 2 processes, chunksize 100") << example << 2 << 0.080;
        // Python's rule for 100 tasks on 8 workers: chunks of 4, 25 chunks, 4 rounds (the last with one chunk).
        RunSpec python = specOf(StrategyKind::Processes).tasks(100).taskMs(2000).processes(8);
        python.chunksize = ChunkPythonRule;
        QTest::addRow("python rule, 100 tasks on 8") << python << 8 << 2.0 * (3 * 4 + 4);
    }

    void idealBoundIsTheBestScheduleOfTheHandOut()
    {
        QFETCH(RunSpec, requested);
        QFETCH(int, cores);
        QFETCH(double, ideal);
        QCOMPARE(idealSeconds(resolvedRunSpec(requested, cores), cores), ideal);
    }

    void pythonRuleSurvivesResolution()
    {
        RunSpec python = specOf(StrategyKind::Processes).tasks(100).processes(8);
        python.chunksize = ChunkPythonRule;
        const RunSpec resolved = resolvedRunSpec(python, 2);
        QCOMPARE(resolved.chunksize, ChunkPythonRule);
        QCOMPARE(chunksizeName(resolved.chunksize), u"python"_qs);
        QCOMPARE(effectiveChunkSize(resolved), 4); // ceil(100 / 32)
        RunSpec fewer = resolved;
        fewer.tasks = 10;
        QCOMPARE(effectiveChunkSize(fewer), 1);
        // A stated chunk larger than the run is the run.
        RunSpec big = resolved;
        big.chunksize = 100;
        big.tasks = 4;
        QCOMPARE(effectiveChunkSize(big), 4);
        QCOMPARE(effectiveChunkSize(resolvedRunSpec(specOf(StrategyKind::Threads).tasks(10), 2)), 1);
    }

    void runBelowItsBoundSaysSo()
    {
        RunResult run;
        run.spec = resolvedRunSpec(specOf(StrategyKind::Threads).tasks(4).taskMs(20).threads(2), 2);
        run.idealSeconds = idealSeconds(run.spec, 2);
        run.seconds = 0.031;
        QCOMPARE(belowIdealBoundNote(run),
            u"finished in 0.031 s, below its ideal bound of 0.040 s: the CPU calibration or the clock is wrong"_qs);
        run.seconds = 0.03999;
        QVERIFY2(belowIdealBoundNote(run).startsWith(u"finished in 0.03999 s, below its ideal bound of 0.04000 s"_qs),
            qPrintable(belowIdealBoundNote(run)));
        run.seconds = 0.040;
        QCOMPARE(belowIdealBoundNote(run), QString());
        run.seconds = 0.001;
        run.status = RunStatus::Cancelled; // an unfinished run ran less than the bound counts
        QCOMPARE(belowIdealBoundNote(run), QString());
    }

    void workerCountsBeyondAnIntDoNotOverflow()
    {
        // Found by fuzz_csv: a result file may name 65536 processes of 65536 threads, and the product of the two
        // overflowed an int (tests/fuzz/corpus/csv/all-columns.csv).
        const RunSpec huge = specOf(StrategyKind::Blended).tasks(100).taskMs(2000).threads(65536).processes(65536);
        QCOMPARE(parallelWorkers(huge), std::numeric_limits<int>::max());
        QCOMPARE(idealSeconds(huge, 0), 2.0);
        QCOMPARE(::pythonChunkSize(100, std::numeric_limits<int>::max()), 1);
    }
};

QTEST_GUILESS_MAIN(TestRunResult)
#include "tst_runresult.moc"
