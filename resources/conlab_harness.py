"""Concurrency Lab's python runtime: runs one run's tasks in CPython, written the way a Python user writes them.

The engine starts `python3 -I conlab_harness.py` once per run, as the leader of a process group of its own, sends the
run's spec on stdin and reads the result and one trace per task on stdout. The curve measured is CPython's own: its
ThreadPool's chunking, its Pool's pickling, its GIL. `python3 -I conlab_harness.py --calibrate` instead prints
`C <iterations_per_ms>`, the speed of the cpu workload's loop on this interpreter, and exits.

Protocol, version 1
-------------------
Every line on stdout is one os.write() of under 4096 bytes ending in "\\n", so lines from several processes and threads
never mix on the pipe. Nothing else is written to stdout. Fields are separated by single spaces; a message is the rest
of its line, with control characters escaped (\\n, \\t, \\r, \\xNN) so that it stays one line. Times are
time.monotonic_ns(), the engine's CLOCK_MONOTONIC.

  H 1 <python_version> <pid>   at once, from the harness's main process.
  E failed python3 <version> is too old: the python runtime needs 3.9 or newer
                               then, on an interpreter older than 3.9, and the main P line (below); exit 0.

The harness reads one line from stdin: a JSON object.

  {"protocol":1, "strategy":"threads", "workload":"sleep", "tasks":100, "threads":100, "processes":1,
   "chunksize":null, "task_ms":100, "cpu_ms":0, "cpu_iterations_per_ms":12345, "bytes":1048576, "fsync":false,
   "dir":"", "argv":["sh","-c","echo {}"], "server_port":40123}

  Every key is required, whatever the strategy and workload; unknown keys are ignored.
  strategy     sequential | threads | processes | blended | async
  workload     sleep | cpu | mixed | file | net | command
  tasks        whole number >= 1
  threads      >= 1: threads' ThreadPool size; blended: the cap per process, ThreadPool(min(threads, len(share)))
  processes    >= 1 for processes and blended (the Pool size); async: 0 runs one event loop in the harness's
               process, C > 0 a Pool(C) whose workers each asyncio.run their contiguous share of ceil(tasks / C)
  chunksize    processes only: a whole number K >= 1, or null for Pool.map's own rule
  task_ms, cpu_ms, cpu_iterations_per_ms (>= 1), bytes (>= 1), fsync (true/false), dir ("" for $TMPDIR or /tmp),
  argv         command: the command's words, already split; every "{}" in a word stands for the task number
  server_port  net: the latency server on 127.0.0.1 (0 when there is none: net tasks then fail)

  A spec that cannot be used ends the run at once with one of these, then the main P line:
  E failed the spec is not JSON: <reason>          E failed the spec is not a JSON object
  E failed no spec: stdin ended before a line      E failed protocol <n> is not 1
  E failed the spec's "<key>" is missing: expected <what>
  E failed the spec's "<key>" is <json value>: expected <what>

Then, from the main process unless said otherwise:

  B <ns>      right before the pool (or the event loop) is created; sequential: right before the first task.
  T <task> <worker> <pid> <tid> <start_ns> <end_ns> <peak_rss_kib>
              for each task that ended successfully, from the process that ran it: at once, or, in a process
              running a ThreadPool (threads, a blended worker), all of them once its map has returned (a blended
              worker's before its P line; threads' before E, whose time is taken first). worker: sequential and
              async in one loop 0; threads: the pool's threads numbered 0, 1, 2... in the order they first ran a
              task; processes, blended, async with C > 0: the pool worker's index (0 .. C-1). tid is
              threading.get_native_id(); peak_rss_kib is ru_maxrss of the task's process (read through
              RUSAGE_THREAD, see run_task()). async: the task's time is its coroutine's, written from the loop's
              thread (a file task's to_thread wait included).
  E ok <ns>   the strategy's map (or gather) has returned with every result.
  E refused <message>   or   E failed <message>
              instead of E ok, once: the run did not complete. Messages:
                task <k> failed: <message>        task <k> was refused: <message>   (the first failure seen)
                thread limit: the OS refused thread <k> of <T> in process <pid> (RuntimeError: can't start new thread;
                  ulimit -u <soft>)               k counts the pool's Thread.start() calls from 1, so k > T when one of
                                                  the pool's own helper threads was refused
                thread limit: the OS refused a thread in process <pid> after its <n> threads (RuntimeError: ...;
                  ulimit -u <soft>)               a thread outside the harness's thread pools (asyncio.to_thread's)
                process limit: the OS refused worker process <k> of <C> (<strerror>; ulimit -u <soft>)
                file descriptor limit (ulimit -n): could not open the pipes of worker process <k> of <C> (<strerror>;
                  ulimit -n <soft>)
                memory limit: could not start worker process <k> of <C> (<strerror>)
                <ExceptionType>: <message>        anything else
  P <pid> <threads_started> <processes_started> <peak_rss_kib>
              a process's summary: the threads whose Thread.start() succeeded in it after the spec was read (pool
              helper threads included, the stdin watcher not), the processes it started (pool workers and command
              children), its ru_maxrss. Each blended and async (C > 0) worker writes one when a share of its is
              done, each processes worker when it exits at the pool's close; counts are totals for that process so
              far, so the last P of a pid is the one to keep. The main process writes its P after every E, after
              tearing the pool down (close and join; after a failure it kills its pool workers instead of joining),
              and exits 0: its P (the pid of H) is the last line of every run.

Task failures are worded like the native engine's (core/exec/workloads/*.cpp), refusals naming the limit met:
`open-file limit: ... (EMFILE, ulimit -n 1024)`, `process limit: the OS refused a process for the command (EAGAIN,
ulimit -u 60)`. A command that exits non-zero fails as `exit code 3: last line of stderr: "..."` or
`killed by signal 9 (SIGKILL)`, as describeExit() in core/exec/childprocess.cpp.

Cancelling: the engine sends SIGKILL to the harness's process group; pool workers and command children stay in that
group (the fork start method, no setsid). A daemon thread reads stdin to its end: when the engine is gone (stdin
closed) and the harness leads its process group, it kills the group, so nothing outlives the engine. The engine keeps
stdin open until the main P line, then. Started by hand in a shell's group (`echo SPEC | python3 ...`), the harness
leaves its group alone and an early end of stdin does nothing.

Standard library only. The file parses under Python 3.6 so that an old interpreter gets the "too old" line, not a
SyntaxError.
"""

import errno
import itertools
import json
import multiprocessing.process
import os
import platform
import resource
import signal
import sys
import threading
from resource import RUSAGE_SELF, RUSAGE_THREAD, getrusage

PROTOCOL = 1
OLDEST_PYTHON = (3, 9)

STRATEGIES = ("sequential", "threads", "processes", "blended", "async")
WORKLOADS = ("sleep", "cpu", "mixed", "file", "net", "command")

# A pipe write of at most PIPE_BUF (4096 on Linux) bytes is atomic; a longer message is cut to stay under it.
LINE_BYTES = 4096
# Files are written and read in chunks of this size, as the native file workload does.
FILE_CHUNK_BYTES = 64 * 1024
# Net tasks spread their connections over 127.0.0.1 .. 127.0.0.64 (core/exec/latencyserver.h says why).
SOURCE_ADDRESSES = 64
# Linux's IP_BIND_ADDRESS_NO_PORT: the source port is picked at connect(), knowing the destination. Python 3.9's socket
# module does not name it.
BIND_ADDRESS_NO_PORT = 24
# How much of a command's last stderr line a failure shows, as describeExit() does.
SHOWN_LINE_BYTES = 200


CONTROL_ESCAPES = {code: "\\x%02x" % code for code in list(range(32)) + [127]}
CONTROL_ESCAPES.update({ord("\n"): "\\n", ord("\t"): "\\t", ord("\r"): "\\r"})


def write_line(text):
    """Writes one protocol line in one system call, escaped and cut so that it is one line under LINE_BYTES."""
    data = text.translate(CONTROL_ESCAPES).encode("utf-8", "backslashreplace")
    if len(data) >= LINE_BYTES:
        data = data[: LINE_BYTES - 8].decode("utf-8", "ignore").encode("utf-8") + b"..."
    os.write(1, data + b"\n")


def soft_limit_text(which, command):
    """A soft limit as the shell command that shows it, as softLimitText() in core/exec/oserror.cpp."""
    soft = resource.getrlimit(which)[0]
    return "%s %s" % (command, "unlimited" if soft == resource.RLIM_INFINITY else soft)


def process_limit_text():
    return soft_limit_text(resource.RLIMIT_NPROC, "ulimit -u")


def file_limit_text():
    return soft_limit_text(resource.RLIMIT_NOFILE, "ulimit -n")


def errno_description(number):
    """strerror and the errno's name, as errnoDescription() in core/exec/oserror.cpp: "No such file or directory
    (ENOENT)"."""
    return "%s (%s)" % (os.strerror(number), errno.errorcode.get(number, str(number)))


class TaskError(Exception):
    """A task that did not complete: kind is "failed" or "refused". Plain arguments, so it crosses a Pool's pipe."""

    def __init__(self, kind, task, message):
        Exception.__init__(self, kind, task, message)
        self.kind = kind
        self.task = task
        self.message = message


class RunRefusal(Exception):
    """A refusal met in a pool worker (a thread or process the OS would not start there), carried to the main process,
    whose report it becomes whatever exception CPython raised around it."""

    def __init__(self, kind, message):
        Exception.__init__(self, kind, message)
        self.kind = kind
        self.message = message


class ProcessState:
    """What one process counts for its P line, and the refusal it met. A pool worker starts afresh (reset())."""

    def __init__(self):
        self.reset()

    def reset(self):
        self.lock = threading.Lock()
        self.counting = False
        self.threads_started = 0
        self.processes_started = 0
        self.started_processes = []
        self.process_pools = []
        # [size, started] of the pool being created, so that a refusal can say which of its threads or processes it
        # was: CPython raises from the pool's own cleanup (AttributeError in 3.11's ThreadPool) rather than the cause.
        self.thread_pool = None
        self.process_pool = None
        self.refusal = None
        self.worker_index = 0
        # A thread's "<worker> <pid> <tid>" by threading.get_ident(), made on its first task: a dict and not a
        # threading.local, whose look-up that fails the first time in each thread raises AttributeError, and 1,000
        # pool threads woken together raising it took ThreadPool(1000).map of 1,000 sleeps of 100 ms from 0.37 s to
        # 0.49 s (medians of 6 on the 2-core VM). Afresh in a pool worker: get_ident() values are reused after fork().
        self.identities = {}
        self.thread_numbers = itertools.count()  # next() is atomic under the GIL
        self.ended = False
        self.stopping = False
        self.finished = False
        self.held_traces = None  # a list while hold_traces() keeps them


state = ProcessState()
original_thread_start = threading.Thread.start


def counted_thread_start(thread):
    try:
        original_thread_start(thread)
    except RuntimeError as error:
        if "can't start new thread" in str(error):
            record_thread_refusal(error)
        raise
    if state.counting:
        with state.lock:
            state.threads_started += 1
            if state.thread_pool is not None:
                state.thread_pool[1] += 1


def record_thread_refusal(error):
    if state.refusal is not None:
        return
    reason = "(RuntimeError: %s; %s)" % (error, process_limit_text())
    if state.thread_pool is not None:
        size, started = state.thread_pool
        message = "thread limit: the OS refused thread %d of %d in process %d %s" % (
            started + 1,
            size,
            os.getpid(),
            reason,
        )
    else:
        message = "thread limit: the OS refused a thread in process %d after its %d threads %s" % (
            os.getpid(),
            state.threads_started,
            reason,
        )
    state.refusal = ("refused", message)


def counted_process_start(process):
    if state.stopping:
        # A replacement for a worker that end_after_failure() killed would hold the engine's pipes open after the
        # harness exits; should a pool's worker handler try one all the same, it is left unstarted.
        return
    try:
        original_process_start(process)
    except OSError as error:
        record_process_refusal(error)
        raise
    if state.counting:
        with state.lock:
            state.processes_started += 1
            state.started_processes.append(process)
            if state.process_pool is not None:
                state.process_pool[1] += 1


def record_process_refusal(error):
    if state.refusal is not None or state.process_pool is None:
        return
    size, started = state.process_pool
    which = "worker process %d of %d (%s" % (started + 1, size, os.strerror(error.errno or 0))
    if error.errno == errno.EAGAIN:
        state.refusal = ("refused", "process limit: the OS refused %s; %s)" % (which, process_limit_text()))
    elif error.errno in (errno.EMFILE, errno.ENFILE):
        state.refusal = (
            "refused",
            "file descriptor limit (ulimit -n): could not open the pipes of %s; %s)" % (which, file_limit_text()),
        )
    elif error.errno == errno.ENOMEM:
        state.refusal = ("refused", "memory limit: could not start %s)" % which)
    else:
        state.refusal = ("failed", "could not start %s)" % which)


# Wrapped before any pool exists, so that every pool's threads and processes, CPython's own helpers included, are
# counted where they start.
threading.Thread.start = counted_thread_start
original_process_start = multiprocessing.process.BaseProcess.start
multiprocessing.process.BaseProcess.start = counted_process_start


# The run's settings and its task function, set by configure() in the main process and in each pool worker.
spec = {}
run_work = None
run_async_work = None
worker_of_task = None


def run_task(task):
    """One task in a pool or a loop, timed and traced. Its cost beyond the work: two clock reads, a dict
    look-up, one getrusage and one write, or in a thread pool's process a list append (see hold_traces()). In a pool
    of many threads woken together that cost is paid in line, one task after another holding the GIL, so it is kept
    to one system call there.

    The peak RSS is the process's all the same: Linux answers ru_maxrss from the process's memory map for
    RUSAGE_THREAD as for RUSAGE_SELF. RUSAGE_SELF would also sum every thread's CPU times under the process's signal
    lock: 50 us a call with 1,000 threads alive instead of 1.5 us."""
    start = monotonic_ns()
    run_work(task)
    record_trace(task, start, monotonic_ns())


def record_trace(task, start, end):
    """The task's T line from the thread that ran it: written at once, or held (hold_traces())."""
    identity = state.identities.get(get_ident())
    if identity is None:
        identity = thread_identity()
    line = b"T %d %s %d %d %d\n" % (task, identity, start, end, getrusage(RUSAGE_THREAD).ru_maxrss)
    held = state.held_traces
    if held is None:
        write_trace(line)
    else:
        held.append(line)


async def run_async_task(task):
    start = monotonic_ns()
    await run_async_work(task)
    record_trace(task, start, monotonic_ns())


def trace_writer():
    """A trace's write where it is written at once (a loop, a Pool worker, an event loop): write(2) through
    ctypes.PyDLL, which keeps the GIL for the call where os.write releases it and must take it again behind every
    other runnable thread (asyncio.to_thread's, a command task's). A line is under PIPE_BUF, so the call is short
    unless the engine stops reading. Without ctypes, and to report an error (or finish after a signal) the usual way,
    os.write. A ThreadPool's process holds its lines instead (hold_traces()): there even this write, 1,000 times in
    line, lengthened ThreadPool(1000).map of 1,000 sleeps of 100 ms from 139 to 194 ms (medians of 12 on the VM)."""
    try:
        import ctypes

        write = ctypes.PyDLL(None).write
    except (ImportError, OSError, AttributeError):
        return lambda data: os.write(1, data)
    write.argtypes = (ctypes.c_int, ctypes.c_char_p, ctypes.c_size_t)
    write.restype = ctypes.c_ssize_t

    def write_holding_the_gil(data):
        written = write(1, data, len(data))
        if written != len(data):
            os.write(1, data[max(0, written) :])

    return write_holding_the_gil


def hold_traces():
    """From here on, this process keeps its trace lines until write_held_traces(). A ThreadPool's threads woken
    together each take the GIL in turn to finish their task; a write there, even one holding the GIL, lengthened
    ThreadPool(1000).map of 1,000 sleeps of 100 ms by a fifth on the 2-core VM, an append does not."""
    state.held_traces = []


def write_held_traces():
    """Writes the lines hold_traces() kept, whole lines under LINE_BYTES a write so that they never mix with another
    process's, and writes them at once again from then on."""
    held, state.held_traces = state.held_traces, None
    if not held:
        return
    batch = []
    size = 0
    for line in held:
        if size + len(line) >= LINE_BYTES and batch:
            os.write(1, b"".join(batch))
            batch = []
            size = 0
        batch.append(line)
        size += len(line)
    os.write(1, b"".join(batch))


def thread_identity():
    """The calling thread's "<worker> <pid> <tid>" fields, made on its first task and kept: getpid() and gettid() are
    system calls, 2 us each on the VM measured."""
    identity = b"%d %d %d" % (worker_of_task(), os.getpid(), get_native_id())
    state.identities[get_ident()] = identity
    return identity


def guarded(work):
    """Turns an unexpected exception in a task into that task's failure, so the report names the task and the
    exception crosses a Pool's pipe as plain text; a thread the OS refused in the task stays a refusal."""

    def guarded_work(task):
        try:
            work(task)
        except TaskError:
            raise
        except Exception as error:
            raise task_exception(task, error) from None

    return guarded_work


def guarded_async(work):
    async def guarded_work(task):
        try:
            await work(task)
        except TaskError:
            raise
        except Exception as error:
            raise task_exception(task, error) from None

    return guarded_work


def task_exception(task, error):
    if state.refusal is not None:
        return RunRefusal(*state.refusal)
    return TaskError("failed", task, "%s: %s" % (type(error).__name__, error))


# --- workloads -------------------------------------------------------------------------------------------------------


def spin(iterations, seed):
    """The cpu workload's loop: a 64-bit LCG step per iteration, pure Python, so it holds the GIL as user code does."""
    x = seed
    for _ in range(iterations):
        x = (x * 6364136223846793005 + 1442695040888963407) & 0xFFFFFFFFFFFFFFFF
    return x


def sleep_work(task):
    time.sleep(spec["task_ms"] / 1000)


async def sleep_async_work(task):
    await asyncio.sleep(spec["task_ms"] / 1000)


def cpu_work(task):
    spin(spec["cpu_iterations_per_ms"] * spec["task_ms"], task + 1)


async def cpu_async_work(task):
    cpu_work(task)


def mixed_work(task):
    spin(spec["cpu_iterations_per_ms"] * spec["cpu_ms"], task + 1)
    time.sleep(spec["task_ms"] / 1000)


async def mixed_async_work(task):
    spin(spec["cpu_iterations_per_ms"] * spec["cpu_ms"], task + 1)
    await asyncio.sleep(spec["task_ms"] / 1000)


def file_chunk(task, offset, size):
    """The bytes of task's file at offset: stamped with the task and the offset, so a file read back from another task
    or a chunk out of place does not pass the check; built by repetition, so it costs a copy, not a Python loop."""
    stamp = b"conlab %d %d\n" % (task, offset)
    return (stamp * (size // len(stamp) + 1))[:size]


def io_failure(task, error, what, path):
    number = error.errno
    if number == errno.EMFILE:
        return TaskError(
            "refused",
            task,
            "open-file limit: the OS refused a descriptor for %s (EMFILE, %s)" % (path, file_limit_text()),
        )
    if number == errno.ENFILE:
        return TaskError(
            "refused",
            task,
            "system-wide open-file limit (fs.file-max): the OS refused a descriptor for %s (ENFILE)" % path,
        )
    if number == errno.ENOSPC:
        return TaskError("failed", task, "disk full: %s %s: %s" % (what, path, errno_description(number)))
    if number == errno.EDQUOT:
        return TaskError("failed", task, "disk quota exceeded: %s %s: %s" % (what, path, errno_description(number)))
    if number is None:
        return TaskError("failed", task, "%s %s: %s" % (what, path, error))
    return TaskError("failed", task, "%s %s: %s" % (what, path, errno_description(number)))


def file_work(task):
    directory = spec["dir"] or os.environ.get("TMPDIR") or "/tmp"
    try:
        fd, path = tempfile.mkstemp(prefix="conlab-file-%d-" % task, dir=directory)
    except OSError as error:
        raise io_failure(task, error, "could not create a file in", directory) from None
    try:
        # Removed at once: a task killed with its process (a cancel) leaves nothing behind.
        os.unlink(path)
        size = spec["bytes"]
        offset = 0
        while offset < size:
            chunk = memoryview(file_chunk(task, offset, min(FILE_CHUNK_BYTES, size - offset)))
            while chunk:
                try:
                    written = os.pwrite(fd, chunk, offset)
                except OSError as error:
                    raise io_failure(task, error, "could not write", path) from None
                if written == 0:
                    raise io_failure(task, OSError(errno.ENOSPC, ""), "could not write", path)
                chunk = chunk[written:]
                offset += written
        if spec["fsync"]:
            try:
                os.fsync(fd)
            except OSError as error:
                raise io_failure(task, error, "could not flush (fsync)", path) from None
        offset = 0
        while offset < size:
            wanted = min(FILE_CHUNK_BYTES, size - offset)
            try:
                got = os.pread(fd, wanted, offset)
            except OSError as error:
                raise io_failure(task, error, "could not read back", path) from None
            if len(got) != wanted:
                raise TaskError("failed", task, "read back %d of %d bytes of %s" % (offset + len(got), size, path))
            if got != file_chunk(task, offset, wanted):
                raise TaskError(
                    "failed",
                    task,
                    "the bytes read back from %s differ from those written, in the 64 KiB from byte %d"
                    % (path, offset),
                )
            offset += wanted
    finally:
        os.close(fd)


async def file_async_work(task):
    await asyncio.to_thread(file_work, task)


def socket_failure(task, error, what):
    port = spec["server_port"]
    number = error.errno
    if number == errno.EMFILE:
        return TaskError("refused", task, "open-file limit: the OS refused a socket (EMFILE, %s)" % file_limit_text())
    if number == errno.ENFILE:
        return TaskError(
            "refused", task, "system-wide open-file limit (fs.file-max): the OS refused a socket (ENFILE)"
        )
    if number == errno.EADDRNOTAVAIL:
        return TaskError(
            "refused",
            task,
            "local port limit: no free port to connect from (EADDRNOTAVAIL, net.ipv4.ip_local_port_range)",
        )
    if number in (errno.ENOBUFS, errno.ENOMEM):
        return TaskError(
            "refused", task, "memory limit: the OS refused a socket's buffers (%s)" % errno_description(number)
        )
    if number == errno.ECONNREFUSED:
        return TaskError("failed", task, "the latency server on 127.0.0.1:%d refused the connection" % port)
    described = errno_description(number) if number is not None else str(error)
    return TaskError("failed", task, "%s 127.0.0.1:%d: %s" % (what, port, described))


def bound_socket(task):
    """A socket bound to the task's source address, its port left to connect()."""
    if spec["server_port"] <= 0:
        raise TaskError("failed", task, "no latency server: the net workload runs in a sweep, which starts one")
    try:
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    except OSError as error:
        raise socket_failure(task, error, "could not open a socket to") from None
    try:
        sock.setsockopt(socket.IPPROTO_IP, BIND_ADDRESS_NO_PORT, 1)
        sock.bind(("127.0.0.%d" % (1 + task % SOURCE_ADDRESSES), 0))
    except OSError as error:
        sock.close()
        raise socket_failure(task, error, "could not bind a socket to connect to") from None
    return sock


def check_answer(task, answer):
    """answer: what the server sent up to and including its first newline, or without one when it closed first."""
    port = spec["server_port"]
    if not answer.endswith(b"\n"):
        if len(answer) > 1024:
            raise TaskError("failed", task, "the latency server's answer has no end of line")
        raise TaskError(
            "failed", task, "the latency server on 127.0.0.1:%d closed the connection before answering" % port
        )
    if answer != b"K\n":
        line = answer[:-1][:SHOWN_LINE_BYTES].decode("utf-8", "backslashreplace")
        raise TaskError("failed", task, "the latency server answered '%s'" % line)


def net_work(task):
    sock = bound_socket(task)
    try:
        try:
            sock.connect(("127.0.0.1", spec["server_port"]))
        except OSError as error:
            raise socket_failure(task, error, "could not connect to") from None
        try:
            sock.sendall(b"W %d\n" % spec["task_ms"])
        except OSError as error:
            raise socket_failure(task, error, "could not send the request to") from None
        answer = b""
        while b"\n" not in answer and len(answer) <= 1024:
            try:
                got = sock.recv(256)
            except OSError as error:
                raise socket_failure(task, error, "lost the connection to") from None
            if not got:
                break
            answer += got
        check_answer(task, answer[: answer.find(b"\n") + 1] if b"\n" in answer else answer)
    finally:
        sock.close()


async def net_async_work(task):
    sock = bound_socket(task)
    sock.setblocking(False)
    try:
        await asyncio.get_running_loop().sock_connect(sock, ("127.0.0.1", spec["server_port"]))
    except OSError as error:
        sock.close()
        raise socket_failure(task, error, "could not connect to") from None
    reader, writer = await asyncio.open_connection(sock=sock)
    try:
        writer.write(b"W %d\n" % spec["task_ms"])
        try:
            await writer.drain()
        except OSError as error:
            raise socket_failure(task, error, "could not send the request to") from None
        try:
            answer = await reader.readline()
        except ValueError:
            # readline()'s answer to a line longer than the stream's limit (64 KiB)
            answer = b"-" * 1025
        except OSError as error:
            raise socket_failure(task, error, "lost the connection to") from None
        check_answer(task, answer)
    finally:
        writer.close()


def command_argv(task):
    number = str(task)
    return [word.replace("{}", number) for word in spec["argv"]]


def spawn_failure(task, error, program):
    number = error.errno
    if number == errno.EAGAIN:
        return TaskError(
            "refused",
            task,
            "process limit: the OS refused a process for the command (EAGAIN, %s)" % process_limit_text(),
        )
    if number == errno.EMFILE:
        return TaskError(
            "refused",
            task,
            "open-file limit: the OS refused the descriptors of the command's stderr (EMFILE, %s)"
            % file_limit_text(),
        )
    if number == errno.ENFILE:
        return TaskError(
            "refused", task, "system-wide open-file limit (fs.file-max): the OS refused a descriptor (ENFILE)"
        )
    if number == errno.ENOMEM:
        return TaskError("refused", task, "memory limit: the OS could not start the command (ENOMEM)")
    if number == errno.ENOENT:
        return TaskError("failed", task, "command not found: '%s'" % program)
    described = errno_description(number) if number is not None else str(error)
    return TaskError("failed", task, "could not start '%s': %s" % (program, described))


def last_stderr_line(data):
    """The last line with something on it, as ChildProcess::lastLine() keeps it (a trailing \\r dropped)."""
    for line in reversed(data.split(b"\n")):
        if line.endswith(b"\r"):
            line = line[:-1]
        if line:
            return line
    return b""


def escaped_line(line):
    """escapedLine() of core/exec/childprocess.cpp: control bytes escaped, quotes and backslashes too, cut after 200
    bytes without splitting a UTF-8 sequence."""
    escaped = bytearray()
    for index, byte in enumerate(line):
        if len(escaped) >= SHOWN_LINE_BYTES:
            if byte & 0xC0 == 0x80:
                while escaped and escaped[-1] & 0xC0 == 0x80:
                    escaped.pop()
                if escaped and escaped[-1] >= 0xC0:
                    escaped.pop()
            escaped += b"..."
            break
        if byte == 0x0A:
            escaped += b"\\n"
        elif byte == 0x09:
            escaped += b"\\t"
        elif byte == 0x0D:
            escaped += b"\\r"
        elif byte == 0x5C:
            escaped += b"\\\\"
        elif byte == 0x22:
            escaped += b'\\"'
        elif byte < 0x20 or byte == 0x7F:
            escaped += b"\\x%02x" % byte
        else:
            escaped.append(byte)
    return bytes(escaped).decode("utf-8", "backslashreplace")


def describe_exit(returncode, stderr):
    if returncode >= 0:
        description = "exit code %d" % returncode
    else:
        description = "killed by signal %d" % -returncode
        try:
            description += " (%s)" % signal.Signals(-returncode).name
        except ValueError:
            pass
    line = last_stderr_line(stderr)
    if line:
        description += ': last line of stderr: "%s"' % escaped_line(line)
    return description


def command_work(task):
    argv = command_argv(task)
    try:
        finished = subprocess.run(argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    except OSError as error:
        raise spawn_failure(task, error, argv[0]) from None
    if finished.returncode != 0:
        raise TaskError("failed", task, describe_exit(finished.returncode, finished.stderr))


async def command_async_work(task):
    argv = command_argv(task)
    try:
        child = await asyncio.create_subprocess_exec(
            *argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )
    except OSError as error:
        raise spawn_failure(task, error, argv[0]) from None
    stderr = (await child.communicate())[1]
    if child.returncode != 0:
        raise TaskError("failed", task, describe_exit(child.returncode, stderr))


WORK = {
    "sleep": (sleep_work, sleep_async_work),
    "cpu": (cpu_work, cpu_async_work),
    "mixed": (mixed_work, mixed_async_work),
    "file": (file_work, file_async_work),
    "net": (net_work, net_async_work),
    "command": (command_work, command_async_work),
}


# --- strategies ------------------------------------------------------------------------------------------------------


def thread_worker_number():
    """A pool thread's number, given in the order threads first run a task (thread_identity() asks once a thread)."""
    return next(state.thread_numbers)


def process_worker_number():
    return state.worker_index


def no_worker_number():
    return 0


def configure(new_spec):
    global spec, run_work, run_async_work, worker_of_task
    spec = new_spec
    work, async_work = WORK[spec["workload"]]
    run_work = guarded(work)
    run_async_work = guarded_async(async_work)
    if spec["strategy"] == "threads":
        worker_of_task = thread_worker_number
    elif spec["strategy"] == "sequential" or (spec["strategy"] == "async" and spec["processes"] == 0):
        worker_of_task = no_worker_number
    else:
        worker_of_task = process_worker_number


def start_worker(worker_spec, role):
    """Pool initializer: a worker counts from zero what it starts itself, and knows its index."""
    state.reset()
    state.counting = True
    state.worker_index = multiprocessing.current_process()._identity[0] - 1
    configure(worker_spec)
    if role == "processes":
        # A processes worker runs tasks until the pool closes; its summary comes when it exits then (the pool's
        # close and join), before the main process's own.
        multiprocessing.util.Finalize(None, write_summary, exitpriority=0)


def write_begin():
    write_line("B %d" % time.monotonic_ns())


def write_ok(ended=None):
    """E ok with the moment the map returned: `ended`, taken before the held traces were written, or now."""
    write_line("E ok %d" % (ended if ended is not None else time.monotonic_ns()))
    state.ended = True


def write_main_summary():
    state.finished = True
    write_summary()


def write_summary():
    write_line(
        "P %d %d %d %d"
        % (os.getpid(), state.threads_started, state.processes_started, getrusage(RUSAGE_SELF).ru_maxrss)
    )


def new_thread_pool(size):
    state.thread_pool = [size, 0]
    try:
        return ThreadPool(size)
    finally:
        state.thread_pool = None


def new_process_pool(size, role):
    state.process_pool = [size, 0]
    try:
        pool = multiprocessing.Pool(size, initializer=start_worker, initargs=(spec, role))
    finally:
        state.process_pool = None
    state.process_pools.append(pool)
    return pool


def shares():
    """Contiguous shares of ceil(tasks / processes) tasks, as the article's Core_to_Thread_Orchestrator cuts them."""
    tasks = spec["tasks"]
    size = -(-tasks // spec["processes"])
    return [range(first, min(first + size, tasks)) for first in range(0, tasks, size)]


def recorded_refusal():
    """In a pool worker: the refusal recorded here, to be raised in place of whatever CPython raised around it."""
    if state.refusal is not None:
        return RunRefusal(*state.refusal)
    return None


def run_sequential():
    write_begin()
    for task in range(spec["tasks"]):
        run_task(task)
    write_ok()


def run_threads():
    hold_traces()
    write_begin()
    pool = new_thread_pool(spec["threads"])
    pool.map(run_task, range(spec["tasks"]))
    ended = time.monotonic_ns()
    write_held_traces()
    write_ok(ended)
    pool.close()
    pool.join()


def run_processes():
    write_begin()
    pool = new_process_pool(spec["processes"], "processes")
    pool.map(run_task, range(spec["tasks"]), chunksize=spec["chunksize"])
    write_ok()
    pool.close()
    pool.join()


def run_share(share):
    """A blended worker's share: the article's Thread_Orchestrator, a ThreadPool as large as the share (capped)."""
    hold_traces()
    try:
        pool = new_thread_pool(min(spec["threads"], len(share)))
        pool.map(run_task, share)
        pool.close()
        pool.join()
    except Exception:
        refusal = recorded_refusal()
        if refusal is None:
            raise
        raise refusal from None
    finally:
        write_held_traces()
        write_summary()


def run_blended():
    write_begin()
    pool = new_process_pool(spec["processes"], "blended")
    pool.map(run_share, shares())
    write_ok()
    pool.close()
    pool.join()


async def gather_tasks(tasks, report):
    await asyncio.gather(*(run_async_task(task) for task in tasks))
    if report:
        write_ok()


def run_async_share(share):
    try:
        asyncio.run(gather_tasks(share, False))
    except Exception:
        refusal = recorded_refusal()
        if refusal is None:
            raise
        raise refusal from None
    finally:
        write_summary()


def run_async():
    write_begin()
    if spec["processes"] == 0:
        asyncio.run(gather_tasks(range(spec["tasks"]), True))
        return
    pool = new_process_pool(spec["processes"], "async")
    pool.map(run_async_share, shares())
    write_ok()
    pool.close()
    pool.join()


RUNS = {
    "sequential": run_sequential,
    "threads": run_threads,
    "processes": run_processes,
    "blended": run_blended,
    "async": run_async,
}


# --- the spec --------------------------------------------------------------------------------------------------------


class SpecError(Exception):
    pass


def is_whole(value):
    return isinstance(value, int) and not isinstance(value, bool)


def spec_problem(raw, key, expected):
    if key not in raw:
        return SpecError('the spec\'s "%s" is missing: expected %s' % (key, expected))
    shown = json.dumps(raw[key])
    if len(shown) > 80:
        shown = shown[:77] + "..."
    return SpecError('the spec\'s "%s" is %s: expected %s' % (key, shown, expected))


def whole_at_least(raw, key, least, most=None):
    value = raw.get(key)
    if not is_whole(value) or value < least or (most is not None and value > most):
        bound = "from %d to %d" % (least, most) if most is not None else "of at least %d" % least
        raise spec_problem(raw, key, "a whole number %s" % bound)
    return value


def parsed_spec(text):
    try:
        raw = json.loads(text)
    except ValueError as error:
        raise SpecError("the spec is not JSON: %s" % error)
    if not isinstance(raw, dict):
        raise SpecError("the spec is not a JSON object")
    if not is_whole(raw.get("protocol")):
        raise spec_problem(raw, "protocol", str(PROTOCOL))
    if raw["protocol"] != PROTOCOL:
        raise SpecError("protocol %d is not %d" % (raw["protocol"], PROTOCOL))
    checked = {}
    for key, names in (("strategy", STRATEGIES), ("workload", WORKLOADS)):
        if raw.get(key) not in names:
            raise spec_problem(raw, key, "one of %s" % ", ".join(names))
        checked[key] = raw[key]
    checked["tasks"] = whole_at_least(raw, "tasks", 1)
    checked["threads"] = whole_at_least(raw, "threads", 1)
    pooled = checked["strategy"] in ("processes", "blended")
    checked["processes"] = whole_at_least(raw, "processes", 1 if pooled else 0)
    chunksize = raw.get("chunksize")
    if "chunksize" not in raw or not (chunksize is None or (is_whole(chunksize) and chunksize >= 1)):
        raise spec_problem(raw, "chunksize", "a whole number of at least 1, or null for Pool.map's own rule")
    checked["chunksize"] = chunksize
    checked["task_ms"] = whole_at_least(raw, "task_ms", 0)
    checked["cpu_ms"] = whole_at_least(raw, "cpu_ms", 0)
    checked["cpu_iterations_per_ms"] = whole_at_least(raw, "cpu_iterations_per_ms", 1)
    checked["bytes"] = whole_at_least(raw, "bytes", 1)
    if not isinstance(raw.get("fsync"), bool):
        raise spec_problem(raw, "fsync", "true or false")
    checked["fsync"] = raw["fsync"]
    if not isinstance(raw.get("dir"), str):
        raise spec_problem(raw, "dir", 'a directory, or "" for the system\'s temporary one')
    checked["dir"] = raw["dir"]
    argv = raw.get("argv")
    needs_words = checked["workload"] == "command"
    if not isinstance(argv, list) or not all(isinstance(word, str) for word in argv) or (needs_words and not argv):
        raise spec_problem(raw, "argv", "a list of the command's words" + (", not empty" if needs_words else ""))
    checked["argv"] = argv
    checked["server_port"] = whole_at_least(raw, "server_port", 0, 65535)
    return checked


# --- main ------------------------------------------------------------------------------------------------------------


class StdinWatch:
    """Reads stdin to its end on a daemon thread: hands its first line over as the spec, and when the engine is gone
    (stdin closed) after that, kills the process group the harness leads."""

    def __init__(self):
        self.ready = threading.Event()
        self.line = None

    def run(self):
        pending = b""
        handed = False
        while True:
            try:
                data = os.read(0, 65536)
            except OSError:
                data = b""
            if not data:
                break
            if not handed:
                pending += data
                if b"\n" in pending:
                    self.hand(pending[: pending.index(b"\n")])
                    handed = True
                    pending = b""
        if not handed:
            self.hand(pending or None)
            return
        # Only a group of its own: started by hand in a shell's group, the group is the user's shell and pipeline.
        # Nor once the main P line is out: the run is over, and an engine that closes stdin then must see exit 0.
        if os.getpgrp() == os.getpid() and not state.finished:
            os.killpg(0, signal.SIGKILL)

    def hand(self, line):
        self.line = line
        self.ready.set()


def failure_line(error):
    if isinstance(error, TaskError):
        if error.kind == "refused":
            return "E refused task %d was refused: %s" % (error.task, error.message)
        return "E failed task %d failed: %s" % (error.task, error.message)
    if isinstance(error, RunRefusal):
        return "E %s %s" % (error.kind, error.message)
    if state.refusal is not None:
        return "E %s %s" % state.refusal
    return "E failed %s: %s" % (type(error).__name__, error)


def end_after_failure(error):
    """Reports the failure (unless E was written already) and exits without waiting on the broken pool: its workers
    are killed, its threads may still block."""
    if not state.ended:
        write_held_traces()  # the tasks that ended before the failure
        write_line(failure_line(error))
    state.stopping = True
    for pool in state.process_pools:
        # Pool's own way of keeping its worker handler from replacing the workers it is about to kill (see
        # Pool._terminate_pool), without the joins that follow it there.
        pool._worker_handler._state = multiprocessing.pool.TERMINATE
    for process in list(state.started_processes):
        # exitcode reaps it if it has ended: a pid still unreaped cannot have been given to another process.
        if process.exitcode is None:
            try:
                os.kill(process.pid, signal.SIGKILL)
            except OSError:
                pass
    write_main_summary()
    os._exit(0)


def calibrate():
    """calibrateCpuIterationsPerMs() of core/exec/workloads/cpu.cpp with this interpreter's loop: grow a round until it
    takes 20 ms of the thread's CPU time, keep the fastest of five such rounds, add 0.5 %. It starts from fewer
    iterations than the native one: CPython's loop is about a hundred times slower."""
    iterations = 10000
    while True:
        start = time.thread_time_ns()
        spin(iterations, 7)
        elapsed = time.thread_time_ns() - start
        if elapsed >= 20000000:
            break
        iterations *= 2
    for round_number in range(5):
        start = time.thread_time_ns()
        spin(iterations, round_number + 11)
        elapsed = min(elapsed, time.thread_time_ns() - start)
    write_line("C %d" % max(1, iterations * 1005000 // max(1, elapsed)))


def too_old():
    if sys.version_info < OLDEST_PYTHON:
        write_line(
            "E failed python3 %s is too old: the python runtime needs %d.%d or newer"
            % ((platform.python_version(),) + OLDEST_PYTHON)
        )
        return True
    return False


def main():
    write_line("H %d %s %d" % (PROTOCOL, platform.python_version(), os.getpid()))
    if too_old():
        write_main_summary()
        return
    try:
        watch = StdinWatch()
        threading.Thread(target=watch.run, name="conlab-stdin", daemon=True).start()
        watch.ready.wait()
        if watch.line is None:
            raise SpecError("no spec: stdin ended before a line")
        configure(parsed_spec(watch.line.decode("utf-8", "replace")))
    except SpecError as error:
        write_line("E failed %s" % error)
        write_main_summary()
        return
    except Exception as error:
        end_after_failure(error)
    state.counting = True
    try:
        RUNS[spec["strategy"]]()
    except BaseException as error:
        end_after_failure(error)
    write_main_summary()


if __name__ == "__main__" and "--version" in sys.argv[1:]:
    # The engine's check of the interpreter (findPython()): the hello alone, then exit.
    write_line("H %d %s %d" % (PROTOCOL, platform.python_version(), os.getpid()))
    sys.exit(0)

if __name__ == "__main__" and "--calibrate" in sys.argv[1:]:
    if not too_old():
        import time

        calibrate()
    sys.exit(0)

if sys.version_info >= OLDEST_PYTHON:
    import asyncio
    import multiprocessing
    import multiprocessing.pool
    import multiprocessing.util
    # Loaded by a pool's first creation otherwise: imported here, B to E times the pool, not the loading of modules.
    import multiprocessing.dummy
    import multiprocessing.popen_fork
    import multiprocessing.queues
    import multiprocessing.synchronize
    import socket
    import subprocess
    import tempfile
    import time
    from multiprocessing.pool import ThreadPool
    from threading import get_ident, get_native_id
    from time import monotonic_ns

    write_trace = trace_writer()

    class CountedPopen(subprocess.Popen):
        """Counts the command children a process starts, the moment each has started: subprocess.run and asyncio's
        create_subprocess_exec both start theirs through subprocess.Popen, and an async task may be cancelled (a run
        that failed) between its child's start and its own next line."""

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            with state.lock:
                state.processes_started += 1

    subprocess.Popen = CountedPopen

if __name__ == "__main__":
    main()
