"""Accurate mode: trafilatura's extraction settles the blocks cleaner decided only weakly.

cleaner's own verdicts come in two strengths. Pruning, strong signals and site rules are
facts about a block and stand. Length, stop words and context (smoothing, the span) are
guesses: there a second, independent reader helps. trafilatura reads the same HTML with
its own main-content detection; a weakly dropped block it keeps comes back, a block kept
only for its neighbours that it leaves out goes. Each flip names both readers' reasons.

Only for HTML (trafilatura reads scraped text poorly), and only when asked
(`Options.accurate`, `--accurate`): it costs trafilatura's time on top of cleaner's.
With the learned stage on (the default), trafilatura's reading is instead two features
of the accurate model (cleaner/learned/stage.py), and the rules below apply only on pages a
site rule matched or with `use_model=False`. Measured without the model on dev-html
(benchmarks/quality.py): F1 0.918 -> 0.933, P 0.906 -> 0.912, R 0.930 -> 0.956, both
above trafilatura's own 0.907 / 0.946. On the golden cases, cut to GOLDEN.md, it costs a
little (generic F1 0.954 -> 0.949): trafilatura leaves out some short headings, list
items and captions those keep. Text that repeats a kept block (a code box rendered
twice) is never brought back.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from cleaner.heuristics.structure import kept_texts
from cleaner.page import Block, Decision, Verdict, revise
from cleaner.read.lexicon import squash
from cleaner.reasons import Cause

STAGE = "second_opinion"
LOG = logging.getLogger(__name__)
# Weak drops the second reader may undo: context and the span, never link density or a
# menu run (trafilatura keeps link lists inside its main element).
_UNDO_DROP = ("smoothing", "span")
_LINKS_OR_MENU = frozenset({Cause.LINK_DENSITY, Cause.SHORT_LINK_TEXT, Cause.MENU_RUN})
# Keeps the second reader may undo: a block kept only for its neighbours.
_UNDO_KEEP = frozenset({Cause.INSIDE_SPAN, Cause.SECTION_GAP})
# Short lines smoothing kept for their neighbours (first graded short, or short link text).
_SHORT = frozenset({Cause.SHORT, Cause.SHORT_LINK_TEXT})


def second_opinion(blocks: list[Block], html: str, url: str | None) -> list[Block]:
    """Flip weakly decided blocks where trafilatura's extraction disagrees.

    Should trafilatura fail on a page, the page keeps cleaner's own verdicts (logged):
    accurate mode must never lose a page the default mode cleans.
    """
    extracted = trafilatura_reading(html, url)
    if extracted is None or not extracted.lines:
        return blocks  # it found no article: nothing to weigh
    kept = kept_texts(blocks)
    return [
        block if not block.kept and squash(block.text) in kept else _weigh(block, extracted)
        for block in blocks
    ]


def trafilatura_reading(html: str, url: str | None) -> Extraction | None:
    """Trafilatura's extraction of the page, or None (logged) when it fails."""
    try:
        return Extraction.of(_trafilatura_text(html, url))
    except Exception as error:  # any failure of the second reader, whatever its kind
        LOG.warning("accurate mode: trafilatura failed (%s); cleaner decides alone", error)
        return None


@dataclass(frozen=True, slots=True)
class Extraction:
    """trafilatura's text: its lines, and all of it on one line padded with spaces."""

    lines: frozenset[str]
    padded: str

    @classmethod
    def of(cls, text: str) -> Extraction:
        """The extraction of trafilatura's text, one paragraph per line."""
        lines = frozenset(squash(line) for line in text.splitlines() if line.strip())
        return cls(lines, f" {squash(text)} ")

    def holds(self, text: str) -> bool:
        """A whole line of it, or a run of at least `MATCH_MIN_WORDS` whole words in it.

        A bare substring test would let 'Share' match 'Shares of the company rose'.
        """
        if text in self.lines:
            return True
        return len(text.split()) >= MATCH_MIN_WORDS and f" {text} " in self.padded


# Shorter blocks must be one of trafilatura's own lines to count as found in it.
# Not tuning: it defines the accurate model's trafilatura_keeps feature (trained with it).
MATCH_MIN_WORDS = 3


def _trafilatura_text(html: str, url: str | None) -> str:
    """Trafilatura's main text (comments left out), one paragraph per line."""
    import trafilatura  # imported here: only accurate mode pays its import time

    return trafilatura.extract(html, url=url, include_comments=False) or ""


def _weigh(block: Block, extracted: Extraction) -> Block:
    decision = block.decision
    if decision is None or decision.final:
        return block
    text = squash(block.text)
    agrees = bool(text) and extracted.holds(text)
    if not decision.keep and agrees and _weakly_dropped(block, decision):
        return revise(block, decision=Decision(Verdict.KEEP, STAGE, _READER, prior=decision))
    if decision.keep and not agrees and _weakly_kept(decision):
        return revise(block, decision=Decision(Verdict.DROP, STAGE, _READER, prior=decision))
    return block


_READER = Cause.SECOND_READER


def _weakly_dropped(block: Block, decision: Decision) -> bool:
    first = block.first.cause if block.first else None
    return decision.stage in _UNDO_DROP and first not in _LINKS_OR_MENU


def _weakly_kept(decision: Decision) -> bool:
    """Kept only for its neighbours, in the narrower sense this mode undoes.

    Not structure._kept_by_context: here only short lines smoothing kept, and the span's
    fillers named in `_UNDO_KEEP`.
    """
    if decision.stage == "smoothing":
        prior = decision.prior
        by_context = decision.cause is Cause.CONTEXT and decision.keep
        return by_context and prior is not None and prior.cause in _SHORT
    return decision.stage == "span" and decision.cause in _UNDO_KEEP
