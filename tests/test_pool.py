"""The ordered pool keeps its workers busy while the caller works on the results."""

from __future__ import annotations

import time

from cleaner.pool import Pool
from cleaner.workers import CHUNK, Job

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
