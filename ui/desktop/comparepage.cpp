#include "comparepage.h"

#include "datasetstore.h"
#include "strategystyle.h"
#include "tableview.h"

#include <QAreaSeries>
#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QSplitter>
#include <QVBoxLayout>
#include <QValueAxis>
#include <cmath>

ComparisonModel::ComparisonModel(QObject* parent)
    : ReportTableModel(
        {
            { Text, tr("Group"), tr("The workload and task duration of the runs compared.") },
            { Text, tr("Series"), tr("The strategy, its settings and its runtime, the same in both data sets.") },
            { Number, tr("Tasks"), tr("The task count n.") },
            { Number, tr("A mean (s)"), tr("The mean time of A's OK runs at this task count (the baseline).") },
            { Number, tr("B mean (s)"), tr("The mean time of B's OK runs at this task count.") },
            { Number, tr("B/A"), tr("B's mean time over A's: below 1, B is faster.") },
            { Text, tr("95 % CI of B/A"),
                tr("The ratio's 95 % confidence interval: the delta method on its logarithm, with Welch's degrees of "
                   "freedom.") },
            { Number, tr("p"),
                tr("A two-sided Mann-Whitney U test of the two sides' run times (exact without ties up to 50 runs a "
                   "side), as Google Benchmark's compare.py runs it.") },
            { Text, tr("Verdict"), tr("At alpha = 0.05: faster, slower, or no significant difference.") },
        },
        parent)
{
    Q_ASSERT(columnCount() == NUM_COLUMNS);
}

void ComparisonModel::resetData(const QList<ComparisonRow>& rows)
{
    beginResetModel();
    m_rows = rows;
    endResetModel();
}

QVariant ComparisonModel::cellData(int row, int column, int role) const
{
    const ComparisonRow& r = m_rows.at(row);
    if (column == SeriesColumn)
        return seriesCellData({ r.strategy, r.series, strategyColor(r.strategy) }, role);
    const auto number = [role](double value, int decimals) -> QVariant {
        if (role == SortRole)
            return std::isfinite(value) ? QVariant(value) : QVariant();
        if (role == Qt::DisplayRole)
            return std::isfinite(value) ? QString::number(value, 'f', decimals) : QStringLiteral("—");
        return {};
    };
    switch (column) {
    case GroupColumn:
        return role == Qt::DisplayRole || role == SortRole ? QVariant(r.group) : QVariant();
    case TasksColumn:
        return role == Qt::DisplayRole || role == SortRole ? QVariant(r.tasks) : QVariant();
    case MeanAColumn:
        if (role == Qt::ToolTipRole)
            return tr("%n OK run(s)", nullptr, r.countA);
        return number(r.meanA, 4);
    case MeanBColumn:
        if (role == Qt::ToolTipRole)
            return tr("%n OK run(s)", nullptr, r.countB);
        return number(r.meanB, 4);
    case RatioColumn:
        return number(r.ratio, 3);
    case IntervalColumn:
        if (role == Qt::DisplayRole)
            return std::isfinite(r.ratioLow)
                ? QStringLiteral("%1 … %2").arg(r.ratioLow, 0, 'f', 3).arg(r.ratioHigh, 0, 'f', 3)
                : QStringLiteral("—");
        return role == SortRole && std::isfinite(r.ratioLow) ? QVariant(r.ratioLow) : QVariant();
    case PValueColumn:
        if (role == Qt::DisplayRole && std::isfinite(r.pValue) && r.pValue < 1e-4)
            return QString::number(r.pValue, 'e', 1);
        return number(r.pValue, 4);
    case VerdictColumn:
        if (role == Qt::DisplayRole || role == SortRole)
            return verdictName(r.verdict);
        if (role == Qt::ForegroundRole && r.verdict == ComparisonVerdict::Slower)
            return QColor(0xB0, 0x30, 0x20);
        if (role == Qt::ForegroundRole && r.verdict == ComparisonVerdict::Faster)
            return QColor(0x00, 0x7A, 0x50);
        return {};
    }
    return {};
}

ComparePage::ComparePage(const DataSetStore* store, QWidget* parent)
    : QWidget(parent)
    , m_store(store)
    , m_baselineBox(new QComboBox(this))
    , m_contenderBox(new QComboBox(this))
    , m_note(new QLabel(this))
    , m_model(new ComparisonModel(this))
    , m_view(new TableView(m_model, this))
    , m_chartView(new QChartView(new QChart, this))
    , m_jobs(this)
{
    m_note->setWordWrap(true);
    m_chartView->setRenderHint(QPainter::Antialiasing);
    m_chartView->chart()->legend()->setAlignment(Qt::AlignRight);
    auto* baselineLabel = new QLabel(tr("A (baseline):"), this);
    baselineLabel->setBuddy(m_baselineBox);
    auto* contenderLabel = new QLabel(tr("B (against A):"), this);
    contenderLabel->setBuddy(m_contenderBox);
    auto* row = new QHBoxLayout;
    row->addWidget(baselineLabel);
    row->addWidget(m_baselineBox, 1);
    row->addWidget(contenderLabel);
    row->addWidget(m_contenderBox, 1);
    auto* splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(m_chartView);
    splitter->addWidget(m_view);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(row);
    layout->addWidget(m_note);
    layout->addWidget(splitter, 1);

    connect(m_baselineBox, &QComboBox::currentIndexChanged, this, &ComparePage::compare);
    connect(m_contenderBox, &QComboBox::currentIndexChanged, this, &ComparePage::compare);
    connect(store, &DataSetStore::added, this, [this](int index) {
        fillDataSets();
        // A new set (a sweep started, a file opened) against the one before it: the article, or the file opened
        // before it ("conlab-gui before.json after.json").
        const QSignalBlocker blocker(m_baselineBox);
        m_baselineBox->setCurrentIndex(std::max(0, index - 1));
        m_contenderBox->setCurrentIndex(index);
        compare();
    });
    connect(store, &DataSetStore::changed, this, &ComparePage::fillDataSets);
    // A sweep's runs come one by one: compared again once it has some more.
    connect(store, &DataSetStore::runAppended, this, [this](int index) {
        if (index == m_baselineBox->currentIndex() || index == m_contenderBox->currentIndex())
            compare();
    });
    fillDataSets();
}

void ComparePage::fillDataSets()
{
    const int baseline = std::max(0, m_baselineBox->currentIndex());
    const int contender = m_contenderBox->currentIndex() >= 0 ? m_contenderBox->currentIndex() : m_store->count() - 1;
    const QSignalBlocker blockBaseline(m_baselineBox);
    const QSignalBlocker blockContender(m_contenderBox);
    m_baselineBox->clear();
    m_contenderBox->clear();
    for (int i = 0; i < m_store->count(); ++i) {
        m_baselineBox->addItem(m_store->at(i).title);
        m_contenderBox->addItem(m_store->at(i).title);
    }
    m_baselineBox->setCurrentIndex(std::min(baseline, m_store->count() - 1));
    m_contenderBox->setCurrentIndex(std::min(contender, m_store->count() - 1));
    compare();
}

void ComparePage::compare()
{
    const int a = m_baselineBox->currentIndex();
    const int b = m_contenderBox->currentIndex();
    if (a < 0 || b < 0) {
        m_jobs.cancel();
        showRows({});
        return;
    }
    // Copies that share the store's runs: a sweep may append to them meanwhile.
    const QList<RunResult> runsA = m_store->at(a).results.runs;
    const QList<RunResult> runsB = m_store->at(b).results.runs;
    m_jobs.start([runsA, runsB](quint64) { return compareRuns(runsA, runsB); },
        [this](const QList<ComparisonRow>& rows) { showRows(rows); });
}

void ComparePage::showRows(const QList<ComparisonRow>& rows)
{
    m_model->resetData(rows);
    QChart* chart = m_chartView->chart();
    chart->removeAllSeries();
    for (QAbstractAxis* axis : chart->axes()) {
        chart->removeAxis(axis); // which gives it back, undeleted
        delete axis;
    }
    if (rows.isEmpty()) {
        m_note->setText(m_store->count() < 2
                ? tr("Two data sets are compared here: run a sweep or open a file beside the article's.")
                : tr("These two data sets have no strategy and task count in common (of the same workload and task "
                     "duration)."));
        chart->setTitle(QString());
        emit comparisonLanded();
        return;
    }
    int faster = 0;
    int slower = 0;
    for (const ComparisonRow& row : rows) {
        faster += row.verdict == ComparisonVerdict::Faster;
        slower += row.verdict == ComparisonVerdict::Slower;
    }
    m_note->setText(tr("B/A is B's mean time over A's, below 1 when B is faster; the band is its 95 % interval. B is "
                       "significantly faster at %1 and slower at %2 of %3 points (Mann-Whitney U, two-sided, "
                       "alpha = 0.05).")
                        .arg(faster)
                        .arg(slower)
                        .arg(rows.size()));
    chart->setTitle(tr("%1 against %2").arg(m_contenderBox->currentText(), m_baselineBox->currentText()));
    auto* xAxis = new QValueAxis;
    xAxis->setTitleText(tr("Task count n"));
    xAxis->setLabelFormat(QStringLiteral("%.0f"));
    auto* yAxis = new QValueAxis;
    yAxis->setTitleText(tr("B/A (time of B over time of A)"));
    chart->addAxis(xAxis, Qt::AlignBottom);
    chart->addAxis(yAxis, Qt::AlignLeft);
    double lowX = rows.first().tasks;
    double highX = lowX;
    double lowY = 1;
    double highY = 1;
    // One line per (group, series), its interval as a band around it.
    QString current;
    QLineSeries* line = nullptr;
    QLineSeries* upper = nullptr;
    QLineSeries* lower = nullptr;
    const auto finish = [&] {
        if (!line)
            return;
        const QColor color = line->color();
        if (upper->count() > 0) {
            auto* band = new QAreaSeries(upper, lower);
            upper->setParent(band); // the band draws them, and goes with them
            lower->setParent(band);
            QColor fill = color;
            fill.setAlpha(45);
            band->setBrush(fill);
            band->setPen(Qt::NoPen);
            chart->addSeries(band);
            band->attachAxis(xAxis);
            band->attachAxis(yAxis);
            chart->legend()->markers(band).value(0)->setVisible(false);
        }
        chart->addSeries(line);
        line->attachAxis(xAxis);
        line->attachAxis(yAxis);
    };
    const bool severalGroups = std::any_of(
        rows.cbegin(), rows.cend(), [&rows](const ComparisonRow& row) { return row.group != rows.first().group; });
    for (const ComparisonRow& row : rows) {
        const QString key = row.group + u'\x1f' + row.series;
        if (key != current) {
            finish();
            current = key;
            line = new QLineSeries;
            line->setName(severalGroups ? QStringLiteral("%1 (%2)").arg(row.series, row.group) : row.series);
            line->setColor(strategyColor(row.strategy));
            line->setPointsVisible(true);
            QPen pen(strategyColor(row.strategy), 2);
            if (row.series.contains(u"(python)"))
                pen.setStyle(Qt::DashLine);
            line->setPen(pen);
            upper = new QLineSeries(line);
            lower = new QLineSeries(line);
        }
        if (!std::isfinite(row.ratio))
            continue;
        line->append(row.tasks, row.ratio);
        lowX = std::min(lowX, double(row.tasks));
        highX = std::max(highX, double(row.tasks));
        lowY = std::min(lowY, row.ratio);
        highY = std::max(highY, row.ratio);
        if (std::isfinite(row.ratioLow)) {
            upper->append(row.tasks, row.ratioHigh);
            lower->append(row.tasks, row.ratioLow);
            lowY = std::min(lowY, row.ratioLow);
            highY = std::max(highY, row.ratioHigh);
        }
    }
    finish();
    // No change: B/A = 1.
    auto* one = new QLineSeries;
    one->setName(tr("no change (B/A = 1)"));
    one->setPen(QPen(QColor(0x55, 0x55, 0x55), 1, Qt::DashLine));
    one->append(lowX, 1);
    one->append(highX, 1);
    chart->addSeries(one);
    one->attachAxis(xAxis);
    one->attachAxis(yAxis);
    const double padX = std::max(1.0, 0.03 * (highX - lowX));
    xAxis->setRange(std::max(0.0, lowX - padX), highX + padX);
    xAxis->applyNiceNumbers();
    const double padY = std::max(0.02, 0.08 * (highY - lowY));
    yAxis->setRange(std::max(0.0, lowY - padY), highY + padY);
    yAxis->applyNiceNumbers();
    emit comparisonLanded();
}
