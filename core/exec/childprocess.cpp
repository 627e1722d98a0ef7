#include "childprocess.h"

#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <spawn.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include <utility>

extern char** environ;

namespace {
// Where byte `at` of `line` stands for a reader: UTF-8 continuation bytes do not start a column of their own.
int columnOf(std::string_view line, size_t at)
{
    int column = 1;
    for (size_t i = 0; i < at; ++i)
        column += (static_cast<unsigned char>(line[i]) & 0xC0) != 0x80;
    return column;
}

bool isBlank(char c)
{
    return c == ' ' || c == '\t' || c == '\n';
}

std::vector<std::string> splitFailure(std::string* error, std::string message)
{
    if (error)
        *error = std::move(message);
    return {};
}

// The characters a backslash escapes inside double quotes; before any other, the backslash stays.
bool escapableInDoubleQuotes(char c)
{
    return c == '"' || c == '\\' || c == '$' || c == '`';
}

// How much of a stderr line describeExit() shows: enough for a tool's error message, short enough for one line.
constexpr size_t shownLineBytes = 200;

std::string escapedLine(std::string_view line)
{
    std::string escaped;
    for (size_t i = 0; i < line.size(); ++i) {
        if (escaped.size() >= shownLineBytes) {
            // A cut inside a UTF-8 sequence would leave a byte that no reader can show: drop the sequence's start.
            if ((static_cast<unsigned char>(line[i]) & 0xC0) == 0x80) {
                while (!escaped.empty() && (static_cast<unsigned char>(escaped.back()) & 0xC0) == 0x80)
                    escaped.pop_back();
                if (!escaped.empty() && static_cast<unsigned char>(escaped.back()) >= 0xC0)
                    escaped.pop_back();
            }
            escaped += "...";
            break;
        }
        const auto c = static_cast<unsigned char>(line[i]);
        switch (c) {
        case '\n':
            escaped += "\\n";
            break;
        case '\t':
            escaped += "\\t";
            break;
        case '\r':
            escaped += "\\r";
            break;
        case '\\':
            escaped += "\\\\";
            break;
        case '"':
            escaped += "\\\"";
            break;
        default:
            if (c < 0x20 || c == 0x7F) {
                constexpr char hex[] = "0123456789abcdef";
                escaped += "\\x";
                escaped += hex[c >> 4];
                escaped += hex[c & 0xF];
            } else {
                escaped += char(c);
            }
        }
    }
    return escaped;
}

int waitForChild(pid_t pid, siginfo_t* info, int options)
{
    int rc;
    do
        rc = waitid(P_PID, id_t(pid), info, options);
    while (rc == -1 && errno == EINTR);
    return rc;
}

// A child that was sent SIGKILL ends at once, so this wait is short.
void reapAfterKill(pid_t pid)
{
    siginfo_t info {};
    waitForChild(pid, &info, WEXITED);
}

// Everything posix_spawnp() needs, released in one place whichever step fails.
struct SpawnSetup
{
    posix_spawn_file_actions_t actions;
    posix_spawnattr_t attributes;
    int pipe[2] = { -1, -1 };

    SpawnSetup()
    {
        posix_spawn_file_actions_init(&actions);
        posix_spawnattr_init(&attributes);
    }
    ~SpawnSetup()
    {
        posix_spawn_file_actions_destroy(&actions);
        posix_spawnattr_destroy(&attributes);
        for (int fd : pipe) {
            if (fd >= 0)
                close(fd);
        }
    }
    SpawnSetup(const SpawnSetup&) = delete;
    SpawnSetup& operator=(const SpawnSetup&) = delete;

    int prepare(bool ownProcessGroup)
    {
        // The read end is non-blocking, the write end (the child's stderr) stays blocking: a child that meets EAGAIN
        // on its stderr would lose its messages. Both are close-on-exec; the child gets its end as a dup2() copy.
        if (pipe2(pipe, O_CLOEXEC) == -1 || fcntl(pipe[0], F_SETFL, O_NONBLOCK) == -1)
            return errno;
        // dup2 first: should the write end be descriptor 0 or 1 (this process had them closed), the opens after it
        // replace only the original.
        int rc = posix_spawn_file_actions_adddup2(&actions, pipe[1], STDERR_FILENO);
        if (rc == 0)
            rc = posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
        if (rc == 0)
            rc = posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
        // A descriptor that some library opened without O_CLOEXEC would otherwise stay open in every command: a
        // socket that never closes, a pipe whose reader never sees its end.
        if (rc == 0)
            rc = posix_spawn_file_actions_addclosefrom_np(&actions, STDERR_FILENO + 1);
        if (rc != 0)
            return rc;

        // Threads of this process may block signals (a thread that waits for SIGINT with sigwait()) or ignore them
        // (SIGPIPE); a command inherits both across exec, and would then survive Ctrl-C or die differently.
        sigset_t none;
        sigset_t all;
        sigemptyset(&none);
        sigfillset(&all);
        short flags = POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF;
        if (ownProcessGroup)
            flags |= POSIX_SPAWN_SETPGROUP;
        rc = posix_spawnattr_setsigmask(&attributes, &none);
        if (rc == 0)
            rc = posix_spawnattr_setsigdefault(&attributes, &all);
        if (rc == 0)
            rc = posix_spawnattr_setpgroup(&attributes, 0);
        if (rc == 0)
            rc = posix_spawnattr_setflags(&attributes, flags);
        return rc;
    }
};
} // namespace

std::vector<std::string> splitCommandLine(std::string_view line, std::string* error)
{
    if (error)
        error->clear();
    std::vector<std::string> words;
    std::string word;
    bool inWord = false;
    size_t i = 0;
    while (i < line.size()) {
        const char c = line[i];
        if (isBlank(c)) {
            if (inWord)
                words.push_back(std::exchange(word, {}));
            inWord = false;
            ++i;
        } else if (c == '\'') {
            const size_t close = line.find('\'', i + 1);
            if (close == std::string_view::npos)
                return splitFailure(
                    error, "the single quote at column " + std::to_string(columnOf(line, i)) + " is not closed");
            word.append(line.substr(i + 1, close - i - 1));
            inWord = true;
            i = close + 1;
        } else if (c == '"') {
            size_t j = i + 1;
            for (; j < line.size() && line[j] != '"'; ++j) {
                if (line[j] == '\\' && j + 1 < line.size()) {
                    if (escapableInDoubleQuotes(line[j + 1])) {
                        word += line[++j];
                        continue;
                    }
                    if (line[j + 1] == '\n') {
                        ++j;
                        continue;
                    }
                }
                word += line[j];
            }
            if (j == line.size())
                return splitFailure(
                    error, "the double quote at column " + std::to_string(columnOf(line, i)) + " is not closed");
            inWord = true;
            i = j + 1;
        } else if (c == '\\') {
            if (i + 1 == line.size())
                return splitFailure(
                    error, "the backslash at column " + std::to_string(columnOf(line, i)) + " escapes nothing");
            // A backslash-newline joins two lines and is no part of any word.
            if (line[i + 1] != '\n') {
                word += line[i + 1];
                inWord = true;
            }
            i += 2;
        } else {
            word += c;
            inWord = true;
            ++i;
        }
    }
    if (inWord)
        words.push_back(std::move(word));
    return words;
}

std::string substituteTaskNumber(std::string_view word, int task)
{
    const std::string number = std::to_string(task);
    std::string result;
    size_t start = 0;
    for (size_t at = word.find("{}"); at != std::string_view::npos; at = word.find("{}", start)) {
        result.append(word.substr(start, at - start));
        result += number;
        start = at + 2;
    }
    result.append(word.substr(start));
    return result;
}

std::string describeExit(const ExitStatus& status)
{
    std::string description;
    if (status.exited) {
        description = "exit code " + std::to_string(status.code);
    } else if (status.signal > 0) {
        description = "killed by signal " + std::to_string(status.signal);
        if (const char* name = sigabbrev_np(status.signal))
            description += std::string(" (SIG") + name + ")";
    } else {
        description = "ended, but its exit status was taken by someone else";
    }
    if (!status.lastStderrLine.empty())
        description += ": last line of stderr: \"" + escapedLine(status.lastStderrLine) + "\"";
    return description;
}

ChildProcess::ChildProcess(ChildProcess&& other) noexcept
{
    *this = std::move(other);
}

ChildProcess& ChildProcess::operator=(ChildProcess&& other) noexcept
{
    if (this != &other) {
        kill();
        closeDescriptors();
        m_pid = std::exchange(other.m_pid, -1);
        m_pidfd = std::exchange(other.m_pidfd, -1);
        m_stderr = std::exchange(other.m_stderr, -1);
        m_ownProcessGroup = std::exchange(other.m_ownProcessGroup, false);
        m_reaped = std::exchange(other.m_reaped, false);
        m_lastLine = std::exchange(other.m_lastLine, {});
        m_partialLine = std::exchange(other.m_partialLine, {});
    }
    return *this;
}

ChildProcess::~ChildProcess()
{
    kill();
    closeDescriptors();
}

ChildProcess ChildProcess::spawn(const std::vector<std::string>& argv, bool ownProcessGroup, int* error)
{
    *error = 0;
    if (argv.empty()) {
        *error = EINVAL;
        return {};
    }
    SpawnSetup setup;
    if (const int rc = setup.prepare(ownProcessGroup); rc != 0) {
        *error = rc;
        return {};
    }
    std::vector<char*> arguments;
    arguments.reserve(argv.size() + 1);
    for (const std::string& argument : argv)
        arguments.push_back(const_cast<char*>(argument.c_str()));
    arguments.push_back(nullptr);

    pid_t pid = -1;
    // glibc reports a failed exec (a missing program) here, not as the child's exit status of 127.
    if (const int rc = posix_spawnp(&pid, arguments[0], &setup.actions, &setup.attributes, arguments.data(), environ);
        rc != 0) {
        *error = rc;
        return {};
    }
    ChildProcess child;
    child.m_pid = pid;
    child.m_ownProcessGroup = ownProcessGroup;
    child.m_stderr = std::exchange(setup.pipe[0], -1);
    // The pidfd is always close-on-exec. Without it there is nothing an event loop can wait on for this child, so
    // the child goes again (the destructor kills and reaps it) and the error is the caller's.
    child.m_pidfd = int(syscall(SYS_pidfd_open, pid, 0));
    if (child.m_pidfd == -1) {
        *error = errno;
        return {};
    }
    return child;
}

void ChildProcess::drainStderr()
{
    char buffer[16384];
    while (m_stderr >= 0) {
        const ssize_t count = read(m_stderr, buffer, sizeof buffer);
        if (count > 0) {
            takeStderr({ buffer, size_t(count) });
            continue;
        }
        if (count == -1 && errno == EINTR)
            continue;
        if (count == -1 && (errno == EAGAIN || errno == EWOULDBLOCK))
            return;
        // End of file, or an error that will not go away: either way nothing more comes.
        close(m_stderr);
        m_stderr = -1;
    }
}

bool ChildProcess::tryReap(ExitStatus* status)
{
    if (!running())
        return false;
    // With a group of its own, the child is first only looked at (WNOWAIT): while it is an unreaped zombie its pid is
    // not reused, so the signal to its group cannot reach a stranger's. Members it left behind die with it.
    const int look = WEXITED | WNOHANG | (m_ownProcessGroup ? WNOWAIT : 0);
    siginfo_t info {};
    if (waitForChild(m_pid, &info, look) == -1) {
        // ECHILD: something else in this process reaped it (a waitpid(-1) or SIGCHLD ignored); its status is lost.
        *status = {};
    } else if (info.si_pid == 0) {
        return false;
    } else {
        if (m_ownProcessGroup) {
            ::kill(-m_pid, SIGKILL);
            reapAfterKill(m_pid);
        }
        *status = {};
        status->exited = info.si_code == CLD_EXITED;
        (status->exited ? status->code : status->signal) = info.si_status;
    }
    m_reaped = true;
    drainStderr();
    status->lastStderrLine = lastLine();
    closeDescriptors();
    return true;
}

void ChildProcess::kill()
{
    if (!running())
        return;
    ::kill(m_ownProcessGroup ? -m_pid : m_pid, SIGKILL);
    reapAfterKill(m_pid);
    m_reaped = true;
    closeDescriptors();
}

void ChildProcess::takeStderr(std::string_view bytes)
{
    size_t start = 0;
    for (;;) {
        const size_t newline = bytes.find('\n', start);
        const std::string_view piece
            = bytes.substr(start, newline == std::string_view::npos ? newline : newline - start);
        m_partialLine.append(piece.substr(0, MaxLineBytes - std::min(MaxLineBytes, m_partialLine.size())));
        if (newline == std::string_view::npos)
            return;
        endLine();
        start = newline + 1;
    }
}

void ChildProcess::endLine()
{
    if (!m_partialLine.empty() && m_partialLine.back() == '\r')
        m_partialLine.pop_back();
    if (m_partialLine.empty())
        return;
    // A swap, not a copy: both strings keep their buffers for the next lines.
    std::swap(m_lastLine, m_partialLine);
    m_partialLine.clear();
}

std::string ChildProcess::lastLine() const
{
    return m_partialLine.empty() ? m_lastLine : m_partialLine;
}

void ChildProcess::closeDescriptors()
{
    for (int* fd : { &m_pidfd, &m_stderr }) {
        if (*fd >= 0)
            close(*fd);
        *fd = -1;
    }
}
