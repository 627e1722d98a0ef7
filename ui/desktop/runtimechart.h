#pragma once

#include "analysis.h"

#include <QChart>
#include <QChartView>
#include <QList>
#include <QString>
#include <QStringList>

// What the chart's y axis measures for each run.
enum class ChartMeasure
{
    Runtime, // seconds: the means, trendlines, predictions, crossovers and the ideal bound
    Memory, // MiB: the tool's peak resident memory plus its workers' peaks (RunResources), the runs and their means
};

// What the runtime chart can show beyond the runs, their means and trendlines.
struct ChartOptions
{
    ChartMeasure measure = ChartMeasure::Runtime; // the memory view shows the runs and means alone, on linear MiB
    // Extend each trendline, dotted, up to this task count; none when not beyond the measured range.
    double predictTo = 0;
    bool showRuns = true; // every OK run as a faint point
    bool showIdeal = false; // the ideal bound (idealSeconds()) per series
    bool showErrorBars = false; // 95 % CI of the mean at each task count
    bool showCrossovers = true;
    bool logTasks = false;
    bool logSeconds = false;
    bool hideOutliers = false; // leave runs flagged as outliers out of the faint points (pass a report analysed with
                               // dropOutliers so the means and trendlines leave them out too)
    // Runtime ÷ task duration on the y axis (reportTaskSeconds()): the ideal bound is then ⌈n/w⌉ whatever the task
    // duration, so sets of 2 s and 20 ms tasks compare. See ChartInput::normalisedAxis().
    bool normalised = false;

    bool operator==(const ChartOptions&) const = default;
};

// Another set of runs drawn over the chart (the article's beside this machine's, before and after a change): the means
// of its series, with markers of its own, and their trendlines, in its strategies' colours.
struct ChartLayer
{
    QString name; // in the legend, e.g. "the article"
    AnalysisReport report; // of the chart's group, or of its workload with another task duration (matchingReport())
};

// Everything one chart is drawn from: the runs of one (workload, task_ms) and their analysis, and the sets overlaid. A
// value, so the window, the exports and `conlab sweep --plot` draw the same chart from the same input.
struct ChartInput
{
    QList<RunResult> runs;
    AnalysisReport report;
    QString title; // e.g. "sleep 2000 ms tasks — the article (2019)"
    ChartOptions options;
    QString name; // of the runs' set in the legend when others are overlaid, e.g. "this machine"
    QList<ChartLayer> overlays;

    // Whether an overlaid set's tasks differ in duration from the runs': 2 s and 20 ms tasks compare on runtime ÷
    // task duration alone.
    bool durationsDiffer() const;
    // Whether the y axis is runtime ÷ task duration: asked for (options.normalised) or forced by durationsDiffer(); in
    // the runtime view only, and only when the runs' tasks have a set duration (not file or command tasks).
    bool normalisedAxis() const;
};

// Runtime (s) against task count: per series (a strategy and its settings, see analyzeRuns()) the runs as faint
// points, the means as a line with markers, the trendline (a quadratic from 4 task counts, a line from 3, none below)
// dashed with its equation and R² in the legend, its dotted prediction (cut, with a label, where it falls below the
// ideal bound), crossovers, and
// optionally the ideal bound and 95 % CI bars. Round ticks on both axes. setInput() after every finished run updates
// the series in place (QXYSeries::replace), so points appear live without the chart flickering.
class RuntimeChart : public QChart
{
    Q_OBJECT
public:
    explicit RuntimeChart(QGraphicsItem* parent = nullptr);
    // A chart that starts out showing `input`, log axes included: exports build theirs so, because axes replaced
    // later (setInput() switching to log axes) leave their drawing behind until the event loop runs.
    explicit RuntimeChart(const ChartInput& input, QGraphicsItem* parent = nullptr);
    ~RuntimeChart() override;

    void setInput(const ChartInput& input);
    const ChartInput& input() const { return m_input; }

    // A strategy's trendline as one line of text, e.g. "threads trend: T = 2.367×10⁻⁶ n² − 6.553×10⁻⁴ n + 2.484,
    // R² = 0.836 (article form: y = 0.0237x² − 0.0655x + 2.4838, x = n/100)"; empty if none. The legend shows the
    // same on up to three lines, as many as fit.
    // Of the strategy's first series with a trendline; by series name ("processes C=8") below. Always in seconds: on
    // the normalised axis the legend gives the equation of the line drawn, T/h.
    QString trendlineLabel(StrategyKind strategy) const;
    QString trendlineLabel(const QString& series) const;

    // The mean line of a series as drawn: in seconds, task durations or MiB.
    QList<QPointF> meanPoints(const QString& series) const;
    // The mean line of a series of overlaid set `layer` (an index into ChartInput::overlays), as drawn.
    QList<QPointF> overlayMeanPoints(int layer, const QString& series) const;
    QString yAxisTitle() const;

    // The labels of the legend's visible entries, in order: per series its mean line and, where the data carry one,
    // its trendline (see trendlineLabel()).
    QStringList legendEntries() const;

    // The run under a faint point of any of the strategy's series, for the hover tooltip; nullptr if none.
    const RunResult* runAt(StrategyKind strategy, const QPointF& value) const;
    // The run whose faint point is nearest `position` (in the chart's coordinates) within `radius` pixels, whatever
    // lies above it (a mean's marker sits on the run's point when a task count has one run); nullptr if none.
    const RunResult* runNear(const QPointF& position, qreal radius = 6) const;
    // The name of the series a run is drawn in ("processes C=8").
    QString seriesNameOf(const RunResult* run) const;

    // The faint points of a series' runs ("threads", "processes C=8"), and their colour; in seconds or MiB, as the
    // measure on show. One graphics item draws the
    // runs of every series, however many there are.
    QList<QPointF> runPoints(const QString& series) const;
    QColor runPointColor(const QString& series) const;
    // The markers that item draws at the chart's size: one per series and device pixel, so a million runs that fall
    // on a few thousand pixels cost a few thousand markers.
    qsizetype drawnRunMarkers(qreal devicePixelRatio = 1) const;

signals:
    // The mouse entered (state true) or left a faint point of `strategy`; runAt() names its run.
    void runHovered(StrategyKind strategy, const QPointF& value, bool state);

private:
    struct Private;
    Private* d;
    ChartInput m_input;
};

// The window's view of a RuntimeChart: antialiased, with a tooltip naming the strategy, task count, run and time of the
// point under the mouse; a double-click on a run's point opens its timeline (runActivated()).
class RuntimeChartView : public QChartView
{
    Q_OBJECT
public:
    explicit RuntimeChartView(QWidget* parent = nullptr);

    RuntimeChart* runtimeChart() const { return m_chart; }

signals:
    // A run's point was double-clicked.
    void runActivated(const RunResult& run, const QString& series);

protected:
    void mouseDoubleClickEvent(QMouseEvent* event) override;

private:
    RuntimeChart* m_chart;
};
