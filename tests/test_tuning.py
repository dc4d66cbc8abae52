"""Every calibrated number lives in Tuning: an option reaches it, and it crosses to workers."""

from __future__ import annotations

import pickle
from dataclasses import replace

from cleaner import Options, Tuning, clean_page
from cleaner.heuristics.signals import grade, mark_strong
from cleaner.heuristics.smoothing import smooth
from cleaner.heuristics.structure import refine
from cleaner.learned.features import FEATURE_NAMES
from cleaner.learned.stage import needed_odds
from cleaner.options import BodyOnlyTuning, LearnedTuning
from cleaner.page import Block
from cleaner.read.lexicon import load_lexicon
from tests import decisions as made

LEX = load_lexicon()
DEFAULT = Tuning()
PROSE = (
    "The minister said on Tuesday that the plan would be put to the vote in the spring, "
    "and that it was not the end of the matter."
)


def test_nested_tuning_pickles_and_compares_whole() -> None:
    """Workers get Options by pickle; the stage objects Tuning holds must cross intact."""
    tuning = Tuning(
        learned=LearnedTuning(prose_drop_odds=0.2), body_only=BodyOnlyTuning(head_zone=3)
    )
    options = Options(tuning=tuning)
    assert pickle.loads(pickle.dumps(options)) == options
    assert options != Options()
    assert hash(tuning) != hash(Tuning())


def test_the_learned_stage_reads_its_odds_from_the_tuning() -> None:
    row = [0.0] * len(FEATURE_NAMES)
    row[FEATURE_NAMES.index("kept")] = 1.0
    row[FEATURE_NAMES.index("grade_good")] = 1.0
    assert needed_odds(row, 0.5, "html") == Tuning().learned.prose_drop_odds == 0.3
    assert needed_odds(row, 0.5, "html", LearnedTuning(prose_drop_odds=0.1)) == 0.1


def test_the_count_list_run_is_a_tuning_number() -> None:
    archive = ["December (98)", "November (113)", "October (87)"]
    blocks = [Block(index=i, text=t) for i, t in enumerate(archive)]
    assert all(b.decision is not None for b in mark_strong(blocks, LEX))
    longer = mark_strong(blocks, LEX, Tuning(count_run=4))
    assert all(b.decision is None for b in longer)


def test_the_numbered_list_run_is_a_tuning_number() -> None:
    texts = [PROSE * 3, "Menu", "94. Cristina Scabbia", "95. Dani Filth", "96. Wes Scantlin"]
    tuning = Tuning()
    blocks = [Block(index=i, text=t) for i, t in enumerate(texts)]
    assert [b.kept for b in smooth(grade(blocks, LEX, "en", tuning), tuning)][2:] == [True] * 3
    longer = replace(tuning, numbered_run_min=4)
    assert not any(b.kept for b in smooth(grade(blocks, LEX, "en", longer), longer)[1:])


def test_structure_tuning_reaches_the_refinements() -> None:
    """colon_run_max bounds the lines a colon introduces: 1 keeps only the first."""
    keep = made.prose()
    weak = made.short_by_context(False, 31)
    blocks = [
        Block(0, "To switch it off, type these commands:", decision=keep),
        Block(1, "netsh interface tcp set global autotuninglevel=disabled", decision=weak),
        Block(2, "netsh interface tcp show global", decision=weak),
    ]
    assert [b.kept for b in refine(blocks, DEFAULT)] == [True, True, True]
    short = replace(DEFAULT, structure=replace(DEFAULT.structure, colon_run_max=1))
    assert [b.kept for b in refine(blocks, short)] == [True, True, False]


def test_signals_tuning_reaches_the_strong_signals() -> None:
    """pitch_min: a pitch shorter than it is not tested, so it is no longer dropped."""
    pitch = "Get the best stories in your inbox every morning: enter your email address. No spam."
    blocks = [Block(0, pitch)]
    assert mark_strong(blocks, LEX, DEFAULT)[0].decision is not None
    longer = replace(DEFAULT, signals=replace(DEFAULT.signals, pitch_min=len(pitch) + 1))
    assert mark_strong(blocks, LEX, longer)[0].decision is None


def test_long_block_bounds_the_pitch_test_too() -> None:
    """long_block: a longer block faces no strong signal; raised, a long pitch is one."""
    sentences = [
        "Subscribe to our newsletter and have every story sent to your inbox each morning",
        "Enter your email address below and we will never send you spam or share it",
        "Read our privacy policy and terms of service before you sign up for an account",
        "Follow us on every network and download our app for the latest breaking news",
        "Use the promo code at checkout or a discount code from one of our advertisers",
        "This post contains affiliate links and we may receive compensation for them",
        "You can unsubscribe at any time from the link at the bottom of each message",
    ]
    pitch = ". ".join(sentences * 3) + "."
    assert len(pitch) > DEFAULT.signals.long_block
    blocks = [Block(0, pitch)]
    assert mark_strong(blocks, LEX, DEFAULT)[0].decision is None
    longer = replace(DEFAULT, signals=replace(DEFAULT.signals, long_block=len(pitch) + 1))
    decision = mark_strong(blocks, LEX, longer)[0].decision
    assert decision is not None and not decision.keep


def test_page_signals_tuning_reaches_the_strong_signals() -> None:
    """count_words: with one word at most, 'December (98)' is no count line, no list."""
    archive = ["December (98)", "November (113)", "October (87)"]
    blocks = [Block(index=i, text=t) for i, t in enumerate(archive)]
    assert all(b.decision is not None for b in mark_strong(blocks, LEX, DEFAULT))
    one_word = replace(DEFAULT, page_signals=replace(DEFAULT.page_signals, count_words=1))
    assert all(b.decision is None for b in mark_strong(blocks, LEX, one_word))


def test_prune_tuning_reaches_both_html_readers() -> None:
    """layout_share: an <aside> holding half the prose is layout at 0.4, furniture at 0.6."""
    first = "The minister said on Tuesday that the plan would be put to the vote in the spring. "
    second = "Council members argued for hours about the budget, the schools and the roads. "
    page = (
        f"<html><body><article><p>{first * 3}</p></article>"
        f"<aside><p>{second * 3}</p></aside></body></html>"
    )
    wider = replace(DEFAULT, prune=replace(DEFAULT.prune, layout_share=0.6))
    for fast in (False, True):
        kept = clean_page(page, options=Options(input_kind="html", fast=fast)).blocks[1].kept
        assert kept, f"fast={fast}: the aside holds more than layout_share of the prose"
        options = Options(input_kind="html", fast=fast, tuning=wider)
        aside = clean_page(page, options=options).blocks[1]
        assert not aside.kept and aside.decision is not None
        assert aside.decision.stage in ("html_prune", "fast_prune"), aside.decision


def test_rule_drafting_reads_blocks_with_the_options_prune_tuning() -> None:
    """A rule drafted under custom tuning keys on the blocks that tuning gives."""
    from cleaner.siterules.draft import page_keys

    first = "The minister said on Tuesday that the plan would be put to the vote in the spring. "
    second = "Council members argued for hours about the budget, the schools and the roads. "
    page = (
        f"<html><body><article><p>{first * 3}</p></article>"
        f"<aside><p>{second * 2}</p><p>{second}</p></aside></body></html>"
    )
    narrower = replace(DEFAULT, prune=replace(DEFAULT.prune, layout_share=0.2))
    merged = page_keys(page, Options(input_kind="html"))  # the pruned aside is one block
    apart = page_keys(page, Options(input_kind="html", tuning=narrower))  # layout: kept apart
    assert (len(merged), len(apart)) == (2, 3)
