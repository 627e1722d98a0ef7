#pragma once

// The python runtime: a run's plan executed by CPython on this machine, through the harness the project ships
// (resources/conlab_harness.py), which runs each strategy the way a Python user writes it: a loop, ThreadPool.map,
// Pool.map, the article's Pool of ThreadPools, asyncio.gather. The engine starts the harness once per run, in a
// process group of its own, and speaks with it over its stdin and stdout (protocol 1, documented in full at the top of
// the harness):
//
//   harness -> engine   "H 1 <python version> <pid>"                the first line, at once
//   engine -> harness   one line of JSON: the resolved spec         (pythonSpecJson())
//   harness -> engine   "B <ns>"                                    the strategy starts: its pool is created next
//                       "T <task> <worker> <pid> <tid> <start_ns> <end_ns> <peak_rss_kib>"   a task ended, written
//                                                                   by the process and thread that ran it
//                       "P <pid> <threads> <processes> <peak_rss_kib>"   what one process started, and its peak
//                       "E ok <ns>" | "E refused <message>" | "E failed <message>"   the end: the last result in hand
//
// Times are time.monotonic_ns(), the CLOCK_MONOTONIC this engine reads. A cancel kills the whole process group.

#include "runresult.h"

#include <QHash>
#include <QString>
#include <string_view>
#include <vector>

class CancelToken;
struct ExecutionContext;

constexpr int PythonProtocolVersion = 1;
// The oldest CPython the harness runs on (asyncio.to_thread came with 3.9).
constexpr int MinimumPythonMajor = 3;
constexpr int MinimumPythonMinor = 9;

// What a python run needs, found once per sweep by findPython().
struct PythonSetup
{
    QString interpreter; // absolute path: $CONLAB_PYTHON, else python3 from PATH
    QString harness; // conlab_harness.py: $CONLAB_HARNESS, else ../share/conlab/ from the running executable
    QString version; // "3.11.2", as the harness said it
    qint64 cpuIterationsPerMs = 0; // the harness's cpu loop on this machine (pythonCpuCalibration()); 0: not needed
    QString calibrationNote; // why a cached calibration was measured again; given once

    bool operator==(const PythonSetup&) const = default;
};

// Finds the interpreter and the harness and asks the harness for its version. An empty setup and `error` set to one
// line when python3 is missing, too old, or the harness cannot be found or does not answer.
PythonSetup findPython(QString* error);

// How many iterations of the harness's cpu loop CPython runs in a millisecond here, cached per CPU, interpreter and
// version in the user's cache directory as the native calibration is. Sets `setup.cpuIterationsPerMs` (and a note when
// a cached figure was measured again); false and `error` when the harness could not measure it.
bool calibratePython(PythonSetup& setup, QString* error);

// The spec a harness receives: the resolved run, the calibration and the latency server's port, as one line of JSON.
QByteArray pythonSpecJson(const RunSpec& resolved, const ExecutionContext& context);

// The harness's answer, line by line, checked as it arrives: a line out of place or malformed is refused with a
// message that names it, and nothing of it is taken.
class HarnessAnswer
{
public:
    explicit HarnessAnswer(int tasks);

    // Takes one line, without its newline. Returns what is wrong with it, or an empty string.
    QString take(std::string_view line);

    enum class End
    {
        None, // no E line yet
        Ok,
        Refused,
        Failed,
    };

    bool saidHello() const { return !m_version.isEmpty(); }
    const QString& version() const { return m_version; }
    qint64 beginNs() const { return m_beginNs; } // 0 until the B line
    End end() const { return m_end; }
    qint64 endNs() const { return m_endNs; } // Ok: the last result in hand
    const QString& message() const { return m_message; } // Refused, Failed
    const QList<TaskTrace>& traces() const { return m_traces; }
    int threadsStarted() const; // over the processes' P lines
    int processesStarted() const;
    qint64 peakRssKiB() const; // the sum of every process's peak, from its T and P lines

private:
    QString takeTrace(const std::vector<std::string_view>& fields);

    int m_tasks = 0;
    int m_lines = 0;
    QString m_version;
    qint64 m_beginNs = 0;
    End m_end = End::None;
    qint64 m_endNs = 0;
    QString m_message;
    QList<TaskTrace> m_traces;
    std::vector<bool> m_seen;
    QHash<qint64, qint64> m_peakKiB; // per process
    QHash<qint64, std::pair<qint64, qint64>> m_started; // per process: threads, processes (its P line)
};

// Runs a resolved spec in CPython (context.python) and fills in the result as a Strategy does: status, message,
// traces, start (the harness's B line, so the interpreter's start-up is not in the run's time: it is
// resources.runtimeStartupUs), threads and processes created and the harness's processes' peak memory. Returns the
// moment the last result was in the harness's hands, or 0 if the run did not finish. A cancel kills the harness's
// process group at once; before this returns, no process of it is left.
qint64 runInPython(const RunSpec& resolved, const ExecutionContext& context, CancelToken& cancel, RunResult& result);
