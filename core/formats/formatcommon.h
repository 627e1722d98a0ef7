#pragma once

// What the result-file formats (csvformat.cpp, jsonformat.cpp, journalformat.cpp) share, inside conlab_formats only:
// the wording of their messages, numbers as they are written, the repeat count of runs whose file does not say it.

#include "resultfile.h"
#include "runfields.h"
#include "runresult.h"

#include <QByteArray>
#include <QHash>
#include <QLatin1String>
#include <QString>
#include <QStringList>
#include <QVarLengthArray>

namespace ResultFormat {
constexpr QLatin1String formatTag("conlab-results");
constexpr QLatin1String journalFormatTag("conlab-journal");
inline const QByteArray utf8Bom("\xEF\xBB\xBF");

void setError(QString* error, const QString& message);
QString numberText(double value);
QString quotedNames(const QStringList& names);
// "must not be negative, found -1", "must be at least 1, found 0", "must be at most 9, found 10"; empty when in range.
QString outOfRange(qint64 value, qint64 minimum, qint64 maximum);

// Assigns repeat numbers to runs that have none: the count of runs with the same strategy, runtime and
// tasks so far.
class RepeatCounter
{
public:
    int next(const RunSpec& spec)
    {
        return ++m_counts[{ { static_cast<int>(spec.strategy), static_cast<int>(spec.runtime) }, spec.tasks }];
    }

private:
    QHash<std::pair<std::pair<int, int>, int>, int> m_counts;
};

// Whether a field holds a number (Integer, Seconds) rather than a name or text.
bool isNumeric(FieldType type);

// The runFields() a run stated, by their index in that list.
using StatedFields = QVarLengthArray<bool, 32>;

// Gives each field a run's file did not state what runFields() says (see RunField::unstated), once the stated ones
// are set.
void setUnstatedFields(RunResult& run, const StatedFields& stated, RepeatCounter& repeats);

// What a journal's last line says if it is an end line ({"end": "finished", "runs": 5}), read without the checks of
// parseJournal(): JournalEnd::None when it is not one, runs -1 when it does not count them.
struct JournalEndSaid
{
    JournalEnd end = JournalEnd::None;
    int runs = -1;
};
JournalEndSaid journalEndSaid(const QByteArray& line);

// A journal's first line, without its own parse, or nothing: whether `data` is a journal whatever its name.
bool looksLikeJournal(const QByteArray& data);
} // namespace ResultFormat
