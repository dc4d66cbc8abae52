"""Fit the text model's word weights (cleaner/learned/word_odds.py); train_model.py calls this.

The text model reads a line's word odds as a feature (features.WORD_READING). Word weights
fitted on the very lines the trees then learn from would be too sure of those lines, and
the trees would learn to trust them more than they deserve on an unseen site; so each
page's word odds, while the trees learn, come from weights fitted without its site
(out_of_fold_words), as stacking does. The shipped weights are fitted on every page
but the golden cases' (train_model.py never learns from those).
"""

from __future__ import annotations

import hashlib
import json
import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from cleaner.learned.boosted import FORMAT
from cleaner.learned.features import TEXT_FEATURE_NAMES, WORD_READING, word_reading
from cleaner.learned.word_odds import STRUCTURE, WordOdds, words_of

if TYPE_CHECKING:
    from benchmarks.train_model import PageData

# A word is learned only when lines labelled on at least this many sites hold it: one
# site's own vocabulary (its name, its columns' titles) says nothing about another site.
# Held out on dev-text (inscriptis / lxml F1, mean of four arrangements of the site
# folds): every word, hashed, 0.9169 / 0.9088; three sites 0.9166 / 0.9091; six 0.9173 /
# 0.9076; pairs of words too (hashed) lost 0.004 on the standard folds.
WORD_SITES = 3
# Lines of a single piece (no space: 'Sports', 'Politik') are not learned from: most are
# menu items, whose words are section names that article prose uses too, and their shape
# already tells the text model what they are. Held out on dev-text as WORD_SITES's
# figures, within 0.0005 of them; on the golden text cases (generic, text models fitted
# with seeds 0-3, mean F1 per case / pooled) 0.9369 / 0.9526 against 0.9351 / 0.9520
# learning from every line, and 0.9319 / 0.9477 without word odds. Counting the words
# that words_of reads instead, so that a bulleted item ('• Sports') is left out too,
# scored the same: dev-text within 0.001, golden 0.9365 / 0.9522.
WORD_LINE_MIN = 2
# The logistic regression's inverse regularisation (scikit-learn's C): held out as above,
# 0.3 scored 0.9159 / 0.9062, 1 0.9166 / 0.9091, 3 0.9173 / 0.9085.
WORD_C = 1.0
WORD_COLUMNS = len(TEXT_FEATURE_NAMES) - len(WORD_READING)  # where the rows' word odds start
DECIMALS = 4  # of a weight in the file


def fit_words(pages: Sequence[PageData]) -> WordOdds:
    """Word weights from the labelled lines the text model learns from (golden pages out)."""
    import scipy.sparse
    from sklearn.linear_model import LogisticRegression

    lines, labels, sites = learned_lines(pages)
    vocabulary = {word: j for j, word in enumerate(widespread(lines, sites))}
    data, row_of, column_of = [], [], []
    for n, words in enumerate(lines):
        columns = [vocabulary[word] for word in words if word in vocabulary]
        data += [1 / math.sqrt(len(words) or 1)] * len(columns)  # as WordOdds.odds divides
        row_of += [n] * len(columns)
        column_of += columns
    matrix = scipy.sparse.csr_matrix(
        (data, (row_of, column_of)), shape=(len(lines), len(vocabulary))
    )
    fitted = LogisticRegression(C=WORD_C, max_iter=3000).fit(matrix, labels)
    weights = {
        w: round(float(c), DECIMALS) for w, c in zip(vocabulary, fitted.coef_[0], strict=True)
    }
    return WordOdds(
        weights={w: c for w, c in weights.items() if c},  # a weight of 0 changes nothing
        bias=round(float(fitted.intercept_[0]), DECIMALS),
        meta={},
    )


def learned_lines(pages: Sequence[PageData]) -> tuple[list[set[str]], list[int], list[str]]:
    """The words, label and site of each labelled open line of WORD_LINE_MIN pieces or more."""
    lines, labels, sites = [], [], []
    for page in pages:
        if page.golden:
            continue
        for text, label, is_open in zip(page.texts, page.labels, page.open, strict=True):
            if label is not None and is_open and len(text.split()) >= WORD_LINE_MIN:
                lines.append(words_of(text))
                labels.append(label)
                sites.append(page.site)
    return lines, labels, sites


def widespread(lines: Sequence[set[str]], sites: Sequence[str]) -> list[str]:
    """The words lines of at least WORD_SITES different sites hold, sorted."""
    seen: dict[str, set[str]] = defaultdict(set)
    for words, site in zip(lines, sites, strict=True):
        for word in words:
            seen[word].add(site)
    return sorted(word for word, where in seen.items() if len(where) >= WORD_SITES)


def with_words(pages: Sequence[PageData], words: WordOdds) -> list[PageData]:
    """The pages with their rows' word odds read with these weights."""
    out = []
    for page in pages:
        odds = word_reading(page.texts, words, range(len(page.texts)))
        rows = [row[:WORD_COLUMNS] + odds[i] for i, row in enumerate(page.rows)]
        out.append(replace(page, rows=rows))
    return out


def out_of_fold_words(pages: Sequence[PageData], folds: int) -> list[PageData]:
    """The pages with word odds from weights fitted without their site's fold."""
    from sklearn.model_selection import GroupKFold

    out: list[PageData | None] = [None] * len(pages)
    for train, test in GroupKFold(folds).split(pages, groups=[p.site for p in pages]):
        words = fit_words([pages[i] for i in train])
        for i, page in zip(test, with_words([pages[i] for i in test], words), strict=True):
            out[i] = page
    filled = [page for page in out if page is not None]
    assert len(filled) == len(pages), "every page is in exactly one fold"
    return filled


def export_words(words: WordOdds, meta: dict[str, Any]) -> dict[str, Any]:
    """The word weights as cleaner reads them (word_odds.stack_words)."""
    return {
        "format": FORMAT,
        "structure": STRUCTURE,
        "bias": words.bias,
        "trained": meta,
        "weights": dict(sorted(words.weights.items())),
    }


def words_digest(data: dict[str, Any]) -> str:
    """A hash of a words file's weights: the text model records those fitted alongside it."""
    weights = {"bias": data["bias"], "weights": data["weights"]}
    return hashlib.sha256(json.dumps(weights, sort_keys=True).encode()).hexdigest()
