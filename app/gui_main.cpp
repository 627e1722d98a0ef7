// conlab-gui: the desktop face of Concurrency Lab.

#include "controlpanel.h"
#include "inputquote.h"
#include "mainwindow.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QIcon>
#include <QTimer>
#include <csignal>
#include <cstdio>

int main(int argc, char* argv[])
{
    // Past a file size limit (ulimit -f) the kernel would kill us; ignored, the write fails with EFBIG instead, and
    // the journal and the exports say so and keep what they can, as on a full disk.
    std::signal(SIGXFSZ, SIG_IGN);
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("conlab-gui"));
    QApplication::setApplicationDisplayName(QStringLiteral("Concurrency Lab"));
    QApplication::setOrganizationName(QStringLiteral("ConcurrencyLab"));
    QApplication::setApplicationVersion(QStringLiteral(CONLAB_VERSION));
    QApplication::setDesktopFileName(QStringLiteral("conlab-gui"));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/conlab.svg")));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Measure how a batch of tasks runs sequentially, on processes, on threads or blended, and chart it."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(
        QStringLiteral("file"), QStringLiteral("Result files (CSV or JSON) to open."), QStringLiteral("[file...]"));
    const QCommandLineOption presetOption(QStringLiteral("preset"),
        QStringLiteral("Set the parameters of a preset: article or quick."), QStringLiteral("name"));
    const QCommandLineOption runOption(
        QStringLiteral("run"), QStringLiteral("Start the sweep as soon as the window is up."));
    parser.addOptions({ presetOption, runOption });
    // Qt's process() would print a bad argument raw; its --help and --version are kept.
    if (!parser.parse(QApplication::arguments())) {
        std::fprintf(stderr, "conlab-gui: %s (see conlab-gui --help)\n", qPrintable(quotedParseError(parser)));
        return 2;
    }
    parser.process(app);

    std::optional<SweepPreset> preset;
    if (parser.isSet(presetOption)) {
        preset = presetFromName(parser.value(presetOption));
        if (!preset) {
            std::fprintf(stderr, "conlab-gui: --preset '%s' is not a preset (article or quick)\n",
                qPrintable(quotedInput(parser.value(presetOption))));
            return 2;
        }
    }

    MainWindow window;
    if (preset)
        window.controlPanel()->applyPreset(*preset);
    window.show();
    const QStringList files = parser.positionalArguments();
    const bool run = parser.isSet(runOption);
    // Once the window is up, so that a file that fails to load, or a sweep left unfinished, is raised in a dialog
    // over the window.
    QTimer::singleShot(0, &window, [&window, files, run] {
        window.offerInterruptedSweeps();
        for (const QString& file : files)
            window.openFile(file);
        if (run)
            window.startSweep();
    });
    return app.exec();
}
