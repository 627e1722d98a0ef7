#include "chartpage.h"

#include "analysisreport.h"
#include "datasetanalysis.h"
#include "datasetstore.h"
#include "flowlayout.h"
#include "sweepplan.h"
#include "wording.h"

#include <QAction>
#include <QButtonGroup>
#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QSettings>
#include <QSpinBox>
#include <QToolButton>
#include <QVBoxLayout>

ChartPage::ChartPage(const DataSetStore* store, DataSetAnalysis* analysis, QWidget* parent)
    : QWidget(parent)
    , m_store(store)
    , m_analysis(analysis)
    , m_chartView(new RuntimeChartView(this))
    , m_measureSwitch(new QWidget(this))
    , m_runtimeButton(new QToolButton(m_measureSwitch))
    , m_memoryButton(new QToolButton(m_measureSwitch))
    , m_predictBox(new QSpinBox(this))
    , m_idealBox(new QCheckBox(tr("&Ideal bound"), this))
    , m_errorBarsBox(new QCheckBox(tr("95 % C&I"), this))
    , m_logTasksBox(new QCheckBox(tr("&Log tasks"), this))
    , m_logSecondsBox(new QCheckBox(tr("Log &time"), this))
    , m_hideOutliersBox(new QCheckBox(tr("Hide &outliers"), this))
    , m_fitBox(new QComboBox(this))
{
    m_chartView->setContextMenuPolicy(Qt::ActionsContextMenu); // the window adds Copy and Export
    m_predictBox->setRange(0, PlanLimits::MaxTasks);
    m_predictBox->setSingleStep(100);
    m_predictBox->setSpecialValueText(tr("none"));
    m_predictBox->setToolTip(tr("Extend each trendline, dotted, to this task count, as the article does"));
    m_idealBox->setToolTip(tr("h·⌈n/w⌉: the time with no overhead at all, per strategy"));
    m_errorBarsBox->setToolTip(tr("Error bars: the 95 % confidence interval of each mean (Student t)"));
    m_hideOutliersBox->setToolTip(
        tr("Leave runs flagged by the modified z-score (|M| > 3.5, from 5 runs per point) out "
           "of the points, the means, the trendlines and the cost model"));
    m_fitBox->addItem(tr("Fit means"), int(FitTarget::Mean));
    m_fitBox->addItem(tr("Fit medians"), int(FitTarget::Median));
    m_fitBox->setToolTip(
        tr("What the trendlines are fitted to: the mean per task count (as the article) or the median"));

    // The options wrap onto a second row in a narrow window rather than widen it or cut the last ones.
    auto* optionsRow = new QWidget(this);
    optionsRow->setObjectName(QStringLiteral("chartOptions"));
    auto* options = new FlowLayout(optionsRow);
    options->setContentsMargins(0, 0, 0, 0);
    auto* predict = new QWidget(optionsRow); // the label and its box stay together
    auto* predictLayout = new QHBoxLayout(predict);
    predictLayout->setContentsMargins(0, 0, 0, 0);
    auto* predictLabel = new QLabel(tr("&Predict to n ="), predict);
    predictLabel->setBuddy(m_predictBox);
    m_predictBox->setParent(predict);
    predictLayout->addWidget(predictLabel);
    predictLayout->addWidget(m_predictBox);
    options->addWidget(predict);
    for (QWidget* widget : std::initializer_list<QWidget*> {
             m_fitBox, m_idealBox, m_errorBarsBox, m_logTasksBox, m_logSecondsBox, m_hideOutliersBox })
        options->addWidget(widget);

    // Runtime | Memory: one click, or Ctrl+Shift+M, between the two views.
    auto* measureRow = new QHBoxLayout(m_measureSwitch);
    measureRow->setContentsMargins(0, 0, 0, 0);
    measureRow->setSpacing(0);
    auto* measures = new QButtonGroup(this);
    for (QToolButton* button : { m_runtimeButton, m_memoryButton }) {
        button->setCheckable(true);
        measures->addButton(button);
        measureRow->addWidget(button);
        connect(button, &QToolButton::clicked, this, &ChartPage::measureChosen);
    }
    m_runtimeButton->setText(tr("Runtime"));
    m_runtimeButton->setToolTip(tr("Wall time of every run against the task count (Ctrl+Shift+M switches)"));
    m_runtimeButton->setChecked(true);
    m_memoryButton->setText(tr("Memory"));
    m_memoryButton->setToolTip(tr("Peak resident memory of every run against the task count: the tool's process plus "
                                  "its worker processes, in MiB (Ctrl+Shift+M switches)"));
    auto* switchMeasure = new QAction(tr("Switch between runtime and memory"), this);
    switchMeasure->setShortcut(QKeySequence(tr("Ctrl+Shift+M")));
    m_measureSwitch->addAction(switchMeasure); // in the window's reach wherever the switch is shown
    connect(switchMeasure, &QAction::triggered, this, [this] {
        (m_memoryButton->isChecked() ? m_runtimeButton : m_memoryButton)->setChecked(true);
        emit measureChosen();
    });
    connect(m_memoryButton, &QToolButton::toggled, this, [this] {
        updateOptionsForMeasure();
        redraw();
    });

    connect(m_predictBox, &QSpinBox::valueChanged, this, &ChartPage::redraw);
    for (QCheckBox* box : { m_idealBox, m_errorBarsBox, m_logTasksBox, m_logSecondsBox })
        connect(box, &QCheckBox::toggled, this, &ChartPage::redraw);
    connect(m_fitBox, &QComboBox::currentIndexChanged, this, &ChartPage::analysisOptionsChanged);
    connect(m_hideOutliersBox, &QCheckBox::toggled, this, &ChartPage::analysisOptionsChanged);
    connect(m_analysis, &DataSetAnalysis::reportChanged, this, &ChartPage::redraw);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_chartView, 1);
    layout->addWidget(optionsRow);
}

ChartInput ChartPage::chartInput() const
{
    ChartInput input;
    const AnalysisReport& report = m_analysis->report();
    // The runs the report was found from, shared with the store's: the chart leaves out those of other groups.
    input.runs = m_analysis->runs();
    input.report = report;
    const int shown = m_analysis->dataSet() >= 0 ? m_analysis->dataSet() : m_store->currentIndex();
    if (shown >= 0) {
        const QString& title = m_store->at(shown).title;
        input.title = input.runs.isEmpty() ? title : tr("%1 — %2").arg(capitalized(reportHeadline(report)), title);
    }
    input.options.predictTo = m_predictBox->value();
    input.options.showIdeal = m_idealBox->isChecked();
    input.options.showErrorBars = m_errorBarsBox->isChecked();
    input.options.logTasks = m_logTasksBox->isChecked();
    input.options.logSeconds = m_logSecondsBox->isChecked();
    input.options.hideOutliers = m_hideOutliersBox->isChecked();
    input.options.measure = m_memoryButton->isChecked() ? ChartMeasure::Memory : ChartMeasure::Runtime;
    return input;
}

void ChartPage::updateOptionsForMeasure()
{
    const bool runtime = !m_memoryButton->isChecked();
    for (QWidget* option : std::initializer_list<QWidget*> {
             m_predictBox->parentWidget(), m_fitBox, m_idealBox, m_errorBarsBox, m_logSecondsBox, m_hideOutliersBox })
        option->setEnabled(runtime);
}

void ChartPage::redraw()
{
    m_chartView->runtimeChart()->setInput(chartInput());
}

void ChartPage::analysisOptionsChanged()
{
    AnalysisOptions options;
    options.fitTo = FitTarget(m_fitBox->currentData().toInt());
    options.dropOutliers = m_hideOutliersBox->isChecked();
    m_analysis->setOptions(options); // the chart follows when the analysis lands
}

void ChartPage::restoreSettings(const QSettings& settings)
{
    m_predictBox->setValue(settings.value(QStringLiteral("chart/predictTo"), 0).toInt());
    m_idealBox->setChecked(settings.value(QStringLiteral("chart/ideal"), false).toBool());
    m_errorBarsBox->setChecked(settings.value(QStringLiteral("chart/errorBars"), false).toBool());
    m_logTasksBox->setChecked(settings.value(QStringLiteral("chart/logTasks"), false).toBool());
    m_logSecondsBox->setChecked(settings.value(QStringLiteral("chart/logSeconds"), false).toBool());
    m_hideOutliersBox->setChecked(settings.value(QStringLiteral("chart/hideOutliers"), false).toBool());
    m_fitBox->setCurrentIndex(settings.value(QStringLiteral("chart/fitMedian"), false).toBool() ? 1 : 0);
}

void ChartPage::saveSettings(QSettings& settings) const
{
    settings.setValue(QStringLiteral("chart/predictTo"), m_predictBox->value());
    settings.setValue(QStringLiteral("chart/ideal"), m_idealBox->isChecked());
    settings.setValue(QStringLiteral("chart/errorBars"), m_errorBarsBox->isChecked());
    settings.setValue(QStringLiteral("chart/logTasks"), m_logTasksBox->isChecked());
    settings.setValue(QStringLiteral("chart/logSeconds"), m_logSecondsBox->isChecked());
    settings.setValue(QStringLiteral("chart/hideOutliers"), m_hideOutliersBox->isChecked());
    settings.setValue(QStringLiteral("chart/fitMedian"), m_fitBox->currentIndex() == 1);
}
