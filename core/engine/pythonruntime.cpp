#include "pythonruntime.h"

#include "canceltoken.h"
#include "childprocess.h"
#include "inputquote.h"
#include "machineinfo.h"
#include "monotonicclock.h"
#include "oserror.h"
#include "processpool.h"
#include "strategy.h"
#include "wording.h"
#include "workload.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMutex>
#include <QProcess>
#include <QSaveFile>
#include <QStandardPaths>
#include <QVersionNumber>
#include <cerrno>
#include <charconv>
#include <climits>
#include <csignal>
#include <fcntl.h>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

namespace {
// How long the harness may take to answer --version or --calibrate: an interpreter starts in tens of milliseconds,
// and the calibration takes about half a second.
constexpr int HarnessCommandTimeoutMs = 30'000;
// After its E line the harness tears its pool down and says what it started; a harness that does not end by then is
// killed, and the run keeps what it said.
constexpr int TeardownTimeoutMs = 10'000;
// What a calibration must fall in to be believed: CPython runs the loop at about 10,000 iterations per ms on the
// machine this was written on; a factor of 1,000 either way is a broken measurement, not a slow or fast machine.
constexpr qint64 MinPlausiblePythonIterationsPerMs = 10;
constexpr qint64 MaxPlausiblePythonIterationsPerMs = 10'000'000;

QString lastLine(const QByteArray& text)
{
    const QList<QByteArray> lines = text.trimmed().split('\n');
    return lines.isEmpty() ? QString() : quotedInput(QString::fromUtf8(lines.last().trimmed()));
}

// Runs `harness <argument>` and returns its standard output; on failure an empty array and `error`.
QByteArray harnessCommand(const PythonSetup& setup, const QString& argument, QString* error)
{
    QProcess process;
    process.setProgram(setup.interpreter);
    process.setArguments({ QStringLiteral("-I"), setup.harness, argument });
    process.start();
    if (!process.waitForStarted(HarnessCommandTimeoutMs)) {
        *error = QStringLiteral("could not start %1: %2").arg(quotedPath(setup.interpreter), process.errorString());
        return {};
    }
    // Nothing to read: a harness that does not know the argument (another program, an old one) meets the end of its
    // input rather than waiting for a spec.
    process.closeWriteChannel();
    if (!process.waitForFinished(HarnessCommandTimeoutMs)) {
        process.kill();
        process.waitForFinished();
        *error = QStringLiteral("%1 %2 did not answer within %3 s")
                     .arg(quotedPath(setup.harness), argument)
                     .arg(HarnessCommandTimeoutMs / 1000);
        return {};
    }
    const QByteArray output = process.readAllStandardOutput();
    if (process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0) {
        const QString stderrLine = lastLine(process.readAllStandardError());
        *error = QStringLiteral("%1 %2 ended with %3%4")
                     .arg(quotedPath(setup.harness), argument,
                         process.exitStatus() == QProcess::NormalExit
                             ? QStringLiteral("exit code %1").arg(process.exitCode())
                             : QStringLiteral("a crash"),
                         stderrLine.isEmpty() ? QString() : QStringLiteral(": ") + stderrLine);
        return {};
    }
    return output;
}

QString defaultHarnessPath()
{
    const QString fromEnvironment = qEnvironmentVariable("CONLAB_HARNESS");
    if (!fromEnvironment.isEmpty())
        return fromEnvironment;
    // Next to the executables in a build tree (build/bin, build/share/conlab) and once installed (/usr/bin,
    // /usr/share/conlab). /proc/self/exe works without a QCoreApplication.
    const QFileInfo self(QStringLiteral("/proc/self/exe"));
    return QDir::cleanPath(
        QFileInfo(self.symLinkTarget()).absolutePath() + QStringLiteral("/../share/conlab/conlab_harness.py"));
}

std::vector<std::string_view> splitFields(std::string_view line, size_t maxFields)
{
    std::vector<std::string_view> fields;
    while (!line.empty() && fields.size() + 1 < maxFields) {
        const size_t space = line.find(' ');
        fields.push_back(line.substr(0, space));
        if (space == std::string_view::npos)
            return fields;
        line.remove_prefix(space + 1);
    }
    if (!line.empty())
        fields.push_back(line); // the rest: a message
    return fields;
}

std::optional<qint64> wholeNumber(std::string_view text, qint64 minimum)
{
    qint64 value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || end != text.data() + text.size() || text.empty() || value < minimum)
        return std::nullopt;
    return value;
}

QString calibrationCachePath()
{
    const QString dir = QStandardPaths::writableLocation(QStandardPaths::GenericCacheLocation);
    return dir.isEmpty() ? QString() : dir + QStringLiteral("/conlab/python-cpu-calibration.json");
}

void closeIfOpen(int& fd)
{
    if (fd >= 0)
        ::close(fd);
    fd = -1;
}
} // namespace

PythonSetup findPython(QString* error)
{
    PythonSetup setup;
    const QString named = qEnvironmentVariable("CONLAB_PYTHON", QStringLiteral("python3"));
    setup.interpreter = QFileInfo(named).isAbsolute() ? named : QStandardPaths::findExecutable(named);
    if (setup.interpreter.isEmpty() || !QFileInfo(setup.interpreter).isExecutable()) {
        *error = qEnvironmentVariableIsSet("CONLAB_PYTHON")
            ? QStringLiteral("CONLAB_PYTHON names %1, which is not an executable: the python runtime needs CPython "
                             "%2.%3 or newer")
                  .arg(quotedPath(named))
                  .arg(MinimumPythonMajor)
                  .arg(MinimumPythonMinor)
            : QStringLiteral("python3 is not installed (not on PATH): the python runtime needs CPython %1.%2 or newer "
                             "(Debian: apt-get install python3)")
                  .arg(MinimumPythonMajor)
                  .arg(MinimumPythonMinor);
        return {};
    }
    setup.harness = defaultHarnessPath();
    if (!QFileInfo(setup.harness).isFile()) {
        *error = QStringLiteral("the python runtime's harness %1 is missing; set CONLAB_HARNESS to its path")
                     .arg(quotedPath(setup.harness));
        return {};
    }
    const QByteArray output = harnessCommand(setup, QStringLiteral("--version"), error);
    if (output.isEmpty()) {
        if (error->isEmpty())
            *error = QStringLiteral("%1 --version said nothing").arg(quotedPath(setup.harness));
        return {};
    }
    HarnessAnswer hello(0);
    const QByteArray first = output.left(output.indexOf('\n'));
    if (const QString problem = hello.take(std::string_view(first.constData(), size_t(first.size())));
        !problem.isEmpty()) {
        *error = QStringLiteral("%1 (run by %2) did not answer as the harness does: %3")
                     .arg(quotedPath(setup.harness), quotedPath(setup.interpreter), problem);
        return {};
    }
    const QVersionNumber version = QVersionNumber::fromString(hello.version());
    if (version < QVersionNumber(MinimumPythonMajor, MinimumPythonMinor)) {
        *error = QStringLiteral("%1 is CPython %2, too old: the python runtime needs %3.%4 or newer")
                     .arg(quotedPath(setup.interpreter), hello.version())
                     .arg(MinimumPythonMajor)
                     .arg(MinimumPythonMinor);
        return {};
    }
    setup.version = hello.version();
    return setup;
}

bool calibratePython(PythonSetup& setup, QString* error)
{
    // One calibration per process and interpreter: every run of a sweep must use the same figure.
    static QMutex mutex;
    static QHash<QString, qint64> measured;
    QMutexLocker lock(&mutex);
    const QString key = setup.interpreter + u' ' + setup.version;
    if (const qint64 known = measured.value(key); known > 0) {
        setup.cpuIterationsPerMs = known;
        return true;
    }
    const QString cpu = currentMachine().cpuModel;
    const QString cacheFile = calibrationCachePath();
    QFile cache(cacheFile);
    if (!cacheFile.isEmpty() && cache.open(QIODevice::ReadOnly)) {
        const QJsonObject object = QJsonDocument::fromJson(cache.readAll()).object();
        const qint64 iterations = object.value(QStringLiteral("iterations_per_ms")).toInteger();
        const bool same = object.value(QStringLiteral("cpu_model")).toString() == cpu
            && object.value(QStringLiteral("interpreter")).toString() == setup.interpreter
            && object.value(QStringLiteral("python_version")).toString() == setup.version;
        if (same && iterations >= MinPlausiblePythonIterationsPerMs
            && iterations <= MaxPlausiblePythonIterationsPerMs) {
            setup.cpuIterationsPerMs = iterations;
            measured.insert(key, iterations);
            return true;
        }
        if (same)
            setup.calibrationNote = QStringLiteral("the python CPU calibration in %1 (%2 iterations per ms) is "
                                                   "outside the plausible range of %3 to %4; measured again")
                                        .arg(quotedPath(cacheFile))
                                        .arg(iterations)
                                        .arg(MinPlausiblePythonIterationsPerMs)
                                        .arg(MaxPlausiblePythonIterationsPerMs);
    }
    const QByteArray output = harnessCommand(setup, QStringLiteral("--calibrate"), error);
    const QByteArray line = output.trimmed();
    const auto iterations = line.startsWith("C ")
        ? wholeNumber(std::string_view(line.constData() + 2, size_t(line.size() - 2)), 1)
        : std::nullopt;
    if (!iterations) {
        if (error->isEmpty())
            *error = QStringLiteral("%1 --calibrate answered %2, not \"C <iterations per ms>\"")
                         .arg(quotedPath(setup.harness), quotedInput(QString::fromUtf8(line.left(200))));
        return false;
    }
    if (*iterations < MinPlausiblePythonIterationsPerMs || *iterations > MaxPlausiblePythonIterationsPerMs) {
        *error = QStringLiteral("the python CPU calibration measured %1 iterations per ms, outside the plausible range "
                                "of %2 to %3")
                     .arg(*iterations)
                     .arg(MinPlausiblePythonIterationsPerMs)
                     .arg(MaxPlausiblePythonIterationsPerMs);
        return false;
    }
    setup.cpuIterationsPerMs = *iterations;
    measured.insert(key, *iterations);
    // A cache that cannot be written costs the next sweep half a second, nothing more.
    if (!cacheFile.isEmpty() && QDir().mkpath(QFileInfo(cacheFile).absolutePath())) {
        QSaveFile file(cacheFile);
        const QJsonObject object { { QStringLiteral("cpu_model"), cpu },
            { QStringLiteral("interpreter"), setup.interpreter }, { QStringLiteral("python_version"), setup.version },
            { QStringLiteral("iterations_per_ms"), *iterations },
            { QStringLiteral("clock"), QStringLiteral("thread-cpu, fastest round") } };
        if (file.open(QIODevice::WriteOnly) && file.write(QJsonDocument(object).toJson()) >= 0)
            file.commit();
    }
    return true;
}

QByteArray pythonSpecJson(const RunSpec& resolved, const ExecutionContext& context)
{
    const WorkloadSettings settings = workloadSettingsOf(resolved, context);
    QJsonArray argv;
    if (!settings.command.empty()) {
        std::string splitError;
        const std::vector<std::string> words = settings.shell
            ? std::vector<std::string> { "/bin/sh", "-c", settings.command }
            : splitCommandLine(settings.command, &splitError);
        for (const std::string& word : words)
            argv.append(QString::fromStdString(word));
    }
    const QJsonObject spec {
        { QStringLiteral("protocol"), PythonProtocolVersion },
        { QStringLiteral("strategy"), strategyName(resolved.strategy) },
        { QStringLiteral("workload"), workloadName(resolved.workload) },
        { QStringLiteral("tasks"), resolved.tasks },
        { QStringLiteral("threads"), resolved.threads },
        { QStringLiteral("processes"), resolved.processes },
        // Pool.map's own rule is what a Python user gets by not passing one.
        { QStringLiteral("chunksize"),
            resolved.chunksize == ChunkPythonRule ? QJsonValue() : QJsonValue(std::max(1, resolved.chunksize)) },
        { QStringLiteral("task_ms"), settings.taskMs },
        { QStringLiteral("cpu_ms"), settings.cpuMs },
        // Read only by the workloads that compute, which fail to start without a calibration (runMeasured()).
        { QStringLiteral("cpu_iterations_per_ms"), std::max<qint64>(1, context.python.cpuIterationsPerMs) },
        { QStringLiteral("bytes"), qint64(settings.bytes) },
        { QStringLiteral("fsync"), settings.fsync },
        { QStringLiteral("dir"), QString::fromStdString(settings.dir) },
        { QStringLiteral("argv"), argv },
        { QStringLiteral("server_port"), settings.serverPort },
    };
    return QJsonDocument(spec).toJson(QJsonDocument::Compact) + '\n';
}

HarnessAnswer::HarnessAnswer(int tasks)
    : m_tasks(std::max(0, tasks))
    , m_seen(size_t(std::max(0, tasks)), false)
{ }

QString HarnessAnswer::take(std::string_view line)
{
    ++m_lines;
    const auto malformed = [&](const QString& why) {
        return QStringLiteral("line %1 of the harness's answer, \"%2\", %3")
            .arg(m_lines)
            .arg(quotedInput(QString::fromUtf8(line.data(), qsizetype(std::min<size_t>(line.size(), 200)))), why);
    };
    const std::vector<std::string_view> fields = splitFields(line, 8);
    const std::string_view kind = fields.empty() ? std::string_view() : fields.front();
    if (!saidHello() && kind != "H")
        return malformed(
            QStringLiteral("comes before its hello (H %1 <python version> <pid>)").arg(PythonProtocolVersion));
    if (kind == "H") {
        if (saidHello())
            return malformed(QStringLiteral("says hello twice"));
        if (fields.size() != 4 || !wholeNumber(fields[3], 1))
            return malformed(QStringLiteral("is not H <protocol> <python version> <pid>"));
        if (wholeNumber(fields[1], 0) != PythonProtocolVersion)
            return malformed(QStringLiteral("speaks another protocol than %1").arg(PythonProtocolVersion));
        const QString version = QString::fromUtf8(fields[2].data(), qsizetype(fields[2].size()));
        if (QVersionNumber::fromString(version).isNull())
            return malformed(QStringLiteral("names no python version"));
        m_version = version;
        return {};
    }
    if (kind == "B") {
        const auto ns = fields.size() == 2 ? wholeNumber(fields[1], 1) : std::nullopt;
        if (!ns)
            return malformed(QStringLiteral("is not B <ns>"));
        if (m_beginNs > 0)
            return malformed(QStringLiteral("starts the strategy twice"));
        m_beginNs = *ns;
        return {};
    }
    if (kind == "T") {
        const QString problem = takeTrace(fields);
        return problem.isEmpty() ? QString() : malformed(problem);
    }
    if (kind == "P") {
        if (fields.size() != 5)
            return malformed(QStringLiteral("is not P <pid> <threads> <processes> <peak_rss_kib>"));
        const auto pid = wholeNumber(fields[1], 1);
        const auto threads = wholeNumber(fields[2], 0);
        const auto processes = wholeNumber(fields[3], 0);
        const auto peak = wholeNumber(fields[4], 0);
        if (!pid || !threads || !processes || !peak)
            return malformed(QStringLiteral("is not P <pid> <threads> <processes> <peak_rss_kib>"));
        // A pool worker that ran two shares sums up after each: its counts so far, so the last one holds.
        m_started.insert(*pid, { *threads, *processes });
        m_peakKiB[*pid] = std::max(m_peakKiB.value(*pid), *peak);
        return {};
    }
    if (kind == "E") {
        if (m_end != End::None)
            return malformed(QStringLiteral("ends the run twice"));
        const std::string_view how = fields.size() >= 2 ? fields[1] : std::string_view();
        if (how == "ok") {
            const auto ns = fields.size() == 3 ? wholeNumber(fields[2], 1) : std::nullopt;
            if (!ns)
                return malformed(QStringLiteral("is not E ok <ns>"));
            if (m_beginNs == 0 || *ns < m_beginNs)
                return malformed(QStringLiteral("ends a strategy that had not started"));
            if (m_traces.size() != m_tasks)
                return malformed(QStringLiteral("says ok after %1 of %2")
                                     .arg(m_traces.size())
                                     .arg(countOf(m_tasks, QStringLiteral("task"), QStringLiteral("tasks"))));
            m_end = End::Ok;
            m_endNs = *ns;
            return {};
        }
        if ((how == "refused" || how == "failed") && fields.size() >= 3) {
            // The rest of the line is the message, whatever its spaces.
            const size_t at = line.find(how) + how.size() + 1;
            m_message = QString::fromUtf8(line.data() + at, qsizetype(line.size() - at)).trimmed();
            m_end = how == "refused" ? End::Refused : End::Failed;
            return {};
        }
        return malformed(QStringLiteral("is not E ok <ns>, E refused <message> or E failed <message>"));
    }
    return malformed(QStringLiteral("is not one of the protocol's lines (H, B, T, P, E)"));
}

QString HarnessAnswer::takeTrace(const std::vector<std::string_view>& fields)
{
    if (fields.size() != 8)
        return QStringLiteral("is not T <task> <worker> <pid> <tid> <start_ns> <end_ns> <peak_rss_kib>");
    if (m_beginNs == 0)
        return QStringLiteral("reports a task before the strategy started");
    if (m_end == End::Ok)
        return QStringLiteral("reports a task after the run ended");
    std::optional<qint64> values[7];
    for (size_t i = 0; i < 7; ++i)
        values[i] = wholeNumber(fields[i + 1], 0);
    if (std::any_of(std::begin(values), std::end(values), [](const auto& value) { return !value; }))
        return QStringLiteral("holds something that is not a whole number");
    const qint64 task = *values[0];
    if (task >= m_tasks)
        return QStringLiteral("names task %1 of a run of %2").arg(task).arg(m_tasks);
    if (m_seen[size_t(task)])
        return QStringLiteral("reports task %1 twice").arg(task);
    TaskTrace trace;
    trace.task = int(task);
    trace.worker = int(std::min<qint64>(*values[1], INT_MAX));
    trace.pid = *values[2];
    trace.tid = *values[3];
    trace.startNs = *values[4];
    trace.endNs = *values[5];
    if (trace.startNs < m_beginNs || trace.endNs < trace.startNs)
        return QStringLiteral("has task %1 start before the strategy or end before it started").arg(task);
    m_seen[size_t(task)] = true;
    m_traces.append(trace);
    m_peakKiB[trace.pid] = std::max(m_peakKiB.value(trace.pid), *values[6]);
    return {};
}

int HarnessAnswer::threadsStarted() const
{
    qint64 sum = 0;
    for (const auto& started : m_started)
        sum += started.first;
    return int(std::min<qint64>(sum, INT_MAX));
}

int HarnessAnswer::processesStarted() const
{
    qint64 sum = 0;
    for (const auto& started : m_started)
        sum += started.second;
    return int(std::min<qint64>(sum, INT_MAX));
}

qint64 HarnessAnswer::peakRssKiB() const
{
    qint64 sum = 0;
    for (qint64 peak : m_peakKiB)
        sum += peak;
    return sum;
}

namespace {
// One harness process and its group, from spawn to the last reap.
class HarnessProcess
{
public:
    ~HarnessProcess() { stop(); }

    // Starts the harness with pipes on its stdin, stdout and stderr. Returns 0 or the errno that refused it.
    int start(const PythonSetup& setup)
    {
        int input[2];
        int output[2];
        int errors[2];
        if (pipe2(input, O_CLOEXEC) != 0)
            return errno;
        if (pipe2(output, O_CLOEXEC) != 0) {
            const int error = errno;
            ::close(input[0]);
            ::close(input[1]);
            return error;
        }
        if (pipe2(errors, O_CLOEXEC) != 0) {
            const int error = errno;
            for (int fd : { input[0], input[1], output[0], output[1] })
                ::close(fd);
            return error;
        }
        const QByteArray interpreter = QFile::encodeName(setup.interpreter);
        const QByteArray harness = QFile::encodeName(setup.harness);
        char isolated[] = "-I";
        char* argv[]
            = { const_cast<char*>(interpreter.constData()), isolated, const_cast<char*>(harness.constData()), nullptr };
        const int error = spawnInOwnGroup(interpreter.constData(), argv, input[0], output[1], &m_pid, errors[1]);
        ::close(input[0]);
        ::close(output[1]);
        ::close(errors[1]);
        m_input = input[1];
        m_output = output[0];
        m_errors = errors[0];
        if (error != 0) {
            m_pid = -1;
            stop();
        }
        return error;
    }

    int outputFd() const { return m_output; }
    int errorsFd() const { return m_errors; }

    bool send(const QByteArray& line)
    {
        qsizetype sent = 0;
        while (sent < line.size()) {
            const ssize_t n = ::write(m_input, line.constData() + sent, size_t(line.size() - sent));
            if (n < 0 && errno == EINTR)
                continue;
            if (n <= 0)
                return false;
            sent += n;
        }
        return true;
    }

    // Kills every process of the group (the harness, its pool's workers, their commands) and reaps the harness.
    // Returns how the harness ended, if it had not been reaped before.
    std::optional<ExitStatus> stop()
    {
        std::optional<ExitStatus> ended;
        if (m_pid > 0) {
            ::kill(-m_pid, SIGKILL);
            int status = 0;
            while (::waitpid(m_pid, &status, 0) < 0 && errno == EINTR) { }
            ExitStatus exit;
            exit.exited = WIFEXITED(status);
            exit.code = exit.exited ? WEXITSTATUS(status) : 0;
            exit.signal = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
            ended = exit;
            // Its pool's workers were its children: they are gone with the group, and init reaps them.
            m_pid = -1;
        }
        closeIfOpen(m_input);
        closeIfOpen(m_output);
        closeIfOpen(m_errors);
        return ended;
    }

    // Reaps the harness if it has exited, without waiting.
    std::optional<ExitStatus> reapIfExited()
    {
        int status = 0;
        if (m_pid <= 0 || ::waitpid(m_pid, &status, WNOHANG) != m_pid)
            return std::nullopt;
        const pid_t group = m_pid;
        m_pid = -1;
        ::kill(-group, SIGKILL); // what it left behind in its group
        ExitStatus exit;
        exit.exited = WIFEXITED(status);
        exit.code = exit.exited ? WEXITSTATUS(status) : 0;
        exit.signal = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
        return exit;
    }

private:
    pid_t m_pid = -1;
    int m_input = -1;
    int m_output = -1;
    int m_errors = -1;
};

// The last non-empty line of what a process wrote, and the line being written.
struct LastLine
{
    QByteArray partial;
    QByteArray last;

    void add(const char* data, size_t size)
    {
        partial.append(data, qsizetype(size));
        for (qsizetype newline = partial.indexOf('\n'); newline >= 0; newline = partial.indexOf('\n')) {
            const QByteArray line = partial.left(newline).trimmed();
            if (!line.isEmpty())
                last = line.left(qsizetype(ChildProcess::MaxLineBytes));
            partial.remove(0, newline + 1);
        }
        if (partial.size() > qsizetype(ChildProcess::MaxLineBytes))
            partial.truncate(qsizetype(ChildProcess::MaxLineBytes));
    }
    QByteArray text() const { return partial.trimmed().isEmpty() ? last : partial.trimmed(); }
};
} // namespace

qint64 runInPython(const RunSpec& resolved, const ExecutionContext& context, CancelToken& cancel, RunResult& result)
{
    const auto fail = [&result](RunStatus status, const QString& message) {
        result.status = status;
        result.message = message;
        return qint64(0);
    };
    if (context.python.interpreter.isEmpty())
        return fail(RunStatus::Failed, QStringLiteral("no python interpreter was found for the python runtime"));

    HarnessProcess harness;
    const qint64 spawnNs = monotonicNowNs();
    if (const int error = harness.start(context.python); error != 0) {
        const QString why = QStringLiteral("%1 (%2)").arg(
            quotedPath(context.python.interpreter), QString::fromStdString(errnoDescription(error)));
        if (error == EAGAIN)
            return fail(RunStatus::Refused, QStringLiteral("process limit: the OS refused the process of ") + why);
        if (error == EMFILE || error == ENFILE)
            return fail(RunStatus::Refused,
                QStringLiteral("open-file limit: the OS refused the pipes to the python interpreter ") + why);
        return fail(RunStatus::Failed, QStringLiteral("could not start ") + why);
    }
    // The spec goes out at once: it fits in the pipe, and the harness reads it after its hello.
    if (!harness.send(pythonSpecJson(resolved, context)))
        return fail(RunStatus::Failed, QStringLiteral("the python harness closed its input before it read the spec"));

    HarnessAnswer answer(resolved.tasks);
    QByteArray pending;
    LastLine stderrText;
    QString malformed;
    bool outputOpen = true;
    bool errorsOpen = true;
    const int cancelFd = cancel.eventFd();
    qint64 endDeadlineNs = 0; // after the E line: how long the teardown may take
    std::optional<ExitStatus> exit; // once the harness was reaped
    while (outputOpen && malformed.isEmpty()) {
        if (cancel.isCancelled())
            break;
        // Once the harness itself has ended, its group is killed (reapIfExited()): a pool worker it left behind
        // would hold the pipe open, and the rest of what it wrote is read to the end of the pipe.
        if (!exit)
            exit = harness.reapIfExited();
        pollfd fds[3] = { { harness.outputFd(), POLLIN, 0 }, { errorsOpen ? harness.errorsFd() : -1, POLLIN, 0 },
            { cancelFd, POLLIN, 0 } };
        // Short enough that the harness's end is seen at once, whatever its workers hold open.
        const int timeoutMs = 50;
        if (endDeadlineNs > 0 && monotonicNowNs() > endDeadlineNs)
            break;
        if (::poll(fds, 3, timeoutMs) < 0 && errno != EINTR)
            return fail(RunStatus::Failed,
                QStringLiteral("poll() on the python harness's pipes failed: %1")
                    .arg(QString::fromStdString(errnoDescription(errno))));
        char buffer[65536];
        if (fds[1].revents != 0) {
            const ssize_t n = ::read(harness.errorsFd(), buffer, sizeof buffer);
            if (n > 0)
                stderrText.add(buffer, size_t(n));
            else if (n == 0 || errno != EINTR)
                errorsOpen = false;
        }
        if (fds[0].revents == 0)
            continue;
        const ssize_t n = ::read(harness.outputFd(), buffer, sizeof buffer);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            outputOpen = false;
            break;
        }
        pending.append(buffer, n);
        qsizetype from = 0;
        for (qsizetype newline = pending.indexOf('\n'); newline >= 0; newline = pending.indexOf('\n', from)) {
            malformed = answer.take(std::string_view(pending.constData() + from, size_t(newline - from)));
            from = newline + 1;
            if (!malformed.isEmpty())
                break;
            if (answer.end() != HarnessAnswer::End::None && endDeadlineNs == 0)
                endDeadlineNs = monotonicNowNs() + qint64(TeardownTimeoutMs) * 1'000'000;
        }
        pending.remove(0, from);
    }
    // Reaps the harness: at once if it ended on its own, after a SIGKILL to its whole group otherwise.
    if (!exit)
        exit = harness.reapIfExited();
    if (!exit)
        exit = harness.stop();
    harness.stop(); // its pipes

    result.traces = answer.traces();
    result.resources.threadsCreated = answer.threadsStarted();
    result.resources.processesCreated = 1 + answer.processesStarted();
    result.resources.workersPeakRssKiB = answer.peakRssKiB();
    if (answer.beginNs() > 0) {
        result.startNs = answer.beginNs();
        result.resources.runtimeStartupUs = std::max<qint64>(0, (answer.beginNs() - spawnNs) / 1000);
    }
    if (!malformed.isEmpty())
        return fail(RunStatus::Failed,
            QStringLiteral("the python harness answered something the engine cannot take: ") + malformed);
    switch (answer.end()) {
    case HarnessAnswer::End::Ok:
        return answer.endNs();
    case HarnessAnswer::End::Refused:
        return fail(RunStatus::Refused, answer.message());
    case HarnessAnswer::End::Failed:
        return fail(RunStatus::Failed, answer.message());
    case HarnessAnswer::End::None:
        break;
    }
    if (cancel.isCancelled())
        return 0; // runMeasured() says cancelled, and after how many tasks
    ExitStatus status = exit.value_or(ExitStatus {});
    status.lastStderrLine = stderrText.text().toStdString();
    return fail(RunStatus::Failed,
        QStringLiteral("the python harness ended before it said how the run ended (%1 of %2 reported back): %3")
            .arg(answer.traces().size())
            .arg(countOf(resolved.tasks, QStringLiteral("task"), QStringLiteral("tasks")),
                QString::fromStdString(describeExit(status))));
}
