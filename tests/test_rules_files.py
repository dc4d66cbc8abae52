"""Every shipped rule file validates, and the tests inside each file pass."""

from __future__ import annotations

from pathlib import Path

import pytest

from cleaner.ruletests import run_rule_tests
from cleaner.siterules import load_rule_file, load_rules, shipped_rules_dir

RULE_FILES = sorted(shipped_rules_dir().glob("*.toml"))


@pytest.mark.parametrize("path", RULE_FILES, ids=[p.stem for p in RULE_FILES])
def test_rule_file_validates_and_its_tests_pass(path: Path) -> None:
    rule = next(r for r in load_rules().rules if r.name == load_rule_file(path).name)
    assert rule.tests, f"{path.name} has no [[tests]]"
    for outcome in run_rule_tests(rule):
        assert outcome.passed, f"{path.name} test {outcome.number}: {'; '.join(outcome.problems)}"
