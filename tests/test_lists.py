"""A bulleted list the model mostly dropped goes whole (cleaner/learned/lists.py).

dragnet R264 (a blog's sidebar of 47 book and press links): the text model kept 11 of
them, those that read like sentences, and dropped the rest.
"""

from __future__ import annotations

import cleaner
from cleaner import Options
from cleaner.learned.lists import Lines, minority_items, read_lines, vote_lists
from cleaner.page import Block, Decision, Verdict
from cleaner.reasons import Cause, values

KEEP = Decision(Verdict.KEEP, "signals", Cause.SHORT, values(length=20))
DROP = Decision(Verdict.DROP, "signals", Cause.SHORT, values(length=20))
PROSE = (
    "The council said on Monday that the vote on the budget plan would wait until the "
    "spring, when the new figures are in."
)


def _line(i: int, text: str, kept: bool, bullet: bool = False, indent: int = 0) -> Block:
    decision = KEEP if kept else DROP
    return Block(index=i, text=text, bullet=bullet, indent=indent, decision=decision)


def _page(list_keeps: list[bool], above: bool = False, below: bool = True) -> list[Block]:
    """Prose, then a bulleted list whose items are kept as given, then prose."""
    blocks = [_line(0, PROSE, above)]
    for kept in list_keeps:
        blocks.append(_line(len(blocks), f"• Book {len(blocks)}: a title", kept, bullet=True))
    blocks.append(_line(len(blocks), PROSE, below))
    return blocks


def test_the_few_kept_items_of_a_dropped_list_go() -> None:
    blocks = _page([False, True, False, False, True, False])
    voted = vote_lists(blocks, [True] * len(blocks))
    assert [b.kept for b in voted] == [False] * 7 + [True]
    decision = voted[2].decision
    assert decision is not None and decision.cause is Cause.LIST_MINORITY
    assert decision.reason == (
        "one of 2 kept items of a list of 6, under a share of 0.6: the list goes whole "
        "(alone: short (20 chars))"
    )


def test_a_list_mostly_kept_stays_as_it_is() -> None:
    blocks = _page([True, True, True, False, True])
    assert vote_lists(blocks, [True] * len(blocks)) == blocks


def test_a_short_list_is_no_vote() -> None:
    blocks = _page([True, False, False])
    assert vote_lists(blocks, [True] * len(blocks)) == blocks


def test_a_list_below_kept_prose_stays() -> None:
    """golden statisticsglobe: the article ends on its list of further tutorials."""
    blocks = _page([True, False, False, False, False], above=True, below=False)
    assert vote_lists(blocks, [True] * len(blocks)) == blocks


def test_items_the_model_may_not_revisit_stay() -> None:
    blocks = _page([True, False, False, True, False])
    revisable = [True] * len(blocks)
    revisable[1] = False
    voted = vote_lists(blocks, revisable)
    assert voted[1].kept and not voted[4].kept


def test_the_vote_never_empties_a_page() -> None:
    blocks = _page([True, False, False, False, False], below=False)
    assert vote_lists(blocks, [True] * len(blocks)) == blocks


def test_a_list_is_one_indent_of_bulleted_lines() -> None:
    blocks = [_line(i, f"• item {i}", True, bullet=True, indent=i // 4 * 2) for i in range(8)]
    blocks.insert(4, _line(4, "Between the two lists:", True))
    lines = read_lines(blocks)
    assert lines is not None and lines.runs == (range(0, 4), range(5, 9))
    assert lines.lead_in[4] and not lines.lead_in[3]
    assert read_lines(blocks[:3]) is None  # no list of four: nothing to vote on


def test_a_list_under_its_kept_lead_in_stays() -> None:
    """python's urllib page: 'urllib is a package that collects several modules ...:'."""
    blocks = _page([True, False, False, True, False])
    blocks[0] = _line(0, "A package that collects several modules:", True)
    assert vote_lists(blocks, [True] * len(blocks)) == blocks


def test_a_list_between_kept_lines_stays() -> None:
    """Node.js's API pages: a parameter list between 'Added in: v0.3.6' and the prose."""
    blocks = _page([False, True, False, False, False])
    blocks[0] = _line(0, "Added in: v0.3.6", True)
    assert vote_lists(blocks, [True] * len(blocks)) == blocks


def test_a_page_that_keeps_no_prose_beside_its_lists_has_no_vote() -> None:
    """A documentation index or a table of contents: its lists are its article."""
    blocks = _page([True, False, False, True, False, False, True, True, False, False])
    blocks[-1] = _line(len(blocks) - 1, "Short closing line.", True)
    assert vote_lists(blocks, [True] * len(blocks)) == blocks


def test_plain_data_as_the_training_script_passes_it() -> None:
    keeps = [True, True, False, False, False, False, True]
    lines = Lines(
        runs=(range(1, 6),),
        bullet=(False, True, True, True, True, True, False),
        chars=(120, 20, 20, 20, 20, 20, 120),
        lead_in=(False,) * 7,
    )
    assert minority_items(keeps, [True] * 7, lines) == {}  # kept prose right above
    keeps[0] = False
    assert minority_items(keeps, [True] * 7, lines) == {1: (1, 5)}


def test_a_scrape_loses_the_one_kept_line_of_its_sidebar_menu() -> None:
    """Through the text pipeline: the line kept by context goes with the menu around it."""
    menu = [
        "Home",
        "About the author and why he writes about management every single week",
        "Contact",
        "Archives",
        "Tips for dealing with workplace jerks and bosses who do not listen to anyone",
        "Subscribe",
    ]
    story = [
        "The council said on Monday that the vote on the budget plan would wait until the "
        "spring, when the new figures are in and the members have read them.",
        "Members of the opposition called the delay a mistake, and said that the city could "
        "not afford to wait for another season before it fixed its roads.",
        "The mayor said she would ask the council to meet again in March, and that she "
        "expected the plan to pass by a wide margin then.",
    ]
    page = "City Council Delays Vote On Budget Plan\n" + "".join(f"• {m}\n" for m in menu)
    result = cleaner.clean_page(
        page + "\n" + "\n\n".join(story), options=Options(input_kind="text")
    )
    assert "Tips for dealing" not in result.text and story[0] in result.text
    tips = next(b for b in result.blocks if b.text.startswith("• Tips"))
    assert tips.decision is not None and tips.decision.cause is Cause.LIST_MINORITY
    assert tips.decision.reason.startswith("one of 1 kept items of a list of 6")
