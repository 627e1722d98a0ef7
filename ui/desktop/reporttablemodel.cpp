#include "reporttablemodel.h"

#include "runresult.h"

ReportTableModel::ReportTableModel(QList<Column> columns, QObject* parent)
    : QAbstractTableModel(parent)
    , m_columns(std::move(columns))
{ }

int ReportTableModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : rowTotal();
}

int ReportTableModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_columns.size());
}

QVariant ReportTableModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    if (role == Qt::TextAlignmentRole) {
        // Text keeps the view's default alignment.
        return m_columns[index.column()].alignment == Number ? QVariant(int(Qt::AlignRight | Qt::AlignVCenter))
                                                             : QVariant();
    }
    return cellData(index.row(), index.column(), role);
}

QVariant ReportTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= m_columns.size())
        return {};
    const Column& column = m_columns[section];
    switch (role) {
    case Qt::DisplayRole:
        return column.title;
    case Qt::ToolTipRole:
        return column.toolTip;
    case Qt::TextAlignmentRole:
        // Headers are centred by default, which puts them off the edge their column's values line up on.
        return int((column.alignment == Number ? Qt::AlignRight : Qt::AlignLeft) | Qt::AlignVCenter);
    }
    return {};
}

QVariant ReportTableModel::seriesCellData(const SeriesCell& series, int role)
{
    switch (role) {
    case Qt::DisplayRole:
    case SortRole:
        return series.name;
    case Qt::DecorationRole:
        return series.color;
    case Qt::ToolTipRole:
        return strategyDescription(series.strategy);
    }
    return {};
}
