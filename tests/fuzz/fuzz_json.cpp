// libFuzzer target for parseJson(): any bytes either parse into a result set that survives a round trip through
// toJson() and toCsv(), or are refused with a message that starts with the file's name and the place in it.

#include "fuzzcheck.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const QByteArray bytes = QByteArray::fromRawData(reinterpret_cast<const char*>(data), qsizetype(size));
    const QString source = QStringLiteral("fuzz.json");
    QString error;
    const auto set = parseJson(bytes, source, &error);
    if (!set) {
        // "fuzz.json: at PATH: message", PATH a key path such as runs[2].seconds or an offset for invalid JSON.
        fuzzcheck::checkRefusal(error, source + QStringLiteral(": at "));
        return 0;
    }
    fuzzcheck::require(error.isEmpty(), "parseJson() succeeded but set an error:", error);
    fuzzcheck::checkRoundTrips(*set);
    return 0;
}
