#include "runfields.h"

#include "inputquote.h"
#include "strategies.h"
#include "wording.h"
#include "workload.h"

#include <QtGlobal>
#include <array>

namespace {
// The names a file may say, for the message that lists them. (Each one small function: the strategy and workload
// registry reads them from its own list.)
QStringList strategyNames()
{
    return allStrategyNames();
}

QStringList runtimeNames()
{
    QStringList names;
    for (RuntimeKind runtime : allRuntimes())
        names.append(runtimeName(runtime));
    return names;
}

QStringList workloadNames()
{
    return allWorkloadNames();
}

QStringList statusNames()
{
    QStringList names;
    for (RunStatus status :
        { RunStatus::Ok, RunStatus::Refused, RunStatus::Crashed, RunStatus::Cancelled, RunStatus::Failed })
        names.append(statusName(status));
    return names;
}

QString unknownName(const QString& what, const QString& text, const QStringList& known)
{
    return QStringLiteral("unknown %1 '%2' (expected one of %3)")
        .arg(what, quotedInput(text), known.join(QStringLiteral(", ")));
}

const QString& text(const FieldValue& value)
{
    return std::get<QString>(value);
}

int integer(const FieldValue& value)
{
    return int(std::get<qint64>(value));
}

double number(const FieldValue& value)
{
    return std::get<double>(value);
}

// Getters and setters of the fields that are plain members of the run or its spec.
template<int RunSpec::*member> FieldValue specInteger(const RunResult& run)
{
    return qint64(run.spec.*member);
}

template<int RunSpec::*member> QString setSpecInteger(RunResult& run, const FieldValue& value)
{
    run.spec.*member = integer(value);
    return QString();
}

// A count of 0 (threads, processes) is what a file that does not say leaves: unknown, which is not the same as none.
template<int RunSpec::*member> FieldValue knownCount(const RunResult& run)
{
    return run.spec.*member > 0 ? FieldValue(qint64(run.spec.*member)) : FieldValue();
}

template<int RunSpec::*member> void unknownCount(RunResult& run, int)
{
    run.spec.*member = 0;
}

template<double RunResult::*member> FieldValue seconds(const RunResult& run)
{
    return run.*member;
}

template<double RunResult::*member> QString setSeconds(RunResult& run, const FieldValue& value)
{
    run.*member = number(value);
    return QString();
}

// The workload's options (RunSpec::options): whole numbers, flags as 0 or 1, and text. A file that does not state one
// leaves it at its default, which is what a run of a workload that does not read it holds.
FieldValue optionField(int value)
{
    return qint64(value);
}
FieldValue optionField(qint64 value)
{
    return value;
}
FieldValue optionField(bool value)
{
    return qint64(value ? 1 : 0);
}
FieldValue optionField(const QString& value)
{
    return value;
}
void setOptionField(int& member, const FieldValue& value)
{
    member = integer(value);
}
void setOptionField(qint64& member, const FieldValue& value)
{
    member = std::get<qint64>(value);
}
void setOptionField(bool& member, const FieldValue& value)
{
    member = std::get<qint64>(value) != 0;
}
void setOptionField(QString& member, const FieldValue& value)
{
    member = text(value);
}

template<auto member> FieldValue option(const RunResult& run)
{
    return optionField(run.spec.options.*member);
}

template<auto member> QString setOption(RunResult& run, const FieldValue& value)
{
    setOptionField(run.spec.options.*member, value);
    return QString();
}

template<auto member> void defaultOption(RunResult& run, int)
{
    run.spec.options.*member = WorkloadOptions().*member;
}

// The resources a run used (RunResult::resources): -1 is not measured, written as unknown.
template<auto member> FieldValue resource(const RunResult& run)
{
    const qint64 value = run.resources.*member;
    return value < 0 ? FieldValue() : FieldValue(value);
}

template<auto member> QString setResource(RunResult& run, const FieldValue& value)
{
    run.resources.*member = decltype(RunResources().*member)(std::get<qint64>(value));
    return QString();
}

template<auto member> void unknownResource(RunResult& run, int)
{
    run.resources.*member = -1;
}

constexpr qint64 minInt64 = std::numeric_limits<qint64>::min();
constexpr qint64 maxInt64 = std::numeric_limits<qint64>::max();

const std::array fields = {
    RunField {
        .key = QLatin1String("strategy"),
        .type = FieldType::Name,
        .required = true,
        .get = [](const RunResult& run) -> FieldValue { return strategyName(run.spec.strategy); },
        .set =
            [](RunResult& run, const FieldValue& value) {
                const auto strategy = strategyFromName(text(value));
                if (!strategy)
                    return unknownName(QStringLiteral("strategy"), text(value), strategyNames());
                run.spec.strategy = *strategy;
                return QString();
            },
        .title = QT_TRANSLATE_NOOP("ResultsModel", "Strategy"),
        .toolTip = QT_TRANSLATE_NOOP("ResultsModel",
            "How the batch of tasks was run: %1, with the settings that tell the strategy's series in this data set "
            "apart (C processes, T threads, K chunk size)."),
        .toolTipList = [] { return strategyNamesText(); },
    },
    RunField {
        .key = QLatin1String("workload"),
        .type = FieldType::Name,
        .nullable = true,
        .get =
            [](const RunResult& run) {
                return run.spec.workload == WorkloadKind::Unknown ? FieldValue() : workloadName(run.spec.workload);
            },
        .set =
            [](RunResult& run, const FieldValue& value) {
                const auto workload = workloadFromName(text(value));
                if (!workload)
                    return unknownName(QStringLiteral("workload"), text(value), workloadNames());
                run.spec.workload = *workload;
                return QString();
            },
        .unstated = [](RunResult& run, int) { run.spec.workload = WorkloadKind::Unknown; },
        .title = QT_TRANSLATE_NOOP("ResultsModel", "Workload"),
        .toolTip = QT_TRANSLATE_NOOP("ResultsModel", "What a task does: %1."),
        .toolTipList =
            [] {
                QStringList labels;
                for (WorkloadKind kind : allWorkloadKinds())
                    labels.append(workloadLabel(kind));
                return listText(labels, u" or ");
            },
    },
    RunField {
        .key = QLatin1String("task_ms"),
        .type = FieldType::Integer,
        .nullable = true,
        .get =
            [](const RunResult& run) {
                return run.spec.taskMs == TaskMsUnknown ? FieldValue() : FieldValue(qint64(run.spec.taskMs));
            },
        .set = setSpecInteger<&RunSpec::taskMs>,
        .unstated = [](RunResult& run, int) { run.spec.taskMs = TaskMsUnknown; },
        .title = QT_TRANSLATE_NOOP("ResultsModel", "Task"),
        .unit = "ms",
        .toolTip = QT_TRANSLATE_NOOP("ResultsModel", "h: how long one task takes on its own, in milliseconds."),
    },
    RunField {
        .key = QLatin1String("tasks"),
        .type = FieldType::Integer,
        .required = true,
        .minimum = 1,
        .get = specInteger<&RunSpec::tasks>,
        .set = setSpecInteger<&RunSpec::tasks>,
        .title = QT_TRANSLATE_NOOP("ResultsModel", "Tasks"),
        .toolTip = QT_TRANSLATE_NOOP("ResultsModel", "n: how many tasks the batch had."),
    },
    RunField {
        .key = QLatin1String("threads"),
        .type = FieldType::Integer,
        .nullable = true,
        .get = knownCount<&RunSpec::threads>,
        .set = setSpecInteger<&RunSpec::threads>,
        .unstated = unknownCount<&RunSpec::threads>,
        .title = QT_TRANSLATE_NOOP("ResultsModel", "Threads"),
        .toolTip = QT_TRANSLATE_NOOP("ResultsModel", "Threads per process; empty when the result file did not say."),
    },
    RunField {
        .key = QLatin1String("processes"),
        .type = FieldType::Integer,
        .nullable = true,
        .get = knownCount<&RunSpec::processes>,
        .set = setSpecInteger<&RunSpec::processes>,
        .unstated = unknownCount<&RunSpec::processes>,
        .title = QT_TRANSLATE_NOOP("ResultsModel", "Processes"),
        .toolTip = QT_TRANSLATE_NOOP("ResultsModel", "Worker processes; empty when the result file did not say."),
    },
    RunField {
        .key = QLatin1String("chunksize"),
        .type = FieldType::Chunksize,
        .nullable = true,
        .minimum = ChunkPythonRule,
        .get =
            [](const RunResult& run) {
                return run.spec.chunksize == ChunkUnknown ? FieldValue() : chunksizeName(run.spec.chunksize);
            },
        .set =
            [](RunResult& run, const FieldValue& value) {
                if (const auto* number = std::get_if<qint64>(&value)) {
                    // The in-memory encoding: 0 one at a time, -1 Python's rule, otherwise a number of tasks.
                    run.spec.chunksize = *number == 1 ? ChunkOneAtATime : int(*number);
                    return QString();
                }
                const auto chunksize = chunksizeFromName(text(value));
                if (!chunksize) {
                    return QStringLiteral(
                        "'%1' is not a chunk size (expected a number of tasks of at least 1, or python)")
                        .arg(quotedInput(text(value)));
                }
                run.spec.chunksize = *chunksize;
                return QString();
            },
        // The other strategies hand out one task at a time whatever a file says.
        .unstated =
            [](RunResult& run, int) {
                if (strategyReads(run.spec.strategy, RunSetting::Chunksize))
                    run.spec.chunksize = ChunkUnknown;
            },
        .title = QT_TRANSLATE_NOOP("ResultsModel", "Chunk size"),
        .toolTip = QT_TRANSLATE_NOOP("ResultsModel",
            "Tasks handed to a worker process at a time (processes strategy only); python is Pool.map's rule "
            "⌈n / (4 × processes)⌉."),
    },
    RunField {
        .key = QLatin1String("repeat"),
        .type = FieldType::Integer,
        .minimum = 1,
        .get = specInteger<&RunSpec::repeat>,
        .set = setSpecInteger<&RunSpec::repeat>,
        .unstated = [](RunResult& run, int counted) { run.spec.repeat = counted; },
        .title = QT_TRANSLATE_NOOP("ResultsModel", "Repeat"),
        .toolTip = QT_TRANSLATE_NOOP("ResultsModel", "Which repetition of the same configuration this run was."),
    },
    RunField {
        .key = QLatin1String("cpu_ms"),
        .maximum = 24 * 3600 * 1000,
        .get = option<&WorkloadOptions::cpuMs>,
        .set = setOption<&WorkloadOptions::cpuMs>,
        .unstated = defaultOption<&WorkloadOptions::cpuMs>,
        .title = QT_TRANSLATE_NOOP("ResultsModel", "Computing"),
        .unit = "ms",
        .toolTip = QT_TRANSLATE_NOOP("ResultsModel",
            "What each task of the mixed workload computes before it waits, in milliseconds; 0 for the others."),
    },
    RunField {
        .key = QLatin1String("bytes"),
        .maximum = MaxFileBytes,
        .get = option<&WorkloadOptions::bytes>,
        .set = setOption<&WorkloadOptions::bytes>,
        .unstated = defaultOption<&WorkloadOptions::bytes>,
    },
    RunField {
        .key = QLatin1String("fsync"),
        .maximum = 1,
        .get = option<&WorkloadOptions::fsync>,
        .set = setOption<&WorkloadOptions::fsync>,
        .unstated = defaultOption<&WorkloadOptions::fsync>,
    },
    RunField {
        .key = QLatin1String("dir"),
        .type = FieldType::Text,
        .get = option<&WorkloadOptions::dir>,
        .set = setOption<&WorkloadOptions::dir>,
        .unstated = defaultOption<&WorkloadOptions::dir>,
    },
    RunField {
        .key = QLatin1String("command"),
        .type = FieldType::Text,
        .get = option<&WorkloadOptions::command>,
        .set = setOption<&WorkloadOptions::command>,
        .unstated = defaultOption<&WorkloadOptions::command>,
    },
    RunField {
        .key = QLatin1String("shell"),
        .maximum = 1,
        .get = option<&WorkloadOptions::shell>,
        .set = setOption<&WorkloadOptions::shell>,
        .unstated = defaultOption<&WorkloadOptions::shell>,
    },
    RunField {
        .key = QLatin1String("interpreter_lock"),
        .maximum = 1,
        .get = option<&WorkloadOptions::interpreterLock>,
        .set = setOption<&WorkloadOptions::interpreterLock>,
        .unstated = defaultOption<&WorkloadOptions::interpreterLock>,
    },
    RunField {
        .key = QLatin1String("seconds"),
        .type = FieldType::Seconds,
        .required = true,
        .get = seconds<&RunResult::seconds>,
        .set = setSeconds<&RunResult::seconds>,
        .title = QT_TRANSLATE_NOOP("ResultsModel", "Time"),
        .unit = "s",
        .toolTip = QT_TRANSLATE_NOOP("ResultsModel",
            "Wall time from starting the strategy (pool creation included) to the end of the last task, in seconds."),
    },
    RunField {
        .key = QLatin1String("ideal_seconds"),
        .type = FieldType::Seconds,
        .get = seconds<&RunResult::idealSeconds>,
        .set = setSeconds<&RunResult::idealSeconds>,
        // Computed only from what the run states: a bound from assumed values would be invented. 0: unknown.
        .unstated
        = [](RunResult& run, int) { run.idealSeconds = idealBoundKnown(run.spec) ? idealSeconds(run.spec, 0) : 0.0; },
        .title = QT_TRANSLATE_NOOP("ResultsModel", "Ideal"),
        .unit = "s",
        .toolTip = QT_TRANSLATE_NOOP("ResultsModel",
            "The ideal bound h·⌈n / w⌉ in seconds: the time if running tasks side by side cost nothing; empty when "
            "the workers are unknown."),
    },
    RunField {
        .key = QLatin1String("status"),
        .type = FieldType::Name,
        .get = [](const RunResult& run) -> FieldValue { return statusName(run.status); },
        .set =
            [](RunResult& run, const FieldValue& value) {
                const auto status = statusFromName(text(value));
                if (!status)
                    return unknownName(QStringLiteral("status"), text(value), statusNames());
                run.status = *status;
                return QString();
            },
        .unstated = [](RunResult& run, int) { run.status = RunStatus::Ok; },
        .title = QT_TRANSLATE_NOOP("ResultsModel", "Status"),
        .toolTip = QT_TRANSLATE_NOOP("ResultsModel",
            "ok, or why the run did not finish: refused (the OS refused a thread or process), crashed, cancelled or "
            "failed."),
    },
    RunField {
        .key = QLatin1String("message"),
        .type = FieldType::Text,
        .get = [](const RunResult& run) -> FieldValue { return run.message; },
        .set =
            [](RunResult& run, const FieldValue& value) {
                run.message = text(value);
                return QString();
            },
        .unstated = [](RunResult& run, int) { run.message.clear(); },
        .title = QT_TRANSLATE_NOOP("ResultsModel", "Message"),
        .toolTip = QT_TRANSLATE_NOOP("ResultsModel", "What stopped a run that is not ok."),
    },
    RunField {
        .key = QLatin1String("peak_rss_kib"),
        .nullable = true,
        .maximum = maxInt64,
        .get = resource<&RunResources::peakRssKiB>,
        .set = setResource<&RunResources::peakRssKiB>,
        .unstated = unknownResource<&RunResources::peakRssKiB>,
        .title = QT_TRANSLATE_NOOP("ResultsModel", "Peak RSS"),
        .unit = "KiB",
        .toolTip = QT_TRANSLATE_NOOP("ResultsModel",
            "The peak resident memory of the tool's process during this run (not over its lifetime), in KiB."),
    },
    RunField {
        .key = QLatin1String("workers_peak_rss_kib"),
        .nullable = true,
        .maximum = maxInt64,
        .get = resource<&RunResources::workersPeakRssKiB>,
        .set = setResource<&RunResources::workersPeakRssKiB>,
        .unstated = unknownResource<&RunResources::workersPeakRssKiB>,
        .title = QT_TRANSLATE_NOOP("ResultsModel", "Workers' RSS"),
        .unit = "KiB",
        .toolTip = QT_TRANSLATE_NOOP("ResultsModel",
            "The sum of the worker processes' peak resident memory in this run, in KiB; 0 without workers."),
    },
    RunField {
        .key = QLatin1String("threads_created"),
        .nullable = true,
        .get = resource<&RunResources::threadsCreated>,
        .set = setResource<&RunResources::threadsCreated>,
        .unstated = unknownResource<&RunResources::threadsCreated>,
        .title = QT_TRANSLATE_NOOP("ResultsModel", "Threads made"),
        .toolTip = QT_TRANSLATE_NOOP("ResultsModel", "The threads the run created, in every process."),
    },
    RunField {
        .key = QLatin1String("processes_created"),
        .nullable = true,
        .get = resource<&RunResources::processesCreated>,
        .set = setResource<&RunResources::processesCreated>,
        .unstated = unknownResource<&RunResources::processesCreated>,
        .title = QT_TRANSLATE_NOOP("ResultsModel", "Processes made"),
        .toolTip = QT_TRANSLATE_NOOP(
            "ResultsModel", "The processes the run started: worker processes and the command workload's commands."),
    },
    RunField {
        .key = QLatin1String("server_cpu_us"),
        .nullable = true,
        .maximum = maxInt64,
        .get = resource<&RunResources::serverCpuUs>,
        .set = setResource<&RunResources::serverCpuUs>,
        .unstated = unknownResource<&RunResources::serverCpuUs>,
    },
    RunField {
        .key = QLatin1String("server_late_max_us"),
        .nullable = true,
        .maximum = maxInt64,
        .get = resource<&RunResources::serverLateMaxUs>,
        .set = setResource<&RunResources::serverLateMaxUs>,
        .unstated = unknownResource<&RunResources::serverLateMaxUs>,
    },
    RunField {
        .key = QLatin1String("server_late_mean_us"),
        .nullable = true,
        .maximum = maxInt64,
        .get = resource<&RunResources::serverLateMeanUs>,
        .set = setResource<&RunResources::serverLateMeanUs>,
        .unstated = unknownResource<&RunResources::serverLateMeanUs>,
    },
    RunField {
        .key = QLatin1String("runtime"),
        .type = FieldType::Name,
        .get = [](const RunResult& run) -> FieldValue { return runtimeName(run.spec.runtime); },
        .set =
            [](RunResult& run, const FieldValue& value) {
                const auto runtime = runtimeFromName(text(value));
                if (!runtime)
                    return unknownName(QStringLiteral("runtime"), text(value), runtimeNames());
                run.spec.runtime = *runtime;
                return QString();
            },
        // Files from before the python runtime ran every run in the engine itself.
        .unstated = [](RunResult& run, int) { run.spec.runtime = RuntimeKind::Native; },
        .title = QT_TRANSLATE_NOOP("ResultsModel", "Runtime"),
        .toolTip = QT_TRANSLATE_NOOP("ResultsModel",
            "Where the strategy ran: %1. native is this tool's C++ engine; python is CPython on the same machine, "
            "running the same plan with ThreadPool, Pool and asyncio."),
        .toolTipList = [] { return runtimeNamesText(); },
    },
    RunField {
        .key = QLatin1String("runtime_startup_us"),
        .nullable = true,
        .maximum = maxInt64,
        .get = resource<&RunResources::runtimeStartupUs>,
        .set = setResource<&RunResources::runtimeStartupUs>,
        .unstated = unknownResource<&RunResources::runtimeStartupUs>,
        .title = QT_TRANSLATE_NOOP("ResultsModel", "Start-up"),
        .unit = "µs",
        .toolTip = QT_TRANSLATE_NOOP("ResultsModel",
            "The python runtime: how long the interpreter took to start before the strategy did, in microseconds; "
            "not part of the run's time. 0 for a native run."),
    },
    RunField {
        .key = QLatin1String("start_ns"),
        .type = FieldType::Integer,
        .inCsv = false,
        .minimum = minInt64,
        .maximum = maxInt64,
        .get = [](const RunResult& run) -> FieldValue { return run.startNs; },
        .set =
            [](RunResult& run, const FieldValue& value) {
                run.startNs = std::get<qint64>(value);
                return QString();
            },
        .unstated = [](RunResult& run, int) { run.startNs = 0; },
        .unit = "ns",
    },
    RunField {
        .key = QLatin1String("traces"),
        .type = FieldType::Traces,
        .inCsv = false,
        .get = [](const RunResult& run) -> FieldValue { return run.traces; },
        .set =
            [](RunResult& run, const FieldValue& value) {
                run.traces = std::get<QList<TaskTrace>>(value);
                return QString();
            },
        .unstated = [](RunResult& run, int) { run.traces.clear(); },
    },
};
} // namespace

QString fieldValueText(const FieldValue& value)
{
    if (const auto* text = std::get_if<QString>(&value))
        return u'"' + *text + u'"';
    if (const auto* integer = std::get_if<qint64>(&value))
        return QString::number(*integer);
    if (const auto* number = std::get_if<double>(&value))
        return QString::number(*number, 'g', 17);
    if (const auto* traces = std::get_if<QList<TaskTrace>>(&value))
        return QStringLiteral("%1 traces").arg(traces->size());
    return QStringLiteral("unknown");
}

std::span<const RunField> runFields()
{
    return fields;
}

const RunField* runField(QLatin1String key)
{
    for (const RunField& field : fields) {
        if (field.key == key)
            return &field;
    }
    return nullptr;
}
