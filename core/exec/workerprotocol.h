#pragma once

#include "threadteam.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

// The pipe protocol between the engine and conlab-worker: one text line per message.
//
//   engine -> worker   "T <first> <count> <threads>"   run tasks [first, first+count) on <threads> threads
//                                                       (1: one after another on the worker's main thread)
//                      "L <first> <count> <io threads>"   run tasks [first, first+count) on one event loop on the
//                                                       worker's main thread (runEventLoop()), with an I/O pool of
//                                                       <io threads> threads (0: none)
//   worker -> engine   "H <version>"                    the start-up handshake, the worker's first line, sent as soon
//                                                       as it has checked its arguments (ProtocolVersion)
//                      "D <task> <tid> <start> <end>"  a task finished (CLOCK_MONOTONIC ns)
//                      "B <first>"                      the batch that started at <first> is done, threads joined
//                      "X <step> <errno> <started> <wanted>"   the OS refused thread <started>+1 of <wanted> at <step>
//                                                       (a ThreadTeamOutcome::Step)
//                      "P <count>"                      the batch's tasks started <count> processes of their own (the
//                                                       command workload), sent before "B" or "F" when not 0
//                      "F <task> <refused> <message>"   task <task> failed (<refused> 0) or was refused (1), which
//                                                       ended its batch; <message> is the rest of the line, with line
//                                                       breaks written as \n
//
// The worker is started as `conlab-worker <workload> <arguments>` (workerArguments() in workload.h) and exits on end
// of input.
namespace WorkerProtocol {

// Changes whenever a message changes: a worker from another build is named as such, not misread.
constexpr int ProtocolVersion = 4;

struct Batch
{
    int first = 0;
    int count = 0;
    int threads = 1; // on an event loop: the threads of its I/O pool, 0 for none
    bool eventLoop = false;
};

struct Message
{
    enum class Kind
    {
        Hello,
        TaskDone,
        BatchDone,
        ThreadRefused,
        TaskFailed,
        ProcessesStarted
    };
    Kind kind = Kind::TaskDone;
    TaskRecord record; // TaskDone
    ThreadTeamOutcome refusal; // ThreadRefused
    TaskFailure failure; // TaskFailed
    int version = 0; // Hello
    int64_t processes = 0; // ProcessesStarted
};

std::string encodeBatch(const Batch& batch);
std::optional<Batch> parseBatch(std::string_view line);

std::string encodeHello();
std::string encodeTaskDone(const TaskRecord& record);
std::string encodeBatchDone(int first);
std::string encodeThreadRefused(const ThreadTeamOutcome& outcome);
std::string encodeTaskFailed(const TaskFailure& failure);
std::string encodeProcessesStarted(int64_t count);
std::optional<Message> parseMessage(std::string_view line);

// Splits what arrives on a pipe into lines.
class LineBuffer
{
public:
    void append(const char* data, size_t size) { m_buffer.append(data, size); }
    // The next complete line without its '\n', or nothing until one has arrived.
    std::optional<std::string> takeLine();

private:
    std::string m_buffer;
    size_t m_consumed = 0;
};

// write() all of `data`, retrying on EINTR and short writes. False if the pipe is broken.
bool writeAll(int fd, std::string_view data);

} // namespace WorkerProtocol
