#pragma once

#include <QWidget>

class ArticleDecisionModel;
class DataSetAnalysis;
class DecisionModel;
class QLabel;
class QTableView;
class WorkloadDecisionModel;

// The Decision tab: which strategy wins per band of task counts, measured, above the article's own recommendation.
class DecisionPage : public QWidget
{
    Q_OBJECT
public:
    explicit DecisionPage(const DataSetAnalysis* analysis, QWidget* parent = nullptr);

    QTableView* view() const { return m_view; }
    QTableView* articleView() const { return m_articleView; }
    // Every workload's bands beside the article's answer; shown when the data set holds several workloads.
    QTableView* workloadsView() const { return m_workloadsView; }

private:
    DecisionModel* m_model;
    ArticleDecisionModel* m_articleModel;
    WorkloadDecisionModel* m_workloadsModel;
    QTableView* m_view;
    QTableView* m_articleView;
    QTableView* m_workloadsView;
    QLabel* m_workloadsNote;
};
