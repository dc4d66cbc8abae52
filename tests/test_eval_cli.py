"""`cleaner eval` from any folder: a golden folder given or ./golden, a clear error if none,
and --rules DIR as `clean` has."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from cleaner.cli.commands import main

SEED = Path(__file__).resolve().parent.parent / "golden" / "seed002--japan-korea-drums"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def one_case(folder: Path, url: str = "") -> Path:
    """A golden folder with the seed case, its URL set to url."""
    case = folder / "golden" / "seed"
    case.mkdir(parents=True)
    (case / "input.txt").write_bytes((SEED / "input.txt").read_bytes())
    (case / "expected.txt").write_bytes((SEED / "expected.txt").read_bytes())
    (case / "meta.toml").write_text(f'url = "{url}"\n')
    return folder / "golden"


def test_eval_outside_a_checkout_says_what_to_give(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, err = run("eval")
    assert code == 1 and out == ""
    assert err.strip().count("\n") == 0 and "cleaner eval path/to/golden" in err, err


def test_eval_reads_golden_of_the_current_folder_or_the_one_given(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    golden = one_case(tmp_path / "project")
    monkeypatch.chdir(tmp_path / "project")
    code, out, _ = run("eval")
    assert code == 0 and "1.000  1.000  1.000  seed" in out
    monkeypatch.chdir(tmp_path)
    code, out, _ = run("eval", str(golden))
    assert code == 0 and "overall (1 cases" in out


def test_eval_refuses_a_folder_without_cases(tmp_path: Path) -> None:
    (tmp_path / "case").mkdir()
    (tmp_path / "case" / "expected.txt").write_text("text\n")
    code, _, err = run("eval", str(tmp_path))
    assert code == 1
    assert "skipped case: no input.html or input.txt" in err and "no golden cases in" in err


def test_eval_scores_with_the_rules_given(tmp_path: Path) -> None:
    golden = one_case(tmp_path, url="https://example.org/drums")
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "example.org.toml").write_text(
        '[match]\ndomains = ["example.org"]\n[[text.drop]]\n'
        'prefix = "South Korean President"\nreason = "test: drop the lead"\n'
    )
    code, out, _ = run("eval", str(golden))
    assert code == 0 and "1.000  1.000  1.000  seed" in out
    code, out, _ = run("eval", str(golden), "--rules", str(rules))
    assert code == 0 and "1.000  1.000  1.000  seed" not in out
    recall = float(out.splitlines()[1].split()[1])
    assert recall < 0.9, out
