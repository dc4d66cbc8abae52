"""Elements of one drop word, or hidden ones, that hold most of the prose are the article.

Issue 18: a container holding most of the page's prose is never thrown away whole, nor
piece by piece. A live report's entries ('live-match-comment'), an editor's comment on
each picture ('item__comment') and a gallery's hidden slides hold the article; a comment
thread holding as much prose keeps its marks. Each page is small and made by hand.
"""

from __future__ import annotations

import pytest

import cleaner
from cleaner import Options
from cleaner.page import Decision
from cleaner.read.html_prune import numbered, parts_to_lift, prune
from cleaner.read.lexicon import load_lexicon
from cleaner.read.parse import parse_html
from cleaner.reasons import Cause

MODES = [Options(), Options(fast=True), Options(use_model=False)]
MODE_IDS = ["default", "fast", "no-model"]
SIDEBAR = "<aside><p>" + "About this site: we write about many things for readers. " * 3 + "</p></aside>"


def _entry(n: int) -> str:
    return f"Minute {n}: the home side presses high and wins the ball back near the box, then shoots."


def _live_report() -> str:
    """A live report: every entry of the commentary carries the word 'comment'."""
    entries = "".join(
        f"<div class='live-match-comment'><div class='live-match-comment-time'>{n}'</div>"
        f"<div class='live-match-comment-body'>{_entry(n)}</div></div>"
        for n in range(1, 9)
    )
    short = "<div class='live-match-comment'><div class='live-match-comment-body'>Corner.</div></div>"
    return (
        "<html><head><title>Home v Away</title></head><body><h1>Home v Away</h1>"
        f"<main><div class='live-match-comments'>{entries}{short}</div></main>{SIDEBAR}</body></html>"
    )


@pytest.mark.parametrize("options", MODES, ids=MODE_IDS)
def test_a_live_reports_comment_entries_are_the_article(options: Options) -> None:
    result = cleaner.clean_page(_live_report(), options=options)
    assert _entry(1) in result.text and _entry(8) in result.text
    assert "About this site" not in result.text
    # a one-line entry beside them is lifted with them: the stages weigh it, no prune
    corner = next(block for block in result.blocks if block.text == "Corner.")
    assert corner.decision is not None and corner.decision.cause is not Cause.CLASS_WORD


def _gallery_captions() -> str:
    """An intro, then pictures each with the editor's comment ('item__comment')."""
    items = "".join(
        f"<div class='gallery__item'><img src='{n}.jpg'><div class='gallery__item__comment'>"
        f"Project {n} won the award because its owners planned every room around the "
        f"light, the garden and the way the family lives in it.</div></div>"
        for n in range(1, 7)
    )
    intro = "<p>" + "Every year the community votes for the projects it liked best. " * 2 + "</p>"
    return (
        "<html><head><title>Best projects</title></head><body><h1>Best projects</h1>"
        f"<div class='story'>{intro}{items}</div>{SIDEBAR}</body></html>"
    )


@pytest.mark.parametrize("options", MODES, ids=MODE_IDS)
def test_an_editors_comment_on_each_picture_is_the_article(options: Options) -> None:
    text = cleaner.clean(_gallery_captions(), options=options)
    assert "Project 1 won the award" in text and "Project 6 won the award" in text


def _slide(n: int) -> str:
    return f"Item {n} is a lamp shaped like a cloud that glows softly when the room around it gets dark."


def _slides(shown: bool) -> str:
    """A gallery whose first slide is shown, the others hidden (the page pages through)."""
    first = "style='display: block;'" if shown else "style='display: none;'"
    slides = f"<div class='gallery-section' {first}><p>{_slide(0)}</p></div>" + "".join(
        f"<div class='gallery-section hidden' style='display: none;'><p>{_slide(n)}</p></div>"
        for n in range(1, 8)
    )
    return (
        "<html><head><title>Items</title></head><body><h1>Items</h1>"
        f"<div class='gallery'>{slides}</div>{SIDEBAR}</body></html>"
    )


@pytest.mark.parametrize("options", MODES, ids=MODE_IDS)
def test_a_gallerys_hidden_slides_beside_a_shown_one_are_the_article(options: Options) -> None:
    text = cleaner.clean(_slides(shown=True), options=options)
    assert _slide(0) in text and _slide(3) in text and _slide(7) in text


def test_hidden_elements_with_no_shown_twin_stay_pruned() -> None:
    """A consent dialog's hidden pages are not slides: none of their class is shown."""
    tree = parse_html(_slides(shown=False))
    pruned = prune(tree, None, load_lexicon())
    causes = {mark.cause for mark in pruned.marks.values()}
    assert Cause.HIDDEN in causes and not any("parts of" in note for note in pruned.notes)


def _thread(marker: str) -> str:
    """A short post under a long comment thread whose entries carry `marker`."""
    comments = "".join(
        f"<li class='comment' {marker.format(n=1000 + n)}><div class='comment-body'>"
        f"I read this twice and I still think the council got the numbers wrong, "
        f"reader {n} says, and the road will cost more than they admit.</div></li>"
        for n in range(8)
    )
    post = "<p>" + "The council voted on the new road last night after a long debate. " * 2 + "</p>"
    return (
        "<html><head><title>The road</title></head><body><article><h1>The road</h1>"
        f"{post}</article><ol class='commentlist'>{comments}</ol></body></html>"
    )


THREADS = [
    "id='comment-{n}'",
    "data-n='{n}'><span class='comment-author'>Ann</span",
    "data-n='{n}'><a href='/r/news/comments/x{n}/the_road/'>link</a",
]


@pytest.mark.parametrize("options", [Options(), Options(fast=True)], ids=["default", "fast"])
@pytest.mark.parametrize("marker", THREADS, ids=["numbered ids", "author", "permalink"])
def test_a_comment_thread_holding_most_prose_stays_pruned(marker: str, options: Options) -> None:
    result = cleaner.clean_page(_thread(marker), options=options)
    assert not any("parts of" in note for note in result.notes)
    assert "reader 3 says" not in result.text


def _headed_thread(head: str) -> str:
    """A post, then a comments head written in one of the ways pages write it, then a
    thread of plain 'comment' entries (no other sign) holding most of the prose."""
    comments = "".join(
        f"<div class='comment'><p>I read this twice and I still think the council got the "
        f"numbers wrong, reader {n} says, and the road will cost more than they admit.</p></div>"
        for n in range(8)
    )
    post = "<p>" + "The council voted on the new road last night after a long debate. " * 2 + "</p>"
    return (
        "<html><head><title>The road</title></head><body><h1>The road</h1>"
        f"{post}{head}{comments}</body></html>"
    )


HEADS = [
    "<h2>27 Comments</h2>",
    "<h2>27 Comments</h2><script>var count = 27;</script>",  # a counter's script after it
    "<h2>Comments <span>(27)</span></h2>",  # the head's text split by an inline tag
]


@pytest.mark.parametrize("options", [Options(), Options(fast=True)], ids=["default", "fast"])
@pytest.mark.parametrize("head", HEADS, ids=["plain", "script after", "inline count"])
def test_a_thread_under_a_comments_head_stays_pruned(head: str, options: Options) -> None:
    result = cleaner.clean_page(_headed_thread(head), options=options)
    assert not any("parts of" in note for note in result.notes)
    assert "reader 3 says" not in result.text


def _teaser_slides() -> str:
    """A slider of teasers for other posts: the first shown, each titled by a link."""
    slides = "".join(
        f"<div class='slide {'active' if n == 0 else 'hidden'}' "
        f"style='{'' if n == 0 else 'display: none;'}'><h3><a href='/post-{n}'>Post {n}</a></h3>"
        f"<p>Post {n} tells of another battery factory that opens next year in a town "
        f"far away from here.</p></div>"
        for n in range(6)
    )
    post = "<p>" + "The factory doubles its output of cells this year. " * 2 + "</p>"
    return (
        "<html><head><title>Cells</title></head><body><article><h1>Cells</h1>"
        f"{post}</article><div class='slider'>{slides}</div></body></html>"
    )


@pytest.mark.parametrize("options", [Options(), Options(fast=True)], ids=["default", "fast"])
def test_hidden_teaser_slides_stay_pruned(options: Options) -> None:
    result = cleaner.clean_page(_teaser_slides(), options=options)
    assert not any("parts of" in note for note in result.notes)
    assert "Post 3 tells" not in result.text


def test_parts_hold_more_than_half_the_prose_between_several_elements() -> None:
    """One element holding most of it is the layout (LAYOUT_SHARE), not parts."""
    assert parts_to_lift([("a", 400)], 500) is None
    assert parts_to_lift([("a", 200), ("a", 200)], 1000) is None
    chosen = parts_to_lift([("a", 300), ("a", 300), ("a", 10), ("b", 10)], 1000)
    assert chosen is not None and chosen.parts == [0, 1] and chosen.lifted == [0, 1, 2]


def test_a_database_number_in_an_id_marks_a_thread_entry() -> None:
    assert numbered("comment-1049826") and not numbered("section-12")


def _first(decision: Decision) -> Decision:
    while decision.prior is not None:
        decision = decision.prior
    return decision


def _pruned_words(page: str, options: Options) -> tuple[list[str], list[bool]]:
    """Each block's first decision: pruned by a class word or not; and the page's notes."""
    result = cleaner.clean_page(page, options=options)
    pruned = [
        block.decision is not None and _first(block.decision).cause is Cause.CLASS_WORD
        for block in result.blocks
    ]
    return list(result.notes), pruned


def _divs(*kinds: tuple[str, int]) -> str:
    prose = "The council met again and talked about the road, the bridge and the money. "
    boxes = "".join(f"<div class='{word}'><p>{prose * size}</p></div>" for word, size in kinds)
    return f"<html><body><h1>The road</h1>{boxes}</body></html>"


@pytest.mark.parametrize(
    "page",
    [
        _divs(("comment", 5), ("comment", 5), ("sidebar", 4), ("related", 4)),
        _divs(("comment", 4), ("comment", 4), ("sidebar", 5), ("related", 2)),
    ],
    ids=["both parts lifted", "sidebar stays pruned"],
)
def test_both_modes_lift_the_parts_before_the_best_pruned_region(page: str) -> None:
    """Parts first, then the best pruned region among the marks left, in both modes.

    Fast mode lifted the best region first: one comment part (so the other no longer held
    half the prose and stayed pruned), or the sidebar beside the parts.
    """
    notes, pruned = _pruned_words(page, Options())
    fast_notes, fast_pruned = _pruned_words(page, Options(fast=True))
    assert pruned == fast_pruned
    assert len(notes) == len(fast_notes) == 1 and "parts of" in fast_notes[0]
