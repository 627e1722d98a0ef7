// The sequential strategy: the tasks one after another on the sweep's own thread. Described in model/strategies.cpp.

#include "strategy.h"
#include "support.h"

namespace {
class SequentialStrategy final : public Strategy
{
public:
    qint64 execute(const RunSpec& spec, const ExecutionContext&, const Workload& workload, CancelToken& cancel,
        RunResult& result) const override
    {
        std::vector<TaskRecord> records(size_t(spec.tasks));
        const TaskFailure failure = runTasksInline(0, spec.tasks, workload, cancel, records.data());
        return finishInProcess(records, 0, {}, failure, result);
    }
};
} // namespace

template<> std::unique_ptr<Strategy> makeStrategyOf<StrategyKind::Sequential>()
{
    return std::make_unique<SequentialStrategy>();
}
