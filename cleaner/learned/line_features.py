"""A scraped line's cheap facts, read for the whole page at once: the line features.

Fast mode on scraped text decides by these alone (cleaner/fast/text.py), and the learned
stage's text model reads them beside its own features (cleaner/learned/features.py), so
both read one definition. Each fact of every line is computed at once, with C-level string
methods and array arithmetic instead of a Python loop per line. Stop words are counted
against every language's list at once, as fast mode does for HTML (cleaner/fast/decision.py).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from functools import cache
from itertools import compress, count, repeat

import numpy as np
import numpy.typing as npt

from cleaner.heuristics.page_signals import COUNT, glued_headline
from cleaner.options import DEFAULT_TUNING
from cleaner.read.lexicon import Lexicon

# Stop words are looked for among the words of a line's first 60 characters (the share is
# of at most HEAD_WORDS words), and only on lines of STOP_MIN_WORDS words or more (commas
# too): splitting whole lines, half of them one or two words long, was a third of the
# time of the features, and ten words tell prose from a menu. Held out, reading the first
# 100 characters scored F1 0.883 / 0.886 (inscriptis / lxml), 60 0.886 / 0.887.
HEAD = slice(0, 60)
HEAD_WORDS = 10
STOP_MIN_WORDS = 3
# A line of at least this many words with HEAD_SHARE stop words among its first words is
# prose, for the features that place a line against the page's prose (the same bar as the
# default mode's "12 words" baseline; the model weighs it).
PROSE_WORDS = 10
PROSE_SHARE = 0.15
CAP = 20  # distances to prose are capped here: further is all the same
WINDOW_REACH = 3  # window_words: the line and 3 either side, seven lines
# Lines up to this long are compared with the end-of-article phrases (the longest is 34
# characters; counts and punctuation around it are stripped first).
PHRASE_CHARS = 50
SENTENCE_ENDS = tuple('.!?。！？…"”’»)')
# Whether a code point (of the Basic Multilingual Plane, where every mark above is) ends a
# sentence: one look-up per line's last character.
_ENDS_SENTENCE = np.zeros(0x10000, dtype=np.bool_)
_ENDS_SENTENCE[[ord(mark) for mark in SENTENCE_ENDS]] = True
# Stripped from both ends of a lower-cased short line before it is compared with the
# phrase lists ("Related posts:" -> "related posts"), as normalize_phrase does, but in C.
EDGE_JUNK = " \t:;.,!?|/·•*-–—()[]{}<>«»›‹#0123456789"

# (name, what it measures): the order is the model's input order.
FEATURES: tuple[tuple[str, str], ...] = (
    ("words", "words (spaces + 1)"),
    ("length", "characters"),
    ("stopwords", "distinct stop words in its first 60 characters"),
    ("stopword_share", "stop-word share of its first 10 words"),
    ("sentence_end", "ends like a sentence"),
    ("repeated", "the same line appears elsewhere on the page"),
    ("pipes", "count of '|' separators"),
    ("commas", "count of commas"),
    ("capital_start", "starts with a capital letter"),
    ("after_end_phrase", "an end-of-article phrase came above it"),
    ("blank_before", "a blank line above it"),
    ("previous_words", "words of the line above"),
    ("next_words", "words of the line below"),
    ("next_stopword_share", "stop-word share of the line below"),
    ("second_previous_words", "words of the line two above"),
    ("second_next_words", "words of the line two below"),
    ("window_words", "words of the seven lines around it"),
    ("position", "position in the page (0 top, 1 bottom)"),
    ("prose_above", "share of the page's prose above it"),
    ("prose_below", "share of the page's prose below it"),
    ("lines_from_prose_above", "lines since the last prose line above"),
    ("lines_to_prose_below", "lines to the next prose line below"),
    ("headlines_around", "teaser run: headline-like lines among the 7 lines around it"),
    ("glued_headline", "a headline glued to its lede ('Budget PlanThe council')"),
    ("count_line", "ends in a count ('November (113)')"),
)
FEATURE_NAMES = tuple(name for name, _ in FEATURES)
# Features line_features leaves at 0 when the caller's model does not ask about them.
SKIPPABLE = frozenset({"glued_headline", "count_line"})
FLAGS = frozenset(
    {"sentence_end", "repeated", "capital_start", "after_end_phrase", "blank_before"}
    | {"glued_headline", "count_line"}
)


def page_lines(text: str) -> tuple[list[str], npt.NDArray[np.bool_]]:
    """The page's non-empty lines, stripped, and whether a blank line (or the top) is above each."""
    stripped = list(map(str.strip, text.splitlines()))
    present = np.fromiter(map(bool, stripped), dtype=np.bool_, count=len(stripped))
    lines = list(filter(None, stripped))
    blank_before = np.concatenate(([True], ~present[:-1]))[present]
    return lines, blank_before


@cache
def _all_stopwords(lexicon: Lexicon) -> frozenset[str]:
    return frozenset().union(*lexicon.stopwords.values())


def _end_phrases(lexicon: Lexicon) -> frozenset[str]:
    """End-of-article phrases ('Related posts', 'Comments'): what follows is seldom article."""
    return lexicon.end_phrases


def line_features(
    lines: list[str],
    blank_before: npt.NDArray[np.bool_],
    lexicon: Lexicon,
    asked: Collection[str] = FEATURE_NAMES,
) -> npt.NDArray[np.float64]:
    """One row of FEATURES per line, built a column at a time for the whole page.

    The lines are read as one string (_PageText), so counts of characters, first and last
    characters are array arithmetic over the page's code points; what needs words (stop
    words, phrases) is one C-level pass over the lines that need it. Each column is
    written straight into the page's (features x lines) matrix.
    `asked`: the features the caller's model reads. The furniture marks (SKIPPABLE) that
    it does not read are left at 0: fast mode's model asks about neither, and they were a
    tenth of its time. Every other feature is computed whatever is asked.
    """
    n = len(lines)
    out = np.zeros((len(FEATURES), n))
    put = dict(zip(FEATURE_NAMES, out, strict=True))  # each feature's row, a view to write
    page = _PageText(lines)
    put["length"][:] = page.lengths
    spaces, pipes, commas = page.counts(COUNTED)
    words = put["words"]
    np.add(spaces, 1, out=words)
    wordy = words >= STOP_MIN_WORDS
    stopwords = put["stopwords"]
    stopwords[wordy] = _stopword_counts(lines, wordy, lexicon)
    share = put["stopword_share"]
    np.divide(stopwords, np.minimum(words, HEAD_WORDS), out=share)
    put["sentence_end"][:] = _ENDS_SENTENCE[page.last]
    put["repeated"][:] = _repeated(lines)
    put["pipes"][:] = pipes
    put["commas"][wordy] = commas[wordy]
    put["capital_start"][:] = page.capital_first()
    put["after_end_phrase"][_first_end_phrase(lines, page.lengths, lexicon) :] = 1
    put["blank_before"][:] = blank_before
    _neighbours(put, words, share)
    np.divide(np.arange(n), n, out=put["position"])
    _place_against_prose(put, words, share)
    _furniture_marks(put, lines, page, asked)
    return out.T


def _stopword_counts(
    lines: list[str], wordy: npt.NDArray[np.bool_], lexicon: Lexicon
) -> npt.NDArray[np.float64]:
    """Distinct stop words among the words of each wordy line's HEAD, lower-cased."""
    heads = map(str.lower, map(str.__getitem__, compress(lines, wordy), repeat(HEAD)))
    found = map(_all_stopwords(lexicon).intersection, map(str.split, heads))
    return _counts_of(map(len, found), wordy)


def _neighbours(
    put: dict[str, npt.NDArray[np.float64]],
    words: npt.NDArray[np.float64],
    share: npt.NDArray[np.float64],
) -> None:
    """The words (and stop-word share) of the lines around each line; 0 past the page."""
    put["previous_words"][1:] = words[:-1]
    put["next_words"][:-1] = words[1:]
    put["second_previous_words"][2:] = words[:-2]
    put["second_next_words"][:-2] = words[2:]
    put["next_stopword_share"][:-1] = share[1:]
    put["window_words"][:] = _window_sum(words, WINDOW_REACH)


def _furniture_marks(
    put: dict[str, npt.NDArray[np.float64]],
    lines: list[str],
    page: _PageText,
    asked: Collection[str],
) -> None:
    """The page_signals of a scrape fast mode reads: teaser runs, glued headlines, counts.

    A headline-like line is read off the columns already built (words, a capital first,
    no sentence end). For the others, array arithmetic picks the few lines that can pass
    (a count ends in ')' or ']', a glued headline has a lower-case letter right before an
    upper-case one), and the default mode's own test of a line confirms each: a search of
    every line was ten times the features' time. Comment marks (page_signals.comment_marks)
    are left to the default mode: even found this way they cost a sixth of fast text
    mode's time (dragnet inscriptis, 790 -> 620 pages/s of CPU time with them).
    """
    trained = _TRAINED  # the page signals' numbers the models were trained with
    words = put["words"]
    headline = (words >= trained.headline_min_words) & (words <= trained.headline_words)
    headline &= (put["capital_start"] > 0) & (put["sentence_end"] == 0)
    put["headlines_around"][:] = _window_sum(headline, trained.reach)
    for name, test in _MARKS:
        if name in asked:
            at = np.flatnonzero(_candidates(name, words, page)).tolist()
            put[name][at] = _counts(map(bool, map(test, map(lines.__getitem__, at))), len(at))


def _candidates(
    name: str, words: npt.NDArray[np.float64], page: _PageText
) -> npt.NDArray[np.bool_]:
    """The lines that can carry the mark: the rest fail its test for sure."""
    trained = _TRAINED
    if name == "count_line":
        closing: npt.NDArray[np.bool_] = _CLOSING[page.last] & (words <= trained.count_words)
        return closing
    return page.has_glue() & (words >= trained.headline_min_words)


# The page signals' numbers (PageSignalsTuning) as the shipped models were trained with them:
# a feature must mean at run time what it meant in training.
_TRAINED = DEFAULT_TUNING.page_signals
# Whether a code point closes a count: ')' or ']'.
_CLOSING = np.zeros(0x10000, dtype=np.bool_)
_CLOSING[[ord(")"), ord("]")]] = True
# Each mark's test of a candidate line (C-level searches where the candidates already
# meet the rest of page_signals' test: a count line's few words, a mark's short line).
_MARKS = (
    ("glued_headline", glued_headline),
    ("count_line", COUNT.search),
)
# The characters counted in every line: spaces (words), pipes and commas.
COUNTED = np.array([[ord(" ")], [ord("|")], [ord(",")]], dtype=np.uint32)


class _PageText:
    """A page's lines as one string and its code points, for counts over every line at once.

    A count of one character per line is where it occurs in the page, cut at the lines'
    ends: one comparison over the page's code points instead of a str.count per line.
    Every line has a character (page_lines and the text blocks drop empty ones): an empty
    line has no first or last character, and would cut the page at the wrong places.
    """

    def __init__(self, lines: list[str]) -> None:
        self.lengths = np.fromiter(map(len, lines), dtype=np.intp, count=len(lines))
        if not self.lengths.all():
            raise ValueError("line features need non-empty lines: drop empty ones first")
        self.ends = (self.lengths + 1).cumsum() - 1  # each line's end in the joined text
        self.starts = self.ends - self.lengths
        encoded = "\n".join(lines).encode("utf-32-le", "surrogatepass")
        self.codes = np.frombuffer(encoded, dtype=np.uint32)
        # each line's last code point, as a number a table can look up (BMP: every mark
        # looked up is there; beyond it, 0xFFFF stands for "none of them")
        self.last = np.minimum(self.codes[self.ends - 1], 0xFFFF)

    def counts(self, chars: npt.NDArray[np.uint32]) -> npt.NDArray[np.intp]:
        """Per character (a column of code points), how often it occurs in each line.

        The line break joining the lines is counted in no line. One comparison and one
        sum for all the characters: each call on the page's code points costs about as
        much as its work.
        """
        counts: npt.NDArray[np.intp] = np.add.reduceat(
            self.codes == chars, self.starts, axis=1, dtype=np.intp
        )
        return counts

    def has_glue(self) -> npt.NDArray[np.bool_]:
        """Per line, whether an ASCII lower-case letter stands right before an upper-case one."""
        codes = self.codes
        glue = np.zeros(len(codes), dtype=np.bool_)  # the page's last character glues nothing
        np.logical_and(codes[:-1] - 97 < 26, codes[1:] - 65 < 26, out=glue[:-1])  # a-z, A-Z
        counts: npt.NDArray[np.intp] = np.add.reduceat(glue, self.starts, dtype=np.intp)
        return counts > 0

    def capital_first(self) -> npt.NDArray[np.bool_]:
        """Per line, whether its first character is a capital (str.isupper of it alone).

        Looked up in a table of the BMP; the few lines that start beyond it (an emoji, a
        mathematical letter) ask str.isupper itself.
        """
        first = self.codes[self.starts]
        capital: npt.NDArray[np.bool_] = _upper_table()[np.minimum(first, 0xFFFF)]
        astral = np.flatnonzero(first > 0xFFFF)
        if len(astral):
            capital[astral] = [chr(code).isupper() for code in first[astral].tolist()]
        return capital


@cache
def _upper_table() -> npt.NDArray[np.bool_]:
    """Per BMP code point, str.isupper of the character alone (built once: about 3 ms)."""
    bmp = "".join(map(chr, range(0x10000)))
    return np.fromiter(map(str.isupper, bmp), dtype=np.bool_, count=0x10000)


def _first_end_phrase(lines: list[str], lengths: npt.NDArray[np.intp], lexicon: Lexicon) -> int:
    """The first line that is an end-of-article phrase ('Related posts:'), or past the end.

    Only lines up to PHRASE_CHARS long are compared, and the search stops at the first.
    """
    short = np.flatnonzero(lengths <= PHRASE_CHARS).tolist()
    cores = map(str.strip, map(str.lower, map(lines.__getitem__, short)), repeat(EDGE_JUNK))
    return next(compress(short, map(_end_phrases(lexicon).__contains__, cores)), len(lines))


def _repeated(lines: list[str]) -> npt.NDArray[np.bool_] | bool:
    """Whether each line appears elsewhere on the page too.

    Each line gets the number of its text's first line (one C-level pass, no counting);
    a number given twice is a repeated line.
    """
    first: dict[str, int] = {}
    ids = np.fromiter(map(first.setdefault, lines, count()), dtype=np.intp, count=len(lines))
    if len(first) == len(lines):  # no line twice: nothing to count
        return False
    repeated: npt.NDArray[np.bool_] = np.bincount(ids)[ids] > 1
    return repeated


def _counts(values: Iterable[float], n: int) -> npt.NDArray[np.float64]:
    """The n numbers (or flags) as an array, read straight from an iterator."""
    return np.fromiter(values, dtype=np.float64, count=n)


def _counts_of(values: Iterable[float], chosen: npt.NDArray[np.bool_]) -> npt.NDArray[np.float64]:
    """_counts of the values for the chosen lines (a compress() of the lines)."""
    return _counts(values, int(chosen.sum()))


def _window_sum(
    values: npt.NDArray[np.float64] | npt.NDArray[np.bool_], reach: int
) -> npt.NDArray[np.float64]:
    """Sum of the values within `reach` lines either side, the line's own included.

    The page is padded with `reach` zeros at each end, so every window is the difference
    of two running sums, with no clipping at the edges.
    """
    padded = np.zeros(len(values) + 2 * reach + 1)
    padded[reach + 1 : reach + 1 + len(values)] = values
    sums = padded.cumsum()
    total: npt.NDArray[np.float64] = sums[2 * reach + 1 :] - sums[: len(values)]
    return total


def _place_against_prose(
    put: dict[str, npt.NDArray[np.float64]],
    words: npt.NDArray[np.float64],
    share: npt.NDArray[np.float64],
) -> None:
    """Where each line sits against the page's prose: the article is mostly one stretch."""
    n = len(words)
    place = np.arange(n)
    prose = (words >= PROSE_WORDS) & (share >= PROSE_SHARE)
    prose_words = words * prose
    running = prose_words.cumsum()
    total = float(running[-1]) or 1.0
    put["prose_above"][:] = (running - prose_words) / total
    put["prose_below"][:] = 1.0 - running / total
    # the nearest prose line above and below; a page edge counts as CAP lines away
    above = np.maximum.accumulate(np.where(prose, place, -CAP))
    below = np.minimum.accumulate(np.where(prose, place, n + CAP)[::-1])[::-1]
    put["lines_from_prose_above"][0] = CAP
    put["lines_from_prose_above"][1:] = np.minimum(place[1:] - above[:-1], CAP)
    put["lines_to_prose_below"][-1] = CAP
    put["lines_to_prose_below"][:-1] = np.minimum(below[1:] - place[:-1], CAP)
