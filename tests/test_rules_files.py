"""Every shipped rule file validates, and the tests inside each file pass."""

from __future__ import annotations

import shutil
import tomllib
from pathlib import Path

import pytest

from cleaner.siterules.checks import run_rule_tests
from cleaner.siterules.load import load_rule_file, load_rules, shipped_rules_dir

RULE_FILES = sorted(shipped_rules_dir().glob("*.toml"))


def test_a_source_checkout_reads_its_own_rules_folder() -> None:
    """rules/ beside the package, however deep the module that looks for it sits."""
    assert shipped_rules_dir() == Path(__file__).resolve().parent.parent / "rules"
    assert RULE_FILES, "no shipped rule file found: the tests below would pass on none"


@pytest.mark.parametrize("path", RULE_FILES, ids=[p.stem for p in RULE_FILES])
def test_rule_file_validates_and_its_tests_pass(path: Path) -> None:
    rule = next(r for r in load_rules().rules if r.name == load_rule_file(path).name)
    assert rule.tests, f"{path.name} has no [[tests]]"
    for outcome in run_rule_tests(rule):
        assert outcome.passed, f"{path.name} test {outcome.number}: {'; '.join(outcome.problems)}"


def wheel_layout(root: Path, target: Path) -> None:
    """Copy the files pyproject's force-include puts in the wheel to where it puts them."""
    mapping = tomllib.loads((root / "pyproject.toml").read_text("utf-8"))["tool"]["hatch"]
    for source, dest in mapping["build"]["targets"]["wheel"]["force-include"].items():
        shutil.copytree(root / source, target / dest)


def test_shipped_rule_tests_pass_in_the_installed_layout(tmp_path: Path) -> None:
    """An installed copy has no golden/ beside rules/: the wheel must carry what tests name."""
    root = Path(__file__).resolve().parent.parent
    wheel_layout(root, tmp_path)
    installed = tmp_path / "cleaner" / "rules"
    rules = sorted(installed.glob("*.toml"))
    assert len(rules) == len(RULE_FILES)
    for path in rules:
        rule = load_rule_file(path)
        for outcome in run_rule_tests(rule):
            assert outcome.passed, f"{path.name} test {outcome.number}: {outcome.problems}"
