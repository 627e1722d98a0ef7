// conlab-gui: the desktop face of Concurrency Lab.

#include "consolesweep.h"
#include "controlpanel.h"
#include "inputquote.h"
#include "mainwindow.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QIcon>
#include <QTimer>
#include <csignal>
#include <cstdio>
#include <unistd.h>

namespace {
const char* const needs = "it needs a display, or QT_QPA_PLATFORM=offscreen, or xvfb-run -a conlab-gui";

// What QApplication logs while it looks for its platform: kept back, so that a platform that cannot start ends in one
// line naming what is needed, rather than Qt's "Reinstalling the application may fix this problem" and an abort.
struct StartupLog
{
    struct Entry
    {
        QtMsgType type;
        QByteArray category;
        QString message;
    };
    QList<Entry> entries;
    QtMessageHandler previous = nullptr;
};
StartupLog s_startupLog;

void keepStartupMessage(QtMsgType type, const QMessageLogContext& context, const QString& message)
{
    if (type != QtFatalMsg) {
        s_startupLog.entries.append({ type, QByteArray(context.category), message });
        return;
    }
    // The platform plugin's own complaint ("could not connect to display :99") says most; it may quote $DISPLAY.
    QString reason = message;
    for (const StartupLog::Entry& entry : std::as_const(s_startupLog.entries)) {
        if (entry.category.startsWith("qt.qpa"))
            reason = entry.message;
    }
    std::fprintf(stderr, "conlab-gui: cannot start the window (%s): %s\n",
        qPrintable(quotedInput(reason.trimmed(), 200)), needs);
    std::fflush(stderr);
    ::_exit(1);
}

void replayStartupMessages()
{
    qInstallMessageHandler(s_startupLog.previous);
    for (const StartupLog::Entry& entry : std::as_const(s_startupLog.entries)) {
        const QMessageLogContext context(nullptr, 0, nullptr, entry.category.constData());
        qt_message_output(entry.type, context, entry.message);
    }
    s_startupLog.entries.clear();
}

// Whether Qt has somewhere to draw: a platform named (QT_QPA_PLATFORM or -platform), an X display or a Wayland one.
bool hasDisplay(const QStringList& arguments)
{
#if defined(Q_OS_UNIX) && !defined(Q_OS_DARWIN) && !defined(Q_OS_ANDROID)
    return !qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM") || !qEnvironmentVariableIsEmpty("DISPLAY")
        || !qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY") || arguments.contains(QStringLiteral("-platform"))
        || arguments.contains(QStringLiteral("--platform"));
#else
    Q_UNUSED(arguments);
    return true;
#endif
}
} // namespace

int main(int argc, char* argv[])
{
    guardStandardDescriptors();
    // Past a file size limit (ulimit -f) the kernel would kill us; ignored, the write fails with EFBIG instead, and
    // the journal and the exports say so and keep what they can, as on a full disk.
    std::signal(SIGXFSZ, SIG_IGN);
    QApplication::setApplicationName(QStringLiteral("conlab-gui"));
    QApplication::setApplicationDisplayName(QStringLiteral("Concurrency Lab"));
    QApplication::setOrganizationName(QStringLiteral("ConcurrencyLab"));
    QApplication::setApplicationVersion(QStringLiteral(CONLAB_VERSION));
    QApplication::setDesktopFileName(QStringLiteral("conlab-gui"));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Measure how a batch of tasks runs sequentially, on processes, on threads or blended, and chart it."));
    const QCommandLineOption helpOption = parser.addHelpOption();
    const QCommandLineOption versionOption = parser.addVersionOption();
    parser.addPositionalArgument(
        QStringLiteral("file"), QStringLiteral("Result files (CSV or JSON) to open."), QStringLiteral("[file...]"));
    const QCommandLineOption presetOption(QStringLiteral("preset"),
        QStringLiteral("Set the parameters of a preset: %1.").arg(presetNamesText()), QStringLiteral("name"));
    const QCommandLineOption runOption(
        QStringLiteral("run"), QStringLiteral("Start the sweep as soon as the window is up."));
    const QCommandLineOption timelineOption(QStringLiteral("timeline"),
        QStringLiteral("Open the timeline of run K (its position from 1, as in the Runs tab) of the last file given."),
        QStringLiteral("K"));
    parser.addOptions({ presetOption, runOption, timelineOption });

    // --help and --version answer before any window system is asked for, so they work over ssh, in CI, anywhere.
    // Arguments meant for Qt itself (-platform, -style, ...) fail this first parse; QApplication removes them, and
    // the arguments are parsed again below.
    QStringList arguments;
    for (int i = 0; i < argc; ++i)
        arguments << QString::fromLocal8Bit(argv[i]);
    if (parser.parse(arguments)) {
        // --help-all adds Qt's own options, which only QApplication knows: without a display, the help it can give.
        if (parser.isSet(helpOption) || (parser.isSet(QStringLiteral("help-all")) && !hasDisplay(arguments))) {
            QString help = parser.helpText();
            const qsizetype endOfProgram = help.indexOf(QStringLiteral(" [options]"));
            if (endOfProgram > 0)
                help.replace(0, endOfProgram, QStringLiteral("Usage: conlab-gui"));
            writeStandardOutput(help);
            return finishStandardOutput(0, "conlab-gui");
        }
        if (parser.isSet(versionOption)) {
            writeStandardOutput(QStringLiteral("conlab-gui %1\n").arg(QApplication::applicationVersion()));
            return finishStandardOutput(0, "conlab-gui");
        }
    }
    if (!hasDisplay(arguments)) {
        std::fprintf(stderr, "conlab-gui: no display (neither DISPLAY nor WAYLAND_DISPLAY is set): %s\n", needs);
        return 1;
    }

    s_startupLog.previous = qInstallMessageHandler(keepStartupMessage);
    QApplication app(argc, argv);
    replayStartupMessages();
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/conlab.svg")));
    // Qt's process() would print a bad argument raw: it is parsed here, now without the arguments meant for Qt, and
    // a mistake quoted as data. Help asked for beside Qt's own arguments is printed by Qt, which then exits.
    if (!parser.parse(QApplication::arguments())) {
        std::fprintf(stderr, "conlab-gui: %s (see conlab-gui --help)\n", qPrintable(quotedParseError(parser)));
        return 2;
    }
    if (parser.isSet(helpOption) || parser.isSet(versionOption) || parser.isSet(QStringLiteral("help-all")))
        parser.process(app);

    std::optional<SweepPreset> preset;
    if (parser.isSet(presetOption)) {
        preset = presetFromName(parser.value(presetOption));
        if (!preset) {
            std::fprintf(stderr, "conlab-gui: --preset '%s' is not a preset (%s)\n",
                qPrintable(quotedInput(parser.value(presetOption))), qPrintable(presetNamesText()));
            return 2;
        }
    }

    const QStringList files = parser.positionalArguments();
    int timelineRun = 0;
    if (parser.isSet(timelineOption)) {
        bool ok = false;
        timelineRun = parser.value(timelineOption).toInt(&ok);
        if (!ok || timelineRun < 1) {
            std::fprintf(stderr, "conlab-gui: --timeline '%s' is not a run's position from 1\n",
                qPrintable(quotedInput(parser.value(timelineOption))));
            return 2;
        }
        if (files.isEmpty()) {
            std::fprintf(stderr, "conlab-gui: --timeline needs a result file to take the run from\n");
            return 2;
        }
    }

    MainWindow window;
    if (preset)
        window.controlPanel()->applyPreset(*preset);
    window.show();
    const bool run = parser.isSet(runOption);
    // Once the window is up, so that a file that fails to load, or a sweep left unfinished, is raised in a dialog
    // over the window.
    QTimer::singleShot(0, &window, [&window, files, run, timelineRun] {
        window.offerInterruptedSweeps();
        bool opened = false;
        for (const QString& file : files)
            opened = window.openFile(file);
        if (timelineRun > 0 && opened && !window.showTimelineOfRun(timelineRun - 1)) {
            std::fprintf(stderr, "conlab-gui: --timeline %d: %s holds %lld runs\n", timelineRun,
                qPrintable(quotedPath(files.constLast())),
                qlonglong(window.store()->at(window.currentDataSet()).results.runs.size()));
        }
        if (run)
            window.startSweep();
    });
    return app.exec();
}
