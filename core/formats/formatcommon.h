#pragma once

// What the result-file formats (csvformat.cpp, jsonformat.cpp, journalformat.cpp) share, inside conlab_formats only:
// the wording of their messages, numbers as they are written, the repeat count of runs whose file does not say it.

#include "runresult.h"

#include <QByteArray>
#include <QHash>
#include <QLatin1String>
#include <QString>
#include <QStringList>

namespace ResultFormat {
constexpr QLatin1String formatTag("conlab-results");
constexpr QLatin1String journalFormatTag("conlab-journal");
inline const QByteArray utf8Bom("\xEF\xBB\xBF");

void setError(QString* error, const QString& message);
QString numberText(double value);
QString quotedNames(const QStringList& names);
QStringList strategyNames();
QStringList workloadNames();
QStringList statusNames();

// Assigns repeat numbers to runs that have none: the count of runs with the same strategy and tasks so far.
class RepeatCounter
{
public:
    int next(const RunSpec& spec) { return ++m_counts[{ static_cast<int>(spec.strategy), spec.tasks }]; }

private:
    QHash<std::pair<int, int>, int> m_counts;
};

// A journal's first line, without its own parse, or nothing: whether `data` is a journal whatever its name.
bool looksLikeJournal(const QByteArray& data);
} // namespace ResultFormat
