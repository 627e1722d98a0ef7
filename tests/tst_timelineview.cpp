// A run's timeline as the window shows it: the view's lanes, bars, level of detail, zoom and hover; the timeline
// window opened from the runs table and the chart, and its export; the Breakdown tab.

#include "breakdownpage.h"
#include "canceltoken.h"
#include "chartpage.h"
#include "datasetanalysis.h"
#include "mainwindow.h"
#include "resultfile.h"
#include "runspage.h"
#include "strategy.h"
#include "strategystyle.h"
#include "testspecs.h"
#include "timelinedialog.h"
#include "timelineview.h"

#include <QBarSet>
#include <QChartView>
#include <QCheckBox>
#include <QComboBox>
#include <QElapsedTimer>
#include <QHorizontalStackedBarSeries>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSettings>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QXYSeries>

namespace {
constexpr qint64 Start = 5'000'000'000;
constexpr qint64 Ms = 1'000'000;

TaskTrace trace(int task, int worker, qint64 pid, qint64 tid, qint64 startMs, qint64 endMs)
{
    return { task, worker, pid, tid, Start + startMs * Ms, Start + endMs * Ms };
}

// Six tasks on two worker processes of two threads each, over 100 ms (as tst_timeline's known run).
RunResult knownRun()
{
    RunResult run;
    run.spec = resolvedRunSpec(specOf(StrategyKind::Blended).tasks(6).taskMs(30).processes(2).threads(2), 2);
    run.startNs = Start;
    run.seconds = 0.100;
    run.idealSeconds = 0.060;
    run.traces = { trace(0, 0, 300, 31, 10, 40), trace(1, 0, 300, 32, 12, 42), trace(2, 0, 300, 31, 45, 70),
        trace(3, 1, 200, 21, 20, 50), trace(4, 1, 200, 22, 25, 55), trace(5, 1, 200, 21, 50, 90) };
    return run;
}

// `tasks` tasks of 1 ms one after another on `lanes` threads of one process, or all at once on one event loop.
RunResult manyTasks(int tasks, int lanes, bool eventLoop)
{
    RunResult run;
    run.spec = resolvedRunSpec(specOf(eventLoop ? StrategyKind::Async : StrategyKind::Threads)
                                   .tasks(tasks)
                                   .taskMs(1)
                                   .threads(eventLoop ? 0 : lanes),
        2);
    run.startNs = Start;
    run.traces.reserve(tasks);
    qint64 end = 0;
    for (int task = 0; task < tasks; ++task) {
        const int lane = eventLoop ? 0 : task % lanes;
        const qint64 start = eventLoop ? task * 1000 : (task / lanes) * Ms;
        run.traces.append({ task, lane, 7, 100 + lane, Start + start, Start + start + Ms });
        end = std::max(end, start + Ms);
    }
    run.seconds = double(end) / 1e9;
    return run;
}

bool colorNear(const QColor& a, const QColor& b)
{
    return std::abs(a.red() - b.red()) < 12 && std::abs(a.green() - b.green()) < 12
        && std::abs(a.blue() - b.blue()) < 12;
}
} // namespace

class TestTimelineView : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("ConcurrencyLabTest"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_timelineview"));
        QVERIFY(m_dir.isValid());
        qputenv("XDG_STATE_HOME", m_dir.filePath(u"state"_qs).toLocal8Bit());
    }

    void init() { QSettings().clear(); }

    void barsWhereTheTasksRan()
    {
        TimelineView view;
        view.resize(900, 520);
        const QColor color = strategyColor(StrategyKind::Blended);
        view.setTimeline(buildTimeline(knownRun()), color);
        const QImage image = view.grab().toImage();
        QCOMPARE(view.paintedBars(), 6);
        QCOMPARE(view.paintedSlices(), 0);
        // The whole run in view, with a margin: task 2 (lane 0, 45-70 ms) is drawn in the strategy's colour at 57 ms,
        // and nothing is at 80 ms on that lane.
        QVERIFY(view.viewFrom() < 0 && view.viewTo() > 0.100);
        const int laneY = view.lanesRect().top() + view.laneHeight() / 2; // the first lane's middle
        const auto xOf = [&view](double seconds) { return int(std::round(view.xOf(seconds))); };
        QVERIFY2(colorNear(image.pixelColor(xOf(0.057), laneY), color),
            qPrintable(image.pixelColor(xOf(0.057), laneY).name()));
        QVERIFY(!colorNear(image.pixelColor(xOf(0.080), laneY), color));
        // The hover names the task under the pointer, with its times.
        const int bar = view.barAt(QPoint(xOf(0.057), laneY));
        QVERIFY(bar >= 0);
        QCOMPARE(view.timeline().bars.at(bar).task, 2);
        const QString text = view.barText(bar);
        QVERIFY2(text.contains(u"task 2\nworker 1, thread 1 (pid 300, tid 31)"_qs), qPrintable(text));
        QVERIFY2(text.contains(u"started at 45.000 ms, ended at 70.000 ms: took 25.000 ms"_qs), qPrintable(text));
        QCOMPARE(view.barAt(QPoint(xOf(0.080), laneY)), -1);
    }

    void zoomAndPanWithTheKeys()
    {
        TimelineView view;
        view.resize(900, 520);
        view.setTimeline(buildTimeline(knownRun()), Qt::blue);
        const double whole = view.viewTo() - view.viewFrom();
        QTest::keyClick(&view, Qt::Key_Plus);
        QVERIFY(std::abs((view.viewTo() - view.viewFrom()) - whole / 1.5) < 1e-12);
        QTest::keyClick(&view, Qt::Key_W);
        const double zoomed = view.viewTo() - view.viewFrom();
        QVERIFY(std::abs(zoomed - whole / 2.25) < 1e-12);
        const double from = view.viewFrom();
        QTest::keyClick(&view, Qt::Key_Right);
        QVERIFY(std::abs(view.viewFrom() - (from + 0.2 * zoomed)) < 1e-12);
        QTest::keyClick(&view, Qt::Key_A);
        QVERIFY(std::abs(view.viewFrom() - from) < 1e-12);
        // Never beyond the run: zooming out stops at the whole of it, panning at its ends.
        for (int i = 0; i < 10; ++i)
            QTest::keyClick(&view, Qt::Key_Minus);
        QVERIFY(std::abs((view.viewTo() - view.viewFrom()) - whole) < 1e-12);
        QTest::keyClick(&view, Qt::Key_Left);
        QVERIFY(std::abs((view.viewTo() - view.viewFrom()) - whole) < 1e-12);
        QTest::keyClick(&view, Qt::Key_Plus);
        QTest::keyClick(&view, Qt::Key_0);
        QVERIFY(std::abs((view.viewTo() - view.viewFrom()) - whole) < 1e-12);
        // Ctrl+wheel zooms around the pointer: the time under it stays under it.
        const QPoint at(500, 100);
        const double under = view.timeAt(at.x());
        QWheelEvent wheel(at, view.mapToGlobal(at), QPoint(), QPoint(0, 120), Qt::NoButton, Qt::ControlModifier,
            Qt::NoScrollPhase, false);
        QCoreApplication::sendEvent(&view, &wheel);
        QVERIFY(view.viewTo() - view.viewFrom() < whole);
        const double after = view.timeAt(at.x());
        QVERIFY(std::abs(after - under) < 1e-9);
    }

    void manyTasksAreDrawnAsSlicesOfAPixel_data()
    {
        QTest::addColumn<int>("lanes");
        QTest::addColumn<bool>("eventLoop");
        QTest::addRow("100,000 tasks on 2 threads") << 2 << false;
        QTest::addRow("100,000 tasks on one event loop") << 1 << true;
    }

    void manyTasksAreDrawnAsSlicesOfAPixel()
    {
        QFETCH(int, lanes);
        QFETCH(bool, eventLoop);
        TimelineView view;
        view.resize(1000, 600);
        view.setTimeline(buildTimeline(manyTasks(100'000, lanes, eventLoop)), Qt::darkGreen);
        QElapsedTimer timer;
        timer.start();
        const QImage image = view.grab().toImage();
        const qint64 paintMs = timer.elapsed();
        QCOMPARE(view.paintedBars(), 0);
        QVERIFY(view.paintedSlices() > 0 && view.paintedSlices() <= lanes * 1000);
        // Generous: conlab-bench-gui measures it; a paint per bar took seconds.
        QVERIFY2(paintMs < 2000, qPrintable(QString::number(paintMs)));
        // Zoomed far in, the bars are drawn one by one again.
        view.setView(0.010, 0.012);
        view.grab();
        QVERIFY(view.paintedBars() > 0 || eventLoop);
        QCOMPARE(image.isNull(), false);
    }

    void theWindowExportsTheTimeline()
    {
        TimelineDialog dialog(knownRun(), u"run 1 of a test"_qs);
        QVERIFY(dialog.windowTitle().contains(u"run 1 of a test"_qs));
        QCOMPARE(dialog.view()->timeline().bars.size(), 6);
        const QString path = m_dir.filePath(u"timeline.json"_qs);
        QString error;
        QVERIFY2(dialog.exportTimeline(path, &error), qPrintable(error));
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QJsonObject trace = QJsonDocument::fromJson(file.readAll()).object();
        QCOMPARE(trace.value(u"displayTimeUnit").toString(), u"ms"_qs);
        QVERIFY(trace.value(u"traceEvents").toArray().size() > 6);
        // A run without traces: the window says why, and there is nothing to export.
        RunResult bare = knownRun();
        bare.traces.clear();
        TimelineDialog empty(bare, u"run 2"_qs);
        QVERIFY(empty.view()->timeline().isEmpty());
        QVERIFY(!empty.exportTimeline(m_dir.filePath(u"none.json"_qs), &error));
        QVERIFY(!QFile::exists(m_dir.filePath(u"none.json"_qs)));
    }

    // The window's flows with real runs: a double-click on a row of the runs table or on a run's point in the chart
    // opens that run's timeline; the Breakdown tab splits the runs at a task count.
    void timelinesFromTheWindow()
    {
        ResultSet set;
        const ExecutionContext context = ExecutionContext::forThisMachine(WorkloadKind::Sleep);
        for (int tasks : { 4, 8, 12 }) {
            for (StrategyKind strategy : { StrategyKind::Threads, StrategyKind::Blended }) {
                CancelToken token;
                RunSpec spec = specOf(strategy).tasks(tasks).taskMs(20);
                if (strategy == StrategyKind::Blended)
                    spec.processes = 2;
                const RunResult run = runMeasured(spec, context, token);
                QVERIFY2(run.isOk(), qPrintable(run.message));
                set.runs.append(run);
            }
        }
        const QString path = m_dir.filePath(u"runs.json"_qs);
        QString error;
        QVERIFY2(writeResultFile(path, set, &error), qPrintable(error));

        MainWindow window;
        window.resize(1280, 800);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(window.openFile(path));
        QTRY_VERIFY_WITH_TIMEOUT(!window.analysis()->isAnalysing() && window.analysis()->dataSet() >= 0, 30'000);

        // The runs table: row 4 (the blended run at 8 tasks).
        window.tabs()->setCurrentWidget(window.runsPage());
        QTableView* table = window.resultsView();
        QTRY_COMPARE(table->model()->rowCount(), 6);
        const QModelIndex row = table->model()->index(3, 0);
        QTRY_VERIFY(table->visualRect(row).isValid() && table->isVisible());
        // A press first, as a user's double-click begins: the view only takes a double-click on the row it was
        // pressed on.
        QTest::mousePress(table->viewport(), Qt::LeftButton, {}, table->visualRect(row).center());
        QTest::mouseRelease(table->viewport(), Qt::LeftButton, {}, table->visualRect(row).center());
        QTest::mouseDClick(table->viewport(), Qt::LeftButton, {}, table->visualRect(row).center());
        TimelineDialog* dialog = nullptr;
        QTRY_VERIFY((dialog = window.findChild<TimelineDialog*>()));
        QCOMPARE(dialog->run().spec.strategy, StrategyKind::Blended);
        QCOMPARE(dialog->run().spec.tasks, 8);
        QVERIFY(dialog->windowTitle().contains(u"run 4 of"_qs));
        QCOMPARE(dialog->view()->timeline().bars.size(), 8);
        dialog->close();
        QTRY_VERIFY(!window.findChild<TimelineDialog*>());

        // The chart: a double-click on the threads run at 12 tasks, where the mean's marker lies over its point.
        window.tabs()->setCurrentWidget(window.chartPage());
        QTest::qWait(200); // the chart laid out in its tab
        RuntimeChartView* view = window.chartView();
        QTRY_VERIFY(!view->runtimeChart()->runPoints(u"threads"_qs).isEmpty());
        const QList<QPointF> points = view->runtimeChart()->runPoints(u"threads"_qs);
        const QPointF value = *std::max_element(
            points.cbegin(), points.cend(), [](const QPointF& a, const QPointF& b) { return a.x() < b.x(); });
        QXYSeries* mean = nullptr;
        for (QAbstractSeries* series : view->runtimeChart()->series()) {
            if (series->name().startsWith(u"threads (mean)"))
                mean = qobject_cast<QXYSeries*>(series);
        }
        QVERIFY(mean);
        const QPoint at
            = view->mapFromScene(view->runtimeChart()->mapToScene(view->runtimeChart()->mapToPosition(value, mean)));
        QTest::mouseDClick(view->viewport(), Qt::LeftButton, {}, at);
        QTRY_VERIFY((dialog = window.findChild<TimelineDialog*>()));
        QCOMPARE(dialog->run().spec.strategy, StrategyKind::Threads);
        QCOMPARE(dialog->run().spec.tasks, 12);
        QVERIFY(dialog->windowTitle().contains(u"threads, 12 tasks, repeat 1"_qs));
        dialog->close();

        // The Breakdown tab: both series at the largest task count, each bar adding up to its runs' wall time.
        BreakdownPage* page = window.breakdownPage();
        window.tabs()->setCurrentWidget(page);
        QCOMPARE(page->taskCountBox()->currentText(), u"12"_qs);
        QCOMPARE(page->barTexts().size(), 2);
        QVERIFY2(page->barTexts().at(0).startsWith(u"threads: start-up "_qs), qPrintable(page->barTexts().at(0)));
        QVERIFY(page->barTexts().at(1).startsWith(u"blended: start-up "_qs));
        QVERIFY(page->sharesBox()->isChecked());
        page->sharesBox()->setChecked(false); // in milliseconds
        auto* bars = qobject_cast<QHorizontalStackedBarSeries*>(page->chartView()->chart()->series().value(0));
        QVERIFY(bars);
        QCOMPARE(bars->barSets().size(), 5);
        for (int series = 0; series < 2; ++series) {
            double total = 0;
            for (QBarSet* part : bars->barSets())
                total += part->at(series);
            // The category of the series at the bottom is the report's last: blended, then threads.
            const StrategyKind strategy = series == 0 ? StrategyKind::Blended : StrategyKind::Threads;
            const auto run = std::find_if(set.runs.cbegin(), set.runs.cend(),
                [strategy](const RunResult& r) { return r.spec.strategy == strategy && r.spec.tasks == 12; });
            QVERIFY2(std::abs(total - run->seconds * 1e3) < 1e-6, qPrintable(QString::number(total)));
        }
        page->sharesBox()->setChecked(true); // each bar adds up to 100 %
        bars = qobject_cast<QHorizontalStackedBarSeries*>(page->chartView()->chart()->series().value(0));
        for (int series = 0; series < 2; ++series) {
            double total = 0;
            for (QBarSet* part : bars->barSets())
                total += part->at(series);
            QVERIFY(std::abs(total - 100) < 1e-9);
        }
        page->taskCountBox()->setCurrentIndex(page->taskCountBox()->findText(u"4"_qs));
        QVERIFY(page->barTexts().at(0).startsWith(u"threads: "_qs));
    }
};

QTEST_MAIN(TestTimelineView)
#include "tst_timelineview.moc"
