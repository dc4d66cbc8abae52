"""Kept blocks -> Markdown that keeps the page's inline structure (GitHub-flavoured).

Blocks carry plain text: that is what every stage reads and what txt output prints, and
carrying markup through both readers (lxml walk, lexbor cut) would cost every page. So
Markdown is made apart, only when asked: one more walk over the page's HTML cuts it into
the same units html_blocks does (same block tags, cells, skipped tags), each with its
inline Markdown (links, emphasis, code), its list depth and number, its table, its code
language. Each block is then paired with the next unit of the same text; a block left
unpaired (fast mode may cut a page a little differently) is written from its plain text,
as before. Tables get a header separator, ordered lists their numbers, nested lists
their indentation, code blocks a fence naming the language when the page does.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from urllib.parse import urljoin

from cleaner.page import Block, BlockKind
from cleaner.read.block_facts import BLOCK_TAGS
from cleaner.read.html_walk import SKIP_TAGS
from cleaner.read.html_walk import _noscript_content as noscript_content
from cleaner.read.hygiene import visible
from cleaner.read.parse import parse_html
from cleaner.read.text_lines import strip_bullet

if TYPE_CHECKING:
    from lxml.etree import _Element as Element

_CELLS = frozenset({"td", "th"})
_LISTS = frozenset({"ul", "ol", "menu", "dir"})
# Inline tags and the Markdown delimiter each becomes.
_EMPHASIS = {"em": "*", "i": "*", "strong": "**", "b": "**"}
_CODE = frozenset({"code", "kbd", "samp", "tt"})
# Class words that name a highlighter, not a language (Sphinx writes highlight-default).
_NOT_LANGUAGES = frozenset(
    {"default", "none", "text", "plain", "plaintext", "nohighlight", "notranslate", "txt"}
)
_LANGUAGE = re.compile(
    r"(?:^|\s)(?:language-|lang-|highlight-source-|highlight-|brush:\s*|sourceCode\s+)"
    r"([A-Za-z][\w+#-]*)"
)
# How many elements up from a <pre> its language is looked for: Sphinx and GitHub write
# it on a wrapper two or three levels up (div.highlight-python > div.highlight > pre).
LANGUAGE_DEPTH = 3
_ESCAPED = re.compile(r"([\\`*\[\]<])")
_LONE_UNDERSCORE = re.compile(r"(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])")
# A line starting like a Markdown block (heading, quote, list item, rule) gets escaped.
_BLOCK_START = re.compile(r"^(#{1,6}(?:\s|$)|>|[-+](?:\s|$)|=+\s*$|-+\s*$)")
_NUMBER_START = re.compile(r"^(\d{1,9})([.)])(\s|$)")
_SPACES = re.compile(r"[ \t\r\f\v]+")
_BR = "\n"


@dataclass(frozen=True, slots=True)
class Open:
    """An inline element's start inside a unit: a link (with its target) or emphasis."""

    mark: str
    href: str = ""


@dataclass(frozen=True, slots=True)
class Close:
    """An inline element's end."""

    mark: str


Piece = str | Open | Close


@dataclass(frozen=True, slots=True)
class Unit:
    """One block's worth of the page as Markdown: what a Block's text is paired with."""

    key: str
    markdown: str
    depth: int = 0
    number: int = 0
    cells: tuple[str, ...] = ()
    language: str = ""


@dataclass(slots=True)
class _Walk:
    base: str
    units: list[Unit] = field(default_factory=list)
    plain: list[str] = field(default_factory=list)
    pieces: list[Piece] = field(default_factory=list)


def page_units(html: str, url: str | None) -> list[Unit]:
    """The page's units in page order; links resolve against <base href> or the URL."""
    tree = parse_html(html)
    body = tree.find("body")
    root = body if body is not None else tree
    base = url or ""
    for element in tree.iter("base"):
        base = urljoin(base, element.get("href") or "")
        break
    walk = _Walk(base)
    _visit(root, root, walk)
    _flush(walk, root)
    return walk.units


def _visit(element: Element, owner: Element, walk: _Walk) -> None:
    """Gather an element's text and Markdown, cutting units where html_blocks cuts blocks."""
    tag = element.tag if isinstance(element.tag, str) else ""
    shown = _shown(element, tag)
    if shown is None:
        return
    element = shown
    if tag in BLOCK_TAGS:
        _flush(walk, owner)
        if tag not in _CELLS:
            owner = element
    if tag == "br":
        walk.plain.append(_BR)
        walk.pieces.append(_BR)
    elif tag == "tr" and _simple_row(element):
        _add_row(element, walk)
        return
    if tag in _CODE:
        _add_code(element, walk)
        return
    opened = _open(element, tag, walk)
    _add_text(element.text, walk)
    for child in element:
        _visit(child, owner, walk)
        _add_text(child.tail, walk)
    if opened is not None:
        walk.pieces.append(Close(opened.mark))
    if tag in BLOCK_TAGS:
        _flush(walk, owner)


def _shown(element: Element, tag: str) -> Element | None:
    """What of the element is read: a noscript's content as html_blocks reads it, else itself.

    None for what is never shown: a skipped tag, a comment or processing instruction, an
    empty noscript.
    """
    if tag == "noscript":
        return noscript_content(element)
    if not tag or tag in SKIP_TAGS:
        return None
    return element


def _open(element: Element, tag: str, walk: _Walk) -> Open | None:
    """The start of a link or emphasis, put in the unit's pieces; None for other tags."""
    opened: Open | None = None
    if tag == "a":
        href = (element.get("href") or "").strip()
        if href and not href.lower().startswith(("javascript:", "#")):
            opened = Open("link", urljoin(walk.base, href))
    elif tag in _EMPHASIS:
        opened = Open(_EMPHASIS[tag])
    if opened is not None:
        walk.pieces.append(opened)
    return opened


def _add_text(text: str | None, walk: _Walk) -> None:
    if text:
        walk.plain.append(text)
        walk.pieces.append(text)


def _add_code(element: Element, walk: _Walk) -> None:
    """Inline code: its text as one span, nothing inside it escaped or marked."""
    text = _text(element)
    walk.plain.append(text)
    walk.pieces.append(Open("code"))
    walk.pieces.append(text)
    walk.pieces.append(Close("code"))


def _text(element: Element) -> str:
    """An element's text without skipped descendants; <br> as a line break."""
    parts = [element.text or ""]
    for child in element:
        if isinstance(child.tag, str) and child.tag not in SKIP_TAGS:
            parts.append(_BR if child.tag == "br" else _text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _simple_row(row: Element) -> bool:
    """As html_blocks: a row is one block unless its cells hold block-level content."""
    return not any(
        isinstance(d.tag, str) and d.tag in BLOCK_TAGS and d.tag not in _CELLS
        for d in row.iterdescendants()
    )


def _add_row(row: Element, walk: _Walk) -> None:
    """A simple row: one unit whose cells are Markdown, '|' escaped, lines joined."""
    plain: list[str] = []
    cells: list[str] = []
    for cell in row:
        if not (isinstance(cell.tag, str) and cell.tag in _CELLS):
            continue
        text = " ".join(visible(_text(cell)).split())
        inner = _Walk(walk.base)
        _add_text(cell.text, inner)
        for child in cell:
            _visit(child, cell, inner)
            _add_text(child.tail, inner)
        markdown = " ".join(_inline(inner.pieces).split()).replace("|", "\\|")
        if text:
            plain.append(text)
            cells.append(markdown)
    key = " | ".join(plain)
    if key:
        walk.units.append(Unit(key=key, markdown=" | ".join(cells), cells=tuple(cells)))


def _flush(walk: _Walk, owner: Element) -> None:
    """Close the pending text as a unit owned by `owner` (when it has any text)."""
    if not walk.plain:
        return
    key = " ".join(visible("".join(walk.plain)).split())
    pieces = list(walk.pieces)
    walk.plain.clear()
    walk.pieces.clear()
    if not key:
        return
    tag = owner.tag if isinstance(owner.tag, str) else ""
    if tag == "pre":
        walk.units.append(Unit(key=key, markdown="", language=code_language(owner)))
        return
    depth, number = _list_place(owner) if tag == "li" else (0, 0)
    walk.units.append(Unit(key=key, markdown=_inline(pieces), depth=depth, number=number))


def _list_place(item: Element) -> tuple[int, int]:
    """A list item's nesting depth (0: top) and number (0 in a bullet list)."""
    lists = [a for a in item.iterancestors() if isinstance(a.tag, str) and a.tag in _LISTS]
    depth = max(len(lists) - 1, 0)
    parent = item.getparent()
    if parent is None or parent.tag != "ol":
        return depth, 0
    number = _integer(parent.get("start"), 1)
    for sibling in parent.iterchildren("li"):
        number = _integer(sibling.get("value"), number)
        if sibling is item:
            return depth, number
        number += 1
    return depth, number


def _integer(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def code_language(pre: Element) -> str:
    """The language a code block names in its classes (or data-lang), else ''."""
    candidates: list[Element] = [pre, *pre.iterchildren("code")]
    candidates += list(pre.iterancestors())[:LANGUAGE_DEPTH]
    for element in candidates:
        named = element.get("data-lang")
        if named and named.lower() not in _NOT_LANGUAGES:
            return named.strip()
        for match in _LANGUAGE.finditer(element.get("class") or ""):
            if match.group(1).lower() not in _NOT_LANGUAGES:
                return match.group(1)
    return ""


def _inline(pieces: list[Piece]) -> str:
    """Pieces as inline Markdown: marks paired, unpaired ones (cut by a block) dropped."""
    nodes = _nest(pieces)
    lines = (_SPACES.sub(" ", line).strip() for line in _render(nodes).split(_BR))
    return "\n".join(_escape_start(line) for line in lines if line)


Node = str | tuple[Open, list["Node"]]


def _nest(pieces: list[Piece]) -> list[Node]:
    """The flat pieces as a tree: each paired Open holds what lies before its Close."""
    root: list[Node] = []
    stack: list[tuple[Open | None, list[Node]]] = [(None, root)]
    for piece in pieces:
        if isinstance(piece, Open):
            stack.append((piece, []))
        elif isinstance(piece, Close):
            if len(stack) > 1 and stack[-1][0] is not None and stack[-1][0].mark == piece.mark:
                opened, children = stack.pop()
                assert opened is not None  # the root alone has no Open
                stack[-1][1].append((opened, children))
        else:
            stack[-1][1].append(piece)
    while len(stack) > 1:  # never closed in this unit: keep the text, drop the mark
        _, children = stack.pop()
        stack[-1][1].extend(children)
    return root


def _render(nodes: list[Node]) -> str:
    return "".join(_render_node(node) for node in nodes)


def _render_node(node: Node) -> str:
    if isinstance(node, str):
        return _escape(visible(node))  # as the block's text: no format characters, NFC
    opened, children = node
    if opened.mark == "code":
        return _code_span(visible("".join(c for c in children if isinstance(c, str))))
    inner = _render(children)
    core = inner.strip()
    if not core or (opened.mark != "link" and "\n" in core):
        return inner
    lead = inner[: len(inner) - len(inner.lstrip())]
    trail = inner[len(inner.rstrip()) :]
    if opened.mark == "link":
        return f"{lead}[{core}]({_target(opened.href)}){trail}"
    return f"{lead}{opened.mark}{core}{opened.mark}{trail}"


def _escape(text: str) -> str:
    """Text as Markdown that reads back as the same text (white space is collapsed later)."""
    return _LONE_UNDERSCORE.sub(r"\\_", _ESCAPED.sub(r"\\\1", text))


def _escape_start(line: str) -> str:
    """A line that would start a heading, quote, list item or rule, escaped."""
    number = _NUMBER_START.match(line)
    if number:
        return f"{number.group(1)}\\{line[len(number.group(1)) :]}"
    return "\\" + line if _BLOCK_START.match(line) else line


def _code_span(text: str) -> str:
    """Inline code in a fence longer than any run of backticks inside it."""
    text = " ".join(text.split())
    if not text:
        return ""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _target(href: str) -> str:
    """A link target as Markdown reads it: in <> when it holds spaces or parentheses."""
    if any(ch in href for ch in " ()<>"):
        return "<" + href.replace("<", "%3C").replace(">", "%3E").replace(" ", "%20") + ">"
    return href


def pair(blocks: list[Block], units: list[Unit]) -> dict[int, Unit]:
    """Each block's unit (by block index), pairing as many blocks as can be in order.

    A block pairs with a unit of the same text, in page order on both sides; blocks with
    no such unit are left out.

    Pass the kept blocks only: a dropped block's text ('Home', 'Share') stands in many
    places. Greedy pairing went wrong on a headline that the page repeats after the
    article; the longest increasing run of unit positions does not.
    """
    where: dict[str, list[int]] = {}
    for position, unit in enumerate(units):
        where.setdefault(unit.key, []).append(position)
    candidates = [
        (block.index, position)
        for block in blocks
        for position in reversed(where.get(" ".join(block.text.split()), ()))
    ]
    return {index: units[position] for index, position in _increasing(candidates)}


def _increasing(candidates: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The longest run of candidates whose positions strictly increase (patience sort).

    A block's own candidates come in falling position order, so at most one is chosen.
    """
    tails: list[int] = []  # tails[k]: smallest last position of a run of length k + 1
    ends: list[int] = []  # the candidate ending that run
    before: list[int] = []  # each candidate's predecessor in its run (-1: none)
    for number, (_, position) in enumerate(candidates):
        length = bisect_left(tails, position)
        before.append(ends[length - 1] if length else -1)
        if length == len(tails):
            tails.append(position)
            ends.append(number)
        else:
            tails[length] = position
            ends[length] = number
    run: list[tuple[int, int]] = []
    number = ends[-1] if ends else -1
    while number >= 0:
        run.append(candidates[number])
        number = before[number]
    return run[::-1]


def markdown_of(kept: list[Block], units: list[Unit]) -> str:
    """The kept blocks as Markdown, each written from its unit when it has one."""
    if not kept:
        return ""
    paired = pair(kept, units)
    return "\n\n".join(_groups(kept, paired)) + "\n"


def _groups(kept: list[Block], paired: dict[int, Unit]) -> Iterator[str]:
    """Markdown of runs of kept blocks: a table's rows, a list's items, or one block."""
    run: list[Block] = []
    for block in kept:
        if run and not _same_run(run[-1], block):
            yield _run_markdown(run, paired)
            run = []
        run.append(block)
    if run:
        yield _run_markdown(run, paired)


def _same_run(last: Block, block: Block) -> bool:
    """Rows of one table, or list items one after another."""
    if last.kind is BlockKind.ROW and block.kind is BlockKind.ROW:
        return last.containers[:-1] == block.containers[:-1]
    return last.kind is BlockKind.ITEM and block.kind is BlockKind.ITEM


def _run_markdown(run: list[Block], paired: dict[int, Unit]) -> str:
    if run[0].kind is BlockKind.ROW:
        return _table(run, paired)
    if run[0].kind is BlockKind.ITEM:
        return _list(run, paired)
    return block_markdown(run[0], paired.get(run[0].index))


def block_markdown(block: Block, unit: Unit | None) -> str:
    """One heading, paragraph, quote, caption or code block."""
    text = unit.markdown if unit is not None and unit.markdown else _plain(block.text)
    if block.kind is BlockKind.PRE:
        return _fence(block.text, unit.language if unit is not None else "")
    if block.kind is BlockKind.HEADING:
        return "#" * max(block.heading_level, 1) + " " + text.replace("\n", " ")
    if block.kind is BlockKind.QUOTE:
        return "\n".join("> " + line for line in text.split("\n"))
    return text


def _plain(text: str) -> str:
    """A block's plain text as Markdown: escaped, one line per line."""
    lines = (" ".join(line.split()) for line in text.split("\n"))
    return "\n".join(_escape_start(_escape(line)) for line in lines if line)


def _fence(code: str, language: str) -> str:
    """A fenced code block, its fence longer than any run of backticks in the code."""
    code = "\n".join(line.rstrip() for line in code.split("\n"))
    longest = max((len(run) for run in re.findall(r"^\s*(`{3,})", code, re.M)), default=2)
    fence = "`" * max(3, longest + 1)
    return f"{fence}{language}\n{code}\n{fence}"


def _table(rows: list[Block], paired: dict[int, Unit]) -> str:
    """Rows as a GitHub table: the first kept row is the header, rows padded to one width."""
    cells = [_cells(row, paired.get(row.index)) for row in rows]
    width = max(len(row) for row in cells)
    lines = ["| " + " | ".join(row + [""] * (width - len(row))) + " |" for row in cells]
    lines.insert(1, "|" + " --- |" * width)
    return "\n".join(lines)


def _cells(row: Block, unit: Unit | None) -> list[str]:
    if unit is not None and unit.cells:
        return list(unit.cells)
    return [_escape(cell).replace("|", "\\|") for cell in row.text.split(" | ")]


def _list(items: list[Block], paired: dict[int, Unit]) -> str:
    """List items, each nested under the item before it when the page nests it."""
    lines: list[str] = []
    columns: list[tuple[int, int]] = []  # (depth, content column) of the open items
    for item in items:
        unit = paired.get(item.index)
        depth = unit.depth if unit is not None else 0
        while columns and columns[-1][0] >= depth:
            columns.pop()
        indent = columns[-1][1] if columns else 0
        marker = f"{unit.number}." if unit is not None and unit.number else "-"
        if unit is not None and unit.markdown:
            text = unit.markdown
        else:
            text = _plain(strip_bullet(item.text) if item.bullet else item.text)
        first, *rest = text.split("\n")
        column = indent + len(marker) + 1
        lines.append(" " * indent + f"{marker} {first}")
        lines.extend(" " * column + line for line in rest)
        columns.append((depth, column))
    return "\n".join(lines)
