"""Every shipped rule file validates, and the tests inside each file pass."""

from __future__ import annotations

from pathlib import Path

import pytest

from cleaner import Options, clean
from cleaner.siterules import load_rule_file, shipped_rules_dir
from tests.golden import GOLDEN, Case, normalise, run_case

RULE_FILES = sorted(shipped_rules_dir().glob("*.toml"))
RULE_TESTS = [
    pytest.param(path, i, id=f"{path.stem}[{i}]")
    for path in RULE_FILES
    for i, _ in enumerate(load_rule_file(path).tests)
]


@pytest.mark.parametrize("path", RULE_FILES, ids=[p.stem for p in RULE_FILES])
def test_rule_file_validates(path: Path) -> None:
    rule = load_rule_file(path)
    assert rule.tests, f"{path.name} has no [[tests]]"


@pytest.mark.parametrize(("path", "number"), RULE_TESTS)
def test_rule_file_test(path: Path, number: int) -> None:
    rule = load_rule_file(path)
    spec = rule.tests[number]
    if "golden" in spec:
        case = Case(GOLDEN / spec["golden"])
        result = run_case(case)
        assert result.rule == rule.name, f"the golden case is not matched to {rule.name}"
        assert normalise(result.text) == normalise(case.expected), (
            "the rule must make the case exact"
        )
        text = result.text
    else:
        page = (path.parent / spec["input"]).read_bytes()
        text = clean(page, url=spec.get("url"), options=Options())
    for snippet in spec.get("must_contain", []):
        assert snippet in text
    for snippet in spec.get("must_not_contain", []):
        assert snippet not in text
