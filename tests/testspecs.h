#pragma once
// The one way the tests write a run spec: the strategy, then each setting by its name, so no call depends on the order
// of numbers (spec(Threads, 10, 100) once meant 100 ms in one suite and 100 threads in another):
//
//     specOf(StrategyKind::Threads).tasks(10).taskMs(100).threads(4)
//
// A setting left out keeps RunSpec's default: the sleep workload, 100 ms, 1 task, threads and processes 0 (the
// strategy's default), chunks of one task, repeat 1. The result converts to RunSpec wherever one is expected, and a
// data row takes it as a RunSpec (`QTest::addRow("...") << specOf(...)` fills a RunSpec column).

#include "runresult.h"
#include "workload.h"

#include <QTest>

class SpecBuilder
{
public:
    explicit SpecBuilder(StrategyKind strategy) { m_spec.strategy = strategy; }

    [[nodiscard]] SpecBuilder workload(WorkloadKind workload) const { return with(&RunSpec::workload, workload); }
    [[nodiscard]] SpecBuilder tasks(int tasks) const { return with(&RunSpec::tasks, tasks); }
    [[nodiscard]] SpecBuilder taskMs(int taskMs) const { return with(&RunSpec::taskMs, taskMs); }
    [[nodiscard]] SpecBuilder threads(int threads) const { return with(&RunSpec::threads, threads); }
    [[nodiscard]] SpecBuilder processes(int processes) const { return with(&RunSpec::processes, processes); }
    [[nodiscard]] SpecBuilder chunksize(int chunksize) const { return with(&RunSpec::chunksize, chunksize); }
    [[nodiscard]] SpecBuilder repeat(int repeat) const { return with(&RunSpec::repeat, repeat); }
    [[nodiscard]] SpecBuilder runtime(RuntimeKind runtime) const { return with(&RunSpec::runtime, runtime); }
    [[nodiscard]] SpecBuilder options(const WorkloadOptions& options) const { return with(&RunSpec::options, options); }

    const RunSpec& spec() const { return m_spec; }
    operator RunSpec() const { return m_spec; } // NOLINT(google-explicit-constructor): a builder stands for its spec

private:
    template<typename Value> SpecBuilder with(Value RunSpec::*field, Value value) const
    {
        SpecBuilder copy = *this;
        copy.m_spec.*field = value;
        return copy;
    }

    RunSpec m_spec;
};

inline SpecBuilder specOf(StrategyKind strategy)
{
    return SpecBuilder(strategy);
}

// The settings a workload is made with directly, bypassing the engine: the task duration and the CPU calibration.
inline WorkloadSettings workloadSettings(int taskMs, int64_t cpuIterationsPerMs = 1)
{
    WorkloadSettings settings;
    settings.taskMs = taskMs;
    settings.cpuIterationsPerMs = cpuIterationsPerMs;
    return settings;
}

// QTest's operator<< takes the type as written, and a column of RunSpec refuses a SpecBuilder.
inline QTestData& operator<<(QTestData& data, const SpecBuilder& builder)
{
    return data << builder.spec();
}

// Runs as a sweep with --runtime records them: `strategies` at 100, 200, ... `lastTasks` tasks of 50 ms, twice each,
// in each of `runtimes`; python's pools cost more per task, and its interpreter took 81,234 us to start.
inline QList<RunResult> runtimeSweep(const QList<RuntimeKind>& runtimes = allRuntimes(),
    const QList<StrategyKind>& strategies = { StrategyKind::Threads, StrategyKind::Blended }, int processes = 2,
    int lastTasks = 500)
{
    QList<RunResult> runs;
    for (int repeat = 1; repeat <= 2; ++repeat) {
        for (int tasks = 100; tasks <= lastTasks; tasks += 100) {
            for (StrategyKind strategy : strategies) {
                for (RuntimeKind runtime : runtimes) {
                    RunSpec spec = specOf(strategy).tasks(tasks).taskMs(50).processes(processes).repeat(repeat);
                    spec.runtime = runtime;
                    RunResult run;
                    run.spec = resolvedRunSpec(spec, 2);
                    run.idealSeconds = idealSeconds(run.spec, 0);
                    const bool python = runtime == RuntimeKind::Python;
                    run.seconds = run.idealSeconds + (python ? 4e-4 : 1e-4) * tasks + 0.002 * repeat;
                    run.resources.runtimeStartupUs = python ? 81'234 : 0;
                    runs.append(run);
                }
            }
        }
    }
    return runs;
}
