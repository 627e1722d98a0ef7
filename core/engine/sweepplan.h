#pragma once

#include "runresult.h"
#include "strategies.h"

#include <QList>
#include <QString>
#include <QStringList>
#include <optional>

struct MachineInfo;

// The article's experiment as data: strategies x runtimes x task counts x repeats over one workload or several.
struct SweepPlan
{
    QList<StrategyKind> strategies;
    QList<RuntimeKind> runtimes { RuntimeKind::Native }; // each strategy runs in each of them
    QList<int> taskCounts;
    int repeats = 1;
    RunSpec base; // workload, task_ms, threads, processes, chunksize and workload options shared by every run
    QList<WorkloadKind> workloads; // several workloads, each over the whole plan; empty: base.workload alone

    // The workloads the plan runs: `workloads`, or base.workload alone.
    QList<WorkloadKind> workloadList() const { return workloads.isEmpty() ? QList { base.workload } : workloads; }

    // Every run in the order it will happen: repeat by repeat, workload by workload, task count by task count, and
    // within that the strategies in turn (A B C A B C ...), each in every runtime, so a noisy moment on the machine
    // does not favour one strategy.
    QList<RunSpec> runs() const;

    // How many runs runs() holds, without making them.
    qint64 runCount() const
    {
        return qint64(repeats) * workloadList().size() * taskCounts.size() * strategies.size() * runtimes.size();
    }
    // The least time the whole plan takes on `cores` cores, as SweepEta estimates it, without making its runs.
    double expectedSeconds(int cores) const;

    // The first thing wrong with the plan, in words that name the parameter; empty if it can run.
    QString problem() const;

    bool operator==(const SweepPlan&) const = default;
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

// "N", "FROM:TO:STEP" or "A,B,C" into task counts; an empty list and a message naming the problem if malformed, if
// a list names a count twice, or if a range's STEP goes past its TO (so that it holds FROM alone).
QList<int> parseTaskCounts(QStringView text, QString* error);
// FROM, FROM + STEP, ... up to TO (each 1 to PlanLimits::MaxTasks); an empty list and a message naming the problem
// ("TO (5) is below FROM (10)") if there is none.
QList<int> taskCountRange(int from, int to, int step, QString* error);

// "sleep,cpu,file" or "all" into workloads; a workload named twice, or "all" among others, is an error.
QList<WorkloadKind> parseWorkloads(QStringView text, QString* error);

// "threads,blended" or "all" into strategies; a strategy named twice, or "all" among others, is an error.
QList<StrategyKind> parseStrategies(QStringView text, QString* error);

// "native,python" into runtimes; a runtime named twice is an error.
QList<RuntimeKind> parseRuntimes(QStringView text, QString* error);

// The `conlab sweep` command that runs the same plan, for the record of where results came from. It names only the
// settings that one of its strategies reads, as conlab refuses the others.
QString sweepCommand(const SweepPlan& plan);

// Ready-made plans of the desktop app (conlab-gui --preset NAME).
enum class SweepPreset
{
    ArticleReproduction, // the article's experiment: 2 s sleep tasks, 100 to 900 step 100, 10 repeats, threads and
                         // blended
    QuickLook, // short sleep tasks, every strategy, three repeats: about 22 s on two cores
    Workloads, // every workload that needs no input from the user, on threads, processes and blended: the article's
               // decision table answered per workload in about three minutes on two cores
    ArticleInPython, // the article's threads and blended in CPython and in the engine, 100 to 900 tasks and 2,000 and
                     // 5,000 where its machine refused, with short tasks
};

QList<SweepPreset> allPresets();
QString presetName(SweepPreset preset); // "article", "quick", "workloads", "python"
QString presetNamesText(); // "article, quick or workloads"
QString presetTitle(SweepPreset preset); // "Article reproduction", "Quick look"
// What the preset measures and how long it takes, in a sentence or two for its tooltip.
QString presetDescription(SweepPreset preset);
std::optional<SweepPreset> presetFromName(QStringView name);
SweepPlan presetPlan(SweepPreset preset);

// How many tasks the kernel counts (threads and processes alike) while one resolved run is at its peak, as its
// strategy's description says (StrategyResources): the threads of a pool, the worker processes, and in blended each
// worker's main thread and its team.
qint64 peakKernelTasks(const RunSpec& resolved);

// What the machine will probably refuse, found before anything runs: runs whose peak task count exceeds the
// machine's ceilings (see ProcessLimits), one sentence each naming the strategy, the task count, what it needs and
// which limit stands in the way. `alreadyRunning` is the tasks this user already has (this process's threads at
// least). Such runs are allowed (finding the limit is an experiment) but the user should know beforehand.
QStringList planRisks(const SweepPlan& plan, const MachineInfo& machine, qint64 alreadyRunning = 0);

// The first run of the plan that can never start on this machine, because it needs more threads and processes at once
// than the kernel's ceiling (ProcessLimits::kernelTaskCeiling()), in one sentence naming the strategy, the task count,
// the need and the ceiling; empty if there is none. Unlike planRisks(), this is an error: nothing starts.
QString planBeyondMachine(const SweepPlan& plan, const MachineInfo& machine);

// Time left in a sweep, from the time its finished runs took, weighted by each run's expected cost (its ideal time plus
// an allowance per task and per run) so that a plan whose later runs are longer is not underestimated.
class SweepEta
{
public:
    SweepEta() = default;
    SweepEta(const QList<RunSpec>& runs, int cores);

    // What one run is expected to cost, in seconds: its ideal time plus an allowance for its pool and bookkeeping.
    static double expectedCost(const RunSpec& spec, int cores);

    // Seconds left once `done` runs have taken `elapsedSeconds`; negative while unknown (nothing finished yet).
    double secondsLeft(int done, double elapsedSeconds) const;
    // The whole sweep's expected cost in seconds before anything ran: a lower bound, for "at least 0:25".
    double expectedSeconds() const { return m_costBefore.isEmpty() ? 0 : m_costBefore.last(); }

private:
    QList<double> m_costBefore; // m_costBefore[i]: expected cost of runs 0 .. i-1; one more entry than runs
};

// "0:42" or "1:02:03", rounded to the second.
QString formatDuration(double seconds);
