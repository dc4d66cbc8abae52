"""One walk over the lxml tree -> list[Block] with DOM features and inherited marks.

A block is the inline text of one block-level element (heading, paragraph, list item,
simple table row, caption, pre). Text in a <div> next to child blocks becomes a block of
its own. Each block records its tag path, class/id words, link density and, when an
enclosing element was marked by pruning or a site rule, that mark as its decision. A
subtree pruning dropped whole (a menu, a sidebar) is one block, a line per element.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from cleaner.options import DEFAULT_TUNING, PruneTuning
from cleaner.page import Block, Decision
from cleaner.read.block_facts import (
    BLOCK_TAGS,
    MAX_PATH,
    block_kind,
    choose_article,
    heading_level,
    path_step,
)
from cleaner.read.dom import text_of
from cleaner.read.html_prune import STAGE as PRUNE_STAGE
from cleaner.read.html_prune import Marks, Pruned, is_hidden
from cleaner.read.hygiene import holds_markup, visible
from cleaner.read.parse import parse_html

if TYPE_CHECKING:
    from lxml.etree import _Element as Element

SKIP_TAGS = frozenset(
    {
        "script",
        "style",
        "noscript",
        "template",
        "svg",
        "math",
        "iframe",
        "object",
        "embed",
        "head",
        "select",
        "option",
        "button",
        "input",
        "textarea",
        "canvas",
        "audio",
        "video",
        "rt",
        "rp",
        "map",
        "area",
    }
)
_CELLS = frozenset({"td", "th"})
# A <br> is marked with NUL (load removed every NUL from the page), since newlines in
# the HTML source are only white space.
BR = "\x00"
# A <noscript> with more text than this is content, not a "please enable JavaScript" note.
# Not tuning: both HTML readers and the Markdown renderer must agree on it; set by hand.
NOSCRIPT_CONTENT = 200


@dataclass(slots=True)
class _Context:
    """Where the walk stands: the element owning the current text and what it inherits."""

    owner: Element
    path: tuple[str, ...]
    ids: tuple[int, ...]
    tokens: frozenset[str]
    mark: Decision | None
    in_link: bool = False
    in_pre: bool = False
    in_quote: bool = False
    hidden: bool = False  # inside an element a browser would not show


@dataclass(slots=True)
class _Walk:
    """The blocks found so far and the text of the block being gathered."""

    marks: Marks
    article_like: frozenset[Element] = frozenset()
    tokens: dict[Element, frozenset[str]] = field(default_factory=dict)
    named: dict[int, str] = field(default_factory=dict)  # article-like element id -> step
    blocks: list[Block] = field(default_factory=list)
    pieces: list[str] = field(default_factory=list)
    link_chars: int = 0
    elements: int = 0
    holding_marks: set[Element] = field(default_factory=set)
    merge_pruned: bool = True
    # the elements a browser would not show, as pruning read them (None: ask is_hidden):
    # an element's three hiding attributes were read again for every block-level element
    hidden: frozenset[Element] | None = None


def html_blocks(
    body: Element,
    marks: Marks,
    pruned: Pruned | None = None,
    merge_pruned: bool = True,
    tuning: PruneTuning = DEFAULT_TUNING.prune,
) -> list[Block]:
    """Walk the tree once and return its blocks in page order.

    Of the `pruned.article_like` elements (those naming themselves the article), the one
    block_facts.choose_article picks (by `tuning`) marks the blocks inside it;
    `pruned.tokens` holds the class/id words pruning already read, so they are not split
    twice. With `merge_pruned` off, a pruned subtree is walked like the rest: a site
    rule's text directives ('end before the line Related stories') must see its lines
    one by one.
    """
    article_like = pruned.article_like if pruned is not None else frozenset()
    tokens = pruned.tokens if pruned is not None else {}
    holding = _holding_marks(marks) if merge_pruned else set()
    walk = _Walk(marks, article_like, tokens, holding_marks=holding, merge_pruned=merge_pruned)
    walk.hidden = pruned.hidden if pruned is not None else None
    # the root adds its own step and id on entering, as fast mode's <body> does
    start = _Context(owner=body, path=(), ids=(), tokens=frozenset(), mark=marks.get(body))
    _visit(body, start, walk)
    _flush(walk, start)
    return choose_article(walk.blocks, walk.named, tuning)


def _visit(element: Element, ctx: _Context, walk: _Walk) -> None:
    """Gather the text of one element and its subtree into blocks."""
    tag = element.tag if isinstance(element.tag, str) else ""
    if tag == "noscript":
        fallback = _noscript_read(element, walk)
        if fallback is None:
            return
        element = fallback
    elif not tag or tag in SKIP_TAGS:
        return
    own = walk.marks.get(element)
    if own is not None and tag not in BLOCK_TAGS and _rule_dropped(own):
        return  # a site rule dropped this inline element: its words leave the paragraph
    inner = _enter(element, tag, own, ctx, walk)
    if tag in BLOCK_TAGS and _pruned_whole(element, inner, walk):
        _add_pruned(element, inner, walk)
        return
    if tag == "br":
        walk.pieces.append(BR)
    elif tag == "tr" and _is_simple_row(element):
        _add_row(element, inner, walk)
        return
    _add_text(element.text, inner, walk)
    for child in element:
        _visit(child, inner, walk)
        _add_text(child.tail, inner, walk)
    if tag in BLOCK_TAGS:
        _flush(walk, inner)


def _holding_marks(marks: Marks) -> set[Element]:
    """The elements with a marked element somewhere below them."""
    holding: set[Element] = set()
    for element in marks:
        for ancestor in element.iterancestors():
            if ancestor in holding:
                break
            holding.add(ancestor)
    return holding


def _pruned_whole(element: Element, ctx: _Context, walk: _Walk) -> bool:
    """True when pruning dropped the element and nothing below it carries a mark of its own.

    Such a subtree (a menu, a sidebar, a comment thread) becomes one block: no later stage
    revisits pruned text, and walking it element by element was two thirds of the walk.
    """
    mark = ctx.mark
    return (
        walk.merge_pruned
        and mark is not None
        and mark.stage == PRUNE_STAGE
        and not mark.keep
        and element not in walk.holding_marks
    )


def _add_pruned(element: Element, ctx: _Context, walk: _Walk) -> None:
    """A pruned subtree as one block, a line per block-level element inside it."""
    pieces: list[str] = []
    walk.link_chars += _subtree_text(element, pieces, in_link=ctx.in_link)
    walk.pieces.append("".join(pieces))
    _flush(walk, ctx)


def _subtree_text(element: Element, pieces: list[str], in_link: bool) -> int:
    """Gather a subtree's text, skipped elements left out; return its link characters.

    Block-level elements break lines (BR). Link characters are counted as the walk
    counts them: each text piece inside an <a>, stripped.
    """
    link_chars = 0
    if element.text:
        pieces.append(element.text)
        link_chars += len(element.text.strip()) if in_link else 0
    for child in element:
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag and tag not in SKIP_TAGS:
            breaks = tag in BLOCK_TAGS
            if breaks or tag == "br":
                pieces.append(BR)
            link_chars += _subtree_text(child, pieces, in_link or tag == "a")
            if breaks:
                pieces.append(BR)
        if child.tail:
            pieces.append(child.tail)
            link_chars += len(child.tail.strip()) if in_link else 0
    return link_chars


def _rule_dropped(mark: Decision | None) -> bool:
    return mark is not None and mark.final and not mark.keep


def _noscript_read(element: Element, walk: _Walk) -> Element | None:
    """_noscript_content; when it parsed the text apart, its hidden elements are noted.

    Pruning read only the page's tree, so the walk's `hidden` lacks the parsed ones.
    """
    fallback = _noscript_content(element)
    if fallback is not None and fallback is not element and walk.hidden is not None:
        walk.hidden = walk.hidden | {e for e in fallback.iter() if is_hidden(e)}
    return fallback


def _noscript_content(element: Element) -> Element | None:
    """What of a <noscript> to read like any element: itself, its text parsed, or nothing.

    A <noscript> holding real text is the page's no-JavaScript version of its content, or
    broken markup (an unclosed tag inside) that swallowed the body. When its text shows
    tags (escaped in the page: '&lt;img src=...&gt;', a tracking pixel) it is parsed as
    the browser would show it, and kept only if what it shows is long enough: markup is
    never printed.
    """
    text = text_of(element)
    if holds_markup(text):
        parsed = parse_html(text)
        body = parsed.find("body")
        element = body if body is not None else parsed
        text = text_of(element)
    return element if len(text) > NOSCRIPT_CONTENT else None


def _enter(
    element: Element, tag: str, own: Decision | None, ctx: _Context, walk: _Walk
) -> _Context:
    """The context inside an element; a block-level element closes the pending block.

    `own`: the element's own mark, if any (most have none, and inherit the context's).
    """
    mark = ctx.mark if own is None else _inherit(ctx.mark, own)
    if tag not in BLOCK_TAGS or tag in _CELLS:
        if tag in _CELLS:  # a cell of a layout row closes a block but adds no step: its
            _flush(walk, ctx)  # text is the row's, as fast mode (which cuts no cells) reads it
        if mark is ctx.mark and tag != "a":
            return ctx
        return _Context(
            ctx.owner,
            ctx.path,
            ctx.ids,
            ctx.tokens,
            mark,
            ctx.in_link or tag == "a",
            ctx.in_pre,
            ctx.in_quote,
            ctx.hidden,
        )
    _flush(walk, ctx)
    walk.elements += 1
    step = path_step(tag, element.get("id"), element.get("class"))
    if element in walk.article_like:
        walk.named[walk.elements] = step
    return _Context(
        owner=element,
        path=ctx.path + (step,),
        ids=ctx.ids + (walk.elements,),
        tokens=_joined(ctx.tokens, walk.tokens.get(element)),
        mark=mark,
        in_link=ctx.in_link,
        in_pre=ctx.in_pre or tag == "pre",
        in_quote=ctx.in_quote or tag == "blockquote",
        hidden=ctx.hidden or _hidden(element, walk.hidden),
    )


def _joined(outer: frozenset[str], own: frozenset[str] | None) -> frozenset[str]:
    """The class/id words around an element and its own: a new set only when both have some.

    Most block-level elements add no words of their own, or sit where none were read yet:
    the union copied a set each time (a new object for the garbage collector to track).
    """
    if not own:
        return outer
    return outer | own if outer else own


def _hidden(element: Element, hidden: frozenset[Element] | None) -> bool:
    """Whether a browser would not show the element: in `hidden`, or as is_hidden reads it."""
    return is_hidden(element) if hidden is None else element in hidden


def _inherit(outer: Decision | None, own: Decision | None) -> Decision | None:
    """A mark passes down; a generic mark never replaces a site rule's (final) one."""
    if own is None:
        return outer
    if outer is not None and outer.final and not own.final:
        return outer
    return own


def _add_text(text: str | None, ctx: _Context, walk: _Walk) -> None:
    if text:
        walk.pieces.append(text)
        if ctx.in_link:
            walk.link_chars += len(text.strip())


def _is_simple_row(row: Element) -> bool:
    """A table row is one block unless its cells hold block-level content (layout tables)."""
    return not any(
        isinstance(d.tag, str) and d.tag in BLOCK_TAGS and d.tag not in ("td", "th")
        for d in row.iterdescendants()
    )


def _add_row(row: Element, ctx: _Context, walk: _Walk) -> None:
    """A simple row becomes one block: its cells' texts joined with ' | '."""
    cells = [
        " ".join(visible(_inline_text(cell)).replace(BR, " ").split())
        for cell in row
        if isinstance(cell.tag, str) and cell.tag in ("td", "th")
    ]
    walk.pieces.append(" | ".join(cell for cell in cells if cell))
    walk.link_chars += sum(_link_chars(a) for a in row.iter("a"))
    _flush(walk, ctx)


def _link_chars(element: Element) -> int:
    """Link characters inside an element as the walk counts them: each text node, stripped."""
    count = len(element.text.strip()) if element.text else 0
    for child in element:
        if isinstance(child.tag, str) and child.tag not in SKIP_TAGS:
            count += _link_chars(child)
        count += len(child.tail.strip()) if child.tail else 0
    return count


def _inline_text(element: Element) -> str:
    """Text of an element without its skipped descendants (scripts, buttons, ruby)."""
    parts: list[str] = [element.text or ""]
    for child in element:
        if isinstance(child.tag, str) and child.tag not in SKIP_TAGS:
            parts.append(BR if child.tag == "br" else _inline_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _flush(walk: _Walk, ctx: _Context) -> None:
    """Close the pending text as a block owned by the context's element."""
    if not walk.pieces:
        return
    raw = "".join(walk.pieces)
    link_chars = walk.link_chars
    walk.pieces.clear()
    walk.link_chars = 0
    if raw.isspace():  # white space between elements: two of three flushes on dev-html
        return
    raw = visible(raw)
    text = _pre_text(raw) if ctx.in_pre else _collapse(raw)
    if not text:
        return
    tag = ctx.owner.tag if isinstance(ctx.owner.tag, str) else ""
    walk.blocks.append(
        Block(
            index=len(walk.blocks),
            text=text,
            kind=block_kind(tag, ctx.in_quote),
            source="html",
            path="/".join(ctx.path[-MAX_PATH:]),
            containers=ctx.ids,
            container_path=ctx.path,
            link_density=min(1.0, link_chars / max(len(text), 1)),
            tokens=ctx.tokens,
            heading_level=heading_level(tag),
            hidden=ctx.hidden,
            decision=ctx.mark,
        )
    )


def _collapse(raw: str) -> str:
    """Browser-like white space: runs become one space, <br> lines stay lines."""
    if BR not in raw:
        return " ".join(raw.split())
    lines = (" ".join(line.split()) for line in raw.split(BR))
    return "\n".join(line for line in lines if line)


def _pre_text(raw: str) -> str:
    """Preformatted text keeps its lines; trailing spaces and edge blank lines go."""
    lines = [line.rstrip() for line in raw.replace(BR, "\n").replace("\r\n", "\n").split("\n")]
    return "\n".join(lines).strip("\n")
