#pragma once

#include "runresult.h"

#include <QList>
#include <QString>

struct MachineInfo;

// The article's experiment as data: strategies x task counts x repeats over one workload.
struct SweepPlan
{
    QList<StrategyKind> strategies;
    QList<int> taskCounts;
    int repeats = 1;
    RunSpec base; // workload, task_ms, threads, processes and chunksize shared by every run

    // Every run in the order it will happen: repeat by repeat, task count by task count, and within that the
    // strategies in turn (A B C A B C ...), so a noisy moment on the machine does not favour one strategy.
    QList<RunSpec> runs() const;

    // The first thing wrong with the plan, in words that name the parameter; empty if it can run.
    QString problem() const;
};

// Limits on what a plan may ask for. Beyond them a run is not an experiment but a mistake (10^9 tasks would need
// 50 GB of traces), so the plan is refused before anything starts.
namespace PlanLimits {
constexpr int MaxTasks = 1'000'000;
constexpr int MaxThreads = 1'000'000;
constexpr int MaxProcesses = 4096;
constexpr int MaxTaskMs = 3'600'000;
constexpr int MaxRepeats = 100'000;
constexpr int MaxRuns = 1'000'000;
} // namespace PlanLimits

// "N", "FROM:TO:STEP" or "A,B,C" into task counts; an empty list and a message naming the problem if malformed.
QList<int> parseTaskCounts(QStringView text, QString* error);

// "threads,blended" or "all" into strategies.
QList<StrategyKind> parseStrategies(QStringView text, QString* error);
