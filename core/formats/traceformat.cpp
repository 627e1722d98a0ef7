#include "traceformat.h"

#include "fileio.h"
#include "inputquote.h"
#include "jsonformat.h"
#include "timeline.h"

#include <cmath>

namespace {
// Microseconds to the nanosecond; Perfetto and chrome://tracing read fractional ts and dur.
QByteArray micros(double seconds)
{
    return QByteArray::number(seconds * 1e6, 'f', 3);
}

QByteArray text(const QString& value)
{
    return ResultFormat::compactJson(value);
}

QByteArray place(qint64 pid, qint64 tid)
{
    return "\"pid\": " + QByteArray::number(pid) + ", \"tid\": " + QByteArray::number(tid);
}

class TraceWriter
{
public:
    void event(const QByteArray& members)
    {
        m_out += m_out.isEmpty() ? "{\"traceEvents\": [\n{" : ",\n{";
        m_out += members;
        m_out += '}';
    }

    QByteArray finish(const QByteArray& otherData)
    {
        m_out += "\n],\n\"displayTimeUnit\": \"ms\",\n\"otherData\": " + otherData + "}\n";
        return std::move(m_out);
    }

private:
    QByteArray m_out;
};
} // namespace

QByteArray runToChromeTrace(const RunResult& run)
{
    const RunTimeline timeline = buildTimeline(run);
    if (timeline.isEmpty())
        return {};
    TraceWriter writer;
    for (qsizetype p = 0; p < timeline.processes.size(); ++p) {
        const TimelineProcess& process = timeline.processes.at(p);
        const QByteArray pid = "\"pid\": " + QByteArray::number(process.pid);
        writer.event(
            "\"name\": \"process_name\", \"ph\": \"M\", " + pid + ", \"args\": {\"name\": " + text(process.name) + '}');
        writer.event("\"name\": \"process_sort_index\", \"ph\": \"M\", " + pid
            + ", \"args\": {\"sort_index\": " + QByteArray::number(p) + '}');
        for (int lane : process.lanes) {
            const TimelineLane& described = timeline.lanes.at(lane);
            const QByteArray at = place(described.pid, described.tid);
            writer.event("\"name\": \"thread_name\", \"ph\": \"M\", " + at
                + ", \"args\": {\"name\": " + text(described.name) + '}');
            writer.event("\"name\": \"thread_sort_index\", \"ph\": \"M\", " + at
                + ", \"args\": {\"sort_index\": " + QByteArray::number(lane) + '}');
        }
    }
    // Every trace is of a task that finished.
    const QByteArray args = ", \"args\": {\"task\": %1, \"status\": \"ok\"}";
    for (const TimelineBar& bar : timeline.bars) {
        const TimelineLane& lane = timeline.lanes.at(bar.lane);
        const QByteArray task = QByteArray::number(bar.task);
        const QByteArray head = "\"name\": \"task " + task + "\", \"cat\": \"task\", ";
        const QByteArray at = place(lane.pid, lane.tid);
        const QByteArray taskArgs = QByteArray(args).replace("%1", task);
        if (!lane.overlapping) {
            writer.event(head + "\"ph\": \"X\", \"ts\": " + micros(bar.start)
                + ", \"dur\": " + micros(bar.end - bar.start) + ", " + at + taskArgs);
            continue;
        }
        // Overlapping waits on one thread cannot nest as complete events: async ones, paired by the task's number.
        writer.event(head + "\"ph\": \"b\", \"id\": " + task + ", \"ts\": " + micros(bar.start) + ", " + at + taskArgs);
        writer.event(head + "\"ph\": \"e\", \"id\": " + task + ", \"ts\": " + micros(bar.end) + ", " + at);
    }
    for (qsizetype p = 0; p < timeline.processes.size(); ++p) {
        const QByteArray pid = "\"pid\": " + QByteArray::number(timeline.processes.at(p).pid);
        for (const StepPoint& step : processInFlight(timeline, int(p))) {
            writer.event("\"name\": \"tasks in flight\", \"ph\": \"C\", \"ts\": " + micros(step.time) + ", " + pid
                + ", \"args\": {\"tasks\": " + QByteArray::number(step.value) + '}');
        }
    }
    const TimelineLane& firstLane = timeline.lanes.constFirst();
    const std::pair<const char*, double> marks[] = {
        { "run started", 0.0 },
        { "first task started", timeline.firstStart },
        { "last task ended", timeline.lastEnd },
        { "result in hand", timeline.wallSeconds },
    };
    for (const auto& [name, time] : marks) {
        writer.event(QByteArray("\"name\": \"") + name + "\", \"ph\": \"i\", \"s\": \"g\", \"ts\": " + micros(time)
            + ", " + place(firstLane.pid, firstLane.tid));
    }
    return writer.finish("{\"format\": \"conlab-trace\", \"format_version\": " + QByteArray::number(traceFormatVersion)
        + ", \"tool_version\": " + text(QStringLiteral(CONLAB_VERSION)) + ", \"run\": {"
        + ResultFormat::runMembersJson(run, false, ", ") + "}}");
}

bool writeChromeTrace(const QString& path, const RunResult& run, QString* error)
{
    const QByteArray trace = runToChromeTrace(run);
    if (trace.isEmpty()) {
        *error = QStringLiteral("%1 not written: %2").arg(quotedPath(path), buildTimeline(run).note);
        return false;
    }
    return writeFileAtomically(path, trace, error);
}
