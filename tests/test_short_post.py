"""A short post is read off its anchors when the span finds next to no article.

dragnet 109, 147, R917 and others: a photo or link post of a sentence or two, and the span
kept a sidebar's bio instead (or nothing). The headline repeating the page title (HTML) or
the post's footer ('Posted by ...', '13 comments:') marks where the post is.
"""

from __future__ import annotations

import cleaner
from cleaner import Options
from cleaner.reasons import Cause

BIO = "I live. I learn. I teach. And a hundred and forty characters on Twitter is limiting."
POST = "Repurposing food as art is creative."
TEXT = Options(input_kind="text", use_model=False)
HTML = Options(input_kind="html", use_model=False)


def _decided_by(result: cleaner.Result, *causes: Cause) -> bool:
    """Whether any block's decision rests on one of these causes."""
    return any(b.decision and b.decision.cause in causes for b in result.blocks)


def _scrape(footer: str = "Posted by Denny McCorkle", side: str = "") -> str:
    """A scraped blog page: a sidebar of links and tags (and `side`), then a one-line post."""
    tags = "\n".join(f"• tag number {n} ({40 - n})" for n in range(10))
    return (
        f"• Home\n• My Profile\n{side}Tags\n{tags}\nArchive\n"
        f"11 Jul 2012\nCreative Food Sculptures\nvia fubiz.net\n{POST} @TweetRightBrain\nTweet\n"
        f"{footer}\n• 0 responses\n• Like\n• Comment\nDesign by MetaLab\n"
    )


def test_a_one_line_post_above_its_footer_is_kept() -> None:
    result = cleaner.clean_page(_scrape(), options=TEXT)
    assert POST in result.text
    assert "Creative Food Sculptures" in result.text
    block = next(b for b in result.blocks if b.text.startswith(POST))
    assert block.decision is not None
    assert block.decision.cause is Cause.SHORT_POST
    assert "above the footer 'Posted by Denny McCorkle'" in block.decision.reason


def test_a_line_that_only_holds_a_meta_phrase_is_not_a_footer() -> None:
    """The footer's meta phrase must open the line: a sentence that holds one is no footer."""
    footer = "Yesterday this was posted by Denny McCorkle on the blog"
    result = cleaner.clean_page(_scrape(footer=footer), options=TEXT)
    assert POST not in result.text


def test_a_footer_anchors_nothing_where_the_span_kept_something() -> None:
    """A second reader's dev-text pages (koa039, caymancompass): a short article kept, a
    comments head far below it, and an author box above that head; the box replaced it."""
    result = cleaner.clean_page(_scrape(side=f"Denny McCorkle\n{BIO}\n"), options=TEXT)
    assert BIO in result.text
    assert not _decided_by(result, Cause.SHORT_POST)


def test_a_page_whose_span_found_an_article_is_left_alone() -> None:
    article = " ".join(
        f"Paragraph {n} tells how the sculptures were made from fruit and bread." for n in range(8)
    )
    result = cleaner.clean_page(_scrape().replace(POST, article), options=TEXT)
    assert article in result.text
    assert not _decided_by(result, Cause.SHORT_POST, Cause.AWAY_FROM_POST)


def _html(title: str = "Creative Food Sculptures", after: str = "") -> str:
    """A photo post: its headline (a link), a source link, a sentence; a bio in the sidebar."""
    return (
        f"<html><head><title>{title} - I Geek for Creativity</title></head><body>"
        f"<div id='side'><p>{BIO}</p></div><div id='main'><div class='post'>"
        f"<h2><a href='/p'>{title}</a></h2><p><a href='http://fubiz.net'>via fubiz.net</a></p>"
        f"<p>{POST}</p>{after}<p>Tweet</p></div></div></body></html>"
    )


def test_a_photo_post_under_the_title_is_kept() -> None:
    result = cleaner.clean_page(_html(), options=HTML)
    assert POST in result.text
    assert "Creative Food Sculptures" in result.text
    assert BIO not in result.text


def test_without_the_titles_repeat_nothing_is_guessed() -> None:
    html = _html().replace("<title>Creative Food Sculptures", "<title>Another post")
    result = cleaner.clean_page(html, options=HTML)
    assert POST not in result.text


def test_a_related_posts_link_repeating_the_title_is_no_headline() -> None:
    """dragnet R152: 'Nokia N96 Software Update - v11.101', a related post in a list, matched
    the title '... - v30.101 | Site'; the article above it was dropped for its links."""
    html = _html(after="").replace(
        "<h2><a href='/p'>Creative Food Sculptures</a></h2>", ""
    ).replace("</div></div></body>", "<ul><li><a href='/q'>Creative Food Sculptures</a></li>"
              "<li><a href='/r'>Another older post of this blog</a></li></ul></div></div></body>")
    result = cleaner.clean_page(html, options=HTML)
    assert not _decided_by(result, Cause.SHORT_POST)


def test_a_headline_over_a_menu_is_no_post() -> None:
    """A second reader's libxslt pages: the title 'Documentation' over 'Main Menu' was
    taken for a post, and the page's one paragraph dropped."""
    html = (
        "<html><head><title>Documentation Pages</title></head><body>"
        "<h1>Documentation Pages</h1><p><a href='/m'>Main Menu</a></p>"
        + "".join(f"<p><a href='/{n}'>Link number {n}</a></p>" for n in range(12))
        + f"<p>{BIO}</p></body></html>"
    )
    result = cleaner.clean_page(html, options=HTML)
    assert not _decided_by(result, Cause.SHORT_POST)
