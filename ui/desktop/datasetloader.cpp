#include "datasetloader.h"

#include "runjournal.h"

#include <QMetaObject>
#include <atomic>
#include <memory>

DataSetLoader::DataSetLoader(QObject* parent)
    : QObject(parent)
    , m_jobs(this)
{ }

DataSetLoader::~DataSetLoader() = default;

void DataSetLoader::start(const QString& path, Source source)
{
    if (isLoading())
        cancel();
    m_path = path;
    m_source = source;
    m_jobs.start(
        [this, path, source](quint64 id) {
            // Told a thousand times at most: the bar moves by a pixel or less between two.
            auto shown = std::make_shared<std::atomic<qint64>>(-1);
            const ReadProgress tell = [this, id, shown](qint64 done, qint64 total) {
                const qint64 permille = total > 0 ? done * 1000 / total : 0;
                if (shown->exchange(permille) != permille) {
                    QMetaObject::invokeMethod(
                        this,
                        [this, id, done, total] {
                            if (m_jobs.isCurrent(id))
                                emit progress(done, total);
                        },
                        Qt::QueuedConnection);
                }
                return m_jobs.isCurrent(id); // cancel() made this load stale: stop reading
            };
            Outcome outcome;
            outcome.path = path;
            outcome.source = source;
            if (source == Source::Journal) {
                if (std::optional<JournalContents> contents = RunJournal::load(path, &outcome.error, tell)) {
                    outcome.set.results = std::move(contents->set);
                    outcome.notes = contents->notes;
                    outcome.ok = true;
                }
            } else if (std::optional<ResultSet> results = readResultFile(path, &outcome.error, &outcome.notes, tell)) {
                outcome.set.results = std::move(*results);
                outcome.ok = true;
            }
            if (outcome.ok && m_jobs.isCurrent(id))
                nameSeries(outcome.set); // a few hundred ms for a million runs: not on the GUI thread
            return outcome;
        },
        [this](const Outcome& outcome) { emit finished(outcome); });
}

void DataSetLoader::cancel()
{
    if (!isLoading())
        return;
    m_jobs.cancel();
    Outcome outcome;
    outcome.path = m_path;
    outcome.source = m_source;
    outcome.cancelled = true;
    emit finished(outcome);
}
