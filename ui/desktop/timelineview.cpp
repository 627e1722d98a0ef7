#include "timelineview.h"

#include "wording.h"

#include <QHelpEvent>
#include <QKeyEvent>
#include <QPainter>
#include <QScrollBar>
#include <QToolTip>
#include <QWheelEvent>
#include <algorithm>
#include <cmath>

namespace {
constexpr int labelWidth = 150;
constexpr int rulerHeight = 48; // the marks' names in two rows above, the time ticks below
constexpr int utilizationHeight = 96;
constexpr int gap = 6;
constexpr int maxLaneHeight = 18;
constexpr int minLaneHeight = 4;
constexpr double minimumSpan = 1e-6; // a microsecond across the view at the most

// "12.345 ms", or "1.250 s" from a second on, or "850 µs" below a millisecond.
QString timeText(double seconds)
{
    const double magnitude = std::abs(seconds);
    if (magnitude >= 1)
        return QStringLiteral("%1 s").arg(seconds, 0, 'f', 3);
    if (magnitude >= 1e-3)
        return QStringLiteral("%1 ms").arg(seconds * 1e3, 0, 'f', 3);
    return QStringLiteral("%1 µs").arg(seconds * 1e6, 0, 'f', 1);
}

// A tick step of 1, 2 or 5 times a power of ten, giving ticks at least `minimum` seconds apart.
double tickStep(double minimum)
{
    const double power = std::pow(10.0, std::floor(std::log10(minimum)));
    for (double factor : { 1.0, 2.0, 5.0, 10.0 }) {
        if (factor * power >= minimum)
            return factor * power;
    }
    return 10 * power;
}

QString tickText(double seconds, double step)
{
    if (step >= 1)
        return QStringLiteral("%1 s").arg(seconds, 0, 'f', 0);
    if (step >= 1e-3)
        return QStringLiteral("%1 ms").arg(seconds * 1e3, 0, 'f', step >= 1e-2 ? 0 : 1);
    return QStringLiteral("%1 µs").arg(seconds * 1e6, 0, 'f', step >= 1e-5 ? 0 : 1);
}

struct Mark
{
    QString name;
    double time = 0;
};

QList<Mark> marksOf(const RunTimeline& timeline)
{
    return { { QStringLiteral("run started"), 0.0 }, { QStringLiteral("first task started"), timeline.firstStart },
        { QStringLiteral("last task ended"), timeline.lastEnd },
        { QStringLiteral("result in hand"), timeline.wallSeconds } };
}
} // namespace

TimelineView::TimelineView(QWidget* parent)
    : QWidget(parent)
    , m_scrollBar(new QScrollBar(Qt::Vertical, this))
{
    setFocusPolicy(Qt::StrongFocus);
    setMouseTracking(true);
    setAutoFillBackground(true);
    setBackgroundRole(QPalette::Base);
    connect(m_scrollBar, &QScrollBar::valueChanged, this, qOverload<>(&QWidget::update));
}

void TimelineView::setTimeline(const RunTimeline& timeline, const QColor& color)
{
    m_timeline = timeline;
    m_color = color;
    m_end = std::max({ timeline.wallSeconds, timeline.lastEnd, minimumSpan });
    m_scrollBar->setValue(0);
    showAll();
    updateScrollBar();
}

void TimelineView::setView(double from, double to)
{
    const double margin = 0.02 * m_end;
    const double fullFrom = -margin;
    const double fullTo = m_end + margin;
    double span = std::clamp(to - from, minimumSpan, fullTo - fullFrom);
    from = std::clamp(from, fullFrom, fullTo - span);
    if (from == m_from && from + span == m_to)
        return;
    m_from = from;
    m_to = from + span;
    update();
    emit viewChanged(m_from, m_to);
}

void TimelineView::zoom(double factor, double around)
{
    if (!(factor > 0))
        return;
    const double span = (m_to - m_from) / factor;
    const double share = m_to > m_from ? (around - m_from) / (m_to - m_from) : 0.5;
    setView(around - share * span, around - share * span + span);
}

void TimelineView::showAll()
{
    const double margin = 0.02 * m_end;
    setView(-margin, m_end + margin);
}

int TimelineView::firstLaneInView() const
{
    return m_scrollBar->value();
}

QRect TimelineView::lanesRect() const
{
    const int right = width() - (m_scrollBar->isVisible() ? m_scrollBar->width() : 0) - gap;
    const int bottom = height() - utilizationHeight - 2 * gap;
    return QRect(QPoint(labelWidth, rulerHeight), QPoint(right, std::max(rulerHeight + 1, bottom)));
}

QRect TimelineView::utilizationRect() const
{
    const QRect lanes = lanesRect();
    return QRect(lanes.left(), lanes.bottom() + gap + 1, lanes.width(), utilizationHeight);
}

int TimelineView::laneHeight() const
{
    const int lanes = std::max<int>(1, int(m_timeline.lanes.size()));
    return std::clamp(lanesRect().height() / lanes, minLaneHeight, maxLaneHeight);
}

double TimelineView::timeAt(int x) const
{
    const QRect lanes = lanesRect();
    return m_from + (x - lanes.left()) * (m_to - m_from) / std::max(1, lanes.width());
}

double TimelineView::xOf(double time) const
{
    const QRect lanes = lanesRect();
    return lanes.left() + (time - m_from) / (m_to - m_from) * lanes.width();
}

void TimelineView::updateScrollBar()
{
    const int visible = std::max(1, lanesRect().height() / laneHeight());
    const int hidden = std::max(0, int(m_timeline.lanes.size()) - visible);
    m_scrollBar->setRange(0, hidden);
    m_scrollBar->setPageStep(visible);
    m_scrollBar->setVisible(hidden > 0);
    const QRect lanes = lanesRect();
    m_scrollBar->setGeometry(
        width() - m_scrollBar->sizeHint().width(), lanes.top(), m_scrollBar->sizeHint().width(), lanes.height());
}

void TimelineView::resizeEvent(QResizeEvent* event)
{
    QWidget::resizeEvent(event);
    updateScrollBar();
}

void TimelineView::paintEvent(QPaintEvent*)
{
    QPainter painter(this);
    m_paintedBars = 0;
    m_paintedSlices = 0;
    if (m_timeline.isEmpty()) {
        painter.setPen(palette().color(QPalette::PlaceholderText));
        painter.drawText(rect(), Qt::AlignCenter | Qt::TextWordWrap,
            m_timeline.note.isEmpty() ? tr("No run to show.") : capitalized(m_timeline.note) + u'.');
        return;
    }
    paintLanes(painter);
    paintUtilization(painter);
    paintRuler(painter);
    paintMarks(painter);
}

void TimelineView::paintLanes(QPainter& painter)
{
    const QRect area = lanesRect();
    const int height = laneHeight();
    const int first = firstLaneInView();
    const int last = std::min<int>(int(m_timeline.lanes.size()), first + area.height() / height + 1);
    const int pixels = std::max(1, area.width());
    const QColor text = palette().color(QPalette::Text);
    QColor stripe = palette().color(QPalette::AlternateBase);
    painter.save();
    QFont small = font();
    small.setPointSizeF(std::max(6.0, std::min(font().pointSizeF(), height * 0.6)));
    painter.setFont(small);
    for (int lane = first; lane < last; ++lane) {
        const TimelineLane& described = m_timeline.lanes.at(lane);
        const int top = area.top() + (lane - first) * height;
        if (top > area.bottom())
            break;
        const QRect row(area.left(), top, area.width(), height);
        if (lane % 2 == 1)
            painter.fillRect(row, stripe);
        // The process's name on its first lane, the thread's on every one, as far as the height allows.
        const TimelineProcess& process = m_timeline.processes.at(described.process);
        if (height >= 9) {
            const bool firstOfProcess = process.lanes.value(0) == lane;
            const QString label = firstOfProcess ? QStringLiteral("%1 · %2").arg(process.name, described.name)
                                                 : QStringLiteral("   %1").arg(described.name);
            painter.setPen(text);
            painter.drawText(QRect(4, top, labelWidth - 8, height), Qt::AlignLeft | Qt::AlignVCenter,
                painter.fontMetrics().elidedText(label, Qt::ElideRight, labelWidth - 8));
        }
        if (process.lanes.value(0) == lane && lane > first) {
            painter.setPen(QPen(text, 0.6));
            painter.drawLine(0, top, area.right(), top);
        }
        // Lanes too thin for a name each: the process's name and its thread count, where its lanes begin in view.
        if (height < 9 && (process.lanes.value(0) == lane || lane == first)) {
            QFont normal = font();
            painter.setFont(normal);
            painter.setPen(text);
            const int lanesLeft = int(process.lanes.size()) - int(process.lanes.indexOf(lane));
            const int bottom = std::min(area.bottom(), top + lanesLeft * height);
            painter.drawText(QRect(4, top, labelWidth - 8, std::max(bottom - top, painter.fontMetrics().height())),
                Qt::AlignLeft | Qt::AlignTop,
                QStringLiteral("%1\n%2").arg(process.name,
                    countOf(int(process.lanes.size()), QStringLiteral("thread"), QStringLiteral("threads"))));
            painter.setFont(small);
        }
        painter.setClipRect(row);
        const int inner = std::max(1, height - 2);
        const auto firstBar = m_timeline.bars.cbegin() + described.firstBar;
        const auto lastBar = firstBar + described.tasks;
        if (!described.overlapping) {
            const auto from
                = std::partition_point(firstBar, lastBar, [this](const TimelineBar& bar) { return bar.end <= m_from; });
            const auto to
                = std::partition_point(from, lastBar, [this](const TimelineBar& bar) { return bar.start < m_to; });
            if ((to - from) * 3 <= pixels) {
                painter.setPen(Qt::NoPen);
                painter.setBrush(m_color);
                for (auto bar = from; bar != to; ++bar) {
                    const double left = xOf(bar->start);
                    const double right = std::max(xOf(bar->end), left + 1);
                    // A hair of space between bars wide enough to keep it, so that one task is told from the next.
                    painter.drawRect(QRectF(left, top + 1, right - left > 4 ? right - left - 1 : right - left, inner));
                    ++m_paintedBars;
                }
                painter.setClipping(false);
                continue;
            }
        }
        // Slices of a pixel: how much of each its tasks covered; on an event loop, how many were in flight.
        const QList<double> occupancy = laneOccupancy(m_timeline, lane, m_from, m_to, pixels);
        const double peak
            = described.overlapping ? std::max(1.0, *std::max_element(occupancy.cbegin(), occupancy.cend())) : 1.0;
        for (int x = 0; x < pixels; ++x) {
            const double value = occupancy.at(x);
            if (value <= 0)
                continue;
            if (described.overlapping) {
                const int barHeight = std::max(1, int(std::round(inner * value / peak)));
                painter.fillRect(QRect(area.left() + x, top + 1 + inner - barHeight, 1, barHeight), m_color);
            } else {
                QColor shade = m_color;
                shade.setAlphaF(float(std::clamp(0.25 + 0.75 * value, 0.0, 1.0)));
                painter.fillRect(QRect(area.left() + x, top + 1, 1, inner), shade);
            }
            ++m_paintedSlices;
        }
        if (described.overlapping && height >= 9) {
            painter.setPen(text);
            painter.drawText(row.adjusted(4, 0, -4, 0), Qt::AlignRight | Qt::AlignVCenter,
                tr("up to %1 in flight in view").arg(qRound(peak)));
        }
        painter.setClipping(false);
    }
    painter.restore();
}

void TimelineView::paintRuler(QPainter& painter)
{
    const QRect area = lanesRect();
    const double step = tickStep(80.0 * (m_to - m_from) / std::max(1, area.width()));
    painter.save();
    painter.setPen(palette().color(QPalette::Text));
    QColor grid = palette().color(QPalette::Text);
    grid.setAlphaF(0.12f);
    for (double tick = std::ceil(m_from / step) * step; tick <= m_to; tick += step) {
        const int x = int(std::round(xOf(tick)));
        painter.setPen(palette().color(QPalette::Text));
        painter.drawLine(x, rulerHeight - 5, x, rulerHeight - 1);
        painter.drawText(QRect(x - 50, rulerHeight - 20, 100, 14), Qt::AlignCenter, tickText(tick, step));
        painter.setPen(grid);
        painter.drawLine(x, area.top(), x, utilizationRect().bottom());
    }
    painter.restore();
}

void TimelineView::paintMarks(QPainter& painter)
{
    const QRect area = lanesRect();
    painter.save();
    QColor color = palette().color(QPalette::Text);
    painter.setPen(QPen(color, 1, Qt::DashLine));
    // Each name in the first of two rows where it does not run into the name before it; the hover names them all.
    int rowRight[2] = { -1, -1 };
    const QFontMetrics metrics = painter.fontMetrics();
    for (const Mark& mark : marksOf(m_timeline)) {
        const double x = xOf(mark.time);
        if (x < area.left() - 1 || x > area.right() + 1)
            continue;
        painter.setPen(QPen(color, 1, Qt::DashLine));
        painter.drawLine(QPointF(x, area.top()), QPointF(x, utilizationRect().bottom()));
        const int textWidth = metrics.horizontalAdvance(mark.name);
        const int left = std::clamp(int(x) - textWidth / 2, 0, std::max(0, width() - textWidth));
        for (int row = 0; row < 2; ++row) {
            if (left <= rowRight[row] + 6)
                continue;
            painter.setPen(color);
            painter.drawText(QPoint(left, 1 + metrics.ascent() + row * (metrics.height() - 1)), mark.name);
            painter.drawLine(QPointF(x, 2 + (row + 1) * (metrics.height() - 1)), QPointF(x, rulerHeight - 20));
            rowRight[row] = left + textWidth;
            break;
        }
    }
    painter.restore();
}

void TimelineView::paintUtilization(QPainter& painter)
{
    const QRect area = utilizationRect();
    const int pixels = std::max(1, area.width());
    painter.save();
    painter.setPen(palette().color(QPalette::Mid));
    painter.drawRect(area.adjusted(0, 0, -1, -1));
    const int scale = std::max({ 1, m_timeline.peakInFlight, int(m_timeline.lanes.size()) });
    // The highest value of a step function over each pixel: steps that fall within one pixel do not hide a peak.
    const auto perPixel = [&](const QList<StepPoint>& steps) {
        QList<int> high(pixels, 0);
        if (steps.isEmpty())
            return high;
        auto step = std::upper_bound(steps.cbegin(), steps.cend(), m_from,
            [](double time, const StepPoint& point) { return time < point.time; });
        if (step != steps.cbegin())
            --step;
        for (; step != steps.cend() && step->time < m_to; ++step) {
            const double until = std::next(step) == steps.cend() ? m_end : std::next(step)->time;
            const int from
                = std::clamp(int(std::floor(xOf(std::max(step->time, m_from)))) - area.left(), 0, pixels - 1);
            const int to = std::clamp(int(std::floor(xOf(std::min(until, m_to)))) - area.left(), 0, pixels - 1);
            for (int x = from; x <= to; ++x)
                high[x] = std::max(high[x], step->value);
        }
        return high;
    };
    const QList<int> inFlight = perPixel(m_timeline.inFlight);
    const QList<int> atWork = perPixel(m_timeline.workersAtWork);
    QColor fill = m_color;
    fill.setAlphaF(0.45f);
    const auto yOf = [&](int value) { return area.bottom() - 1 - (area.height() - 14) * double(value) / scale; };
    for (int x = 0; x < pixels; ++x) {
        if (inFlight.at(x) > 0)
            painter.fillRect(
                QRectF(area.left() + x, yOf(inFlight.at(x)), 1, area.bottom() - yOf(inFlight.at(x))), fill);
    }
    QPolygonF workers;
    for (int x = 0; x < pixels; ++x)
        workers << QPointF(area.left() + x + 0.5, yOf(atWork.at(x)));
    painter.setPen(QPen(palette().color(QPalette::Text), 1.2));
    painter.drawPolyline(workers);
    painter.setPen(palette().color(QPalette::Text));
    painter.drawText(QRect(4, area.top(), labelWidth - 8, area.height()),
        Qt::AlignLeft | Qt::AlignVCenter | Qt::TextWordWrap,
        tr("tasks in flight (filled, peak %1)\nworkers at work (line, %2 in all)")
            .arg(m_timeline.peakInFlight)
            .arg(m_timeline.lanes.size()));
    painter.drawText(area.adjusted(4, 2, -4, 0), Qt::AlignLeft | Qt::AlignTop, QString::number(scale));
    painter.restore();
}

int TimelineView::barAt(const QPoint& position) const
{
    const QRect area = lanesRect();
    if (!area.contains(position) || m_timeline.isEmpty())
        return -1;
    const int lane = firstLaneInView() + (position.y() - area.top()) / laneHeight();
    if (lane < 0 || lane >= m_timeline.lanes.size())
        return -1;
    const TimelineLane& described = m_timeline.lanes.at(lane);
    const double time = timeAt(position.x());
    const double tolerance = 2 * (m_to - m_from) / std::max(1, area.width());
    const auto first = m_timeline.bars.cbegin() + described.firstBar;
    const auto last = first + described.tasks;
    if (!described.overlapping) {
        const auto bar
            = std::partition_point(first, last, [&](const TimelineBar& b) { return b.end < time - tolerance; });
        return bar != last && bar->start <= time + tolerance ? int(bar - m_timeline.bars.cbegin()) : -1;
    }
    // On an event loop, the task that started last among those in flight there.
    int found = -1;
    for (auto bar = first; bar != last; ++bar) {
        if (bar->start <= time && time <= bar->end && (found < 0 || bar->start > m_timeline.bars.at(found).start))
            found = int(bar - m_timeline.bars.cbegin());
    }
    return found;
}

QString TimelineView::barText(int bar) const
{
    if (bar < 0 || bar >= m_timeline.bars.size())
        return QString();
    const TimelineBar& described = m_timeline.bars.at(bar);
    const TimelineLane& lane = m_timeline.lanes.at(described.lane);
    const TimelineProcess& process = m_timeline.processes.at(lane.process);
    return tr("task %1\n%2, %3 (pid %4, tid %5)\nstarted at %6, ended at %7: took %8")
        .arg(described.task)
        .arg(process.name, lane.name)
        .arg(lane.pid)
        .arg(lane.tid)
        .arg(timeText(described.start), timeText(described.end), timeText(described.end - described.start));
}

bool TimelineView::event(QEvent* event)
{
    if (event->type() != QEvent::ToolTip)
        return QWidget::event(event);
    const auto* help = static_cast<QHelpEvent*>(event);
    QString text = barText(barAt(help->pos()));
    if (text.isEmpty()) {
        // A mark within a few pixels names itself.
        for (const Mark& mark : marksOf(m_timeline)) {
            if (std::abs(xOf(mark.time) - help->pos().x()) <= 3)
                text = tr("%1 at %2").arg(mark.name, timeText(mark.time));
        }
    }
    if (text.isEmpty())
        QToolTip::hideText();
    else
        QToolTip::showText(help->globalPos(), text, this);
    return true;
}

void TimelineView::wheelEvent(QWheelEvent* event)
{
    const int steps = event->angleDelta().y() / 120;
    if (steps == 0)
        return;
    if (event->modifiers() & Qt::ControlModifier)
        zoom(std::pow(1.25, steps), timeAt(int(event->position().x())));
    else
        m_scrollBar->setValue(m_scrollBar->value() - 3 * steps);
    event->accept();
}

void TimelineView::mousePressEvent(QMouseEvent* event)
{
    if (event->button() == Qt::LeftButton) {
        m_dragFrom = event->position().toPoint();
        m_dragViewFrom = m_from;
        setCursor(Qt::ClosedHandCursor);
    }
}

void TimelineView::mouseMoveEvent(QMouseEvent* event)
{
    if (!m_dragFrom)
        return;
    const double perPixel = (m_to - m_from) / std::max(1, lanesRect().width());
    const double from = m_dragViewFrom - (event->position().x() - m_dragFrom->x()) * perPixel;
    setView(from, from + (m_to - m_from));
}

void TimelineView::mouseReleaseEvent(QMouseEvent*)
{
    m_dragFrom.reset();
    unsetCursor();
}

void TimelineView::keyPressEvent(QKeyEvent* event)
{
    const double middle = (m_from + m_to) / 2;
    const double pan = 0.2 * (m_to - m_from);
    switch (event->key()) {
    case Qt::Key_Plus:
    case Qt::Key_Equal:
    case Qt::Key_W:
        zoom(1.5, middle);
        break;
    case Qt::Key_Minus:
    case Qt::Key_S:
        zoom(1 / 1.5, middle);
        break;
    case Qt::Key_Left:
    case Qt::Key_A:
        setView(m_from - pan, m_to - pan);
        break;
    case Qt::Key_Right:
    case Qt::Key_D:
        setView(m_from + pan, m_to + pan);
        break;
    case Qt::Key_Up:
        m_scrollBar->setValue(m_scrollBar->value() - 1);
        break;
    case Qt::Key_Down:
        m_scrollBar->setValue(m_scrollBar->value() + 1);
        break;
    case Qt::Key_0:
    case Qt::Key_Home:
        showAll();
        break;
    default:
        QWidget::keyPressEvent(event);
    }
}
