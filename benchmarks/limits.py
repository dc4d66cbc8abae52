"""What the hard time limit costs: pages/s with and without supervised workers, in one run.

    python benchmarks/limits.py [--limit 200] [--fast] [--text] [--shared DIR]

--text reads dev-text (lxml rendering) as scraped text instead of dev-html: with --fast
about a millisecond a page, where a worker's round trip weighs the most.

Four ways over the same dev-html pages, one after the other in this process:
- in-process: clean_many with one job and no time limit (no worker at all);
- supervised x1: one job with a time limit, so one supervised worker process;
- executor x2: two jobs on concurrent.futures' ProcessPoolExecutor (the pool before the
  supervised one: no hard limit, a dead worker ended the batch);
- supervised x2: two jobs with a time limit, on cleaner's supervised pool.
Each line gives pages/s over the whole run (workers' start-up and warm-up included, as a
user running a batch pays them), pages/s after the first result, and CPU milliseconds per
page over this process and its workers. On a machine shared with other work the CPU time is
the steadier figure. The in-process way runs last, so that no worker inherits models this
process loaded: every way pays for loading them once per process, as a user's run does.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.scale import DEFAULT_SHARED, corpus  # noqa: E402
from cleaner import Item, Options, Result, clean_many  # noqa: E402
from cleaner.batch.runner import clean_here  # noqa: E402


def executor(items: list[Item], options: Options, jobs: int) -> Iterator[Result]:
    """The old way: ProcessPoolExecutor.map, chunksize 4."""
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        size = len(items)
        yield from pool.map(clean_here, items, [options] * size, [False] * size, chunksize=4)


def cpu() -> float:
    """CPU seconds of this process and of its workers that have ended."""
    own, workers = (resource.getrusage(w) for w in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
    return own.ru_utime + own.ru_stime + workers.ru_utime + workers.ru_stime


def timed(name: str, run: Callable[[], Iterator[Result]], count: int) -> None:
    start, used = time.perf_counter(), cpu()
    first, errors = 0.0, 0
    for result in run():
        first = first or time.perf_counter()
        if result.error is not None:
            errors += 1
            print(f"  {name}: {result.source}: {result.error}", flush=True)
    end = time.perf_counter()
    print(
        f"{name:15} {count / (end - start):7.1f} pages/s, after the first "
        f"{(count - 1) / (end - first):7.1f}, CPU {1000 * (cpu() - used) / count:6.2f} ms/page"
        f"  ({end - start:.1f} s, {errors} errors)",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--limit", type=int, default=200, help="pages of dev-html to use")
    parser.add_argument("--fast", action="store_true", help="fast mode")
    parser.add_argument("--text", action="store_true", help="dev-text pages as scraped text")
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    args = parser.parse_args()
    if args.text:
        folder = args.shared / "benchmarks/dev-text/lxml"
        paths = sorted(folder.glob("*.txt"))[: args.limit]
        items = [Item(path, key=str(path), kind="text") for path in paths]
    else:
        items = [Item(path, url) for url, path in corpus(args.shared, args.limit)]
    free = Options(time_limit=0, fast=args.fast)
    limited = Options(time_limit=30, fast=args.fast)

    def many(options: Options, jobs: int) -> Iterator[Result]:
        return clean_many(items, options, jobs=jobs, blocks=False)

    timed("supervised x1", lambda: many(limited, 1), len(items))
    timed("executor x2", lambda: executor(items, free, 2), len(items))
    timed("supervised x2", lambda: many(limited, 2), len(items))
    timed("in-process", lambda: many(free, 1), len(items))


if __name__ == "__main__":
    main()
