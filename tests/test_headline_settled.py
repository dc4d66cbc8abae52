"""An article's title the span already kept is settled as the headline, not left open.

docs.python.org's Sorting HOW TO and two golden cases (wordpress, sciencesetavenir): the
<h1> that opens the article, the page title's main part, was kept by context, so the
headline step did nothing and the learned stage later dropped it as a short line.
"""

from __future__ import annotations

from cleaner import Options, clean_page
from cleaner.heuristics.span import restore_headline, title_block
from cleaner.options import DEFAULT_TUNING
from cleaner.page import Block, BlockKind, Decision, Verdict
from cleaner.reasons import Cause

PROSE = (
    "Python lists have a built-in method that sorts the list in place, and there is "
    "also a built-in function that builds a new sorted list from any iterable at all."
)


def _block(index: int, text: str, keep: bool, level: int = 0) -> Block:
    decision = Decision(Verdict.KEEP if keep else Verdict.DROP, "smoothing", Cause.CONTEXT)
    kind = BlockKind.HEADING if level else BlockKind.PARAGRAPH
    return Block(index=index, text=text, kind=kind, heading_level=level, decision=decision)


def test_a_kept_title_opening_the_article_is_settled_as_the_headline() -> None:
    blocks = [
        _block(0, "Sorting HOW TO", keep=False),  # the breadcrumb's copy, dropped
        _block(1, "Sorting HOW TO", keep=True, level=1),
        _block(2, PROSE, keep=True),
    ]
    title = "Sorting HOW TO — Python 3.11.2 documentation"
    settled = restore_headline(blocks, title, DEFAULT_TUNING)
    decision = settled[1].decision
    assert decision is not None and decision.keep
    assert decision.cause is Cause.HEADLINE_TITLE
    assert settled[0].decision == blocks[0].decision  # the breadcrumb stays dropped
    assert settled[2].decision == blocks[2].decision


def test_a_kept_line_that_is_not_the_title_is_left_to_later_stages() -> None:
    blocks = [_block(0, "A different heading", keep=True, level=1), _block(1, PROSE, keep=True)]
    settled = restore_headline(blocks, "Sorting HOW TO — Python docs", DEFAULT_TUNING)
    assert settled[0].decision == blocks[0].decision


def test_the_learned_stage_leaves_the_settled_headline_alone() -> None:
    body = "".join(f"<p>{PROSE} Paragraph {n}.</p>" for n in range(6))
    page = (
        "<html><head><title>Sorting HOW TO — Python documentation</title></head><body>"
        "<div class='body'><h1>Sorting HOW TO</h1>"
        f"{body}</div></body></html>"
    )
    result = clean_page(page, options=Options(time_limit=0))
    heading = next(b for b in result.blocks if b.text == "Sorting HOW TO")
    assert heading.decision is not None and heading.decision.keep
    assert heading.decision.cause is Cause.HEADLINE_TITLE  # settled: the model never weighs it
    assert result.text.startswith("Sorting HOW TO")


def test_a_site_rules_final_keep_stays_final_when_settled_as_the_headline() -> None:
    ruled = Decision(Verdict.KEEP, "rule", Cause.RULE, final=True)
    blocks = [
        Block(
            index=0, text="Sorting HOW TO", kind=BlockKind.HEADING, heading_level=1, decision=ruled
        ),
        _block(1, PROSE, keep=True),
    ]
    settled = restore_headline(blocks, "Sorting HOW TO — Python docs", DEFAULT_TUNING)
    decision = settled[0].decision
    assert decision is not None and decision.keep and decision.final


def test_the_title_block_is_the_headline_not_the_site_name_in_the_masthead() -> None:
    """dragnet R277: the title's parts include the blog's name, which the masthead repeats.

    The headline step matched the masthead ('Everyday Food Blog'), and the headline itself
    was missed for its straight apostrophe against the title's curly one.
    """
    blocks = [
        _block(0, "Everyday Food Blog", keep=False),
        _block(1, "October 31, 2012", keep=False),
        _block(2, "Today's Recipe: Slow-Cooker Sweet and Spicy Chicken", keep=False),
        _block(3, PROSE, keep=True),
    ]
    title = "Today’s Recipe: Slow-Cooker Sweet and Spicy Chicken - Everyday Food Blog - Site.com"
    assert title_block(blocks, title) == 2
    assert title_block(blocks[:2], title) == 0  # no headline block: the masthead is all
    assert title_block(blocks, "") is None
    assert title_block(blocks, "Something Else Entirely") is None


def test_a_blog_title_splits_at_its_colon_and_guillemets() -> None:
    """'Blog: Post' and 'Blog » Archive » Post' titles: the post's part is the headline."""
    blocks = [_block(0, "Food Wishes", keep=False), _block(1, "Next Up: Pumpkin Pie", keep=False)]
    assert title_block(blocks, "Food Wishes Video Recipes: Next Up: Pumpkin Pie") == 1
    blocks = [_block(0, "Study Hacks", keep=False), _block(1, "My New Project", keep=False)]
    assert title_block(blocks, "Study Hacks » Blog Archive » My New Project") == 1


def test_the_last_copy_of_the_title_is_the_headline() -> None:
    """A breadcrumb or a masthead repeats the title above the article's own headline."""
    blocks = [
        _block(0, "Node.js v20.20.2 Documentation", keep=False),  # the masthead
        _block(1, "File system", keep=False),  # the navigation's link
        _block(2, "File system", keep=False, level=1),
        _block(3, PROSE, keep=True),
    ]
    assert title_block(blocks, "File system | Node.js v20.20.2 Documentation") == 2


def test_a_one_word_title_is_the_headline_on_a_heading_only() -> None:
    """'Console | Node.js Documentation': the <h1> 'Console', not a menu item of that name."""
    title = "Console | Node.js v20.20.2 Documentation"
    heading = [
        _block(0, "Node.js v20.20.2 Documentation", keep=False),
        _block(1, "Console", keep=False, level=1),
        _block(2, PROSE, keep=True),
    ]
    assert title_block(heading, title) == 1
    menu = [*heading[:1], _block(1, "Console", keep=False), heading[2]]
    assert title_block(menu, title) == 0


def test_a_title_of_numbers_and_separators_has_no_headline() -> None:
    """'2023 - 2024' normalizes to nothing: it must not match an empty or a '»' block."""
    blocks = [_block(0, "»", keep=False), _block(1, "2", keep=False), _block(2, PROSE, keep=True)]
    assert title_block(blocks, "2023 - 2024") is None
    assert title_block(blocks, "| |") is None
