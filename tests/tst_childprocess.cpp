// The command workload's child processes (exec/childprocess.h): splitting the user's command line, starting real
// programs, reading their stderr, and leaving no process behind.

#include "childprocess.h"
#include "monotonicclock.h"
#include "processprobe.h"

#include <QTest>
#include <csignal>
#include <poll.h>
#include <pthread.h>

namespace {
using Words = std::vector<std::string>;

// What the event loop of the command workload does for one child: polls its pidfd and its stderr, drains the one and
// reaps on the other. Returns false if the child had not exited within timeoutMs.
bool driveUntilExit(ChildProcess& child, ExitStatus* status, int timeoutMs)
{
    const int64_t deadline = monotonicNowNs() + int64_t(timeoutMs) * 1'000'000;
    while (monotonicNowNs() < deadline) {
        pollfd fds[2] = { { child.pidfd(), POLLIN, 0 }, { child.stderrFd(), POLLIN, 0 } };
        const int left = int((deadline - monotonicNowNs()) / 1'000'000);
        if (poll(fds, 2, std::max(left, 0)) == -1 && errno != EINTR)
            return false;
        if (fds[1].revents != 0)
            child.drainStderr();
        if (fds[0].revents != 0 && child.tryReap(status))
            return true;
    }
    return false;
}

ChildProcess spawnOrFail(const Words& argv, bool ownProcessGroup = false)
{
    int error = 0;
    ChildProcess child = ChildProcess::spawn(argv, ownProcessGroup, &error);
    if (!child.valid())
        qWarning("spawning %s failed: %s", argv.front().c_str(), strerror(error));
    return child;
}

bool processExists(pid_t pid)
{
    return QFile::exists(QStringLiteral("/proc/%1").arg(pid));
}

// Processes in process group `pgid` that still run (zombies, which wait only for whoever adopted them, excluded).
QList<qint64> liveMembersOfGroup(pid_t pgid)
{
    QList<qint64> members;
    ProcessProbe::forEachProcess("stat", [&](qint64 pid, QFile& stat) {
        // "pid (comm) state ppid pgrp ...": comm may hold spaces, so read after the last ')'.
        const QByteArray line = stat.readAll();
        const auto fields = line.mid(line.lastIndexOf(')') + 2).split(' ');
        if (fields.size() > 2 && fields.at(2).toLongLong() == pgid && fields.at(0) != "Z")
            members.append(pid);
    });
    return members;
}
} // namespace

class TestChildProcess : public QObject
{
    Q_OBJECT

private slots:
    void splitsLikeAShellWithoutExpanding_data()
    {
        QTest::addColumn<QByteArray>("line");
        QTest::addColumn<QByteArrayList>("words");
        QTest::addRow("blanks separate") << QByteArray(" curl  -s\t-o /dev/null\n")
                                         << QByteArrayList { "curl", "-s", "-o", "/dev/null" };
        QTest::addRow("single quotes keep everything")
            << QByteArray("echo 'a \"b\" \\n $HOME'") << QByteArrayList { "echo", "a \"b\" \\n $HOME" };
        QTest::addRow("double quotes escape four characters")
            << QByteArray("echo \"a \\\"b\\\" \\\\ \\$x \\` \\n\"") << QByteArrayList { "echo", "a \"b\" \\ $x ` \\n" };
        QTest::addRow("backslash outside quotes")
            << QByteArray("touch my\\ file \\'x\\'") << QByteArrayList { "touch", "my file", "'x'" };
        QTest::addRow("parts join into one word") << QByteArray("a'b'\"c\"d") << QByteArrayList { "abcd" };
        QTest::addRow("empty quotes are an empty word")
            << QByteArray("printf '' \"\"") << QByteArrayList { "printf", "", "" };
        QTest::addRow("backslash-newline joins lines") << QByteArray("sleep \\\n1") << QByteArrayList { "sleep", "1" };
        QTest::addRow("nothing is expanded") << QByteArray("ls * ~ $HOME a|b >out {}")
                                             << QByteArrayList { "ls", "*", "~", "$HOME", "a|b", ">out", "{}" };
        QTest::addRow("no words") << QByteArray(" \t ") << QByteArrayList {};
    }
    void splitsLikeAShellWithoutExpanding()
    {
        QFETCH(QByteArray, line);
        QFETCH(QByteArrayList, words);
        std::string error = "stale";
        const Words split = splitCommandLine(line.toStdString(), &error);
        QCOMPARE(error, std::string());
        QByteArrayList got;
        for (const std::string& word : split)
            got.append(QByteArray::fromStdString(word));
        QCOMPARE(got, words);
    }

    void unterminatedQuoteNamesItsColumn_data()
    {
        QTest::addColumn<QByteArray>("line");
        QTest::addColumn<QByteArray>("error");
        QTest::addRow("single") << QByteArray("echo 'abc") << QByteArray("the single quote at column 6 is not closed");
        QTest::addRow("double") << QByteArray("echo \"a\\\"")
                                << QByteArray("the double quote at column 6 is not closed");
        QTest::addRow("columns count characters")
            << QByteArray("echo é 'x") << QByteArray("the single quote at column 8 is not closed");
        QTest::addRow("trailing backslash")
            << QByteArray("echo a\\") << QByteArray("the backslash at column 7 escapes nothing");
    }
    void unterminatedQuoteNamesItsColumn()
    {
        QFETCH(QByteArray, line);
        QFETCH(QByteArray, error);
        std::string said;
        QVERIFY(splitCommandLine(line.toStdString(), &said).empty());
        QCOMPARE(QByteArray::fromStdString(said), error);
    }

    void taskNumberReplacesEveryBracePair()
    {
        QCOMPARE(substituteTaskNumber("https://example.org/item/{}", 17), std::string("https://example.org/item/17"));
        QCOMPARE(substituteTaskNumber("{}-{}{}", 3), std::string("3-33"));
        QCOMPARE(substituteTaskNumber("{ } {x} }{", 3), std::string("{ } {x} }{"));
        QCOMPARE(substituteTaskNumber("", 3), std::string());
    }

    void exitIsDescribedInOneLine_data()
    {
        QTest::addColumn<bool>("exited");
        QTest::addColumn<int>("codeOrSignal");
        QTest::addColumn<QByteArray>("lastLine");
        QTest::addColumn<QByteArray>("description");
        QTest::addRow("exit code") << true << 3 << QByteArray() << QByteArray("exit code 3");
        QTest::addRow("signal") << false << 9 << QByteArray() << QByteArray("killed by signal 9 (SIGKILL)");
        QTest::addRow("escaped stderr") << true << 1 << QByteArray("a\tb\x01\"c\"\\")
                                        << QByteArray("exit code 1: last line of stderr: \"a\\tb\\x01\\\"c\\\"\\\\\"");
        QTest::addRow("long line cut") << true << 1 << QByteArray(300, 'x')
                                       << QByteArray(
                                              "exit code 1: last line of stderr: \"" + QByteArray(200, 'x') + "...\"");
        // 199 bytes, then a two-byte character that the cut would split: it goes whole.
        QTest::addRow("cut between characters")
            << true << 1 << QByteArray(199, 'x') + "éé"
            << QByteArray("exit code 1: last line of stderr: \"" + QByteArray(199, 'x') + "...\"");
    }
    void exitIsDescribedInOneLine()
    {
        QFETCH(bool, exited);
        QFETCH(int, codeOrSignal);
        QFETCH(QByteArray, lastLine);
        QFETCH(QByteArray, description);
        ExitStatus status;
        status.exited = exited;
        (exited ? status.code : status.signal) = codeOrSignal;
        status.lastStderrLine = lastLine.toStdString();
        QCOMPARE(QByteArray::fromStdString(describeExit(status)), description);
    }

    void trueExitsWithZero()
    {
        ChildProcess child = spawnOrFail({ "true" });
        QVERIFY(child.valid());
        ExitStatus status;
        QVERIFY(driveUntilExit(child, &status, 5000));
        QVERIFY(status.exited);
        QCOMPARE(status.code, 0);
        QCOMPARE(status.lastStderrLine, std::string());
        QVERIFY(!child.running());
        QCOMPARE(child.pidfd(), -1);
        QCOMPARE(child.stderrFd(), -1);
    }

    void failingCommandReportsCodeAndLastStderrLine()
    {
        ChildProcess child = spawnOrFail({ "sh", "-c", "echo first >&2; echo oops >&2; echo >&2; exit 3" });
        QVERIFY(child.valid());
        ExitStatus status;
        QVERIFY(driveUntilExit(child, &status, 5000));
        QVERIFY(status.exited);
        QCOMPARE(status.code, 3);
        QCOMPARE(status.lastStderrLine, std::string("oops"));
        QCOMPARE(describeExit(status), std::string("exit code 3: last line of stderr: \"oops\""));
    }

    void signalledCommandReportsTheSignal()
    {
        ChildProcess child = spawnOrFail({ "sh", "-c", "printf 'no newline' >&2; kill -SEGV $$" });
        QVERIFY(child.valid());
        ExitStatus status;
        QVERIFY(driveUntilExit(child, &status, 5000));
        QVERIFY(!status.exited);
        QCOMPARE(status.signal, SIGSEGV);
        QCOMPARE(status.lastStderrLine, std::string("no newline"));
    }

    void missingProgramIsENOENT()
    {
        int error = 0;
        const ChildProcess child = ChildProcess::spawn({ "conlab-no-such-program-anywhere" }, false, &error);
        QVERIFY(!child.valid());
        QCOMPARE(error, ENOENT);
        QVERIFY(ProcessProbe::childPids().isEmpty());
    }

    // The command starts with default signals and none blocked, whatever the thread that starts it has.
    void childStartsWithDefaultSignals()
    {
        sigset_t blocked;
        sigset_t previousMask;
        sigemptyset(&blocked);
        sigaddset(&blocked, SIGTERM);
        pthread_sigmask(SIG_BLOCK, &blocked, &previousMask);
        struct sigaction ignore
        {
        };
        struct sigaction previousAction
        {
        };
        ignore.sa_handler = SIG_IGN;
        sigaction(SIGINT, &ignore, &previousAction);

        ChildProcess child
            = spawnOrFail({ "sh", "-c", "grep -E '^Sig(Blk|Ign)' /proc/self/status | tr '\\t\\n' '  ' >&2" });

        pthread_sigmask(SIG_SETMASK, &previousMask, nullptr);
        sigaction(SIGINT, &previousAction, nullptr);
        QVERIFY(child.valid());
        ExitStatus status;
        QVERIFY(driveUntilExit(child, &status, 5000));
        // "SigBlk: <hex mask> SigIgn: <hex mask> ", bit n - 1 standing for signal n.
        const QByteArrayList fields = QByteArray::fromStdString(status.lastStderrLine).split(' ');
        QCOMPARE(fields.size(), 5);
        QCOMPARE(fields.at(0), QByteArray("SigBlk:"));
        QCOMPARE(fields.at(1).toULongLong(nullptr, 16), 0u);
        QCOMPARE(fields.at(2), QByteArray("SigIgn:"));
        // glibc's posix_spawn leaves its two internal signals (32 and 33, below SIGRTMIN, which no program sees)
        // ignored; the standard signals 1 to 31 must all be at their defaults.
        QCOMPARE(fields.at(3).toULongLong(nullptr, 16) & 0x7FFF'FFFFu, 0u);
    }

    void killEndsAndReapsAtOnce()
    {
        ChildProcess child = spawnOrFail({ "sleep", "10" });
        QVERIFY(child.valid());
        const pid_t pid = child.pid();
        ExitStatus status;
        QVERIFY(!child.tryReap(&status)); // still running: returns at once
        QElapsedTimer timer;
        timer.start();
        child.kill();
        QCOMPARE_LT(timer.elapsed(), 100);
        QVERIFY(!child.running());
        QVERIFY(!processExists(pid)); // reaped, not a zombie
    }

    void destructorKillsAndReaps()
    {
        pid_t pid = 0;
        {
            const ChildProcess child = spawnOrFail({ "sleep", "10" });
            QVERIFY(child.valid());
            pid = child.pid();
        }
        QVERIFY(!processExists(pid));
        QVERIFY(ProcessProbe::childPids().isEmpty());
    }

    // A cancel ends the whole of a shell's pipeline, not only the shell.
    void ownProcessGroupKillsThePipeline()
    {
        ChildProcess child = spawnOrFail({ "sh", "-c", "sleep 10 | sleep 10" }, true);
        QVERIFY(child.valid());
        const pid_t group = child.pid();
        QTRY_COMPARE_WITH_TIMEOUT(liveMembersOfGroup(group).size(), 3, 5000); // the shell and both sleeps
        QElapsedTimer timer;
        timer.start();
        child.kill();
        QCOMPARE_LT(timer.elapsed(), 100);
        // The sleeps die of SIGKILL at once; their new parent reaps them in its own time.
        QTRY_VERIFY_WITH_TIMEOUT(liveMembersOfGroup(group).isEmpty(), 1000);
    }

    // What a command leaves running in its group when it exits is killed with it.
    void ownProcessGroupLeavesNothingBehindOnExit()
    {
        ChildProcess child = spawnOrFail({ "sh", "-c", "sleep 10 & echo started >&2" }, true);
        QVERIFY(child.valid());
        const pid_t group = child.pid();
        ExitStatus status;
        QVERIFY(driveUntilExit(child, &status, 5000));
        QVERIFY(status.exited);
        QCOMPARE(status.lastStderrLine, std::string("started"));
        QTRY_VERIFY_WITH_TIMEOUT(liveMembersOfGroup(group).isEmpty(), 1000);
    }

    // The pipe holds 64 KiB; a child that writes more runs to its end only if the loop drains it.
    void megabyteOfStderrDoesNotBlockTheChild()
    {
        // 40,000 lines of 27 bytes: just over 1 MiB.
        ChildProcess child
            = spawnOrFail({ "sh", "-c", "yes abcdefghijklmnopqrstuvwxyz | head -n 40000 >&2; echo last words >&2" });
        QVERIFY(child.valid());
        ExitStatus status;
        QVERIFY(driveUntilExit(child, &status, 10000));
        QVERIFY(status.exited);
        QCOMPARE(status.code, 0);
        QCOMPARE(status.lastStderrLine, std::string("last words"));
    }

    void longLineWithoutNewlineKeepsItsStart()
    {
        ChildProcess child = spawnOrFail({ "sh", "-c", "printf start >&2; head -c 200000 /dev/zero | tr '\\0' x >&2" });
        QVERIFY(child.valid());
        ExitStatus status;
        QVERIFY(driveUntilExit(child, &status, 10000));
        QCOMPARE(status.lastStderrLine.size(), ChildProcess::MaxLineBytes);
        QCOMPARE(status.lastStderrLine.substr(0, 6), std::string("startx"));
    }

    void pidfdBecomesReadableOnExit()
    {
        ChildProcess child = spawnOrFail({ "sleep", "0.2" });
        QVERIFY(child.valid());
        pollfd fd { child.pidfd(), POLLIN, 0 };
        QCOMPARE(poll(&fd, 1, 0), 0); // still running
        QElapsedTimer timer;
        timer.start();
        QCOMPARE(poll(&fd, 1, 5000), 1);
        QVERIFY(fd.revents & POLLIN);
        QCOMPARE_GE(timer.elapsed(), 100);
        ExitStatus status;
        QVERIFY(child.tryReap(&status));
        QVERIFY(status.exited);
        QCOMPARE(status.code, 0);
    }

    void movedChildIsOwnedOnce()
    {
        ChildProcess first = spawnOrFail({ "sleep", "10" });
        const pid_t pid = first.pid();
        ChildProcess second = std::move(first);
        QVERIFY(!first.valid());
        QCOMPARE(second.pid(), pid);
        QVERIFY(processExists(pid));
        second = ChildProcess();
        QVERIFY(!processExists(pid));
    }

    void cleanupTestCase() { QVERIFY(ProcessProbe::childPids().isEmpty()); }
};

QTEST_GUILESS_MAIN(TestChildProcess)
#include "tst_childprocess.moc"
