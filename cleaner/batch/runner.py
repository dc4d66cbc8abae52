"""Many pages: per-page error isolation, a per-page time limit, ordered parallel workers.

One bad page becomes a Result with `error` set and the batch goes on. Work is handed to
worker processes in bounded windows, so memory stays flat however long the input is, and
results come back in input order. Everything passed to workers is a top-level function or
a frozen dataclass, so it pickles (multiprocessing, Dask, Spark).

With a time limit, pages are cleaned in supervised worker processes (cleaner.batch.workers): a
page over the limit is stopped whatever code it is in, and a worker that dies fails only
the page it was on. Without one, one job cleans in this process, as fast as it can.
"""

from __future__ import annotations

import os
import signal
import threading
from collections import deque
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from types import FrameType
from typing import Any

from cleaner.batch.files import read_page
from cleaner.batch.pool import Pool, call
from cleaner.batch.workers import Job, Outcome, limit_message
from cleaner.errors import CleanerError, InputError, LimitError, TimeLimitError, WorkerError
from cleaner.options import InputKind, Options
from cleaner.page import Failure, Result
from cleaner.pipeline import clean_page

# Pages handed to the workers per job slot at a time: enough to keep every worker busy,
# few enough that a stream of millions of pages never sits in memory.
WINDOW_PER_JOB = 32


# Tiny pages a new worker cleans first, one per input kind, to load their models.
WARM_UP_PAGES: tuple[tuple[str, InputKind], ...] = (
    ("<html><body><p>A first paragraph, so that the models are loaded.</p></body></html>", "html"),
    ("A first line, so that the models are loaded.\n", "text"),
)


@dataclass(frozen=True, slots=True)
class Item:
    """One page to clean (or a file to read it from), its URL, and a caller's key.

    `kind` overrides Options.input_kind for this page, `body_only` Options.body_only; an
    item that arrives with an `error` (a stream record that could not be read) passes
    through as an error Result.
    """

    page: str | bytes | Path
    url: str | None = None
    key: str | None = None
    kind: InputKind | None = None
    error: str | None = None
    body_only: bool | None = None


def to_item(value: Item | str | bytes | tuple[str | bytes, str | None]) -> Item:
    """Accept a page, a (page, url) pair, or an Item."""
    if isinstance(value, Item):
        return value
    if isinstance(value, tuple):
        return Item(value[0], value[1])
    return Item(value)


def default_jobs() -> int:
    """The number of cores this process may use."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def clean_many(
    pages: Iterable[Item | str | bytes | tuple[str | bytes, str | None]],
    options: Options | None = None,
    jobs: int = 1,
    blocks: bool = True,
) -> Iterator[Result]:
    """Clean many pages, yielding one Result per page in input order.

    A page that fails yields a Result whose `error` says why (its `text` is empty); the
    iteration never stops on a bad page. With jobs > 1, or a time limit (the default), the
    pages are cleaned in that many supervised worker processes: a page over the limit is
    stopped, and a worker that dies fails only its page; the rest goes on. blocks=False
    leaves the blocks out of the results (the text, title and rule stay), which saves
    shipping them back from the workers.
    """
    chosen = options or Options()
    items = (to_item(p) for p in pages)
    if jobs <= 1 and chosen.time_limit <= 0:
        for item in items:
            yield clean_here(item, chosen, blocks)
        return
    sent: deque[Item] = deque()  # the items in the workers' hands, to name a failed one

    def handed() -> Iterator[Item]:
        for item in items:
            sent.append(item)
            yield item

    with Pool(max(jobs, 1), chosen.time_limit) as pool:
        window = max(jobs, 1) * WINDOW_PER_JOB
        for outcome in pool.map(Job(clean_here, (chosen, blocks), warm_up), handed(), window):
            yield _result(sent.popleft(), chosen, outcome)


def guarded_clean(item: Item, options: Options, blocks: bool = True) -> Result:
    """Clean one page under the time limit; turn any failure into an error Result.

    With a time limit the page runs in this thread's supervised worker process, so the
    limit holds in threads and on Dask too, and in C code; without one, here.
    """
    if options.time_limit <= 0:
        return clean_here(item, options, blocks)
    job = Job(clean_here, (options, blocks), warm_up)
    return _result(item, options, call(job, item, options.time_limit))


def _result(item: Item, options: Options, outcome: Outcome) -> Result:
    """A worker's outcome as a Result: its value, or the error that stopped the page."""
    ok, value = outcome
    if ok:
        return value  # type: ignore[no-any-return]
    url = item.url or options.url
    if isinstance(value, LimitError | WorkerError):
        return Result(
            text="", url=url, source=item.key, error=str(value), failure=failure_of(value)
        )
    message = f"internal error: {value}"
    return Result(text="", url=url, source=item.key, error=message, failure="internal")


def failure_of(error: Exception) -> Failure:
    """The kind of a page's failure, from the error's class (never from its words)."""
    if isinstance(error, TimeLimitError):
        return "time_limit"
    if isinstance(error, WorkerError):
        return "worker_died"
    return "input" if isinstance(error, CleanerError) else "internal"


def warm_up(options: Options, blocks: bool) -> None:
    """Load what these options need (models, rules) for HTML and for text pages.

    Workers run it before their clock starts, so no page's time limit pays for loading.
    """
    for page, kind in WARM_UP_PAGES:
        clean_here(Item(page, kind=kind), replace(options, time_limit=0), blocks)


def clean_here(item: Item, options: Options, blocks: bool = True) -> Result:
    """Clean one page in this process; the time limit is SIGALRM's (Python code only)."""
    chosen = replace(options, url=item.url) if item.url else options
    if item.kind is not None:
        chosen = replace(chosen, input_kind=item.kind)
    if item.body_only is not None:
        chosen = replace(chosen, body_only=item.body_only)
    if item.error is not None:  # the record or file was unreadable before it got here
        return Result(
            text="", url=chosen.url, source=item.key, error=item.error, failure="input"
        )
    try:
        page = read_page(item.page, chosen.max_bytes) if isinstance(item.page, Path) else item.page
    except InputError as error:  # not a regular file, over max_bytes, or unreadable
        return Result(text="", source=item.key, error=str(error), failure="input")
    try:
        with time_limit(options.time_limit):
            result = clean_page(page, chosen, blocks=blocks)
        return replace(result, source=item.key, blocks=result.blocks if blocks else ())
    except CleanerError as error:
        failure = failure_of(error)
        return Result(
            text="", url=chosen.url, source=item.key, error=str(error), failure=failure
        )
    except RecursionError:
        nested = "page nests too deeply"
        return Result(text="", url=chosen.url, source=item.key, error=nested, failure="input")
    except Exception as error:  # a bug on one page must not end the batch: report it
        message = f"internal error {type(error).__name__}: {error}"
        return Result(
            text="", url=chosen.url, source=item.key, error=message, failure="internal"
        )


class _Timeout(BaseException):
    """Raised inside the page's work by the timer; BaseException so no stage swallows it."""


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Abandon the work inside after `seconds` with a LimitError.

    It uses the real-time interval timer, so it applies only in a process's main thread,
    where the platform has one (not Windows), and only when the caller has no timer of its
    own running; elsewhere it is a no-op. It stops Python code only: C code that runs away
    is stopped by killing its worker process (cleaner.batch.workers).
    """
    usable = (
        seconds > 0
        and hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
        and signal.getitimer(signal.ITIMER_REAL)[0] == 0  # never disturb a caller's timer
    )
    if not usable:
        yield
        return

    def expire(signum: int, frame: FrameType | None) -> None:  # noqa: ARG001 (signal.signal's handler signature)
        raise _Timeout

    previous: Any = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    except _Timeout:
        raise TimeLimitError(limit_message(seconds)) from None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
