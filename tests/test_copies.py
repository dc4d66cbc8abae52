"""A paragraph the page prints twice is kept once (heuristics/copies.py).

dragnet 429 (wsj): the scrape holds the article's paragraphs three times, and every copy
was kept. A table of contents that repeats the headings below it keeps both (dragnet 99).
"""

from __future__ import annotations

import cleaner
from cleaner import Options
from cleaner.reasons import Cause

TEXT = Options(input_kind="text", use_model=False)
STORY = [
    f"Paragraph {n}: the ratings firm dimmed its outlook on the country late on Monday, and "
    "markets fell around the world on fears about the currency bloc."
    for n in range(3)
]


def _page(copy: list[str]) -> str:
    story = "\n".join(STORY)
    return f"Europe Dims German Outlook\n{story}\nBY TWO REPORTERS\n" + "\n".join(copy) + "\n"


def test_a_second_copy_of_the_article_is_dropped() -> None:
    result = cleaner.clean_page(_page(STORY), options=TEXT)
    for paragraph in STORY:
        assert result.text.count(paragraph) == 1
    copies = [b for b in result.blocks if b.decision and b.decision.cause is Cause.COPY]
    assert len(copies) == 3
    assert copies[0].decision is not None
    assert "a copy of block 1" in copies[0].decision.reason


def test_numbered_lines_and_short_lines_may_repeat() -> None:
    toc = [f"{n}) Will You Contribute to My Project or Be an Advisor to My Startup?" for n in (1, 2)]
    answers = "\n".join(f"{line}\nAnswer {line[:1]}: {STORY[0]}" for line in toc)
    page = _page([]) + "\n".join(toc) + "\n" + answers
    result = cleaner.clean_page(page, options=TEXT)
    assert not any(b.decision and b.decision.cause is Cause.COPY for b in result.blocks)


def test_the_model_does_not_bring_a_copy_back() -> None:
    result = cleaner.clean_page(_page(STORY), options=Options(input_kind="text"))
    for paragraph in STORY:
        assert result.text.count(paragraph) == 1


def test_one_paragraph_said_twice_stays() -> None:
    """golden fifplay: two settings share one description; the hand-cut page keeps both."""
    described = "Modifies how quickly or slowly the power bar fills up when you request a pass."
    page = _page([]) + f"Power Bar - Player\n{described}\nPower Bar - CPU\n{described}\n"
    result = cleaner.clean_page(page, options=TEXT)
    assert result.text.count(described) == 2


def test_a_chorus_sung_again_after_a_verse_stays() -> None:
    """A second reader's lyrics page: the two-stanza chorus after each verse was dropped."""
    chorus = [STORY[0], STORY[1]]
    verse = [f"Verse {n}: the long road home runs past the harbour and the mill." * 2 for n in (1, 2)]
    page = "\n".join([verse[0], *chorus, verse[1], *chorus]) + "\n"
    result = cleaner.clean_page(page, options=TEXT)
    assert result.text.count(chorus[0]) == 2


def test_paragraphs_inside_list_items_may_repeat() -> None:
    """Sphinx puts <p> in <li>: a bytes section repeating the str section's items stays."""
    items = "".join(f"<li><p>{p}</p></li>" for p in STORY[:2])
    html = (
        f"<html><body><article><h1>Formatting</h1><p>{STORY[2]}</p><ul>{items}</ul>"
        f"<ul>{items}</ul></article></body></html>"
    )
    result = cleaner.clean_page(html, options=Options(input_kind="html", use_model=False))
    assert result.text.count(STORY[0]) == 2
