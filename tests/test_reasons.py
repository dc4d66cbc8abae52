"""Decisions as data: no stage steers by the wording of another stage's reason (issue 18).

Stages read a decision's cause and values; the readable reason is only rendered
(cleaner/reasons.py) for explain and the JSON output. Two checks: no code in cleaner/
outside rendering reads a decision's `.reason`, and rewording every reason leaves what
cleaner outputs unchanged on real pages, in every mode.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import cleaner.reasons
from cleaner import Options, clean, clean_page
from cleaner.page import Decision, Verdict
from cleaner.reasons import Cause, Values
from cleaner.siterules.checks import case_input
from tests.golden import GOLDEN, ROOT

# Where a decision's reason may be read: to show it (explain, JSON) or to word it.
RENDERING = {"output/explain.py", "output/render.py", "page.py", "reasons.py"}
# `.reason` of these is the text of a site rule (written or learned), not a decision's.
RULE_TEXTS = {"directive", "keep", "drop", "section", "marker", "proposal", "root"}


def reason_reads(source: str) -> list[str]:
    """Each `X.reason` read in the source, as 'line: X.reason', X not a site rule's text."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Attribute) and node.attr == "reason":
            receiver = ast.unparse(node.value)
            if receiver not in RULE_TEXTS:
                found.append(f"{node.lineno}: {receiver}.reason")
    return found


def _modules() -> dict[str, Path]:
    """Every module of cleaner/, by its path there ('output/render.py')."""
    package = ROOT / "cleaner"
    return {path.relative_to(package).as_posix(): path for path in sorted(package.rglob("*.py"))}


def test_no_stage_reads_a_reason_outside_rendering() -> None:
    reads = {
        name: reason_reads(path.read_text("utf-8"))
        for name, path in _modules().items()
        if name not in RENDERING
    }
    assert {name: found for name, found in reads.items() if found} == {}


def test_the_scan_finds_a_reason_read() -> None:
    source = "def f(block):\n    return block.first.reason.startswith('menu: run of')\n"
    assert reason_reads(source) == ["2: block.first.reason"]
    assert reason_reads("def f(directive):\n    return directive.reason\n") == []


def test_reasons_render_from_the_cause_and_the_prior_decision() -> None:
    first = Decision(Verdict.KEEP, "signals", Cause.SHORT, (("length", 11),))
    by_context = Decision(Verdict.KEEP, "smoothing", Cause.CONTEXT, prior=first)
    inside = Decision(Verdict.KEEP, "span", Cause.INSIDE_SPAN, prior=by_context)
    assert (
        inside.reason == "inside the main-content span (alone: short (11 chars); kept by context)"
    )
    assert (
        Decision(Verdict.DROP, "smoothing", Cause.CONTEXT).reason == "no grade; dropped by context"
    )
    model = Decision(
        Verdict.DROP, "learned", Cause.MODEL, (("odds", 0.2), ("needed", 0.5), ("why", ""))
    )
    assert (
        model.reason
        == "the model drops it (article odds 0.20, 0.50 needed; cleaner alone: undecided)"
    )


def test_the_old_form_with_a_reason_text_is_refused() -> None:
    with pytest.raises(TypeError, match="cause must be a cleaner.Cause"):
        Decision(Verdict.DROP, "class/id word 'nav'", "html_prune")  # type: ignore[arg-type]


def test_every_cause_has_its_wording() -> None:
    assert set(cleaner.reasons._TEMPLATES) == set(Cause)


# Golden cases of both kinds whose pages take most roads: a site rule, the learned stage,
# the span's fillers, teaser boxes, menu runs in a scrape.
CASES = [
    "aclu.org--county-criminalized-students-bad-grades",
    "bbc.com--new-york-mass-burials",
    "blog.mondediplo.net--turpitude-et-architecture-text-inscriptis",
    "thebalance.com--coinbase-vs-coinbase-pro-text-inscriptis",
    "seed002--japan-korea-drums",
]
MODES = {
    "default": Options(),
    "no-model": Options(use_model=False),
    "no-rules": Options(use_rules=False),
    "accurate": Options(accurate=True),
    "accurate-no-model": Options(accurate=True, use_model=False),
    "fast": Options(fast=True),
}


def reworded(cause: Cause, named: Values, prior: str | None, keep: bool) -> str:
    """Every reason worded otherwise: no prefix or suffix a stage could once have read."""
    return f"[{cause.name} {'+' if keep else '-'}] {named} <- {prior}"


@pytest.mark.parametrize("case", CASES)
def test_rewording_every_reason_changes_no_output(case: str, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = GOLDEN / case
    page = case_input(folder)
    assert page is not None, folder.name
    raw = page.read_bytes()
    before = {mode: clean(raw, options=options) for mode, options in MODES.items()}
    shown = [b.decision.reason for b in clean_page(raw).blocks if b.decision]
    monkeypatch.setattr(cleaner.reasons, "render", reworded)
    after = {mode: clean(raw, options=options) for mode, options in MODES.items()}
    reworded_shown = [b.decision.reason for b in clean_page(raw).blocks if b.decision]
    assert after == before
    assert reworded_shown != shown and all(r.startswith("[") for r in reworded_shown)


def test_the_rendering_modules_exist() -> None:
    assert RENDERING <= _modules().keys(), "a rendering module moved: update RENDERING"
    assert Path(cleaner.reasons.__file__).name == "reasons.py"
