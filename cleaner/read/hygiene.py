"""Text hygiene in one place: what every block's text goes through before a stage reads it.

Invisible format characters that change nothing a reader sees are removed: a soft hyphen
inside a word ('Wärme', U+00AD, 'pumpe') breaks a search for the word, and a line of
zero-width spaces is not a line. Format characters that do change the text are kept: ZWNJ
and ZWJ shape Persian and Indic words and join emoji, the bidirectional marks order
Arabic and Hebrew text, tag characters spell subdivision flags. A line (or a whole block)
holding nothing but those and white space is emptied, so no stage ever sees it as a block.
Then the text is put in Unicode's composed form (lexicon.composed).

Every place that makes block text calls `visible` once per block (or once per scraped
page): read/html_walk, fast/blocks, read/loader (scraped text) and learned/line_features.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache

import numpy as np
import numpy.typing as npt

from cleaner.read.lexicon import composed

# Removed wherever they stand (each is a Unicode format character, category Cf):
# U+00AD soft hyphen (a line-break hint only), U+180E Mongolian vowel separator (used on
# the web as a zero-width space; it shapes a final vowel only in traditional Mongolian,
# which no corpus here holds), U+200B zero-width space, U+2060 word joiner, U+2061-2064
# invisible mathematical operators, U+206A-206F deprecated format controls, U+FEFF byte
# order mark / zero-width no-break space.
REMOVED = "\u00ad\u180e\u200b\u2060-\u2064\u206a-\u206f\ufeff"
# Kept inside text, but nothing to see on a line of their own: ZWNJ, ZWJ, the bidi marks,
# embeddings and isolates, interlinear annotation marks, the other zero-width format
# controls of Unicode's Cf category (hieroglyph, shorthand, musical, tag characters), and
# the characters that only modify or fill (combining grapheme joiner, variation selectors,
# Hangul fillers, the blank Braille pattern). The Cf characters that print a sign (Arabic
# number signs U+0600-0605, end of ayah U+06DD, Syriac U+070F, U+0890-0891, U+08E2, Kaithi
# U+110BD and U+110CD) are visible text and in neither list.
KEPT_INVISIBLE_BMP = (
    "\u034f\u061c\u115f\u1160\u200c-\u200f\u202a-\u202e\u2066-\u2069\u2800\u3164"
    "\ufe00-\ufe0f\ufff9-\ufffb\uffa0"
)
# Beyond the Basic Multilingual Plane: hieroglyph, shorthand and musical format controls,
# tag characters, variation selectors. They are not looked for in every text: a character
# class holding them made the search five times slower (38 against 9 us on a 500-character
# paragraph), and they only matter on a line of their own, never seen on the web.
KEPT_INVISIBLE_ASTRAL = (
    "\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001"
    "\U000e0020-\U000e007f\U000e0100-\U000e01ef"
)
KEPT_INVISIBLE = KEPT_INVISIBLE_BMP + KEPT_INVISIBLE_ASTRAL
_REMOVED = re.compile(f"[{REMOVED}]")
_ANY_FORMAT = re.compile(f"[{REMOVED}{KEPT_INVISIBLE_BMP}]")
_KEPT = re.compile(f"[{KEPT_INVISIBLE_BMP}]")
# A line of white space and kept invisible characters only. Lines end at a newline, at
# NUL (html_blocks' <br> mark) or at U+0001 (where fast_blocks joins its chunks); other
# white space is part of the line.
_INVISIBLE_LINE = re.compile(
    f"(?:^|(?<=[\\n\\x00\\x01]))(?:[{KEPT_INVISIBLE}]|[^\\S\\n])+(?=[\\n\\x00\\x01]|$)"
)


def visible(text: str) -> str:
    """The text without invisible format characters, invisible-only lines emptied, in NFC.

    A regex, not str.translate: translate looks each character of a non-ASCII text up in
    a dict, 10 to 20 times slower than one regex scan (measured on 500-character German
    and Chinese paragraphs: about 100 us against 5-8 us). ASCII text has none of these
    characters and is returned as it is.
    """
    if text.isascii():
        return text
    if _ANY_FORMAT.search(text) is not None:
        text = _REMOVED.sub("", text)
        if _KEPT.search(text) is not None:
            text = _INVISIBLE_LINE.sub("", text)
    return composed(text)


def visible_page(text: str) -> str:
    """visible(text) for a whole scraped page, the same text, sooner on most pages.

    visible's regex scans for format characters cost about 4 ns a character each (55 us
    on a 13,000-character scrape, a twentieth of fast text mode's time). Most of a page's
    characters are below the first of them (U+00AD): the code points above it are picked
    by array arithmetic and looked up in a table of the same characters. A page with none
    is only put in NFC; one with format characters loses those to remove by str.replace
    (a tenth of scrapes, most with soft hyphens), and lines of kept ones alone are
    emptied line by line (_invisible_lines_emptied).
    """
    if text.isascii():
        return text
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    high = codes[codes >= _FIRST_FORMAT]
    kinds = _format_kinds()[np.minimum(high, 0xFFFF)]  # every format character is in the BMP
    if kinds.any():
        kept = bool((kinds == _KEPT_KIND).any())
        if kept and ("\x00" in text or "\x01" in text):  # line ends of html_blocks' texts
            return visible(text)
        for code in np.unique(high[kinds == _REMOVED_KIND]).tolist():
            text = text.replace(chr(code), "")
        if kept:
            text = _invisible_lines_emptied(text)
        high = high[kinds != _REMOVED_KIND]
    return text if _in_nfc(high) else _composed_lines(text, high)


def _composed_lines(text: str, high: npt.NDArray[np.uint32]) -> str:
    """composed(text), normalizing only the lines that hold a character NFC may change.

    A scrape that fails _in_nfc most often has a few decomposed letters ('u' and a
    combining diaeresis) on a few of its hundreds of lines, and NFC of a whole page costs
    about 70 ns a character (1.3 ms on 19,000). A line break is a character NFC never
    moves, composes or decomposes, so the NFC of the page is the NFC of each of its lines
    joined again; a line whose characters all pass _nfc_safe is in NFC already. A page
    of many characters above U+00AD (a CJK scrape) is left to composed: its quick check
    passes the page whole, and sorting its characters would cost more.
    """
    if len(high) > _FEW:
        return composed(text)
    unsafe = [code for code in np.unique(high).tolist() if not _nfc_safe(code)]
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    breaks = np.flatnonzero(codes == 0x0A)
    touched = np.unique(np.searchsorted(breaks, np.flatnonzero(np.isin(codes, unsafe))))
    starts = np.append(0, breaks + 1)[touched].tolist()
    ends = np.append(breaks, len(codes))[touched].tolist()
    pieces, done = [], 0
    for start, end in zip(starts, ends, strict=True):
        pieces += [text[done:start], composed(text[start:end])]
        done = end
    pieces.append(text[done:])
    return "".join(pieces)


def _invisible_lines_emptied(text: str) -> str:
    """_INVISIBLE_LINE.sub("", text) for a text whose lines end at newlines only.

    The regex tries its lookbehind at every character: 0.7 ms on a scrape of 14,000
    characters. Each of its matches is a whole line of white space and kept invisible
    characters, so a test of each line says the same.
    """
    lines = text.split("\n")
    return "\n".join(["" if _INVISIBLE_RUN.fullmatch(line) else line for line in lines])


# A line _INVISIBLE_LINE empties: white space and kept invisible characters only.
_INVISIBLE_RUN = re.compile(f"(?:[{KEPT_INVISIBLE}]|[^\\S\\n])+")
_FIRST_FORMAT = 0xAD  # the lowest code point _ANY_FORMAT matches (the soft hyphen)
_REMOVED_KIND, _KEPT_KIND = 1, 2  # _format_kinds' values (0: no format character)
# A page of more code points above U+00AD than this is checked by unicodedata: sorting
# them to ask about each distinct one would cost more (a CJK scrape: 10,000 or so).
_FEW = 2_000
# Hangul vowel and final jamo: letters (not marks) that compose with the jamo before them.
_HANGUL_SECONDS = (range(0x1161, 0x1176), range(0x11A8, 0x11C3))


def _in_nfc(high: npt.NDArray[np.uint32]) -> bool:
    """Whether a text whose code points above U+00AD are `high` is surely in NFC (_nfc_safe)."""
    return len(high) <= _FEW and all(map(_nfc_safe, np.unique(high).tolist()))


@lru_cache(maxsize=1 << 16)  # a long run meets some thousands of characters: bounded all the same
def _nfc_safe(code: int) -> bool:
    """Whether a text of such characters alone is in NFC whatever their order.

    unicodedata.is_normalized costs 2.4 ns a character (30 us a scrape). A character
    that is unchanged by NFC, of combining class 0, and never the second of a composed
    pair (a mark, or a Hangul vowel or final) passes Unicode's quick check ("Yes") in any
    company, so a page of such characters is in NFC. Most scrapes hold a few dozen
    distinct characters above U+00AD (quotes, dashes, letters with accents): each is
    asked once per process. The characters below it are all such characters.
    """
    char = chr(code)
    return (
        unicodedata.combining(char) == 0
        and not unicodedata.category(char).startswith("M")
        and not any(code in seconds for seconds in _HANGUL_SECONDS)
        and unicodedata.normalize("NFC", char) == char
    )


@cache
def _format_kinds() -> npt.NDArray[np.uint8]:
    """Per BMP code point, _REMOVED_KIND, _KEPT_KIND or 0, read off the regexes themselves."""
    bmp = "".join(map(chr, range(0x10000)))
    table = np.zeros(0x10000, dtype=np.uint8)
    table[[ord(char) for char in _KEPT.findall(bmp)]] = _KEPT_KIND
    table[[ord(char) for char in _REMOVED.findall(bmp)]] = _REMOVED_KIND
    return table


# An HTML tag or comment written out as text: what a <noscript> holds when the page
# escaped its fallback markup ('&lt;img src=...&gt;'), or when a parser reads <noscript>
# as raw text. A '<' must be followed by a letter, '/' and a letter, or '!--', so prose
# such as 'a < b' or '<3' is not markup.
_MARKUP = re.compile(r"</?[a-zA-Z][^<>]*>|<!--")


def holds_markup(text: str) -> bool:
    """Whether a text shows HTML tags: it is to be parsed, not printed."""
    return "<" in text and _MARKUP.search(text) is not None
