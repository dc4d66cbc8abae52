"""A short post: when the span finds next to no article, the title or the post's footer marks it.

A photo post, a video post or a one-line link post holds a sentence or two, and the span,
which weighs prose, then prefers a sidebar's bio or a blurb, or keeps nothing. Such a post
still has the anchors of every post: the headline that repeats the page title above it
(HTML), and a footer below it ('Posted by Seth Godin on July 12, 2012 | Permalink', '13
comments:'). When the span kept less than `short_post_chars`, the blocks weakly dropped
between such an anchor and the nearest strong signal (at most `short_post_blocks`) are the
post, if one of them says something: they are kept, and what the span kept elsewhere goes.

Measured with the heuristics alone on dragnet (in-sample, but two numbers set by hand):
HTML F1 0.8975 -> 0.9023 (with the copies rule, heuristics/copies.py), text (inscriptis)
0.8571 -> 0.8588 (with a row of comment buttons as a comment mark); no page lost. A
second reader's adversarial pages and real pages (dev-text, Debian's documentation) shaped
the guards: each guard's reason is in the docstring of the function that holds it.
"""

from __future__ import annotations

from typing import NamedTuple

from cleaner.heuristics.span import STAGE, STRONG_STAGES, in_menu_run, title_block
from cleaner.options import Tuning
from cleaner.page import LIST_TAGS, Block, BlockKind, Decision, Verdict, revise
from cleaner.reasons import Cause, values


class Post(NamedTuple):
    """The blocks of a short post, and the anchor that found them."""

    run: list[int]
    anchor: str  # the anchor block's text
    where: str  # where the post stands from it: 'under the headline' or 'above the footer'


def keep_short_post(blocks: list[Block], title: str, tuning: Tuning) -> list[Block]:
    """On a page kept thin, keep the post by its anchor and drop what the span kept elsewhere.

    The page's headline (the block settled as matching the title) is never dropped. A
    footer anchors a post only where the span kept nothing: with a short article kept, a
    comment head far below it had an author box or related links above it (dev-text:
    four of seven pages where it fired so lost their article), and a byline above the
    article read as a footer.
    """
    kept = sum(len(b.text) for b in blocks if b.kept)
    if kept >= tuning.short_post_chars:
        return blocks
    if title:
        post = _below_title(blocks, title, tuning)
    else:
        post = None if kept else _above_footer(blocks, tuning)
    if post is None:
        return blocks
    why = values(where=post.where, anchor=post.anchor[:60], chars=kept)
    revised = list(blocks)
    for block in blocks:
        if block.index in post.run and not block.kept:
            verdict, cause = Verdict.KEEP, Cause.SHORT_POST
        elif block.index not in post.run and block.kept and _droppable(block):
            verdict, cause = Verdict.DROP, Cause.AWAY_FROM_POST
        else:
            continue
        decision = Decision(verdict, STAGE, cause, why, prior=block.decision)
        revised[block.index] = revise(block, decision=decision)
    return revised


def _droppable(block: Block) -> bool:
    decision = block.decision
    return not block.is_final and not (decision and decision.cause is Cause.HEADLINE_TITLE)


def _weak(block: Block) -> bool:
    """Dropped only by length, stop words, links or context, or kept: the post may hold it.

    A menu run, and a line of items between pipes ('« Older | Blog Home | Newer »'), are
    menus, however they were graded: the post ends there.
    """
    decision = block.decision
    if block.text.count(" | ") >= _MENU_PIPES or in_menu_run(block):
        return False
    return decision is None or decision.keep or decision.stage not in STRONG_STAGES


_MENU_PIPES = 2  # a post's sentence seldom holds two ' | '; a line of links often does


def _below_title(blocks: list[Block], title: str, tuning: Tuning) -> Post | None:
    """The headline, and the weak blocks right below it.

    The headline is the block the headline step settled as the title's, else the last
    block repeating the title that is no list item (a related post's link in a list
    repeats much of a title). None when nothing below it says something, or when the span
    kept a block close below it: it found the post already.
    """
    headline = _headline(blocks, title)
    if headline is None or not _weak(blocks[headline]):
        return None
    reach = tuning.short_post_blocks
    run = [headline]
    for block in blocks[headline + 1 : headline + 1 + reach]:
        if not _weak(block):
            break
        run.append(block.index)
    if not _says_something(blocks, run[1:], tuning) or any(
        b.kept for b in blocks[headline + 1 : run[-1] + 1 + reach]
    ):
        return None
    return Post(run, blocks[headline].text, "under the headline")


def _says_something(blocks: list[Block], run: list[int], tuning: Tuning) -> bool:
    """Whether the post holds a block of `standfirst_min_words` words at least.

    A headline over 'Main Menu', or a site's name over 'Privacy', is no post.
    """
    return any(len(blocks[i].text.split()) >= tuning.standfirst_min_words for i in run)


def _headline(blocks: list[Block], title: str) -> int | None:
    settled = next(
        (b.index for b in blocks if b.decision and b.decision.cause is Cause.HEADLINE_TITLE), None
    )
    if settled is not None:
        return settled
    candidates = [b for b in blocks if not _listed(b)]
    found = title_block(candidates, title)
    return None if found is None else candidates[found].index


def _listed(block: Block) -> bool:
    """A list item, or a block inside one (or inside a table cell)."""
    if block.bullet or block.kind is BlockKind.ITEM:
        return True
    return block.inside(LIST_TAGS)


def _above_footer(blocks: list[Block], tuning: Tuning) -> Post | None:
    """The page's first post footer, and the weak blocks above it (on a page kept empty).

    A footer is a comments head ('13 comments:', 'Comments (0)') or a meta line that
    opens with its phrase ('Posted by ...'). Share buttons and labels between the post
    and the footer ('Tweet', 'Pin It') are strong signals and are passed over. None when
    the post says nothing (_says_something).
    """
    footer = next((b for b in blocks if _footer(b)), None)
    if footer is None:
        return None
    start = footer.index - 1
    while start >= 0 and not _weak(blocks[start]) and footer.index - start <= _SHARE_LINES:
        start -= 1
    reach = tuning.short_post_blocks
    run = []
    for block in reversed(blocks[max(0, start + 1 - reach) : start + 1]):
        if not _weak(block):
            break
        run.append(block.index)
    if not _says_something(blocks, run, tuning):
        return None
    return Post(sorted(run), footer.text, "above the footer")


_SHARE_LINES = 3  # share buttons and labels between a post and its footer ('Tweet', 'Pin It')


def _footer(block: Block) -> bool:
    decision = block.decision
    if decision is None:
        return False
    if decision.cause is Cause.COMMENTS_HEAD:
        return True
    if decision.cause is not Cause.META_LINE:
        return False
    found = str(dict(decision.values).get("found", ""))
    return bool(found) and block.text.lower().startswith(found.lower())
