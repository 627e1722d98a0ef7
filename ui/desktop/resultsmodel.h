#pragma once

#include "runresult.h"

#include <QAbstractTableModel>
#include <QList>
#include <QStringList>

// The runs of the data set on show, one row per run: the single source the results table, the statistics, the chart
// and the exports are all built from. Rows are only ever appended (a run finished) or replaced wholesale (a file
// opened, another data set chosen), so views can keep their sorting and selection while a sweep adds rows.
class ResultsModel : public QAbstractTableModel
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

    enum Roles
    {
        SortRole = Qt::UserRole, // numbers as numbers, so a QSortFilterProxyModel sorts 100 after 20
        RunResultRole, // the row's RunResult
        StrategyRole, // the row's StrategyKind as int
        SeriesRole, // the name of the row's series (seriesNamesOfRuns())
    };

    explicit ResultsModel(QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    void resetData(const QList<RunResult>& runs);
    void appendRun(const RunResult& run);
    const QList<RunResult>& runs() const { return m_runs; }

private:
    QList<RunResult> m_runs;
    QStringList m_seriesNames; // parallel to m_runs
    QList<int> m_seriesRanks; // parallel to m_runs: the shade of the strategy's colour
};
