// conlab-worker: one worker process of the processes, blended and async strategies. It reads batches of tasks from
// stdin, runs them (one after another, on a thread pool of its own or on an event loop) and reports each task on
// stdout. See
// core/exec/workerprotocol.h for the protocol. No Qt here, so the worker starts in about a millisecond.

#include "canceltoken.h"
#include "eventloop.h"
#include "fdlimit.h"
#include "latencyserver.h"
#include "threadteam.h"
#include "workerprotocol.h"
#include "workload.h"

#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <sys/prctl.h>
#include <unistd.h>
#include <vector>

namespace {
int usage(const char* message)
{
    std::string workloads;
    for (const WorkloadDescription* workload : allWorkloads())
        workloads += (workloads.empty() ? "" : "|") + std::string(workload->name);
    std::fprintf(stderr, "conlab-worker: %s\nusage: conlab-worker %s --task-ms MS [the workload's options]\n", message,
        workloads.c_str());
    return 2;
}

// Sends task reports to the engine as tasks finish. Many threads finish at once; rather than each making its own
// write() they queue their line, and whichever thread finds no write in progress sends everything queued (a group
// commit).
class Reporter
{
public:
    void send(std::string line)
    {
        std::unique_lock lock(m_mutex);
        m_pending += line;
        if (m_writing)
            return;
        m_writing = true;
        while (!m_pending.empty()) {
            std::string batch;
            batch.swap(m_pending);
            lock.unlock();
            if (!WorkerProtocol::writeAll(STDOUT_FILENO, batch))
                m_broken = true;
            lock.lock();
        }
        m_writing = false;
    }

    bool broken() const { return m_broken; }

private:
    std::mutex m_mutex;
    std::string m_pending;
    bool m_writing = false;
    std::atomic<bool> m_broken { false };
};

// Runs one batch and reports each task as it finishes, then the batch. Returns false if stdout is gone (the engine
// has stopped listening).
// The processes the batch's tasks started (the command workload's), said before the batch's end when there were any.
std::string processesLine(const Workload& workload, int64_t before)
{
    const int64_t started = workload.processesStarted() - before;
    return started > 0 ? WorkerProtocol::encodeProcessesStarted(started) : std::string();
}

// Its traces, then its end: one write per MiB rather than one per task (a loop may hold a million).
bool reportAtOnce(const std::vector<TaskRecord>& records, const std::string& end)
{
    constexpr size_t WriteBytes = size_t(1) << 20;
    std::string reply;
    for (const TaskRecord& record : records) {
        if (record.task < 0)
            continue;
        reply += WorkerProtocol::encodeTaskDone(record);
        if (reply.size() >= WriteBytes) {
            if (!WorkerProtocol::writeAll(STDOUT_FILENO, reply))
                return false;
            reply.clear();
        }
    }
    return WorkerProtocol::writeAll(STDOUT_FILENO, reply + end);
}

bool runBatch(const WorkerProtocol::Batch& batch, const Workload& workload)
{
    std::vector<TaskRecord> records(size_t(batch.count));
    const int64_t processesBefore = workload.processesStarted();
    if (batch.eventLoop) {
        // The loop's tasks end together with the batch, whose end the engine waits for: its report is sent at once.
        CancelToken stop;
        const EventLoopOutcome outcome
            = runEventLoop(batch.first, batch.count, workload, batch.threads, stop, records.data());
        std::string end = processesLine(workload, processesBefore);
        if (outcome.ioPool.refused())
            end += WorkerProtocol::encodeThreadRefused(outcome.ioPool);
        else if (!outcome.refusal.empty())
            end += WorkerProtocol::encodeTaskFailed({ batch.first, true, outcome.refusal });
        else if (outcome.taskFailure.happened())
            end += WorkerProtocol::encodeTaskFailed(outcome.taskFailure);
        else
            end += WorkerProtocol::encodeBatchDone(batch.first);
        return reportAtOnce(records, end);
    }
    if (batch.threads <= 1) {
        // One task at a time: the engine waits for the batch anyway, so one write carries it all.
        CancelToken never;
        const TaskFailure failure = runTasksInline(batch.first, batch.count, workload, never, records.data());
        return reportAtOnce(records,
            processesLine(workload, processesBefore)
                + (failure.happened() ? WorkerProtocol::encodeTaskFailed(failure)
                                      : WorkerProtocol::encodeBatchDone(batch.first)));
    }
    Reporter reporter;
    CancelToken stop;
    const ThreadTeamOutcome outcome
        = runThreadTeam(batch.threads, batch.first, batch.count, workload, stop, records.data(),
            [&reporter](const TaskRecord& record) { reporter.send(WorkerProtocol::encodeTaskDone(record)); });
    const std::string processes = processesLine(workload, processesBefore);
    if (outcome.refused()) {
        reporter.send(processes + WorkerProtocol::encodeThreadRefused(outcome));
        return !reporter.broken();
    }
    if (outcome.taskFailure.happened()) {
        reporter.send(processes + WorkerProtocol::encodeTaskFailed(outcome.taskFailure));
        return !reporter.broken();
    }
    reporter.send(processes + WorkerProtocol::encodeBatchDone(batch.first));
    return !reporter.broken();
}

// Hands each line of stdin (without its '\n') to `handle`, which returns an exit code to stop with, or nothing to go
// on. End of input exits 0; a failed read exits 1.
template<typename Handle> int forEachInputLine(Handle handle)
{
    WorkerProtocol::LineBuffer input;
    char chunk[4096];
    for (;;) {
        while (auto line = input.takeLine()) {
            if (const std::optional<int> exitCode = handle(*line))
                return *exitCode;
        }
        const ssize_t got = read(STDIN_FILENO, chunk, sizeof chunk);
        if (got == 0)
            return 0;
        if (got < 0) {
            if (errno == EINTR)
                continue;
            return 1;
        }
        input.append(chunk, size_t(got));
    }
}

std::optional<int> malformedRequest(const std::string& line)
{
    std::fprintf(stderr, "conlab-worker: malformed request '%s'\n", line.c_str());
    return 2;
}

// `conlab-worker --latency-server`: the latency server of the net workload in a process of its own, so that its
// connections do not count against the tool's open-file limit and it dies with the tool. The protocol is in
// core/exec/latencyserver.h.
int serveLatency()
{
    LatencyServer server;
    if (!server.listen(true) || !server.start()) {
        std::fprintf(stderr, "conlab-worker: latency server: %s\n", server.error().c_str());
        return 1;
    }
    if (!WorkerProtocol::writeAll(STDOUT_FILENO, encodeServerListening(server.port())))
        return 1;
    return forEachInputLine([&server](const std::string& line) -> std::optional<int> {
        if (line == "Q")
            return 0;
        if (line != "S")
            return malformedRequest(line);
        if (!WorkerProtocol::writeAll(STDOUT_FILENO, encodeServerStats(server.takeStats())))
            return 1;
        return std::nullopt;
    });
}

} // namespace

int main(int argc, char** argv)
{
    // If the engine dies, so do we: a worker must never outlive the run that started it. (Should the engine die before
    // this line, our stdin reaches end of file and we exit all the same.)
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    std::signal(SIGPIPE, SIG_IGN);
    if (argc == 2 && std::string_view(argv[1]) == "--latency-server")
        return serveLatency();

    if (argc < 2)
        return usage("expected a workload");
    const WorkloadDescription* description = findWorkload(std::string_view(argv[1]));
    if (!description)
        return usage("unknown workload");
    WorkloadSettings settings;
    settings.inWorkerProcess = true;
    const std::string error = parseWorkerArguments(*description,
        std::span<const char* const>(const_cast<const char* const*>(argv) + 2, size_t(argc - 2)), settings);
    if (!error.empty())
        return usage(error.c_str());
    // Its tasks' descriptors count against this process's open-file limit: as much of it as the hard limit allows.
    if (description->descriptorsPerTask > 0)
        raiseFdLimitToMaximum(false);
    const auto workload = description->make(settings);
    // The handshake: the engine fails the run if a worker stays silent (see WorkerHandshakeTimeoutMs).
    if (!WorkerProtocol::writeAll(STDOUT_FILENO, WorkerProtocol::encodeHello()))
        return 1;

    return forEachInputLine([&workload](const std::string& line) -> std::optional<int> {
        const auto batch = WorkerProtocol::parseBatch(line);
        if (!batch)
            return malformedRequest(line);
        if (!runBatch(*batch, *workload))
            return 1;
        return std::nullopt;
    });
}
