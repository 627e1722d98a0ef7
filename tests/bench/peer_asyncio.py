"""The Python asyncio peer of conlab-bench --async: n sleeps of ms milliseconds gathered at once, as the async
strategy's sleep tasks are. Prints "seconds peak_rss_kib" on one line; the time covers creating and awaiting the
sleeps, not the interpreter's start-up, as the async strategy's covers its run and not the tool's.

    python3 peer_asyncio.py N MS
"""

import asyncio
import resource
import sys
import time


async def sleep_all(n, seconds):
    """The wall time of the gather, in seconds."""
    start = time.monotonic_ns()
    await asyncio.gather(*(asyncio.sleep(seconds) for _ in range(n)))
    return (time.monotonic_ns() - start) / 1e9


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: python3 peer_asyncio.py N MS")
    n, ms = int(sys.argv[1]), int(sys.argv[2])
    seconds = asyncio.run(sleep_all(n, ms / 1000))
    # On Linux ru_maxrss is in KiB.
    print(f"{seconds:.4f} {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}")


if __name__ == "__main__":
    main()
