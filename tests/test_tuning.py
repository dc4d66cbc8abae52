"""Each stage's tuning object reaches the stage: a changed field changes a verdict.

The numbers moved out of module constants into `Tuning` (issue 21) are threaded through
the stage entry points; these tests prove the threading by changing one field and seeing
a small page decided differently, while the defaults give the old verdicts.
"""

from __future__ import annotations

from dataclasses import replace

from cleaner.heuristics.structure import refine
from cleaner.options import Tuning
from cleaner.page import Block
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
