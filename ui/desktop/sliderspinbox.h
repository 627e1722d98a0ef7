#pragma once

#include <QWidget>

class QLabel;
class QSlider;
class QSpinBox;

// A labelled slider with a spin box beside it, kept in sync. Wide ranges (task counts up to a million, threads up to
// the machine's ceiling) are useless on a linear slider, so the slider moves logarithmically when the range spans more
// than three decades; the spin box takes any exact value, even beyond the slider's end (the slider then rests there).
class SliderSpinBox : public QWidget
{
    Q_OBJECT
public:
    explicit SliderSpinBox(const QString& label, QWidget* parent = nullptr);

    // The spin box accepts [minimum, maximum]; the slider covers [minimum, sliderMaximum] (maximum if 0).
    void setRange(int minimum, int maximum, int sliderMaximum = 0);
    void setSuffix(const QString& suffix);
    // Shown instead of the minimum, e.g. "auto" for 0 threads.
    void setSpecialValueText(const QString& text);
    void setToolTip(const QString& text);
    // The label on the slider's row, left of it, `width` pixels wide, instead of on a row of its own above: a short
    // label ("From") saves the panel a row.
    void setLabelBeside(int width);

    int value() const;
    void setValue(int value);

    QSpinBox* spinBox() const { return m_spinBox; }
    QSlider* slider() const { return m_slider; }
    QLabel* label() const { return m_label; }

signals:
    void valueChanged(int value);

private:
    int sliderPosition(int value) const;
    int valueAtSliderPosition(int position) const;

    QLabel* m_label;
    QSlider* m_slider;
    QSpinBox* m_spinBox;
    int m_sliderMaximum = 0;
    bool m_logarithmic = false;
    bool m_syncing = false;
};
