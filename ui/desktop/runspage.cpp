#include "runspage.h"

#include "datasetstore.h"
#include "resultsmodel.h"
#include "tableview.h"

#include <QHeaderView>
#include <QSortFilterProxyModel>
#include <QVBoxLayout>

RunsPage::RunsPage(const DataSetStore* store, QWidget* parent)
    : QWidget(parent)
    , m_store(store)
    , m_model(new ResultsModel(this))
    , m_proxy(new QSortFilterProxyModel(this))
{
    m_proxy->setSourceModel(m_model);
    m_proxy->setSortRole(ResultsModel::SortRole);
    m_view = new TableView(m_proxy, this);
    // The runs in the order they were measured or read, which is the model's: no sort column, so that the proxy does
    // not sort a million rows into the order they already have each time a set is shown. A click on a header sorts.
    m_view->horizontalHeader()->setSortIndicator(-1, Qt::AscendingOrder);
    m_view->setSortingEnabled(true);
    // Where a run ran beside how: the column is a field of the file formats, which list it last, but it is read with
    // the strategy.
    QHeaderView* header = m_view->horizontalHeader();
    header->moveSection(
        header->visualIndex(ResultsModel::RuntimeColumn), header->visualIndex(ResultsModel::StrategyColumn) + 1);

    connect(
        m_store, &DataSetStore::currentChanged, this, [this](int index) { m_model->showDataSet(&m_store->at(index)); });
    connect(m_store, &DataSetStore::runAppended, this, [this](int index, bool renamed) {
        if (index == m_store->currentIndex())
            m_model->dataSetGrew(renamed);
    });

    connect(m_view, &QAbstractItemView::activated, this, [this](const QModelIndex& index) {
        if (index.isValid())
            emit runActivated(m_proxy->mapToSource(index).row());
    });

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_view);
}
