#include "costmodel.h"

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>

namespace {
// Below this spread of n / w across the runs, the y column is (nearly) a multiple of the constant column and the
// least-squares y would be noise amplified by the tiny spread.
constexpr double minimumDispatchSpread = 1.0;
// y and o are a line through the (n / w, excess) points: like a trendline, it needs more distinct n / w than it has
// coefficients, or it passes through every point and says nothing.
constexpr int minimumDistinctDispatches = 3;
} // namespace

double costModelIdealSeconds(const RunSpec& resolved)
{
    return idealSeconds(resolved, 0);
}

double dispatchesPerWorker(const RunSpec& resolved)
{
    return double(resolved.tasks) / parallelWorkers(resolved);
}

double CostModel::predictSeconds(const RunSpec& resolved) const
{
    return costModelIdealSeconds(resolved) + dispatchesPerWorker(resolved) * y + o;
}

CostModel fitCostModel(const QList<RunResult>& runs)
{
    QList<const RunResult*> pointers;
    pointers.reserve(runs.size());
    for (const RunResult& run : runs)
        pointers.append(&run);
    return fitCostModelOver(pointers);
}

CostModel fitCostModelOver(const QList<const RunResult*>& runs)
{
    // Only runs that know their h and w: a result file may give neither (then its ideal_seconds is 0).
    QList<const RunResult*> ok;
    for (const RunResult* run : runs) {
        if (run->isOk() && std::isfinite(run->seconds) && idealBoundKnown(run->spec) && run->idealSeconds > 0)
            ok.append(run);
    }
    CostModel model;
    model.runs = int(ok.size());
    if (ok.isEmpty()) {
        model.note = QStringLiteral("no run gives its task duration and worker count, which the model needs");
        return model;
    }

    const Eigen::Index rows = ok.size();
    Eigen::VectorXd dispatches(rows);
    Eigen::VectorXd ideal(rows);
    Eigen::VectorXd measured(rows);
    for (Eigen::Index i = 0; i < rows; ++i) {
        dispatches(i) = dispatchesPerWorker(ok[i]->spec);
        ideal(i) = costModelIdealSeconds(ok[i]->spec);
        measured(i) = ok[i]->seconds;
    }
    const Eigen::VectorXd excess = measured - ideal;

    const double spread = dispatches.maxCoeff() - dispatches.minCoeff();
    QList<double> distinct(dispatches.begin(), dispatches.end());
    std::sort(distinct.begin(), distinct.end());
    distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());
    model.yIdentified = spread >= minimumDispatchSpread && distinct.size() >= minimumDistinctDispatches;
    if (model.yIdentified) {
        Eigen::MatrixXd design(rows, 2);
        design.col(0) = dispatches;
        design.col(1).setOnes();
        const Eigen::Vector2d beta = design.colPivHouseholderQr().solve(excess);
        model.y = beta(0);
        model.o = beta(1);
        if (model.y < 0) {
            // Runs with more dispatches per worker came out faster: no overhead per dispatch explains that, so y is
            // held at its bound, 0, and o fitted alone (the least-squares fit with y >= 0), saying what the free fit
            // gave.
            model.note = QStringLiteral("the free fit gave y = %1 ms per dispatch, below 0, which no overhead can "
                                        "be; y is held at 0 and only o was fitted")
                             .arg(model.y * 1000, 0, 'g', 3);
            model.yIdentified = false;
            model.y = 0;
            model.o = excess.mean();
        }
    } else {
        model.y = 0;
        model.o = excess.mean();
        if (spread < minimumDispatchSpread) {
            model.note = QStringLiteral("n/w spans %1 dispatches per worker (%2 to %3); y cannot be told from o, so "
                                        "only o was fitted and y = 0")
                             .arg(spread, 0, 'g', 3)
                             .arg(dispatches.minCoeff(), 0, 'g', 4)
                             .arg(dispatches.maxCoeff(), 0, 'g', 4);
        } else {
            model.note = QStringLiteral("n/w takes %1 distinct values, a line in n/w needs %2; y cannot be told from "
                                        "o, so only o was fitted and y = 0")
                             .arg(distinct.size())
                             .arg(minimumDistinctDispatches);
        }
    }
    model.valid = true;

    const Eigen::VectorXd predicted = ideal + dispatches * model.y + Eigen::VectorXd::Constant(rows, model.o);
    const double ssRes = (measured - predicted).squaredNorm();
    const double ssTot = (measured.array() - measured.mean()).square().sum();
    if (ssTot > 0)
        model.r2 = 1 - ssRes / ssTot;
    else
        model.r2 = ssRes <= 1e-24 * std::max(1.0, measured.squaredNorm()) ? 1 : 0;
    return model;
}
