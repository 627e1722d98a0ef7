#include "comparison.h"

#include "analysisreport.h"

#include <QJsonArray>
#include <algorithm>
#include <cmath>
#include <vector>

namespace {
// The normal distribution's upper tail, P(Z > z).
double normalUpperTail(double z)
{
    return 0.5 * std::erfc(z / std::sqrt(2.0));
}

// The exact two-sided p-value of U for samples of n and m values without ties: the count of orderings with each U
// (the number of (a, b) pairs with a > b), by the recurrence f(n, m, u) = f(n - 1, m, u - m) + f(n, m - 1, u).
double exactMannWhitneyP(int n, int m, double u)
{
    const int maxU = n * m;
    // counts[i][j][u] rolled over i: counts of u for i values of the first sample and j of the second.
    std::vector<std::vector<double>> previous(size_t(m) + 1, std::vector<double>(size_t(maxU) + 1, 0.0));
    for (int j = 0; j <= m; ++j)
        previous[size_t(j)][0] = 1; // no value of the first sample: U = 0, one ordering
    for (int i = 1; i <= n; ++i) {
        std::vector<std::vector<double>> current(size_t(m) + 1, std::vector<double>(size_t(maxU) + 1, 0.0));
        current[0][0] = 1;
        for (int j = 1; j <= m; ++j) {
            for (int value = 0; value <= i * j; ++value) {
                // The largest of all values is from the first sample (it beats all j) or from the second.
                const double fromFirst = value >= j ? previous[size_t(j)][size_t(value - j)] : 0.0;
                current[size_t(j)][size_t(value)] = fromFirst + current[size_t(j - 1)][size_t(value)];
            }
        }
        previous = std::move(current);
    }
    const std::vector<double>& counts = previous[size_t(m)];
    double total = 0;
    for (double count : counts)
        total += count;
    // Two-sided: twice the smaller tail, from U's side of the middle.
    const double smaller = std::min(u, maxU - u);
    double tail = 0;
    for (int value = 0; value <= maxU && value <= smaller + 1e-9; ++value)
        tail += counts[size_t(value)];
    return std::min(1.0, 2 * tail / total);
}

// The point at `tasks`; its statistics are of every OK run there (compareRuns() leaves no outlier out).
const TaskCountPoint* pointAt(const StrategyAnalysis& series, int tasks)
{
    for (const TaskCountPoint& point : series.points) {
        if (point.tasks == tasks)
            return &point;
    }
    return nullptr;
}

QString ratioText(double ratio)
{
    return std::isfinite(ratio) ? QString::number(ratio, 'f', 3) : QStringLiteral("—");
}

QString intervalText(const ComparisonRow& row)
{
    if (!std::isfinite(row.ratioLow))
        return QStringLiteral("—");
    return QStringLiteral("%1 … %2").arg(ratioText(row.ratioLow), ratioText(row.ratioHigh));
}

QString pText(double p)
{
    if (!std::isfinite(p))
        return QStringLiteral("—");
    return p < 1e-4 ? QStringLiteral("%1").arg(p, 0, 'e', 1) : QString::number(p, 'f', 4);
}

QStringList header()
{
    return { QStringLiteral("Group"), QStringLiteral("Series"), QStringLiteral("Tasks"), QStringLiteral("A runs"),
        QStringLiteral("A mean s"), QStringLiteral("B runs"), QStringLiteral("B mean s"), QStringLiteral("B/A"),
        QStringLiteral("95% CI"), QStringLiteral("p"), QStringLiteral("Verdict") };
}

QList<QStringList> cells(const QList<ComparisonRow>& rows)
{
    QList<QStringList> table;
    for (const ComparisonRow& row : rows) {
        table.append({ row.group, row.series, QString::number(row.tasks), QString::number(row.countA),
            QString::number(row.meanA, 'f', 4), QString::number(row.countB), QString::number(row.meanB, 'f', 4),
            ratioText(row.ratio), intervalText(row), pText(row.pValue), verdictName(row.verdict) });
    }
    return table;
}

const QList<bool> rightAligned { false, false, true, true, true, true, true, true, false, true, false };

QString methodText()
{
    return QStringLiteral("B/A is the ratio of the mean times, its 95% CI by the delta method on the log of the ratio "
                          "(Welch's degrees of freedom); the verdict is a two-sided Mann-Whitney U test of the runs' "
                          "times at alpha = %1, as Google Benchmark's compare.py tests")
        .arg(ComparisonAlpha);
}
} // namespace

double mannWhitneyP(const QList<double>& a, const QList<double>& b)
{
    const qsizetype n = a.size();
    const qsizetype m = b.size();
    if (n == 0 || m == 0)
        return 1;
    // Ranks of the pooled values, ties sharing their mean rank.
    std::vector<std::pair<double, int>> pooled;
    pooled.reserve(size_t(n + m));
    for (double value : a)
        pooled.push_back({ value, 0 });
    for (double value : b)
        pooled.push_back({ value, 1 });
    std::sort(pooled.begin(), pooled.end(), [](const auto& x, const auto& y) { return x.first < y.first; });
    double rankSumA = 0;
    double tieTerm = 0; // sum of t^3 - t over groups of t tied values
    for (size_t i = 0; i < pooled.size();) {
        size_t j = i;
        while (j < pooled.size() && pooled[j].first == pooled[i].first)
            ++j;
        const double rank = (double(i + 1) + double(j)) / 2;
        const double tied = double(j - i);
        tieTerm += tied * tied * tied - tied;
        for (size_t k = i; k < j; ++k) {
            if (pooled[k].second == 0)
                rankSumA += rank;
        }
        i = j;
    }
    const double u = rankSumA - double(n) * double(n + 1) / 2; // pairs where a's value is the larger
    if (tieTerm == 0 && n <= 50 && m <= 50)
        return exactMannWhitneyP(int(n), int(m), u);
    const double total = double(n + m);
    const double mean = double(n) * double(m) / 2;
    const double variance = double(n) * double(m) / 12 * ((total + 1) - tieTerm / (total * (total - 1)));
    if (!(variance > 0))
        return 1;
    const double z = std::max(0.0, std::abs(u - mean) - 0.5) / std::sqrt(variance);
    return std::min(1.0, 2 * normalUpperTail(z));
}

QList<ComparisonRow> compareRuns(const QList<RunResult>& a, const QList<RunResult>& b)
{
    AnalysisOptions options;
    options.bootstrapResamples = 0; // no crossovers are compared
    const QList<AnalysisReport> reportsA = analyzeRuns(a, options);
    const QList<AnalysisReport> reportsB = analyzeRuns(b, options);
    QList<ComparisonRow> rows;
    for (const AnalysisReport& reportA : reportsA) {
        const QString group = reportGroupText(reportA);
        const auto reportB = std::find_if(reportsB.cbegin(), reportsB.cend(),
            [&group](const AnalysisReport& report) { return reportGroupText(report) == group; });
        if (reportB == reportsB.cend())
            continue;
        for (const StrategyAnalysis& seriesA : reportA.strategies) {
            const auto seriesB = std::find_if(reportB->strategies.cbegin(), reportB->strategies.cend(),
                [&seriesA](const StrategyAnalysis& series) { return series.name == seriesA.name; });
            if (seriesB == reportB->strategies.cend())
                continue;
            for (const TaskCountPoint& pointA : seriesA.points) {
                const TaskCountPoint* pointB = pointAt(*seriesB, pointA.tasks);
                if (!pointB)
                    continue;
                ComparisonRow row;
                row.group = group;
                row.series = seriesA.name;
                row.strategy = seriesA.strategy;
                row.tasks = pointA.tasks;
                row.countA = int(pointA.seconds.size());
                row.countB = int(pointB->seconds.size());
                row.meanA = pointA.stats.mean;
                row.meanB = pointB->stats.mean;
                row.ratio = row.meanA > 0 ? row.meanB / row.meanA : std::numeric_limits<double>::quiet_NaN();
                row.ratioLow = row.ratioHigh = std::numeric_limits<double>::quiet_NaN();
                row.pValue = std::numeric_limits<double>::quiet_NaN();
                if (row.countA >= 2 && row.countB >= 2) {
                    // var(log mean) ~ s² / (n mean²): the two sides' relative standard errors, squared.
                    const double va = std::pow(pointA.stats.stddev / row.meanA, 2) / row.countA;
                    const double vb = std::pow(pointB->stats.stddev / row.meanB, 2) / row.countB;
                    const double spread = std::sqrt(va + vb);
                    if (spread > 0 && std::isfinite(row.ratio) && row.meanB > 0) {
                        const double df
                            = (va + vb) * (va + vb) / (va * va / (row.countA - 1) + vb * vb / (row.countB - 1));
                        const double t = studentT975(std::max(1, int(std::floor(df))));
                        row.ratioLow = row.ratio * std::exp(-t * spread);
                        row.ratioHigh = row.ratio * std::exp(t * spread);
                    } else if (std::isfinite(row.ratio)) {
                        row.ratioLow = row.ratioHigh = row.ratio; // no spread on either side
                    }
                    row.pValue = mannWhitneyP(pointA.seconds, pointB->seconds);
                    row.verdict = row.pValue >= ComparisonAlpha ? ComparisonVerdict::NoSignificantDifference
                        : row.meanB < row.meanA                 ? ComparisonVerdict::Faster
                                                                : ComparisonVerdict::Slower;
                }
                rows.append(row);
            }
        }
    }
    return rows;
}

QString verdictName(ComparisonVerdict verdict)
{
    switch (verdict) {
    case ComparisonVerdict::Faster:
        return QStringLiteral("faster");
    case ComparisonVerdict::Slower:
        return QStringLiteral("slower");
    case ComparisonVerdict::NoSignificantDifference:
        return QStringLiteral("no significant difference");
    case ComparisonVerdict::TooFewRuns:
        return QStringLiteral("too few runs");
    }
    return QString();
}

QString comparisonToText(const QList<ComparisonRow>& rows, const QString& nameA, const QString& nameB)
{
    QString text = QStringLiteral("A: %1\nB: %2\n%3.\n\n").arg(nameA, nameB, methodText());
    text += textTable(header(), cells(rows), rightAligned, QStringLiteral("  "));
    int faster = 0;
    int slower = 0;
    for (const ComparisonRow& row : rows) {
        faster += row.verdict == ComparisonVerdict::Faster;
        slower += row.verdict == ComparisonVerdict::Slower;
    }
    text += QStringLiteral("\nB is faster at %1 and slower at %2 of %3 points; no significant difference or too few "
                           "runs at the rest.\n")
                .arg(faster)
                .arg(slower)
                .arg(rows.size());
    return text;
}

QString comparisonToMarkdown(const QList<ComparisonRow>& rows, const QString& nameA, const QString& nameB)
{
    return QStringLiteral("## Comparison\n\nA: `%1`  \nB: `%2`\n\n%3.\n\n").arg(nameA, nameB, methodText())
        + markdownTable(header(), cells(rows), rightAligned);
}

QJsonObject comparisonToJson(const QList<ComparisonRow>& rows, const QString& nameA, const QString& nameB)
{
    const auto number = [](double value) { return std::isfinite(value) ? QJsonValue(value) : QJsonValue(); };
    QJsonArray array;
    for (const ComparisonRow& row : rows) {
        array.append(QJsonObject {
            { QStringLiteral("group"), row.group },
            { QStringLiteral("series"), row.series },
            { QStringLiteral("strategy"), strategyName(row.strategy) },
            { QStringLiteral("tasks"), row.tasks },
            { QStringLiteral("a"),
                QJsonObject { { QStringLiteral("n"), row.countA }, { QStringLiteral("mean"), row.meanA } } },
            { QStringLiteral("b"),
                QJsonObject { { QStringLiteral("n"), row.countB }, { QStringLiteral("mean"), row.meanB } } },
            { QStringLiteral("ratio"), number(row.ratio) },
            { QStringLiteral("ci95"),
                std::isfinite(row.ratioLow) ? QJsonValue(QJsonArray { row.ratioLow, row.ratioHigh }) : QJsonValue() },
            { QStringLiteral("p_value"), number(row.pValue) },
            { QStringLiteral("verdict"), verdictName(row.verdict) },
        });
    }
    return { { QStringLiteral("a"), nameA }, { QStringLiteral("b"), nameB },
        { QStringLiteral("test"), QStringLiteral("Mann-Whitney U, two-sided") },
        { QStringLiteral("alpha"), ComparisonAlpha }, { QStringLiteral("rows"), array } };
}
