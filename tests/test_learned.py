"""The learned stage: the shipped trees, their arithmetic, and what they may not touch."""

from __future__ import annotations

import functools
import json
import math
import re
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pytest
from hypothesis import given
from hypothesis import strategies as st

from cleaner import Options
from cleaner.learned.boosted import FORMAT, ModelError, stack_forest
from cleaner.learned.features import FEATURE_NAMES, FEATURES, _text_shape, page_features
from cleaner.learned.stage import MODELS, left_alone, revisitable, shipped_model
from cleaner.learned.trees import load_model, reading
from cleaner.page import Block, Decision, Kind, Quality, Verdict
from cleaner.pipeline import clean_page
from cleaner.read.lexicon import heads_comments, load_lexicon
from cleaner.reasons import Cause
from cleaner.siterules.checks import case_input
from tests.decisions import (
    by_context,
    decided,
    decision_of,
    graded,
    prose,
    rule,
    short_by_context,
    signal,
)
from tests.golden import discover

GOLDEN = Path(__file__).resolve().parent.parent / "golden"

# Two trees on two features. Tree 0 splits feature 0 at 0.5, then (right) feature 1 at 2.0;
# tree 1 is a single split on feature 1 at 1.0. Leaf values are log-odds.
TINY = {
    "format": FORMAT,
    "features": ["a", "b"],
    "threshold": 0.5,
    "base": 0.1,
    "trees": [
        {
            "feature": [0, 0, 1, 0, 0],
            "split": [0.5, 0.0, 2.0, 0.0, 0.0],
            "left": [1, -1, 3, -1, -1],
            "right": [2, -1, 4, -1, -1],
            "value": [0.0, -1.0, 0.5, 0.2, 0.8],
        },
        {
            "feature": [1, 0, 0],
            "split": [1.0, 0.0, 0.0],
            "left": [1, -1, -1],
            "right": [2, -1, -1],
            "value": [0.1, -0.3, 0.4],
        },
    ],
}


def by_hand(a: float, b: float) -> float:
    first = -1.0 if a <= 0.5 else (0.2 if b <= 2.0 else 0.8)
    second = -0.3 if b <= 1.0 else 0.4
    return 1 / (1 + math.exp(-(0.1 + first + second)))


@pytest.mark.parametrize("row", [(0.0, 0.0), (0.5, 1.0), (0.6, 1.5), (0.9, 2.0), (1.0, 3.0)])
def test_the_forest_walks_trees_of_uneven_depth_like_by_hand(row: tuple[float, float]) -> None:
    forest = stack_forest(TINY)
    assert forest.probabilities([row]) == pytest.approx([by_hand(*row)])


def test_contributions_add_up_to_the_score_less_the_trees_means() -> None:
    forest = stack_forest(TINY)
    rows = [(0.9, 3.0), (0.2, 0.5)]
    moved = forest.contributions(rows)
    for row, moves in zip(rows, moved, strict=True):
        p = by_hand(*row)
        score = math.log(p / (1 - p))
        assert sum(moves) == pytest.approx(score - 0.1 - 0.0 - 0.1)
    assert moved[1][1] == pytest.approx(-0.3 - 0.1), "tree 0 never asked b for a <= 0.5"


def test_a_missing_or_foreign_model_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="cannot read"):
        load_model("tiny", ("a", "b"), tmp_path / "none.json")
    (tmp_path / "old.json").write_text(json.dumps({**TINY, "format": 0}))
    with pytest.raises(ModelError, match="format 0"):
        load_model("tiny", ("a", "b"), tmp_path / "old.json")


@pytest.mark.parametrize("name", sorted(MODELS))
def test_shipped_models_match_the_features_and_say_how_they_were_measured(name: str) -> None:
    forest = shipped_model(name)
    assert forest.features == MODELS[name]
    figures = forest.meta["cross_validation"]
    assert figures["grouped_by"] == "site" and figures["folds"] >= 5
    for corpus in figures["figures"].values():
        assert corpus["with model, unseen sites"]["F1"] > corpus["heuristics"]["F1"]


def test_one_feature_row_per_block_with_every_named_feature() -> None:
    blocks = [
        Block(0, "Home", decision=signal(Cause.BOILERPLATE_PHRASE, phrase="home")),
        Block(1, "The council voted on Tuesday, and the plan passed.", decision=prose(50)),
    ]
    rows = page_features(blocks, frozenset({"the", "and", "on"}), frozenset())
    assert len(rows) == 2 and all(len(row) == len(FEATURES) == len(FEATURE_NAMES) for row in rows)
    assert page_features(blocks, None, frozenset(), only=[1]) == [
        page_features(blocks, None, frozenset())[1]
    ]


def _two_blocks() -> list[Block]:
    return [
        Block(0, "Home | News", decision=signal(Cause.BOILERPLATE_PHRASE, phrase="home")),
        Block(1, "The council voted on Tuesday, and the plan passed.", decision=prose(50)),
    ]


def _by_name(names: Sequence[str]) -> list[dict[str, float]]:
    return [
        dict(zip(names, row, strict=True))
        for row in page_features(_two_blocks(), None, frozenset())
    ]


def test_a_swapped_column_in_the_feature_table_cannot_misplace_a_value(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Rows are built by name: swap two names in the table and their values move with them.

    Built by position (features._row before issue 21), 'words' would have read the count of
    pipes and every count check would still have passed.
    """
    import cleaner.learned.features as features

    before = _by_name(FEATURE_NAMES)
    swapped = list(FEATURE_NAMES)
    a, b = swapped.index("words"), swapped.index("pipes")
    swapped[a], swapped[b] = swapped[b], swapped[a]
    monkeypatch.setattr(features, "FEATURE_NAMES", tuple(swapped))
    after = _by_name(swapped)
    assert after == before
    assert [values["words"] for values in after] == [2, 9]
    assert [values["pipes"] for values in after] == [1, 0]


def test_a_feature_the_table_does_not_name_is_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    """A feature renamed on one side only is refused, the error naming both names."""
    import cleaner.learned.features as features

    renamed = tuple("word_count" if name == "words" else name for name in FEATURE_NAMES)
    monkeypatch.setattr(features, "FEATURE_NAMES", renamed)
    with pytest.raises(ValueError, match="word_count missing, words unknown"):
        page_features(_two_blocks(), None, frozenset())


@given(st.text(max_size=80) | st.text(alphabet="aZ9 ,.Éé\t", max_size=40))
def test_text_shape_counts_as_python_does_on_both_paths(text: str) -> None:
    """The ASCII fast path and the general path count the same things."""
    expected = (
        sum(c.isalpha() for c in text),
        sum(c.isupper() for c in text),
        sum(1 for word in text.split() if word[0].isupper()),
        sum(c.isdecimal() for c in text),
    )
    assert _text_shape(text) == expected


def test_never_revisited_rules_pruning_and_the_headline() -> None:
    ruled = Block(0, "x", decision=rule(False, "a"))
    pruned = Block(1, "x", decision=decided(False, "html_prune", Cause.CLASS_WORD, word="nav"))
    headline = Block(2, "x", decision=decided(True, "span", Cause.HEADLINE_TITLE))
    above = Block(3, "x", decision=decided(True, "span", Cause.HEADLINE_ABOVE))
    weak = Block(4, "x", decision=short_by_context(True, 1))
    blocks = (ruled, pruned, headline, above, weak)
    assert [revisitable(b) for b in blocks] == [False, False, False, False, True]


@pytest.mark.parametrize(
    "case",
    [
        "bbc.com--new-york-mass-burials",
        "blog.mondediplo.net--turpitude-et-architecture-text-inscriptis",
        "thebalance.com--coinbase-vs-coinbase-pro-text-inscriptis",
    ],
)
def test_the_model_only_overrules_open_blocks_and_says_what_cleaner_alone_said(case: str) -> None:
    folder = GOLDEN / case
    page = case_input(folder)
    assert page is not None, folder.name
    alone = clean_page(page.read_bytes(), Options(use_rules=False, use_model=False))
    learned = clean_page(page.read_bytes(), Options(use_rules=False))
    overruled = 0
    for before, after in zip(alone.blocks, learned.blocks, strict=True):
        if before.decision == after.decision:
            continue
        if decision_of(after).stage == decision_of(before).stage and after.kept == before.kept:
            assert decision_of(after).reason.startswith(f"{decision_of(before).reason}; ")
            assert decision_of(after).reason.endswith("the model leaves it alone")
            continue
        overruled += 1
        assert revisitable(before)
        assert decision_of(after).stage == "learned" and after.kept != before.kept
        assert decision_of(after).reason.startswith(
            f"the model {'keeps' if after.kept else 'drops'} it (article odds 0."
        )
        assert decision_of(after).reason.endswith(f"cleaner alone: {decision_of(before).reason})")
    assert overruled > 0


def test_pages_a_site_rule_matched_skip_the_model() -> None:
    page = (GOLDEN / "whistlebuzz.com--japan-korea-drums-seed000" / "input.txt").read_bytes()
    result = clean_page(page, Options())
    assert result.rule and all(decision_of(b).stage != "learned" for b in result.blocks)


def test_non_finite_or_misshapen_rows_are_refused() -> None:
    forest = stack_forest(TINY)
    with pytest.raises(ModelError, match="finite"):
        forest.probabilities([(float("nan"), 1.0)])
    with pytest.raises(ModelError):
        forest.probabilities([(1.0, 2.0, 3.0)])


def test_the_model_never_empties_a_page_the_heuristics_kept_text_on(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import cleaner.learned.stage as learned

    class Dropper:
        threshold = 0.5

        def probabilities(self, rows: Sequence[Sequence[float]]) -> list[float]:
            return [0.0] * len(rows)

    monkeypatch.setattr(learned, "shipped_model", lambda name: Dropper())  # noqa: ARG005 (shipped_model's signature)
    blocks = [
        Block(0, "Menu", decision=short_by_context(False, 4)),
        Block(
            1,
            "The council voted on Tuesday.",
            decision=by_context(True, graded(Cause.MEDIUM, length=29, stopwords=0.4)),
        ),
    ]
    assert learned.relearn(blocks, "text", load_lexicon(), "en") == blocks


PARAGRAPH = (
    "The council voted on Tuesday to close the old bridge over the river for repairs, after "
    "engineers found cracks in two of its piers during the spring inspection. Work starts in "
    "May and should take a year, the city said; buses will run over the new bridge upstream. "
    "Shops on both banks asked for a footbridge to stay open during the works, and the council "
    "promised to answer them before the summer holidays begin."
)


def _scrape(article: str, *rest: str, kept_too: tuple[str, ...] = ()) -> list[Block]:
    """An article paragraph (kept, graded GOOD), then lines kept or dropped by context."""
    good = prose(len(article))
    kept = short_by_context(True, 10)
    dropped = short_by_context(False, 10)
    blocks = [Block(0, article, quality=Quality.GOOD, decision=good)]
    for text in (*kept_too, *rest):
        decision = kept if text in kept_too else dropped
        bullet = text.startswith("- ")
        blocks.append(Block(len(blocks), text, bullet=bullet, decision=decision))
    return blocks


COMMENTS = (
    "The mayor thanked the engineers who found the cracks.",
    "27 commentaires",
    "I drive over that bridge every day and it was about time.",
    "Thanks for the article, very clear and well written.",
)


class _Keeper:
    """A model that keeps everything, to see what it may not touch."""

    threshold = 0.5

    def __init__(self, kind: str) -> None:
        self.features = MODELS[kind]

    def probabilities(self, rows: Sequence[Sequence[float]]) -> list[float]:
        return [1.0] * len(rows)

    def contributions(self, rows: Sequence[Sequence[float]]) -> npt.NDArray[np.float64]:
        return np.zeros((len(rows), len(self.features)))


@pytest.mark.parametrize(
    ("text", "heads"),
    [
        ("27 commentaires", True),
        ("Kommentare (12)", True),
        ("3 thoughts on “Why the bridge closed”", True),
        ("Leave a Reply", True),
        ("Comentarios", True),
        ("Comments are welcome, as always.", False),
        ("The comments of the mayor surprised the council", False),
    ],
)
def test_comment_section_heads(text: str, heads: bool) -> None:
    assert heads_comments(text, load_lexicon()) is heads


@pytest.mark.parametrize(
    ("kind", "article", "restored"),
    [
        ("text", PARAGRAPH, [1]),
        ("html", PARAGRAPH, [1, 2, 3, 4]),  # HTML: comment sections are pruned by class
        ("text", "Tuesday, 4 May", [1, 2, 3, 4]),  # no article above: no comments below it
    ],
)
def test_in_a_scrape_the_model_leaves_alone_what_follows_a_comment_head_below_the_article(
    monkeypatch: pytest.MonkeyPatch, kind: Kind, article: str, restored: list[int]
) -> None:
    """GOLDEN.md drops reader comments; the dev labels seldom say so, so the model is kept off."""
    import cleaner.learned.stage as learned

    monkeypatch.setattr(learned, "shipped_model", lambda name: _Keeper(kind))  # noqa: ARG005 (shipped_model's signature)
    blocks = _scrape(article, *COMMENTS)
    if article != PARAGRAPH:
        blocks[0] = Block(0, article, decision=blocks[0].decision)
    revised = learned.relearn(blocks, kind, load_lexicon(), "en")
    assert [b.index for b in revised if b.kept] == [0, *restored]
    held_off = [b for b in revised if "the model leaves it alone" in decision_of(b).reason]
    assert [b.index for b in held_off] == ([2, 3, 4] if restored == [1] else [])


def test_in_a_scrape_the_model_never_drops_a_kept_list_or_its_lead_in(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A kept line ending in a colon and the kept bulleted items below it are one list."""
    import cleaner.learned.stage as learned

    class Dropper(_Keeper):
        def probabilities(self, rows: Sequence[Sequence[float]]) -> list[float]:
            return [0.0] * len(rows)

    monkeypatch.setattr(learned, "shipped_model", lambda name: Dropper("text"))  # noqa: ARG005 (shipped_model's signature)
    listed = ("Engineers listed three repairs:", "- new bearings", "- two piers")
    blocks = _scrape(PARAGRAPH, kept_too=(*listed, "More text follows:", "Not a list item"))
    revised = learned.relearn(blocks, "text", load_lexicon(), "en")
    assert [b.text for b in revised if b.kept] == list(listed)
    assert all("a list with its lead-in" in decision_of(b).reason for b in revised if b.kept)
    assert learned.kept_lists(blocks) == {1, 2, 3}


def test_a_reason_shows_the_odds_needed_and_the_pushes_with_their_values() -> None:
    page = (GOLDEN / "bbc.com--new-york-mass-burials" / "input.html").read_bytes()
    reasons = [
        decision_of(b).reason
        for b in clean_page(page, Options(use_rules=False)).blocks
        if decision_of(b).stage == "learned"
    ]
    assert reasons
    for reason in reasons:
        assert re.search(
            r"article odds 0\.\d\d, 0\.\d\d needed; toward (keeping|dropping): .+ \([+-]\d\.\d\d\)",
            reason,
        ), reason


@functools.cache
def current_fingerprint(cases: tuple[str, ...]) -> str:
    from benchmarks.train_model import heuristics_fingerprint

    return heuristics_fingerprint(list(cases))


@pytest.mark.parametrize("name", sorted(MODELS))
def test_shipped_models_were_trained_on_the_heuristics_as_they_are(name: str) -> None:
    """A heuristic changed since training leaves the model weighing evidence it never saw.

    The fingerprint is retaken over the golden cases the model recorded, so a case added
    since does not count as a change.
    """
    meta = shipped_model(name).meta
    cases = tuple(meta["heuristics_fingerprint_cases"])
    assert len(cases) >= 30, cases  # taken over the golden set, not a handful of pages
    assert meta["heuristics_fingerprint"] == current_fingerprint(cases), (
        "the heuristics' verdicts on the golden pages changed since this model was trained: "
        'retrain with pip install -e ".[train]" && python benchmarks/train_model.py'
    )


@pytest.mark.parametrize("suffix", [".html", ".txt"])
def test_without_reasons_the_learned_stage_decides_the_same(suffix: str) -> None:
    """clean() wants the text alone: the model's verdicts stand, only their pushes go."""
    options = Options(use_rules=False)
    pages = [
        case.input_path.read_bytes()
        for case in discover()
        if case.input_path is not None and case.input_path.suffix == suffix
    ][:10]
    for page in pages:
        explained = clean_page(page, options)
        quick = clean_page(page, options, blocks=False)
        assert quick.text == explained.text
        learned = [b for b in quick.blocks if b.decision and b.decision.stage == "learned"]
        assert all("needed; cleaner alone:" in decision_of(b).reason for b in learned)
    assert any(
        "toward" in b.decision.reason
        for page in pages
        for b in clean_page(page, options).blocks
        if b.decision and b.decision.stage == "learned"
    )


@pytest.mark.parametrize("row", [(0.0, 0.0), (0.6, 1.5), (1.0, 3.0)])
def test_a_model_reads_its_features_by_name_among_newer_ones(row: tuple[float, float]) -> None:
    """A feature added since the model was trained is computed but asked about by no split."""
    forest = reading(stack_forest(TINY), ("new", "b", "other", "a"), "tiny")
    a, b = row
    wider = [(7.0, b, -3.0, a)]
    assert forest.probabilities(wider) == pytest.approx([by_hand(a, b)])
    moved = forest.contributions(wider)[0]
    assert moved[0] == 0 and moved[2] == 0, "no split asks about the new features"


def test_a_model_naming_a_feature_no_longer_computed_is_refused() -> None:
    with pytest.raises(ModelError, match="no longer computes \\(a\\)"):
        reading(stack_forest(TINY), ("b", "c"), "tiny")


def test_one_loader_reads_either_format_from_the_file_and_checks_names(tmp_path: Path) -> None:
    """The file says its format; the features the caller computes must agree by name."""
    path = tmp_path / "tiny.json"
    path.write_text(json.dumps(TINY))
    model = load_model("tiny", ("b", "a"), path)  # the caller's columns in another order
    assert model.probabilities([(3.0, 1.0)]) == pytest.approx([by_hand(1.0, 3.0)])
    with pytest.raises(ModelError, match=r"^the tiny model was trained on .*\(a\); retrain"):
        load_model("tiny", ("b", "c"), path)
    path.write_text(json.dumps({**TINY, "features": ["a", "a"]}))
    with pytest.raises(ModelError, match=r"names features twice \(a\)"):
        load_model("tiny", ("a", "b"), path)
    path.write_text(json.dumps({**TINY, "structure": "words"}))
    with pytest.raises(ModelError, match="format 1 words, cleaner reads 1 or 1 oblivious"):
        load_model("tiny", ("a", "b"), path)


def test_a_model_file_of_another_kind_is_refused(tmp_path: Path) -> None:
    """html.json read where html-accurate is wanted would load: its features are a subset."""
    path = tmp_path / "tiny.json"
    path.write_text(json.dumps({**TINY, "kind": "other"}))
    with pytest.raises(ModelError, match=r"is the other model, not the tiny model$"):
        load_model("tiny", ("a", "b"), path)
    path.write_text(json.dumps({**TINY, "kind": "tiny"}))
    assert load_model("tiny", ("a", "b"), path).features == ("a", "b")


@pytest.mark.parametrize("wrong", [-1, 2])
def test_a_forest_split_naming_no_feature_is_refused(tmp_path: Path, wrong: int) -> None:
    """-1 would read the last column silently, 2 fail on every page: both refused at load."""
    tree = {**TINY["trees"][0], "feature": [0, 0, wrong, 0, 0]}  # type: ignore[index]
    path = tmp_path / "tiny.json"
    path.write_text(json.dumps({**TINY, "trees": [tree]}))
    with pytest.raises(ModelError, match="a split names a feature the model does not have"):
        load_model("tiny", ("a", "b"), path)


def test_rows_walked_in_parts_score_and_explain_as_walked_at_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The walk in cache-sized parts (WALK_ENTRIES) changes no probability or contribution."""
    import numpy as np

    from cleaner.learned import boosted
    from cleaner.learned.stage import shipped_model

    forest = shipped_model("html")
    assert isinstance(forest, boosted.BoostedEnsemble)
    rows = np.random.default_rng(4).random((70, len(forest.features)))
    whole_chances, whole_moves = forest.probabilities(rows), forest.contributions(rows)
    monkeypatch.setattr(boosted, "WALK_ENTRIES", forest.trees * 3)  # parts of 3 rows
    assert len(forest._parts(rows)) == 24
    # the same sums, perhaps added in another order: equal to the last bits of a double
    assert np.allclose(forest.probabilities(rows), whole_chances, rtol=0, atol=1e-12)
    assert np.allclose(forest.contributions(rows), whole_moves, rtol=0, atol=1e-12)


def test_blocks_are_placed_against_the_headline_that_repeats_the_page_title() -> None:
    """A short post's lines sit right below its headline; a sidebar blurb far from it."""
    blocks = [
        Block(0, "I live. I learn. I teach. Here I share my creativity.", decision=prose(50)),
        Block(1, "Creative Food Sculptures", decision=signal(Cause.BOILERPLATE_PHRASE, phrase="x")),
        Block(2, "Repurposing food as art is creative.", decision=prose(36)),
    ]
    names = FEATURE_NAMES
    rows = [
        dict(zip(names, row, strict=True))
        for row in page_features(
            blocks, None, frozenset(), title="Creative Food Sculptures – Fubiz"
        )
    ]
    assert [row["from_title"] for row in rows] == [-1, 0, 1]
    assert all(row["title_found"] == 1 for row in rows)
    untitled = [
        dict(zip(names, row, strict=True)) for row in page_features(blocks, None, frozenset())
    ]
    assert all(row["title_found"] == 0 for row in untitled)


def test_the_model_leaves_a_comment_thread_to_the_heuristics() -> None:
    """dragnet 158: long comments between a thread's signatures read like article prose, and
    the text model brought them back, and the HTML model where no class word pruned them (R532).

    Below a post of short lines too (158's is a dialogue of quotes). A second reader's
    short post, whose date and 'Permalink' chained into its comments: the thread holds the
    post itself, nothing but the headline is kept above it, and the model stays free."""
    thread = Decision(Verdict.DROP, "signals", Cause.COMMENT_THREAD)
    keep = Decision(Verdict.KEEP, "smoothing", Cause.PROSE)
    article = "The article itself, a paragraph of prose about the council and its vote. " * 8
    blocks = [
        Block(index=0, text=article, decision=keep, quality=Quality.GOOD),
        Block(index=1, text="Ann said:", decision=thread),
        Block(index=2, text="A long comment that reads like prose about it.", decision=thread),
    ]
    alone = left_alone(blocks, "text", load_lexicon())
    assert alone == {1: Cause.IN_THREAD, 2: Cause.IN_THREAD}
    assert left_alone(blocks, "html", load_lexicon()) == alone  # no class word pruned it
    quote = Decision(Verdict.KEEP, "smoothing", Cause.CONTEXT)
    dialogue = [Block(index=0, text="“Of course not!”", decision=quote), *blocks[1:]]
    assert left_alone(dialogue, "text", load_lexicon()) == alone
    post = [Block(index=0, text="Published 3 days ago", decision=thread), *blocks[1:]]
    assert left_alone(post, "text", load_lexicon()) == {}
    title = Decision(Verdict.KEEP, "span", Cause.HEADLINE_TITLE)
    titled = [Block(index=0, text="A short post", decision=title), *post]
    assert left_alone(titled, "text", load_lexicon()) == {}, "only the headline above it"


def test_the_html_model_leaves_a_short_post_to_the_heuristics() -> None:
    """dragnet T71: a post that is one block of linked titles (7,200 words) under its
    headline, kept by the short-post rule; the HTML model dropped it for its links.

    In a scrape the model stays free: there the 'short post' above a docs page's footer
    is its licence notice, which the model rightly drops."""
    post = Decision(Verdict.KEEP, "span", Cause.SHORT_POST)
    away = Decision(Verdict.DROP, "span", Cause.AWAY_FROM_POST)
    blocks = [
        Block(index=0, text="The Anti-Torture Memos", decision=post),
        Block(index=1, text="1. Using Our Fears (Los Angeles Times, 2001) " * 40, decision=post),
        Block(index=2, text="A bio in the sidebar, which the span had kept.", decision=away),
    ]
    alone = left_alone(blocks, "html", load_lexicon())
    assert alone == {0: Cause.IN_SHORT_POST, 1: Cause.IN_SHORT_POST}
    assert left_alone(blocks, "text", load_lexicon()) == {}


def test_the_html_model_still_reads_a_teaser_list_taken_for_a_short_post() -> None:
    """dev-html (a handball news page): the short-post rule kept a 'latest news' list far
    below the headline, each title twice (its image's link and its text link). A post does
    not repeat its lines: the model, which drops such lists, stays free there."""
    post = Decision(Verdict.KEEP, "span", Cause.SHORT_POST)
    titles = ["HSV Hamburg signs a Dutch international", "Awards: the winners announced"]
    blocks = [Block(index=i, text=titles[i // 2], decision=post) for i in range(2 * len(titles))]
    assert left_alone(blocks, "html", load_lexicon()) == {}
