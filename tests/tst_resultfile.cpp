#include "inputquote.h"
#include "machineinfo.h"
#include "resultfile.h"
#include "runcompare.h"
#include "runfields.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <sys/resource.h>
#include <unistd.h>

namespace {
RunResult makeRun(StrategyKind strategy, RunStatus status, const QString& message, double seconds)
{
    RunResult run;
    run.spec.strategy = strategy;
    run.spec.workload = strategy == StrategyKind::Processes ? WorkloadKind::Cpu : WorkloadKind::Sleep;
    run.spec.taskMs = 2000;
    run.spec.tasks = 150;
    run.spec.threads = 19;
    run.spec.processes = 8;
    run.spec.chunksize = strategy == StrategyKind::Processes ? 5 : ChunkOneAtATime;
    run.spec.repeat = 7;
    run.status = status;
    run.message = message;
    run.seconds = seconds;
    run.idealSeconds = 2.0 / 3.0;
    return run;
}

// Runs with every field set: every status, awkward messages, seconds that need all 17 digits.
QList<RunResult> sampleRuns()
{
    return {
        makeRun(StrategyKind::Threads, RunStatus::Ok, QString(), 0.1 + 0.2),
        makeRun(StrategyKind::Blended, RunStatus::Refused,
            QStringLiteral("pthread_create failed at thread 3, \"EAGAIN\""), 1e-9),
        makeRun(
            StrategyKind::Processes, RunStatus::Crashed, QStringLiteral("worker 2 died\nwith signal 9"), 123456.789),
        makeRun(StrategyKind::Sequential, RunStatus::Cancelled, QStringLiteral("  cancelled by the user  "), 0),
        makeRun(StrategyKind::Threads, RunStatus::Failed, QStringLiteral("\"quoted\" start, comma"), 3.567204),
    };
}

QByteArray readAll(const QString& path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// A run whose every field holds what a file that does not state it would not read: a format that lost a field would
// read a different run back.
RunResult distinctiveRun()
{
    RunResult run = makeRun(StrategyKind::Processes, RunStatus::Crashed, QStringLiteral("worker 2 died"), 2.5);
    run.startNs = 123456789012345;
    run.traces = { { 0, 1, 4242, 4243, 123456789012400, 123456789013400 } };
    // Options the sleep workload does not read: a format keeps what a run states, whatever its workload.
    run.spec.options = { 7, 4096, true, true, true, QStringLiteral("/var/tmp/conlab"), QStringLiteral("sleep 0.{}") };
    run.resources = { 51200, 20480, 3, 2, 4100, 900, 120, 35000 };
    run.spec.runtime = RuntimeKind::Python;
    return run;
}

enum class Format
{
    Csv,
    Json,
    Journal,
};

QByteArray written(Format format, const RunResult& run)
{
    ResultSet set;
    set.runs = { run };
    switch (format) {
    case Format::Csv:
        return toCsv(set.runs);
    case Format::Json:
        return toJson(set);
    case Format::Journal:
        return journalHeaderLine(set.metadata, {}, 1) + journalRunLine(run) + journalEndLine(JournalEnd::Finished, 1);
    }
    return {};
}

std::optional<RunResult> readBack(Format format, const QByteArray& data, QString* error)
{
    std::optional<ResultSet> set;
    switch (format) {
    case Format::Csv:
        set = parseCsv(data, u"fields.csv"_qs, error);
        break;
    case Format::Json:
        set = parseJson(data, u"fields.json"_qs, error);
        break;
    case Format::Journal:
        if (auto journal = parseJournal(data, u"fields.jsonl"_qs, error))
            set = journal->set;
        break;
    }
    if (!set || set->runs.size() != 1)
        return std::nullopt;
    return set->runs.constFirst();
}

// The same file without one field: its CSV column dropped, or its key taken out of the run's JSON object.
QByteArray withoutField(Format format, const QByteArray& data, QLatin1String key)
{
    QList<QByteArray> lines = data.split('\n');
    if (format == Format::Csv) {
        // distinctiveRun()'s cells hold no comma and no quote.
        const qsizetype column = lines[0].split(',').indexOf(QByteArray(key.data(), key.size()));
        for (QByteArray& line : lines) {
            QList<QByteArray> cells = line.split(',');
            if (column >= 0 && column < cells.size())
                cells.removeAt(column);
            line = cells.join(',');
        }
        return lines.join('\n');
    }
    if (format == Format::Journal) {
        QJsonObject run = QJsonDocument::fromJson(lines[1]).object();
        run.remove(key);
        lines[1] = QJsonDocument(run).toJson(QJsonDocument::Compact);
        return lines.join('\n');
    }
    QJsonObject root = QJsonDocument::fromJson(data).object();
    QJsonArray runs = root.value(QLatin1String("runs")).toArray();
    QJsonObject run = runs.at(0).toObject();
    run.remove(key);
    runs[0] = run;
    root.insert(QLatin1String("runs"), runs);
    return QJsonDocument(root).toJson();
}

bool writeBytes(const QString& path, const QByteArray& data)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(data) == data.size();
}
} // namespace

class TestResultFile : public QObject
{
    Q_OBJECT

private slots:
    void csvRoundTrip();
    void jsonRoundTrip();
    void writeAndReadBack_data();
    void writeAndReadBack();
    void articleCsvLoads();
    void minimalCsvGetsDefaults();
    void bomCrlfQuotedCsvLoads();
    void unknownStaysUnknownThroughEveryFormat();
    void sweepCoverageIsReadAndWritten();
    void messageStartingWithAByteOrderMarkSurvives();
    void badCsv_data();
    void badCsv();
    void badJson_data();
    void badJson();
    void garbageNeverCrashes();
    void failedWriteLeavesNothing_data();
    void failedWriteLeavesNothing();
    void failedWriteKeepsExistingFile_data();
    void failedWriteKeepsExistingFile();
    void currentMachineIsSane();
    void effectiveCeiling_data();
    void effectiveCeiling();
    void limitsText();
    void quotedInputEscapes_data();
    void quotedInputEscapes();
    void quotedInputCutsLongText();
    void quotedPathKeepsTheFileName();
    void fileContentIsQuotedAsData_data();
    void fileContentIsQuotedAsData();
    void numbersAreShortestRoundTrip();
    void invalidUtf8InAMessageReadsAsBefore();
    void everyFieldSurvivesEveryFormat_data();
    void everyFieldSurvivesEveryFormat();
};

void TestResultFile::csvRoundTrip()
{
    const QList<RunResult> runs = sampleRuns();
    QString error;
    const auto parsed = parseCsv(toCsv(runs), QStringLiteral("roundtrip.csv"), &error);
    QVERIFY2(parsed, qPrintable(error));
    compareRuns(parsed->runs, runs, false);
}

void TestResultFile::jsonRoundTrip()
{
    ResultSet set;
    set.metadata.created = QDateTime::currentDateTime();
    set.metadata.command = QStringLiteral("conlab sweep --strategy threads --tasks \"100..1000\"");
    set.metadata.machine = currentMachine();
    set.metadata.hasMachine = true;
    set.runs = sampleRuns();
    set.runs[0].startNs = 987654321012345;
    for (int task = 0; task < 2000; ++task) {
        const qint64 start = 987654321012345 + task * 1000;
        set.runs[0].traces.append({ task, task % 19, 4242, 4242 + task % 19, start, start + 2'000'000'000 });
    }
    // Beyond 2^53: must not go through a double.
    set.runs[1].traces.append({ 0, 0, 1, 2, 9007199254740993, 9223372036854775807 });

    const QByteArray json = toJson(set);
    QVERIFY(!QJsonDocument::fromJson(json).isNull());
    QString error;
    const auto parsed = parseJson(json, QStringLiteral("roundtrip.json"), &error);
    QVERIFY2(parsed, qPrintable(error));
    QCOMPARE(parsed->metadata.toolVersion, QStringLiteral(CONLAB_VERSION));
    QCOMPARE(parsed->metadata.created, set.metadata.created);
    QCOMPARE(parsed->metadata.command, set.metadata.command);
    QVERIFY(parsed->metadata.hasMachine);
    QVERIFY(parsed->metadata.machine == set.metadata.machine);
    compareRuns(parsed->runs, set.runs, true);
    // Compact traces: 2000 of them in well under 100 bytes each.
    QVERIFY2(json.size() < 2000 * 100, QByteArray::number(json.size()).constData());
}

void TestResultFile::writeAndReadBack_data()
{
    QTest::addColumn<QString>("fileName");
    QTest::addColumn<bool>("keepsMetadata");
    QTest::addRow("csv") << QStringLiteral("runs.csv") << false;
    QTest::addRow("json") << QStringLiteral("runs.json") << true;
    QTest::addRow("JSON upper case") << QStringLiteral("RUNS.JSON") << true;
}

void TestResultFile::writeAndReadBack()
{
    QFETCH(QString, fileName);
    QFETCH(bool, keepsMetadata);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    ResultSet set;
    set.metadata.command = QStringLiteral("conlab run");
    set.runs = sampleRuns();
    const QString path = dir.filePath(fileName);
    QString error;
    QVERIFY2(writeResultFile(path, set, &error), qPrintable(error));
    // Writing again replaces the file.
    QVERIFY2(writeResultFile(path, set, &error), qPrintable(error));
    const auto parsed = readResultFile(path, &error);
    QVERIFY2(parsed, qPrintable(error));
    compareRuns(parsed->runs, set.runs, false);
    QCOMPARE(parsed->metadata.command, keepsMetadata ? set.metadata.command : QString());
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden), QStringList { fileName });

    // Without a known extension the content decides.
    const QString sniffed = dir.filePath(QStringLiteral("runs.txt"));
    QVERIFY(QFile::copy(path, sniffed));
    const auto sniffedSet = readResultFile(sniffed, &error);
    QVERIFY2(sniffedSet, qPrintable(error));
    QCOMPARE(sniffedSet->runs.size(), set.runs.size());
    QCOMPARE(sniffedSet->metadata.command, keepsMetadata ? set.metadata.command : QString());
}

void TestResultFile::articleCsvLoads()
{
    QString error;
    const auto set = readResultFile(QStringLiteral(":/data/article-runs.csv"), &error);
    QVERIFY2(set, qPrintable(error));
    QCOMPARE(set->runs.size(), 180);
    int threads = 0;
    int blended = 0;
    int minRepeat = 1000;
    int maxRepeat = 0;
    for (const RunResult& run : set->runs) {
        threads += run.spec.strategy == StrategyKind::Threads;
        blended += run.spec.strategy == StrategyKind::Blended;
        minRepeat = std::min(minRepeat, run.spec.repeat);
        maxRepeat = std::max(maxRepeat, run.spec.repeat);
        QCOMPARE(run.spec.taskMs, 2000);
        QCOMPARE(run.status, RunStatus::Ok);
        QVERIFY(run.idealSeconds >= 2.0);
    }
    QCOMPARE(threads, 90);
    QCOMPARE(blended, 90);
    QCOMPARE(minRepeat, 1);
    QCOMPARE(maxRepeat, 10);
    const RunResult& first = set->runs.first();
    QCOMPARE(first.spec.strategy, StrategyKind::Blended);
    QCOMPARE(first.spec.tasks, 100);
    QCOMPARE(first.spec.threads, 13);
    QCOMPARE(first.spec.processes, 8);
    QCOMPARE(first.seconds, 3.567204);
    QCOMPARE(first.idealSeconds, 2.0);
}

void TestResultFile::minimalCsvGetsDefaults()
{
    // Any column order, any case; unknown columns are ignored. What the file does not say stays unknown.
    QString error;
    const QByteArray ordered = "Tasks,SECONDS,strategy,notes\n"
                               "4,1.25,threads,first\n"
                               "4,1.5,threads,\n"
                               "4,2,blended,x\n"
                               "\n";
    const auto loaded = parseCsv(ordered, QStringLiteral("minimal.csv"), &error);
    QVERIFY2(loaded, qPrintable(error));
    QCOMPARE(loaded->runs.size(), 3);
    for (const RunResult& run : loaded->runs) {
        QCOMPARE(run.spec.tasks, 4);
        QCOMPARE(run.spec.workload, WorkloadKind::Unknown);
        QCOMPARE(run.spec.taskMs, TaskMsUnknown);
        QCOMPARE(run.spec.threads, 0);
        QCOMPARE(run.spec.processes, 0);
        QCOMPARE(run.spec.chunksize, ChunkOneAtATime);
        QCOMPARE(run.status, RunStatus::Ok);
        QCOMPARE(run.idealSeconds, 0.0);
        QVERIFY(run.message.isEmpty());
    }
    QCOMPARE(loaded->runs[0].spec.strategy, StrategyKind::Threads);
    QCOMPARE(loaded->runs[0].spec.repeat, 1);
    QCOMPARE(loaded->runs[1].spec.repeat, 2);
    QCOMPARE(loaded->runs[2].spec.strategy, StrategyKind::Blended);
    QCOMPARE(loaded->runs[2].spec.repeat, 1);
    QCOMPARE(loaded->runs[1].seconds, 1.5);
}

void TestResultFile::unknownStaysUnknownThroughEveryFormat()
{
    // A processes run that says neither its workload, its task duration nor its chunk size, from CSV and from JSON.
    QString error;
    const auto fromCsv = parseCsv("strategy,tasks,processes,seconds\nprocesses,8,2,0.5\n", u"few.csv"_qs, &error);
    QVERIFY2(fromCsv, qPrintable(error));
    const auto fromJson = parseJson(R"({"format": "conlab-results", "runs": [{"strategy": "processes", "tasks": 8,
        "processes": 2, "seconds": 0.5, "workload": null, "task_ms": null, "chunksize": null}]})",
        u"few.json"_qs, &error);
    QVERIFY2(fromJson, qPrintable(error));
    for (const ResultSet* set : { &*fromCsv, &*fromJson }) {
        const RunSpec& spec = set->runs.constFirst().spec;
        QCOMPARE(spec.workload, WorkloadKind::Unknown);
        QCOMPARE(spec.taskMs, TaskMsUnknown);
        QCOMPARE(spec.chunksize, ChunkUnknown);
        QVERIFY(!idealBoundKnown(spec));
        QCOMPARE(set->runs.constFirst().idealSeconds, 0.0); // no bound from an assumed duration
    }

    // Written back, unknown is an empty cell or null, and reads back as unknown: nothing is filled in on the way.
    const QByteArray csv = toCsv(fromCsv->runs);
    QVERIFY2(csv.contains("\nprocesses,,,8,,2,,1,"), csv.constData()); // threads: not said, not 0
    const QByteArray json = toJson(*fromCsv);
    QVERIFY2(json.contains(R"("workload": null, "task_ms": null)"), json.constData());
    QVERIFY2(json.contains(R"("chunksize": null)"), json.constData());
    QVERIFY2(json.contains(R"("threads": null)"), json.constData());
    const auto again = parseJson(json, u"again.json"_qs, &error);
    QVERIFY2(again, qPrintable(error));
    QCOMPARE(again->runs.constFirst().spec, fromCsv->runs.constFirst().spec);
    const auto againCsv = parseCsv(csv, u"again.csv"_qs, &error);
    QVERIFY2(againCsv, qPrintable(error));
    QCOMPARE(againCsv->runs.constFirst().spec, fromCsv->runs.constFirst().spec);

    // A run that says it all keeps what it says: a threads run needs no chunk size.
    const auto known = parseCsv(
        "strategy,workload,task_ms,tasks,threads,seconds\nthreads,cpu,20,4,4,0.03\n", u"known.csv"_qs, &error);
    QVERIFY2(known, qPrintable(error));
    QCOMPARE(known->runs.constFirst().spec.workload, WorkloadKind::Cpu);
    QCOMPARE(known->runs.constFirst().spec.taskMs, 20);
    QVERIFY(idealBoundKnown(known->runs.constFirst().spec));
    QCOMPARE(known->runs.constFirst().idealSeconds, 0.02);
}

void TestResultFile::messageStartingWithAByteOrderMarkSurvives()
{
    // Found by fuzz_csv: Qt's JSON reader dropped a U+FEFF at the start of a string, so a CSV run saved as JSON lost
    // it.
    RunResult run;
    run.message = QStringLiteral("\uFEFF worker said so");
    QString error;
    const auto fromCsv = parseCsv(toCsv({ run }), u"bom.csv"_qs, &error);
    QVERIFY2(fromCsv, qPrintable(error));
    QCOMPARE(fromCsv->runs.constFirst().message, run.message);
    const auto fromJson = parseJson(toJson(*fromCsv), u"bom.json"_qs, &error);
    QVERIFY2(fromJson, qPrintable(error));
    QCOMPARE(fromJson->runs.constFirst().message, run.message);
}

void TestResultFile::sweepCoverageIsReadAndWritten()
{
    // A journal whose writer was killed after two of its five planned runs: no end line.
    ResultMetadata metadata;
    metadata.created = QDateTime::currentDateTime();
    QByteArray journal = journalHeaderLine(metadata, {}, 5);
    const QList<RunResult> runs = sampleRuns();
    journal += journalRunLine(runs.at(0)) + journalRunLine(runs.at(1));
    QString error;
    auto contents = parseJournal(journal, u"sweep.jsonl"_qs, &error);
    QVERIFY2(contents, qPrintable(error));
    SweepCoverage coverage = coverageOf(contents->set);
    QCOMPARE(coverage.ending, u"interrupted"_qs);
    QCOMPARE(coverage.plannedRuns, 5);
    QCOMPARE(coverage.presentRuns, 2);
    QVERIFY(!coverage.isComplete());
    QCOMPARE(coverage.text(), u"interrupted: 2 of 5 planned runs"_qs);

    // Saved as a result file, the set still says so; a finished journal is complete.
    const auto saved = parseJson(toJson(contents->set), u"saved.json"_qs, &error);
    QVERIFY2(saved, qPrintable(error));
    QCOMPARE(coverageOf(*saved), coverage);
    contents = parseJournal(journal + journalRunLine(runs.at(2)) + journalRunLine(runs.at(0))
            + journalRunLine(runs.at(1)) + journalEndLine(JournalEnd::Finished, 5),
        u"sweep.jsonl"_qs, &error);
    QVERIFY2(contents, qPrintable(error));
    QVERIFY(coverageOf(contents->set).isComplete());
    QVERIFY(coverageOf(contents->set).text().isEmpty());
    // A cancelled sweep is incomplete even when the file does not say how many runs it planned; a CSV never says.
    const SweepCoverage cancelled { u"cancelled"_qs, 0, 1 };
    QCOMPARE(cancelled.text(), u"cancelled: 1 run, of an unknown number planned"_qs);
    QVERIFY(coverageOf(*parseCsv(toCsv(runs), u"r.csv"_qs, &error)).isComplete());
    QVERIFY(!parseJson(R"({"format": "conlab-results", "sweep_end": "paused", "runs": []})", u"bad.json"_qs, &error));
    QVERIFY2(error.contains(u"sweep_end"_qs), qPrintable(error));
}

void TestResultFile::bomCrlfQuotedCsvLoads()
{
    const QString path = QFINDTESTDATA("data/bom-crlf.csv");
    QVERIFY(!path.isEmpty());
    QString error;
    const auto set = readResultFile(path, &error);
    QVERIFY2(set, qPrintable(error));
    QCOMPARE(set->runs.size(), 2);
    QCOMPARE(set->runs[0].spec.strategy, StrategyKind::Blended);
    QCOMPARE(set->runs[0].seconds, 2.5);
    QCOMPARE(set->runs[0].idealSeconds, 2.0); // 100 tasks over 8 processes of 13 threads: one round
    QCOMPARE(set->runs[1].spec.tasks, 100);
    QCOMPARE(set->runs[1].spec.threads, 100);
    QCOMPARE(set->runs[1].idealSeconds, 2.0);
}

void TestResultFile::badCsv_data()
{
    QTest::addColumn<QString>("file"); // under tests/data, or empty for inline
    QTest::addColumn<QByteArray>("inlineData");
    QTest::addColumn<int>("line");
    QTest::addColumn<QString>("column");
    QTest::addColumn<QString>("keyword");

    const QByteArray none;
    QTest::addRow("bad number") << u"bad-number.csv"_qs << none << 3 << u"tasks"_qs << u"not a whole number"_qs;
    QTest::addRow("unknown strategy") << u"bad-strategy.csv"_qs << none << 3 << u"strategy"_qs
                                      << u"unknown strategy 'fibers'"_qs;
    QTest::addRow("missing required column")
        << u"bad-missing-column.csv"_qs << none << 1 << u"seconds"_qs << u"missing required column"_qs;
    QTest::addRow("too few fields") << u"bad-field-count.csv"_qs << none << 3 << u"seconds"_qs << u"3 columns"_qs;
    QTest::addRow("unterminated quote") << u"bad-unterminated-quote.csv"_qs << none << 3 << u"message"_qs
                                        << u"unterminated quoted field"_qs;
    QTest::addRow("empty file") << u"bad-empty.csv"_qs << none << 1 << QString() << u"empty file"_qs;

    const QString inlineFile;
    QTest::addRow("too many fields") << inlineFile << QByteArray("strategy,tasks,seconds\nthreads,1,2,3\n") << 2
                                     << QString() << u"extra field after column 'seconds'"_qs;
    QTest::addRow("negative seconds") << inlineFile << QByteArray("strategy,tasks,seconds\nthreads,1,-2\n") << 2
                                      << u"seconds"_qs << u"negative"_qs;
    QTest::addRow("seconds not a number") << inlineFile << QByteArray("strategy,tasks,seconds\nthreads,1,fast\n") << 2
                                          << u"seconds"_qs << u"'fast' is not a number"_qs;
    QTest::addRow("tasks zero") << inlineFile << QByteArray("strategy,tasks,seconds\n\nthreads,0,1\n") << 3
                                << u"tasks"_qs << u"at least 1"_qs;
    QTest::addRow("negative threads") << inlineFile << QByteArray("strategy,tasks,seconds,threads\nthreads,4,1,-1\n")
                                      << 2 << u"threads"_qs << u"negative"_qs;
    QTest::addRow("unknown workload") << inlineFile << QByteArray("strategy,tasks,seconds,workload\nthreads,4,1,gpu\n")
                                      << 2 << u"workload"_qs << u"unknown workload 'gpu'"_qs;
    QTest::addRow("unknown status") << inlineFile << QByteArray("strategy,tasks,seconds,status\nthreads,4,1,meh\n") << 2
                                    << u"status"_qs << u"unknown status 'meh'"_qs;
    QTest::addRow("bad chunksize") << inlineFile << QByteArray("strategy,tasks,seconds,chunksize\nprocesses,4,1,0\n")
                                   << 2 << u"chunksize"_qs << u"not a chunk size"_qs;
    QTest::addRow("empty required cell") << inlineFile << QByteArray("strategy,tasks,seconds\nthreads,,1\n") << 2
                                         << u"tasks"_qs << u"empty"_qs;
    QTest::addRow("text after closing quote")
        << inlineFile << QByteArray("strategy,tasks,seconds,message\nthreads,4,1,\"a\"b\n") << 2 << u"message"_qs
        << u"after the closing quote"_qs;
    QTest::addRow("quoted newline counts lines")
        << inlineFile << QByteArray("strategy,tasks,seconds,message\nthreads,4,1,\"two\r\nlines\"\r\nthreads,4,x,\n")
        << 4 << u"seconds"_qs << u"not a number"_qs;
    QTest::addRow("header only") << inlineFile << QByteArray("strategy,tasks,seconds\n") << 1 << QString()
                                 << u"no data rows"_qs;
    QTest::addRow("only blank lines") << inlineFile << QByteArray("\xEF\xBB\xBF\r\n\r\n") << 1 << QString()
                                      << u"empty file"_qs;
    QTest::addRow("duplicate column") << inlineFile << QByteArray("strategy,tasks,seconds,Tasks\nthreads,1,1,1\n") << 1
                                      << QString() << u"appears twice"_qs;
}

void TestResultFile::badCsv()
{
    QFETCH(QString, file);
    QFETCH(QByteArray, inlineData);
    QFETCH(int, line);
    QFETCH(QString, column);
    QFETCH(QString, keyword);

    QString error;
    QString source;
    std::optional<ResultSet> set;
    if (file.isEmpty()) {
        source = QStringLiteral("inline.csv");
        set = parseCsv(inlineData, source, &error);
    } else {
        source = QFINDTESTDATA(QStringLiteral("data/") + file);
        QVERIFY2(!source.isEmpty(), qPrintable(file));
        set = readResultFile(source, &error);
    }
    QVERIFY(!set);
    const QString prefix = QStringLiteral("%1:%2: ").arg(source).arg(line);
    QVERIFY2(error.startsWith(prefix), qPrintable(error));
    if (!column.isEmpty())
        QVERIFY2(error.contains(QStringLiteral("column '%1'").arg(column)), qPrintable(error));
    QVERIFY2(error.contains(keyword), qPrintable(error));
}

void TestResultFile::badJson_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QByteArray>("inlineData");
    QTest::addColumn<QString>("where");
    QTest::addColumn<QString>("keyword");

    const QByteArray none;
    QTest::addRow("not JSON") << u"bad-not-json.json"_qs << none << u"at offset 67 (line 4, column 13)"_qs
                              << u"not valid JSON"_qs;
    QTest::addRow("wrong format tag") << u"bad-format-tag.json"_qs << none << u"at format"_qs << u"\"perf-results\""_qs;
    QTest::addRow("seconds a string") << u"bad-seconds-string.json"_qs << none << u"at runs[2].seconds"_qs
                                      << u"expected a number, found a string"_qs;

    const QString inlineFile;
    const auto doc = [](const char* runs, const char* extra = "") {
        return QByteArray(R"({"format": "conlab-results", "format_version": 1, )") + extra + R"("runs": )" + runs + '}';
    };
    QTest::addRow("no format") << inlineFile << QByteArray(R"({"runs": []})") << u"at format"_qs
                               << u"not a Concurrency Lab result file"_qs;
    QTest::addRow("top level array") << inlineFile << QByteArray("[1, 2]") << u"at (top level)"_qs
                                     << u"expected an object"_qs;
    QTest::addRow("newer version") << inlineFile
                                   << QByteArray(R"({"format": "conlab-results", "format_version": 2, "runs": []})")
                                   << u"at format_version"_qs << u"format version 2 is newer"_qs;
    QTest::addRow("runs missing") << inlineFile << QByteArray(R"({"format": "conlab-results", "format_version": 1})")
                                  << u"at runs"_qs << u"expected an array"_qs;
    QTest::addRow("run not an object") << inlineFile << doc("[3]") << u"at runs[0]"_qs << u"expected an object"_qs;
    QTest::addRow("tasks missing") << inlineFile << doc(R"([{"strategy": "threads", "seconds": 1}])")
                                   << u"at runs[0].tasks"_qs << u"missing"_qs;
    QTest::addRow("tasks fractional") << inlineFile << doc(R"([{"strategy": "threads", "tasks": 1.5, "seconds": 1}])")
                                      << u"at runs[0].tasks"_qs << u"whole number"_qs;
    QTest::addRow("unknown strategy") << inlineFile << doc(R"([{"strategy": "gpu", "tasks": 1, "seconds": 1}])")
                                      << u"at runs[0].strategy"_qs << u"unknown strategy 'gpu'"_qs;
    QTest::addRow("bad trace") << inlineFile << doc(R"([{"strategy": "threads", "tasks": 1, "seconds": 1,
                                           "traces": [[0,0,1,2,3,4], [1,0,1,2,"3",4]]}])")
                               << u"at runs[0].traces[1][4]"_qs << u"whole number"_qs;
    QTest::addRow("short trace") << inlineFile
                                 << doc(R"([{"strategy": "threads", "tasks": 1, "seconds": 1, "traces": [[0,0,1]]}])")
                                 << u"at runs[0].traces[0]"_qs << u"expected 6 integers"_qs;
    QTest::addRow("bad date") << inlineFile << doc("[]", R"("created": "yesterday", )") << u"at created"_qs
                              << u"ISO 8601"_qs;
    QTest::addRow("bad machine") << inlineFile << doc("[]", R"("machine": {"cores": "two"}, )")
                                 << u"at machine.cores"_qs << u"whole number"_qs;
}

void TestResultFile::badJson()
{
    QFETCH(QString, file);
    QFETCH(QByteArray, inlineData);
    QFETCH(QString, where);
    QFETCH(QString, keyword);

    QString error;
    QString source;
    std::optional<ResultSet> set;
    if (file.isEmpty()) {
        source = QStringLiteral("inline.json");
        set = parseJson(inlineData, source, &error);
    } else {
        source = QFINDTESTDATA(QStringLiteral("data/") + file);
        QVERIFY2(!source.isEmpty(), qPrintable(file));
        set = readResultFile(source, &error);
    }
    QVERIFY(!set);
    QVERIFY2(error.startsWith(source + QStringLiteral(": ") + where + QStringLiteral(": ")), qPrintable(error));
    QVERIFY2(error.contains(keyword), qPrintable(error));
}

void TestResultFile::garbageNeverCrashes()
{
    ResultSet set;
    set.runs = sampleRuns();
    set.runs[0].traces.append({ 1, 2, 3, 4, 5, 6 });
    const QByteArray csv = toCsv(set.runs);
    const QByteArray json = toJson(set);
    QRandomGenerator random(42);
    for (const QByteArray& valid : { csv, json }) {
        for (qsizetype length = 0; length < valid.size(); ++length) {
            QString error;
            if (!parseCsv(valid.left(length), QStringLiteral("cut.csv"), &error))
                QVERIFY(error.startsWith(QStringLiteral("cut.csv:")));
            if (!parseJson(valid.left(length), QStringLiteral("cut.json"), &error))
                QVERIFY(error.startsWith(QStringLiteral("cut.json: at ")));
            QByteArray mutated = valid;
            mutated[random.bounded(valid.size())] = static_cast<char>(random.bounded(256));
            error.clear();
            if (!parseCsv(mutated, QStringLiteral("m.csv"), &error))
                QVERIFY(!error.isEmpty());
            error.clear();
            if (!parseJson(mutated, QStringLiteral("m.json"), &error))
                QVERIFY(!error.isEmpty());
        }
    }
}

void TestResultFile::failedWriteLeavesNothing_data()
{
    QTest::addColumn<QString>("relativePath"); // to a fresh temporary directory; absolute when it starts with '/'
    QTest::addRow("directory does not exist") << QStringLiteral("no-such-dir/runs.csv");
    QTest::addRow("target is a directory") << QStringLiteral("a-directory.json");
    QTest::addRow("under /proc") << QStringLiteral("/proc/conlab-tst-resultfile.csv");
    QTest::addRow("unknown extension") << QStringLiteral("runs.xlsx");
}

void TestResultFile::failedWriteLeavesNothing()
{
    QFETCH(QString, relativePath);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QVERIFY(QDir(dir.path()).mkdir(QStringLiteral("a-directory.json")));
    const QString path = relativePath.startsWith(u'/') ? relativePath : dir.filePath(relativePath);
    ResultSet set;
    set.runs = sampleRuns();
    QString error;
    QVERIFY(!writeResultFile(path, set, &error));
    QVERIFY2(error.startsWith(path + QStringLiteral(": cannot write: ")), qPrintable(error));
    QVERIFY2(error.size() > path.size() + 16, qPrintable(error)); // and a reason
    QCOMPARE(QDir(dir.path()).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot),
        QStringList { QStringLiteral("a-directory.json") });
    QVERIFY(QFileInfo(dir.filePath(QStringLiteral("a-directory.json"))).isDir());
}

void TestResultFile::failedWriteKeepsExistingFile_data()
{
    QTest::addColumn<QString>("fileName");
    QTest::addColumn<int>("copies"); // of sampleRuns()
    // QFileDevice buffers writes up to 16 KiB and writes larger ones directly; both paths must fail cleanly.
    QTest::addRow("csv, buffered") << QStringLiteral("runs.csv") << 20;
    QTest::addRow("csv, direct") << QStringLiteral("runs.csv") << 200;
    QTest::addRow("json, buffered") << QStringLiteral("runs.json") << 8;
    QTest::addRow("json, direct") << QStringLiteral("runs.json") << 200;
}

void TestResultFile::failedWriteKeepsExistingFile()
{
    QFETCH(QString, fileName);
    QFETCH(int, copies);
    // Permissions do not stop root, so make the write itself fail: RLIMIT_FSIZE binds every user, root included.
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(fileName);
    const QByteArray oldContent = "strategy,tasks,seconds\nthreads,1,1\n";
    QVERIFY(writeBytes(path, oldContent));

    ResultSet set;
    for (int i = 0; i < copies; ++i)
        set.runs.append(sampleRuns());
    const QByteArray expected = fileName.endsWith(QStringLiteral(".json")) ? toJson(set) : toCsv(set.runs);
    QVERIFY(expected.size() > 4096);

    rlimit saved {};
    QCOMPARE(getrlimit(RLIMIT_FSIZE, &saved), 0);
    rlimit small = saved;
    small.rlim_cur = 4096;
    const auto savedHandler = std::signal(SIGXFSZ, SIG_IGN); // else the kernel kills us instead of failing write()
    QCOMPARE(setrlimit(RLIMIT_FSIZE, &small), 0);
    QString error;
    const bool written = writeResultFile(path, set, &error);
    setrlimit(RLIMIT_FSIZE, &saved);
    std::signal(SIGXFSZ, savedHandler);

    QVERIFY(!written);
    QCOMPARE(error, path + QStringLiteral(": cannot write: ") + QString::fromLocal8Bit(std::strerror(EFBIG)));
    QCOMPARE(readAll(path), oldContent);
    QCOMPARE(
        QDir(dir.path()).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot), QStringList { fileName });

    // Without the limit the same write goes through.
    QVERIFY2(writeResultFile(path, set, &error), qPrintable(error));
    QCOMPARE(readAll(path), expected);
}

void TestResultFile::currentMachineIsSane()
{
    const MachineInfo machine = currentMachine();
    QVERIFY(machine.cores >= 1);
    QCOMPARE(machine.cores, QThread::idealThreadCount());
    QVERIFY(!machine.kernel.isEmpty());
    QVERIFY(!machine.cpuModel.isEmpty());
    QVERIFY(machine.limits.pidMax > 0);
    QVERIFY(machine.limits.threadsMax > 0);
    QCOMPARE(machine.limits.nprocEnforced, geteuid() != 0);
    const qint64 ceiling = machine.limits.effectiveThreadCeiling();
    QVERIFY(ceiling > 0);
    QVERIFY(ceiling <= machine.limits.pidMax);
    QVERIFY(machine.limits.threadsPerProcessCeiling() <= ceiling);

    const MachineInfo copy = machineFromJson(machineToJson(machine));
    QVERIFY(copy == machine);
    // Through text as well, as it is stored in a result file.
    const QJsonObject reparsed = QJsonDocument::fromJson(QJsonDocument(machineToJson(machine)).toJson()).object();
    QVERIFY(machineFromJson(reparsed) == machine);
}

void TestResultFile::effectiveCeiling_data()
{
    QTest::addColumn<qint64>("nprocSoft");
    QTest::addColumn<bool>("enforced");
    QTest::addColumn<qint64>("cgroupMax");
    QTest::addColumn<qint64>("maxMapCount");
    QTest::addColumn<qint64>("ceiling");
    QTest::addColumn<qint64>("perProcess");

    // threads-max 5000 and pid_max 4000 throughout.
    QTest::addRow("pid_max") << qint64(-1) << true << qint64(-1) << qint64(-1) << qint64(4000) << qint64(4000);
    QTest::addRow("ulimit -u") << qint64(300) << true << qint64(-1) << qint64(-1) << qint64(300) << qint64(300);
    QTest::addRow("root ignores ulimit -u")
        << qint64(300) << false << qint64(-1) << qint64(-1) << qint64(4000) << qint64(4000);
    QTest::addRow("cgroup") << qint64(300) << true << qint64(200) << qint64(-1) << qint64(200) << qint64(200);
    QTest::addRow("max_map_count") << qint64(-1) << true << qint64(-1) << qint64(1000) << qint64(4000) << qint64(500);
}

void TestResultFile::effectiveCeiling()
{
    QFETCH(qint64, nprocSoft);
    QFETCH(bool, enforced);
    QFETCH(qint64, cgroupMax);
    QFETCH(qint64, maxMapCount);
    QFETCH(qint64, ceiling);
    QFETCH(qint64, perProcess);
    ProcessLimits limits;
    limits.threadsMax = 5000;
    limits.pidMax = 4000;
    limits.nprocSoft = nprocSoft;
    limits.nprocEnforced = enforced;
    limits.cgroupPidsMax = cgroupMax;
    limits.cgroupPidsFile = cgroupMax >= 0 ? QStringLiteral("/sys/fs/cgroup/test/pids.max") : QString();
    limits.maxMapCount = maxMapCount;
    QCOMPARE(limits.effectiveThreadCeiling(), ceiling);
    QCOMPARE(limits.threadsPerProcessCeiling(), perProcess);
    QCOMPARE(ProcessLimits().effectiveThreadCeiling(), qint64(-1));
}

void TestResultFile::limitsText()
{
    MachineInfo machine = currentMachine();
    const QString text = limitsToText(machine);
    for (const QString& expected : { u"threads-max (/proc/sys/kernel/threads-max)"_qs,
             u"pid_max (/proc/sys/kernel/pid_max)"_qs, u"RLIMIT_NPROC"_qs,
             u"Effective ceiling for threads in one process: "_qs, u"Effective ceiling for processes"_qs })
        QVERIFY2(text.contains(expected), qPrintable(text));

    machine.limits.nprocEnforced = false;
    QVERIFY(limitsToText(machine).contains(QStringLiteral("root")));
    machine.limits = ProcessLimits();
    machine.limits.nprocSoft = 77;
    machine.limits.pidMax = 1000;
    QVERIFY2(limitsToText(machine).contains(QStringLiteral("processes (threads of all processes included): 77, set by "
                                                           "ulimit -u soft (RLIMIT_NPROC)")),
        qPrintable(limitsToText(machine)));
}

void TestResultFile::quotedInputEscapes_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QString>("expected");
    QTest::addRow("plain") << QByteArray("threads") << u"threads"_qs;
    QTest::addRow("UTF-8 kept") << QByteArray("caf\xc3\xa9 \xe2\x86\x92 \xf0\x9f\x98\x80") << u"café → 😀"_qs;
    QTest::addRow("ESC sequences") << QByteArray("\x1b]0;pwned\x07\x1b[2J") << u"\\x1b]0;pwned\\x07\\x1b[2J"_qs;
    QTest::addRow("NUL") << QByteArray("a\0b", 3) << u"a\\0b"_qs;
    QTest::addRow("tab, newline, return") << QByteArray("a\tb\nc\rd") << u"a\\tb\\nc\\rd"_qs;
    QTest::addRow("DEL") << QByteArray("\x7f") << u"\\x7f"_qs;
    QTest::addRow("C1 NEL, CSI") << QByteArray("\xc2\x85\xc2\x9b") << u"\\u0085\\u009b"_qs;
    QTest::addRow("bidi override, line separator") << QByteArray("\xe2\x80\xae\xe2\x80\xa8") << u"\\u202e\\u2028"_qs;
    QTest::addRow("backslash") << QByteArray("C:\\x1b") << u"C:\\\\x1b"_qs;
    QTest::addRow("invalid byte") << QByteArray("a\xff"
                                                "b")
                                  << u"a\\xffb"_qs;
    QTest::addRow("overlong slash") << QByteArray("\xc0\xaf") << u"\\xc0\\xaf"_qs;
    QTest::addRow("encoded surrogate") << QByteArray("\xed\xa0\x80") << u"\\xed\\xa0\\x80"_qs;
    QTest::addRow("truncated sequence") << QByteArray("\xe2\x82") << u"\\xe2\\x82"_qs;
    QTest::addRow("beyond U+10FFFF") << QByteArray("\xf4\x90\x80\x80") << u"\\xf4\\x90\\x80\\x80"_qs;
}

void TestResultFile::quotedInputEscapes()
{
    QFETCH(QByteArray, input);
    QFETCH(QString, expected);
    QCOMPARE(quotedInput(input), expected);
    // The same text reached as a string, as a parser sees it after decodeInput().
    QCOMPARE(quotedInput(decodeInput(input)), expected);
}

void TestResultFile::quotedInputCutsLongText()
{
    const QString longText = QString(200, u'x');
    const QString cut = quotedInput(longText);
    QCOMPARE(cut.size(), quotedInputLength);
    QVERIFY(cut.endsWith(u"…"));
    QCOMPARE(cut.left(quotedInputLength - 1), QString(quotedInputLength - 1, u'x'));
    // Exactly the limit: nothing cut.
    QCOMPARE(quotedInput(QString(quotedInputLength, u'y')), QString(quotedInputLength, u'y'));
    // An escape is never split: 15 escapes of 4 characters fill 60; one more cuts back to a whole escape.
    const QString escapes = quotedInput(QByteArray(16, '\x1b'));
    QCOMPARE(escapes, QStringLiteral("\\x1b").repeated(14) + u"…"_qs);
    // A file of any size: its quote is as short, and found as fast.
    const QByteArray huge(64 * 1024 * 1024, '\x07');
    QElapsedTimer timer;
    timer.start();
    QCOMPARE(quotedInput(huge).size(), 15 * 4 - 3);
    QVERIFY2(timer.elapsed() < 1000, QByteArray::number(timer.elapsed()).constData());
}

void TestResultFile::quotedPathKeepsTheFileName()
{
    const QString path = u"/home/user/"_qs + QString(300, u'd') + u"/runs\x1b[2J.csv"_qs;
    const QString quoted = quotedPath(path);
    QCOMPARE(quoted.size(), quotedPathLength);
    QVERIFY2(quoted.startsWith(u"/home/user/ddd"), qPrintable(quoted));
    QVERIFY2(quoted.endsWith(u"dd/runs\\x1b[2J.csv"), qPrintable(quoted));
    QVERIFY2(quoted.contains(u"…"), qPrintable(quoted));
    QCOMPARE(quotedPath(u"/tmp/runs.csv"), u"/tmp/runs.csv"_qs);
}

// A file's text reaches the user's terminal and the app's dialogs only through messages: none may carry a control
// character, an invalid byte or a NUL, and none grows with the file.
void TestResultFile::fileContentIsQuotedAsData_data()
{
    QTest::addColumn<QString>("fileName");
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QString>("expectedQuote");
    QTest::addRow("CSV header with ESC sequences")
        << u"x.csv"_qs << QByteArray("strategy,\x1b]0;pwned\x07\x1b[2J,seconds\nthreads,1,2\n")
        << u"\\x1b]0;pwned\\x07\\x1b[2J"_qs;
    QTest::addRow("CSV field with NUL") << u"x.csv"_qs << QByteArray("strategy,tasks,seconds\nthreads,1,2\0x\n", 37)
                                        << u"'2\\0x' is not a number"_qs;
    QTest::addRow("CSV field not UTF-8") << u"x.csv"_qs
                                         << QByteArray("strategy,tasks,seconds\nthr\xff"
                                                       "ads,1,2\n")
                                         << u"'thr\\xffads'"_qs;
    QTest::addRow("CSV long field cut") << u"x.csv"_qs
                                        << QByteArray(
                                               "strategy,tasks,seconds\nthreads,1," + QByteArray(5000, '9') + "x\n")
                                        << u"'99999"_qs;
    QTest::addRow("binary file") << u"y.csv"_qs
                                 << QByteArray("\x7f"
                                               "ELF\x02\x01\x01\0\0\0\0\0\0\0\0\0\x03\0>\0\x01\0\0\0\xd0\x61\0\0",
                                        28)
            + QByteArray(4000, '\xfe')
                                 << u"\\x7fELF\\x02\\x01\\x01\\0"_qs;
    QTest::addRow("JSON strategy with ESC") << u"x.json"_qs
                                            << QByteArray("{\"format\": \"conlab-results\", \"runs\": [{\"strategy\": "
                                                          "\"\\u001b[2Jthreads\", \"tasks\": 1, \"seconds\": 1}]}")
                                            << u"unknown strategy '\\x1b[2Jthreads'"_qs;
    QTest::addRow("JSON format with C1 and bidi")
        << u"x.json"_qs << QByteArray("{\"format\": \"\\u009b2J\\u202eevil\", \"runs\": []}")
        << u"\\u009b2J\\u202eevil"_qs;
    QTest::addRow("journal end line")
        << u"x.jsonl"_qs
        << QByteArray("{\"format\": \"conlab-journal\"}\n{\"end\": \"\\u0007\\u0000done\", \"runs\": 0}\n")
        << u"unknown end '\\x07\\0done'"_qs;
    QTest::addRow("file name") << u"a\x1b[2Jb.csv"_qs << QByteArray("strategy\n") << u"a\\x1b[2Jb.csv:1:"_qs;
}

void TestResultFile::fileContentIsQuotedAsData()
{
    QFETCH(QString, fileName);
    QFETCH(QByteArray, content);
    QFETCH(QString, expectedQuote);
    QTemporaryDir dir;
    const QString path = dir.filePath(fileName);
    QVERIFY(writeBytes(path, content));
    QString error;
    QVERIFY(!readResultFile(path, &error));
    QVERIFY2(error.contains(expectedQuote), qPrintable(error));
    for (const QChar c : std::as_const(error)) {
        const char16_t code = c.unicode();
        QVERIFY2(code >= 0x20 && code != 0x7F && (code < 0x80 || code > 0x9F) && !c.isSurrogate()
                && c.category() != QChar::Other_Format,
            qPrintable(QStringLiteral("U+%1 in: %2").arg(int(code), 4, 16, QLatin1Char('0')).arg(error)));
    }
    QVERIFY2(error.size() < 400, qPrintable(error));
}

// Shortest round trip in every file: 0.1 + 0.075 is the double nearest 0.175 and is written 0.175, not
// 0.17499999999999999 (%.17g); 0.1 + 0.2 is not, and keeps the 17 digits that tell it apart.
void TestResultFile::numbersAreShortestRoundTrip()
{
    ResultSet set;
    set.runs = { makeRun(StrategyKind::Threads, RunStatus::Ok, QString(), 0.1 + 0.075),
        makeRun(StrategyKind::Threads, RunStatus::Ok, QString(), 0.1 + 0.2) };
    for (const QByteArray& bytes : { toCsv(set.runs), toJson(set) }) {
        static const QRegularExpression number(QStringLiteral("\\d+\\.\\d+(?:e[-+]?\\d+)?"));
        auto it = number.globalMatch(QString::fromUtf8(bytes));
        int seen = 0;
        for (; it.hasNext(); ++seen) {
            const QString text = it.next().captured();
            QCOMPARE(text, QString::number(text.toDouble(), 'g', QLocale::FloatingPointShortest));
        }
        QVERIFY2(seen >= 4, bytes.constData()); // two seconds and two ideal times (2/3), at least
        QVERIFY2(bytes.contains("0.175"), bytes.constData());
        QVERIFY2(!bytes.contains("0.17499999"), bytes.constData());
        QVERIFY2(bytes.contains("0.30000000000000004"), bytes.constData());
        QVERIFY2(bytes.contains("0.6666666666666666") && !bytes.contains("0.66666666666666663"), bytes.constData());
    }
}

// The bytes kept for quoting (decodeInput()) do not leak into the data: a message that is not UTF-8 reads with U+FFFD
// in its place, as QString::fromUtf8() reads it.
void TestResultFile::invalidUtf8InAMessageReadsAsBefore()
{
    const QByteArray csv("strategy,tasks,seconds,message\nthreads,1,2,caf\xe9 \xc3\xa9\n");
    QString error;
    const auto set = parseCsv(csv, u"latin1.csv"_qs, &error);
    QVERIFY2(set, qPrintable(error));
    QCOMPARE(set->runs.first().message, u"caf\ufffd é"_qs);
    QCOMPARE(set->runs.first().message, QString::fromUtf8("caf\xe9 \xc3\xa9"));
}

void TestResultFile::everyFieldSurvivesEveryFormat_data()
{
    QTest::addColumn<int>("field");
    QTest::addColumn<Format>("format");
    const auto fields = runFields();
    for (size_t i = 0; i < fields.size(); ++i) {
        const QByteArray key(fields[i].key.data(), fields[i].key.size());
        QTest::addRow("csv %s", key.constData()) << int(i) << Format::Csv;
        QTest::addRow("json %s", key.constData()) << int(i) << Format::Json;
        QTest::addRow("journal %s", key.constData()) << int(i) << Format::Journal;
    }
}

void TestResultFile::everyFieldSurvivesEveryFormat()
{
    // Goes over runFields(), so that a field added to the list is checked in every format without a word here.
    QFETCH(int, field);
    QFETCH(Format, format);
    const RunField& info = runFields()[field];
    const RunResult run = distinctiveRun();
    const QString key = info.key;
    if (info.unstated) {
        RunResult unstated = run;
        info.unstated(unstated, 1);
        QVERIFY2(info.get(unstated) != info.get(run),
            qPrintable(QStringLiteral("distinctiveRun() gives %1 the value a file without it reads (%2): give it "
                                      "another, or this test proves nothing for it")
                           .arg(key, fieldValueText(info.get(run)))));
    }

    const QByteArray data = written(format, run);
    QString error;
    const auto back = readBack(format, data, &error);
    QVERIFY2(back, qPrintable(error + u'\n' + QString::fromUtf8(data)));
    const bool inFile = format != Format::Csv || info.inCsv;
    const bool named = format == Format::Csv ? data.left(data.indexOf('\n')).split(',').contains(key.toLatin1())
                                             : data.contains('"' + key.toLatin1() + "\": ");
    QCOMPARE(named, inFile);
    if (inFile) {
        QVERIFY2(info.get(*back) == info.get(run),
            qPrintable(QStringLiteral("%1 reads back as %2, written as %3")
                           .arg(key, fieldValueText(info.get(*back)), fieldValueText(info.get(run)))));
    }

    // A file that does not state the field: refused when it must, else the field reads as its entry says.
    if (inFile) {
        const auto without = readBack(format, withoutField(format, data, info.key), &error);
        if (info.required) {
            QVERIFY(!without);
            QVERIFY2(error.contains(key), qPrintable(error));
            return;
        }
        QVERIFY2(without, qPrintable(error));
        RunResult expected = *without;
        info.unstated(expected, 1);
        QVERIFY2(info.get(*without) == info.get(expected), qPrintable(fieldValueText(info.get(*without))));
    } else {
        RunResult expected = *back;
        info.unstated(expected, 1);
        QVERIFY2(info.get(*back) == info.get(expected), qPrintable(fieldValueText(info.get(*back))));
    }

    // Unknown, where the field can be, is written as such and read back as such.
    if (info.nullable && inFile) {
        RunResult unknown = run;
        info.unstated(unknown, 1);
        QVERIFY(std::holds_alternative<std::monostate>(info.get(unknown)));
        const auto again = readBack(format, written(format, unknown), &error);
        QVERIFY2(again, qPrintable(error));
        QVERIFY2(
            std::holds_alternative<std::monostate>(info.get(*again)), qPrintable(fieldValueText(info.get(*again))));
    }
}

QTEST_GUILESS_MAIN(TestResultFile)
#include "tst_resultfile.moc"
