#!/usr/bin/env python3
"""Writes a result CSV of N synthetic runs, as a long sweep leaves them, for timing `conlab analyze` and the window.

    python3 tests/bench/synthetic_runs.py 1000000 > big.csv

Four strategies over 40 task counts (10 .. 400), 100 ms sleep tasks, times near the ideal bound with a little noise;
the same rows every time (a fixed seed).
"""
import random
import sys


def main():
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 1000000
    rng = random.Random(9)
    out = sys.stdout
    out.write("strategy,workload,task_ms,tasks,threads,processes,chunksize,repeat,seconds,ideal_seconds,status,message\n")
    strategies = ("sequential", "threads", "processes", "blended")
    rows = []
    for i in range(count):
        strategy = strategies[i % 4]
        tasks = 10 * (1 + (i // 4) % 40)
        repeat = 1 + i // 160
        if strategy == "sequential":
            threads, processes, chunk, ideal = 1, 1, "1", tasks * 0.1
        elif strategy == "threads":
            threads, processes, chunk, ideal = tasks, 1, "1", 0.1
        elif strategy == "processes":
            threads, processes, chunk, ideal = 1, 2, "1", -(-tasks // 2) * 0.1
        else:
            threads, processes, chunk, ideal = -(-tasks // 2), 2, "1", 0.1
        seconds = ideal * (1.01 + 0.05 * rng.random()) + tasks * 1e-4
        rows.append(f"{strategy},sleep,100,{tasks},{threads},{processes},{chunk},{repeat},{seconds:.6f},{ideal:.1f},ok,\n")
        if len(rows) == 10000:
            out.write("".join(rows))
            rows.clear()
    out.write("".join(rows))


if __name__ == "__main__":
    main()
