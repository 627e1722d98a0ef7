#pragma once

#include "timeline.h"

#include <QColor>
#include <QWidget>
#include <optional>

class QScrollBar;

// One run's timeline, drawn from its RunTimeline: a lane per worker thread, grouped under its process, with a bar per
// task from its start to its end; an event loop's lane shows its tasks in flight as a filled count. Marks at the run's
// start, the first task's start (the pool was ready), the last task's end and the result in hand. Under the lanes,
// against the same time axis, the tasks in flight and the workers at work over time.
//
// Level of detail: where a lane's tasks in view are more than a third of the pixels, it is drawn as how much of each
// pixel its tasks covered (laneOccupancy()), so a run of 100,000 tasks costs a few thousand rectangles a paint. Only
// the lanes in view are drawn.
//
// Mouse: the wheel scrolls the lanes, Ctrl+wheel zooms around the pointer, dragging pans; a hover names the task under
// the pointer with its times. Keys: + and - (or W and S) zoom, Left and Right (A and D) pan, Up and Down scroll the
// lanes, 0 or Home shows the whole run.
class TimelineView : public QWidget
{
    Q_OBJECT
public:
    explicit TimelineView(QWidget* parent = nullptr);

    void setTimeline(const RunTimeline& timeline, const QColor& color);
    const RunTimeline& timeline() const { return m_timeline; }

    // The time in view, in seconds from the run's start.
    double viewFrom() const { return m_from; }
    double viewTo() const { return m_to; }
    void setView(double from, double to);
    void zoom(double factor, double around); // factor > 1 zooms in
    void showAll();
    int firstLaneInView() const;

    // The widget's parts: the lane names on the left, the time ruler on top, the lanes, the utilization strip below;
    // and the height of a lane.
    QRect lanesRect() const;
    QRect utilizationRect() const;
    int laneHeight() const;
    // The time at a widget's x, and the x of a time, as the lanes draw them.
    double timeAt(int x) const;
    double xOf(double time) const;

    // The task under a point of the widget, or -1 (an index into timeline().bars); the text its hover shows.
    int barAt(const QPoint& position) const;
    QString barText(int bar) const;

    // How the last paint drew the lanes in view: bars one by one, or slices of a pixel (level of detail).
    int paintedBars() const { return m_paintedBars; }
    int paintedSlices() const { return m_paintedSlices; }

    QSize sizeHint() const override { return { 900, 520 }; }
    QSize minimumSizeHint() const override { return { 320, 240 }; }

signals:
    void viewChanged(double from, double to);

protected:
    void paintEvent(QPaintEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void wheelEvent(QWheelEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;
    bool event(QEvent* event) override;

private:
    void updateScrollBar();
    void paintLanes(QPainter& painter);
    void paintRuler(QPainter& painter);
    void paintMarks(QPainter& painter);
    void paintUtilization(QPainter& painter);

    RunTimeline m_timeline;
    QColor m_color;
    double m_from = 0;
    double m_to = 1;
    double m_end = 1; // the whole run: from 0 to its result in hand (or its last task's end, if later)
    QScrollBar* m_scrollBar;
    std::optional<QPoint> m_dragFrom;
    double m_dragViewFrom = 0;
    int m_paintedBars = 0;
    int m_paintedSlices = 0;
};
