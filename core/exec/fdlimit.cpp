#include "fdlimit.h"

#include <cstdio>
#include <dirent.h>

namespace {
bool applyFdLimit(const FdLimit& limit)
{
    const rlimit value { limit.soft, limit.hard };
    return setrlimit(RLIMIT_NOFILE, &value) == 0;
}

// The most descriptors a process may have (fs.nr_open), or 0 if it cannot be read.
rlim_t kernelFdCeiling()
{
    FILE* file = std::fopen("/proc/sys/fs/nr_open", "re");
    if (!file)
        return 0;
    unsigned long long ceiling = 0;
    if (std::fscanf(file, "%llu", &ceiling) != 1)
        ceiling = 0;
    std::fclose(file);
    return rlim_t(ceiling);
}

std::string raisedText(const FdLimit& before, const FdLimit& after)
{
    return "raised the open-file limit from " + std::to_string(before.soft) + " to " + std::to_string(after.soft)
        + " for this run";
}
} // namespace

FdLimit currentFdLimit()
{
    rlimit value {};
    getrlimit(RLIMIT_NOFILE, &value);
    return { value.rlim_cur, value.rlim_max };
}

size_t openFdCount()
{
    DIR* directory = opendir("/proc/self/fd");
    if (!directory)
        return 0;
    size_t count = 0;
    while (const dirent* entry = readdir(directory)) {
        if (entry->d_name[0] != '.')
            ++count;
    }
    closedir(directory);
    // The directory stream holds a descriptor of its own while we count.
    return count > 0 ? count - 1 : 0;
}

FdLimitChange raiseFdLimitFor(size_t needed)
{
    FdLimitChange change;
    change.before = currentFdLimit();
    change.after = change.before;
    change.needed = needed + openFdCount();
    if (change.before.soft >= change.needed) {
        change.enough = true;
        return change;
    }
    if (change.before.hard < change.needed) {
        change.text = "open-file limit: needs " + std::to_string(change.needed) + " open files; the hard limit is "
            + std::to_string(change.before.hard) + " (ulimit -Hn)";
        return change;
    }
    const FdLimit raised { change.before.hard, change.before.hard };
    if (!applyFdLimit(raised)) {
        change.text = "needs " + std::to_string(change.needed) + " open files; the open-file limit "
            + std::to_string(change.before.soft) + " (ulimit -n) could not be raised";
        return change;
    }
    change.after = currentFdLimit();
    change.enough = change.after.soft >= change.needed;
    change.text = raisedText(change.before, change.after);
    return change;
}

FdLimitChange raiseFdLimitToMaximum(bool alsoHard)
{
    FdLimitChange change;
    change.before = currentFdLimit();
    change.needed = openFdCount();
    const rlim_t ceiling = alsoHard ? kernelFdCeiling() : 0;
    // Raising the hard limit is refused (EPERM) without the privilege; the soft limit up to the hard one is not.
    const bool hardRaised = ceiling > change.before.hard && applyFdLimit({ ceiling, ceiling });
    if (!hardRaised)
        applyFdLimit({ change.before.hard, change.before.hard });
    change.after = currentFdLimit();
    change.enough = true;
    if (change.raised())
        change.text = raisedText(change.before, change.after);
    return change;
}
