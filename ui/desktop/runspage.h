#pragma once

#include <QWidget>

class DataSetStore;
class QSortFilterProxyModel;
class QTableView;
class ResultsModel;

// The Runs tab: every run of the data set on show, one row each, read in place from the store, sortable by any
// column; a sweep's runs appear as they finish.
class RunsPage : public QWidget
{
    Q_OBJECT
public:
    explicit RunsPage(const DataSetStore* store, QWidget* parent = nullptr);

    QTableView* view() const { return m_view; }
    ResultsModel* model() const { return m_model; }

private:
    const DataSetStore* m_store;
    ResultsModel* m_model;
    QSortFilterProxyModel* m_proxy;
    QTableView* m_view;
};
