"""The speed paths of the default mode read exactly what the slower ways they replace read.

Each shortcut (session 18, speedhtml) skips work a general path did: these tests hold
the shortcut against that general path on inputs chosen to find where they could part.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from cleaner.heuristics.page_signals import (
    MONTH_YEAR,
    _long_word,
    _word_set,
    _year_starts,
    article_overlap,
)
from cleaner.heuristics.signals import guess_language, words
from cleaner.learned.boosted import BoostedEnsemble, _Scratch, _Walk
from cleaner.learned.stage import shipped_model
from cleaner.page import Block
from cleaner.read.html_prune import _LAYOUT_MODIFIER, _may_modify, prune
from cleaner.read.html_walk import html_blocks
from cleaner.read.lexicon import load_lexicon
from cleaner.read.parse import parse_html

LEX = load_lexicon()
# Letters, digits, underscores and the characters where Unicode's letter, digit and case
# rules part: a dotted capital I (lower-cases to two characters), the long s, a
# superscript two (a digit, not a decimal), a vulgar fraction, CJK numerals, a combining
# dot, title-case digraphs.
_TRICKY = "aZé_9 -İſ²½四五Ǆǅ\u0307x"
PROSE = (
    "The council voted on the budget plan on Monday, and the schools' share of the budget "
    "passed after a long debate in the chamber about the city's spending in the spring."
)


@given(st.text(alphabet=_TRICKY, max_size=40) | st.text(max_size=40))
def test_long_words_from_tokens_are_those_the_regex_finds_in_the_text(text: str) -> None:
    """article_overlap reads a text's longer words off its word tokens, not the text."""
    long_word = _long_word(4)
    assert _word_set(words(text), long_word, 4) == frozenset(long_word.findall(text.lower()))


def test_article_overlap_reads_the_same_with_or_without_the_tokens() -> None:
    texts = [PROSE, "Budget plan", "mp3_budget 2schools snake_case", "Other stories", PROSE]
    given_tokens = article_overlap(texts, tokens=[words(text) for text in texts])
    assert given_tokens == article_overlap(texts)
    assert given_tokens[1] == 1.0 and given_tokens[3] == 0.0


@given(st.text(alphabet="hasHASwithWITHnoNOutUT-_ aİſ", max_size=16))
def test_a_value_the_layout_regex_matches_is_never_skipped(value: str) -> None:
    """furniture_in runs the layout-modifier regex only where _may_modify says it may match."""
    if _LAYOUT_MODIFIER.search(value):
        assert _may_modify(value)


def test_the_walk_reads_hidden_elements_as_pruning_found_them() -> None:
    """Blocks are hidden alike from pruning's set or from each element, <noscript> too."""
    escaped = "&lt;div hidden&gt;&lt;p&gt;" + "Escaped fallback words. " * 12
    shown = "&lt;/p&gt;&lt;/div&gt;&lt;p&gt;" + "Visible fallback words. " * 12
    page = (
        "<html><body><div style='display:none'><p>Hidden slide text.</p></div>"
        "<p aria-hidden='true'>Also hidden.</p><p>Shown text.</p>"
        f"<noscript>{escaped}{shown}&lt;/p&gt;</noscript></body></html>"
    )
    tree = parse_html(page)
    body = tree.find("body")
    assert body is not None
    pruned = prune(tree, None, LEX)
    assert pruned.hidden
    from_set = [(b.text, b.hidden) for b in html_blocks(body, pruned.marks, pruned)]
    asked = html_blocks(body, pruned.marks, replace(pruned, hidden=None))
    assert from_set == [(b.text, b.hidden) for b in asked]
    hidden = {text for text, flag in from_set if flag}
    assert "Hidden slide text." in hidden and "Shown text." not in hidden
    assert any(text.startswith("Escaped fallback") for text in hidden)
    assert any(text.startswith("Visible fallback") and not flag for text, flag in from_set)


@given(st.lists(st.sampled_from(["le", "la", "der", "die", "the", "and", "de", "zz"]), max_size=60))
def test_the_language_vote_breaks_ties_as_the_word_loop_did(sample: list[str]) -> None:
    """guess_language counts languages at C speed; the language named first wins a tie."""
    blocks = [Block(0, " ".join(sample))]
    read = words(blocks[0].text)
    counts: dict[str, int] = {}
    for word, times in Counter(read).items():
        for language in LEX.word_languages.get(word, ()):
            counts[language] = counts.get(language, 0) + times
    expected = None
    if counts:
        best = max(counts, key=lambda name: counts[name])
        expected = best if counts[best] / len(read) >= 0.08 else None
    assert guess_language(blocks, LEX) == expected


def test_the_forest_walk_reaches_the_nodes_a_fancy_indexed_walk_reaches() -> None:
    """_Walk keeps each row's node in place, in scratch arrays; the same nodes in the end."""
    forest = shipped_model("html")
    assert isinstance(forest, BoostedEnsemble)
    rows = np.random.default_rng(0).normal(0, 2, size=(7, len(forest.features)))
    walk = _Walk(forest, rows, _Scratch(forest.trees * len(rows)))
    place = np.zeros((forest.trees, len(rows)), dtype=np.intp)
    starts = np.arange(forest.trees)[:, None] * forest.size
    for _ in range(forest.depth):
        walk.step()
        node = starts + place
        seen = rows.T[forest.feature[node], np.arange(len(rows))[None, :]]
        place = 2 * place + 1 + (seen > forest.split[node])
    assert (walk.at() == starts + place).all()
    assert len(set(walk.at().ravel().tolist())) > forest.trees  # rows went different ways


@given(st.text(alphabet="18920 Mayjun.\n", max_size=60) | st.text(max_size=40))
def test_the_year_count_bounds_the_month_matches(text: str) -> None:
    """months_in_line skips its regex below inline_counts years: never below its matches."""
    assert _year_starts(text) >= len(MONTH_YEAR.findall(text))


def test_each_stop_word_names_its_languages_in_the_lists_order() -> None:
    """word_languages, grown as tuples, holds what a scan of the lists in order finds."""
    for word in list(LEX.word_languages)[::97]:
        found = tuple(lang for lang, listed in LEX.stopwords.items() if word in listed)
        assert LEX.word_languages[word] == found
    assert LEX.word_languages.keys() == {w for listed in LEX.stopwords.values() for w in listed}
