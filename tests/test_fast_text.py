"""Fast mode on scraped text: one model over line facts, the same text with or without reasons."""

from __future__ import annotations

import json

import numpy as np
import pytest
from click.testing import CliRunner

from cleaner import Options, clean, clean_page
from cleaner.cli.commands import main
from cleaner.fast.text import STAGE, fast_text_model
from cleaner.learned.boosted import ModelError
from cleaner.learned.line_features import (
    FEATURE_NAMES,
    PHRASE_CHARS,
    SENTENCE_ENDS,
    line_features,
    page_lines,
)
from cleaner.learned.oblivious import Oblivious, stack_oblivious
from cleaner.read.lexicon import load_lexicon
from tests.golden import discover, pooled_f1

PROSE = [
    "The council voted on Tuesday to keep the library open through the winter, after a "
    "long debate about heating costs and the number of people who use it every week.",
    "Supporters said that the building is the only warm place in town where anyone can sit "
    "and read without paying, and that closing it would hurt the families who need it most.",
    "The mayor said the money would come from the road budget, which had been set aside for "
    "repairs that can wait until the spring, when the weather makes the work cheaper.",
]
SCRAPE = "\n".join(
    [
        "Home",
        "News",
        "Sport",
        "Weather",
        "Library stays open",
        "",
        *[p + "\n" for p in PROSE],
        "Related posts",
        "Ten things to do this weekend",
        "Our best soup recipes",
        "Share on Facebook",
        "Copyright 2026 Town News",
    ]
)
FAST = Options(input_kind="text", fast=True, use_rules=False)


def test_fast_text_keeps_the_prose_and_drops_the_furniture() -> None:
    text = clean(SCRAPE, options=FAST)
    for paragraph in PROSE:
        assert paragraph in text
    for furniture in ("Home", "Related posts", "Our best soup recipes", "Copyright 2026"):
        assert furniture not in text
    assert text == "\n\n".join(p for p in text.split("\n\n")) and text.endswith("\n")


def test_the_text_is_the_same_with_or_without_the_reasons() -> None:
    result = clean_page(SCRAPE, options=FAST)
    assert result.text == clean(SCRAPE, options=FAST)
    assert result.text == "\n\n".join(b.text for b in result.kept) + "\n"


def test_every_line_is_in_one_block_with_a_reason() -> None:
    result = clean_page(SCRAPE, options=FAST)
    lines, _ = page_lines(SCRAPE)
    assert "\n".join(b.text for b in result.blocks) == "\n".join(lines)
    for block in result.blocks:
        assert block.decision is not None and block.decision.stage == STAGE
        assert "article odds" in block.decision.reason
    dropped = [b for b in result.blocks if not b.kept]
    assert dropped[-1].text.startswith("Related posts\nTen things to do this weekend\n")
    assert dropped[-1].decision is not None
    assert "drops these 5 lines" in dropped[-1].decision.reason, "a dropped run is one block"
    assert [b.index for b in result.blocks] == sorted({b.index for b in result.blocks})


def test_json_output_and_explain_show_the_reasons() -> None:
    runner = CliRunner()
    done = runner.invoke(
        main,
        ["clean", "-", "--fast", "--no-rules", "--input-kind", "text", "--format", "json"],
        input=SCRAPE,
    )
    assert done.exit_code == 0, done.output
    blocks = json.loads(done.output)["blocks"]
    assert {b["stage"] for b in blocks} == {STAGE}
    done = runner.invoke(main, ["explain", "-", "--fast", "--no-rules"], input=SCRAPE)
    assert done.exit_code == 0, done.output
    assert "the fast text model drops these" in done.output


def test_an_empty_or_blank_scrape_gives_nothing() -> None:
    assert clean("", options=FAST) == ""
    assert clean("\n \n\t\n", options=FAST) == ""
    assert clean_page("   \n", options=FAST).blocks == ()


def test_one_line_pages_and_a_page_without_prose_are_read() -> None:
    assert clean(PROSE[0], options=FAST) in ("", PROSE[0] + "\n")
    rows = line_features(["Home"], np.array([True]), load_lexicon())
    assert rows.shape == (1, len(FEATURE_NAMES)) and np.isfinite(rows).all()


def test_features_see_the_neighbours_and_the_blank_lines() -> None:
    lines, blank_before = page_lines("a b c\n\nd e\nf\n")
    assert lines == ["a b c", "d e", "f"]
    assert blank_before.tolist() == [True, True, False]
    rows = line_features(lines, blank_before, load_lexicon())
    column = {name: rows[:, i].tolist() for i, name in enumerate(FEATURE_NAMES)}
    assert column["words"] == [3, 2, 1]
    assert column["previous_words"] == [0, 3, 2]
    assert column["next_words"] == [2, 1, 0]
    assert column["second_next_words"] == [1, 0, 0]
    assert column["window_words"] == [6, 6, 6]


def test_an_end_phrase_marks_every_line_below_it() -> None:
    lines = ["Intro line", "Related posts:", "A teaser headline", "Another one"]
    rows = line_features(lines, np.ones(4, dtype=bool), load_lexicon())
    after = rows[:, FEATURE_NAMES.index("after_end_phrase")].tolist()
    assert after == [0, 1, 1, 1]


def test_a_site_rule_page_takes_the_default_road() -> None:
    ruled = next(c for c in discover() if c.name.startswith("seed001"))
    assert ruled.input_path is not None
    result = clean_page(ruled.input_path.read_bytes(), options=Options(fast=True))
    assert result.rule is not None, "a site rule matched by fingerprint: the default pipeline ran"


def test_the_model_file_is_checked() -> None:
    model = fast_text_model()
    assert isinstance(model, Oblivious)
    assert model.features == FEATURE_NAMES
    rows = line_features(*page_lines(SCRAPE), load_lexicon())
    chances, moved = model.scored(rows)
    assert np.allclose(chances, model.probabilities(rows))
    raw = np.log(np.asarray(chances) / (1 - np.asarray(chances)))
    offset = model.base + model.scale * model.means[:, 0, 0].sum()
    assert np.allclose(moved.sum(axis=1) + offset, raw), "the pushes add up to the score"
    with pytest.raises(ModelError, match="finite"):
        model.probabilities(np.full((1, len(FEATURE_NAMES)), np.nan))


def test_a_malformed_model_is_refused() -> None:
    tree = {"feature": [0], "border": [0.5], "value": [0.1, 0.2], "weight": [1, 1]}
    data = {"features": ["a"], "threshold": 0.5, "base": 0.0, "scale": 1.0, "trees": [tree]}
    assert stack_oblivious(data).depth == 1
    with pytest.raises(ValueError, match="2\\*\\*depth"):
        stack_oblivious({**data, "trees": [{**tree, "value": [0.1]}]})
    with pytest.raises(ValueError, match="feature"):
        stack_oblivious({**data, "trees": [{**tree, "feature": [3]}]})


def test_fast_mode_reads_the_golden_text_cases_nearly_as_well() -> None:
    """Pooled token F1 over the golden text cases (generic): 0.887 when the model shipped."""
    assert pooled_f1(".txt", Options(fast=True, use_rules=False)) >= 0.85


def test_a_shallow_catboost_tree_padded_to_the_models_depth_scores_as_before() -> None:
    """With feature sampling some CatBoost trees stop a level early (train_model pads them)."""
    from benchmarks.train_model import _full_depth

    shallow = {
        "splits": [{"float_feature_index": 1, "border": 0.5}],
        "leaf_values": [-0.4, 0.7],
        "leaf_weights": [3.0, 5.0],
    }
    deep = {
        "feature": [0, 1],
        "border": [0.2, 0.8],
        "value": [0.1, 0.2, 0.3, 0.4],
        "weight": [1] * 4,
    }
    data = {"features": ["a", "b"], "threshold": 0.5, "base": 0.0, "scale": 1.0}
    both = stack_oblivious({**data, "trees": [_full_depth(shallow, 2, 1.0), deep]})
    alone = stack_oblivious({**data, "trees": [deep]})
    rows = np.array([[0.0, 0.0], [0.3, 0.6], [0.9, 0.9], [0.1, 1e300], [1e300, 0.0]])
    deep_raw = np.log(alone.probabilities(rows) / (1 - alone.probabilities(rows)))
    expected = 1 / (1 + np.exp(-(deep_raw + np.where(rows[:, 1] > 0.5, 0.7, -0.4))))
    assert np.allclose(both.probabilities(rows), expected)
    chances, _ = both.scored(rows)
    assert np.allclose(chances, expected)


AWKWARD = [
    "Ünïcode, with | pipes, and   spaces",
    "𝔘 an astral first letter, then a comma,",
    "a lone \udc80 surrogate, kept as the decoder left it.",
    "İstanbul, where lower-casing grows a letter",
    "ΟΔΟΣ, ΤΗΣ ΑΘΗΝΑΣ; a final sigma",
    "a block of\ntwo lines, from the default mode",
    "x",
    "«Quoted»",
    "a line that ends in an emoji 😀",
    "and one that ends in a lone surrogate \udc80",
]


def test_counts_over_the_whole_page_agree_with_each_line_alone() -> None:
    """The per-line counts are read off the joined page; they must be what str.count says."""
    rows = line_features(AWKWARD, np.ones(len(AWKWARD), dtype=bool), load_lexicon())
    column = {name: rows[:, i].tolist() for i, name in enumerate(FEATURE_NAMES)}
    assert column["length"] == [len(line) for line in AWKWARD]
    assert column["words"] == [line.count(" ") + 1 for line in AWKWARD]
    assert column["pipes"] == [line.count("|") for line in AWKWARD]
    wordy = [line.count(" ") + 1 >= 3 for line in AWKWARD]
    assert column["commas"] == [
        line.count(",") if w else 0 for line, w in zip(AWKWARD, wordy, strict=True)
    ]
    assert column["capital_start"] == [line[0].isupper() for line in AWKWARD]
    assert column["sentence_end"] == [line.endswith(SENTENCE_ENDS) for line in AWKWARD]
    assert column["repeated"] == [0] * len(AWKWARD)
    assert line_features(["a", "b", "a"], np.ones(3, dtype=bool), load_lexicon())[
        :, FEATURE_NAMES.index("repeated")
    ].tolist() == [1, 0, 1]


def test_an_end_phrase_counts_only_on_a_short_line() -> None:
    long_line = "Related posts " + "1" * PHRASE_CHARS  # the digits would be stripped
    lines = ["Intro line", long_line, "Text", "— Comments (3) —", "Related posts:", "Tail"]
    rows = line_features(lines, np.ones(len(lines), dtype=bool), load_lexicon())
    after = rows[:, FEATURE_NAMES.index("after_end_phrase")].tolist()
    assert after == [0, 0, 0, 1, 1, 1]


def test_leaves_are_where_a_walk_down_each_tree_ends() -> None:
    """All levels are answered in one comparison; a plain walk must land on the same leaf."""
    model = fast_text_model()
    assert isinstance(model, Oblivious)
    rows = line_features(*page_lines(SCRAPE), load_lexicon())
    leaves = model.leaves(rows)
    for t in range(model.trees):
        for r, row in enumerate(rows):
            walked = sum(
                1 << level
                for level in range(model.depth)
                if row[model.feature[t, level]] > model.border[t, level]
            )
            assert leaves[t, r] == walked


def test_empty_lines_are_refused_not_misread() -> None:
    with pytest.raises(ValueError, match="non-empty"):
        line_features(["", "A line."], np.ones(2, dtype=bool), load_lexicon())


def test_sixteen_levels_fill_a_sixteen_bit_leaf() -> None:
    """The deepest trees oblivious.py reads: every answer 'above' is leaf 65535."""
    depth = 16
    model = stack_oblivious(
        {
            "features": ["x"],
            "threshold": 0.5,
            "base": 0.0,
            "scale": 1.0,
            "trees": [
                {
                    "feature": [0] * depth,
                    "border": [float(level) for level in range(depth)],
                    "value": [0.0] * 2**depth,
                    "weight": [1.0] * 2**depth,
                }
            ],
        }
    )
    rows = np.array([[100.0], [-1.0], [0.5], [14.5]])
    assert model.leaves(rows)[0].tolist() == [65535, 0, 1, 2**15 - 1]
