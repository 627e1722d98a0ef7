#include "mainwindow.h"

#include "analysisreport.h"
#include "chartexport.h"
#include "controlpanel.h"
#include "fileio.h"
#include "flowlayout.h"
#include "inputquote.h"
#include "reportmodels.h"
#include "resultsmodel.h"
#include "runjournal.h"
#include "strategystyle.h"
#include "sweepsession.h"
#include "tablecopy.h"
#include "wording.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QCloseEvent>
#include <QComboBox>
#include <QDialog>
#include <QDialogButtonBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QElapsedTimer>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QProgressBar>
#include <QPushButton>
#include <QScreen>
#include <QSettings>
#include <QSortFilterProxyModel>
#include <QSpinBox>
#include <QSplitter>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QTimer>
#include <QToolBar>
#include <QUrl>
#include <QVBoxLayout>
#include <algorithm>

namespace {
const QString articleResource = QStringLiteral(":/data/article-runs.csv");
constexpr int minimumRefreshMs = 150;

// Whether a data set holds a run that ended: a cancelled run measured nothing.
bool measuredAnything(const DataSet& set)
{
    return std::any_of(set.results.runs.cbegin(), set.results.runs.cend(),
        [](const RunResult& run) { return run.status != RunStatus::Cancelled; });
}

// Ctrl+C on a table copies its selection as tab-separated text.
class CopyableTableView : public QTableView
{
public:
    using QTableView::QTableView;

protected:
    void keyPressEvent(QKeyEvent* event) override
    {
        if (event->matches(QKeySequence::Copy)) {
            copySelection(this);
            event->accept();
            return;
        }
        QTableView::keyPressEvent(event);
    }
};
} // namespace

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent)
    , m_machine(currentMachine())
    , m_resultsModel(new ResultsModel(this))
    , m_resultsProxy(new QSortFilterProxyModel(this))
    , m_statisticsModel(new StatisticsModel(this))
    , m_decisionModel(new DecisionModel(this))
    , m_articleDecisionModel(new ArticleDecisionModel(this))
    , m_costModelModel(new CostModelModel(this))
    , m_analysisTimer(new QTimer(this))
{
    setWindowIcon(QIcon(QStringLiteral(":/icons/conlab.svg")));
    setAcceptDrops(true);
    m_resultsProxy->setSourceModel(m_resultsModel);
    m_resultsProxy->setSortRole(ResultsModel::SortRole);

    // Points appear as runs finish, but a sweep of many short runs must not re-fit and redraw for each one: at most
    // every 150 ms, and never more than a third of the GUI thread's time (see refreshAnalysis()).
    m_analysisTimer->setSingleShot(true);
    m_analysisTimer->setInterval(minimumRefreshMs);
    connect(m_analysisTimer, &QTimer::timeout, this, &MainWindow::refreshAnalysis);

    createActions();
    createWidgets();

    // First start, and every start: the article's own measurements, so the idea is on screen before anything runs.
    QString error;
    if (std::optional<ResultSet> article = readResultFile(articleResource, &error)) {
        DataSet set;
        set.title = tr("The article (Szewczyk, 2020)");
        set.results = std::move(*article);
        set.fromArticle = true;
        addDataSet(set);
    }
    readSettings();
    updateActions();
    statusBar()->showMessage(
        tr("Showing the article's measurements. Press Run (F5) to measure this machine beside them."));
}

MainWindow::~MainWindow() = default;

void MainWindow::createActions()
{
    QMenu* fileMenu = menuBar()->addMenu(tr("&File"));
    m_openAction = fileMenu->addAction(
        QIcon::fromTheme(QStringLiteral("document-open")), tr("&Open Results…"), this, &MainWindow::openWithDialog);
    m_openAction->setShortcut(QKeySequence::Open);
    m_openAction->setStatusTip(tr("Open a CSV or JSON result file of conlab or conlab-gui"));
    m_openArticleAction = fileMenu->addAction(tr("Show the &Article's Data"), this, [this] {
        for (int i = 0; i < m_dataSets.size(); ++i) {
            if (m_dataSets.at(i).fromArticle)
                setCurrentDataSet(i);
        }
    });
    m_saveAction = fileMenu->addAction(
        QIcon::fromTheme(QStringLiteral("document-save")), tr("&Save Results…"), this, &MainWindow::saveWithDialog);
    m_saveAction->setShortcut(QKeySequence::Save);
    m_saveAction->setStatusTip(tr("Save the runs on show as CSV or JSON (JSON keeps the per-task traces)"));
    fileMenu->addSeparator();
    m_exportChartAction = fileMenu->addAction(tr("&Export Chart…"), this, [this] { exportChartWithDialog(false); });
    m_exportChartAction->setShortcut(QKeySequence(tr("Ctrl+E")));
    m_exportChartAction->setStatusTip(tr("Save the chart as PNG (at the screen's pixel density) or SVG"));
    m_exportChartSizedAction
        = fileMenu->addAction(tr("Export Chart at &Size…"), this, [this] { exportChartWithDialog(true); });
    m_exportChartSizedAction->setShortcut(QKeySequence(tr("Ctrl+Shift+E")));
    m_exportMarkdownAction
        = fileMenu->addAction(tr("Export &Report as Markdown…"), this, &MainWindow::exportMarkdownWithDialog);
    m_exportMarkdownAction->setShortcut(QKeySequence(tr("Ctrl+M")));
    m_exportMarkdownAction->setStatusTip(tr("The statistics and decision tables as GitHub Markdown"));
    fileMenu->addSeparator();
    m_quitAction = fileMenu->addAction(tr("&Quit"), this, &QWidget::close);
    m_quitAction->setShortcut(QKeySequence::Quit);

    QMenu* editMenu = menuBar()->addMenu(tr("&Edit"));
    m_copyChartAction = editMenu->addAction(tr("Copy &Chart"), this, &MainWindow::copyChart);
    m_copyChartAction->setShortcut(QKeySequence(tr("Ctrl+Shift+C")));
    m_copyMarkdownAction = editMenu->addAction(tr("Copy Report as &Markdown"), this, &MainWindow::copyMarkdown);

    QMenu* runMenu = menuBar()->addMenu(tr("&Run"));
    m_runAction = runMenu->addAction(tr("&Run Sweep"), this, &MainWindow::startSweep);
    m_runAction->setShortcuts({ QKeySequence(Qt::Key_F5), QKeySequence(tr("Ctrl+R")) });
    m_cancelAction = runMenu->addAction(tr("&Cancel Sweep"), this, &MainWindow::cancelSweep);
    m_cancelAction->setShortcut(QKeySequence(Qt::Key_Escape));
    runMenu->addSeparator();
    for (SweepPreset preset : allPresets()) {
        runMenu->addAction(tr("Preset: %1").arg(presetTitle(preset)), this, [this, preset] {
            if (!isSweepRunning())
                m_panel->applyPreset(preset);
        });
    }

    QMenu* helpMenu = menuBar()->addMenu(tr("&Help"));
    helpMenu->addAction(tr("&About Concurrency Lab"), this, &MainWindow::showAbout);
    helpMenu->addAction(tr("About &Qt"), qApp, &QApplication::aboutQt);
}

void MainWindow::createWidgets()
{
    m_panel = new ControlPanel(m_machine, this);
    connect(m_panel, &ControlPanel::runRequested, this, &MainWindow::startSweep);
    connect(m_panel, &ControlPanel::cancelRequested, this, &MainWindow::cancelSweep);
    connect(m_panel, &ControlPanel::planChanged, this, &MainWindow::updateActions);

    m_dataSetBox = new QComboBox(this);
    m_dataSetBox->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_dataSetBox->setToolTip(tr("The article's measurements, each sweep run here and each file opened"));
    connect(m_dataSetBox, &QComboBox::currentIndexChanged, this, &MainWindow::setCurrentDataSet);
    m_groupBox = new QComboBox(this);
    m_groupBox->setToolTip(tr("Runs of different workloads or task durations are analysed apart"));
    connect(m_groupBox, &QComboBox::currentIndexChanged, this, &MainWindow::refreshAnalysis);
    m_creditLabel = new QLabel(this);
    m_creditLabel->setWordWrap(true);
    m_creditLabel->setOpenExternalLinks(false);
    auto* dataLabel = new QLabel(tr("&Data:"), this);
    dataLabel->setBuddy(m_dataSetBox);
    auto* dataRow = new QHBoxLayout;
    dataRow->addWidget(dataLabel);
    dataRow->addWidget(m_dataSetBox);
    dataRow->addWidget(m_groupBox);
    dataRow->addWidget(m_creditLabel, 1);

    m_tabs = new QTabWidget(this);
    m_tabs->addTab(createChartTab(), tr("C&hart"));
    m_resultsView = createTableView(m_resultsProxy, true);
    m_tabs->addTab(m_resultsView, tr("R&uns"));
    m_statisticsView = createTableView(m_statisticsModel, false);
    m_tabs->addTab(m_statisticsView, tr("&Statistics"));
    m_tabs->addTab(createDecisionTab(), tr("De&cision"));
    m_tabs->addTab(createCostModelTab(), tr("Cost &model"));

    auto* right = new QWidget(this);
    auto* rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    rightLayout->addLayout(dataRow);
    rightLayout->addWidget(m_tabs, 1);

    auto* splitter = new QSplitter(this);
    splitter->setObjectName(QStringLiteral("mainSplitter"));
    splitter->addWidget(m_panel); // it scrolls its parameters itself
    splitter->addWidget(right);
    splitter->setStretchFactor(1, 1);
    splitter->setChildrenCollapsible(false);
    splitter->setSizes({ m_panel->minimumSizeHint().width(), 1 << 16 }); // the chart gets what the panel leaves
    setCentralWidget(splitter);

    m_progress = new QProgressBar(this);
    m_progress->setMaximumWidth(360);
    m_progress->setVisible(false);
    m_statusLabel = new QLabel(this);
    statusBar()->addPermanentWidget(m_statusLabel);
    statusBar()->addPermanentWidget(m_progress);
}

QWidget* MainWindow::createChartTab()
{
    auto* tab = new QWidget(this);
    m_chartView = new RuntimeChartView(tab);
    m_chartView->setContextMenuPolicy(Qt::ActionsContextMenu);
    m_chartView->addAction(m_copyChartAction);
    m_chartView->addAction(m_exportChartAction);

    m_predictBox = new QSpinBox(tab);
    m_predictBox->setRange(0, PlanLimits::MaxTasks);
    m_predictBox->setSingleStep(100);
    m_predictBox->setSpecialValueText(tr("none"));
    m_predictBox->setToolTip(tr("Extend each trendline, dotted, to this task count, as the article does"));
    m_idealBox = new QCheckBox(tr("&Ideal bound"), tab);
    m_idealBox->setToolTip(tr("h·⌈n/w⌉: the time with no overhead at all, per strategy"));
    m_errorBarsBox = new QCheckBox(tr("95 % C&I"), tab);
    m_errorBarsBox->setToolTip(tr("Error bars: the 95 % confidence interval of each mean (Student t)"));
    m_logTasksBox = new QCheckBox(tr("&Log tasks"), tab);
    m_logSecondsBox = new QCheckBox(tr("Log &time"), tab);
    m_hideOutliersBox = new QCheckBox(tr("Hide &outliers"), tab);
    m_hideOutliersBox->setToolTip(
        tr("Leave runs flagged by the modified z-score (|M| > 3.5, from 5 runs per point) out "
           "of the points, the means, the trendlines and the cost model"));
    m_fitBox = new QComboBox(tab);
    m_fitBox->addItem(tr("Fit means"), int(FitTarget::Mean));
    m_fitBox->addItem(tr("Fit medians"), int(FitTarget::Median));
    m_fitBox->setToolTip(
        tr("What the trendlines are fitted to: the mean per task count (as the article) or the median"));

    // The options wrap onto a second row in a narrow window rather than widen it or cut the last ones.
    auto* optionsRow = new QWidget(tab);
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

    connect(m_predictBox, &QSpinBox::valueChanged, this, &MainWindow::refreshAnalysis);
    connect(m_fitBox, &QComboBox::currentIndexChanged, this, &MainWindow::refreshAnalysis);
    for (QCheckBox* box : { m_idealBox, m_errorBarsBox, m_logTasksBox, m_logSecondsBox, m_hideOutliersBox })
        connect(box, &QCheckBox::toggled, this, &MainWindow::refreshAnalysis);

    auto* layout = new QVBoxLayout(tab);
    layout->addWidget(m_chartView, 1);
    layout->addWidget(optionsRow);
    return tab;
}

QWidget* MainWindow::createDecisionTab()
{
    auto* tab = new QWidget(this);
    m_decisionView = createTableView(m_decisionModel, false);
    m_articleDecisionView = createTableView(m_articleDecisionModel, false);
    m_decisionNote
        = new QLabel(tr("Measured: per band of task counts, the fastest strategy wins when its 95 % confidence "
                        "interval does not overlap the runner-up's; otherwise there is no clear winner."),
            tab);
    m_decisionNote->setWordWrap(true);
    auto* articleNote = new QLabel(tr("The article's own recommendation (Szewczyk, 2020), for comparison:"), tab);
    articleNote->setWordWrap(true);
    auto* layout = new QVBoxLayout(tab);
    layout->addWidget(m_decisionNote);
    layout->addWidget(m_decisionView, 2);
    layout->addWidget(articleNote);
    layout->addWidget(m_articleDecisionView, 1);
    return tab;
}

QWidget* MainWindow::createCostModelTab()
{
    auto* tab = new QWidget(this);
    m_costModelView = createTableView(m_costModelModel, false);
    m_costModelNote = new QLabel(
        tr("The article's model T = h·⌈n/w⌉ + (n/w)·y + o fitted to each strategy's runs: h is the task duration, "
           "w the tasks that run at once, y the overhead of handing one task to a worker and o the fixed overhead "
           "(starting the pool). h·⌈n/w⌉ alone is the ideal bound; the trendline is the quadratic fit of the means."),
        tab);
    m_costModelNote->setWordWrap(true);
    auto* layout = new QVBoxLayout(tab);
    layout->addWidget(m_costModelNote);
    layout->addWidget(m_costModelView, 1);
    return tab;
}

QTableView* MainWindow::createTableView(QAbstractItemModel* model, bool sortable)
{
    auto* view = new CopyableTableView(this);
    view->setModel(model);
    view->setSortingEnabled(sortable);
    view->setSelectionBehavior(QAbstractItemView::SelectItems);
    view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    view->setAlternatingRowColors(true);
    view->setWordWrap(false);
    view->verticalHeader()->setVisible(false);
    // Columns as wide as their contents, also for a model that is never reset (the article's table), and no
    // stretched last column pushing its numbers to the far edge.
    view->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    // Widths from the first rows and the visible ones, not from every one of thousands of runs.
    view->horizontalHeader()->setResizeContentsPrecision(100);
    view->resizeColumnsToContents();
    view->setContextMenuPolicy(Qt::ActionsContextMenu);
    auto* copy = new QAction(tr("Copy"), view);
    copy->setShortcut(QKeySequence::Copy);
    copy->setShortcutContext(Qt::WidgetShortcut);
    connect(copy, &QAction::triggered, view, [view] { copySelection(view); });
    view->addAction(copy);
    if (sortable)
        view->sortByColumn(ResultsModel::RunColumn, Qt::AscendingOrder);
    connect(model, &QAbstractItemModel::modelReset, view, [view] { view->resizeColumnsToContents(); });
    // A sweep appends its runs to a table sized when it was empty: a column only widens, so a name is never cut and
    // a width the person set is kept.
    connect(model, &QAbstractItemModel::rowsInserted, view, [view] {
        const QAbstractItemView* asView = view; // sizeHintForColumn() is public there
        for (int column = 0; column < view->model()->columnCount(); ++column) {
            const int wanted
                = std::max(asView->sizeHintForColumn(column), view->horizontalHeader()->sectionSizeHint(column));
            if (wanted > view->columnWidth(column))
                view->setColumnWidth(column, wanted);
        }
    });
    return view;
}

void MainWindow::addDataSet(const DataSet& set)
{
    m_dataSets.append(set);
    m_dataSetBox->addItem(set.title);
    m_dataSetBox->setItemData(m_dataSetBox->count() - 1, set.path.isEmpty() ? set.title : set.path, Qt::ToolTipRole);
    m_dataSetBox->setCurrentIndex(int(m_dataSets.size()) - 1); // shows it via setCurrentDataSet
}

void MainWindow::setCurrentDataSet(int index)
{
    if (index < 0 || index >= m_dataSets.size())
        return;
    m_current = index;
    if (m_dataSetBox->currentIndex() != index)
        m_dataSetBox->setCurrentIndex(index);
    const DataSet& set = m_dataSets.at(index);
    m_resultsModel->resetData(set.results.runs);
    if (set.fromArticle) {
        m_creditLabel->setText(tr("Measured by Zac J. Szewczyk for <i>Sequential Execution, Multiprocessing, and "
                                  "Multithreading IO-Bound Tasks in Python</i> (2020): 2 s sleep tasks, 10 runs each, "
                                  "on his machine."));
    } else if (set.results.metadata.hasMachine) {
        const MachineInfo& machine = set.results.metadata.machine;
        m_creditLabel->setText(
            tr("Measured on %1 (%2, %3).")
                .arg(quotedInput(machine.hostname).toHtmlEscaped(), quotedInput(machine.cpuModel).toHtmlEscaped(),
                    countOf(machine.cores, tr("core"), tr("cores"))));
    } else {
        m_creditLabel->setText(
            set.path.isEmpty() ? QString() : quotedPath(QDir::toNativeSeparators(set.path)).toHtmlEscaped());
    }
    rebuildGroups();
    refreshAnalysis();
    updateTitle();
    updateActions();
}

void MainWindow::rebuildGroups()
{
    const QSignalBlocker blocker(m_groupBox);
    const QVariant previous = m_groupBox->currentData();
    m_groupBox->clear();
    QList<std::pair<int, int>> groups;
    for (const RunResult& run : m_resultsModel->runs()) {
        const std::pair<int, int> key { int(run.spec.workload), run.spec.taskMs };
        if (!groups.contains(key))
            groups.append(key);
    }
    std::sort(groups.begin(), groups.end());
    for (const auto& [workload, taskMs] : groups)
        m_groupBox->addItem(workloadGroupText(WorkloadKind(workload), taskMs), QVariantList { workload, taskMs });
    const int keep = m_groupBox->findData(previous);
    m_groupBox->setCurrentIndex(keep >= 0 ? keep : 0);
    m_groupBox->setVisible(groups.size() > 1);
}

void MainWindow::scheduleAnalysis()
{
    if (!m_analysisTimer->isActive())
        m_analysisTimer->start();
}

void MainWindow::refreshAnalysis()
{
    m_analysisTimer->stop();
    QElapsedTimer clock;
    clock.start();
    AnalysisOptions options;
    options.fitTo = FitTarget(m_fitBox->currentData().toInt());
    options.dropOutliers = m_hideOutliersBox->isChecked();
    const SweepCoverage coverage = m_current >= 0 ? coverageOf(m_dataSets.at(m_current).results) : SweepCoverage {};
    m_reports = analyzeRuns(m_resultsModel->runs(), options, coverage);
    const QVariantList group = m_groupBox->currentData().toList();
    m_report = AnalysisReport {};
    m_report.options = options;
    for (const AnalysisReport& report : std::as_const(m_reports)) {
        if (group.size() == 2 && int(report.workload) == group.at(0).toInt() && report.taskMs == group.at(1).toInt())
            m_report = report;
    }
    if (group.size() != 2 && !m_reports.isEmpty())
        m_report = m_reports.first();
    m_statisticsModel->resetData(m_report);
    m_decisionModel->resetData(m_report);
    m_costModelModel->resetData(m_report);
    m_chartView->runtimeChart()->setInput(chartInput());
    // Redrawing thousands of points takes a while (about 110 ms for 4,000 runs on the 2-core VM, nearly all of it
    // the chart's): the next refresh waits twice as long as this one took.
    m_analysisTimer->setInterval(std::max(minimumRefreshMs, 2 * int(clock.elapsed())));
}

ChartInput MainWindow::chartInput() const
{
    ChartInput input;
    for (const RunResult& run : m_resultsModel->runs()) {
        if (run.spec.workload == m_report.workload && run.spec.taskMs == m_report.taskMs)
            input.runs.append(run);
    }
    input.report = m_report;
    if (m_current >= 0) {
        input.title = input.runs.isEmpty()
            ? m_dataSets.at(m_current).title
            : tr("%1 — %2").arg(capitalized(reportHeadline(m_report)), m_dataSets.at(m_current).title);
    }
    input.options.predictTo = m_predictBox->value();
    input.options.showIdeal = m_idealBox->isChecked();
    input.options.showErrorBars = m_errorBarsBox->isChecked();
    input.options.logTasks = m_logTasksBox->isChecked();
    input.options.logSeconds = m_logSecondsBox->isChecked();
    input.options.hideOutliers = m_hideOutliersBox->isChecked();
    return input;
}

void MainWindow::updateTitle()
{
    const DataSet* set = m_current >= 0 ? &m_dataSets.at(m_current) : nullptr;
    setWindowTitle(set ? tr("%1%2 — Concurrency Lab").arg(set->title, set->unsaved ? tr(" (unsaved)") : QString())
                       : tr("Concurrency Lab"));
}

void MainWindow::updateActions()
{
    const bool running = isSweepRunning();
    const bool hasRuns = !m_resultsModel->runs().isEmpty();
    m_runAction->setEnabled(!running && m_panel->problem().isEmpty());
    m_cancelAction->setEnabled(running && !m_session->isCancelling());
    m_saveAction->setEnabled(hasRuns);
    m_exportChartAction->setEnabled(hasRuns);
    m_exportChartSizedAction->setEnabled(hasRuns);
    m_copyChartAction->setEnabled(hasRuns);
    m_exportMarkdownAction->setEnabled(!m_report.strategies.isEmpty());
    m_copyMarkdownAction->setEnabled(!m_report.strategies.isEmpty());
    m_openAction->setEnabled(true);
    m_panel->setRunning(running);
}

bool MainWindow::isSweepRunning() const
{
    return m_sweepDataSet >= 0;
}

void MainWindow::startSweep()
{
    if (isSweepRunning())
        return;
    const QString problem = m_panel->problem();
    if (!problem.isEmpty()) {
        showError(tr("Cannot run this sweep"), problem);
        return;
    }
    const SweepPlan plan = m_panel->plan();
    SweepSessionOptions options;
    options.command = sweepCommand(plan); // what reproduces these runs from a terminal
    options.machine = m_machine;
    options.journal = true;
    m_session = new SweepSession(plan, options, this);
    connect(m_session, &SweepSession::runStarted, this, &MainWindow::onRunStarted);
    connect(m_session, &SweepSession::runFinished, this, &MainWindow::onRunFinished);
    connect(m_session, &SweepSession::progress, this, &MainWindow::onProgress);
    connect(m_session, &SweepSession::finished, this, [this] { onSweepEnded(false); });
    connect(m_session, &SweepSession::cancelled, this, [this] { onSweepEnded(true); });
    connect(m_session, &SweepSession::failed, this, &MainWindow::onSweepFailed);
    // A note from the engine (a CPU calibration measured again) stays in the status bar: run messages replace the rest.
    connect(m_session, &SweepSession::notice, this, [this](const QString& message) {
        if (!m_engineNote) {
            m_engineNote = new QLabel(statusBar());
            statusBar()->addPermanentWidget(m_engineNote, 1);
        }
        m_engineNote->setText(message); // the latest note, in one place however many come
        m_engineNote->setToolTip(message);
    });
    connect(m_session, &SweepSession::journalFailed, this, [this](const QString& message) {
        statusBar()->showMessage(
            tr("The journal stopped: %1. The sweep goes on; save its results when it ends.").arg(message));
    });

    DataSet set;
    set.title = tr("This machine, %1").arg(QLocale().toString(QDateTime::currentDateTime(), QLocale::ShortFormat));
    set.results.metadata = m_session->results().metadata;
    set.unsaved = true;
    addDataSet(set);
    m_sweepDataSet = m_current;
    m_progress->setRange(0, m_session->plannedRuns());
    m_progress->setValue(0);
    m_progress->setFormat(tr("%v / %m runs"));
    m_progress->setVisible(true);
    m_tabs->setCurrentIndex(0);
    updateActions();
    m_session->start(); // journaled in the default place: it starts with or without the journal
    if (m_session->journalProblem().isEmpty()) {
        statusBar()->showMessage(tr("Starting the sweep; every run is journaled to %1")
                                     .arg(QDir::toNativeSeparators(m_session->journal().path())));
    } else {
        // Measuring matters more than the journal: say what is at risk, once per sweep in a notice that does not stop
        // it, and in the status bar of every run (onRunStarted()), and go on.
        const QString message
            = tr("This sweep runs without a journal (%1): if the app ends before you save, its runs are lost. Save the "
                 "results when it ends.")
                  .arg(m_session->journalProblem());
        statusBar()->showMessage(message);
        auto* notice = new QMessageBox(QMessageBox::Warning, tr("No journal"), message, QMessageBox::Ok, this);
        notice->setAttribute(Qt::WA_DeleteOnClose);
        notice->setWindowModality(Qt::NonModal);
        notice->show();
    }
}

void MainWindow::cancelSweep()
{
    if (!isSweepRunning() || m_session->isCancelling())
        return;
    m_session->cancel();
    statusBar()->showMessage(tr("Cancelling: stopping the current run; the finished runs are kept…"));
    updateActions();
}

void MainWindow::onRunStarted(int index, const RunSpec& spec, double secondsLeft)
{
    QString text = tr("Run %1 of %2: %3, %4 (repeat %5)")
                       .arg(index + 1)
                       .arg(m_session->plannedRuns())
                       .arg(strategyName(spec.strategy))
                       .arg(countOf(spec.tasks, tr("task"), tr("tasks")))
                       .arg(spec.repeat);
    if (secondsLeft >= 0)
        text += tr(" — about %1 left").arg(formatDuration(secondsLeft));
    if (!m_session->journal().isOpen())
        text += tr(" — no journal: save the results when it ends");
    statusBar()->showMessage(text);
}

void MainWindow::onRunFinished(int, const RunResult& result)
{
    if (m_sweepDataSet < 0)
        return;
    DataSet& set = m_dataSets[m_sweepDataSet];
    set.results.runs.append(result);
    if (m_current == m_sweepDataSet) {
        const int groups = m_groupBox->count();
        m_resultsModel->appendRun(result);
        if (groups == 0)
            rebuildGroups();
        scheduleAnalysis();
    }
}

void MainWindow::onProgress(int done, int total, double secondsLeft)
{
    m_progress->setMaximum(total);
    m_progress->setValue(done);
    m_progress->setFormat(
        secondsLeft >= 0 ? tr("%v / %m runs, about %1 left").arg(formatDuration(secondsLeft)) : tr("%v / %m runs"));
}

void MainWindow::endSweepDataSet()
{
    // A sweep cancelled or failed before its first run ended measured nothing: there is nothing to lose by quitting.
    if (m_sweepDataSet >= 0 && !measuredAnything(m_dataSets.at(m_sweepDataSet))) {
        m_dataSets[m_sweepDataSet].unsaved = false;
        updateTitle();
    }
    m_sweepDataSet = -1;
    m_session->deleteLater(); // we are in one of its signals
    m_session = nullptr;
}

void MainWindow::onSweepEnded(bool cancelled)
{
    const int index = m_sweepDataSet;
    // The session's results say how the sweep ended (sweepEnd, plannedRuns): a cancelled sweep reads as one wherever
    // it is opened.
    if (index >= 0)
        m_dataSets[index].results.metadata = m_session->results().metadata;
    const int planned = m_session->plannedRuns();
    const QString elapsed = formatDuration(m_session->elapsedSeconds());
    endSweepDataSet();
    m_progress->setVisible(false);
    if (index < 0)
        return;
    const QList<RunResult>& runs = m_dataSets.at(index).results.runs;
    const int failed = int(std::count_if(runs.cbegin(), runs.cend(),
        [](const RunResult& run) { return !run.isOk() && run.status != RunStatus::Cancelled; }));
    QString message = cancelled
        ? tr("Cancelled after %1 of %2 (%3); the finished runs are kept.")
              .arg(runs.size())
              .arg(countOf(planned, tr("run"), tr("runs")))
              .arg(elapsed)
        : tr("Sweep finished: %1 in %2.").arg(countOf(runs.size(), tr("run"), tr("runs"))).arg(elapsed);
    if (failed > 0)
        message += tr(" %1 refused or failed: see the Runs tab.").arg(countOf(failed, tr("run"), tr("runs")));
    statusBar()->showMessage(message);
    if (index == m_current)
        refreshAnalysis();
    updateActions();
}

void MainWindow::onSweepFailed(const QString& message)
{
    endSweepDataSet();
    m_progress->setVisible(false);
    updateActions();
    showError(tr("The sweep could not start"), message);
}

void MainWindow::offerInterruptedSweeps(bool ask)
{
    for (const JournalInfo& journal : RunJournal::interrupted()) {
        if (ask) {
            QMessageBox box(QMessageBox::Question, tr("Restore an interrupted sweep?"),
                tr("A sweep started %1 stopped before it ended, with %2 of %3 finished. They are in its "
                   "journal:\n%4\n\n"
                   "Restore them as a data set?")
                    .arg(QLocale().toString(journal.metadata.created, QLocale::ShortFormat))
                    .arg(journal.runs)
                    .arg(journal.plannedRuns > 0 ? countOf(journal.plannedRuns, tr("run"), tr("runs"))
                                                 : tr("an unknown number of runs"))
                    .arg(QDir::toNativeSeparators(journal.path)),
                QMessageBox::NoButton, this);
            QPushButton* restore = box.addButton(tr("&Restore"), QMessageBox::AcceptRole);
            QPushButton* discard = box.addButton(tr("&Discard"), QMessageBox::DestructiveRole);
            box.addButton(tr("&Later"), QMessageBox::RejectRole);
            box.setDefaultButton(restore);
            box.exec();
            if (box.clickedButton() == discard) {
                QString error;
                if (!RunJournal::discard(journal.path, &error))
                    showError(tr("Cannot discard the journal"), error);
                continue;
            }
            if (box.clickedButton() != restore)
                continue;
        }
        restoreJournal(journal.path);
    }
}

bool MainWindow::restoreJournal(const QString& path, QString* error)
{
    QString why;
    std::optional<JournalContents> contents = RunJournal::load(path, &why);
    QString archived;
    if (!contents || !RunJournal::archive(path, &archived, &why)) {
        if (error)
            *error = why;
        else
            showError(tr("Cannot restore the sweep"), why);
        return false;
    }
    DataSet set;
    set.title
        = tr("Restored sweep of %1").arg(QLocale().toString(contents->set.metadata.created, QLocale::ShortFormat));
    set.results = std::move(contents->set);
    set.path = archived;
    set.unsaved = true;
    addDataSet(set);
    QString message
        = tr("Restored %1 from the journal %2.")
              .arg(countOf(set.results.runs.size(), tr("run"), tr("runs")), QDir::toNativeSeparators(archived));
    if (const QString coverage = coverageOf(set.results).text(); !coverage.isEmpty())
        message += tr(" The sweep is %1.").arg(coverage);
    if (!contents->notes.isEmpty())
        message += u' ' + contents->notes.join(u' ');
    statusBar()->showMessage(message);
    return true;
}

bool MainWindow::openFile(const QString& path, QString* error)
{
    QString why;
    QStringList notes; // what a damaged journal's end lost
    std::optional<ResultSet> results = readResultFile(path, &why, &notes);
    if (!results) {
        if (error)
            *error = why;
        else
            showError(tr("Cannot open %1").arg(quotedPath(QFileInfo(path).fileName())), why);
        return false;
    }
    DataSet set;
    set.title = quotedPath(QFileInfo(path).fileName());
    set.path = QFileInfo(path).absoluteFilePath();
    set.results = std::move(*results);
    addDataSet(set);
    rememberDirectory(path);
    QString message
        = tr("Opened %1: %2.").arg(quotedPath(set.path), countOf(set.results.runs.size(), tr("run"), tr("runs")));
    if (const QString coverage = coverageOf(set.results).text(); !coverage.isEmpty())
        message += tr(" The sweep is %1.").arg(coverage);
    if (!notes.isEmpty())
        message += u' ' + notes.join(u' ');
    statusBar()->showMessage(message);
    return true;
}

bool MainWindow::saveResults(const QString& path, QString* error)
{
    if (m_current < 0)
        return false;
    QString why;
    DataSet& set = m_dataSets[m_current];
    if (!writeResultFile(path, set.results, &why)) {
        if (error)
            *error = why;
        else
            showError(tr("Cannot save the results"), why);
        return false;
    }
    set.path = QFileInfo(path).absoluteFilePath();
    if (!isSweepRunning() || m_sweepDataSet != m_current)
        set.unsaved = false;
    rememberDirectory(path);
    updateTitle();
    statusBar()->showMessage(
        tr("Saved %1 to %2.").arg(countOf(set.results.runs.size(), tr("run"), tr("runs")), set.path));
    return true;
}

bool MainWindow::exportChartTo(const QString& path, QSize size, qreal devicePixelRatio, QString* error)
{
    QString why;
    if (!exportChart(chartInput(), path, size, devicePixelRatio, &why)) {
        if (error)
            *error = why;
        else
            showError(tr("Cannot export the chart"), why);
        return false;
    }
    rememberDirectory(path);
    statusBar()->showMessage(tr("Chart exported to %1.").arg(QDir::toNativeSeparators(path)));
    return true;
}

bool MainWindow::exportMarkdown(const QString& path, QString* error)
{
    QString why;
    if (!writeFileAtomically(path, analysisToMarkdown(m_report).toUtf8(), &why)) {
        if (error)
            *error = why;
        else
            showError(tr("Cannot export the report"), why);
        return false;
    }
    rememberDirectory(path);
    statusBar()->showMessage(tr("Report exported to %1.").arg(QDir::toNativeSeparators(path)));
    return true;
}

void MainWindow::openWithDialog()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Open Results"), dialogDirectory(),
        tr("Result files (*.csv *.json *.jsonl);;CSV (*.csv);;JSON (*.json);;All files (*)"));
    if (!path.isEmpty())
        openFile(path);
}

void MainWindow::saveWithDialog()
{
    if (m_current < 0)
        return;
    QString selectedFilter;
    const QString csvFilter = tr("CSV, runs only (*.csv)");
    const QString jsonFilter = tr("JSON, with machine and per-task traces (*.json)");
    QString suggestion = m_dataSets.at(m_current).path;
    const QString oldSuffix = QFileInfo(suggestion).suffix().toLower();
    if (suggestion.isEmpty() || m_dataSets.at(m_current).fromArticle)
        suggestion = QDir(dialogDirectory()).filePath(QStringLiteral("conlab-runs.json"));
    else if (oldSuffix != u"csv"
        && oldSuffix != u"json") // a restored journal: its name, as a result file, where files go
        suggestion = QDir(dialogDirectory()).filePath(QFileInfo(suggestion).baseName() + QStringLiteral(".json"));
    QString path = QFileDialog::getSaveFileName(
        this, tr("Save Results"), suggestion, jsonFilter + QStringLiteral(";;") + csvFilter, &selectedFilter);
    if (path.isEmpty())
        return;
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix != QLatin1String("csv") && suffix != QLatin1String("json"))
        path += selectedFilter == csvFilter ? QStringLiteral(".csv") : QStringLiteral(".json");
    saveResults(path);
}

void MainWindow::exportChartWithDialog(bool askSize)
{
    QSize size = m_chartView->size();
    qreal ratio = m_chartView->devicePixelRatioF();
    if (askSize) {
        QDialog dialog(this);
        dialog.setWindowTitle(tr("Export Chart at Size"));
        auto* width = new QSpinBox(&dialog);
        auto* height = new QSpinBox(&dialog);
        for (QSpinBox* box : { width, height }) {
            box->setRange(100, 10'000);
            box->setSuffix(tr(" px"));
        }
        width->setValue(defaultChartExportSize.width());
        height->setValue(defaultChartExportSize.height());
        auto* scale = new QDoubleSpinBox(&dialog);
        scale->setRange(0.5, 4);
        scale->setSingleStep(0.5);
        scale->setValue(1);
        scale->setSuffix(QStringLiteral("×"));
        scale->setToolTip(tr("Pixels per point of the PNG; 2× suits printed reports and high-density screens"));
        auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, &dialog);
        connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
        connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
        auto* form = new QFormLayout(&dialog);
        form->addRow(tr("&Width"), width);
        form->addRow(tr("&Height"), height);
        form->addRow(tr("&Scale (PNG)"), scale);
        form->addRow(buttons);
        if (dialog.exec() != QDialog::Accepted)
            return;
        size = QSize(width->value(), height->value());
        ratio = scale->value();
    }
    QString selectedFilter;
    const QString pngFilter = tr("PNG image (*.png)");
    const QString svgFilter = tr("SVG vector image (*.svg)");
    QString path = QFileDialog::getSaveFileName(this, tr("Export Chart"),
        QDir(dialogDirectory()).filePath(QStringLiteral("conlab-chart.png")),
        pngFilter + QStringLiteral(";;") + svgFilter, &selectedFilter);
    if (path.isEmpty())
        return;
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix != QLatin1String("png") && suffix != QLatin1String("svg"))
        path += selectedFilter == svgFilter ? QStringLiteral(".svg") : QStringLiteral(".png");
    exportChartTo(path, size, ratio);
}

void MainWindow::exportMarkdownWithDialog()
{
    const QString path = QFileDialog::getSaveFileName(this, tr("Export Report as Markdown"),
        QDir(dialogDirectory()).filePath(QStringLiteral("conlab-report.md")), tr("Markdown (*.md)"));
    if (!path.isEmpty())
        exportMarkdown(path);
}

void MainWindow::copyChart()
{
    QApplication::clipboard()->setImage(
        renderChart(chartInput(), m_chartView->size(), m_chartView->devicePixelRatioF()));
    statusBar()->showMessage(tr("Chart copied to the clipboard."), 3000);
}

void MainWindow::copyMarkdown()
{
    QApplication::clipboard()->setText(analysisToMarkdown(m_report));
    statusBar()->showMessage(tr("Report copied to the clipboard as Markdown."), 3000);
}

void MainWindow::showAbout()
{
    QMessageBox::about(this, tr("About Concurrency Lab"),
        tr("<h3>Concurrency Lab %1</h3>"
           "<p>Measures how a batch of tasks runs one after another, on a pool of processes, on a pool of threads, or "
           "on processes that each run a thread pool, on this machine, with real OS threads and processes.</p>"
           "<p>After Zac J. Szewczyk's article <i>Sequential Execution, Multiprocessing, and Multithreading IO-Bound "
           "Tasks in Python</i> (2020), whose measurements are included.</p>"
           "<p>This machine: %2, %3.</p>"
           "<p>Built with Qt %4; running on Qt %5.</p>")
            .arg(QStringLiteral(CONLAB_VERSION), m_machine.cpuModel.toHtmlEscaped(),
                countOf(m_machine.cores, tr("core"), tr("cores")), QStringLiteral(QT_VERSION_STR),
                QString::fromLatin1(qVersion())));
}

void MainWindow::showError(const QString& title, const QString& message)
{
    statusBar()->showMessage(message);
    QMessageBox box(QMessageBox::Warning, title, message, QMessageBox::Ok, this);
    // A message may quote a file, and a file's "<b>" is text, not markup.
    box.setTextFormat(Qt::PlainText);
    box.exec();
}

QString MainWindow::dialogDirectory() const
{
    const QString remembered = QSettings().value(QStringLiteral("files/lastDirectory")).toString();
    if (!remembered.isEmpty() && QFileInfo(remembered).isDir())
        return remembered;
    return QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
}

void MainWindow::rememberDirectory(const QString& path)
{
    if (path.startsWith(u':'))
        return; // a resource
    QSettings().setValue(QStringLiteral("files/lastDirectory"), QFileInfo(path).absolutePath());
}

void MainWindow::readSettings()
{
    QSettings settings;
    if (!restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray())) {
        const QRect available = screen() ? screen()->availableGeometry() : QRect(0, 0, 1400, 900);
        resize(std::min(1400, available.width() * 9 / 10), std::min(880, available.height() * 9 / 10));
    }
    restoreState(settings.value(QStringLiteral("window/state")).toByteArray());
    if (auto* splitter = findChild<QSplitter*>(QStringLiteral("mainSplitter")))
        splitter->restoreState(settings.value(QStringLiteral("window/splitter")).toByteArray());
    m_panel->restoreSettings(settings);
    settings.beginGroup(QStringLiteral("chart"));
    m_predictBox->setValue(settings.value(QStringLiteral("predictTo"), 0).toInt());
    m_idealBox->setChecked(settings.value(QStringLiteral("ideal"), false).toBool());
    m_errorBarsBox->setChecked(settings.value(QStringLiteral("errorBars"), false).toBool());
    m_logTasksBox->setChecked(settings.value(QStringLiteral("logTasks"), false).toBool());
    m_logSecondsBox->setChecked(settings.value(QStringLiteral("logSeconds"), false).toBool());
    m_hideOutliersBox->setChecked(settings.value(QStringLiteral("hideOutliers"), false).toBool());
    m_fitBox->setCurrentIndex(settings.value(QStringLiteral("fitMedian"), false).toBool() ? 1 : 0);
    settings.endGroup();
}

void MainWindow::writeSettings() const
{
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/state"), saveState());
    if (auto* splitter = findChild<QSplitter*>(QStringLiteral("mainSplitter")))
        settings.setValue(QStringLiteral("window/splitter"), splitter->saveState());
    m_panel->saveSettings(settings);
    settings.beginGroup(QStringLiteral("chart"));
    settings.setValue(QStringLiteral("predictTo"), m_predictBox->value());
    settings.setValue(QStringLiteral("ideal"), m_idealBox->isChecked());
    settings.setValue(QStringLiteral("errorBars"), m_errorBarsBox->isChecked());
    settings.setValue(QStringLiteral("logTasks"), m_logTasksBox->isChecked());
    settings.setValue(QStringLiteral("logSeconds"), m_logSecondsBox->isChecked());
    settings.setValue(QStringLiteral("hideOutliers"), m_hideOutliersBox->isChecked());
    settings.setValue(QStringLiteral("fitMedian"), m_fitBox->currentIndex() == 1);
    settings.endGroup();
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    const bool running = isSweepRunning();
    const auto unsaved = std::count_if(m_dataSets.cbegin(), m_dataSets.cend(),
        [](const DataSet& set) { return set.unsaved && measuredAnything(set); });
    QStringList reasons;
    if (running) {
        reasons << tr("A sweep is running: quitting stops it. Its finished runs stay in the journal %1, and the next "
                      "start offers to restore them.")
                       .arg(QDir::toNativeSeparators(m_session->journal().path()));
    }
    const auto unsavedDone = unsaved - (running ? 1 : 0);
    if (unsavedDone > 0)
        reasons << tr("%1 measured here not saved.").arg(countOf(int(unsavedDone), tr("sweep"), tr("sweeps")));
    if (!reasons.isEmpty()) {
        reasons << tr("Quit anyway?");
        const auto answer = QMessageBox::question(this, running ? tr("A sweep is running") : tr("Unsaved measurements"),
            reasons.join(u' '), QMessageBox::Yes | QMessageBox::No, QMessageBox::No);
        if (answer != QMessageBox::Yes) {
            event->ignore();
            return;
        }
    }
    if (running)
        m_session->cancel();
    writeSettings();
    event->accept();
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event)
{
    const QList<QUrl> urls = event->mimeData()->urls();
    if (!urls.isEmpty() && std::all_of(urls.cbegin(), urls.cend(), [](const QUrl& url) { return url.isLocalFile(); }))
        event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event)
{
    for (const QUrl& url : event->mimeData()->urls())
        openFile(url.toLocalFile());
    event->acceptProposedAction();
}
