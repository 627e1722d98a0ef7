#pragma once

#include "runresult.h"

// Where a sweep's finished runs go as they finish, before anyone hears of them: the journal (JournalSink in
// sweepsession.h), and later whatever else must see every run (a live analysis, a remote collector).
//
// SweepRunner calls runFinished() on its background thread, once per run in the order the runs ran, before it emits
// runFinished() for that run: a run any face has heard of has already reached every sink. A sink must therefore be
// safe to call from that thread and should return soon: the next run waits for it (its time is not measured).
class RunSink
{
public:
    virtual ~RunSink() = default;
    virtual void runFinished(int index, const RunResult& result) = 0;
};
