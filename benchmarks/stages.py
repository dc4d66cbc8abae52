"""Time per page of each pipeline stage on one corpus: where a faster cleaner must save.

    python benchmarks/stages.py [--corpus html|inscriptis|lxml] [--limit N]

Runs the stages of cleaner/pipeline.py one by one (generic heuristics, no site rules) and
prints the mean milliseconds per page each took, and its share of the total.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.quality import DEFAULT_SHARED, load_pages  # noqa: E402
from cleaner import Options  # noqa: E402
from cleaner.heuristics.signals import grade, guess_language, mark_strong  # noqa: E402
from cleaner.heuristics.smoothing import smooth  # noqa: E402
from cleaner.heuristics.span import main_span, restore_headline  # noqa: E402
from cleaner.heuristics.structure import refine  # noqa: E402
from cleaner.learned.stage import relearn  # noqa: E402
from cleaner.read.html_prune import prune  # noqa: E402
from cleaner.read.html_walk import html_blocks  # noqa: E402
from cleaner.read.lexicon import load_lexicon  # noqa: E402
from cleaner.read.loader import load, to_text  # noqa: E402
from cleaner.read.parse import parse_html  # noqa: E402
from cleaner.read.text_lines import text_blocks  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--corpus", choices=["html", "inscriptis", "lxml"], default="html")
    parser.add_argument("--limit", type=int)
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED, help="the shared/ folder")
    args = parser.parse_args()
    options = Options(input_kind="html" if args.corpus == "html" else "text")
    lexicon = load_lexicon()
    tuning = options.tuning
    spent: dict[str, float] = defaultdict(float)
    pages = load_pages(args.shared, args.corpus, args.limit)

    def timed(stage: str, step, *arguments):  # type: ignore[no-untyped-def]
        start = time.process_time()
        out = step(*arguments)
        spent[stage] += time.process_time() - start
        return out

    parse_seconds = 0.0
    for _url, raw, _entry in pages:
        page = timed("load (decode, parse)", load, raw, options)
        if page.tree is not None:  # the parse alone, again, for its share of the load
            text = to_text(raw, options.max_bytes)
            start = time.process_time()
            parse_html(text)
            parse_seconds += time.process_time() - start
        if page.tree is not None:
            body = page.tree.find("body")
            pruned = timed("prune", prune, page.tree, None, lexicon)
            root = body if body is not None else page.tree
            blocks = timed(
                "blocks (walk)", html_blocks, root, pruned.marks, pruned.article_like, pruned.tokens
            )
        else:
            blocks = timed("blocks (lines)", text_blocks, page.text)
        language = timed("language", guess_language, blocks, lexicon)
        blocks = timed("strong signals", mark_strong, blocks, lexicon)
        blocks = timed("grades", grade, blocks, lexicon, language, tuning)
        blocks = timed("smoothing", smooth, blocks, tuning)
        blocks = timed("span", main_span, blocks, tuning, page.title)
        blocks = timed("structure", refine, blocks, tuning)
        blocks = timed("headline", restore_headline, blocks, page.title, tuning)
        timed("learned", relearn, blocks, page.kind, lexicon, language)
    total = sum(spent.values())
    print(f"{args.corpus}: {len(pages)} pages, {total / len(pages) * 1000:.2f} ms per page")
    for stage, seconds in spent.items():
        print(f"  {stage:22} {seconds / len(pages) * 1000:6.2f} ms  {seconds / total:5.1%}")
        if stage.startswith("load") and parse_seconds:
            each = parse_seconds / len(pages) * 1000
            print(f"    of which the parse (lexbor + lxml) {each:.2f} ms  {parse_seconds / total:5.1%}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
