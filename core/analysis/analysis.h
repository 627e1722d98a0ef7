#pragma once

#include "costmodel.h"
#include "quadraticfit.h"
#include "runresult.h"
#include "statistics.h"

#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>
#include <cmath>
#include <compare>
#include <limits>
#include <optional>

enum class FitTarget
{
    Mean,
    Median,
};

// The bootstrap of the crossovers' intervals (crossoverIntervals()): its resamples and the seed of its generator, so
// that a report says them and gives the same interval every time.
constexpr int DefaultBootstrapResamples = 1000;
constexpr quint64 DefaultBootstrapSeed = 20240501;

struct AnalysisOptions
{
    FitTarget fitTo = FitTarget::Mean;
    // Leave the runs flagged as outliers (see describeSample()) out of each point's statistics, the trendline and the
    // cost model. Flags are always computed on the full sample of a point and never iterated.
    bool dropOutliers = false;
    int bootstrapResamples = DefaultBootstrapResamples; // 0: no intervals
    quint64 bootstrapSeed = DefaultBootstrapSeed;
};

// A setting that tells the series of one strategy apart: a fixed number, one that grows with the task count ("one
// thread per task"), Python's chunk size rule, or unknown (the file did not say). Unknown is a value of its own, never
// pooled with a known one.
struct SeriesSetting
{
    enum class Kind
    {
        NotApplicable, // the strategy has no such setting (threads of `processes`, chunk size of `threads`)
        Fixed, // `value`: threads T (for blended a cap T), processes C, chunk size K
        PerTask, // threads: one per task (threads), one per task of a process's share (blended)
        PythonRule, // chunk size: ceil(n / 4C)
        Unknown,
    };
    Kind kind = Kind::NotApplicable;
    int value = 0;

    auto operator<=>(const SeriesSetting&) const = default;
};

// Everything besides the workload and the task duration that changes a run's time. Ordered by runtime (native
// first), then processes, then threads, then chunk size, fixed values ascending.
struct SeriesSettings
{
    RuntimeKind runtime = RuntimeKind::Native;
    SeriesSetting processes;
    SeriesSetting threads;
    SeriesSetting chunksize;

    auto operator<=>(const SeriesSettings&) const = default;
};

// The settings of a resolved run: threads == tasks (threads) and threads == blendedChunkSize(tasks, processes)
// (blended) are the defaults that grow with n; 0 threads or processes (a file that left them out) are unknown.
SeriesSettings seriesSettingsOf(const RunSpec& resolved);

// One measured task count of one series.
struct TaskCountPoint
{
    int tasks = 0;
    // Statistics of the values used: all of `seconds`, or with dropOutliers only the values not flagged. `outlier`
    // and `outlierCount` always describe the full sample and `outlier` is parallel to `seconds`; `count` is the
    // number of values used.
    SampleStats stats;
    QList<double> seconds; // every OK run at this task count, in input order
    double idealSeconds = 0; // the ideal bound (idealSeconds()): the runs' own when set, else NaN (unknown)
    // Runs that finished faster than the ideal bound, which is impossible (a bad calibration, a clock problem).
    int belowIdeal = 0;
    // What the runs cost the machine beyond time (RunResources), as means over the OK runs that measured it; NaN when
    // none did (a result file that does not say). Memory in KiB: the tool's peak, and the sum of its workers' peaks.
    double peakRssKiB = std::numeric_limits<double>::quiet_NaN();
    double workersPeakRssKiB = std::numeric_limits<double>::quiet_NaN();
    double threadsCreated = std::numeric_limits<double>::quiet_NaN();
    double processesCreated = std::numeric_limits<double>::quiet_NaN();
};

// The analysis of one series: the runs of one strategy with the same settings (see seriesSettingsOf()). The name
// says which, e.g. "processes C=8"; a strategy with one series in its report is named by the strategy alone.
struct StrategyAnalysis
{
    StrategyKind strategy = StrategyKind::Threads;
    int workers = 0; // typical w: the median of parallelWorkers() over the strategy's OK runs
    QList<TaskCountPoint> points; // ascending tasks; only task counts with at least one OK run
    QuadraticFit fit; // of the point means (or medians) against tasks, by fitTrendline(): absent below 3 task counts
    CostModel model;
    int okRuns = 0;
    int failedRuns = 0; // refused, crashed, cancelled or failed: excluded from every statistic
    int workersMin = 0; // the range of w over the OK runs (one thread per task makes w grow with n)
    int workersMax = 0;
    SeriesSettings settings {};
    QString name {}; // "threads", or "processes C=8" where the strategy has more than one series
    int taskMs = 0; // of the report, for the ideal bound at task counts not measured
    WorkloadKind workload = WorkloadKind::Sleep; // of the report, likewise
    WorkloadOptions workloadOptions {}; // of the report, likewise (a mixed task's computing part is part of h)
};

// A task count n > 0 at which two series' trendlines cross. The series are indices into AnalysisReport::strategies.
struct Crossover
{
    int fasterBefore = 0; // lower trendline just below `tasks`
    int fasterAfter = 0; // lower trendline just above `tasks`
    double tasks = 0;
    bool withinMeasuredRange = false; // inside the task range both series were measured over
    // What the trendlines give at `tasks`, and whether that is possible: not below either series' ideal bound there
    // (an extrapolated trendline can fall below it, even below zero).
    double seconds = 0;
    bool plausible = true;

    // How sure the crossover is: the 2.5th and 97.5th percentiles of where the trendlines cross when each point's
    // runs are resampled (crossoverIntervals()). Only resamples whose trendlines still cross the same way near it
    // count; when fewer than 95 % of them do, the crossover itself is in doubt and the interval is unknown (NaN).
    double ciLow = std::numeric_limits<double>::quiet_NaN();
    double ciHigh = std::numeric_limits<double>::quiet_NaN();
    int resamples = 0; // 0: no bootstrap
    int crossingResamples = 0; // of them, those whose trendlines crossed the same way
    quint64 seed = 0;

    bool hasInterval() const { return std::isfinite(ciLow) && std::isfinite(ciHigh); }
    // The task counts it is not sure of: within its interval.
    bool covers(double tasks) const { return hasInterval() && tasks >= ciLow && tasks <= ciHigh; }
};

// One band of task counts with the same verdict.
struct DecisionRow
{
    WorkloadKind workload = WorkloadKind::Sleep;
    int taskMs = 0;
    RuntimeKind runtime = RuntimeKind::Native; // a band compares the series of one runtime
    int fromTasks = 0;
    int toTasks = 0;
    // Series, as indices into AnalysisReport::strategies.
    std::optional<int> winner; // nullopt: no clear winner
    int leader = 0; // lowest mean
    std::optional<int> runnerUp; // nullopt when the leader was the only series measured
    double margin = 0; // runner-up mean / leader mean - 1; the smallest over the band
};

struct AnalysisReport
{
    WorkloadKind workload = WorkloadKind::Sleep; // Unknown when the runs' file did not say
    int taskMs = 0; // TaskMsUnknown when the runs' file did not say
    WorkloadOptions workloadOptions; // what the workload reads beyond task_ms: a report's runs share them
    AnalysisOptions options;
    SweepCoverage coverage; // of the whole set of runs the report is part of: an interrupted sweep says so
    // One entry per series, in allStrategies() order and then by settings; only series with runs.
    QList<StrategyAnalysis> strategies;
    QList<Crossover> crossovers; // ascending tasks; only between series of the same runtime
    QList<DecisionRow> decision; // per runtime (native first), each ascending tasks
};

// The article's own recommendation, shown beside ours.
struct ArticleDecisionRow
{
    QString bottleneck;
    QString example;
    QString tasks;
    QString optimizeWith;
};

// What sets a report's runs apart from another's: its workload, task_ms and workload options, in words
// (workloadGroupText()); unique among the reports of one set of runs.
QString reportGroupText(const AnalysisReport& report);

// The length h of one of the report's tasks in seconds (taskSeconds()), 0 when it has none (file, command) or the
// runs' file did not say: the unit of runtime ÷ task duration, on which the ideal bound is ⌈n/w⌉ for every data set.
double reportTaskSeconds(const AnalysisReport& report);

// The report of another set of runs to draw beside `shown`: the one of the same group, else the first of the same
// workload (another task duration, compared on runtime ÷ task duration), else none.
const AnalysisReport* matchingReport(const QList<AnalysisReport>& reports, const AnalysisReport& shown);

// One report per (workload, task_ms, workload options) present in runs, ordered by workload, task_ms and options, each
// with one analysis per
// series. Series of a report: the runs of one strategy with the same seriesSettingsOf(), except that runs that look
// like the default that grows with n (threads: one per task; blended: one per task of its share) join a fixed
// series of the same strategy and other settings when they fit exactly one (threads: their only task count is its
// T; blended: each has at most its cap T threads), for they are that configuration at those n.
// Each report carries `coverage` with presentRuns = runs.size().
QList<AnalysisReport> analyzeRuns(
    const QList<RunResult>& runs, const AnalysisOptions& options = {}, const SweepCoverage& coverage = {});

// Statistics, trendline and cost model of one series: the runs given of `strategy` (all of the same workload and
// task_ms, and of one series). Sets no name: analyzeRuns() names a report's series.
StrategyAnalysis analyzeStrategy(
    StrategyKind strategy, const QList<const RunResult*>& runs, const AnalysisOptions& options);

// The series' names within one report: the strategy's name, followed, where the strategy has more than one series,
// by each setting that differs among them ("C=8", "T=4", "T≤4" for a blended cap, "T=per task", "K=python",
// "C=unknown").
QStringList seriesNames(const QList<StrategyAnalysis>& series);

// The ideal bound of a series at n tasks (rounded down, so it never overstates), from its settings and task_ms;
// NaN when a setting it needs is unknown.
double seriesIdealSeconds(const StrategyAnalysis& series, double tasks);

// Per run, the name of its series in analyzeRuns(runs), without the statistics; with `ranks`, also which of its
// strategy's series it is there (0 for the first), for the series' shade of the strategy's colour.
QStringList seriesNamesOfRuns(const QList<RunResult>& runs, QList<int>* ranks = nullptr);

// The value a point contributes to the trendline: its mean or median.
double fittedValue(const TaskCountPoint& point, FitTarget target);

// Real roots n in [max(1, rangeLow), maxTasks] of first.fit - second.fit, ascending; those up to rangeHigh are flagged
// withinMeasuredRange. Touching points (double roots) are not crossings and are left out.
// No crossover from an absent fit. `first` and `second` are the series' indices, copied into the result.
QList<Crossover> crossoversBetween(int first, const QuadraticFit& firstFit, int second, const QuadraticFit& secondFit,
    double rangeLow, double rangeHigh, double maxTasks);

// The crossovers of two series' trendlines `firstFit` and `secondFit` (theirs, or resampled ones) over the range
// findCrossovers() searches: from the larger of their first task counts, within the range both measured, up to 100
// times the largest measured task count. Plausibility is not judged.
QList<Crossover> crossoversOfPair(const QList<StrategyAnalysis>& strategies, int first, const QuadraticFit& firstFit,
    int second, const QuadraticFit& secondFit);

// The 95 % bootstrap interval of each of the report's crossovers: `resamples` times, each point's runs (those its
// statistics used) are drawn again with replacement, the point's mean or median (options.fitTo) taken, each series'
// trendline fitted again, and the crossover of the same pair and direction nearest the estimate found. Reproducible:
// the generator (mt19937_64) starts from `seed`. A point of more than 1,000 values draws its resampled mean from the
// normal distribution the bootstrap of a mean converges to (its standard error), which keeps a million runs quick.
void crossoverIntervals(AnalysisReport& report, int resamples, quint64 seed);

// Every pair's crossovers (of series in the same runtime) up to 100 times the largest measured task count, ascending by
// tasks, each marked implausible where the trendlines give a time below either series' ideal bound there.
QList<Crossover> findCrossovers(const QList<StrategyAnalysis>& strategies);

// Per measured task count, the series with the lowest mean wins when both it and the runner-up have at least two
// values and their 95 % CIs do not overlap; otherwise there is no clear winner. A series measured alone at a task
// count wins uncontested. Adjacent task counts with the same verdict (same winner, or no clear winner with the same
// leader) merge into one band whose margin is the smallest in it and whose runner-up is that row's, except across
// ArticleTaskThreshold.
// A task count within the 95 % interval of a crossover between its leader and runner-up (`crossovers`, indices into
// `strategies`) has no clear winner either: which one leads there is what the data cannot tell.
QList<DecisionRow> decisionTable(const QList<StrategyAnalysis>& strategies, WorkloadKind workload, int taskMs,
    const QList<Crossover>& crossovers = {});

QList<ArticleDecisionRow> articleDecisionTable();

// Where the article's IO rows part: threads below 1,000 tasks, processes with threads above. No band of a decision
// table spans it.
constexpr int ArticleTaskThreshold = 1000;

// What the article's table says for a band of a report's decision table, by the workload's bottleneck (its
// description's articleBottleneck) and the band's task counts, and whether the measurement agrees: the winner is the
// strategy the article names (multiprocessing: processes; multithreading: threads; both: blended).
struct ArticleAnswer
{
    QString bottleneck; // "CPU", "IO"; empty: the article has no row for the workload
    QString advice; // "Multithreading"; for a band across 1,000 tasks both of its IO rows
    std::optional<StrategyKind> strategy; // the strategy the advice names; nullopt across 1,000 tasks or no row
    std::optional<bool> agrees; // nullopt: no clear winner, or no single strategy advised
};
ArticleAnswer articleAnswer(const AnalysisReport& report, const DecisionRow& row);

// The decision tables of several reports (one per workload) as one: every band of every report, in report order, with
// the article's answer for it.
struct WorkloadDecisionRow
{
    int report = 0; // index into the reports given
    DecisionRow band;
    ArticleAnswer article;
};
QList<WorkloadDecisionRow> workloadDecisionTable(const QList<AnalysisReport>& reports);

QString fitTargetName(FitTarget target);

Q_DECLARE_METATYPE(AnalysisReport)
