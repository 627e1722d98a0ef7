#include "resourceusage.h"

#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

bool resetPeakResidentMemory()
{
    const int fd = ::open("/proc/self/clear_refs", O_WRONLY | O_CLOEXEC);
    if (fd < 0)
        return false;
    const bool written = ::write(fd, "5", 1) == 1;
    ::close(fd);
    return written;
}

namespace {
// /proc/<pid>/status is a few KiB; its VmHWM line reads "VmHWM:\t   12345 kB".
int64_t peakFromStatus(const char* path)
{
    const int fd = ::open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    char buffer[8192];
    const ssize_t got = ::read(fd, buffer, sizeof buffer - 1);
    ::close(fd);
    if (got <= 0)
        return -1;
    buffer[got] = '\0';
    const char* line = std::strstr(buffer, "\nVmHWM:");
    long long kib = -1;
    if (!line || std::sscanf(line + 7, "%lld", &kib) != 1)
        return -1;
    return kib;
}
} // namespace

int64_t peakResidentMemoryKiB()
{
    return peakFromStatus("/proc/self/status");
}

int64_t peakResidentMemoryKiBOf(int pid)
{
    char path[64];
    std::snprintf(path, sizeof path, "/proc/%d/status", pid);
    return peakFromStatus(path);
}
