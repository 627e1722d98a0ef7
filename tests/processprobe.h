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

// Processes whose parent is `parent` (this process by default), zombies included.
inline QList<qint64> childPids(qint64 parent = ::getpid())
{
    QList<qint64> children;
    const qint64 self = parent;
    const auto entries = QDir(QStringLiteral("/proc")).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    for (const QString& entry : entries) {
        bool isPid = false;
        const qint64 pid = entry.toLongLong(&isPid);
        if (!isPid)
            continue;
        QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
        if (!stat.open(QIODevice::ReadOnly))
            continue;
        // "pid (comm) state ppid ...": comm may hold spaces, so read after the last ')'.
        const QByteArray line = stat.readAll();
        const auto fields = line.mid(line.lastIndexOf(')') + 2).split(' ');
        if (fields.size() > 1 && fields.at(1).toLongLong() == self)
            children.append(pid);
    }
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

// Processes whose real user id is `uid`, zombies included: what a user's RLIMIT_NPROC counts.
inline QList<qint64> processesOfUser(uint uid)
{
    QList<qint64> processes;
    const auto entries = QDir(QStringLiteral("/proc")).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    for (const QString& entry : entries) {
        bool isPid = false;
        const qint64 pid = entry.toLongLong(&isPid);
        if (!isPid)
            continue;
        QFile status(QStringLiteral("/proc/%1/status").arg(pid));
        if (!status.open(QIODevice::ReadOnly))
            continue;
        for (const QByteArray& line : status.readAll().split('\n')) {
            if (line.startsWith("Uid:")) {
                // "Uid:\treal\teffective\tsaved\tfilesystem"
                if (line.mid(4).simplified().split(' ').value(0).toUInt() == uid)
                    processes.append(pid);
                break;
            }
        }
    }
    return processes;
}

} // namespace ProcessProbe
