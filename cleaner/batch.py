"""Many pages: per-page error isolation, a per-page time limit, ordered parallel workers.

One bad page becomes a Result with `error` set and the batch goes on. Work is handed to
worker processes in bounded windows, so memory stays flat however long the input is, and
results come back in input order. Everything passed to workers is a top-level function or
a frozen dataclass, so it pickles (multiprocessing, Dask, Spark).
"""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, replace
from itertools import islice
from pathlib import Path
from types import FrameType
from typing import Any

from cleaner.errors import CleanerError, InputError, LimitError
from cleaner.files import read_page
from cleaner.model import Result
from cleaner.options import InputKind, Options
from cleaner.pipeline import clean_page

# Pages handed to the workers per job slot at a time: enough to keep every worker busy,
# few enough that a stream of millions of pages never sits in memory.
WINDOW_PER_JOB = 32


@dataclass(frozen=True, slots=True)
class Item:
    """One page to clean (or a file to read it from), its URL, and a caller's key.

    `kind` overrides Options.input_kind for this page; an item that arrives with an
    `error` (a stream record that could not be read) passes through as an error Result.
    """

    page: str | bytes | Path
    url: str | None = None
    key: str | None = None
    kind: InputKind | None = None
    error: str | None = None


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
    iteration never stops on a bad page. With jobs > 1 the pages are cleaned in that many
    worker processes. blocks=False leaves the blocks out of the results (the text, title
    and rule stay), which saves shipping them back from the workers.
    """
    chosen = options or Options()
    items = (to_item(p) for p in pages)
    if jobs <= 1:
        for item in items:
            yield guarded_clean(item, chosen, blocks)
        return
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        while window := list(islice(items, jobs * WINDOW_PER_JOB)):
            size = len(window)
            yield from pool.map(
                guarded_clean, window, [chosen] * size, [blocks] * size, chunksize=4
            )


def guarded_clean(item: Item, options: Options, blocks: bool = True) -> Result:
    """Clean one page under the time limit; turn any failure into an error Result."""
    chosen = replace(options, url=item.url) if item.url else options
    if item.kind is not None:
        chosen = replace(chosen, input_kind=item.kind)
    if item.error is not None:
        return Result(text="", url=chosen.url, source=item.key, error=item.error)
    try:
        page = read_page(item.page, chosen.max_bytes) if isinstance(item.page, Path) else item.page
    except InputError as error:  # not a regular file, over max_bytes, or unreadable
        return Result(text="", source=item.key, error=str(error))
    try:
        with time_limit(options.time_limit):
            result = clean_page(page, chosen, blocks=blocks)
        return replace(result, source=item.key, blocks=result.blocks if blocks else ())
    except CleanerError as error:
        return Result(text="", url=chosen.url, source=item.key, error=str(error))
    except RecursionError:
        return Result(text="", url=chosen.url, source=item.key, error="page nests too deeply")
    except Exception as error:  # a bug on one page must not end the batch: report it
        message = f"internal error {type(error).__name__}: {error}"
        return Result(text="", url=chosen.url, source=item.key, error=message)


class _Timeout(BaseException):
    """Raised inside the page's work by the timer; BaseException so no stage swallows it."""


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Abandon the work inside after `seconds` with a LimitError.

    It uses the real-time interval timer, so it applies only in a process's main thread
    and only when the caller has no timer of its own running; elsewhere it is a no-op.
    """
    usable = (
        seconds > 0
        and threading.current_thread() is threading.main_thread()
        and signal.getitimer(signal.ITIMER_REAL)[0] == 0  # never disturb a caller's timer
    )
    if not usable:
        yield
        return

    def expire(signum: int, frame: FrameType | None) -> None:
        raise _Timeout

    previous: Any = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    except _Timeout:
        raise LimitError(
            f"page took longer than the time limit of {seconds:g} s: "
            "raise time_limit (--time-limit) to clean it"
        ) from None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
