#include "workload.h"

#include "canceltoken.h"

#include <algorithm>

// The registry: one line per workload, defined in its own file under workloads/.
extern const WorkloadDescription sleepWorkload;
extern const WorkloadDescription cpuWorkload;
namespace {
constexpr const WorkloadDescription* registry[] = { &sleepWorkload, &cpuWorkload };

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
        return m_workload.runTask(m_task, cancel) ? TaskWait::done() : TaskWait::cancelled();
    }

private:
    const Workload& m_workload;
    int m_task;
};
} // namespace

std::unique_ptr<ResumableTask> Workload::startTask(int task) const
{
    return std::make_unique<BlockingTask>(*this, task);
}

std::span<const WorkloadDescription* const> allWorkloads()
{
    return registry;
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

std::unique_ptr<Workload> makeWorkload(WorkloadKind kind, int taskMs, int64_t cpuIterationsPerMs)
{
    const WorkloadDescription* description = findWorkload(kind);
    return description ? description->make({ taskMs, cpuIterationsPerMs }) : nullptr;
}
