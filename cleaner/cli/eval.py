"""`cleaner eval`: score cleaner on a folder of golden cases, from any folder, with any rules."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import click

from cleaner.api import clean_page
from cleaner.cli.common import friendly_errors
from cleaner.options import Options
from cleaner.output.evaluate import Score, token_score
from cleaner.siterules.checks import case_body_only, case_input, case_url

# Where `cleaner eval` looks when no folder is given: golden/ of the current folder, which
# is the repository's own set when run from a checkout (the cases are not in the wheel).
DEFAULT_GOLDEN = Path("golden")
CASE_SHAPE = "a case is a folder holding input.html or input.txt and expected.txt"


def golden_cases(golden_dir: Path | None) -> list[tuple[Path, Path]]:
    """(case folder, input page) of every case, or a one-line error that says what to give.

    A case with expected.txt but no input is reported on stderr and left out.
    """
    if golden_dir is None:
        if not DEFAULT_GOLDEN.is_dir():
            raise click.ClickException(
                "no golden/ folder here: give one, as in `cleaner eval path/to/golden` "
                f"({CASE_SHAPE}; a checkout of cleaner has golden/)"
            )
        golden_dir = DEFAULT_GOLDEN
    cases = []
    for case in sorted(p for p in golden_dir.iterdir() if (p / "expected.txt").is_file()):
        page = case_input(case)
        if page is None:
            click.echo(f"skipped {case.name}: no input.html or input.txt", err=True)
            continue
        cases.append((case, page))
    if not cases:
        raise click.ClickException(f"no golden cases in {golden_dir}: {CASE_SHAPE}")
    return cases


def _pooled(scores: list[Score]) -> tuple[float, float, float]:
    """Precision, recall and F1 over the tokens of every case together."""
    common = sum(s.common for s in scores)
    obtained, expected = sum(s.obtained for s in scores), sum(s.expected for s in scores)
    precision = common / obtained if obtained else 0.0
    recall = common / expected if expected else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


@click.command("eval")
@click.argument(
    "golden_dir",
    required=False,
    type=click.Path(exists=True, file_okay=False, path_type=Path),
)
@click.option(
    "--rules",
    "rules_dirs",
    multiple=True,
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="A folder of extra site rule files (repeatable); overrides shipped rules.",
)
@click.option(
    "--no-rules", is_flag=True, help="Score the generic heuristics alone (no site rules)."
)
@click.option(
    "--accurate", is_flag=True, help="Score accurate mode (trafilatura's second opinion)."
)
@click.option("--no-model", is_flag=True, help="Score without the learned stage.")
@click.option("--fast", is_flag=True, help="Score fast mode.")
@friendly_errors
def evaluate(
    golden_dir: Path | None, rules_dirs: tuple[Path, ...], no_rules: bool, **modes: bool
) -> None:
    """Score cleaner on every case of GOLDEN_DIR (default ./golden): token P, R, F1.

    Prints one line per case and one pooled over all tokens.
    """
    options = Options(
        use_rules=not no_rules,
        rules_dirs=rules_dirs,
        accurate=modes["accurate"],
        use_model=not modes["no_model"],
        fast=modes["fast"],
    )
    scores, rows = [], []
    for case, page in golden_cases(golden_dir):
        url = case_url(case) or None
        chosen = replace(options, body_only=case_body_only(case))  # a case may ask for it
        obtained = clean_page(page.read_bytes(), url=url, options=chosen).text
        score = token_score((case / "expected.txt").read_text("utf-8"), obtained)
        scores.append(score)
        rows.append(f"{score.precision:6.3f} {score.recall:6.3f} {score.f1:6.3f}  {case.name}")
    click.echo("     P      R     F1  case")
    click.echo("\n".join(rows))
    precision, recall, f1 = _pooled(scores)
    click.echo(
        f"{precision:6.3f} {recall:6.3f} {f1:6.3f}  overall ({len(rows)} cases, tokens pooled)"
    )
