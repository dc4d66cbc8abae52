"""The command line a new user meets (issue 22): the package's name, progress and verbosity,
which files a walked folder gives, stdin with -o."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).parents[1]

# 1. The name: `pip install cleaner` is an unrelated PyPI package (2018).


def test_the_distribution_has_its_own_name_and_the_readme_says_it() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    name = project["name"]
    assert name != "cleaner" and project["scripts"]["cleaner"] == "cleaner.cli:main"
    init = (ROOT / "cleaner" / "__init__.py").read_text("utf-8")
    assert f'version("{name}")' in init, "__version__ reads this distribution's metadata"
    readme = (ROOT / "README.md").read_text("utf-8")
    assert f"`{name}`" in readme.split("## Three ways")[0], "Set-up names the distribution"
    for text in (readme, (ROOT / "cleaner" / "dask.py").read_text("utf-8")):
        for line in re.findall(r"pip install [^`\n]*", text):
            target = line.split()[-1].strip("'\"")
            assert not re.match(r"cleaner(\[|$)", target), f"installs the other package: {line}"


# 2. Progress and verbosity.

import gzip  # noqa: E402
import io  # noqa: E402
import os  # noqa: E402
import pty  # noqa: E402
import select  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402

import pytest  # noqa: E402
from click.testing import CliRunner  # noqa: E402

from cleaner import Options, clean  # noqa: E402
from cleaner.batch import progress as progress_module  # noqa: E402
from cleaner.batch.outputs import clean_files, plan_outputs  # noqa: E402
from cleaner.batch.progress import Progress  # noqa: E402
from cleaner.cli.commands import main  # noqa: E402
from tests.golden import GOLDEN  # noqa: E402

SEED = GOLDEN / "seed002--japan-korea-drums" / "input.txt"
HTML_PAGES = sorted(GOLDEN.glob("*/input.html"))
# A real page takes tens of milliseconds at least; the skipped ones take none. Counting
# the skipped in the rate inflates it about (skipped + cleaned) / cleaned = 10 times here.
SKIPPED, CLEANED = 90, 10
# The bar's rate may stray from the average (tqdm smooths it); not by this factor.
RATE_SLACK = 3.0


class Terminal(io.StringIO):
    """A stream that says it is a terminal, so progress is drawn live."""

    def isatty(self) -> bool:
        return True


def frames(written: str) -> list[tuple[str, str]]:
    """(text written, what a terminal then shows on that line) for every write at column 0.

    A terminal's carriage return moves back without erasing: text shorter than what was
    there leaves the old tail visible.
    """
    shown: list[tuple[str, str]] = []
    for line in written.split("\n"):
        screen = ""
        for part in line.split("\r"):
            if part:
                screen = part + screen[len(part) :]
                shown.append((part, screen))
    return shown


def run(*args: str, stdin: bytes | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), input=stdin)
    return result.exit_code, result.stdout, result.stderr


class SlowClock:
    """time.monotonic for cleaner.batch.progress that runs 0.7 s a call: the ETA shrinks."""

    def __init__(self) -> None:
        self.now = 1000.0

    def monotonic(self) -> float:
        self.now += 0.7
        return self.now


def test_a_shorter_progress_line_leaves_no_stale_characters(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    clock = SlowClock()
    monkeypatch.setattr(progress_module, "time", clock)
    monkeypatch.setattr(progress_module, "LIVE_INTERVAL", 0.0, raising=False)
    terminal = Terminal()
    progress = Progress(total=300, stream=terminal, started=clock.monotonic())
    for number in range(290):
        progress.add("failed" if number % 7 == 0 else "cleaned")
    progress.finish()
    shown = frames(terminal.getvalue())
    assert len(shown) > 10, "the line was redrawn"
    for text, screen in shown:
        assert screen.rstrip() == text.rstrip(), f"stale characters: {screen!r}"
    lines = [screen for _, screen in shown if screen.strip()]
    assert lines[-1].startswith("248 cleaned, 0 empty, 42 failed"), lines[-1]


def shown_rate(written: str) -> float:
    """The last rate the progress line showed, in pages a second."""
    rates = []
    for text, _ in frames(written):
        per_second = re.search(r"([\d.]+) ?(?:pages?)?/s\b", text)
        per_page = re.search(r"([\d.]+)s/page", text)
        if per_page:
            rates.append(1 / float(per_page[1]))
        elif per_second:
            rates.append(float(per_second[1]))
    assert rates, written
    return rates[-1]


def test_skipped_pages_do_not_count_toward_the_rate(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(progress_module, "LIVE_INTERVAL", 0.0, raising=False)
    folder, out = tmp_path / "in", tmp_path / "out"
    folder.mkdir()
    for number in range(SKIPPED + CLEANED):
        page = HTML_PAGES[number % len(HTML_PAGES)]
        (folder / f"p{number:03}.html").write_bytes(page.read_bytes())
        if number < SKIPPED:
            (out / f"p{number:03}.html.txt").parent.mkdir(exist_ok=True)
            (out / f"p{number:03}.html.txt").write_text("done before")
    plan = plan_outputs([folder], out, "txt")
    terminal = Terminal()
    progress = Progress(total=plan.total, stream=terminal)
    started = time.monotonic()
    failures = clean_files(plan, Options(time_limit=0), 1, True, progress)
    true_rate = CLEANED / (time.monotonic() - started)
    assert failures == [] and progress.skipped == SKIPPED and progress.cleaned == CLEANED
    assert shown_rate(terminal.getvalue()) < RATE_SLACK * true_rate, (
        shown_rate(terminal.getvalue()),
        true_rate,
    )


def test_the_bar_shows_on_a_terminal_that_does_not_tell_its_size(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    master, slave = pty.openpty()  # a new pty is 0 x 0, as under `script` or some CI
    try:
        with os.fdopen(slave, "w", closefd=True) as terminal:
            monkeypatch.setattr(sys, "stderr", terminal)  # tqdm measures sys.stderr only
            progress = Progress(total=3)
            for _ in range(3):
                progress.add("cleaned")
            progress.finish()
        shown = b""
        while select.select([master], [], [], 0.5)[0]:
            try:
                chunk = os.read(master, 65536)
            except OSError:  # the other end is closed: all was read
                break
            if not chunk:
                break
            shown += chunk
    finally:
        os.close(master)
    assert b"0/3 [" in shown and b"3 cleaned, 0 empty" in shown, shown


def batch(tmp_path: Path) -> Path:
    """A folder of one good page and one over --max-bytes 3000."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_bytes(SEED.read_bytes())
    (folder / "huge.txt").write_bytes(b"x" * 5000)
    return folder


def test_quiet_prints_errors_only(tmp_path: Path) -> None:
    folder = batch(tmp_path)
    code, _, err = run(
        "clean", str(folder), "-o", str(tmp_path / "out"), "--max-bytes", "3000", "-q"
    )
    assert code == 1
    assert err.splitlines() == [
        f"failed: {folder / 'huge.txt'}: page is 5,000 bytes, over the size limit of 3,000: "
        "raise max_bytes (--max-bytes) to clean it"
    ]
    assert (tmp_path / "out" / "good.txt.txt").is_file()


def test_verbose_gives_a_line_per_page(tmp_path: Path) -> None:
    folder = batch(tmp_path)
    out = tmp_path / "out"
    code, _, err = run("clean", str(folder), "-o", str(out), "--max-bytes", "3000", "-v")
    assert code == 1
    lines = err.splitlines()
    good = [line for line in lines if line.startswith(f"{folder / 'good.txt'}: cleaned: ")]
    kept = re.search(r"(\d+) blocks kept, (\d+) dropped -> (.+)$", good[0])
    assert kept is not None and int(kept[1]) > 0 and int(kept[2]) > 0
    assert kept[3] == str(out / "good.txt.txt")
    assert any(line.startswith(f"{folder / 'huge.txt'}: failed: page is 5,000") for line in lines)
    assert sum("huge.txt" in line for line in lines) == 1, "each error said once"
    assert "1 cleaned, 0 empty, 1 failed, 0 skipped" in lines[-1]
    assert run("clean", str(folder), "-o", str(out), "-q", "-v")[0] == 2


def test_progress_shows_on_a_terminal_or_when_asked(tmp_path: Path) -> None:
    folder = batch(tmp_path)
    code, _, err = run("clean", str(folder), "-o", str(tmp_path / "a"))
    assert code == 0 and "\r" not in err and "page/s" not in err, "no bar in a log"
    code, _, err = run("clean", str(folder), "-o", str(tmp_path / "b"), "--progress")
    assert code == 0 and "0/2 [" in err and "page/s" in err


# 3. Walking folders: what a folder gives, --include / --exclude, stdin, nothing found.


def outputs(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file()}


def docs_folder(tmp_path: Path) -> Path:
    """A folder as Sphinx builds it (Debian's python3.11 docs): pages, _sources, a .git."""
    html = tmp_path / "html"
    for sub in ("_sources/library", "_static", ".git", "library"):
        (html / sub).mkdir(parents=True)
    page = HTML_PAGES[0].read_bytes()
    (html / "index.html").write_bytes(page)
    (html / "library" / "os.html.gz").write_bytes(gzip.compress(HTML_PAGES[1].read_bytes()))
    (html / "library" / "notes.txt").write_bytes(SEED.read_bytes())
    (html / "_sources" / "library" / "os.rst.txt").write_text("os\n==\n\n.. module:: os\n")
    (html / "_static" / "pygments.css").write_text("pre { color: red }")
    (html / ".git" / "HEAD.html").write_bytes(page)
    (html / "archive.gz").write_bytes(gzip.compress(b"not a page"))
    return html


def test_a_docs_folder_gives_its_pages_not_its_sources(tmp_path: Path) -> None:
    html, out = docs_folder(tmp_path), tmp_path / "out"
    code, _, err = run("clean", str(html), "-o", str(out))
    assert code == 0, err
    assert outputs(out) == {"index.html.txt", "library/os.html.gz.txt", "library/notes.txt.txt"}
    assert (out / "library/os.html.gz.txt").read_text() == clean(HTML_PAGES[1].read_bytes())
    assert "3 cleaned, 0 empty, 0 failed, 0 skipped" in err
    note = next(line for line in err.splitlines() if "not walked" in line)
    assert str(html / "_sources") in note and str(html / ".git") in note
    code, _, err = run("clean", str(html / "_sources"), "-o", str(tmp_path / "sources"))
    assert code == 0 and outputs(tmp_path / "sources") == {"library/os.rst.txt.txt"}, err


def test_include_and_exclude_globs(tmp_path: Path) -> None:
    html = docs_folder(tmp_path)
    code, _, err = run("clean", str(html), "-o", str(tmp_path / "a"), "--exclude", "*.txt")
    assert code == 0 and outputs(tmp_path / "a") == {"index.html.txt", "library/os.html.gz.txt"}
    code, _, err = run("clean", str(html), "-o", str(tmp_path / "b"), "--exclude", "library")
    assert code == 0 and outputs(tmp_path / "b") == {"index.html.txt"}, err
    code, _, err = run(
        "clean",
        str(html),
        "-o",
        str(tmp_path / "c"),
        "--include",
        "library/*",
        "--include",
        "*.css",
    )
    assert code == 0, err
    assert outputs(tmp_path / "c") == {"library/os.html.gz.txt", "library/notes.txt.txt"}


def test_a_folder_with_nothing_to_clean_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / "logo.png").write_bytes(b"\x89PNG")
    for folder, flags in (("empty", ()), ("assets", ()), ("assets", ("--include", "*.htm"))):
        code, _, err = run("clean", str(tmp_path / folder), "-o", str(tmp_path / "out"), *flags)
        assert code != 0 and len(err.splitlines()) == 1 and "nothing to clean" in err, err
        assert "--include" in err
    assert not (tmp_path / "out").exists() or not outputs(tmp_path / "out")
    (tmp_path / "site" / "_site").mkdir(parents=True)
    (tmp_path / "site" / "_site" / "index.html").write_bytes(HTML_PAGES[0].read_bytes())
    code, _, err = run("clean", str(tmp_path / "site"), "-o", str(tmp_path / "out"))
    assert code != 0 and f"not walked: {tmp_path / 'site' / '_site'}" in err, err


def test_stdin_with_an_output_folder_and_files_named_whatever_their_extension(
    tmp_path: Path,
) -> None:
    odd = tmp_path / "page.dat"
    odd.write_bytes(HTML_PAGES[2].read_bytes())
    out = tmp_path / "out"
    code, _, err = run("clean", "-", str(odd), "-o", str(out), stdin=SEED.read_bytes())
    assert code == 0, err
    assert (out / "stdin.txt").read_text() == clean(SEED.read_bytes())
    assert (out / "page.dat.txt").read_text() == clean(HTML_PAGES[2].read_bytes())
    code, _, err = run("clean", "-", "-", "-o", str(out), stdin=b"x")
    assert code == 2 and "only once" in err


def test_dash_as_the_output_dir_prints_to_stdout_and_makes_no_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """'-o -' is how many tools spell stdout: it once made a folder named '-' beside the page."""
    page = tmp_path / "page.txt"
    page.write_text(
        "Home\nA first paragraph of the story, long enough to be kept as prose text, and it "
        "goes on for a while with more words.\nAnother paragraph follows here, with its own "
        "sentence that a careful reader keeps as well.\n"
    )
    monkeypatch.chdir(tmp_path)
    code, out, _ = run("clean", str(page), "-o", "-")
    assert code == 0 and "first paragraph" in out
    assert not (tmp_path / "-").exists()
    code, _, err = run("clean", str(page), str(page), "-o", "-")
    assert code == 2 and "several inputs or a folder need -o OUTDIR" in err
