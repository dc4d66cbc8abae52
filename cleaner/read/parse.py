"""One HTML5-conformant parse for every mode: lexbor builds the tree a browser would show.

libxml2, which lxml wraps, parses HTML by the rules of HTML 4 and gives up where browsers
do not: a NUL byte made it refuse a page, an unknown element before <body> (`<mbox>`) put
the whole page in <head>, and past 256 nested elements it dropped the rest of the page.
lexbor (through selectolax, which fast mode uses too) parses by the HTML standard's tree
construction rules. Its tree is written back out as HTML, which is well formed by then,
and lxml reads that into the tree the stages walk (site rules' XPath and CSS need lxml).
On dev-html the two steps cost about 2 ms a page more than libxml2 alone.

Nesting is capped as Blink caps it (elements deeper than its limit become siblings):
deeper than MAX_DEPTH, elements lose their tags, and a block-level one leaves a line
break, so its text stays, in order, without a tree too deep for lxml or for a recursive
walk.
"""

from __future__ import annotations

import re

import numpy as np
from lxml import etree
from selectolax.lexbor import LexborHTMLParser
from selectolax.lexbor import LexborNode as Node

# libxml2 stops at 256 levels without XML_PARSE_HUGE; Blink stops at 512. Below both, and
# below Python's recursion limit for the block walk (one frame a level).
MAX_DEPTH = 250
# lexbor checks its stack of open elements at every tag, so its time grows with the square
# of the nesting depth (10,000 levels 0.16 s, 100,000 levels 41 s). A page with more tags
# than RAW_SCAN_TAGS ('<' counted) is scanned first, and flattened below RAW_DEPTH.
RAW_SCAN_TAGS = 10_000
RAW_DEPTH = 5_000
# The whole text of a permalink anchor (_drop_permalinks): Sphinx's and MkDocs' pilcrow,
# the '#' of many blog themes and anchor.js, the link emoji of others.
PERMALINK_GLYPHS = frozenset({"\u00b6", "#", "\U0001f517"})
_PERMALINK_HOLDERS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6", "dt"})
# Elements with no closing tag in serialised HTML.
_VOID = frozenset(
    "area base br col embed hr img input link meta param source track wbr keygen".split()
)
# Elements whose content lexbor writes back as raw text: removed before flattening, so no
# '<' inside them is taken for a tag.
_RAW_TEXT = ["script", "style", "xmp", "iframe", "noembed", "noframes", "plaintext", "noscript"]
_TAG = re.compile(r"""<(/?)([a-zA-Z][^\s/>]*)(?:[^>"']|"[^"]*"|'[^']*')*>|<!--.*?-->""", re.S)
# Tags whose end is a line break in the text a browser shows.
_BREAKING = frozenset(
    "address article aside blockquote dd div dl dt figcaption figure footer h1 h2 h3 h4 h5 h6 "
    "header li main nav ol p pre section table tr td th ul".split()
)


def parse_html(text: str) -> etree._Element:
    """Parse as a browser would; never resolve entities or touch the network.

    The plain etree parser, not lxml.html's: lxml.html looks up a Python element class for
    every node each walk touches, which made every walk over the tree about 2.5x slower.
    """
    lexbor = lexbor_parse(text)
    parser = _lxml_parser()
    root = etree.fromstring(lexbor.html or "<html><body></body></html>", parser)
    if _too_deep(parser):
        lexbor.strip_tags(_RAW_TEXT)
        root = etree.fromstring(flatten(lexbor.html or "", MAX_DEPTH), _lxml_parser())
    return root


def _shallow(text: str) -> str:
    """The page, flattened below RAW_DEPTH when it nests deeper (before lexbor reads it).

    The raw page may leave elements open (a <p> with no </p>), which the scan counts as
    nesting; RAW_DEPTH is far above what that adds on real pages.
    """
    if text.count("<") < RAW_SCAN_TAGS or _depth_bound(text) <= RAW_DEPTH:
        return text
    return flatten(text, RAW_DEPTH)


def _depth_bound(text: str) -> int:
    """An upper bound of the nesting depth, in C speed: opening minus closing tags so far.

    Void elements (<br>, <img>) count as opened and never closed, so it overestimates;
    flatten() counts exactly, and runs only when this bound is over the limit.
    """
    data = np.frombuffer(text.encode("utf-8", errors="replace"), dtype=np.uint8)
    after = data[np.flatnonzero(data[:-1] == ord("<")) + 1]  # the byte after each '<'
    letter = after | 0x20  # lower-cased ASCII letters
    opens = (letter >= ord("a")) & (letter <= ord("z"))
    steps = opens.astype(np.int32) - (after == ord("/"))
    return int(np.cumsum(steps).max()) if len(steps) else 0


def lexbor_parse(text: str) -> LexborHTMLParser:
    """The lexbor tree of the page, nesting tamed first (fast mode reads this tree directly).

    Permalink anchors are removed here, so every mode and output reads the page without them.
    """
    parser = LexborHTMLParser(_shallow(text))
    _drop_permalinks(parser)
    return parser


def _drop_permalinks(parser: LexborHTMLParser) -> None:
    """Remove the links to a spot on the same page whose whole text is a permalink glyph.

    Sphinx and MkDocs end every heading and API entry with '¶' (others write '#' or a
    link emoji), shown by a browser only on hover; left in, "Random numbers¶" is what a
    reader of the text gets. A permalink names the spot it sits in: a heading, an API
    entry (<dt>), or an ancestor with that id. A bare '#' is a script's button (a sorting
    table's '#' column, "press # then 0"), and a link to another page keeps its text.
    """
    for link in parser.css('a[href^="#"]'):
        fragment = (link.attributes.get("href") or "")[1:]
        if fragment and link.text(deep=True).strip() in PERMALINK_GLYPHS:
            if _names_its_place(link, fragment):
                link.decompose()


def _names_its_place(link: Node, fragment: str) -> bool:
    """Whether the link sits in a heading or <dt>, or inside the element it links to."""
    node = link.parent
    while node is not None:
        if node.tag in _PERMALINK_HOLDERS or node.attributes.get("id") == fragment:
            return True
        node = node.parent
    return False


def _lxml_parser() -> etree.HTMLParser:
    return etree.HTMLParser(remove_comments=True, remove_pis=True, no_network=True, recover=True)


def _too_deep(parser: etree.HTMLParser) -> bool:
    """True when libxml2 stopped at its nesting limit (and so lost the rest of the page)."""
    return any(error.type_name == "ERR_RESOURCE_LIMIT" for error in parser.error_log)


def flatten(html: str, max_depth: int) -> str:
    """The HTML with every element deeper than max_depth unwrapped (the same text if none).

    An unwrapped block-level element leaves a <br> where it started and ended, so its text
    stays a line of its own.
    """
    out: list[str] = []
    unwrapped = False
    kept_tags: list[bool] = []  # for each open element: was its tag written?
    at = 0
    for match in _TAG.finditer(html):
        out.append(html[at : match.start()])
        at = match.end()
        closing, name = match.group(1), (match.group(2) or "").lower()
        if not name:  # a comment
            continue
        if closing:
            written = kept_tags.pop() if kept_tags else False
            out.append(match.group(0) if written else _break(name))
            continue
        shallow = len(kept_tags) < max_depth
        unwrapped = unwrapped or not shallow
        out.append(match.group(0) if shallow else _break(name))
        if name not in _VOID:
            kept_tags.append(shallow)
    out.append(html[at:])
    return "".join(out) if unwrapped else html


def _break(name: str) -> str:
    return "<br>" if name in _BREAKING else ""
