#pragma once

#include "analysis.h"
#include "machineinfo.h"
#include "resultfile.h"
#include "runtimechart.h"
#include "sweepplan.h"

#include <QMainWindow>

class ArticleDecisionModel;
class QAbstractItemModel;
class ControlPanel;
class CostModelModel;
class DecisionModel;
class QAction;
class QCheckBox;
class QComboBox;
class QLabel;
class QProgressBar;
class QSortFilterProxyModel;
class QSpinBox;
class QTabWidget;
class QTableView;
class QTimer;
class ResultsModel;
class StatisticsModel;
class SweepSession;

// A set of runs the window can show: the article's, one sweep measured here, or an opened file.
struct DataSet
{
    QString title;
    ResultSet results;
    QString path; // the file it came from or was last saved to
    bool fromArticle = false;
    bool unsaved = false; // measured here and not saved since
};

// The desktop face of Concurrency Lab: the control panel on the left; the chart, the runs, the statistics, the
// decision table and the cost model in tabs on the right. A sweep is a SweepSession, run on its background thread, and
// the window only ever reacts to its signals, so nothing here blocks while a sweep runs.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    // Opens a result file as a new data set and shows it; on failure says why in a dialog (or only returns false and
    // sets *error when one is given, for callers that report it themselves).
    bool openFile(const QString& path, QString* error = nullptr);
    bool saveResults(const QString& path, QString* error = nullptr);
    bool exportChartTo(const QString& path, QSize size, qreal devicePixelRatio, QString* error = nullptr);
    bool exportMarkdown(const QString& path, QString* error = nullptr);

    // Sweeps that were stopped without ending (the app was killed, the machine went down), found in the journal
    // directory: offered for restoring on start. With `ask` false every one is restored without a question.
    void offerInterruptedSweeps(bool ask = true);
    bool restoreJournal(const QString& path, QString* error = nullptr);

    void startSweep();
    void cancelSweep();
    bool isSweepRunning() const;

    // What the tabs show: the data sets, the one on show and its analysis.
    const QList<DataSet>& dataSets() const { return m_dataSets; }
    int currentDataSet() const { return m_current; }
    void setCurrentDataSet(int index);
    const AnalysisReport& currentReport() const { return m_report; }
    ChartInput chartInput() const;

    ControlPanel* controlPanel() const { return m_panel; }
    RuntimeChartView* chartView() const { return m_chartView; }
    QTableView* resultsView() const { return m_resultsView; }
    QTableView* statisticsView() const { return m_statisticsView; }
    QTableView* decisionView() const { return m_decisionView; }
    QTableView* costModelView() const { return m_costModelView; }
    QTabWidget* tabs() const { return m_tabs; }
    QProgressBar* progressBar() const { return m_progress; }

protected:
    void closeEvent(QCloseEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    void createActions();
    void createWidgets();
    QWidget* createChartTab();
    QWidget* createDecisionTab();
    QWidget* createCostModelTab();
    QTableView* createTableView(QAbstractItemModel* model, bool sortable);

    void addDataSet(const DataSet& set);
    void rebuildGroups();
    void scheduleAnalysis();
    void refreshAnalysis();
    void updateTitle();
    void updateActions();

    void onRunStarted(int index, const RunSpec& spec, double secondsLeft);
    void onRunFinished(int index, const RunResult& result);
    void onProgress(int done, int total, double secondsLeft);
    void onSweepEnded(bool cancelled);
    void onSweepFailed(const QString& message);
    void endSweepDataSet(); // after the sweep's last signal: it no longer runs, and its session goes

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
    SweepSession* m_session = nullptr; // the running sweep's
    QList<DataSet> m_dataSets;
    int m_current = -1;
    int m_sweepDataSet = -1; // the data set a running sweep appends to

    ResultsModel* m_resultsModel;
    QSortFilterProxyModel* m_resultsProxy;
    StatisticsModel* m_statisticsModel;
    DecisionModel* m_decisionModel;
    ArticleDecisionModel* m_articleDecisionModel;
    CostModelModel* m_costModelModel;
    QList<AnalysisReport> m_reports; // of the data set on show, one per (workload, task_ms)
    AnalysisReport m_report; // the group on show
    QTimer* m_analysisTimer;

    ControlPanel* m_panel = nullptr;
    QComboBox* m_dataSetBox = nullptr;
    QComboBox* m_groupBox = nullptr;
    QLabel* m_creditLabel = nullptr;
    QTabWidget* m_tabs = nullptr;
    RuntimeChartView* m_chartView = nullptr;
    QSpinBox* m_predictBox = nullptr;
    QCheckBox* m_idealBox = nullptr;
    QCheckBox* m_errorBarsBox = nullptr;
    QCheckBox* m_logTasksBox = nullptr;
    QCheckBox* m_logSecondsBox = nullptr;
    QCheckBox* m_hideOutliersBox = nullptr;
    QComboBox* m_fitBox = nullptr;
    QTableView* m_resultsView = nullptr;
    QTableView* m_statisticsView = nullptr;
    QTableView* m_decisionView = nullptr;
    QTableView* m_articleDecisionView = nullptr;
    QTableView* m_costModelView = nullptr;
    QLabel* m_costModelNote = nullptr;
    QLabel* m_decisionNote = nullptr;
    QProgressBar* m_progress = nullptr;
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
