#include "breakdownpage.h"

#include "datasetanalysis.h"
#include "strategystyle.h"
#include "timeline.h"
#include "wording.h"

#include <QBarCategoryAxis>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <QHorizontalStackedBarSeries>
#include <QLabel>
#include <QLegend>
#include <QVBoxLayout>
#include <QValueAxis>
#include <set>

BreakdownPage::BreakdownPage(const DataSetAnalysis* analysis, QWidget* parent)
    : QWidget(parent)
    , m_analysis(analysis)
    , m_taskCountBox(new QComboBox(this))
    , m_sharesBox(new QCheckBox(tr("As &shares of the wall time"), this))
    , m_chartView(new QChartView(new QChart, this))
    , m_note(new QLabel(this))
{
    m_chartView->setRenderHint(QPainter::Antialiasing);
    m_chartView->chart()->legend()->setAlignment(Qt::AlignBottom);
    m_note->setWordWrap(true);
    auto* label = new QLabel(tr("&Task count:"), this);
    label->setBuddy(m_taskCountBox);
    m_taskCountBox->setToolTip(tr("The task count whose runs are split"));
    auto* row = new QHBoxLayout;
    row->addWidget(label);
    row->addWidget(m_taskCountBox);
    row->addWidget(m_sharesBox);
    row->addWidget(m_note, 1);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(row);
    layout->addWidget(m_chartView, 1);
    m_sharesBox->setChecked(true);
    m_sharesBox->setToolTip(tr("Each bar as percent of its series' wall time, so that series of very different times "
                               "read alike; unchecked, in milliseconds"));
    connect(m_taskCountBox, &QComboBox::currentIndexChanged, this, &BreakdownPage::redraw);
    connect(m_sharesBox, &QCheckBox::toggled, this, &BreakdownPage::redraw);
    connect(analysis, &DataSetAnalysis::reportChanged, this, &BreakdownPage::fillTaskCounts);
    fillTaskCounts();
}

void BreakdownPage::fillTaskCounts()
{
    std::set<int> counts;
    for (const StrategyAnalysis& series : m_analysis->report().strategies) {
        for (const TaskCountPoint& point : series.points)
            counts.insert(point.tasks);
    }
    const int chosen = m_taskCountBox->currentData().toInt();
    const QSignalBlocker blocker(m_taskCountBox);
    m_taskCountBox->clear();
    for (int tasks : counts)
        m_taskCountBox->addItem(QString::number(tasks), tasks);
    // The count chosen before, where it is still measured; the largest otherwise, where overheads show most.
    const int kept = m_taskCountBox->findData(chosen);
    m_taskCountBox->setCurrentIndex(kept >= 0 ? kept : m_taskCountBox->count() - 1);
    redraw();
}

void BreakdownPage::redraw()
{
    QChart* chart = m_chartView->chart();
    chart->removeAllSeries();
    for (QAbstractAxis* axis : chart->axes()) {
        chart->removeAxis(axis); // which gives it back, undeleted
        delete axis;
    }
    m_barTexts.clear();
    const AnalysisReport& report = m_analysis->report();
    const int tasks = m_taskCountBox->currentData().toInt();
    const QList<SeriesBreakdown> found
        = m_taskCountBox->count() > 0 ? seriesBreakdowns(report, m_analysis->runs(), tasks) : QList<SeriesBreakdown>();
    if (found.isEmpty()) {
        chart->setTitle(QString());
        m_note->setText(m_taskCountBox->count() == 0
                ? tr("No runs to split yet.")
                : tr("No run at %1 tasks kept its task traces (a CSV file keeps none; a sweep's runs, a JSON file or a "
                     "journal do).")
                      .arg(tasks));
        return;
    }
    m_note->setText(tr("Where each series' wall time went at %1 tasks: per worker thread, averaged over the threads "
                       "and then over the runs. Double-click a run in the chart or the runs table for its timeline.")
                        .arg(tasks));
    chart->setTitle(tr("Where the time went at %1 tasks").arg(tasks));
    auto* series = new QHorizontalStackedBarSeries;
    const QStringList partNames = breakdownPartNames();
    QList<QBarSet*> sets;
    for (qsizetype part = 0; part < partNames.size(); ++part) {
        auto* set = new QBarSet(partNames.at(part));
        set->setColor(breakdownPartColor(int(part)));
        set->setBorderColor(breakdownPartColor(int(part)).darker(130));
        sets.append(set);
    }
    QStringList categories;
    // Qt Charts draws the first category at the bottom: the report's first series goes last, so it reads on top.
    const bool shares = m_sharesBox->isChecked();
    for (auto it = found.crbegin(); it != found.crend(); ++it) {
        const QString name = report.strategies.at(it->series).name;
        const double total = it->breakdown.total();
        categories << QStringLiteral("%1 (%2 ms)").arg(name).arg(total * 1e3, 0, 'f', total < 0.1 ? 1 : 0);
        const QList<double> parts = breakdownParts(it->breakdown);
        QStringList texts;
        for (qsizetype part = 0; part < parts.size(); ++part) {
            *sets[part] << (shares ? (total > 0 ? 100 * parts.at(part) / total : 0) : parts.at(part) * 1e3);
            texts << QStringLiteral("%1 %2 ms").arg(partNames.at(part)).arg(parts.at(part) * 1e3, 0, 'f', 1);
        }
        m_barTexts.prepend(QStringLiteral("%1: %2; %3")
                               .arg(name, texts.join(QStringLiteral(", ")),
                                   countOf(it->runs, QStringLiteral("run"), QStringLiteral("runs"))));
    }
    series->append(sets);
    chart->addSeries(series);
    auto* categoryAxis = new QBarCategoryAxis;
    categoryAxis->append(categories);
    auto* timeAxis = new QValueAxis;
    timeAxis->setTitleText(shares ? tr("percent of the wall time") : tr("milliseconds of the wall time"));
    timeAxis->setLabelFormat(QStringLiteral("%.0f"));
    chart->addAxis(categoryAxis, Qt::AlignLeft);
    chart->addAxis(timeAxis, Qt::AlignBottom);
    series->attachAxis(categoryAxis);
    series->attachAxis(timeAxis);
    if (shares)
        timeAxis->setRange(0, 100);
    else
        timeAxis->applyNiceNumbers();
}
