#pragma once

// The runs, metadata and file helpers that the journal's tests and the fault tests share: a run with every field set
// (a message with quotes, a newline and non-ASCII text; traces as many as asked), and whole-file reads and writes.

#include "resultfile.h"
#include "runresult.h"
#include "testspecs.h"

#include <QByteArray>
#include <QDateTime>
#include <QFile>
#include <QString>
#include <algorithm>

inline RunResult sampleRun(int repeat, int traces)
{
    RunResult run;
    run.spec = specOf(StrategyKind::Blended).tasks(std::max(1, traces)).taskMs(25).threads(7).processes(2);
    run.spec.repeat = repeat;
    run.status = repeat % 2 ? RunStatus::Ok : RunStatus::Refused;
    run.message = repeat % 2 ? QString() : QStringLiteral("thread limit: \"refused\"\nthread 3 of 7, ünïcode");
    run.seconds = 0.1 + 0.2 * repeat;
    run.idealSeconds = 0.025;
    run.startNs = 123456789012345 + repeat;
    for (int i = 0; i < traces; ++i)
        run.traces.append(TaskTrace { i, i % 2, 4242 + i % 2, 5000 + i, 1'000'000'000'000 + i, 1'000'025'000'000 + i });
    return run;
}

inline ResultMetadata sampleMetadata()
{
    ResultMetadata metadata;
    metadata.created = QDateTime::currentDateTime();
    metadata.command = QStringLiteral("conlab sweep --tasks 1:3:1");
    return metadata;
}

inline bool writeBytes(const QString& path, const QByteArray& data)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(data) == data.size();
}

inline QByteArray readAll(const QString& path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

inline int completeLines(const QString& path)
{
    return int(readAll(path).count('\n'));
}
