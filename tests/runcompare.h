#pragma once

// Runs compared field by field, so that a failure names the field: what a file or a journal gave back against what
// went in. Start times and traces only `withTraces`: a CSV file keeps neither. Call it from a test function and
// return if QTest::currentTestFailed().

#include "runresult.h"

#include <QList>
#include <QTest>

inline void compareRuns(const QList<RunResult>& actual, const QList<RunResult>& expected, bool withTraces = true)
{
    QCOMPARE(actual.size(), expected.size());
    for (qsizetype i = 0; i < actual.size(); ++i) {
        QCOMPARE(actual[i].spec, expected[i].spec);
        QCOMPARE(actual[i].status, expected[i].status);
        QCOMPARE(actual[i].message, expected[i].message);
        QCOMPARE(actual[i].seconds, expected[i].seconds);
        QCOMPARE(actual[i].idealSeconds, expected[i].idealSeconds);
        if (withTraces) {
            QCOMPARE(actual[i].startNs, expected[i].startNs);
            QCOMPARE(actual[i].traces, expected[i].traces);
        }
    }
}
