"""The main-content span: article text is mostly contiguous, furniture gathers around it.

Each block scores what it adds to the article (kept prose counts its length, dropped
blocks cost theirs, a furniture section head such as "Related Posts" costs a lot), and the
best-scoring contiguous run of blocks (maximum subarray) is the article. Kept blocks
outside it are head or tail furniture. Then the headline above the span is put back.
"""

from __future__ import annotations

import re
from dataclasses import replace

from cleaner.lexicon import normalize_phrase
from cleaner.model import Block, Decision, Quality, Verdict
from cleaner.options import Tuning

STAGE = "span"
# A dropped block never costs more than this many characters: one long table of figures or
# one big menu should not cut an article in two.
MAX_BLOCK_COST = 500.0
_SENTENCE_END = re.compile(r"[.;:,]['\"”’»)]*$")
_TITLE_SPLIT = re.compile(r"\s+[|–—:·•-]\s+|\s+[|]\s*")


def block_score(block: Block, tuning: Tuning) -> float:
    """What a block adds to (or costs) the article span, in characters."""
    length = len(block.text)
    decision = block.decision
    if decision is None or not decision.keep:
        if block.section_end:
            return -tuning.span_section_cost
        if block.quality is Quality.SHORT:
            return -tuning.span_short_cost
        return -min(length + tuning.span_bad_cost, MAX_BLOCK_COST)
    if decision.final or block.quality is Quality.GOOD:
        return length * tuning.span_good_weight
    return length * tuning.span_neargood_weight


def best_span(scores: list[float]) -> tuple[int, int]:
    """Kadane's maximum subarray: (start, end) inclusive, or (0, -1) when nothing scores."""
    best, best_range = 0.0, (0, -1)
    running, start = 0.0, 0
    for i, score in enumerate(scores):
        if running <= 0:
            running, start = score, i
        else:
            running += score
        if running > best:
            best, best_range = running, (start, i)
    return best_range


def main_span(blocks: list[Block], tuning: Tuning) -> list[Block]:
    """Drop kept blocks outside the best span; keep weakly graded blocks inside it.

    Inside the span only strong evidence drops a block (a signal, pruning, a rule, link
    density): stop-word density and length are too weak to cut a heading or a list item
    out of the middle of an article.
    """
    start, end = best_span([block_score(b, tuning) for b in blocks])
    revised = []
    for block in blocks:
        if block.index < start or block.index > end:
            block = _outside(block, "head" if block.index < start else "tail")
        else:
            block = _inside(block, tuning)
        revised.append(block)
    return revised


def _outside(block: Block, where: str) -> Block:
    if not block.kept or block.is_final:
        return block
    reason = f"outside the main-content span ({where} furniture)"
    return replace(block, decision=Decision(Verdict.DROP, reason, STAGE))


def _inside(block: Block, tuning: Tuning) -> Block:
    decision = block.decision
    if decision is None or decision.keep or decision.stage != "smoothing":
        return block
    if block.link_density > tuning.max_link_density:
        return block
    reason = f"inside the main-content span (alone: {decision.reason})"
    return replace(block, decision=Decision(Verdict.KEEP, reason, STAGE))


def restore_headline(blocks: list[Block], title: str, tuning: Tuning) -> list[Block]:
    """Keep the article's headline, which the span leaves out as too short.

    The headline is the block matching the page title, else the nearest headline-like
    block above the first kept block.
    """
    kept = [b.index for b in blocks if b.kept]
    if not kept:
        return blocks
    first = kept[0]
    found = _title_match(blocks, title, first, tuning)
    if found is None:
        found = _headline_above(blocks, first, tuning)
    if found is None:
        return blocks
    index, reason = found
    if blocks[index].is_final and not blocks[index].kept:
        return blocks
    decision = Decision(Verdict.KEEP, reason, STAGE)
    return [replace(b, decision=decision) if b.index == index else b for b in blocks]


def _title_match(
    blocks: list[Block], title: str, first: int, tuning: Tuning
) -> tuple[int, str] | None:
    """The last block above the article whose text is the page title (or its main part)."""
    names = _title_variants(title)
    if not names:
        return None
    if any(b.kept and normalize_phrase(b.text) in names for b in blocks[first : first + 3]):
        return None
    for block in reversed(blocks[:first]):
        if normalize_phrase(block.text) in names and block.decision is not None:
            return block.index, "headline: matches the page title"
    return None


def _title_variants(title: str) -> set[str]:
    """The title and its parts split at separators (' | Site', ' - Site')."""
    if not title:
        return set()
    parts = [title, *_TITLE_SPLIT.split(title)]
    return {normalize_phrase(p) for p in parts if len(p.split()) >= 2}


def _headline_above(blocks: list[Block], first: int, tuning: Tuning) -> tuple[int, str] | None:
    """The nearest headline-like block above the first kept one, skipping furniture."""
    if _headline_like(blocks[first], tuning) or blocks[first].heading_level:
        return None
    for block in reversed(blocks[max(0, first - tuning.headline_lookback) : first]):
        dropped_by_signal = block.decision is not None and block.decision.stage in (
            "signals",
            "html_prune",
            "rule",
        )
        if dropped_by_signal:
            continue
        if _headline_like(block, tuning) or block.heading_level in (1, 2):
            return block.index, "headline: nearest headline-like block above the article"
    return None


def _headline_like(block: Block, tuning: Tuning) -> bool:
    count = len(block.text.split())
    return (
        3 <= count <= tuning.headline_max_words
        and not _SENTENCE_END.search(block.text)
        and not block.text.endswith(".")
        and block.link_density < 0.5
        and "\n" not in block.text
    )
