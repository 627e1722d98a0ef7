#pragma once

#include "runtimechart.h"

#include <QImage>
#include <QSize>
#include <QString>

// Exports draw a fresh RuntimeChart from the same ChartInput at the size asked for, so a file never depends on the
// window's size, and the GUI, the clipboard and `conlab sweep --plot` share one drawing.

// The chart at `size` logical pixels times `devicePixelRatio`. Needs a QApplication (any platform, offscreen too).
QImage renderChart(const ChartInput& input, QSize size, qreal devicePixelRatio = 1.0);

// PNG or SVG by the path's extension (any case); anything else is an error. Atomic: on failure no partial file is
// left and an existing file keeps its content. The error names the path and the reason. devicePixelRatio applies to
// PNG; an SVG is drawn at `size` and scales by itself.
bool exportChart(const ChartInput& input, const QString& path, QSize size, qreal devicePixelRatio, QString* error);

// Whether exportChart() could write `path` now (a known extension, a writable place), found out without touching it:
// `conlab sweep --plot` checks before the first run rather than losing the chart at the end.
bool canExportChart(const QString& path, QString* error);

// The size exports use when none is asked for.
constexpr QSize defaultChartExportSize { 1200, 750 };
