// conlab-bench-gui: how responsive the desktop app stays while it measures. Runs the "Quick look" preset (or the
// parameters given) in a real MainWindow and times a 5 ms heartbeat timer on the GUI thread: the longest gap between
// two ticks is the longest the window could not react to input or repaint.
//
//   QT_QPA_PLATFORM=offscreen build/bin/conlab-bench-gui [--repeat N]

#include "controlpanel.h"
#include "mainwindow.h"
#include "sliderspinbox.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QStandardPaths>
#include <QTimer>
#include <algorithm>
#include <cstdio>

int main(int argc, char* argv[])
{
    QApplication app(argc, argv);
    QStandardPaths::setTestModeEnabled(true); // leave the user's settings alone
    QCommandLineParser parser;
    parser.addHelpOption();
    const QCommandLineOption repeatOption(QStringLiteral("repeat"), QStringLiteral("Sweeps to time (default 3)."),
        QStringLiteral("N"), QStringLiteral("3"));
    parser.addOption(repeatOption);
    parser.process(app);
    const int sweeps = std::max(1, parser.value(repeatOption).toInt());

    MainWindow window;
    window.show();
    window.controlPanel()->applyPreset(SweepPreset::QuickLook);
    std::printf("conlab-bench-gui: Quick look preset (%s), %d sweep(s), 5 ms heartbeat on the GUI thread\n",
        qPrintable(sweepCommand(window.controlPanel()->plan())), sweeps);
    std::printf("%-6s %8s %10s %10s %10s %12s\n", "sweep", "runs", "wall s", "p50 gap", "p99 gap", "longest gap");

    for (int sweep = 1; sweep <= sweeps; ++sweep) {
        QList<qint64> gaps;
        QElapsedTimer sinceTick;
        QTimer heartbeat;
        heartbeat.setTimerType(Qt::PreciseTimer);
        heartbeat.setInterval(5);
        QObject::connect(&heartbeat, &QTimer::timeout, [&] {
            gaps.append(sinceTick.nsecsElapsed());
            sinceTick.restart();
        });
        QElapsedTimer wall;
        wall.start();
        sinceTick.start();
        heartbeat.start();
        window.startSweep();
        while (window.isSweepRunning())
            QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents);
        heartbeat.stop();
        std::sort(gaps.begin(), gaps.end());
        const auto percentile
            = [&](double p) { return gaps.isEmpty() ? 0.0 : gaps.at(qsizetype(p * double(gaps.size() - 1))) / 1e6; };
        std::printf("%-6d %8lld %10.1f %8.1f ms %8.1f ms %9.1f ms\n", sweep,
            static_cast<long long>(window.dataSets().at(window.currentDataSet()).results.runs.size()),
            wall.elapsed() / 1000.0, percentile(0.5), percentile(0.99), percentile(1.0));
        std::fflush(stdout);
    }
    return 0;
}
