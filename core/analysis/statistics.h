#pragma once

#include <QList>

// Summary of the wall times measured for one (strategy, task count) cell.
struct SampleStats
{
    int count = 0;
    double mean = 0;
    double median = 0;
    double stddev = 0; // sample standard deviation (n - 1); 0 for fewer than two values
    double min = 0;
    double max = 0;
    // The 95 % confidence interval of the mean, Student t, cut at 0; NaN (unknown) for fewer than two values.
    double ciLow = 0;
    double ciHigh = 0;
    QList<bool> outlier; // parallel to the values given to describeSample()
    int outlierCount = 0;
};

// Mean, median, spread, 95 % CI and outliers of a sample. Outliers follow Iglewicz & Hoaglin: the modified z-score
// M = 0.6745 (x - median) / MAD flags |M| > 3.5. When the MAD is 0 (more than half the values equal), the mean absolute
// deviation from the median takes its place, M = (x - median) / (1.253314 * meanAD); when that is 0 too, nothing is
// flagged. Samples of fewer than 5 values flag nothing: with 3, two close values make any third one "extreme".
SampleStats describeSample(const QList<double>& values);

// Median of the values; 0 for an empty list.
double medianOf(QList<double> values);

// The two-sided 95 % Student t quantile t(0.975, df). Exact to six decimals for df 1..30 from a table; beyond, the
// Cornish-Fisher expansion of t around the normal quantile (Abramowitz & Stegun 26.7.5), off by less than 1e-6 there.
double studentT975(int degreesOfFreedom);
