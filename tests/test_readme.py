"""Every example in README.md runs, against small fixture files made here, in a temp folder.

The convention (for whoever edits the README):

- Every ```python block runs, as a script of its own (`python block.py`, this checkout
  first on the path) in a fresh folder holding the fixtures below. Names a block uses
  without defining them come from a preamble: `page`, `html_or_text` (page.html as str),
  `page_bytes` (its bytes), `pages` (a list of HTML pages as bytes), `log` and `store`
  (they collect what they are given). Anything else the block must define itself.
- In ```sh (or bash, shell, console) blocks, each `cleaner ...` command runs through bash
  with `cleaner` meaning this checkout's `python -m cleaner`, each in a fresh fixture
  folder (so one command's output is not the next one's input), and must exit 0. A command is a line, or a part of one between
  `&&`, without its trailing `# comment`; `cat FILE | cleaner ...` and `cleaner ... < FILE`
  run too. Other commands (pip, python -m pytest, benchmarks) are not run here. A command
  with a placeholder (an all-capitals word such as DOMAIN or CASE, or an optional `[...]`)
  is a synopsis and is not run.
- A block that cannot run here (an install, a cluster, PySpark) is marked by the comment
  `<!-- not-run: the reason -->` as the last non-blank line before its opening fence.
- A block that starts processes (Dask, datatrove) guards its work with
  `if __name__ == "__main__":`, as a script of the reader's own must: their worker
  processes import the script again (without the guard the datatrove example hung).

Fixtures in each folder: page.html and more.html (golden HTML pages), scraped.txt (a
golden scraped text), pages/ (HTML pages in a subfolder), pages.jsonl (records with url,
html and body), shards/*.jsonl (records with id, url and html), CC-MAIN-test.warc.gz (a
200 and a 404 HTML response) and golden/ (a link to the repository's golden cases).
"""

from __future__ import annotations

import io
import json
import os
import re
import shlex
import signal
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
GOLDEN = ROOT / "golden"
SHELLS = {"sh", "bash", "shell", "console"}
NOT_RUN = re.compile(r"<!--\s*not-run:\s*(?P<reason>.*?)\s*-->")
FENCE = re.compile(r"^```(?P<lang>[\w-]*)\s*$")
# Seconds one block may take: the datatrove example (the slowest) took about 20 s on a
# loaded 2-core machine; a hang is far past this.
BLOCK_TIMEOUT = 240
PREAMBLE = """\
from pathlib import Path
page = html_or_text = Path("page.html").read_text("utf-8")
page_bytes = Path("page.html").read_bytes()
pages = [path.read_bytes() for path in sorted(Path("pages").rglob("*.html"))]
logged, stored = [], []
log, store = logged.append, stored.append
"""


@dataclass(frozen=True)
class Block:
    """One fenced code block of the README: its language, first line number, code, mark."""

    lang: str
    line: int
    code: str
    not_run: str | None


def blocks(text: str) -> list[Block]:
    """Every fenced block, with the not-run reason of the comment just before it."""
    found, lines = [], text.splitlines()
    number = 0
    while number < len(lines):
        opening = FENCE.match(lines[number])
        if opening is None:
            number += 1
            continue
        end = next(i for i in range(number + 1, len(lines)) if lines[i].startswith("```"))
        before = [line for line in lines[:number] if line.strip()][-1:]
        mark = NOT_RUN.search(before[0]) if before else None
        code = "\n".join(lines[number + 1 : end]) + "\n"
        found.append(Block(opening["lang"], number + 1, code, mark["reason"] if mark else None))
        number = end + 1
    return found


def commands(code: str) -> list[str]:
    """The cleaner commands of a shell block that run (see the module's convention)."""
    run = []
    for line in code.splitlines():
        for part in line.split(" # ", 1)[0].split("&&"):
            command = part.strip()
            if re.match(r"^(cat \S+ \| )?cleaner ", command) and not placeholder(command):
                run.append(command)
    return run


def placeholder(command: str) -> bool:
    """Whether the command is a synopsis: an all-capitals word or an optional [part]."""
    return any(
        re.fullmatch(r"[A-Z]{2,}\.*", word) or word.startswith("[")
        for word in shlex.split(command, posix=False)
    )


ALL = blocks(README.read_text("utf-8"))
PYTHON = [b for b in ALL if b.lang == "python"]
SHELL = [b for b in ALL if b.lang in SHELLS]


def golden_pages(suffix: str) -> list[Path]:
    return sorted(GOLDEN.glob(f"*/input{suffix}"))


def make_fixtures(folder: Path) -> Path:
    """The files the README's examples name, made from golden cases (see the docstring)."""
    folder.mkdir(exist_ok=True)
    html = golden_pages(".html")
    (folder / "page.html").write_bytes(html[0].read_bytes())
    (folder / "more.html").write_bytes(html[1].read_bytes())
    (folder / "scraped.txt").write_bytes(golden_pages(".txt")[0].read_bytes())
    (folder / "pages" / "a").mkdir(parents=True)
    for n, path in enumerate(html[2:5]):
        (folder / "pages" / ("a" if n else "") / f"story{n}.html").write_bytes(path.read_bytes())
    records = [
        {"url": f"https://example.org/{n}", "html": path.read_text("utf-8")}
        for n, path in enumerate(html[:4])
    ]
    (folder / "pages.jsonl").write_text(
        "".join(json.dumps({**r, "body": r["html"]}) + "\n" for r in records), encoding="utf-8"
    )
    (folder / "shards").mkdir()
    for shard in range(2):
        lines = [json.dumps({"id": f"{shard}-{n}", **r}) for n, r in enumerate(records[shard::2])]
        (folder / "shards" / f"{shard}.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    write_warc(folder / "CC-MAIN-test.warc.gz", html[0].read_bytes())
    (folder / "golden").symlink_to(GOLDEN)
    return folder


def write_warc(path: Path, page: bytes) -> None:
    from warcio.statusandheaders import StatusAndHeaders  # type: ignore[import-untyped]
    from warcio.warcwriter import WARCWriter  # type: ignore[import-untyped]

    with open(path, "wb") as out:
        writer = WARCWriter(out, gzip=True)
        for url, status in (
            ("https://example.org/a", "200 OK"),
            ("https://example.org/x", "404 Not Found"),
        ):
            headers = StatusAndHeaders(status, [("Content-Type", "text/html")], "HTTP/1.1")
            record = writer.create_warc_record(
                url, "response", payload=io.BytesIO(page), http_headers=headers
            )
            writer.write_record(record)


def environment() -> dict[str, str]:
    """This checkout first on the path, for the blocks and for `cleaner`."""
    paths = [str(ROOT), *filter(None, [os.environ.get("PYTHONPATH")])]
    return {**os.environ, "PYTHONPATH": os.pathsep.join(paths)}


def test_the_readme_has_examples_to_run() -> None:
    runnable = [b for b in PYTHON if b.not_run is None]
    assert len(runnable) >= 3 and sum(len(commands(b.code)) for b in SHELL) >= 8
    assert all(b.not_run for b in ALL if b.not_run is not None), "a not-run mark needs a reason"


@pytest.mark.parametrize("block", PYTHON, ids=[f"README.md:{b.line}" for b in PYTHON])
def test_python_block_runs(block: Block, tmp_path: Path) -> None:
    if block.not_run is not None:
        pytest.skip(f"not-run: {block.not_run}")
    folder = make_fixtures(tmp_path)
    (folder / "block.py").write_text(PREAMBLE + block.code, encoding="utf-8")
    code, stderr = run_in(folder, [sys.executable, "block.py"])
    assert code == 0, f"README.md:{block.line}\n{block.code}\n{stderr[-3000:]}"


@pytest.mark.parametrize("block", SHELL, ids=[f"README.md:{b.line}" for b in SHELL])
def test_shell_block_runs(block: Block, tmp_path: Path) -> None:
    if block.not_run is not None:
        pytest.skip(f"not-run: {block.not_run}")
    run_here = commands(block.code)
    if not run_here:
        pytest.skip("no cleaner command in this block")
    define = f'cleaner() {{ {shlex.quote(sys.executable)} -m cleaner "$@"; }}; set -o pipefail; '
    for number, command in enumerate(run_here):
        folder = make_fixtures(tmp_path / str(number))
        code, stderr = run_in(folder, ["bash", "-c", define + command])
        assert code == 0, f"README.md:{block.line}: {command}\n{stderr[-3000:]}"


def run_in(folder: Path, command: list[str]) -> tuple[int, str]:
    """Run in the folder; on a timeout kill its whole process group (workers too) and fail."""
    process = subprocess.Popen(
        command,
        cwd=folder,
        env=environment(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        _, stderr = process.communicate(timeout=BLOCK_TIMEOUT)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        _, stderr = process.communicate()
        pytest.fail(f"{command[-1]} still ran after {BLOCK_TIMEOUT} s:\n{stderr[-3000:]}")
    return process.returncode, stderr
