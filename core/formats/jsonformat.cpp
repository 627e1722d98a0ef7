// The JSON result file (see resultfile.h), and the reading and writing of JSON that the journal shares.

#include "jsonformat.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>
#include <array>
#include <charconv>
#include <cmath>
#include <limits>

using namespace ResultFormat;

QString ResultFormat::jsonTypeName(const QJsonValue& value)
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

namespace {
QString joinPath(const QString& base, QLatin1String key)
{
    return base.isEmpty() ? QString(key) : base + u'.' + key;
}

QString indexPath(const QString& base, qsizetype index)
{
    return QStringLiteral("%1[%2]").arg(base).arg(index);
}

// The value if it is a whole number in [minimum, maximum]. toInteger() falls back to its argument unless the value is
// a whole number that fits in 64 bits; asking with two fallbacks tells the two apart without going through a double,
// which would lose digits beyond 2^53.
std::optional<qint64> wholeNumberIn(const QJsonValue& value, qint64 minimum, qint64 maximum)
{
    if (!value.isDouble())
        return std::nullopt;
    const qint64 whole = value.toInteger(0);
    if (whole != value.toInteger(1) || whole < minimum || whole > maximum)
        return std::nullopt;
    return whole;
}

// [[task, worker, pid, tid, start_ns, end_ns], ...], as jsonValue() would write it.
void appendTracesJson(const QList<TaskTrace>& traces, QByteArray& out)
{
    out.reserve(out.size() + traces.size() * 64 + 2);
    out += '[';
    char buffer[24];
    const auto append = [&out, &buffer](qint64 value) {
        const auto end = std::to_chars(buffer, buffer + sizeof buffer, value).ptr;
        out.append(buffer, end - buffer);
    };
    for (qsizetype i = 0; i < traces.size(); ++i) {
        const TaskTrace& trace = traces[i];
        out += i > 0 ? ",[" : "[";
        for (const qint64 value : { qint64(trace.task), qint64(trace.worker), trace.pid, trace.tid, trace.startNs }) {
            append(value);
            out += ',';
        }
        append(trace.endNs);
        out += ']';
    }
    out += ']';
}

// Unknown is null.
QJsonValue jsonValue(const FieldValue& value)
{
    if (const auto* text = std::get_if<QString>(&value))
        return *text;
    if (const auto* integer = std::get_if<qint64>(&value))
        return *integer;
    if (const auto* number = std::get_if<double>(&value))
        return *number;
    if (const auto* traces = std::get_if<QList<TaskTrace>>(&value)) {
        QJsonArray array;
        for (const TaskTrace& trace : *traces)
            array.append(QJsonArray { trace.task, trace.worker, trace.pid, trace.tid, trace.startNs, trace.endNs });
        return array;
    }
    return QJsonValue();
}
} // namespace

namespace ResultFormat {
std::optional<qint64> JsonReader::integer(const QJsonValue& value, const QString& path, qint64 minimum, qint64 maximum)
{
    if (const auto whole = wholeNumberIn(value, minimum, maximum))
        return whole;
    // Why not, in words.
    if (!value.isDouble())
        return failType(path, QStringLiteral("a whole number"), value);
    const qint64 result = value.toInteger(0);
    if (result != value.toInteger(1))
        return fail(path, QStringLiteral("expected a whole number, found %1").arg(numberText(value.toDouble())));
    if (const QString problem = outOfRange(result, minimum, maximum); !problem.isEmpty())
        return fail(path, problem);
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

std::optional<double> JsonReader::seconds(const QJsonValue& value, const QString& path)
{
    if (!value.isDouble())
        return failType(path, QStringLiteral("a number"), value);
    const double seconds = value.toDouble();
    if (!std::isfinite(seconds) || seconds < 0)
        return fail(path, QStringLiteral("must not be negative, found %1").arg(numberText(seconds)));
    return seconds;
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
        // The path of a trace is only spelled out for an error: a million of them took seconds.
        const QJsonValue item = array.at(i);
        if (!item.isArray()) {
            failType(indexPath(path, i), QStringLiteral("an array of 6 integers"), item);
            return false;
        }
        const QJsonArray fields = item.toArray();
        if (fields.size() != 6) {
            fail(indexPath(path, i),
                QStringLiteral("expected 6 integers [task, worker, pid, tid, start_ns, end_ns], found %1 values")
                    .arg(fields.size()));
            return false;
        }
        std::array<qint64, 6> numbers {};
        for (int field = 0; field < 6; ++field) {
            const qint64 minimum = field < 2 ? 0 : -maxInt64;
            const qint64 maximum = field < 2 ? maxInt : maxInt64;
            const QJsonValue value = fields.at(field);
            // Checked without its path first; only a value that fails goes through integer(), which names it.
            if (const auto whole = wholeNumberIn(value, minimum, maximum)) {
                numbers[field] = *whole;
                continue;
            }
            const auto number = integer(value, indexPath(indexPath(path, i), field), minimum, maximum);
            if (!number)
                return false;
            numbers[field] = *number;
        }
        traces->append(TaskTrace { static_cast<int>(numbers[0]), static_cast<int>(numbers[1]), numbers[2], numbers[3],
            numbers[4], numbers[5] });
    }
    return true;
}

std::optional<FieldValue> JsonReader::fieldValue(const RunField& field, const QJsonValue& value, const QString& path)
{
    switch (field.type) {
    case FieldType::Name:
    case FieldType::Text:
        if (!value.isString())
            return failType(path, QStringLiteral("a string"), value);
        return value.toString();
    case FieldType::Chunksize:
        if (value.isString())
            return value.toString();
        if (!value.isDouble())
            return failType(path, QStringLiteral("a string or a number"), value);
        [[fallthrough]]; // the in-memory number
    case FieldType::Integer:
        if (const auto number = integer(value, path, field.minimum, field.maximum))
            return *number;
        return std::nullopt;
    case FieldType::Seconds:
        if (const auto number = seconds(value, path))
            return *number;
        return std::nullopt;
    case FieldType::Traces: {
        QList<TaskTrace> traces;
        if (!readTraces(value, path, &traces))
            return std::nullopt;
        return traces;
    }
    }
    return std::nullopt;
}

std::optional<RunResult> JsonReader::readRun(const QJsonValue& value, const QString& path)
{
    if (!value.isObject())
        return failType(path, QStringLiteral("an object"), value);
    const QJsonObject object = value.toObject();
    RunResult run;
    const auto fields = runFields();
    StatedFields stated(qsizetype(fields.size()), false);
    for (size_t i = 0; i < fields.size(); ++i) {
        const RunField& field = fields[i];
        const QString fieldPath = joinPath(path, field.key);
        const QJsonValue item = object.value(field.key);
        // What the run does not say (an absent key, or null as written for an unknown value) stays unknown.
        if (item.isUndefined() || (field.nullable && item.isNull())) {
            if (field.required)
                return fail(fieldPath, QStringLiteral("missing"));
            continue;
        }
        const auto read = fieldValue(field, item, fieldPath);
        if (!read)
            return std::nullopt;
        if (const QString problem = field.set(run, *read); !problem.isEmpty())
            return fail(fieldPath, problem);
        stated[qsizetype(i)] = true;
    }
    setUnstatedFields(run, stated, m_repeats);
    return run;
}

bool JsonReader::goOn(qsizetype runs, qint64 done, qint64 total)
{
    // A call for each of a million runs would cost more than the runs.
    constexpr qsizetype interval = 4096;
    if (!m_progress || runs % interval != 0 || m_progress(done, total))
        return true;
    setError(m_error, QStringLiteral("%1: reading stopped").arg(m_source));
    return false;
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
        // The document is parsed whole before its runs are read: the runs read tell how far, in bytes.
        if (!goOn(set.runs.size(), data.size() * (i + 1) / runs.size(), data.size()))
            return std::nullopt;
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
    QList<std::pair<QLatin1String, QJsonValue>> members;
    for (const RunField& field : runFields()) {
        if (field.type != FieldType::Traces || withTraces)
            members.append({ field.key, jsonValue(field.get(run)) });
    }
    return members;
}

QByteArray runMembersJson(const RunResult& run, bool withTraces, const QByteArray& separator)
{
    QByteArray out;
    for (const RunField& field : runFields()) {
        if (field.type == FieldType::Traces && !withTraces)
            continue;
        if (!out.isEmpty())
            out += separator;
        out += compactJson(QString(field.key)) + ": ";
        if (field.type == FieldType::Traces)
            appendTracesJson(run.traces, out);
        else
            out += compactJson(jsonValue(field.get(run)));
    }
    return out;
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

} // namespace ResultFormat

std::optional<ResultSet> parseJson(
    const QByteArray& data, const QString& sourceName, QString* error, const ReadProgress& progress)
{
    return JsonReader(sourceName, error, progress).read(data);
}

QByteArray runToJson(const RunResult& run, bool withTraces)
{
    return "{\n    " + ResultFormat::runMembersJson(run, withTraces, ",\n    ") + "\n}\n";
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
        out += (i > 0 ? ",\n    {" : "\n    {") + runMembersJson(set.runs[i], true, ", ") + '}';
    out += set.runs.isEmpty() ? "]\n}\n" : "\n  ]\n}\n";
    return out;
}
