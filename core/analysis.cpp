#include "analysis.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <utility>

namespace {
constexpr double crossoverHorizon = 100; // times the largest measured task count

// The h ceil(n / w) bound of a point, from the first run that carries one; NaN (unknown) when none does, as for a
// result file that gives neither the task duration nor the workers.
double pointIdealSeconds(const QList<const RunResult*>& runs)
{
    for (const RunResult* run : runs) {
        if (run->idealSeconds > 0)
            return run->idealSeconds;
    }
    return std::numeric_limits<double>::quiet_NaN();
}

bool sameVerdict(const DecisionRow& a, const DecisionRow& b)
{
    if (a.winner.has_value() != b.winner.has_value())
        return false;
    return a.winner ? *a.winner == *b.winner : a.leader == b.leader;
}
} // namespace

QString fitTargetName(FitTarget target)
{
    return target == FitTarget::Median ? QStringLiteral("median") : QStringLiteral("mean");
}

double fittedValue(const TaskCountPoint& point, FitTarget target)
{
    return target == FitTarget::Median ? point.stats.median : point.stats.mean;
}

StrategyAnalysis analyzeStrategy(StrategyKind strategy, const QList<RunResult>& runs, const AnalysisOptions& options)
{
    StrategyAnalysis analysis;
    analysis.strategy = strategy;

    std::map<int, QList<const RunResult*>> byTasks;
    QList<double> workers;
    for (const RunResult& run : runs) {
        if (run.spec.strategy != strategy)
            continue;
        if (!run.isOk() || !std::isfinite(run.seconds)) {
            ++analysis.failedRuns;
            continue;
        }
        ++analysis.okRuns;
        byTasks[run.spec.tasks].append(&run);
        if (workersKnown(run.spec))
            workers.append(parallelWorkers(run.spec));
    }
    analysis.workers = int(std::lround(medianOf(workers)));
    if (!workers.isEmpty()) {
        const auto [low, high] = std::minmax_element(workers.cbegin(), workers.cend());
        analysis.workersMin = int(*low);
        analysis.workersMax = int(*high);
    }

    QList<RunResult> modelRuns;
    QList<double> fitX;
    QList<double> fitY;
    for (const auto& [tasks, cell] : byTasks) {
        TaskCountPoint point;
        point.tasks = tasks;
        for (const RunResult* run : cell)
            point.seconds.append(run->seconds);
        point.idealSeconds = pointIdealSeconds(cell);

        const SampleStats full = describeSample(point.seconds);
        point.stats = full;
        if (options.dropOutliers && full.outlierCount > 0) {
            QList<double> kept;
            for (qsizetype i = 0; i < point.seconds.size(); ++i) {
                if (!full.outlier[i])
                    kept.append(point.seconds[i]);
            }
            point.stats = describeSample(kept);
            point.stats.outlier = full.outlier;
            point.stats.outlierCount = full.outlierCount;
        }
        for (qsizetype i = 0; i < cell.size(); ++i) {
            if (!(options.dropOutliers && full.outlier[i]))
                modelRuns.append(*cell[i]);
        }
        fitX.append(tasks);
        fitY.append(fittedValue(point, options.fitTo));
        analysis.points.append(point);
    }
    analysis.fit = fitQuadratic(fitX, fitY);
    analysis.model = fitCostModel(modelRuns);
    return analysis;
}

QList<Crossover> crossoversBetween(StrategyKind first, const QuadraticFit& firstFit, StrategyKind second,
    const QuadraticFit& secondFit, double rangeLow, double rangeHigh, double maxTasks)
{
    QList<Crossover> result;
    if (!firstFit.isValid() || !secondFit.isValid() || maxTasks <= 0)
        return result;
    // d(n) = first - second = A n^2 + B n + C
    const double A = firstFit.a - secondFit.a;
    const double B = firstFit.b - secondFit.b;
    const double C = firstFit.c - secondFit.c;
    // Terms too small to matter anywhere in (0, maxTasks] are treated as zero, so that two fits of the same degree
    // with rounding-level differences do not produce roots far away.
    const double size = std::abs(A) * maxTasks * maxTasks + std::abs(B) * maxTasks + std::abs(C);
    if (size == 0)
        return result;
    const double eps = 1e-12 * size;

    QList<double> roots;
    if (std::abs(A) * maxTasks * maxTasks <= eps) {
        if (std::abs(B) * maxTasks <= eps)
            return result;
        roots.append(-C / B);
    } else {
        const double disc = B * B - 4 * A * C;
        if (disc <= 0) // no real root, or a touching point that is not a crossing
            return result;
        // Numerically stable pair of roots.
        const double q = -0.5 * (B + std::copysign(std::sqrt(disc), B));
        roots.append(q / A);
        if (q != 0)
            roots.append(C / q);
    }
    std::sort(roots.begin(), roots.end());
    for (double root : roots) {
        // Below the measured range a quadratic says little (and under one task, nothing): only crossovers within the
        // range and beyond it, where the article drew its dotted predictions, are reported.
        if (root < std::max(1.0, rangeLow) || root > maxTasks)
            continue;
        const double slope = 2 * A * root + B;
        if (slope == 0)
            continue;
        Crossover crossover;
        // Rising difference: first is below second just before the root.
        crossover.fasterBefore = slope > 0 ? first : second;
        crossover.fasterAfter = slope > 0 ? second : first;
        crossover.tasks = root;
        crossover.withinMeasuredRange = root >= rangeLow && root <= rangeHigh;
        result.append(crossover);
    }
    return result;
}

QList<Crossover> findCrossovers(const QList<StrategyAnalysis>& strategies)
{
    QList<Crossover> result;
    for (qsizetype i = 0; i < strategies.size(); ++i) {
        for (qsizetype j = i + 1; j < strategies.size(); ++j) {
            const StrategyAnalysis& first = strategies[i];
            const StrategyAnalysis& second = strategies[j];
            if (first.points.isEmpty() || second.points.isEmpty())
                continue;
            const double low = std::max(first.points.first().tasks, second.points.first().tasks);
            const double high = std::min(first.points.last().tasks, second.points.last().tasks);
            const double largest = std::max(first.points.last().tasks, second.points.last().tasks);
            result += crossoversBetween(
                first.strategy, first.fit, second.strategy, second.fit, low, high, crossoverHorizon * largest);
        }
    }
    std::stable_sort(
        result.begin(), result.end(), [](const Crossover& a, const Crossover& b) { return a.tasks < b.tasks; });
    return result;
}

QList<DecisionRow> decisionTable(const QList<StrategyAnalysis>& strategies, WorkloadKind workload, int taskMs)
{
    std::map<int, QList<std::pair<StrategyKind, const SampleStats*>>> byTasks;
    for (const StrategyAnalysis& analysis : strategies) {
        for (const TaskCountPoint& point : analysis.points) {
            if (point.stats.count > 0)
                byTasks[point.tasks].append({ analysis.strategy, &point.stats });
        }
    }

    QList<DecisionRow> rows;
    for (auto& [tasks, entries] : byTasks) {
        std::stable_sort(entries.begin(), entries.end(),
            [](const auto& a, const auto& b) { return a.second->mean < b.second->mean; });
        DecisionRow row;
        row.workload = workload;
        row.taskMs = taskMs;
        row.fromTasks = row.toTasks = tasks;
        const auto& [leader, leaderStats] = entries.first();
        row.leader = leader;
        if (entries.size() == 1) {
            row.winner = leader;
        } else {
            const auto& [runnerUp, runnerStats] = entries.at(1);
            row.runnerUp = runnerUp;
            row.margin = leaderStats->mean != 0 ? runnerStats->mean / leaderStats->mean - 1 : 0;
            // A single value has no interval: it cannot show that the two are apart.
            const bool separated
                = leaderStats->count >= 2 && runnerStats->count >= 2 && leaderStats->ciHigh < runnerStats->ciLow;
            if (separated)
                row.winner = leader;
        }

        if (!rows.isEmpty() && sameVerdict(rows.last(), row)) {
            DecisionRow& band = rows.last();
            band.toTasks = tasks;
            if (row.runnerUp && (!band.runnerUp || row.margin < band.margin)) {
                band.margin = row.margin;
                band.runnerUp = row.runnerUp;
            }
        } else {
            rows.append(row);
        }
    }
    return rows;
}

QList<AnalysisReport> analyzeRuns(
    const QList<RunResult>& runs, const AnalysisOptions& options, const SweepCoverage& coverage)
{
    std::map<std::pair<WorkloadKind, int>, QList<RunResult>> groups;
    for (const RunResult& run : runs)
        groups[{ run.spec.workload, run.spec.taskMs }].append(run);

    QList<AnalysisReport> reports;
    for (const auto& [key, groupRuns] : groups) {
        AnalysisReport report;
        report.workload = key.first;
        report.taskMs = key.second;
        report.options = options;
        report.coverage = coverage;
        report.coverage.presentRuns = int(runs.size());
        for (StrategyKind strategy : allStrategies()) {
            const bool present = std::any_of(groupRuns.begin(), groupRuns.end(),
                [strategy](const RunResult& run) { return run.spec.strategy == strategy; });
            if (present)
                report.strategies.append(analyzeStrategy(strategy, groupRuns, options));
        }
        report.crossovers = findCrossovers(report.strategies);
        report.decision = decisionTable(report.strategies, report.workload, report.taskMs);
        reports.append(report);
    }
    return reports;
}

QList<ArticleDecisionRow> articleDecisionTable()
{
    return {
        { QStringLiteral("CPU"), QStringLiteral("Complex math problem, search"), QStringLiteral("Any"),
            QStringLiteral("Multiprocessing") },
        { QStringLiteral("IO"), QStringLiteral("Network connection, file operation"), QStringLiteral("< 1,000"),
            QStringLiteral("Multithreading") },
        { QStringLiteral("IO"), QStringLiteral("Network connection, file operation"), QStringLiteral("> 1,000"),
            QStringLiteral("Multiprocessing + multithreading") },
    };
}
