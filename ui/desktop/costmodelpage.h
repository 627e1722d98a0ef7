#pragma once

#include <QWidget>

class CostModelModel;
class DataSetAnalysis;
class QTableView;

// The Cost model tab: the article's model T = h·⌈n/w⌉ + (n/w)·y + o fitted to each series' runs.
class CostModelPage : public QWidget
{
    Q_OBJECT
public:
    explicit CostModelPage(const DataSetAnalysis* analysis, QWidget* parent = nullptr);

    QTableView* view() const { return m_view; }

private:
    CostModelModel* m_model;
    QTableView* m_view;
};
