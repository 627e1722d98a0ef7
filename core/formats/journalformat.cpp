// The journal's format (JSON Lines, see resultfile.h): its lines as written, and their reading.

#include "inputquote.h"
#include "jsonformat.h"
#include "wording.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>
#include <limits>

namespace ResultFormat {
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
        if (!goOn(journal.set.runs.size(), end, data.size()))
            return std::nullopt;
    }
    m_source = source;
    journal.set.metadata.sweepEnd
        = journal.end == JournalEnd::None ? QStringLiteral("interrupted") : journalEndName(journal.end);
    journal.set.metadata.plannedRuns = journal.plannedRuns;
    return journal;
}

// A journal's first line, without its own parse, or nothing: whether `data` is a journal whatever its name.
bool looksLikeJournal(const QByteArray& data)
{
    const qsizetype end = data.indexOf('\n');
    const QJsonDocument first = QJsonDocument::fromJson(end < 0 ? data : data.left(end));
    return first.isObject() && first.object().value(QLatin1String("format")).toString() == journalFormatTag;
}

JournalEndSaid journalEndSaid(const QByteArray& line)
{
    const QJsonObject end = QJsonDocument::fromJson(line).object();
    return { journalEndFromName(end.value(QLatin1String("end")).toString()).value_or(JournalEnd::None),
        end.value(QLatin1String("runs")).toInt(-1) };
}
} // namespace ResultFormat

using namespace ResultFormat;

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

std::optional<JournalContents> parseJournal(
    const QByteArray& data, const QString& sourceName, QString* error, const ReadProgress& progress)
{
    return JsonReader(sourceName, error, progress).readJournal(data);
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
    return '{' + runMembersJson(run, true, ", ") + "}\n";
}

QByteArray journalEndLine(JournalEnd end, int runs)
{
    return "{\"end\": \"" + journalEndName(end).toLatin1() + "\", \"runs\": " + QByteArray::number(runs) + "}\n";
}
