#pragma once

#include "latencyserver.h"

#include <QString>
#include <optional>

// The net workload's latency server for a sweep: `conlab-worker --latency-server` in a process of its own, so that
// its connections do not count against the tool's open-file limit, its CPU time is its own to report, and it dies
// with the tool (PR_SET_PDEATHSIG, set by the thread that starts it: start and stop it on the sweep's thread). The
// protocol is in latencyserver.h.
class LatencyServerProcess
{
public:
    LatencyServerProcess() = default;
    ~LatencyServerProcess(); // stop()
    LatencyServerProcess(const LatencyServerProcess&) = delete;
    LatencyServerProcess& operator=(const LatencyServerProcess&) = delete;

    // Starts the server and waits (up to 5 s) for the port it listens on. False with error() naming what went wrong.
    bool start(const QString& workerPath);
    int port() const { return m_port; }
    const QString& error() const { return m_error; }

    // What the server did since the last call (or its start): asked over its stdin, answered within a second.
    std::optional<LatencyServerStats> takeStats();

    // Ends the server and reaps it: end of input, a second to exit, then SIGKILL. No listening socket is left.
    void stop();

private:
    std::optional<std::string> readLine(int timeoutMs);

    int m_pid = -1;
    int m_toServer = -1;
    int m_fromServer = -1;
    int m_port = 0;
    QString m_error;
    std::string m_buffer;
};
