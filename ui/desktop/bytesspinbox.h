#pragma once

#include <QDoubleSpinBox>

// A size in bytes as people write it: shows "256 KiB", "1 MiB", "3 GiB" (or "1000 B" for a size that is no whole
// number of KiB), takes "64k", "1.5 MiB", "4096" and the like, and steps by doubling and halving, as sizes are
// compared. A double spin box underneath, because sizes up to 4 GiB do not fit an int; whole bytes only.
class BytesSpinBox : public QDoubleSpinBox
{
    Q_OBJECT
public:
    explicit BytesSpinBox(QWidget* parent = nullptr);

    qint64 bytes() const { return qint64(value()); }
    void setBytes(qint64 bytes) { setValue(double(bytes)); }

    void stepBy(int steps) override;
    QString textFromValue(double value) const override;
    double valueFromText(const QString& text) const override;
    QValidator::State validate(QString& text, int& position) const override;
};
