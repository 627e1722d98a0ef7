#pragma once

// Result files: a set of runs with the metadata needed to tell where they came from.
//
// CSV (runs only, no traces or metadata), one row per run after a header row. Written columns, in this order:
//   strategy,workload,task_ms,tasks,threads,processes,chunksize,repeat,seconds,ideal_seconds,status,message
// Import needs only strategy, tasks and seconds, in any order and any case; unknown columns are ignored, an empty
// cell counts as absent. Absent values: workload sleep, task_ms 100 (RunSpec's default), threads/processes 0,
// chunksize 1, repeat = the run's count among the rows with the same strategy and tasks so far, status ok,
// ideal_seconds = idealSeconds(spec, 0) when task_ms and the workers the strategy needs are given, else 0.
// chunksize is "1", "python" or a number of tasks. Fields are quoted as in RFC 4180; CRLF and a UTF-8 BOM are
// accepted. Errors read "FILE:LINE: column 'NAME': message", LINE being 1-based.
//
// JSON (everything), errors read "FILE: at runs[3].seconds: message":
// {
//   "format": "conlab-results",         required, exactly this
//   "format_version": 1,                 a newer version than resultFormatVersion is refused
//   "tool_version": "0.1.0",
//   "created": "2024-05-01T12:00:00.000+02:00",   ISO 8601
//   "command": "conlab sweep ...",
//   "machine": { machineToJson(), see machineinfo.h },
//   "runs": [
//     { "strategy": "threads", "workload": "sleep", "task_ms": 2000, "tasks": 100, "threads": 100,
//       "processes": 1, "chunksize": "1", "repeat": 1, "seconds": 2.01, "ideal_seconds": 2, "status": "ok",
//       "message": "", "start_ns": 123,
//       "traces": [[task, worker, pid, tid, start_ns, end_ns], ...] }   six integers per finished task
//   ]
// }
// In a run only strategy, tasks and seconds are required; the rest default as in CSV. Unknown keys are ignored.

#include "machineinfo.h"
#include "runresult.h"

#include <QByteArray>
#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <optional>

constexpr int resultFormatVersion = 1;

struct ResultMetadata
{
    QString toolVersion = QStringLiteral(CONLAB_VERSION);
    QDateTime created;
    QString command; // the command line that produced the runs
    MachineInfo machine;
    bool hasMachine = false;
};

struct ResultSet
{
    ResultMetadata metadata;
    QList<RunResult> runs;
};

// Parsing never crashes on any input; on failure it returns nullopt and says in *error what is wrong and where.
std::optional<ResultSet> parseCsv(const QByteArray& data, const QString& sourceName, QString* error);
std::optional<ResultSet> parseJson(const QByteArray& data, const QString& sourceName, QString* error);
// Chooses the format by extension (.csv, .json, any case), otherwise by content: '{' first means JSON.
std::optional<ResultSet> readResultFile(const QString& path, QString* error);

// One run as in the "runs" array of a JSON result file; traces only when asked for.
QJsonObject runToJson(const RunResult& run, bool withTraces = true);

QByteArray toCsv(const QList<RunResult>& runs);
QByteArray toJson(const ResultSet& set);
// .csv or .json by extension (any other is an error). Atomic: a failed write leaves no partial file and any existing
// file as it was. The error names the path and the OS's reason.
bool writeResultFile(const QString& path, const ResultSet& set, QString* error);

// Whether writeResultFile() could write `path` now, found out without touching it: a sweep checks its exports before
// it starts rather than losing them at the end.
bool canWriteResultFile(const QString& path, QString* error);
