"""benchmarks/categories.py: what dragnet's misses tally counts as lost content."""

from __future__ import annotations

from benchmarks.categories import CategoryTally, Gold
from cleaner.page import Block, Decision, Verdict
from cleaner.reasons import Cause, values

PARAGRAPH = "The ratings firm dimmed its outlook on the country late on Monday, and markets fell."
OTHER = "A second paragraph the page printed once, and the cleaner dropped by mistake here."
KEEP = Decision(Verdict.KEEP, "span", Cause.HEADLINE_TITLE)
DROP = Decision(Verdict.DROP, "span", Cause.COPY, values(first=0, text=PARAGRAPH[:40]))


def test_a_dropped_copy_of_kept_text_is_not_lost_content() -> None:
    blocks = [
        Block(index=0, text=PARAGRAPH, decision=KEEP),
        Block(index=1, text=PARAGRAPH, decision=DROP),
        Block(index=2, text=OTHER, decision=DROP),
    ]
    tally = CategoryTally()
    tally.add_page("p", blocks, Gold(f"{PARAGRAPH}\n{OTHER}\n"))
    assert sum(tally.lost_blocks.values()) == 1  # the other paragraph, not the copy
    assert tally.examples["lost other"][0].startswith("p: 'A second paragraph")
