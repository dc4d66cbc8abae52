"""A short post: when the span finds next to no article, the title or the post's footer marks it.

A photo post, a video post or a one-line link post holds a sentence or two, and the span,
which weighs prose, then prefers a sidebar's bio or a blurb. Such a post still has the
anchors of every post: the headline that repeats the page title above it (HTML), and a
footer below it ('Posted by Seth Godin on July 12, 2012 | Permalink', '13 comments:').
When the span kept less than `short_post_chars`, the blocks weakly dropped between such
an anchor and the nearest strong signal (at most `short_post_blocks`) are the post: they
are kept, and what the span kept elsewhere goes.

Measured with the heuristics alone on dragnet (in-sample, but two numbers set by hand):
text (inscriptis) F1 0.857 -> 0.867, HTML 0.898 -> 0.904. Of 1,381 pages each, 37 and
30 changed; the pages that lost lost 0.00 and 0.94 page-F1 in all, against gains of 11.7
and 14.6 (benchmarks/train_model.py prints the held-out figures with the models).
"""

from __future__ import annotations

from typing import NamedTuple

from cleaner.heuristics.span import STAGE, title_block
from cleaner.options import Tuning
from cleaner.page import Block, Decision, Verdict, revise
from cleaner.reasons import Cause, values

_STRONG_STAGES = frozenset({"signals", "html_prune", "rule"})


class Post(NamedTuple):
    """The blocks of a short post, and the anchor that found them."""

    run: list[int]
    anchor: str  # the anchor block's text
    where: str  # where the post stands from it: 'under the headline' or 'above the footer'


def keep_short_post(blocks: list[Block], title: str, tuning: Tuning) -> list[Block]:
    """On a page kept thin, keep the post by its anchor and drop what the span kept elsewhere."""
    if sum(len(b.text) for b in blocks if b.kept) >= tuning.short_post_chars:
        return blocks
    post = _below_title(blocks, title, tuning) if title else _above_footer(blocks, tuning)
    if post is None:
        return blocks
    why = values(where=post.where, anchor=post.anchor[:60])
    revised = list(blocks)
    for block in blocks:
        if block.index in post.run and not block.kept:
            verdict, cause = Verdict.KEEP, Cause.SHORT_POST
        elif block.index not in post.run and block.kept and not block.is_final:
            verdict, cause = Verdict.DROP, Cause.AWAY_FROM_POST
        else:
            continue
        decision = Decision(verdict, STAGE, cause, why, prior=block.decision)
        revised[block.index] = revise(block, decision=decision)
    return revised


def _weak(block: Block) -> bool:
    """Dropped only by length, stop words, links or context, or kept: the post may hold it.

    A line of items between pipes ('« Older | Blog Home | Newer »') is a menu, however
    it was graded: the post ends there.
    """
    decision = block.decision
    if block.text.count(" | ") >= _MENU_PIPES:
        return False
    return decision is None or decision.keep or decision.stage not in _STRONG_STAGES


_MENU_PIPES = 2  # a post's sentence seldom holds two ' | '; a line of links often does


def _below_title(blocks: list[Block], title: str, tuning: Tuning) -> Post | None:
    """The headline repeating the title, and the weak blocks right below it.

    None when the span kept a block close below the headline: it found the post already.
    """
    headline = title_block(blocks, title)
    if headline is None or not _weak(blocks[headline]):
        return None
    reach = tuning.short_post_blocks
    run = [headline]
    for block in blocks[headline + 1 : headline + 1 + reach]:
        if not _weak(block):
            break
        run.append(block.index)
    if any(b.kept for b in blocks[headline + 1 : run[-1] + 1 + reach]):
        return None
    return Post(run, blocks[headline].text, "under the headline")


def _above_footer(blocks: list[Block], tuning: Tuning) -> Post | None:
    """The first post footer in the page, and the weak blocks right above it.

    None when the span kept a block close above the footer: it found the post already.

    A footer is a comments head ('13 comments:', 'Comments (0)') or a meta line that
    opens with its phrase ('Posted by ...'). Share buttons and labels between the post
    and the footer ('Tweet', 'Pin It') are strong signals and are passed over.
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
    if not run or any(b.kept for b in blocks[max(0, run[-1] - reach) : start + 1]):
        return None  # the span kept a block close above the footer: the post, found already
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
