#pragma once

#include <QTableView>

// The window's tables: cells selectable and copied with Ctrl+C (or the context menu) as tab-separated text, columns
// as wide as their contents and widening, never narrowing, as rows arrive.
class TableView : public QTableView
{
    Q_OBJECT
public:
    explicit TableView(QAbstractItemModel* model, QWidget* parent = nullptr);

protected:
    void keyPressEvent(QKeyEvent* event) override;
};
