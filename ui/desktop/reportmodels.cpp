#include "reportmodels.h"

#include "analysisreport.h"
#include "strategystyle.h"
#include "workloadoptions.h"

#include <algorithm>
#include <cmath>

namespace {
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

// A band's margin over its runner-up: "+12.0 %", sorting as the number; "—" when the leader ran alone.
QVariant marginCellData(const DecisionRow& band, int role)
{
    if (role == Qt::DisplayRole)
        return band.runnerUp ? marginText(band.margin) : QStringLiteral("—");
    if (role == ReportTableModel::SortRole)
        return band.runnerUp ? finiteOrInvalid(band.margin) : QVariant();
    return {};
}

QString ratioText(double seconds, double idealSeconds)
{
    return idealSeconds > 0 ? idealRatioText(seconds, idealSeconds) + u'×' : QStringLiteral("—");
}

QString meanKibText(double kib)
{
    return std::isfinite(kib) ? kibText(std::llround(kib)) : QStringLiteral("—");
}

QVariant runtimeCellData(const DecisionRow& band, int role)
{
    if (role == Qt::DisplayRole || role == ReportTableModel::SortRole)
        return runtimeName(band.runtime);
    return {};
}
} // namespace

// --- StatisticsModel

StatisticsModel::StatisticsModel(QObject* parent)
    : ReportTableModel(
        {
            { Text, tr("Strategy"), tr("How the batch of tasks was run.") },
            { Number, tr("Tasks"), tr("n: how many tasks the batch had.") },
            { Number, tr("Runs"), tr("OK runs behind the statistics; \"used/measured\" when outliers were left out.") },
            { Number, tr("Mean (s)"), tr("Mean wall time of the runs, in seconds.") },
            { Number, tr("Median (s)"),
                tr("Median wall time of the runs, in seconds: the middle value, unmoved by a few slow runs.") },
            { Number, tr("σ (s)"),
                tr("Sample standard deviation (n − 1) of the wall times, in seconds; 0 for a single run.") },
            { Number, tr("Min (s)"), tr("Fastest run, in seconds.") },
            { Number, tr("Max (s)"), tr("Slowest run, in seconds.") },
            { Number, tr("95 % CI (s)"),
                tr("95 % confidence interval of the mean (Student t), in seconds; needs at least two runs.") },
            { Number, tr("Ideal (s)"),
                tr("The ideal bound h·⌈n / w⌉ in seconds: the time if running tasks side by side cost nothing; — "
                   "when the workers are unknown.") },
            { Number, tr("Mean / ideal"),
                tr("Mean divided by the ideal bound: 1× would mean the strategy added no overhead at all.") },
            { Number, tr("Outliers"),
                tr("Runs whose modified z-score exceeds 3.5 (Iglewicz & Hoaglin), among all runs at this task "
                   "count.") },
            { Number, tr("Peak RSS"),
                tr("The tool's peak resident memory during a run, mean over the runs; — when no run measured it.") },
            { Number, tr("Workers' RSS"),
                tr("The sum of the worker processes' peak resident memory during a run, mean over the runs; 0 for "
                   "strategies without workers, — when no run measured it.") },
        },
        parent)
{
    Q_ASSERT(columnCount() == NUM_COLUMNS);
}

QVariant StatisticsModel::cellData(int row, int column, int role) const
{
    const Row& line = m_rows[row];
    const TaskCountPoint& point = line.point;
    const SampleStats& s = point.stats;

    if (role == StrategyRole)
        return int(line.series.strategy);
    if (role == SeriesRole)
        return line.seriesIndex;
    if (column == StrategyColumn)
        return seriesCellData(line.series, role);
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
        case PeakRssColumn:
            return meanKibText(point.peakRssKiB);
        case WorkersRssColumn:
            return meanKibText(point.workersPeakRssKiB);
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
        case PeakRssColumn:
            return finiteOrInvalid(point.peakRssKiB);
        case WorkersRssColumn:
            return finiteOrInvalid(point.workersPeakRssKiB);
        case StrategyColumn:
        case NUM_COLUMNS:
            break;
        }
    } else if (role == Qt::ToolTipRole && column == CiColumn && !std::isfinite(s.ciLow)) {
        return tr("A confidence interval needs at least two runs.");
    } else if (role == Qt::ToolTipRole && (column == PeakRssColumn || column == WorkersRssColumn)
        && std::isfinite(point.threadsCreated) && std::isfinite(point.processesCreated)) {
        // Memory goes with what holds it: the threads and processes a run created.
        return tr("A run created %1 threads and %2 processes on average.")
            .arg(QString::number(point.threadsCreated, 'g', 4), QString::number(point.processesCreated, 'g', 4));
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
    : ReportTableModel(
        {
            { Text, tr("Runtime"),
                tr("Where the series this band compares ran: native (the engine) or python (CPython). Each runtime has "
                   "a table of its own: a Python user chooses among CPython's ways, not between CPython and the "
                   "engine.") },
            { Text, tr("Tasks"),
                tr("The task counts n this verdict holds for; neighbouring task counts with the same verdict form "
                   "one band.") },
            { Text, tr("Winner"),
                tr("The strategy with the lowest mean time when its 95 % confidence interval is apart from the "
                   "runner-up's; otherwise no clear winner.") },
            { Text, tr("Leader"),
                tr("The strategy with the lowest mean time, whether or not the difference is clear.") },
            { Text, tr("Runner-up"), tr("The strategy with the second-lowest mean time.") },
            { Number, tr("Margin"),
                tr("How much slower the runner-up is than the leader: runner-up mean / leader mean − 1, the "
                   "smallest over the band.") },
        },
        parent)
{
    Q_ASSERT(columnCount() == NUM_COLUMNS);
}

QVariant DecisionModel::cellData(int row, int column, int role) const
{
    const DecisionRow& band = m_rows[row];

    const auto series = [this](int i) { return i >= 0 && i < m_series.size() ? m_series[i] : SeriesCell {}; };
    if (role == StrategyRole)
        return band.winner ? int(series(*band.winner).strategy) : -1;
    if (role == SeriesRole)
        return band.winner ? *band.winner : -1;

    switch (Columns(column)) {
    case RuntimeColumn:
        return runtimeCellData(band, role);
    case TasksColumn:
        if (role == Qt::DisplayRole)
            return taskRangeText(band);
        if (role == SortRole)
            return band.fromTasks;
        break;
    case WinnerColumn:
        if (band.winner && role == Qt::ToolTipRole) {
            return band.runnerUp ? tr("The 95 % confidence intervals of %1's and %2's means are apart here.")
                                       .arg(series(*band.winner).name, series(*band.runnerUp).name)
                                 : tr("%1 was the only series measured here.").arg(series(*band.winner).name);
        }
        if (band.winner)
            return seriesCellData(series(*band.winner), role);
        if (role == Qt::DisplayRole || role == SortRole)
            return tr("no clear winner");
        if (role == Qt::ToolTipRole) {
            return tr("The 95 % confidence intervals of %1's and %2's means overlap, or one of them rests on a single "
                      "run: the difference measured may be chance.")
                .arg(series(band.leader).name, band.runnerUp ? series(*band.runnerUp).name : tr("the runner-up"));
        }
        break;
    case LeaderColumn:
        return seriesCellData(series(band.leader), role);
    case RunnerUpColumn:
        if (band.runnerUp)
            return seriesCellData(series(*band.runnerUp), role);
        if (role == Qt::DisplayRole)
            return QStringLiteral("—");
        break;
    case MarginColumn:
        return marginCellData(band, role);
    case NUM_COLUMNS:
        break;
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

bool DecisionModel::anyBeyondNative() const
{
    return std::any_of(
        m_rows.cbegin(), m_rows.cend(), [](const DecisionRow& band) { return band.runtime != RuntimeKind::Native; });
}

// --- ArticleDecisionModel

ArticleDecisionModel::ArticleDecisionModel(QObject* parent)
    : ReportTableModel(
        {
            { Text, tr("Bottleneck"),
                tr("What limits the tasks: computing on the CPU, or waiting on input and output (IO).") },
            { Text, tr("Example"), tr("The kind of task the article had in mind.") },
            { Text, tr("Tasks"), tr("How many tasks the batch has.") },
            { Text, tr("Optimize with"), tr("What the article recommends running such a batch with.") },
        },
        parent)
    , m_rows(articleDecisionTable())
{
    Q_ASSERT(columnCount() == NUM_COLUMNS);
}

QVariant ArticleDecisionModel::cellData(int row, int column, int role) const
{
    // Text only, which sorts as it reads.
    if (role != Qt::DisplayRole && role != SortRole)
        return {};
    const ArticleDecisionRow& line = m_rows[row];
    switch (Columns(column)) {
    case BottleneckColumn:
        return line.bottleneck;
    case ExampleColumn:
        return line.example;
    case TasksColumn:
        return line.tasks;
    case OptimizeWithColumn:
        return line.optimizeWith;
    case NUM_COLUMNS:
        break;
    }
    return {};
}

// --- CostModelModel

CostModelModel::CostModelModel(QObject* parent)
    : ReportTableModel(
        {
            { Text, tr("Strategy"), tr("How the batch of tasks was run.") },
            { Number, tr("w (tasks at once)"),
                tr("w: how many tasks can run at once, over the strategy's OK runs (a range when it grows with "
                   "n).") },
            { Number, tr("y (ms / dispatch)"),
                tr("y: the overhead per task handed to a worker, in milliseconds, from T = h·⌈n / w⌉ + (n / w)·y "
                   "+ o; not separable when n / w hardly varied.") },
            { Number, tr("o (s)"),
                tr("o: the fixed overhead of a batch (starting and stopping the pool), in seconds.") },
            { Number, tr("Model R²"),
                tr("How much of the variation in the measured times the cost model explains (1 = all; 0 when it "
                   "only fits a constant).") },
            { Text, tr("Trendline (T in s, n tasks)"),
                tr("Least-squares quadratic through the mean (or median) time at each task count.") },
            { Number, tr("Trendline R²"),
                tr("How much of the variation between task counts the trendline explains (1 = all).") },
            { Number, tr("Runs"),
                tr("OK runs fitted; runs that were refused, crashed, cancelled or failed are counted apart and "
                   "left out.") },
        },
        parent)
{
    Q_ASSERT(columnCount() == NUM_COLUMNS);
}

QVariant CostModelModel::cellData(int row, int column, int role) const
{
    const StrategyAnalysis& analysis = m_rows[row];
    const CostModel& model = analysis.model;
    const QuadraticFit& fit = analysis.fit;

    if (role == StrategyRole)
        return int(analysis.strategy);
    if (role == SeriesRole)
        return row;

    switch (Columns(column)) {
    case StrategyColumn:
        return seriesCellData(m_series.value(row), role);
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

void CostModelModel::resetData(const AnalysisReport& report)
{
    beginResetModel();
    m_rows = report.strategies;
    m_series = seriesCells(report);
    endResetModel();
}

// --- WorkloadDecisionModel

WorkloadDecisionModel::WorkloadDecisionModel(QObject* parent)
    : ReportTableModel(
        {
            { Text, tr("Workload"), tr("What the tasks did, with what sets these runs apart from the others.") },
            { Text, tr("Runtime"),
                tr("Where the series this band compares ran: native (the engine) or python (CPython).") },
            { Number, tr("Tasks"), tr("The band of task counts the verdict holds for.") },
            { Text, tr("Measured winner"),
                tr("The fastest series when its 95 % confidence interval is apart from the runner-up's.") },
            { Number, tr("Margin"), tr("How much slower the runner-up was, at the band's closest task count.") },
            { Text, tr("The article says"),
                tr("The article's recommendation for this workload's bottleneck and task count (multiprocessing: "
                   "processes; multithreading: threads; both: blended).") },
            { Text, tr("Agrees"), tr("Whether the measured winner is the strategy the article recommends.") },
        },
        parent)
{
    Q_ASSERT(columnCount() == NUM_COLUMNS);
}

void WorkloadDecisionModel::resetData(const QList<AnalysisReport>& reports)
{
    beginResetModel();
    m_rows = workloadDecisionTable(reports);
    m_groups.clear();
    m_series.clear();
    for (const AnalysisReport& report : reports) {
        m_groups.append(reportGroupText(report));
        m_series.append(seriesCells(report));
    }
    endResetModel();
}

bool WorkloadDecisionModel::anyBeyondNative() const
{
    return std::any_of(m_rows.cbegin(), m_rows.cend(),
        [](const WorkloadDecisionRow& row) { return row.band.runtime != RuntimeKind::Native; });
}

QVariant WorkloadDecisionModel::cellData(int row, int column, int role) const
{
    const WorkloadDecisionRow& line = m_rows[row];
    const DecisionRow& band = line.band;
    const QList<SeriesCell>& series = m_series[line.report];
    const auto cell = [&series](int i) { return i >= 0 && i < series.size() ? series[i] : SeriesCell {}; };
    if (role == StrategyRole)
        return band.winner ? int(cell(*band.winner).strategy) : -1;
    if (role == SeriesRole)
        return band.winner ? *band.winner : -1;

    switch (Columns(column)) {
    case WorkloadColumn:
        if (role == Qt::DisplayRole || role == SortRole)
            return m_groups[line.report];
        break;
    case RuntimeColumn:
        return runtimeCellData(band, role);
    case TasksColumn:
        if (role == Qt::DisplayRole)
            return taskRangeText(band);
        if (role == SortRole)
            return band.fromTasks;
        break;
    case WinnerColumn:
        if (band.winner)
            return seriesCellData(cell(*band.winner), role);
        if (role == Qt::DisplayRole || role == SortRole)
            return tr("no clear winner (%1 leads)").arg(cell(band.leader).name);
        break;
    case MarginColumn:
        return marginCellData(band, role);
    case ArticleColumn:
        if (role == Qt::DisplayRole || role == SortRole)
            return articleAnswerText(line.article);
        break;
    case AgreesColumn:
        if (role == Qt::DisplayRole || role == SortRole)
            return agreementText(line.article);
        if (role == Qt::ForegroundRole && line.article.agrees)
            return *line.article.agrees ? QColor(0x00, 0x9E, 0x73) : QColor(0xD5, 0x5E, 0x00);
        break;
    case NUM_COLUMNS:
        break;
    }
    return {};
}
