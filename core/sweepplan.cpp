#include "sweepplan.h"

QList<RunSpec> SweepPlan::runs() const
{
    QList<RunSpec> specs;
    specs.reserve(qsizetype(repeats) * taskCounts.size() * strategies.size());
    for (int repeat = 1; repeat <= repeats; ++repeat) {
        for (int tasks : taskCounts) {
            for (StrategyKind strategy : strategies) {
                RunSpec spec = base;
                spec.strategy = strategy;
                spec.tasks = tasks;
                spec.repeat = repeat;
                specs.append(spec);
            }
        }
    }
    return specs;
}

QString SweepPlan::problem() const
{
    using namespace PlanLimits;
    if (strategies.isEmpty())
        return QStringLiteral("no strategy chosen");
    if (taskCounts.isEmpty())
        return QStringLiteral("no task count chosen");
    for (int tasks : taskCounts) {
        if (tasks < 1 || tasks > MaxTasks)
            return QStringLiteral("task count %1 is out of range (1 to %2)").arg(tasks).arg(MaxTasks);
    }
    if (repeats < 1 || repeats > MaxRepeats)
        return QStringLiteral("repeat %1 is out of range (1 to %2)").arg(repeats).arg(MaxRepeats);
    if (base.taskMs < 0 || base.taskMs > MaxTaskMs)
        return QStringLiteral("task duration %1 ms is out of range (0 to %2 ms)").arg(base.taskMs).arg(MaxTaskMs);
    if (base.threads < 0 || base.threads > MaxThreads)
        return QStringLiteral("threads %1 is out of range (1 to %2)").arg(base.threads).arg(MaxThreads);
    if (base.processes < 0 || base.processes > MaxProcesses)
        return QStringLiteral("processes %1 is out of range (1 to %2)").arg(base.processes).arg(MaxProcesses);
    if (base.chunksize < ChunkPythonRule || base.chunksize > MaxTasks)
        return QStringLiteral("chunk size %1 is out of range (1 to %2, or python)").arg(base.chunksize).arg(MaxTasks);
    const qint64 total = qint64(repeats) * taskCounts.size() * strategies.size();
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
        *error = QStringLiteral("%1 '%2' is not a whole number").arg(QLatin1String(what), text.toString());
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

QList<int> parseTaskCounts(QStringView text, QString* error)
{
    QList<int> counts;
    const auto range = text.split(u':');
    if (range.size() == 3) {
        int from = 0, to = 0, step = 0;
        if (!parseCount(range[0], "FROM", from, error) || !parseCount(range[1], "TO", to, error)
            || !parseCount(range[2], "STEP", step, error))
            return {};
        if (to < from) {
            *error = QStringLiteral("task range %1: TO (%2) is below FROM (%3)").arg(text.toString()).arg(to).arg(from);
            return {};
        }
        if ((qint64(to) - from) / step + 1 > 100'000) {
            *error = QStringLiteral("task range %1 has more than 100000 task counts").arg(text.toString());
            return {};
        }
        for (qint64 n = from; n <= to; n += step)
            counts.append(int(n));
        return counts;
    }
    if (range.size() != 1) {
        *error = QStringLiteral("task range '%1' must be N, FROM:TO:STEP or a list A,B,C").arg(text.toString());
        return {};
    }
    for (QStringView item : text.split(u',')) {
        int value = 0;
        if (!parseCount(item, "task count", value, error))
            return {};
        counts.append(value);
    }
    return counts;
}

QList<StrategyKind> parseStrategies(QStringView text, QString* error)
{
    if (text.trimmed().compare(u"all", Qt::CaseInsensitive) == 0)
        return allStrategies();
    QList<StrategyKind> kinds;
    for (QStringView item : text.split(u',')) {
        const auto kind = strategyFromName(item.trimmed());
        if (!kind) {
            *error = QStringLiteral("unknown strategy '%1' (expected sequential, processes, threads, blended or all)")
                         .arg(item.trimmed().toString());
            return {};
        }
        if (!kinds.contains(*kind))
            kinds.append(*kind);
    }
    return kinds;
}
