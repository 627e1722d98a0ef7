#include "bytesspinbox.h"

#include <QRegularExpression>
#include <cmath>
#include <optional>

namespace {
// A number and an optional unit: "64k", "1.5 MiB", "4096", "4096 B". K, KB and KiB all mean 1024: nobody asking a
// file workload for "64 KB" means 64,000 bytes.
std::optional<double> parsedBytes(const QString& text)
{
    static const QRegularExpression size(QStringLiteral("^\\s*([0-9]+(?:[.,][0-9]+)?)\\s*(?:([kmg])(?:i?b)?|b)?\\s*$"),
        QRegularExpression::CaseInsensitiveOption);
    const QRegularExpressionMatch match = size.match(text);
    if (!match.hasMatch())
        return std::nullopt;
    bool ok = false;
    const double number = match.captured(1).replace(u',', u'.').toDouble(&ok);
    if (!ok)
        return std::nullopt;
    const QString unit = match.captured(2).toLower();
    const int power = unit == u"k" ? 1 : unit == u"m" ? 2 : unit == u"g" ? 3 : 0;
    return std::round(number * std::pow(1024.0, power));
}
} // namespace

BytesSpinBox::BytesSpinBox(QWidget* parent)
    : QDoubleSpinBox(parent)
{
    setDecimals(0);
    setAccelerated(true);
}

void BytesSpinBox::stepBy(int steps)
{
    setValue(std::round(value() * std::pow(2.0, steps)));
}

QString BytesSpinBox::textFromValue(double value) const
{
    const auto bytes = qint64(std::llround(value));
    const char* const units[] = { "GiB", "MiB", "KiB" };
    for (int i = 0; i < 3; ++i) {
        const qint64 unit = qint64(1) << (10 * (3 - i));
        if (bytes >= unit && bytes % unit == 0)
            return QStringLiteral("%1 %2").arg(bytes / unit).arg(QLatin1String(units[i]));
    }
    return QStringLiteral("%1 B").arg(bytes);
}

double BytesSpinBox::valueFromText(const QString& text) const
{
    return parsedBytes(text).value_or(value());
}

QValidator::State BytesSpinBox::validate(QString& text, int&) const
{
    if (const std::optional<double> bytes = parsedBytes(text))
        return *bytes >= minimum() && *bytes <= maximum() ? QValidator::Acceptable : QValidator::Intermediate;
    // On the way to a size: "1.", "1 M", "1 Mi".
    static const QRegularExpression partial(
        QStringLiteral("^\\s*[0-9]*(?:[.,][0-9]*)?\\s*[kmg]?i?b?\\s*$"), QRegularExpression::CaseInsensitiveOption);
    return partial.match(text).hasMatch() ? QValidator::Intermediate : QValidator::Invalid;
}
