#include "datasetanalysis.h"

#include "datasetstore.h"

#include <QTimer>
#include <algorithm>

namespace {
constexpr int minimumRefreshMs = 150;
} // namespace

DataSetAnalysis::DataSetAnalysis(const DataSetStore* store, QObject* parent)
    : QObject(parent)
    , m_store(store)
    , m_timer(new QTimer(this))
    , m_jobs(this)
{
    m_timer->setSingleShot(true);
    m_timer->setInterval(minimumRefreshMs);
    connect(m_timer, &QTimer::timeout, this, &DataSetAnalysis::analyseNow);
    connect(m_store, &DataSetStore::currentChanged, this, [this] {
        // The tabs must not show the last set's report beside this one's runs: nothing until its analysis lands.
        clear();
        analyseNow();
    });
    connect(m_store, &DataSetStore::runAppended, this, [this](int index) {
        if (index == m_store->currentIndex() || m_overlaySets.contains(index))
            schedule();
    });
}

DataSetAnalysis::~DataSetAnalysis() = default;

bool DataSetAnalysis::isAnalysing() const
{
    return m_jobs.isRunning() || m_pending || m_timer->isActive();
}

void DataSetAnalysis::setOptions(const AnalysisOptions& options)
{
    if (options.fitTo == m_options.fitTo && options.dropOutliers == m_options.dropOutliers)
        return;
    m_options = options;
    analyseNow();
}

void DataSetAnalysis::setGroup(const QString& group)
{
    m_group = group;
    chooseReport();
    emit reportChanged();
}

void DataSetAnalysis::setOverlays(const QList<int>& dataSets)
{
    if (dataSets == m_overlaySets)
        return;
    m_overlaySets = dataSets;
    analyseNow();
}

AnalysisOptions DataSetAnalysis::overlayOptions() const
{
    AnalysisOptions options = m_options;
    options.bootstrapResamples = 0;
    return options;
}

void DataSetAnalysis::schedule()
{
    if (m_jobs.isRunning()) {
        m_pending = true;
        return;
    }
    if (!m_timer->isActive())
        m_timer->start();
}

void DataSetAnalysis::analyseNow()
{
    m_timer->stop();
    m_pending = false;
    const int index = m_store->currentIndex();
    if (index < 0)
        return;
    const ResultSet& results = m_store->at(index).results;
    // A copy that shares the store's runs: the worker reads it while a sweep may append to the store's.
    const QList<RunResult> runs = results.runs;
    const AnalysisOptions options = m_options;
    const SweepCoverage coverage = coverageOf(results);
    // The overlaid sets: those analysed with these options from as many runs as they hold now are kept.
    const AnalysisOptions overlay = overlayOptions();
    QList<OverlayReports> kept;
    QList<OverlayReports> toAnalyse;
    QList<QList<RunResult>> toAnalyseRuns;
    for (int set : std::as_const(m_overlaySets)) {
        if (set == index || set < 0 || set >= m_store->count())
            continue;
        const QList<RunResult>& setRuns = m_store->at(set).results.runs;
        const auto cached = std::find_if(m_overlayReports.cbegin(), m_overlayReports.cend(),
            [set](const OverlayReports& reports) { return reports.dataSet == set; });
        if (cached != m_overlayReports.cend() && cached->runs == setRuns.size()
            && cached->options.fitTo == overlay.fitTo && cached->options.dropOutliers == overlay.dropOutliers) {
            kept.append(*cached);
        } else {
            toAnalyse.append({ set, setRuns.size(), overlay, {} });
            toAnalyseRuns.append(setRuns);
        }
    }
    // The set on show as it was last analysed (an overlay taken on or off, a run appended to an overlaid set): its
    // reports are kept rather than found again, bootstrap and all.
    const bool unchanged = index == m_dataSet && runs.size() == m_runs.size() && coverage == m_landedCoverage
        && options.fitTo == m_landedOptions.fitTo && options.dropOutliers == m_landedOptions.dropOutliers;
    const QList<AnalysisReport> landed = unchanged ? m_reports : QList<AnalysisReport>();
    m_jobs.start(
        [runs, options, coverage, toAnalyse, toAnalyseRuns, unchanged, landed](quint64) {
            QElapsedTimer clock;
            clock.start();
            Found found;
            found.reports = unchanged ? landed : analyzeRuns(runs, options, coverage);
            found.overlays = toAnalyse;
            for (qsizetype i = 0; i < found.overlays.size(); ++i)
                found.overlays[i].reports = analyzeRuns(toAnalyseRuns.at(i), found.overlays[i].options);
            found.nanoseconds = clock.nsecsElapsed();
            return found;
        },
        [this, index, runs, kept, options, coverage](const Found& found) {
            m_landedOptions = options;
            m_landedCoverage = coverage;
            land(index, runs, found, kept);
        });
}

void DataSetAnalysis::land(
    int dataSet, const QList<RunResult>& runs, const Found& found, const QList<OverlayReports>& kept)
{
    QElapsedTimer clock;
    clock.start();
    m_dataSet = dataSet;
    m_runs = runs;
    m_reports = found.reports;
    m_overlayReports.clear();
    for (int set : std::as_const(m_overlaySets)) {
        for (const QList<OverlayReports>* from : { &kept, &found.overlays }) {
            for (const OverlayReports& reports : *from) {
                if (reports.dataSet == set)
                    m_overlayReports.append(reports);
            }
        }
    }
    chooseReport();
    emit reportChanged(); // the tabs show it: the chart's redraw is most of the GUI thread's share
    // Runs that come one after another wait twice as long as this analysis and its showing took.
    const qint64 tookMs = (found.nanoseconds + clock.nsecsElapsed()) / 1'000'000;
    m_timer->setInterval(std::max<int>(minimumRefreshMs, int(2 * tookMs)));
    if (m_pending) {
        m_pending = false;
        m_timer->start();
    }
    emit analysisLanded();
}

void DataSetAnalysis::chooseReport()
{
    m_report = AnalysisReport {};
    m_report.options = m_options;
    const auto found = std::find_if(m_reports.cbegin(), m_reports.cend(),
        [this](const AnalysisReport& report) { return !m_group.isEmpty() && reportGroupText(report) == m_group; });
    if (found != m_reports.cend()) {
        m_report = *found;
    } else if (!m_reports.isEmpty()) {
        m_report = m_reports.first(); // and the next set shows the group shown now, if it has it
        m_group = reportGroupText(m_report);
    }
}

void DataSetAnalysis::clear()
{
    m_dataSet = -1;
    m_runs.clear();
    m_reports.clear();
    chooseReport();
    emit reportChanged();
}
