#include "quadraticfit.h"

#include "wording.h"

#include <Eigen/Dense>
#include <QSet>
#include <algorithm>
#include <cmath>

namespace {
QuadraticFit fitPolynomial(const QList<double>& x, const QList<double>& y, int maxDegree)
{
    QList<double> xs;
    QList<double> ys;
    const qsizetype size = std::min(x.size(), y.size());
    for (qsizetype i = 0; i < size; ++i) {
        if (std::isfinite(x[i]) && std::isfinite(y[i])) {
            xs.append(x[i]);
            ys.append(y[i]);
        }
    }
    QuadraticFit fit;
    const QSet<double> distinct(xs.begin(), xs.end());
    fit.distinctX = int(distinct.size());
    if (xs.isEmpty() || maxDegree < 0)
        return fit;
    fit.degree = int(std::min<qsizetype>(maxDegree, distinct.size() - 1));

    // Centre and scale x so that the columns 1, u, u^2 are of similar size: task counts in the thousands would
    // otherwise put n^2 six orders of magnitude above the constant column.
    const auto [minIt, maxIt] = std::minmax_element(xs.begin(), xs.end());
    fit.xMin = *minIt;
    fit.xMax = *maxIt;
    const double shift = (*minIt + *maxIt) / 2;
    const double scale = *maxIt > *minIt ? (*maxIt - *minIt) / 2 : 1;

    const Eigen::Index rows = xs.size();
    const Eigen::Index cols = fit.degree + 1;
    Eigen::MatrixXd design(rows, cols);
    Eigen::VectorXd target(rows);
    for (Eigen::Index i = 0; i < rows; ++i) {
        const double u = (xs[i] - shift) / scale;
        double power = 1;
        for (Eigen::Index j = 0; j < cols; ++j) {
            design(i, j) = power;
            power *= u;
        }
        target(i) = ys[i];
    }
    const Eigen::VectorXd beta = design.colPivHouseholderQr().solve(target);

    // Back to raw x: p(u) = b0 + b1 u + b2 u^2 with u = (x - s) / k.
    const double b0 = beta(0);
    const double b1 = cols > 1 ? beta(1) : 0;
    const double b2 = cols > 2 ? beta(2) : 0;
    fit.a = b2 / (scale * scale);
    fit.b = b1 / scale - 2 * b2 * shift / (scale * scale);
    fit.c = b0 - b1 * shift / scale + b2 * shift * shift / (scale * scale);

    const Eigen::VectorXd residual = target - design * beta;
    const double ssRes = residual.squaredNorm();
    const double ssTot = (target.array() - target.mean()).square().sum();
    if (ssTot > 0)
        fit.r2 = 1 - ssRes / ssTot;
    else
        fit.r2 = ssRes <= 1e-24 * std::max(1.0, target.squaredNorm()) ? 1 : 0;
    return fit;
}
} // namespace

QuadraticFit fitQuadratic(const QList<double>& x, const QList<double>& y)
{
    return fitPolynomial(x, y, 2);
}

QuadraticFit fitTrendline(const QList<double>& x, const QList<double>& y)
{
    QSet<double> distinct;
    const qsizetype size = std::min(x.size(), y.size());
    for (qsizetype i = 0; i < size; ++i) {
        if (std::isfinite(x[i]) && std::isfinite(y[i]))
            distinct.insert(x[i]);
    }
    const qsizetype count = distinct.size();
    const int degree = count >= trendlineQuadraticMinimum ? 2 : count >= trendlineLineMinimum ? 1 : -1;
    return fitPolynomial(x, y, degree);
}

QString trendlineNote(const QuadraticFit& fit)
{
    const auto taskCounts
        = [](int count) { return countOf(count, QStringLiteral("task count"), QStringLiteral("task counts")); };
    if (!fit.isValid()) {
        return QStringLiteral("no trendline: %1, a line needs %2")
            .arg(taskCounts(fit.distinctX))
            .arg(trendlineLineMinimum);
    }
    if (fit.degree < 2) {
        return QStringLiteral("a line, not a quadratic: %1, a quadratic needs %2")
            .arg(taskCounts(fit.distinctX))
            .arg(trendlineQuadraticMinimum);
    }
    return {};
}
