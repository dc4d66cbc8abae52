"""Score cleaner and trafilatura side by side on the dev corpus, in one run, same pages.

    python benchmarks/quality.py [--corpus html|inscriptis|lxml|all] [--limit N] [--memory]
                                 [--throughput ROUNDS]

On dev-html one more row scores cleaner's accurate mode (`--accurate`; `--no-accurate` to
leave it out); on every corpus one scores its fast mode (`--fast`; `--no-fast`).
cleaner's learned stage was trained on this corpus, so its rows are in-sample; the
figures on sites held out (benchmarks/train_model.py) are printed below each table. `--no-model` scores the heuristics alone.

Metric (trafilatura's published one, see shared/benchmarks/README.md): over all pages, a
`with` segment found in the output is a true positive, missing a false negative; a
`without` segment found is a false positive. "Found" is a substring test after white space
on both sides is collapsed to single spaces and invisible format characters (soft hyphens,
zero-width spaces: cleaner.read.hygiene) are removed on both sides: the annotators copied them
into segments unseen, and a tool that removes them has lost no text. Speed is measured
around each tool's call only (decoding and file reading excluded for both), on one core,
one process.
`--throughput ROUNDS` then times each tool alone over the whole corpus, ROUNDS times in
turn, each round at least ROUND_SECONDS long (throughput()).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import re
import resource
import statistics
import subprocess
import sys
import time
import warnings
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cleaner import Options, clean  # noqa: E402
from cleaner.errors import CleanerError  # noqa: E402
from cleaner.read.hygiene import visible  # noqa: E402

DEFAULT_SHARED = ROOT.parent / "shared"
# url, page bytes, and its entry of dev-html's evaldata.json (parsed JSON: file, with,
# without, and page metadata)
Page = tuple[str, bytes, dict[str, Any]]


def _seen(text: str) -> str:
    """A text as the metric compares it: what a reader sees, white space collapsed."""
    return " ".join(visible(text).split())


@dataclass
class Tally:
    """Segment counts and per-page times of one tool on one corpus."""

    tp: int = 0
    fn: int = 0
    fp: int = 0
    tn: int = 0
    times: list[float] = field(default_factory=list)
    errors: int = 0

    def add(self, output: str, with_: list[str], without: list[str]) -> None:
        text = _seen(output)
        for segment in with_:
            found = _seen(segment) in text if text else False
            self.tp += found
            self.fn += not found
        for segment in without:
            found = _seen(segment) in text if text else False
            self.fp += found
            self.tn += not found

    def scores(self) -> tuple[float, float, float]:
        """Precision, recall and F1 of the segments, unrounded."""
        precision = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        recall = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return precision, recall, f1

    def row(self, name: str) -> dict[str, float | str | int]:
        return tool_row(name, self.scores(), self.times, self.errors)


def tool_row(
    name: str, scores: tuple[float, float, float], times: list[float], errors: int
) -> dict[str, float | str | int]:
    """One tool's table row: its scores, pages per second, median and p99 ms, errors."""
    precision, recall, f1 = scores
    ordered = sorted(times)
    total = sum(ordered)
    return {
        "tool": name,
        "P": round(precision, 3),
        "R": round(recall, 3),
        "F1": round(f1, 3),
        "pages/s": round(len(ordered) / total, 1) if total else 0.0,
        "median ms": round(statistics.median(ordered) * 1000, 2) if ordered else 0.0,
        "p99 ms": round(ordered[int(0.99 * (len(ordered) - 1))] * 1000, 1) if ordered else 0.0,
        "errors": errors,
    }


# A page is a CJK page when at least this share of its `with` segments' characters are
# Chinese, Japanese or Korean: the five such pages of dev-html have 30-95%, the others 0.
CJK_SHARE = 0.3
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")


def load_pages(
    shared: Path, corpus: str, limit: int | None, cjk: bool = False
) -> list[Page]:
    """(url, page bytes, evaldata entry) for each page of one corpus (CJK pages alone)."""
    data = json.loads((shared / "benchmarks/dev-html/evaldata.json").read_text("utf-8"))
    if cjk:
        data = {url: entry for url, entry in data.items() if _cjk_page(entry)}
    return load_pages_of(shared, corpus, dict(list(data.items())[:limit]))


def _cjk_page(entry: dict[str, Any]) -> bool:
    """Whether the page's article (its `with` segments) is written in CJK characters."""
    text = "".join(entry.get("with", []))
    return bool(text) and len(_CJK.findall(text)) >= CJK_SHARE * len(text)


def load_pages_of(shared: Path, corpus: str, data: dict[str, dict[str, Any]]) -> list[Page]:
    """The pages of the given evaldata entries."""
    pages = []
    for url, entry in data.items():
        name = entry["file"]
        if corpus == "html":
            path = shared / "benchmarks/dev-html/cache" / name
            path = path if path.is_file() else shared / "benchmarks/dev-html/eval" / name
        else:
            path = shared / "benchmarks/dev-text" / corpus / f"{name}.txt"
        if path.is_file():
            pages.append((url.strip(), path.read_bytes(), entry))
    return pages


def cleaner_tool(
    kind: str, accurate: bool = False, use_model: bool = True, fast: bool = False
) -> Callable[[str | bytes, str], str]:
    options = Options(input_kind=kind, accurate=accurate, use_model=use_model, fast=fast)  # type: ignore[arg-type]

    def run(page: str | bytes, url: str) -> str:
        return clean(page, url=url, options=options)

    return run


def trafilatura_tool(kind: str) -> Callable[[str | bytes, str], str]:
    import html

    import trafilatura

    def run(page: str | bytes, url: str) -> str:
        if kind == "text":
            lines = page.decode("utf-8", "replace") if isinstance(page, bytes) else page
            page = (
                "<html><body>"
                + "".join(f"<p>{html.escape(line)}</p>" for line in lines.splitlines())
                + "</body></html>"
            )
        return trafilatura.extract(page, url=url, include_comments=False) or ""

    return run


def measure(
    pages: list[Page], tools: dict[str, Callable[[str | bytes, str], str]]
) -> dict[str, Tally]:
    tallies = {name: Tally() for name in tools}
    for number, (url, raw, entry) in enumerate(pages, 1):
        for name, tool in tools.items():
            start = time.perf_counter()
            try:
                output = tool(raw, url)
            except CleanerError:
                output = ""
                tallies[name].errors += 1
            tallies[name].times.append(time.perf_counter() - start)
            tallies[name].add(output, entry.get("with", []), entry.get("without", []))
        if number % 100 == 0:
            print(f"  {number}/{len(pages)} pages", file=sys.stderr)
    return tallies


# Each tool's round lasts at least this long: it passes over the corpus again until it
# has. One pass of fast mode over dev-text takes under two seconds, and this machine's
# speed drifts by up to half over a few seconds (a pure-Python loop timed between passes
# ran 6 to 15 ms), so a single pass measured the moment more than the tool.
ROUND_SECONDS = 10.0


def throughput(
    pages: list[Page],
    tools: dict[str, Callable[[str | bytes, str], str]],
    rounds: int,
) -> dict[str, list[float]]:
    """Pages per second of each tool over the whole corpus in a loop of its own, per round.

    The main table interleaves the tools page by page, so each starts every page with the
    caches the others left (a fast tool suffers most); a pipeline running one mode over a
    stream of pages sees this instead. The tools take turns, round after round, so a
    machine slowing down during the run slows each of them alike; a round is whole passes
    over the corpus, at least ROUND_SECONDS long. Passes after the first find cleaner's
    caches of short lines' verdicts warm (signals.py, a few thousand lines): on the whole
    corpus they hold a small share of its lines, on a `--limit` of a few pages nearly all.
    """
    rates: dict[str, list[float]] = {name: [] for name in tools}
    for _ in range(rounds):
        for name, tool in tools.items():
            start = time.perf_counter()
            passes = 0
            while not passes or (pages and time.perf_counter() - start < ROUND_SECONDS):
                run_over(tool, ((url, raw) for url, raw, _entry in pages))
                passes += 1
            rates[name].append(passes * len(pages) / (time.perf_counter() - start))
    return rates


def run_over(tool: Callable[[str | bytes, str], str], pages: Iterable[tuple[str, bytes]]) -> None:
    """Run the tool over (url, page) pairs for its time or memory alone.

    A page the tool refuses (CleanerError) is counted by the main table, not here.
    """
    for url, page in pages:
        with contextlib.suppress(CleanerError):
            tool(page, url)


def print_throughput(rates: dict[str, list[float]]) -> None:
    base = statistics.median(rates["trafilatura"]) if "trafilatura" in rates else None
    print("\nEach tool alone over the corpus (pages/s, median of the rounds, then each round):")
    for name, per_round in rates.items():
        median = statistics.median(per_round)
        ratio = f" (x{median / base:.2f} trafilatura's)" if base and name != "trafilatura" else ""
        rounds = ", ".join(f"{rate:.0f}" for rate in per_round)
        print(f"  {name}: {median:.1f}{ratio}; rounds {rounds}")


def print_table(corpus: str, rows: list[dict[str, float | str | int]]) -> None:
    print(f"\n## {corpus}")
    print("| tool | P | R | F1 | pages/s | median ms | p99 ms | errors | peak MB |")
    print("|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        print(
            f"| {r['tool']} | {r['P']:.3f} | {r['R']:.3f} | {r['F1']:.3f} | {r['pages/s']} | {r['median ms']} | {r['p99 ms']} | {r['errors']} | {r.get('peak MB', '-')} |"
        )
    base = next((r for r in rows if r["tool"] == "trafilatura"), None)
    if base and base["pages/s"]:
        for r in rows:
            if r["tool"] != "trafilatura":
                print(
                    f"{r['tool']}: F1 {float(r['F1']) - float(base['F1']):+.3f} vs trafilatura, speed x{float(r['pages/s']) / float(base['pages/s']):.2f}"
                )


def print_held_out(corpus: str, accurate: bool, fast: bool = False) -> None:
    """The learned stage's figures on sites held out, from the shipped models' records.

    The models learned from this corpus, so cleaner's rows above are in-sample; these
    are what benchmarks/train_model.py measured with each page's site left out.
    """
    print("cleaner rows are in-sample: the learned stage was trained on this corpus.")
    names = ["html", "html-accurate"] if accurate else ["html"] if corpus == "html" else ["text"]
    names += (["html-fast"] if corpus == "html" else ["text-fast"]) if fast else []
    before = {"html-fast": "pruning", "text-fast": "the scrape"}
    for name in names:
        figures = _model(name).meta["cross_validation"]["figures"][corpus]
        held_out = figures["with model, unseen sites"]
        heuristics = figures["heuristics"]
        print(
            f"{name} model, sites held out: P {held_out['P']:.3f} R {held_out['R']:.3f} "
            f"F1 {held_out['F1']:.3f} ({before.get(name, 'heuristics')} "
            f"alone F1 {heuristics['F1']:.3f}; "
            f"measured when the model was trained, on all {meta_pages(name)} pages)"
        )


def meta_pages(name: str) -> int:
    return int(_model(name).meta["pages"])


def _model(name: str) -> Any:
    """A shipped model file (the fast ones are not the learned stage's)."""
    from cleaner.fast.decision import fast_model
    from cleaner.fast.text import fast_text_model
    from cleaner.learned.stage import shipped_model

    fast = {"html-fast": fast_model, "text-fast": fast_text_model}
    return fast[name]() if name in fast else shipped_model(name)


def peak_mb(tool: str, corpus: str, args: argparse.Namespace) -> float:
    """Peak RSS of one tool cleaning one corpus alone, in a fresh Python process."""
    command = [
        sys.executable,
        __file__,
        "--corpus",
        corpus,
        "--tool",
        tool,
        "--shared",
        str(args.shared),
    ]
    if args.limit:
        command += ["--limit", str(args.limit)]
    if args.no_model:
        command.append("--no-model")
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    return float(json.loads(done.stdout.strip().splitlines()[-1])["peak MB"])


def own_peak_kb() -> int:
    """This process's peak RSS in kB since its exec.

    Linux carries the parent's high-water mark over fork and exec into ru_maxrss, so a
    child started by a big parent reports the parent's peak; /proc's VmHWM belongs to
    the process's own memory map only.
    """
    status = Path("/proc/self/status")
    if status.is_file():  # Linux
        for line in status.read_text("ascii").splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # elsewhere: parent stays small


def alone(args: argparse.Namespace) -> int:
    """Run one tool over one corpus and print its peak RSS as JSON (for --memory)."""
    kind = "html" if args.corpus == "html" else "text"
    if args.tool == "trafilatura":
        tool = trafilatura_tool(kind)
    else:
        tool = cleaner_tool(
            kind,
            args.tool == "cleaner --accurate",
            not args.no_model,
            args.tool == "cleaner --fast",
        )
    data = json.loads((args.shared / "benchmarks/dev-html/evaldata.json").read_text("utf-8"))
    chosen = list(data.items())[: args.limit]
    run_over(  # one page in memory at a time
        tool,
        (
            (url, page)
            for item in chosen
            for url, page, _ in load_pages_of(args.shared, args.corpus, dict([item]))
        ),
    )
    print(json.dumps({"peak MB": round(own_peak_kb() / 1024, 1)}))
    return 0


def tools_for(kind: str, args: argparse.Namespace) -> dict[str, Callable[[str | bytes, str], str]]:
    """The tools the flags ask for on one input kind, by the name their rows carry."""
    use_model = not args.no_model
    tools = {"cleaner": cleaner_tool(kind, use_model=use_model)}
    if kind == "html" and not args.no_accurate:
        tools["cleaner --accurate"] = cleaner_tool(kind, True, use_model)
    if not args.no_fast and use_model:
        tools["cleaner --fast"] = cleaner_tool(kind, fast=True)
    if not args.no_trafilatura:
        tools["trafilatura"] = trafilatura_tool(kind)
    return tools


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--corpus", choices=["html", "inscriptis", "lxml", "all"], default="all")
    parser.add_argument("--limit", type=int, default=None, help="only the first N pages")
    parser.add_argument("--cjk", action="store_true", help="only the Chinese/Japanese/Korean pages")
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED, help="the shared/ folder")
    parser.add_argument("--no-trafilatura", action="store_true", help="score cleaner only")
    parser.add_argument(
        "--no-accurate", action="store_true", help="leave out cleaner's accurate mode"
    )
    parser.add_argument("--no-fast", action="store_true", help="leave out cleaner's fast mode")
    parser.add_argument(
        "--no-model", action="store_true", help="score cleaner without its learned stage"
    )
    parser.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    parser.add_argument(
        "--memory",
        action="store_true",
        help="also measure each tool's peak RSS, each alone in a fresh process",
    )
    parser.add_argument(
        "--throughput",
        type=int,
        default=0,
        metavar="ROUNDS",
        help="also time each tool alone over the corpus, ROUNDS times (pages/s, warm)",
    )
    parser.add_argument(
        "--tool",
        choices=["cleaner", "cleaner --accurate", "cleaner --fast", "trafilatura"],
        help=argparse.SUPPRESS,
    )
    args = parser.parse_args()
    if args.tool:
        return alone(args)
    warnings.filterwarnings("ignore")
    corpora = ["html", "inscriptis", "lxml"] if args.corpus == "all" else [args.corpus]
    report: dict[str, object] = {}  # written as JSON
    for corpus in corpora:
        kind = "html" if corpus == "html" else "text"
        pages = load_pages(args.shared, corpus, args.limit, args.cjk)
        use_model = not args.no_model
        tools = tools_for(kind, args)
        print(f"{corpus}: {len(pages)} pages", file=sys.stderr)
        rows = [t.row(name) for name, t in measure(pages, tools).items()]
        if args.memory:
            for row in rows:
                row["peak MB"] = peak_mb(str(row["tool"]), corpus, args)
        print_table(f"{corpus} ({len(pages)} pages)", rows)
        if use_model:
            print_held_out(corpus, "cleaner --accurate" in tools, "cleaner --fast" in tools)
        report[corpus] = rows
        if args.throughput:
            rates = throughput(pages, tools, args.throughput)
            print_throughput(rates)
            report[f"{corpus} alone"] = [{"tool": n, "pages/s": r} for n, r in rates.items()]
    if args.json:
        args.json.write_text(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
