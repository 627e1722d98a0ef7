#include "formatcommon.h"

#include <QLocale>

namespace ResultFormat {
void setError(QString* error, const QString& message)
{
    if (error)
        *error = message;
}

QString numberText(double value)
{
    return QString::number(value, 'g', QLocale::FloatingPointShortest);
}

QString quotedNames(const QStringList& names)
{
    return names.join(QStringLiteral(", "));
}

QStringList strategyNames()
{
    QStringList names;
    for (StrategyKind kind : allStrategies())
        names.append(strategyName(kind));
    return names;
}

QStringList workloadNames()
{
    return { workloadName(WorkloadKind::Sleep), workloadName(WorkloadKind::Cpu) };
}

QStringList statusNames()
{
    QStringList names;
    for (RunStatus status :
        { RunStatus::Ok, RunStatus::Refused, RunStatus::Crashed, RunStatus::Cancelled, RunStatus::Failed })
        names.append(statusName(status));
    return names;
}
} // namespace ResultFormat
