#pragma once

#include "runresult.h"
#include "timeline.h"

#include <QDialog>

class QLabel;
class QPushButton;
class TimelineView;

// The split of a run's wall time as one stacked bar, its parts named with their times underneath.
class BreakdownBar : public QWidget
{
    Q_OBJECT
public:
    explicit BreakdownBar(QWidget* parent = nullptr);
    void setBreakdown(const RunBreakdown& breakdown);
    QSize sizeHint() const override { return { 600, 54 }; }

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    RunBreakdown m_breakdown;
};

// A run's timeline in a window of its own (the window opens one per double-clicked point or row): the run in a
// sentence, the timeline with its utilization (TimelineView), the split of its wall time, and Export Timeline, which
// writes the run as a Chrome trace (traceformat.h) for Perfetto UI.
class TimelineDialog : public QDialog
{
    Q_OBJECT
public:
    // `title` names the run where it came from ("run 12 of sweep 3"); the dialog adds what ran.
    TimelineDialog(const RunResult& run, const QString& title, QWidget* parent = nullptr);

    TimelineView* view() const { return m_view; }
    const RunResult& run() const { return m_run; }
    // Writes the run's Chrome trace to `path`; false with *error saying why.
    bool exportTimeline(const QString& path, QString* error) const;

private:
    void exportWithDialog();

    RunResult m_run;
    TimelineView* m_view;
    BreakdownBar* m_breakdown;
    QPushButton* m_exportButton;
};
