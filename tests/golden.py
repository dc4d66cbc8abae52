"""Golden-case helpers and the maintenance commands for golden/ metadata.

    python -m tests.golden diff CASE            show expected vs obtained, with reasons
    python -m tests.golden ratchet [CASE...]    raise floors to the current scores
    python -m tests.golden ratchet --allow-regression CASE   ... and lower that one
    python -m tests.golden rehash CASE...       re-lock expected.txt after a hand edit

No command here ever writes expected.txt: it is cut by hand (GOLDEN.md).
"""

from __future__ import annotations

import argparse
import difflib
import hashlib
import os
import re
import sys
import tempfile
import tomllib
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from cleaner import Options, clean, clean_page
from cleaner.output.evaluate import Score, normalise, token_score
from cleaner.page import Result
from cleaner.siterules.checks import case_input

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "golden"
OUT = ROOT / "out" / "golden"
MAX_DIFF_LINES = 500


@dataclass(frozen=True)
class Case:
    """One golden folder."""

    path: Path

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def input_path(self) -> Path | None:
        return case_input(self.path)

    @property
    def meta(self) -> dict[str, Any]:
        return tomllib.loads((self.path / "meta.toml").read_text("utf-8"))

    @property
    def body_only(self) -> bool:
        """meta.toml's `body_only = true`: the case is cut and cleaned in body-only mode."""
        return self.meta.get("body_only") is True

    @property
    def expected(self) -> str:
        return (self.path / "expected.txt").read_text("utf-8")


def discover() -> list[Case]:
    """Every folder under golden/ (each is one test id, no registry)."""
    return [Case(p) for p in sorted(GOLDEN.iterdir()) if p.is_dir()]


def run_case(case: Case, use_rules: bool = True) -> Result:
    """Clean a case's input the way a user would, with the URL from its metadata."""
    assert case.input_path is not None
    url = case.meta.get("url") or None
    options = Options(use_rules=use_rules, body_only=case.body_only)
    return clean_page(case.input_path.read_bytes(), url=url, options=options)


def pooled_f1(suffix: str, options: Options) -> float:
    """Token F1 pooled over the golden cases whose input ends in `suffix`, cleaned so."""
    common = obtained = expected = 0
    for case in discover():
        if case.input_path is None or case.input_path.suffix != suffix:
            continue
        url = case.meta.get("url") or None
        chosen = replace(options, body_only=case.body_only)  # a case may ask for body-only
        text = clean(case.input_path.read_bytes(), url=url, options=chosen)
        score = token_score(case.expected, text)
        common, obtained = common + score.common, obtained + score.obtained
        expected += score.expected
    precision, recall = common / obtained, common / expected
    return 2 * precision * recall / (precision + recall)


def score_case(case: Case, result: Result) -> Score:
    return token_score(case.expected, result.text)


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def block_diff(case: Case, result: Result) -> str:
    """A unified diff by block, expected vs obtained, with the reason under each block
    that differs (why it was dropped or kept)."""
    expected = [b for b in normalise(case.expected).split("\n\n") if b]
    obtained = [b for b in normalise(result.text).split("\n\n") if b]
    reasons = {
        " ".join(b.text.split()): b.decision.reason if b.decision else "" for b in result.blocks
    }
    lines: list[str] = []
    for line in difflib.unified_diff(expected, obtained, "expected", "obtained", lineterm="", n=1):
        lines.append(line)
        if line[:1] in "+-" and not line.startswith(("+++", "---")):
            reason = reasons.get(" ".join(line[1:].split()))
            if reason:
                lines.append(f"      ^ reason: {reason}")
    if len(lines) > MAX_DIFF_LINES:
        cut = len(lines) - MAX_DIFF_LINES
        lines = lines[:MAX_DIFF_LINES] + [
            f"... {cut} more diff lines cut; see out/golden/{case.name}/diff.txt"
        ]
    return "\n".join(lines)


def write_obtained(case: Case, result: Result, diff: str) -> Path:
    """Put obtained.txt and diff.txt under out/golden/<case>/ (never into golden/)."""
    folder = OUT / case.name
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "obtained.txt").write_text(result.text, "utf-8")
    (folder / "diff.txt").write_text(diff + "\n", "utf-8")
    return folder


def set_meta_value(case: Case, key: str, value: str) -> None:
    """Replace (or add) one `key = value` line of meta.toml, written atomically."""
    meta = case.path / "meta.toml"
    text = meta.read_text("utf-8")
    line = f"{key} = {value}"
    pattern = re.compile(rf"^{re.escape(key)}\s*=.*$", re.M)
    text = pattern.sub(line, text) if pattern.search(text) else text.rstrip("\n") + f"\n{line}\n"
    handle, temporary = tempfile.mkstemp(dir=case.path, suffix=".tmp")
    with os.fdopen(handle, "w", encoding="utf-8") as out:
        out.write(text)
    os.replace(temporary, meta)


def _select(names: list[str]) -> list[Case]:
    cases = {c.name: c for c in discover()}
    unknown = [n for n in names if n not in cases]
    if unknown:
        sys.exit(f"unknown golden case(s): {', '.join(unknown)}")
    return [cases[n] for n in names] if names else list(cases.values())


def ratchet(names: list[str], allow_regression: list[str]) -> int:
    """Raise each case's floor to its current F1 (2 decimals, rounded down)."""
    for case in _select(names):
        result = run_case(case)
        exact = normalise(result.text) == normalise(case.expected)
        new = 1.0 if exact else min(int(score_case(case, result).f1 * 100) / 100, 0.99)
        old = float(case.meta.get("floor", -1.0))
        if new > old or (new < old and case.name in allow_regression):
            set_meta_value(case, "floor", f"{new:.2f}")
            print(f"{case.name}: floor {max(old, 0):.2f} -> {new:.2f}")
        elif new < old:
            print(
                f"{case.name}: scores {new:.2f}, below its floor {old:.2f}; kept "
                f"(lowering needs --allow-regression {case.name})"
            )
    return 0


def rehash(names: list[str]) -> int:
    """Re-lock expected.txt after a deliberate hand edit."""
    for case in _select(names):
        set_meta_value(case, "expected_sha256", f'"{sha256(case.expected)}"')
        print(f"{case.name}: expected_sha256 updated")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tests.golden",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    commands = parser.add_subparsers(dest="command", required=True)
    show = commands.add_parser("diff", help="expected vs obtained for cases")
    show.add_argument("cases", nargs="*")
    up = commands.add_parser("ratchet", help="raise floors to current scores")
    up.add_argument("cases", nargs="*")
    up.add_argument("--allow-regression", action="append", default=[], metavar="CASE")
    lock = commands.add_parser("rehash", help="re-lock expected.txt after a hand edit")
    lock.add_argument("cases", nargs="+")
    args = parser.parse_args(argv)
    if args.command == "ratchet":
        return ratchet(args.cases, args.allow_regression)
    if args.command == "rehash":
        return rehash(args.cases)
    for case in _select(args.cases):
        result = run_case(case)
        score = score_case(case, result)
        print(f"== {case.name}  F1 {score.f1:.3f} (floor {case.meta.get('floor', 0)})")
        print(block_diff(case, result) or "(exact)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
