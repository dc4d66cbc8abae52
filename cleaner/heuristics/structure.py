"""The page's own structure refines the span: sections, siblings, nesting, colons, boxes.

The span decides by score. These refinements read what the score cannot: blocks of one
DOM section or one indent between kept blocks, siblings of the article's first and last
block, lines a colon introduces, teasers under a box head, and boxes nested deeper than
the article's paragraphs. They refine the span's verdict, so their decisions carry its
stage ("span"), each with its own reason.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from cleaner.heuristics.span import PROSE_MARKS, STAGE, keep_weak
from cleaner.options import DEFAULT_TUNING, Tuning
from cleaner.page import Block, BlockKind, Decision, Quality, Verdict, revise
from cleaner.read.lexicon import ends_with_mark, squash
from cleaner.reasons import Cause, values


def refine(blocks: list[Block], tuning: Tuning) -> list[Block]:
    """Every refinement, in order: fill what belongs, then drop what is nested in it."""
    blocks = _after_colons(_fill_shared_gaps(blocks, tuning), tuning)
    blocks = _drop_teaser_boxes(blocks, tuning)
    blocks = _drop_nested_deeper(_fill_indent_gaps(blocks, tuning), tuning)
    return _extend_to_siblings(_extend_head_by_indent(blocks, tuning), tuning)


def _fill_shared_gaps(blocks: list[Block], tuning: Tuning) -> list[Block]:
    """Keep what only weak signals dropped between two kept blocks of one DOM section.

    Two kept blocks that share at least `gap_shared_depth` block-level ancestors (body,
    the page wrapper and one more) sit in one section of the page; a short line, a list
    or a caption between them belongs to the same text. Scraped text has no ancestors,
    so this never applies there.
    """
    kept = [b.index for b in blocks if b.kept]
    texts = kept_texts(blocks)
    revised = list(blocks)
    depth = tuning.structure.gap_shared_depth
    for low, high in zip(kept, kept[1:], strict=False):
        if high - low < 2 or _shared_depth(blocks[low], blocks[high]) < depth:
            continue
        for block in blocks[low + 1 : high]:
            if squash(block.text) not in texts:  # a second rendering of kept text
                revised[block.index] = keep_weak(block, tuning, Cause.SECTION_GAP) or block
    return revised


def kept_texts(blocks: list[Block]) -> set[str]:
    """The kept blocks' texts, white space collapsed: a block repeating one is a copy.

    Pages render some text twice (a code box with a plain-text twin); what fills gaps in
    the article must not bring the second rendering back.
    """
    return {squash(b.text) for b in blocks if b.kept}


def _shared_depth(a: Block, b: Block) -> int:
    depth = 0
    for mine, theirs in zip(a.containers, b.containers, strict=False):
        if mine != theirs:
            break
        depth += 1
    return depth


def _after_colons(blocks: list[Block], tuning: Tuning) -> list[Block]:
    """Keep the lines a kept sentence ending in a colon introduces ('Proceed as follows:').

    The lines after such a sentence are its list, steps or quoted command, short as they
    are. They run until a block smoothing did not drop (a kept block, strong evidence, a
    span decision), a menu run or a line of links, and at most `colon_run_max` lines.
    """
    revised = list(blocks)
    run_max = tuning.structure.colon_run_max
    for block in blocks:
        if not (block.kept and block.text.rstrip().endswith(":")):
            continue
        for follower in blocks[block.index + 1 : block.index + 1 + run_max]:
            kept = keep_weak(follower, tuning, Cause.AFTER_COLON)
            if kept is None:
                break
            revised[follower.index] = kept
    return revised


def _drop_teaser_boxes(blocks: list[Block], tuning: Tuning = DEFAULT_TUNING) -> list[Block]:
    """Drop the teasers under a teaser box head inside the article ('Related', 'Lire aussi').

    The head itself is a strong signal; the headlines under it are short lines that only
    their prose neighbours kept. They go, up to `teaser_box_max` blocks, until a paragraph
    of prose (GOOD on its own), a heading, or a block kept on its own evidence.
    """
    revised = list(blocks)
    box_head = Cause.TEASER_BOX_HEAD  # looked up once: an enum member lookup is slow (3.11)
    box_max = tuning.structure.teaser_box_max
    for head in blocks:
        if not (head.decision and head.decision.cause is box_head):
            continue
        for block in blocks[head.index + 1 : head.index + 1 + box_max]:
            if block.quality is Quality.GOOD or block.heading_level or block.is_final:
                break
            if not block.kept:
                continue
            if not _kept_by_context(block):
                break
            teaser = values(head=head.text[:40])
            dropped = Decision(Verdict.DROP, STAGE, Cause.TEASER_UNDER_HEAD, teaser)
            revised[block.index] = revise(block, decision=dropped)
    return revised


def _kept_by_context(block: Block) -> bool:
    """Kept only for its neighbours: by smoothing's context rule or inside the span."""
    decision = block.decision
    if decision is None or not decision.keep:
        return False
    if decision.stage == STAGE:
        return decision.cause is Cause.INSIDE_SPAN
    return decision.stage == "smoothing" and decision.cause is Cause.CONTEXT


def _fill_indent_gaps(blocks: list[Block], tuning: Tuning) -> list[Block]:
    """In a scrape that keeps indentation, a gap between two kept lines of one indent is text.

    Renderers such as inscriptis indent each line by its depth in the page, so the indent
    stands in for the DOM sections `_fill_shared_gaps` uses: lines of the gap at the
    indent of the kept lines around it belong to them. A scrape without indentation
    (indent 0 everywhere) is left as it is.
    """
    kept = [b.index for b in blocks if b.kept]
    revised = list(blocks)
    for low, high in zip(kept, kept[1:], strict=False):
        indent = blocks[low].indent
        if high - low < 2 or not indent or blocks[high].indent != indent:
            continue
        for block in blocks[low + 1 : high]:
            if block.indent == indent:
                revised[block.index] = keep_weak(block, tuning, Cause.INDENT_GAP) or block
    return revised


def _drop_nested_deeper(blocks: list[Block], tuning: Tuning = DEFAULT_TUNING) -> list[Block]:
    """Drop blocks nested deeper than the article's paragraphs that only context kept.

    Depth is the number of block-level ancestors in HTML and the indent in a scrape that
    keeps indentation (inscriptis). When most of the article's prose (`nested_share` of
    the GOOD characters) sits at one depth, a block deeper than that, kept only for its
    neighbours, is a box nested in the article's column: a teaser list, a widget, an
    author box, a label. Lists, table rows, code, quotes, headings and long sentences
    (captions) are exempt: articles nest those themselves.
    """
    mass: dict[int, int] = {}
    for block in blocks:
        if block.kept and block.quality is Quality.GOOD:
            mass[_depth(block)] = mass.get(_depth(block), 0) + len(block.text)
    if not mass:
        return blocks
    article_depth = max(mass, key=lambda depth: mass[depth])
    share = tuning.structure.nested_share
    if not article_depth or mass[article_depth] < share * sum(mass.values()):
        return blocks  # no indentation, or no single depth holds the prose
    nested = Decision(Verdict.DROP, STAGE, Cause.NESTED_DEEPER, values(depth=article_depth))
    sentence_words = tuning.structure.nested_sentence_words
    return [
        revise(b, decision=nested)
        if _depth(b) > article_depth
        and _kept_by_context(b)
        and not _nested_content(b, sentence_words)
        else b
        for b in blocks
    ]


def _depth(block: Block) -> int:
    return len(block.containers) if block.source == "html" else block.indent


def _nested_content(block: Block, sentence_words: int) -> bool:
    """Tell blocks the article itself nests: lists, tables, code, quotes, headings, captions.

    In a scrape a table row shows its columns two spaces or more apart; captions and
    quotes are sentences of `sentence_words` (StructureTuning.nested_sentence_words) words
    or more.
    """
    if block.bullet or block.kind in _NESTED_KINDS or _TABLE_GAP.search(block.text):
        return True
    if block.inside(_NESTING_TAGS):
        return True  # a paragraph inside a list item, a table cell or a figure
    long_enough = len(block.text.split()) >= sentence_words
    return long_enough and ends_with_mark(block.text, PROSE_MARKS)


_NESTING_TAGS = frozenset({"ol", "dd", "dt", "td", "th", "figure", "blockquote", "pre"})
_NESTED_KINDS = frozenset(
    {
        BlockKind.ITEM,
        BlockKind.ROW,
        BlockKind.PRE,
        BlockKind.QUOTE,
        BlockKind.HEADING,
        BlockKind.CAPTION,
    }
)
_TABLE_GAP = re.compile(r"\S {2,}\S")


def _extend_to_siblings(blocks: list[Block], tuning: Tuning) -> list[Block]:
    """Carry the article over the siblings of its first and last block in the page.

    Blocks at the same depth under the same parent element as the article's first (or
    last) kept block are more of the same text: the closing lines of a post, the intro
    above the first long paragraph. Up to `siblings_max` of them join on each side, as
    long as only smoothing dropped them; the first block elsewhere in the tree stops it.
    """
    kept = [b.index for b in blocks if b.kept]
    if not kept or blocks[0].source != "html":
        return blocks
    revised = list(blocks)
    for anchor, beyond in (
        (blocks[kept[-1]], blocks[kept[-1] + 1 :]),
        (blocks[kept[0]], blocks[: kept[0]][::-1]),
    ):
        walk = _Walk(
            belongs=partial(_siblings, b=anchor),
            passes=lambda block: block.kept,
            limit=tuning.structure.siblings_max,
            where=Cause.SIBLING,
        )
        revised = _carry_over(revised, beyond, walk, tuning)
    return revised


@dataclass(frozen=True)
class _Walk:
    """How _carry_over walks: which blocks belong, which it steps over, how far, and why."""

    belongs: Callable[[Block], bool]
    passes: Callable[[Block], bool]
    limit: int
    where: Cause


def _carry_over(
    revised: list[Block], beyond: list[Block], walk: _Walk, tuning: Tuning
) -> list[Block]:
    """Keep the weakly dropped blocks along `beyond` (walked in order) that belong.

    The walk stops at the first block that does not belong, after `walk.limit` blocks
    joined, or at a block `keep_weak` must leave as it is (kept, strong evidence, links, a
    menu run); blocks `walk.passes` names are stepped over without joining.
    """
    joined = 0
    for block in beyond:
        if not walk.belongs(block) or joined >= walk.limit:
            break
        if walk.passes(block):
            continue
        kept = keep_weak(block, tuning, walk.where)
        if kept is None:
            break
        revised[block.index] = kept
        joined += 1
    return revised


def _siblings(a: Block, b: Block) -> bool:
    """Same depth under the same parent element."""
    return len(a.containers) == len(b.containers) and a.containers[:-1] == b.containers[:-1]


def _extend_head_by_indent(blocks: list[Block], tuning: Tuning) -> list[Block]:
    """In an indented scrape, carry the article up over the lines above it at its indent.

    The span starts at the first long paragraph; the standfirst, the first short
    paragraphs and the subheads above it sit at the same indent. Up to
    `indent_head_max` such lines join, passing over furniture a strong signal named
    (a date, a byline); a line at another indent, a kept line or a menu run stops it.
    """
    first = next((b for b in blocks if b.kept), None)
    if first is None or not first.indent:
        return blocks
    walk = _Walk(
        belongs=lambda block: block.indent == first.indent,
        passes=lambda block: block.decision is not None and block.decision.stage == "signals",
        limit=tuning.structure.indent_head_max,
        where=Cause.INDENT_HEAD,
    )
    return _carry_over(list(blocks), blocks[: first.index][::-1], walk, tuning)
