#include "mainwindow.h"

#include "analysisreport.h"
#include "breakdownpage.h"
#include "chartexport.h"
#include "chartpage.h"
#include "comparepage.h"
#include "controlpanel.h"
#include "costmodelpage.h"
#include "datasetanalysis.h"
#include "decisionpage.h"
#include "fileio.h"
#include "inputquote.h"
#include "runjournal.h"
#include "runspage.h"
#include "statisticspage.h"
#include "sweepsession.h"
#include "timelinedialog.h"
#include "wording.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QCloseEvent>
#include <QComboBox>
#include <QDialog>
#include <QDialogButtonBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QEventLoop>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QProgressBar>
#include <QPushButton>
#include <QScreen>
#include <QSettings>
#include <QSpinBox>
#include <QSplitter>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QUrl>
#include <QVBoxLayout>
#include <algorithm>

namespace {
const QString articleResource = QStringLiteral(":/data/article-runs.csv");

// Whether a data set holds a run that ended: a cancelled run measured nothing.
bool measuredAnything(const DataSet& set)
{
    return std::any_of(set.results.runs.cbegin(), set.results.runs.cend(),
        [](const RunResult& run) { return run.status != RunStatus::Cancelled; });
}
} // namespace

// What openFile() or restoreJournal() waits for: the loader's outcome, taken by takeOpened() with its error.
struct MainWindow::Waiting
{
    QEventLoop loop;
    QString* error = nullptr;
    bool ok = false;
};

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent)
    , m_machine(currentMachine())
    , m_store(new DataSetStore(this))
    , m_analysis(new DataSetAnalysis(m_store, this))
    , m_loader(new DataSetLoader(this))
{
    setWindowIcon(QIcon(QStringLiteral(":/icons/conlab.svg")));
    setAcceptDrops(true);

    createActions();
    createWidgets();
    connect(m_store, &DataSetStore::added, this, [this](int index) {
        const DataSet& set = m_store->at(index);
        m_dataSetBox->addItem(set.title);
        m_dataSetBox->setItemData(index, set.path.isEmpty() ? set.title : set.path, Qt::ToolTipRole);
    });
    connect(m_store, &DataSetStore::currentChanged, this, &MainWindow::showDataSet);
    connect(m_store, &DataSetStore::changed, this, [this](int index) {
        if (index == m_store->currentIndex()) {
            updateTitle();
            updateActions();
        }
    });
    connect(m_store, &DataSetStore::runAppended, this, [this](int index) {
        if (index == m_store->currentIndex() && m_store->at(index).results.runs.size() == 1)
            updateActions(); // its first run: there is something to save
    });
    connect(m_analysis, &DataSetAnalysis::reportChanged, this, [this] {
        rebuildGroups();
        updateActions();
    });
    connect(m_loader, &DataSetLoader::progress, this, &MainWindow::showOpeningProgress);
    connect(m_loader, &DataSetLoader::finished, this, [this](const DataSetLoader::Outcome& outcome) {
        Waiting* waiting = m_waiting;
        m_waiting = nullptr;
        const bool ok = takeOpened(outcome, waiting ? waiting->error : nullptr);
        if (waiting) {
            waiting->ok = ok;
            waiting->loop.quit();
        }
        if (!isOpeningFile() && !m_openingQueue.isEmpty()) {
            const auto [path, source] = m_openingQueue.takeFirst();
            startOpening(path, source);
        }
    });

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
        for (int i = 0; i < m_store->count(); ++i) {
            if (m_store->at(i).fromArticle)
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
    connect(m_groupBox, &QComboBox::currentIndexChanged, this, [this] {
        if (m_groupBox->currentIndex() >= 0)
            m_analysis->setGroup(m_groupBox->currentText());
    });
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

    m_chartPage = new ChartPage(m_store, m_analysis, this);
    m_chartPage->chartView()->addAction(m_copyChartAction);
    m_chartPage->chartView()->addAction(m_exportChartAction);
    m_runsPage = new RunsPage(m_store, this);
    connect(m_runsPage, &RunsPage::runActivated, this, &MainWindow::showTimelineOfRun);
    connect(m_chartPage->chartView(), &RuntimeChartView::runActivated, this,
        [this](const RunResult& run, const QString& series) {
            showTimeline(run,
                tr("%1, %2, repeat %3 (%4)")
                    .arg(series, countOf(run.spec.tasks, QStringLiteral("task"), QStringLiteral("tasks")))
                    .arg(run.spec.repeat)
                    .arg(m_store->at(m_store->currentIndex()).title));
        });
    m_statisticsPage = new StatisticsPage(m_analysis, this);
    m_decisionPage = new DecisionPage(m_analysis, this);
    m_costModelPage = new CostModelPage(m_analysis, this);
    m_tabs = new QTabWidget(this);
    m_tabs->addTab(m_chartPage, tr("C&hart"));
    m_tabs->addTab(m_runsPage, tr("R&uns"));
    m_tabs->addTab(m_statisticsPage, tr("&Statistics"));
    m_tabs->addTab(m_decisionPage, tr("De&cision"));
    m_tabs->addTab(m_costModelPage, tr("Cost &model"));
    m_breakdownPage = new BreakdownPage(m_analysis, this);
    m_tabs->addTab(m_breakdownPage, tr("&Breakdown"));
    m_comparePage = new ComparePage(m_store, this);
    m_tabs->addTab(m_comparePage, tr("Compare"));
    m_tabs->setCornerWidget(m_chartPage->measureSwitch(), Qt::TopRightCorner);
    connect(m_chartPage, &ChartPage::measureChosen, this, [this] { m_tabs->setCurrentWidget(m_chartPage); });

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
    // A file being read: how much of it, and a way to stop.
    m_openingBar = new QProgressBar(this);
    m_openingBar->setMaximumWidth(240);
    m_openingBar->setRange(0, 1000);
    m_openingBar->setFormat(tr("Opening: %p %"));
    m_openingBar->setVisible(false);
    m_openingCancel = new QPushButton(tr("Cancel"), this);
    m_openingCancel->setToolTip(tr("Stop reading the file; the data set on show stays"));
    m_openingCancel->setVisible(false);
    connect(m_openingCancel, &QPushButton::clicked, this, &MainWindow::cancelOpening);
    m_statusLabel = new QLabel(this);
    statusBar()->addPermanentWidget(m_statusLabel);
    statusBar()->addPermanentWidget(m_openingBar);
    statusBar()->addPermanentWidget(m_openingCancel);
    statusBar()->addPermanentWidget(m_progress);
}

RuntimeChartView* MainWindow::chartView() const
{
    return m_chartPage->chartView();
}

QTableView* MainWindow::resultsView() const
{
    return m_runsPage->view();
}

QTableView* MainWindow::statisticsView() const
{
    return m_statisticsPage->view();
}

QTableView* MainWindow::decisionView() const
{
    return m_decisionPage->view();
}

QTableView* MainWindow::costModelView() const
{
    return m_costModelPage->view();
}

int MainWindow::addDataSet(const DataSet& set)
{
    const int index = m_store->add(set);
    setCurrentDataSet(index);
    return index;
}

void MainWindow::setCurrentDataSet(int index)
{
    m_store->setCurrent(index); // the pages and showDataSet() follow
}

void MainWindow::showDataSet(int index)
{
    if (m_dataSetBox->currentIndex() != index)
        m_dataSetBox->setCurrentIndex(index);
    const DataSet& set = m_store->at(index);
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
    updateTitle();
    updateActions();
}

// The groups of the analysis on show, the one on show chosen.
void MainWindow::rebuildGroups()
{
    const QSignalBlocker blocker(m_groupBox);
    m_groupBox->clear();
    QStringList groups;
    for (const AnalysisReport& report : m_analysis->reports())
        groups.append(reportGroupText(report));
    for (const QString& group : std::as_const(groups))
        m_groupBox->addItem(group);
    m_groupBox->setCurrentIndex(std::max(0, m_groupBox->findText(reportGroupText(m_analysis->report()))));
    m_groupBox->setVisible(groups.size() > 1);
}

const AnalysisReport& MainWindow::currentReport() const
{
    return m_analysis->report();
}

ChartInput MainWindow::chartInput() const
{
    return m_chartPage->chartInput();
}

void MainWindow::updateTitle()
{
    const DataSet* set = m_store->current();
    setWindowTitle(set ? tr("%1%2 — Concurrency Lab").arg(set->title, set->unsaved ? tr(" (unsaved)") : QString())
                       : tr("Concurrency Lab"));
}

void MainWindow::updateActions()
{
    const bool running = isSweepRunning();
    const bool hasRuns = m_store->current() && !m_store->current()->results.runs.isEmpty();
    const bool hasReport = !m_analysis->report().strategies.isEmpty();
    m_runAction->setEnabled(!running && m_panel->problem().isEmpty());
    m_cancelAction->setEnabled(running && !m_session->isCancelling());
    m_saveAction->setEnabled(hasRuns);
    m_exportChartAction->setEnabled(hasRuns);
    m_exportChartSizedAction->setEnabled(hasRuns);
    m_copyChartAction->setEnabled(hasRuns);
    m_exportMarkdownAction->setEnabled(hasReport);
    m_copyMarkdownAction->setEnabled(hasReport);
    m_openAction->setEnabled(!isOpeningFile());
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
    m_sweepDataSet = addDataSet(set);
    m_chartPage->sweepStarted(); // the article's set over this machine's
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
                       .arg(withRuntime(strategyName(spec.strategy), spec.runtime))
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
    if (m_sweepDataSet >= 0)
        m_store->appendRun(m_sweepDataSet, result); // the runs table and the analysis follow
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
    if (m_sweepDataSet >= 0 && !measuredAnything(m_store->at(m_sweepDataSet)))
        m_store->setUnsaved(m_sweepDataSet, false);
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
        m_store->setMetadata(index, m_session->results().metadata);
    const int planned = m_session->plannedRuns();
    const QString elapsed = formatDuration(m_session->elapsedSeconds());
    endSweepDataSet();
    m_progress->setVisible(false);
    if (index < 0)
        return;
    const QList<RunResult>& runs = m_store->at(index).results.runs;
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
    if (index == m_store->currentIndex())
        m_analysis->analyseNow(); // its last runs, and the coverage its metadata now tells
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
    return openAndWait(path, DataSetLoader::Source::Journal, error);
}

bool MainWindow::openFile(const QString& path, QString* error)
{
    return openAndWait(path, DataSetLoader::Source::ResultFile, error);
}

bool MainWindow::isOpeningFile() const
{
    return m_loader->isLoading();
}

void MainWindow::cancelOpening()
{
    m_loader->cancel(); // takeOpened() says so
}

void MainWindow::startOpening(const QString& path, DataSetLoader::Source source)
{
    // One file at a time: another asked for meanwhile (several dropped at once) waits for its turn.
    if (isOpeningFile()) {
        m_openingQueue.append({ path, source });
        return;
    }
    m_loader->start(path, source);
    m_openingBar->setValue(0);
    m_openingBar->setToolTip(QDir::toNativeSeparators(path));
    m_openingBar->setVisible(true);
    m_openingCancel->setVisible(true);
    statusBar()->showMessage(tr("Opening %1…").arg(quotedPath(QDir::toNativeSeparators(path))));
    updateActions();
}

bool MainWindow::openAndWait(const QString& path, DataSetLoader::Source source, QString* error)
{
    // The reading goes on in the background; the window stays live in these loops until it ends. Files asked for
    // before are read first.
    while (isOpeningFile()) {
        QEventLoop loop;
        connect(m_loader, &DataSetLoader::finished, &loop, &QEventLoop::quit);
        loop.exec();
    }
    startOpening(path, source);
    Waiting waiting;
    waiting.error = error;
    m_waiting = &waiting;
    waiting.loop.exec();
    return waiting.ok;
}

void MainWindow::showOpeningProgress(qint64 done, qint64 total)
{
    m_openingBar->setValue(total > 0 ? int(done * 1000 / total) : 0);
}

bool MainWindow::takeOpened(const DataSetLoader::Outcome& outcome, QString* error)
{
    m_openingBar->setVisible(false);
    m_openingCancel->setVisible(false);
    updateActions();
    const bool journal = outcome.source == DataSetLoader::Source::Journal;
    const QString name = quotedPath(QFileInfo(outcome.path).fileName());
    if (outcome.cancelled) {
        if (error)
            *error = tr("%1: opening cancelled").arg(quotedPath(outcome.path));
        statusBar()->showMessage(tr("Opening %1 cancelled.").arg(name));
        return false;
    }
    QString why = outcome.error;
    QString archived;
    if (!outcome.ok || (journal && !RunJournal::archive(outcome.path, &archived, &why))) {
        if (error)
            *error = why;
        else
            showError(journal ? tr("Cannot restore the sweep") : tr("Cannot open %1").arg(name), why);
        return false;
    }
    DataSet set = outcome.set;
    QString message;
    if (journal) {
        set.title
            = tr("Restored sweep of %1").arg(QLocale().toString(set.results.metadata.created, QLocale::ShortFormat));
        set.path = archived;
        set.unsaved = true;
        message = tr("Restored %1 from the journal %2.")
                      .arg(countOf(set.results.runs.size(), tr("run"), tr("runs")), QDir::toNativeSeparators(archived));
    } else {
        set.title = name;
        set.path = QFileInfo(outcome.path).absoluteFilePath();
        rememberDirectory(outcome.path);
        message
            = tr("Opened %1: %2.").arg(quotedPath(set.path), countOf(set.results.runs.size(), tr("run"), tr("runs")));
    }
    if (const QString coverage = coverageOf(set.results).text(); !coverage.isEmpty())
        message += tr(" The sweep is %1.").arg(coverage);
    if (!outcome.notes.isEmpty())
        message += u' ' + outcome.notes.join(u' ');
    addDataSet(set);
    statusBar()->showMessage(message);
    return true;
}

bool MainWindow::saveResults(const QString& path, QString* error)
{
    const int index = m_store->currentIndex();
    if (index < 0)
        return false;
    QString why;
    const DataSet& set = m_store->at(index);
    if (!writeResultFile(path, set.results, &why)) {
        if (error)
            *error = why;
        else
            showError(tr("Cannot save the results"), why);
        return false;
    }
    m_store->setPath(index, QFileInfo(path).absoluteFilePath());
    if (!isSweepRunning() || m_sweepDataSet != index)
        m_store->setUnsaved(index, false);
    rememberDirectory(path);
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
    if (!writeFileAtomically(path, analysisToMarkdown(currentReport()).toUtf8(), &why)) {
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
        startOpening(path, DataSetLoader::Source::ResultFile); // a failure is told in a dialog
}

void MainWindow::saveWithDialog()
{
    const DataSet* set = m_store->current();
    if (!set)
        return;
    QString selectedFilter;
    const QString csvFilter = tr("CSV, runs only (*.csv)");
    const QString jsonFilter = tr("JSON, with machine and per-task traces (*.json)");
    QString suggestion = set->path;
    const QString oldSuffix = QFileInfo(suggestion).suffix().toLower();
    if (suggestion.isEmpty() || set->fromArticle)
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
    QSize size = chartView()->size();
    qreal ratio = chartView()->devicePixelRatioF();
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

TimelineDialog* MainWindow::showTimeline(const RunResult& run, const QString& title)
{
    auto* dialog = new TimelineDialog(run, title, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->show();
    return dialog;
}

TimelineDialog* MainWindow::showTimelineOfRun(int index)
{
    const DataSet& set = m_store->at(m_store->currentIndex());
    if (index < 0 || index >= set.results.runs.size())
        return nullptr;
    return showTimeline(set.results.runs.at(index), tr("run %1 of %2").arg(index + 1).arg(set.title));
}

void MainWindow::copyChart()
{
    QApplication::clipboard()->setImage(
        renderChart(chartInput(), chartView()->size(), chartView()->devicePixelRatioF()));
    statusBar()->showMessage(tr("Chart copied to the clipboard."), 3000);
}

void MainWindow::copyMarkdown()
{
    QApplication::clipboard()->setText(analysisToMarkdown(currentReport()));
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
    m_chartPage->restoreSettings(settings);
}

void MainWindow::writeSettings() const
{
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/state"), saveState());
    if (auto* splitter = findChild<QSplitter*>(QStringLiteral("mainSplitter")))
        settings.setValue(QStringLiteral("window/splitter"), splitter->saveState());
    m_panel->saveSettings(settings);
    m_chartPage->saveSettings(settings);
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    const bool running = isSweepRunning();
    int unsaved = 0;
    for (int i = 0; i < m_store->count(); ++i)
        unsaved += m_store->at(i).unsaved && measuredAnything(m_store->at(i)) ? 1 : 0;
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
    m_openingQueue.clear();
    cancelOpening();
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
        startOpening(url.toLocalFile(), DataSetLoader::Source::ResultFile); // a failure is told in a dialog
    event->acceptProposedAction();
}
