#pragma once

#include "comparison.h"
#include "jobtracker.h"
#include "reporttablemodel.h"

#include <QWidget>

class DataSetStore;
class QChartView;
class QComboBox;
class QLabel;
class QTableView;

// The rows of a comparison of two data sets (compareRuns()): a row per series and task count both measured.
class ComparisonModel : public ReportTableModel
{
    Q_OBJECT
public:
    enum Columns
    {
        GroupColumn, // the workload and task duration
        SeriesColumn,
        TasksColumn,
        MeanAColumn, // seconds, with the runs behind it in the tooltip
        MeanBColumn,
        RatioColumn, // B / A
        IntervalColumn, // its 95 % interval
        PValueColumn, // the Mann-Whitney U test's
        VerdictColumn, // faster, slower, no significant difference, too few runs
        NUM_COLUMNS
    };

    explicit ComparisonModel(QObject* parent = nullptr);
    void resetData(const QList<ComparisonRow>& rows);
    const QList<ComparisonRow>& rows() const { return m_rows; }

private:
    int rowTotal() const override { return int(m_rows.size()); }
    QVariant cellData(int row, int column, int role) const override;

    QList<ComparisonRow> m_rows;
};

// The Compare tab: two data sets of the window, A and B (the article and this machine, before and after a change; by
// default the set added last against the one before it),
// compared point by point as `conlab compare` does, in a table and as B/A against task count per series, with each
// ratio's 95 % interval and 1 (no change) marked. The comparison runs off the GUI thread.
class ComparePage : public QWidget
{
    Q_OBJECT
public:
    explicit ComparePage(const DataSetStore* store, QWidget* parent = nullptr);

    QComboBox* baselineBox() const { return m_baselineBox; }
    QComboBox* contenderBox() const { return m_contenderBox; }
    QTableView* view() const { return m_view; }
    QChartView* chartView() const { return m_chartView; }
    ComparisonModel* model() const { return m_model; }
    // Whether a comparison is under way; comparisonLanded() says when it is shown.
    bool isComparing() const { return m_jobs.isRunning(); }

signals:
    void comparisonLanded();

private:
    void fillDataSets();
    void compare();
    void showRows(const QList<ComparisonRow>& rows);

    const DataSetStore* m_store;
    QComboBox* m_baselineBox;
    QComboBox* m_contenderBox;
    QLabel* m_note;
    ComparisonModel* m_model;
    QTableView* m_view;
    QChartView* m_chartView;
    JobTracker m_jobs; // last: its job ends before the rest goes
};
