#include "calibration.h"

#include "workload.h"
#include "inputquote.h"
#include "machineinfo.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMutex>
#include <QSaveFile>
#include <QStandardPaths>

namespace {
QString cacheFilePath()
{
    const QString dir = QStandardPaths::writableLocation(QStandardPaths::GenericCacheLocation);
    if (dir.isEmpty())
        return {};
    return dir + QStringLiteral("/conlab/cpu-calibration.json");
}

// How calibrateCpuIterationsPerMs() times its rounds and which it keeps; a cache made another way is measured again.
const QString calibrationClock = QStringLiteral("thread-cpu, fastest round");
} // namespace

CpuCalibration cpuCalibration(bool remeasure)
{
    // One calibration per process: every run of a sweep must use the same figure.
    static QMutex mutex;
    static CpuCalibration cached;
    QMutexLocker lock(&mutex);
    if (cached.iterationsPerMs > 0 && !remeasure)
        return cached;

    const QString cpu = currentMachine().cpuModel;
    CpuCalibration result;
    result.cacheFile = cacheFilePath();
    if (!remeasure && !result.cacheFile.isEmpty()) {
        QFile file(result.cacheFile);
        if (file.open(QIODevice::ReadOnly)) {
            const QJsonObject object = QJsonDocument::fromJson(file.readAll()).object();
            const QString cachedCpu = object.value(QStringLiteral("cpu_model")).toString();
            const QJsonValue value = object.value(QStringLiteral("iterations_per_ms"));
            // toInteger() is 0 for a fraction, a string or a number beyond 64 bits; all of them are implausible.
            const qint64 iterations = value.toInteger();
            const QString where = QStringLiteral("the CPU calibration in %1").arg(quotedPath(result.cacheFile));
            if (!value.isDouble())
                result.note = QStringLiteral("%1 holds no iterations_per_ms; measured again").arg(where);
            else if (object.value(QStringLiteral("clock")).toString() == QStringLiteral("thread-cpu"))
                result.note = QStringLiteral("%1 kept the slowest of its rounds, which made tasks up to 3 % short "
                                             "(now the fastest); measured again")
                                  .arg(where);
            else if (object.value(QStringLiteral("clock")).toString() != calibrationClock)
                result.note = QStringLiteral("%1 was timed by the wall clock, which a busy machine stretches "
                                             "(now the thread's CPU time); measured again")
                                  .arg(where);
            else if (cachedCpu != cpu)
                result.note = QStringLiteral("%1 is for another CPU (%2, this one is %3); measured again")
                                  .arg(where, quotedInput(cachedCpu), cpu);
            else if (!isPlausibleCpuCalibration(iterations))
                result.note = QStringLiteral("%1 (%2 iterations per ms) is outside the plausible range of %3 to %4; "
                                             "measured again")
                                  .arg(where, QString::number(value.toDouble(), 'g', 17))
                                  .arg(MinPlausibleCpuIterationsPerMs)
                                  .arg(MaxPlausibleCpuIterationsPerMs);
            else {
                result.iterationsPerMs = iterations;
                result.fromCache = true;
            }
        }
    }
    if (result.iterationsPerMs <= 0) {
        result.iterationsPerMs = calibrateCpuIterationsPerMs();
        if (!result.note.isEmpty())
            result.note += QStringLiteral(": %1 iterations per ms").arg(result.iterationsPerMs);
        const QString directory = QFileInfo(result.cacheFile).absolutePath();
        if (result.cacheFile.isEmpty()) {
            result.storeError = QStringLiteral("no cache directory (set XDG_CACHE_HOME or HOME)");
        } else if (!QDir().mkpath(directory)) {
            result.storeError = QStringLiteral("cannot create the directory %1").arg(quotedPath(directory));
            result.cacheFile.clear();
        } else {
            QSaveFile file(result.cacheFile);
            const QJsonObject object { { QStringLiteral("cpu_model"), cpu },
                { QStringLiteral("iterations_per_ms"), result.iterationsPerMs },
                { QStringLiteral("clock"), calibrationClock } };
            if (!file.open(QIODevice::WriteOnly) || file.write(QJsonDocument(object).toJson()) < 0 || !file.commit()) {
                result.storeError
                    = QStringLiteral("%1: cannot write: %2").arg(quotedPath(result.cacheFile), file.errorString());
                result.cacheFile.clear();
            }
        }
    }
    cached = result;
    cached.note.clear(); // said once
    return result;
}
