// The net workload: each task opens a TCP connection to the latency server the engine started for the sweep
// (latencyserver.h, on 127.0.0.1), asks it to answer after the task duration and waits for the answer. Connecting is
// part of the task, as it is for a download or an API call over a fresh connection.

#include "canceltoken.h"
#include "oserror.h"
#include "workload.h"

#include <arpa/inet.h>
#include <cerrno>
#include <netinet/in.h>
#include <string>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

namespace {
// Source addresses the connections are spread over (127.0.0.1 to 127.0.0.64): one address has about 14,000 local
// ports to pick from quickly, and beyond that every connect() scans them all (latencyserver.h).
constexpr int SourceAddresses = 64;

TaskWait socketFailure(int error, const std::string& what, int port)
{
    switch (error) {
    case EMFILE:
        return TaskWait::refused(
            "open-file limit: the OS refused a socket (EMFILE, " + softLimitText(RLIMIT_NOFILE, "ulimit -n") + ")");
    case ENFILE:
        return TaskWait::refused("system-wide open-file limit (fs.file-max): the OS refused a socket (ENFILE)");
    case EADDRNOTAVAIL:
        return TaskWait::refused(
            "local port limit: no free port to connect from (EADDRNOTAVAIL, net.ipv4.ip_local_port_range)");
    case ENOBUFS:
    case ENOMEM:
        return TaskWait::refused("memory limit: the OS refused a socket's buffers (" + errnoDescription(error) + ")");
    case ECONNREFUSED:
        return TaskWait::failed("the latency server on 127.0.0.1:" + std::to_string(port) + " refused the connection");
    default:
        return TaskWait::failed(what + " 127.0.0.1:" + std::to_string(port) + ": " + errnoDescription(error));
    }
}

class NetTask final : public ResumableTask
{
public:
    NetTask(int task, int port, int waitMs)
        : m_task(task)
        , m_port(port)
        , m_request("W " + std::to_string(waitMs) + "\n")
    { }
    ~NetTask() override
    {
        if (m_fd >= 0)
            ::close(m_fd);
    }
    NetTask(const NetTask&) = delete;
    NetTask& operator=(const NetTask&) = delete;

    TaskWait resume(const CancelToken& cancel) override
    {
        if (cancel.isCancelled())
            return TaskWait::cancelled();
        switch (m_step) {
        case Step::Connect:
            return connect();
        case Step::Connecting:
            return connected();
        case Step::Sending:
            return send();
        case Step::Receiving:
            return receive();
        }
        return TaskWait::failed("unknown step");
    }

private:
    enum class Step
    {
        Connect,
        Connecting,
        Sending,
        Receiving,
    };

    TaskWait connect()
    {
        if (m_port <= 0)
            return TaskWait::failed("no latency server: the net workload runs in a sweep, which starts one");
        m_fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
        if (m_fd < 0)
            return socketFailure(errno, "could not open a socket to", m_port);
        const int one = 1;
        ::setsockopt(m_fd, IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT, &one, sizeof one);
        sockaddr_in source {};
        source.sin_family = AF_INET;
        source.sin_addr.s_addr = htonl(INADDR_LOOPBACK + uint32_t(m_task % SourceAddresses));
        if (::bind(m_fd, reinterpret_cast<const sockaddr*>(&source), sizeof source) != 0)
            return socketFailure(errno, "could not bind a socket to connect to", m_port);
        sockaddr_in server {};
        server.sin_family = AF_INET;
        server.sin_port = htons(uint16_t(m_port));
        server.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        if (::connect(m_fd, reinterpret_cast<const sockaddr*>(&server), sizeof server) == 0)
            return startSending();
        if (errno != EINPROGRESS && errno != EINTR)
            return socketFailure(errno, "could not connect to", m_port);
        m_step = Step::Connecting;
        return TaskWait::writable(m_fd);
    }

    TaskWait connected()
    {
        int error = 0;
        socklen_t length = sizeof error;
        if (::getsockopt(m_fd, SOL_SOCKET, SO_ERROR, &error, &length) != 0)
            error = errno;
        if (error == EINPROGRESS || error == EALREADY)
            return TaskWait::writable(m_fd);
        if (error != 0)
            return socketFailure(error, "could not connect to", m_port);
        return startSending();
    }

    TaskWait startSending()
    {
        m_step = Step::Sending;
        return send();
    }

    TaskWait send()
    {
        while (m_sent < m_request.size()) {
            const ssize_t sent
                = ::send(m_fd, m_request.data() + m_sent, m_request.size() - m_sent, MSG_NOSIGNAL | MSG_DONTWAIT);
            if (sent < 0 && errno == EINTR)
                continue;
            if (sent < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
                return TaskWait::writable(m_fd);
            if (sent < 0)
                return socketFailure(errno, "could not send the request to", m_port);
            m_sent += size_t(sent);
        }
        m_step = Step::Receiving;
        return receive();
    }

    TaskWait receive()
    {
        char buffer[256];
        for (;;) {
            const ssize_t got = ::recv(m_fd, buffer, sizeof buffer, MSG_DONTWAIT);
            if (got < 0 && errno == EINTR)
                continue;
            if (got < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
                return TaskWait::readable(m_fd);
            if (got < 0)
                return socketFailure(errno, "lost the connection to", m_port);
            if (got == 0)
                return TaskWait::failed("the latency server on 127.0.0.1:" + std::to_string(m_port)
                    + " closed the connection before answering");
            m_answer.append(buffer, size_t(got));
            const size_t newline = m_answer.find('\n');
            if (newline == std::string::npos) {
                if (m_answer.size() > 1024)
                    return TaskWait::failed("the latency server's answer has no end of line");
                continue;
            }
            if (m_answer.compare(0, newline, "K") == 0)
                return TaskWait::done(); // the destructor closes the connection
            return TaskWait::failed(
                "the latency server answered '" + m_answer.substr(0, std::min<size_t>(newline, 200)) + "'");
        }
    }

    int m_task;
    int m_port;
    std::string m_request;
    Step m_step = Step::Connect;
    int m_fd = -1;
    size_t m_sent = 0;
    std::string m_answer;
};

class NetWorkload final : public Workload
{
public:
    explicit NetWorkload(const WorkloadSettings& settings)
        : m_port(settings.serverPort)
        , m_waitMs(settings.taskMs)
    { }

    std::unique_ptr<ResumableTask> startTask(int task) const override
    {
        return std::make_unique<NetTask>(task, m_port, m_waitMs);
    }

private:
    int m_port;
    int m_waitMs;
};
} // namespace

extern const WorkloadDescription netWorkload {
    .kind = WorkloadKind::Net,
    .name = "net",
    .label = "loopback network request",
    .help = "each task connects to a local latency server and waits the task duration for its answer",
    .readsTaskMs = true,
    .readsCpuCalibration = false,
    .computes = false,
    .needsLatencyServer = true,
    .descriptorsPerTask = 1,
    .blocksInSystemCalls = false,
    .articleBottleneck = "IO",
    .options = 0,
    .make = [](const WorkloadSettings& settings) -> std::unique_ptr<Workload> {
        return std::make_unique<NetWorkload>(settings);
    },
};
