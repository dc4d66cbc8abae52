"""Stage tests: blocks built by hand, one stage at a time."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cleaner.heuristics.signals import classify, grade, guess_language, mark_strong
from cleaner.heuristics.smoothing import smooth
from cleaner.heuristics.span import best_span, main_span, restore_headline
from cleaner.options import Tuning
from cleaner.page import Block, BlockKind, Decision, Quality, revise
from cleaner.read.html_walk import html_blocks
from cleaner.read.lexicon import load_lexicon
from cleaner.read.parse import parse_html
from cleaner.read.text_lines import text_blocks
from cleaner.reasons import Cause
from tests import decisions as made
from tests.decisions import decision_of

LEX = load_lexicon()
TUNING = Tuning()
PROSE = "The minister said on Tuesday that the plan would be put to the vote in the spring, and that it was not the end of the matter."


def line(i: int, text: str) -> Block:
    return Block(index=i, text=text)


def test_text_blocks_keep_line_shape() -> None:
    blocks = text_blocks("Menu\n  • Home\n\nBody text.\n")
    assert [b.text for b in blocks] == ["Menu", "• Home", "Body text."]
    assert blocks[1].bullet and blocks[1].indent == 2 and blocks[1].kind is BlockKind.ITEM
    assert blocks[2].blank_before and not blocks[1].blank_before


def test_html_blocks_rows_lists_br_and_skips() -> None:
    tree = parse_html(
        "<body><h2>Title here</h2><p>one<br>two <a href='#'>link</a></p><ul><li>item</li></ul>"
        "<table><tr><td>a</td><td>b</td></tr></table><script>x()</script><p>tail <ruby>漢<rt>かん</rt></ruby></p></body>"
    )
    body = tree.find("body")
    assert body is not None
    blocks = html_blocks(body, {})
    assert [b.text for b in blocks] == ["Title here", "one\ntwo link", "item", "a | b", "tail 漢"]
    assert blocks[0].heading_level == 2 and blocks[2].kind is BlockKind.ITEM
    assert blocks[3].kind is BlockKind.ROW and 0 < blocks[1].link_density < 1


def test_strong_signals_name_their_reason() -> None:
    texts = [
        "Related Posts",
        "Share Facebook Twitter Pinterest",
        "January 14, 2026",
        "© 2026 whistlebuzz. Designed by whistlebuzz.",
        "Home » A story",
        PROSE,
    ]
    marked = mark_strong([line(i, t) for i, t in enumerate(texts)], LEX)
    reasons = [b.decision.reason if b.decision else None for b in marked]
    assert (reasons[0] or "").startswith("section head") and marked[0].section_end
    assert (reasons[1] or "").startswith("furniture phrase 'share'")
    assert reasons[2] == "meta line: a date"
    assert reasons[3] == "footer: copyright line"
    assert reasons[4] == "breadcrumb"
    assert reasons[5] is None


def test_a_page_heading_is_never_a_breadcrumb() -> None:
    """dragnet R978: the post's <h1> reads 'Watch | Portrait of An American Craftsman', a
    kicker and the title; 'Watch' is a menu word, so it read as a breadcrumb and the page
    lost its headline, then its short article to a sidebar's blurb. A trail of links
    above the article is never the page's <h1>; the same line elsewhere still is one."""
    text = "Watch | Portrait of An American Craftsman"
    marked = mark_strong([Block(index=0, text=text, heading_level=1), line(1, text)], LEX)
    assert marked[0].decision is None
    assert marked[1].decision is not None and marked[1].decision.cause is Cause.BREADCRUMB


def test_menu_run_in_scraped_text() -> None:
    blocks = text_blocks("World\nSports\nOpinion\nCulture\n" + PROSE)
    graded = grade(mark_strong(blocks, LEX), LEX, "en", TUNING)
    assert all(b.quality is Quality.BAD for b in graded[:4])
    assert all(b.first and b.first.reason == "menu: run of 4 short lines" for b in graded[:4])
    assert graded[4].quality is not Quality.BAD


def test_classify_grades_like_justext() -> None:
    stop = LEX.stopwords["en"]
    assert classify(line(0, PROSE * 2), stop, TUNING)[0] is Quality.GOOD
    assert classify(line(0, "Short one."), stop, TUNING)[0] is Quality.SHORT
    linky = Block(index=0, text=PROSE, link_density=0.9)
    assert classify(linky, stop, TUNING)[0] is Quality.BAD


def test_language_guess() -> None:
    assert guess_language([line(0, PROSE)], LEX) == "en"
    assert (
        guess_language(
            [
                line(
                    0,
                    "Der Bürgermeister hat am Dienstag gesagt, dass die Stadt das nicht will und es auch nicht kann.",
                )
            ],
            LEX,
        )
        == "de"
    )


def test_short_block_between_good_ones_is_kept() -> None:
    blocks = grade(
        [line(0, PROSE * 2), line(1, "For Lee, a dream."), line(2, PROSE * 2)], LEX, "en", TUNING
    )
    smoothed = smooth(blocks)
    assert smoothed[1].kept and "kept by context" in decision_of(smoothed[1]).reason


def test_best_span_is_max_subarray() -> None:
    assert best_span([-5, 10, -2, 10, -30, 8]) == (1, 3)
    assert best_span([-1, -2]) == (0, -1)


@pytest.mark.parametrize("head", ["Related Posts", "TrackBacks", "TrackBack URL for this entry:"])
def test_span_trims_tail_behind_section_head(head: str) -> None:
    """A blog's trackbacks are other blogs' excerpts quoting the post (dragnet R398)."""
    texts = [PROSE * 3, PROSE * 3, head, PROSE * 2, PROSE * 2]
    blocks = smooth(
        grade(
            mark_strong([line(i, t) for i, t in enumerate(texts)], LEX), LEX, "en", TUNING
        )
    )
    spanned = main_span(blocks, TUNING)
    assert [b.kept for b in spanned] == [True, True, False, False, False]
    assert decision_of(spanned[3]).reason == "outside the main-content span (tail furniture)"


def test_headline_restored_above_the_article() -> None:
    keep = made.prose()
    drop = made.short_by_context(False, 40)
    blocks = [
        Block(0, "Diplomacy continues as leaders sing hit songs", decision=drop),
        Block(1, "Share", decision=made.signal(Cause.BOILERPLATE_PHRASE, phrase="share")),
        Block(2, PROSE, decision=keep),
    ]
    restored = restore_headline(blocks, "", TUNING)
    assert restored[0].kept and decision_of(restored[0]).reason.startswith("headline")


def test_standfirst_between_headline_and_body_is_restored() -> None:
    keep = made.prose()
    drop = made.short_by_context(False, 40)
    furniture = made.signal(Cause.BYLINE)
    standfirst = "We're about to get much bigger drives, and the path looks clear to scale up."
    blocks = [
        Block(0, "Home", decision=drop),
        Block(1, "Next-Gen Platters Promise Bigger Hard Drives", decision=drop),
        Block(2, standfirst, decision=drop),
        Block(3, "By Jane Doe", decision=furniture),
        Block(4, PROSE, decision=keep),
    ]
    restored = restore_headline(blocks, "", TUNING)
    assert [b.kept for b in restored] == [False, True, True, False, True]
    assert decision_of(restored[2]).reason.startswith("standfirst")
    # A second unknown line between headline and body: neither is restored in a scrape.
    blocks.insert(2, Block(2, "Read the whole series on our site now, it is free.", decision=drop))
    blocks = [Block(i, b.text, decision=b.decision) for i, b in enumerate(blocks)]
    assert not any(b.kept for b in restore_headline(blocks, "", TUNING)[:4])


def test_gap_between_kept_blocks_of_one_section_is_filled() -> None:
    from cleaner.heuristics.structure import _fill_shared_gaps

    keep = made.prose()
    weak = made.short_by_context(False, 20)
    strong = made.signal(Cause.BYLINE)
    section, elsewhere = (0, 1, 2, 3), (0, 1, 9)

    def page(gap_text: str = "200 g Zucker") -> list[Block]:
        return [
            Block(0, PROSE, containers=section, decision=keep),
            Block(1, gap_text, containers=section, decision=weak),
            Block(2, "By Jane Doe", containers=section, decision=strong),
            Block(3, PROSE + " More.", containers=section, decision=keep),
        ]

    filled = _fill_shared_gaps(page(), TUNING)
    assert [b.kept for b in filled] == [True, True, False, True]
    assert decision_of(filled[1]).reason.startswith("between kept blocks of one page section")
    # Kept blocks sharing only body and the page wrapper are not one section.
    apart = page()
    apart[3] = Block(3, PROSE + " More.", containers=elsewhere, decision=keep)
    assert not _fill_shared_gaps(apart, TUNING)[1].kept
    # A second rendering of kept text (a code box shown twice) stays out.
    assert not _fill_shared_gaps(page(gap_text=PROSE), TUNING)[1].kept


def test_lines_a_colon_introduces_are_kept() -> None:
    from cleaner.heuristics.structure import _after_colons

    keep = made.prose()
    weak = made.short_by_context(False, 31)
    blocks = [
        Block(0, "To switch it off, type this command:", decision=keep),
        Block(1, "netsh interface tcp set global autotuninglevel=disabled", decision=weak),
        Block(2, "Share", decision=made.signal(Cause.BOILERPLATE_PHRASE, phrase="share")),
        Block(3, "To switch it on again:", decision=weak),
    ]
    assert [b.kept for b in _after_colons(blocks, TUNING)] == [True, True, False, False]


def test_numbered_list_items_are_kept_but_not_a_menu() -> None:
    texts = [
        PROSE * 3,
        "Menu",
        "Home",
        "94. Cristina Scabbia",
        "95. Dani Filth",
        "96. Wes Scantlin",
    ]
    blocks = smooth(grade([line(i, t) for i, t in enumerate(texts)], LEX, "en", TUNING))
    assert [b.kept for b in blocks] == [True, False, False, True, True, True]
    assert decision_of(blocks[4]).reason.startswith("item of a numbered list")
    # Out of sequence, the numbers say nothing.
    texts[4] = "12. Dani Filth"
    blocks = smooth(grade([line(i, t) for i, t in enumerate(texts)], LEX, "en", TUNING))
    assert not any(b.kept for b in blocks[1:])


def test_teasers_under_a_box_head_inside_the_article_go() -> None:
    from cleaner.heuristics.structure import _drop_teaser_boxes

    prose = made.prose()
    by_context = made.by_context(True, made.graded(Cause.MEDIUM, length=77, stopwords=0.5))
    blocks = [
        Block(0, PROSE, quality=Quality.GOOD, decision=prose),
        Block(1, "Related", decision=made.signal(Cause.TEASER_BOX_HEAD, head="related")),
        Block(
            2,
            "Inside the White House, Doubts About the War",
            quality=Quality.NEARGOOD,
            decision=by_context,
        ),
        Block(3, PROSE, quality=Quality.GOOD, decision=prose),
        Block(
            4, "A closing line kept by its neighbours.", quality=Quality.SHORT, decision=by_context
        ),
    ]
    dropped = _drop_teaser_boxes(blocks)
    assert [b.kept for b in dropped] == [True, False, False, True, True]
    assert decision_of(dropped[2]).reason == "teaser under the box head 'Related'"


def test_revise_copies_like_dataclasses_replace() -> None:
    import dataclasses

    from cleaner.page import revise

    base = Block(3, "text", containers=(0, 1), tokens=frozenset({"entry"}), heading_level=2)
    for field in dataclasses.fields(Block):
        value = getattr(
            Block(99, "other", decision=made.decided(False, "y", Cause.BYLINE)), field.name
        )
        assert revise(base, **{field.name: value}) == dataclasses.replace(
            base, **{field.name: value}
        )
    try:
        revise(base, colour="red")
    except TypeError as error:
        assert "colour" in str(error)
    else:
        raise AssertionError("an unknown field was accepted")


def test_indented_scrape_drops_deeper_boxes_keeps_lists_tables_and_gaps() -> None:
    from cleaner.heuristics.structure import _drop_nested_deeper, _fill_indent_gaps

    prose = made.prose()
    by_context = made.short_by_context(True, 40)
    weak_drop = made.short_by_context(False, 20)

    def at(i: int, indent: int, text: str, decision: Decision, bullet: bool = False) -> Block:
        quality = Quality.GOOD if decision is prose else Quality.SHORT
        return Block(i, text, indent=indent, bullet=bullet, quality=quality, decision=decision)

    blocks = [
        at(0, 8, PROSE, prose),
        at(1, 8, "Wie hast Du gelernt?", weak_drop),
        at(2, 8, PROSE, prose),
        at(3, 16, "Microsoft Is Using DNA to Solve Storage", by_context),
        at(4, 16, "• one item of the author's list", by_context, bullet=True),
        at(5, 16, "apache_builds  2.3 GB/s  0.098 GB/s", by_context),
        at(6, 8, PROSE, prose),
    ]
    done = _drop_nested_deeper(_fill_indent_gaps(blocks, TUNING))
    assert [b.kept for b in done] == [True, True, True, False, True, True, True]
    assert decision_of(done[3]).reason.startswith("nested deeper than the article's paragraphs")
    # A scrape without indentation is left alone.
    flat = [Block(b.index, b.text, quality=b.quality, decision=b.decision) for b in blocks]
    assert [b.kept for b in _drop_nested_deeper(_fill_indent_gaps(flat, TUNING))] == [
        b.kept for b in flat
    ]


def test_indented_scrape_head_joins_the_article_at_its_indent() -> None:
    from cleaner.heuristics.structure import _extend_head_by_indent

    prose = made.prose()
    weak = made.by_context(False, made.graded(Cause.MEDIUM, length=89, stopwords=0.5))
    date = made.signal(Cause.DATE_LINE)
    blocks = [
        Block(0, "Menu", indent=2, decision=weak),
        Block(
            1,
            "We're about to get bigger drives, and the path looks clear.",
            indent=8,
            decision=weak,
        ),
        Block(2, "February 7, 2020", indent=8, decision=date),
        Block(3, PROSE, indent=8, quality=Quality.GOOD, decision=prose),
    ]
    done = _extend_head_by_indent(blocks, TUNING)
    assert [b.kept for b in done] == [False, True, False, True]
    assert decision_of(done[1]).reason.startswith("above the article at its indent")


def test_html_blocks_nested_deeper_than_the_prose_go_unless_content() -> None:
    from cleaner.heuristics.structure import _drop_nested_deeper

    prose = made.prose()
    by_context = made.short_by_context(True, 40)
    column, box = (0, 1, 2, 3), (0, 1, 2, 3, 4, 5)

    def html(
        i: int, text: str, containers: tuple[int, ...], decision: Decision, **extra: object
    ) -> Block:
        quality = Quality.GOOD if decision is prose else Quality.SHORT
        block = Block(
            i, text, source="html", containers=containers, quality=quality, decision=decision
        )
        return revise(block, **extra)  # kind or container_path, where a case sets them

    blocks = [
        html(0, PROSE, column, prose),
        html(1, "Autoreninfo", box, by_context),
        html(2, "Jill Binder, speaking at a WordCamp", box, by_context, kind=BlockKind.CAPTION),
        html(
            3, "stufenweise Erhöhung", box, by_context, container_path=("body", "div", "ol", "li")
        ),
        html(4, PROSE, column, prose),
    ]
    assert [b.kept for b in _drop_nested_deeper(blocks)] == [True, False, True, True, True]


def test_siblings_of_the_articles_edge_blocks_join_it() -> None:
    from cleaner.heuristics.structure import _extend_to_siblings

    prose = made.prose()
    weak = made.short_by_context(False, 30)
    byline = made.signal(Cause.BYLINE)

    def html(
        i: int, containers: tuple[int, ...], decision: Decision, text: str = "Thanks for reading!"
    ) -> Block:
        return Block(i, text, source="html", containers=containers, decision=decision)

    blocks = [
        html(0, (0, 1, 5), weak),  # elsewhere in the page
        html(1, (0, 2, 6), weak),  # sibling above the first kept block
        html(2, (0, 2, 7), prose, PROSE),
        html(3, (0, 2, 8), weak),  # sibling below the last kept block
        html(4, (0, 2, 9), byline),  # strong evidence stops the walk
        html(5, (0, 2, 10), weak),
    ]
    assert [b.kept for b in _extend_to_siblings(blocks, TUNING)] == [
        False,
        True,
        True,
        True,
        False,
        False,
    ]


def test_comment_section_heads() -> None:
    texts = [
        "3 thoughts on “Why cleaning matters”",
        "Ein Gedanke zu „Titel“",
        "A reply to critics is needed here",
    ]
    marked = mark_strong([line(i, t) for i, t in enumerate(texts)], LEX)
    assert marked[0].section_end and marked[1].section_end
    assert marked[2].decision is None


def test_an_ad_word_on_a_container_of_prose_does_not_prune_it() -> None:
    from cleaner.read.html_prune import prune

    page = parse_html(
        "<html><body><article>"
        f"<p>{PROSE * 4}</p>"
        f"<div class='has-ads'><p>{PROSE * 2}</p></div>"
        "<div class='ads'><p>Buy now</p></div>"
        "<div class='sidebar'><p>" + PROSE + "</p></div>"
        "</article></body></html>"
    )
    pruned = prune(page, None, LEX)
    marked = {e.get("class"): d.reason for e, d in pruned.marks.items()}
    assert "has-ads" not in marked, "prose under an ad word is the article's"
    assert marked["ads"] == "class/id word 'ads'"
    assert marked["sidebar"] == "class/id word 'sidebar'", "only advertising words yield to prose"


def test_a_pruned_subtree_is_one_block_unless_a_mark_lies_inside() -> None:
    from cleaner.read.html_prune import prune

    page = parse_html(
        "<html><body><nav><ul><li><a href='/'>Home</a></li><li><a href='/a'>About</a></li>"
        "<script>x()</script></ul></nav>"
        f"<p>{PROSE}</p>"
        "<aside class='x'><p>Kept by the site</p><p>Other</p></aside></body></html>"
    )
    marks = prune(page, None, LEX).marks
    aside, body = page.find(".//aside"), page.find("body")
    assert aside is not None and body is not None
    kept = made.rule(True, "test", "keep")
    blocks = html_blocks(body, {**marks, aside[0]: kept})
    assert [b.text for b in blocks] == ["Home\nAbout", PROSE, "Kept by the site", "Other"]
    assert (
        blocks[0].decision is not None and blocks[0].decision.reason == "structure: <nav> element"
    )
    assert blocks[0].link_density > 0.8
    assert [b.decision.reason if b.decision else None for b in blocks[2:]] == [
        "rule test: keep",
        "structure: <aside> element",
    ]


@given(st.lists(st.sampled_from(["good", "bad", "short", "neargood"]), max_size=30))
def test_shorts_take_the_class_of_their_nearest_neighbours(classes: list[str]) -> None:
    from cleaner.heuristics.smoothing import _neighbour, _revise_shorts

    def one_by_one(i: int) -> str:  # jusText's rule, asked block by block
        before, after = _neighbour(classes, i, -1, True), _neighbour(classes, i, 1, True)
        if before == after:
            return before
        near_before = before == "bad" and _neighbour(classes, i, -1, False) == "neargood"
        near_after = after == "bad" and _neighbour(classes, i, 1, False) == "neargood"
        return "good" if near_before or near_after else "bad"

    expected = {i: one_by_one(i) for i, c in enumerate(classes) if c == "short"}
    assert _revise_shorts(classes) == expected
