// The journal's own guarantees: what it writes reads back, a torn or damaged line is named, interrupted journals are
// found, archived and pruned, a failing write is reported once, and the sweep runner journals each run before telling.

#include "journalsamples.h"
#include "runcompare.h"
#include "runjournal.h"
#include "sweeprunner.h"
#include "sweepsession.h"
#include "testspecs.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace {
// A journal as RunJournal writes it, with `runs` run lines, an end line unless None, written by `writer`.
QByteArray journalBytes(const JournalWriterId& writer, int runs, JournalEnd end)
{
    QByteArray data = journalHeaderLine(sampleMetadata(), writer, runs);
    for (int i = 1; i <= runs; ++i)
        data += journalRunLine(sampleRun(i, 3));
    if (end != JournalEnd::None)
        data += journalEndLine(end, runs);
    return data;
}

// A process that has ended: its pid names no live process.
JournalWriterId deadWriter()
{
    char program[] = "/bin/true";
    char* argv[] = { program, nullptr };
    pid_t pid = 0;
    if (posix_spawn(&pid, program, nullptr, nullptr, argv, environ) == 0)
        waitpid(pid, nullptr, 0);
    return { pid, 1, RunJournal::currentWriter().bootId };
}
} // namespace

class TestJournal : public QObject
{
    Q_OBJECT
private slots:
    void journalRoundTrip()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("sub/dir/sweep.jsonl"));
        RunJournal journal;
        QString error;
        QVERIFY2(journal.open(path, sampleMetadata(), 3, &error), qPrintable(error));
        QVERIFY(journal.isOpen());
        const QList<RunResult> runs = { sampleRun(1, 0), sampleRun(2, 1000), sampleRun(3, 5) };
        for (const RunResult& run : runs)
            QVERIFY(journal.append(run));
        QCOMPARE(journal.runsWritten(), 3);

        // While it is open the journal is complete up to its last run, and its writer (this process) is alive.
        const QList<JournalInfo> listed = RunJournal::list(dir.filePath(QStringLiteral("sub/dir")));
        QCOMPARE(listed.size(), 1);
        QCOMPARE(listed.first().runs, 3);
        QCOMPARE(listed.first().plannedRuns, 3);
        QVERIFY(listed.first().writerAlive);
        QVERIFY(!listed.first().isInterrupted());
        QCOMPARE(listed.first().metadata.command, sampleMetadata().command);

        QVERIFY(journal.finish(JournalEnd::Finished));
        QVERIFY(!journal.isOpen());
        QVERIFY(!journal.append(runs.first())); // closed
        QStringList notes;
        const auto set = readResultFile(path, &error, &notes);
        QVERIFY2(set, qPrintable(error));
        QVERIFY(notes.isEmpty());
        compareRuns(set->runs, runs);
        QCOMPARE(set->metadata.command, sampleMetadata().command);
        const auto contents = RunJournal::load(path, &error);
        QVERIFY2(contents, qPrintable(error));
        QCOMPARE(contents->end, JournalEnd::Finished);
        QCOMPARE(contents->writer.pid, qint64(::getpid()));
        const JournalInfo ended = RunJournal::list(dir.filePath(QStringLiteral("sub/dir"))).first();
        QCOMPARE(ended.end, JournalEnd::Finished);
        QCOMPARE(ended.runs, 3); // from the end line
        QVERIFY(!ended.isInterrupted());
    }

    void journalIsFoundByContentWhateverItsName()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("saved.log"));
        QVERIFY(writeBytes(path, journalBytes(RunJournal::currentWriter(), 2, JournalEnd::Cancelled)));
        QString error;
        const auto set = readResultFile(path, &error);
        QVERIFY2(set, qPrintable(error));
        QCOMPARE(set->runs.size(), 2);
    }

    void openNeverOverwrites()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("there.jsonl"));
        QVERIFY(writeBytes(path, "precious\n"));
        RunJournal journal;
        QString error;
        QVERIFY(!journal.open(path, sampleMetadata(), 1, &error));
        QCOMPARE(error, path + QStringLiteral(": exists already; a journal is never overwritten"));
        QCOMPARE(readAll(path), QByteArray("precious\n"));
        QVERIFY(!journal.append(sampleRun(1, 1)));

        // Two journals of one process within a second get two names.
        RunJournal first;
        RunJournal second;
        QVERIFY2(first.openNew(sampleMetadata(), 1, &error, dir.path()), qPrintable(error));
        QVERIFY2(second.openNew(sampleMetadata(), 1, &error, dir.path()), qPrintable(error));
        QVERIFY(first.path() != second.path());
        QVERIFY(first.path().endsWith(QStringLiteral("-%1.jsonl").arg(::getpid())));
    }

    void incompleteLastLineIsLeftOutWithANote_data()
    {
        QTest::addColumn<QByteArray>("tail");
        QTest::addColumn<QStringList>("expectedNotes"); // each after "FILE"
        const QByteArray half = journalRunLine(sampleRun(3, 40)).left(300);
        const QString torn = QStringLiteral(":4: the last line is incomplete (its writer was stopped while writing it) "
                                            "and was left out");
        const QString zeros
            = QStringLiteral(": %1 zero bytes at the end left out (the machine stopped while writing?)");
        QTest::addRow("half a run line") << half << QStringList { torn };
        QTest::addRow("half a line, then zeros (power loss)")
            << half + QByteArray(500, '\0') << QStringList { zeros.arg(500), torn };
        QTest::addRow("zeros after complete lines") << QByteArray(4096, '\0') << QStringList { zeros.arg(4096) };
        QTest::addRow("half an end line") << QByteArray("{\"end\": \"fini") << QStringList { torn };
    }

    void incompleteLastLineIsLeftOutWithANote()
    {
        QFETCH(QByteArray, tail);
        QFETCH(QStringList, expectedNotes);
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("killed.jsonl"));
        QVERIFY(writeBytes(path, journalBytes(RunJournal::currentWriter(), 2, JournalEnd::None) + tail));
        QString error;
        QStringList notes;
        const auto set = readResultFile(path, &error, &notes);
        QVERIFY2(set, qPrintable(error));
        compareRuns(set->runs, { sampleRun(1, 3), sampleRun(2, 3) });
        for (QString& note : expectedNotes)
            note.prepend(path);
        QCOMPARE(notes, expectedNotes);
    }

    void damagedEarlierLineIsAnErrorNamingIt_data()
    {
        QTest::addColumn<QByteArray>("data");
        QTest::addColumn<QString>("error"); // after "FILE:"
        const JournalWriterId writer = RunJournal::currentWriter();
        const QByteArray header = journalHeaderLine(sampleMetadata(), writer, 3);
        const QByteArray run = journalRunLine(sampleRun(1, 2));
        QByteArray badSeconds = run;
        badSeconds.replace("\"seconds\": 0.30000000000000004", "\"seconds\": \"fast\"");
        QTest::addRow("torn line before the last")
            << header + run.left(40) + '\n' + run << QStringLiteral("2: not valid JSON at column");
        QTest::addRow("bad value") << header + run + badSeconds + run
                                   << QStringLiteral("3: at seconds: expected a number, found a string");
        QTest::addRow("an array") << header + "[1, 2]\n" + run
                                  << QStringLiteral("2: at (top level): expected an object");
        QTest::addRow("a run after the end") << header + run + journalEndLine(JournalEnd::Finished, 1) + run
                                             << QStringLiteral("4: at (top level): a line after the end line");
        QTest::addRow("a run line missing")
            << header + run + journalEndLine(JournalEnd::Finished, 2)
            << QStringLiteral("3: at runs: the end line counts 2 runs, but 1 run line precedes it");
        QTest::addRow("unknown end") << header + run + "{\"end\": \"exploded\"}\n" + run
                                     << QStringLiteral("3: at end: unknown end 'exploded'");
        QTest::addRow("a result file's header") << QByteArray("{\"format\": \"conlab-results\"}\n") + run
                                                << QStringLiteral("1: at format: expected \"conlab-journal\"");
        QTest::addRow("only half a header")
            << header.left(50) << QStringLiteral("1: the journal's first line is incomplete");
        QTest::addRow("newer version") << QByteArray(header).replace("\"format_version\": 1", "\"format_version\": 9")
                                       << QStringLiteral("1: at format_version: format version 9 is newer");
    }

    void damagedEarlierLineIsAnErrorNamingIt()
    {
        QFETCH(QByteArray, data);
        QFETCH(QString, error);
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("damaged.jsonl"));
        QVERIFY(writeBytes(path, data));
        QString message;
        QVERIFY(!readResultFile(path, &message));
        QVERIFY2(message.startsWith(path + u':' + error), qPrintable(message));
    }

    void interruptedJournalsAreListedArchivedAndDiscarded()
    {
        QTemporaryDir dir;
        const QString interrupted = dir.filePath(QStringLiteral("sweep-1-interrupted.jsonl"));
        const QString finished = dir.filePath(QStringLiteral("sweep-2-finished.jsonl"));
        const QString running = dir.filePath(QStringLiteral("sweep-3-running.jsonl"));
        const QString empty = dir.filePath(QStringLiteral("sweep-4-empty.jsonl"));
        const QString torn = dir.filePath(QStringLiteral("sweep-5-torn.jsonl"));
        const JournalWriterId dead = deadWriter();
        QVERIFY(!RunJournal::isAlive(dead));
        QVERIFY(RunJournal::isAlive(RunJournal::currentWriter()));
        // The same pid in another boot, or started at another time, is another process.
        QVERIFY(!RunJournal::isAlive({ ::getpid(), RunJournal::currentWriter().startTicks, QStringLiteral("x") }));
        QVERIFY(!RunJournal::isAlive({ ::getpid(), RunJournal::currentWriter().startTicks + 1, {} }));
        QVERIFY(writeBytes(interrupted, journalBytes(dead, 2, JournalEnd::None)));
        QVERIFY(writeBytes(finished, journalBytes(dead, 2, JournalEnd::Finished)));
        QVERIFY(writeBytes(running, journalBytes(RunJournal::currentWriter(), 2, JournalEnd::None)));
        QVERIFY(writeBytes(empty, journalBytes(dead, 0, JournalEnd::None)));
        QVERIFY(writeBytes(torn, journalBytes(dead, 1, JournalEnd::None) + "{\"strategy\": \"thr"));

        QStringList found;
        for (const JournalInfo& info : RunJournal::interrupted(dir.path()))
            found << QFileInfo(info.path).fileName() + u'=' + QString::number(info.runs);
        found.sort();
        QCOMPARE(found, QStringList({ u"sweep-1-interrupted.jsonl=2"_qs, u"sweep-5-torn.jsonl=1"_qs }));

        QString error;
        QString archived;
        QVERIFY2(RunJournal::archive(interrupted, &archived, &error), qPrintable(error));
        QCOMPARE(archived, dir.filePath(QStringLiteral("sweep-1-interrupted.restored.jsonl")));
        QVERIFY(!QFile::exists(interrupted));
        QVERIFY2(readResultFile(archived, &error), qPrintable(error)); // still readable
        QVERIFY2(RunJournal::discard(torn, &error), qPrintable(error));
        QVERIFY(!QFile::exists(torn));
        QVERIFY(RunJournal::interrupted(dir.path()).isEmpty());
        QVERIFY(!RunJournal::discard(torn, &error));
        QVERIFY2(error.startsWith(torn + QStringLiteral(": cannot delete: ")), qPrintable(error));
    }

    void pruneKeepsTheNewestFinishedJournals()
    {
        QTemporaryDir dir;
        const JournalWriterId dead = deadWriter();
        const QDateTime now = QDateTime::currentDateTime();
        // 25 finished or archived journals, an hour apart, the newest first; one interrupted, one with no run.
        for (int i = 0; i < 25; ++i) {
            const QString path = dir.filePath(QStringLiteral("sweep-%1%2")
                                                  .arg(i, 2, 10, QLatin1Char('0'))
                                                  .arg(i % 5 ? u".jsonl"_qs : u".restored.jsonl"_qs));
            QVERIFY(writeBytes(path, journalBytes(dead, 1, i % 5 ? JournalEnd::Finished : JournalEnd::None)));
            QFile file(path);
            QVERIFY(file.open(QIODevice::ReadWrite));
            QVERIFY(file.setFileTime(now.addSecs(-3600 * (i + 1)), QFileDevice::FileModificationTime));
        }
        const QString interrupted = dir.filePath(QStringLiteral("old-interrupted.jsonl"));
        QVERIFY(writeBytes(interrupted, journalBytes(dead, 3, JournalEnd::None)));
        QFile old(interrupted);
        QVERIFY(old.open(QIODevice::ReadWrite));
        QVERIFY(old.setFileTime(now.addDays(-400), QFileDevice::FileModificationTime));
        old.close();
        QVERIFY(writeBytes(dir.filePath(QStringLiteral("nothing.jsonl")), journalBytes(dead, 0, JournalEnd::None)));
        QVERIFY(writeBytes(dir.filePath(QStringLiteral("notes.txt")), "not a journal"));
        // Unreadable journals a day old: one killed while writing its header holds no run and goes; one whose header
        // this version cannot read (a newer conlab's) may hold runs that matter, and stays.
        const QString tornHeader = dir.filePath(QStringLiteral("torn-header.jsonl"));
        QVERIFY(writeBytes(tornHeader, journalBytes(dead, 0, JournalEnd::None).left(40)));
        const QString newer = dir.filePath(QStringLiteral("newer-version.jsonl"));
        QVERIFY(writeBytes(
            newer, journalBytes(dead, 3, JournalEnd::None).replace("\"format_version\": 1", "\"format_version\": 99")));
        for (const QString& path : { tornHeader, newer }) {
            QFile file(path);
            QVERIFY(file.open(QIODevice::ReadWrite));
            QVERIFY(file.setFileTime(now.addDays(-1), QFileDevice::FileModificationTime));
        }
        QVERIFY(!RunJournal::list(dir.path()).isEmpty());
        for (const JournalInfo& info : RunJournal::list(dir.path())) {
            if (info.path == newer)
                QVERIFY2(info.problem.contains(u"format_version"), qPrintable(info.problem));
        }

        QCOMPARE(RunJournal::prune(dir.path(), 20), 7);
        QStringList left = QDir(dir.path()).entryList(QDir::Files, QDir::Name);
        QCOMPARE(left.size(), 23);
        QVERIFY(left.contains(QStringLiteral("old-interrupted.jsonl"))); // never pruned: it holds runs to restore
        QVERIFY(left.contains(QStringLiteral("newer-version.jsonl")));
        QVERIFY(!left.contains(QStringLiteral("torn-header.jsonl")));
        QVERIFY(left.contains(QStringLiteral("notes.txt")));
        QVERIFY(left.contains(QStringLiteral("sweep-19.jsonl")));
        QVERIFY(!left.contains(QStringLiteral("sweep-20.restored.jsonl")));
        QVERIFY(!left.contains(QStringLiteral("sweep-24.jsonl")));
        QCOMPARE(RunJournal::prune(dir.path(), 20), 0);
    }

    void failedJournalWriteIsReportedOnceAndTheSweepGoesOn()
    {
        // The file size limit binds root too; the write fails partway through a line.
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("limited.jsonl"));
        RunJournal journal;
        QSignalSpy failed(&journal, &RunJournal::writeFailed);
        QString error;
        QVERIFY2(journal.open(path, sampleMetadata(), 10, &error), qPrintable(error));
        QVERIFY(journal.append(sampleRun(1, 10)));
        const qint64 goodSize = QFileInfo(path).size();

        rlimit saved {};
        QCOMPARE(getrlimit(RLIMIT_FSIZE, &saved), 0);
        rlimit small = saved;
        small.rlim_cur = rlim_t(goodSize + 2000); // room for part of the next line
        const auto savedHandler = std::signal(SIGXFSZ, SIG_IGN);
        QCOMPARE(setrlimit(RLIMIT_FSIZE, &small), 0);
        const bool second = journal.append(sampleRun(2, 200));
        const bool third = journal.append(sampleRun(3, 1));
        setrlimit(RLIMIT_FSIZE, &saved);
        std::signal(SIGXFSZ, savedHandler);
        QVERIFY(!second);
        QVERIFY(!third); // the journal stays off after a failure, so it never has a hole
        QVERIFY(!journal.append(sampleRun(5, 1)));
        QCOMPARE(failed.size(), 1);
        const QString message = failed.first().first().toString();
        QVERIFY2(message.startsWith(QStringLiteral("journal %1: cannot write run 2: ").arg(path)), qPrintable(message));
        QVERIFY2(message.contains(QString::fromLocal8Bit(strerror(EFBIG))), qPrintable(message));
        QCOMPARE(journal.failure(), message);
        QVERIFY(!journal.finish(JournalEnd::Finished));
        QCOMPARE(failed.size(), 1);

        // Cut back to its last complete line: it reads as a journal of the one run before the failure.
        QCOMPARE(QFileInfo(path).size(), goodSize);
        QStringList notes;
        const auto set = readResultFile(path, &error, &notes);
        QVERIFY2(set, qPrintable(error));
        QVERIFY(notes.isEmpty());
        compareRuns(set->runs, { sampleRun(1, 10) });
    }

    // The guarantee the app relies on: a run anyone has heard of through runFinished() is already on disk.
    void sweepRunnerJournalsEachRunBeforeReportingIt()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("runner.jsonl"));
        RunJournal journal;
        QString error;
        const QList<RunSpec> runs
            = { specOf(StrategyKind::Sequential).tasks(2).taskMs(1), specOf(StrategyKind::Threads).tasks(5).taskMs(5),
                  specOf(StrategyKind::Processes).tasks(4).taskMs(5).processes(2),
                  specOf(StrategyKind::Blended).tasks(6).taskMs(5).processes(2) };
        QVERIFY2(journal.open(path, sampleMetadata(), int(runs.size()), &error), qPrintable(error));
        JournalSink sink(journal);
        SweepRunner runner;
        runner.setSinks({ &sink });
        QList<int> onDisk;
        connect(&runner, &SweepRunner::runFinished, this, [&](int) { onDisk.append(completeLines(path) - 1); });
        QSignalSpy done(&runner, &SweepRunner::finished);
        runner.start(runs);
        QVERIFY(done.wait(30000));
        QCOMPARE(onDisk, QList<int>({ 1, 2, 3, 4 }));
        QVERIFY(journal.finish(JournalEnd::Finished));
        const auto contents = RunJournal::load(path, &error);
        QVERIFY2(contents, qPrintable(error));
        QCOMPARE(contents->end, JournalEnd::Finished);
        QCOMPARE(contents->set.runs.size(), 4);
        for (int i = 0; i < 4; ++i) {
            QCOMPARE(contents->set.runs.at(i).spec.strategy, runs.at(i).strategy);
            QVERIFY(contents->set.runs.at(i).isOk());
        }
    }
};

QTEST_GUILESS_MAIN(TestJournal)
#include "tst_journal.moc"
