#pragma once

#include <QWidget>

class DataSetAnalysis;
class QTableView;
class StatisticsModel;

// The Statistics tab: per series and task count, the runs' mean, median, spread, 95 % CI and outliers.
class StatisticsPage : public QWidget
{
    Q_OBJECT
public:
    explicit StatisticsPage(const DataSetAnalysis* analysis, QWidget* parent = nullptr);

    QTableView* view() const { return m_view; }

private:
    StatisticsModel* m_model;
    QTableView* m_view;
};
