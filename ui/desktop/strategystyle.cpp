#include "strategystyle.h"

#include "strategies.h"

#include <algorithm>
#include <iterator>

namespace {
// One colour per style key of a strategy's description (strategies.h).
struct KeyColor
{
    QStringView key;
    QRgb rgb;
};
constexpr KeyColor keyColors[] = {
    { u"baseline", qRgb(0x55, 0x55, 0x55) }, // grey
    { u"process-pool", qRgb(0xE6, 0x9F, 0x00) }, // orange
    { u"thread-pool", qRgb(0x00, 0x72, 0xB2) }, // blue
    { u"process-thread-blend", qRgb(0x00, 0x9E, 0x73) }, // bluish green
    { u"event-loop", qRgb(0xCC, 0x79, 0xA7) }, // reddish purple
};
} // namespace

std::optional<QColor> styleKeyColor(QStringView key)
{
    for (const KeyColor& entry : keyColors) {
        if (entry.key == key)
            return QColor(entry.rgb);
    }
    return std::nullopt;
}

QColor strategyColor(StrategyKind strategy)
{
    return styleKeyColor(describeStrategy(strategy).styleKey).value_or(QColor(Qt::black));
}

SeriesStyle seriesStyle(const QList<StrategyAnalysis>& series, qsizetype index)
{
    SeriesStyle style;
    if (index < 0 || index >= series.size())
        return style;
    const StrategyKind strategy = series[index].strategy;
    style.runtime = series[index].settings.runtime;
    // As seriesNamesOfRuns() ranks a run's series: among the strategy's series of the same runtime.
    for (qsizetype i = 0; i < index; ++i)
        style.rank += series[i].strategy == strategy && series[i].settings.runtime == style.runtime;
    style.color = seriesColor(strategy, style.rank);
    return style;
}

QColor seriesColor(StrategyKind strategy, int rank)
{
    const QColor base = strategyColor(strategy);
    // 0: the strategy's colour; then darker, lighter, darker still, ...: neighbours in the legend differ most.
    const int step = (rank + 1) / 2;
    if (rank <= 0)
        return base;
    if (rank % 2 == 1)
        return base.darker(100 + 45 * step);
    return base.lighter(100 + 35 * step);
}

QColor breakdownPartColor(int part)
{
    static const QRgb colors[] = {
        qRgb(0x56, 0xB4, 0xE9), // start-up: sky blue
        qRgb(0xE6, 0x9F, 0x00), // dispatch: orange
        qRgb(0x00, 0x9E, 0x73), // work: bluish green
        qRgb(0xC8, 0xC8, 0xC8), // waiting: pale grey
        qRgb(0xCC, 0x79, 0xA7), // hand-back: reddish purple
    };
    return QColor(colors[std::clamp(part, 0, int(std::size(colors)) - 1)]);
}
