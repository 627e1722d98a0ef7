#include "resultsmodel.h"

#include "analysis.h"
#include "analysisreport.h"
#include "runfields.h"
#include "strategies.h"
#include "strategystyle.h"

#include <QColor>

namespace {
// The table's columns: the run's position in the data set, then each field of runFields() that has a title, in that
// order, with the ratio of the time to the ideal bound after the bound. Null: a column that is not a field.
const QList<const RunField*>& columnFields()
{
    static const QList<const RunField*> columns = [] {
        QList<const RunField*> list { nullptr }; // RunColumn
        for (const RunField& field : runFields()) {
            if (!field.title)
                continue;
            list.append(&field);
            if (field.key == QLatin1String("ideal_seconds"))
                list.append(nullptr); // RatioColumn
        }
        // The enum names the columns; a titled field without its enumerator would shift every column after it.
        if (list.size() != ResultsModel::NUM_COLUMNS)
            qFatal("ResultsModel::Columns has %d columns, runFields() gives %d: update the enum",
                int(ResultsModel::NUM_COLUMNS), int(list.size()));
        return list;
    }();
    return columns;
}

const RunField* columnField(int column)
{
    return columnFields().value(column);
}

// The column table: a field's title with its unit, and its tooltip, translated in the "ResultsModel" context that
// runfields.cpp marks them in.
QList<ReportTableModel::Column> columnTable()
{
    QList<ReportTableModel::Column> columns;
    for (int column = 0; column < columnFields().size(); ++column) {
        const RunField* field = columnField(column);
        if (column == ResultsModel::RunColumn) {
            columns.append({ ReportTableModel::Number, ResultsModel::tr("Run"),
                ResultsModel::tr("Position of the run in the data set, in the order the runs were measured or "
                                 "read.") });
        } else if (column == ResultsModel::RatioColumn) {
            columns.append({ ReportTableModel::Number, ResultsModel::tr("Time / ideal"),
                ResultsModel::tr("Measured time divided by the ideal bound: how much the strategy's overhead added; "
                                 "shown for OK runs only.") });
        } else {
            const QString title = ResultsModel::tr(field->title);
            const QString toolTip = ResultsModel::tr(field->toolTip);
            const bool text = field->type == FieldType::Name || field->type == FieldType::Text;
            columns.append({ text ? ReportTableModel::Text : ReportTableModel::Number,
                field->unit ? QStringLiteral("%1 (%2)").arg(title, QLatin1String(field->unit)) : title,
                field->toolTipList ? toolTip.arg(field->toolTipList()) : toolTip });
        }
    }
    return columns;
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

// A field's value as the table shows it: unknown is an empty cell (0 threads or processes: the result file did not
// say, which is not the same as none).
QVariant shown(const FieldValue& value)
{
    if (const auto* text = std::get_if<QString>(&value))
        return *text;
    if (const auto* integer = std::get_if<qint64>(&value))
        return int(*integer);
    if (const auto* seconds = std::get_if<double>(&value))
        return runSecondsText(*seconds);
    return QString();
}

// Unknown values sort as invalid variants, which QSortFilterProxyModel keeps together after the known ones.
QVariant sortNumber(const FieldValue& value)
{
    if (const auto* integer = std::get_if<qint64>(&value))
        return *integer;
    if (const auto* number = std::get_if<double>(&value))
        return *number;
    return QVariant();
}

QVariant display(const RunResult& run, int row, int column)
{
    switch (column) {
    case ResultsModel::RunColumn:
        return row + 1;
    case ResultsModel::ChunksizeColumn:
        if (!hasChunksize(run.spec))
            return QString();
        break;
    case ResultsModel::IdealColumn:
        if (run.idealSeconds <= 0)
            return QString(); // unknown
        break;
    case ResultsModel::RatioColumn:
        // The time of a run that did not finish says nothing about the strategy's overhead.
        return run.isOk() && run.idealSeconds > 0 ? idealRatioText(run.seconds, run.idealSeconds) + u'×' : QString();
    default:
        break;
    }
    const RunField* field = columnField(column);
    return field ? shown(field->get(run)) : QVariant();
}

QVariant sortValue(const RunResult& run, int row, int column)
{
    switch (column) {
    case ResultsModel::ThreadsColumn:
    case ResultsModel::ProcessesColumn:
    case ResultsModel::SecondsColumn:
        return sortNumber(columnField(column)->get(run));
    case ResultsModel::ChunksizeColumn:
        return hasChunksize(run.spec) ? QVariant(run.spec.chunksize) : QVariant();
    case ResultsModel::IdealColumn:
        return run.idealSeconds > 0 ? QVariant(run.idealSeconds) : QVariant();
    case ResultsModel::RatioColumn:
        return run.isOk() && run.idealSeconds > 0 ? QVariant(run.seconds / run.idealSeconds) : QVariant();
    case ResultsModel::StatusColumn:
        return int(run.status);
    default:
        return display(run, row, column);
    }
}
} // namespace

ResultsModel::ResultsModel(QObject* parent)
    : ReportTableModel(columnTable(), parent)
{
    // The names callers use for the columns follow the fields' order.
    Q_ASSERT(columnFields().size() == NUM_COLUMNS);
    Q_ASSERT(columnField(StrategyColumn)->key == QLatin1String("strategy"));
    Q_ASSERT(columnField(MessageColumn)->key == QLatin1String("message"));
    Q_ASSERT(!columnField(RatioColumn));
}

QVariant ResultsModel::cellData(int row, int column, int role) const
{
    const RunResult& run = m_set->results.runs[row];
    switch (role) {
    case SeriesRole:
        return m_set->seriesNames.value(row);
    case RunResultRole:
        return QVariant::fromValue(run);
    case StrategyRole:
        return int(run.spec.strategy);
    }
    if (column == StrategyColumn) {
        const QString name = m_set->seriesNames.value(row);
        return seriesCellData({ run.spec.strategy, name.isEmpty() ? strategyName(run.spec.strategy) : name,
                                  seriesColor(run.spec.strategy, m_set->seriesRanks.value(row)) },
            role);
    }
    switch (role) {
    case Qt::DisplayRole:
        return display(run, row, column);
    case SortRole:
        return sortValue(run, row, column);
    case Qt::ForegroundRole:
        if (column == StatusColumn && !run.isOk())
            return statusColor(run.status);
        break;
    case Qt::ToolTipRole:
        if ((column == StatusColumn || column == MessageColumn) && !run.message.isEmpty())
            return run.message;
        break;
    }
    return {};
}

void ResultsModel::resetData(const QList<RunResult>& runs)
{
    beginResetModel();
    m_own.results.runs = runs;
    nameSeries(m_own);
    m_set = &m_own;
    m_rows = int(runs.size());
    endResetModel();
}

void ResultsModel::appendRun(const RunResult& run)
{
    if (m_set != &m_own)
        resetData({});
    dataSetGrew(appendNamedRun(m_own, run));
}

void ResultsModel::showDataSet(const DataSet* set)
{
    beginResetModel();
    m_own = {};
    m_set = set ? set : &m_own;
    m_rows = int(m_set->results.runs.size());
    endResetModel();
}

void ResultsModel::dataSetGrew(bool renamed)
{
    const int first = m_rows;
    const int rows = int(m_set->results.runs.size());
    if (rows <= first)
        return;
    beginInsertRows({}, first, rows - 1);
    m_rows = rows;
    endInsertRows();
    // A new run can make a strategy's first series one of two, which renames the rows before it.
    if (renamed && first > 0)
        emit dataChanged(index(0, StrategyColumn), index(first - 1, StrategyColumn));
}
