"""Run the tests written inside rule files ([[tests]]): the twin of `cleaner rules test`.

A test names a page (`input`, relative to the rule file) or a golden case (`golden`: a
folder holding input.html|input.txt and expected.txt, looked up beside the rule file and
in ../golden/), an optional URL, and snippets that must or must not appear. A golden test
passes only when the rule matches the page and the output equals expected.txt.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cleaner.api import clean_page
from cleaner.options import Options
from cleaner.output.evaluate import normalise
from cleaner.siterules.load import TEST_NEEDS_A_PAGE, SiteRule


@dataclass(frozen=True, slots=True)
class RuleTestOutcome:
    """One [[tests]] entry's result: which rule and test, and what went wrong (if anything)."""

    rule: str
    number: int
    problems: tuple[str, ...]

    @property
    def passed(self) -> bool:
        """True when nothing went wrong."""
        return not self.problems


def run_rule_tests(rule: SiteRule, options: Options | None = None) -> list[RuleTestOutcome]:
    """Run every test of one rule file."""
    return [
        RuleTestOutcome(rule.name, number, tuple(_problems(rule, spec, options or Options())))
        for number, spec in enumerate(rule.tests)
    ]


def golden_folder(rule: SiteRule, name: str) -> Path | None:
    """A golden case beside the rule file, or in the project's golden/ next to rules/."""
    for folder in (rule.path.parent / name, rule.path.parent.parent / "golden" / name):
        if (folder / "expected.txt").is_file():
            return folder
    return None


def _problems(rule: SiteRule, spec: dict[str, Any], options: Options) -> list[str]:
    page, url, expected, problems = _page(rule, spec)
    if page is None:
        return problems
    result = clean_page(page, url=url, options=options)
    if result.rule != rule.name:
        problems.append(f"the page is matched to {result.rule or 'no rule'}, not {rule.name}")
    exact = spec.get("exact", True)
    if exact and expected is not None and normalise(result.text) != normalise(expected):
        problems.append("output differs from expected.txt (cleaner explain shows why)")
    for snippet in spec.get("must_contain", []):
        if snippet not in result.text:
            problems.append(f"missing: {snippet!r}")
    for snippet in spec.get("must_not_contain", []):
        if snippet in result.text:
            problems.append(f"present: {snippet!r}")
    return problems


def case_input(folder: Path) -> Path | None:
    """A golden case's page: input.html, else input.txt (None when it has neither)."""
    return next((folder / n for n in ("input.html", "input.txt") if (folder / n).is_file()), None)


def _case_meta(folder: Path) -> dict[str, Any]:
    """A golden case's meta.toml, read ({} when it has none)."""
    meta = folder / "meta.toml"
    return tomllib.loads(meta.read_text("utf-8")) if meta.is_file() else {}


def case_url(folder: Path) -> str:
    """The URL a golden case's meta.toml records ('' when none)."""
    return str(_case_meta(folder).get("url", ""))


def case_body_only(folder: Path) -> bool:
    """Whether a golden case's meta.toml asks for body-only mode (`body_only = true`)."""
    return _case_meta(folder).get("body_only") is True


def _page(
    rule: SiteRule, spec: dict[str, Any]
) -> tuple[bytes | None, str | None, str | None, list[str]]:
    """The test's page bytes, URL and expected text (for golden tests)."""
    url = spec.get("url")
    if "golden" in spec:
        folder = golden_folder(rule, spec["golden"])
        if folder is None:
            return None, None, None, [f"golden case {spec['golden']!r} not found"]
        page_file = case_input(folder)
        if page_file is None:
            return None, None, None, [f"golden case {spec['golden']!r} has no input"]
        if url is None:
            url = case_url(folder) or None
        return page_file.read_bytes(), url, (folder / "expected.txt").read_text("utf-8"), []
    if "input" in spec:
        path = rule.path.parent / spec["input"]
        if not path.is_file():
            return None, None, None, [f"input {spec['input']!r} not found beside the rule file"]
        return path.read_bytes(), url, None, []
    return None, None, None, [TEST_NEEDS_A_PAGE]
