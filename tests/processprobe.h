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

} // namespace ProcessProbe
