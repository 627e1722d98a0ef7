// The run types: names, defaults and the article's ideal bound.

#include "runresult.h"

#include <QTest>
#include <limits>

namespace {
RunSpec spec(StrategyKind strategy, int tasks, int threads = 0, int processes = 0, int taskMs = 100)
{
    RunSpec s;
    s.strategy = strategy;
    s.tasks = tasks;
    s.threads = threads;
    s.processes = processes;
    s.taskMs = taskMs;
    return s;
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
        QTest::addRow("sequential") << spec(StrategyKind::Sequential, 100, 50, 4) << 1 << 1 << 1;
        QTest::addRow("threads: one per task") << spec(StrategyKind::Threads, 100) << 100 << 1 << 100;
        QTest::addRow("threads: a pool of 16") << spec(StrategyKind::Threads, 100, 16) << 16 << 1 << 16;
        QTest::addRow("processes: the cores") << spec(StrategyKind::Processes, 100) << 1 << 8 << 8;
        // The article's blended runs: 8 processes, ceil(100 / 8) = 13 threads each.
        QTest::addRow("blended: article") << spec(StrategyKind::Blended, 100) << 13 << 8 << 104;
        QTest::addRow("blended: capped threads") << spec(StrategyKind::Blended, 100, 5) << 5 << 8 << 40;
        QTest::addRow("blended: cap above share") << spec(StrategyKind::Blended, 100, 50, 2) << 50 << 2 << 100;
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
        QTest::addRow("sequential 100 x 2 s") << spec(StrategyKind::Sequential, 100, 0, 0, 2000) << 200.0;
        QTest::addRow("8 processes") << spec(StrategyKind::Processes, 100, 0, 8, 2000) << 26.0; // ceil(100/8) = 13
        QTest::addRow("8 threads") << spec(StrategyKind::Threads, 100, 8, 0, 2000) << 26.0;
        QTest::addRow("16 threads") << spec(StrategyKind::Threads, 100, 16, 0, 2000) << 14.0;
        QTest::addRow("100 threads") << spec(StrategyKind::Threads, 100, 0, 0, 2000) << 2.0;
        QTest::addRow("blended 8 x 13") << spec(StrategyKind::Blended, 100, 0, 8, 2000) << 2.0;
        QTest::addRow("blended capped at 5") << spec(StrategyKind::Blended, 100, 5, 8, 2000) << 6.0; // ceil(13/5)
    }

    void idealBound()
    {
        QFETCH(RunSpec, requested);
        QFETCH(double, ideal);
        QCOMPARE(idealSeconds(resolvedRunSpec(requested, 8), 8), ideal);
    }

    void cpuWorkIsBoundByCores()
    {
        RunSpec cpu = spec(StrategyKind::Threads, 100, 0, 0, 10);
        cpu.workload = WorkloadKind::Cpu;
        // 100 threads, but 2 cores: 100 x 10 ms / 2 = 0.5 s at best.
        QCOMPARE(idealSeconds(resolvedRunSpec(cpu, 2), 2), 0.5);
    }

    void pythonChunkSize()
    {
        QCOMPARE(::pythonChunkSize(100, 8), 4); // ceil(100 / 32)
        QCOMPARE(::pythonChunkSize(1000, 2), 125);
        QCOMPARE(::pythonChunkSize(3, 8), 1);
    }

    void workerCountsBeyondAnIntDoNotOverflow()
    {
        // Found by fuzz_csv: a result file may name 65536 processes of 65536 threads, and the product of the two
        // overflowed an int (tests/fuzz/corpus/csv/all-columns.csv).
        const RunSpec huge = spec(StrategyKind::Blended, 100, 65536, 65536, 2000);
        QCOMPARE(parallelWorkers(huge), std::numeric_limits<int>::max());
        QCOMPARE(idealSeconds(huge, 0), 2.0);
        QCOMPARE(::pythonChunkSize(100, std::numeric_limits<int>::max()), 1);
    }
};

QTEST_GUILESS_MAIN(TestRunResult)
#include "tst_runresult.moc"
