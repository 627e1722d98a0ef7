// The python runtime beyond what every workload's rows in tst_realworkloads prove: the harness's answers checked line
// by line, a harness that answers wrong, an interpreter that is missing or too old, and CPython's own refusals under a
// real ulimit -u as an unprivileged user.

#include "canceltoken.h"
#include "processprobe.h"
#include "pythonruntime.h"
#include "realfaults.h"
#include "strategy.h"
#include "testspecs.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {
// A program written to `path` and made executable.
bool writeProgram(const QString& path, const QByteArray& text)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(text) != text.size())
        return false;
    file.close();
    return QFile::setPermissions(path,
        QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner | QFile::ReadOther | QFile::ExeOther | QFile::ReadGroup
            | QFile::ExeGroup);
}

// Sets an environment variable for as long as this lives.
class ScopedVariable
{
public:
    ScopedVariable(const char* name, const QByteArray& value)
        : m_name(name)
        , m_had(qEnvironmentVariableIsSet(name))
        , m_old(qgetenv(name))
    {
        qputenv(name, value);
    }
    ~ScopedVariable()
    {
        if (m_had)
            qputenv(m_name, m_old);
        else
            qunsetenv(m_name);
    }
    ScopedVariable(const ScopedVariable&) = delete;
    ScopedVariable& operator=(const ScopedVariable&) = delete;

private:
    const char* m_name;
    bool m_had;
    QByteArray m_old;
};

// The interpreter an unprivileged user can run: Debian's, not one under root's home (pyenv's shims are).
QString interpreterForOthers()
{
    for (const QString& candidate : { u"/usr/bin/python3"_s, u"/usr/local/bin/python3"_s }) {
        if (QFileInfo(candidate).isExecutable())
            return candidate;
    }
    return {};
}
} // namespace

class TestPythonRuntime : public QObject
{
    Q_OBJECT

private slots:
    void answerIsCheckedLineByLine_data()
    {
        QTest::addColumn<QByteArrayList>("lines");
        QTest::addColumn<QString>("problem"); // in the message of the last line; empty: every line is taken
        const QByteArray hello = "H 1 3.11.2 4242";
        const QByteArray begin = "B 1000";
        QTest::addRow("a whole answer") << QByteArrayList { hello, begin, "T 1 0 4242 4243 1100 1200 9000",
            "T 0 1 4242 4244 1100 1300 9100", "E ok 1400", "P 4242 5 0 9100" }
                                        << QString();
        QTest::addRow("a refusal") << QByteArrayList { hello, begin,
            "E refused thread limit: the OS refused thread 98 of 300 in process 4242" }
                                   << QString();
        QTest::addRow("no hello first") << QByteArrayList { begin } << u"comes before its hello"_s;
        QTest::addRow("another protocol") << QByteArrayList { "H 2 3.11.2 4242" } << u"another protocol than 1"_s;
        QTest::addRow("no version") << QByteArrayList { "H 1 banana 4242" } << u"names no python version"_s;
        QTest::addRow("hello twice") << QByteArrayList { hello, hello } << u"says hello twice"_s;
        QTest::addRow("unknown line") << QByteArrayList { hello, "X what" } << u"is not one of the protocol's lines"_s;
        QTest::addRow("empty line") << QByteArrayList { hello, "" } << u"is not one of the protocol's lines"_s;
        QTest::addRow("task before begin")
            << QByteArrayList { hello, "T 0 0 1 1 1100 1200 1" } << u"before the strategy started"_s;
        QTest::addRow("short trace") << QByteArrayList { hello, begin, "T 0 0 1 1 1100" } << u"is not T <task>"_s;
        QTest::addRow("negative field") << QByteArrayList { hello, begin, "T 0 -1 1 1 1100 1200 1" }
                                        << u"not a whole number"_s;
        QTest::addRow("task out of range")
            << QByteArrayList { hello, begin, "T 2 0 1 1 1100 1200 1" } << u"names task 2 of a run of 2"_s;
        QTest::addRow("task twice") << QByteArrayList { hello, begin, "T 0 0 1 1 1100 1200 1", "T 0 0 1 1 1100 1200 1" }
                                    << u"reports task 0 twice"_s;
        QTest::addRow("ends before it starts")
            << QByteArrayList { hello, begin, "T 0 0 1 1 1300 1200 1" } << u"end before it started"_s;
        QTest::addRow("starts before the strategy")
            << QByteArrayList { hello, begin, "T 0 0 1 1 900 1200 1" } << u"start before the strategy"_s;
        QTest::addRow("ok too early") << QByteArrayList { hello, begin, "T 0 0 1 1 1100 1200 1", "E ok 1300" }
                                      << u"says ok after 1 of 2 tasks"_s;
        QTest::addRow("ok without begin") << QByteArrayList { hello, "E ok 1300" } << u"had not started"_s;
        QTest::addRow("end twice") << QByteArrayList { hello, "E failed one", "E failed two" }
                                   << u"ends the run twice"_s;
        QTest::addRow("end of no kind") << QByteArrayList { hello, "E maybe" } << u"is not E ok <ns>"_s;
        QTest::addRow("a worker's summary after each of its shares")
            << QByteArrayList { hello, "P 7 1 0 10", "P 7 2 0 12" } << QString();
        QTest::addRow("task after ok") << QByteArrayList { hello, begin, "T 0 0 1 1 1100 1200 1",
            "T 1 0 1 1 1100 1200 1", "E ok 1300", "T 1 0 1 1 1100 1200 1" }
                                       << u"after the run ended"_s;
    }

    // Every line of the harness's answer is checked as it arrives; a malformed one is refused with a message that
    // names its number, quotes it and says what was expected, and nothing of it is taken.
    void answerIsCheckedLineByLine()
    {
        QFETCH(QByteArrayList, lines);
        QFETCH(QString, problem);
        HarnessAnswer answer(2);
        QString message;
        for (const QByteArray& line : lines) {
            message = answer.take(std::string_view(line.constData(), size_t(line.size())));
            if (!message.isEmpty())
                break;
        }
        if (problem.isEmpty()) {
            QVERIFY2(message.isEmpty(), qPrintable(message));
            return;
        }
        QVERIFY2(message.contains(problem), qPrintable(message));
        QVERIFY2(message.startsWith(u"line %1 of the harness's answer"_s.arg(lines.size())), qPrintable(message));
        QVERIFY2(message.contains(QString::fromUtf8(lines.last().left(20))), qPrintable(message));
    }

    // What a whole answer says reaches the result: traces, the processes' threads, processes and peak memory.
    void wholeAnswerIsTaken()
    {
        HarnessAnswer answer(2);
        for (const char* line : { "H 1 3.11.2 4242", "B 1000", "T 1 0 4300 4301 1100 1200 9000",
                 "T 0 1 4301 4302 1100 1300 9100", "P 4300 4 0 9500", "E ok 1400", "P 4242 3 2 20000" })
            QVERIFY(answer.take(line).isEmpty());
        QCOMPARE(answer.version(), u"3.11.2"_s);
        QCOMPARE(answer.beginNs(), 1000);
        QCOMPARE(answer.end(), HarnessAnswer::End::Ok);
        QCOMPARE(answer.endNs(), 1400);
        QCOMPARE(answer.traces().size(), 2);
        QCOMPARE(answer.traces().at(0), (TaskTrace { 1, 0, 4300, 4301, 1100, 1200 }));
        QCOMPARE(answer.threadsStarted(), 7);
        QCOMPARE(answer.processesStarted(), 2);
        QCOMPARE(answer.peakRssKiB(), 9500 + 9100 + 20000); // each process's peak, from its T and P lines
    }

    void harnessThatAnswersWrongFailsTheRun_data()
    {
        QTest::addColumn<QByteArray>("script");
        QTest::addColumn<QString>("expected");
        QTest::addRow("garbage") << QByteArray("print('H 1 3.11.2 1', flush=True)\n"
                                               "print('B 5', flush=True)\nprint('X what', flush=True)\n")
                                 << u"line 3 of the harness's answer, \"X what\""_s;
        QTest::addRow("silent end") << QByteArray("import sys\nprint('H 1 3.11.2 1', flush=True)\n"
                                                  "sys.stderr.write('harness broke\\n')\nsys.exit(3)\n")
                                    << u"ended before it said how the run ended (0 of 3 tasks reported back): exit "
                                       "code 3: last line of stderr: \"harness broke\""_s;
        QTest::addRow("killed") << QByteArray("import os, signal\nprint('H 1 3.11.2 1', flush=True)\n"
                                              "os.kill(os.getpid(), signal.SIGKILL)\n")
                                << u"killed by signal 9"_s;
        QTest::addRow("ok too early") << QByteArray(
            "import time\nprint('H 1 3.11.2 1', flush=True)\nt = time.monotonic_ns()\n"
            "print('B %d' % t, flush=True)\nprint('E ok %d' % (t + 1), flush=True)\n")
                                      << u"says ok after 0 of 3 tasks"_s;
    }

    // A harness that says something the protocol does not allow, or ends without saying how the run ended, fails
    // the run with a message naming what went wrong; the harness is gone afterwards.
    void harnessThatAnswersWrongFailsTheRun()
    {
        QFETCH(QByteArray, script);
        QFETCH(QString, expected);
        QString error;
        PythonSetup python = findPython(&error);
        if (!error.isEmpty())
            QSKIP(qPrintable(error));
        QTemporaryDir dir;
        python.harness = dir.filePath(u"wrong_harness.py"_s);
        QVERIFY(writeProgram(python.harness, script));
        ExecutionContext context = ExecutionContext::forThisMachine(WorkloadKind::Sleep);
        context.python = python;
        CancelToken cancel;
        const RunResult result = runMeasured(
            specOf(StrategyKind::Threads).tasks(3).taskMs(10).runtime(RuntimeKind::Python), context, cancel);
        QCOMPARE(statusName(result.status), statusName(RunStatus::Failed));
        QVERIFY2(result.message.contains(expected), qPrintable(result.message));
        QTRY_COMPARE_WITH_TIMEOUT(ProcessProbe::childPids(), QList<qint64> {}, ProcessProbe::exitGraceMs);
    }

    // No python3, or one that is too old, is said in one line that names what is needed, before anything runs.
    void missingOrOldInterpreterIsSaidInOneLine()
    {
        QTemporaryDir dir;
        QString error;
        {
            const ScopedVariable path("PATH", QFile::encodeName(dir.path()));
            const ScopedVariable python("CONLAB_PYTHON", "python3");
            QVERIFY(findPython(&error).interpreter.isEmpty());
        }
        QVERIFY2(error.startsWith(u"python3 is not installed (not on PATH): the python runtime needs CPython 3.9"_s)
                || error.startsWith(u"CONLAB_PYTHON names"_s),
            qPrintable(error));
        QVERIFY(!error.contains(u'\n'));

        error.clear();
        {
            const ScopedVariable python("CONLAB_PYTHON", "/nonexistent/python3");
            QVERIFY(findPython(&error).interpreter.isEmpty());
        }
        QVERIFY2(error.contains(u"CONLAB_PYTHON names /nonexistent/python3, which is not an executable"_s),
            qPrintable(error));

        // An interpreter that says it is 3.7: the harness's hello, as an old python3 would run it.
        const QString old = dir.filePath(u"python3.7"_s);
        QVERIFY(writeProgram(old, "#!/bin/sh\necho \"H 1 3.7.3 $$\"\n"));
        error.clear();
        {
            const ScopedVariable python("CONLAB_PYTHON", QFile::encodeName(old));
            QVERIFY(findPython(&error).interpreter.isEmpty());
        }
        QVERIFY2(
            error.contains(u"is CPython 3.7.3, too old: the python runtime needs 3.9 or newer"_s), qPrintable(error));
        QVERIFY(!error.contains(u'\n'));

        // conlab itself: the sweep does not start, and says why in one line.
        QProcess conlab;
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(u"CONLAB_PYTHON"_s, old);
        conlab.setProcessEnvironment(environment);
        conlab.start(QCoreApplication::applicationDirPath() + u"/conlab"_s,
            { u"run"_s, u"--strategy"_s, u"threads"_s, u"--tasks"_s, u"4"_s, u"--runtime"_s, u"python"_s });
        QVERIFY(conlab.waitForFinished(60'000));
        const QByteArray err = conlab.readAllStandardError();
        QCOMPARE(conlab.exitCode(), 1);
        QVERIFY2(err.contains("too old: the python runtime needs 3.9 or newer"), err.constData());
        QCOMPARE(err.trimmed().count('\n'), 0);
    }

    // The spec the harness reads: the resolved run in JSON, with Python's own chunk size rule as null.
    void specNamesTheResolvedRun()
    {
        ExecutionContext context;
        context.python.cpuIterationsPerMs = 12345;
        context.latencyServerPort = 40123;
        RunSpec spec = specOf(StrategyKind::Processes).workload(WorkloadKind::Command).tasks(40).processes(3);
        spec.runtime = RuntimeKind::Python;
        spec.chunksize = ChunkPythonRule;
        spec.options.command = u"echo 'task {}' done"_s;
        const QJsonObject json = QJsonDocument::fromJson(pythonSpecJson(resolvedRunSpec(spec, 2), context)).object();
        QCOMPARE(json.value(u"protocol").toInt(), PythonProtocolVersion);
        QCOMPARE(json.value(u"strategy").toString(), u"processes"_s);
        QCOMPARE(json.value(u"workload").toString(), u"command"_s);
        QCOMPARE(json.value(u"tasks").toInt(), 40);
        QCOMPARE(json.value(u"processes").toInt(), 3);
        QVERIFY(json.value(u"chunksize").isNull());
        QCOMPARE(json.value(u"cpu_iterations_per_ms").toInteger(), 12345);
        QCOMPARE(json.value(u"server_port").toInt(), 40123);
        QCOMPARE(json.value(u"argv").toVariant().toStringList(), (QStringList { u"echo"_s, u"task {}"_s, u"done"_s }));
    }

    void refusalsUnderARealLimit_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("named");
        QTest::addColumn<int>("of");
        QTest::addRow("threads: ThreadPool(300)")
            << QStringList { u"--strategy"_s, u"threads"_s, u"--tasks"_s, u"300"_s }
            << u"thread limit: the OS refused thread "_s << 300;
        QTest::addRow("blended: two ThreadPool(150)")
            << QStringList { u"--strategy"_s, u"blended"_s, u"--tasks"_s, u"300"_s, u"--processes"_s, u"2"_s }
            << u"thread limit: the OS refused thread "_s << 150;
        QTest::addRow("processes: Pool(200)")
            << QStringList { u"--strategy"_s, u"processes"_s, u"--tasks"_s, u"300"_s, u"--processes"_s, u"200"_s }
            << u"process limit: the OS refused worker process "_s << 200;
    }

    // CPython's own refusals under ulimit -u 100, as an unprivileged user whom it binds: "can't start new thread"
    // and a refused fork are refused runs that name the count reached, and nothing of them outlives conlab.
    void refusalsUnderARealLimit()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QString, named);
        QFETCH(int, of);
        LimitedUser user;
        if (const QString why = user.whyNot(); !why.isEmpty())
            QSKIP(qPrintable(why));
        const QString interpreter = interpreterForOthers();
        if (interpreter.isEmpty())
            QSKIP("no python3 outside root's home for the unprivileged user to run");
        QVERIFY(user.install({ u"conlab"_qs, u"conlab-worker"_qs }));
        const QString harness = user.filePath(u"conlab_harness.py"_s);
        QVERIFY(QFile::copy(QCoreApplication::applicationDirPath() + u"/../share/conlab/conlab_harness.py"_s, harness));
        QVERIFY(QFile::setPermissions(harness, QFile::ReadOwner | QFile::ReadGroup | QFile::ReadOther));
        QProcessEnvironment environment;
        environment.insert(u"CONLAB_PYTHON"_s, interpreter);
        environment.insert(u"CONLAB_HARNESS"_s, harness);
        QProcess process;
        user.run(process, u"conlab"_qs,
            QStringList { u"run"_s, u"--runtime"_s, u"python"_s, u"--task-ms"_s, u"200"_s, u"--json"_s } + arguments,
            environment);
        QVERIFY(process.waitForFinished(120'000));
        const QByteArray out = process.readAllStandardOutput();
        const QByteArray err = process.readAllStandardError();
        QCOMPARE(process.exitStatus(), QProcess::NormalExit);
        QVERIFY2(process.exitCode() == 1, (out + err).constData());
        const QJsonObject run = QJsonDocument::fromJson(out).object();
        const QString message = run.value(u"message").toString();
        qInfo("%s", qPrintable(message));
        QCOMPARE(run.value(u"status").toString(), u"refused"_s);
        QCOMPARE(run.value(u"runtime").toString(), u"python"_s);
        QVERIFY2(message.startsWith(named), qPrintable(message));
        const int reached = countReached(message, of);
        QVERIFY2(reached >= 2 && reached <= int(LimitedUser::ProcessLimit), qPrintable(message));
        // The pool's workers, killed with the interpreter's process group, are reaped by init, which may take its time.
        QTRY_COMPARE_WITH_TIMEOUT(ProcessProbe::processesOfUser(user.uid()), QList<qint64> {}, 10'000);
    }
};

QTEST_GUILESS_MAIN(TestPythonRuntime)
#include "tst_pythonruntime.moc"
