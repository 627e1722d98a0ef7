#pragma once

#include <cstddef>
#include <string>
#include <sys/resource.h>

// The open-file limit (RLIMIT_NOFILE) of this process. A run of many connections needs a descriptor for each; the
// default soft limit (1024 on most systems) is far below what the hard limit allows, so the tool raises it for a run
// that needs more, and says so, rather than failing at the 1,021st connection.
struct FdLimit
{
    rlim_t soft = 0;
    rlim_t hard = 0;
};

struct FdLimitChange
{
    FdLimit before;
    FdLimit after;
    // The descriptors the caller asked for plus those already open: what the soft limit must reach.
    size_t needed = 0;
    bool enough = false;
    // One line for the user: what was raised, or which limit refuses. Empty when the limit already sufficed.
    std::string text;

    bool raised() const { return after.soft != before.soft || after.hard != before.hard; }
};

FdLimit currentFdLimit();

// The descriptors this process has open now (the entries of /proc/self/fd).
size_t openFdCount();

// Makes room for `needed` more descriptors: raises the soft limit to the hard limit when the soft limit is below
// `needed` plus those already open. Beyond the hard limit it changes nothing and returns not enough, naming the limit.
FdLimitChange raiseFdLimitFor(size_t needed);

// Raises the soft limit to the hard limit, and with `alsoHard` the hard limit to the kernel's ceiling
// (/proc/sys/fs/nr_open) where the process may (root, or CAP_SYS_RESOURCE). For a process whose whole job is to hold
// connections, such as the latency server's own worker process.
FdLimitChange raiseFdLimitToMaximum(bool alsoHard);
