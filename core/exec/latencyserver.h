#pragma once

#include "fdlimit.h"

#include <cstdint>
#include <mutex>
#include <optional>
#include <queue>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

// The latency server of the `net` workload: a stand-in for a remote service that answers after a given time, so that a
// task's wait is a real socket wait. One thread holds every connection (epoll, non-blocking sockets) and one min-heap
// of due times drives epoll's timeout, so each open connection costs a table entry and at most one heap entry, not a
// thread or a timer descriptor.
//
// The protocol for clients, one text line per message on a TCP connection to 127.0.0.1:port():
//
//   client -> server   "W <ms>\n"       wait <ms> milliseconds (0 .. MaxWaitMs), then answer
//   server -> client   "K\n"            the answer, sent <ms> ms (CLOCK_MONOTONIC) after the server read the request
//                      "E <reason>\n"   the request was malformed; the server closes the connection after this line
//
// A connection may carry any number of requests, one after another. A request sent before the previous one was
// answered waits its turn: its <ms> count from when the previous answer went out. Either side may close at any time;
// the server forgets a pending request whose connection closed.
//
// A client that opens more than about 14,000 connections at once should spread them over source addresses
// (127.0.0.2, 127.0.0.3, ...: bind() with IP_BIND_ADDRESS_NO_PORT, then connect()). Linux picks a connection's local
// port from the even half of the ephemeral range first (32768-60999 by default, so about 14,000 ports), and once one
// source address has used them up, every connect() to the same server scans them all before trying an odd one: here
// opening 19,936 connections took 13.5 s from one source address and 1.2 to 1.7 s from four.
//
// In its own process (`conlab-worker --latency-server`) the server talks to the engine over stdin and stdout:
//
//   worker -> engine   "L <port>\n"     listening, the first line
//   engine -> worker   "S\n"            asks for the statistics since the last "S"
//   worker -> engine   "S <requests> <accepted> <peak_open> <cpu_ns> <max_late_ns> <mean_late_ns> <accept_failures>\n"
//   engine -> worker   "Q\n"            stop and exit 0 (so does end of input)

// What the server did since the last takeStats(), so that a user can tell the server's share of a run from the
// strategy's. Lateness is when an answer went out minus when it was due.
struct LatencyServerStats
{
    int64_t requests = 0; // answers sent
    int64_t accepted = 0; // connections accepted
    int64_t peakOpen = 0; // most connections open at once
    int64_t cpuNs = 0; // CPU time of the server's thread
    int64_t maxLateNs = 0;
    int64_t meanLateNs = 0;
    int64_t acceptFailures = 0; // connections the OS did not let us accept (EMFILE and the like)

    bool operator==(const LatencyServerStats&) const = default;
};

std::string encodeServerStats(const LatencyServerStats& stats);
std::optional<LatencyServerStats> parseServerStats(std::string_view line);
std::string encodeServerListening(uint16_t port);
std::optional<uint16_t> parseServerListening(std::string_view line);

class LatencyServer
{
public:
    // The longest wait a request may ask for: a day, as for the task time of a run.
    static constexpr int64_t MaxWaitMs = 24LL * 3600 * 1000;

    LatencyServer() = default;
    // Stops the server (see stop()).
    ~LatencyServer();
    LatencyServer(const LatencyServer&) = delete;
    LatencyServer& operator=(const LatencyServer&) = delete;

    // Raises the open-file limit (see fdlimit.h; `raiseHardLimit` only where the server has a process of its own, as
    // every child of the process inherits the limit), then listens on 127.0.0.1 on a free port. Returns false with
    // error() set if the socket could not be made.
    bool listen(bool raiseHardLimit = false);
    const std::string& error() const { return m_error; }
    uint16_t port() const { return m_port; }
    // What listen() did to the open-file limit.
    const FdLimitChange& fdLimitChange() const { return m_fdLimitChange; }

    // Serves on a thread of its own until stop().
    bool start();
    // Serves on the calling thread until `stopFd` (an eventfd or a pipe's read end) becomes readable; closes every
    // connection before it returns. The listening socket stays open until stop().
    void run(int stopFd);
    // Ends the thread of start() and closes every socket, the listening one included. Safe to call more than once.
    void stop();

    // The statistics since the previous call (or listen()); resets them. Any thread may call it.
    LatencyServerStats takeStats();

private:
    struct Connection
    {
        bool open = false;
        bool waiting = false; // a request is on the timer heap
        uint64_t request = 0; // the pending request's number, to tell its heap entry from stale ones
        std::string input; // received, not yet taken as a request
        std::string output; // answers the socket did not take yet
    };
    struct Due
    {
        int64_t atNs;
        int fd;
        uint64_t request;
        bool operator>(const Due& other) const { return atNs > other.atNs; }
    };
    // The counters behind LatencyServerStats. The server's thread updates them as it goes, under m_statsMutex, so
    // that an answer a client has read is already counted when the client asks for the statistics.
    struct Tally
    {
        int64_t requests = 0;
        int64_t accepted = 0;
        int64_t acceptFailures = 0;
        int64_t lateSumNs = 0;
        int64_t maxLateNs = 0;
        int64_t peakOpen = 0;
    };

    // What came of accepting a waiting connection with the spare descriptor, to close it at once.
    enum class Shed
    {
        Dropped,
        NoneWaiting,
        Unable, // no spare descriptor, or the accept failed: stop accepting for a while
    };

    void acceptConnections(int64_t nowNs);
    Shed shedOneConnection();
    void pauseAccepting(int64_t nowNs);
    void readFrom(int fd, int64_t nowNs);
    void takeRequest(int fd, int64_t nowNs);
    void answerDue(int64_t nowNs);
    void send(int fd, std::string_view text);
    void flush(int fd);
    void reject(int fd, std::string_view reason);
    bool isOpen(int fd) const;
    void closeConnection(int fd);
    void watch(int fd, uint32_t events, int operation);
    void countAnswer(int64_t lateNs);
    void countAcceptFailure();
    void countOpen(int64_t change);
    void publishCpu(int64_t runCpuNs);
    void closeAll();

    std::string m_error;
    FdLimitChange m_fdLimitChange;
    uint16_t m_port = 0;
    int m_listenFd = -1;
    int m_epollFd = -1;
    // Kept open for one purpose: when accept() fails for want of descriptors, closing it frees one, with which the
    // waiting connection is accepted and closed at once, instead of staying readable and spinning the loop.
    int m_spareFd = -1;
    int m_threadStopFd = -1;
    std::thread m_thread;

    std::vector<Connection> m_connections; // indexed by descriptor
    std::priority_queue<Due, std::vector<Due>, std::greater<Due>> m_due;
    uint64_t m_nextRequest = 1;
    int64_t m_acceptPausedUntilNs = 0; // 0: accepting

    std::mutex m_statsMutex;
    Tally m_tally;
    int64_t m_open = 0;
    int64_t m_cpuNs = 0; // CPU time spent in run() altogether, as of the loop's last turn
    int64_t m_cpuTakenNs = 0; // m_cpuNs at the last takeStats()
};
