#pragma once

#include "reporttablemodel.h"
#include "runresult.h"

#include <QList>
#include <QStringList>

// The runs of the data set on show, one row per run: the single source the results table, the statistics, the chart
// and the exports are all built from. Rows are only ever appended (a run finished) or replaced wholesale (a file
// opened, another data set chosen), so views can keep their sorting and selection while a sweep adds rows.
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
        SecondsColumn,
        IdealColumn,
        RatioColumn, // seconds / ideal seconds
        StatusColumn,
        MessageColumn,
        NUM_COLUMNS
    };

    // Besides SortRole, StrategyRole (the run's strategy) and SeriesRole (the name of the run's series,
    // seriesNamesOfRuns()):
    enum ResultsRoles
    {
        RunResultRole = FirstModelRole, // the row's RunResult
    };

    explicit ResultsModel(QObject* parent = nullptr);

    void resetData(const QList<RunResult>& runs);
    void appendRun(const RunResult& run);
    const QList<RunResult>& runs() const { return m_runs; }

private:
    int rowTotal() const override { return int(m_runs.size()); }
    QVariant cellData(int row, int column, int role) const override;

    QList<RunResult> m_runs;
    QStringList m_seriesNames; // parallel to m_runs
    QList<int> m_seriesRanks; // parallel to m_runs: the shade of the strategy's colour
};
