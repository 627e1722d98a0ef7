// The processes strategy: a pool of conlab-worker processes, tasks to whichever is free. Described in
// model/strategies.cpp.

#include "strategy.h"
#include "support.h"

#include <algorithm>

namespace {
class ProcessPoolStrategy final : public Strategy
{
public:
    qint64 execute(const RunSpec& spec, const ExecutionContext& context, const Workload&, CancelToken& cancel,
        RunResult& result) const override
    {
        // One task at a time by default; or chunks, as Python's Pool.map hands them out.
        const int chunk = effectiveChunkSize(spec);
        QList<WorkerProtocol::Batch> batches;
        for (int first = 0; first < spec.tasks; first += chunk)
            batches.append({ first, std::min(chunk, spec.tasks - first), 1, false });
        return runOnWorkerProcesses(
            poolConfig(spec, context), batches, BatchAssignment::WhicheverIsFree, cancel, result);
    }
};
} // namespace

template<> std::unique_ptr<Strategy> makeStrategyOf<StrategyKind::Processes>()
{
    return std::make_unique<ProcessPoolStrategy>();
}
