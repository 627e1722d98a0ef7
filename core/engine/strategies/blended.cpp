// The blended strategy: conlab-worker processes that each run their share on a thread pool. Described in
// model/strategies.cpp.

#include "strategy.h"
#include "support.h"

#include <algorithm>

namespace {
class BlendedStrategy final : public Strategy
{
public:
    qint64 execute(const RunSpec& spec, const ExecutionContext& context, const Workload&, CancelToken& cancel,
        RunResult& result) const override
    {
        // The article's split: contiguous shares of ceil(n / C) tasks, one per process, each on its own threads.
        const int share = blendedChunkSize(spec.tasks, spec.processes);
        QList<WorkerProtocol::Batch> batches;
        for (int first = 0; first < spec.tasks; first += share) {
            const int count = std::min(share, spec.tasks - first);
            batches.append({ first, count, std::min(spec.threads, count), false });
        }
        return runOnWorkerProcesses(poolConfig(spec, context), batches, BatchAssignment::OnePerWorker, cancel, result);
    }
};
} // namespace

template<> std::unique_ptr<Strategy> makeStrategyOf<StrategyKind::Blended>()
{
    return std::make_unique<BlendedStrategy>();
}
