#pragma once

// The keys of the strategy and workload registries. Each value is described once: a strategy in model/strategies.cpp
// (name, help, settings, ideal bound, resources, style key) and engine/strategies/<name>.cpp (how it runs); a workload
// in exec/workloads/<name>.cpp. Numbered from 0 without gaps, in the order lists show them.

// The ways of running a batch of tasks that the article compares.
enum class StrategyKind
{
    Sequential, // one task after another on one worker thread
    Processes, // a pool of worker processes, tasks handed out to whichever is free
    Threads, // a pool of threads in one process
    Blended, // worker processes that each run their share of the tasks on a thread pool
    Async, // one event loop holding every task's wait at once, no thread per task (or one loop per worker process)
};

// Where a run's strategy runs: in this engine, or in CPython through the harness the project ships
// (resources/conlab_harness.py, engine/pythonruntime.h), which runs the same plan the way a Python user writes it.
enum class RuntimeKind
{
    Native, // C++ threads and processes: the engine itself
    Python, // CPython on this machine: ThreadPool, Pool, asyncio, under its interpreter lock
};

enum class WorkloadKind
{
    Sleep, // simulated I/O: the task waits task_ms milliseconds
    Cpu, // a computation calibrated to take about task_ms milliseconds on one core
    Mixed, // computes for cpu_ms, then waits task_ms
    File, // writes a file of its own, reads it back, checks and removes it
    Net, // a request to the latency server over a new TCP connection, answered after task_ms
    Command, // runs the user's command
    Unknown, // only in runs read from a result file that does not say; never run, never registered
};
