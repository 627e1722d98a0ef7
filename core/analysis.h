#pragma once

#include "costmodel.h"
#include "quadraticfit.h"
#include "runresult.h"
#include "statistics.h"

#include <QList>
#include <QMetaType>
#include <QString>
#include <optional>

enum class FitTarget
{
    Mean,
    Median,
};

struct AnalysisOptions
{
    FitTarget fitTo = FitTarget::Mean;
    // Leave the runs flagged as outliers (see describeSample()) out of each point's statistics, the trendline and the
    // cost model. Flags are always computed on the full sample of a point and never iterated.
    bool dropOutliers = false;
};

// One measured task count of one strategy.
struct TaskCountPoint
{
    int tasks = 0;
    // Statistics of the values used: all of `seconds`, or with dropOutliers only the values not flagged. `outlier`
    // and `outlierCount` always describe the full sample and `outlier` is parallel to `seconds`; `count` is the
    // number of values used.
    SampleStats stats;
    QList<double> seconds; // every OK run at this task count, in input order
    double idealSeconds = 0; // the h ceil(n / w) bound: the runs' own idealSeconds when set, else idealSeconds(spec, 0)
};

struct StrategyAnalysis
{
    StrategyKind strategy = StrategyKind::Threads;
    int workers = 0; // typical w: the median of parallelWorkers() over the strategy's OK runs
    QList<TaskCountPoint> points; // ascending tasks; only task counts with at least one OK run
    QuadraticFit fit; // of the point means (or medians) against tasks
    CostModel model;
    int okRuns = 0;
    int failedRuns = 0; // refused, crashed, cancelled or failed: excluded from every statistic
    int workersMin = 0; // the range of w over the OK runs (one thread per task makes w grow with n)
    int workersMax = 0;
};

// A task count n > 0 at which two strategies' trendlines cross.
struct Crossover
{
    StrategyKind fasterBefore = StrategyKind::Threads; // lower trendline just below `tasks`
    StrategyKind fasterAfter = StrategyKind::Threads; // lower trendline just above `tasks`
    double tasks = 0;
    bool withinMeasuredRange = false; // inside the task range both strategies were measured over
};

// One band of task counts with the same verdict.
struct DecisionRow
{
    WorkloadKind workload = WorkloadKind::Sleep;
    int taskMs = 0;
    int fromTasks = 0;
    int toTasks = 0;
    std::optional<StrategyKind> winner; // nullopt: no clear winner
    StrategyKind leader = StrategyKind::Threads; // lowest mean
    std::optional<StrategyKind> runnerUp; // nullopt when the leader was the only strategy measured
    double margin = 0; // runner-up mean / leader mean - 1; the smallest over the band
};

struct AnalysisReport
{
    WorkloadKind workload = WorkloadKind::Sleep; // Unknown when the runs' file did not say
    int taskMs = 0; // TaskMsUnknown when the runs' file did not say
    AnalysisOptions options;
    SweepCoverage coverage; // of the whole set of runs the report is part of: an interrupted sweep says so
    QList<StrategyAnalysis> strategies; // in allStrategies() order, only those with runs
    QList<Crossover> crossovers; // ascending tasks
    QList<DecisionRow> decision; // ascending tasks
};

// The article's own recommendation, shown beside ours.
struct ArticleDecisionRow
{
    QString bottleneck;
    QString example;
    QString tasks;
    QString optimizeWith;
};

// One report per (workload, task_ms) present in runs, ordered by workload then task_ms; each carries `coverage`
// with presentRuns = runs.size().
QList<AnalysisReport> analyzeRuns(
    const QList<RunResult>& runs, const AnalysisOptions& options = {}, const SweepCoverage& coverage = {});

// Statistics, trendline and cost model of one strategy's runs (all of the same workload and task_ms).
StrategyAnalysis analyzeStrategy(StrategyKind strategy, const QList<RunResult>& runs, const AnalysisOptions& options);

// The value a point contributes to the trendline: its mean or median.
double fittedValue(const TaskCountPoint& point, FitTarget target);

// Real roots n in [max(1, rangeLow), maxTasks] of first.fit - second.fit, ascending; those up to rangeHigh are flagged
// withinMeasuredRange. Touching points (double roots) are not crossings and are left out.
QList<Crossover> crossoversBetween(StrategyKind first, const QuadraticFit& firstFit, StrategyKind second,
    const QuadraticFit& secondFit, double rangeLow, double rangeHigh, double maxTasks);

// Every pair's crossovers up to 100 times the largest measured task count, ascending by tasks.
QList<Crossover> findCrossovers(const QList<StrategyAnalysis>& strategies);

// Per measured task count, the strategy with the lowest mean wins when both it and the runner-up have at least two
// values and their 95 % CIs do not overlap; otherwise there is no clear winner. A strategy measured alone at a task
// count wins uncontested. Adjacent task counts with the same verdict (same winner, or no clear winner with the same
// leader) merge into one band whose margin is the smallest in it and whose runner-up is that row's.
QList<DecisionRow> decisionTable(const QList<StrategyAnalysis>& strategies, WorkloadKind workload, int taskMs);

QList<ArticleDecisionRow> articleDecisionTable();

QString fitTargetName(FitTarget target);

Q_DECLARE_METATYPE(AnalysisReport)
