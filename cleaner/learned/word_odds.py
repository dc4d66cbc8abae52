"""What a scraped line's words say about it: one learned weight per word.

Furniture has a vocabulary of its own in every language ('newsletter', 'teilen',
'kommentare', 'share', 'latest'), and article prose is thick with the words that join
sentences ('dass', 'the', 'que', 'sich'). The phrase lists (cleaner/data/phrases) name
whole furniture lines; these weights grade every word a line holds. They are a logistic
regression over the words present, fitted on the dev corpus's labelled lines by
benchmarks/train_model.py (`--kind text`), which keeps only words labelled on at least
WORD_SITES different sites, so that no one site's vocabulary is learned. The text model
reads a line's word odds as one more feature (features.WORD_READING).

In a scrape that lost the page's layout (the lxml rendering: no bullets, no indents)
words are much of what tells a caption credit or a share prompt from a sentence. Held
out on dev-text (the site folds of train_model.py), F1 0.9104 -> 0.9171 (inscriptis) and
0.8985 -> 0.9085 (lxml); with seeds 1-3, lxml 0.906 to 0.910. The golden text cases
(generic, mean F1 per case, models fitted with seeds 0-3): 0.932 -> 0.937.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import cache
from itertools import repeat
from typing import Any

from cleaner.learned.boosted import built, read_model

STRUCTURE = "words"
NAME = "text-words"
_WORD = re.compile(r"\w+")
_DIGIT = re.compile(r"\d")
# A reason names at most this many of the words that weighed most toward its verdict,
# each weighing at least TELLING_WEIGHT (log-odds): a word of weight 0.05 told nothing.
TELLING_WORDS = 3
TELLING_WEIGHT = 0.25


def words_of(text: str) -> set[str]:
    """The distinct words of a text, lower-cased, each digit read as 0 ('2022' -> '0000').

    Numbers say the same whatever their value: a date, a count, a price.
    """
    return set(_WORD.findall(_DIGIT.sub("0", text.lower())))


@dataclass(frozen=True)
class WordOdds:
    """Each known word's weight and the weight every line starts from (log-odds)."""

    weights: dict[str, float]
    bias: float
    meta: dict[str, Any]

    def odds(self, text: str) -> float:
        """The line's article log-odds by its words alone.

        The known words' weights are summed and divided by the square root of how many
        distinct words the line has, unknown ones included: a long sentence is not pushed
        further than a short line by the number of its words alone.
        """
        words = words_of(text)
        if not words:
            return self.bias
        # fsum: exactly rounded whatever the order, and `words` is a set, whose order
        # changes with the hash seed (a reason printed 0.73 or 0.74 by the process)
        known = math.fsum(map(self.weights.get, words, repeat(0.0)))
        return self.bias + known / math.sqrt(len(words))

    def telling(self, text: str, keep: bool) -> list[str]:
        """The words of the text that weigh most toward keeping it (or dropping it)."""
        sign = 1.0 if keep else -1.0
        known = [(sign * self.weights[w], w) for w in words_of(text) if w in self.weights]
        known.sort(key=lambda pair: (-pair[0], pair[1]))  # heaviest first, ties by name
        return [word for weight, word in known if weight >= TELLING_WEIGHT][:TELLING_WORDS]


def stack_words(data: dict[str, Any]) -> WordOdds:
    """The word odds of a words file's data (a ValueError if a weight is not a finite number)."""
    words = WordOdds(
        weights={str(word): float(weight) for word, weight in data["weights"].items()},
        bias=float(data["bias"]),
        meta=data.get("trained", {}),
    )
    if not all(map(math.isfinite, [words.bias, *words.weights.values()])):
        raise ValueError("a weight that is not a finite number")
    return words


@cache
def shipped_words() -> WordOdds:
    """The shipped word weights (cleaner/data/models/text-words.json)."""
    return built(NAME, stack_words, read_model(NAME, structures=(STRUCTURE,)))


NO_WORDS = WordOdds(weights={}, bias=0.0, meta={})  # every line the same: before training
