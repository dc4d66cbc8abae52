"""Word lists as data: stop words, boilerplate phrases and class/id tokens, loaded once.

The files live in cleaner/data (one item per line) so that adding a language or a phrase
is a data change, not a code change.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources


def composed(text: str) -> str:
    """The text in NFC: 'ü' as one character, never 'u' plus a combining diaeresis.

    Some sites (Mac-authored ones most) write letters decomposed; a reader's search, a
    deduplicating pipeline or a test's expected text all look for the composed form.
    normalize returns a text that passes Unicode's quick check as it is; asking
    is_normalized first normalized a text that fails it twice (1.3 ms instead of 0.65 on
    a 19,000-character scrape with a few decomposed letters).
    """
    return unicodedata.normalize("NFC", text)


def normalize_phrase(text: str) -> str:
    """Lowercase, collapse white space and strip punctuation and counts at both ends.

    "  3 Comments:" and "Comments (3)" both become "comments", so one list entry serves.
    """
    return _without_edge_junk(" ".join(text.lower().split()))


def _without_edge_junk(text: str) -> str:
    r"""The text without punctuation, digits and other non-letters at either end.

    As the regex class [\W\d_] reads them: every character but the alphanumeric ones
    that are not decimal digits (str.isalnum, str.isdecimal).
    A regex anchored at the end tried every place of a long text; this walks the ends.
    """
    start, end = 0, len(text)
    # _junk written out: one call per character read was half of normalize_phrase's time
    while start < end and (not text[start].isalnum() or text[start].isdecimal()):
        start += 1
    while end > start and (not text[end - 1].isalnum() or text[end - 1].isdecimal()):
        end -= 1
    return text[start:end]


# Closing quotes and brackets that may follow a sentence's last mark.
_CLOSERS = "'\"”’»)"


def ends_with_mark(text: str, marks: str) -> bool:
    r"""Whether a text ends in one of `marks`, then perhaps closing quotes and brackets.

    As the regex "[marks]['\"”’»)]*$" reads it (one final newline is passed over), but
    reading the end only: the regex search tried every place of a long paragraph.
    """
    body = text[:-1] if text.endswith("\n") else text
    last = body.rstrip(_CLOSERS)[-1:]
    return bool(last) and last in marks


def squash(text: str) -> str:
    """White space collapsed to single spaces: how two renderings of one text compare."""
    return " ".join(text.split())


@dataclass(frozen=True, slots=True, eq=False)
class Lexicon:
    """Every word list the heuristics use, keyed for fast lookup.

    Compared and hashed by identity (one per process), so caches can key on it.
    """

    stopwords: dict[str, frozenset[str]]
    word_languages: dict[str, tuple[str, ...]]
    end_phrases: frozenset[str]
    drop_phrases: frozenset[str]
    teaser_phrases: frozenset[str]
    consent_words: frozenset[str]
    pitch_regex: re.Pattern[str]
    pitch_hints: frozenset[str]
    byline_words: frozenset[str]
    comments_on: re.Pattern[str]
    comments_counted: re.Pattern[str]
    comment_heads: frozenset[str]
    meta_regex: re.Pattern[str]
    social_words: frozenset[str]
    date_words: frozenset[str]
    drop_tokens: frozenset[str]
    widget_tokens: frozenset[str]
    thread_tokens: frozenset[str]
    part_tokens: frozenset[str]
    article_class: re.Pattern[str]


def _read_sections(text: str) -> dict[str, list[str]]:
    """Parse a data file of `[section]` headers and one item per line (# comments)."""
    sections: dict[str, list[str]] = {}
    current = "items"
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            current = line[1:-1]
            continue
        sections.setdefault(current, []).append(line)
    return sections


def _data_files(folder: str) -> list[tuple[str, str]]:
    """(stem, text) of every .txt file in a package data folder, sorted by name."""
    root = resources.files("cleaner") / "data" / folder
    return sorted(
        (entry.name[:-4], entry.read_text(encoding="utf-8"))
        for entry in root.iterdir()
        if entry.name.endswith(".txt")
    )


def _alternation(phrases: set[str]) -> re.Pattern[str]:
    """One case-insensitive regex matching any of the phrases as whole words."""
    alternatives = "|".join(re.escape(p.lower()) for p in sorted(phrases, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives or '(?!)'})(?!\w)", re.IGNORECASE)


def _hints(phrases: set[str]) -> frozenset[str]:
    """The longest word of each phrase: a text without any of them matches no phrase.

    A whole-word match of a phrase makes each of its words a word of the text, so this
    set lets a block skip the (slow) alternation regex when none is among its words.
    """
    return frozenset(
        max(re.findall(r"\w+", p.lower()), key=len) for p in phrases if re.search(r"\w", p)
    )


def _counted_head(phrases: set[str]) -> re.Pattern[str]:
    """'<number or one> <phrase> ...': the head of a comment section ('3 thoughts on')."""
    alternatives = "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True))
    return re.compile(
        rf"^\W*(?:\d+|one|ein|eine|un|une|una|um|uma|jeden)\s+(?:{alternatives or '(?!)'})\b",
        re.IGNORECASE,
    )


def _one_word(phrases: set[str]) -> set[str]:
    """The phrases of one word ('comments', 'Kommentare'), for a count to stand before."""
    return {phrase for phrase in phrases if len(phrase.split()) == 1}


def _substrings(parts: list[str]) -> re.Pattern[str]:
    """One regex finding any of the parts inside a class or id value (case as written)."""
    return re.compile("|".join(re.escape(p) for p in parts) or "(?!)")


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    """Read every list once per process (first call), then serve the same object."""
    stopwords = {lang: _word_list(text) for lang, text in _data_files("stoplists")}
    phrases: dict[str, set[str]] = {}
    for _lang, text in _data_files("phrases"):
        for section, items in _read_sections(text).items():
            phrases.setdefault(section, set()).update(items)
    tokens_text = (resources.files("cleaner") / "data" / "tokens.txt").read_text("utf-8")
    return Lexicon(
        stopwords=stopwords,
        word_languages=_languages_of(stopwords),
        end_phrases=frozenset(normalize_phrase(p) for p in phrases.get("end", ())),
        drop_phrases=frozenset(normalize_phrase(p) for p in phrases.get("drop", ())),
        teaser_phrases=frozenset(normalize_phrase(p) for p in phrases.get("teaser", ())),
        consent_words=frozenset(p.lower() for p in phrases.get("consent", ())),
        pitch_regex=_alternation(phrases.get("pitch", set())),
        pitch_hints=_hints(phrases.get("pitch", set())),
        byline_words=frozenset(p.lower() for p in phrases.get("byline", ())),
        comments_on=_counted_head(phrases.get("comments_on", set())),
        comments_counted=_counted_head(_one_word(phrases.get("comments", set()))),
        comment_heads=frozenset(normalize_phrase(p) for p in phrases.get("comments", ())),
        meta_regex=_alternation(phrases.get("meta", set())),
        social_words=frozenset(p.lower() for p in phrases.get("social", ())),
        date_words=frozenset(p.lower() for p in phrases.get("date", ())),
        drop_tokens=frozenset(_read_sections(tokens_text).get("drop", [])),
        widget_tokens=frozenset(_read_sections(tokens_text).get("widget", [])),
        thread_tokens=frozenset(_read_sections(tokens_text).get("thread", [])),
        part_tokens=frozenset(_read_sections(tokens_text).get("parts", [])),
        article_class=_substrings(_read_sections(tokens_text).get("article", [])),
    )


def _word_list(text: str) -> frozenset[str]:
    """The words of a stop-word file: one a line, lower-cased, blank lines left out.

    Stripped at C speed (map over the lines), in the lines' order as before: a generator
    stripping each line twice was a sixth of the lexicon's load, which the first page pays.
    """
    return frozenset(filter(None, map(str.strip, text.lower().splitlines())))


def _languages_of(stopwords: dict[str, frozenset[str]]) -> dict[str, tuple[str, ...]]:
    """Per stop word, the languages whose lists hold it, in the lists' order.

    Each word's tuple grows as its languages come: a list per word, turned into a tuple
    afterwards, was 76,000 more objects for the garbage collector, and this step took
    most of the lexicon's load (about a second on a busy machine) on the first page.
    """
    languages: dict[str, tuple[str, ...]] = {}
    known = languages.get
    for lang, words in stopwords.items():
        one = (lang,)
        for word in words:
            languages[word] = known(word, ()) + one
    return languages


# A comment section's head ("27 commentaires", "3 thoughts on “A long title”") is a line of
# under this many characters that does not end a sentence; longer, it is a paragraph
# about comments.
# Not tuning: the size of a section head, one definition for the strong signals, pruning's
# thread test and the learned stage's comment guard (whose models saw it); set by hand.
COMMENTS_HEAD_CHARS = 200


def heads_comments(text: str, lexicon: Lexicon) -> bool:
    """Whether a block heads a reader comment section (lexicon's [comments]).

    'Comments', '27 commentaires', 'Leave a Reply', or a count and a [comments_on] phrase:
    '3 thoughts on “Title”', or a count and a [comments] word leading a few more ('{ 14
    comments… read them below or add one }', as a common blog theme writes it).
    """
    if not head_sized(text):
        return False
    return (
        normalize_phrase(text) in lexicon.comment_heads
        or bool(lexicon.comments_on.match(text))
        or counted_comments(text, lexicon) is not None
    )


# A counted comment head ('{ 14 comments… read them below or add one }') has at most this
# many words: longer, the count opens a sentence ('3 comments from readers stood out').
# Set by hand: the blog theme's head has 8 words, with its braces 10.
COUNTED_HEAD_WORDS = 10


def counted_comments(text: str, lexicon: Lexicon) -> re.Match[str] | None:
    """A count, then a [comments] word, then a few words at most: '69 comments… read them'.

    Not a list's item: '• 108 COMMENTS POSTED' is an author's tally in a bio box. The match
    is the count and the word, for a reason to quote.
    """
    if len(text.split()) > COUNTED_HEAD_WORDS or text.lstrip().startswith(_BULLETS):
        return None
    return lexicon.comments_counted.match(text)


# What opens a list's item in a scrape.
_BULLETS = ("•", "◦", "▪", "·", "*", "-", "–")


def head_sized(text: str) -> bool:
    """Short enough for a section head, and not ending a sentence."""
    return len(text) < COMMENTS_HEAD_CHARS and not text.rstrip().endswith(".")
