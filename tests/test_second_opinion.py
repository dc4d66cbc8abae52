"""Accurate mode: trafilatura only settles blocks cleaner decided weakly, and says so."""

from __future__ import annotations

from pathlib import Path

import pytest

from cleaner import Options
from cleaner.heuristics.second_reader import Extraction, _weigh
from cleaner.page import Block, Decision, Verdict
from cleaner.pipeline import clean_page
from cleaner.reasons import Cause
from tests.decisions import by_context, decided, decision_of, graded, prose, rule, signal

GOLDEN = Path(__file__).resolve().parent.parent / "golden"
EXTRACTED = Extraction.of(
    "Headline of the day\nThe first paragraph of the article, on shares of the company.\n200 g sugar"
)


SHORT = graded(Cause.SHORT, length=11)


def block(text: str, decision: Decision, first: Decision = SHORT) -> Block:
    return Block(0, text, decision=decision, first=first)


def test_weak_drop_that_trafilatura_keeps_comes_back() -> None:
    dropped = block("200 g sugar", by_context(False, SHORT))
    weighed = _weigh(dropped, EXTRACTED)
    assert weighed.kept and decision_of(weighed).stage == "second_opinion"
    assert (
        decision_of(weighed).reason
        == "trafilatura keeps it (cleaner alone: short (11 chars); dropped by context)"
    )


def test_a_short_block_must_be_a_whole_line_of_trafilatura() -> None:
    dropped = block("Share", by_context(False, graded(Cause.SHORT, length=5)))
    assert not _weigh(dropped, EXTRACTED).kept, "'Share' is inside 'shares', not a line of its own"
    assert EXTRACTED.holds("The first paragraph of the article,")
    assert not EXTRACTED.holds("first paragraph of the artic")


def test_a_failing_second_reader_leaves_cleaners_verdicts(monkeypatch: pytest.MonkeyPatch) -> None:
    import cleaner.heuristics.second_reader as so

    def broken(html: str, url: str | None) -> str:  # noqa: ARG001 (stands in for _trafilatura_text)
        raise RuntimeError("boom")

    monkeypatch.setattr(so, "_trafilatura_text", broken)
    page = (GOLDEN / CASES[0] / "input.html").read_bytes()
    assert clean_page(page, Options(accurate=True)).text == clean_page(page, Options()).text


def test_strong_drops_links_and_menus_stand() -> None:
    links = graded(Cause.LINK_DENSITY, density=0.9)
    menu = graded(Cause.MENU_RUN, lines=4)
    for decision, first in (
        (signal(Cause.BYLINE), SHORT),
        (rule(False, "x"), SHORT),
        (decided(False, "smoothing", Cause.LINK_DENSITY, density=0.9), links),
        (decided(False, "smoothing", Cause.MENU_RUN, lines=4), menu),
    ):
        assert not _weigh(block("200 g sugar", decision, first), EXTRACTED).kept


def test_kept_only_by_context_and_absent_from_trafilatura_goes() -> None:
    inside = Decision(Verdict.KEEP, "span", Cause.INSIDE_SPAN, prior=by_context(False, SHORT))
    kept = block("Subscribe now", inside)
    assert not _weigh(kept, EXTRACTED).kept
    alone = block("Subscribe now", prose())
    assert _weigh(alone, EXTRACTED).kept, "a block kept on its own grade stands"


CASES = [
    "aclu.org--county-criminalized-students-bad-grades",
    "bbc.com--new-york-mass-burials",
    "adac.de--kindersitze-test-2018",
]


def test_accurate_mode_changes_only_weak_decisions() -> None:
    """Without the model, accurate mode is the rule-based second opinion."""
    changed = 0
    for case in CASES:
        page = (GOLDEN / case / "input.html").read_bytes()
        plain = clean_page(page, Options(use_rules=False, use_model=False))
        accurate = clean_page(page, Options(use_rules=False, accurate=True, use_model=False))
        assert len(plain.blocks) == len(accurate.blocks)
        for before, after in zip(plain.blocks, accurate.blocks, strict=True):
            if before.decision == after.decision:
                continue
            assert decision_of(after).stage == "second_opinion"
            assert "trafilatura" in decision_of(after).reason
            assert decision_of(before).stage in ("smoothing", "span") and not decision_of(before).final
            changed += 1
    assert changed > 0, "trafilatura agreed with every weak decision on three pages"


def test_text_input_never_asks_trafilatura(monkeypatch: pytest.MonkeyPatch) -> None:
    import cleaner.heuristics.second_reader as so

    def called(html: str, url: str | None) -> str:  # noqa: ARG001 (stands in for _trafilatura_text)
        raise AssertionError("trafilatura was asked about scraped text")

    monkeypatch.setattr(so, "_trafilatura_text", called)
    text = "Menu\nHome\n\n" + "The minister said on Tuesday that the plan would go to a vote. " * 5
    assert clean_page(text, Options(input_kind="text", accurate=True)).text


def test_text_input_is_left_alone() -> None:
    text = "Menu\nHome\n\n" + "The minister said on Tuesday that the plan would go to a vote. " * 5
    options = Options(input_kind="text")
    assert (
        clean_page(text, options).text
        == clean_page(text, Options(input_kind="text", accurate=True)).text
    )


def test_the_causes_accurate_mode_weighs_are_still_given() -> None:
    """Accurate mode reads other stages' causes: a stage that stopped giving one would
    silently stop it (a renamed cause fails at import)."""
    import inspect

    import cleaner.heuristics.signals
    import cleaner.heuristics.smoothing
    import cleaner.heuristics.span
    import cleaner.heuristics.structure
    from cleaner.heuristics import second_reader

    modules = (cleaner.heuristics.signals, cleaner.heuristics.smoothing, cleaner.heuristics.span, cleaner.heuristics.structure)
    written = "".join(inspect.getsource(m) for m in modules)
    weighed = (*second_reader._UNDO_KEEP, *second_reader._LINKS_OR_MENU, Cause.CONTEXT)
    for cause in weighed:
        assert f"Cause.{cause.name}" in written, cause


def test_with_the_model_accurate_mode_feeds_trafilatura_to_the_accurate_model() -> None:
    changed = 0
    for case in CASES:
        page = (GOLDEN / case / "input.html").read_bytes()
        plain = clean_page(page, Options(use_rules=False, use_model=False))
        accurate = clean_page(page, Options(use_rules=False, accurate=True))
        for before, after in zip(plain.blocks, accurate.blocks, strict=True):
            if before.decision == after.decision:
                continue
            assert decision_of(after).stage == "learned"
            assert decision_of(after).reason.endswith(f"cleaner alone: {decision_of(before).reason})")
            changed += 1
    assert changed > 0
