"""Where cleaner loses segments, tallied by the reason of the decision or by category.

    python benchmarks/misses.py [--corpus html|inscriptis|lxml] [--limit N] [--show REASON]
    python benchmarks/misses.py --corpus dragnet|dragnet-inscriptis|dragnet-lxml [--fast]
                                [--limit N] [--show CATEGORY] [--json FILE]

Dev corpus: for every `with` segment missing from the output (a false negative) and every
`without` segment present (a false positive), find the block holding the segment's first
words and count the reason that block ended as it did (numbers folded to N). `--show`
prints the segments behind one reason, with their page, so a person can read what the
signal did.

dragnet (full gold, article part): every block is content when most of its 4-token
shingles are in the page's gold (a block under 4 tokens: it is a whole line of the
gold), else furniture. Kept furniture and lost content are tallied in blocks and
words by category (teaser/related list, comments, count lists/tag clouds, repeated
lines/captions, byline/date lines, other; benchmarks/categories.py), with rules on the
block's own text and tags that do not ask cleaner's signals. The run also prints
cleaner's shingle P/R/F1 (benchmarks/dragnet.py's metric) on the same pages.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.categories import CategoryTally, Gold  # noqa: E402
from benchmarks.dragnet import ShingleTally, load_dragnet, score_page  # noqa: E402
from benchmarks.dragnet import shingles as shingles_of  # noqa: E402
from benchmarks.quality import DEFAULT_SHARED, load_pages  # noqa: E402
from cleaner import Options  # noqa: E402
from cleaner.errors import CleanerError  # noqa: E402
from cleaner.page import Block  # noqa: E402
from cleaner.pipeline import clean_page  # noqa: E402


def squash(text: str) -> str:
    return " ".join(text.split())


def reason_key(reason: str) -> str:
    """The reason without the block's own words and numbers, so alike reasons add up."""
    reason = re.sub(r"\(alone: .*\)", "(alone: ...)", reason)
    reason = re.sub(r"'[^']*'|\"[^\"]*\"|<[^>]*>", "X", reason)
    return re.sub(r"\d+(\.\d+)?", "N", reason)[:90]


def holder(segment: str, blocks: Sequence[Block]) -> str:
    """The reason of the block that holds the segment's start ('no block' when none)."""
    probe = squash(segment)[:40]
    for block in blocks:
        if probe and probe in squash(block.text):
            decision = block.decision
            return f"{decision.stage}: {reason_key(decision.reason)}" if decision else "none"
    return "no block holds it"


DEV = ("html", "inscriptis", "lxml")
DRAGNET = {"dragnet": "html", "dragnet-inscriptis": "inscriptis", "dragnet-lxml": "lxml"}


def dragnet_misses(args: argparse.Namespace) -> int:
    """Kept furniture and lost content on dragnet by category, with the shingle scores."""
    rendering = DRAGNET[args.corpus]
    pages = load_dragnet(args.shared, rendering, args.limit)
    if not pages:
        print(f"no dragnet pages under {args.shared}: check --shared", file=sys.stderr)
        return 2
    kind = "html" if rendering == "html" else "text"
    options = Options(input_kind=kind, fast=args.fast)  # type: ignore[arg-type]
    tally, scores = CategoryTally(), ShingleTally()
    for page_id, path, article in pages:
        try:
            result = clean_page(path.read_bytes(), options)
        except CleanerError as error:
            print(f"  {page_id}: {error}", file=sys.stderr)
            scores.errors += 1
            continue
        tally.add_page(page_id, result.blocks, Gold(article))
        scores.pages[page_id] = score_page(shingles_of(article), result.text)
    precision, recall, f1 = scores.scores()
    mode = " --fast" if args.fast else ""
    print(
        f"## dragnet {rendering}{mode}: {len(pages)} pages, shingle P {precision:.4f} "
        f"R {recall:.4f} F1 {f1:.4f}, {scores.errors} errors\n"
    )
    print(tally.table())
    if args.show:
        for key, lines in sorted(tally.examples.items()):
            if args.show in key:
                print(f"\n### {key}")
                print("\n".join(lines[: args.top]))
    if args.json:
        args.json.write_text(json.dumps({"P": precision, "R": recall, "F1": f1, **tally.as_json()}))
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--corpus", choices=[*DEV, *DRAGNET], default="html")
    parser.add_argument("--limit", type=int)
    parser.add_argument("--show", help="print the segments lost to reasons starting with this")
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED, help="the shared/ folder")
    parser.add_argument("--fast", action="store_true", help="dragnet: tally fast mode")
    parser.add_argument("--json", type=Path, help="dragnet: also write the counts here")
    args = parser.parse_args()
    if args.corpus in DRAGNET:
        return dragnet_misses(args)
    misses, extras, examples = dev_misses(args)
    for title, counter in (
        ("false negatives (lost article text)", misses),
        ("false positives (kept boilerplate)", extras),
    ):
        print(f"\n## {title}: {sum(counter.values())}")
        for key, count in counter.most_common(args.top):
            print(f"{count:5d}  {key}")
    if args.show:
        for key, lines in examples.items():
            if key[3:].startswith(args.show) or key.startswith(args.show):
                print(f"\n### {key}")
                print("\n".join(lines[:40]))
    return 0


def dev_misses(
    args: argparse.Namespace,
) -> tuple[Counter[str], Counter[str], dict[str, list[str]]]:
    """A dev corpus's lost segments and kept boilerplate, counted by the block holding them."""
    kind = "html" if args.corpus == "html" else "text"
    misses: Counter[str] = Counter()
    extras: Counter[str] = Counter()
    examples: dict[str, list[str]] = defaultdict(list)
    for url, raw, entry in load_pages(args.shared, args.corpus, args.limit):
        try:
            result = clean_page(raw, Options(input_kind=kind, url=url))  # type: ignore[arg-type]
        except CleanerError:
            continue
        text = squash(result.text)
        for segment in entry.get("with", []):
            if squash(segment) not in text:
                key = holder(segment, result.blocks)
                misses[key] += 1
                examples["FN " + key].append(f"{entry['file']}: {segment[:100]}")
        for segment in entry.get("without", []):
            if squash(segment) in text:
                key = holder(segment, result.blocks)
                extras[key] += 1
                examples["FP " + key].append(f"{entry['file']}: {segment[:100]}")
    return misses, extras, examples


if __name__ == "__main__":
    raise SystemExit(main())
