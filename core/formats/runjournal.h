#pragma once

#include "resultfile.h"

#include <QDateTime>
#include <QList>
#include <QObject>
#include <QString>
#include <mutex>
#include <optional>

// One journal file as found in a directory, read without loading its runs.
struct JournalInfo
{
    QString path;
    QString problem; // why the header could not be read; then only path, modified and sizeBytes are known
    bool hasCompleteLine = false; // the file holds at least one whole line (a header, readable or not)
    ResultMetadata metadata; // created, command, machine of the sweep
    JournalWriterId writer;
    int plannedRuns = 0; // 0: unknown
    int runs = 0; // complete run lines (an ended journal's end line says how many)
    JournalEnd end = JournalEnd::None;
    bool writerAlive = false; // the process that wrote it still runs (and may still be writing)
    bool archived = false; // renamed by RunJournal::archive()
    QDateTime modified;
    qint64 sizeBytes = 0;

    // A sweep that stopped without saying so, whose runs nobody has taken back yet: what an app offers to restore.
    bool isInterrupted() const
    {
        return problem.isEmpty() && end == JournalEnd::None && !writerAlive && !archived && runs > 0;
    }
};

// A crash-safe record of a sweep: a JSON Lines file (format in resultfile.h) to which every run is appended the
// moment it finishes, so that a sweep killed by SIGKILL, an out-of-memory kill or a power cut loses at most the run
// that was under way. readResultFile() loads a journal like any result file.
//
// Durability: each line goes out in one write() followed by fdatasync(), and open() also syncs the directory that
// holds the new file. When append() returns true the run is on the disk, not only in the kernel's cache: it survives
// the process being killed and the machine losing power. (On the 2-core VM this was measured on, a sync costs about
// 0.7 ms per run; it is paid between runs, outside the measured time.)
//
// Failures never stop a sweep. The first write that fails (full disk, I/O error, file size limit) cuts the file back
// to its last complete line, emits writeFailed() once, and makes later appends do nothing and return false: the
// journal then holds the runs before the failure and stays readable.
//
// Thread safety: every member may be called from any thread; a sweep appends from its background thread (the engine's
// JournalSink hands it each run there), so writeFailed() may be emitted there (queued to receivers in other threads, as
// usual).
class RunJournal : public QObject
{
    Q_OBJECT
public:
    static constexpr int DefaultKeepFinished = 20;

    explicit RunJournal(QObject* parent = nullptr);
    ~RunJournal() override; // closes an open journal without an end line: it then reads as interrupted

    // $XDG_STATE_HOME/conlab/journal, or ~/.local/state/conlab/journal when XDG_STATE_HOME is unset or relative.
    static QString defaultDirectory();

    // Starts a journal at exactly `path` (its directory is created if need be) and writes its header. Never
    // overwrites: fails if `path` exists. False with *error naming the path and the OS's reason. A journal still open
    // is closed first, without an end line.
    bool open(const QString& path, const ResultMetadata& metadata, int plannedRuns, QString* error);
    // Starts a journal under a new name in `directory` (sweep-YYYYMMDD-HHMMSS-PID.jsonl), then prunes the directory
    // (see prune()).
    bool openNew(
        const ResultMetadata& metadata, int plannedRuns, QString* error, const QString& directory = defaultDirectory());

    // Appends one finished run and syncs it to disk. False if it was not written: no journal is open, or this or an
    // earlier write failed (reported once by writeFailed()).
    bool append(const RunResult& run);
    // Writes the end line, syncs and closes. False if nothing was open or the journal had failed (the file is closed
    // all the same, and reads as interrupted).
    bool finish(JournalEnd end);

    bool isOpen() const;
    QString path() const; // the journal's file, also after finish(); empty before open()
    int runsWritten() const;
    QString failure() const; // the first write failure, in the words writeFailed() used; empty if none

    // This process, as a journal's header names its writer.
    static JournalWriterId currentWriter();
    // Whether `writer` is a process that still runs (the same pid, started at the same time, in this boot).
    static bool isAlive(const JournalWriterId& writer);

    // Every *.jsonl in `directory`, newest first. Reads each header, counts the lines and looks at the last one; the
    // runs are not parsed (load() does that).
    static QList<JournalInfo> list(const QString& directory = defaultDirectory());
    // The journals of list() that isInterrupted(): the app offers to restore these.
    static QList<JournalInfo> interrupted(const QString& directory = defaultDirectory());
    // Reads a journal with its runs; an incomplete last line is left out with a note in JournalContents::notes.
    // `progress` is told how far it got and may stop it, as readResultFile()'s.
    static std::optional<JournalContents> load(const QString& path, QString* error, const ReadProgress& progress = {});
    // Deletes a journal.
    static bool discard(const QString& path, QString* error);
    // Renames NAME.jsonl to NAME.restored.jsonl: no longer offered by interrupted(), still readable, and pruned like a
    // finished journal. *archivedPath receives the new name.
    static bool archive(const QString& path, QString* archivedPath, QString* error);
    // Keeps a directory of journals bounded: of the journals that ended (an end line) or were archived, the newest
    // `keepFinished` stay and older ones are deleted; so is a journal with no run whose writer is gone (it holds
    // nothing to restore). Interrupted journals with runs are never deleted here: only discard() or archive() and a
    // later prune remove them. Returns how many files were deleted.
    static int prune(const QString& directory = defaultDirectory(), int keepFinished = DefaultKeepFinished);

signals:
    // The first write that failed, once per journal: "journal PATH: cannot write run 7: No space left on device; ...".
    void writeFailed(const QString& message);

private:
    // With m_mutex held. False, with *failure set, if the line could not be written and synced.
    bool writeLocked(const QByteArray& line, const QString& what, QString* failure);
    void closeLocked();

    mutable std::mutex m_mutex;
    int m_fd = -1;
    QString m_path;
    qint64 m_goodSize = 0; // bytes up to the end of the last complete line
    int m_runs = 0;
    QString m_failure;
};
