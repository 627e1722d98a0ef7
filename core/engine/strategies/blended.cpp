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
        // The article's split (contiguous shares of ⌈n / C⌉ tasks), each share on threads of its own.
        const auto batches = contiguousShares(spec, [&spec](int first, int count) {
            return WorkerProtocol::Batch { first, count, std::min(spec.threads, count), false };
        });
        return runOnWorkerProcesses(poolConfig(spec, context), batches, BatchAssignment::OnePerWorker, cancel, result);
    }
};
} // namespace

template<> std::unique_ptr<Strategy> makeStrategyOf<StrategyKind::Blended>()
{
    return std::make_unique<BlendedStrategy>();
}
