"""The text model's word weights: how a line's words are read and weighed, and the file."""

from __future__ import annotations

import math

import pytest

from cleaner.forest import ModelError
from cleaner.learned import _weighed_most, shipped_model
from cleaner.word_odds import NAME, WordOdds, shipped_words, stack_words, words_of

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


def test_a_reason_quotes_the_words_behind_the_word_odds() -> None:
    names = ("word_odds", "words")
    why = _weighed_most(names, [-2.1, 4.0], [-0.9, -0.2], keep=False, said=["newsletter"])
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


def test_a_malformed_words_file_is_a_clear_error() -> None:
    with pytest.raises(ModelError, match=NAME):
        from cleaner.forest import built

        built(NAME, stack_words, {"format": 1, "structure": "words"})
