#include "resultfile.h"

#include "fileio.h"
#include "inputquote.h"
#include "wording.h"

#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>
#include <QJsonValue>
#include <array>
#include <cmath>
#include <limits>

namespace {
constexpr QLatin1String formatTag("conlab-results");
// A header's names listed in a message: room for the dozen columns a result file has.
constexpr qsizetype headerQuoteLength = 120;
constexpr QLatin1String journalFormatTag("conlab-journal");
const QByteArray utf8Bom("\xEF\xBB\xBF");

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

// Assigns repeat numbers to runs that have none: the count of runs with the same strategy and tasks so far.
class RepeatCounter
{
public:
    int next(const RunSpec& spec) { return ++m_counts[{ static_cast<int>(spec.strategy), spec.tasks }]; }

private:
    QHash<std::pair<int, int>, int> m_counts;
};

// ---------------------------------------------------------------------------------------------------------------- CSV

enum class CsvColumn
{
    Strategy,
    Workload,
    TaskMs,
    Tasks,
    Threads,
    Processes,
    Chunksize,
    Repeat,
    Seconds,
    IdealSeconds,
    Status,
    Message,
    Count
};

constexpr int csvColumnCount = static_cast<int>(CsvColumn::Count);

constexpr std::array<QLatin1String, csvColumnCount> csvColumnNames = {
    QLatin1String("strategy"),
    QLatin1String("workload"),
    QLatin1String("task_ms"),
    QLatin1String("tasks"),
    QLatin1String("threads"),
    QLatin1String("processes"),
    QLatin1String("chunksize"),
    QLatin1String("repeat"),
    QLatin1String("seconds"),
    QLatin1String("ideal_seconds"),
    QLatin1String("status"),
    QLatin1String("message"),
};

constexpr CsvColumn requiredCsvColumns[] = { CsvColumn::Strategy, CsvColumn::Tasks, CsvColumn::Seconds };

QString columnName(CsvColumn column)
{
    return csvColumnNames[static_cast<int>(column)];
}

struct CsvRecord
{
    int line = 0; // where the record starts; a quoted field may span lines
    QStringList fields;
};

struct CsvSplit
{
    int records = 0; // handed to the caller, one at a time: a million records at once would take gigabytes
    bool stopped = false; // the caller stopped the split
    // Set when the text is not valid CSV; the record it happened in is not in records.
    QString problem;
    int problemLine = 0;
    int problemField = 0;
};

// RFC 4180 records, each handed to `onRecord` as it is split; it returns false to stop. Lines that are empty are
// skipped; CRLF, LF and CR all end a record.
template<typename OnRecord> CsvSplit splitCsv(QStringView text, OnRecord onRecord)
{
    CsvSplit split;
    const qsizetype size = text.size();
    const auto isLineEnd = [](QChar c) { return c == u'\n' || c == u'\r'; };
    qsizetype i = 0;
    int line = 1;
    while (i < size) {
        CsvRecord record;
        record.line = line;
        bool anyQuoted = false;
        while (true) {
            QString field;
            if (i < size && text[i] == u'"') {
                anyQuoted = true;
                const int quoteLine = line;
                ++i;
                bool closed = false;
                while (i < size) {
                    const QChar c = text[i];
                    if (c == u'"') {
                        if (i + 1 < size && text[i + 1] == u'"') {
                            field += u'"';
                            i += 2;
                            continue;
                        }
                        ++i;
                        closed = true;
                        break;
                    }
                    if (c == u'\r') {
                        // Line breaks inside a field are kept as LF whatever the file uses.
                        field += u'\n';
                        ++line;
                        i += (i + 1 < size && text[i + 1] == u'\n') ? 2 : 1;
                        continue;
                    }
                    if (c == u'\n')
                        ++line;
                    field += c;
                    ++i;
                }
                if (!closed) {
                    split.problem = QStringLiteral("unterminated quoted field: the quote opened on this line is never "
                                                   "closed");
                    split.problemLine = quoteLine;
                    split.problemField = static_cast<int>(record.fields.size());
                    return split;
                }
                if (i < size && text[i] != u',' && !isLineEnd(text[i])) {
                    split.problem = QStringLiteral("unexpected text after the closing quote (a quote inside a quoted "
                                                   "field is written as two quotes)");
                    split.problemLine = line;
                    split.problemField = static_cast<int>(record.fields.size());
                    return split;
                }
            } else {
                const qsizetype start = i;
                while (i < size && text[i] != u',' && !isLineEnd(text[i]))
                    ++i;
                field = text.mid(start, i - start).toString();
            }
            record.fields.append(field);
            if (i < size && text[i] == u',') {
                ++i;
                continue;
            }
            break;
        }
        if (i < size && text[i] == u'\r')
            ++i;
        if (i < size && text[i] == u'\n')
            ++i;
        ++line;
        const bool blank = !anyQuoted && record.fields.size() == 1 && record.fields[0].trimmed().isEmpty();
        if (!blank) {
            ++split.records;
            if (!onRecord(record)) {
                split.stopped = true;
                return split;
            }
        }
    }
    return split;
}

class CsvReader
{
public:
    CsvReader(const QString& sourceName, QString* error)
        : m_source(quotedPath(sourceName))
        , m_error(error)
    { }

    std::optional<ResultSet> read(const QByteArray& data);
    std::optional<JournalContents> readJournal(const QByteArray& data);

private:
    std::nullopt_t fail(int line, const QString& message)
    {
        setError(m_error, QStringLiteral("%1:%2: %3").arg(m_source).arg(line).arg(message));
        return std::nullopt;
    }
    std::nullopt_t failAt(int line, int field, const QString& message)
    {
        if (field >= 0 && field < m_header.size())
            return fail(line, QStringLiteral("column '%1': %2").arg(quotedInput(m_header[field]), message));
        return fail(line, QStringLiteral("field %1: %2").arg(field + 1).arg(message));
    }

    bool readHeader(const CsvRecord& record);
    std::optional<RunResult> readRow(const CsvRecord& record);
    // The trimmed cell of a column, or nullopt when the column is absent or the cell empty.
    std::optional<QString> cell(const CsvRecord& record, CsvColumn column) const;
    std::optional<int> intCell(const CsvRecord& record, CsvColumn column, int minimum, bool* ok);
    std::optional<double> secondsCell(const CsvRecord& record, CsvColumn column, bool* ok);

    QString m_source;
    QString* m_error;
    QStringList m_header; // as written in the file, for messages
    std::array<int, csvColumnCount> m_index {}; // field index of each known column, -1 when absent
    RepeatCounter m_repeats;
};

std::optional<QString> CsvReader::cell(const CsvRecord& record, CsvColumn column) const
{
    const int index = m_index[static_cast<int>(column)];
    if (index < 0)
        return std::nullopt;
    // Message text is kept as written; every other cell is a name or a number.
    const QString text = column == CsvColumn::Message ? record.fields[index] : record.fields[index].trimmed();
    if (text.isEmpty())
        return std::nullopt;
    return text;
}

std::optional<int> CsvReader::intCell(const CsvRecord& record, CsvColumn column, int minimum, bool* ok)
{
    *ok = true;
    const auto text = cell(record, column);
    if (!text)
        return std::nullopt;
    bool isNumber = false;
    const int value = text->toInt(&isNumber);
    const int field = m_index[static_cast<int>(column)];
    if (!isNumber) {
        *ok = false;
        failAt(record.line, field, QStringLiteral("'%1' is not a whole number").arg(quotedInput(*text)));
        return std::nullopt;
    }
    if (value < minimum) {
        *ok = false;
        failAt(record.line, field,
            minimum == 0 ? QStringLiteral("must not be negative, found %1").arg(value)
                         : QStringLiteral("must be at least %1, found %2").arg(minimum).arg(value));
        return std::nullopt;
    }
    return value;
}

std::optional<double> CsvReader::secondsCell(const CsvRecord& record, CsvColumn column, bool* ok)
{
    *ok = true;
    const auto text = cell(record, column);
    if (!text)
        return std::nullopt;
    bool isNumber = false;
    const double value = text->toDouble(&isNumber);
    const int field = m_index[static_cast<int>(column)];
    if (!isNumber || !std::isfinite(value)) {
        *ok = false;
        failAt(record.line, field, QStringLiteral("'%1' is not a number").arg(quotedInput(*text)));
        return std::nullopt;
    }
    if (value < 0) {
        *ok = false;
        failAt(record.line, field, QStringLiteral("must not be negative, found %1").arg(quotedInput(*text)));
        return std::nullopt;
    }
    return value;
}

bool CsvReader::readHeader(const CsvRecord& record)
{
    m_header = record.fields;
    m_index.fill(-1);
    for (int field = 0; field < record.fields.size(); ++field) {
        const QString name = record.fields[field].trimmed();
        for (int column = 0; column < csvColumnCount; ++column) {
            if (name.compare(csvColumnNames[column], Qt::CaseInsensitive) != 0)
                continue;
            if (m_index[column] >= 0) {
                fail(record.line, QStringLiteral("column '%1' appears twice in the header").arg(quotedInput(name)));
                return false;
            }
            m_index[column] = field;
        }
        m_header[field] = name;
    }
    for (CsvColumn column : requiredCsvColumns) {
        if (m_index[static_cast<int>(column)] < 0) {
            fail(record.line,
                QStringLiteral("column '%1': missing required column (the header must name at least strategy, "
                               "tasks, seconds; it has: %2)")
                    .arg(columnName(column), quotedInput(quotedNames(m_header), headerQuoteLength)));
            return false;
        }
    }
    return true;
}

std::optional<RunResult> CsvReader::readRow(const CsvRecord& record)
{
    const int expected = static_cast<int>(m_header.size());
    const int found = static_cast<int>(record.fields.size());
    if (found < expected) {
        return failAt(record.line, found,
            QStringLiteral("missing: the row has %1 fields but the header has %2 columns").arg(found).arg(expected));
    }
    if (found > expected) {
        return fail(record.line,
            QStringLiteral("the row has %1 fields but the header has %2 columns (extra field after column '%3')")
                .arg(found)
                .arg(expected)
                .arg(quotedInput(m_header.last())));
    }
    for (CsvColumn column : requiredCsvColumns) {
        if (!cell(record, column))
            return failAt(record.line, m_index[static_cast<int>(column)], QStringLiteral("required value is empty"));
    }

    RunResult run;
    RunSpec& spec = run.spec;
    const auto failName = [&](CsvColumn column, const QString& what, const QString& text, const QStringList& known) {
        return failAt(record.line, m_index[static_cast<int>(column)],
            QStringLiteral("unknown %1 '%2' (expected one of %3)").arg(what, quotedInput(text), quotedNames(known)));
    };

    const QString strategyText = *cell(record, CsvColumn::Strategy);
    const auto strategy = strategyFromName(strategyText);
    if (!strategy)
        return failName(CsvColumn::Strategy, QStringLiteral("strategy"), strategyText, strategyNames());
    spec.strategy = *strategy;

    if (const auto text = cell(record, CsvColumn::Workload)) {
        const auto workload = workloadFromName(*text);
        if (!workload)
            return failName(CsvColumn::Workload, QStringLiteral("workload"), *text, workloadNames());
        spec.workload = *workload;
    } else {
        spec.workload = WorkloadKind::Unknown;
    }
    if (spec.strategy == StrategyKind::Processes)
        spec.chunksize = ChunkUnknown; // unless the row says
    if (const auto text = cell(record, CsvColumn::Chunksize)) {
        const auto chunksize = chunksizeFromName(*text);
        if (!chunksize) {
            return failAt(record.line, m_index[static_cast<int>(CsvColumn::Chunksize)],
                QStringLiteral("'%1' is not a chunk size (expected a number of tasks of at least 1, or python)")
                    .arg(quotedInput(*text)));
        }
        spec.chunksize = *chunksize;
    }
    if (const auto text = cell(record, CsvColumn::Status)) {
        const auto status = statusFromName(*text);
        if (!status)
            return failName(CsvColumn::Status, QStringLiteral("status"), *text, statusNames());
        run.status = *status;
    }
    run.message = withoutByteEscapes(cell(record, CsvColumn::Message).value_or(QString()));

    bool ok = true;
    const auto taskMs = intCell(record, CsvColumn::TaskMs, 0, &ok);
    if (!ok)
        return std::nullopt;
    spec.taskMs = taskMs.value_or(TaskMsUnknown);
    spec.tasks = intCell(record, CsvColumn::Tasks, 1, &ok).value_or(1);
    if (!ok)
        return std::nullopt;
    spec.threads = intCell(record, CsvColumn::Threads, 0, &ok).value_or(0);
    if (!ok)
        return std::nullopt;
    spec.processes = intCell(record, CsvColumn::Processes, 0, &ok).value_or(0);
    if (!ok)
        return std::nullopt;
    const auto repeat = intCell(record, CsvColumn::Repeat, 1, &ok);
    if (!ok)
        return std::nullopt;
    const int counted = m_repeats.next(spec);
    spec.repeat = repeat.value_or(counted);
    run.seconds = secondsCell(record, CsvColumn::Seconds, &ok).value_or(0);
    if (!ok)
        return std::nullopt;
    const auto ideal = secondsCell(record, CsvColumn::IdealSeconds, &ok);
    if (!ok)
        return std::nullopt;
    if (ideal)
        run.idealSeconds = *ideal;
    else if (idealBoundKnown(spec))
        run.idealSeconds = idealSeconds(spec, 0);
    return run;
}

std::optional<ResultSet> CsvReader::read(const QByteArray& data)
{
    const QByteArray bytes = data.startsWith(utf8Bom) ? data.mid(utf8Bom.size()) : data;
    // Bytes that are not UTF-8 are kept as such, so that a message quoting them names them (\xff).
    const QString text = decodeInput(bytes);
    ResultSet set;
    int headerLine = 0;
    const CsvSplit split = splitCsv(text, [&](const CsvRecord& record) {
        if (headerLine == 0) {
            headerLine = record.line;
            return readHeader(record);
        }
        auto run = readRow(record);
        if (!run)
            return false;
        set.runs.append(*run);
        return true;
    });
    if (split.stopped)
        return std::nullopt;
    if (split.records == 0 && split.problem.isEmpty()) {
        return fail(1,
            QStringLiteral("empty file: expected a header row naming at least the columns strategy, tasks, seconds"));
    }
    if (!split.problem.isEmpty())
        return failAt(split.problemLine, split.problemField, split.problem);
    if (set.runs.isEmpty())
        return fail(headerLine, QStringLiteral("no data rows after the header"));
    set.metadata.toolVersion.clear(); // unknown: CSV carries no metadata
    return set;
}

QString csvField(const QString& text)
{
    if (!text.contains(u',') && !text.contains(u'"') && !text.contains(u'\n') && !text.contains(u'\r')
        && text.trimmed().size() == text.size())
        return text;
    QString quoted = text;
    quoted.replace(u'"', QStringLiteral("\"\""));
    return u'"' + quoted + u'"';
}

// --------------------------------------------------------------------------------------------------------------- JSON

QString jsonTypeName(const QJsonValue& value)
{
    switch (value.type()) {
    case QJsonValue::Null:
        return QStringLiteral("null");
    case QJsonValue::Bool:
        return QStringLiteral("a boolean");
    case QJsonValue::Double:
        return QStringLiteral("a number");
    case QJsonValue::String:
        return QStringLiteral("a string");
    case QJsonValue::Array:
        return QStringLiteral("an array");
    case QJsonValue::Object:
        return QStringLiteral("an object");
    case QJsonValue::Undefined:
        break;
    }
    return QStringLiteral("nothing");
}

QString joinPath(const QString& base, QLatin1String key)
{
    return base.isEmpty() ? QString(key) : base + u'.' + key;
}

QString indexPath(const QString& base, qsizetype index)
{
    return QStringLiteral("%1[%2]").arg(base).arg(index);
}

class JsonReader
{
public:
    JsonReader(const QString& sourceName, QString* error)
        : m_source(quotedPath(sourceName))
        , m_error(error)
    { }

    std::optional<ResultSet> read(const QByteArray& data);
    std::optional<JournalContents> readJournal(const QByteArray& data);

private:
    std::nullopt_t fail(const QString& path, const QString& message)
    {
        setError(m_error, QStringLiteral("%1: at %2: %3").arg(m_source, path, message));
        return std::nullopt;
    }
    std::nullopt_t failType(const QString& path, const QString& expected, const QJsonValue& found)
    {
        return fail(path, QStringLiteral("expected %1, found %2").arg(expected, jsonTypeName(found)));
    }

    // Each returns nullopt on failure (with the error set) and the fallback when the key is absent.
    template<typename T, typename Convert>
    std::optional<T> keyOr(
        const QJsonObject& object, const QString& base, QLatin1String key, std::optional<T> fallback, Convert convert);
    std::optional<qint64> integer(const QJsonValue& value, const QString& path, qint64 minimum, qint64 maximum);
    std::optional<qint64> integerKey(const QJsonObject& object, const QString& base, QLatin1String key, qint64 minimum,
        qint64 maximum, std::optional<qint64> fallback);
    std::optional<double> secondsKey(
        const QJsonObject& object, const QString& base, QLatin1String key, std::optional<double> fallback);
    std::optional<QString> stringKey(
        const QJsonObject& object, const QString& base, QLatin1String key, std::optional<QString> fallback);
    bool readHeader(
        const QJsonObject& root, QLatin1String tag, const QString& kind, int newestVersion, ResultMetadata* metadata);
    bool readMachine(const QJsonValue& value, MachineInfo* machine);
    std::optional<RunResult> readRun(const QJsonValue& value, const QString& path);
    bool readTraces(const QJsonValue& value, const QString& path, QList<TaskTrace>* traces);

    QString m_source;
    QString* m_error;
    RepeatCounter m_repeats;
};

std::optional<qint64> JsonReader::integer(const QJsonValue& value, const QString& path, qint64 minimum, qint64 maximum)
{
    if (!value.isDouble())
        return failType(path, QStringLiteral("a whole number"), value);
    // toInteger() falls back to its argument unless the value is a whole number that fits in 64 bits; asking with
    // two fallbacks tells the two apart without going through a double, which would lose digits beyond 2^53.
    const qint64 result = value.toInteger(0);
    if (result != value.toInteger(1))
        return fail(path, QStringLiteral("expected a whole number, found %1").arg(numberText(value.toDouble())));
    if (result < minimum) {
        return fail(path,
            minimum == 0 ? QStringLiteral("must not be negative, found %1").arg(result)
                         : QStringLiteral("must be at least %1, found %2").arg(minimum).arg(result));
    }
    if (result > maximum)
        return fail(path, QStringLiteral("must be at most %1, found %2").arg(maximum).arg(result));
    return result;
}

template<typename T, typename Convert>
std::optional<T> JsonReader::keyOr(
    const QJsonObject& object, const QString& base, QLatin1String key, std::optional<T> fallback, Convert convert)
{
    const QString path = joinPath(base, key);
    if (object.contains(key))
        return convert(object.value(key), path);
    if (!fallback)
        return fail(path, QStringLiteral("missing"));
    return fallback;
}

std::optional<qint64> JsonReader::integerKey(const QJsonObject& object, const QString& base, QLatin1String key,
    qint64 minimum, qint64 maximum, std::optional<qint64> fallback)
{
    return keyOr(object, base, key, fallback,
        [&](const QJsonValue& value, const QString& path) { return integer(value, path, minimum, maximum); });
}

std::optional<double> JsonReader::secondsKey(
    const QJsonObject& object, const QString& base, QLatin1String key, std::optional<double> fallback)
{
    return keyOr(
        object, base, key, fallback, [this](const QJsonValue& value, const QString& path) -> std::optional<double> {
            if (!value.isDouble())
                return failType(path, QStringLiteral("a number"), value);
            const double seconds = value.toDouble();
            if (!std::isfinite(seconds) || seconds < 0)
                return fail(path, QStringLiteral("must not be negative, found %1").arg(numberText(seconds)));
            return seconds;
        });
}

std::optional<QString> JsonReader::stringKey(
    const QJsonObject& object, const QString& base, QLatin1String key, std::optional<QString> fallback)
{
    return keyOr(
        object, base, key, fallback, [this](const QJsonValue& value, const QString& path) -> std::optional<QString> {
            if (!value.isString())
                return failType(path, QStringLiteral("a string"), value);
            return value.toString();
        });
}

bool JsonReader::readMachine(const QJsonValue& value, MachineInfo* machine)
{
    const QString path = QStringLiteral("machine");
    if (!value.isObject()) {
        failType(path, QStringLiteral("an object"), value);
        return false;
    }
    const QJsonObject object = value.toObject();
    // machineFromJson() is lenient; check the types here so that a damaged file is reported, not half read.
    if (!integerKey(object, path, QLatin1String("cores"), 0, std::numeric_limits<int>::max(), 0))
        return false;
    for (QLatin1String key : { QLatin1String("kernel"), QLatin1String("cpu_model"), QLatin1String("hostname") }) {
        if (!stringKey(object, path, key, QString()))
            return false;
    }
    if (object.contains(QLatin1String("limits"))) {
        const QString limitsPath = joinPath(path, QLatin1String("limits"));
        const QJsonValue limitsValue = object.value(QLatin1String("limits"));
        if (!limitsValue.isObject()) {
            failType(limitsPath, QStringLiteral("an object"), limitsValue);
            return false;
        }
        const QJsonObject limits = limitsValue.toObject();
        for (QLatin1String key : { QLatin1String("nproc_soft"), QLatin1String("nproc_hard"),
                 QLatin1String("threads_max"), QLatin1String("pid_max"), QLatin1String("cgroup_pids_max"),
                 QLatin1String("cgroup_pids_current"), QLatin1String("max_map_count") }) {
            if (!integerKey(limits, limitsPath, key, -1, std::numeric_limits<qint64>::max(), -1))
                return false;
        }
        if (!stringKey(limits, limitsPath, QLatin1String("cgroup_pids_file"), QString()))
            return false;
        const QJsonValue enforced = limits.value(QLatin1String("nproc_enforced"));
        if (!enforced.isUndefined() && !enforced.isBool()) {
            {
                failType(joinPath(limitsPath, QLatin1String("nproc_enforced")), QStringLiteral("a boolean"), enforced);
                return false;
            }
        }
    }
    *machine = machineFromJson(object);
    return true;
}

bool JsonReader::readTraces(const QJsonValue& value, const QString& path, QList<TaskTrace>* traces)
{
    if (!value.isArray()) {
        failType(path, QStringLiteral("an array"), value);
        return false;
    }
    const QJsonArray array = value.toArray();
    traces->reserve(array.size());
    constexpr qint64 maxInt = std::numeric_limits<int>::max();
    constexpr qint64 maxInt64 = std::numeric_limits<qint64>::max();
    for (qsizetype i = 0; i < array.size(); ++i) {
        const QString tracePath = indexPath(path, i);
        const QJsonValue item = array.at(i);
        if (!item.isArray()) {
            failType(tracePath, QStringLiteral("an array of 6 integers"), item);
            return false;
        }
        const QJsonArray fields = item.toArray();
        if (fields.size() != 6) {
            fail(tracePath,
                QStringLiteral("expected 6 integers [task, worker, pid, tid, start_ns, end_ns], found %1 values")
                    .arg(fields.size()));
            return false;
        }
        std::array<qint64, 6> numbers {};
        for (int field = 0; field < 6; ++field) {
            const auto number = integer(fields.at(field), indexPath(tracePath, field), field < 2 ? 0 : -maxInt64,
                field < 2 ? maxInt : maxInt64);
            if (!number)
                return false;
            numbers[field] = *number;
        }
        traces->append(TaskTrace { static_cast<int>(numbers[0]), static_cast<int>(numbers[1]), numbers[2], numbers[3],
            numbers[4], numbers[5] });
    }
    return true;
}

std::optional<RunResult> JsonReader::readRun(const QJsonValue& value, const QString& path)
{
    if (!value.isObject())
        return failType(path, QStringLiteral("an object"), value);
    const QJsonObject object = value.toObject();
    RunResult run;
    RunSpec& spec = run.spec;
    constexpr qint64 maxInt = std::numeric_limits<int>::max();

    const auto strategyText = stringKey(object, path, QLatin1String("strategy"), std::nullopt);
    if (!strategyText)
        return std::nullopt;
    const auto strategy = strategyFromName(*strategyText);
    if (!strategy) {
        return fail(joinPath(path, QLatin1String("strategy")),
            QStringLiteral("unknown strategy '%1' (expected one of %2)")
                .arg(quotedInput(*strategyText), quotedNames(strategyNames())));
    }
    spec.strategy = *strategy;

    // What the run does not say (an absent key, or null as written for an unknown value) stays unknown.
    const auto stated
        = [&object](QLatin1String key) { return !object.value(key).isUndefined() && !object.value(key).isNull(); };
    spec.workload = WorkloadKind::Unknown;
    if (stated(QLatin1String("workload"))) {
        const auto workloadText = stringKey(object, path, QLatin1String("workload"), std::nullopt);
        if (!workloadText)
            return std::nullopt;
        const auto workload = workloadFromName(*workloadText);
        if (!workload) {
            return fail(joinPath(path, QLatin1String("workload")),
                QStringLiteral("unknown workload '%1' (expected one of %2)")
                    .arg(quotedInput(*workloadText), quotedNames(workloadNames())));
        }
        spec.workload = *workload;
    }

    const auto taskMs = stated(QLatin1String("task_ms"))
        ? integerKey(object, path, QLatin1String("task_ms"), 0, maxInt, std::nullopt)
        : std::optional<qint64>(TaskMsUnknown);
    const auto tasks
        = taskMs ? integerKey(object, path, QLatin1String("tasks"), 1, maxInt, std::nullopt) : std::nullopt;
    // 0 threads or processes, or null: the run does not say (unknown).
    const auto count = [&](QLatin1String key) {
        return stated(key) ? integerKey(object, path, key, 0, maxInt, 0) : std::optional<qint64>(0);
    };
    const auto threads = tasks ? count(QLatin1String("threads")) : std::nullopt;
    const auto processes = threads ? count(QLatin1String("processes")) : std::nullopt;
    if (!processes)
        return std::nullopt;
    spec.taskMs = static_cast<int>(*taskMs);
    spec.tasks = static_cast<int>(*tasks);
    spec.threads = static_cast<int>(*threads);
    spec.processes = static_cast<int>(*processes);

    if (spec.strategy == StrategyKind::Processes)
        spec.chunksize = ChunkUnknown; // unless the run says
    if (stated(QLatin1String("chunksize"))) {
        const QString chunkPath = joinPath(path, QLatin1String("chunksize"));
        const QJsonValue chunkValue = object.value(QLatin1String("chunksize"));
        if (chunkValue.isString()) {
            const auto chunksize = chunksizeFromName(chunkValue.toString());
            if (!chunksize) {
                return fail(chunkPath,
                    QStringLiteral("'%1' is not a chunk size (expected a number of tasks of at least 1, or python)")
                        .arg(quotedInput(chunkValue.toString())));
            }
            spec.chunksize = *chunksize;
        } else if (chunkValue.isDouble()) {
            // The in-memory encoding: 0 one at a time, -1 Python's rule, otherwise a number of tasks.
            const auto chunksize = integer(chunkValue, chunkPath, ChunkPythonRule, maxInt);
            if (!chunksize)
                return std::nullopt;
            spec.chunksize = *chunksize == 1 ? ChunkOneAtATime : static_cast<int>(*chunksize);
        } else {
            return failType(chunkPath, QStringLiteral("a string or a number"), chunkValue);
        }
    }

    const int counted = m_repeats.next(spec);
    const auto repeat = integerKey(object, path, QLatin1String("repeat"), 1, maxInt, counted);
    if (!repeat)
        return std::nullopt;
    spec.repeat = static_cast<int>(*repeat);

    const auto seconds = secondsKey(object, path, QLatin1String("seconds"), std::nullopt);
    if (!seconds)
        return std::nullopt;
    run.seconds = *seconds;
    const double computedIdeal = idealBoundKnown(spec) ? idealSeconds(spec, 0) : 0.0;
    const auto ideal = secondsKey(object, path, QLatin1String("ideal_seconds"), computedIdeal);
    if (!ideal)
        return std::nullopt;
    run.idealSeconds = *ideal;

    const auto statusText = stringKey(object, path, QLatin1String("status"), statusName(RunStatus::Ok));
    if (!statusText)
        return std::nullopt;
    const auto status = statusFromName(*statusText);
    if (!status) {
        return fail(joinPath(path, QLatin1String("status")),
            QStringLiteral("unknown status '%1' (expected one of %2)")
                .arg(quotedInput(*statusText), quotedNames(statusNames())));
    }
    run.status = *status;

    const auto message = stringKey(object, path, QLatin1String("message"), QString());
    if (!message)
        return std::nullopt;
    run.message = *message;
    const auto startNs = integerKey(object, path, QLatin1String("start_ns"), std::numeric_limits<qint64>::min(),
        std::numeric_limits<qint64>::max(), 0);
    if (!startNs)
        return std::nullopt;
    run.startNs = *startNs;
    if (object.contains(QLatin1String("traces"))) {
        if (!readTraces(object.value(QLatin1String("traces")), joinPath(path, QLatin1String("traces")), &run.traces))
            return std::nullopt;
    }
    return run;
}

std::optional<ResultSet> JsonReader::read(const QByteArray& data)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(data, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        const QByteArray before = data.left(parseError.offset);
        const qsizetype lineStart = before.lastIndexOf('\n') + 1;
        return fail(QStringLiteral("offset %1 (line %2, column %3)")
                        .arg(parseError.offset)
                        .arg(before.count('\n') + 1)
                        .arg(parseError.offset - lineStart + 1),
            QStringLiteral("not valid JSON: %1").arg(parseError.errorString()));
    }
    if (!document.isObject())
        return fail(QStringLiteral("(top level)"), QStringLiteral("expected an object, found an array"));
    const QJsonObject root = document.object();

    ResultSet set;
    if (!readHeader(root, formatTag, QStringLiteral("result file"), resultFormatVersion, &set.metadata))
        return std::nullopt;
    const auto sweepEnd = stringKey(root, QString(), QLatin1String("sweep_end"), QString());
    if (!sweepEnd)
        return std::nullopt;
    if (!sweepEnd->isEmpty() && *sweepEnd != u"interrupted" && !journalEndFromName(*sweepEnd)) {
        return fail(QStringLiteral("sweep_end"),
            QStringLiteral("unknown sweep end '%1' (expected finished, cancelled, failed or interrupted)")
                .arg(quotedInput(*sweepEnd)));
    }
    set.metadata.sweepEnd = *sweepEnd;
    const auto planned
        = integerKey(root, QString(), QLatin1String("planned_runs"), 0, std::numeric_limits<int>::max(), 0);
    if (!planned)
        return std::nullopt;
    set.metadata.plannedRuns = int(*planned);

    const QJsonValue runsValue = root.value(QLatin1String("runs"));
    if (!runsValue.isArray())
        return failType(QStringLiteral("runs"), QStringLiteral("an array"), runsValue);
    const QJsonArray runs = runsValue.toArray();
    set.runs.reserve(runs.size());
    for (qsizetype i = 0; i < runs.size(); ++i) {
        auto run = readRun(runs.at(i), indexPath(QStringLiteral("runs"), i));
        if (!run)
            return std::nullopt;
        set.runs.append(std::move(*run));
    }
    return set;
}

bool JsonReader::readHeader(
    const QJsonObject& root, QLatin1String tag, const QString& kind, int newestVersion, ResultMetadata* metadata)
{
    const QJsonValue format = root.value(QLatin1String("format"));
    if (format.toString() != tag) {
        const QString found = format.isString() ? u'"' + quotedInput(format.toString()) + u'"'
            : format.isUndefined()              ? QStringLiteral("no format key")
                                                : jsonTypeName(format);
        fail(QStringLiteral("format"),
            QStringLiteral("expected \"%1\", found %2: this is not a Concurrency Lab %3").arg(tag, found, kind));
        return false;
    }
    const auto version
        = integerKey(root, QString(), QLatin1String("format_version"), 1, std::numeric_limits<int>::max(), 1);
    if (!version)
        return false;
    if (*version > newestVersion) {
        fail(QStringLiteral("format_version"),
            QStringLiteral("format version %1 is newer than this conlab (%2) reads (version %3 and older)")
                .arg(*version)
                .arg(QStringLiteral(CONLAB_VERSION))
                .arg(newestVersion));
        return false;
    }

    const auto toolVersion = stringKey(root, QString(), QLatin1String("tool_version"), QString());
    if (!toolVersion)
        return false;
    metadata->toolVersion = *toolVersion;
    const auto created = stringKey(root, QString(), QLatin1String("created"), QString());
    if (!created)
        return false;
    if (!created->isEmpty()) {
        metadata->created = QDateTime::fromString(*created, Qt::ISODateWithMs);
        if (!metadata->created.isValid()) {
            fail(QStringLiteral("created"), QStringLiteral("'%1' is not an ISO 8601 date").arg(quotedInput(*created)));
            return false;
        }
    }
    const auto command = stringKey(root, QString(), QLatin1String("command"), QString());
    if (!command)
        return false;
    metadata->command = *command;
    if (root.contains(QLatin1String("machine"))) {
        if (!readMachine(root.value(QLatin1String("machine")), &metadata->machine))
            return false;
        metadata->hasMachine = true;
    }
    return true;
}

std::optional<JournalContents> JsonReader::readJournal(const QByteArray& data)
{
    const QString source = m_source;
    JournalContents journal;
    // A writer killed mid-line leaves a prefix of it; a machine that lost power may leave zeros where the last write
    // was to go. Neither can be told from damage except by place: at the very end. Zeros are dropped first.
    qsizetype size = data.size();
    while (size > 0 && data.at(size - 1) == '\0')
        --size;
    if (size < data.size())
        journal.notes << QStringLiteral("%1: %2 zero bytes at the end left out (the machine stopped while writing?)")
                             .arg(source)
                             .arg(data.size() - size);
    // Lines as [begin, end) offsets, without their '\n'; blank lines carry nothing and are skipped.
    QList<std::pair<qsizetype, qsizetype>> lines;
    QList<int> numbers;
    for (qsizetype begin = 0, line = 1; begin < size; ++line) {
        qsizetype end = data.indexOf('\n', begin);
        if (end < 0 || end > size)
            end = size;
        if (!QByteArrayView(data).sliced(begin, end - begin).trimmed().isEmpty()) {
            lines.append({ begin, end });
            numbers.append(int(line));
        }
        begin = end + 1;
    }
    if (lines.isEmpty()) {
        setError(m_error, QStringLiteral("%1: empty: not a Concurrency Lab journal").arg(source));
        return std::nullopt;
    }

    for (qsizetype i = 0; i < lines.size(); ++i) {
        const auto [begin, end] = lines.at(i);
        const QString where = QStringLiteral("%1:%2").arg(source).arg(numbers.at(i));
        m_source = where;
        const bool last = i + 1 == lines.size();
        QJsonParseError parseError;
        const QJsonDocument document = QJsonDocument::fromJson(data.mid(begin, end - begin), &parseError);
        if (parseError.error != QJsonParseError::NoError) {
            if (i == 0) {
                setError(m_error,
                    last ? QStringLiteral("%1: the journal's first line is incomplete (its writer was stopped while "
                                          "writing it): it holds no runs")
                               .arg(where)
                         : QStringLiteral("%1: not valid JSON at column %2: %3")
                               .arg(where)
                               .arg(parseError.offset + 1)
                               .arg(parseError.errorString()));
                return std::nullopt;
            }
            if (last) {
                journal.notes << QStringLiteral("%1: the last line is incomplete (its writer was stopped while "
                                                "writing it) and was left out")
                                     .arg(where);
                break;
            }
            setError(m_error,
                QStringLiteral("%1: not valid JSON at column %2: %3")
                    .arg(where)
                    .arg(parseError.offset + 1)
                    .arg(parseError.errorString()));
            return std::nullopt;
        }
        if (!document.isObject()) {
            fail(QStringLiteral("(top level)"), QStringLiteral("expected an object, found an array"));
            return std::nullopt;
        }
        const QJsonObject object = document.object();
        if (i == 0) {
            if (!readHeader(
                    object, journalFormatTag, QStringLiteral("journal"), journalFormatVersion, &journal.set.metadata))
                return std::nullopt;
            const auto pid = integerKey(object, QString(), QLatin1String("pid"), 0, std::numeric_limits<int>::max(), 0);
            if (!pid)
                return std::nullopt;
            const auto pidStart
                = integerKey(object, QString(), QLatin1String("pid_start"), 0, std::numeric_limits<qint64>::max(), 0);
            if (!pidStart)
                return std::nullopt;
            const auto bootId = stringKey(object, QString(), QLatin1String("boot_id"), QString());
            if (!bootId)
                return std::nullopt;
            const auto planned
                = integerKey(object, QString(), QLatin1String("planned_runs"), 0, std::numeric_limits<int>::max(), 0);
            if (!planned)
                return std::nullopt;
            journal.writer = { *pid, *pidStart, *bootId };
            journal.plannedRuns = int(*planned);
            continue;
        }
        if (journal.end != JournalEnd::None) {
            fail(QStringLiteral("(top level)"),
                QStringLiteral("a line after the end line (\"end\": \"%1\")").arg(journalEndName(journal.end)));
            return std::nullopt;
        }
        if (object.contains(QLatin1String("end"))) {
            const auto endText = stringKey(object, QString(), QLatin1String("end"), std::nullopt);
            if (!endText)
                return std::nullopt;
            const auto end = journalEndFromName(*endText);
            if (!end || *end == JournalEnd::None) {
                fail(QStringLiteral("end"),
                    QStringLiteral("unknown end '%1' (expected finished, cancelled or failed)")
                        .arg(quotedInput(*endText)));
                return std::nullopt;
            }
            const auto counted = integerKey(
                object, QString(), QLatin1String("runs"), 0, std::numeric_limits<int>::max(), journal.set.runs.size());
            if (!counted)
                return std::nullopt;
            if (*counted != journal.set.runs.size()) {
                fail(QStringLiteral("runs"),
                    QStringLiteral("the end line counts %1, but %2")
                        .arg(countOf(*counted, QStringLiteral("run"), QStringLiteral("runs")),
                            countOf(journal.set.runs.size(), QStringLiteral("run line precedes it"),
                                QStringLiteral("run lines precede it"))));
                return std::nullopt;
            }
            journal.end = *end;
            continue;
        }
        auto run = readRun(object, QString());
        if (!run)
            return std::nullopt;
        journal.set.runs.append(std::move(*run));
    }
    m_source = source;
    journal.set.metadata.sweepEnd
        = journal.end == JournalEnd::None ? QStringLiteral("interrupted") : journalEndName(journal.end);
    journal.set.metadata.plannedRuns = journal.plannedRuns;
    return journal;
}

// One value as compact JSON text, so the writer can lay out the document itself.
QByteArray compactJson(const QJsonValue& value)
{
    QByteArray wrapped = QJsonDocument(QJsonArray { value }).toJson(QJsonDocument::Compact);
    // Qt's JSON reader drops a U+FEFF that starts a string (it decodes each string as a document of its own, whose
    // byte order mark it strips): written as an escape, the character reads back. Outside strings JSON is ASCII.
    wrapped.replace("\xef\xbb\xbf", "\\ufeff");
    return wrapped.mid(1, wrapped.size() - 2);
}

QByteArray jsonMembers(const QList<std::pair<QLatin1String, QJsonValue>>& members, const QByteArray& separator)
{
    QByteArray out;
    for (qsizetype i = 0; i < members.size(); ++i) {
        if (i > 0)
            out += separator;
        out += compactJson(QString(members[i].first)) + ": " + compactJson(members[i].second);
    }
    return out;
}

QList<std::pair<QLatin1String, QJsonValue>> runMembers(const RunResult& run, bool withTraces)
{
    const RunSpec& spec = run.spec;
    QList<std::pair<QLatin1String, QJsonValue>> members = {
        { QLatin1String("strategy"), strategyName(spec.strategy) },
        { QLatin1String("workload"),
            spec.workload == WorkloadKind::Unknown ? QJsonValue() : QJsonValue(workloadName(spec.workload)) },
        { QLatin1String("task_ms"), spec.taskMs == TaskMsUnknown ? QJsonValue() : QJsonValue(spec.taskMs) },
        { QLatin1String("tasks"), spec.tasks },
        { QLatin1String("threads"), spec.threads > 0 ? QJsonValue(spec.threads) : QJsonValue() },
        { QLatin1String("processes"), spec.processes > 0 ? QJsonValue(spec.processes) : QJsonValue() },
        { QLatin1String("chunksize"),
            spec.chunksize == ChunkUnknown ? QJsonValue() : QJsonValue(chunksizeName(spec.chunksize)) },
        { QLatin1String("repeat"), spec.repeat },
        { QLatin1String("seconds"), run.seconds },
        { QLatin1String("ideal_seconds"), run.idealSeconds },
        { QLatin1String("status"), statusName(run.status) },
        { QLatin1String("message"), run.message },
        { QLatin1String("start_ns"), run.startNs },
    };
    if (withTraces) {
        QJsonArray traces;
        for (const TaskTrace& trace : run.traces)
            traces.append(QJsonArray { trace.task, trace.worker, trace.pid, trace.tid, trace.startNs, trace.endNs });
        members.append({ QLatin1String("traces"), traces });
    }
    return members;
}
QList<std::pair<QLatin1String, QJsonValue>> headerMembers(
    const ResultMetadata& metadata, QLatin1String tag, int version)
{
    QList<std::pair<QLatin1String, QJsonValue>> header = {
        { QLatin1String("format"), QString(tag) },
        { QLatin1String("format_version"), version },
        { QLatin1String("tool_version"), metadata.toolVersion },
    };
    if (metadata.created.isValid()) {
        // With its offset from UTC: a local time alone would be read as the reader's local time.
        const QDateTime created = metadata.created.toOffsetFromUtc(metadata.created.offsetFromUtc());
        header.append({ QLatin1String("created"), created.toString(Qt::ISODateWithMs) });
    }
    header.append({ QLatin1String("command"), metadata.command });
    if (metadata.hasMachine)
        header.append({ QLatin1String("machine"), machineToJson(metadata.machine) });
    return header;
}

// A journal's first line, without its own parse, or nothing: whether `data` is a journal whatever its name.
bool looksLikeJournal(const QByteArray& data)
{
    const qsizetype end = data.indexOf('\n');
    const QJsonDocument first = QJsonDocument::fromJson(end < 0 ? data : data.left(end));
    return first.isObject() && first.object().value(QLatin1String("format")).toString() == journalFormatTag;
}
} // namespace

QString journalEndName(JournalEnd end)
{
    switch (end) {
    case JournalEnd::None:
        return QString();
    case JournalEnd::Finished:
        return QStringLiteral("finished");
    case JournalEnd::Cancelled:
        return QStringLiteral("cancelled");
    case JournalEnd::Failed:
        return QStringLiteral("failed");
    }
    return QString();
}

std::optional<JournalEnd> journalEndFromName(QStringView name)
{
    for (JournalEnd end : { JournalEnd::Finished, JournalEnd::Cancelled, JournalEnd::Failed }) {
        if (name == journalEndName(end))
            return end;
    }
    return std::nullopt;
}

std::optional<JournalContents> parseJournal(const QByteArray& data, const QString& sourceName, QString* error)
{
    return JsonReader(sourceName, error).readJournal(data);
}

QByteArray journalHeaderLine(const ResultMetadata& metadata, const JournalWriterId& writer, int plannedRuns)
{
    auto members = headerMembers(metadata, journalFormatTag, journalFormatVersion);
    members.append({ QLatin1String("pid"), writer.pid });
    members.append({ QLatin1String("pid_start"), writer.startTicks });
    members.append({ QLatin1String("boot_id"), writer.bootId });
    members.append({ QLatin1String("planned_runs"), plannedRuns });
    return '{' + jsonMembers(members, ", ") + "}\n";
}

QByteArray journalRunLine(const RunResult& run)
{
    return '{' + jsonMembers(runMembers(run, true), ", ") + "}\n";
}

QByteArray journalEndLine(JournalEnd end, int runs)
{
    return "{\"end\": \"" + journalEndName(end).toLatin1() + "\", \"runs\": " + QByteArray::number(runs) + "}\n";
}

std::optional<ResultSet> parseCsv(const QByteArray& data, const QString& sourceName, QString* error)
{
    return CsvReader(sourceName, error).read(data);
}

std::optional<ResultSet> parseJson(const QByteArray& data, const QString& sourceName, QString* error)
{
    return JsonReader(sourceName, error).read(data);
}

SweepCoverage coverageOf(const ResultSet& set)
{
    return { set.metadata.sweepEnd, set.metadata.plannedRuns, int(set.runs.size()) };
}

std::optional<ResultSet> readResultFile(const QString& fileName, QString* error, QStringList* notes)
{
    // "-" is standard input, named so in messages; with no suffix, its content tells its format.
    const bool standardInput = fileName == u"-";
    const QString path = standardInput ? QStringLiteral("standard input") : fileName;
    const std::optional<QByteArray> bytes = standardInput ? readStandardInput(error) : readWholeFile(path, error);
    if (!bytes)
        return std::nullopt;
    const QByteArray& data = *bytes;
    const QString suffix = standardInput ? QString() : QFileInfo(path).suffix().toLower();
    if (suffix == u"jsonl" || (suffix != u"json" && suffix != u"csv" && looksLikeJournal(data))) {
        auto journal = parseJournal(data, path, error);
        if (!journal)
            return std::nullopt;
        if (notes)
            *notes << journal->notes;
        return std::move(journal->set);
    }
    if (suffix == u"json")
        return parseJson(data, path, error);
    if (suffix == u"csv")
        return parseCsv(data, path, error);
    const QByteArray start = (data.startsWith(utf8Bom) ? data.mid(utf8Bom.size()) : data).trimmed();
    return start.startsWith('{') ? parseJson(data, path, error) : parseCsv(data, path, error);
}

QJsonObject runToJson(const RunResult& run, bool withTraces)
{
    QJsonObject object;
    for (const auto& [key, value] : runMembers(run, withTraces))
        object.insert(key, value);
    return object;
}

QByteArray toCsv(const QList<RunResult>& runs)
{
    QStringList header;
    for (QLatin1String name : csvColumnNames)
        header.append(name);
    QString text = header.join(u',') + u'\n';
    for (const RunResult& run : runs) {
        const RunSpec& spec = run.spec;
        const QStringList fields = {
            strategyName(spec.strategy),
            workloadName(spec.workload), // empty when unknown, as chunksizeName()
            spec.taskMs == TaskMsUnknown ? QString() : QString::number(spec.taskMs),
            QString::number(spec.tasks),
            spec.threads > 0 ? QString::number(spec.threads) : QString(), // empty: unknown
            spec.processes > 0 ? QString::number(spec.processes) : QString(),
            chunksizeName(spec.chunksize),
            QString::number(spec.repeat),
            numberText(run.seconds),
            numberText(run.idealSeconds),
            statusName(run.status),
            csvField(run.message),
        };
        text += fields.join(u',') + u'\n';
    }
    return text.toUtf8();
}

QByteArray toJson(const ResultSet& set)
{
    auto header = headerMembers(set.metadata, formatTag, resultFormatVersion);
    if (!set.metadata.sweepEnd.isEmpty())
        header.append({ QLatin1String("sweep_end"), set.metadata.sweepEnd });
    if (set.metadata.plannedRuns > 0)
        header.append({ QLatin1String("planned_runs"), set.metadata.plannedRuns });
    // One run per line: readable and diffable, while a run's thousands of traces stay on its line.
    QByteArray out = "{\n  " + jsonMembers(header, ",\n  ") + ",\n  \"runs\": [";
    for (qsizetype i = 0; i < set.runs.size(); ++i)
        out += (i > 0 ? ",\n    {" : "\n    {") + jsonMembers(runMembers(set.runs[i], true), ", ") + '}';
    out += set.runs.isEmpty() ? "]\n}\n" : "\n  ]\n}\n";
    return out;
}

bool writeResultFile(const QString& path, const ResultSet& set, QString* error)
{
    const QString suffix = QFileInfo(path).suffix().toLower();
    QByteArray data;
    if (suffix == u"json") {
        data = toJson(set);
    } else if (suffix == u"csv") {
        data = toCsv(set.runs);
    } else {
        setError(
            error, QStringLiteral("%1: cannot write: unknown file type, the name must end in .csv or .json").arg(path));
        return false;
    }
    return writeFileAtomically(path, data, error);
}

bool canWriteResultFile(const QString& path, QString* error)
{
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix != u"json" && suffix != u"csv") {
        setError(
            error, QStringLiteral("%1: cannot write: unknown file type, the name must end in .csv or .json").arg(path));
        return false;
    }
    return canWriteFile(path, error);
}
