"""The text model's word weights: how a line's words are read and weighed, and the file."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np
import pytest

from cleaner.learned.boosted import ModelError, built
from cleaner.learned.features import FEATURE_NAMES, TEXT_FEATURE_NAMES, with_line_reading
from cleaner.learned.stage import _weighed_most, shipped_model
from cleaner.learned.word_odds import (
    NAME,
    NO_WORDS,
    TELLING_WORDS,
    WordOdds,
    shipped_words,
    stack_words,
    words_of,
)
from cleaner.page import Block, BlockKind
from cleaner.read.lexicon import load_lexicon

if TYPE_CHECKING:  # imported where used: train_model pulls in the training stack
    from benchmarks.train_model import PageData

WORDS = WordOdds(weights={"newsletter": -3.0, "the": 2.0, "0000": -1.0}, bias=-0.5, meta={})


def test_words_are_lower_cased_distinct_and_read_digits_as_zero() -> None:
    assert words_of("The NEWSLETTER, the 2022 Newsletter!") == {"the", "newsletter", "0000"}
    assert words_of("Über 5,5 Mio. — ¿qué?") == {"über", "0", "mio", "qué"}
    assert words_of(" • — ") == set()


def test_a_lines_odds_are_the_bias_and_its_known_weights_over_the_root_of_its_words() -> None:
    # five distinct words, two of them known: newsletter (-3) and the (2)
    assert WORDS.odds("Sign up to the newsletter") == pytest.approx(-0.5 + (-3 + 2) / math.sqrt(5))
    assert WORDS.odds("Nothing known here") == pytest.approx(-0.5)
    assert WORDS.odds("—") == pytest.approx(-0.5)  # no words at all: the bias alone


def test_the_telling_words_are_those_weighing_toward_the_verdict_heaviest_first() -> None:
    text = "The newsletter of 2022, the best"
    assert WORDS.telling(text, keep=False) == ["newsletter", "0000"]
    assert WORDS.telling(text, keep=True) == ["the"]
    assert WORDS.telling("nothing known", keep=False) == []


def test_a_reason_quotes_a_few_words_and_only_those_that_weigh() -> None:
    names = ["ash", "birch", "cedar", "elm", "fir", "oak"]
    weights = {name: -1.0 - n for n, name in enumerate(names)} | {"faint": -0.05}
    words = WordOdds(weights=weights, bias=0, meta={})
    told = words.telling(" ".join([*names, "faint"]), keep=False)
    assert told == ["oak", "fir", "elm", "cedar"][:TELLING_WORDS]
    assert words.telling("faint", keep=False) == []


def test_a_reason_quotes_the_words_behind_the_word_odds() -> None:
    names = ("word_odds", "words")
    moved = np.array([[-0.9, -0.2]])
    (why,) = _weighed_most(names, [[-2.1, 4.0]], moved, [False], [["newsletter"]])
    assert why.startswith("toward dropping: article log-odds of its words ('newsletter') -2.1")


def test_the_shipped_words_are_general_and_those_the_text_model_was_fitted_with() -> None:
    from benchmarks.train_words import export_words, words_digest

    words = shipped_words()
    assert len(words.weights) > 1000
    # learned from many sites' labels: furniture words push down, joining words up
    assert words.weights["newsletter"] < 0 < words.weights["the"]
    assert words.meta["word_sites"] >= 3
    digest = words_digest(export_words(words, {}))
    assert shipped_model("text").meta["words_digest"] == digest, (
        "the words file and the text model were not fitted together: retrain with "
        "python benchmarks/train_model.py --kind text"
    )


@pytest.mark.parametrize(
    "data",
    [
        {"format": 1, "structure": "words"},
        {"bias": 0.0, "weights": []},
        {"bias": 0.0, "weights": {"the": "heavy"}},
        {"bias": float("nan"), "weights": {}},
        {"bias": 0.0, "weights": {"the": float("inf")}},
    ],
)
def test_a_malformed_words_file_is_a_clear_error(data: dict[str, object]) -> None:
    with pytest.raises(ModelError, match=f"the {NAME} model file is malformed"):
        built(NAME, stack_words, data)


def _page_of(texts: list[str]) -> PageData:
    from benchmarks.train_model import PageData

    return PageData(
        corpus="lxml",
        site="example.org",
        texts=texts,
        kept=[True] * len(texts),
        open=[True] * len(texts),
        rows=[[float(n)] * len(TEXT_FEATURE_NAMES) for n in range(len(texts))],
        labels=[1, 0, None][: len(texts)],
        with_=[],
        without=[],
        golden=False,
    )


def test_training_reads_word_odds_into_the_last_column_as_cleaner_does() -> None:
    from benchmarks.train_words import with_words

    texts = ["Sign up to the newsletter", "The 2022 results", "—"]
    (page,) = with_words([_page_of(texts)], WORDS)
    for n, (row, text) in enumerate(zip(page.rows, texts, strict=True)):
        assert row[:-1] == [float(n)] * (len(TEXT_FEATURE_NAMES) - 1)  # the others untouched
        assert row[-1] == WORDS.odds(text)
    blocks = [Block(i, text, BlockKind.LINE) for i, text in enumerate(texts)]
    rows = [[0.0] * len(FEATURE_NAMES)] * 3  # page features, as learned/stage.py builds them
    runtime = with_line_reading(rows, blocks, None, load_lexicon(), WORDS)
    assert [row[-1] for row in runtime] == [row[-1] for row in page.rows]
    assert [row[-1] for row in with_words([_page_of(texts)], NO_WORDS)[0].rows] == [0.0] * 3


def test_fitted_weights_are_read_back_as_the_regression_scored_them() -> None:
    pytest.importorskip("sklearn")
    from benchmarks.train_words import fit_words

    furniture = ["share this on twitter", "read more news", "sign up newsletter now"]
    prose = ["the council said that it would", "and the river rose as it had", "that is the way"]
    pages = []
    for site in ("a.org", "b.org", "c.org", "d.org"):
        page = _page_of(furniture + prose)
        page.site = site
        page.labels = [0, 0, 0, 1, 1, 1]
        page.kept = page.open = [True] * 6
        page.rows = [[0.0] * len(TEXT_FEATURE_NAMES)] * 6
        pages.append(page)
    lonely = _page_of(["zebra zebra pitch", "— —"])  # two pieces, but no word at all
    lonely.labels = [0, 0]
    words = fit_words([*pages, lonely])
    assert "zebra" not in words.weights  # labelled on one site only
    assert words.weights["newsletter"] < 0 < words.weights["the"]
    assert all(words.odds(t) < 0 for t in furniture) and all(words.odds(t) > 0 for t in prose)


def test_a_lines_odds_do_not_depend_on_the_hash_seed() -> None:
    """A line's words are a set, whose order follows PYTHONHASHSEED; the sum must not."""
    import os
    import subprocess
    import sys

    script = (
        "from itertools import product\n"
        "from cleaner.learned.word_odds import WordOdds\n"
        "names = [''.join(p) for p in product('abcdefgh', repeat=3)][:200]\n"
        "w = WordOdds(weights={n: 0.1 / (i + 1) - 0.3 for i, n in enumerate(names)},"
        " bias=0.0, meta={})\n"
        "print(repr(w.odds(' '.join(names))))\n"
    )
    printed = {
        subprocess.run(
            [sys.executable, "-c", script],
            env={**os.environ, "PYTHONHASHSEED": str(seed)},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in range(1, 9)
    }
    assert len(printed) == 1, printed
