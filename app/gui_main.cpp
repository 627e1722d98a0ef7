// conlab-gui: the desktop face of Concurrency Lab.

#include "mainwindow.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QIcon>
#include <QTimer>

int main(int argc, char* argv[])
{
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
    parser.process(app);

    MainWindow window;
    window.show();
    const QStringList files = parser.positionalArguments();
    // Opened once the window is up, so a file that fails to load says so in a dialog over the window.
    QTimer::singleShot(0, &window, [&window, files] {
        for (const QString& file : files)
            window.openFile(file);
    });
    return app.exec();
}
