// conlab as a user runs it: the real executable, started as a process, its output and exit code.

#include "machineinfo.h"
#include "processprobe.h"
#include "realfaults.h"
#include "resultfile.h"
#include "runjournal.h"
#include "strategies.h"
#include "strategystyle.h"
#include "sweepplan.h"
#include "testspecs.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <sys/resource.h>
#include <unistd.h>

namespace {
struct Outcome
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

QString conlabPath()
{
    return QCoreApplication::applicationDirPath() + QStringLiteral("/conlab");
}

Outcome runConlabWith(const QProcessEnvironment& environment, const QStringList& arguments, int timeoutMs = 60000)
{
    QProcess process;
    process.setProcessEnvironment(environment);
    process.start(conlabPath(), arguments);
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished();
    }
    return { process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1, process.readAllStandardOutput(),
        process.readAllStandardError() };
}

Outcome runConlab(const QStringList& arguments, int timeoutMs = 60000)
{
    return runConlabWith(QProcessEnvironment::systemEnvironment(), arguments, timeoutMs);
}

// An environment whose CPU calibration cache ($XDG_CACHE_HOME/conlab/cpu-calibration.json) holds `json`.
QProcessEnvironment withCalibrationCache(const QString& cacheHome, const QByteArray& json)
{
    QDir().mkpath(cacheHome + QStringLiteral("/conlab"));
    QFile file(cacheHome + QStringLiteral("/conlab/cpu-calibration.json"));
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(json) != json.size())
        qWarning("cannot write the calibration cache in %s", qPrintable(cacheHome));
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("XDG_CACHE_HOME"), cacheHome);
    return environment;
}

QByteArray calibrationJson(const QString& cpuModel, const QByteArray& iterations)
{
    return "{\"cpu_model\": " + QJsonDocument(QJsonArray { cpuModel }).toJson(QJsonDocument::Compact).mid(1).chopped(1)
        + ", \"iterations_per_ms\": " + iterations + ", \"clock\": \"thread-cpu, fastest round\"}\n";
}

QJsonObject parseObject(const QByteArray& json)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(json, &error);
    if (error.error != QJsonParseError::NoError)
        qWarning("not JSON: %s\n%s", qPrintable(error.errorString()), json.constData());
    return document.object();
}
} // namespace

class TestCli : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;

    QString path(const QString& name) const { return m_dir.filePath(name); }

    // A file of the test's own in its directory, for conlab to read; its path, or empty when it could not be written.
    QString writeInput(const QString& name, const QByteArray& bytes) const
    {
        QFile file(path(name));
        if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(bytes) != bytes.size())
            return {};
        return file.fileName();
    }

    // Where conlab keeps its journals in these tests ($XDG_STATE_HOME/conlab/journal), not in the user's home.
    QString journalDirectory() const { return path(u"state/conlab/journal"_qs); }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        qputenv("XDG_STATE_HOME", QFile::encodeName(path(u"state"_qs)));
    }

    void runPrintsOneJsonObject()
    {
        const Outcome outcome = runConlab({ u"run"_qs, u"--strategy"_qs, u"threads"_qs, u"--tasks"_qs, u"8"_qs,
            u"--task-ms"_qs, u"20"_qs, u"--json"_qs });
        QCOMPARE(outcome.exitCode, 0);
        const QJsonObject run = parseObject(outcome.out);
        QCOMPARE(run.value(u"strategy").toString(), u"threads"_qs);
        QCOMPARE(run.value(u"tasks").toInt(), 8);
        QCOMPARE(run.value(u"threads").toInt(), 8);
        QCOMPARE(run.value(u"processes").toInt(), 1);
        QCOMPARE(run.value(u"status").toString(), u"ok"_qs);
        QCOMPARE(run.value(u"ideal_seconds").toDouble(), 0.020);
        QVERIFY(run.value(u"seconds").toDouble() >= 0.020);
        QVERIFY(!run.contains(u"traces"));
    }

    void runWithTracesNamesTheWorkerProcesses()
    {
        const Outcome outcome = runConlab({ u"run"_qs, u"--strategy"_qs, u"processes"_qs, u"--processes"_qs, u"2"_qs,
            u"--tasks"_qs, u"4"_qs, u"--task-ms"_qs, u"10"_qs, u"--json"_qs, u"--traces"_qs });
        QCOMPARE(outcome.exitCode, 0);
        const QJsonArray traces = parseObject(outcome.out).value(u"traces").toArray();
        QCOMPARE(traces.size(), 4);
        QSet<qint64> pids;
        for (const QJsonValue& trace : traces)
            pids.insert(trace.toArray().at(2).toInteger());
        QCOMPARE(pids.size(), 2);
    }

    void compareTellsSlowerFromNoise()
    {
        const QString article = QFINDTESTDATA("../resources/article-runs.csv");
        std::optional<ResultSet> doubled = readResultFile(article, nullptr);
        QVERIFY(doubled);
        for (RunResult& run : doubled->runs)
            run.seconds *= 2;
        const QString slower = path(u"article-doubled.json"_qs);
        QVERIFY(writeResultFile(slower, *doubled, nullptr));

        Outcome outcome = runConlab({ u"compare"_qs, article, slower, u"--json"_qs });
        QCOMPARE(outcome.exitCode, 0);
        const QJsonObject json = parseObject(outcome.out);
        const QJsonArray rows = json.value(u"rows").toArray();
        QCOMPARE(rows.size(), 18);
        for (const QJsonValue& row : rows) {
            QCOMPARE(row[u"verdict"].toString(), u"slower"_qs);
            QVERIFY(std::abs(row[u"ratio"].toDouble() - 2) < 1e-9);
            QVERIFY(row[u"p_value"].toDouble() < 0.01);
        }
        outcome = runConlab({ u"compare"_qs, article, article });
        QCOMPARE(outcome.exitCode, 0);
        QVERIFY2(outcome.out.contains("B is faster at 0 and slower at 0 of 18 points"), outcome.out.constData());
        QVERIFY(outcome.out.contains("Mann-Whitney U"));
        outcome = runConlab({ u"compare"_qs, article, slower, u"--markdown"_qs });
        QCOMPARE(outcome.exitCode, 0);
        QVERIFY(outcome.out.contains("| slower |"));

        // Nothing in common is said, with exit code 2.
        const QString other = path(u"other.csv"_qs);
        QVERIFY(writeInput(u"other.csv"_qs, "strategy,tasks,seconds\nsequential,3,0.3\n") == other);
        outcome = runConlab({ u"compare"_qs, article, other });
        QCOMPARE(outcome.exitCode, 2);
        QVERIFY2(outcome.err.contains("have no strategy and task count in common"), outcome.err.constData());
    }

    void traceWritesARunForPerfetto()
    {
        // conlab run --trace-out: the run as it ran, on its two worker processes.
        const QString direct = path(u"direct-trace.json"_qs);
        Outcome outcome = runConlab({ u"run"_qs, u"--strategy"_qs, u"blended"_qs, u"--processes"_qs, u"2"_qs,
            u"--tasks"_qs, u"6"_qs, u"--task-ms"_qs, u"20"_qs, u"--trace-out"_qs, direct });
        QCOMPARE(outcome.exitCode, 0);
        QVERIFY2(outcome.err.contains("wrote the run's trace to"), outcome.err.constData());
        // The report splits the time as the trace shows it.
        QVERIFY2(
            QRegularExpression(u"\n  Split:   start-up [0-9.]+ ms, dispatch [0-9.]+ ms, work [0-9.]+ ms, waiting for "
                               "the slowest worker [0-9.]+ ms, hand-back [0-9.]+ ms \\(the mean of [1-6] worker "
                               "threads?\\)\n"_qs)
                .match(QString::fromUtf8(outcome.out))
                .hasMatch(),
            outcome.out.constData());
        QFile file(direct);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QJsonObject trace = parseObject(file.readAll());
        int tasks = 0;
        QSet<QString> processNames;
        for (const QJsonValue& event : trace.value(u"traceEvents").toArray()) {
            if (event[u"ph"].toString() == u"X")
                ++tasks;
            if (event[u"name"].toString() == u"process_name")
                processNames.insert(event[u"args"][u"name"].toString());
        }
        QCOMPARE(tasks, 6);
        QVERIFY(!processNames.isEmpty() && processNames.size() <= 2);
        for (const QString& name : std::as_const(processNames))
            QVERIFY2(name.startsWith(u"worker "), qPrintable(name));
        QCOMPARE(trace.value(u"otherData")[u"run"][u"strategy"].toString(), u"blended"_qs);

        // conlab trace: one run of a sweep's file, chosen by its position.
        const QString runs = path(u"two-runs.json"_qs);
        const QString csv = path(u"two-runs.csv"_qs);
        outcome = runConlab({ u"sweep"_qs, u"--strategies"_qs, u"threads,async"_qs, u"--tasks"_qs, u"5"_qs,
            u"--task-ms"_qs, u"10"_qs, u"--json"_qs, runs, u"--csv"_qs, csv, u"--no-journal"_qs });
        QCOMPARE(outcome.exitCode, 0);
        const QString second = path(u"second.json"_qs);
        outcome = runConlab({ u"trace"_qs, runs, u"--run"_qs, u"2"_qs, u"-o"_qs, second });
        QCOMPARE(outcome.exitCode, 0);
        QVERIFY2(outcome.err.contains("wrote the trace of run 2 (async, 5 tasks)"), outcome.err.constData());
        QFile secondFile(second);
        QVERIFY(secondFile.open(QIODevice::ReadOnly));
        const QJsonObject secondTrace = parseObject(secondFile.readAll());
        QCOMPARE(secondTrace.value(u"otherData")[u"run"][u"strategy"].toString(), u"async"_qs);
        // An event loop's overlapping waits are async events, a begin and an end per task.
        int begins = 0;
        for (const QJsonValue& event : secondTrace.value(u"traceEvents").toArray())
            begins += event[u"ph"].toString() == u"b" ? 1 : 0;
        QCOMPARE(begins, 5);
        outcome = runConlab({ u"trace"_qs, runs, u"--run"_qs, u"1"_qs, u"-o"_qs, u"-"_qs });
        QCOMPARE(outcome.exitCode, 0);
        QCOMPARE(parseObject(outcome.out).value(u"otherData")[u"run"][u"strategy"].toString(), u"threads"_qs);

        // What cannot be traced says why, in one line, with exit code 2.
        const std::pair<QStringList, QString> refusals[] = {
            { { u"trace"_qs, runs, u"-o"_qs, u"-"_qs }, u"holds 2 runs; choose one with --run K"_qs },
            { { u"trace"_qs, runs, u"--run"_qs, u"3"_qs, u"-o"_qs, u"-"_qs },
                u"--run 3 is out of range: %1 holds 2 runs"_qs.arg(runs) },
            { { u"trace"_qs, csv, u"--run"_qs, u"1"_qs, u"-o"_qs, path(u"none.json"_qs) },
                u"run 1 of %1: the run has no task traces: a CSV file keeps none"_qs.arg(csv) },
        };
        for (const auto& [arguments, message] : refusals) {
            outcome = runConlab(arguments);
            QCOMPARE(outcome.exitCode, 2);
            QVERIFY(outcome.out.isEmpty());
            QVERIFY2(QString::fromUtf8(outcome.err).contains(message), outcome.err.constData());
            QCOMPARE(outcome.err.count('\n'), 1);
        }
        QVERIFY(!QFile::exists(path(u"none.json"_qs)));
    }

    void badArgumentsExitWithCode2_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("message");
        const QString run = u"run"_qs;
        const QString sweep = u"sweep"_qs;
        QTest::addRow("unknown command") << QStringList { u"frobnicate"_qs } << u"unknown command 'frobnicate'"_qs;
        QTest::addRow("unknown strategy")
            << QStringList { run, u"--strategy"_qs, u"fibers"_qs, u"--tasks"_qs, u"1"_qs } << u"--strategy 'fibers'"_qs;
        QTest::addRow("zero tasks") << QStringList { run, u"--strategy"_qs, u"threads"_qs, u"--tasks"_qs, u"0"_qs }
                                    << u"--tasks 0 is out of range"_qs;
        QTest::addRow("10^9 tasks") << QStringList { run, u"--strategy"_qs, u"threads"_qs, u"--tasks"_qs,
            u"1000000000"_qs } << u"--tasks 1000000000 is out of range"_qs;
        QTest::addRow("negative time") << QStringList { run, u"--strategy"_qs, u"threads"_qs, u"--tasks"_qs, u"3"_qs,
            u"--task-ms"_qs, u"-5"_qs } << u"--task-ms -5 is out of range"_qs;
        QTest::addRow("bad workload") << QStringList { run, u"--strategy"_qs, u"threads"_qs, u"--tasks"_qs, u"3"_qs,
            u"--workload"_qs, u"disk"_qs }
                                      << u"--workload 'disk'"_qs;
        QTest::addRow("workload option of another workload")
            << QStringList { run, u"--strategy"_qs, u"threads"_qs, u"--tasks"_qs, u"3"_qs, u"--bytes"_qs, u"4096"_qs }
            << u"--bytes applies only to the file workload, not to sleep"_qs;
        QTest::addRow("sweep, option none of its workloads reads") << QStringList {
            sweep, u"--tasks"_qs, u"3"_qs, u"--workloads"_qs, u"sleep,net"_qs, u"--cpu-ms"_qs, u"5"_qs
        } << u"--cpu-ms applies only to the mixed workload, not to sleep or net"_qs;
        QTest::addRow("command without a command") << QStringList { run, u"--strategy"_qs, u"threads"_qs, u"--tasks"_qs,
            u"3"_qs, u"--workload"_qs, u"command"_qs }
                                                   << u"the command workload needs --command"_qs;
        QTest::addRow("command with an unclosed quote") << QStringList { run, u"--strategy"_qs, u"threads"_qs,
            u"--tasks"_qs, u"3"_qs, u"--workload"_qs, u"command"_qs, u"--command"_qs, u"echo \"{}"_qs }
                                                        << u"the double quote at column 6 is not closed"_qs;
        QTest::addRow("bytes out of range") << QStringList { run, u"--strategy"_qs, u"threads"_qs, u"--tasks"_qs,
            u"3"_qs, u"--workload"_qs, u"file"_qs, u"--bytes"_qs, u"0"_qs }
                                            << u"--bytes '0' is not a whole number from 1 to"_qs;
        QTest::addRow("workload and workloads") << QStringList { sweep, u"--tasks"_qs, u"3"_qs, u"--workload"_qs,
            u"cpu"_qs, u"--workloads"_qs, u"sleep"_qs }
                                                << u"choose one of --workload and --workloads"_qs;
        QTest::addRow("workload listed twice") << QStringList { sweep, u"--tasks"_qs, u"3"_qs, u"--workloads"_qs,
            u"sleep,file,sleep"_qs } << u"--workloads: workload sleep is listed twice"_qs;
        QTest::addRow("bad chunksize") << QStringList { run, u"--strategy"_qs, u"processes"_qs, u"--tasks"_qs, u"3"_qs,
            u"--chunksize"_qs, u"0"_qs }
                                       << u"--chunksize '0'"_qs;
        QTest::addRow("step 0") << QStringList { sweep, u"--tasks"_qs, u"100:900:0"_qs }
                                << u"STEP 0 is out of range"_qs;
        QTest::addRow("sweep, zero tasks")
            << QStringList { sweep, u"--tasks"_qs, u"0"_qs } << u"--tasks: task count 0 is out of range"_qs;
        QTest::addRow("sweep, 10^9 tasks") << QStringList { sweep, u"--tasks"_qs, u"1000000000"_qs }
                                           << u"--tasks: task count 1000000000 is out of range"_qs;
        QTest::addRow("sweep, negative time") << QStringList { sweep, u"--tasks"_qs, u"5"_qs, u"--task-ms"_qs,
            u"-5"_qs } << u"--task-ms -5 is out of range"_qs;
        QTest::addRow("task time over an hour") << QStringList { sweep, u"--tasks"_qs, u"5"_qs, u"--task-ms"_qs,
            u"3600001"_qs } << u"--task-ms 3600001 is out of range"_qs;
        QTest::addRow("processes beyond the limit") << QStringList { run, u"--strategy"_qs, u"processes"_qs,
            u"--tasks"_qs, u"4"_qs, u"--processes"_qs, u"100000"_qs }
                                                    << u"--processes 100000 is out of range (1 to 4096)"_qs;
        QTest::addRow("sweep, processes beyond the limit") << QStringList { sweep, u"--tasks"_qs, u"5"_qs,
            u"--processes"_qs, u"100000"_qs } << u"--processes 100000 is out of range"_qs;
        QTest::addRow("zero processes") << QStringList { sweep, u"--tasks"_qs, u"5"_qs, u"--processes"_qs, u"0"_qs }
                                        << u"--processes 0 is out of range"_qs;
        QTest::addRow("zero threads") << QStringList { run, u"--strategy"_qs, u"threads"_qs, u"--tasks"_qs, u"5"_qs,
            u"--threads"_qs, u"0"_qs } << u"--threads 0 is out of range"_qs;
        QTest::addRow("10^9 threads") << QStringList { run, u"--strategy"_qs, u"threads"_qs, u"--tasks"_qs, u"5"_qs,
            u"--threads"_qs, u"1000000000"_qs }
                                      << u"--threads 1000000000 is out of range"_qs;
        QTest::addRow("zero repeats") << QStringList { sweep, u"--tasks"_qs, u"5"_qs, u"--repeat"_qs, u"0"_qs }
                                      << u"--repeat 0 is out of range"_qs;
        QTest::addRow("too many task counts") << QStringList { sweep, u"--tasks"_qs, u"1:1000000:1"_qs }
                                              << u"--tasks: task range 1:1000000:1: more than 100000 task counts"_qs;
        QTest::addRow("too many runs") << QStringList {
            sweep, u"--tasks"_qs, u"1:100000:1"_qs, u"--repeat"_qs, u"100"_qs
        } << QStringLiteral("the sweep has %1 runs; at most 1000000").arg(allStrategies().size() * 10'000'000);
        QTest::addRow("journal and no journal") << QStringList { sweep, u"--tasks"_qs, u"5"_qs, u"--journal"_qs,
            u"j.jsonl"_qs, u"--no-journal"_qs } << u"choose one of --journal and --no-journal"_qs;
        QTest::addRow("journal extension") << QStringList { sweep, u"--tasks"_qs, u"5"_qs, u"--journal"_qs,
            u"j.json"_qs } << u"--journal 'j.json' must end in .jsonl"_qs;
        QFile existing(path(u"exists.jsonl"_qs));
        QVERIFY(existing.open(QIODevice::WriteOnly));
        QTest::addRow("journal exists") << QStringList { sweep, u"--tasks"_qs, u"5"_qs, u"--journal"_qs,
            existing.fileName() } << u"exists already; a journal is never overwritten"_qs;
        // Beyond the kernel's own ceiling (threads-max, pid_max) a run can never start, whoever runs it.
        const qint64 kernelCeiling = currentMachine().limits.kernelTaskCeiling();
        if (kernelCeiling > 0 && kernelCeiling < PlanLimits::MaxTasks) {
            const QString tasks = QString::number(kernelCeiling + 1);
            QTest::addRow("threads beyond the kernel's ceiling")
                << QStringList { sweep, u"--strategies"_qs, u"sequential,threads"_qs, u"--tasks"_qs, u"10,"_qs + tasks }
                << QStringLiteral("threads at %1 tasks needs %1 threads and processes at once, beyond this machine's "
                                  "ceiling of %2 (threads-max and pid_max): it can never start")
                       .arg(tasks)
                       .arg(kernelCeiling);
        }
        QTest::addRow("unknown option") << QStringList { sweep, u"--taks"_qs, u"5"_qs } << u"taks"_qs;
        QTest::addRow("csv extension") << QStringList { sweep, u"--tasks"_qs, u"5"_qs, u"--csv"_qs, u"out.txt"_qs }
                                       << u"must end in .csv"_qs;
        QTest::addRow("missing file") << QStringList { u"analyze"_qs, u"/nonexistent/runs.csv"_qs }
                                      << u"/nonexistent/runs.csv"_qs;

        // Options that would not take effect are refused like bad values, never dropped in silence.
        QTest::addRow("chunksize with threads")
            << QStringList { run, u"--strategy"_qs, u"threads"_qs, u"--tasks"_qs, u"4"_qs, u"--chunksize"_qs, u"2"_qs }
            << u"--chunksize applies only to processes, not to threads"_qs;
        QTest::addRow("processes with threads")
            << QStringList { run, u"--strategy"_qs, u"threads"_qs, u"--tasks"_qs, u"4"_qs, u"--processes"_qs, u"2"_qs }
            << u"--processes applies only to processes, blended and async, not to threads"_qs;
        QTest::addRow("threads with sequential")
            << QStringList { run, u"--strategy"_qs, u"sequential"_qs, u"--tasks"_qs, u"4"_qs, u"--threads"_qs, u"2"_qs }
            << u"--threads applies only to threads and blended, not to sequential"_qs;
        QTest::addRow("threads with processes") << QStringList { run, u"--strategy"_qs, u"processes"_qs, u"--tasks"_qs,
            u"4"_qs, u"--threads"_qs, u"2"_qs } << u"--threads applies only to threads and blended"_qs;
        QTest::addRow("sweep, chunksize with none of its strategies") << QStringList {
            sweep, u"--strategies"_qs, u"threads,blended"_qs, u"--tasks"_qs, u"4"_qs, u"--chunksize"_qs, u"2"_qs
        } << u"--chunksize applies only to processes, not to threads or blended"_qs;
        QTest::addRow("sweep, threads with sequential") << QStringList { sweep, u"--strategies"_qs, u"sequential"_qs,
            u"--tasks"_qs, u"4"_qs, u"--threads"_qs, u"2"_qs }
                                                        << u"--threads applies only to threads and blended"_qs;
        QTest::addRow("traces without json") << QStringList { run, u"--strategy"_qs, u"threads"_qs, u"--tasks"_qs,
            u"4"_qs, u"--traces"_qs } << u"--traces needs --json"_qs;
        QTest::addRow("duplicate task counts")
            << QStringList { sweep, u"--tasks"_qs, u"1,1,1"_qs } << u"--tasks: task count 1 is listed twice"_qs;
        QTest::addRow("range whose step passes its end") << QStringList { sweep, u"--tasks"_qs,
            u"1:5:10"_qs } << u"--tasks: task range 1:5:10: STEP 10 goes past TO (5) from FROM (1)"_qs;
        QTest::addRow("all among other strategies") << QStringList { sweep, u"--strategies"_qs, u"all,threads"_qs,
            u"--tasks"_qs, u"4"_qs } << u"--strategies: 'all' stands alone"_qs;
        QTest::addRow("a strategy twice") << QStringList { sweep, u"--strategies"_qs, u"threads,threads"_qs,
            u"--tasks"_qs, u"4"_qs } << u"--strategies: strategy 'threads' is listed twice"_qs;
        QTest::addRow("an option twice") << QStringList { run, u"--strategy"_qs, u"threads"_qs, u"--tasks"_qs, u"4"_qs,
            u"--tasks"_qs, u"8"_qs } << u"--tasks is given more than once"_qs;
        QTest::addRow("analyze, an option twice") << QStringList { u"analyze"_qs, u"--fit"_qs, u"mean"_qs,
            u"--fit=median"_qs, u"runs.csv"_qs } << u"--fit is given more than once"_qs;
        QTest::addRow("limits, an argument")
            << QStringList { u"limits"_qs, u"now"_qs } << u"limits takes no argument 'now'"_qs;
        QTest::addRow("calibrate, an argument")
            << QStringList { u"calibrate"_qs, u"again"_qs } << u"calibrate takes no argument 'again'"_qs;
        QTest::addRow("too few resamples") << QStringList { u"analyze"_qs, u"--resamples"_qs, u"100"_qs,
            u"runs.csv"_qs } << u"--resamples 100 is too few for a 95% interval: at least 1000, or 0 for none"_qs;
        QTest::addRow("a seed that is not a number") << QStringList { u"analyze"_qs, u"--seed"_qs, u"-1"_qs,
            u"runs.csv"_qs } << u"--seed '-1' is not a whole"_qs;
        QTest::addRow("compare, one file")
            << QStringList { u"compare"_qs, u"a.json"_qs } << u"compare needs two files"_qs;
        QTest::addRow("compare, JSON and Markdown") << QStringList { u"compare"_qs, u"a.json"_qs, u"b.json"_qs,
            u"--json"_qs, u"--markdown"_qs } << u"choose one of --json and --markdown"_qs;
        QTest::addRow("trace without an output")
            << QStringList { u"trace"_qs, u"runs.json"_qs } << u"trace needs -o OUT.json"_qs;
        QTest::addRow("trace to a file that is not JSON") << QStringList { u"trace"_qs, u"runs.json"_qs, u"-o"_qs,
            u"run.txt"_qs } << u"-o 'run.txt' must end in .json"_qs;
        QTest::addRow("trace of run 0") << QStringList { u"trace"_qs, u"runs.json"_qs, u"--run"_qs, u"0"_qs, u"-o"_qs,
            u"-"_qs } << u"--run 0 is out of range"_qs;
        QTest::addRow("run, trace to a file that is not JSON") << QStringList { run, u"--strategy"_qs, u"threads"_qs,
            u"--tasks"_qs, u"2"_qs, u"--trace-out"_qs, u"run.trace"_qs }
                                                               << u"--trace-out 'run.trace' must end in .json"_qs;
        QTest::addRow("version, an argument")
            << QStringList { u"--version"_qs, u"--json"_qs } << u"--version takes no argument '--json'"_qs;
    }

    void badArgumentsExitWithCode2()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QString, message);
        const Outcome outcome = runConlab(arguments);
        QCOMPARE(outcome.exitCode, 2);
        QVERIFY(outcome.out.isEmpty());
        const QString err = QString::fromUtf8(outcome.err);
        QVERIFY2(err.startsWith(u"conlab: "), qPrintable(err));
        QCOMPARE(err.count(u'\n'), 1); // one line
        QVERIFY2(err.contains(message), qPrintable(err));
        QVERIFY(QDir(journalDirectory()).isEmpty()); // nothing started, so no journal
    }

    void sweepExportsThatAnalyzeReads()
    {
        const QString csv = path(u"sweep.csv"_qs);
        const QString json = path(u"sweep.json"_qs);
        const Outcome sweep = runConlab(
            { u"sweep"_qs, u"--strategies"_qs, u"threads,blended"_qs, u"--tasks"_qs, u"10:40:10"_qs, u"--repeat"_qs,
                u"2"_qs, u"--task-ms"_qs, u"10"_qs, u"--processes"_qs, u"2"_qs, u"--csv"_qs, csv, u"--json"_qs, json });
        QCOMPARE(sweep.exitCode, 0);
        QVERIFY2(sweep.out.contains("16 of 16 runs completed"), sweep.out.constData());

        QFile csvFile(csv);
        QVERIFY(csvFile.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = csvFile.readAll().trimmed().split('\n');
        QCOMPARE(lines.size(), 17);
        QVERIFY(lines.first().startsWith("strategy,workload,task_ms,tasks,threads,processes"));

        const QJsonObject file = parseObject([&] {
            QFile f(json);
            return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
        }());
        QVERIFY(file.value(u"machine").toObject().value(u"cores").toInt() >= 1);
        const QJsonArray runs = file.value(u"runs").toArray();
        QCOMPARE(runs.size(), 16);
        QCOMPARE(runs.at(0).toObject().value(u"traces").toArray().size(), 10);

        for (const QString& input : { csv, json }) {
            const Outcome analyze = runConlab({ u"analyze"_qs, input, u"--json"_qs });
            QCOMPARE(analyze.exitCode, 0);
            const QJsonObject report = parseObject(analyze.out);
            const QJsonObject threads = report.value(u"strategies").toObject().value(u"threads").toObject();
            const QJsonObject fit = threads.value(u"fit").toObject();
            for (const char* key : { "a", "b", "c", "r2" })
                QVERIFY2(fit.value(QLatin1String(key)).isDouble(), key);
            const QJsonArray points = threads.value(u"points").toArray();
            QCOMPARE(points.size(), 4);
            QCOMPARE(points.at(0).toObject().value(u"tasks").toInt(), 10);
            QCOMPARE(points.at(0).toObject().value(u"n").toInt(), 2);
            for (const char* key : { "mean", "median", "stddev" })
                QVERIFY2(points.at(0).toObject().value(QLatin1String(key)).isDouble(), key);
            const QJsonObject model = threads.value(u"model").toObject();
            QVERIFY(model.contains(u"y") && model.contains(u"o"));
            QVERIFY(report.value(u"crossovers").isArray());
        }
    }

    void analyzeReproducesTheArticle()
    {
        const Outcome outcome
            = runConlab({ u"analyze"_qs, QFINDTESTDATA("../resources/article-runs.csv"), u"--json"_qs });
        QCOMPARE(outcome.exitCode, 0);
        const QJsonObject strategies = parseObject(outcome.out).value(u"strategies").toObject();
        const QJsonObject threads = strategies.value(u"threads").toObject().value(u"fit").toObject();
        const QJsonObject blended = strategies.value(u"blended").toObject().value(u"fit").toObject();
        // The article's x is tasks / 100: a_article = a * 10^4, b_article = b * 100.
        QVERIFY(qAbs(threads.value(u"a").toDouble() * 1e4 - 0.0237) < 0.0006);
        QVERIFY(qAbs(threads.value(u"b").toDouble() * 1e2 + 0.0655) < 0.0006);
        QVERIFY(qAbs(threads.value(u"c").toDouble() - 2.4838) < 0.0006);
        QVERIFY(qAbs(threads.value(u"r2").toDouble() - 0.83) < 0.01);
        QVERIFY(qAbs(blended.value(u"a").toDouble() * 1e4 - 0.0038) < 0.0006);
        QVERIFY(qAbs(blended.value(u"r2").toDouble() - 0.99) < 0.01);

        const Outcome markdown
            = runConlab({ u"analyze"_qs, QFINDTESTDATA("../resources/article-runs.csv"), u"--markdown"_qs });
        QCOMPARE(markdown.exitCode, 0);
        QVERIFY(markdown.out.contains("| "));

        // The crossover's interval: the same with the same seed, another with another, as stated.
        const auto crossoverOf = [](const QStringList& options) {
            const Outcome outcome = runConlab(
                QStringList { u"analyze"_qs, QFINDTESTDATA("../resources/article-runs.csv"), u"--json"_qs } + options);
            return parseObject(outcome.out).value(u"crossovers").toArray().at(0).toObject();
        };
        const QJsonObject byDefault = crossoverOf({});
        QCOMPARE(crossoverOf({ u"--seed"_qs, u"20240501"_qs }).value(u"ci95"), byDefault.value(u"ci95"));
        QVERIFY(crossoverOf({ u"--seed"_qs, u"1"_qs }).value(u"ci95") != byDefault.value(u"ci95"));
        QVERIFY(crossoverOf({ u"--resamples"_qs, u"0"_qs }).value(u"ci95").isNull());
        const QJsonArray ci95 = byDefault.value(u"ci95").toArray();
        QVERIFY(ci95.at(0).toDouble() < 835 && 835 < ci95.at(1).toDouble());
    }

    // Two sweeps of the real conlab, --processes 2 and --processes 8, joined into one CSV as a user would: analyze
    // reports two series, each with its own repeats and no mean below its ideal bound, in text, JSON and Markdown.
    void analyzeOfJoinedSweepsKeepsTheSeriesApart()
    {
        QByteArray joined;
        for (const QString& processes : { u"2"_qs, u"8"_qs }) {
            const QString csv = path(u"joined-part-%1.csv"_qs.arg(processes));
            const Outcome sweep
                = runConlab({ u"sweep"_qs, u"--strategies"_qs, u"processes"_qs, u"--processes"_qs, processes,
                    u"--tasks"_qs, u"2:8:2"_qs, u"--task-ms"_qs, u"10"_qs, u"--repeat"_qs, u"2"_qs, u"--csv"_qs, csv });
            QVERIFY2(sweep.exitCode == 0, sweep.err.constData());
            QFile file(csv);
            QVERIFY(file.open(QIODevice::ReadOnly));
            QByteArray data = file.readAll();
            if (!joined.isEmpty())
                data = data.mid(data.indexOf('\n') + 1); // the header once
            joined += data;
        }
        const QString input = writeInput(u"joined.csv"_qs, joined);
        QVERIFY(!input.isEmpty());

        const Outcome text = runConlab({ u"analyze"_qs, input });
        QCOMPARE(text.exitCode, 0);
        QVERIFY2(text.out.contains("\nprocesses C=2: 8 OK runs") && text.out.contains("\nprocesses C=8: 8 OK runs"),
            text.out.constData());
        QVERIFY(!text.out.contains("\nprocesses: "));

        const Outcome json = runConlab({ u"analyze"_qs, input, u"--json"_qs });
        QCOMPARE(json.exitCode, 0);
        const QJsonObject strategies = parseObject(json.out).value(u"strategies").toObject();
        QCOMPARE(strategies.keys(), (QStringList { u"processes C=2"_qs, u"processes C=8"_qs }));
        for (const QString& name : strategies.keys()) {
            const QJsonObject series = strategies.value(name).toObject();
            QCOMPARE(series.value(u"strategy").toString(), u"processes"_qs);
            QCOMPARE(series.value(u"processes").toInt(), name.endsWith(u'2') ? 2 : 8);
            QCOMPARE(series.value(u"ok_runs").toInt(), 8);
            for (const QJsonValue& value : series.value(u"points").toArray()) {
                const QJsonObject point = value.toObject();
                QCOMPARE(point.value(u"n").toInt(), 2);
                QVERIFY2(point.value(u"mean").toDouble() >= point.value(u"ideal").toDouble(),
                    qPrintable(u"%1 at %2 tasks"_qs.arg(name).arg(point.value(u"tasks").toInt())));
                QCOMPARE(point.value(u"below_ideal").toInt(), 0);
            }
        }

        const Outcome markdown = runConlab({ u"analyze"_qs, input, u"--markdown"_qs });
        QCOMPARE(markdown.exitCode, 0);
        QVERIFY(markdown.out.contains("### processes C=2\n") && markdown.out.contains("### processes C=8\n"));
    }

    // Two task counts carry no trendline: analyze says so, and computes no crossover from it.
    void analyzeSaysWhyThereIsNoTrendline()
    {
        const QString input = writeInput(u"two-counts.csv"_qs,
            "strategy,tasks,seconds\nthreads,1,0.10\nthreads,2,0.30\nprocesses,1,0.35\nprocesses,2,0.35\n"
            "processes,3,0.36\nprocesses,4,0.35\n");
        QVERIFY(!input.isEmpty());
        const Outcome text = runConlab({ u"analyze"_qs, input });
        QCOMPARE(text.exitCode, 0);
        QVERIFY2(text.out.contains("no trendline: 2 task counts, a line needs 3"), text.out.constData());
        QVERIFY(text.out.contains("none: only one series has a trendline"));
        const Outcome json = runConlab({ u"analyze"_qs, input, u"--json"_qs });
        const QJsonObject report = parseObject(json.out);
        QVERIFY(report.value(u"strategies").toObject().value(u"threads").toObject().value(u"fit").isNull());
        QCOMPARE(report.value(u"strategies").toObject().value(u"threads").toObject().value(u"fit_note").toString(),
            u"no trendline: 2 task counts, a line needs 3"_qs);
        QVERIFY(report.value(u"crossovers").toArray().isEmpty());
    }

    // --plot draws the desktop app's chart without a window: a real image of the right size, with each strategy's
    // colour in it; an SVG that says what it is; and a place that cannot be written is refused before anything runs.
    void plotDrawsTheChartHeadless()
    {
        const QString png = path(u"article.png"_qs);
        const Outcome drawn = runConlab({ u"analyze"_qs, QFINDTESTDATA("../resources/article-runs.csv"), u"--plot"_qs,
            png, u"--plot-size"_qs, u"800x500"_qs, u"--plot-predict"_qs, u"1200"_qs });
        QCOMPARE(drawn.exitCode, 0);
        QVERIFY2(drawn.err.contains("drew the chart to"), drawn.err.constData());
        const QImage image(png);
        QCOMPARE(image.size(), QSize(800, 500));
        qsizetype threadsPixels = 0;
        qsizetype blendedPixels = 0;
        qsizetype whitePixels = 0;
        for (int y = 0; y < image.height(); ++y) {
            for (int x = 0; x < image.width(); ++x) {
                const QRgb pixel = image.pixel(x, y);
                threadsPixels += pixel == strategyColor(StrategyKind::Threads).rgb();
                blendedPixels += pixel == strategyColor(StrategyKind::Blended).rgb();
                whitePixels += pixel == qRgb(255, 255, 255);
            }
        }
        QVERIFY2(threadsPixels > 200 && blendedPixels > 200,
            qPrintable(QStringLiteral("threads %1, blended %2 pixels").arg(threadsPixels).arg(blendedPixels)));
        QVERIFY(whitePixels < image.width() * image.height()); // not blank

        const QString svg = path(u"sweep.svg"_qs);
        const Outcome swept = runConlab({ u"sweep"_qs, u"--strategies"_qs, u"sequential,threads"_qs, u"--tasks"_qs,
            u"2:6:2"_qs, u"--task-ms"_qs, u"1"_qs, u"--repeat"_qs, u"2"_qs, u"--no-journal"_qs, u"--plot"_qs, svg });
        QCOMPARE(swept.exitCode, 0);
        QFile file(svg);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray text = file.readAll();
        QVERIFY2(text.contains("<svg") && text.contains("width=\"1200\"") && text.contains("threads trend"),
            text.left(400).constData());

        const Outcome refused = runConlab({ u"sweep"_qs, u"--tasks"_qs, u"2"_qs, u"--no-journal"_qs, u"--plot"_qs,
            path(u"no/such/dir/chart.png"_qs) });
        QCOMPARE(refused.exitCode, 2);
        QVERIFY2(refused.err.startsWith("conlab: --plot: ") && refused.err.contains("no/such/dir/chart.png"),
            refused.err.constData());
        QVERIFY(refused.out.isEmpty()); // nothing ran
        const Outcome badExtension = runConlab(
            { u"analyze"_qs, QFINDTESTDATA("../resources/article-runs.csv"), u"--plot"_qs, path(u"c.gif"_qs) });
        QCOMPARE(badExtension.exitCode, 2);
        QVERIFY2(badExtension.err.contains("must end in .png or .svg"), badExtension.err.constData());
        QVERIFY(!QFile::exists(path(u"c.gif"_qs)));
    }

    // --plot-overlay draws another set's means over the chart, named in its legend; the article's 2 s tasks over a
    // sweep's 1 ms tasks are drawn on runtime ÷ task duration, said on the axis. An overlay that cannot be read is
    // refused before anything runs; one of another workload is left out, saying so.
    void plotOverlaysAnotherSet()
    {
        const QString svg = path(u"overlay.svg"_qs);
        const Outcome swept = runConlab({ u"sweep"_qs, u"--strategies"_qs, u"threads,blended"_qs, u"--tasks"_qs,
            u"2:8:2"_qs, u"--task-ms"_qs, u"1"_qs, u"--repeat"_qs, u"2"_qs, u"--no-journal"_qs, u"--csv"_qs,
            path(u"quick.csv"_qs), u"--plot"_qs, svg, u"--plot-overlay"_qs, u"article"_qs });
        QCOMPARE(swept.exitCode, 0);
        QVERIFY2(swept.err.contains("the overlaid tasks differ in duration"), swept.err.constData());
        QFile file(svg);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray text = file.readAll();
        for (const QByteArray& said :
            { QByteArray("threads (mean) — the article"), QByteArray("blended (mean) — this machine"),
                QByteArray("beside the article"), QByteArray("Runtime ÷ task duration (h = 1 ms; the article: 2 s)") })
            QVERIFY2(text.contains(said), said.constData());

        // Asked for, over a set of the same duration: the file over itself, told apart in the legend.
        const QString sameSvg = path(u"same.svg"_qs);
        const Outcome same = runConlab({ u"analyze"_qs, path(u"quick.csv"_qs), u"--plot"_qs, sameSvg,
            u"--plot-overlay"_qs, path(u"quick.csv"_qs), u"--plot-normalised"_qs });
        QCOMPARE(same.exitCode, 0);
        QVERIFY2(!same.err.contains("differ in duration"), same.err.constData());
        QFile sameFile(sameSvg);
        QVERIFY(sameFile.open(QIODevice::ReadOnly));
        const QByteArray sameText = sameFile.readAll();
        for (const QByteArray& said : { QByteArray("Runtime ÷ task duration (h = 1 ms)"),
                 QByteArray("threads (mean) — quick.csv (overlaid)"), QByteArray("threads (mean) — quick.csv") })
            QVERIFY2(sameText.contains(said), said.constData());

        const Outcome missing = runConlab({ u"analyze"_qs, path(u"quick.csv"_qs), u"--plot"_qs, path(u"m.png"_qs),
            u"--plot-overlay"_qs, path(u"no-such.csv"_qs) });
        QCOMPARE(missing.exitCode, 2);
        QVERIFY2(missing.err.contains("no-such.csv"), missing.err.constData());
        QVERIFY(missing.out.isEmpty()); // refused before the analysis
        QVERIFY(!QFile::exists(path(u"m.png"_qs)));
        const Outcome alone = runConlab({ u"analyze"_qs, path(u"quick.csv"_qs), u"--plot-overlay"_qs, u"article"_qs });
        QCOMPARE(alone.exitCode, 2);
        QVERIFY2(alone.err.contains("--plot-overlay needs --plot FILE"), alone.err.constData());

        const QString cpu = writeInput(u"cpu.csv"_qs,
            "strategy,workload,task_ms,tasks,threads,seconds\nthreads,cpu,5,2,2,0.01\nthreads,cpu,5,4,4,0.02\n");
        const Outcome other = runConlab(
            { u"analyze"_qs, path(u"quick.csv"_qs), u"--plot"_qs, path(u"o.png"_qs), u"--plot-overlay"_qs, cpu });
        QCOMPARE(other.exitCode, 0);
        QVERIFY2(other.err.contains("cpu.csv has no runs of the sleep workload; not overlaid"), other.err.constData());
    }

    // A file that does not say its workload or task duration is not given the defaults of a sweep: every face of the
    // analysis says unknown (JSON null), and no ideal bound is computed from an assumed duration.
    void analyzeSaysUnknownForWhatTheFileDoesNotSay()
    {
        const QString csv = writeInput(u"minimal.csv"_qs,
            "strategy,tasks,seconds\nthreads,10,0.2\nthreads,20,0.3\nthreads,30,0.35\nthreads,40,0.5\n");
        QVERIFY(!csv.isEmpty());

        const Outcome text = runConlab({ u"analyze"_qs, csv });
        QCOMPARE(text.exitCode, 0);
        QVERIFY2(text.out.startsWith("Unknown workload, unknown task duration;"), text.out.constData());
        QVERIFY2(!text.out.contains("100 ms") && !text.out.contains("sleep"), text.out.constData());
        const Outcome markdown = runConlab({ u"analyze"_qs, csv, u"--markdown"_qs });
        QCOMPARE(markdown.exitCode, 0);
        QVERIFY2(markdown.out.startsWith("## Unknown workload, unknown task duration;"), markdown.out.constData());

        const Outcome json = runConlab({ u"analyze"_qs, csv, u"--json"_qs });
        QCOMPARE(json.exitCode, 0);
        const QJsonObject report = parseObject(json.out);
        QVERIFY(report.contains(u"workload"_qs) && report.value(u"workload"_qs).isNull());
        QVERIFY(report.contains(u"task_ms"_qs) && report.value(u"task_ms"_qs).isNull());
        for (const QJsonValue row : report.value(u"decision"_qs).toArray())
            QVERIFY(row.toObject().value(u"task_ms"_qs).isNull());
        QVERIFY2(!json.out.contains("\"ideal\": 0.1"), json.out.constData());
    }

    // A sweep stopped before its end, whether its journal lost its end line or its exports say it was cancelled, is
    // analysed as what it is: part of a sweep, in text, Markdown and JSON.
    void analyzeOfAnInterruptedSweepSaysSo()
    {
        ResultMetadata metadata;
        metadata.created = QDateTime::currentDateTime();
        QByteArray journal = journalHeaderLine(metadata, {}, 5);
        for (int tasks : { 2, 4 }) {
            RunResult run;
            run.spec = resolvedRunSpec(specOf(StrategyKind::Threads).tasks(tasks).taskMs(10), 2);
            run.seconds = 0.012;
            run.idealSeconds = 0.01;
            journal += journalRunLine(run);
        }
        const QString killed = writeInput(u"killed.jsonl"_qs, journal);
        QVERIFY(!killed.isEmpty());

        const Outcome text = runConlab({ u"analyze"_qs, killed });
        QCOMPARE(text.exitCode, 0);
        QVERIFY2(text.out.contains("\nInterrupted: 2 of 5 planned runs; the statistics cover only these runs.\n"),
            text.out.constData());
        const Outcome markdown = runConlab({ u"analyze"_qs, killed, u"--markdown"_qs });
        QVERIFY2(markdown.out.contains("**Interrupted: 2 of 5 planned runs"), markdown.out.constData());
        const QJsonObject report = parseObject(runConlab({ u"analyze"_qs, killed, u"--json"_qs }).out);
        QCOMPARE(report.value(u"complete"_qs), QJsonValue(false));
        QCOMPARE(report.value(u"sweep_end"_qs), QJsonValue(u"interrupted"_qs));
        QCOMPARE(report.value(u"planned_runs"_qs), QJsonValue(5));
        QCOMPARE(report.value(u"present_runs"_qs), QJsonValue(2));

        // The JSON export of a cancelled sweep says it was cancelled and how much it planned.
        const QString exported = path(u"cancelled.json"_qs);
        QProcess sweep;
        sweep.start(conlabPath(),
            { u"sweep"_qs, u"--strategies"_qs, u"threads"_qs, u"--tasks"_qs, u"2"_qs, u"--repeat"_qs, u"30"_qs,
                u"--task-ms"_qs, u"300"_qs, u"--json"_qs, exported });
        QVERIFY(sweep.waitForStarted());
        QTRY_VERIFY_WITH_TIMEOUT(ProcessProbe::catchesSignal(sweep.processId(), SIGINT), 10000);
        QTest::qWait(700);
        ::kill(pid_t(sweep.processId()), SIGINT);
        QVERIFY(sweep.waitForFinished(10000));
        QCOMPARE(sweep.exitCode(), 130);
        const QJsonObject cancelled = parseObject(runConlab({ u"analyze"_qs, exported, u"--json"_qs }).out);
        QCOMPARE(cancelled.value(u"complete"_qs), QJsonValue(false));
        QCOMPARE(cancelled.value(u"sweep_end"_qs), QJsonValue(u"cancelled"_qs));
        QCOMPARE(cancelled.value(u"planned_runs"_qs), QJsonValue(30));
        QVERIFY(cancelled.value(u"present_runs"_qs).toInt() < 30);

        // A finished sweep's analysis says it is complete, and nothing more.
        const Outcome finished
            = runConlab({ u"analyze"_qs, QFINDTESTDATA("../resources/article-runs.csv"), u"--json"_qs });
        QCOMPARE(parseObject(finished.out).value(u"complete"_qs), QJsonValue(true));
        QVERIFY(
            !runConlab({ u"analyze"_qs, QFINDTESTDATA("../resources/article-runs.csv") }).out.contains("nterrupted"));
    }

    void analyzeNamesTheLineOfABadCsv()
    {
        const QString bad = writeInput(u"bad.csv"_qs, "strategy,tasks,seconds\nthreads,100,2.5\nthreads,200,fast\n");
        QVERIFY(!bad.isEmpty());
        const Outcome outcome = runConlab({ u"analyze"_qs, bad });
        QCOMPARE(outcome.exitCode, 2);
        const QString err = QString::fromUtf8(outcome.err);
        QVERIFY2(err.contains(bad + u":3:"_qs), qPrintable(err));
        QVERIFY2(err.contains(u"seconds"), qPrintable(err));
    }

    void unwritableExportIsRefusedBeforeAnyRun()
    {
        const QString target = u"/nonexistent-dir/runs.csv"_qs;
        const Outcome outcome = runConlab({ u"sweep"_qs, u"--strategies"_qs, u"sequential"_qs, u"--tasks"_qs, u"1"_qs,
            u"--task-ms"_qs, u"1"_qs, u"--csv"_qs, target });
        QCOMPARE(outcome.exitCode, 2);
        QVERIFY2(outcome.err.contains(target.toUtf8()), outcome.err.constData());
        QVERIFY(outcome.out.isEmpty()); // no run was made
        QVERIFY(!QFile::exists(target));
    }

    // Ctrl-C in a terminal signals the whole foreground process group: conlab and, were they in it, its workers.
    void interruptStopsTheSweepAndKeepsTheFinishedRuns_data()
    {
        QTest::addColumn<int>("signal");
        QTest::addColumn<bool>("toGroup"); // to the whole process group, as a terminal sends it
        QTest::addColumn<int>("exitCode");
        QTest::addRow("Ctrl-C") << int(SIGINT) << true << 130;
        QTest::addRow("SIGTERM, as kill sends it") << int(SIGTERM) << false << 143;
        QTest::addRow("SIGHUP, the terminal closed") << int(SIGHUP) << true << 129;
    }

    void interruptStopsTheSweepAndKeepsTheFinishedRuns()
    {
        QFETCH(int, signal);
        QFETCH(bool, toGroup);
        QFETCH(int, exitCode);
        const QString csv = path(QStringLiteral("interrupted-%1.csv").arg(signal));
        QProcess process;
        process.setChildProcessModifier([] { ::setpgid(0, 0); });
        process.start(conlabPath(),
            { u"sweep"_qs, u"--strategies"_qs, u"processes"_qs, u"--processes"_qs, u"2"_qs, u"--tasks"_qs, u"2,4"_qs,
                u"--repeat"_qs, u"50"_qs, u"--task-ms"_qs, u"1000"_qs, u"--csv"_qs, csv });
        QVERIFY(process.waitForStarted());
        const qint64 conlab = process.processId();
        // The first run (1 s) finishes and the second (2 s) gets under way: a second pair of workers appears. The
        // interrupt then lands well inside that run, even on a loaded machine.
        // qWaitFor, not QTRY_VERIFY, which looks once more after the condition held, when the run may have ended.
        QList<qint64> firstWorkers;
        QVERIFY(QTest::qWaitFor([&] { return (firstWorkers = ProcessProbe::childPids(conlab)).size() == 2; }, 10000));
        QList<qint64> secondWorkers;
        QVERIFY(QTest::qWaitFor(
            [&] {
                return (secondWorkers = ProcessProbe::childPids(conlab)).size() == 2 && secondWorkers != firstWorkers;
            },
            10000));
        QTest::qWait(200);
        ::kill(toGroup ? -pid_t(conlab) : pid_t(conlab), signal);
        QVERIFY(process.waitForFinished(5000));
        QCOMPARE(process.exitStatus(), QProcess::NormalExit);
        QCOMPARE(process.exitCode(), exitCode);
        QFile file(csv);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QList<QByteArray> rows = file.readAll().trimmed().split('\n').mid(1);
        // At least one finished run (a sanitizer build is slow) and the interrupted one; far fewer than planned.
        QVERIFY2(rows.size() >= 2 && rows.size() < 100, QByteArray::number(rows.size()).constData());
        for (qsizetype i = 0; i + 1 < rows.size(); ++i)
            QVERIFY2(rows.at(i).contains(",ok,"), rows.at(i).constData());
        // The run under way is kept as cancelled, not crashed: the workers are in a process group of their own.
        QVERIFY2(rows.last().contains(",cancelled,"), rows.last().constData());
        QVERIFY(process.readAllStandardOutput().contains("1 cancelled"));

        // The journal named first thing on stderr holds the same runs, and says that the sweep was cancelled.
        const QString err = QString::fromUtf8(process.readAllStandardError());
        const QString journal = err.section(u'\n', 0, 0).section(u"conlab: journal: "_qs, 1);
        QVERIFY2(journal.startsWith(journalDirectory() + u"/sweep-"_qs), qPrintable(err));
        QVERIFY2(
            err.contains(
                QStringLiteral("conlab: the journal %1 keeps the %2 runs that ended\n").arg(journal).arg(rows.size())),
            qPrintable(err));
        QString error;
        const auto contents = RunJournal::load(journal, &error);
        QVERIFY2(contents, qPrintable(error));
        QCOMPARE(contents->end, JournalEnd::Cancelled);
        QCOMPARE(contents->set.runs.size(), rows.size());
        QCOMPARE(contents->set.runs.last().status, RunStatus::Cancelled);
    }

    // A file size limit (ulimit -f) is a full disk by another name: conlab is not killed by SIGXFSZ, the journal stops
    // at its last whole run and says so, every run still happens, and the export fails leaving no partial file.
    void fileSizeLimitIsReportedNotFatal()
    {
        const QString json = path(u"too-big.json"_qs);
        const QString journal = path(u"too-big.jsonl"_qs);
        QProcess process;
        process.setChildProcessModifier([] {
            const rlimit limit { 16384, 16384 };
            if (setrlimit(RLIMIT_FSIZE, &limit) != 0)
                _exit(125);
        });
        process.start(conlabPath(),
            { u"sweep"_qs, u"--strategies"_qs, u"threads"_qs, u"--tasks"_qs, u"40"_qs, u"--repeat"_qs, u"12"_qs,
                u"--task-ms"_qs, u"0"_qs, u"--journal"_qs, journal, u"--json"_qs, json });
        QVERIFY(process.waitForFinished(60000));
        const QString err = QString::fromUtf8(process.readAllStandardError());
        QCOMPARE(process.exitStatus(), QProcess::NormalExit); // not killed by SIGXFSZ
        QCOMPARE(process.exitCode(), 1); // the export failed at the end
        QVERIFY2(process.readAllStandardOutput().contains("12 of 12 runs completed"), qPrintable(err));
        const QString tooLarge = QString::fromLocal8Bit(strerror(EFBIG));
        QVERIFY2(err.contains(json + u": cannot write: "_qs + tooLarge), qPrintable(err));
        QVERIFY2(err.contains(u"journal "_qs + journal + u": cannot write run "_qs), qPrintable(err));
        QVERIFY(!QFile::exists(json));
        QString error;
        const auto kept = RunJournal::load(journal, &error);
        QVERIFY2(kept, qPrintable(error)); // still a journal, of the runs before the limit
        QVERIFY(kept->notes.isEmpty());
        QVERIFY(kept->set.runs.size() >= 1 && kept->set.runs.size() < 12);

        // With no export to fail, the journal's own failed write is still a failure: exit code 1, not 0.
        const QString alone = path(u"too-big-alone.jsonl"_qs);
        process.start(conlabPath(),
            { u"sweep"_qs, u"--strategies"_qs, u"threads"_qs, u"--tasks"_qs, u"40"_qs, u"--repeat"_qs, u"12"_qs,
                u"--task-ms"_qs, u"0"_qs, u"--journal"_qs, alone });
        QVERIFY(process.waitForFinished(60000));
        const QString aloneErr = QString::fromUtf8(process.readAllStandardError());
        QCOMPARE(process.exitStatus(), QProcess::NormalExit);
        QVERIFY2(process.exitCode() == 1, qPrintable(aloneErr));
        QVERIFY2(aloneErr.contains(u"journal "_qs + alone + u": cannot write run "_qs), qPrintable(aloneErr));
    }

    void limitsNamesTheCeilings()
    {
        const Outcome text = runConlab({ u"limits"_qs });
        QCOMPARE(text.exitCode, 0);
        QVERIFY2(text.out.contains("pid_max") || text.out.contains("pid-max"), text.out.constData());
        const Outcome json = runConlab({ u"limits"_qs, u"--json"_qs });
        QCOMPARE(json.exitCode, 0);
        const QJsonObject machine = parseObject(json.out);
        QVERIFY(machine.value(u"cores").toInt() >= 1);
        QVERIFY(machine.value(u"limits").toObject().value(u"pid_max").toInteger() > 0);
    }

    // The article's machine refused threads near 1,000. Reproduce refusals for real: an unprivileged user with
    // ulimit -u 100 (root is not bound by it) runs conlab across the limit.
    void threadsBeyondTheLimitAreRefusedAndTheSweepGoesOn()
    {
        LimitedUser user;
        if (const QString why = user.whyNot(); !why.isEmpty())
            QSKIP(qPrintable(why));
        const QString json = user.filePath(u"runs.json"_qs);
        // Tasks long enough that the threads are all alive at once, even in a sanitizer build.
        const Outcome outcome = runAs(user,
            { u"sweep"_qs, u"--strategies"_qs, u"threads,blended"_qs, u"--tasks"_qs, u"20,400,30"_qs, u"--processes"_qs,
                u"2"_qs, u"--task-ms"_qs, u"300"_qs, u"--json"_qs, json });
        QCOMPARE(outcome.exitCode, 0);
        QFile file(json);
        QVERIFY2(file.open(QIODevice::ReadOnly), outcome.err.constData());
        const QJsonArray runs = parseObject(file.readAll()).value(u"runs").toArray();
        QCOMPARE(runs.size(), 6);
        for (const QJsonValue& value : runs) {
            const QJsonObject run = value.toObject();
            const int tasks = run.value(u"tasks").toInt();
            const QString status = run.value(u"status").toString();
            const QString message = run.value(u"message").toString();
            if (tasks == 400) {
                QCOMPARE(status, u"refused"_qs);
                QVERIFY2(message.contains(u"thread limit"), qPrintable(message));
                QVERIFY2(message.contains(u"Resource temporarily unavailable"), qPrintable(message));
                // The count at which the OS said no: below the limit of 100 (this user runs conlab's threads too).
                // Blended's two workers share the limit, and the one refused first may be the one that started its
                // threads after the other took them all: "thread 1 of 200".
                const bool threads = run.value(u"strategy").toString() == u"threads";
                const int reached = countReached(message, threads ? 400 : 200);
                QVERIFY2(
                    reached >= (threads ? 2 : 1) && reached <= int(LimitedUser::ProcessLimit), qPrintable(message));
            } else {
                // Below the limit (and after a refusal: nothing was left behind) the runs are valid.
                QVERIFY2(status == u"ok"_qs, qPrintable(message));
            }
        }
        QVERIFY2(outcome.err.contains("refused"), outcome.err.constData());
        // Flagged before the first run, in words that say what and why.
        QVERIFY2(outcome.err.startsWith("conlab: warning: threads at 400 tasks needs 400 threads and processes, "
                                        "beyond this machine's ceiling of 100"),
            outcome.err.constData());
        QCOMPARE(ProcessProbe::childPids(), QList<qint64> {});
        QCOMPARE(ProcessProbe::processesOfUser(user.uid()), QList<qint64> {}); // no worker outlived conlab
    }

    void processesBeyondTheLimitAreRefused()
    {
        LimitedUser user;
        if (const QString why = user.whyNot(); !why.isEmpty())
            QSKIP(qPrintable(why));
        const Outcome outcome = runAs(user,
            { u"run"_qs, u"--strategy"_qs, u"processes"_qs, u"--processes"_qs, u"150"_qs, u"--tasks"_qs, u"150"_qs,
                u"--task-ms"_qs, u"300"_qs, u"--json"_qs });
        QCOMPARE(outcome.exitCode, 1); // a single run that did not end ok
        const QJsonObject run = parseObject(outcome.out);
        QCOMPARE(run.value(u"status").toString(), u"refused"_qs);
        const QString message = run.value(u"message").toString();
        QVERIFY2(message.contains(u"process limit: the OS refused worker process"), qPrintable(message));
        QVERIFY2(message.contains(u"of 150"), qPrintable(message));
        const int reached = countReached(message, 150);
        QVERIFY2(reached > 1 && reached <= int(LimitedUser::ProcessLimit), qPrintable(message));
        QCOMPARE(ProcessProbe::childPids(), QList<qint64> {});
        QCOMPARE(ProcessProbe::processesOfUser(user.uid()), QList<qint64> {});
    }

    // Every write to stdout is checked: a full disk, a reader gone (EPIPE) or a closed descriptor is one line on
    // stderr and exit code 1, for a report, JSON, help, limits and a sweep's lines alike.
    void failedStandardOutputExitsWithCode1_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("target");
        const QString article = QFINDTESTDATA("../resources/article-runs.csv");
        const QList<std::pair<const char*, QStringList>> commands = {
            { "analyze --json", { u"analyze"_qs, article, u"--json"_qs } },
            { "analyze", { u"analyze"_qs, article } },
            { "limits", { u"limits"_qs } },
            { "limits --json", { u"limits"_qs, u"--json"_qs } },
            { "help", { u"--help"_qs } },
            { "sweep --help", { u"sweep"_qs, u"--help"_qs } },
            { "run --json",
                { u"run"_qs, u"--strategy"_qs, u"threads"_qs, u"--tasks"_qs, u"2"_qs, u"--task-ms"_qs, u"1"_qs,
                    u"--json"_qs } },
            { "sweep",
                { u"sweep"_qs, u"--strategies"_qs, u"sequential,threads"_qs, u"--tasks"_qs, u"1,2"_qs, u"--task-ms"_qs,
                    u"1"_qs, u"--no-journal"_qs, u"--csv"_qs } },
        };
        for (const auto& [name, arguments] : commands) {
            for (const QString& target : { u"/dev/full"_qs, u"closed"_qs, u"broken pipe"_qs })
                QTest::addRow("%s > %s", name, qPrintable(target)) << arguments << target;
        }
    }

    void failedStandardOutputExitsWithCode1()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QString, target);
        QString csv;
        if (arguments.last() == u"--csv") { // the sweep: its export is still written, whatever became of stdout
            csv = path(QStringLiteral("stdout-%1.csv").arg(QString::number(qHash(target))));
            arguments << csv;
        }
        int reason = 0;
        int pipeEnds[2] = { -1, -1 };
        QProcess process;
        process.setStandardInputFile(QProcess::nullDevice());
        if (target == u"/dev/full") {
            if (!QFile::exists(target))
                QSKIP("no /dev/full here (a chroot without devices?)");
            process.setStandardOutputFile(target);
            reason = ENOSPC;
        } else if (target == u"closed") {
            process.setChildProcessModifier([] { ::close(STDOUT_FILENO); }); // as `conlab ... >&-`
            reason = EBADF;
        } else {
            // The reader is gone before conlab writes a byte, as `conlab ... | true` often is. SIGPIPE back to its
            // default, as a shell leaves it: conlab must not die of it silently either.
            QVERIFY(::pipe(pipeEnds) == 0);
            ::close(pipeEnds[0]);
            const int writeEnd = pipeEnds[1];
            process.setChildProcessModifier([writeEnd] {
                ::dup2(writeEnd, STDOUT_FILENO);
                ::signal(SIGPIPE, SIG_DFL);
            });
            reason = EPIPE;
        }
        process.start(conlabPath(), arguments);
        const bool finished = process.waitForFinished(60000);
        if (pipeEnds[1] >= 0)
            ::close(pipeEnds[1]);
        QVERIFY(finished);
        const QString err = QString::fromUtf8(process.readAllStandardError());
        QCOMPARE(process.exitStatus(), QProcess::NormalExit); // not killed by SIGPIPE
        QCOMPARE(process.exitCode(), 1);
        const QString line = u"conlab: cannot write to standard output: "_qs;
        QCOMPARE(err.count(line), 1);
        QVERIFY2(err.endsWith(u'\n') && err.section(line, 1).count(u'\n') == 1, qPrintable(err)); // one line
        QVERIFY2(err.contains(QString::fromLocal8Bit(strerror(reason))), qPrintable(err));
        if (!csv.isEmpty()) {
            QVERIFY2(err.contains(u"wrote 4 runs to "_qs + csv), qPrintable(err));
            QVERIFY(QFile::exists(csv));
        }
    }

    // The calibration is kept in $XDG_CACHE_HOME/conlab/; when it cannot be, calibrate says so and exits with 1.
    void calibrateSaysWhenItCannotStoreTheCalibration()
    {
        const QString notADirectory = path(u"cache-is-a-file"_qs);
        QFile file(notADirectory);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.close();
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(u"XDG_CACHE_HOME"_qs, notADirectory);
        QProcess process;
        process.setProcessEnvironment(environment);
        process.start(conlabPath(), { u"calibrate"_qs });
        QVERIFY(process.waitForFinished(60000));
        const QString out = QString::fromUtf8(process.readAllStandardOutput());
        const QString err = QString::fromUtf8(process.readAllStandardError());
        QCOMPARE(process.exitCode(), 1);
        QVERIFY2(!out.contains(u"stored in"), qPrintable(out));
        QVERIFY2(out.contains(u"iterations per millisecond on one core (not stored)"), qPrintable(out));
        QCOMPARE(err,
            QStringLiteral("conlab: the calibration was not stored: cannot create the directory %1/conlab\n")
                .arg(notADirectory));

        const QString cache = path(u"cache"_qs);
        environment.insert(u"XDG_CACHE_HOME"_qs, cache);
        process.setProcessEnvironment(environment);
        process.start(conlabPath(), { u"calibrate"_qs });
        QVERIFY(process.waitForFinished(60000));
        QCOMPARE(process.exitCode(), 0);
        const QString stored = cache + u"/conlab/cpu-calibration.json"_qs;
        QVERIFY2(process.readAllStandardOutput().contains("(stored in " + stored.toUtf8() + ")"), qPrintable(stored));
        QVERIFY(QFile::exists(stored));
    }

    // `conlab analyze -` reads standard input, and tells its format by its content.
    void analyzeReadsStandardInput()
    {
        const QString article = QFINDTESTDATA("../resources/article-runs.csv");
        const Outcome fromFile = runConlab({ u"analyze"_qs, article, u"--json"_qs });
        QCOMPARE(fromFile.exitCode, 0);
        QFile file(article);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QProcess process;
        process.start(conlabPath(), { u"analyze"_qs, u"-"_qs, u"--json"_qs });
        process.write(file.readAll());
        process.closeWriteChannel();
        QVERIFY(process.waitForFinished(60000));
        QCOMPARE(process.exitCode(), 0);
        QCOMPARE(process.readAllStandardOutput(), fromFile.out);

        // A malformed input is named as standard input, with its line.
        process.start(conlabPath(), { u"analyze"_qs, u"-"_qs });
        process.write("strategy,tasks,seconds\nthreads,100,fast\n");
        process.closeWriteChannel();
        QVERIFY(process.waitForFinished(60000));
        QCOMPARE(process.exitCode(), 2);
        const QByteArray err = process.readAllStandardError();
        QVERIFY2(err.startsWith("conlab: standard input:2: "), err.constData());
    }

    // conlab-gui answers --help and --version anywhere, and without a display says in one line what it needs.
    void guiWithoutADisplay()
    {
        const QString gui = QCoreApplication::applicationDirPath() + u"/conlab-gui"_qs;
        QProcessEnvironment bare; // as `env -i PATH=$PATH`, keeping only a sanitizer build's options
        bare.insert(u"PATH"_qs, qEnvironmentVariable("PATH"));
        for (const char* name : { "ASAN_OPTIONS", "UBSAN_OPTIONS", "TSAN_OPTIONS", "LSAN_OPTIONS" }) {
            if (qEnvironmentVariableIsSet(name))
                bare.insert(QLatin1String(name), qEnvironmentVariable(name));
        }
        QProcess process;
        process.setProcessEnvironment(bare);
        const auto run = [&](const QStringList& arguments) {
            process.start(gui, arguments);
            return process.waitForFinished(30000) && process.exitStatus() == QProcess::NormalExit;
        };
        QVERIFY(run({ u"--help"_qs }));
        QCOMPARE(process.exitCode(), 0);
        const QByteArray help = process.readAllStandardOutput();
        QVERIFY2(help.startsWith("Usage: conlab-gui") && help.contains("--preset"), help.constData());
        QVERIFY(run({ u"--version"_qs }));
        QCOMPARE(process.exitCode(), 0);
        QCOMPARE(process.readAllStandardOutput(), QByteArray("conlab-gui " CONLAB_VERSION "\n"));

        QVERIFY(run({}));
        QCOMPARE(process.exitCode(), 1);
        QVERIFY(process.readAllStandardOutput().isEmpty());
        QByteArray err = process.readAllStandardError();
        QCOMPARE(err.count('\n'), 1);
        QVERIFY2(err.startsWith("conlab-gui: no display") && err.contains("QT_QPA_PLATFORM=offscreen")
                && err.contains("xvfb-run"),
            err.constData());

        // A display that is named but not there: Qt's abort becomes the same one line.
        int unused = 990;
        while (QFile::exists(QStringLiteral("/tmp/.X11-unix/X%1").arg(unused)))
            ++unused;
        bare.insert(u"DISPLAY"_qs, QStringLiteral(":%1").arg(unused));
        process.setProcessEnvironment(bare);
        QVERIFY(run({}));
        QCOMPARE(process.exitCode(), 1);
        err = process.readAllStandardError();
        QCOMPARE(err.count('\n'), 1);
        QVERIFY2(err.startsWith("conlab-gui: cannot start the window") && err.contains("xvfb-run"), err.constData());
    }

    // The desktop app records the `conlab sweep` command that reproduces its sweep: conlab must accept it, so it
    // names only the settings its strategies read (the app's sliders always hold a number of processes).
    void theAppsRecordedCommandRuns()
    {
        SweepPlan plan;
        plan.strategies = { StrategyKind::Sequential, StrategyKind::Threads };
        plan.taskCounts = { 2, 3 };
        plan.base.taskMs = 1;
        plan.base.threads = 2;
        plan.base.processes = 2;
        plan.base.chunksize = 3;
        const QString command = sweepCommand(plan);
        QVERIFY2(command.startsWith(u"conlab sweep "_qs) && command.contains(u"--threads 2"_qs)
                && !command.contains(u"--processes"_qs) && !command.contains(u"--chunksize"_qs),
            qPrintable(command));
        const Outcome outcome = runConlab(command.split(u' ').mid(1) << u"--no-journal"_qs);
        QVERIFY2(outcome.exitCode == 0, outcome.err.constData());
        QVERIFY2(outcome.out.contains("4 of 4 runs completed"), outcome.out.constData());
    }

    // The same with several workloads and their options, one of them text a shell must keep in one word: the command
    // runs through a shell as a user would paste it.
    void theAppsRecordedCommandWithWorkloadOptionsRuns()
    {
        SweepPlan plan;
        plan.strategies = { StrategyKind::Threads };
        plan.taskCounts = { 2 };
        plan.workloads = { WorkloadKind::Mixed, WorkloadKind::Command, WorkloadKind::File };
        plan.base.taskMs = 1;
        plan.base.options.cpuMs = 2;
        plan.base.options.bytes = 8192;
        plan.base.options.command = u"sh -c 'test {} -ge 0'"_qs;
        const QString command = sweepCommand(plan);
        QVERIFY2(command.contains(u"--workloads mixed,command,file"_qs) && command.contains(u"--cpu-ms 2"_qs)
                && command.contains(u"--bytes 8192"_qs) && command.contains(u"--command 'sh -c '\\''test"_qs),
            qPrintable(command));
        QProcess shell;
        shell.start(u"/bin/sh"_qs,
            { u"-c"_qs,
                QCoreApplication::applicationDirPath() + u"/conlab"_qs + command.mid(int(qstrlen("conlab")))
                    + u" --no-journal"_qs });
        QVERIFY(shell.waitForFinished(60000));
        const QByteArray out = shell.readAllStandardOutput();
        QVERIFY2(shell.exitCode() == 0, shell.readAllStandardError().constData());
        QVERIFY2(out.contains("3 of 3 runs completed"), out.constData());
        QVERIFY2(out.contains("Decision per workload"), out.constData());
    }

    // Every registered strategy and workload is in the help (with its own sentence), names itself in the errors that
    // list the choices, is read back from a result file by its name, and has a colour of its own; every workload is
    // one conlab-worker accepts.
    void everyStrategyAndWorkloadIsListed()
    {
        const QByteArray help = runConlab({ u"--help"_qs }).out;
        const QByteArray runHelp = runConlab({ u"run"_qs, u"--help"_qs }).out;
        const QByteArray sweepHelp = runConlab({ u"sweep"_qs, u"--help"_qs }).out;
        const QByteArray badStrategy
            = runConlab({ u"run"_qs, u"--strategy"_qs, u"fibers"_qs, u"--tasks"_qs, u"1"_qs }).err;
        const QByteArray badWorkload = runConlab(
            { u"run"_qs, u"--strategy"_qs, u"threads"_qs, u"--tasks"_qs, u"1"_qs, u"--workload"_qs, u"nap"_qs })
                                           .err;
        QProcess worker;
        worker.start(QCoreApplication::applicationDirPath() + u"/conlab-worker"_qs, { u"nap"_qs, u"1"_qs, u"1"_qs });
        QVERIFY(worker.waitForFinished(10000));
        QCOMPARE(worker.exitCode(), 2);
        const QByteArray workerUsage = worker.readAllStandardError();

        QList<RunResult> runs;
        QSet<QRgb> colours;
        for (StrategyKind strategy : allStrategies()) {
            const QByteArray name = strategyName(strategy).toUtf8();
            QVERIFY2(help.contains("  " + name + ' ') && help.contains(strategyDescription(strategy).toUtf8()),
                help.constData());
            QVERIFY2(runHelp.contains(name), runHelp.constData());
            QVERIFY2(sweepHelp.contains(name), sweepHelp.constData());
            QVERIFY2(badStrategy.contains(name), badStrategy.constData());
            const auto colour = styleKeyColor(describeStrategy(strategy).styleKey);
            QVERIFY2(colour && !colours.contains(colour->rgb()), name.constData());
            colours.insert(colour->rgb());
            for (WorkloadKind workload : allWorkloadKinds()) {
                RunResult run;
                run.spec = resolvedRunSpec(specOf(strategy).workload(workload).taskMs(10).tasks(4), 2);
                run.seconds = 1;
                runs.append(run);
            }
        }
        for (WorkloadKind workload : allWorkloadKinds()) {
            const QByteArray name = workloadName(workload).toUtf8();
            QVERIFY2(
                help.contains("  " + name + ' ') && help.contains(workloadHelp(workload).toUtf8()), help.constData());
            QVERIFY2(runHelp.contains(name), runHelp.constData());
            QVERIFY2(badWorkload.contains(name), badWorkload.constData());
            QVERIFY2(workerUsage.contains(name), workerUsage.constData());
        }
        QString error;
        const auto read = parseCsv(toCsv(runs), u"registry.csv"_qs, &error);
        QVERIFY2(read, qPrintable(error));
        QCOMPARE(read->runs.size(), runs.size());
        for (qsizetype i = 0; i < runs.size(); ++i) {
            QCOMPARE(read->runs.at(i).spec.strategy, runs.at(i).spec.strategy);
            QCOMPARE(read->runs.at(i).spec.workload, runs.at(i).spec.workload);
        }
    }

    // `conlab help COMMAND` is the command's own help; anything more after help would be ignored, so it is refused.
    void helpNamesACommand()
    {
        const Outcome help = runConlab({ u"help"_qs, u"sweep"_qs });
        QCOMPARE(help.exitCode, 0);
        QVERIFY2(help.out.startsWith("Usage: conlab sweep") && help.out.contains("--strategies"), help.out.constData());
        QCOMPARE(help.out, runConlab({ u"sweep"_qs, u"--help"_qs }).out);
        const Outcome tooMuch = runConlab({ u"help"_qs, u"sweep"_qs, u"now"_qs });
        QCOMPARE(tooMuch.exitCode, 2);
        QVERIFY(tooMuch.out.isEmpty());
        QVERIFY2(tooMuch.err.contains("help takes one command name at most, not 'sweep now'"), tooMuch.err.constData());
    }

    // A file's bytes reach the terminal only escaped: no ESC sequence, binary garbage or NUL in what conlab prints.
    void badInputIsQuotedAsData_data()
    {
        QTest::addColumn<QByteArray>("content"); // of the file analysed; empty: the arguments alone are bad
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QByteArray>("expected");
        QFile self(QCoreApplication::applicationFilePath());
        QVERIFY(self.open(QIODevice::ReadOnly));
        const QByteArray binary = self.read(300);
        QTest::addRow("ESC sequences in the header")
            << QByteArray("strategy,\x1b]0;pwned\x07\x1b[2J,seconds\nthreads,1,2\n") << QStringList {}
            << QByteArray("\\x1b]0;pwned\\x07\\x1b[2J");
        QTest::addRow("binary file") << binary << QStringList {} << QByteArray("\\x7fELF\\x02\\x01\\x01");
        QTest::addRow("NUL in a field") << QByteArray("strategy,tasks,seconds\nthreads,1,2\0\x9b\n", 36)
                                        << QStringList {} << QByteArray("'2\\0\\x9b' is not a number");
        QTest::addRow("ESC in an unknown option")
            << QByteArray() << QStringList { u"sweep"_qs, u"--tasks\x1b[2J"_qs, u"5"_qs }
            << QByteArray("unknown option 'tasks\\x1b[2J'");
        QTest::addRow("ESC in a value") << QByteArray() << QStringList { u"sweep"_qs, u"--tasks"_qs, u"5\x1b[2J"_qs }
                                        << QByteArray("'5\\x1b[2J'");
        QTest::addRow("ESC in a command's argument")
            << QByteArray() << QStringList { u"calibrate"_qs, u"\x1b[2J"_qs } << QByteArray("argument '\\x1b[2J'");
        QTest::addRow("ESC in a command")
            << QByteArray() << QStringList { u"\x1b[2Jsweep"_qs } << QByteArray("unknown command '\\x1b[2Jsweep'");
        QTest::addRow("long value cut") << QByteArray()
                                        << QStringList { u"run"_qs, u"--tasks"_qs, u"1"_qs, u"--strategy"_qs,
                                               QString(5000, u'q') }
                                        << QByteArray("qqq\xe2\x80\xa6'"); // "…"
    }

    void badInputIsQuotedAsData()
    {
        QFETCH(QByteArray, content);
        QFETCH(QStringList, arguments);
        QFETCH(QByteArray, expected);
        if (!content.isEmpty()) {
            const QString file = writeInput(u"input.csv"_qs, content);
            QVERIFY(!file.isEmpty());
            arguments = { u"analyze"_qs, file };
        }
        const Outcome outcome = runConlab(arguments);
        QCOMPARE(outcome.exitCode, 2);
        QVERIFY(outcome.out.isEmpty());
        const QByteArray& err = outcome.err;
        QVERIFY2(err.contains(expected), err.constData());
        QVERIFY2(err.endsWith('\n') && err.count('\n') == 1, err.constData());
        // No C0 control, DEL or NUL but the final newline, no C1 control (U+0080..U+009F, C2 80..C2 9F in UTF-8).
        for (qsizetype i = 0; i + 1 < err.size(); ++i) {
            const auto byte = uchar(err.at(i));
            QVERIFY2(byte >= 0x20 && byte != 0x7F, qPrintable(u"byte %1 at %2"_qs.arg(byte).arg(i)));
            QVERIFY2(!(byte == 0xC2 && uchar(err.at(i + 1)) >= 0x80 && uchar(err.at(i + 1)) <= 0x9F),
                qPrintable(u"C1 control at %1"_qs.arg(i)));
        }
        QVERIFY2(QString::fromUtf8(err).toUtf8() == err, "not UTF-8");
        QVERIFY2(err.size() < 500, err.constData());
    }

    // A run stopped before its end took a time that says nothing of the strategy: its line shows no ratio to the
    // ideal, and counts read right ("1 task").
    void interruptedRunShowsNoRatio()
    {
        QProcess process;
        process.start(conlabPath(),
            { u"run"_qs, u"--strategy"_qs, u"threads"_qs, u"--tasks"_qs, u"1"_qs, u"--task-ms"_qs, u"5000"_qs });
        QVERIFY(process.waitForStarted());
        // Set up (an ASan build on a loaded machine takes its time), then mid-run.
        QTRY_VERIFY_WITH_TIMEOUT(ProcessProbe::catchesSignal(process.processId(), SIGINT), 10000);
        QTest::qWait(500);
        ::kill(pid_t(process.processId()), SIGINT);
        QVERIFY(process.waitForFinished(10000));
        const QString out = QString::fromUtf8(process.readAllStandardOutput());
        QVERIFY2(out.contains(u"Run: threads, 1 task of sleep 5000 ms on 1 thread x "), qPrintable(out));
        QVERIFY2(out.contains(u"Status:  cancelled"), qPrintable(out));
        QVERIFY2(out.contains(u"no ratio for a cancelled run"), qPrintable(out));
        QVERIFY2(!out.contains(u"ratio 0"), qPrintable(out));
    }

private:
    // Runs conlab, copied with its worker into the user's directory, as `user` (ulimit -u 100) and waits for it.
    static Outcome runAs(LimitedUser& user, const QStringList& arguments)
    {
        if (!user.install({ u"conlab"_qs, u"conlab-worker"_qs }))
            return { -1, {}, "cannot copy conlab into " + QFile::encodeName(user.filePath({})) };
        QProcess process;
        user.run(process, u"conlab"_qs, arguments);
        if (!process.waitForFinished(60000))
            return { -1, {}, process.errorString().toUtf8() };
        return { process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1,
            process.readAllStandardOutput(), process.readAllStandardError() };
    }

private slots:
    void runSaysTheIdealOfItsChunks()
    {
        // One chunk of 100 holds all 4 tasks: one worker runs them, 4 x 20 ms.
        const QStringList arguments { u"run"_qs, u"--strategy"_qs, u"processes"_qs, u"--tasks"_qs, u"4"_qs,
            u"--processes"_qs, u"2"_qs, u"--chunksize"_qs, u"100"_qs, u"--task-ms"_qs, u"20"_qs };
        const Outcome text = runConlab(arguments);
        QCOMPARE(text.exitCode, 0);
        QVERIFY2(text.out.contains("(ideal bound 0.0800 s, ratio "), text.out.constData());
        const Outcome json = runConlab(arguments + QStringList { u"--json"_qs });
        QCOMPARE(json.exitCode, 0);
        const QJsonObject run = parseObject(json.out);
        QCOMPARE(run.value(u"ideal_seconds").toDouble(), 0.080);
        QVERIFY(run.value(u"seconds").toDouble() >= 0.080);
        // Python's rule is kept as such in what the run reports.
        const Outcome python = runConlab({ u"run"_qs, u"--strategy"_qs, u"processes"_qs, u"--tasks"_qs, u"4"_qs,
            u"--processes"_qs, u"2"_qs, u"--chunksize"_qs, u"python"_qs, u"--task-ms"_qs, u"20"_qs, u"--json"_qs });
        QCOMPARE(python.exitCode, 0);
        QCOMPARE(parseObject(python.out).value(u"chunksize").toString(), u"python"_qs);
        QCOMPARE(parseObject(python.out).value(u"ideal_seconds").toDouble(), 0.040);
    }

    void implausibleCalibrationCacheIsMeasuredAgain_data()
    {
        QTest::addColumn<QByteArray>("cache");
        QTest::addColumn<QString>("note");
        const QString cpu = currentMachine().cpuModel;
        QTest::addRow("10^15 per ms") << calibrationJson(cpu, "1000000000000000")
                                      << u"(1000000000000000 iterations per ms) is outside the plausible range"_qs;
        QTest::addRow("1 per ms") << calibrationJson(cpu, "1")
                                  << u"(1 iterations per ms) is outside the plausible range"_qs;
        QTest::addRow("1e300 per ms") << calibrationJson(cpu, "1e300") << u"is outside the plausible range"_qs;
        QTest::addRow("another CPU") << calibrationJson(u"Imaginary CPU \x1b]0;title\x07 9000"_qs, "200000")
                                     << u"is for another CPU (Imaginary CPU \\x1b]0;title\\x07 9000"_qs;
        QTest::addRow("not a calibration") << QByteArray("{\"cpu\": 1}") << u"holds no iterations_per_ms"_qs;
        QTest::addRow("timed by the wall clock")
            << calibrationJson(cpu, "200000").replace("thread-cpu, fastest round", "wall")
            << u"was timed by the wall clock, which a busy machine stretches"_qs;
        QTest::addRow("the slowest round kept") << calibrationJson(cpu, "200000").replace(", fastest round", "")
                                                << u"kept the slowest of its rounds, which made tasks up to 3 % short"_qs;
    }

    void implausibleCalibrationCacheIsMeasuredAgain()
    {
        QFETCH(QByteArray, cache);
        QFETCH(QString, note);
        QTemporaryDir cacheHome;
        QVERIFY(cacheHome.isValid());
        const QProcessEnvironment environment = withCalibrationCache(cacheHome.path(), cache);
        QElapsedTimer clock;
        clock.start();
        const Outcome outcome = runConlabWith(environment,
            { u"run"_qs, u"--strategy"_qs, u"threads"_qs, u"--workload"_qs, u"cpu"_qs, u"--tasks"_qs, u"2"_qs,
                u"--task-ms"_qs, u"20"_qs, u"--json"_qs },
            30000);
        QCOMPARE(outcome.exitCode, 0);
        QVERIFY2(clock.elapsed() < 20000, qPrintable(QString::number(clock.elapsed())));
        const QString err = QString::fromUtf8(outcome.err);
        QVERIFY2(err.contains(u"conlab: the CPU calibration in "_qs + cacheHome.path()), qPrintable(err));
        QVERIFY2(err.contains(note), qPrintable(err));
        QVERIFY2(err.contains(u"; measured again: "_qs), qPrintable(err));
        QVERIFY2(!err.contains(u'\x1b'), qPrintable(err));
        const QJsonObject run = parseObject(outcome.out);
        QCOMPARE(run.value(u"status").toString(), u"ok"_qs);
        // Real computation: not done in no time.
        QVERIFY2(run.value(u"seconds").toDouble() >= 0.5 * run.value(u"ideal_seconds").toDouble(),
            qPrintable(QString::number(run.value(u"seconds").toDouble())));
        // The cache now holds the new figure, for this CPU; the next run believes it and says nothing.
        QFile file(cacheHome.filePath(u"conlab/cpu-calibration.json"_qs));
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QJsonObject stored = parseObject(file.readAll());
        QCOMPARE(stored.value(u"cpu_model").toString(), currentMachine().cpuModel);
        const qint64 measured = stored.value(u"iterations_per_ms").toInteger();
        QVERIFY2(measured >= 1000 && measured <= 50'000'000, qPrintable(QString::number(measured)));
        const Outcome again = runConlabWith(environment,
            { u"run"_qs, u"--strategy"_qs, u"threads"_qs, u"--workload"_qs, u"cpu"_qs, u"--tasks"_qs, u"1"_qs,
                u"--task-ms"_qs, u"1"_qs });
        QCOMPARE(again.exitCode, 0);
        QVERIFY2(!again.err.contains("calibration"), again.err.constData());
    }

    void runsBelowTheirIdealBoundSaySo()
    {
        // A plausible figure that is far too low for this machine: each 50 ms task is done in microseconds.
        QTemporaryDir cacheHome;
        QVERIFY(cacheHome.isValid());
        const QProcessEnvironment environment
            = withCalibrationCache(cacheHome.path(), calibrationJson(currentMachine().cpuModel, "1000"));
        const Outcome run = runConlabWith(environment,
            { u"run"_qs, u"--strategy"_qs, u"sequential"_qs, u"--workload"_qs, u"cpu"_qs, u"--tasks"_qs, u"2"_qs,
                u"--task-ms"_qs, u"50"_qs });
        // Still ok (README: How a run is timed), and the run's line says why its time cannot be right.
        QCOMPARE(run.exitCode, 0);
        static const QRegularExpression status(
            uR"(Status:  ok \(finished in 0\.0\d\d s, below its ideal bound of 0\.100 s: the CPU calibration or the clock is wrong\))"_qs);
        QVERIFY2(status.match(QString::fromUtf8(run.out)).hasMatch(), run.out.constData());

        const Outcome sweep = runConlabWith(environment,
            { u"sweep"_qs, u"--strategies"_qs, u"sequential"_qs, u"--workload"_qs, u"cpu"_qs, u"--tasks"_qs, u"2"_qs,
                u"--task-ms"_qs, u"50"_qs, u"--no-journal"_qs });
        QCOMPARE(sweep.exitCode, 0);
        QVERIFY2(sweep.err.contains("sequential n=2 #1: ok: finished in 0.0"), sweep.err.constData());
        QVERIFY2(sweep.err.contains("below its ideal bound of 0.100 s"), sweep.err.constData());
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
