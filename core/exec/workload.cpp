#include "workload.h"

#include "canceltoken.h"
#include "monotonicclock.h"

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <climits>
#include <cstring>
#include <optional>
#include <poll.h>

// The registry: one line per workload, defined in its own file under workloads/.
extern const WorkloadDescription sleepWorkload;
extern const WorkloadDescription cpuWorkload;
extern const WorkloadDescription fileWorkload;
extern const WorkloadDescription mixedWorkload;
extern const WorkloadDescription commandWorkload;
extern const WorkloadDescription netWorkload;
namespace {
constexpr const WorkloadDescription* registry[]
    = { &sleepWorkload, &cpuWorkload, &mixedWorkload, &fileWorkload, &netWorkload, &commandWorkload };

constexpr WorkloadOptionDescription optionRegistry[] = {
    { WorkloadOption::CpuMs, "cpu-ms", false, "milliseconds each task computes before it waits" },
    { WorkloadOption::Bytes, "bytes", false, "bytes each task writes to its file and reads back (default 1 MiB)" },
    { WorkloadOption::Fsync, "fsync", true, "each task flushes its file to the disk (fsync) before reading it back" },
    { WorkloadOption::Dir, "dir", false, "the directory file tasks write in (default: $TMPDIR or /tmp)" },
    { WorkloadOption::Command, "command", false,
        "the command each task runs, {} standing for the task number; without a shell unless --shell" },
    { WorkloadOption::Shell, "shell", true, "the command runs through /bin/sh -c" },
    { WorkloadOption::InterpreterLock, "interpreter-lock", true,
        "the computing part of every task holds one lock per process, handed over every 5 ms, as CPython's GIL" },
};

// The default resumable form: the whole task in the first resume().
class BlockingTask final : public ResumableTask
{
public:
    BlockingTask(const Workload& workload, int task)
        : m_workload(workload)
        , m_task(task)
    { }

    TaskWait resume(const CancelToken& cancel) override
    {
        TaskOutcome outcome = m_workload.runTask(m_task, cancel);
        switch (outcome.end) {
        case TaskEnd::Done:
            return TaskWait::done();
        case TaskEnd::Cancelled:
            return TaskWait::cancelled();
        case TaskEnd::Failed:
            return TaskWait::failed(std::move(outcome.message));
        case TaskEnd::Refused:
            return TaskWait::refused(std::move(outcome.message));
        }
        return TaskWait::failed("unknown end");
    }

private:
    const Workload& m_workload;
    int m_task;
};

// poll()'s timeout until `deadlineNs` (0: none), in whole milliseconds rounded up so a wait never ends early; with no
// cancel descriptor, at most `slice` ms so the token is looked at.
int pollTimeoutMs(int64_t deadlineNs, int sliceMs)
{
    if (deadlineNs <= 0)
        return sliceMs;
    const int64_t left = std::max<int64_t>(0, deadlineNs - monotonicNowNs());
    const int64_t ms = (left + 999'999) / 1'000'000;
    return sliceMs < 0 ? int(std::min<int64_t>(ms, INT32_MAX)) : int(std::min<int64_t>(ms, sliceMs));
}

bool parseInteger(std::string_view text, int64_t& value)
{
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    return ec == std::errc() && end == text.data() + text.size();
}
} // namespace

TaskOutcome TaskWait::outcome() const
{
    switch (what) {
    case For::Cancelled:
        return TaskOutcome::cancelled();
    case For::Failed:
        return TaskOutcome::failed(message);
    case For::Refused:
        return TaskOutcome::refused(message);
    default:
        return TaskOutcome::done();
    }
}

TaskOutcome runToEnd(ResumableTask& task, const CancelToken& cancel)
{
    const int cancelFd = cancel.eventFd();
    for (;;) {
        const TaskWait wait = task.resume(cancel);
        if (wait.finished())
            return wait.outcome();
        if (wait.what == TaskWait::For::Deadline) {
            cancel.sleepUntil(wait.deadlineNs); // resume() sees a cancel
            continue;
        }
        pollfd fds[2] = { { wait.fd, short(wait.what == TaskWait::For::Writable ? POLLOUT : POLLIN), 0 },
            { cancelFd, POLLIN, 0 } };
        // Without the token's descriptor (the OS refused it), a 20 ms slice bounds how late a cancel is seen.
        const int timeout = pollTimeoutMs(wait.deadlineNs, cancelFd >= 0 ? -1 : 20);
        if (::poll(fds, cancelFd >= 0 ? 2 : 1, timeout) < 0 && errno != EINTR)
            return TaskOutcome::failed(std::string("poll() failed: ") + strerror(errno));
    }
}

TaskOutcome Workload::runTask(int task, const CancelToken& cancel) const
{
    const std::unique_ptr<ResumableTask> resumable = startTask(task);
    return runToEnd(*resumable, cancel);
}

std::unique_ptr<ResumableTask> Workload::startTask(int task) const
{
    return std::make_unique<BlockingTask>(*this, task);
}

std::span<const WorkloadDescription* const> allWorkloads()
{
    return registry;
}

std::span<const WorkloadOptionDescription> allWorkloadOptions()
{
    return optionRegistry;
}

const WorkloadDescription* findWorkload(WorkloadKind kind)
{
    const auto it = std::find_if(std::begin(registry), std::end(registry), [kind](auto* d) { return d->kind == kind; });
    return it == std::end(registry) ? nullptr : *it;
}

const WorkloadDescription* findWorkload(std::string_view name)
{
    const auto it = std::find_if(std::begin(registry), std::end(registry), [name](auto* d) { return d->name == name; });
    return it == std::end(registry) ? nullptr : *it;
}

std::unique_ptr<Workload> makeWorkload(WorkloadKind kind, const WorkloadSettings& settings)
{
    const WorkloadDescription* description = findWorkload(kind);
    return description ? description->make(settings) : nullptr;
}

std::vector<std::string> workerArguments(const WorkloadDescription& workload, const WorkloadSettings& settings)
{
    std::vector<std::string> arguments { "--task-ms", std::to_string(settings.taskMs) };
    if (workload.readsCpuCalibration)
        arguments.insert(arguments.end(), { "--cpu-iterations", std::to_string(settings.cpuIterationsPerMs) });
    if (workload.needsLatencyServer)
        arguments.insert(arguments.end(), { "--port", std::to_string(settings.serverPort) });
    for (const WorkloadOptionDescription& option : optionRegistry) {
        if (!workload.reads(option.option))
            continue;
        const std::string name = "--" + std::string(option.name);
        switch (option.option) {
        case WorkloadOption::CpuMs:
            arguments.insert(arguments.end(), { name, std::to_string(settings.cpuMs) });
            break;
        case WorkloadOption::Bytes:
            arguments.insert(arguments.end(), { name, std::to_string(settings.bytes) });
            break;
        case WorkloadOption::Dir:
            if (!settings.dir.empty())
                arguments.insert(arguments.end(), { name, settings.dir });
            break;
        case WorkloadOption::Command:
            arguments.insert(arguments.end(), { name, settings.command });
            break;
        case WorkloadOption::Fsync:
            if (settings.fsync)
                arguments.push_back(name);
            break;
        case WorkloadOption::Shell:
            if (settings.shell)
                arguments.push_back(name);
            break;
        case WorkloadOption::InterpreterLock:
            if (settings.interpreterLock)
                arguments.push_back(name);
            break;
        }
    }
    return arguments;
}

std::string parseWorkerArguments(
    const WorkloadDescription& workload, std::span<const char* const> arguments, WorkloadSettings& settings)
{
    for (size_t i = 0; i < arguments.size(); ++i) {
        const std::string_view argument = arguments[i];
        const auto value = [&]() -> std::optional<std::string_view> {
            if (i + 1 >= arguments.size())
                return std::nullopt;
            return std::string_view(arguments[++i]);
        };
        const auto integer = [&](int64_t low, int64_t high, int64_t& out) -> std::string {
            const auto text = value();
            int64_t parsed = 0;
            if (!text || !parseInteger(*text, parsed) || parsed < low || parsed > high)
                return std::string(argument) + " needs a whole number from " + std::to_string(low) + " to "
                    + std::to_string(high);
            out = parsed;
            return {};
        };
        int64_t number = 0;
        std::string error;
        if (argument == "--task-ms") {
            error = integer(0, 24LL * 3600 * 1000, number);
            settings.taskMs = int(number);
        } else if (argument == "--cpu-iterations") {
            error = integer(1, INT64_MAX, number);
            settings.cpuIterationsPerMs = number;
        } else if (argument == "--port" && workload.needsLatencyServer) {
            error = integer(1, 65535, number);
            settings.serverPort = int(number);
        } else if (argument == "--cpu-ms" && workload.reads(WorkloadOption::CpuMs)) {
            error = integer(0, 24LL * 3600 * 1000, number);
            settings.cpuMs = int(number);
        } else if (argument == "--bytes" && workload.reads(WorkloadOption::Bytes)) {
            error = integer(1, MaxFileBytes, number);
            settings.bytes = number;
        } else if (argument == "--dir" && workload.reads(WorkloadOption::Dir)) {
            const auto text = value();
            if (!text)
                error = "--dir needs a directory";
            else
                settings.dir = *text;
        } else if (argument == "--command" && workload.reads(WorkloadOption::Command)) {
            const auto text = value();
            if (!text)
                error = "--command needs a command";
            else
                settings.command = *text;
        } else if (argument == "--fsync" && workload.reads(WorkloadOption::Fsync)) {
            settings.fsync = true;
        } else if (argument == "--shell" && workload.reads(WorkloadOption::Shell)) {
            settings.shell = true;
        } else if (argument == "--interpreter-lock" && workload.reads(WorkloadOption::InterpreterLock)) {
            settings.interpreterLock = true;
        } else {
            error = "unexpected argument '" + std::string(argument) + "' for the " + std::string(workload.name)
                + " workload";
        }
        if (!error.empty())
            return error;
    }
    return {};
}
