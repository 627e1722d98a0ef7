#pragma once

#include <QDir>
#include <QFile>
#include <QList>
#include <unistd.h>

// What this test process has running right now, read from /proc: used to prove that a run leaves nothing behind.
namespace ProcessProbe {

// Threads of this process (/proc/self/task).
inline int threadCount()
{
    return int(QDir(QStringLiteral("/proc/self/task")).entryList(QDir::Dirs | QDir::NoDotAndDotDot).size());
}

// A thread that was just joined can stay listed in /proc for a moment while the kernel finishes its exit (join returns
// when the thread's id is cleared, before it is released): seen up to a few ms after a cancel with 300 workers being
// reaped. Counts taken right after a join are compared with this much grace; a thread left behind stays and fails.
constexpr int exitGraceMs = 1000;

// threadCount() once it holds still, for a "before" count (see exitGraceMs).
inline int settledThreadCount()
{
    int count = threadCount();
    for (int attempt = 0; attempt < 100; ++attempt) {
        ::usleep(20'000);
        const int again = threadCount();
        if (again == count)
            break;
        count = again;
    }
    return count;
}

// Calls `visit(pid, file)` with /proc/PID/`name` opened for reading, for every process there is.
template<typename Visit> void forEachProcess(const char* name, Visit visit)
{
    const auto entries = QDir(QStringLiteral("/proc")).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    for (const QString& entry : entries) {
        bool isPid = false;
        const qint64 pid = entry.toLongLong(&isPid);
        if (!isPid)
            continue;
        QFile file(QStringLiteral("/proc/%1/%2").arg(pid).arg(QLatin1String(name)));
        if (file.open(QIODevice::ReadOnly))
            visit(pid, file);
    }
}

// Processes whose parent is `parent` (this process by default), zombies included.
inline QList<qint64> childPids(qint64 parent = ::getpid())
{
    QList<qint64> children;
    forEachProcess("stat", [&](qint64 pid, QFile& stat) {
        // "pid (comm) state ppid ...": comm may hold spaces, so read after the last ')'.
        const QByteArray line = stat.readAll();
        const auto fields = line.mid(line.lastIndexOf(')') + 2).split(' ');
        if (fields.size() > 1 && fields.at(1).toLongLong() == parent)
            children.append(pid);
    });
    return children;
}

// The state letter of process `pid` (R, S, D, Z, ...), or 0 if there is no such process.
inline char processState(qint64 pid)
{
    QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!stat.open(QIODevice::ReadOnly))
        return 0;
    const QByteArray line = stat.readAll();
    const qsizetype close = line.lastIndexOf(')');
    return close >= 0 && close + 2 < line.size() ? line.at(close + 2) : 0;
}

// The bytes process `pid` has handed to write() and its kin so far (/proc/<pid>/io's wchar), or -1 if there is no
// such process: a worker that has written anything has answered its start-up handshake.
inline qint64 bytesWritten(qint64 pid)
{
    QFile io(QStringLiteral("/proc/%1/io").arg(pid));
    if (!io.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray& line : io.readAll().split('\n')) {
        if (line.startsWith("wchar:"))
            return line.mid(6).trimmed().toLongLong();
    }
    return -1;
}

// Whether process `pid` has a handler of its own for `signal` (/proc/<pid>/status's SigCgt): conlab catches SIGINT
// from the moment it has set up, and a signal sent before that ends it the default way.
inline bool catchesSignal(qint64 pid, int signal)
{
    QFile status(QStringLiteral("/proc/%1/status").arg(pid));
    if (!status.open(QIODevice::ReadOnly))
        return false;
    for (const QByteArray& line : status.readAll().split('\n')) {
        if (line.startsWith("SigCgt:"))
            return (line.mid(7).trimmed().toULongLong(nullptr, 16) >> (signal - 1)) & 1;
    }
    return false;
}

// Processes whose real user id is `uid`, zombies included: what a user's RLIMIT_NPROC counts.
inline QList<qint64> processesOfUser(uint uid)
{
    QList<qint64> processes;
    forEachProcess("status", [&](qint64 pid, QFile& status) {
        for (const QByteArray& line : status.readAll().split('\n')) {
            if (line.startsWith("Uid:")) {
                // "Uid:\treal\teffective\tsaved\tfilesystem"
                if (line.mid(4).simplified().split(' ').value(0).toUInt() == uid)
                    processes.append(pid);
                break;
            }
        }
    });
    return processes;
}

} // namespace ProcessProbe
