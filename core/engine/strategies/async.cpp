// The async strategy: one event loop holds every task's wait at once, in the tool's process or, with --processes C,
// in each of C conlab-worker processes with its share. Described in model/strategies.cpp; the loop is
// exec/eventloop.cpp.

#include "eventloop.h"
#include "strategy.h"
#include "support.h"

namespace {
class AsyncStrategy final : public Strategy
{
public:
    qint64 execute(const RunSpec& spec, const ExecutionContext& context, const Workload& workload, CancelToken& cancel,
        RunResult& result) const override
    {
        if (spec.processes > 0)
            return executeOnWorkers(spec, context, cancel, result);
        std::vector<TaskRecord> records(size_t(spec.tasks));
        const int ioThreads = eventLoopIoThreads(spec.workload, spec.tasks);
        const EventLoopOutcome outcome = runEventLoop(0, spec.tasks, workload, ioThreads, cancel, records.data());
        return finishInProcess(records, outcome.ioPool.threadsStarted,
            outcome.refused() ? outcome.describeRefusal() : std::string(), outcome.taskFailure, result);
    }

private:
    // The article's split, as blended's: each share on a loop of its own.
    static qint64 executeOnWorkers(
        const RunSpec& spec, const ExecutionContext& context, CancelToken& cancel, RunResult& result)
    {
        const auto batches = contiguousShares(spec, [&spec](int first, int count) {
            return WorkerProtocol::Batch { first, count, eventLoopIoThreads(spec.workload, count), true };
        });
        return runOnWorkerProcesses(poolConfig(spec, context), batches, BatchAssignment::OnePerWorker, cancel, result);
    }
};
} // namespace

template<> std::unique_ptr<Strategy> makeStrategyOf<StrategyKind::Async>()
{
    return std::make_unique<AsyncStrategy>();
}
