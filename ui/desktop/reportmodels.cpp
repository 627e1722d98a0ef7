#include "reportmodels.h"

#include "analysisreport.h"
#include "strategystyle.h"

#include <cmath>

// seriesCellData() answers SortRole as Qt::UserRole for all of them.
static_assert(int(StatisticsModel::SortRole) == Qt::UserRole && int(DecisionModel::SortRole) == Qt::UserRole
    && int(CostModelModel::SortRole) == Qt::UserRole);

namespace {
// Numbers flush right so their digits line up down a column; text keeps the default.
QVariant cellAlignment(bool numeric)
{
    return numeric ? QVariant(int(Qt::AlignRight | Qt::AlignVCenter)) : QVariant();
}

// Headers are centred by default, which puts them off the edge their column's values line up on.
QVariant headerAlignment(bool numeric)
{
    return int((numeric ? Qt::AlignRight : Qt::AlignLeft) | Qt::AlignVCenter);
}

// The swatch and description every cell naming a series gets, so the tables match the chart's colours: its name, its
// shade of the strategy's colour.
QVariant seriesCellData(const SeriesCell& series, int role)
{
    switch (role) {
    case Qt::DisplayRole:
    case Qt::UserRole:
        return series.name;
    case Qt::DecorationRole:
        return series.color;
    case Qt::ToolTipRole:
        return strategyDescription(series.strategy);
    }
    return {};
}

QList<SeriesCell> seriesCells(const AnalysisReport& report)
{
    QList<SeriesCell> cells;
    for (qsizetype i = 0; i < report.strategies.size(); ++i) {
        const StrategyAnalysis& analysis = report.strategies[i];
        cells.append({ analysis.strategy, analysis.name.isEmpty() ? strategyName(analysis.strategy) : analysis.name,
            seriesStyle(report.strategies, i).color });
    }
    return cells;
}

QVariant finiteOrInvalid(double value)
{
    return std::isfinite(value) ? QVariant(value) : QVariant();
}

QString ratioText(double seconds, double idealSeconds)
{
    return idealSeconds > 0 ? idealRatioText(seconds, idealSeconds) + u'×' : QStringLiteral("—");
}
} // namespace

// --- StatisticsModel

StatisticsModel::StatisticsModel(QObject* parent)
    : QAbstractTableModel(parent)
{ }

int StatisticsModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int StatisticsModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : NUM_COLUMNS;
}

QVariant StatisticsModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row& row = m_rows[index.row()];
    const TaskCountPoint& point = row.point;
    const SampleStats& s = point.stats;
    const int column = index.column();

    if (role == StrategyRole)
        return int(row.series.strategy);
    if (role == SeriesRole)
        return row.seriesIndex;
    if (role == Qt::TextAlignmentRole)
        return cellAlignment(column != StrategyColumn);
    if (column == StrategyColumn)
        return seriesCellData(row.series, role);
    // Runs faster than their ideal bound are impossible: the point says so where its time is compared with it.
    if (point.belowIdeal > 0 && (column == IdealColumn || column == MeanOverIdealColumn || column == MinColumn)) {
        if (role == Qt::ToolTipRole)
            return belowIdealText(point);
        if (role == Qt::ForegroundRole)
            return QColor(0xC0, 0x00, 0x00);
        if (role == Qt::DisplayRole && column == MeanOverIdealColumn)
            return ratioText(s.mean, point.idealSeconds) + QStringLiteral(" ⚠ impossible");
    }

    if (role == Qt::DisplayRole) {
        switch (Columns(column)) {
        case TasksColumn:
            return point.tasks;
        case CountColumn:
            return s.count == point.seconds.size() ? QString::number(s.count)
                                                   : QStringLiteral("%1/%2").arg(s.count).arg(point.seconds.size());
        case MeanColumn:
            return secondsText(s.mean);
        case MedianColumn:
            return secondsText(s.median);
        case StddevColumn:
            return secondsText(s.stddev);
        case MinColumn:
            return secondsText(s.min);
        case MaxColumn:
            return secondsText(s.max);
        case CiColumn:
            return confidenceIntervalText(s);
        case IdealColumn:
            return point.idealSeconds > 0 ? secondsText(point.idealSeconds) : QStringLiteral("—");
        case MeanOverIdealColumn:
            return ratioText(s.mean, point.idealSeconds);
        case OutliersColumn:
            return s.outlierCount;
        case StrategyColumn:
        case NUM_COLUMNS:
            break;
        }
    } else if (role == SortRole) {
        switch (Columns(column)) {
        case TasksColumn:
            return point.tasks;
        case CountColumn:
            return s.count;
        case MeanColumn:
            return finiteOrInvalid(s.mean);
        case MedianColumn:
            return finiteOrInvalid(s.median);
        case StddevColumn:
            return finiteOrInvalid(s.stddev);
        case MinColumn:
            return finiteOrInvalid(s.min);
        case MaxColumn:
            return finiteOrInvalid(s.max);
        case CiColumn:
            return finiteOrInvalid(s.ciLow);
        case IdealColumn:
            return point.idealSeconds > 0 ? QVariant(point.idealSeconds) : QVariant();
        case MeanOverIdealColumn:
            return point.idealSeconds > 0 ? finiteOrInvalid(s.mean / point.idealSeconds) : QVariant();
        case OutliersColumn:
            return s.outlierCount;
        case StrategyColumn:
        case NUM_COLUMNS:
            break;
        }
    } else if (role == Qt::ToolTipRole && column == CiColumn && !std::isfinite(s.ciLow)) {
        return tr("A confidence interval needs at least two runs.");
    }
    return {};
}

QVariant StatisticsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= NUM_COLUMNS)
        return {};
    if (role == Qt::TextAlignmentRole)
        return headerAlignment(section != StrategyColumn);
    if (role == Qt::DisplayRole) {
        switch (Columns(section)) {
        case StrategyColumn:
            return tr("Strategy");
        case TasksColumn:
            return tr("Tasks");
        case CountColumn:
            return tr("Runs");
        case MeanColumn:
            return tr("Mean (s)");
        case MedianColumn:
            return tr("Median (s)");
        case StddevColumn:
            return tr("σ (s)");
        case MinColumn:
            return tr("Min (s)");
        case MaxColumn:
            return tr("Max (s)");
        case CiColumn:
            return tr("95 % CI (s)");
        case IdealColumn:
            return tr("Ideal (s)");
        case MeanOverIdealColumn:
            return tr("Mean / ideal");
        case OutliersColumn:
            return tr("Outliers");
        case NUM_COLUMNS:
            break;
        }
    } else if (role == Qt::ToolTipRole) {
        switch (Columns(section)) {
        case StrategyColumn:
            return tr("How the batch of tasks was run.");
        case TasksColumn:
            return tr("n: how many tasks the batch had.");
        case CountColumn:
            return tr("OK runs behind the statistics; \"used/measured\" when outliers were left out.");
        case MeanColumn:
            return tr("Mean wall time of the runs, in seconds.");
        case MedianColumn:
            return tr("Median wall time of the runs, in seconds: the middle value, unmoved by a few slow runs.");
        case StddevColumn:
            return tr("Sample standard deviation (n − 1) of the wall times, in seconds; 0 for a single run.");
        case MinColumn:
            return tr("Fastest run, in seconds.");
        case MaxColumn:
            return tr("Slowest run, in seconds.");
        case CiColumn:
            return tr("95 % confidence interval of the mean (Student t), in seconds; needs at least two runs.");
        case IdealColumn:
            return tr("The ideal bound h·⌈n / w⌉ in seconds: the time if running tasks side by side cost nothing; — "
                      "when the workers are unknown.");
        case MeanOverIdealColumn:
            return tr("Mean divided by the ideal bound: 1× would mean the strategy added no overhead at all.");
        case OutliersColumn:
            return tr("Runs whose modified z-score exceeds 3.5 (Iglewicz & Hoaglin), among all runs at this task "
                      "count.");
        case NUM_COLUMNS:
            break;
        }
    }
    return {};
}

void StatisticsModel::resetData(const AnalysisReport& report)
{
    beginResetModel();
    m_rows.clear();
    const QList<SeriesCell> cells = seriesCells(report);
    for (qsizetype i = 0; i < report.strategies.size(); ++i) {
        for (const TaskCountPoint& point : report.strategies[i].points)
            m_rows.append({ cells[i], int(i), point });
    }
    endResetModel();
}

// --- DecisionModel

DecisionModel::DecisionModel(QObject* parent)
    : QAbstractTableModel(parent)
{ }

int DecisionModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int DecisionModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : NUM_COLUMNS;
}

QVariant DecisionModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const DecisionRow& row = m_rows[index.row()];
    const int column = index.column();

    const auto series = [this](int i) { return i >= 0 && i < m_series.size() ? m_series[i] : SeriesCell {}; };
    if (role == StrategyRole)
        return row.winner ? int(series(*row.winner).strategy) : -1;
    if (role == SeriesRole)
        return row.winner ? *row.winner : -1;
    if (role == Qt::TextAlignmentRole)
        return cellAlignment(column == MarginColumn);

    switch (Columns(column)) {
    case TasksColumn:
        if (role == Qt::DisplayRole)
            return taskRangeText(row);
        if (role == SortRole)
            return row.fromTasks;
        break;
    case WinnerColumn:
        if (row.winner && role == Qt::ToolTipRole) {
            return row.runnerUp ? tr("The 95 % confidence intervals of %1's and %2's means are apart here.")
                                      .arg(series(*row.winner).name, series(*row.runnerUp).name)
                                : tr("%1 was the only series measured here.").arg(series(*row.winner).name);
        }
        if (row.winner)
            return seriesCellData(series(*row.winner), role);
        if (role == Qt::DisplayRole || role == SortRole)
            return tr("no clear winner");
        if (role == Qt::ToolTipRole) {
            return tr("The 95 % confidence intervals of %1's and %2's means overlap, or one of them rests on a single "
                      "run: the difference measured may be chance.")
                .arg(series(row.leader).name, row.runnerUp ? series(*row.runnerUp).name : tr("the runner-up"));
        }
        break;
    case LeaderColumn:
        return seriesCellData(series(row.leader), role);
    case RunnerUpColumn:
        if (row.runnerUp)
            return seriesCellData(series(*row.runnerUp), role);
        if (role == Qt::DisplayRole)
            return QStringLiteral("—");
        break;
    case MarginColumn:
        if (role == Qt::DisplayRole)
            return row.runnerUp ? marginText(row.margin) : QStringLiteral("—");
        if (role == SortRole)
            return row.runnerUp ? finiteOrInvalid(row.margin) : QVariant();
        break;
    case NUM_COLUMNS:
        break;
    }
    return {};
}

QVariant DecisionModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= NUM_COLUMNS)
        return {};
    if (role == Qt::TextAlignmentRole)
        return headerAlignment(section == MarginColumn);
    if (role == Qt::DisplayRole) {
        switch (Columns(section)) {
        case TasksColumn:
            return tr("Tasks");
        case WinnerColumn:
            return tr("Winner");
        case LeaderColumn:
            return tr("Leader");
        case RunnerUpColumn:
            return tr("Runner-up");
        case MarginColumn:
            return tr("Margin");
        case NUM_COLUMNS:
            break;
        }
    } else if (role == Qt::ToolTipRole) {
        switch (Columns(section)) {
        case TasksColumn:
            return tr("The task counts n this verdict holds for; neighbouring task counts with the same verdict form "
                      "one band.");
        case WinnerColumn:
            return tr("The strategy with the lowest mean time when its 95 % confidence interval is apart from the "
                      "runner-up's; otherwise no clear winner.");
        case LeaderColumn:
            return tr("The strategy with the lowest mean time, whether or not the difference is clear.");
        case RunnerUpColumn:
            return tr("The strategy with the second-lowest mean time.");
        case MarginColumn:
            return tr("How much slower the runner-up is than the leader: runner-up mean / leader mean − 1, the "
                      "smallest over the band.");
        case NUM_COLUMNS:
            break;
        }
    }
    return {};
}

void DecisionModel::resetData(const AnalysisReport& report)
{
    beginResetModel();
    m_rows = report.decision;
    m_series = seriesCells(report);
    endResetModel();
}

// --- ArticleDecisionModel

ArticleDecisionModel::ArticleDecisionModel(QObject* parent)
    : QAbstractTableModel(parent)
    , m_rows(articleDecisionTable())
{ }

int ArticleDecisionModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int ArticleDecisionModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : NUM_COLUMNS;
}

QVariant ArticleDecisionModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    if (role != Qt::DisplayRole)
        return {};
    const ArticleDecisionRow& row = m_rows[index.row()];
    switch (Columns(index.column())) {
    case BottleneckColumn:
        return row.bottleneck;
    case ExampleColumn:
        return row.example;
    case TasksColumn:
        return row.tasks;
    case OptimizeWithColumn:
        return row.optimizeWith;
    case NUM_COLUMNS:
        break;
    }
    return {};
}

QVariant ArticleDecisionModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= NUM_COLUMNS)
        return {};
    if (role == Qt::TextAlignmentRole)
        return headerAlignment(false);
    if (role == Qt::DisplayRole) {
        switch (Columns(section)) {
        case BottleneckColumn:
            return tr("Bottleneck");
        case ExampleColumn:
            return tr("Example");
        case TasksColumn:
            return tr("Tasks");
        case OptimizeWithColumn:
            return tr("Optimize with");
        case NUM_COLUMNS:
            break;
        }
    } else if (role == Qt::ToolTipRole) {
        switch (Columns(section)) {
        case BottleneckColumn:
            return tr("What limits the tasks: computing on the CPU, or waiting on input and output (IO).");
        case ExampleColumn:
            return tr("The kind of task the article had in mind.");
        case TasksColumn:
            return tr("How many tasks the batch has.");
        case OptimizeWithColumn:
            return tr("What the article recommends running such a batch with.");
        case NUM_COLUMNS:
            break;
        }
    }
    return {};
}

// --- CostModelModel

CostModelModel::CostModelModel(QObject* parent)
    : QAbstractTableModel(parent)
{ }

int CostModelModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int CostModelModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : NUM_COLUMNS;
}

QVariant CostModelModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const StrategyAnalysis& analysis = m_rows[index.row()];
    const CostModel& model = analysis.model;
    const QuadraticFit& fit = analysis.fit;
    const int column = index.column();

    if (role == StrategyRole)
        return int(analysis.strategy);
    if (role == SeriesRole)
        return index.row();
    if (role == Qt::TextAlignmentRole)
        return cellAlignment(column != StrategyColumn && column != TrendlineColumn);

    switch (Columns(column)) {
    case StrategyColumn:
        return seriesCellData(m_series.value(index.row()), role);
    case WorkersColumn:
        if (role == Qt::DisplayRole) {
            const QString range = workersRangeText(analysis);
            return range.isEmpty() ? QStringLiteral("—") : range;
        }
        if (role == SortRole)
            return analysis.workersMax > 0 ? QVariant(analysis.workers) : QVariant();
        if (role == Qt::ToolTipRole && analysis.workersMin != analysis.workersMax)
            return tr("w varies with the runs; typically %1.").arg(analysis.workers);
        break;
    case DispatchOverheadColumn:
        if (!model.valid)
            break;
        if (role == Qt::DisplayRole)
            return model.yIdentified ? millisecondsText(model.y) : tr("not separable");
        if (role == SortRole)
            return model.yIdentified ? finiteOrInvalid(model.y) : QVariant();
        if (role == Qt::ToolTipRole && !model.note.isEmpty())
            return model.note;
        break;
    case FixedOverheadColumn:
        if (!model.valid)
            break;
        if (role == Qt::DisplayRole)
            return secondsText(model.o);
        if (role == SortRole)
            return finiteOrInvalid(model.o);
        break;
    case ModelR2Column:
        if (!model.valid)
            break;
        if (role == Qt::DisplayRole)
            return r2Text(model.r2);
        if (role == SortRole)
            return finiteOrInvalid(model.r2);
        break;
    case TrendlineColumn:
        if (!fit.isValid()) {
            // Too few task counts: the cell says so rather than staying blank.
            if (!analysis.points.isEmpty() && (role == Qt::DisplayRole || role == Qt::ToolTipRole))
                return trendlineNote(fit);
            break;
        }
        if (role == Qt::DisplayRole || role == SortRole)
            return trendlineText(fit);
        if (role == Qt::ToolTipRole) {
            const QString note = trendlineNote(fit);
            return tr("In the article's form: %1 with x = n / 100.").arg(articleTrendlineText(fit))
                + (note.isEmpty() ? QString() : u'\n' + note);
        }
        break;
    case TrendlineR2Column:
        if (!fit.isValid())
            break;
        if (role == Qt::DisplayRole)
            return r2Text(fit.r2);
        if (role == SortRole)
            return finiteOrInvalid(fit.r2);
        break;
    case RunsColumn:
        if (role == Qt::DisplayRole) {
            return analysis.failedRuns > 0 ? tr("%1 (%2 not ok)").arg(analysis.okRuns).arg(analysis.failedRuns)
                                           : QString::number(analysis.okRuns);
        }
        if (role == SortRole)
            return analysis.okRuns;
        break;
    case NUM_COLUMNS:
        break;
    }
    return {};
}

QVariant CostModelModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= NUM_COLUMNS)
        return {};
    if (role == Qt::TextAlignmentRole)
        return headerAlignment(section != StrategyColumn && section != TrendlineColumn);
    if (role == Qt::DisplayRole) {
        switch (Columns(section)) {
        case StrategyColumn:
            return tr("Strategy");
        case WorkersColumn:
            return tr("w (tasks at once)");
        case DispatchOverheadColumn:
            return tr("y (ms / dispatch)");
        case FixedOverheadColumn:
            return tr("o (s)");
        case ModelR2Column:
            return tr("Model R²");
        case TrendlineColumn:
            return tr("Trendline (T in s, n tasks)");
        case TrendlineR2Column:
            return tr("Trendline R²");
        case RunsColumn:
            return tr("Runs");
        case NUM_COLUMNS:
            break;
        }
    } else if (role == Qt::ToolTipRole) {
        switch (Columns(section)) {
        case StrategyColumn:
            return tr("How the batch of tasks was run.");
        case WorkersColumn:
            return tr("w: how many tasks can run at once, over the strategy's OK runs (a range when it grows with "
                      "n).");
        case DispatchOverheadColumn:
            return tr("y: the overhead per task handed to a worker, in milliseconds, from T = h·⌈n / w⌉ + (n / w)·y "
                      "+ o; not separable when n / w hardly varied.");
        case FixedOverheadColumn:
            return tr("o: the fixed overhead of a batch (starting and stopping the pool), in seconds.");
        case ModelR2Column:
            return tr("How much of the variation in the measured times the cost model explains (1 = all; 0 when it "
                      "only fits a constant).");
        case TrendlineColumn:
            return tr("Least-squares quadratic through the mean (or median) time at each task count.");
        case TrendlineR2Column:
            return tr("How much of the variation between task counts the trendline explains (1 = all).");
        case RunsColumn:
            return tr("OK runs fitted; runs that were refused, crashed, cancelled or failed are counted apart and "
                      "left out.");
        case NUM_COLUMNS:
            break;
        }
    }
    return {};
}

void CostModelModel::resetData(const AnalysisReport& report)
{
    beginResetModel();
    m_rows = report.strategies;
    m_series = seriesCells(report);
    endResetModel();
}
