// The latency server of the net workload (exec/latencyserver.h) and the open-file limit it relies on (exec/fdlimit.h),
// over real sockets and a real conlab-worker process.

#include "fdlimit.h"
#include "latencyserver.h"
#include "monotonicclock.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QProcess>
#include <QScopeGuard>
#include <QTest>
#include <arpa/inet.h>
#include <cerrno>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>
#include <vector>

namespace {
sockaddr_in loopback(int host, uint16_t port)
{
    sockaddr_in address {};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK + uint32_t(host - 1));
    address.sin_port = htons(port);
    return address;
}

// A blocking TCP connection to 127.0.0.1:port, or -1 with errno set. It comes from 127.0.0.<sourceHost>: the kernel
// picks a connection's local port among those that make its address pair unique, first from the even half of the
// ephemeral range. One source address runs out of even ports after about 14,000 connections to one server, and each
// connect() after that scans all of them first, taking about a millisecond; the loopback network has 2^24 addresses.
int connectTo(uint16_t port, int sourceHost = 1)
{
    const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return -1;
    if (sourceHost != 1) {
        // The port is chosen at connect(), for the whole address pair, not by bind() for the source address alone.
        const int noPort = 1;
        const sockaddr_in source = loopback(sourceHost, 0);
        if (setsockopt(fd, IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT, &noPort, sizeof noPort) != 0
            || bind(fd, reinterpret_cast<const sockaddr*>(&source), sizeof source) != 0) {
            const int error = errno;
            close(fd);
            errno = error;
            return -1;
        }
    }
    const sockaddr_in address = loopback(1, port);
    if (::connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0) {
        const int error = errno;
        close(fd);
        errno = error;
        return -1;
    }
    return fd;
}

// The errno of a connect to the port: 0 if something still listens there.
int connectError(uint16_t port)
{
    const int fd = connectTo(port);
    if (fd < 0)
        return errno;
    close(fd);
    return 0;
}

bool sendText(int fd, const char* text)
{
    const size_t length = strlen(text);
    return ::send(fd, text, length, MSG_NOSIGNAL) == ssize_t(length);
}

// One line from the socket, '\n' included; what arrived until the peer closed or `timeoutMs` ran out otherwise.
QByteArray readLine(int fd, int timeoutMs = 5000)
{
    QByteArray line;
    const QDeadlineTimer deadline(timeoutMs);
    while (!line.endsWith('\n')) {
        pollfd ready { fd, POLLIN, 0 };
        if (poll(&ready, 1, int(deadline.remainingTime())) <= 0)
            break;
        char c = 0;
        if (recv(fd, &c, 1, 0) <= 0)
            break;
        line.append(c);
    }
    return line;
}

// True once the peer has closed the connection (end of file or a reset) within `timeoutMs`.
bool peerClosed(int fd, int timeoutMs = 5000)
{
    pollfd ready { fd, POLLIN, 0 };
    if (poll(&ready, 1, timeoutMs) <= 0)
        return false;
    char c = 0;
    return recv(fd, &c, 1, 0) <= 0;
}

// conlab-worker --latency-server, as the engine will run it.
class ServerProcess
{
public:
    ~ServerProcess()
    {
        m_process.closeWriteChannel();
        if (!m_process.waitForFinished(5000))
            m_process.kill();
        m_process.waitForFinished(5000);
    }

    // Starts `program` with `arguments` (conlab-worker --latency-server unless given) and reads its "L <port>" line.
    bool start(const QString& program = {}, const QStringList& arguments = { QStringLiteral("--latency-server") })
    {
        m_process.start(program.isEmpty() ? workerPath() : program, arguments);
        if (!m_process.waitForStarted(5000))
            return false;
        const auto listening = parseServerListening(readLine().trimmed().toStdString());
        m_port = listening.value_or(0);
        return listening.has_value();
    }

    std::optional<LatencyServerStats> stats()
    {
        m_process.write("S\n");
        return parseServerStats(readLine().trimmed().toStdString());
    }

    QProcess& process() { return m_process; }
    uint16_t port() const { return m_port; }

    static QString workerPath() { return QCoreApplication::applicationDirPath() + QStringLiteral("/conlab-worker"); }

private:
    QByteArray readLine()
    {
        const QDeadlineTimer deadline(5000);
        while (!m_process.canReadLine() && !deadline.hasExpired())
            m_process.waitForReadyRead(int(deadline.remainingTime()));
        return m_process.readLine();
    }

    QProcess m_process;
    uint16_t m_port = 0;
};

// Closes every descriptor in `fds` when the test leaves, whichever way it leaves.
auto closeAllOnExit(std::vector<int>& fds)
{
    return qScopeGuard([&fds] {
        for (const int fd : fds) {
            if (fd >= 0)
                close(fd);
        }
        fds.clear();
    });
}
// Lowers this process's soft open-file limit to `soft` until the returned guard goes (the hard limit stays, so the
// soft one can be raised again).
auto lowerSoftFdLimit(rlim_t soft)
{
    const FdLimit original = currentFdLimit();
    const rlimit lowered { soft, original.hard };
    setrlimit(RLIMIT_NOFILE, &lowered);
    return qScopeGuard([original] {
        const rlimit value { original.soft, original.hard };
        setrlimit(RLIMIT_NOFILE, &value);
    });
}
} // namespace

class TestLatencyServer : public QObject
{
    Q_OBJECT

private slots:
    void answersAfterTheRequestedTime_data()
    {
        QTest::addColumn<int>("waitMs");
        QTest::addRow("0 ms") << 0;
        QTest::addRow("50 ms") << 50;
        QTest::addRow("300 ms") << 300;
    }

    void answersAfterTheRequestedTime()
    {
        QFETCH(int, waitMs);
        LatencyServer server;
        QVERIFY2(server.listen() && server.start(), server.error().c_str());
        const int fd = connectTo(server.port());
        QVERIFY(fd >= 0);
        const auto closeClient = qScopeGuard([fd] { close(fd); });
        const int64_t sentNs = monotonicNowNs();
        QVERIFY(sendText(fd, QByteArray("W " + QByteArray::number(waitMs) + '\n').constData()));
        QCOMPARE(readLine(fd, waitMs + 5000), QByteArray("K\n"));
        const int64_t tookMs = (monotonicNowNs() - sentNs) / 1'000'000;
        QVERIFY2(tookMs >= waitMs && tookMs < waitMs + 200, QByteArray::number(tookMs).constData());

        const LatencyServerStats stats = server.takeStats();
        QCOMPARE(stats.requests, 1);
        QCOMPARE(stats.accepted, 1);
        QCOMPARE(stats.peakOpen, 1);
        QCOMPARE(stats.acceptFailures, 0);
        QVERIFY(stats.maxLateNs >= 0 && stats.maxLateNs < 50'000'000);
        QCOMPARE(stats.meanLateNs, stats.maxLateNs);
        QVERIFY(stats.cpuNs > 0);
        // Taking the statistics resets them; the connection is still open.
        const LatencyServerStats next = server.takeStats();
        QCOMPARE(next.requests, 0);
        QCOMPARE(next.accepted, 0);
        QCOMPARE(next.peakOpen, 1);
    }

    void severalRequestsOnOneConnection()
    {
        LatencyServer server;
        QVERIFY2(server.listen() && server.start(), server.error().c_str());
        const int fd = connectTo(server.port());
        QVERIFY(fd >= 0);
        const auto closeClient = qScopeGuard([fd] { close(fd); });
        for (int i = 0; i < 5; ++i) {
            const int64_t sentNs = monotonicNowNs();
            QVERIFY(sendText(fd, "W 20\n"));
            QCOMPARE(readLine(fd), QByteArray("K\n"));
            QVERIFY(monotonicNowNs() - sentNs >= 20'000'000);
        }
        // Two requests sent at once: the second waits its turn and its 30 ms count from the first answer.
        const int64_t sentNs = monotonicNowNs();
        QVERIFY(sendText(fd, "W 30\nW 30\n"));
        QCOMPARE(readLine(fd), QByteArray("K\n"));
        QCOMPARE(readLine(fd), QByteArray("K\n"));
        const int64_t tookMs = (monotonicNowNs() - sentNs) / 1'000'000;
        QVERIFY2(tookMs >= 60 && tookMs < 60 + 200, QByteArray::number(tookMs).constData());
        const LatencyServerStats stats = server.takeStats();
        QCOMPARE(stats.requests, 7);
        QCOMPARE(stats.accepted, 1);
    }

    void malformedRequestIsAnsweredWithEAndClosed_data()
    {
        QTest::addColumn<QByteArray>("request");
        QTest::addColumn<QByteArray>("reason");
        QTest::addRow("not a request") << QByteArray("hello\n") << QByteArray("expected W <ms>");
        QTest::addRow("no milliseconds") << QByteArray("W\n") << QByteArray("expected W <ms>");
        QTest::addRow("negative") << QByteArray("W -5\n") << QByteArray("<ms> out of range");
        QTest::addRow("trailing text") << QByteArray("W 12ms\n") << QByteArray("expected W <ms>");
        QTest::addRow("beyond a day") << QByteArray("W 86400001\n") << QByteArray("<ms> out of range");
        QTest::addRow("beyond 64 bits") << QByteArray("W 99999999999999999999\n") << QByteArray("<ms> out of range");
        QTest::addRow("no line end") << QByteArray(100, 'W') << QByteArray("line too long");
        QTest::addRow("after a good one") << QByteArray("W 0\nW x\n") << QByteArray("expected W <ms>");
    }

    void malformedRequestIsAnsweredWithEAndClosed()
    {
        QFETCH(QByteArray, request);
        QFETCH(QByteArray, reason);
        LatencyServer server;
        QVERIFY2(server.listen() && server.start(), server.error().c_str());
        const int fd = connectTo(server.port());
        QVERIFY(fd >= 0);
        const auto closeClient = qScopeGuard([fd] { close(fd); });
        QVERIFY(sendText(fd, request.constData()));
        if (request.startsWith("W 0\n"))
            QCOMPARE(readLine(fd), QByteArray("K\n"));
        QCOMPARE(readLine(fd), "E " + reason + '\n');
        QVERIFY(peerClosed(fd));
        // The server goes on serving others.
        const int other = connectTo(server.port());
        QVERIFY(other >= 0);
        const auto closeOther = qScopeGuard([other] { close(other); });
        QVERIFY(sendText(other, "W 0\n"));
        QCOMPARE(readLine(other), QByteArray("K\n"));
    }

    void clientClosingWhileWaitingIsForgotten()
    {
        LatencyServer server;
        QVERIFY2(server.listen() && server.start(), server.error().c_str());
        const int fd = connectTo(server.port());
        QVERIFY(fd >= 0);
        QVERIFY(sendText(fd, "W 100\n"));
        close(fd);
        QTest::qWait(300);
        const LatencyServerStats stats = server.takeStats();
        QCOMPARE(stats.accepted, 1);
        QCOMPARE(stats.requests, 0);
        // After a reset the peak is the connections open now: none.
        QCOMPARE(server.takeStats().peakOpen, 0);
    }

    void holdsTwentyThousandConnections_data()
    {
        QTest::addColumn<bool>("exactlyTwentyThousand");
        QTest::addRow("20,000 connections") << true;
        QTest::addRow("as many as the hard open-file limit allows") << false;
    }

    // Every connection waits 300 ms at once. The server runs in conlab-worker, as the engine will run it: each side
    // then needs its own open-file limit above the connection count, not one process twice that.
    void holdsTwentyThousandConnections()
    {
        QFETCH(bool, exactlyTwentyThousand);
        constexpr int waitMs = 300;
        // Either process's own descriptors besides the connections (the server's: stdio, the listening socket, epoll,
        // its spare and its thread's stop descriptor; ours: Qt's and QProcess's pipes).
        constexpr size_t reserve = 64;
        const FdLimit limit = currentFdLimit();
        int count = 20'000;
        if (!exactlyTwentyThousand) {
            if (limit.hard >= count + reserve)
                QSKIP("the hard limit allows 20,000 connections: the row of 20,000 tests them");
            count = int(limit.hard - reserve);
        } else if (limit.hard < count + reserve) {
            // Root with CAP_SYS_RESOURCE may raise it; the worker inherits ours and raises its own further.
            const rlimit raised { count + reserve, count + reserve };
            if (setrlimit(RLIMIT_NOFILE, &raised) != 0)
                QSKIP(qPrintable(QStringLiteral("20,000 connections need about %1 open files on each side; the hard "
                                                "open-file limit is %2 (ulimit -Hn) and cannot be raised here")
                                     .arg(count + reserve)
                                     .arg(limit.hard)));
        }
        const FdLimitChange change = raiseFdLimitFor(size_t(count));
        QVERIFY2(change.enough, change.text.c_str());

        ServerProcess server;
        QVERIFY(server.start());
        std::vector<int> clients;
        clients.reserve(size_t(count));
        const auto closeClients = closeAllOnExit(clients);
        const int epollFd = epoll_create1(EPOLL_CLOEXEC);
        QVERIFY(epollFd >= 0);
        const auto closeEpoll = qScopeGuard([epollFd] { close(epollFd); });

        constexpr int connectionsPerSource = 5000;
        std::vector<int64_t> sentNs(static_cast<size_t>(count));
        const int64_t startNs = monotonicNowNs();
        for (int i = 0; i < count; ++i) {
            const int fd = connectTo(server.port(), 1 + i / connectionsPerSource);
            QVERIFY2(fd >= 0, qPrintable(QStringLiteral("connection %1: %2").arg(i).arg(qt_error_string(errno))));
            clients.push_back(fd);
            sentNs[size_t(i)] = monotonicNowNs();
            QVERIFY(sendText(fd, "W 300\n"));
            epoll_event event { EPOLLIN, {} };
            event.data.u32 = uint32_t(i);
            QVERIFY(epoll_ctl(epollFd, EPOLL_CTL_ADD, fd, &event) == 0);
        }
        const int64_t connectedNs = monotonicNowNs();

        int answered = 0;
        int64_t earliestMs = INT64_MAX;
        std::vector<epoll_event> events(1024);
        const QDeadlineTimer deadline(waitMs + 30'000);
        while (answered < count && !deadline.hasExpired()) {
            const int ready = epoll_wait(epollFd, events.data(), int(events.size()), 1000);
            const int64_t nowNs = monotonicNowNs();
            for (int e = 0; e < ready; ++e) {
                const uint32_t i = events[size_t(e)].data.u32;
                char answer[3] = {};
                QCOMPARE(recv(clients[i], answer, 2, 0), 2);
                QCOMPARE(QByteArray(answer), QByteArray("K\n"));
                earliestMs = std::min(earliestMs, (nowNs - sentNs[i]) / 1'000'000);
                epoll_ctl(epollFd, EPOLL_CTL_DEL, clients[i], nullptr);
                ++answered;
            }
        }
        const int64_t answeredNs = monotonicNowNs();
        QCOMPARE(answered, count);
        QVERIFY2(earliestMs >= waitMs, QByteArray::number(earliestMs).constData());

        const auto stats = server.stats();
        QVERIFY(stats.has_value());
        QCOMPARE(stats->requests, count);
        QCOMPARE(stats->accepted, count);
        QVERIFY2(stats->peakOpen >= count, QByteArray::number(stats->peakOpen).constData());
        QCOMPARE(stats->acceptFailures, 0);
        qInfo("%d connections: opened and requests sent in %.0f ms; all answered %.0f ms after the first connect "
              "(the wait is %d ms); server CPU %.1f ms in all, %.2f us per request; lateness max %.2f ms, mean %.3f ms",
            count, double(connectedNs - startNs) / 1e6, double(answeredNs - startNs) / 1e6, waitMs,
            double(stats->cpuNs) / 1e6, double(stats->cpuNs) / 1e3 / count, double(stats->maxLateNs) / 1e6,
            double(stats->meanLateNs) / 1e6);
    }

    void stopLeavesNoListeningSocketAndNoDescriptor()
    {
        const size_t openBefore = openFdCount();
        uint16_t port = 0;
        std::vector<int> clients;
        const auto closeClients = closeAllOnExit(clients);
        {
            LatencyServer server;
            QVERIFY2(server.listen() && server.start(), server.error().c_str());
            port = server.port();
            for (int i = 0; i < 3; ++i) {
                clients.push_back(connectTo(port));
                QVERIFY(clients.back() >= 0);
                QVERIFY(sendText(clients.back(), "W 10000\n"));
            }
            QTRY_COMPARE(server.takeStats().peakOpen, 3);
            server.stop();
            QCOMPARE(connectError(port), ECONNREFUSED);
            // Pending requests end with their connection.
            for (const int fd : clients)
                QVERIFY(peerClosed(fd, 1000));
        }
        for (const int fd : clients)
            close(fd);
        clients.clear();
        QCOMPARE(openFdCount(), openBefore);
        QCOMPARE(connectError(port), ECONNREFUSED);
    }

    void runsOnTheCallingThreadUntilItsStopDescriptor()
    {
        const size_t openBefore = openFdCount();
        {
            LatencyServer server;
            QVERIFY(server.listen());
            const int stopFd = eventfd(0, EFD_CLOEXEC);
            QVERIFY(stopFd >= 0);
            const auto closeStop = qScopeGuard([stopFd] { close(stopFd); });
            std::thread caller([&server, stopFd] { server.run(stopFd); });
            const int fd = connectTo(server.port());
            const auto closeClient = qScopeGuard([fd] { close(fd); });
            QVERIFY(fd >= 0);
            QVERIFY(sendText(fd, "W 10\nW 10000\n"));
            QCOMPARE(readLine(fd), QByteArray("K\n"));
            const uint64_t one = 1;
            QCOMPARE(write(stopFd, &one, sizeof one), ssize_t(sizeof one));
            caller.join();
            // run() closed the connection and left the listening socket to stop().
            QVERIFY(peerClosed(fd, 1000));
            QCOMPARE(connectError(server.port()), 0);
            server.stop();
            QCOMPARE(connectError(server.port()), ECONNREFUSED);
        }
        QCOMPARE(openFdCount(), openBefore);
    }

    void workerModeServesAndExits_data()
    {
        QTest::addColumn<QByteArray>("ending");
        QTest::addRow("end of input") << QByteArray();
        QTest::addRow("Q") << QByteArray("Q\n");
    }

    void workerModeServesAndExits()
    {
        QFETCH(QByteArray, ending);
        ServerProcess server;
        QVERIFY(server.start());
        const int fd = connectTo(server.port());
        QVERIFY(fd >= 0);
        const auto closeClient = qScopeGuard([fd] { close(fd); });
        QVERIFY(sendText(fd, "W 20\n"));
        QCOMPARE(readLine(fd), QByteArray("K\n"));
        const auto stats = server.stats();
        QVERIFY(stats.has_value());
        QCOMPARE(stats->requests, 1);
        QCOMPARE(stats->accepted, 1);
        QCOMPARE(stats->peakOpen, 1);
        QVERIFY(stats->maxLateNs < 50'000'000);
        QCOMPARE(server.stats()->requests, 0);

        if (ending.isEmpty())
            server.process().closeWriteChannel();
        else
            server.process().write(ending);
        QVERIFY(server.process().waitForFinished(5000));
        QCOMPARE(server.process().exitStatus(), QProcess::NormalExit);
        QCOMPARE(server.process().exitCode(), 0);
        QCOMPARE(connectError(server.port()), ECONNREFUSED);
        QVERIFY(peerClosed(fd, 1000));
    }

    void killedServerProcessLeavesNoListeningPort_data()
    {
        QTest::addColumn<bool>("killTheParent");
        QTest::addRow("the worker killed") << false;
        QTest::addRow("its parent killed") << true;
    }

    // The tool's crash, twice over: the server process killed, or the process that started it (the worker dies with
    // its parent by PR_SET_PDEATHSIG). Either way no port may stay open.
    void killedServerProcessLeavesNoListeningPort()
    {
        QFETCH(bool, killTheParent);
        ServerProcess server;
        // A shell that stays the worker's parent (the command after it keeps it from exec'ing the worker).
        if (killTheParent)
            QVERIFY(server.start(QStringLiteral("/bin/sh"),
                { QStringLiteral("-c"), QStringLiteral("\"$0\" --latency-server; exit 0"),
                    ServerProcess::workerPath() }));
        else
            QVERIFY(server.start());
        const int fd = connectTo(server.port());
        QVERIFY(fd >= 0);
        const auto closeClient = qScopeGuard([fd] { close(fd); });
        QVERIFY(sendText(fd, "W 10000\n"));
        QCOMPARE(connectError(server.port()), 0);
        server.process().kill();
        QVERIFY(server.process().waitForFinished(5000));
        QVERIFY(peerClosed(fd));
        QTRY_COMPARE(connectError(server.port()), ECONNREFUSED);
    }

    // Descriptors run out in the server's process: the connections it cannot take are accepted and closed at once
    // (counted), the server does not spin, and it serves again once descriptors are free.
    void acceptFailuresAreCountedAndDoNotSpin()
    {
        ServerProcess server;
        QVERIFY(server.start());
        const rlimit low { 32, 32 };
        QVERIFY(prlimit(pid_t(server.process().processId()), RLIMIT_NOFILE, &low, nullptr) == 0);
        std::vector<int> clients;
        const auto closeClients = closeAllOnExit(clients);
        for (int i = 0; i < 60; ++i) {
            clients.push_back(connectTo(server.port()));
            QVERIFY(clients.back() >= 0);
            QVERIFY(sendText(clients.back(), "W 100\n"));
        }
        int answered = 0;
        int closed = 0;
        for (const int fd : clients) {
            const QByteArray answer = readLine(fd, 2000);
            if (answer == "K\n")
                ++answered;
            else if (answer.isEmpty() && peerClosed(fd, 0))
                ++closed;
        }
        QVERIFY2(answered > 10 && answered < 32, QByteArray::number(answered).constData());
        QCOMPARE(answered + closed, 60);
        QTest::qWait(500);
        const auto stats = server.stats();
        QVERIFY(stats.has_value());
        QCOMPARE(stats->requests, answered);
        QCOMPARE(stats->accepted, answered);
        QCOMPARE(stats->acceptFailures, closed);
        // Well under the second or so this took: a loop spinning on the refused accept would use all of it.
        QVERIFY2(stats->cpuNs < 200'000'000, QByteArray::number(stats->cpuNs).constData());

        for (const int fd : clients)
            close(fd);
        clients.clear();
        const int fd = connectTo(server.port());
        QVERIFY(fd >= 0);
        const auto closeClient = qScopeGuard([fd] { close(fd); });
        QVERIFY(sendText(fd, "W 0\n"));
        QCOMPARE(readLine(fd), QByteArray("K\n"));
    }

    void fdLimitIsRaisedWithinTheHardLimit()
    {
        const FdLimit original = currentFdLimit();
        const auto restore = lowerSoftFdLimit(256);
        QCOMPARE(currentFdLimit().soft, rlim_t(256));

        const FdLimitChange none = raiseFdLimitFor(10);
        QVERIFY(none.enough);
        QVERIFY(!none.raised());
        QVERIFY(none.text.empty());

        const FdLimitChange change = raiseFdLimitFor(1000);
        QVERIFY(change.enough);
        QVERIFY(change.raised());
        QCOMPARE(change.before.soft, rlim_t(256));
        QCOMPARE(change.after.soft, original.hard);
        QCOMPARE(currentFdLimit().soft, original.hard);
        QCOMPARE(
            change.text, "raised the open-file limit from 256 to " + std::to_string(original.hard) + " for this run");
    }

    // The server makes room for connections before it takes any, and says what it did.
    void listenRaisesTheSoftLimitToTheHardLimit()
    {
        const FdLimit original = currentFdLimit();
        const auto restore = lowerSoftFdLimit(512);
        QCOMPARE(currentFdLimit().soft, rlim_t(512));
        LatencyServer server;
        QVERIFY(server.listen());
        QCOMPARE(currentFdLimit().soft, original.hard);
        QCOMPARE(server.fdLimitChange().before.soft, rlim_t(512));
        QCOMPARE(server.fdLimitChange().after.soft, original.hard);
        QCOMPARE(server.fdLimitChange().text,
            "raised the open-file limit from 512 to " + std::to_string(original.hard) + " for this run");
    }

    void fdLimitBeyondTheHardLimitIsRefusedNamingIt()
    {
        const FdLimit before = currentFdLimit();
        const FdLimitChange change = raiseFdLimitFor(size_t(before.hard) + 10);
        QVERIFY(!change.enough);
        QVERIFY(!change.raised());
        QCOMPARE(currentFdLimit().soft, before.soft);
        QCOMPARE(change.needed, size_t(before.hard) + 10 + openFdCount());
        QCOMPARE(change.text,
            "open-file limit: needs " + std::to_string(change.needed) + " open files; the hard limit is "
                + std::to_string(before.hard) + " (ulimit -Hn)");
    }

    void statsLinesRoundTrip()
    {
        const LatencyServerStats stats { 20000, 20001, 19999, 123456789, 4567, 89, 3 };
        const std::string line = encodeServerStats(stats);
        QCOMPARE(line, std::string("S 20000 20001 19999 123456789 4567 89 3\n"));
        QCOMPARE(parseServerStats(line.substr(0, line.size() - 1)), stats);
        QVERIFY(!parseServerStats("S 1 2 3 4 5 6"));
        QVERIFY(!parseServerStats("S 1 2 3 4 5 6 7 8"));
        QVERIFY(!parseServerStats("S 1 2 3 4 5 6 -7"));
        QVERIFY(!parseServerStats("S  1 2 3 4 5 6 7"));
        QCOMPARE(parseServerListening("L 40000"), std::optional<uint16_t>(40000));
        QVERIFY(!parseServerListening("L 0"));
        QVERIFY(!parseServerListening("L 70000"));
    }
};

QTEST_GUILESS_MAIN(TestLatencyServer)
#include "tst_latencyserver.moc"
