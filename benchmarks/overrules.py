"""Where the learned stage overrules the heuristics on dragnet, and whether it was right.

    python benchmarks/overrules.py [--corpus dragnet|dragnet-inscriptis|dragnet-lxml]
                                   [--limit N] [--show CAUSE] [--top N]

For every block whose verdict the model turned (the learned stage's decision revises one
of the heuristics), the block is article text or furniture by the page's full gold
(benchmarks/categories.py's Gold: most of its 4-token shingles in the gold), and the words
are tallied by direction (the model keeps / drops) and by the heuristic decision it
overruled (stage and cause). A row where the model drops mostly article text, or keeps
mostly furniture, names a heuristic decision the model should leave alone or a guard it
lacks: session 22 found so that the HTML model dropped the short posts the heuristics had
found (7,221 words of gold against 23 of furniture), and learned.left_alone now keeps
them. `--show CAUSE` lists the overruled blocks of one cause, with their page. The
models learned in part from dragnet (train_model.py's partner): the verdicts here are
in-sample, good for finding a pattern, not for figures.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.categories import Gold  # noqa: E402
from benchmarks.dragnet import load_dragnet  # noqa: E402
from benchmarks.misses import DRAGNET  # noqa: E402
from benchmarks.quality import DEFAULT_SHARED  # noqa: E402
from cleaner import Options  # noqa: E402
from cleaner.errors import CleanerError  # noqa: E402
from cleaner.page import Block  # noqa: E402
from cleaner.pipeline import clean_page  # noqa: E402


class Overrule(NamedTuple):
    """One block the model turned: the way it turned, what it overruled, and the gold's say."""

    keeps: bool  # the model keeps what the heuristics dropped
    overruled: str  # the heuristic decision's stage and cause
    article: bool  # the block is article text by the gold
    words: int
    text: str


def overrules(blocks: Sequence[Block], gold: Gold) -> Iterator[Overrule]:
    """The blocks of one page whose heuristic verdict the learned stage turned."""
    for block in blocks:
        decision = block.decision
        if decision is None or decision.stage != "learned" or decision.prior is None:
            continue
        prior = decision.prior
        if prior.keep == decision.keep:
            continue  # a note that the model left the block alone, not a turn
        yield Overrule(
            decision.keep,
            f"{prior.stage}: {prior.cause.value}",
            gold.holds(block.text),
            len(block.text.split()),
            " ".join(block.text.split())[:100],
        )


def table(found: Sequence[Overrule]) -> str:
    """Per direction and overruled decision: blocks, article words, furniture words."""
    blocks: Counter[tuple[bool, str]] = Counter()
    article: Counter[tuple[bool, str]] = Counter()
    furniture: Counter[tuple[bool, str]] = Counter()
    for turn in found:
        key = (turn.keeps, turn.overruled)
        blocks[key] += 1
        (article if turn.article else furniture)[key] += turn.words
    rows = [
        "| the model | overruled | blocks | article words | furniture words |",
        "|---|---|---|---|---|",
    ]
    for key in sorted(blocks, key=lambda k: -(article[k] + furniture[k])):
        verb = "keeps" if key[0] else "drops"
        rows.append(
            f"| {verb} | {key[1]} | {blocks[key]} | {article[key]:,} | {furniture[key]:,} |"
        )
    return "\n".join(rows)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--corpus", choices=list(DRAGNET), default="dragnet")
    parser.add_argument("--limit", type=int)
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    parser.add_argument("--show", help="list the overruled blocks whose cause holds this")
    parser.add_argument("--top", type=int, default=30, help="with --show: at most this many")
    args = parser.parse_args()
    rendering = DRAGNET[args.corpus]
    pages = load_dragnet(args.shared, rendering, args.limit)
    if not pages:
        print(f"no dragnet pages under {args.shared}: check --shared", file=sys.stderr)
        return 2
    options = Options(input_kind="html" if rendering == "html" else "text")
    found: list[Overrule] = []
    shown: list[str] = []
    for page_id, path, article in pages:
        try:
            result = clean_page(path.read_bytes(), options)
        except CleanerError as error:
            print(f"  {page_id}: {error}", file=sys.stderr)
            continue
        for turn in overrules(result.blocks, Gold(article)):
            found.append(turn)
            if args.show and args.show in turn.overruled:
                gold = "article" if turn.article else "furniture"
                shown.append(f"{page_id} {turn.overruled} ({gold}): {turn.text}")
    print(f"## dragnet {rendering}: {len(pages)} pages, {len(found)} blocks overruled\n")
    print(table(found))
    if shown:
        print(f"\n### {args.show}\n" + "\n".join(shown[: args.top]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
