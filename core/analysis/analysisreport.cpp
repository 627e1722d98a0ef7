#include "analysisreport.h"

#include "wording.h"

#include <QJsonArray>
#include <QStringList>
#include <algorithm>
#include <cmath>

namespace {
QJsonValue number(double value)
{
    return std::isfinite(value) ? QJsonValue(value) : QJsonValue(QJsonValue::Null);
}

QString seriesName(const AnalysisReport& report, int index)
{
    return index >= 0 && index < report.strategies.size() ? report.strategies[index].name : QStringLiteral("?");
}

QJsonValue seriesValue(const AnalysisReport& report, const std::optional<int>& index)
{
    return index ? QJsonValue(seriesName(report, *index)) : QJsonValue(QJsonValue::Null);
}

// A setting as JSON: a number, "per task" / "python", or null when unknown or not applicable.
QJsonValue settingValue(const SeriesSetting& setting)
{
    switch (setting.kind) {
    case SeriesSetting::Kind::Fixed:
        return setting.value;
    case SeriesSetting::Kind::PerTask:
        return QStringLiteral("per task");
    case SeriesSetting::Kind::PythonRule:
        return QStringLiteral("python");
    case SeriesSetting::Kind::NotApplicable:
    case SeriesSetting::Kind::Unknown:
        break;
    }
    return QJsonValue(QJsonValue::Null);
}

QJsonObject pointToJson(const TaskCountPoint& point)
{
    const SampleStats& s = point.stats;
    return {
        { QStringLiteral("tasks"), point.tasks },
        { QStringLiteral("mean"), number(s.mean) },
        { QStringLiteral("median"), number(s.median) },
        { QStringLiteral("stddev"), number(s.stddev) },
        { QStringLiteral("min"), number(s.min) },
        { QStringLiteral("max"), number(s.max) },
        { QStringLiteral("ci95"), QJsonArray { number(s.ciLow), number(s.ciHigh) } },
        { QStringLiteral("n"), int(point.seconds.size()) },
        { QStringLiteral("n_used"), s.count },
        { QStringLiteral("outliers"), s.outlierCount },
        { QStringLiteral("ideal"), number(point.idealSeconds) },
        { QStringLiteral("below_ideal"), point.belowIdeal },
        { QStringLiteral("peak_rss_kib"), number(point.peakRssKiB) },
        { QStringLiteral("workers_peak_rss_kib"), number(point.workersPeakRssKiB) },
    };
}

QJsonObject strategyToJson(const StrategyAnalysis& analysis)
{
    QJsonArray points;
    for (const TaskCountPoint& point : analysis.points)
        points.append(pointToJson(point));
    const QuadraticFit& fit = analysis.fit;
    const CostModel& model = analysis.model;
    // No OK run, no trendline: null rather than a line of zeros.
    const QJsonValue fitJson = fit.isValid() ? QJsonValue(QJsonObject { { QStringLiteral("a"), number(fit.a) },
                                   { QStringLiteral("b"), number(fit.b) }, { QStringLiteral("c"), number(fit.c) },
                                   { QStringLiteral("r2"), number(fit.r2) }, { QStringLiteral("degree"), fit.degree } })
                                             : QJsonValue();
    const QJsonValue articleJson = fit.isValid()
        ? QJsonValue(QJsonObject { { QStringLiteral("a"), number(fit.a * 1e4) },
            { QStringLiteral("b"), number(fit.b * 1e2) }, { QStringLiteral("c"), number(fit.c) } })
        : QJsonValue();
    const QString note = trendlineNote(fit);
    return {
        { QStringLiteral("strategy"), strategyName(analysis.strategy) },
        { QStringLiteral("runtime"), runtimeName(analysis.settings.runtime) },
        { QStringLiteral("threads"), settingValue(analysis.settings.threads) },
        { QStringLiteral("processes"), settingValue(analysis.settings.processes) },
        { QStringLiteral("chunksize"), settingValue(analysis.settings.chunksize) },
        { QStringLiteral("fit"), fitJson },
        { QStringLiteral("fit_note"), note.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(note) },
        { QStringLiteral("fit_article"), articleJson },
        { QStringLiteral("points"), points },
        { QStringLiteral("model"),
            // A model that could not be fitted has no y, o or R², not zeros.
            QJsonObject { { QStringLiteral("y"), model.valid ? number(model.y) : QJsonValue() },
                { QStringLiteral("o"), model.valid ? number(model.o) : QJsonValue() },
                { QStringLiteral("r2"), model.valid ? number(model.r2) : QJsonValue() },
                { QStringLiteral("valid"), model.valid }, { QStringLiteral("y_identified"), model.yIdentified },
                { QStringLiteral("runs"), model.runs }, { QStringLiteral("note"), model.note } } },
        // 0 workers: no run said how many (unknown, null).
        { QStringLiteral("workers"), analysis.workers > 0 ? QJsonValue(analysis.workers) : QJsonValue() },
        { QStringLiteral("workers_min"), analysis.workersMin > 0 ? QJsonValue(analysis.workersMin) : QJsonValue() },
        { QStringLiteral("workers_max"), analysis.workersMax > 0 ? QJsonValue(analysis.workersMax) : QJsonValue() },
        { QStringLiteral("ok_runs"), analysis.okRuns },
        { QStringLiteral("failed_runs"), analysis.failedRuns },
    };
}

// Unicode superscripts, so an exponent reads as 10⁻⁶ rather than e-06.
QString superscript(int exponent)
{
    static const char16_t digits[] = u"⁰¹²³⁴⁵⁶⁷⁸⁹";
    QString text = exponent < 0 ? QStringLiteral("⁻") : QString();
    for (QChar digit : QString::number(std::abs(exponent)))
        text += QChar(digits[digit.digitValue()]);
    return text;
}

// A coefficient's magnitude with `digits` significant digits: as it is between 0.01 and 10⁴ (fixed point in the
// scientific style, so that columns of them line up), else as m·10ᵉ in the style's notation.
QString coefficient(double magnitude, CoefficientStyle style, int digits)
{
    if (magnitude == 0)
        return QStringLiteral("0");
    int exponent = int(std::floor(std::log10(magnitude)));
    if (exponent >= -2 && exponent < (style == CoefficientStyle::Scientific ? 5 : 4)) {
        return style == CoefficientStyle::Scientific ? QString::number(magnitude, 'f', digits)
                                                     : QString::number(magnitude, 'g', digits);
    }
    if (style == CoefficientStyle::Scientific)
        return QString::number(magnitude, 'e', digits - 1);
    double mantissa = magnitude / std::pow(10.0, exponent);
    if (std::round(mantissa * std::pow(10.0, digits - 1)) >= std::pow(10.0, digits)) { // 9.9996 rounds up to 10
        mantissa /= 10;
        ++exponent;
    }
    return QString::number(mantissa, 'f', digits - 1) + QStringLiteral("×10") + superscript(exponent);
}

// "T = a·n² − b·n + c": the sign goes between the terms, as a reader writes it. `format` writes a magnitude, and
// `separator` goes between a coefficient and its power of the variable.
// A term whose largest contribution over the fitted range of n is below this fraction of the fit's own value is
// rounding noise of the fit, not a finding: an exact line's quadratic term comes out as 2.220e-16, which printed
// would read "− 2.220e-16·n²". Such terms are left out of the equation (the fit itself is not changed).
constexpr double noiseFraction = 1e-9;

struct Terms
{
    bool quadratic = true;
    bool linear = true;
    bool constant = true;
};

Terms significantTerms(const QuadraticFit& fit)
{
    Terms terms;
    terms.quadratic = fit.degree >= 2;
    terms.linear = fit.degree >= 1;
    if (!(fit.xMax > fit.xMin))
        return terms; // the range is unknown: every term is printed
    const double reach = std::max(std::abs(fit.xMin), std::abs(fit.xMax));
    const double quadratic = terms.quadratic ? std::abs(fit.a) * reach * reach : 0;
    const double linear = terms.linear ? std::abs(fit.b) * reach : 0;
    const double constant = std::abs(fit.c);
    const double value = std::max({ std::abs(fit.valueAt(fit.xMin)), std::abs(fit.valueAt(fit.xMax)),
        std::abs(fit.valueAt((fit.xMin + fit.xMax) / 2)) });
    const double largest = std::max({ quadratic, linear, constant });
    const double threshold = noiseFraction * value;
    // The largest term stays whatever the rest: an equation needs one.
    terms.quadratic = terms.quadratic && (quadratic >= threshold || quadratic == largest);
    terms.linear = terms.linear && (linear >= threshold || (linear == largest && !terms.quadratic));
    terms.constant = constant >= threshold || (!terms.quadratic && !terms.linear);
    return terms;
}

template<typename Format>
QString polynomial(const QString& lhs, const QString& var, const QString& separator, double a, double b, double c,
    Terms terms, Format format)
{
    QString text = lhs + QStringLiteral(" = ");
    bool first = true;
    const auto term = [&](double value, const QString& power) {
        if (first)
            text += value < 0 ? QStringLiteral("−") : QString();
        else
            text += value < 0 ? QStringLiteral(" − ") : QStringLiteral(" + ");
        text += format(std::abs(value)) + (power.isEmpty() ? QString() : separator + power);
        first = false;
    };
    if (terms.quadratic)
        term(a, var + QStringLiteral("²"));
    if (terms.linear)
        term(b, var);
    if (terms.constant)
        term(c, QString());
    return text;
}

bool hasFiniteCoefficients(const QuadraticFit& fit)
{
    return std::isfinite(fit.a) && std::isfinite(fit.b) && std::isfinite(fit.c);
}
} // namespace

QString secondsText(double seconds)
{
    return std::isfinite(seconds) ? QString::number(seconds, 'f', 3) : QStringLiteral("—");
}

QString runSecondsText(double seconds)
{
    return std::isfinite(seconds) ? QString::number(seconds, 'f', 4) : QStringLiteral("—");
}

QString idealRatioText(double seconds, double idealSeconds)
{
    const double ratio = seconds / idealSeconds;
    return idealSeconds > 0 && std::isfinite(ratio) ? QString::number(ratio, 'f', 3) : QStringLiteral("—");
}

QString millisecondsText(double seconds)
{
    return std::isfinite(seconds) ? QString::number(seconds * 1000, 'f', 1) : QStringLiteral("—");
}

QString r2Text(double r2)
{
    return std::isfinite(r2) ? QString::number(r2, 'f', 3) : QStringLiteral("—");
}

QString confidenceIntervalText(const SampleStats& stats)
{
    return std::isfinite(stats.ciLow) && std::isfinite(stats.ciHigh)
        ? QStringLiteral("%1 … %2").arg(secondsText(stats.ciLow), secondsText(stats.ciHigh))
        : QStringLiteral("—");
}

QString trendlineText(const QuadraticFit& fit, CoefficientStyle style, int digits)
{
    if (!hasFiniteCoefficients(fit))
        return QStringLiteral("—");
    return polynomial(QStringLiteral("T"), QStringLiteral("n"),
        style == CoefficientStyle::Scientific ? QStringLiteral("·") : QStringLiteral(" "), fit.a, fit.b, fit.c,
        significantTerms(fit), [style, digits](double v) { return coefficient(v, style, digits); });
}

QString articleTrendlineText(const QuadraticFit& fit)
{
    if (!hasFiniteCoefficients(fit))
        return QStringLiteral("—");
    return polynomial(QStringLiteral("y"), QStringLiteral("x"), QString(), fit.a * 1e4, fit.b * 1e2, fit.c,
        significantTerms(fit), [](double v) { return QString::number(v, 'f', 4); });
}

QString taskRangeText(const DecisionRow& row)
{
    return row.fromTasks == row.toTasks ? QString::number(row.fromTasks)
                                        : QStringLiteral("%1–%2").arg(row.fromTasks).arg(row.toTasks);
}

QString marginText(double fraction)
{
    if (!std::isfinite(fraction))
        return QStringLiteral("—");
    return QStringLiteral("%1%2 %").arg(fraction >= 0 ? QStringLiteral("+") : QString()).arg(fraction * 100, 0, 'f', 1);
}

QString predictionText(double seconds)
{
    return std::isfinite(seconds) ? QString::number(seconds, 'f', 3) + QStringLiteral(" s") : QStringLiteral("—");
}

QString belowIdealText(const TaskCountPoint& point)
{
    return QStringLiteral("impossible: %1 of %2 at %3 finished faster than the ideal bound of %4 s (a bad "
                          "calibration or a clock problem)")
        .arg(point.belowIdeal)
        .arg(countOf(point.seconds.size(), QStringLiteral("run"), QStringLiteral("runs")),
            countOf(point.tasks, QStringLiteral("task"), QStringLiteral("tasks")), secondsText(point.idealSeconds));
}

QString workersRangeText(const StrategyAnalysis& analysis)
{
    if (analysis.workersMax == 0)
        return QString();
    return analysis.workersMin == analysis.workersMax
        ? QString::number(analysis.workersMin)
        : QStringLiteral("%1–%2").arg(analysis.workersMin).arg(analysis.workersMax);
}

namespace {
QString tasksText(double tasks)
{
    return tasks >= 100 ? QString::number(tasks, 'f', 0) : QString::number(tasks, 'f', 1);
}

QString crossoverText(const AnalysisReport& report, const Crossover& crossover, double low)
{
    QString where = QStringLiteral("within the measured range");
    if (!crossover.withinMeasuredRange)
        where = crossover.tasks < low ? QStringLiteral("below the measured range, extrapolated")
                                      : QStringLiteral("beyond the measured range, extrapolated");
    if (!crossover.plausible)
        where += QStringLiteral("; implausible: the trendlines predict %1 there, below the ideal bound")
                     .arg(predictionText(crossover.seconds));
    return QStringLiteral("%1 tasks%2: %3 faster below, %4 faster above (%5)")
        .arg(tasksText(crossover.tasks), crossoverIntervalText(crossover), seriesName(report, crossover.fasterBefore),
            seriesName(report, crossover.fasterAfter), where);
}

// How the intervals were found, once per report: "95% intervals by bootstrap: 1000 resamples of the runs at each task
// count, seed 20240501".
QString bootstrapText(const AnalysisReport& report)
{
    if (report.crossovers.isEmpty() || report.crossovers.constFirst().resamples == 0)
        return QString();
    return QStringLiteral("95% intervals by bootstrap: %1 resamples of the runs at each task count, seed %2")
        .arg(report.crossovers.constFirst().resamples)
        .arg(report.crossovers.constFirst().seed);
}
} // namespace

QString crossoverIntervalText(const Crossover& crossover)
{
    if (crossover.resamples == 0)
        return QString();
    if (crossover.hasInterval())
        return QStringLiteral(", 95% interval %1 to %2").arg(tasksText(crossover.ciLow), tasksText(crossover.ciHigh));
    return QStringLiteral(", in doubt: the trendlines cross this way in only %1 of %2 resamples")
        .arg(crossover.crossingResamples)
        .arg(crossover.resamples);
}

namespace {

// The lines under a series' statistics that say what its data could not carry, or what cannot be.
QString seriesNotes(const StrategyAnalysis& analysis)
{
    QStringList notes;
    const QString fitNote = trendlineNote(analysis.fit);
    if (!analysis.points.isEmpty() && !fitNote.isEmpty())
        notes << fitNote;
    for (const TaskCountPoint& point : analysis.points) {
        if (point.belowIdeal > 0)
            notes << belowIdealText(point);
    }
    return notes.join(u'\n');
}

QStringList statisticsHeader()
{
    return { QStringLiteral("Tasks"), QStringLiteral("Runs"), QStringLiteral("Mean [s]"), QStringLiteral("Median [s]"),
        QStringLiteral("σ [s]"), QStringLiteral("Min [s]"), QStringLiteral("Max [s]"), QStringLiteral("95% CI [s]"),
        QStringLiteral("Outliers"), QStringLiteral("Ideal [s]") };
}

QStringList statisticsRow(const TaskCountPoint& point)
{
    const SampleStats& s = point.stats;
    QString runs = QString::number(s.count);
    if (s.count != point.seconds.size())
        runs += QStringLiteral("/%1").arg(point.seconds.size());
    return { QString::number(point.tasks), runs, secondsText(s.mean), secondsText(s.median), secondsText(s.stddev),
        secondsText(s.min), secondsText(s.max), confidenceIntervalText(s), QString::number(s.outlierCount),
        secondsText(point.idealSeconds) };
}

QStringList decisionHeader()
{
    return { QStringLiteral("Tasks"), QStringLiteral("Winner"), QStringLiteral("Leader"), QStringLiteral("Runner-up"),
        QStringLiteral("Margin") };
}

QStringList decisionRowCells(const AnalysisReport& report, const DecisionRow& row)
{
    return { taskRangeText(row), row.winner ? seriesName(report, *row.winner) : QStringLiteral("no clear winner"),
        seriesName(report, row.leader), row.runnerUp ? seriesName(report, *row.runnerUp) : QStringLiteral("—"),
        row.runnerUp ? marginText(row.margin) : QStringLiteral("—") };
}

QStringList articleHeader()
{
    return { QStringLiteral("Bottleneck"), QStringLiteral("Example"), QStringLiteral("Tasks"),
        QStringLiteral("Optimize with") };
}

QStringList articleRowCells(const ArticleDecisionRow& row)
{
    return { row.bottleneck, row.example, row.tasks, row.optimizeWith };
}

} // namespace

QString textTable(
    const QStringList& header, const QList<QStringList>& rows, const QList<bool>& rightAligned, const QString& indent)
{
    QList<qsizetype> widths(header.size(), 0);
    for (qsizetype c = 0; c < header.size(); ++c)
        widths[c] = header[c].size();
    for (const QStringList& row : rows) {
        for (qsizetype c = 0; c < row.size() && c < widths.size(); ++c)
            widths[c] = std::max(widths[c], row[c].size());
    }
    auto line = [&](const QStringList& cells) {
        QStringList padded;
        for (qsizetype c = 0; c < cells.size() && c < widths.size(); ++c) {
            const bool right = c < rightAligned.size() && rightAligned[c];
            padded.append(right ? cells[c].rightJustified(widths[c]) : cells[c].leftJustified(widths[c]));
        }
        QString text = indent + padded.join(QStringLiteral("  "));
        while (text.endsWith(u' '))
            text.chop(1);
        return text + u'\n';
    };
    QString text = line(header);
    for (const QStringList& row : rows)
        text += line(row);
    return text;
}

QString markdownTable(const QStringList& header, const QList<QStringList>& rows, const QList<bool>& rightAligned)
{
    auto escape = [](QString cell) { return cell.replace(u'|', QStringLiteral("\\|")); };
    QString text = QStringLiteral("|");
    for (const QString& cell : header)
        text += u' ' + escape(cell) + QStringLiteral(" |");
    text += QStringLiteral("\n|");
    for (qsizetype c = 0; c < header.size(); ++c)
        text += c < rightAligned.size() && rightAligned[c] ? QStringLiteral("---:|") : QStringLiteral("---|");
    text += u'\n';
    for (const QStringList& row : rows) {
        text += u'|';
        for (const QString& cell : row)
            text += u' ' + escape(cell) + QStringLiteral(" |");
        text += u'\n';
    }
    return text;
}

namespace {

QString title(const AnalysisReport& report)
{
    return QStringLiteral("%1; trendlines fitted to %2s, outliers %3")
        .arg(capitalized(reportGroupText(report)), fitTargetName(report.options.fitTo),
            report.options.dropOutliers ? QStringLiteral("dropped") : QStringLiteral("kept"));
}

// The report's own word on what it does not know: an incomplete sweep. Empty when there is nothing to say.
QString coverageLine(const AnalysisReport& report)
{
    const QString coverage = report.coverage.text();
    return coverage.isEmpty() ? QString() : coverage + QStringLiteral("; the statistics cover only these runs");
}

QJsonValue workloadValue(WorkloadKind workload)
{
    return workload == WorkloadKind::Unknown ? QJsonValue() : QJsonValue(workloadName(workload));
}

QJsonValue taskMsValue(int taskMs)
{
    return taskMs == TaskMsUnknown ? QJsonValue() : QJsonValue(taskMs);
}

std::pair<double, double> measuredRange(const AnalysisReport& report)
{
    double low = 0;
    double high = 0;
    bool any = false;
    for (const StrategyAnalysis& analysis : report.strategies) {
        if (analysis.points.isEmpty())
            continue;
        const double first = analysis.points.first().tasks;
        const double last = analysis.points.last().tasks;
        low = any ? std::min(low, first) : first;
        high = any ? std::max(high, last) : last;
        any = true;
    }
    return { low, high };
}

const QString articleCredit
    = QStringLiteral("From the article (Zac J. Szewczyk, \"Sequential Execution, Multiprocessing, and Multithreading "
                     "IO-Bound Tasks in Python\", 2020):");
} // namespace

QJsonValue articleAnswerJson(const AnalysisReport& report, const DecisionRow& row)
{
    const ArticleAnswer answer = articleAnswer(report, row);
    if (answer.bottleneck.isEmpty())
        return QJsonValue();
    return QJsonObject { { QStringLiteral("bottleneck"), answer.bottleneck },
        { QStringLiteral("optimize_with"), answer.advice },
        { QStringLiteral("agrees"), answer.agrees ? QJsonValue(*answer.agrees) : QJsonValue() } };
}

QJsonObject analysisToJson(const AnalysisReport& report)
{
    QJsonObject strategies;
    for (const StrategyAnalysis& analysis : report.strategies)
        strategies.insert(analysis.name, strategyToJson(analysis));

    QJsonArray crossovers;
    for (const Crossover& crossover : report.crossovers) {
        crossovers.append(QJsonObject { { QStringLiteral("faster_before"), seriesName(report, crossover.fasterBefore) },
            { QStringLiteral("faster_after"), seriesName(report, crossover.fasterAfter) },
            { QStringLiteral("tasks"), number(crossover.tasks) },
            { QStringLiteral("within_range"), crossover.withinMeasuredRange },
            { QStringLiteral("seconds"), number(crossover.seconds) },
            { QStringLiteral("plausible"), crossover.plausible },
            { QStringLiteral("ci95"),
                crossover.hasInterval() ? QJsonValue(QJsonArray { number(crossover.ciLow), number(crossover.ciHigh) })
                                        : QJsonValue() },
            { QStringLiteral("crossing_resamples"), crossover.crossingResamples } });
    }

    QJsonArray decision;
    for (const DecisionRow& row : report.decision) {
        decision.append(QJsonObject { { QStringLiteral("workload"), workloadValue(row.workload) },
            { QStringLiteral("task_ms"), taskMsValue(row.taskMs) },
            { QStringLiteral("runtime"), runtimeName(row.runtime) }, { QStringLiteral("from_tasks"), row.fromTasks },
            { QStringLiteral("to_tasks"), row.toTasks }, { QStringLiteral("winner"), seriesValue(report, row.winner) },
            { QStringLiteral("leader"), seriesName(report, row.leader) },
            { QStringLiteral("runner_up"), seriesValue(report, row.runnerUp) },
            { QStringLiteral("margin"), number(row.margin) },
            { QStringLiteral("article"), articleAnswerJson(report, row) } });
    }

    QJsonArray article;
    for (const ArticleDecisionRow& row : articleDecisionTable()) {
        article.append(
            QJsonObject { { QStringLiteral("bottleneck"), row.bottleneck }, { QStringLiteral("example"), row.example },
                { QStringLiteral("tasks"), row.tasks }, { QStringLiteral("optimize_with"), row.optimizeWith } });
    }

    return {
        { QStringLiteral("workload"), workloadValue(report.workload) },
        { QStringLiteral("task_ms"), taskMsValue(report.taskMs) },
        { QStringLiteral("group"), reportGroupText(report) },
        { QStringLiteral("complete"), report.coverage.isComplete() },
        { QStringLiteral("sweep_end"),
            report.coverage.ending.isEmpty() ? QJsonValue() : QJsonValue(report.coverage.ending) },
        { QStringLiteral("planned_runs"),
            report.coverage.plannedRuns > 0 ? QJsonValue(report.coverage.plannedRuns) : QJsonValue() },
        { QStringLiteral("present_runs"), report.coverage.presentRuns },
        { QStringLiteral("fit_to"), fitTargetName(report.options.fitTo) },
        { QStringLiteral("drop_outliers"), report.options.dropOutliers },
        { QStringLiteral("bootstrap"),
            QJsonObject { { QStringLiteral("resamples"), report.options.bootstrapResamples },
                { QStringLiteral("seed"), double(report.options.bootstrapSeed) } } },
        { QStringLiteral("strategies"), strategies },
        { QStringLiteral("crossovers"), crossovers },
        { QStringLiteral("decision"), decision },
        { QStringLiteral("article_decision"), article },
    };
}

QString reportHeadline(const AnalysisReport& report)
{
    const QString coverage = report.coverage.text();
    const QString group = reportGroupText(report);
    return coverage.isEmpty() ? group : QStringLiteral("%1; %2").arg(group, coverage);
}

QString analysisToText(const AnalysisReport& report)
{
    const QList<bool> statsAlign { true, true, true, true, true, true, true, true, true, true };
    QString text = title(report) + QStringLiteral("\n");
    if (const QString coverage = coverageLine(report); !coverage.isEmpty())
        text += capitalized(coverage) + QStringLiteral(".\n");

    for (const StrategyAnalysis& analysis : report.strategies) {
        QString workers = workersRangeText(analysis);
        if (workers.isEmpty())
            workers = QStringLiteral("unknown");
        else
            workers += analysis.workersMax == 1 ? QStringLiteral(" task") : QStringLiteral(" tasks");
        text += QStringLiteral("\n%1: %2, %3 not ok, w = %4 at once\n")
                    .arg(analysis.name)
                    .arg(countOf(analysis.okRuns, QStringLiteral("OK run"), QStringLiteral("OK runs")))
                    .arg(analysis.failedRuns)
                    .arg(workers);
        if (analysis.points.isEmpty()) {
            text += QStringLiteral("  no successful runs\n");
            continue;
        }
        QList<QStringList> rows;
        for (const TaskCountPoint& point : analysis.points)
            rows.append(statisticsRow(point));
        text += textTable(statisticsHeader(), rows, statsAlign, QStringLiteral("  "));
        const QString notes = seriesNotes(analysis);
        if (!notes.isEmpty())
            text += QStringLiteral("  ") + QString(notes).replace(u'\n', QStringLiteral("\n  ")) + u'\n';

        const QuadraticFit& fit = analysis.fit;
        if (fit.isValid()) {
            text += QStringLiteral("  Trendline:     %1   (R² = %2)\n").arg(trendlineText(fit), r2Text(fit.r2));
            text += QStringLiteral("  Article form:  %1   with x = n/100\n").arg(articleTrendlineText(fit));
        }
        const CostModel& model = analysis.model;
        if (model.valid) {
            text += QStringLiteral("  Cost model:    T = h·⌈n/w⌉ + (n/w)·y + o   y = %1 ms per dispatch, o = %2 ms "
                                   "fixed   (R² = %3)\n")
                        .arg(millisecondsText(model.y), millisecondsText(model.o), r2Text(model.r2));
            if (!model.note.isEmpty())
                text += QStringLiteral("                 %1\n").arg(model.note);
        }
    }

    const auto [low, high] = measuredRange(report);
    const QString bootstrap = bootstrapText(report);
    text += bootstrap.isEmpty() ? QStringLiteral("\nCrossovers of the trendlines\n")
                                : QStringLiteral("\nCrossovers of the trendlines (%1)\n").arg(bootstrap);
    const auto fitted = std::count_if(report.strategies.cbegin(), report.strategies.cend(),
        [](const StrategyAnalysis& analysis) { return analysis.fit.isValid(); });
    if (report.crossovers.isEmpty() && fitted < 2)
        text += fitted == 0 ? QStringLiteral("  none: no trendlines\n")
                            : QStringLiteral("  none: only one series has a trendline\n");
    else if (report.crossovers.isEmpty())
        text += QStringLiteral("  none up to %1 tasks\n").arg(tasksText(100 * high));
    for (const Crossover& crossover : report.crossovers)
        text += QStringLiteral("  at ") + crossoverText(report, crossover, low) + u'\n';

    text += QStringLiteral("\nDecision (lowest mean wins when its 95% CI is apart from the runner-up's and no "
                           "crossover's interval holds the task count)\n");
    QList<QStringList> decisionRows;
    for (const DecisionRow& row : report.decision)
        decisionRows.append(decisionRowCells(report, row));
    text += textTable(decisionHeader(), decisionRows, { false, false, false, false, true }, QStringLiteral("  "));

    text += u'\n' + articleCredit + u'\n';
    QList<QStringList> articleRows;
    for (const ArticleDecisionRow& row : articleDecisionTable())
        articleRows.append(articleRowCells(row));
    text += textTable(articleHeader(), articleRows, {}, QStringLiteral("  "));
    return text;
}

QString analysisToMarkdown(const AnalysisReport& report)
{
    const QList<bool> statsAlign { true, true, true, true, true, true, true, false, true, true };
    QString text = QStringLiteral("## ") + title(report) + QStringLiteral("\n");
    if (const QString coverage = coverageLine(report); !coverage.isEmpty())
        text += QStringLiteral("\n**") + capitalized(coverage) + QStringLiteral(".**\n");

    for (const StrategyAnalysis& analysis : report.strategies) {
        text += QStringLiteral("\n### %1\n\n").arg(analysis.name);
        QList<QStringList> rows;
        for (const TaskCountPoint& point : analysis.points)
            rows.append(statisticsRow(point));
        text += markdownTable(statisticsHeader(), rows, statsAlign);
        // In prose, each note a sentence of its own.
        for (const QString& note : seriesNotes(analysis).split(u'\n', Qt::SkipEmptyParts))
            text += u'\n' + capitalized(note) + QStringLiteral(".\n");
        if (analysis.fit.isValid()) {
            text += QStringLiteral("\nTrendline: `%1` (R² = %2); article form: `%3` with x = n/100.\n")
                        .arg(trendlineText(analysis.fit), r2Text(analysis.fit.r2), articleTrendlineText(analysis.fit));
        }
        if (analysis.model.valid) {
            text += QStringLiteral("Cost model: y = %1 ms per dispatch, o = %2 ms fixed (R² = %3).\n")
                        .arg(millisecondsText(analysis.model.y), millisecondsText(analysis.model.o),
                            r2Text(analysis.model.r2));
        }
        text += QStringLiteral("%1 OK runs, %2 not ok.\n").arg(analysis.okRuns).arg(analysis.failedRuns);
    }

    const double low = measuredRange(report).first;
    if (!report.crossovers.isEmpty()) {
        text += QStringLiteral("\n### Crossovers\n\n");
        if (const QString bootstrap = bootstrapText(report); !bootstrap.isEmpty())
            text += capitalized(bootstrap) + QStringLiteral(".\n\n");
        for (const Crossover& crossover : report.crossovers)
            text += QStringLiteral("- ") + crossoverText(report, crossover, low) + u'\n';
    }

    text += QStringLiteral("\n### Decision\n\n");
    QList<QStringList> decisionRows;
    for (const DecisionRow& row : report.decision)
        decisionRows.append(decisionRowCells(report, row));
    text += markdownTable(decisionHeader(), decisionRows, { false, false, false, false, true });

    text += u'\n' + articleCredit + QStringLiteral("\n\n");
    QList<QStringList> articleRows;
    for (const ArticleDecisionRow& row : articleDecisionTable())
        articleRows.append(articleRowCells(row));
    text += markdownTable(articleHeader(), articleRows, {});
    return text;
}

QString articleAnswerText(const ArticleAnswer& answer)
{
    return answer.bottleneck.isEmpty() ? QStringLiteral("(no row: neither CPU- nor IO-bound)")
                                       : QStringLiteral("%1: %2").arg(answer.bottleneck, answer.advice);
}

QString agreementText(const ArticleAnswer& answer)
{
    return !answer.agrees ? QStringLiteral("—") : *answer.agrees ? QStringLiteral("yes") : QStringLiteral("no");
}

namespace {
QStringList workloadDecisionHeader()
{
    return { QStringLiteral("Workload"), QStringLiteral("Tasks"), QStringLiteral("Measured winner"),
        QStringLiteral("Margin"), QStringLiteral("The article says"), QStringLiteral("Agrees") };
}

QList<QStringList> workloadDecisionRows(const QList<AnalysisReport>& reports)
{
    QList<QStringList> rows;
    for (const WorkloadDecisionRow& row : workloadDecisionTable(reports)) {
        const AnalysisReport& report = reports[row.report];
        const DecisionRow& band = row.band;
        const QString winner = band.winner
            ? seriesName(report, *band.winner)
            : QStringLiteral("no clear winner (%1 leads)").arg(seriesName(report, band.leader));
        rows.append({ reportGroupText(report), taskRangeText(band), winner,
            band.runnerUp ? marginText(band.margin) : QStringLiteral("—"), articleAnswerText(row.article),
            agreementText(row.article) });
    }
    return rows;
}

const QString workloadDecisionTitle
    = QStringLiteral("Decision per workload on this machine, beside the article's table (multiprocessing: processes; "
                     "multithreading: threads; both: blended)");
} // namespace

QString workloadDecisionToText(const QList<AnalysisReport>& reports)
{
    return workloadDecisionTitle + u'\n'
        + textTable(workloadDecisionHeader(), workloadDecisionRows(reports), { false, true, false, true, false, false },
            QStringLiteral("  "));
}

QString workloadDecisionToMarkdown(const QList<AnalysisReport>& reports)
{
    return QStringLiteral("## ") + workloadDecisionTitle + QStringLiteral("\n\n")
        + markdownTable(
            workloadDecisionHeader(), workloadDecisionRows(reports), { false, true, false, true, false, false });
}
