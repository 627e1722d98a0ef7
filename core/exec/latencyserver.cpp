#include "latencyserver.h"

#include "monotonicclock.h"

#include <algorithm>
#include <arpa/inet.h>
#include <atomic>
#include <cerrno>
#include <charconv>
#include <climits>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <system_error>
#include <unistd.h>

namespace {
// A request line is "W " and at most nine digits; anything longer without a line end is not one.
constexpr size_t MaxLineLength = 64;
// Requests queued behind a pending one, in bytes: a client may pipeline a few, not flood the server's memory.
constexpr size_t MaxQueuedInput = 4096;
// How long the server stops accepting when the OS refuses it a descriptor and none can be freed to shed the waiting
// connection: long enough not to spin, short enough that connections resume as soon as descriptors are back.
constexpr int64_t AcceptPauseNs = 100'000'000;
// Connections accepted in one turn of the loop, so that a flood of connects does not delay answers that are due.
constexpr int AcceptsPerTurn = 64;
constexpr int EventsBetweenDueChecks = 64;
constexpr uint32_t ReadEvents = EPOLLIN | EPOLLRDHUP;

int64_t threadCpuNs()
{
    timespec ts {};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return int64_t(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

// Waits for events until `deadlineNs` (CLOCK_MONOTONIC; -1: no deadline). epoll_pwait2() takes the timeout in
// nanoseconds, so answers go out on time rather than up to a millisecond late; kernels before 5.11 lack it and get
// epoll_wait() with the timeout rounded up to whole milliseconds, so that the loop never wakes before a due time.
int waitForEvents(int epollFd, epoll_event* events, int capacity, int64_t deadlineNs)
{
    static std::atomic<bool> havePwait2 = true;
    const int64_t timeoutNs = deadlineNs < 0 ? -1 : std::max<int64_t>(0, deadlineNs - monotonicNowNs());
    if (havePwait2) {
        const timespec timeout { time_t(timeoutNs / 1'000'000'000), long(timeoutNs % 1'000'000'000) };
        const int ready = epoll_pwait2(epollFd, events, capacity, timeoutNs < 0 ? nullptr : &timeout, nullptr);
        if (ready >= 0 || errno != ENOSYS)
            return ready;
        havePwait2 = false;
    }
    const int64_t timeoutMs = timeoutNs < 0 ? -1 : std::min<int64_t>((timeoutNs + 999'999) / 1'000'000, INT_MAX);
    return epoll_wait(epollFd, events, capacity, int(timeoutMs));
}

// "W <ms>": the wait in milliseconds, or the reason the line is not a request.
struct ParsedRequest
{
    int64_t waitMs = -1;
    std::string_view reason;
};

ParsedRequest parseRequest(std::string_view line)
{
    if (line.size() < 3 || line[0] != 'W' || line[1] != ' ')
        return { -1, "expected W <ms>" };
    int64_t waitMs = 0;
    const char* end = line.data() + line.size();
    const auto [next, ec] = std::from_chars(line.data() + 2, end, waitMs);
    if (ec == std::errc::result_out_of_range)
        return { -1, "<ms> out of range" };
    if (ec != std::errc() || next != end)
        return { -1, "expected W <ms>" };
    if (waitMs < 0 || waitMs > LatencyServer::MaxWaitMs)
        return { -1, "<ms> out of range" };
    return { waitMs, {} };
}

// Splits "X 1 2 3" into its integers after the tag; nothing unless there are exactly `count`.
std::optional<std::vector<int64_t>> parseNumbers(std::string_view line, char tag, size_t count)
{
    if (line.empty() || line[0] != tag)
        return std::nullopt;
    std::vector<int64_t> numbers;
    std::string_view rest = line.substr(1);
    while (!rest.empty()) {
        if (rest[0] != ' ' || rest.size() < 2)
            return std::nullopt;
        int64_t number = 0;
        const auto [next, ec] = std::from_chars(rest.data() + 1, rest.data() + rest.size(), number);
        if (ec != std::errc() || next == rest.data() + 1)
            return std::nullopt;
        numbers.push_back(number);
        rest.remove_prefix(size_t(next - rest.data()));
    }
    if (numbers.size() != count)
        return std::nullopt;
    return numbers;
}
} // namespace

std::string encodeServerStats(const LatencyServerStats& stats)
{
    std::string line = "S";
    for (const int64_t value : { stats.requests, stats.accepted, stats.peakOpen, stats.cpuNs, stats.maxLateNs,
             stats.meanLateNs, stats.acceptFailures })
        line += ' ' + std::to_string(value);
    return line + '\n';
}

std::optional<LatencyServerStats> parseServerStats(std::string_view line)
{
    const auto numbers = parseNumbers(line, 'S', 7);
    if (!numbers || std::any_of(numbers->begin(), numbers->end(), [](int64_t value) { return value < 0; }))
        return std::nullopt;
    const auto& n = *numbers;
    return LatencyServerStats { n[0], n[1], n[2], n[3], n[4], n[5], n[6] };
}

std::string encodeServerListening(uint16_t port)
{
    return "L " + std::to_string(port) + '\n';
}

std::optional<uint16_t> parseServerListening(std::string_view line)
{
    const auto numbers = parseNumbers(line, 'L', 1);
    if (!numbers || numbers->front() < 1 || numbers->front() > 65535)
        return std::nullopt;
    return uint16_t(numbers->front());
}

LatencyServer::~LatencyServer()
{
    stop();
}

bool LatencyServer::listen(bool raiseHardLimit)
{
    m_fdLimitChange = raiseFdLimitToMaximum(raiseHardLimit);
    const auto fail = [this](const char* step) {
        m_error = std::string(step) + ": " + std::generic_category().message(errno);
        stop();
        return false;
    };
    m_listenFd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (m_listenFd < 0)
        return fail("socket");
    sockaddr_in address {};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = 0;
    if (bind(m_listenFd, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0)
        return fail("bind");
    // The kernel caps the backlog at net.core.somaxconn; asking for the most lets a burst of connects wait there
    // rather than be dropped and retried by the client a second later.
    if (::listen(m_listenFd, 65535) != 0)
        return fail("listen");
    socklen_t length = sizeof address;
    if (getsockname(m_listenFd, reinterpret_cast<sockaddr*>(&address), &length) != 0)
        return fail("getsockname");
    m_port = ntohs(address.sin_port);
    m_epollFd = epoll_create1(EPOLL_CLOEXEC);
    if (m_epollFd < 0)
        return fail("epoll_create1");
    m_spareFd = open("/dev/null", O_RDONLY | O_CLOEXEC);
    if (m_spareFd < 0)
        return fail("open /dev/null");
    watch(m_listenFd, EPOLLIN, EPOLL_CTL_ADD);
    return true;
}

bool LatencyServer::start()
{
    if (m_epollFd < 0 || m_thread.joinable())
        return false;
    m_threadStopFd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (m_threadStopFd < 0) {
        m_error = "eventfd: " + std::generic_category().message(errno);
        return false;
    }
    try {
        m_thread = std::thread([this] { run(m_threadStopFd); });
    } catch (const std::system_error& error) {
        m_error = std::string("thread: ") + error.what();
        return false;
    }
    return true;
}

void LatencyServer::stop()
{
    if (m_thread.joinable()) {
        const uint64_t one = 1;
        while (write(m_threadStopFd, &one, sizeof one) < 0 && errno == EINTR) { }
        m_thread.join();
    }
    closeAll();
    for (int* fd : { &m_threadStopFd, &m_listenFd, &m_epollFd, &m_spareFd }) {
        if (*fd >= 0)
            close(*fd);
        *fd = -1;
    }
}

void LatencyServer::run(int stopFd)
{
    watch(stopFd, EPOLLIN, EPOLL_CTL_ADD);
    const int64_t cpuAtStartNs = threadCpuNs();
    int64_t cpuBeforeNs = 0;
    {
        std::lock_guard lock(m_statsMutex);
        cpuBeforeNs = m_cpuNs;
    }
    std::vector<epoll_event> events(1024);
    for (bool stopping = false; !stopping;) {
        int64_t nowNs = monotonicNowNs();
        answerDue(nowNs);
        if (m_acceptPausedUntilNs != 0 && nowNs >= m_acceptPausedUntilNs) {
            m_acceptPausedUntilNs = 0;
            watch(m_listenFd, EPOLLIN, EPOLL_CTL_MOD);
        }
        publishCpu(cpuBeforeNs + threadCpuNs() - cpuAtStartNs);

        int64_t deadlineNs = m_due.empty() ? -1 : m_due.top().atNs;
        if (m_acceptPausedUntilNs != 0 && (deadlineNs < 0 || m_acceptPausedUntilNs < deadlineNs))
            deadlineNs = m_acceptPausedUntilNs;
        const int ready = waitForEvents(m_epollFd, events.data(), int(events.size()), deadlineNs);
        if (ready < 0 && errno != EINTR)
            break;
        nowNs = monotonicNowNs();
        for (int i = 0; i < ready; ++i) {
            // A full batch of connects and requests takes milliseconds: answers that fall due meanwhile go first.
            if (i > 0 && i % EventsBetweenDueChecks == 0) {
                nowNs = monotonicNowNs();
                answerDue(nowNs);
            }
            const int fd = events[size_t(i)].data.fd;
            const uint32_t what = events[size_t(i)].events;
            if (fd == stopFd)
                stopping = true;
            else if (fd == m_listenFd)
                acceptConnections(nowNs);
            else {
                // Each step may close the connection (a refused send, a due answer above): look again before the next.
                if ((what & EPOLLOUT) && isOpen(fd))
                    flush(fd);
                if ((what & (EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR)) && isOpen(fd))
                    readFrom(fd, nowNs);
            }
        }
    }
    epoll_ctl(m_epollFd, EPOLL_CTL_DEL, stopFd, nullptr);
    closeAll();
    publishCpu(cpuBeforeNs + threadCpuNs() - cpuAtStartNs);
}

LatencyServerStats LatencyServer::takeStats()
{
    std::lock_guard lock(m_statsMutex);
    LatencyServerStats stats;
    stats.requests = m_tally.requests;
    stats.accepted = m_tally.accepted;
    stats.peakOpen = m_tally.peakOpen;
    stats.cpuNs = m_cpuNs - m_cpuTakenNs;
    stats.maxLateNs = m_tally.maxLateNs;
    stats.meanLateNs = m_tally.requests > 0 ? m_tally.lateSumNs / m_tally.requests : 0;
    stats.acceptFailures = m_tally.acceptFailures;
    m_tally = Tally {};
    m_tally.peakOpen = m_open;
    m_cpuTakenNs = m_cpuNs;
    return stats;
}

void LatencyServer::acceptConnections(int64_t nowNs)
{
    for (int accepted = 0; accepted < AcceptsPerTurn; ++accepted) {
        const int fd = accept4(m_listenFd, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0) {
            const int error = errno;
            if (error == EINTR || error == ECONNABORTED)
                continue;
            if (error == EAGAIN || error == EWOULDBLOCK)
                return;
            // accept() takes a descriptor before it looks for a connection, so EMFILE does not say one is waiting.
            const Shed shed = (error == EMFILE || error == ENFILE) ? shedOneConnection() : Shed::Unable;
            if (shed == Shed::NoneWaiting)
                return;
            countAcceptFailure();
            if (shed == Shed::Dropped)
                continue;
            pauseAccepting(nowNs);
            return;
        }
        // Answers are two bytes each and must leave at once, not wait for the client's acknowledgement.
        const int noDelay = 1;
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &noDelay, sizeof noDelay);
        if (size_t(fd) >= m_connections.size())
            m_connections.resize(std::max(size_t(fd) + 1, m_connections.size() * 2));
        m_connections[size_t(fd)].open = true;
        watch(fd, ReadEvents, EPOLL_CTL_ADD);
        countOpen(+1);
    }
}

LatencyServer::Shed LatencyServer::shedOneConnection()
{
    if (m_spareFd < 0)
        return Shed::Unable;
    close(m_spareFd);
    const int fd = accept4(m_listenFd, nullptr, nullptr, SOCK_CLOEXEC);
    const int error = errno;
    if (fd >= 0)
        close(fd);
    m_spareFd = open("/dev/null", O_RDONLY | O_CLOEXEC);
    if (fd < 0 && (error == EAGAIN || error == EWOULDBLOCK))
        return Shed::NoneWaiting;
    return fd >= 0 && m_spareFd >= 0 ? Shed::Dropped : Shed::Unable;
}

void LatencyServer::pauseAccepting(int64_t nowNs)
{
    m_acceptPausedUntilNs = nowNs + AcceptPauseNs;
    watch(m_listenFd, 0, EPOLL_CTL_MOD);
}

void LatencyServer::readFrom(int fd, int64_t nowNs)
{
    Connection& connection = m_connections[size_t(fd)];
    char buffer[512];
    const ssize_t got = recv(fd, buffer, sizeof buffer, 0);
    if (got < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR))
        return;
    if (got <= 0) {
        closeConnection(fd);
        return;
    }
    connection.input.append(buffer, size_t(got));
    if (!connection.waiting)
        takeRequest(fd, nowNs);
    else if (connection.input.size() > MaxQueuedInput)
        reject(fd, "too many requests queued");
}

void LatencyServer::takeRequest(int fd, int64_t nowNs)
{
    Connection& connection = m_connections[size_t(fd)];
    const size_t lineEnd = connection.input.find('\n');
    if (lineEnd == std::string::npos) {
        if (connection.input.size() > MaxLineLength)
            reject(fd, "line too long");
        return;
    }
    const ParsedRequest request = parseRequest(std::string_view(connection.input).substr(0, lineEnd));
    if (request.waitMs < 0) {
        reject(fd, request.reason);
        return;
    }
    connection.input.erase(0, lineEnd + 1);
    connection.waiting = true;
    connection.request = m_nextRequest++;
    m_due.push({ nowNs + request.waitMs * 1'000'000, fd, connection.request });
}

void LatencyServer::answerDue(int64_t nowNs)
{
    while (!m_due.empty() && m_due.top().atNs <= nowNs) {
        const Due due = m_due.top();
        m_due.pop();
        Connection& connection = m_connections[size_t(due.fd)];
        if (!connection.open || !connection.waiting || connection.request != due.request)
            continue; // the connection closed, or its descriptor went to another one since
        connection.waiting = false;
        const int64_t sentNs = monotonicNowNs();
        countAnswer(sentNs - due.atNs);
        send(due.fd, "K\n");
        // A request queued behind this one starts its wait now; if it asked for none it is due in this same loop.
        if (connection.open && !connection.input.empty())
            takeRequest(due.fd, sentNs);
    }
}

void LatencyServer::send(int fd, std::string_view text)
{
    Connection& connection = m_connections[size_t(fd)];
    if (!connection.output.empty()) {
        connection.output.append(text);
        return;
    }
    // MSG_NOSIGNAL: a client that went away must not raise SIGPIPE in the tool's process.
    const ssize_t sent = ::send(fd, text.data(), text.size(), MSG_NOSIGNAL);
    if (sent == ssize_t(text.size()))
        return;
    if (sent < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
        closeConnection(fd);
        return;
    }
    connection.output.assign(text.substr(size_t(std::max<ssize_t>(sent, 0))));
    watch(fd, ReadEvents | EPOLLOUT, EPOLL_CTL_MOD);
}

void LatencyServer::flush(int fd)
{
    Connection& connection = m_connections[size_t(fd)];
    std::string pending;
    pending.swap(connection.output);
    watch(fd, ReadEvents, EPOLL_CTL_MOD);
    send(fd, pending);
}

void LatencyServer::reject(int fd, std::string_view reason)
{
    send(fd, "E " + std::string(reason) + '\n');
    // Closing a socket with unread input resets the connection, and the client could lose the line above: read what
    // is there first.
    char buffer[512];
    while (m_connections[size_t(fd)].open && recv(fd, buffer, sizeof buffer, 0) > 0) { }
    if (m_connections[size_t(fd)].open)
        closeConnection(fd);
}

bool LatencyServer::isOpen(int fd) const
{
    return size_t(fd) < m_connections.size() && m_connections[size_t(fd)].open;
}

void LatencyServer::closeConnection(int fd)
{
    close(fd);
    m_connections[size_t(fd)] = Connection {};
    countOpen(-1);
}

void LatencyServer::closeAll()
{
    for (size_t fd = 0; fd < m_connections.size(); ++fd) {
        if (m_connections[fd].open)
            closeConnection(int(fd));
    }
    m_connections = {};
    m_due = {};
}

void LatencyServer::watch(int fd, uint32_t events, int operation)
{
    epoll_event event {};
    event.events = events;
    event.data.fd = fd;
    epoll_ctl(m_epollFd, operation, fd, &event);
}

void LatencyServer::countAnswer(int64_t lateNs)
{
    std::lock_guard lock(m_statsMutex);
    ++m_tally.requests;
    m_tally.lateSumNs += lateNs;
    m_tally.maxLateNs = std::max(m_tally.maxLateNs, lateNs);
}

void LatencyServer::countAcceptFailure()
{
    std::lock_guard lock(m_statsMutex);
    ++m_tally.acceptFailures;
}

void LatencyServer::countOpen(int64_t change)
{
    std::lock_guard lock(m_statsMutex);
    m_open += change;
    if (change > 0)
        ++m_tally.accepted;
    m_tally.peakOpen = std::max(m_tally.peakOpen, m_open);
}

void LatencyServer::publishCpu(int64_t runCpuNs)
{
    std::lock_guard lock(m_statsMutex);
    m_cpuNs = runCpuNs;
}
