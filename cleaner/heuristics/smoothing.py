"""jusText-style context revision: short and middling blocks take the class of their neighbours.

A short line between two article paragraphs is article; the same line among menus is not.
Blocks already decided (pruned, strong signals, site rules) take part as fixed neighbours.
The context-free verdict stays in `Block.first`; the revised one becomes `Block.decision`.
"""

from __future__ import annotations

import re

from cleaner.heuristics.signals import effective_length
from cleaner.options import Tuning
from cleaner.page import Block, BlockKind, Decision, Quality, Verdict, revise
from cleaner.reasons import Cause

STAGE = "smoothing"
_SENTENCE = re.compile(r"[.!?。！？…:]['\"”’»)]*$")


def smooth(blocks: list[Block], tuning: Tuning | None = None) -> list[Block]:
    """Revise SHORT and NEARGOOD grades by context and decide every undecided block.

    Lengths are read as the grades read them (`tuning`: CJK characters weighted).
    """
    tuning = tuning or Tuning()
    classes = [_current(b) for b in blocks]
    if "good" not in classes:
        # A page of middling paragraphs only is still an article: grade relative to the
        # page, where jusText would drop everything for want of one long paragraph.
        classes = ["good" if c == "neargood" else c for c in classes]
    _promote_runs(blocks, classes, tuning)
    _promote_headings(blocks, classes, tuning, only_short=True)
    shorts = _revise_shorts(classes)
    for i, revised in shorts.items():
        classes[i] = revised
    for i, current in enumerate(classes):
        if current == "neargood":
            around = (_neighbour(classes, i, -1, True), _neighbour(classes, i, 1, True))
            classes[i] = "bad" if around == ("bad", "bad") else "good"
    _promote_headings(blocks, classes, tuning, only_short=False)
    decided = [_decide(block, cls) for block, cls in zip(blocks, classes, strict=True)]
    for i in _numbered_items(blocks, tuning):
        if classes[i] == "bad" and blocks[i].decision is None and blocks[i].link_density == 0:
            decided[i] = _keep_numbered(decided[i])
    return decided


def _keep_numbered(block: Block) -> Block:
    decision = Decision(Verdict.KEEP, STAGE, Cause.NUMBERED_LIST, prior=block.first)
    return revise(block, decision=decision)


def _numbered_items(blocks: list[Block], tuning: Tuning) -> set[int]:
    """Blocks that number a list in sequence ('94. Cristina Scabbia', '95. Dani Filth').

    Menus do not count their entries, articles do (rankings, steps, lyrics verses): at
    least `tuning.numbered_run_min` lines numbered n, n+1, n+2, ... each at most
    `tuning.numbered_gap` blocks after the one before (the text under each number lies
    between).
    """
    found: set[int] = set()
    run: list[tuple[int, int]] = []  # (block index, its number)
    for block in [*blocks, None]:
        match = _NUMBERED.match(block.text) if block is not None else None
        if block is not None and match is None:
            continue
        number = int(match.group(1)) if match else -1
        if block is not None and run and number == run[-1][1] + 1:
            if block.index - run[-1][0] <= tuning.numbered_gap:
                run.append((block.index, number))
                continue
        if len(run) >= tuning.numbered_run_min:
            found.update(index for index, _ in run)
        run = [(block.index, number)] if block is not None else []
    return found


_NUMBERED = re.compile(r"^\W{0,3}(\d{1,3})\s*[.)]\s*\S")


def _promote_runs(blocks: list[Block], classes: list[str], tuning: Tuning) -> None:
    """Promote runs of middling sentences that add up to a long text.

    Such a run is prose even when no single paragraph is long enough to be GOOD (recipes,
    FAQs, short-paragraph news). Only blocks ending like a sentence count, so a list of
    teaser headlines is not promoted.
    """
    run: list[int] = []
    for i in [*range(len(classes)), -1]:
        if i >= 0 and classes[i] in ("neargood", "short"):
            run.append(i)
            continue
        near = [j for j in run if classes[j] == "neargood" and _SENTENCE.search(blocks[j].text)]
        size = sum(effective_length(blocks[j].text, tuning) for j in near)
        if len(near) >= tuning.run_min_blocks and size >= tuning.run_min_chars:
            for j in near:
                classes[j] = "good"
        run = []


def _current(block: Block) -> str:
    """The class a block enters smoothing with; decided blocks are fixed good or bad."""
    if block.decision is not None:
        return "good" if block.decision.keep else "bad"
    return block.quality.value if block.quality else "bad"


def _neighbour(classes: list[str], i: int, step: int, ignore_neargood: bool) -> str:
    """The nearest good/bad (or neargood) class in one direction; 'bad' past the edge."""
    j = i + step
    while 0 <= j < len(classes):
        if classes[j] in ("good", "bad"):
            return classes[j]
        if classes[j] == "neargood" and not ignore_neargood:
            return "neargood"
        j += step
    return "bad"


def _revise_shorts(classes: list[str]) -> dict[int, str]:
    """Each short block's class from its nearest good or bad neighbours (jusText's rule).

    Short between alike neighbours takes their class; between good and bad it is good
    when the bad side has a neargood block nearer. The nearest neighbours are found in
    one pass each way: asking _neighbour per block walked the same run of short lines
    again for each of them, a third of the time of cleaning a scrape full of menus.
    """
    firm, any_class = ("good", "bad"), ("good", "bad", "neargood")
    before, after = _nearest(classes, firm, backward=False), _nearest(classes, firm, backward=True)
    before_any = _nearest(classes, any_class, backward=False)
    after_any = _nearest(classes, any_class, backward=True)
    revised = {}
    for i, current in enumerate(classes):
        if current != "short":
            continue
        if before[i] == after[i]:
            revised[i] = before[i]
            continue
        near_before = before[i] == "bad" and before_any[i] == "neargood"
        near_after = after[i] == "bad" and after_any[i] == "neargood"
        revised[i] = "good" if near_before or near_after else "bad"
    return revised


def _nearest(classes: list[str], wanted: tuple[str, ...], backward: bool) -> list[str]:
    """Per block, the nearest class in `wanted` on one side of it; 'bad' past the edge."""
    found = ["bad"] * len(classes)
    last = "bad"
    order = range(len(classes) - 1, -1, -1) if backward else range(len(classes))
    for i in order:
        found[i] = last
        if classes[i] in wanted:
            last = classes[i]
    return found


def _promote_headings(
    blocks: list[Block], classes: list[str], tuning: Tuning, only_short: bool
) -> None:
    """A heading followed closely by good text is part of it (jusText's heading rule)."""
    heading = BlockKind.HEADING  # looked up once: an enum member lookup is slow in Python 3.11
    for i, block in enumerate(blocks):
        if block.kind is not heading or block.decision is not None:
            continue
        if only_short and classes[i] != "short":
            continue
        if not only_short and not (classes[i] == "bad" and block.quality is not Quality.BAD):
            continue
        distance = 0
        for j in range(i + 1, len(blocks)):
            if distance > tuning.max_heading_distance:
                break
            if classes[j] == "good":
                classes[i] = "neargood" if only_short else "good"
                break
            distance += effective_length(blocks[j].text, tuning)


def _decide(block: Block, cls: str) -> Block:
    """Turn the revised class into the block's decision, saying what context did."""
    if block.decision is not None:
        return block
    first = block.first
    keep = cls == "good"
    changed = (block.quality is Quality.BAD) == keep or block.quality in (
        Quality.SHORT,
        Quality.NEARGOOD,
    )
    verdict = Verdict.KEEP if keep else Verdict.DROP
    if changed:  # the grade revised by context
        decision = Decision(verdict, STAGE, Cause.CONTEXT, prior=first)
    elif first is not None:  # the grade stands, on its own evidence
        decision = Decision(verdict, STAGE, first.cause, first.values)
    else:
        decision = Decision(verdict, STAGE, Cause.NO_GRADE)
    return revise(block, decision=decision)
