#pragma once

#include "runtimechart.h"

#include <QWidget>

class DataSetAnalysis;
class DataSetStore;
class QCheckBox;
class QComboBox;
class QSettings;
class QSpinBox;
class QToolButton;

// The Chart tab: runtime or memory against task count for the group on show, switched by measureSwitch() (Runtime |
// Memory, Ctrl+Shift+M), with its options underneath (the prediction, the fit, the ideal bound, error bars, log axes,
// outliers, runtime ÷ task duration, other sets overlaid). Fit and outliers change the analysis; the rest only the
// drawing. It draws what the analysis last landed, with the runs that analysis read. The runtime view is the default;
// the exports draw the view on show.
//
// Overlay (Ctrl+Shift+O) draws other data sets over the one on show, each set's series of the same workload with
// markers of its own and its name in the legend. After Run, the article's set is overlaid on the sweep's, unless the
// user took it off the last time; where the sets' tasks differ in duration the axis is runtime ÷ task duration.
class ChartPage : public QWidget
{
    Q_OBJECT
public:
    ChartPage(const DataSetStore* store, DataSetAnalysis* analysis, QWidget* parent = nullptr);

    RuntimeChartView* chartView() const { return m_chartView; }
    // Runtime | Memory: the window puts it beside the tabs, above the chart, where it takes no height from the chart
    // and is one click away from every tab.
    QWidget* measureSwitch() const { return m_measureSwitch; }
    QToolButton* runtimeButton() const { return m_runtimeButton; }
    QToolButton* memoryButton() const { return m_memoryButton; }
    // What the chart shows, for the exports: they draw the same chart at another size.
    ChartInput chartInput() const;

    // The data sets drawn over the one on show (the one on show itself is skipped while it is).
    const QList<int>& overlaid() const { return m_overlaid; }
    void setOverlaid(int dataSet, bool overlaid);
    // A sweep's set was added and shown: the article's set goes over it, as a newcomer expects, unless the user took
    // it off a sweep's chart before (remembered in the settings).
    void sweepStarted();
    QToolButton* overlayButton() const { return m_overlayButton; }
    QCheckBox* normaliseBox() const { return m_normaliseBox; }

    void restoreSettings(const QSettings& settings);
    void saveSettings(QSettings& settings) const;

signals:
    // Runtime or Memory was chosen (also from another tab): the window shows the chart.
    void measureChosen();

private:
    void redraw();
    void analysisOptionsChanged();
    // The options of time (prediction, fit, ideal bound, error bars, log time, outliers) are off in the memory view.
    void updateOptionsForMeasure();
    void rebuildOverlayMenu();
    void updateOverlayButton(); // "Overlay (2)": how many sets are drawn over the one on show
    // The box says what the axis is: forced on, and greyed, where the overlaid sets' durations differ.
    void updateNormaliseBox(const ChartInput& input);
    QString legendName(int dataSet) const;

    const DataSetStore* m_store;
    DataSetAnalysis* m_analysis;
    RuntimeChartView* m_chartView;
    QWidget* m_measureSwitch;
    QToolButton* m_runtimeButton;
    QToolButton* m_memoryButton;
    QSpinBox* m_predictBox;
    QCheckBox* m_idealBox;
    QCheckBox* m_errorBarsBox;
    QCheckBox* m_logTasksBox;
    QCheckBox* m_logSecondsBox;
    QCheckBox* m_hideOutliersBox;
    QComboBox* m_fitBox;
    QCheckBox* m_normaliseBox;
    QToolButton* m_overlayButton;
    QList<int> m_overlaid;
    bool m_overlayArticle = true;
    bool m_normaliseWanted = false; // the user's choice, whatever the overlays force
};
