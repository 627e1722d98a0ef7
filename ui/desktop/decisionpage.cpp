#include "decisionpage.h"

#include "datasetanalysis.h"
#include "reportmodels.h"
#include "tableview.h"

#include <QLabel>
#include <QVBoxLayout>

DecisionPage::DecisionPage(const DataSetAnalysis* analysis, QWidget* parent)
    : QWidget(parent)
    , m_model(new DecisionModel(this))
    , m_articleModel(new ArticleDecisionModel(this))
    , m_workloadsModel(new WorkloadDecisionModel(this))
    , m_view(new TableView(m_model, this))
    , m_articleView(new TableView(m_articleModel, this))
    , m_workloadsView(new TableView(m_workloadsModel, this))
    , m_workloadsNote(
          new QLabel(tr("Every workload of this data set, each band beside what the article's table says for "
                        "that workload:"),
              this))
{
    followReport(m_model, analysis);
    // The runtime column only where a band is not the engine's: a data set of native runs reads as it always did.
    const auto showRuntimes
        = [this] { m_view->setColumnHidden(DecisionModel::RuntimeColumn, !m_model->anyBeyondNative()); };
    connect(m_model, &QAbstractItemModel::modelReset, this, showRuntimes);
    showRuntimes();
    const auto showWorkloads = [this, analysis] {
        m_workloadsModel->resetData(analysis->reports());
        const bool several = analysis->reports().size() > 1;
        m_workloadsNote->setVisible(several);
        m_workloadsView->setVisible(several);
        m_workloadsView->setColumnHidden(WorkloadDecisionModel::RuntimeColumn, !m_workloadsModel->anyBeyondNative());
    };
    connect(analysis, &DataSetAnalysis::reportChanged, this, showWorkloads);
    showWorkloads();
    m_workloadsNote->setWordWrap(true);
    auto* note = new QLabel(tr("Measured: per band of task counts, the fastest strategy wins when its 95 % confidence "
                               "interval does not overlap the runner-up's; otherwise there is no clear winner. Each "
                               "runtime has bands of its own, comparing its own series."),
        this);
    note->setWordWrap(true);
    auto* articleNote = new QLabel(tr("The article's own recommendation (Szewczyk, 2020), for comparison:"), this);
    articleNote->setWordWrap(true);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(note);
    layout->addWidget(m_view, 2);
    layout->addWidget(m_workloadsNote);
    layout->addWidget(m_workloadsView, 2);
    layout->addWidget(articleNote);
    layout->addWidget(m_articleView, 1);
}
