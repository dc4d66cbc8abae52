"""The generic heuristics: each block kept or dropped by signals a person can read.

Strong signals and grades (signals, with page_signals read across a page's blocks),
context smoothing (smoothing), the main-content span and the headline (span), the
structure that refines the span (structure), body-only mode (body_only) and accurate
mode's second reader, trafilatura (second_reader). They may import the data model, the
read stage (blocks, lexicon) and output's renderer (body-only mode renders the text it
shortens); never the learned stage, fast mode or site rules.
"""

from __future__ import annotations

from cleaner.heuristics.body_only import keep_body_only
from cleaner.heuristics.copies import drop_copies
from cleaner.heuristics.second_reader import second_opinion, trafilatura_reading
from cleaner.heuristics.short_post import keep_short_post
from cleaner.heuristics.signals import grade, guess_language, mark_strong
from cleaner.heuristics.smoothing import smooth
from cleaner.heuristics.span import main_span, restore_headline
from cleaner.heuristics.structure import refine

__all__ = [
    "drop_copies",
    "grade",
    "guess_language",
    "keep_body_only",
    "keep_short_post",
    "main_span",
    "mark_strong",
    "refine",
    "restore_headline",
    "second_opinion",
    "smooth",
    "trafilatura_reading",
]
