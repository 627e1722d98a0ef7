#pragma once

#include "analysis.h"
#include "reporttablemodel.h"

#include <QList>

// Table models over one AnalysisReport: what core/analysis computed, laid out for the statistics, decision and
// cost-model tabs. They compute nothing themselves, and format numbers with analysisreport.h's helpers so that a value
// reads as in `conlab analyze`. A row that belongs to one series answers StrategyRole and SeriesRole (its index in the
// report's series), and a cell that names a series shows its name with its colour swatch (seriesCellData()).

class StatisticsModel : public ReportTableModel
{
    Q_OBJECT
public:
    enum Columns
    {
        StrategyColumn, // the series' name
        TasksColumn,
        CountColumn, // runs used / runs measured
        MeanColumn,
        MedianColumn,
        StddevColumn,
        MinColumn,
        MaxColumn,
        CiColumn, // "lo … hi", "—" for fewer than two runs
        IdealColumn,
        MeanOverIdealColumn,
        OutliersColumn,
        PeakRssColumn, // the tool's peak resident memory, mean over the runs that measured it; "—" when none did
        WorkersRssColumn, // the sum of the worker processes' peaks, likewise
        NUM_COLUMNS
    };

    explicit StatisticsModel(QObject* parent = nullptr);

    void resetData(const AnalysisReport& report);

private:
    int rowTotal() const override { return int(m_rows.size()); }
    QVariant cellData(int row, int column, int role) const override;

    struct Row
    {
        SeriesCell series;
        int seriesIndex = 0;
        TaskCountPoint point;
    };
    QList<Row> m_rows;
};

// The measured verdict per band of task counts, one table per runtime (native first): a band compares the series of
// one runtime. StrategyRole and SeriesRole are the winner's, -1 without a clear one.
class DecisionModel : public ReportTableModel
{
    Q_OBJECT
public:
    enum Columns
    {
        RuntimeColumn, // "native", "python": whose series the band compares
        TasksColumn, // "100–400", or "100" for a single task count
        WinnerColumn, // the strategy, or "no clear winner"
        LeaderColumn,
        RunnerUpColumn,
        MarginColumn, // "+12.0 %"
        NUM_COLUMNS
    };

    explicit DecisionModel(QObject* parent = nullptr);

    void resetData(const AnalysisReport& report);
    // Whether a band is of another runtime than the engine: the view shows the runtime column only then.
    bool anyBeyondNative() const;

private:
    int rowTotal() const override { return int(m_rows.size()); }
    QVariant cellData(int row, int column, int role) const override;

    QList<DecisionRow> m_rows;
    QList<SeriesCell> m_series; // the report's, which the rows' indices refer to
};

// The article's static table (articleDecisionTable()), shown beside the measured one.
class ArticleDecisionModel : public ReportTableModel
{
    Q_OBJECT
public:
    enum Columns
    {
        BottleneckColumn,
        ExampleColumn,
        TasksColumn,
        OptimizeWithColumn,
        NUM_COLUMNS
    };

    explicit ArticleDecisionModel(QObject* parent = nullptr);

private:
    int rowTotal() const override { return int(m_rows.size()); }
    QVariant cellData(int row, int column, int role) const override;

    QList<ArticleDecisionRow> m_rows;
};

// Per series: the trendline with its R², and the article's cost model T = h ceil(n / w) + (n / w) y + o fitted to the
// runs, so the overhead per dispatch y and the fixed overhead o can be read against the ideal bound.
class CostModelModel : public ReportTableModel
{
    Q_OBJECT
public:
    enum Columns
    {
        StrategyColumn,
        WorkersColumn, // w, or its range
        DispatchOverheadColumn, // y in ms per dispatch, or "not separable" with the note as tooltip
        FixedOverheadColumn, // o in s
        ModelR2Column,
        TrendlineColumn, // "T = a n² + b n + c", or why there is none ("no trendline: 2 task counts, a line needs 3")
        TrendlineR2Column,
        RunsColumn, // OK runs, and "(3 not ok)" when some were not
        NUM_COLUMNS
    };

    explicit CostModelModel(QObject* parent = nullptr);

    void resetData(const AnalysisReport& report);

private:
    int rowTotal() const override { return int(m_rows.size()); }
    QVariant cellData(int row, int column, int role) const override;

    QList<StrategyAnalysis> m_rows;
    QList<SeriesCell> m_series; // parallel to m_rows
};

// The decision of every report (workload) of a data set in one table, each band beside what the article's table says
// for its workload (workloadDecisionTable()): shown when a data set holds several workloads.
class WorkloadDecisionModel : public ReportTableModel
{
    Q_OBJECT
public:
    enum Columns
    {
        WorkloadColumn, // reportGroupText(): "file workload, 1.0 MiB per task"
        RuntimeColumn, // whose series the band compares
        TasksColumn,
        WinnerColumn, // the series, or "no clear winner"
        MarginColumn,
        ArticleColumn, // "IO: Multithreading"
        AgreesColumn, // "yes", "no", "—"
        NUM_COLUMNS
    };

    explicit WorkloadDecisionModel(QObject* parent = nullptr);

    void resetData(const QList<AnalysisReport>& reports);
    bool anyBeyondNative() const; // as DecisionModel's

private:
    int rowTotal() const override { return int(m_rows.size()); }
    QVariant cellData(int row, int column, int role) const override;

    QList<WorkloadDecisionRow> m_rows;
    QStringList m_groups; // per report
    QList<QList<SeriesCell>> m_series; // per report
};
