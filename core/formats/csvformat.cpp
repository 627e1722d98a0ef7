// The CSV format: runs only, one row per run (see resultfile.h).

#include "formatcommon.h"
#include "inputquote.h"
#include "resultfile.h"

#include <QStringList>
#include <array>
#include <cmath>

using namespace ResultFormat;

namespace {
// A header's names listed in a message: room for the dozen columns a result file has.
constexpr qsizetype headerQuoteLength = 120;

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
    QList<CsvRecord> records;
    // Set when the text is not valid CSV; the record it happened in is not in records.
    QString problem;
    int problemLine = 0;
    int problemField = 0;
};

// RFC 4180 records. Lines that are empty are skipped; CRLF, LF and CR all end a record.
CsvSplit splitCsv(QStringView text)
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
        if (!blank)
            split.records.append(record);
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
    const CsvSplit split = splitCsv(text);
    if (split.records.isEmpty() && split.problem.isEmpty()) {
        return fail(1,
            QStringLiteral("empty file: expected a header row naming at least the columns strategy, tasks, seconds"));
    }
    if (!split.records.isEmpty() && !readHeader(split.records.first()))
        return std::nullopt;
    ResultSet set;
    for (qsizetype i = 1; i < split.records.size(); ++i) {
        auto run = readRow(split.records[i]);
        if (!run)
            return std::nullopt;
        set.runs.append(*run);
    }
    if (!split.problem.isEmpty())
        return failAt(split.problemLine, split.problemField, split.problem);
    if (set.runs.isEmpty())
        return fail(split.records.first().line, QStringLiteral("no data rows after the header"));
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
} // namespace

std::optional<ResultSet> parseCsv(const QByteArray& data, const QString& sourceName, QString* error)
{
    return CsvReader(sourceName, error).read(data);
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
