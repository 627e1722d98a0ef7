#pragma once

#include <QWidget>

class DataSetStore;
class QSortFilterProxyModel;
class QTableView;
class ResultsModel;

// The Runs tab: every run of the data set on show, one row each, read in place from the store, sortable by any
// column; a sweep's runs appear as they finish. A double-click on a row opens that run's timeline.
class RunsPage : public QWidget
{
    Q_OBJECT
public:
    explicit RunsPage(const DataSetStore* store, QWidget* parent = nullptr);

    QTableView* view() const { return m_view; }
    ResultsModel* model() const { return m_model; }

signals:
    // A row was double-clicked (or Enter pressed on it): the run at `index` of the data set on show, from 0.
    void runActivated(int index);

private:
    const DataSetStore* m_store;
    ResultsModel* m_model;
    QSortFilterProxyModel* m_proxy;
    QTableView* m_view;
};
