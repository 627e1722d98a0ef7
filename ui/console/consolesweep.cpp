#include "consolesweep.h"

#include "analysisreport.h"
#include "inputquote.h"
#include "machineinfo.h"
#include "runjournal.h"
#include "strategies.h"
#include "sweeprunner.h"
#include "wording.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QEventLoop>
#include <QJsonDocument>
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
    return QStringLiteral("%1 n=%2 #%3").arg(strategyName(spec.strategy)).arg(spec.tasks).arg(spec.repeat);
}

// "12 of 15 runs completed (1 refused, 1 cancelled, 1 not run) in 0:42." A refused or crashed run was reported on
// stderr as it happened.
QString sweepSummary(const QList<RunResult>& runs, int planned, qint64 elapsedMs)
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
        .arg(formatDuration(elapsedMs / 1000.0));
}

QString runReport(const RunResult& result)
{
    const RunSpec& spec = result.spec;
    QString text = QStringLiteral("Run: %1, %2 of %3 %4 ms on %5 x %6")
                       .arg(strategyName(spec.strategy))
                       .arg(countOf(spec.tasks, QStringLiteral("task"), QStringLiteral("tasks")))
                       .arg(workloadName(spec.workload))
                       .arg(spec.taskMs)
                       .arg(countOf(spec.threads, QStringLiteral("thread"), QStringLiteral("threads")))
                       .arg(countOf(spec.processes, QStringLiteral("process"), QStringLiteral("processes")));
    if (strategyReads(spec.strategy, RunSetting::Chunksize))
        text += QStringLiteral(", chunk size %1").arg(chunksizeName(spec.chunksize));
    text += u'\n';
    // The time of a run that did not finish says nothing about the strategy's overhead: no ratio to its ideal.
    text += result.isOk()
        ? QStringLiteral("  Time:    %1 s    (ideal bound %2 s, ratio %3)\n")
              .arg(runSecondsText(result.seconds), runSecondsText(result.idealSeconds),
                  idealRatioText(result.seconds, result.idealSeconds))
        : QStringLiteral("  Time:    %1 s    (ideal bound %2 s; no ratio for a %3 run)\n")
              .arg(runSecondsText(result.seconds), runSecondsText(result.idealSeconds), statusName(result.status));
    text += QStringLiteral("  Status:  %1").arg(statusName(result.status));
    if (!result.message.isEmpty())
        text += QStringLiteral(" (%1)").arg(result.message);
    text += u'\n';
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
    , m_runner(new SweepRunner(this))
    , m_journal(new RunJournal(this))
{
    m_progressOnTerminal = ::isatty(STDERR_FILENO) && !m_options.jsonToStdout;
    connect(m_runner, &SweepRunner::runStarted, this, &ConsoleSweep::onRunStarted);
    connect(m_runner, &SweepRunner::runFinished, this, &ConsoleSweep::onRunFinished);
    connect(m_runner, &SweepRunner::finished, this, [this] { onEnded(JournalEnd::Finished); });
    connect(m_runner, &SweepRunner::cancelled, this, [this] { onEnded(JournalEnd::Cancelled); });
    connect(m_runner, &SweepRunner::notice, this, [this](const QString& message) {
        printProgress({});
        printErr(QStringLiteral("conlab: %1\n").arg(message));
    });
    connect(m_runner, &SweepRunner::failed, this, [this](const QString& message) {
        m_journal->finish(JournalEnd::Failed);
        m_failedToStart = true;
        printErr(QStringLiteral("conlab: %1\n").arg(message));
        m_exitCode = 1;
        QCoreApplication::exit(m_exitCode);
    });
}

ConsoleSweep::~ConsoleSweep() = default;

int ConsoleSweep::exec()
{
    m_runs = m_options.plan.runs();
    m_results.metadata.created = QDateTime::currentDateTime();
    m_results.metadata.command = m_options.commandLine;
    m_results.metadata.machine = currentMachine();
    m_results.metadata.hasMachine = true;
    m_eta = SweepEta(m_runs, m_results.metadata.machine.cores);
    if (m_options.journal && !openJournal())
        return 2;
    m_clock.start();
    m_runner->start(m_runs);
    return QCoreApplication::exec();
}

bool ConsoleSweep::openJournal()
{
    QString error;
    const int planned = int(m_runs.size());
    const bool opened = m_options.journalPath.isEmpty()
        ? m_journal->openNew(m_results.metadata, planned, &error)
        : m_journal->open(m_options.journalPath, m_results.metadata, planned, &error);
    if (!opened) {
        // A journal the user asked for is an output like --csv; the default one is a safety net, and its absence
        // (an unwritable home, say) does not stop the sweep.
        if (!m_options.journalPath.isEmpty()) {
            printErr(QStringLiteral("conlab: --journal: %1\n").arg(error));
            return false;
        }
        printErr(QStringLiteral("conlab: no journal: %1; the sweep goes on without one\n").arg(error));
        return true;
    }
    printErr(QStringLiteral("conlab: journal: %1\n").arg(quotedPath(m_journal->path())));
    connect(m_journal, &RunJournal::writeFailed, this, [this](const QString& message) {
        printProgress({});
        printErr(QStringLiteral("conlab: %1\n").arg(message));
        m_exitCode = 1; // the sweep goes on, but a write failed: the runs after it are not in the journal
    });
    m_runner->setJournal(m_journal);
    return true;
}

void ConsoleSweep::interrupt(int signal)
{
    if (m_interruptSignal != 0)
        return;
    m_interruptSignal = signal;
    printErr(QStringLiteral("\nconlab: interrupted (%1); stopping the current run and keeping the finished ones\n")
                 .arg(QString::fromLocal8Bit(strsignal(signal))));
    m_runner->cancel();
}

void ConsoleSweep::printProgress(const QString& line)
{
    if (m_progressOnTerminal)
        printErr(QStringLiteral("\r\x1b[2K") + line);
}

void ConsoleSweep::onRunStarted(int index, const RunSpec& spec)
{
    const int done = index;
    const int total = int(m_runs.size());
    QString eta;
    const double left = m_eta.secondsLeft(done, m_clock.elapsed() / 1000.0);
    if (left >= 0)
        eta = QStringLiteral("  about %1 left").arg(formatDuration(left));
    printProgress(QStringLiteral("[%1/%2] %3 ...%4").arg(done + 1).arg(total).arg(describeRun(spec), eta));
}

void ConsoleSweep::onRunFinished(int, const RunResult& result)
{
    m_results.runs.append(result);
    // An ok run with a message finished below its ideal bound (belowIdealBoundNote()): that is said too.
    if ((!result.isOk() || !result.message.isEmpty()) && result.status != RunStatus::Cancelled
        && !m_options.singleRun) {
        printProgress({});
        printErr(
            QStringLiteral("%1: %2: %3\n").arg(describeRun(result.spec), statusName(result.status), result.message));
    }
}

void ConsoleSweep::onEnded(JournalEnd end)
{
    printProgress({});
    if (m_journal->finish(end) && m_interruptSignal != 0)
        printErr(QStringLiteral("conlab: the journal %1 keeps the %2 that ended\n")
                     .arg(quotedPath(m_journal->path()))
                     .arg(countOf(m_journal->runsWritten(), QStringLiteral("run"), QStringLiteral("runs"))));
    m_results.metadata.sweepEnd = journalEndName(end);
    m_results.metadata.plannedRuns = int(m_runs.size());
    if (!writeExports())
        m_exitCode = 1;

    if (m_options.singleRun && !m_results.runs.isEmpty()) {
        const RunResult& result = m_results.runs.constFirst();
        if (m_options.jsonToStdout)
            printOut(QString::fromUtf8(QJsonDocument(runToJson(result, m_options.withTraces)).toJson()));
        else
            printOut(runReport(result));
        if (!result.isOk())
            m_exitCode = 1;
    } else if (!m_options.singleRun) {
        const auto reports = analyzeRuns(m_results.runs, m_options.analysis, coverageOf(m_results));
        for (const AnalysisReport& report : reports)
            printOut(analysisToText(report));
        printOut(sweepSummary(m_results.runs, int(m_runs.size()), m_clock.elapsed()));
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
        if (writeResultFile(path, m_results, &error))
            printErr(QStringLiteral("conlab: wrote %1 to %2\n")
                         .arg(countOf(m_results.runs.size(), QStringLiteral("run"), QStringLiteral("runs")),
                             quotedPath(path)));
        else {
            printErr(QStringLiteral("conlab: %1\n").arg(error));
            ok = false;
        }
    }
    return ok;
}
