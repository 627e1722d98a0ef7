#pragma once

#include "pythonruntime.h"
#include "runresult.h"
#include "workload.h"

#include <QString>
#include <memory>

class CancelToken;
class Workload;

// What a strategy needs to know about the machine it runs on.
struct ExecutionContext
{
    int cores = 1;
    qint64 cpuIterationsPerMs = 1; // see cpuCalibration()
    QString workerPath; // conlab-worker
    QString calibrationNote; // why the cached CPU calibration was measured again (CpuCalibration::note), to pass on
    int latencyServerPort = 0; // the net workload's server, which the sweep started (LatencyServerProcess)
    PythonSetup python; // the python runtime's interpreter and harness, when a run needs them (findPython())

    // This machine: its cores, the worker next to the running executable, and the CPU calibration when `workload`
    // needs it (measuring it takes about 150 ms the first time on a machine).
    static ExecutionContext forThisMachine(WorkloadKind workload);
};

// What the workload of a resolved spec reads, on this machine.
WorkloadSettings workloadSettingsOf(const RunSpec& resolved, const ExecutionContext& context);

// One way of running a batch of tasks. execute() runs every task of a resolved spec, fills in the result's status,
// message and traces, and returns the CLOCK_MONOTONIC time at which the last task's result was in the engine's hands
// (0 if not every task finished). Before it returns, every thread and process it started is gone. A new strategy is
// one more subclass in strategies/<name>.cpp, which defines its makeStrategyOf<>(); the rest of what is known of it
// is its description (strategies.h).
class Strategy
{
public:
    virtual ~Strategy() = default;
    virtual qint64 execute(const RunSpec& spec, const ExecutionContext& context, const Workload& workload,
        CancelToken& cancel, RunResult& result) const = 0;
};

// Defined once per strategy, in strategies/<name>.cpp.
template<StrategyKind kind> std::unique_ptr<Strategy> makeStrategyOf();

// The registry of implementations: one line per strategy in its switch, which the compiler checks.
std::unique_ptr<Strategy> makeStrategy(StrategyKind kind);

// Runs one spec and measures it: from the moment the strategy starts (pool creation included) until the last task's
// result is in the engine's hands (in the python runtime: in the harness's hands, runInPython()). A CPU run whose
// context holds an implausible calibration (isPlausibleCpuCalibration()) fails at once: its tasks would not be the
// length they claim. A run that finishes below its ideal bound keeps its status and says so in its message
// (belowIdealBoundNote()). Tearing the pool down (joining threads, reaping processes) follows and is not counted, but
// is done before this returns. Blocks; call it from a background thread. Never throws: a refused thread or process, a
// dead worker or a cancel ends the run with that status and every thread and process it started is gone on return.
RunResult runMeasured(const RunSpec& spec, const ExecutionContext& context, CancelToken& cancel);
