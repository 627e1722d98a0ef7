#pragma once

#include "kinds.h"

#include <QAbstractTableModel>
#include <QColor>
#include <QList>

// A series as the tables name it: "processes C=8", in its shade of the strategy's colour (seriesStyle()).
struct SeriesCell
{
    StrategyKind strategy = StrategyKind::Threads;
    QString name;
    QColor color;
};

// What the tables of conlab-gui share, as hotspot's results models share one base: each model declares its columns
// once (how their values line up, their titles and tooltips), and the header, the column count, the alignment and the
// index checks follow from that table. A model then says only how many rows it has and what each cell shows.
class ReportTableModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Roles
    {
        SortRole = Qt::UserRole, // numbers as numbers, so a QSortFilterProxyModel sorts 100 after 20; unknown: invalid
        StrategyRole, // the row's StrategyKind as int; -1 for a row of no strategy
        SeriesRole, // the row's series: its index in the report's series (-1 for none), or in ResultsModel its name
        FirstModelRole, // where the roles of one model alone begin
    };

    // Numbers flush right, header included, so their digits line up down the column; text keeps to the left.
    enum Alignment
    {
        Text,
        Number,
    };
    struct Column
    {
        Alignment alignment = Text;
        QString title;
        QString toolTip; // a sentence that explains the column
    };

    int rowCount(const QModelIndex& parent = {}) const final;
    int columnCount(const QModelIndex& parent = {}) const final;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const final;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const final;

protected:
    // columns: one per value of the model's Columns enum, in its order.
    ReportTableModel(QList<Column> columns, QObject* parent);

    virtual int rowTotal() const = 0;
    // The value of a cell whose row and column exist; Qt::TextAlignmentRole is the column table's and never asked.
    virtual QVariant cellData(int row, int column, int role) const = 0;

    // A cell that names a series: its name (also its sort value), its colour swatch as the chart draws it, and the
    // strategy's description as tooltip.
    static QVariant seriesCellData(const SeriesCell& series, int role);

private:
    QList<Column> m_columns;
};
