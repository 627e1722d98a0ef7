#include "costmodelpage.h"

#include "datasetanalysis.h"
#include "reportmodels.h"
#include "tableview.h"

#include <QLabel>
#include <QVBoxLayout>

CostModelPage::CostModelPage(const DataSetAnalysis* analysis, QWidget* parent)
    : QWidget(parent)
    , m_model(new CostModelModel(this))
    , m_view(new TableView(m_model, this))
{
    followReport(m_model, analysis);
    auto* note = new QLabel(
        tr("The article's model T = h·⌈n/w⌉ + (n/w)·y + o fitted to each strategy's runs: h is the task duration, "
           "w the tasks that run at once, y the overhead of handing one task to a worker and o the fixed overhead "
           "(starting the pool). h·⌈n/w⌉ alone is the ideal bound; the trendline is the quadratic fit of the means."),
        this);
    note->setWordWrap(true);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(note);
    layout->addWidget(m_view, 1);
}
