#pragma once

// The JSON reader and writer that a result file (jsonformat.cpp) and a journal's lines (journalformat.cpp) share:
// metadata, machine, runs and traces. Inside conlab_formats only.

#include "formatcommon.h"
#include "inputquote.h"
#include "resultfile.h"

#include <QJsonValue>
#include <QList>
#include <optional>
#include <utility>

namespace ResultFormat {
// "a string", "null", ...: what a message says was found.
QString jsonTypeName(const QJsonValue& value);

// Reads a JSON result file (read()) and a journal (readJournal(), in journalformat.cpp); a message names the place
// as a path: "runs[3].seconds".
class JsonReader
{
public:
    JsonReader(const QString& sourceName, QString* error, const ReadProgress& progress = {})
        : m_source(quotedPath(sourceName))
        , m_error(error)
        , m_progress(progress)
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
    std::optional<double> seconds(const QJsonValue& value, const QString& path);
    std::optional<QString> stringKey(
        const QJsonObject& object, const QString& base, QLatin1String key, std::optional<QString> fallback);
    bool readHeader(
        const QJsonObject& root, QLatin1String tag, const QString& kind, int newestVersion, ResultMetadata* metadata);
    bool readMachine(const QJsonValue& value, MachineInfo* machine);
    std::optional<RunResult> readRun(const QJsonValue& value, const QString& path);
    std::optional<FieldValue> fieldValue(const RunField& field, const QJsonValue& value, const QString& path);
    bool readTraces(const QJsonValue& value, const QString& path, QList<TaskTrace>* traces);
    // After the run `runs` read, `done` of `total` bytes in: whether to go on, as the ReadProgress says every so many
    // runs; false with the error set when it stopped the read.
    bool goOn(qsizetype runs, qint64 done, qint64 total);

    QString m_source;
    QString* m_error;
    ReadProgress m_progress;
    RepeatCounter m_repeats;
};

// One value as compact JSON text, so the writer can lay out the document itself.
QByteArray compactJson(const QJsonValue& value);
QByteArray jsonMembers(const QList<std::pair<QLatin1String, QJsonValue>>& members, const QByteArray& separator);
// A run's keys, as in a JSON file's "runs" and a journal's run lines; traces only when asked for.
QList<std::pair<QLatin1String, QJsonValue>> runMembers(const RunResult& run, bool withTraces);
// The same as compact JSON text joined by `separator`: what a JSON file's run, a journal's run line and `conlab run
// --json` hold. The traces are written straight to text, without a QJsonArray per trace, which took about 400 bytes of
// memory per trace at a million.
QByteArray runMembersJson(const RunResult& run, bool withTraces, const QByteArray& separator);
// The keys a JSON file and a journal begin with: format, versions, created, command, machine.
QList<std::pair<QLatin1String, QJsonValue>> headerMembers(
    const ResultMetadata& metadata, QLatin1String tag, int version);
} // namespace ResultFormat
