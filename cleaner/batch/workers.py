"""Supervised worker processes: a page that overruns its time limit or kills its worker fails alone.

Why a process: the in-process limit (SIGALRM) only interrupts Python code in a main thread.
C code that runs away (a site rule's XPath, the HTML parser on deep nesting) ignores it, and
pages cleaned in threads or on Dask have no timer at all. A process can always be killed.

How: every worker has a pipe of its own and a shared board (16 bytes of shared memory) on
which it writes the page it is on and when it began. So the parent knows which page each
worker is on and since when, without a message per page (a message wakes the parent, and on
a busy machine each wake-up cost the worker milliseconds). Results come back a chunk at a
time. A worker past time_limit + GRACE on a page is killed and that page fails with the
LimitError message; a worker that dies (OOM killer, segfault, kill -9) fails the page it was
on with the signal named. Its other pages go to the next free worker, and a new worker takes
its place. Workers share no lock, so one killed at any moment cannot wedge the others.

Own code rather than a library: pebble's pool kills a task past its timeout, but its workers
read one shared task channel under a lock, and it is not installed here; loky (in joblib)
has no per-task timeout and breaks the whole executor when one worker dies. What we need,
exact page-to-worker bookkeeping, is a few hundred lines over multiprocessing.connection.

Workers end with their parent: on Linux the kernel kills them when the thread that started
them ends (PR_SET_PDEATHSIG); elsewhere a watch thread in the worker notices the parent is
gone; and a worker waiting for work ends when its pipe closes.
"""

from __future__ import annotations

import ctypes
import mmap
import multiprocessing
import multiprocessing.util
import os
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from multiprocessing.reduction import ForkingPickler
from typing import IO, Any

from cleaner.errors import TimeLimitError, WorkerError

# Seconds a worker may run past time_limit before the parent kills it. The worker's own
# SIGALRM limit stops Python code at time_limit, so a kill is only for C code; half a second
# leaves room for a new worker within the promised time_limit + 1 s.
GRACE = 0.5
# Pages handed to a worker at once and answered at once: amortises the pipe's round trip on
# small pages, as the old ProcessPoolExecutor's chunksize=4 did.
CHUNK = 4
# A busy worker is handed its next chunk ahead (so it never waits for the parent between
# chunks) only when the message takes at most this share of its pipe's buffer, so that the
# write cannot block the parent while the worker is deep in a page.
PIPE_SHARE = 4
# Bytes asked for as the parent's send buffer on each worker's pipe, so that a chunk of
# big pages can be handed over ahead too: four dev-html pages average 430 KB, over a
# quarter of Linux's default (208 KB). The kernel caps it at net.core.wmem_max (208 KB on
# many systems, where nothing changes; 4 MB on this machine) and budget reads back what
# it granted.
SEND_BUFFER = 1 << 21
# Seconds a new worker may take to start and warm up (import, models, rules) before it is
# taken for hung: about 1.5 s on a loaded 2-core machine, so this only catches a hang.
WARM_UP_LIMIT = 60.0
# Seconds between a worker's checks that its parent is alive, where the kernel cannot tell it.
WATCH_INTERVAL = 0.5
# Seconds to wait for a stopped worker to exit before it is killed.
REAP_TIMEOUT = 2.0
PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>
BETWEEN_PAGES = -1  # the board's page number while the worker is on no page

Outcome = tuple[bool, Any]  # (True, value) or (False, the exception to report)
Task = Callable[..., Any]
Process = multiprocessing.process.BaseProcess | subprocess.Popen[bytes]


@dataclass(frozen=True)
class Job:
    """What a worker runs: task(arg, *fixed) for each page, after warm(*fixed) once.

    The warm-up loads what the task needs (models, rules) before the clock starts, so a
    short time limit is not spent on a worker's first page loading them.
    """

    task: Task
    fixed: tuple[Any, ...]
    warm: Task | None = None


def limit_message(seconds: float) -> str:
    """The one message for a page over its time limit, wherever it was stopped."""
    return (
        f"page took longer than the time limit of {seconds:g} s: "
        "raise time_limit (--time-limit) to clean it"
    )


def death_message(status: int | None) -> str:
    """Name how a worker died, for the page it was cleaning."""
    how = f"signal {-status}" if status is not None and status < 0 else f"exit status {status}"
    return f"worker died ({how}) while cleaning this page"


class Board:
    """Shared memory where a worker posts the page it is on and when it began.

    time.monotonic is one clock for every process of the machine, so the parent can compare.
    The worker writes the time before the page number, and the parent reads the number on
    both sides of the time, so it never pairs a page with another page's start.

    That holds only if each field changes in one store: each is an aligned 8-byte item of a
    memoryview, written and read whole (one memcpy). struct.pack_into, used before, zeroes
    the field and then copies the bytes in one by one: a parent reading in between (or while
    a loaded machine had the worker descheduled there) saw the page it had just finished
    begun at time 0.0, past any deadline, killed the worker and failed that page with the
    time-limit error after a few milliseconds (a resumed stream then differed from an
    undisturbed run).
    """

    LAYOUT = struct.Struct("=qd")

    def __init__(self, fd: int) -> None:
        self.memory = mmap.mmap(fd, self.LAYOUT.size)
        self.pages = memoryview(self.memory).cast("q")  # [0] is the page
        self.times = memoryview(self.memory).cast("d")  # [1] is when it began

    def post(self, page: int) -> None:
        """The worker begins a page (or, with BETWEEN_PAGES, has finished one)."""
        self.times[1] = time.monotonic()
        self.pages[0] = page

    def read(self) -> tuple[int, float]:
        """(page, when it began); BETWEEN_PAGES while the worker is on none."""
        page, began = self.pages[0], self.times[1]
        if self.pages[0] != page:
            return BETWEEN_PAGES, began  # it moved on while we read: look again later
        return page, began


def new_board_file() -> IO[bytes]:
    """A file of the board's size, to be mapped by the parent and the worker."""
    handle = tempfile.TemporaryFile()
    handle.write(Board.LAYOUT.pack(BETWEEN_PAGES, 0.0))  # zeros would read as page 0
    handle.flush()
    return handle


@dataclass
class Worker:
    """One worker process, its pipe, its board, and the pages handed to it (in order)."""

    conn: Connection
    process: Process
    board: Board
    running: dict[int, Any] = field(default_factory=dict)
    since: float = field(default_factory=time.monotonic)  # last handed work while idle
    ready: bool = False  # warmed up: until then no page is on it
    fixed: tuple[Any, ...] | None = None  # the arguments it last warmed up for
    budget: int = 0  # bytes a message to it may have while it is busy (see PIPE_SHARE)

    def __post_init__(self) -> None:
        with socket.socket(fileno=os.dup(self.conn.fileno())) as pipe:
            pipe.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, SEND_BUFFER)
            self.budget = pipe.getsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF) // PIPE_SHARE

    def send(self, job: Job, chunk: list[tuple[int, Any]]) -> bool | None:
        """Hand pages over: True when sent, False when the worker is gone (they were not).

        None when it is busy and the message would not surely fit in its pipe: writing it
        could block the parent, so the pages wait until the worker is idle.
        """
        data = ForkingPickler.dumps((job, chunk))
        if self.running and len(data) > self.budget:
            return None
        try:
            self.conn.send_bytes(data)
        except OSError:
            return False
        if job.fixed != self.fixed:  # it warms up for these first
            self.ready, self.fixed = False, job.fixed
        if not self.running:
            self.since = time.monotonic()
        self.running.update(chunk)
        return True

    def receive(self, done: dict[int, Outcome]) -> bool:
        """Move every result waiting in the pipe into `done`; False when the worker is gone."""
        try:
            while self.conn.poll():
                message = self.conn.recv()
                if message is None:  # warmed up
                    self.ready = True
                    continue
                for seq, ok, value in message:
                    del self.running[seq]
                    done[seq] = (ok, value)
        except (EOFError, OSError):
            return False
        return True

    def timeout(self, limit: float, now: float) -> float | None:
        """Seconds until this worker must be looked at again; None when no clock runs."""
        if not self.running:
            return None
        if not self.ready:
            return max(0.0, self.since + WARM_UP_LIMIT - now)
        if limit <= 0:
            return None
        page, began = self.board.read()
        if page == BETWEEN_PAGES:
            return limit + GRACE  # the next page begins at once: look again by its deadline
        return max(0.0, began + limit + GRACE - now)

    def settle(self, limit: float, done: dict[int, Outcome]) -> tuple[int | None, Exception] | None:
        """Take its results; None while it is fine. Else stop it: (the page that failed, why).

        The failed page is the one on its board (None if it was between pages), or its
        first page if it never warmed up, so a worker that cannot start fails pages one by
        one instead of being started again for ever.
        """
        if not self.receive(done):
            error: Exception = WorkerError(death_message(self.stop(kill=True)))
        elif self.timeout(limit, time.monotonic()) == 0.0:
            self.stop(kill=True)
            started = f"worker did not start within {WARM_UP_LIMIT:g} s"
            error = TimeLimitError(limit_message(limit)) if self.ready else WorkerError(started)
        else:
            return None
        page, _ = self.board.read()  # still now: the worker has ended
        if not self.ready and self.running:
            page = next(iter(self.running))
        return (page if page in self.running else None, error)

    def stop(self, kill: bool) -> int | None:
        """End the worker (at once when kill) and return its exit status."""
        if kill:
            self.process.kill()
        self.conn.close()
        status = _reap(self.process)
        if status is None:
            self.process.kill()
            status = _reap(self.process)
        return status


def _reap(process: Process) -> int | None:
    """Wait a little for the process to end; its exit status (-N for signal N) or None."""
    if isinstance(process, subprocess.Popen):
        try:
            return process.wait(REAP_TIMEOUT)
        except subprocess.TimeoutExpired:
            return None
    process.join(REAP_TIMEOUT)
    return process.exitcode


def forks() -> bool:
    """Whether start_worker forks here: in the main thread of a process that may fork.

    Forking shares the modules already imported; it is unsafe from other threads (a lock
    held elsewhere stays held in the child) and refused in daemonic processes such as Dask's
    workers, where a fresh interpreter started with subprocess is used instead.
    """
    return (
        threading.current_thread() is threading.main_thread()
        and "fork" in multiprocessing.get_all_start_methods()
        and not multiprocessing.current_process().daemon
    )


def start_worker() -> Worker:
    """A new worker: forked when that is safe (see forks), a fresh interpreter otherwise."""
    with new_board_file() as board:
        if forks():
            context = multiprocessing.get_context("fork")
            parent, child = context.Pipe()
            args = (child, board.fileno(), os.getpid())
            # This worker and every one forked later close their copy of the parent's end,
            # so that this worker sees its pipe end as soon as the parent closes it.
            multiprocessing.util.register_after_fork(parent, Connection.close)
            forked = context.Process(target=serve, args=args, daemon=True)
            forked.start()
            child.close()
            process: Process = forked
        else:
            parent, process = _start_interpreter(board.fileno())
        return Worker(parent, process, Board(board.fileno()))


def _start_interpreter(board: int) -> tuple[Connection, Process]:
    """A worker in a new interpreter, talking over a socket pair passed as a file descriptor."""
    ours, theirs = socket.socketpair()
    boot = (
        f"import sys; sys.path[:0] = {sys.path!r}; from cleaner.batch.workers import serve_fd; "
        f"serve_fd({theirs.fileno()}, {board}, {os.getpid()})"
    )
    process = subprocess.Popen(
        [sys.executable, "-c", boot], pass_fds=(theirs.fileno(), board), stdin=subprocess.DEVNULL
    )
    theirs.close()
    return Connection(ours.detach()), process


def serve_fd(fd: int, board: int, parent: int) -> None:
    """The entry point of a worker started as a new interpreter."""
    serve(Connection(fd), board, parent)


def serve(conn: Connection, board_fd: int, parent: int) -> None:
    """A worker's loop: run each page it is handed, posting it on the board; answer per chunk."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    _end_with_parent(parent)
    board = Board(board_fd)
    warmed: tuple[Any, ...] | None = None
    while True:
        try:
            job, chunk = conn.recv()
            if job.fixed != warmed:
                if job.warm is not None:
                    job.warm(*job.fixed)
                warmed = job.fixed
                conn.send(None)  # warmed up: its pages' clocks may run
            _answer(conn, [_run(board, seq, job, arg) for seq, arg in chunk])
        except (EOFError, OSError):
            return  # the parent closed the pipe or is gone


def _run(board: Board, seq: int, job: Job, arg: Any) -> tuple[int, bool, Any]:
    """Run one page with its number on the board."""
    board.post(seq)
    try:
        return (seq, True, job.task(arg, *job.fixed))
    except Exception as error:  # sent to the parent, which reports it
        return (seq, False, error)
    finally:
        board.post(BETWEEN_PAGES)


def _answer(conn: Connection, outcomes: list[tuple[int, bool, Any]]) -> None:
    """Send a chunk's outcomes; one that does not pickle is replaced by an error saying so."""
    try:
        conn.send(outcomes)
    except OSError:
        raise
    except Exception:  # some outcome does not pickle: find it, report it instead
        conn.send([_sendable(outcome) for outcome in outcomes])


def _sendable(outcome: tuple[int, bool, Any]) -> tuple[int, bool, Any]:
    try:
        ForkingPickler.dumps(outcome)
    except Exception as error:  # reported to the parent in its place
        return (outcome[0], False, WorkerError(f"result could not be sent back: {error}"))
    return outcome


def _end_with_parent(parent: int) -> None:
    """Make sure this worker does not outlive the process that started it."""
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        if libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL) != 0:
            print("cleaner worker: PR_SET_PDEATHSIG refused; watching the parent", file=sys.stderr)
    if os.getppid() != parent:  # the parent died before the request above took effect
        os._exit(1)
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()


def _watch_parent(parent: int) -> None:
    """Exit as soon as this process has been handed to another parent (ours is gone)."""
    while os.getppid() == parent:
        time.sleep(WATCH_INTERVAL)
    os._exit(1)
