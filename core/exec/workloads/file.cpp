// The file workload: each task writes --bytes to a file of its own, optionally flushes it to the disk (--fsync), reads
// it back, checks every byte and removes it. Real I/O through the kernel's page cache (and the disk, with --fsync).

#include "canceltoken.h"
#include "oserror.h"
#include "workload.h"

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <string>
#include <sys/resource.h>
#include <unistd.h>
#include <vector>

namespace {
// Written and read in chunks of this size: large enough that the system calls do not dominate, small enough that ten
// thousand tasks at once hold 640 MiB at most.
constexpr size_t FileChunkBytes = 64 * 1024;

// The content of task `task`'s file: each 8-byte word depends on the task and its place, so a file read back from
// another task, or a word out of place, does not pass the check.
void fillChunk(uint64_t* words, size_t count, int task, uint64_t firstWord)
{
    const uint64_t key = (uint64_t(task) + 1) * 0x9E3779B97F4A7C15ULL;
    for (size_t i = 0; i < count; ++i)
        words[i] = key ^ ((firstWord + i) * 0xD1B54A32D192ED03ULL);
}

// A refusal names the limit that was met; anything else is a failure, naming the file.
TaskOutcome ioFailure(int error, const std::string& what, const std::string& path)
{
    switch (error) {
    case EMFILE:
        return TaskOutcome::refused("open-file limit: the OS refused a descriptor for " + path + " (EMFILE, "
            + softLimitText(RLIMIT_NOFILE, "ulimit -n") + ")");
    case ENFILE:
        return TaskOutcome::refused(
            "system-wide open-file limit (fs.file-max): the OS refused a descriptor for " + path + " (ENFILE)");
    case ENOSPC:
        return TaskOutcome::failed("disk full: " + what + " " + path + ": " + errnoDescription(error));
    case EDQUOT:
        return TaskOutcome::failed("disk quota exceeded: " + what + " " + path + ": " + errnoDescription(error));
    default:
        return TaskOutcome::failed(what + " " + path + ": " + errnoDescription(error));
    }
}

// The task's file: created and at once removed in the constructor, closed in the destructor. The task writes and
// reads it through its descriptor; removed from the start, it leaves nothing behind even when its process is killed
// (a worker process on a cancel), which a removal at the end would not survive.
class TaskFile
{
public:
    TaskFile(const std::string& dir, int task)
        : m_path(dir + "/conlab-file-" + std::to_string(task) + "-XXXXXX")
    {
        m_fd = mkostemp(m_path.data(), O_CLOEXEC);
        m_error = m_fd < 0 ? errno : 0;
        if (m_fd < 0)
            m_path = dir; // the file has no name: a message names the directory
        else
            ::unlink(m_path.c_str());
    }
    ~TaskFile()
    {
        if (m_fd >= 0)
            ::close(m_fd);
    }
    TaskFile(const TaskFile&) = delete;
    TaskFile& operator=(const TaskFile&) = delete;

    int fd() const { return m_fd; }
    int openError() const { return m_error; }
    const std::string& path() const { return m_path; }

private:
    std::string m_path;
    int m_fd = -1;
    int m_error = 0;
};

class FileWorkload final : public Workload
{
public:
    explicit FileWorkload(const WorkloadSettings& settings)
        : m_bytes(uint64_t(std::max<int64_t>(1, settings.bytes)))
        , m_fsync(settings.fsync)
        , m_dir(settings.dir.empty() ? defaultDirectory() : settings.dir)
    { }

    TaskOutcome runTask(int task, const CancelToken& cancel) const override
    {
        const TaskFile file(m_dir, task);
        if (file.fd() < 0)
            return ioFailure(file.openError(), "could not create a file in", file.path());
        std::vector<uint64_t> expected(FileChunkBytes / sizeof(uint64_t));
        std::vector<uint64_t> actual(expected.size());
        const auto chunkAt
            = [&](uint64_t offset) { return size_t(std::min<uint64_t>(FileChunkBytes, m_bytes - offset)); };

        for (uint64_t offset = 0; offset < m_bytes;) {
            if (cancel.isCancelled())
                return TaskOutcome::cancelled();
            const size_t size = chunkAt(offset);
            fillChunk(expected.data(), (size + 7) / 8, task, offset / 8);
            const ssize_t written = ::pwrite(file.fd(), expected.data(), size, off_t(offset));
            if (written < 0 && errno == EINTR)
                continue;
            if (written <= 0)
                return ioFailure(written < 0 ? errno : ENOSPC, "could not write", file.path());
            offset += uint64_t(written);
        }
        if (m_fsync && ::fsync(file.fd()) != 0)
            return ioFailure(errno, "could not flush (fsync)", file.path());

        for (uint64_t offset = 0; offset < m_bytes;) {
            if (cancel.isCancelled())
                return TaskOutcome::cancelled();
            const size_t size = chunkAt(offset);
            const ssize_t got = ::pread(file.fd(), actual.data(), size, off_t(offset));
            if (got < 0 && errno == EINTR)
                continue;
            if (got < 0)
                return ioFailure(errno, "could not read back", file.path());
            if (size_t(got) != size) {
                return TaskOutcome::failed("read back " + std::to_string(offset + uint64_t(got)) + " of "
                    + std::to_string(m_bytes) + " bytes of " + file.path());
            }
            fillChunk(expected.data(), (size + 7) / 8, task, offset / 8);
            if (std::memcmp(expected.data(), actual.data(), size) != 0)
                return TaskOutcome::failed("the bytes read back from " + file.path()
                    + " differ from those written, "
                      "in the 64 KiB from byte "
                    + std::to_string(offset));
            offset += size;
        }
        return TaskOutcome::done();
    }

private:
    static std::string defaultDirectory()
    {
        const char* tmp = std::getenv("TMPDIR");
        return tmp && *tmp ? std::string(tmp) : std::string("/tmp");
    }

    uint64_t m_bytes;
    bool m_fsync;
    std::string m_dir;
};
} // namespace

extern const WorkloadDescription fileWorkload {
    .kind = WorkloadKind::File,
    .name = "file",
    .label = "file write and read-back",
    .help = "each task writes --bytes to its own file, reads it back, checks and removes it",
    .readsTaskMs = false,
    .readsCpuCalibration = false,
    .computes = false,
    .needsLatencyServer = false,
    .descriptorsPerTask = 1,
    .blocksInSystemCalls = true,
    .articleBottleneck = "IO",
    .options = WorkloadOption::Bytes | WorkloadOption::Fsync | WorkloadOption::Dir,
    .make = [](const WorkloadSettings& settings) -> std::unique_ptr<Workload> {
        return std::make_unique<FileWorkload>(settings);
    },
};
