#pragma once

#include "analysis.h"

#include <QJsonObject>
#include <QString>

// The report as JSON:
// {"workload":"sleep","task_ms":2000,"fit_to":"mean","drop_outliers":false,
//  "strategies":{"threads":{"strategy":"threads","threads":"per task","processes":null,"chunksize":null,
//                           "fit":{"a":..,"b":..,"c":..,"r2":..,"degree":2},"fit_note":null,
//                           "points":[{"tasks":100,"mean":..,"median":..,"stddev":..,"min":..,"max":..,
//                                      "ci95":[lo,hi],"n":10,"outliers":1,"ideal":..,"below_ideal":0}],
//                           "model":{"y":..,"o":..,"r2":..},"ok_runs":..,"failed_runs":..}, ...},
//  "crossovers":[{"faster_before":"threads","faster_after":"blended","tasks":1234.5,"within_range":false,
//                 "seconds":2.9,"plausible":true}],
//  "decision":[{"workload":"sleep","task_ms":2000,"from_tasks":100,"to_tasks":400,"winner":"threads" or null,
//               "leader":"threads","runner_up":"blended" or null,"margin":0.12}],
//  "article_decision":[{"bottleneck":"IO","example":"...","tasks":"< 1,000","optimize_with":"Multithreading"}]}
// "strategies" is keyed by series name (see seriesNames(): "threads", or "processes C=8" where a strategy has more
// than one series); crossovers and decision rows name series the same way. A series' settings: "threads" is a
// number (threads T; for blended the cap T), "per task" (one thread per task; for blended per task of its share) or
// null; "processes" a number or null; "chunksize" a number, "python" or null. null means unknown (the file did not
// say) or not applicable to the strategy (threads of processes and sequential, processes of threads and sequential,
// chunksize of all but processes). "fit" is null and "fit_note" says why when there were fewer than 3 task counts;
// with 3 the fit is a line (degree 1) and "fit_note" says so. "below_ideal" counts the runs of a point that finished
// faster than its ideal bound, which is impossible. A crossover's "seconds" is what the trendlines give there, and
// "plausible" is false when that is below either series' ideal bound (or not above zero).
// Also present: per strategy "workers" and "fit_article" ({"a","b","c"} against x = n / 100); per point "n_used" (the
// values behind the statistics; less than "n" when outliers were dropped); in "model" "valid", "y_identified", "runs"
// and "note". Numbers that are not finite are written as null.
QJsonObject analysisToJson(const AnalysisReport& report);

// What a report is of, for a chart's title: "sleep workload, 100 ms per task", with the unknown said as unknown and,
// for an incomplete sweep, "; interrupted: 22 of 50 planned runs".
QString reportHeadline(const AnalysisReport& report);

// A plain-text report for a terminal: per series a statistics table, what its data could not carry (no trendline,
// a line instead of a quadratic) and any run faster than its ideal bound, the trendline (also in the article's
// x = n / 100 form) and the cost model; then crossovers, the decision table and the article's table.
QString analysisToText(const AnalysisReport& report);

// The statistics and decision tables as GitHub Markdown.
QString analysisToMarkdown(const AnalysisReport& report);

// The decision tables of several reports (workloads) in one, each band with what the article's table says for its
// workload's bottleneck and whether the measured winner agrees (articleAnswer()): text and Markdown.
QString workloadDecisionToText(const QList<AnalysisReport>& reports);
// "IO: Multithreading", or why the article has no row; "yes", "no", or "—" without a verdict.
QString articleAnswerText(const ArticleAnswer& answer);
QString agreementText(const ArticleAnswer& answer);
QString workloadDecisionToMarkdown(const QList<AnalysisReport>& reports);

// The number formats of the reports above, shared with the desktop tables so that a value reads the same in a
// terminal, in Markdown and in the window. Values that are not finite read "—", never "nan".
QString secondsText(double seconds); // "2.578": a statistic of a task count's runs
QString runSecondsText(double seconds); // "2.4839": one run's wall time
QString idealRatioText(double seconds, double idealSeconds); // "1.241"; "—" when the ideal is unknown (0)
QString millisecondsText(double seconds); // "905.8": the cost model's y and o
QString r2Text(double r2); // "0.836"
QString confidenceIntervalText(const SampleStats& stats); // "2.495 … 2.662"; "—" for fewer than two values
// How a trendline's coefficients are written: Scientific where text may be copied on ("2.367e-06·n²": terminals,
// Markdown, tables), Typeset where it is only read (the chart's legend: "2.367×10⁻⁶ n²").
enum class CoefficientStyle
{
    Scientific,
    Typeset,
};
// "T = 2.367e-06·n² − 6.553e-04·n + 2.4838"; `digits` significant digits for a coefficient below 0.01 or, typeset,
// any coefficient (fixed point coefficients from 0.01 keep `digits` decimals in the scientific style).
QString trendlineText(const QuadraticFit& fit, CoefficientStyle style = CoefficientStyle::Scientific, int digits = 4);
QString articleTrendlineText(const QuadraticFit& fit); // "y = 0.0237x² − 0.0655x + 2.4838", x = n / 100
QString taskRangeText(const DecisionRow& row); // "200–500", or "100" for a band of one task count
QString marginText(double fraction); // "+10.2 %"
QString workersRangeText(const StrategyAnalysis& analysis); // "8" or "100–900"; empty when w is unknown
QString predictionText(double seconds); // "0.412 s": a time a trendline predicts
// A table as text, columns padded to their widest cell, numeric columns (rightAligned) flush right, each line after
// `indent`; and as Markdown.
QString textTable(
    const QStringList& header, const QList<QStringList>& rows, const QList<bool>& rightAligned, const QString& indent);
QString markdownTable(const QStringList& header, const QList<QStringList>& rows, const QList<bool>& rightAligned);
// ", 95% interval 702 to 1020" after a crossover's task count; ", in doubt: the trendlines cross this way in only 812
// of 1000 resamples"; empty without a bootstrap.
QString crossoverIntervalText(const Crossover& crossover);
// "impossible: 3 of 10 runs at 4 tasks finished faster than the ideal bound of 0.080 s (a bad calibration or a clock
// problem)"
QString belowIdealText(const TaskCountPoint& point);
