#pragma once

#include "resultfile.h"

#include <QList>
#include <QObject>
#include <QString>
#include <QStringList>
#include <memory>
#include <vector>

// A set of runs the window can show: the article's, one sweep measured here, or an opened file.
struct DataSet
{
    QString title;
    ResultSet results;
    QString path; // the file it came from or was last saved to
    bool fromArticle = false;
    bool unsaved = false; // measured here and not saved since
    // Per run, the name of its series ("processes C=8") and its shade of the strategy's colour (seriesNamesOfRuns()):
    // found once where the runs are read, off the GUI thread for a file, not each time the set is shown.
    QStringList seriesNames;
    QList<int> seriesRanks;
};

// Names the series of every run of `set` (seriesNames, seriesRanks).
void nameSeries(DataSet& set);
// Appends a run and names the series again: a new run can make a strategy's first series one of two, which renames
// the runs before it. Returns whether it did.
bool appendNamedRun(DataSet& set, const RunResult& run);

// Every data set of the window, each run held here once: the runs table, the analysis, the chart and the exports read
// them from here (the table in place, the others through QList's implicit sharing). Which set is on show, and the
// runs a running sweep appends, are told by signals; the tabs react to them.
class DataSetStore : public QObject
{
    Q_OBJECT
public:
    explicit DataSetStore(QObject* parent = nullptr);
    ~DataSetStore() override;

    int count() const { return int(m_sets.size()); }
    // A set stays where it is for the store's life: a reference or pointer to it stays valid while sets are added.
    const DataSet& at(int index) const { return *m_sets.at(size_t(index)); }
    int currentIndex() const { return m_current; }
    const DataSet* current() const { return m_current >= 0 ? &at(m_current) : nullptr; }

    // Adds a set, naming its series if its reader did not, and returns its index; setCurrent() shows it.
    int add(DataSet set);
    void setCurrent(int index);
    // A sweep's finished run, at the end of its set.
    void appendRun(int index, const RunResult& run);
    // How the sweep that made the set ended (ResultSet::metadata), once it has.
    void setMetadata(int index, const ResultMetadata& metadata);
    // Saved to `path` (unsaved false) or measured anew since (unsaved true).
    void setPath(int index, const QString& path);
    void setUnsaved(int index, bool unsaved);

signals:
    void added(int index);
    void currentChanged(int index);
    // A run was appended to the set; `renamed`: the series names of the runs before it changed.
    void runAppended(int index, bool renamed);
    // Its path, unsaved flag or metadata changed.
    void changed(int index);

private:
    DataSet& set(int index) { return *m_sets.at(size_t(index)); }

    std::vector<std::unique_ptr<DataSet>> m_sets;
    int m_current = -1;
};
