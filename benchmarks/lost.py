"""No lost articles: the pages where cleaner misses most of the article and trafilatura does not.

    python benchmarks/lost.py [--sets dev-html,dragnet,golden] [--limit N]
                              [--dragnet-pages FILE] [--save FILE]
    python benchmarks/lost.py --merge FILE... [--save FILE]

A page is lost by a cleaner mode (default, fast) when its recall is below LOST_BELOW
while trafilatura's (2.3.1, without comments) is at least KEPT_FROM on the same page:
  - dev-html: recall is the share of the page's `with` segments found in the output
    ("found" as in benchmarks/quality.py); pages without `with` segments are left out;
  - dragnet (HTML): shingle recall against the `article` gold (benchmarks/dragnet.py);
    `--dragnet-pages FILE`, written by `dragnet.py --save-pages`, gives trafilatura's
    recall so it is not run again (cleaner always runs, on the code as it is);
  - golden: token recall against expected.txt (cleaner/output/evaluate.py), every case; on
    text cases trafilatura runs over the text's lines as on dev-text.
cleaner runs as a user runs it, the input's kind detected (quality.py and dragnet.py
tell it the kind): a page read as the wrong kind shows here. Each lost page is listed
with both recalls, cleaner's output length, and the cause: the reason of the dropped
blocks that held most of the gold text (its share of the gold tokens after the kept
text's). The causes are tallied by kind (numbers, quoted words and tags folded) and as given.
`--merge` prints the lists and tallies of `--save` files written by runs of separate sets
(run them side by side: dev-html and dragnet take minutes each).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
import warnings
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.dragnet import load_dragnet, score_page, shingles  # noqa: E402
from benchmarks.quality import DEFAULT_SHARED, load_pages, trafilatura_tool  # noqa: E402
from cleaner import Options, clean_page  # noqa: E402
from cleaner.errors import CleanerError  # noqa: E402
from cleaner.output.evaluate import token_score, tokens  # noqa: E402
from cleaner.page import Result  # noqa: E402

# Set by issue 18: cleaner below half the article where trafilatura finds nearly all of it
# is a page thrown away, not a close call.
LOST_BELOW = 0.5
KEPT_FROM = 0.9
MODES = {"cleaner": False, "cleaner --fast": True}
SETS = ("dev-html", "dragnet", "golden")


@dataclass(frozen=True)
class Case:
    """One page of one set: its input, its gold and how recall is measured on it."""

    page: str
    raw: bytes
    url: str
    kind: str  # what the input is, "html" or "text": trafilatura is run accordingly
    gold: str  # the gold text, for the cause of a loss
    recall: Callable[[str], float]


@dataclass(frozen=True)
class Lost:
    """One page a cleaner mode lost, with the cause found for it."""

    page: str
    url: str
    cleaner_recall: float
    trafilatura_recall: float
    chars: int
    cause: str
    reason: str
    share: float


def found_share(with_: list[str]) -> Callable[[str], float]:
    """Share of the `with` segments found in an output (white space collapsed)."""

    def recall(output: str) -> float:
        text = " ".join(output.split())
        hits = sum(1 for s in with_ if text and " ".join(s.split()) in text)
        return hits / len(with_)

    return recall


def dev_html_cases(shared: Path, limit: int | None) -> Iterator[Case]:
    for url, raw, entry in load_pages(shared, "html", limit):
        with_ = entry.get("with", [])
        if with_:
            yield Case(entry["file"], raw, url, "html", "\n".join(with_), found_share(with_))


def dragnet_cases(shared: Path, limit: int | None) -> Iterator[Case]:
    for page_id, path, article in load_dragnet(shared, "html", limit):
        gold = shingles(article)
        yield Case(
            page_id,
            path.read_bytes(),
            "",
            "html",
            article,
            lambda output, gold=gold: score_page(gold, output).recall,  # type: ignore[misc]
        )


def golden_cases() -> Iterator[Case]:
    from tests.golden import discover

    for case in discover():
        if case.input_path is None:
            continue
        expected = case.expected
        yield Case(
            case.name,
            case.input_path.read_bytes(),
            case.meta.get("url") or "",
            case.meta["kind"],
            expected,
            lambda output, expected=expected: token_score(expected, output).recall,  # type: ignore[misc]
        )


# Found when a dev-html page was "lost" with its words all kept: soft hyphens (U+00AD)
# inside the words split them, so neither a segment search nor a word search finds them.
INVISIBLE_SPLIT = "output: invisible characters (soft hyphens ...) split the kept words"


def fold(reason: str) -> str:
    """The reason's head, numbers folded: the page's own figures and feature lists go.

    Quoted words stay ("class/id word 'sidebar'"): which word pruned an article is what
    a fix needs; `kind_of` folds them too for the coarser tally.
    """
    return re.sub(r"\d+(\.\d+)?", "N", reason.split(" (", 1)[0])[:90]


def kind_of(key: str) -> str:
    """A folded cause with its quoted words and tags folded too, as misses.py folds reasons."""
    return re.sub(r"'[^']*'|\"[^\"]*\"|<[^>]*>", "X", key)


def visible(text: str) -> str:
    """The text without Unicode format characters (soft hyphen, zero-width space ...)."""
    return "".join(c for c in text if unicodedata.category(c) != "Cf")


def cause(result: Result, gold: str) -> tuple[str, str, float]:
    """(folded reason, full reason, share of the gold tokens) of the loss's main cause.

    The gold tokens the kept text already holds are taken out first; those it holds only
    once format characters are taken out are claimed by INVISIBLE_SPLIT; each dropped
    block then claims the gold tokens it holds, in page order, for its decision's reason.
    """
    gold_tokens = tokens(gold)
    split = gold_tokens - tokens(result.text)
    remaining = gold_tokens - tokens(visible(result.text))
    claimed: Counter[str] = Counter({INVISIBLE_SPLIT: sum((split - remaining).values())})
    full = {INVISIBLE_SPLIT: INVISIBLE_SPLIT}
    for block in result.blocks:
        if block.kept or block.decision is None:
            continue
        hit = tokens(visible(block.text)) & remaining
        remaining -= hit
        key = f"{block.decision.stage}: {fold(block.decision.reason)}"
        claimed[key] += sum(hit.values())
        full.setdefault(key, f"{block.decision.stage}: {block.decision.reason}"[:160])
    key, count = claimed.most_common(1)[0]
    if count == 0:
        where = "no dropped block holds the gold text"
        return f"{where} (read as {result.kind})", where, 0.0
    return key, full[key], count / (sum(gold_tokens.values()) or 1)


def lost_in(cases: Iterator[Case], known: dict[str, float]) -> dict[str, list[Lost]]:
    """Each mode's lost pages among the cases; `known`: trafilatura's recall by page."""
    trafilatura = {"html": trafilatura_tool("html"), "text": trafilatura_tool("text")}
    lost: dict[str, list[Lost]] = {mode: [] for mode in MODES}
    for number, case in enumerate(cases, 1):
        if number % 100 == 0:
            print(f"  {number} pages", file=sys.stderr)
        theirs = known.get(case.page)
        if theirs is None:
            theirs = case.recall(trafilatura[case.kind](case.raw, case.url))
        if theirs < KEPT_FROM:
            continue
        for mode, fast in MODES.items():
            options = Options(fast=fast)  # the input's kind detected, as a user runs it
            try:
                result = clean_page(case.raw, url=case.url or None, options=options)
            except CleanerError as error:
                print(f"  {mode} refused {case.page}: {error}", file=sys.stderr)
                result = Result(text="", error=str(error))
            ours = case.recall(result.text)
            if ours < LOST_BELOW:
                key, reason, share = cause(result, case.gold)
                chars = len(result.text)
                lost[mode].append(
                    Lost(case.page, case.url, ours, theirs, chars, key, reason, share)
                )
    return lost


def print_lost(name: str, lost: dict[str, list[Lost]]) -> None:
    for mode, pages in lost.items():
        print(f"\n## {name}, {mode}: {len(pages)} lost")
        for p in pages:
            print(
                f"- {p.page}: cleaner {p.cleaner_recall:.2f}, trafilatura {p.trafilatura_recall:.2f}, "
                f"{p.chars} chars; {p.reason} ({p.share:.0%} of the gold)"
            )


def print_summary(report: dict[str, dict[str, list[Lost]]]) -> None:
    print("\n## Counts (cleaner recall < 0.5, trafilatura's >= 0.9)")
    print("| set | " + " | ".join(MODES) + " |")
    print("|---|" + "---|" * len(MODES))
    for name, lost in report.items():
        print(f"| {name} | " + " | ".join(str(len(lost[mode])) for mode in MODES) + " |")
    for mode in MODES:
        causes = [p.cause for lost in report.values() for p in lost[mode]]
        print(f"\n## Causes, {mode} (by kind, then as given)")
        for key, count in Counter(map(kind_of, causes)).most_common():
            print(f"{count:4d}  {key}")
        print()
        for key, count in Counter(causes).most_common():
            print(f"{count:4d}  {key}")


def trafilatura_known(path: Path | None) -> dict[str, float]:
    """trafilatura's recall per dragnet page from a `dragnet.py --save-pages` file."""
    if path is None:
        return {}
    data = json.loads(path.read_text("utf-8"))
    if data.get("corpus") != "html" or "trafilatura" not in data.get("tools", {}):
        raise SystemExit(f"{path}: not a dragnet.py --save-pages file of the html corpus")
    return {page: float(s["R"]) for page, s in data["tools"]["trafilatura"].items()}


def merged(paths: list[Path]) -> dict[str, dict[str, list[Lost]]]:
    """The lists of several `--save` files (sets run in separate processes), as one report."""
    report: dict[str, dict[str, list[Lost]]] = {}
    for path in paths:
        try:
            data = json.loads(path.read_text("utf-8"))
            for name, lost in data.items():
                report[name] = {m: [Lost(**p) for p in pages] for m, pages in lost.items()}
        except (OSError, ValueError, TypeError, AttributeError) as error:
            raise SystemExit(f"{path}: not a lost.py --save file ({error})") from error
    return report


def save(path: Path, report: dict[str, dict[str, list[Lost]]]) -> None:
    """The lists as JSON, written atomically."""
    data = {
        name: {m: [asdict(p) for p in pages] for m, pages in lost.items()}
        for name, lost in report.items()
    }
    partial = path.with_name(path.name + ".partial")
    partial.write_text(json.dumps(data, indent=1, ensure_ascii=False), "utf-8")
    partial.replace(path)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--sets", default=",".join(SETS), help="comma-separated, of " + ", ".join(SETS)
    )
    parser.add_argument("--limit", type=int, help="only the first N pages of dev-html and dragnet")
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED, help="the shared/ folder")
    parser.add_argument("--dragnet-pages", type=Path, help="dragnet.py --save-pages output (html)")
    parser.add_argument("--save", type=Path, help="also write the lists to this JSON file")
    parser.add_argument(
        "--merge", type=Path, nargs="+", help="print the lists of these --save files, run nothing"
    )
    args = parser.parse_args()
    sets = [s.strip() for s in args.sets.split(",") if s.strip()]
    unknown = sorted(set(sets) - set(SETS))
    if unknown:
        parser.error(f"unknown set {', '.join(unknown)}: choose from {', '.join(SETS)}")
    report = merged(args.merge) if args.merge else run_sets(sets, args)
    if args.merge:
        for name, lost in report.items():
            print_lost(name, lost)
    print_summary(report)
    if args.save:
        save(args.save, report)
    return 0


def run_sets(sets: list[str], args: argparse.Namespace) -> dict[str, dict[str, list[Lost]]]:
    """Each set's lost pages, printed as each set is done."""
    warnings.filterwarnings("ignore")
    sources = {
        "dev-html": lambda: dev_html_cases(args.shared, args.limit),
        "dragnet": lambda: dragnet_cases(args.shared, args.limit),
        "golden": golden_cases,
    }
    report: dict[str, dict[str, list[Lost]]] = {}
    for name in sets:
        print(f"{name} ...", file=sys.stderr)
        known = trafilatura_known(args.dragnet_pages) if name == "dragnet" else {}
        report[name] = lost_in(sources[name](), known)
        print_lost(name, report[name])
    return report


if __name__ == "__main__":
    raise SystemExit(main())
