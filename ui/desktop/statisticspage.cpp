#include "statisticspage.h"

#include "datasetanalysis.h"
#include "reportmodels.h"
#include "tableview.h"

#include <QVBoxLayout>

StatisticsPage::StatisticsPage(const DataSetAnalysis* analysis, QWidget* parent)
    : QWidget(parent)
    , m_model(new StatisticsModel(this))
    , m_view(new TableView(m_model, this))
{
    followReport(m_model, analysis);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_view);
}
