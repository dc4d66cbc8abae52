"""The dragnet shingle metric and lost.py's cause finder, on hand-made texts."""

from __future__ import annotations

import pytest

from benchmarks.categories import Gold
from benchmarks.dragnet import PageScore, ShingleTally, score_page, shingles
from benchmarks.lost import cause, fold, found_share, kind_of
from benchmarks.overrules import overrules, table
from cleaner.page import Block, Decision, Result, Verdict
from cleaner.reasons import Cause
from tests.decisions import decided, prose


def test_shingles_are_four_tokens_and_keep_case() -> None:
    assert shingles("One two three four five") == {
        ("One", "two", "three", "four"): 1,
        ("two", "three", "four", "five"): 1,
    }
    assert shingles("Short text") == {("Short", "text"): 1}  # under 4 tokens: one shingle


def test_page_score_is_multiset_overlap() -> None:
    gold = shingles("a b c d e f")  # 3 shingles
    score = score_page(gold, "a b c d e x y z")  # 5 shingles, 2 shared
    assert score.precision == pytest.approx(2 / 5)
    assert score.recall == pytest.approx(2 / 3)
    # the same shingle twice in the output counts once against a gold that has it once
    assert score_page(shingles("a b c d"), "a b c d. a b c d").precision == pytest.approx(1 / 5)


def test_empty_output_counts_for_recall_only() -> None:
    tally = ShingleTally()
    tally.pages["1"] = score_page(shingles("a b c d e"), "")
    tally.pages["2"] = PageScore(0.5, 1.0, 10)
    assert tally.pages["1"].precision is None
    precision, recall, f1 = tally.scores()
    assert (precision, recall) == (0.5, 0.5)  # precision over page 2 alone, recall over both
    assert f1 == pytest.approx(0.5)


def test_found_share_counts_with_segments() -> None:
    recall = found_share(["first  part", "second part", "third"])
    assert recall("the first part and\nthe second part") == pytest.approx(2 / 3)
    assert recall("") == 0.0


def test_cause_names_the_reason_that_dropped_most_gold() -> None:
    def block(i: int, text: str, decision: Decision) -> Block:
        return Block(index=i, text=text, decision=decision)

    blocks = (
        block(0, "Headline of the story", prose()),
        block(
            1,
            "Long body paragraph with many words of prose",
            decided(False, "html_prune", Cause.CLASS_WORD, word="sidebar"),
        ),
        block(2, "Share this", decided(False, "html_prune", Cause.CLASS_WORD, word="share")),
    )
    result = Result(text="Headline of the story", blocks=blocks, kind="html")
    key, reason, share = cause(
        result, "Headline of the story\nLong body paragraph with many words of prose"
    )
    assert reason == "html_prune: class/id word 'sidebar'"
    assert key == "html_prune: class/id word 'sidebar'"
    assert kind_of(key) == "html_prune: class/id word X"
    assert share == pytest.approx(8 / 12)


def test_cause_when_no_block_holds_the_gold() -> None:
    result = Result(text="", blocks=(), kind="text")
    key, _reason, share = cause(result, "An article that never became a block")
    assert key == "no dropped block holds the gold text (read as text)"
    assert share == 0.0


def test_cause_of_words_kept_but_split_by_soft_hyphens() -> None:
    kept = "Wei\u00adne Ita\u00adli\u00adens, neben Baro\u00adlo und Bar\u00adba\u00adres\u00adco"
    block = Block(index=0, text=kept, decision=prose())
    result = Result(text=kept, blocks=(block,), kind="html")
    key, _reason, share = cause(result, "Weine Italiens, neben Barolo und Barbaresco")
    assert key.startswith("output: invisible characters")
    assert share == pytest.approx(4 / 6)  # neben and und are found as they are


def test_fold_keeps_the_reason_head_without_the_page_figures() -> None:
    assert fold("the model drops it (article odds 0.07, 0.30 needed; position 0.96)") == (
        "the model drops it"
    )
    assert fold("the fast text model drops these 2 lines (odds at most 0.48)") == (
        "the fast text model drops these N lines"
    )


def test_dragnet_blocks_are_labelled_by_their_share_of_the_gold_article() -> None:
    from benchmarks.train_model import gold_labels

    gold = "The Headline\nThe council said on Monday that the budget vote would wait a week.\n"
    texts = [
        "The Headline",  # a whole line of the article, under four words
        "The council said on Monday that the budget vote would wait a week.",
        "Most read stories this week from our newsroom and partners",  # not in it
        "Share",  # short, and its words are nowhere in the article
        "The council said on Monday that the budget and the zoo are closed today",  # half
    ]
    assert gold_labels(texts, gold) == [1, 1, 0, 0, None]


def test_a_dragnet_page_is_grouped_by_its_site() -> None:
    from benchmarks.dragnet import dragnet_site, registrable

    assert registrable("news.bbc.co.uk") == "bbc.co.uk"
    assert registrable("www.nytimes.com") == "nytimes.com"
    canonical = b'<link rel="canonical" href="http://blogs.nfl.com/2012/story"><a href="https://twitter.com/x">'
    assert dragnet_site(canonical, "7") == "nfl.com"
    linked = b'<a href="https://twitter.com/a"></a><a href="http://www.kotaku.com/a"></a><a href="http://kotaku.com/b"></a>'
    assert dragnet_site(linked, "8") == "kotaku.com"
    assert dragnet_site(b"<p>no links</p>", "9") == "dragnet:9"


def test_gold_without_meta_lines_drops_bylines_dates_and_credits_only() -> None:
    from benchmarks.train_model import without_meta_lines

    gold = "\n".join(
        [
            "Headline here",
            "By John Smith",
            "March 3, 2012 10:32 am",
            "The council said on Monday, March 3, 2012, that the vote on the budget would wait a week or two.",
            "Photo: Getty",
        ]
    )
    assert without_meta_lines(gold).splitlines() == [
        "Headline here",
        "The council said on Monday, March 3, 2012, that the vote on the budget would wait a week or two.",
    ]


def test_overrules_tally_the_model_s_turns_by_the_decision_it_overruled() -> None:
    """benchmarks/overrules.py: a turn is a learned decision revising a heuristic one of the
    other verdict; a note that the model left a block alone is none. Words go to article or
    furniture by the gold."""
    post = decided(True, "span", Cause.SHORT_POST)
    gold = Gold("The council voted on Monday to delay the budget plan until the spring.")
    turned = Decision(Verdict.DROP, "learned", Cause.MODEL, prior=post)
    noted = Decision(Verdict.KEEP, "learned", Cause.IN_SHORT_POST, prior=post)
    blocks = [
        Block(
            index=0, text="The council voted on Monday to delay the budget plan", decision=turned
        ),
        Block(index=1, text="Share this story with your friends on every network", decision=turned),
        Block(index=2, text="The council voted on Monday to delay the budget plan", decision=noted),
        Block(index=3, text="A paragraph the heuristics kept and nobody turned.", decision=prose()),
    ]
    found = list(overrules(blocks, gold))
    assert [(t.keeps, t.overruled, t.article) for t in found] == [
        (False, "span: short post", True),
        (False, "span: short post", False),
    ]
    assert "| drops | span: short post | 2 | 10 | 9 |" in table(found)
