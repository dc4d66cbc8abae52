"""Hygiene of golden/: form of every expected.txt, the hash lock, metadata, no orphans."""

from __future__ import annotations

import re

import pytest

from tests.golden import Case, sha256

META_KEYS = {"url", "source", "language", "kind", "floor", "expected_sha256", "notes"}
OPTIONAL_KEYS = {"notes", "body_only"}


def test_case_has_input_expected_and_meta(golden_case: Case) -> None:
    assert golden_case.input_path is not None, f"{golden_case.name}: no input.html or input.txt"
    assert (golden_case.path / "expected.txt").is_file(), f"{golden_case.name}: no expected.txt"
    assert (golden_case.path / "meta.toml").is_file(), f"{golden_case.name}: no meta.toml"


def test_expected_form(golden_case: Case) -> None:
    raw = (golden_case.path / "expected.txt").read_bytes()
    text = raw.decode("utf-8")  # must be UTF-8
    assert text.endswith("\n") and not text.endswith("\n\n"), "exactly one final newline"
    assert "\n\n\n" not in text, "blocks are separated by exactly one blank line"
    assert "\r" not in text, "no carriage returns"
    for number, line in enumerate(text.split("\n")[:-1], 1):
        assert line == line.strip(), f"line {number} has leading or trailing white space"
    assert text.strip(), "expected text is not empty"


def test_meta(golden_case: Case) -> None:
    meta = golden_case.meta
    assert set(meta) <= META_KEYS | OPTIONAL_KEYS, f"unknown keys: {set(meta) - META_KEYS - OPTIONAL_KEYS}"
    assert META_KEYS - OPTIONAL_KEYS <= set(meta), f"missing keys: {META_KEYS - set(meta)}"
    assert isinstance(meta.get("body_only", False), bool), "body_only must be true or false"
    assert meta["kind"] in ("html", "text")
    assert golden_case.input_path is not None and golden_case.input_path.suffix == (
        ".html" if meta["kind"] == "html" else ".txt"
    )
    assert re.fullmatch(r"[a-z]{2}", meta["language"])
    assert 0.0 <= float(meta["floor"]) <= 1.0


def test_expected_is_locked(golden_case: Case) -> None:
    if sha256(golden_case.expected) != golden_case.meta.get("expected_sha256"):
        pytest.fail(
            f"{golden_case.name}: expected.txt changed: if this was a deliberate hand edit, run "
            f"`python -m tests.golden rehash {golden_case.name}` and say why in the commit",
            pytrace=False,
        )
