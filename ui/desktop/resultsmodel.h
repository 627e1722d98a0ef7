#pragma once

#include "datasetstore.h"
#include "reporttablemodel.h"
#include "runresult.h"

#include <QList>
#include <QStringList>

// The runs of a data set, one row per run. Rows are only ever appended (a run finished) or replaced wholesale (a file
// opened, another data set chosen), so views can keep their sorting and selection while a sweep adds rows. The model
// holds runs of its own (resetData(), appendRun()) or shows a data set of the DataSetStore in place (showDataSet()),
// which the window's runs table does, so that a million runs are held once.
class ResultsModel : public ReportTableModel
{
    Q_OBJECT
public:
    // The run's position, then the fields of runFields() (runfields.h) that have a title, in that order, with the
    // ratio after the ideal bound: each column's title, tooltip and value come from its field.
    enum Columns
    {
        RunColumn, // 1-based position in the data set
        StrategyColumn, // the run's series: "threads", or "processes C=8" where the strategy has several
        WorkloadColumn,
        TaskMsColumn,
        TasksColumn,
        ThreadsColumn,
        ProcessesColumn,
        ChunksizeColumn,
        RepeatColumn,
        CpuMsColumn, // the mixed workload's computing part
        SecondsColumn,
        IdealColumn,
        RatioColumn, // seconds / ideal seconds
        StatusColumn,
        MessageColumn,
        PeakRssColumn,
        WorkersPeakRssColumn,
        ThreadsCreatedColumn,
        ProcessesCreatedColumn,
        RuntimeColumn, // native or python
        RuntimeStartupColumn, // the python interpreter's start, before the run's time
        NUM_COLUMNS
    };

    // Besides SortRole, StrategyRole (the run's strategy) and SeriesRole (the name of the run's series,
    // seriesNamesOfRuns()):
    enum ResultsRoles
    {
        RunResultRole = FirstModelRole, // the row's RunResult
    };

    explicit ResultsModel(QObject* parent = nullptr);

    // Runs of its own (after showDataSet(), appendRun() starts from none).
    void resetData(const QList<RunResult>& runs);
    void appendRun(const RunResult& run);
    // A data set held elsewhere, which must outlive the model or the next showDataSet(); nullptr shows nothing.
    void showDataSet(const DataSet* set);
    // The set shown grew at its end (a run appended; `renamed`: the series names of the runs before it changed).
    void dataSetGrew(bool renamed);
    const QList<RunResult>& runs() const { return m_set->results.runs; }

private:
    int rowTotal() const override { return m_rows; }
    QVariant cellData(int row, int column, int role) const override;

    DataSet m_own;
    const DataSet* m_set = &m_own;
    // The rows the views know of: a set held elsewhere has grown before the model tells them.
    int m_rows = 0;
};
