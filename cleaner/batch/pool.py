"""The parent's side of the supervised workers: an ordered pool for batches, one per thread.

Both hand pages to cleaner.batch.workers' Worker and settle what comes back: results, a worker
that died, a page past its time limit. See cleaner.batch.workers for why and how.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Iterable, Iterator
from multiprocessing.connection import wait
from typing import Any

from cleaner.batch.workers import CHUNK, Job, Outcome, Worker, death_message, forks, start_worker
from cleaner.errors import WorkerError


class Pool:
    """Workers that clean a stream of pages in order, each page under a hard time limit."""

    def __init__(self, size: int, limit: float) -> None:
        self.size, self.limit = size, limit
        self.workers: list[Worker] = []

    def __enter__(self) -> Pool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """End every worker; one still on a page is killed (the caller stopped reading).

        Every pipe is closed before any worker is waited for: a forked worker holds copies
        of the pipes of the workers forked before it, so the first sees its pipe end only
        once the later ones have gone.
        """
        for worker in self.workers:
            if worker.running:
                worker.process.kill()
            worker.conn.close()
        for worker in self.workers:
            worker.stop(kill=False)
        self.workers.clear()

    def map(self, job: Job, args: Iterable[Any], window: int) -> Iterator[Outcome]:
        """job.task(arg, *job.fixed) for every arg, in order; at most `window` args held.

        Idle workers are handed their next chunk before any result is yielded, and what
        finished while the caller held a result is taken at once (without waiting): the
        caller's own work on results (writing them, say) then overlaps the workers'. Before,
        a worker whose chunk was done waited until the caller had taken every result up to
        it, and on pages too big to be handed over ahead (see PIPE_SHARE) that was each time.
        """
        source = iter(args)
        todo: deque[tuple[int, Any]] = deque()
        done: dict[int, Outcome] = {}
        pulled = wanted = 0
        while True:
            while pulled - wanted < window and (arg := next(source, _END)) is not _END:
                todo.append((pulled, arg))
                pulled += 1
            self._dispatch(job, todo)
            if wanted in done:
                yield done.pop(wanted)
                wanted += 1
                self._collect(todo, done, patient=False)
            elif wanted == pulled:
                return
            else:
                self._collect(todo, done, patient=True)

    def _dispatch(self, job: Job, todo: deque[tuple[int, Any]]) -> None:
        """Give each worker a chunk to do and one in reserve, starting workers as needed."""
        while todo and len(self.workers) < self.size:
            self.workers.append(self._start(job))
        share = max(1, min(CHUNK, -(-len(todo) // self.size)))
        for worker in list(self.workers):
            if not todo or len(worker.running) > CHUNK or (worker.running and not worker.ready):
                continue  # it has a chunk in reserve, or is warming up
            chunk = [todo.popleft() for _ in range(min(share, len(todo)))]
            sent = worker.send(job, chunk)
            if sent is not True:
                todo.extendleft(reversed(chunk))
            if sent is False and not worker.running:  # it died idle: no page was on it
                worker.stop(kill=True)
                self.workers.remove(worker)

    @staticmethod
    def _start(job: Job) -> Worker:
        """A new worker; one that is forked is warmed up here first, so it starts warm.

        Each worker loaded the models and rules itself, and two doing so at once on a loaded
        2-core machine took twice as long as one, before any page. Forked, a worker inherits
        what this process loaded; after the first time the warm-up here costs nothing.
        """
        if job.warm is not None and forks():
            job.warm(*job.fixed)
        return start_worker()

    def _collect(
        self, todo: deque[tuple[int, Any]], done: dict[int, Outcome], patient: bool
    ) -> None:
        """Wait for results, a death or a deadline (not at all unless patient); settle each once."""
        busy = [w for w in self.workers if w.running]
        if not busy:
            return
        now = time.monotonic()
        timeouts = [t for w in busy if (t := w.timeout(self.limit, now)) is not None]
        wait([w.conn for w in busy], min(timeouts, default=None) if patient else 0.0)
        for worker in busy:
            failure = worker.settle(self.limit, done)
            if failure is None:
                continue
            page, error = failure
            if page is not None:  # the page it was on fails
                done[page] = (False, error)
                del worker.running[page]
            todo.extendleft(reversed(worker.running.items()))  # the others wait for another
            self.workers.remove(worker)  # _dispatch starts a new one when there is work


_END = object()


class _Local(threading.local):
    """Each thread's own worker: started by that thread, so it ends with it (see workers)."""

    worker: Worker | None = None


_local = _Local()


def call(job: Job, arg: Any, limit: float) -> Outcome:
    """job.task(arg, *job.fixed) in this thread's worker, killed past limit + GRACE (> 0)."""
    worker = _local.worker  # idle between calls, so send never defers here
    if worker is None or not worker.send(job, [(0, arg)]):
        if worker is not None:
            worker.stop(kill=True)  # it died while idle: no page was lost
        worker = _local.worker = start_worker()
        if not worker.send(job, [(0, arg)]):
            _local.worker = None
            return False, WorkerError(death_message(worker.stop(kill=True)))
    done: dict[int, Outcome] = {}
    failure = None
    while 0 not in done and failure is None:
        wait([worker.conn], worker.timeout(limit, time.monotonic()))
        failure = worker.settle(limit, done)
    if failure is not None:
        _local.worker = None  # it was stopped: the next call starts another
        return False, failure[1]
    return done[0]
