#include "workerprotocol.h"

#include "eventloop.h"

#include <algorithm>
#include <array>
#include <cerrno>
#include <charconv>
#include <climits>
#include <unistd.h>

namespace WorkerProtocol {
namespace {
// Splits "X 1 2 3" into the tag and up to N integers; nothing if the line does not have exactly N of them.
template<size_t N> std::optional<std::array<int64_t, N>> parseFields(std::string_view line, char tag)
{
    if (line.size() < 2 || line[0] != tag || line[1] != ' ')
        return std::nullopt;
    std::array<int64_t, N> values {};
    const char* p = line.data() + 1;
    const char* end = line.data() + line.size();
    for (size_t i = 0; i < N; ++i) {
        if (p == end || *p != ' ')
            return std::nullopt;
        ++p;
        const auto [next, ec] = std::from_chars(p, end, values[i]);
        if (ec != std::errc() || next == p)
            return std::nullopt;
        p = next;
    }
    if (p != end)
        return std::nullopt;
    return values;
}

std::string joinFields(char tag, std::initializer_list<int64_t> values)
{
    std::string line(1, tag);
    for (int64_t value : values) {
        line += ' ';
        line += std::to_string(value);
    }
    line += '\n';
    return line;
}
} // namespace

std::string encodeBatch(const Batch& batch)
{
    return joinFields(batch.eventLoop ? 'L' : 'T', { batch.first, batch.count, batch.threads });
}

std::optional<Batch> parseBatch(std::string_view line)
{
    const bool eventLoop = line.starts_with('L');
    const auto fields = parseFields<3>(line, eventLoop ? 'L' : 'T');
    if (!fields)
        return std::nullopt;
    const auto [first, count, threads] = *fields;
    // first + count, the end of the batch, must fit in an int; a loop's I/O pool is never larger than its own.
    const int64_t fewestThreads = eventLoop ? 0 : 1;
    const int64_t mostThreads = eventLoop ? EventLoopIoThreads : INT_MAX;
    if (first < 0 || count < 1 || count > int64_t(INT_MAX) - first || threads < fewestThreads || threads > mostThreads)
        return std::nullopt;
    return Batch { int(first), int(count), int(threads), eventLoop };
}

std::string encodeHello()
{
    return joinFields('H', { ProtocolVersion });
}

std::string encodeTaskDone(const TaskRecord& record)
{
    return joinFields('D', { record.task, record.tid, record.startNs, record.endNs });
}

std::string encodeBatchDone(int first)
{
    return joinFields('B', { first });
}

std::string encodeThreadRefused(const ThreadTeamOutcome& outcome)
{
    return joinFields(
        'X', { int64_t(outcome.failedStep), outcome.createError, outcome.threadsStarted, outcome.threadsRequested });
}

std::string encodeTaskFailed(const TaskFailure& failure)
{
    std::string line = joinFields('F', { failure.task, failure.refused ? 1 : 0 });
    line.pop_back();
    line += ' ';
    for (const char c : failure.message) {
        if (c == '\n')
            line += "\\n";
        else if (c != '\r')
            line += c;
    }
    line += '\n';
    return line;
}

std::string encodeProcessesStarted(int64_t count)
{
    return joinFields('P', { count });
}

std::optional<Message> parseMessage(std::string_view line)
{
    Message message;
    if (const auto hello = parseFields<1>(line, 'H')) {
        message.kind = Message::Kind::Hello;
        message.version = int(std::clamp<int64_t>((*hello)[0], INT32_MIN, INT32_MAX));
        return message;
    }
    if (const auto done = parseFields<4>(line, 'D')) {
        message.kind = Message::Kind::TaskDone;
        message.record = TaskRecord { int((*done)[0]), (*done)[1], (*done)[2], (*done)[3] };
        return message;
    }
    // The engine knows which batch it sent: the batch's first task, which the worker names, is only checked for form.
    if (parseFields<1>(line, 'B')) {
        message.kind = Message::Kind::BatchDone;
        return message;
    }
    if (const auto refused = parseFields<4>(line, 'X')) {
        const int64_t step = (*refused)[0];
        if (step < int64_t(ThreadTeamOutcome::Step::MapStacks) || step > int64_t(ThreadTeamOutcome::Step::CreateThread))
            return std::nullopt;
        message.kind = Message::Kind::ThreadRefused;
        message.refusal.failedStep = ThreadTeamOutcome::Step(step);
        message.refusal.createError = int((*refused)[1]);
        message.refusal.threadsStarted = int((*refused)[2]);
        message.refusal.threadsRequested = int((*refused)[3]);
        return message;
    }
    if (const auto started = parseFields<1>(line, 'P')) {
        if ((*started)[0] < 0)
            return std::nullopt;
        message.kind = Message::Kind::ProcessesStarted;
        message.processes = (*started)[0];
        return message;
    }
    if (line.size() > 2 && line[0] == 'F') {
        // "F <task> <refused> <message>": the two numbers, then free text.
        const size_t third = line.find(' ', 2);
        const size_t fourth = third == std::string_view::npos ? third : line.find(' ', third + 1);
        if (fourth == std::string_view::npos)
            return std::nullopt;
        const auto numbers = parseFields<2>(line.substr(0, fourth), 'F');
        if (!numbers || (*numbers)[0] < 0 || (*numbers)[0] > INT32_MAX || ((*numbers)[1] != 0 && (*numbers)[1] != 1))
            return std::nullopt;
        message.kind = Message::Kind::TaskFailed;
        message.failure = TaskFailure { int((*numbers)[0]), (*numbers)[1] == 1, std::string(line.substr(fourth + 1)) };
        return message;
    }
    return std::nullopt;
}

std::optional<std::string> LineBuffer::takeLine()
{
    const size_t newline = m_buffer.find('\n', m_consumed);
    if (newline == std::string::npos) {
        // Drop what has been consumed so the buffer does not grow over a long run.
        m_buffer.erase(0, m_consumed);
        m_consumed = 0;
        return std::nullopt;
    }
    std::string line = m_buffer.substr(m_consumed, newline - m_consumed);
    m_consumed = newline + 1;
    return line;
}

bool writeAll(int fd, std::string_view data)
{
    while (!data.empty()) {
        const ssize_t written = ::write(fd, data.data(), data.size());
        if (written < 0) {
            if (errno == EINTR)
                continue;
            return false;
        }
        data.remove_prefix(size_t(written));
    }
    return true;
}

} // namespace WorkerProtocol
