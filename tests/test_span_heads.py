"""A furniture section head heads its own column, not the post in the next one.

dragnet 147 and 344 (Seth's blog): a sidebar column with a 'Recent Posts' head comes
before a post of two short paragraphs; the head's discount fell on the post's span too,
and the sidebar's bio was kept instead of the post.
"""

from __future__ import annotations

import cleaner
from cleaner import Options
from cleaner.heuristics.span import head_stands_over
from cleaner.page import Block

TEXT = Options(use_model=False, input_kind="text")
POST = "This is bad news for market leaders and incumbents, and great news for everyone else."


def _page() -> str:
    recent = "".join(f"<li><a href='/p{n}'>An older post number {n}</a></li>" for n in range(8))
    sidebar = (
        "<div id='alpha'><div class='module'><h2>About</h2><div class='module-content'>"
        "<p>Seth Godin has written twelve bestsellers that were translated into more "
        "than 35 languages, and he writes every day.</p></div></div>"
        f"<div class='module'><h2>Recent Posts</h2><ul>{recent}</ul></div></div>"
    )
    post = (
        "<div id='beta'><div class='entry'><h3>Yesterday is over</h3>"
        f"<div class='entry-content'><p>{POST}</p><p>And it happens again, every day.</p>"
        "</div></div></div>"
    )
    return (
        "<html><head><title>Blog: Yesterday is over</title></head><body>"
        f"<div id='page'>{sidebar}{post}</div></body></html>"
    )


def test_a_sidebar_head_does_not_discount_the_post_beside_it() -> None:
    text = cleaner.clean(_page(), options=Options(use_model=False))
    assert POST in text


def test_a_head_stands_over_the_blocks_inside_its_grandparent_only() -> None:
    head = Block(index=0, text="Recent Posts", containers=(1, 2, 3, 4))
    assert head_stands_over(head, Block(index=1, text="a post", containers=(1, 2, 3, 9)))
    assert not head_stands_over(head, Block(index=1, text="a post", containers=(1, 7, 8)))
    assert head_stands_over(Block(index=0, text="Comments"), Block(index=1, text="a line"))


def _scrape(above: str) -> str:
    """A scrape whose masthead carries a comment count ('Comments') above the article."""
    body = "\n".join(
        f"{POST} Paragraph {n} of the story goes on about the new shop and its sheets."
        for n in range(4)
    )
    menu = "\n".join(f"{n}. City number {n}" for n in range(1, 12))
    return f"{menu}\n{above}Comments\nPin It\nSend to a Friend\nBiscuit Home Launches\n{body}\n"


def _comments(count: int, more: str = "") -> str:
    """A scraped comment thread: `count` readers' comments, a line each (`more` lengthens them)."""
    return "\n".join(
        f"I think this is great news for everyone, said reader {n}, who wrote at length "
        f"about it and the shop, and the sheets, and everything else on the page {n}{more}."
        for n in range(count)
    )


def test_a_comment_count_with_no_prose_above_it_ends_nothing() -> None:
    """dragnet R791-R799 (DailyCandy): 'Comments' in the masthead, then the whole article.

    The head's discount fell on the article below it, so a numbered menu of cities above
    it won the span and the article was lost.
    """
    text = cleaner.clean(_scrape(""), options=TEXT)
    assert "Paragraph 0 of the story" in text and "Paragraph 3 of the story" in text
    assert "City number 3" not in text


def test_a_comments_head_below_prose_still_ends_the_article() -> None:
    """Below the article, the same head opens its comment section: what follows pays."""
    post = f"{POST} The post itself is short but it is a real paragraph of prose.\n"
    comments = _comments(4)
    page = f"Home\n{post}Comments\n{comments}\n"
    text = cleaner.clean(page, options=TEXT)
    assert "The post itself is short" in text
    assert "said reader 3" not in text


def test_comments_below_the_article_are_never_the_article_however_long() -> None:
    """dragnet 20 (a blog theme's '{ 14 comments… }'): the thread outweighed a short post
    many times over, so the section discount still let it win the span."""
    post = "\n".join(f"{POST} Paragraph {n} of the post about tides." for n in range(2))
    comments = _comments(30)
    page = f"Home\nTides\n{post}\n{{ 30 comments… read them below or add one }}\n{comments}\n"
    text = cleaner.clean(page, options=TEXT)
    assert "Paragraph 1 of the post" in text
    assert "said reader" not in text


def test_a_one_word_comments_link_below_a_notice_does_not_close_the_page() -> None:
    """dragnet (wsj, a personal-finance blog): a reprints notice or a welcome box is prose
    above a masthead's 'Comments' link; the article below it must survive."""
    notice = (
        "Welcome to the journey! If you're new here, you can learn about me, read our user "
        "guide, and even follow along with the updates by subscribing to the feed today."
    )
    post = "\n".join(f"{POST} Paragraph {n} of the story about layaway plans." for n in range(12))
    page = f"{notice}\nComments\nHow Layaway Plans Work\n{post}\n"
    text = cleaner.clean(page, options=TEXT)
    assert "Paragraph 11 of the story" in text


def test_a_one_word_comments_head_below_an_article_closes_the_page() -> None:
    """dragnet R979: '{ 131 comments }' below a long post; the thread outweighed it."""
    post = "\n".join(f"{POST} {POST} Paragraph {n} of the story about themes." for n in range(6))
    comments = _comments(
        80, ", and then wrote again about the shop and the sheets because it was not enough"
    )
    page = f"Home\nThemes\n{post}\n{{ 131 comments }}\n{comments}\n"
    text = cleaner.clean(page, options=TEXT)
    assert "Paragraph 5 of the story" in text
    assert "said reader" not in text


def _masthead_page(thread: str = "") -> str:
    """dragnet R775 (TechCrunch, a scrape): the byline's 'Comments' link, then the article."""
    bio = (
        "Ingrid is a reporter for the paper, joining in February, based out of London. She "
        "comes from a trade site, where she was a staff writer, and she covers mobile media."
    )
    body = "\n".join(
        f"{POST} Paragraph {n} of the story about the funding round." for n in range(6)
    )
    return (
        f"Home\nStartups\nMobile\nLiveU Picks Up Another $27M For Its Video Tech\nIngrid Lunden\n"
        f"View Staff Page Follow me on twitter\n{bio}\nposted 2 hours ago\nComments\n"
        f"{thread}{body}\n"
    )


def test_a_comments_link_in_a_byline_does_not_end_the_article_below_it() -> None:
    """dragnet R771-R775: the head's discount left the author's bio as the article.

    Below the masthead's 'Comments' link comes more prose than above it, and not one
    comment's mark: the article goes on.
    """
    text = cleaner.clean(_masthead_page(), options=TEXT)
    assert "Paragraph 0 of the story" in text and "Paragraph 5 of the story" in text
    assert "staff writer" not in text


def test_a_comments_head_over_signed_comments_still_ends_the_article() -> None:
    """The same page with a comment's signature right under the head: comments follow."""
    text = cleaner.clean(_masthead_page("Jane Doe said:\n"), options=TEXT)
    assert "Paragraph 0 of the story" not in text


def _tagged_post(thread: str) -> str:
    """A short post, its tags line, a bare 'Comments' head and an unsigned thread."""
    post = (
        "For two years I kept every note in an app on my phone. It synced everywhere, it was "
        "searchable, and it never ran out of pages. Last month I went back to a paper notebook.\n"
        "The reason, I think, is friction. Writing by hand is slow enough that I have to decide "
        "what matters before I put it down, and that small decision is where remembering happens.\n"
    )
    return f"Home\nAbout\nArchive\nWhy I Switched Back to Paper\n{post}Tags: notebooks, paper\nComments\n{thread}"


def _unsigned(names: list[str], paragraphs: int = 1) -> str:
    """Reader comments as a scrape of Disqus: a name line ('• Mike'), no date, no 'Reply'."""
    body = (
        "I had exactly the same experience when I was in graduate school, and my notes on "
        "paper stuck with me for much longer than the ones I typed on a laptop in lectures."
    )
    return "".join(f"{name}\n" + f"{body}\n" * paragraphs for name in names)


def test_unsigned_comments_under_their_names_do_not_become_the_article() -> None:
    """A head below the post's tags over more prose than the post: comments under names.

    The masthead rule (_article_goes_on) took the thread for the article and dropped the
    post; a short line between one paragraph and the next marks the thread (_under_names).
    """
    for names in (
        ["• Mike Stevens", "• Sarah K", "• tom_r", "• Dana"],
        ["1. Mike", "2. Sarah K", "3. tom_r"],
    ):
        for paragraphs in (1, 2):
            text = cleaner.clean(_tagged_post(_unsigned(names, paragraphs)), options=TEXT)
            assert "paper notebook" in text
            assert "graduate school" not in text
