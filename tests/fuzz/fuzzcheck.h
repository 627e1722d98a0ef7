#pragma once

// What the parser fuzzers check beyond "no crash, no leak, no undefined behaviour": the properties a parse result
// must have. A violation prints what broke and aborts, which libFuzzer reports as a crash and saves the input.

#include "resultfile.h"
#include "runfields.h"

#include <QByteArray>
#include <QString>
#include <QStringDecoder>
#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace fuzzcheck {

[[noreturn]] inline void violated(const char* what, const QString& detail = QString())
{
    QByteArray text = detail.toUtf8();
    text.replace('\0', "\\0");
    std::fprintf(stderr, "invariant violated: %s %s\n", what, text.constData());
    std::abort();
}

inline void require(bool condition, const char* what, const QString& detail = QString())
{
    if (!condition)
        violated(what, detail);
}

// A refused input: the error is "PLACE: message", PLACE starting with `prefix` and not empty, the message not empty.
// Returns what of PLACE follows the prefix. (No QRegularExpression: it matches nothing in text that is not valid
// UTF-16, such as a lone surrogate quoted from the input.)
inline QString checkRefusal(const QString& error, const QString& prefix)
{
    require(error.startsWith(prefix), "the error does not start with", prefix + QStringLiteral(" | ") + error);
    const qsizetype end = error.indexOf(QStringLiteral(": "), prefix.size());
    require(end > prefix.size(), "the error names no place:", error);
    require(end + 2 < error.size(), "the error says nothing after its place:", error);
    return error.mid(prefix.size(), end - prefix.size());
}

// A run as the readers may hand it out: the ranges resultfile.h promises.
inline void checkRun(const RunResult& run)
{
    const RunSpec& spec = run.spec;
    require(spec.tasks >= 1, "tasks < 1");
    // A file that does not say its task duration or chunk size leaves them unknown, the one negative value allowed.
    require((spec.taskMs >= 0 || spec.taskMs == TaskMsUnknown) && spec.threads >= 0 && spec.processes >= 0,
        "a negative count");
    require(spec.repeat >= 1, "repeat < 1");
    require(spec.chunksize >= ChunkPythonRule || spec.chunksize == ChunkUnknown, "chunksize below the python rule");
    require(std::isfinite(run.seconds) && run.seconds >= 0, "seconds not finite or negative");
    require(std::isfinite(run.idealSeconds) && run.idealSeconds >= 0, "ideal_seconds not finite or negative");
}

// Text as it comes back from a CSV file, which is UTF-8: a lone surrogate, which UTF-8 cannot carry, is replaced.
// JSON escapes it as \uD800 and keeps it.
inline QString throughUtf8(const QString& text)
{
    // As the reader decodes a field in the middle of a file: QString::fromUtf8() would drop a leading U+FEFF (a byte
    // order mark), which a message may well start with.
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::ConvertInitialBom);
    return decoder(text.toUtf8());
}

// Field by field (runfields.h), so that a new field is checked too. A CSV file keeps its columns (no traces, no start
// time), and a message as UTF-8 text whose CR reads back as LF; JSON keeps every field.
inline void requireSameFields(const RunResult& a, const RunResult& b, bool throughCsv)
{
    for (const RunField& field : runFields()) {
        if (throughCsv && !field.inCsv)
            continue;
        FieldValue before = field.get(a);
        if (auto* text = std::get_if<QString>(&before); text && throughCsv && field.type == FieldType::Text) {
            *text = throughUtf8(*text);
            text->replace(QStringLiteral("\r\n"), QStringLiteral("\n"));
            text->replace(u'\r', u'\n');
        }
        const FieldValue after = field.get(b);
        require(before == after,
            throughCsv ? "a field changed on the way through CSV:" : "a field changed on the way through JSON:",
            QString(field.key) + u' ' + fieldValueText(before) + QStringLiteral(" -> ") + fieldValueText(after));
    }
}

inline void requireSameCsvRun(const RunResult& a, const RunResult& b)
{
    requireSameFields(a, b, true);
}

inline void requireSameJsonRun(const RunResult& a, const RunResult& b)
{
    requireSameFields(a, b, false);
}

// Whatever parsed must survive being written as CSV and as JSON and read back.
inline void checkRoundTrips(const ResultSet& set)
{
    for (const RunResult& run : set.runs)
        checkRun(run);

    QString error;
    const auto fromCsv = parseCsv(toCsv(set.runs), QStringLiteral("roundtrip.csv"), &error);
    if (set.runs.isEmpty()) {
        require(!fromCsv, "a CSV file without runs was read");
    } else {
        require(fromCsv.has_value(), "toCsv() wrote what parseCsv() refuses:", error);
        require(fromCsv->runs.size() == set.runs.size(), "the number of runs changed on the way through CSV");
        for (qsizetype i = 0; i < set.runs.size(); ++i)
            requireSameCsvRun(set.runs[i], fromCsv->runs[i]);
    }

    error.clear();
    const auto fromJson = parseJson(toJson(set), QStringLiteral("roundtrip.json"), &error);
    require(fromJson.has_value(), "toJson() wrote what parseJson() refuses:", error);
    require(fromJson->runs.size() == set.runs.size(), "the number of runs changed on the way through JSON");
    for (qsizetype i = 0; i < set.runs.size(); ++i)
        requireSameJsonRun(set.runs[i], fromJson->runs[i]);
    const ResultMetadata& before = set.metadata;
    const ResultMetadata& after = fromJson->metadata;
    require(before.toolVersion == after.toolVersion, "tool_version changed on the way through JSON");
    require(before.command == after.command, "command changed on the way through JSON");
    require(before.created == after.created, "created changed on the way through JSON",
        before.created.toString(Qt::ISODateWithMs) + QStringLiteral(" -> ")
            + after.created.toString(Qt::ISODateWithMs));
    require(before.hasMachine == after.hasMachine, "the machine came or went on the way through JSON");
    if (before.hasMachine) {
        require(machineToJson(before.machine) == machineToJson(after.machine),
            "the machine changed on the way through JSON");
    }
}

} // namespace fuzzcheck
