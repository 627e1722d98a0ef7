// libFuzzer target for parseCsv(): any bytes either parse into runs that survive a round trip through toCsv() and
// toJson(), or are refused with a message that starts with the file's name and line.

#include "fuzzcheck.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const QByteArray bytes = QByteArray::fromRawData(reinterpret_cast<const char*>(data), qsizetype(size));
    const QString source = QStringLiteral("fuzz.csv");
    QString error;
    const auto set = parseCsv(bytes, source, &error);
    if (!set) {
        // "fuzz.csv:LINE: message", LINE a line of the input: 1 + the line breaks (CRLF, LF or CR) before it.
        bool isNumber = false;
        const int line = fuzzcheck::checkRefusal(error, source + u':').toInt(&isNumber);
        fuzzcheck::require(isNumber, "the error names no line:", error);
        const qsizetype lines
            = 1 + bytes.count("\r\n") + bytes.count('\n') + bytes.count('\r') - 2 * bytes.count("\r\n");
        fuzzcheck::require(line >= 1 && line <= lines, "the error names a line that is not in the input:", error);
        return 0;
    }
    fuzzcheck::require(error.isEmpty(), "parseCsv() succeeded but set an error:", error);
    fuzzcheck::require(!set->runs.isEmpty(), "parseCsv() succeeded without a run");
    fuzzcheck::checkRoundTrips(*set);
    return 0;
}
