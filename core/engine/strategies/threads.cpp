// The threads strategy: a pool of threads in this process. Described in model/strategies.cpp.

#include "strategy.h"
#include "support.h"

#include <QString>
#include <algorithm>

namespace {
class ThreadPoolStrategy final : public Strategy
{
public:
    qint64 execute(const RunSpec& spec, const ExecutionContext&, const Workload& workload, CancelToken& cancel,
        RunResult& result) const override
    {
        std::vector<TaskRecord> records(size_t(spec.tasks));
        const ThreadTeamOutcome outcome = runThreadTeam(spec.threads, 0, spec.tasks, workload, cancel, records.data());
        const qint64 lastResult = finishInProcess(records, outcome.threadsStarted,
            outcome.refused() ? outcome.describeRefusal() : std::string(), outcome.taskFailure, result);
        // With more threads than tasks, creating the pool can outlast the tasks; Python's ThreadPool(T) creates all T
        // threads first, and so the run is not over before the pool exists.
        return lastResult > 0 ? std::max<qint64>(lastResult, outcome.poolReadyNs) : 0;
    }
};
} // namespace

template<> std::unique_ptr<Strategy> makeStrategyOf<StrategyKind::Threads>()
{
    return std::make_unique<ThreadPoolStrategy>();
}
