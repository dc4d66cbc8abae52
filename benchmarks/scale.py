"""Pipelines at scale: parallel speed-up, flat memory on long streams, WARC throughput.

    python benchmarks/scale.py [--limit N] [--repeat 10] [--shared DIR]

1. Pages per second (and CPU ms a page) of clean_many over dev-html with 1 and with 2
   jobs, with blocks=False and with the blocks (target: 2 jobs at least 1.8x one job on
   a quiet 2-core machine).
2. Peak memory (RSS, the process and its workers) of `cleaner jsonl` fed the dev-html
   pages as JSONL once and `--repeat` times (target: the same within 10%).
3. WARC throughput: the dev-html pages written to a .warc.gz, then `cleaner warc`.
"""

from __future__ import annotations

import argparse
import io
import json
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cleaner import Item, Options, clean_many  # noqa: E402
from cleaner.batch.streams import Counts, StreamRun, clean_warc  # noqa: E402

DEFAULT_SHARED = ROOT.parent / "shared"


def corpus(shared: Path, limit: int | None) -> list[tuple[str, Path]]:
    data = json.loads((shared / "benchmarks/dev-html/evaldata.json").read_text("utf-8"))
    pages = []
    for url, entry in list(data.items())[:limit]:
        path = shared / "benchmarks/dev-html/cache" / entry["file"]
        path = path if path.is_file() else shared / "benchmarks/dev-html/eval" / entry["file"]
        pages.append((url.strip(), path))
    return pages


def speedup(pages: list[tuple[str, Path]]) -> dict[str, float]:
    """Pages/s and CPU ms a page (this process, and its workers once reaped) per setting.

    With blocks=True (clean_many's default) the workers weigh every block's reasons and
    send the blocks back, and this process unpickles them; blocks=False sends the text.
    On a shared machine pages/s drift with the load; CPU per page holds better.
    """
    rates: dict[str, float] = {}
    for blocks in (False, True):
        for jobs in (1, 2):
            items = [Item(path, url) for url, path in pages]
            name = f"{jobs} job{'s' if jobs > 1 else ''}{' blocks' if blocks else ''}"
            cpu, start = _cpu(), time.perf_counter()
            results = clean_many(items, Options(), jobs=jobs, blocks=blocks)
            errors = sum(1 for r in results if r.error)
            seconds = time.perf_counter() - start
            rates[f"{name} pages/s"] = round(len(items) / seconds, 1)
            rates[f"{name} cpu ms/page"] = round((_cpu() - cpu) / len(items) * 1000, 1)
            rates[f"{name} errors"] = errors
        suffix = " blocks" if blocks else ""
        rates[f"speed-up{suffix}"] = round(
            rates[f"2 jobs{suffix} pages/s"] / rates[f"1 job{suffix} pages/s"], 2
        )
    return rates


def _cpu() -> float:
    """CPU seconds of this process and of its children that have ended."""
    own, children = (
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def peak_rss(command: list[str], feed: object) -> tuple[float, float]:
    """Run command, write feed() to its stdin, poll RSS of it and its children; (MB, s)."""
    process = subprocess.Popen(
        command, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    watched = psutil.Process(process.pid)
    peak = 0
    done = threading.Event()

    def poll() -> None:
        nonlocal peak
        while not done.is_set():
            try:
                procs = [watched, *watched.children(recursive=True)]
                peak = max(peak, sum(p.memory_info().rss for p in procs))
            except psutil.Error:
                pass  # a worker ended between listing and reading: the next poll counts again
            time.sleep(0.05)

    poller = threading.Thread(target=poll)
    poller.start()
    start = time.perf_counter()
    assert process.stdin is not None
    for line in feed():  # type: ignore[operator]
        process.stdin.write(line)
    process.stdin.close()
    process.wait()
    done.set()
    poller.join()
    return round(peak / 2**20, 1), round(time.perf_counter() - start, 1)


def stream_memory(pages: list[tuple[str, Path]], repeat: int, jobs: int) -> dict[str, float]:
    lines = [
        (
            json.dumps({"url": url, "html": path.read_bytes().decode("utf-8", "replace")}) + "\n"
        ).encode()
        for url, path in pages
    ]
    command = [sys.executable, "-m", "cleaner", "jsonl", "-j", str(jobs)]
    once, once_s = peak_rss(command, lambda: iter(lines))
    many, many_s = peak_rss(command, lambda: (line for _ in range(repeat) for line in lines))
    return {
        "records 1x": len(lines),
        "peak MB 1x": once,
        "seconds 1x": once_s,
        f"records {repeat}x": len(lines) * repeat,
        f"peak MB {repeat}x": many,
        f"seconds {repeat}x": many_s,
        "ratio": round(many / once, 3),
    }


def warc_throughput(pages: list[tuple[str, Path]], jobs: int) -> dict[str, float]:
    from warcio.statusandheaders import StatusAndHeaders  # type: ignore[import-untyped]
    from warcio.warcwriter import WARCWriter  # type: ignore[import-untyped]

    with tempfile.TemporaryDirectory() as folder:
        archive = Path(folder) / "corpus.warc.gz"
        with open(archive, "wb") as out:
            writer = WARCWriter(out, gzip=True)
            for url, path in pages:
                headers = StatusAndHeaders(
                    "200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1"
                )
                record = writer.create_warc_record(
                    url or "http://x/",
                    "response",
                    payload=io.BytesIO(path.read_bytes()),
                    http_headers=headers,
                )
                writer.write_record(record)
        size = archive.stat().st_size
        sink = io.BytesIO()
        start = time.perf_counter()
        counts: Counts = clean_warc([archive], sink.write, StreamRun(Options(), jobs))
        seconds = time.perf_counter() - start
    return {
        "records": counts.cleaned + counts.empty + counts.failed,
        "warc MB (gz)": round(size / 2**20, 1),
        "pages/s": round((counts.cleaned + counts.empty) / seconds, 1),
        "MB/s (gz)": round(size / 2**20 / seconds, 2),
        "jobs": jobs,
    }


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--jobs", type=int, default=2, help="jobs for the stream and WARC runs")
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    parser.add_argument("--only", choices=["speedup", "memory", "warc"], default=None)
    args = parser.parse_args()
    pages = corpus(args.shared, args.limit)
    if args.only in (None, "speedup"):
        print("speed-up:", json.dumps(speedup(pages)), flush=True)
    if args.only in (None, "memory"):
        print("jsonl memory:", json.dumps(stream_memory(pages, args.repeat, args.jobs)), flush=True)
    if args.only in (None, "warc"):
        print("warc:", json.dumps(warc_throughput(pages, args.jobs)), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
