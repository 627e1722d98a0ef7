#pragma once

// Input quoted in a message is data, never terminal control: a CSV header, a JSON value, a journal line, a
// command-line argument or a file name may hold any bytes, and a message that reprinted them raw would let a file
// clear the user's screen, retitle the terminal, or cut the message at a NUL. Every message that quotes input goes
// through here.
//
// The quote is the input with these written as escapes, and cut to a readable length with "…":
//   NUL \0, tab \t, line feed \n, carriage return \r, other C0 controls and DEL \x1b, \x7f;
//   C1 controls \u0085; Unicode format characters (bidi overrides, zero-width characters) and the line and paragraph
//   separators \u202e, \u2028; a byte that is not UTF-8 \xff; a backslash \\ (so that an escape is never ambiguous).
// The result is what goes between the message's quotation marks; it contains no quotation marks of its own.

#include <QByteArrayView>
#include <QString>
#include <QStringView>

class QCommandLineParser;

// Characters of a quote, the "…" included: long enough to recognise a header or a value, short enough for one line.
constexpr qsizetype quotedInputLength = 60;
// File names are cut in the middle, so that both the start of the path and the file's own name show.
constexpr qsizetype quotedPathLength = 160;

QString quotedInput(QByteArrayView bytes, qsizetype maxLength = quotedInputLength);
QString quotedInput(QStringView text, qsizetype maxLength = quotedInputLength);
QString quotedPath(QStringView path, qsizetype maxLength = quotedPathLength);

// UTF-8 read as QString::fromUtf8() reads it, except that each byte that is not part of valid UTF-8 becomes the lone
// surrogate U+DC80..U+DCFF (Python's "surrogateescape"): quotedInput() shows it as that byte, \xff, rather than as
// "�", so a message can name the very byte. Text kept as data goes through withoutByteEscapes() first.
QString decodeInput(QByteArrayView bytes);
// `text` with the bytes decodeInput() kept replaced by U+FFFD, as QString::fromUtf8() would have read them.
QString withoutByteEscapes(const QString& text);

// QCommandLineParser's error after a failed parse(), its arguments quoted as above: Qt's own errorText() quotes an
// unknown option raw ("Unknown option '\e[2J'.").
QString quotedParseError(const QCommandLineParser& parser);

// `text` as one word for a POSIX shell: as it is when it holds only characters a shell leaves alone, else in single
// quotes (a quote inside written as '\''), so that a recorded command can be pasted into a terminal.
QString shellQuoted(const QString& text);
