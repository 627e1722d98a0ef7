#include "workloadoptions.h"

#include "childprocess.h"
#include "inputquote.h"
#include "wording.h"

#include <QStringList>
#include <algorithm>

namespace {
const WorkloadOptionDescription& describe(WorkloadOption option)
{
    const auto options = allWorkloadOptions();
    return *std::find_if(options.begin(), options.end(), [option](const auto& d) { return d.option == option; });
}

QString wholeNumber(const QString& text, qint64 minimum, qint64 maximum, qint64* value, WorkloadOption option)
{
    bool ok = false;
    const qlonglong parsed = text.toLongLong(&ok);
    if (!ok || parsed < minimum || parsed > maximum) {
        return QStringLiteral("--%1 '%2' is not a whole number from %3 to %4")
            .arg(workloadOptionName(option), quotedInput(text))
            .arg(minimum)
            .arg(maximum);
    }
    *value = parsed;
    return QString();
}
} // namespace

QString workloadOptionName(WorkloadOption option)
{
    return QString::fromLatin1(describe(option).name);
}

QString workloadOptionHelp(WorkloadOption option)
{
    QStringList readers;
    for (WorkloadKind kind : workloadsReading(option))
        readers.append(workloadName(kind));
    QString help = QString::fromUtf8(describe(option).help);
    help[0] = help[0].toUpper();
    return QStringLiteral("%1 (%2).").arg(help, listText(readers, u" and "));
}

bool workloadOptionIsFlag(WorkloadOption option)
{
    return describe(option).isFlag;
}

QList<WorkloadKind> workloadsReading(WorkloadOption option)
{
    QList<WorkloadKind> kinds;
    for (const WorkloadDescription* workload : allWorkloads()) {
        if (workload->reads(option))
            kinds.append(workload->kind);
    }
    return kinds;
}

QString setWorkloadOption(WorkloadOptions& options, WorkloadOption option, const QString& text)
{
    qint64 number = 0;
    QString error;
    switch (option) {
    case WorkloadOption::CpuMs:
        error = wholeNumber(text, 0, 3'600'000, &number, option);
        if (error.isEmpty())
            options.cpuMs = int(number);
        return error;
    case WorkloadOption::Bytes:
        error = wholeNumber(text, 1, MaxFileBytes, &number, option);
        if (error.isEmpty())
            options.bytes = number;
        return error;
    case WorkloadOption::Dir:
        if (text.isEmpty())
            return QStringLiteral("--dir needs a directory");
        options.dir = text;
        return QString();
    case WorkloadOption::Command:
        if (text.trimmed().isEmpty())
            return QStringLiteral("--command needs a command");
        options.command = text;
        return QString();
    case WorkloadOption::Fsync:
        options.fsync = true;
        return QString();
    case WorkloadOption::Shell:
        options.shell = true;
        return QString();
    case WorkloadOption::InterpreterLock:
        options.interpreterLock = true;
        return QString();
    }
    return QString();
}

bool workloadOptionIsSet(const WorkloadOptions& options, WorkloadOption option)
{
    const WorkloadOptions defaults;
    switch (option) {
    case WorkloadOption::CpuMs:
        return options.cpuMs != defaults.cpuMs;
    case WorkloadOption::Bytes:
        return options.bytes != defaults.bytes && options.bytes != DefaultFileBytes;
    case WorkloadOption::Fsync:
        return options.fsync;
    case WorkloadOption::Dir:
        return !options.dir.isEmpty();
    case WorkloadOption::Command:
        return !options.command.isEmpty();
    case WorkloadOption::Shell:
        return options.shell;
    case WorkloadOption::InterpreterLock:
        return options.interpreterLock;
    }
    return false;
}

QString workloadOptionValue(const WorkloadOptions& options, WorkloadOption option)
{
    switch (option) {
    case WorkloadOption::CpuMs:
        return QString::number(options.cpuMs);
    case WorkloadOption::Bytes:
        return QString::number(options.bytes > 0 ? options.bytes : DefaultFileBytes);
    case WorkloadOption::Dir:
        return options.dir;
    case WorkloadOption::Command:
        return options.command;
    case WorkloadOption::Fsync:
    case WorkloadOption::Shell:
    case WorkloadOption::InterpreterLock:
        break;
    }
    return QString();
}

QString missingWorkloadOption(WorkloadKind workload, const WorkloadOptions& options)
{
    const WorkloadDescription* description = findWorkload(workload);
    if (!description || !description->reads(WorkloadOption::Command))
        return QString();
    if (options.command.trimmed().isEmpty())
        return QStringLiteral("the %1 workload needs --command, e.g. --command 'curl -s -o /dev/null URL/{}'")
            .arg(workloadName(workload));
    std::string error;
    if (!options.shell && splitCommandLine(options.command.toStdString(), &error).empty())
        return QStringLiteral("--command '%1': %2").arg(quotedInput(options.command), QString::fromStdString(error));
    return QString();
}

QString workloadTaskText(const RunSpec& spec)
{
    const QString name
        = spec.workload == WorkloadKind::Unknown ? QStringLiteral("unknown") : workloadName(spec.workload);
    const QString duration
        = spec.taskMs == TaskMsUnknown ? QStringLiteral("of unknown length") : QStringLiteral("%1 ms").arg(spec.taskMs);
    const WorkloadDescription* workload = findWorkload(spec.workload);
    QString text;
    if (!workload)
        text = QStringLiteral("%1 %2").arg(name, duration);
    else if (workload->reads(WorkloadOption::CpuMs))
        text = QStringLiteral("%1 %2 ms computing + %3 waiting").arg(name).arg(spec.options.cpuMs).arg(duration);
    else if (workload->reads(WorkloadOption::Bytes))
        text = QStringLiteral("%1 %2%3").arg(name,
            kibText((spec.options.bytes > 0 ? spec.options.bytes : DefaultFileBytes) / 1024),
            spec.options.fsync ? QStringLiteral(" with fsync") : QString());
    else if (workload->reads(WorkloadOption::Command))
        text = QStringLiteral("%1 %2%3").arg(name, quotedInput(spec.options.command),
            spec.options.shell ? QStringLiteral(" through the shell") : QString());
    else if (workload->readsTaskMs)
        text = QStringLiteral("%1 %2").arg(name, duration);
    else
        text = name;
    if (spec.options.interpreterLock)
        text += QStringLiteral(" under the interpreter lock");
    return text;
}

QString workloadGroupText(WorkloadKind workload, int taskMs, const WorkloadOptions& options)
{
    QStringList parts { workloadGroupText(workload, taskMs) };
    const WorkloadDescription* description = findWorkload(workload);
    const auto reads = [description](WorkloadOption option) { return description && description->reads(option); };
    if (reads(WorkloadOption::CpuMs))
        parts.append(QStringLiteral("%1 ms computing").arg(options.cpuMs));
    if (reads(WorkloadOption::Bytes))
        parts.append(
            QStringLiteral("%1 per task").arg(kibText((options.bytes > 0 ? options.bytes : DefaultFileBytes) / 1024)));
    if (options.fsync)
        parts.append(QStringLiteral("fsync"));
    if (!options.dir.isEmpty())
        parts.append(QStringLiteral("in %1").arg(quotedPath(options.dir)));
    if (!options.command.isEmpty())
        parts.append(quotedInput(options.command) + (options.shell ? QStringLiteral(" through the shell") : QString()));
    if (options.interpreterLock)
        parts.append(QStringLiteral("under the interpreter lock"));
    return parts.join(QStringLiteral(", "));
}

QString kibText(qint64 kib)
{
    if (kib < 1024)
        return QStringLiteral("%1 KiB").arg(kib);
    if (kib < 1024 * 1024)
        return QStringLiteral("%1 MiB").arg(QString::number(double(kib) / 1024, 'f', kib < 10 * 1024 ? 1 : 0));
    return QStringLiteral("%1 GiB").arg(QString::number(double(kib) / (1024 * 1024), 'f', 1));
}
