#include "resultsmodel.h"

#include "analysis.h"
#include "analysisreport.h"
#include "strategies.h"
#include "strategystyle.h"
#include "wording.h"

#include <QColor>

namespace {
bool isNumeric(int column)
{
    return column != ResultsModel::StrategyColumn && column != ResultsModel::WorkloadColumn
        && column != ResultsModel::StatusColumn && column != ResultsModel::MessageColumn;
}

// Chunk size only steers the processes strategy; elsewhere the column would show a value that changed nothing.
bool hasChunksize(const RunSpec& spec)
{
    return strategyReads(spec.strategy, RunSetting::Chunksize);
}

// A failed, refused or crashed run is an error to notice; a cancelled one was the user's choice.
QColor statusColor(RunStatus status)
{
    return status == RunStatus::Cancelled ? QColor(0x80, 0x80, 0x80) : QColor(0xD5, 0x5E, 0x00);
}

QVariant display(const RunResult& run, const QString& series, int row, int column)
{
    const RunSpec& spec = run.spec;
    // 0 threads or processes: the result file did not say, which is not the same as none.
    auto count = [](int value) { return value > 0 ? QString::number(value) : QString(); };
    switch (column) {
    case ResultsModel::RunColumn:
        return row + 1;
    case ResultsModel::StrategyColumn:
        return series.isEmpty() ? strategyName(spec.strategy) : series;
    case ResultsModel::WorkloadColumn:
        return workloadName(spec.workload);
    case ResultsModel::TaskMsColumn:
        return spec.taskMs == TaskMsUnknown ? QVariant(QString()) : QVariant(spec.taskMs); // empty: not said
    case ResultsModel::TasksColumn:
        return spec.tasks;
    case ResultsModel::ThreadsColumn:
        return count(spec.threads);
    case ResultsModel::ProcessesColumn:
        return count(spec.processes);
    case ResultsModel::ChunksizeColumn:
        return hasChunksize(spec) ? chunksizeName(spec.chunksize) : QString();
    case ResultsModel::RepeatColumn:
        return spec.repeat;
    case ResultsModel::SecondsColumn:
        return runSecondsText(run.seconds);
    case ResultsModel::IdealColumn:
        return run.idealSeconds > 0 ? runSecondsText(run.idealSeconds) : QString();
    case ResultsModel::RatioColumn:
        // The time of a run that did not finish says nothing about the strategy's overhead.
        return run.isOk() && run.idealSeconds > 0 ? idealRatioText(run.seconds, run.idealSeconds) + u'×' : QString();
    case ResultsModel::StatusColumn:
        return statusName(run.status);
    case ResultsModel::MessageColumn:
        return run.message;
    }
    return {};
}

QVariant sortValue(const RunResult& run, const QString& series, int row, int column)
{
    const RunSpec& spec = run.spec;
    // Unknown values sort as invalid variants, which QSortFilterProxyModel keeps together after the known ones.
    auto known = [](double value) { return value > 0 ? QVariant(value) : QVariant(); };
    switch (column) {
    case ResultsModel::ThreadsColumn:
        return known(spec.threads);
    case ResultsModel::ProcessesColumn:
        return known(spec.processes);
    case ResultsModel::ChunksizeColumn:
        return hasChunksize(spec) ? QVariant(spec.chunksize) : QVariant();
    case ResultsModel::SecondsColumn:
        return run.seconds;
    case ResultsModel::IdealColumn:
        return known(run.idealSeconds);
    case ResultsModel::RatioColumn:
        return run.isOk() && run.idealSeconds > 0 ? QVariant(run.seconds / run.idealSeconds) : QVariant();
    case ResultsModel::StatusColumn:
        return int(run.status);
    default:
        return display(run, series, row, column);
    }
}
} // namespace

ResultsModel::ResultsModel(QObject* parent)
    : QAbstractTableModel(parent)
{ }

int ResultsModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_runs.size());
}

int ResultsModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : NUM_COLUMNS;
}

QVariant ResultsModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const int row = index.row();
    const int column = index.column();
    const RunResult& run = m_runs[row];

    switch (role) {
    case Qt::DisplayRole:
        return display(run, m_seriesNames.value(row), row, column);
    case SortRole:
        return sortValue(run, m_seriesNames.value(row), row, column);
    case SeriesRole:
        return m_seriesNames.value(row);
    case RunResultRole:
        return QVariant::fromValue(run);
    case StrategyRole:
        return int(run.spec.strategy);
    case Qt::TextAlignmentRole:
        if (isNumeric(column))
            return int(Qt::AlignRight | Qt::AlignVCenter);
        break;
    case Qt::DecorationRole:
        if (column == StrategyColumn)
            return seriesColor(run.spec.strategy, m_seriesRanks.value(row));
        break;
    case Qt::ForegroundRole:
        if (column == StatusColumn && !run.isOk())
            return statusColor(run.status);
        break;
    case Qt::ToolTipRole:
        if (column == StrategyColumn)
            return strategyDescription(run.spec.strategy);
        if ((column == StatusColumn || column == MessageColumn) && !run.message.isEmpty())
            return run.message;
        break;
    }
    return {};
}

QVariant ResultsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= NUM_COLUMNS)
        return {};
    if (role == Qt::TextAlignmentRole)
        return isNumeric(section) ? int(Qt::AlignRight | Qt::AlignVCenter) : int(Qt::AlignLeft | Qt::AlignVCenter);
    if (role == Qt::DisplayRole) {
        switch (Columns(section)) {
        case RunColumn:
            return tr("Run");
        case StrategyColumn:
            return tr("Strategy");
        case WorkloadColumn:
            return tr("Workload");
        case TaskMsColumn:
            return tr("Task (ms)");
        case TasksColumn:
            return tr("Tasks");
        case ThreadsColumn:
            return tr("Threads");
        case ProcessesColumn:
            return tr("Processes");
        case ChunksizeColumn:
            return tr("Chunk size");
        case RepeatColumn:
            return tr("Repeat");
        case SecondsColumn:
            return tr("Time (s)");
        case IdealColumn:
            return tr("Ideal (s)");
        case RatioColumn:
            return tr("Time / ideal");
        case StatusColumn:
            return tr("Status");
        case MessageColumn:
            return tr("Message");
        case NUM_COLUMNS:
            break;
        }
    } else if (role == Qt::ToolTipRole) {
        switch (Columns(section)) {
        case RunColumn:
            return tr("Position of the run in the data set, in the order the runs were measured or read.");
        case StrategyColumn:
            return tr("How the batch of tasks was run: %1, with the settings that tell the strategy's series in this "
                      "data set apart (C processes, T threads, K chunk size).")
                .arg(strategyNamesText());
        case WorkloadColumn: {
            QStringList labels;
            for (WorkloadKind kind : allWorkloadKinds())
                labels.append(workloadLabel(kind));
            return tr("What a task does: %1.").arg(listText(labels, u" or "));
        }
        case TaskMsColumn:
            return tr("h: how long one task takes on its own, in milliseconds.");
        case TasksColumn:
            return tr("n: how many tasks the batch had.");
        case ThreadsColumn:
            return tr("Threads per process; empty when the result file did not say.");
        case ProcessesColumn:
            return tr("Worker processes; empty when the result file did not say.");
        case ChunksizeColumn:
            return tr("Tasks handed to a worker process at a time (processes strategy only); python is Pool.map's "
                      "rule ⌈n / (4 × processes)⌉.");
        case RepeatColumn:
            return tr("Which repetition of the same configuration this run was.");
        case SecondsColumn:
            return tr("Wall time from starting the strategy (pool creation included) to the end of the last task, in "
                      "seconds.");
        case IdealColumn:
            return tr("The ideal bound h·⌈n / w⌉ in seconds: the time if running tasks side by side cost nothing; "
                      "empty when the workers are unknown.");
        case RatioColumn:
            return tr("Measured time divided by the ideal bound: how much the strategy's overhead added; shown for "
                      "OK runs only.");
        case StatusColumn:
            return tr("ok, or why the run did not finish: refused (the OS refused a thread or process), crashed, "
                      "cancelled or failed.");
        case MessageColumn:
            return tr("What stopped a run that is not ok.");
        case NUM_COLUMNS:
            break;
        }
    }
    return {};
}

void ResultsModel::resetData(const QList<RunResult>& runs)
{
    beginResetModel();
    m_runs = runs;
    m_seriesNames = seriesNamesOfRuns(m_runs, &m_seriesRanks);
    endResetModel();
}

void ResultsModel::appendRun(const RunResult& run)
{
    const int row = int(m_runs.size());
    beginInsertRows({}, row, row);
    m_runs.append(run);
    // A new run can make a strategy's first series one of two, which renames the rows before it.
    QList<int> ranks;
    const QStringList names = seriesNamesOfRuns(m_runs, &ranks);
    const bool renamed = names.mid(0, row) != m_seriesNames || ranks.mid(0, row) != m_seriesRanks;
    m_seriesNames = names;
    m_seriesRanks = ranks;
    endInsertRows();
    if (renamed)
        emit dataChanged(index(0, StrategyColumn), index(row - 1, StrategyColumn));
}
