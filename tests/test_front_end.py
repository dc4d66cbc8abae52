"""The front end never loses the article through a structural fault (issue 18).

Each page here is small and made by hand to show one fault seen on unseen pages: a
browser would show the article, so cleaner must find it, in every mode.
"""

from __future__ import annotations

import time

import pytest

import cleaner
from cleaner import Options
from cleaner.read.parse import MAX_DEPTH, flatten, parse_html

FIRST = "<p>" + "The first paragraph of the article tells the story in plain words. " * 5 + "</p>"
SECOND = "<p>" + "A second paragraph of the article goes on with more of the story. " * 5 + "</p>"
TEASER = "<p>" + "Another story: the council met again and put off its vote once more. " * 5 + "</p>"
ELSEWHERE = "<p>" + "Elsewhere on the site: a recipe, a review and a list of events. " * 5 + "</p>"
MODES = [Options(), Options(fast=True), Options(use_model=False)]
MODE_IDS = ["default", "fast", "no-model"]


def _has_both(text: str) -> bool:
    return "The first paragraph" in text and "A second paragraph" in text


def _footer_prose() -> str:
    """Boxes around the article with more prose than it, together: its wrapper holds 36%."""
    about = "<p>" + "About this site: we write about many things for many readers. " * 5 + "</p>"
    return f"<aside>{about}</aside>" * 4


@pytest.mark.parametrize("options", MODES, ids=MODE_IDS)
@pytest.mark.parametrize("word", ["has-sidebar", "social", "sharing", "modal", "offcanvas"])
def test_a_class_word_on_the_articles_wrapper_never_prunes_it(word: str, options: Options) -> None:
    page = (
        f'<html><head><title>A story</title></head><body><div class="content {word}">'
        f"<h1>A story</h1><div class='text'>{FIRST}{SECOND}</div></div>"
        f"{_footer_prose()}</body></html>"
    )
    assert _has_both(cleaner.clean(page, options=options))


@pytest.mark.parametrize("options", MODES, ids=MODE_IDS)
def test_an_id_word_does_not_prune_an_element_whose_class_names_the_articles_body(
    options: Options,
) -> None:
    """dragnet R184: <div id="nav-single" class="single-article-content"> held the post,
    under a tenth of the page's prose: the rest was on the page outside any pruned box."""
    page = (
        "<html><body><h1>A story</h1><div id='nav-single' class='single-article-content'>"
        f"{FIRST}{SECOND}</div><div id='nav-side' class='teasers'>{TEASER}</div>"
        f"<div class='more'>{ELSEWHERE * 6}</div></body></html>"
    )
    cleaned = cleaner.clean(page, options=options)
    assert _has_both(cleaned)
    assert "Another story" not in cleaned, "a furniture word alone still prunes"


@pytest.mark.parametrize("options", MODES, ids=MODE_IDS)
def test_a_wrapper_of_the_pages_main_element_is_not_furniture(options: Options) -> None:
    dialog = "<div class='login-dialog'>" + "<p>Your password must hold a digit and a capital letter, say.</p>" * 6
    page = (
        "<html><body><div class='b-offcanvas-wrap'><main><article><h1>A story</h1>"
        f"{FIRST}{SECOND}</article></main></div>{dialog}</div>{_footer_prose()}</body></html>"
    )
    assert _has_both(cleaner.clean(page, options=options))


@pytest.mark.parametrize("options", MODES, ids=MODE_IDS)
@pytest.mark.parametrize("depth", [300, 3_000])
def test_deep_nesting_keeps_the_text_inside_and_after(depth: int, options: Options) -> None:
    page = f"<html><body>{'<div>' * depth}{FIRST}{'</div>' * depth}{SECOND}</body></html>"
    assert _has_both(cleaner.clean(page, options=options))


def test_hostile_nesting_parses_in_about_a_second() -> None:
    """lexbor's time grows with the square of the depth: 100,000 levels took 41 s raw."""
    page = f"<html><body>{'<div>' * 100_000}{FIRST}{'</div>' * 100_000}{SECOND}</body></html>"
    start = time.monotonic()
    root = parse_html(page)
    assert time.monotonic() - start < 10
    assert "The first paragraph" in "".join(map(str, root.itertext()))


@pytest.mark.parametrize("options", MODES, ids=MODE_IDS)
def test_an_unknown_element_in_head_starts_the_body_as_in_a_browser(options: Options) -> None:
    page = (
        "<html><head><title>A story</title><mbox><div>"
        f"{FIRST}</div></mbox></head><body>{SECOND}</body></html>"
    )
    assert _has_both(cleaner.clean(page, options=options))


@pytest.mark.parametrize("options", MODES, ids=MODE_IDS)
@pytest.mark.parametrize("encoding", ["utf-8", "utf-16", "windows-1252"])
def test_nul_bytes_do_not_lose_the_page(encoding: str, options: Options) -> None:
    page = f"<html><body>\x00<div>{FIRST}\x00</div>{SECOND}</body></html>".encode(encoding)
    assert _has_both(cleaner.clean(page, options=options))


def test_flatten_unwraps_below_the_depth_limit_and_keeps_lines() -> None:
    html = "<div>" * (MAX_DEPTH + 5) + "<p>a</p><p>b</p>" + "</div>" * (MAX_DEPTH + 5)
    root = parse_html(html)
    body = root.find("body")
    assert body is not None
    depth = max(sum(1 for _ in element.iterancestors()) for element in body.iter())
    assert depth <= MAX_DEPTH + 2
    assert "a" in "".join(map(str, body.itertext())) and "b" in "".join(map(str, body.itertext()))
    assert flatten("<div><p>x</p></div>", 1) == "<div><br>x<br></div>"
    assert flatten("<div><p>x</p></div>", 5) == "<div><p>x</p></div>"


@pytest.mark.parametrize("options", MODES, ids=MODE_IDS)
def test_when_every_candidate_is_pruned_the_best_is_kept_and_says_why(options: Options) -> None:
    page = (
        "<html><body><nav><a href='/'>Home</a> <a href='/a'>About</a></nav>"
        f"<div class='sidebar-main'><h1>A story</h1>{FIRST}{SECOND}</div>"
        f"{_footer_prose()}</body></html>"
    )
    result = cleaner.clean_page(page, options=options)
    assert _has_both(result.text)
    assert any("every candidate for the article was pruned" in note for note in result.notes)
    assert "class/id word 'sidebar'" in " ".join(result.notes)
