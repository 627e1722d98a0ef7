// The crossovers' 95 % intervals, by bootstrap over the repeats (analysis.h, crossoverIntervals()).

#include "analysis.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <random>

namespace {
// Above this many values a point's resampled mean is drawn from its normal limit rather than value by value.
constexpr qsizetype exactResamplingLimit = 1000;

// A uniform index below `n`, the same on every platform for the same generator (std::uniform_int_distribution is
// not): Lemire's multiply-shift, whose bias of at most n / 2^64 is far below anything a resample can show.
__extension__ using Wide = unsigned __int128; // GCC's and Clang's, which -Wpedantic would name as not ISO C++

qsizetype drawIndex(std::mt19937_64& generator, qsizetype n)
{
    return qsizetype(Wide(generator()) * quint64(n) >> 64);
}

// A standard normal value from two uniform ones (Box-Muller), for the same reason.
double drawNormal(std::mt19937_64& generator)
{
    const double u1 = (double(generator() >> 11) + 0.5) * 0x1.0p-53;
    const double u2 = double(generator() >> 11) * 0x1.0p-53;
    return std::sqrt(-2 * std::log(u1)) * std::cos(2 * M_PI * u2);
}

// The values a point's statistics used: all of them, or without the flagged outliers when they were dropped.
QList<double> usedValues(const TaskCountPoint& point, const AnalysisOptions& options)
{
    if (!options.dropOutliers || point.stats.outlierCount == 0)
        return point.seconds;
    QList<double> kept;
    for (qsizetype i = 0; i < point.seconds.size(); ++i) {
        if (!point.stats.outlier.value(i))
            kept.append(point.seconds[i]);
    }
    return kept;
}

// One resampled trendline of a series: every point's values drawn again, the mean or median of each fitted.
QuadraticFit resampledFit(const StrategyAnalysis& series, const QList<QList<double>>& values,
    const AnalysisOptions& options, std::mt19937_64& generator)
{
    QList<double> x;
    QList<double> y;
    QList<double> sample;
    for (qsizetype p = 0; p < series.points.size(); ++p) {
        const QList<double>& point = values.at(p);
        if (point.isEmpty())
            continue;
        const qsizetype n = point.size();
        double value = 0;
        if (n > exactResamplingLimit && options.fitTo == FitTarget::Mean) {
            const SampleStats& stats = series.points.at(p).stats;
            value = stats.mean + drawNormal(generator) * stats.stddev / std::sqrt(double(n));
        } else {
            sample.resize(n);
            for (double& drawn : sample)
                drawn = point.at(drawIndex(generator, n));
            if (options.fitTo == FitTarget::Mean) {
                double sum = 0;
                for (double drawn : std::as_const(sample))
                    sum += drawn;
                value = sum / double(n);
            } else {
                value = medianOf(sample);
            }
        }
        x.append(series.points.at(p).tasks);
        y.append(value);
    }
    return fitTrendline(x, y);
}
} // namespace

void crossoverIntervals(AnalysisReport& report, int resamples, quint64 seed)
{
    if (resamples <= 0 || report.crossovers.isEmpty())
        return;
    std::mt19937_64 generator(seed);
    // Every series in a crossover is resampled once per round, and each round serves all its crossovers, so that the
    // interval of one crossover does not depend on how many others the report has.
    std::map<int, QList<QList<double>>> valuesOf;
    for (const Crossover& crossover : std::as_const(report.crossovers)) {
        for (int series : { crossover.fasterBefore, crossover.fasterAfter }) {
            if (valuesOf.count(series) != 0)
                continue;
            QList<QList<double>>& values = valuesOf[series];
            for (const TaskCountPoint& point : report.strategies.at(series).points)
                values.append(usedValues(point, report.options));
        }
    }
    QList<QList<double>> found(report.crossovers.size());
    std::map<int, QuadraticFit> fits;
    for (int round = 0; round < resamples; ++round) {
        for (const auto& [series, values] : valuesOf)
            fits[series] = resampledFit(report.strategies.at(series), values, report.options, generator);
        for (qsizetype c = 0; c < report.crossovers.size(); ++c) {
            const Crossover& estimate = report.crossovers.at(c);
            const int first = std::min(estimate.fasterBefore, estimate.fasterAfter);
            const int second = std::max(estimate.fasterBefore, estimate.fasterAfter);
            double nearest = std::numeric_limits<double>::quiet_NaN();
            for (const Crossover& again :
                crossoversOfPair(report.strategies, first, fits.at(first), second, fits.at(second))) {
                if (again.fasterBefore != estimate.fasterBefore)
                    continue;
                if (!std::isfinite(nearest)
                    || std::abs(again.tasks - estimate.tasks) < std::abs(nearest - estimate.tasks))
                    nearest = again.tasks;
            }
            if (std::isfinite(nearest))
                found[c].append(nearest);
        }
    }
    for (qsizetype c = 0; c < report.crossovers.size(); ++c) {
        Crossover& crossover = report.crossovers[c];
        QList<double>& tasks = found[c];
        crossover.resamples = resamples;
        crossover.crossingResamples = int(tasks.size());
        crossover.seed = seed;
        if (tasks.size() < 0.95 * resamples)
            continue;
        std::sort(tasks.begin(), tasks.end());
        // Percentiles of where they crossed: 2.5 % of those below the interval, 2.5 % above.
        const auto percentile = [&tasks](double fraction) {
            const double at = fraction * double(tasks.size() - 1);
            const qsizetype below = qsizetype(std::floor(at));
            const qsizetype above = std::min(below + 1, tasks.size() - 1);
            return tasks.at(below) + (at - double(below)) * (tasks.at(above) - tasks.at(below));
        };
        crossover.ciLow = percentile(0.025);
        crossover.ciHigh = percentile(0.975);
    }
}
