"""Fast mode's blocks: lexbor parses, one pass over the serialised tags cuts and prunes.

The default mode walks an lxml tree element by element in Python (prune, then walk: about
6 ms a page). Fast mode lets lexbor (selectolax) parse the page, drop scripts and styles,
and write the body back out as clean HTML, all in C; one regex split then cuts that text
at block-level tags, and a Python loop over those tags only (not every inline element or
text node) keeps the stack of open blocks. Each block gets the same facts the default
walk records: tag path, enclosing element ids, link density, class/id words.

Pruning is decided in the same pass: an element that is page furniture by structure
(<nav>, <aside>, <footer>, ARIA roles, hidden, a page <header> without the <h1>) or by a
class/id word (cleaner/data/tokens.txt) is skipped to its closing tag and read as text
only (_Outline), one dropped block with its reason. Furniture holds most of a page's
tags; opening every element inside it took a third of fast mode's time. Once the whole
page is read, a pruned element is cut open after all where html_prune would not have
pruned it: it holds more than layout_share of the page's prose (the layout, not
furniture), or an advertising word names it while it holds ad_prose of prose
(cleaner/options.py, PruneTuning).
"""

from __future__ import annotations

import html
import re
from bisect import bisect_right, insort
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate
from typing import NamedTuple

from selectolax.lexbor import LexborHTMLParser, LexborNode

from cleaner.options import DEFAULT_TUNING, PruneTuning
from cleaner.page import Block, Decision, Verdict
from cleaner.read.block_facts import (
    BLOCK_TAGS,
    MAX_PATH,
    PROSE_RUN,
    article_container,
    block_kind,
    class_words,
    heading_level,
    names_article,
    path_step,
)
from cleaner.read.html_prune import (
    _FURNITURE_ROLES,
    _HIDDEN_STYLE,
    Parts,
    describes_layout,
    element_furniture,
    mark_kind,
    marks_of,
    may_be_parts,
    parts_to_lift,
    scope_facts,
    thread_or_teasers,
    twin_words,
)
from cleaner.read.html_walk import (
    BR,
    NOSCRIPT_CONTENT,
    SKIP_TAGS,
    _collapse,
    _pre_text,
)
from cleaner.read.hygiene import holds_markup, visible
from cleaner.read.lexicon import Lexicon
from cleaner.read.loader import (
    Attribute,
    find_description,
    find_title,
    find_url,
    gather_metadata,
    too_many_elements,
)
from cleaner.read.parse import lexbor_parse
from cleaner.reasons import Cause, Value, Values, lifted_note, parts_note

STAGE = "fast_prune"
_STRUCTURAL = frozenset({"nav", "aside", "footer", "menu", "dialog"})
# Elements whose content lexbor writes back unescaped: read as the text they show, as the
# default mode reads them, so no '<a', '<!--' or unclosed tag in them reaches the cut.
_RAW_TEXT = "xmp, noembed, noframes, plaintext"


def _factored(names: list[str]) -> str:
    """The names as one regex alternation, factored by first letter: 'h(?:1|2|eader)'.

    re tries the branches of an alternation one by one; a flat list of the 47 tag names
    made the split a quarter slower.
    """
    if len(names) == 1:
        return re.escape(names[0])
    by_first: dict[str, list[str]] = {}
    for name in sorted(names):
        by_first.setdefault(name[0], []).append(name[1:])
    branches = []
    for first, rests in by_first.items():
        longer = [rest for rest in rests if rest]
        if not longer or len(rests) == 1:  # one name: no group needed
            branches.append(re.escape(first) + _factored(longer) if longer else re.escape(first))
        else:
            optional = "?" if "" in rests else ""
            branches.append(f"{re.escape(first)}(?:{_factored(longer)}){optional}")
    return "|".join(branches)


# Table cells are not cut: a row stays one block, its cells joined by ' | '. A <br> is a
# line break inside its block. The name must end at a space, '/' or '>': <nav-bar> and
# <p-card> are custom elements, not <nav> and <p>.
_CUT = re.compile(r"<(/?)(" + _factored(sorted(BLOCK_TAGS - {"td", "th"})) + r")(?=[\s/>])([^>]*)>")
# A tag never runs past the character chunks are joined at: a '<' with no '>' left in the
# HTML would join two chunks into one.
_BR = re.compile(r"<br(?=[\s/>])[^>\x01]*>")
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_TAG = re.compile(r"<[^>\x01]*>")
_LINK_EDGE = re.compile(r"(<a(?=[\s/>])[^>]*>|</a>)")
_CELL_EDGE = re.compile(r"</t[dh]>\s*<t[dh](?=[\s/>])[^>\x01]*>")
_CLASS_OR_ID = re.compile(r'(?:^|\s)(class|id)="([^"]*)"')
_SCOPE_ATTRIBUTE = re.compile(r'(?:^|\s)(class|id|href)="([^"]*)"')
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_OPENS_LINK = re.compile(r"\s*<a(?=[\s>])")
# lexbor writes every attribute after a space; a name is the whole token (':hidden' and
# '[hidden]', framework bindings, are not 'hidden').
_ATTRIBUTE = re.compile(r'(?:^|\s)([^\s="]+)(?:="([^"]*)")?')
_SPECIAL = re.compile(r"hidden|role|style|itemprop")  # attributes read beyond class and id
_NOT_CONTENT = [tag for tag in SKIP_TAGS if tag not in ("head", "noscript")]
_LEAVES = frozenset({"hr"})
# Distinct opening tags remembered across pages (_read_element): about 125 a page on
# dev-html, so the common ones ('<p>', '<li>', a framework's classes) stay, while a
# corpus of pages read again does not fit (benchmark rounds are not flattered).
READ_TAGS = 4096
_CHUNK_EDGE = "\x01"  # load removes it from pages, read_fast from what lexbor wrote
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
    notes: tuple[str, ...] = ()  # pruned regions lifted after all, and why
    description: str = ""  # og:description (body-only mode tells a standfirst by it)


class _Open(NamedTuple):
    """An open block-level element and what blocks inside it inherit.

    A tuple: one is made per opening tag, and a frozen dataclass took three times as long.
    """

    tag: str
    ids: tuple[int, ...]
    steps: tuple[str, ...]  # block_facts.path_step of each element, outermost first
    words: frozenset[str]
    sectioned: bool  # inside an <article> or <main> element
    pre: bool
    quote: bool
    hidden: bool  # inside an element a browser would not show


class _Element(NamedTuple):
    """What one opening tag says: class/id words, path step, article-likeness, prune decision."""

    words: frozenset[str]
    furniture: frozenset[str]  # the words among them that name furniture
    step: str
    article: bool
    pruned: Decision | None
    hidden: bool


class _Region(NamedTuple):
    """A pruned element, read as text without opening the elements inside it.

    Pruned furniture is most of a page's tags; its insides are cut only if it is lifted
    once the page's prose is known (_Cutter.blocks).
    """

    start: int  # index in the split source of its opening tag
    stop: int  # index of its closing tag
    opened: tuple[_Open, ...]  # the open elements at its start, itself last
    pruned: Decision
    layout: bool  # marked by class/id words that describe the layout, given its prose
    prose: int  # characters in prose runs
    link_at: int  # _Cutter.link_at where it begins


_Found = tuple[str, float, _Open]  # an open block: text, link density, where
# a block as read: an open block's, or a pruned region's with its prune decision
_Read = tuple[str, float, _Open, Decision | None]


def read_fast(
    text: str,
    lexicon: Lexicon,
    max_elements: int,
    description: bool = False,
    tuning: PruneTuning = DEFAULT_TUNING.prune,
) -> FastPage:
    """Parse decoded HTML with lexbor and cut it into blocks, furniture marked dropped.

    A body of more than `max_elements` elements is refused, as load refuses the tree.
    description: also read the og:description (body-only mode wants it). `tuning`: the
    pruning numbers html_prune reads, read here alike.
    """
    parser = lexbor_parse(text)
    metadata = _metadata(parser, _METADATA + _DESCRIPTION if description else _METADATA)
    title, url = find_title(metadata), find_url(metadata)
    body = parser.body
    if body is None:
        return FastPage([], title, url)
    parser.strip_tags(_NOT_CONTENT)
    for note in reversed(body.css("noscript")):  # kept when it holds content, as html_blocks
        # reads it; innermost first, so no removed element is visited
        shown = note.text()
        if holds_markup(shown):  # escaped tags: read as the browser shows them, never printed
            note.inner_html = shown
            note.strip_tags(_NOT_CONTENT)
            shown = note.text()
        if len(shown) <= NOSCRIPT_CONTENT:
            note.decompose()
    for raw in body.css(_RAW_TEXT):
        raw.replace_with(raw.text())
    source = _COMMENT.sub("", body.html or "")
    if _CHUNK_EDGE in source:  # an '&#1;' in the page: the outline joins chunks at it
        source = source.replace(_CHUNK_EDGE, "")
    # the opening tags, counted only when there could be too many ('<a>' is 3 characters)
    if len(source) > 3 * max_elements and source.count("<") - source.count("</") > max_elements:
        raise too_many_elements(max_elements)
    cutter = _Cutter(lexicon, source, tuning)
    blocks = cutter.blocks(cutter.read())
    return FastPage(blocks, title, url, tuple(cutter.notes), find_description(metadata))


class _Cutter:
    """One pass over the block-level tags of serialised HTML: open blocks, pruned regions."""

    def __init__(
        self, lexicon: Lexicon, source: str, tuning: PruneTuning = DEFAULT_TUNING.prune
    ) -> None:
        self.lexicon = lexicon
        self.tuning = tuning
        self.parts = _CUT.split(source)  # text, then per tag: '/' or '', name, attributes, text
        # opening tags read: each element's id, unique but not in page order (the inside
        # of a lifted region is numbered after the rest); elements inside regions have none
        self.count = 0
        self.elements: dict[tuple[str, str], _Element] = {}
        self.named: dict[int, str] = {}  # article-like element id -> its path step
        self.unions: dict[tuple[frozenset[str], frozenset[str]], frozenset[str]] = {}
        self.outline: _Outline | None = None
        self.notes: list[str] = []
        self.part_starts: set[int] = set()  # regions lifted as the article's parts (_parts)
        # the depth of the element whose text opened the link the last chunk ended in;
        # -1 outside links
        self.link_at = -1

    def read(self) -> list[_Found | _Region]:
        """The page's open blocks and pruned regions, in page order."""
        top = _Open("", (), (), frozenset(), False, False, False, False)  # <body> comes first
        found: list[_Found | _Region] = []
        self._add(self.parts[0], top, found)
        self._cut(1, len(self.parts), [top], found)
        return found

    def _cut(
        self, start: int, stop: int, stack: list[_Open], found: list[_Found | _Region]
    ) -> None:
        """Cut parts[start:stop] at block-level tags; the text between two tags is a block.

        A pruned element is skipped to its closing tag and kept whole as a _Region. The
        loop runs once per block-level tag outside furniture, so it keeps to locals.
        """
        parts, add, element_of = self.parts, self._add, self._element
        top = stack[-1]
        i = start
        while i < stop:
            tag = parts[i + 1]
            if tag in _LEAVES:
                pass
            elif parts[i]:  # a closing tag closes its element and any left open inside it
                if len(stack) > 1 and stack[-1].tag == tag:
                    stack.pop()
                else:
                    _close_inner(stack, tag)
                top = stack[-1]
                if len(top.ids) < self.link_at:  # a link left open (raw text) ends here
                    self.link_at = -1
            elif len(stack) < MAX_DEPTH:
                self.count += 1
                element = element_of(tag, parts[i + 2])
                opened = _Open(
                    tag,
                    (*top.ids, self.count),
                    (*top.steps, element.step),
                    self._words(top.words, element.words) if element.words else top.words,
                    top.sectioned or tag in ("article", "main"),
                    top.pre or tag == "pre",
                    top.quote or tag == "blockquote",
                    top.hidden or element.hidden,
                )
                if element.article:
                    self.named[self.count] = element.step
                header = tag == "header" and not top.sectioned
                pruned = element.pruned is not None or header
                end = self._prune(i, stop, (*stack, opened), element, found) if pruned else 0
                if end:
                    i = end  # the text after its closing tag is its parent's
                else:
                    stack.append(opened)
                    top = opened
            after = parts[i + 3]
            if after and not after.isspace():
                add(after, top, found)
            i += 4

    def _prune(
        self,
        start: int,
        stop: int,
        opened: tuple[_Open, ...],
        element: _Element,
        found: list[_Found | _Region],
    ) -> int:
        """Keep a pruned element whole as a _Region; the index of its closing tag.

        0 when it is not pruned after all: a page <header> holding the <h1>, or an element
        whose closing tag is not found (raw text of an <xmp> holding tags); it is then
        opened as any other, and the model decides its blocks.
        """
        outline = self._outline()
        end = outline.close_of(start, stop)
        if not end:
            return 0
        if element.pruned is None and outline.holds_headline(start, end):
            return 0
        if outline.holds_text(start, end):
            prose = outline.prose_between(start, end)
            found.append(
                _Region(
                    start,
                    end,
                    opened,
                    element.pruned or _PAGE_HEADER,
                    _by_class_word(element.pruned)
                    and describes_layout(element.furniture, prose, self.lexicon, self.tuning),
                    prose,
                    self.link_at,
                )
            )
        return end

    def _outline(self) -> _Outline:
        """The page's outline, made when the first element is pruned."""
        if self.outline is None:
            self.outline = _Outline(self.parts)
        return self.outline

    def _words(self, outer: frozenset[str], own: frozenset[str]) -> frozenset[str]:
        """The class/id words of an element and its ancestors, each union made once.

        Sibling elements of one template share both sets (class_words is cached), and
        each union copies every word of the ancestors.
        """
        key = (outer, own)
        joined = self.unions.get(key)
        if joined is None:
            joined = self.unions[key] = outer | own
        return joined

    def _link_chars(self, chunk: str, where: _Open) -> int:
        """Characters of link text in a chunk, following links from chunk to chunk.

        A link can hold whole blocks (a teaser card: <a><h3>..</h3><p>..</p></a>): it
        opens in one chunk and closes in a later one, and the blocks between are links.
        A link still open when the element it opened in closes ends there (an '<a' in
        raw text is never closed).
        """
        pieces = []
        in_link, opened = self.link_at >= 0, False
        for place, part in enumerate(_LINK_EDGE.split(chunk)):
            if place % 2:  # a link's opening or closing tag
                in_link = opened = part != "</a>"
            elif in_link:
                pieces.append(part)
        if not in_link:
            self.link_at = -1
        elif opened:  # the link the chunk ends in opened here
            self.link_at = len(where.ids)
        return sum(map(_node_chars, pieces))

    def _element(self, tag: str, attributes: str) -> _Element:
        """Read an opening tag once per distinct tag and attributes (templates repeat them)."""
        key = (tag, attributes)
        known = self.elements.get(key)
        if known is None:
            known = self.elements[key] = _read_element(tag, attributes, self.lexicon)
        return known

    def _add(self, chunk: str, where: _Open, found: list[_Found | _Region]) -> None:
        """The text of one chunk of HTML (inline tags only) as a block, if it has any."""
        if not chunk or chunk.isspace():
            return
        links = self._link_chars(chunk, where) if self.link_at >= 0 or "<a" in chunk else 0
        text = _text(chunk, where.pre, where.tag == "tr")
        if text:
            found.append((text, min(1.0, links / len(text)), where))

    def blocks(self, found: list[_Found | _Region]) -> list[Block]:
        """The blocks in page order, a pruned region one dropped block unless lifted."""
        total = sum(
            entry.prose if isinstance(entry, _Region) else len(entry[0])
            for entry in found
            if isinstance(entry, _Region) or len(entry[0]) >= PROSE_RUN
        )
        settled = self._settled(found, total, self._holding_main(found))
        self.part_starts = self._parts(settled, total)  # among the marks left (html_prune)
        if self.part_starts:
            settled = self._settled(settled, total, self.part_starts)
        best = self._best_pruned(settled, total)  # after the parts, as html_prune
        if best:
            settled = self._settled(settled, total, best)
        read: list[_Read] = [
            (
                self._outline().text_between(entry.start, entry.stop),
                0.0,
                entry.opened[-1],
                entry.pruned,
            )
            if isinstance(entry, _Region)
            else (*entry, None)
            for entry in settled
        ]
        named = self.named
        chosen = article_container(
            [(text, where.ids) for text, _, where, _ in read], named, self.tuning
        )
        article = named[chosen] if chosen is not None else ""
        return [
            _block(index, entry, article if article and chosen in entry[2].ids else "")
            for index, entry in enumerate(read)
        ]

    def _holding_main(self, found: list[_Found | _Region]) -> set[int]:
        """The start of the pruned region around the page's one <main>, as html_prune does."""
        names, slashes = self.parts[2::4], self.parts[1::4]
        if names.count("main") > 2:  # more than one <main> (with its closing tag)
            return set()
        starts = [k for k, name in enumerate(names) if name == "main" and not slashes[k]]
        if len(starts) != 1:
            return set()
        at = 1 + 4 * starts[0]
        return {e.start for e in found if isinstance(e, _Region) and e.start < at < e.stop}

    def _best_pruned(self, settled: list[_Found | _Region], total: int) -> set[int]:
        """The region with the most prose when the regions leave no prose open (html_prune).

        Read among the regions left once the layout, <main>'s wrappers and the article's
        parts are cut open: html_prune._lift_best weighs the outermost marks left so.
        """
        regions = [entry for entry in settled if isinstance(entry, _Region)]
        best = max(regions, key=lambda region: region.prose, default=None)
        open_prose = total - sum(region.prose for region in regions)
        if best is None or open_prose >= PROSE_RUN or best.prose < PROSE_RUN:
            return set()
        self.notes.append(lifted_note(best.opened[-1].tag, best.pruned, best.prose))
        return {best.start}

    def _settled(
        self,
        found: list[_Found | _Region],
        total: int,
        lifted: set[int],
        kinds: frozenset[tuple[Cause, Values]] = frozenset(),
    ) -> list[_Found | _Region]:
        """The entries with each lifted region cut open (its own regions settled in turn).

        Lifted are the marks html_prune would not make, now that the page's prose is
        known: a region holding more than layout_share of the prose is the layout, and so
        is one around the page's <main>, or one whose class/id words describe the layout
        given its prose (html_prune.describes_layout: 'has-ads', 'post has-social-share').
        Inside the article's parts (_parts), the marks of their kind are lifted too.
        """
        settled: list[_Found | _Region] = []
        layout = self.tuning.layout_share * total  # bound once, not per entry
        for entry in found:
            if isinstance(entry, _Region) and (
                entry.start in lifted
                or entry.layout
                or entry.prose > layout
                or mark_kind(entry.pruned) in kinds
            ):
                inside: list[_Found | _Region] = []
                self.link_at = entry.link_at
                self._add(self.parts[entry.start + 3], entry.opened[-1], inside)
                self._cut(entry.start + 4, entry.stop, list(entry.opened), inside)
                part = entry.start in self.part_starts
                within = kinds | {mark_kind(entry.pruned)} if part else kinds
                settled.extend(self._settled(inside, total, lifted, within))
            else:
                settled.append(entry)
        return settled

    def _parts(self, found: list[_Found | _Region], total: int) -> set[int]:
        """The starts of the regions that are the article's parts, as html_prune lifts them.

        Regions of one kind (a [parts] class word, or hidden slides) holding most of the
        prose, not a comment thread: html_prune.parts_to_lift and is_thread decide.
        """
        regions: dict[tuple[Cause, Values], list[tuple[int, _Region]]] = {}
        for at, entry in enumerate(found):
            if isinstance(entry, _Region) and may_be_parts(*mark_kind(entry.pruned), self.lexicon):
                regions.setdefault(mark_kind(entry.pruned), []).append((at, entry))
        starts: set[int] = set()
        least = self.tuning.parts_share * total
        for kind, members in regions.items():
            if sum(region.prose for _, region in members) <= least:
                continue
            if kind[0] is Cause.HIDDEN:  # slides: hidden, while one of their class is shown
                shown = self._shown_classes()
                members = [m for m in members if twin_words(self._class_of(m[1].start)) in shown]
            chosen = parts_to_lift(
                [(r.opened[-1].ids[:-1], r.prose) for _, r in members], total, self.tuning
            )
            if chosen is None or self._thread(kind[0], members, chosen, found):
                continue
            starts |= {members[k][1].start for k in chosen.lifted}
            self.notes.append(parts_note(len(chosen.lifted), marks_of(kind), chosen.held, total))
        return starts

    def _thread(
        self,
        cause: Cause,
        members: list[tuple[int, _Region]],
        chosen: Parts,
        found: list[_Found | _Region],
    ) -> bool:
        """Whether the parts look like a comment thread or teasers (html_prune)."""
        parts = [members[k][1] for k in chosen.parts]
        if cause is Cause.HIDDEN:
            scopes = [(part.start, part.stop) for part in parts]
        else:  # per parent, from its first part to its last (html_prune._scopes)
            by_parent: dict[tuple[int, ...], list[_Region]] = {}
            for part in parts:
                by_parent.setdefault(part.opened[-1].ids[:-1], []).append(part)
            scopes = [(group[0].start, group[-1].stop) for group in by_parent.values()]
        facts = [
            scope_facts(self._named_between(start, stop), self._linked_heading(start, stop))
            for start, stop in scopes
        ]
        outline = self._outline()
        first = members[min(chosen.lifted)][0]
        in_parts = set(chosen.parts)
        heads = [self._text_before(found, first)] + [
            outline.text_between(members[k][1].start, members[k][1].stop)
            for k in chosen.lifted
            if k not in in_parts
        ]
        return thread_or_teasers(facts, heads, self.lexicon)

    def _text_before(self, found: list[_Found | _Region], at: int) -> str:
        """The last line of text before found[at] (html_prune._text_before)."""
        if at == 0:
            return ""
        entry = found[at - 1]
        if isinstance(entry, _Region):
            text = self._outline().text_between(entry.start, entry.stop)
        else:
            text = str(entry[0])
        return str(text.rsplit("\n", 1)[-1])

    def _named_between(self, start: int, stop: int) -> list[tuple[str, str]]:
        """The class, id and href values in the source from the tag at `start` to `stop`."""
        return _SCOPE_ATTRIBUTE.findall(" ".join(self.parts[start:stop]))

    def _linked_heading(self, start: int, stop: int) -> bool:
        """True when a heading between the tags opens with a link (html_prune)."""
        parts = self.parts
        return any(
            parts[i + 1] in _HEADINGS and not parts[i] and _OPENS_LINK.match(parts[i + 3])
            for i in range(start, stop, 4)
        )

    def _class_of(self, start: int) -> str:
        """The class value of the opening tag at `start`."""
        return str(dict(_CLASS_OR_ID.findall(self.parts[start + 2])).get("class", ""))

    def _shown_classes(self) -> set[frozenset[str]]:
        """The class words (twin_words) of the block-level elements a browser shows."""
        parts, shown = self.parts, set()
        for i in range(1, len(parts) - 2, 4):
            if not parts[i] and "class" in parts[i + 2]:
                if not self._element(parts[i + 1], parts[i + 2]).hidden:
                    shown.add(twin_words(self._class_of(i)))
        return shown - {frozenset()}


def _close_inner(stack: list[_Open], tag: str) -> None:
    """Close the innermost open `tag` and every element left open inside it (none: a stray).

    Only a closing tag that is not the top of the stack comes here, so _cut's common
    case costs no call.
    """
    for depth in range(len(stack) - 1, 0, -1):
        if stack[depth].tag == tag:
            del stack[depth:]
            return


class _Outline:
    """Where pruned elements end and what text their chunks hold, each read only once.

    An element is read to its closing tag when it is first pruned; the elements inside
    it are read in the same pass. A pruned element inside a lifted one, met again when
    the lifted one is cut open, is then looked up, not read again: reading each level
    anew made nesting quadratic (20,000 nested sidebars holding prose took 19 s). Chunk
    texts are read as a dropped block shows them: white space collapsed even inside
    <pre>, cells joined by ' | ' wherever '</td><td' shows a row.
    """

    def __init__(self, parts: list[str]) -> None:
        self.parts = parts
        self.closes = [0] * len(parts)  # per opening tag read, the index of its closing tag
        self.headlines: list[int] = []  # the opening <h1> tags read
        chunks = len(parts) // 4 + 1  # the text before the first tag, then after each tag
        self.texts = [""] * chunks
        # running sums of text and of prose runs, from 0 at the start of each element read
        self.lengths = [0] * (chunks + 1)
        self.prose = [0] * (chunks + 1)

    def close_of(self, start: int, stop: int) -> int:
        """The closing tag of the element opening at `start`; 0 if none before `stop`."""
        if not self.closes[start]:
            self._read(start, stop)
        end = self.closes[start]
        return end if end < stop else 0

    def _read(self, start: int, stop: int) -> None:
        """Find the closing tags of the element at `start` and of those inside it.

        Its chunk texts are read too, with running sums of text and prose that start
        from 0 at its first chunk: a difference of two sums is right within one read.
        An element not closed before `stop` (raw text left a tag open) ends at `stop`,
        and so does every element still open inside it: none of them is read again.
        """
        parts, closes = self.parts, self.closes
        waiting: dict[str, list[int]] = {parts[start + 1]: [start]}  # open, per tag name
        for i in range(start + 4, stop, 4):
            tag = parts[i + 1]
            if parts[i]:
                opened = waiting.get(tag)
                if opened:
                    closes[opened.pop()] = i
                    if closes[start]:
                        break
            elif tag not in _LEAVES:
                waiting.setdefault(tag, []).append(i)
                if tag == "h1":
                    insort(self.headlines, i)
        end = closes[start]
        if not end:  # not closed before stop: nor is any element still open inside it
            for opened in waiting.values():
                for i in opened:
                    closes[i] = stop
            end = stop
        self._read_chunks(start, end)

    def _read_chunks(self, start: int, end: int) -> None:
        """Read the chunk texts between the tags at `start` and `end`, with running sums."""
        parts = self.parts
        first, last = _chunk_after(start), _chunk_after(end)
        texts = _chunk_texts(parts[start + 3 : end : 4])
        if len(texts) != last - first:  # a regex ran across the edge character
            raise ValueError("chunk texts out of step with the page's chunks")
        self.texts[first:last] = texts
        self.lengths[first : last + 1] = [0, *accumulate(map(len, texts))]
        prose = (size if size >= PROSE_RUN else 0 for size in map(len, texts))
        self.prose[first : last + 1] = [0, *accumulate(prose)]

    def chunks(self, start: int, end: int) -> list[str]:
        """The texts of the chunks between the tags at `start` and `end` ('' if blank)."""
        return self.texts[_chunk_after(start) : _chunk_after(end)]

    def holds_text(self, start: int, end: int) -> bool:
        """Whether any chunk between the tags at `start` and `end` has text."""
        return self.lengths[_chunk_after(end)] > self.lengths[_chunk_after(start)]

    def text_between(self, start: int, end: int) -> str:
        """The text between the tags at `start` and `end`, a line per chunk."""
        return "\n".join(text for text in self.chunks(start, end) if text)

    def prose_between(self, start: int, end: int) -> int:
        """Characters in prose runs between the tags at `start` and `end`."""
        return self.prose[_chunk_after(end)] - self.prose[_chunk_after(start)]

    def holds_headline(self, start: int, end: int) -> bool:
        """Whether an <h1> with text lies between the tags at `start` and `end`."""
        headlines = self.headlines
        for h1 in headlines[bisect_right(headlines, start) :]:
            if h1 >= end:
                return False
            if any(self.chunks(h1, min(self.closes[h1] or end, end))):
                return True
        return False


def _chunk_after(tag: int) -> int:
    """The number of the chunk that follows the tag at `tag` in the split source.

    The split gives the text before the first tag (chunk 0), then four parts per tag
    ('/', name, attributes, the text after it): the tag at 1 + 4k is followed by chunk k+1.
    """
    return (tag + 3) // 4


def _chunk_texts(chunks: list[str]) -> list[str]:
    """The text of every chunk, read in one pass of each regex over them all.

    The chunks are joined at a control character read_fast removed from the page.
    """
    joined = _CHUNK_EDGE.join(chunks)
    if "<" in joined or "&" in joined:
        if "</t" in joined:
            joined = _CELL_EDGE.sub(" | ", joined)
        if "<br" in joined:
            joined = _BR.sub(BR, joined)
        joined = _plain(joined)
    return [
        _collapse(chunk).strip(" |") if chunk and not chunk.isspace() else ""
        for chunk in visible(joined).split(_CHUNK_EDGE)
    ]


def _text(chunk: str, pre: bool, row: bool) -> str:
    """The text of one chunk of HTML between two block-level tags.

    `pre`: inside a <pre>, lines are kept. `row`: directly inside a table row, the cells
    are joined by ' | '.
    """
    if not chunk or chunk.isspace():
        return ""
    if "<" in chunk or "&" in chunk:
        if row:
            chunk = _CELL_EDGE.sub(" | ", chunk)
        if "<br" in chunk:
            chunk = _BR.sub(BR, chunk)
        chunk = _plain(chunk)
    chunk = visible(chunk)
    text = _pre_text(chunk) if pre else _collapse(chunk)
    if row:  # a cell that held block content leaves only its separator
        text = text.strip(" |")
    return text


# The elements load.gather_metadata reads, one selector per key it keeps.
_METADATA = (
    "title",
    'link[rel="canonical"]',
    'meta[property="og:url"]',
    'meta[property="og:title"]',
)
# Read only for body-only mode, which tells a standfirst by it: a lookup costs 0.6 ms a
# page (1.4% of read_fast on 200 dev-html pages).
_DESCRIPTION = ('meta[property="og:description"]',)


def _metadata(parser: LexborHTMLParser, selectors: tuple[str, ...]) -> dict[str, str]:
    """The page's title, canonical link and og: properties, read as load reads them.

    The first element of each kind is looked up alone (css_first: a third of the cost of
    selecting them all); only when it is empty are the others read, for the first that
    is not, as load.read_metadata does.
    """
    found: dict[str, str] = {}
    for selector in selectors:
        first = parser.css_first(selector)
        if first is None:
            continue
        value = gather_metadata([_item(first)])
        found.update(value or gather_metadata(map(_item, parser.css(selector))))
    return found


def _item(node: LexborNode) -> tuple[str, Attribute, str | None]:
    """An element as gather_metadata reads it: tag, attribute getter, text of a <title>."""
    tag = node.tag or ""
    return tag, node.attributes.get, node.text() if tag == "title" else None


@lru_cache(maxsize=READ_TAGS)
def _read_element(tag: str, attributes: str, lexicon: Lexicon) -> _Element:
    """The class/id words, path step, article-likeness and prune decision of one opening tag.

    Each fact is block_facts' definition, as html_blocks and html_prune read it. Cached
    across pages too: most tags are bare or carry a framework's class ('<p>',
    '<div class="container">'), read again on every page.
    """
    named = dict(_CLASS_OR_ID.findall(attributes)) if attributes else {}
    if "&" in attributes:  # lexbor writes '&' as '&amp;'
        named = {name: html.unescape(value) for name, value in named.items()}
    classes, ident = named.get("class"), named.get("id")
    words = class_words(classes) if classes else _NO_WORDS
    if ident:
        words = words | class_words(ident)
    furniture = element_furniture(classes, ident, lexicon)
    role = itemprop = None
    pruned, hidden = None, False
    if tag in _STRUCTURAL:
        pruned = _pruned(Cause.STRUCTURE_TAG, tag=tag)
    elif furniture and tag not in ("article", "main", "body", "html"):
        pruned = _pruned(Cause.CLASS_WORD, word=min(furniture))
    if attributes and _SPECIAL.search(attributes):
        values = dict(_ATTRIBUTE.findall(attributes))
        role, itemprop = values.get("role"), values.get("itemprop")
        hidden = "hidden" in values or values.get("aria-hidden") == "true"
        if hidden or _HIDDEN_STYLE.search(values.get("style", "")):
            pruned, hidden = _pruned(Cause.HIDDEN), True
        elif (role or "").strip().lower() in _FURNITURE_ROLES:
            pruned = _pruned(Cause.ROLE, role=(role or "").strip().lower())
    article = names_article(tag, role, itemprop, (classes, ident), lexicon)
    return _Element(words, furniture, path_step(tag, ident, classes), article, pruned, hidden)


def _pruned(cause: Cause, **named: Value) -> Decision:
    """The decision on a pruned element: dropped for good, by its structure or a word."""
    return Decision(Verdict.DROP, STAGE, cause, tuple(named.items()), final=True)


# A page <header> without the <h1> (pruned unless it holds the headline).
_PAGE_HEADER = _pruned(Cause.PAGE_HEADER)


def _by_class_word(pruned: Decision | None) -> bool:
    """Pruned for a class/id word (which may describe the layout: _Cutter._settled)."""
    return pruned is not None and pruned.cause is Cause.CLASS_WORD


_NO_WORDS: frozenset[str] = frozenset()


def _node_chars(fragment: str) -> int:
    """Characters of the text nodes in an HTML fragment, each stripped (as html_blocks counts)."""
    if "<" not in fragment:
        return len((html.unescape(fragment) if "&" in fragment else fragment).strip())
    return sum(
        len((html.unescape(node) if "&" in node else node).strip())
        for node in _TAG.split(fragment)
        if node
    )


def _plain(fragment: str) -> str:
    """Inline HTML as text: tags removed, entities read."""
    return html.unescape(_TAG.sub("", fragment))


def _block(index: int, entry: _Read, article: str) -> Block:
    """An open block, or (with its prune decision) a pruned region as one dropped block."""
    text, link_density, where, pruned = entry
    tag = where.tag
    return Block(
        index=index,
        text=text,
        kind=block_kind(tag, where.quote),
        source="html",
        path="/".join(where.steps[-MAX_PATH:]),
        containers=where.ids,
        container_path=where.steps,
        article=article,
        link_density=link_density,
        tokens=where.words,
        heading_level=heading_level(tag),
        hidden=where.hidden,
        decision=pruned,
    )
