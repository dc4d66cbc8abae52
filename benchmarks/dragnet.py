"""Score cleaner, trafilatura and readability side by side on dragnet, with full gold.

    python benchmarks/dragnet.py [--corpus html|inscriptis|lxml] [--limit N] [--jobs N]
                                 [--no-model] [--save-pages FILE] [--json FILE]

dragnet (shared/benchmarks/dragnet, see its README) has every page's whole article cut by
hand, so every extra word a tool keeps costs precision, unlike dev-html's snippets. Gold is
the `article` field (reader comments are a separate field and count as boilerplate).

Metric (the ScrapingHub article-extraction benchmark's, as the README defines it): `\\w+`
tokens (Unicode, case kept), 4-token shingles (a text under 4 tokens is one shingle); per
page the multiset overlap of the shingles gives TP, FP and FN, each divided by TP+FP+FN.
Precision is the mean of TP/(TP+FP) over the pages with non-empty output, recall the mean
of TP/(TP+FN) over all pages, F1 the harmonic mean of the two means.

Tools, in one run on the same pages: cleaner (default, `--body-only`, `--fast`, and with
`--no-model` the heuristics alone too), trafilatura 2.3.1 without comments (on the text
renderings over the text's lines, as benchmarks/quality.py runs it on dev-text) and, on
HTML, readability-lxml.
Speed is timed around each tool's call only, on one core per job; with `--jobs` above 1
the jobs share the machine, so compare the ratios, not the pages per second.
`--save-pages FILE` writes each page's precision, recall and output length per tool, as
JSON, for benchmarks/lost.py.

cleaner's models carry a partner learned in part from these pages (train_model.py,
PARTNER_WEIGHT): cleaner's figures here, but for `--fast` and `--no-model`, are
in-sample. Its held-out figures on dragnet are train_model.py's (five folds, sites held
out), and trafilatura and readability are measured against those.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import time
import warnings
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from multiprocessing import Pool
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.quality import (  # noqa: E402
    DEFAULT_SHARED,
    cleaner_tool,
    print_table,
    tool_row,
    trafilatura_tool,
)
from cleaner import Options, clean  # noqa: E402

Tool = Callable[[str | bytes, str], str]

# The ScrapingHub benchmark's shingle length: four tokens.
SHINGLE = 4
_WORD = re.compile(r"\w+")


# Printed under the table: cleaner's default model (body-only mode's too) learned from
# dragnet in part, so their figures here are no measure of unseen pages.
IN_SAMPLE = (
    "cleaner's default and --body-only models learned in part from dragnet (train_model.py's "
    "partner): their figures here are in-sample; the held-out ones are train_model.py's"
)


def shingles(text: str) -> Counter[tuple[str, ...]]:
    """The multiset of 4-token shingles of a text; a text under 4 tokens is one shingle.

    Like the ScrapingHub benchmark's `_ngrams`: tokens keep their case, and an empty text
    is one empty shingle (it never counts: empty output is left out of precision).
    """
    words = _WORD.findall(text)
    return Counter(tuple(words[i : i + SHINGLE]) for i in range(max(1, len(words) - SHINGLE + 1)))


@dataclass(frozen=True)
class PageScore:
    """One tool's score on one page: precision None when the output is empty."""

    precision: float | None
    recall: float
    chars: int


def score_page(gold: Counter[tuple[str, ...]], output: str) -> PageScore:
    """Precision and recall of the output's shingles against the gold's, on one page."""
    if not _WORD.search(output):
        return PageScore(None, 0.0, len(output.strip()))
    got = shingles(output)
    tp = sum((gold & got).values())
    fp = sum(got.values()) - tp
    fn = sum(gold.values()) - tp
    # Normalising TP, FP and FN by their sum (the benchmark's step) leaves these ratios as is.
    return PageScore(tp / (tp + fp), tp / (tp + fn) if tp + fn else 1.0, len(output.strip()))


@dataclass
class ShingleTally:
    """Per-page scores and times of one tool on one corpus."""

    pages: dict[str, PageScore] = field(default_factory=dict)
    times: list[float] = field(default_factory=list)
    errors: int = 0

    def scores(self) -> tuple[float, float, float]:
        """Mean precision (non-empty outputs), mean recall (all pages), their harmonic mean."""
        precisions = [s.precision for s in self.pages.values() if s.precision is not None]
        precision = statistics.fmean(precisions) if precisions else 0.0
        recall = statistics.fmean(s.recall for s in self.pages.values()) if self.pages else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return precision, recall, f1

    def row(self, name: str) -> dict[str, float | str | int]:
        empty = sum(1 for s in self.pages.values() if s.precision is None)
        return {**tool_row(name, self.scores(), self.times, self.errors), "empty": empty}


# Hosts a page links to that say nothing of the page's own site.
_SHARING_HOSTS = ("twitter.com", "facebook.com", "google.com", "youtube.com", "feedburner.com")
_CANONICAL = re.compile(
    r"<link[^>]+rel=[\"']canonical[\"'][^>]*href=[\"']https?://([^/\"'?#:]+)"
    r"|property=[\"']og:url[\"'][^>]*content=[\"']https?://([^/\"'?#:]+)",
    re.IGNORECASE,
)
_LINK_HOST = re.compile(r"<a[^>]+href=[\"']https?://([^/\"'?#:]+)", re.IGNORECASE)


def registrable(host: str) -> str:
    """The site a host belongs to: news.bbc.co.uk and bbc.co.uk -> bbc.co.uk.

    Two labels, or three under a two-letter country code's generic second level
    (co.uk, com.au): close enough to group one publisher's pages, with no suffix list.
    """
    labels = host.lower().rstrip(".").removeprefix("www.").split(".")
    generic = {"co", "com", "org", "net", "ac", "gov", "edu", "ne", "or"}
    keep = 3 if len(labels) > 2 and len(labels[-1]) == 2 and labels[-2] in generic else 2
    return ".".join(labels[-keep:])


def dragnet_site(page: bytes, page_id: str) -> str:
    """The site of a dragnet page, which comes without a URL, to hold its siblings out together.

    Its canonical or og:url host when it declares one (1,009 of 1,381 pages), else the host
    it links to most (which agreed with the canonical host on 915 of the 1,009), else
    its own id. Folding by page alone would let a model learn a site's template from
    its nine siblings and score it as unseen.
    """
    head = page[:200_000].decode("utf-8", "replace")
    declared = _CANONICAL.search(head)
    if declared:
        return registrable(declared.group(1) or declared.group(2))
    hosts = Counter(
        registrable(host)
        for host in _LINK_HOST.findall(head)
        if not host.lower().endswith(_SHARING_HOSTS)
    )
    return hosts.most_common(1)[0][0] if hosts else f"dragnet:{page_id}"


def load_dragnet(shared: Path, corpus: str, limit: int | None) -> list[tuple[str, Path, str]]:
    """(page id, input path, gold article) for each dragnet page of one rendering."""
    folder = shared / "benchmarks/dragnet"
    if not (folder / "gold.json").is_file():
        return []
    gold = json.loads((folder / "gold.json").read_text("utf-8"))
    pages = []
    for page_id, entry in list(gold.items())[:limit]:
        path = folder / "html" / f"{page_id}.html"
        if corpus != "html":
            path = folder / "text" / corpus / f"{page_id}.txt"
        if path.is_file():
            pages.append((page_id, path, entry["article"] or ""))
    return pages


def readability_tool() -> Tool:
    """readability-lxml's summary, as text: one line per block element, as a browser shows it.

    `summary(html_partial=True)`: the whole-document summary wraps the article's elements
    in a new `<div>` that readability's own clean-up then drops when it is link-heavy (49
    of the 1,381 pages came out empty, recall 0.882). The partial summary leaves that
    wrapper out: 13 empty pages, P 0.928 / R 0.906 / F1 0.917, the README's figures.
    """
    import lxml.html
    from readability import Document

    def run(page: str | bytes, url: str) -> str:
        summary = Document(page, url=url or None).summary(html_partial=True)
        root = lxml.html.fromstring(summary)
        for element in root.iter(*BLOCK_TAGS):
            element.tail = "\n" + (element.tail or "")
        return str(root.xpath("string()"))  # text_content()

    return run


# Elements that end a line in a browser: without a break after them, text_content() glues
# the last word of one paragraph to the first of the next, and both shingles are lost.
BLOCK_TAGS = (
    "p",
    "div",
    "br",
    "li",
    "tr",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "pre",
    "blockquote",
    "table",
    "ul",
    "ol",
    "dd",
    "dt",
    "figcaption",
    "section",
)


def make_tools(corpus: str, no_model: bool) -> dict[str, Tool]:
    """The tools compared on this corpus, by their row names."""
    kind = "html" if corpus == "html" else "text"
    tools = {
        "cleaner": cleaner_tool(kind),
        "cleaner --body-only": body_only_tool(kind),
        "cleaner --fast": cleaner_tool(kind, fast=True),
    }
    if no_model:
        tools["cleaner --no-model"] = cleaner_tool(kind, use_model=False)
    tools["trafilatura"] = trafilatura_tool(kind)
    if kind == "html":
        tools["readability"] = readability_tool()
    return tools


def body_only_tool(kind: str) -> Tool:
    """cleaner --body-only: headline, standfirst and captions left out.

    The gold keeps the headline and captions, so this row loses recall against it where
    the default row does not; it is printed beside the default for that comparison.
    """
    options = Options(input_kind=kind, body_only=True)  # type: ignore[arg-type]

    def run(page: str | bytes, url: str) -> str:
        return clean(page, url=url, options=options)

    return run


PageRun = dict[str, tuple[PageScore, float, bool]]
_TOOLS: dict[str, Tool] = {}


def _start_worker(corpus: str, no_model: bool) -> None:
    """Build the tools once per worker process (closures do not cross processes).

    Each tool runs once on a small page first, so loading its models and word lists
    (a second or more for cleaner's) is not timed as the first page's cost.
    """
    warnings.filterwarnings("ignore")
    _TOOLS.update(make_tools(corpus, no_model))
    for tool in _TOOLS.values():
        tool(WARM_UP[corpus != "html"], "")


# A page of each kind that every tool reads without complaint (readability wants a body).
WARM_UP = (
    b"<html><head><title>Warm up</title></head><body><article><h1>Warm up</h1>"
    + b"<p>A paragraph of plain prose, long enough to be read as an article.</p>" * 5
    + b"</article></body></html>",
    b"Warm up\n\n" + b"A paragraph of plain prose, long enough to be read as an article.\n" * 5,
)


def run_page(item: tuple[str, Path, str]) -> tuple[str, PageRun]:
    """Every tool on one page: its score, its time and whether it failed.

    A tool that raises is counted as an error with empty output, and the rest goes on:
    readability raises on pages it finds no body in, cleaner refuses some inputs.
    """
    page_id, path, article = item
    raw = path.read_bytes()
    gold = shingles(article)
    done: PageRun = {}
    for name, tool in _TOOLS.items():
        start = time.perf_counter()
        failed = False
        try:
            output = tool(raw, "")
        except Exception as error:  # readability's Unparseable is a bare Exception
            print(f"  {name} failed on {page_id}: {error!r}"[:200], file=sys.stderr)
            output, failed = "", True
        done[name] = (score_page(gold, output), time.perf_counter() - start, failed)
    return page_id, done


def runs(
    pages: list[tuple[str, Path, str]], corpus: str, args: argparse.Namespace
) -> Iterator[tuple[str, PageRun]]:
    """Each page's PageRun, in page order, in this process or in `--jobs` workers."""
    if args.jobs <= 1:
        _start_worker(corpus, args.no_model)
        yield from map(run_page, pages)
        return
    with Pool(args.jobs, _start_worker, (corpus, args.no_model)) as pool:
        yield from pool.imap(run_page, pages, chunksize=8)


def measure(
    pages: list[tuple[str, Path, str]], corpus: str, args: argparse.Namespace
) -> dict[str, ShingleTally]:
    tallies: dict[str, ShingleTally] = {}
    for number, (page_id, done) in enumerate(runs(pages, corpus, args), 1):
        for name, (score, seconds, failed) in done.items():
            tally = tallies.setdefault(name, ShingleTally())
            tally.pages[page_id] = score
            tally.times.append(seconds)
            tally.errors += failed
        if number % 100 == 0:
            print(f"  {number}/{len(pages)} pages", file=sys.stderr)
    return tallies


def save_pages(path: Path, corpus: str, tallies: dict[str, ShingleTally]) -> None:
    """Each page's P, R and output length per tool, written atomically."""
    data = {
        "corpus": corpus,
        "tools": {
            name: {
                page_id: {"P": s.precision, "R": s.recall, "chars": s.chars}
                for page_id, s in tally.pages.items()
            }
            for name, tally in tallies.items()
        },
    }
    partial = path.with_name(path.name + ".partial")
    partial.write_text(json.dumps(data, indent=1), "utf-8")
    partial.replace(path)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--corpus", choices=["html", "inscriptis", "lxml"], default="html")
    parser.add_argument("--limit", type=int, default=None, help="only the first N pages")
    parser.add_argument("--jobs", type=int, default=1, help="worker processes (default 1)")
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED, help="the shared/ folder")
    parser.add_argument(
        "--no-model", action="store_true", help="also score cleaner without its learned stage"
    )
    parser.add_argument("--save-pages", type=Path, help="write per-page P/R per tool (JSON)")
    parser.add_argument("--json", type=Path, help="also write the table to this JSON file")
    args = parser.parse_args()
    if args.jobs < 1:
        parser.error("--jobs must be 1 or more")
    pages = load_dragnet(args.shared, args.corpus, args.limit)
    if not pages:
        parser.error(f"no dragnet pages under {args.shared / 'benchmarks/dragnet'}: check --shared")
    print(f"dragnet {args.corpus}: {len(pages)} pages", file=sys.stderr)
    tallies = measure(pages, args.corpus, args)
    rows = [tally.row(name) for name, tally in tallies.items()]
    print_table(f"dragnet {args.corpus} ({len(pages)} pages, shingle metric, article gold)", rows)
    print("empty outputs: " + ", ".join(f"{r['tool']} {r['empty']}" for r in rows))
    print(IN_SAMPLE)
    if args.jobs > 1:
        print(f"({args.jobs} jobs: times are per call in jobs that share the machine)")
    if args.save_pages:
        save_pages(args.save_pages, args.corpus, tallies)
    if args.json:
        args.json.write_text(json.dumps({args.corpus: rows}, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
