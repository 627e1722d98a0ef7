#include "statistics.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace {
// t(0.975, df) for df = 1..30.
constexpr double tTable975[] = {
    12.706205,
    4.302653,
    3.182446,
    2.776445,
    2.570582,
    2.446912,
    2.364624,
    2.306004,
    2.262157,
    2.228139,
    2.200985,
    2.178813,
    2.160369,
    2.144787,
    2.131450,
    2.119905,
    2.109816,
    2.100922,
    2.093024,
    2.085963,
    2.079614,
    2.073873,
    2.068658,
    2.063899,
    2.059539,
    2.055529,
    2.051831,
    2.048407,
    2.045230,
    2.042272,
};

constexpr double madScale = 0.6745; // Phi^-1(0.75): makes the MAD comparable to a standard deviation
constexpr double meanAdScale = 1.253314; // sqrt(pi / 2): the same for the mean absolute deviation
constexpr double outlierThreshold = 3.5;
constexpr qsizetype outlierMinimumSample = 5;
} // namespace

double studentT975(int degreesOfFreedom)
{
    if (degreesOfFreedom < 1)
        return std::numeric_limits<double>::quiet_NaN();
    if (degreesOfFreedom <= 30)
        return tTable975[degreesOfFreedom - 1];
    const double z = 1.959963984540054;
    const double v = degreesOfFreedom;
    const double z3 = z * z * z;
    const double z5 = z3 * z * z;
    const double z7 = z5 * z * z;
    const double z9 = z7 * z * z;
    return z + (z3 + z) / (4 * v) + (5 * z5 + 16 * z3 + 3 * z) / (96 * v * v)
        + (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / (384 * v * v * v)
        + (79 * z9 + 776 * z7 + 1482 * z5 - 1920 * z3 - 945 * z) / (92160 * v * v * v * v);
}

double medianOf(QList<double> values)
{
    if (values.isEmpty())
        return 0;
    std::sort(values.begin(), values.end());
    const qsizetype mid = values.size() / 2;
    return values.size() % 2 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
}

SampleStats describeSample(const QList<double>& values)
{
    SampleStats stats;
    stats.count = int(values.size());
    stats.outlier = QList<bool>(values.size(), false);
    if (values.isEmpty())
        return stats;

    const double n = values.size();
    stats.mean = std::accumulate(values.begin(), values.end(), 0.0) / n;
    stats.median = medianOf(values);
    const auto [minIt, maxIt] = std::minmax_element(values.begin(), values.end());
    stats.min = *minIt;
    stats.max = *maxIt;
    // One value says nothing about the spread: its interval is unknown (NaN, written as null), not zero-wide.
    stats.ciLow = stats.ciHigh = std::numeric_limits<double>::quiet_NaN();
    if (values.size() < 2)
        return stats;

    double squares = 0;
    for (double v : values)
        squares += (v - stats.mean) * (v - stats.mean);
    stats.stddev = std::sqrt(squares / (n - 1));
    const double halfWidth = studentT975(stats.count - 1) * stats.stddev / std::sqrt(n);
    // The mean of run times is not below zero: a wide interval (two runs far apart) is cut at 0, which keeps its
    // coverage at 95 % or more, rather than reading as a negative time.
    stats.ciLow = std::max(0.0, stats.mean - halfWidth);
    stats.ciHigh = stats.mean + halfWidth;

    if (values.size() < outlierMinimumSample)
        return stats;
    QList<double> deviations;
    deviations.reserve(values.size());
    for (double v : values)
        deviations.append(std::abs(v - stats.median));
    const double mad = medianOf(deviations);
    const double meanAd = std::accumulate(deviations.begin(), deviations.end(), 0.0) / n;
    // The denominator that turns (x - median) into the modified z-score.
    double scale = 0;
    if (mad > 0)
        scale = mad / madScale;
    else if (meanAd > 0)
        scale = meanAdScale * meanAd;
    if (scale <= 0)
        return stats;
    for (qsizetype i = 0; i < values.size(); ++i) {
        if (std::abs(values[i] - stats.median) / scale > outlierThreshold) {
            stats.outlier[i] = true;
            ++stats.outlierCount;
        }
    }
    return stats;
}
