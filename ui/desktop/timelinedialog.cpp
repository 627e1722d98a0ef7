#include "timelinedialog.h"

#include "strategies.h"
#include "strategystyle.h"
#include "timelineview.h"
#include "traceformat.h"
#include "wording.h"

#include <QDialogButtonBox>
#include <QFileDialog>
#include <QLabel>
#include <QMessageBox>
#include <QPainter>
#include <QPushButton>
#include <QShortcut>
#include <QVBoxLayout>

BreakdownBar::BreakdownBar(QWidget* parent)
    : QWidget(parent)
{
    setMinimumHeight(54);
}

void BreakdownBar::setBreakdown(const RunBreakdown& breakdown)
{
    m_breakdown = breakdown;
    QStringList parts;
    const QStringList names = breakdownPartNames();
    const QList<double> values = breakdownParts(breakdown);
    for (qsizetype i = 0; i < names.size(); ++i)
        parts << tr("%1: %2 ms").arg(names.at(i)).arg(values.at(i) * 1e3, 0, 'f', 3);
    setToolTip(tr("The run's wall time, split per worker thread and averaged over them:\n") + parts.join(u'\n'));
    update();
}

void BreakdownBar::paintEvent(QPaintEvent*)
{
    QPainter painter(this);
    const double total = m_breakdown.total();
    if (!(total > 0))
        return;
    const QList<double> values = breakdownParts(m_breakdown);
    const QStringList names = breakdownPartNames();
    const QRectF bar(0, 0, width(), 20);
    double x = bar.left();
    for (qsizetype i = 0; i < values.size(); ++i) {
        const double w = bar.width() * values.at(i) / total;
        painter.fillRect(QRectF(x, bar.top(), w, bar.height()), breakdownPartColor(int(i)));
        x += w;
    }
    // The legend: a swatch, the part's name and its share.
    const QFontMetrics metrics = painter.fontMetrics();
    int left = 0;
    int line = 0;
    for (qsizetype i = 0; i < values.size(); ++i) {
        const QString text = QStringLiteral("%1 %2 ms (%3 %)")
                                 .arg(names.at(i))
                                 .arg(values.at(i) * 1e3, 0, 'f', values.at(i) < 0.01 ? 2 : 1)
                                 .arg(100 * values.at(i) / total, 0, 'f', 1);
        const int itemWidth = 14 + metrics.horizontalAdvance(text) + 16;
        if (left > 0 && left + itemWidth > width()) {
            left = 0;
            ++line;
        }
        const int top = 26 + line * (metrics.height() + 2);
        painter.fillRect(QRect(left, top + (metrics.height() - 10) / 2, 10, 10), breakdownPartColor(int(i)));
        painter.setPen(palette().color(QPalette::Text));
        painter.drawText(QPoint(left + 14, top + metrics.ascent()), text);
        left += itemWidth;
    }
    setMinimumHeight(26 + (line + 1) * (metrics.height() + 2));
}

TimelineDialog::TimelineDialog(const RunResult& run, const QString& title, QWidget* parent)
    : QDialog(parent)
    , m_run(run)
    , m_view(new TimelineView(this))
    , m_breakdown(new BreakdownBar(this))
    , m_exportButton(new QPushButton(tr("&Export Timeline…"), this))
{
    const RunSpec& spec = run.spec;
    const RunTimeline timeline = buildTimeline(run);
    setWindowTitle(tr("Timeline: %1").arg(title));
    auto* heading = new QLabel(this);
    heading->setWordWrap(true);
    heading->setTextInteractionFlags(Qt::TextSelectableByMouse);
    heading->setText(
        tr("<b>%1</b>: %2, %3 on %4; %5 s (%6), ideal bound %7 s. %8 tasks on %9 in %10.")
            .arg(title.toHtmlEscaped(), withRuntime(strategyName(spec.strategy), spec.runtime),
                countOf(spec.tasks, QStringLiteral("task"), QStringLiteral("tasks")),
                describeStrategy(spec.strategy).workersText(spec))
            .arg(run.seconds, 0, 'f', 4)
            .arg(statusName(run.status))
            .arg(run.idealSeconds, 0, 'f', 4)
            .arg(timeline.bars.size())
            .arg(countOf(int(timeline.lanes.size()), QStringLiteral("thread"), QStringLiteral("threads")),
                countOf(int(timeline.processes.size()), QStringLiteral("process"), QStringLiteral("processes"))));
    auto* help = new QLabel(
        tr("Ctrl+wheel or + and − zoom, drag or ← and → pan, the wheel or ↑ and ↓ scroll the lanes, 0 shows the whole "
           "run; hover a task for its times."),
        this);
    help->setWordWrap(true);
    help->setForegroundRole(QPalette::PlaceholderText);
    m_view->setTimeline(timeline, strategyColor(spec.strategy));
    m_breakdown->setBreakdown(timeline.breakdown);
    m_breakdown->setVisible(!timeline.isEmpty());
    m_exportButton->setEnabled(!timeline.isEmpty());
    m_exportButton->setToolTip(
        tr("Write the run as a Chrome trace (JSON), which Perfetto UI and chrome://tracing open"));
    connect(m_exportButton, &QPushButton::clicked, this, &TimelineDialog::exportWithDialog);
    auto* exportShortcut = new QShortcut(QKeySequence(tr("Ctrl+E")), this);
    connect(exportShortcut, &QShortcut::activated, this, &TimelineDialog::exportWithDialog);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    buttons->addButton(m_exportButton, QDialogButtonBox::ActionRole);
    auto* showAll = buttons->addButton(tr("Show &All"), QDialogButtonBox::ActionRole);
    connect(showAll, &QPushButton::clicked, m_view, &TimelineView::showAll);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto* split = new QLabel(tr("Where the wall time went, per worker thread on average:"), this);
    split->setVisible(!timeline.isEmpty());
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(heading);
    layout->addWidget(m_view, 1);
    layout->addWidget(help);
    layout->addWidget(split);
    layout->addWidget(m_breakdown);
    layout->addWidget(buttons);
    resize(1000, 680);
    m_view->setFocus();
}

bool TimelineDialog::exportTimeline(const QString& path, QString* error) const
{
    return writeChromeTrace(path, m_run, error);
}

void TimelineDialog::exportWithDialog()
{
    if (m_run.traces.isEmpty())
        return;
    const QString path = QFileDialog::getSaveFileName(this, tr("Export Timeline"),
        QStringLiteral("conlab-timeline.json"), tr("Chrome trace, for Perfetto UI (*.json)"));
    if (path.isEmpty())
        return;
    QString error;
    if (!exportTimeline(path, &error))
        QMessageBox::warning(this, tr("Export Timeline"), error);
}
