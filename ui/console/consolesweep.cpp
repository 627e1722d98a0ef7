#include "consolesweep.h"

#include "analysisreport.h"
#include "inputquote.h"
#include "strategies.h"
#include "sweepsession.h"
#include "timeline.h"
#include "traceformat.h"
#include "wording.h"
#include "workload.h"
#include "workloadoptions.h"

#include <QCoreApplication>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

namespace {
int s_standardOutputErrno = 0; // the first failed write's errno

void printOut(const QString& text)
{
    writeStandardOutput(text);
}

void printErr(const QString& text)
{
    const QByteArray bytes = text.toUtf8();
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stderr);
    std::fflush(stderr);
}

QString describeRun(const RunSpec& spec)
{
    return QStringLiteral("%1 n=%2 #%3")
        .arg(withRuntime(strategyName(spec.strategy), spec.runtime))
        .arg(spec.tasks)
        .arg(spec.repeat);
}

// "12 of 15 runs completed (1 refused, 1 cancelled, 1 not run) in 0:42." A refused or crashed run was reported on
// stderr as it happened.
QString sweepSummary(const QList<RunResult>& runs, int planned, double elapsedSeconds)
{
    QStringList others;
    for (RunStatus status : { RunStatus::Refused, RunStatus::Crashed, RunStatus::Failed, RunStatus::Cancelled }) {
        const auto count
            = std::count_if(runs.begin(), runs.end(), [status](const RunResult& run) { return run.status == status; });
        if (count > 0)
            others << QStringLiteral("%1 %2").arg(count).arg(statusName(status));
    }
    if (runs.size() < planned)
        others << QStringLiteral("%1 not run").arg(planned - runs.size());
    const auto completed = std::count_if(runs.begin(), runs.end(), [](const RunResult& run) { return run.isOk(); });
    return QStringLiteral("%1 of %2 completed%3 in %4.\n")
        .arg(completed)
        .arg(countOf(planned, QStringLiteral("run"), QStringLiteral("runs")))
        .arg(others.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(others.join(QStringLiteral(", "))))
        .arg(formatDuration(elapsedSeconds));
}

QString runReport(const RunResult& result)
{
    const RunSpec& spec = result.spec;
    QString text = QStringLiteral("Run: %1, %2 of %3 on %4")
                       .arg(withRuntime(strategyName(spec.strategy), spec.runtime))
                       .arg(countOf(spec.tasks, QStringLiteral("task"), QStringLiteral("tasks")))
                       .arg(workloadTaskText(spec))
                       .arg(describeStrategy(spec.strategy).workersText(spec));
    if (strategyReads(spec.strategy, RunSetting::Chunksize))
        text += QStringLiteral(", chunk size %1").arg(chunksizeName(spec.chunksize));
    text += u'\n';
    // The time of a run that did not finish says nothing about the strategy's overhead: no ratio to its ideal.
    text += !readsTaskMs(spec.workload)
        ? QStringLiteral("  Time:    %1 s    (no ideal bound: a %2 task takes what it takes)\n")
              .arg(runSecondsText(result.seconds), workloadName(spec.workload))
        : result.isOk()
        ? QStringLiteral("  Time:    %1 s    (ideal bound %2 s, ratio %3)\n")
              .arg(runSecondsText(result.seconds), runSecondsText(result.idealSeconds),
                  idealRatioText(result.seconds, result.idealSeconds))
        : QStringLiteral("  Time:    %1 s    (ideal bound %2 s; no ratio for a %3 run)\n")
              .arg(runSecondsText(result.seconds), runSecondsText(result.idealSeconds), statusName(result.status));
    text += QStringLiteral("  Status:  %1").arg(statusName(result.status));
    if (!result.message.isEmpty())
        text += QStringLiteral(" (%1)").arg(result.message);
    text += u'\n';
    const RunResources& used = result.resources;
    if (used.peakRssKiB >= 0) {
        text += QStringLiteral("  Memory:  peak %1 in this process").arg(kibText(used.peakRssKiB));
        if (used.workersPeakRssKiB > 0)
            text += QStringLiteral(", %1 in its worker processes").arg(kibText(used.workersPeakRssKiB));
        text += QStringLiteral("; %1 and %2 created\n")
                    .arg(countOf(std::max(0, used.threadsCreated), QStringLiteral("thread"), QStringLiteral("threads")),
                        countOf(std::max(0, used.processesCreated), QStringLiteral("process"),
                            QStringLiteral("processes")));
    }
    // Every finished file task wrote its bytes and read them back whole (a short read or a mismatch fails the task).
    if (const WorkloadDescription* workload = findWorkload(spec.workload);
        workload && workload->reads(WorkloadOption::Bytes)) {
        const qint64 bytes = spec.options.bytes > 0 ? spec.options.bytes : DefaultFileBytes;
        text += QStringLiteral("  I/O:     %1 written and read back (%2 by each of %3)\n")
                    .arg(kibText(bytes * result.traces.size() / 1024), kibText(bytes / 1024),
                        countOf(int(result.traces.size()), QStringLiteral("finished task"),
                            QStringLiteral("finished tasks")));
    }
    if (spec.runtime == RuntimeKind::Python && used.runtimeStartupUs > 0)
        text += QStringLiteral("  Python:  the interpreter started in %1 s before the strategy did (not in the time)\n")
                    .arg(runSecondsText(double(used.runtimeStartupUs) / 1e6));
    if (used.serverCpuUs >= 0) {
        text += QStringLiteral("  Server:  %1 ms of CPU; answers up to %2 ms late, %3 ms on average (the latency "
                               "server's share of the time, not the strategy's)\n")
                    .arg(QString::number(double(used.serverCpuUs) / 1000, 'f', 1),
                        QString::number(double(used.serverLateMaxUs) / 1000, 'f', 1),
                        QString::number(double(used.serverLateMeanUs) / 1000, 'f', 1));
    }
    // Where the wall time went, from the traces (timeline.h): a worker's mean, so the parts add up to the time.
    const RunTimeline timeline = buildTimeline(result);
    if (!timeline.isEmpty()) {
        QStringList parts;
        const QStringList names = breakdownPartNames();
        const QList<double> values = breakdownParts(timeline.breakdown);
        for (qsizetype i = 0; i < names.size(); ++i)
            parts.append(QStringLiteral("%1 %2 ms").arg(names.at(i), QString::number(values.at(i) * 1e3, 'f', 1)));
        text += QStringLiteral("  Split:   %1 (the mean of %2)\n")
                    .arg(parts.join(QStringLiteral(", ")),
                        countOf(int(timeline.lanes.size()), QStringLiteral("worker thread"),
                            QStringLiteral("worker threads")));
    }
    return text;
}
} // namespace

bool writeStandardOutput(const QString& text)
{
    if (s_standardOutputErrno != 0)
        return false;
    // Unbuffered, so that a failure is seen at the write that failed, with its reason, and nothing waits in a buffer.
    const QByteArray bytes = text.toUtf8();
    const char* data = bytes.constData();
    qsizetype left = bytes.size();
    while (left > 0) {
        const ssize_t written = ::write(STDOUT_FILENO, data, size_t(left));
        if (written < 0 && errno == EINTR)
            continue;
        if (written <= 0) {
            s_standardOutputErrno = written < 0 ? errno : EIO;
            return false;
        }
        data += written;
        left -= written;
    }
    return true;
}

QString standardOutputError()
{
    if (s_standardOutputErrno == 0)
        return {};
    const QString reason = QString::fromLocal8Bit(strerror(s_standardOutputErrno));
    return s_standardOutputErrno == EBADF
        ? QStringLiteral("cannot write to standard output: it is closed (%1)").arg(reason)
        : QStringLiteral("cannot write to standard output: %1").arg(reason);
}

int finishStandardOutput(int exitCode, const char* program)
{
    if (s_standardOutputErrno == 0 && ::close(STDOUT_FILENO) != 0 && errno != EINTR && errno != EBADF)
        s_standardOutputErrno = errno;
    if (s_standardOutputErrno == 0)
        return exitCode;
    printErr(QStringLiteral("%1: %2\n").arg(QLatin1String(program), standardOutputError()));
    return exitCode == 0 ? 1 : exitCode;
}

void guardStandardDescriptors()
{
    for (const int fd : { STDIN_FILENO, STDOUT_FILENO, STDERR_FILENO }) {
        if (::fcntl(fd, F_GETFD) != -1 || errno != EBADF)
            continue;
        const int placeholder = ::open("/dev/null", fd == STDIN_FILENO ? O_WRONLY : O_RDONLY);
        if (placeholder >= 0 && placeholder != fd) {
            ::dup2(placeholder, fd);
            ::close(placeholder);
        }
    }
}

ConsoleSweep::ConsoleSweep(ConsoleSweepOptions options, QObject* parent)
    : QObject(parent)
    , m_options(std::move(options))
{
    SweepSessionOptions session;
    session.command = m_options.commandLine;
    session.journal = m_options.journal;
    session.journalPath = m_options.journalPath;
    m_session = new SweepSession(m_options.plan, session, this);
    m_progressOnTerminal = ::isatty(STDERR_FILENO) && !m_options.jsonToStdout;
    connect(m_session, &SweepSession::runStarted, this, &ConsoleSweep::onRunStarted);
    connect(m_session, &SweepSession::runFinished, this, &ConsoleSweep::onRunFinished);
    connect(m_session, &SweepSession::finished, this, &ConsoleSweep::onEnded);
    connect(m_session, &SweepSession::cancelled, this, &ConsoleSweep::onEnded);
    connect(m_session, &SweepSession::notice, this, [this](const QString& message) {
        printProgress({});
        printErr(QStringLiteral("conlab: %1\n").arg(message));
    });
    connect(m_session, &SweepSession::journalFailed, this, [this](const QString& message) {
        printProgress({});
        printErr(QStringLiteral("conlab: %1\n").arg(message));
        m_exitCode = 1; // the sweep goes on, but a write failed: the runs after it are not in the journal
    });
    connect(m_session, &SweepSession::failed, this, [this](const QString& message) {
        m_failedToStart = true;
        printErr(QStringLiteral("conlab: %1\n").arg(message));
        m_exitCode = 1;
        QCoreApplication::exit(m_exitCode);
    });
}

ConsoleSweep::~ConsoleSweep() = default;

const ResultSet& ConsoleSweep::results() const
{
    return m_session->results();
}

int ConsoleSweep::exec()
{
    QString error;
    if (!m_session->start(&error)) {
        printErr(QStringLiteral("conlab: --journal: %1\n").arg(error));
        return 2;
    }
    if (!m_session->journalProblem().isEmpty())
        printErr(
            QStringLiteral("conlab: no journal: %1; the sweep goes on without one\n").arg(m_session->journalProblem()));
    else if (m_session->isJournaled())
        printErr(QStringLiteral("conlab: journal: %1\n").arg(quotedPath(m_session->journal().path())));
    return QCoreApplication::exec();
}

void ConsoleSweep::interrupt(int signal)
{
    if (m_interruptSignal != 0)
        return;
    m_interruptSignal = signal;
    printErr(QStringLiteral("\nconlab: interrupted (%1); stopping the current run and keeping the finished ones\n")
                 .arg(QString::fromLocal8Bit(strsignal(signal))));
    m_session->cancel();
}

void ConsoleSweep::printProgress(const QString& line)
{
    if (m_progressOnTerminal)
        printErr(QStringLiteral("\r\x1b[2K") + line);
}

void ConsoleSweep::onRunStarted(int index, const RunSpec& spec, double secondsLeft)
{
    QString eta;
    if (secondsLeft >= 0)
        eta = QStringLiteral("  about %1 left").arg(formatDuration(secondsLeft));
    printProgress(
        QStringLiteral("[%1/%2] %3 ...%4").arg(index + 1).arg(m_session->plannedRuns()).arg(describeRun(spec), eta));
}

void ConsoleSweep::onRunFinished(int, const RunResult& result)
{
    // An ok run with a message finished below its ideal bound (belowIdealBoundNote()): that is said too.
    if ((!result.isOk() || !result.message.isEmpty()) && result.status != RunStatus::Cancelled
        && !m_options.singleRun) {
        printProgress({});
        printErr(
            QStringLiteral("%1: %2: %3\n").arg(describeRun(result.spec), statusName(result.status), result.message));
    }
}

void ConsoleSweep::onEnded()
{
    printProgress({});
    if (m_session->journalEnded() && m_interruptSignal != 0)
        printErr(QStringLiteral("conlab: the journal %1 keeps the %2 that ended\n")
                     .arg(quotedPath(m_session->journal().path()))
                     .arg(countOf(m_session->journal().runsWritten(), QStringLiteral("run"), QStringLiteral("runs"))));
    if (!writeExports())
        m_exitCode = 1;

    const ResultSet& results = m_session->results();
    if (m_options.singleRun && !results.runs.isEmpty()) {
        const RunResult& result = results.runs.constFirst();
        if (m_options.jsonToStdout)
            printOut(QString::fromUtf8(runToJson(result, m_options.withTraces)));
        else
            printOut(runReport(result));
        if (!result.isOk())
            m_exitCode = 1;
    } else if (!m_options.singleRun) {
        const auto reports = analyzeRuns(results.runs, m_options.analysis, coverageOf(results));
        for (const AnalysisReport& report : reports)
            printOut(analysisToText(report));
        if (reports.size() > 1)
            printOut(u'\n' + workloadDecisionToText(reports) + u'\n');
        printOut(sweepSummary(results.runs, m_session->plannedRuns(), m_session->elapsedSeconds()));
    }
    if (m_interruptSignal != 0)
        m_exitCode = 128 + m_interruptSignal; // the shell's convention, even if the last run ended just before
    QCoreApplication::exit(m_exitCode);
}

bool ConsoleSweep::writeExports()
{
    bool ok = true;
    for (const QString& path : { m_options.csvPath, m_options.jsonPath }) {
        if (path.isEmpty())
            continue;
        QString error;
        if (m_session->exportTo(path, &error))
            printErr(QStringLiteral("conlab: wrote %1 to %2\n")
                         .arg(countOf(m_session->results().runs.size(), QStringLiteral("run"), QStringLiteral("runs")),
                             quotedPath(path)));
        else {
            printErr(QStringLiteral("conlab: %1\n").arg(error));
            ok = false;
        }
    }
    const QList<RunResult>& runs = m_session->results().runs;
    if (!m_options.tracePath.isEmpty() && !runs.isEmpty()) {
        QString error;
        if (writeChromeTrace(m_options.tracePath, runs.constFirst(), &error))
            printErr(QStringLiteral("conlab: wrote the run's trace to %1\n").arg(quotedPath(m_options.tracePath)));
        else {
            printErr(QStringLiteral("conlab: %1\n").arg(error));
            ok = false;
        }
    }
    return ok;
}
