#pragma once

#include "analysis.h"

#include <QAbstractTableModel>
#include <QColor>
#include <QList>

// Table models over one AnalysisReport: what core/analysis computed, laid out for the statistics, decision and
// cost-model tabs. They compute nothing themselves, and format numbers with analysisreport.h's helpers so that a value
// reads as in `conlab analyze`. Each model of a report has SortRole (numbers as numbers) and, where a row belongs to
// one series, StrategyRole (its StrategyKind as int) and SeriesRole (its index in the report's series). A cell that
// names a series shows the series' name ("processes C=8") with its colour swatch (seriesStyle()).

// A series as the tables name it.
struct SeriesCell
{
    StrategyKind strategy = StrategyKind::Threads;
    QString name;
    QColor color;
};

class StatisticsModel : public QAbstractTableModel
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
        NUM_COLUMNS
    };
    enum Roles
    {
        SortRole = Qt::UserRole,
        StrategyRole,
        SeriesRole,
    };

    explicit StatisticsModel(QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    void resetData(const AnalysisReport& report);

private:
    struct Row
    {
        SeriesCell series;
        int seriesIndex = 0;
        TaskCountPoint point;
    };
    QList<Row> m_rows;
};

class DecisionModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Columns
    {
        TasksColumn, // "100–400", or "100" for a single task count
        WinnerColumn, // the strategy, or "no clear winner"
        LeaderColumn,
        RunnerUpColumn,
        MarginColumn, // "+12.0 %"
        NUM_COLUMNS
    };
    enum Roles
    {
        SortRole = Qt::UserRole,
        StrategyRole, // the winner's strategy, or -1
        SeriesRole, // the winner's series index, or -1
    };

    explicit DecisionModel(QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    void resetData(const AnalysisReport& report);

private:
    QList<DecisionRow> m_rows;
    QList<SeriesCell> m_series; // the report's, which the rows' indices refer to
};

// The article's static table (articleDecisionTable()), shown beside the measured one.
class ArticleDecisionModel : public QAbstractTableModel
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

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QList<ArticleDecisionRow> m_rows;
};

// Per series: the trendline with its R², and the article's cost model T = h ceil(n / w) + (n / w) y + o fitted to the
// runs, so the overhead per dispatch y and the fixed overhead o can be read against the ideal bound.
class CostModelModel : public QAbstractTableModel
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
    enum Roles
    {
        SortRole = Qt::UserRole,
        StrategyRole,
        SeriesRole,
    };

    explicit CostModelModel(QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    void resetData(const AnalysisReport& report);

private:
    QList<StrategyAnalysis> m_rows;
    QList<SeriesCell> m_series; // parallel to m_rows
};
