#include "inputquote.h"

#include <QCommandLineParser>
#include <QList>
#include <QRegularExpression>
#include <algorithm>

namespace {
constexpr char16_t firstByteEscape = 0xDC80; // decodeInput()'s stand-in for the byte 0x80; 0xFF maps to 0xDCFF
constexpr char16_t lastByteEscape = 0xDCFF;
const QString ellipsis = QStringLiteral("…");

// One character of input as the quote shows it, and how many characters that takes on screen.
struct Piece
{
    QString text;
    qsizetype width = 0;
};

QString hex(char32_t value, int digits)
{
    return QString::number(value, 16).rightJustified(digits, u'0');
}

// The escape that stands for code point `code` (a lone surrogate included), or nothing when it is shown as itself.
QString escapeFor(char32_t code)
{
    switch (code) {
    case 0:
        return QStringLiteral("\\0");
    case u'\t':
        return QStringLiteral("\\t");
    case u'\n':
        return QStringLiteral("\\n");
    case u'\r':
        return QStringLiteral("\\r");
    case u'\\':
        return QStringLiteral("\\\\");
    default:
        break;
    }
    if (code < 0x20 || code == 0x7F)
        return QStringLiteral("\\x") + hex(code, 2);
    if (code >= 0x80 && code <= 0x9F)
        return QStringLiteral("\\u") + hex(code, 4);
    if (code >= firstByteEscape && code <= lastByteEscape)
        return QStringLiteral("\\x") + hex(code - 0xDC00, 2);
    if (code >= 0xD800 && code <= 0xDFFF)
        return QStringLiteral("\\u") + hex(code, 4);
    const QChar::Category category = QChar::category(code);
    if (category == QChar::Other_Format || category == QChar::Separator_Line
        || category == QChar::Separator_Paragraph) {
        return code > 0xFFFF ? QStringLiteral("\\U") + hex(code, 8) : QStringLiteral("\\u") + hex(code, 4);
    }
    return QString();
}

// Calls `take(piece)` for each character of `text` in order until it returns false.
template<typename Take> void forEachPiece(QStringView text, Take take)
{
    for (qsizetype i = 0; i < text.size();) {
        const QChar c = text[i];
        char32_t code = c.unicode();
        qsizetype units = 1;
        if (c.isHighSurrogate() && i + 1 < text.size() && text[i + 1].isLowSurrogate()) {
            code = QChar::surrogateToUcs4(c, text[i + 1]);
            units = 2;
        }
        const QString escape = escapeFor(code);
        const Piece piece
            = escape.isEmpty() ? Piece { text.mid(i, units).toString(), 1 } : Piece { escape, escape.size() };
        i += units;
        if (!take(piece))
            return;
    }
}

QString joined(const QList<Piece>& pieces)
{
    QString text;
    for (const Piece& piece : pieces)
        text += piece.text;
    return text;
}

void appendCodePoint(QString& text, char32_t code)
{
    if (code > 0xFFFF) {
        text += QChar(QChar::highSurrogate(code));
        text += QChar(QChar::lowSurrogate(code));
    } else {
        text += QChar(char16_t(code));
    }
}
} // namespace

QString quotedInput(QStringView text, qsizetype maxLength)
{
    maxLength = std::max<qsizetype>(maxLength, 2);
    QList<Piece> pieces;
    qsizetype width = 0;
    bool cut = false;
    forEachPiece(text, [&](const Piece& piece) {
        if (width + piece.width > maxLength) {
            cut = true;
            return false;
        }
        pieces.append(piece);
        width += piece.width;
        return true;
    });
    if (!cut)
        return joined(pieces);
    // Room for the "…": an escape is dropped whole rather than split.
    while (!pieces.isEmpty() && width + 1 > maxLength) {
        width -= pieces.last().width;
        pieces.removeLast();
    }
    return joined(pieces) + ellipsis;
}

QString quotedInput(QByteArrayView bytes, qsizetype maxLength)
{
    maxLength = std::max<qsizetype>(maxLength, 2);
    // A character takes at most 4 bytes, so this prefix shows as more than maxLength characters whenever it is cut:
    // a file of any size costs no more than its quote.
    const qsizetype enough = 4 * (maxLength + 1);
    return quotedInput(decodeInput(bytes.size() > enough ? bytes.first(enough) : bytes), maxLength);
}

QString quotedPath(QStringView path, qsizetype maxLength)
{
    maxLength = std::max<qsizetype>(maxLength, 3);
    QList<Piece> pieces;
    qsizetype width = 0;
    forEachPiece(path, [&](const Piece& piece) {
        pieces.append(piece);
        width += piece.width;
        return true;
    });
    if (width <= maxLength)
        return joined(pieces);
    QString front;
    qsizetype frontWidth = 0;
    qsizetype first = 0;
    for (; frontWidth + pieces.at(first).width <= (maxLength - 1) / 2; ++first) {
        front += pieces.at(first).text;
        frontWidth += pieces.at(first).width;
    }
    QString back;
    qsizetype backWidth = 0;
    for (qsizetype last = pieces.size() - 1;
         last > first && frontWidth + backWidth + pieces.at(last).width + 1 <= maxLength; --last) {
        back.prepend(pieces.at(last).text);
        backWidth += pieces.at(last).width;
    }
    return front + ellipsis + back;
}

QString decodeInput(QByteArrayView bytes)
{
    QString text = QString::fromUtf8(bytes);
    if (!text.contains(QChar::ReplacementCharacter))
        return text; // valid UTF-8, the common case, read at Qt's speed
    text.clear();
    text.reserve(bytes.size());
    const auto* data = reinterpret_cast<const uchar*>(bytes.data());
    const qsizetype size = bytes.size();
    for (qsizetype i = 0; i < size;) {
        const uchar lead = data[i];
        if (lead < 0x80) {
            text += QChar(char16_t(lead));
            ++i;
            continue;
        }
        // RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF.
        int length = 0;
        char32_t code = 0;
        char32_t minimum = 0;
        if (lead >= 0xC2 && lead <= 0xDF) {
            length = 2;
            code = lead & 0x1F;
            minimum = 0x80;
        } else if (lead >= 0xE0 && lead <= 0xEF) {
            length = 3;
            code = lead & 0x0F;
            minimum = 0x800;
        } else if (lead >= 0xF0 && lead <= 0xF4) {
            length = 4;
            code = lead & 0x07;
            minimum = 0x10000;
        }
        bool valid = length > 0 && i + length <= size;
        for (int k = 1; valid && k < length; ++k) {
            valid = (data[i + k] & 0xC0) == 0x80;
            code = (code << 6) | (data[i + k] & 0x3F);
        }
        valid = valid && code >= minimum && code <= 0x10FFFF && (code < 0xD800 || code > 0xDFFF);
        if (!valid) {
            text += QChar(char16_t(0xDC00 + lead));
            ++i;
            continue;
        }
        appendCodePoint(text, code);
        i += length;
    }
    return text;
}

QString withoutByteEscapes(const QString& text)
{
    QString result = text;
    for (qsizetype i = 0; i < result.size(); ++i) {
        const char16_t c = result.at(i).unicode();
        if (QChar::isHighSurrogate(c) && i + 1 < result.size() && result.at(i + 1).isLowSurrogate()) {
            ++i; // a pair: a character beyond the BMP
            continue;
        }
        if (c >= firstByteEscape && c <= lastByteEscape)
            result[i] = QChar::ReplacementCharacter;
    }
    return result;
}

QString quotedParseError(const QCommandLineParser& parser)
{
    const QStringList unknown = parser.unknownOptionNames();
    // The other errors ("Missing value after '--tasks'.") name options the program declared; escaped all the same.
    if (unknown.isEmpty())
        return quotedInput(parser.errorText(), 2 * quotedInputLength);
    QStringList quoted;
    for (const QString& name : unknown)
        quoted.append(u'\'' + quotedInput(name) + u'\'');
    return (unknown.size() == 1 ? QStringLiteral("unknown option ") : QStringLiteral("unknown options "))
        + quoted.join(QStringLiteral(", "));
}

QString shellQuoted(const QString& text)
{
    static const QRegularExpression plain(QStringLiteral("^[A-Za-z0-9_./:=@%+,-]+$"));
    if (plain.match(text).hasMatch())
        return text;
    QString quoted = text;
    quoted.replace(u'\'', QStringLiteral("'\\''"));
    return u'\'' + quoted + u'\'';
}
