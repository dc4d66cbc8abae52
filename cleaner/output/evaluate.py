r"""Token-level precision, recall and F1 of an output against a hand-cleaned expected text.

Tokens are words (\\w+) lowercased, and single CJK characters (those scripts have no spaces
between words). The comparison is a multiset overlap, so block order does not matter.
Both texts are compared in Unicode's composed form (NFC): 'ü' written as 'u' plus a
combining diaeresis is the same text, and is what a hand-cut file keeps from such a page.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from cleaner.read.lexicon import composed

_TOKEN = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]|\w+")


@dataclass(frozen=True, slots=True)
class Score:
    """Token overlap of obtained against expected text."""

    precision: float
    recall: float
    f1: float
    common: int
    obtained: int
    expected: int


def tokens(text: str) -> Counter[str]:
    """The multiset of comparable tokens in a text."""
    return Counter(_TOKEN.findall(composed(text).lower()))


def token_score(expected: str, obtained: str) -> Score:
    """Precision, recall and F1 of obtained against expected; empty vs empty is perfect."""
    want, got = tokens(expected), tokens(obtained)
    common = sum((want & got).values())
    n_want, n_got = sum(want.values()), sum(got.values())
    if n_want == 0 and n_got == 0:
        return Score(1.0, 1.0, 1.0, 0, 0, 0)
    precision = common / n_got if n_got else 0.0
    recall = common / n_want if n_want else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Score(precision, recall, f1, common, n_got, n_want)


def normalise(text: str) -> str:
    """Remove only what GOLDEN.md calls insignificant: trailing space and final newlines.

    The text is put in NFC too: canonically equivalent spellings are the same text.
    """
    text = composed(text)
    return "\n".join(line.rstrip() for line in text.strip("\n").split("\n"))
