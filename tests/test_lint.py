"""The code is lint-clean (ruff with docstring rules) and type-clean (mypy --strict).

Both gates run as `python -m ruff` / `python -m mypy` under the interpreter running the
tests, never skipped: a machine whose PATH lacks the binaries (a venv not activated, a CI
image with scripts elsewhere) used to skip them and pass in silence. If a tool is missing,
the test fails and says how to install it.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys

import pytest

from tests.golden import ROOT

INSTALL_HINT = 'pip install -e ".[test]"'


def run_tool(module: str, *args: str) -> subprocess.CompletedProcess[str]:
    """Run `python -m module args` in the project root; fail in one line if it is missing."""
    if importlib.util.find_spec(module) is None:
        pytest.fail(f"{module} is not installed for {sys.executable}: run {INSTALL_HINT}")
    return subprocess.run(
        [sys.executable, "-m", module, *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )


def test_ruff_is_clean() -> None:
    run = run_tool("ruff", "check", "cleaner", "tests", "benchmarks")
    assert run.returncode == 0, run.stdout + run.stderr


def test_mypy_strict_is_clean() -> None:
    run = run_tool("mypy")
    assert run.returncode == 0, run.stdout + run.stderr


def test_a_missing_tool_fails_with_the_install_hint() -> None:
    with pytest.raises(pytest.fail.Exception) as failed:
        run_tool("no_such_linter_module")
    message = str(failed.value)
    assert "no_such_linter_module is not installed" in message
    assert INSTALL_HINT in message
    assert "\n" not in message
