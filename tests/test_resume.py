"""A run killed with SIGKILL and started again with --skip-existing ends with every page
done exactly once, every output complete, and the inputs untouched."""

from __future__ import annotations

import hashlib
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

from click.testing import CliRunner

from cleaner import clean
from cleaner.cli.commands import main
from tests.golden import GOLDEN

SOURCES = sorted(GOLDEN.glob("*/input.*"))


def make_inputs(folder: Path, count: int) -> None:
    folder.mkdir()
    for number in range(count):
        source = SOURCES[number % len(SOURCES)]
        (folder / f"page{number:04d}{source.suffix}").write_bytes(source.read_bytes())


def digest(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def test_skip_existing_leaves_finished_pages(tmp_path: Path) -> None:
    make_inputs(tmp_path / "in", 6)
    out = tmp_path / "out"
    first = CliRunner().invoke(main, ["clean", str(tmp_path / "in"), "-o", str(out), "-j", "1"])
    assert "6 cleaned" in first.stderr or "empty" in first.stderr
    stamp = (out / f"page0000{SOURCES[0].suffix}.txt").stat().st_mtime_ns
    again = CliRunner().invoke(
        main, ["clean", str(tmp_path / "in"), "-o", str(out), "--skip-existing"]
    )
    assert again.exit_code == 0 and "0 cleaned, 0 empty, 0 failed, 6 skipped" in again.stderr
    assert (out / f"page0000{SOURCES[0].suffix}.txt").stat().st_mtime_ns == stamp


def test_killed_run_resumes_and_does_each_page_once(tmp_path: Path) -> None:
    inputs, out = tmp_path / "in", tmp_path / "out"
    make_inputs(inputs, 240)
    before = digest(inputs)
    command = [sys.executable, "-m", "cleaner", "clean", str(inputs), "-o", str(out), "-j", "1"]
    process = subprocess.Popen(command, stderr=subprocess.PIPE, start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(list(out.glob("*.txt"))) < 20:
        time.sleep(0.05)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    done_before = {p.name for p in out.glob("*.txt")}
    assert 0 < len(done_before) < 240, "the run was killed midway"

    resumed = subprocess.run(
        command + ["--skip-existing"], capture_output=True, text=True, timeout=300
    )
    assert resumed.returncode == 0, resumed.stderr
    counts = re.search(r"(\d+) cleaned, (\d+) empty, (\d+) failed, (\d+) skipped", resumed.stderr)
    assert counts is not None
    cleaned, empty, failed, skipped = map(int, counts.groups())  # noqa: F841
    assert skipped == len(done_before) and failed == 0 and cleaned + empty + skipped == 240
    for page in sorted(inputs.iterdir()):
        output = out / (page.name + ".txt")
        assert output.read_text("utf-8") == clean(page.read_bytes()), f"{output.name} is incomplete"
    assert digest(inputs) == before, "inputs are never modified"
    assert not list(out.glob(".*")), "a temporary file the kill left is removed on resume"
