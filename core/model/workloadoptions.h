#pragma once

// The workload options (exec/workload.h's WorkloadOption, RunSpec::options) as text: what the command line reads and
// writes, what the app's control panel edits, what a sweep's command records. One place, read by all of them.

#include "runresult.h"
#include "workload.h"

#include <QList>
#include <QString>

// "cpu-ms": --cpu-ms on the command line.
QString workloadOptionName(WorkloadOption option);
// Its one-sentence help, with the workloads that read it: "... (file)".
QString workloadOptionHelp(WorkloadOption option);
bool workloadOptionIsFlag(WorkloadOption option);
// The workloads that read it, in registry order.
QList<WorkloadKind> workloadsReading(WorkloadOption option);

// Stores `text` as the option's value (a flag ignores it: being given sets it); returns what is wrong, naming the
// option and the value ("--bytes '1x' is not a whole number from 1 to 4294967296"), or an empty string.
QString setWorkloadOption(WorkloadOptions& options, WorkloadOption option, const QString& text);
// Whether the option holds something other than its default.
bool workloadOptionIsSet(const WorkloadOptions& options, WorkloadOption option);
// Its value as the command line writes it ("1048576", "curl -s ..."); empty for a flag.
QString workloadOptionValue(const WorkloadOptions& options, WorkloadOption option);

// What a run of `workload` needs that `options` does not give ("the command workload needs --command"), or empty.
QString missingWorkloadOption(WorkloadKind workload, const WorkloadOptions& options);

// What one task of a resolved spec does, in a few words: "sleep 100 ms", "cpu 100 ms under the interpreter lock",
// "mixed 20 ms computing + 100 ms waiting", "file 1 MiB with fsync", "command 'curl -s URL/{}'".
QString workloadTaskText(const RunSpec& spec);

// What a report or a chart says of a group of runs: workloadGroupText() and the options the workload reads that set it
// apart: "mixed workload, 100 ms per task, 20 ms computing", "file workload, 4.0 MiB per task, fsync",
// "cpu workload, 100 ms per task, under the interpreter lock". Unique per group: the app chooses a group by it.
QString workloadGroupText(WorkloadKind workload, int taskMs, const WorkloadOptions& options);

// "1.5 MiB", "820 KiB", "3.2 GiB": a size in KiB for people.
QString kibText(qint64 kib);
