#pragma once

#include "datasetstore.h"
#include "jobtracker.h"

#include <QObject>
#include <QString>
#include <QStringList>

// Reads a result file or a sweep's journal on a worker thread of its own, so that opening a million runs never holds
// the window up: the reading, the parsing and the naming of each run's series happen there, and progress (bytes
// read) comes back now and then. cancel() stops the read where it is; nothing of it is kept.
class DataSetLoader : public QObject
{
    Q_OBJECT
public:
    enum class Source
    {
        ResultFile, // readResultFile(): CSV, JSON or a journal
        Journal, // RunJournal::load(): an interrupted sweep's journal, restored
    };

    // What a load came to.
    struct Outcome
    {
        QString path;
        Source source = Source::ResultFile;
        bool ok = false;
        bool cancelled = false;
        QString error; // when neither ok nor cancelled
        DataSet set; // when ok: its runs and their series' names; the title and the path are the caller's to give
        QStringList notes; // what a damaged journal's end lost
    };

    explicit DataSetLoader(QObject* parent = nullptr);
    ~DataSetLoader() override;

    // Starts reading `path`; one load at a time: a load under way is cancelled first.
    void start(const QString& path, Source source);
    void cancel();
    bool isLoading() const { return m_jobs.isRunning(); }
    QString path() const { return m_path; }

signals:
    // Bytes read of the whole, at most a thousand times a load.
    void progress(qint64 done, qint64 total);
    // The load ended: read, failed or cancelled.
    void finished(const DataSetLoader::Outcome& outcome);

private:
    QString m_path;
    Source m_source = Source::ResultFile;
    JobTracker m_jobs; // last: its jobs end before the rest goes
};
Q_DECLARE_METATYPE(DataSetLoader::Outcome)
