#include "sliderspinbox.h"

#include <QGridLayout>
#include <QLabel>
#include <QSlider>
#include <QSpinBox>
#include <algorithm>
#include <cmath>

namespace {
constexpr int logSliderSteps = 1000;
}

SliderSpinBox::SliderSpinBox(const QString& label, QWidget* parent)
    : QWidget(parent)
    , m_label(new QLabel(label, this))
    , m_slider(new QSlider(Qt::Horizontal, this))
    , m_spinBox(new QSpinBox(this))
{
    auto* layout = new QGridLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_label, 0, 0, 1, 2);
    layout->addWidget(m_slider, 1, 0);
    layout->addWidget(m_spinBox, 1, 1);
    layout->setColumnStretch(0, 1);
    m_label->setBuddy(m_spinBox);
    m_spinBox->setAccelerated(true);
    m_spinBox->setKeyboardTracking(false);
    m_spinBox->setMinimumWidth(m_spinBox->fontMetrics().horizontalAdvance(QStringLiteral("1000000 ms")) + 24);

    connect(m_slider, &QSlider::valueChanged, this, [this](int position) {
        if (m_syncing)
            return;
        m_syncing = true;
        m_spinBox->setValue(valueAtSliderPosition(position));
        m_syncing = false;
        emit valueChanged(m_spinBox->value());
    });
    connect(m_spinBox, &QSpinBox::valueChanged, this, [this](int value) {
        if (m_syncing)
            return; // the slider moved it and tells
        m_syncing = true;
        m_slider->setValue(sliderPosition(value));
        m_syncing = false;
        emit valueChanged(value);
    });
}

void SliderSpinBox::setRange(int minimum, int maximum, int sliderMaximum)
{
    m_sliderMaximum = std::clamp(sliderMaximum > 0 ? sliderMaximum : maximum, minimum, maximum);
    const int current = m_spinBox->value();
    m_syncing = true;
    m_spinBox->setRange(minimum, maximum);
    m_logarithmic = m_sliderMaximum >= 1000 * std::max(1, minimum);
    if (m_logarithmic)
        m_slider->setRange(0, logSliderSteps);
    else
        m_slider->setRange(minimum, m_sliderMaximum);
    m_slider->setValue(sliderPosition(m_spinBox->value()));
    m_syncing = false;
    if (m_spinBox->value() != current)
        emit valueChanged(m_spinBox->value());
}

void SliderSpinBox::setLabelBeside(int width)
{
    auto* grid = static_cast<QGridLayout*>(layout());
    for (QWidget* widget : std::initializer_list<QWidget*> { m_label, m_slider, m_spinBox })
        grid->removeWidget(widget);
    grid->addWidget(m_label, 0, 0);
    grid->addWidget(m_slider, 0, 1);
    grid->addWidget(m_spinBox, 0, 2);
    grid->setColumnStretch(0, 0);
    grid->setColumnStretch(1, 1);
    m_label->setFixedWidth(std::max(width, m_label->sizeHint().width()));
}

void SliderSpinBox::setSuffix(const QString& suffix)
{
    m_spinBox->setSuffix(suffix);
}

void SliderSpinBox::setSpecialValueText(const QString& text)
{
    m_spinBox->setSpecialValueText(text);
}

void SliderSpinBox::setToolTip(const QString& text)
{
    m_label->setToolTip(text);
    m_slider->setToolTip(text);
    m_spinBox->setToolTip(text);
}

int SliderSpinBox::value() const
{
    return m_spinBox->value();
}

void SliderSpinBox::setValue(int value)
{
    m_spinBox->setValue(value);
}

int SliderSpinBox::sliderPosition(int value) const
{
    value = std::min(value, m_sliderMaximum);
    if (!m_logarithmic)
        return value;
    // Position 0 is the minimum (which may be 0, "auto"); the rest spans [max(1, minimum), sliderMaximum] in log scale.
    const int low = std::max(1, m_spinBox->minimum());
    if (value <= m_spinBox->minimum())
        return 0;
    const double fraction = std::log(double(std::max(value, low)) / low) / std::log(double(m_sliderMaximum) / low);
    return std::clamp(int(std::lround(fraction * (logSliderSteps - 1))) + 1, 1, logSliderSteps);
}

int SliderSpinBox::valueAtSliderPosition(int position) const
{
    if (!m_logarithmic)
        return position;
    if (position <= 0)
        return m_spinBox->minimum();
    const int low = std::max(1, m_spinBox->minimum());
    const double fraction = double(position - 1) / (logSliderSteps - 1);
    const double raw = low * std::pow(double(m_sliderMaximum) / low, fraction);
    // Round to two significant digits so dragging lands on values a person would type: 150, 2200, 47000.
    const double magnitude = std::pow(10.0, std::floor(std::log10(std::max(raw, 1.0))) - 1);
    const double rounded = magnitude >= 1 ? std::round(raw / magnitude) * magnitude : std::round(raw);
    return std::clamp(int(rounded), low, m_sliderMaximum);
}
