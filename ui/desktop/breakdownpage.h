#pragma once

#include <QWidget>

class DataSetAnalysis;
class QChart;
class QChartView;
class QCheckBox;
class QComboBox;
class QLabel;

// The Breakdown tab: where the wall time of each series' runs went at one task count, as a stacked bar per series
// (start-up, dispatch, work, waiting for the slowest worker, hand-back: timeline.h), the mean over the runs there that
// kept their traces, as shares of the series' wall time or in milliseconds. The task count is chosen above it, the
// largest measured by default; each series is labelled with its mean wall time.
class BreakdownPage : public QWidget
{
    Q_OBJECT
public:
    explicit BreakdownPage(const DataSetAnalysis* analysis, QWidget* parent = nullptr);

    QComboBox* taskCountBox() const { return m_taskCountBox; }
    // Each bar as shares of its wall time (percent, the default), or in milliseconds.
    QCheckBox* sharesBox() const { return m_sharesBox; }
    QChartView* chartView() const { return m_chartView; }
    // What the bars say, one line per series: "threads: start-up 1.2 ms, dispatch ...; 10 runs".
    QStringList barTexts() const { return m_barTexts; }

private:
    void fillTaskCounts();
    void redraw();

    const DataSetAnalysis* m_analysis;
    QComboBox* m_taskCountBox;
    QCheckBox* m_sharesBox;
    QChartView* m_chartView;
    QLabel* m_note;
    QStringList m_barTexts;
};
