#include "tableview.h"

#include "tablecopy.h"

#include <QAction>
#include <QHeaderView>
#include <QKeyEvent>
#include <algorithm>

TableView::TableView(QAbstractItemModel* model, QWidget* parent)
    : QTableView(parent)
{
    setModel(model);
    setSelectionBehavior(QAbstractItemView::SelectItems);
    setSelectionMode(QAbstractItemView::ExtendedSelection);
    setAlternatingRowColors(true);
    setWordWrap(false);
    verticalHeader()->setVisible(false);
    // Columns as wide as their contents, also for a model that is never reset (the article's table), and no
    // stretched last column pushing its numbers to the far edge.
    horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    // Widths from the first rows and the visible ones, not from every one of thousands of runs.
    horizontalHeader()->setResizeContentsPrecision(100);
    resizeColumnsToContents();
    setContextMenuPolicy(Qt::ActionsContextMenu);
    auto* copy = new QAction(tr("Copy"), this);
    copy->setShortcut(QKeySequence::Copy);
    copy->setShortcutContext(Qt::WidgetShortcut);
    connect(copy, &QAction::triggered, this, [this] { copySelection(this); });
    addAction(copy);
    connect(model, &QAbstractItemModel::modelReset, this, [this] { resizeColumnsToContents(); });
    // A sweep appends its runs to a table sized when it was empty: a column only widens, so a name is never cut and
    // a width the person set is kept. Measured on the new rows alone: sizeHintForColumn() of a table not on show asks
    // every row, which made a sweep of 2,000 short runs hold the window up for seconds.
    connect(model, &QAbstractItemModel::rowsInserted, this, [this](const QModelIndex& parent, int first, int last) {
        const QAbstractItemModel* rows = this->model();
        for (int column = 0; column < rows->columnCount(parent); ++column) {
            int wanted = horizontalHeader()->sectionSizeHint(column);
            for (int row = first; row <= std::min(last, first + horizontalHeader()->resizeContentsPrecision()); ++row)
                wanted = std::max(wanted, sizeHintForIndex(rows->index(row, column, parent)).width());
            if (wanted > columnWidth(column))
                setColumnWidth(column, wanted);
        }
    });
}

// Ctrl+C on a table copies its selection as tab-separated text.
void TableView::keyPressEvent(QKeyEvent* event)
{
    if (event->matches(QKeySequence::Copy)) {
        copySelection(this);
        event->accept();
        return;
    }
    QTableView::keyPressEvent(event);
}
