#include "sweepplan.h"

#include "inputquote.h"
#include "machineinfo.h"
#include "wording.h"
#include "workloadoptions.h"

#include <QSet>
#include <algorithm>

namespace {
// The runs of one repeat, in their order: workload by workload, task count by task count, the strategies in turn.
QList<RunSpec> oneRepeat(const SweepPlan& plan)
{
    QList<RunSpec> specs;
    for (WorkloadKind workload : plan.workloadList()) {
        for (int tasks : plan.taskCounts) {
            for (StrategyKind strategy : plan.strategies) {
                for (RuntimeKind runtime : plan.runtimes) {
                    RunSpec spec = plan.base;
                    spec.workload = workload;
                    spec.strategy = strategy;
                    spec.runtime = runtime;
                    spec.tasks = tasks;
                    specs.append(spec);
                }
            }
        }
    }
    return specs;
}
} // namespace

QList<RunSpec> SweepPlan::runs() const
{
    const QList<RunSpec> repeatRuns = oneRepeat(*this);
    QList<RunSpec> specs;
    specs.reserve(qsizetype(runCount()));
    for (int repeat = 1; repeat <= repeats; ++repeat) {
        for (RunSpec spec : repeatRuns) {
            spec.repeat = repeat;
            specs.append(spec);
        }
    }
    return specs;
}

QString SweepPlan::problem() const
{
    using namespace PlanLimits;
    if (strategies.isEmpty())
        return QStringLiteral("no strategy chosen");
    if (runtimes.isEmpty())
        return QStringLiteral("no runtime chosen");
    if (taskCounts.isEmpty())
        return QStringLiteral("no task count chosen");
    for (int tasks : taskCounts) {
        if (tasks < 1 || tasks > MaxTasks)
            return QStringLiteral("task count %1 is out of range (1 to %2)").arg(tasks).arg(MaxTasks);
    }
    if (repeats < 1 || repeats > MaxRepeats)
        return QStringLiteral("repeat %1 is out of range (1 to %2)").arg(repeats).arg(MaxRepeats);
    for (WorkloadKind workload : workloadList()) {
        if (workload == WorkloadKind::Unknown)
            return QStringLiteral("no workload chosen"); // a result file's unknown workload cannot be run again
        const QString missing = missingWorkloadOption(workload, base.options);
        if (!missing.isEmpty())
            return missing;
    }
    if (workloads.size() != QSet<WorkloadKind>(workloads.begin(), workloads.end()).size())
        return QStringLiteral("a workload is listed twice");
    if (base.taskMs < 0 || base.taskMs > MaxTaskMs)
        return QStringLiteral("task duration %1 ms is out of range (0 to %2 ms)").arg(base.taskMs).arg(MaxTaskMs);
    if (base.threads < 0 || base.threads > MaxThreads)
        return QStringLiteral("threads %1 is out of range (0, one per task, to %2)").arg(base.threads).arg(MaxThreads);
    if (base.processes < 0 || base.processes > MaxProcesses)
        return QStringLiteral("processes %1 is out of range (0, one per core, to %2)")
            .arg(base.processes)
            .arg(MaxProcesses);
    if (base.chunksize < ChunkPythonRule || base.chunksize > MaxTasks)
        return QStringLiteral("chunk size %1 is out of range (1 to %2, or python)").arg(base.chunksize).arg(MaxTasks);
    const qint64 total = runCount();
    if (total > MaxRuns)
        return QStringLiteral("the sweep has %1 runs; at most %2 are allowed").arg(total).arg(MaxRuns);
    return {};
}

namespace {
bool parseCount(QStringView text, const char* what, int& value, QString* error)
{
    bool ok = false;
    const qlonglong parsed = text.trimmed().toLongLong(&ok);
    if (!ok) {
        *error = QStringLiteral("%1 '%2' is not a whole number").arg(QLatin1String(what), quotedInput(text));
        return false;
    }
    if (parsed < 1 || parsed > PlanLimits::MaxTasks) {
        *error = QStringLiteral("%1 %2 is out of range (1 to %3)")
                     .arg(QLatin1String(what))
                     .arg(parsed)
                     .arg(PlanLimits::MaxTasks);
        return false;
    }
    value = int(parsed);
    return true;
}
} // namespace

QList<WorkloadKind> parseWorkloads(QStringView text, QString* error)
{
    if (text.trimmed() == u"all")
        return allWorkloadKinds();
    QList<WorkloadKind> kinds;
    for (QStringView item : text.split(u',')) {
        const auto kind = workloadFromName(item.trimmed());
        if (!kind) {
            *error = QStringLiteral("workload '%1' is not %2 (or all)")
                         .arg(quotedInput(item.trimmed()), workloadNamesText(u", "));
            return {};
        }
        if (kinds.contains(*kind)) {
            *error = QStringLiteral("workload %1 is listed twice").arg(workloadName(*kind));
            return {};
        }
        kinds.append(*kind);
    }
    return kinds;
}

QList<int> parseTaskCounts(QStringView text, QString* error)
{
    QList<int> counts;
    const auto range = text.split(u':');
    if (range.size() == 3) {
        int from = 0, to = 0, step = 0;
        if (!parseCount(range[0], "FROM", from, error) || !parseCount(range[1], "TO", to, error)
            || !parseCount(range[2], "STEP", step, error))
            return {};
        QString problem;
        counts = taskCountRange(from, to, step, &problem);
        // A step past the end leaves FROM alone: TO would be ignored without a word.
        if (counts.size() == 1 && to > from)
            problem = QStringLiteral("STEP %1 goes past TO (%2) from FROM (%3), leaving one task count; for one, "
                                     "write --tasks %3")
                          .arg(step)
                          .arg(to)
                          .arg(from);
        if (!problem.isEmpty()) {
            *error = QStringLiteral("task range %1: %2").arg(quotedInput(text), problem);
            return {};
        }
        return counts;
    }
    if (range.size() != 1) {
        *error = QStringLiteral("task range '%1' must be N, FROM:TO:STEP or a list A,B,C").arg(quotedInput(text));
        return {};
    }
    for (QStringView item : text.split(u',')) {
        int value = 0;
        if (!parseCount(item, "task count", value, error))
            return {};
        // Twice the same count would make runs labelled with the same repeat number.
        if (counts.contains(value)) {
            *error = QStringLiteral("task count %1 is listed twice; --repeat runs a count again").arg(value);
            return {};
        }
        counts.append(value);
    }
    return counts;
}

QList<int> taskCountRange(int from, int to, int step, QString* error)
{
    using PlanLimits::MaxTasks;
    const auto outside = [](int value) { return value < 1 || value > MaxTasks; };
    if (outside(from) || outside(to) || outside(step)) {
        *error = QStringLiteral("FROM, TO and STEP must be from 1 to %1 (they are %2, %3, %4)")
                     .arg(MaxTasks)
                     .arg(from)
                     .arg(to)
                     .arg(step);
        return {};
    }
    if (to < from) {
        *error = QStringLiteral("TO (%1) is below FROM (%2)").arg(to).arg(from);
        return {};
    }
    constexpr int maxCounts = 100'000;
    if ((to - from) / step + 1 > maxCounts) {
        *error = QStringLiteral("more than %1 task counts").arg(maxCounts);
        return {};
    }
    QList<int> counts;
    for (qint64 n = from; n <= to; n += step)
        counts.append(int(n));
    return counts;
}

QList<StrategyKind> parseStrategies(QStringView text, QString* error)
{
    if (text.trimmed().compare(u"all", Qt::CaseInsensitive) == 0)
        return allStrategies();
    QList<StrategyKind> kinds;
    for (QStringView item : text.split(u',')) {
        if (item.trimmed().compare(u"all", Qt::CaseInsensitive) == 0) {
            *error = QStringLiteral("'all' stands alone: name the strategies, or write all");
            return {};
        }
        const auto kind = strategyFromName(item.trimmed());
        if (kind && kinds.contains(*kind)) {
            *error = QStringLiteral("strategy '%1' is listed twice").arg(item.trimmed().toString());
            return {};
        }
        if (!kind) {
            *error = QStringLiteral("unknown strategy '%1' (expected %2)")
                         .arg(quotedInput(item.trimmed()), strategyNamesText(u", ") + QStringLiteral(" or all"));
            return {};
        }
        kinds.append(*kind);
    }
    return kinds;
}

QList<RuntimeKind> parseRuntimes(QStringView text, QString* error)
{
    QList<RuntimeKind> runtimes;
    for (QStringView item : text.split(u',')) {
        const auto runtime = runtimeFromName(item.trimmed());
        if (!runtime) {
            *error = QStringLiteral("unknown runtime '%1' (expected %2)")
                         .arg(quotedInput(item.trimmed()), runtimeNamesText());
            return {};
        }
        if (runtimes.contains(*runtime)) {
            *error = QStringLiteral("runtime '%1' is listed twice").arg(item.trimmed().toString());
            return {};
        }
        runtimes.append(*runtime);
    }
    return runtimes;
}

QList<SweepPreset> allPresets()
{
    return { SweepPreset::ArticleReproduction, SweepPreset::QuickLook, SweepPreset::Workloads,
        SweepPreset::ArticleInPython };
}

QString presetName(SweepPreset preset)
{
    switch (preset) {
    case SweepPreset::ArticleReproduction:
        return QStringLiteral("article");
    case SweepPreset::QuickLook:
        return QStringLiteral("quick");
    case SweepPreset::Workloads:
        return QStringLiteral("workloads");
    case SweepPreset::ArticleInPython:
        return QStringLiteral("python");
    }
    return {};
}

QString presetTitle(SweepPreset preset)
{
    switch (preset) {
    case SweepPreset::ArticleReproduction:
        return QStringLiteral("Article reproduction");
    case SweepPreset::QuickLook:
        return QStringLiteral("Quick look");
    case SweepPreset::Workloads:
        return QStringLiteral("Workloads");
    case SweepPreset::ArticleInPython:
        return QStringLiteral("The article, in its own language");
    }
    return {};
}

QString presetDescription(SweepPreset preset)
{
    switch (preset) {
    case SweepPreset::ArticleReproduction:
        return QStringLiteral("The article's experiment: 2 s sleep tasks, 100 to 900 tasks step 100, 10 repeats, "
                              "threads and blended (at least 6 minutes)");
    case SweepPreset::QuickLook:
        return QStringLiteral("Every strategy on 20 ms sleep tasks, 10 to 100 tasks, 3 repeats (about 22 seconds on "
                              "two cores)");
    case SweepPreset::Workloads: {
        QStringList names;
        for (WorkloadKind workload : presetPlan(preset).workloads)
            names.append(workloadName(workload));
        return QStringLiteral(
            "Processes, threads and blended on the %1 workloads, 100 to 1,300 tasks of 5 ms, 3 "
            "repeats: the decision table per workload (about 3 minutes on two cores). The interpreter "
            "lock is off; its row of the article's table is the cpu workload with "
            "--interpreter-lock.")
            .arg(listText(names, u" and "));
    }
    case SweepPreset::ArticleInPython:
        return QStringLiteral("The article's threads and blended in CPython (ThreadPool, Pool of ThreadPools) beside "
                              "the native engine: 100 ms sleep tasks, 100 to 900 tasks and 2,000 and 5,000 where the "
                              "article's machine refused, 3 repeats (about 1.5 minutes on two cores)");
    }
    return {};
}

QString presetNamesText()
{
    QStringList names;
    for (SweepPreset preset : allPresets())
        names.append(presetName(preset));
    return listText(names, u" or ");
}

std::optional<SweepPreset> presetFromName(QStringView name)
{
    for (SweepPreset preset : allPresets()) {
        if (name.compare(presetName(preset), Qt::CaseInsensitive) == 0)
            return preset;
    }
    return std::nullopt;
}

SweepPlan presetPlan(SweepPreset preset)
{
    SweepPlan plan;
    switch (preset) {
    case SweepPreset::ArticleReproduction:
        plan.strategies = { StrategyKind::Threads, StrategyKind::Blended };
        for (int tasks = 100; tasks <= 900; tasks += 100)
            plan.taskCounts.append(tasks);
        plan.repeats = 10;
        plan.base.workload = WorkloadKind::Sleep;
        plan.base.taskMs = 2000;
        break;
    case SweepPreset::QuickLook:
        // Sequential sleeps every task in turn, so the task time stays short: 4 counts x 3 repeats of all four
        // strategies take about 22 s on two cores, most of it sequential's n x 20 ms.
        plan.strategies = allStrategies();
        plan.taskCounts = { 10, 40, 70, 100 };
        plan.repeats = 3;
        plan.base.workload = WorkloadKind::Sleep;
        plan.base.taskMs = 20;
        break;
    case SweepPreset::Workloads:
        // Every workload that runs without the user's input (the command workload needs a command). The processes
        // strategy runs n x 5 ms on two workers and the cpu workload n x 5 ms on two cores whatever the strategy, so
        // 5 ms tasks keep the 1,300-task runs, beyond the article's 1,000-task border, at about 3.5 s each. With
        // sleep, cpu, mixed, file and net its ideal is 151 s and expectedSeconds(2) 165 s; `conlab sweep` with the
        // same settings took 3 min 46 s on two cores that other builds kept busy (the cpu runs took 1.7 times their
        // ideal). A file task writes a quarter of the default, so that 1,300 of them at once hold 325 MiB, not 1.3 GiB.
        plan.strategies = { StrategyKind::Processes, StrategyKind::Threads, StrategyKind::Blended }; // as listed
        plan.taskCounts = { 100, 500, 900, 1300 }; // evenly spaced, as the panel's range sets them
        plan.repeats = 3;
        for (WorkloadKind workload : allWorkloadKinds()) {
            if (missingWorkloadOption(workload, plan.base.options).isEmpty())
                plan.workloads.append(workload);
        }
        plan.base.workload = plan.workloads.first();
        plan.base.taskMs = 5;
        plan.base.options.cpuMs = 2;
        plan.base.options.bytes = DefaultFileBytes / 4;
        break;
    case SweepPreset::ArticleInPython:
        // The article's plan in its own runtime and in the engine, with 100 ms tasks in place of 2 s (the curves'
        // shape is the pools' cost, which does not scale with the task), and the counts beyond its 1,000-thread
        // ceiling.
        plan.strategies = { StrategyKind::Threads, StrategyKind::Blended };
        plan.runtimes = { RuntimeKind::Native, RuntimeKind::Python };
        for (int tasks = 100; tasks <= 900; tasks += 100)
            plan.taskCounts.append(tasks);
        plan.taskCounts << 2000 << 5000;
        plan.repeats = 3;
        plan.base.workload = WorkloadKind::Sleep;
        plan.base.taskMs = 100;
        break;
    }
    return plan;
}

qint64 peakKernelTasks(const RunSpec& resolved)
{
    return describeStrategy(resolved.strategy).resources(resolved).kernelTasks;
}

QStringList planRisks(const SweepPlan& plan, const MachineInfo& machine, qint64 alreadyRunning)
{
    QStringList risks;
    const qint64 ceiling = machine.limits.effectiveThreadCeiling();
    const qint64 perProcess = machine.limits.threadsPerProcessCeiling();
    for (StrategyKind strategy : plan.strategies) {
        // Task counts ascend in any sensible plan, but they need not: report the smallest count that crosses.
        std::optional<int> firstRefused;
        QString why;
        for (int tasks : plan.taskCounts) {
            RunSpec spec = plan.base;
            spec.strategy = strategy;
            spec.tasks = tasks;
            const RunSpec resolved = resolvedRunSpec(spec, machine.cores);
            const StrategyResources peak = describeStrategy(strategy).resources(resolved);
            QString reason;
            if (ceiling >= 0 && peak.kernelTasks + alreadyRunning > ceiling) {
                reason = QStringLiteral("%1 threads and processes, beyond this machine's ceiling of %2")
                             .arg(peak.kernelTasks)
                             .arg(ceiling);
            } else if (perProcess >= 0 && peak.threadsInOneProcess > perProcess) {
                reason = QStringLiteral("%1 threads in one process, beyond the %2 one process can hold")
                             .arg(peak.threadsInOneProcess)
                             .arg(perProcess);
            }
            if (!reason.isEmpty() && (!firstRefused || tasks < *firstRefused)) {
                firstRefused = tasks;
                why = reason;
            }
        }
        if (firstRefused) {
            risks.append(
                QStringLiteral("%1 at %2 tasks needs %3: the machine will probably refuse it (see conlab limits)")
                    .arg(strategyName(strategy))
                    .arg(*firstRefused)
                    .arg(why));
        }
    }
    return risks;
}

QString planBeyondMachine(const SweepPlan& plan, const MachineInfo& machine)
{
    const qint64 ceiling = machine.limits.kernelTaskCeiling();
    if (ceiling < 0)
        return {};
    for (StrategyKind strategy : plan.strategies) {
        for (int tasks : plan.taskCounts) {
            RunSpec spec = plan.base;
            spec.strategy = strategy;
            spec.tasks = tasks;
            const qint64 peak = peakKernelTasks(resolvedRunSpec(spec, machine.cores));
            if (peak > ceiling) {
                return QStringLiteral("%1 at %2 tasks needs %3 threads and processes at once, beyond this machine's "
                                      "ceiling of %4 (threads-max and pid_max): it can never start")
                    .arg(strategyName(strategy))
                    .arg(tasks)
                    .arg(peak)
                    .arg(ceiling);
            }
        }
    }
    return {};
}

double SweepEta::expectedCost(const RunSpec& spec, int cores)
{
    // Beyond the ideal time, a run costs its pool's start-up and its bookkeeping: about 0.1 ms per task and 5 ms per
    // run on the machines measured. CPython's costs more, and its threads more than in proportion: the interpreter's
    // start and end (about 0.15 s), 0.15 ms per thread or process, and 0.14 us times the square of the threads in one
    // process (on the 2-core VM, ThreadPool(n) of n sleeps of 100 ms took 0.35 s at 900 and 4.4 s at 5,000). Only the
    // ratios matter, so rough allowances are enough.
    const RunSpec resolved = resolvedRunSpec(spec, cores);
    if (resolved.runtime == RuntimeKind::Python) {
        const StrategyResources peak = describeStrategy(resolved.strategy).resources(resolved);
        const double crowded = double(peak.threadsInOneProcess) * double(peak.threadsInOneProcess);
        return idealSeconds(resolved, cores) + 0.15 + double(peak.kernelTasks) * 1.5e-4 + crowded * 1.4e-7;
    }
    return idealSeconds(resolved, cores) + resolved.tasks * 1e-4 + 0.005;
}

SweepEta::SweepEta(const QList<RunSpec>& runs, int cores)
{
    m_costBefore.reserve(runs.size() + 1);
    double total = 0;
    m_costBefore.append(0);
    for (const RunSpec& spec : runs) {
        total += expectedCost(spec, cores);
        m_costBefore.append(total);
    }
}

double SweepPlan::expectedSeconds(int cores) const
{
    // Every repeat costs the same: one of them, times the repeats.
    double repeatCost = 0;
    for (const RunSpec& spec : oneRepeat(*this))
        repeatCost += SweepEta::expectedCost(spec, cores);
    return repeatCost * repeats;
}

double SweepEta::secondsLeft(int done, double elapsedSeconds) const
{
    if (done <= 0 || m_costBefore.size() < 2 || done >= m_costBefore.size())
        return done >= m_costBefore.size() - 1 && done > 0 ? 0 : -1;
    const double doneCost = m_costBefore.at(done);
    const double leftCost = m_costBefore.last() - doneCost;
    if (doneCost <= 0)
        return -1;
    return elapsedSeconds * leftCost / doneCost;
}

QString formatDuration(double seconds)
{
    const qint64 s = qRound64(std::max(0.0, seconds));
    if (s >= 3600)
        return QStringLiteral("%1:%2:%3")
            .arg(s / 3600)
            .arg(s / 60 % 60, 2, 10, QLatin1Char('0'))
            .arg(s % 60, 2, 10, QLatin1Char('0'));
    return QStringLiteral("%1:%2").arg(s / 60).arg(s % 60, 2, 10, QLatin1Char('0'));
}

QString sweepCommand(const SweepPlan& plan)
{
    QStringList strategies;
    for (StrategyKind strategy : plan.strategies)
        strategies.append(strategyName(strategy));
    QString tasks;
    const QList<int>& counts = plan.taskCounts;
    const int step = counts.size() > 1 ? counts.at(1) - counts.at(0) : 1;
    bool evenlySpaced = step > 0;
    for (qsizetype i = 1; i < counts.size() && evenlySpaced; ++i)
        evenlySpaced = counts.at(i) - counts.at(i - 1) == step;
    if (counts.size() > 2 && evenlySpaced) {
        tasks = QStringLiteral("%1:%2:%3").arg(counts.first()).arg(counts.last()).arg(step);
    } else {
        QStringList list;
        for (int count : counts)
            list.append(QString::number(count));
        tasks = list.join(u',');
    }
    const QList<WorkloadKind> workloads = plan.workloadList();
    QStringList workloadNames;
    for (WorkloadKind workload : workloads)
        workloadNames.append(workloadName(workload));
    QString command = QStringLiteral("conlab sweep --strategies %1 --tasks %2 --repeat %3 --%4 %5")
                          .arg(strategies.join(u','), tasks)
                          .arg(plan.repeats)
                          .arg(workloads.size() > 1 ? QStringLiteral("workloads") : QStringLiteral("workload"),
                              workloadNames.join(u','));
    if (plan.runtimes != QList { RuntimeKind::Native }) {
        QStringList runtimes;
        for (RuntimeKind runtime : plan.runtimes)
            runtimes.append(runtimeName(runtime));
        command += QStringLiteral(" --runtime ") + runtimes.join(u',');
    }
    if (std::any_of(workloads.begin(), workloads.end(), readsTaskMs))
        command += QStringLiteral(" --task-ms %1").arg(plan.base.taskMs);
    // The workload options that one of its workloads reads and that differ from their defaults, quoted for a shell.
    for (const WorkloadOptionDescription& described : allWorkloadOptions()) {
        const QList<WorkloadKind> readers = workloadsReading(described.option);
        const bool read = std::any_of(
            workloads.begin(), workloads.end(), [&](WorkloadKind kind) { return readers.contains(kind); });
        if (!read || !workloadOptionIsSet(plan.base.options, described.option))
            continue;
        command += QStringLiteral(" --") + workloadOptionName(described.option);
        if (!described.isFlag)
            command += u' ' + shellQuoted(workloadOptionValue(plan.base.options, described.option));
    }
    if (plan.base.threads > 0 && anyReads(plan.strategies, RunSetting::Threads))
        command += QStringLiteral(" --threads %1").arg(plan.base.threads);
    if (plan.base.processes > 0 && anyReads(plan.strategies, RunSetting::Processes))
        command += QStringLiteral(" --processes %1").arg(plan.base.processes);
    if (plan.base.chunksize != ChunkOneAtATime && anyReads(plan.strategies, RunSetting::Chunksize))
        command += QStringLiteral(" --chunksize %1").arg(chunksizeName(plan.base.chunksize));
    return command;
}
