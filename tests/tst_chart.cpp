// The runtime chart and its exports, drawn from the article's table on the offscreen platform.

#include "chartexport.h"
#include "resultfile.h"
#include "runtimechart.h"
#include "sanitizers.h"
#include "strategystyle.h"
#include "testspecs.h"

#include <QBuffer>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QGraphicsLayout>
#include <QGraphicsScene>
#include <QGraphicsTextItem>
#include <QImageReader>
#include <QLegendMarker>
#include <QLineSeries>
#include <QLogValueAxis>
#include <QPainter>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QSvgRenderer>
#include <QTemporaryDir>
#include <QTest>
#include <QValueAxis>
#include <cmath>
#include <random>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace {
QList<RunResult> articleRuns()
{
    QString error;
    const auto set = readResultFile(QStringLiteral(":/data/article-runs.csv"), &error);
    if (!set)
        qFatal("cannot read the article's runs: %s", qPrintable(error));
    return set->runs;
}

ChartInput articleInput(const AnalysisOptions& analysis = {})
{
    ChartInput input;
    input.runs = articleRuns();
    input.report = analyzeRuns(input.runs, analysis).constFirst();
    input.title = QStringLiteral("The article's runs");
    return input;
}

const StrategyAnalysis& analysisOf(const AnalysisReport& report, StrategyKind strategy)
{
    for (const StrategyAnalysis& analysis : report.strategies) {
        if (analysis.strategy == strategy)
            return analysis;
    }
    qFatal("no analysis of %s", qPrintable(strategyName(strategy)));
}

// The chart's series of a strategy by what they show, found by name as the legend shows it.
QXYSeries* findSeries(const QChart& chart, const QString& namePrefix)
{
    for (QAbstractSeries* series : chart.series()) {
        if (series->name().startsWith(namePrefix))
            return qobject_cast<QXYSeries*>(series);
    }
    return nullptr;
}

// A --processes C sweep as the engine records it, twice per task count.
QList<RunResult> processesSweep(int processes, const QList<int>& taskCounts, int taskMs, double overhead)
{
    QList<RunResult> runs;
    for (int tasks : taskCounts) {
        for (int repeat = 1; repeat <= 2; ++repeat) {
            RunResult run;
            run.spec = resolvedRunSpec(
                specOf(StrategyKind::Processes).tasks(tasks).taskMs(taskMs).processes(processes).repeat(repeat), 8);
            run.idealSeconds = idealSeconds(run.spec, 0);
            run.seconds = run.idealSeconds + overhead + 0.001 * repeat * tasks;
            runs.append(run);
        }
    }
    return runs;
}

// A chart laid out in a scene: the legend shows its markers only once it has been laid out.
struct LaidOutChart
{
    LaidOutChart()
        : chart(new RuntimeChart)
    {
        scene.addItem(chart);
        chart->resize(1200, 750);
    }

    void setInput(const ChartInput& input)
    {
        chart->setInput(input);
        chart->layout()->activate();
    }

    QGraphicsScene scene;
    RuntimeChart* chart;
};

// `count` runs of threads and blended, at `taskCounts` task counts from 10 on, with times spread over `spread` (0.1:
// 10 %; a fixed seed).
QList<RunResult> manyRuns(int count, int taskCounts, double spread = 0.1)
{
    std::mt19937 random(9);
    std::uniform_real_distribution<double> factor(1.0, 1.0 + spread);
    QList<RunResult> runs;
    runs.reserve(count);
    for (int i = 0; i < count; ++i) {
        RunResult run;
        run.spec = resolvedRunSpec(specOf(i % 2 ? StrategyKind::Blended : StrategyKind::Threads)
                                       .tasks(10 * (1 + (i / 2) % taskCounts))
                                       .processes(2)
                                       .repeat(1 + i / 2 / taskCounts),
            2);
        run.idealSeconds = idealSeconds(run.spec, 0);
        run.seconds = (run.idealSeconds + run.spec.tasks * 1e-4) * factor(random);
        runs.append(run);
    }
    return runs;
}

bool markerVisible(QChart& chart, QAbstractSeries* series)
{
    const QList<QLegendMarker*> markers = chart.legend()->markers(series);
    return !markers.isEmpty() && markers.constFirst()->isVisible();
}

// Pixels within `tolerance` per channel of `color`; antialiasing blends the edges of lines, not their middle.
int pixelsNear(const QImage& image, const QColor& color, int tolerance = 10)
{
    const QImage rgb = image.convertToFormat(QImage::Format_RGB32);
    int count = 0;
    for (int y = 0; y < rgb.height(); ++y) {
        const auto* line = reinterpret_cast<const QRgb*>(rgb.constScanLine(y));
        for (int x = 0; x < rgb.width(); ++x) {
            if (std::abs(qRed(line[x]) - color.red()) <= tolerance
                && std::abs(qGreen(line[x]) - color.green()) <= tolerance
                && std::abs(qBlue(line[x]) - color.blue()) <= tolerance)
                ++count;
        }
    }
    return count;
}

// A chart of `input` laid out at `size` and painted, antialiased, on white.
QImage renderedChart(const ChartInput& input, QSize size)
{
    RuntimeChart chart;
    chart.resize(size);
    chart.setInput(input);
    QGraphicsScene scene;
    scene.addItem(&chart);
    chart.layout()->activate();
    QImage image(size, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::white);
    QPainter painter(&image);
    painter.setRenderHint(QPainter::Antialiasing);
    scene.render(&painter, QRectF(QPointF(), size), QRectF(QPointF(), size));
    painter.end();
    scene.removeItem(&chart);
    return image;
}

int distinctColors(const QImage& image)
{
    const QImage rgb = image.convertToFormat(QImage::Format_RGB32);
    QSet<QRgb> colors;
    for (int y = 0; y < rgb.height(); y += 2) {
        const auto* line = reinterpret_cast<const QRgb*>(rgb.constScanLine(y));
        for (int x = 0; x < rgb.width(); x += 2)
            colors.insert(line[x]);
    }
    return int(colors.size());
}

QByteArray readAll(const QString& path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

bool writeFile(const QString& path, const QByteArray& data)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(data) == data.size();
}

// The labels the chart draws along an axis, read from its drawing: the text items below the plot area (x) or to its
// left (y) that hold a number, in any notation, from left to right or bottom to top.
QStringList drawnAxisLabels(const QChart& chart, Qt::Orientation orientation)
{
    static const QRegularExpression number(QStringLiteral("^[-+0-9.,e]+$"));
    const QRectF plot = chart.plotArea();
    QList<std::pair<qreal, QString>> found;
    for (const QGraphicsItem* item : chart.scene()->items()) {
        const auto* text = qgraphicsitem_cast<const QGraphicsTextItem*>(item);
        if (!text || !text->isVisible() || !number.match(text->toPlainText()).hasMatch())
            continue;
        const QRectF box = text->sceneBoundingRect();
        if (orientation == Qt::Horizontal && box.top() >= plot.bottom() - 1)
            found.append({ box.center().x(), text->toPlainText() });
        else if (orientation == Qt::Vertical && box.right() <= plot.left() + 1)
            found.append({ -box.center().y(), text->toPlainText() });
    }
    std::sort(found.begin(), found.end());
    QStringList labels;
    for (const auto& [position, text] : std::as_const(found))
        labels.append(text);
    return labels;
}

// A quick sweep as this machine records it: threads (one per task) and blended on 2 processes, `taskMs` ms tasks of
// `workload`, twice per task count from 10 to 100, 20 % and a little per task above the ideal bound.
QList<RunResult> quickSweep(int taskMs, WorkloadKind workload = WorkloadKind::Sleep)
{
    QList<RunResult> runs;
    for (int tasks = 10; tasks <= 100; tasks += 30) {
        for (StrategyKind strategy : { StrategyKind::Threads, StrategyKind::Blended }) {
            for (int repeat = 1; repeat <= 2; ++repeat) {
                RunResult run;
                run.spec = resolvedRunSpec(
                    specOf(strategy).workload(workload).tasks(tasks).taskMs(taskMs).processes(2).repeat(repeat), 2);
                run.idealSeconds = idealSeconds(run.spec, 0);
                run.seconds = std::max(run.idealSeconds, 0.01) * 1.2 + tasks * 1e-5 * repeat;
                runs.append(run);
            }
        }
    }
    return runs;
}
} // namespace

class TestChart : public QObject
{
    Q_OBJECT

private slots:
    void trendlineLabels_data()
    {
        QTest::addColumn<StrategyKind>("strategy");
        QTest::addColumn<QString>("r2");
        QTest::addColumn<QString>("articleForm");
        // The article's published equations, to the digit: y = 0.0237x² − 0.0655x + 2.4838, R² 0.83, and
        // y = 0.0038x² + 0.1019x + 2.4676, R² 0.99.
        QTest::addRow("threads") << StrategyKind::Threads << QStringLiteral("R² = 0.836")
                                 << QStringLiteral("y = 0.0237x² − 0.0655x + 2.4838");
        QTest::addRow("blended") << StrategyKind::Blended << QStringLiteral("R² = 0.991")
                                 << QStringLiteral("y = 0.0038x² + 0.1019x + 2.4676");
    }

    void trendlineLabels()
    {
        QFETCH(StrategyKind, strategy);
        QFETCH(QString, r2);
        QFETCH(QString, articleForm);
        RuntimeChart chart;
        chart.setInput(articleInput());
        const QString label = chart.trendlineLabel(strategy);
        QVERIFY2(label.startsWith(strategyName(strategy) + QStringLiteral(" trend: T = ")), qPrintable(label));
        QVERIFY2(label.contains(r2), qPrintable(label));
        QVERIFY2(label.contains(articleForm), qPrintable(label));
        QVERIFY(chart.trendlineLabel(StrategyKind::Sequential).isEmpty());
        QVERIFY(chart.trendlineLabel(StrategyKind::Processes).isEmpty());

        // The legend entry carries the same R² and equation.
        const QXYSeries* trend = findSeries(chart, strategyName(strategy) + QStringLiteral(" trend"));
        QVERIFY(trend);
        QVERIFY2(trend->name().contains(r2), qPrintable(trend->name()));
        QVERIFY2(trend->name().contains(QStringLiteral("T = ")), qPrintable(trend->name()));
    }

    void seriesPerStrategy()
    {
        LaidOutChart laidOut;
        RuntimeChart& chart = *laidOut.chart;
        const ChartInput input = articleInput();
        laidOut.setInput(input);
        QCOMPARE(chart.title(), input.title);
        for (StrategyKind strategy : { StrategyKind::Threads, StrategyKind::Blended }) {
            const QString name = strategyName(strategy);
            const QList<QPointF> runs = chart.runPoints(name);
            QXYSeries* mean = findSeries(chart, name + QStringLiteral(" (mean)"));
            QXYSeries* trend = findSeries(chart, name + QStringLiteral(" trend"));
            QXYSeries* prediction = findSeries(chart, name + QStringLiteral(" prediction"));
            QVERIFY(mean && trend && prediction);
            QCOMPARE(runs.size(), 90); // 9 task counts x 10 runs
            QCOMPARE(mean->count(), 9);
            QCOMPARE(mean->at(0), QPointF(100, analysisOf(input.report, strategy).points.first().stats.mean));
            QVERIFY(mean->pointsVisible());
            QVERIFY(trend->count() > 20);
            QCOMPARE(trend->at(0).x(), 100.0);
            QCOMPARE(trend->at(trend->count() - 1).x(), 900.0);
            QCOMPARE(prediction->count(), 0); // nothing asked beyond the measured range

            // One colour per strategy everywhere; the runs faint, the trendline dashed.
            const QColor color = strategyColor(strategy);
            QCOMPARE(mean->pen().color(), color);
            QCOMPARE(trend->pen().color(), color);
            QCOMPARE(chart.runPointColor(name).rgb(), color.rgb());
            QVERIFY(chart.runPointColor(name).alpha() < 128);
            QVERIFY(trend->pen().style() != Qt::SolidLine);

            // The legend names the mean and the trendline, not the helpers.
            QVERIFY(markerVisible(chart, mean));
            QVERIFY(markerVisible(chart, trend));
            QVERIFY(!markerVisible(chart, prediction));
        }
        for (StrategyKind strategy : { StrategyKind::Sequential, StrategyKind::Processes }) {
            QXYSeries* mean = findSeries(chart, strategyName(strategy) + QStringLiteral(" (mean)"));
            QVERIFY(mean);
            QCOMPARE(mean->count(), 0);
            QVERIFY(!markerVisible(chart, mean));
        }
    }

    void crossoverMarked()
    {
        RuntimeChart chart;
        ChartInput input = articleInput();
        chart.setInput(input);
        const QXYSeries* crossovers = findSeries(chart, QStringLiteral("crossover"));
        QVERIFY(crossovers);
        // The article's trendlines cross at 835 tasks; the report's other crossings lie beyond the drawn range.
        QCOMPARE(crossovers->count(), 1);
        QCOMPARE(qRound(crossovers->at(0).x()), 835);

        input.options.showCrossovers = false;
        chart.setInput(input);
        QCOMPARE(crossovers->count(), 0);
    }

    void crossoverIntervalShaded()
    {
        RuntimeChartView view;
        view.resize(1000, 600);
        view.runtimeChart()->setInput(articleInput());
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        const Crossover crossover = view.runtimeChart()->input().report.crossovers.value(0);
        QVERIFY(crossover.hasInterval());
        QVERIFY(crossover.ciLow < 760 && 760 < crossover.ciHigh);
        const QImage image = view.grab().toImage();
        RuntimeChart* chart = view.runtimeChart();
        QXYSeries* mean = findSeries(*chart, u"threads (mean)"_qs);
        const QRectF plot = chart->plotArea();
        // Near the top of the plot, where no line runs: shaded inside the interval, the plot's white outside it.
        const double y = chart->mapToValue(QPointF(plot.center().x(), plot.top() + 6), mean).y();
        const auto at = [&](double tasks) {
            return view.mapFromScene(chart->mapToScene(chart->mapToPosition(QPointF(tasks, y), mean)));
        };
        const QColor inside = image.pixelColor(at(760));
        const QColor outside = image.pixelColor(at(460));
        QVERIFY2(outside.lightness() > 240, qPrintable(outside.name()));
        QVERIFY2(inside.lightness() < outside.lightness() - 12 && inside.lightness() > 180,
            qPrintable(inside.name() + u' ' + outside.name()));
    }

    void prediction_data()
    {
        QTest::addColumn<double>("predictTo");
        QTest::addColumn<bool>("drawn");
        QTest::addRow("beyond the measured range") << 2000.0 << true;
        QTest::addRow("far beyond") << 20000.0 << true;
        QTest::addRow("inside the measured range") << 500.0 << false;
        QTest::addRow("none") << 0.0 << false;
    }

    void prediction()
    {
        QFETCH(double, predictTo);
        QFETCH(bool, drawn);
        RuntimeChart chart;
        ChartInput input = articleInput();
        input.options.predictTo = predictTo;
        chart.setInput(input);
        for (StrategyKind strategy : { StrategyKind::Threads, StrategyKind::Blended }) {
            const QXYSeries* prediction = findSeries(chart, strategyName(strategy) + QStringLiteral(" prediction"));
            QVERIFY(prediction);
            if (!drawn) {
                QCOMPARE(prediction->count(), 0);
                continue;
            }
            QVERIFY(prediction->count() > 20);
            QCOMPARE(prediction->at(0).x(), 900.0); // from the largest measured task count
            QCOMPARE(prediction->at(prediction->count() - 1).x(), predictTo);
            QVERIFY(prediction->pen().style() != Qt::SolidLine);
            QCOMPARE(
                prediction->at(prediction->count() - 1).y(), analysisOf(input.report, strategy).fit.valueAt(predictTo));
        }
        const auto* xAxis = qobject_cast<QValueAxis*>(chart.axes(Qt::Horizontal).value(0));
        QVERIFY(xAxis);
        QVERIFY(xAxis->max() >= (drawn ? predictTo : 900.0));
    }

    void roundTicks_data()
    {
        QTest::addColumn<QList<QPointF>>("points"); // (tasks, seconds) of threads runs; none: the article's
        QTest::addColumn<QPointF>("xRange");
        QTest::addRow("the article") << QList<QPointF> {} << QPointF(0, 1000);
        QTest::addRow("far from zero") << QList<QPointF> { { 100, 2.44 }, { 200, 2.6 }, { 400, 3.9 } }
                                       << QPointF(0, 450);
        QTest::addRow("small times") << QList<QPointF> { { 10, 0.0112 }, { 20, 0.0131 }, { 40, 0.0157 } }
                                     << QPointF(0, 45);
        QTest::addRow("one task count") << QList<QPointF> { { 1000, 2.1 }, { 1000, 2.3 } } << QPointF(500, 1500);
    }

    void roundTicks()
    {
        QFETCH(QList<QPointF>, points);
        QFETCH(QPointF, xRange);
        ChartInput input;
        if (points.isEmpty()) {
            input = articleInput();
        } else {
            for (const QPointF& point : points) {
                RunResult run;
                run.spec.tasks = int(point.x());
                run.seconds = point.y();
                input.runs.append(run);
            }
            input.report = analyzeRuns(input.runs).constFirst();
        }
        RuntimeChart chart;
        chart.setInput(input);
        QCOMPARE(chart.axes().size(), 2);
        for (Qt::Orientation orientation : { Qt::Horizontal, Qt::Vertical }) {
            const auto* axis = qobject_cast<QValueAxis*>(chart.axes(orientation).value(0));
            QVERIFY(axis);
            QVERIFY(axis->tickCount() >= 3);
            const double step = (axis->max() - axis->min()) / (axis->tickCount() - 1);
            // A step of 1, 2, 2.5 or 5 times a power of ten, and both ends on a multiple of it.
            const double mantissa = step / std::pow(10.0, std::floor(std::log10(step) + 1e-9));
            QVERIFY2(QList<double>({ 1, 2, 2.5, 5 }).contains(std::round(mantissa * 10) / 10),
                qPrintable(QString::number(step)));
            for (double end : { axis->min(), axis->max() })
                QVERIFY2(std::abs(end / step - std::round(end / step)) < 1e-6, qPrintable(QString::number(end)));
            // Every run inside, none on the frame.
            for (const RunResult& run : std::as_const(input.runs)) {
                const double value = orientation == Qt::Horizontal ? run.spec.tasks : run.seconds;
                QVERIFY(value > axis->min() && value < axis->max());
            }
        }
        const auto* xAxis = qobject_cast<QValueAxis*>(chart.axes(Qt::Horizontal).value(0));
        QCOMPARE(xAxis->min(), xRange.x());
        QCOMPARE(xAxis->max(), xRange.y());
    }

    void logAxes()
    {
        RuntimeChart chart;
        ChartInput input = articleInput();
        RunResult zero = input.runs.constFirst(); // a time of 0 has no place on a log axis
        zero.seconds = 0;
        input.runs.append(zero);
        chart.setInput(input);
        const QString runs = strategyName(zero.spec.strategy);
        QCOMPARE(chart.runPoints(runs).size(), 91);

        input.options.logTasks = true;
        input.options.logSeconds = true;
        chart.setInput(input);
        QCOMPARE(chart.axes().size(), 2);
        const auto* xAxis = qobject_cast<QLogValueAxis*>(chart.axes(Qt::Horizontal).value(0));
        const auto* yAxis = qobject_cast<QLogValueAxis*>(chart.axes(Qt::Vertical).value(0));
        QVERIFY(xAxis && yAxis);
        QVERIFY(xAxis->min() > 0 && xAxis->min() <= 100 && xAxis->max() >= 900);
        QVERIFY(yAxis->min() > 0 && yAxis->min() <= 2.2 && yAxis->max() >= 7);
        QCOMPARE(chart.runPoints(runs).size(), 90);

        // And back, without leaving an axis behind.
        input.options.logTasks = false;
        input.options.logSeconds = false;
        chart.setInput(input);
        QCOMPARE(chart.axes().size(), 2);
        QVERIFY(qobject_cast<QValueAxis*>(chart.axes(Qt::Horizontal).value(0)));
        QVERIFY(qobject_cast<QValueAxis*>(chart.axes(Qt::Vertical).value(0)));
        for (QAbstractSeries* series : chart.series())
            QCOMPARE(series->attachedAxes().size(), 2);
    }

    void options()
    {
        LaidOutChart laidOut;
        RuntimeChart& chart = *laidOut.chart;
        ChartInput input = articleInput({ FitTarget::Mean, true });
        input.options.showIdeal = true;
        input.options.showErrorBars = true;
        input.options.hideOutliers = true;
        laidOut.setInput(input);

        int outliers = 0;
        for (const TaskCountPoint& point : analysisOf(input.report, StrategyKind::Threads).points)
            outliers += point.stats.outlierCount;
        QVERIFY(outliers > 0); // the article's threads spikes
        QCOMPARE(chart.runPoints(QStringLiteral("threads")).size(), 90 - outliers);

        QXYSeries* ideal = findSeries(chart, QStringLiteral("threads ideal bound"));
        QVERIFY(ideal);
        QCOMPARE(ideal->count(), 9);
        QCOMPARE(ideal->at(0).y(), 2.0); // 2000 ms tasks, one thread per task
        QVERIFY(markerVisible(chart, ideal));

        input.options.showRuns = false;
        input.options.showIdeal = false;
        laidOut.setInput(input);
        QCOMPARE(chart.runPoints(QStringLiteral("threads")).size(), 0);
        QCOMPARE(ideal->count(), 0);
        QVERIFY(!markerVisible(chart, ideal));
    }

    // After every run of a sweep the window calls setInput() with one run more: the same series, refilled.
    void liveUpdates()
    {
        RuntimeChart chart;
        const QList<RunResult> all = articleRuns();
        const QList<QAbstractSeries*> series = chart.series();
        const QList<QAbstractAxis*> axes = chart.axes();
        const auto drawnRuns = [&chart] {
            return int(
                chart.runPoints(QStringLiteral("threads")).size() + chart.runPoints(QStringLiteral("blended")).size());
        };
        int lastCount = 0;
        for (qsizetype n : { qsizetype(1), qsizetype(45), qsizetype(100), all.size() }) {
            ChartInput input;
            input.runs = all.first(n);
            input.report = analyzeRuns(input.runs).value(0);
            chart.setInput(input);
            const int count = drawnRuns();
            QCOMPARE(count, int(n));
            QVERIFY(count > lastCount);
            lastCount = count;
            QCOMPARE(chart.series(), series);
            QCOMPARE(chart.axes(), axes);
        }

        // Runs that did not end ok are not drawn.
        ChartInput input;
        input.runs = all;
        RunResult refused = all.constFirst();
        refused.status = RunStatus::Refused;
        refused.seconds = 0.5;
        input.runs.append(refused);
        input.report = analyzeRuns(input.runs).value(0);
        chart.setInput(input);
        QCOMPARE(drawnRuns(), int(all.size()));
    }

    void emptyInput()
    {
        RuntimeChart chart;
        QCOMPARE(chart.axes().size(), 2);
        chart.setInput(articleInput());
        chart.setInput(ChartInput {});
        QCOMPARE(chart.axes().size(), 2);
        for (QAbstractSeries* series : chart.series())
            QCOMPARE(static_cast<QXYSeries*>(series)->count(), 0);
        const auto* xAxis = qobject_cast<QValueAxis*>(chart.axes(Qt::Horizontal).value(0));
        QVERIFY(xAxis->max() > xAxis->min());
        QVERIFY(chart.trendlineLabel(StrategyKind::Threads).isEmpty());
        QVERIFY(!chart.runAt(StrategyKind::Threads, QPointF(100, 2.5)));

        const QImage image = ::renderChart(ChartInput {}, QSize(400, 300));
        QCOMPARE(image.size(), QSize(400, 300));
        QVERIFY(distinctColors(image) > 2); // axes, grid and the "no runs" note
    }

    void runAt()
    {
        RuntimeChart chart;
        chart.setInput(articleInput());
        // The article's table: threads (multithreaded) at 800 tasks, run 6, took 6.996563 s.
        const RunResult* run = chart.runAt(StrategyKind::Threads, QPointF(800, 6.996563));
        QVERIFY(run);
        QCOMPARE(run->spec.strategy, StrategyKind::Threads);
        QCOMPARE(run->spec.tasks, 800);
        QCOMPARE(run->spec.repeat, 6);
        QCOMPARE(run->seconds, 6.996563);
        QVERIFY(!chart.runAt(StrategyKind::Blended, QPointF(800, 6.996563)));
        QVERIFY(!chart.runAt(StrategyKind::Threads, QPointF(800, 5.0)));
    }

    void hoverTooltip()
    {
        RuntimeChartView view;
        view.resize(800, 500);
        view.runtimeChart()->setInput(articleInput());
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QSignalSpy spy(view.runtimeChart(), &RuntimeChart::runHovered);
        QXYSeries* runs = findSeries(*view.runtimeChart(), QStringLiteral("threads (mean)")); // on the same axes
        const QPointF value(900, 5.107173); // run 5 at 900 tasks: no other point is near it
        const QPointF scenePos = view.runtimeChart()->mapToScene(view.runtimeChart()->mapToPosition(value, runs));
        QTest::mouseMove(view.viewport(), view.mapFromScene(scenePos));
        QTRY_VERIFY(!spy.isEmpty());
        QCOMPARE(spy.first().at(0).value<StrategyKind>(), StrategyKind::Threads);
        QCOMPARE(spy.first().at(1).toPointF(), value);
        QVERIFY(spy.first().at(2).toBool());
    }

    void renderChart_data()
    {
        QTest::addColumn<QSize>("size");
        QTest::addColumn<qreal>("ratio");
        QTest::addRow("export size") << defaultChartExportSize << qreal(1);
        QTest::addRow("hidpi") << QSize(800, 500) << qreal(2);
        QTest::addRow("fractional") << QSize(640, 400) << qreal(1.5);
    }

    void renderChart()
    {
        QFETCH(QSize, size);
        QFETCH(qreal, ratio);
        const QImage image = ::renderChart(articleInput(), size, ratio);
        QCOMPARE(image.size(), size * ratio);
        QCOMPARE(image.devicePixelRatio(), ratio);
        QVERIFY(distinctColors(image) > 50);
        // Both strategies' lines are drawn in their own colour.
        const int scale = int(ratio * ratio);
        QVERIFY2(pixelsNear(image, strategyColor(StrategyKind::Threads)) > 200 * scale,
            qPrintable(QString::number(pixelsNear(image, strategyColor(StrategyKind::Threads)))));
        QVERIFY2(pixelsNear(image, strategyColor(StrategyKind::Blended)) > 200 * scale,
            qPrintable(QString::number(pixelsNear(image, strategyColor(StrategyKind::Blended)))));
        QCOMPARE(pixelsNear(image, strategyColor(StrategyKind::Processes), 3), 0);
    }

    void exportFiles_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addRow("png") << QStringLiteral("chart.png");
        QTest::addRow("PNG, upper case") << QStringLiteral("chart.PNG");
        QTest::addRow("svg") << QStringLiteral("chart.svg");
    }

    void exportFiles()
    {
        QFETCH(QString, name);
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.filePath(name);
        const QSize size(900, 560);
        QString error;
        QVERIFY2(canExportChart(path, &error), qPrintable(error));
        QVERIFY(!QFileInfo::exists(path)); // the check leaves nothing behind
        QVERIFY2(exportChart(articleInput(), path, size, 2, &error), qPrintable(error));
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files), QStringList { name }); // no temporary file left

        if (name.endsWith(QStringLiteral("svg"))) {
            const QByteArray svg = readAll(path);
            QVERIFY(svg.startsWith("<?xml"));
            QVERIFY(svg.contains("<path") || svg.contains("<polyline"));
            QVERIFY(svg.contains("0.836")); // the legend's R² is text in the file
            QVERIFY(svg.contains("<title>The article")); // the chart's title is the document's
            QSvgRenderer renderer(path);
            QVERIFY(renderer.isValid());
            QCOMPARE(renderer.viewBox(), QRect(QPoint(), size));
            QCOMPARE(renderer.defaultSize(), size);
            // And it draws the chart: both strategies' colours are there.
            QImage image(size, QImage::Format_ARGB32);
            image.fill(Qt::white);
            QPainter painter(&image);
            renderer.render(&painter);
            painter.end();
            QVERIFY(pixelsNear(image, strategyColor(StrategyKind::Threads)) > 200);
            QVERIFY(pixelsNear(image, strategyColor(StrategyKind::Blended)) > 200);
        } else {
            QImageReader reader(path);
            QCOMPARE(reader.format(), QByteArray("png"));
            const QImage image = reader.read();
            QCOMPARE(image.size(), size * 2);
            QVERIFY(pixelsNear(image, strategyColor(StrategyKind::Threads)) > 200);
        }
    }

    // 200,000 runs: one graphics item draws them all, each device pixel of a series once, in seconds where a scatter
    // series of a graphics item per point took minutes.
    void manyRunsThroughOneItem()
    {
        ChartInput input;
        input.runs = manyRuns(200000, 40);
        input.report = analyzeRuns(input.runs).constFirst();
        LaidOutChart empty;
        const qsizetype itemsOfAnEmptyChart = empty.scene.items().size();

        LaidOutChart laidOut;
        RuntimeChart& chart = *laidOut.chart;
        QElapsedTimer clock;
        clock.start();
        laidOut.setInput(input);
        QImage image(chart.size().toSize(), QImage::Format_ARGB32_Premultiplied);
        image.fill(Qt::white);
        QPainter painter(&image);
        laidOut.scene.render(&painter, QRectF(), chart.geometry());
        painter.end();
        const qint64 elapsedMs = clock.elapsed();
        QVERIFY2(elapsedMs < 10000 * sanitizers::timeFactor, qPrintable(QString::number(elapsedMs)));

        QCOMPARE(chart.runPoints(u"threads"_qs).size() + chart.runPoints(u"blended"_qs).size(), input.runs.size());
        QVERIFY(laidOut.scene.items().size() < itemsOfAnEmptyChart + 50); // no item per run
        // 40 task counts whose times spread over 10 %: a few thousand pixels, not 200,000 markers.
        const qsizetype markers = chart.drawnRunMarkers();
        QVERIFY2(markers > 80 && markers < 20000, qPrintable(QString::number(markers)));
        // And they are on the image, in the runs' faint colour over white.
        QColor faint = chart.runPointColor(u"threads"_qs);
        const qreal alpha = faint.alphaF();
        faint = QColor::fromRgbF(
            1 - alpha + alpha * faint.redF(), 1 - alpha + alpha * faint.greenF(), 1 - alpha + alpha * faint.blueF());
        QVERIFY2(pixelsNear(image, faint, 12) > 100, qPrintable(QString::number(pixelsNear(image, faint, 12))));
    }

    // Points on one pixel are drawn once per series: a thousand runs of one time are one marker.
    void runsOnOnePixelDrawnOnce()
    {
        ChartInput input;
        for (int i = 0; i < 1000; ++i) {
            RunResult run;
            run.spec.tasks = 100 * (1 + i % 2);
            run.seconds = 1.0 + i % 2;
            input.runs.append(run);
        }
        LaidOutChart laidOut;
        laidOut.setInput(input);
        QCOMPARE(laidOut.chart->runPoints(u"threads"_qs).size(), 1000);
        QCOMPARE(laidOut.chart->drawnRunMarkers(), 2);
        QCOMPARE(laidOut.chart->drawnRunMarkers(2), 2);
    }

    // An SVG keeps a few thousand markers as shapes, and draws more (a chart of scattered runs) as one image.
    void svgRunsVectorOrImage()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        QString error;
        const QString small = dir.filePath(u"small.svg"_qs);
        QVERIFY2(exportChart(articleInput(), small, QSize(900, 560), 1, &error), qPrintable(error));
        QVERIFY(!readAll(small).contains("<image"));

        ChartInput input;
        input.runs = manyRuns(100000, 1000, 3); // the markers cover much of the plot
        input.report = analyzeRuns(input.runs).constFirst();
        RuntimeChart chart;
        chart.resize(900, 560);
        chart.setInput(input);
        QVERIFY2(chart.drawnRunMarkers() > 20000, qPrintable(QString::number(chart.drawnRunMarkers())));
        const QString large = dir.filePath(u"large.svg"_qs);
        QVERIFY2(exportChart(input, large, QSize(900, 560), 1, &error), qPrintable(error));
        const QByteArray svg = readAll(large);
        QVERIFY2(svg.contains("<image"), qPrintable(QString::number(svg.count("<path"))));
        QVERIFY(svg.size() < 20'000'000);
    }

    void exportFailures()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const ChartInput input = articleInput();
        QString error;

        // A directory that does not exist.
        const QString missing = dir.filePath(QStringLiteral("missing/chart.png"));
        QVERIFY(!exportChart(input, missing, QSize(400, 300), 1, &error));
        QVERIFY2(error.contains(missing), qPrintable(error));
        QVERIFY(!canExportChart(missing, &error));
        QVERIFY2(error.contains(missing), qPrintable(error));

        // A file where a directory should be: refused even for root.
        const QString blocker = dir.filePath(QStringLiteral("file"));
        QVERIFY(writeFile(blocker, "x"));
        const QString underFile = blocker + QStringLiteral("/chart.svg");
        QVERIFY(!exportChart(input, underFile, QSize(400, 300), 1, &error));
        QVERIFY2(error.startsWith(underFile + QStringLiteral(": ")), qPrintable(error));

        // A read-only directory: the existing chart stays as it was and nothing is added beside it.
        if (::geteuid() == 0)
            QSKIP("root writes into read-only directories");
        const QString readOnly = dir.filePath(QStringLiteral("readonly"));
        QVERIFY(QDir().mkdir(readOnly));
        const QString existing = readOnly + QStringLiteral("/chart.png");
        QVERIFY(writeFile(existing, "the old chart"));
        QVERIFY(QFile::setPermissions(readOnly, QFile::ReadOwner | QFile::ExeOwner));
        const bool exported = exportChart(input, existing, QSize(400, 300), 1, &error);
        QFile::setPermissions(readOnly, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
        QVERIFY(!exported);
        QVERIFY2(error.contains(existing), qPrintable(error));
        QCOMPARE(readAll(existing), QByteArray("the old chart"));
        QCOMPARE(QDir(readOnly).entryList(QDir::Files), QStringList { QStringLiteral("chart.png") });
    }

    void badExtension_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("named");
        QTest::addRow("bmp") << QStringLiteral("chart.bmp") << QStringLiteral("'.bmp'");
        QTest::addRow("jpeg") << QStringLiteral("chart.JPG") << QStringLiteral("'.JPG'");
        QTest::addRow("none") << QStringLiteral("chart") << QStringLiteral("no file extension");
        QTest::addRow("png, then more") << QStringLiteral("chart.png.txt") << QStringLiteral("'.txt'");
    }

    void badExtension()
    {
        QFETCH(QString, name);
        QFETCH(QString, named);
        QTemporaryDir dir;
        const QString path = dir.filePath(name);
        QVERIFY(writeFile(path, "keep")); // an existing file of that name is left alone
        QString error;
        QVERIFY(!exportChart(articleInput(), path, QSize(400, 300), 1, &error));
        QVERIFY2(error.contains(path) && error.contains(named), qPrintable(error));
        QVERIFY(!canExportChart(path, &error));
        QVERIFY2(error.contains(named), qPrintable(error));
        QCOMPARE(readAll(path), QByteArray("keep"));
    }

    // A --processes 2 sweep joined with a --processes 8 sweep: two series, each with its own points, means and
    // trendline, named in the legend, in two shades of the strategy's colour.
    void seriesOfJoinedSweeps()
    {
        LaidOutChart laidOut;
        RuntimeChart& chart = *laidOut.chart;
        ChartInput input;
        input.runs = processesSweep(2, { 2, 4, 6, 8 }, 10, 0.01) + processesSweep(8, { 2, 4, 6, 8 }, 10, 0.03);
        input.report = analyzeRuns(input.runs).constFirst();
        laidOut.setInput(input);

        const QStringList legend = chart.legendEntries();
        QVERIFY2(legend.contains(u"processes C=2 (mean)"_qs) && legend.contains(u"processes C=8 (mean)"_qs),
            qPrintable(legend.join(u" | ")));
        for (const QString& name : { u"processes C=2"_qs, u"processes C=8"_qs }) {
            QCOMPARE(legend.count(name + u" (mean)"_qs), 1);
            const auto trends = std::count_if(legend.cbegin(), legend.cend(),
                [&name](const QString& entry) { return entry.startsWith(name + u" trend"_qs); });
            QCOMPARE(trends, 1); // one trendline per series
            QVERIFY(chart.trendlineLabel(name).startsWith(name + u" trend: T = "_qs));
        }
        QVERIFY(!legend.contains(u"processes (mean)"_qs));

        QXYSeries* twoMean = findSeries(chart, u"processes C=2 (mean)"_qs);
        QXYSeries* eightMean = findSeries(chart, u"processes C=8 (mean)"_qs);
        QVERIFY(twoMean && eightMean);
        QCOMPARE(twoMean->count(), 4);
        QCOMPARE(eightMean->count(), 4);
        QCOMPARE(twoMean->pen().color(), strategyColor(StrategyKind::Processes));
        QVERIFY(eightMean->pen().color() != twoMean->pen().color());
        int trendlines = 0;
        int runPoints = 0;
        for (QAbstractSeries* series : chart.series()) {
            auto* xy = static_cast<QXYSeries*>(series);
            trendlines += series->name().startsWith(u"processes C="_qs) && series->name().contains(u" trend"_qs)
                && xy->count() > 0;
        }
        runPoints = int(chart.runPoints(u"processes C=2"_qs).size() + chart.runPoints(u"processes C=8"_qs).size());
        QCOMPARE(trendlines, 2);
        QCOMPARE(runPoints, 16);

        // Back to one series: the extra series go, and the strategy's own is named by the strategy alone.
        input.runs = processesSweep(2, { 2, 4, 6, 8 }, 10, 0.01);
        input.report = analyzeRuns(input.runs).constFirst();
        laidOut.setInput(input);
        // Removed series take their legend markers with them; Qt Charts lays the rest out again on its next event.
        QTRY_VERIFY2(
            chart.legendEntries().contains(u"processes (mean)"_qs), qPrintable(chart.legendEntries().join(u" | ")));
        QVERIFY(!findSeries(chart, u"processes C=8"_qs));
    }

    void noTrendlineFromTwoTaskCounts()
    {
        LaidOutChart laidOut;
        RuntimeChart& chart = *laidOut.chart;
        ChartInput input;
        input.runs = processesSweep(2, { 2, 4 }, 10, 0.01);
        input.report = analyzeRuns(input.runs).constFirst();
        input.options.predictTo = 100;
        laidOut.setInput(input);
        QXYSeries* trend = findSeries(chart, u"processes trend"_qs);
        QXYSeries* prediction = findSeries(chart, u"processes prediction"_qs);
        QVERIFY(trend && prediction);
        QCOMPARE(trend->count(), 0);
        QCOMPARE(prediction->count(), 0); // nothing extrapolated from an absent fit
        QVERIFY(!markerVisible(chart, trend));
        QVERIFY(chart.trendlineLabel(StrategyKind::Processes).isEmpty());
        QCOMPARE(findSeries(chart, u"processes (mean)"_qs)->count(), 2);
        QCOMPARE(findSeries(chart, u"crossover"_qs)->count(), 0);
    }

    // A trendline bending down beyond the measured range: its dotted prediction stops where it would fall below the
    // ideal bound, never showing an impossible (or negative) time.
    void implausiblePredictionIsCut()
    {
        RuntimeChart chart;
        ChartInput input;
        input.runs = processesSweep(1, { 1, 2, 3, 4 }, 100, 0.0);
        const QList<double> overheads { 0.4, 0.35, 0.25, 0.1 };
        for (RunResult& run : input.runs)
            run.seconds = run.idealSeconds + overheads[run.spec.tasks - 1];
        input.report = analyzeRuns(input.runs).constFirst();
        input.options.predictTo = 20;
        chart.setInput(input);
        const StrategyAnalysis& series = input.report.strategies.constFirst();
        QCOMPARE(series.fit.degree, 2);
        QVERIFY(series.fit.valueAt(20) < seriesIdealSeconds(series, 20)); // the uncut prediction would be impossible
        const QXYSeries* prediction = findSeries(chart, u"processes prediction"_qs);
        QVERIFY(prediction && prediction->count() > 0);
        QVERIFY(prediction->at(prediction->count() - 1).x() < 20);
        for (const QPointF& point : prediction->points())
            QVERIFY2(point.y() >= seriesIdealSeconds(series, point.x()) * (1 - 1e-6),
                qPrintable(u"%1 s at %2 tasks"_qs.arg(point.y()).arg(point.x())));
    }

    // Every decade of a log axis has its label, the lowest included (Qt Charts dropped it for 0.01, 0.001 …), all in
    // one notation on both axes (no "100000" beside "1e+06").
    void logAxisLabels_data()
    {
        QTest::addColumn<QList<QPointF>>("points"); // (tasks, seconds) of threads runs
        QTest::addColumn<QStringList>("xLabels");
        QTest::addColumn<QStringList>("yLabels");
        QTest::addRow("20 ms sleeps") << QList<QPointF> { { 10, 0.021 }, { 40, 0.05 }, { 70, 0.09 }, { 100, 0.3 } }
                                      << QStringList { u"10"_s, u"100"_s }
                                      << QStringList { u"0.01"_s, u"0.1"_s, u"1"_s };
        QTest::addRow("six decades") << QList<QPointF> { { 20, 0.0012 }, { 3000, 0.05 },
            { 200000, 30 } } << QStringList { u"10"_s, u"100"_s, u"1000"_s, u"10000"_s, u"100000"_s, u"1000000"_s }
                                     << QStringList { u"0.001"_s, u"0.01"_s, u"0.1"_s, u"1"_s, u"10"_s, u"100"_s };
        QTest::addRow("the article's range") << QList<QPointF> { { 100, 2.2 }, { 500, 3 }, { 900, 7.4 } }
                                             << QStringList { u"100"_s, u"1000"_s } << QStringList { u"1"_s, u"10"_s };
        QTest::addRow("below 10^-4 s") << QList<QPointF> { { 20, 0.00003 }, { 50, 0.002 } }
                                       << QStringList { u"1e+01"_s, u"1e+02"_s }
                                       << QStringList { u"1e-05"_s, u"1e-04"_s, u"1e-03"_s, u"1e-02"_s };
    }

    void logAxisLabels()
    {
        QFETCH(QList<QPointF>, points);
        QFETCH(QStringList, xLabels);
        QFETCH(QStringList, yLabels);
        ChartInput input;
        for (const QPointF& point : points) {
            RunResult run;
            run.spec.tasks = int(point.x());
            run.seconds = point.y();
            input.runs.append(run);
        }
        // No analysis: the axes span the runs alone, not a trendline that may dip between them.
        input.options.logTasks = true;
        input.options.logSeconds = true;
        QGraphicsScene scene;
        auto* chart = new RuntimeChart(input); // with log axes from the start, as exports draw it
        scene.addItem(chart);
        chart->resize(1200, 750);
        chart->layout()->activate();
        QCOMPARE(drawnAxisLabels(*chart, Qt::Horizontal), xLabels);
        QCOMPARE(drawnAxisLabels(*chart, Qt::Vertical), yLabels);

        // Switched to log axes in place, as the window does, once the old axes' drawing is gone.
        LaidOutChart laidOut;
        input.options.logTasks = false;
        input.options.logSeconds = false;
        laidOut.setInput(input);
        input.options.logTasks = true;
        input.options.logSeconds = true;
        laidOut.setInput(input);
        QTest::qWait(0);
        QCOMPARE(drawnAxisLabels(*laidOut.chart, Qt::Horizontal), xLabels);
        QCOMPARE(drawnAxisLabels(*laidOut.chart, Qt::Vertical), yLabels);
    }

    // "threads" and "threads (python)" share the strategy's colour and nothing else: python's mean line is dashed with
    // hollow markers, its trendline has a dash pattern of its own, its runs are hollow; the same in pixels.
    void runtimesShareAColourAndDifferInStyle()
    {
        LaidOutChart laidOut;
        RuntimeChart& chart = *laidOut.chart;
        ChartInput input;
        input.runs = runtimeSweep({ RuntimeKind::Native, RuntimeKind::Python });
        input.report = analyzeRuns(input.runs).constFirst();
        laidOut.setInput(input);

        const QStringList legend = chart.legendEntries();
        for (StrategyKind strategy : { StrategyKind::Threads, StrategyKind::Blended }) {
            const QString native = strategyName(strategy);
            const QString python = native + u" (python)"_qs;
            QVERIFY2(legend.contains(native + u" (mean)"_qs) && legend.contains(python + u" (mean)"_qs),
                qPrintable(legend.join(u" | ")));
            QXYSeries* nativeMean = findSeries(chart, native + u" (mean)"_qs);
            QXYSeries* pythonMean = findSeries(chart, python + u" (mean)"_qs);
            QXYSeries* nativeTrend = findSeries(chart, native + u" trend"_qs);
            QXYSeries* pythonTrend = findSeries(chart, python + u" trend"_qs);
            QVERIFY(nativeMean && pythonMean && nativeTrend && pythonTrend);
            QCOMPARE(pythonMean->count(), 5);
            QVERIFY(pythonTrend->count() > 20);

            const QColor color = strategyColor(strategy);
            for (const QXYSeries* series : { nativeMean, pythonMean, nativeTrend, pythonTrend })
                QCOMPARE(series->pen().color(), color);
            QCOMPARE(chart.runPointColor(python).rgb(), color.rgb());
            QCOMPARE(chart.runPoints(python).size(), 10);

            QCOMPARE(nativeMean->pen().style(), Qt::SolidLine);
            QVERIFY(pythonMean->pen().style() != Qt::SolidLine);
            QVERIFY(nativeMean->lightMarker().isNull());
            QVERIFY(!pythonMean->lightMarker().isNull()); // the hollow circle
            QVERIFY(nativeTrend->pen().style() != Qt::SolidLine && pythonTrend->pen().style() != Qt::SolidLine);
            QVERIFY(nativeTrend->pen().dashPattern() != pythonTrend->pen().dashPattern());
            QVERIFY(pythonMean->pen().dashPattern() != pythonTrend->pen().dashPattern());
            QVERIFY(pythonMean->pen().dashPattern() != nativeTrend->pen().dashPattern());
        }

        // In pixels: the same runs drawn as python leave less of the colour on the plot than as native (dashes and
        // hollow points), but they are drawn in it.
        const auto colourPixels = [](RuntimeKind runtime) {
            ChartInput only;
            only.runs = runtimeSweep({ runtime }, { StrategyKind::Threads });
            only.report = analyzeRuns(only.runs).constFirst();
            return pixelsNear(renderedChart(only, QSize(800, 500)), strategyColor(StrategyKind::Threads), 40);
        };
        const int nativePixels = colourPixels(RuntimeKind::Native);
        const int pythonPixels = colourPixels(RuntimeKind::Python);
        qInfo("pixels in the threads colour: native %d, python %d", nativePixels, pythonPixels);
        QVERIFY(pythonPixels > 200);
        QVERIFY2(pythonPixels < nativePixels * 9 / 10, qPrintable(u"%1 vs %2"_qs.arg(pythonPixels).arg(nativePixels)));
    }

    // A strategy's python series is the first of its runtime, so it has the strategy's colour, not the lighter shade
    // of a third series; shades only tell apart series of one runtime.
    void pythonSeriesTakeTheBaseColour()
    {
        LaidOutChart laidOut;
        RuntimeChart& chart = *laidOut.chart;
        ChartInput input;
        input.runs = runtimeSweep({ RuntimeKind::Native }, { StrategyKind::Processes }, 2)
            + runtimeSweep({ RuntimeKind::Native }, { StrategyKind::Processes }, 8)
            + runtimeSweep({ RuntimeKind::Python }, { StrategyKind::Processes }, 2);
        input.report = analyzeRuns(input.runs).constFirst();
        const QList<StrategyAnalysis>& series = input.report.strategies;
        QCOMPARE(series.size(), 3);
        const QStringList names { series[0].name, series[1].name, series[2].name };
        QCOMPARE(names, (QStringList { u"processes C=2"_qs, u"processes C=8"_qs, u"processes C=2 (python)"_qs }));
        QCOMPARE(seriesStyle(series, 2).rank, 0);
        QCOMPARE(seriesStyle(series, 2).runtime, RuntimeKind::Python);
        QCOMPARE(seriesStyle(series, 2).color, strategyColor(StrategyKind::Processes));
        QCOMPARE(seriesStyle(series, 1).rank, 1);
        // The tables shade their rows as the chart does: seriesNamesOfRuns() ranks them the same way.
        QList<int> ranks;
        const QStringList runNames = seriesNamesOfRuns(input.runs, &ranks);
        for (qsizetype i = 0; i < input.runs.size(); ++i) {
            const qsizetype s = names.indexOf(runNames[i]);
            QVERIFY(s >= 0);
            QCOMPARE(ranks[i], seriesStyle(series, s).rank);
        }

        laidOut.setInput(input);
        QXYSeries* python = findSeries(chart, u"processes C=2 (python) (mean)"_qs);
        QXYSeries* eight = findSeries(chart, u"processes C=8 (mean)"_qs);
        QVERIFY(python && eight);
        QCOMPARE(python->pen().color(), strategyColor(StrategyKind::Processes));
        QVERIFY(eight->pen().color() != strategyColor(StrategyKind::Processes));
        QCOMPARE(python->count(), 5);
        QCOMPARE(chart.runPoints(u"processes C=2 (python)"_qs).size(), 10);
        QCOMPARE(chart.runPoints(u"processes C=2"_qs).size(), 10);
    }

    // Before the first analysis lands a sweep's runs have no report: each goes to its strategy's first series in its
    // own runtime, not into the engine's.
    void runsWithoutAReportKeepTheirRuntime()
    {
        RuntimeChart chart;
        ChartInput input;
        input.runs = runtimeSweep({ RuntimeKind::Native, RuntimeKind::Python }, { StrategyKind::Threads });
        chart.setInput(input);
        QCOMPARE(chart.runPoints(u"threads"_qs).size(), 10);
        QCOMPARE(chart.runPoints(u"threads (python)"_qs).size(), 10);
        QCOMPARE(chart.seriesNameOf(&chart.input().runs.at(1)), u"threads (python)"_qs);
        // The engine's runs alone again: the python series go.
        input.runs = runtimeSweep({ RuntimeKind::Native }, { StrategyKind::Threads });
        chart.setInput(input);
        QVERIFY(chart.runPoints(u"threads (python)"_qs).isEmpty());
        QVERIFY(!findSeries(chart, u"threads (python)"_qs));
    }

    // The article's 2 s tasks over a sweep of 20 ms tasks: each set divided by its own task duration, on an axis that
    // says so, each named in the legend; taken off, the chart is in seconds again.
    void overlayOnTheNormalisedAxis()
    {
        LaidOutChart laidOut;
        RuntimeChart& chart = *laidOut.chart;
        const AnalysisReport article = articleInput().report;
        ChartInput input;
        input.runs = quickSweep(20);
        input.report = analyzeRuns(input.runs).constFirst();
        input.name = u"this machine"_qs;
        input.overlays.append({ u"the article"_qs, article });
        input.options.showIdeal = true;
        laidOut.setInput(input);
        QVERIFY(input.durationsDiffer());
        QVERIFY(input.normalisedAxis()); // forced: options.normalised is false
        QCOMPARE(chart.yAxisTitle(), u"Runtime ÷ task duration (h = 20 ms; the article: 2 s)"_qs);

        for (StrategyKind strategy : { StrategyKind::Threads, StrategyKind::Blended }) {
            const QString name = strategyName(strategy);
            const StrategyAnalysis& mine = analysisOf(input.report, strategy);
            const QList<QPointF> means = chart.meanPoints(name);
            QCOMPARE(means.size(), mine.points.size());
            for (qsizetype i = 0; i < means.size(); ++i)
                QVERIFY(std::abs(means[i].y() - mine.points[i].stats.mean / 0.020) < 1e-9 * means[i].y());
            const StrategyAnalysis& theirs = analysisOf(article, strategy);
            const QList<QPointF> overlaid = chart.overlayMeanPoints(0, name);
            QCOMPARE(overlaid.size(), theirs.points.size());
            for (qsizetype i = 0; i < overlaid.size(); ++i) {
                QCOMPARE(overlaid[i].x(), double(theirs.points[i].tasks));
                QVERIFY(std::abs(overlaid[i].y() - theirs.points[i].stats.mean / 2.0) < 1e-9 * overlaid[i].y());
            }
            // The runs' faint points too.
            for (const QPointF& point : chart.runPoints(name))
                QVERIFY2(point.y() > 1 && point.y() < 3, qPrintable(QString::number(point.y())));
        }
        // The article's threads at 100 tasks: 2.58 s, 1.29 task durations.
        QVERIFY(std::abs(chart.overlayMeanPoints(0, u"threads"_qs).constFirst().y() - 1.29) < 0.01);
        // The ideal bound of one thread per task is one task duration at every n.
        const QXYSeries* ideal = findSeries(chart, u"threads ideal bound"_qs);
        QVERIFY(ideal && ideal->count() == 4);
        for (const QPointF& point : ideal->points())
            QCOMPARE(point.y(), 1.0);
        // Named per set; the overlaid set's means have markers of their own.
        const QStringList legend = chart.legendEntries();
        for (const QString& entry : { u"threads (mean) — this machine"_qs, u"blended (mean) — this machine"_qs,
                 u"threads (mean) — the article"_qs, u"blended (mean) — the article"_qs }) {
            QVERIFY2(legend.contains(entry), qPrintable(legend.join(u" | ")));
        }
        const QXYSeries* theirThreads = findSeries(chart, u"threads (mean) — the article"_qs);
        QVERIFY(theirThreads && !theirThreads->lightMarker().isNull());
        QVERIFY(findSeries(chart, u"threads (mean) — this machine"_qs)->lightMarker().isNull());
        // The trendlines' equations are of the lines drawn: T/h.
        const QXYSeries* trend = findSeries(chart, u"threads trend"_qs);
        QVERIFY2(trend && trend->name().contains(u"T/h = "_qs), qPrintable(trend ? trend->name() : QString()));

        // Taken off: seconds, one set, no names.
        input.overlays.clear();
        laidOut.setInput(input);
        QCOMPARE(chart.yAxisTitle(), u"Runtime (s)"_qs);
        QVERIFY(std::abs(chart.meanPoints(u"threads"_qs).constFirst().y()
                    - analysisOf(input.report, StrategyKind::Threads).points.constFirst().stats.mean)
            < 1e-12);
        QVERIFY(chart.legendEntries().contains(u"threads (mean)"_qs));
        QVERIFY(chart.overlayMeanPoints(0, u"threads"_qs).isEmpty());
        QVERIFY(!findSeries(chart, u"threads (mean) — the article"_qs));
        // Asked for on any chart.
        input.options.normalised = true;
        laidOut.setInput(input);
        QCOMPARE(chart.yAxisTitle(), u"Runtime ÷ task duration (h = 20 ms)"_qs);
        QVERIFY(chart.meanPoints(u"threads"_qs).constFirst().y() > 1);
    }

    // A task duration of 1 s divides by one, and the axis is still the normalised one, its equations of T/h. An
    // overlaid set without a duration does not force the division, and is left out of it, saying so.
    void normalisedAxisWhatever()
    {
        LaidOutChart laidOut;
        RuntimeChart& chart = *laidOut.chart;
        ChartInput input;
        input.runs = quickSweep(1000);
        input.report = analyzeRuns(input.runs).constFirst();
        input.options.normalised = true;
        laidOut.setInput(input);
        QCOMPARE(chart.yAxisTitle(), u"Runtime ÷ task duration (h = 1 s)"_qs);
        const QXYSeries* trend = findSeries(chart, u"threads trend"_qs);
        QVERIFY2(trend && trend->name().contains(u"T/h = "_qs) && !trend->name().contains(u"x = n/100"_qs),
            qPrintable(trend ? trend->name() : QString()));

        QList<RunResult> unknown = quickSweep(1000);
        for (RunResult& run : unknown) {
            run.spec.taskMs = TaskMsUnknown;
            run.idealSeconds = 0;
        }
        const AnalysisReport noDuration = analyzeRuns(unknown).constFirst();
        QCOMPARE(reportTaskSeconds(noDuration), 0.0);
        input.overlays.append({ u"old.csv"_qs, noDuration });
        input.options.normalised = false;
        QVERIFY(!input.durationsDiffer());
        laidOut.setInput(input);
        QCOMPARE(chart.yAxisTitle(), u"Runtime (s)"_qs);
        QCOMPARE(chart.overlayMeanPoints(0, u"threads"_qs).size(), 4); // drawn in seconds
        input.options.normalised = true;
        laidOut.setInput(input);
        QCOMPARE(chart.yAxisTitle(), u"Runtime ÷ task duration (h = 1 s; old.csv: no set duration, not drawn)"_qs);
        QVERIFY(chart.overlayMeanPoints(0, u"threads"_qs).isEmpty());
    }

    // Tasks that take what they take (a file, the user's command) have no duration to divide by: the chart stays in
    // seconds and says why.
    void noDurationNoNormalisedAxis()
    {
        RuntimeChart chart;
        ChartInput input;
        input.runs = quickSweep(20, WorkloadKind::File);
        input.report = analyzeRuns(input.runs).constFirst();
        input.options.normalised = true;
        chart.setInput(input);
        QVERIFY(!input.normalisedAxis());
        QCOMPARE(chart.yAxisTitle(), u"Runtime (s): these tasks have no set duration to divide by"_qs);
        QCOMPARE(chart.meanPoints(u"threads"_qs).constFirst().y(),
            analysisOf(input.report, StrategyKind::Threads).points.constFirst().stats.mean);
        // And the memory view is never divided.
        input.options.measure = ChartMeasure::Memory;
        QVERIFY(!input.normalisedAxis());
    }

    // In pixels: the overlaid set's lines and markers are drawn in its strategies' colours, on top of the runs'.
    void overlayDrawn()
    {
        const auto threadsPixels = [](bool overlaid) {
            ChartInput input;
            input.runs = quickSweep(20);
            input.report = analyzeRuns(input.runs).constFirst();
            if (overlaid)
                input.overlays.append({ u"the article"_qs, articleInput().report });
            return pixelsNear(renderedChart(input, QSize(900, 560)), strategyColor(StrategyKind::Threads), 60);
        };
        const int alone = threadsPixels(false);
        const int overlaid = threadsPixels(true);
        qInfo("pixels in the threads colour: alone %d, with the article %d", alone, overlaid);
        QVERIFY2(overlaid > alone * 13 / 10, qPrintable(u"%1 vs %2"_qs.arg(overlaid).arg(alone)));
    }
};

QTEST_MAIN(TestChart)
#include "tst_chart.moc"
