#pragma once

#include <QList>
#include <QString>

// Least-squares trendline T = a n^2 + b n + c, in seconds against the task count n.
struct QuadraticFit
{
    double a = 0;
    double b = 0;
    double c = 0;
    double r2 = 0; // 1 - SS_res / SS_tot over the fitted points
    int degree = -1; // 2, or 1 (line) / 0 (constant) when there were fewer distinct x; -1 when there was no fit
    int distinctX = 0; // distinct x values the fit saw (its task counts), also when there was no fit
    double xMin = 0; // the range of x fitted; xMin == xMax when unknown or a single x
    double xMax = 0;

    bool isValid() const { return degree >= 0; }
    double valueAt(double n) const { return (a * n + b) * n + c; }
};

// Fits y against x by least squares (QR of the Vandermonde matrix, x scaled to [-1, 1] internally; the coefficients
// are reported against raw x). With 2 distinct x it fits a line, with 1 a constant. Pairs with a non-finite value are
// skipped; extra elements of the longer list are ignored.
QuadraticFit fitQuadratic(const QList<double>& x, const QList<double>& y);

// A trendline needs more distinct x than it has coefficients, or it passes through every point and its R² = 1 says
// nothing: a quadratic needs 4 task counts, a line 3.
constexpr int trendlineQuadraticMinimum = 4;
constexpr int trendlineLineMinimum = 3;

// The trendline the data can carry: a quadratic from 4 distinct x, a line from 3, none (degree -1, distinctX set)
// below that.
QuadraticFit fitTrendline(const QList<double>& x, const QList<double>& y);

// Why a trendline is absent or lower than a quadratic, e.g. "no trendline: 2 task counts, a line needs 3" or "a line,
// not a quadratic: 3 task counts, a quadratic needs 4"; empty for a quadratic.
QString trendlineNote(const QuadraticFit& fit);
