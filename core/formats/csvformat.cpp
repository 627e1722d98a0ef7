// The CSV format: runs only, one row per run (see resultfile.h).

#include "formatcommon.h"
#include "inputquote.h"
#include "resultfile.h"

#include <QStringList>
#include <cmath>
#include <limits>

using namespace ResultFormat;

namespace {
// A header's names listed in a message: room for the dozen columns a result file has.
constexpr qsizetype headerQuoteLength = 120;
// Rows between two calls of a ReadProgress: a call for each of a million rows would cost more than the rows.
constexpr qsizetype progressInterval = 4096;

// The CSV columns: the fields of runFields() a CSV file has, by their index in that list.
bool inCsv(size_t field)
{
    return runFields()[field].inCsv;
}

// "strategy, tasks, seconds": the columns a header must name.
QString requiredColumns()
{
    QStringList names;
    for (const RunField& field : runFields()) {
        if (field.inCsv && field.required)
            names.append(field.key);
    }
    return quotedNames(names);
}

struct CsvRecord
{
    int line = 0; // where the record starts; a quoted field may span lines
    qsizetype end = 0; // the text's index after it
    QStringList fields;
};

struct CsvSplit
{
    int records = 0; // handed on
    int firstLine = 0; // where the first record starts
    bool stopped = false; // the consumer asked to stop
    // Set when the text is not valid CSV; the record it happened in was not handed on.
    QString problem;
    int problemLine = 0;
    int problemField = 0;
};

// RFC 4180 records, handed one at a time to `consume`, which returns false to stop: a file's records are never all
// held at once. Lines that are empty are skipped; CRLF, LF and CR all end a record.
template<typename Consume> CsvSplit splitCsv(QStringView text, Consume consume)
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
        record.end = i;
        if (!blank) {
            if (split.records++ == 0)
                split.firstLine = record.line;
            if (!consume(record)) {
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
    CsvReader(const QString& sourceName, QString* error, const ReadProgress& progress)
        : m_source(quotedPath(sourceName))
        , m_error(error)
        , m_progress(progress)
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
    // The trimmed cell of a field (Text as written), or nullopt when the column is absent or the cell empty.
    std::optional<QString> cell(const CsvRecord& record, size_t field) const;
    // The field's value in the row, nullopt when the cell does not state one; *ok false (with the error set) when
    // it is not one of the field's type.
    std::optional<FieldValue> value(const CsvRecord& record, size_t field, bool* ok);

    QString m_source;
    QString* m_error;
    ReadProgress m_progress;
    QStringList m_header; // as written in the file, for messages
    QList<int> m_index; // the record's field index of each of runFields(), -1 when absent
    RepeatCounter m_repeats;
};

std::optional<QString> CsvReader::cell(const CsvRecord& record, size_t field) const
{
    const int index = m_index[qsizetype(field)];
    if (index < 0)
        return std::nullopt;
    // Text is kept as written; every other cell is a name or a number.
    const QString text
        = runFields()[field].type == FieldType::Text ? record.fields[index] : record.fields[index].trimmed();
    if (text.isEmpty())
        return std::nullopt;
    return text;
}

std::optional<FieldValue> CsvReader::value(const CsvRecord& record, size_t field, bool* ok)
{
    *ok = true;
    const auto text = cell(record, field);
    if (!text)
        return std::nullopt;
    const RunField& info = runFields()[field];
    const int index = m_index[qsizetype(field)];
    bool isNumber = false;
    switch (info.type) {
    case FieldType::Name:
    case FieldType::Chunksize:
        return *text;
    case FieldType::Text:
        // Bytes that are not UTF-8 were read as escapes, for messages; data keeps them as they were.
        return withoutByteEscapes(*text);
    case FieldType::Integer: {
        const qint64 number
            = info.maximum <= std::numeric_limits<int>::max() ? text->toInt(&isNumber) : text->toLongLong(&isNumber);
        if (!isNumber) {
            *ok = false;
            failAt(record.line, index, QStringLiteral("'%1' is not a whole number").arg(quotedInput(*text)));
            return std::nullopt;
        }
        if (const QString problem = outOfRange(number, info.minimum, info.maximum); !problem.isEmpty()) {
            *ok = false;
            failAt(record.line, index, problem);
            return std::nullopt;
        }
        return number;
    }
    case FieldType::Seconds: {
        const double seconds = text->toDouble(&isNumber);
        if (!isNumber || !std::isfinite(seconds)) {
            *ok = false;
            failAt(record.line, index, QStringLiteral("'%1' is not a number").arg(quotedInput(*text)));
            return std::nullopt;
        }
        if (seconds < 0) {
            *ok = false;
            failAt(record.line, index, QStringLiteral("must not be negative, found %1").arg(quotedInput(*text)));
            return std::nullopt;
        }
        return seconds;
    }
    case FieldType::Traces:
        break; // not in CSV
    }
    return std::nullopt;
}

bool CsvReader::readHeader(const CsvRecord& record)
{
    const auto fields = runFields();
    m_header = record.fields;
    m_index = QList<int>(qsizetype(fields.size()), -1);
    for (int index = 0; index < record.fields.size(); ++index) {
        const QString name = record.fields[index].trimmed();
        for (size_t field = 0; field < fields.size(); ++field) {
            if (!inCsv(field) || name.compare(fields[field].key, Qt::CaseInsensitive) != 0)
                continue;
            if (m_index[qsizetype(field)] >= 0) {
                fail(record.line, QStringLiteral("column '%1' appears twice in the header").arg(quotedInput(name)));
                return false;
            }
            m_index[qsizetype(field)] = index;
        }
        m_header[index] = name;
    }
    for (size_t field = 0; field < fields.size(); ++field) {
        if (inCsv(field) && fields[field].required && m_index[qsizetype(field)] < 0) {
            fail(record.line,
                QStringLiteral("column '%1': missing required column (the header must name at least %2; it has: %3)")
                    .arg(fields[field].key, requiredColumns(), quotedInput(quotedNames(m_header), headerQuoteLength)));
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
    const auto fields = runFields();
    for (size_t field = 0; field < fields.size(); ++field) {
        if (inCsv(field) && fields[field].required && !cell(record, field))
            return failAt(record.line, m_index[qsizetype(field)], QStringLiteral("required value is empty"));
    }

    RunResult run;
    StatedFields stated(qsizetype(fields.size()), false);
    // A row's names before its numbers: the order its faults have always been reported in.
    for (bool numbers : { false, true }) {
        for (size_t field = 0; field < fields.size(); ++field) {
            if (!inCsv(field) || isNumeric(fields[field].type) != numbers)
                continue;
            bool ok = true;
            const auto read = value(record, field, &ok);
            if (!ok)
                return std::nullopt;
            if (!read)
                continue;
            if (const QString problem = fields[field].set(run, *read); !problem.isEmpty())
                return failAt(record.line, m_index[qsizetype(field)], problem);
            stated[qsizetype(field)] = true;
        }
    }
    setUnstatedFields(run, stated, m_repeats);
    return run;
}

std::optional<ResultSet> CsvReader::read(const QByteArray& data)
{
    const QByteArrayView bytes
        = data.startsWith(utf8Bom) ? QByteArrayView(data).sliced(utf8Bom.size()) : QByteArrayView(data);
    // Bytes that are not UTF-8 are kept as such, so that a message quoting them names them (\xff).
    const QString text = decodeInput(bytes);
    ResultSet set;
    bool stopped = false;
    const CsvSplit split = splitCsv(text, [&](const CsvRecord& record) {
        if (m_index.isEmpty())
            return readHeader(record);
        auto run = readRow(record);
        if (!run)
            return false;
        set.runs.append(std::move(*run));
        // Told in bytes of the file: the text is as long where every character is ASCII, as a result file's are.
        if (m_progress && set.runs.size() % progressInterval == 0
            && !m_progress(record.end * data.size() / std::max<qsizetype>(1, text.size()), data.size())) {
            stopped = true;
            return false;
        }
        return true;
    });
    if (stopped) {
        setError(m_error, QStringLiteral("%1: reading stopped").arg(m_source));
        return std::nullopt;
    }
    if (split.stopped)
        return std::nullopt;
    if (split.records == 0 && split.problem.isEmpty()) {
        return fail(1,
            QStringLiteral("empty file: expected a header row naming at least the columns %1").arg(requiredColumns()));
    }
    if (!split.problem.isEmpty())
        return failAt(split.problemLine, split.problemField, split.problem);
    if (set.runs.isEmpty())
        return fail(split.firstLine, QStringLiteral("no data rows after the header"));
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

// Unknown is an empty cell.
QString csvCell(const FieldValue& value)
{
    if (const auto* text = std::get_if<QString>(&value))
        return csvField(*text);
    if (const auto* integer = std::get_if<qint64>(&value))
        return QString::number(*integer);
    if (const auto* number = std::get_if<double>(&value))
        return numberText(*number);
    return QString();
}
} // namespace

std::optional<ResultSet> parseCsv(
    const QByteArray& data, const QString& sourceName, QString* error, const ReadProgress& progress)
{
    return CsvReader(sourceName, error, progress).read(data);
}

QByteArray toCsv(const QList<RunResult>& runs)
{
    QStringList cells;
    for (const RunField& field : runFields()) {
        if (field.inCsv)
            cells.append(field.key);
    }
    QString text = cells.join(u',') + u'\n';
    for (const RunResult& run : runs) {
        cells.clear();
        for (const RunField& field : runFields()) {
            if (field.inCsv)
                cells.append(csvCell(field.get(run)));
        }
        text += cells.join(u',') + u'\n';
    }
    return text.toUtf8();
}
