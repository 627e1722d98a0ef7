#pragma once

// One run as a Chrome Trace Event Format file, which Perfetto UI (ui.perfetto.dev) and chrome://tracing open:
//
// {"traceEvents": [
//   {"name": "process_name", "ph": "M", "pid": 4711, "args": {"name": "conlab"}},       one per process: conlab,
//   {"name": "process_sort_index", "ph": "M", "pid": 4711, "args": {"sort_index": 0}},     python or worker N
//   {"name": "thread_name", "ph": "M", "pid": 4711, "tid": 4712, "args": {"name": "thread 1"}},   one per thread
//   {"name": "thread_sort_index", "ph": "M", "pid": 4711, "tid": 4712, "args": {"sort_index": 0}},
//   {"name": "task 0", "cat": "task", "ph": "X", "ts": 61.250, "dur": 100071.375, "pid": 4711, "tid": 4712,
//    "args": {"task": 0, "status": "ok"}},                                                 one per task that finished
//   {"name": "task 7", "cat": "task", "ph": "b", "id": 7, "ts": ..., "pid": ..., "tid": ..., "args": {...}},
//   {"name": "task 7", "cat": "task", "ph": "e", "id": 7, "ts": ..., "pid": ..., "tid": ...},
//                                        in place of "X" on a thread whose tasks overlap (an event loop's waits)
//   {"name": "tasks in flight", "ph": "C", "ts": 61.250, "pid": 4711, "args": {"tasks": 1}},   per process, per change
//   {"name": "result in hand", "ph": "i", "s": "g", "ts": ..., "pid": ..., "tid": ...}    the run's marks: run started,
//                                                    first task started, last task ended, result in hand
//  ],
//  "displayTimeUnit": "ms",
//  "otherData": {"format": "conlab-trace", "format_version": 1, "tool_version": "...", "run": {the run's keys in a
//                JSON result file, without traces}}}
//
// ts and dur are microseconds, ts from the run's start (RunResult::startNs), to the nanosecond. pid and tid are the
// operating system's, of the process and thread that ran the task. The events are in the order above, one per line.

#include "runresult.h"

#include <QByteArray>
#include <QString>

constexpr int traceFormatVersion = 1;

// The run's trace; empty when it has no task traces (buildTimeline()'s note says why).
QByteArray runToChromeTrace(const RunResult& run);

// Writes the run's trace to `path` atomically (fileio.h). False with *error naming the path and the reason, or saying
// that the run has no task traces.
bool writeChromeTrace(const QString& path, const RunResult& run, QString* error);
