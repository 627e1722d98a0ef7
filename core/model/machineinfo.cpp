#include "machineinfo.h"

#include "wording.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonValue>
#include <QStringList>
#include <QSysInfo>
#include <QThread>
#include <algorithm>
#include <optional>
#include <sys/resource.h>
#include <sys/utsname.h>
#include <unistd.h>

namespace {
const QString nprocSoftSource = QStringLiteral("ulimit -u soft (RLIMIT_NPROC)");
const QString nprocHardSource = QStringLiteral("ulimit -u hard (RLIMIT_NPROC)");
const QString threadsMaxSource = QStringLiteral("threads-max (/proc/sys/kernel/threads-max)");
const QString pidMaxSource = QStringLiteral("pid_max (/proc/sys/kernel/pid_max)");
const QString maxMapCountSource = QStringLiteral("max_map_count (/proc/sys/vm/max_map_count)");

QString cgroupSource(const ProcessLimits& limits)
{
    return limits.cgroupPidsFile.isEmpty() ? QStringLiteral("pids.max (cgroup)")
                                           : QStringLiteral("pids.max (%1)").arg(limits.cgroupPidsFile);
}

std::optional<QByteArray> readFirstLine(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly | QIODevice::Text))
        return std::nullopt;
    return file.readLine().trimmed();
}

// A number from a /proc or /sys file; "max" (cgroup for no limit) gives -1.
std::optional<qint64> readLimit(const QString& path)
{
    const auto line = readFirstLine(path);
    if (!line)
        return std::nullopt;
    if (*line == "max")
        return -1;
    bool ok = false;
    const qint64 value = line->toLongLong(&ok);
    return ok ? std::optional<qint64>(value) : std::nullopt;
}

qint64 rlimitValue(rlim_t value)
{
    return value == RLIM_INFINITY ? -1 : static_cast<qint64>(value);
}

struct CgroupPids
{
    qint64 max = -1;
    qint64 current = -1;
    QString file;
};

// The pids controller's limit for this process: the smallest pids.max from its cgroup up to the hierarchy's root,
// since a parent's limit binds every child. Looks at the v2 unified hierarchy first (mounted at /sys/fs/cgroup, or at
// /sys/fs/cgroup/unified on hybrid systems), then at the v1 pids hierarchy.
CgroupPids readCgroupPids()
{
    QFile file(QStringLiteral("/proc/self/cgroup"));
    if (!file.open(QIODevice::ReadOnly | QIODevice::Text))
        return {};
    QList<std::pair<QString, QString>> candidates; // (mount point, path of our cgroup inside it)
    QList<std::pair<QString, QString>> v1Candidates;
    const QList<QByteArray> lines = file.readAll().split('\n');
    for (const QByteArray& line : lines) {
        const QList<QByteArray> parts = line.split(':');
        if (parts.size() < 3)
            continue;
        const QString path = QString::fromUtf8(line.mid(parts[0].size() + parts[1].size() + 2)).trimmed();
        if (parts[0] == "0" && parts[1].isEmpty()) {
            candidates.append({ QStringLiteral("/sys/fs/cgroup"), path });
            candidates.append({ QStringLiteral("/sys/fs/cgroup/unified"), path });
        } else if (parts[1].split(',').contains("pids")) {
            v1Candidates.append({ QStringLiteral("/sys/fs/cgroup/pids"), path });
        }
    }
    candidates.append(v1Candidates);

    for (const auto& [mount, path] : std::as_const(candidates)) {
        // In a cgroup namespace the path may not exist under the mount, which then is our own cgroup.
        QString relative = QFileInfo::exists(mount + path) ? path : QStringLiteral("/");
        CgroupPids result;
        bool found = false;
        while (true) {
            const QString dir = QDir::cleanPath(mount + relative);
            if (const auto max = readLimit(dir + QStringLiteral("/pids.max"))) {
                if (!found) {
                    result.current = readLimit(dir + QStringLiteral("/pids.current")).value_or(-1);
                    result.file = dir + QStringLiteral("/pids.max");
                    found = true;
                }
                if (*max >= 0 && (result.max < 0 || *max < result.max)) {
                    result.max = *max;
                    result.file = dir + QStringLiteral("/pids.max");
                }
            }
            if (relative == u"/" || relative.isEmpty())
                break;
            relative = QFileInfo(relative).path();
        }
        if (found)
            return result;
    }
    return {};
}

QString cpuModelName()
{
    QFile file(QStringLiteral("/proc/cpuinfo"));
    if (file.open(QIODevice::ReadOnly | QIODevice::Text)) {
        // x86 says "model name"; many ARM kernels only "Hardware" or "Processor".
        const QByteArray keys[] = { "model name", "Hardware", "Processor", "cpu model" };
        const QList<QByteArray> lines = file.readAll().split('\n');
        for (const QByteArray& key : keys) {
            for (const QByteArray& line : lines) {
                const qsizetype colon = line.indexOf(':');
                if (colon > 0 && line.left(colon).trimmed() == key)
                    return QString::fromUtf8(line.mid(colon + 1).trimmed());
            }
        }
    }
    return QSysInfo::currentCpuArchitecture();
}

QString kernelName()
{
    utsname name {};
    if (uname(&name) != 0)
        return QSysInfo::kernelType() + u' ' + QSysInfo::kernelVersion();
    return QString::fromLocal8Bit(name.sysname) + u' ' + QString::fromLocal8Bit(name.release);
}

struct Ceiling
{
    qint64 value = -1;
    QString source;
};

void lower(Ceiling& ceiling, qint64 value, const QString& source)
{
    if (value >= 0 && (ceiling.value < 0 || value < ceiling.value))
        ceiling = { value, source };
}

Ceiling taskCeiling(const ProcessLimits& limits)
{
    Ceiling ceiling;
    lower(ceiling, limits.threadsMax, threadsMaxSource);
    lower(ceiling, limits.pidMax, pidMaxSource);
    lower(ceiling, limits.cgroupPidsMax, cgroupSource(limits));
    if (limits.nprocEnforced)
        lower(ceiling, limits.nprocSoft, nprocSoftSource);
    return ceiling;
}

Ceiling threadsPerProcess(const ProcessLimits& limits)
{
    Ceiling ceiling = taskCeiling(limits);
    if (limits.maxMapCount >= 0)
        lower(ceiling, limits.maxMapCount / 2, maxMapCountSource + QStringLiteral(" / 2"));
    return ceiling;
}

QString limitText(qint64 value, const QString& unlimited)
{
    return value < 0 ? unlimited : QString::number(value);
}

qint64 integerOr(const QJsonObject& object, QLatin1String key, qint64 fallback)
{
    const QJsonValue value = object.value(key);
    return value.isDouble() ? value.toInteger(fallback) : fallback;
}
} // namespace

qint64 ProcessLimits::effectiveThreadCeiling() const
{
    return taskCeiling(*this).value;
}

qint64 ProcessLimits::kernelTaskCeiling() const
{
    Ceiling ceiling;
    lower(ceiling, threadsMax, threadsMaxSource);
    lower(ceiling, pidMax, pidMaxSource);
    return ceiling.value;
}

qint64 ProcessLimits::threadsPerProcessCeiling() const
{
    return threadsPerProcess(*this).value;
}

int currentThreadCount()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (status.open(QIODevice::ReadOnly)) {
        for (const QByteArray& line : status.readAll().split('\n')) {
            if (line.startsWith("Threads:"))
                return std::max(1, line.mid(8).trimmed().toInt());
        }
    }
    return 1;
}

ProcessLimits currentProcessLimits()
{
    ProcessLimits limits;
    rlimit nproc {};
    if (getrlimit(RLIMIT_NPROC, &nproc) == 0) {
        limits.nprocSoft = rlimitValue(nproc.rlim_cur);
        limits.nprocHard = rlimitValue(nproc.rlim_max);
    }
    limits.threadsMax = readLimit(QStringLiteral("/proc/sys/kernel/threads-max")).value_or(-1);
    limits.pidMax = readLimit(QStringLiteral("/proc/sys/kernel/pid_max")).value_or(-1);
    limits.maxMapCount = readLimit(QStringLiteral("/proc/sys/vm/max_map_count")).value_or(-1);
    const CgroupPids pids = readCgroupPids();
    limits.cgroupPidsMax = pids.max;
    limits.cgroupPidsCurrent = pids.current;
    limits.cgroupPidsFile = pids.file;
    // The kernel skips the RLIMIT_NPROC check for root (CAP_SYS_RESOURCE / CAP_SYS_ADMIN).
    limits.nprocEnforced = geteuid() != 0;
    return limits;
}

MachineInfo currentMachine()
{
    MachineInfo machine;
    machine.cores = QThread::idealThreadCount();
    machine.kernel = kernelName();
    machine.cpuModel = cpuModelName();
    machine.hostname = QSysInfo::machineHostName();
    machine.limits = currentProcessLimits();
    return machine;
}

QJsonObject machineToJson(const MachineInfo& machine)
{
    const ProcessLimits& limits = machine.limits;
    const QJsonObject limitsObject {
        { QLatin1String("nproc_soft"), limits.nprocSoft },
        { QLatin1String("nproc_hard"), limits.nprocHard },
        { QLatin1String("threads_max"), limits.threadsMax },
        { QLatin1String("pid_max"), limits.pidMax },
        { QLatin1String("cgroup_pids_max"), limits.cgroupPidsMax },
        { QLatin1String("cgroup_pids_current"), limits.cgroupPidsCurrent },
        { QLatin1String("cgroup_pids_file"), limits.cgroupPidsFile },
        { QLatin1String("max_map_count"), limits.maxMapCount },
        { QLatin1String("nproc_enforced"), limits.nprocEnforced },
    };
    QJsonObject object {
        { QLatin1String("cores"), machine.cores },
        { QLatin1String("kernel"), machine.kernel },
        { QLatin1String("cpu_model"), machine.cpuModel },
        { QLatin1String("hostname"), machine.hostname },
        { QLatin1String("limits"), limitsObject },
    };
    if (!machine.pythonVersion.isEmpty())
        object.insert(QLatin1String("python_version"), machine.pythonVersion);
    return object;
}

MachineInfo machineFromJson(const QJsonObject& object)
{
    MachineInfo machine;
    machine.cores = static_cast<int>(integerOr(object, QLatin1String("cores"), 0));
    machine.kernel = object.value(QLatin1String("kernel")).toString();
    machine.cpuModel = object.value(QLatin1String("cpu_model")).toString();
    machine.hostname = object.value(QLatin1String("hostname")).toString();
    machine.pythonVersion = object.value(QLatin1String("python_version")).toString();
    const QJsonObject limitsObject = object.value(QLatin1String("limits")).toObject();
    ProcessLimits& limits = machine.limits;
    limits.nprocSoft = integerOr(limitsObject, QLatin1String("nproc_soft"), -1);
    limits.nprocHard = integerOr(limitsObject, QLatin1String("nproc_hard"), -1);
    limits.threadsMax = integerOr(limitsObject, QLatin1String("threads_max"), -1);
    limits.pidMax = integerOr(limitsObject, QLatin1String("pid_max"), -1);
    limits.cgroupPidsMax = integerOr(limitsObject, QLatin1String("cgroup_pids_max"), -1);
    limits.cgroupPidsCurrent = integerOr(limitsObject, QLatin1String("cgroup_pids_current"), -1);
    limits.cgroupPidsFile = limitsObject.value(QLatin1String("cgroup_pids_file")).toString();
    limits.maxMapCount = integerOr(limitsObject, QLatin1String("max_map_count"), -1);
    limits.nprocEnforced = limitsObject.value(QLatin1String("nproc_enforced")).toBool(true);
    return machine;
}

QString limitsToText(const MachineInfo& machine)
{
    const ProcessLimits& limits = machine.limits;
    struct Row
    {
        QString source;
        QString value;
        QString note;
    };
    const QString unknown = QStringLiteral("unknown");
    QString nprocNote = QStringLiteral("per user, threads included");
    if (!limits.nprocEnforced)
        nprocNote += QStringLiteral("; not enforced: running as root (uid 0), which ulimit -u does not bind");
    QString cgroupNote;
    if (limits.cgroupPidsFile.isEmpty())
        cgroupNote = QStringLiteral("no pids controller limits this process's cgroup");
    else if (limits.cgroupPidsCurrent >= 0)
        cgroupNote = QStringLiteral("this process's cgroup; %1 in it now")
                         .arg(countOf(limits.cgroupPidsCurrent, QStringLiteral("task"), QStringLiteral("tasks")));
    else
        cgroupNote = QStringLiteral("this process's cgroup");
    const QList<Row> rows = {
        { nprocSoftSource, limitText(limits.nprocSoft, QStringLiteral("unlimited")), nprocNote },
        { nprocHardSource, limitText(limits.nprocHard, QStringLiteral("unlimited")),
            QStringLiteral("the most a user may raise the soft limit to") },
        { threadsMaxSource, limitText(limits.threadsMax, unknown), QStringLiteral("system-wide") },
        { pidMaxSource, limitText(limits.pidMax, unknown), QStringLiteral("system-wide; every task takes a PID") },
        { cgroupSource(limits),
            limitText(
                limits.cgroupPidsMax, limits.cgroupPidsFile.isEmpty() ? QStringLiteral("none") : QStringLiteral("max")),
            cgroupNote },
        { maxMapCountSource, limitText(limits.maxMapCount, unknown),
            QStringLiteral("memory mappings per process; each thread's stack takes two") },
    };
    qsizetype sourceWidth = 0;
    qsizetype valueWidth = 0;
    for (const Row& row : rows) {
        sourceWidth = std::max(sourceWidth, row.source.size());
        valueWidth = std::max(valueWidth, row.value.size());
    }

    QString text = QStringLiteral("Machine: %1, %2, %3\n")
                       .arg(machine.hostname.isEmpty() ? unknown : machine.hostname)
                       .arg(countOf(machine.cores, QStringLiteral("core"), QStringLiteral("cores")))
                       .arg(machine.kernel);
    text
        += QStringLiteral("Linux counts every thread and every process as one task; these limits bound the tasks:\n\n");
    for (const Row& row : rows) {
        text += QStringLiteral("  %1  %2  %3\n")
                    .arg(row.source.leftJustified(sourceWidth), row.value.rightJustified(valueWidth), row.note);
    }

    const auto describe = [&](const Ceiling& ceiling) {
        return ceiling.value < 0 ? QStringLiteral("unknown (no limit could be read)")
                                 : QStringLiteral("%1, set by %2").arg(ceiling.value).arg(ceiling.source);
    };
    text += QStringLiteral("\nEffective ceiling for processes (threads of all processes included): %1\n")
                .arg(describe(taskCeiling(limits)));
    text += QStringLiteral("Effective ceiling for threads in one process: %1\n")
                .arg(describe(threadsPerProcess(limits)));
    text += QStringLiteral("Both are totals: tasks that already exist, from other programs too, count against them.\n");
    if (!limits.nprocEnforced)
        text += QStringLiteral("Running as root: ulimit -u does not apply; run as a normal user to be bound by it.\n");
    return text;
}
