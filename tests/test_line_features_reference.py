"""The line features, computed for the whole page at once, against a plain per-line reading.

learned/line_features.py builds every column with array arithmetic over the page's code
points and C-level passes over its lines, for speed. Every shipped model was trained on
what these columns meant; this test spells each out line by line, the slow obvious way,
and asks for exactly the same numbers on pages of awkward lines (non-ASCII, CJK, astral
characters, lone surrogates, tabs, one- and two-line pages) and on the golden scrapes.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from cleaner.heuristics.page_signals import COUNT, glued_headline
from cleaner.learned.line_features import (
    CAP,
    EDGE_JUNK,
    FEATURE_NAMES,
    HEAD_WORDS,
    PHRASE_CHARS,
    PROSE_SHARE,
    PROSE_WORDS,
    SENTENCE_ENDS,
    SKIPPABLE,
    STOP_MIN_WORDS,
    WINDOW_REACH,
    line_features,
    page_lines,
)
from cleaner.options import DEFAULT_TUNING
from cleaner.read.hygiene import visible
from cleaner.read.lexicon import Lexicon, load_lexicon
from tests.test_fast_text import AWKWARD

GOLDEN = Path(__file__).resolve().parent.parent / "golden"
HEAD_CHARS = 60
SIGNALS = DEFAULT_TUNING.page_signals

PAGES = {
    "one line": ["Just one line of text, with a comma."],
    "two lines": ["Home", "Related posts:"],
    # the fast mode's awkward lines (tests/test_fast_text.py), with tabs and a last short line
    "awkward": [*AWKWARD[:6], "tabs\tbetween\twords and a space", *AWKWARD[6:], "x"],
    "cjk": [
        "新闻 首页 体育",
        "市议会周二投票决定在整个冬季保持图书馆开放，此前就取暖费用进行了长时间的辩论。",
        "相关文章",
        "東京都は火曜日、図書館を冬の間も開けておくことを決めた。",
        "서울시는 화요일 도서관을 겨울 내내 열기로 결정했다.",
        "Copyright 2026 新闻",
    ],
    "furniture": [
        "City Council Delays Vote On Budget PlanThe council said on Monday it would wait",
        "November (113)",
        "Travel [50]",
        "The council voted on Tuesday to keep the library open through the winter, after a "
        "long debate about the heating costs and the people who use it every week.",
        "— Comments (3) —",
        "Ten Things To Do This Weekend",
        "Our Best Soup Recipes",
        "Share on Facebook",
        "The council voted on Tuesday to keep the library open through the winter, after a "
        "long debate about the heating costs and the people who use it every week.",
    ],
}


def _golden_pages() -> dict[str, list[str]]:
    pages = {}
    for path in sorted(GOLDEN.glob("*/input.txt")):
        lines, _ = page_lines(visible(path.read_text("utf-8")))
        if lines:
            pages[path.parent.name] = lines
    return pages


def reference(lines: list[str], blank_before: list[bool], lexicon: Lexicon) -> list[list[float]]:
    """The features of each line, read one line (and one feature) at a time."""
    n = len(lines)
    stopwords = frozenset().union(*lexicon.stopwords.values())
    words = [line.count(" ") + 1 for line in lines]
    stops = [
        len(stopwords.intersection(line[:HEAD_CHARS].lower().split())) if w >= STOP_MIN_WORDS else 0
        for line, w in zip(lines, words, strict=True)
    ]
    share = [s / min(w, HEAD_WORDS) for s, w in zip(stops, words, strict=True)]
    capital = [line[0].isupper() for line in lines]
    ends = [line.endswith(SENTENCE_ENDS) for line in lines]
    prose = [w >= PROSE_WORDS and s >= PROSE_SHARE for w, s in zip(words, share, strict=True)]
    end_at = next(
        (
            i
            for i, line in enumerate(lines)
            if len(line) <= PHRASE_CHARS and line.lower().strip(EDGE_JUNK) in lexicon.end_phrases
        ),
        n,
    )
    headline = [
        SIGNALS.headline_min_words <= w <= SIGNALS.headline_words and c and not e
        for w, c, e in zip(words, capital, ends, strict=True)
    ]
    rows = []
    for i, line in enumerate(lines):
        row = {
            "words": words[i],
            "length": len(line),
            "stopwords": stops[i],
            "stopword_share": share[i],
            "sentence_end": ends[i],
            "repeated": lines.count(line) > 1,
            "pipes": line.count("|"),
            "commas": line.count(",") if words[i] >= STOP_MIN_WORDS else 0,
            "capital_start": capital[i],
            "after_end_phrase": i >= end_at,
            "blank_before": blank_before[i],
            "previous_words": words[i - 1] if i >= 1 else 0,
            "next_words": words[i + 1] if i + 1 < n else 0,
            "next_stopword_share": share[i + 1] if i + 1 < n else 0,
            "second_previous_words": words[i - 2] if i >= 2 else 0,
            "second_next_words": words[i + 2] if i + 2 < n else 0,
            "window_words": sum(words[max(0, i - WINDOW_REACH) : i + WINDOW_REACH + 1]),
            "position": i / n,
            **_against_prose(i, words, prose),
            "headlines_around": sum(headline[max(0, i - SIGNALS.reach) : i + SIGNALS.reach + 1]),
            "glued_headline": words[i] >= SIGNALS.headline_min_words and glued_headline(line),
            "count_line": line.endswith((")", "]"))
            and words[i] <= SIGNALS.count_words
            and COUNT.search(line) is not None,
        }
        rows.append([float(row[name]) for name in FEATURE_NAMES])
    return rows


def _against_prose(i: int, words: list[int], prose: list[bool]) -> dict[str, float]:
    """The four features that place line i against the page's prose lines."""
    prose_words = [w if p else 0 for w, p in zip(words, prose, strict=True)]
    total = sum(prose_words) or 1.0
    above = [j for j in range(i) if prose[j]]
    below = [j for j in range(i + 1, len(words)) if prose[j]]
    return {
        "prose_above": sum(prose_words[:i]) / total,
        "prose_below": 1.0 - sum(prose_words[: i + 1]) / total,
        "lines_from_prose_above": min(i - above[-1], CAP) if above else CAP,
        "lines_to_prose_below": min(below[0] - i, CAP) if below else CAP,
    }


@pytest.mark.parametrize("name", [*PAGES, "golden"])
def test_line_features_are_the_plain_per_line_reading(name: str) -> None:
    pages = _golden_pages() if name == "golden" else {name: PAGES[name]}
    lexicon = load_lexicon()
    for page, lines in pages.items():
        blank_before = np.array([i % 3 == 0 for i in range(len(lines))])
        fast = line_features(lines, blank_before, lexicon)
        expected = np.array(reference(lines, blank_before.tolist(), lexicon))
        differing = sorted(
            {FEATURE_NAMES[f] for f in np.flatnonzero((fast != expected).any(axis=0))}
        )
        assert not differing, f"{page}: {', '.join(differing)}"


def test_features_no_model_asks_about_are_left_at_zero_the_rest_unchanged() -> None:
    lexicon = load_lexicon()
    lines = PAGES["furniture"]
    blank_before = np.ones(len(lines), dtype=np.bool_)
    every = line_features(lines, blank_before, lexicon)
    asked = frozenset(FEATURE_NAMES) - SKIPPABLE
    some = line_features(lines, blank_before, lexicon, asked)
    for f, name in enumerate(FEATURE_NAMES):
        if name in SKIPPABLE:
            assert every[:, f].any() and not some[:, f].any(), name
        else:
            assert (some[:, f] == every[:, f]).all(), name
