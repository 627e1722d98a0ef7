#pragma once

#include <QJsonObject>
#include <QString>

// The limits Linux puts on how many tasks (threads and processes alike: the kernel counts each thread as one task
// with its own PID) can exist. They decide where the threads and blended strategies start to be refused.
// Every count is -1 when the limit is "unlimited" or could not be read.
struct ProcessLimits
{
    qint64 nprocSoft = -1; // RLIMIT_NPROC (ulimit -u): tasks of this user, threads included
    qint64 nprocHard = -1;
    qint64 threadsMax = -1; // /proc/sys/kernel/threads-max: tasks system-wide
    qint64 pidMax = -1; // /proc/sys/kernel/pid_max: every task takes a PID below this
    qint64 cgroupPidsMax = -1; // pids.max of this process's cgroup (the smallest along its ancestors); -1 = "max"
    qint64 cgroupPidsCurrent = -1; // pids.current of that cgroup: tasks already counted against cgroupPidsMax
    QString cgroupPidsFile; // the pids.max file cgroupPidsMax was read from; empty when there is none
    qint64 maxMapCount = -1; // /proc/sys/vm/max_map_count: memory mappings per process; each thread stack takes two
    bool nprocEnforced = true; // false when running as root (uid 0), which RLIMIT_NPROC does not bind

    // The smallest of the enforced task limits: how many threads plus processes can exist at most. -1 if none known.
    qint64 effectiveThreadCeiling() const;
    // The kernel's own ceiling, the smaller of threads-max and pid_max: no user or cgroup setting lifts it, so a run
    // needing more tasks at once can never start. -1 if neither is known.
    qint64 kernelTaskCeiling() const;
    // Threads in one process are also bound by max_map_count (a stack and its guard page per thread).
    qint64 threadsPerProcessCeiling() const;

    bool operator==(const ProcessLimits&) const = default;
};

struct MachineInfo
{
    int cores = 0; // QThread::idealThreadCount()
    QString kernel; // uname -sr
    QString cpuModel;
    QString hostname;
    QString pythonVersion; // CPython's, when the runs include the python runtime (findPython()); empty otherwise
    ProcessLimits limits;

    bool operator==(const MachineInfo&) const = default;
};

MachineInfo currentMachine();
ProcessLimits currentProcessLimits();
// Threads of this process now (/proc/self/status); they count against the same limits as the ones a run starts.
int currentThreadCount();

// {"cores","kernel","cpu_model","hostname","python_version" (when
// known),"limits":{"nproc_soft","nproc_hard","threads_max","pid_max",
// "cgroup_pids_max","cgroup_pids_current","cgroup_pids_file","max_map_count","nproc_enforced"}}.
// machineFromJson() takes what it finds and leaves missing or mistyped keys at their defaults.
QJsonObject machineToJson(const MachineInfo& machine);
MachineInfo machineFromJson(const QJsonObject& object);

// The text of `conlab limits`: each limit, where it comes from, and which one is the effective ceiling.
QString limitsToText(const MachineInfo& machine);
