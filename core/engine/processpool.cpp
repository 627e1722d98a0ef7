#include "processpool.h"

#include "canceltoken.h"
#include "inputquote.h"
#include "monotonicclock.h"
#include "resourceusage.h"

#include <QFile>
#include <QFileInfo>
#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <limits>
#include <poll.h>
#include <spawn.h>
#include <string_view>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace {
// How often the dispatcher looks at the cancel flag while no worker has anything to say.
constexpr int PollIntervalMs = 10;

struct WorkerProcess
{
    int index = 0;
    pid_t pid = -1;
    int toWorker = -1; // its stdin
    int fromWorker = -1; // its stdout
    WorkerProtocol::LineBuffer input;
    bool fed = false; // has had a batch
    bool greeted = false; // has answered the start-up handshake
    bool reaped = false;
    qint64 spawnedNs = 0;
    qint64 peakRssKiB = -1; // read while it runs, before it is told to exit (-1: not yet)
};

QString errnoText(int error)
{
    return QString::fromLocal8Bit(strerror(error));
}

void closeFd(int& fd)
{
    if (fd >= 0)
        ::close(fd);
    fd = -1;
}

QString describeExit(int status)
{
    if (WIFSIGNALED(status))
        return QStringLiteral("was killed by signal %1 (%2)")
            .arg(WTERMSIG(status))
            .arg(QString::fromLocal8Bit(strsignal(WTERMSIG(status))));
    if (WIFEXITED(status))
        return QStringLiteral("exited with code %1").arg(WEXITSTATUS(status));
    return QStringLiteral("stopped");
}

class WorkerGroup
{
public:
    explicit WorkerGroup(const WorkerPoolConfig& config)
        : m_config(config)
    { }
    ~WorkerGroup() { killAndReap(); }

    // Starts worker number `index`. Returns 0 or the errno that refused it.
    int spawn(int index)
    {
        // Requests go over a socket, so that writing to a worker that has just died fails with EPIPE (send() with
        // MSG_NOSIGNAL) instead of raising SIGPIPE in this process. Replies come back over a pipe.
        int toWorker[2];
        int fromWorker[2];
        if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, toWorker) != 0)
            return errno;
        if (pipe2(fromWorker, O_CLOEXEC) != 0) {
            const int error = errno;
            ::close(toWorker[0]);
            ::close(toWorker[1]);
            return error;
        }
        const QByteArray path = QFile::encodeName(m_config.workerPath);
        std::vector<std::string> arguments { path.toStdString(), workloadName(m_config.workload).toStdString() };
        if (const WorkloadDescription* workload = findWorkload(m_config.workload)) {
            const std::vector<std::string> more = workerArguments(*workload, m_config.settings);
            arguments.insert(arguments.end(), more.begin(), more.end());
        }
        std::vector<char*> argv;
        for (std::string& argument : arguments)
            argv.push_back(argument.data());
        argv.push_back(nullptr);
        pid_t pid = -1;
        const int rc = spawnInOwnGroup(path.constData(), argv.data(), toWorker[0], fromWorker[1], &pid);
        ::close(toWorker[0]);
        ::close(fromWorker[1]);
        if (rc != 0) {
            ::close(toWorker[1]);
            ::close(fromWorker[0]);
            return rc;
        }
        fcntl(fromWorker[0], F_SETFL, fcntl(fromWorker[0], F_GETFL) | O_NONBLOCK);
        WorkerProcess worker;
        worker.index = index;
        worker.pid = pid;
        worker.spawnedNs = monotonicNowNs();
        worker.toWorker = toWorker[1];
        worker.fromWorker = fromWorker[0];
        m_workers.push_back(std::move(worker));
        return 0;
    }

    std::vector<WorkerProcess>& workers() { return m_workers; }

    bool send(WorkerProcess& worker, const WorkerProtocol::Batch& batch)
    {
        worker.fed = true;
        const std::string request = WorkerProtocol::encodeBatch(batch);
        std::string_view rest = request;
        while (!rest.empty()) {
            const ssize_t sent = ::send(worker.toWorker, rest.data(), rest.size(), MSG_NOSIGNAL);
            if (sent < 0 && errno == EINTR)
                continue;
            if (sent < 0)
                return false;
            rest.remove_prefix(size_t(sent));
        }
        return true;
    }

    // End of input tells every worker to exit; then wait for each. One that has not exited within a second (stopped,
    // or stuck) is killed: the run never hangs on its teardown.
    void closeAndReap()
    {
        notePeaks();
        for (auto& worker : m_workers)
            closeFd(worker.toWorker);
        const int64_t deadline = monotonicNowNs() + 1'000'000'000;
        for (auto& worker : m_workers) {
            while (!worker.reaped && monotonicNowNs() < deadline) {
                const pid_t done = waitFor(worker, nullptr, WNOHANG);
                if (done == worker.pid || (done < 0 && errno != EINTR))
                    worker.reaped = true;
                else
                    usleep(200);
            }
        }
        killAndReap(); // only those still running
    }

    void killAndReap()
    {
        notePeaks();
        for (auto& worker : m_workers) {
            // Its process group too: a worker that is a script leaves no child of its own behind.
            if (!worker.reaped) {
                ::kill(-worker.pid, SIGKILL);
                ::kill(worker.pid, SIGKILL);
            }
        }
        for (auto& worker : m_workers)
            reap(worker, nullptr);
    }

    // Waits up to `graceMs` for a worker whose output has closed to exit; one that has not by then is killed.
    // Returns whether it exited by itself (then *status says how).
    bool reapWithin(WorkerProcess& worker, int* status, int graceMs)
    {
        const int64_t deadline = monotonicNowNs() + int64_t(graceMs) * 1'000'000;
        while (!worker.reaped) {
            const pid_t done = waitFor(worker, status, WNOHANG);
            if (done == worker.pid || (done < 0 && errno != EINTR && errno != EAGAIN)) {
                worker.reaped = true;
                break;
            }
            if (monotonicNowNs() >= deadline) {
                notePeaks();
                ::kill(-worker.pid, SIGKILL);
                ::kill(worker.pid, SIGKILL);
                reap(worker, nullptr);
                return false;
            }
            usleep(1000);
        }
        reap(worker, nullptr); // closes its descriptors
        return true;
    }

    void reap(WorkerProcess& worker, int* status)
    {
        if (!worker.reaped) {
            int waitStatus = 0;
            while (waitFor(worker, &waitStatus, 0) < 0 && errno == EINTR) { }
            worker.reaped = true;
            if (status)
                *status = waitStatus;
        }
        closeFd(worker.toWorker);
        closeFd(worker.fromWorker);
    }

    // The workers started, and the sum of the peak resident memory of those reaped, in KiB.
    int spawned() const { return int(m_workers.size()); }
    qint64 peakRssKiBOfReaped() const { return m_peakRssKiB; }

private:
    // Reads the peaks of the workers still running, before they are told to exit or killed (a zombie has no memory).
    void notePeaks()
    {
        for (auto& worker : m_workers) {
            if (!worker.reaped && worker.peakRssKiB < 0)
                worker.peakRssKiB = std::max<qint64>(0, peakResidentMemoryKiBOf(worker.pid));
        }
    }

    pid_t waitFor(WorkerProcess& worker, int* status, int options)
    {
        if (worker.peakRssKiB < 0)
            notePeaks();
        const pid_t done = waitpid(worker.pid, status, options);
        if (done == worker.pid)
            m_peakRssKiB += std::max<qint64>(0, worker.peakRssKiB);
        return done;
    }

    const WorkerPoolConfig& m_config;
    std::vector<WorkerProcess> m_workers;
    qint64 m_peakRssKiB = 0;
};

class Dispatcher
{
public:
    Dispatcher(const WorkerPoolConfig& config, const QList<WorkerProtocol::Batch>& batches, BatchAssignment assignment,
        CancelToken& cancel, RunResult& result)
        : m_config(config)
        , m_batches(batches)
        , m_assignment(assignment)
        , m_cancel(cancel)
        , m_result(result)
        , m_group(config)
    { }

    void run()
    {
        if (!startWorkers())
            return;
        for (const auto& batch : m_batches)
            m_tasksWanted += batch.count;
        for (auto& worker : m_group.workers()) {
            if (!feed(worker))
                return;
        }
        while (m_lastResultNs == 0) {
            if (m_cancel.isCancelled()) {
                m_group.killAndReap(); // runMeasured() reports the run as cancelled
                return;
            }
            if (!pollOnce() || !everyWorkerAnswered())
                return;
        }
        collectLastLines();
        m_group.closeAndReap();
    }

    qint64 lastResultNs() const { return m_lastResultNs; }

    // After run(): every worker has been reaped.
    void recordResources()
    {
        m_group.killAndReap(); // already done on every path; reaps nothing twice
        m_result.resources.processesCreated
            = int(std::min<qint64>(m_group.spawned() + m_childProcesses, std::numeric_limits<int>::max()));
        m_result.resources.workersPeakRssKiB = m_group.peakRssKiBOfReaped();
        m_result.resources.threadsCreated = int(std::min<qint64>(m_teamThreads, std::numeric_limits<int>::max()));
    }

private:
    bool startWorkers()
    {
        for (int i = 0; i < m_config.processes; ++i) {
            if (m_cancel.isCancelled()) {
                m_group.killAndReap();
                return false;
            }
            const int error = m_group.spawn(i);
            const QString which = QStringLiteral("worker process %1 of %2 (%3)")
                                      .arg(i + 1)
                                      .arg(m_config.processes)
                                      .arg(errnoText(error));
            if (error == EAGAIN) {
                fail(RunStatus::Refused, QStringLiteral("process limit: the OS refused ") + which);
                return false;
            }
            if (error == EMFILE || error == ENFILE) {
                // Each worker holds two descriptors here: a few hundred workers meet a `ulimit -n` of 1024.
                fail(RunStatus::Refused,
                    QStringLiteral("file descriptor limit (ulimit -n): could not open the pipes of ") + which);
                return false;
            }
            if (error == ENOMEM) {
                fail(RunStatus::Refused, QStringLiteral("memory limit: could not start ") + which);
                return false;
            }
            if (error != 0) {
                fail(RunStatus::Failed,
                    QStringLiteral("could not start worker process %1 (%2): %3")
                        .arg(i + 1)
                        .arg(quotedPath(m_config.workerPath), errnoText(error)));
                return false;
            }
        }
        return true;
    }

    // Gives `worker` its next batch, if any remain for it.
    bool feed(WorkerProcess& worker)
    {
        int batch = -1;
        if (m_assignment == BatchAssignment::OnePerWorker) {
            if (!worker.fed && worker.index < m_batches.size())
                batch = worker.index;
        } else if (m_nextBatch < m_batches.size()) {
            batch = m_nextBatch++;
        }
        if (batch < 0)
            return true;
        if (!m_group.send(worker, m_batches.at(batch)))
            return workerDied(worker);
        ++m_batchesOpen;
        // A batch of one thread runs on the worker's main thread; a larger one on a team of new threads. An event
        // loop runs on the main thread, beside the threads of its I/O pool.
        const WorkerProtocol::Batch& fed = m_batches.at(batch);
        if (fed.eventLoop || fed.threads > 1)
            m_teamThreads += fed.threads;
        return true;
    }

    bool pollOnce()
    {
        auto& workers = m_group.workers();
        std::vector<pollfd> fds;
        fds.reserve(workers.size());
        for (const auto& worker : workers)
            fds.push_back({ worker.fromWorker, POLLIN, 0 });
        const int ready = ::poll(fds.data(), fds.size(), PollIntervalMs);
        if (ready < 0 && errno != EINTR) {
            fail(RunStatus::Failed, QStringLiteral("poll() on the worker pipes failed: %1").arg(errnoText(errno)));
            return false;
        }
        for (size_t i = 0; i < fds.size(); ++i) {
            if (fds[i].revents == 0)
                continue;
            if (!readFrom(workers[i]))
                return false;
        }
        return true;
    }

    // False, with the run failed, if a worker has been silent for WorkerHandshakeTimeoutMs since it was started and
    // since any other worker last answered.
    bool everyWorkerAnswered()
    {
        const qint64 now = monotonicNowNs();
        for (const auto& worker : m_group.workers()) {
            if (worker.greeted || worker.reaped)
                continue;
            const qint64 since = std::max(worker.spawnedNs, m_lastGreetingNs);
            if (now - since > qint64(WorkerHandshakeTimeoutMs) * 1'000'000) {
                fail(RunStatus::Failed,
                    QStringLiteral("worker process %1 of %2 (pid %3, %4) did not answer its start-up handshake within "
                                   "%5 s; is it a conlab-worker of this build?")
                        .arg(worker.index + 1)
                        .arg(m_config.processes)
                        .arg(worker.pid)
                        .arg(quotedPath(m_config.workerPath))
                        .arg(WorkerHandshakeTimeoutMs / 1000.0));
                return false;
            }
        }
        return true;
    }

    // After the clock stopped: the workers' last lines, sent after their last task (the processes their tasks started,
    // their batches' ends), read within a second so that the run's count of processes is whole. What goes wrong now
    // is teardown, not the run: nothing here fails it.
    void collectLastLines()
    {
        auto& workers = m_group.workers();
        std::vector<bool> closed(workers.size(), false);
        const qint64 deadline = monotonicNowNs() + 1'000'000'000;
        while (m_batchesOpen > 0 && monotonicNowNs() < deadline) {
            std::vector<pollfd> fds;
            for (size_t i = 0; i < workers.size(); ++i)
                fds.push_back({ closed[i] ? -1 : workers[i].fromWorker, POLLIN, 0 });
            if (::poll(fds.data(), fds.size(), PollIntervalMs) < 0 && errno != EINTR)
                return;
            for (size_t i = 0; i < fds.size(); ++i) {
                if (fds[i].revents == 0)
                    continue;
                char chunk[4096];
                const ssize_t got = ::read(workers[i].fromWorker, chunk, sizeof chunk);
                if (got <= 0) {
                    closed[i] = got == 0 || (errno != EINTR && errno != EAGAIN);
                    continue;
                }
                workers[i].input.append(chunk, size_t(got));
                while (auto line = workers[i].input.takeLine()) {
                    const auto message = WorkerProtocol::parseMessage(*line);
                    if (message && message->kind == WorkerProtocol::Message::Kind::ProcessesStarted)
                        m_childProcesses += message->processes;
                    else if (message && message->kind == WorkerProtocol::Message::Kind::BatchDone)
                        --m_batchesOpen;
                }
            }
        }
    }

    bool readFrom(WorkerProcess& worker)
    {
        char chunk[16384];
        for (;;) {
            const ssize_t got = ::read(worker.fromWorker, chunk, sizeof chunk);
            if (got > 0) {
                worker.input.append(chunk, size_t(got));
                continue;
            }
            if (got < 0 && errno == EINTR)
                continue;
            if (got < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
                break;
            // End of file: the worker is gone. Take what it said before, then report it.
            if (!handleLines(worker))
                return false;
            return workerDied(worker);
        }
        return handleLines(worker);
    }

    bool handleLines(WorkerProcess& worker)
    {
        while (auto line = worker.input.takeLine()) {
            const auto message = WorkerProtocol::parseMessage(*line);
            if (!message) {
                fail(RunStatus::Failed,
                    QStringLiteral("worker %1 (pid %2) sent a malformed message: %3")
                        .arg(worker.index + 1)
                        .arg(worker.pid)
                        .arg(quotedInput(QByteArrayView(line->data(), qsizetype(line->size())))));
                return false;
            }
            if (!worker.greeted && message->kind != WorkerProtocol::Message::Kind::Hello) {
                fail(RunStatus::Failed,
                    QStringLiteral("worker %1 (pid %2) did not begin with the start-up handshake: it sent %3")
                        .arg(worker.index + 1)
                        .arg(worker.pid)
                        .arg(quotedInput(QByteArrayView(line->data(), qsizetype(line->size())))));
                return false;
            }
            switch (message->kind) {
            case WorkerProtocol::Message::Kind::Hello:
                if (message->version != WorkerProtocol::ProtocolVersion) {
                    fail(RunStatus::Failed,
                        QStringLiteral("worker %1 (pid %2, %3) speaks protocol %4, this engine %5: it is from another "
                                       "build")
                            .arg(worker.index + 1)
                            .arg(worker.pid)
                            .arg(quotedPath(m_config.workerPath))
                            .arg(message->version)
                            .arg(WorkerProtocol::ProtocolVersion));
                    return false;
                }
                worker.greeted = true;
                m_lastGreetingNs = monotonicNowNs();
                break;
            case WorkerProtocol::Message::Kind::TaskDone: {
                const TaskRecord& r = message->record;
                m_result.traces.append(TaskTrace { r.task, worker.index, worker.pid, r.tid, r.startNs, r.endNs });
                // The run is over when the last result is in our hands; the pool is torn down after the clock stops.
                if (m_result.traces.size() == m_tasksWanted)
                    m_lastResultNs = monotonicNowNs();
                break;
            }
            case WorkerProtocol::Message::Kind::BatchDone:
                --m_batchesOpen;
                if (!feed(worker))
                    return false;
                break;
            case WorkerProtocol::Message::Kind::ProcessesStarted:
                m_childProcesses += message->processes;
                break;
            case WorkerProtocol::Message::Kind::TaskFailed:
                fail(message->failure.refused ? RunStatus::Refused : RunStatus::Failed,
                    QStringLiteral("worker process %1 (pid %2): %3")
                        .arg(worker.index + 1)
                        .arg(worker.pid)
                        .arg(QString::fromStdString(message->failure.describe())));
                return false;
            case WorkerProtocol::Message::Kind::ThreadRefused:
                fail(RunStatus::Refused,
                    QStringLiteral("worker process %1 (pid %2): %3")
                        .arg(worker.index + 1)
                        .arg(worker.pid)
                        .arg(QString::fromStdString(message->refusal.describeRefusal())));
                return false;
            }
        }
        return true;
    }

    bool workerDied(WorkerProcess& worker)
    {
        int status = 0;
        // A worker that closed its output but lives on (a script that sends its output elsewhere) must not hang the
        // run: it gets a second to exit, as at the end of a run.
        const bool exited = m_group.reapWithin(worker, &status, 1000);
        if (m_cancel.isCancelled()) {
            m_group.killAndReap(); // a cancel, not a crash, ended it
            return false;
        }
        if (!exited) {
            fail(RunStatus::Failed,
                QStringLiteral("worker process %1 of %2 (pid %3, %4) closed its output %5 and was killed")
                    .arg(worker.index + 1)
                    .arg(m_config.processes)
                    .arg(worker.pid)
                    .arg(quotedPath(m_config.workerPath),
                        worker.greeted ? QStringLiteral("mid-run")
                                       : QStringLiteral("without answering its start-up handshake")));
            return false;
        }
        if (!worker.greeted) {
            // Not a crash of a task: the program named as the worker is not one (another build, say, that printed its
            // usage and exited).
            fail(RunStatus::Failed,
                QStringLiteral("worker process %1 of %2 (pid %3, %4) %5 before answering its start-up handshake")
                    .arg(worker.index + 1)
                    .arg(m_config.processes)
                    .arg(worker.pid)
                    .arg(quotedPath(m_config.workerPath), describeExit(status)));
            return false;
        }
        fail(RunStatus::Crashed,
            QStringLiteral("worker process %1 (pid %2) %3 mid-run")
                .arg(worker.index + 1)
                .arg(worker.pid)
                .arg(describeExit(status)));
        return false;
    }

    void fail(RunStatus status, const QString& message)
    {
        m_group.killAndReap();
        m_result.status = status;
        m_result.message = message;
    }

    const WorkerPoolConfig& m_config;
    const QList<WorkerProtocol::Batch>& m_batches;
    BatchAssignment m_assignment;
    CancelToken& m_cancel;
    RunResult& m_result;
    WorkerGroup m_group;
    qsizetype m_nextBatch = 0;
    qint64 m_teamThreads = 0; // the threads of the batches handed out, which the workers create
    qint64 m_childProcesses = 0; // the processes the workers' tasks started, as they report them
    int m_batchesOpen = 0; // handed out and not yet reported done
    qsizetype m_tasksWanted = 0;
    qint64 m_lastResultNs = 0;
    qint64 m_lastGreetingNs = 0;
};
} // namespace

qint64 runOnWorkerProcesses(const WorkerPoolConfig& config, const QList<WorkerProtocol::Batch>& batches,
    BatchAssignment assignment, CancelToken& cancel, RunResult& result)
{
    Dispatcher dispatcher(config, batches, assignment, cancel, result);
    dispatcher.run();
    dispatcher.recordResources();
    return dispatcher.lastResultNs();
}

int spawnInOwnGroup(const char* path, char* const argv[], int stdinFd, int stdoutFd, pid_t* pid, int stderrFd)
{
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, stdinFd, STDIN_FILENO);
    posix_spawn_file_actions_adddup2(&actions, stdoutFd, STDOUT_FILENO);
    if (stderrFd >= 0)
        posix_spawn_file_actions_adddup2(&actions, stderrFd, STDERR_FILENO);
    // A process group of its own: Ctrl-C in a terminal reaches the engine, which cancels the run, and not the
    // workers, which would otherwise die and turn a cancel into a crash. Signals start at their defaults and
    // unblocked, whatever the calling thread or the host application had set.
    posix_spawnattr_t attributes;
    posix_spawnattr_init(&attributes);
    sigset_t all;
    sigset_t none;
    sigfillset(&all);
    sigemptyset(&none);
    posix_spawnattr_setsigdefault(&attributes, &all);
    posix_spawnattr_setsigmask(&attributes, &none);
    posix_spawnattr_setpgroup(&attributes, 0);
    posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK);
    const int rc = posix_spawn(pid, path, &actions, &attributes, argv, environ);
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attributes);
    return rc;
}

QString defaultWorkerPath()
{
    const QString fromEnvironment = qEnvironmentVariable("CONLAB_WORKER");
    if (!fromEnvironment.isEmpty())
        return fromEnvironment;
    // /proc/self/exe works without a QCoreApplication, e.g. in a test or a benchmark.
    const QFileInfo self(QStringLiteral("/proc/self/exe"));
    return QFileInfo(self.symLinkTarget()).absolutePath() + QStringLiteral("/conlab-worker");
}
