// libFuzzer target for parseJournal(): any bytes either parse into a journal whose runs survive a round trip through
// CSV and JSON, with every note naming its place, or are refused with a message that starts with the file's name and,
// past the header, the line. A journal is the file most likely to be damaged: its writer may be killed mid-line.

#include "fuzzcheck.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const QByteArray bytes = QByteArray::fromRawData(reinterpret_cast<const char*>(data), qsizetype(size));
    const QString source = QStringLiteral("fuzz.jsonl");
    const qsizetype lines = 1 + bytes.count('\n');
    // "fuzz.jsonl:LINE: message" names a line of the input; "fuzz.jsonl: message" the file as a whole.
    const auto checkPlace = [&](const QString& text) {
        fuzzcheck::require(text.startsWith(source + u':'), "names another file:", text);
        if (text.startsWith(source + QStringLiteral(": ")))
            return;
        const QString place = fuzzcheck::checkRefusal(text, source + u':');
        const QString line = place.section(u':', 0, 0);
        bool isNumber = false;
        const int number = line.toInt(&isNumber);
        fuzzcheck::require(isNumber && number >= 1 && number <= lines, "names a line that is not in the input:", text);
    };
    QString error;
    const auto journal = parseJournal(bytes, source, &error);
    if (!journal) {
        checkPlace(error);
        return 0;
    }
    fuzzcheck::require(error.isEmpty(), "parseJournal() succeeded but set an error:", error);
    for (const QString& note : journal->notes)
        checkPlace(note);
    fuzzcheck::require(journal->plannedRuns >= 0, "planned_runs < 0");
    fuzzcheck::require(journal->writer.pid >= 0 && journal->writer.startTicks >= 0, "a negative writer id");
    fuzzcheck::checkRoundTrips(journal->set);

    // Written again as RunJournal writes, it reads back the same.
    QByteArray again = journalHeaderLine(journal->set.metadata, journal->writer, journal->plannedRuns);
    for (const RunResult& run : journal->set.runs)
        again += journalRunLine(run);
    if (journal->end != JournalEnd::None)
        again += journalEndLine(journal->end, int(journal->set.runs.size()));
    const auto reread = parseJournal(again, QStringLiteral("again.jsonl"), &error);
    fuzzcheck::require(reread.has_value(), "a journal as written is refused:", error);
    fuzzcheck::require(reread->notes.isEmpty(), "a journal as written has notes:", reread->notes.join(u' '));
    fuzzcheck::require(reread->end == journal->end, "the end changed on the way through a journal");
    fuzzcheck::require(reread->plannedRuns == journal->plannedRuns, "planned_runs changed on the way");
    fuzzcheck::require(reread->writer.pid == journal->writer.pid
            && reread->writer.startTicks == journal->writer.startTicks
            && reread->writer.bootId == journal->writer.bootId,
        "the writer changed on the way through a journal");
    fuzzcheck::require(reread->set.runs.size() == journal->set.runs.size(), "the number of runs changed");
    for (qsizetype i = 0; i < journal->set.runs.size(); ++i)
        fuzzcheck::requireSameJsonRun(journal->set.runs[i], reread->set.runs[i]);
    return 0;
}
