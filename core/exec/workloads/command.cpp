// The command workload: each task runs the user's command (--command, {} standing for the task number), started with
// posix_spawn and without a shell unless --shell: the user's own downloads, API calls or scripts, measured.

#include "canceltoken.h"
#include "childprocess.h"
#include "monotonicclock.h"
#include "oserror.h"
#include "workload.h"

#include <atomic>
#include <cerrno>
#include <string>
#include <sys/resource.h>
#include <vector>

namespace {
// While the child's stderr stays open, how often its exit is looked at as well: a command that leaves a background
// process holding stderr ends when it exits, not when that process does.
constexpr int64_t ExitCheckNs = 50'000'000;

TaskWait spawnFailure(int error, const std::string& program)
{
    switch (error) {
    case EAGAIN:
        return TaskWait::refused("process limit: the OS refused a process for the command (EAGAIN, "
            + softLimitText(RLIMIT_NPROC, "ulimit -u") + ")");
    case EMFILE:
        return TaskWait::refused("open-file limit: the OS refused the descriptors of the command's stderr (EMFILE, "
            + softLimitText(RLIMIT_NOFILE, "ulimit -n") + ")");
    case ENFILE:
        return TaskWait::refused("system-wide open-file limit (fs.file-max): the OS refused a descriptor (ENFILE)");
    case ENOMEM:
        return TaskWait::refused("memory limit: the OS could not start the command (ENOMEM)");
    case ENOENT:
        return TaskWait::failed("command not found: '" + program + "'");
    default:
        return TaskWait::failed("could not start '" + program + "': " + errnoDescription(error));
    }
}

class CommandTask final : public ResumableTask
{
public:
    CommandTask(std::vector<std::string> argv, bool ownProcessGroup, std::atomic<int64_t>& started)
        : m_argv(std::move(argv))
        , m_ownProcessGroup(ownProcessGroup)
        , m_started(started)
    { }

    TaskWait resume(const CancelToken& cancel) override
    {
        if (cancel.isCancelled()) {
            m_child.kill();
            return TaskWait::cancelled();
        }
        if (!m_child.valid()) {
            int error = 0;
            m_child = ChildProcess::spawn(m_argv, m_ownProcessGroup, &error);
            if (!m_child.valid())
                return spawnFailure(error, m_argv.front());
            m_started.fetch_add(1, std::memory_order_relaxed);
        }
        ExitStatus status;
        if (m_child.tryReap(&status)) {
            if (status.exited && status.code == 0)
                return TaskWait::done();
            return TaskWait::failed(describeExit(status));
        }
        m_child.drainStderr();
        if (m_child.stderrFd() >= 0)
            return TaskWait::readable(m_child.stderrFd(), monotonicNowNs() + ExitCheckNs);
        return TaskWait::childExit(m_child.pidfd());
    }

private:
    std::vector<std::string> m_argv;
    bool m_ownProcessGroup;
    std::atomic<int64_t>& m_started;
    ChildProcess m_child; // killed and reaped by its destructor if the task ends early
};

class CommandWorkload final : public Workload
{
public:
    explicit CommandWorkload(const WorkloadSettings& settings)
        : m_ownProcessGroup(!settings.inWorkerProcess)
    {
        if (settings.shell) {
            m_words = { "/bin/sh", "-c", settings.command };
            return;
        }
        m_words = splitCommandLine(settings.command, &m_error);
        if (m_words.empty() && m_error.empty())
            m_error = "the command is empty";
    }

    std::unique_ptr<ResumableTask> startTask(int task) const override
    {
        if (!m_error.empty())
            return std::make_unique<FailedTask>("--command: " + m_error);
        std::vector<std::string> argv;
        argv.reserve(m_words.size());
        for (const std::string& word : m_words)
            argv.push_back(substituteTaskNumber(word, task));
        return std::make_unique<CommandTask>(std::move(argv), m_ownProcessGroup, m_started);
    }

    int64_t processesStarted() const override { return m_started.load(std::memory_order_relaxed); }

private:
    // A command that cannot be split (an unclosed quote) fails every task, naming the problem; the command line and
    // the app refuse it before a sweep starts (missingWorkloadOption()).
    class FailedTask final : public ResumableTask
    {
    public:
        explicit FailedTask(std::string message)
            : m_message(std::move(message))
        { }
        TaskWait resume(const CancelToken&) override { return TaskWait::failed(m_message); }

    private:
        std::string m_message;
    };

    // In a worker process the command stays in the worker's process group, which the engine kills on a cancel; in the
    // tool's own process it leads a group of its own, which the task kills (a terminal's Ctrl-C then reaches the tool,
    // which cancels, and not the commands).
    bool m_ownProcessGroup;
    std::vector<std::string> m_words;
    std::string m_error;
    mutable std::atomic<int64_t> m_started { 0 }; // the children its tasks started, counted as they start
};
} // namespace

extern const WorkloadDescription commandWorkload {
    .kind = WorkloadKind::Command,
    .name = "command",
    .label = "your own command",
    .help = "each task runs --command, {} standing for the task number: your downloads, scripts",
    .readsTaskMs = false,
    .readsCpuCalibration = false,
    .computes = false,
    .needsLatencyServer = false,
    .descriptorsPerTask = 2,
    .blocksInSystemCalls = false,
    .articleBottleneck = "IO",
    .options = WorkloadOption::Command | WorkloadOption::Shell,
    .make = [](const WorkloadSettings& settings) -> std::unique_ptr<Workload> {
        return std::make_unique<CommandWorkload>(settings);
    },
};
