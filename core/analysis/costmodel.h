#pragma once

#include "runresult.h"

#include <QList>
#include <QString>

// The article's cost model T = h ceil(n / w) + (n / w) y + o for one strategy, with h = task_ms / 1000 and
// w = parallelWorkers() known per run; y is the overhead per dispatch (one task handed to a worker) and o the fixed
// overhead, both in seconds.
struct CostModel
{
    double y = 0;
    double o = 0;
    double r2 = 0; // of the predicted T against the measured T
    bool valid = false; // at least one OK run went into the fit
    bool yIdentified = false; // false when the runs cannot tell y from o (see fitCostModel); then y = 0 and o takes all
    int runs = 0; // OK runs fitted
    QString note; // why y was not identified, empty otherwise

    // Predicted wall time of a resolved spec.
    double predictSeconds(const RunSpec& resolved) const;
};

// The h ceil(n / w) term: idealSeconds(resolved, 0), which for the blended strategy counts rounds in the largest
// per-process share (the same as ceil(n / w) whenever the shares are even). Cores are unknown for imported runs, so
// no CPU bound is applied here.
double costModelIdealSeconds(const RunSpec& resolved);

// Dispatches per worker, n / w.
double dispatchesPerWorker(const RunSpec& resolved);

// Least-squares fit of y and o over the OK runs given (others are ignored); T - h ceil(n / w) = (n / w) y + o.
// When n / w spans less than one dispatch per worker across the runs (the threads strategy with one thread per task
// has n / w = 1 throughout), or takes fewer than 3 distinct values (a line through 2 is exact and says nothing), y
// cannot be told from o: only o is fitted, y = 0, yIdentified = false and the note says why. So too when the free fit
// puts y below 0 (more dispatches came out faster), which no overhead per dispatch can be.
CostModel fitCostModel(const QList<RunResult>& runs);
// The same over runs held elsewhere: the analysis of a million runs copies none of them.
CostModel fitCostModelOver(const QList<const RunResult*>& runs);
