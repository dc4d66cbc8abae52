"""A paragraph the page prints twice is kept once.

Pages and their scrapes carry second copies of the article: a print version under the
screen one, a reprint box, a mobile twin (dragnet 429: a news site's scrape holds its
three paragraphs three times, and all three copies were kept). A run of two kept
paragraphs or more (of at least `copy_min_chars` each) that copies a run above goes. One
paragraph said twice stays: a settings page gives two settings one description, and a
hand-cut page keeps both (golden fifplay). Headings, list items and numbered or starred
lines are left alone too: a table of contents repeats the headings below it, and a
hand-cut article keeps both (dragnet 99 and R743).

It runs last among the heuristics, and the learned stage never revisits a copy.
"""

from __future__ import annotations

import re

from cleaner.heuristics.span import STAGE
from cleaner.options import Tuning
from cleaner.page import Block, BlockKind, Decision, Verdict, revise
from cleaner.read.lexicon import squash
from cleaner.reasons import Cause, values

_ENUMERATED = re.compile(r"^\W{0,2}(?:\d{1,3}|[a-z])[.)\]:]\s|^\s*[*•◦▪-]")


def drop_copies(blocks: list[Block], tuning: Tuning) -> list[Block]:
    """Drop every kept paragraph that copies one above, as part of a copied run of two or more."""
    paragraphs = [b for b in blocks if b.kept and not b.is_final and _paragraph(b, tuning)]
    first: dict[str, int] = {}
    origin: dict[int, int] = {}  # a copy's place among the paragraphs -> its original's
    for place, block in enumerate(paragraphs):
        original = first.setdefault(squash(block.text), place)
        if original != place:
            origin[place] = original
    revised = list(blocks)
    for place, original in origin.items():
        if origin.get(place + 1) != original + 1 and origin.get(place - 1) != original - 1:
            continue  # one paragraph said twice (two settings, one description): not a copy
        block, source = paragraphs[place], paragraphs[original]
        why = values(first=source.index, text=source.text[:40])
        decision = Decision(Verdict.DROP, STAGE, Cause.COPY, why, prior=block.decision)
        revised[block.index] = revise(block, decision=decision)
    return revised


def _paragraph(block: Block, tuning: Tuning) -> bool:
    """A paragraph of prose long enough that a second copy is no coincidence."""
    if len(block.text) < tuning.copy_min_chars or block.bullet or block.heading_level:
        return False
    return block.kind not in _LISTED and not _ENUMERATED.match(block.text)


_LISTED = frozenset({BlockKind.HEADING, BlockKind.ITEM, BlockKind.ROW, BlockKind.PRE})
