#pragma once

// Result files: a set of runs with the metadata needed to tell where they came from. A run's fields (their columns,
// keys, types, what an unstated one reads as) are declared once, in runfields.h: the lists below are what it declares.
// The formats live one per file: csvformat.cpp, jsonformat.cpp, journalformat.cpp.
//
// CSV (runs only, no traces or metadata), one row per run after a header row. Written columns, in this order:
//   strategy,workload,task_ms,tasks,threads,processes,chunksize,repeat,seconds,ideal_seconds,status,message
// Import needs only strategy, tasks and seconds, in any order and any case; unknown columns are ignored, an empty
// cell counts as absent. What a file does not say stays unknown, never assumed: an absent workload is
// WorkloadKind::Unknown, an absent task_ms TaskMsUnknown, absent threads/processes 0 (unknown), an absent chunksize
// ChunkUnknown for a processes run (the other strategies hand out one task at a time); repeat = the run's count among
// the rows with the same strategy and tasks so far, status ok, ideal_seconds = idealSeconds(spec, 0) when
// idealBoundKnown(), else 0 (unknown). Unknown values are written back as empty cells.
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
//   "sweep_end": "cancelled",            optional: how the sweep ended (finished, cancelled, failed, interrupted)
//   "planned_runs": 50,                  optional: the runs it planned
//   "runs": [
//     { "strategy": "threads", "workload": "sleep", "task_ms": 2000, "tasks": 100, "threads": 100,
//       "processes": 1, "chunksize": "1", "repeat": 1, "seconds": 2.01, "ideal_seconds": 2, "status": "ok",
//       "message": "", "start_ns": 123,
//       "traces": [[task, worker, pid, tid, start_ns, end_ns], ...] }   six integers per finished task
//   ]
// }
// In a run only strategy, tasks and seconds are required; the rest default as in CSV (null, as written for an unknown
// workload, task_ms or chunksize, counts as absent). Unknown keys are ignored.
//
// Journal (JSON Lines, .jsonl): what RunJournal (runjournal.h) writes while a sweep runs, one JSON object per line.
//   line 1, the header:  {"format": "conlab-journal", "format_version": 1, "tool_version", "created", "command",
//                         "machine" (as above), "pid": the writer's pid, "pid_start": its start time in clock ticks
//                         after boot (/proc/PID/stat field 22), "boot_id": /proc/sys/kernel/random/boot_id,
//                         "planned_runs": runs the sweep planned (0 unknown)}
//   then one line per finished run, as an element of "runs" above (traces included), in the order they finished,
//   and, if the sweep ended normally, a last line {"end": "finished", "runs": N} (or "cancelled", "failed"), N
//   being the number of run lines (a reader may count them without reading them).
// A journal without an end line was interrupted (its writer was killed, or the machine stopped): its ResultSet's
// sweepEnd reads "interrupted", otherwise the end line's word; plannedRuns is the header's. Its last line may be
// incomplete, and zeros may follow it after a power loss: both are left out with a note. Any other damage is an error
// naming the line: "sweep.jsonl:4: at seconds: expected a number, found a string".

#include "machineinfo.h"
#include "runresult.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>
#include <functional>
#include <optional>

constexpr int resultFormatVersion = 1;
constexpr int journalFormatVersion = 1;

struct ResultMetadata
{
    QString toolVersion = QStringLiteral(CONLAB_VERSION);
    QDateTime created;
    QString command; // the command line that produced the runs
    MachineInfo machine;
    bool hasMachine = false;
    // How the sweep that made the runs ended and how many it planned, where the file says (see SweepCoverage).
    QString sweepEnd; // "finished", "cancelled", "failed" or "interrupted"; empty: not said
    int plannedRuns = 0; // 0: not said
};

struct ResultSet
{
    ResultMetadata metadata;
    QList<RunResult> runs;
};

// Whether the set holds all the runs its sweep planned, as far as its metadata says.
SweepCoverage coverageOf(const ResultSet& set);

// How far a read has got, for a reader that shows it and may stop it (the window reads a million runs in the
// background): called now and then, every few thousand runs, with the bytes of the input read so far and in all.
// Returning false stops the read, which then fails with *error "SOURCE: reading stopped".
using ReadProgress = std::function<bool(qint64 done, qint64 total)>;

// Parsing never crashes on any input; on failure it returns nullopt and says in *error what is wrong and where.
std::optional<ResultSet> parseCsv(
    const QByteArray& data, const QString& sourceName, QString* error, const ReadProgress& progress = {});
std::optional<ResultSet> parseJson(
    const QByteArray& data, const QString& sourceName, QString* error, const ReadProgress& progress = {});
// Chooses the format by extension (.csv, .json, .jsonl, any case), otherwise by content: a journal's header line, or
// '{' first for JSON. "-" reads standard input, by content. A journal's notes (an incomplete last line left out) are
// added to *notes when given.
std::optional<ResultSet> readResultFile(
    const QString& path, QString* error, QStringList* notes = nullptr, const ReadProgress& progress = {});

// How a journal's sweep ended; None while it runs, or when its writer was stopped before it could say.
enum class JournalEnd
{
    None,
    Finished,
    Cancelled,
    Failed, // the sweep could not start (no worker executable)
};
QString journalEndName(JournalEnd end); // "finished", "cancelled", "failed"; empty for None
std::optional<JournalEnd> journalEndFromName(QStringView name);

// Which process wrote a journal, so that a reader can tell whether it still runs (pids are reused; the start time
// and the boot tell the same pid of another process apart).
struct JournalWriterId
{
    qint64 pid = 0;
    qint64 startTicks = 0;
    QString bootId;
};

struct JournalContents
{
    ResultSet set; // the header's metadata and every complete run line
    JournalWriterId writer;
    int plannedRuns = 0; // 0: unknown
    JournalEnd end = JournalEnd::None;
    QStringList notes; // what was left out as damage at the end, one sentence each naming the place
};

std::optional<JournalContents> parseJournal(
    const QByteArray& data, const QString& sourceName, QString* error, const ReadProgress& progress = {});

// A journal's lines as written, each ending in '\n'.
QByteArray journalHeaderLine(const ResultMetadata& metadata, const JournalWriterId& writer, int plannedRuns);
QByteArray journalRunLine(const RunResult& run);
QByteArray journalEndLine(JournalEnd end, int runs);

// One run as a JSON object, one key per line, with the keys of a run in a JSON result file; traces only when asked
// for, all on their line.
QByteArray runToJson(const RunResult& run, bool withTraces);

QByteArray toCsv(const QList<RunResult>& runs);
QByteArray toJson(const ResultSet& set);
// .csv or .json by extension (any other is an error). Atomic: a failed write leaves no partial file and any existing
// file as it was. The error names the path and the OS's reason.
bool writeResultFile(const QString& path, const ResultSet& set, QString* error);

// Whether writeResultFile() could write `path` now, found out without touching it: a sweep checks its exports before
// it starts rather than losing them at the end.
bool canWriteResultFile(const QString& path, QString* error);
