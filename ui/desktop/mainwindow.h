#pragma once

#include "datasetloader.h"
#include "datasetstore.h"
#include "machineinfo.h"
#include "runtimechart.h"
#include "sweepplan.h"

#include <QMainWindow>

class BreakdownPage;
class ChartPage;
class ComparePage;
class ControlPanel;
class CostModelPage;
class DataSetAnalysis;
class DecisionPage;
class QAction;
class QComboBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QTabWidget;
class QTableView;
class RunsPage;
class StatisticsPage;
class SweepSession;
class TimelineDialog;

// The desktop face of Concurrency Lab: the control panel on the left; the chart, the runs, the statistics, the
// decision table and the cost model in tabs on the right, each a page of its own that follows the data-set store and
// the analysis. The window keeps the menus, the control panel, the status bar, the settings and the sweep: a sweep
// is a SweepSession on its background thread, files are read on a thread of their own (DataSetLoader), and the
// analysis runs on another (DataSetAnalysis), so nothing here holds the window up while they work.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    // Opens a result file as a new data set and shows it; on failure says why in a dialog (or only returns false and
    // sets *error when one is given, for callers that report it themselves). It reads in the background, with
    // progress and Cancel in the status bar, and returns once the file is read (the window goes on meanwhile); a
    // cancelled open returns false and leaves the set on show as it was.
    bool openFile(const QString& path, QString* error = nullptr);
    bool saveResults(const QString& path, QString* error = nullptr);
    bool exportChartTo(const QString& path, QSize size, qreal devicePixelRatio, QString* error = nullptr);
    bool exportMarkdown(const QString& path, QString* error = nullptr);

    // Sweeps that were stopped without ending (the app was killed, the machine went down), found in the journal
    // directory: offered for restoring on start. With `ask` false every one is restored without a question.
    void offerInterruptedSweeps(bool ask = true);
    bool restoreJournal(const QString& path, QString* error = nullptr);

    // Opens a window with the run's timeline (TimelineDialog), named by `title`; returns it (the window owns it and
    // deletes it when it is closed).
    TimelineDialog* showTimeline(const RunResult& run, const QString& title);
    // The timeline of run `index` (from 0) of the data set on show, named "run K of SET"; nullptr past its runs.
    TimelineDialog* showTimelineOfRun(int index);

    void startSweep();
    void cancelSweep();
    bool isSweepRunning() const;

    // Reading a file in the background: whether one is being read, and stopping it (the status bar's Cancel).
    bool isOpeningFile() const;
    void cancelOpening();

    // What the tabs show: the data sets, the one on show and its analysis.
    const DataSetStore* store() const { return m_store; }
    const DataSetAnalysis* analysis() const { return m_analysis; }
    int currentDataSet() const { return m_store->currentIndex(); }
    void setCurrentDataSet(int index);
    const AnalysisReport& currentReport() const;
    ChartInput chartInput() const;

    ControlPanel* controlPanel() const { return m_panel; }
    ChartPage* chartPage() const { return m_chartPage; }
    RunsPage* runsPage() const { return m_runsPage; }
    StatisticsPage* statisticsPage() const { return m_statisticsPage; }
    DecisionPage* decisionPage() const { return m_decisionPage; }
    CostModelPage* costModelPage() const { return m_costModelPage; }
    BreakdownPage* breakdownPage() const { return m_breakdownPage; }
    ComparePage* comparePage() const { return m_comparePage; }
    RuntimeChartView* chartView() const;
    QTableView* resultsView() const;
    QTableView* statisticsView() const;
    QTableView* decisionView() const;
    QTableView* costModelView() const;
    QTabWidget* tabs() const { return m_tabs; }
    QProgressBar* progressBar() const { return m_progress; }
    QProgressBar* openingProgressBar() const { return m_openingBar; }
    QPushButton* openingCancelButton() const { return m_openingCancel; }

protected:
    void closeEvent(QCloseEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    void createActions();
    void createWidgets();

    int addDataSet(const DataSet& set); // and shows it
    void showDataSet(int index); // the data row, the title and the actions for the set on show
    void rebuildGroups();
    void updateTitle();
    void updateActions();

    void onRunStarted(int index, const RunSpec& spec, double secondsLeft);
    void onRunFinished(int index, const RunResult& result);
    void onProgress(int done, int total, double secondsLeft);
    void onSweepEnded(bool cancelled);
    void onSweepFailed(const QString& message);
    void endSweepDataSet(); // after the sweep's last signal: it no longer runs, and its session goes

    // Opening in the background: starts the loader (what open and restore share), and takes what it found.
    void startOpening(const QString& path, DataSetLoader::Source source);
    bool openAndWait(const QString& path, DataSetLoader::Source source, QString* error);
    bool takeOpened(const DataSetLoader::Outcome& outcome, QString* error);
    void showOpeningProgress(qint64 done, qint64 total);

    void openWithDialog();
    void saveWithDialog();
    void exportChartWithDialog(bool askSize);
    void exportMarkdownWithDialog();
    void copyChart();
    void copyMarkdown();
    void showAbout();
    void showError(const QString& title, const QString& message);
    QString dialogDirectory() const;
    void rememberDirectory(const QString& path);

    void readSettings();
    void writeSettings() const;

    MachineInfo m_machine;
    DataSetStore* m_store;
    DataSetAnalysis* m_analysis;
    DataSetLoader* m_loader;
    SweepSession* m_session = nullptr; // the running sweep's
    int m_sweepDataSet = -1; // the data set a running sweep appends to
    // Set while openFile() or restoreJournal() waits for the loader: where its outcome goes.
    struct Waiting;
    Waiting* m_waiting = nullptr;
    QList<std::pair<QString, DataSetLoader::Source>> m_openingQueue; // files to read after the one being read

    ControlPanel* m_panel = nullptr;
    QComboBox* m_dataSetBox = nullptr;
    QComboBox* m_groupBox = nullptr;
    QLabel* m_creditLabel = nullptr;
    QTabWidget* m_tabs = nullptr;
    ChartPage* m_chartPage = nullptr;
    RunsPage* m_runsPage = nullptr;
    StatisticsPage* m_statisticsPage = nullptr;
    DecisionPage* m_decisionPage = nullptr;
    CostModelPage* m_costModelPage = nullptr;
    BreakdownPage* m_breakdownPage = nullptr;
    ComparePage* m_comparePage = nullptr;
    QProgressBar* m_progress = nullptr;
    QProgressBar* m_openingBar = nullptr; // the bytes of the file being read
    QPushButton* m_openingCancel = nullptr;
    QLabel* m_statusLabel = nullptr;
    QLabel* m_engineNote = nullptr; // the engine's last notice (a calibration measured again), kept in the status bar

    QAction* m_openAction = nullptr;
    QAction* m_openArticleAction = nullptr;
    QAction* m_saveAction = nullptr;
    QAction* m_exportChartAction = nullptr;
    QAction* m_exportChartSizedAction = nullptr;
    QAction* m_copyChartAction = nullptr;
    QAction* m_exportMarkdownAction = nullptr;
    QAction* m_copyMarkdownAction = nullptr;
    QAction* m_runAction = nullptr;
    QAction* m_cancelAction = nullptr;
    QAction* m_quitAction = nullptr;
};
