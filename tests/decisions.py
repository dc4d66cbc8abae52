"""Decisions as the stages make them, for tests that build blocks by hand.

Stages read a decision's cause and values, never its reason's wording, so a hand-made
decision must carry the cause the stage it stands for would give it.
"""

from __future__ import annotations

from cleaner.page import Block, Decision, Verdict
from cleaner.reasons import Cause, Value


def decided(keep: bool, stage: str, cause: Cause, **named: Value) -> Decision:
    """A decision of `stage` resting on `cause` with the named values."""
    return Decision(Verdict.KEEP if keep else Verdict.DROP, stage, cause, tuple(named.items()))


def graded(cause: Cause, **named: Value) -> Decision:
    """A first-pass grade (signals.grade): kept unless the grade is BAD."""
    bad = cause in (Cause.LINK_DENSITY, Cause.SHORT_LINK_TEXT, Cause.FEW_STOPWORDS, Cause.MENU_RUN)
    return decided(not bad, "signals", cause, **named)


def prose(length: int = 300) -> Decision:
    """A block smoothing kept on its own grade: prose."""
    return decided(True, "smoothing", Cause.PROSE, length=length, stopwords=0.5)


def by_context(keep: bool, first: Decision) -> Decision:
    """A block smoothing kept or dropped for its neighbours, after the grade `first`."""
    return Decision(Verdict.KEEP if keep else Verdict.DROP, "smoothing", Cause.CONTEXT, prior=first)


def short_by_context(keep: bool, length: int) -> Decision:
    """A short line smoothing kept or dropped for its neighbours."""
    return by_context(keep, graded(Cause.SHORT, length=length))


def signal(cause: Cause, **named: Value) -> Decision:
    """A strong signal's drop (signals.mark_strong)."""
    return decided(False, "signals", cause, **named)


def rule(keep: bool, name: str = "test", says: str = "drop") -> Decision:
    """A site rule's final decision."""
    verdict = Verdict.KEEP if keep else Verdict.DROP
    return Decision(verdict, "rule", Cause.RULE, (("rule", name), ("says", says)), final=True)


def decision_of(block: Block) -> Decision:
    """The decision a stage gave the block; a block left undecided fails the test here."""
    assert block.decision is not None, f"block {block.index} has no decision: {block.text[:60]!r}"
    return block.decision
