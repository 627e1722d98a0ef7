#pragma once

// The run's fields, declared once. Every format reads this list: the CSV columns (writer and reader), the keys of a
// run in a JSON result file and in a journal's run lines, and the columns of the app's runs table. A new field is one
// entry in runfields.cpp; a format that forgot it fails tst_resultfile's everyFieldSurvivesEveryFormat.

#include "runresult.h"

#include <QLatin1String>
#include <QList>
#include <QString>
#include <limits>
#include <span>
#include <variant>

// A field's value as the formats carry it: unknown (an empty cell, null), a name or text, a whole number, a number,
// or the run's task traces.
using FieldValue = std::variant<std::monostate, QString, qint64, double, QList<TaskTrace>>;

// What a field holds, which says how each format writes and reads it.
enum class FieldType
{
    Name, // one of a list of names (a strategy, a workload, a status): a string
    Chunksize, // "1", "8" or "python"; JSON also takes the in-memory number (0 or 1 one at a time, -1 Python's rule)
    Integer, // a whole number in [minimum, maximum]
    Seconds, // a finite number, not negative
    Text, // free text, kept as written (a CSV cell is not trimmed)
    Traces, // the finished tasks, six integers each (JSON only)
};

struct RunField
{
    QLatin1String key; // the CSV column's name and the JSON key
    FieldType type = FieldType::Integer;
    bool inCsv = true; // a CSV file has the column; JSON has every field
    bool required = false; // a file must state it
    // Unknown is one of the field's values: get() may return it, written as an empty cell or null, and a JSON null
    // reads as not stated. (An empty CSV cell never states a value.)
    bool nullable = false;
    qint64 minimum = 0; // Integer, and Chunksize written as a number
    qint64 maximum = std::numeric_limits<int>::max();
    FieldValue (*get)(const RunResult& run) = nullptr;
    // Stores a stated value of the field's type; returns what is wrong with it (an unknown name), else empty.
    QString (*set)(RunResult& run, const FieldValue& value) = nullptr;
    // What a run whose file does not state the field gets; called after every stated field is set, in list order.
    // `counted` is the run's count among the runs read so far with the same strategy and tasks. Null when required.
    void (*unstated)(RunResult& run, int counted) = nullptr;
    // The runs table: the column's title (without the unit) and tooltip, translated in the "ResultsModel" context;
    // no title, no column.
    const char* title = nullptr;
    const char* unit = nullptr; // "ms", "s", "ns"
    const char* toolTip = nullptr;
};

// A value as a message or a test failure shows it: unknown, "text", 5, 0.30000000000000004, 3 traces.
QString fieldValueText(const FieldValue& value);

// Every field, in the order of the CSV columns and of a run's JSON keys.
std::span<const RunField> runFields();
// The field named `key` (as in files), or null.
const RunField* runField(QLatin1String key);
