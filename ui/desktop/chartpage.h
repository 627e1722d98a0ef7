#pragma once

#include "runtimechart.h"

#include <QWidget>

class DataSetAnalysis;
class DataSetStore;
class QCheckBox;
class QComboBox;
class QSettings;
class QSpinBox;

// The Chart tab: runtime against task count for the group on show, with its options underneath (the prediction, the
// fit, the ideal bound, error bars, log axes, outliers). Fit and outliers change the analysis; the rest only the
// drawing. It draws what the analysis last landed, with the runs that analysis read.
class ChartPage : public QWidget
{
    Q_OBJECT
public:
    ChartPage(const DataSetStore* store, DataSetAnalysis* analysis, QWidget* parent = nullptr);

    RuntimeChartView* chartView() const { return m_chartView; }
    // What the chart shows, for the exports: they draw the same chart at another size.
    ChartInput chartInput() const;

    void restoreSettings(const QSettings& settings);
    void saveSettings(QSettings& settings) const;

private:
    void redraw();
    void analysisOptionsChanged();

    const DataSetStore* m_store;
    DataSetAnalysis* m_analysis;
    RuntimeChartView* m_chartView;
    QSpinBox* m_predictBox;
    QCheckBox* m_idealBox;
    QCheckBox* m_errorBarsBox;
    QCheckBox* m_logTasksBox;
    QCheckBox* m_logSecondsBox;
    QCheckBox* m_hideOutliersBox;
    QComboBox* m_fitBox;
};
