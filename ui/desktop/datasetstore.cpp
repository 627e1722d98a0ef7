#include "datasetstore.h"

#include "analysis.h"

void nameSeries(DataSet& set)
{
    set.seriesNames = seriesNamesOfRuns(set.results.runs, &set.seriesRanks);
}

bool appendNamedRun(DataSet& set, const RunResult& run)
{
    const qsizetype before = set.results.runs.size();
    set.results.runs.append(run);
    QList<int> ranks;
    QStringList names = seriesNamesOfRuns(set.results.runs, &ranks);
    const bool renamed = names.first(before) != set.seriesNames || ranks.first(before) != set.seriesRanks;
    set.seriesNames = std::move(names);
    set.seriesRanks = std::move(ranks);
    return renamed;
}

DataSetStore::DataSetStore(QObject* parent)
    : QObject(parent)
{ }

DataSetStore::~DataSetStore() = default;

int DataSetStore::add(DataSet set)
{
    if (set.seriesNames.size() != set.results.runs.size())
        nameSeries(set);
    m_sets.push_back(std::make_unique<DataSet>(std::move(set)));
    const int index = count() - 1;
    emit added(index);
    return index;
}

void DataSetStore::setCurrent(int index)
{
    if (index < 0 || index >= count() || index == m_current)
        return;
    m_current = index;
    emit currentChanged(index);
}

void DataSetStore::appendRun(int index, const RunResult& run)
{
    const bool renamed = appendNamedRun(set(index), run);
    emit runAppended(index, renamed);
}

void DataSetStore::setMetadata(int index, const ResultMetadata& metadata)
{
    set(index).results.metadata = metadata;
    emit changed(index);
}

void DataSetStore::setPath(int index, const QString& path)
{
    set(index).path = path;
    emit changed(index);
}

void DataSetStore::setUnsaved(int index, bool unsaved)
{
    set(index).unsaved = unsaved;
    emit changed(index);
}
