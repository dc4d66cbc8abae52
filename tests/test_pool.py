"""The ordered pool: workers start warm and stay busy while the caller works on results."""

from __future__ import annotations

import os
import time
from pathlib import Path

from cleaner.batch.pool import Pool
from cleaner.batch.workers import CHUNK, Job

# Seconds a stand-in page takes to clean, and the caller's work on each result.
NAP = 0.3
# Bytes of a page: over the old hand-over budget (a quarter of Linux's default 208 KB send
# buffer), so a chunk could never be handed over while the worker was busy.
BIG = 200_000


def nap(page: bytes, seconds: float) -> int:
    """Test-only task: 'clean' a page by sleeping, so the timing is the pool's alone."""
    time.sleep(seconds)
    return len(page)


def test_workers_go_on_while_the_caller_works_on_results() -> None:
    pages = [bytes([n]) * BIG for n in range(2 * CHUNK)]
    started = time.monotonic()
    with Pool(1, 0.0) as pool:
        outcomes = []
        for outcome in pool.map(Job(nap, (NAP,)), pages, window=32):
            outcomes.append(outcome)
            time.sleep(NAP)  # the caller stores the result
    elapsed = time.monotonic() - started
    assert outcomes == [(True, BIG)] * len(pages)
    # In turns (the worker idle while the caller took its chunk's results): 4 x CHUNK naps.
    # Overlapped: the first chunk, then the second beside the caller, then the caller: 3 x.
    in_turns = 4 * CHUNK * NAP
    assert elapsed < in_turns - CHUNK * NAP / 2, f"{elapsed:.2f} s: the worker waited for the caller"


_loaded: set[Path] = set()  # what load_once has loaded in this process (test-only cache)


def load_once(log: Path) -> None:
    """Test-only warm-up: 'load a model' unless this process has it, noting who loaded it."""
    if log not in _loaded:
        _loaded.add(log)
        with open(log, "a", encoding="utf-8") as out:
            out.write(f"{os.getpid()}\n")


def pid(page: int, log: Path) -> int:  # noqa: ARG001 (the pool's task signature)
    """Test-only task: the worker's process id."""
    return os.getpid()


def test_forked_workers_inherit_the_warm_up_instead_of_repeating_it(tmp_path: Path) -> None:
    log = tmp_path / "loads"
    with Pool(2, 0.0) as pool:
        outcomes = list(pool.map(Job(pid, (log,), load_once), range(4 * CHUNK), window=32))
    workers = {value for ok, value in outcomes if ok}
    assert len(workers) == 2 and os.getpid() not in workers
    assert log.read_text().split() == [str(os.getpid())]  # loaded once, here, not per worker
