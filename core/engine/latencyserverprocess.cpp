#include "latencyserverprocess.h"

#include "inputquote.h"
#include "monotonicclock.h"
#include "processpool.h"
#include "workerprotocol.h"

#include <QFile>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

LatencyServerProcess::~LatencyServerProcess()
{
    stop();
}

bool LatencyServerProcess::start(const QString& workerPath)
{
    int toServer[2];
    int fromServer[2];
    if (pipe2(toServer, O_CLOEXEC) != 0) {
        m_error = QStringLiteral("could not start the latency server: %1").arg(QString::fromLocal8Bit(strerror(errno)));
        return false;
    }
    if (pipe2(fromServer, O_CLOEXEC) != 0) {
        m_error = QStringLiteral("could not start the latency server: %1").arg(QString::fromLocal8Bit(strerror(errno)));
        ::close(toServer[0]);
        ::close(toServer[1]);
        return false;
    }
    const QByteArray path = QFile::encodeName(workerPath);
    char mode[] = "--latency-server";
    char* argv[] = { const_cast<char*>(path.constData()), mode, nullptr };
    // A process group of its own, as the workers have: Ctrl-C cancels the sweep, which stops the server in order.
    pid_t pid = -1;
    const int rc = spawnInOwnGroup(path.constData(), argv, toServer[0], fromServer[1], &pid);
    ::close(toServer[0]);
    ::close(fromServer[1]);
    m_toServer = toServer[1];
    m_fromServer = fromServer[0];
    if (rc != 0) {
        m_error = QStringLiteral("could not start the latency server %1: %2")
                      .arg(quotedPath(workerPath), QString::fromLocal8Bit(strerror(rc)));
        stop();
        return false;
    }
    m_pid = pid;
    const auto line = readLine(5000);
    const auto port = line ? parseServerListening(*line) : std::nullopt;
    if (!port) {
        m_error = line
            ? QStringLiteral("the latency server %1 answered '%2' instead of its port")
                  .arg(quotedPath(workerPath), QString::fromStdString(*line).left(200))
            : QStringLiteral("the latency server %1 did not say its port within 5 s").arg(quotedPath(workerPath));
        stop();
        return false;
    }
    m_port = *port;
    return true;
}

std::optional<LatencyServerStats> LatencyServerProcess::takeStats()
{
    if (m_pid <= 0 || !WorkerProtocol::writeAll(m_toServer, "S\n"))
        return std::nullopt;
    const auto line = readLine(1000);
    return line ? parseServerStats(*line) : std::nullopt;
}

std::optional<std::string> LatencyServerProcess::readLine(int timeoutMs)
{
    const int64_t deadline = monotonicNowNs() + int64_t(timeoutMs) * 1'000'000;
    for (;;) {
        const size_t newline = m_buffer.find('\n');
        if (newline != std::string::npos) {
            std::string line = m_buffer.substr(0, newline);
            m_buffer.erase(0, newline + 1);
            return line;
        }
        const int64_t left = deadline - monotonicNowNs();
        if (left <= 0 || m_fromServer < 0)
            return std::nullopt;
        pollfd fd { m_fromServer, POLLIN, 0 };
        const int ready = ::poll(&fd, 1, int((left + 999'999) / 1'000'000));
        if (ready < 0 && errno == EINTR)
            continue;
        if (ready <= 0)
            return std::nullopt;
        char chunk[512];
        const ssize_t got = ::read(m_fromServer, chunk, sizeof chunk);
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0)
            return std::nullopt;
        m_buffer.append(chunk, size_t(got));
    }
}

void LatencyServerProcess::stop()
{
    if (m_toServer >= 0) {
        ::close(m_toServer); // end of input: the server stops and exits
        m_toServer = -1;
    }
    if (m_pid > 0) {
        const int64_t deadline = monotonicNowNs() + 1'000'000'000;
        bool reaped = false;
        while (!reaped && monotonicNowNs() < deadline) {
            const pid_t done = waitpid(m_pid, nullptr, WNOHANG);
            reaped = done == m_pid || (done < 0 && errno != EINTR);
            if (!reaped)
                usleep(1000);
        }
        if (!reaped) {
            ::kill(m_pid, SIGKILL);
            while (waitpid(m_pid, nullptr, 0) < 0 && errno == EINTR) { }
        }
        m_pid = -1;
    }
    if (m_fromServer >= 0) {
        ::close(m_fromServer);
        m_fromServer = -1;
    }
    m_port = 0;
    m_buffer.clear();
}
