#include "runjournal.h"

#include "fileio.h"
#include "formatcommon.h"
#include "inputquote.h"
#include "wording.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <limits>
#include <sys/stat.h>
#include <unistd.h>

namespace {
void setError(QString* error, const QString& message)
{
    if (error)
        *error = message;
}

QString errnoText(int error)
{
    return QString::fromLocal8Bit(strerror(error));
}

QByteArray readSmallFile(const QString& path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.read(4096) : QByteArray();
}

QString currentBootId()
{
    return QString::fromLatin1(readSmallFile(QStringLiteral("/proc/sys/kernel/random/boot_id")).trimmed());
}

// Field 3 (state) and field 22 (start time in clock ticks after boot) of /proc/PID/stat; nullopt if no such process.
struct ProcessStat
{
    char state = '?';
    qint64 startTicks = 0;
};

std::optional<ProcessStat> processStat(qint64 pid)
{
    const QByteArray line = readSmallFile(QStringLiteral("/proc/%1/stat").arg(pid));
    // "pid (comm) state ppid ...": comm may hold spaces and parentheses, so count from the last ')'.
    const qsizetype close = line.lastIndexOf(')');
    if (close < 0)
        return std::nullopt;
    const QList<QByteArray> fields = line.mid(close + 2).split(' ');
    if (fields.size() < 20 || fields.at(0).isEmpty())
        return std::nullopt;
    return ProcessStat { fields.at(0).at(0), fields.at(19).toLongLong() };
}

// Writes all of `data` to `fd`; 0 or the errno that stopped it.
int writeAll(int fd, const char* data, qsizetype size)
{
    while (size > 0) {
        const ssize_t written = ::write(fd, data, size_t(size));
        if (written < 0 && errno == EINTR)
            continue;
        if (written < 0)
            return errno;
        if (written == 0)
            return EIO;
        data += written;
        size -= written;
    }
    return 0;
}

// A new file's name is only durable once its directory is synced.
void syncDirectory(const QString& directory)
{
    const int fd = ::open(QFile::encodeName(directory).constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return;
    ::fsync(fd);
    ::close(fd);
}

constexpr QLatin1String archivedSuffix(".restored.jsonl");

// Reads what list() needs from one journal: its header, how many lines it has, and whether the last is an end line.
JournalInfo inspect(const QFileInfo& file)
{
    JournalInfo info;
    info.path = file.filePath();
    info.modified = file.lastModified();
    info.sizeBytes = file.size();
    info.archived = file.fileName().endsWith(archivedSuffix);
    QFile journal(info.path);
    if (!journal.open(QIODevice::ReadOnly)) {
        info.problem = QStringLiteral("%1: cannot read: %2").arg(quotedPath(info.path), journal.errorString());
        return info;
    }
    const QByteArray header = journal.readLine(1 << 20);
    if (!header.endsWith('\n')) {
        info.problem = QStringLiteral("%1: no complete header line").arg(quotedPath(info.path));
        return info;
    }
    info.hasCompleteLine = true;
    QString error;
    const auto contents = parseJournal(header, info.path, &error);
    if (!contents) {
        info.problem = error;
        return info;
    }
    info.metadata = contents->set.metadata;
    info.writer = contents->writer;
    info.plannedRuns = contents->plannedRuns;
    info.writerAlive = RunJournal::isAlive(info.writer);

    // An ended journal says how many runs it holds in its end line, the last; only others are read through.
    const qint64 headerSize = journal.pos();
    const qint64 tailSize = std::min<qint64>(4096, info.sizeBytes - headerSize);
    if (tailSize > 0 && journal.seek(info.sizeBytes - tailSize)) {
        const QByteArray tail = journal.read(tailSize);
        if (tail.endsWith('\n')) {
            const QByteArray last = tail.left(tail.size() - 1).mid(tail.lastIndexOf('\n', tail.size() - 2) + 1);
            const ResultFormat::JournalEndSaid end = ResultFormat::journalEndSaid(last);
            info.end = end.end;
            info.runs = end.runs;
        }
    }
    if (info.end != JournalEnd::None && info.runs >= 0)
        return info;
    // Count the complete lines after the header: the runs, and the end line if there is one.
    journal.seek(headerSize);
    qint64 lines = 0;
    while (!journal.atEnd()) {
        const QByteArray chunk = journal.read(1 << 20);
        if (chunk.isEmpty())
            break;
        lines += chunk.count('\n');
    }
    if (info.end != JournalEnd::None)
        --lines;
    info.runs = int(std::clamp<qint64>(lines, 0, std::numeric_limits<int>::max()));
    return info;
}
} // namespace

RunJournal::RunJournal(QObject* parent)
    : QObject(parent)
{ }

RunJournal::~RunJournal()
{
    std::lock_guard lock(m_mutex);
    closeLocked();
}

QString RunJournal::defaultDirectory()
{
    // The XDG Base Directory specification: a relative XDG_STATE_HOME is invalid and is ignored.
    QString state = qEnvironmentVariable("XDG_STATE_HOME");
    if (state.isEmpty() || QDir::isRelativePath(state))
        state = QDir::homePath() + QStringLiteral("/.local/state");
    return state + QStringLiteral("/conlab/journal");
}

bool RunJournal::open(const QString& path, const ResultMetadata& metadata, int plannedRuns, QString* error)
{
    std::lock_guard lock(m_mutex);
    closeLocked();
    m_path.clear();
    m_failure.clear();
    m_runs = 0;
    m_goodSize = 0;

    const QFileInfo file(path);
    if (!QDir().mkpath(file.absolutePath())) {
        setError(error,
            QStringLiteral("%1: cannot create the directory %2")
                .arg(quotedPath(path), quotedPath(file.absolutePath())));
        return false;
    }
    const int fd
        = ::open(QFile::encodeName(path).constData(), O_WRONLY | O_CREAT | O_EXCL | O_APPEND | O_CLOEXEC, 0644);
    if (fd < 0) {
        const int reason = errno;
        setError(error,
            reason == EEXIST
                ? QStringLiteral("%1: exists already; a journal is never overwritten").arg(quotedPath(path))
                : QStringLiteral("%1: cannot create: %2").arg(quotedPath(path), errnoText(reason)));
        return false;
    }
    const QByteArray header = journalHeaderLine(metadata, currentWriter(), plannedRuns);
    int reason = writeAll(fd, header.constData(), header.size());
    if (reason == 0 && ::fdatasync(fd) != 0)
        reason = errno;
    if (reason != 0) {
        ::close(fd);
        ::unlink(QFile::encodeName(path).constData());
        setError(error, QStringLiteral("%1: cannot write: %2").arg(quotedPath(path), errnoText(reason)));
        return false;
    }
    syncDirectory(file.absolutePath());
    m_fd = fd;
    m_path = path;
    m_goodSize = header.size();
    return true;
}

bool RunJournal::openNew(const ResultMetadata& metadata, int plannedRuns, QString* error, const QString& directory)
{
    const QString stem = QStringLiteral("%1/sweep-%2-%3")
                             .arg(directory, QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss")))
                             .arg(::getpid());
    // A second sweep of the same process within the same second gets -2, -3, ...
    for (int attempt = 1; attempt < 1000; ++attempt) {
        const QString path
            = attempt == 1 ? stem + QStringLiteral(".jsonl") : QStringLiteral("%1-%2.jsonl").arg(stem).arg(attempt);
        if (open(path, metadata, plannedRuns, error)) {
            prune(directory);
            return true;
        }
        if (!QFileInfo::exists(path))
            return false; // a real failure; a name that exists was taken, maybe meanwhile: try the next
    }
    setError(error, QStringLiteral("%1: no free journal name").arg(stem));
    return false;
}

bool RunJournal::append(const RunResult& run)
{
    const QByteArray line = journalRunLine(run); // outside the lock: a run with many traces takes a while
    QString failure;
    {
        std::lock_guard lock(m_mutex);
        if (m_fd < 0 || !m_failure.isEmpty())
            return false;
        if (writeLocked(line, QStringLiteral("run %1").arg(m_runs + 1), &failure))
            ++m_runs;
    }
    if (!failure.isEmpty()) {
        emit writeFailed(failure);
        return false;
    }
    return true;
}

bool RunJournal::finish(JournalEnd end)
{
    QString failure;
    bool written = false;
    {
        std::lock_guard lock(m_mutex);
        if (m_fd < 0)
            return false;
        if (m_failure.isEmpty())
            written = writeLocked(journalEndLine(end, m_runs), QStringLiteral("the end line"), &failure);
        closeLocked();
    }
    if (!failure.isEmpty())
        emit writeFailed(failure);
    return written;
}

bool RunJournal::writeLocked(const QByteArray& line, const QString& what, QString* failure)
{
    int reason = writeAll(m_fd, line.constData(), line.size());
    if (reason == 0 && ::fdatasync(m_fd) != 0)
        reason = errno;
    if (reason == 0) {
        m_goodSize += line.size();
        return true;
    }
    // Cut off whatever part of the line got out, so that the file still ends with a complete line and reads as a
    // journal whose runs are those before the failure.
    if (::ftruncate(m_fd, m_goodSize) == 0)
        ::fdatasync(m_fd);
    m_failure = QStringLiteral("journal %1: cannot write %2: %3; the sweep goes on without its journal, which keeps "
                               "the %4 before")
                    .arg(quotedPath(m_path), what, errnoText(reason))
                    .arg(countOf(m_runs, QStringLiteral("run"), QStringLiteral("runs")));
    *failure = m_failure;
    return false;
}

void RunJournal::closeLocked()
{
    if (m_fd >= 0)
        ::close(m_fd);
    m_fd = -1;
}

bool RunJournal::isOpen() const
{
    std::lock_guard lock(m_mutex);
    return m_fd >= 0;
}

QString RunJournal::path() const
{
    std::lock_guard lock(m_mutex);
    return m_path;
}

int RunJournal::runsWritten() const
{
    std::lock_guard lock(m_mutex);
    return m_runs;
}

QString RunJournal::failure() const
{
    std::lock_guard lock(m_mutex);
    return m_failure;
}

JournalWriterId RunJournal::currentWriter()
{
    const qint64 pid = ::getpid();
    const auto stat = processStat(pid);
    return { pid, stat ? stat->startTicks : 0, currentBootId() };
}

bool RunJournal::isAlive(const JournalWriterId& writer)
{
    if (writer.pid <= 0)
        return false;
    if (!writer.bootId.isEmpty() && writer.bootId != currentBootId())
        return false; // written before the last boot
    const auto stat = processStat(writer.pid);
    if (!stat || stat->state == 'Z' || stat->state == 'X')
        return false;
    return writer.startTicks == 0 || stat->startTicks == writer.startTicks;
}

QList<JournalInfo> RunJournal::list(const QString& directory)
{
    QList<JournalInfo> journals;
    const QFileInfoList files
        = QDir(directory).entryInfoList({ QStringLiteral("*.jsonl") }, QDir::Files | QDir::Hidden, QDir::Time);
    for (const QFileInfo& file : files)
        journals.append(inspect(file));
    return journals;
}

QList<JournalInfo> RunJournal::interrupted(const QString& directory)
{
    QList<JournalInfo> journals = list(directory);
    journals.removeIf([](const JournalInfo& info) { return !info.isInterrupted(); });
    return journals;
}

std::optional<JournalContents> RunJournal::load(const QString& path, QString* error, const ReadProgress& progress)
{
    const std::optional<QByteArray> data = readWholeFile(path, error);
    return data ? parseJournal(*data, path, error, progress) : std::nullopt;
}

bool RunJournal::discard(const QString& path, QString* error)
{
    QFile file(path);
    if (!file.remove()) {
        setError(error, QStringLiteral("%1: cannot delete: %2").arg(path, file.errorString()));
        return false;
    }
    return true;
}

bool RunJournal::archive(const QString& path, QString* archivedPath, QString* error)
{
    if (path.endsWith(archivedSuffix)) {
        if (archivedPath)
            *archivedPath = path;
        return true;
    }
    const QString stem = path.endsWith(QStringLiteral(".jsonl")) ? path.chopped(6) : path;
    const QString target = stem + archivedSuffix;
    // rename() rather than QFile::rename(), which copies when it cannot rename and replaces nothing.
    if (::rename(QFile::encodeName(path).constData(), QFile::encodeName(target).constData()) != 0) {
        setError(error, QStringLiteral("%1: cannot rename to %2: %3").arg(path, target, errnoText(errno)));
        return false;
    }
    if (archivedPath)
        *archivedPath = target;
    return true;
}

int RunJournal::prune(const QString& directory, int keepFinished)
{
    int deleted = 0;
    int finishedKept = 0;
    const QDateTime aMinuteAgo = QDateTime::currentDateTime().addSecs(-60);
    for (const JournalInfo& info : list(directory)) { // newest first
        bool remove = false;
        if (!info.problem.isEmpty()) {
            // Not a single complete line, so no run in it: a writer killed while creating the file, or one creating
            // it now. A header this version cannot read (a newer conlab's, say) is left alone: its runs may matter.
            remove = !info.hasCompleteLine && info.modified < aMinuteAgo;
        } else if (info.end != JournalEnd::None || info.archived) {
            remove = ++finishedKept > keepFinished;
        } else if (!info.writerAlive && info.runs == 0) {
            remove = true;
        }
        if (remove && QFile::remove(info.path))
            ++deleted;
    }
    return deleted;
}
