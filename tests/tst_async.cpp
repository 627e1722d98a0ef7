// The async strategy on the real OS: its event loop (exec/eventloop.h) driving deadlines, pipes and child processes
// on one thread; a cancel with 100,000 waits pending; refusals under a real ulimit -n; the split of tasks over C
// worker processes with one loop each (and the protocol line that hands a loop its share); and the lesson it teaches,
// that tasks which compute take turns on the loop's one thread.

#include "canceltoken.h"
#include "eventloop.h"
#include "monotonicclock.h"
#include "oserror.h"
#include "processprobe.h"
#include "sanitizers.h"
#include "strategy.h"
#include "testspecs.h"
#include "threadteam.h"
#include "workerprotocol.h"
#include "workload.h"

#include <QCoreApplication>
#include <QDir>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>
#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <climits>
#include <csignal>
#include <fcntl.h>
#include <functional>
#include <numeric>
#include <spawn.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

extern char** environ;

namespace {
constexpr int64_t NsPerMs = 1'000'000;

// A workload whose tasks the test defines: each test case hands in how task i starts.
class TestWorkload final : public Workload
{
public:
    using StartTask = std::function<std::unique_ptr<ResumableTask>(int task)>;
    explicit TestWorkload(StartTask start)
        : m_start(std::move(start))
    { }

    std::unique_ptr<ResumableTask> startTask(int task) const override { return m_start(task); }

private:
    StartTask m_start;
};

// What a TimedTask saw, kept by the test beyond the task's life.
struct TimedTaskLog
{
    int64_t deadlineNs = 0;
    int cancelsSeen = 0;
    bool destroyed = false;
};

// Waits `waitNs` from its first resume(), then is done, or fails with `failure` if that is not empty.
class TimedTask final : public ResumableTask
{
public:
    TimedTask(int64_t waitNs, TimedTaskLog& log, std::string failure = {})
        : m_waitNs(waitNs)
        , m_log(log)
        , m_failure(std::move(failure))
    { }
    ~TimedTask() override { m_log.destroyed = true; }
    TimedTask(const TimedTask&) = delete;
    TimedTask& operator=(const TimedTask&) = delete;

    TaskWait resume(const CancelToken& cancel) override
    {
        if (cancel.isCancelled()) {
            ++m_log.cancelsSeen;
            return TaskWait::cancelled();
        }
        const int64_t now = monotonicNowNs();
        if (m_log.deadlineNs == 0)
            m_log.deadlineNs = now + m_waitNs;
        if (now < m_log.deadlineNs)
            return TaskWait::until(m_log.deadlineNs);
        return m_failure.empty() ? TaskWait::done() : TaskWait::failed(m_failure);
    }

private:
    int64_t m_waitNs;
    TimedTaskLog& m_log;
    std::string m_failure;
};

// How a PipeReaderTask ended.
enum class PipeEnd
{
    Unfinished,
    Data,
    EndOfFile,
    TimedOut,
};

// Waits for the non-blocking read end of a pipe to become readable, for at most `timeoutNs` if that is above 0.
class PipeReaderTask final : public ResumableTask
{
public:
    PipeReaderTask(int fd, int64_t timeoutNs, PipeEnd& end, int64_t& deadlineNs)
        : m_fd(fd)
        , m_timeoutNs(timeoutNs)
        , m_end(end)
        , m_deadlineNs(deadlineNs)
    { }

    TaskWait resume(const CancelToken& cancel) override
    {
        if (cancel.isCancelled())
            return TaskWait::cancelled();
        const int64_t now = monotonicNowNs();
        if (m_timeoutNs > 0 && m_deadlineNs == 0)
            m_deadlineNs = now + m_timeoutNs;
        char byte = 0;
        const ssize_t got = ::read(m_fd, &byte, 1);
        if (got >= 0) {
            m_end = got > 0 ? PipeEnd::Data : PipeEnd::EndOfFile;
            return TaskWait::done();
        }
        if (errno != EAGAIN)
            return TaskWait::failed("read: " + errnoDescription(errno));
        if (m_deadlineNs > 0 && now >= m_deadlineNs) {
            m_end = PipeEnd::TimedOut;
            return TaskWait::done();
        }
        return TaskWait::readable(m_fd, m_deadlineNs);
    }

private:
    int m_fd;
    int64_t m_timeoutNs;
    PipeEnd& m_end;
    int64_t& m_deadlineNs;
};

// Waits for a child to exit through its pidfd, and reaps it.
class ChildTask final : public ResumableTask
{
public:
    ChildTask(pid_t pid, int pidfd)
        : m_pid(pid)
        , m_pidfd(pidfd)
    { }

    TaskWait resume(const CancelToken& cancel) override
    {
        if (cancel.isCancelled())
            return TaskWait::cancelled();
        int status = 0;
        const pid_t reaped = ::waitpid(m_pid, &status, WNOHANG);
        if (reaped == m_pid)
            return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? TaskWait::done() : TaskWait::failed("child failed");
        if (reaped < 0)
            return TaskWait::failed("waitpid: " + errnoDescription(errno));
        return TaskWait::childExit(m_pidfd);
    }

private:
    pid_t m_pid;
    int m_pidfd;
};

struct LoopRun
{
    EventLoopOutcome outcome;
    std::vector<TaskRecord> records;
    bool stopCancelled = false;
    int64_t startNs = 0;
    int64_t endNs = 0;
};

// Runs `tasks` tasks started by `start` on one event loop on this thread, with no I/O pool.
LoopRun runLoop(int tasks, const TestWorkload::StartTask& start)
{
    const TestWorkload workload(start);
    CancelToken stop;
    LoopRun run;
    run.records.resize(size_t(tasks));
    run.startNs = monotonicNowNs();
    run.outcome = runEventLoop(0, tasks, workload, 0, stop, run.records.data());
    run.endNs = monotonicNowNs();
    run.stopCancelled = stop.isCancelled();
    return run;
}

// The read and write ends of a pipe whose read end does not block.
struct Pipe
{
    int readEnd = -1;
    int writeEnd = -1;

    Pipe()
    {
        int fds[2];
        if (::pipe2(fds, O_CLOEXEC | O_NONBLOCK) == 0) {
            readEnd = fds[0];
            writeEnd = fds[1];
        }
    }
    ~Pipe()
    {
        for (const int fd : { readEnd, writeEnd }) {
            if (fd >= 0)
                ::close(fd);
        }
    }
    Pipe(const Pipe&) = delete;
    Pipe& operator=(const Pipe&) = delete;
};

QString describe(const RunResult& result)
{
    return statusName(result.status) + QStringLiteral(": ") + result.message;
}

// The tasks each worker process ran, by pid, and the threads that ran them.
struct SplitByProcess
{
    QMap<qint64, QList<int>> tasks;
    QMap<qint64, QSet<qint64>> tids;
};

SplitByProcess splitByProcess(const RunResult& result)
{
    SplitByProcess split;
    for (const TaskTrace& trace : result.traces) {
        split.tasks[trace.pid].append(trace.task);
        split.tids[trace.pid].insert(trace.tid);
    }
    for (QList<int>& tasks : split.tasks)
        std::sort(tasks.begin(), tasks.end());
    return split;
}

// The outcome of `conlab run ... --json` under a hard and soft open-file limit of `limit`.
struct LimitedRun
{
    QString whyNot; // the limit could not be set
    int exitCode = -1;
    QString status;
    QString message;
    QByteArray output;
};

LimitedRun runConlabUnderFileLimit(rlim_t limit, const QStringList& arguments)
{
    // The code a child modifier exits with when setrlimit() fails.
    constexpr int NoLimit = 125;
    LimitedRun run;
    QProcess process;
    process.setChildProcessModifier([limit] {
        const rlimit value { limit, limit };
        if (::setrlimit(RLIMIT_NOFILE, &value) != 0)
            ::_exit(NoLimit);
    });
    process.start(QCoreApplication::applicationDirPath() + QStringLiteral("/conlab"),
        QStringList { QStringLiteral("run") } + arguments + QStringList { QStringLiteral("--json") });
    if (!process.waitForFinished(60'000)) {
        process.kill();
        process.waitForFinished();
        run.whyNot = QStringLiteral("conlab did not end within 60 s");
        return run;
    }
    const QByteArray out = process.readAllStandardOutput();
    run.output = out + process.readAllStandardError();
    run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    if (run.exitCode == NoLimit) {
        run.whyNot = QStringLiteral("cannot set ulimit -n %1 here (the hard limit is lower)").arg(limit);
        return run;
    }
    const QJsonObject result = QJsonDocument::fromJson(out).object();
    run.status = result.value(QStringLiteral("status")).toString();
    run.message = result.value(QStringLiteral("message")).toString();
    return run;
}
} // namespace

class TestAsync : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        // Orphans come to us rather than to init: a worker or server that outlived conlab shows up as our child.
        QVERIFY(::prctl(PR_SET_CHILD_SUBREAPER, 1) == 0);
    }

    // Task i waits (n - i) ms: each deadline is earlier than the one set before it, so the loop's heap holds them
    // rather than its in-order queue. Every task ends no earlier than its deadline, on this thread, in deadline order.
    void deadlinesOutOfOrderEndInDeadlineOrder()
    {
        constexpr int n = 20;
        std::vector<TimedTaskLog> logs(n);
        const LoopRun run = runLoop(n,
            [&logs](int task) { return std::make_unique<TimedTask>(int64_t(n - task) * NsPerMs, logs[size_t(task)]); });
        QVERIFY2(!run.outcome.taskFailure.happened(), run.outcome.taskFailure.describe().c_str());
        QVERIFY(!run.outcome.refused());
        QCOMPARE(run.outcome.peakPending, n);
        const int64_t tid = currentThreadId();
        for (int i = 0; i < n; ++i) {
            const TaskRecord& record = run.records[size_t(i)];
            QCOMPARE(record.task, i);
            QCOMPARE(record.tid, tid);
            QVERIFY2(record.endNs >= logs[size_t(i)].deadlineNs, qPrintable(QStringLiteral("task %1 early").arg(i)));
        }
        std::vector<int> byDeadline(n);
        std::iota(byDeadline.begin(), byDeadline.end(), 0);
        std::sort(byDeadline.begin(), byDeadline.end(),
            [&logs](int a, int b) { return logs[size_t(a)].deadlineNs < logs[size_t(b)].deadlineNs; });
        for (size_t i = 1; i < byDeadline.size(); ++i) {
            const TaskRecord& earlier = run.records[size_t(byDeadline[i - 1])];
            const TaskRecord& later = run.records[size_t(byDeadline[i])];
            QVERIFY2(earlier.endNs <= later.endNs,
                qPrintable(QStringLiteral("task %1 ended after task %2").arg(earlier.task).arg(later.task)));
        }
        QCOMPARE_LT(double(run.endNs - run.startNs) / 1e9, 2.0 * sanitizers::timeFactor);
    }

    // A task waiting on a pipe is resumed when another thread writes to it, and not before.
    void readableWaitResumesWhenThePipeIsWritten()
    {
        Pipe pipe;
        QVERIFY(pipe.readEnd >= 0);
        PipeEnd end = PipeEnd::Unfinished;
        int64_t noDeadline = 0;
        std::atomic<int64_t> writtenNs { 0 };
        std::thread writer([&pipe, &writtenNs] {
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
            writtenNs = monotonicNowNs();
            const char byte = 'x';
            if (::write(pipe.writeEnd, &byte, 1) != 1)
                writtenNs = -1;
        });
        const LoopRun run
            = runLoop(1, [&](int) { return std::make_unique<PipeReaderTask>(pipe.readEnd, 0, end, noDeadline); });
        writer.join();
        QVERIFY2(!run.outcome.taskFailure.happened(), run.outcome.taskFailure.describe().c_str());
        QCOMPARE_GT(writtenNs.load(), 0);
        QCOMPARE(end, PipeEnd::Data);
        QCOMPARE_GE(run.records[0].endNs, writtenNs.load());
        QCOMPARE_LT(double(run.records[0].endNs - writtenNs) / 1e9, 1.0 * sanitizers::timeFactor);
    }

    // A wait on a pipe with a deadline as its timeout ends at the deadline when nothing is written.
    void readableWaitTimesOutAtItsDeadline()
    {
        Pipe pipe;
        QVERIFY(pipe.readEnd >= 0);
        PipeEnd end = PipeEnd::Unfinished;
        int64_t deadlineNs = 0;
        const LoopRun run = runLoop(
            1, [&](int) { return std::make_unique<PipeReaderTask>(pipe.readEnd, 50 * NsPerMs, end, deadlineNs); });
        QVERIFY2(!run.outcome.taskFailure.happened(), run.outcome.taskFailure.describe().c_str());
        QCOMPARE(end, PipeEnd::TimedOut);
        QCOMPARE_GE(run.records[0].endNs, deadlineNs);
        QCOMPARE_LT(double(run.records[0].endNs - deadlineNs) / 1e9, 1.0 * sanitizers::timeFactor);
    }

    // The first task that fails ends the loop: it is named with its message, the stop token is cancelled, every other
    // task sees the cancel once and is destroyed, and none waits out its 10 s.
    void aFailingTaskStopsTheOthers()
    {
        constexpr int n = 5;
        std::vector<TimedTaskLog> logs(n);
        const LoopRun run = runLoop(n, [&logs](int task) {
            // Tasks 3 and 4 fail after 20 and 60 ms; the first of them is the one named.
            const int64_t waitNs = task == 3 ? 20 * NsPerMs : task == 4 ? 60 * NsPerMs : 10'000 * NsPerMs;
            const std::string failure = task >= 3 ? "task gave up after its wait" : std::string();
            return std::make_unique<TimedTask>(waitNs, logs[size_t(task)], failure);
        });
        QCOMPARE(run.outcome.taskFailure.task, 3);
        QVERIFY(!run.outcome.taskFailure.refused);
        QCOMPARE(run.outcome.taskFailure.message, std::string("task gave up after its wait"));
        QVERIFY(run.stopCancelled);
        for (int i = 0; i < n; ++i) {
            QVERIFY2(logs[size_t(i)].destroyed, qPrintable(QStringLiteral("task %1 not destroyed").arg(i)));
            QCOMPARE(logs[size_t(i)].cancelsSeen, i == 3 ? 0 : 1);
            QCOMPARE(run.records[size_t(i)].task, -1); // none finished
        }
        QCOMPARE_LT(double(run.endNs - run.startNs) / 1e9, 2.0 * sanitizers::timeFactor);
    }

    // A task waiting for a child (pidfd_open of a child started with posix_spawn) is resumed once the child exits.
    void childExitWaitResumesWhenTheChildEnds()
    {
        pid_t pid = 0;
        char program[] = "/bin/sleep";
        char seconds[] = "0.05";
        char* const argv[] = { program, seconds, nullptr };
        const int64_t spawnedNs = monotonicNowNs();
        QCOMPARE(::posix_spawn(&pid, program, nullptr, nullptr, argv, environ), 0);
        const int pidfd = int(::syscall(SYS_pidfd_open, pid, 0));
        if (pidfd < 0) {
            const int error = errno;
            ::kill(pid, SIGKILL);
            ::waitpid(pid, nullptr, 0);
            QSKIP(("pidfd_open: " + errnoDescription(error)).c_str());
        }
        const LoopRun run = runLoop(1, [pid, pidfd](int) { return std::make_unique<ChildTask>(pid, pidfd); });
        ::close(pidfd);
        if (run.records[0].task != 0) {
            ::kill(pid, SIGKILL);
            ::waitpid(pid, nullptr, 0);
        }
        QVERIFY2(!run.outcome.taskFailure.happened(), run.outcome.taskFailure.describe().c_str());
        QCOMPARE(run.records[0].task, 0);
        QCOMPARE_GE(run.records[0].endNs - spawnedNs, 50 * NsPerMs);
        QCOMPARE_LT(double(run.records[0].endNs - spawnedNs) / 1e9, 2.0 * sanitizers::timeFactor);
        // The task reaped it.
        QCOMPARE(::waitpid(pid, nullptr, WNOHANG), -1);
        QCOMPARE(errno, ECHILD);
    }

    // 100,000 sleep tasks of 10 s held by one loop: a cancel ends the run within half a second, as cancelled, with
    // no thread left behind.
    void cancelWith100000WaitsPending()
    {
        const int threadsBefore = ProcessProbe::settledThreadCount();
        const ExecutionContext context = ExecutionContext::forThisMachine(WorkloadKind::Sleep);
        CancelToken cancel;
        RunResult result;
        std::atomic<int64_t> returnedNs { 0 };
        std::thread run([&] {
            result = runMeasured(specOf(StrategyKind::Async).tasks(100'000).taskMs(10'000), context, cancel);
            returnedNs = monotonicNowNs();
        });
        // Long enough for the loop to have started every task (under 20 ms here), even under a sanitizer.
        std::this_thread::sleep_for(std::chrono::milliseconds(500 * sanitizers::timeFactor));
        const int64_t cancelNs = monotonicNowNs();
        cancel.cancel();
        run.join();
        const double stopSeconds = double(returnedNs - cancelNs) / 1e9;
        qInfo("100,000 waits pending: returned %.3f s after the cancel; peak RSS %lld KiB", stopSeconds,
            qlonglong(result.resources.peakRssKiB));
        QCOMPARE(statusName(result.status), statusName(RunStatus::Cancelled));
        QVERIFY(result.traces.isEmpty());
        QCOMPARE_LE(stopSeconds, sanitizers::thread || sanitizers::address ? 3.0 : 0.5);
        QTRY_COMPARE_WITH_TIMEOUT(ProcessProbe::threadCount(), threadsBefore, ProcessProbe::exitGraceMs);
    }

    void openFileLimitRefusesTheRun_data()
    {
        QTest::addColumn<QStringList>("processes");
        QTest::addColumn<bool>("namesTask");
        QTest::addRow("in-process loop") << QStringList {} << false;
        QTest::addRow("two worker loops") << QStringList { QStringLiteral("--processes"), QStringLiteral("2") } << true;
    }

    // Under a real ulimit -n 64, 200 net tasks cannot all hold a socket: the in-process loop's run is refused before
    // it starts (the engine sees the hard limit); a worker's loop meets the limit itself and its F line refuses the
    // run, naming a task. Either way the message names the limit and its number, and nothing outlives conlab.
    void openFileLimitRefusesTheRun()
    {
        QFETCH(QStringList, processes);
        QFETCH(bool, namesTask);
        constexpr rlim_t limit = 64;
        const LimitedRun run = runConlabUnderFileLimit(limit,
            QStringList { QStringLiteral("--strategy"), QStringLiteral("async"), QStringLiteral("--tasks"),
                QStringLiteral("200"), QStringLiteral("--workload"), QStringLiteral("net"), QStringLiteral("--task-ms"),
                QStringLiteral("200") }
                + processes);
        if (!run.whyNot.isEmpty())
            QSKIP(qPrintable(run.whyNot));
        qInfo("%s", qPrintable(run.message));
        QVERIFY2(run.exitCode == 1, run.output.constData());
        QCOMPARE(run.status, QStringLiteral("refused"));
        QVERIFY2(run.message.contains(QStringLiteral("open-file limit")), qPrintable(run.message));
        static const QRegularExpression limitNumber(QStringLiteral("\\b64\\b"));
        QVERIFY2(limitNumber.match(run.message).hasMatch(), qPrintable(run.message));
        static const QRegularExpression aTask(QStringLiteral("\\btask \\d+\\b"));
        QCOMPARE(aTask.match(run.message).hasMatch(), namesTask);
        QTRY_COMPARE_WITH_TIMEOUT(ProcessProbe::childPids(), QList<qint64> {}, ProcessProbe::exitGraceMs);
    }

    void oneLoopPerWorkerProcess_data()
    {
        QTest::addColumn<WorkloadKind>("workload");
        QTest::addColumn<int>("threadsCreated");
        QTest::addRow("sleep") << WorkloadKind::Sleep << 0;
        QTest::addRow("file") << WorkloadKind::File << 4 + 4 + 2; // each loop's I/O pool, one thread per task up to 4
    }

    // --processes 3 splits 10 tasks into contiguous shares of ceil(10 / 3) = 4: tasks 0-3, 4-7 and 8-9, each share in
    // a worker process of its own. A waiting workload's tasks run on the worker's main thread, its loop; a file
    // workload's on the loop's I/O pool.
    void oneLoopPerWorkerProcess()
    {
        QFETCH(WorkloadKind, workload);
        QFETCH(int, threadsCreated);
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        WorkloadOptions options;
        options.dir = dir.path();
        options.bytes = 64 * 1024;
        CancelToken cancel;
        const RunResult result = runMeasured(
            specOf(StrategyKind::Async).workload(workload).tasks(10).taskMs(20).processes(3).options(options),
            ExecutionContext::forThisMachine(workload), cancel);
        QVERIFY2(result.isOk(), qPrintable(describe(result)));
        QCOMPARE(result.traces.size(), 10);
        const SplitByProcess split = splitByProcess(result);
        QCOMPARE(split.tasks.size(), 3);
        QVERIFY(!split.tasks.contains(::getpid()));
        QList<QList<int>> shares = split.tasks.values();
        std::sort(shares.begin(), shares.end());
        QCOMPARE(shares, (QList<QList<int>> { { 0, 1, 2, 3 }, { 4, 5, 6, 7 }, { 8, 9 } }));
        for (auto tids = split.tids.cbegin(); tids != split.tids.cend(); ++tids) {
            if (threadsCreated == 0)
                QCOMPARE(tids.value(), QSet<qint64> { tids.key() });
            else
                QVERIFY(!tids.value().contains(tids.key()));
        }
        QCOMPARE(result.resources.processesCreated, 3);
        QCOMPARE(result.resources.threadsCreated, threadsCreated);
        QCOMPARE(QDir(dir.path()).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden), QStringList {});
        QTRY_COMPARE_WITH_TIMEOUT(ProcessProbe::childPids(), QList<qint64> {}, ProcessProbe::exitGraceMs);
    }

    // The lesson: a task that computes blocks the loop. Four cpu tasks of 20 ms on one loop run one at a time on the
    // thread that ran the strategy, so they take at least 4 x 20 ms and their traces never overlap.
    void computingTasksTakeTurnsOnTheLoop()
    {
        const ExecutionContext context = ExecutionContext::forThisMachine(WorkloadKind::Cpu);
        CancelToken cancel;
        const RunResult result
            = runMeasured(specOf(StrategyKind::Async).workload(WorkloadKind::Cpu).tasks(4).taskMs(20), context, cancel);
        QVERIFY2(result.isOk(), qPrintable(describe(result)));
        QCOMPARE(result.traces.size(), 4);
        qInfo("4 cpu tasks of 20 ms on one loop: %.3f s", result.seconds);
        QList<TaskTrace> traces = result.traces;
        std::sort(
            traces.begin(), traces.end(), [](const TaskTrace& a, const TaskTrace& b) { return a.startNs < b.startNs; });
        qint64 computedNs = 0;
        for (int i = 0; i < traces.size(); ++i) {
            QCOMPARE(traces.at(i).tid, currentThreadId());
            if (i > 0)
                QCOMPARE_GE(traces.at(i).startNs, traces.at(i - 1).endNs);
            computedNs += traces.at(i).endNs - traces.at(i).startNs;
        }
        // One after another, so the run took all four: the sum of their lengths, however long the calibration stored
        // by an earlier run on a busy machine makes 20 ms of computing (it has been 16 % short), and not a fraction.
        QVERIFY2(result.seconds >= computedNs / 1e9, qPrintable(describe(result)));
        QVERIFY2(computedNs / 1e9 >= 0.5 * 0.080, qPrintable(QString::number(computedNs)));
    }

    // The line that hands a worker its share on an event loop reads back as written; 0 I/O threads is a loop
    // without a pool, which a thread batch cannot have; a negative or overflowing field, task numbers beyond an int
    // and a pool larger than a loop's are refused, not misread.
    void eventLoopBatchLineRoundTrips()
    {
        for (const WorkerProtocol::Batch& batch :
            { WorkerProtocol::Batch { 0, 5, 0, true }, WorkerProtocol::Batch { 7, 100'000, 4, true },
                WorkerProtocol::Batch { INT_MAX - 5, 5, EventLoopIoThreads, true },
                WorkerProtocol::Batch { 3, 4, 2, false } }) {
            std::string line = WorkerProtocol::encodeBatch(batch);
            QVERIFY(line.ends_with('\n'));
            line.pop_back();
            const auto parsed = WorkerProtocol::parseBatch(line);
            QVERIFY2(parsed, line.c_str());
            QCOMPARE(parsed->first, batch.first);
            QCOMPARE(parsed->count, batch.count);
            QCOMPARE(parsed->threads, batch.threads);
            QCOMPARE(parsed->eventLoop, batch.eventLoop);
        }
        QCOMPARE(WorkerProtocol::encodeBatch({ 0, 5, 0, true }), std::string("L 0 5 0\n"));
        const auto noPool = WorkerProtocol::parseBatch("L 0 5 0");
        QVERIFY(noPool);
        QVERIFY(noPool->eventLoop);
        QCOMPARE(noPool->threads, 0);
        for (const char* malformed : { "T 0 5 0", "L -1 5 0", "L 0 -5 0", "L 0 0 0", "L 0 5 -1", "L 2147483648 5 0",
                 "L 0 2147483648 0", "L 0 5 2147483648", "L 0 5 99999999999999999999", "L 0 5", "L 0 5 0 0", "L 0 5 0x",
                 "L  0 5 0", "l 0 5 0", "L", "L 2147483647 2147483647 4", "L 2147483643 5 0", "L 0 5 5" })
            QVERIFY2(!WorkerProtocol::parseBatch(malformed), malformed);
    }
};

QTEST_GUILESS_MAIN(TestAsync)
#include "tst_async.moc"
