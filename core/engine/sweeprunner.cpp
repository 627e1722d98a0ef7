#include "sweeprunner.h"

#include "canceltoken.h"
#include "fdlimit.h"
#include "latencyserverprocess.h"
#include "pythonruntime.h"
#include "strategies.h"
#include "strategy.h"
#include "wording.h"
#include "workload.h"

#include <QFileInfo>
#include <algorithm>
#include <climits>

SweepRunner::SweepRunner(QObject* parent)
    : QObject(parent)
{
    qRegisterMetaType<RunSpec>();
    qRegisterMetaType<RunResult>();
}

SweepRunner::~SweepRunner()
{
    stopAndWait();
}

void SweepRunner::start(const QList<RunSpec>& runs)
{
    stopAndWait();
    m_cancelRequested = false;
    m_failed = false;
    const quint64 generation = ++m_generation;
    m_worker = std::thread([this, runs, generation, sinks = m_sinks] {
        const bool complete = runAll(runs, generation, sinks);
        // Queued after every result the runs posted, so it arrives last.
        post(generation, [this, complete] {
            m_worker.join(); // returns at once: the thread is past its last line
            if (m_failed)
                return;
            if (complete)
                emit finished();
            else
                emit cancelled();
        });
    });
}

void SweepRunner::cancel()
{
    m_cancelRequested = true;
    std::lock_guard lock(m_tokenMutex);
    if (m_currentToken)
        m_currentToken->cancel();
}

void SweepRunner::stopAndWait()
{
    if (!m_worker.joinable())
        return;
    cancel();
    ++m_generation; // whatever the old sweep still posts is stale now
    m_worker.join();
}

template<typename Function> void SweepRunner::post(quint64 generation, Function&& function)
{
    QMetaObject::invokeMethod(
        this,
        [this, generation, function = std::forward<Function>(function)] {
            if (generation == m_generation)
                function();
        },
        Qt::QueuedConnection);
}

bool SweepRunner::runAll(const QList<RunSpec>& runs, quint64 generation, const QList<RunSink*>& sinks)
{
    // The context of the first run whose workload reads the calibration has it; so has every other run's then.
    const auto calibrated = std::find_if(runs.begin(), runs.end(), [](const RunSpec& spec) {
        const WorkloadDescription* workload = findWorkload(spec.workload);
        return workload && workload->readsCpuCalibration;
    });
    ExecutionContext context
        = ExecutionContext::forThisMachine(calibrated != runs.end() ? calibrated->workload : WorkloadKind::Unknown);
    if (!context.calibrationNote.isEmpty())
        post(generation, [this, note = context.calibrationNote] { emit notice(note); });
    const bool needsWorker = std::any_of(runs.begin(), runs.end(),
        [](const RunSpec& spec) { return describeStrategy(spec.strategy).usesWorkerProcesses(spec); });
    const QFileInfo worker(context.workerPath);
    if (needsWorker && !(worker.isFile() && worker.isExecutable())) {
        const QString message = QStringLiteral("the worker executable %1 is missing or not executable; "
                                               "set CONLAB_WORKER to its path")
                                    .arg(context.workerPath);
        post(generation, [this, message] {
            m_failed = true;
            emit failed(message);
        });
        return false;
    }

    // The python runtime's interpreter, found (and its CPU loop calibrated) once for the sweep; without it nothing
    // starts, as a missing worker.
    const bool needsPython = std::any_of(
        runs.begin(), runs.end(), [](const RunSpec& spec) { return spec.runtime == RuntimeKind::Python; });
    if (needsPython) {
        QString error;
        context.python = findPython(&error);
        const bool calibrate = std::any_of(runs.begin(), runs.end(), [](const RunSpec& spec) {
            const WorkloadDescription* workload = findWorkload(spec.workload);
            return spec.runtime == RuntimeKind::Python && workload && workload->readsCpuCalibration;
        });
        if (error.isEmpty() && calibrate)
            calibratePython(context.python, &error);
        if (!error.isEmpty()) {
            post(generation, [this, error] {
                m_failed = true;
                emit failed(error);
            });
            return false;
        }
        if (!context.python.calibrationNote.isEmpty())
            post(generation, [this, note = context.python.calibrationNote] { emit notice(note); });
    }

    // The net workload's latency server lives as long as the sweep, on this thread (its parent-death signal follows
    // the thread that started it), and is stopped when this returns, whatever ended the sweep.
    LatencyServerProcess server;
    const bool needsServer = std::any_of(runs.begin(), runs.end(), [](const RunSpec& spec) {
        const WorkloadDescription* workload = findWorkload(spec.workload);
        return workload && workload->needsLatencyServer;
    });
    if (needsServer) {
        if (!server.start(context.workerPath)) {
            post(generation, [this, message = server.error()] {
                m_failed = true;
                emit failed(message);
            });
            return false;
        }
        context.latencyServerPort = server.port();
    }

    const int total = int(runs.size());
    for (int index = 0; index < total; ++index) {
        const RunSpec& spec = runs.at(index);
        CancelToken token;
        {
            // Checked under the lock cancel() takes: either cancel() sees this token, or we see its request.
            std::lock_guard lock(m_tokenMutex);
            if (m_cancelRequested)
                return false;
            m_currentToken = &token;
        }
        post(generation, [this, index, spec] { emit runStarted(index, spec); });
        if (needsServer)
            server.takeStats(); // what the server did between runs is no run's
        RunResult result = runMeasured(spec, context, token);
        const WorkloadDescription* workload = findWorkload(spec.workload);
        if (workload && workload->needsLatencyServer) {
            if (const auto stats = server.takeStats()) {
                result.resources.serverCpuUs = stats->cpuNs / 1000;
                result.resources.serverLateMaxUs = stats->maxLateNs / 1000;
                result.resources.serverLateMeanUs = stats->meanLateNs / 1000;
                // A connection the server could not accept reaches its task as a reset: the limit that refused it is
                // the server's, and the run was refused, not broken.
                if (stats->acceptFailures > 0 && result.status == RunStatus::Failed) {
                    result.status = RunStatus::Refused;
                    result.message = QStringLiteral("open-file limit of the latency server: it could not accept %1 "
                                                    "(ulimit -Hn %2); %3")
                                         .arg(countOf(int(std::min<qint64>(stats->acceptFailures, INT_MAX)),
                                             QStringLiteral("connection"), QStringLiteral("connections")))
                                         .arg(qint64(currentFdLimit().hard))
                                         .arg(result.message);
                }
            }
        }
        {
            std::lock_guard lock(m_tokenMutex);
            m_currentToken = nullptr;
        }
        for (RunSink* sink : sinks)
            sink->runFinished(index, result); // a failure is the sink's to report; the sweep goes on
        post(generation, [this, index, total, result] {
            emit runFinished(index, result);
            emit progress(index + 1, total);
        });
        if (result.status == RunStatus::Cancelled)
            return false;
    }
    return true;
}
