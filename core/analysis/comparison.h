#pragma once

#include "analysis.h"

#include <QJsonObject>
#include <QList>
#include <QString>

// Two sets of runs side by side (before and after a change, two machines, the article and this machine): for every
// series and task count both measured, how much longer B took than A and whether that is more than noise. The test
// is the one Google Benchmark's compare.py runs, a two-sided Mann–Whitney U test on the runs' times, at α = 0.05.

enum class ComparisonVerdict
{
    Faster, // B's times are lower, significantly
    Slower, // B's times are higher, significantly
    NoSignificantDifference,
    TooFewRuns, // fewer than 2 runs on a side: no test
};

struct ComparisonRow
{
    QString group; // reportGroupText() of the runs' group: "sleep workload, 100 ms per task"
    QString series; // the series' name in both ("threads", "processes C=8", "threads (python)")
    StrategyKind strategy = StrategyKind::Threads;
    int tasks = 0;
    int countA = 0; // OK runs on each side
    int countB = 0;
    double meanA = 0; // seconds
    double meanB = 0;
    double ratio = 0; // meanB / meanA
    // The ratio's 95 % interval: the delta method on the log of the ratio, with Welch–Satterthwaite's degrees of
    // freedom; NaN when a side has fewer than 2 runs.
    double ratioLow = 0;
    double ratioHigh = 0;
    double pValue = 1; // two-sided; NaN when there is no test
    ComparisonVerdict verdict = ComparisonVerdict::TooFewRuns;
};

constexpr double ComparisonAlpha = 0.05;

// Every (group, series, task count) that both sets measured with at least one OK run, ordered by group, by the series'
// order in A's report and by task count. Series are matched by name, within reports of the same group text.
QList<ComparisonRow> compareRuns(const QList<RunResult>& a, const QList<RunResult>& b);

// The two-sided p-value of the Mann–Whitney U test of two samples: exact (the distribution of U counted over every
// ordering) when neither has more than 50 values and no value is tied, otherwise the normal approximation with the
// tie correction and a continuity correction. 1 when either sample is empty.
double mannWhitneyP(const QList<double>& a, const QList<double>& b);

QString verdictName(ComparisonVerdict verdict); // "faster", "slower", "no significant difference", "too few runs"

// The comparison in words, as `conlab compare` prints it: `nameA` and `nameB` name the two sets.
QString comparisonToText(const QList<ComparisonRow>& rows, const QString& nameA, const QString& nameB);
QString comparisonToMarkdown(const QList<ComparisonRow>& rows, const QString& nameA, const QString& nameB);
QJsonObject comparisonToJson(const QList<ComparisonRow>& rows, const QString& nameA, const QString& nameB);
