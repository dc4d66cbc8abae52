"""Every calibrated number lives in Tuning: an option reaches it, and it crosses to workers."""

from __future__ import annotations

import pickle
from dataclasses import replace

from cleaner import Options, Tuning
from cleaner.heuristics.signals import grade, mark_strong
from cleaner.heuristics.smoothing import smooth
from cleaner.learned.features import FEATURE_NAMES
from cleaner.learned.stage import needed_odds
from cleaner.options import BodyOnlyTuning, LearnedTuning
from cleaner.page import Block
from cleaner.read.lexicon import load_lexicon

LEX = load_lexicon()
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
