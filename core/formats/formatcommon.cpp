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

QString outOfRange(qint64 value, qint64 minimum, qint64 maximum)
{
    if (value < minimum) {
        return minimum == 0 ? QStringLiteral("must not be negative, found %1").arg(value)
                            : QStringLiteral("must be at least %1, found %2").arg(minimum).arg(value);
    }
    if (value > maximum)
        return QStringLiteral("must be at most %1, found %2").arg(maximum).arg(value);
    return QString();
}

bool isNumeric(FieldType type)
{
    return type == FieldType::Integer || type == FieldType::Seconds;
}

void setUnstatedFields(RunResult& run, const StatedFields& stated, RepeatCounter& repeats)
{
    const int counted = repeats.next(run.spec);
    const auto fields = runFields();
    for (size_t i = 0; i < fields.size(); ++i) {
        if (!stated[qsizetype(i)] && fields[i].unstated)
            fields[i].unstated(run, counted);
    }
}
} // namespace ResultFormat
