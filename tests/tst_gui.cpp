// conlab-gui driven as a person would: sliders set, Run pressed, the tabs read; on the offscreen platform.

#include "bytesspinbox.h"
#include "chartpage.h"
#include "controlpanel.h"
#include "costmodelpage.h"
#include "datasetanalysis.h"
#include "datasetloader.h"
#include "datasetstore.h"
#include "decisionpage.h"
#include "mainwindow.h"
#include "processprobe.h"
#include "realfaults.h"
#include "reportmodels.h"
#include "resultfile.h"
#include "resultsmodel.h"
#include "runjournal.h"
#include "runspage.h"
#include "sanitizers.h"
#include "sliderspinbox.h"
#include "statisticspage.h"
#include "testspecs.h"
#include "workloadoptions.h"

#include <QAbstractButton>
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QGraphicsScene>
#include <QGraphicsTextItem>
#include <QHeaderView>
#include <QLabel>
#include <QLegend>
#include <QLegendMarker>
#include <QLineEdit>
#include <QLineSeries>
#include <QMenu>
#include <QMessageBox>
#include <QMimeData>
#include <QProcess>
#include <QProgressBar>
#include <QPushButton>
#include <QScopeGuard>
#include <QScrollArea>
#include <QScrollBar>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QStatusBar>
#include <QSvgRenderer>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QToolButton>
#include <QUrl>
#include <QValueAxis>
#include <algorithm>
#include <csignal>
#include <functional>

namespace {
const DataSet& lastDataSet(const MainWindow& window)
{
    return window.store()->at(window.store()->count() - 1);
}

// Waits for the analysis of the data set on show, which runs off the GUI thread, to land.
#define WAIT_FOR_ANALYSIS(window) QTRY_VERIFY_WITH_TIMEOUT(!(window).analysis()->isAnalysing(), 30'000)

// A 10 ms timer on the GUI thread, ticking from its construction; a long gap between its ticks is a frozen window.
class Heartbeat
{
public:
    Heartbeat()
    {
        m_timer.setInterval(10);
        QObject::connect(
            &m_timer, &QTimer::timeout, [this] { m_longestMs = std::max(m_longestMs, m_sinceTick.restart()); });
        m_sinceTick.start();
        m_timer.start();
    }
    void stop() { m_timer.stop(); }
    qint64 longestGapMs() const { return m_longestMs; }

private:
    QTimer m_timer;
    QElapsedTimer m_sinceTick;
    qint64 m_longestMs = 0;
};

// The article's runs over and over, as many as asked for: a data set as large as a test needs.
ResultSet manyRuns(int count)
{
    const std::optional<ResultSet> article = readResultFile(QFINDTESTDATA("../resources/article-runs.csv"), nullptr);
    ResultSet set;
    set.runs.reserve(count);
    for (int i = 0; article && i < count; ++i)
        set.runs.append(article->runs.at(i % article->runs.size()));
    return set;
}

// manyRuns(count) written to NAME in `dir`, by the real writer; its path, or empty when it could not be written.
QString writeManyRuns(const QTemporaryDir& dir, const QString& name, int count)
{
    const QString path = dir.filePath(name);
    return writeResultFile(path, manyRuns(count), nullptr) ? path : QString();
}

// Types a value into a slider's spin box and confirms it with Enter, as a person would.
void typeValue(SliderSpinBox* box, int value)
{
    QSpinBox* spin = box->spinBox();
    spin->setFocus();
    spin->selectAll();
    QTest::keyClicks(spin, QString::number(value));
    QTest::keyClick(spin, Qt::Key_Enter);
    QCOMPARE(box->value(), value);
}

void chooseStrategies(ControlPanel* panel, const QList<StrategyKind>& strategies)
{
    for (StrategyKind strategy : allStrategies()) {
        QCheckBox* box = panel->strategyCheckBox(strategy);
        if (box->isChecked() != strategies.contains(strategy))
            QTest::mouseClick(box, Qt::LeftButton, {}, QPoint(4, box->height() / 2));
        QCOMPARE(box->isChecked(), strategies.contains(strategy));
    }
}

// A value other than the default for every option, as the command line would take it; a flag's text is ignored.
QString sampleOptionValue(WorkloadOption option)
{
    switch (option) {
    case WorkloadOption::CpuMs:
        return QStringLiteral("37");
    case WorkloadOption::Bytes:
        return QStringLiteral("196608"); // 192 KiB
    case WorkloadOption::Dir:
        return QDir::tempPath() + QStringLiteral("/conlab files");
    case WorkloadOption::Command:
        return QStringLiteral("printf '%s' {}");
    case WorkloadOption::Fsync:
    case WorkloadOption::Shell:
    case WorkloadOption::InterpreterLock:
        break;
    }
    return {};
}

void chooseWorkload(ControlPanel* panel, WorkloadKind workload)
{
    QComboBox* box = panel->workloadBox();
    box->setCurrentIndex(box->findData(int(workload)));
    QCOMPARE(box->currentData().toInt(), int(workload));
}

// A run's peak memory as the memory view draws it: the tool and its workers, in MiB.
double runMemoryMiB(const RunResult& run)
{
    return double(run.resources.peakRssKiB + std::max<qint64>(0, run.resources.workersPeakRssKiB)) / 1024;
}

// Every strategy at 2, 4 and 6 tasks of 20 ms on two worker processes, twice: six runs per strategy in a few seconds.
qsizetype smallSweepRuns()
{
    return 6 * allStrategies().size();
}

void setSmallSweep(ControlPanel* panel)
{
    typeValue(panel->tasksFrom(), 2);
    typeValue(panel->tasksTo(), 6);
    typeValue(panel->tasksStep(), 2);
    typeValue(panel->taskMs(), 20);
    typeValue(panel->repeats(), 2);
    typeValue(panel->processes(), 2);
    chooseStrategies(panel, allStrategies());
}

// The text of every cell of a column, as the view shows it.
QStringList columnText(const QTableView* view, int column)
{
    QStringList texts;
    const QAbstractItemModel* model = view->model();
    for (int row = 0; row < model->rowCount(); ++row)
        texts.append(model->index(row, column).data().toString());
    return texts;
}

// Closes the message boxes the code under test opens, which would otherwise wait for a person forever, and keeps
// what they said.
// Answers every message box that comes up, as a person would, and keeps its text: Escape (the box's reject) by
// default, or Enter (its default button).
class DialogCloser : public QObject
{
public:
    enum Answer
    {
        Reject,
        Default,
    };

    explicit DialogCloser(Answer answer = Reject)
        : DialogCloser([answer](QMessageBox* box) {
            if (answer == Default)
                QTest::keyClick(box, Qt::Key_Enter);
            else
                box->reject();
        })
    { }

    // Clicks the button whose text is `button`, with its mnemonic ("&Discard").
    explicit DialogCloser(const QString& button)
        : DialogCloser([button](QMessageBox* box) {
            const QList<QAbstractButton*> buttons = box->buttons();
            const auto found = std::find_if(buttons.cbegin(), buttons.cend(),
                [&button](const QAbstractButton* candidate) { return candidate->text() == button; });
            if (found != buttons.cend())
                QTest::mouseClick(*found, Qt::LeftButton);
            else
                box->reject();
        })
    { }
    QStringList texts() const { return m_texts; }
    QList<Qt::TextFormat> formats() const { return m_formats; }

private:
    explicit DialogCloser(std::function<void(QMessageBox*)> answer)
    {
        m_timer.setInterval(50);
        connect(&m_timer, &QTimer::timeout, this, [this, answer = std::move(answer)] {
            if (auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget())) {
                m_texts.append(box->text());
                m_formats.append(box->textFormat());
                answer(box);
            }
        });
        m_timer.start();
    }

    QTimer m_timer;
    QStringList m_texts;
    QList<Qt::TextFormat> m_formats;
};

bool isBlank(const QImage& image)
{
    const QRgb first = image.pixel(0, 0);
    for (int y = 0; y < image.height(); y += 3) {
        for (int x = 0; x < image.width(); x += 3) {
            if (image.pixel(x, y) != first)
                return false;
        }
    }
    return true;
}

// Widgets whose text does not fit the space they were given, by their own size hints: a label or button narrower
// than its text (a word-wrapped label: lower than its lines), or one that reaches beyond the window's edge.
QStringList clippedWidgets(const QWidget& window)
{
    QStringList clipped;
    const QRect inside = window.rect();
    for (const QWidget* widget : window.findChildren<QWidget*>()) {
        if (!widget->isVisible())
            continue;
        const auto* label = qobject_cast<const QLabel*>(widget);
        const auto* button = qobject_cast<const QAbstractButton*>(widget);
        if ((!label || label->text().isEmpty()) && (!button || button->text().isEmpty()))
            continue;
        const QString name = label ? label->text() : button->text();
        if (label && label->wordWrap()) {
            if (label->heightForWidth(label->width()) > label->height() + 1)
                clipped << QStringLiteral("%1: %2 px high for %3")
                               .arg(name)
                               .arg(label->height())
                               .arg(label->heightForWidth(label->width()));
        } else if (widget->sizeHint().width() > widget->width() + 1) {
            clipped << QStringLiteral("%1: %2 px wide for %3")
                           .arg(name)
                           .arg(widget->width())
                           .arg(widget->sizeHint().width());
        }
        if (!inside.contains(QRect(widget->mapTo(&window, QPoint()), widget->size())))
            clipped << QStringLiteral("%1: beyond the window").arg(name);
    }
    return clipped;
}

// Texts of the chart that Qt Charts cut ("10...", "T = 2.37×10⁻⁶ n² − 6.55…") or drew outside the chart or, for the
// legend's, outside the legend.
QStringList clippedChartTexts(const QChart& chart)
{
    QStringList clipped;
    const QRectF chartBox = chart.mapRectToScene(chart.rect());
    const QRectF legendBox = chart.legend()->mapRectToScene(chart.legend()->rect());
    for (const QGraphicsItem* item : chart.scene()->items()) {
        const auto* text = qgraphicsitem_cast<const QGraphicsTextItem*>(item);
        if (!text || !text->isVisible() || text->toPlainText().isEmpty())
            continue;
        const QString plain = text->toPlainText();
        const QRectF box = text->sceneBoundingRect().adjusted(1, 1, -1, -1);
        const bool inLegend = chart.legend()->isAncestorOf(text);
        if (plain.endsWith(QStringLiteral("...")))
            clipped << QStringLiteral("cut: %1").arg(plain);
        else if (!chartBox.contains(box) || (inLegend && !legendBox.contains(box)))
            clipped << QStringLiteral("outside: %1").arg(plain);
    }
    return clipped;
}

// The check boxes of the runtimes, in allRuntimes() order, as a list of those checked.
QList<RuntimeKind> checkedRuntimes(const ControlPanel& panel)
{
    QList<RuntimeKind> checked;
    for (RuntimeKind runtime : allRuntimes()) {
        if (panel.runtimeCheckBox(runtime)->isChecked())
            checked.append(runtime);
    }
    return checked;
}

// Types the task counts' text as a person would, replacing what is there.
void typeTaskCounts(ControlPanel* panel, const QString& text)
{
    QLineEdit* edit = panel->taskCountsEdit();
    edit->setFocus();
    edit->selectAll();
    QTest::keyClicks(edit, text);
    QCOMPARE(edit->text(), text);
}
} // namespace

class TestGui : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        // Settings and the last directory go to a throw-away place, never the user's.
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("ConcurrencyLabTest"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_gui"));
        // Journals too: the sweeps here are not the user's.
        QVERIFY(m_state.isValid());
        qputenv("XDG_STATE_HOME", m_state.path().toLocal8Bit());
    }

    void init() { QSettings().clear(); }

    void firstStartShowsTheArticleWithItsTrendlines()
    {
        MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        WAIT_FOR_ANALYSIS(window);
        QVERIFY(window.windowTitle().contains(QStringLiteral("Concurrency Lab")));
        QCOMPARE(window.store()->count(), 1);
        QVERIFY(window.store()->at(0).fromArticle);
        QCOMPARE(window.resultsView()->model()->rowCount(), 180);
        const QList<QLabel*> labels = window.findChildren<QLabel*>();
        QVERIFY(std::any_of(labels.cbegin(), labels.cend(),
            [](const QLabel* label) { return label->text().contains(QStringLiteral("Szewczyk")); }));

        const RuntimeChart* chart = window.chartView()->runtimeChart();
        QVERIFY2(chart->trendlineLabel(StrategyKind::Threads).contains(QStringLiteral("0.836")),
            qPrintable(chart->trendlineLabel(StrategyKind::Threads)));
        QVERIFY2(chart->trendlineLabel(StrategyKind::Blended).contains(QStringLiteral("0.991")),
            qPrintable(chart->trendlineLabel(StrategyKind::Blended)));
        QVERIFY(chart->trendlineLabel(StrategyKind::Sequential).isEmpty());
        QCOMPARE(window.statisticsView()->model()->rowCount(), 18);
        QVERIFY(window.decisionView()->model()->rowCount() > 0);
    }

    void smallSweepFillsEveryTabWhileTheWindowStaysResponsive()
    {
        MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        ControlPanel* panel = window.controlPanel();
        setSmallSweep(panel);
        QVERIFY(panel->runButton()->isEnabled());
        QVERIFY2(panel->verdictLabel()->text().contains(QStringLiteral("%1 runs, at least").arg(smallSweepRuns())),
            qPrintable(panel->verdictLabel()->text()));

        Heartbeat heartbeat;

        QTest::mouseClick(panel->runButton(), Qt::LeftButton);
        QVERIFY(window.isSweepRunning());
        QVERIFY(window.progressBar()->isVisible());
        QVERIFY(!panel->runButton()->isEnabled());
        QVERIFY(panel->cancelButton()->isEnabled());
        QCOMPARE(window.store()->count(), 2);
        QTRY_VERIFY_WITH_TIMEOUT(!window.isSweepRunning(), 120'000);
        WAIT_FOR_ANALYSIS(window);
        heartbeat.stop();
        const qint64 longestGapMs = heartbeat.longestGapMs();
        qInfo("longest gap between 10 ms heartbeats during the sweep: %lld ms", longestGapMs);
        // Generous: the real figure is conlab-bench-gui's (README).
        QVERIFY2(longestGapMs < 500 * sanitizers::timeFactor,
            qPrintable(QStringLiteral("the GUI thread was blocked for %1 ms").arg(longestGapMs)));

        QCOMPARE(window.resultsView()->model()->rowCount(), smallSweepRuns());
        const QStringList statuses = columnText(window.resultsView(), ResultsModel::StatusColumn);
        QCOMPARE(statuses.count(QStringLiteral("ok")), smallSweepRuns());
        // A row per (strategy, task count).
        QCOMPARE(window.statisticsView()->model()->rowCount(), smallSweepRuns() / 2);
        QVERIFY(window.decisionView()->model()->rowCount() >= 1);
        QCOMPARE(window.costModelView()->model()->rowCount(), allStrategies().size()); // a row per strategy
        const RuntimeChart* chart = window.chartView()->runtimeChart();
        for (StrategyKind strategy : allStrategies())
            QVERIFY2(
                chart->trendlineLabel(strategy).contains(QStringLiteral("R²")), qPrintable(strategyName(strategy)));
        QVERIFY(window.statusBar()->currentMessage().contains(QStringLiteral("finished")));
        QVERIFY(window.windowTitle().contains(QStringLiteral("unsaved")));
        QVERIFY(panel->runButton()->isEnabled());
        QVERIFY(!window.progressBar()->isVisible());
    }

    // After Run the article is drawn over this machine's runs, on runtime ÷ task duration (its 2 s tasks against
    // 20 ms); taken off from the Overlay menu, it stays off for the next Run, in this session and the next.
    void afterRunTheArticleIsOverlaid()
    {
        MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        WAIT_FOR_ANALYSIS(window);
        ChartPage* page = window.chartPage();
        QVERIFY(page->overlaid().isEmpty()); // the first start shows the article alone
        QVERIFY(window.chartInput().overlays.isEmpty());
        setSmallSweep(window.controlPanel());
        window.startSweep();
        // Before the sweep's first analysis there is no group to match: the article waits for it.
        QCOMPARE(page->overlaid(), QList<int> { 0 });
        QVERIFY(window.chartInput().overlays.isEmpty());
        QTRY_VERIFY_WITH_TIMEOUT(!window.isSweepRunning(), 120'000);
        WAIT_FOR_ANALYSIS(window);

        const ChartInput input = window.chartInput();
        QCOMPARE(input.overlays.size(), 1);
        QCOMPARE(input.overlays.first().name, QStringLiteral("the article"));
        QCOMPARE(input.name, QStringLiteral("this machine"));
        QVERIFY(input.title.endsWith(QStringLiteral(", beside the article")));
        QVERIFY(input.normalisedAxis());
        QVERIFY(page->normaliseBox()->isChecked() && !page->normaliseBox()->isEnabled());
        const RuntimeChart* chart = window.chartView()->runtimeChart();
        QCOMPARE(chart->yAxisTitle(), QStringLiteral("Runtime ÷ task duration (h = 20 ms; the article: 2 s)"));
        QCOMPARE(chart->overlayMeanPoints(0, QStringLiteral("threads")).size(), 9);
        // As many lines as the legend's width needs.
        const QString legend = chart->legendEntries().join(u'|').replace(QStringLiteral("<br>"), QStringLiteral(" "));
        QVERIFY2(legend.contains(QStringLiteral("|threads (mean) — the article|")), qPrintable(legend));
        QCOMPARE(page->overlayButton()->text(), QStringLiteral("Overlay (1)"));

        // Off from the menu: seconds again, the box the user's.
        QMenu* menu = page->overlayButton()->menu();
        emit menu->aboutToShow(); // as it opens
        const QList<QAction*> actions = menu->actions();
        QCOMPARE(actions.size(), 1); // every set but the one on show
        QAction* article = actions.first();
        QVERIFY(article->text().startsWith(QStringLiteral("The article")) && article->isChecked());
        article->trigger();
        QVERIFY(page->overlaid().isEmpty());
        QVERIFY(window.chartInput().overlays.isEmpty());
        QVERIFY(page->normaliseBox()->isEnabled() && !page->normaliseBox()->isChecked());
        QCOMPARE(chart->yAxisTitle(), QStringLiteral("Runtime (s)"));
        QCOMPARE(page->overlayButton()->text(), QStringLiteral("Overlay"));

        window.startSweep();
        QTRY_VERIFY_WITH_TIMEOUT(!window.isSweepRunning(), 120'000);
        WAIT_FOR_ANALYSIS(window);
        QCOMPARE(window.currentDataSet(), 2);
        QVERIFY(window.chartInput().overlays.isEmpty());
        // By hand: the first sweep over the second, both of 20 ms tasks, so in seconds; named apart by their titles.
        page->setOverlaid(1, true);
        WAIT_FOR_ANALYSIS(window);
        const ChartInput both = window.chartInput();
        QCOMPARE(both.overlays.size(), 1);
        QCOMPARE(both.overlays.first().name, window.store()->at(1).title);
        QCOMPARE(both.name, window.store()->at(2).title);
        QVERIFY(!both.normalisedAxis());
        QCOMPARE(chart->yAxisTitle(), QStringLiteral("Runtime (s)"));
        const DialogCloser discard(QStringLiteral("&Discard")); // the unsaved sweeps
        window.close();
        QCOMPARE(QSettings().value(QStringLiteral("chart/overlayArticle")).toBool(), false);
    }

    void cancelBeforeAnyRunEndedLeavesNothingToSave()
    {
        MainWindow window;
        window.show();
        ControlPanel* panel = window.controlPanel();
        chooseStrategies(panel, { StrategyKind::Threads });
        typeValue(panel->tasksFrom(), 5);
        typeValue(panel->tasksTo(), 5);
        typeValue(panel->taskMs(), 20'000);
        QTest::mouseClick(panel->runButton(), Qt::LeftButton);
        QTest::mouseClick(panel->cancelButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(!window.isSweepRunning(), 500 * sanitizers::timeFactor);
        const QList<RunResult>& runs = lastDataSet(window).results.runs;
        QVERIFY(std::all_of(
            runs.cbegin(), runs.cend(), [](const RunResult& run) { return run.status == RunStatus::Cancelled; }));
        QVERIFY(!lastDataSet(window).unsaved);
        QVERIFY2(!window.windowTitle().contains(QStringLiteral("unsaved")), qPrintable(window.windowTitle()));
        DialogCloser closer;
        QVERIFY(window.close()); // no question: nothing measured would be lost
        QVERIFY(closer.texts().isEmpty());
    }

    void cancelMidSweepKeepsTheFinishedRuns()
    {
        MainWindow window;
        window.show();
        ControlPanel* panel = window.controlPanel();
        chooseStrategies(panel, { StrategyKind::Threads });
        typeValue(panel->tasksFrom(), 5);
        typeValue(panel->tasksTo(), 5);
        typeValue(panel->taskMs(), 300);
        typeValue(panel->repeats(), 50);
        QTest::mouseClick(panel->runButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(window.resultsView()->model()->rowCount() >= 2, 30'000);
        QElapsedTimer clock;
        clock.start();
        QTest::keyClick(&window, Qt::Key_Escape); // Run > Cancel's shortcut
        QTRY_VERIFY_WITH_TIMEOUT(!window.isSweepRunning(), 5000);
        qInfo("cancel took %lld ms", clock.elapsed());
        QVERIFY(clock.elapsed() < 500 * sanitizers::timeFactor);
        QCOMPARE(ProcessProbe::childPids(), QList<qint64> {});
        const int rows = window.resultsView()->model()->rowCount();
        QVERIFY(rows >= 2 && rows < 50);
        const QStringList statuses = columnText(window.resultsView(), ResultsModel::StatusColumn);
        QVERIFY(statuses.count(QStringLiteral("ok")) >= 2);
        QVERIFY(statuses.count(QStringLiteral("ok")) + statuses.count(QStringLiteral("cancelled")) == rows);
        QVERIFY2(window.statusBar()->currentMessage().contains(QStringLiteral("Cancelled")),
            qPrintable(window.statusBar()->currentMessage()));
        QVERIFY(panel->runButton()->isEnabled());
    }

    void openingTheArticleFileShowsItsRSquared()
    {
        MainWindow window;
        const QString path = QFINDTESTDATA("../resources/article-runs.csv");
        QVERIFY(!path.isEmpty());
        QVERIFY(window.openFile(path));
        QCOMPARE(window.store()->count(), 2);
        QCOMPARE(window.currentDataSet(), 1);
        WAIT_FOR_ANALYSIS(window);
        const QStringList r2 = columnText(window.costModelView(), CostModelModel::TrendlineR2Column);
        QCOMPARE(r2.size(), 2);
        QVERIFY2(r2.join(u' ').contains(QStringLiteral("0.836")) && r2.join(u' ').contains(QStringLiteral("0.991")),
            qPrintable(r2.join(u' ')));
        QVERIFY(window.windowTitle().contains(QStringLiteral("article-runs.csv")));
    }

    // An interrupted sweep's journal opened in the app says, in the status bar and in the chart's title, how much of
    // the sweep it holds; a file that does not say its workload is titled unknown, not "sleep".
    void openedFilesSayWhatTheyAreMissing()
    {
        QTemporaryDir dir;
        ResultMetadata metadata;
        metadata.created = QDateTime::currentDateTime();
        QByteArray journal = journalHeaderLine(metadata, {}, 6);
        for (int tasks : { 2, 4, 6 }) {
            RunResult run;
            run.spec = resolvedRunSpec(specOf(StrategyKind::Threads).tasks(tasks).taskMs(10), 2);
            run.seconds = 0.012;
            run.idealSeconds = 0.01;
            journal += journalRunLine(run);
        }
        const QString killed = dir.filePath(u"killed.jsonl"_qs);
        QFile file(killed);
        QVERIFY(file.open(QIODevice::WriteOnly) && file.write(journal) == journal.size());
        file.close();

        MainWindow window;
        QVERIFY(window.openFile(killed));
        WAIT_FOR_ANALYSIS(window);
        const QString said = window.statusBar()->currentMessage();
        QVERIFY2(said.contains(u"interrupted: 3 of 6 planned runs"_qs), qPrintable(said));
        QVERIFY2(
            window.chartInput().title.contains(u"Sleep workload, 10 ms per task; interrupted: 3 of 6 planned runs"_qs),
            qPrintable(window.chartInput().title));

        const QString minimal = dir.filePath(u"minimal.csv"_qs);
        QFile csv(minimal);
        QVERIFY(csv.open(QIODevice::WriteOnly) && csv.write("strategy,tasks,seconds\nthreads,10,0.2\n") > 0);
        csv.close();
        QVERIFY(window.openFile(minimal));
        WAIT_FOR_ANALYSIS(window);
        QVERIFY2(window.chartInput().title.startsWith(u"Unknown workload, unknown task duration — minimal.csv"_qs),
            qPrintable(window.chartInput().title));
        QVERIFY(!window.statusBar()->currentMessage().contains(u"planned"_qs));
    }

    void droppingAFileOpensIt()
    {
        MainWindow window;
        window.show();
        QMimeData mime;
        mime.setUrls({ QUrl::fromLocalFile(QFINDTESTDATA("../resources/article-runs.csv")) });
        QDragEnterEvent enter(QPoint(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(&window, &enter);
        QVERIFY(enter.isAccepted());
        QDropEvent drop(QPointF(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(&window, &drop);
        QTRY_COMPARE(window.store()->count(), 2); // read in the background
        QCOMPARE(window.resultsView()->model()->rowCount(), 180);
    }

    void malformedFileIsRefusedWithItsLine()
    {
        MainWindow window;
        QString error;
        QVERIFY(!window.openFile(QFINDTESTDATA("data/bad-number.csv"), &error));
        QVERIFY2(error.contains(QStringLiteral("bad-number.csv:")), qPrintable(error));
        QCOMPARE(window.store()->count(), 1);
    }

    void chartExportsAreRealImages()
    {
        MainWindow window;
        window.show();
        WAIT_FOR_ANALYSIS(window);
        QTemporaryDir dir;
        const QString png = dir.filePath(QStringLiteral("chart.png"));
        const QString svg = dir.filePath(QStringLiteral("chart.svg"));
        QString error;
        QVERIFY2(window.exportChartTo(png, QSize(800, 500), 2.0, &error), qPrintable(error));
        QVERIFY2(window.exportChartTo(svg, QSize(800, 500), 1.0, &error), qPrintable(error));
        const QImage image(png);
        QCOMPARE(image.size(), QSize(1600, 1000));
        QVERIFY(!isBlank(image));
        QSvgRenderer renderer(svg);
        QVERIFY(renderer.isValid());
        QImage rendered(800, 500, QImage::Format_ARGB32);
        rendered.fill(Qt::white);
        QPainter painter(&rendered);
        renderer.render(&painter);
        painter.end();
        QVERIFY(!isBlank(rendered));

        // A path that cannot be written, or a format that is not offered: a clear error naming the path.
        const QString missing = dir.filePath(QStringLiteral("missing/chart.png"));
        QVERIFY(!window.exportChartTo(missing, QSize(800, 500), 1, &error));
        QVERIFY2(error.startsWith(missing + QStringLiteral(": cannot write: ")), qPrintable(error));
        QVERIFY(!window.exportChartTo(dir.filePath(QStringLiteral("chart.bmp")), QSize(800, 500), 1, &error));
        QVERIFY2(error.contains(QStringLiteral("bmp")), qPrintable(error));
    }

    // Every export the window offers, onto a disk that is full: each fails saying so, and the files that were there
    // keep their content, with nothing left beside them.
    void exportsToAFullDiskFailAndKeepTheOldFiles()
    {
        TinyFilesystem disk("size=64k");
        if (!disk.whyNot().isEmpty())
            QSKIP(qPrintable(disk.whyNot()));
        MainWindow window;
        window.show();
        WAIT_FOR_ANALYSIS(window);
        const QByteArray old = "the file as it was";
        const QStringList names = { u"chart.png"_qs, u"chart.svg"_qs, u"report.md"_qs, u"runs.json"_qs };
        for (const QString& name : names) {
            QFile file(disk.filePath(name));
            QVERIFY(file.open(QIODevice::WriteOnly) && file.write(old) == old.size());
        }
        QFile filler(disk.filePath(u"filler"_qs)); // what is left of the disk, taken
        QVERIFY(filler.open(QIODevice::WriteOnly));
        while (filler.write(QByteArray(4096, 'x')) > 0 && filler.flush()) { }
        filler.close();

        const QString noSpace = QString::fromLocal8Bit(strerror(ENOSPC));
        const auto check = [&](bool exported, const QString& name, const QString& error) {
            QVERIFY2(!exported, qPrintable(name));
            QCOMPARE(error, disk.filePath(name) + QStringLiteral(": cannot write: ") + noSpace);
            QFile file(disk.filePath(name));
            QVERIFY(file.open(QIODevice::ReadOnly));
            QCOMPARE(file.readAll(), old);
        };
        QString error;
        check(window.exportChartTo(disk.filePath(u"chart.png"_qs), QSize(800, 500), 1, &error), u"chart.png"_qs, error);
        check(window.exportChartTo(disk.filePath(u"chart.svg"_qs), QSize(800, 500), 1, &error), u"chart.svg"_qs, error);
        check(window.exportMarkdown(disk.filePath(u"report.md"_qs), &error), u"report.md"_qs, error);
        check(window.saveResults(disk.filePath(u"runs.json"_qs), &error), u"runs.json"_qs, error);
        QStringList left = QDir(disk.path()).entryList(QDir::Files | QDir::Hidden);
        left.removeOne(u"filler"_qs);
        left.sort();
        QCOMPARE(left, QStringList({ u"chart.png"_qs, u"chart.svg"_qs, u"report.md"_qs, u"runs.json"_qs }));
    }

    void savedResultsAndMarkdownReadBack()
    {
        MainWindow window;
        WAIT_FOR_ANALYSIS(window);
        QTemporaryDir dir;
        QString error;
        const QString json = dir.filePath(QStringLiteral("runs.json"));
        QVERIFY2(window.saveResults(json, &error), qPrintable(error));
        std::optional<ResultSet> back = readResultFile(json, &error);
        QVERIFY2(back, qPrintable(error));
        QCOMPARE(back->runs.size(), 180);
        const QString markdown = dir.filePath(QStringLiteral("report.md"));
        QVERIFY2(window.exportMarkdown(markdown, &error), qPrintable(error));
        QFile file(markdown);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QString text = QString::fromUtf8(file.readAll());
        QVERIFY(text.contains(QStringLiteral("| threads")));
        QVERIFY(!window.saveResults(dir.filePath(QStringLiteral("no/such/dir/runs.csv")), &error));
        QVERIFY2(error.contains(QStringLiteral("runs.csv")), qPrintable(error));
    }

    void settingsTheMachineWouldRefuseAreFlaggedBeforeRunning()
    {
        // This machine as an unprivileged user with `ulimit -u 500` sees it (root is not bound by ulimit -u).
        MachineInfo machine = currentMachine();
        machine.limits.nprocSoft = 500;
        machine.limits.nprocEnforced = true;
        ControlPanel panel(machine);
        chooseStrategies(&panel, { StrategyKind::Threads });
        typeValue(panel.threads(), 600);
        QVERIFY2(
            panel.verdictLabel()->text().contains(QStringLiteral("threads at 10 tasks needs 600 threads and "
                                                                 "processes, beyond this machine's ceiling of 500")),
            qPrintable(panel.verdictLabel()->text()));
        QVERIFY(panel.problem().isEmpty());
        QVERIFY(panel.runButton()->isEnabled()); // finding the limit is an experiment, not a mistake

        // Beyond the kernel's own ceiling no setting of the user's helps: that is an error, and nothing starts.
        const qint64 kernelCeiling = machine.limits.kernelTaskCeiling();
        if (kernelCeiling < 0 || kernelCeiling >= PlanLimits::MaxTasks)
            QSKIP("this machine reports no kernel ceiling below the largest task count");
        typeValue(panel.threads(), 0); // auto: one thread per task
        typeValue(panel.tasksTo(), int(kernelCeiling) + 1);
        typeValue(panel.tasksFrom(), int(kernelCeiling) + 1);
        QVERIFY2(panel.problem().contains(QStringLiteral("threads at %1 tasks needs %1 threads and processes at once, "
                                                         "beyond this machine's ceiling of %2")
                                              .arg(kernelCeiling + 1)
                                              .arg(kernelCeiling),
                     Qt::CaseInsensitive),
            qPrintable(panel.problem()));
        QVERIFY(panel.verdictLabel()->text().contains(panel.problem().toHtmlEscaped()));
        QVERIFY(!panel.runButton()->isEnabled());
    }

    void absurdParametersAreRefusedBeforeAnythingStarts()
    {
        MainWindow window;
        ControlPanel* panel = window.controlPanel();
        typeValue(panel->tasksFrom(), 50);
        typeValue(panel->tasksTo(), 10);
        QVERIFY(!panel->runButton()->isEnabled());
        QVERIFY2(panel->verdictLabel()->text().contains(QStringLiteral("Tasks from")),
            qPrintable(panel->verdictLabel()->text()));
        typeValue(panel->tasksTo(), 100);
        chooseStrategies(panel, {});
        QVERIFY(!panel->runButton()->isEnabled());
        QVERIFY2(panel->verdictLabel()->text().contains(QStringLiteral("strateg")),
            qPrintable(panel->verdictLabel()->text()));
        // The spin boxes do not even take what the plan could never run.
        panel->tasksStep()->spinBox()->setValue(0);
        QCOMPARE(panel->tasksStep()->value(), 1);
        panel->tasksTo()->spinBox()->setValue(1'000'000'000);
        QCOMPARE(panel->tasksTo()->value(), PlanLimits::MaxTasks);
        panel->taskMs()->spinBox()->setValue(-5);
        QCOMPARE(panel->taskMs()->value(), 0);
        DialogCloser closer;
        window.startSweep(); // what F5 does: says why in a dialog instead of starting
        QVERIFY(!window.isSweepRunning());
        QCOMPARE(closer.texts().size(), 1);
        QCOMPARE(closer.texts().first(), panel->problem());
        QVERIFY2(closer.texts().first().contains(QStringLiteral("task counts")), qPrintable(closer.texts().first()));
    }

    void presetsAndParametersAreRemembered()
    {
        {
            MainWindow window;
            ControlPanel* panel = window.controlPanel();
            panel->applyPreset(SweepPreset::ArticleReproduction);
            QCOMPARE(panel->plan(), presetPlan(SweepPreset::ArticleReproduction));
            QCOMPARE(panel->presetBox()->currentText(), QStringLiteral("Article reproduction"));
            typeValue(panel->repeats(), 4);
            QCOMPARE(panel->presetBox()->currentText(), QStringLiteral("Custom"));
            window.close();
        }
        MainWindow again;
        QCOMPARE(again.controlPanel()->repeats()->value(), 4);
        QCOMPARE(again.controlPanel()->taskMs()->value(), 2000);
        QVERIFY(again.controlPanel()->strategyCheckBox(StrategyKind::Blended)->isChecked());
        QVERIFY(!again.controlPanel()->strategyCheckBox(StrategyKind::Sequential)->isChecked());
    }

    void killedAppOffersToRestoreItsFinishedRuns()
    {
        // The real conlab-gui, started on a sweep and killed with SIGKILL mid-way: nothing it finished is lost.
        QTemporaryDir state;
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(QStringLiteral("XDG_STATE_HOME"), state.path());
        environment.insert(QStringLiteral("XDG_CONFIG_HOME"), state.path());
        environment.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        QProcess gui;
        gui.setProcessEnvironment(environment);
        gui.start(QCoreApplication::applicationDirPath() + QStringLiteral("/conlab-gui"),
            { QStringLiteral("--preset"), QStringLiteral("quick"), QStringLiteral("--run") });
        QVERIFY2(gui.waitForStarted(), qPrintable(gui.errorString()));
        const QString directory = state.filePath(QStringLiteral("conlab/journal"));
        const auto runsInJournal = [&] {
            const QList<JournalInfo> journals = RunJournal::list(directory);
            return journals.isEmpty() ? 0 : journals.first().runs;
        };
        QTRY_VERIFY_WITH_TIMEOUT(runsInJournal() >= 3, 60'000);
        ::kill(pid_t(gui.processId()), SIGKILL);
        QVERIFY(gui.waitForFinished(5000));
        const int journaled = runsInJournal();

        qputenv("XDG_STATE_HOME", state.path().toLocal8Bit());
        const auto restoreEnvironment
            = qScopeGuard([this] { qputenv("XDG_STATE_HOME", m_state.path().toLocal8Bit()); });
        QCOMPARE(RunJournal::interrupted().size(), 1);
        MainWindow window;
        window.show();
        {
            // Later (Escape): nothing changes, and the offer stands for the next start.
            DialogCloser later;
            window.offerInterruptedSweeps();
            QCOMPARE(later.texts().size(), 1);
            QCOMPARE(window.store()->count(), 1);
            QCOMPARE(RunJournal::interrupted().size(), 1);
        }
        // The offer is a question; Enter takes its default answer, Restore.
        {
            DialogCloser restore(DialogCloser::Default);
            window.offerInterruptedSweeps();
            QCOMPARE(restore.texts().size(), 1);
            QVERIFY2(restore.texts().first().contains(
                         QStringLiteral("with %1 of %2 runs finished").arg(journaled).arg(12 * allStrategies().size())),
                qPrintable(restore.texts().first()));
        }
        QCOMPARE(window.store()->count(), 2);
        QCOMPARE(lastDataSet(window).results.runs.size(), journaled);
        QVERIFY(lastDataSet(window).unsaved);
        QCOMPARE(window.resultsView()->model()->rowCount(), journaled);
        QVERIFY(RunJournal::interrupted().isEmpty()); // restored once, not offered again

        // Discard deletes an interrupted journal: a copy of the one just restored, made interrupted again.
        const QList<JournalInfo> restored = RunJournal::list();
        QCOMPARE(restored.size(), 1);
        QVERIFY(restored.first().archived);
        const QString copy = QFileInfo(restored.first().path).dir().filePath(QStringLiteral("sweep-copy.jsonl"));
        QVERIFY(QFile::copy(restored.first().path, copy));
        QCOMPARE(RunJournal::interrupted().size(), 1);
        DialogCloser discard(QStringLiteral("&Discard"));
        window.offerInterruptedSweeps();
        QCOMPARE(discard.texts().size(), 1);
        QVERIFY(!QFile::exists(copy));
        QVERIFY(RunJournal::interrupted().isEmpty());
        QCOMPARE(window.store()->count(), 2); // nothing added
    }

    void slidersAndSpinBoxesStayInSync()
    {
        SliderSpinBox box(QStringLiteral("Tasks"));
        box.setRange(1, 1'000'000, 10'000);
        box.slider()->setValue(box.slider()->maximum());
        QCOMPARE(box.value(), 10'000);
        box.slider()->setValue(box.slider()->minimum());
        QCOMPARE(box.value(), 1);
        box.setValue(250'000); // beyond the slider's end: the spin box keeps it, the slider rests at its end
        QCOMPARE(box.value(), 250'000);
        QCOMPARE(box.slider()->value(), box.slider()->maximum());
        box.setValue(100);
        const int position = box.slider()->value();
        QVERIFY(position > box.slider()->minimum() && position < box.slider()->maximum());
    }

    // At 1024×640 nothing is cut: labels, buttons, the options under the chart, the control panel (Run in sight, no
    // scrolling), axis labels, the legend's equations, the runs table's strategy names. At 800×600 the window still
    // takes that size, the control panel scrolls with Run in sight and the legend says less rather than cutting words.
    void readableAtOrdinarySizes_data()
    {
        QTest::addColumn<QSize>("size");
        QTest::addColumn<QString>("file"); // none: the article's data on the first start
        QTest::addColumn<bool>("log");
        for (const QSize size : { QSize(1024, 640), QSize(800, 600) }) {
            const QString at = QStringLiteral("%1x%2, ").arg(size.width()).arg(size.height());
            QTest::addRow("%s", qPrintable(at + QStringLiteral("first start"))) << size << QString() << false;
            QTest::addRow("%s", qPrintable(at + QStringLiteral("article file, log axes")))
                << size << QStringLiteral("../resources/article-runs.csv") << true;
            QTest::addRow("%s", qPrintable(at + QStringLiteral("four strategies")))
                << size << QStringLiteral("data/sweep-four-strategies.csv") << false;
            QTest::addRow("%s", qPrintable(at + QStringLiteral("four strategies, log axes")))
                << size << QStringLiteral("data/sweep-four-strategies.csv") << true;
        }
    }

    void readableAtOrdinarySizes()
    {
        QFETCH(QSize, size);
        QFETCH(QString, file);
        QFETCH(bool, log);
        MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.resize(size);
        QTRY_COMPARE(window.size(), size); // no minimum size above it
        if (!file.isEmpty()) {
            const QString path = QFINDTESTDATA(file);
            QString error;
            QVERIFY2(window.openFile(path, &error), qPrintable(error));
        }
        for (QCheckBox* box : window.findChildren<QCheckBox*>()) {
            if (box->text() == tr("&Log tasks") || box->text() == tr("Log &time"))
                box->setChecked(log);
        }
        WAIT_FOR_ANALYSIS(window);
        QTest::qWait(100); // layouts settle, the old axes go

        const QStringList widgets = clippedWidgets(window);
        QVERIFY2(widgets.isEmpty(), qPrintable(widgets.join(QStringLiteral("; "))));
        const QChart* chart = window.chartView()->chart();
        const QStringList texts = clippedChartTexts(*chart);
        QVERIFY2(texts.isEmpty(), qPrintable(texts.join(QStringLiteral("; "))));
        // Every strategy's legend entries are there, the trendline's with its R².
        const QList<QLegendMarker*> markers = chart->legend()->markers();
        const qsizetype shown = std::count_if(markers.cbegin(), markers.cend(), [](const QLegendMarker* marker) {
            return marker->isVisible() && marker->label().contains(QStringLiteral("R² = "));
        });
        QCOMPARE(shown, qsizetype(window.currentReport().strategies.size()));
        if (size.width() >= 1024) {
            // The equations too.
            for (const QLegendMarker* marker : markers) {
                if (marker->isVisible() && marker->label().contains(QStringLiteral("R² = ")))
                    QVERIFY2(marker->label().contains(QStringLiteral("T = ")), qPrintable(marker->label()));
            }
        }

        // The control panel: Run always in sight; at 1024×640 the parameters need no scrolling.
        ControlPanel* panel = window.controlPanel();
        const QRect run(panel->runButton()->mapTo(&window, QPoint()), panel->runButton()->size());
        QVERIFY(window.rect().contains(run));
        QCOMPARE(panel->runButton()->visibleRegion().boundingRect(), panel->runButton()->rect());
        const auto* scroll = panel->findChild<QScrollArea*>();
        QVERIFY(scroll);
        if (size.height() >= 640)
            QCOMPARE(scroll->verticalScrollBar()->maximum(), 0);

        // The runs table: the strategy column as wide as its widest name.
        window.tabs()->setCurrentWidget(window.runsPage());
        QTest::qWait(50);
        const QTableView* runs = window.resultsView();
        int widest = 0;
        for (int row = 0; row < runs->model()->rowCount(); ++row)
            widest = std::max(
                widest, runs->sizeHintForIndex(runs->model()->index(row, ResultsModel::StrategyColumn)).width());
        QVERIFY2(runs->columnWidth(ResultsModel::StrategyColumn) >= widest,
            qPrintable(QStringLiteral("%1 < %2").arg(runs->columnWidth(ResultsModel::StrategyColumn)).arg(widest)));
        const QStringList runsTab = clippedWidgets(window);
        QVERIFY2(runsTab.isEmpty(), qPrintable(runsTab.join(QStringLiteral("; "))));
    }

    // A sweep's runs go into a table sized while it was empty: its strategy names are not cut.
    void runsTableWidensForTheSweepsNames()
    {
        MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        ControlPanel* panel = window.controlPanel();
        typeValue(panel->tasksFrom(), 1);
        typeValue(panel->tasksTo(), 1);
        typeValue(panel->taskMs(), 0);
        typeValue(panel->repeats(), 1);
        chooseStrategies(panel, { StrategyKind::Sequential, StrategyKind::Processes });
        QTest::mouseClick(panel->runButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(!window.isSweepRunning(), 60'000);
        const QTableView* runs = window.resultsView();
        QCOMPARE(runs->model()->rowCount(), 2);
        for (int row = 0; row < runs->model()->rowCount(); ++row) {
            const QModelIndex index = runs->model()->index(row, ResultsModel::StrategyColumn);
            QVERIFY2(runs->columnWidth(ResultsModel::StrategyColumn) >= runs->sizeHintForIndex(index).width(),
                qPrintable(index.data().toString()));
        }
    }

    // A sweep whose journal cannot be created runs anyway and says so: once in a notice that does not stop it, and in
    // the status bar of every run.
    void sweepWithoutAJournalSaysSo()
    {
        QTemporaryDir dir;
        const QString notADirectory = dir.filePath(QStringLiteral("state-is-a-file"));
        QFile file(notADirectory);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.close();
        const QByteArray state = qgetenv("XDG_STATE_HOME");
        qputenv("XDG_STATE_HOME", QFile::encodeName(notADirectory));
        const auto restoreState = qScopeGuard([&state] { qputenv("XDG_STATE_HOME", state); });
        MainWindow window;
        window.show();
        ControlPanel* panel = window.controlPanel();
        chooseStrategies(panel, { StrategyKind::Threads });
        typeValue(panel->tasksFrom(), 2);
        typeValue(panel->tasksTo(), 2);
        typeValue(panel->taskMs(), 300);
        typeValue(panel->repeats(), 3);
        const auto notices = [&window] {
            QStringList texts;
            for (const QMessageBox* box : window.findChildren<QMessageBox*>()) {
                if (box->isVisible())
                    texts << box->text();
            }
            return texts;
        };
        QTest::mouseClick(panel->runButton(), Qt::LeftButton);
        QVERIFY(window.isSweepRunning()); // the notice does not hold the sweep up
        QCOMPARE(notices().size(), 1);
        QVERIFY2(notices().first().contains(QStringLiteral("without a journal")), qPrintable(notices().first()));
        QTRY_VERIFY_WITH_TIMEOUT(window.statusBar()->currentMessage().startsWith(QStringLiteral("Run 2 of 3")), 30'000);
        QVERIFY2(window.statusBar()->currentMessage().contains(QStringLiteral("no journal")),
            qPrintable(window.statusBar()->currentMessage()));
        QTRY_VERIFY_WITH_TIMEOUT(!window.isSweepRunning(), 30'000);
        QCOMPARE(lastDataSet(window).results.runs.size(), 3);
        QCOMPARE(notices().size(), 1); // once per sweep, not once per run
    }

    // A file opened in the app that holds ESC sequences, markup or binary: its dialog shows them as escaped text.
    void malformedFileIsQuotedAsDataInItsDialog_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QString>("expected");
        QTest::addRow("ESC sequences") << QByteArray("strategy,\x1b]0;pwned\x07\x1b[2J,seconds\nthreads,1,2\n")
                                       << u"\\x1b]0;pwned\\x07\\x1b[2J"_qs;
        QTest::addRow("binary") << QByteArray("\x7f"
                                              "ELF\x02\x01\x01\0\0\xff\xfe\xc2\x85",
                                       13)
                + QByteArray(3000, '\0')
                                << u"\\x7fELF\\x02\\x01\\x01\\0\\0\\xff\\xfe\\u0085\\0"_qs;
        QTest::addRow("markup") << QByteArray("strategy,tasks,seconds\n<b>threads</b>,1,2\n") << u"'<b>threads</b>'"_qs;
    }

    void malformedFileIsQuotedAsDataInItsDialog()
    {
        QFETCH(QByteArray, content);
        QFETCH(QString, expected);
        QTemporaryDir dir;
        const QString path = dir.filePath(u"bad\x1b[2J.csv"_qs);
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        QCOMPARE(file.write(content), content.size());
        file.close();
        MainWindow window;
        window.show();
        DialogCloser closer;
        QVERIFY(!window.openFile(path)); // no error pointer: the window says it in a dialog
        QCOMPARE(closer.texts().size(), 1);
        const QString text = closer.texts().first();
        QVERIFY2(text.contains(expected), qPrintable(text));
        QVERIFY2(text.contains(u"bad\\x1b[2J.csv:"), qPrintable(text));
        QVERIFY2(std::none_of(text.cbegin(), text.cend(),
                     [](QChar c) { return c.unicode() < 0x20 || (c.unicode() >= 0x7F && c.unicode() <= 0x9F); }),
            qPrintable(text));
        QVERIFY2(text.size() < 400, qPrintable(text));
        QCOMPARE(closer.formats().first(), Qt::PlainText); // a file's "<b>" is not markup
        QCOMPARE(window.store()->count(), 1);
    }

    // Data sets chosen one after another faster than they are analysed: only the last choice's analysis lands, and
    // the tabs never show a report of a set that is no longer on show.
    void staleAnalysisIsDropped()
    {
        QTemporaryDir dir;
        const QString big = writeManyRuns(dir, u"big.csv"_qs, 100'000);
        QVERIFY(!big.isEmpty());
        QString error;
        MainWindow window;
        window.show();
        QVERIFY2(window.openFile(big, &error), qPrintable(error));
        QVERIFY2(window.openFile(QFINDTESTDATA("data/sweep-four-strategies.csv"), &error), qPrintable(error));
        WAIT_FOR_ANALYSIS(window);

        QList<int> shown; // the data set of every report the tabs were given
        connect(window.analysis(), &DataSetAnalysis::reportChanged, this,
            [&] { shown.append(window.analysis()->dataSet()); });
        QSignalSpy landed(window.analysis(), &DataSetAnalysis::analysisLanded);
        // Each choice differs from the one before (choosing the set on show again does nothing), and events are let
        // through only right after a new choice, when whatever lands is stale.
        for (int round = 0; round < 3; ++round) {
            window.setCurrentDataSet(1); // 100,000 runs: its analysis takes a while
            QCoreApplication::processEvents();
            window.setCurrentDataSet(2);
            window.setCurrentDataSet(0);
        }
        window.setCurrentDataSet(2); // four strategies
        WAIT_FOR_ANALYSIS(window);
        QTest::qWait(50); // a dropped result would have landed by now
        QCOMPARE(landed.size(), 1);
        QCOMPARE(window.analysis()->dataSet(), 2);
        for (int set : std::as_const(shown))
            QVERIFY2(set == -1 || set == 2, qPrintable(QStringLiteral("a report of data set %1 was shown").arg(set)));
        const QList<RunResult>& runs = window.store()->at(2).results.runs;
        const AnalysisReport expected = analyzeRuns(runs).constFirst();
        QCOMPARE(window.currentReport().strategies.size(), expected.strategies.size());
        QCOMPARE(window.costModelView()->model()->rowCount(), int(expected.strategies.size()));
        QVERIFY(window.chartInput().runs.isSharedWith(runs));
    }

    // An overlaid set is analysed beside the one on show, again when a run is appended to it or the fit changes, and
    // not for a run appended elsewhere; the set on show is never one of the overlays.
    void overlaidSetsAreAnalysedWhenTheyChange()
    {
        DataSetStore store;
        DataSetAnalysis analysis(&store);
        QString error;
        const auto article = readResultFile(QStringLiteral(":/data/article-runs.csv"), &error);
        QVERIFY2(article, qPrintable(error));
        DataSet shown;
        shown.title = QStringLiteral("the article");
        shown.results = *article;
        store.setCurrent(store.add(shown));
        DataSet sweep;
        sweep.title = QStringLiteral("a sweep");
        for (int tasks : { 2, 4, 6 }) {
            RunResult run;
            run.spec = resolvedRunSpec(specOf(StrategyKind::Threads).tasks(tasks).taskMs(20), 2);
            run.idealSeconds = idealSeconds(run.spec, 0);
            run.seconds = run.idealSeconds * 1.1;
            sweep.results.runs.append(run);
        }
        const int other = store.add(sweep);
        QSignalSpy landed(&analysis, &DataSetAnalysis::analysisLanded);
        analysis.setOverlays({ 0, other }); // the set on show among them
        QVERIFY(landed.wait(10'000));
        QCOMPARE(analysis.overlayReports().size(), 1);
        const DataSetAnalysis::OverlayReports first = analysis.overlayReports().constFirst();
        QCOMPARE(first.dataSet, other);
        QCOMPARE(first.runs, 3);
        QCOMPARE(first.reports.constFirst().strategies.constFirst().points.size(), 3);
        QCOMPARE(first.options.bootstrapResamples, 0); // no crossovers of an overlay are drawn
        QVERIFY(!analysis.report().crossovers.isEmpty()); // the set on show keeps its bootstrap
        QVERIFY(analysis.report().crossovers.constFirst().resamples > 0);

        RunResult more = sweep.results.runs.last();
        more.spec = resolvedRunSpec(specOf(StrategyKind::Threads).tasks(8).taskMs(20), 2);
        store.appendRun(other, more);
        QVERIFY(landed.wait(10'000));
        QCOMPARE(analysis.overlayReports().constFirst().runs, 4);
        QCOMPARE(analysis.overlayReports().constFirst().reports.constFirst().strategies.constFirst().points.size(), 4);

        AnalysisOptions medians;
        medians.fitTo = FitTarget::Median;
        analysis.setOptions(medians);
        QVERIFY(landed.wait(10'000));
        QCOMPARE(analysis.overlayReports().constFirst().options.fitTo, FitTarget::Median);
        QCOMPARE(analysis.overlayReports().constFirst().reports.constFirst().options.fitTo, FitTarget::Median);

        analysis.setOverlays({});
        QVERIFY(landed.wait(10'000));
        QVERIFY(analysis.overlayReports().isEmpty());
    }

    // A file of 200,000 runs is read in the background with its progress in the status bar; Cancel stops it, and
    // the data set on show stays on show.
    void openingALargeFileCanBeCancelled()
    {
        QTemporaryDir dir;
        const QString path = writeManyRuns(dir, u"runs.csv"_qs, 200'000);
        QVERIFY(!path.isEmpty());
        MainWindow window;
        window.show();
        WAIT_FOR_ANALYSIS(window);
        QString error;

        int progressSeen = 0;
        QElapsedTimer sinceCancel;
        QTimer person; // watches the status bar and presses Cancel once the bar has moved
        person.setInterval(5);
        connect(&person, &QTimer::timeout, this, [&] {
            if (!window.openingCancelButton()->isVisible())
                return;
            progressSeen = std::max(progressSeen, window.openingProgressBar()->value());
            if (progressSeen > 0 && !sinceCancel.isValid()) {
                QVERIFY(window.openingProgressBar()->isVisible());
                QTest::mouseClick(window.openingCancelButton(), Qt::LeftButton);
                sinceCancel.start();
            }
        });
        person.start();
        QVERIFY(!window.openFile(path, &error));
        person.stop();
        QVERIFY2(sinceCancel.isValid(), "Cancel was never pressed: the progress bar did not move");
        QVERIFY2(error.contains(u"cancelled"_qs), qPrintable(error));
        QVERIFY(sinceCancel.elapsed() < 1000 * sanitizers::timeFactor);
        QVERIFY(progressSeen > 0 && progressSeen < 1000);
        QCOMPARE(window.store()->count(), 1);
        QCOMPARE(window.currentDataSet(), 0);
        QCOMPARE(window.resultsView()->model()->rowCount(), 180);
        QVERIFY(!window.openingProgressBar()->isVisible());
        QVERIFY(!window.openingCancelButton()->isVisible());
        QVERIFY2(window.statusBar()->currentMessage().contains(u"cancelled"_qs),
            qPrintable(window.statusBar()->currentMessage()));
        WAIT_FOR_ANALYSIS(window);
        QCOMPARE(window.analysis()->dataSet(), 0);

        // Not cancelled, the same file opens, and the window stays responsive while it is read.
        Heartbeat heartbeat;
        QVERIFY2(window.openFile(path, &error), qPrintable(error));
        heartbeat.stop();
        const qint64 longestGapMs = heartbeat.longestGapMs();
        qInfo("longest gap between 10 ms heartbeats while 200,000 runs were read: %lld ms", longestGapMs);
        QVERIFY2(longestGapMs < 1000 * sanitizers::timeFactor,
            qPrintable(QStringLiteral("the GUI thread was blocked for %1 ms").arg(longestGapMs)));
        QCOMPARE(window.resultsView()->model()->rowCount(), 200'000);
    }

    // The runs of a data set are held once, in the store: the runs table reads them in place, the analysis and the
    // chart share them, also while a sweep appends.
    void runsAreHeldOnce()
    {
        MainWindow window;
        window.show();
        WAIT_FOR_ANALYSIS(window);
        const auto checkShared = [&window] {
            const QList<RunResult>& held = window.store()->current()->results.runs;
            QCOMPARE(&window.runsPage()->model()->runs(), &held);
            QCOMPARE(window.resultsView()->model()->rowCount(), int(held.size()));
            QVERIFY(window.analysis()->runs().isSharedWith(held));
            QVERIFY(window.chartInput().runs.isSharedWith(held));
            QVERIFY(window.chartView()->runtimeChart()->input().runs.isSharedWith(held));
        };
        checkShared();

        ControlPanel* panel = window.controlPanel();
        chooseStrategies(panel, { StrategyKind::Threads, StrategyKind::Sequential });
        typeValue(panel->tasksFrom(), 1);
        typeValue(panel->tasksTo(), 2);
        typeValue(panel->taskMs(), 0);
        typeValue(panel->repeats(), 5);
        const qsizetype planned = panel->plan().runs().size();
        QVERIFY(planned >= 10);
        window.startSweep();
        const int sweep = window.currentDataSet();
        QTRY_VERIFY_WITH_TIMEOUT(window.store()->at(sweep).results.runs.size() >= 3, 60'000);
        // While it appends: the table reads the store's list itself, never a copy of it.
        QCOMPARE(window.runsPage()->model()->runs().constData(), window.store()->at(sweep).results.runs.constData());
        QTRY_VERIFY_WITH_TIMEOUT(!window.isSweepRunning(), 60'000);
        WAIT_FOR_ANALYSIS(window);
        QCOMPARE(window.store()->at(sweep).results.runs.size(), planned);
        checkShared();
    }

    // Each tab is a class of its own that follows the store and the analysis: built without a window, every one
    // shows the data set on show, and another one chosen.
    void everyTabShowsItsDataSet()
    {
        DataSetStore store;
        DataSetAnalysis analysis(&store);
        ChartPage chart(&store, &analysis);
        RunsPage runs(&store);
        StatisticsPage statistics(&analysis);
        DecisionPage decision(&analysis);
        CostModelPage costModel(&analysis);
        chart.resize(1000, 700);
        chart.show();

        QString error;
        for (const QString& file : { u"../resources/article-runs.csv"_qs, u"data/sweep-four-strategies.csv"_qs }) {
            std::optional<ResultSet> results = readResultFile(QFINDTESTDATA(file), &error);
            QVERIFY2(results, qPrintable(error));
            DataSet set;
            set.title = QFileInfo(file).fileName();
            set.results = std::move(*results);
            store.add(set);
        }

        store.setCurrent(0);
        QCOMPARE(runs.view()->model()->rowCount(), 180);
        QTRY_VERIFY_WITH_TIMEOUT(!analysis.isAnalysing(), 30'000);
        QVERIFY2(chart.chartInput().title.contains(u"article-runs.csv"_qs), qPrintable(chart.chartInput().title));
        QVERIFY(chart.chartView()->runtimeChart()->trendlineLabel(StrategyKind::Threads).contains(u"0.836"_qs));
        QCOMPARE(statistics.view()->model()->rowCount(), 18);
        QVERIFY(decision.view()->model()->rowCount() > 0);
        QVERIFY(decision.articleView()->model()->rowCount() > 0);
        QCOMPARE(costModel.view()->model()->rowCount(), 2);

        store.setCurrent(1);
        // Until its analysis lands the report tabs show nothing rather than the article's.
        QCOMPARE(statistics.view()->model()->rowCount(), 0);
        QCOMPARE(runs.view()->model()->rowCount(), int(store.at(1).results.runs.size()));
        QTRY_VERIFY_WITH_TIMEOUT(!analysis.isAnalysing(), 30'000);
        const QList<AnalysisReport> expected = analyzeRuns(store.at(1).results.runs);
        QCOMPARE(analysis.report().strategies.size(), expected.first().strategies.size());
        QVERIFY2(
            chart.chartInput().title.contains(u"sweep-four-strategies.csv"_qs), qPrintable(chart.chartInput().title));
        QCOMPARE(chart.chartView()->runtimeChart()->legendEntries().isEmpty(), false);
        QCOMPARE(costModel.view()->model()->rowCount(), int(expected.first().strategies.size()));
        QVERIFY(statistics.view()->model()->rowCount() > 0);
        QVERIFY(decision.view()->model()->rowCount() > 0);
    }

    // Every format a file can be opened in tells its progress while it is read in the background, and stops when
    // cancelled: CSV, JSON and a journal.
    void everyFormatIsReadWithProgressAndCanBeCancelled_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addRow("CSV") << u"runs.csv"_qs;
        QTest::addRow("JSON") << u"runs.json"_qs;
        QTest::addRow("journal") << u"runs.jsonl"_qs;
    }

    void everyFormatIsReadWithProgressAndCanBeCancelled()
    {
        QFETCH(QString, name);
        QTemporaryDir dir;
        const QString path = dir.filePath(name);
        const ResultSet runs = manyRuns(40'000);
        QString error;
        if (name.endsWith(u".jsonl")) {
            QByteArray journal = journalHeaderLine(runs.metadata, {}, int(runs.runs.size()));
            for (const RunResult& run : runs.runs)
                journal += journalRunLine(run);
            QFile file(path);
            QVERIFY(file.open(QIODevice::WriteOnly) && file.write(journal) == journal.size());
        } else {
            QVERIFY2(writeResultFile(path, runs, &error), qPrintable(error));
        }

        DataSetLoader loader;
        QSignalSpy progress(&loader, &DataSetLoader::progress);
        QSignalSpy finished(&loader, &DataSetLoader::finished);
        loader.start(path, DataSetLoader::Source::ResultFile);
        QVERIFY(loader.isLoading());
        QVERIFY(finished.wait(60'000));
        const auto outcome = finished.at(0).at(0).value<DataSetLoader::Outcome>();
        QVERIFY2(outcome.ok, qPrintable(outcome.error));
        QCOMPARE(outcome.set.results.runs.size(), runs.runs.size());
        QCOMPARE(outcome.set.seriesNames.size(), runs.runs.size()); // named off the GUI thread
        QVERIFY(progress.size() >= 5);
        qint64 last = 0;
        for (const QList<QVariant>& said : std::as_const(progress)) {
            QVERIFY(said.at(0).toLongLong() >= last);
            last = said.at(0).toLongLong();
            QCOMPARE(said.at(1).toLongLong(), QFileInfo(path).size());
        }

        // Cancelled at its first progress: it says so at once and nothing it read lands later.
        progress.clear();
        finished.clear();
        connect(&loader, &DataSetLoader::progress, &loader, &DataSetLoader::cancel);
        loader.start(path, DataSetLoader::Source::ResultFile);
        QVERIFY(finished.wait(60'000));
        QVERIFY(finished.at(0).at(0).value<DataSetLoader::Outcome>().cancelled);
        QVERIFY(!loader.isLoading());
        QTest::qWait(200 * sanitizers::timeFactor);
        QCOMPARE(finished.size(), 1);
    }

    void workloadOptionsRoundTripThroughThePanelAndTheSettings()
    {
        // Every workload at once, every option a workload reads set to something other than its default.
        SweepPlan plan = presetPlan(SweepPreset::QuickLook);
        plan.workloads = allWorkloadKinds();
        plan.base.workload = plan.workloads.first();
        int optionsSet = 0;
        for (const WorkloadOptionDescription& described : allWorkloadOptions()) {
            if (workloadsReading(described.option).isEmpty())
                continue; // no registered workload reads it: no plan keeps it
            QCOMPARE(
                setWorkloadOption(plan.base.options, described.option, sampleOptionValue(described.option)), QString());
            QVERIFY(workloadOptionIsSet(plan.base.options, described.option));
            ++optionsSet;
        }
        QVERIFY(optionsSet >= 5); // cpu-ms, bytes, fsync, dir, interpreter-lock at least
        {
            ControlPanel panel(currentMachine());
            panel.setPlan(plan);
            QVERIFY(panel.severalWorkloadsBox()->isChecked());
            QCOMPARE(panel.plan(), plan);
            const auto* bytes = qobject_cast<BytesSpinBox*>(panel.optionEditor(WorkloadOption::Bytes));
            QVERIFY(bytes);
            QCOMPARE(bytes->text(), QStringLiteral("192 KiB"));
            QVERIFY(panel.problem().isEmpty());
            QSettings settings;
            panel.saveSettings(settings);
        }
        ControlPanel restored(currentMachine());
        restored.restoreSettings(QSettings());
        QCOMPARE(restored.plan(), plan);

        // A size typed as a person writes it; a plan of one workload keeps only the options it reads.
        auto* bytes = qobject_cast<BytesSpinBox*>(restored.optionEditor(WorkloadOption::Bytes));
        bytes->setFocus();
        bytes->selectAll();
        QTest::keyClicks(bytes, QStringLiteral("1.5 MiB"));
        QTest::keyClick(bytes, Qt::Key_Enter);
        QCOMPARE(bytes->bytes(), 3 * 512 * 1024);
        restored.severalWorkloadsBox()->setChecked(false);
        chooseWorkload(&restored, WorkloadKind::File);
        WorkloadOptions fileOnly;
        fileOnly.bytes = 3 * 512 * 1024;
        fileOnly.fsync = true;
        fileOnly.dir = sampleOptionValue(WorkloadOption::Dir);
        QCOMPARE(restored.plan().base.options, fileOnly);
        QVERIFY(restored.plan().workloads.isEmpty());
    }

    void optionEditorsFollowTheChosenWorkloads()
    {
        ControlPanel panel(currentMachine());
        for (const WorkloadDescription* workload : allWorkloads()) {
            chooseWorkload(&panel, workload->kind);
            for (const WorkloadOptionDescription& described : allWorkloadOptions()) {
                QWidget* editor = panel.optionEditor(described.option);
                QVERIFY(editor);
                const QString what = QStringLiteral("--%1 with the %2 workload")
                                         .arg(workloadOptionName(described.option), workloadName(workload->kind));
                QVERIFY2(editor->isEnabled() == workload->reads(described.option), qPrintable(what));
                QVERIFY2(editor->isVisibleTo(&panel) == workload->reads(described.option), qPrintable(what));
                QCOMPARE(editor->toolTip(), workloadOptionHelp(described.option));
            }
            QCOMPARE(panel.taskMs()->isEnabled(), workload->readsTaskMs);
        }

        // Several workloads: what any of them reads; none checked cannot run.
        panel.severalWorkloadsBox()->setChecked(true);
        QVERIFY(panel.workloadCheckBox(allWorkloads().back()->kind)->isChecked()); // the one chosen stays chosen
        for (WorkloadKind workload : allWorkloadKinds())
            panel.workloadCheckBox(workload)->setChecked(true);
        for (const WorkloadOptionDescription& described : allWorkloadOptions())
            QCOMPARE(panel.optionEditor(described.option)->isEnabled(), !workloadsReading(described.option).isEmpty());
        for (WorkloadKind workload : allWorkloadKinds())
            panel.workloadCheckBox(workload)->setChecked(false);
        QVERIFY(!panel.runButton()->isEnabled());
        QVERIFY2(panel.verdictLabel()->text().contains(QStringLiteral("No workload chosen")),
            qPrintable(panel.verdictLabel()->text()));
        panel.workloadCheckBox(WorkloadKind::Cpu)->setChecked(true);
        panel.workloadCheckBox(WorkloadKind::File)->setChecked(true);
        QVERIFY(panel.runButton()->isEnabled());
        QCOMPARE(panel.plan().workloads, QList<WorkloadKind>({ WorkloadKind::Cpu, WorkloadKind::File }));
        QVERIFY2(sweepCommand(panel.plan()).contains(QStringLiteral("--workloads cpu,file")),
            qPrintable(sweepCommand(panel.plan())));
    }

    void commandWorkloadWithoutACommandCannotRun()
    {
        const auto workloads = allWorkloads();
        const auto command = std::find_if(workloads.begin(), workloads.end(),
            [](const WorkloadDescription* workload) { return workload->reads(WorkloadOption::Command); });
        if (command == workloads.end())
            QSKIP("no registered workload reads --command yet");
        ControlPanel panel(currentMachine());
        chooseWorkload(&panel, (*command)->kind);
        auto* line = qobject_cast<QLineEdit*>(panel.optionEditor(WorkloadOption::Command));
        QVERIFY(line && line->isEnabled());
        line->clear();
        QVERIFY(!panel.runButton()->isEnabled());
        const QString problem = panel.problem();
        QVERIFY2(problem.contains(QStringLiteral("--command")), qPrintable(problem));
        QVERIFY(panel.verdictLabel()->text().contains(problem.toHtmlEscaped()));
        QTest::keyClicks(line, QStringLiteral("true {}"));
        QVERIFY2(panel.problem().isEmpty(), qPrintable(panel.problem()));
        QVERIFY(panel.runButton()->isEnabled());
        QCOMPARE(panel.plan().base.options.command, QStringLiteral("true {}"));
    }

    void workloadsPresetAnswersTheDecisionTablePerWorkload()
    {
        const SweepPlan plan = presetPlan(SweepPreset::Workloads);
        QCOMPARE(plan.problem(), QString());
        for (WorkloadKind workload : allWorkloadKinds()) {
            // Every workload that needs nothing from the user, and only those.
            QCOMPARE(plan.workloads.contains(workload), missingWorkloadOption(workload, {}).isEmpty());
        }
        for (WorkloadKind workload :
            { WorkloadKind::Sleep, WorkloadKind::Cpu, WorkloadKind::File, WorkloadKind::Mixed })
            QVERIFY(plan.workloads.contains(workload));
        QVERIFY(!plan.strategies.contains(StrategyKind::Sequential));
        QVERIFY(!plan.base.options.interpreterLock);
        QVERIFY(presetDescription(SweepPreset::Workloads).contains(QStringLiteral("--interpreter-lock")));
        // The description says about three minutes on two cores; the estimate is a lower bound of the real time.
        const double seconds = plan.expectedSeconds(2);
        qInfo("the Workloads preset's estimate on two cores: %.0f s", seconds);
        QVERIFY2(seconds >= 90 && seconds <= 240, qPrintable(QString::number(seconds)));
        QCOMPARE(presetFromName(u"workloads"), SweepPreset::Workloads);

        MainWindow window;
        ControlPanel* panel = window.controlPanel();
        QComboBox* presets = panel->presetBox();
        const int index = presets->findText(QStringLiteral("Workloads"));
        QVERIFY(index > 0);
        QCOMPARE(presets->itemData(index, Qt::ToolTipRole).toString(), presetDescription(SweepPreset::Workloads));
        presets->setCurrentIndex(index);
        emit presets->activated(index);
        QCOMPARE(sweepCommand(panel->plan()), sweepCommand(plan));
        QCOMPARE(panel->plan(), plan);
        QVERIFY(panel->severalWorkloadsBox()->isChecked());
        QVERIFY(panel->runButton()->isEnabled());
    }

    void memoryViewShowsEveryStrategysPeakFromRealRuns()
    {
        MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        ControlPanel* panel = window.controlPanel();
        setSmallSweep(panel);
        QTest::mouseClick(panel->runButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(!window.isSweepRunning(), 120'000);
        WAIT_FOR_ANALYSIS(window);
        const QList<RunResult>& runs = lastDataSet(window).results.runs;
        QCOMPARE(runs.size(), smallSweepRuns());

        ChartPage* page = window.chartPage();
        RuntimeChart* chart = window.chartView()->runtimeChart();
        QVERIFY(page->runtimeButton()->isChecked()); // the default
        QTest::mouseClick(page->memoryButton(), Qt::LeftButton);
        QCOMPARE(chart->input().options.measure, ChartMeasure::Memory);
        QCOMPARE(window.chartInput().options.measure, ChartMeasure::Memory); // what the exports draw
        QVERIFY(chart->axes(Qt::Vertical).value(0)->titleText().contains(QStringLiteral("MiB")));
        for (StrategyKind strategy : allStrategies()) {
            const QString name = strategyName(strategy);
            QList<double> expected;
            QHash<int, QList<double>> byTasks;
            for (const RunResult& run : runs) {
                if (run.spec.strategy != strategy)
                    continue;
                QVERIFY2(run.isOk() && run.resources.peakRssKiB > 0, qPrintable(run.message));
                expected.append(runMemoryMiB(run));
                byTasks[run.spec.tasks].append(runMemoryMiB(run));
            }
            QList<double> drawn;
            for (const QPointF& point : chart->runPoints(name))
                drawn.append(point.y());
            std::sort(expected.begin(), expected.end());
            std::sort(drawn.begin(), drawn.end());
            QCOMPARE(drawn, expected);
            const QList<QPointF> means = chart->meanPoints(name);
            QCOMPARE(means.size(), 3);
            for (const QPointF& mean : means) {
                const QList<double>& values = byTasks.value(int(mean.x()));
                QCOMPARE(values.size(), 2);
                QVERIFY2(qAbs(mean.y() - (values[0] + values[1]) / 2) < 1e-6, qPrintable(name));
            }
            QVERIFY(chart->runPointColor(name).isValid());
        }
        const QStringList legend
            = chart->legendEntries().join(u'|').replace(QStringLiteral("<br>"), QStringLiteral(" ")).split(u'|');
        QVERIFY2(legend.contains(QStringLiteral("threads (mean peak)")), qPrintable(legend.join(u'|')));
        QVERIFY2(std::none_of(legend.cbegin(), legend.cend(),
                     [](const QString& entry) { return entry.contains(QStringLiteral("trend")); }),
            qPrintable(legend.join(u'|')));

        // The statistics show the same means, per strategy and task count.
        const QAbstractItemModel* statistics = window.statisticsView()->model();
        QCOMPARE(statistics->rowCount(), smallSweepRuns() / 2);
        for (int row = 0; row < statistics->rowCount(); ++row) {
            const auto strategy = StrategyKind(
                statistics->index(row, StatisticsModel::TasksColumn).data(StatisticsModel::StrategyRole).toInt());
            const int tasks
                = statistics->index(row, StatisticsModel::TasksColumn).data(StatisticsModel::SortRole).toInt();
            double sum = 0;
            int count = 0;
            for (const RunResult& run : runs) {
                if (run.spec.strategy == strategy && run.spec.tasks == tasks) {
                    sum += double(run.resources.peakRssKiB);
                    ++count;
                }
            }
            QCOMPARE(count, 2);
            QCOMPARE(statistics->index(row, StatisticsModel::PeakRssColumn).data(StatisticsModel::SortRole).toDouble(),
                sum / count);
            QCOMPARE(statistics->index(row, StatisticsModel::PeakRssColumn).data().toString(),
                kibText(std::llround(sum / count)));
        }

        // Ctrl+Shift+M switches back to the runtime view.
        window.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&window));
        window.chartView()->setFocus();
        QTest::keyClick(window.chartView(), Qt::Key_M, Qt::ControlModifier | Qt::ShiftModifier);
        QVERIFY(page->runtimeButton()->isChecked());
        QCOMPARE(chart->input().options.measure, ChartMeasure::Runtime);
        // In seconds, or in task durations where the article's set is drawn over this one (after Run, by default).
        const double scale = chart->input().normalisedAxis() ? 1 / reportTaskSeconds(chart->input().report) : 1;
        QList<double> seconds;
        for (const RunResult& run : runs) {
            if (run.spec.strategy == StrategyKind::Threads)
                seconds.append(run.seconds * scale);
        }
        QList<double> drawn;
        for (const QPointF& point : chart->runPoints(QStringLiteral("threads")))
            drawn.append(point.y());
        std::sort(seconds.begin(), seconds.end());
        std::sort(drawn.begin(), drawn.end());
        QCOMPARE(drawn, seconds);
        QVERIFY(chart->axes(Qt::Vertical).value(0)->titleText().contains(QStringLiteral("Runtime")));
    }

    // A runtime is a check box, native alone by default; the plan runs every strategy in each one checked, none is a
    // problem of the plan, and what was left is what the next start shows.
    void runtimeBoxesBuildThePlanAndAreRestored()
    {
        {
            ControlPanel panel(currentMachine());
            QCOMPARE(checkedRuntimes(panel), QList { RuntimeKind::Native });
            QCOMPARE(panel.plan().runtimes, QList { RuntimeKind::Native });
            const qint64 nativeRuns = panel.plan().runCount();
            const QString python = panel.runtimeCheckBox(RuntimeKind::Python)->toolTip();
            for (const QString& word : { u"CPython"_qs, u"ThreadPool"_qs, u"Pool"_qs, u"asyncio"_qs, u"start-up"_qs })
                QVERIFY2(python.contains(word), qPrintable(python));

            QCheckBox* pythonBox = panel.runtimeCheckBox(RuntimeKind::Python);
            QTest::mouseClick(pythonBox, Qt::LeftButton, {}, QPoint(4, pythonBox->height() / 2));
            QCOMPARE(panel.plan().runtimes, (QList { RuntimeKind::Native, RuntimeKind::Python }));
            QCOMPARE(panel.plan().runCount(), 2 * nativeRuns);
            QVERIFY2(sweepCommand(panel.plan()).contains(u" --runtime native,python"_qs),
                qPrintable(sweepCommand(panel.plan())));
            QCOMPARE(panel.presetBox()->currentIndex(), 0); // custom now

            QCheckBox* nativeBox = panel.runtimeCheckBox(RuntimeKind::Native);
            QTest::mouseClick(nativeBox, Qt::LeftButton, {}, QPoint(4, nativeBox->height() / 2));
            QTest::mouseClick(pythonBox, Qt::LeftButton, {}, QPoint(4, pythonBox->height() / 2));
            QVERIFY(checkedRuntimes(panel).isEmpty());
            QCOMPARE(panel.problem(), u"No runtime chosen"_qs);
            QVERIFY(panel.verdictLabel()->text().contains(panel.problem()));
            QVERIFY(!panel.runButton()->isEnabled());

            QTest::mouseClick(pythonBox, Qt::LeftButton, {}, QPoint(4, pythonBox->height() / 2));
            QCOMPARE(panel.plan().runtimes, QList { RuntimeKind::Python });
            QVERIFY(panel.problem().isEmpty());
            QSettings settings;
            panel.saveSettings(settings);
        }
        {
            ControlPanel restored(currentMachine());
            restored.restoreSettings(QSettings());
            QCOMPARE(checkedRuntimes(restored), QList { RuntimeKind::Python });
            QCOMPARE(restored.plan().runtimes, QList { RuntimeKind::Python });
        }
        // Settings written before the python runtime hold no runtimes: the engine alone, as those sweeps ran.
        QSettings().remove(u"plan/runtimes"_qs);
        ControlPanel older(currentMachine());
        older.restoreSettings(QSettings());
        QCOMPARE(older.plan().runtimes, QList { RuntimeKind::Native });
    }

    // "The article, in its own language" sets a list of counts no range holds, and both runtimes; the sliders take
    // over when moved, and typed text sets the counts as --tasks does.
    void pythonPresetAppliesItsTaskListAndBothRuntimes()
    {
        const SweepPlan preset = presetPlan(SweepPreset::ArticleInPython);
        const QList<int> counts { 100, 200, 300, 400, 500, 600, 700, 800, 900, 2000, 5000 };
        QCOMPARE(preset.taskCounts, counts);
        {
            MainWindow window;
            ControlPanel* panel = window.controlPanel();
            QComboBox* presets = panel->presetBox();
            const int index = presets->findText(presetTitle(SweepPreset::ArticleInPython));
            QVERIFY(index > 0);
            QCOMPARE(
                presets->itemData(index, Qt::ToolTipRole).toString(), presetDescription(SweepPreset::ArticleInPython));
            presets->setCurrentIndex(index);
            emit presets->activated(index);
            QCOMPARE(panel->plan(), preset);
            QCOMPARE(panel->plan().taskCounts, counts);
            QCOMPARE(checkedRuntimes(*panel), (QList { RuntimeKind::Native, RuntimeKind::Python }));
            QCOMPARE(panel->taskCountsEdit()->text(), u"100,200,300,400,500,600,700,800,900,2000,5000"_qs);
            QCOMPARE(panel->tasksFrom()->value(), 100);
            QCOMPARE(panel->tasksTo()->value(), 5000);
            QCOMPARE(sweepCommand(panel->plan()), sweepCommand(preset));
            QVERIFY2(panel->problem().isEmpty(), qPrintable(panel->problem()));
            QCOMPARE(presets->currentIndex(), index);
            window.close(); // saves the settings
        }
        MainWindow again;
        ControlPanel* panel = again.controlPanel();
        QCOMPARE(panel->plan(), preset);
        QCOMPARE(panel->presetBox()->currentText(), presetTitle(SweepPreset::ArticleInPython));

        // A slider moved: its range is the counts again.
        typeValue(panel->tasksStep(), 1000);
        QCOMPARE(panel->plan().taskCounts, (QList { 100, 1100, 2100, 3100, 4100 }));
        QCOMPARE(panel->taskCountsEdit()->text(), u"100:5000:1000"_qs);
        QCOMPARE(panel->presetBox()->currentText(), u"Custom"_qs);

        // Typed: a list, a range (which the sliders then show), and a list the plan refuses.
        typeTaskCounts(panel, u"50,20,7000"_qs);
        QCOMPARE(panel->plan().taskCounts, (QList { 50, 20, 7000 }));
        QVERIFY(panel->runButton()->isEnabled());
        typeTaskCounts(panel, u"10:100:30"_qs);
        QCOMPARE(panel->plan().taskCounts, (QList { 10, 40, 70, 100 }));
        QCOMPARE(panel->tasksFrom()->value(), 10);
        QCOMPARE(panel->tasksTo()->value(), 100);
        QCOMPARE(panel->tasksStep()->value(), 30);
        typeTaskCounts(panel, u"100,200,100"_qs);
        QVERIFY(panel->plan().taskCounts.isEmpty());
        QVERIFY2(panel->problem().startsWith(u"Task counts: "_qs) && panel->problem().contains(u"listed twice"_qs),
            qPrintable(panel->problem()));
        QVERIFY(!panel->runButton()->isEnabled());
        // What was typed comes back as it was left, refused or not.
        QSettings settings;
        panel->saveSettings(settings);
        ControlPanel restored(currentMachine());
        restored.restoreSettings(QSettings());
        QCOMPARE(restored.taskCountsEdit()->text(), u"100,200,100"_qs);
        QCOMPARE(restored.problem(), panel->problem());
    }

    // A data set of runs in both runtimes, as a person opens it: the runs table says where each ran, beside its
    // strategy; the chart draws threads and threads (python) in one colour; the decision has bands per runtime.
    void mixedRuntimesThroughTheWindow()
    {
        QTemporaryDir dir;
        ResultSet set;
        set.runs = runtimeSweep();
        const QString path = dir.filePath(u"mixed.json"_qs);
        QString error;
        QVERIFY2(writeResultFile(path, set, &error), qPrintable(error));
        MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY2(window.openFile(path, &error), qPrintable(error));
        WAIT_FOR_ANALYSIS(window);

        window.tabs()->setCurrentWidget(window.runsPage());
        const QTableView* runs = window.resultsView();
        const QHeaderView* header = runs->horizontalHeader();
        QVERIFY(!runs->isColumnHidden(ResultsModel::RuntimeColumn));
        QCOMPARE(
            header->visualIndex(ResultsModel::RuntimeColumn), header->visualIndex(ResultsModel::StrategyColumn) + 1);
        QCOMPARE(runs->model()->headerData(ResultsModel::RuntimeColumn, Qt::Horizontal).toString(), u"Runtime"_qs);
        QVERIFY(runs->columnWidth(ResultsModel::RuntimeColumn) > 0);
        QCOMPARE(columnText(runs, ResultsModel::RuntimeColumn).count(u"python"_qs), int(set.runs.size() / 2));
        for (int row = 0; row < runs->model()->rowCount(); ++row) {
            const QString runtime = runs->model()->index(row, ResultsModel::RuntimeColumn).data().toString();
            const QString series = runs->model()->index(row, ResultsModel::StrategyColumn).data().toString();
            QCOMPARE(series.endsWith(u" (python)"_qs), runtime == u"python"_qs);
        }

        const QStringList legend
            = window.chartView()->runtimeChart()->legendEntries().join(u'|').replace(u"<br>"_qs, u" "_qs).split(u'|');
        QVERIFY2(legend.contains(u"threads (mean)"_qs) && legend.contains(u"threads (python) (mean)"_qs),
            qPrintable(legend.join(u" | ")));

        const QTableView* decision = window.decisionView();
        QVERIFY(!decision->isColumnHidden(DecisionModel::RuntimeColumn));
        const QStringList runtimes = columnText(decision, DecisionModel::RuntimeColumn);
        QVERIFY(runtimes.contains(u"native"_qs) && runtimes.contains(u"python"_qs));
        QCOMPARE(runtimes.first(), u"native"_qs); // native first
        for (int row = 0; row < decision->model()->rowCount(); ++row) {
            const QString leader = decision->model()->index(row, DecisionModel::LeaderColumn).data().toString();
            QCOMPARE(leader.endsWith(u" (python)"_qs), runtimes[row] == u"python"_qs);
        }

        // Runs of the engine alone: the decision reads as before, without the column.
        set.runs.removeIf([](const RunResult& run) { return run.spec.runtime == RuntimeKind::Python; });
        const QString nativePath = dir.filePath(u"native.json"_qs);
        QVERIFY2(writeResultFile(nativePath, set, &error), qPrintable(error));
        QVERIFY2(window.openFile(nativePath, &error), qPrintable(error));
        WAIT_FOR_ANALYSIS(window);
        QTRY_VERIFY(decision->isColumnHidden(DecisionModel::RuntimeColumn));
    }

private:
    QTemporaryDir m_state;
};

QTEST_MAIN(TestGui)
#include "tst_gui.moc"
