"""The plain-Python peer of conlab-bench --python: the article's own pools with nothing of conlab around them, so that
the bench can tell what the harness adds to what CPython takes. Prints the seconds from the pool's creation to
map()'s return, the harness's definition of a run's time (the interpreter's start-up and the pool's teardown are left
out of both).

    python3 peer_pool.py threads N MS       ThreadPool(N).map(time.sleep, ...)
    python3 peer_pool.py processes C N MS   Pool(C).map(time.sleep, ...), Pool.map's own chunk size
"""

import sys
import time
from multiprocessing import Pool
from multiprocessing.pool import ThreadPool


def main():
    if len(sys.argv) == 4 and sys.argv[1] == "threads":
        workers, tasks, ms = int(sys.argv[2]), int(sys.argv[2]), int(sys.argv[3])
        make = ThreadPool
    elif len(sys.argv) == 5 and sys.argv[1] == "processes":
        workers, tasks, ms = int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
        make = Pool
    else:
        sys.exit("usage: python3 peer_pool.py threads N MS | processes C N MS")
    start = time.monotonic_ns()
    pool = make(workers)
    pool.map(time.sleep, [ms / 1000] * tasks)
    seconds = (time.monotonic_ns() - start) / 1e9
    pool.close()
    pool.join()
    print("%.4f" % seconds)


if __name__ == "__main__":
    main()
