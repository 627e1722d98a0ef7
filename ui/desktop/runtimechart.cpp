#include "runtimechart.h"

#include "analysisreport.h"
#include "strategystyle.h"
#include "wording.h"
#include "workloadoptions.h"

#include <QFontMetricsF>
#include <QGraphicsItem>
#include <QGraphicsLayout>
#include <QGraphicsSceneHoverEvent>
#include <QHash>
#include <QImage>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QLogValueAxis>
#include <QMouseEvent>
#include <QPaintEngine>
#include <QPainter>
#include <QPainterPath>
#include <QRegularExpression>
#include <QScatterSeries>
#include <QToolTip>
#include <QValueAxis>
#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <optional>
#include <tuple>
#include <vector>

namespace {
// Samples per drawn trendline: smooth at any export size, and cheap enough to redo after every run of a sweep.
constexpr int trendSamples = 160;

// The texts of a trendline. The legend shows them on separate lines, as many as fit: Qt Charts gives a legend on the
// side at most 40 % of the chart's width and cuts off what is longer.
struct TrendText
{
    QString name; // the strategy's
    QString r2;
    QString equation; // T against n, four significant digits
    QString shortEquation; // three
    QString article; // the article's form against x = n / 100, at its precision, to compare with its equations

    // "threads trend: T = 2.367×10⁻⁶ n² − 6.553×10⁻⁴ n + 2.484, R² = 0.836 (article form: y = …, x = n/100)"
    QString plain() const
    {
        return QStringLiteral("%1 trend: %2, R² = %3 (article form: %4, x = n/100)").arg(name, equation, r2, article);
    }

    // Detail 0: heading, equation, article form; 1: without the article form; 2: the shorter equation.
    QStringList lines(int detail) const
    {
        QStringList lines { QStringLiteral("%1 trend: R² = %2").arg(name, r2), detail < 2 ? equation : shortEquation };
        if (detail == 0 && !article.isEmpty())
            lines << QStringLiteral("x = n/100: ") + article;
        return lines;
    }
};

// On the normalised axis (`perTaskScale` = 1 / h, 0 off it) the equation is of the line drawn, T/h against n, and the
// article's form, which is in seconds, is left out.
TrendText trendText(const QString& name, const QuadraticFit& fit, double perTaskScale = 0)
{
    if (!fit.isValid())
        return {};
    if (perTaskScale > 0) {
        const double scale = perTaskScale;
        QuadraticFit drawn = fit;
        drawn.a *= scale;
        drawn.b *= scale;
        drawn.c *= scale;
        const auto perTask = [](QString equation) {
            if (equation.startsWith(u"T = "))
                equation.replace(0, 1, QStringLiteral("T/h"));
            return equation;
        };
        return { name, r2Text(fit.r2), perTask(trendlineText(drawn, CoefficientStyle::Typeset, 4)),
            perTask(trendlineText(drawn, CoefficientStyle::Typeset, 3)), {} };
    }
    return {
        name,
        r2Text(fit.r2),
        trendlineText(fit, CoefficientStyle::Typeset, 4),
        trendlineText(fit, CoefficientStyle::Typeset, 3),
        articleTrendlineText(fit),
    };
}

// `line` in lines no wider than `room`, broken before an equation's + or − so each term stays whole, else at spaces.
QStringList wrapToWidth(const QString& line, const QFontMetricsF& metrics, qreal room)
{
    if (room <= 0 || metrics.horizontalAdvance(line) <= room)
        return { line }; // fits, or the chart has no size yet
    static const QRegularExpression termBreak(QStringLiteral(" (?=[+−-] )"));
    QStringList units = line.split(termBreak);
    if (std::any_of(units.cbegin(), units.cend(),
            [&](const QString& unit) { return metrics.horizontalAdvance(unit) > room; })) {
        // At spaces, but never beside an "=": "R² = 0.995" stays whole.
        units.clear();
        const QStringList words = line.split(u' ');
        for (qsizetype i = 0; i < words.size(); ++i) {
            if (!units.isEmpty() && (words.at(i) == u"=" || units.constLast().endsWith(u'=')))
                units.last() += u' ' + words.at(i);
            else
                units.append(words.at(i));
        }
    }
    QStringList lines;
    QString current;
    for (const QString& unit : std::as_const(units)) {
        const QString candidate = current.isEmpty() ? unit : current + u' ' + unit;
        if (!current.isEmpty() && metrics.horizontalAdvance(candidate) > room) {
            lines << current;
            current = unit;
        } else {
            current = candidate;
        }
    }
    lines << current;
    return lines;
}

struct NiceScale
{
    double min = 0;
    double max = 1;
    double step = 0.2;
    int decimals = 1;
};

// A tick interval of 1, 2, 2.5 or 5 times a power of ten giving at most `maxIntervals` intervals over `span`.
// Whole numbers only when `integral` (task counts).
double niceStep(double span, int maxIntervals, bool integral)
{
    const double raw = span / maxIntervals;
    const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
    for (double factor : { 1.0, 2.0, 2.5, 5.0, 10.0 }) {
        const double step = factor * magnitude;
        if (integral && (step < 1 || std::floor(step) != step))
            continue;
        if (step >= raw * (1 - 1e-9))
            return step;
    }
    return integral ? std::max(1.0, 10 * magnitude) : 10 * magnitude;
}

// A range that starts and ends on ticks and holds [low, high]. A range that starts near zero is drawn from zero, so
// the reader sees times in proportion; one far from zero is not, so trendlines a few percent apart stay apart.
NiceScale niceScale(double low, double high, int maxIntervals, bool integral)
{
    if (!std::isfinite(low) || !std::isfinite(high) || high < low)
        return {};
    if (low >= 0 && low <= 0.25 * high)
        low = 0;
    if (high - low <= 0) {
        const double pad = integral ? std::max(1.0, std::abs(high) * 0.5) : std::max(1e-3, std::abs(high) * 0.5);
        low = std::max(0.0, low - pad);
        high += pad;
    }
    NiceScale scale;
    scale.step = niceStep(high - low, maxIntervals, integral);
    scale.min = std::floor(low / scale.step + 1e-9) * scale.step;
    scale.max = std::ceil(high / scale.step - 1e-9) * scale.step;
    // Enough decimals to tell adjacent ticks apart: 0.25 needs two, 0.5 one, 5 none.
    scale.decimals = 0;
    while (scale.decimals < 9) {
        const double scaled = scale.step * std::pow(10.0, scale.decimals);
        if (std::abs(scaled - std::round(scaled)) < 1e-6 * scaled)
            break;
        ++scale.decimals;
    }
    return scale;
}

struct LogScale
{
    int lowestDecade = 0;
    int highestDecade = 1;
    double min = 1;
    double max = 10;
};

// Whole decades around [low, high] (both > 0), each of them labelled. QLogValueAxis labels the powers from
// ceil(log(min) / log(base)) on, and that quotient is a hair above the whole number for some powers (log(0.001) /
// log(10) = -2.9999999999999996), which dropped the lowest label: the range reaches a hair beyond both powers.
LogScale logScale(double low, double high)
{
    if (!(low > 0) || !(high >= low))
        return {};
    LogScale scale;
    scale.lowestDecade = int(std::floor(std::log10(low) + 1e-9));
    scale.highestDecade = std::max(scale.lowestDecade + 1, int(std::ceil(std::log10(high) - 1e-9)));
    scale.min = std::pow(10.0, scale.lowestDecade) * (1 - 1e-9);
    scale.max = std::pow(10.0, scale.highestDecade) * (1 + 1e-9);
    return scale;
}

// One style for every label of both log axes: plain decimals (0.001, 0.01, 1, 10, 1000) as long as printf's %g
// writes them so, from 10⁻⁴ to 10¹¹; a chart that reaches beyond writes every label as a power of ten (1e-05, 1e+02)
// rather than mixing the two.
QString logLabelFormat(int lowestDecade, int highestDecade)
{
    return lowestDecade >= -4 && highestDecade <= 11 ? QStringLiteral("%.12g") : QStringLiteral("%.0e");
}

struct Extent
{
    double low = std::numeric_limits<double>::infinity();
    double high = -std::numeric_limits<double>::infinity();

    void add(double value)
    {
        if (!std::isfinite(value))
            return;
        low = std::min(low, value);
        high = std::max(high, value);
    }
    bool isEmpty() const { return low > high; }
};

QColor withAlpha(QColor color, int alpha)
{
    color.setAlpha(alpha);
    return color;
}

// Error bars and crossover labels: Qt Charts has neither, so they are painted over the plot, mapped from values to
// positions at paint time. Painting maps afresh, so a resize or a new range needs only an update().
class ChartAnnotations : public QGraphicsItem
{
public:
    struct ErrorBar
    {
        QPointF low;
        QPointF high;
        QColor color;
        qreal offset = 0; // pixels to the side, so bars of strategies at the same task count do not hide each other
    };

    struct Label
    {
        QPointF value;
        QString text;
    };

    // A crossover's 95 % interval: shaded from one task count to the other, the plot's full height.
    struct Band
    {
        double low = 0;
        double high = 0;
    };

    explicit ChartAnnotations(QChart* chart)
        : QGraphicsItem(chart)
        , m_chart(chart)
    {
        // Above the series, below the legend: Qt Charts puts its series at z 4 and its legend at 5.
        setZValue(4.5);
        setAcceptedMouseButtons(Qt::NoButton);
        setAcceptHoverEvents(false);
    }

    void setContent(
        QList<ErrorBar> bars, QList<Label> labels, QList<Band> bands, QString placeholder, QAbstractSeries* reference)
    {
        m_bars = std::move(bars);
        m_labels = std::move(labels);
        m_bands = std::move(bands);
        m_placeholder = std::move(placeholder);
        m_reference = reference;
        refresh();
    }

    void refresh()
    {
        prepareGeometryChange();
        update();
    }

    QRectF boundingRect() const override { return QRectF(QPointF(), m_chart->size()); }

    void paint(QPainter* painter, const QStyleOptionGraphicsItem*, QWidget*) override
    {
        const QRectF plot = m_chart->plotArea();
        if (plot.isEmpty() || !m_reference)
            return;
        painter->save();
        painter->setRenderHint(QPainter::Antialiasing);
        painter->setClipRect(plot.adjusted(-1, -1, 1, 1));
        for (const Band& band : m_bands) {
            // A y on the plot for the mapping; a log axis has no place for a task count of 0 or less.
            const double y = m_chart->mapToValue(plot.center(), m_reference).y();
            const double left = m_chart->mapToPosition(QPointF(std::max(band.low, 1e-9), y), m_reference).x();
            const double right = m_chart->mapToPosition(QPointF(band.high, y), m_reference).x();
            if (std::isfinite(left) && std::isfinite(right))
                painter->fillRect(QRectF(QPointF(left, plot.top()), QPointF(right, plot.bottom())).intersected(plot),
                    QColor(0x22, 0x22, 0x22, 26));
        }
        for (const ErrorBar& bar : m_bars) {
            const QPointF top = m_chart->mapToPosition(bar.high, m_reference) + QPointF(bar.offset, 0);
            const QPointF bottom = m_chart->mapToPosition(bar.low, m_reference) + QPointF(bar.offset, 0);
            painter->setPen(QPen(bar.color, 1.4));
            painter->drawLine(top, bottom);
            const QPointF cap(4, 0);
            painter->drawLine(top - cap, top + cap);
            painter->drawLine(bottom - cap, bottom + cap);
        }

        QFont font = m_chart->font();
        painter->setFont(font);
        const QFontMetricsF metrics(font);
        QList<QRectF> placed;
        for (const Label& label : m_labels) {
            const QPointF at = m_chart->mapToPosition(label.value, m_reference);
            const QSizeF textSize = metrics.size(Qt::TextSingleLine, label.text);
            QRectF box(QPointF(), textSize + QSizeF(12, 6));
            // Above and to the right of the marker; to the left near the right edge; higher up when another label
            // is in the way.
            box.moveBottomLeft(at + QPointF(8, -8));
            if (box.right() > plot.right() - 4)
                box.moveRight(at.x() - 8);
            if (box.left() < plot.left() + 4)
                box.moveLeft(std::min(plot.left() + 4, plot.right() - 4 - box.width()));
            if (box.top() < plot.top() + 4)
                box.moveTop(at.y() + 8);
            for (int tries = 0; tries < 8; ++tries) {
                const auto clash = std::find_if(
                    placed.cbegin(), placed.cend(), [&box](const QRectF& other) { return other.intersects(box); });
                if (clash == placed.cend())
                    break;
                box.moveBottom(clash->top() - 4);
            }
            placed.append(box);
            painter->setPen(QPen(QColor(0x33, 0x33, 0x33), 1));
            painter->setBrush(QColor(255, 255, 255, 230));
            painter->drawRoundedRect(box, 3, 3);
            painter->drawText(box, Qt::AlignCenter, label.text);
        }

        if (!m_placeholder.isEmpty()) {
            painter->setPen(QColor(0x80, 0x80, 0x80));
            QFont large = font;
            large.setPointSizeF(font.pointSizeF() * 1.3);
            painter->setFont(large);
            painter->drawText(plot, Qt::AlignCenter, m_placeholder);
        }
        painter->restore();
    }

private:
    QChart* m_chart;
    QAbstractSeries* m_reference = nullptr;
    QList<ErrorBar> m_bars;
    QList<Label> m_labels;
    QList<Band> m_bands;
    QString m_placeholder;
};

// The drawn series of one series of the analysis. Every strategy's first native series (rank 0) lives as long as the
// chart; further ones (a strategy measured with several settings, or in the python runtime) are made when a report
// needs them. All are refilled by every setInput().
struct StrategySeries
{
    StrategyKind strategy = StrategyKind::Threads;
    RuntimeKind runtime = RuntimeKind::Native;
    int rank = 0; // which of the strategy's series in its runtime: seriesStyle()
    int analysis = -1; // index into the report's series on show, -1 when it has none of this slot
    QLineSeries* mean = nullptr;
    QLineSeries* trend = nullptr;
    QLineSeries* prediction = nullptr;
    QLineSeries* ideal = nullptr;
    QList<QPointF> runPoints; // the faint points RunPointsItem draws
    QList<qsizetype> runIndex; // index into ChartInput::runs, parallel to runPoints
    QString meanName; // the legend's names before wrapping
    QString idealName;
};

// The drawn series of one series of an overlaid set (ChartInput::overlays): its means and its trendline.
struct LayerSeries
{
    int layer = 0; // index into ChartInput::overlays
    StrategyKind strategy = StrategyKind::Threads;
    RuntimeKind runtime = RuntimeKind::Native;
    int rank = 0;
    int analysis = 0; // index into the layer's report's series
    QLineSeries* mean = nullptr;
    QLineSeries* trend = nullptr;
    QString meanName {};

    bool sameSlot(const LayerSeries& other) const
    {
        return std::tuple(layer, strategy, runtime, rank)
            == std::tuple(other.layer, other.strategy, other.runtime, other.rank);
    }
};

// A strategy's native and python series are read side by side, so they share its colour and differ in style: python's
// lines are dashed and its points hollow.
bool drawnHollow(RuntimeKind runtime)
{
    return runtime == RuntimeKind::Python;
}

// A mean line's marker as an image 32 pixels wide, white inside an outline of `penWidth` in `color`, drawn by `draw`
// at 4x so that it stays sharp where it is scaled down.
template<typename Draw> QImage outlinedMarker(const QColor& color, qreal penWidth, Draw draw)
{
    constexpr int size = 32;
    QImage image(size, size, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::transparent);
    QPainter painter(&image);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(QPen(color, penWidth));
    painter.setBrush(Qt::white);
    draw(painter, QRectF(0, 0, size, size));
    return image;
}

// A hollow circle for the python mean line's points.
QImage hollowMarker(const QColor& color)
{
    return outlinedMarker(
        color, 6, [](QPainter& painter, const QRectF& area) { painter.drawEllipse(area.adjusted(3, 3, -3, -3)); });
}

// The marker of an overlaid set's means, one shape per set (a square, a triangle, a diamond), hollow so that the
// runs' own filled markers stay the eye's first stop.
QImage layerMarker(const QColor& color, int layer)
{
    return outlinedMarker(color, 5, [layer](QPainter& painter, const QRectF& area) {
        const QRectF box = area.adjusted(4, 4, -4, -4);
        switch (layer % 3) {
        case 0:
            painter.drawRect(box);
            break;
        case 1:
            painter.drawPolygon(
                QPolygonF { QPointF(box.center().x(), box.top()), box.bottomRight(), box.bottomLeft() });
            break;
        default:
            painter.drawPolygon(
                QPolygonF { QPointF(box.center().x(), box.top() - 2), QPointF(box.right() + 2, box.center().y()),
                    QPointF(box.center().x(), box.bottom() + 2), QPointF(box.left() - 2, box.center().y()) });
            break;
        }
    });
}

// The marker of a faint run point: Qt Charts' scatter shapes, 6 pixels wide, one per rank of a strategy's series.
QPainterPath runMarker(int rank)
{
    constexpr qreal radius = 3;
    QPainterPath path;
    const auto polygon = [&path](int corners, qreal outer, qreal inner) {
        QPolygonF polygon;
        const int vertices = inner > 0 ? 2 * corners : corners;
        for (int i = 0; i < vertices; ++i) {
            const qreal r = inner > 0 && i % 2 ? inner : outer;
            const qreal angle = -std::numbers::pi / 2 + 2 * std::numbers::pi * i / vertices;
            polygon << QPointF(r * std::cos(angle), r * std::sin(angle));
        }
        path.addPolygon(polygon);
        path.closeSubpath();
    };
    switch (rank % 5) {
    case 0:
        path.addEllipse(QPointF(), radius, radius);
        break;
    case 1:
        path.addRect(-radius, -radius, 2 * radius, 2 * radius);
        break;
    case 2:
        polygon(3, radius * 1.2, 0);
        break;
    case 3:
        polygon(5, radius * 1.2, radius * 0.5);
        break;
    default:
        polygon(5, radius * 1.1, 0);
        break;
    }
    return path;
}

// From a value on an axis to a fraction of the plot: linear or by decades, as the axis is.
struct AxisMap
{
    double low = 0;
    double high = 1;
    bool log = false;

    explicit AxisMap(const QAbstractAxis* axis)
    {
        if (const auto* value = qobject_cast<const QValueAxis*>(axis)) {
            low = value->min();
            high = value->max();
        } else if (const auto* logAxis = qobject_cast<const QLogValueAxis*>(axis)) {
            log = true;
            low = std::log10(logAxis->min());
            high = std::log10(logAxis->max());
        }
    }
    double fraction(double value) const { return ((log ? std::log10(value) : value) - low) / (high - low); }
    bool operator==(const AxisMap&) const = default;
};

// Every series' faint run points through one graphics item, however many runs there are: Qt Charts' scatter series
// make a graphics item per point, which froze the window for seconds at 100,000 runs. Points that fall on the same
// device pixel are drawn once per series. Up to vectorMarkers markers are painted as shapes (an SVG export keeps them
// vector); more go through an image cached until the data, the plot's size or the axes change.
class RunPointsItem : public QGraphicsItem
{
public:
    static constexpr qsizetype vectorMarkers = 20000;

    struct Marker
    {
        QPointF position; // in the chart's coordinates
        qsizetype series = 0; // index into the chart's series
        qsizetype point = 0; // index into the series' runPoints
    };

    RunPointsItem(RuntimeChart* chart, const QList<StrategySeries>* series)
        : QGraphicsItem(chart)
        , m_chart(chart)
        , m_series(series)
    {
        // Above the grid, below the means and trendlines: Qt Charts puts its series at z 4.
        setZValue(3.5);
        setAcceptedMouseButtons(Qt::NoButton);
        setAcceptHoverEvents(true);
    }

    // The runs changed: every marker is placed again at the next paint.
    void dataChanged()
    {
        ++m_generation;
        hover(nullptr);
        refresh();
    }

    void refresh()
    {
        prepareGeometryChange();
        update();
    }

    QRectF boundingRect() const override { return m_chart->plotArea(); }

    // The markers as the item draws them at the chart's current size: one per series and device pixel.
    const QList<Marker>& markers(qreal devicePixelRatio = 1)
    {
        const QRectF plot = m_chart->plotArea();
        const Layout layout { plot, AxisMap(m_chart->axes(Qt::Horizontal).value(0)),
            AxisMap(m_chart->axes(Qt::Vertical).value(0)), devicePixelRatio, m_generation };
        if (m_layout && *m_layout == layout)
            return m_markers;
        m_layout = layout;
        m_markers.clear();
        m_image = QImage();
        const int width = int(std::ceil(plot.width() * devicePixelRatio)) + 1;
        const int height = int(std::ceil(plot.height() * devicePixelRatio)) + 1;
        if (plot.isEmpty() || layout.x.high <= layout.x.low || layout.y.high <= layout.y.low)
            return m_markers;
        std::vector<int> drawnBy(size_t(width) * size_t(height), -1); // the last series with a marker on the pixel
        for (qsizetype s = 0; s < m_series->size(); ++s) {
            const QList<QPointF>& points = m_series->at(s).runPoints;
            for (qsizetype i = 0; i < points.size(); ++i) {
                const double fx = layout.x.fraction(points[i].x());
                const double fy = layout.y.fraction(points[i].y());
                if (!(fx >= 0 && fx <= 1 && fy >= 0 && fy <= 1))
                    continue;
                const QPointF position(plot.left() + fx * plot.width(), plot.bottom() - fy * plot.height());
                const auto column = qsizetype((position.x() - plot.left()) * devicePixelRatio);
                const auto row = qsizetype((position.y() - plot.top()) * devicePixelRatio);
                int& pixel = drawnBy[size_t(
                    std::clamp<qsizetype>(row, 0, height - 1) * width + std::clamp<qsizetype>(column, 0, width - 1))];
                if (pixel == int(s))
                    continue;
                pixel = int(s);
                m_markers.append({ position, s, i });
            }
        }
        return m_markers;
    }

    void paint(QPainter* painter, const QStyleOptionGraphicsItem*, QWidget*) override
    {
        const bool svg = painter->paintEngine() && painter->paintEngine()->type() == QPaintEngine::SVG;
        const qreal ratio = svg ? 1 : std::max<qreal>(1, painter->device()->devicePixelRatioF());
        const QList<Marker>& drawn = markers(ratio);
        if (drawn.isEmpty())
            return;
        const QRectF plot = m_chart->plotArea();
        if (drawn.size() <= vectorMarkers) {
            painter->save();
            painter->setClipRect(plot.adjusted(-4, -4, 4, 4));
            drawMarkers(painter, drawn, QPointF());
            painter->restore();
            return;
        }
        if (m_image.isNull()) {
            // With a margin for the markers at the plot's edges.
            const QRectF area = plot.adjusted(-4, -4, 4, 4);
            m_image = QImage((area.size() * ratio).toSize(), QImage::Format_ARGB32_Premultiplied);
            m_image.setDevicePixelRatio(ratio);
            m_image.fill(Qt::transparent);
            QPainter imagePainter(&m_image);
            drawMarkers(&imagePainter, drawn, -area.topLeft());
            m_imageOrigin = area.topLeft();
        }
        painter->drawImage(m_imageOrigin, m_image);
    }

protected:
    void hoverMoveEvent(QGraphicsSceneHoverEvent* event) override
    {
        // The nearest marker within its own size, as a scatter series reports the point under the mouse.
        const Marker* nearest = nullptr;
        qreal best = 4.5 * 4.5;
        for (const Marker& marker : markers()) {
            const QPointF delta = marker.position - event->pos();
            const qreal distance = QPointF::dotProduct(delta, delta);
            if (distance <= best) {
                best = distance;
                nearest = &marker;
            }
        }
        hover(nearest);
    }

    void hoverLeaveEvent(QGraphicsSceneHoverEvent*) override { hover(nullptr); }

private:
    struct Layout
    {
        QRectF plot;
        AxisMap x;
        AxisMap y;
        qreal ratio = 1;
        quint64 generation = 0;
        bool operator==(const Layout&) const = default;
    };

    void drawMarkers(QPainter* painter, const QList<Marker>& drawn, QPointF offset) const
    {
        painter->setRenderHint(QPainter::Antialiasing);
        qsizetype current = -1;
        QPainterPath shape;
        for (const Marker& marker : drawn) {
            if (marker.series != current) {
                current = marker.series;
                const StrategySeries& s = m_series->at(current);
                const QColor color = seriesColor(s.strategy, s.rank);
                if (drawnHollow(s.runtime)) {
                    // An outline needs more colour than a filled shape to be seen as faintly.
                    painter->setPen(QPen(withAlpha(color, 150), 1.1));
                    painter->setBrush(Qt::NoBrush);
                } else {
                    painter->setPen(Qt::NoPen);
                    painter->setBrush(withAlpha(color, 80));
                }
                shape = runMarker(s.rank);
            }
            painter->drawPath(shape.translated(marker.position + offset));
        }
    }

    void hover(const Marker* marker)
    {
        const std::optional<std::pair<StrategyKind, QPointF>> now = marker
            ? std::optional(std::pair(
                m_series->at(marker->series).strategy, m_series->at(marker->series).runPoints.at(marker->point)))
            : std::nullopt;
        if (now == m_hovered)
            return;
        if (m_hovered)
            emit m_chart->runHovered(m_hovered->first, m_hovered->second, false);
        m_hovered = now;
        if (m_hovered)
            emit m_chart->runHovered(m_hovered->first, m_hovered->second, true);
    }

    RuntimeChart* m_chart;
    const QList<StrategySeries>* m_series;
    quint64 m_generation = 0;
    std::optional<Layout> m_layout;
    QList<Marker> m_markers;
    QImage m_image;
    QPointF m_imageOrigin;
    std::optional<std::pair<StrategyKind, QPointF>> m_hovered;
};
} // namespace

struct RuntimeChart::Private
{
    QChart* chart = nullptr;
    QList<StrategySeries> strategies; // allStrategies() order, then by runtime (native first), then by rank
    QList<LayerSeries> layers; // the overlaid sets' series, by set and then in their reports' order
    RuntimeChart* owner = nullptr;
    QScatterSeries* crossovers = nullptr;
    QAbstractAxis* xAxis = nullptr;
    QAbstractAxis* yAxis = nullptr;
    bool xLog = false;
    bool yLog = false;
    ChartAnnotations* annotations = nullptr;
    RunPointsItem* runPoints = nullptr;
    QList<QMetaObject::Connection> connections; // every connection to a slot that uses this, cut before it goes

    StrategySeries* find(StrategyKind strategy, RuntimeKind runtime = RuntimeKind::Native, int rank = 0)
    {
        for (StrategySeries& series : strategies) {
            if (series.strategy == strategy && series.runtime == runtime && series.rank == rank)
                return &series;
        }
        return nullptr;
    }

    void createSlot(StrategyKind strategy, RuntimeKind runtime, int rank);
    void ensureSlots(const ChartInput& input);
    void ensureLayerSlots(const ChartInput& input);
    void restack();
    QList<QAbstractSeries*> allSeries() const;

    void setAxes(bool logTasks, bool logSeconds);
    void replaceAxis(QAbstractAxis*& axis, bool log, Qt::Alignment alignment, const QString& title);
    void updateLegendNames(const AnalysisReport& report);
    void updateTitle(const QString& title);
    void setRange(QAbstractAxis* axis, bool log, double low, double high, bool integral, int maxIntervals);
    void applyRanges();
    QRectF ranges; // the data's extent to show: x from left() to right(), y from top() to bottom()
    bool applyingRanges = false;
    void setLogLabelFormat();
    double perTaskScale = 0; // 1 / h on the normalised axis, which the times drawn are multiplied by; 0 off it
};

QList<QAbstractSeries*> RuntimeChart::Private::allSeries() const
{
    QList<QAbstractSeries*> list;
    for (const StrategySeries& s : strategies)
        list << s.mean << s.trend << s.prediction << s.ideal;
    for (const LayerSeries& s : layers)
        list << s.mean << s.trend;
    list << crossovers;
    return list;
}

namespace {

// Always set: isVisible() is false for every marker while the legend waits for its first layout, and a marker left
// alone then would show up afterwards. The wish is kept on the marker too, for legendEntries(): what isVisible()
// says depends on whether the legend has been laid out yet.
constexpr char markerShownProperty[] = "conlabShown";

void setMarkerVisible(QLegend* legend, QAbstractSeries* series, bool visible)
{
    for (QLegendMarker* marker : legend->markers(series)) {
        marker->setVisible(visible);
        marker->setProperty(markerShownProperty, visible);
    }
}

// Points of a trendline from `from` to `to`, evenly spaced on the axis it is drawn on.
QList<QPointF> sampleFit(const QuadraticFit& fit, double from, double to, bool logTasks, bool logSeconds)
{
    QList<QPointF> points;
    if (!fit.isValid() || !(to > from) || (logTasks && !(from > 0)))
        return points;
    points.reserve(trendSamples + 1);
    for (int i = 0; i <= trendSamples; ++i) {
        const double t = double(i) / trendSamples;
        const double n = logTasks ? from * std::pow(to / from, t) : from + (to - from) * t;
        const double seconds = fit.valueAt(n);
        if (!std::isfinite(seconds) || (logSeconds && seconds <= 0))
            continue;
        points.append(QPointF(n, seconds));
    }
    return points;
}

bool plottable(const QPointF& point, bool logTasks, bool logSeconds)
{
    return std::isfinite(point.x()) && std::isfinite(point.y()) && (!logTasks || point.x() > 0)
        && (!logSeconds || point.y() > 0);
}

// What a run held at its peak: the tool's process and its workers, in MiB; NaN when the run did not measure it. A
// run that measured the tool but not its workers (-1) counts the tool alone.
double memoryMiB(const RunResources& resources)
{
    if (resources.peakRssKiB < 0)
        return std::numeric_limits<double>::quiet_NaN();
    return double(resources.peakRssKiB + std::max<qint64>(0, resources.workersPeakRssKiB)) / 1024;
}

double memoryMiB(const TaskCountPoint& point)
{
    return (point.peakRssKiB + (std::isfinite(point.workersPeakRssKiB) ? point.workersPeakRssKiB : 0)) / 1024;
}

// "20 ms", "2 s", "2.5 s": a task duration as the axis names it.
QString durationText(double seconds)
{
    return seconds < 1 ? QStringLiteral("%1 ms").arg(seconds * 1000, 0, 'g', 4)
                       : QStringLiteral("%1 s").arg(seconds, 0, 'g', 4);
}

// What the y axis measures, said on it: the task durations it divides by, each set's where they differ.
QString axisTitle(const ChartInput& input)
{
    if (input.options.measure == ChartMeasure::Memory)
        return QStringLiteral("Peak memory, tool + workers (MiB)");
    if (!input.normalisedAxis()) {
        return input.options.normalised && !input.report.strategies.isEmpty()
            ? QStringLiteral("Runtime (s): these tasks have no set duration to divide by")
            : QStringLiteral("Runtime (s)");
    }
    const double unit = reportTaskSeconds(input.report);
    QString durations = QStringLiteral("h = ") + durationText(unit);
    for (const ChartLayer& layer : input.overlays) {
        const double h = reportTaskSeconds(layer.report);
        if (h <= 0)
            durations += QStringLiteral("; %1: no set duration, not drawn").arg(layer.name);
        else if (std::abs(h - unit) > 1e-9 * unit)
            durations += QStringLiteral("; %1: %2").arg(layer.name, durationText(h));
    }
    return QStringLiteral("Runtime ÷ task duration (%1)").arg(durations);
}
} // namespace

bool ChartInput::durationsDiffer() const
{
    const double unit = reportTaskSeconds(report);
    // A set without a duration (file or command tasks, a file that did not say) cannot be divided: it does not
    // force the division on the others.
    return std::any_of(overlays.cbegin(), overlays.cend(), [unit](const ChartLayer& layer) {
        const double h = reportTaskSeconds(layer.report);
        return h > 0 && std::abs(h - unit) > 1e-9 * std::max(unit, 1e-3);
    });
}

bool ChartInput::normalisedAxis() const
{
    return options.measure == ChartMeasure::Runtime && (options.normalised || durationsDiffer())
        && reportTaskSeconds(report) > 0;
}

RuntimeChart::RuntimeChart(QGraphicsItem* parent)
    : RuntimeChart(ChartInput {}, parent)
{ }

RuntimeChart::RuntimeChart(const ChartInput& input, QGraphicsItem* parent)
    : QChart(parent)
    , d(new Private)
{
    d->chart = this;
    setBackgroundRoundness(0);
    setMargins(QMargins(8, 8, 8, 8));
    QFont titleFont = font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.35);
    titleFont.setBold(true);
    setTitleFont(titleFont);

    d->owner = this;
    d->crossovers = new QScatterSeries(this);
    d->crossovers->setName(QStringLiteral("crossover"));
    d->crossovers->setMarkerShape(QScatterSeries::MarkerShapeRotatedRectangle);
    d->crossovers->setMarkerSize(13);
    d->crossovers->setColor(QColor(0x22, 0x22, 0x22));
    d->crossovers->setBorderColor(Qt::white);
    for (StrategyKind kind : allStrategies())
        d->createSlot(kind, RuntimeKind::Native, 0);
    d->restack();

    legend()->setAlignment(Qt::AlignRight);
    legend()->setMarkerShape(QLegend::MarkerShapeFromSeries);
    legend()->setShowToolTips(true);

    d->annotations = new ChartAnnotations(this);
    d->runPoints = new RunPointsItem(this, &d->strategies);
    d->connections << connect(this, &QChart::plotAreaChanged, this, [this] {
        d->applyRanges(); // as many ticks as the new size has room for
        d->annotations->refresh();
        d->runPoints->refresh();
    });
    d->connections << connect(this, &QGraphicsWidget::geometryChanged, this, [this] {
        d->updateTitle(m_input.title);
        d->updateLegendNames(m_input.report);
    });

    setInput(input);
}

RuntimeChart::~RuntimeChart()
{
    // QChart's destructor, which runs after this one, takes the series and axes down and may signal on the way; none
    // of that may reach the slots here once d is gone.
    for (const QMetaObject::Connection& connection : std::as_const(d->connections))
        disconnect(connection);
    delete d->runPoints; // it reads d's series
    delete d;
}

// The drawn series of one series of the analysis, in its strategy's colour family: a shade per rank, and a marker
// shape and dash pattern per rank, so that series of one strategy are told apart in greyscale too. The runtime has a
// style of its own: native means are solid and their trendlines dashed; python means are dashed with hollow markers
// and their trendlines dash-dotted, so that "threads" and "threads (python)" share a colour and nothing else.
void RuntimeChart::Private::createSlot(StrategyKind strategy, RuntimeKind runtime, int rank)
{
    static const QList<qreal> nativeTrendDashes[] = { { 3, 2 }, { 7, 2 }, { 1, 1.5 }, { 7, 2, 1, 2 }, { 4, 4 } };
    // Dash-dot, in periods short enough for the legend's sample of the line to show a dot.
    static const QList<qreal> pythonTrendDashes[] = { { 3, 1.5, 0.8, 1.5 }, { 5, 1.5, 0.8, 1.5, 0.8, 1.5 },
        { 1.5, 1.5, 0.8, 1.5 }, { 3, 1.5, 3, 1.5, 0.8, 1.5 }, { 5, 2.5, 0.8, 2.5 } };
    constexpr int styles = 5;
    const bool hollow = drawnHollow(runtime);

    StrategySeries s;
    s.strategy = strategy;
    s.runtime = runtime;
    s.rank = rank;
    const QColor color = seriesColor(strategy, rank);
    const QString name = withRuntime(strategyName(strategy), runtime);
    s.ideal = new QLineSeries(chart);
    s.idealName = name + QStringLiteral(" ideal bound");
    s.ideal->setName(s.idealName);
    QPen idealPen(withAlpha(color, 150), 1.2, hollow ? Qt::CustomDashLine : Qt::SolidLine);
    if (hollow)
        idealPen.setDashPattern({ 4, 3 });
    s.ideal->setPen(idealPen);

    s.mean = new QLineSeries(chart);
    QPen meanPen(color, 2.4, hollow ? Qt::CustomDashLine : Qt::SolidLine);
    if (hollow) {
        // Longer and wider than any trendline's dashes: a mean line stays a mean line.
        meanPen.setDashPattern({ 5, 2.5 });
    }
    s.mean->setPen(meanPen);
    s.mean->setPointsVisible(true);
    if (hollow) {
        s.mean->setLightMarker(hollowMarker(color));
        s.mean->setMarkerSize(8);
    } else {
        s.mean->setMarkerSize(4.5);
    }

    s.trend = new QLineSeries(chart);
    s.trend->setName(name + QStringLiteral(" trend"));
    // Short dashes, so the legend's sample of the line shows them too.
    QPen dashed(color, 2, Qt::CustomDashLine);
    dashed.setDashPattern(hollow ? pythonTrendDashes[rank % styles] : nativeTrendDashes[rank % styles]);
    s.trend->setPen(dashed);

    s.prediction = new QLineSeries(chart);
    s.prediction->setName(name + QStringLiteral(" prediction"));
    QPen dotted(color, 2, Qt::CustomDashLine);
    dotted.setDashPattern(hollow ? QList<qreal> { 0.5, 4 } : QList<qreal> { 0.5, 2.5 });
    dotted.setCapStyle(Qt::RoundCap);
    s.prediction->setPen(dotted);

    strategies.append(s);
}

// One slot per series of the report (the native rank 0 of every strategy is always there; without a report, the
// first series of each runtime the runs were measured in); a change of slots restacks them.
void RuntimeChart::Private::ensureSlots(const ChartInput& input)
{
    const AnalysisReport& report = input.report;
    QHash<std::pair<int, int>, int> needed; // (strategy, runtime) -> ranks
    for (qsizetype i = 0; i < report.strategies.size(); ++i) {
        const SeriesStyle style = seriesStyle(report.strategies, i);
        needed[{ int(report.strategies[i].strategy), int(style.runtime) }] = style.rank + 1;
    }
    if (report.strategies.isEmpty()) {
        for (const RunResult& run : input.runs) {
            int& ranks = needed[{ int(run.spec.strategy), int(run.spec.runtime) }];
            ranks = std::max(ranks, 1);
        }
    }
    const auto ranksOf = [&needed](StrategyKind strategy, RuntimeKind runtime) {
        return needed.value({ int(strategy), int(runtime) });
    };
    bool changed = false;
    for (qsizetype i = strategies.size() - 1; i >= 0; --i) {
        const StrategySeries& s = strategies[i];
        const bool permanent = s.runtime == RuntimeKind::Native && s.rank == 0;
        if (!permanent && s.rank >= ranksOf(s.strategy, s.runtime)) {
            for (QAbstractSeries* series :
                { static_cast<QAbstractSeries*>(s.mean), static_cast<QAbstractSeries*>(s.trend),
                    static_cast<QAbstractSeries*>(s.prediction), static_cast<QAbstractSeries*>(s.ideal) }) {
                chart->removeSeries(series);
                delete series;
            }
            strategies.removeAt(i);
            changed = true;
        }
    }
    for (StrategyKind kind : allStrategies()) {
        for (RuntimeKind runtime : allRuntimes()) {
            for (int rank = 0; rank < ranksOf(kind, runtime); ++rank) {
                if (!find(kind, runtime, rank)) {
                    createSlot(kind, runtime, rank);
                    changed = true;
                }
            }
        }
    }
    if (!changed)
        return;
    std::stable_sort(strategies.begin(), strategies.end(), [](const StrategySeries& a, const StrategySeries& b) {
        const QList<StrategyKind> order = allStrategies();
        return std::tuple(order.indexOf(a.strategy), int(a.runtime), a.rank)
            < std::tuple(order.indexOf(b.strategy), int(b.runtime), b.rank);
    });
    restack();
}

// One pair of series (means, trendline) per series of each overlaid set's report; made anew only when the sets or
// their series change, so a sweep's redraws keep them.
void RuntimeChart::Private::ensureLayerSlots(const ChartInput& input)
{
    QList<LayerSeries> wanted;
    for (qsizetype l = 0; l < input.overlays.size(); ++l) {
        const QList<StrategyAnalysis>& series = input.overlays[l].report.strategies;
        for (qsizetype i = 0; i < series.size(); ++i) {
            const SeriesStyle style = seriesStyle(series, i);
            wanted.append({ int(l), series[i].strategy, style.runtime, style.rank, int(i) });
        }
    }
    const bool same = wanted.size() == layers.size()
        && std::equal(wanted.cbegin(), wanted.cend(), layers.cbegin(),
            [](const LayerSeries& a, const LayerSeries& b) { return a.sameSlot(b); });
    if (same) {
        for (qsizetype i = 0; i < layers.size(); ++i)
            layers[i].analysis = wanted[i].analysis;
        return;
    }
    for (const LayerSeries& s : std::as_const(layers)) {
        for (QLineSeries* series : { s.mean, s.trend }) {
            chart->removeSeries(series);
            delete series;
        }
    }
    layers.clear();
    for (LayerSeries s : std::as_const(wanted)) {
        const QColor color = seriesColor(s.strategy, s.rank);
        const bool dashed = drawnHollow(s.runtime); // python's means are dashed here too
        s.mean = new QLineSeries(chart);
        QPen meanPen(withAlpha(color, 200), 1.6, dashed ? Qt::CustomDashLine : Qt::SolidLine);
        if (dashed)
            meanPen.setDashPattern({ 5, 2.5 });
        s.mean->setPen(meanPen);
        s.mean->setPointsVisible(true);
        s.mean->setLightMarker(layerMarker(color, s.layer));
        s.mean->setMarkerSize(8);
        s.trend = new QLineSeries(chart);
        QPen trendPen(withAlpha(color, 150), 1.3, Qt::CustomDashLine);
        trendPen.setDashPattern({ 2, 3 });
        s.trend->setPen(trendPen);
        layers.append(s);
    }
    restack();
}

// Series stack in the order they are added (the faint points lie below them all, in RunPointsItem): per series, which
// is the legend's order, then the overlaid sets' series; the crossovers on top.
void RuntimeChart::Private::restack()
{
    const QList<QAbstractSeries*> series = allSeries();
    for (QAbstractSeries* s : series) {
        if (s->chart())
            chart->removeSeries(s);
    }
    for (const StrategySeries& s : std::as_const(strategies)) {
        chart->addSeries(s.ideal);
        chart->addSeries(s.mean);
        chart->addSeries(s.trend);
        chart->addSeries(s.prediction);
    }
    for (const LayerSeries& s : std::as_const(layers)) {
        chart->addSeries(s.mean);
        chart->addSeries(s.trend);
    }
    chart->addSeries(crossovers);
    for (QAbstractSeries* s : series) {
        if (xAxis)
            s->attachAxis(xAxis);
        if (yAxis)
            s->attachAxis(yAxis);
    }
}

// Log and linear axes are different classes: a switch replaces the axis, and the old one is deleted, not leaked.
void RuntimeChart::Private::setAxes(bool logTasks, bool logSeconds)
{
    if (xAxis && xLog == logTasks && yAxis && yLog == logSeconds)
        return;
    if (!xAxis || xLog != logTasks)
        replaceAxis(xAxis, logTasks, Qt::AlignBottom, QStringLiteral("Task count n"));
    if (!yAxis || yLog != logSeconds)
        replaceAxis(yAxis, logSeconds, Qt::AlignLeft, QStringLiteral("Runtime (s)"));
    xLog = logTasks;
    yLog = logSeconds;
}

void RuntimeChart::Private::replaceAxis(QAbstractAxis*& axis, bool log, Qt::Alignment alignment, const QString& title)
{
    const QList<QAbstractSeries*> series = allSeries();
    if (axis) {
        for (QAbstractSeries* s : series)
            s->detachAxis(axis);
        chart->removeAxis(axis);
        delete axis;
    }
    if (log) {
        auto* logAxis = new QLogValueAxis;
        logAxis->setLabelFormat(logLabelFormat(0, 1));
        connections << QObject::connect(logAxis, &QLogValueAxis::rangeChanged, chart, [this] {
            annotations->refresh();
            runPoints->refresh();
        });
        axis = logAxis;
    } else {
        auto* valueAxis = new QValueAxis;
        // Fixed ticks from end to end of a range that starts and ends on a round value: dynamic ticks
        // (anchor + k × interval) drop an end tick whenever floating point lands it a hair outside the range.
        valueAxis->setTickType(QValueAxis::TicksFixed);
        connections << QObject::connect(valueAxis, &QValueAxis::rangeChanged, chart, [this] {
            annotations->refresh();
            runPoints->refresh();
        });
        axis = valueAxis;
    }
    axis->setTitleText(title);
    QFont titleFont = axis->titleFont();
    titleFont.setBold(false);
    axis->setTitleFont(titleFont);
    axis->setMinorGridLineColor(QColor(0xEE, 0xEE, 0xEE));
    chart->addAxis(axis, alignment);
    for (QAbstractSeries* s : series)
        s->attachAxis(axis);
}

// As much of each trendline's text as the legend has room for at the chart's width; the same detail for every
// strategy, so the entries line up. What is still too wide wraps onto more lines: Qt Charts cuts it off otherwise.
void RuntimeChart::Private::updateLegendNames(const AnalysisReport& report)
{
    QList<std::pair<StrategySeries*, TrendText>> texts;
    for (StrategySeries& s : strategies) {
        if (s.analysis >= 0 && s.analysis < report.strategies.size()) {
            const StrategyAnalysis& analysis = report.strategies[s.analysis];
            if (analysis.fit.isValid())
                texts.append({ &s, trendText(analysis.name, analysis.fit, perTaskScale) });
        }
    }
    // Room for text: the 40 % Qt Charts grants a side legend, less the chart's margins, the marker and the spacing.
    const QFontMetricsF metrics(chart->legend()->font());
    const qreal room = 0.4 * (chart->size().width() - chart->margins().left() - chart->margins().right())
        - 3 * metrics.height() - 16;
    // Room for lines: the chart's height less its margins and title; each entry has Qt Charts' margin of 3 above
    // and below its text, and the text document its own 2.
    qreal titleHeight = 0;
    if (!chart->title().isEmpty())
        titleHeight = QFontMetricsF(chart->titleFont()).lineSpacing() + 8;
    const qreal height = chart->size().height() - chart->margins().top() - chart->margins().bottom() - titleHeight - 8;
    const auto entryHeight = [&metrics](const QString& name) {
        return (name.count(QStringLiteral("<br>")) + 1) * metrics.lineSpacing() + 2 * 2 + 2 * 3;
    };
    const auto wrapped = [&metrics, room](const QStringList& lines) {
        QStringList wrappedLines;
        for (const QString& line : lines)
            wrappedLines << wrapToWidth(line, metrics, room);
        return wrappedLines.join(QStringLiteral("<br>"));
    };
    // Detail 0 to 2 as TrendText has them, 3: the heading alone, for a legend with no height for more.
    const auto linesAt = [](const TrendText& text, int detail) {
        return detail < 3 ? text.lines(detail) : QStringList { text.lines(2).constFirst() };
    };
    QList<std::pair<QLineSeries*, QString>> names;
    for (int detail = 0; detail <= 3; ++detail) {
        qreal widest = 0;
        for (const auto& [series, text] : std::as_const(texts)) {
            for (const QString& line : linesAt(text, detail))
                widest = std::max(widest, metrics.horizontalAdvance(line));
        }
        if (detail < 2 && widest > room)
            continue; // less detail before wrapping
        names.clear();
        for (const auto& [series, text] : std::as_const(texts))
            names.append({ series->trend, wrapped(linesAt(text, detail)) });
        for (StrategySeries& s : strategies) {
            names.append({ s.mean, wrapped({ s.meanName }) });
            names.append({ s.ideal, wrapped({ s.idealName }) });
        }
        for (LayerSeries& s : layers)
            names.append({ s.mean, wrapped({ s.meanName }) });
        qreal total = 0;
        for (const auto& [series, name] : std::as_const(names)) {
            if (series->count() > 0)
                total += entryHeight(name);
        }
        if (total <= height || room <= 0)
            break;
    }
    for (const auto& [series, name] : std::as_const(names)) {
        if (series->name() != name)
            series->setName(name);
    }
}

// The title on as many lines as the chart's width needs: Qt Charts cuts it off otherwise.
void RuntimeChart::Private::updateTitle(const QString& title)
{
    const qreal room = chart->size().width() - chart->margins().left() - chart->margins().right() - 16;
    const QStringList lines = wrapToWidth(title, QFontMetricsF(chart->titleFont()), room);
    const QString shown = lines.size() == 1
        ? title
        : QStringLiteral("<div align=\"center\">%1</div>").arg(lines.join(QStringLiteral("<br>")));
    if (chart->title() != shown)
        chart->setTitle(shown);
}

// Round ticks as dense as the plot has room for: Qt Charts cuts a label wider than its share of the axis to "10…".
void RuntimeChart::Private::applyRanges()
{
    if (applyingRanges || ranges.isNull())
        return;
    applyingRanges = true;
    const QRectF plot = chart->plotArea();
    const QFontMetricsF xMetrics(xAxis->labelsFont());
    const QFontMetricsF yMetrics(yAxis->labelsFont());
    // The widest task count label, with Qt Charts' padding of 4 on each side and a little air.
    const qreal xLabel = xMetrics.horizontalAdvance(QString::number(std::ceil(ranges.right()), 'f', 0)) + 8 + 8;
    const qreal yLabel = yMetrics.height() + 8 + 4;
    const auto intervals = [](qreal length, qreal perLabel, int most) {
        if (!(length > 0))
            return most; // not laid out yet
        return std::clamp(int(std::floor(length / perLabel)) - 1, 2, most);
    };
    setRange(xAxis, xLog, ranges.left(), ranges.right(), true, intervals(plot.width(), xLabel, 10));
    setRange(yAxis, yLog, ranges.top(), ranges.bottom(), false, intervals(plot.height(), yLabel, 8));
    applyingRanges = false;
}

// The same label style on both log axes, chosen from the decades they span together.
void RuntimeChart::Private::setLogLabelFormat()
{
    QList<QLogValueAxis*> logAxes;
    for (QAbstractAxis* axis : { xAxis, yAxis }) {
        if (auto* logAxis = qobject_cast<QLogValueAxis*>(axis))
            logAxes.append(logAxis);
    }
    int lowest = std::numeric_limits<int>::max();
    int highest = std::numeric_limits<int>::min();
    for (const QLogValueAxis* axis : std::as_const(logAxes)) {
        lowest = std::min(lowest, int(std::lround(std::log10(axis->min()))));
        highest = std::max(highest, int(std::lround(std::log10(axis->max()))));
    }
    const QString format = logLabelFormat(lowest, highest);
    for (QLogValueAxis* axis : std::as_const(logAxes)) {
        if (axis->labelFormat() != format)
            axis->setLabelFormat(format);
    }
}

// Set only what changed: every setter relayouts the chart, and setInput() runs after every run of a sweep.
void RuntimeChart::Private::setRange(
    QAbstractAxis* axis, bool log, double low, double high, bool integral, int maxIntervals)
{
    if (log) {
        auto* logAxis = static_cast<QLogValueAxis*>(axis);
        const LogScale scale = logScale(low, high);
        if (logAxis->minorTickCount() != 8)
            logAxis->setMinorTickCount(8); // 2 … 9 between decades
        if (logAxis->min() != scale.min || logAxis->max() != scale.max)
            logAxis->setRange(scale.min, scale.max);
        return;
    }
    auto* valueAxis = static_cast<QValueAxis*>(axis);
    const NiceScale scale = niceScale(low, high, maxIntervals, integral);
    const QString format = QStringLiteral("%.%1f").arg(scale.decimals);
    if (valueAxis->labelFormat() != format)
        valueAxis->setLabelFormat(format);
    const int ticks = int(std::lround((scale.max - scale.min) / scale.step)) + 1;
    if (valueAxis->tickCount() != ticks)
        valueAxis->setTickCount(ticks);
    if (valueAxis->min() != scale.min || valueAxis->max() != scale.max)
        valueAxis->setRange(scale.min, scale.max);
}

void RuntimeChart::setInput(const ChartInput& input)
{
    m_input = input;
    const ChartOptions& options = m_input.options;
    const AnalysisReport& report = m_input.report;
    const bool logTasks = options.logTasks;
    // Memory is drawn on a linear axis, from the runs and their means alone: the ideal bound, the trendlines and
    // their crossovers are of time.
    const bool memory = options.measure == ChartMeasure::Memory;
    const bool logSeconds = options.logSeconds && !memory;
    d->setAxes(logTasks, logSeconds);
    if (const QString title = axisTitle(m_input); d->yAxis->titleText() != title)
        d->yAxis->setTitleText(title);
    // Every time drawn (runs, means, intervals, bounds, trendlines, crossovers) is divided by the task duration on
    // the normalised axis; the analysis stays in seconds, so what is cut or compared is cut before the division.
    const bool normalised = m_input.normalisedAxis();
    const double scale = normalised ? 1 / reportTaskSeconds(report) : 1;
    const auto scaleAll = [scale](QList<QPointF>& points) {
        for (QPointF& point : points)
            point.ry() *= scale;
    };
    d->perTaskScale = normalised ? scale : 0;
    d->ensureSlots(m_input);
    d->ensureLayerSlots(m_input);
    // Per series of the report, where it is drawn.
    QList<StrategySeries*> slotOf;
    for (qsizetype i = 0; i < report.strategies.size(); ++i) {
        const SeriesStyle style = seriesStyle(report.strategies, i);
        slotOf.append(d->find(report.strategies[i].strategy, style.runtime, style.rank));
    }
    for (StrategySeries& s : d->strategies)
        s.analysis = -1;
    for (qsizetype i = 0; i < slotOf.size(); ++i) {
        if (slotOf[i])
            slotOf[i]->analysis = int(i);
    }
    d->updateTitle(m_input.title);

    Extent xs;
    Extent ys;
    const auto include = [&](const QPointF& p) {
        xs.add(p.x());
        ys.add(p.y());
    };

    // Outlier flags come from the analysis: the k-th OK run of a series at a task count is value k of its point.
    // Runs of another workload or task time than the report's are not of this chart. Without a report, the runs go to
    // their strategy's first series in their runtime.
    const bool filterGroup = !report.strategies.isEmpty();
    for (StrategySeries& s : d->strategies) {
        s.runPoints.clear();
        s.runIndex.clear();
    }
    QHash<QString, int> seriesIndex; // name -> index into report.strategies
    for (qsizetype i = 0; i < report.strategies.size(); ++i)
        seriesIndex.insert(report.strategies[i].name, int(i));
    // A strategy with one series per runtime in the report has every run of the report's group of that runtime there:
    // only a strategy with several in one runtime needs the runs' series names, which take a million runs a few
    // hundred ms.
    const bool severalSeries
        = std::any_of(slotOf.cbegin(), slotOf.cend(), [](const StrategySeries* s) { return s && s->rank > 0; });
    const QStringList runSeries = filterGroup && severalSeries ? seriesNamesOfRuns(m_input.runs) : QStringList();
    const auto onlySeriesOf = [&report](StrategyKind strategy, RuntimeKind runtime) {
        for (qsizetype i = 0; i < report.strategies.size(); ++i) {
            if (report.strategies[i].strategy == strategy && report.strategies[i].settings.runtime == runtime)
                return int(i);
        }
        return -1;
    };
    QHash<std::pair<int, int>, const TaskCountPoint*> points; // (series, tasks)
    if (options.hideOutliers && !memory) { // outliers in time, not in memory
        for (qsizetype i = 0; i < report.strategies.size(); ++i) {
            for (const TaskCountPoint& point : report.strategies[i].points)
                points.insert({ int(i), point.tasks }, &point);
        }
    }
    QHash<std::pair<int, int>, int> seen; // (series, tasks) -> OK runs so far
    // The names of runs of one series share their text: a million runs ask the hash a handful of times.
    QList<std::pair<const QChar*, int>> knownNames;
    const auto indexOfSeries = [&](const QString& name) {
        for (const auto& [text, index] : std::as_const(knownNames)) {
            if (text == name.constData())
                return index;
        }
        const int index = seriesIndex.value(name, -1);
        knownNames.append({ name.constData(), index });
        return index;
    };
    for (qsizetype i = 0; i < m_input.runs.size(); ++i) {
        const RunResult& run = m_input.runs.at(i);
        if (!run.isOk())
            continue;
        if (filterGroup && (run.spec.workload != report.workload || run.spec.taskMs != report.taskMs))
            continue;
        const int series = !filterGroup ? -1
            : severalSeries             ? indexOfSeries(runSeries.at(i))
                                        : onlySeriesOf(run.spec.strategy, run.spec.runtime);
        if (filterGroup && series < 0)
            continue;
        const std::pair<int, int> key { series, run.spec.tasks };
        if (!options.showRuns)
            continue;
        const int k = options.hideOutliers ? seen[key]++ : 0; // only outliers are matched by k
        if (const TaskCountPoint* point = points.value(key);
            point && k < point->stats.outlier.size() && point->stats.outlier.at(k))
            continue;
        const QPointF value(run.spec.tasks, memory ? memoryMiB(run.resources) : run.seconds * scale);
        if (!plottable(value, logTasks, logSeconds))
            continue;
        StrategySeries* s = series >= 0 ? slotOf.at(series) : d->find(run.spec.strategy, run.spec.runtime);
        if (!s)
            continue;
        s->runPoints.append(value);
        s->runIndex.append(i);
        include(value);
    }

    // The drawn task range: what was measured, and the prediction beyond it.
    Extent measured;
    for (const StrategyAnalysis& analysis : report.strategies) {
        if (!analysis.points.isEmpty()) {
            measured.add(analysis.points.first().tasks);
            measured.add(analysis.points.last().tasks);
        }
    }
    const bool predicting = !memory && !measured.isEmpty() && options.predictTo > measured.high;
    const double drawnHigh = predicting ? options.predictTo : measured.high;

    const QString fittedName = fitTargetName(report.options.fitTo);
    QList<ChartAnnotations::ErrorBar> bars;
    const int present = int(report.strategies.size());
    int presentIndex = 0;
    QAbstractSeries* reference = d->strategies.first().mean;
    QList<ChartAnnotations::Label> labels;
    QList<ChartAnnotations::Band> bands;
    for (StrategySeries& s : d->strategies) {
        const StrategyAnalysis* analysis = s.analysis >= 0 ? &report.strategies.at(s.analysis) : nullptr;
        const QColor color = seriesColor(s.strategy, s.rank);
        QList<QPointF> means;
        QList<QPointF> ideal;
        QList<QPointF> trend;
        QList<QPointF> prediction;
        if (analysis) {
            const qreal offset = (presentIndex - (present - 1) / 2.0) * 4;
            ++presentIndex;
            for (const TaskCountPoint& point : analysis->points) {
                const QPointF mean(
                    point.tasks, memory ? memoryMiB(point) : fittedValue(point, report.options.fitTo) * scale);
                if (plottable(mean, logTasks, logSeconds)) {
                    means.append(mean);
                    include(mean);
                }
                const QPointF bound(point.tasks, point.idealSeconds * scale);
                if (options.showIdeal && !memory && point.idealSeconds > 0 && plottable(bound, logTasks, logSeconds)) {
                    ideal.append(bound);
                    include(bound);
                }
                const QPointF low(point.tasks, point.stats.ciLow * scale);
                const QPointF high(point.tasks, point.stats.ciHigh * scale);
                if (options.showErrorBars && !memory && plottable(low, logTasks, logSeconds)
                    && plottable(high, logTasks, logSeconds) && high.y() > low.y()) {
                    bars.append({ low, high, color, offset });
                    include(low);
                    include(high);
                }
            }
            if (!analysis->points.isEmpty() && !memory) {
                const double first = analysis->points.first().tasks;
                const double last = analysis->points.last().tasks;
                trend = sampleFit(analysis->fit, first, last, logTasks, logSeconds);
                if (predicting)
                    prediction = sampleFit(analysis->fit, last, options.predictTo, logTasks, logSeconds);
                // A prediction below the ideal bound is impossible: the dotted line ends where it falls below, and a
                // label says so, rather than drawing times that cannot be (or are negative).
                const auto implausible = [analysis](const QPointF& p) {
                    const double bound = seriesIdealSeconds(*analysis, p.x());
                    return p.y() <= 0 || (std::isfinite(bound) && fasterThanIdeal(p.y(), bound));
                };
                const auto cut = std::find_if(prediction.cbegin(), prediction.cend(), implausible);
                if (cut != prediction.cend()) {
                    labels.append({ QPointF(cut->x(), cut->y() * scale),
                        QStringLiteral("%1 trend below the ideal bound from n ≈ %2: implausible")
                            .arg(analysis->name)
                            .arg(qRound(cut->x())) });
                    prediction.erase(cut, prediction.cend());
                }
                scaleAll(trend);
                scaleAll(prediction);
            }
            for (const QPointF& p : std::as_const(trend))
                include(p);
            for (const QPointF& p : std::as_const(prediction))
                ys.add(p.y()); // the task range ends where the prediction does, without headroom
            if (!means.isEmpty() && reference == d->strategies.first().mean)
                reference = s.mean;
        }
        s.mean->replace(means);
        s.ideal->replace(ideal);
        s.trend->replace(trend);
        s.prediction->replace(prediction);

        const QString seriesName = analysis ? analysis->name : withRuntime(strategyName(s.strategy), s.runtime);
        // Set, wrapped, by updateLegendNames(); named with its set below where others are drawn over it.
        s.meanName = QStringLiteral("%1 (%2)").arg(seriesName, memory ? QStringLiteral("mean peak") : fittedName);
        s.idealName = seriesName + QStringLiteral(" ideal bound");
        // Per strategy the legend names the mean line and the trendline; the faint points and the prediction are
        // told by their colour and style, the ideal bound only while it is shown.
        setMarkerVisible(legend(), s.prediction, false);
        setMarkerVisible(legend(), s.mean, !means.isEmpty());
        setMarkerVisible(legend(), s.trend, !trend.isEmpty());
        setMarkerVisible(legend(), s.ideal, !ideal.isEmpty());
    }

    // The overlaid sets: each series' means and trendline, on the same axes, each set divided by its own task duration
    // on the normalised axis (a set of file or command tasks has none, and is left out there).
    for (LayerSeries& s : d->layers) {
        const ChartLayer& layer = m_input.overlays.at(s.layer);
        const StrategyAnalysis& analysis = layer.report.strategies.at(s.analysis);
        const double layerUnit = reportTaskSeconds(layer.report);
        const bool drawn = !normalised || layerUnit > 0;
        const double layerScale = normalised && drawn ? 1 / layerUnit : 1;
        QList<QPointF> means;
        QList<QPointF> trend;
        if (drawn) {
            for (const TaskCountPoint& point : analysis.points) {
                const QPointF mean(point.tasks,
                    memory ? memoryMiB(point) : fittedValue(point, layer.report.options.fitTo) * layerScale);
                if (plottable(mean, logTasks, logSeconds)) {
                    means.append(mean);
                    include(mean);
                }
            }
            if (!memory && !analysis.points.isEmpty()) {
                trend = sampleFit(
                    analysis.fit, analysis.points.first().tasks, analysis.points.last().tasks, logTasks, logSeconds);
                for (QPointF& point : trend) {
                    point.ry() *= layerScale;
                    include(point);
                }
            }
        }
        s.mean->replace(means);
        s.trend->replace(trend);
        s.meanName
            = QStringLiteral("%1 (%2) — %3")
                  .arg(analysis.name, memory ? QStringLiteral("mean peak") : fitTargetName(layer.report.options.fitTo),
                      layer.name);
        setMarkerVisible(legend(), s.mean, !means.isEmpty());
        setMarkerVisible(legend(), s.trend, false); // told by its set's colour and dashes
    }
    const bool overlaid
        = std::any_of(d->layers.cbegin(), d->layers.cend(), [](const LayerSeries& s) { return s.mean->count() > 0; });
    if (overlaid && !m_input.name.isEmpty()) {
        for (StrategySeries& s : d->strategies)
            s.meanName += QStringLiteral(" — ") + m_input.name;
    }

    QList<QPointF> crossoverPoints;
    if (options.showCrossovers && !memory && !measured.isEmpty()) {
        for (const Crossover& crossover : report.crossovers) {
            if (crossover.tasks < measured.low || crossover.tasks > drawnHigh)
                continue;
            if (crossover.fasterBefore < 0 || crossover.fasterBefore >= report.strategies.size()
                || crossover.fasterAfter < 0 || crossover.fasterAfter >= report.strategies.size())
                continue;
            const StrategyAnalysis* before = &report.strategies[crossover.fasterBefore];
            const QPointF at(crossover.tasks, before->fit.valueAt(crossover.tasks) * scale);
            if (!plottable(at, logTasks, logSeconds))
                continue;
            crossoverPoints.append(at);
            include(at);
            QString interval;
            if (crossover.hasInterval()) {
                bands.append({ crossover.ciLow, crossover.ciHigh });
                interval = QStringLiteral(" (95%: %1–%2)").arg(qRound(crossover.ciLow)).arg(qRound(crossover.ciHigh));
            } else if (crossover.resamples > 0) {
                interval = QStringLiteral(" (in doubt)");
            }
            labels.append({ at,
                QStringLiteral("%1 ≈ %2 at n ≈ %3%4%5")
                    .arg(before->name, report.strategies[crossover.fasterAfter].name)
                    .arg(qRound(crossover.tasks))
                    .arg(interval)
                    .arg(crossover.plausible ? QString() : QStringLiteral(" (implausible: below the ideal bound)")) });
        }
    }
    d->crossovers->replace(crossoverPoints);
    setMarkerVisible(legend(), d->crossovers, false);

    // A little room on each side, so no point or line (the ideal bound is often the lowest) sits on the frame.
    const auto padded = [](const Extent& extent, bool log) {
        if (log) // a log axis ends on whole decades: padding a point on one would add a decade of empty plot
            return std::pair(extent.low, extent.high);
        const double pad = 0.03 * (extent.high - extent.low);
        return std::pair(extent.low >= 0 ? std::max(0.0, extent.low - pad) : extent.low - pad, extent.high + pad);
    };
    // Nothing to draw yet: a clean frame with round ticks, ready for the first run.
    auto [xLow, xHigh]
        = xs.isEmpty() ? std::pair(logTasks ? 10.0 : 0.0, logTasks ? 1000.0 : 100.0) : padded(xs, logTasks);
    const auto [yLow, yHigh]
        = ys.isEmpty() ? std::pair(logSeconds ? 0.1 : 0.0, logSeconds ? 10.0 : 1.0) : padded(ys, logSeconds);
    if (predicting)
        xHigh = std::max(xHigh, options.predictTo); // the prediction ends at the frame, as it was asked to
    d->ranges = QRectF(QPointF(xLow, yLow), QPointF(xHigh, yHigh));
    d->applyRanges();
    d->setLogLabelFormat();

    d->updateLegendNames(report);
    // A legend whose every entry is hidden would still take its width.
    const bool anyEntry = std::any_of(d->strategies.cbegin(), d->strategies.cend(), [](const StrategySeries& s) {
        return s.mean->count() > 0 || s.trend->count() > 0 || s.ideal->count() > 0;
    }) || std::any_of(d->layers.cbegin(), d->layers.cend(), [](const LayerSeries& s) { return s.mean->count() > 0; });
    legend()->setVisible(anyEntry); // unconditionally: isVisible() is false until the chart is shown

    const bool anyRun = std::any_of(d->strategies.cbegin(), d->strategies.cend(),
        [](const StrategySeries& s) { return !s.runPoints.isEmpty() || s.mean->count() > 0; });
    d->runPoints->dataChanged();
    QString placeholder;
    if (!anyRun) {
        const bool anyOk = std::any_of(report.strategies.cbegin(), report.strategies.cend(),
            [](const StrategyAnalysis& analysis) { return analysis.okRuns > 0; });
        placeholder = memory && anyOk ? QStringLiteral("These runs did not record their memory")
                                      : QStringLiteral("No finished runs yet");
    }
    d->annotations->setContent(std::move(bars), std::move(labels), std::move(bands), placeholder, reference);
}

QString RuntimeChart::trendlineLabel(StrategyKind strategy) const
{
    for (const StrategyAnalysis& analysis : m_input.report.strategies) {
        if (analysis.strategy == strategy && analysis.fit.isValid())
            return trendText(analysis.name, analysis.fit).plain();
    }
    return {};
}

QString RuntimeChart::trendlineLabel(const QString& series) const
{
    for (const StrategyAnalysis& analysis : m_input.report.strategies) {
        if (analysis.name == series && analysis.fit.isValid())
            return trendText(analysis.name, analysis.fit).plain();
    }
    return {};
}

QStringList RuntimeChart::legendEntries() const
{
    QStringList entries;
    for (QLegendMarker* marker : legend()->markers()) {
        if (marker->property(markerShownProperty).toBool())
            entries << marker->label();
    }
    return entries;
}

const RunResult* RuntimeChart::runAt(StrategyKind strategy, const QPointF& value) const
{
    // The hovered point is one of ours, exactly; the nearest one at the same task count covers a value rounded on
    // the way.
    const StrategySeries* bestSeries = nullptr;
    qsizetype best = -1;
    double bestDistance = std::numeric_limits<double>::infinity();
    for (const StrategySeries& s : std::as_const(d->strategies)) {
        if (s.strategy != strategy)
            continue;
        for (qsizetype i = 0; i < s.runPoints.size(); ++i) {
            const QPointF& p = s.runPoints.at(i);
            if (p.x() != value.x())
                continue;
            const double distance = std::abs(p.y() - value.y());
            if (distance < bestDistance) {
                bestDistance = distance;
                best = i;
                bestSeries = &s;
            }
        }
    }
    if (best < 0 || bestDistance > 1e-6 * std::max(1.0, std::abs(value.y())))
        return nullptr;
    return &m_input.runs.at(bestSeries->runIndex.at(best));
}

QList<QPointF> RuntimeChart::runPoints(const QString& series) const
{
    QList<QPointF> points;
    for (const StrategySeries& s : std::as_const(d->strategies)) {
        const QString name = s.analysis >= 0 ? m_input.report.strategies.at(s.analysis).name
                                             : withRuntime(strategyName(s.strategy), s.runtime);
        if (name == series)
            points += s.runPoints;
    }
    return points;
}

QList<QPointF> RuntimeChart::overlayMeanPoints(int layer, const QString& series) const
{
    for (const LayerSeries& s : std::as_const(d->layers)) {
        if (s.layer == layer && m_input.overlays.at(layer).report.strategies.at(s.analysis).name == series)
            return s.mean->points();
    }
    return {};
}

QString RuntimeChart::yAxisTitle() const
{
    return d->yAxis->titleText();
}

QList<QPointF> RuntimeChart::meanPoints(const QString& series) const
{
    for (const StrategySeries& s : std::as_const(d->strategies)) {
        if (s.analysis >= 0 && m_input.report.strategies.at(s.analysis).name == series)
            return s.mean->points();
    }
    return {};
}

QColor RuntimeChart::runPointColor(const QString& series) const
{
    for (const StrategySeries& s : std::as_const(d->strategies)) {
        const QString name = s.analysis >= 0 ? m_input.report.strategies.at(s.analysis).name
                                             : withRuntime(strategyName(s.strategy), s.runtime);
        if (name == series)
            return withAlpha(seriesColor(s.strategy, s.rank), 80);
    }
    return {};
}

qsizetype RuntimeChart::drawnRunMarkers(qreal devicePixelRatio) const
{
    return d->runPoints->markers(devicePixelRatio).size();
}

const RunResult* RuntimeChart::runNear(const QPointF& position, qreal radius) const
{
    const RunPointsItem::Marker* nearest = nullptr;
    qreal best = radius * radius;
    for (const RunPointsItem::Marker& marker : d->runPoints->markers()) {
        const QPointF delta = marker.position - position;
        const qreal distance = QPointF::dotProduct(delta, delta);
        if (distance <= best) {
            best = distance;
            nearest = &marker;
        }
    }
    if (!nearest)
        return nullptr;
    return &m_input.runs.at(d->strategies.at(nearest->series).runIndex.at(nearest->point));
}

QString RuntimeChart::seriesNameOf(const RunResult* run) const
{
    for (const StrategySeries& s : std::as_const(d->strategies)) {
        for (qsizetype index : s.runIndex) {
            if (&m_input.runs.at(index) == run)
                return s.analysis >= 0 ? m_input.report.strategies.at(s.analysis).name
                                       : withRuntime(strategyName(s.strategy), s.runtime);
        }
    }
    return run ? withRuntime(strategyName(run->spec.strategy), run->spec.runtime) : QString();
}

RuntimeChartView::RuntimeChartView(QWidget* parent)
    : QChartView(new RuntimeChart, parent)
    , m_chart(static_cast<RuntimeChart*>(chart()))
{
    setRenderHint(QPainter::Antialiasing);
    setMouseTracking(true);
    // The window's chart fills its view: no frame of grey around it, which costs a small window its room.
    m_chart->layout()->setContentsMargins(0, 0, 0, 0);
    m_chart->setBackgroundRoundness(0);
    connect(m_chart, &RuntimeChart::runHovered, this, [this](StrategyKind strategy, const QPointF& value, bool state) {
        if (!state) {
            QToolTip::hideText();
            return;
        }
        const RunResult* run = m_chart->runAt(strategy, value);
        if (!run)
            return;
        const RunResources& resources = run->resources;
        const QString measured = m_chart->input().options.measure == ChartMeasure::Memory
            ? QStringLiteral("%1 at its peak (tool %2, workers %3)")
                  .arg(kibText(resources.peakRssKiB + std::max<qint64>(0, resources.workersPeakRssKiB)),
                      kibText(resources.peakRssKiB), kibText(std::max<qint64>(0, resources.workersPeakRssKiB)))
            : QStringLiteral("%1 s").arg(run->seconds, 0, 'f', 3);
        QToolTip::showText(QCursor::pos(),
            QStringLiteral("%1\n%2, run %3\n%4\nDouble-click for its timeline")
                .arg(m_chart->seriesNameOf(run))
                .arg(countOf(run->spec.tasks, QStringLiteral("task"), QStringLiteral("tasks")))
                .arg(run->spec.repeat)
                .arg(measured),
            this);
    });
}

void RuntimeChartView::mouseDoubleClickEvent(QMouseEvent* event)
{
    if (event->button() == Qt::LeftButton) {
        if (const RunResult* run = m_chart->runNear(m_chart->mapFromScene(mapToScene(event->position().toPoint())))) {
            emit runActivated(*run, m_chart->seriesNameOf(run));
            event->accept();
            return;
        }
    }
    QChartView::mouseDoubleClickEvent(event);
}
