"""`clean -o` with hostile files (issue 20): inputs are never overwritten, outputs never
overwrite each other, reads are bounded, nothing is skipped in silence, outputs follow the
umask, and temporary files of killed runs do not pile up."""

from __future__ import annotations

import importlib.util
import os
import re
import resource
import socket
import stat
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from click.testing import CliRunner

from cleaner import InputError, LimitError, clean
from cleaner.batch.files import read_page
from cleaner.batch.outputs import (
    TEMP_PATTERN,
    atomic_writer,
    remove_stale_temporaries_of,
    write_atomic,
)
from cleaner.cli.commands import main
from tests.golden import GOLDEN
from tests.test_rules_commands import FTR

SOURCES = sorted(GOLDEN.glob("*/input.*"))
SUMMARY = re.compile(r"(\d+) cleaned, (\d+) empty, (\d+) failed, (\d+) skipped")
# Address space allowed to a `clean` child that meets /dev/zero and a 2 GB file: far
# above what the run needs (about 70 MB resident), far below reading either whole.
MEMORY_CAP = 1_500_000_000


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stderr


def page(number: int) -> bytes:
    """A distinct real page per number, so outputs that overwrite each other show."""
    return SOURCES[number % len(SOURCES)].read_bytes()


def counts(stderr: str) -> tuple[int, int, int, int]:
    found = SUMMARY.search(stderr)
    assert found is not None, stderr
    cleaned, empty, failed, skipped = map(int, found.groups())
    return cleaned, empty, failed, skipped


def outputs(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file()}


# 1. Inputs are never overwritten, nor read back.


def test_output_folder_that_is_the_input_folder_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "s"
    folder.mkdir()
    (folder / "p.txt").write_bytes(page(0))
    code, err = run("clean", str(folder), "-o", str(folder))
    assert code != 0 and "is the input folder" in err and "choose another -o" in err
    assert (folder / "p.txt").read_bytes() == page(0), "the input is never modified"
    assert outputs(folder) == {"p.txt"}


def test_output_folder_inside_an_input_folder_is_not_read_back(tmp_path: Path) -> None:
    folder = tmp_path / "s"
    folder.mkdir()
    (folder / "p.txt").write_bytes(page(0))
    for _ in range(2):
        code, err = run("clean", str(folder), "-o", str(folder / "out"))
        assert code == 0 and counts(err) == (1, 0, 0, 0), err
    assert outputs(folder) == {"p.txt", "out/p.txt.txt"}


def test_an_output_never_lands_on_an_input_file(tmp_path: Path) -> None:
    out, other = tmp_path / "out", tmp_path / "other"
    out.mkdir()
    other.mkdir()
    (out / "p.txt").write_bytes(page(0))  # an input that sits where `other/p` would go
    (other / "p").write_bytes(page(1))
    code, err = run("clean", str(out / "p.txt"), str(other / "p"), "-o", str(out))
    assert code == 0, err
    assert (out / "p.txt").read_bytes() == page(0), "the input is never modified"
    assert (out / "p.txt.txt").read_text() == clean(page(0))
    assert (out / "p~2.txt").read_text() == clean(page(1))


# 2. Outputs never overwrite each other.


def test_same_name_in_two_input_folders_gives_two_outputs(tmp_path: Path) -> None:
    for number, name in enumerate("ab"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "index.html").write_bytes(page(number))
    out = tmp_path / "out"
    code, err = run("clean", str(tmp_path / "a"), str(tmp_path / "b"), "-o", str(out))
    assert code == 0 and counts(err) == (2, 0, 0, 0), err
    assert outputs(out) == {"index.html.txt", "index.html~2.txt"}
    assert (out / "index.html.txt").read_text() == clean(page(0))
    assert (out / "index.html~2.txt").read_text() == clean(page(1))
    assert "index.html~2.txt (name taken)" in err
    again = run(
        "clean", str(tmp_path / "a"), str(tmp_path / "b"), "-o", str(out), "--skip-existing"
    )
    assert again[0] == 0 and counts(again[1]) == (0, 0, 0, 2), "resume knows the new names"


def test_one_stem_with_three_suffixes_gives_three_outputs(tmp_path: Path) -> None:
    folder, out = tmp_path / "in", tmp_path / "out"
    (folder / "sub").mkdir(parents=True)
    names = ["story.html", "story.htm", "story", "sub/story.html"]
    for number, name in enumerate(names):
        (folder / name).write_bytes(page(number))
    code, err = run("clean", str(folder), "-o", str(out))
    cleaned, empty, failed, skipped = counts(err)
    assert code == 0 and failed == skipped == 0
    assert outputs(out) == {name + ".txt" for name in names}
    assert cleaned + empty == len(outputs(out)), "the summary counts files written"
    for number, name in enumerate(names):
        assert (out / (name + ".txt")).read_text() == clean(page(number)), name


def test_names_that_clash_with_a_folder_or_by_case_are_told_apart(tmp_path: Path) -> None:
    folder, out = tmp_path / "in", tmp_path / "out"
    (folder / "x.txt.txt").mkdir(parents=True)
    (folder / "x.txt").write_bytes(page(0))
    (folder / "x.txt.txt" / "y.html").write_bytes(page(1))
    (folder / "A.html").write_bytes(page(2))
    (folder / "a.html").write_bytes(page(3))
    code, err = run("clean", str(folder), "-o", str(out))
    assert code == 0, err
    assert outputs(out) == {"A.html.txt", "a.html~2.txt", "x.txt~2.txt", "x.txt.txt/y.html.txt"}
    assert (out / "x.txt~2.txt").read_text() == clean(page(0))
    assert (out / "a.html~2.txt").read_text() == clean(page(3))


def test_the_same_file_given_twice_is_cleaned_once(tmp_path: Path) -> None:
    folder, out = tmp_path / "a", tmp_path / "out"
    folder.mkdir()
    (folder / "index.html").write_bytes(page(0))
    (folder / "link.html").symlink_to("index.html")
    spellings = [str(folder), str(folder / "index.html"), f"{folder}/../a/index.html"]
    code, err = run("clean", *spellings, "-o", str(out))
    assert code == 0 and counts(err) == (1, 0, 0, 0), err
    assert outputs(out) == {"index.html.txt"}
    assert err.count("the same file as") == 3


# 3. Bounded reads: regular files only, never more than max_bytes + 1.


def _cap_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))


def test_dev_zero_a_fifo_and_a_sparse_file_fail_alone(tmp_path: Path) -> None:
    folder, out = tmp_path / "in", tmp_path / "out"
    folder.mkdir()
    (folder / "good.html").write_bytes(page(0))
    (folder / "zero.html").symlink_to("/dev/zero")
    os.mkfifo(folder / "fifo.html")
    with open(folder / "sparse.html", "wb") as sparse:
        sparse.truncate(2 * 1024**3)
    command = [sys.executable, "-m", "cleaner", "clean", str(folder), "-o", str(out), "-j", "1"]
    done = subprocess.run(
        command, capture_output=True, text=True, timeout=120, preexec_fn=_cap_memory
    )
    assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr
    assert counts(done.stderr) == (1, 0, 3, 0)
    assert "zero.html is a character device" in done.stderr
    assert "fifo.html is a FIFO" in done.stderr
    assert "sparse.html: page is 2,147,483,648 bytes, over the size limit" in done.stderr
    assert (out / "good.html.txt").read_text() == clean(page(0))


def test_read_page_reads_regular_files_up_to_the_limit(tmp_path: Path) -> None:
    (tmp_path / "ten").write_bytes(b"0123456789")
    assert read_page(tmp_path / "ten", 10) == b"0123456789"
    with pytest.raises(LimitError, match="10 bytes, over the size limit of 9"):
        read_page(tmp_path / "ten", 9)
    with pytest.raises(LimitError, match="more than 10 bytes"):
        read_page(Path("/proc/self/status"), 10)  # its size says 0: the read itself stops
    os.mkfifo(tmp_path / "fifo")
    with pytest.raises(InputError, match="is a FIFO"):
        read_page(tmp_path / "fifo", 10)


def test_clean_without_o_refuses_a_fifo_at_once(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "fifo.html")
    command = [sys.executable, "-m", "cleaner", "clean", str(tmp_path / "fifo.html")]
    done = subprocess.run(command, capture_output=True, text=True, timeout=60)
    assert done.returncode == 1 and "is a FIFO, not a regular file" in done.stderr


# 4. Link loops and special files are named; outputs follow the umask.


def test_a_link_loop_argument_fails_alone(tmp_path: Path) -> None:
    (tmp_path / "good.html").write_bytes(page(0))
    (tmp_path / "loop.html").symlink_to("loop.html")
    out = tmp_path / "out"
    code, err = run(
        "clean", str(tmp_path / "loop.html"), str(tmp_path / "good.html"), "-o", str(out)
    )
    assert code == 1 and counts(err) == (1, 0, 1, 0), err
    assert "loop.html: cannot read" in err and "symbolic links" in err
    assert outputs(out) == {"good.html.txt"}


def test_special_files_in_a_walked_folder_are_reported(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    (folder / "real").mkdir(parents=True)
    (folder / "good.html").write_bytes(page(0))
    os.mkfifo(folder / "pipe.html")
    (folder / "loop.html").symlink_to("loop.html")
    (folder / "folder-link").symlink_to("real")
    listener = socket.socket(socket.AF_UNIX)
    listener.bind(str(folder / "listen.sock"))
    try:
        code, err = run("clean", str(folder), "-o", str(tmp_path / "out"))
    finally:
        listener.close()
    assert code == 1 and counts(err) == (1, 0, 2, 2), err
    assert "failed: " + str(folder / "pipe.html") in err and "is a FIFO" in err
    assert "failed: " + str(folder / "loop.html") in err
    assert "skipped: " + str(folder / "listen.sock") in err and "is a socket" in err
    assert "skipped: " + str(folder / "folder-link") + ": a link to a folder" in err


@contextmanager
def umask(mask: int) -> Iterator[None]:
    previous = os.umask(mask)
    try:
        yield
    finally:
        os.umask(previous)


@pytest.mark.parametrize("mask", [0o022, 0o077, 0o002])
def test_outputs_get_the_permissions_the_umask_gives(tmp_path: Path, mask: int) -> None:
    (tmp_path / "p.html").write_bytes(page(0))
    ftr = tmp_path / "ftr"
    ftr.mkdir()
    (ftr / "news.example.net.txt").write_text(FTR)
    with umask(mask):
        run("clean", str(tmp_path / "p.html"), "-o", str(tmp_path / "out"))
        write_atomic(tmp_path / "direct.txt", "text")
        run("rules", "import-ftr", str(ftr), "-o", str(tmp_path / "rules"))
    written = [
        tmp_path / "direct.txt",
        tmp_path / "rules" / "news.example.net.toml",
        tmp_path / "out" / "p.html.txt",
    ]
    for path in written:
        assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~mask, path


# 5. The fuzz benchmark fails when a case fails.


def test_fuzz_exits_non_zero_when_a_case_failed(monkeypatch: pytest.MonkeyPatch) -> None:
    spec = importlib.util.spec_from_file_location("fuzz", GOLDEN.parent / "benchmarks" / "fuzz.py")
    assert spec is not None and spec.loader is not None
    fuzz = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(fuzz)

    def broken(page: str | bytes) -> None:  # noqa: ARG001 (stands in for fuzz.check)
        raise ValueError("a bug")

    monkeypatch.setattr(fuzz, "check", lambda page: None)  # noqa: ARG005 (fuzz.check's signature)
    assert fuzz.run(0.003) == 0
    monkeypatch.setattr(fuzz, "check", broken)
    assert fuzz.run(0.003) == 1


# 6. Temporary files are recognisable, and those of dead runs are removed.


def test_temporary_files_are_named_as_ours(tmp_path: Path) -> None:
    with atomic_writer(tmp_path / "page.html.txt") as out:
        out.write("half")
        names = [p.name for p in tmp_path.iterdir()]
        assert len(names) == 1 and TEMP_PATTERN.fullmatch(names[0]), names
    assert [p.name for p in tmp_path.iterdir()] == ["page.html.txt"]


def test_stale_temporary_files_are_removed_at_the_start(tmp_path: Path) -> None:
    (tmp_path / "p.html").write_bytes(page(0))
    out = tmp_path / "out"
    (out / "sub").mkdir(parents=True)
    gone = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    )
    dead = int(gone.stdout)
    stale = [
        out / f".p.html.txt.cleaner-tmp-{dead}-0123abcd",
        out / "sub" / f".x.cleaner-tmp-{dead}-deadbeef",
    ]
    kept = [
        out / f".q.txt.cleaner-tmp-{os.getpid()}-0123abcd",
        out / ".notes",
        out / ".p.txt.a1b2.tmp",
    ]
    for path in stale + kept:
        path.write_text("left over")
    code, err = run("clean", str(tmp_path / "p.html"), "-o", str(out))
    assert code == 0 and "removed 2 temporary files" in err, err
    assert not any(path.exists() for path in stale)
    assert all(path.exists() for path in kept), "a live writer's file, and others', stay"
    (out / f".p.html.txt.cleaner-tmp-{dead}-0123abcd").write_text("left over")
    assert remove_stale_temporaries_of(out / "q.txt") == 0, "another output's files stay"
    assert remove_stale_temporaries_of(out / "p.html.txt") == 1


def test_rules_learn_refuses_a_fifo_page_at_once(tmp_path: Path) -> None:
    (tmp_path / "a.html").write_bytes(page(0))
    os.mkfifo(tmp_path / "b.html")
    pages = [str(tmp_path / "a.html"), str(tmp_path / "b.html")]
    command = [sys.executable, "-m", "cleaner", "rules", "learn", "example.org", *pages]
    done = subprocess.run(command, capture_output=True, text=True, timeout=60)
    assert done.returncode == 1 and "b.html is a FIFO" in done.stderr, done.stderr
