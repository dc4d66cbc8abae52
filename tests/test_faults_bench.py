"""The fault-injection benchmark's bookkeeping: a page is lost only with neither an output
nor a named failure, and differences from the reference are told apart by their cause.

The benchmark itself (benchmarks/faults.py) runs for minutes and mounts a tmpfs, so CI
checks only the counting it reports, on a folder made here.
"""

from __future__ import annotations

import random
from pathlib import Path

from benchmarks.faults import Setup, compare, excuses, judge, named


def _setup(tmp_path: Path) -> Setup:
    inputs, ref = tmp_path / "in", tmp_path / "ref"
    for folder in (inputs, ref):
        folder.mkdir()
    names = ["a.html", "b.html", "c.html", "d.html"]
    for name in names:
        (inputs / name).write_text("<p>page</p>")
        (ref / f"{name}.txt").write_text(f"text of {name}\n")
    return Setup(tmp_path, inputs, names, ref, 10.0, random.Random(0))


def test_lost_is_neither_output_nor_named_failure(tmp_path: Path) -> None:
    setup = _setup(tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    (out / "a.html.txt").write_text("text of a.html\n")
    (out / "d.html.txt").write_text("half-writ")
    stderr = f"failed: {setup.inputs}/b.html: worker died (signal 9) while cleaning this page\n"
    row = judge(setup, out, stderr)
    assert row.written == 2
    assert row.failed == {"b.html": "failed: worker died (signal 9) while cleaning this page"}
    assert row.lost == ["c.html"]
    assert row.identical.startswith("no: 1 missing, 1 differ (e.g. c.html)")
    assert row.identical.endswith("but 1 pages failed where a worker was killed")


def test_named_reads_failed_and_skipped_lines_of_its_folder_only(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    stderr = (
        f"failed: {folder}/x.html: a FIFO: not a regular file\n"
        f"skipped: {folder}/sock: a socket\n"
        f"failed: /elsewhere/y.html: no\n"
        "301 cleaned, 1 empty, 6 failed, 0 skipped in 14.4s\n"
    )
    assert named(stderr, folder) == {
        "x.html": "failed: a FIFO: not a regular file",
        "sock": "skipped: a socket",
    }


def test_compare_excuses_only_known_causes() -> None:
    ref = {"a": b"1", "b": b"2", "c": None}
    assert compare({"a": b"1", "b": b"2", "c": None}, ref, {}) == "yes"
    failed = {"b": "page took longer than the time limit of 5 s"}
    assert excuses(failed, {}) == {"b": "pages over the time limit in one run only"}
    got = {"a": b"1", "b": None, "c": None}
    assert compare(got, ref, excuses(failed, {})) == (
        "yes, but 1 pages over the time limit in one run only"
    )
    assert compare({"a": b"x", "b": b"2", "c": b"3"}, ref, {}).startswith("no: 1 extra, 1 differ")
