"""The CLI and the Python API are twins: same knobs, same bytes; docs match the commands."""

from __future__ import annotations

import dataclasses
import re

import click
import pytest
from click.testing import CliRunner

from cleaner import Options, clean
from cleaner.cli.commands import clean as clean_command
from cleaner.cli.commands import main
from cleaner.options import Format
from cleaner.siterules.checks import case_input
from tests.golden import GOLDEN, ROOT

# Options field -> the CLI flag that sets it (tuning is calibrated data, not a user knob).
FLAG_FOR_FIELD = {
    "url": "--url",
    "input_kind": "--input-kind",
    "output_format": "--format",
    "rules_dirs": "--rules",
    "use_rules": "--no-rules",
    "language": "--language",
    "max_bytes": "--max-bytes",
    "max_elements": "--max-elements",
    "time_limit": "--time-limit",
    "accurate": "--accurate",
    "use_model": "--no-model",
    "fast": "--fast",
    "target_language": "--target-language",
    "metadata": "--metadata",
    "body_only": "--body-only",
}


def test_every_option_has_a_flag_and_every_flag_an_option() -> None:
    fields = {f.name for f in dataclasses.fields(Options)} - {"tuning"}
    assert fields == set(FLAG_FOR_FIELD)
    flags = {opt for p in clean_command.params if isinstance(p, click.Option) for opt in p.opts}
    assert set(FLAG_FOR_FIELD.values()) <= flags
    shared = flags - {"-o", "--output-dir", "--help", "-h", "-j", "--jobs", "--skip-existing"}
    shared -= {"--include", "--exclude", "-q", "--quiet", "-v", "--verbose"}  # batch only
    shared -= {"--progress", "--no-progress"}
    assert shared - set(FLAG_FOR_FIELD.values()) == set(), "a flag without an Options field"


@pytest.mark.parametrize("case", sorted(p.name for p in GOLDEN.iterdir() if p.is_dir())[:12])
@pytest.mark.parametrize("fmt", ["txt", "markdown", "json"])
def test_cli_and_api_give_identical_bytes(case: str, fmt: Format) -> None:
    folder = GOLDEN / case
    page = case_input(folder)
    assert page is not None, folder.name
    result = CliRunner().invoke(main, ["clean", str(page), "--format", fmt])
    assert result.exit_code == 0
    assert (
        result.stdout_bytes == clean(page.read_bytes(), options=Options(output_format=fmt)).encode()
    )


def test_ci_runs_the_readme_test_command() -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    ci = (ROOT / ".ci" / "run").read_text("utf-8")
    command = 'pip install -e ".[test]" && python -m pytest'
    assert command in readme and command in ci


def test_readme_documents_every_command_and_flag() -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    for name in main.commands:
        assert f"cleaner {name}" in readme, name
    for flag in FLAG_FOR_FIELD.values():
        assert flag in readme, flag
    assert re.search(r"cleaner rules (list|check)", readme)
