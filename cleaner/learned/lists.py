"""A bulleted list in a scrape goes whole when the model dropped most of its items.

The text model weighs each line alone, so in a sidebar's list of book links or teaser
headlines it drops most items and keeps a few that read like prose ('• April 2007: Tips
for dealing with workplace jerks' at odds 0.70 among 47 links it dropped). A list is one
box: where under `list_kept_share` of its items stay after the model, the rest go too,
unless it reads as the article's own list: kept prose within `list_guard_reach` lines
above it, a kept lead-in ending in a colon right above it, or kept lines within
`list_guard_near` lines on both sides (such a list stays as the model left it).

Scrapes only: in HTML the model reads each item's list through its features
(path_repeats, path_kept_share), and the same vote there (items of one <ul>) changed 18
dragnet pages for no gain. The lxml rendering prints no bullets, so it is left as it was.
benchmarks/train_model.py applies the vote to its held-out verdicts too
(minority_items), so its figures measure the stage as it runs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from cleaner.options import DEFAULT_TUNING, LearnedTuning
from cleaner.page import Block, Decision, Verdict, revise
from cleaner.reasons import Cause, values

STAGE = "learned"


@dataclass(frozen=True, slots=True)
class Lines:
    """What the vote reads of a scrape's lines, as plain data (train_model.py keeps it).

    runs: the lists, each `list_items` bulleted lines or more at one indent;
    bullet, chars: each line's bullet and length;
    lead_in: each line that ends in a colon, and so introduces what follows.
    """

    runs: tuple[range, ...]
    bullet: tuple[bool, ...]
    chars: tuple[int, ...]
    lead_in: tuple[bool, ...]


def read_lines(
    blocks: Sequence[Block], tuning: LearnedTuning = DEFAULT_TUNING.learned
) -> Lines | None:
    """The lines of a scrape as the vote reads them; None when it holds no list to vote on.

    Every scrape passes here: most hold no list of `list_items` lines, and need no more.
    """
    runs = _list_runs(blocks, tuning.list_items)
    if not runs:
        return None
    return Lines(
        runs=tuple(runs),
        bullet=tuple(block.bullet for block in blocks),
        chars=tuple(len(block.text) for block in blocks),
        lead_in=tuple(introduces(block.text) for block in blocks),
    )


def introduces(text: str) -> bool:
    """Whether a line ends in a colon, and so introduces what follows ('...may set limits on:')."""
    return text.rstrip().endswith(":")


def _list_runs(blocks: Sequence[Block], items: int) -> list[range]:
    runs: list[range] = []
    start = 0
    for i in range(1, len(blocks) + 1):
        if i < len(blocks) and _same_list(blocks[i - 1], blocks[i]):
            continue
        if blocks[start].bullet and i - start >= items:
            runs.append(range(start, i))
        start = i
    return runs


def _same_list(above: Block, below: Block) -> bool:
    return above.bullet and below.bullet and above.indent == below.indent


def minority_items(
    keeps: Sequence[bool],
    revisable: Sequence[bool],
    lines: Lines,
    tuning: LearnedTuning = DEFAULT_TUNING.learned,
) -> dict[int, tuple[int, int]]:
    """The kept items that go with their list: index -> (items kept, items in the list).

    Plain data in, plain data out, so that train_model.py's held-out verdicts take the
    same vote. Only items the model may revisit go (`revisable`). A page that keeps no
    prose line outside its lists (a documentation index, a table of contents) has its
    lists for its article, and no vote.
    """
    if _list_page(keeps, lines, tuning):
        return {}
    going: dict[int, tuple[int, int]] = {}
    for run in lines.runs:
        kept = sum(keeps[i] for i in run)
        if not kept or kept >= tuning.list_kept_share * len(run):
            continue
        if _the_articles(run, keeps, lines, tuning):
            continue
        going.update({i: (kept, len(run)) for i in run if keeps[i] and revisable[i]})
    if len(going) == sum(keeps):  # the stage never empties a page the heuristics kept text on
        return {}
    return going


def _list_page(keeps: Sequence[bool], lines: Lines, tuning: LearnedTuning) -> bool:
    """Whether the page keeps no prose line outside its lists: its lists are its text."""
    return not any(_kept_prose(i, keeps, lines, tuning) for i in range(len(keeps)))


def _kept_prose(i: int, keeps: Sequence[bool], lines: Lines, tuning: LearnedTuning) -> bool:
    """Whether line i is kept prose outside any list (`list_guard_chars` or longer)."""
    return keeps[i] and not lines.bullet[i] and lines.chars[i] >= tuning.list_guard_chars


def _the_articles(run: range, keeps: Sequence[bool], lines: Lines, tuning: LearnedTuning) -> bool:
    """Whether the list reads as the article's own: kept prose or lead-in above, kept near.

    An article's lists follow its prose ('Further resources:' and its links, a recipe's
    ingredients) within `list_guard_reach` lines, or a line that introduces them
    ('urllib is a package that collects several modules for working with URLs:'), or sit
    between kept lines (_between_kept); a sidebar's lists stand among menus. Asking for
    prose below the list too lost golden statisticsglobe's list of further tutorials,
    the article's last block.
    """
    if run.start and keeps[run.start - 1] and lines.lead_in[run.start - 1]:
        return True
    if _between_kept(run, keeps, tuning.list_guard_near):
        return True
    above = range(max(0, run.start - tuning.list_guard_reach), run.start)
    return any(_kept_prose(i, keeps, lines, tuning) for i in above)


def _between_kept(run: range, keeps: Sequence[bool], near: int) -> bool:
    """Whether kept lines stand within `near` lines both above and below the list.

    A documentation page's parameter list sits between its 'Added in: v0.1.90' line and
    the method's prose, a sub-list between two kept items of its list; a sidebar's menu
    has nothing kept on one side at least. (Node.js's API pages, rendered by inscriptis:
    801 lines lost without this guard, 383 with it, most of them the pages' own tables
    of contents; dragnet and dev-text unchanged.)
    """
    above = range(max(0, run.start - near), run.start)
    below = range(run.stop, min(len(keeps), run.stop + near))
    return any(keeps[i] for i in above) and any(keeps[i] for i in below)


def vote_lists(
    blocks: list[Block], revisable: Sequence[bool], tuning: LearnedTuning = DEFAULT_TUNING.learned
) -> list[Block]:
    """The blocks with the kept few of each mostly dropped list dropped too."""
    lines = read_lines(blocks, tuning)
    if lines is None:
        return blocks
    going = minority_items([block.kept for block in blocks], revisable, lines, tuning)
    result = list(blocks)
    for i, (kept, items) in going.items():
        why = values(held=kept, items=items, share=tuning.list_kept_share)
        decision = Decision(Verdict.DROP, STAGE, Cause.LIST_MINORITY, why, prior=blocks[i].decision)
        result[i] = revise(blocks[i], decision=decision)
    return result
