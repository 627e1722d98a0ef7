#include "calibration.h"

#include "exec/workload.h"
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
            if (object.value(QStringLiteral("cpu_model")).toString() == cpu
                && object.value(QStringLiteral("iterations_per_ms")).toInteger() > 0) {
                result.iterationsPerMs = object.value(QStringLiteral("iterations_per_ms")).toInteger();
                result.fromCache = true;
            }
        }
    }
    if (result.iterationsPerMs <= 0) {
        result.iterationsPerMs = calibrateCpuIterationsPerMs();
        const QString directory = QFileInfo(result.cacheFile).absolutePath();
        if (result.cacheFile.isEmpty()) {
            result.storeError = QStringLiteral("no cache directory (set XDG_CACHE_HOME or HOME)");
        } else if (!QDir().mkpath(directory)) {
            result.storeError = QStringLiteral("cannot create the directory %1").arg(directory);
            result.cacheFile.clear();
        } else {
            QSaveFile file(result.cacheFile);
            const QJsonObject object { { QStringLiteral("cpu_model"), cpu },
                { QStringLiteral("iterations_per_ms"), result.iterationsPerMs } };
            if (!file.open(QIODevice::WriteOnly) || file.write(QJsonDocument(object).toJson()) < 0 || !file.commit()) {
                result.storeError = QStringLiteral("%1: cannot write: %2").arg(result.cacheFile, file.errorString());
                result.cacheFile.clear();
            }
        }
    }
    cached = result;
    return result;
}
