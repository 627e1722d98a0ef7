#include "analysis.h"

#include "strategies.h"
#include "workload.h"
#include "workloadoptions.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <tuple>
#include <utility>

namespace {
// The runs of one report: one workload, task duration and set of workload options. Ordered by workload, then task
// duration, then options, which is the order of the reports.
struct GroupKey
{
    WorkloadKind workload;
    int taskMs;
    WorkloadOptions options;

    auto tied() const
    {
        return std::tie(workload, taskMs, options.cpuMs, options.bytes, options.fsync, options.shell,
            options.interpreterLock, options.dir, options.command);
    }
    bool operator<(const GroupKey& other) const { return tied() < other.tied(); }
};

GroupKey groupKeyOf(const RunSpec& spec)
{
    return { spec.workload, spec.taskMs, spec.options };
}

constexpr double crossoverHorizon = 100; // times the largest measured task count

// The ideal bound of a point (idealSeconds()), from the first run that carries one; NaN (unknown) when none does, as
// for a result file that gives neither the task duration nor the workers.
double pointIdealSeconds(const QList<const RunResult*>& runs)
{
    for (const RunResult* run : runs) {
        if (run->idealSeconds > 0)
            return run->idealSeconds;
    }
    return std::numeric_limits<double>::quiet_NaN();
}

SeriesSetting fixedOrUnknown(int value)
{
    return value > 0 ? SeriesSetting { SeriesSetting::Kind::Fixed, value }
                     : SeriesSetting { SeriesSetting::Kind::Unknown, 0 };
}

bool isPerTask(const SeriesSetting& setting)
{
    return setting.kind == SeriesSetting::Kind::PerTask;
}

using SeriesKey = std::pair<StrategyKind, SeriesSettings>;

// The runs of one report grouped by series (as indices into `runs`), with the ambiguity rule of analyzeRuns() applied.
std::map<SeriesKey, QList<qsizetype>> groupSeries(const QList<const RunResult*>& runs)
{
    std::map<SeriesKey, QList<qsizetype>> groups;
    for (qsizetype i = 0; i < runs.size(); ++i)
        groups[{ runs[i]->spec.strategy, seriesSettingsOf(runs[i]->spec) }].append(i);

    QList<SeriesKey> merged;
    for (const auto& [key, members] : groups) {
        if (!isPerTask(key.second.threads))
            continue;
        const SeriesKey* target = nullptr;
        int candidates = 0;
        for (const auto& [other, otherMembers] : groups) {
            if (other.first != key.first || other.second.runtime != key.second.runtime
                || other.second.threads.kind != SeriesSetting::Kind::Fixed
                || other.second.processes != key.second.processes || other.second.chunksize != key.second.chunksize)
                continue;
            const int fixedThreads = other.second.threads.value;
            const bool fits = std::all_of(members.cbegin(), members.cend(), [&runs, fixedThreads](qsizetype i) {
                // The run, given the series' thread count, would have run as it did: T threads for T tasks is one
                // per task; for blended, a share of at most T runs on as many threads whether capped at T or not.
                RunSpec asFixed = runs[i]->spec;
                asFixed.threads = fixedThreads;
                return resolvedRunSpec(asFixed, 1).threads == runs[i]->spec.threads;
            });
            if (fits) {
                target = &other;
                ++candidates;
            }
        }
        if (candidates == 1) {
            QList<qsizetype>& joined = groups[*target];
            joined += members;
            std::sort(joined.begin(), joined.end()); // input order, which outlier flags are matched by
            merged.append(key);
        }
    }
    for (const SeriesKey& key : merged)
        groups.erase(key);
    return groups;
}

QString settingText(const SeriesSetting& setting, QChar letter, bool cap)
{
    switch (setting.kind) {
    case SeriesSetting::Kind::NotApplicable:
        return {};
    case SeriesSetting::Kind::Fixed:
        return QStringLiteral("%1%2%3")
            .arg(letter)
            .arg(cap ? QStringLiteral("≤") : QStringLiteral("="))
            .arg(setting.value);
    case SeriesSetting::Kind::PerTask:
        return QStringLiteral("%1=per task").arg(letter);
    case SeriesSetting::Kind::PythonRule:
        return QStringLiteral("%1=python").arg(letter);
    case SeriesSetting::Kind::Unknown:
        return QStringLiteral("%1=unknown").arg(letter);
    }
    return {};
}

bool sameVerdict(const DecisionRow& a, const DecisionRow& b)
{
    if (a.winner.has_value() != b.winner.has_value())
        return false;
    return a.winner ? *a.winner == *b.winner : a.leader == b.leader;
}
} // namespace

SeriesSettings seriesSettingsOf(const RunSpec& resolved)
{
    const StrategyDescription& strategy = describeStrategy(resolved.strategy);
    SeriesSettings settings;
    settings.runtime = resolved.runtime;
    if (strategy.reads(RunSetting::Threads)) {
        // One thread per task, the default, is a series of its own whatever the task count: the run's threads are
        // what resolving it without a thread count gives.
        RunSpec byDefault = resolved;
        byDefault.threads = 0;
        settings.threads = strategy.workersKnown(resolved) && strategy.resolve(byDefault, 1).threads == resolved.threads
            ? SeriesSetting { SeriesSetting::Kind::PerTask, 0 }
            : fixedOrUnknown(resolved.threads);
    }
    if (strategy.reads(RunSetting::Processes))
        settings.processes = fixedOrUnknown(resolved.processes);
    if (strategy.reads(RunSetting::Chunksize)) {
        if (resolved.chunksize == ChunkPythonRule)
            settings.chunksize = { SeriesSetting::Kind::PythonRule, 0 };
        else if (resolved.chunksize == ChunkUnknown)
            settings.chunksize = fixedOrUnknown(0); // the file did not say
        else
            settings.chunksize = { SeriesSetting::Kind::Fixed, std::max(1, resolved.chunksize) };
    }
    return settings;
}

QStringList seriesNames(const QList<StrategyAnalysis>& series)
{
    QStringList names;
    for (const StrategyAnalysis& analysis : series) {
        // A setting goes into the name when the strategy's series do not all share it.
        bool processes = false;
        bool threads = false;
        bool chunksize = false;
        for (const StrategyAnalysis& other : series) {
            if (other.strategy != analysis.strategy)
                continue;
            processes |= other.settings.processes != analysis.settings.processes;
            threads |= other.settings.threads != analysis.settings.threads;
            chunksize |= other.settings.chunksize != analysis.settings.chunksize;
        }
        QStringList parts { strategyName(analysis.strategy) };
        if (processes)
            parts << settingText(analysis.settings.processes, u'C', false);
        if (threads)
            parts << settingText(analysis.settings.threads, u'T', describeStrategy(analysis.strategy).threadsAreCap);
        if (chunksize)
            parts << settingText(analysis.settings.chunksize, u'K', false);
        parts.removeAll(QString());
        names << withRuntime(parts.join(u' '), analysis.settings.runtime);
    }
    return names;
}

double seriesIdealSeconds(const StrategyAnalysis& series, double tasks)
{
    const SeriesSettings& settings = series.settings;
    const auto unknown = [](const SeriesSetting& setting) { return setting.kind == SeriesSetting::Kind::Unknown; };
    if (unknown(settings.processes) || unknown(settings.threads) || unknown(settings.chunksize) || !(tasks >= 1)
        || series.taskMs <= 0)
        return std::numeric_limits<double>::quiet_NaN();
    RunSpec spec;
    spec.strategy = series.strategy;
    spec.runtime = settings.runtime;
    spec.taskMs = series.taskMs;
    spec.workload = series.workload == WorkloadKind::Unknown ? WorkloadKind::Sleep : series.workload;
    spec.options = series.workloadOptions;
    spec.tasks = int(std::min<double>(std::floor(tasks), std::numeric_limits<int>::max()));
    const auto fixed = [](const SeriesSetting& setting) {
        return setting.kind == SeriesSetting::Kind::Fixed ? setting.value : 0; // 0: the default, per task
    };
    spec.processes = fixed(settings.processes);
    spec.threads = fixed(settings.threads);
    if (settings.chunksize.kind == SeriesSetting::Kind::PythonRule)
        spec.chunksize = ChunkPythonRule;
    else if (settings.chunksize.kind == SeriesSetting::Kind::Fixed && settings.chunksize.value > 1)
        spec.chunksize = settings.chunksize.value;
    return idealSeconds(resolvedRunSpec(spec, 1), 0);
}

QStringList seriesNamesOfRuns(const QList<RunResult>& runs, QList<int>* ranks)
{
    QStringList names(runs.size());
    if (ranks)
        *ranks = QList<int>(runs.size(), 0);
    std::map<GroupKey, QList<qsizetype>> groups;
    for (qsizetype i = 0; i < runs.size(); ++i)
        groups[groupKeyOf(runs[i].spec)].append(i);
    for (const auto& [group, indices] : groups) {
        QList<const RunResult*> groupRuns;
        for (qsizetype i : indices)
            groupRuns.append(&runs[i]);
        const auto series = groupSeries(groupRuns);
        // The series as analyzeRuns() lists them, named as it names them: only their strategy and settings matter.
        QList<StrategyAnalysis> listed;
        QList<const QList<qsizetype>*> members;
        for (StrategyKind strategy : allStrategies()) {
            for (const auto& [key, seriesMembers] : series) {
                if (key.first != strategy)
                    continue;
                StrategyAnalysis analysis;
                analysis.strategy = key.first;
                analysis.settings = key.second;
                listed.append(analysis);
                members.append(&seriesMembers);
            }
        }
        const QStringList listedNames = seriesNames(listed);
        for (qsizetype s = 0; s < listed.size(); ++s) {
            const auto rank = std::count_if(listed.cbegin(), listed.cbegin() + s, [&](const StrategyAnalysis& other) {
                // A series' shade: its rank among its strategy's series in the same runtime (a runtime has a line
                // style of its own).
                return other.strategy == listed[s].strategy && other.settings.runtime == listed[s].settings.runtime;
            });
            for (qsizetype member : *members[s]) {
                names[indices[member]] = listedNames[s];
                if (ranks)
                    (*ranks)[indices[member]] = int(rank);
            }
        }
    }
    return names;
}

QString fitTargetName(FitTarget target)
{
    return target == FitTarget::Median ? QStringLiteral("median") : QStringLiteral("mean");
}

double fittedValue(const TaskCountPoint& point, FitTarget target)
{
    return target == FitTarget::Median ? point.stats.median : point.stats.mean;
}

StrategyAnalysis analyzeStrategy(
    StrategyKind strategy, const QList<const RunResult*>& runs, const AnalysisOptions& options)
{
    StrategyAnalysis analysis;
    analysis.strategy = strategy;

    std::map<int, QList<const RunResult*>> byTasks;
    QList<double> workers;
    for (const RunResult* run : runs) {
        if (run->spec.strategy != strategy)
            continue;
        if (!run->isOk() || !std::isfinite(run->seconds)) {
            ++analysis.failedRuns;
            continue;
        }
        ++analysis.okRuns;
        byTasks[run->spec.tasks].append(run);
        if (workersKnown(run->spec))
            workers.append(parallelWorkers(run->spec));
    }
    analysis.workers = int(std::lround(medianOf(workers)));
    if (!workers.isEmpty()) {
        const auto [low, high] = std::minmax_element(workers.cbegin(), workers.cend());
        analysis.workersMin = int(*low);
        analysis.workersMax = int(*high);
    }

    QList<const RunResult*> modelRuns;
    QList<double> fitX;
    QList<double> fitY;
    for (const auto& [tasks, cell] : byTasks) {
        TaskCountPoint point;
        point.tasks = tasks;
        for (const RunResult* run : cell)
            point.seconds.append(run->seconds);
        point.idealSeconds = pointIdealSeconds(cell);
        for (const RunResult* run : cell)
            point.belowIdeal
                += fasterThanIdeal(run->seconds, run->idealSeconds > 0 ? run->idealSeconds : point.idealSeconds);
        // Over the runs that measured each resource: a file may mix runs that did with runs that did not (-1).
        // (A named reference: clang 14 cannot capture a structured binding.)
        const QList<const RunResult*>& runs = cell;
        const auto meanMeasured = [&runs](auto field) {
            double sum = 0;
            int measured = 0;
            for (const RunResult* run : runs) {
                if (run->resources.*field >= 0) {
                    sum += double(run->resources.*field);
                    ++measured;
                }
            }
            return measured > 0 ? sum / measured : std::numeric_limits<double>::quiet_NaN();
        };
        point.peakRssKiB = meanMeasured(&RunResources::peakRssKiB);
        point.workersPeakRssKiB = meanMeasured(&RunResources::workersPeakRssKiB);
        point.threadsCreated = meanMeasured(&RunResources::threadsCreated);
        point.processesCreated = meanMeasured(&RunResources::processesCreated);

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
                modelRuns.append(cell[i]);
        }
        fitX.append(tasks);
        fitY.append(fittedValue(point, options.fitTo));
        analysis.points.append(point);
    }
    analysis.fit = fitTrendline(fitX, fitY);
    analysis.model = fitCostModelOver(modelRuns);
    // The settings and duration of the series: of any of its runs (the runs given may hold other strategies').
    const auto own = std::find_if(
        runs.cbegin(), runs.cend(), [strategy](const RunResult* run) { return run->spec.strategy == strategy; });
    if (own != runs.cend()) {
        analysis.settings = seriesSettingsOf((*own)->spec);
        analysis.taskMs = (*own)->spec.taskMs;
    }
    return analysis;
}

QList<Crossover> crossoversBetween(int first, const QuadraticFit& firstFit, int second, const QuadraticFit& secondFit,
    double rangeLow, double rangeHigh, double maxTasks)
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
        crossover.seconds = firstFit.valueAt(root);
        result.append(crossover);
    }
    return result;
}

QList<Crossover> crossoversOfPair(const QList<StrategyAnalysis>& strategies, int first, const QuadraticFit& firstFit,
    int second, const QuadraticFit& secondFit)
{
    const QList<TaskCountPoint>& firstPoints = strategies.at(first).points;
    const QList<TaskCountPoint>& secondPoints = strategies.at(second).points;
    if (firstPoints.isEmpty() || secondPoints.isEmpty())
        return {};
    const double low = std::max(firstPoints.first().tasks, secondPoints.first().tasks);
    const double high = std::min(firstPoints.last().tasks, secondPoints.last().tasks);
    const double largest = std::max(firstPoints.last().tasks, secondPoints.last().tasks);
    return crossoversBetween(first, firstFit, second, secondFit, low, high, crossoverHorizon * largest);
}

QList<Crossover> findCrossovers(const QList<StrategyAnalysis>& strategies)
{
    QList<Crossover> result;
    for (qsizetype i = 0; i < strategies.size(); ++i) {
        for (qsizetype j = i + 1; j < strategies.size(); ++j) {
            const StrategyAnalysis& first = strategies[i];
            const StrategyAnalysis& second = strategies[j];
            // A runtime's curves answer its own users: where CPython's pools cross is not where a native one
            // overtakes CPython.
            if (first.points.isEmpty() || second.points.isEmpty() || first.settings.runtime != second.settings.runtime)
                continue;
            QList<Crossover> found = crossoversOfPair(strategies, int(i), first.fit, int(j), second.fit);
            for (Crossover& crossover : found) {
                // fmax skips an unknown (NaN) bound; two unknown bounds leave only the check against zero.
                const double bound = std::fmax(
                    seriesIdealSeconds(first, crossover.tasks), seriesIdealSeconds(second, crossover.tasks));
                crossover.plausible
                    = crossover.seconds > 0 && !(std::isfinite(bound) && fasterThanIdeal(crossover.seconds, bound));
            }
            result += found;
        }
    }
    std::stable_sort(
        result.begin(), result.end(), [](const Crossover& a, const Crossover& b) { return a.tasks < b.tasks; });
    return result;
}

QList<DecisionRow> decisionTable(
    const QList<StrategyAnalysis>& strategies, WorkloadKind workload, int taskMs, const QList<Crossover>& crossovers)
{
    std::map<int, QList<std::pair<int, const SampleStats*>>> byTasks;
    for (qsizetype i = 0; i < strategies.size(); ++i) {
        for (const TaskCountPoint& point : strategies[i].points) {
            if (point.stats.count > 0)
                byTasks[point.tasks].append({ int(i), &point.stats });
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
            const bool nearACrossover = std::any_of(crossovers.cbegin(), crossovers.cend(),
                [tasks = tasks, leader = leader, runnerUp = runnerUp](const Crossover& crossover) {
                    return crossover.covers(tasks)
                        && std::minmax(crossover.fasterBefore, crossover.fasterAfter) == std::minmax(leader, runnerUp);
                });
            if (separated && !nearACrossover)
                row.winner = leader;
        }

        // A band never spans the article's 1,000 tasks, so that each band answers one row of its table.
        const bool acrossArticleThreshold
            = !rows.isEmpty() && rows.last().toTasks < ArticleTaskThreshold && tasks >= ArticleTaskThreshold;
        if (!rows.isEmpty() && sameVerdict(rows.last(), row) && !acrossArticleThreshold) {
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

namespace {
// One decision table per runtime present, native first: a Python user chooses among CPython's ways, not between
// CPython and this engine.
QList<DecisionRow> decisionTablesPerRuntime(const AnalysisReport& report)
{
    QList<DecisionRow> rows;
    for (RuntimeKind runtime : allRuntimes()) {
        QList<StrategyAnalysis> series;
        QList<int> indexOf; // into report.strategies
        for (qsizetype i = 0; i < report.strategies.size(); ++i) {
            if (report.strategies[i].settings.runtime == runtime) {
                series.append(report.strategies[i]);
                indexOf.append(int(i));
            }
        }
        if (series.isEmpty())
            continue;
        // The crossovers among them, with their series numbered as in `series`.
        QList<Crossover> crossovers;
        for (Crossover crossover : report.crossovers) {
            const qsizetype before = indexOf.indexOf(crossover.fasterBefore);
            const qsizetype after = indexOf.indexOf(crossover.fasterAfter);
            if (before < 0 || after < 0)
                continue;
            crossover.fasterBefore = int(before);
            crossover.fasterAfter = int(after);
            crossovers.append(crossover);
        }
        for (DecisionRow row : decisionTable(series, report.workload, report.taskMs, crossovers)) {
            row.runtime = runtime;
            row.leader = indexOf.at(row.leader);
            if (row.winner)
                row.winner = indexOf.at(*row.winner);
            if (row.runnerUp)
                row.runnerUp = indexOf.at(*row.runnerUp);
            rows.append(row);
        }
    }
    return rows;
}
} // namespace

QList<AnalysisReport> analyzeRuns(
    const QList<RunResult>& runs, const AnalysisOptions& options, const SweepCoverage& coverage)
{
    std::map<GroupKey, QList<const RunResult*>> groups;
    for (const RunResult& run : runs)
        groups[groupKeyOf(run.spec)].append(&run);

    QList<AnalysisReport> reports;
    for (const auto& [group, groupRuns] : groups) {
        AnalysisReport report;
        report.workload = group.workload;
        report.taskMs = group.taskMs;
        report.workloadOptions = group.options;
        report.options = options;
        report.coverage = coverage;
        report.coverage.presentRuns = int(runs.size());
        const auto series = groupSeries(groupRuns);
        for (StrategyKind strategy : allStrategies()) {
            for (const auto& [key, members] : series) {
                if (key.first != strategy)
                    continue;
                QList<const RunResult*> seriesRuns;
                seriesRuns.reserve(members.size());
                for (qsizetype i : members)
                    seriesRuns.append(groupRuns[i]);
                StrategyAnalysis analysis = analyzeStrategy(strategy, seriesRuns, options);
                analysis.settings = key.second; // a merged group's runs carry the fixed series' settings or its own
                analysis.taskMs = report.taskMs;
                analysis.workload = report.workload;
                analysis.workloadOptions = report.workloadOptions;
                report.strategies.append(analysis);
            }
        }
        const QStringList names = seriesNames(report.strategies);
        for (qsizetype i = 0; i < names.size(); ++i)
            report.strategies[i].name = names[i];
        report.crossovers = findCrossovers(report.strategies);
        crossoverIntervals(report, options.bootstrapResamples, options.bootstrapSeed);
        report.decision = decisionTablesPerRuntime(report);
        reports.append(report);
    }
    return reports;
}

ArticleAnswer articleAnswer(const AnalysisReport& report, const DecisionRow& row)
{
    ArticleAnswer answer;
    const WorkloadDescription* workload = findWorkload(report.workload);
    if (!workload || workload->articleBottleneck.empty())
        return answer;
    answer.bottleneck = QString::fromLatin1(workload->articleBottleneck);
    const QList<ArticleDecisionRow> article = articleDecisionTable();
    // The article's rows: CPU at any count; IO below 1,000 tasks; IO above (its table says "> 1,000").
    constexpr int articleThreshold = ArticleTaskThreshold;
    if (answer.bottleneck == u"CPU") {
        answer.advice = article.at(0).optimizeWith;
        answer.strategy = StrategyKind::Processes;
    } else if (row.toTasks < articleThreshold) {
        answer.advice = article.at(1).optimizeWith;
        answer.strategy = StrategyKind::Threads;
    } else if (row.fromTasks >= articleThreshold) {
        answer.advice = article.at(2).optimizeWith;
        answer.strategy = StrategyKind::Blended;
    } else {
        answer.advice = QStringLiteral("%1 below 1,000 tasks, %2 above")
                            .arg(article.at(1).optimizeWith, article.at(2).optimizeWith.toLower());
    }
    if (answer.strategy && row.winner && *row.winner < report.strategies.size())
        answer.agrees = report.strategies.at(*row.winner).strategy == *answer.strategy;
    return answer;
}

QList<WorkloadDecisionRow> workloadDecisionTable(const QList<AnalysisReport>& reports)
{
    QList<WorkloadDecisionRow> rows;
    for (qsizetype i = 0; i < reports.size(); ++i) {
        for (const DecisionRow& band : reports[i].decision)
            rows.append({ int(i), band, articleAnswer(reports[i], band) });
    }
    return rows;
}

QString reportGroupText(const AnalysisReport& report)
{
    return workloadGroupText(report.workload, report.taskMs, report.workloadOptions);
}

double reportTaskSeconds(const AnalysisReport& report)
{
    RunSpec spec;
    spec.workload = report.workload == WorkloadKind::Unknown ? WorkloadKind::Sleep : report.workload;
    spec.taskMs = report.taskMs;
    spec.options = report.workloadOptions;
    return taskSeconds(spec);
}

const AnalysisReport* matchingReport(const QList<AnalysisReport>& reports, const AnalysisReport& shown)
{
    const QString group = reportGroupText(shown);
    for (const AnalysisReport& report : reports) {
        if (reportGroupText(report) == group)
            return &report;
    }
    for (const AnalysisReport& report : reports) {
        if (report.workload == shown.workload)
            return &report;
    }
    return nullptr;
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
