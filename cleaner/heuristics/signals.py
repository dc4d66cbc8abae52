"""Generic per-block heuristics: strong signals decide, weak ones grade (jusText classes).

Strong signals are facts about a block that make it furniture wherever it sits: a
boilerplate phrase, a share bar, a date or byline, a copyright line, a breadcrumb, a run
of menu lines. Weak signals (length, stop-word density, link density) only grade a block
GOOD / NEARGOOD / SHORT / BAD; context smoothing and the span turn grades into verdicts.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain, filterfalse, repeat

from cleaner.heuristics.page_signals import (
    comment_threads,
    count_runs,
    counts_in_line,
    months_in_line,
)
from cleaner.options import DEFAULT_TUNING, PageSignalsTuning, SignalsTuning, Tuning
from cleaner.page import Block, BlockKind, Decision, Quality, Verdict, revise
from cleaner.read.lexicon import (
    Lexicon,
    counted_comments,
    ends_with_mark,
    head_sized,
    normalize_phrase,
)
from cleaner.reasons import Cause, Why, values

STAGE = "signals"
_WORD = re.compile(r"\w+")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")
_SENTENCE_MARKS = ".!?。！？…"  # a line ending in one (closing quotes aside) is a sentence
_PUNCTUATION_MARKS = ".!?:;,。！？…"
_COPYRIGHT = re.compile(r"©|&copy|\(c\)\s*\d{4}|\bcopyright\b", re.IGNORECASE)
_CRUMB_SEPARATOR = re.compile(r"\s[»›>/|]\s|»|›")
_NUMERIC_DATE = re.compile(
    r"\b\d{1,4}[./-]\d{1,2}[./-]\d{1,4}\b|\b\d{1,2}:\d{2}\b|\b(?:19|20)\d{2}\b"
)


# Blocks of at most this many characters share the large word cache, longer ones the small
# one. A cache partition, not tuning: it changes no verdict (the strong signals' own
# short_block, also 300, is in SignalsTuning).
SHORT_TEXT = 300


def words(text: str) -> tuple[str, ...]:
    """Lowercased word tokens.

    Cached: the language vote, the strong signals, the grades and the learned features
    each read the words of the same blocks, and templates repeat the same lines on every
    page. Long paragraphs have a small cache of their own, holding a page's worth, so
    they neither crowd out the short lines nor make the cache large.
    """
    if len(text) <= SHORT_TEXT:
        return _short_words(text)
    return _long_words(text)


def _read_words(text: str) -> tuple[str, ...]:
    return tuple(_WORD.findall(text.lower()))


# Long paragraphs whose words are remembered: a dev-html page has 7 blocks over
# SHORT_TEXT on average, 34 at most (of 100 pages). Read once instead of three or four
# times: 15 reads a page saved on dev-html, at 65 us each (about 3% of the default mode).
LONG_WORDS_CACHED = 128
# One reading, two caches of their own sizes (see words).
_short_words = lru_cache(maxsize=4096)(_read_words)
_long_words = lru_cache(maxsize=LONG_WORDS_CACHED)(_read_words)


def effective_length(text: str, tuning: Tuning) -> int:
    """Length in characters, CJK characters weighted up (they carry more per character)."""
    cjk = 0 if text.isascii() else len(_CJK.findall(text))
    return int(len(text) - cjk + cjk * tuning.cjk_length_factor)


def effective_words(text: str, tuning: Tuning) -> float:
    """Words separated by white space; CJK text, written without spaces, by its length.

    A 40-character Chinese sentence is one 'word' to str.split(): thresholds in words
    (a menu line has at most 4, a headline 3 to 30) would call it a label.
    """
    cjk = 0 if text.isascii() else len(_CJK.findall(text))
    if not cjk:
        return len(text.split())
    return (
        len(_CJK.sub(" ", text).split())
        + cjk * tuning.cjk_length_factor / tuning.signals.word_chars
    )


def guess_language(blocks: list[Block], lexicon: Lexicon) -> str | None:
    """The stop-word list that covers most of the page's words, if any covers enough.

    The vote reads the page's first LANGUAGE_SAMPLE words, wherever blocks begin and end:
    fast mode merges pruned furniture into fewer blocks, and reads the same words.
    """
    sample: list[str] = []
    for block in blocks:
        sample += words(block.text)
        if len(sample) > LANGUAGE_SAMPLE:
            del sample[LANGUAGE_SAMPLE:]
            break
    total = len(sample)
    # every language of every sampled word, counted at C speed (no Python loop per word);
    # languages come in the order the words first name them, as ties are broken by it
    named = map(lexicon.word_languages.get, sample, repeat((), total))
    counts = Counter(chain.from_iterable(named))
    if not counts:
        return None
    language = max(counts, key=lambda name: counts[name])
    return language if counts[language] / total >= 0.08 else None


# Words read to guess the language: enough for a stable vote, few enough to stay cheap.
LANGUAGE_SAMPLE = 1500


def mark_strong(
    blocks: list[Block], lexicon: Lexicon, tuning: Tuning = DEFAULT_TUNING
) -> list[Block]:
    """Drop every block that a strong signal identifies as furniture, with the reason.

    A page's <h1> is never a breadcrumb, however it reads ('Watch | Portrait of An American
    Craftsman': a kicker, a pipe and the title; dragnet R978 lost its headline so).
    """
    marked = []
    lists = _count_lists(blocks, lexicon.date_words, tuning) | _comment_threads(blocks, tuning)
    for block in blocks:
        if block.is_final or (block.decision is not None and not block.decision.keep):
            marked.append(block)
            continue
        why = lists.get(block.index) or _strong_reason(block, lexicon, tuning.signals)
        if why is None or (why.cause is Cause.BREADCRUMB and block.heading_level == 1):
            marked.append(block)  # a page's <h1> is its title, never a trail of links
            continue
        marked.append(
            revise(
                block,
                decision=Decision(Verdict.DROP, STAGE, *why),
                section_end=why.cause in _SECTION_ENDS,
            )
        )
    return marked


def _count_lists(
    blocks: Sequence[Block], date_words: frozenset[str], tuning: Tuning
) -> dict[int, Why]:
    """Blocks of a count list, by index, with why.

    A run of tuning.count_run or more count lines, or one line holding a whole list
    (page_signals.counts_in_line), or an archive's month list in one line (months_in_line).
    """
    runs = count_runs([block.text for block in blocks], tuning.page_signals)
    lists = {
        block.index: Why(Cause.COUNT_LIST, values(lines=run))
        for block, run in zip(blocks, runs, strict=True)
        if run >= tuning.count_run
    }
    for block in blocks:
        found = _list_in_line(block.text, date_words, tuning.page_signals)
        if found is not None:
            lists[block.index] = found
    return lists


def _list_in_line(
    text: str, date_words: frozenset[str], tuning: PageSignalsTuning
) -> Why | None:
    """A whole list run into one line: counts ('November (113)'), else months and years."""
    counts = counts_in_line(text, tuning)
    if counts:
        return Why(Cause.COUNTS_IN_LINE, values(counts=counts, words=len(text.split())))
    months = months_in_line(text, date_words, tuning)
    if months:
        return Why(Cause.MONTHS_IN_LINE, values(months=months, words=len(text.split())))
    return None


def _comment_threads(blocks: Sequence[Block], tuning: Tuning) -> dict[int, Why]:
    """Blocks of a reader comment thread below the article (page_signals.comment_threads)."""
    threads = comment_threads([block.text for block in blocks], tuning.page_signals)
    return {
        blocks[i].index: Why(Cause.COMMENT_THREAD, values(marks=marks))
        for i, marks in threads.items()
    }


# Heads after which the page turns to furniture or comments (a teaser box head does not
# end the article: its box sits inside it).
_SECTION_ENDS = frozenset({Cause.SECTION_HEAD, Cause.COMMENTS_HEAD})


@dataclass(frozen=True, slots=True)
class Seen:
    """A block's text in the forms the strong-signal tests read, each computed once."""

    text: str
    phrase: str  # normalize_phrase(text): lowercased, edge punctuation and counts gone
    tokens: list[str]  # the text split at white space
    words: tuple[str, ...]  # lowercased word tokens

    @classmethod
    def of(cls, text: str) -> Seen:
        """Read one block's text."""
        return cls(text, normalize_phrase(text), text.split(), words(text))


def _strong_reason(block: Block, lexicon: Lexicon, tuning: SignalsTuning) -> Why | None:
    """The first strong signal that fires; long blocks only face the prose-shaped ones."""
    size = len(block.text)
    if size > tuning.long_block:
        return None
    if size <= tuning.short_block:
        return _short_block_reason(block.text, lexicon, tuning)
    return _first_reason(block.text, lexicon, _PROSE_TESTS, tuning)


@lru_cache(maxsize=8192)
def _short_block_reason(text: str, lexicon: Lexicon, tuning: SignalsTuning) -> Why | None:
    """The strong signal of a short block, remembered by its text (and the tuning it met).

    Templates repeat their short lines on every page of a site ('Home', 'Share this',
    '© 2024 …'): 42% of the short lines of dev-text's lxml scrapes occur more than once.
    """
    return _first_reason(text, lexicon, _STRONG_TESTS, tuning)


def _first_reason(
    text: str,
    lexicon: Lexicon,
    tests: tuple[Callable[[Seen, Lexicon], Why | None], ...],
    tuning: SignalsTuning,
) -> Why | None:
    """The first of `tests` that fires, then the pitch test (last of both lists, tuned)."""
    seen = Seen.of(text)
    for test in tests:
        why = test(seen, lexicon)
        if why is not None:
            return why
    return _pitch(seen, lexicon, tuning)


def _end_phrase(seen: Seen, lexicon: Lexicon) -> Why | None:
    """A section head after which the page turns to furniture ('Related Posts').

    The head may carry a few words more ('Schreibe einen Kommentar Antworten abbrechen');
    a one-word head ('Comments') must stand alone, since it also starts sentences.
    """
    phrase = seen.phrase
    if phrase in lexicon.end_phrases:
        return _head_reason(phrase, lexicon)
    counted = lexicon.comments_on.match(seen.text) or counted_comments(seen.text, lexicon)
    if counted and head_sized(seen.text):
        return Why(Cause.COMMENTS_HEAD, values(head=counted.group(0).strip(_HEAD_EDGES)))
    tokens = phrase.split()
    if len(tokens) > 8 or ends_with_mark(seen.text, _SENTENCE_MARKS):
        return None
    for size in range(min(len(tokens) - 1, 5), 1, -1):
        head = " ".join(tokens[:size])
        if head in lexicon.end_phrases and len(tokens) - size <= 3:
            return _head_reason(head, lexicon)
    return None


# Stripped from a counted head's ends for its reason: '{ 69 comments' reads '69 comments'.
_HEAD_EDGES = " {[(<"


def _head_reason(head: str, lexicon: Lexicon) -> Why:
    """Name what a head does: end the article, or only head a teaser box inside it.

    A head that also leads teaser links ('Lire aussi') heads a box inside the article,
    so it drops the block without ending the article; the others end it.
    """
    if head in lexicon.teaser_phrases:
        return Why(Cause.TEASER_BOX_HEAD, values(head=head))
    if head in lexicon.comment_heads:
        return Why(Cause.COMMENTS_HEAD, values(head=head))
    return Why(Cause.SECTION_HEAD, values(head=head))


def _inline_teaser(seen: Seen, lexicon: Lexicon) -> Why | None:
    """'Read more: <headline>' and its kin in other languages, inside or after the body."""
    head, colon, rest = seen.text.partition(":")
    if not colon or not rest.strip() or len(seen.tokens) > 20:
        return None
    phrase = normalize_phrase(head)
    if phrase in lexicon.end_phrases or phrase in lexicon.teaser_phrases:
        return Why(Cause.TEASER_LINK, values(phrase=phrase))
    return None


def _drop_phrase(seen: Seen, lexicon: Lexicon) -> Why | None:
    phrase = seen.phrase
    if phrase in lexicon.drop_phrases:
        return Why(Cause.BOILERPLATE_PHRASE, values(phrase=phrase))
    tokens = phrase.split()
    if len(tokens) > 20:
        return None
    for size in range(min(len(tokens) - 1, 6), 0, -1):
        head = " ".join(tokens[:size])
        if head not in lexicon.drop_phrases:
            continue
        rest = tokens[size:]
        if size >= 3 or len(rest) <= 2 or _mostly_social(rest, lexicon):
            return Why(Cause.BOILERPLATE_PHRASE, values(phrase=head))
    return None


def _mostly_social(tokens: list[str], lexicon: Lexicon) -> bool:
    return _mostly_social_words(words(" ".join(tokens)), lexicon)


def _mostly_social_words(plain: Sequence[str], lexicon: Lexicon) -> bool:
    """At least two words, and three in five, are social network names ('Facebook')."""
    if len(plain) < 2 or lexicon.social_words.isdisjoint(plain):
        return False
    social = sum(1 for w in plain if w in lexicon.social_words)
    return social >= 2 and social >= 0.6 * len(plain)


def _share_bar(seen: Seen, lexicon: Lexicon) -> Why | None:
    if len(seen.text) < 200 and _mostly_social_words(seen.words, lexicon):
        return Why(Cause.SHARE_BAR)
    return None


def _meta_line(seen: Seen, lexicon: Lexicon) -> Why | None:
    if len(seen.tokens) > 15:
        return None
    found = lexicon.meta_regex.search(seen.text)
    return Why(Cause.META_LINE, values(found=found.group(0))) if found else None


def _copyright(seen: Seen, lexicon: Lexicon) -> Why | None:  # noqa: ARG001 (_STRONG_TESTS' signature)
    if len(seen.tokens) <= 30 and _COPYRIGHT.search(seen.text):
        return Why(Cause.COPYRIGHT)
    return None


def _date_line(seen: Seen, lexicon: Lexicon) -> Why | None:
    tokens = seen.words
    if not tokens or len(tokens) > 24 or not _NUMERIC_DATE.search(seen.text):
        return None
    rest = [t for t in tokens if not t.isdigit() and t not in lexicon.date_words]
    return Why(Cause.DATE_LINE) if len(rest) <= 1 else None


def _cookie_notice(seen: Seen, lexicon: Lexicon) -> Why | None:
    if "ookie" not in seen.text:
        return None
    tokens = seen.words
    if len(tokens) > 120 or not any(t.startswith("cookie") for t in tokens):
        return None
    if any(t in lexicon.consent_words for t in tokens):
        return Why(Cause.COOKIE_NOTICE)
    return None


def _byline(seen: Seen, lexicon: Lexicon) -> Why | None:
    """'By Jane Doe', 'Von Volkmar Kabisch, Jan Lukas Strozyk und Benedikt Strunz, NDR'."""
    tokens = seen.tokens
    if not 2 <= len(tokens) <= 14 or ends_with_mark(seen.text, _SENTENCE_MARKS):
        return None
    lead = 2 if " ".join(tokens[:2]).lower() in lexicon.byline_words else 1
    if " ".join(tokens[:lead]).lower() not in lexicon.byline_words:
        return None
    names = [t for t in tokens[lead:] if t[:1].isalpha()]
    capitalised = sum(1 for t in names if t[0].isupper())
    if names and capitalised >= 0.6 * len(names):
        return Why(Cause.BYLINE)
    return None


def _pitch(seen: Seen, lexicon: Lexicon, tuning: SignalsTuning) -> Why | None:
    """Newsletter, subscription and advertising pitches, however much they read as prose.

    A pitch is dense with its phrases (SignalsTuning.pitch_words says how dense).
    """
    pitch_words = tuning.pitch_words
    if not tuning.pitch_min <= len(seen.text) <= tuning.long_block:
        return None
    if lexicon.pitch_hints.isdisjoint(seen.words):
        return None
    found = _outermost({m.group(0).lower() for m in lexicon.pitch_regex.finditer(seen.text)})
    size = len(seen.words)
    if size > pitch_words and all(" " not in phrase for phrase in found):
        return None
    if len(found) >= max(2, 1 + size // pitch_words):
        first, second = sorted(found)[:2]
        return Why(Cause.PITCH, values(first=first, second=second))
    return None


def _outermost(found: set[str]) -> set[str]:
    """The phrases found, less those inside another found ('e-mail' in 'e-mail address').

    One phrase inside another is one piece of evidence, not two.
    """
    return {p for p in found if not any(p != other and p in other for other in found)}


def _breadcrumb(seen: Seen, lexicon: Lexicon) -> Why | None:
    parts = [p.strip() for p in _CRUMB_SEPARATOR.split(seen.text) if p.strip()]
    if len(parts) < 2 or ends_with_mark(parts[0], _SENTENCE_MARKS):
        return None
    if normalize_phrase(parts[0]) in lexicon.drop_phrases:
        return Why(Cause.BREADCRUMB)
    return None


_STRONG_TESTS: tuple[Callable[[Seen, Lexicon], Why | None], ...] = (
    _end_phrase,
    _inline_teaser,
    _drop_phrase,
    _share_bar,
    _meta_line,
    _byline,
    _copyright,
    _date_line,
    _breadcrumb,
    _cookie_notice,
)  # the pitch test comes last, with its tuning (_first_reason)


# Blocks longer than SignalsTuning.short_block face only the prose-shaped tests, then the
# pitch test.
_PROSE_TESTS: tuple[Callable[[Seen, Lexicon], Why | None], ...] = (_cookie_notice,)


def _menu_runs(blocks: list[Block], tuning: Tuning) -> dict[int, Why]:
    """Runs of short, unpunctuated, digit-free lines: menus and tag lists in a scrape."""
    reasons: dict[int, Why] = {}
    run: list[Block] = []
    for block in [*blocks, None]:
        if block is not None and _menu_like(block, tuning):
            run.append(block)
            continue
        if len(run) >= tuning.menu_run_min:
            for member in run:
                reasons[member.index] = Why(Cause.MENU_RUN, values(lines=len(run)))
        run = []
    return reasons


def _menu_like(block: Block, tuning: Tuning) -> bool:
    text = block.text
    return (
        effective_words(text, tuning) <= tuning.menu_line_max_words
        and not any(ch.isdigit() for ch in text)
        and not ends_with_mark(text, _PUNCTUATION_MARKS)
    )


def grade(
    blocks: list[Block], lexicon: Lexicon, language: str | None, tuning: Tuning
) -> list[Block]:
    """Give every block its jusText class and the first-pass decision that goes with it.

    A run of menu-like lines in a scrape is graded BAD: weak evidence, since a run of
    short lines inside an article (signatures, a short list) is not a menu.
    """
    stopwords = lexicon.stopwords.get(language or "")
    menu = _menu_runs(blocks, tuning) if blocks and blocks[0].source == "text" else {}
    graded = []
    bad, drop, keep = Quality.BAD, Verdict.DROP, Verdict.KEEP  # enum lookups are slow (3.11)
    for block in blocks:
        quality, why = classify(block, stopwords, tuning)
        if block.index in menu:
            quality, why = bad, menu[block.index]
        verdict = drop if quality is bad else keep
        graded.append(revise(block, quality=quality, first=Decision(verdict, STAGE, *why)))
    return graded


def classify(block: Block, stopwords: frozenset[str] | None, tuning: Tuning) -> tuple[Quality, Why]:
    """Grade one block the way jusText does, without looking at its neighbours.

    Languages without a stop-word list (and CJK text, which has no spaces) fall back on
    sentence punctuation instead of stop-word density.
    """
    length = effective_length(block.text, tuning)
    if block.link_density > tuning.max_link_density:
        return Quality.BAD, Why(Cause.LINK_DENSITY, values(density=block.link_density))
    if length < tuning.length_low:
        if block.link_density > tuning.short_link_density:
            return Quality.BAD, Why(Cause.SHORT_LINK_TEXT, values(length=length))
        return Quality.SHORT, Why(Cause.SHORT, values(length=length))
    density = stopword_density(block.text, stopwords)
    measured = values(length=length, stopwords=density)
    if density >= tuning.stopwords_high:
        if length > tuning.length_high or block.kind is BlockKind.PRE:
            return Quality.GOOD, Why(Cause.PROSE, measured)
        return Quality.NEARGOOD, Why(Cause.MEDIUM, measured)
    if density >= tuning.stopwords_low:
        return Quality.NEARGOOD, Why(Cause.MEDIUM, measured)
    return Quality.BAD, Why(Cause.FEW_STOPWORDS, values(stopwords=density))


def stopword_density(text: str, stopwords: frozenset[str] | None) -> float:
    """Share of stop words among the words of a text.

    Numbers are not words: a recipe step full of quantities is still prose. Without a
    stop-word list, sentence-like text scores 1.0 and anything else 0.0.
    """
    if stopwords is None:
        sentence_like = ends_with_mark(text, _PUNCTUATION_MARKS) or len(_CJK.findall(text)) > 20
        return 1.0 if sentence_like else 0.0
    return stopword_share(words(text), stopwords)


def stopword_share(tokens: Sequence[str], stopwords: frozenset[str]) -> float:
    """Share of stop words among word tokens, numbers left out (see stopword_density).

    The numbers are filtered out at C speed (filterfalse): this runs on every block twice.
    """
    counted = list(filterfalse(str.isdigit, tokens))
    return sum(map(stopwords.__contains__, counted)) / len(counted) if counted else 0.0
