#include "resultfile.h"

// What every format shares behind the public API: the choice of a format by a file's name or content, and the save.

#include "fileio.h"
#include "formatcommon.h"

#include <QFileInfo>

using namespace ResultFormat;

SweepCoverage coverageOf(const ResultSet& set)
{
    return { set.metadata.sweepEnd, set.metadata.plannedRuns, int(set.runs.size()) };
}

std::optional<ResultSet> readResultFile(
    const QString& fileName, QString* error, QStringList* notes, const ReadProgress& progress)
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
        auto journal = parseJournal(data, path, error, progress);
        if (!journal)
            return std::nullopt;
        if (notes)
            *notes << journal->notes;
        return std::move(journal->set);
    }
    if (suffix == u"json")
        return parseJson(data, path, error, progress);
    if (suffix == u"csv")
        return parseCsv(data, path, error, progress);
    const QByteArray start = (data.startsWith(utf8Bom) ? data.mid(utf8Bom.size()) : data).trimmed();
    return start.startsWith('{') ? parseJson(data, path, error, progress) : parseCsv(data, path, error, progress);
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
