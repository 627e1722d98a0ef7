#pragma once

#include "analysis.h"

#include <QAbstractTableModel>
#include <QList>

// Table models over one AnalysisReport: what core/analysis computed, laid out for the statistics, decision and
// cost-model tabs. They compute nothing themselves, and format numbers with analysisreport.h's helpers so that a value
// reads as in `conlab analyze`. Each model of a report has SortRole (numbers as numbers) and, where a row belongs to
// one strategy, StrategyRole (StrategyKind as int) for the colour swatch.

class StatisticsModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Columns
    {
        StrategyColumn,
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
        StrategyKind strategy;
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
        StrategyRole, // the winner, or -1
    };

    explicit DecisionModel(QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    void resetData(const AnalysisReport& report);

private:
    QList<DecisionRow> m_rows;
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

// Per strategy: the trendline with its R², and the article's cost model T = h ceil(n / w) + (n / w) y + o fitted to the
// runs, so the overhead per dispatch y and the fixed overhead o can be read against the ideal bound h ceil(n / w).
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
        TrendlineColumn, // "T = a n² + b n + c"
        TrendlineR2Column,
        RunsColumn, // OK runs, and "(3 not ok)" when some were not
        NUM_COLUMNS
    };
    enum Roles
    {
        SortRole = Qt::UserRole,
        StrategyRole,
    };

    explicit CostModelModel(QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    void resetData(const AnalysisReport& report);

private:
    QList<StrategyAnalysis> m_rows;
};
