"""Each stage's tuning object reaches the stage: a changed field changes a verdict.

The numbers moved out of module constants into `Tuning` (issue 21) are threaded through
the stage entry points; these tests prove the threading by changing one field and seeing
a small page decided differently, while the defaults give the old verdicts.
"""

from __future__ import annotations

from dataclasses import replace

from cleaner.heuristics.signals import mark_strong
from cleaner.heuristics.structure import refine
from cleaner.options import Tuning
from cleaner.page import Block
from cleaner.read.lexicon import load_lexicon
from tests import decisions as made

DEFAULT = Tuning()


def test_structure_tuning_reaches_the_refinements() -> None:
    """colon_run_max bounds the lines a colon introduces: 1 keeps only the first."""
    keep = made.prose()
    weak = made.short_by_context(False, 31)
    blocks = [
        Block(0, "To switch it off, type these commands:", decision=keep),
        Block(1, "netsh interface tcp set global autotuninglevel=disabled", decision=weak),
        Block(2, "netsh interface tcp show global", decision=weak),
    ]
    assert [b.kept for b in refine(blocks, DEFAULT)] == [True, True, True]
    short = replace(DEFAULT, structure=replace(DEFAULT.structure, colon_run_max=1))
    assert [b.kept for b in refine(blocks, short)] == [True, True, False]


def test_signals_tuning_reaches_the_strong_signals() -> None:
    """pitch_min: a pitch shorter than it is not tested, so it is no longer dropped."""
    pitch = "Get the best stories in your inbox every morning: enter your email address. No spam."
    blocks = [Block(0, pitch)]
    assert mark_strong(blocks, load_lexicon(), DEFAULT)[0].decision is not None
    longer = replace(DEFAULT, signals=replace(DEFAULT.signals, pitch_min=len(pitch) + 1))
    assert mark_strong(blocks, load_lexicon(), longer)[0].decision is None
