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
