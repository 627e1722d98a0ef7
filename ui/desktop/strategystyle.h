#pragma once

#include "analysis.h"
#include "kinds.h"

#include <QColor>
#include <QList>
#include <QString>
#include <QStringView>
#include <optional>

// One colour per strategy, the same in the chart, the tables and the check boxes: the Okabe-Ito palette, which stays
// distinguishable under the common colour-vision deficiencies and in greyscale print. Chosen by the style key of the
// strategy's description; black for a key without a colour.
QColor strategyColor(StrategyKind strategy);
// The colour of a style key, if it has one.
std::optional<QColor> styleKeyColor(QStringView key);

// How one series of a report is drawn. The series of one strategy share its colour family, whatever their runtime:
// "threads" and "threads (python)" are both the strategy's colour, told apart by the runtime's line style (the chart
// draws python dashed, its points hollow). Within one runtime, the first series has the strategy's colour, the others
// alternate darker and lighter shades of it, and each has its own rank, which the chart turns into a marker shape and
// a dash pattern, so they are told apart in greyscale too.
struct SeriesStyle
{
    QColor color;
    RuntimeKind runtime = RuntimeKind::Native;
    int rank = 0; // 0 for the strategy's first series of its runtime in the report, 1 for its second, ...
};
// The colour of a strategy's series of the given rank.
QColor seriesColor(StrategyKind strategy, int rank);
SeriesStyle seriesStyle(const QList<StrategyAnalysis>& series, qsizetype index);

// The colour of each part of a run's split (timeline.h, breakdownParts()), in their order: start-up, dispatch, work,
// waiting for the slowest worker, hand-back. Work is green and waiting pale, so that a bar reads as useful against
// idle.
QColor breakdownPartColor(int part);
