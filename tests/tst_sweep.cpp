// The engine as the GUI and the CLI drive it: a SweepSession around a SweepRunner on a background thread, talking in
// signals.

#include "machineinfo.h"
#include "processprobe.h"
#include "sanitizers.h"
#include "sweepplan.h"
#include "sweeprunner.h"
#include "sweepsession.h"

#include <QElapsedTimer>
#include <QFile>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <memory>
#include <mutex>

Q_DECLARE_METATYPE(SweepPlan)

namespace {
SweepPlan plan(QList<StrategyKind> strategies, QList<int> tasks, int repeats, int taskMs)
{
    SweepPlan p;
    p.strategies = strategies;
    p.taskCounts = tasks;
    p.repeats = repeats;
    p.base.taskMs = taskMs;
    p.base.processes = 2;
    return p;
}

// Records, on the sweep's thread, the runs handed to it.
class RecordingSink : public RunSink
{
public:
    void runFinished(int index, const RunResult& result) override
    {
        std::lock_guard lock(m_mutex);
        m_indexes.append(index);
        m_statuses.append(result.status);
    }
    QList<int> indexes() const
    {
        std::lock_guard lock(m_mutex);
        return m_indexes;
    }
    QList<RunStatus> statuses() const
    {
        std::lock_guard lock(m_mutex);
        return m_statuses;
    }

private:
    mutable std::mutex m_mutex;
    QList<int> m_indexes;
    QList<RunStatus> m_statuses;
};

// A sink added to a session, its signals, and what a face sees of each run as its runFinished() arrives: how many runs
// the sink, the journal and the results already had.
struct SessionProbe
{
    RecordingSink sink;
    QSignalSpy started;
    QSignalSpy runFinished;
    QSignalSpy progress;
    QSignalSpy finished;
    QSignalSpy cancelled;
    QSignalSpy failed;
    QList<int> inSink;
    QList<int> inJournal;
    QList<int> inResults;

    // The sink and the journal hold each run before any face hears of it, so at run i's runFinished() they hold at
    // least i + 1 runs. They may hold more: they are written on the runner's thread, which goes on with the next short
    // run while the signal waits in the GUI thread's queue (seen under ThreadSanitizer on a loaded machine). Empty when
    // they do, else what they held.
    static QString notEachAtLeastItsRun(const QList<int>& counts, int runs)
    {
        bool fine = counts.size() == runs;
        QStringList held;
        for (int i = 0; i < counts.size(); ++i) {
            fine
                = fine && counts.at(i) >= i + 1 && counts.at(i) <= runs && (i == 0 || counts.at(i) >= counts.at(i - 1));
            held << QString::number(counts.at(i));
        }
        return fine ? QString()
                    : QStringLiteral("held %1 runs at the %2 runs' signals").arg(held.join(u", "_qs)).arg(runs);
    }

    explicit SessionProbe(SweepSession& session)
        : started(&session, &SweepSession::runStarted)
        , runFinished(&session, &SweepSession::runFinished)
        , progress(&session, &SweepSession::progress)
        , finished(&session, &SweepSession::finished)
        , cancelled(&session, &SweepSession::cancelled)
        , failed(&session, &SweepSession::failed)
    {
        session.addSink(&sink);
        QObject::connect(&session, &SweepSession::runFinished, &session, [this, &session](int) {
            inSink << int(sink.indexes().size());
            inJournal << session.journal().runsWritten();
            inResults << int(session.results().runs.size());
        });
    }
};
} // namespace

class TestSweep : public QObject
{
    Q_OBJECT
private slots:
    void runsInterleaveStrategies()
    {
        const auto runs
            = plan({ StrategyKind::Threads, StrategyKind::Blended, StrategyKind::Sequential }, { 10, 20 }, 2, 5).runs();
        QCOMPARE(runs.size(), 12);
        QStringList order;
        for (const RunSpec& spec : runs)
            order << QStringLiteral("%1:%2:%3").arg(strategyName(spec.strategy)).arg(spec.tasks).arg(spec.repeat);
        QCOMPARE(order.mid(0, 6),
            QStringList({ u"threads:10:1"_qs, u"blended:10:1"_qs, u"sequential:10:1"_qs, u"threads:20:1"_qs,
                u"blended:20:1"_qs, u"sequential:20:1"_qs }));
        QCOMPARE(order.at(6), u"threads:10:2"_qs);
    }

    // Several workloads: each runs the whole plan, repeat by repeat, and a workload the plan cannot run is named.
    void runsCoverEveryWorkload()
    {
        SweepPlan sweep = plan({ StrategyKind::Threads, StrategyKind::Sequential }, { 2, 4 }, 2, 5);
        sweep.workloads = { WorkloadKind::Sleep, WorkloadKind::File };
        const QList<RunSpec> runs = sweep.runs();
        QCOMPARE(sweep.runCount(), 16);
        QCOMPARE(runs.size(), 16);
        QStringList order;
        for (const RunSpec& spec : runs.mid(0, 8))
            order << QStringLiteral("%1:%2:%3")
                         .arg(workloadName(spec.workload), strategyName(spec.strategy))
                         .arg(spec.tasks);
        QCOMPARE(order,
            QStringList(
                { u"sleep:threads:2"_qs, u"sleep:sequential:2"_qs, u"sleep:threads:4"_qs, u"sleep:sequential:4"_qs,
                    u"file:threads:2"_qs, u"file:sequential:2"_qs, u"file:threads:4"_qs, u"file:sequential:4"_qs }));
        QCOMPARE(runs.at(8).repeat, 2);
        QVERIFY2(sweep.problem().isEmpty(), qPrintable(sweep.problem()));

        sweep.workloads.append(WorkloadKind::Command);
        QVERIFY2(sweep.problem().startsWith(u"the command workload needs --command"_qs), qPrintable(sweep.problem()));
        sweep.base.options.command = u"true"_qs;
        QVERIFY2(sweep.problem().isEmpty(), qPrintable(sweep.problem()));
        sweep.workloads.append(WorkloadKind::Sleep);
        QCOMPARE(sweep.problem(), u"a workload is listed twice"_qs);

        QString error;
        QCOMPARE(parseWorkloads(u"all"_qs, &error), allWorkloadKinds());
        QVERIFY(parseWorkloads(u"sleep,disk"_qs, &error).isEmpty());
        QVERIFY2(error.startsWith(u"workload 'disk' is not sleep, cpu"_qs), qPrintable(error));
    }

    void taskRanges_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QList<int>>("expected");
        QTest::addColumn<QString>("error");
        QTest::addRow("range") << u"100:500:100"_qs << QList<int> { 100, 200, 300, 400, 500 } << QString();
        QTest::addRow("range not landing on TO") << u"1:10:4"_qs << QList<int> { 1, 5, 9 } << QString();
        QTest::addRow("single") << u"7"_qs << QList<int> { 7 } << QString();
        QTest::addRow("list") << u"5,50,500"_qs << QList<int> { 5, 50, 500 } << QString();
        QTest::addRow("step 0") << u"100:900:0"_qs << QList<int> {} << u"STEP 0 is out of range"_qs;
        QTest::addRow("zero tasks") << u"0"_qs << QList<int> {} << u"task count 0 is out of range"_qs;
        QTest::addRow("10^9 tasks") << u"1000000000"_qs << QList<int> {} << u"out of range (1 to 1000000)"_qs;
        QTest::addRow("negative") << u"-5"_qs << QList<int> {} << u"task count -5 is out of range"_qs;
        QTest::addRow("backwards") << u"900:100:100"_qs << QList<int> {} << u"TO (100) is below FROM (900)"_qs;
        QTest::addRow("words") << u"lots"_qs << QList<int> {} << u"'lots' is not a whole number"_qs;
        QTest::addRow("two colons") << u"1:2"_qs << QList<int> {} << u"must be N, FROM:TO:STEP"_qs;
    }

    void taskRanges()
    {
        QFETCH(QString, text);
        QFETCH(QList<int>, expected);
        QFETCH(QString, error);
        QString message;
        QCOMPARE(parseTaskCounts(text, &message), expected);
        if (error.isEmpty())
            QVERIFY(message.isEmpty());
        else
            QVERIFY2(message.contains(error), qPrintable(message));
    }

    void planProblemsAreNamed_data()
    {
        QTest::addColumn<SweepPlan>("sweepPlan");
        QTest::addColumn<QString>("problem");
        SweepPlan negative = plan({ StrategyKind::Threads }, { 10 }, 1, -5);
        QTest::addRow("negative time") << negative << u"task duration -5 ms is out of range"_qs;
        SweepPlan noStrategy = plan({}, { 10 }, 1, 5);
        QTest::addRow("no strategy") << noStrategy << u"no strategy chosen"_qs;
        SweepPlan zeroRepeat = plan({ StrategyKind::Threads }, { 10 }, 0, 5);
        QTest::addRow("zero repeats") << zeroRepeat << u"repeat 0 is out of range"_qs;
        SweepPlan tooManyWorkers = plan({ StrategyKind::Processes }, { 10 }, 1, 5);
        tooManyWorkers.base.processes = 100000;
        QTest::addRow("processes") << tooManyWorkers << u"processes 100000 is out of range"_qs;
        QTest::addRow("fine") << plan({ StrategyKind::Threads }, { 10 }, 1, 5) << QString();
    }

    void planProblemsAreNamed()
    {
        QFETCH(SweepPlan, sweepPlan);
        QFETCH(QString, problem);
        // A row without a problem expects none at all; the others name theirs first and may explain after it.
        if (problem.isEmpty())
            QVERIFY2(sweepPlan.problem().isEmpty(), qPrintable(sweepPlan.problem()));
        else
            QVERIFY2(sweepPlan.problem().startsWith(problem), qPrintable(sweepPlan.problem()));
    }

    void planSizeAndTimeWithoutMakingItsRuns()
    {
        SweepPlan sweep = plan(allStrategies(), { 10, 40, 70, 100 }, 3, 20);
        sweep.base.processes = 2;
        const QList<RunSpec> runs = sweep.runs();
        QCOMPARE(sweep.runCount(), runs.size());
        QCOMPARE(runs.size(), allStrategies().size() * 4 * 3);
        const double expected = SweepEta(runs, 2).expectedSeconds();
        QVERIFY(expected > 3 * 4 * 0.020); // at least every run's ideal time
        QVERIFY2(qAbs(sweep.expectedSeconds(2) - expected) < 1e-9 * expected,
            qPrintable(QStringLiteral("%1 against %2").arg(sweep.expectedSeconds(2)).arg(expected)));
    }

    // The kernel's ceiling is a hard limit: a plan beyond it is named and refused; ulimit -u only warns.
    void planBeyondTheKernelsCeiling()
    {
        MachineInfo machine;
        machine.cores = 2;
        machine.limits.pidMax = 300;
        machine.limits.threadsMax = 5000;
        machine.limits.nprocSoft = 100;
        machine.limits.nprocEnforced = true;
        SweepPlan sweep
            = plan({ StrategyKind::Sequential, StrategyKind::Threads, StrategyKind::Blended }, { 50, 200 }, 1, 5);
        QCOMPARE(planBeyondMachine(sweep, machine), QString());
        QCOMPARE(planRisks(sweep, machine).size(), 2); // threads and blended at 200 tasks cross ulimit -u
        sweep.taskCounts = { 50, 200, 400 };
        // Blended at 400 tasks: 2 workers x (1 + 200 threads) = 402 > 300; threads at 400 comes first.
        QCOMPARE(planBeyondMachine(sweep, machine),
            u"threads at 400 tasks needs 400 threads and processes at once, beyond this machine's ceiling of 300 "
            "(threads-max and pid_max): it can never start"_qs);
        sweep.strategies = { StrategyKind::Blended };
        QVERIFY2(planBeyondMachine(sweep, machine).startsWith(u"blended at 400 tasks needs 402 threads"),
            qPrintable(planBeyondMachine(sweep, machine)));
        sweep.base.threads = 10; // capped: 2 x (1 + 10)
        QCOMPARE(planBeyondMachine(sweep, machine), QString());
    }

    void sweepReportsEveryRunInOrder()
    {
        SweepRunner runner;
        QSignalSpy started(&runner, &SweepRunner::runStarted);
        QSignalSpy finished(&runner, &SweepRunner::runFinished);
        QSignalSpy progress(&runner, &SweepRunner::progress);
        QSignalSpy done(&runner, &SweepRunner::finished);
        QSignalSpy cancelled(&runner, &SweepRunner::cancelled);
        QStringList order; // runStarted and runFinished alternate, one pair per run
        connect(&runner, &SweepRunner::runStarted, this, [&order] { order << u"started"_qs; });
        connect(&runner, &SweepRunner::runFinished, this, [&order] { order << u"finished"_qs; });
        const auto runs = plan(allStrategies(), { 2, 4 }, 2, 10).runs();
        runner.start(runs);
        QVERIFY(runner.isRunning());
        QVERIFY(done.wait(30000));
        QVERIFY(!runner.isRunning());
        QCOMPARE(cancelled.size(), 0);
        QCOMPARE(started.size(), runs.size());
        QCOMPARE(finished.size(), runs.size());
        QCOMPARE(progress.last().at(0).toInt(), int(runs.size()));
        QCOMPARE(progress.last().at(1).toInt(), int(runs.size()));
        QStringList expectedOrder;
        for (qsizetype i = 0; i < runs.size(); ++i)
            expectedOrder << u"started"_qs << u"finished"_qs;
        QCOMPARE(order, expectedOrder);
        for (int i = 0; i < finished.size(); ++i) {
            QCOMPARE(started.at(i).at(0).toInt(), i);
            QCOMPARE(finished.at(i).at(0).toInt(), i);
            const auto result = finished.at(i).at(1).value<RunResult>();
            QVERIFY2(result.isOk(), qPrintable(result.message));
            QCOMPARE(result.spec.strategy, runs.at(i).strategy);
            QCOMPARE(result.spec.tasks, runs.at(i).tasks);
            QCOMPARE(result.spec.repeat, runs.at(i).repeat);
            QCOMPARE(result.traces.size(), result.spec.tasks);
            QVERIFY(result.seconds >= result.idealSeconds);
        }
        QCOMPARE(ProcessProbe::childPids(), QList<qint64> {});
    }

    void cancelMidSweepKeepsFinishedRunsAndLeavesNothingBehind_data()
    {
        QTest::addColumn<StrategyKind>("longStrategy");
        QTest::addRow("threads") << StrategyKind::Threads;
        QTest::addRow("processes") << StrategyKind::Processes;
        QTest::addRow("blended") << StrategyKind::Blended;
    }

    void cancelMidSweepKeepsFinishedRunsAndLeavesNothingBehind()
    {
        QFETCH(StrategyKind, longStrategy);
        const int threadsBefore = ProcessProbe::settledThreadCount();
        SweepRunner runner;
        QSignalSpy finished(&runner, &SweepRunner::runFinished);
        QSignalSpy cancelled(&runner, &SweepRunner::cancelled);
        QSignalSpy done(&runner, &SweepRunner::finished);
        // Two short runs, then a long one to cancel in the middle of.
        QList<RunSpec> runs = plan({ StrategyKind::Sequential }, { 2 }, 2, 5).runs();
        RunSpec longRun = plan({ longStrategy }, { 40 }, 1, 10000).runs().first();
        runs << longRun << longRun;
        runner.start(runs);
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 2, 10000);
        QTest::qWait(300); // the long run is under way, its pool started
        QElapsedTimer sinceCancel;
        sinceCancel.start();
        runner.cancel();
        QVERIFY(cancelled.wait(5000));
        // The 0.5 s a user is promised; an instrumented worker process takes its sanitizer's time to go.
        QVERIFY2(
            sinceCancel.elapsed() < 500 * sanitizers::timeFactor, qPrintable(QString::number(sinceCancel.elapsed())));
        QCOMPARE(done.size(), 0);
        QCOMPARE(finished.size(), 3);
        QVERIFY(finished.at(0).at(1).value<RunResult>().isOk());
        QVERIFY(finished.at(1).at(1).value<RunResult>().isOk());
        QCOMPARE(finished.at(2).at(1).value<RunResult>().status, RunStatus::Cancelled);
        QTRY_COMPARE_WITH_TIMEOUT(ProcessProbe::threadCount(), threadsBefore, ProcessProbe::exitGraceMs);
        QCOMPARE(ProcessProbe::childPids(), QList<qint64> {});
    }

    void restartDropsTheOldSweepsResults()
    {
        SweepRunner runner;
        QSignalSpy finished(&runner, &SweepRunner::runFinished);
        QSignalSpy done(&runner, &SweepRunner::finished);
        runner.start(plan({ StrategyKind::Threads }, { 10 }, 1, 10000).runs());
        QTest::qWait(100);
        runner.start(plan({ StrategyKind::Sequential }, { 1 }, 1, 5).runs());
        QVERIFY(done.wait(10000));
        QCOMPARE(finished.size(), 1);
        QCOMPARE(finished.at(0).at(1).value<RunResult>().spec.strategy, StrategyKind::Sequential);
    }

    void missingWorkerFailsBeforeAnyRun()
    {
        qputenv("CONLAB_WORKER", "/nonexistent/conlab-worker");
        SweepRunner runner;
        QSignalSpy failed(&runner, &SweepRunner::failed);
        QSignalSpy started(&runner, &SweepRunner::runStarted);
        QSignalSpy done(&runner, &SweepRunner::finished);
        runner.start(plan({ StrategyKind::Processes }, { 2 }, 1, 5).runs());
        QVERIFY(failed.wait(5000));
        qunsetenv("CONLAB_WORKER");
        QVERIFY2(failed.first().first().toString().contains(u"/nonexistent/conlab-worker"),
            qPrintable(failed.first().first().toString()));
        QTest::qWait(50);
        QCOMPARE(started.size(), 0);
        QCOMPARE(done.size(), 0);
    }

    // One session from start to end: every run reaches the sink and the journal before its signal, the results carry
    // what a result file keeps, the journal ends "finished".
    void sessionFinishedKeepsEveryRunAndEndsTheJournal()
    {
        QTemporaryDir dir;
        SweepSessionOptions options;
        options.command = u"conlab sweep --test"_qs;
        options.journal = true;
        options.journalPath = dir.filePath(u"session.jsonl"_qs);
        const SweepPlan sweep = plan({ StrategyKind::Sequential, StrategyKind::Threads }, { 2, 4 }, 1, 5);
        SweepSession session(sweep, options);
        SessionProbe probe(session);
        QString error;
        QVERIFY2(session.start(&error), qPrintable(error));
        QVERIFY(session.isRunning());
        QVERIFY(session.journal().isOpen());
        QVERIFY(probe.finished.wait(30000));
        QVERIFY(!session.isRunning());
        QCOMPARE(probe.cancelled.size() + probe.failed.size(), 0);
        QCOMPARE(session.end(), JournalEnd::Finished);

        const int planned = 4;
        QCOMPARE(session.plannedRuns(), planned);
        QCOMPARE(probe.started.size(), planned);
        QCOMPARE(probe.progress.size(), planned);
        for (int i = 0; i < planned; ++i) {
            QCOMPARE(probe.progress.at(i).at(0).toInt(), i + 1);
            QCOMPARE(probe.progress.at(i).at(1).toInt(), planned);
        }
        QVERIFY(probe.progress.last().at(2).toDouble() >= 0); // known once a run finished: nothing left
        QCOMPARE(probe.sink.indexes(), QList<int>({ 0, 1, 2, 3 }));
        QCOMPARE(SessionProbe::notEachAtLeastItsRun(probe.inSink, 4), QString());
        QCOMPARE(SessionProbe::notEachAtLeastItsRun(probe.inJournal, 4), QString());
        QCOMPARE(probe.inResults, QList<int>({ 1, 2, 3, 4 }));

        const ResultSet& results = session.results();
        QCOMPARE(results.runs.size(), planned);
        for (const RunResult& run : results.runs)
            QVERIFY2(run.isOk(), qPrintable(run.message));
        QCOMPARE(results.metadata.sweepEnd, u"finished"_qs);
        QCOMPARE(results.metadata.plannedRuns, planned);
        QCOMPARE(results.metadata.command, options.command);
        QVERIFY(results.metadata.hasMachine);
        QVERIFY(results.metadata.created.isValid());

        QVERIFY(session.journalEnded());
        QVERIFY(!session.journal().isOpen());
        const auto contents = RunJournal::load(options.journalPath, &error);
        QVERIFY2(contents, qPrintable(error));
        QCOMPARE(contents->end, JournalEnd::Finished);
        QCOMPARE(contents->set.runs.size(), planned);
        QCOMPARE(contents->set.metadata.command, options.command);
    }

    // Cancel is decided in the session: the finished runs are kept (with the cancelled one), the journal ends
    // "cancelled" holding them, and the results say the sweep was cancelled and how many runs it planned.
    void sessionCancelledKeepsFinishedRunsAndEndsTheJournal()
    {
        QTemporaryDir dir;
        SweepSessionOptions options;
        options.journal = true;
        options.journalDirectory = dir.path();
        // Two short runs, then two of 10 s and more: the first is cancelled in its middle, the second never starts.
        const SweepPlan sweep = plan({ StrategyKind::Sequential }, { 1, 2, 2000, 3000 }, 1, 5);
        SweepSession session(sweep, options);
        SessionProbe probe(session);
        QString error;
        QVERIFY2(session.start(&error), qPrintable(error));
        QVERIFY2(session.journalProblem().isEmpty(), qPrintable(session.journalProblem()));
        QVERIFY(session.journal().path().startsWith(dir.path()));
        QTRY_COMPARE_WITH_TIMEOUT(probe.runFinished.size(), 2, 10000);
        QTest::qWait(300); // the long run is under way
        QVERIFY(!session.isCancelling());
        session.cancel();
        QVERIFY(session.isCancelling());
        QVERIFY(probe.cancelled.wait(5000));
        QCOMPARE(probe.finished.size(), 0);
        QVERIFY(!session.isRunning());
        QVERIFY(!session.isCancelling());
        QCOMPARE(session.end(), JournalEnd::Cancelled);

        QCOMPARE(probe.sink.indexes(), QList<int>({ 0, 1, 2 }));
        QCOMPARE(probe.sink.statuses(), QList<RunStatus>({ RunStatus::Ok, RunStatus::Ok, RunStatus::Cancelled }));
        QCOMPARE(SessionProbe::notEachAtLeastItsRun(probe.inSink, 3), QString());
        QCOMPARE(SessionProbe::notEachAtLeastItsRun(probe.inJournal, 3), QString());
        QCOMPARE(probe.progress.size(), 3);
        QCOMPARE(probe.progress.last().at(0).toInt(), 3);
        QCOMPARE(probe.progress.last().at(1).toInt(), 4);

        const ResultSet& results = session.results();
        QCOMPARE(results.runs.size(), 3);
        QVERIFY(results.runs.at(0).isOk());
        QVERIFY(results.runs.at(1).isOk());
        QCOMPARE(results.runs.at(2).status, RunStatus::Cancelled);
        QCOMPARE(results.metadata.sweepEnd, u"cancelled"_qs);
        QCOMPARE(results.metadata.plannedRuns, 4);

        QVERIFY(session.journalEnded());
        QCOMPARE(session.journal().runsWritten(), 3);
        const auto contents = RunJournal::load(session.journal().path(), &error);
        QVERIFY2(contents, qPrintable(error));
        QCOMPARE(contents->end, JournalEnd::Cancelled);
        QCOMPARE(contents->set.runs.size(), 3);
        QCOMPARE(contents->set.runs.at(2).status, RunStatus::Cancelled);
        QCOMPARE(ProcessProbe::childPids(), QList<qint64> {});
    }

    // An app that quits mid-sweep deletes its session: the sweep stops, nothing of it is left running, and its journal
    // has no end line, so it reads as interrupted and the next start offers to restore its runs.
    void deletingARunningSessionLeavesItsJournalInterrupted()
    {
        QTemporaryDir dir;
        SweepSessionOptions options;
        options.journal = true;
        options.journalPath = dir.filePath(u"quit.jsonl"_qs);
        const int threadsBefore = ProcessProbe::settledThreadCount();
        auto session = std::make_unique<SweepSession>(plan({ StrategyKind::Sequential }, { 1, 2000 }, 1, 5), options);
        SessionProbe probe(*session); // its sink outlives the session, as a sink must
        QVERIFY(session->start());
        QTRY_COMPARE_WITH_TIMEOUT(probe.runFinished.size(), 1, 10000);
        QTest::qWait(100); // the long run is under way
        session.reset();
        QTRY_COMPARE_WITH_TIMEOUT(ProcessProbe::threadCount(), threadsBefore, ProcessProbe::exitGraceMs);
        const QList<JournalInfo> journals = RunJournal::list(dir.path());
        QCOMPARE(journals.size(), 1);
        QVERIFY2(journals.first().problem.isEmpty(), qPrintable(journals.first().problem));
        QCOMPARE(journals.first().end, JournalEnd::None); // interrupted, once this process (its writer) is gone
        QVERIFY(journals.first().writerAlive);
        QVERIFY(journals.first().runs >= 1);
    }

    // A journal the user named that cannot be created stops the sweep before it starts; the default one only warns.
    void sessionJournalThatCannotBeCreated()
    {
        QTemporaryDir dir;
        const QString blocker = dir.filePath(u"not-a-directory"_qs);
        QFile file(blocker);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.close();
        const SweepPlan sweep = plan({ StrategyKind::Sequential }, { 1 }, 1, 1);

        SweepSessionOptions named;
        named.journal = true;
        named.journalPath = blocker + u"/sweep.jsonl"_qs;
        SweepSession refused(sweep, named);
        QSignalSpy refusedStarted(&refused, &SweepSession::runStarted);
        QString error;
        QVERIFY(!refused.start(&error));
        QVERIFY2(error.contains(u"not-a-directory"_qs), qPrintable(error));
        QVERIFY(!refused.isRunning());
        QTest::qWait(50);
        QCOMPARE(refusedStarted.size(), 0);

        SweepSessionOptions inDirectory;
        inDirectory.journal = true;
        inDirectory.journalDirectory = blocker;
        SweepSession unjournaled(sweep, inDirectory);
        QSignalSpy finished(&unjournaled, &SweepSession::finished);
        QVERIFY(unjournaled.start(&error));
        QVERIFY(!unjournaled.journalProblem().isEmpty());
        QVERIFY(!unjournaled.isJournaled());
        QVERIFY(finished.wait(10000));
        QCOMPARE(unjournaled.results().runs.size(), 1);
        QVERIFY(!unjournaled.journalEnded());
    }

    // A sweep that cannot start fails once, ends its journal "failed", and runs nothing.
    void sessionThatCannotStartFails()
    {
        qputenv("CONLAB_WORKER", "/nonexistent/conlab-worker");
        const auto restore = qScopeGuard([] { qunsetenv("CONLAB_WORKER"); });
        QTemporaryDir dir;
        SweepSessionOptions options;
        options.journal = true;
        options.journalPath = dir.filePath(u"failed.jsonl"_qs);
        SweepSession session(plan({ StrategyKind::Processes }, { 2 }, 1, 5), options);
        SessionProbe probe(session);
        QVERIFY(session.start());
        QVERIFY(probe.failed.wait(5000));
        QVERIFY(!session.isRunning());
        QCOMPARE(session.end(), JournalEnd::Failed);
        QTest::qWait(50);
        QCOMPARE(probe.started.size() + probe.finished.size() + probe.cancelled.size(), 0);
        QVERIFY(probe.sink.indexes().isEmpty());
        QString error;
        const auto contents = RunJournal::load(options.journalPath, &error);
        QVERIFY2(contents, qPrintable(error));
        QCOMPARE(contents->end, JournalEnd::Failed);
        QVERIFY(contents->set.runs.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestSweep)
#include "tst_sweep.moc"
