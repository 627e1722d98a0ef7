#pragma once

#include <string>
#include <string_view>
#include <sys/types.h>
#include <vector>

// The words of a command line, split as a POSIX shell splits them but with nothing expanded: blanks separate words,
// single quotes keep everything literal, double quotes keep everything but \" \\ \$ \` (and a backslash-newline, which
// vanishes), and a backslash outside quotes takes the next character literally. `$HOME`, `*`, `~`, `|` and `>` stay as
// they are: only a shell (`sh -c`) gives them a meaning. An unterminated quote or a backslash at the very end returns
// no words and says in *error at which column (from 1) the trouble starts; *error is cleared otherwise.
std::vector<std::string> splitCommandLine(std::string_view line, std::string* error);

// `word` with every `{}` replaced by the task number.
std::string substituteTaskNumber(std::string_view word, int task);

// How a child ended.
struct ExitStatus
{
    bool exited = false; // true: it called exit() with `code`; false: `signal` killed it
    int code = 0;
    int signal = 0;
    std::string lastStderrLine; // the last non-empty line it wrote to stderr, at most ChildProcess::MaxLineBytes
};

// "exit code 3" or "killed by signal 9 (SIGKILL)", then `: last line of stderr: "..."` when there is one, escaped
// (control characters as \n, \t, \xNN) and cut to about 200 characters, so a message stays one readable line.
std::string describeExit(const ExitStatus& status);

// A child process started with posix_spawnp(), its stdin and stdout on /dev/null and its stderr on a pipe that this
// object reads. Made to be driven by an event loop: nothing here waits, except kill(), whose reap follows a SIGKILL and
// is immediate. A loop polls pidfd() (readable once the child has exited) and stderrFd() (readable when the child
// wrote, or at end of file), calls drainStderr() when stderrFd() is readable and tryReap() when pidfd() is. There is
// no cancel token here: the loop that watches the cancel calls kill().
//
// Not thread-safe; one thread drives it, but any thread may. Destroying it kills and reaps a child still running, so
// no zombie and no orphan outlives the object.
class ChildProcess
{
public:
    // The most of one stderr line that is kept: a child that writes megabytes without a newline costs no more.
    static constexpr size_t MaxLineBytes = 4096;

    ChildProcess() = default; // no child: valid() is false
    ChildProcess(ChildProcess&& other) noexcept;
    ChildProcess& operator=(ChildProcess&& other) noexcept;
    ChildProcess(const ChildProcess&) = delete;
    ChildProcess& operator=(const ChildProcess&) = delete;
    ~ChildProcess();

    // Starts argv[0] (searched in PATH) with arguments argv[1...]. The child gets default signal dispositions and an
    // empty signal mask whatever the calling thread has, and none of this process's descriptors beyond 0, 1 and 2.
    // With ownProcessGroup it leads a process group of its own, so kill() ends everything it started (a shell's
    // whole pipeline), and members it leaves behind are killed when it exits. On failure returns an object that is not
    // valid() and sets *error to the errno: ENOENT or EACCES for a program that is not there or not executable, EAGAIN
    // when the OS refuses a process, EMFILE or ENFILE when it refuses a descriptor.
    static ChildProcess spawn(const std::vector<std::string>& argv, bool ownProcessGroup, int* error);

    bool valid() const { return m_pid > 0; }
    // Whether the child was started and not yet reaped.
    bool running() const { return valid() && !m_reaped; }
    // After the child was reaped, pid() names a process that no longer exists and must not be signalled.
    pid_t pid() const { return m_pid; }
    // Readable once the child has exited; -1 once it was reaped.
    int pidfd() const { return m_pidfd; }
    // The read end of the child's stderr, non-blocking; -1 once it reached end of file or the child was reaped.
    int stderrFd() const { return m_stderr; }

    // Reads what the pipe holds without waiting and keeps only the last complete non-empty line (and a partial line
    // after it). Must be called whenever stderrFd() is readable, or a child that writes more than the pipe holds
    // (64 KiB) blocks. Closes the pipe at end of file.
    void drainStderr();

    // If the child has exited, reaps it, reads the rest of its stderr and fills *status; returns false at once if it
    // is still running or was reaped before. Everything the child itself wrote is in the pipe by the time it exited;
    // what its descendants still write afterwards is not waited for.
    bool tryReap(ExitStatus* status);

    // SIGKILL to the child (to its whole group with ownProcessGroup), then reaps it. Does nothing once reaped.
    void kill();

private:
    void takeStderr(std::string_view bytes);
    void endLine();
    std::string lastLine() const;
    void closeDescriptors();

    pid_t m_pid = -1;
    int m_pidfd = -1;
    int m_stderr = -1;
    bool m_ownProcessGroup = false;
    bool m_reaped = false;
    std::string m_lastLine;
    std::string m_partialLine; // at most MaxLineBytes; the rest of a longer line is dropped
};
