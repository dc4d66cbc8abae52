"""Fast mode: one model decides each block from cheap facts, no heuristic stage before it.

HTML: lexbor parses and one pass cuts and prunes the blocks (blocks: read_fast), then the
fast model decides them (decision: decide). Scraped text: every line's facts at once and
the fast text model (text: run_fast_text). It may import the data model, the read stage
(the same block facts and pruning words), the heuristics (their patterns and signals)
and the learned stage (the tree-model interface, the line features); never site rules.
"""

from __future__ import annotations

from cleaner.fast.blocks import read_fast
from cleaner.fast.decision import decide
from cleaner.fast.text import run_fast_text

__all__ = ["decide", "read_fast", "run_fast_text"]
