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
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QMenu>
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
    , m_normaliseBox(new QCheckBox(tr("&Normalised"), this))
    , m_overlayButton(new QToolButton(this))
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
    m_normaliseBox->setToolTip(tr("Runtime ÷ task duration: the ideal bound is ⌈n/w⌉ whatever the tasks' length, so "
                                  "sets of 2 s and 20 ms tasks compare"));
    m_overlayButton->setText(tr("Overlay"));
    m_overlayButton->setPopupMode(QToolButton::InstantPopup);
    m_overlayButton->setMenu(new QMenu(m_overlayButton));
    m_overlayButton->setToolTip(tr("Draw other data sets over this one, each named in the legend (Ctrl+Shift+O)"));
    auto* showOverlays = new QAction(tr("Overlay data sets"), this);
    showOverlays->setShortcut(QKeySequence(tr("Ctrl+Shift+O")));
    addAction(showOverlays);
    connect(showOverlays, &QAction::triggered, m_overlayButton, &QToolButton::showMenu);

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
    for (QWidget* widget : std::initializer_list<QWidget*> { m_fitBox, m_idealBox, m_errorBarsBox, m_logTasksBox,
             m_logSecondsBox, m_hideOutliersBox, m_normaliseBox, m_overlayButton })
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
    connect(m_normaliseBox, &QCheckBox::toggled, this, [this](bool on) {
        if (m_normaliseBox->isEnabled())
            m_normaliseWanted = on;
        redraw();
    });
    // Built when it opens, from the sets there are then: an action is never deleted from within its own signal.
    connect(m_overlayButton->menu(), &QMenu::aboutToShow, this, &ChartPage::rebuildOverlayMenu);
    connect(m_store, &DataSetStore::currentChanged, this, &ChartPage::updateOverlayButton);
    rebuildOverlayMenu();

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
    input.options.normalised = m_normaliseWanted;
    // The sets overlaid: of each, the report of this one's group, or of its workload with other task durations; none
    // before this one's first analysis has landed, when there is no group to match.
    for (const DataSetAnalysis::OverlayReports& overlay : m_analysis->overlayReports()) {
        if (report.strategies.isEmpty())
            break;
        if (overlay.dataSet == shown || !m_overlaid.contains(overlay.dataSet))
            continue;
        if (const AnalysisReport* match = matchingReport(overlay.reports, report))
            input.overlays.append({ legendName(overlay.dataSet), *match });
    }
    if (!input.overlays.isEmpty()) {
        input.name = legendName(shown);
        QStringList names;
        for (const ChartLayer& layer : std::as_const(input.overlays))
            names << layer.name;
        input.title = tr("%1, beside %2").arg(input.title, names.join(tr(" and ")));
    }
    return input;
}

QString ChartPage::legendName(int dataSet) const
{
    if (dataSet < 0 || dataSet >= m_store->count())
        return {};
    // Short, as the legend repeats it per series: the article, this machine, a file's name; the whole title where two
    // sets of the chart would read the same.
    const auto shortName = [this](int index) {
        const DataSet& set = m_store->at(index);
        if (set.fromArticle)
            return tr("the article");
        return set.path.isEmpty() ? tr("this machine") : QFileInfo(set.path).fileName();
    };
    const QString name = shortName(dataSet);
    const int shown = m_store->currentIndex();
    for (int other : m_overlaid + QList<int> { shown }) {
        if (other != dataSet && other >= 0 && other < m_store->count() && shortName(other) == name)
            return m_store->at(dataSet).title;
    }
    return name;
}

void ChartPage::setOverlaid(int dataSet, bool overlaid)
{
    if (dataSet < 0 || dataSet >= m_store->count() || m_overlaid.contains(dataSet) == overlaid)
        return;
    if (overlaid)
        m_overlaid.append(dataSet);
    else
        m_overlaid.removeAll(dataSet);
    updateOverlayButton();
    m_analysis->setOverlays(m_overlaid); // the chart follows when the analysis lands
    redraw(); // a set taken off goes at once
}

void ChartPage::sweepStarted()
{
    if (!m_overlayArticle)
        return;
    for (int i = 0; i < m_store->count(); ++i) {
        if (m_store->at(i).fromArticle && i != m_store->currentIndex())
            setOverlaid(i, true);
    }
}

void ChartPage::rebuildOverlayMenu()
{
    QMenu* menu = m_overlayButton->menu();
    menu->clear();
    const int shown = m_store->currentIndex();
    for (int i = 0; i < m_store->count(); ++i) {
        if (i == shown)
            continue;
        QString title = m_store->at(i).title;
        QAction* action = menu->addAction(title.replace(u'&', QStringLiteral("&&")));
        action->setCheckable(true);
        action->setChecked(m_overlaid.contains(i));
        connect(action, &QAction::toggled, this, [this, i](bool on) {
            // Taking the article off a sweep's chart is remembered for the next Run; putting it back too.
            if (m_store->at(i).fromArticle)
                m_overlayArticle = on;
            setOverlaid(i, on);
        });
    }
    if (menu->isEmpty())
        menu->addAction(tr("No other data set yet: run a sweep or open a file"))->setEnabled(false);
    updateOverlayButton();
}

void ChartPage::updateOverlayButton()
{
    const int shown = m_store->currentIndex();
    int count = 0;
    for (int set : std::as_const(m_overlaid))
        count += set != shown ? 1 : 0;
    m_overlayButton->setText(count > 0 ? tr("Overlay (%1)").arg(count) : tr("Overlay"));
}

void ChartPage::updateNormaliseBox(const ChartInput& input)
{
    const bool runtime = input.options.measure == ChartMeasure::Runtime;
    const bool forced = runtime && input.durationsDiffer() && input.normalisedAxis();
    const QSignalBlocker blocker(m_normaliseBox);
    m_normaliseBox->setEnabled(runtime && !forced);
    m_normaliseBox->setChecked(forced || m_normaliseWanted);
    m_normaliseBox->setToolTip(forced
            ? tr("Runtime ÷ task duration, because the sets overlaid differ in their tasks' length: only so do they "
                 "compare")
            : tr("Runtime ÷ task duration: the ideal bound is ⌈n/w⌉ whatever the tasks' length, so sets of 2 s and "
                 "20 ms tasks compare"));
}

void ChartPage::updateOptionsForMeasure()
{
    const bool runtime = !m_memoryButton->isChecked();
    for (QWidget* option : std::initializer_list<QWidget*> { m_predictBox->parentWidget(), m_fitBox, m_idealBox,
             m_errorBarsBox, m_logSecondsBox, m_hideOutliersBox, m_normaliseBox })
        option->setEnabled(runtime);
}

void ChartPage::redraw()
{
    const ChartInput input = chartInput();
    updateNormaliseBox(input);
    m_chartView->runtimeChart()->setInput(input);
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
    m_normaliseWanted = settings.value(QStringLiteral("chart/normalised"), false).toBool();
    m_overlayArticle = settings.value(QStringLiteral("chart/overlayArticle"), true).toBool();
    redraw();
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
    settings.setValue(QStringLiteral("chart/normalised"), m_normaliseWanted);
    settings.setValue(QStringLiteral("chart/overlayArticle"), m_overlayArticle);
}
