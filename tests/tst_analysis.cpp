#include "analysis.h"
#include "analysisreport.h"
#include "comparison.h"
#include "costmodel.h"
#include "quadraticfit.h"
#include "statistics.h"
#include "testspecs.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QSet>
#include <QTest>
#include <cmath>

namespace {
// The article's table as runs, parsed here so that this test does not depend on the project's CSV reader.
QList<RunResult> loadArticleRuns()
{
    QList<RunResult> runs;
    QFile file(QStringLiteral(":/data/article-runs.csv"));
    if (!file.open(QIODevice::ReadOnly | QIODevice::Text))
        return runs;
    const QStringList lines = QString::fromUtf8(file.readAll()).split(u'\n', Qt::SkipEmptyParts);
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QStringList cells = lines[i].trimmed().split(u',');
        if (cells.size() < 8)
            continue;
        RunResult run;
        run.spec.strategy = strategyFromName(cells[0]).value_or(StrategyKind::Sequential);
        run.spec.workload = workloadFromName(cells[1]).value_or(WorkloadKind::Cpu);
        run.spec.taskMs = cells[2].toInt();
        run.spec.tasks = cells[3].toInt();
        run.spec.threads = cells[4].toInt();
        run.spec.processes = cells[5].toInt();
        run.spec.repeat = cells[6].toInt();
        run.seconds = cells[7].toDouble();
        run.idealSeconds = idealSeconds(run.spec, 0); // as the importer does when task_ms and the workers are given
        runs.append(run);
    }
    return runs;
}

const StrategyAnalysis* findStrategy(const AnalysisReport& report, StrategyKind kind)
{
    for (const StrategyAnalysis& analysis : report.strategies) {
        if (analysis.strategy == kind)
            return &analysis;
    }
    return nullptr;
}

// The article's trendlines use x = n / 100.
QuadraticFit fromArticleUnits(double a, double b, double c)
{
    QuadraticFit fit;
    fit.a = a / 1e4;
    fit.b = b / 1e2;
    fit.c = c;
    fit.degree = 2;
    return fit;
}

// The threads means with the 800-task mean replaced by the average of the 700 and 900 means, as the article did.
QuadraticFit normalizedThreadsFit(const StrategyAnalysis& threads)
{
    QList<double> x;
    QList<double> y;
    for (const TaskCountPoint& point : threads.points) {
        x.append(point.tasks);
        y.append(point.stats.mean);
    }
    const qsizetype at800 = x.indexOf(800);
    y[at800] = (y[x.indexOf(700)] + y[x.indexOf(900)]) / 2;
    return fitQuadratic(x, y);
}

TaskCountPoint pointOf(int tasks, const QList<double>& values)
{
    TaskCountPoint point;
    point.tasks = tasks;
    point.seconds = values;
    point.stats = describeSample(values);
    return point;
}

// A run of `spec` as the engine records it: resolved (unless a setting is to stay unknown), with its own ideal bound,
// taking `overhead` seconds more than that bound.
RunResult runOf(RunSpec spec, double overhead, bool resolve = true)
{
    RunResult run;
    run.spec = resolve ? resolvedRunSpec(spec, 8) : spec;
    run.idealSeconds = idealBoundKnown(run.spec) ? idealSeconds(run.spec, 0) : 0;
    run.seconds = run.idealSeconds + overhead;
    return run;
}

QStringList namesOf(const AnalysisReport& report)
{
    QStringList names;
    for (const StrategyAnalysis& analysis : report.strategies)
        names << analysis.name;
    return names;
}

RunResult syntheticRun(StrategyKind strategy, int taskMs, int tasks, int threads, int processes, double y, double o)
{
    RunResult run;
    run.spec = resolvedRunSpec(specOf(strategy).tasks(tasks).taskMs(taskMs).threads(threads).processes(processes), 8);
    run.idealSeconds = idealSeconds(run.spec, 8);
    run.seconds = costModelIdealSeconds(run.spec) + dispatchesPerWorker(run.spec) * y + o;
    return run;
}
} // namespace

class TestAnalysis : public QObject
{
    Q_OBJECT

private slots:
    void studentT_data();
    void studentT();
    void describeSample_data();
    void describeSample();
    void outliers_data();
    void outliers();
    void fitQuadraticExact_data();
    void fitQuadraticExact();
    void fitQuadraticNoise();
    void fitQuadraticDegrees_data();
    void fitQuadraticDegrees();
    void articleTrendlines_data();
    void articleTrendlines();
    void articleCrossover();
    void articleDropOutliers();
    void crossoverIntervalOfTheArticle();
    void crossoverIntervalIsReproducible();
    void crossoverIntervalOfExactRunsIsItsPoint();
    void crossoverInDoubtHasNoInterval();
    void mannWhitney();
    void compareWithItselfFindsNoDifference();
    void compareWithDoubledTimes();
    void crossovers_data();
    void crossovers();
    void costModel_data();
    void costModel();
    void costModelUnidentifiedY();
    void failedRunsExcluded();
    void runsThatDoNotSayTheirWorkers();
    void decisionClearWinner();
    void decisionNoClearWinner();
    void decisionBands();
    void articleDecisionTableRows();
    void jsonShape();
    void textAndMarkdown();
    void seriesSplitJoinedSweeps();
    void runtimesAreSeriesOfTheirOwn();
    void seriesNames_data();
    void seriesNames();
    void seriesAmbiguity();
    void fitRule_data();
    void fitRule();
    void noCrossoverFromAnAbsentFit();
    void implausibleCrossover();
    void runsFasterThanTheIdealBound();
    void costModelNeedsThreeDispatchCounts();
    void costModelNegativeYHeldAtZero();
    void trendlineLeavesOutRoundingNoise_data();
    void trendlineLeavesOutRoundingNoise();
    void exactLineHasNoQuadraticTerm();
    void articleAnswerOfABand_data();
    void articleAnswerOfABand();
    void workloadOptionsSplitReports();
    void taskDurationOfARun_data();
    void taskDurationOfARun();
    void matchingReportOfAnotherSet();
};

void TestAnalysis::studentT_data()
{
    QTest::addColumn<int>("df");
    QTest::addColumn<double>("expected");
    QTest::addRow("df 1") << 1 << 12.706205;
    QTest::addRow("df 9") << 9 << 2.262157;
    QTest::addRow("df 30") << 30 << 2.042272;
    QTest::addRow("df 31") << 31 << 2.039513;
    QTest::addRow("df 40") << 40 << 2.021075;
    QTest::addRow("df 120") << 120 << 1.979930;
    QTest::addRow("df 1000") << 1000 << 1.962339;
}

void TestAnalysis::studentT()
{
    QFETCH(int, df);
    QFETCH(double, expected);
    QVERIFY2(std::abs(studentT975(df) - expected) < 2e-6, qPrintable(QString::number(studentT975(df), 'f', 7)));
}

void TestAnalysis::describeSample_data()
{
    QTest::addColumn<QList<double>>("values");
    QTest::addColumn<double>("mean");
    QTest::addColumn<double>("median");
    QTest::addColumn<double>("stddev");
    QTest::addColumn<double>("ciLow");
    QTest::addColumn<double>("ciHigh");
    QTest::addColumn<double>("min");
    QTest::addColumn<double>("max");

    // t(9) = 2.262157: 5.5 +- 2.262157 * 3.0276504 / sqrt(10)
    QTest::addRow("1..10") << QList<double> { 7, 3, 1, 10, 2, 8, 4, 6, 5, 9 } << 5.5 << 5.5 << 3.0276504 << 3.3341496
                           << 7.6658504 << 1.0 << 10.0;
    // t(2) = 4.302653, stddev 1, CI 2 +- 4.302653 / sqrt(3) = 2 +- 2.4841377
    QTest::addRow("odd count") << QList<double> { 3, 4, 5 } << 4.0 << 4.0 << 1.0 << 1.5158623 << 6.4841377 << 3.0
                               << 5.0;
    // Two runs far apart: t(1) = 12.706205, 0.3 +- 12.706205 * 0.2828427 / sqrt(2) = 0.3 +- 2.541241; a mean run time
    // is not below 0, so the interval is cut there.
    QTest::addRow("wide interval cut at 0")
        << QList<double> { 0.1, 0.5 } << 0.3 << 0.3 << 0.28284271 << 0.0 << 2.8412410 << 0.1 << 0.5;
    // One value: no interval (NaN), rather than a zero-wide one that would look certain.
    QTest::addRow("single value") << QList<double> { 2.5 } << 2.5 << 2.5 << 0.0 << qQNaN() << qQNaN() << 2.5 << 2.5;
    QTest::addRow("all equal") << QList<double> { 4, 4, 4, 4 } << 4.0 << 4.0 << 0.0 << 4.0 << 4.0 << 4.0 << 4.0;
}

void TestAnalysis::describeSample()
{
    QFETCH(QList<double>, values);
    const SampleStats stats = ::describeSample(values);
    QCOMPARE(stats.count, values.size());
    QCOMPARE(stats.outlier.size(), values.size());
    auto near = [](double actual, double expected) {
        return std::isnan(expected) ? std::isnan(actual) : std::abs(actual - expected) < 1e-6;
    };
    QFETCH(double, mean);
    QFETCH(double, median);
    QFETCH(double, stddev);
    QFETCH(double, ciLow);
    QFETCH(double, ciHigh);
    QFETCH(double, min);
    QFETCH(double, max);
    QVERIFY2(near(stats.mean, mean), qPrintable(QString::number(stats.mean)));
    QVERIFY2(near(stats.median, median), qPrintable(QString::number(stats.median)));
    QVERIFY2(near(stats.stddev, stddev), qPrintable(QString::number(stats.stddev, 'f', 8)));
    QVERIFY2(near(stats.ciLow, ciLow), qPrintable(QString::number(stats.ciLow, 'f', 8)));
    QVERIFY2(near(stats.ciHigh, ciHigh), qPrintable(QString::number(stats.ciHigh, 'f', 8)));
    QCOMPARE(stats.min, min);
    QCOMPARE(stats.max, max);
    QCOMPARE(stats.outlierCount, 0);
}

void TestAnalysis::outliers_data()
{
    QTest::addColumn<QList<double>>("values");
    QTest::addColumn<QList<bool>>("expected");
    QTest::addRow("one far value") << QList<double> { 10.0, 10.1, 9.9, 10.05, 9.95, 10.02, 50.0 }
                                   << QList<bool> { false, false, false, false, false, false, true };
    QTest::addRow("spread, no outlier") << QList<double> { 2.5, 2.7, 2.4, 2.6, 2.9, 2.3 }
                                        << QList<bool> { false, false, false, false, false, false };
    // MAD = 0: the mean absolute deviation (1/6) takes over, M = 1 / (1.253314 / 6) = 4.79.
    QTest::addRow("MAD zero fallback") << QList<double> { 5, 5, 5, 5, 5, 6 }
                                       << QList<bool> { false, false, false, false, false, true };
    QTest::addRow("both zero") << QList<double> { 1, 1, 1 } << QList<bool> { false, false, false };
    QTest::addRow("empty") << QList<double> {} << QList<bool> {};
}

void TestAnalysis::outliers()
{
    QFETCH(QList<double>, values);
    QFETCH(QList<bool>, expected);
    const SampleStats stats = ::describeSample(values);
    QCOMPARE(stats.outlier, expected);
    QCOMPARE(stats.outlierCount, int(expected.count(true)));
}

void TestAnalysis::fitQuadraticExact_data()
{
    QTest::addColumn<double>("a");
    QTest::addColumn<double>("b");
    QTest::addColumn<double>("c");
    QTest::addColumn<QList<double>>("x");
    QTest::addRow("task counts") << 2.367e-6 << -6.553e-4 << 2.48385
                                 << QList<double> { 100, 200, 300, 400, 500, 600, 700, 800, 900 };
    QTest::addRow("around zero") << 1.0 << -2.0 << 3.0 << QList<double> { -3, -2, -1, 0, 1, 2, 3 };
    QTest::addRow("line") << 0.0 << 0.5 << 1.0 << QList<double> { 1, 2, 3, 4 };
    QTest::addRow("large n") << 1e-9 << 2e-3 << 0.1 << QList<double> { 1000, 5000, 20000, 50000, 100000 };
}

void TestAnalysis::fitQuadraticExact()
{
    QFETCH(double, a);
    QFETCH(double, b);
    QFETCH(double, c);
    QFETCH(QList<double>, x);
    QList<double> y;
    for (double n : x)
        y.append(a * n * n + b * n + c);
    const QuadraticFit fit = fitQuadratic(x, y);
    QCOMPARE(fit.degree, 2);
    QVERIFY(fit.isValid());
    const double span
        = *std::max_element(x.begin(), x.end(), [](double p, double q) { return std::abs(p) < std::abs(q); });
    // Coefficients compared on the scale they contribute at the largest |x|.
    QVERIFY2(std::abs(fit.a - a) * span * span < 1e-9, qPrintable(QString::number(fit.a)));
    QVERIFY2(std::abs(fit.b - b) * std::abs(span) < 1e-9, qPrintable(QString::number(fit.b)));
    QVERIFY2(std::abs(fit.c - c) < 1e-9, qPrintable(QString::number(fit.c)));
    QVERIFY(std::abs(fit.r2 - 1) < 1e-12);
    QVERIFY(std::abs(fit.valueAt(x.last()) - y.last()) < 1e-9);
}

void TestAnalysis::fitQuadraticNoise()
{
    QList<double> x;
    QList<double> y;
    for (int i = 1; i <= 9; ++i) {
        x.append(i * 100);
        y.append(2.4 + 0.01 * i * i + (i % 2 ? 0.02 : -0.02)); // a = 1e-6 against n = 100 i
    }
    const QuadraticFit fit = fitQuadratic(x, y);
    QCOMPARE(fit.degree, 2);
    QVERIFY(fit.r2 < 1);
    QVERIFY(fit.r2 > 0.9);
    QVERIFY2(std::abs(fit.a - 1e-6) < 2e-7, qPrintable(QString::number(fit.a)));
}

void TestAnalysis::fitQuadraticDegrees_data()
{
    QTest::addColumn<QList<double>>("x");
    QTest::addColumn<QList<double>>("y");
    QTest::addColumn<int>("degree");
    QTest::addColumn<double>("b");
    QTest::addColumn<double>("c");
    QTest::addColumn<double>("r2");
    QTest::addRow("empty") << QList<double> {} << QList<double> {} << -1 << 0.0 << 0.0 << 0.0;
    QTest::addRow("one point") << QList<double> { 100 } << QList<double> { 2.5 } << 0 << 0.0 << 2.5 << 1.0;
    QTest::addRow("one x, repeated") << QList<double> { 100, 100 } << QList<double> { 2, 4 } << 0 << 0.0 << 3.0 << 0.0;
    QTest::addRow("two points") << QList<double> { 100, 200 } << QList<double> { 2, 3 } << 1 << 0.01 << 1.0 << 1.0;
    // Two distinct x with repeats: the line through the two means (1, 2) and (2, 6).
    QTest::addRow("two x, repeated") << QList<double> { 1, 1, 2, 2 } << QList<double> { 1, 3, 5, 7 } << 1 << 4.0 << -2.0
                                     << 0.8;
}

void TestAnalysis::fitQuadraticDegrees()
{
    QFETCH(QList<double>, x);
    QFETCH(QList<double>, y);
    QFETCH(int, degree);
    QFETCH(double, b);
    QFETCH(double, c);
    QFETCH(double, r2);
    const QuadraticFit fit = fitQuadratic(x, y);
    QCOMPARE(fit.degree, degree);
    QCOMPARE(fit.isValid(), degree >= 0);
    QVERIFY(std::abs(fit.a) < 1e-12);
    QVERIFY2(std::abs(fit.b - b) < 1e-9, qPrintable(QString::number(fit.b)));
    QVERIFY2(std::abs(fit.c - c) < 1e-9, qPrintable(QString::number(fit.c)));
    QVERIFY2(std::abs(fit.r2 - r2) < 1e-9, qPrintable(QString::number(fit.r2)));
}

void TestAnalysis::articleTrendlines_data()
{
    QTest::addColumn<int>("strategy");
    QTest::addColumn<bool>("normalize800");
    QTest::addColumn<double>("a");
    QTest::addColumn<double>("b");
    QTest::addColumn<double>("c");
    QTest::addColumn<double>("r2");
    // The article's published trendlines, x = tasks / 100.
    QTest::addRow("threads") << int(StrategyKind::Threads) << false << 0.0237 << -0.0655 << 2.4838 << 0.83;
    QTest::addRow("blended") << int(StrategyKind::Blended) << false << 0.0038 << 0.1019 << 2.4676 << 0.99;
    QTest::addRow("threads, 800 normalized")
        << int(StrategyKind::Threads) << true << 0.0185 << -0.0481 << 2.4838 << 0.96;
}

void TestAnalysis::articleTrendlines()
{
    QFETCH(int, strategy);
    QFETCH(bool, normalize800);
    QFETCH(double, a);
    QFETCH(double, b);
    QFETCH(double, c);
    QFETCH(double, r2);

    const QList<RunResult> runs = loadArticleRuns();
    QCOMPARE(runs.size(), 180);
    const QList<AnalysisReport> reports = analyzeRuns(runs);
    QCOMPARE(reports.size(), 1);
    QCOMPARE(reports[0].workload, WorkloadKind::Sleep);
    QCOMPARE(reports[0].taskMs, 2000);
    QCOMPARE(reports[0].strategies.size(), 2);
    QCOMPARE(reports[0].strategies[0].strategy, StrategyKind::Threads); // allStrategies() order
    const StrategyAnalysis* analysis = findStrategy(reports[0], StrategyKind(strategy));
    QVERIFY(analysis);
    QCOMPARE(analysis->okRuns, 90);
    QCOMPARE(analysis->failedRuns, 0);
    QCOMPARE(analysis->points.size(), 9);
    for (const TaskCountPoint& point : analysis->points)
        QCOMPARE(point.stats.count, 10);
    QCOMPARE(analysis->points.first().idealSeconds, 2.0);

    const QuadraticFit fit = normalize800 ? normalizedThreadsFit(*analysis) : analysis->fit;
    QCOMPARE(fit.degree, 2);
    const double ourA = fit.a * 1e4;
    const double ourB = fit.b * 1e2;
    const QString found = QStringLiteral("a %1 b %2 c %3 r2 %4")
                              .arg(ourA, 0, 'f', 5)
                              .arg(ourB, 0, 'f', 5)
                              .arg(fit.c, 0, 'f', 5)
                              .arg(fit.r2, 0, 'f', 4);
    qInfo("%s: %s", QTest::currentDataTag(), qPrintable(found));
    QVERIFY2(std::abs(ourA - a) <= 0.0006, qPrintable(found));
    QVERIFY2(std::abs(ourB - b) <= 0.0006, qPrintable(found));
    QVERIFY2(std::abs(fit.c - c) <= 0.0006, qPrintable(found));
    QVERIFY2(std::abs(fit.r2 - r2) <= 0.006, qPrintable(found));
}

void TestAnalysis::articleCrossover()
{
    const QList<AnalysisReport> reports = analyzeRuns(loadArticleRuns());
    QCOMPARE(reports.size(), 1);
    const AnalysisReport& report = reports[0];

    // The fits to the measured means cross inside the measured range, at about 835 tasks, pulled down by the threads
    // spike at 800. (They cross again at about 9.8 tasks, below the measured range, which is not reported.)
    QCOMPARE(report.crossovers.size(), 1);
    const Crossover& high = report.crossovers[0];
    QCOMPARE(report.strategies[high.fasterBefore].strategy, StrategyKind::Threads);
    QCOMPARE(report.strategies[high.fasterAfter].strategy, StrategyKind::Blended);
    QVERIFY(high.plausible);
    QVERIFY2(std::abs(high.tasks - 834.8) < 0.5, qPrintable(QString::number(high.tasks, 'f', 2)));
    QVERIFY(high.withinMeasuredRange);

    // The published (rounded) trendlines cross at the same place.
    const QList<Crossover> published = crossoversBetween(
        0, fromArticleUnits(0.0237, -0.0655, 2.4838), 1, fromArticleUnits(0.0038, 0.1019, 2.4676), 100, 900, 90000);
    QCOMPARE(published.size(), 1);
    QCOMPARE(published[0].fasterBefore, 0);
    QVERIFY2(std::abs(published[0].tasks - 831.4) < 0.5, qPrintable(QString::number(published[0].tasks, 'f', 2)));

    // With the 800-task spike normalized, as in the article's second graph, blended overtakes beyond the measured
    // range at about 1,010 tasks: the article's "over 1,000".
    const StrategyAnalysis* threads = findStrategy(report, StrategyKind::Threads);
    const StrategyAnalysis* blended = findStrategy(report, StrategyKind::Blended);
    const QList<Crossover> normalized
        = crossoversBetween(0, normalizedThreadsFit(*threads), 1, blended->fit, 100, 900, 90000);
    QCOMPARE(normalized.size(), 1);
    QCOMPARE(normalized[0].fasterBefore, 0);
    QCOMPARE(normalized[0].fasterAfter, 1);
    QVERIFY(!normalized[0].withinMeasuredRange);
    QVERIFY2(std::abs(normalized[0].tasks - 1010) < 5, qPrintable(QString::number(normalized[0].tasks, 'f', 2)));
    qInfo("crossovers: measured %.1f tasks, published %.1f, normalized 800 %.1f", high.tasks, published[0].tasks,
        normalized[0].tasks);
}

void TestAnalysis::articleDropOutliers()
{
    const QList<AnalysisReport> reports = analyzeRuns(loadArticleRuns(), { FitTarget::Mean, true });
    QCOMPARE(reports.size(), 1);
    QVERIFY(reports[0].options.dropOutliers);
    const StrategyAnalysis* threads = findStrategy(reports[0], StrategyKind::Threads);
    QVERIFY(threads);
    const TaskCountPoint& at800 = threads->points[7];
    QCOMPARE(at800.tasks, 800);
    QCOMPARE(at800.seconds.size(), 10);
    // 6.996563 and 7.007131 (and 3.908249) stand far from the median of 3.09.
    QVERIFY(at800.stats.outlierCount >= 2);
    QCOMPARE(at800.stats.outlier.size(), 10);
    QVERIFY(at800.stats.outlier[5]);
    QVERIFY(at800.stats.outlier[9]);
    QCOMPARE(at800.stats.count + at800.stats.outlierCount, 10);
    double sum = 0;
    for (qsizetype i = 0; i < at800.seconds.size(); ++i) {
        if (!at800.stats.outlier[i])
            sum += at800.seconds[i];
    }
    QVERIFY(std::abs(at800.stats.mean - sum / at800.stats.count) < 1e-12);
    QVERIFY(at800.stats.max < 4);
    QVERIFY(threads->fit.r2 > 0.9); // the spike no longer dominates the trendline

    const QList<AnalysisReport> medians = analyzeRuns(loadArticleRuns(), { FitTarget::Median, false });
    const StrategyAnalysis* medianThreads = findStrategy(medians[0], StrategyKind::Threads);
    QList<double> x;
    QList<double> y;
    for (const TaskCountPoint& point : medianThreads->points) {
        x.append(point.tasks);
        y.append(point.stats.median);
    }
    const QuadraticFit expected = fitQuadratic(x, y);
    QCOMPARE(medianThreads->fit.a, expected.a);
    QCOMPARE(medianThreads->fit.c, expected.c);
}

void TestAnalysis::crossovers_data()
{
    QTest::addColumn<QList<double>>("first"); // a, b, c
    QTest::addColumn<QList<double>>("second");
    QTest::addColumn<QList<double>>("roots");
    QTest::addColumn<QList<bool>>("firstFasterBefore");
    QTest::addColumn<QList<bool>>("within");
    QTest::addColumn<double>("rangeLow");
    QTest::addColumn<double>("rangeHigh");
    // n^2 - (2n + 3) = (n - 3)(n + 1): one positive root at 3.
    QTest::addRow("parabola vs line") << QList<double> { 1, 0, 0 } << QList<double> { 0, 2, 3 } << QList<double> { 3 }
                                      << QList<bool> { true } << QList<bool> { true } << 1.0 << 10.0;
    // (n - 2)(n - 20) = n^2 - 22n + 40: 2 is below the range [5, 100] and not reported, 20 is within.
    QTest::addRow("root below the range")
        << QList<double> { 1, -22, 50 } << QList<double> { 0, 0, 10 } << QList<double> { 20 } << QList<bool> { true }
        << QList<bool> { true } << 5.0 << 100.0;
    // The same pair measured over [1, 100]: both roots, 2 and 20.
    QTest::addRow("two roots") << QList<double> { 1, -22, 50 } << QList<double> { 0, 0, 10 } << QList<double> { 2, 20 }
                               << QList<bool> { false, true } << QList<bool> { true, true } << 1.0 << 100.0;
    // 0.01n + 1 vs 0.005n + 3: cross at 400, beyond the measured 100..200.
    QTest::addRow("beyond range") << QList<double> { 0, 0.01, 1 } << QList<double> { 0, 0.005, 3 }
                                  << QList<double> { 400 } << QList<bool> { true } << QList<bool> { false } << 100.0
                                  << 200.0;
    QTest::addRow("parallel") << QList<double> { 0, 0.01, 1 } << QList<double> { 0, 0.01, 3 } << QList<double> {}
                              << QList<bool> {} << QList<bool> {} << 100.0 << 200.0;
    // Touching at n = 10: (n - 10)^2 does not change sign.
    QTest::addRow("tangent") << QList<double> { 1, -20, 100 } << QList<double> { 0, 0, 0 } << QList<double> {}
                             << QList<bool> {} << QList<bool> {} << 100.0 << 200.0;
    // Cross at 1e6, past 100 times the largest measured count.
    QTest::addRow("too far") << QList<double> { 0, 1e-6, 0 } << QList<double> { 0, 0, 1 } << QList<double> {}
                             << QList<bool> {} << QList<bool> {} << 100.0 << 200.0;
}

void TestAnalysis::crossovers()
{
    QFETCH(QList<double>, first);
    QFETCH(QList<double>, second);
    QFETCH(QList<double>, roots);
    QFETCH(QList<bool>, firstFasterBefore);
    QFETCH(QList<bool>, within);
    const QuadraticFit f { first[0], first[1], first[2], 1, 2 };
    const QuadraticFit g { second[0], second[1], second[2], 1, 2 };
    QFETCH(double, rangeLow);
    QFETCH(double, rangeHigh);
    const QList<Crossover> found = crossoversBetween(0, f, 1, g, rangeLow, rangeHigh, 100 * rangeHigh);
    QCOMPARE(found.size(), roots.size());
    for (qsizetype i = 0; i < found.size(); ++i) {
        QVERIFY2(std::abs(found[i].tasks - roots[i]) < 1e-9 * std::max(1.0, roots[i]),
            qPrintable(QString::number(found[i].tasks)));
        QCOMPARE(found[i].fasterBefore, firstFasterBefore[i] ? 0 : 1);
        QCOMPARE(found[i].fasterAfter, firstFasterBefore[i] ? 1 : 0);
        QCOMPARE(found[i].withinMeasuredRange, within[i]);
        // Check against the trendlines themselves.
        const double below = found[i].tasks * 0.99;
        const double above = found[i].tasks * 1.01;
        QCOMPARE(f.valueAt(below) < g.valueAt(below), firstFasterBefore[i]);
        QCOMPARE(f.valueAt(above) < g.valueAt(above), !firstFasterBefore[i]);
    }
}

void TestAnalysis::costModel_data()
{
    QTest::addColumn<int>("strategy");
    QTest::addColumn<int>("taskMs");
    QTest::addColumn<int>("threads");
    QTest::addColumn<int>("processes");
    QTest::addColumn<double>("y");
    QTest::addColumn<double>("o");
    // The article's multiprocessing numbers: h = 2 s, c = 8, y = 0.55 s, o = 0.17 s.
    QTest::addRow("processes, article") << int(StrategyKind::Processes) << 2000 << 0 << 8 << 0.55 << 0.17;
    QTest::addRow("processes, small y") << int(StrategyKind::Processes) << 100 << 0 << 4 << 0.003 << 0.25;
    QTest::addRow("threads, fixed pool") << int(StrategyKind::Threads) << 50 << 16 << 0 << 0.0008 << 0.012;
    QTest::addRow("blended, 4 x 2") << int(StrategyKind::Blended) << 100 << 2 << 4 << 0.002 << 0.3;
}

void TestAnalysis::costModel()
{
    QFETCH(int, strategy);
    QFETCH(int, taskMs);
    QFETCH(int, threads);
    QFETCH(int, processes);
    QFETCH(double, y);
    QFETCH(double, o);
    QList<RunResult> runs;
    for (int tasks = 16; tasks <= 400; tasks += 24)
        runs.append(syntheticRun(StrategyKind(strategy), taskMs, tasks, threads, processes, y, o));
    const CostModel exact = fitCostModel(runs);
    QVERIFY(exact.valid);
    QVERIFY(exact.yIdentified);
    QVERIFY(exact.note.isEmpty());
    QCOMPARE(exact.runs, runs.size());
    QVERIFY2(std::abs(exact.y - y) < 1e-9, qPrintable(QString::number(exact.y)));
    QVERIFY2(std::abs(exact.o - o) < 1e-9, qPrintable(QString::number(exact.o)));
    QVERIFY(std::abs(exact.r2 - 1) < 1e-9);
    QVERIFY(std::abs(exact.predictSeconds(runs[3].spec) - runs[3].seconds) < 1e-9);

    // Alternating noise of 1 ms keeps the estimates close.
    for (qsizetype i = 0; i < runs.size(); ++i)
        runs[i].seconds += i % 2 ? 0.001 : -0.001;
    const CostModel noisy = fitCostModel(runs);
    QVERIFY(noisy.r2 < 1);
    QVERIFY2(std::abs(noisy.y - y) < 1e-3, qPrintable(QString::number(noisy.y)));
    QVERIFY2(std::abs(noisy.o - o) < 3e-3, qPrintable(QString::number(noisy.o)));
}

void TestAnalysis::costModelUnidentifiedY()
{
    // One thread per task: n / w = 1 for every run, so y and o are one and the same constant.
    QList<RunResult> runs;
    for (int tasks = 100; tasks <= 900; tasks += 100)
        runs.append(syntheticRun(StrategyKind::Threads, 2000, tasks, 0, 0, 0.05, 0.4));
    const CostModel model = fitCostModel(runs);
    QVERIFY(model.valid);
    QVERIFY(!model.yIdentified);
    QVERIFY(!model.note.isEmpty());
    QCOMPARE(model.y, 0.0);
    QVERIFY(std::abs(model.o - 0.45) < 1e-9);
    QVERIFY(!fitCostModel({}).valid);
}

void TestAnalysis::failedRunsExcluded()
{
    QList<RunResult> runs;
    for (int tasks = 16; tasks <= 400; tasks += 24) {
        for (int repeat = 0; repeat < 3; ++repeat)
            runs.append(syntheticRun(StrategyKind::Processes, 100, tasks, 0, 4, 0.003, 0.25));
    }
    RunResult refused = syntheticRun(StrategyKind::Processes, 100, 1000, 0, 4, 0.003, 0.25);
    refused.status = RunStatus::Refused;
    refused.seconds = 999;
    runs.append(refused);
    RunResult crashed = syntheticRun(StrategyKind::Processes, 100, 40, 0, 4, 0.003, 0.25);
    crashed.status = RunStatus::Crashed;
    crashed.seconds = 0.01;
    runs.append(crashed);

    const QList<AnalysisReport> reports = analyzeRuns(runs);
    QCOMPARE(reports.size(), 1);
    QCOMPARE(reports[0].strategies.size(), 1);
    const StrategyAnalysis& analysis = reports[0].strategies[0];
    QCOMPARE(analysis.strategy, StrategyKind::Processes);
    QCOMPARE(analysis.okRuns, runs.size() - 2);
    QCOMPARE(analysis.failedRuns, 2);
    QCOMPARE(analysis.workers, 4);
    QCOMPARE(analysis.points.last().tasks, 400);
    QCOMPARE(analysis.points.first().stats.count, 3);
    QVERIFY(std::abs(analysis.model.y - 0.003) < 1e-9);
    QVERIFY(std::abs(analysis.model.o - 0.25) < 1e-9);
    // ceil(16 / 4) rounds of 100 ms.
    QVERIFY(std::abs(analysis.points.first().idealSeconds - 0.4) < 1e-12);
}

void TestAnalysis::runsThatDoNotSayTheirWorkers()
{
    // A result file with only strategy, tasks and seconds: neither w nor the ideal bound can be known.
    QList<RunResult> runs;
    for (int tasks : { 10, 20, 30 }) {
        RunResult run;
        run.spec.strategy = StrategyKind::Threads;
        run.spec.tasks = tasks;
        run.spec.threads = 0;
        run.seconds = 0.1 + tasks * 0.001;
        runs.append(run);
    }
    const QList<AnalysisReport> reports = analyzeRuns(runs);
    QCOMPARE(reports.size(), 1);
    const StrategyAnalysis& threads = reports[0].strategies[0];
    QCOMPARE(threads.workersMax, 0);
    QVERIFY(std::isnan(threads.points[0].idealSeconds));
    QVERIFY(!threads.model.valid);
    QVERIFY(!threads.model.note.isEmpty());
    QVERIFY(threads.fit.isValid()); // the trendline needs only tasks and seconds
    QVERIFY(analysisToText(reports[0]).contains(u"w = unknown"));
    QVERIFY(analysisToJson(reports[0])
                .value(u"strategies")
                .toObject()
                .value(u"threads")
                .toObject()
                .value(u"points")
                .toArray()
                .at(0)
                .toObject()
                .value(u"ideal")
                .isNull());
}

void TestAnalysis::decisionClearWinner()
{
    StrategyAnalysis threads { StrategyKind::Threads, 100, { pointOf(100, { 1.0, 1.01, 0.99, 1.0 }) }, {}, {}, 4, 0 };
    StrategyAnalysis blended { StrategyKind::Blended, 100, { pointOf(100, { 1.5, 1.51, 1.49, 1.5 }) }, {}, {}, 4, 0 };
    const QList<DecisionRow> rows = decisionTable({ blended, threads }, WorkloadKind::Sleep, 2000);
    QCOMPARE(rows.size(), 1);
    QCOMPARE(rows[0].workload, WorkloadKind::Sleep);
    QCOMPARE(rows[0].taskMs, 2000);
    QCOMPARE(rows[0].fromTasks, 100);
    QCOMPARE(rows[0].toTasks, 100);
    // Rows name series by their index in the list given: threads is 1, blended 0.
    QCOMPARE(rows[0].winner, std::optional(1));
    QCOMPARE(rows[0].leader, 1);
    QCOMPARE(rows[0].runnerUp, std::optional(0));
    QVERIFY(std::abs(rows[0].margin - 0.5) < 1e-12);
}

void TestAnalysis::crossoverIntervalOfTheArticle()
{
    const AnalysisReport report = analyzeRuns(loadArticleRuns()).constFirst();
    QCOMPARE(report.crossovers.size(), 1);
    const Crossover& crossover = report.crossovers[0];
    QCOMPARE(crossover.resamples, DefaultBootstrapResamples);
    QVERIFY(crossover.resamples >= 1000);
    QCOMPARE(crossover.seed, DefaultBootstrapSeed);
    QVERIFY(crossover.crossingResamples >= 950 && crossover.crossingResamples <= 1000);
    // The interval holds the point estimate, and it is wide: ten runs a point pin 835 tasks down to some hundreds.
    QVERIFY(crossover.hasInterval());
    QVERIFY2(crossover.ciLow < crossover.tasks && crossover.tasks < crossover.ciHigh,
        qPrintable(QStringLiteral("%1 .. %2").arg(crossover.ciLow).arg(crossover.ciHigh)));
    QVERIFY2(crossover.ciLow > 500 && crossover.ciHigh > 1000 && crossover.ciHigh < 2000,
        qPrintable(QStringLiteral("%1 .. %2").arg(crossover.ciLow).arg(crossover.ciHigh)));
    // At 700 tasks the two means' intervals are apart (threads leads), but 700 is inside the crossover's interval:
    // the decision table does not name a winner there.
    const auto bandOf = [&report](int tasks) {
        return *std::find_if(report.decision.cbegin(), report.decision.cend(),
            [tasks](const DecisionRow& row) { return row.fromTasks <= tasks && tasks <= row.toTasks; });
    };
    const StrategyAnalysis* threads = findStrategy(report, StrategyKind::Threads);
    const StrategyAnalysis* blended = findStrategy(report, StrategyKind::Blended);
    QVERIFY(threads->points.at(6).stats.ciHigh < blended->points.at(6).stats.ciLow); // 700 tasks
    QVERIFY(crossover.covers(700));
    QVERIFY(!bandOf(700).winner.has_value());
    QVERIFY(!crossover.covers(500));
    QCOMPARE(report.strategies.at(*bandOf(500).winner).strategy, StrategyKind::Threads);
    // Every face says it.
    QVERIFY(analysisToText(report).contains(
        u"95% intervals by bootstrap: 1000 resamples of the runs at each task count, seed 20240501"_qs));
    QVERIFY(analysisToText(report).contains(QStringLiteral("835 tasks, 95% interval %1 to %2: threads faster below")
                                                .arg(qRound(crossover.ciLow))
                                                .arg(qRound(crossover.ciHigh))));
    QVERIFY(analysisToMarkdown(report).contains(u"95% interval"_qs));
    const QJsonObject json = analysisToJson(report);
    const QJsonArray ci95 = json.value(u"crossovers").toArray().at(0).toObject().value(u"ci95").toArray();
    QCOMPARE(ci95.size(), 2);
    QVERIFY(std::abs(ci95.at(0).toDouble() - crossover.ciLow) < 1e-3 * crossover.ciLow);
    QCOMPARE(json.value(u"bootstrap").toObject().value(u"resamples").toInt(), 1000);
}

void TestAnalysis::crossoverIntervalIsReproducible()
{
    const QList<RunResult> runs = loadArticleRuns();
    const Crossover first = analyzeRuns(runs).constFirst().crossovers.constFirst();
    const Crossover again = analyzeRuns(runs).constFirst().crossovers.constFirst();
    QCOMPARE(again.ciLow, first.ciLow);
    QCOMPARE(again.ciHigh, first.ciHigh);
    QCOMPARE(again.crossingResamples, first.crossingResamples);
    // Another seed draws other resamples: another interval, which still holds the estimate.
    AnalysisOptions options;
    options.bootstrapSeed = 7;
    const Crossover seven = analyzeRuns(runs, options).constFirst().crossovers.constFirst();
    QCOMPARE(seven.seed, quint64(7));
    QVERIFY(seven.ciLow != first.ciLow || seven.ciHigh != first.ciHigh);
    QVERIFY(seven.covers(seven.tasks));
    // Without a bootstrap there is no interval, and nothing is said of one.
    options.bootstrapResamples = 0;
    const AnalysisReport none = analyzeRuns(runs, options).constFirst();
    QVERIFY(!none.crossovers.constFirst().hasInterval());
    QCOMPARE(none.crossovers.constFirst().resamples, 0);
    QVERIFY(!analysisToText(none).contains(u"95% interval"_qs));
    QVERIFY(!analysisToText(none).contains(u"bootstrap"_qs));
}

void TestAnalysis::crossoverIntervalOfExactRunsIsItsPoint()
{
    // Repeats that agree exactly leave nothing to resample: every resample crosses where the estimate does.
    QList<RunResult> runs;
    for (int tasks = 100; tasks <= 600; tasks += 100) {
        for (int repeat = 1; repeat <= 3; ++repeat) {
            const double n = tasks;
            RunResult threads = runOf(specOf(StrategyKind::Threads).tasks(tasks).taskMs(10).repeat(repeat), 0);
            threads.seconds = 1.0 + 1e-6 * n * n; // crosses blended's line at 500 tasks
            RunResult blended
                = runOf(specOf(StrategyKind::Blended).tasks(tasks).taskMs(10).processes(2).repeat(repeat), 0);
            blended.seconds = 1.0 + 5e-4 * n;
            runs << threads << blended;
        }
    }
    const AnalysisReport report = analyzeRuns(runs).constFirst();
    QCOMPARE(report.crossovers.size(), 1);
    const Crossover& crossover = report.crossovers[0];
    QVERIFY(std::abs(crossover.tasks - 500) < 1e-6);
    QCOMPARE(crossover.crossingResamples, crossover.resamples);
    QVERIFY(std::abs(crossover.ciLow - 500) < 1e-6 && std::abs(crossover.ciHigh - 500) < 1e-6);
}

void TestAnalysis::crossoverInDoubtHasNoInterval()
{
    // Two series whose repeats scatter far more than they differ: resampled, their trendlines often do not cross.
    QList<RunResult> runs;
    const double scatter[] = { -0.5, 0.0, 0.5 };
    for (int tasks = 100; tasks <= 500; tasks += 100) {
        for (int repeat = 0; repeat < 3; ++repeat) {
            const double n = tasks;
            RunResult threads = runOf(specOf(StrategyKind::Threads).tasks(tasks).taskMs(10).repeat(repeat + 1), 0);
            threads.seconds = 2.0 + 1e-4 * n + scatter[repeat] * ((tasks / 100) % 2 ? 1 : -1);
            RunResult blended
                = runOf(specOf(StrategyKind::Blended).tasks(tasks).taskMs(10).processes(2).repeat(repeat + 1), 0);
            blended.seconds = 2.03 + 0.5e-4 * n + scatter[(repeat + 1) % 3];
            runs << threads << blended;
        }
    }
    const AnalysisReport report = analyzeRuns(runs).constFirst();
    QVERIFY(!report.crossovers.isEmpty());
    for (const Crossover& crossover : report.crossovers) {
        QVERIFY2(crossover.crossingResamples < 950, qPrintable(QString::number(crossover.crossingResamples)));
        QVERIFY(!crossover.hasInterval());
        QVERIFY(!crossover.covers(crossover.tasks));
    }
    QVERIFY2(analysisToText(report).contains(u"in doubt: the trendlines cross this way in only"_qs),
        qPrintable(analysisToText(report)));
    QVERIFY(analysisToJson(report).value(u"crossovers").toArray().at(0).toObject().value(u"ci95").isNull());
}

void TestAnalysis::mannWhitney()
{
    // Exact, without ties: all of A below all of B is the most extreme of C(n + m, n) orderings, on either side.
    QCOMPARE(mannWhitneyP({ 1, 2, 3 }, { 4, 5, 6 }), 2.0 / 20);
    QCOMPARE(mannWhitneyP({ 6, 7, 8 }, { 1, 2, 3 }), 2.0 / 20);
    QVERIFY(std::abs(mannWhitneyP({ 1, 2, 3, 4, 5 }, { 6, 7, 8, 9, 10 }) - 2.0 / 252) < 1e-15);
    // Interleaved: U = 3 of 9; for 3 and 3 values the counts of U = 0..9 are 1 1 2 3 3 3 3 2 1 1, so P(U <= 3) is
    // 7/20 and the two-sided p 0.7.
    QVERIFY(std::abs(mannWhitneyP({ 1, 3, 5 }, { 2, 4, 6 }) - 0.7) < 1e-15);
    // Ties: the normal approximation with the tie correction; identical samples are as alike as samples get.
    QCOMPARE(mannWhitneyP({ 1, 1, 2, 2 }, { 1, 1, 2, 2 }), 1.0);
    const double tied = mannWhitneyP({ 1, 1, 1, 2, 2, 2, 2, 2 }, { 3, 3, 3, 3, 4, 4, 4, 4 });
    QVERIFY2(tied > 0 && tied < 0.01, qPrintable(QString::number(tied)));
    QCOMPARE(mannWhitneyP({}, { 1, 2 }), 1.0);
}

void TestAnalysis::compareWithItselfFindsNoDifference()
{
    const QList<RunResult> runs = loadArticleRuns();
    const QList<ComparisonRow> rows = compareRuns(runs, runs);
    QCOMPARE(rows.size(), 18); // threads and blended at 9 task counts each
    for (const ComparisonRow& row : rows) {
        QCOMPARE(row.ratio, 1.0);
        QCOMPARE(row.countA, 10);
        QCOMPARE(row.pValue, 1.0);
        QCOMPARE(row.verdict, ComparisonVerdict::NoSignificantDifference);
        QVERIFY(row.ratioLow < 1 && row.ratioHigh > 1);
    }
    QVERIFY(
        comparisonToText(rows, u"a.csv"_qs, u"a.csv"_qs).contains(u"B is faster at 0 and slower at 0 of 18 points"_qs));
}

void TestAnalysis::compareWithDoubledTimes()
{
    const QList<RunResult> runs = loadArticleRuns();
    QList<RunResult> doubled = runs;
    for (RunResult& run : doubled)
        run.seconds *= 2;
    const QList<ComparisonRow> rows = compareRuns(runs, doubled);
    QCOMPARE(rows.size(), 18);
    const AnalysisReport report = analyzeRuns(runs).constFirst();
    int apart = 0;
    for (const ComparisonRow& row : rows) {
        QVERIFY2(std::abs(row.ratio - 2) < 1e-12, qPrintable(QString::number(row.ratio)));
        QVERIFY(row.ratioLow < 2 && 2 < row.ratioHigh);
        QVERIFY2(row.pValue < 0.01, qPrintable(QString::number(row.pValue)));
        QCOMPARE(row.verdict, ComparisonVerdict::Slower);
        // Where every doubled run is slower than every original, the most extreme ordering of 20 values.
        const auto series = std::find_if(report.strategies.cbegin(), report.strategies.cend(),
            [&row](const StrategyAnalysis& s) { return s.name == row.series; });
        const auto point = std::find_if(series->points.cbegin(), series->points.cend(),
            [&row](const TaskCountPoint& p) { return p.tasks == row.tasks; });
        if (2 * point->stats.min > point->stats.max) {
            QVERIFY2(std::abs(row.pValue - 2.0 / 184756) < 1e-15, qPrintable(QString::number(row.pValue)));
            ++apart;
        }
    }
    QVERIFY(apart >= 10);
    // And the other way round, faster; and every face says so.
    for (const ComparisonRow& row : compareRuns(doubled, runs))
        QCOMPARE(row.verdict, ComparisonVerdict::Faster);
    const QJsonObject json = comparisonToJson(rows, u"a"_qs, u"b"_qs);
    QCOMPARE(json.value(u"test").toString(), u"Mann-Whitney U, two-sided"_qs);
    QCOMPARE(json.value(u"rows").toArray().size(), 18);
    QCOMPARE(json.value(u"rows").toArray().at(0).toObject().value(u"verdict").toString(), u"slower"_qs);
    QVERIFY(comparisonToMarkdown(rows, u"a"_qs, u"b"_qs).contains(u"| 2.000 |"_qs));
    QVERIFY(comparisonToText(rows, u"a"_qs, u"b"_qs).contains(u"B is faster at 0 and slower at 18 of 18 points"_qs));
}

void TestAnalysis::decisionNoClearWinner()
{
    StrategyAnalysis threads { StrategyKind::Threads, 100, { pointOf(100, { 1.0, 2.0, 3.0 }) }, {}, {}, 3, 0 };
    StrategyAnalysis blended { StrategyKind::Blended, 100, { pointOf(100, { 1.5, 2.5, 3.5 }) }, {}, {}, 3, 0 };
    const QList<DecisionRow> rows = decisionTable({ threads, blended }, WorkloadKind::Sleep, 2000);
    QCOMPARE(rows.size(), 1);
    QVERIFY(!rows[0].winner.has_value());
    QCOMPARE(rows[0].leader, 0); // threads
    QCOMPARE(rows[0].runnerUp, std::optional(1));
    QVERIFY(std::abs(rows[0].margin - 0.25) < 1e-12);

    // Single runs have no interval and cannot separate.
    StrategyAnalysis one { StrategyKind::Threads, 1, { pointOf(100, { 1.0 }) }, {}, {}, 1, 0 };
    StrategyAnalysis other { StrategyKind::Blended, 1, { pointOf(100, { 5.0 }) }, {}, {}, 1, 0 };
    QVERIFY(!decisionTable({ one, other }, WorkloadKind::Sleep, 10)[0].winner.has_value());
}

void TestAnalysis::decisionBands()
{
    const QList<double> fast { 1.0, 1.01, 0.99, 1.0 };
    const QList<double> slow { 2.0, 2.02, 1.98, 2.0 };
    const QList<double> wide { 1.0, 2.0, 3.0 };
    const QList<double> wideSlow { 1.2, 2.2, 3.2 };
    StrategyAnalysis threads;
    threads.strategy = StrategyKind::Threads;
    StrategyAnalysis blended;
    blended.strategy = StrategyKind::Blended;
    // 100, 200: threads clearly (margins 1.0 and 0.5); 300, 400: overlap, threads leads; 500: overlap, blended leads;
    // 600: blended clearly; 700: blended alone (threads refused there).
    threads.points = { pointOf(100, fast), pointOf(200, fast), pointOf(300, wide), pointOf(400, wide),
        pointOf(500, wideSlow), pointOf(600, slow) };
    blended.points = { pointOf(100, slow), pointOf(200, { 1.5, 1.51, 1.49, 1.5 }), pointOf(300, wideSlow),
        pointOf(400, wideSlow), pointOf(500, wide), pointOf(600, fast), pointOf(700, fast) };
    const QList<DecisionRow> rows = decisionTable({ threads, blended }, WorkloadKind::Cpu, 50);
    QCOMPARE(rows.size(), 4);

    QCOMPARE(rows[0].fromTasks, 100);
    QCOMPARE(rows[0].toTasks, 200);
    constexpr int threadsIndex = 0;
    constexpr int blendedIndex = 1;
    QCOMPARE(rows[0].winner, std::optional(threadsIndex));
    QVERIFY(std::abs(rows[0].margin - 0.5) < 1e-12); // the smallest in the band

    QCOMPARE(rows[1].fromTasks, 300);
    QCOMPARE(rows[1].toTasks, 400);
    QVERIFY(!rows[1].winner.has_value());
    QCOMPARE(rows[1].leader, threadsIndex);

    QCOMPARE(rows[2].fromTasks, 500);
    QCOMPARE(rows[2].toTasks, 500);
    QVERIFY(!rows[2].winner.has_value());
    QCOMPARE(rows[2].leader, blendedIndex);

    QCOMPARE(rows[3].fromTasks, 600);
    QCOMPARE(rows[3].toTasks, 700);
    QCOMPARE(rows[3].winner, std::optional(blendedIndex));
    QCOMPARE(rows[3].runnerUp, std::optional(threadsIndex));
    QVERIFY(std::abs(rows[3].margin - 1.0) < 1e-12);
    for (const DecisionRow& row : rows) {
        QCOMPARE(row.workload, WorkloadKind::Cpu);
        QCOMPARE(row.taskMs, 50);
    }
}

void TestAnalysis::articleDecisionTableRows()
{
    const QList<ArticleDecisionRow> rows = articleDecisionTable();
    QCOMPARE(rows.size(), 3);
    QCOMPARE(rows[0].bottleneck, QStringLiteral("CPU"));
    QCOMPARE(rows[0].tasks, QStringLiteral("Any"));
    QCOMPARE(rows[0].optimizeWith, QStringLiteral("Multiprocessing"));
    QCOMPARE(rows[1].bottleneck, QStringLiteral("IO"));
    QCOMPARE(rows[1].tasks, QStringLiteral("< 1,000"));
    QCOMPARE(rows[1].optimizeWith, QStringLiteral("Multithreading"));
    QCOMPARE(rows[2].tasks, QStringLiteral("> 1,000"));
    QCOMPARE(rows[2].optimizeWith, QStringLiteral("Multiprocessing + multithreading"));
    QCOMPARE(rows[2].example, QStringLiteral("Network connection, file operation"));
}

void TestAnalysis::jsonShape()
{
    const QList<AnalysisReport> reports = analyzeRuns(loadArticleRuns());
    QCOMPARE(reports.size(), 1);
    const QJsonObject json = analysisToJson(reports[0]);
    QCOMPARE(json.value(u"workload").toString(), QStringLiteral("sleep"));
    QCOMPARE(json.value(u"task_ms").toInt(), 2000);
    QCOMPARE(json.value(u"fit_to").toString(), QStringLiteral("mean"));
    QVERIFY(json.value(u"drop_outliers").isBool());
    QCOMPARE(json.value(u"drop_outliers").toBool(), false);

    const QJsonObject strategies = json.value(u"strategies").toObject();
    QCOMPARE(strategies.keys(), (QStringList { QStringLiteral("blended"), QStringLiteral("threads") }));
    for (const QString& name : strategies.keys()) {
        const QJsonObject strategy = strategies.value(name).toObject();
        const QJsonObject fit = strategy.value(u"fit").toObject();
        for (const char16_t* key : { u"a", u"b", u"c", u"r2" })
            QVERIFY2(fit.value(key).isDouble(), qPrintable(name));
        QCOMPARE(fit.value(u"degree").toInt(), 2);
        const QJsonArray points = strategy.value(u"points").toArray();
        QCOMPARE(points.size(), 9);
        const QJsonObject first = points.first().toObject();
        QCOMPARE(first.value(u"tasks").toInt(), 100);
        for (const char16_t* key : { u"mean", u"median", u"stddev", u"min", u"max", u"ideal" })
            QVERIFY2(first.value(key).isDouble(), qPrintable(QString::fromUtf16(key)));
        const QJsonArray ci = first.value(u"ci95").toArray();
        QCOMPARE(ci.size(), 2);
        QVERIFY(ci[0].toDouble() < first.value(u"mean").toDouble());
        QVERIFY(ci[1].toDouble() > first.value(u"mean").toDouble());
        QCOMPARE(first.value(u"n").toInt(), 10);
        QVERIFY(first.value(u"outliers").isDouble());
        const QJsonObject model = strategy.value(u"model").toObject();
        for (const char16_t* key : { u"y", u"o", u"r2" })
            QVERIFY(model.value(key).isDouble());
        QCOMPARE(strategy.value(u"ok_runs").toInt(), 90);
        QCOMPARE(strategy.value(u"failed_runs").toInt(), 0);
    }
    QVERIFY(std::abs(strategies.value(u"threads").toObject().value(u"fit_article").toObject().value(u"a").toDouble()
                - 0.0237)
        < 0.0006);

    const QJsonArray crossovers = json.value(u"crossovers").toArray();
    QCOMPARE(crossovers.size(), 1);
    const QJsonObject crossover = crossovers[0].toObject();
    QCOMPARE(crossover.value(u"faster_before").toString(), QStringLiteral("threads"));
    QCOMPARE(crossover.value(u"faster_after").toString(), QStringLiteral("blended"));
    QVERIFY(crossover.value(u"tasks").isDouble());
    QVERIFY(crossover.value(u"within_range").isBool());

    const QJsonArray decision = json.value(u"decision").toArray();
    QVERIFY(!decision.isEmpty());
    QCOMPARE(decision.first().toObject().value(u"from_tasks").toInt(), 100);
    QCOMPARE(decision.last().toObject().value(u"to_tasks").toInt(), 900);
    for (const QJsonValue& value : decision) {
        const QJsonObject row = value.toObject();
        QCOMPARE(row.value(u"workload").toString(), QStringLiteral("sleep"));
        QCOMPARE(row.value(u"task_ms").toInt(), 2000);
        QVERIFY(row.value(u"winner").isString() || row.value(u"winner").isNull());
        QVERIFY(row.value(u"leader").isString());
        QVERIFY(row.value(u"runner_up").isString());
        QVERIFY(row.value(u"margin").isDouble());
        QVERIFY(row.value(u"from_tasks").toInt() <= row.value(u"to_tasks").toInt());
    }

    const QJsonArray article = json.value(u"article_decision").toArray();
    QCOMPARE(article.size(), 3);
    const QJsonObject io = article[1].toObject();
    QCOMPARE(io.value(u"bottleneck").toString(), QStringLiteral("IO"));
    QCOMPARE(io.value(u"tasks").toString(), QStringLiteral("< 1,000"));
    QCOMPARE(io.value(u"optimize_with").toString(), QStringLiteral("Multithreading"));
    QVERIFY(io.value(u"example").isString());
}

void TestAnalysis::textAndMarkdown()
{
    const QList<AnalysisReport> reports = analyzeRuns(loadArticleRuns());
    QCOMPARE(reports.size(), 1);
    const QString text = analysisToText(reports[0]);
    qInfo().noquote() << '\n' << text;
    QVERIFY(text.contains(QStringLiteral("y = 0.0237x² − 0.0655x + 2.4838")));
    QVERIFY(text.contains(QStringLiteral("T = ")));
    QVERIFY(text.contains(QStringLiteral("R² = 0.836")));
    QVERIFY(text.contains(QStringLiteral("From the article")));
    QVERIFY(text.contains(QStringLiteral("Multiprocessing + multithreading")));
    QVERIFY(text.contains(QStringLiteral("2.578")));

    const QString markdown = analysisToMarkdown(reports[0]);
    qInfo().noquote() << '\n' << markdown;
    QVERIFY(markdown.contains(QStringLiteral("| Tasks |")));
    QVERIFY(markdown.contains(QStringLiteral("|---:|")));
    QVERIFY(
        markdown.contains(QStringLiteral("| IO | Network connection, file operation | < 1,000 | Multithreading |")));
}

void TestAnalysis::runtimesAreSeriesOfTheirOwn()
{
    // The same plan in the engine and in CPython: one colour each strategy, a series each runtime, crossovers and
    // decision bands only within a runtime.
    QList<RunResult> runs;
    for (RuntimeKind runtime : { RuntimeKind::Native, RuntimeKind::Python }) {
        for (int tasks = 100; tasks <= 500; tasks += 100) {
            for (int repeat = 0; repeat < 3; ++repeat) {
                const double python = runtime == RuntimeKind::Python ? 1.0 : 0.0;
                // Threads slow down with n in python and cross blended near 300 tasks there; not natively.
                runs.append(runOf(specOf(StrategyKind::Threads).tasks(tasks).taskMs(100).runtime(runtime),
                    0.1 + python * 0.0004 * tasks + 0.001 * repeat));
                runs.append(runOf(specOf(StrategyKind::Blended).tasks(tasks).taskMs(100).processes(2).runtime(runtime),
                    0.15 + python * 0.0002 * tasks + 0.001 * repeat));
            }
        }
    }
    const QList<AnalysisReport> reports = analyzeRuns(runs);
    QCOMPARE(reports.size(), 1);
    const AnalysisReport& report = reports[0];
    QCOMPARE(namesOf(report),
        (QStringList { u"threads"_qs, u"threads (python)"_qs, u"blended"_qs, u"blended (python)"_qs }));
    QList<int> ranks;
    const QStringList runNames = seriesNamesOfRuns(runs, &ranks);
    QCOMPARE(runNames.at(0), u"threads"_qs);
    QCOMPARE(runNames.at(15 * 2), u"threads (python)"_qs);
    QVERIFY(std::all_of(ranks.cbegin(), ranks.cend(), [](int rank) { return rank == 0; })); // the strategy's colour
    for (const Crossover& crossover : report.crossovers)
        QCOMPARE(report.strategies[crossover.fasterBefore].settings.runtime,
            report.strategies[crossover.fasterAfter].settings.runtime);
    QVERIFY(std::any_of(report.crossovers.cbegin(), report.crossovers.cend(), [&](const Crossover& crossover) {
        return report.strategies[crossover.fasterBefore].name == u"threads (python)"_qs
            && report.strategies[crossover.fasterAfter].name == u"blended (python)"_qs && crossover.withinMeasuredRange;
    }));
    // One table per runtime, native first, each naming only its own series.
    QVERIFY(!report.decision.isEmpty());
    QCOMPARE(report.decision.first().runtime, RuntimeKind::Native);
    QCOMPARE(report.decision.last().runtime, RuntimeKind::Python);
    for (const DecisionRow& row : report.decision)
        QCOMPARE(report.strategies[row.leader].settings.runtime, row.runtime);
    QCOMPARE(report.strategies[report.decision.first().leader].name, u"threads"_qs);
    QCOMPARE(report.strategies[report.decision.last().leader].name, u"blended (python)"_qs);
    const QJsonObject json = analysisToJson(report);
    QCOMPARE(json.value(u"strategies").toObject().value(u"threads (python)").toObject().value(u"runtime").toString(),
        u"python"_qs);
    QCOMPARE(json.value(u"decision").toArray().last().toObject().value(u"runtime").toString(), u"python"_qs);
}

void TestAnalysis::seriesSplitJoinedSweeps()
{
    // A --processes 2 sweep joined with a --processes 8 sweep: two series, never one with twice the repeats.
    QList<RunResult> runs;
    for (int processes : { 2, 8 }) {
        for (int tasks = 2; tasks <= 8; tasks += 2) {
            for (int repeat = 0; repeat < 2; ++repeat)
                runs.append(runOf(specOf(StrategyKind::Processes).tasks(tasks).taskMs(10).processes(processes),
                    0.01 + 0.002 * repeat));
        }
    }
    const QList<AnalysisReport> reports = analyzeRuns(runs);
    QCOMPARE(reports.size(), 1);
    const AnalysisReport& report = reports[0];
    QCOMPARE(namesOf(report), (QStringList { u"processes C=2"_qs, u"processes C=8"_qs }));
    for (const StrategyAnalysis& series : report.strategies) {
        QCOMPARE(series.strategy, StrategyKind::Processes);
        QCOMPARE(series.okRuns, 8);
        QCOMPARE(series.points.size(), 4);
        for (const TaskCountPoint& point : series.points) {
            QCOMPARE(point.seconds.size(), 2);
            QVERIFY2(point.stats.mean >= point.idealSeconds,
                qPrintable(u"%1 at %2: mean %3 below ideal %4"_qs.arg(series.name)
                               .arg(point.tasks)
                               .arg(point.stats.mean)
                               .arg(point.idealSeconds)));
            QCOMPARE(point.belowIdeal, 0);
        }
    }
    QCOMPARE(report.strategies[0].settings.processes.value, 2);
    QCOMPARE(report.strategies[1].settings.processes.value, 8);
    QCOMPARE(seriesNamesOfRuns(runs).first(), u"processes C=2"_qs);
    QCOMPARE(seriesNamesOfRuns(runs).last(), u"processes C=8"_qs);
    // The decision compares the two configurations: at 8 tasks, 8 processes need one round, 2 processes four.
    QVERIFY(!report.decision.isEmpty());
    QCOMPARE(report.decision.last().toTasks, 8);
    QCOMPARE(report.strategies[report.decision.last().leader].name, u"processes C=8"_qs);

    const QJsonObject strategies = analysisToJson(report).value(u"strategies").toObject();
    QCOMPARE(strategies.keys(), (QStringList { u"processes C=2"_qs, u"processes C=8"_qs }));
    const QJsonObject eight = strategies.value(u"processes C=8").toObject();
    QCOMPARE(eight.value(u"strategy").toString(), u"processes"_qs);
    QCOMPARE(eight.value(u"processes").toInt(), 8);
    QCOMPARE(eight.value(u"chunksize").toInt(), 1);
    QVERIFY(eight.value(u"threads").isNull()); // not a setting of this strategy
    const QString text = analysisToText(report);
    QVERIFY2(text.contains(u"\nprocesses C=2: 8 OK runs"_qs) && text.contains(u"\nprocesses C=8: 8 OK runs"_qs),
        qPrintable(text));
    const QString markdown = analysisToMarkdown(report);
    QVERIFY(markdown.contains(u"### processes C=2\n"_qs) && markdown.contains(u"### processes C=8\n"_qs));
}

void TestAnalysis::seriesNames_data()
{
    QTest::addColumn<QList<RunSpec>>("specs");
    QTest::addColumn<bool>("resolve");
    QTest::addColumn<QStringList>("names");
    const auto sweep = [](StrategyKind strategy, int threads, int processes, int chunksize = ChunkOneAtATime) {
        QList<RunSpec> specs;
        for (int tasks : { 64, 128, 256 })
            specs.append(
                specOf(strategy).tasks(tasks).taskMs(10).threads(threads).processes(processes).chunksize(chunksize));
        return specs;
    };
    QTest::addRow("one series per strategy: the strategy's name") << sweep(StrategyKind::Threads, 0, 0)
            + sweep(StrategyKind::Blended, 0, 8) << true << QStringList { u"threads"_qs, u"blended"_qs };
    QTest::addRow("threads: fixed and one per task")
        << sweep(StrategyKind::Threads, 0, 0) + sweep(StrategyKind::Threads, 4, 0) << true
        << QStringList { u"threads T=4"_qs, u"threads T=per task"_qs };
    QTest::addRow("blended: a cap and one per task of its share") << sweep(StrategyKind::Blended, 0, 8)
            + sweep(StrategyKind::Blended, 4, 8) << true << QStringList { u"blended T≤4"_qs, u"blended T=per task"_qs };
    QTest::addRow("blended: processes and cap")
        << sweep(StrategyKind::Blended, 4, 8) + sweep(StrategyKind::Blended, 0, 2) << true
        << QStringList { u"blended C=2 T=per task"_qs, u"blended C=8 T≤4"_qs };
    QTest::addRow("processes: chunk size")
        << sweep(StrategyKind::Processes, 1, 2, ChunkPythonRule) + sweep(StrategyKind::Processes, 1, 2) << false
        << QStringList { u"processes K=1"_qs, u"processes K=python"_qs };
    QTest::addRow("processes: processes and chunk size")
        << sweep(StrategyKind::Processes, 1, 2, ChunkPythonRule) + sweep(StrategyKind::Processes, 1, 8) << false
        << QStringList { u"processes C=2 K=python"_qs, u"processes C=8 K=1"_qs };
    QTest::addRow("processes: unknown is its own value")
        << sweep(StrategyKind::Processes, 0, 0) + sweep(StrategyKind::Processes, 1, 4) << false
        << QStringList { u"processes C=4"_qs, u"processes C=unknown"_qs };
}

void TestAnalysis::seriesNames()
{
    QFETCH(QList<RunSpec>, specs);
    QFETCH(bool, resolve);
    QFETCH(QStringList, names);
    QList<RunResult> runs;
    for (const RunSpec& spec : specs)
        runs.append(runOf(spec, 0.01, resolve));
    const QList<AnalysisReport> reports = analyzeRuns(runs);
    QCOMPARE(reports.size(), 1);
    QCOMPARE(namesOf(reports[0]), names);
    for (const StrategyAnalysis& series : reports[0].strategies)
        QCOMPARE(series.points.size(), 3); // no series took another's runs
    const QStringList runNames = seriesNamesOfRuns(runs);
    QCOMPARE(QSet<QString>(runNames.cbegin(), runNames.cend()), QSet<QString>(names.cbegin(), names.cend()));
}

void TestAnalysis::seriesAmbiguity()
{
    // --threads 4 at 2, 4 and 8 tasks: at 4 tasks its 4 threads look like one per task, yet they are the same pool.
    QList<RunResult> threads;
    for (int tasks : { 2, 4, 8 })
        threads.append(runOf(specOf(StrategyKind::Threads).tasks(tasks).taskMs(10).threads(4), 0.01));
    QCOMPARE(seriesSettingsOf(threads[1].spec).threads.kind, SeriesSetting::Kind::PerTask);
    QList<AnalysisReport> reports = analyzeRuns(threads);
    QCOMPARE(namesOf(reports[0]), QStringList { u"threads"_qs });
    QCOMPARE(reports[0].strategies[0].points.size(), 3);
    QCOMPARE(reports[0].strategies[0].settings.threads.value, 4);
    QCOMPARE(seriesNamesOfRuns(threads), QStringList(3, u"threads"_qs));

    // A default sweep (one thread per task) beside it is not swallowed: it has more than one task count.
    QList<RunResult> both = threads;
    for (int tasks : { 4, 16, 32 })
        both.append(runOf(specOf(StrategyKind::Threads).tasks(tasks).taskMs(10), 0.01));
    reports = analyzeRuns(both);
    QCOMPARE(namesOf(reports[0]), (QStringList { u"threads T=4"_qs, u"threads T=per task"_qs }));
    QCOMPARE(reports[0].strategies[0].points.size(), 2); // 2 and 8 tasks
    QCOMPARE(reports[0].strategies[1].points.size(), 3); // 4 (both 4-task runs), 16, 32
    QCOMPARE(reports[0].strategies[1].points[0].seconds.size(), 2);

    // Blended with a cap of 4 threads over 2 processes: shares of up to 4 tasks run one thread per task.
    QList<RunResult> blended;
    for (int tasks : { 2, 4, 8, 16 })
        blended.append(runOf(specOf(StrategyKind::Blended).tasks(tasks).taskMs(10).threads(4).processes(2), 0.01));
    reports = analyzeRuns(blended);
    QCOMPARE(namesOf(reports[0]), QStringList { u"blended"_qs });
    QCOMPARE(reports[0].strategies[0].points.size(), 4);

    // Compatible with two caps (4 and 8), the runs that look like the default stay a series of their own.
    for (int tasks : { 32, 64 })
        blended.append(runOf(specOf(StrategyKind::Blended).tasks(tasks).taskMs(10).threads(8).processes(2), 0.01));
    reports = analyzeRuns(blended);
    QCOMPARE(namesOf(reports[0]), (QStringList { u"blended T≤4"_qs, u"blended T≤8"_qs, u"blended T=per task"_qs }));
}

void TestAnalysis::fitRule_data()
{
    QTest::addColumn<int>("taskCounts");
    QTest::addColumn<int>("degree");
    QTest::addColumn<QString>("note");
    QTest::addRow("1") << 1 << -1 << u"no trendline: 1 task count, a line needs 3"_qs;
    QTest::addRow("2") << 2 << -1 << u"no trendline: 2 task counts, a line needs 3"_qs;
    QTest::addRow("3") << 3 << 1 << u"a line, not a quadratic: 3 task counts, a quadratic needs 4"_qs;
    QTest::addRow("4") << 4 << 2 << QString();
    QTest::addRow("6") << 6 << 2 << QString();
}

void TestAnalysis::fitRule()
{
    QFETCH(int, taskCounts);
    QFETCH(int, degree);
    QFETCH(QString, note);
    QList<RunResult> runs;
    for (int i = 1; i <= taskCounts; ++i) {
        for (int repeat = 0; repeat < 3; ++repeat)
            runs.append(runOf(
                specOf(StrategyKind::Processes).tasks(10 * i).taskMs(10).processes(4), 0.01 * i * i + 0.001 * repeat));
    }
    const AnalysisReport report = analyzeRuns(runs).constFirst();
    const StrategyAnalysis& series = report.strategies.constFirst();
    QCOMPARE(series.fit.degree, degree);
    QCOMPARE(series.fit.distinctX, taskCounts);
    QCOMPARE(trendlineNote(series.fit), note);
    const QString text = analysisToText(report);
    const QString markdown = analysisToMarkdown(report);
    const QJsonObject json = analysisToJson(report).value(u"strategies").toObject().value(u"processes").toObject();
    if (note.isEmpty()) {
        QVERIFY(json.value(u"fit_note").isNull());
    } else {
        QVERIFY2(text.contains(note), qPrintable(text));
        QVERIFY2(markdown.contains(note, Qt::CaseInsensitive), qPrintable(markdown));
        QCOMPARE(json.value(u"fit_note").toString(), note);
    }
    QCOMPARE(text.contains(u"Trendline:"_qs), degree >= 0);
    QCOMPARE(json.value(u"fit").isNull(), degree < 0);
}

void TestAnalysis::noCrossoverFromAnAbsentFit()
{
    // Threads measured at 2 task counts, steeply rising; processes at 5, flat. A line through the two threads points
    // would cross the processes trendline at about 2.2 tasks; with no threads trendline there is no crossover.
    QList<RunResult> runs;
    for (int repeat = 0; repeat < 2; ++repeat) {
        runs.append(runOf(specOf(StrategyKind::Threads).tasks(1).taskMs(10), 0.1 + 0.001 * repeat, false));
        runs.append(runOf(specOf(StrategyKind::Threads).tasks(2).taskMs(10), 0.3 + 0.001 * repeat, false));
        for (int tasks = 1; tasks <= 5; ++tasks)
            runs.append(runOf(specOf(StrategyKind::Processes).tasks(tasks).taskMs(10), 0.35 + 0.001 * repeat, false));
    }
    const AnalysisReport report = analyzeRuns(runs).constFirst();
    QCOMPARE(namesOf(report), (QStringList { u"processes"_qs, u"threads"_qs }));
    QVERIFY(report.strategies[0].fit.isValid());
    QVERIFY(!report.strategies[1].fit.isValid());
    QVERIFY(report.crossovers.isEmpty());
    const QString text = analysisToText(report);
    QVERIFY2(text.contains(u"no trendline: 2 task counts, a line needs 3"_qs), qPrintable(text));
    QVERIFY2(text.contains(u"none: only one series has a trendline"_qs), qPrintable(text));
    QVERIFY(analysisToJson(report).value(u"crossovers").toArray().isEmpty());
}

void TestAnalysis::implausibleCrossover()
{
    // Two processes series with one worker and 100 ms tasks, measured at 1..4 tasks. Their lines cross at 5 tasks
    // at 0.3 s, below the 0.5 s that 5 tasks on one worker take at least: an impossible prediction.
    const auto series = [](double slope, double intercept, int processes) {
        StrategyAnalysis analysis;
        analysis.strategy = StrategyKind::Processes;
        analysis.taskMs = 100;
        analysis.settings.processes = { SeriesSetting::Kind::Fixed, processes };
        analysis.settings.chunksize = { SeriesSetting::Kind::Fixed, 1 };
        for (int tasks = 1; tasks <= 4; ++tasks)
            analysis.points.append(pointOf(tasks, { slope * tasks + intercept }));
        analysis.fit = QuadraticFit { 0, slope, intercept, 1, 1, 4 };
        return analysis;
    };
    QCOMPARE(seriesIdealSeconds(series(0, 0, 1), 5), 0.5);
    QCOMPARE(seriesIdealSeconds(series(0, 0, 2), 5.5), 0.3); // ceil(5 / 2) rounds, of whole tasks only

    AnalysisReport report;
    report.taskMs = 100;
    report.strategies = { series(-0.1, 0.8, 1), series(-0.2, 1.3, 1) };
    report.strategies[0].name = u"processes C=1 first"_qs;
    report.strategies[1].name = u"processes C=1 second"_qs;
    report.crossovers = findCrossovers(report.strategies);
    QCOMPARE(report.crossovers.size(), 1);
    const Crossover& crossover = report.crossovers[0];
    QVERIFY(std::abs(crossover.tasks - 5) < 1e-9);
    QVERIFY(std::abs(crossover.seconds - 0.3) < 1e-9);
    QVERIFY(!crossover.plausible);
    const QString text = analysisToText(report);
    QVERIFY2(text.contains(u"implausible: the trendlines predict 0.300 s there, below the ideal bound"_qs),
        qPrintable(text));
    QCOMPARE(
        analysisToJson(report).value(u"crossovers").toArray().at(0).toObject().value(u"plausible"), QJsonValue(false));

    // One series' workers unknown: the other's bound still tells.
    QList<StrategyAnalysis> oneUnknown = report.strategies;
    oneUnknown[0].settings.processes = { SeriesSetting::Kind::Unknown, 0 };
    QVERIFY(std::isnan(seriesIdealSeconds(oneUnknown[0], 5)));
    QVERIFY(!findCrossovers(oneUnknown).constFirst().plausible);

    // Well above the bound, the same crossing is plausible.
    report.strategies = { series(-0.1, 1.8, 1), series(-0.2, 2.3, 1) };
    const QList<Crossover> above = findCrossovers(report.strategies);
    QCOMPARE(above.size(), 1);
    QVERIFY(above[0].plausible);
}

void TestAnalysis::runsFasterThanTheIdealBound()
{
    // Two of three runs at 4 tasks claim less than the 40 ms that 4 tasks of 10 ms on one worker take at least.
    QList<RunResult> runs;
    for (int tasks : { 1, 2, 4 }) {
        for (int repeat = 0; repeat < 3; ++repeat)
            runs.append(runOf(specOf(StrategyKind::Processes).tasks(tasks).taskMs(10).processes(1),
                tasks == 4 && repeat > 0 ? -0.02 : 0.005));
    }
    const AnalysisReport report = analyzeRuns(runs).constFirst();
    const StrategyAnalysis& series = report.strategies.constFirst();
    QCOMPARE(series.points[0].belowIdeal, 0);
    QCOMPARE(series.points[2].belowIdeal, 2);
    const QString expected = u"impossible: 2 of 3 runs at 4 tasks finished faster than the ideal bound of 0.040 s"_qs;
    QCOMPARE(belowIdealText(series.points[2]).left(expected.size()), expected);
    QVERIFY2(analysisToText(report).contains(expected), qPrintable(analysisToText(report)));
    QVERIFY(analysisToMarkdown(report).contains(expected, Qt::CaseInsensitive));
    const QJsonArray points = analysisToJson(report)
                                  .value(u"strategies")
                                  .toObject()
                                  .value(u"processes")
                                  .toObject()
                                  .value(u"points")
                                  .toArray();
    QCOMPARE(points.at(2).toObject().value(u"below_ideal").toInt(), 2);
    QCOMPARE(points.at(0).toObject().value(u"below_ideal").toInt(), 0);
}

void TestAnalysis::costModelNeedsThreeDispatchCounts()
{
    // Two values of n / w (2 and 4): a line in n / w passes through both exactly, so y is not identified.
    QList<RunResult> runs;
    for (int tasks : { 8, 16 }) {
        for (int repeat = 0; repeat < 3; ++repeat)
            runs.append(syntheticRun(StrategyKind::Processes, 100, tasks, 0, 4, 0.003, 0.25 + 0.001 * repeat));
    }
    const CostModel two = fitCostModel(runs);
    QVERIFY(two.valid);
    QVERIFY(!two.yIdentified);
    QCOMPARE(two.y, 0.0);
    QVERIFY2(two.note.contains(u"2 distinct values"_qs), qPrintable(two.note));

    for (int repeat = 0; repeat < 3; ++repeat)
        runs.append(syntheticRun(StrategyKind::Processes, 100, 24, 0, 4, 0.003, 0.25 + 0.001 * repeat));
    const CostModel three = fitCostModel(runs);
    QVERIFY(three.yIdentified);
    QVERIFY(std::abs(three.y - 0.003) < 1e-6);
}

void TestAnalysis::costModelNegativeYHeldAtZero()
{
    // Runs with more dispatches per worker that come out faster: the free fit's y is below 0, which no overhead per
    // dispatch can be, so y is held at 0 and o takes the mean excess.
    QList<RunResult> runs;
    for (int tasks = 16; tasks <= 400; tasks += 24)
        runs.append(syntheticRun(StrategyKind::Processes, 100, tasks, 0, 4, -0.002, 0.5));
    const CostModel model = fitCostModel(runs);
    QVERIFY(model.valid);
    QVERIFY(!model.yIdentified);
    QCOMPARE(model.y, 0.0);
    QVERIFY2(model.note.contains(u"below 0"_qs), qPrintable(model.note));
    double excess = 0;
    for (const RunResult& run : runs)
        excess += run.seconds - costModelIdealSeconds(run.spec);
    QVERIFY(std::abs(model.o - excess / double(runs.size())) < 1e-9);
}

void TestAnalysis::trendlineLeavesOutRoundingNoise_data()
{
    QTest::addColumn<double>("a");
    QTest::addColumn<double>("b");
    QTest::addColumn<double>("c");
    QTest::addColumn<int>("degree");
    QTest::addColumn<QString>("scientific");
    QTest::addColumn<QString>("typeset");
    QTest::addColumn<QString>("article");
    // Over n = 100..1000 the quadratic term adds at most 2.2e-10 s to a fit of 4 to 22 s: noise.
    QTest::addRow("quadratic noise") << -2.220446049250313e-16 << 0.02 << 2.0 << 2 << u"T = 0.0200·n + 2.0000"_qs
                                     << u"T = 0.02 n + 2"_qs << u"y = 2.0000x + 2.0000"_qs;
    QTest::addRow("constant noise") << 0.0 << 0.02 << 1e-17 << 1 << u"T = 0.0200·n"_qs << u"T = 0.02 n"_qs
                                    << u"y = 2.0000x"_qs;
    QTest::addRow("linear noise") << 2e-6 << -3e-17 << 0.5 << 2 << u"T = 2.000e-06·n² + 0.5000"_qs
                                  << u"T = 2.000×10⁻⁶ n² + 0.5"_qs << u"y = 0.0200x² + 0.5000"_qs;
    // A small term that is a finding stays: 1e-6·n² adds 1 s at n = 1000.
    QTest::addRow("small but real") << 1e-6 << 0.01 << 2.0 << 2 << u"T = 1.000e-06·n² + 0.0100·n + 2.0000"_qs
                                    << u"T = 1.000×10⁻⁶ n² + 0.01 n + 2"_qs << u"y = 0.0100x² + 1.0000x + 2.0000"_qs;
}

void TestAnalysis::trendlineLeavesOutRoundingNoise()
{
    QFETCH(double, a);
    QFETCH(double, b);
    QFETCH(double, c);
    QFETCH(int, degree);
    QuadraticFit fit;
    fit.a = a;
    fit.b = b;
    fit.c = c;
    fit.degree = degree;
    fit.xMin = 100;
    fit.xMax = 1000;
    QTEST(trendlineText(fit), "scientific");
    QTEST(trendlineText(fit, CoefficientStyle::Typeset, 4), "typeset");
    QTEST(articleTrendlineText(fit), "article");
}

// Runs that lie on a line: the fitted quadratic term is zero or rounding noise, and the trendline is a line.
void TestAnalysis::exactLineHasNoQuadraticTerm()
{
    QList<double> x;
    QList<double> y;
    for (int n = 100; n <= 1000; n += 100) {
        x.append(n);
        y.append(0.1 + 0.002 * n);
    }
    const QuadraticFit fit = fitQuadratic(x, y);
    QCOMPARE(fit.degree, 2);
    QCOMPARE(fit.xMin, 100.0);
    QCOMPARE(fit.xMax, 1000.0);
    QCOMPARE(trendlineText(fit), u"T = 2.000e-03·n + 0.1000"_qs);
    QVERIFY2(!articleTrendlineText(fit).contains(u"x²"), qPrintable(articleTrendlineText(fit)));
}

// What the article's table says for a band: by the workload's bottleneck, and for IO by the band's task counts; the
// measured winner agrees when it is the strategy the article names.
void TestAnalysis::articleAnswerOfABand_data()
{
    QTest::addColumn<WorkloadKind>("workload");
    QTest::addColumn<int>("fromTasks");
    QTest::addColumn<int>("toTasks");
    QTest::addColumn<StrategyKind>("winner");
    QTest::addColumn<QString>("advice"); // empty: the article has no row
    QTest::addColumn<int>("agrees"); // 1 yes, 0 no, -1 no verdict
    QTest::addRow("cpu: processes agree")
        << WorkloadKind::Cpu << 10 << 90 << StrategyKind::Processes << u"Multiprocessing"_qs << 1;
    QTest::addRow("cpu: threads disagree")
        << WorkloadKind::Cpu << 10 << 90 << StrategyKind::Threads << u"Multiprocessing"_qs << 0;
    QTest::addRow("sleep below 1,000: threads")
        << WorkloadKind::Sleep << 100 << 900 << StrategyKind::Threads << u"Multithreading"_qs << 1;
    QTest::addRow("net from 1,000: blended")
        << WorkloadKind::Net << 1000 << 5000 << StrategyKind::Blended << u"Multiprocessing + multithreading"_qs << 1;
    QTest::addRow("file from 1,000: threads disagree")
        << WorkloadKind::File << 2000 << 2000 << StrategyKind::Threads << u"Multiprocessing + multithreading"_qs << 0;
    QTest::addRow("a band across 1,000: no single advice")
        << WorkloadKind::Command << 500 << 2000 << StrategyKind::Threads
        << u"Multithreading below 1,000 tasks, multiprocessing + multithreading above"_qs << -1;
    QTest::addRow("mixed: no row") << WorkloadKind::Mixed << 10 << 90 << StrategyKind::Threads << QString() << -1;
}

void TestAnalysis::articleAnswerOfABand()
{
    QFETCH(WorkloadKind, workload);
    QFETCH(int, fromTasks);
    QFETCH(int, toTasks);
    QFETCH(StrategyKind, winner);
    QFETCH(QString, advice);
    QFETCH(int, agrees);
    AnalysisReport report;
    report.workload = workload;
    StrategyAnalysis series;
    series.strategy = winner;
    report.strategies = { series };
    DecisionRow row;
    row.fromTasks = fromTasks;
    row.toTasks = toTasks;
    row.winner = 0;
    const ArticleAnswer answer = articleAnswer(report, row);
    QCOMPARE(answer.advice, advice);
    QCOMPARE(answer.agrees.has_value() ? int(*answer.agrees) : -1, agrees);
    // Without a clear winner there is nothing to agree with.
    row.winner.reset();
    QVERIFY(!articleAnswer(report, row).agrees.has_value());
}

// Runs of one workload with different options (file sizes, the interpreter lock) are different experiments: each is
// a report of its own, named by what sets it apart, and the per-workload decision table has a row for each.
void TestAnalysis::workloadOptionsSplitReports()
{
    QList<RunResult> runs;
    for (const qint64 bytes : { 4096, 1 << 20 }) {
        for (int tasks : { 10, 20 }) {
            RunResult run;
            run.spec = resolvedRunSpec(specOf(StrategyKind::Threads).workload(WorkloadKind::File).tasks(tasks), 2);
            run.spec.options.bytes = bytes;
            run.seconds = 0.01 * tasks;
            runs.append(run);
        }
    }
    for (bool locked : { false, true }) {
        RunResult run;
        run.spec = resolvedRunSpec(specOf(StrategyKind::Threads).workload(WorkloadKind::Cpu).tasks(4).taskMs(10), 2);
        run.spec.options.interpreterLock = locked;
        run.seconds = locked ? 0.04 : 0.02;
        runs.append(run);
    }
    const QList<AnalysisReport> reports = analyzeRuns(runs);
    QStringList groups;
    for (const AnalysisReport& report : reports)
        groups.append(reportGroupText(report));
    QCOMPARE(groups,
        QStringList(
            { u"cpu workload, 10 ms per task"_qs, u"cpu workload, 10 ms per task, under the interpreter lock"_qs,
                u"file workload, 4 KiB per task"_qs, u"file workload, 1.0 MiB per task"_qs }));
    QCOMPARE(reports[3].strategies[0].points.size(), 2);
    const QString table = workloadDecisionToText(reports);
    for (const QString& group : std::as_const(groups))
        QVERIFY2(table.contains(group), qPrintable(table));
    QVERIFY2(table.contains(u"CPU: Multiprocessing"_qs) && table.contains(u"IO: Multithreading"_qs), qPrintable(table));
}

QTEST_GUILESS_MAIN(TestAnalysis)
// The unit of the chart's runtime ÷ task duration: what one task waits or computes, and a mixed task's computing part
// on top; nothing for tasks that take what they take.
void TestAnalysis::taskDurationOfARun_data()
{
    QTest::addColumn<RunSpec>("spec");
    QTest::addColumn<double>("seconds");
    WorkloadOptions computing;
    computing.cpuMs = 5;
    QTest::addRow("sleep") << specOf(StrategyKind::Threads).taskMs(20).spec() << 0.020;
    QTest::addRow("cpu") << specOf(StrategyKind::Threads).workload(WorkloadKind::Cpu).taskMs(2000).spec() << 2.0;
    QTest::addRow("mixed: waits, then computes")
        << specOf(StrategyKind::Threads).workload(WorkloadKind::Mixed).taskMs(20).options(computing).spec() << 0.025;
    QTest::addRow("sleep ignores a cpu part")
        << specOf(StrategyKind::Threads).taskMs(20).options(computing).spec() << 0.020;
    QTest::addRow("file") << specOf(StrategyKind::Threads).workload(WorkloadKind::File).taskMs(20).spec() << 0.0;
    QTest::addRow("command") << specOf(StrategyKind::Threads).workload(WorkloadKind::Command).taskMs(20).spec() << 0.0;
    QTest::addRow("unknown task_ms") << specOf(StrategyKind::Threads).taskMs(TaskMsUnknown).spec() << 0.0;
}

void TestAnalysis::taskDurationOfARun()
{
    QFETCH(RunSpec, spec);
    QFETCH(double, seconds);
    QCOMPARE(taskSeconds(spec), seconds);
    // A report of such runs has the same unit, and the ideal bound of one thread per task is one unit.
    spec.tasks = 10;
    RunResult run = runOf(spec, 0.001);
    const QList<AnalysisReport> reports = analyzeRuns({ run });
    QCOMPARE(reports.size(), 1);
    QCOMPARE(reportTaskSeconds(reports.first()), seconds);
    if (seconds > 0)
        QVERIFY(std::abs(idealSeconds(run.spec, 0) / seconds - 1) < 1e-12);
}

// The report to draw beside another set's: the same group first, else the same workload at another duration, never
// another workload.
void TestAnalysis::matchingReportOfAnotherSet()
{
    QList<RunResult> runs;
    for (int taskMs : { 20, 2000 }) {
        for (int tasks : { 10, 20 })
            runs << runOf(specOf(StrategyKind::Threads).tasks(tasks).taskMs(taskMs), 0.001);
    }
    for (int tasks : { 10, 20 })
        runs << runOf(specOf(StrategyKind::Threads).workload(WorkloadKind::Cpu).tasks(tasks).taskMs(20), 0.001);
    const QList<AnalysisReport> mine = analyzeRuns(runs);
    QCOMPARE(mine.size(), 3);
    const auto reportOf = [&mine](WorkloadKind workload, int taskMs) {
        return *std::find_if(mine.cbegin(), mine.cend(),
            [&](const AnalysisReport& report) { return report.workload == workload && report.taskMs == taskMs; });
    };
    // The article's table: sleep 2000 ms alone.
    const QList<AnalysisReport> article = analyzeRuns(loadArticleRuns());
    QCOMPARE(article.size(), 1);
    QCOMPARE(matchingReport(article, reportOf(WorkloadKind::Sleep, 2000)), &article.first());
    QCOMPARE(matchingReport(article, reportOf(WorkloadKind::Sleep, 20)), &article.first());
    QCOMPARE(matchingReport(article, reportOf(WorkloadKind::Cpu, 20)), nullptr);
    // Of several, the same duration before another.
    const AnalysisReport* same = matchingReport(mine, reportOf(WorkloadKind::Sleep, 2000));
    QVERIFY(same && same->taskMs == 2000 && same->workload == WorkloadKind::Sleep);
    QCOMPARE(matchingReport(mine, article.first())->taskMs, 2000);
    QCOMPARE(matchingReport(mine, reportOf(WorkloadKind::Cpu, 20))->workload, WorkloadKind::Cpu);
}

#include "tst_analysis.moc"
