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


def _scrape(post: str = POST, footer: str = "Posted by Denny McCorkle") -> str:
    """A scraped blog page: a sidebar with a bio and a tag list, then a one-line post."""
    tags = "\n".join(f"• tag number {n} ({40 - n})" for n in range(10))
    return (
        f"• Home\n• My Profile\nDenny McCorkle\n{BIO}\nTags\n{tags}\nArchive\n"
        f"11 Jul 2012\nCreative Food Sculptures\nvia fubiz.net\n{post}\nTweet\n"
        f"{footer}\n• 0 responses\n• Like\n• Comment\nDesign by MetaLab\n"
    )


def test_a_one_line_post_above_its_footer_is_kept_and_the_bio_dropped() -> None:
    result = cleaner.clean_page(_scrape(), options=TEXT)
    assert POST in result.text
    assert "Creative Food Sculptures" in result.text
    assert BIO not in result.text
    causes = {b.text: b.decision.cause for b in result.blocks if b.decision}
    assert causes[POST] is Cause.SHORT_POST
    assert causes[BIO] is Cause.AWAY_FROM_POST


def test_the_reason_names_the_anchor() -> None:
    result = cleaner.clean_page(_scrape(), options=TEXT)
    block = next(b for b in result.blocks if b.text == POST)
    assert block.decision is not None
    assert "Posted by Denny McCorkle" in block.decision.reason


def test_a_line_that_only_opens_with_a_date_is_not_a_footer() -> None:
    """The footer's meta phrase must open the line: a sentence that holds one is no footer."""
    footer = "Yesterday this was posted by Denny McCorkle on the blog"
    result = cleaner.clean_page(_scrape(footer=footer), options=TEXT)
    assert POST not in result.text


def test_a_page_whose_span_found_an_article_is_left_alone() -> None:
    article = " ".join(
        f"Paragraph {n} tells how the sculptures were made from fruit and bread." for n in range(8)
    )
    result = cleaner.clean_page(_scrape(post=article), options=TEXT)
    assert article in result.text
    assert not any(
        b.decision and b.decision.cause in (Cause.SHORT_POST, Cause.AWAY_FROM_POST)
        for b in result.blocks
    )


def test_a_short_post_the_span_found_above_its_footer_is_not_widened() -> None:
    """The span kept the post close above the footer: the furniture above it stays out."""
    post = "A short note of one sentence, which the span found and kept on its own."
    page = (
        "Blog powered by TypePad\nMember since 08/2003\n« Older | Blog Home | Newer »\n"
        f"A headline\n{post} It says a little more than one line does, and ends here.\n"
        "Posted by Seth Godin on July 12, 2012 | Permalink\nTrackBack\n"
    )
    result = cleaner.clean_page(page, options=TEXT)
    assert "Member since" not in result.text
    assert not any(b.decision and b.decision.cause is Cause.SHORT_POST for b in result.blocks)


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
