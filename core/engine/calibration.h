#pragma once

#include <QString>

// The CPU workload's calibration: how many cpuSpin() iterations one core runs in a millisecond. Measured once per
// machine (about 150 ms) and kept in the user's cache directory, keyed by CPU model, so every run and every worker
// process uses the same figure.
struct CpuCalibration
{
    qint64 iterationsPerMs = 0;
    QString cacheFile; // where it was read from or written to; empty if it could not be stored
    QString storeError; // why it could not be stored, when cacheFile is empty
    bool fromCache = false;
    // Why a cached figure was not used and was measured again (outside the plausible range, another CPU, not a
    // calibration file); empty if the cache was fine or absent. Given once: later calls in the process leave it empty.
    QString note;
};

// Returns the cached calibration, measuring it first if there is none for this CPU (or if `remeasure`). A cached
// figure is believed only if it names this CPU and lies in the plausible range (isPlausibleCpuCalibration()).
CpuCalibration cpuCalibration(bool remeasure = false);
