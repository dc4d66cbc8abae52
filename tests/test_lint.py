"""The code stays lint-clean (ruff with docstring rules) and type-clean (mypy --strict)."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from tests.golden import ROOT


@pytest.mark.skipif(shutil.which("ruff") is None, reason="ruff is installed by the [test] extra")
def test_ruff_is_clean() -> None:
    run = subprocess.run(
        ["ruff", "check", "cleaner", "tests", "benchmarks"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stdout + run.stderr


@pytest.mark.skipif(shutil.which("mypy") is None, reason="mypy is installed by the [test] extra")
def test_mypy_strict_is_clean() -> None:
    run = subprocess.run(["mypy"], cwd=ROOT, capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr
