#pragma once

#include "exec/kinds.h"

#include <QColor>
#include <QString>

// One colour per strategy, the same in the chart, the tables and the check boxes: the Okabe-Ito palette, which stays
// distinguishable under the common colour-vision deficiencies and in greyscale print.
QColor strategyColor(StrategyKind strategy);
