"""Accurate mode: trafilatura only settles blocks cleaner decided weakly, and says so."""

from __future__ import annotations

from pathlib import Path

from cleaner import Options
from cleaner.model import Block, Decision, Verdict
from cleaner.pipeline import clean_page
from cleaner.second_opinion import _weigh

GOLDEN = Path(__file__).resolve().parent.parent / "golden"
EXTRACTED = "Headline of the day The first paragraph of the article. 200 g sugar"


def block(text: str, decision: Decision, first: str = "short (11 chars)") -> Block:
    return Block(0, text, decision=decision, first=Decision(Verdict.KEEP, first, "signals"))


def test_weak_drop_that_trafilatura_keeps_comes_back() -> None:
    dropped = block(
        "200 g sugar", Decision(Verdict.DROP, "short (11 chars); dropped by context", "smoothing")
    )
    weighed = _weigh(dropped, EXTRACTED)
    assert weighed.kept and weighed.decision.stage == "second_opinion"
    assert (
        weighed.decision.reason
        == "trafilatura keeps it (cleaner alone: short (11 chars); dropped by context)"
    )


def test_strong_drops_links_and_menus_stand() -> None:
    for decision, first in (
        (Decision(Verdict.DROP, "byline", "signals"), "short (11 chars)"),
        (Decision(Verdict.DROP, "rule x: drop", "rule", final=True), "short (11 chars)"),
        (Decision(Verdict.DROP, "link density 0.90", "smoothing"), "link density 0.90"),
        (
            Decision(Verdict.DROP, "menu: run of 4 short lines", "smoothing"),
            "menu: run of 4 short lines",
        ),
    ):
        assert not _weigh(block("200 g sugar", decision, first), EXTRACTED).kept


def test_kept_only_by_context_and_absent_from_trafilatura_goes() -> None:
    kept = block(
        "Subscribe now",
        Decision(Verdict.KEEP, "inside the main-content span (alone: short)", "span"),
    )
    assert not _weigh(kept, EXTRACTED).kept
    prose = block(
        "Subscribe now", Decision(Verdict.KEEP, "prose (300 chars, stop words 0.50)", "smoothing")
    )
    assert _weigh(prose, EXTRACTED).kept, "a block kept on its own grade stands"


CASES = [
    "aclu.org--county-criminalized-students-bad-grades",
    "bbc.com--new-york-mass-burials",
    "adac.de--kindersitze-test-2018",
]


def test_accurate_mode_changes_only_weak_decisions() -> None:
    changed = 0
    for case in CASES:
        page = (GOLDEN / case / "input.html").read_bytes()
        plain = clean_page(page, Options(use_rules=False))
        accurate = clean_page(page, Options(use_rules=False, accurate=True))
        assert len(plain.blocks) == len(accurate.blocks)
        for before, after in zip(plain.blocks, accurate.blocks, strict=True):
            if before.decision == after.decision:
                continue
            assert after.decision.stage == "second_opinion"
            assert "trafilatura" in after.decision.reason
            assert before.decision.stage in ("smoothing", "span") and not before.decision.final
            changed += 1
    assert changed > 0, "trafilatura agreed with every weak decision on three pages"


def test_text_input_is_left_alone() -> None:
    text = "Menu\nHome\n\n" + "The minister said on Tuesday that the plan would go to a vote. " * 5
    options = Options(input_kind="text")
    assert (
        clean_page(text, options).text
        == clean_page(text, Options(input_kind="text", accurate=True)).text
    )
