#include "sweepsession.h"

#include "pythonruntime.h"

#include <QDateTime>
#include <algorithm>

SweepSession::SweepSession(const SweepPlan& plan, SweepSessionOptions options, QObject* parent)
    : QObject(parent)
    , m_runs(plan.runs())
    , m_options(std::move(options))
{
    m_results.metadata.created = QDateTime::currentDateTime();
    m_results.metadata.command = m_options.command;
    m_results.metadata.machine = m_options.machine ? *m_options.machine : currentMachine();
    m_results.metadata.hasMachine = true;
    // The runs of the python runtime are CPython's: its version is part of the machine they ran on. (Without one,
    // the sweep fails to start and says why.)
    if (std::any_of(
            m_runs.cbegin(), m_runs.cend(), [](const RunSpec& spec) { return spec.runtime == RuntimeKind::Python; })) {
        QString error;
        m_results.metadata.machine.pythonVersion = findPython(&error).version;
    }
    m_eta = SweepEta(m_runs, m_results.metadata.machine.cores);

    connect(&m_runner, &SweepRunner::runStarted, this,
        [this](int index, const RunSpec& spec) { emit runStarted(index, spec, secondsLeft(index)); });
    connect(&m_runner, &SweepRunner::runFinished, this, &SweepSession::onRunFinished);
    connect(&m_runner, &SweepRunner::progress, this,
        [this](int done, int total) { emit progress(done, total, secondsLeft(done)); });
    connect(&m_runner, &SweepRunner::notice, this, &SweepSession::notice);
    connect(&m_runner, &SweepRunner::finished, this, [this] { finish(JournalEnd::Finished); });
    connect(&m_runner, &SweepRunner::cancelled, this, [this] { finish(JournalEnd::Cancelled); });
    connect(&m_runner, &SweepRunner::failed, this, [this](const QString& message) {
        finish(JournalEnd::Failed);
        emit failed(message);
    });
    // Emitted on the sweep's thread (the journal appends there), so queued to ours like the runner's signals.
    connect(&m_journal, &RunJournal::writeFailed, this, &SweepSession::journalFailed);
}

SweepSession::~SweepSession() = default;

void SweepSession::addSink(RunSink* sink)
{
    m_sinks.append(sink);
}

bool SweepSession::start(QString* error)
{
    Q_ASSERT(!m_running && m_end == JournalEnd::None); // one session, one sweep
    if (m_options.journal && !openJournal(error))
        return false;
    QList<RunSink*> sinks = m_sinks;
    if (m_journal.isOpen())
        sinks.prepend(&m_journalSink);
    m_runner.setSinks(sinks);
    m_running = true;
    m_clock.start();
    m_runner.start(m_runs);
    return true;
}

bool SweepSession::openJournal(QString* error)
{
    QString why;
    const bool opened = m_options.journalPath.isEmpty()
        ? m_journal.openNew(m_results.metadata, plannedRuns(), &why,
            m_options.journalDirectory.isEmpty() ? RunJournal::defaultDirectory() : m_options.journalDirectory)
        : m_journal.open(m_options.journalPath, m_results.metadata, plannedRuns(), &why);
    if (opened)
        return true;
    // A journal the user named is an output like --csv; the one in the default place is a safety net, and its absence
    // (an unwritable home, say) does not stop the sweep.
    if (!m_options.journalPath.isEmpty()) {
        if (error)
            *error = why;
        return false;
    }
    m_journalProblem = why;
    return true;
}

void SweepSession::cancel()
{
    if (!m_running)
        return;
    m_cancelRequested = true;
    m_runner.cancel();
}

void SweepSession::onRunFinished(int index, const RunResult& result)
{
    m_results.runs.append(result);
    emit runFinished(index, result);
}

void SweepSession::finish(JournalEnd end)
{
    m_running = false;
    m_end = end;
    m_journalEnded = m_journal.finish(end);
    // Saved results say how their sweep ended, so that a cancelled sweep reads as one wherever it is opened.
    m_results.metadata.sweepEnd = journalEndName(end);
    m_results.metadata.plannedRuns = plannedRuns();
    if (end == JournalEnd::Finished)
        emit finished();
    else if (end == JournalEnd::Cancelled)
        emit cancelled();
}

double SweepSession::elapsedSeconds() const
{
    return m_clock.isValid() ? m_clock.elapsed() / 1000.0 : 0.0;
}

double SweepSession::secondsLeft(int done) const
{
    return m_eta.secondsLeft(done, elapsedSeconds());
}

bool SweepSession::exportTo(const QString& path, QString* error) const
{
    return writeResultFile(path, m_results, error);
}
