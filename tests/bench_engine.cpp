// conlab-bench: how close the engine comes to the ideal bound h*ceil(n/w), and how much it adds over bare OS threads.
// Not a test: it prints figures for the README. Each case runs --repeat times (default 5); the median is reported, and
// the first run beside it: the first threads run of a process also pays for faulting in its thread stacks.
//
//   conlab-bench [--repeat K]

#include "exec/canceltoken.h"
#include "exec/monotonicclock.h"
#include "statistics.h"
#include "strategy.h"

#include <QCoreApplication>
#include <QStringList>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <thread>
#include <vector>

namespace {
struct BenchCase
{
    const char* name;
    StrategyKind strategy;
    int tasks;
    int taskMs;
    int processes;
    double target; // measured / ideal must not exceed this
};

// The floor for the threads case: 1,000 std::threads that each sleep 100 ms, created and joined in a plain loop.
double bareThreadsSeconds(int threads, int taskMs)
{
    const int64_t start = monotonicNowNs();
    std::vector<std::thread> pool;
    pool.reserve(size_t(threads));
    for (int i = 0; i < threads; ++i)
        pool.emplace_back([taskMs] { std::this_thread::sleep_for(std::chrono::milliseconds(taskMs)); });
    for (auto& thread : pool)
        thread.join();
    return double(monotonicNowNs() - start) / 1e9;
}
} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    int repeats = 5;
    const QStringList args = QCoreApplication::arguments();
    const qsizetype repeatAt = args.indexOf(QStringLiteral("--repeat"));
    if (repeatAt > 0 && repeatAt + 1 < args.size())
        repeats = std::max(1, args.at(repeatAt + 1).toInt());

    const BenchCase cases[] = {
        { "threads    n=1000 h=100ms", StrategyKind::Threads, 1000, 100, 0, 1.6 },
        { "processes  n=20   h=100ms C=2", StrategyKind::Processes, 20, 100, 2, 1.02 },
        { "blended    n=2000 h=100ms C=2", StrategyKind::Blended, 2000, 100, 2, 2.0 },
        { "sequential n=20   h=10ms", StrategyKind::Sequential, 20, 10, 0, 1.03 },
    };

    const ExecutionContext context = ExecutionContext::forThisMachine(WorkloadKind::Sleep);
    std::printf("conlab-bench: %d cores, median of %d runs per case\n\n", context.cores, repeats);
    std::printf("%-32s %12s %10s %8s %12s %11s\n", "case", "measured s", "ideal s", "ratio", "target", "first run");
    double threadsWithTeardown = 0;
    bool allMet = true;
    for (const BenchCase& benchCase : cases) {
        RunSpec spec;
        spec.strategy = benchCase.strategy;
        spec.tasks = benchCase.tasks;
        spec.taskMs = benchCase.taskMs;
        spec.processes = benchCase.processes;
        QList<double> seconds;
        QList<double> withTeardown; // until runMeasured returned: threads joined, processes reaped
        double ideal = 0;
        for (int i = 0; i < repeats; ++i) {
            CancelToken token;
            const int64_t start = monotonicNowNs();
            const RunResult result = runMeasured(spec, context, token);
            withTeardown.push_back(double(monotonicNowNs() - start) / 1e9);
            if (!result.isOk()) {
                std::fprintf(stderr, "conlab-bench: %s: %s: %s\n", benchCase.name,
                    qPrintable(statusName(result.status)), qPrintable(result.message));
                return 1;
            }
            seconds.push_back(result.seconds);
            ideal = result.idealSeconds;
        }
        const double measured = medianOf(seconds);
        const double ratio = measured / ideal;
        allMet = allMet && ratio <= benchCase.target;
        if (benchCase.strategy == StrategyKind::Threads)
            threadsWithTeardown = medianOf(withTeardown);
        std::printf("%-32s %12.4f %10.4f %8.3f  <= %.2f %-6s %11.3f\n", benchCase.name, measured, ideal, ratio,
            benchCase.target, ratio <= benchCase.target ? "met" : "MISSED", seconds.front() / ideal);
    }

    QList<double> bare;
    for (int i = 0; i < repeats; ++i)
        bare.push_back(bareThreadsSeconds(1000, 100));
    const double bareMedian = medianOf(bare);
    // Like for like: the bare loop joins its threads, so the engine's time here includes joining them too.
    const double overBare = threadsWithTeardown / bareMedian;
    allMet = allMet && overBare <= 1.10;
    std::printf("\nbare loop: 1000 std::thread sleeping 100 ms, created and joined: %.4f s\n", bareMedian);
    std::printf("engine threads n=1000, joins included:                      %.4f s\n", threadsWithTeardown);
    std::printf("engine / bare loop: %.3f (target <= 1.10) %s\n", overBare, overBare <= 1.10 ? "met" : "MISSED");
    return allMet ? 0 : 3;
}
