#pragma once

#include <QWidget>

class ArticleDecisionModel;
class DataSetAnalysis;
class DecisionModel;
class QTableView;

// The Decision tab: which strategy wins per band of task counts, measured, above the article's own recommendation.
class DecisionPage : public QWidget
{
    Q_OBJECT
public:
    explicit DecisionPage(const DataSetAnalysis* analysis, QWidget* parent = nullptr);

    QTableView* view() const { return m_view; }
    QTableView* articleView() const { return m_articleView; }

private:
    DecisionModel* m_model;
    ArticleDecisionModel* m_articleModel;
    QTableView* m_view;
    QTableView* m_articleView;
};
