"""A paragraph the page prints twice is kept once.

Pages and their scrapes carry second copies of the article: a print version under the
screen one, a reprint box, a mobile twin (dragnet 429: a news site's scrape holds its
three paragraphs three times, and all three copies were kept). A run of two kept
paragraphs or more (of at least `copy_min_chars` each) that repeats the run right before
it goes. What a page repeats on purpose has text between the copies and stays: a chorus
after a verse, one description under two settings (golden fifplay), a changelog entry
under two releases. Headings, list items (and paragraphs inside them) and numbered or
starred lines are left alone too: a table of contents repeats the headings below it, and
a hand-cut article keeps both (dragnet 99 and R743).

It runs last among the heuristics, and the learned stage never revisits a copy.
"""

from __future__ import annotations

import re

from cleaner.heuristics.span import STAGE
from cleaner.options import Tuning
from cleaner.page import LIST_TAGS, Block, BlockKind, Decision, Verdict, revise
from cleaner.read.lexicon import squash
from cleaner.reasons import Cause, values

_ENUMERATED = re.compile(r"^\W{0,2}(?:\d{1,3}|[a-z])[.)\]:]\s|^\s*[*•◦▪-]")


def drop_copies(blocks: list[Block], tuning: Tuning) -> list[Block]:
    """Drop each kept run of two paragraphs or more that repeats the run right before it.

    Most pages repeat no long text at all: one look at the kept texts settles those.
    """
    long_texts = [squash(b.text) for b in blocks if b.kept and len(b.text) >= tuning.copy_min_chars]
    if len(set(long_texts)) == len(long_texts):
        return blocks
    paragraphs = [b for b in blocks if b.kept and not b.is_final and _paragraph(b, tuning)]
    revised = list(blocks)
    for low, high, original in _copied_runs(paragraphs):
        for place in range(low, high + 1):
            block, source = paragraphs[place], paragraphs[original + place - low]
            why = values(first=source.index, text=source.text[:40])
            decision = Decision(Verdict.DROP, STAGE, Cause.COPY, why, prior=block.decision)
            revised[block.index] = revise(block, decision=decision)
    return revised


def _copied_runs(paragraphs: list[Block]) -> list[tuple[int, int, int]]:
    """(first, last, original's first) places of each run that copies the run before it.

    A paragraph's original is its latest earlier occurrence. A run is a stretch of copies
    whose originals follow one another; it copies the run before it when its originals
    end right where it starts (A B C A B C): a chorus sung again after a verse, or one
    description under two settings, has text between.
    """
    latest: dict[str, int] = {}
    origin: dict[int, int] = {}
    for place, block in enumerate(paragraphs):
        text = squash(block.text)
        if text in latest:
            origin[place] = latest[text]
        latest[text] = place
    runs = []
    place = 0
    while place < len(paragraphs):
        if place not in origin:
            place += 1
            continue
        low = place
        while origin.get(place + 1) == origin[place] + 1:
            place += 1
        if place > low and origin[place] == low - 1:
            runs.append((low, place, origin[low]))
        place += 1
    return runs


def _paragraph(block: Block, tuning: Tuning) -> bool:
    """A paragraph of prose long enough that a second copy is no coincidence."""
    if len(block.text) < tuning.copy_min_chars or block.bullet or block.heading_level:
        return False
    if block.kind in _LISTED or _ENUMERATED.match(block.text):
        return False
    return not block.inside(LIST_TAGS)


_LISTED = frozenset({BlockKind.HEADING, BlockKind.ITEM, BlockKind.ROW, BlockKind.PRE})
