#include "strategystyle.h"

QColor strategyColor(StrategyKind strategy)
{
    switch (strategy) {
    case StrategyKind::Sequential:
        return QColor(0x55, 0x55, 0x55); // grey: the baseline
    case StrategyKind::Processes:
        return QColor(0xE6, 0x9F, 0x00); // orange
    case StrategyKind::Threads:
        return QColor(0x00, 0x72, 0xB2); // blue
    case StrategyKind::Blended:
        return QColor(0x00, 0x9E, 0x73); // bluish green
    }
    return Qt::black;
}
