// The table models of conlab-gui and the table copy: fed as the window feeds them, read as a view reads them.

#include "analysis.h"
#include "analysisreport.h"
#include "canceltoken.h"
#include "comparepage.h"
#include "datasetstore.h"
#include "reportmodels.h"
#include "resultfile.h"
#include "resultsmodel.h"
#include "strategy.h"
#include "strategystyle.h"
#include "tablecopy.h"
#include "testspecs.h"

#include <QAbstractItemModelTester>
#include <QAbstractSeries>
#include <QChart>
#include <QChartView>
#include <QClipboard>
#include <QComboBox>
#include <QGuiApplication>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QTest>
#include <cmath>
#include <memory>

namespace {
enum class ModelKind
{
    Results,
    Statistics,
    Decision,
    ArticleDecision,
    CostModel,
    WorkloadDecision,
};

// A model as the window feeds it: the runs for the results table, their report for the others.
std::unique_ptr<QAbstractItemModel> createFedModel(
    ModelKind kind, const QList<RunResult>& runs, const AnalysisReport& report)
{
    const auto fed = [&report](auto model) {
        model->resetData(report);
        return model;
    };
    switch (kind) {
    case ModelKind::Results: {
        auto model = std::make_unique<ResultsModel>();
        model->resetData(runs);
        return model;
    }
    case ModelKind::Statistics:
        return fed(std::make_unique<StatisticsModel>());
    case ModelKind::Decision:
        return fed(std::make_unique<DecisionModel>());
    case ModelKind::ArticleDecision:
        return std::make_unique<ArticleDecisionModel>();
    case ModelKind::CostModel:
        return fed(std::make_unique<CostModelModel>());
    case ModelKind::WorkloadDecision: {
        auto model = std::make_unique<WorkloadDecisionModel>();
        model->resetData({ report });
        return model;
    }
    }
    return {};
}

Qt::Alignment horizontalAlignment(const QVariant& alignment)
{
    // No alignment is the view's default: text to the left.
    return alignment.isValid() ? Qt::Alignment(alignment.toInt()) & Qt::AlignHorizontal_Mask : Qt::AlignLeft;
}

RunResult makeRun(StrategyKind strategy, int tasks, double seconds, double idealSeconds = 0)
{
    RunResult run;
    run.spec.strategy = strategy;
    run.spec.workload = WorkloadKind::Sleep;
    run.spec.taskMs = 100;
    run.spec.tasks = tasks;
    run.spec.threads = tasks;
    run.spec.processes = 1;
    run.seconds = seconds;
    run.idealSeconds = idealSeconds;
    return run;
}

QString text(const QAbstractItemModel& model, int row, int column, int role = Qt::DisplayRole)
{
    return model.index(row, column).data(role).toString();
}

QStringList columnText(const QAbstractItemModel& model, int column)
{
    QStringList texts;
    for (int row = 0; row < model.rowCount(); ++row)
        texts.append(text(model, row, column));
    return texts;
}

// A --processes C sweep as the engine records it: 2, 4, 6, 8 tasks of 10 ms, twice each.
QList<RunResult> processesSweep(int processes, double overhead)
{
    QList<RunResult> runs;
    for (int tasks = 2; tasks <= 8; tasks += 2) {
        for (int repeat = 1; repeat <= 2; ++repeat) {
            RunResult run;
            run.spec = resolvedRunSpec(
                specOf(StrategyKind::Processes).tasks(tasks).taskMs(10).processes(processes).repeat(repeat), 8);
            run.idealSeconds = idealSeconds(run.spec, 0);
            run.seconds = run.idealSeconds + overhead + 0.001 * repeat;
            runs.append(run);
        }
    }
    return runs;
}

// The row of a StatisticsModel that shows one strategy's task count; -1 if none.
int statisticsRow(const StatisticsModel& model, StrategyKind strategy, int tasks)
{
    for (int row = 0; row < model.rowCount(); ++row) {
        const QModelIndex index = model.index(row, StatisticsModel::TasksColumn);
        if (index.data(StatisticsModel::StrategyRole).toInt() == int(strategy)
            && index.data(StatisticsModel::SortRole).toInt() == tasks)
            return row;
    }
    return -1;
}

// Every display and tooltip text of a model, headers included, that reads as a bare floating-point special.
QStringList nonFiniteTexts(const QAbstractItemModel& model)
{
    static const QRegularExpression special(
        QStringLiteral("\\b(nan|inf)\\b"), QRegularExpression::CaseInsensitiveOption);
    QStringList found;
    auto check = [&](const QVariant& value, const QString& where) {
        if (special.match(value.toString()).hasMatch())
            found.append(where + QStringLiteral(": ") + value.toString());
    };
    for (int column = 0; column < model.columnCount(); ++column) {
        check(model.headerData(column, Qt::Horizontal), QStringLiteral("header %1").arg(column));
        for (int row = 0; row < model.rowCount(); ++row) {
            const QModelIndex index = model.index(row, column);
            check(index.data(Qt::DisplayRole), QStringLiteral("%1,%2").arg(row).arg(column));
            check(index.data(Qt::ToolTipRole), QStringLiteral("%1,%2 tooltip").arg(row).arg(column));
        }
    }
    return found;
}
} // namespace

class TestModels : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();

    void resultsModelPassesTester();
    void reportModelsPassTester();
    void headersLineUpWithTheirValues_data();
    void headersLineUpWithTheirValues();

    void resultsCells_data();
    void resultsCells();
    void resultsStrategyCell();
    void resultsUnknownValuesAreEmpty();
    void resultsNotOkRun_data();
    void resultsNotOkRun();
    void resultsSortNumerically_data();
    void resultsSortNumerically();
    void resultsStaySortedWhileRunsArrive();

    void statisticsOfTheArticle_data();
    void statisticsOfTheArticle();
    void statisticsMatchTheReport();
    void decisionOfTheArticle();
    void costModelOfTheArticle_data();
    void costModelOfTheArticle();
    void articleDecisionIsTheArticlesTable();
    void unknownValuesNeverReadNan();

    void tsvOfSelectionInSortedOrder();
    void tsvOfRaggedSelection();
    void tsvOfWholeTableWithoutHiddenColumns();
    void tsvQuotesTabsAndNewlines();
    void copySelectionFillsTheClipboard();

    void seriesNamesInTheTables();
    void resultsRenameWhenASecondSeriesArrives();
    void trendlineCellSaysWhyThereIsNone();
    void impossiblePointIsFlagged();
    void workloadDecisionHasARowPerWorkloadBand();
    void statisticsMemoryColumnsAreMeansOfTheRuns();
    void resultsSayWhereEachRunRan();
    void decisionBandsPerRuntime();
    void comparisonOfTwoDataSets();

private:
    QList<RunResult> m_articleRuns;
    AnalysisReport m_article;
    QList<RunResult> m_measuredRuns; // measured on this machine when the suite starts
    AnalysisReport m_measured;
};

void TestModels::initTestCase()
{
    QString error;
    const auto set = readResultFile(QStringLiteral(":/data/article-runs.csv"), &error);
    QVERIFY2(set, qPrintable(error));
    m_articleRuns = set->runs;
    QCOMPARE(m_articleRuns.size(), 180);
    const QList<AnalysisReport> reports = analyzeRuns(m_articleRuns);
    QCOMPARE(reports.size(), 1);
    m_article = reports.first();

    // Real runs whose report fills every column: two strategies at four task counts (a quadratic trendline), twice
    // each (a confidence interval), with n / w varying for both (the dispatch overhead y is separable). About 0.2 s.
    const ExecutionContext context = ExecutionContext::forThisMachine(WorkloadKind::Sleep);
    CancelToken cancel;
    for (int tasks = 2; tasks <= 8; tasks += 2) {
        for (int repeat = 1; repeat <= 2; ++repeat) {
            for (const RunSpec& spec :
                { RunSpec(specOf(StrategyKind::Sequential).tasks(tasks).taskMs(2).repeat(repeat)),
                    RunSpec(specOf(StrategyKind::Threads).tasks(tasks).taskMs(2).threads(2).repeat(repeat)) }) {
                const RunResult run = runMeasured(spec, context, cancel);
                QVERIFY2(run.isOk(), qPrintable(run.message));
                m_measuredRuns.append(run);
            }
        }
    }
    const QList<AnalysisReport> measured = analyzeRuns(m_measuredRuns);
    QCOMPARE(measured.size(), 1);
    m_measured = measured.first();
}

void TestModels::resultsModelPassesTester()
{
    ResultsModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    // The window's results table sorts through a proxy while rows arrive; the proxy must stay consistent too.
    QSortFilterProxyModel proxy;
    proxy.setSourceModel(&model);
    proxy.setSortRole(ResultsModel::SortRole);
    proxy.sort(ResultsModel::SecondsColumn);
    QAbstractItemModelTester proxyTester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);

    model.resetData(m_articleRuns);
    QCOMPARE(model.rowCount(), 180);
    QCOMPARE(proxy.rowCount(), 180);
    for (int i = 0; i < 20; ++i)
        model.appendRun(makeRun(StrategyKind::Threads, 10 + i, 3.0 - i * 0.1, 0.1));
    QCOMPARE(model.rowCount(), 200);
    model.resetData({});
    QCOMPARE(model.rowCount(), 0);
    for (int i = 0; i < 5; ++i)
        model.appendRun(makeRun(StrategyKind::Blended, 1, i));
    QCOMPARE(proxy.rowCount(), 5);
    model.resetData({});
    QCOMPARE(proxy.rowCount(), 0);
}

void TestModels::reportModelsPassTester()
{
    StatisticsModel statistics;
    DecisionModel decision;
    ArticleDecisionModel article;
    CostModelModel costModel;
    QList<QAbstractItemModel*> models { &statistics, &decision, &article, &costModel };
    std::vector<std::unique_ptr<QAbstractItemModelTester>> testers;
    for (QAbstractItemModel* model : models) {
        testers.push_back(
            std::make_unique<QAbstractItemModelTester>(model, QAbstractItemModelTester::FailureReportingMode::QtTest));
    }

    const QList<RunResult> few { makeRun(StrategyKind::Threads, 1, 0.2, 0.1),
        makeRun(StrategyKind::Threads, 2, 0.21, 0.1), makeRun(StrategyKind::Sequential, 2, 0.2, 0.2) };
    const QList<AnalysisReport> small = analyzeRuns(few);
    QCOMPARE(small.size(), 1);
    for (const AnalysisReport& report : { m_article, AnalysisReport(), small.first(), m_article, AnalysisReport() }) {
        statistics.resetData(report);
        decision.resetData(report);
        costModel.resetData(report);
        int points = 0;
        for (const StrategyAnalysis& analysis : report.strategies)
            points += int(analysis.points.size());
        QCOMPARE(statistics.rowCount(), points);
        QCOMPARE(decision.rowCount(), int(report.decision.size()));
        QCOMPARE(costModel.rowCount(), int(report.strategies.size()));
        QCOMPARE(article.rowCount(), int(articleDecisionTable().size()));
    }
}

void TestModels::headersLineUpWithTheirValues_data()
{
    QTest::addColumn<ModelKind>("kind");
    QTest::addColumn<int>("columns"); // the model's NUM_COLUMNS, which callers name its cells by
    QTest::addRow("results") << ModelKind::Results << int(ResultsModel::NUM_COLUMNS);
    QTest::addRow("statistics") << ModelKind::Statistics << int(StatisticsModel::NUM_COLUMNS);
    QTest::addRow("decision") << ModelKind::Decision << int(DecisionModel::NUM_COLUMNS);
    QTest::addRow("article decision") << ModelKind::ArticleDecision << int(ArticleDecisionModel::NUM_COLUMNS);
    QTest::addRow("cost model") << ModelKind::CostModel << int(CostModelModel::NUM_COLUMNS);
    QTest::addRow("workload decision") << ModelKind::WorkloadDecision << int(WorkloadDecisionModel::NUM_COLUMNS);
}

void TestModels::headersLineUpWithTheirValues()
{
    QFETCH(ModelKind, kind);
    QFETCH(int, columns);
    const auto model = createFedModel(kind, m_measuredRuns, m_measured);
    QAbstractItemModelTester tester(model.get(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    QTableView view;
    view.setModel(model.get());
    QCOMPARE(model->columnCount(), columns);
    QCOMPARE(view.horizontalHeader()->count(), columns);
    QVERIFY(!model->headerData(columns, Qt::Horizontal).isValid());
    QVERIFY(model->rowCount() > 0);

    for (int column = 0; column < columns; ++column) {
        const QString title = model->headerData(column, Qt::Horizontal).toString();
        QVERIFY2(!title.isEmpty(), qPrintable(QString::number(column)));
        // A tooltip explains the column in a sentence.
        const QString tip = model->headerData(column, Qt::Horizontal, Qt::ToolTipRole).toString();
        QVERIFY2(tip.endsWith(u'.'), qPrintable(QStringLiteral("%1: %2").arg(title, tip)));

        const QModelIndex index = model->index(0, column);
        const QVariant shown = index.data(Qt::DisplayRole);
        const QVariant sort = index.data(ReportTableModel::SortRole);
        QVERIFY2(shown.isValid(), qPrintable(title));
        // A cell without a value is blank (the chunk size of a strategy without chunks, an empty message) or says in
        // words why there is none ("not separable", too few task counts for a trendline), and sorts among the unknown
        // values as an invalid one; every cell that shows a number has a sort value. Which of the two a measured
        // cell is depends on the machine's timings (under ThreadSanitizer the dispatch overhead is not separable).
        const bool showsNumber = shown.toString().contains(QRegularExpression(QStringLiteral("^[-+\\x{2212}]?[0-9]")));
        QVERIFY2(sort.isValid() || !showsNumber, qPrintable(QStringLiteral("%1: %2").arg(title, shown.toString())));
        // The title stands over its values: flush with the same edge, and a column of numbers sorts them as numbers.
        const Qt::Alignment alignment = horizontalAlignment(index.data(Qt::TextAlignmentRole));
        QCOMPARE(horizontalAlignment(model->headerData(column, Qt::Horizontal, Qt::TextAlignmentRole)), alignment);
        if (alignment == Qt::AlignRight && sort.isValid())
            QVERIFY2(sort.typeId() != QMetaType::QString, qPrintable(title));
    }
}

void TestModels::resultsCells_data()
{
    QTest::addColumn<int>("column");
    QTest::addColumn<QString>("expected");
    QTest::addColumn<bool>("rightAligned");
    QTest::addRow("run") << int(ResultsModel::RunColumn) << u"1"_qs << true;
    QTest::addRow("strategy") << int(ResultsModel::StrategyColumn) << u"processes"_qs << false;
    QTest::addRow("workload") << int(ResultsModel::WorkloadColumn) << u"cpu"_qs << false;
    QTest::addRow("task ms") << int(ResultsModel::TaskMsColumn) << u"250"_qs << true;
    QTest::addRow("tasks") << int(ResultsModel::TasksColumn) << u"20"_qs << true;
    QTest::addRow("threads") << int(ResultsModel::ThreadsColumn) << u"1"_qs << true;
    QTest::addRow("processes") << int(ResultsModel::ProcessesColumn) << u"4"_qs << true;
    QTest::addRow("chunksize") << int(ResultsModel::ChunksizeColumn) << u"python"_qs << true;
    QTest::addRow("repeat") << int(ResultsModel::RepeatColumn) << u"3"_qs << true;
    QTest::addRow("seconds") << int(ResultsModel::SecondsColumn) << u"2.4839"_qs << true;
    QTest::addRow("ideal") << int(ResultsModel::IdealColumn) << u"1.2500"_qs << true;
    QTest::addRow("ratio") << int(ResultsModel::RatioColumn) << u"1.987×"_qs << true;
    QTest::addRow("status") << int(ResultsModel::StatusColumn) << u"ok"_qs << false;
    QTest::addRow("message") << int(ResultsModel::MessageColumn) << QString() << false;
    QTest::addRow("runtime") << int(ResultsModel::RuntimeColumn) << u"native"_qs << false;
    QTest::addRow("start-up") << int(ResultsModel::RuntimeStartupColumn) << QString() << true;
}

void TestModels::resultsCells()
{
    QFETCH(int, column);
    QFETCH(QString, expected);
    QFETCH(bool, rightAligned);

    RunResult run = makeRun(StrategyKind::Processes, 20, 2.48391, 1.25);
    run.spec.workload = WorkloadKind::Cpu;
    run.spec.taskMs = 250;
    run.spec.threads = 1;
    run.spec.processes = 4;
    run.spec.chunksize = ChunkPythonRule;
    run.spec.repeat = 3;
    ResultsModel model;
    model.appendRun(run);

    const QModelIndex index = model.index(0, column);
    QCOMPARE(index.data().toString(), expected);
    QCOMPARE(index.data(Qt::TextAlignmentRole).toInt() & Qt::AlignRight, rightAligned ? int(Qt::AlignRight) : 0);
    QCOMPARE(index.data(ResultsModel::StrategyRole).toInt(), int(StrategyKind::Processes));
    QCOMPARE(index.data(ResultsModel::RunResultRole).value<RunResult>().spec, run.spec);
    QCOMPARE(index.data(ResultsModel::RunResultRole).value<RunResult>().seconds, run.seconds);
    QVERIFY(!index.data(Qt::ForegroundRole).isValid());
}

void TestModels::resultsStrategyCell()
{
    ResultsModel model;
    for (StrategyKind strategy : allStrategies())
        model.appendRun(makeRun(strategy, 4, 1.0));
    for (int row = 0; row < model.rowCount(); ++row) {
        const StrategyKind strategy = allStrategies().at(row);
        const QModelIndex index = model.index(row, ResultsModel::StrategyColumn);
        QCOMPARE(index.data().toString(), strategyName(strategy));
        QCOMPARE(index.data(Qt::DecorationRole).value<QColor>(), strategyColor(strategy));
        QCOMPARE(index.data(Qt::ToolTipRole).toString(), strategyDescription(strategy));
    }
}

void TestModels::resultsUnknownValuesAreEmpty()
{
    RunResult run = makeRun(StrategyKind::Blended, 8, 1.5);
    run.spec.threads = 0; // an imported file that left the workers out
    run.spec.processes = 0;
    ResultsModel model;
    model.appendRun(run);
    for (int column : { ResultsModel::IdealColumn, ResultsModel::RatioColumn, ResultsModel::ThreadsColumn,
             ResultsModel::ProcessesColumn, ResultsModel::ChunksizeColumn }) {
        QVERIFY2(text(model, 0, column).isEmpty(), qPrintable(text(model, 0, column)));
        QVERIFY(!model.index(0, column).data(ResultsModel::SortRole).isValid());
    }
    QCOMPARE(text(model, 0, ResultsModel::SecondsColumn), u"1.5000"_qs);
}

void TestModels::resultsNotOkRun_data()
{
    QTest::addColumn<RunStatus>("status");
    QTest::addColumn<QString>("message");
    QTest::addRow("refused") << RunStatus::Refused << u"the OS refused thread 1024 of 2000"_qs;
    QTest::addRow("crashed") << RunStatus::Crashed << u"worker process 3 died of signal 9"_qs;
    QTest::addRow("cancelled") << RunStatus::Cancelled << u"cancelled by the user"_qs;
    QTest::addRow("failed") << RunStatus::Failed << u"conlab-worker not found"_qs;
}

void TestModels::resultsNotOkRun()
{
    QFETCH(RunStatus, status);
    QFETCH(QString, message);
    RunResult run = makeRun(StrategyKind::Threads, 2000, 0.7, 2.0);
    run.status = status;
    run.message = message;
    ResultsModel model;
    model.appendRun(makeRun(StrategyKind::Threads, 100, 2.1, 2.0));
    model.appendRun(run);

    QCOMPARE(text(model, 1, ResultsModel::StatusColumn), statusName(status));
    QCOMPARE(text(model, 1, ResultsModel::MessageColumn), message);
    QCOMPARE(text(model, 1, ResultsModel::StatusColumn, Qt::ToolTipRole), message);
    QCOMPARE(text(model, 1, ResultsModel::MessageColumn, Qt::ToolTipRole), message);
    const QColor colour = model.index(1, ResultsModel::StatusColumn).data(Qt::ForegroundRole).value<QColor>();
    QVERIFY(colour.isValid());
    // A run that did not finish has no meaningful overhead ratio.
    QVERIFY(text(model, 1, ResultsModel::RatioColumn).isEmpty());
    QCOMPARE(text(model, 0, ResultsModel::RatioColumn), u"1.050×"_qs);
    QVERIFY(!model.index(0, ResultsModel::StatusColumn).data(Qt::ForegroundRole).isValid());
}

void TestModels::resultsSortNumerically_data()
{
    QTest::addColumn<int>("column");
    QTest::addColumn<Qt::SortOrder>("order");
    QTest::addColumn<QStringList>("expected");
    // Runs of 3, 20 and 100 tasks taking 10.2, 9.8 and 100 s, ideal 1 s each.
    QTest::addRow("seconds") << int(ResultsModel::SecondsColumn) << Qt::AscendingOrder
                             << QStringList { u"9.8000"_qs, u"10.2000"_qs, u"100.0000"_qs };
    QTest::addRow("seconds descending") << int(ResultsModel::SecondsColumn) << Qt::DescendingOrder
                                        << QStringList { u"100.0000"_qs, u"10.2000"_qs, u"9.8000"_qs };
    QTest::addRow("tasks") << int(ResultsModel::TasksColumn) << Qt::AscendingOrder
                           << QStringList { u"3"_qs, u"20"_qs, u"100"_qs };
    QTest::addRow("ratio") << int(ResultsModel::RatioColumn) << Qt::AscendingOrder
                           << QStringList { u"9.800×"_qs, u"10.200×"_qs, u"100.000×"_qs };
    QTest::addRow("threads") << int(ResultsModel::ThreadsColumn) << Qt::AscendingOrder
                             << QStringList { u"3"_qs, u"20"_qs, u"100"_qs };
}

void TestModels::resultsSortNumerically()
{
    QFETCH(int, column);
    QFETCH(Qt::SortOrder, order);
    QFETCH(QStringList, expected);
    ResultsModel model;
    model.resetData({ makeRun(StrategyKind::Threads, 20, 10.2, 1), makeRun(StrategyKind::Threads, 100, 100, 1),
        makeRun(StrategyKind::Threads, 3, 9.8, 1) });
    QSortFilterProxyModel proxy;
    proxy.setSourceModel(&model);
    proxy.setSortRole(ResultsModel::SortRole);
    proxy.sort(column, order);
    QCOMPARE(columnText(proxy, column), expected);
}

void TestModels::resultsStaySortedWhileRunsArrive()
{
    ResultsModel model;
    QSortFilterProxyModel proxy;
    proxy.setSourceModel(&model);
    proxy.setSortRole(ResultsModel::SortRole);
    proxy.sort(ResultsModel::SecondsColumn);
    QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
    int resets = 0;
    connect(&model, &QAbstractItemModel::modelReset, this, [&resets] { ++resets; });
    for (double seconds : { 10.2, 9.8, 1.0, 9.9 })
        model.appendRun(makeRun(StrategyKind::Threads, 5, seconds));
    QCOMPARE(resets, 0);
    QCOMPARE(columnText(proxy, ResultsModel::SecondsColumn),
        (QStringList { u"1.0000"_qs, u"9.8000"_qs, u"9.9000"_qs, u"10.2000"_qs }));
    // The run number still says in which order they arrived.
    QCOMPARE(columnText(proxy, ResultsModel::RunColumn), (QStringList { u"3"_qs, u"2"_qs, u"4"_qs, u"1"_qs }));
}

void TestModels::statisticsOfTheArticle_data()
{
    // As `conlab analyze resources/article-runs.csv` prints them.
    QTest::addColumn<StrategyKind>("strategy");
    QTest::addColumn<int>("tasks");
    QTest::addColumn<QString>("mean");
    QTest::addColumn<QString>("ci");
    QTest::addColumn<QString>("outliers");
    QTest::addRow("threads 100") << StrategyKind::Threads << 100 << u"2.578"_qs << u"2.495 … 2.662"_qs << u"0"_qs;
    QTest::addRow("threads 800") << StrategyKind::Threads << 800 << u"3.959"_qs << u"2.795 … 5.122"_qs << u"2"_qs;
    QTest::addRow("blended 100") << StrategyKind::Blended << 100 << u"2.615"_qs << u"2.375 … 2.855"_qs << u"1"_qs;
    QTest::addRow("blended 900") << StrategyKind::Blended << 900 << u"3.697"_qs << u"3.574 … 3.819"_qs << u"1"_qs;
}

void TestModels::statisticsOfTheArticle()
{
    QFETCH(StrategyKind, strategy);
    QFETCH(int, tasks);
    QFETCH(QString, mean);
    QFETCH(QString, ci);
    QFETCH(QString, outliers);
    StatisticsModel model;
    model.resetData(m_article);
    QCOMPARE(model.rowCount(), 18); // 2 strategies x 9 task counts
    const int row = statisticsRow(model, strategy, tasks);
    QVERIFY(row >= 0);
    QCOMPARE(text(model, row, StatisticsModel::StrategyColumn), strategyName(strategy));
    QCOMPARE(text(model, row, StatisticsModel::TasksColumn), QString::number(tasks));
    QCOMPARE(text(model, row, StatisticsModel::CountColumn), u"10"_qs);
    QCOMPARE(text(model, row, StatisticsModel::MeanColumn), mean);
    QCOMPARE(text(model, row, StatisticsModel::CiColumn), ci);
    QCOMPARE(text(model, row, StatisticsModel::OutliersColumn), outliers);
    QCOMPARE(text(model, row, StatisticsModel::IdealColumn), u"2.000"_qs);
    QCOMPARE(model.index(row, StatisticsModel::StrategyColumn).data(Qt::DecorationRole).value<QColor>(),
        strategyColor(strategy));
}

void TestModels::statisticsMatchTheReport()
{
    StatisticsModel model;
    model.resetData(m_article);
    int row = 0;
    for (const StrategyAnalysis& analysis : m_article.strategies) {
        for (const TaskCountPoint& point : analysis.points) {
            const QModelIndex mean = model.index(row, StatisticsModel::MeanColumn);
            QCOMPARE(mean.data(StatisticsModel::StrategyRole).toInt(), int(analysis.strategy));
            QCOMPARE(mean.data().toString(), secondsText(point.stats.mean));
            QCOMPARE(mean.data(StatisticsModel::SortRole).toDouble(), point.stats.mean);
            QCOMPARE(text(model, row, StatisticsModel::MedianColumn), secondsText(point.stats.median));
            QCOMPARE(text(model, row, StatisticsModel::CiColumn), confidenceIntervalText(point.stats));
            QCOMPARE(text(model, row, StatisticsModel::MeanOverIdealColumn),
                idealRatioText(point.stats.mean, point.idealSeconds) + u'×');
            ++row;
        }
    }
    QCOMPARE(row, model.rowCount());
}

void TestModels::decisionOfTheArticle()
{
    DecisionModel model;
    model.resetData(m_article);
    QCOMPARE(model.rowCount(), int(m_article.decision.size()));
    for (int row = 0; row < model.rowCount(); ++row) {
        const DecisionRow& decision = m_article.decision.at(row);
        QCOMPARE(text(model, row, DecisionModel::TasksColumn), taskRangeText(decision));
        const auto name = [this](int series) { return m_article.strategies.at(series).name; };
        QCOMPARE(text(model, row, DecisionModel::WinnerColumn),
            decision.winner ? name(*decision.winner) : u"no clear winner"_qs);
        QCOMPARE(model.index(row, 0).data(DecisionModel::StrategyRole).toInt(),
            decision.winner ? int(m_article.strategies.at(*decision.winner).strategy) : -1);
        QCOMPARE(model.index(row, 0).data(DecisionModel::SeriesRole).toInt(), decision.winner.value_or(-1));
        QCOMPARE(text(model, row, DecisionModel::LeaderColumn), name(decision.leader));
        QVERIFY(decision.runnerUp);
        QCOMPARE(text(model, row, DecisionModel::RunnerUpColumn), name(*decision.runnerUp));
        QCOMPARE(text(model, row, DecisionModel::MarginColumn), marginText(decision.margin));
    }
    // As `conlab analyze` prints the first two bands.
    QCOMPARE(text(model, 0, DecisionModel::TasksColumn), u"100"_qs);
    QCOMPARE(text(model, 0, DecisionModel::WinnerColumn), u"no clear winner"_qs);
    QVERIFY(text(model, 0, DecisionModel::WinnerColumn, Qt::ToolTipRole).contains(u"overlap"_qs));
    QCOMPARE(text(model, 1, DecisionModel::TasksColumn), u"200–500"_qs);
    QCOMPARE(text(model, 1, DecisionModel::WinnerColumn), u"threads"_qs);
    QCOMPARE(text(model, 1, DecisionModel::MarginColumn), u"+10.2 %"_qs);
    QCOMPARE(model.index(1, DecisionModel::WinnerColumn).data(Qt::DecorationRole).value<QColor>(),
        strategyColor(StrategyKind::Threads));
    QCOMPARE(model.index(1, DecisionModel::TasksColumn).data(DecisionModel::SortRole).toInt(), 200);
}

void TestModels::costModelOfTheArticle_data()
{
    QTest::addColumn<StrategyKind>("strategy");
    QTest::addColumn<QString>("workers");
    QTest::addColumn<QString>("trendlineR2");
    QTest::addRow("threads") << StrategyKind::Threads << u"100–900"_qs << u"0.836"_qs;
    QTest::addRow("blended") << StrategyKind::Blended << u"104–904"_qs << u"0.991"_qs;
}

void TestModels::costModelOfTheArticle()
{
    QFETCH(StrategyKind, strategy);
    QFETCH(QString, workers);
    QFETCH(QString, trendlineR2);
    CostModelModel model;
    model.resetData(m_article);
    QCOMPARE(model.rowCount(), 2);
    int row = -1;
    for (int r = 0; r < model.rowCount(); ++r) {
        if (model.index(r, 0).data(CostModelModel::StrategyRole).toInt() == int(strategy))
            row = r;
    }
    QVERIFY(row >= 0);
    const StrategyAnalysis& analysis = m_article.strategies.at(row);
    QCOMPARE(analysis.strategy, strategy);
    QCOMPARE(text(model, row, CostModelModel::StrategyColumn), strategyName(strategy));
    QCOMPARE(text(model, row, CostModelModel::WorkersColumn), workers);
    QCOMPARE(text(model, row, CostModelModel::TrendlineR2Column), trendlineR2);
    QCOMPARE(text(model, row, CostModelModel::TrendlineColumn), trendlineText(analysis.fit));
    QVERIFY(text(model, row, CostModelModel::TrendlineColumn, Qt::ToolTipRole).contains(u"x = n / 100"_qs));
    QCOMPARE(text(model, row, CostModelModel::RunsColumn), u"90"_qs);
    // One thread per task keeps n / w at about 1, so the article's runs cannot tell y from o.
    QVERIFY(!analysis.model.yIdentified);
    QCOMPARE(text(model, row, CostModelModel::DispatchOverheadColumn), u"not separable"_qs);
    QCOMPARE(text(model, row, CostModelModel::DispatchOverheadColumn, Qt::ToolTipRole), analysis.model.note);
    QCOMPARE(text(model, row, CostModelModel::FixedOverheadColumn), secondsText(analysis.model.o));
    QCOMPARE(text(model, row, CostModelModel::ModelR2Column), r2Text(analysis.model.r2));
}

void TestModels::articleDecisionIsTheArticlesTable()
{
    ArticleDecisionModel model;
    const QList<ArticleDecisionRow> table = articleDecisionTable();
    QCOMPARE(model.rowCount(), int(table.size()));
    for (int row = 0; row < model.rowCount(); ++row) {
        QCOMPARE(text(model, row, ArticleDecisionModel::BottleneckColumn), table[row].bottleneck);
        QCOMPARE(text(model, row, ArticleDecisionModel::ExampleColumn), table[row].example);
        QCOMPARE(text(model, row, ArticleDecisionModel::TasksColumn), table[row].tasks);
        QCOMPARE(text(model, row, ArticleDecisionModel::OptimizeWithColumn), table[row].optimizeWith);
    }
}

void TestModels::unknownValuesNeverReadNan()
{
    // Single runs (no CI), unknown workers (no ideal), a strategy whose runs all failed (no fit, no cost model), and
    // a hand-made report full of NaN as a broken fit could leave it.
    QList<RunResult> runs;
    for (int tasks : { 1, 2, 4 }) {
        RunResult run = makeRun(StrategyKind::Threads, tasks, 0.1 * tasks);
        run.spec.threads = 0;
        run.spec.processes = 0;
        runs.append(run);
    }
    RunResult failed = makeRun(StrategyKind::Processes, 4, 0, 0.4);
    failed.status = RunStatus::Failed;
    failed.message = u"conlab-worker not found"_qs;
    runs.append(failed);
    RunResult nanRun = makeRun(StrategyKind::Sequential, 4, std::nan(""), std::nan(""));
    runs.append(nanRun);

    QList<AnalysisReport> reports = analyzeRuns(runs);
    QCOMPARE(reports.size(), 1);

    const double nan = std::nan("");
    StrategyAnalysis broken;
    broken.strategy = StrategyKind::Blended;
    TaskCountPoint point;
    point.tasks = 10;
    point.seconds = { nan };
    point.stats.count = 1;
    point.stats.mean = point.stats.median = point.stats.stddev = point.stats.min = point.stats.max = nan;
    point.stats.ciLow = point.stats.ciHigh = nan;
    point.idealSeconds = nan;
    broken.points = { point };
    broken.fit = { nan, nan, nan, nan, 2 };
    broken.model.valid = true;
    broken.model.yIdentified = true;
    broken.model.y = broken.model.o = broken.model.r2 = nan;
    AnalysisReport handMade;
    handMade.strategies = { broken };
    DecisionRow row;
    row.fromTasks = row.toTasks = 10;
    row.runnerUp = 0;
    row.margin = nan;
    handMade.decision = { row };
    reports.append(handMade);

    ResultsModel results;
    results.resetData(runs);
    QVERIFY2(nonFiniteTexts(results).isEmpty(), qPrintable(nonFiniteTexts(results).join(u'\n')));
    QCOMPARE(text(results, 4, ResultsModel::SecondsColumn), u"—"_qs);

    for (const AnalysisReport& report : std::as_const(reports)) {
        StatisticsModel statistics;
        DecisionModel decision;
        CostModelModel costModel;
        statistics.resetData(report);
        decision.resetData(report);
        costModel.resetData(report);
        for (const QAbstractItemModel* model : { static_cast<QAbstractItemModel*>(&statistics),
                 static_cast<QAbstractItemModel*>(&decision), static_cast<QAbstractItemModel*>(&costModel) }) {
            const QStringList found = nonFiniteTexts(*model);
            QVERIFY2(found.isEmpty(), qPrintable(found.join(u'\n')));
        }
    }

    StatisticsModel statistics;
    statistics.resetData(reports.first());
    const int single = statisticsRow(statistics, StrategyKind::Threads, 1);
    QVERIFY(single >= 0);
    QCOMPARE(text(statistics, single, StatisticsModel::CiColumn), u"—"_qs);
    QCOMPARE(text(statistics, single, StatisticsModel::IdealColumn), u"—"_qs);
    QCOMPARE(text(statistics, single, StatisticsModel::MeanOverIdealColumn), u"—"_qs);
}

void TestModels::tsvOfSelectionInSortedOrder()
{
    ResultsModel model;
    model.resetData({ makeRun(StrategyKind::Threads, 20, 10.2, 1), makeRun(StrategyKind::Blended, 100, 100, 1),
        makeRun(StrategyKind::Threads, 3, 9.8, 1) });
    QSortFilterProxyModel proxy;
    proxy.setSourceModel(&model);
    proxy.setSortRole(ResultsModel::SortRole);
    QTableView view;
    view.setModel(&proxy);
    view.setSortingEnabled(true);
    view.sortByColumn(ResultsModel::SecondsColumn, Qt::AscendingOrder);

    // Columns selected right to left: the copy still follows the table's column order.
    QItemSelectionModel* selection = view.selectionModel();
    for (int column : { ResultsModel::SecondsColumn, ResultsModel::TasksColumn, ResultsModel::StrategyColumn }) {
        selection->select(QItemSelection(proxy.index(0, column), proxy.index(2, column)), QItemSelectionModel::Select);
    }
    QCOMPARE(selectionAsTsv(&view),
        u"Strategy\tTasks\tTime (s)\n"
        "threads\t3\t9.8000\n"
        "threads\t20\t10.2000\n"
        "blended\t100\t100.0000\n"_qs);

    view.sortByColumn(ResultsModel::SecondsColumn, Qt::DescendingOrder);
    const QStringList lines = selectionAsTsv(&view).split(u'\n', Qt::SkipEmptyParts);
    QCOMPARE(lines,
        (QStringList { u"Strategy\tTasks\tTime (s)"_qs, u"blended\t100\t100.0000"_qs, u"threads\t20\t10.2000"_qs,
            u"threads\t3\t9.8000"_qs }));
}

void TestModels::tsvOfRaggedSelection()
{
    ResultsModel model;
    model.resetData({ makeRun(StrategyKind::Threads, 20, 10.2), makeRun(StrategyKind::Blended, 100, 100) });
    QTableView view;
    view.setModel(&model);
    view.selectionModel()->select(model.index(0, ResultsModel::TasksColumn), QItemSelectionModel::Select);
    view.selectionModel()->select(model.index(1, ResultsModel::SecondsColumn), QItemSelectionModel::Select);
    QCOMPARE(selectionAsTsv(&view), u"Tasks\tTime (s)\n20\t\n\t100.0000\n"_qs);
}

void TestModels::tsvOfWholeTableWithoutHiddenColumns()
{
    StatisticsModel model;
    model.resetData(m_article);
    QTableView view;
    view.setModel(&model);
    view.setColumnHidden(StatisticsModel::OutliersColumn, true);
    const QStringList lines = selectionAsTsv(&view).split(u'\n', Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 1 + 18);
    QStringList header;
    for (int column = 0; column < StatisticsModel::NUM_COLUMNS; ++column) {
        if (column != StatisticsModel::OutliersColumn)
            header.append(model.headerData(column, Qt::Horizontal).toString());
    }
    QCOMPARE(lines.first(), header.join(u'\t'));
    QVERIFY(lines.first().contains(u"Mean (s)\t"_qs));
    const int row = statisticsRow(model, StrategyKind::Threads, 100);
    QVERIFY(lines.at(1 + row).startsWith(u"threads\t100\t10\t2.578\t"_qs));
}

void TestModels::tsvQuotesTabsAndNewlines()
{
    RunResult run = makeRun(StrategyKind::Processes, 4, 0.5);
    run.status = RunStatus::Failed;
    run.message = u"first line\nsecond\tpart \"quoted\""_qs;
    ResultsModel model;
    model.appendRun(run);
    QTableView view;
    view.setModel(&model);
    view.selectionModel()->select(model.index(0, ResultsModel::StatusColumn), QItemSelectionModel::Select);
    view.selectionModel()->select(model.index(0, ResultsModel::MessageColumn), QItemSelectionModel::Select);
    QCOMPARE(selectionAsTsv(&view), u"Status\tMessage\nfailed\t\"first line\nsecond\tpart \"\"quoted\"\"\"\n"_qs);
}

void TestModels::copySelectionFillsTheClipboard()
{
    ResultsModel model;
    model.appendRun(makeRun(StrategyKind::Threads, 7, 1.25));
    QTableView view;
    view.setModel(&model);
    view.selectionModel()->select(model.index(0, ResultsModel::TasksColumn), QItemSelectionModel::Select);
    copySelection(&view);
    QCOMPARE(QGuiApplication::clipboard()->text(), u"Tasks\n7\n"_qs);
    QCOMPARE(selectionAsTsv(nullptr), QString());
}

void TestModels::seriesNamesInTheTables()
{
    const QList<RunResult> runs = processesSweep(2, 0.01) + processesSweep(8, 0.03);
    const AnalysisReport report = analyzeRuns(runs).constFirst();
    const QStringList names { u"processes C=2"_qs, u"processes C=8"_qs };

    ResultsModel results;
    QAbstractItemModelTester resultsTester(&results, QAbstractItemModelTester::FailureReportingMode::QtTest);
    results.resetData(runs);
    const QStringList column = columnText(results, ResultsModel::StrategyColumn);
    QCOMPARE(column.first(), names[0]);
    QCOMPARE(column.last(), names[1]);
    QCOMPARE(column.count(names[0]), 8);
    QCOMPARE(results.index(9, 0).data(ResultsModel::SeriesRole).toString(), names[1]);
    QCOMPARE(results.index(0, ResultsModel::StrategyColumn).data(Qt::DecorationRole).value<QColor>(),
        strategyColor(StrategyKind::Processes));
    QCOMPARE(results.index(9, ResultsModel::StrategyColumn).data(Qt::DecorationRole).value<QColor>(),
        seriesColor(StrategyKind::Processes, 1));

    StatisticsModel statistics;
    QAbstractItemModelTester statisticsTester(&statistics, QAbstractItemModelTester::FailureReportingMode::QtTest);
    statistics.resetData(report);
    QCOMPARE(statistics.rowCount(), 8); // 4 task counts per series, never 4 pooled ones
    const QStringList statisticsNames = columnText(statistics, StatisticsModel::StrategyColumn);
    QCOMPARE(statisticsNames.count(names[0]), 4);
    QCOMPARE(statisticsNames.count(names[1]), 4);
    // One colour family, two shades: the first series has the strategy's colour.
    const QColor first = statistics.index(0, 0).data(Qt::DecorationRole).value<QColor>();
    const QColor second = statistics.index(4, 0).data(Qt::DecorationRole).value<QColor>();
    QCOMPARE(first, strategyColor(StrategyKind::Processes));
    QVERIFY(second != first);
    QVERIFY(std::abs(second.hueF() - first.hueF()) < 0.05);
    QCOMPARE(statistics.index(4, 0).data(StatisticsModel::SeriesRole).toInt(), 1);

    CostModelModel costModel;
    costModel.resetData(report);
    QCOMPARE(columnText(costModel, CostModelModel::StrategyColumn), names);

    DecisionModel decision;
    decision.resetData(report);
    QVERIFY(decision.rowCount() > 0);
    for (int row = 0; row < decision.rowCount(); ++row) {
        QVERIFY(names.contains(text(decision, row, DecisionModel::LeaderColumn)));
        QVERIFY(names.contains(text(decision, row, DecisionModel::RunnerUpColumn)));
    }
}

void TestModels::resultsRenameWhenASecondSeriesArrives()
{
    ResultsModel results;
    QAbstractItemModelTester tester(&results, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const QList<RunResult> two = processesSweep(2, 0.01);
    for (const RunResult& run : two)
        results.appendRun(run);
    QCOMPARE(columnText(results, ResultsModel::StrategyColumn), QStringList(8, u"processes"_qs));
    int changed = 0;
    connect(&results, &QAbstractItemModel::dataChanged, this,
        [&changed](const QModelIndex& from, const QModelIndex& to) { changed += to.row() - from.row() + 1; });
    results.appendRun(processesSweep(8, 0.03).constFirst());
    QCOMPARE(changed, 8);
    QCOMPARE(text(results, 0, ResultsModel::StrategyColumn), u"processes C=2"_qs);
    QCOMPARE(text(results, 8, ResultsModel::StrategyColumn), u"processes C=8"_qs);
}

void TestModels::trendlineCellSaysWhyThereIsNone()
{
    QList<RunResult> runs = processesSweep(2, 0.01);
    runs.remove(4, 4); // 2 and 4 tasks only
    CostModelModel costModel;
    costModel.resetData(analyzeRuns(runs).constFirst());
    QCOMPARE(text(costModel, 0, CostModelModel::TrendlineColumn), u"no trendline: 2 task counts, a line needs 3"_qs);
    QVERIFY(!costModel.index(0, CostModelModel::TrendlineR2Column).data().isValid());

    runs = processesSweep(2, 0.01);
    runs.remove(6, 2); // 2, 4 and 6 tasks: a line, and the tooltip says why not a quadratic
    costModel.resetData(analyzeRuns(runs).constFirst());
    QVERIFY(text(costModel, 0, CostModelModel::TrendlineColumn).startsWith(u"T = "_qs));
    QVERIFY(text(costModel, 0, CostModelModel::TrendlineColumn, Qt::ToolTipRole).contains(u"a quadratic needs 4"_qs));
}

void TestModels::impossiblePointIsFlagged()
{
    QList<RunResult> runs = processesSweep(2, 0.01);
    runs[6].seconds = runs[6].idealSeconds / 2; // 8 tasks on 2 processes in less than 4 rounds
    StatisticsModel statistics;
    statistics.resetData(analyzeRuns(runs).constFirst());
    const int row = 3; // 8 tasks
    QCOMPARE(text(statistics, row, StatisticsModel::TasksColumn), u"8"_qs);
    QVERIFY2(text(statistics, row, StatisticsModel::MeanOverIdealColumn).contains(u"impossible"_qs),
        qPrintable(text(statistics, row, StatisticsModel::MeanOverIdealColumn)));
    QVERIFY(text(statistics, row, StatisticsModel::IdealColumn, Qt::ToolTipRole).contains(u"1 of 2 runs"_qs));
    QVERIFY(!text(statistics, 0, StatisticsModel::MeanOverIdealColumn).contains(u"impossible"_qs));
}

// Two workloads in one table: a row per band of each, the article's answer beside it, the agreement in words.
void TestModels::workloadDecisionHasARowPerWorkloadBand()
{
    AnalysisReport cpu = m_measured;
    cpu.workload = WorkloadKind::Cpu;
    const QList<AnalysisReport> reports { m_measured, cpu };
    WorkloadDecisionModel model;
    model.resetData(reports);
    QCOMPARE(model.rowCount(), int(m_measured.decision.size() * 2));
    const int last = model.rowCount() - 1;
    QCOMPARE(model.index(0, WorkloadDecisionModel::WorkloadColumn).data().toString(), reportGroupText(m_measured));
    QCOMPARE(model.index(last, WorkloadDecisionModel::WorkloadColumn).data().toString(), reportGroupText(cpu));
    QCOMPARE(model.index(0, WorkloadDecisionModel::ArticleColumn).data().toString(), u"IO: Multithreading"_qs);
    QCOMPARE(model.index(last, WorkloadDecisionModel::ArticleColumn).data().toString(), u"CPU: Multiprocessing"_qs);
    const ArticleAnswer answer = articleAnswer(cpu, cpu.decision.last());
    QCOMPARE(model.index(last, WorkloadDecisionModel::AgreesColumn).data().toString(), agreementText(answer));
}

void TestModels::statisticsMemoryColumnsAreMeansOfTheRuns()
{
    // Two runs at 10 tasks that measured their memory and one from a file that did not (-1): the means are of the two.
    QList<RunResult> runs;
    for (const auto& [tool, workers] : { std::pair<qint64, qint64>(1000, 4096), { 3000, 8192 }, { -1, -1 } }) {
        RunResult run = makeRun(StrategyKind::Blended, 10, 0.5);
        run.resources.peakRssKiB = tool;
        run.resources.workersPeakRssKiB = workers;
        run.resources.threadsCreated = tool < 0 ? -1 : 10;
        run.resources.processesCreated = tool < 0 ? -1 : 2;
        runs.append(run);
    }
    runs.append(makeRun(StrategyKind::Blended, 20, 0.7)); // measured nothing
    const QList<AnalysisReport> reports = analyzeRuns(runs);
    QCOMPARE(reports.size(), 1);
    const TaskCountPoint& point = reports.first().strategies.first().points.first();
    QCOMPARE(point.peakRssKiB, 2000.0);
    QCOMPARE(point.workersPeakRssKiB, 6144.0);
    QCOMPARE(point.threadsCreated, 10.0);
    QCOMPARE(point.processesCreated, 2.0);
    // The JSON report says the same, and null where nothing was measured.
    const QJsonArray points = analysisToJson(reports.first())
                                  .value(u"strategies")
                                  .toObject()
                                  .value(u"blended")
                                  .toObject()
                                  .value(u"points")
                                  .toArray();
    QCOMPARE(points.size(), 2);
    QCOMPARE(points.at(0).toObject().value(u"peak_rss_kib").toDouble(), 2000.0);
    QCOMPARE(points.at(0).toObject().value(u"workers_peak_rss_kib").toDouble(), 6144.0);
    QVERIFY(points.at(1).toObject().value(u"peak_rss_kib").isNull());
    QVERIFY(points.at(1).toObject().value(u"workers_peak_rss_kib").isNull());

    StatisticsModel statistics;
    QAbstractItemModelTester tester(&statistics, QAbstractItemModelTester::FailureReportingMode::QtTest);
    statistics.resetData(reports.first());
    const int measured = statisticsRow(statistics, StrategyKind::Blended, 10);
    QCOMPARE(text(statistics, measured, StatisticsModel::PeakRssColumn), u"2.0 MiB"_qs);
    QCOMPARE(text(statistics, measured, StatisticsModel::WorkersRssColumn), u"6.0 MiB"_qs);
    QCOMPARE(
        statistics.index(measured, StatisticsModel::PeakRssColumn).data(StatisticsModel::SortRole).toDouble(), 2000.0);
    QVERIFY(text(statistics, measured, StatisticsModel::PeakRssColumn, Qt::ToolTipRole).contains(u"10 threads"_qs));
    const int unknown = statisticsRow(statistics, StrategyKind::Blended, 20);
    QCOMPARE(text(statistics, unknown, StatisticsModel::PeakRssColumn), u"—"_qs);
    QVERIFY(!statistics.index(unknown, StatisticsModel::WorkersRssColumn).data(StatisticsModel::SortRole).isValid());
    QCOMPARE(statistics.headerData(StatisticsModel::PeakRssColumn, Qt::Horizontal).toString(), u"Peak RSS"_qs);
    QVERIFY(!statistics.headerData(StatisticsModel::WorkersRssColumn, Qt::Horizontal, Qt::ToolTipRole)
                 .toString()
                 .isEmpty());
}

void TestModels::resultsSayWhereEachRunRan()
{
    const QList<RunResult> runs = runtimeSweep();
    ResultsModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.resetData(runs);
    QCOMPARE(model.headerData(ResultsModel::RuntimeColumn, Qt::Horizontal).toString(), u"Runtime"_qs);
    QVERIFY(model.headerData(ResultsModel::RuntimeColumn, Qt::Horizontal, Qt::ToolTipRole)
                .toString()
                .contains(u"CPython"_qs));
    QVERIFY(model.headerData(ResultsModel::RuntimeStartupColumn, Qt::Horizontal).toString().startsWith(u"Start-up"_qs));
    for (int row = 0; row < model.rowCount(); ++row) {
        const RunResult& run = runs[row];
        const bool python = run.spec.runtime == RuntimeKind::Python;
        QCOMPARE(text(model, row, ResultsModel::RuntimeColumn), python ? u"python"_qs : u"native"_qs);
        QCOMPARE(text(model, row, ResultsModel::RuntimeStartupColumn), python ? u"81234"_qs : u"0"_qs);
        const QString series = strategyName(run.spec.strategy) + (python ? u" (python)"_qs : QString());
        QCOMPARE(text(model, row, ResultsModel::StrategyColumn), series);
        // A strategy's python series is its runtime's first: the strategy's colour, not a shade of it.
        QCOMPARE(model.index(row, ResultsModel::StrategyColumn).data(Qt::DecorationRole).value<QColor>(),
            strategyColor(run.spec.strategy));
    }
    // Sorted by runtime, the engine's runs come first, as a text column sorts.
    QSortFilterProxyModel sorted;
    sorted.setSourceModel(&model);
    sorted.setSortRole(ResultsModel::SortRole);
    sorted.sort(ResultsModel::RuntimeColumn);
    QCOMPARE(sorted.index(0, ResultsModel::RuntimeColumn).data().toString(), u"native"_qs);
    QCOMPARE(sorted.index(sorted.rowCount() - 1, ResultsModel::RuntimeColumn).data().toString(), u"python"_qs);
}

void TestModels::decisionBandsPerRuntime()
{
    const AnalysisReport report = analyzeRuns(runtimeSweep()).constFirst();
    QVERIFY(!report.decision.isEmpty());
    QCOMPARE(report.decision.first().runtime, RuntimeKind::Native);
    QCOMPARE(report.decision.last().runtime, RuntimeKind::Python);

    DecisionModel decision;
    QAbstractItemModelTester tester(&decision, QAbstractItemModelTester::FailureReportingMode::QtTest);
    decision.resetData(report);
    QVERIFY(decision.anyBeyondNative());
    QCOMPARE(decision.headerData(DecisionModel::RuntimeColumn, Qt::Horizontal).toString(), u"Runtime"_qs);
    QCOMPARE(decision.rowCount(), int(report.decision.size()));
    for (int row = 0; row < decision.rowCount(); ++row) {
        const DecisionRow& band = report.decision[row];
        QCOMPARE(text(decision, row, DecisionModel::RuntimeColumn), runtimeName(band.runtime));
        QCOMPARE(text(decision, row, DecisionModel::TasksColumn), taskRangeText(band));
        // A band compares the series of its own runtime only.
        for (const int column : { int(DecisionModel::LeaderColumn), int(DecisionModel::RunnerUpColumn) }) {
            const QString series = text(decision, row, column);
            QCOMPARE(series.endsWith(u" (python)"_qs), band.runtime == RuntimeKind::Python);
        }
    }

    WorkloadDecisionModel workloads;
    workloads.resetData({ report });
    QVERIFY(workloads.anyBeyondNative());
    QCOMPARE(workloads.rowCount(), int(report.decision.size()));
    QCOMPARE(text(workloads, 0, WorkloadDecisionModel::RuntimeColumn), u"native"_qs);
    QCOMPARE(text(workloads, workloads.rowCount() - 1, WorkloadDecisionModel::RuntimeColumn), u"python"_qs);

    // The engine's runs alone: no band beyond it, so the views leave the column out.
    QList<RunResult> native = runtimeSweep();
    native.removeIf([](const RunResult& run) { return run.spec.runtime == RuntimeKind::Python; });
    decision.resetData(analyzeRuns(native).constFirst());
    QVERIFY(!decision.anyBeyondNative());
    QCOMPARE(text(decision, 0, DecisionModel::RuntimeColumn), u"native"_qs);
}

QTEST_MAIN(TestModels)
#include "tst_models.moc"

void TestModels::comparisonOfTwoDataSets()
{
    // The article against itself with every time doubled, as the Compare tab shows it.
    DataSetStore store;
    DataSet article;
    article.title = u"the article"_qs;
    article.results.runs = m_articleRuns;
    store.add(article);
    ComparePage page(&store);
    QAbstractItemModelTester tester(page.model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy landed(&page, &ComparePage::comparisonLanded);
    DataSet doubled;
    doubled.title = u"doubled"_qs;
    doubled.results.runs = m_articleRuns;
    for (RunResult& run : doubled.results.runs)
        run.seconds *= 2;
    store.add(doubled);
    QCOMPARE(page.contenderBox()->currentText(), u"doubled"_qs); // the set just added, against the first
    QCOMPARE(page.baselineBox()->currentText(), u"the article"_qs);
    QTRY_VERIFY(!page.isComparing() && page.model()->rowCount() == 18);
    for (int row = 0; row < 18; ++row) {
        QCOMPARE(page.model()->index(row, ComparisonModel::RatioColumn).data().toString(), u"2.000"_qs);
        QCOMPARE(page.model()->index(row, ComparisonModel::VerdictColumn).data().toString(), u"slower"_qs);
    }
    // The chart: B/A per series with its band, and the line of no change.
    QStringList names;
    for (QAbstractSeries* series : page.chartView()->chart()->series())
        names << series->name();
    QVERIFY2(
        names.contains(u"threads"_qs) && names.contains(u"blended"_qs) && names.contains(u"no change (B/A = 1)"_qs),
        qPrintable(names.join(u", ")));
    // The same set on both sides: no difference anywhere.
    page.contenderBox()->setCurrentIndex(0);
    QTRY_VERIFY(!page.isComparing() && page.model()->rowCount() == 18
        && page.model()->index(0, ComparisonModel::RatioColumn).data().toString() == u"1.000"_qs);
    QCOMPARE(page.model()->index(0, ComparisonModel::VerdictColumn).data().toString(), u"no significant difference"_qs);
}
