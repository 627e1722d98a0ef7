#pragma once

#include "analysis.h"
#include "jobtracker.h"

#include <QElapsedTimer>
#include <QList>
#include <QObject>

class DataSetStore;
class QTimer;

// The analysis of the data set on show (analyzeRuns(): one report per workload and task duration), done on a worker
// thread of its own so that a million runs never hold the window up. Each analysis is a job with an id: one whose
// data set or options were replaced before it ended is dropped, so the report on show is always the current set's.
// It follows the store: another set chosen is analysed at once; a sweep's runs are analysed at most every 150 ms, and
// never more often than twice the last analysis and its showing took, so a sweep of many short runs keeps its cores.
class DataSetAnalysis : public QObject
{
    Q_OBJECT
public:
    explicit DataSetAnalysis(const DataSetStore* store, QObject* parent = nullptr);
    ~DataSetAnalysis() override;

    const AnalysisOptions& options() const { return m_options; }
    void setOptions(const AnalysisOptions& options); // analyses again when they differ

    // Which group (workload, task duration and workload options, as reportGroupText() names it) report() is of; the
    // first when the runs have no such group.
    void setGroup(const QString& group);

    // The sets drawn over the one on show (the chart's overlays): each is analysed beside it, again only when its
    // runs or the options changed (and the set on show, which is not found again for an overlay's sake), and without
    // the crossovers' bootstrap (the chart draws the crossovers of the set on
    // show alone). A set that is the one on show is skipped.
    void setOverlays(const QList<int>& dataSets);
    const QList<int>& overlays() const { return m_overlaySets; }
    struct OverlayReports
    {
        int dataSet = -1;
        qsizetype runs = 0; // how many runs the reports were found from
        AnalysisOptions options;
        QList<AnalysisReport> reports;
    };
    // Of the last analysis that landed, in the order setOverlays() gave.
    const QList<OverlayReports>& overlayReports() const { return m_overlayReports; }

    // What the last analysis that landed found, all of it from one moment: the data set (-1: none yet, or another
    // set chosen since, whose analysis has not landed), its runs as they were then (shared with the store's), a
    // report per group, and the group on show.
    int dataSet() const { return m_dataSet; }
    const QList<RunResult>& runs() const { return m_runs; }
    const QList<AnalysisReport>& reports() const { return m_reports; }
    const AnalysisReport& report() const { return m_report; }

    // Whether an analysis is under way or waiting for its time: the window's tabs show an older one meanwhile.
    bool isAnalysing() const;

    void analyseNow();
    void schedule(); // soon: for runs that come one after another

signals:
    // report() and everything with it changed: an analysis landed, the data set on show went, or a group was chosen.
    void reportChanged();
    // An analysis landed (after reportChanged()): tests and the bench wait for this.
    void analysisLanded();

private:
    struct Found
    {
        QList<AnalysisReport> reports;
        QList<OverlayReports> overlays; // those analysed anew
        qint64 nanoseconds = 0; // what the analysis took
    };
    void land(int dataSet, const QList<RunResult>& runs, const Found& found, const QList<OverlayReports>& kept);
    AnalysisOptions overlayOptions() const;
    void chooseReport();
    void clear();

    const DataSetStore* m_store;
    AnalysisOptions m_options;
    QString m_group; // empty: none chosen yet
    QList<int> m_overlaySets;
    QList<OverlayReports> m_overlayReports;

    int m_dataSet = -1;
    AnalysisOptions m_landedOptions; // what the reports of m_dataSet were found with
    SweepCoverage m_landedCoverage;
    QList<RunResult> m_runs;
    QList<AnalysisReport> m_reports;
    AnalysisReport m_report;

    QTimer* m_timer;
    bool m_pending = false; // runs came while an analysis ran: one more when it lands
    JobTracker m_jobs; // last: its jobs end before the rest goes
};

// Keeps a report model (StatisticsModel, DecisionModel, CostModelModel) showing the analysis' report on show.
template<typename ReportModel> void followReport(ReportModel* model, const DataSetAnalysis* analysis)
{
    QObject::connect(
        analysis, &DataSetAnalysis::reportChanged, model, [model, analysis] { model->resetData(analysis->report()); });
    model->resetData(analysis->report());
}
