"""Fast mode's blocks: lexbor parses, one pass over the serialised tags cuts and prunes.

The default mode walks an lxml tree element by element in Python (prune, then walk: about
6 ms a page). Fast mode lets lexbor (selectolax) parse the page, drop scripts and styles,
and write the body back out as clean HTML, all in C; one regex split then cuts that text
at block-level tags, and a Python loop over those tags only (not every inline element or
text node) keeps the stack of open blocks. Each block gets the same facts the default
walk records: tag path, enclosing element ids, link density, class/id words.

Pruning is decided in the same pass: an element that is page furniture by structure
(<nav>, <aside>, <footer>, ARIA roles, hidden) or by a class/id word (cleaner/data/
tokens.txt) marks everything inside it; once the whole page is read, a mark holding more
than LAYOUT_SHARE of the page's prose is lifted (it is the layout, not furniture), as in
html_prune. The blocks under one surviving mark become one dropped block with its reason.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from selectolax.lexbor import LexborHTMLParser

from cleaner.html_blocks import (
    _KIND_BY_TAG,
    BLOCK_TAGS,
    BR,
    NOSCRIPT_CONTENT,
    SKIP_TAGS,
    _collapse,
    _pre_text,
)
from cleaner.html_prune import (
    _AD_WORDS,
    _FURNITURE_ROLES,
    _HIDDEN_STYLE,
    _TOKEN_SPLIT,
    AD_PROSE,
    LAYOUT_SHARE,
    PROSE_RUN,
)
from cleaner.lexicon import Lexicon, composed
from cleaner.load import find_url, too_many_elements
from cleaner.model import Block, BlockKind, Decision, Verdict

STAGE = "fast_prune"
_STRUCTURAL = frozenset({"nav", "aside", "footer", "menu", "dialog"})
# Table cells are not cut: a row stays one block, its cells joined by ' | '. A <br> is a
# line break inside its block. The name must end at a space, '/' or '>': <nav-bar> and
# <p-card> are custom elements, not <nav> and <p>.
_CUT_TAGS = sorted(BLOCK_TAGS - {"td", "th"}, key=len, reverse=True)
_CUT = re.compile(r"<(/?)(" + "|".join(_CUT_TAGS) + r")(?=[\s/>])([^>]*)>")
_BR = re.compile(r"<br(?=[\s/>])[^>]*>")
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_TAG = re.compile(r"<[^>]*>")
_LINK = re.compile(r"<a(?=[\s/>])[^>]*>(.*?)</a>", re.S)
_CELL_EDGE = re.compile(r"</t[dh]>\s*<t[dh](?=[\s/>])[^>]*>")
_CLASS_OR_ID = re.compile(r'(?:^|\s)(?:class|id)="([^"]*)"')
# lexbor writes every attribute after a space; a name is the whole token (':hidden' and
# '[hidden]', framework bindings, are not 'hidden').
_ATTRIBUTE = re.compile(r'(?:^|\s)([^\s="]+)(?:="([^"]*)")?')
_SPECIAL = re.compile(r"hidden|role|style|itemprop")  # attributes read beyond class and id
_NOT_CONTENT = [tag for tag in SKIP_TAGS if tag not in ("head", "noscript")]
_LEAVES = frozenset({"hr"})
# Block-level elements nested deeper than this are not opened: their text joins the
# deepest open one. Each open element holds the path above it, so a page of 20,000
# nested <div>s took 12 s; libxml2 (the default mode's parser) stops at 256 levels too.
MAX_DEPTH = 256


@dataclass(frozen=True, slots=True)
class FastPage:
    """A page read by lexbor: its blocks (pruned ones decided), title and canonical URL."""

    blocks: list[Block]
    title: str
    url: str | None


class _Open(NamedTuple):
    """An open block-level element and what blocks inside it inherit.

    A tuple: one is made per opening tag, and a frozen dataclass took three times as long.
    """

    tag: str
    ids: tuple[int, ...]
    tags: tuple[str, ...]
    words: frozenset[str]
    article: bool
    marks: tuple[int, ...]
    pre: bool
    quote: bool


class _Element(NamedTuple):
    """What one opening tag says: its furniture words, article-likeness, prune reason."""

    words: frozenset[str]
    article: bool
    reason: str


def read_fast(text: str, lexicon: Lexicon, max_elements: int) -> FastPage:
    """Parse decoded HTML with lexbor and cut it into blocks, furniture marked dropped.

    A body of more than `max_elements` elements is refused, as load refuses the tree.
    """
    parser = LexborHTMLParser(text)
    title_node = parser.css_first("title")
    title = " ".join(title_node.text().split()) if title_node is not None else ""
    url = _own_url(parser)
    body = parser.body
    if body is None:
        return FastPage([], title, url)
    parser.strip_tags(_NOT_CONTENT)
    for note in reversed(body.css("noscript")):  # kept when it holds content, as html_blocks
        # reads it; innermost first, so no removed element is visited
        if len(note.text()) <= NOSCRIPT_CONTENT:
            note.decompose()
    source = _COMMENT.sub("", body.html or "")
    if source.count("<") - source.count("</") > max_elements:  # the opening tags
        raise too_many_elements(max_elements)
    cutter = _Cutter(lexicon)
    cutter.read(source)
    return FastPage(cutter.blocks(), composed(title), url)


class _Cutter:
    """One pass over the block-level tags of serialised HTML, gathering blocks and marks."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        self.found: list[tuple[str, float, _Open]] = []  # text, link density, where
        self.reasons: dict[int, str] = {}
        self.headers: dict[int, bool] = {}  # a page <header> mark -> spared (article, h1)
        self.ad_marks: set[int] = set()  # marks made by an advertising word
        self.elements: dict[tuple[str, str], _Element] = {}

    def read(self, source: str) -> None:
        """Cut the source at block-level tags; the text between two tags is a block.

        The loop runs once per block-level tag (some 700 a page), so it keeps to locals.
        """
        top = _Open("", (), (), frozenset(), False, (), False, False)  # <body> itself comes first
        stack = [top]
        parts = _CUT.split(source)
        add, element_of, reasons, headers = self._add, self._element, self.reasons, self.headers
        add(parts[0], top)
        count = 0
        for i in range(1, len(parts), 4):
            tag = parts[i + 1]
            if tag in _LEAVES:
                pass
            elif parts[i]:  # a closing tag closes its element and any left open inside it
                if len(stack) > 1 and stack[-1].tag == tag:
                    stack.pop()
                else:
                    for depth in range(len(stack) - 1, 0, -1):
                        if stack[depth].tag == tag:
                            del stack[depth:]
                            break
                top = stack[-1]
            elif len(stack) < MAX_DEPTH:
                count += 1
                element = element_of(tag, parts[i + 2])
                reason, marks = element.reason, top.marks
                if tag == "header" and not reason:
                    reason = "structure: page <header> without the headline"
                    headers[count] = "article" in top.tags or "main" in top.tags
                if reason:
                    reasons[count] = reason
                    marks = (*marks, count)
                    if element.words & _AD_WORDS and reason.startswith("class/id"):
                        self.ad_marks.add(count)
                top = _Open(
                    tag,
                    (*top.ids, count),
                    (*top.tags, tag),
                    top.words | element.words if element.words else top.words,
                    top.article or element.article,
                    marks,
                    top.pre or tag == "pre",
                    top.quote or tag == "blockquote",
                )
                stack.append(top)
            after = parts[i + 3]
            if after and not after.isspace():
                add(after, top)

    def _element(self, tag: str, attributes: str) -> _Element:
        """Read an opening tag once per distinct tag and attributes (templates repeat them)."""
        key = (tag, attributes)
        known = self.elements.get(key)
        if known is None:
            known = self.elements[key] = _read_element(tag, attributes, self.lexicon)
        return known

    def _add(self, chunk: str, where: _Open) -> None:
        """The text of one chunk of HTML (inline tags only) as a block, if it has any."""
        if not chunk or chunk.isspace():
            return
        links = 0
        if "<" in chunk or "&" in chunk:
            if "<a" in chunk:
                links = len(" ".join(_plain(" ".join(_LINK.findall(chunk))).split()))
            if where.tag == "tr":
                chunk = _CELL_EDGE.sub(" | ", chunk)
            if "<br" in chunk:
                chunk = _BR.sub(BR, chunk)
            chunk = _plain(chunk)
        text = _pre_text(chunk) if where.pre else _collapse(chunk)
        if where.tag == "tr":  # a cell that held block content leaves only its separator
            text = text.strip(" |")
        if text:
            self.found.append((composed(text), min(1.0, links / len(text)), where))

    def blocks(self) -> list[Block]:
        """The blocks in page order; a run of blocks under one standing mark becomes one.

        A run ends where the innermost standing mark changes, so each dropped block shows
        the reason of the element that holds it ('share' inside an <aside> is its own).
        """
        self._lift_marks()
        runs: list[tuple[int, list[tuple[str, float, _Open]]]] = []  # innermost mark, blocks
        for found in self.found:
            mark = next((m for m in reversed(found[2].marks) if m in self.reasons), 0)
            if mark and runs and runs[-1][0] == mark:
                runs[-1][1].append(found)
            else:
                runs.append((mark, [found]))
        return [
            _block(index, run, self.reasons.get(mark, "")) for index, (mark, run) in enumerate(runs)
        ]

    def _lift_marks(self) -> None:
        """Lift the marks html_prune would not make, now that the page's prose is known.

        A mark holding more than LAYOUT_SHARE of the prose is the layout; an advertising
        word on an element holding AD_PROSE of prose describes the page ('has-ads'); a
        page <header> inside <article> or <main>, or holding an <h1>, holds the headline.
        """
        prose: Counter[int] = Counter()
        total = 0
        for text, _, where in self.found:
            if "h1" in where.tags:
                for mark in where.marks:
                    if mark in self.headers:
                        self.headers[mark] = True
            if len(text) >= PROSE_RUN:
                total += len(text)
                for mark in where.marks:
                    prose[mark] += len(text)
        lifted = {mark for mark, size in prose.items() if size > LAYOUT_SHARE * total}
        lifted |= {mark for mark in self.ad_marks if prose[mark] >= AD_PROSE}
        lifted |= {mark for mark, spared in self.headers.items() if spared}
        for mark in lifted:
            self.reasons.pop(mark, None)


def _own_url(parser: LexborHTMLParser) -> str | None:
    """The page's canonical link or og:url, read as load.find_url reads them."""
    metadata = {}
    for key, selector, attribute in (
        ("canonical", 'link[rel="canonical"]', "href"),
        ("og:url", 'meta[property="og:url"]', "content"),
    ):
        node = parser.css_first(selector)
        metadata[key] = (node.attributes.get(attribute) or "") if node is not None else ""
    return find_url(metadata)


def _read_element(tag: str, attributes: str, lexicon: Lexicon) -> _Element:
    """Furniture words, article-likeness and any prune reason of one opening tag."""
    words: frozenset[str] = frozenset()
    article = tag in ("article", "main")
    for value in _CLASS_OR_ID.findall(attributes) if attributes else ():
        found, names_article = _class_words(value, lexicon)
        words, article = words | found, article or names_article
    reason = ""
    if tag in _STRUCTURAL:
        reason = f"structure: <{tag}> element"
    elif words and tag not in ("article", "main", "body", "html"):  # as html_prune reads them
        reason = f"class/id word '{min(words)}'"
    if attributes and _SPECIAL.search(attributes):
        values = dict(_ATTRIBUTE.findall(attributes))
        role = values.get("role", "").strip().lower()
        article = article or role == "main" or values.get("itemprop") == "articleBody"
        hidden = "hidden" in values or values.get("aria-hidden") == "true"
        if hidden or _HIDDEN_STYLE.search(values.get("style", "")):
            reason = "structure: hidden element"
        elif role in _FURNITURE_ROLES:
            reason = f"structure: role={role}"
    return _Element(words, article, reason)


@lru_cache(maxsize=4096)
def _class_words(classes: str, lexicon: Lexicon) -> tuple[frozenset[str], bool]:
    """The furniture words of a class or id value, and whether it names the article.

    Cached apart from the whole tag: ids and data attributes make most tags unique, while
    templates repeat the same class values on every page.
    """
    words = frozenset(w for w in _TOKEN_SPLIT.split(classes.lower()) if w) & lexicon.drop_tokens
    return words, bool(lexicon.article_class.search(classes))


def _plain(fragment: str) -> str:
    """Inline HTML as text: tags removed, entities read."""
    return html.unescape(_TAG.sub("", fragment))


def _block(index: int, run: list[tuple[str, float, _Open]], reason: str) -> Block:
    """An open block, or a pruned run as one dropped block with a line per block."""
    text, link_density, where = run[0]
    tag = where.tag
    level = int(tag[1]) if len(tag) == 2 and tag[0] == "h" and tag[1] in "123456" else 0
    kind = BlockKind.HEADING if level else _KIND_BY_TAG.get(tag, BlockKind.PARAGRAPH)
    if kind is BlockKind.PARAGRAPH and where.quote:
        kind = BlockKind.QUOTE
    return Block(
        index=index,
        text="\n".join(found[0] for found in run) if len(run) > 1 else text,
        kind=kind,
        source="html",
        path="/".join(where.tags[-6:]),
        containers=where.ids,
        article="article" if where.article else "",
        link_density=link_density,
        tokens=where.words,
        heading_level=level,
        decision=Decision(Verdict.DROP, reason, STAGE, final=True) if reason else None,
    )
